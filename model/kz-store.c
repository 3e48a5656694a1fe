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
#include <string.h>
#include <time.h>

#include "kz-error.h"
#include "kz-score.h"
#include "kz-pg-store-private.h"
#include "kz-sqlite-store-private.h"
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

gint64
kz_store_save_evaluation (KzStore       *self,
                          KzEvaluation  *evaluation,
                          GError       **error)
{
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzScore) score = NULL;
  gint64 ret;

  g_return_val_if_fail (KZ_IS_STORE (self), 0);
  g_return_val_if_fail (evaluation != NULL, 0);
  g_return_val_if_fail (evaluation->rubric_id != NULL, 0);
  g_return_val_if_fail (evaluation->answers != NULL, 0);

  if (evaluation->agent_id <= 0 || evaluation->reviewer_id <= 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("An evaluation needs an agent and a reviewer"));
      return 0;
    }

  rubric = kz_store_get_rubric (self, evaluation->rubric_id, evaluation->rubric_version, error);
  if (rubric == NULL)
    return 0;
  evaluation->rubric_version = kz_rubric_get_version (rubric);

  if (!validate_answers (rubric, evaluation->answers, error))
    return 0;

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
      return 0;
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

  CALL (self, save_evaluation, 0, evaluation, error);
  if (ret > 0)
    evaluation->id = ret;
  return ret;
}

KzEvaluation *
kz_store_get_evaluation (KzStore  *self,
                         gint64    id,
                         GError  **error)
{
  KzEvaluation *ret;
  CALL (self, get_evaluation, NULL, id, error);
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

#define KLASS(self) KZ_STORE_GET_CLASS (self)

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
  login = KLASS (self)->get_login_person_id (self, &local_error);
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
