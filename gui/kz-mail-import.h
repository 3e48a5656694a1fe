/* kz-mail-import.h — "Import Email…": mail files or a Maildir into the database
 *
 * The import is the model's (kz_email_import_with_progress); this runs it
 * on a worker thread with a progress dialog that can cancel it (nothing is
 * stored then), and afterwards says what came in and what was skipped and
 * why, message by message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-email.h"
#include "kz-store.h"

G_BEGIN_DECLS

/* Called on the main loop when it is over: @stored how many messages were
 * stored (0 when cancelled or refused). */
typedef void (*KzMailImportDone) (guint    stored,
                                  gpointer user_data);

/* Imports @paths (files, or Maildir folders with KZ_MAIL_FORMAT_MAILDIR)
 * into @store, over @parent.  Cancelling @cancellable (may be NULL; the
 * window's, cancelled when it closes) cancels the import as the dialog's
 * Cancel does. */
void  kz_mail_import_run              (GtkWindow           *parent,
                                       KzStore             *store,
                                       const char * const  *paths,
                                       KzMailFormat         format,
                                       GCancellable        *cancellable,
                                       KzMailImportDone     done,
                                       gpointer             user_data);

/* The dialog showing the result, while one is open (tests). */
GtkWidget *kz_mail_import_get_result_dialog   (void);
/* The progress dialog, while an import runs (tests). */
GtkWidget *kz_mail_import_get_progress_dialog (void);

/* What the result dialog says: the summary, a sentence a line, and the
 * messages not stored, one a line ("file at byte N: reason", the file's
 * path after @prefix; at most 200, then how many more). */
char *kz_mail_import_summary     (const KzEmailImportReport *report);
char *kz_mail_import_issues_text (const KzEmailImportReport *report,
                                  const char                *prefix);

G_END_DECLS
