/* kz-criterion-row.c — one criterion of the review form
 *
 * Title, guidance behind an expander, the scale's points as grouped toggle
 * buttons (a point's guidance is its tooltip), N/A only where the rubric
 * allows it, a comment, and for calls the moment the comment refers to.
 * The row only holds the answer; the workspace scores and saves it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-criterion-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-criterion-row.h"

struct _KzCriterionRow
{
  GtkBox             parent_instance;

  const KzCriterion *criterion;
  GPtrArray         *point_buttons;  /* GtkToggleButton*, scale order */
  GtkWidget         *na_button;      /* NULL when N/A is not allowed */
  GtkWidget         *comment_entry;
  GtkWidget         *time_button;    /* NULL unless timed */
  GtkWidget         *time_label;
  gint               comment_at_ms;
  gboolean           updating;
};

G_DEFINE_FINAL_TYPE (KzCriterionRow, kz_criterion_row, GTK_TYPE_BOX)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (KzCriterionRow *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_toggled (GtkToggleButton *button,
            KzCriterionRow  *self)
{
  /* A group toggles twice per pick (old off, new on): report the new one. */
  if (gtk_toggle_button_get_active (button))
    emit_changed (self);
}

static void
on_comment_changed (GtkEditable    *editable,
                    KzCriterionRow *self)
{
  emit_changed (self);
}

static char *
format_ms (gint ms)
{
  gint s = ms / 1000;

  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

static void
update_time_label (KzCriterionRow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *time = NULL;

  if (self->time_label == NULL)
    return;
  if (self->comment_at_ms < 0)
    {
      gtk_label_set_text (GTK_LABEL (self->time_label), "");
      gtk_widget_set_visible (self->time_label, FALSE);
      return;
    }
  time = format_ms (self->comment_at_ms);
  /* Translators: the moment of the recording a comment is about, e.g. "at 1:05" */
  text = g_strdup_printf (_("at %s"), time);
  gtk_label_set_text (GTK_LABEL (self->time_label), text);
  gtk_widget_set_visible (self->time_label, TRUE);
}

static void
kz_criterion_row_finalize (GObject *object)
{
  KzCriterionRow *self = KZ_CRITERION_ROW (object);

  g_clear_pointer (&self->point_buttons, g_ptr_array_unref);
  G_OBJECT_CLASS (kz_criterion_row_parent_class)->finalize (object);
}

static void
kz_criterion_row_class_init (KzCriterionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kz_criterion_row_finalize;

  /* KzCriterionRow::changed: the reviewer changed the answer or comment. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "kz-criterion-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kz_criterion_row_init (KzCriterionRow *self)
{
  self->comment_at_ms = -1;
  self->point_buttons = g_ptr_array_new ();
}

static GtkWidget *
make_badge (const char *text,
            const char *style)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_add_css_class (badge, "kz-badge");
  if (style != NULL)
    gtk_widget_add_css_class (badge, style);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

GtkWidget *
kz_criterion_row_new (const KzCriterion *criterion,
                      gboolean           timed)
{
  KzCriterionRow *self;
  GtkWidget *title_box, *title, *points, *comment_box;
  GtkToggleButton *group = NULL;

  g_return_val_if_fail (criterion != NULL, NULL);

  self = g_object_new (KZ_TYPE_CRITERION_ROW,
                       "orientation", GTK_ORIENTATION_VERTICAL,
                       "spacing", 8,
                       NULL);
  self->criterion = criterion;
  gtk_widget_set_name (GTK_WIDGET (self), criterion->id);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (title_box, 12);
  gtk_widget_set_margin_start (title_box, 12);
  gtk_widget_set_margin_end (title_box, 12);
  title = gtk_label_new (criterion->title);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (title_box), title);
  if (criterion->critical == KZ_CRITICAL_FORM)
    gtk_box_append (GTK_BOX (title_box), make_badge (_("Auto-fail"), "error"));
  else if (criterion->critical == KZ_CRITICAL_SECTION)
    gtk_box_append (GTK_BOX (title_box), make_badge (_("Fails section"), "warning"));
  if (!criterion->required)
    gtk_box_append (GTK_BOX (title_box), make_badge (_("Optional"), NULL));
  gtk_box_append (GTK_BOX (self), title_box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, criterion->title,
                                  -1);

  if (criterion->guidance != NULL && *criterion->guidance != '\0')
    {
      GtkWidget *expander = gtk_expander_new (_("Guidance"));
      GtkWidget *text = gtk_label_new (criterion->guidance);

      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_widget_add_css_class (text, "dim-label");
      gtk_widget_set_margin_top (text, 6);
      gtk_expander_set_child (GTK_EXPANDER (expander), text);
      gtk_widget_set_margin_start (expander, 12);
      gtk_widget_set_margin_end (expander, 12);
      gtk_widget_set_name (expander, "guidance");
      gtk_box_append (GTK_BOX (self), expander);
    }

  points = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (points, 12);
  gtk_widget_set_margin_end (points, 12);
  for (guint i = 0; i < criterion->scale->points->len; i++)
    {
      const KzScalePoint *point = g_ptr_array_index (criterion->scale->points, i);
      g_autofree char *name = g_strdup_printf ("point-%u", i);
      g_autofree char *tip = NULL;
      GtkWidget *button = gtk_toggle_button_new_with_label (point->label);

      /* Keys 1–9 then 0 pick the points in order (the workspace's actions). */
      if (point->guidance != NULL && *point->guidance != '\0')
        tip = i < 10 ? g_strdup_printf ("%s (%u)", point->guidance, (i + 1) % 10)
                     : g_strdup (point->guidance);
      else
        tip = i < 10 ? g_strdup_printf (_("Key %u"), (i + 1) % 10) : NULL;
      if (tip != NULL)
        gtk_widget_set_tooltip_text (button, tip);
      gtk_widget_set_name (button, name);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (on_toggled), self);
      g_ptr_array_add (self->point_buttons, button);
      gtk_box_append (GTK_BOX (points), button);
    }
  if (kz_criterion_allows_na (criterion))
    {
      self->na_button = gtk_toggle_button_new_with_label (_("N/A"));
      gtk_widget_set_name (self->na_button, "na");
      gtk_widget_set_tooltip_text (self->na_button, _("Not applicable (N)"));
      gtk_widget_set_margin_start (self->na_button, 12);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->na_button), group);
      g_signal_connect (self->na_button, "toggled", G_CALLBACK (on_toggled), self);
      gtk_box_append (GTK_BOX (points), self->na_button);
    }
  gtk_box_append (GTK_BOX (self), points);

  comment_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (comment_box, 12);
  gtk_widget_set_margin_end (comment_box, 12);
  gtk_widget_set_margin_bottom (comment_box, 12);
  self->comment_entry = gtk_entry_new ();
  gtk_widget_set_name (self->comment_entry, "comment");
  gtk_widget_set_hexpand (self->comment_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->comment_entry), _("Comment"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->comment_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comment"),
                                  -1);
  g_signal_connect (self->comment_entry, "changed", G_CALLBACK (on_comment_changed), self);
  gtk_box_append (GTK_BOX (comment_box), self->comment_entry);
  if (timed)
    {
      self->time_label = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->time_label, "dim-label");
      gtk_widget_add_css_class (self->time_label, "numeric");
      gtk_widget_set_visible (self->time_label, FALSE);
      gtk_box_append (GTK_BOX (comment_box), self->time_label);

      self->time_button = gtk_button_new_from_icon_name ("find-location-symbolic");
      gtk_widget_set_name (self->time_button, "comment-at-time");
      gtk_widget_set_tooltip_text (self->time_button, _("Comment at Current Time"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comment at Current Time"),
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->time_button), "review.comment-at-time");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->time_button), "s", criterion->id);
      gtk_box_append (GTK_BOX (comment_box), self->time_button);
    }
  gtk_box_append (GTK_BOX (self), comment_box);

  return GTK_WIDGET (self);
}

const KzCriterion *
kz_criterion_row_get_criterion (KzCriterionRow *self)
{
  g_return_val_if_fail (KZ_IS_CRITERION_ROW (self), NULL);
  return self->criterion;
}

void
kz_criterion_row_set_answer (KzCriterionRow *self,
                             const KzAnswer *answer)
{
  g_return_if_fail (KZ_IS_CRITERION_ROW (self));

  self->updating = TRUE;
  for (guint i = 0; i < self->point_buttons->len; i++)
    {
      const KzScalePoint *point = g_ptr_array_index (self->criterion->scale->points, i);
      gboolean active = answer != NULL && answer->kind == KZ_ANSWER_VALUE && answer->value == point->value;

      gtk_toggle_button_set_active (g_ptr_array_index (self->point_buttons, i), active);
    }
  if (self->na_button != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->na_button),
                                  answer != NULL && answer->kind == KZ_ANSWER_NA);
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry),
                         answer != NULL && answer->comment != NULL ? answer->comment : "");
  self->comment_at_ms = answer != NULL ? answer->comment_at_ms : -1;
  update_time_label (self);
  self->updating = FALSE;
}

KzAnswer *
kz_criterion_row_dup_answer (KzCriterionRow *self)
{
  const char *comment;
  KzAnswerKind kind = KZ_ANSWER_UNANSWERED;
  double value = 0;
  KzAnswer *answer;

  g_return_val_if_fail (KZ_IS_CRITERION_ROW (self), NULL);

  for (guint i = 0; i < self->point_buttons->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->point_buttons, i)))
      {
        const KzScalePoint *point = g_ptr_array_index (self->criterion->scale->points, i);

        kind = KZ_ANSWER_VALUE;
        value = point->value;
      }
  if (self->na_button != NULL && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->na_button)))
    kind = KZ_ANSWER_NA;

  comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));
  if (comment != NULL && *comment == '\0')
    comment = NULL;
  if (kind == KZ_ANSWER_UNANSWERED && comment == NULL && self->comment_at_ms < 0)
    return NULL;

  answer = kz_answer_new (self->criterion->id, kind, value, comment);
  answer->comment_at_ms = self->comment_at_ms;
  return answer;
}

gboolean
kz_criterion_row_pick (KzCriterionRow *self,
                       guint           index)
{
  g_return_val_if_fail (KZ_IS_CRITERION_ROW (self), FALSE);

  if (index >= self->point_buttons->len ||
      !gtk_widget_is_sensitive (GTK_WIDGET (self)))
    return FALSE;
  gtk_toggle_button_set_active (g_ptr_array_index (self->point_buttons, index), TRUE);
  return TRUE;
}

gboolean
kz_criterion_row_pick_na (KzCriterionRow *self)
{
  g_return_val_if_fail (KZ_IS_CRITERION_ROW (self), FALSE);

  if (self->na_button == NULL || !gtk_widget_is_sensitive (GTK_WIDGET (self)))
    return FALSE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->na_button), TRUE);
  return TRUE;
}

void
kz_criterion_row_set_comment_time (KzCriterionRow *self,
                                   gint            ms)
{
  g_return_if_fail (KZ_IS_CRITERION_ROW (self));

  if (self->comment_at_ms == ms)
    return;
  self->comment_at_ms = ms;
  update_time_label (self);
  emit_changed (self);
}

void
kz_criterion_row_grab_focus (KzCriterionRow *self)
{
  g_return_if_fail (KZ_IS_CRITERION_ROW (self));

  for (guint i = 0; i < self->point_buttons->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->point_buttons, i)))
      {
        gtk_widget_grab_focus (g_ptr_array_index (self->point_buttons, i));
        return;
      }
  if (self->na_button != NULL && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->na_button)))
    gtk_widget_grab_focus (self->na_button);
  else if (self->point_buttons->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->point_buttons, 0));
}

void
kz_criterion_row_set_editable (KzCriterionRow *self,
                               gboolean        editable)
{
  g_return_if_fail (KZ_IS_CRITERION_ROW (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self), editable);
}
