-- Schema 13: a vote's hash no longer names a row id.
--
-- A vote keeps HMAC-SHA256 (secret, 'voter:' || key) of its voter
-- (kz_voice_voter_hash() in kz-voice.c).  Until now the key was the
-- person's id, which changes when a database is copied from a single file
-- (kaizenctl migrate): every vote would have stopped being anyone's.  Now
-- each person has a voter key of their own, kept here and copied with the
-- person; with the voting secret copied too, a migrated vote is still its
-- voter's.
--
-- Nobody has to work out whose votes are whose for this: the people here
-- today keep their id of today as key, so the hashes already stored stay
-- theirs; everyone added from now on gets a random key (122 bits of
-- gen_random_uuid(), PostgreSQL's CSPRNG).  No Kaizen role reads the keys,
-- as none reads the secret or the votes.

CREATE TABLE kz_voter_keys (
  person_id bigint PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  voter_key text NOT NULL UNIQUE CHECK (voter_key <> '')
);
INSERT INTO kz_voter_keys (person_id, voter_key) SELECT p.id, p.id::text FROM people p;

-- Whoever adds a person (an administrator), the key is made here, with the
-- owner's rights.
CREATE FUNCTION kz_people_voter_key () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO kz_voter_keys (person_id, voter_key)
    VALUES (NEW.id, replace (gen_random_uuid ()::text, '-', ''));
  RETURN NULL;
END
$$;
CREATE TRIGGER people_voter_key AFTER INSERT ON people
  FOR EACH ROW EXECUTE FUNCTION kz_people_voter_key ();

CREATE OR REPLACE FUNCTION kz_voter_hash (person bigint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT kz_hmac_sha256 (s.secret, convert_to ('voter:' || k.voter_key, 'UTF8'))
  FROM kz_voice_secret s JOIN kz_voter_keys k ON k.person_id = person
  WHERE s.id = 1;
$$;

ALTER TABLE kz_voter_keys ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON kz_voter_keys FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION kz_people_voter_key () FROM PUBLIC;
