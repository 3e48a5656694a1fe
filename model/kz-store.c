/* kz-store.c — the abstract storage API and what every backend shares
 *
 * Validation and scoring happen here, once, before a backend writes: a backend
 * only moves rows.  Each public call holds the store's lock, so the GUI may
 * call the store from worker threads (GTask); a transaction holds it from
 * begin to commit/rollback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "kz-error.h"
#include "kz-score.h"
#include "kz-pg-store-private.h"
#include "kz-sqlite-store-private.h"
#include "kz-store-private.h"
#include "kz-store.h"

typedef struct
{
  GRecMutex  lock;
  GThread   *tx_owner;  /* the thread inside begin … commit/rollback */
  int        tx_depth;
} KzStorePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KzStore, kz_store, G_TYPE_OBJECT)

#define LOCK(self) g_rec_mutex_lock (&((KzStorePrivate *) kz_store_get_instance_private (self))->lock)
#define UNLOCK(self) g_rec_mutex_unlock (&((KzStorePrivate *) kz_store_get_instance_private (self))->lock)

static void
kz_store_finalize (GObject *object)
{
  KzStorePrivate *priv = kz_store_get_instance_private (KZ_STORE (object));

  g_rec_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (kz_store_parent_class)->finalize (object);
}

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kz_store_class_init (KzStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kz_store_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (KzStoreClass, changed), NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kz_store_init (KzStore *self)
{
  KzStorePrivate *priv = kz_store_get_instance_private (self);

  g_rec_mutex_init (&priv->lock);
}

char *
kz_store_default_location (void)
{
  return g_build_filename (g_get_user_data_dir (), "kaizen", "kaizen.db", NULL);
}

gboolean
kz_store_location_is_server (const char *location)
{
  return location != NULL && (g_str_has_prefix (location, "postgresql://") ||
                              g_str_has_prefix (location, "postgres://"));
}

KzStore *
kz_store_open_with_password (const char  *location,
                             const char  *password,
                             GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  /* A team server's schema is created by `kaizenctl server init`, with the
   * owner's rights; everyone else only connects. */
  if (kz_store_location_is_server (location))
    return kz_pg_store_open (location, password, FALSE, KZ_PG_SCHEMA_VERSION, error);

  path = location != NULL && *location != '\0' ? g_strdup (location) : kz_store_default_location ();
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, KZ_ERROR, KZ_ERROR_DATABASE,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  return kz_sqlite_store_open (path, KZ_SQLITE_SCHEMA_VERSION, error);
}

KzStore *
kz_store_open (const char  *location,
               GError     **error)
{
  return kz_store_open_with_password (location, NULL, error);
}

char *
kz_store_build_server_uri (const char *host,
                           guint       port,
                           const char *dbname,
                           const char *user)
{
  g_autofree char *port_text = port > 0 ? g_strdup_printf ("%u", port) : NULL;

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (dbname != NULL && *dbname != '\0', NULL);

  /* A host that is a folder is a Unix socket: it goes in the query. */
  if (host[0] == '/')
    {
      g_autofree char *escaped = g_uri_escape_string (host, NULL, FALSE);
      g_autofree char *path = g_uri_escape_string (dbname, NULL, FALSE);
      g_autofree char *who = user ? g_uri_escape_string (user, NULL, FALSE) : NULL;

      return g_strdup_printf ("postgresql://%s%s/%s?host=%s%s%s", who ? who : "", who ? "@" : "", path,
                              escaped, port_text ? "&port=" : "", port_text ? port_text : "");
    }

  {
    g_autofree char *path = g_strconcat ("/", dbname, NULL);

    return g_uri_join (G_URI_FLAGS_NONE, "postgresql", user, host, port > 0 ? (int) port : -1,
                       path, NULL, NULL);
  }
}

gboolean
kz_store_parse_server_uri (const char  *uri,
                           char       **host,
                           guint       *port,
                           char       **dbname,
                           char       **user)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *query;
  const char *path;
  const char *socket_host = NULL;
  const char *socket_port = NULL;
  g_autofree char *userinfo_user = NULL;

  if (!kz_store_location_is_server (uri))
    return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (parsed == NULL)
    return FALSE;

  query = g_uri_get_query (parsed);
  if (query != NULL)
    {
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params != NULL)
        {
          socket_host = g_hash_table_lookup (params, "host");
          socket_port = g_hash_table_lookup (params, "port");
        }
    }

  path = g_uri_get_path (parsed);
  if (host)
    *host = g_strdup (socket_host ? socket_host : g_uri_get_host (parsed) ? g_uri_get_host (parsed) : "localhost");
  if (port)
    *port = socket_port ? (guint) g_ascii_strtoull (socket_port, NULL, 10)
                        : g_uri_get_port (parsed) > 0 ? (guint) g_uri_get_port (parsed) : 0;
  if (dbname)
    *dbname = g_uri_unescape_string (path[0] == '/' ? path + 1 : path, NULL);
  if (user)
    {
      const char *u = g_uri_get_user (parsed);
      *user = u ? g_uri_unescape_string (u, NULL) : NULL;
    }
  return TRUE;
}

gint64
kz_store_get_login_person_id (KzStore  *self,
                              GError  **error)
{
  gint64 ret;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  if (KZ_STORE_GET_CLASS (self)->get_login_person_id == NULL)
    return 0;
  LOCK (self);
  ret = KZ_STORE_GET_CLASS (self)->get_login_person_id (self, error);
  UNLOCK (self);
  return ret;
}

gboolean
kz_store_is_shared (KzStore *self)
{
  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  return KZ_STORE_GET_CLASS (self)->is_shared (self);
}

#define KLASS(self) KZ_STORE_GET_CLASS (self)

#define CALL(self, vfunc, fallback, ...) \
  G_STMT_START { \
    KzStoreClass *klass_; \
    g_return_val_if_fail (KZ_IS_STORE (self), fallback); \
    klass_ = KZ_STORE_GET_CLASS (self); \
    LOCK (self); \
    ret = klass_->vfunc (self, __VA_ARGS__); \
    UNLOCK (self); \
  } G_STMT_END

int
kz_store_get_schema_version (KzStore *self)
{
  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  return KZ_STORE_GET_CLASS (self)->get_schema_version (self);
}

const char *
kz_store_get_identity (KzStore *self)
{
  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  return KZ_STORE_GET_CLASS (self)->get_identity (self);
}

const char *
kz_store_describe (KzStore *self)
{
  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  return KZ_STORE_GET_CLASS (self)->describe (self);
}

gboolean
kz_store_begin (KzStore  *self,
                GError  **error)
{
  KzStorePrivate *priv;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  priv = kz_store_get_instance_private (self);

  /* The lock stays held until commit or rollback. */
  LOCK (self);
  if (!KZ_STORE_GET_CLASS (self)->begin (self, error))
    {
      UNLOCK (self);
      return FALSE;
    }
  priv->tx_owner = g_thread_self ();
  priv->tx_depth++;
  return TRUE;
}

static gboolean
in_own_transaction (KzStore *self)
{
  KzStorePrivate *priv = kz_store_get_instance_private (self);

  return priv->tx_depth > 0 && priv->tx_owner == g_thread_self ();
}

static void
end_transaction (KzStore *self)
{
  KzStorePrivate *priv = kz_store_get_instance_private (self);

  if (--priv->tx_depth == 0)
    priv->tx_owner = NULL;
  UNLOCK (self);
}

gboolean
kz_store_commit (KzStore  *self,
                 GError  **error)
{
  gboolean ret;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (in_own_transaction (self), FALSE);

  ret = KZ_STORE_GET_CLASS (self)->commit (self, error);
  if (!ret)
    KZ_STORE_GET_CLASS (self)->rollback (self);
  end_transaction (self);
  return ret;
}

void
kz_store_rollback (KzStore *self)
{
  g_return_if_fail (KZ_IS_STORE (self));
  g_return_if_fail (in_own_transaction (self));

  KZ_STORE_GET_CLASS (self)->rollback (self);
  end_transaction (self);
}

gint64
kz_store_add_unit (KzStore     *self,
                   KzUnitKind   kind,
                   const char  *name,
                   gint64       parent_id,
                   GError     **error)
{
  gint64 ret;

  g_return_val_if_fail (name != NULL, 0);

  if (*name == '\0' || g_ascii_isspace (*name))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A unit needs a name"));
      return 0;
    }
  if ((kind == KZ_UNIT_ORGANISATION) != (parent_id == 0))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s”: an organisation has no parent; a site or team must have one"), name);
      return 0;
    }

  CALL (self, add_unit, 0, kind, name, parent_id, error);
  return ret;
}

GPtrArray *
kz_store_list_units (KzStore  *self,
                     GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_units, NULL, error);
  return ret;
}

gint64
kz_store_add_person (KzStore         *self,
                     const KzPerson  *person,
                     GError         **error)
{
  gint64 ret;

  g_return_val_if_fail (person != NULL, 0);

  if (person->name == NULL || *person->name == '\0')
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A person needs a name"));
      return 0;
    }
  for (guint i = 0; person->emails != NULL && person->emails[i] != NULL; i++)
    {
      const char *at = strchr (person->emails[i], '@');

      if (at == NULL || at == person->emails[i] || at[1] == '\0' || strchr (person->emails[i], ' '))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s” is not an email address"), person->emails[i]);
          return 0;
        }
    }

  CALL (self, add_person, 0, person, error);
  return ret;
}

KzPerson *
kz_store_get_person (KzStore  *self,
                     gint64    id,
                     GError  **error)
{
  KzPerson *ret;
  CALL (self, get_person, NULL, id, error);
  return ret;
}

KzPerson *
kz_store_find_person_by_email (KzStore     *self,
                               const char  *email,
                               GError     **error)
{
  KzPerson *ret;
  g_return_val_if_fail (email != NULL, NULL);
  CALL (self, find_person_by_email, NULL, email, error);
  return ret;
}

GPtrArray *
kz_store_list_people (KzStore  *self,
                      KzRoles   any_of,
                      GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_people, NULL, any_of, error);
  return ret;
}

gboolean
kz_store_add_rubric (KzStore   *self,
                     KzRubric  *rubric,
                     gboolean  *added,
                     GError   **error)
{
  gboolean ret;
  gboolean dummy;

  g_return_val_if_fail (rubric != NULL, FALSE);
  CALL (self, add_rubric, FALSE, rubric, added ? added : &dummy, error);
  return ret;
}

KzRubric *
kz_store_get_rubric (KzStore     *self,
                     const char  *id,
                     int          version,
                     GError     **error)
{
  KzRubric *ret;
  g_return_val_if_fail (id != NULL, NULL);
  CALL (self, get_rubric, NULL, id, version, error);
  return ret;
}

GPtrArray *
kz_store_list_rubrics (KzStore  *self,
                       GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_rubrics, NULL, error);
  return ret;
}

gint64
kz_store_add_interaction (KzStore              *self,
                          const KzInteraction  *interaction,
                          GError              **error)
{
  gint64 ret;

  g_return_val_if_fail (interaction != NULL, 0);
  g_return_val_if_fail (interaction->started_at != NULL, 0);
  CALL (self, add_interaction, 0, interaction, error);
  return ret;
}

KzInteraction *
kz_store_get_interaction (KzStore  *self,
                          gint64    id,
                          GError  **error)
{
  KzInteraction *ret;
  CALL (self, get_interaction, NULL, id, error);
  return ret;
}

GPtrArray *
kz_store_list_interactions (KzStore  *self,
                            GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_interactions, NULL, error);
  return ret;
}

/* Every answer must name a criterion of the rubric version and a point of its
 * scale; N/A only where the policy offers it. */
static gboolean
validate_answers (KzRubric     *rubric,
                  KzAnswerSet  *answers,
                  GError      **error)
{
  GHashTableIter iter;
  KzAnswer *a;

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    {
      KzCriterion *c = kz_rubric_find_criterion (rubric, a->criterion_id);

      if (c == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("Rubric “%s” version %d has no criterion “%s”"),
                       kz_rubric_get_id (rubric), kz_rubric_get_version (rubric), a->criterion_id);
          return FALSE;
        }
      if (a->kind == KZ_ANSWER_NA && !kz_criterion_allows_na (c))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s” does not allow N/A"), c->title);
          return FALSE;
        }
      if (a->kind == KZ_ANSWER_VALUE && kz_scale_find_point (c->scale, a->value) == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("%g is not a point of the scale of “%s”"), a->value, c->title);
          return FALSE;
        }
    }
  return TRUE;
}

/* Who acts, for the checks of kz-store.c: on a team server the login's
 * person (0 for the owner, who may act for anyone), in a file the id given. */
static gboolean resolve_person (KzStore *self, gint64 *person_id, GError **error);
static gboolean check_session_closed (KzStore *self, gint64 session_id, GError **error);

/* A calibration evaluation belongs to an open session it is part of. */
static gboolean
check_calibration_evaluation (KzStore       *self,
                              KzEvaluation  *ev,
                              GError       **error)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(KzInteraction) it = NULL;
  KzCalibrationSession *session;
  gint64 existing;

  if (ev->calibration_session_id <= 0 || ev->interaction_id <= 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("A calibration evaluation needs its session and one of the session's interactions"));
      return FALSE;
    }
  sessions = KLASS (self)->list_calibrations (self, ev->calibration_session_id, error);
  if (sessions == NULL)
    return FALSE;
  if (sessions->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no calibration session %lld"),
                   (long long) ev->calibration_session_id);
      return FALSE;
    }
  session = g_ptr_array_index (sessions, 0);
  if (!kz_calibration_session_is_open (session))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("The calibration session “%s” is closed: its evaluations no longer change"), session->title);
      return FALSE;
    }
  if (!kz_calibration_session_has_reviewer (session, ev->reviewer_id))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                   _("Only the reviewers invited to the calibration session “%s” score in it"), session->title);
      return FALSE;
    }
  if (!kz_calibration_session_has_interaction (session, ev->interaction_id))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Interaction %lld is not one of the calibration session “%s”"),
                   (long long) ev->interaction_id, session->title);
      return FALSE;
    }
  if (g_strcmp0 (ev->rubric_id, session->rubric_id) != 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("The calibration session “%s” scores with rubric “%s”, not “%s”"), session->title,
                   session->rubric_id, ev->rubric_id);
      return FALSE;
    }
  ev->rubric_version = session->rubric_version;
  it = KLASS (self)->get_interaction (self, ev->interaction_id, error);
  if (it == NULL)
    return FALSE;
  if (ev->agent_id == 0)
    ev->agent_id = it->agent_id;
  if (ev->agent_id != it->agent_id)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("A calibration evaluation is of the interaction's own agent"));
      return FALSE;
    }
  existing = KLASS (self)->find_calibration_evaluation (self, session->id, ev->interaction_id, ev->reviewer_id,
                                                        error);
  if (existing < 0)
    return FALSE;
  if (existing > 0 && existing != ev->id)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                   _("This reviewer has scored interaction %lld in the session already (evaluation %lld)"),
                   (long long) ev->interaction_id, (long long) existing);
      return FALSE;
    }
  return TRUE;
}

/* The one way an evaluation's answers change: a reviewer's save, and a
 * dispute's resolution (@dispute_id, by @actor_id at @at).  Scores, checks,
 * writes, and keeps a submitted evaluation's revisions, in one
 * transaction.  Without @history (kz_store_copy(), which writes history
 * itself) no revision is recorded. */
static gint64
save_evaluation_internal (KzStore       *self,
                          KzEvaluation  *evaluation,
                          gint64         actor_id,
                          gint64         dispute_id,
                          GDateTime     *at,
                          gboolean       history,
                          GError       **error)
{
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzScore) score = NULL;
  g_autoptr(KzEvaluation) stored = NULL;
  int revision = 0;
  int row_version = evaluation->row_version;
  gint64 ret;

  if (evaluation->is_calibration != (evaluation->calibration_session_id > 0))
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("A calibration evaluation names its calibration session, and only it does"));
      return 0;
    }
  if (evaluation->reviewer_id <= 0 || (evaluation->agent_id <= 0 && !evaluation->is_calibration))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("An evaluation needs an agent and a reviewer"));
      return 0;
    }

  if (!kz_store_begin (self, error))
    return 0;

  if (evaluation->id != 0)
    {
      stored = KLASS (self)->get_evaluation (self, evaluation->id, error);
      if (stored == NULL)
        goto fail;
      /* What it is was settled when it was first saved. */
      evaluation->is_calibration = stored->is_calibration;
      evaluation->calibration_session_id = stored->calibration_session_id;
    }
  if (evaluation->is_calibration && !check_calibration_evaluation (self, evaluation, error))
    goto fail;
  if (stored != NULL && !stored->is_calibration && dispute_id == 0)
    {
      KzDisputeFilter open = { .open_only = TRUE, .evaluation_id = evaluation->id };
      g_autoptr(GPtrArray) disputes = KLASS (self)->list_disputes (self, &open, 0, error);

      if (disputes == NULL)
        goto fail;
      if (disputes->len > 0)
        {
          g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                               _("The agent has disputed this evaluation: its answers change only by resolving "
                                 "the dispute"));
          goto fail;
        }
    }

  rubric = kz_store_get_rubric (self, evaluation->rubric_id, evaluation->rubric_version, error);
  if (rubric == NULL)
    goto fail;
  evaluation->rubric_version = kz_rubric_get_version (rubric);

  if (!validate_answers (rubric, evaluation->answers, error))
    goto fail;

  score = kz_score_compute (rubric, evaluation->answers);

  if (evaluation->state == KZ_EVALUATION_SUBMITTED && score->missing_required[0] != NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; score->missing_required[i] != NULL; i++)
        {
          KzCriterion *c = kz_rubric_find_criterion (rubric, score->missing_required[i]);
          if (i > 0)
            g_string_append (names, ", ");
          g_string_append_printf (names, "“%s” (%s)", c->title, c->id);
        }
      g_set_error (error, KZ_ERROR, KZ_ERROR_INCOMPLETE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Cannot submit: a required criterion is unanswered: %s",
                                "Cannot submit: required criteria are unanswered: %s",
                                g_strv_length (score->missing_required)),
                   names->str);
      goto fail;
    }

  evaluation->has_score = score->has_score;
  evaluation->raw = score->raw;
  evaluation->final = score->final;
  evaluation->pass = score->pass;
  evaluation->auto_failed = score->auto_failed;
  g_strfreev (evaluation->failed_by);
  evaluation->failed_by = g_strdupv (score->failed_by);
  evaluation->has_critical = score->has_critical;
  evaluation->critical = score->critical;

  ret = KLASS (self)->save_evaluation (self, evaluation, at, error);
  if (ret <= 0)
    goto fail;
  if (history && !evaluation->is_calibration && evaluation->state == KZ_EVALUATION_SUBMITTED &&
      !KLASS (self)->record_revision (self, ret, actor_id > 0 ? actor_id : evaluation->reviewer_id, dispute_id, at,
                                      &revision, error))
    goto fail;
  if (!kz_store_commit (self, error))
    {
      /* Nothing was stored: the caller keeps what it read. */
      evaluation->row_version = row_version;
      return 0;
    }

  evaluation->id = ret;
  if (revision > 0)
    {
      evaluation->revision = revision;
      if (evaluation->submitted_at == NULL)
        {
          g_autoptr(GError) ignored = NULL;
          g_autoptr(KzEvaluation) back = KLASS (self)->get_evaluation (self, ret, &ignored);

          if (back != NULL && back->submitted_at != NULL)
            evaluation->submitted_at = g_date_time_ref (back->submitted_at);
        }
    }
  return ret;

fail:
  kz_store_rollback (self);
  evaluation->row_version = row_version;
  return 0;
}

gint64
kz_store_save_evaluation (KzStore       *self,
                          KzEvaluation  *evaluation,
                          GError       **error)
{
  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (evaluation != NULL, 0);
  g_return_val_if_fail (evaluation->rubric_id != NULL, 0);
  g_return_val_if_fail (evaluation->answers != NULL, 0);

  /* The reviewer saves their own work (on a team server the server knows
   * who the login is, and keeps that in the revision). */
  return save_evaluation_internal (self, evaluation, evaluation->reviewer_id, 0, NULL, TRUE, error);
}

/* For kz_store_copy(): saves @evaluation as it is, with no revision — the
 * copy writes the source's history whole afterwards. */
gint64
kz_store_save_evaluation_without_history (KzStore       *self,
                                          KzEvaluation  *evaluation,
                                          GError       **error)
{
  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (evaluation != NULL && evaluation->rubric_id != NULL && evaluation->answers != NULL, 0);

  return save_evaluation_internal (self, evaluation, evaluation->reviewer_id, 0, NULL, FALSE, error);
}

KzEvaluation *
kz_store_get_evaluation (KzStore  *self,
                         gint64    id,
                         GError  **error)
{
  KzEvaluation *ret;
  CALL (self, get_evaluation, NULL, id, error);
  if (ret != NULL && ret->is_calibration && !check_session_closed (self, ret->calibration_session_id, error))
    g_clear_pointer (&ret, kz_evaluation_free);
  return ret;
}

gint64
kz_store_find_message_interaction (KzStore     *self,
                                   const char  *message_id,
                                   GError     **error)
{
  gint64 ret;
  g_return_val_if_fail (message_id != NULL, -1);
  CALL (self, find_message_interaction, -1, message_id, error);
  return ret;
}

gboolean
kz_store_add_messages (KzStore                 *self,
                       gint64                   interaction_id,
                       KzEmailMessage * const  *messages,
                       guint                    n_messages,
                       GError                 **error)
{
  gboolean ret;

  for (guint i = 0; i < n_messages; i++)
    g_return_val_if_fail (messages[i] != NULL && messages[i]->message_id != NULL, FALSE);
  CALL (self, add_messages, FALSE, interaction_id, messages, n_messages, error);
  return ret;
}

gboolean
kz_store_add_message (KzStore               *self,
                      gint64                 interaction_id,
                      const KzEmailMessage  *message,
                      GError               **error)
{
  KzEmailMessage *one[1] = { (KzEmailMessage *) message };

  return kz_store_add_messages (self, interaction_id, one, 1, error);
}

GPtrArray *
kz_store_list_messages (KzStore  *self,
                        gint64    interaction_id,
                        GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_messages, NULL, interaction_id, error);
  return ret;
}

gboolean
kz_store_add_call (KzStore       *self,
                   const KzCall  *call,
                   GError       **error)
{
  gboolean ret;
  g_return_val_if_fail (call != NULL && call->interaction_id > 0, FALSE);
  CALL (self, add_call, FALSE, call, error);
  return ret;
}

KzCall *
kz_store_get_call (KzStore  *self,
                   gint64    interaction_id,
                   GError  **error)
{
  KzCall *ret;
  CALL (self, get_call, NULL, interaction_id, error);
  return ret;
}

GStrv
kz_search_words (const char *text)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GString) word = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0' && n < 8; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isalnum (c))
        g_string_append_unichar (word, g_unichar_tolower (c));
      else if (word->len > 0)
        {
          g_strv_builder_add (b, word->str);
          g_string_truncate (word, 0);
          n++;
        }
    }
  if (word->len > 0 && n < 8)
    g_strv_builder_add (b, word->str);
  return g_strv_builder_end (b);
}

GPtrArray *
kz_store_search_interactions (KzStore                   *self,
                              const KzInteractionQuery  *query,
                              guint                      offset,
                              guint                      limit,
                              GError                   **error)
{
  GPtrArray *ret;
  g_return_val_if_fail (query != NULL, NULL);
  CALL (self, search_interactions, NULL, query, offset, limit, error);
  return ret;
}

gint64
kz_store_count_interactions (KzStore                   *self,
                             const KzInteractionQuery  *query,
                             GError                   **error)
{
  gint64 ret;
  g_return_val_if_fail (query != NULL, -1);
  CALL (self, count_interactions, -1, query, error);
  return ret;
}

gboolean
kz_store_assign (KzStore  *self,
                 gint64    interaction_id,
                 gint64    reviewer_id,
                 GError  **error)
{
  gboolean ret;
  CALL (self, assign, FALSE, interaction_id, reviewer_id, error);
  return ret;
}

GPtrArray *
kz_store_coverage (KzStore    *self,
                   GDateTime  *from,
                   GDateTime  *to,
                   GError    **error)
{
  GPtrArray *ret;
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  CALL (self, coverage, NULL, from, to, error);
  return ret;
}

GPtrArray *
kz_store_answer_tallies (KzStore     *self,
                         const char  *rubric_id,
                         GDateTime   *from,
                         GDateTime   *to,
                         GError     **error)
{
  GPtrArray *ret;
  g_return_val_if_fail (rubric_id != NULL, NULL);
  CALL (self, answer_tallies, NULL, rubric_id, from, to, error);
  return ret;
}

GArray *
kz_store_criterion_answers (KzStore     *self,
                            const char  *rubric_id,
                            const char  *criterion_id,
                            GDateTime   *from,
                            GDateTime   *to,
                            GError     **error)
{
  GArray *ret;
  g_return_val_if_fail (rubric_id != NULL && criterion_id != NULL, NULL);
  CALL (self, criterion_answers, NULL, rubric_id, criterion_id, from, to, error);
  return ret;
}

GPtrArray *
kz_store_rated_answers (KzStore     *self,
                        const char  *rubric_id,
                        GDateTime   *from,
                        GDateTime   *to,
                        GError     **error)
{
  GPtrArray *ret;
  g_return_val_if_fail (rubric_id != NULL, NULL);
  CALL (self, rated_answers, NULL, rubric_id, from, to, error);
  return ret;
}

gint64
kz_store_find_interaction (KzStore     *self,
                           const char  *external_ref,
                           GError     **error)
{
  gint64 ret;
  g_return_val_if_fail (external_ref != NULL, -1);
  CALL (self, find_interaction, -1, external_ref, error);
  return ret;
}

gboolean
kz_store_set_feedback (KzStore           *self,
                       const KzFeedback  *feedback,
                       GError           **error)
{
  gboolean ret;
  int max;

  g_return_val_if_fail (feedback != NULL, FALSE);
  max = feedback->scale == KZ_FEEDBACK_CSAT ? 5 : 10;
  if (feedback->rating < (feedback->scale == KZ_FEEDBACK_CSAT ? 1 : 0) || feedback->rating > max)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   feedback->scale == KZ_FEEDBACK_CSAT ? _("A CSAT rating is 1 to 5, not %d")
                                                       : _("An NPS rating is 0 to 10, not %d"),
                   feedback->rating);
      return FALSE;
    }
  CALL (self, set_feedback, FALSE, feedback, error);
  return ret;
}

KzFeedback *
kz_store_get_feedback (KzStore  *self,
                       gint64    interaction_id,
                       GError  **error)
{
  KzFeedback *ret;
  CALL (self, get_feedback, NULL, interaction_id, error);
  return ret;
}

GPtrArray *
kz_store_list_evaluations (KzStore                   *self,
                           const KzEvaluationFilter  *filter,
                           GError                   **error)
{
  static const KzEvaluationFilter all = { 0 };
  GPtrArray *ret;

  if (filter != NULL && filter->calibration_session_id > 0 &&
      !check_session_closed (self, filter->calibration_session_id, error))
    return NULL;
  CALL (self, list_evaluations, NULL, filter ? filter : &all, error);
  return ret;
}

gint64
kz_store_count (KzStore       *self,
                KzRecordKind   what,
                GError       **error)
{
  gint64 ret;
  g_return_val_if_fail ((guint) what < KZ_RECORD_N_KINDS, -1);
  CALL (self, count, -1, what, error);
  return ret;
}

/* ------------------------------------------------------------------------ */
/* Staff voice.  The rules of voice.md are checked here, once, for every
 * backend; the backends move rows (and a team server checks the same rules
 * again for anyone who bypasses the app with plain SQL). */

void
kz_survey_comment_free (KzSurveyComment *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

void
kz_idea_thread_free (KzIdeaThread *self)
{
  if (self == NULL)
    return;
  g_free (self->idea_id);
  g_clear_pointer (&self->idea, kz_idea_free);
  g_free (self->token);
  g_strfreev (self->own_comment_ids);
  g_clear_pointer (&self->replies, g_ptr_array_unref);
  g_free (self);
}

/* "2026-03-02", for messages. */
static char *
format_day (const GDate *date)
{
  char buf[16];

  if (!g_date_valid (date))
    return g_strdup ("?");
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

gboolean
kz_store_voice_today (KzStore  *self,
                      GDate    *today,
                      GError  **error)
{
  gboolean ret;

  g_return_val_if_fail (today != NULL, FALSE);
  CALL (self, voice_today, FALSE, today, error);
  return ret;
}

/* On a team server a person acts as themselves: @person_id 0 becomes the
 * login's person, and someone else's id is refused (the owner, tied to no
 * person, may act for anyone: the demo, an import).  In a single file the
 * id is taken as given. */
static gboolean
resolve_person (KzStore  *self,
                gint64   *person_id,
                GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 login;

  if (!kz_store_is_shared (self))
    return TRUE;
  /* Callers ask before their transaction begins: the connection is the
   * store's, shared with every other thread, so this takes the lock too. */
  LOCK (self);
  login = KLASS (self)->get_login_person_id (self, &local_error);
  UNLOCK (self);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (*person_id == 0)
    *person_id = login;
  else if (login != 0 && *person_id != login)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                           _("On the team server you can only do this as yourself."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
valid_question_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static const KzQuestion *
bank_find (GPtrArray  *bank,
           const char *id)
{
  for (guint i = 0; bank != NULL && i < bank->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (bank, i);

      if (g_strcmp0 (q->id, id) == 0)
        return q;
    }
  return NULL;
}

gboolean
kz_store_seed_question_bank (KzStore  *self,
                             guint    *n_added,
                             GError  **error)
{
  g_autoptr(GPtrArray) bank = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);

  if (n_added != NULL)
    *n_added = 0;
  if (!kz_store_begin (self, error))
    return FALSE;
  bank = KLASS (self)->list_questions (self, error);
  if (bank == NULL)
    goto fail;
  if (bank->len == 0)
    {
      g_autoptr(GPtrArray) shipped = kz_question_bank_default ();

      if (!KLASS (self)->add_questions (self, shipped, error))
        goto fail;
      if (n_added != NULL)
        *n_added = shipped->len;
    }
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

GPtrArray *
kz_store_list_questions (KzStore  *self,
                         GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_questions, NULL, error);
  return ret;
}

static gboolean
check_question_text (const KzQuestion  *q,
                     GError           **error)
{
  g_autofree char *text = q->text != NULL ? g_strstrip (g_strdup (q->text)) : NULL;

  if (text == NULL || *text == '\0' || !g_utf8_validate (q->text, -1, NULL))
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A question needs its text."));
      return FALSE;
    }
  if (q->kind > KZ_QUESTION_FREE_TEXT)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("A question is a 0–10 scale, a 1–5 agreement or free text."));
      return FALSE;
    }
  if (q->enps && q->kind != KZ_QUESTION_SCALE_0_10)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("The eNPS question is answered from 0 to 10."));
      return FALSE;
    }
  return TRUE;
}

gboolean
kz_store_add_question (KzStore     *self,
                       KzQuestion  *question,
                       GError     **error)
{
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (question != NULL, FALSE);

  if (question->id == NULL)
    {
      g_autofree char *random = kz_voice_new_id ();

      random[8] = '\0';
      question->id = g_strconcat ("q-", random, NULL);
    }
  if (!valid_question_id (question->id))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s” is not a question id: use letters, digits, - and _ (at most 64)."), question->id);
      return FALSE;
    }
  if (!check_question_text (question, error))
    return FALSE;

  if (!kz_store_begin (self, error))
    return FALSE;
  bank = KLASS (self)->list_questions (self, error);
  if (bank == NULL)
    goto fail;
  if (bank_find (bank, question->id) != NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("The bank already has a question “%s”."), question->id);
      goto fail;
    }
  for (guint i = 0; question->enps && i < bank->len; i++)
    if (((KzQuestion *) g_ptr_array_index (bank, i))->enps)
      {
        g_set_error_literal (error, KZ_ERROR, KZ_ERROR_EXISTS, _("The bank already has its eNPS question."));
        goto fail;
      }
  g_ptr_array_add (one, question);
  if (!KLASS (self)->add_questions (self, one, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

gboolean
kz_store_update_question (KzStore           *self,
                          const KzQuestion  *question,
                          GError           **error)
{
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(KzQuestion) changed = NULL;
  const KzQuestion *stored;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (question != NULL && question->id != NULL, FALSE);

  if (!kz_store_begin (self, error))
    return FALSE;
  bank = KLASS (self)->list_questions (self, error);
  if (bank == NULL)
    goto fail;
  stored = bank_find (bank, question->id);
  if (stored == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("The bank has no question “%s”."), question->id);
      goto fail;
    }
  /* The id and the eNPS flag are the stored ones. */
  changed = kz_question_copy (question);
  changed->enps = stored->enps;
  if (!check_question_text (changed, error) || !KLASS (self)->update_question (self, changed, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

static gboolean
check_plan (const KzPulsePlan  *plan,
            GError            **error)
{
  g_autofree char *name = plan->name != NULL ? g_strstrip (g_strdup (plan->name)) : NULL;

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A pulse plan needs a name."));
      return FALSE;
    }
  if (plan->cadence_days < 1 || plan->cadence_days > 366)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s”: a round every 1 to 366 days, not %u."), plan->name, plan->cadence_days);
      return FALSE;
    }
  if (plan->questions_per_round < 1 || plan->questions_per_round > 20)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s”: 1 to 20 questions a round, not %u."), plan->name, plan->questions_per_round);
      return FALSE;
    }
  if (plan->k < KZ_VOICE_K_MIN || plan->k > KZ_VOICE_K_MAX)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("The reporting minimum is %d to %d answers, not %u."), KZ_VOICE_K_MIN, KZ_VOICE_K_MAX,
                   plan->k);
      return FALSE;
    }
  return TRUE;
}

/* The teams of an audience must be teams. */
static gboolean
check_teams (KzStore  *self,
             GArray   *team_ids,
             GError  **error)
{
  g_autoptr(GPtrArray) units = NULL;

  if (team_ids == NULL || team_ids->len == 0)
    return TRUE;
  units = KLASS (self)->list_units (self, error);
  if (units == NULL)
    return FALSE;
  for (guint t = 0; t < team_ids->len; t++)
    {
      gint64 id = g_array_index (team_ids, gint64, t);
      gboolean team = FALSE;

      for (guint u = 0; u < units->len && !team; u++)
        {
          KzUnit *unit = g_ptr_array_index (units, u);

          team = unit->id == id && unit->kind == KZ_UNIT_TEAM;
        }
      if (!team)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("There is no team with id %lld."),
                       (long long) id);
          return FALSE;
        }
    }
  return TRUE;
}

gint64
kz_store_add_pulse_plan (KzStore      *self,
                         KzPulsePlan  *plan,
                         GError      **error)
{
  gint64 id;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (plan != NULL && plan->id == 0, 0);

  if (!check_plan (plan, error) || !kz_store_begin (self, error))
    return 0;
  if (!check_teams (self, plan->team_ids, error) ||
      (id = KLASS (self)->save_pulse_plan (self, plan, error)) <= 0)
    {
      kz_store_rollback (self);
      return 0;
    }
  if (!kz_store_commit (self, error))
    return 0;
  plan->id = id;
  return id;
}

gboolean
kz_store_update_pulse_plan (KzStore            *self,
                            const KzPulsePlan  *plan,
                            GError            **error)
{
  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL && plan->id > 0, FALSE);

  if (!check_plan (plan, error) || !kz_store_begin (self, error))
    return FALSE;
  if (!check_teams (self, plan->team_ids, error) || KLASS (self)->save_pulse_plan (self, plan, error) <= 0)
    {
      kz_store_rollback (self);
      return FALSE;
    }
  return kz_store_commit (self, error);
}

GPtrArray *
kz_store_list_pulse_plans (KzStore  *self,
                           GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_pulse_plans, NULL, error);
  return ret;
}

static KzPulsePlan *
find_plan (KzStore  *self,
           gint64    plan_id,
           GError  **error)
{
  g_autoptr(GPtrArray) plans = KLASS (self)->list_pulse_plans (self, error);

  for (guint i = 0; plans != NULL && i < plans->len; i++)
    if (((KzPulsePlan *) g_ptr_array_index (plans, i))->id == plan_id)
      return g_ptr_array_steal_index (plans, i);
  if (plans != NULL)
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no pulse plan with id %lld."),
                 (long long) plan_id);
  return NULL;
}

static gboolean
check_round_fields (const KzSurveyRound  *round,
                    GError              **error)
{
  if (!g_date_valid (&round->opens_on) || !g_date_valid (&round->closes_on))
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A round needs the days it opens and closes."));
      return FALSE;
    }
  if (g_date_compare (&round->closes_on, &round->opens_on) < 0)
    {
      g_autofree char *opens = format_day (&round->opens_on);
      g_autofree char *closes = format_day (&round->closes_on);

      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A round that opens on %s cannot close on %s."),
                   opens, closes);
      return FALSE;
    }
  if (round->k < KZ_VOICE_K_MIN || round->k > KZ_VOICE_K_MAX)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("The reporting minimum is %d to %d answers, not %u."), KZ_VOICE_K_MIN, KZ_VOICE_K_MAX,
                   round->k);
      return FALSE;
    }
  return TRUE;
}

gint64
kz_store_create_round (KzStore        *self,
                       KzSurveyRound  *round,
                       GError        **error)
{
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(KzPulsePlan) plan = NULL;
  g_autoptr(KzSurveyRound) made = NULL;
  g_auto(GStrv) questions = NULL;
  gint64 id;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (round != NULL && round->question_ids != NULL, 0);

  if (!kz_store_begin (self, error))
    return 0;
  made = kz_survey_round_copy (round);
  bank = KLASS (self)->list_questions (self, error);
  if (bank == NULL)
    goto fail;

  if (made->plan_id > 0)
    {
      g_autoptr(GPtrArray) earlier = NULL;
      g_autoptr(GStrvBuilder) asked = g_strv_builder_new ();
      g_auto(GStrv) asked_ids = NULL;

      if (made->question_ids[0] != NULL)
        {
          g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                               _("A plan's round asks the questions the plan's rotation gives."));
          goto fail;
        }
      plan = find_plan (self, made->plan_id, error);
      if (plan == NULL)
        goto fail;
      earlier = KLASS (self)->list_rounds (self, plan->id, error);
      if (earlier == NULL)
        goto fail;
      for (guint i = 0; i < earlier->len; i++)
        g_strv_builder_addv (asked, (const char **) ((KzSurveyRound *) g_ptr_array_index (earlier, i))->question_ids);
      asked_ids = g_strv_builder_end (asked);
      questions = kz_pulse_rotation (bank, (const char * const *) asked_ids, plan->questions_per_round);
      made->k = plan->k;
      if (made->title == NULL || *made->title == '\0')
        {
          g_autofree char *day = format_day (&made->opens_on);

          g_free (made->title);
          /* Translators: a round's title: the plan's name and its opening day */
          made->title = g_strdup_printf (C_("round title", "%s, %s"), plan->name, day);
        }
    }
  else
    {
      questions = g_strdupv (made->question_ids);
      if (questions[0] == NULL)
        {
          g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A round needs at least one question."));
          goto fail;
        }
      for (guint i = 0; questions[i] != NULL; i++)
        {
          if (bank_find (bank, questions[i]) == NULL)
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("The bank has no question “%s”."), questions[i]);
              goto fail;
            }
          for (guint j = 0; j < i; j++)
            if (g_str_equal (questions[i], questions[j]))
              {
                g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A round asks “%s” once."), questions[i]);
                goto fail;
              }
        }
    }
  if (questions[0] == NULL)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("The bank has no active questions for this round."));
      goto fail;
    }
  if (made->title == NULL || *g_strstrip (made->title) == '\0')
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A round needs a title."));
      goto fail;
    }
  g_strfreev (made->question_ids);
  made->question_ids = g_steal_pointer (&questions);
  if (!check_round_fields (made, error) || (id = KLASS (self)->add_round (self, made, error)) <= 0)
    goto fail;
  if (!kz_store_commit (self, error))
    return 0;

  round->id = id;
  round->k = made->k;
  g_free (round->title);
  round->title = g_strdup (made->title);
  g_strfreev (round->question_ids);
  round->question_ids = g_strdupv (made->question_ids);
  return id;

fail:
  kz_store_rollback (self);
  return 0;
}

gboolean
kz_store_update_round (KzStore              *self,
                       const KzSurveyRound  *round,
                       GError              **error)
{
  g_autoptr(KzSurveyRound) stored = NULL;
  GDate today;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (round != NULL && round->id > 0, FALSE);

  if (round->title == NULL || *round->title == '\0')
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A round needs a title."));
      return FALSE;
    }
  if (!check_round_fields (round, error) || !kz_store_begin (self, error))
    return FALSE;
  if ((stored = KLASS (self)->get_round (self, round->id, error)) == NULL ||
      !KLASS (self)->voice_today (self, &today, error))
    goto fail;
  if (stored->answered)
    {
      if (round->k != stored->k)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s” has answers: its reporting minimum stays %u."), stored->title, stored->k);
          goto fail;
        }
      if (g_date_compare (&round->opens_on, &stored->opens_on) != 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s” has answers: the day it opened stays as it was."), stored->title);
          goto fail;
        }
      if (kz_survey_round_is_closed (stored, &today) && g_date_compare (&round->closes_on, &stored->closes_on) != 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s” has closed and its results may have been seen: it stays closed."), stored->title);
          goto fail;
        }
    }
  if (!KLASS (self)->update_round (self, round, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

GPtrArray *
kz_store_list_rounds (KzStore  *self,
                      gint64    plan_id,
                      GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_rounds, NULL, plan_id, error);
  return ret;
}

KzSurveyRound *
kz_store_get_round (KzStore  *self,
                    gint64    id,
                    GError  **error)
{
  KzSurveyRound *ret;
  CALL (self, get_round, NULL, id, error);
  return ret;
}

GPtrArray *
kz_store_list_open_rounds (KzStore  *self,
                           gint64    person_id,
                           GError  **error)
{
  GPtrArray *ret;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  LOCK (self);
  ret = resolve_person (self, &person_id, error) ? KLASS (self)->list_open_rounds (self, person_id, error) : NULL;
  UNLOCK (self);
  return ret;
}

/* Why @round takes no answers on @today, or NULL when it does. */
static gboolean
check_round_open (const KzSurveyRound  *round,
                  const GDate          *today,
                  GError              **error)
{
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;

  if (kz_survey_round_is_open (round, today))
    return TRUE;
  opens = format_day (&round->opens_on);
  closes = format_day (&round->closes_on);
  if (kz_survey_round_is_closed (round, today))
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” closed on %s: it takes no more answers."),
                 round->title, closes);
  else
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” takes answers from %s to %s, not yet."),
                 round->title, opens, closes);
  return FALSE;
}

gboolean
kz_store_submit_answers (KzStore    *self,
                         gint64      round_id,
                         gint64      person_id,
                         GPtrArray  *answers,
                         GError    **error)
{
  g_autoptr(KzSurveyRound) round = NULL;
  g_autoptr(KzPerson) person = NULL;
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(GError) local_error = NULL;
  GDate today;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  if (!kz_store_begin (self, error))
    return FALSE;
  if (!resolve_person (self, &person_id, error))
    goto fail;
  if (person_id <= 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("Only a person answers a round, and this login is not tied to one."));
      goto fail;
    }
  if ((round = KLASS (self)->get_round (self, round_id, error)) == NULL ||
      !KLASS (self)->voice_today (self, &today, error) ||
      !check_round_open (round, &today, error) ||
      (person = KLASS (self)->get_person (self, person_id, error)) == NULL)
    goto fail;
  if (round->plan_id > 0)
    {
      g_autoptr(KzPulsePlan) plan = find_plan (self, round->plan_id, error);
      gboolean in_audience;

      if (plan == NULL)
        goto fail;
      in_audience = plan->team_ids->len == 0;
      for (guint i = 0; i < plan->team_ids->len && !in_audience; i++)
        in_audience = g_array_index (plan->team_ids, gint64, i) == person->team_id;
      if (!in_audience)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is for other teams than %s’s."),
                       round->title, person->name);
          goto fail;
        }
    }
  if ((bank = KLASS (self)->list_questions (self, error)) == NULL ||
      !kz_survey_answers_check (round, bank, answers, error))
    goto fail;
  if (!KLASS (self)->submit_answers (self, round_id, person_id, answers, &local_error))
    {
      if (g_error_matches (local_error, KZ_ERROR, KZ_ERROR_EXISTS))
        g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                     _("%s has already answered “%s”: each person answers a round once."), person->name,
                     round->title);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

gboolean
kz_store_import_answers (KzStore    *self,
                         gint64      round_id,
                         gint64      team_id,
                         GPtrArray  *answers,
                         GError    **error)
{
  g_autoptr(KzSurveyRound) round = NULL;
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GArray) team = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate today;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  if (team_id > 0)
    g_array_append_val (team, team_id);
  if (!kz_store_begin (self, error))
    return FALSE;
  if ((round = KLASS (self)->get_round (self, round_id, error)) == NULL ||
      !KLASS (self)->voice_today (self, &today, error) ||
      !check_round_open (round, &today, error) ||
      !check_teams (self, team, error) ||
      (bank = KLASS (self)->list_questions (self, error)) == NULL)
    goto fail;
  /* Each answer is a respondent's own: several may answer one question. */
  for (guint i = 0; i < answers->len; i++)
    {
      g_ptr_array_set_size (one, 0);
      g_ptr_array_add (one, g_ptr_array_index (answers, i));
      if (!kz_survey_answers_check (round, bank, one, error))
        goto fail;
    }
  if (answers->len > 0 && !KLASS (self)->import_answers (self, round_id, team_id, answers, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

/* A round whose results may be read: it has closed. */
static KzSurveyRound *
closed_round (KzStore  *self,
              gint64    round_id,
              GError  **error)
{
  g_autoptr(KzSurveyRound) round = KLASS (self)->get_round (self, round_id, error);
  GDate today;

  if (round == NULL || !KLASS (self)->voice_today (self, &today, error))
    return NULL;
  if (!kz_survey_round_is_closed (round, &today))
    {
      g_autofree char *closes = format_day (&round->closes_on);

      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s” has results once it has closed (it closes on %s): watching them change while "
                     "people answer would tell who said what."), round->title, closes);
      return NULL;
    }
  return g_steal_pointer (&round);
}

GPtrArray *
kz_store_survey_results (KzStore  *self,
                         gint64    round_id,
                         GError  **error)
{
  g_autoptr(KzSurveyRound) round = NULL;
  GPtrArray *cells = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);

  LOCK (self);
  round = closed_round (self, round_id, error);
  if (round != NULL)
    cells = KLASS (self)->survey_cells (self, round, error);
  UNLOCK (self);
  /* The backend has suppressed them already; again here, which can only
   * hide more, so no backend can show a figure these rules would not. */
  if (cells != NULL)
    kz_survey_suppress (cells, round->k);
  return cells;
}

GPtrArray *
kz_store_survey_comments (KzStore   *self,
                          gint64     round_id,
                          gboolean  *shown,
                          gboolean  *by_team,
                          GError   **error)
{
  g_autoptr(KzSurveyRound) round = NULL;
  GPtrArray *comments = NULL;
  gboolean whole = FALSE, teams = FALSE;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);

  LOCK (self);
  round = closed_round (self, round_id, error);
  if (round != NULL)
    comments = KLASS (self)->survey_comments (self, round, &whole, &teams, error);
  UNLOCK (self);
  if (shown != NULL)
    *shown = comments != NULL && whole;
  if (by_team != NULL)
    *by_team = comments != NULL && whole && teams;
  return comments;
}

/* ---- ideas ---- */

static void
week_or_this_week (KzStore     *self,
                   const GDate *week,
                   GDate       *monday)
{
  GDate today;

  if (week != NULL && g_date_valid (week))
    {
      kz_voice_week_of (week, monday);
      return;
    }
  if (!KLASS (self)->voice_today (self, &today, NULL))
    {
      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));
    }
  kz_voice_week_of (&today, monday);
}

static gboolean
check_text (const char  *text,
            const char  *what,
            GError     **error)
{
  g_autofree char *stripped = text != NULL ? g_strstrip (g_strdup (text)) : NULL;

  if (stripped == NULL || *stripped == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, "%s", what);
      return FALSE;
    }
  return TRUE;
}

char *
kz_store_submit_idea (KzStore     *self,
                      KzIdea      *idea,
                      const char  *token,
                      GError     **error)
{
  g_autoptr(KzIdea) stored = kz_idea_new ();
  g_autofree char *hash = NULL;
  gint64 author;
  char *id = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  g_return_val_if_fail (idea != NULL, NULL);

  if (!check_text (idea->title, _("An idea needs a title."), error))
    return NULL;
  if ((idea->body != NULL && !g_utf8_validate (idea->body, -1, NULL)) ||
      (idea->category != NULL && !g_utf8_validate (idea->category, -1, NULL)))
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The idea is not valid text."));
      return NULL;
    }

  LOCK (self);
  author = idea->author_id;
  if (author != 0 && !resolve_person (self, &author, error))
    goto out;
  stored->title = g_strstrip (g_strdup (idea->title));
  stored->body = g_strdup (idea->body ? idea->body : "");
  stored->category = idea->category && *idea->category ? g_strdup (idea->category) : NULL;
  stored->author_id = author;
  stored->status = KZ_IDEA_NEW;
  week_or_this_week (self, &idea->week, &stored->week);
  if (author == 0)
    {
      /* No author at all: a pseudonym of its own, and only the hash of the
       * token its author keeps. */
      stored->pseudonym = kz_voice_new_pseudonym ();
      hash = token != NULL ? kz_voice_token_hash (token) : NULL;
    }
  id = KLASS (self)->add_idea (self, stored, hash, error);
  if (id != NULL)
    {
      g_free (idea->id);
      idea->id = g_strdup (id);
      g_free (idea->pseudonym);
      idea->pseudonym = g_strdup (stored->pseudonym);
      idea->author_id = author;
      idea->week = stored->week;
      idea->status = KZ_IDEA_NEW;
    }
out:
  UNLOCK (self);
  return id;
}

GPtrArray *
kz_store_list_ideas (KzStore             *self,
                     const KzIdeaFilter  *filter,
                     GError             **error)
{
  static const KzIdeaFilter board = { TRUE, KZ_IDEA_NEW, FALSE };
  GPtrArray *ret;
  CALL (self, list_ideas, NULL, filter ? filter : &board, error);
  return ret;
}

KzIdea *
kz_store_get_idea (KzStore     *self,
                   const char  *id,
                   GError     **error)
{
  KzIdea *ret;
  g_return_val_if_fail (id != NULL, NULL);
  CALL (self, get_idea, NULL, id, error);
  return ret;
}

/* An idea that takes votes and comments: it exists and was not merged. */
static KzIdea *
open_idea (KzStore     *self,
           const char  *id,
           GError     **error)
{
  g_autoptr(KzIdea) idea = KLASS (self)->get_idea (self, id, error);

  if (idea != NULL && idea->merged_into != NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s” was merged into another idea: carry on there."), idea->title);
      return NULL;
    }
  return g_steal_pointer (&idea);
}

gboolean
kz_store_vote_idea (KzStore     *self,
                    const char  *idea_id,
                    gint64       person_id,
                    GError     **error)
{
  g_autoptr(KzIdea) idea = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ret = FALSE;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (idea_id != NULL, FALSE);

  LOCK (self);
  if (!resolve_person (self, &person_id, error))
    goto out;
  if (person_id <= 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("Only a person votes, and this login is not tied to one."));
      goto out;
    }
  if ((idea = open_idea (self, idea_id, error)) == NULL)
    goto out;
  ret = KLASS (self)->vote_idea (self, idea_id, person_id, &local_error);
  if (g_error_matches (local_error, KZ_ERROR, KZ_ERROR_EXISTS))
    g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("You have already voted for “%s”: one vote each."),
                 idea->title);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
out:
  UNLOCK (self);
  return ret;
}

gboolean
kz_store_idea_has_vote (KzStore     *self,
                        const char  *idea_id,
                        gint64       person_id,
                        gboolean    *voted,
                        GError     **error)
{
  gboolean ret = FALSE;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (idea_id != NULL && voted != NULL, FALSE);

  *voted = FALSE;
  LOCK (self);
  if (resolve_person (self, &person_id, error))
    ret = person_id <= 0 || KLASS (self)->idea_voted (self, idea_id, person_id, voted, error);
  UNLOCK (self);
  return ret;
}

char *
kz_store_comment_idea (KzStore      *self,
                       const char   *idea_id,
                       gint64        author_id,
                       const char   *body,
                       const char   *token,
                       const GDate  *week,
                       GError      **error)
{
  g_autoptr(KzIdea) idea = NULL;
  g_autofree char *pseudonym = NULL;
  char *ret = NULL;
  GDate monday;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  g_return_val_if_fail (idea_id != NULL, NULL);

  if (!check_text (body, _("A comment needs some text."), error))
    return NULL;
  LOCK (self);
  if ((author_id != 0 && !resolve_person (self, &author_id, error)) ||
      (idea = open_idea (self, idea_id, error)) == NULL)
    goto out;
  week_or_this_week (self, week, &monday);
  /* Fresh unless the backend finds the thread's own for this token. */
  pseudonym = author_id == 0 ? kz_voice_new_pseudonym () : NULL;
  ret = KLASS (self)->add_idea_comment (self, idea_id, author_id, FALSE, body, author_id == 0 ? token : NULL,
                                        pseudonym, &monday, error);
out:
  UNLOCK (self);
  return ret;
}

/* Managers and administrators reply; in a single file the store checks
 * the person's roles, on a team server the server does. */
static gboolean
check_manager (KzStore  *self,
               gint64   *manager_id,
               GError  **error)
{
  g_autoptr(KzPerson) person = NULL;

  if (!resolve_person (self, manager_id, error))
    return FALSE;
  if (*manager_id <= 0 && kz_store_is_shared (self))
    return TRUE;   /* the owner: the server checks the rest */
  if (*manager_id <= 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A reply is signed by a manager."));
      return FALSE;
    }
  person = KLASS (self)->get_person (self, *manager_id, error);
  if (person == NULL)
    return FALSE;
  if ((person->roles & (KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                   _("%s is not a manager: only managers and administrators reply for the organisation."),
                   person->name);
      return FALSE;
    }
  return TRUE;
}

char *
kz_store_reply_idea (KzStore      *self,
                     const char   *idea_id,
                     gint64        manager_id,
                     const char   *body,
                     const GDate  *week,
                     GError      **error)
{
  g_autoptr(KzIdea) idea = NULL;
  char *ret = NULL;
  GDate monday;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  g_return_val_if_fail (idea_id != NULL, NULL);

  if (!check_text (body, _("A reply needs some text."), error))
    return NULL;
  LOCK (self);
  if (!check_manager (self, &manager_id, error) || (idea = KLASS (self)->get_idea (self, idea_id, error)) == NULL)
    goto out;
  week_or_this_week (self, week, &monday);
  ret = KLASS (self)->add_idea_comment (self, idea_id, manager_id, TRUE, body, NULL, NULL, &monday, error);
out:
  UNLOCK (self);
  return ret;
}

GPtrArray *
kz_store_list_idea_comments (KzStore     *self,
                             const char  *idea_id,
                             GError     **error)
{
  GPtrArray *ret;
  g_return_val_if_fail (idea_id != NULL, NULL);
  CALL (self, list_idea_comments, NULL, idea_id, error);
  return ret;
}

gboolean
kz_store_move_idea (KzStore       *self,
                    const char    *idea_id,
                    KzIdeaStatus   status,
                    const char    *reason,
                    const char    *outcome,
                    GError       **error)
{
  g_autoptr(KzIdea) idea = NULL;
  g_autofree char *why = reason ? g_strstrip (g_strdup (reason)) : NULL;
  g_autofree char *what = outcome ? g_strstrip (g_strdup (outcome)) : NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (idea_id != NULL && status <= KZ_IDEA_DECLINED, FALSE);

  if (!kz_store_begin (self, error))
    return FALSE;
  if ((idea = open_idea (self, idea_id, error)) == NULL ||
      !kz_idea_status_check_move (idea->status, status, why, error) ||
      !KLASS (self)->set_idea_status (self, idea_id, status, status == KZ_IDEA_DECLINED ? why : NULL,
                                      status == KZ_IDEA_DONE && what && *what ? what : NULL, error))
    {
      kz_store_rollback (self);
      return FALSE;
    }
  return kz_store_commit (self, error);
}

gboolean
kz_store_merge_idea (KzStore     *self,
                     const char  *duplicate_id,
                     const char  *target_id,
                     gint64       manager_id,
                     GError     **error)
{
  g_autoptr(KzIdea) duplicate = NULL;
  g_autoptr(KzIdea) target = NULL;
  g_autofree char *notice = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (duplicate_id != NULL && target_id != NULL, FALSE);

  if (!kz_store_begin (self, error))
    return FALSE;
  if (!check_manager (self, &manager_id, error) ||
      (duplicate = open_idea (self, duplicate_id, error)) == NULL ||
      (target = open_idea (self, target_id, error)) == NULL)
    goto fail;
  if (g_str_equal (duplicate->id, target->id))
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("An idea cannot be merged into itself."));
      goto fail;
    }
  notice = g_strdup_printf (_("Merged into “%s”: its votes are counted there and the discussion carries on there."),
                            target->title);
  if (!KLASS (self)->merge_idea (self, duplicate->id, target->id, manager_id, notice, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

static int
newest_week_first (gconstpointer a,
                   gconstpointer b)
{
  const KzIdea *x = *(KzIdea * const *) a;
  const KzIdea *y = *(KzIdea * const *) b;
  int c = g_date_compare (&y->week, &x->week);

  return c != 0 ? c : g_strcmp0 (x->title, y->title);
}

GPtrArray *
kz_store_list_you_said_we_did (KzStore  *self,
                               GError  **error)
{
  KzIdeaFilter done = { FALSE, KZ_IDEA_DONE, FALSE };
  GPtrArray *ideas = kz_store_list_ideas (self, &done, error);

  if (ideas == NULL)
    return NULL;
  for (guint i = ideas->len; i > 0; i--)
    if (((KzIdea *) g_ptr_array_index (ideas, i - 1))->outcome == NULL)
      g_ptr_array_remove_index (ideas, i - 1);
  g_ptr_array_sort (ideas, newest_week_first);
  return ideas;
}

GPtrArray *
kz_store_list_my_threads (KzStore             *self,
                          const char * const  *tokens,
                          const GDate         *since,
                          GError             **error)
{
  g_autoptr(GPtrArray) threads = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  g_return_val_if_fail (tokens != NULL, NULL);

  LOCK (self);
  threads = tokens[0] != NULL ? KLASS (self)->find_threads (self, tokens, error)
                              : g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_thread_free);
  for (guint i = 0; threads != NULL && i < threads->len; i++)
    {
      KzIdeaThread *thread = g_ptr_array_index (threads, i);
      g_autoptr(GPtrArray) comments = NULL;

      thread->idea = KLASS (self)->get_idea (self, thread->idea_id, error);
      comments = thread->idea ? KLASS (self)->list_idea_comments (self, thread->idea_id, error) : NULL;
      if (comments == NULL)
        {
          g_clear_pointer (&threads, g_ptr_array_unref);
          break;
        }
      thread->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_comment_free);
      for (guint c = 0; c < comments->len; c++)
        {
          KzIdeaComment *comment = g_ptr_array_index (comments, c);

          if ((thread->own_comment_ids != NULL &&
               g_strv_contains ((const char * const *) thread->own_comment_ids, comment->id)) ||
              (since != NULL && g_date_valid (since) && g_date_compare (&comment->week, since) < 0))
            continue;
          g_ptr_array_add (thread->replies, g_ptr_array_steal_index (comments, c));
          c--;
        }
    }
  UNLOCK (self);
  return g_steal_pointer (&threads);
}

/* ---- staff voice, whole: moving a database ---- */

KzVoiceData *
kz_store_voice_export (KzStore  *self,
                       GError  **error)
{
  KzVoiceData *ret;
  CALL (self, voice_export, NULL, error);
  return ret;
}

/* A random row id: 32 hex digits (a team server writes the same 128 bits
 * as a uuid). */
static gboolean
is_random_id (const char *id)
{
  guint n = 0;

  if (id == NULL)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++, n++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return n == 32;
}

static gboolean
has_round (const KzVoiceData *data,
           gint64             round_id)
{
  for (guint i = 0; i < data->rounds->len; i++)
    if (((KzSurveyRound *) g_ptr_array_index (data->rounds, i))->id == round_id)
      return TRUE;
  return FALSE;
}

/* What every backend would refuse anyway, said once and plainly, before
 * anything is written: rows that refer to nothing in @data, ids that are
 * not random ids, a secret of the wrong size. */
static gboolean
check_voice_data (const KzVoiceData  *data,
                  GError            **error)
{
  g_autoptr(GHashTable) ideas = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) plans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  const char *bad = NULL;

  if (data->secret == NULL || g_bytes_get_size (data->secret) != 32)
    bad = _("the voting secret is not 32 bytes");
  for (guint i = 0; bad == NULL && i < data->plans->len; i++)
    {
      const KzPulsePlan *plan = g_ptr_array_index (data->plans, i);

      g_hash_table_add (plans, g_memdup2 (&plan->id, sizeof plan->id));
    }
  for (guint i = 0; bad == NULL && i < data->rounds->len; i++)
    {
      const KzSurveyRound *round = g_ptr_array_index (data->rounds, i);

      if (round->plan_id != 0 && !g_hash_table_contains (plans, &round->plan_id))
        bad = _("a survey round belongs to a pulse plan that is not there");
      else if (round->question_ids == NULL || round->title == NULL)
        bad = _("a survey round has no title or no questions");
    }
  for (guint i = 0; bad == NULL && i < data->answers->len; i++)
    {
      const KzVoiceAnswerRow *a = g_ptr_array_index (data->answers, i);

      if (!is_random_id (a->id))
        bad = _("a survey answer has no random id");
      else if (!has_round (data, a->round_id))
        bad = _("a survey answer belongs to a round that is not there");
      else if (a->question_id == NULL || a->has_value == (a->text != NULL))
        bad = _("a survey answer holds neither one value nor one text");
    }
  for (guint i = 0; bad == NULL && i < data->participation->len; i++)
    if (!has_round (data, g_array_index (data->participation, KzVoiceParticipation, i).round_id))
      bad = _("a participation record belongs to a round that is not there");
  for (guint i = 0; bad == NULL && i < data->voter_keys->len; i++)
    {
      const KzVoterKey *key = g_ptr_array_index (data->voter_keys, i);

      if (key->person_id <= 0 || key->key == NULL || *key->key == '\0')
        bad = _("a voter key is empty");
    }
  for (guint i = 0; bad == NULL && i < data->ideas->len; i++)
    {
      const KzVoiceIdeaRow *row = g_ptr_array_index (data->ideas, i);

      if (!is_random_id (row->idea->id) || !g_date_valid (&row->idea->week))
        bad = _("an idea has no random id or no week");
      else
        g_hash_table_add (ideas, row->idea->id);
    }
  for (guint i = 0; bad == NULL && i < data->ideas->len; i++)
    {
      const KzIdea *idea = ((KzVoiceIdeaRow *) g_ptr_array_index (data->ideas, i))->idea;

      if (idea->merged_into != NULL && !g_hash_table_contains (ideas, idea->merged_into))
        bad = _("an idea was merged into one that is not there");
    }
  for (guint i = 0; bad == NULL && i < data->comments->len; i++)
    {
      const KzIdeaComment *c = ((KzVoiceCommentRow *) g_ptr_array_index (data->comments, i))->comment;

      if (!is_random_id (c->id) || !g_date_valid (&c->week))
        bad = _("a comment on an idea has no random id or no week");
      else if (c->idea_id == NULL || !g_hash_table_contains (ideas, c->idea_id))
        bad = _("a comment belongs to an idea that is not there");
    }
  for (guint i = 0; bad == NULL && i < data->votes->len; i++)
    {
      const KzVoiceVoteRow *v = g_ptr_array_index (data->votes, i);

      if (v->idea_id == NULL || !g_hash_table_contains (ideas, v->idea_id))
        bad = _("a vote is for an idea that is not there");
      else if (v->voter_hash == NULL || strlen (v->voter_hash) != 64)
        bad = _("a vote holds no voter hash");
    }
  if (bad != NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The staff voice to copy is not whole: %s."), bad);
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_question (const KzQuestion *a,
               const KzQuestion *b)
{
  return g_str_equal (a->id, b->id) && g_strcmp0 (a->text, b->text) == 0 && a->kind == b->kind &&
         g_strcmp0 (a->driver, b->driver) == 0 && !a->enps == !b->enps && !a->active == !b->active;
}

/* The target takes staff voice only while it has none: the secret is
 * replaced, which would orphan votes already there, and two databases'
 * rounds and ideas are not to be mixed.  Its bank may be the same one. */
static gboolean
check_voice_empty (KzStore            *self,
                   const KzVoiceData  *data,
                   GError            **error)
{
  static const KzRecordKind kinds[] = {
    KZ_RECORD_PULSE_PLANS, KZ_RECORD_SURVEY_ROUNDS, KZ_RECORD_SURVEY_ANSWERS, KZ_RECORD_SURVEY_PARTICIPATION,
    KZ_RECORD_IDEAS, KZ_RECORD_IDEA_COMMENTS, KZ_RECORD_IDEA_VOTES,
  };
  g_autoptr(GPtrArray) bank = NULL;
  gboolean same;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gint64 n = KLASS (self)->count (self, kinds[i], error);

      if (n < 0)
        return FALSE;
      if (n > 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                       _("%s already holds pulse surveys or ideas; staff voice is copied only into a database "
                         "that has none"), KLASS (self)->describe (self));
          return FALSE;
        }
    }
  if ((bank = KLASS (self)->list_questions (self, error)) == NULL)
    return FALSE;
  same = bank->len == 0 || bank->len == data->questions->len;
  for (guint i = 0; same && i < bank->len; i++)
    same = same_question (g_ptr_array_index (bank, i), g_ptr_array_index (data->questions, i));
  if (!same)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                   _("%s has a question bank of its own, not the one being copied; copy only into a database "
                     "whose bank is empty or the same"), KLASS (self)->describe (self));
      return FALSE;
    }
  return TRUE;
}

gboolean
kz_store_voice_import (KzStore      *self,
                       KzVoiceData  *data,
                       GError      **error)
{
  g_autoptr(GArray) plan_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) round_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) rounds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) plans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!check_voice_data (data, error))
    return FALSE;
  if (!kz_store_begin (self, error))
    return FALSE;
  if (!check_voice_empty (self, data, error) ||
      !KLASS (self)->voice_import (self, data, plan_ids, round_ids, error))
    {
      kz_store_rollback (self);
      return FALSE;
    }
  if (!kz_store_commit (self, error))
    return FALSE;

  /* Written: from now on @data speaks in this store's ids. */
  g_assert (plan_ids->len == data->plans->len && round_ids->len == data->rounds->len);
  for (guint i = 0; i < data->plans->len; i++)
    {
      KzPulsePlan *plan = g_ptr_array_index (data->plans, i);

      g_hash_table_insert (plans, g_memdup2 (&plan->id, sizeof plan->id),
                           g_memdup2 (&g_array_index (plan_ids, gint64, i), sizeof (gint64)));
      plan->id = g_array_index (plan_ids, gint64, i);
    }
  for (guint i = 0; i < data->rounds->len; i++)
    {
      KzSurveyRound *round = g_ptr_array_index (data->rounds, i);

      g_hash_table_insert (rounds, g_memdup2 (&round->id, sizeof round->id),
                           g_memdup2 (&g_array_index (round_ids, gint64, i), sizeof (gint64)));
      round->id = g_array_index (round_ids, gint64, i);
      if (round->plan_id != 0)
        round->plan_id = *(gint64 *) g_hash_table_lookup (plans, &round->plan_id);
    }
  for (guint i = 0; i < data->answers->len; i++)
    {
      KzVoiceAnswerRow *a = g_ptr_array_index (data->answers, i);

      a->round_id = *(gint64 *) g_hash_table_lookup (rounds, &a->round_id);
    }
  for (guint i = 0; i < data->participation->len; i++)
    {
      KzVoiceParticipation *p = &g_array_index (data->participation, KzVoiceParticipation, i);

      p->round_id = *(gint64 *) g_hash_table_lookup (rounds, &p->round_id);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Agents answer back: acknowledgements, disputes, revisions, the audit
 * trail (kz-dispute.h), and calibration sessions.  The rules are checked
 * here for every backend; a team server checks them again in its own
 * functions (sql/pg-014-disputes.sql), the only way its roles write these
 * rows. */

KzHistoryData *
kz_history_data_new (void)
{
  KzHistoryData *self = g_new0 (KzHistoryData, 1);

  self->evaluations = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_history_evaluation_free);
  self->revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_revision_free);
  self->acknowledgements = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_acknowledgement_free);
  self->disputes = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_free);
  self->audit = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_audit_entry_free);
  return self;
}

void
kz_history_evaluation_free (KzHistoryEvaluation *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_free (self);
}

void
kz_history_data_free (KzHistoryData *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->evaluations, g_ptr_array_unref);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->acknowledgements, g_ptr_array_unref);
  g_clear_pointer (&self->disputes, g_ptr_array_unref);
  g_clear_pointer (&self->audit, g_ptr_array_unref);
  g_free (self);
}

/* "2026-03-09 14:00", local time, for messages. */
static char *
format_moment (GDateTime *t)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (t);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* When something a person does now happens, as the checks here see it: @at
 * where back-dating is allowed (a single file, a server's owner — the
 * server itself uses its own clock for everyone else), else now. */
static GDateTime *
effective_time (KzStore    *self,
                GDateTime  *at)
{
  if (at != NULL && kz_store_is_shared (self))
    {
      g_autoptr(GError) ignored = NULL;

      if (KLASS (self)->get_login_person_id (self, &ignored) != 0)
        at = NULL;
    }
  return at != NULL ? g_date_time_ref (at) : g_date_time_new_now_utc ();
}

static gboolean
check_session_closed (KzStore  *self,
                      gint64    session_id,
                      GError  **error)
{
  g_autoptr(GPtrArray) sessions = NULL;
  KzCalibrationSession *session;

  LOCK (self);
  sessions = KLASS (self)->list_calibrations (self, session_id, error);
  UNLOCK (self);
  if (sessions == NULL)
    return FALSE;
  if (sessions->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no calibration session %lld"),
                   (long long) session_id);
      return FALSE;
    }
  session = g_ptr_array_index (sessions, 0);
  if (kz_calibration_session_is_open (session))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                   _("The calibration session “%s” is still open: until its lead closes it, nobody reads "
                     "anyone else's calibration answers"), session->title);
      return FALSE;
    }
  return TRUE;
}

static KzPerson *
person_or_error (KzStore  *self,
                 gint64    id,
                 GError  **error)
{
  if (id <= 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Say who does this: no person was given"));
      return NULL;
    }
  return KLASS (self)->get_person (self, id, error);
}

/* Whether @manager manages @agent's team: their own unit, or any unit below
 * it (a manager attached to a site manages its teams), as the team server
 * decides it (kz_managed_teams()). */
static gboolean
manages (KzStore         *self,
         const KzPerson  *manager,
         const KzPerson  *agent,
         GError         **error)
{
  g_autoptr(GPtrArray) units = NULL;

  if ((manager->roles & KZ_ROLE_MANAGER) == 0 || manager->team_id == 0 || agent->team_id == 0)
    return FALSE;
  units = KLASS (self)->list_units (self, error);
  if (units == NULL)
    return FALSE;
  for (gint64 unit = agent->team_id; unit != 0;)
    {
      gint64 parent = 0;

      if (unit == manager->team_id)
        return TRUE;
      for (guint i = 0; i < units->len; i++)
        if (((KzUnit *) g_ptr_array_index (units, i))->id == unit)
          parent = ((KzUnit *) g_ptr_array_index (units, i))->parent_id;
      unit = parent;
    }
  return FALSE;
}

/* A submitted evaluation of an agent's work, read inside the caller's
 * transaction (no calibration refusal: the checks below say it better). */
static KzEvaluation *
agent_evaluation (KzStore     *self,
                  gint64       evaluation_id,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(KzEvaluation) ev = KLASS (self)->get_evaluation (self, evaluation_id, error);

  if (ev == NULL)
    return NULL;
  if (ev->is_calibration)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Evaluation %lld was made in a calibration session: it is not the agent's to %s"),
                   (long long) evaluation_id, what);
      return NULL;
    }
  if (ev->state != KZ_EVALUATION_SUBMITTED || ev->revision < 1)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Evaluation %lld is a draft: only a submitted evaluation can be acknowledged or disputed"),
                   (long long) evaluation_id);
      return NULL;
    }
  return g_steal_pointer (&ev);
}

gboolean
kz_store_acknowledge (KzStore     *self,
                      gint64       evaluation_id,
                      gint64       agent_id,
                      const char  *comment,
                      GDateTime   *at,
                      GError     **error)
{
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *text = comment != NULL ? g_strstrip (g_strdup (comment)) : NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);

  if (!resolve_person (self, &agent_id, error) || !kz_store_begin (self, error))
    return FALSE;
  if ((ev = agent_evaluation (self, evaluation_id, _("acknowledge"), error)) == NULL)
    goto fail;
  if (agent_id != ev->agent_id && !(kz_store_is_shared (self) && agent_id == 0))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                   _("Only the agent evaluated may acknowledge evaluation %lld"), (long long) evaluation_id);
      goto fail;
    }
  if ((acks = KLASS (self)->list_acknowledgements (self, evaluation_id, error)) == NULL)
    goto fail;
  for (guint i = 0; i < acks->len; i++)
    if (((KzAcknowledgement *) g_ptr_array_index (acks, i))->revision == ev->revision)
      {
        g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                     _("Evaluation %lld (revision %d) is acknowledged already"), (long long) evaluation_id,
                     ev->revision);
        goto fail;
      }
  when = effective_time (self, at);
  if (!KLASS (self)->acknowledge (self, evaluation_id, ev->revision, ev->agent_id,
                                  text != NULL && *text != '\0' ? text : NULL, when, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

GPtrArray *
kz_store_list_acknowledgements (KzStore  *self,
                                gint64    evaluation_id,
                                GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_acknowledgements, NULL, evaluation_id, error);
  return ret;
}

static gboolean
blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* The criteria in the rubric's order. */
static void
sort_items (KzRubric  *rubric,
            GPtrArray *items)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  for (guint s = 0; s < sections->len; s++)
    {
      KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        for (guint i = 0; i < items->len; i++)
          if (g_strcmp0 (((KzDisputeItem *) g_ptr_array_index (items, i))->criterion_id,
                         ((KzCriterion *) g_ptr_array_index (section->criteria, c))->id) == 0)
            g_ptr_array_add (sorted, g_ptr_array_index (items, i));
    }
  g_assert (sorted->len == items->len);
  memcpy (items->pdata, sorted->pdata, sorted->len * sizeof (gpointer));
}

gint64
kz_store_raise_dispute (KzStore    *self,
                        KzDispute  *dispute,
                        GError    **error)
{
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(GPtrArray) earlier = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) deadline = NULL;
  KzDisputeFilter of_evaluation = { 0 };
  gint64 raised_by;
  gint64 id;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (dispute != NULL && dispute->items != NULL, 0);

  if (blank (dispute->reason))
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("A dispute needs a reason: say what the review got wrong"));
      return 0;
    }
  if (dispute->items->len == 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("A dispute names at least one criterion"));
      return 0;
    }
  for (guint i = 0; i < dispute->items->len; i++)
    for (guint j = 0; j < i; j++)
      if (g_strcmp0 (((KzDisputeItem *) g_ptr_array_index (dispute->items, i))->criterion_id,
                     ((KzDisputeItem *) g_ptr_array_index (dispute->items, j))->criterion_id) == 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Criterion “%s” is disputed twice"),
                       ((KzDisputeItem *) g_ptr_array_index (dispute->items, i))->criterion_id);
          return 0;
        }

  raised_by = dispute->raised_by;
  if (!resolve_person (self, &raised_by, error) || !kz_store_begin (self, error))
    return 0;
  if ((ev = agent_evaluation (self, dispute->evaluation_id, _("dispute"), error)) == NULL)
    goto fail;
  if (raised_by == 0 && kz_store_is_shared (self))   /* the owner of a team server, for the agent */
    raised_by = ev->agent_id;
  if (raised_by != ev->agent_id)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                   _("Only the agent evaluated may dispute evaluation %lld"), (long long) ev->id);
      goto fail;
    }
  if ((rubric = kz_store_get_rubric (self, ev->rubric_id, ev->rubric_version, error)) == NULL)
    goto fail;
  for (guint i = 0; i < dispute->items->len; i++)
    {
      KzDisputeItem *item = g_ptr_array_index (dispute->items, i);

      if (kz_rubric_find_criterion (rubric, item->criterion_id) == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Rubric “%s” version %d has no criterion “%s”"),
                       ev->rubric_id, ev->rubric_version, item->criterion_id);
          goto fail;
        }
    }

  deadline = kz_dispute_deadline (rubric, ev->submitted_at);
  if (deadline == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Reviews under the rubric “%s” cannot be disputed"), kz_rubric_get_title (rubric));
      goto fail;
    }
  when = effective_time (self, dispute->raised_at);
  if (g_date_time_compare (when, deadline) > 0)
    {
      g_autofree char *closed = format_moment (deadline);
      g_autofree char *submitted = format_moment (ev->submitted_at);

      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Too late to dispute evaluation %lld: its dispute window closed on %s, "
                                "%d day after it was submitted (%s)",
                                "Too late to dispute evaluation %lld: its dispute window closed on %s, "
                                "%d days after it was submitted (%s)",
                                kz_rubric_get_dispute_days (rubric)),
                   (long long) ev->id, closed, kz_rubric_get_dispute_days (rubric), submitted);
      goto fail;
    }

  of_evaluation.evaluation_id = ev->id;
  if ((earlier = KLASS (self)->list_disputes (self, &of_evaluation, 0, error)) == NULL)
    goto fail;
  for (guint i = 0; i < earlier->len; i++)
    {
      KzDispute *d = g_ptr_array_index (earlier, i);

      if (d->state == KZ_DISPUTE_OPEN)
        {
          g_autofree char *raised = format_moment (d->raised_at);

          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("Evaluation %lld has an open dispute already (raised %s): it must be resolved before "
                         "another one"), (long long) ev->id, raised);
          goto fail;
        }
    }
  if ((int) earlier->len >= kz_rubric_get_max_disputes (rubric))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Evaluation %lld has been disputed %u time, the most the rubric “%s” allows",
                                "Evaluation %lld has been disputed %u times, the most the rubric “%s” allows",
                                earlier->len),
                   (long long) ev->id, earlier->len, kz_rubric_get_title (rubric));
      goto fail;
    }

  sort_items (rubric, dispute->items);
  dispute->raised_by = raised_by;
  dispute->revision = ev->revision;
  g_clear_pointer (&dispute->raised_at, g_date_time_unref);
  dispute->raised_at = g_date_time_ref (when);
  if ((id = KLASS (self)->add_dispute (self, dispute, error)) <= 0)
    goto fail;
  if (!kz_store_commit (self, error))
    return 0;
  dispute->id = id;
  dispute->state = KZ_DISPUTE_OPEN;
  dispute->row_version = 1;
  return id;

fail:
  kz_store_rollback (self);
  return 0;
}

static KzDispute *
read_dispute (KzStore  *self,
              gint64    id,
              GError  **error)
{
  g_autoptr(GPtrArray) list = KLASS (self)->list_disputes (self, NULL, id, error);

  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no dispute %lld"), (long long) id);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

static void
set_conflict (GError **error)
{
  g_set_error_literal (error, KZ_ERROR, KZ_ERROR_CONFLICT,
                       _("Someone else resolved this dispute after you opened it; nothing was changed. "
                         "Your decisions are still here: reload to see theirs."));
}

gboolean
kz_store_resolve_dispute (KzStore     *self,
                          KzDispute   *dispute,
                          gint64       resolver_id,
                          GPtrArray   *resolutions,
                          GDateTime   *at,
                          GError     **error)
{
  g_autoptr(KzDispute) current = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzPerson) resolver = NULL;
  g_autoptr(KzPerson) agent = NULL;
  g_autoptr(GDateTime) when = NULL;
  gboolean changed = FALSE;
  int revision;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (dispute != NULL && resolutions != NULL, FALSE);

  if (resolutions->len == 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Resolve at least one disputed criterion"));
      return FALSE;
    }
  for (guint i = 0; i < resolutions->len; i++)
    {
      KzDisputeResolution *r = g_ptr_array_index (resolutions, i);

      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (r->criterion_id, ((KzDisputeResolution *) g_ptr_array_index (resolutions, j))->criterion_id) == 0)
          {
            g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Criterion “%s” is resolved twice"),
                         r->criterion_id);
            return FALSE;
          }
      if (r->resolution != KZ_RESOLUTION_UPHELD && r->resolution != KZ_RESOLUTION_CHANGED)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s”: a disputed criterion is upheld or changed"), r->criterion_id);
          return FALSE;
        }
      if ((r->resolution == KZ_RESOLUTION_CHANGED) !=
          (r->answer != NULL && r->answer->kind != KZ_ANSWER_UNANSWERED))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       r->resolution == KZ_RESOLUTION_CHANGED
                         ? _("“%s”: a changed answer needs the new answer, a value or N/A")
                         : _("“%s”: an upheld answer stays as it was; give no new one"),
                       r->criterion_id);
          return FALSE;
        }
      if (blank (r->note))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s”: say why in a note — the agent reads it"), r->criterion_id);
          return FALSE;
        }
    }

  if (!resolve_person (self, &resolver_id, error) || !kz_store_begin (self, error))
    return FALSE;
  if ((current = read_dispute (self, dispute->id, error)) == NULL)
    goto fail;
  if (current->row_version != dispute->row_version)
    {
      set_conflict (error);
      goto fail;
    }
  if (current->state != KZ_DISPUTE_OPEN)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Dispute %lld is closed"), (long long) current->id);
      goto fail;
    }
  for (guint i = 0; i < resolutions->len; i++)
    {
      KzDisputeResolution *r = g_ptr_array_index (resolutions, i);
      KzDisputeItem *item = kz_dispute_find_item (current, r->criterion_id);

      if (item == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Criterion “%s” is not disputed in dispute %lld"),
                       r->criterion_id, (long long) current->id);
          goto fail;
        }
      if (item->resolution != KZ_RESOLUTION_PENDING)
        {
          set_conflict (error);
          goto fail;
        }
    }

  if ((ev = KLASS (self)->get_evaluation (self, current->evaluation_id, error)) == NULL ||
      (agent = person_or_error (self, ev->agent_id, error)) == NULL)
    goto fail;
  if (resolver_id == 0)   /* the owner of a team server: as the reviewer */
    resolver_id = ev->reviewer_id;
  if ((resolver = person_or_error (self, resolver_id, error)) == NULL)
    goto fail;
  if (resolver_id == ev->agent_id)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                           _("An agent does not resolve their own dispute: the reviewer or a manager does"));
      goto fail;
    }
  if (!((resolver_id == ev->reviewer_id && (resolver->roles & KZ_ROLE_REVIEWER)) ||
        (resolver->roles & KZ_ROLE_ADMIN) || manages (self, resolver, agent, error)))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                     _("%s may not resolve this dispute: the evaluation's reviewer or a manager of %s's team does"),
                     resolver->name, agent->name);
      goto fail;
    }

  /* First the dispute itself, so that of two resolvers at once the second
   * stops here — before it changed anything. */
  if (!KLASS (self)->claim_dispute (self, current->id, current->row_version, error))
    goto fail;

  when = effective_time (self, at);
  for (guint i = 0; i < resolutions->len; i++)
    {
      KzDisputeResolution *r = g_ptr_array_index (resolutions, i);
      const KzAnswer *old = kz_answer_set_get (ev->answers, r->criterion_id);
      KzAnswer *answer;

      if (r->resolution != KZ_RESOLUTION_CHANGED)
        continue;
      answer = kz_answer_copy (r->answer);
      g_free (answer->criterion_id);
      answer->criterion_id = g_strdup (r->criterion_id);
      /* The reviewer's comment stays unless the resolver writes another. */
      if (answer->comment == NULL && old != NULL)
        {
          answer->comment = g_strdup (old->comment);
          answer->comment_at_ms = old->comment_at_ms;
        }
      /* As the team server tells them apart: by the answer itself. */
      if (old != NULL && old->kind == answer->kind &&
          (answer->kind != KZ_ANSWER_VALUE || fabs (old->value - answer->value) < 1e-9))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s”: that is the answer given already — uphold it instead"), r->criterion_id);
          kz_answer_free (answer);
          goto fail;
        }
      kz_answer_set_put (ev->answers, answer);
      changed = TRUE;
    }
  if (changed && save_evaluation_internal (self, ev, resolver_id, current->id, when, TRUE, error) == 0)
    goto fail;
  revision = ev->revision;
  {
    /* Recorded in the rubric's order, as the criteria were disputed. */
    g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

    for (guint k = 0; k < current->items->len; k++)
      for (guint i = 0; i < resolutions->len; i++)
        if (g_strcmp0 (((KzDisputeResolution *) resolutions->pdata[i])->criterion_id,
                       ((KzDisputeItem *) current->items->pdata[k])->criterion_id) == 0)
          g_ptr_array_add (ordered, resolutions->pdata[i]);
    if (!KLASS (self)->resolve_items (self, current->id, resolver_id, ordered, changed ? revision : 0, when, error))
      goto fail;
  }
  if (!kz_store_commit (self, error))
    return FALSE;

  {
    g_autoptr(GError) ignored = NULL;
    g_autoptr(KzDispute) back = kz_store_get_dispute (self, dispute->id, &ignored);

    if (back != NULL)
      {
        KzDispute tmp = *dispute;

        *dispute = *back;
        *back = tmp;
      }
  }
  return TRUE;

fail:
  kz_store_rollback (self);
  return FALSE;
}

KzDispute *
kz_store_get_dispute (KzStore  *self,
                      gint64    id,
                      GError  **error)
{
  KzDispute *ret;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  LOCK (self);
  ret = read_dispute (self, id, error);
  UNLOCK (self);
  return ret;
}

GPtrArray *
kz_store_list_disputes (KzStore                *self,
                        const KzDisputeFilter  *filter,
                        GError                **error)
{
  static const KzDisputeFilter all = { 0 };
  GPtrArray *ret;
  CALL (self, list_disputes, NULL, filter ? filter : &all, 0, error);
  return ret;
}

GPtrArray *
kz_store_list_revisions (KzStore  *self,
                         gint64    evaluation_id,
                         GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_revisions, NULL, evaluation_id, error);
  return ret;
}

GPtrArray *
kz_store_list_audit (KzStore  *self,
                     gint64    evaluation_id,
                     GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_audit, NULL, evaluation_id, error);
  return ret;
}

/* ---- calibration sessions -------------------------------------------------------- */

static void
add_id_once (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

static int
compare_id_values (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

gint64
kz_store_create_calibration (KzStore               *self,
                             KzCalibrationSession  *session,
                             GError               **error)
{
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzPerson) lead = NULL;
  g_autoptr(GArray) reviewers = NULL;
  g_autoptr(GDateTime) when = NULL;
  gint64 lead_id;
  gint64 id;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (session != NULL && session->reviewer_ids != NULL && session->interaction_ids != NULL, 0);

  if (blank (session->title))
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A calibration session needs a title"));
      return 0;
    }
  if (session->rubric_id == NULL)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A calibration session scores with a rubric"));
      return 0;
    }
  if (session->interaction_ids->len == 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("A calibration session needs at least one interaction to score"));
      return 0;
    }
  for (guint i = 0; i < session->interaction_ids->len; i++)
    for (guint j = 0; j < i; j++)
      if (g_array_index (session->interaction_ids, gint64, i) == g_array_index (session->interaction_ids, gint64, j))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Interaction %lld is in the session twice"),
                       (long long) g_array_index (session->interaction_ids, gint64, i));
          return 0;
        }

  lead_id = session->lead_id;
  if (!resolve_person (self, &lead_id, error))
    return 0;
  if (lead_id == 0)
    lead_id = session->lead_id;
  if (!kz_store_begin (self, error))
    return 0;
  if ((lead = person_or_error (self, lead_id, error)) == NULL)
    goto fail;
  if ((lead->roles & (KZ_ROLE_REVIEWER | KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                   _("%s cannot lead a calibration session: a reviewer, manager or administrator does"), lead->name);
      goto fail;
    }
  reviewers = g_array_copy (session->reviewer_ids);
  add_id_once (reviewers, lead_id);
  g_array_sort (reviewers, compare_id_values);
  for (guint i = 1; i < reviewers->len; i++)
    if (g_array_index (reviewers, gint64, i) == g_array_index (reviewers, gint64, i - 1))
      {
        g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Person %lld is invited twice"),
                     (long long) g_array_index (reviewers, gint64, i));
        goto fail;
      }
  if (reviewers->len < 2)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("Calibration compares reviewers: invite at least one besides the lead"));
      goto fail;
    }
  for (guint i = 0; i < reviewers->len; i++)
    {
      g_autoptr(KzPerson) p = NULL;

      if (g_array_index (reviewers, gint64, i) == lead_id)
        continue;
      if ((p = person_or_error (self, g_array_index (reviewers, gint64, i), error)) == NULL)
        goto fail;
      if ((p->roles & KZ_ROLE_REVIEWER) == 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("%s is not a reviewer"), p->name);
          goto fail;
        }
    }
  for (guint i = 0; i < session->interaction_ids->len; i++)
    {
      /* On a team server: only what the lead may read themselves. */
      g_autoptr(KzInteraction) it = KLASS (self)->get_interaction (self, g_array_index (session->interaction_ids,
                                                                                        gint64, i), error);
      if (it == NULL)
        goto fail;
    }
  if ((rubric = kz_store_get_rubric (self, session->rubric_id, session->rubric_version, error)) == NULL)
    goto fail;

  session->rubric_version = kz_rubric_get_version (rubric);
  session->lead_id = lead_id;
  g_array_set_size (session->reviewer_ids, 0);
  g_array_append_vals (session->reviewer_ids, reviewers->data, reviewers->len);
  when = effective_time (self, session->created_at);
  g_clear_pointer (&session->created_at, g_date_time_unref);
  session->created_at = g_date_time_ref (when);
  g_clear_pointer (&session->closed_at, g_date_time_unref);
  if ((id = KLASS (self)->add_calibration (self, session, error)) <= 0)
    goto fail;
  if (!kz_store_commit (self, error))
    return 0;
  session->id = id;
  session->n_submitted = 0;
  return id;

fail:
  kz_store_rollback (self);
  return 0;
}

static KzCalibrationSession *
read_session (KzStore  *self,
              gint64    id,
              GError  **error)
{
  g_autoptr(GPtrArray) list = KLASS (self)->list_calibrations (self, id, error);

  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no calibration session %lld"), (long long) id);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

gboolean
kz_store_close_calibration (KzStore     *self,
                            gint64       session_id,
                            gint64       lead_id,
                            GDateTime   *at,
                            GError     **error)
{
  g_autoptr(KzCalibrationSession) session = NULL;
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);

  if (!resolve_person (self, &lead_id, error) || !kz_store_begin (self, error))
    return FALSE;
  if ((session = read_session (self, session_id, error)) == NULL)
    goto fail;
  if (lead_id == 0)
    lead_id = session->lead_id;
  if (lead_id != session->lead_id)
    {
      g_autoptr(KzPerson) p = person_or_error (self, lead_id, error);

      if (p == NULL)
        goto fail;
      if ((p->roles & KZ_ROLE_ADMIN) == 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                       _("Only the lead of “%s” (or an administrator) closes it"), session->title);
          goto fail;
        }
    }
  if (!kz_calibration_session_is_open (session))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The calibration session “%s” is closed already"),
                   session->title);
      goto fail;
    }
  when = effective_time (self, at);
  if (g_date_time_compare (when, session->created_at) < 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("A calibration session closes after it was created"));
      goto fail;
    }
  if (!KLASS (self)->close_calibration (self, session_id, when, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

KzCalibrationSession *
kz_store_get_calibration (KzStore  *self,
                          gint64    session_id,
                          GError  **error)
{
  KzCalibrationSession *ret;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  LOCK (self);
  ret = read_session (self, session_id, error);
  UNLOCK (self);
  return ret;
}

GPtrArray *
kz_store_list_calibrations (KzStore  *self,
                            GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_calibrations, NULL, 0, error);
  return ret;
}

KzEvaluation *
kz_store_get_calibration_evaluation (KzStore  *self,
                                     gint64    session_id,
                                     gint64    interaction_id,
                                     gint64    reviewer_id,
                                     gint64    viewer_id,
                                     GError  **error)
{
  g_autoptr(KzCalibrationSession) session = NULL;
  KzEvaluation *ev = NULL;
  gint64 id;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);

  if (!resolve_person (self, &viewer_id, error))
    return NULL;
  LOCK (self);
  if ((session = read_session (self, session_id, error)) == NULL)
    goto out;
  if (kz_calibration_session_is_open (session) && viewer_id != reviewer_id)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                   _("The calibration session “%s” is still open: only the reviewer who scored an interaction "
                     "reads it until the lead closes the session"), session->title);
      goto out;
    }
  id = KLASS (self)->find_calibration_evaluation (self, session_id, interaction_id, reviewer_id, error);
  if (id < 0)
    goto out;
  if (id == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                   _("Interaction %lld has not been scored by this reviewer in “%s” yet"), (long long) interaction_id,
                   session->title);
      goto out;
    }
  ev = KLASS (self)->get_evaluation (self, id, error);

out:
  UNLOCK (self);
  return ev;
}

/* A closed session's submitted calibration evaluations. */
static GPtrArray *
session_evaluations (KzStore                     *self,
                     const KzCalibrationSession  *session,
                     GError                     **error)
{
  KzEvaluationFilter filter = { .calibration_session_id = session->id, .submitted_only = TRUE };
  g_autoptr(GPtrArray) summaries = KLASS (self)->list_evaluations (self, &filter, error);
  g_autoptr(GPtrArray) evaluations = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);

  if (summaries == NULL)
    return NULL;
  for (guint i = summaries->len; i-- > 0;)
    {
      KzEvaluation *ev = KLASS (self)->get_evaluation (self, ((KzEvaluationSummary *) g_ptr_array_index (summaries, i))->id,
                                                       error);

      if (ev == NULL)
        return NULL;
      g_ptr_array_add (evaluations, ev);
    }
  return g_steal_pointer (&evaluations);
}

static KzCalibrationReport *
build_report (KzStore               *self,
              KzCalibrationSession  *session,
              GError               **error)
{
  g_autoptr(KzCalibrationSession) owned = session;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;

  if (kz_calibration_session_is_open (session))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("The calibration session “%s” has results once its lead closes it"), session->title);
      return NULL;
    }
  if ((rubric = kz_store_get_rubric (self, session->rubric_id, session->rubric_version, error)) == NULL ||
      (evaluations = session_evaluations (self, session, error)) == NULL)
    return NULL;
  return kz_calibration_report_new (g_steal_pointer (&owned), rubric, g_steal_pointer (&evaluations));
}

KzCalibrationReport *
kz_store_calibration_report (KzStore  *self,
                             gint64    session_id,
                             GError  **error)
{
  KzCalibrationSession *session;
  KzCalibrationReport *ret = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  LOCK (self);
  if ((session = read_session (self, session_id, error)) != NULL)
    ret = build_report (self, session, error);
  UNLOCK (self);
  return ret;
}

KzCalibrationTrends *
kz_store_calibration_trends (KzStore    *self,
                             GDateTime  *from,
                             GDateTime  *to,
                             GError    **error)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_calibration_report_free);
  KzCalibrationTrends *ret = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  LOCK (self);
  if ((sessions = KLASS (self)->list_calibrations (self, 0, error)) == NULL)
    goto out;
  while (sessions->len > 0)
    {
      KzCalibrationSession *session = g_ptr_array_steal_index (sessions, sessions->len - 1);
      KzCalibrationReport *report;

      if (kz_calibration_session_is_open (session) ||
          (from != NULL && g_date_time_compare (session->closed_at, from) < 0) ||
          (to != NULL && g_date_time_compare (session->closed_at, to) >= 0))
        {
          kz_calibration_session_free (session);
          continue;
        }
      if ((report = build_report (self, session, error)) == NULL)
        goto out;
      g_ptr_array_add (reports, report);
    }
  ret = kz_calibration_trends_compute (reports);

out:
  UNLOCK (self);
  return ret;
}

GPtrArray *
kz_store_reviewer_leniency (KzStore    *self,
                            GDateTime  *from,
                            GDateTime  *to,
                            GError    **error)
{
  g_autoptr(GArray) sums = NULL;
  GArray *ret;

  /* Summed by the database: a centre's million evaluations never come
   * into memory one by one. */
  CALL (self, score_sums, NULL, from, to, error);
  sums = ret;
  if (sums == NULL)
    return NULL;
  return kz_reviewer_leniency_from_sums ((const KzScoreSum *) sums->data, sums->len);
}

gboolean
kz_store_answer_back (KzStore       *self,
                      gint64         team_id,
                      gint64         agent_id,
                      GDateTime     *from,
                      GDateTime     *to,
                      KzAnswerBack  *out,
                      GError       **error)
{
  gboolean ret;

  g_return_val_if_fail (from != NULL && to != NULL && out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  CALL (self, answer_back, FALSE, team_id, agent_id, from, to, out, error);
  return ret;
}

GPtrArray *
kz_store_list_evaluations_by_id (KzStore  *self,
                                 GArray   *ids,
                                 guint     limit,
                                 GError  **error)
{
  GPtrArray *ret;

  g_return_val_if_fail (ids != NULL, NULL);
  if (ids->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_summary_free);
  CALL (self, list_evaluations_by_id, NULL, (const gint64 *) ids->data, ids->len, limit, error);
  return ret;
}

GPtrArray *
kz_store_list_latest_rubrics (KzStore  *self,
                              GError  **error)
{
  GPtrArray *ret;

  CALL (self, list_latest_rubrics, NULL, error);
  return ret;
}

/* ---- history, whole (kz_store_copy()) -------------------------------------------- */

KzHistoryData *
kz_store_history_export (KzStore  *self,
                         GError  **error)
{
  KzHistoryData *ret;

  if (kz_store_is_shared (self))
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                           _("A team server gives evaluation history only as each login may read it"));
      return NULL;
    }
  CALL (self, history_export, NULL, error);
  return ret;
}

gboolean
kz_store_history_import (KzStore        *self,
                         KzHistoryData  *data,
                         GError        **error)
{
  static const KzRecordKind kinds[] = {
    KZ_RECORD_REVISIONS, KZ_RECORD_ACKNOWLEDGEMENTS, KZ_RECORD_DISPUTES, KZ_RECORD_AUDIT_ENTRIES,
  };

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!kz_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gint64 n = KLASS (self)->count (self, kinds[i], error);

      if (n < 0)
        goto fail;
      if (n > 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                       _("%s already holds evaluation history; it goes only into a store without any"),
                       kz_store_describe (self));
          goto fail;
        }
    }
  if (!KLASS (self)->history_import (self, data, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

gint64
kz_store_copy_calibration (KzStore               *self,
                           KzCalibrationSession  *session,
                           GError               **error)
{
  gint64 ret;

  g_return_val_if_fail (session != NULL && session->created_at != NULL, 0);
  g_clear_pointer (&session->closed_at, g_date_time_unref);
  CALL (self, add_calibration, 0, session, error);
  if (ret > 0)
    session->id = ret;
  return ret;
}

/* ------------------------------------------------------------------------ */
/* Roll-ups */

gboolean
kz_store_rebuild_rollups (KzStore  *self,
                          GError  **error)
{
  gboolean ret;
  CALL (self, rebuild_rollups, FALSE, error);
  return ret;
}

GPtrArray *
kz_store_rollup_heatmap (KzStore      *self,
                         const char   *rubric_id,
                         const GDate  *from,
                         const GDate  *to,
                         GError      **error)
{
  GPtrArray *ret;
  int first = from ? kz_rollup_week_of_date (from) : G_MININT;
  int last = to ? kz_rollup_week_of_date (to) : G_MAXINT;

  CALL (self, rollup_heatmap, NULL, rubric_id, first, last, error);
  return ret;
}

GPtrArray *
kz_store_rollup_agents (KzStore     *self,
                        const char  *rubric_id,
                        int          first_week,
                        int          last_week,
                        GError     **error)
{
  GPtrArray *ret;

  g_return_val_if_fail (rubric_id != NULL, NULL);
  CALL (self, rollup_agents, NULL, rubric_id, first_week, last_week, error);
  return ret;
}

GPtrArray *
kz_store_rollup_agent_trend (KzStore      *self,
                             gint64        agent_id,
                             const char   *rubric_id,
                             const GDate  *last,
                             guint         n_weeks,
                             GPtrArray   **weeks,
                             GError      **error)
{
  GPtrArray *ret;
  int last_week, first_week;

  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);
  g_return_val_if_fail (n_weeks >= 1 && n_weeks <= 10000, NULL);

  last_week = kz_rollup_week_of_date (last);
  first_week = last_week - 7 * ((int) n_weeks - 1);
  CALL (self, rollup_agent_cells, NULL, agent_id, rubric_id, first_week, last_week, error);
  if (ret != NULL && weeks != NULL)
    {
      GPtrArray *cells = ret;
      CALL (self, rollup_agent_weeks, NULL, agent_id, first_week, last_week, error);
      if (ret == NULL)
        {
          g_ptr_array_unref (cells);
          return NULL;
        }
      *weeks = ret;
      ret = cells;
    }
  return ret;
}

GArray *
kz_store_answering_evaluations (KzStore      *self,
                                const char   *criterion_id,
                                GDateTime    *from,
                                GDateTime    *to,
                                GError      **error)
{
  GArray *ret;

  g_return_val_if_fail (criterion_id != NULL && from != NULL && to != NULL, NULL);
  CALL (self, answering_evaluations, NULL, criterion_id, g_date_time_to_unix (from), g_date_time_to_unix (to),
        error);
  return ret;
}

GPtrArray *
kz_store_rollup_team_weeks (KzStore      *self,
                            gint64        team_id,
                            const GDate  *from,
                            const GDate  *to,
                            GError      **error)
{
  GPtrArray *ret;
  int first = from ? kz_rollup_week_of_date (from) : G_MININT;
  int last = to ? kz_rollup_week_of_date (to) : G_MAXINT;

  g_return_val_if_fail (team_id >= KZ_ROLLUP_ANY_TEAM, NULL);
  CALL (self, rollup_team_weeks, NULL, team_id, first, last, error);
  return ret;
}

gboolean
kz_store_bulk_add_evaluations (KzStore     *self,
                               KzBulkNext   next,
                               gpointer     user_data,
                               guint64     *n_added,
                               GError     **error)
{
  gboolean ret;
  guint64 dummy = 0;

  g_return_val_if_fail (next != NULL, FALSE);
  CALL (self, bulk_add_evaluations, FALSE, next, user_data, n_added ? n_added : &dummy, error);
  return ret;
}

/* ---- dashboards: the criterion and reviewer pages ---------------------------------- */

static void
weeks_of_range (const GDate *from,
                const GDate *to,
                int         *first,
                int         *last)
{
  *first = from ? kz_rollup_week_of_date (from) : G_MININT;
  *last = to ? kz_rollup_week_of_date (to) : G_MAXINT;
}

GPtrArray *
kz_store_rollup_criterion (KzStore      *self,
                           const char   *rubric_id,
                           const char   *criterion_id,
                           const GDate  *from,
                           const GDate  *to,
                           gint64        team_id,
                           GError      **error)
{
  GPtrArray *ret;
  int first, last;

  g_return_val_if_fail (rubric_id != NULL && criterion_id != NULL, NULL);
  weeks_of_range (from, to, &first, &last);
  CALL (self, rollup_criterion, NULL, rubric_id, criterion_id, first, last, team_id, error);
  return ret;
}

GPtrArray *
kz_store_answer_distribution (KzStore      *self,
                              const char   *rubric_id,
                              const char   *criterion_id,
                              const GDate  *from,
                              const GDate  *to,
                              gint64        team_id,
                              GError      **error)
{
  GPtrArray *ret;
  int first, last;

  g_return_val_if_fail (rubric_id != NULL && criterion_id != NULL, NULL);
  weeks_of_range (from, to, &first, &last);
  CALL (self, answer_distribution, NULL, rubric_id, criterion_id, first, last, team_id, error);
  return ret;
}

GPtrArray *
kz_store_reviewer_weeks (KzStore      *self,
                         gint64        reviewer_id,
                         const GDate  *from,
                         const GDate  *to,
                         GError      **error)
{
  GPtrArray *ret;
  int first, last;

  weeks_of_range (from, to, &first, &last);
  CALL (self, reviewer_weeks, NULL, reviewer_id, first, last, error);
  return ret;
}

void
kz_drill_filter_init (KzDrillFilter *filter)
{
  g_return_if_fail (filter != NULL);
  memset (filter, 0, sizeof *filter);
  filter->first_week = G_MININT;
  filter->last_week = G_MAXINT;
  filter->team_id = -1;
  filter->answer = KZ_DRILL_ANY_ANSWER;
}

GArray *
kz_store_drill_evaluations (KzStore              *self,
                            const KzDrillFilter  *filter,
                            GError              **error)
{
  GArray *ret;

  g_return_val_if_fail (filter != NULL, NULL);
  CALL (self, drill_evaluations, NULL, filter, error);
  return ret;
}

/* ------------------------------------------------------------------------ */
/* Coaching (kz-coaching.h, coaching.md): the rules are checked here, the
 * backends store what they are given. */

static gboolean
check_criterion_exists (KzStore              *self,
                        const KzCriterionRef *ref,
                        GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KzRubric) rubric = kz_store_get_rubric (self, ref->rubric_id, 0, &local_error);

  if (rubric == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("There is no rubric “%s” (in %s:%s)"),
                   ref->rubric_id, ref->rubric_id, ref->criterion_id);
      return FALSE;
    }
  if (kz_rubric_find_criterion (rubric, ref->criterion_id) == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Rubric “%s” has no criterion “%s”"),
                   ref->rubric_id, ref->criterion_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_criteria_exist (KzStore    *self,
                      GPtrArray  *refs,
                      GError    **error)
{
  for (guint i = 0; i < refs->len; i++)
    if (!check_criterion_exists (self, refs->pdata[i], error))
      return FALSE;
  return TRUE;
}

gint64
kz_store_save_catalog_item (KzStore        *self,
                            KzCatalogItem  *item,
                            GError        **error)
{
  gint64 id;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (item != NULL, 0);

  if (!kz_catalog_item_check (item, error) || !check_criteria_exist (self, item->criteria, error))
    return 0;
  LOCK (self);
  id = KLASS (self)->save_catalog_item (self, item, error);
  UNLOCK (self);
  if (id > 0)
    item->id = id;
  return id;
}

GPtrArray *
kz_store_list_catalog_items (KzStore  *self,
                             GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_catalog_items, NULL, error);
  return ret;
}

KzCatalogItem *
kz_store_get_catalog_item (KzStore  *self,
                           gint64    id,
                           GError  **error)
{
  g_autoptr(GPtrArray) items = kz_store_list_catalog_items (self, error);

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    if (((KzCatalogItem *) items->pdata[i])->id == id)
      return g_ptr_array_steal_index (items, i);
  g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no training item %" G_GINT64_FORMAT), id);
  return NULL;
}

KzCatalogItem *
kz_store_find_catalog_item (KzStore     *self,
                            const char  *external_id,
                            GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (external_id != NULL, NULL);
  items = kz_store_list_catalog_items (self, error);
  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (((KzCatalogItem *) items->pdata[i])->external_id, external_id) == 0)
      return g_ptr_array_steal_index (items, i);
  g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("No training item has the LMS id “%s”"), external_id);
  return NULL;
}

gint64
kz_store_save_rule (KzStore         *self,
                    KzCoachingRule  *rule,
                    GError         **error)
{
  g_autoptr(KzCriterionRef) ref = NULL;
  g_autoptr(KzCatalogItem) item = NULL;
  gint64 id;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (rule != NULL, 0);

  if (!kz_coaching_rule_check (rule, error))
    return 0;
  ref = kz_criterion_ref_new (rule->rubric_id, rule->criterion_id);
  if (!check_criterion_exists (self, ref, error))
    return 0;
  item = kz_store_get_catalog_item (self, rule->catalog_item_id, error);
  if (item == NULL)
    return 0;
  LOCK (self);
  id = KLASS (self)->save_rule (self, rule, error);
  UNLOCK (self);
  if (id > 0)
    rule->id = id;
  return id;
}

GPtrArray *
kz_store_list_rules (KzStore  *self,
                     GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_rules, NULL, error);
  return ret;
}

GPtrArray *
kz_store_list_proposals (KzStore   *self,
                         gboolean   pending_only,
                         GError   **error)
{
  GPtrArray *ret;
  CALL (self, list_proposals, NULL, error);
  if (ret != NULL && pending_only)
    for (guint i = ret->len; i-- > 0;)
      if (((KzProposal *) ret->pdata[i])->state != KZ_PROPOSAL_PENDING)
        g_ptr_array_remove_index (ret, i);
  return ret;
}

static void
observation_free (KzCriterionObservation *o)
{
  g_clear_pointer (&o->at, g_date_time_unref);
  g_free (o);
}

/* Whether an answer fails its criterion, for the rules: at the scale's
 * minimum, or below the criterion's fail-below when it has one — what a
 * critical criterion would call failing, for any criterion. */
static gboolean
answer_fails (const KzCriterion *criterion,
              double             value)
{
  if (value <= kz_scale_get_min (criterion->scale) + 1e-9)
    return TRUE;
  return criterion->has_fail_below && value < criterion->fail_below - 1e-9;
}

/* @agent_id's answers to @rubric_id:@criterion_id, newest first, from
 * their submitted, non-calibration evaluations.  @cache: evaluation id →
 * KzEvaluation*, shared between the rules of one run. */
static GPtrArray *
observations_for (KzStore     *self,
                  gint64       agent_id,
                  const char  *rubric_id,
                  const char  *criterion_id,
                  GHashTable  *cache,
                  GError     **error)
{
  KzEvaluationFilter filter = { .agent_id = agent_id, .rubric_id = rubric_id, .submitted_only = TRUE };
  g_autoptr(GPtrArray) summaries = KLASS (self)->list_evaluations (self, &filter, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) observation_free);

  if (summaries == NULL)
    return NULL;
  for (guint i = 0; i < summaries->len; i++)
    {
      KzEvaluationSummary *s = summaries->pdata[i];
      KzEvaluation *ev;
      g_autoptr(KzRubric) rubric = NULL;
      const KzAnswer *answer;
      KzCriterion *criterion;
      KzCriterionObservation *o;

      if (s->is_calibration)
        continue;
      ev = g_hash_table_lookup (cache, &s->id);
      if (ev == NULL)
        {
          ev = KLASS (self)->get_evaluation (self, s->id, error);
          if (ev == NULL)
            return NULL;
          g_hash_table_insert (cache, g_memdup2 (&s->id, sizeof s->id), ev);
        }
      rubric = KLASS (self)->get_rubric (self, ev->rubric_id, ev->rubric_version, error);
      if (rubric == NULL)
        return NULL;
      criterion = kz_rubric_find_criterion (rubric, criterion_id);
      answer = kz_answer_set_get (ev->answers, criterion_id);
      if (criterion == NULL || answer == NULL || answer->kind != KZ_ANSWER_VALUE)
        continue;   /* N/A and unanswered say nothing about a gap */
      o = g_new0 (KzCriterionObservation, 1);
      o->evaluation_id = ev->id;
      o->at = g_date_time_ref (ev->created_at);
      o->failed = answer_fails (criterion, answer->value);
      o->score = 100.0 * kz_criterion_normalise (criterion, answer->value);
      g_ptr_array_add (out, o);
    }
  return g_steal_pointer (&out);
}

/* The newest proposal of @rule_id for @agent_id in @proposals (newest first). */
static const KzProposal *
last_proposal (GPtrArray *proposals,
               gint64     rule_id,
               gint64     agent_id)
{
  for (guint i = 0; i < proposals->len; i++)
    {
      const KzProposal *p = proposals->pdata[i];
      if (p->rule_id == rule_id && p->agent_id == agent_id)
        return p;
    }
  return NULL;
}

static GPtrArray *run_rules (KzStore *self, gint64 agent_id, const char *rubric_id, GDateTime *now, GError **error);

GPtrArray *
kz_store_run_rules (KzStore    *self,
                    gint64      agent_id,
                    GDateTime  *now,
                    GError    **error)
{
  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  return run_rules (self, agent_id, NULL, now, error);
}

/* @rubric_id: only the rules watching a criterion of that rubric (NULL: all). */
static GPtrArray *
run_rules (KzStore     *self,
           gint64       agent_id,
           const char  *rubric_id,
           GDateTime   *now,
           GError     **error)
{
  g_autoptr(GDateTime) now_owned = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(GArray) agents = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) kz_evaluation_free);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_proposal_free);

  if (!kz_store_begin (self, error))
    return NULL;
  rules = KLASS (self)->list_rules (self, error);
  proposals = rules != NULL ? KLASS (self)->list_proposals (self, error) : NULL;
  if (proposals == NULL)
    goto fail;
  if (agent_id > 0)
    g_array_append_val (agents, agent_id);
  else
    {
      g_autoptr(GPtrArray) people = KLASS (self)->list_people (self, KZ_ROLE_AGENT, error);
      if (people == NULL)
        goto fail;
      for (guint i = 0; i < people->len; i++)
        g_array_append_val (agents, ((KzPerson *) people->pdata[i])->id);
    }

  for (guint r = 0; r < rules->len; r++)
    {
      const KzCoachingRule *rule = rules->pdata[r];

      if (!rule->active || (rubric_id != NULL && g_strcmp0 (rule->rubric_id, rubric_id) != 0))
        continue;
      for (guint a = 0; a < agents->len; a++)
        {
          gint64 agent = g_array_index (agents, gint64, a);
          g_autoptr(GPtrArray) obs = NULL;
          g_autoptr(KzProposal) p = NULL;
          gint64 id;

          if (!kz_proposal_allows_new (last_proposal (proposals, rule->id, agent), rule->cooldown_weeks, now_owned))
            continue;
          obs = observations_for (self, agent, rule->rubric_id, rule->criterion_id, cache, error);
          if (obs == NULL)
            goto fail;
          p = kz_proposal_new ();
          if (!kz_coaching_rule_holds (rule, obs, now_owned, p->evidence, &p->reason))
            continue;
          p->rule_id = rule->id;
          p->agent_id = agent;
          p->created_at = g_date_time_ref (now_owned);
          id = KLASS (self)->save_proposal (self, p, error);
          if (id <= 0)
            goto fail;
          p->id = id;
          g_ptr_array_add (made, g_steal_pointer (&p));
        }
    }
  if (!kz_store_commit (self, error))
    return NULL;
  return g_steal_pointer (&made);

fail:
  kz_store_rollback (self);
  return NULL;
}

int
kz_store_run_rules_after_submit (KzStore  *self,
                                 gint64    evaluation_id,
                                 GError  **error)
{
  g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (self, evaluation_id, error);
  g_autoptr(GPtrArray) made = NULL;

  if (ev == NULL)
    return -1;
  if (ev->state != KZ_EVALUATION_SUBMITTED || ev->is_calibration)
    return 0;
  made = run_rules (self, ev->agent_id, ev->rubric_id, NULL, error);
  return made != NULL ? (int) made->len : -1;
}

static KzProposal *
find_proposal (KzStore  *self,
               gint64    id,
               GError  **error)
{
  g_autoptr(GPtrArray) all = KLASS (self)->list_proposals (self, error);

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    if (((KzProposal *) all->pdata[i])->id == id)
      return g_ptr_array_steal_index (all, i);
  g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no proposal %" G_GINT64_FORMAT), id);
  return NULL;
}

static gboolean
check_proposal_manager (KzStore  *self,
               gint64    manager_id,
               GError  **error)
{
  g_autoptr(KzPerson) manager = NULL;

  if (manager_id <= 0 && kz_store_is_shared (self))
    return TRUE;   /* the server decides who the login is and whether they may */
  manager = KLASS (self)->get_person (self, manager_id, error);
  if (manager == NULL)
    return FALSE;
  if ((manager->roles & (KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_PERMISSION, _("Only a manager or an administrator decides on proposals"));
      return FALSE;
    }
  return TRUE;
}

static void
day_after (GDate *out, GDateTime *now, int days)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_add_days (out, days);
}

static gint64 save_plan_locked (KzStore *self, KzPlan *plan, GError **error);

gint64
kz_store_accept_proposal (KzStore     *self,
                          gint64       proposal_id,
                          gint64       manager_id,
                          KzPlanKind   as,
                          gint64       coach_id,
                          GDateTime   *now,
                          GError     **error)
{
  /* The due day is counted on @now's own calendar (the caller's local day by default). */
  g_autoptr(GDateTime) now_owned = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  g_autoptr(KzProposal) p = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(KzPlan) plan = NULL;
  g_autoptr(KzCatalogItem) item = NULL;
  const KzCoachingRule *rule = NULL;
  gint64 plan_id;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (as == KZ_PLAN_ELEARNING || as == KZ_PLAN_COACHING, 0);

  if (!kz_store_begin (self, error))
    return 0;
  if (!check_proposal_manager (self, manager_id, error) || (p = find_proposal (self, proposal_id, error)) == NULL ||
      (rules = KLASS (self)->list_rules (self, error)) == NULL)
    goto fail;
  if (p->state != KZ_PROPOSAL_PENDING)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Proposal %" G_GINT64_FORMAT " was %s already"),
                   proposal_id, kz_proposal_state_to_string (p->state));
      goto fail;
    }
  for (guint i = 0; i < rules->len; i++)
    if (((KzCoachingRule *) rules->pdata[i])->id == p->rule_id)
      rule = rules->pdata[i];
  g_assert (rule != NULL);   /* proposals go with their rule */
  item = kz_store_get_catalog_item (self, rule->catalog_item_id, error);
  if (item == NULL)
    goto fail;

  plan = kz_plan_new (as, item->title);
  plan->agent_id = p->agent_id;
  plan->proposal_id = p->id;
  g_ptr_array_add (plan->criteria, kz_criterion_ref_new (rule->rubric_id, rule->criterion_id));
  day_after (&plan->due, now_owned, rule->sla_days);
  if (as == KZ_PLAN_ELEARNING)
    {
      if (item->kind != KZ_CATALOG_ELEARNING)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("“%s” is a course, not eLearning: accept it as a coaching session, or schedule the course"),
                       item->title);
          goto fail;
        }
      plan->catalog_item_id = item->id;
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Coaching: %s"), item->title);
      g_free (plan->title);
      plan->title = g_steal_pointer (&title);
      plan->coach_id = coach_id > 0 ? coach_id : manager_id;
      g_array_append_vals (plan->evidence, p->evidence->data, p->evidence->len);
      plan->agenda = g_strdup (p->reason);
    }
  plan_id = save_plan_locked (self, plan, error);
  if (plan_id <= 0)
    goto fail;
  p->state = KZ_PROPOSAL_ACCEPTED;
  p->decided_at = g_date_time_ref (now_owned);
  p->decided_by = manager_id;
  p->plan_id = plan_id;
  if (KLASS (self)->save_proposal (self, p, error) <= 0)
    goto fail;
  /* A failed commit has rolled back already. */
  return kz_store_commit (self, error) ? plan_id : 0;

fail:
  kz_store_rollback (self);
  return 0;
}

gboolean
kz_store_dismiss_proposal (KzStore     *self,
                           gint64       proposal_id,
                           gint64       manager_id,
                           GDateTime   *now,
                           GError     **error)
{
  g_autoptr(KzProposal) p = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);

  if (!kz_store_begin (self, error))
    return FALSE;
  if (!check_proposal_manager (self, manager_id, error) || (p = find_proposal (self, proposal_id, error)) == NULL)
    goto fail;
  if (p->state != KZ_PROPOSAL_PENDING)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Proposal %" G_GINT64_FORMAT " was %s already"),
                   proposal_id, kz_proposal_state_to_string (p->state));
      goto fail;
    }
  p->state = KZ_PROPOSAL_DISMISSED;
  p->decided_at = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  p->decided_by = manager_id;
  if (KLASS (self)->save_proposal (self, p, error) <= 0)
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

static KzPlan *
find_coaching_plan (KzStore  *self,
           gint64    id,
           GError  **error)
{
  g_autoptr(GPtrArray) plans = KLASS (self)->list_plans (self, id, error);

  if (plans == NULL)
    return NULL;
  if (plans->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no plan %" G_GINT64_FORMAT), id);
      return NULL;
    }
  return g_ptr_array_steal_index (plans, 0);
}

/* In the caller's transaction.  @imported: the plan keeps the uid and
 * sequence it comes with (another calendar's UID and SEQUENCE). */
static gint64
save_plan_as (KzStore  *self,
              KzPlan   *plan,
              gboolean  imported,
              GError  **error)
{
  g_autoptr(KzPlan) stored = NULL;
  g_autoptr(KzPlan) next = NULL;
  gint64 id;

  if (!kz_plan_check (plan, error) || !check_criteria_exist (self, plan->criteria, error))
    return 0;
  if (plan->catalog_item_id > 0)
    {
      g_autoptr(KzCatalogItem) item = kz_store_get_catalog_item (self, plan->catalog_item_id, error);
      if (item == NULL)
        return 0;
      if ((plan->kind == KZ_PLAN_ELEARNING) != (item->kind == KZ_CATALOG_ELEARNING))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       plan->kind == KZ_PLAN_ELEARNING ? _("“%s” is a course: schedule it as group training")
                                                       : _("“%s” is eLearning: assign it to an agent"),
                       item->title);
          return 0;
        }
      if (plan->kind == KZ_PLAN_TRAINING && plan->attendees->len > (guint) (plan->capacity > 0 ? plan->capacity
                                                                                               : item->capacity))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” has %d places: %u attendees do not fit"),
                       item->title, plan->capacity > 0 ? plan->capacity : item->capacity, plan->attendees->len);
          return 0;
        }
    }

  next = kz_plan_copy (plan);
  g_clear_pointer (&next->updated_at, g_date_time_unref);
  next->updated_at = g_date_time_new_now_utc ();
  if (plan->id == 0)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      if (plan->state != KZ_PLAN_PLANNED)
        {
          g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A new plan starts planned"));
          return 0;
        }
      if (imported && (plan->uid == NULL || *plan->uid == '\0' || plan->sequence < 0))
        {
          g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                               _("A plan brought in from a calendar needs its UID and a sequence of 0 or more"));
          return 0;
        }
      if (!imported)
        {
          g_free (next->uid);
          next->uid = g_strdup_printf ("%s@kaizen-qa.org", uuid);
          next->sequence = 0;
        }
      g_clear_pointer (&next->created_at, g_date_time_unref);
      next->created_at = g_date_time_ref (next->updated_at);
    }
  else
    {
      stored = find_coaching_plan (self, plan->id, error);
      if (stored == NULL)
        return 0;
      if (imported && (g_strcmp0 (stored->uid, plan->uid) != 0 || plan->sequence <= stored->sequence))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_CONFLICT,
                       _("Plan %" G_GINT64_FORMAT " is at sequence %d: an update brought in needs the same UID "
                         "and a higher sequence"), plan->id, stored->sequence);
          return 0;
        }
      if (!imported && stored->sequence != plan->sequence)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_CONFLICT,
                       _("Someone changed plan %" G_GINT64_FORMAT " since it was read: read it again"), plan->id);
          return 0;
        }
      if (stored->kind != plan->kind)
        {
          g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("A plan keeps its kind"));
          return 0;
        }
      if (stored->state != plan->state && !kz_plan_state_check_move (stored->state, plan->state, error))
        return 0;
      if (plan->private_notes_hidden)
        {
          g_free (next->private_notes);
          next->private_notes = g_strdup (stored->private_notes);
        }
      next->private_notes_hidden = plan->private_notes_hidden;
      if (imported)
        ;   /* the calendar's sequence is kept, even when nothing else changed */
      else if (kz_plan_equal (stored, next))
        return plan->id;   /* nothing changed: same sequence */
      else
        {
          g_free (next->uid);
          next->uid = g_strdup (stored->uid);
          next->sequence = stored->sequence + 1;
        }
      g_clear_pointer (&next->created_at, g_date_time_unref);
      next->created_at = g_date_time_ref (stored->created_at);
    }

  id = KLASS (self)->save_plan (self, next, error);
  if (id <= 0)
    return 0;
  plan->id = id;
  g_free (plan->uid);
  plan->uid = g_strdup (next->uid);
  plan->sequence = next->sequence;
  g_clear_pointer (&plan->created_at, g_date_time_unref);
  plan->created_at = g_date_time_ref (next->created_at);
  g_clear_pointer (&plan->updated_at, g_date_time_unref);
  plan->updated_at = g_date_time_ref (next->updated_at);
  return id;
}

static gint64
save_plan_locked (KzStore  *self,
                  KzPlan   *plan,
                  GError  **error)
{
  return save_plan_as (self, plan, FALSE, error);
}

static gint64
save_plan_txn (KzStore  *self,
               KzPlan   *plan,
               gboolean  imported,
               GError  **error)
{
  g_autoptr(KzPlan) before = NULL;
  gint64 id;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (plan != NULL, 0);

  /* On failure the caller keeps @plan as it was. */
  before = kz_plan_copy (plan);
  if (!kz_store_begin (self, error))
    return 0;
  id = save_plan_as (self, plan, imported, error);
  if (id <= 0)
    {
      kz_store_rollback (self);
      return 0;
    }
  if (!kz_store_commit (self, error))
    {
      plan->id = before->id;
      plan->sequence = before->sequence;
      g_free (plan->uid);
      plan->uid = g_strdup (before->uid);
      return 0;
    }
  return id;
}

gint64
kz_store_save_imported_plan (KzStore  *self,
                             KzPlan   *plan,
                             GError  **error)
{
  return save_plan_txn (self, plan, TRUE, error);
}

gint64
kz_store_save_plan (KzStore  *self,
                    KzPlan   *plan,
                    GError  **error)
{
  return save_plan_txn (self, plan, FALSE, error);
}

KzPlan *
kz_store_get_plan (KzStore  *self,
                   gint64    id,
                   GError  **error)
{
  KzPlan *ret;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);
  g_return_val_if_fail (id > 0, NULL);
  LOCK (self);
  ret = find_coaching_plan (self, id, error);
  UNLOCK (self);
  return ret;
}

static gint64
plan_sort_key (const KzPlan *p)
{
  if (p->starts_at != NULL)
    return g_date_time_to_unix (p->starts_at);
  if (g_date_valid (&p->due))
    return ((gint64) g_date_get_julian (&p->due) - 719163) * 86400;   /* 1970-01-01 is Julian day 719163 */
  return G_MAXINT64;
}

static int
plan_compare (gconstpointer a, gconstpointer b)
{
  const KzPlan *x = *(KzPlan **) a, *y = *(KzPlan **) b;
  gint64 kx = plan_sort_key (x), ky = plan_sort_key (y);

  if (kx != ky)
    return kx < ky ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

GPtrArray *
kz_store_list_plans (KzStore  *self,
                     gint64    person_id,
                     GError  **error)
{
  GPtrArray *ret;

  CALL (self, list_plans, NULL, 0, error);
  if (ret == NULL)
    return NULL;
  if (person_id > 0)
    for (guint i = ret->len; i-- > 0;)
      if (!kz_plan_involves (ret->pdata[i], person_id))
        g_ptr_array_remove_index (ret, i);
  g_ptr_array_sort (ret, plan_compare);
  return ret;
}

gboolean
kz_store_set_plan_state (KzStore      *self,
                         gint64        plan_id,
                         KzPlanState   state,
                         GDateTime    *at,
                         GError      **error)
{
  g_autoptr(KzPlan) plan = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);

  if (!kz_store_begin (self, error))
    return FALSE;
  plan = find_coaching_plan (self, plan_id, error);
  if (plan == NULL || !kz_plan_state_check_move (plan->state, state, error))
    goto fail;
  plan->state = state;
  if (state == KZ_PLAN_DONE || state == KZ_PLAN_MISSED)
    plan->completed_at = at != NULL ? g_date_time_ref (at) : g_date_time_new_now_utc ();
  if (save_plan_locked (self, plan, error) <= 0)
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

gboolean
kz_store_acknowledge_plan (KzStore     *self,
                           gint64       plan_id,
                           gint64       agent_id,
                           const char  *comment,
                           GDateTime   *at,
                           GError     **error)
{
  g_autoptr(KzPlan) plan = NULL;
  g_autoptr(GDateTime) when = at != NULL ? g_date_time_ref (at) : g_date_time_new_now_utc ();
  g_autofree char *text = comment != NULL ? g_strstrip (g_strdup (comment)) : NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);

  if (!kz_store_begin (self, error))
    return FALSE;
  plan = find_coaching_plan (self, plan_id, error);
  if (plan == NULL)
    goto fail;
  if (plan->kind != KZ_PLAN_COACHING || plan->state == KZ_PLAN_CANCELLED)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Only a coaching session that is not cancelled is acknowledged (plan %" G_GINT64_FORMAT ")"),
                   plan_id);
      goto fail;
    }
  if (!(agent_id == 0 && kz_store_is_shared (self)) && agent_id != plan->agent_id)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_PERMISSION,
                           _("Only the agent of a coaching session acknowledges it"));
      goto fail;
    }
  if (plan->acknowledged_at != NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS, _("Coaching session %" G_GINT64_FORMAT " is acknowledged already"),
                   plan_id);
      goto fail;
    }
  if (!KLASS (self)->acknowledge_plan (self, plan_id, text != NULL && *text != '\0' ? text : NULL, when, error))
    goto fail;
  return kz_store_commit (self, error);

fail:
  kz_store_rollback (self);
  return FALSE;
}

gboolean
kz_store_record_completions (KzStore    *self,
                             GPtrArray  *completions,
                             guint      *n_added,
                             GError    **error)
{
  g_autoptr(GPtrArray) plans = NULL;
  guint added = 0;

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (completions != NULL, FALSE);

  for (guint i = 0; i < completions->len; i++)
    {
      const KzCompletion *c = completions->pdata[i];
      if (c->person_id <= 0 || c->catalog_item_id <= 0 || c->completed_at == NULL ||
          (c->statement_id != NULL && *c->statement_id == '\0') ||
          (c->has_score && (!isfinite (c->score) || c->score < 0 || c->score > 1)))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                       _("Completion %u needs a learner, a training item and a time, and a score between 0 and 1"),
                       i + 1);
          return FALSE;
        }
    }

  if (!kz_store_begin (self, error))
    return FALSE;
  if (!KLASS (self)->add_completions (self, completions, &added, error) ||
      (plans = KLASS (self)->list_plans (self, 0, error)) == NULL)
    goto fail;
  for (guint i = 0; i < completions->len; i++)
    {
      KzCompletion *c = completions->pdata[i];

      c->plan_id = 0;
      if (c->id <= 0 || (c->status != KZ_COMPLETION_COMPLETED && c->status != KZ_COMPLETION_PASSED &&
                         c->status != KZ_COMPLETION_ATTENDED))
        continue;
      for (guint j = 0; j < plans->len; j++)
        {
          KzPlan *plan = plans->pdata[j];

          if (plan->kind != KZ_PLAN_ELEARNING || plan->state != KZ_PLAN_PLANNED || plan->agent_id != c->person_id ||
              plan->catalog_item_id != c->catalog_item_id)
            continue;
          plan->state = KZ_PLAN_DONE;
          plan->completed_at = g_date_time_ref (c->completed_at);
          if (save_plan_locked (self, plan, error) <= 0)
            goto fail;
          c->plan_id = plan->id;
        }
    }
  if (!kz_store_commit (self, error))
    return FALSE;
  if (n_added != NULL)
    *n_added = added;
  return TRUE;

fail:
  kz_store_rollback (self);
  for (guint i = 0; i < completions->len; i++)
    ((KzCompletion *) completions->pdata[i])->id = 0;
  return FALSE;
}

GPtrArray *
kz_store_list_completions (KzStore  *self,
                           GError  **error)
{
  GPtrArray *ret;
  CALL (self, list_completions, NULL, error);
  return ret;
}

gint64
kz_store_copy_plan (KzStore  *self,
                    KzPlan   *plan,
                    GError  **error)
{
  gint64 ret;

  g_return_val_if_fail (plan != NULL && plan->uid != NULL && plan->created_at != NULL && plan->updated_at != NULL, 0);
  if (!kz_plan_check (plan, error))
    return 0;
  plan->id = 0;
  plan->private_notes_hidden = FALSE;
  CALL (self, save_plan, 0, plan, error);
  if (ret > 0)
    plan->id = ret;
  return ret;
}

gint64
kz_store_copy_proposal (KzStore     *self,
                        KzProposal  *proposal,
                        GError     **error)
{
  gint64 ret;

  g_return_val_if_fail (proposal != NULL && proposal->created_at != NULL, 0);
  CALL (self, save_proposal, 0, proposal, error);
  if (ret > 0)
    proposal->id = ret;
  return ret;
}

gboolean
kz_store_copy_completions (KzStore    *self,
                           GPtrArray  *completions,
                           GError    **error)
{
  gboolean ret;
  guint n_added = 0;

  g_return_val_if_fail (completions != NULL, FALSE);
  CALL (self, add_completions, FALSE, completions, &n_added, error);
  if (ret && n_added != completions->len)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_DATABASE, _("Some LMS completions were not copied"));
      return FALSE;
    }
  return ret;
}

/* ---- CX principles and personas ------------------------------------------------ */

gboolean
kz_store_save_principles (KzStore    *self,
                          GPtrArray  *principles,
                          gboolean    replace,
                          GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (principles != NULL, FALSE);

  for (guint i = 0; i < principles->len; i++)
    {
      const KzPrinciple *p = g_ptr_array_index (principles, i);

      if (!kz_principle_check (p, error))
        return FALSE;
      if (!g_hash_table_add (seen, p->id))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Principle “%s” is given twice"), p->id);
          return FALSE;
        }
    }
  if (principles->len == 0)
    return TRUE;
  {
    gboolean ret;

    CALL (self, save_principles, FALSE, principles, replace, error);
    return ret;
  }
}

gboolean
kz_store_save_principle (KzStore            *self,
                         const KzPrinciple  *principle,
                         gboolean            replace,
                         GError            **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (principle != NULL, FALSE);
  g_ptr_array_add (one, (gpointer) principle);
  return kz_store_save_principles (self, one, replace, error);
}

GPtrArray *
kz_store_list_principles (KzStore  *self,
                          GError  **error)
{
  GPtrArray *ret;

  CALL (self, list_principles, NULL, error);
  return ret;
}

gboolean
kz_store_save_personas (KzStore    *self,
                        GPtrArray  *personas,
                        gboolean    replace,
                        GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (KZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (personas != NULL, FALSE);

  for (guint i = 0; i < personas->len; i++)
    {
      const KzPersona *p = g_ptr_array_index (personas, i);

      if (!kz_persona_check (p, error))
        return FALSE;
      if (!g_hash_table_add (seen, p->id))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Persona “%s” is given twice"), p->id);
          return FALSE;
        }
    }
  if (personas->len == 0)
    return TRUE;
  {
    gboolean ret;

    CALL (self, save_personas, FALSE, personas, replace, error);
    return ret;
  }
}

gboolean
kz_store_save_persona (KzStore          *self,
                       const KzPersona  *persona,
                       gboolean          replace,
                       GError          **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (persona != NULL, FALSE);
  g_ptr_array_add (one, (gpointer) persona);
  return kz_store_save_personas (self, one, replace, error);
}

GPtrArray *
kz_store_list_personas (KzStore  *self,
                        GError  **error)
{
  GPtrArray *ret;

  CALL (self, list_personas, NULL, error);
  return ret;
}

