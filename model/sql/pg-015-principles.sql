-- Schema 15: the organisation's CX principles and personas (kz-cx.h).
--
-- Rubrics link to them by id in their own XML (principles="…" on a section
-- or criterion, personas="…" on a criterion), so there is no link table: a
-- rubric version's links are as fixed as the rest of it.  Like the
-- directory, everyone reads them; managers and administrators keep them.

CREATE TABLE principles (
  id          text PRIMARY KEY CHECK (id <> ''),
  position    integer NOT NULL UNIQUE,
  title       text NOT NULL CHECK (title <> ''),
  description text
);

CREATE TABLE personas (
  id           text PRIMARY KEY CHECK (id <> ''),
  position     integer NOT NULL UNIQUE,
  name         text NOT NULL CHECK (name <> ''),
  situation    text,
  goals        text,
  channel      text NOT NULL CHECK (channel IN ('call', 'email', 'chat', 'self-service', 'any')),
  tech_comfort integer NOT NULL CHECK (tech_comfort BETWEEN 1 AND 5)
);

REVOKE ALL ON principles, personas FROM PUBLIC;
GRANT SELECT ON principles, personas
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT INSERT, UPDATE ON principles, personas TO kaizen_manager, kaizen_admin;

CREATE TRIGGER principles_changed AFTER INSERT OR UPDATE OR DELETE ON principles
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER personas_changed AFTER INSERT OR UPDATE OR DELETE ON personas
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
