/* kz-email-thread-view.h — an email interaction's thread, oldest first
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One run of a message body: what the sender wrote, or quoted text
 * ("> " lines, an "On … wrote:" line before them, or everything after an
 * "-----Original Message-----" line). */
typedef struct {
  char     *text;
  gboolean  quoted;
  guint     n_lines;
} KzBodyPart;

void       kz_body_part_free     (KzBodyPart *self);
/* The parts of @body in order (KzBodyPart*); no text is lost. */
GPtrArray *kz_email_body_split   (const char *body);

#define KZ_TYPE_EMAIL_THREAD_VIEW (kz_email_thread_view_get_type ())
G_DECLARE_FINAL_TYPE (KzEmailThreadView, kz_email_thread_view, KZ, EMAIL_THREAD_VIEW, GtkBox)

/* @messages: KzEmailMessage*, oldest first (as kz_store_list_messages gives them). */
GtkWidget *kz_email_thread_view_new            (GPtrArray         *messages);
guint      kz_email_thread_view_get_n_messages (KzEmailThreadView *self);

G_END_DECLS
