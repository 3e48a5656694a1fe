/* kz-window.h — the main window
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-email.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_WINDOW (kz_window_get_type ())
G_DECLARE_FINAL_TYPE (KzWindow, kz_window, KZ, WINDOW, AdwApplicationWindow)

KzWindow   *kz_window_new                (GtkApplication *application,
                                          KzStore        *store);
/* A window for the database at @location (a file, or a team server's
 * postgresql:// URI): it connects off the UI thread, with the password
 * from the keyring or asked for, and shows an error page with Try Again
 * when that fails. */
KzWindow   *kz_window_new_for_location   (GtkApplication *application,
                                          const char     *location);
/* NULL until connected. */
KzStore    *kz_window_get_store          (KzWindow       *self);
/* The location the window was made for; NULL when made with a store. */
const char *kz_window_get_location       (KzWindow       *self);
gboolean    kz_window_get_connecting     (KzWindow       *self);
/* The message the connection error page shows; NULL when it is not up. */
const char *kz_window_get_connect_error  (KzWindow       *self);
/* The password dialog, while it asks. */
GtkWindow  *kz_window_get_password_dialog (KzWindow      *self);
/* TRUE while the banner says the team server went away. */
gboolean    kz_window_get_connection_lost (KzWindow      *self);
/* "evaluations", "evaluation", "rubrics" or "rubric". */
const char *kz_window_get_visible_page   (KzWindow       *self);
GtkWidget  *kz_window_get_page           (KzWindow       *self,
                                          const char     *name);
/* What win.import-rubric does once a file is chosen: load and store it off
 * the UI thread, then a toast, or a dialog with the error's file and line. */
void        kz_window_import_rubric_file (KzWindow       *self,
                                          GFile          *file);
/* Imports mail files (or Maildir folders, @format KZ_MAIL_FORMAT_MAILDIR)
 * with a progress dialog, then says what came in (kz-mail-import.h) and
 * reloads the interaction lists.  Import Email… on the Interactions page
 * picks the files. */
void        kz_window_import_mail        (KzWindow           *self,
                                          const char * const *paths,
                                          KzMailFormat        format);
/* TRUE while an import started by kz_window_import_rubric_file() or
 * kz_window_import_mail() runs. */
gboolean    kz_window_get_importing      (KzWindow       *self);

G_END_DECLS
