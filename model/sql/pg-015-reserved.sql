-- Schema 15: reserved for CX principles and personas (another branch); a
-- placeholder that changes nothing, replaced when that work is merged.
SELECT 1;
