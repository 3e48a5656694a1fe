/* kz-impact-page.c — "Did it work?"
 *
 * The criteria of the stored rubrics (latest versions) and the done
 * plans (sessions, eLearning, training) are read off the UI thread; choosing a criterion and a
 * date (typed, or taken from a plan) works the figure out off the UI thread
 * too: who was coached and who is left out (kz_impact_coached_from_plans(),
 * the same rule as kaizenctl report impact), then
 * kz_impact_for_criterion_excluding().  What is shown comes from the model:
 * kz_impact_headline(), kz_impact_describe(), and the groups' before and
 * after means as a line chart with Show as Table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-impact-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "kz-chart-frame.h"
#include "kz-error.h"
#include "kz-impact-page.h"
#include "kz-page-defer.h"
#include "kz-impact-query.h"
#include "kz-rubric.h"
#include "kz-store-job.h"

typedef struct {
  char *rubric_id;
  char *criterion_id;
} Criterion;

typedef struct {
  gint64 id;
  GDate  date;
} DonePlan;

struct _KzImpactPage
{
  AdwBin        parent_instance;

  KzStore      *store;
  GCancellable *cancellable;
  gboolean      loading;
  guint         computing;
  guint         generation;
  GArray       *criteria;     /* Criterion, parallel to the drop-down */
  GPtrArray    *plans;        /* KzPlan*: done, not eLearning */
  GArray       *plan_dates;   /* DonePlan, parallel to the plan drop-down after "From a plan…" */
  gboolean      filling;
  gboolean      has_impact;
  KzImpact      impact;

  GtkDropDown  *criterion_dropdown;
  GtkEntry     *date_entry;
  GtkDropDown  *plan_dropdown;
  GtkLabel     *headline_label;
  GtkLabel     *sentence_label;
  GtkLabel     *rtm_label;
  KzChartFrame *chart_frame;
};

G_DEFINE_FINAL_TYPE (KzImpactPage, kz_impact_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
criterion_clear (Criterion *c)
{
  g_free (c->rubric_id);
  g_free (c->criterion_id);
}

static void
notify_busy (KzImpactPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gboolean
kz_impact_page_get_busy (KzImpactPage *self)
{
  g_return_val_if_fail (KZ_IS_IMPACT_PAGE (self), FALSE);
  return self->loading || self->computing > 0;
}

gboolean
kz_impact_page_get_impact (KzImpactPage *self,
                           KzImpact     *out)
{
  g_return_val_if_fail (KZ_IS_IMPACT_PAGE (self), FALSE);
  if (self->has_impact && out != NULL)
    *out = self->impact;
  return self->has_impact;
}

static gboolean
plan_on (const KzPlan    *plan,
         const Criterion *c)
{
  for (guint i = 0; i < plan->criteria->len; i++)
    {
      const KzCriterionRef *r = plan->criteria->pdata[i];
      if (g_strcmp0 (r->rubric_id, c->rubric_id) == 0 && g_strcmp0 (r->criterion_id, c->criterion_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static const Criterion *
current_criterion (KzImpactPage *self)
{
  guint i = gtk_drop_down_get_selected (self->criterion_dropdown);

  return self->criteria != NULL && i < self->criteria->len ? &g_array_index (self->criteria, Criterion, i) : NULL;
}

/* The plans done on the criterion, as "title, date" to take the date from. */
static void
fill_plans (KzImpactPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const Criterion *c = current_criterion (self);

  self->filling = TRUE;
  g_array_set_size (self->plan_dates, 0);
  gtk_string_list_append (names, _("Date from a plan…"));
  for (guint i = 0; c != NULL && self->plans != NULL && i < self->plans->len; i++)
    {
      const KzPlan *p = self->plans->pdata[i];
      GDateTime *when = p->starts_at != NULL ? p->starts_at : p->completed_at;
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *day = NULL;
      g_autofree char *text = NULL;
      DonePlan d = { p->id };

      if (when == NULL || !plan_on (p, c))
        continue;
      local = g_date_time_to_local (when);
      day = g_date_time_format (local, "%Y-%m-%d");
      g_date_clear (&d.date, 1);
      g_date_set_dmy (&d.date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                      g_date_time_get_year (local));
      text = g_strdup_printf ("%s, %s", p->title, day);
      gtk_string_list_append (names, text);
      g_array_append_val (self->plan_dates, d);
    }
  gtk_drop_down_set_model (self->plan_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->plan_dropdown, 0);
  self->filling = FALSE;
}

/* ---- showing a figure ----------------------------------------------------------- */

static void
show_chart (KzImpactPage   *self,
            const KzImpact *impact)
{
  g_autoptr(KzChartData) data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE,
                                                   _("criterion score before and after coaching"));
  g_autofree char *coached = g_strdup_printf (_("Coached (%u)"), impact->n_coached);
  guint before, after, s;

  kz_chart_data_set_category_title (data, _("Window"));
  kz_chart_data_set_category_noun (data, _("window"), _("windows"));
  before = kz_chart_data_add_category (data, _("Before"));
  after = kz_chart_data_add_category (data, _("After"));
  s = kz_chart_data_add_series (data, coached);
  kz_chart_data_set_value (data, s, before, impact->pre_coached, impact->n_coached);
  kz_chart_data_set_value (data, s, after, impact->post_coached, impact->n_coached);
  if (impact->kind == KZ_IMPACT_EFFECT)
    {
      g_autofree char *others = g_strdup_printf (_("Not coached (%u)"), impact->n_comparison);

      s = kz_chart_data_add_series (data, others);
      kz_chart_data_set_value (data, s, before, impact->pre_comparison, impact->n_comparison);
      kz_chart_data_set_value (data, s, after, impact->post_comparison, impact->n_comparison);
    }
  kz_chart_frame_set_data (self->chart_frame, data);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_frame), TRUE);
}

static void
show_impact (KzImpactPage   *self,
             const KzImpact *impact)
{
  g_autofree char *headline = kz_impact_headline (impact);
  g_autofree char *sentence = NULL;
  KzImpact plain = *impact;

  /* The warning has its own line: the sentence leaves it out. */
  plain.rtm_applies = FALSE;
  sentence = kz_impact_describe (&plain);

  self->has_impact = TRUE;
  self->impact = *impact;
  gtk_label_set_text (self->headline_label, headline);
  if (impact->kind == KZ_IMPACT_EFFECT)
    {
      /* Translators: Hedges' g, a standardised effect size */
      g_autofree char *g = g_strdup_printf (_(" Effect size (Hedges’ g): %.2f."), impact->hedges_g);
      char *both = g_strconcat (sentence, g, NULL);

      g_free (sentence);
      sentence = both;
    }
  gtk_label_set_text (self->sentence_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->rtm_label), impact->kind != KZ_IMPACT_NOT_ENOUGH_DATA && impact->rtm_applies);
  if (impact->rtm_applies)
    {
      /* A ρ that rounds to zero reads 0.00, never −0.00. */
      double rho = fabs (impact->rho) < 0.005 ? 0.0 : impact->rho;
      g_autofree char *rtm = g_strdup_printf (_("Careful: the coached agents started below the average (ρ = %.2f), "
                                                "so about %.1f points of rise was expected even without coaching."),
                                              rho, impact->rtm_expected);
      gtk_label_set_text (self->rtm_label, rtm);
    }
  if (impact->kind == KZ_IMPACT_NOT_ENOUGH_DATA)
    gtk_widget_set_visible (GTK_WIDGET (self->chart_frame), FALSE);
  else
    show_chart (self, impact);
}

static void
show_message (KzImpactPage *self,
              const char   *headline,
              const char   *sentence)
{
  self->has_impact = FALSE;
  gtk_label_set_text (self->headline_label, headline);
  gtk_label_set_text (self->sentence_label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->rtm_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_frame), FALSE);
}

typedef struct {
  char *rubric_id;
  char *criterion_id;
  GDate date;
} Question;

static void
question_free (Question *q)
{
  g_free (q->rubric_id);
  g_free (q->criterion_id);
  g_free (q);
}

static gpointer
compute_job (KzStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  Question *q = data;
  g_autoptr(GArray) coached = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) left_out = g_array_new (FALSE, FALSE, sizeof (gint64));
  KzImpactPlan plan;
  KzImpact *out;

  kz_impact_plan_init (&plan, kz_impact_day_of_date (&q->date));
  if (!kz_impact_coached_from_plans (store, q->rubric_id, q->criterion_id, &q->date, &plan, coached, left_out, error))
    return NULL;
  out = g_new0 (KzImpact, 1);
  if (!kz_impact_for_criterion_excluding (store, q->rubric_id, q->criterion_id, &q->date, &plan, coached, left_out,
                                          out, error))
    g_clear_pointer (&out, g_free);
  return out;
}

static void
on_computed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree KzImpact *impact = kz_store_job_finish (result, &error);
  KzImpactPage *self;

  if (impact == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KZ_IMPACT_PAGE (source);
  self->computing--;
  if (GPOINTER_TO_UINT (user_data) == self->generation)
    {
      if (impact == NULL)
        {
          if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
            gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
          show_message (self, _("No figure"), error->message);
        }
      else
        show_impact (self, impact);
    }
  notify_busy (self);
}

static void
compute (KzImpactPage *self)
{
  const Criterion *c = current_criterion (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  Question *q;
  int y, m, d;
  char tail;

  if (self->store == NULL || c == NULL)
    return;
  if (text == NULL || sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    {
      self->generation++;
      show_message (self, _("Choose a Coaching Date"),
                    _("Type the date the coaching took place (like 2027-03-04) or take it from a plan."));
      return;
    }
  q = g_new0 (Question, 1);
  q->rubric_id = g_strdup (c->rubric_id);
  q->criterion_id = g_strdup (c->criterion_id);
  g_date_clear (&q->date, 1);
  g_date_set_dmy (&q->date, d, m, y);
  self->generation++;
  self->computing++;
  notify_busy (self);
  kz_store_job_run_async (self->store, self, compute_job, q, (GDestroyNotify) question_free, g_free,
                          self->cancellable, on_computed, GUINT_TO_POINTER (self->generation));
}

static void
on_criterion_changed (KzImpactPage *self)
{
  if (self->filling)
    return;
  fill_plans (self);
  compute (self);
}

static void
on_plan_changed (KzImpactPage *self)
{
  guint i = gtk_drop_down_get_selected (self->plan_dropdown);
  char text[16];
  const GDate *date;

  if (self->filling || i == 0 || i > self->plan_dates->len)
    return;
  date = &g_array_index (self->plan_dates, DonePlan, i - 1).date;
  g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
  compute (self);
}

void
kz_impact_page_set_date (KzImpactPage *self,
                         const GDate  *date)
{
  char text[16];

  g_return_if_fail (KZ_IS_IMPACT_PAGE (self) && g_date_valid (date));
  g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
  compute (self);
}

gboolean
kz_impact_page_set_criterion (KzImpactPage *self,
                              const char   *rubric_id,
                              const char   *criterion_id)
{
  g_return_val_if_fail (KZ_IS_IMPACT_PAGE (self), FALSE);
  for (guint i = 0; self->criteria != NULL && i < self->criteria->len; i++)
    {
      Criterion *c = &g_array_index (self->criteria, Criterion, i);

      if (g_strcmp0 (c->rubric_id, rubric_id) == 0 && g_strcmp0 (c->criterion_id, criterion_id) == 0)
        {
          if (gtk_drop_down_get_selected (self->criterion_dropdown) == i)
            on_criterion_changed (self);
          else
            gtk_drop_down_set_selected (self->criterion_dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- loading -------------------------------------------------------------------- */

typedef struct {
  GArray    *criteria;   /* Criterion */
  GPtrArray *labels;     /* char*, parallel */
  GPtrArray *plans;      /* KzPlan* done */
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_clear_pointer (&l->criteria, g_array_unref);
  g_clear_pointer (&l->labels, g_ptr_array_unref);
  g_clear_pointer (&l->plans, g_ptr_array_unref);
  g_free (l);
}

static gpointer
load_job (KzStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) infos = kz_store_list_rubrics (store, error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  Loaded *l;

  if (infos == NULL)
    return NULL;
  l = g_new0 (Loaded, 1);
  l->criteria = g_array_new (FALSE, FALSE, sizeof (Criterion));
  g_array_set_clear_func (l->criteria, (GDestroyNotify) criterion_clear);
  l->labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < infos->len; i++)
    {
      KzRubricInfo *info = infos->pdata[i];
      g_autoptr(KzRubric) r = NULL;
      GPtrArray *sections;

      if (g_hash_table_contains (seen, info->id))
        continue;
      g_hash_table_add (seen, info->id);
      r = kz_store_get_rubric (store, info->id, 0, error);
      if (r == NULL)
        {
          loaded_free (l);
          return NULL;
        }
      sections = kz_rubric_get_sections (r);
      for (guint j = 0; j < sections->len; j++)
        {
          KzSection *s = sections->pdata[j];

          for (guint k = 0; k < s->criteria->len; k++)
            {
              KzCriterion *cr = s->criteria->pdata[k];
              Criterion c = { g_strdup (info->id), g_strdup (cr->id) };

              g_array_append_val (l->criteria, c);
              g_ptr_array_add (l->labels, g_strdup_printf ("%s — %s", info->title, cr->title));
            }
        }
    }
  l->plans = kz_store_list_plans (store, 0, error);
  if (l->plans == NULL)
    {
      loaded_free (l);
      return NULL;
    }
  for (guint i = 0; i < l->plans->len; i++)
    {
      KzPlan *p = l->plans->pdata[i];
      if (p->state != KZ_PLAN_DONE)   /* every kind counts as coaching (kz_impact_coached_from_plans()) */
        g_ptr_array_remove_index (l->plans, i--);
    }
  return l;
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  Loaded *l = kz_store_job_finish (result, &error);
  KzImpactPage *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *keep_rubric = NULL;
  g_autofree char *keep_criterion = NULL;

  if (l == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KZ_IMPACT_PAGE (source);
  self->loading = FALSE;
  if (l == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      show_message (self, _("Cannot Read the Criteria"), error->message);
      notify_busy (self);
      return;
    }
  {
    const Criterion *was = current_criterion (self);

    if (was != NULL)
      {
        keep_rubric = g_strdup (was->rubric_id);
        keep_criterion = g_strdup (was->criterion_id);
      }
  }
  g_clear_pointer (&self->criteria, g_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  self->criteria = g_steal_pointer (&l->criteria);
  self->plans = g_steal_pointer (&l->plans);
  for (guint i = 0; i < l->labels->len; i++)
    gtk_string_list_append (names, l->labels->pdata[i]);
  loaded_free (l);
  self->filling = TRUE;
  gtk_drop_down_set_model (self->criterion_dropdown, G_LIST_MODEL (names));
  /* A reload keeps the criterion chosen. */
  for (guint i = 0; keep_rubric != NULL && i < self->criteria->len; i++)
    {
      Criterion *c = &g_array_index (self->criteria, Criterion, i);

      if (g_strcmp0 (c->rubric_id, keep_rubric) == 0 && g_strcmp0 (c->criterion_id, keep_criterion) == 0)
        gtk_drop_down_set_selected (self->criterion_dropdown, i);
    }
  self->filling = FALSE;
  fill_plans (self);
  if (self->criteria->len == 0)
    show_message (self, _("No Criteria Yet"), _("Import a rubric first."));
  else
    compute (self);
  notify_busy (self);
}

void
kz_impact_page_reload (KzImpactPage *self)
{
  g_return_if_fail (KZ_IS_IMPACT_PAGE (self));
  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_impact_page_reload))
    return;
  self->loading = TRUE;
  notify_busy (self);
  kz_store_job_run_async (self->store, self, load_job, NULL, NULL, (GDestroyNotify) loaded_free,
                          self->cancellable, on_loaded, NULL);
}

void
kz_impact_page_set_store (KzImpactPage *self,
                          KzStore      *store)
{
  g_return_if_fail (KZ_IS_IMPACT_PAGE (self));
  if (!g_set_object (&self->store, store))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->computing = 0;
  self->has_impact = FALSE;
  kz_impact_page_reload (self);
}

static void
kz_impact_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, kz_impact_page_get_busy (KZ_IMPACT_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_impact_page_dispose (GObject *object)
{
  KzImpactPage *self = KZ_IMPACT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->criteria, g_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->plan_dates, g_array_unref);
  G_OBJECT_CLASS (kz_impact_page_parent_class)->dispose (object);
}

static void
kz_impact_page_class_init (KzImpactPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_impact_page_dispose;
  object_class->get_property = kz_impact_page_get_property;
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_CHART_FRAME);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-impact-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzImpactPage, criterion_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzImpactPage, date_entry);
  gtk_widget_class_bind_template_child (widget_class, KzImpactPage, plan_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzImpactPage, headline_label);
  gtk_widget_class_bind_template_child (widget_class, KzImpactPage, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, KzImpactPage, rtm_label);
  gtk_widget_class_bind_template_child (widget_class, KzImpactPage, chart_frame);
  gtk_widget_class_bind_template_callback (widget_class, compute);
  gtk_widget_class_bind_template_callback (widget_class, on_criterion_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_changed);
}

static void
kz_impact_page_init (KzImpactPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->plan_dates = g_array_new (FALSE, FALSE, sizeof (DonePlan));
  show_message (self, _("Did It Work?"), _("Choose a criterion and the date the coaching took place."));
}

GtkWidget *
kz_impact_page_new (void)
{
  return g_object_new (KZ_TYPE_IMPACT_PAGE, NULL);
}
