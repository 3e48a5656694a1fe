/* kz-preferences-window.h — appearance and database location
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KZ_TYPE_PREFERENCES_WINDOW (kz_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KzPreferencesWindow, kz_preferences_window, KZ, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @database_in_use: the file the parent window has open, or NULL. */
GtkWidget  *kz_preferences_window_new               (GtkWindow           *parent,
                                                     const char          *database_in_use);
/* TRUE while Connect tries the team server. */
gboolean    kz_preferences_window_get_connecting    (KzPreferencesWindow *self);
/* What the Team Server group says under its rows (an error, or that it
 * connected); NULL when it says nothing. */
const char *kz_preferences_window_get_server_status (KzPreferencesWindow *self);

G_END_DECLS
