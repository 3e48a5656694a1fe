/* kz-customer-voice-view.c — quality against the customer's voice, on screen
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-customer-voice-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-customer-voice-view.h"
#include "kz-reports.h"
#include "kz-store-job.h"

struct _KzCustomerVoiceView
{
  AdwBin         parent_instance;

  GtkLabel      *status_label;
  KzChartFrame  *voice_frame;
  GtkLabel      *sentence_label;
  GtkMenuButton *export_button;

  KzStore       *store;
  GCancellable  *cancellable;
  gboolean       loading;
  guint          n_exporting;

  KzCustomerVoice *voice;
  char          *criterion_id;
  char          *sentence;
};

G_DEFINE_FINAL_TYPE (KzCustomerVoiceView, kz_customer_voice_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (KzCustomerVoiceView *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_status (KzCustomerVoiceView *self,
             const char          *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
show_sentence (KzCustomerVoiceView *self)
{
  const KzVoiceCriterion *found = NULL;

  g_clear_pointer (&self->sentence, g_free);
  for (guint i = 0; self->voice != NULL && i < self->voice->criteria->len; i++)
    {
      const KzVoiceCriterion *c = g_ptr_array_index (self->voice->criteria, i);

      if (found == NULL || g_strcmp0 (c->criterion_id, self->criterion_id) == 0)
        found = c;
      if (g_strcmp0 (c->criterion_id, self->criterion_id) == 0)
        break;
    }
  if (found != NULL && g_strcmp0 (found->criterion_id, self->criterion_id) != 0 && self->criterion_id != NULL)
    found = NULL;   /* the criterion asked for is not in the latest version */
  if (found != NULL)
    self->sentence = kz_customer_voice_describe (found);
  gtk_label_set_text (self->sentence_label, self->sentence ? self->sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sentence_label), self->sentence != NULL);
}

/* ---- loading ------------------------------------------------------------------------ */

typedef struct {
  char      *rubric_id;
  GDateTime *from, *to;
} Job;

static void
job_free (Job *job)
{
  g_free (job->rubric_id);
  g_clear_pointer (&job->from, g_date_time_unref);
  g_clear_pointer (&job->to, g_date_time_unref);
  g_free (job);
}

static gpointer
voice_job (KzStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Job *job = data;

  return kz_customer_voice_compute (store, job->rubric_id, job->from, job->to, error);
}

static void
voice_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KzCustomerVoiceView) self = user_data;
  g_autoptr(GError) error = NULL;
  KzCustomerVoice *voice = kz_store_job_finish (result, &error);
  g_autoptr(KzChartData) chart = NULL;
  guint n_defined = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  g_clear_pointer (&self->voice, kz_customer_voice_free);
  if (voice == NULL)
    {
      show_status (self, error->message);
      kz_chart_frame_set_data (self->voice_frame, NULL);
      show_sentence (self);
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
      return;
    }
  self->voice = voice;
  chart = kz_reports_customer_voice_chart (voice, TRUE);
  kz_chart_frame_set_data (self->voice_frame, chart);
  for (guint i = 0; i < voice->criteria->len; i++)
    n_defined += ((KzVoiceCriterion *) g_ptr_array_index (voice->criteria, i))->welch.defined;
  if (voice->n_evaluations == 0)
    show_status (self, _("Not enough data: no evaluation in this period is of an interaction with a customer "
                         "rating."));
  else if (n_defined == 0)
    {
      g_autofree char *text = g_strdup_printf (_("Not enough data for any criterion: %u rated evaluations, and "
                                                 "each criterion needs at least two that passed it and two "
                                                 "that failed it."), voice->n_evaluations);
      show_status (self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("%u rated evaluations: %u CSAT, %u NPS."), voice->n_evaluations,
                                               voice->n_csat, voice->n_nps);
      show_status (self, text);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
  show_sentence (self);
}

void
kz_customer_voice_view_load (KzCustomerVoiceView *self,
                             const char          *rubric_id,
                             GDateTime           *from,
                             GDateTime           *to,
                             const char          *criterion_id)
{
  Job *job;

  g_return_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self));

  g_free (self->criterion_id);
  self->criterion_id = g_strdup (criterion_id);
  if (self->store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (Job, 1);
  job->rubric_id = g_strdup (rubric_id);
  job->from = from ? g_date_time_ref (from) : NULL;
  job->to = to ? g_date_time_ref (to) : NULL;
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, voice_job, job, (GDestroyNotify) job_free,
                          (GDestroyNotify) kz_customer_voice_free, self->cancellable, voice_done,
                          g_object_ref (self));
}

void
kz_customer_voice_view_set_criterion (KzCustomerVoiceView *self,
                                      const char          *criterion_id)
{
  g_return_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self));

  g_free (self->criterion_id);
  self->criterion_id = g_strdup (criterion_id);
  show_sentence (self);
}

static void
item_cb (KzChart             *chart,
         guint                row,
         guint                category,
         KzCustomerVoiceView *self)
{
  const KzVoiceCriterion *c;

  if (self->voice == NULL || category >= self->voice->criteria->len)
    return;
  c = g_ptr_array_index (self->voice->criteria, category);
  kz_customer_voice_view_set_criterion (self, c->criterion_id);
}

/* ---- exporting ---------------------------------------------------------------------- */

static void
export_with (KzCustomerVoiceView *self,
             KzReportFormat       format,
             const char          *path)
{
  if (self->voice == NULL)
    return;
  kz_report_export_from_page (GTK_WIDGET (self), kz_reports_customer_voice (self->voice), format, path,
                              _("customer-voice"), &self->n_exporting);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzReportFormat format;

  if (kz_report_format_from_string (g_variant_get_string (parameter, NULL), &format))
    export_with (KZ_CUSTOMER_VOICE_VIEW (widget), format, NULL);
}

void
kz_customer_voice_view_export_to (KzCustomerVoiceView *self,
                                  KzReportFormat       format,
                                  const char          *path)
{
  g_return_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self));
  g_return_if_fail (path != NULL);
  export_with (self, format, path);
}

gboolean
kz_customer_voice_view_get_exporting (KzCustomerVoiceView *self)
{
  g_return_val_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self), FALSE);
  return self->n_exporting > 0;
}

/* ---- the rest ----------------------------------------------------------------------- */

void
kz_customer_voice_view_set_store (KzCustomerVoiceView *self,
                                  KzStore             *store)
{
  g_return_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->store, store);
  set_loading (self, FALSE);
}

gboolean
kz_customer_voice_view_get_loading (KzCustomerVoiceView *self)
{
  g_return_val_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self), FALSE);
  return self->loading;
}

const KzCustomerVoice *
kz_customer_voice_view_get_voice (KzCustomerVoiceView *self)
{
  g_return_val_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self), NULL);
  return self->voice;
}

const char *
kz_customer_voice_view_get_sentence (KzCustomerVoiceView *self)
{
  g_return_val_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self), NULL);
  return self->sentence;
}

KzChartFrame *
kz_customer_voice_view_get_frame (KzCustomerVoiceView *self)
{
  g_return_val_if_fail (KZ_IS_CUSTOMER_VOICE_VIEW (self), NULL);
  return self->voice_frame;
}

static void
kz_customer_voice_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KzCustomerVoiceView *self = KZ_CUSTOMER_VOICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_customer_voice_view_dispose (GObject *object)
{
  KzCustomerVoiceView *self = KZ_CUSTOMER_VOICE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_CUSTOMER_VOICE_VIEW);
  G_OBJECT_CLASS (kz_customer_voice_view_parent_class)->dispose (object);
}

static void
kz_customer_voice_view_finalize (GObject *object)
{
  KzCustomerVoiceView *self = KZ_CUSTOMER_VOICE_VIEW (object);

  g_clear_pointer (&self->voice, kz_customer_voice_free);
  g_free (self->criterion_id);
  g_free (self->sentence);
  G_OBJECT_CLASS (kz_customer_voice_view_parent_class)->finalize (object);
}

static void
kz_customer_voice_view_class_init (KzCustomerVoiceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kz_customer_voice_view_get_property;
  object_class->dispose = kz_customer_voice_view_dispose;
  object_class->finalize = kz_customer_voice_view_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_CHART_FRAME);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/KaizenQA/Kaizen/kz-customer-voice-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KzCustomerVoiceView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KzCustomerVoiceView, voice_frame);
  gtk_widget_class_bind_template_child (widget_class, KzCustomerVoiceView, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, KzCustomerVoiceView, export_button);
  gtk_widget_class_install_action (widget_class, "voice.export", "s", export_action);
}

static void
kz_customer_voice_view_init (KzCustomerVoiceView *self)
{
  g_autoptr(GMenuModel) menu = kz_report_export_menu ("voice.export");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->export_button, menu);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sentence_label), FALSE);
  /* Taller than the dashboard's other charts: bars go both ways from zero. */
  gtk_widget_set_size_request (GTK_WIDGET (kz_chart_frame_get_chart (self->voice_frame)), -1, 280);
  g_signal_connect (kz_chart_frame_get_chart (self->voice_frame), "item-activated", G_CALLBACK (item_cb), self);
}
