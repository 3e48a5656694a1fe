-- Schema 5: every change to what lists show is announced on the channel
-- "kaizen_changes" with the table's name (never any of its data), so open
-- windows on other desktops refresh without a restart.  Once per statement.
CREATE FUNCTION kz_notify_change () RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kaizen_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER units_changed AFTER INSERT OR UPDATE OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER people_changed AFTER INSERT OR UPDATE OR DELETE ON people
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER rubrics_changed AFTER INSERT OR UPDATE OR DELETE ON rubrics
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER interactions_changed AFTER INSERT OR UPDATE OR DELETE ON interactions
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER evaluations_changed AFTER INSERT OR UPDATE OR DELETE ON evaluations
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
