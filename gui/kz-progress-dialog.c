/* kz-progress-dialog.c — the dialogs of long work (kz-progress-dialog.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kz-progress-dialog.h"

#define BAR_KEY         "kz-progress-bar"
#define CANCELLABLE_KEY "kz-progress-cancellable"
#define CANCELLING_KEY  "kz-progress-cancelling"

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  GCancellable *cancellable = g_object_get_data (G_OBJECT (dialog), CANCELLABLE_KEY);

  g_object_set_data (G_OBJECT (dialog), CANCELLING_KEY, GINT_TO_POINTER (TRUE));
  adw_message_dialog_set_response_enabled (dialog, "cancel", FALSE);
  gtk_progress_bar_set_text (kz_progress_dialog_get_bar (GTK_WIDGET (dialog)), _("Cancelling…"));
  g_cancellable_cancel (cancellable);
}

static gboolean
on_close_request (GtkWindow *dialog,
                  gpointer   user_data)
{
  /* Only the work's owner closes it, once the work is over. */
  return TRUE;
}

GtkWidget *
kz_progress_dialog_new (GtkWindow    *parent,
                        const char   *heading,
                        const char   *body,
                        const char   *bar_label,
                        GCancellable *cancellable)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_progress_bar_new ();

  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (bar), "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, bar_label, -1);
  gtk_box_append (GTK_BOX (box), bar);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), BAR_KEY, bar);
  g_object_set_data_full (G_OBJECT (dialog), CANCELLABLE_KEY, g_object_ref (cancellable), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), NULL);
  g_signal_connect (dialog, "close-request", G_CALLBACK (on_close_request), NULL);
  return dialog;
}

GtkProgressBar *
kz_progress_dialog_get_bar (GtkWidget *dialog)
{
  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);
  return g_object_get_data (G_OBJECT (dialog), BAR_KEY);
}

gboolean
kz_progress_dialog_get_cancelling (GtkWidget *dialog)
{
  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), FALSE);
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), CANCELLING_KEY));
}

void
kz_progress_dialog_set_can_cancel (GtkWidget *dialog,
                                   gboolean   can_cancel)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                           can_cancel && !kz_progress_dialog_get_cancelling (dialog));
}

GtkWidget *
kz_message_dialog_new (GtkWindow  *parent,
                       const char *heading,
                       const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  return dialog;
}
