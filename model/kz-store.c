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
