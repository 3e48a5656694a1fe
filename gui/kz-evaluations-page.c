/* kz-evaluations-page.c — the table of evaluations
 *
 * A GtkColumnView over a GListStore of KzEvaluationRow; the columns' sorters
 * are declared in the .ui, and the column view's own sorter (which combines
 * them as the user clicks headers) drives the GtkSortListModel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-evaluations-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-evaluation-row.h"
#include "kz-evaluations-page.h"
#include "kz-page-defer.h"
#include "kz-store-job.h"

struct _KzEvaluationsPage
{
  AdwBin             parent_instance;

  KzStore           *store;
  GCancellable      *cancellable;
  gboolean           loading;

  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkColumnView     *column_view;
  GtkColumnViewColumn *date_column;
  GtkSortListModel  *sort_model;
  GtkSingleSelection *selection;
  GListStore        *rows;
  guint              n_total;   /* in the database; rows hold the newest LIST_LIMIT */
};

/* The list holds the newest evaluations only: a centre's five years are a
 * million, which no one scrolls and no window should hold in memory.
 * Reports and dashboards read them all (from roll-ups). */
#define LIST_LIMIT 5000

typedef struct {
  GPtrArray *rows;
  gint64     total;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->rows, g_ptr_array_unref);
  g_free (loaded);
}

G_DEFINE_FINAL_TYPE (KzEvaluationsPage, kz_evaluations_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_N_EVALUATIONS,
  PROP_N_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (KzEvaluationsPage *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_column_view_activate (KzEvaluationsPage *self,
                         guint              position)
{
  g_autoptr(KzEvaluationRow) row = NULL;

  row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (row == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-evaluation", "x",
                              kz_evaluation_row_get_id (row));
}

static gpointer
load_rows (KzStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  KzEvaluationFilter filter = { .limit = LIST_LIMIT };
  g_autoptr(GPtrArray) summaries = NULL;
  Loaded *loaded;
  gint64 total;

  summaries = kz_store_list_evaluations (store, &filter, error);
  if (summaries == NULL)
    return NULL;
  total = summaries->len < LIST_LIMIT ? (gint64) summaries->len
                                       : kz_store_count (store, KZ_RECORD_EVALUATIONS, error);
  if (total < 0)
    return NULL;

  loaded = g_new0 (Loaded, 1);
  loaded->total = total;
  loaded->rows = g_ptr_array_new_full (summaries->len, g_object_unref);
  for (guint i = 0; i < summaries->len; i++)
    g_ptr_array_add (loaded->rows, kz_evaluation_row_new (g_ptr_array_index (summaries, i)));

  return loaded;
}

/* Same row, shown the same way: a refresh leaves it in place. */
static gboolean
rows_equal (KzEvaluationRow *a,
            KzEvaluationRow *b)
{
  return kz_evaluation_row_get_id (a) == kz_evaluation_row_get_id (b) &&
         kz_evaluation_row_get_date (a) == kz_evaluation_row_get_date (b) &&
         g_strcmp0 (kz_evaluation_row_get_agent (a), kz_evaluation_row_get_agent (b)) == 0 &&
         g_strcmp0 (kz_evaluation_row_get_reviewer (a), kz_evaluation_row_get_reviewer (b)) == 0 &&
         g_strcmp0 (kz_evaluation_row_get_rubric (a), kz_evaluation_row_get_rubric (b)) == 0 &&
         g_strcmp0 (kz_evaluation_row_get_score_text (a), kz_evaluation_row_get_score_text (b)) == 0 &&
         g_strcmp0 (kz_evaluation_row_get_pass_text (a), kz_evaluation_row_get_pass_text (b)) == 0 &&
         g_strcmp0 (kz_evaluation_row_get_state (a), kz_evaluation_row_get_state (b)) == 0;
}

/* Replaces only the rows that changed: the runs at both ends that are the
 * same stay, so the selection and the scroll position stay with them when
 * someone else adds or changes an evaluation. */
static void
update_rows (KzEvaluationsPage *self,
             GPtrArray         *rows)
{
  GListModel *model = G_LIST_MODEL (self->rows);
  guint n_old = g_list_model_get_n_items (model);
  guint n_new = rows->len;
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < n_old && prefix < n_new)
    {
      g_autoptr(KzEvaluationRow) old = g_list_model_get_item (model, prefix);

      if (!rows_equal (old, g_ptr_array_index (rows, prefix)))
        break;
      prefix++;
    }
  while (suffix < n_old - prefix && suffix < n_new - prefix)
    {
      g_autoptr(KzEvaluationRow) old = g_list_model_get_item (model, n_old - 1 - suffix);

      if (!rows_equal (old, g_ptr_array_index (rows, n_new - 1 - suffix)))
        break;
      suffix++;
    }

  if (prefix == n_old && prefix == n_new)
    return;

  g_list_store_splice (self->rows, prefix, n_old - prefix - suffix,
                       rows->pdata + prefix, n_new - prefix - suffix);
}

static void
load_rows_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KzEvaluationsPage *self = KZ_EVALUATIONS_PAGE (object);
  Loaded *loaded = NULL;
  GPtrArray *rows = NULL;
  g_autoptr(GError) error = NULL;

  loaded = kz_store_job_finish (result, &error);
  rows = loaded != NULL ? loaded->rows : NULL;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);

  if (rows == NULL)
    {
      /* A server that went away is a state the window shows (a banner with
       * Retry), not a bug; the rows from the last load stay, whole. */
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
          if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0)
            return;
        }
      else
        g_warning ("Could not list evaluations: %s", error->message);

      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  update_rows (self, rows);
  self->n_total = (guint) MIN (loaded->total, G_MAXUINT);
  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "list" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVALUATIONS]);
  loaded_free (loaded);
}

void
kz_evaluations_page_reload (KzEvaluationsPage *self)
{
  g_return_if_fail (KZ_IS_EVALUATIONS_PAGE (self));

  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_evaluations_page_reload))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Keep showing the old rows during a refresh; only a first load spins. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  kz_store_job_run_async (self->store, self, load_rows, NULL, NULL,
                          (GDestroyNotify) loaded_free,
                          self->cancellable, load_rows_cb, NULL);
}

void
kz_evaluations_page_set_store (KzEvaluationsPage *self,
                               KzStore           *store)
{
  g_return_if_fail (KZ_IS_EVALUATIONS_PAGE (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_list_store_remove_all (self->rows);
  kz_evaluations_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KzStore *
kz_evaluations_page_get_store (KzEvaluationsPage *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATIONS_PAGE (self), NULL);
  return self->store;
}

gboolean
kz_evaluations_page_get_loading (KzEvaluationsPage *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATIONS_PAGE (self), FALSE);
  return self->loading;
}

GListModel *
kz_evaluations_page_get_model (KzEvaluationsPage *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATIONS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

GtkColumnView *
kz_evaluations_page_get_column_view (KzEvaluationsPage *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATIONS_PAGE (self), NULL);
  return self->column_view;
}

static void
kz_evaluations_page_dispose (GObject *object)
{
  KzEvaluationsPage *self = KZ_EVALUATIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  /* The bin's child is a template child: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_EVALUATIONS_PAGE);

  G_OBJECT_CLASS (kz_evaluations_page_parent_class)->dispose (object);
}

static void
kz_evaluations_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KzEvaluationsPage *self = KZ_EVALUATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_EVALUATIONS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->rows)));
      break;
    case PROP_N_TOTAL:
      g_value_set_uint (value, self->n_total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_evaluations_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KzEvaluationsPage *self = KZ_EVALUATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kz_evaluations_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_evaluations_page_class_init (KzEvaluationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_evaluations_page_dispose;
  object_class->get_property = kz_evaluations_page_get_property;
  object_class->set_property = kz_evaluations_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_EVALUATIONS] =
    g_param_spec_uint ("n-evaluations", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Evaluations in the database; more than n-evaluations when the list
   * holds only the newest. */
  properties[PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_EVALUATION_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-evaluations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationsPage, date_column);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationsPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationsPage, selection);
  gtk_widget_class_bind_template_child (widget_class, KzEvaluationsPage, rows);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);
}

static void
kz_evaluations_page_init (KzEvaluationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The column view's sorter follows the header the user clicked; the .ui
   * gives each column its own sorter. */
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  gtk_column_view_sort_by_column (self->column_view, self->date_column, GTK_SORT_DESCENDING);
}

GtkWidget *
kz_evaluations_page_new (void)
{
  return g_object_new (KZ_TYPE_EVALUATIONS_PAGE, NULL);
}
