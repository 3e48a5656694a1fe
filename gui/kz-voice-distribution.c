/* kz-voice-distribution.c — a question's answers by point, as small bars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-voice-distribution"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-voice-distribution.h"

#define BAR_WIDTH  8
#define BAR_GAP    2
#define HEIGHT     22

struct _KzVoiceDistribution
{
  GtkWidget       parent_instance;

  KzQuestionKind  kind;
  guint           counts[11];
};

G_DEFINE_FINAL_TYPE (KzVoiceDistribution, kz_voice_distribution, GTK_TYPE_WIDGET)

static int
first_point (KzQuestionKind kind)
{
  return kind == KZ_QUESTION_AGREE_1_5 ? 1 : 0;
}

static int
last_point (KzQuestionKind kind)
{
  return kind == KZ_QUESTION_AGREE_1_5 ? 5 : 10;
}

char *
kz_voice_distribution_describe (KzQuestionKind kind,
                                const guint    counts[11])
{
  GString *text = g_string_new (NULL);

  for (int v = first_point (kind); v <= last_point (kind); v++)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: a scale point and how many answered it: "4: 5" */
      g_string_append_printf (text, _("%d: %u"), v, counts[v]);
    }
  return g_string_free (text, FALSE);
}

guint
kz_voice_distribution_get_count (KzVoiceDistribution *self,
                                 int                  value)
{
  g_return_val_if_fail (KZ_IS_VOICE_DISTRIBUTION (self), 0);
  return value >= 0 && value <= 10 ? self->counts[value] : 0;
}

static void
kz_voice_distribution_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  KzVoiceDistribution *self = KZ_VOICE_DISTRIBUTION (widget);
  int n = last_point (self->kind) - first_point (self->kind) + 1;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = n * BAR_WIDTH + (n - 1) * BAR_GAP;
  else
    *minimum = *natural = HEIGHT;
}

static void
kz_voice_distribution_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  KzVoiceDistribution *self = KZ_VOICE_DISTRIBUTION (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  int height = gtk_widget_get_height (widget);
  guint most = 0;
  GdkRGBA bar, base;
  int x = 0;

  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &bar))
    gdk_rgba_parse (&bar, "#3584e4");
  /* gtk_widget_get_color() is GTK 4.10. */
  gtk_style_context_get_color (context, &base);
  base.alpha *= 0.25f;

  for (int v = first_point (self->kind); v <= last_point (self->kind); v++)
    most = MAX (most, self->counts[v]);
  for (int v = first_point (self->kind); v <= last_point (self->kind); v++)
    {
      double h = most > 0 ? (double) self->counts[v] / most * (height - 2) : 0;

      gtk_snapshot_append_color (snapshot, &base, &GRAPHENE_RECT_INIT (x, height - 1, BAR_WIDTH, 1));
      if (h > 0)
        gtk_snapshot_append_color (snapshot, &bar, &GRAPHENE_RECT_INIT (x, height - 1 - h, BAR_WIDTH, h));
      x += BAR_WIDTH + BAR_GAP;
    }
}

static void
kz_voice_distribution_class_init (KzVoiceDistributionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = kz_voice_distribution_measure;
  widget_class->snapshot = kz_voice_distribution_snapshot;
  gtk_widget_class_set_css_name (widget_class, "kzvoicedistribution");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kz_voice_distribution_init (KzVoiceDistribution *self)
{
}

GtkWidget *
kz_voice_distribution_new (KzQuestionKind kind,
                           const guint    counts[11])
{
  KzVoiceDistribution *self = g_object_new (KZ_TYPE_VOICE_DISTRIBUTION, NULL);
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  self->kind = kind == KZ_QUESTION_AGREE_1_5 ? KZ_QUESTION_AGREE_1_5 : KZ_QUESTION_SCALE_0_10;
  memcpy (self->counts, counts, sizeof self->counts);
  text = kz_voice_distribution_describe (self->kind, self->counts);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  /* Translators: what a screen reader says of the bars */
  label = g_strdup_printf (_("Answers by point: %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  return GTK_WIDGET (self);
}
