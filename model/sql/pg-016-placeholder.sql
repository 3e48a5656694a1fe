-- Schema 16 is reserved for coaching: a placeholder, replaced on merge.
SELECT 1;
