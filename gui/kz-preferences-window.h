/* kz-preferences-window.h — appearance and database location
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KZ_TYPE_PREFERENCES_WINDOW (kz_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KzPreferencesWindow, kz_preferences_window, KZ, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @database_in_use: the file the parent window has open, or NULL. */
GtkWidget *kz_preferences_window_new (GtkWindow  *parent,
                                      const char *database_in_use);

G_END_DECLS
