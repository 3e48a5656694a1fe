/* kz-voice-scale.c — one pulse question's answer: 0–10 or 1–5 points
 *
 * The buttons are for the pointer; the keyboard talks to the scale itself
 * (one Tab stop a question, so a round is answered with a digit and a Tab
 * each).  The buttons keep one of them pressed by hand rather than as a
 * toggle group, so "not answered" (none pressed) stays possible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-voice-scale"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-voice-format.h"
#include "kz-voice-scale.h"

struct _KzVoiceScale
{
  GtkWidget       parent_instance;

  KzQuestionKind  kind;
  int             value;
  int             last_digit;       /* the digit typed last, for "1, 0" = 10 */
  gint64          last_digit_time;  /* monotonic µs */
  gboolean        syncing;

  GtkWidget      *points;           /* the buttons' box */
  GtkWidget      *buttons[11];      /* by value; NULL outside the scale */
  GtkWidget      *ends;             /* the words under a 0–10 scale */
};

G_DEFINE_FINAL_TYPE (KzVoiceScale, kz_voice_scale, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

int
kz_voice_scale_get_min (KzVoiceScale *self)
{
  g_return_val_if_fail (KZ_IS_VOICE_SCALE (self), 0);
  return self->kind == KZ_QUESTION_AGREE_1_5 ? 1 : 0;
}

int
kz_voice_scale_get_max (KzVoiceScale *self)
{
  g_return_val_if_fail (KZ_IS_VOICE_SCALE (self), 10);
  return self->kind == KZ_QUESTION_AGREE_1_5 ? 5 : 10;
}

KzQuestionKind
kz_voice_scale_get_kind (KzVoiceScale *self)
{
  g_return_val_if_fail (KZ_IS_VOICE_SCALE (self), KZ_QUESTION_SCALE_0_10);
  return self->kind;
}

int
kz_voice_scale_get_value (KzVoiceScale *self)
{
  g_return_val_if_fail (KZ_IS_VOICE_SCALE (self), -1);
  return self->value;
}

GtkWidget *
kz_voice_scale_get_button (KzVoiceScale *self,
                           int           value)
{
  g_return_val_if_fail (KZ_IS_VOICE_SCALE (self), NULL);
  return value >= 0 && value <= 10 ? self->buttons[value] : NULL;
}

static void
update_accessible (KzVoiceScale *self)
{
  g_autofree char *text = NULL;

  if (self->value < 0)
    text = g_strdup (_("Not answered"));
  else if (self->kind == KZ_QUESTION_AGREE_1_5)
    /* Translators: a point of the agreement scale: "4, Agree" */
    text = g_strdup_printf (_("%d, %s"), self->value, kz_voice_agree_label (self->value));
  else
    /* Translators: a point of the 0–10 scale */
    text = g_strdup_printf (_("%d out of 10"), self->value);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, (double) kz_voice_scale_get_min (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) kz_voice_scale_get_max (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) MAX (self->value, kz_voice_scale_get_min (self)),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

void
kz_voice_scale_set_value (KzVoiceScale *self,
                          int           value)
{
  g_return_if_fail (KZ_IS_VOICE_SCALE (self));

  if (value >= 0 && (value < kz_voice_scale_get_min (self) || value > kz_voice_scale_get_max (self)))
    return;
  if (value < 0)
    value = -1;

  self->syncing = TRUE;
  for (int v = 0; v <= 10; v++)
    if (self->buttons[v] != NULL)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->buttons[v]), v == value);
  self->syncing = FALSE;

  if (self->value == value)
    return;
  self->value = value;
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static void
on_button_toggled (KzVoiceScale    *self,
                   GtkToggleButton *button)
{
  int value = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "value"));

  if (self->syncing)
    return;
  /* Pressing the pressed point again keeps it: clearing is Delete. */
  kz_voice_scale_set_value (self, gtk_toggle_button_get_active (button) ? value : self->value);
  if (!gtk_toggle_button_get_active (button) && self->value == value)
    {
      self->syncing = TRUE;
      gtk_toggle_button_set_active (button, TRUE);
      self->syncing = FALSE;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* ---- keys --------------------------------------------------------------- */

static void
digit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KzVoiceScale *self = KZ_VOICE_SCALE (widget);
  int digit = g_variant_get_int32 (parameter);
  gint64 now = g_get_monotonic_time ();
  gboolean quick = now - self->last_digit_time < KZ_VOICE_SCALE_DIGIT_MS * 1000;

  if (self->kind == KZ_QUESTION_SCALE_0_10 && digit == 0 && quick && self->last_digit == 1 && self->value == 1)
    kz_voice_scale_set_value (self, 10);
  else
    kz_voice_scale_set_value (self, digit);
  self->last_digit = digit;
  self->last_digit_time = now;
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzVoiceScale *self = KZ_VOICE_SCALE (widget);
  int step = g_variant_get_int32 (parameter);
  int min = kz_voice_scale_get_min (self);
  int max = kz_voice_scale_get_max (self);

  self->last_digit = -1;
  if (self->value < 0)
    kz_voice_scale_set_value (self, step > 0 ? min : max);
  else
    kz_voice_scale_set_value (self, CLAMP (self->value + step, min, max));
}

static void
ends_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzVoiceScale *self = KZ_VOICE_SCALE (widget);

  self->last_digit = -1;
  if (g_str_equal (action_name, "scale.first"))
    kz_voice_scale_set_value (self, kz_voice_scale_get_min (self));
  else if (g_str_equal (action_name, "scale.last"))
    kz_voice_scale_set_value (self, kz_voice_scale_get_max (self));
  else
    kz_voice_scale_set_value (self, -1);
}

/* ---- building ------------------------------------------------------------ */

static void
build (KzVoiceScale *self,
       const char   *low,
       const char   *high)
{
  int min = kz_voice_scale_get_min (self);
  int max = kz_voice_scale_get_max (self);

  self->points = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (self->points), TRUE);
  gtk_widget_set_parent (self->points, GTK_WIDGET (self));

  for (int v = min; v <= max; v++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *number = g_strdup_printf ("%d", v);
      GtkWidget *number_label = gtk_label_new (number);
      g_autofree char *tooltip = NULL;

      gtk_widget_add_css_class (number_label, "kz-voice-point-number");
      gtk_box_append (GTK_BOX (box), number_label);
      if (self->kind == KZ_QUESTION_AGREE_1_5)
        {
          GtkWidget *words = gtk_label_new (kz_voice_agree_label (v));

          gtk_label_set_wrap (GTK_LABEL (words), TRUE);
          gtk_label_set_justify (GTK_LABEL (words), GTK_JUSTIFY_CENTER);
          gtk_label_set_max_width_chars (GTK_LABEL (words), 9);
          gtk_widget_add_css_class (words, "caption");
          gtk_box_append (GTK_BOX (box), words);
          tooltip = g_strdup_printf (_("%d, %s"), v, kz_voice_agree_label (v));
        }
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_set_focusable (button, FALSE);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_add_css_class (button, "kz-voice-point");
      if (tooltip != NULL)
        gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data (G_OBJECT (button), "value", GINT_TO_POINTER (v));
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_button_toggled), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (self->points), button);
      self->buttons[v] = button;
    }

  if (self->kind == KZ_QUESTION_SCALE_0_10 && (low != NULL || high != NULL))
    {
      GtkWidget *start = gtk_label_new (low);
      GtkWidget *end = gtk_label_new (high);

      self->ends = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_label_set_xalign (GTK_LABEL (start), 0);
      gtk_label_set_xalign (GTK_LABEL (end), 1);
      gtk_widget_set_hexpand (start, TRUE);
      gtk_widget_add_css_class (start, "caption");
      gtk_widget_add_css_class (start, "dim-label");
      gtk_widget_add_css_class (end, "caption");
      gtk_widget_add_css_class (end, "dim-label");
      gtk_box_append (GTK_BOX (self->ends), start);
      gtk_box_append (GTK_BOX (self->ends), end);
      gtk_widget_set_parent (self->ends, GTK_WIDGET (self));
    }
  update_accessible (self);
}

static void
kz_voice_scale_dispose (GObject *object)
{
  KzVoiceScale *self = KZ_VOICE_SCALE (object);

  g_clear_pointer (&self->points, gtk_widget_unparent);
  g_clear_pointer (&self->ends, gtk_widget_unparent);
  memset (self->buttons, 0, sizeof self->buttons);

  G_OBJECT_CLASS (kz_voice_scale_parent_class)->dispose (object);
}

static void
kz_voice_scale_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KzVoiceScale *self = KZ_VOICE_SCALE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_VALUE:
      g_value_set_int (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_voice_scale_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KzVoiceScale *self = KZ_VOICE_SCALE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value) == KZ_QUESTION_AGREE_1_5 ? KZ_QUESTION_AGREE_1_5 : KZ_QUESTION_SCALE_0_10;
      break;
    case PROP_VALUE:
      kz_voice_scale_set_value (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_voice_scale_class_init (KzVoiceScaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_voice_scale_dispose;
  object_class->get_property = kz_voice_scale_get_property;
  object_class->set_property = kz_voice_scale_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, KZ_QUESTION_SCALE_0_10, KZ_QUESTION_AGREE_1_5, KZ_QUESTION_SCALE_0_10,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_int ("value", NULL, NULL, -1, 10, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kzvoicescale");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);

  gtk_widget_class_install_action (widget_class, "scale.digit", "i", digit_action);
  gtk_widget_class_install_action (widget_class, "scale.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "scale.first", NULL, ends_action);
  gtk_widget_class_install_action (widget_class, "scale.last", NULL, ends_action);
  gtk_widget_class_install_action (widget_class, "scale.clear", NULL, ends_action);

  for (int d = 0; d <= 9; d++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + d, 0, "scale.digit", "i", d);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + d, 0, "scale.digit", "i", d);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "scale.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "scale.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "scale.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "scale.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "scale.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "scale.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "scale.first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "scale.last", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "scale.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "scale.clear", NULL);
}

static void
kz_voice_scale_init (KzVoiceScale *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  self->value = -1;
  self->last_digit = -1;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
}

GtkWidget *
kz_voice_scale_new (KzQuestionKind  kind,
                    const char     *low,
                    const char     *high)
{
  KzVoiceScale *self;

  g_return_val_if_fail (kind == KZ_QUESTION_SCALE_0_10 || kind == KZ_QUESTION_AGREE_1_5, NULL);

  self = g_object_new (KZ_TYPE_VOICE_SCALE, "kind", kind, NULL);
  build (self, low, high);
  return GTK_WIDGET (self);
}
