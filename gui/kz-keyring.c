/* kz-keyring.c — team server passwords in the user's keyring
 *
 * A server URI never holds the password (kz-store.h): it lives here, in the
 * Secret Service (GNOME Keyring), found by the URI's parts.  Everything is
 * asynchronous — the keyring is a D-Bus service that may have to start, or
 * ask the user to unlock it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-keyring"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "kz-error.h"
#include "kz-keyring.h"
#include "kz-store.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    KZ_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "dbname", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Every attribute, always: a lookup with fewer would match other servers'
 * passwords too. */
static GHashTable *
attributes_for (const char  *location,
                GError     **error)
{
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;
  guint port = 0;
  GHashTable *attributes;

  if (!kz_store_parse_server_uri (location, &host, &port, &dbname, &user))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s” is not a team server address"), location);
      return NULL;
    }

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attributes, (gpointer) "host", g_strdup (host != NULL ? host : ""));
  g_hash_table_insert (attributes, (gpointer) "port", g_strdup_printf ("%u", port));
  g_hash_table_insert (attributes, (gpointer) "dbname", g_strdup (dbname != NULL ? dbname : ""));
  g_hash_table_insert (attributes, (gpointer) "user", g_strdup (user != NULL ? user : ""));
  return attributes;
}

static GError *
keyring_error (GError *error)
{
  GError *ret = g_error_new (KZ_ERROR, KZ_ERROR_FAILED,
                             /* Translators: %s is the Secret Service's reason */
                             _("The keyring is not available (%s)"), error->message);

  g_error_free (error);
  return ret;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, error);
      else
        g_task_return_error (task, keyring_error (error));
      return;
    }

  g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
kz_keyring_lookup_async (const char          *location,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GError *error = NULL;

  g_return_if_fail (location != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kz_keyring_lookup_async);

  attributes = attributes_for (location, &error);
  if (attributes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  secret_password_lookupv (get_schema (), attributes, cancellable, lookup_cb, g_steal_pointer (&task));
}

char *
kz_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  char *secret;
  char *ret;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  secret = g_task_propagate_pointer (G_TASK (result), error);
  if (secret == NULL)
    return NULL;

  /* Callers free it with g_free(). */
  ret = g_strdup (secret);
  secret_password_free (secret);
  return ret;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, error);
      else
        g_task_return_error (task, keyring_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
kz_keyring_store_async (const char          *location,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;
  GError *error = NULL;

  g_return_if_fail (location != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kz_keyring_store_async);

  attributes = attributes_for (location, &error);
  if (attributes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  kz_store_parse_server_uri (location, &host, NULL, &dbname, &user);
  /* Translators: the name of a password in the keyring (Seahorse shows it):
   * user, database, server */
  label = g_strdup_printf (_("Kaizen team server: %s on %s at %s"),
                           user != NULL ? user : "", dbname, host);

  secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, password,
                          cancellable, store_cb, g_steal_pointer (&task));
}

gboolean
kz_keyring_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to forget. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, error);
      else
        g_task_return_error (task, keyring_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
kz_keyring_clear_async (const char          *location,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GError *error = NULL;

  g_return_if_fail (location != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kz_keyring_clear_async);

  attributes = attributes_for (location, &error);
  if (attributes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  secret_password_clearv (get_schema (), attributes, cancellable, clear_cb, g_steal_pointer (&task));
}

gboolean
kz_keyring_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
