/* kz-application.h — the Kaizen application
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "kz-window.h"

G_BEGIN_DECLS

#define KZ_TYPE_APPLICATION (kz_application_get_type ())
G_DECLARE_FINAL_TYPE (KzApplication, kz_application, KZ, APPLICATION, AdwApplication)

KzApplication *kz_application_new              (void);
/* Opens the database at @path (NULL: the database-path setting, else the
 * default location) in a window, or presents the window that has it open.
 * A team server's window is returned at once and connects by itself
 * (kz_window_get_store() is NULL until it has). */
KzWindow      *kz_application_open_database    (KzApplication  *self,
                                                const char     *path,
                                                GError        **error);
/* The file or server URI a window's store was opened from. */
const char    *kz_application_get_window_database (KzWindow    *window);

G_END_DECLS
