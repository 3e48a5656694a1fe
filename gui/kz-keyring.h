/* kz-keyring.h — team server passwords in the user's keyring
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The Secret Service schema Kaizen's passwords are stored under; their
 * attributes are the parts of the server URI: host, port, dbname, user. */
#define KZ_KEYRING_SCHEMA_NAME "io.github.KaizenQA.Kaizen.Server"

/* The password kept for the team server at @location (a postgresql://
 * URI).  finish: NULL without an error when none is kept; a KZ_ERROR
 * saying so when the keyring cannot be reached. */
void      kz_keyring_lookup_async  (const char           *location,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char     *kz_keyring_lookup_finish (GAsyncResult         *result,
                                    GError              **error);

/* Keeps @password for @location, replacing the one kept before. */
void      kz_keyring_store_async   (const char           *location,
                                    const char           *password,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  kz_keyring_store_finish  (GAsyncResult         *result,
                                    GError              **error);

/* Forgets the password kept for @location (none kept is not an error). */
void      kz_keyring_clear_async   (const char           *location,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  kz_keyring_clear_finish  (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
