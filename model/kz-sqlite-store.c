/* kz-sqlite-store.c — the single-file backend (SQLite)
 *
 * One file, WAL, foreign keys on.  The schema version is PRAGMA user_version;
 * migrations run in order, each in its own transaction, and a database from a
 * newer Kaizen is refused before anything is written.  Every value is bound
 * as a parameter; statements are prepared once and kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-sqlite-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "kz-error.h"
#include "kz-score.h"
#include "kz-sqlite-store-private.h"

/* 'KZN1': marks the file as Kaizen's, so we never migrate someone else's. */
#define KZ_APPLICATION_ID 0x4b5a4e31

struct _KzSqliteStore
{
  KzStore     parent_instance;
  sqlite3    *db;
  char       *path;
  char       *description;
  char       *identity;
  GHashTable *statements;   /* SQL text → sqlite3_stmt* */
  GHashTable *rubrics;      /* "id\nversion" → KzRubric* */
  int         tx_depth;
  gboolean    aborted;      /* SQLite rolled back the outer transaction itself */
  int         schema_version;
};

G_DEFINE_FINAL_TYPE (KzSqliteStore, kz_sqlite_store, KZ_TYPE_STORE)

static gboolean
set_db_error (KzSqliteStore  *self,
              GError        **error,
              const char     *what)
{
  g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE, "%s: %s: %s",
               self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (KzSqliteStore  *self,
         const char     *sql,
         GError        **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("preparing a query"));
      return NULL;
    }

  /* Keyed by the string literal's address-independent text. */
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
step_done (KzSqliteStore  *self,
           sqlite3_stmt   *stmt,
           GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("This refers to a team, person, rubric or interaction that is not in the database"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_db_error (self, error, _("writing"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
exec (KzSqliteStore  *self,
      const char     *sql,
      GError        **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE, "%s: %s", self->path, msg);
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* The same for text that outlives the statement's next step: bound in
 * place, not copied (a bulk import binds every body this way).  prepare()
 * clears the bindings before the statement is used again. */
static void
bind_static_or_null (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           col)
{
  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, col));
}

/* ------------------------------------------------------------------------ */
/* Transactions: the outermost is BEGIN IMMEDIATE, inner ones savepoints, so
 * a typed call that writes several rows can run inside a caller's larger
 * transaction (the demo generator) or on its own. */

/* Savepoint statements are prepared once and kept, like every other: an
 * import opens one for each thread and each message. */
static gboolean
exec_cached (KzSqliteStore  *self,
             const char     *sql,
             GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);

  return stmt != NULL && step_done (self, stmt, error);
}

static const char *
savepoint_sql (const char *verb,
               int         depth)
{
  static const char * const begin[] = {
    "SAVEPOINT kz1", "SAVEPOINT kz2", "SAVEPOINT kz3", "SAVEPOINT kz4", "SAVEPOINT kz5", "SAVEPOINT kz6",
    "SAVEPOINT kz7", "SAVEPOINT kz8",
  };
  static const char * const release[] = {
    "RELEASE kz1", "RELEASE kz2", "RELEASE kz3", "RELEASE kz4", "RELEASE kz5", "RELEASE kz6",
    "RELEASE kz7", "RELEASE kz8",
  };

  if (depth < 1 || depth > (int) G_N_ELEMENTS (begin))
    return NULL;
  return g_str_equal (verb, "begin") ? begin[depth - 1] : release[depth - 1];
}

/* Moves the text queued by the triggers into the FTS5 index, in one go,
 * inside the transaction that queued it: one index row for each run of
 * pieces of one interaction (its subject and emails, stored together), the
 * pieces joined by a space, rather than one a piece.  Searches match each
 * word on its own against an interaction's rows, so the answers are the
 * same, and the index has a row, a stored copy and a posting list a word
 * for every interaction rather than for every email.  The queue is read in
 * the order it was written, with no GROUP BY to sort it first (that sort
 * cost as much as the indexing). */
static gboolean
flush_search_index (KzSqliteStore  *self,
                    GError        **error)
{
  g_autoptr(GString) text = NULL;
  sqlite3_stmt *read, *add;
  gint64 current = 0;
  gboolean have = FALSE;
  int rc;

  if (self->schema_version < 10)
    return TRUE;
  read = prepare (self, "SELECT interaction_id, text FROM search_pending ORDER BY rowid", error);
  add = read != NULL ? prepare (self, "INSERT INTO search_text (interaction_id, text) VALUES (?1, ?2)", error) : NULL;
  if (add == NULL)
    return FALSE;
  text = g_string_new (NULL);
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (read, 0);

      if (have && id != current)
        {
          sqlite3_bind_int64 (add, 1, current);
          sqlite3_bind_text (add, 2, text->str, (int) text->len, SQLITE_STATIC);
          if (!step_done (self, add, error))
            {
              sqlite3_reset (read);
              return FALSE;
            }
          g_string_truncate (text, 0);
        }
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_len (text, (const char *) sqlite3_column_text (read, 1), sqlite3_column_bytes (read, 1));
      current = id;
      have = TRUE;
    }
  sqlite3_reset (read);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("reading the search queue"));
  if (have)
    {
      sqlite3_bind_int64 (add, 1, current);
      sqlite3_bind_text (add, 2, text->str, (int) text->len, SQLITE_STATIC);
      if (!step_done (self, add, error))
        return FALSE;
    }
  return exec_cached (self, "DELETE FROM search_pending", error);
}

static gboolean
kz_sqlite_store_begin (KzStore  *store,
                       GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  const char *sql;
  gboolean ok;

  if (self->tx_depth == 0)
    {
      self->aborted = FALSE;
      ok = exec_cached (self, "BEGIN IMMEDIATE", error);
    }
  else if ((sql = savepoint_sql ("begin", self->tx_depth)) != NULL)
    ok = exec_cached (self, sql, error);
  else
    {
      g_autofree char *deep = g_strdup_printf ("SAVEPOINT kz%d", self->tx_depth);
      ok = exec (self, deep, error);
    }
  if (ok)
    self->tx_depth++;
  return ok;
}

static gboolean
kz_sqlite_store_commit (KzStore  *store,
                        GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  const char *sql;
  gboolean ok;

  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (self->aborted || sqlite3_get_autocommit (self->db))
    {
      /* An inner step failed so badly that SQLite rolled everything back:
       * committing now would keep only what came after. */
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE,
                   _("%s: the transaction was rolled back after an earlier error; nothing was saved"),
                   self->path);
      return FALSE;
    }

  if (self->tx_depth == 1)
    ok = flush_search_index (self, error) && exec_cached (self, "COMMIT", error);
  else if ((sql = savepoint_sql ("release", self->tx_depth - 1)) != NULL)
    ok = exec_cached (self, sql, error);
  else
    {
      g_autofree char *deep = g_strdup_printf ("RELEASE kz%d", self->tx_depth - 1);
      ok = exec (self, deep, error);
    }
  if (ok)
    self->tx_depth--;
  return ok;
}

static void
kz_sqlite_store_rollback (KzStore *store)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);

  g_return_if_fail (self->tx_depth > 0);

  /* Rubrics read inside the transaction may be gone now. */
  g_hash_table_remove_all (self->rubrics);

  /* After an I/O, full-disk or out-of-memory error SQLite may already have
   * rolled the whole transaction back; the savepoints are gone with it. */
  if (sqlite3_get_autocommit (self->db))
    {
      self->tx_depth--;
      self->aborted = self->tx_depth > 0;
      return;
    }

  if (self->tx_depth == 1)
    exec (self, "ROLLBACK", NULL);
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO kz%d; RELEASE kz%d",
                                              self->tx_depth - 1, self->tx_depth - 1);
      exec (self, sql, NULL);
    }
  self->tx_depth--;
}

/* ------------------------------------------------------------------------ */
/* Migrations.  Each takes the schema from version N−1 to N.  Never edit one
 * that has shipped: add the next. */

static const char migration_1[] =
  "CREATE TABLE units ("
  "  id        INTEGER PRIMARY KEY,"
  "  kind      TEXT NOT NULL CHECK (kind IN ('organisation','site','team')),"
  "  name      TEXT NOT NULL,"
  "  parent_id INTEGER REFERENCES units (id) ON DELETE RESTRICT"
  ");"
  "CREATE TABLE people ("
  "  id      INTEGER PRIMARY KEY,"
  "  name    TEXT NOT NULL,"
  "  roles   INTEGER NOT NULL DEFAULT 0,"
  "  team_id INTEGER REFERENCES units (id) ON DELETE SET NULL"
  ");"
  "CREATE TABLE person_emails ("
  "  email     TEXT PRIMARY KEY COLLATE NOCASE,"
  "  person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  position  INTEGER NOT NULL"
  ");"
  "CREATE INDEX person_emails_person ON person_emails (person_id);"
  "CREATE TABLE rubrics ("
  "  id          TEXT NOT NULL,"
  "  version     INTEGER NOT NULL CHECK (version >= 1),"
  "  title       TEXT NOT NULL,"
  "  source      TEXT NOT NULL,"
  "  checksum    TEXT NOT NULL,"
  "  n_sections  INTEGER NOT NULL,"
  "  n_criteria  INTEGER NOT NULL,"
  "  imported_at INTEGER NOT NULL,"
  "  PRIMARY KEY (id, version)"
  ");"
  "CREATE TABLE interactions ("
  "  id           INTEGER PRIMARY KEY,"
  "  channel      TEXT NOT NULL CHECK (channel IN ('call','email')),"
  "  agent_id     INTEGER REFERENCES people (id) ON DELETE RESTRICT,"
  "  started_at   INTEGER NOT NULL,"
  "  subject      TEXT,"
  "  external_ref TEXT,"
  "  UNIQUE (channel, external_ref)"
  ");"
  "CREATE TABLE evaluations ("
  "  id             INTEGER PRIMARY KEY,"
  "  interaction_id INTEGER REFERENCES interactions (id) ON DELETE RESTRICT,"
  "  rubric_id      TEXT NOT NULL,"
  "  rubric_version INTEGER NOT NULL,"
  "  reviewer_id    INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,"
  "  agent_id       INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,"
  "  state          TEXT NOT NULL CHECK (state IN ('draft','submitted')),"
  "  created_at     INTEGER NOT NULL,"
  "  updated_at     INTEGER NOT NULL,"
  "  raw            REAL,"
  "  final          REAL,"
  "  pass           INTEGER,"
  "  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics (id, version) ON DELETE RESTRICT"
  ");"
  "CREATE TABLE answers ("
  "  evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,"
  "  criterion_id  TEXT NOT NULL,"
  "  kind          TEXT NOT NULL CHECK (kind IN ('value','na')),"
  "  value         REAL,"
  "  comment       TEXT,"
  "  PRIMARY KEY (evaluation_id, criterion_id)"
  ") WITHOUT ROWID;";

/* Version 2: the auto-fail fields and the critical score of scoring.md, and
 * indexes for the per-agent and per-reviewer lists.  Existing evaluations
 * get the new fields by re-scoring their stored answers (migrate_2_data). */
static const char migration_2[] =
  "ALTER TABLE evaluations ADD COLUMN auto_failed INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE evaluations ADD COLUMN failed_by TEXT;"
  "ALTER TABLE evaluations ADD COLUMN critical REAL;"
  "CREATE INDEX evaluations_agent ON evaluations (agent_id, created_at);"
  "CREATE INDEX evaluations_reviewer ON evaluations (reviewer_id, created_at);"
  "CREATE INDEX evaluations_rubric ON evaluations (rubric_id, rubric_version);"
  "CREATE INDEX interactions_agent ON interactions (agent_id, started_at);";

static KzAnswerSet *load_answers (KzSqliteStore *self, gint64 evaluation_id, GError **error);
static KzRubric *kz_sqlite_store_get_rubric (KzStore *store, const char *id, int version, GError **error);

static gboolean
migrate_2_data (KzSqliteStore  *self,
                GError        **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) rubric_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) versions = g_array_new (FALSE, FALSE, sizeof (int));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, rubric_id, rubric_version FROM evaluations", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int version = sqlite3_column_int (stmt, 2);

      g_array_append_val (ids, id);
      g_ptr_array_add (rubric_ids, column_dup (stmt, 1));
      g_array_append_val (versions, version);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("reading evaluations"));

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(KzRubric) rubric = NULL;
      g_autoptr(KzScore) score = NULL;
      g_autoptr(GHashTable) answers = NULL;
      g_autofree char *failed_by = NULL;

      g_autoptr(GError) rubric_error = NULL;

      rubric = kz_sqlite_store_get_rubric (KZ_STORE (self), g_ptr_array_index (rubric_ids, i),
                                           g_array_index (versions, int, i), &rubric_error);
      if (rubric == NULL)
        {
          /* A stored rubric today's loader no longer accepts must not make
           * the database impossible to open: its evaluations keep NULL in
           * the new fields and the upgrade goes on. */
          g_warning ("Evaluation %lld keeps no auto-fail fields: %s",
                     (long long) id, rubric_error->message);
          continue;
        }
      answers = load_answers (self, id, error);
      if (answers == NULL)
        return FALSE;
      score = kz_score_compute (rubric, answers);
      failed_by = g_strjoinv (" ", score->failed_by);

      stmt = prepare (self, "UPDATE evaluations SET auto_failed = ?1, failed_by = ?2, critical = ?3 "
                            "WHERE id = ?4", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, score->auto_failed);
      bind_text_or_null (stmt, 2, *failed_by ? failed_by : NULL);
      if (score->has_critical)
        sqlite3_bind_double (stmt, 3, score->critical);
      else
        sqlite3_bind_null (stmt, 3);
      sqlite3_bind_int64 (stmt, 4, id);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Version 3: a row version, checked on update, so that of two people saving
 * the same evaluation the second gets a conflict instead of overwriting. */
static const char migration_3[] =
  "ALTER TABLE evaluations ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;";

/* Version 4: the emails of email interactions and their attachment lists
 * (names, types and sizes only: content is never kept). */
static const char migration_4[] =
  "CREATE TABLE messages ("
  "  id             INTEGER PRIMARY KEY,"
  "  interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,"
  "  message_id     TEXT NOT NULL UNIQUE,"
  "  in_reply_to    TEXT,"
  "  refs           TEXT,"
  "  sender         TEXT,"
  "  sender_address TEXT,"
  "  recipients     TEXT,"
  "  cc             TEXT,"
  "  sent_at        INTEGER,"
  "  subject        TEXT,"
  "  body           TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX messages_interaction ON messages (interaction_id, sent_at);"
  "CREATE TABLE attachments ("
  "  message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
  "  position   INTEGER NOT NULL,"
  "  filename   TEXT NOT NULL,"
  "  mime_type  TEXT NOT NULL,"
  "  size       INTEGER NOT NULL,"
  "  PRIMARY KEY (message_id, position)"
  ") WITHOUT ROWID;";

/* Version 5: calls — duration, direction, customer reference, the audio
 * file's path and type — and their transcripts, one row a turn. */
static const char migration_5[] =
  "CREATE TABLE calls ("
  "  interaction_id INTEGER PRIMARY KEY REFERENCES interactions (id) ON DELETE CASCADE,"
  "  duration_s     INTEGER NOT NULL CHECK (duration_s >= 0),"
  "  direction      TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),"
  "  customer_ref   TEXT,"
  "  audio_path     TEXT NOT NULL,"
  "  audio_type     TEXT NOT NULL"
  ");"
  "CREATE TABLE transcript_segments ("
  "  interaction_id INTEGER NOT NULL REFERENCES calls (interaction_id) ON DELETE CASCADE,"
  "  position       INTEGER NOT NULL,"
  "  start_ms       INTEGER NOT NULL,"
  "  end_ms         INTEGER NOT NULL,"
  "  speaker        TEXT,"
  "  text           TEXT NOT NULL,"
  "  PRIMARY KEY (interaction_id, position)"
  ") WITHOUT ROWID;";

/* Version 6: full-text search over subjects, emails and transcripts (FTS5),
 * one row a piece of text, kept by triggers and filled for what exists. */
static const char migration_6[] =
  "CREATE VIRTUAL TABLE search_text USING fts5 (interaction_id UNINDEXED, text,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TRIGGER interactions_search AFTER INSERT ON interactions BEGIN"
  "  INSERT INTO search_text (interaction_id, text) VALUES (new.id, coalesce (new.subject, ''));"
  "END;"
  "CREATE TRIGGER messages_search AFTER INSERT ON messages BEGIN"
  "  INSERT INTO search_text (interaction_id, text)"
  "  VALUES (new.interaction_id, coalesce (new.subject, '') || ' ' || new.body);"
  "END;"
  "CREATE TRIGGER segments_search AFTER INSERT ON transcript_segments BEGIN"
  "  INSERT INTO search_text (interaction_id, text) VALUES (new.interaction_id, new.text);"
  "END;"
  "CREATE TRIGGER interactions_unsearch AFTER DELETE ON interactions BEGIN"
  "  DELETE FROM search_text WHERE interaction_id = old.id;"
  "END;"
  "INSERT INTO search_text (interaction_id, text) SELECT id, coalesce (subject, '') FROM interactions;"
  "INSERT INTO search_text (interaction_id, text)"
  "  SELECT interaction_id, coalesce (subject, '') || ' ' || body FROM messages;"
  "INSERT INTO search_text (interaction_id, text) SELECT interaction_id, text FROM transcript_segments;";

/* Version 7: reviewers' queues (the team server has had them since its
 * schema 4). */
static const char migration_7[] =
  "CREATE TABLE assignments ("
  "  interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,"
  "  reviewer_id    INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (interaction_id, reviewer_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX assignments_reviewer ON assignments (reviewer_id);";

/* Version 8: a call comment's moment in the recording. */
static const char migration_8[] =
  "ALTER TABLE answers ADD COLUMN comment_at_ms INTEGER CHECK (comment_at_ms >= 0);";

/* Version 9: the customer's own verdict on an interaction. */
static const char migration_9[] =
  "CREATE TABLE customer_feedback ("
  "  interaction_id INTEGER PRIMARY KEY REFERENCES interactions (id) ON DELETE CASCADE,"
  "  scale          TEXT NOT NULL CHECK (scale IN ('csat','nps')),"
  "  rating         INTEGER NOT NULL CHECK ((scale = 'csat' AND rating BETWEEN 1 AND 5) OR"
  "                                         (scale = 'nps' AND rating BETWEEN 0 AND 10)),"
  "  comment        TEXT,"
  "  given_at       INTEGER"
  ");"
  "CREATE INDEX interactions_external_ref ON interactions (external_ref);";

/* Version 10: text waits in search_pending and enters the FTS5 index once,
 * at the outermost commit (flush_search_index).  An FTS5 table flushes at
 * every savepoint, and imports open one a thread: indexing row by row cost
 * more than parsing the mail. */
static const char migration_10[] =
  "CREATE TABLE search_pending (interaction_id INTEGER NOT NULL, text TEXT NOT NULL);"
  "DROP TRIGGER interactions_search;"
  "DROP TRIGGER messages_search;"
  "DROP TRIGGER segments_search;"
  "CREATE TRIGGER interactions_search AFTER INSERT ON interactions BEGIN"
  "  INSERT INTO search_pending (interaction_id, text) VALUES (new.id, coalesce (new.subject, ''));"
  "END;"
  "CREATE TRIGGER messages_search AFTER INSERT ON messages BEGIN"
  "  INSERT INTO search_pending (interaction_id, text)"
  "  VALUES (new.interaction_id, coalesce (new.subject, '') || ' ' || new.body);"
  "END;"
  "CREATE TRIGGER segments_search AFTER INSERT ON transcript_segments BEGIN"
  "  INSERT INTO search_pending (interaction_id, text) VALUES (new.interaction_id, new.text);"
  "END;";

/* Version 11: the interaction list reads pages newest first, and counts
 * each row's evaluations; both walked whole tables without these. */
static const char migration_11[] =
  "CREATE INDEX interactions_started ON interactions (started_at, id);"
  "CREATE INDEX evaluations_interaction ON evaluations (interaction_id, state);";


/* Version 12: staff voice (../shared/spec/voice.md).  Answers, ideas,
 * comments and votes are WITHOUT ROWID tables keyed by random ids (or by
 * the idea and a keyed hash), so neither a rowid nor the B-tree order tells
 * the order they came in; answers carry the round and the team, no person
 * and no time; ideas and comments keep the Monday of their week only.
 * Participation (who answered a round) holds no answers.  The secret of
 * the voters' keyed hashes is made here, once per database. */
static const char migration_12[] =
  "CREATE TABLE survey_questions ("
  "  id       TEXT PRIMARY KEY NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  text     TEXT NOT NULL CHECK (text <> ''),"
  "  kind     TEXT NOT NULL CHECK (kind IN ('scale_0_10','agree_1_5','free_text')),"
  "  driver   TEXT,"
  "  enps     INTEGER NOT NULL DEFAULT 0 CHECK (enps IN (0, 1)),"
  "  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
  ") WITHOUT ROWID;"
  "CREATE TABLE pulse_plans ("
  "  id                  INTEGER PRIMARY KEY,"
  "  name                TEXT NOT NULL CHECK (name <> ''),"
  "  cadence_days        INTEGER NOT NULL CHECK (cadence_days BETWEEN 1 AND 366),"
  "  questions_per_round INTEGER NOT NULL CHECK (questions_per_round BETWEEN 1 AND 20),"
  "  k                   INTEGER NOT NULL CHECK (k BETWEEN 3 AND 10)"
  ");"
  "CREATE TABLE pulse_plan_teams ("
  "  plan_id INTEGER NOT NULL REFERENCES pulse_plans (id) ON DELETE CASCADE,"
  "  team_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (plan_id, team_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE survey_rounds ("
  "  id        INTEGER PRIMARY KEY,"
  "  plan_id   INTEGER REFERENCES pulse_plans (id) ON DELETE RESTRICT,"
  "  title     TEXT NOT NULL CHECK (title <> ''),"
  "  opens_on  TEXT NOT NULL CHECK (date (opens_on) = opens_on),"
  "  closes_on TEXT NOT NULL CHECK (date (closes_on) = closes_on),"
  "  k         INTEGER NOT NULL CHECK (k BETWEEN 3 AND 10),"
  "  CHECK (closes_on >= opens_on)"
  ");"
  "CREATE INDEX survey_rounds_plan ON survey_rounds (plan_id, opens_on);"
  "CREATE TABLE survey_round_questions ("
  "  round_id    INTEGER NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,"
  "  position    INTEGER NOT NULL,"
  "  question_id TEXT NOT NULL REFERENCES survey_questions (id) ON DELETE RESTRICT,"
  "  PRIMARY KEY (round_id, position),"
  "  UNIQUE (round_id, question_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE survey_answers ("
  "  id          TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 32),"
  "  round_id    INTEGER NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,"
  "  team_id     INTEGER REFERENCES units (id) ON DELETE SET NULL,"
  "  question_id TEXT NOT NULL REFERENCES survey_questions (id) ON DELETE RESTRICT,"
  "  value       INTEGER CHECK (value BETWEEN 0 AND 10),"
  "  comment     TEXT,"
  "  CHECK ((value IS NULL) <> (comment IS NULL))"
  ") WITHOUT ROWID;"
  "CREATE INDEX survey_answers_round ON survey_answers (round_id, question_id, team_id);"
  "CREATE TABLE survey_participation ("
  "  round_id  INTEGER NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,"
  "  person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (round_id, person_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE voice_secret ("
  "  id     INTEGER PRIMARY KEY CHECK (id = 1),"
  "  secret BLOB NOT NULL CHECK (length (secret) = 32)"
  ");"
  "INSERT INTO voice_secret (id, secret) VALUES (1, randomblob (32));"
  "CREATE TABLE ideas ("
  "  id             TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 32),"
  "  title          TEXT NOT NULL CHECK (title <> ''),"
  "  body           TEXT NOT NULL DEFAULT '',"
  "  category       TEXT,"
  "  author_id      INTEGER REFERENCES people (id) ON DELETE SET NULL,"
  "  pseudonym      TEXT,"
  "  follow_up_hash TEXT,"
  "  week           TEXT NOT NULL CHECK (date (week) = week AND strftime ('%w', week) = '1'),"
  "  status         TEXT NOT NULL DEFAULT 'new'"
  "                 CHECK (status IN ('new','under_review','planned','done','declined')),"
  "  decline_reason TEXT,"
  "  outcome        TEXT,"
  "  merged_into    TEXT REFERENCES ideas (id) ON DELETE SET NULL,"
  "  CHECK (status <> 'declined' OR coalesce (decline_reason, '') <> ''),"
  "  CHECK (author_id IS NULL OR (pseudonym IS NULL AND follow_up_hash IS NULL))"
  ") WITHOUT ROWID;"
  "CREATE INDEX ideas_follow_up ON ideas (follow_up_hash);"
  "CREATE TABLE idea_comments ("
  "  id             TEXT PRIMARY KEY NOT NULL CHECK (length (id) = 32),"
  "  idea_id        TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,"
  "  author_id      INTEGER REFERENCES people (id) ON DELETE SET NULL,"
  "  pseudonym      TEXT,"
  "  follow_up_hash TEXT,"
  "  from_manager   INTEGER NOT NULL DEFAULT 0 CHECK (from_manager IN (0, 1)),"
  "  body           TEXT NOT NULL CHECK (body <> ''),"
  "  week           TEXT NOT NULL CHECK (date (week) = week AND strftime ('%w', week) = '1'),"
  "  CHECK (author_id IS NULL OR (pseudonym IS NULL AND follow_up_hash IS NULL))"
  ") WITHOUT ROWID;"
  "CREATE INDEX idea_comments_idea ON idea_comments (idea_id, week);"
  "CREATE INDEX idea_comments_follow_up ON idea_comments (follow_up_hash);"
  "CREATE TABLE idea_votes ("
  "  idea_id    TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,"
  "  voter_hash TEXT NOT NULL CHECK (length (voter_hash) = 64),"
  "  PRIMARY KEY (idea_id, voter_hash)"
  ") WITHOUT ROWID;"
  /* What the store checks, also for anyone writing with plain SQL: k and
   * the opening day are fixed once a round has answers, a closed round with
   * answers stays closed, a round's questions are fixed once answered, and
   * a question with answers keeps its kind. */
  "CREATE TRIGGER survey_rounds_guard BEFORE UPDATE ON survey_rounds"
  "  WHEN EXISTS (SELECT 1 FROM survey_answers a WHERE a.round_id = OLD.id)"
  "   AND (NEW.k <> OLD.k OR NEW.opens_on <> OLD.opens_on"
  "        OR (OLD.closes_on < date ('now', 'localtime') AND NEW.closes_on <> OLD.closes_on))"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'survey round has answers: its k and opening day are fixed, and once closed it stays closed');"
  "END;"
  "CREATE TRIGGER survey_round_questions_insert BEFORE INSERT ON survey_round_questions"
  "  WHEN EXISTS (SELECT 1 FROM survey_answers a WHERE a.round_id = NEW.round_id)"
  "BEGIN SELECT RAISE (ABORT, 'survey round has answers: its questions are fixed'); END;"
  "CREATE TRIGGER survey_round_questions_update BEFORE UPDATE ON survey_round_questions"
  "  WHEN EXISTS (SELECT 1 FROM survey_answers a WHERE a.round_id = OLD.round_id)"
  "BEGIN SELECT RAISE (ABORT, 'survey round has answers: its questions are fixed'); END;"
  "CREATE TRIGGER survey_round_questions_delete BEFORE DELETE ON survey_round_questions"
  "  WHEN EXISTS (SELECT 1 FROM survey_answers a WHERE a.round_id = OLD.round_id)"
  "BEGIN SELECT RAISE (ABORT, 'survey round has answers: its questions are fixed'); END;"
  "CREATE TRIGGER survey_questions_kind BEFORE UPDATE OF kind ON survey_questions"
  "  WHEN NEW.kind <> OLD.kind AND EXISTS (SELECT 1 FROM survey_answers a WHERE a.question_id = OLD.id)"
  "BEGIN SELECT RAISE (ABORT, 'survey question has answers: its kind is fixed'); END;"
  "CREATE TRIGGER survey_answers_round BEFORE INSERT ON survey_answers"
  "  WHEN NOT EXISTS (SELECT 1 FROM survey_round_questions rq"
  "                   WHERE rq.round_id = NEW.round_id AND rq.question_id = NEW.question_id)"
  "BEGIN SELECT RAISE (ABORT, 'the question is not part of the survey round'); END;";

/* Version 13: the voters' hashes no longer name a row id, which changes
 * when a database is copied (kz_voice_voter_hash()).  Each person has a
 * voter key, random for everyone added from now on; the people already
 * here keep their id of today as key, so every vote already cast keeps
 * its hash, and no step ever works out which vote was whose. */
static const char migration_13[] =
  "CREATE TABLE voter_keys ("
  "  person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,"
  "  voter_key TEXT NOT NULL UNIQUE CHECK (voter_key <> '')"
  ");"
  "INSERT INTO voter_keys (person_id, voter_key) SELECT id, CAST (id AS TEXT) FROM people;"
  "CREATE TRIGGER people_voter_key AFTER INSERT ON people BEGIN"
  "  INSERT INTO voter_keys (person_id, voter_key) VALUES (NEW.id, lower (hex (randomblob (16))));"
  "END;";

/* Version 14: agents answer back, reviewers agree (kz-dispute.h,
 * kz-calibration-session.h).  Acknowledgements, disputes per criterion,
 * an evaluation's revisions (its answers and score as they were) and an
 * audit trail; calibration sessions, whose evaluations are flagged
 * is_calibration and never count as an agent's.  Revisions, audit entries
 * and acknowledgements are never changed or deleted, a resolved criterion
 * stays resolved and a closed dispute closed, and a closed session's
 * calibration evaluations stay as they were — triggers keep that for
 * anyone writing the file with plain SQL too.  Evaluations submitted
 * before get revision 1 from what they hold now, and a "submitted" entry. */
static const char migration_14[] =
  "CREATE TABLE calibration_sessions ("
  "  id             INTEGER PRIMARY KEY,"
  "  title          TEXT NOT NULL CHECK (title <> ''),"
  "  rubric_id      TEXT NOT NULL,"
  "  rubric_version INTEGER NOT NULL,"
  "  lead_id        INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,"
  "  created_at     INTEGER NOT NULL,"
  "  closed_at      INTEGER CHECK (closed_at >= created_at),"
  "  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics (id, version) ON DELETE RESTRICT"
  ");"
  "CREATE TABLE calibration_reviewers ("
  "  session_id  INTEGER NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,"
  "  reviewer_id INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,"
  "  PRIMARY KEY (session_id, reviewer_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE calibration_interactions ("
  "  session_id     INTEGER NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,"
  "  position       INTEGER NOT NULL,"
  "  interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE RESTRICT,"
  "  PRIMARY KEY (session_id, position),"
  "  UNIQUE (session_id, interaction_id)"
  ") WITHOUT ROWID;"
  "ALTER TABLE evaluations ADD COLUMN is_calibration INTEGER NOT NULL DEFAULT 0 CHECK (is_calibration IN (0, 1));"
  "ALTER TABLE evaluations ADD COLUMN calibration_session_id INTEGER"
  "  REFERENCES calibration_sessions (id) ON DELETE RESTRICT;"
  "ALTER TABLE evaluations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);"
  "ALTER TABLE evaluations ADD COLUMN submitted_at INTEGER;"
  "CREATE UNIQUE INDEX evaluations_calibration ON evaluations (calibration_session_id, interaction_id, reviewer_id)"
  "  WHERE is_calibration = 1;"
  "CREATE TRIGGER evaluations_calibration_insert BEFORE INSERT ON evaluations"
  "  WHEN (NEW.is_calibration = 1) <> (NEW.calibration_session_id IS NOT NULL)"
  "    OR (NEW.is_calibration = 1 AND (SELECT closed_at FROM calibration_sessions s"
  "                                    WHERE s.id = NEW.calibration_session_id) IS NOT NULL)"
  " BEGIN SELECT RAISE (ABORT, 'a calibration evaluation names its open session, and only it does'); END;"
  "CREATE TRIGGER evaluations_calibration_update BEFORE UPDATE ON evaluations"
  "  WHEN NEW.is_calibration IS NOT OLD.is_calibration"
  "    OR NEW.calibration_session_id IS NOT OLD.calibration_session_id"
  "    OR (OLD.is_calibration = 1 AND (SELECT closed_at FROM calibration_sessions s"
  "                                    WHERE s.id = OLD.calibration_session_id) IS NOT NULL)"
  " BEGIN SELECT RAISE (ABORT, 'a calibration evaluation stays one, and does not change once its session is closed'); END;"
  "CREATE TRIGGER answers_calibration_insert BEFORE INSERT ON answers"
  "  WHEN (SELECT s.closed_at FROM evaluations e JOIN calibration_sessions s ON s.id = e.calibration_session_id"
  "        WHERE e.id = NEW.evaluation_id) IS NOT NULL"
  " BEGIN SELECT RAISE (ABORT, 'the calibration session is closed: its answers do not change'); END;"
  "CREATE TRIGGER answers_calibration_delete BEFORE DELETE ON answers"
  "  WHEN (SELECT s.closed_at FROM evaluations e JOIN calibration_sessions s ON s.id = e.calibration_session_id"
  "        WHERE e.id = OLD.evaluation_id) IS NOT NULL"
  " BEGIN SELECT RAISE (ABORT, 'the calibration session is closed: its answers do not change'); END;"
  "CREATE TABLE disputes ("
  "  id            INTEGER PRIMARY KEY,"
  "  evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,"
  "  revision      INTEGER NOT NULL CHECK (revision >= 1),"
  "  raised_by     INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,"
  "  raised_at     INTEGER NOT NULL,"
  "  reason        TEXT NOT NULL CHECK (reason <> ''),"
  "  state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),"
  "  closed_at     INTEGER,"
  "  row_version   INTEGER NOT NULL DEFAULT 1,"
  "  CHECK ((state = 'closed') = (closed_at IS NOT NULL))"
  ");"
  "CREATE UNIQUE INDEX disputes_one_open ON disputes (evaluation_id) WHERE state = 'open';"
  "CREATE INDEX disputes_evaluation ON disputes (evaluation_id, raised_at);"
  "CREATE TABLE dispute_items ("
  "  dispute_id   INTEGER NOT NULL REFERENCES disputes (id) ON DELETE RESTRICT,"
  "  criterion_id TEXT NOT NULL,"
  "  position     INTEGER NOT NULL,"
  "  reason       TEXT,"
  "  resolution   TEXT NOT NULL DEFAULT 'pending' CHECK (resolution IN ('pending','upheld','changed')),"
  "  note         TEXT,"
  "  resolved_by  INTEGER REFERENCES people (id) ON DELETE RESTRICT,"
  "  resolved_at  INTEGER,"
  "  revision     INTEGER,"
  "  CHECK ((resolution = 'pending') = (resolved_at IS NULL)),"
  "  CHECK ((resolution = 'changed') = (revision IS NOT NULL)),"
  "  PRIMARY KEY (dispute_id, criterion_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE evaluation_revisions ("
  "  evaluation_id  INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,"
  "  revision       INTEGER NOT NULL CHECK (revision >= 1),"
  "  created_at     INTEGER NOT NULL,"
  "  created_by     INTEGER REFERENCES people (id) ON DELETE RESTRICT,"
  "  dispute_id     INTEGER REFERENCES disputes (id) ON DELETE RESTRICT,"
  "  rubric_version INTEGER NOT NULL,"
  "  raw            REAL,"
  "  final          REAL,"
  "  pass           INTEGER,"
  "  auto_failed    INTEGER NOT NULL DEFAULT 0,"
  "  failed_by      TEXT,"
  "  critical       REAL,"
  "  PRIMARY KEY (evaluation_id, revision)"
  ") WITHOUT ROWID;"
  "CREATE TABLE revision_answers ("
  "  evaluation_id INTEGER NOT NULL,"
  "  revision      INTEGER NOT NULL,"
  "  criterion_id  TEXT NOT NULL,"
  "  kind          TEXT NOT NULL CHECK (kind IN ('value','na')),"
  "  value         REAL,"
  "  comment       TEXT,"
  "  comment_at_ms INTEGER,"
  "  PRIMARY KEY (evaluation_id, revision, criterion_id),"
  "  FOREIGN KEY (evaluation_id, revision) REFERENCES evaluation_revisions (evaluation_id, revision)"
  "    ON DELETE RESTRICT"
  ") WITHOUT ROWID;"
  "CREATE TABLE acknowledgements ("
  "  evaluation_id INTEGER NOT NULL,"
  "  revision      INTEGER NOT NULL,"
  "  agent_id      INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,"
  "  at            INTEGER NOT NULL,"
  "  comment       TEXT,"
  "  PRIMARY KEY (evaluation_id, revision),"
  "  FOREIGN KEY (evaluation_id, revision) REFERENCES evaluation_revisions (evaluation_id, revision)"
  "    ON DELETE RESTRICT"
  ") WITHOUT ROWID;"
  "CREATE TABLE audit_trail ("
  "  id            INTEGER PRIMARY KEY,"
  "  at            INTEGER NOT NULL,"
  "  actor_id      INTEGER REFERENCES people (id) ON DELETE RESTRICT,"
  "  action        TEXT NOT NULL CHECK (action IN ('submitted','acknowledged','disputed','upheld','changed',"
  "                                                'revision','closed')),"
  "  evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,"
  "  revision      INTEGER,"
  "  dispute_id    INTEGER REFERENCES disputes (id) ON DELETE RESTRICT,"
  "  criterion_id  TEXT,"
  "  detail        TEXT"
  ");"
  "CREATE INDEX audit_trail_evaluation ON audit_trail (evaluation_id, id);"
  "CREATE TRIGGER evaluation_revisions_fixed BEFORE UPDATE ON evaluation_revisions"
  " BEGIN SELECT RAISE (ABORT, 'revisions are never changed'); END;"
  "CREATE TRIGGER evaluation_revisions_kept BEFORE DELETE ON evaluation_revisions"
  " BEGIN SELECT RAISE (ABORT, 'revisions are never deleted'); END;"
  "CREATE TRIGGER revision_answers_fixed BEFORE UPDATE ON revision_answers"
  " BEGIN SELECT RAISE (ABORT, 'revisions are never changed'); END;"
  "CREATE TRIGGER revision_answers_kept BEFORE DELETE ON revision_answers"
  " BEGIN SELECT RAISE (ABORT, 'revisions are never deleted'); END;"
  "CREATE TRIGGER audit_trail_fixed BEFORE UPDATE ON audit_trail"
  " BEGIN SELECT RAISE (ABORT, 'the audit trail is never rewritten'); END;"
  "CREATE TRIGGER audit_trail_kept BEFORE DELETE ON audit_trail"
  " BEGIN SELECT RAISE (ABORT, 'the audit trail is never rewritten'); END;"
  "CREATE TRIGGER acknowledgements_fixed BEFORE UPDATE ON acknowledgements"
  " BEGIN SELECT RAISE (ABORT, 'an acknowledgement is never changed'); END;"
  "CREATE TRIGGER acknowledgements_kept BEFORE DELETE ON acknowledgements"
  " BEGIN SELECT RAISE (ABORT, 'an acknowledgement is never deleted'); END;"
  "CREATE TRIGGER disputes_closed BEFORE UPDATE ON disputes WHEN OLD.state = 'closed'"
  " BEGIN SELECT RAISE (ABORT, 'a closed dispute stays as it was'); END;"
  "CREATE TRIGGER disputes_kept BEFORE DELETE ON disputes"
  " BEGIN SELECT RAISE (ABORT, 'disputes are never deleted'); END;"
  "CREATE TRIGGER dispute_items_resolved BEFORE UPDATE ON dispute_items"
  "  WHEN OLD.resolution <> 'pending' OR NEW.criterion_id IS NOT OLD.criterion_id"
  "    OR NEW.dispute_id IS NOT OLD.dispute_id OR NEW.reason IS NOT OLD.reason"
  " BEGIN SELECT RAISE (ABORT, 'a resolved criterion stays resolved'); END;"
  "CREATE TRIGGER dispute_items_kept BEFORE DELETE ON dispute_items"
  " BEGIN SELECT RAISE (ABORT, 'disputed criteria are never deleted'); END;"
  /* What was submitted before this version: revision 1 as it is now. */
  "UPDATE evaluations SET revision = 1, submitted_at = updated_at WHERE state = 'submitted';"
  "INSERT INTO evaluation_revisions (evaluation_id, revision, created_at, created_by, dispute_id, rubric_version,"
  "                                  raw, final, pass, auto_failed, failed_by, critical)"
  "  SELECT id, 1, updated_at, NULL, NULL, rubric_version, raw, final, pass, auto_failed, failed_by, critical"
  "  FROM evaluations WHERE state = 'submitted';"
  "INSERT INTO revision_answers (evaluation_id, revision, criterion_id, kind, value, comment, comment_at_ms)"
  "  SELECT a.evaluation_id, 1, a.criterion_id, a.kind, a.value, a.comment, a.comment_at_ms"
  "  FROM answers a JOIN evaluations e ON e.id = a.evaluation_id WHERE e.state = 'submitted';"
  "INSERT INTO audit_trail (at, actor_id, action, evaluation_id, revision, detail)"
  "  SELECT updated_at, reviewer_id, 'submitted', id, 1, 'submitted before Kaizen kept revisions'"
  "  FROM evaluations WHERE state = 'submitted' ORDER BY updated_at, id;";

/* Version 17: roll-ups for reports (../shared/spec/scale.md).  Reports at
 * the scale of a large centre cannot scan raw answers, so sums and counts
 * are kept per agent × ISO week × criterion (and per team: the agent's
 * current team), and per agent × week for whole evaluations, by triggers
 * in the same transaction as every change to evaluations, answers and an
 * agent's team.  Only submitted, non-calibration evaluations count; the
 * week is the Monday (UTC) of the evaluation's created_at, as a day
 * number since 1970-01-01.  An answer's normalised value needs its
 * criterion's scale, kept per rubric version in rubric_criteria (filled
 * when a rubric is added).  A criterion's answer counts as:
 *   v = (x − min) ÷ (max − min) clamped to [0, 1], where x is the value, or
 *       for N/A the scale's top (na="pass") or the fixed value (na="fixed");
 *       N/A under "exclude" has no v; N/A where "forbidden" does not count;
 *   n_applicable = answers with a v, n_na = N/A answers,
 *   n_failed = answers whose x is the scale's lowest point or below the
 *       criterion's fail-below (the rule a critical criterion fails by). */
#define KZ_ROLLUP_WEEK(ts) "((" ts ") / 86400 - ((" ts ") / 86400 + 3) % 7)"
#define KZ_ROLLUP_COUNTED(e) "(" e ".state = 'submitted' AND " e ".is_calibration = 0)"
/* x of an answer row @a under rubric_criteria rc */
#define KZ_ROLLUP_X(a) "(CASE WHEN " a ".kind = 'value' THEN " a ".value ELSE rc.na_value END)"
/* sum_v, n_applicable, n_na, n_failed of one answer, times @sign */
#define KZ_ROLLUP_TERMS(a, sign) \
  sign " * coalesce (max (0.0, min (1.0, (" KZ_ROLLUP_X (a) " - rc.scale_min) / rc.scale_span)), 0.0), " \
  sign " * (" KZ_ROLLUP_X (a) " IS NOT NULL), " \
  sign " * (" a ".kind = 'na'), " \
  sign " * coalesce (" KZ_ROLLUP_X (a) " <= rc.scale_min + 1e-9 OR " KZ_ROLLUP_X (a) " < rc.fail_below - 1e-9, 0)"
#define KZ_ROLLUP_UPSERT \
  " ON CONFLICT (agent_id, week, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v," \
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na," \
  " n_failed = n_failed + excluded.n_failed;"
/* One answer @a of evaluation @e (a row, or OLD/NEW) into the agent roll-up. */
#define KZ_ROLLUP_ANSWER(e, a, sign, from) \
  "INSERT INTO rollup_agent_criteria (agent_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed)" \
  " SELECT " e ".agent_id, " KZ_ROLLUP_WEEK (e ".created_at") ", " a ".criterion_id, " KZ_ROLLUP_TERMS (a, sign) \
  " FROM " from " JOIN rubric_criteria rc ON rc.rubric_id = " e ".rubric_id" \
  "  AND rc.rubric_version = " e ".rubric_version AND rc.criterion_id = " a ".criterion_id"
#define KZ_ROLLUP_PRUNE_AGENT(e) \
  "DELETE FROM rollup_agent_criteria WHERE agent_id = " e ".agent_id AND week = " KZ_ROLLUP_WEEK (e ".created_at") \
  " AND n_applicable = 0 AND n_na = 0;"
#define KZ_ROLLUP_EVAL(e, sign) \
  "INSERT INTO rollup_agent_weeks (agent_id, week, n_evaluations, n_scored, sum_final, n_passed, n_auto_failed)" \
  " SELECT " e ".agent_id, " KZ_ROLLUP_WEEK (e ".created_at") ", " sign ", " sign " * (" e ".final IS NOT NULL), " \
  sign " * coalesce (" e ".final, 0.0), " sign " * coalesce (" e ".pass = 1 AND " e ".final IS NOT NULL, 0), " \
  sign " * (" e ".auto_failed <> 0) WHERE " KZ_ROLLUP_COUNTED (e) \
  " ON CONFLICT (agent_id, week) DO UPDATE SET n_evaluations = n_evaluations + excluded.n_evaluations," \
  " n_scored = n_scored + excluded.n_scored, sum_final = sum_final + excluded.sum_final," \
  " n_passed = n_passed + excluded.n_passed, n_auto_failed = n_auto_failed + excluded.n_auto_failed;" \
  "DELETE FROM rollup_agent_weeks WHERE agent_id = " e ".agent_id AND week = " KZ_ROLLUP_WEEK (e ".created_at") \
  " AND n_evaluations = 0;"
#define KZ_ROLLUP_TEAM(agent, team, r, sign) \
  "INSERT INTO rollup_team_criteria (team_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed)" \
  " SELECT " team ", " r ".week, " r ".criterion_id, " sign " * " r ".sum_v, " sign " * " r ".n_applicable, " \
  sign " * " r ".n_na, " sign " * " r ".n_failed WHERE 1" \
  " ON CONFLICT (week, team_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v," \
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na," \
  " n_failed = n_failed + excluded.n_failed;" \
  "DELETE FROM rollup_team_criteria WHERE team_id = " team " AND week = " r ".week AND criterion_id = " r ".criterion_id" \
  " AND n_applicable = 0 AND n_na = 0;"
#define KZ_ROLLUP_TEAM_OF(agent) "coalesce ((SELECT team_id FROM people WHERE id = " agent "), 0)"

/* Thirteen-week blocks of the team roll-up, so that a heatmap over years
 * reads the blocks inside its range and only the weeks at its edges: block
 * b holds weeks 13b … 13b + 12, counted from the week of 1970-01-01. */
#define KZ_ROLLUP_BLOCK(week) \
  "(CASE WHEN ((" week ") + 3) / 7 >= 0 THEN ((" week ") + 3) / 7 / 13 ELSE ((((" week ") + 3) / 7) - 12) / 13 END)"
#define KZ_ROLLUP_TEAM_BLOCK(r, sign) \
  "INSERT INTO rollup_team_blocks (team_id, block, criterion_id, sum_v, n_applicable, n_na, n_failed)" \
  " SELECT " r ".team_id, " KZ_ROLLUP_BLOCK (r ".week") ", " r ".criterion_id, " sign " * " r ".sum_v, " \
  sign " * " r ".n_applicable, " sign " * " r ".n_na, " sign " * " r ".n_failed WHERE 1" \
  " ON CONFLICT (block, team_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v," \
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na," \
  " n_failed = n_failed + excluded.n_failed;" \
  "DELETE FROM rollup_team_blocks WHERE team_id = " r ".team_id AND block = " KZ_ROLLUP_BLOCK (r ".week") \
  " AND criterion_id = " r ".criterion_id AND n_applicable = 0 AND n_na = 0;"

static const char rollup_triggers_17[] =
  "CREATE TRIGGER rollup_answer_insert AFTER INSERT ON answers BEGIN "
  KZ_ROLLUP_ANSWER ("e", "NEW", "1", "evaluations e")
  " WHERE e.id = NEW.evaluation_id AND " KZ_ROLLUP_COUNTED ("e") " AND NOT (NEW.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT
  "END;"
  "CREATE TRIGGER rollup_answer_delete AFTER DELETE ON answers BEGIN "
  KZ_ROLLUP_ANSWER ("e", "OLD", "-1", "evaluations e")
  " WHERE e.id = OLD.evaluation_id AND " KZ_ROLLUP_COUNTED ("e") " AND NOT (OLD.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT
  "DELETE FROM rollup_agent_criteria WHERE (agent_id, week) IN"
  " (SELECT e.agent_id, " KZ_ROLLUP_WEEK ("e.created_at") " FROM evaluations e WHERE e.id = OLD.evaluation_id)"
  " AND criterion_id = OLD.criterion_id AND n_applicable = 0 AND n_na = 0;"
  "END;"
  "CREATE TRIGGER rollup_answer_update AFTER UPDATE OF evaluation_id, criterion_id, kind, value ON answers BEGIN "
  KZ_ROLLUP_ANSWER ("e", "OLD", "-1", "evaluations e")
  " WHERE e.id = OLD.evaluation_id AND " KZ_ROLLUP_COUNTED ("e") " AND NOT (OLD.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT
  KZ_ROLLUP_ANSWER ("e", "NEW", "1", "evaluations e")
  " WHERE e.id = NEW.evaluation_id AND " KZ_ROLLUP_COUNTED ("e") " AND NOT (NEW.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT
  "DELETE FROM rollup_agent_criteria WHERE n_applicable = 0 AND n_na = 0 AND (agent_id, week) IN"
  " (SELECT e.agent_id, " KZ_ROLLUP_WEEK ("e.created_at") " FROM evaluations e WHERE e.id = OLD.evaluation_id)"
  " AND criterion_id = OLD.criterion_id;"
  "END;"
  "CREATE TRIGGER rollup_evaluation_insert AFTER INSERT ON evaluations BEGIN "
  KZ_ROLLUP_EVAL ("NEW", "1")
  "END;"
  /* BEFORE: the answers are still there (they go by cascade afterwards,
   * when their own trigger no longer finds the evaluation). */
  "CREATE TRIGGER rollup_evaluation_delete BEFORE DELETE ON evaluations BEGIN "
  KZ_ROLLUP_EVAL ("OLD", "-1")
  KZ_ROLLUP_ANSWER ("OLD", "a", "-1", "answers a")
  " WHERE a.evaluation_id = OLD.id AND " KZ_ROLLUP_COUNTED ("OLD") " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT
  KZ_ROLLUP_PRUNE_AGENT ("OLD")
  "END;"
  "CREATE TRIGGER rollup_evaluation_update AFTER UPDATE OF agent_id, state, created_at, final, pass, auto_failed,"
  "  is_calibration, rubric_id, rubric_version ON evaluations BEGIN "
  KZ_ROLLUP_EVAL ("OLD", "-1")
  KZ_ROLLUP_EVAL ("NEW", "1")
  KZ_ROLLUP_ANSWER ("OLD", "a", "-1", "answers a")
  " WHERE a.evaluation_id = OLD.id AND " KZ_ROLLUP_COUNTED ("OLD") " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
  "  AND (NEW.agent_id IS NOT OLD.agent_id OR NEW.state IS NOT OLD.state OR NEW.created_at IS NOT OLD.created_at"
  "       OR NEW.is_calibration IS NOT OLD.is_calibration OR NEW.rubric_id IS NOT OLD.rubric_id"
  "       OR NEW.rubric_version IS NOT OLD.rubric_version)"
  KZ_ROLLUP_UPSERT
  KZ_ROLLUP_ANSWER ("NEW", "a", "1", "answers a")
  " WHERE a.evaluation_id = NEW.id AND " KZ_ROLLUP_COUNTED ("NEW") " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
  "  AND (NEW.agent_id IS NOT OLD.agent_id OR NEW.state IS NOT OLD.state OR NEW.created_at IS NOT OLD.created_at"
  "       OR NEW.is_calibration IS NOT OLD.is_calibration OR NEW.rubric_id IS NOT OLD.rubric_id"
  "       OR NEW.rubric_version IS NOT OLD.rubric_version)"
  KZ_ROLLUP_UPSERT
  KZ_ROLLUP_PRUNE_AGENT ("OLD")
  "END;"
  /* The team roll-up follows the agent roll-up, by the agent's team now. */
  "CREATE TRIGGER rollup_agent_insert AFTER INSERT ON rollup_agent_criteria BEGIN "
  KZ_ROLLUP_TEAM ("NEW.agent_id", KZ_ROLLUP_TEAM_OF ("NEW.agent_id"), "NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_agent_update AFTER UPDATE ON rollup_agent_criteria BEGIN "
  KZ_ROLLUP_TEAM ("OLD.agent_id", KZ_ROLLUP_TEAM_OF ("OLD.agent_id"), "OLD", "-1")
  KZ_ROLLUP_TEAM ("NEW.agent_id", KZ_ROLLUP_TEAM_OF ("NEW.agent_id"), "NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_agent_delete AFTER DELETE ON rollup_agent_criteria BEGIN "
  KZ_ROLLUP_TEAM ("OLD.agent_id", KZ_ROLLUP_TEAM_OF ("OLD.agent_id"), "OLD", "-1")
  "END;"
  /* And the blocks follow the team roll-up. */
  "CREATE TRIGGER rollup_team_insert AFTER INSERT ON rollup_team_criteria BEGIN "
  KZ_ROLLUP_TEAM_BLOCK ("NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_team_update AFTER UPDATE ON rollup_team_criteria BEGIN "
  KZ_ROLLUP_TEAM_BLOCK ("OLD", "-1")
  KZ_ROLLUP_TEAM_BLOCK ("NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_team_delete AFTER DELETE ON rollup_team_criteria BEGIN "
  KZ_ROLLUP_TEAM_BLOCK ("OLD", "-1")
  "END;"
  "CREATE TRIGGER rollup_people_team AFTER UPDATE OF team_id ON people"
  "  WHEN NEW.team_id IS NOT OLD.team_id BEGIN "
  "INSERT INTO rollup_team_criteria (team_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed)"
  " SELECT coalesce (OLD.team_id, 0), r.week, r.criterion_id, -r.sum_v, -r.n_applicable, -r.n_na, -r.n_failed"
  " FROM rollup_agent_criteria r WHERE r.agent_id = OLD.id"
  " ON CONFLICT (week, team_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v,"
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na,"
  " n_failed = n_failed + excluded.n_failed;"
  "INSERT INTO rollup_team_criteria (team_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed)"
  " SELECT coalesce (NEW.team_id, 0), r.week, r.criterion_id, r.sum_v, r.n_applicable, r.n_na, r.n_failed"
  " FROM rollup_agent_criteria r WHERE r.agent_id = NEW.id"
  " ON CONFLICT (week, team_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v,"
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na,"
  " n_failed = n_failed + excluded.n_failed;"
  "DELETE FROM rollup_team_criteria WHERE team_id = coalesce (OLD.team_id, 0) AND n_applicable = 0 AND n_na = 0;"
  "END;";

static const char rollup_drop_triggers[] =
  "DROP TRIGGER rollup_answer_insert; DROP TRIGGER rollup_answer_delete; DROP TRIGGER rollup_answer_update;"
  "DROP TRIGGER rollup_evaluation_insert; DROP TRIGGER rollup_evaluation_delete;"
  "DROP TRIGGER rollup_evaluation_update; DROP TRIGGER rollup_agent_insert; DROP TRIGGER rollup_agent_update;"
  "DROP TRIGGER rollup_agent_delete; DROP TRIGGER rollup_people_team;"
  "DROP TRIGGER rollup_team_insert; DROP TRIGGER rollup_team_update; DROP TRIGGER rollup_team_delete;";

/* The blocks from the team roll-up (triggers dropped meanwhile). */

/* Everything from scratch, from the raw rows (triggers dropped meanwhile). */
static const char rollup_rebuild_17[] =
  "DELETE FROM rollup_team_criteria; DELETE FROM rollup_agent_criteria; DELETE FROM rollup_agent_weeks;"
  "INSERT INTO rollup_agent_criteria (agent_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed)"
  " SELECT e.agent_id, " KZ_ROLLUP_WEEK ("e.created_at") " AS wk, a.criterion_id, "
  " sum (coalesce (max (0.0, min (1.0, (" KZ_ROLLUP_X ("a") " - rc.scale_min) / rc.scale_span)), 0.0)),"
  " sum (" KZ_ROLLUP_X ("a") " IS NOT NULL), sum (a.kind = 'na'),"
  " sum (coalesce (" KZ_ROLLUP_X ("a") " <= rc.scale_min + 1e-9 OR " KZ_ROLLUP_X ("a") " < rc.fail_below - 1e-9, 0))"
  " FROM evaluations e JOIN answers a ON a.evaluation_id = e.id"
  " JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version"
  "  AND rc.criterion_id = a.criterion_id"
  " WHERE " KZ_ROLLUP_COUNTED ("e") " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
  " GROUP BY e.agent_id, wk, a.criterion_id ORDER BY 1, 2, 3;"
  "INSERT INTO rollup_agent_weeks (agent_id, week, n_evaluations, n_scored, sum_final, n_passed, n_auto_failed)"
  " SELECT e.agent_id, " KZ_ROLLUP_WEEK ("e.created_at") " AS wk, count (*), count (e.final),"
  " coalesce (sum (e.final), 0.0), sum (coalesce (e.pass = 1 AND e.final IS NOT NULL, 0)), sum (e.auto_failed <> 0)"
  " FROM evaluations e WHERE " KZ_ROLLUP_COUNTED ("e") " GROUP BY e.agent_id, wk ORDER BY 1, 2;"
  "INSERT INTO rollup_team_criteria (team_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed)"
  " SELECT coalesce (p.team_id, 0) AS team, r.week, r.criterion_id, sum (r.sum_v), sum (r.n_applicable),"
  " sum (r.n_na), sum (r.n_failed)"
  " FROM rollup_agent_criteria r JOIN people p ON p.id = r.agent_id"
  " GROUP BY r.week, team, r.criterion_id ORDER BY 2, 1, 3;"
  "DELETE FROM rollup_team_blocks;"
  "INSERT INTO rollup_team_blocks (team_id, block, criterion_id, sum_v, n_applicable, n_na, n_failed)"
  " SELECT team_id, " KZ_ROLLUP_BLOCK ("week") " AS b, criterion_id, sum (sum_v), sum (n_applicable),"
  " sum (n_na), sum (n_failed) FROM rollup_team_criteria GROUP BY b, team_id, criterion_id ORDER BY 2, 1, 3;";

/* Version 18: the criterion roll-ups are kept per rubric too — two
 * rubrics may name a criterion alike (the shipped ones share "empathy" and
 * "next-steps"), and a figure must never mix them.  Same rules as version
 * 17, with the evaluation's rubric_id in every key. */
/* …and, apart, the answers with a value (N/A left out whatever the policy):
 * Σ v and their count, what the Gaps report means (kz-gaps.h). */
#define KZ_ROLLUP_VALUE_TERMS(a, sign) \
  sign " * coalesce (CASE WHEN " a ".kind = 'value' THEN max (0.0, min (1.0, (" a ".value - rc.scale_min)" \
  " / rc.scale_span)) END, 0.0), " sign " * (" a ".kind = 'value' AND " a ".value IS NOT NULL)"
#define KZ_ROLLUP_COLUMNS "sum_v, n_applicable, n_na, n_failed, sum_value, n_value"
#define KZ_ROLLUP_UPSERT_R \
  " ON CONFLICT (agent_id, week, rubric_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v," \
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na," \
  " n_failed = n_failed + excluded.n_failed, sum_value = sum_value + excluded.sum_value," \
  " n_value = n_value + excluded.n_value;"
#define KZ_ROLLUP_ANSWER_R(e, a, sign, from) \
  "INSERT INTO rollup_agent_criteria (agent_id, week, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")" \
  " SELECT " e ".agent_id, " KZ_ROLLUP_WEEK (e ".created_at") ", " e ".rubric_id, " a ".criterion_id, " \
  KZ_ROLLUP_TERMS (a, sign) ", " KZ_ROLLUP_VALUE_TERMS (a, sign) \
  " FROM " from " JOIN rubric_criteria rc ON rc.rubric_id = " e ".rubric_id" \
  "  AND rc.rubric_version = " e ".rubric_version AND rc.criterion_id = " a ".criterion_id"
#define KZ_ROLLUP_TEAM_R(team, r, sign) \
  "INSERT INTO rollup_team_criteria (team_id, week, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")" \
  " SELECT " team ", " r ".week, " r ".rubric_id, " r ".criterion_id, " sign " * " r ".sum_v, " \
  sign " * " r ".n_applicable, " sign " * " r ".n_na, " sign " * " r ".n_failed, " sign " * " r ".sum_value, " \
  sign " * " r ".n_value WHERE 1" \
  " ON CONFLICT (week, team_id, rubric_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v," \
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na," \
  " n_failed = n_failed + excluded.n_failed, sum_value = sum_value + excluded.sum_value," \
  " n_value = n_value + excluded.n_value;" \
  "DELETE FROM rollup_team_criteria WHERE team_id = " team " AND week = " r ".week AND rubric_id = " r ".rubric_id" \
  " AND criterion_id = " r ".criterion_id AND n_applicable = 0 AND n_na = 0;"
#define KZ_ROLLUP_TEAM_BLOCK_R(r, sign) \
  "INSERT INTO rollup_team_blocks (team_id, block, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")" \
  " SELECT " r ".team_id, " KZ_ROLLUP_BLOCK (r ".week") ", " r ".rubric_id, " r ".criterion_id, " sign " * " r ".sum_v, " \
  sign " * " r ".n_applicable, " sign " * " r ".n_na, " sign " * " r ".n_failed, " sign " * " r ".sum_value, " \
  sign " * " r ".n_value WHERE 1" \
  " ON CONFLICT (block, team_id, rubric_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v," \
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na," \
  " n_failed = n_failed + excluded.n_failed, sum_value = sum_value + excluded.sum_value," \
  " n_value = n_value + excluded.n_value;" \
  "DELETE FROM rollup_team_blocks WHERE team_id = " r ".team_id AND block = " KZ_ROLLUP_BLOCK (r ".week") \
  " AND rubric_id = " r ".rubric_id AND criterion_id = " r ".criterion_id AND n_applicable = 0 AND n_na = 0;"
#define KZ_ROLLUP_MOVED \
  "  AND (NEW.agent_id IS NOT OLD.agent_id OR NEW.state IS NOT OLD.state OR NEW.created_at IS NOT OLD.created_at" \
  "       OR NEW.is_calibration IS NOT OLD.is_calibration OR NEW.rubric_id IS NOT OLD.rubric_id" \
  "       OR NEW.rubric_version IS NOT OLD.rubric_version)"

static const char rollup_triggers[] =
  "CREATE TRIGGER rollup_answer_insert AFTER INSERT ON answers BEGIN "
  KZ_ROLLUP_ANSWER_R ("e", "NEW", "1", "evaluations e")
  " WHERE e.id = NEW.evaluation_id AND " KZ_ROLLUP_COUNTED ("e") " AND NOT (NEW.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT_R
  "END;"
  "CREATE TRIGGER rollup_answer_delete AFTER DELETE ON answers BEGIN "
  KZ_ROLLUP_ANSWER_R ("e", "OLD", "-1", "evaluations e")
  " WHERE e.id = OLD.evaluation_id AND " KZ_ROLLUP_COUNTED ("e") " AND NOT (OLD.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT_R
  "DELETE FROM rollup_agent_criteria WHERE (agent_id, week, rubric_id) IN"
  " (SELECT e.agent_id, " KZ_ROLLUP_WEEK ("e.created_at") ", e.rubric_id FROM evaluations e WHERE e.id = OLD.evaluation_id)"
  " AND criterion_id = OLD.criterion_id AND n_applicable = 0 AND n_na = 0;"
  "END;"
  "CREATE TRIGGER rollup_answer_update AFTER UPDATE OF evaluation_id, criterion_id, kind, value ON answers BEGIN "
  KZ_ROLLUP_ANSWER_R ("e", "OLD", "-1", "evaluations e")
  " WHERE e.id = OLD.evaluation_id AND " KZ_ROLLUP_COUNTED ("e") " AND NOT (OLD.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT_R
  KZ_ROLLUP_ANSWER_R ("e", "NEW", "1", "evaluations e")
  " WHERE e.id = NEW.evaluation_id AND " KZ_ROLLUP_COUNTED ("e") " AND NOT (NEW.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT_R
  "DELETE FROM rollup_agent_criteria WHERE n_applicable = 0 AND n_na = 0 AND (agent_id, week, rubric_id) IN"
  " (SELECT e.agent_id, " KZ_ROLLUP_WEEK ("e.created_at") ", e.rubric_id FROM evaluations e WHERE e.id = OLD.evaluation_id)"
  " AND criterion_id = OLD.criterion_id;"
  "END;"
  "CREATE TRIGGER rollup_evaluation_insert AFTER INSERT ON evaluations BEGIN "
  KZ_ROLLUP_EVAL ("NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_evaluation_delete BEFORE DELETE ON evaluations BEGIN "
  KZ_ROLLUP_EVAL ("OLD", "-1")
  KZ_ROLLUP_ANSWER_R ("OLD", "a", "-1", "answers a")
  " WHERE a.evaluation_id = OLD.id AND " KZ_ROLLUP_COUNTED ("OLD") " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_UPSERT_R
  KZ_ROLLUP_PRUNE_AGENT ("OLD")
  "END;"
  "CREATE TRIGGER rollup_evaluation_update AFTER UPDATE OF agent_id, state, created_at, final, pass, auto_failed,"
  "  is_calibration, rubric_id, rubric_version ON evaluations BEGIN "
  KZ_ROLLUP_EVAL ("OLD", "-1")
  KZ_ROLLUP_EVAL ("NEW", "1")
  KZ_ROLLUP_ANSWER_R ("OLD", "a", "-1", "answers a")
  " WHERE a.evaluation_id = OLD.id AND " KZ_ROLLUP_COUNTED ("OLD") " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_MOVED
  KZ_ROLLUP_UPSERT_R
  KZ_ROLLUP_ANSWER_R ("NEW", "a", "1", "answers a")
  " WHERE a.evaluation_id = NEW.id AND " KZ_ROLLUP_COUNTED ("NEW") " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
  KZ_ROLLUP_MOVED
  KZ_ROLLUP_UPSERT_R
  KZ_ROLLUP_PRUNE_AGENT ("OLD")
  "END;"
  "CREATE TRIGGER rollup_agent_insert AFTER INSERT ON rollup_agent_criteria BEGIN "
  KZ_ROLLUP_TEAM_R (KZ_ROLLUP_TEAM_OF ("NEW.agent_id"), "NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_agent_update AFTER UPDATE ON rollup_agent_criteria BEGIN "
  KZ_ROLLUP_TEAM_R (KZ_ROLLUP_TEAM_OF ("OLD.agent_id"), "OLD", "-1")
  KZ_ROLLUP_TEAM_R (KZ_ROLLUP_TEAM_OF ("NEW.agent_id"), "NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_agent_delete AFTER DELETE ON rollup_agent_criteria BEGIN "
  KZ_ROLLUP_TEAM_R (KZ_ROLLUP_TEAM_OF ("OLD.agent_id"), "OLD", "-1")
  "END;"
  "CREATE TRIGGER rollup_team_insert AFTER INSERT ON rollup_team_criteria BEGIN "
  KZ_ROLLUP_TEAM_BLOCK_R ("NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_team_update AFTER UPDATE ON rollup_team_criteria BEGIN "
  KZ_ROLLUP_TEAM_BLOCK_R ("OLD", "-1")
  KZ_ROLLUP_TEAM_BLOCK_R ("NEW", "1")
  "END;"
  "CREATE TRIGGER rollup_team_delete AFTER DELETE ON rollup_team_criteria BEGIN "
  KZ_ROLLUP_TEAM_BLOCK_R ("OLD", "-1")
  "END;"
  "CREATE TRIGGER rollup_people_team AFTER UPDATE OF team_id ON people"
  "  WHEN NEW.team_id IS NOT OLD.team_id BEGIN "
  "INSERT INTO rollup_team_criteria (team_id, week, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")"
  " SELECT coalesce (OLD.team_id, 0), r.week, r.rubric_id, r.criterion_id, -r.sum_v, -r.n_applicable, -r.n_na,"
  " -r.n_failed, -r.sum_value, -r.n_value FROM rollup_agent_criteria r WHERE r.agent_id = OLD.id"
  " ON CONFLICT (week, team_id, rubric_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v,"
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na,"
  " n_failed = n_failed + excluded.n_failed, sum_value = sum_value + excluded.sum_value,"
  " n_value = n_value + excluded.n_value;"
  "INSERT INTO rollup_team_criteria (team_id, week, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")"
  " SELECT coalesce (NEW.team_id, 0), r.week, r.rubric_id, r.criterion_id, r.sum_v, r.n_applicable, r.n_na,"
  " r.n_failed, r.sum_value, r.n_value FROM rollup_agent_criteria r WHERE r.agent_id = NEW.id"
  " ON CONFLICT (week, team_id, rubric_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v,"
  " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na,"
  " n_failed = n_failed + excluded.n_failed, sum_value = sum_value + excluded.sum_value,"
  " n_value = n_value + excluded.n_value;"
  "DELETE FROM rollup_team_criteria WHERE team_id = coalesce (OLD.team_id, 0) AND n_applicable = 0 AND n_na = 0;"
  "END;";

/* The blocks from the team roll-up (triggers dropped meanwhile). */
static const char rollup_rebuild_blocks[] =
  "DELETE FROM rollup_team_blocks;"
  "INSERT INTO rollup_team_blocks (team_id, block, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")"
  " SELECT team_id, " KZ_ROLLUP_BLOCK ("week") " AS b, rubric_id, criterion_id, sum (sum_v), sum (n_applicable),"
  " sum (n_na), sum (n_failed), sum (sum_value), sum (n_value) FROM rollup_team_criteria GROUP BY b, team_id, rubric_id, criterion_id"
  " ORDER BY 2, 1, 3, 4;";

/* Everything from scratch, from the raw rows (triggers dropped meanwhile). */
static const char rollup_rebuild[] =
  "DELETE FROM rollup_team_criteria; DELETE FROM rollup_agent_criteria; DELETE FROM rollup_agent_weeks;"
  "INSERT INTO rollup_agent_criteria (agent_id, week, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")"
  " SELECT e.agent_id, " KZ_ROLLUP_WEEK ("e.created_at") " AS wk, e.rubric_id, a.criterion_id, "
  " sum (coalesce (max (0.0, min (1.0, (" KZ_ROLLUP_X ("a") " - rc.scale_min) / rc.scale_span)), 0.0)),"
  " sum (" KZ_ROLLUP_X ("a") " IS NOT NULL), sum (a.kind = 'na'),"
  " sum (coalesce (" KZ_ROLLUP_X ("a") " <= rc.scale_min + 1e-9 OR " KZ_ROLLUP_X ("a") " < rc.fail_below - 1e-9, 0)),"
  " sum (coalesce (CASE WHEN a.kind = 'value' THEN max (0.0, min (1.0, (a.value - rc.scale_min) / rc.scale_span))"
  " END, 0.0)), sum (a.kind = 'value' AND a.value IS NOT NULL)"
  " FROM evaluations e JOIN answers a ON a.evaluation_id = e.id"
  " JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version"
  "  AND rc.criterion_id = a.criterion_id"
  " WHERE " KZ_ROLLUP_COUNTED ("e") " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
  " GROUP BY e.agent_id, wk, e.rubric_id, a.criterion_id ORDER BY 1, 2, 3, 4;"
  "INSERT INTO rollup_agent_weeks (agent_id, week, n_evaluations, n_scored, sum_final, n_passed, n_auto_failed)"
  " SELECT e.agent_id, " KZ_ROLLUP_WEEK ("e.created_at") " AS wk, count (*), count (e.final),"
  " coalesce (sum (e.final), 0.0), sum (coalesce (e.pass = 1 AND e.final IS NOT NULL, 0)), sum (e.auto_failed <> 0)"
  " FROM evaluations e WHERE " KZ_ROLLUP_COUNTED ("e") " GROUP BY e.agent_id, wk ORDER BY 1, 2;"
  "INSERT INTO rollup_team_criteria (team_id, week, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")"
  " SELECT coalesce (p.team_id, 0) AS team, r.week, r.rubric_id, r.criterion_id, sum (r.sum_v), sum (r.n_applicable),"
  " sum (r.n_na), sum (r.n_failed), sum (r.sum_value), sum (r.n_value)"
  " FROM rollup_agent_criteria r JOIN people p ON p.id = r.agent_id"
  " GROUP BY r.week, team, r.rubric_id, r.criterion_id ORDER BY 2, 1, 3, 4;"
  "DELETE FROM rollup_team_blocks;"
  "INSERT INTO rollup_team_blocks (team_id, block, rubric_id, criterion_id, " KZ_ROLLUP_COLUMNS ")"
  " SELECT team_id, " KZ_ROLLUP_BLOCK ("week") " AS b, rubric_id, criterion_id, sum (sum_v), sum (n_applicable),"
  " sum (n_na), sum (n_failed), sum (sum_value), sum (n_value) FROM rollup_team_criteria GROUP BY b, team_id, rubric_id, criterion_id"
  " ORDER BY 2, 1, 3, 4;";

/* Version 18's tables; its data step rebuilds them from the raw answers
 * and sets the triggers again, in the migration's transaction. */
static const char migration_18[] =
  "DROP TRIGGER IF EXISTS rollup_answer_insert; DROP TRIGGER IF EXISTS rollup_answer_delete;"
  "DROP TRIGGER IF EXISTS rollup_answer_update; DROP TRIGGER IF EXISTS rollup_evaluation_insert;"
  "DROP TRIGGER IF EXISTS rollup_evaluation_delete; DROP TRIGGER IF EXISTS rollup_evaluation_update;"
  "DROP TRIGGER IF EXISTS rollup_agent_insert; DROP TRIGGER IF EXISTS rollup_agent_update;"
  "DROP TRIGGER IF EXISTS rollup_agent_delete; DROP TRIGGER IF EXISTS rollup_people_team;"
  "DROP TRIGGER IF EXISTS rollup_team_insert; DROP TRIGGER IF EXISTS rollup_team_update;"
  "DROP TRIGGER IF EXISTS rollup_team_delete;"
  "DROP TABLE rollup_agent_criteria; DROP TABLE rollup_team_criteria; DROP TABLE rollup_team_blocks;"
  "CREATE TABLE rollup_agent_criteria ("
  "  agent_id     INTEGER NOT NULL,"
  "  week         INTEGER NOT NULL,"
  "  rubric_id    TEXT NOT NULL,"
  "  criterion_id TEXT NOT NULL,"
  "  sum_v        REAL NOT NULL,"
  "  n_applicable INTEGER NOT NULL,"
  "  n_na         INTEGER NOT NULL,"
  "  n_failed     INTEGER NOT NULL,"
  "  sum_value    REAL NOT NULL,"      /* Σ v over the answers with a value */
  "  n_value      INTEGER NOT NULL,"   /* answers with a value */
  "  PRIMARY KEY (agent_id, week, rubric_id, criterion_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE rollup_team_criteria ("
  "  team_id      INTEGER NOT NULL,"
  "  week         INTEGER NOT NULL,"
  "  rubric_id    TEXT NOT NULL,"
  "  criterion_id TEXT NOT NULL,"
  "  sum_v        REAL NOT NULL,"
  "  n_applicable INTEGER NOT NULL,"
  "  n_na         INTEGER NOT NULL,"
  "  n_failed     INTEGER NOT NULL,"
  "  sum_value    REAL NOT NULL,"      /* Σ v over the answers with a value */
  "  n_value      INTEGER NOT NULL,"   /* answers with a value */
  "  PRIMARY KEY (week, team_id, rubric_id, criterion_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE rollup_team_blocks ("
  "  team_id      INTEGER NOT NULL,"
  "  block        INTEGER NOT NULL,"
  "  rubric_id    TEXT NOT NULL,"
  "  criterion_id TEXT NOT NULL,"
  "  sum_v        REAL NOT NULL,"
  "  n_applicable INTEGER NOT NULL,"
  "  n_na         INTEGER NOT NULL,"
  "  n_failed     INTEGER NOT NULL,"
  "  sum_value    REAL NOT NULL,"      /* Σ v over the answers with a value */
  "  n_value      INTEGER NOT NULL,"   /* answers with a value */
  "  PRIMARY KEY (block, team_id, rubric_id, criterion_id)"
  ") WITHOUT ROWID;"
  /* The Gaps report reads one rubric's weeks of every agent: from this
   * index alone (it covers the sums), summed in kz_sqlite_store_rollup_agents(). */
  "CREATE INDEX rollup_agent_criteria_rubric ON rollup_agent_criteria (rubric_id, week, agent_id, criterion_id,"
  "  sum_v, n_applicable, n_na, n_failed, sum_value, n_value);";

static gboolean
migrate_18_data (KzSqliteStore  *self,
                 GError        **error)
{
  return exec (self, rollup_rebuild, error) && exec (self, rollup_triggers, error);
}

static const char migration_17[] =
  "CREATE TABLE rubric_criteria ("
  "  rubric_id      TEXT NOT NULL,"
  "  rubric_version INTEGER NOT NULL,"
  "  criterion_id   TEXT NOT NULL,"
  "  scale_min      REAL NOT NULL,"
  "  scale_span     REAL NOT NULL CHECK (scale_span > 0),"
  "  na_value       REAL,"
  "  na_forbidden   INTEGER NOT NULL CHECK (na_forbidden IN (0, 1)),"
  "  fail_below     REAL,"
  "  PRIMARY KEY (rubric_id, rubric_version, criterion_id),"
  "  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics (id, version) ON DELETE CASCADE"
  ") WITHOUT ROWID;"
  "CREATE TABLE rollup_agent_criteria ("
  "  agent_id     INTEGER NOT NULL,"
  "  week         INTEGER NOT NULL,"
  "  criterion_id TEXT NOT NULL,"
  "  sum_v        REAL NOT NULL,"
  "  n_applicable INTEGER NOT NULL,"
  "  n_na         INTEGER NOT NULL,"
  "  n_failed     INTEGER NOT NULL,"
  "  PRIMARY KEY (agent_id, week, criterion_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE rollup_team_criteria ("
  "  team_id      INTEGER NOT NULL,"   /* 0: agents with no team */
  "  week         INTEGER NOT NULL,"
  "  criterion_id TEXT NOT NULL,"
  "  sum_v        REAL NOT NULL,"
  "  n_applicable INTEGER NOT NULL,"
  "  n_na         INTEGER NOT NULL,"
  "  n_failed     INTEGER NOT NULL,"
  "  PRIMARY KEY (week, team_id, criterion_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE rollup_team_blocks ("
  "  team_id      INTEGER NOT NULL,"
  "  block        INTEGER NOT NULL,"   /* 13-week block (KZ_ROLLUP_BLOCK) */
  "  criterion_id TEXT NOT NULL,"
  "  sum_v        REAL NOT NULL,"
  "  n_applicable INTEGER NOT NULL,"
  "  n_na         INTEGER NOT NULL,"
  "  n_failed     INTEGER NOT NULL,"
  "  PRIMARY KEY (block, team_id, criterion_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE rollup_agent_weeks ("
  "  agent_id      INTEGER NOT NULL,"
  "  week          INTEGER NOT NULL,"
  "  n_evaluations INTEGER NOT NULL,"
  "  n_scored      INTEGER NOT NULL,"
  "  sum_final     REAL NOT NULL,"
  "  n_passed      INTEGER NOT NULL,"
  "  n_auto_failed INTEGER NOT NULL,"
  "  PRIMARY KEY (agent_id, week)"
  ") WITHOUT ROWID;";

static gboolean fill_rubric_criteria (KzSqliteStore *self, KzRubric *rubric, GError **error);

/* Version 17's data: the scales of every stored rubric, then the roll-ups
 * from what is there, then the triggers that keep them. */
static gboolean
migrate_17_data (KzSqliteStore  *self,
                 GError        **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) versions = g_array_new (FALSE, FALSE, sizeof (int));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, version FROM rubrics", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int v = sqlite3_column_int (stmt, 1);
      g_ptr_array_add (ids, column_dup (stmt, 0));
      g_array_append_val (versions, v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("reading rubrics"));

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) rubric_error = NULL;
      g_autoptr(KzRubric) rubric = kz_sqlite_store_get_rubric (KZ_STORE (self), g_ptr_array_index (ids, i),
                                                               g_array_index (versions, int, i), &rubric_error);
      if (rubric == NULL)
        {
          /* As in version 2: an unreadable old rubric must not lock the file. */
          g_warning ("Rubric %s keeps no roll-ups: %s", (char *) g_ptr_array_index (ids, i),
                     rubric_error->message);
          continue;
        }
      if (!fill_rubric_criteria (self, rubric, error))
        return FALSE;
    }

  return exec (self, rollup_rebuild_17, error) && exec (self, rollup_triggers_17, error);
}

/* Version 15: the organisation's CX principles and personas (kz-cx.h).
 * Rubrics link to them by id in their own XML (principles="…",
 * personas="…"), so no link table: a rubric version's links are fixed
 * with it, as the rest of it is. */
static const char migration_15[] =
  "CREATE TABLE principles ("
  "  id          TEXT PRIMARY KEY CHECK (id <> ''),"
  "  position    INTEGER NOT NULL UNIQUE,"
  "  title       TEXT NOT NULL CHECK (title <> ''),"
  "  description TEXT"
  ");"
  "CREATE TABLE personas ("
  "  id           TEXT PRIMARY KEY CHECK (id <> ''),"
  "  position     INTEGER NOT NULL UNIQUE,"
  "  name         TEXT NOT NULL CHECK (name <> ''),"
  "  situation    TEXT,"
  "  goals        TEXT,"
  "  channel      TEXT NOT NULL CHECK (channel IN ('call','email','chat','self-service','any')),"
  "  tech_comfort INTEGER NOT NULL CHECK (tech_comfort BETWEEN 1 AND 5)"
  ");";

/* Version 16: from rubric gaps to coaching (kz-coaching.h, coaching.md).
 * The training catalog and the criteria each item addresses; manager-made
 * recommendation rules and the proposals they make (one pending a rule and
 * agent); plans — coaching sessions, eLearning assignments, group training
 * — with their criteria, evidence, action items, attendees and dropped
 * occurrences, a uid made once and a sequence raised on every change; the
 * coach's private notes apart (a team server shows them to the coach and
 * managers only); completions an LMS reported, once a statement id. */
static const char migration_16[] =
  "CREATE TABLE catalog_items ("
  "  id       INTEGER PRIMARY KEY,"
  "  kind     TEXT NOT NULL CHECK (kind IN ('elearning','course')),"
  "  title    TEXT NOT NULL CHECK (title <> ''),"
  "  link     TEXT,"
  "  file     TEXT,"
  "  minutes  INTEGER CHECK (minutes > 0),"
  "  capacity INTEGER CHECK (capacity > 0),"
  "  external_id TEXT UNIQUE CHECK (external_id <> ''),"
  "  CHECK (kind <> 'elearning' OR ((link IS NULL) <> (file IS NULL) AND minutes IS NOT NULL)),"
  "  CHECK (kind <> 'course' OR capacity IS NOT NULL)"
  ");"
  "CREATE TABLE catalog_criteria ("
  "  item_id      INTEGER NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,"
  "  position     INTEGER NOT NULL,"
  "  rubric_id    TEXT NOT NULL,"
  "  criterion_id TEXT NOT NULL,"
  "  PRIMARY KEY (item_id, rubric_id, criterion_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE coaching_rules ("
  "  id              INTEGER PRIMARY KEY,"
  "  rubric_id       TEXT NOT NULL,"
  "  criterion_id    TEXT NOT NULL,"
  "  condition       TEXT NOT NULL CHECK (condition IN ('last-n-failed','mean-below')),"
  "  n               INTEGER,"
  "  threshold       REAL,"
  "  days            INTEGER,"
  "  catalog_item_id INTEGER NOT NULL REFERENCES catalog_items (id) ON DELETE RESTRICT,"
  "  cooldown_weeks  INTEGER NOT NULL DEFAULT 0 CHECK (cooldown_weeks >= 0),"
  "  sla_days        INTEGER NOT NULL CHECK (sla_days >= 1),"
  "  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
  "  CHECK ((condition = 'last-n-failed' AND n >= 1) OR"
  "         (condition = 'mean-below' AND threshold BETWEEN 0 AND 100 AND days >= 1))"
  ");"
  "CREATE TABLE plans ("
  "  id               INTEGER PRIMARY KEY,"
  "  kind             TEXT NOT NULL CHECK (kind IN ('coaching','elearning','training')),"
  "  state            TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','done','missed','cancelled')),"
  "  title            TEXT NOT NULL CHECK (title <> ''),"
  "  agent_id         INTEGER REFERENCES people (id) ON DELETE RESTRICT,"
  "  coach_id         INTEGER REFERENCES people (id) ON DELETE RESTRICT,"
  "  catalog_item_id  INTEGER REFERENCES catalog_items (id) ON DELETE RESTRICT,"
  "  proposal_id      INTEGER,"
  "  agenda           TEXT,"
  "  shared_notes     TEXT,"
  "  acknowledged_at  INTEGER,"
  "  commitment       TEXT,"
  "  starts_at        INTEGER,"
  "  tzid             TEXT,"
  "  duration_minutes INTEGER NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0),"
  "  follow_up_on     TEXT,"
  "  due_on           TEXT,"
  "  place            TEXT,"
  "  link             TEXT,"
  "  capacity         INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),"
  "  freq             TEXT CHECK (freq IN ('daily','weekly','monthly','yearly')),"
  "  interval         INTEGER NOT NULL DEFAULT 1 CHECK (interval >= 1),"
  "  until            INTEGER,"
  "  count            INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),"
  "  byday            TEXT,"
  "  uid              TEXT NOT NULL UNIQUE CHECK (uid <> ''),"
  "  sequence         INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),"
  "  created_at       INTEGER NOT NULL,"
  "  updated_at       INTEGER NOT NULL,"
  "  completed_at     INTEGER,"
  "  CHECK ((state IN ('done','missed')) = (completed_at IS NOT NULL)),"
  "  CHECK (kind <> 'coaching' OR (agent_id IS NOT NULL AND coach_id IS NOT NULL)),"
  "  CHECK (kind <> 'elearning' OR (agent_id IS NOT NULL AND catalog_item_id IS NOT NULL AND due_on IS NOT NULL)),"
  "  CHECK (kind <> 'training' OR (catalog_item_id IS NOT NULL AND starts_at IS NOT NULL)),"
  "  CHECK (starts_at IS NULL OR tzid IS NOT NULL),"
  "  CHECK (until IS NULL OR count = 0)"
  ");"
  "CREATE INDEX plans_agent ON plans (agent_id);"
  "CREATE TRIGGER plans_uid_kept BEFORE UPDATE ON plans"
  "  WHEN NEW.uid IS NOT OLD.uid OR NEW.kind IS NOT OLD.kind OR NEW.sequence < OLD.sequence"
  " BEGIN SELECT RAISE (ABORT, 'a plan keeps its kind and uid, and its sequence only goes up'); END;"
  "CREATE TABLE plan_criteria ("
  "  plan_id      INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
  "  position     INTEGER NOT NULL,"
  "  rubric_id    TEXT NOT NULL,"
  "  criterion_id TEXT NOT NULL,"
  "  PRIMARY KEY (plan_id, rubric_id, criterion_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE plan_evidence ("
  "  plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
  "  position      INTEGER NOT NULL,"
  "  evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,"
  "  PRIMARY KEY (plan_id, evaluation_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE plan_private_notes ("
  "  plan_id INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,"
  "  notes   TEXT NOT NULL"
  ");"
  "CREATE TABLE action_items ("
  "  plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  text     TEXT NOT NULL CHECK (text <> ''),"
  "  owner_id INTEGER REFERENCES people (id) ON DELETE RESTRICT,"
  "  due_on   TEXT,"
  "  done     INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),"
  "  PRIMARY KEY (plan_id, position)"
  ") WITHOUT ROWID;"
  "CREATE TABLE plan_attendees ("
  "  plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
  "  position   INTEGER NOT NULL,"
  "  person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,"
  "  attendance TEXT NOT NULL DEFAULT 'unknown' CHECK (attendance IN ('unknown','attended','absent')),"
  "  PRIMARY KEY (plan_id, person_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX plan_attendees_person ON plan_attendees (person_id);"
  "CREATE TABLE plan_exdates ("
  "  plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
  "  at      INTEGER NOT NULL,"
  "  PRIMARY KEY (plan_id, at)"
  ") WITHOUT ROWID;"
  "CREATE TABLE proposals ("
  "  id         INTEGER PRIMARY KEY,"
  "  rule_id    INTEGER NOT NULL REFERENCES coaching_rules (id) ON DELETE CASCADE,"
  "  agent_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  reason     TEXT,"
  "  state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','accepted','dismissed')),"
  "  decided_at INTEGER,"
  "  decided_by INTEGER REFERENCES people (id) ON DELETE SET NULL,"
  "  plan_id    INTEGER REFERENCES plans (id) ON DELETE SET NULL,"
  "  CHECK ((state = 'pending') = (decided_at IS NULL))"
  ");"
  "CREATE UNIQUE INDEX proposals_one_pending ON proposals (rule_id, agent_id) WHERE state = 'pending';"
  "CREATE TABLE proposal_evidence ("
  "  proposal_id   INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,"
  "  position      INTEGER NOT NULL,"
  "  evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (proposal_id, evaluation_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE lms_completions ("
  "  id              INTEGER PRIMARY KEY,"
  "  person_id       INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  catalog_item_id INTEGER NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,"
  "  status          TEXT NOT NULL CHECK (status IN ('completed','passed','failed','attended','incomplete')),"
  "  completed_at    INTEGER NOT NULL,"
  "  score           REAL CHECK (score BETWEEN 0 AND 1),"
  "  passed          INTEGER CHECK (passed IN (0, 1)),"
  "  statement_id    TEXT UNIQUE CHECK (statement_id <> ''),"
  "  recorded_at     INTEGER NOT NULL"
  ");";

/* Version 19: the Evaluations list reads the newest first (ORDER BY
 * created_at DESC, id DESC LIMIT n); without this index a million
 * evaluations were sorted whole before the first row came back. */
static const char migration_19[] =
  "CREATE INDEX evaluations_created ON evaluations (created_at, id);";

/* Version 20: five WITHOUT ROWID tables made again with their primary key's
 * columns first.  SQLite 3.40 (Debian 12) reports "NULL value in T.C" from
 * PRAGMA integrity_check for a NOT NULL column of a WITHOUT ROWID table that
 * sits between its primary key's columns (position, in each of these),
 * though no row holds a NULL; the check of a backup had to know which of its
 * reports to disbelieve.  Same rows, same constraints, same index. */
#define KZ_REORDER(table, columns, create)                                  \
  "CREATE TABLE " table "_20 (" create ") WITHOUT ROWID;"                   \
  "INSERT INTO " table "_20 (" columns ") SELECT " columns " FROM " table ";" \
  "DROP TABLE " table ";"                                                   \
  "ALTER TABLE " table "_20 RENAME TO " table ";"
static const char migration_20[] =
  KZ_REORDER ("proposal_evidence", "proposal_id, evaluation_id, position",
              "  proposal_id   INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,"
              "  evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,"
              "  position      INTEGER NOT NULL,"
              "  PRIMARY KEY (proposal_id, evaluation_id)")
  KZ_REORDER ("plan_evidence", "plan_id, evaluation_id, position",
              "  plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
              "  evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,"
              "  position      INTEGER NOT NULL,"
              "  PRIMARY KEY (plan_id, evaluation_id)")
  KZ_REORDER ("plan_criteria", "plan_id, rubric_id, criterion_id, position",
              "  plan_id      INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
              "  rubric_id    TEXT NOT NULL,"
              "  criterion_id TEXT NOT NULL,"
              "  position     INTEGER NOT NULL,"
              "  PRIMARY KEY (plan_id, rubric_id, criterion_id)")
  KZ_REORDER ("catalog_criteria", "item_id, rubric_id, criterion_id, position",
              "  item_id      INTEGER NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,"
              "  rubric_id    TEXT NOT NULL,"
              "  criterion_id TEXT NOT NULL,"
              "  position     INTEGER NOT NULL,"
              "  PRIMARY KEY (item_id, rubric_id, criterion_id)")
  KZ_REORDER ("plan_attendees", "plan_id, person_id, position, attendance",
              "  plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
              "  person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,"
              "  position   INTEGER NOT NULL,"
              "  attendance TEXT NOT NULL DEFAULT 'unknown' CHECK (attendance IN ('unknown','attended','absent')),"
              "  PRIMARY KEY (plan_id, person_id)")
  "CREATE INDEX plan_attendees_person ON plan_attendees (person_id);";
#undef KZ_REORDER

static const struct {
  const char *sql;
  gboolean (*data) (KzSqliteStore *self, GError **error);
} migrations[] = {
  { migration_1, NULL },
  { migration_2, migrate_2_data },
  { migration_3, NULL },
  { migration_4, NULL },
  { migration_5, NULL },
  { migration_6, NULL },
  { migration_7, NULL },
  { migration_8, NULL },
  { migration_9, NULL },
  { migration_10, NULL },
  { migration_11, NULL },
  { migration_12, NULL },
  { migration_13, NULL },
  { migration_14, NULL },
  { migration_15, NULL },
  { migration_16, NULL },
  { migration_17, migrate_17_data },
  { migration_18, migrate_18_data },
  { migration_19, NULL },
  { migration_20, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KZ_SQLITE_SCHEMA_VERSION);

/* Refuses, before anything is written, a file that is someone else's
 * database or comes from a newer Kaizen.  Returns the schema version. */
static int
check_compatible (KzSqliteStore  *self,
                  GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1, app_id = -1, n_tables = -1;

  /* One statement, so all three come from the same snapshot even while
   * another program is creating the schema. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT (SELECT user_version FROM pragma_user_version), "
                          "       (SELECT application_id FROM pragma_application_id), "
                          "       (SELECT count(*) FROM sqlite_schema)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      version = sqlite3_column_int (stmt, 0);
      app_id = sqlite3_column_int (stmt, 1);
      n_tables = sqlite3_column_int (stmt, 2);
    }
  sqlite3_finalize (stmt);

  if (version < 0 || n_tables < 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE,
                   _("%s is not a Kaizen database (%s)"), self->path, sqlite3_errmsg (self->db));
      return -1;
    }

  if (n_tables > 0 && app_id != KZ_APPLICATION_ID)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE,
                   _("%s is a database, but not a Kaizen database; it was left untouched"),
                   self->path);
      return -1;
    }

  if (version > KZ_SQLITE_SCHEMA_VERSION)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Kaizen (database schema %d; "
                     "this version understands up to %d). Open it with a newer Kaizen; "
                     "the file was left untouched."),
                   self->path, version, KZ_SQLITE_SCHEMA_VERSION);
      return -1;
    }

  return version;
}

/* All steps run in one IMMEDIATE transaction, so a failure leaves the file
 * exactly as it was, and a second process opening the same new file waits
 * for the first and then finds the schema already there (the version is
 * read again once the write lock is held). */
static gboolean
migrate (KzSqliteStore  *self,
         int             target_version,
         GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  int version = check_compatible (self, error);
  int next = 0;

  if (version < 0)
    return FALSE;

  if (version < target_version)
    {
      if (!kz_sqlite_store_begin (KZ_STORE (self), error))
        return FALSE;

      version = check_compatible (self, error);
      if (version < 0)
        {
          kz_sqlite_store_rollback (KZ_STORE (self));
          return FALSE;
        }

      for (next = version + 1; next <= target_version; next++)
        {
          g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", next);

          /* Data steps read with the schema as it is at their step. */
          self->schema_version = next;
          if (!exec (self, migrations[next - 1].sql, &local_error) ||
              (migrations[next - 1].data != NULL && !migrations[next - 1].data (self, &local_error)) ||
              !exec (self, set_version, &local_error))
            break;
          g_debug ("%s: migrated to schema %d", self->path, next);
        }

      if (local_error == NULL &&
          exec (self, "PRAGMA application_id = 1264209457", &local_error) &&
          kz_sqlite_store_commit (KZ_STORE (self), &local_error))
        version = target_version;
      else
        {
          kz_sqlite_store_rollback (KZ_STORE (self));
          g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE,
                       _("Upgrading %s to schema %d failed; the file is unchanged: %s"),
                       self->path, next > 0 ? next : target_version, local_error->message);
          return FALSE;
        }
    }

  self->schema_version = version;
  return TRUE;
}

G_STATIC_ASSERT (KZ_APPLICATION_ID == 1264209457);

/* ------------------------------------------------------------------------ */

static int
kz_sqlite_store_get_schema_version (KzStore *store)
{
  return KZ_SQLITE_STORE (store)->schema_version;
}

static gboolean
kz_sqlite_store_is_shared (KzStore *store)
{
  return FALSE;
}

static const char *
kz_sqlite_store_describe (KzStore *store)
{
  return KZ_SQLITE_STORE (store)->description;
}

static const char *
kz_sqlite_store_get_identity (KzStore *store)
{
  return KZ_SQLITE_STORE (store)->identity;
}

static gint64
kz_sqlite_store_add_unit (KzStore     *store,
                          KzUnitKind   kind,
                          const char  *name,
                          gint64       parent_id,
                          GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "INSERT INTO units (kind, name, parent_id) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, kz_unit_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  bind_id_or_null (stmt, 3, parent_id);
  if (!step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static GPtrArray *
kz_sqlite_store_list_units (KzStore  *store,
                            GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_unit_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, kind, name, parent_id FROM units ORDER BY "
                        "CASE kind WHEN 'organisation' THEN 0 WHEN 'site' THEN 1 ELSE 2 END, name",
                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzUnit *u = g_new0 (KzUnit, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);

      u->id = sqlite3_column_int64 (stmt, 0);
      u->kind = g_str_equal (kind, "organisation") ? KZ_UNIT_ORGANISATION
              : g_str_equal (kind, "site") ? KZ_UNIT_SITE : KZ_UNIT_TEAM;
      u->name = column_dup (stmt, 2);
      u->parent_id = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (units, u);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading units"));
      return NULL;
    }
  return g_steal_pointer (&units);
}

static gint64
kz_sqlite_store_add_person (KzStore         *store,
                            const KzPerson  *person,
                            GError         **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 id;

  if (!kz_sqlite_store_begin (store, error))
    return 0;

  stmt = prepare (self, "INSERT INTO people (name, roles, team_id) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, person->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, person->roles);
  bind_id_or_null (stmt, 3, person->team_id);
  if (!step_done (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; person->emails != NULL && person->emails[i] != NULL; i++)
    {
      stmt = prepare (self, "INSERT INTO person_emails (email, person_id, position) "
                            "VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, person->emails[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_bind_int (stmt, 3, i);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
            g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                         _("The address %s already belongs to someone else"), person->emails[i]);
          else
            set_db_error (self, error, _("adding an email address"));
          sqlite3_reset (stmt);
          goto fail;
        }
      sqlite3_reset (stmt);
    }

  if (!kz_sqlite_store_commit (store, error))
    goto fail;
  return id;

fail:
  kz_sqlite_store_rollback (store);
  return 0;
}

static GStrv
load_emails (KzSqliteStore *self,
             gint64         person_id)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT email FROM person_emails WHERE person_id = ?1 ORDER BY position", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, person_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (b, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  return g_strv_builder_end (b);
}

static KzPerson *
person_from_row (KzSqliteStore *self,
                 sqlite3_stmt  *stmt)
{
  KzPerson *p = g_new0 (KzPerson, 1);

  p->id = sqlite3_column_int64 (stmt, 0);
  p->name = column_dup (stmt, 1);
  p->roles = sqlite3_column_int (stmt, 2);
  p->team_id = sqlite3_column_int64 (stmt, 3);
  return p;
}

static KzPerson *
get_person_where (KzSqliteStore  *self,
                  const char     *sql,
                  gint64          id,
                  const char     *email,
                  GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  KzPerson *p = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (email != NULL)
    sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    p = person_from_row (self, stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    {
      p->emails = load_emails (self, p->id);
      return p;
    }
  if (rc != SQLITE_DONE)
    set_db_error (self, error, _("reading people"));
  else if (email != NULL)
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Nobody has the address %s"), email);
  else
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                 _("There is no person with id %lld"), (long long) id);
  return NULL;
}

static KzPerson *
kz_sqlite_store_get_person (KzStore  *store,
                            gint64    id,
                            GError  **error)
{
  return get_person_where (KZ_SQLITE_STORE (store),
                           "SELECT id, name, roles, team_id FROM people WHERE id = ?1",
                           id, NULL, error);
}

static KzPerson *
kz_sqlite_store_find_person_by_email (KzStore     *store,
                                      const char  *email,
                                      GError     **error)
{
  return get_person_where (KZ_SQLITE_STORE (store),
                           "SELECT p.id, p.name, p.roles, p.team_id FROM people p "
                           "JOIN person_emails e ON e.person_id = p.id WHERE e.email = ?1",
                           0, email, error);
}

static GPtrArray *
kz_sqlite_store_list_people (KzStore  *store,
                             KzRoles   any_of,
                             GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_person_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, name, roles, team_id FROM people "
                        "WHERE ?1 = 0 OR (roles & ?1) != 0 ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, any_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (people, person_from_row (self, stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading people"));
      return NULL;
    }
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);
      p->emails = load_emails (self, p->id);
    }
  return g_steal_pointer (&people);
}

static gboolean add_rubric_rows (KzStore *store, KzRubric *rubric, gboolean *added, GError **error);

/* The rubric and its criteria's scales (schema 17), together. */
static gboolean
kz_sqlite_store_add_rubric (KzStore   *store,
                            KzRubric  *rubric,
                            gboolean  *added,
                            GError   **error)
{
  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  if (!add_rubric_rows (store, rubric, added, error))
    {
      kz_sqlite_store_rollback (store);
      *added = FALSE;
      return FALSE;
    }
  if (!kz_sqlite_store_commit (store, error))
    {
      *added = FALSE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_rubric_rows (KzStore   *store,
                 KzRubric  *rubric,
                 gboolean  *added,
                 GError   **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  GPtrArray *sections = kz_rubric_get_sections (rubric);
  int rc;

  *added = FALSE;

  stmt = prepare (self, "SELECT checksum FROM rubrics WHERE id = ?1 AND version = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kz_rubric_get_id (rubric), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, kz_rubric_get_version (rubric));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0),
                                 kz_rubric_get_checksum (rubric)) == 0;
      sqlite3_reset (stmt);
      if (same)
        return TRUE;
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                   _("Rubric “%s” version %d is already in the database with different content; "
                     "give the changed rubric a higher version"),
                   kz_rubric_get_id (rubric), kz_rubric_get_version (rubric));
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("reading rubrics"));

  stmt = prepare (self, "INSERT INTO rubrics (id, version, title, source, checksum, n_sections, "
                        "n_criteria, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kz_rubric_get_id (rubric), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, kz_rubric_get_version (rubric));
  sqlite3_bind_text (stmt, 3, kz_rubric_get_title (rubric), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kz_rubric_get_source (rubric), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, kz_rubric_get_checksum (rubric), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, sections->len);
  sqlite3_bind_int (stmt, 7, kz_rubric_get_n_criteria (rubric));
  sqlite3_bind_int64 (stmt, 8, g_get_real_time () / G_USEC_PER_SEC);
  if (!step_done (self, stmt, error))
    return FALSE;
  /* Schema 17's data step fills the table for the rubrics already there. */
  if (self->schema_version >= 17 && !fill_rubric_criteria (self, rubric, error))
    return FALSE;

  *added = TRUE;
  return TRUE;
}

/* What the roll-up triggers need of each criterion's scale. */
static gboolean
fill_rubric_criteria (KzSqliteStore  *self,
                      KzRubric       *rubric,
                      GError        **error)
{
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *section = g_ptr_array_index (sections, i);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          KzCriterion *c = g_ptr_array_index (section->criteria, j);
          double min = kz_scale_get_min (c->scale), max = kz_scale_get_max (c->scale);
          sqlite3_stmt *stmt;

          stmt = prepare (self, "INSERT OR REPLACE INTO rubric_criteria (rubric_id, rubric_version, criterion_id, "
                                "scale_min, scale_span, na_value, na_forbidden, fail_below) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, kz_rubric_get_id (rubric), -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (stmt, 2, kz_rubric_get_version (rubric));
          sqlite3_bind_text (stmt, 3, c->id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_double (stmt, 4, min);
          sqlite3_bind_double (stmt, 5, max - min);
          if (c->na_policy == KZ_NA_PASS)
            sqlite3_bind_double (stmt, 6, max);
          else if (c->na_policy == KZ_NA_FIXED)
            sqlite3_bind_double (stmt, 6, c->na_value);
          sqlite3_bind_int (stmt, 7, c->na_policy == KZ_NA_FORBIDDEN);
          if (c->has_fail_below)
            sqlite3_bind_double (stmt, 8, c->fail_below);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static KzRubric *
kz_sqlite_store_get_rubric (KzStore     *store,
                            const char  *id,
                            int          version,
                            GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autofree char *key = NULL;
  g_autofree char *source = NULL;
  g_autofree char *name = NULL;
  KzRubric *rubric;
  sqlite3_stmt *stmt;
  int rc;

  if (version > 0)
    {
      key = g_strdup_printf ("%s\n%d", id, version);
      rubric = g_hash_table_lookup (self->rubrics, key);
      if (rubric != NULL)
        return kz_rubric_ref (rubric);
    }

  stmt = prepare (self, "SELECT source, version FROM rubrics WHERE id = ?1 "
                        "AND (?2 = 0 OR version = ?2) ORDER BY version DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      source = column_dup (stmt, 0);
      version = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        set_db_error (self, error, _("reading rubrics"));
      else if (version > 0)
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                     _("There is no rubric “%s” version %d"), id, version);
      else
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no rubric “%s”"), id);
      return NULL;
    }

  g_clear_pointer (&key, g_free);
  key = g_strdup_printf ("%s\n%d", id, version);
  rubric = g_hash_table_lookup (self->rubrics, key);
  if (rubric != NULL)
    return kz_rubric_ref (rubric);

  name = g_strdup_printf ("%s (rubric %s version %d)", self->path, id, version);
  rubric = kz_rubric_load_data (source, strlen (source), name, error);
  if (rubric == NULL)
    return NULL;
  g_hash_table_insert (self->rubrics, g_steal_pointer (&key), kz_rubric_ref (rubric));
  return rubric;
}

static GPtrArray *
kz_sqlite_store_list_rubrics (KzStore  *store,
                              GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_info_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT r.id, r.version, r.title, r.n_sections, r.n_criteria, r.imported_at, "
                  "  (SELECT count(*) FROM evaluations e "
                  "   WHERE e.rubric_id = r.id AND e.rubric_version = r.version) "
                  "FROM rubrics r ORDER BY r.title COLLATE NOCASE, r.id, r.version", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzRubricInfo *info = g_new0 (KzRubricInfo, 1);

      info->id = column_dup (stmt, 0);
      info->version = sqlite3_column_int (stmt, 1);
      info->title = column_dup (stmt, 2);
      info->n_sections = sqlite3_column_int (stmt, 3);
      info->n_criteria = sqlite3_column_int (stmt, 4);
      info->imported_at = column_time (stmt, 5);
      info->n_evaluations = sqlite3_column_int (stmt, 6);
      g_ptr_array_add (list, info);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading rubrics"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gint64
kz_sqlite_store_add_interaction (KzStore              *store,
                                 const KzInteraction  *interaction,
                                 GError              **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  gint64 id;

  /* In a transaction of its own, so the text it queues for search is
   * indexed at the commit (or at the caller's, when there is one). */
  if (!kz_sqlite_store_begin (store, error))
    return 0;
  stmt = prepare (self, "INSERT INTO interactions (channel, agent_id, started_at, subject, "
                        "external_ref) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    {
      kz_sqlite_store_rollback (store);
      return 0;
    }
  sqlite3_bind_text (stmt, 1, kz_channel_to_string (interaction->channel), -1, SQLITE_STATIC);
  bind_id_or_null (stmt, 2, interaction->agent_id);
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (interaction->started_at));
  bind_text_or_null (stmt, 4, interaction->subject);
  bind_text_or_null (stmt, 5, interaction->external_ref);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                     _("The %s “%s” is already in the database"),
                     kz_channel_to_string (interaction->channel), interaction->external_ref);
      else
        set_db_error (self, error, _("adding an interaction"));
      sqlite3_reset (stmt);
      kz_sqlite_store_rollback (store);
      return 0;
    }
  sqlite3_reset (stmt);
  id = sqlite3_last_insert_rowid (self->db);
  if (!kz_sqlite_store_commit (store, error))
    {
      kz_sqlite_store_rollback (store);
      return 0;
    }
  return id;
}

static KzInteraction *
interaction_from_row (sqlite3_stmt *stmt)
{
  KzInteraction *it = g_new0 (KzInteraction, 1);

  it->id = sqlite3_column_int64 (stmt, 0);
  kz_channel_from_string ((const char *) sqlite3_column_text (stmt, 1), &it->channel);
  it->agent_id = sqlite3_column_int64 (stmt, 2);
  it->started_at = column_time (stmt, 3);
  it->subject = column_dup (stmt, 4);
  it->external_ref = column_dup (stmt, 5);
  return it;
}

static KzInteraction *
kz_sqlite_store_get_interaction (KzStore  *store,
                                 gint64    id,
                                 GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  KzInteraction *it = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, channel, agent_id, started_at, subject, external_ref "
                        "FROM interactions WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    it = interaction_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                 _("There is no interaction with id %lld"), (long long) id);
  else if (rc != SQLITE_ROW)
    set_db_error (self, error, _("reading interactions"));
  return it;
}

static GPtrArray *
kz_sqlite_store_list_interactions (KzStore  *store,
                                   GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_interaction_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, channel, agent_id, started_at, subject, external_ref "
                        "FROM interactions ORDER BY started_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, interaction_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading interactions"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The stored row version of an evaluation, or -1 when there is none. */
static int
current_row_version (KzSqliteStore *self,
                     gint64         id)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT row_version FROM evaluations WHERE id = ?1", NULL);
  int version = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return version;
}

static gint64
kz_sqlite_store_save_evaluation (KzStore       *store,
                                 KzEvaluation  *ev,
                                 GDateTime     *at,
                                 GError       **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autofree char *failed_by = NULL;
  GHashTableIter iter;
  KzAnswer *a;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 created = ev->created_at ? g_date_time_to_unix (ev->created_at) : now;
  /* A new evaluation may carry its own times (imports, demo data); saving
   * an existing one is a change made now, or at @at (back-dated history). */
  gint64 updated = at != NULL ? g_date_time_to_unix (at)
                 : (ev->id == 0 && ev->updated_at) ? g_date_time_to_unix (ev->updated_at) : now;
  gint64 id = ev->id;

  if (!kz_sqlite_store_begin (store, error))
    return 0;

  if (id == 0)
    stmt = prepare (self, "INSERT INTO evaluations (interaction_id, rubric_id, rubric_version, "
                          "reviewer_id, agent_id, state, created_at, updated_at, raw, final, pass, "
                          "auto_failed, failed_by, critical, is_calibration, calibration_session_id) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?17, ?18)",
                    error);
  else
    /* created_at (?7) is the first save's and never changes. */
    stmt = prepare (self, "UPDATE evaluations SET interaction_id = ?1, rubric_id = ?2, "
                          "rubric_version = ?3, reviewer_id = ?4, agent_id = ?5, state = ?6, "
                          "updated_at = ?8, raw = ?9, final = ?10, pass = ?11, "
                          "auto_failed = ?12, failed_by = ?13, critical = ?14, "
                          "row_version = row_version + 1 WHERE id = ?15 AND row_version = ?16",
                    error);
  if (stmt == NULL)
    goto fail;

  failed_by = ev->failed_by ? g_strjoinv (" ", ev->failed_by) : g_strdup ("");
  bind_id_or_null (stmt, 1, ev->interaction_id);
  sqlite3_bind_text (stmt, 2, ev->rubric_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, ev->rubric_version);
  sqlite3_bind_int64 (stmt, 4, ev->reviewer_id);
  sqlite3_bind_int64 (stmt, 5, ev->agent_id);
  sqlite3_bind_text (stmt, 6, kz_evaluation_state_to_string (ev->state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, created);
  sqlite3_bind_int64 (stmt, 8, updated);
  if (ev->has_score)
    {
      sqlite3_bind_double (stmt, 9, ev->raw);
      sqlite3_bind_double (stmt, 10, ev->final);
      sqlite3_bind_int (stmt, 11, ev->pass);
    }
  sqlite3_bind_int (stmt, 12, ev->auto_failed);
  bind_text_or_null (stmt, 13, *failed_by ? failed_by : NULL);
  if (ev->has_critical)
    sqlite3_bind_double (stmt, 14, ev->critical);
  if (id != 0)
    {
      sqlite3_bind_int64 (stmt, 15, id);
      sqlite3_bind_int (stmt, 16, ev->row_version);
    }
  else
    {
      sqlite3_bind_int (stmt, 17, ev->is_calibration ? 1 : 0);
      bind_id_or_null (stmt, 18, ev->calibration_session_id);
    }

  if (!step_done (self, stmt, error))
    goto fail;

  if (id == 0)
    id = sqlite3_last_insert_rowid (self->db);
  else if (sqlite3_changes (self->db) == 0)
    {
      int stored = current_row_version (self, id);

      if (stored < 0)
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                     _("There is no evaluation with id %lld"), (long long) id);
      else
        g_set_error (error, KZ_ERROR, KZ_ERROR_CONFLICT,
                     _("Someone else saved this evaluation after you opened it; nothing was "
                       "overwritten. Your answers are still here: reload to see theirs."));
      goto fail;
    }

  stmt = prepare (self, "DELETE FROM answers WHERE evaluation_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    goto fail;

  g_hash_table_iter_init (&iter, ev->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    {
      /* Unanswered is the absence of a row, never a stored N/A. */
      if (a->kind == KZ_ANSWER_UNANSWERED)
        continue;

      stmt = prepare (self, "INSERT INTO answers (evaluation_id, criterion_id, kind, value, comment, "
                            "comment_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, a->criterion_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, a->kind == KZ_ANSWER_NA ? "na" : "value", -1, SQLITE_STATIC);
      if (a->kind == KZ_ANSWER_VALUE)
        sqlite3_bind_double (stmt, 4, a->value);
      bind_text_or_null (stmt, 5, a->comment);
      if (a->comment_at_ms >= 0)
        sqlite3_bind_int (stmt, 6, a->comment_at_ms);
      if (!step_done (self, stmt, error))
        goto fail;
    }

  if (!kz_sqlite_store_commit (store, error))
    goto fail;
  ev->row_version = ev->id == 0 ? 1 : ev->row_version + 1;
  return id;

fail:
  kz_sqlite_store_rollback (store);
  return 0;
}

static KzAnswerSet *
load_answers (KzSqliteStore  *self,
              gint64          evaluation_id,
              GError        **error)
{
  g_autoptr(GHashTable) set = kz_answer_set_new ();
  /* Schema 2's data step reads answers before schema 8 added the time. */
  gboolean with_time = self->schema_version >= 8;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, with_time ? "SELECT criterion_id, kind, value, comment, comment_at_ms FROM answers "
                                    "WHERE evaluation_id = ?1"
                                  : "SELECT criterion_id, kind, value, comment, NULL FROM answers "
                                    "WHERE evaluation_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean na = g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "na");
      KzAnswer *a = kz_answer_new ((const char *) sqlite3_column_text (stmt, 0),
                                   na ? KZ_ANSWER_NA : KZ_ANSWER_VALUE,
                                   sqlite3_column_double (stmt, 2),
                                   (const char *) sqlite3_column_text (stmt, 3));

      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        a->comment_at_ms = sqlite3_column_int (stmt, 4);
      kz_answer_set_put (set, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading answers"));
      return NULL;
    }
  return g_steal_pointer (&set);
}

static KzEvaluation *
kz_sqlite_store_get_evaluation (KzStore  *store,
                                gint64    id,
                                GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(KzEvaluation) ev = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, interaction_id, rubric_id, rubric_version, reviewer_id, "
                        "agent_id, state, created_at, updated_at, raw, final, pass, auto_failed, "
                        "failed_by, critical, row_version, is_calibration, calibration_session_id, revision, "
                        "submitted_at FROM evaluations WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *failed_by = (const char *) sqlite3_column_text (stmt, 13);

      ev = kz_evaluation_new ();
      ev->id = sqlite3_column_int64 (stmt, 0);
      ev->interaction_id = sqlite3_column_int64 (stmt, 1);
      ev->rubric_id = column_dup (stmt, 2);
      ev->rubric_version = sqlite3_column_int (stmt, 3);
      ev->reviewer_id = sqlite3_column_int64 (stmt, 4);
      ev->agent_id = sqlite3_column_int64 (stmt, 5);
      ev->state = g_str_equal ((const char *) sqlite3_column_text (stmt, 6), "submitted")
                ? KZ_EVALUATION_SUBMITTED : KZ_EVALUATION_DRAFT;
      ev->created_at = column_time (stmt, 7);
      ev->updated_at = column_time (stmt, 8);
      ev->has_score = sqlite3_column_type (stmt, 10) != SQLITE_NULL;
      ev->raw = sqlite3_column_double (stmt, 9);
      ev->final = sqlite3_column_double (stmt, 10);
      ev->pass = sqlite3_column_int (stmt, 11);
      ev->auto_failed = sqlite3_column_int (stmt, 12);
      ev->failed_by = failed_by ? g_strsplit (failed_by, " ", -1) : g_new0 (char *, 1);
      ev->has_critical = sqlite3_column_type (stmt, 14) != SQLITE_NULL;
      ev->critical = sqlite3_column_double (stmt, 14);
      ev->row_version = sqlite3_column_int (stmt, 15);
      ev->is_calibration = sqlite3_column_int (stmt, 16);
      ev->calibration_session_id = sqlite3_column_int64 (stmt, 17);
      ev->revision = sqlite3_column_int (stmt, 18);
      if (sqlite3_column_type (stmt, 19) != SQLITE_NULL)
        ev->submitted_at = column_time (stmt, 19);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                   _("There is no evaluation with id %lld"), (long long) id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, error, _("reading evaluations"));
      return NULL;
    }

  g_clear_pointer (&ev->answers, g_hash_table_unref);
  ev->answers = load_answers (self, id, error);
  if (ev->answers == NULL)
    return NULL;
  return g_steal_pointer (&ev);
}

/* The columns of an evaluation's summary (summary_from_row() reads them). */
#define SUMMARY_SELECT \
  "SELECT e.id, e.created_at, a.name, r.name, e.rubric_id, e.rubric_version, " \
  "  ru.title, e.state, e.final, e.pass, i.channel, i.subject, e.agent_id, e.reviewer_id, " \
  "  e.interaction_id, e.is_calibration, e.revision, " \
  "  (SELECT max (k.revision) FROM acknowledgements k WHERE k.evaluation_id = e.id), " \
  "  (SELECT max (k.at) FROM acknowledgements k WHERE k.evaluation_id = e.id), " \
  "  (SELECT count(*) FROM disputes d WHERE d.evaluation_id = e.id), " \
  "  EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id AND d.state = 'open') " \
  "FROM evaluations e " \
  "JOIN people a ON a.id = e.agent_id " \
  "JOIN people r ON r.id = e.reviewer_id " \
  "JOIN rubrics ru ON ru.id = e.rubric_id AND ru.version = e.rubric_version " \
  "LEFT JOIN interactions i ON i.id = e.interaction_id "

static KzEvaluationSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  KzEvaluationSummary *s = g_new0 (KzEvaluationSummary, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->date = column_time (stmt, 1);
  s->agent_name = column_dup (stmt, 2);
  s->reviewer_name = column_dup (stmt, 3);
  s->rubric_id = column_dup (stmt, 4);
  s->rubric_version = sqlite3_column_int (stmt, 5);
  s->rubric_title = column_dup (stmt, 6);
  s->state = g_str_equal ((const char *) sqlite3_column_text (stmt, 7), "submitted")
           ? KZ_EVALUATION_SUBMITTED : KZ_EVALUATION_DRAFT;
  s->has_score = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
  s->final = sqlite3_column_double (stmt, 8);
  s->pass = sqlite3_column_int (stmt, 9);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    kz_channel_from_string ((const char *) sqlite3_column_text (stmt, 10), &s->channel);
  s->subject = column_dup (stmt, 11);
  s->agent_id = sqlite3_column_int64 (stmt, 12);
  s->reviewer_id = sqlite3_column_int64 (stmt, 13);
  s->interaction_id = sqlite3_column_int64 (stmt, 14);
  s->is_calibration = sqlite3_column_int (stmt, 15);
  s->revision = sqlite3_column_int (stmt, 16);
  s->acknowledged_revision = sqlite3_column_int (stmt, 17);
  if (sqlite3_column_type (stmt, 18) != SQLITE_NULL)
    s->acknowledged_at = column_time (stmt, 18);
  s->n_disputes = sqlite3_column_int (stmt, 19);
  s->dispute_open = sqlite3_column_int (stmt, 20);
  return s;
}

static GPtrArray *
kz_sqlite_store_list_evaluations (KzStore                   *store,
                                  const KzEvaluationFilter  *filter,
                                  GError                   **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_summary_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  SUMMARY_SELECT
                  "WHERE (?1 = 0 OR e.agent_id = ?1) AND (?2 = 0 OR e.reviewer_id = ?2) "
                  "  AND (?3 IS NULL OR e.rubric_id = ?3) AND (?4 = 0 OR e.state = 'submitted') "
                  "  AND (?5 = 0 OR e.interaction_id = ?5) "
                  "  AND ((?6 = 0 AND e.is_calibration = 0) OR (?6 <> 0 AND e.calibration_session_id = ?6)) "
                  "  AND (?7 IS NULL OR e.created_at >= ?7) AND (?8 IS NULL OR e.created_at < ?8) "
                  "ORDER BY e.created_at DESC, e.id DESC LIMIT ?9", error);
  if (stmt == NULL)
    return NULL;
  /* A negative LIMIT is none. */
  sqlite3_bind_int64 (stmt, 9, filter->limit > 0 ? (sqlite3_int64) filter->limit : -1);
  sqlite3_bind_int64 (stmt, 1, filter->agent_id);
  sqlite3_bind_int64 (stmt, 2, filter->reviewer_id);
  bind_text_or_null (stmt, 3, filter->rubric_id);
  sqlite3_bind_int (stmt, 4, filter->submitted_only ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, filter->interaction_id);
  sqlite3_bind_int64 (stmt, 6, filter->calibration_session_id);
  if (filter->from != NULL)
    sqlite3_bind_int64 (stmt, 7, g_date_time_to_unix (filter->from));
  if (filter->to != NULL)
    sqlite3_bind_int64 (stmt, 8, g_date_time_to_unix (filter->to));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, summary_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading evaluations"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gint64
kz_sqlite_store_find_message_interaction (KzStore     *store,
                                          const char  *message_id,
                                          GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "SELECT interaction_id FROM messages WHERE message_id = ?1", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, message_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading messages"));
      return -1;
    }
  return id;
}

/* One message and its attachments, inside the caller's savepoint. */
static gboolean
insert_message (KzSqliteStore         *self,
                gint64                 interaction_id,
                const KzEmailMessage  *m,
                GError               **error)
{
  g_autofree char *refs = m->references ? g_strjoinv (" ", m->references) : NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  stmt = prepare (self, "INSERT INTO messages (interaction_id, message_id, in_reply_to, refs, sender, "
                        "sender_address, recipients, cc, sent_at, subject, body) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, interaction_id);
  sqlite3_bind_text (stmt, 2, m->message_id, -1, SQLITE_STATIC);
  bind_static_or_null (stmt, 3, m->in_reply_to);
  bind_static_or_null (stmt, 4, refs && *refs ? refs : NULL);
  bind_static_or_null (stmt, 5, m->from);
  bind_static_or_null (stmt, 6, m->from_address);
  bind_static_or_null (stmt, 7, m->to);
  bind_static_or_null (stmt, 8, m->cc);
  if (m->date != NULL)
    sqlite3_bind_int64 (stmt, 9, g_date_time_to_unix (m->date));
  bind_static_or_null (stmt, 10, m->subject);
  sqlite3_bind_text (stmt, 11, m->body ? m->body : "", -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("The message <%s> is already in the database"),
                     m->message_id);
      else
        set_db_error (self, error, _("adding a message"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  id = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; m->attachments != NULL && i < m->attachments->len; i++)
    {
      KzAttachment *a = g_ptr_array_index (m->attachments, i);

      stmt = prepare (self, "INSERT INTO attachments (message_id, position, filename, mime_type, size) "
                            "VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, a->filename, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, a->mime_type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, a->size);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Up to this many messages go into one INSERT: in a transaction, each
 * statement that fires a trigger keeps a statement journal of every page
 * it touches, and that (not the row) was most of a message's cost. */
#define MESSAGES_A_STATEMENT 8

static const char *
insert_messages_sql (guint n)
{
  static char *sql[MESSAGES_A_STATEMENT + 1];
  static gsize once;

  g_return_val_if_fail (n >= 2 && n <= MESSAGES_A_STATEMENT, NULL);
  if (g_once_init_enter (&once))
    {
      for (guint k = 2; k <= MESSAGES_A_STATEMENT; k++)
        {
          GString *s = g_string_new ("INSERT INTO messages (interaction_id, message_id, in_reply_to, refs, sender, "
                                     "sender_address, recipients, cc, sent_at, subject, body) VALUES ");

          for (guint r = 0; r < k; r++)
            {
              guint b = r * 11;

              g_string_append_printf (s, "%s(?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u)", r ? ", " : "",
                                      b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11);
            }
          sql[k] = g_string_free (s, FALSE);
        }
      g_once_init_leave (&once, 1);
    }
  return sql[n];
}

/* @n messages without attachments (2 ≤ @n ≤ MESSAGES_A_STATEMENT) in one
 * statement.  FALSE, with nothing of them stored, when the database refuses
 * any: the caller then stores them one by one for the precise reason. */
static gboolean
insert_messages_at_once (KzSqliteStore         *self,
                         gint64                 interaction_id,
                         KzEmailMessage * const *messages,
                         guint                  n,
                         GError               **error)
{
  char *refs[MESSAGES_A_STATEMENT] = { NULL };
  sqlite3_stmt *stmt = prepare (self, insert_messages_sql (n), error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < n; r++)
    {
      const KzEmailMessage *m = messages[r];
      int b = (int) r * 11;

      refs[r] = m->references ? g_strjoinv (" ", m->references) : NULL;
      sqlite3_bind_int64 (stmt, b + 1, interaction_id);
      sqlite3_bind_text (stmt, b + 2, m->message_id, -1, SQLITE_STATIC);
      bind_static_or_null (stmt, b + 3, m->in_reply_to);
      bind_static_or_null (stmt, b + 4, refs[r] && *refs[r] ? refs[r] : NULL);
      bind_static_or_null (stmt, b + 5, m->from);
      bind_static_or_null (stmt, b + 6, m->from_address);
      bind_static_or_null (stmt, b + 7, m->to);
      bind_static_or_null (stmt, b + 8, m->cc);
      if (m->date != NULL)
        sqlite3_bind_int64 (stmt, b + 9, g_date_time_to_unix (m->date));
      bind_static_or_null (stmt, b + 10, m->subject);
      sqlite3_bind_text (stmt, b + 11, m->body ? m->body : "", -1, SQLITE_STATIC);
    }
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_reset (stmt);
  for (guint r = 0; r < n; r++)
    g_free (refs[r]);
  return ok;
}

/* One savepoint for all: each savepoint makes the FTS5 index flush, which
 * per message would cost more than the parsing. */
static gboolean
kz_sqlite_store_add_messages (KzStore                 *store,
                              gint64                   interaction_id,
                              KzEmailMessage * const  *messages,
                              guint                    n_messages,
                              GError                 **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < n_messages;)
    {
      guint run = 0;

      /* A run of messages without attachments (whose rows need no id back)
       * goes in at once, rows in the same order and with the same ids as
       * one by one. */
      while (run < MESSAGES_A_STATEMENT && i + run < n_messages &&
             (messages[i + run]->attachments == NULL || messages[i + run]->attachments->len == 0))
        run++;
      if (run >= 2)
        {
          if (insert_messages_at_once (self, interaction_id, messages + i, run, NULL))
            {
              i += run;
              continue;
            }
          /* Refused: if SQLite gave up the whole transaction, say so; else
           * (the statement undid itself) one by one says which and why. */
          if (sqlite3_get_autocommit (self->db))
            {
              set_db_error (self, error, _("adding a message"));
              kz_sqlite_store_rollback (store);
              return FALSE;
            }
        }
      for (guint end = i + MAX (run, 1); i < end; i++)
        if (!insert_message (self, interaction_id, messages[i], error))
          {
            kz_sqlite_store_rollback (store);
            return FALSE;
          }
    }
  if (!kz_sqlite_store_commit (store, error))
    {
      kz_sqlite_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
kz_sqlite_store_list_messages (KzStore  *store,
                               gint64    interaction_id,
                               GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, message_id, in_reply_to, refs, sender, sender_address, recipients, cc, "
                        "sent_at, subject, body FROM messages WHERE interaction_id = ?1 "
                        "ORDER BY sent_at IS NULL, sent_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, interaction_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzEmailMessage *m = g_new0 (KzEmailMessage, 1);
      const char *refs = (const char *) sqlite3_column_text (stmt, 3);
      gint64 id = sqlite3_column_int64 (stmt, 0);

      m->message_id = column_dup (stmt, 1);
      m->in_reply_to = column_dup (stmt, 2);
      m->references = refs ? g_strsplit (refs, " ", -1) : g_new0 (char *, 1);
      m->from = column_dup (stmt, 4);
      m->from_address = column_dup (stmt, 5);
      m->to = column_dup (stmt, 6);
      m->cc = column_dup (stmt, 7);
      m->date = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? NULL : column_time (stmt, 8);
      m->subject = column_dup (stmt, 9);
      m->body = column_dup (stmt, 10);
      m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
      g_ptr_array_add (list, m);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading messages"));
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (list, i);

      stmt = prepare (self, "SELECT filename, mime_type, size FROM attachments WHERE message_id = ?1 "
                            "ORDER BY position", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          KzAttachment *a = g_new0 (KzAttachment, 1);

          a->filename = column_dup (stmt, 0);
          a->mime_type = column_dup (stmt, 1);
          a->size = sqlite3_column_int64 (stmt, 2);
          g_ptr_array_add (m->attachments, a);
        }
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&list);
}

static gboolean
kz_sqlite_store_add_call (KzStore       *store,
                          const KzCall  *call,
                          GError       **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;

  stmt = prepare (self, "INSERT INTO calls (interaction_id, duration_s, direction, customer_ref, audio_path, "
                        "audio_type) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, call->interaction_id);
  sqlite3_bind_int (stmt, 2, call->duration_s);
  sqlite3_bind_text (stmt, 3, call->direction == KZ_DIRECTION_INBOUND ? "inbound" : "outbound", -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 4, call->customer_ref);
  sqlite3_bind_text (stmt, 5, call->audio_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, call->audio_type, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    goto fail;

  for (guint i = 0; call->transcript != NULL && i < call->transcript->len; i++)
    {
      KzTranscriptSegment *seg = g_ptr_array_index (call->transcript, i);

      stmt = prepare (self, "INSERT INTO transcript_segments (interaction_id, position, start_ms, end_ms, "
                            "speaker, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, call->interaction_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_int (stmt, 3, seg->start_ms);
      sqlite3_bind_int (stmt, 4, seg->end_ms);
      bind_text_or_null (stmt, 5, seg->speaker);
      sqlite3_bind_text (stmt, 6, seg->text, -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        goto fail;
    }

  if (!kz_sqlite_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

static KzCall *
kz_sqlite_store_get_call (KzStore  *store,
                          gint64    interaction_id,
                          GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(KzCall) call = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT duration_s, direction, customer_ref, audio_path, audio_type FROM calls "
                        "WHERE interaction_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, interaction_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      call = g_new0 (KzCall, 1);
      call->interaction_id = interaction_id;
      call->duration_s = sqlite3_column_int (stmt, 0);
      call->direction = g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "inbound")
                      ? KZ_DIRECTION_INBOUND : KZ_DIRECTION_OUTBOUND;
      call->customer_ref = column_dup (stmt, 2);
      call->audio_path = column_dup (stmt, 3);
      call->audio_type = column_dup (stmt, 4);
      call->transcript = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Interaction %lld is not a call"),
                   (long long) interaction_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, error, _("reading calls"));
      return NULL;
    }

  stmt = prepare (self, "SELECT start_ms, end_ms, speaker, text FROM transcript_segments "
                        "WHERE interaction_id = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, interaction_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KzTranscriptSegment *seg = g_new0 (KzTranscriptSegment, 1);

      seg->start_ms = sqlite3_column_int (stmt, 0);
      seg->end_ms = sqlite3_column_int (stmt, 1);
      seg->speaker = column_dup (stmt, 2);
      seg->text = column_dup (stmt, 3);
      g_ptr_array_add (call->transcript, seg);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&call);
}

/* The WHERE clause of the interaction list: fixed fragments only; every
 * value, the search words included, is bound (?1–?6, then one a word). */
static char *
interaction_where (const KzInteractionQuery  *q,
                   GStrv                      words)
{
  g_autoptr(GString) sql = g_string_new (
    "FROM interactions i LEFT JOIN people p ON p.id = i.agent_id "
    "WHERE (?1 IS NULL OR i.channel = ?1) AND (?2 = 0 OR i.agent_id = ?2) AND (?3 = 0 OR p.team_id = ?3) "
    "  AND (?4 IS NULL OR i.started_at >= ?4) AND (?5 IS NULL OR i.started_at < ?5) "
    "  AND (?6 = 0 OR (?6 = 1) = EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id "
    "                                   AND e.state = 'submitted' AND e.is_calibration = 0)) "
    "  AND (?15 = 0 OR EXISTS (SELECT 1 FROM assignments a WHERE a.interaction_id = i.id AND a.reviewer_id = ?15)) "
    "  AND (?16 = 0 OR NOT EXISTS (SELECT 1 FROM assignments a WHERE a.interaction_id = i.id)) ");

  static const char * const word_params[] = { "?7", "?8", "?9", "?10", "?11", "?12", "?13", "?14" };

  for (guint i = 0; words[i] != NULL && i < G_N_ELEMENTS (word_params); i++)
    {
      g_string_append (sql, " AND i.id IN (SELECT interaction_id FROM search_text WHERE search_text MATCH ");
      g_string_append (sql, word_params[i]);
      g_string_append (sql, ") ");
    }
  /* A row value, so the (started_at, id) index seeks to the cursor. */
  if (q->cursor_id > 0)
    g_string_append (sql, " AND (i.started_at, i.id) < (?17, ?18) ");
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
bind_interaction_query (sqlite3_stmt              *stmt,
                        const KzInteractionQuery  *q,
                        GStrv                      words)
{
  bind_text_or_null (stmt, 1, q->any_channel ? NULL : kz_channel_to_string (q->channel));
  sqlite3_bind_int64 (stmt, 2, q->agent_id);
  sqlite3_bind_int64 (stmt, 3, q->team_id);
  if (q->from)
    sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (q->from));
  if (q->to)
    sqlite3_bind_int64 (stmt, 5, g_date_time_to_unix (q->to));
  sqlite3_bind_int (stmt, 6, q->reviewed == KZ_REVIEWED_ANY ? 0 : q->reviewed == KZ_REVIEWED_YES ? 1 : 2);
  sqlite3_bind_int64 (stmt, 15, q->assigned_to);
  sqlite3_bind_int (stmt, 16, q->unassigned_only ? 1 : 0);
  if (q->cursor_id > 0)
    {
      sqlite3_bind_int64 (stmt, 17, q->cursor_started_at);
      sqlite3_bind_int64 (stmt, 18, q->cursor_id);
    }
  for (guint i = 0; words[i] != NULL; i++)
    {
      /* An FTS5 string token: quotes doubled, the last word also a prefix. */
      g_autoptr(GString) token = g_string_new ("\"");
      for (const char *c = words[i]; *c; c++)
        {
          if (*c == '"')
            g_string_append_c (token, '"');
          g_string_append_c (token, *c);
        }
      g_string_append_c (token, '"');
      if (words[i + 1] == NULL)
        g_string_append_c (token, '*');
      sqlite3_bind_text (stmt, 7 + i, token->str, -1, SQLITE_TRANSIENT);
    }
}

static GPtrArray *
kz_sqlite_store_search_interactions (KzStore                   *store,
                                     const KzInteractionQuery  *q,
                                     guint                      offset,
                                     guint                      limit,
                                     GError                   **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_auto(GStrv) words = kz_search_words (q->text);
  g_autofree char *where = interaction_where (q, words);
  g_autofree char *sql = g_strconcat ("SELECT i.id, i.channel, i.started_at, i.agent_id, p.name, i.subject, "
                                      "(SELECT count(*) FROM evaluations e WHERE e.interaction_id = i.id "
                                      " AND e.is_calibration = 0), "
                                      "(SELECT count(*) FROM evaluations e WHERE e.interaction_id = i.id "
                                      " AND e.state = 'submitted' AND e.is_calibration = 0) ",
                                      where, " ORDER BY i.started_at DESC, i.id DESC LIMIT ?20 OFFSET ?21", NULL);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_interaction_summary_free);
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_interaction_query (stmt, q, words);
  sqlite3_bind_int64 (stmt, 20, limit);
  sqlite3_bind_int64 (stmt, 21, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzInteractionSummary *s = g_new0 (KzInteractionSummary, 1);

      s->id = sqlite3_column_int64 (stmt, 0);
      kz_channel_from_string ((const char *) sqlite3_column_text (stmt, 1), &s->channel);
      s->started_at = column_time (stmt, 2);
      s->agent_id = sqlite3_column_int64 (stmt, 3);
      s->agent_name = column_dup (stmt, 4);
      s->subject = column_dup (stmt, 5);
      s->n_evaluations = sqlite3_column_int (stmt, 6);
      s->n_submitted = sqlite3_column_int (stmt, 7);
      g_ptr_array_add (list, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("searching interactions"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gint64
kz_sqlite_store_count_interactions (KzStore                   *store,
                                    const KzInteractionQuery  *q,
                                    GError                   **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_auto(GStrv) words = kz_search_words (q->text);
  g_autofree char *where = interaction_where (q, words);
  g_autofree char *sql = g_strconcat ("SELECT count(*) ", where, NULL);
  sqlite3_stmt *stmt = prepare (self, sql, error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  bind_interaction_query (stmt, q, words);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    set_db_error (self, error, _("counting interactions"));
  sqlite3_reset (stmt);
  return n;
}

static gboolean
kz_sqlite_store_assign (KzStore  *store,
                        gint64    interaction_id,
                        gint64    reviewer_id,
                        GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "INSERT OR IGNORE INTO assignments (interaction_id, reviewer_id) "
                                      "VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, interaction_id);
  sqlite3_bind_int64 (stmt, 2, reviewer_id);
  return step_done (self, stmt, error);
}

static GPtrArray *
kz_sqlite_store_coverage (KzStore    *store,
                          GDateTime  *from,
                          GDateTime  *to,
                          GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_coverage_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT p.id, p.name, count(*), "
                  "  sum(EXISTS (SELECT 1 FROM assignments a WHERE a.interaction_id = i.id)), "
                  "  sum(EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id "
                  "              AND e.state = 'submitted' AND e.is_calibration = 0)) "
                  "FROM interactions i JOIN people p ON p.id = i.agent_id "
                  "WHERE i.started_at >= ?1 AND i.started_at < ?2 "
                  "GROUP BY p.id, p.name ORDER BY p.name, p.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (from));
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (to));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzCoverage *c = g_new0 (KzCoverage, 1);

      c->agent_id = sqlite3_column_int64 (stmt, 0);
      c->agent_name = column_dup (stmt, 1);
      c->n_interactions = sqlite3_column_int (stmt, 2);
      c->n_sampled = sqlite3_column_int (stmt, 3);
      c->n_reviewed = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading coverage"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_sqlite_store_answer_tallies (KzStore     *store,
                                const char  *rubric_id,
                                GDateTime   *from,
                                GDateTime   *to,
                                GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_answer_tally_free);
  sqlite3_stmt *stmt;
  int rc;

  /* The latest revision is the one the evaluation names (submitted
   * evaluations always have one; calibration evaluations never count). */
  stmt = prepare (self,
                  "SELECT e.agent_id, coalesce (p.team_id, 0), r.rubric_version, a.criterion_id, "
                  "  a.kind = 'na', CASE WHEN a.kind = 'na' THEN 0 ELSE a.value END, count(*) "
                  "FROM evaluations e "
                  "JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.revision "
                  "JOIN revision_answers a ON a.evaluation_id = e.id AND a.revision = e.revision "
                  "JOIN people p ON p.id = e.agent_id "
                  "WHERE e.rubric_id = ?1 AND e.state = 'submitted' AND e.is_calibration = 0 "
                  "  AND (?2 IS NULL OR e.created_at >= ?2) AND (?3 IS NULL OR e.created_at < ?3) "
                  "  AND (a.kind = 'na' OR a.value IS NOT NULL) "
                  "GROUP BY 1, 2, 3, 4, 5, 6", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, rubric_id, -1, SQLITE_TRANSIENT);
  if (from != NULL)
    sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (from));
  else
    sqlite3_bind_null (stmt, 2);
  if (to != NULL)
    sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (to));
  else
    sqlite3_bind_null (stmt, 3);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzAnswerTally *t = g_new0 (KzAnswerTally, 1);

      t->agent_id = sqlite3_column_int64 (stmt, 0);
      t->team_id = sqlite3_column_int64 (stmt, 1);
      t->rubric_version = sqlite3_column_int (stmt, 2);
      t->criterion_id = column_dup (stmt, 3);
      t->is_na = sqlite3_column_int (stmt, 4);
      t->value = sqlite3_column_double (stmt, 5);
      t->count = sqlite3_column_int (stmt, 6);
      g_ptr_array_add (list, t);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading answers"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static GArray *
kz_sqlite_store_criterion_answers (KzStore     *store,
                                   const char  *rubric_id,
                                   const char  *criterion_id,
                                   GDateTime   *from,
                                   GDateTime   *to,
                                   GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (KzCriterionAnswer));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT e.id, e.agent_id, e.created_at, r.rubric_version, a.kind = 'na', coalesce (a.value, 0) "
                  "FROM evaluations e "
                  "JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.revision "
                  "JOIN revision_answers a ON a.evaluation_id = e.id AND a.revision = e.revision "
                  "WHERE e.rubric_id = ?1 AND a.criterion_id = ?2 AND e.state = 'submitted' "
                  "  AND e.is_calibration = 0 "
                  "  AND (?3 IS NULL OR e.created_at >= ?3) AND (?4 IS NULL OR e.created_at < ?4) "
                  "  AND (a.kind = 'na' OR a.value IS NOT NULL) "
                  "ORDER BY e.created_at, e.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, rubric_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, criterion_id, -1, SQLITE_TRANSIENT);
  if (from != NULL)
    sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (from));
  else
    sqlite3_bind_null (stmt, 3);
  if (to != NULL)
    sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (to));
  else
    sqlite3_bind_null (stmt, 4);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzCriterionAnswer a = {
        .evaluation_id = sqlite3_column_int64 (stmt, 0),
        .agent_id = sqlite3_column_int64 (stmt, 1),
        .created_at = sqlite3_column_int64 (stmt, 2),
        .rubric_version = sqlite3_column_int (stmt, 3),
        .is_na = sqlite3_column_int (stmt, 4),
        .value = sqlite3_column_double (stmt, 5),
      };

      g_array_append_val (list, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading answers"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_sqlite_store_rated_answers (KzStore     *store,
                               const char  *rubric_id,
                               GDateTime   *from,
                               GDateTime   *to,
                               GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rated_answer_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT e.id, e.interaction_id, r.rubric_version, a.criterion_id, a.kind = 'na', "
                  "  coalesce (a.value, 0), f.scale, f.rating "
                  "FROM evaluations e "
                  "JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.revision "
                  "JOIN revision_answers a ON a.evaluation_id = e.id AND a.revision = e.revision "
                  "JOIN customer_feedback f ON f.interaction_id = e.interaction_id "
                  "WHERE e.rubric_id = ?1 AND e.state = 'submitted' AND e.is_calibration = 0 "
                  "  AND (?2 IS NULL OR e.created_at >= ?2) AND (?3 IS NULL OR e.created_at < ?3) "
                  "  AND (a.kind = 'na' OR a.value IS NOT NULL) "
                  "ORDER BY e.id, a.criterion_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, rubric_id, -1, SQLITE_TRANSIENT);
  if (from != NULL)
    sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (from));
  else
    sqlite3_bind_null (stmt, 2);
  if (to != NULL)
    sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (to));
  else
    sqlite3_bind_null (stmt, 3);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzRatedAnswer *a = g_new0 (KzRatedAnswer, 1);

      a->evaluation_id = sqlite3_column_int64 (stmt, 0);
      a->interaction_id = sqlite3_column_int64 (stmt, 1);
      a->rubric_version = sqlite3_column_int (stmt, 2);
      a->criterion_id = column_dup (stmt, 3);
      a->is_na = sqlite3_column_int (stmt, 4);
      a->value = sqlite3_column_double (stmt, 5);
      kz_feedback_scale_from_string ((const char *) sqlite3_column_text (stmt, 6), &a->scale);
      a->rating = sqlite3_column_int (stmt, 7);
      g_ptr_array_add (list, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading rated answers"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gint64
kz_sqlite_store_find_interaction (KzStore     *store,
                                  const char  *external_ref,
                                  GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "SELECT id FROM interactions WHERE external_ref = ?1 "
                                      "ORDER BY id LIMIT 1", error);
  gint64 id = 0;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, external_ref, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gboolean
kz_sqlite_store_set_feedback (KzStore           *store,
                              const KzFeedback  *fb,
                              GError           **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO customer_feedback (interaction_id, scale, rating, "
                                      "comment, given_at) VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, fb->interaction_id);
  sqlite3_bind_text (stmt, 2, kz_feedback_scale_to_string (fb->scale), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, fb->rating);
  bind_text_or_null (stmt, 4, fb->comment);
  if (fb->given_at)
    sqlite3_bind_int64 (stmt, 5, g_date_time_to_unix (fb->given_at));
  return step_done (self, stmt, error);
}

static KzFeedback *
kz_sqlite_store_get_feedback (KzStore  *store,
                              gint64    interaction_id,
                              GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "SELECT scale, rating, comment, given_at FROM customer_feedback "
                                      "WHERE interaction_id = ?1", error);
  KzFeedback *fb = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, interaction_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      fb = g_new0 (KzFeedback, 1);
      fb->interaction_id = interaction_id;
      kz_feedback_scale_from_string ((const char *) sqlite3_column_text (stmt, 0), &fb->scale);
      fb->rating = sqlite3_column_int (stmt, 1);
      fb->comment = column_dup (stmt, 2);
      fb->given_at = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? NULL : column_time (stmt, 3);
    }
  sqlite3_reset (stmt);
  return fb;
}

static gint64
kz_sqlite_store_count (KzStore       *store,
                       KzRecordKind   what,
                       GError       **error)
{
  static const char * const counts[] = {
    [KZ_RECORD_PEOPLE] = "SELECT count(*) FROM people",
    [KZ_RECORD_UNITS] = "SELECT count(*) FROM units",
    [KZ_RECORD_RUBRICS] = "SELECT count(*) FROM rubrics",
    [KZ_RECORD_INTERACTIONS] = "SELECT count(*) FROM interactions",
    [KZ_RECORD_EVALUATIONS] = "SELECT count(*) FROM evaluations WHERE is_calibration = 0",
    [KZ_RECORD_ANSWERS] = "SELECT count(*) FROM answers",
    [KZ_RECORD_MESSAGES] = "SELECT count(*) FROM messages",
    [KZ_RECORD_ATTACHMENTS] = "SELECT count(*) FROM attachments",
    [KZ_RECORD_CALLS] = "SELECT count(*) FROM calls",
    [KZ_RECORD_TRANSCRIPT_SEGMENTS] = "SELECT count(*) FROM transcript_segments",
    [KZ_RECORD_FEEDBACK] = "SELECT count(*) FROM customer_feedback",
    [KZ_RECORD_ASSIGNMENTS] = "SELECT count(*) FROM assignments",
    [KZ_RECORD_SURVEY_QUESTIONS] = "SELECT count(*) FROM survey_questions",
    [KZ_RECORD_PULSE_PLANS] = "SELECT count(*) FROM pulse_plans",
    [KZ_RECORD_SURVEY_ROUNDS] = "SELECT count(*) FROM survey_rounds",
    [KZ_RECORD_SURVEY_ANSWERS] = "SELECT count(*) FROM survey_answers",
    [KZ_RECORD_SURVEY_PARTICIPATION] = "SELECT count(*) FROM survey_participation",
    [KZ_RECORD_IDEAS] = "SELECT count(*) FROM ideas",
    [KZ_RECORD_IDEA_COMMENTS] = "SELECT count(*) FROM idea_comments",
    [KZ_RECORD_IDEA_VOTES] = "SELECT count(*) FROM idea_votes",
    [KZ_RECORD_CALIBRATION_SESSIONS] = "SELECT count(*) FROM calibration_sessions",
    [KZ_RECORD_CALIBRATION_EVALUATIONS] = "SELECT count(*) FROM evaluations WHERE is_calibration = 1",
    [KZ_RECORD_REVISIONS] = "SELECT count(*) FROM evaluation_revisions",
    [KZ_RECORD_ACKNOWLEDGEMENTS] = "SELECT count(*) FROM acknowledgements",
    [KZ_RECORD_DISPUTES] = "SELECT count(*) FROM disputes",
    [KZ_RECORD_DISPUTE_ITEMS] = "SELECT count(*) FROM dispute_items",
    [KZ_RECORD_AUDIT_ENTRIES] = "SELECT count(*) FROM audit_trail",
    [KZ_RECORD_PRINCIPLES] = "SELECT count(*) FROM principles",
    [KZ_RECORD_PERSONAS] = "SELECT count(*) FROM personas",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (counts) == KZ_RECORD_N_KINDS);
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 n;

  /* Before schema 14 there was no calibration, and no history. */
  if (self->schema_version < 14 && what >= KZ_RECORD_CALIBRATION_SESSIONS)
    return 0;
  stmt = prepare (self, self->schema_version < 14 && what == KZ_RECORD_EVALUATIONS
                        ? "SELECT count(*) FROM evaluations" : counts[what], error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self, error, _("counting records"));
      sqlite3_reset (stmt);
      return -1;
    }
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* ------------------------------------------------------------------------ */
/* Staff voice.  kz-store.c has checked the rules; here rows move.  Days are
 * ISO dates (TEXT); anonymous rows get ids from kz_voice_new_id(). */

static const char *
day_text (const GDate *date,
          char         buf[16])
{
  g_date_strftime (buf, 16, "%Y-%m-%d", date);
  return buf;
}

static void
column_day (sqlite3_stmt *stmt,
            int           col,
            GDate        *out)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);
  unsigned y, m, d;

  g_date_clear (out, 1);
  if (text != NULL && sscanf (text, "%4u-%2u-%2u", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    g_date_set_dmy (out, d, m, y);
}

/* A write the voice triggers refused: the rule, as a message. */
static gboolean
set_voice_error (KzSqliteStore  *self,
                 GError        **error,
                 const char     *what)
{
  int code = sqlite3_extended_errcode (self->db);

  if (code == SQLITE_CONSTRAINT_TRIGGER || code == SQLITE_CONSTRAINT_CHECK)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, "%s", sqlite3_errmsg (self->db));
  else if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                 _("This refers to a team, person, question or round that is not in the database"));
  else
    set_db_error (self, error, what);
  return FALSE;
}

static gboolean
step_voice (KzSqliteStore  *self,
            sqlite3_stmt   *stmt,
            const char     *what,
            GError        **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  return set_voice_error (self, error, what);
}

static gboolean
kz_sqlite_store_voice_today (KzStore  *store,
                             GDate    *today,
                             GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return TRUE;
}

static GPtrArray *
kz_sqlite_store_list_questions (KzStore  *store,
                                GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) bank = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_question_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, text, kind, driver, enps, active FROM survey_questions "
                                      "ORDER BY position, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzQuestionKind kind = KZ_QUESTION_FREE_TEXT;
      KzQuestion *q;

      kz_question_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind);
      q = kz_question_new ((const char *) sqlite3_column_text (stmt, 0),
                           (const char *) sqlite3_column_text (stmt, 1), kind,
                           (const char *) sqlite3_column_text (stmt, 3));
      q->enps = sqlite3_column_int (stmt, 4);
      q->active = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (bank, q);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading the question bank"));
      return NULL;
    }
  return g_steal_pointer (&bank);
}

static gboolean
kz_sqlite_store_add_questions (KzStore    *store,
                               GPtrArray  *questions,
                               GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < questions->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (questions, i);

      stmt = prepare (self, "INSERT INTO survey_questions (id, position, text, kind, driver, enps, active) "
                            "VALUES (?1, (SELECT coalesce (max (position), 0) + 1 FROM survey_questions), "
                            "?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, q->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, q->text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, kz_question_kind_to_string (q->kind), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 4, q->driver);
      sqlite3_bind_int (stmt, 5, q->enps ? 1 : 0);
      sqlite3_bind_int (stmt, 6, q->active ? 1 : 0);
      if (!step_voice (self, stmt, _("adding a question"), error))
        goto fail;
    }
  return kz_sqlite_store_commit (store, error);

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

static gboolean
kz_sqlite_store_update_question (KzStore           *store,
                                 const KzQuestion  *q,
                                 GError           **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "SELECT kind <> ?2 AND EXISTS (SELECT 1 FROM survey_answers a "
                                      "WHERE a.question_id = ?1) FROM survey_questions WHERE id = ?1", error);
  gboolean locked;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, q->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kz_question_kind_to_string (q->kind), -1, SQLITE_STATIC);
  locked = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (locked)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s” already has answers, so it keeps its kind; add a new question instead."), q->id);
      return FALSE;
    }

  stmt = prepare (self, "UPDATE survey_questions SET text = ?2, kind = ?3, driver = ?4, active = ?5 WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, q->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, q->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kz_question_kind_to_string (q->kind), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 4, q->driver);
  sqlite3_bind_int (stmt, 5, q->active ? 1 : 0);
  return step_voice (self, stmt, _("changing a question"), error);
}

static gint64
kz_sqlite_store_save_pulse_plan (KzStore            *store,
                                 const KzPulsePlan  *plan,
                                 GError            **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 id = plan->id;

  if (!kz_sqlite_store_begin (store, error))
    return 0;
  stmt = prepare (self, id > 0 ? "UPDATE pulse_plans SET name = ?2, cadence_days = ?3, questions_per_round = ?4, "
                                 "k = ?5 WHERE id = ?1"
                               : "INSERT INTO pulse_plans (name, cadence_days, questions_per_round, k) "
                                 "VALUES (?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  if (id > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, plan->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, plan->cadence_days);
  sqlite3_bind_int (stmt, 4, plan->questions_per_round);
  sqlite3_bind_int (stmt, 5, plan->k);
  if (!step_voice (self, stmt, _("saving a pulse plan"), error))
    goto fail;
  if (id == 0)
    id = sqlite3_last_insert_rowid (self->db);
  else if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no pulse plan with id %lld."), (long long) id);
      goto fail;
    }

  stmt = prepare (self, "DELETE FROM pulse_plan_teams WHERE plan_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_voice (self, stmt, _("saving a pulse plan"), error))
    goto fail;
  for (guint i = 0; i < plan->team_ids->len; i++)
    {
      stmt = prepare (self, "INSERT OR IGNORE INTO pulse_plan_teams (plan_id, team_id) VALUES (?1, ?2)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (plan->team_ids, gint64, i));
      if (!step_voice (self, stmt, _("saving a pulse plan"), error))
        goto fail;
    }
  if (!kz_sqlite_store_commit (store, error))
    return 0;
  return id;

fail:
  kz_sqlite_store_rollback (store);
  return 0;
}

static GPtrArray *
kz_sqlite_store_list_pulse_plans (KzStore  *store,
                                  GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_pulse_plan_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT p.id, p.name, p.cadence_days, p.questions_per_round, p.k, t.team_id "
                                      "FROM pulse_plans p LEFT JOIN pulse_plan_teams t ON t.plan_id = p.id "
                                      "ORDER BY p.name, p.id, t.team_id", error);
  KzPulsePlan *plan = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (plan == NULL || plan->id != id)
        {
          plan = kz_pulse_plan_new ();
          plan->id = id;
          plan->name = column_dup (stmt, 1);
          plan->cadence_days = sqlite3_column_int (stmt, 2);
          plan->questions_per_round = sqlite3_column_int (stmt, 3);
          plan->k = sqlite3_column_int (stmt, 4);
          g_ptr_array_add (plans, plan);
        }
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        {
          gint64 team = sqlite3_column_int64 (stmt, 5);

          g_array_append_val (plan->team_ids, team);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading pulse plans"));
      return NULL;
    }
  return g_steal_pointer (&plans);
}

static gint64
kz_sqlite_store_add_round (KzStore              *store,
                           const KzSurveyRound  *round,
                           GError              **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  char opens[16], closes[16];
  gint64 id;

  if (!kz_sqlite_store_begin (store, error))
    return 0;
  stmt = prepare (self, "INSERT INTO survey_rounds (plan_id, title, opens_on, closes_on, k) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  bind_id_or_null (stmt, 1, round->plan_id);
  sqlite3_bind_text (stmt, 2, round->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, day_text (&round->opens_on, opens), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, day_text (&round->closes_on, closes), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, round->k);
  if (!step_voice (self, stmt, _("creating a survey round"), error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  for (guint i = 0; round->question_ids[i] != NULL; i++)
    {
      stmt = prepare (self, "INSERT INTO survey_round_questions (round_id, position, question_id) "
                            "VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, round->question_ids[i], -1, SQLITE_TRANSIENT);
      if (!step_voice (self, stmt, _("creating a survey round"), error))
        goto fail;
    }
  if (!kz_sqlite_store_commit (store, error))
    return 0;
  return id;

fail:
  kz_sqlite_store_rollback (store);
  return 0;
}

static gboolean
kz_sqlite_store_update_round (KzStore              *store,
                              const KzSurveyRound  *round,
                              GError              **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "UPDATE survey_rounds SET title = ?2, opens_on = ?3, closes_on = ?4, k = ?5 "
                                      "WHERE id = ?1", error);
  char opens[16], closes[16];

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, round->id);
  sqlite3_bind_text (stmt, 2, round->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, day_text (&round->opens_on, opens), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, day_text (&round->closes_on, closes), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, round->k);
  return step_voice (self, stmt, _("changing a survey round"), error);
}

#define ROUND_COLUMNS \
  "SELECT r.id, r.plan_id, r.title, r.opens_on, r.closes_on, r.k, " \
  "  EXISTS (SELECT 1 FROM survey_answers a WHERE a.round_id = r.id), " \
  "  (SELECT group_concat (question_id, ',') FROM " \
  "     (SELECT question_id FROM survey_round_questions q WHERE q.round_id = r.id ORDER BY q.position)) " \
  "FROM survey_rounds r "

static KzSurveyRound *
round_from_row (sqlite3_stmt *stmt)
{
  KzSurveyRound *round = kz_survey_round_new ();
  const char *questions = (const char *) sqlite3_column_text (stmt, 7);

  round->id = sqlite3_column_int64 (stmt, 0);
  round->plan_id = sqlite3_column_int64 (stmt, 1);
  round->title = column_dup (stmt, 2);
  column_day (stmt, 3, &round->opens_on);
  column_day (stmt, 4, &round->closes_on);
  round->k = sqlite3_column_int (stmt, 5);
  round->answered = sqlite3_column_int (stmt, 6);
  g_strfreev (round->question_ids);
  round->question_ids = questions != NULL && *questions ? g_strsplit (questions, ",", -1) : g_new0 (char *, 1);
  return round;
}

static GPtrArray *
read_rounds (KzSqliteStore  *self,
             sqlite3_stmt   *stmt,
             GError        **error)
{
  g_autoptr(GPtrArray) rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_round_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rounds, round_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading survey rounds"));
      return NULL;
    }
  return g_steal_pointer (&rounds);
}

static GPtrArray *
kz_sqlite_store_list_rounds (KzStore  *store,
                             gint64    plan_id,
                             GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, ROUND_COLUMNS "WHERE ?1 = 0 OR r.plan_id = ?1 ORDER BY r.opens_on, r.id",
                                error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  return read_rounds (self, stmt, error);
}

static KzSurveyRound *
kz_sqlite_store_get_round (KzStore  *store,
                           gint64    id,
                           GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, ROUND_COLUMNS "WHERE r.id = ?1", error);
  g_autoptr(GPtrArray) rounds = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rounds = read_rounds (self, stmt, error);
  if (rounds == NULL)
    return NULL;
  if (rounds->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no survey round with id %lld."), (long long) id);
      return NULL;
    }
  return g_ptr_array_steal_index (rounds, 0);
}

static GPtrArray *
kz_sqlite_store_list_open_rounds (KzStore  *store,
                                  gint64    person_id,
                                  GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, ROUND_COLUMNS
                                "WHERE ?1 BETWEEN r.opens_on AND r.closes_on "
                                "  AND (?2 = 0 OR ("
                                "    NOT EXISTS (SELECT 1 FROM survey_participation p "
                                "                WHERE p.round_id = r.id AND p.person_id = ?2) "
                                "    AND (r.plan_id IS NULL "
                                "         OR NOT EXISTS (SELECT 1 FROM pulse_plan_teams t WHERE t.plan_id = r.plan_id) "
                                "         OR EXISTS (SELECT 1 FROM pulse_plan_teams t JOIN people pp ON pp.team_id = t.team_id "
                                "                    WHERE t.plan_id = r.plan_id AND pp.id = ?2)))) "
                                "ORDER BY r.closes_on, r.id", error);
  GDate today;
  char buf[16];

  if (stmt == NULL)
    return NULL;
  kz_sqlite_store_voice_today (store, &today, NULL);
  sqlite3_bind_text (stmt, 1, day_text (&today, buf), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, person_id);
  return read_rounds (self, stmt, error);
}

/* Each answer a row of its own, under a random id: nothing in the row or
 * in the table's order says who, or when. */
static gboolean
insert_answers (KzSqliteStore  *self,
                gint64          round_id,
                gint64          team_id,
                GPtrArray      *answers,
                GError        **error)
{
  for (guint i = 0; i < answers->len; i++)
    {
      const KzSurveyAnswer *a = g_ptr_array_index (answers, i);
      g_autofree char *id = kz_voice_new_id ();
      sqlite3_stmt *stmt = prepare (self, "INSERT INTO survey_answers (id, round_id, team_id, question_id, value, "
                                          "comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, round_id);
      bind_id_or_null (stmt, 3, team_id);
      sqlite3_bind_text (stmt, 4, a->question_id, -1, SQLITE_TRANSIENT);
      if (a->has_value)
        sqlite3_bind_int (stmt, 5, a->value);
      else
        sqlite3_bind_null (stmt, 5);
      bind_text_or_null (stmt, 6, a->has_value ? NULL : a->text);
      if (!step_voice (self, stmt, _("storing an answer"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
kz_sqlite_store_submit_answers (KzStore    *store,
                                gint64      round_id,
                                gint64      person_id,
                                GPtrArray  *answers,
                                GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 team_id = 0;
  int rc;

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO survey_participation (round_id, person_id) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, round_id);
  sqlite3_bind_int64 (stmt, 2, person_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        g_set_error_literal (error, KZ_ERROR, KZ_ERROR_EXISTS, _("This person has already answered this round."));
      else
        set_voice_error (self, error, _("storing an answer"));
      goto fail;
    }

  /* The coarse segment: the team the person is in now. */
  stmt = prepare (self, "SELECT team_id FROM people WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, person_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    team_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (!insert_answers (self, round_id, team_id, answers, error))
    goto fail;
  return kz_sqlite_store_commit (store, error);

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

static gboolean
kz_sqlite_store_import_answers (KzStore    *store,
                                gint64      round_id,
                                gint64      team_id,
                                GPtrArray  *answers,
                                GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  if (!insert_answers (self, round_id, team_id, answers, error))
    {
      kz_sqlite_store_rollback (store);
      return FALSE;
    }
  return kz_sqlite_store_commit (store, error);
}

/* Counted from the rows, then suppressed: per scored question in the
 * round's order, the whole round, then each team (no team first, then by
 * id) — the order the team server's kz_survey_cells() breaks ties in. */
static GPtrArray *
kz_sqlite_store_survey_cells (KzStore              *store,
                              const KzSurveyRound  *round,
                              GError              **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_cell_free);
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT a.question_id, coalesce (a.team_id, -1) AS team, a.value, count (*), "
                                "  coalesce ((SELECT rq.position FROM survey_round_questions rq "
                                "             WHERE rq.round_id = a.round_id AND rq.question_id = a.question_id), "
                                "            1000000) AS pos "
                                "FROM survey_answers a WHERE a.round_id = ?1 AND a.value IS NOT NULL "
                                "GROUP BY pos, a.question_id, team, a.value "
                                "ORDER BY pos, a.question_id, team, a.value", error);
  KzSurveyCell *all = NULL;
  KzSurveyCell *team = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, round->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *question = (const char *) sqlite3_column_text (stmt, 0);
      gint64 team_id = sqlite3_column_int64 (stmt, 1);
      int value = sqlite3_column_int (stmt, 2);
      guint n = sqlite3_column_int (stmt, 3);

      if (value < 0 || value > 10)
        continue;
      if (all == NULL || !g_str_equal (all->question_id, question))
        {
          all = kz_survey_cell_new (round->id, KZ_CELL_ALL, question);
          g_ptr_array_add (cells, all);
          team = NULL;
        }
      if (team == NULL || team->team_id != team_id)
        {
          team = kz_survey_cell_new (round->id, team_id, question);
          g_ptr_array_add (cells, team);
        }
      all->counts[value] += n;
      all->n += n;
      team->counts[value] += n;
      team->n += n;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading survey answers"));
      return NULL;
    }
  kz_survey_suppress (cells, round->k);
  return g_steal_pointer (&cells);
}

static GPtrArray *
kz_sqlite_store_survey_comments (KzStore              *store,
                                 const KzSurveyRound  *round,
                                 gboolean             *shown,
                                 gboolean             *by_team,
                                 GError              **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_comment_free);
  g_autoptr(GPtrArray) cells = kz_sqlite_store_survey_cells (store, round, error);
  sqlite3_stmt *stmt;
  int rc;

  if (cells == NULL)
    return NULL;
  kz_survey_comment_visibility (cells, round->k, shown, by_team);
  if (!*shown)
    return g_steal_pointer (&comments);

  stmt = prepare (self, "SELECT coalesce (team_id, -1), comment FROM survey_answers "
                        "WHERE round_id = ?1 AND comment IS NOT NULL ORDER BY comment, 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, round->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzSurveyComment *c = g_new0 (KzSurveyComment, 1);

      c->team_id = *by_team ? sqlite3_column_int64 (stmt, 0) : KZ_CELL_ALL;
      c->text = column_dup (stmt, 1);
      g_ptr_array_add (comments, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading survey comments"));
      return NULL;
    }
  return g_steal_pointer (&comments);
}

static char *
kz_sqlite_store_add_idea (KzStore       *store,
                          const KzIdea  *idea,
                          const char    *token_hash,
                          GError       **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autofree char *id = kz_voice_new_id ();
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO ideas (id, title, body, category, author_id, pseudonym, "
                                      "follow_up_hash, week, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'new')",
                                error);
  char week[16];

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, idea->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, idea->body, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 4, idea->category);
  bind_id_or_null (stmt, 5, idea->author_id);
  bind_text_or_null (stmt, 6, idea->pseudonym);
  bind_text_or_null (stmt, 7, token_hash);
  sqlite3_bind_text (stmt, 8, day_text (&idea->week, week), -1, SQLITE_TRANSIENT);
  if (!step_voice (self, stmt, _("storing an idea"), error))
    return NULL;
  return g_steal_pointer (&id);
}

#define IDEA_COLUMNS \
  "SELECT i.id, i.title, i.body, i.category, i.author_id, p.name, i.pseudonym, i.week, i.status, " \
  "  i.decline_reason, i.outcome, i.merged_into, " \
  "  (SELECT count (*) FROM idea_votes v WHERE v.idea_id = i.id) AS n_votes, " \
  "  (SELECT count (*) FROM idea_comments c WHERE c.idea_id = i.id) " \
  "FROM ideas i LEFT JOIN people p ON p.id = i.author_id "

static KzIdea *
idea_from_row (sqlite3_stmt *stmt)
{
  KzIdea *idea = kz_idea_new ();

  idea->id = column_dup (stmt, 0);
  idea->title = column_dup (stmt, 1);
  idea->body = column_dup (stmt, 2);
  idea->category = column_dup (stmt, 3);
  idea->author_id = sqlite3_column_int64 (stmt, 4);
  idea->author_name = column_dup (stmt, 5);
  idea->pseudonym = column_dup (stmt, 6);
  column_day (stmt, 7, &idea->week);
  kz_idea_status_from_string ((const char *) sqlite3_column_text (stmt, 8), &idea->status);
  idea->decline_reason = column_dup (stmt, 9);
  idea->outcome = column_dup (stmt, 10);
  idea->merged_into = column_dup (stmt, 11);
  idea->n_votes = sqlite3_column_int (stmt, 12);
  idea->n_comments = sqlite3_column_int (stmt, 13);
  return idea;
}

static GPtrArray *
kz_sqlite_store_list_ideas (KzStore             *store,
                            const KzIdeaFilter  *filter,
                            GError             **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) ideas = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_free);
  sqlite3_stmt *stmt = prepare (self, IDEA_COLUMNS "WHERE (?1 OR i.status = ?2) AND (?3 OR i.merged_into IS NULL) "
                                "ORDER BY n_votes DESC, i.week DESC, i.title, i.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, filter->any_status);
  sqlite3_bind_text (stmt, 2, kz_idea_status_to_string (filter->status), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, filter->include_merged);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ideas, idea_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading ideas"));
      return NULL;
    }
  return g_steal_pointer (&ideas);
}

static KzIdea *
kz_sqlite_store_get_idea (KzStore     *store,
                          const char  *id,
                          GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, IDEA_COLUMNS "WHERE i.id = ?1", error);
  KzIdea *idea = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    idea = idea_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no idea “%s”."), id);
  else if (rc != SQLITE_ROW)
    set_db_error (self, error, _("reading ideas"));
  return idea;
}

/* The keyed hash a vote keeps of its voter (kz_voice_voter_hash()): the
 * database's own secret over the person's voter key, so "already voted"
 * works and a merge can tell the same voter on two ideas, while the votes
 * list nobody. */
static char *
voter_hash (KzSqliteStore  *self,
            gint64          person_id,
            GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT s.secret, k.voter_key FROM voice_secret s, voter_keys k "
                                      "WHERE s.id = 1 AND k.person_id = ?1", error);
  char *hash = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, person_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == 32)
    {
      g_autoptr(GBytes) secret = g_bytes_new (sqlite3_column_blob (stmt, 0), 32);

      hash = kz_voice_voter_hash (secret, (const char *) sqlite3_column_text (stmt, 1));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no person with id %lld."), (long long) person_id);
  else
    set_db_error (self, error, _("reading the voting secret"));
  sqlite3_reset (stmt);
  return hash;
}

static gboolean
kz_sqlite_store_vote_idea (KzStore     *store,
                           const char  *idea_id,
                           gint64       person_id,
                           GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autofree char *hash = voter_hash (self, person_id, error);
  sqlite3_stmt *stmt;
  int rc;

  if (hash == NULL)
    return FALSE;
  stmt = prepare (self, "INSERT INTO idea_votes (idea_id, voter_hash) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, idea_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
    g_set_error_literal (error, KZ_ERROR, KZ_ERROR_EXISTS, _("This person has already voted for this idea."));
  else
    set_voice_error (self, error, _("storing a vote"));
  return FALSE;
}

static gboolean
kz_sqlite_store_idea_voted (KzStore     *store,
                            const char  *idea_id,
                            gint64       person_id,
                            gboolean    *voted,
                            GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autofree char *hash = voter_hash (self, person_id, error);
  sqlite3_stmt *stmt;

  if (hash == NULL)
    return FALSE;
  stmt = prepare (self, "SELECT 1 FROM idea_votes WHERE idea_id = ?1 AND voter_hash = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, idea_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
  *voted = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

/* The pseudonym an anonymous comment goes under: the idea's own when
 * @hash is its follow-up token's, that of the caller's earlier comments
 * in the thread with the same token, else NULL (a fresh one). */
static char *
thread_pseudonym (KzSqliteStore *self,
                  const char    *idea_id,
                  const char    *hash)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT pseudonym FROM ideas WHERE id = ?1 AND follow_up_hash = ?2 "
                                      "UNION ALL "
                                      "SELECT pseudonym FROM (SELECT pseudonym FROM idea_comments "
                                      "  WHERE idea_id = ?1 AND follow_up_hash = ?2 ORDER BY week LIMIT 1)", NULL);
  char *pseudonym = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, idea_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pseudonym = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return pseudonym;
}

static char *
kz_sqlite_store_add_idea_comment (KzStore      *store,
                                  const char   *idea_id,
                                  gint64        author_id,
                                  gboolean      from_manager,
                                  const char   *body,
                                  const char   *token,
                                  const char   *pseudonym,
                                  const GDate  *week,
                                  GError      **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autofree char *id = kz_voice_new_id ();
  g_autofree char *hash = token != NULL && author_id == 0 ? kz_voice_token_hash (token) : NULL;
  g_autofree char *thread = hash != NULL ? thread_pseudonym (self, idea_id, hash) : NULL;
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO idea_comments (id, idea_id, author_id, pseudonym, follow_up_hash, "
                                      "from_manager, body, week) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  char day[16];

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, idea_id, -1, SQLITE_TRANSIENT);
  bind_id_or_null (stmt, 3, author_id);
  bind_text_or_null (stmt, 4, author_id > 0 ? NULL : thread != NULL ? thread : pseudonym);
  bind_text_or_null (stmt, 5, hash);
  sqlite3_bind_int (stmt, 6, from_manager ? 1 : 0);
  sqlite3_bind_text (stmt, 7, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, day_text (week, day), -1, SQLITE_TRANSIENT);
  if (!step_voice (self, stmt, _("storing a comment"), error))
    return NULL;
  return g_steal_pointer (&id);
}

static GPtrArray *
kz_sqlite_store_list_idea_comments (KzStore     *store,
                                    const char  *idea_id,
                                    GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_comment_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT c.id, c.idea_id, c.author_id, p.name, c.pseudonym, c.from_manager, "
                                      "c.body, c.week FROM idea_comments c LEFT JOIN people p ON p.id = c.author_id "
                                      "WHERE c.idea_id = ?1 ORDER BY c.week, c.from_manager, c.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, idea_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzIdeaComment *c = kz_idea_comment_new ();

      c->id = column_dup (stmt, 0);
      c->idea_id = column_dup (stmt, 1);
      c->author_id = sqlite3_column_int64 (stmt, 2);
      c->author_name = column_dup (stmt, 3);
      c->pseudonym = column_dup (stmt, 4);
      c->from_manager = sqlite3_column_int (stmt, 5);
      c->body = column_dup (stmt, 6);
      column_day (stmt, 7, &c->week);
      g_ptr_array_add (comments, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading comments"));
      return NULL;
    }
  return g_steal_pointer (&comments);
}

static gboolean
kz_sqlite_store_set_idea_status (KzStore       *store,
                                 const char    *idea_id,
                                 KzIdeaStatus   status,
                                 const char    *reason,
                                 const char    *outcome,
                                 GError       **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "UPDATE ideas SET status = ?2, decline_reason = ?3, "
                                      "outcome = CASE WHEN ?2 = 'done' THEN ?4 ELSE outcome END WHERE id = ?1",
                                error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, idea_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kz_idea_status_to_string (status), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, reason);
  bind_text_or_null (stmt, 4, outcome);
  return step_voice (self, stmt, _("changing an idea"), error);
}

static gboolean
kz_sqlite_store_merge_idea (KzStore     *store,
                            const char  *duplicate_id,
                            const char  *target_id,
                            gint64       manager_id,
                            const char  *notice,
                            GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autofree char *comment = NULL;
  sqlite3_stmt *stmt;
  GDate today, monday;

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  /* Equal hashes are the same voter: counted once on the target. */
  stmt = prepare (self, "INSERT OR IGNORE INTO idea_votes (idea_id, voter_hash) "
                        "SELECT ?2, voter_hash FROM idea_votes WHERE idea_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, duplicate_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, target_id, -1, SQLITE_TRANSIENT);
  if (!step_voice (self, stmt, _("merging ideas"), error))
    goto fail;
  stmt = prepare (self, "UPDATE ideas SET merged_into = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, duplicate_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, target_id, -1, SQLITE_TRANSIENT);
  if (!step_voice (self, stmt, _("merging ideas"), error))
    goto fail;
  kz_sqlite_store_voice_today (store, &today, NULL);
  kz_voice_week_of (&today, &monday);
  comment = kz_sqlite_store_add_idea_comment (store, duplicate_id, manager_id, TRUE, notice, NULL, NULL, &monday,
                                              error);
  if (comment == NULL)
    goto fail;
  return kz_sqlite_store_commit (store, error);

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

static GStrv
comment_ids (KzSqliteStore *self,
             const char    *idea_id,
             const char    *hash)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  sqlite3_stmt *stmt = prepare (self, "SELECT id FROM idea_comments WHERE idea_id = ?1 AND follow_up_hash = ?2 "
                                      "ORDER BY id", NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, idea_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  return g_strv_builder_end (ids);
}

static GPtrArray *
kz_sqlite_store_find_threads (KzStore             *store,
                              const char * const  *tokens,
                              GError             **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) threads = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_thread_free);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_autofree char *hash = kz_voice_token_hash (tokens[i]);
      sqlite3_stmt *stmt = prepare (self, "SELECT id, 1 FROM ideas WHERE follow_up_hash = ?1 "
                                          "UNION SELECT DISTINCT idea_id, 0 FROM idea_comments "
                                          "WHERE follow_up_hash = ?1 AND idea_id NOT IN "
                                          "  (SELECT id FROM ideas WHERE follow_up_hash = ?1) "
                                          "ORDER BY 2 DESC, 1", error);
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_thread_free);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          KzIdeaThread *thread = g_new0 (KzIdeaThread, 1);

          thread->idea_id = column_dup (stmt, 0);
          thread->authored = sqlite3_column_int (stmt, 1);
          thread->token = g_strdup (tokens[i]);
          g_ptr_array_add (found, thread);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_db_error (self, error, _("reading ideas"));
          return NULL;
        }
      for (guint t = 0; t < found->len; t++)
        {
          KzIdeaThread *thread = g_ptr_array_index (found, t);

          thread->own_comment_ids = comment_ids (self, thread->idea_id, hash);
        }
      g_ptr_array_extend_and_steal (threads, g_steal_pointer (&found));
    }
  return g_steal_pointer (&threads);
}

/* ------------------------------------------------------------------------ */
/* Staff voice whole, for kz_store_copy(): every row as stored.  A file's
 * reader can read all of this anyway; the team server's backend refuses
 * to export. */

static gboolean
read_done (KzSqliteStore  *self,
           sqlite3_stmt   *stmt,
           int             rc,
           GError        **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  set_db_error (self, error, _("reading staff voice"));
  return FALSE;
}

static gboolean
export_rows (KzSqliteStore  *self,
             KzVoiceData    *data,
             GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* By id: random, so the order says nothing of when they came in. */
  if ((stmt = prepare (self, "SELECT id, round_id, team_id, question_id, value, comment FROM survey_answers "
                             "ORDER BY id", error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzVoiceAnswerRow *a = g_new0 (KzVoiceAnswerRow, 1);

      a->id = column_dup (stmt, 0);
      a->round_id = sqlite3_column_int64 (stmt, 1);
      a->team_id = sqlite3_column_int64 (stmt, 2);
      a->question_id = column_dup (stmt, 3);
      a->has_value = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      a->value = sqlite3_column_int (stmt, 4);
      a->text = a->has_value ? NULL : column_dup (stmt, 5);
      g_ptr_array_add (data->answers, a);
    }
  if (!read_done (self, stmt, rc, error))
    return FALSE;

  if ((stmt = prepare (self, "SELECT round_id, person_id FROM survey_participation ORDER BY round_id, person_id",
                       error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzVoiceParticipation p = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (data->participation, p);
    }
  if (!read_done (self, stmt, rc, error))
    return FALSE;

  if ((stmt = prepare (self, "SELECT person_id, voter_key FROM voter_keys ORDER BY person_id", error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzVoterKey *key = g_new0 (KzVoterKey, 1);

      key->person_id = sqlite3_column_int64 (stmt, 0);
      key->key = column_dup (stmt, 1);
      g_ptr_array_add (data->voter_keys, key);
    }
  if (!read_done (self, stmt, rc, error))
    return FALSE;

  if ((stmt = prepare (self, "SELECT id, title, body, category, author_id, pseudonym, follow_up_hash, week, status, "
                             "decline_reason, outcome, merged_into FROM ideas ORDER BY id", error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzVoiceIdeaRow *row = g_new0 (KzVoiceIdeaRow, 1);
      KzIdea *idea = row->idea = kz_idea_new ();

      idea->id = column_dup (stmt, 0);
      idea->title = column_dup (stmt, 1);
      idea->body = column_dup (stmt, 2);
      idea->category = column_dup (stmt, 3);
      idea->author_id = sqlite3_column_int64 (stmt, 4);
      idea->pseudonym = column_dup (stmt, 5);
      row->follow_up_hash = column_dup (stmt, 6);
      column_day (stmt, 7, &idea->week);
      kz_idea_status_from_string ((const char *) sqlite3_column_text (stmt, 8), &idea->status);
      idea->decline_reason = column_dup (stmt, 9);
      idea->outcome = column_dup (stmt, 10);
      idea->merged_into = column_dup (stmt, 11);
      g_ptr_array_add (data->ideas, row);
    }
  if (!read_done (self, stmt, rc, error))
    return FALSE;

  if ((stmt = prepare (self, "SELECT id, idea_id, author_id, pseudonym, follow_up_hash, from_manager, body, week "
                             "FROM idea_comments ORDER BY id", error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzVoiceCommentRow *row = g_new0 (KzVoiceCommentRow, 1);
      KzIdeaComment *c = row->comment = kz_idea_comment_new ();

      c->id = column_dup (stmt, 0);
      c->idea_id = column_dup (stmt, 1);
      c->author_id = sqlite3_column_int64 (stmt, 2);
      c->pseudonym = column_dup (stmt, 3);
      row->follow_up_hash = column_dup (stmt, 4);
      c->from_manager = sqlite3_column_int (stmt, 5);
      c->body = column_dup (stmt, 6);
      column_day (stmt, 7, &c->week);
      g_ptr_array_add (data->comments, row);
    }
  if (!read_done (self, stmt, rc, error))
    return FALSE;

  if ((stmt = prepare (self, "SELECT idea_id, voter_hash FROM idea_votes ORDER BY idea_id, voter_hash",
                       error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzVoiceVoteRow *v = g_new0 (KzVoiceVoteRow, 1);

      v->idea_id = column_dup (stmt, 0);
      v->voter_hash = column_dup (stmt, 1);
      g_ptr_array_add (data->votes, v);
    }
  if (!read_done (self, stmt, rc, error))
    return FALSE;

  if ((stmt = prepare (self, "SELECT secret FROM voice_secret WHERE id = 1", error)) == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == 32)
    data->secret = g_bytes_new (sqlite3_column_blob (stmt, 0), 32);
  sqlite3_reset (stmt);
  if (data->secret == NULL)
    {
      set_db_error (self, error, _("reading the voting secret"));
      return FALSE;
    }
  return TRUE;
}

static KzVoiceData *
kz_sqlite_store_voice_export (KzStore  *store,
                              GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(KzVoiceData) data = kz_voice_data_new ();
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) rounds = NULL;

  /* One snapshot: nothing changes between the tables read. */
  if (!kz_sqlite_store_begin (store, error))
    return NULL;
  if ((questions = kz_sqlite_store_list_questions (store, error)) == NULL ||
      (plans = kz_sqlite_store_list_pulse_plans (store, error)) == NULL ||
      (rounds = kz_sqlite_store_list_rounds (store, 0, error)) == NULL ||
      !export_rows (self, data, error))
    {
      kz_sqlite_store_rollback (store);
      return NULL;
    }
  if (!kz_sqlite_store_commit (store, error))
    return NULL;
  g_ptr_array_extend_and_steal (data->questions, g_steal_pointer (&questions));
  g_ptr_array_extend_and_steal (data->plans, g_steal_pointer (&plans));
  g_ptr_array_extend_and_steal (data->rounds, g_steal_pointer (&rounds));
  return g_steal_pointer (&data);
}

static gint64
lookup_id (GHashTable *map,
           gint64      old_id)
{
  gint64 *id = g_hash_table_lookup (map, &old_id);

  g_assert (id != NULL);
  return *id;
}

static void
remember_id (GHashTable *map,
             gint64      old_id,
             gint64      new_id)
{
  g_hash_table_insert (map, g_memdup2 (&old_id, sizeof old_id), g_memdup2 (&new_id, sizeof new_id));
}

/* The bank (where it is not there already), plans and rounds with their
 * teams and questions, answers and participation. */
static gboolean
import_surveys (KzSqliteStore      *self,
                const KzVoiceData  *data,
                GArray             *plan_ids,
                GArray             *round_ids,
                GError            **error)
{
  g_autoptr(GHashTable) plans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) rounds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  char buf1[16], buf2[16];

  for (guint i = 0; i < data->questions->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (data->questions, i);

      if ((stmt = prepare (self, "INSERT OR IGNORE INTO survey_questions (id, position, text, kind, driver, enps, "
                                 "active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, q->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, i + 1);
      sqlite3_bind_text (stmt, 3, q->text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, kz_question_kind_to_string (q->kind), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 5, q->driver);
      sqlite3_bind_int (stmt, 6, q->enps ? 1 : 0);
      sqlite3_bind_int (stmt, 7, q->active ? 1 : 0);
      if (!step_voice (self, stmt, _("copying the question bank"), error))
        return FALSE;
    }

  for (guint i = 0; i < data->plans->len; i++)
    {
      const KzPulsePlan *plan = g_ptr_array_index (data->plans, i);
      gint64 id;

      if ((stmt = prepare (self, "INSERT INTO pulse_plans (name, cadence_days, questions_per_round, k) "
                                 "VALUES (?1, ?2, ?3, ?4)", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, plan->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, plan->cadence_days);
      sqlite3_bind_int (stmt, 3, plan->questions_per_round);
      sqlite3_bind_int (stmt, 4, plan->k);
      if (!step_voice (self, stmt, _("copying a pulse plan"), error))
        return FALSE;
      id = sqlite3_last_insert_rowid (self->db);
      remember_id (plans, plan->id, id);
      g_array_append_val (plan_ids, id);
      for (guint t = 0; t < plan->team_ids->len; t++)
        {
          if ((stmt = prepare (self, "INSERT INTO pulse_plan_teams (plan_id, team_id) VALUES (?1, ?2)",
                               error)) == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, g_array_index (plan->team_ids, gint64, t));
          if (!step_voice (self, stmt, _("copying a pulse plan"), error))
            return FALSE;
        }
    }

  for (guint i = 0; i < data->rounds->len; i++)
    {
      const KzSurveyRound *round = g_ptr_array_index (data->rounds, i);
      gint64 id;

      if ((stmt = prepare (self, "INSERT INTO survey_rounds (plan_id, title, opens_on, closes_on, k) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)", error)) == NULL)
        return FALSE;
      bind_id_or_null (stmt, 1, round->plan_id != 0 ? lookup_id (plans, round->plan_id) : 0);
      sqlite3_bind_text (stmt, 2, round->title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, day_text (&round->opens_on, buf1), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, day_text (&round->closes_on, buf2), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 5, round->k);
      if (!step_voice (self, stmt, _("copying a survey round"), error))
        return FALSE;
      id = sqlite3_last_insert_rowid (self->db);
      remember_id (rounds, round->id, id);
      g_array_append_val (round_ids, id);
      for (guint q = 0; round->question_ids[q] != NULL; q++)
        {
          if ((stmt = prepare (self, "INSERT INTO survey_round_questions (round_id, position, question_id) "
                                     "VALUES (?1, ?2, ?3)", error)) == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int (stmt, 2, q);
          sqlite3_bind_text (stmt, 3, round->question_ids[q], -1, SQLITE_TRANSIENT);
          if (!step_voice (self, stmt, _("copying a survey round"), error))
            return FALSE;
        }
    }

  /* In @data's order, by id; a WITHOUT ROWID table keeps them by id
   * whatever the order, so the file's order says nothing either. */
  for (guint i = 0; i < data->answers->len; i++)
    {
      const KzVoiceAnswerRow *a = g_ptr_array_index (data->answers, i);

      if ((stmt = prepare (self, "INSERT INTO survey_answers (id, round_id, team_id, question_id, value, comment) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, a->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, lookup_id (rounds, a->round_id));
      bind_id_or_null (stmt, 3, a->team_id);
      sqlite3_bind_text (stmt, 4, a->question_id, -1, SQLITE_TRANSIENT);
      if (a->has_value)
        sqlite3_bind_int (stmt, 5, a->value);
      else
        sqlite3_bind_null (stmt, 5);
      bind_text_or_null (stmt, 6, a->has_value ? NULL : a->text);
      if (!step_voice (self, stmt, _("copying an answer"), error))
        return FALSE;
    }

  for (guint i = 0; i < data->participation->len; i++)
    {
      const KzVoiceParticipation *p = &g_array_index (data->participation, KzVoiceParticipation, i);

      if ((stmt = prepare (self, "INSERT INTO survey_participation (round_id, person_id) VALUES (?1, ?2)",
                           error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, lookup_id (rounds, p->round_id));
      sqlite3_bind_int64 (stmt, 2, p->person_id);
      if (!step_voice (self, stmt, _("copying who answered"), error))
        return FALSE;
    }
  return TRUE;
}

/* The voters' keys and the secret, then ideas, comments and votes. */
static gboolean
import_ideas (KzSqliteStore      *self,
              const KzVoiceData  *data,
              GError            **error)
{
  sqlite3_stmt *stmt;
  char week[16];

  for (guint i = 0; i < data->voter_keys->len; i++)
    {
      const KzVoterKey *key = g_ptr_array_index (data->voter_keys, i);

      if ((stmt = prepare (self, "UPDATE voter_keys SET voter_key = ?2 WHERE person_id = ?1", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, key->person_id);
      sqlite3_bind_text (stmt, 2, key->key, -1, SQLITE_TRANSIENT);
      if (!step_voice (self, stmt, _("copying a voter key"), error))
        return FALSE;
      if (sqlite3_changes (self->db) != 1)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no person with id %lld."),
                       (long long) key->person_id);
          return FALSE;
        }
    }
  if ((stmt = prepare (self, "UPDATE voice_secret SET secret = ?1 WHERE id = 1", error)) == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (data->secret, NULL), 32, SQLITE_TRANSIENT);
  if (!step_voice (self, stmt, _("copying the voting secret"), error))
    return FALSE;
  if (sqlite3_changes (self->db) != 1)
    return set_db_error (self, error, _("copying the voting secret"));

  /* Merges once every idea is there. */
  for (guint i = 0; i < data->ideas->len; i++)
    {
      const KzVoiceIdeaRow *row = g_ptr_array_index (data->ideas, i);
      const KzIdea *idea = row->idea;

      if ((stmt = prepare (self, "INSERT INTO ideas (id, title, body, category, author_id, pseudonym, follow_up_hash, "
                                 "week, status, decline_reason, outcome) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, idea->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, idea->title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, idea->body != NULL ? idea->body : "", -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 4, idea->category);
      bind_id_or_null (stmt, 5, idea->author_id);
      bind_text_or_null (stmt, 6, idea->pseudonym);
      bind_text_or_null (stmt, 7, row->follow_up_hash);
      sqlite3_bind_text (stmt, 8, day_text (&idea->week, week), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 9, kz_idea_status_to_string (idea->status), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 10, idea->decline_reason);
      bind_text_or_null (stmt, 11, idea->outcome);
      if (!step_voice (self, stmt, _("copying an idea"), error))
        return FALSE;
    }
  for (guint i = 0; i < data->ideas->len; i++)
    {
      const KzIdea *idea = ((KzVoiceIdeaRow *) g_ptr_array_index (data->ideas, i))->idea;

      if (idea->merged_into == NULL)
        continue;
      if ((stmt = prepare (self, "UPDATE ideas SET merged_into = ?2 WHERE id = ?1", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, idea->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, idea->merged_into, -1, SQLITE_TRANSIENT);
      if (!step_voice (self, stmt, _("copying an idea"), error))
        return FALSE;
    }

  for (guint i = 0; i < data->comments->len; i++)
    {
      const KzVoiceCommentRow *row = g_ptr_array_index (data->comments, i);
      const KzIdeaComment *c = row->comment;

      if ((stmt = prepare (self, "INSERT INTO idea_comments (id, idea_id, author_id, pseudonym, follow_up_hash, "
                                 "from_manager, body, week) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, c->idea_id, -1, SQLITE_TRANSIENT);
      bind_id_or_null (stmt, 3, c->author_id);
      bind_text_or_null (stmt, 4, c->pseudonym);
      bind_text_or_null (stmt, 5, row->follow_up_hash);
      sqlite3_bind_int (stmt, 6, c->from_manager ? 1 : 0);
      sqlite3_bind_text (stmt, 7, c->body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, day_text (&c->week, week), -1, SQLITE_TRANSIENT);
      if (!step_voice (self, stmt, _("copying a comment"), error))
        return FALSE;
    }

  for (guint i = 0; i < data->votes->len; i++)
    {
      const KzVoiceVoteRow *v = g_ptr_array_index (data->votes, i);

      if ((stmt = prepare (self, "INSERT INTO idea_votes (idea_id, voter_hash) VALUES (?1, ?2)", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, v->idea_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, v->voter_hash, -1, SQLITE_TRANSIENT);
      if (!step_voice (self, stmt, _("copying a vote"), error))
        return FALSE;
    }
  return TRUE;
}

/* The hash this file now makes of a voter is the one the votes were cast
 * with: the secret and the keys arrived whole. */
static gboolean
check_voter_hash (KzSqliteStore      *self,
                  const KzVoiceData  *data,
                  GError            **error)
{
  const KzVoterKey *key;
  g_autofree char *expected = NULL;
  g_autofree char *stored = NULL;

  if (data->voter_keys->len == 0)
    return TRUE;
  key = g_ptr_array_index (data->voter_keys, 0);
  expected = kz_voice_voter_hash (data->secret, key->key);
  if ((stored = voter_hash (self, key->person_id, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (expected, stored) != 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED,
                   _("%s: the voting secret did not arrive whole; nothing was copied"), self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
kz_sqlite_store_voice_import (KzStore            *store,
                              const KzVoiceData  *data,
                              GArray             *plan_ids,
                              GArray             *round_ids,
                              GError            **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  if (!import_surveys (self, data, plan_ids, round_ids, error) ||
      !import_ideas (self, data, error) ||
      !check_voter_hash (self, data, error))
    {
      kz_sqlite_store_rollback (store);
      return FALSE;
    }
  return kz_sqlite_store_commit (store, error);
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* Evaluation history and calibration sessions (schema 14).  kz-store.c has
 * checked the rules; here rows move, each step with its audit entry. */

static gboolean
add_audit (KzSqliteStore  *self,
           gint64          at,
           gint64          actor_id,
           KzAuditAction   action,
           gint64          evaluation_id,
           int             revision,
           gint64          dispute_id,
           const char     *criterion_id,
           const char     *detail,
           GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO audit_trail (at, actor_id, action, evaluation_id, revision, "
                                      "dispute_id, criterion_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at);
  bind_id_or_null (stmt, 2, actor_id);
  sqlite3_bind_text (stmt, 3, kz_audit_action_to_string (action), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, evaluation_id);
  bind_id_or_null (stmt, 5, revision);
  bind_id_or_null (stmt, 6, dispute_id);
  bind_text_or_null (stmt, 7, criterion_id);
  bind_text_or_null (stmt, 8, detail);
  return step_done (self, stmt, error);
}

/* Runs @stmt, which reads one integer. */
static gint64
step_int (KzSqliteStore  *self,
          sqlite3_stmt   *stmt,
          GError        **error)
{
  gint64 n = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    set_db_error (self, error, _("reading"));
  sqlite3_reset (stmt);
  return n;
}

static gboolean
kz_sqlite_store_record_revision (KzStore    *store,
                                 gint64      evaluation_id,
                                 gint64      actor_id,
                                 gint64      dispute_id,
                                 GDateTime  *at,
                                 int        *revision,
                                 GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gboolean submitted = FALSE, calibration = FALSE;
  gint64 updated_at = 0;
  gint64 when;
  int current = 0;
  int rc;

  stmt = prepare (self, "SELECT state = 'submitted', is_calibration, revision, updated_at FROM evaluations "
                        "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      submitted = sqlite3_column_int (stmt, 0);
      calibration = sqlite3_column_int (stmt, 1);
      current = sqlite3_column_int (stmt, 2);
      updated_at = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no evaluation with id %lld"),
                     (long long) evaluation_id);
      else
        set_db_error (self, error, _("reading evaluations"));
      return FALSE;
    }
  *revision = current;
  if (!submitted || calibration)
    return TRUE;

  if (current > 0)
    {
      gint64 differences;

      /* The same answers both ways, and the same stored score. */
      stmt = prepare (self,
                      "SELECT (SELECT count(*) FROM (SELECT criterion_id, kind, value, comment, comment_at_ms "
                      "                              FROM answers WHERE evaluation_id = ?1 "
                      "                              EXCEPT SELECT criterion_id, kind, value, comment, comment_at_ms "
                      "                              FROM revision_answers WHERE evaluation_id = ?1 AND revision = ?2)) "
                      "     + (SELECT count(*) FROM (SELECT criterion_id, kind, value, comment, comment_at_ms "
                      "                              FROM revision_answers WHERE evaluation_id = ?1 AND revision = ?2 "
                      "                              EXCEPT SELECT criterion_id, kind, value, comment, comment_at_ms "
                      "                              FROM answers WHERE evaluation_id = ?1)) "
                      "     + (SELECT count(*) FROM evaluations e JOIN evaluation_revisions r "
                      "          ON r.evaluation_id = e.id AND r.revision = ?2 "
                      "        WHERE e.id = ?1 AND NOT (e.rubric_version = r.rubric_version AND e.raw IS r.raw "
                      "          AND e.final IS r.final AND e.pass IS r.pass AND e.auto_failed = r.auto_failed "
                      "          AND e.failed_by IS r.failed_by AND e.critical IS r.critical))", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, evaluation_id);
      sqlite3_bind_int (stmt, 2, current);
      if ((differences = step_int (self, stmt, error)) < 0)
        return FALSE;
      if (differences == 0)
        return TRUE;
    }

  when = at != NULL ? g_date_time_to_unix (at) : updated_at;
  stmt = prepare (self, "INSERT INTO evaluation_revisions (evaluation_id, revision, created_at, created_by, dispute_id, "
                        "rubric_version, raw, final, pass, auto_failed, failed_by, critical) "
                        "SELECT id, ?2, ?3, ?4, ?5, rubric_version, raw, final, pass, auto_failed, failed_by, critical "
                        "FROM evaluations WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  sqlite3_bind_int (stmt, 2, current + 1);
  sqlite3_bind_int64 (stmt, 3, when);
  bind_id_or_null (stmt, 4, actor_id);
  bind_id_or_null (stmt, 5, dispute_id);
  if (!step_done (self, stmt, error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO revision_answers (evaluation_id, revision, criterion_id, kind, value, comment, "
                        "comment_at_ms) SELECT evaluation_id, ?2, criterion_id, kind, value, comment, comment_at_ms "
                        "FROM answers WHERE evaluation_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  sqlite3_bind_int (stmt, 2, current + 1);
  if (!step_done (self, stmt, error))
    return FALSE;
  stmt = prepare (self, "UPDATE evaluations SET revision = ?2, submitted_at = coalesce (submitted_at, ?3) "
                        "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  sqlite3_bind_int (stmt, 2, current + 1);
  sqlite3_bind_int64 (stmt, 3, when);
  if (!step_done (self, stmt, error) ||
      !add_audit (self, when, actor_id, current == 0 ? KZ_AUDIT_SUBMITTED : KZ_AUDIT_REVISION, evaluation_id,
                  current + 1, dispute_id, NULL, NULL, error))
    return FALSE;
  *revision = current + 1;
  return TRUE;
}

static gboolean
kz_sqlite_store_acknowledge (KzStore     *store,
                             gint64       evaluation_id,
                             int          revision,
                             gint64       agent_id,
                             const char  *comment,
                             GDateTime   *at,
                             GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO acknowledgements (evaluation_id, revision, agent_id, at, comment) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  sqlite3_bind_int (stmt, 2, revision);
  sqlite3_bind_int64 (stmt, 3, agent_id);
  sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (at));
  bind_text_or_null (stmt, 5, comment);
  if (!step_done (self, stmt, error) ||
      !add_audit (self, g_date_time_to_unix (at), agent_id, KZ_AUDIT_ACKNOWLEDGED, evaluation_id, revision, 0, NULL,
                  comment, error) ||
      !kz_sqlite_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

static gint64
kz_sqlite_store_add_dispute (KzStore          *store,
                             const KzDispute  *dispute,
                             GError          **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  gint64 at = g_date_time_to_unix (dispute->raised_at);
  sqlite3_stmt *stmt;
  gint64 id;

  if (!kz_sqlite_store_begin (store, error))
    return 0;
  stmt = prepare (self, "INSERT INTO disputes (evaluation_id, revision, raised_by, raised_at, reason) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, dispute->evaluation_id);
  sqlite3_bind_int (stmt, 2, dispute->revision);
  sqlite3_bind_int64 (stmt, 3, dispute->raised_by);
  sqlite3_bind_int64 (stmt, 4, at);
  sqlite3_bind_text (stmt, 5, dispute->reason, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  for (guint i = 0; i < dispute->items->len; i++)
    {
      KzDisputeItem *item = g_ptr_array_index (dispute->items, i);

      stmt = prepare (self, "INSERT INTO dispute_items (dispute_id, criterion_id, position, reason) "
                            "VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, item->criterion_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, i);
      bind_text_or_null (stmt, 4, item->reason);
      if (!step_done (self, stmt, error) ||
          !add_audit (self, at, dispute->raised_by, KZ_AUDIT_DISPUTED, dispute->evaluation_id, dispute->revision, id,
                      item->criterion_id, item->reason != NULL ? item->reason : dispute->reason, error))
        goto fail;
    }
  if (!kz_sqlite_store_commit (store, error))
    goto fail;
  return id;

fail:
  kz_sqlite_store_rollback (store);
  return 0;
}

static gboolean
kz_sqlite_store_claim_dispute (KzStore  *store,
                               gint64    dispute_id,
                               int       row_version,
                               GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "UPDATE disputes SET row_version = row_version + 1 "
                                      "WHERE id = ?1 AND row_version = ?2 AND state = 'open'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dispute_id);
  sqlite3_bind_int (stmt, 2, row_version);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_CONFLICT,
                           _("Someone else resolved this dispute after you opened it; nothing was changed. "
                             "Your decisions are still here: reload to see theirs."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
kz_sqlite_store_resolve_items (KzStore    *store,
                               gint64      dispute_id,
                               gint64      resolver_id,
                               GPtrArray  *resolutions,
                               int         revision,
                               GDateTime  *at,
                               GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  gint64 when = g_date_time_to_unix (at);
  sqlite3_stmt *stmt;
  gint64 evaluation_id, pending;

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  stmt = prepare (self, "SELECT evaluation_id FROM disputes WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, dispute_id);
  if ((evaluation_id = step_int (self, stmt, error)) < 0)
    goto fail;
  for (guint i = 0; i < resolutions->len; i++)
    {
      KzDisputeResolution *r = g_ptr_array_index (resolutions, i);
      gboolean changed = r->resolution == KZ_RESOLUTION_CHANGED;

      stmt = prepare (self, "UPDATE dispute_items SET resolution = ?3, note = ?4, resolved_by = ?5, resolved_at = ?6, "
                            "revision = ?7 WHERE dispute_id = ?1 AND criterion_id = ?2 AND resolution = 'pending'",
                      error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, dispute_id);
      sqlite3_bind_text (stmt, 2, r->criterion_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, kz_resolution_to_string (r->resolution), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, r->note, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, resolver_id);
      sqlite3_bind_int64 (stmt, 6, when);
      if (changed)
        sqlite3_bind_int (stmt, 7, revision);
      if (!step_done (self, stmt, error))
        goto fail;
      if (sqlite3_changes (self->db) == 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_CONFLICT,
                       _("“%s” is not a pending criterion of dispute %lld any more; nothing was changed"),
                       r->criterion_id, (long long) dispute_id);
          goto fail;
        }
      if (!add_audit (self, when, resolver_id, changed ? KZ_AUDIT_CHANGED : KZ_AUDIT_UPHELD, evaluation_id,
                      changed ? revision : 0, dispute_id, r->criterion_id, r->note, error))
        goto fail;
    }
  stmt = prepare (self, "SELECT count(*) FROM dispute_items WHERE dispute_id = ?1 AND resolution = 'pending'", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, dispute_id);
  if ((pending = step_int (self, stmt, error)) < 0)
    goto fail;
  if (pending == 0)
    {
      stmt = prepare (self, "UPDATE disputes SET state = 'closed', closed_at = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, dispute_id);
      sqlite3_bind_int64 (stmt, 2, when);
      if (!step_done (self, stmt, error) ||
          !add_audit (self, when, resolver_id, KZ_AUDIT_CLOSED, evaluation_id, 0, dispute_id, NULL, NULL, error))
        goto fail;
    }
  if (!kz_sqlite_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

static GPtrArray *
kz_sqlite_store_list_disputes (KzStore                *store,
                               const KzDisputeFilter  *filter,
                               gint64                  id,
                               GError                **error)
{
  static const KzDisputeFilter all = { 0 };
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_free);
  sqlite3_stmt *stmt;
  int rc;

  if (filter == NULL)
    filter = &all;
  stmt = prepare (self, "SELECT d.id, d.evaluation_id, d.revision, d.raised_by, d.raised_at, d.reason, d.state, "
                        "d.closed_at, d.row_version FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id "
                        "WHERE (?1 = 0 OR d.id = ?1) AND (?2 = 0 OR d.evaluation_id = ?2) "
                        "  AND (?3 = 0 OR e.agent_id = ?3) AND (?4 = 0 OR d.state = 'open') "
                        "ORDER BY d.raised_at DESC, d.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, filter->evaluation_id);
  sqlite3_bind_int64 (stmt, 3, filter->agent_id);
  sqlite3_bind_int (stmt, 4, filter->open_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzDispute *d = kz_dispute_new ();

      d->id = sqlite3_column_int64 (stmt, 0);
      d->evaluation_id = sqlite3_column_int64 (stmt, 1);
      d->revision = sqlite3_column_int (stmt, 2);
      d->raised_by = sqlite3_column_int64 (stmt, 3);
      d->raised_at = column_time (stmt, 4);
      d->reason = column_dup (stmt, 5);
      d->state = g_str_equal ((const char *) sqlite3_column_text (stmt, 6), "closed") ? KZ_DISPUTE_CLOSED
                                                                                       : KZ_DISPUTE_OPEN;
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        d->closed_at = column_time (stmt, 7);
      d->row_version = sqlite3_column_int (stmt, 8);
      g_ptr_array_add (list, d);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading disputes"));
      return NULL;
    }

  for (guint i = 0; i < list->len; i++)
    {
      KzDispute *d = g_ptr_array_index (list, i);

      stmt = prepare (self, "SELECT criterion_id, reason, resolution, note, resolved_by, resolved_at, revision "
                            "FROM dispute_items WHERE dispute_id = ?1 ORDER BY position", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, d->id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          KzDisputeItem *item = kz_dispute_item_new ((const char *) sqlite3_column_text (stmt, 0),
                                                     (const char *) sqlite3_column_text (stmt, 1));

          kz_resolution_from_string ((const char *) sqlite3_column_text (stmt, 2), &item->resolution);
          item->note = column_dup (stmt, 3);
          item->resolved_by = sqlite3_column_int64 (stmt, 4);
          if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
            item->resolved_at = column_time (stmt, 5);
          item->revision = sqlite3_column_int (stmt, 6);
          g_ptr_array_add (d->items, item);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_db_error (self, error, _("reading disputes"));
          return NULL;
        }
    }
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_sqlite_store_list_acknowledgements (KzStore  *store,
                                       gint64    evaluation_id,
                                       GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_acknowledgement_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT evaluation_id, revision, agent_id, at, comment FROM acknowledgements "
                                      "WHERE ?1 = 0 OR evaluation_id = ?1 ORDER BY evaluation_id, revision", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzAcknowledgement *a = g_new0 (KzAcknowledgement, 1);

      a->evaluation_id = sqlite3_column_int64 (stmt, 0);
      a->revision = sqlite3_column_int (stmt, 1);
      a->agent_id = sqlite3_column_int64 (stmt, 2);
      a->at = column_time (stmt, 3);
      a->comment = column_dup (stmt, 4);
      g_ptr_array_add (list, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading acknowledgements"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_sqlite_store_list_revisions (KzStore  *store,
                                gint64    evaluation_id,
                                GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_revision_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT evaluation_id, revision, created_at, created_by, dispute_id, "
                                      "rubric_version, raw, final, pass, auto_failed, failed_by, critical "
                                      "FROM evaluation_revisions WHERE ?1 = 0 OR evaluation_id = ?1 "
                                      "ORDER BY evaluation_id, revision", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzRevision *r = g_new0 (KzRevision, 1);
      const char *failed_by = (const char *) sqlite3_column_text (stmt, 10);

      r->evaluation_id = sqlite3_column_int64 (stmt, 0);
      r->revision = sqlite3_column_int (stmt, 1);
      r->created_at = column_time (stmt, 2);
      r->created_by = sqlite3_column_int64 (stmt, 3);
      r->dispute_id = sqlite3_column_int64 (stmt, 4);
      r->rubric_version = sqlite3_column_int (stmt, 5);
      r->has_score = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      r->raw = sqlite3_column_double (stmt, 6);
      r->final = sqlite3_column_double (stmt, 7);
      r->pass = sqlite3_column_int (stmt, 8);
      r->auto_failed = sqlite3_column_int (stmt, 9);
      r->failed_by = failed_by ? g_strsplit (failed_by, " ", -1) : g_new0 (char *, 1);
      r->has_critical = sqlite3_column_type (stmt, 11) != SQLITE_NULL;
      r->critical = sqlite3_column_double (stmt, 11);
      r->answers = kz_answer_set_new ();
      g_ptr_array_add (list, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading revisions"));
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KzRevision *r = g_ptr_array_index (list, i);

      stmt = prepare (self, "SELECT criterion_id, kind, value, comment, comment_at_ms FROM revision_answers "
                            "WHERE evaluation_id = ?1 AND revision = ?2", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, r->evaluation_id);
      sqlite3_bind_int (stmt, 2, r->revision);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gboolean na = g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "na");
          KzAnswer *a = kz_answer_new ((const char *) sqlite3_column_text (stmt, 0),
                                       na ? KZ_ANSWER_NA : KZ_ANSWER_VALUE, sqlite3_column_double (stmt, 2),
                                       (const char *) sqlite3_column_text (stmt, 3));

          if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
            a->comment_at_ms = sqlite3_column_int (stmt, 4);
          kz_answer_set_put (r->answers, a);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_db_error (self, error, _("reading revisions"));
          return NULL;
        }
    }
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_sqlite_store_list_audit (KzStore  *store,
                            gint64    evaluation_id,
                            GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_audit_entry_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, at, actor_id, action, evaluation_id, revision, dispute_id, "
                                      "criterion_id, detail FROM audit_trail WHERE ?1 = 0 OR evaluation_id = ?1 "
                                      "ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, evaluation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzAuditEntry *e = g_new0 (KzAuditEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = column_time (stmt, 1);
      e->actor_id = sqlite3_column_int64 (stmt, 2);
      kz_audit_action_from_string ((const char *) sqlite3_column_text (stmt, 3), &e->action);
      e->evaluation_id = sqlite3_column_int64 (stmt, 4);
      e->revision = sqlite3_column_int (stmt, 5);
      e->dispute_id = sqlite3_column_int64 (stmt, 6);
      e->criterion_id = column_dup (stmt, 7);
      e->detail = column_dup (stmt, 8);
      g_ptr_array_add (list, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading the audit trail"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gint64
kz_sqlite_store_add_calibration (KzStore                     *store,
                                 const KzCalibrationSession  *session,
                                 GError                     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gint64 id;

  if (!kz_sqlite_store_begin (store, error))
    return 0;
  stmt = prepare (self, "INSERT INTO calibration_sessions (title, rubric_id, rubric_version, lead_id, created_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, session->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, session->rubric_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, session->rubric_version);
  sqlite3_bind_int64 (stmt, 4, session->lead_id);
  sqlite3_bind_int64 (stmt, 5, g_date_time_to_unix (session->created_at));
  if (!step_done (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  for (guint i = 0; i < session->reviewer_ids->len; i++)
    {
      stmt = prepare (self, "INSERT INTO calibration_reviewers (session_id, reviewer_id) VALUES (?1, ?2)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (session->reviewer_ids, gint64, i));
      if (!step_done (self, stmt, error))
        goto fail;
    }
  for (guint i = 0; i < session->interaction_ids->len; i++)
    {
      stmt = prepare (self, "INSERT INTO calibration_interactions (session_id, position, interaction_id) "
                            "VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_int64 (stmt, 3, g_array_index (session->interaction_ids, gint64, i));
      if (!step_done (self, stmt, error))
        goto fail;
    }
  if (!kz_sqlite_store_commit (store, error))
    goto fail;
  return id;

fail:
  kz_sqlite_store_rollback (store);
  return 0;
}

static gboolean
kz_sqlite_store_close_calibration (KzStore    *store,
                                   gint64      session_id,
                                   GDateTime  *at,
                                   GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "UPDATE calibration_sessions SET closed_at = ?2 "
                                      "WHERE id = ?1 AND closed_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (at));
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_CONFLICT, _("Calibration session %lld was closed meanwhile"),
                   (long long) session_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_ids (KzSqliteStore  *self,
          const char     *sql,
          gint64          key,
          GArray         *ids,
          GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, key);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("reading calibration sessions"));
  return TRUE;
}

static GPtrArray *
kz_sqlite_store_list_calibrations (KzStore  *store,
                                   gint64    id,
                                   GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_calibration_session_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT s.id, s.title, s.rubric_id, s.rubric_version, s.lead_id, s.created_at, s.closed_at, "
                        "  (SELECT count(*) FROM evaluations e WHERE e.is_calibration = 1 "
                        "   AND e.calibration_session_id = s.id AND e.state = 'submitted') "
                        "FROM calibration_sessions s WHERE ?1 = 0 OR s.id = ?1 "
                        "ORDER BY s.created_at DESC, s.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzCalibrationSession *s = kz_calibration_session_new ();

      s->id = sqlite3_column_int64 (stmt, 0);
      s->title = column_dup (stmt, 1);
      s->rubric_id = column_dup (stmt, 2);
      s->rubric_version = sqlite3_column_int (stmt, 3);
      s->lead_id = sqlite3_column_int64 (stmt, 4);
      s->created_at = column_time (stmt, 5);
      if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
        s->closed_at = column_time (stmt, 6);
      s->n_submitted = sqlite3_column_int (stmt, 7);
      g_ptr_array_add (list, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading calibration sessions"));
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KzCalibrationSession *s = g_ptr_array_index (list, i);

      if (!read_ids (self, "SELECT reviewer_id FROM calibration_reviewers WHERE session_id = ?1 ORDER BY reviewer_id",
                     s->id, s->reviewer_ids, error) ||
          !read_ids (self, "SELECT interaction_id FROM calibration_interactions WHERE session_id = ?1 "
                           "ORDER BY position", s->id, s->interaction_ids, error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

static gint64
kz_sqlite_store_find_calibration_evaluation (KzStore  *store,
                                             gint64    session_id,
                                             gint64    interaction_id,
                                             gint64    reviewer_id,
                                             GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "SELECT id FROM evaluations WHERE is_calibration = 1 "
                                      "AND calibration_session_id = ?1 AND interaction_id = ?2 AND reviewer_id = ?3",
                                error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_int64 (stmt, 2, interaction_id);
  sqlite3_bind_int64 (stmt, 3, reviewer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading evaluations"));
      return -1;
    }
  return id;
}

static KzHistoryData *
kz_sqlite_store_history_export (KzStore  *store,
                                GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(KzHistoryData) data = kz_history_data_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, revision, submitted_at FROM evaluations WHERE revision > 0 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzHistoryEvaluation *e = g_new0 (KzHistoryEvaluation, 1);

      e->evaluation_id = sqlite3_column_int64 (stmt, 0);
      e->revision = sqlite3_column_int (stmt, 1);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        e->submitted_at = column_time (stmt, 2);
      g_ptr_array_add (data->evaluations, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading evaluations"));
      return NULL;
    }

  g_clear_pointer (&data->revisions, g_ptr_array_unref);
  g_clear_pointer (&data->acknowledgements, g_ptr_array_unref);
  g_clear_pointer (&data->disputes, g_ptr_array_unref);
  g_clear_pointer (&data->audit, g_ptr_array_unref);
  if ((data->revisions = kz_sqlite_store_list_revisions (store, 0, error)) == NULL ||
      (data->acknowledgements = kz_sqlite_store_list_acknowledgements (store, 0, error)) == NULL ||
      (data->disputes = kz_sqlite_store_list_disputes (store, NULL, 0, error)) == NULL ||
      (data->audit = kz_sqlite_store_list_audit (store, 0, error)) == NULL)
    return NULL;
  /* Oldest first, so that the target numbers them in the same order. */
  for (guint i = 0, j = data->disputes->len; j > i + 1; i++, j--)
    {
      gpointer t = data->disputes->pdata[i];

      data->disputes->pdata[i] = data->disputes->pdata[j - 1];
      data->disputes->pdata[j - 1] = t;
    }
  return g_steal_pointer (&data);
}

static gboolean
import_answers (KzSqliteStore  *self,
                const KzRevision *r,
                GError        **error)
{
  GHashTableIter iter;
  KzAnswer *a;

  g_hash_table_iter_init (&iter, r->answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    {
      sqlite3_stmt *stmt = prepare (self, "INSERT INTO revision_answers (evaluation_id, revision, criterion_id, kind, "
                                          "value, comment, comment_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, r->evaluation_id);
      sqlite3_bind_int (stmt, 2, r->revision);
      sqlite3_bind_text (stmt, 3, a->criterion_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, a->kind == KZ_ANSWER_NA ? "na" : "value", -1, SQLITE_STATIC);
      if (a->kind == KZ_ANSWER_VALUE)
        sqlite3_bind_double (stmt, 5, a->value);
      bind_text_or_null (stmt, 6, a->comment);
      if (a->comment_at_ms >= 0)
        sqlite3_bind_int (stmt, 7, a->comment_at_ms);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
kz_sqlite_store_history_import (KzStore        *store,
                                KzHistoryData  *data,
                                GError        **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GHashTable) disputes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt;

#define NEW_DISPUTE(old) ((old) > 0 ? *(gint64 *) g_hash_table_lookup (disputes, &(gint64) { (old) }) : 0)

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < data->disputes->len; i++)
    {
      KzDispute *d = g_ptr_array_index (data->disputes, i);
      gint64 id;

      stmt = prepare (self, "INSERT INTO disputes (evaluation_id, revision, raised_by, raised_at, reason, state, "
                            "closed_at, row_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, d->evaluation_id);
      sqlite3_bind_int (stmt, 2, d->revision);
      sqlite3_bind_int64 (stmt, 3, d->raised_by);
      sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (d->raised_at));
      sqlite3_bind_text (stmt, 5, d->reason, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, kz_dispute_state_to_string (d->state), -1, SQLITE_STATIC);
      if (d->closed_at != NULL)
        sqlite3_bind_int64 (stmt, 7, g_date_time_to_unix (d->closed_at));
      sqlite3_bind_int (stmt, 8, d->row_version);
      if (!step_done (self, stmt, error))
        goto fail;
      id = sqlite3_last_insert_rowid (self->db);
      g_hash_table_insert (disputes, g_memdup2 (&d->id, sizeof d->id), g_memdup2 (&id, sizeof id));
      d->id = id;
      for (guint k = 0; k < d->items->len; k++)
        {
          KzDisputeItem *item = g_ptr_array_index (d->items, k);

          stmt = prepare (self, "INSERT INTO dispute_items (dispute_id, criterion_id, position, reason, resolution, "
                                "note, resolved_by, resolved_at, revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                          error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_text (stmt, 2, item->criterion_id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (stmt, 3, k);
          bind_text_or_null (stmt, 4, item->reason);
          sqlite3_bind_text (stmt, 5, kz_resolution_to_string (item->resolution), -1, SQLITE_STATIC);
          bind_text_or_null (stmt, 6, item->note);
          bind_id_or_null (stmt, 7, item->resolved_by);
          if (item->resolved_at != NULL)
            sqlite3_bind_int64 (stmt, 8, g_date_time_to_unix (item->resolved_at));
          bind_id_or_null (stmt, 9, item->revision);
          if (!step_done (self, stmt, error))
            goto fail;
        }
    }
  for (guint i = 0; i < data->revisions->len; i++)
    {
      KzRevision *r = g_ptr_array_index (data->revisions, i);
      g_autofree char *failed_by = r->failed_by ? g_strjoinv (" ", r->failed_by) : g_strdup ("");

      stmt = prepare (self, "INSERT INTO evaluation_revisions (evaluation_id, revision, created_at, created_by, "
                            "dispute_id, rubric_version, raw, final, pass, auto_failed, failed_by, critical) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, r->evaluation_id);
      sqlite3_bind_int (stmt, 2, r->revision);
      sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (r->created_at));
      bind_id_or_null (stmt, 4, r->created_by);
      r->dispute_id = NEW_DISPUTE (r->dispute_id);
      bind_id_or_null (stmt, 5, r->dispute_id);
      sqlite3_bind_int (stmt, 6, r->rubric_version);
      if (r->has_score)
        {
          sqlite3_bind_double (stmt, 7, r->raw);
          sqlite3_bind_double (stmt, 8, r->final);
          sqlite3_bind_int (stmt, 9, r->pass);
        }
      sqlite3_bind_int (stmt, 10, r->auto_failed);
      bind_text_or_null (stmt, 11, *failed_by ? failed_by : NULL);
      if (r->has_critical)
        sqlite3_bind_double (stmt, 12, r->critical);
      if (!step_done (self, stmt, error) || !import_answers (self, r, error))
        goto fail;
    }
  for (guint i = 0; i < data->acknowledgements->len; i++)
    {
      KzAcknowledgement *a = g_ptr_array_index (data->acknowledgements, i);

      stmt = prepare (self, "INSERT INTO acknowledgements (evaluation_id, revision, agent_id, at, comment) "
                            "VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, a->evaluation_id);
      sqlite3_bind_int (stmt, 2, a->revision);
      sqlite3_bind_int64 (stmt, 3, a->agent_id);
      sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (a->at));
      bind_text_or_null (stmt, 5, a->comment);
      if (!step_done (self, stmt, error))
        goto fail;
    }
  for (guint i = 0; i < data->audit->len; i++)
    {
      KzAuditEntry *e = g_ptr_array_index (data->audit, i);

      e->dispute_id = NEW_DISPUTE (e->dispute_id);
      if (!add_audit (self, g_date_time_to_unix (e->at), e->actor_id, e->action, e->evaluation_id, e->revision,
                      e->dispute_id, e->criterion_id, e->detail, error))
        goto fail;
    }
  for (guint i = 0; i < data->evaluations->len; i++)
    {
      KzHistoryEvaluation *e = g_ptr_array_index (data->evaluations, i);

      stmt = prepare (self, "UPDATE evaluations SET revision = ?2, submitted_at = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, e->evaluation_id);
      sqlite3_bind_int (stmt, 2, e->revision);
      if (e->submitted_at != NULL)
        sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (e->submitted_at));
      if (!step_done (self, stmt, error))
        goto fail;
    }
#undef NEW_DISPUTE
  if (!kz_sqlite_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Coaching (schema 16).  kz-store.c checks the records; these store them. */

static void
bind_time_or_null (sqlite3_stmt *stmt,
                   int           index,
                   GDateTime    *t)
{
  if (t != NULL)
    sqlite3_bind_int64 (stmt, index, g_date_time_to_unix (t));
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_day_or_null (sqlite3_stmt *stmt,
                  int           index,
                  const GDate  *date)
{
  char buf[16];

  if (g_date_valid (date))
    sqlite3_bind_text (stmt, index, day_text (date, buf), -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static GDateTime *
column_time_or_null (sqlite3_stmt *stmt,
                     int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NULL : column_time (stmt, col);
}

/* Replaces the (rubric, criterion) rows of @owner in @table. */
static gboolean
write_refs (KzSqliteStore  *self,
            const char     *delete_sql,
            const char     *insert_sql,
            gint64          owner,
            GPtrArray      *refs,
            GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, delete_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, owner);
  if (!step_done (self, stmt, error))
    return FALSE;
  for (guint i = 0; i < refs->len; i++)
    {
      const KzCriterionRef *r = refs->pdata[i];

      stmt = prepare (self, insert_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, owner);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_text (stmt, 3, r->rubric_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, r->criterion_id, -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_refs (KzSqliteStore  *self,
           const char     *sql,
           gint64          owner,
           GPtrArray      *into,
           GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, owner);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (into, kz_criterion_ref_new ((const char *) sqlite3_column_text (stmt, 0),
                                                 (const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || set_db_error (self, error, _("reading"));
}

static gboolean
write_ids (KzSqliteStore  *self,
           const char     *delete_sql,
           const char     *insert_sql,
           gint64          owner,
           GArray         *ids,
           GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, delete_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, owner);
  if (!step_done (self, stmt, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      stmt = prepare (self, insert_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, owner);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_int64 (stmt, 3, g_array_index (ids, gint64, i));
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_ids_into (KzSqliteStore  *self,
               const char     *sql,
               gint64          owner,
               GArray         *into,
               GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, owner);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (into, id);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || set_db_error (self, error, _("reading"));
}

/* Runs @body between a savepoint and its release, rolling back on failure. */
#define IN_SAVEPOINT(self, error, body) \
  G_STMT_START { \
    if (!kz_sqlite_store_begin (KZ_STORE (self), error)) \
      return 0; \
    if (!(body) || !kz_sqlite_store_commit (KZ_STORE (self), error)) \
      { \
        kz_sqlite_store_rollback (KZ_STORE (self)); \
        return 0; \
      } \
  } G_STMT_END

static gboolean
write_catalog_item (KzSqliteStore        *self,
                    const KzCatalogItem  *item,
                    gint64               *id,
                    GError              **error)
{
  sqlite3_stmt *stmt = prepare (self, item->id == 0
    ? "INSERT INTO catalog_items (kind, title, link, file, minutes, capacity, external_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8)"
    : "UPDATE catalog_items SET kind = ?1, title = ?2, link = ?3, file = ?4, minutes = ?5, capacity = ?6, "
      "external_id = ?8 WHERE id = ?7", error);
  gboolean elearning = item->kind == KZ_CATALOG_ELEARNING;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kz_catalog_kind_to_string (item->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, item->title, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 3, elearning ? item->link : NULL);
  bind_text_or_null (stmt, 4, elearning ? item->file : NULL);
  bind_id_or_null (stmt, 5, elearning ? item->minutes : 0);
  bind_id_or_null (stmt, 6, elearning ? 0 : item->capacity);
  if (item->id != 0)
    sqlite3_bind_int64 (stmt, 7, item->id);
  bind_text_or_null (stmt, 8, item->external_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("Another training item has the LMS id “%s”"),
                   item->external_id);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("writing"));
  if (item->id != 0 && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no training item %" G_GINT64_FORMAT), item->id);
      return FALSE;
    }
  *id = item->id != 0 ? item->id : sqlite3_last_insert_rowid (self->db);
  return write_refs (self, "DELETE FROM catalog_criteria WHERE item_id = ?1",
                     "INSERT INTO catalog_criteria (item_id, position, rubric_id, criterion_id) VALUES (?1, ?2, ?3, ?4)",
                     *id, item->criteria, error);
}

static gint64
kz_sqlite_store_save_catalog_item (KzStore              *store,
                                   const KzCatalogItem  *item,
                                   GError              **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  gint64 id = 0;

  IN_SAVEPOINT (self, error, write_catalog_item (self, item, &id, error));
  return id;
}

static GPtrArray *
kz_sqlite_store_list_catalog_items (KzStore  *store,
                                    GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_catalog_item_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, kind, title, link, file, minutes, capacity, external_id FROM catalog_items "
                                      "ORDER BY title, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzCatalogKind kind = KZ_CATALOG_ELEARNING;
      KzCatalogItem *item;

      kz_catalog_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &kind);
      item = kz_catalog_item_new (kind, (const char *) sqlite3_column_text (stmt, 2));
      item->id = sqlite3_column_int64 (stmt, 0);
      item->link = column_dup (stmt, 3);
      item->file = column_dup (stmt, 4);
      item->minutes = sqlite3_column_int (stmt, 5);
      item->capacity = sqlite3_column_int (stmt, 6);
      item->external_id = column_dup (stmt, 7);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading the training catalog"));
      return NULL;
    }
  for (guint i = 0; i < items->len; i++)
    {
      KzCatalogItem *item = items->pdata[i];
      if (!read_refs (self, "SELECT rubric_id, criterion_id FROM catalog_criteria WHERE item_id = ?1 "
                            "ORDER BY position", item->id, item->criteria, error))
        return NULL;
    }
  return g_steal_pointer (&items);
}

static gint64
kz_sqlite_store_save_rule (KzStore               *store,
                           const KzCoachingRule  *rule,
                           GError               **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, rule->id == 0
    ? "INSERT INTO coaching_rules (rubric_id, criterion_id, condition, n, threshold, days, catalog_item_id, "
      "cooldown_weeks, sla_days, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    : "UPDATE coaching_rules SET rubric_id = ?1, criterion_id = ?2, condition = ?3, n = ?4, threshold = ?5, "
      "days = ?6, catalog_item_id = ?7, cooldown_weeks = ?8, sla_days = ?9, active = ?10 WHERE id = ?11", error);
  gboolean last_n = rule->condition == KZ_RULE_LAST_N_FAILED;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, rule->rubric_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, rule->criterion_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kz_rule_condition_to_string (rule->condition), -1, SQLITE_STATIC);
  bind_id_or_null (stmt, 4, last_n ? rule->n : 0);
  if (!last_n)
    sqlite3_bind_double (stmt, 5, rule->threshold);
  bind_id_or_null (stmt, 6, last_n ? 0 : rule->days);
  sqlite3_bind_int64 (stmt, 7, rule->catalog_item_id);
  sqlite3_bind_int (stmt, 8, rule->cooldown_weeks);
  sqlite3_bind_int (stmt, 9, rule->sla_days);
  sqlite3_bind_int (stmt, 10, rule->active ? 1 : 0);
  if (rule->id != 0)
    sqlite3_bind_int64 (stmt, 11, rule->id);
  if (!step_done (self, stmt, error))
    return 0;
  if (rule->id != 0 && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no rule %" G_GINT64_FORMAT), rule->id);
      return 0;
    }
  return rule->id != 0 ? rule->id : sqlite3_last_insert_rowid (self->db);
}

static GPtrArray *
kz_sqlite_store_list_rules (KzStore  *store,
                            GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_coaching_rule_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, rubric_id, criterion_id, condition, n, threshold, days, "
                                      "catalog_item_id, cooldown_weeks, sla_days, active FROM coaching_rules "
                                      "ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzCoachingRule *rule = kz_coaching_rule_new ();

      rule->id = sqlite3_column_int64 (stmt, 0);
      rule->rubric_id = column_dup (stmt, 1);
      rule->criterion_id = column_dup (stmt, 2);
      kz_rule_condition_from_string ((const char *) sqlite3_column_text (stmt, 3), &rule->condition);
      rule->n = sqlite3_column_int (stmt, 4);
      rule->threshold = sqlite3_column_double (stmt, 5);
      rule->days = sqlite3_column_int (stmt, 6);
      rule->catalog_item_id = sqlite3_column_int64 (stmt, 7);
      rule->cooldown_weeks = sqlite3_column_int (stmt, 8);
      rule->sla_days = sqlite3_column_int (stmt, 9);
      rule->active = sqlite3_column_int (stmt, 10) != 0;
      g_ptr_array_add (rules, rule);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading the rules"));
      return NULL;
    }
  return g_steal_pointer (&rules);
}

static gboolean
write_proposal (KzSqliteStore     *self,
                const KzProposal  *p,
                gint64            *id,
                GError           **error)
{
  sqlite3_stmt *stmt = prepare (self, p->id == 0
    ? "INSERT INTO proposals (rule_id, agent_id, created_at, reason, state, decided_at, decided_by, plan_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    : "UPDATE proposals SET rule_id = ?1, agent_id = ?2, created_at = ?3, reason = ?4, state = ?5, "
      "decided_at = ?6, decided_by = ?7, plan_id = ?8 WHERE id = ?9", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->rule_id);
  sqlite3_bind_int64 (stmt, 2, p->agent_id);
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (p->created_at));
  bind_text_or_null (stmt, 4, p->reason);
  sqlite3_bind_text (stmt, 5, kz_proposal_state_to_string (p->state), -1, SQLITE_STATIC);
  bind_time_or_null (stmt, 6, p->decided_at);
  bind_id_or_null (stmt, 7, p->decided_by);
  bind_id_or_null (stmt, 8, p->plan_id);
  if (p->id != 0)
    sqlite3_bind_int64 (stmt, 9, p->id);
  if (!step_done (self, stmt, error))
    return FALSE;
  *id = p->id != 0 ? p->id : sqlite3_last_insert_rowid (self->db);
  return write_ids (self, "DELETE FROM proposal_evidence WHERE proposal_id = ?1",
                    "INSERT INTO proposal_evidence (proposal_id, position, evaluation_id) VALUES (?1, ?2, ?3)",
                    *id, p->evidence, error);
}

static gint64
kz_sqlite_store_save_proposal (KzStore           *store,
                               const KzProposal  *proposal,
                               GError           **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  gint64 id = 0;

  IN_SAVEPOINT (self, error, write_proposal (self, proposal, &id, error));
  return id;
}

static GPtrArray *
kz_sqlite_store_list_proposals (KzStore  *store,
                                GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_proposal_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, rule_id, agent_id, created_at, reason, state, decided_at, "
                                      "decided_by, plan_id FROM proposals ORDER BY created_at DESC, id DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzProposal *p = kz_proposal_new ();

      p->id = sqlite3_column_int64 (stmt, 0);
      p->rule_id = sqlite3_column_int64 (stmt, 1);
      p->agent_id = sqlite3_column_int64 (stmt, 2);
      p->created_at = column_time (stmt, 3);
      p->reason = column_dup (stmt, 4);
      kz_proposal_state_from_string ((const char *) sqlite3_column_text (stmt, 5), &p->state);
      p->decided_at = column_time_or_null (stmt, 6);
      p->decided_by = sqlite3_column_int64 (stmt, 7);
      p->plan_id = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (out, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading the proposals"));
      return NULL;
    }
  for (guint i = 0; i < out->len; i++)
    {
      KzProposal *p = out->pdata[i];
      if (!read_ids_into (self, "SELECT evaluation_id FROM proposal_evidence WHERE proposal_id = ?1 ORDER BY position",
                          p->id, p->evidence, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
write_plan (KzSqliteStore  *self,
            const KzPlan   *plan,
            gint64         *id,
            GError        **error)
{
  const KzRecurrence *rec = &plan->recurrence;
  sqlite3_stmt *stmt = prepare (self, plan->id == 0
    ? "INSERT INTO plans (kind, state, title, agent_id, coach_id, catalog_item_id, proposal_id, agenda, "
      "shared_notes, acknowledged_at, commitment, starts_at, tzid, duration_minutes, follow_up_on, due_on, place, "
      "link, capacity, freq, interval, until, count, byday, uid, sequence, created_at, updated_at, completed_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
      "?23, ?24, ?25, ?26, ?27, ?28, ?29)"
    : "UPDATE plans SET kind = ?1, state = ?2, title = ?3, agent_id = ?4, coach_id = ?5, catalog_item_id = ?6, "
      "proposal_id = ?7, agenda = ?8, shared_notes = ?9, acknowledged_at = ?10, commitment = ?11, starts_at = ?12, "
      "tzid = ?13, duration_minutes = ?14, follow_up_on = ?15, due_on = ?16, place = ?17, link = ?18, "
      "capacity = ?19, freq = ?20, interval = ?21, until = ?22, count = ?23, byday = ?24, uid = ?25, "
      "sequence = ?26, created_at = ?27, updated_at = ?28, completed_at = ?29 WHERE id = ?30", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kz_plan_kind_to_string (plan->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kz_plan_state_to_string (plan->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, plan->title, -1, SQLITE_TRANSIENT);
  bind_id_or_null (stmt, 4, plan->agent_id);
  bind_id_or_null (stmt, 5, plan->coach_id);
  bind_id_or_null (stmt, 6, plan->catalog_item_id);
  bind_id_or_null (stmt, 7, plan->proposal_id);
  bind_text_or_null (stmt, 8, plan->agenda);
  bind_text_or_null (stmt, 9, plan->shared_notes);
  bind_time_or_null (stmt, 10, plan->acknowledged_at);
  bind_text_or_null (stmt, 11, plan->commitment);
  bind_time_or_null (stmt, 12, plan->starts_at);
  bind_text_or_null (stmt, 13, plan->tzid);
  sqlite3_bind_int (stmt, 14, plan->duration_minutes);
  bind_day_or_null (stmt, 15, &plan->follow_up);
  bind_day_or_null (stmt, 16, &plan->due);
  bind_text_or_null (stmt, 17, plan->place);
  bind_text_or_null (stmt, 18, plan->link);
  sqlite3_bind_int (stmt, 19, plan->capacity);
  bind_text_or_null (stmt, 20, kz_freq_to_string (rec->freq));
  sqlite3_bind_int (stmt, 21, rec->interval);
  bind_time_or_null (stmt, 22, rec->until);
  sqlite3_bind_int (stmt, 23, rec->count);
  bind_text_or_null (stmt, 24, rec->byday);
  sqlite3_bind_text (stmt, 25, plan->uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 26, plan->sequence);
  sqlite3_bind_int64 (stmt, 27, g_date_time_to_unix (plan->created_at));
  sqlite3_bind_int64 (stmt, 28, g_date_time_to_unix (plan->updated_at));
  bind_time_or_null (stmt, 29, plan->completed_at);
  if (plan->id != 0)
    sqlite3_bind_int64 (stmt, 30, plan->id);
  if (!step_done (self, stmt, error))
    return FALSE;
  *id = plan->id != 0 ? plan->id : sqlite3_last_insert_rowid (self->db);

  if (!write_refs (self, "DELETE FROM plan_criteria WHERE plan_id = ?1",
                   "INSERT INTO plan_criteria (plan_id, position, rubric_id, criterion_id) VALUES (?1, ?2, ?3, ?4)",
                   *id, plan->criteria, error) ||
      !write_ids (self, "DELETE FROM plan_evidence WHERE plan_id = ?1",
                  "INSERT INTO plan_evidence (plan_id, position, evaluation_id) VALUES (?1, ?2, ?3)",
                  *id, plan->evidence, error))
    return FALSE;

  if (!plan->private_notes_hidden)
    {
      stmt = prepare (self, plan->private_notes != NULL
                      ? "INSERT OR REPLACE INTO plan_private_notes (plan_id, notes) VALUES (?1, ?2)"
                      : "DELETE FROM plan_private_notes WHERE plan_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *id);
      if (plan->private_notes != NULL)
        sqlite3_bind_text (stmt, 2, plan->private_notes, -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  if ((stmt = prepare (self, "DELETE FROM action_items WHERE plan_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *id);
  if (!step_done (self, stmt, error))
    return FALSE;
  for (guint i = 0; i < plan->action_items->len; i++)
    {
      const KzActionItem *a = plan->action_items->pdata[i];

      if ((stmt = prepare (self, "INSERT INTO action_items (plan_id, position, text, owner_id, due_on, done) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_text (stmt, 3, a->text, -1, SQLITE_TRANSIENT);
      bind_id_or_null (stmt, 4, a->owner_id);
      bind_day_or_null (stmt, 5, &a->due);
      sqlite3_bind_int (stmt, 6, a->done ? 1 : 0);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  if ((stmt = prepare (self, "DELETE FROM plan_attendees WHERE plan_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *id);
  if (!step_done (self, stmt, error))
    return FALSE;
  for (guint i = 0; i < plan->attendees->len; i++)
    {
      const KzAttendee *a = plan->attendees->pdata[i];

      if ((stmt = prepare (self, "INSERT INTO plan_attendees (plan_id, position, person_id, attendance) "
                                 "VALUES (?1, ?2, ?3, ?4)", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_int64 (stmt, 3, a->person_id);
      sqlite3_bind_text (stmt, 4, kz_attendance_to_string (a->attendance), -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  if ((stmt = prepare (self, "DELETE FROM plan_exdates WHERE plan_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *id);
  if (!step_done (self, stmt, error))
    return FALSE;
  for (guint i = 0; i < rec->exdates->len; i++)
    {
      if ((stmt = prepare (self, "INSERT OR IGNORE INTO plan_exdates (plan_id, at) VALUES (?1, ?2)", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *id);
      sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (rec->exdates->pdata[i]));
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
kz_sqlite_store_save_plan (KzStore       *store,
                           const KzPlan  *plan,
                           GError       **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  gint64 id = 0;

  IN_SAVEPOINT (self, error, write_plan (self, plan, &id, error));
  return id;
}

static gboolean
read_plan_lists (KzSqliteStore  *self,
                 KzPlan         *plan,
                 GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!read_refs (self, "SELECT rubric_id, criterion_id FROM plan_criteria WHERE plan_id = ?1 ORDER BY position",
                  plan->id, plan->criteria, error) ||
      !read_ids_into (self, "SELECT evaluation_id FROM plan_evidence WHERE plan_id = ?1 ORDER BY position",
                      plan->id, plan->evidence, error))
    return FALSE;

  if ((stmt = prepare (self, "SELECT notes FROM plan_private_notes WHERE plan_id = ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    plan->private_notes = column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if ((stmt = prepare (self, "SELECT text, owner_id, due_on, done FROM action_items WHERE plan_id = ?1 "
                             "ORDER BY position", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzActionItem *a = kz_action_item_new ((const char *) sqlite3_column_text (stmt, 0),
                                            sqlite3_column_int64 (stmt, 1));
      column_day (stmt, 2, &a->due);
      a->done = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (plan->action_items, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("reading action items"));

  if ((stmt = prepare (self, "SELECT person_id, attendance FROM plan_attendees WHERE plan_id = ?1 "
                             "ORDER BY position", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzAttendee *a = g_new0 (KzAttendee, 1);
      a->person_id = sqlite3_column_int64 (stmt, 0);
      kz_attendance_from_string ((const char *) sqlite3_column_text (stmt, 1), &a->attendance);
      g_ptr_array_add (plan->attendees, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("reading attendees"));

  if ((stmt = prepare (self, "SELECT at FROM plan_exdates WHERE plan_id = ?1 ORDER BY at", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (plan->recurrence.exdates, column_time (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("reading dropped occurrences"));
  return TRUE;
}

static GPtrArray *
kz_sqlite_store_list_plans (KzStore  *store,
                            gint64    id,
                            GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_plan_free);
  sqlite3_stmt *stmt = prepare (self,
    "SELECT id, kind, state, title, agent_id, coach_id, catalog_item_id, proposal_id, agenda, shared_notes, "
    "acknowledged_at, commitment, starts_at, tzid, duration_minutes, follow_up_on, due_on, place, link, capacity, "
    "freq, interval, until, count, byday, uid, sequence, created_at, updated_at, completed_at "
    "FROM plans WHERE ?1 = 0 OR id = ?1 ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzPlanKind kind = KZ_PLAN_COACHING;
      KzPlan *p;

      kz_plan_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &kind);
      p = kz_plan_new (kind, (const char *) sqlite3_column_text (stmt, 3));
      p->id = sqlite3_column_int64 (stmt, 0);
      kz_plan_state_from_string ((const char *) sqlite3_column_text (stmt, 2), &p->state);
      p->agent_id = sqlite3_column_int64 (stmt, 4);
      p->coach_id = sqlite3_column_int64 (stmt, 5);
      p->catalog_item_id = sqlite3_column_int64 (stmt, 6);
      p->proposal_id = sqlite3_column_int64 (stmt, 7);
      p->agenda = column_dup (stmt, 8);
      p->shared_notes = column_dup (stmt, 9);
      p->acknowledged_at = column_time_or_null (stmt, 10);
      p->commitment = column_dup (stmt, 11);
      p->starts_at = column_time_or_null (stmt, 12);
      p->tzid = column_dup (stmt, 13);
      p->duration_minutes = sqlite3_column_int (stmt, 14);
      column_day (stmt, 15, &p->follow_up);
      column_day (stmt, 16, &p->due);
      p->place = column_dup (stmt, 17);
      p->link = column_dup (stmt, 18);
      p->capacity = sqlite3_column_int (stmt, 19);
      if (sqlite3_column_type (stmt, 20) != SQLITE_NULL)
        kz_freq_from_string ((const char *) sqlite3_column_text (stmt, 20), &p->recurrence.freq);
      p->recurrence.interval = sqlite3_column_int (stmt, 21);
      p->recurrence.until = column_time_or_null (stmt, 22);
      p->recurrence.count = sqlite3_column_int (stmt, 23);
      p->recurrence.byday = column_dup (stmt, 24);
      p->uid = column_dup (stmt, 25);
      p->sequence = sqlite3_column_int (stmt, 26);
      p->created_at = column_time (stmt, 27);
      p->updated_at = column_time (stmt, 28);
      p->completed_at = column_time_or_null (stmt, 29);
      g_ptr_array_add (out, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading plans"));
      return NULL;
    }
  for (guint i = 0; i < out->len; i++)
    if (!read_plan_lists (self, out->pdata[i], error))
      return NULL;
  return g_steal_pointer (&out);
}

static gboolean
write_completions (KzSqliteStore  *self,
                   GPtrArray      *completions,
                   guint          *n_added,
                   GError        **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  *n_added = 0;
  for (guint i = 0; i < completions->len; i++)
    {
      KzCompletion *c = completions->pdata[i];
      sqlite3_stmt *stmt = prepare (self, "INSERT INTO lms_completions (person_id, catalog_item_id, status, "
                                          "completed_at, score, passed, statement_id, recorded_at) "
                                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                          "ON CONFLICT (statement_id) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->person_id);
      sqlite3_bind_int64 (stmt, 2, c->catalog_item_id);
      sqlite3_bind_text (stmt, 3, kz_completion_status_to_string (c->status), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, g_date_time_to_unix (c->completed_at));
      if (c->has_score)
        sqlite3_bind_double (stmt, 5, c->score);
      if (c->has_passed)
        sqlite3_bind_int (stmt, 6, c->passed ? 1 : 0);
      bind_text_or_null (stmt, 7, c->statement_id);
      sqlite3_bind_int64 (stmt, 8, now);
      if (!step_done (self, stmt, error))
        return FALSE;
      c->id = sqlite3_changes (self->db) > 0 ? sqlite3_last_insert_rowid (self->db) : 0;
      if (c->id > 0)
        (*n_added)++;
    }
  return TRUE;
}

static gboolean
kz_sqlite_store_add_completions (KzStore    *store,
                                 GPtrArray  *completions,
                                 guint      *n_added,
                                 GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);

  IN_SAVEPOINT (self, error, write_completions (self, completions, n_added, error));
  return TRUE;
}

static gboolean
kz_sqlite_store_acknowledge_plan (KzStore     *store,
                                  gint64       plan_id,
                                  const char  *comment,
                                  GDateTime   *at,
                                  GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare (self, "UPDATE plans SET acknowledged_at = ?1, commitment = ?2, "
                                      "sequence = sequence + 1, updated_at = ?3 "
                                      "WHERE id = ?4 AND kind = 'coaching' AND acknowledged_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (at));
  bind_text_or_null (stmt, 2, comment);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 4, plan_id);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("Coaching session %" G_GINT64_FORMAT " is acknowledged already"),
                   plan_id);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
kz_sqlite_store_list_completions (KzStore  *store,
                                  GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_completion_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, person_id, catalog_item_id, status, completed_at, score, passed, "
                                      "statement_id FROM lms_completions ORDER BY completed_at, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzCompletion *c = kz_completion_new ();

      c->id = sqlite3_column_int64 (stmt, 0);
      c->person_id = sqlite3_column_int64 (stmt, 1);
      c->catalog_item_id = sqlite3_column_int64 (stmt, 2);
      kz_completion_status_from_string ((const char *) sqlite3_column_text (stmt, 3), &c->status);
      c->completed_at = column_time (stmt, 4);
      c->has_score = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
      c->score = sqlite3_column_double (stmt, 5);
      c->has_passed = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
      c->passed = sqlite3_column_int (stmt, 6) != 0;
      c->statement_id = column_dup (stmt, 7);
      g_ptr_array_add (out, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading completions"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

static void
kz_sqlite_store_finalize (GObject *object)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->rubrics, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->description);
  g_free (self->identity);

  G_OBJECT_CLASS (kz_sqlite_store_parent_class)->finalize (object);
}

/* ------------------------------------------------------------------------ */
/* Roll-ups (schema 17; what they hold: migration_17). */

/* Dashboards: reads for the criterion and reviewer pages. */

static GPtrArray *read_rollup_cells (KzSqliteStore *self, sqlite3_stmt *stmt, GError **error);

/* The created_at bounds [*lo, *hi) of weeks @first … @last (G_MININT,
 * G_MAXINT: none). */
static void
week_range_to_times (int     first,
                     int     last,
                     gint64 *lo,
                     gint64 *hi)
{
  *lo = first == G_MININT ? G_MININT64 : (gint64) first * 86400;
  *hi = last == G_MAXINT ? G_MAXINT64 : ((gint64) last + 7) * 86400;
}

static GPtrArray *
kz_sqlite_store_rollup_criterion (KzStore     *store,
                                  const char  *rubric_id,
                                  const char  *criterion_id,
                                  int          first_week,
                                  int          last_week,
                                  gint64       team_id,
                                  GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT team_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed, rubric_id, "
                        "sum_value, n_value "
                        "FROM rollup_team_criteria WHERE week BETWEEN ?2 AND ?3 AND criterion_id = ?1 "
                        "AND rubric_id = ?5 AND (?4 < 0 OR team_id = ?4) ORDER BY week, team_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, criterion_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, rubric_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, first_week);
  sqlite3_bind_int (stmt, 3, last_week);
  sqlite3_bind_int64 (stmt, 4, team_id);
  return read_rollup_cells (self, stmt, error);
}

static GPtrArray *
kz_sqlite_store_answer_distribution (KzStore     *store,
                                     const char  *rubric_id,
                                     const char  *criterion_id,
                                     int          first_week,
                                     int          last_week,
                                     gint64       team_id,
                                     GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 lo, hi;
  int rc;

  week_range_to_times (first_week, last_week, &lo, &hi);
  stmt = prepare (self, "SELECT a.kind = 'na' AS na, CASE WHEN a.kind = 'value' THEN a.value ELSE 0 END AS x, "
                        "count (*) FROM evaluations e "
                        "JOIN answers a ON a.evaluation_id = e.id AND a.criterion_id = ?2 "
                        "JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id "
                        " AND rc.rubric_version = e.rubric_version AND rc.criterion_id = a.criterion_id "
                        "WHERE e.rubric_id = ?1 AND " KZ_ROLLUP_COUNTED ("e")
                        " AND e.created_at >= ?3 AND e.created_at < ?4"
                        " AND NOT (a.kind = 'na' AND rc.na_forbidden)"
                        " AND (?5 < 0 OR " KZ_ROLLUP_TEAM_OF ("e.agent_id") " = ?5)"
                        " GROUP BY na, x ORDER BY na, x", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, rubric_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, criterion_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, lo);
  sqlite3_bind_int64 (stmt, 4, hi);
  sqlite3_bind_int64 (stmt, 5, team_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzAnswerCount *c = g_new0 (KzAnswerCount, 1);

      c->is_na = sqlite3_column_int (stmt, 0) != 0;
      c->value = sqlite3_column_double (stmt, 1);
      c->n = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (counts, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading answers"));
      return NULL;
    }
  return g_steal_pointer (&counts);
}

static GPtrArray *
kz_sqlite_store_reviewer_weeks (KzStore  *store,
                                gint64    reviewer_id,
                                int       first_week,
                                int       last_week,
                                GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) weeks = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 lo, hi;
  int rc;

  week_range_to_times (first_week, last_week, &lo, &hi);
  stmt = prepare (self, "SELECT " KZ_ROLLUP_WEEK ("e.created_at") " AS wk, count (*), count (e.final),"
                        " coalesce (sum (e.final), 0.0), sum (coalesce (e.pass = 1 AND e.final IS NOT NULL, 0)),"
                        " sum (e.auto_failed <> 0) FROM evaluations e"
                        " WHERE e.reviewer_id = ?1 AND e.created_at >= ?2 AND e.created_at < ?3"
                        " AND " KZ_ROLLUP_COUNTED ("e") " GROUP BY wk ORDER BY wk", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, reviewer_id);
  sqlite3_bind_int64 (stmt, 2, lo);
  sqlite3_bind_int64 (stmt, 3, hi);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzRollupWeek *w = g_new0 (KzRollupWeek, 1);

      w->agent_id = reviewer_id;
      w->week = sqlite3_column_int (stmt, 0);
      w->n_evaluations = sqlite3_column_int64 (stmt, 1);
      w->n_scored = sqlite3_column_int64 (stmt, 2);
      w->sum_final = sqlite3_column_double (stmt, 3);
      w->n_passed = sqlite3_column_int64 (stmt, 4);
      w->n_auto_failed = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (weeks, w);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading evaluations"));
      return NULL;
    }
  return g_steal_pointer (&weeks);
}

static GArray *
kz_sqlite_store_drill_evaluations (KzStore              *store,
                                   const KzDrillFilter  *filter,
                                   GError              **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gint64 lo, hi;
  int rc;

  week_range_to_times (filter->first_week, filter->last_week, &lo, &hi);
  stmt = prepare (self, "SELECT e.id FROM evaluations e"
                        " WHERE " KZ_ROLLUP_COUNTED ("e") " AND e.created_at >= ?1 AND e.created_at < ?2"
                        " AND (?3 < 0 OR " KZ_ROLLUP_TEAM_OF ("e.agent_id") " = ?3)"
                        " AND (?4 = 0 OR e.reviewer_id = ?4)"
                        " AND (?5 IS NULL OR e.rubric_id = ?5)"
                        " AND (?6 IS NULL OR EXISTS (SELECT 1 FROM answers a JOIN rubric_criteria rc"
                        "   ON rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version"
                        "   AND rc.criterion_id = a.criterion_id"
                        "   WHERE a.evaluation_id = e.id AND a.criterion_id = ?6"
                        "   AND NOT (a.kind = 'na' AND rc.na_forbidden)"
                        "   AND (?7 = 0 OR (?7 = 1 AND " KZ_ROLLUP_X ("a") " IS NOT NULL)"
                        "        OR (?7 = 2 AND a.kind = 'na')"
                        "        OR (?7 = 3 AND a.kind = 'value' AND abs (a.value - ?8) < 1e-9))))"
                        " AND (?9 = 0 OR e.agent_id = ?9)"
                        " AND (?10 = 0 OR (e.final IS NOT NULL AND (?10 = 1 OR e.pass = 1)))"
                        " ORDER BY CASE WHEN ?11 > 0 THEN -e.created_at ELSE 0 END,"
                        "   CASE WHEN ?11 > 0 THEN -e.id ELSE e.id END"
                        " LIMIT CASE WHEN ?11 > 0 THEN ?11 ELSE -1 END", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, lo);
  sqlite3_bind_int64 (stmt, 2, hi);
  sqlite3_bind_int64 (stmt, 3, filter->team_id);
  sqlite3_bind_int64 (stmt, 4, filter->reviewer_id);
  if (filter->rubric_id)
    sqlite3_bind_text (stmt, 5, filter->rubric_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 5);
  if (filter->criterion_id)
    sqlite3_bind_text (stmt, 6, filter->criterion_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int (stmt, 7, (int) filter->answer);
  sqlite3_bind_double (stmt, 8, filter->point);
  sqlite3_bind_int64 (stmt, 9, filter->agent_id);
  sqlite3_bind_int (stmt, 10, (int) filter->score);
  sqlite3_bind_int64 (stmt, 11, filter->newest);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading evaluations"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gboolean
kz_sqlite_store_rebuild_rollups (KzStore  *store,
                                 GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  /* The triggers would add every rebuilt row to the team roll-up again. */
  if (!exec (self, rollup_drop_triggers, error) ||
      !exec (self, rollup_rebuild, error) ||
      !exec (self, rollup_triggers, error))
    {
      kz_sqlite_store_rollback (store);
      return FALSE;
    }
  return kz_sqlite_store_commit (store, error);
}

static KzRollupCell *
rollup_cell_from_row (sqlite3_stmt *stmt)
{
  KzRollupCell *c = g_new0 (KzRollupCell, 1);

  c->owner_id = sqlite3_column_int64 (stmt, 0);
  c->week = sqlite3_column_int (stmt, 1);
  c->criterion_id = column_dup (stmt, 2);
  c->sum_v = sqlite3_column_double (stmt, 3);
  c->n_applicable = sqlite3_column_int64 (stmt, 4);
  c->n_na = sqlite3_column_int64 (stmt, 5);
  c->n_failed = sqlite3_column_int64 (stmt, 6);
  c->rubric_id = column_dup (stmt, 7);
  c->sum_value = sqlite3_column_double (stmt, 8);
  c->n_value = sqlite3_column_int64 (stmt, 9);
  return c;
}

static GPtrArray *
read_rollup_cells (KzSqliteStore  *self,
                   sqlite3_stmt   *stmt,
                   GError        **error)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rollup_cell_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (cells, rollup_cell_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading roll-ups"));
      return NULL;
    }
  return g_steal_pointer (&cells);
}

static int
compare_cells (gconstpointer a,
               gconstpointer b)
{
  const KzRollupCell *x = *(KzRollupCell * const *) a, *y = *(KzRollupCell * const *) b;

  int c;

  if (x->owner_id != y->owner_id)
    return x->owner_id < y->owner_id ? -1 : 1;
  c = strcmp (x->rubric_id, y->rubric_id);
  return c != 0 ? c : strcmp (x->criterion_id, y->criterion_id);
}

typedef struct {
  gint64      team;
  const char *rubric;     /* interned */
  const char *criterion;  /* interned */
} CellKey;

static guint
cell_key_hash (gconstpointer p)
{
  const CellKey *k = p;
  return (guint) (k->team * 2654435761u) ^ g_direct_hash (k->criterion) ^ (g_direct_hash (k->rubric) * 31u);
}

static gboolean
cell_key_equal (gconstpointer a, gconstpointer b)
{
  const CellKey *x = a, *y = b;
  return x->team == y->team && x->rubric == y->rubric && x->criterion == y->criterion;
}

/* The weeks' rows are read in key order and summed here: SQLite's GROUP BY
 * would sort them first, which costs more than reading them. */
static GPtrArray *
kz_sqlite_store_rollup_heatmap (KzStore     *store,
                                const char  *rubric_id,
                                int       first_week,
                                int       last_week,
                                GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GHashTable) cells = g_hash_table_new_full (cell_key_hash, cell_key_equal, g_free, NULL);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rollup_cell_free);
  sqlite3_stmt *stmt;
  int rc;

  int first_block, last_block;
  /* The whole blocks inside the range, and the weeks outside them. */
  kz_rollup_blocks_inside (first_week, last_week, &first_block, &last_block);
  stmt = prepare (self, "SELECT team_id, criterion_id, sum_v, n_applicable, n_na, n_failed, rubric_id, "
                        "sum_value, n_value "
                        "FROM rollup_team_blocks WHERE block BETWEEN ?3 AND ?4 AND (?7 IS NULL OR rubric_id = ?7) "
                        "UNION ALL "
                        "SELECT team_id, criterion_id, sum_v, n_applicable, n_na, n_failed, rubric_id, "
                        "sum_value, n_value "
                        "FROM rollup_team_criteria WHERE week BETWEEN ?1 AND ?2 "
                        "  AND (?3 > ?4 OR week < ?5 OR week > ?6) AND (?7 IS NULL OR rubric_id = ?7)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, first_week);
  sqlite3_bind_int (stmt, 2, last_week);
  sqlite3_bind_int (stmt, 3, first_block);
  sqlite3_bind_int (stmt, 4, last_block);
  sqlite3_bind_int64 (stmt, 5, kz_rollup_block_first_week (first_block));
  sqlite3_bind_int64 (stmt, 6, kz_rollup_block_first_week (last_block + 1) - 7);
  bind_text_or_null (stmt, 7, rubric_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CellKey k = { sqlite3_column_int64 (stmt, 0), g_intern_string ((const char *) sqlite3_column_text (stmt, 6)),
                    g_intern_string ((const char *) sqlite3_column_text (stmt, 1)) };
      KzRollupCell *c = g_hash_table_lookup (cells, &k);

      if (c == NULL)
        {
          c = g_new0 (KzRollupCell, 1);
          c->owner_id = k.team;
          c->rubric_id = g_strdup (k.rubric);
          c->criterion_id = g_strdup (k.criterion);
          g_hash_table_insert (cells, g_memdup2 (&k, sizeof k), c);
          g_ptr_array_add (list, c);
        }
      c->sum_v += sqlite3_column_double (stmt, 2);
      c->n_applicable += sqlite3_column_int64 (stmt, 3);
      c->n_na += sqlite3_column_int64 (stmt, 4);
      c->n_failed += sqlite3_column_int64 (stmt, 5);
      c->sum_value += sqlite3_column_double (stmt, 7);
      c->n_value += sqlite3_column_int64 (stmt, 8);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading roll-ups"));
      return NULL;
    }
  g_ptr_array_sort (list, compare_cells);
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_sqlite_store_rollup_agents (KzStore     *store,
                               const char  *rubric_id,
                               int          first_week,
                               int          last_week,
                               GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GHashTable) cells = g_hash_table_new_full (cell_key_hash, cell_key_equal, g_free, NULL);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rollup_cell_free);
  const char *rubric = g_intern_string (rubric_id);
  sqlite3_stmt *stmt;
  int rc;

  /* Summed here, as the heatmap: a GROUP BY would sort the rows first. */
  stmt = prepare (self, "SELECT agent_id, criterion_id, sum_v, n_applicable, n_na, n_failed, sum_value, n_value "
                        "FROM rollup_agent_criteria INDEXED BY rollup_agent_criteria_rubric "
                        "WHERE rubric_id = ?1 AND week BETWEEN ?2 AND ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, rubric_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, first_week);
  sqlite3_bind_int (stmt, 3, last_week);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CellKey k = { sqlite3_column_int64 (stmt, 0), rubric,
                    g_intern_string ((const char *) sqlite3_column_text (stmt, 1)) };
      KzRollupCell *c = g_hash_table_lookup (cells, &k);

      if (c == NULL)
        {
          c = g_new0 (KzRollupCell, 1);
          c->owner_id = k.team;
          c->rubric_id = g_strdup (rubric_id);
          c->criterion_id = g_strdup (k.criterion);
          g_hash_table_insert (cells, g_memdup2 (&k, sizeof k), c);
          g_ptr_array_add (list, c);
        }
      c->sum_v += sqlite3_column_double (stmt, 2);
      c->n_applicable += sqlite3_column_int64 (stmt, 3);
      c->n_na += sqlite3_column_int64 (stmt, 4);
      c->n_failed += sqlite3_column_int64 (stmt, 5);
      c->sum_value += sqlite3_column_double (stmt, 6);
      c->n_value += sqlite3_column_int64 (stmt, 7);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading roll-ups"));
      return NULL;
    }
  g_ptr_array_sort (list, compare_cells);
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_sqlite_store_rollup_agent_cells (KzStore     *store,
                                    gint64       agent_id,
                                    const char  *rubric_id,
                                    int       first_week,
                                    int       last_week,
                                    GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "SELECT agent_id, week, criterion_id, sum_v, n_applicable, n_na, n_failed, rubric_id, "
                        "sum_value, n_value "
                        "FROM rollup_agent_criteria WHERE agent_id = ?1 AND week BETWEEN ?2 AND ?3 "
                        "AND (?4 IS NULL OR rubric_id = ?4) ORDER BY week, rubric_id, criterion_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, agent_id);
  bind_text_or_null (stmt, 4, rubric_id);
  sqlite3_bind_int (stmt, 2, first_week);
  sqlite3_bind_int (stmt, 3, last_week);
  return read_rollup_cells (self, stmt, error);
}

static GPtrArray *
kz_sqlite_store_rollup_agent_weeks (KzStore  *store,
                                    gint64    agent_id,
                                    int       first_week,
                                    int       last_week,
                                    GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) weeks = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT agent_id, week, n_evaluations, n_scored, sum_final, n_passed, n_auto_failed "
                        "FROM rollup_agent_weeks WHERE agent_id = ?1 AND week BETWEEN ?2 AND ?3 "
                        "ORDER BY week", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, agent_id);
  sqlite3_bind_int (stmt, 2, first_week);
  sqlite3_bind_int (stmt, 3, last_week);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzRollupWeek *w = g_new0 (KzRollupWeek, 1);

      w->agent_id = sqlite3_column_int64 (stmt, 0);
      w->week = sqlite3_column_int (stmt, 1);
      w->n_evaluations = sqlite3_column_int64 (stmt, 2);
      w->n_scored = sqlite3_column_int64 (stmt, 3);
      w->sum_final = sqlite3_column_double (stmt, 4);
      w->n_passed = sqlite3_column_int64 (stmt, 5);
      w->n_auto_failed = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (weeks, w);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading roll-ups"));
      return NULL;
    }
  return g_steal_pointer (&weeks);
}

static GArray *
kz_sqlite_store_answering_evaluations (KzStore     *store,
                                       const char  *criterion_id,
                                       gint64       from,
                                       gint64       to,
                                       GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT DISTINCT e.id FROM evaluations e JOIN answers a ON a.evaluation_id = e.id "
                        "JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version "
                        "  AND rc.criterion_id = a.criterion_id "
                        "WHERE a.criterion_id = ?1 AND e.created_at >= ?2 AND e.created_at < ?3 AND "
                        KZ_ROLLUP_COUNTED ("e") " AND (a.kind = 'value' OR rc.na_value IS NOT NULL) ORDER BY e.id",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, criterion_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading evaluations"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static GPtrArray *
kz_sqlite_store_rollup_team_weeks (KzStore  *store,
                                   gint64    team_id,
                                   int       first_week,
                                   int       last_week,
                                   GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) weeks = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT w.agent_id, w.week, w.n_evaluations, w.n_scored, w.sum_final, w.n_passed, "
                        "w.n_auto_failed FROM rollup_agent_weeks w JOIN people p ON p.id = w.agent_id "
                        "WHERE w.week BETWEEN ?2 AND ?3 AND (?1 < 0 OR coalesce (p.team_id, 0) = ?1) "
                        "ORDER BY w.week, w.agent_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, team_id);
  sqlite3_bind_int (stmt, 2, first_week);
  sqlite3_bind_int (stmt, 3, last_week);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzRollupWeek *w = g_new0 (KzRollupWeek, 1);

      w->agent_id = sqlite3_column_int64 (stmt, 0);
      w->week = sqlite3_column_int (stmt, 1);
      w->n_evaluations = sqlite3_column_int64 (stmt, 2);
      w->n_scored = sqlite3_column_int64 (stmt, 3);
      w->sum_final = sqlite3_column_double (stmt, 4);
      w->n_passed = sqlite3_column_int64 (stmt, 5);
      w->n_auto_failed = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (weeks, w);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading roll-ups"));
      return NULL;
    }
  return g_steal_pointer (&weeks);
}

/* The bulk path keeps the roll-ups itself, by the same rules as the
 * triggers (migration_17), summing in memory and writing the sums now and
 * then, added to what the tables hold: 15 answer rows per evaluation
 * through the triggers cost more than the rows. */
typedef struct {
  double   scale_min, scale_span, na_value, fail_below;
  gboolean has_na_value, na_forbidden, has_fail_below;
} BulkCriterion;

typedef struct {
  gint64      owner;     /* agent or team */
  int         week;
  const char *rubric;    /* interned; NULL in the weeks table */
  const char *criterion; /* interned */
} BulkKey;

typedef struct {
  double sum_v, sum_value;
  gint64 n_applicable, n_na, n_failed, n_value;
} BulkSums;

typedef struct {
  gint64 n_evaluations, n_scored, n_passed, n_auto_failed;
  double sum_final;
} BulkWeek;

static guint
bulk_key_hash (gconstpointer p)
{
  const BulkKey *k = p;
  return (guint) (k->owner * 2654435761u) ^ (guint) (k->week * 40503u) ^ g_direct_hash (k->criterion)
         ^ (g_direct_hash (k->rubric) * 31u);
}

static gboolean
bulk_key_equal (gconstpointer a, gconstpointer b)
{
  const BulkKey *x = a, *y = b;
  return x->owner == y->owner && x->week == y->week && x->rubric == y->rubric && x->criterion == y->criterion;
}

typedef struct {
  GHashTable *rubrics;   /* "id\nversion" → GHashTable (interned criterion → BulkCriterion*) */
  GHashTable *teams;     /* agent id → team id (0: none), as gint64 in pointers */
  GHashTable *agent;     /* BulkKey* → BulkSums* */
  GHashTable *team;      /* BulkKey* → BulkSums* */
  GHashTable *weeks;     /* BulkKey* (criterion NULL) → BulkWeek* */
} BulkRollups;

static void
bulk_rollups_init (BulkRollups *b)
{
  b->rubrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  b->teams = g_hash_table_new (g_int64_hash, g_int64_equal);
  b->agent = g_hash_table_new_full (bulk_key_hash, bulk_key_equal, g_free, g_free);
  b->team = g_hash_table_new_full (bulk_key_hash, bulk_key_equal, g_free, g_free);
  b->weeks = g_hash_table_new_full (bulk_key_hash, bulk_key_equal, g_free, g_free);
}

static void
bulk_rollups_clear (BulkRollups *b)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, b->teams);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_free (key);
  g_clear_pointer (&b->teams, g_hash_table_unref);
  g_clear_pointer (&b->rubrics, g_hash_table_unref);
  g_clear_pointer (&b->agent, g_hash_table_unref);
  g_clear_pointer (&b->team, g_hash_table_unref);
  g_clear_pointer (&b->weeks, g_hash_table_unref);
}

static GHashTable *
bulk_rubric (KzSqliteStore  *self,
             BulkRollups    *b,
             const char     *rubric_id,
             int             version,
             GError        **error)
{
  g_autofree char *key = g_strdup_printf ("%s\n%d", rubric_id, version);
  GHashTable *criteria = g_hash_table_lookup (b->rubrics, key);
  sqlite3_stmt *stmt;
  int rc;

  if (criteria != NULL)
    return criteria;
  stmt = prepare (self, "SELECT criterion_id, scale_min, scale_span, na_value, na_forbidden, fail_below "
                        "FROM rubric_criteria WHERE rubric_id = ?1 AND rubric_version = ?2", error);
  if (stmt == NULL)
    return NULL;
  criteria = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  sqlite3_bind_text (stmt, 1, rubric_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, version);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BulkCriterion *c = g_new0 (BulkCriterion, 1);

      c->scale_min = sqlite3_column_double (stmt, 1);
      c->scale_span = sqlite3_column_double (stmt, 2);
      c->has_na_value = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
      c->na_value = sqlite3_column_double (stmt, 3);
      c->na_forbidden = sqlite3_column_int (stmt, 4) != 0;
      c->has_fail_below = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
      c->fail_below = sqlite3_column_double (stmt, 5);
      g_hash_table_insert (criteria, (gpointer) g_intern_string ((const char *) sqlite3_column_text (stmt, 0)), c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_hash_table_unref (criteria);
      set_db_error (self, error, _("reading rubrics"));
      return NULL;
    }
  g_hash_table_insert (b->rubrics, g_steal_pointer (&key), criteria);
  return criteria;
}

static gint64
bulk_team_of (KzSqliteStore *self,
              BulkRollups   *b,
              gint64         agent)
{
  gpointer team;
  gint64 *key;
  sqlite3_stmt *stmt;
  gint64 t = 0;

  if (g_hash_table_lookup_extended (b->teams, &agent, NULL, &team))
    return GPOINTER_TO_SIZE (team);
  stmt = prepare (self, "SELECT coalesce (team_id, 0) FROM people WHERE id = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, agent);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        t = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  key = g_new (gint64, 1);
  *key = agent;
  g_hash_table_insert (b->teams, key, GSIZE_TO_POINTER ((gsize) t));
  return t;
}

static BulkSums *
bulk_sums (GHashTable *table, gint64 owner, int week, const char *rubric, const char *criterion)
{
  BulkKey k = { owner, week, rubric, criterion };
  BulkSums *s = g_hash_table_lookup (table, &k);

  if (s == NULL)
    {
      s = g_new0 (BulkSums, 1);
      g_hash_table_insert (table, g_memdup2 (&k, sizeof k), s);
    }
  return s;
}

/* One evaluation into the sums (it is submitted and no calibration). */
static gboolean
bulk_add_row (KzSqliteStore           *self,
              BulkRollups             *b,
              const KzBulkEvaluation  *row,
              GError                 **error)
{
  GHashTable *criteria = bulk_rubric (self, b, row->rubric_id, row->rubric_version, error);
  int week = kz_rollup_week (row->created_at);
  gint64 team = bulk_team_of (self, b, row->agent_id);
  BulkKey wk = { row->agent_id, week, NULL, NULL };
  const char *rubric = g_intern_string (row->rubric_id);
  BulkWeek *w;

  if (criteria == NULL)
    return FALSE;

  w = g_hash_table_lookup (b->weeks, &wk);
  if (w == NULL)
    {
      w = g_new0 (BulkWeek, 1);
      g_hash_table_insert (b->weeks, g_memdup2 (&wk, sizeof wk), w);
    }
  w->n_evaluations++;
  if (row->has_score)
    {
      w->n_scored++;
      w->sum_final += row->final;
      w->n_passed += row->pass ? 1 : 0;
    }
  w->n_auto_failed += row->auto_failed ? 1 : 0;

  for (guint i = 0; i < row->n_answers; i++)
    {
      const char *id = g_intern_string (row->criterion_ids[i]);
      BulkCriterion *c = g_hash_table_lookup (criteria, id);
      gboolean na = row->kinds[i] == KZ_ANSWER_NA;
      gboolean has_x;
      double x = 0, v = 0;
      gboolean failed = FALSE;
      BulkSums *s[2];

      if (c == NULL || (na && c->na_forbidden))
        continue;
      has_x = !na || c->has_na_value;
      if (has_x)
        {
          x = na ? c->na_value : row->values[i];
          v = CLAMP ((x - c->scale_min) / c->scale_span, 0.0, 1.0);
          failed = x <= c->scale_min + 1e-9 || (c->has_fail_below && x < c->fail_below - 1e-9);
        }
      s[0] = bulk_sums (b->agent, row->agent_id, week, rubric, id);
      s[1] = bulk_sums (b->team, team, week, rubric, id);
      for (guint k = 0; k < 2; k++)
        {
          s[k]->sum_v += v;
          s[k]->n_applicable += has_x;
          s[k]->n_na += na;
          s[k]->n_failed += failed;
          s[k]->sum_value += na ? 0.0 : v;
          s[k]->n_value += !na;
        }
    }
  return TRUE;
}

typedef struct {
  const BulkKey  *key;
  const BulkSums *sums;
} BulkEntry;

/* Rows in the order of the table's primary key, so the flush walks the
 * B-tree from one end to the other instead of landing on a random page for
 * every row (hash order): the agent table is keyed (agent, week, rubric,
 * criterion), the team table (week, team, rubric, criterion).  Text compares
 * as SQLite's BINARY collation does. */
static int
bulk_entry_compare_agent (gconstpointer pa, gconstpointer pb)
{
  const BulkKey *a = ((const BulkEntry *) pa)->key, *b = ((const BulkEntry *) pb)->key;
  int c;

  if (a->owner != b->owner)
    return a->owner < b->owner ? -1 : 1;
  if (a->week != b->week)
    return a->week < b->week ? -1 : 1;
  if ((c = strcmp (a->rubric, b->rubric)) != 0)
    return c;
  return strcmp (a->criterion, b->criterion);
}

static int
bulk_entry_compare_team (gconstpointer pa, gconstpointer pb)
{
  const BulkKey *a = ((const BulkEntry *) pa)->key, *b = ((const BulkEntry *) pb)->key;
  int c;

  if (a->week != b->week)
    return a->week < b->week ? -1 : 1;
  if (a->owner != b->owner)
    return a->owner < b->owner ? -1 : 1;
  if ((c = strcmp (a->rubric, b->rubric)) != 0)
    return c;
  return strcmp (a->criterion, b->criterion);
}

static gboolean
bulk_flush_sums (KzSqliteStore  *self,
                 GHashTable     *table,
                 GCompareFunc    key_order,
                 const char     *sql,
                 GError        **error)
{
  GHashTableIter iter;
  gpointer k, s;
  g_autofree BulkEntry *entries = NULL;
  guint n = 0;
  sqlite3_stmt *stmt = prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  entries = g_new (BulkEntry, g_hash_table_size (table) + 1);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, &s))
    entries[n++] = (BulkEntry) { k, s };
  qsort (entries, n, sizeof *entries, key_order);
  for (guint i = 0; i < n; i++)
    {
      const BulkKey *key = entries[i].key;
      const BulkSums *sums = entries[i].sums;

      sqlite3_bind_int64 (stmt, 1, key->owner);
      sqlite3_bind_int (stmt, 2, key->week);
      sqlite3_bind_text (stmt, 3, key->criterion, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 4, sums->sum_v);
      sqlite3_bind_int64 (stmt, 5, sums->n_applicable);
      sqlite3_bind_int64 (stmt, 6, sums->n_na);
      sqlite3_bind_int64 (stmt, 7, sums->n_failed);
      sqlite3_bind_text (stmt, 8, key->rubric, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 9, sums->sum_value);
      sqlite3_bind_int64 (stmt, 10, sums->n_value);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  g_hash_table_remove_all (table);
  return TRUE;
}

/* The sums so far, added to what the roll-up tables hold. */
static gboolean
bulk_flush (KzSqliteStore  *self,
            BulkRollups    *b,
            GError        **error)
{
  GHashTableIter iter;
  BulkKey *k;
  BulkWeek *w;
  sqlite3_stmt *stmt;

  if (!bulk_flush_sums (self, b->agent, bulk_entry_compare_agent,
                        "INSERT INTO rollup_agent_criteria (agent_id, week, criterion_id, sum_v, n_applicable, "
                        "n_na, n_failed, rubric_id, sum_value, n_value) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)" KZ_ROLLUP_UPSERT_R,
                        error) ||
      !bulk_flush_sums (self, b->team, bulk_entry_compare_team,
                        "INSERT INTO rollup_team_criteria (team_id, week, criterion_id, sum_v, n_applicable, "
                        "n_na, n_failed, rubric_id, sum_value, n_value) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                        " ON CONFLICT (week, team_id, rubric_id, criterion_id) DO UPDATE SET sum_v = sum_v + excluded.sum_v,"
                        " n_applicable = n_applicable + excluded.n_applicable, n_na = n_na + excluded.n_na,"
                        " n_failed = n_failed + excluded.n_failed, sum_value = sum_value + excluded.sum_value,"
                        " n_value = n_value + excluded.n_value", error))
    return FALSE;

  stmt = prepare (self, "INSERT INTO rollup_agent_weeks (agent_id, week, n_evaluations, n_scored, sum_final, "
                        "n_passed, n_auto_failed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                        " ON CONFLICT (agent_id, week) DO UPDATE SET n_evaluations = n_evaluations + excluded.n_evaluations,"
                        " n_scored = n_scored + excluded.n_scored, sum_final = sum_final + excluded.sum_final,"
                        " n_passed = n_passed + excluded.n_passed, n_auto_failed = n_auto_failed + excluded.n_auto_failed",
                  error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, b->weeks);
  while (g_hash_table_iter_next (&iter, (gpointer *) &k, (gpointer *) &w))
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, k->owner);
      sqlite3_bind_int (stmt, 2, k->week);
      sqlite3_bind_int64 (stmt, 3, w->n_evaluations);
      sqlite3_bind_int64 (stmt, 4, w->n_scored);
      sqlite3_bind_double (stmt, 5, w->sum_final);
      sqlite3_bind_int64 (stmt, 6, w->n_passed);
      sqlite3_bind_int64 (stmt, 7, w->n_auto_failed);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  g_hash_table_remove_all (b->weeks);
  return TRUE;
}

/* Schema objects the bulk insert does without, dropped for it and made again
 * by bulk_restore_schema() once the rows are in, in the same transaction.
 *
 * Into an empty table it goes faster without the secondary indexes of the
 * evaluations and of the agent roll-up: a million random inserts into each
 * cost more than one sorted build.  And the calibration triggers can never
 * fire on its rows (none belongs to a calibration session: the INSERT below
 * leaves is_calibration 0 and calibration_session_id NULL), yet
 * answers_calibration_insert would run its join for each of the fifteen
 * answers of every evaluation.
 *
 * Returns the objects' CREATE statements, as the schema holds them, in the
 * order they are to be made again. */
static GPtrArray *
bulk_drop_schema (KzSqliteStore  *self,
                  gboolean        empty,
                  GError        **error)
{
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) creates = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND "
                        "((?1 AND type = 'index' AND tbl_name IN ('evaluations', 'rollup_agent_criteria')) OR "
                        " (type = 'trigger' AND name IN ('evaluations_calibration_insert', 'answers_calibration_insert'))) "
                        "ORDER BY type, name", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, empty ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean is_index = g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "index");
      /* An identifier cannot be a parameter: quoted, as SQLite's %w does. */
      char *drop = sqlite3_mprintf ("DROP %s \"%w\"", is_index ? "INDEX" : "TRIGGER",
                                    (const char *) sqlite3_column_text (stmt, 1));

      g_ptr_array_add (drops, g_strdup (drop));
      sqlite3_free (drop);
      g_ptr_array_add (creates, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading the schema"));
      return NULL;
    }
  for (guint i = 0; i < drops->len; i++)
    if (!exec (self, g_ptr_array_index (drops, i), error))
      return NULL;
  return g_steal_pointer (&creates);
}

static gboolean
bulk_restore_schema (KzSqliteStore  *self,
                     GPtrArray      *creates,
                     GError        **error)
{
  for (guint i = 0; creates != NULL && i < creates->len; i++)
    if (!exec (self, g_ptr_array_index (creates, i), error))
      return FALSE;
  return TRUE;
}

/* "INSERT INTO answers … VALUES (?,?,?,?), …" for @n rows. */
static sqlite3_stmt *
bulk_answers_stmt (KzSqliteStore  *self,
                   guint           n,
                   GError        **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO answers (evaluation_id, criterion_id, kind, value) VALUES ");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s(?%u, ?%u, ?%u, ?%u)", i ? ", " : "", 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4);
  return prepare (self, sql->str, error);
}

static gboolean
kz_sqlite_store_bulk_add_evaluations (KzStore     *store,
                                      KzBulkNext   next,
                                      gpointer     user_data,
                                      guint64     *n_added,
                                      GError     **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *ev_stmt, *max_stmt;
  KzBulkEvaluation row;
  g_autoptr(GError) next_error = NULL;
  BulkRollups sums;
  sqlite3_stmt *answer_stmts[200] = { NULL };
  g_autoptr(GPtrArray) dropped = NULL;   /* indexes and triggers, made again after */
  guint64 n = 0;
  gint64 id = 0;
  gint64 started = g_get_monotonic_time ();
  /* Memory stays bounded whatever the size: the sums are written out when
   * they hold this many agent keys (a test sets it low to merge flushes). */
  const char *flush_env = g_getenv ("KAIZEN_BULK_FLUSH_KEYS");
  guint flush_keys = flush_env != NULL ? (guint) g_ascii_strtoull (flush_env, NULL, 10) : 1000000;

  *n_added = 0;
  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  bulk_rollups_init (&sums);
  /* The triggers are off meanwhile; the sums below stand in for them. */
  if (!exec (self, rollup_drop_triggers, error) ||
      !exec (self, "PRAGMA cache_size = -262144", error))
    goto fail;

  /* Ids given here, so an evaluation's answers go in without asking. */
  max_stmt = prepare (self, "SELECT coalesce (max (id), 0) FROM evaluations", error);
  if (max_stmt == NULL)
    goto fail;
  if (sqlite3_step (max_stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (max_stmt, 0);
  sqlite3_reset (max_stmt);
  if ((dropped = bulk_drop_schema (self, id == 0, error)) == NULL)
    goto fail;

  ev_stmt = prepare (self, "INSERT INTO evaluations (id, rubric_id, rubric_version, reviewer_id, agent_id, state, "
                           "created_at, updated_at, submitted_at, raw, final, pass, auto_failed, failed_by, critical) "
                           "VALUES (?12, ?1, ?2, ?3, ?4, 'submitted', ?5, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (ev_stmt == NULL)
    goto fail;

  memset (&row, 0, sizeof row);
  while (next (user_data, &row, &next_error))
    {
      sqlite3_stmt *answer_stmt;

      id++;
      sqlite3_reset (ev_stmt);
      sqlite3_clear_bindings (ev_stmt);
      sqlite3_bind_text (ev_stmt, 1, row.rubric_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (ev_stmt, 2, row.rubric_version);
      sqlite3_bind_int64 (ev_stmt, 3, row.reviewer_id);
      sqlite3_bind_int64 (ev_stmt, 4, row.agent_id);
      sqlite3_bind_int64 (ev_stmt, 5, row.created_at);
      if (row.has_score)
        {
          sqlite3_bind_double (ev_stmt, 6, row.raw);
          sqlite3_bind_double (ev_stmt, 7, row.final);
          sqlite3_bind_int (ev_stmt, 8, row.pass ? 1 : 0);
        }
      sqlite3_bind_int (ev_stmt, 9, row.auto_failed ? 1 : 0);
      bind_text_or_null (ev_stmt, 10, row.failed_by);
      if (row.has_critical)
        sqlite3_bind_double (ev_stmt, 11, row.critical);
      sqlite3_bind_int64 (ev_stmt, 12, id);
      if (!step_done (self, ev_stmt, error))
        goto fail;

      if (row.n_answers > 0)
        {
          /* All of an evaluation's answers in one statement. */
          if (row.n_answers > G_N_ELEMENTS (answer_stmts))
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("An evaluation has more than %u answers"),
                           (guint) G_N_ELEMENTS (answer_stmts));
              goto fail;
            }
          answer_stmt = answer_stmts[row.n_answers - 1];
          if (answer_stmt == NULL)
            answer_stmt = answer_stmts[row.n_answers - 1] = bulk_answers_stmt (self, row.n_answers, error);
          if (answer_stmt == NULL)
            goto fail;
          sqlite3_reset (answer_stmt);
          sqlite3_clear_bindings (answer_stmt);
          for (guint i = 0; i < row.n_answers; i++)
            {
              sqlite3_bind_int64 (answer_stmt, 4 * i + 1, id);
              sqlite3_bind_text (answer_stmt, 4 * i + 2, row.criterion_ids[i], -1, SQLITE_STATIC);
              if (row.kinds[i] == KZ_ANSWER_NA)
                sqlite3_bind_text (answer_stmt, 4 * i + 3, "na", 2, SQLITE_STATIC);
              else
                {
                  sqlite3_bind_text (answer_stmt, 4 * i + 3, "value", 5, SQLITE_STATIC);
                  sqlite3_bind_double (answer_stmt, 4 * i + 4, row.values[i]);
                }
            }
          if (!step_done (self, answer_stmt, error))
            goto fail;
        }
      if (!bulk_add_row (self, &sums, &row, error))
        goto fail;
      if (g_hash_table_size (sums.agent) > flush_keys)
        {
          gint64 t0 = g_get_monotonic_time ();

          if (!bulk_flush (self, &sums, error))
            goto fail;
          g_debug ("bulk: roll-ups flushed at %" G_GUINT64_FORMAT " in %.2f s (%.2f s in all)", n,
                   (g_get_monotonic_time () - t0) / 1e6, (g_get_monotonic_time () - started) / 1e6);
        }
      n++;
      memset (&row, 0, sizeof row);
    }
  if (next_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&next_error));
      goto fail;
    }
  g_debug ("bulk: %" G_GUINT64_FORMAT " evaluations inserted after %.2f s", n,
           (g_get_monotonic_time () - started) / 1e6);
  if (!bulk_flush (self, &sums, error))
    goto fail;
  g_debug ("bulk: roll-ups written after %.2f s", (g_get_monotonic_time () - started) / 1e6);
  if (!bulk_restore_schema (self, dropped, error))
    goto fail;
  g_debug ("bulk: indexes made after %.2f s", (g_get_monotonic_time () - started) / 1e6);
  if (!exec (self, rollup_rebuild_blocks, error) ||
      !exec (self, rollup_triggers, error) ||
      !exec (self, "PRAGMA cache_size = -16384", error))
    goto fail;
  bulk_rollups_clear (&sums);
  if (!kz_sqlite_store_commit (store, error))
    {
      exec (self, "PRAGMA cache_size = -16384", NULL);
      return FALSE;
    }
  g_debug ("bulk: committed after %.2f s", (g_get_monotonic_time () - started) / 1e6);
  *n_added = n;
  return TRUE;

fail:
  bulk_rollups_clear (&sums);
  kz_sqlite_store_rollback (store);
  exec (self, "PRAGMA cache_size = -16384", NULL);
  return FALSE;
}

/* ---- CX principles and personas ------------------------------------------------ */

/* TRUE when @table has a row with @id (*@found). */
static gboolean
cx_exists (KzSqliteStore  *self,
           const char     *sql,
           const char     *id,
           gboolean       *found,
           GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
kz_sqlite_store_save_principles (KzStore    *store,
                                 GPtrArray  *principles,
                                 gboolean    replace,
                                 GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < principles->len; i++)
    {
      const KzPrinciple *p = g_ptr_array_index (principles, i);
      sqlite3_stmt *stmt;
      gboolean found = FALSE;

      if (!replace)
        {
          if (!cx_exists (self, "SELECT 1 FROM principles WHERE id = ?1", p->id, &found, error))
            goto fail;
          if (found)
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("There is already a principle “%s”"), p->id);
              goto fail;
            }
        }
      stmt = prepare (self, "INSERT INTO principles (id, position, title, description) "
                            "VALUES (?1, (SELECT coalesce (max (position), 0) + 1 FROM principles), ?2, ?3) "
                            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                            "description = excluded.description", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, p->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, p->title, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 3, p->description);
      if (!step_done (self, stmt, error))
        goto fail;
    }
  return kz_sqlite_store_commit (store, error);

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

static GPtrArray *
kz_sqlite_store_list_principles (KzStore  *store,
                                 GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, title, description FROM principles ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, kz_principle_new ((const char *) sqlite3_column_text (stmt, 0),
                                            (const char *) sqlite3_column_text (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading the principles"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
kz_sqlite_store_save_personas (KzStore    *store,
                               GPtrArray  *personas,
                               gboolean    replace,
                               GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);

  if (!kz_sqlite_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < personas->len; i++)
    {
      const KzPersona *p = g_ptr_array_index (personas, i);
      sqlite3_stmt *stmt;
      gboolean found = FALSE;

      if (!replace)
        {
          if (!cx_exists (self, "SELECT 1 FROM personas WHERE id = ?1", p->id, &found, error))
            goto fail;
          if (found)
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("There is already a persona “%s”"), p->id);
              goto fail;
            }
        }
      stmt = prepare (self, "INSERT INTO personas (id, position, name, situation, goals, channel, tech_comfort) "
                            "VALUES (?1, (SELECT coalesce (max (position), 0) + 1 FROM personas), ?2, ?3, ?4, ?5, ?6) "
                            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, situation = excluded.situation, "
                            "goals = excluded.goals, channel = excluded.channel, "
                            "tech_comfort = excluded.tech_comfort", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, p->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, p->name, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 3, p->situation);
      bind_text_or_null (stmt, 4, p->goals);
      sqlite3_bind_text (stmt, 5, p->channel, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 6, p->tech_comfort);
      if (!step_done (self, stmt, error))
        goto fail;
    }
  return kz_sqlite_store_commit (store, error);

fail:
  kz_sqlite_store_rollback (store);
  return FALSE;
}

static GPtrArray *
kz_sqlite_store_list_personas (KzStore  *store,
                               GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_persona_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, name, situation, goals, channel, tech_comfort FROM personas "
                                      "ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzPersona *p = kz_persona_new ((const char *) sqlite3_column_text (stmt, 0),
                                     (const char *) sqlite3_column_text (stmt, 1));

      p->situation = column_dup (stmt, 2);
      p->goals = column_dup (stmt, 3);
      g_free (p->channel);
      p->channel = column_dup (stmt, 4);
      p->tech_comfort = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (out, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading the personas"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
kz_sqlite_store_answer_back (KzStore       *store,
                             gint64         team_id,
                             gint64         agent_id,
                             GDateTime     *from,
                             GDateTime     *to,
                             KzAnswerBack  *out,
                             GError       **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  /* People first (CROSS JOIN keeps that order), then each agent's range of
   * evaluations_agent (agent_id, created_at): the period's rows alone are
   * read, however long the history. */
  stmt = prepare (self,
                  "SELECT count(*), count (ak), coalesce (sum (ak >= rev), 0), count (dp), coalesce (sum (dp), 0) "
                  "FROM (SELECT e.revision AS rev, "
                  /* the newest revision acknowledged (NULL: none) */
                  "        (SELECT max (k.revision) FROM acknowledgements k WHERE k.evaluation_id = e.id) AS ak, "
                  /* 1: a dispute is open, 0: only closed ones, NULL: never disputed */
                  "        (SELECT max (d.state = 'open') FROM disputes d WHERE d.evaluation_id = e.id) AS dp "
                  "      FROM people p CROSS JOIN evaluations e ON e.agent_id = p.id "
                  "      WHERE e.created_at >= ?1 AND e.created_at < ?2 AND " KZ_ROLLUP_COUNTED ("e")
                  "        AND (?3 = 0 OR p.id = ?3) "
                  "        AND (?3 <> 0 OR ?4 < 0 OR coalesce (p.team_id, 0) = ?4))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (from));
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (to));
  sqlite3_bind_int64 (stmt, 3, agent_id);
  sqlite3_bind_int64 (stmt, 4, team_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->n_evaluations = sqlite3_column_int64 (stmt, 0);
      out->n_acknowledged = sqlite3_column_int64 (stmt, 1);
      out->n_acknowledged_current = sqlite3_column_int64 (stmt, 2);
      out->n_disputed = sqlite3_column_int64 (stmt, 3);
      out->n_dispute_open = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, error, _("reading acknowledgements and disputes"));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
kz_sqlite_store_list_evaluations_by_id (KzStore       *store,
                                        const gint64  *ids,
                                        guint          n_ids,
                                        guint          limit,
                                        GError       **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_summary_free);
  g_autoptr(GString) json = g_string_sized_new (n_ids * 8 + 2);
  sqlite3_stmt *stmt;
  int rc;

  /* The ids as one bound JSON array, read by json_each. */
  g_string_append_c (json, '[');
  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (json, i > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT, ids[i]);
  g_string_append_c (json, ']');
  stmt = prepare (self, SUMMARY_SELECT
                  "WHERE e.id IN (SELECT value FROM json_each (?1)) "
                  "ORDER BY e.created_at DESC, e.id DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json->str, (int) json->len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (sqlite3_int64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, summary_from_row (stmt));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading evaluations"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static GPtrArray *
kz_sqlite_store_list_latest_rubrics (KzStore  *store,
                                     GError  **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) versions = g_array_new (FALSE, FALSE, sizeof (int));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT r.id, r.version FROM rubrics r "
                        "WHERE r.version = (SELECT max (v.version) FROM rubrics v WHERE v.id = r.id) "
                        "ORDER BY r.title COLLATE NOCASE, r.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int version = sqlite3_column_int (stmt, 1);

      g_ptr_array_add (ids, column_dup (stmt, 0));
      g_array_append_val (versions, version);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading rubrics"));
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      KzRubric *rubric = kz_sqlite_store_get_rubric (store, g_ptr_array_index (ids, i),
                                                     g_array_index (versions, int, i), error);

      if (rubric == NULL)
        return NULL;
      g_ptr_array_add (list, rubric);
    }
  return g_steal_pointer (&list);
}

static GArray *
kz_sqlite_store_score_sums (KzStore    *store,
                            GDateTime  *from,
                            GDateTime  *to,
                            GError    **error)
{
  KzSqliteStore *self = KZ_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  GArray *sums;
  int rc;

  stmt = prepare (self,
                  "SELECT reviewer_id, agent_id, sum (final), count(*) FROM evaluations "
                  "WHERE state = 'submitted' AND is_calibration = 0 AND final IS NOT NULL "
                  "  AND (?1 IS NULL OR created_at >= ?1) AND (?2 IS NULL OR created_at < ?2) "
                  "GROUP BY reviewer_id, agent_id ORDER BY reviewer_id, agent_id", error);
  if (stmt == NULL)
    return NULL;
  if (from != NULL)
    sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (from));
  if (to != NULL)
    sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (to));

  sums = g_array_new (FALSE, TRUE, sizeof (KzScoreSum));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KzScoreSum sum = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
        sqlite3_column_double (stmt, 2), (guint) sqlite3_column_int64 (stmt, 3),
      };
      g_array_append_val (sums, sum);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("reading"));
      sqlite3_reset (stmt);
      g_array_unref (sums);
      return NULL;
    }
  sqlite3_reset (stmt);
  return sums;
}

static void
kz_sqlite_store_class_init (KzSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KzStoreClass *store_class = KZ_STORE_CLASS (klass);

  object_class->finalize = kz_sqlite_store_finalize;

  store_class->get_schema_version = kz_sqlite_store_get_schema_version;
  store_class->is_shared = kz_sqlite_store_is_shared;
  store_class->describe = kz_sqlite_store_describe;
  store_class->get_identity = kz_sqlite_store_get_identity;
  store_class->begin = kz_sqlite_store_begin;
  store_class->commit = kz_sqlite_store_commit;
  store_class->rollback = kz_sqlite_store_rollback;
  store_class->add_unit = kz_sqlite_store_add_unit;
  store_class->list_units = kz_sqlite_store_list_units;
  store_class->add_person = kz_sqlite_store_add_person;
  store_class->get_person = kz_sqlite_store_get_person;
  store_class->find_person_by_email = kz_sqlite_store_find_person_by_email;
  store_class->list_people = kz_sqlite_store_list_people;
  store_class->add_rubric = kz_sqlite_store_add_rubric;
  store_class->get_rubric = kz_sqlite_store_get_rubric;
  store_class->list_rubrics = kz_sqlite_store_list_rubrics;
  store_class->add_interaction = kz_sqlite_store_add_interaction;
  store_class->get_interaction = kz_sqlite_store_get_interaction;
  store_class->list_interactions = kz_sqlite_store_list_interactions;
  store_class->save_evaluation = kz_sqlite_store_save_evaluation;
  store_class->get_evaluation = kz_sqlite_store_get_evaluation;
  store_class->list_evaluations = kz_sqlite_store_list_evaluations;
  store_class->score_sums = kz_sqlite_store_score_sums;
  store_class->answer_back = kz_sqlite_store_answer_back;
  store_class->list_latest_rubrics = kz_sqlite_store_list_latest_rubrics;
  store_class->list_evaluations_by_id = kz_sqlite_store_list_evaluations_by_id;
  store_class->count = kz_sqlite_store_count;
  store_class->find_message_interaction = kz_sqlite_store_find_message_interaction;
  store_class->add_messages = kz_sqlite_store_add_messages;
  store_class->list_messages = kz_sqlite_store_list_messages;
  store_class->add_call = kz_sqlite_store_add_call;
  store_class->get_call = kz_sqlite_store_get_call;
  store_class->search_interactions = kz_sqlite_store_search_interactions;
  store_class->count_interactions = kz_sqlite_store_count_interactions;
  store_class->assign = kz_sqlite_store_assign;
  store_class->find_interaction = kz_sqlite_store_find_interaction;
  store_class->set_feedback = kz_sqlite_store_set_feedback;
  store_class->get_feedback = kz_sqlite_store_get_feedback;
  store_class->coverage = kz_sqlite_store_coverage;
  store_class->answer_tallies = kz_sqlite_store_answer_tallies;
  store_class->criterion_answers = kz_sqlite_store_criterion_answers;
  store_class->rated_answers = kz_sqlite_store_rated_answers;
  store_class->voice_today = kz_sqlite_store_voice_today;
  store_class->list_questions = kz_sqlite_store_list_questions;
  store_class->save_principles = kz_sqlite_store_save_principles;
  store_class->list_principles = kz_sqlite_store_list_principles;
  store_class->save_personas = kz_sqlite_store_save_personas;
  store_class->list_personas = kz_sqlite_store_list_personas;
  store_class->add_questions = kz_sqlite_store_add_questions;
  store_class->update_question = kz_sqlite_store_update_question;
  store_class->save_pulse_plan = kz_sqlite_store_save_pulse_plan;
  store_class->list_pulse_plans = kz_sqlite_store_list_pulse_plans;
  store_class->add_round = kz_sqlite_store_add_round;
  store_class->update_round = kz_sqlite_store_update_round;
  store_class->list_rounds = kz_sqlite_store_list_rounds;
  store_class->get_round = kz_sqlite_store_get_round;
  store_class->list_open_rounds = kz_sqlite_store_list_open_rounds;
  store_class->submit_answers = kz_sqlite_store_submit_answers;
  store_class->import_answers = kz_sqlite_store_import_answers;
  store_class->survey_cells = kz_sqlite_store_survey_cells;
  store_class->survey_comments = kz_sqlite_store_survey_comments;
  store_class->add_idea = kz_sqlite_store_add_idea;
  store_class->list_ideas = kz_sqlite_store_list_ideas;
  store_class->get_idea = kz_sqlite_store_get_idea;
  store_class->vote_idea = kz_sqlite_store_vote_idea;
  store_class->idea_voted = kz_sqlite_store_idea_voted;
  store_class->add_idea_comment = kz_sqlite_store_add_idea_comment;
  store_class->list_idea_comments = kz_sqlite_store_list_idea_comments;
  store_class->set_idea_status = kz_sqlite_store_set_idea_status;
  store_class->merge_idea = kz_sqlite_store_merge_idea;
  store_class->find_threads = kz_sqlite_store_find_threads;
  store_class->voice_export = kz_sqlite_store_voice_export;
  store_class->voice_import = kz_sqlite_store_voice_import;
  store_class->record_revision = kz_sqlite_store_record_revision;
  store_class->acknowledge = kz_sqlite_store_acknowledge;
  store_class->add_dispute = kz_sqlite_store_add_dispute;
  store_class->claim_dispute = kz_sqlite_store_claim_dispute;
  store_class->resolve_items = kz_sqlite_store_resolve_items;
  store_class->list_disputes = kz_sqlite_store_list_disputes;
  store_class->list_acknowledgements = kz_sqlite_store_list_acknowledgements;
  store_class->list_revisions = kz_sqlite_store_list_revisions;
  store_class->list_audit = kz_sqlite_store_list_audit;
  store_class->add_calibration = kz_sqlite_store_add_calibration;
  store_class->close_calibration = kz_sqlite_store_close_calibration;
  store_class->list_calibrations = kz_sqlite_store_list_calibrations;
  store_class->find_calibration_evaluation = kz_sqlite_store_find_calibration_evaluation;
  store_class->history_export = kz_sqlite_store_history_export;
  store_class->history_import = kz_sqlite_store_history_import;
  store_class->rebuild_rollups = kz_sqlite_store_rebuild_rollups;
  store_class->rollup_heatmap = kz_sqlite_store_rollup_heatmap;
  store_class->rollup_agents = kz_sqlite_store_rollup_agents;
  store_class->rollup_agent_cells = kz_sqlite_store_rollup_agent_cells;
  store_class->rollup_agent_weeks = kz_sqlite_store_rollup_agent_weeks;
  store_class->rollup_criterion = kz_sqlite_store_rollup_criterion;
  store_class->answer_distribution = kz_sqlite_store_answer_distribution;
  store_class->reviewer_weeks = kz_sqlite_store_reviewer_weeks;
  store_class->drill_evaluations = kz_sqlite_store_drill_evaluations;
  store_class->rollup_team_weeks = kz_sqlite_store_rollup_team_weeks;
  store_class->answering_evaluations = kz_sqlite_store_answering_evaluations;
  store_class->bulk_add_evaluations = kz_sqlite_store_bulk_add_evaluations;
  store_class->save_catalog_item = kz_sqlite_store_save_catalog_item;
  store_class->list_catalog_items = kz_sqlite_store_list_catalog_items;
  store_class->save_rule = kz_sqlite_store_save_rule;
  store_class->list_rules = kz_sqlite_store_list_rules;
  store_class->save_proposal = kz_sqlite_store_save_proposal;
  store_class->list_proposals = kz_sqlite_store_list_proposals;
  store_class->save_plan = kz_sqlite_store_save_plan;
  store_class->list_plans = kz_sqlite_store_list_plans;
  store_class->add_completions = kz_sqlite_store_add_completions;
  store_class->list_completions = kz_sqlite_store_list_completions;
  store_class->acknowledge_plan = kz_sqlite_store_acknowledge_plan;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
kz_sqlite_store_init (KzSqliteStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  self->rubrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) kz_rubric_unref);
}

/* KAIZEN_SQL_TRACE=MS (a developer's aid): every statement that ran longer
 * than MS milliseconds (default 5) is logged with its time and thread. */
static int
trace_slow (unsigned int  type,
            void         *context,
            void         *p,
            void         *x)
{
  static gint64 threshold = -1;
  gint64 ns = *(sqlite3_int64 *) x;

  if (threshold < 0)
    threshold = MAX (g_ascii_strtoll (g_getenv ("KAIZEN_SQL_TRACE"), NULL, 10), 0) * 1000000;
  if (type == SQLITE_TRACE_PROFILE && ns >= (threshold > 0 ? threshold : 5000000))
    {
      /* The statement's text, never its values (they may be anonymous answers). */
      g_message ("sql %.1f ms on %p at %.3f s: %.300s", ns / 1e6, (void *) g_thread_self (),
                 g_get_monotonic_time () / 1e6, sqlite3_sql (p));
    }
  return 0;
}

KzStore *
kz_sqlite_store_open (const char  *path,
                      int          target_version,
                      GError     **error)
{
  g_autoptr(KzSqliteStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (target_version >= 1 && target_version <= KZ_SQLITE_SCHEMA_VERSION, NULL);

  self = g_object_new (KZ_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);
  self->description = g_strdup_printf (_("Single file %s"), path);
  {
    g_autofree char *absolute = g_canonicalize_filename (path, NULL);

    self->identity = g_strconcat ("sqlite:", absolute, NULL);
  }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
                        | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE, _("Cannot open %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);
  if (g_getenv ("KAIZEN_SQL_TRACE") != NULL)
    sqlite3_trace_v2 (self->db, SQLITE_TRACE_PROFILE, trace_slow, NULL);

  /* A file that is not a database, or not ours, or too new, is refused
   * here, before the pragmas below write to it. */
  if (check_compatible (self, error) < 0)
    return NULL;

  if (!exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  /* Migrate first, in whatever journal mode the file has, then switch to
   * WAL: two programs creating the same new file at once then serialise on
   * plain file locks, and the second finds the schema the first wrote. */
  if (!migrate (self, target_version, error))
    return NULL;

  /* 16 MiB of page cache: imports and reports touch many pages.  Temporary
   * files in memory: an import's savepoint a thread otherwise writes its
   * sub-journal to a temporary file (the database's own durability is the
   * WAL's, unchanged). */
  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA cache_size = -16384", error) ||
      !exec (self, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  return KZ_STORE (g_steal_pointer (&self));
}

gboolean
kz_sqlite_store_exec_for_test (KzSqliteStore  *self,
                               const char     *sql,
                               GError        **error)
{
  return exec (self, sql, error);
}

char *
kz_sqlite_store_query_text_for_test (KzSqliteStore *self,
                                     const char    *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    text = column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  return text;
}

/* ---- backups (kz-backup.c) --------------------------------------------- */

gboolean
kz_sqlite_store_snapshot (KzSqliteStore  *self,
                          const char     *path,
                          GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (KZ_IS_SQLITE_STORE (self), FALSE);

  /* VACUUM INTO writes a consistent, compacted copy of the whole database
   * (every table, whatever its schema version) as of one read
   * transaction, while others may keep writing through the WAL. */
  if (sqlite3_prepare_v2 (self->db, "VACUUM INTO ?1", -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("copying the database"));
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("copying the database"));
  return TRUE;
}

gboolean
kz_sqlite_store_check_integrity (KzSqliteStore  *self,
                                 GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *first = NULL;
  int rc;

  g_return_val_if_fail (KZ_IS_SQLITE_STORE (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("checking the database"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *line = column_dup (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;
      first = g_steal_pointer (&line);
      break;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, error, _("checking the database"));
  if (first != NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   _("%s is damaged: %s"), self->path, first ? first : "?");
      return FALSE;
    }

  if (sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("checking the database"));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *table = column_dup (stmt, 0);

      sqlite3_finalize (stmt);
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   _("%s is damaged: a row of %s refers to one that is not there"),
                   self->path, table ? table : "?");
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : set_db_error (self, error, _("checking the database"));
}

const char *
kz_sqlite_store_get_path (KzSqliteStore *self)
{
  g_return_val_if_fail (KZ_IS_SQLITE_STORE (self), NULL);
  return self->path;
}
