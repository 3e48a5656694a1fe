/* kz-window.h — the main window
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_WINDOW (kz_window_get_type ())
G_DECLARE_FINAL_TYPE (KzWindow, kz_window, KZ, WINDOW, AdwApplicationWindow)

KzWindow   *kz_window_new                (GtkApplication *application,
                                          KzStore        *store);
KzStore    *kz_window_get_store          (KzWindow       *self);
/* "evaluations", "evaluation", "rubrics" or "rubric". */
const char *kz_window_get_visible_page   (KzWindow       *self);
GtkWidget  *kz_window_get_page           (KzWindow       *self,
                                          const char     *name);
/* What win.import-rubric does once a file is chosen: load and store it off
 * the UI thread, then a toast, or a dialog with the error's file and line. */
void        kz_window_import_rubric_file (KzWindow       *self,
                                          GFile          *file);
/* TRUE while an import started by kz_window_import_rubric_file() runs. */
gboolean    kz_window_get_importing      (KzWindow       *self);

G_END_DECLS
