/* kz-draft-journal.c — a reviewer's unsaved answers, kept on this computer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-draft-journal"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kz-draft-journal.h"
#include "kz-error.h"

#define JOURNAL_FORMAT 1

char *
kz_draft_journal_path (const char *database,
                       gint64      interaction_id,
                       gint64      reviewer_id)
{
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (database != NULL, NULL);

  /* A hash: the database's description may hold a path or a server's
   * address, which have no business in a file name. */
  key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT, database, interaction_id, reviewer_id);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  name = g_strconcat (hash, ".json", NULL);
  return g_build_filename (g_get_user_state_dir (), "kaizen", "drafts", name, NULL);
}

gboolean
kz_draft_journal_write (const char          *path,
                        const KzEvaluation  *evaluation,
                        GError             **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = NULL;
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (evaluation != NULL, FALSE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kaizen-draft");
  json_builder_add_int_value (b, JOURNAL_FORMAT);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, evaluation->id);
  json_builder_set_member_name (b, "row_version");
  json_builder_add_int_value (b, evaluation->row_version);
  json_builder_set_member_name (b, "interaction");
  json_builder_add_int_value (b, evaluation->interaction_id);
  json_builder_set_member_name (b, "reviewer");
  json_builder_add_int_value (b, evaluation->reviewer_id);
  json_builder_set_member_name (b, "agent");
  json_builder_add_int_value (b, evaluation->agent_id);
  json_builder_set_member_name (b, "rubric");
  json_builder_add_string_value (b, evaluation->rubric_id);
  json_builder_set_member_name (b, "rubric_version");
  json_builder_add_int_value (b, evaluation->rubric_version);
  json_builder_set_member_name (b, "answers");
  json_builder_begin_array (b);
  /* Sorted, so the same answers always make the same file. */
  keys = g_list_sort (g_hash_table_get_keys (evaluation->answers), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const KzAnswer *answer = g_hash_table_lookup (evaluation->answers, l->data);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "criterion");
      json_builder_add_string_value (b, answer->criterion_id);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, answer->kind == KZ_ANSWER_VALUE ? "value"
                                        : answer->kind == KZ_ANSWER_NA ? "na" : "unanswered");
      if (answer->kind == KZ_ANSWER_VALUE)
        {
          json_builder_set_member_name (b, "value");
          json_builder_add_double_value (b, answer->value);
        }
      if (answer->comment != NULL)
        {
          json_builder_set_member_name (b, "comment");
          json_builder_add_string_value (b, answer->comment);
        }
      if (answer->comment_at_ms >= 0)
        {
          json_builder_set_member_name (b, "at_ms");
          json_builder_add_int_value (b, answer->comment_at_ms);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED, _("Could not create the folder %s: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }
  /* Consistent (a rename over the old file), not durable: a journal lost
   * with the whole machine is the draft the store already has. */
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED, _("Could not keep the unsaved answers in %s: %s"),
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gint64
member_int (JsonObject *object,
            const char *name,
            gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      *ok = FALSE;
      return 0;
    }
  return json_node_get_int (node);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

KzEvaluation *
kz_draft_journal_read (const char  *path,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  JsonObject *object;
  JsonNode *answers;
  const char *rubric;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: not a Kaizen draft: %s"),
                   path, local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto invalid;
  object = json_node_get_object (json_parser_get_root (parser));
  if (member_int (object, "kaizen-draft", &ok) != JOURNAL_FORMAT || !ok)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   _("%s: a draft from another version of Kaizen"), path);
      return NULL;
    }

  ev = kz_evaluation_new ();
  ev->id = member_int (object, "id", &ok);
  ev->row_version = (int) member_int (object, "row_version", &ok);
  ev->interaction_id = member_int (object, "interaction", &ok);
  ev->reviewer_id = member_int (object, "reviewer", &ok);
  ev->agent_id = member_int (object, "agent", &ok);
  ev->rubric_version = (int) member_int (object, "rubric_version", &ok);
  rubric = member_string (object, "rubric");
  answers = json_object_get_member (object, "answers");
  if (!ok || rubric == NULL || answers == NULL || !JSON_NODE_HOLDS_ARRAY (answers))
    goto invalid;
  ev->rubric_id = g_strdup (rubric);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (answers)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (answers), i);
      JsonObject *a;
      const char *criterion;
      const char *kind;
      JsonNode *value;
      KzAnswer *answer;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto invalid;
      a = json_node_get_object (node);
      criterion = member_string (a, "criterion");
      kind = member_string (a, "kind");
      value = json_object_get_member (a, "value");
      if (criterion == NULL || kind == NULL)
        goto invalid;
      if (g_str_equal (kind, "value"))
        {
          if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
            goto invalid;
          answer = kz_answer_new (criterion, KZ_ANSWER_VALUE, json_node_get_double (value),
                                  member_string (a, "comment"));
        }
      else if (g_str_equal (kind, "na"))
        answer = kz_answer_new (criterion, KZ_ANSWER_NA, 0, member_string (a, "comment"));
      else if (g_str_equal (kind, "unanswered"))
        answer = kz_answer_new (criterion, KZ_ANSWER_UNANSWERED, 0, member_string (a, "comment"));
      else
        goto invalid;
      if (json_object_has_member (a, "at_ms"))
        {
          gboolean at_ok = TRUE;
          gint64 at = member_int (a, "at_ms", &at_ok);

          if (!at_ok || at < 0 || at > G_MAXINT)
            {
              kz_answer_free (answer);
              goto invalid;
            }
          answer->comment_at_ms = (gint) at;
        }
      kz_answer_set_put (ev->answers, answer);
    }
  return g_steal_pointer (&ev);

invalid:
  g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: a damaged Kaizen draft"), path);
  return NULL;
}

void
kz_draft_journal_remove (const char *path)
{
  g_return_if_fail (path != NULL);
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("Could not remove %s: %s", path, g_strerror (errno));
}

gboolean
kz_answer_sets_equal (KzAnswerSet *a,
                      KzAnswerSet *b)
{
  GHashTableIter iter;
  KzAnswer *answer;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &answer))
    {
      const KzAnswer *other = kz_answer_set_get (b, answer->criterion_id);

      if (other == NULL || other->kind != answer->kind ||
          (answer->kind == KZ_ANSWER_VALUE && other->value != answer->value) ||
          g_strcmp0 (other->comment, answer->comment) != 0 ||
          other->comment_at_ms != answer->comment_at_ms)
        return FALSE;
    }
  return TRUE;
}
