/* kz-interactions-page.c — interactions to find, or a reviewer's queue
 *
 * One widget, two pages of the window.  "Interactions" finds any call or
 * email: words (full-text search in the store), channel, team, agent,
 * period and review state.  "My Queue" is what one reviewer was assigned,
 * to review or done.  Both show a KzInteractionList: the store counts the
 * rows and reads only the pages in view, so a million interactions scroll
 * like a hundred.  There are no column sorters on purpose — sorting here
 * would read every row; the store gives them newest first.
 *
 * Activating a row asks the window to review it (win.review-interaction).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-interactions-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-error.h"
#include "kz-interactions-page.h"
#include "kz-page-defer.h"
#include "kz-store-job.h"

typedef enum {
  PERIOD_ANY,
  PERIOD_LAST_7_DAYS,
  PERIOD_LAST_30_DAYS,
  PERIOD_THIS_MONTH,
  PERIOD_LAST_MONTH,
  PERIOD_THIS_YEAR,
  PERIOD_DATES,
} Period;

typedef enum {
  COLUMN_DATE,
  COLUMN_CHANNEL,
  COLUMN_SUBJECT,
  COLUMN_AGENT,
  COLUMN_STATUS,
} Column;

struct _KzInteractionsPage
{
  AdwBin              parent_instance;

  KzInteractionsPageMode mode;
  KzStore            *store;
  KzInteractionList  *list;
  gint64              reviewer_id;
  GCancellable       *cancellable;   /* the filter choices' load */
  GArray             *team_ids;      /* gint64, the team dropdown's rows after "All Teams" */
  GArray             *agent_ids;
  gboolean            filling_choices;
  gboolean            loaded_once;

  /* The query the filters make; text, from and to are owned here. */
  KzInteractionQuery  query;
  char               *text;
  GDateTime          *from;
  GDateTime          *to;

  GtkWidget          *filter_bar;
  GtkSearchEntry     *search_entry;
  GtkFlowBox         *filters_box;
  GtkDropDown        *channel_dropdown;
  GtkDropDown        *team_dropdown;
  GtkDropDown        *agent_dropdown;
  GtkDropDown        *period_dropdown;
  GtkDropDown        *reviewed_dropdown;
  GtkRevealer        *dates_revealer;
  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkLabel           *dates_hint;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *empty_page;
  GtkWidget          *import_button;
  AdwStatusPage      *error_page;
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;
  GtkColumnViewColumn *date_column;
  GtkColumnViewColumn *channel_column;
  GtkColumnViewColumn *subject_column;
  GtkColumnViewColumn *agent_column;
  GtkColumnViewColumn *status_column;
};

G_DEFINE_FINAL_TYPE (KzInteractionsPage, kz_interactions_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_QUEUE,
  PROP_STORE,
  PROP_REVIEWER_ID,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- what rows say ------------------------------------------------------- */

const char *
kz_interactions_page_status_text (KzInteractionsPageMode mode,
                                  guint                  n_evaluations,
                                  guint                  n_submitted)
{
  if (n_submitted > 0)
    return mode == KZ_INTERACTIONS_PAGE_QUEUE ? _("Done") : _("Reviewed");
  if (n_evaluations > 0)
    return _("Draft");
  return mode == KZ_INTERACTIONS_PAGE_QUEUE ? _("To review") : _("Not reviewed");
}

static void
update_cell (GtkListItem *list_item)
{
  KzInteractionItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "kz-column"));
  KzInteractionsPage *self = g_object_get_data (G_OBJECT (list_item), "kz-page");
  g_autofree char *owned = NULL;
  const char *text = "";
  gboolean dim = FALSE;

  if (item == NULL || !kz_interaction_item_get_loaded (item))
    {
      /* The page is on its way. */
      gtk_label_set_text (label, column == COLUMN_SUBJECT ? "…" : "");
      return;
    }

  switch (column)
    {
    case COLUMN_DATE:
      {
        g_autoptr(GDateTime) local = g_date_time_to_local (kz_interaction_item_get_started_at (item));

        text = owned = g_date_time_format (local, "%Y-%m-%d %H:%M");
      }
      break;
    case COLUMN_CHANNEL:
      text = kz_interaction_item_get_channel (item) == KZ_CHANNEL_CALL ? _("Call") : _("Email");
      break;
    case COLUMN_SUBJECT:
      text = kz_interaction_item_get_subject (item);
      if (text == NULL || *text == '\0')
        {
          text = _("(No subject)");
          dim = TRUE;
        }
      break;
    case COLUMN_AGENT:
      text = kz_interaction_item_get_agent_name (item);
      if (text == NULL)
        {
          text = _("Unknown agent");
          dim = TRUE;
        }
      break;
    case COLUMN_STATUS:
      text = kz_interactions_page_status_text (self->mode, kz_interaction_item_get_n_evaluations (item),
                                               kz_interaction_item_get_n_submitted (item));
      dim = kz_interaction_item_get_n_submitted (item) > 0;
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (label, text);
  if (dim)
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
}

static void
on_item_loaded (KzInteractionItem *item,
                GParamSpec        *pspec,
                GtkListItem       *list_item)
{
  update_cell (list_item);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            KzInteractionsPage       *self)
{
  GtkWidget *label = gtk_label_new (NULL);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kz-column"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_DATE)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
  g_object_set_data (G_OBJECT (list_item), "kz-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (list_item), "kz-page", self);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           KzInteractionsPage       *self)
{
  KzInteractionItem *item = gtk_list_item_get_item (list_item);

  if (!kz_interaction_item_get_loaded (item))
    {
      gulong id = g_signal_connect (item, "notify::loaded", G_CALLBACK (on_item_loaded), list_item);

      g_object_set_data (G_OBJECT (list_item), "kz-handler", GSIZE_TO_POINTER (id));
    }
  update_cell (list_item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             KzInteractionsPage       *self)
{
  KzInteractionItem *item = gtk_list_item_get_item (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "kz-handler"));

  if (id != 0 && item != NULL)
    g_signal_handler_disconnect (item, id);
  g_object_set_data (G_OBJECT (list_item), "kz-handler", NULL);
}

static void
set_factory (KzInteractionsPage  *self,
             GtkColumnViewColumn *column_view_column,
             Column               column)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "kz-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
  gtk_column_view_column_set_factory (column_view_column, factory);
}

/* ---- state shown ----------------------------------------------------------- */

static gboolean
filters_active (KzInteractionsPage *self)
{
  const KzInteractionQuery *q = &self->query;

  return (q->text != NULL && *q->text != '\0') || !q->any_channel || q->agent_id != 0 || q->team_id != 0 ||
         q->from != NULL || q->to != NULL ||
         (self->mode == KZ_INTERACTIONS_PAGE_ALL && q->reviewed != KZ_REVIEWED_ANY);
}

static void
update_state (KzInteractionsPage *self)
{
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  gboolean loading = self->list != NULL && kz_interaction_list_get_loading (self->list);
  const char *error = self->list != NULL ? kz_interaction_list_get_error (self->list) : NULL;
  const char *state;

  gtk_spinner_set_spinning (self->spinner, loading && !self->loaded_once);

  if (self->mode == KZ_INTERACTIONS_PAGE_QUEUE && self->reviewer_id == 0)
    state = "no-reviewer";
  else if (self->list == NULL || (!self->loaded_once && loading))
    state = "loading";
  else if (error != NULL &&
           !(kz_interaction_list_get_error_domain (self->list) == KZ_ERROR &&
             kz_interaction_list_get_error_code (self->list) == KZ_ERROR_CONNECTION && n > 0))
    {
      adw_status_page_set_description (self->error_page, error);
      state = "error";
    }
  else if (n == 0)
    {
      gtk_widget_set_visible (self->import_button,
                              !filters_active (self) && self->mode != KZ_INTERACTIONS_PAGE_QUEUE);
      if (filters_active (self))
        {
          adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Matching Interactions"));
          adw_status_page_set_description (self->empty_page, _("Try other words, or fewer filters."));
        }
      else if (self->mode == KZ_INTERACTIONS_PAGE_QUEUE)
        {
          adw_status_page_set_icon_name (self->empty_page, "object-select-symbolic");
          adw_status_page_set_title (self->empty_page, self->query.reviewed == KZ_REVIEWED_YES
                                                       ? _("Nothing Reviewed Yet")
                                                       : _("Nothing to Review"));
          adw_status_page_set_description (self->empty_page,
                                           _("Interactions sampled for your review appear here."));
        }
      else
        {
          adw_status_page_set_icon_name (self->empty_page, "mail-unread-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Interactions"));
          adw_status_page_set_description (self->empty_page,
                                           _("Import email from mbox and .eml files here, or a Maildir folder "
                                             "with the header bar’s Import menu; calls come in with "
                                             "“kaizenctl import calls”."));
        }
      state = "empty";
    }
  else
    state = "list";

  gtk_stack_set_visible_child_name (self->stack, state);
}

static void
on_list_notify (KzInteractionsPage *self,
                GParamSpec         *pspec,
                KzInteractionList  *list)
{
  const char *error = kz_interaction_list_get_error (list);

  if (!kz_interaction_list_get_loading (list) && error == NULL)
    self->loaded_once = TRUE;
  /* A server that went away is a state the window shows (a banner with
   * Retry); the rows shown stay. */
  if (error != NULL && g_str_equal (pspec->name, "error") &&
      kz_interaction_list_get_error_domain (list) == KZ_ERROR &&
      kz_interaction_list_get_error_code (list) == KZ_ERROR_CONNECTION)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error);

  update_state (self);
  if (g_str_equal (pspec->name, "n-items"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (g_str_equal (pspec->name, "loading"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* ---- the query ----------------------------------------------------------- */

static void
set_period (KzInteractionsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) month = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      1, 0, 0, 0);
  Period period = gtk_drop_down_get_selected (self->period_dropdown);

  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);
  gtk_revealer_set_reveal_child (self->dates_revealer, period == PERIOD_DATES);

  switch (period)
    {
    case PERIOD_LAST_7_DAYS:
      self->from = g_date_time_add_days (today, -6);
      break;
    case PERIOD_LAST_30_DAYS:
      self->from = g_date_time_add_days (today, -29);
      break;
    case PERIOD_THIS_MONTH:
      self->from = g_date_time_ref (month);
      break;
    case PERIOD_LAST_MONTH:
      self->from = g_date_time_add_months (month, -1);
      self->to = g_date_time_ref (month);
      break;
    case PERIOD_THIS_YEAR:
      self->from = g_date_time_new_local (g_date_time_get_year (now), 1, 1, 0, 0, 0);
      break;
    case PERIOD_DATES:
      {
        const char *from_text = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
        const char *to_text = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
        g_autoptr(GDateTime) to_day = kz_parse_day (to_text);
        gboolean from_bad = *from_text != '\0' && (self->from = kz_parse_day (from_text)) == NULL;
        gboolean to_bad = *to_text != '\0' && to_day == NULL;

        /* The last day counts whole. */
        if (to_day != NULL)
          self->to = g_date_time_add_days (to_day, 1);
        if (from_bad)
          gtk_widget_add_css_class (GTK_WIDGET (self->from_entry), "error");
        else
          gtk_widget_remove_css_class (GTK_WIDGET (self->from_entry), "error");
        if (to_bad)
          gtk_widget_add_css_class (GTK_WIDGET (self->to_entry), "error");
        else
          gtk_widget_remove_css_class (GTK_WIDGET (self->to_entry), "error");
        gtk_label_set_text (self->dates_hint, from_bad || to_bad
                                              ? _("Write dates as YYYY-MM-DD, e.g. 2026-03-31.")
                                              : (self->from != NULL && self->to != NULL &&
                                                 g_date_time_compare (self->from, self->to) >= 0)
                                              ? _("The first date comes after the last.")
                                              : "");
      }
      break;
    case PERIOD_ANY:
    default:
      break;
    }
}

static void
build_query (KzInteractionsPage *self)
{
  KzInteractionQuery *q = &self->query;
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);
  guint team = gtk_drop_down_get_selected (self->team_dropdown);
  guint agent = gtk_drop_down_get_selected (self->agent_dropdown);
  guint reviewed = gtk_drop_down_get_selected (self->reviewed_dropdown);

  g_free (self->text);
  self->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  memset (q, 0, sizeof *q);
  q->text = self->text;
  q->any_channel = channel == 0 || channel == GTK_INVALID_LIST_POSITION;
  q->channel = channel == 1 ? KZ_CHANNEL_CALL : KZ_CHANNEL_EMAIL;

  if (self->mode == KZ_INTERACTIONS_PAGE_QUEUE)
    {
      q->assigned_to = self->reviewer_id;
      /* To review, Done, All */
      q->reviewed = reviewed == 1 ? KZ_REVIEWED_YES : reviewed == 2 ? KZ_REVIEWED_ANY : KZ_REVIEWED_NO;
      return;
    }

  if (team > 0 && team != GTK_INVALID_LIST_POSITION && team - 1 < self->team_ids->len)
    q->team_id = g_array_index (self->team_ids, gint64, team - 1);
  if (agent > 0 && agent != GTK_INVALID_LIST_POSITION && agent - 1 < self->agent_ids->len)
    q->agent_id = g_array_index (self->agent_ids, gint64, agent - 1);
  set_period (self);
  q->from = self->from;
  q->to = self->to;
  /* Any, Not reviewed, Reviewed */
  q->reviewed = reviewed == 1 ? KZ_REVIEWED_NO : reviewed == 2 ? KZ_REVIEWED_YES : KZ_REVIEWED_ANY;
}

static void
apply_query (KzInteractionsPage *self)
{
  build_query (self);
  if (self->list == NULL)
    return;
  if (self->mode == KZ_INTERACTIONS_PAGE_QUEUE && self->reviewer_id == 0)
    {
      update_state (self);
      return;
    }
  kz_interaction_list_set_query (self->list, &self->query);
  update_state (self);
}

static void
on_filters_changed (KzInteractionsPage *self)
{
  if (self->filling_choices)
    return;
  apply_query (self);
}

static void
on_search_activate (KzInteractionsPage *self)
{
  /* Enter in the search box: on to the rows. */
  if (self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
on_stop_search (KzInteractionsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_column_view_activate (KzInteractionsPage *self,
                         guint               position)
{
  g_autoptr(KzInteractionItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item == NULL || !kz_interaction_item_get_loaded (item))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.review-interaction", "(xi)",
                              kz_interaction_item_get_id (item), (gint32) kz_interaction_item_get_channel (item));
}

/* ---- the filters' choices (teams, agents) -------------------------------- */

typedef struct {
  GPtrArray *units;    /* KzUnit* */
  GPtrArray *agents;   /* KzPerson* */
} Choices;

static void
choices_free (gpointer data)
{
  Choices *choices = data;

  g_clear_pointer (&choices->units, g_ptr_array_unref);
  g_clear_pointer (&choices->agents, g_ptr_array_unref);
  g_free (choices);
}

static gpointer
load_choices_thread (KzStore       *store,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  Choices *choices = g_new0 (Choices, 1);

  choices->units = kz_store_list_units (store, error);
  if (choices->units != NULL)
    choices->agents = kz_store_list_people (store, KZ_ROLE_AGENT, error);
  if (choices->agents == NULL)
    {
      choices_free (choices);
      return NULL;
    }
  return choices;
}

static void
fill_dropdown (GtkDropDown *dropdown,
               const char  *all,
               GPtrArray   *names,
               GArray      *ids,
               gint64       keep_id)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (model, all);
  for (guint i = 0; i < names->len; i++)
    {
      gtk_string_list_append (model, g_ptr_array_index (names, i));
      if (g_array_index (ids, gint64, i) == keep_id)
        selected = i + 1;
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
load_choices_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KzInteractionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Choices *choices = kz_store_job_finish (result, &error);
  g_autoptr(GPtrArray) team_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) agent_names = g_ptr_array_new ();
  gint64 team_id = self->query.team_id;
  gint64 agent_id = self->query.agent_id;

  if (choices == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No filter choices: %s", error->message);
      return;
    }

  g_array_set_size (self->team_ids, 0);
  g_array_set_size (self->agent_ids, 0);
  for (guint i = 0; i < choices->units->len; i++)
    {
      KzUnit *unit = g_ptr_array_index (choices->units, i);

      if (unit->kind != KZ_UNIT_TEAM)
        continue;
      g_ptr_array_add (team_names, unit->name);
      g_array_append_val (self->team_ids, unit->id);
    }
  for (guint i = 0; i < choices->agents->len; i++)
    {
      KzPerson *person = g_ptr_array_index (choices->agents, i);

      g_ptr_array_add (agent_names, person->name);
      g_array_append_val (self->agent_ids, person->id);
    }

  /* The same choice stays chosen; the list is not asked again for it. */
  self->filling_choices = TRUE;
  fill_dropdown (self->team_dropdown, _("All Teams"), team_names, self->team_ids, team_id);
  fill_dropdown (self->agent_dropdown, _("All Agents"), agent_names, self->agent_ids, agent_id);
  self->filling_choices = FALSE;
  choices_free (choices);

  if (team_id != 0 || agent_id != 0)
    apply_query (self);
}

static void
load_choices (KzInteractionsPage *self)
{
  if (self->store == NULL || self->mode == KZ_INTERACTIONS_PAGE_QUEUE)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  kz_store_job_run_async (self->store, self, load_choices_thread, NULL, NULL, choices_free,
                          self->cancellable, load_choices_done, g_object_ref (self));
}

/* ---- public ---------------------------------------------------------------- */

/* The choices (agents, teams) and the rows, as a hidden page does once shown. */
static void
load_when_shown (KzInteractionsPage *self)
{
  load_choices (self);
  apply_query (self);
}

void
kz_interactions_page_set_store (KzInteractionsPage *self,
                                KzStore            *store)
{
  g_return_if_fail (KZ_IS_INTERACTIONS_PAGE (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->list);
  self->loaded_once = FALSE;

  if (store != NULL)
    {
      self->list = kz_interaction_list_new (store);
      g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (on_list_notify), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "notify::n-items", G_CALLBACK (on_list_notify), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "notify::error", G_CALLBACK (on_list_notify), self, G_CONNECT_SWAPPED);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
      /* The queue loads at once (the sidebar shows its count); the full
       * list of interactions when it is shown. */
      if (self->mode == KZ_INTERACTIONS_PAGE_QUEUE ||
          !kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) load_when_shown))
        load_when_shown (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KzInteractionsPageMode
kz_interactions_page_get_mode (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), KZ_INTERACTIONS_PAGE_ALL);
  return self->mode;
}

void
kz_interactions_page_set_reviewer_id (KzInteractionsPage *self,
                                      gint64              reviewer_id)
{
  g_return_if_fail (KZ_IS_INTERACTIONS_PAGE (self));

  if (self->reviewer_id == reviewer_id)
    return;
  self->reviewer_id = reviewer_id;
  self->loaded_once = FALSE;
  apply_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWER_ID]);
}

gint64
kz_interactions_page_get_reviewer_id (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), 0);
  return self->reviewer_id;
}

void
kz_interactions_page_reload (KzInteractionsPage *self)
{
  g_return_if_fail (KZ_IS_INTERACTIONS_PAGE (self));

  if (self->list == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (self->mode != KZ_INTERACTIONS_PAGE_QUEUE &&
      kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) load_when_shown))
    return;
  load_choices (self);
  if (self->mode == KZ_INTERACTIONS_PAGE_QUEUE && self->reviewer_id == 0)
    return;
  kz_interaction_list_refresh (self->list);
}

gboolean
kz_interactions_page_get_loading (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), FALSE);
  return self->list != NULL && kz_interaction_list_get_loading (self->list);
}

guint
kz_interactions_page_get_n_items (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), 0);
  if (self->list == NULL || (self->mode == KZ_INTERACTIONS_PAGE_QUEUE && self->reviewer_id == 0))
    return 0;
  return g_list_model_get_n_items (G_LIST_MODEL (self->list));
}

KzInteractionList *
kz_interactions_page_get_list (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), NULL);
  return self->list;
}

GtkColumnView *
kz_interactions_page_get_column_view (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), NULL);
  return self->column_view;
}

GtkWidget *
kz_interactions_page_get_search_entry (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), NULL);
  return GTK_WIDGET (self->search_entry);
}

const KzInteractionQuery *
kz_interactions_page_get_query (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), NULL);
  return &self->query;
}

const char *
kz_interactions_page_get_state (KzInteractionsPage *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTIONS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/* ---- GObject ----------------------------------------------------------- */

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KzInteractionsPage *self = KZ_INTERACTIONS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
kz_interactions_page_constructed (GObject *object)
{
  KzInteractionsPage *self = KZ_INTERACTIONS_PAGE (object);
  g_autoptr(GtkStringList) reviewed = NULL;

  G_OBJECT_CLASS (kz_interactions_page_parent_class)->constructed (object);

  if (self->mode == KZ_INTERACTIONS_PAGE_QUEUE)
    {
      const char *states[] = { _("To Review"), _("Done"), _("All Assigned"), NULL };

      reviewed = gtk_string_list_new (states);
      gtk_widget_set_visible (GTK_WIDGET (self->team_dropdown), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->agent_dropdown), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->period_dropdown), FALSE);
      g_object_set (self->search_entry, "placeholder-text", _("Search your queue"), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Review queue"), -1);
    }
  else
    {
      const char *states[] = { _("Any Review State"), _("Not Reviewed"), _("Reviewed"), NULL };

      reviewed = gtk_string_list_new (states);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Interactions"), -1);
    }
  self->filling_choices = TRUE;
  gtk_drop_down_set_model (self->reviewed_dropdown, G_LIST_MODEL (reviewed));
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    fill_dropdown (self->team_dropdown, _("All Teams"), none, self->team_ids, 0);
    fill_dropdown (self->agent_dropdown, _("All Agents"), none, self->agent_ids, 0);
  }
  self->filling_choices = FALSE;
  build_query (self);
  update_state (self);
}

static void
kz_interactions_page_dispose (GObject *object)
{
  KzInteractionsPage *self = KZ_INTERACTIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_INTERACTIONS_PAGE);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kz_interactions_page_parent_class)->dispose (object);
}

static void
kz_interactions_page_finalize (GObject *object)
{
  KzInteractionsPage *self = KZ_INTERACTIONS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->team_ids, g_array_unref);
  g_clear_pointer (&self->agent_ids, g_array_unref);
  g_free (self->text);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);
  G_OBJECT_CLASS (kz_interactions_page_parent_class)->finalize (object);
}

static void
kz_interactions_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KzInteractionsPage *self = KZ_INTERACTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_boolean (value, self->mode == KZ_INTERACTIONS_PAGE_QUEUE);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_REVIEWER_ID:
      g_value_set_int64 (value, self->reviewer_id);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, kz_interactions_page_get_loading (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, kz_interactions_page_get_n_items (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_interactions_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KzInteractionsPage *self = KZ_INTERACTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      self->mode = g_value_get_boolean (value) ? KZ_INTERACTIONS_PAGE_QUEUE : KZ_INTERACTIONS_PAGE_ALL;
      break;
    case PROP_STORE:
      kz_interactions_page_set_store (self, g_value_get_object (value));
      break;
    case PROP_REVIEWER_ID:
      kz_interactions_page_set_reviewer_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_interactions_page_class_init (KzInteractionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kz_interactions_page_constructed;
  object_class->dispose = kz_interactions_page_dispose;
  object_class->finalize = kz_interactions_page_finalize;
  object_class->get_property = kz_interactions_page_get_property;
  object_class->set_property = kz_interactions_page_set_property;

  /* TRUE: one reviewer's queue; FALSE: every interaction, with filters. */
  properties[PROP_QUEUE] =
    g_param_spec_boolean ("queue", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEWER_ID] =
    g_param_spec_int64 ("reviewer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-interactions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, filters_box);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, agent_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, reviewed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, dates_revealer);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, dates_hint);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, selection);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, date_column);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, channel_column);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, subject_column);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, agent_column);
  gtk_widget_class_bind_template_child (widget_class, KzInteractionsPage, status_column);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);

  gtk_widget_class_install_action (widget_class, "interactions.search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "interactions.search", NULL);
}

static void
kz_interactions_page_init (KzInteractionsPage *self)
{
  self->team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->agent_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));

  set_factory (self, self->date_column, COLUMN_DATE);
  set_factory (self, self->channel_column, COLUMN_CHANNEL);
  set_factory (self, self->subject_column, COLUMN_SUBJECT);
  set_factory (self, self->agent_column, COLUMN_AGENT);
  set_factory (self, self->status_column, COLUMN_STATUS);
}
