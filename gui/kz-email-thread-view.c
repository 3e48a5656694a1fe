/* kz-email-thread-view.c — an email interaction's thread, oldest first
 *
 * Each message is a card: headers, the body with quoted text folded behind
 * an expander (a reviewer reads what the agent wrote, not the history each
 * reply repeats), and the attachment list (names only: attachments are
 * never opened).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-email-thread-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-email-thread-view.h"
#include "kz-types.h"

struct _KzEmailThreadView
{
  GtkBox parent_instance;
  guint  n_messages;
};

G_DEFINE_FINAL_TYPE (KzEmailThreadView, kz_email_thread_view, GTK_TYPE_BOX)

void
kz_body_part_free (KzBodyPart *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

static gboolean
is_quote_line (const char *line)
{
  return line[0] == '>';
}

/* "On Mon, 2 Mar 2026, Ana <ana@…> wrote:" — the attribution line. */
static gboolean
is_attribution_line (const char *line)
{
  g_autofree char *stripped = g_strstrip (g_strdup (line));

  return g_str_has_prefix (stripped, "On ") && g_str_has_suffix (stripped, "wrote:");
}

static gboolean
is_original_message_line (const char *line)
{
  g_autofree char *stripped = g_strstrip (g_strdup (line));

  return g_str_has_prefix (stripped, "-----Original Message-----") ||
         g_str_has_prefix (stripped, "-------- Original Message --------");
}

static void
add_part (GPtrArray *parts,
          GString   *text,
          guint      n_lines,
          gboolean   quoted)
{
  KzBodyPart *part;

  if (n_lines == 0)
    return;
  /* Trailing blank lines belong to neither side. */
  while (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  if (text->len == 0 && !quoted)
    return;
  part = g_new0 (KzBodyPart, 1);
  part->text = g_strdup (text->str);
  part->quoted = quoted;
  part->n_lines = 1;
  for (const char *p = text->str; *p != '\0'; p++)
    if (*p == '\n')
      part->n_lines++;
  g_ptr_array_add (parts, part);
  g_string_truncate (text, 0);
}

GPtrArray *
kz_email_body_split (const char *body)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_body_part_free);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean quoted = FALSE;
  guint n_lines = 0;
  guint i;

  if (body == NULL)
    return g_steal_pointer (&parts);

  lines = g_strsplit (body, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean line_quoted;

      g_strchomp (lines[i]);  /* CRs and trailing blanks */

      if (quoted && n_lines > 0 && text->len > 0 && !is_quote_line (line) && *line == '\0')
        line_quoted = TRUE;  /* a blank line inside a quote keeps it going */
      else if (is_original_message_line (line))
        {
          /* Everything from here on is the forwarded or replied-to message. */
          add_part (parts, text, n_lines, quoted);
          n_lines = 0;
          for (; lines[i] != NULL; i++)
            {
              g_string_append (text, lines[i]);
              g_string_append_c (text, '\n');
              n_lines++;
            }
          add_part (parts, text, n_lines, TRUE);
          return g_steal_pointer (&parts);
        }
      else if (is_quote_line (line))
        line_quoted = TRUE;
      else if (is_attribution_line (line))
        {
          /* Quoted only when quoted lines follow (blank lines between allowed). */
          guint j = i + 1;

          while (lines[j] != NULL && is_blank (lines[j]))
            j++;
          line_quoted = lines[j] != NULL && is_quote_line (lines[j]);
        }
      else
        line_quoted = FALSE;

      if (line_quoted != quoted)
        {
          add_part (parts, text, n_lines, quoted);
          n_lines = 0;
          quoted = line_quoted;
        }
      g_string_append (text, line);
      g_string_append_c (text, '\n');
      n_lines++;
    }
  add_part (parts, text, n_lines, quoted);

  return g_steal_pointer (&parts);
}

static void
kz_email_thread_view_class_init (KzEmailThreadViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_css_name (widget_class, "kz-email-thread");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
kz_email_thread_view_init (KzEmailThreadView *self)
{
}

static GtkWidget *
make_text_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

static void
add_header (GtkGrid    *grid,
            int         row,
            const char *name,
            const char *value)
{
  GtkWidget *key, *text;

  if (value == NULL || *value == '\0')
    return;
  key = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (key), 1);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  text = make_text_label (value);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, key, NULL,
                                  -1);
  gtk_grid_attach (grid, key, 0, row, 1, 1);
  gtk_grid_attach (grid, text, 1, row, 1, 1);
}

static GtkWidget *
make_message (const KzEmailMessage *message)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *subject, *grid;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *date = NULL;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_name (card, "message");
  gtk_accessible_update_property (GTK_ACCESSIBLE (card),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  message->subject != NULL ? message->subject : "",
                                  -1);
  gtk_widget_set_margin_top (inner, 12);
  gtk_widget_set_margin_bottom (inner, 12);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_box_append (GTK_BOX (card), inner);

  subject = make_text_label (message->subject != NULL && *message->subject != '\0'
                             ? message->subject : _("(no subject)"));
  gtk_widget_add_css_class (subject, "heading");
  gtk_box_append (GTK_BOX (inner), subject);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  if (message->date != NULL)
    date = g_date_time_format (message->date, "%Y-%m-%d %H:%M");
  add_header (GTK_GRID (grid), 0, _("From"), message->from);
  add_header (GTK_GRID (grid), 1, _("To"), message->to);
  add_header (GTK_GRID (grid), 2, _("Cc"), message->cc);
  add_header (GTK_GRID (grid), 3, _("Date"), date);
  gtk_box_append (GTK_BOX (inner), grid);

  parts = kz_email_body_split (message->body);
  for (guint i = 0; i < parts->len; i++)
    {
      const KzBodyPart *part = g_ptr_array_index (parts, i);
      GtkWidget *label = make_text_label (part->text);

      if (part->quoted)
        {
          g_autofree char *title = NULL;
          GtkWidget *expander;

          /* Translators: an expander over text quoted from earlier messages */
          title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Quoted text (%u line)",
                                                "Quoted text (%u lines)", part->n_lines),
                                   part->n_lines);
          expander = gtk_expander_new (title);
          gtk_widget_set_name (expander, "quoted");
          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_set_margin_top (label, 6);
          gtk_expander_set_child (GTK_EXPANDER (expander), label);
          gtk_box_append (GTK_BOX (inner), expander);
        }
      else
        {
          gtk_widget_set_name (label, "body");
          gtk_box_append (GTK_BOX (inner), label);
        }
    }

  if (message->attachments != NULL && message->attachments->len > 0)
    {
      GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

      gtk_widget_set_name (list, "attachments");
      for (guint i = 0; i < message->attachments->len; i++)
        {
          const KzAttachment *a = g_ptr_array_index (message->attachments, i);
          GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *name = gtk_label_new (a->filename != NULL ? a->filename : _("(unnamed)"));
          g_autofree char *size = g_format_size ((guint64) MAX (a->size, 0));
          g_autofree char *detail = g_strdup_printf ("%s · %s",
                                                     a->mime_type != NULL ? a->mime_type : "",
                                                     size);
          GtkWidget *info = gtk_label_new (detail);

          gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
          gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
          gtk_label_set_xalign (GTK_LABEL (name), 0);
          gtk_box_append (GTK_BOX (row), name);
          gtk_widget_add_css_class (info, "dim-label");
          gtk_box_append (GTK_BOX (row), info);
          gtk_box_append (GTK_BOX (list), row);
        }
      gtk_box_append (GTK_BOX (inner), list);
    }

  return card;
}

GtkWidget *
kz_email_thread_view_new (GPtrArray *messages)
{
  KzEmailThreadView *self;

  g_return_val_if_fail (messages != NULL, NULL);

  self = g_object_new (KZ_TYPE_EMAIL_THREAD_VIEW,
                       "orientation", GTK_ORIENTATION_VERTICAL,
                       "spacing", 12,
                       NULL);
  for (guint i = 0; i < messages->len; i++)
    gtk_box_append (GTK_BOX (self), make_message (g_ptr_array_index (messages, i)));
  self->n_messages = messages->len;
  if (messages->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("This thread has no messages."));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_box_append (GTK_BOX (self), empty);
    }
  return GTK_WIDGET (self);
}

guint
kz_email_thread_view_get_n_messages (KzEmailThreadView *self)
{
  g_return_val_if_fail (KZ_IS_EMAIL_THREAD_VIEW (self), 0);
  return self->n_messages;
}
