-- Kaizen on PostgreSQL, schema 1: the same records as the single-file
-- backend (see kz-sqlite-store.c), in PostgreSQL's types.  Times are Unix
-- seconds (bigint) on both backends, so copying between them is exact.
CREATE TABLE kz_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE units (
  id        bigserial PRIMARY KEY,
  kind      text NOT NULL CHECK (kind IN ('organisation','site','team')),
  name      text NOT NULL,
  parent_id bigint REFERENCES units (id) ON DELETE RESTRICT
);
CREATE TABLE people (
  id      bigserial PRIMARY KEY,
  name    text NOT NULL,
  roles   integer NOT NULL DEFAULT 0,
  team_id bigint REFERENCES units (id) ON DELETE SET NULL
);
CREATE TABLE person_emails (
  email     text NOT NULL,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  position  integer NOT NULL
);
-- Addresses are unique whatever their case, as in the single-file backend.
CREATE UNIQUE INDEX person_emails_email ON person_emails (lower(email));
CREATE INDEX person_emails_person ON person_emails (person_id);
CREATE TABLE rubrics (
  id          text NOT NULL,
  version     integer NOT NULL CHECK (version >= 1),
  title       text NOT NULL,
  source      text NOT NULL,
  checksum    text NOT NULL,
  n_sections  integer NOT NULL,
  n_criteria  integer NOT NULL,
  imported_at bigint NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE interactions (
  id           bigserial PRIMARY KEY,
  channel      text NOT NULL CHECK (channel IN ('call','email')),
  agent_id     bigint REFERENCES people (id) ON DELETE RESTRICT,
  started_at   bigint NOT NULL,
  subject      text,
  external_ref text,
  UNIQUE (channel, external_ref)
);
CREATE TABLE evaluations (
  id             bigserial PRIMARY KEY,
  interaction_id bigint REFERENCES interactions (id) ON DELETE RESTRICT,
  rubric_id      text NOT NULL,
  rubric_version integer NOT NULL,
  reviewer_id    bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  agent_id       bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  state          text NOT NULL CHECK (state IN ('draft','submitted')),
  created_at     bigint NOT NULL,
  updated_at     bigint NOT NULL,
  raw            double precision,
  final          double precision,
  pass           boolean,
  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics (id, version) ON DELETE RESTRICT
);
CREATE TABLE answers (
  evaluation_id bigint NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  criterion_id  text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('value','na')),
  value         double precision,
  comment       text,
  PRIMARY KEY (evaluation_id, criterion_id)
);
