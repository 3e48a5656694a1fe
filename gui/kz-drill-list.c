/* kz-drill-list.c — the evaluations behind a dashboard's number
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-drill-list"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-drill-list.h"
#include "kz-rollup.h"
#include "kz-store-job.h"

struct _KzDrillList
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkLabel     *title_label;
  GtkLabel     *status_label;
  GtkListBox   *list_box;
  GtkButton    *close_button;

  KzStore      *store;
  GCancellable *cancellable;
  char         *title;
  GArray       *ids;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (KzDrillList, kz_drill_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  KzDrillFilter filter;
  char         *rubric_id;
  char         *criterion_id;
  GArray       *ids;          /* given: no drill query */
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->ids, g_array_unref);
  g_free (job->rubric_id);
  g_free (job->criterion_id);
  g_free (job);
}

typedef struct {
  GArray    *ids;
  GPtrArray *summaries;  /* KzEvaluationSummary*, ids order, at most KZ_DRILL_LIST_MAX_ROWS */
} Result;

static void
result_free (Result *r)
{
  g_clear_pointer (&r->ids, g_array_unref);
  g_clear_pointer (&r->summaries, g_ptr_array_unref);
  g_free (r);
}

/* The ids, then the list's lines for the first KZ_DRILL_LIST_MAX_ROWS of
 * them alone (kz_store_list_evaluations_by_id()), in the ids' order: a
 * whole-range drill at a million evaluations reads 500 lines, not the
 * period's summaries. */
static gpointer
drill_job (KzStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Job *job = data;
  g_autoptr(GArray) ids = job->ids ? g_array_ref (job->ids) : kz_store_drill_evaluations (store, &job->filter, error);
  g_autoptr(GArray) first = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  Result *r;

  if (ids == NULL)
    return NULL;
  first = g_array_sized_new (FALSE, FALSE, sizeof (gint64), MIN (ids->len, KZ_DRILL_LIST_MAX_ROWS));
  g_array_append_vals (first, ids->data, MIN (ids->len, KZ_DRILL_LIST_MAX_ROWS));
  lines = kz_store_list_evaluations_by_id (store, first, 0, error);
  if (lines == NULL)
    return NULL;
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < lines->len; i++)
    {
      KzEvaluationSummary *s = g_ptr_array_index (lines, i);
      g_hash_table_insert (by_id, &s->id, s);
    }
  r = g_new0 (Result, 1);
  r->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_summary_free);
  for (guint i = 0; i < first->len; i++)
    {
      KzEvaluationSummary *s = g_hash_table_lookup (by_id, &g_array_index (first, gint64, i));
      if (s != NULL)
        {
          g_hash_table_remove (by_id, &s->id);
          g_ptr_array_add (r->summaries, s);
        }
    }
  /* Every line moved to the result. */
  g_ptr_array_set_free_func (lines, NULL);
  r->ids = g_steal_pointer (&ids);
  return r;
}

static void
set_loading (KzDrillList *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
clear_rows (KzDrillList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
}

static void
row_activated_cb (AdwActionRow *row,
                  KzDrillList  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "evaluation-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-evaluation", "x", id);
}

static void
drill_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KzDrillList) self = user_data;
  g_autoptr(GError) error = NULL;
  Result *r = kz_store_job_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (r == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = g_steal_pointer (&r->ids);
  for (guint i = 0; i < r->summaries->len; i++)
    {
      KzEvaluationSummary *s = g_ptr_array_index (r->summaries, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *date = s->date ? g_date_time_format (s->date, "%Y-%m-%d") : g_strdup ("");
      g_autofree char *title = g_strdup_printf ("%s — %s", s->agent_name ? s->agent_name : "", date);
      g_autofree char *score = s->has_score ? g_strdup_printf ("%.1f", s->final) : g_strdup (_("no score"));
      /* Translators: reviewer · rubric · final score of an evaluation */
      g_autofree char *subtitle = g_strdup_printf (_("#%" G_GINT64_FORMAT " · reviewed by %s · %s · %s"), s->id,
                                                   s->reviewer_name ? s->reviewer_name : "",
                                                   s->rubric_title ? s->rubric_title : s->rubric_id, score);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "evaluation-id", GSIZE_TO_POINTER ((gsize) s->id));
      g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);
      gtk_list_box_append (self->list_box, row);
    }
  if (self->ids->len == 0)
    gtk_label_set_text (self->status_label, _("No evaluations."));
  else if (self->ids->len > r->summaries->len)
    {
      g_autofree char *text = g_strdup_printf (_("%u evaluations; the first %u are listed."),
                                               self->ids->len, r->summaries->len);
      gtk_label_set_text (self->status_label, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evaluation", "%u evaluations",
                                                            self->ids->len), self->ids->len);
      gtk_label_set_text (self->status_label, text);
    }
  result_free (r);
}

static void
start (KzDrillList         *self,
       const char          *title,
       const KzDrillFilter *filter,
       GArray              *ids)
{
  Job *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ids, g_array_unref);
  clear_rows (self);
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  if (self->store == NULL)
    return;

  job = g_new0 (Job, 1);
  job->filter = *filter;
  job->filter.rubric_id = job->rubric_id = g_strdup (filter->rubric_id);
  job->filter.criterion_id = job->criterion_id = g_strdup (filter->criterion_id);
  job->ids = ids ? g_array_ref (ids) : NULL;
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (self->status_label, _("Loading…"));
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, drill_job, job, (GDestroyNotify) job_free,
                          (GDestroyNotify) result_free, self->cancellable, drill_done, g_object_ref (self));
}

void
kz_drill_list_show (KzDrillList         *self,
                    const char          *title,
                    const KzDrillFilter *filter)
{
  g_return_if_fail (KZ_IS_DRILL_LIST (self));
  g_return_if_fail (filter != NULL);
  start (self, title, filter, NULL);
}

void
kz_drill_list_show_ids (KzDrillList *self,
                        const char  *title,
                        int          first_week,
                        int          last_week,
                        gint64       reviewer_id,
                        GArray      *ids)
{
  KzDrillFilter filter;

  g_return_if_fail (KZ_IS_DRILL_LIST (self));
  g_return_if_fail (ids != NULL);
  kz_drill_filter_init (&filter);
  filter.first_week = first_week;
  filter.last_week = last_week;
  filter.reviewer_id = reviewer_id;
  start (self, title, &filter, ids);
}

void
kz_drill_list_clear (KzDrillList *self)
{
  g_return_if_fail (KZ_IS_DRILL_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ids, g_array_unref);
  clear_rows (self);
  set_loading (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
close_clicked_cb (KzDrillList *self)
{
  kz_drill_list_clear (self);
}

GtkWidget *
kz_drill_list_new (void)
{
  return g_object_new (KZ_TYPE_DRILL_LIST, NULL);
}

void
kz_drill_list_set_store (KzDrillList *self,
                         KzStore     *store)
{
  g_return_if_fail (KZ_IS_DRILL_LIST (self));

  if (g_set_object (&self->store, store))
    kz_drill_list_clear (self);
}

gboolean
kz_drill_list_get_loading (KzDrillList *self)
{
  g_return_val_if_fail (KZ_IS_DRILL_LIST (self), FALSE);
  return self->loading;
}

const char *
kz_drill_list_get_title (KzDrillList *self)
{
  g_return_val_if_fail (KZ_IS_DRILL_LIST (self), NULL);
  return self->title;
}

GArray *
kz_drill_list_get_ids (KzDrillList *self)
{
  g_return_val_if_fail (KZ_IS_DRILL_LIST (self), NULL);
  return self->ids;
}

GtkListBox *
kz_drill_list_get_list_box (KzDrillList *self)
{
  g_return_val_if_fail (KZ_IS_DRILL_LIST (self), NULL);
  return self->list_box;
}

static void
kz_drill_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KzDrillList *self = KZ_DRILL_LIST (object);

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
kz_drill_list_dispose (GObject *object)
{
  KzDrillList *self = KZ_DRILL_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (kz_drill_list_parent_class)->dispose (object);
}

static void
kz_drill_list_finalize (GObject *object)
{
  KzDrillList *self = KZ_DRILL_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  g_free (self->title);
  G_OBJECT_CLASS (kz_drill_list_parent_class)->finalize (object);
}

static void
kz_drill_list_class_init (KzDrillListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kz_drill_list_get_property;
  object_class->dispose = kz_drill_list_dispose;
  object_class->finalize = kz_drill_list_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-drill-list.ui");
  gtk_widget_class_bind_template_child (widget_class, KzDrillList, box);
  gtk_widget_class_bind_template_child (widget_class, KzDrillList, title_label);
  gtk_widget_class_bind_template_child (widget_class, KzDrillList, status_label);
  gtk_widget_class_bind_template_child (widget_class, KzDrillList, list_box);
  gtk_widget_class_bind_template_child (widget_class, KzDrillList, close_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kz_drill_list_init (KzDrillList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->close_button, "clicked", G_CALLBACK (close_clicked_cb), self);
}
