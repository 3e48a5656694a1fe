/* kz-idea-row.c — one idea on the board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-idea-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-idea-row.h"
#include "kz-voice-format.h"

struct _KzIdeaRow
{
  GtkListBoxRow  parent_instance;

  KzIdea        *idea;
  gboolean       voted;

  GtkWidget     *vote_button;
  GtkLabel      *votes_label;
  GtkLabel      *title_label;
  GtkLabel      *status_label;
  GtkLabel      *meta_label;
  GtkLabel      *comments_label;
};

G_DEFINE_FINAL_TYPE (KzIdeaRow, kz_idea_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  VOTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
kz_idea_row_describe (const KzIdea *idea)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_autofree char *week = kz_voice_format_week (&idea->week);
  g_auto(GStrv) strv = NULL;

  if (idea->category != NULL && *idea->category != '\0')
    g_strv_builder_add (parts, idea->category);
  if (idea->author_name != NULL)
    g_strv_builder_add (parts, idea->author_name);
  else if (idea->pseudonym != NULL)
    g_strv_builder_add (parts, idea->pseudonym);
  g_strv_builder_add (parts, week);
  strv = g_strv_builder_end (parts);
  return g_strjoinv (" · ", strv);
}

static void
update_votes (KzIdeaRow *self)
{
  g_autofree char *votes = g_strdup_printf ("%u", self->idea->n_votes);
  g_autofree char *label = NULL;

  gtk_label_set_text (self->votes_label, votes);
  gtk_widget_set_sensitive (self->vote_button, !self->voted && self->idea->merged_into == NULL);
  if (self->voted)
    /* Translators: the vote button once the person has voted */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "You voted: %u vote", "You voted: %u votes",
                                          self->idea->n_votes), self->idea->n_votes);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Vote: %u vote so far", "Vote: %u votes so far",
                                          self->idea->n_votes), self->idea->n_votes);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->vote_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (self->vote_button, self->voted ? _("You voted for this idea") :
                                                                _("Vote for this idea: one vote a person"));
  if (self->voted)
    gtk_widget_add_css_class (self->vote_button, "kz-voted");
}

static void
on_vote_clicked (KzIdeaRow *self)
{
  g_signal_emit (self, signals[VOTE], 0);
}

const KzIdea *
kz_idea_row_get_idea (KzIdeaRow *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_ROW (self), NULL);
  return self->idea;
}

gboolean
kz_idea_row_get_voted (KzIdeaRow *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_ROW (self), FALSE);
  return self->voted;
}

void
kz_idea_row_set_voted (KzIdeaRow *self,
                       guint      n_votes)
{
  g_return_if_fail (KZ_IS_IDEA_ROW (self));

  self->voted = TRUE;
  self->idea->n_votes = n_votes;
  update_votes (self);
}

GtkWidget *
kz_idea_row_get_vote_button (KzIdeaRow *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_ROW (self), NULL);
  return self->vote_button;
}

static void
kz_idea_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KZ_TYPE_IDEA_ROW);
  G_OBJECT_CLASS (kz_idea_row_parent_class)->dispose (object);
}

static void
kz_idea_row_finalize (GObject *object)
{
  KzIdeaRow *self = KZ_IDEA_ROW (object);

  g_clear_pointer (&self->idea, kz_idea_free);
  G_OBJECT_CLASS (kz_idea_row_parent_class)->finalize (object);
}

static void
kz_idea_row_class_init (KzIdeaRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_idea_row_dispose;
  object_class->finalize = kz_idea_row_finalize;

  signals[VOTE] = g_signal_new ("vote", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-idea-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KzIdeaRow, vote_button);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaRow, votes_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaRow, comments_label);
  gtk_widget_class_bind_template_callback (widget_class, on_vote_clicked);
}

static void
kz_idea_row_init (KzIdeaRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static KzIdea *
idea_copy (const KzIdea *idea)
{
  KzIdea *copy = kz_idea_new ();

  copy->id = g_strdup (idea->id);
  copy->title = g_strdup (idea->title);
  copy->body = g_strdup (idea->body);
  copy->category = g_strdup (idea->category);
  copy->author_id = idea->author_id;
  copy->author_name = g_strdup (idea->author_name);
  copy->pseudonym = g_strdup (idea->pseudonym);
  copy->week = idea->week;
  copy->status = idea->status;
  copy->decline_reason = g_strdup (idea->decline_reason);
  copy->outcome = g_strdup (idea->outcome);
  copy->merged_into = g_strdup (idea->merged_into);
  copy->n_votes = idea->n_votes;
  copy->n_comments = idea->n_comments;
  return copy;
}

GtkWidget *
kz_idea_row_new (const KzIdea *idea,
                 gboolean      voted)
{
  KzIdeaRow *self;
  g_autofree char *meta = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *name = NULL;
  const char *style;

  g_return_val_if_fail (idea != NULL, NULL);

  self = g_object_new (KZ_TYPE_IDEA_ROW, NULL);
  self->idea = idea_copy (idea);
  self->voted = voted;
  name = g_strdup_printf ("idea-%s", idea->id);
  gtk_widget_set_name (GTK_WIDGET (self), name);

  gtk_label_set_text (self->title_label, idea->title);
  gtk_label_set_text (self->status_label, kz_voice_idea_status_label (idea->status));
  style = kz_voice_idea_status_style (idea->status);
  if (*style != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), style);
  meta = kz_idea_row_describe (idea);
  gtk_label_set_text (self->meta_label, meta);
  comments = g_strdup_printf ("%u", idea->n_comments);
  gtk_label_set_text (self->comments_label, comments);
  update_votes (self);
  return GTK_WIDGET (self);
}
