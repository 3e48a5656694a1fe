-- Schema 15 is reserved for CX principles and personas: a placeholder, replaced on merge.
SELECT 1;
