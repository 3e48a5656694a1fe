/* kz-voice-tokens.c — follow-up tokens in a private file of the author's
 *
 * {"version": 1, "databases": {"<kz_store_get_identity()>": {"<idea id>": "<token>", …}}}
 *
 * Written whole each time, atomically and with mode 0600, so a crash never
 * leaves half a file and no other user on the machine can read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-voice-tokens"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kz-error.h"
#include "kz-voice-tokens.h"

char *
kz_voice_tokens_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "kaizen", "follow-up-tokens.json", NULL);
}

/* The whole file as an object; a missing file is an empty one. */
static JsonObject *
load (const char  *path,
      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return json_object_new ();
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the follow-up tokens cannot be read: %s"), path,
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the follow-up tokens file is damaged"), path);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* The tokens of one database (created when @create). */
static JsonObject *
database_of (JsonObject *file,
             KzStore    *store,
             gboolean    create)
{
  const char *key = kz_store_get_identity (store);
  JsonObject *databases;
  JsonNode *node;

  node = json_object_get_member (file, "databases");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (!create)
        return NULL;
      json_object_set_object_member (file, "databases", json_object_new ());
      node = json_object_get_member (file, "databases");
    }
  databases = json_node_get_object (node);
  node = json_object_get_member (databases, key);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (!create)
        return NULL;
      json_object_set_object_member (databases, key, json_object_new ());
      node = json_object_get_member (databases, key);
    }
  return json_node_get_object (node);
}

static gboolean
store_file (const char  *path,
            JsonObject  *file,
            GError     **error)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;
  gsize len;

  json_object_set_int_member (file, "version", 1);
  json_node_set_object (root, file);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, &len);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED, _("Cannot create the folder %s: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, text, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED, _("%s: the follow-up tokens cannot be saved: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
kz_voice_tokens_save (KzStore     *store,
                      const char  *thread,
                      const char  *token,
                      GError     **error)
{
  g_autofree char *path = kz_voice_tokens_path ();
  g_autoptr(JsonObject) file = NULL;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (thread != NULL && token != NULL, FALSE);

  file = load (path, error);
  if (file == NULL)
    return FALSE;
  json_object_set_string_member (database_of (file, store, TRUE), thread, token);
  return store_file (path, file, error);
}

char *
kz_voice_tokens_lookup (KzStore     *store,
                        const char  *thread,
                        GError     **error)
{
  g_autofree char *path = kz_voice_tokens_path ();
  g_autoptr(JsonObject) file = NULL;
  JsonObject *db;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (thread != NULL, NULL);

  file = load (path, error);
  if (file == NULL || (db = database_of (file, store, FALSE)) == NULL || !json_object_has_member (db, thread))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (db, thread, NULL));
}

GStrv
kz_voice_tokens_list (KzStore  *store,
                      GError  **error)
{
  g_autofree char *path = kz_voice_tokens_path ();
  g_autoptr(JsonObject) file = NULL;
  g_autoptr(GStrvBuilder) tokens = g_strv_builder_new ();
  g_autoptr(GList) threads = NULL;
  JsonObject *db;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  file = load (path, error);
  if (file == NULL)
    return NULL;
  db = database_of (file, store, FALSE);
  threads = db != NULL ? json_object_get_members (db) : NULL;
  for (GList *l = threads; l != NULL; l = l->next)
    {
      const char *token = json_object_get_string_member_with_default (db, l->data, NULL);

      if (token != NULL)
        g_strv_builder_add (tokens, token);
    }
  return g_strv_builder_end (tokens);
}

gboolean
kz_voice_tokens_forget (KzStore     *store,
                        const char  *thread,
                        GError     **error)
{
  g_autofree char *path = kz_voice_tokens_path ();
  g_autoptr(JsonObject) file = NULL;
  JsonObject *db;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (thread != NULL, FALSE);

  file = load (path, error);
  if (file == NULL)
    return FALSE;
  db = database_of (file, store, FALSE);
  if (db == NULL || !json_object_has_member (db, thread))
    return TRUE;
  json_object_remove_member (db, thread);
  return store_file (path, file, error);
}
