/* kz-evaluation-view.c — one evaluation: its score, sections and answers
 *
 * All the numbers come from the model: the worker thread loads the
 * evaluation and the rubric version it was scored with, scores it with
 * kz_score_compute() and maps the result to strings with
 * kz_evaluation_display_new(); this file only puts those strings in widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-evaluation-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-evaluation-view.h"
#include "kz-score.h"
#include "kz-store-job.h"

struct _KzEvaluationView
{
  AdwBin               parent_instance;

  KzStore             *store;
  gint64               evaluation_id;
  KzEvaluationDisplay *display;
  GCancellable        *cancellable;
  gboolean             loading;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkScrolledWindow   *scrolled_window;
  GtkLabel            *final_score_label;
  GtkLabel            *verdict_label;
  GtkLabel            *agent_label;
  GtkLabel            *rubric_label;
  GtkLabel            *byline_label;
  AdwPreferencesGroup *summary_group;
  GtkBox              *sections_box;
  GtkLabel            *breakdown_label;

  GtkLabel            *raw_value;
  GtkLabel            *critical_value;
  GtkLabel            *auto_fail_value;
  AdwActionRow        *auto_fail_row;
  GtkLabel            *pass_mark_value;
  GtkLabel            *state_value;
};

G_DEFINE_FINAL_TYPE (KzEvaluationView, kz_evaluation_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_EVALUATION_ID,
  PROP_LOADING,
  PROP_AGENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (KzEvaluationView *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GtkLabel *
add_value_row (AdwPreferencesGroup  *group,
               const char           *title,
               AdwActionRow        **row_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_preferences_group_add (group, row);
  if (row_out != NULL)
    *row_out = ADW_ACTION_ROW (row);

  return GTK_LABEL (label);
}

static void
set_verdict_style (GtkWidget                 *label,
                   const KzEvaluationDisplay *display)
{
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");

  if (!display->has_score)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, display->pass ? "success" : "error");
}

static GtkWidget *
make_answer_row (const KzAnswerDisplay *answer)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (answer->answer);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), answer->criterion_title);
  if (answer->comment != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), answer->comment);

  if (answer->failed && answer->critical != NULL)
    {
      GtkWidget *badge = gtk_label_new (answer->critical);

      gtk_widget_add_css_class (badge, "kz-badge");
      gtk_widget_add_css_class (badge, "error");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }

  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (value, "kz-answer");
  if (answer->failed)
    gtk_widget_add_css_class (value, "error");
  else if (answer->unanswered)
    gtk_widget_add_css_class (value, "warning");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);

  return row;
}

static GtkWidget *
make_section_group (const KzSectionDisplay *section)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *score = gtk_label_new (section->score);
  g_autofree char *accessible = NULL;
  g_autoptr(GString) description = g_string_new (section->weight);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), section->title);
  if (section->note != NULL)
    {
      g_string_append (description, " · ");
      g_string_append (description, section->note);
    }
  {
    g_autofree char *escaped = g_markup_escape_text (description->str, -1);
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
  }

  gtk_widget_add_css_class (score, "kz-badge");
  gtk_widget_add_css_class (score, "numeric");
  gtk_widget_add_css_class (score, section->failed ? "error" : "accent");
  gtk_widget_set_valign (score, GTK_ALIGN_CENTER);
  /* Translators: spoken by screen readers, e.g. "Section score 87.5" */
  accessible = g_strdup_printf (_("Section score %s"), section->score);
  gtk_accessible_update_property (GTK_ACCESSIBLE (score),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), score);

  for (guint i = 0; i < section->answers->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               make_answer_row (g_ptr_array_index (section->answers, i)));

  return group;
}

static void
show_display (KzEvaluationView *self)
{
  const KzEvaluationDisplay *display = self->display;
  GtkWidget *child;
  g_autofree char *byline = NULL;
  g_autofree char *score_accessible = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);

  if (display == NULL)
    return;

  gtk_label_set_text (self->final_score_label, display->final_score);
  /* Translators: spoken by screen readers, e.g. "Final score 97.5" */
  score_accessible = g_strdup_printf (_("Final score %s"), display->final_score);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->final_score_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, score_accessible,
                                  -1);
  gtk_label_set_text (self->verdict_label, display->verdict);
  set_verdict_style (GTK_WIDGET (self->verdict_label), display);

  gtk_label_set_text (self->agent_label, display->agent);
  gtk_label_set_text (self->rubric_label, display->rubric);
  /* Translators: "Reviewed by Ann Lee · 3 March 2024, 14:05" */
  byline = g_strdup_printf (_("Reviewed by %s · %s"), display->reviewer, display->date);
  gtk_label_set_text (self->byline_label, byline);

  gtk_label_set_text (self->raw_value, display->raw_score);
  gtk_label_set_text (self->critical_value, display->critical_score);
  gtk_label_set_text (self->auto_fail_value, display->auto_fail);
  adw_action_row_set_subtitle (self->auto_fail_row, display->auto_fail_detail);
  if (display->auto_failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->auto_fail_value), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->auto_fail_value), "error");
  gtk_label_set_text (self->pass_mark_value, display->pass_mark);
  gtk_label_set_text (self->state_value, display->state);

  for (guint i = 0; i < display->sections->len; i++)
    gtk_box_append (self->sections_box, make_section_group (g_ptr_array_index (display->sections, i)));

  gtk_label_set_text (self->breakdown_label, display->breakdown);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

static gpointer
load_evaluation (KzStore       *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gint64 id = *(gint64 *) data;
  g_autoptr(KzEvaluation) evaluation = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzScore) score = NULL;
  g_autoptr(KzPerson) agent = NULL;
  g_autoptr(KzPerson) reviewer = NULL;

  evaluation = kz_store_get_evaluation (store, id, error);
  if (evaluation == NULL)
    return NULL;

  rubric = kz_store_get_rubric (store, evaluation->rubric_id, evaluation->rubric_version, error);
  if (rubric == NULL)
    return NULL;

  /* A missing person is shown as unknown rather than hiding the evaluation. */
  agent = kz_store_get_person (store, evaluation->agent_id, NULL);
  reviewer = kz_store_get_person (store, evaluation->reviewer_id, NULL);

  score = kz_score_compute (rubric, evaluation->answers);

  return kz_evaluation_display_new (evaluation, rubric, score,
                                    agent != NULL ? agent->name : NULL,
                                    reviewer != NULL ? reviewer->name : NULL);
}

static void
load_evaluation_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KzEvaluationView *self = KZ_EVALUATION_VIEW (object);
  g_autoptr(KzEvaluationDisplay) display = NULL;
  g_autoptr(GError) error = NULL;

  display = kz_store_job_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (display == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      set_loading (self, FALSE);
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      return;
    }

  g_clear_pointer (&self->display, kz_evaluation_display_free);
  self->display = g_steal_pointer (&display);
  show_display (self);
  gtk_stack_set_visible_child_name (self->stack, "evaluation");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
  set_loading (self, FALSE);
}

void
kz_evaluation_view_load (KzEvaluationView *self,
                         gint64            id)
{
  gint64 *data;

  g_return_if_fail (KZ_IS_EVALUATION_VIEW (self));
  g_return_if_fail (self->store != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->evaluation_id != id)
    {
      self->evaluation_id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION_ID]);
    }

  g_clear_pointer (&self->display, kz_evaluation_display_free);
  show_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  data = g_new (gint64, 1);
  *data = id;
  kz_store_job_run_async (self->store, self, load_evaluation, data, g_free,
                          (GDestroyNotify) kz_evaluation_display_free,
                          self->cancellable, load_evaluation_cb, NULL);
}

void
kz_evaluation_view_set_store (KzEvaluationView *self,
                              KzStore          *store)
{
  g_return_if_fail (KZ_IS_EVALUATION_VIEW (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gint64
kz_evaluation_view_get_evaluation_id (KzEvaluationView *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_VIEW (self), 0);
  return self->evaluation_id;
}

gboolean
kz_evaluation_view_get_loading (KzEvaluationView *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_VIEW (self), FALSE);
  return self->loading;
}

const KzEvaluationDisplay *
kz_evaluation_view_get_display (KzEvaluationView *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_VIEW (self), NULL);
  return self->display;
}

static void
kz_evaluation_view_dispose (GObject *object)
{
  KzEvaluationView *self = KZ_EVALUATION_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->display, kz_evaluation_display_free);

  /* The bin's child is a template child: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_EVALUATION_VIEW);

  G_OBJECT_CLASS (kz_evaluation_view_parent_class)->dispose (object);
}

static void
kz_evaluation_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KzEvaluationView *self = KZ_EVALUATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_EVALUATION_ID:
      g_value_set_int64 (value, self->evaluation_id);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_AGENT:
      g_value_set_string (value, self->display != NULL ? self->display->agent : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_evaluation_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KzEvaluationView *self = KZ_EVALUATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kz_evaluation_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_evaluation_view_class_init (KzEvaluationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_evaluation_view_dispose;
  object_class->get_property = kz_evaluation_view_get_property;
  object_class->set_property = kz_evaluation_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVALUATION_ID] =
    g_param_spec_int64 ("evaluation-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The agent's name, for the window title */
  properties[PROP_AGENT] =
    g_param_spec_string ("agent", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-evaluation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, stack);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, final_score_label);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, agent_label);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, rubric_label);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, byline_label);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, summary_group);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, sections_box);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationView, breakdown_label);
}

static void
kz_evaluation_view_init (KzEvaluationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->raw_value = add_value_row (self->summary_group, _("Raw score (before fail rules)"), NULL);
  self->critical_value = add_value_row (self->summary_group, _("Critical score"), NULL);
  self->auto_fail_value = add_value_row (self->summary_group, _("Auto-fail"), &self->auto_fail_row);
  self->pass_mark_value = add_value_row (self->summary_group, _("Pass mark"), NULL);
  self->state_value = add_value_row (self->summary_group, _("State"), NULL);
}

GtkWidget *
kz_evaluation_view_new (void)
{
  return g_object_new (KZ_TYPE_EVALUATION_VIEW, NULL);
}
