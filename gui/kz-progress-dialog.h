/* kz-progress-dialog.h — the dialogs of long work: "going on", then "done"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A dialog over @parent while long work runs: @heading, @body, a progress
 * bar (@bar_label names it for screen readers) and Cancel.  Cancel (or
 * Escape) cancels @cancellable, turns itself off and keeps the dialog up,
 * the bar saying "Cancelling…", until the work's owner destroys the dialog
 * when the work is over — so it never vanishes while the work goes on. */
GtkWidget      *kz_progress_dialog_new            (GtkWindow    *parent,
                                                   const char   *heading,
                                                   const char   *body,
                                                   const char   *bar_label,
                                                   GCancellable *cancellable);
GtkProgressBar *kz_progress_dialog_get_bar        (GtkWidget    *dialog);
/* TRUE once Cancel was pressed. */
gboolean        kz_progress_dialog_get_cancelling (GtkWidget    *dialog);
/* Cancel off (or on again): for a stage that can no longer be stopped. */
void            kz_progress_dialog_set_can_cancel (GtkWidget    *dialog,
                                                   gboolean      can_cancel);

/* A message over @parent with a Close button, destroyed when answered;
 * not yet presented, so the caller may add an extra child first. */
GtkWidget      *kz_message_dialog_new             (GtkWindow    *parent,
                                                   const char   *heading,
                                                   const char   *body);

G_END_DECLS
