/* kz-calendar-page.c — the Calendar page
 *
 * The plans of whoever is chosen (kz_plans_for_schedule()) are read off the
 * UI thread; the month (six weeks from the Monday on or before the 1st) or
 * the week shown is filled from their occurrences (kz_plans_occurrences():
 * the recurrence expanded in the plan's zone, minus dropped dates), one
 * button per occurrence.  Choosing one shows a bar to mark the plan done
 * or missed, export it (add-to-calendar file or invitation) or cancel it
 * (a cancellation file, STATUS:CANCELLED with a higher SEQUENCE).
 * "Import .ics…" reads a file in a thread (kz_ical_import_file_async()),
 * previews it with a dry run of kz_plans_import_events() for the course
 * chosen in the dialog's drop-down (a store job), stores it on "Import"
 * and says per event what came in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-calendar-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-calendar-page.h"
#include "kz-page-defer.h"
#include "kz-error.h"
#include "kz-plan-calendar.h"
#include "kz-store-job.h"
#include "kz-training-dialog.h"

typedef struct {
  gint64 person_id;
  gint64 team_id;
} Scope;

struct _KzCalendarPage
{
  AdwBin          parent_instance;

  KzStore        *store;
  GCancellable   *cancellable;
  gboolean        loading;
  guint           generation;
  GPtrArray      *plans;          /* KzPlan* of the scope */
  GPtrArray      *shown;          /* KzPlanOccurrence* on screen */
  GArray         *scopes;         /* Scope, parallel to the drop-down */
  gboolean        filling_scopes;
  Scope           scope;
  KzCalendarView  view;
  GDate           anchor;
  gint64          selected;
  KzCalMethod     export_method;
  GtkFileChooserNative *chooser;
  GtkFileChooserNative *import_chooser;
  GtkWidget      *import_dialog;   /* the one on screen (weak) */
  GPtrArray      *import_events;   /* KzCalEvent* read from the file */
  GPtrArray      *import_warnings;
  GPtrArray      *import_courses;  /* KzCatalogItem* of kind course, parallel to the drop-down (after "by title") */
  char           *import_name;
  guint           preview_generation;

  GtkGrid        *grid;
  GtkLabel       *period_label;
  GtkLabel       *message_label;
  GtkDropDown    *scope_dropdown;
  GtkToggleButton *month_button;
  GtkToggleButton *week_button;
  GtkRevealer    *detail_revealer;
  GtkLabel       *detail_label;
  GtkWidget      *done_button;
  GtkWidget      *missed_button;
  GtkWidget      *invite_button;
  GtkWidget      *cancel_plan_button;
};

G_DEFINE_FINAL_TYPE (KzCalendarPage, kz_calendar_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void rebuild (KzCalendarPage *self);

static const KzPlan *
find_plan (KzCalendarPage *self,
           gint64          id)
{
  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    if (((KzPlan *) self->plans->pdata[i])->id == id)
      return self->plans->pdata[i];
  return NULL;
}

static void
set_loading (KzCalendarPage *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_error (KzCalendarPage *self,
            const char     *heading,
            const char     *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_message (KzCalendarPage *self,
              const char     *text)
{
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static void
report_error (KzCalendarPage *self,
              const GError   *error)
{
  if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
  show_message (self, error->message);
}

/* ---- the range shown ------------------------------------------------------------- */

static void
range_start (KzCalendarPage *self,
             GDate          *first,
             guint          *n_days)
{
  *first = self->anchor;
  if (self->view == KZ_CALENDAR_MONTH)
    {
      g_date_set_day (first, 1);
      *n_days = 42;
    }
  else
    *n_days = 7;
  /* Back to Monday. */
  g_date_subtract_days (first, g_date_get_weekday (first) - G_DATE_MONDAY);
}

static GDateTime *
local_midnight (const GDate *d)
{
  return g_date_time_new_local (g_date_get_year (d), g_date_get_month (d), g_date_get_day (d), 0, 0, 0);
}

static void
on_occurrence_clicked (KzCalendarPage *self,
                       GtkButton      *button)
{
  kz_calendar_page_select_plan (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "plan-id")));
}

static GtkWidget *
occurrence_button (KzCalendarPage   *self,
                   KzPlanOccurrence *o)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (o->start);
  g_autofree char *clock = o->all_day ? g_strdup (_("Due")) : g_date_time_format (local, "%H:%M");
  /* Done ✓ and missed ✗ read without colour too. */
  g_autofree char *text = g_strdup_printf ("%s%s %s", o->state == KZ_PLAN_DONE ? "✓ " : o->state == KZ_PLAN_MISSED ? "✗ " : "",
                                           clock, o->title);
  g_autofree char *when = g_date_time_format (o->start, o->all_day ? "%Y-%m-%d" : "%Y-%m-%d %H:%M %Z");
  g_autofree char *tip = NULL;
  const char *state = o->state == KZ_PLAN_DONE ? _("done") : o->state == KZ_PLAN_MISSED ? _("missed") : _("planned");
  GtkWidget *button = gtk_button_new_with_label (text);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  tip = g_strdup_printf ("%s — %s (%s)", when, o->title, state);
  gtk_widget_set_name (button, "occurrence");
  gtk_widget_set_tooltip_text (button, tip);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* The chosen plan's occurrences stand out as raised buttons. */
  if (o->plan_id != self->selected)
    gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "caption");
  /* Training in the accent colour, eLearning due dates in the warning one, 1:1s plain. */
  if (o->kind == KZ_PLAN_TRAINING)
    gtk_widget_add_css_class (button, "accent");
  else if (o->kind == KZ_PLAN_ELEARNING)
    gtk_widget_add_css_class (button, "warning");
  if (o->state == KZ_PLAN_DONE || o->state == KZ_PLAN_MISSED)
    gtk_widget_add_css_class (button, "dim-label");
  g_object_set_data (G_OBJECT (button), "plan-id", GSIZE_TO_POINTER ((gsize) o->plan_id));
  g_object_set_data_full (G_OBJECT (button), "when", g_steal_pointer (&when), g_free);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_occurrence_clicked), self);
  return button;
}

static void
rebuild (KzCalendarPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GDateTime) anchor = NULL;
  g_autofree char *period = NULL;
  GtkWidget *child;
  GDate first, day, today;
  guint n_days, next = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_clear_pointer (&self->shown, g_ptr_array_unref);

  range_start (self, &first, &n_days);
  day = first;
  g_date_add_days (&day, n_days);
  from = local_midnight (&first);
  to = local_midnight (&day);
  anchor = local_midnight (&self->anchor);
  if (self->view == KZ_CALENDAR_MONTH)
    period = g_date_time_format (anchor, "%B %Y");
  else
    {
      g_autoptr(GDateTime) last = g_date_time_add_days (from, 6);
      g_autofree char *a = g_date_time_format (from, "%-d %b");
      g_autofree char *b = g_date_time_format (last, "%-d %b %Y");
      period = g_strdup_printf (_("Week of %s – %s"), g_strstrip (a), g_strstrip (b));
    }
  gtk_label_set_text (self->period_label, period);

  self->shown = self->plans != NULL ? kz_plans_occurrences (self->plans, from, to, &error) : NULL;
  if (self->shown == NULL)
    {
      self->shown = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_plan_occurrence_free);
      if (error != NULL)
        show_message (self, error->message);
    }

  /* Day names, Monday first. */
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GDateTime) d = g_date_time_add_days (from, i);
      g_autofree char *name = g_date_time_format (d, "%a");
      GtkWidget *l = gtk_label_new (name);

      gtk_widget_add_css_class (l, "dim-label");
      gtk_widget_add_css_class (l, "caption-heading");
      gtk_grid_attach (self->grid, l, i, 0, 1, 1);
    }

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  day = first;
  for (guint i = 0; i < n_days; i++, g_date_add_days (&day, 1))
    {
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *num = self->view == KZ_CALENDAR_MONTH
                               ? g_strdup_printf ("%d", g_date_get_day (&day))
                               : g_strdup_printf ("%d %s", g_date_get_day (&day), "");
      GtkWidget *l = gtk_label_new (g_strstrip (num));
      g_autoptr(GDateTime) end = NULL;
      g_autoptr(GDateTime) start = local_midnight (&day);
      g_autofree char *cell_name = g_strdup_printf ("day-%04d-%02d-%02d", g_date_get_year (&day),
                                                    g_date_get_month (&day), g_date_get_day (&day));

      end = g_date_time_add_days (start, 1);
      gtk_widget_set_name (cell, cell_name);
      gtk_widget_add_css_class (cell, "card");
      gtk_widget_set_size_request (cell, -1, self->view == KZ_CALENDAR_MONTH ? 84 : 360);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_widget_set_margin_start (l, 6);
      gtk_widget_set_margin_top (l, 3);
      if (self->view == KZ_CALENDAR_MONTH && g_date_get_month (&day) != g_date_get_month (&self->anchor))
        gtk_widget_add_css_class (l, "dim-label");
      if (g_date_compare (&day, &today) == 0)
        gtk_widget_add_css_class (l, "accent");
      gtk_widget_add_css_class (l, "caption-heading");
      gtk_box_append (GTK_BOX (cell), l);
      while (next < self->shown->len)
        {
          KzPlanOccurrence *o = self->shown->pdata[next];
          g_autoptr(GDateTime) local = g_date_time_to_local (o->start);

          if (g_date_time_compare (local, end) >= 0)
            break;
          gtk_box_append (GTK_BOX (cell), occurrence_button (self, o));
          next++;
        }
      gtk_grid_attach (self->grid, cell, i % 7, 1 + i / 7, 1, 1);
    }
}

/* ---- loading --------------------------------------------------------------------- */

typedef struct {
  Scope      scope;
  GPtrArray *plans;
  GPtrArray *people;
  GPtrArray *units;
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_clear_pointer (&l->plans, g_ptr_array_unref);
  g_clear_pointer (&l->people, g_ptr_array_unref);
  g_clear_pointer (&l->units, g_ptr_array_unref);
  g_free (l);
}

static gpointer
load_job (KzStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  Scope *scope = data;
  Loaded *l = g_new0 (Loaded, 1);

  l->scope = *scope;
  if ((l->plans = kz_plans_for_schedule (store, scope->person_id, scope->team_id, error)) == NULL ||
      (l->people = kz_store_list_people (store, KZ_ROLE_NONE, error)) == NULL ||
      (l->units = kz_store_list_units (store, error)) == NULL)
    {
      loaded_free (l);
      return NULL;
    }
  return l;
}

static void
fill_scopes (KzCalendarPage *self,
             Loaded         *l)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  Scope everyone = { 0, 0 };
  guint selected = 0;

  self->filling_scopes = TRUE;
  g_array_set_size (self->scopes, 0);
  gtk_string_list_append (names, _("Everyone"));
  g_array_append_val (self->scopes, everyone);
  for (guint i = 0; i < l->units->len; i++)
    {
      KzUnit *u = l->units->pdata[i];
      g_autofree char *name = NULL;
      Scope s = { 0, u->id };

      if (u->kind != KZ_UNIT_TEAM)
        continue;
      name = g_strdup_printf (_("Team %s"), u->name);
      if (self->scope.team_id == u->id)
        selected = self->scopes->len;
      gtk_string_list_append (names, name);
      g_array_append_val (self->scopes, s);
    }
  for (guint i = 0; i < l->people->len; i++)
    {
      KzPerson *p = l->people->pdata[i];
      Scope s = { p->id, 0 };

      if (self->scope.person_id == p->id)
        selected = self->scopes->len;
      gtk_string_list_append (names, p->name);
      g_array_append_val (self->scopes, s);
    }
  gtk_drop_down_set_model (self->scope_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->scope_dropdown, selected);
  self->filling_scopes = FALSE;
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  Loaded *l = kz_store_job_finish (result, &error);
  KzCalendarPage *self;

  if (l == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KZ_CALENDAR_PAGE (source);
  if (GPOINTER_TO_UINT (user_data) != self->generation)
    {
      g_clear_pointer (&l, loaded_free);
      return;
    }
  set_loading (self, FALSE);
  if (l == NULL)
    {
      report_error (self, error);
      return;
    }
  show_message (self, NULL);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  self->plans = g_steal_pointer (&l->plans);
  fill_scopes (self, l);
  loaded_free (l);
  kz_calendar_page_select_plan (self, find_plan (self, self->selected) ? self->selected : 0);
}

void
kz_calendar_page_reload (KzCalendarPage *self)
{
  Scope *scope;

  g_return_if_fail (KZ_IS_CALENDAR_PAGE (self));
  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_calendar_page_reload))
    return;
  scope = g_memdup2 (&self->scope, sizeof *scope);
  self->generation++;
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, load_job, scope, g_free, (GDestroyNotify) loaded_free,
                          self->cancellable, on_loaded, GUINT_TO_POINTER (self->generation));
}

/* ---- selection and state ----------------------------------------------------------- */

void
kz_calendar_page_select_plan (KzCalendarPage *self,
                              gint64          plan_id)
{
  const KzPlan *plan;

  g_return_if_fail (KZ_IS_CALENDAR_PAGE (self));
  plan = find_plan (self, plan_id);
  self->selected = plan != NULL ? plan_id : 0;
  gtk_revealer_set_reveal_child (self->detail_revealer, plan != NULL);
  if (plan != NULL)
    {
      g_autoptr(KzCalEvent) ev = kz_plan_to_cal_event (plan, NULL, NULL);
      g_autofree char *rec = ev != NULL ? kz_cal_recurrence_describe (ev) : g_strdup ("");
      const char *state = plan->state == KZ_PLAN_DONE      ? _("done")
                          : plan->state == KZ_PLAN_MISSED    ? _("missed")
                          : plan->state == KZ_PLAN_CANCELLED ? _("cancelled")
                                                             : _("planned");
      g_autofree char *text = g_strdup_printf ("%s — %s, %s", plan->title, rec, state);
      gboolean planned = plan->state == KZ_PLAN_PLANNED;

      gtk_label_set_text (self->detail_label, text);
      gtk_widget_set_sensitive (self->done_button, planned);
      gtk_widget_set_sensitive (self->missed_button, planned);
      gtk_widget_set_sensitive (self->invite_button, plan->state != KZ_PLAN_CANCELLED);
      gtk_widget_set_sensitive (self->cancel_plan_button, planned);
      /* Kaizen records a plan's state, not each date's: a series is marked as a whole. */
      gtk_widget_set_tooltip_text (self->done_button, plan->recurrence.freq != KZ_FREQ_NONE
                                                        ? _("Marks the whole series done")
                                                        : _("Marks this plan done"));
      gtk_widget_set_tooltip_text (self->missed_button, plan->recurrence.freq != KZ_FREQ_NONE
                                                          ? _("Marks the whole series missed")
                                                          : _("Marks this plan missed"));
    }
  rebuild (self);
}

gint64
kz_calendar_page_get_selected (KzCalendarPage *self)
{
  g_return_val_if_fail (KZ_IS_CALENDAR_PAGE (self), 0);
  return self->selected;
}

typedef struct {
  gint64      plan_id;
  KzPlanState state;
} StateChange;

static gpointer
state_job (KzStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  StateChange *c = data;

  return kz_store_set_plan_state (store, c->plan_id, c->state, NULL, error) ? GINT_TO_POINTER (1) : NULL;
}

static void
on_state_set (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  KzCalendarPage *self;

  if (kz_store_job_finish (result, &error) == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = KZ_CALENDAR_PAGE (source);
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        report_error (self, error);
      else
        show_error (self, _("The plan was not changed"), error->message);
    }
  self = KZ_CALENDAR_PAGE (source);
  kz_calendar_page_reload (self);
}

static void
set_state (KzCalendarPage *self,
           KzPlanState     state)
{
  StateChange *c;

  if (self->selected == 0 || self->store == NULL)
    return;
  c = g_new0 (StateChange, 1);
  c->plan_id = self->selected;
  c->state = state;
  /* Busy until the schedule is read again with the change. */
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, state_job, c, g_free, NULL, self->cancellable, on_state_set, NULL);
}

static void
on_mark_done (KzCalendarPage *self)
{
  set_state (self, KZ_PLAN_DONE);
}

static void
on_mark_missed (KzCalendarPage *self)
{
  set_state (self, KZ_PLAN_MISSED);
}

static void
on_cancel_response (AdwMessageDialog *dialog,
                    const char       *response,
                    KzCalendarPage   *self)
{
  if (g_strcmp0 (response, "cancel-plan") == 0)
    set_state (self, KZ_PLAN_CANCELLED);
}

static void
on_cancel_plan (KzCalendarPage *self)
{
  const KzPlan *plan = find_plan (self, self->selected);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (plan == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Cancel This Training?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” is taken off the calendar, every occurrence. "
                                    "Then send the cancellation with Send Invitation…."), plan->title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep"), "cancel-plan",
                                    _("_Cancel Training"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-plan",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- export ------------------------------------------------------------------------- */

gboolean
kz_calendar_page_export_to_file (KzCalendarPage *self,
                                 KzCalMethod     method,
                                 GFile          *file,
                                 GError        **error)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new ();
  g_autofree char *path = g_file_get_path (file);
  const KzPlan *plan = find_plan (self, self->selected);

  g_return_val_if_fail (KZ_IS_CALENDAR_PAGE (self), FALSE);
  if (plan != NULL)
    {
      g_ptr_array_add (plans, (gpointer) plan);
      /* A cancelled plan goes out as a cancellation. */
      if (method == KZ_CAL_METHOD_REQUEST && plan->state == KZ_PLAN_CANCELLED)
        method = KZ_CAL_METHOD_CANCEL;
    }
  else
    for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
      g_ptr_array_add (plans, self->plans->pdata[i]);
  return kz_plans_export_to_file (self->store, plans, method, NULL, path, error);
}

static void
on_chooser_response (KzCalendarPage       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (!kz_calendar_page_export_to_file (self, self->export_method, file, &error))
        show_error (self, _("Nothing was exported"), error->message);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file (KzCalendarPage *self,
             KzCalMethod     method,
             const char     *title,
             const char     *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *file_name = g_strdup_printf ("%s.ics", name);

  if (self->chooser != NULL)
    return;
  g_strdelimit (file_name, "/\\:", '-');
  self->export_method = method;
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_filter_set_name (filter, _("iCalendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file_name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_export_plan (KzCalendarPage *self)
{
  const KzPlan *plan = find_plan (self, self->selected);

  if (plan != NULL)
    choose_file (self, KZ_CAL_METHOD_NONE, _("Add to Calendar"), plan->title);
}

static void
on_export_invitation (KzCalendarPage *self)
{
  const KzPlan *plan = find_plan (self, self->selected);

  if (plan != NULL)
    choose_file (self, plan->state == KZ_PLAN_CANCELLED ? KZ_CAL_METHOD_CANCEL : KZ_CAL_METHOD_REQUEST,
                 plan->state == KZ_PLAN_CANCELLED ? _("Send Cancellation") : _("Send Invitation"), plan->title);
}

static void
on_export_schedule (KzCalendarPage *self)
{
  kz_calendar_page_select_plan (self, 0);
  choose_file (self, KZ_CAL_METHOD_NONE, _("Export Schedule"), _("schedule"));
}

/* ---- import ------------------------------------------------------------------------- */

/* A dialog lists this many events; the rest are counted. */
#define MAX_IMPORT_LINES 15

static void
set_import_dialog (KzCalendarPage *self,
                   GtkWidget      *dialog)
{
  if (self->import_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->import_dialog), (gpointer *) &self->import_dialog);
  self->import_dialog = dialog;
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->import_dialog);
}

GtkWidget *
kz_calendar_page_get_import_dialog (KzCalendarPage *self)
{
  g_return_val_if_fail (KZ_IS_CALENDAR_PAGE (self), NULL);
  return self->import_dialog;
}

typedef struct {
  GPtrArray *events;
  gint64     course_id;
  gboolean   dry_run;
  guint      generation;
} ImportJob;

static void
import_job_free (ImportJob *j)
{
  g_ptr_array_unref (j->events);
  g_free (j);
}

static gpointer
import_store_job (KzStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  ImportJob *j = data;

  return kz_plans_import_events (store, j->events, j->course_id, j->dry_run, error);
}

static gpointer
courses_job (KzStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  GPtrArray *items = kz_store_list_catalog_items (store, error);

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    if (((KzCatalogItem *) items->pdata[i])->kind != KZ_CATALOG_COURSE)
      g_ptr_array_remove_index (items, i--);
  return items;
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  KzCalendarPage *self = KZ_CALENDAR_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = kz_store_job_finish (result, &error);
  g_autoptr(GString) body = g_string_new (NULL);
  guint n[4] = { 0, 0, 0, 0 };
  GtkRoot *root;
  GtkWidget *dialog;

  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Nothing was imported"), error->message);
      return;
    }
  for (guint i = 0; i < results->len; i++)
    {
      KzCalImportResult *r = results->pdata[i];
      const char *title = r->summary != NULL && *r->summary != '\0' ? r->summary : _("(no title)");
      const char *what[] = { _("Created"), _("Updated"), _("Cancelled"), _("Skipped") };

      n[r->action]++;
      if (i == MAX_IMPORT_LINES)
        g_string_append_printf (body, _("… and %u more\n"), results->len - i);
      if (i >= MAX_IMPORT_LINES)
        continue;
      if (r->action == KZ_CAL_IMPORT_SKIPPED)
        g_string_append_printf (body, "%s: %s — %s\n", what[r->action], title, r->reason);
      else
        g_string_append_printf (body, "%s: %s\n", what[r->action], title);
      for (guint j = 0; j < r->unknown_people->len; j++)
        g_string_append_printf (body, _("Left out: %s (nobody has that email)\n"),
                                (char *) r->unknown_people->pdata[j]);
    }
  g_string_append_printf (body, _("\n%u created, %u updated, %u cancelled, %u skipped"), n[0], n[1], n[2], n[3]);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Calendar Imported"),
                                   body->str);
  gtk_widget_set_name (dialog, "import-summary");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  set_import_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  kz_calendar_page_reload (self);
}

static gint64
chosen_course (KzCalendarPage *self,
               GtkWidget      *dialog)
{
  GtkDropDown *dd = dialog != NULL ? g_object_get_data (G_OBJECT (dialog), "course-dropdown") : NULL;
  guint i = dd != NULL ? gtk_drop_down_get_selected (dd) : 0;

  if (i > 0 && i != GTK_INVALID_LIST_POSITION && self->import_courses != NULL && i - 1 < self->import_courses->len)
    return ((KzCatalogItem *) self->import_courses->pdata[i - 1])->id;
  return 0;
}

/* The preview: each event with what importing it would do, from a dry run
 * (everything done, then rolled back) with the course chosen. */
static void
on_preview_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KzCalendarPage *self = KZ_CALENDAR_PAGE (source);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = kz_store_job_finish (result, &error);
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog = self->import_dialog;

  if (generation != self->preview_generation || dialog == NULL ||
      g_strcmp0 (gtk_widget_get_name (dialog), "import-preview") != 0)
    return;
  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
      return;
    }
  for (guint i = 0; i < self->import_events->len && i < results->len; i++)
    {
      KzCalEvent *ev = self->import_events->pdata[i];
      KzCalImportResult *r = results->pdata[i];
      g_autofree char *start = kz_cal_time_format (&ev->start, ev->all_day);
      g_autofree char *rec = kz_cal_recurrence_describe (ev);
      const char *what[] = { _("Would be created"), _("Would be updated"), _("Would be cancelled"),
                             _("Would be skipped") };

      if (i == MAX_IMPORT_LINES)
        {
          g_string_append_printf (body, _("… and %u more\n"), self->import_events->len - i);
          break;
        }
      g_string_append_printf (body, "%s — %s %s, %s%s\n",
                              ev->summary != NULL && *ev->summary != '\0' ? ev->summary : _("(no title)"), start,
                              ev->tzid != NULL ? ev->tzid : "", rec,
                              ev->status == KZ_CAL_STATUS_CANCELLED ? _(" (cancelled)") : "");
      if (r->reason != NULL)
        g_string_append_printf (body, "%s: %s\n\n", what[r->action], r->reason);
      else
        g_string_append_printf (body, "%s\n\n", what[r->action]);
    }
  for (guint i = 0; self->import_warnings != NULL && i < self->import_warnings->len; i++)
    g_string_append_printf (body, _("Left out: %s\n"), (char *) self->import_warnings->pdata[i]);
  g_strchomp (body->str);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body->str);
}

static void
refresh_preview (KzCalendarPage *self)
{
  ImportJob *j;

  if (self->import_dialog == NULL || self->import_events == NULL || self->store == NULL)
    return;
  j = g_new0 (ImportJob, 1);
  j->events = g_ptr_array_ref (self->import_events);
  j->course_id = chosen_course (self, self->import_dialog);
  j->dry_run = TRUE;
  kz_store_job_run_async (self->store, self, import_store_job, j, (GDestroyNotify) import_job_free,
                          (GDestroyNotify) g_ptr_array_unref, self->cancellable, on_preview_done,
                          GUINT_TO_POINTER (++self->preview_generation));
}

static void
on_import_response (KzCalendarPage  *self,
                    const char      *response,
                    AdwMessageDialog *dialog)
{
  ImportJob *j;

  self->preview_generation++;   /* a preview still running is not shown */
  if (g_strcmp0 (response, "import") != 0 || self->import_events == NULL)
    return;
  j = g_new0 (ImportJob, 1);
  j->events = g_ptr_array_ref (self->import_events);
  j->course_id = chosen_course (self, GTK_WIDGET (dialog));
  kz_store_job_run_async (self->store, self, import_store_job, j, (GDestroyNotify) import_job_free,
                          (GDestroyNotify) g_ptr_array_unref, self->cancellable, on_imported, NULL);
}

static void
on_courses_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KzCalendarPage *self = KZ_CALENDAR_PAGE (source);
  g_autoptr(GError) error = NULL;
  GPtrArray *courses = kz_store_job_finish (result, &error);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *box, *label, *dd;
  GtkRoot *root;
  GtkWidget *dialog;

  if (courses == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Nothing was imported"), error->message);
      return;
    }
  g_clear_pointer (&self->import_courses, g_ptr_array_unref);
  self->import_courses = courses;
  for (guint i = 0; i < self->import_events->len; i++)
    {
      KzCalEvent *ev = self->import_events->pdata[i];
      g_autofree char *start = kz_cal_time_format (&ev->start, ev->all_day);
      g_autofree char *rec = kz_cal_recurrence_describe (ev);

      if (i == MAX_IMPORT_LINES)
        {
          g_string_append_printf (body, _("… and %u more\n"), self->import_events->len - i);
          break;
        }
      g_string_append_printf (body, "%s %s — %s, %s%s\n", start, ev->tzid != NULL ? ev->tzid : "",
                              ev->summary != NULL && *ev->summary != '\0' ? ev->summary : _("(no title)"), rec,
                              ev->status == KZ_CAL_STATUS_CANCELLED ? _(" (cancelled)") : "");
    }
  for (guint i = 0; self->import_warnings != NULL && i < self->import_warnings->len; i++)
    g_string_append_printf (body, _("Left out: %s\n"), (char *) self->import_warnings->pdata[i]);

  gtk_string_list_append (names, _("The course named like each event"));
  for (guint i = 0; i < courses->len; i++)
    gtk_string_list_append (names, ((KzCatalogItem *) courses->pdata[i])->title);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, body->str);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Import “%s”"), self->import_name);
  gtk_widget_set_name (dialog, "import-preview");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new_with_mnemonic (_("New events are _group training of"));
  dd = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_name (dd, "import-course");
  gtk_widget_set_hexpand (dd, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), dd);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), dd);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "course-dropdown", dd);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_response), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dd, "notify::selected", G_CALLBACK (refresh_preview), self, G_CONNECT_SWAPPED);
  set_import_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  refresh_preview (self);
}

static void
on_file_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  KzCalendarPage *self = user_data;   /* a strong reference */
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  GPtrArray *events = kz_ical_import_file_finish (result, NULL, &warnings, &error);

  if (events == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Nothing was imported"), error->message);
      g_object_unref (self);
      return;
    }
  g_clear_pointer (&self->import_events, g_ptr_array_unref);
  g_clear_pointer (&self->import_warnings, g_ptr_array_unref);
  self->import_events = events;
  self->import_warnings = g_steal_pointer (&warnings);
  if (self->store != NULL)
    kz_store_job_run_async (self->store, self, courses_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                            self->cancellable, on_courses_loaded, NULL);
  g_object_unref (self);
}

void
kz_calendar_page_import_file (KzCalendarPage *self,
                              GFile          *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (KZ_IS_CALENDAR_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  path = g_file_get_path (file);
  g_free (self->import_name);
  self->import_name = g_file_get_basename (file);
  kz_ical_import_file_async (path, self->cancellable, on_file_read, g_object_ref (self));
}

static void
on_import_chooser_response (KzCalendarPage       *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        kz_calendar_page_import_file (self, file);
    }
  g_clear_object (&self->import_chooser);
}

static void
on_import_clicked (KzCalendarPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->import_chooser != NULL || self->store == NULL)
    return;
  self->import_chooser = gtk_file_chooser_native_new (_("Import .ics"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                      GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_filter_set_name (filter, _("iCalendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->import_chooser), filter);
  g_signal_connect_swapped (self->import_chooser, "response", G_CALLBACK (on_import_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->import_chooser));
}

/* ---- navigation ----------------------------------------------------------------------- */

static void
move (KzCalendarPage *self,
      int             direction)
{
  if (self->view == KZ_CALENDAR_MONTH)
    {
      g_date_set_day (&self->anchor, 1);
      if (direction > 0)
        g_date_add_months (&self->anchor, 1);
      else
        g_date_subtract_months (&self->anchor, 1);
    }
  else if (direction > 0)
    g_date_add_days (&self->anchor, 7);
  else
    g_date_subtract_days (&self->anchor, 7);
  rebuild (self);
}

static void on_prev (KzCalendarPage *self) { move (self, -1); }
static void on_next (KzCalendarPage *self) { move (self, +1); }

static void
on_today (KzCalendarPage *self)
{
  g_date_set_time_t (&self->anchor, time (NULL));
  rebuild (self);
}

static void
on_view_toggled (KzCalendarPage *self)
{
  KzCalendarView view = gtk_toggle_button_get_active (self->week_button) ? KZ_CALENDAR_WEEK : KZ_CALENDAR_MONTH;

  if (view != self->view)
    {
      self->view = view;
      rebuild (self);
    }
}

static void
on_scope_changed (KzCalendarPage *self)
{
  guint i = gtk_drop_down_get_selected (self->scope_dropdown);

  if (self->filling_scopes || i >= self->scopes->len)
    return;
  kz_calendar_page_set_scope (self, g_array_index (self->scopes, Scope, i).person_id,
                              g_array_index (self->scopes, Scope, i).team_id);
}

void
kz_calendar_page_set_view (KzCalendarPage *self,
                           KzCalendarView  view)
{
  g_return_if_fail (KZ_IS_CALENDAR_PAGE (self));
  gtk_toggle_button_set_active (view == KZ_CALENDAR_WEEK ? self->week_button : self->month_button, TRUE);
}

void
kz_calendar_page_set_date (KzCalendarPage *self,
                           const GDate    *date)
{
  g_return_if_fail (KZ_IS_CALENDAR_PAGE (self) && g_date_valid (date));
  self->anchor = *date;
  rebuild (self);
}

void
kz_calendar_page_set_scope (KzCalendarPage *self,
                            gint64          person_id,
                            gint64          team_id)
{
  g_return_if_fail (KZ_IS_CALENDAR_PAGE (self));
  if (self->scope.person_id == person_id && self->scope.team_id == team_id)
    return;
  self->scope.person_id = person_id;
  self->scope.team_id = team_id;
  kz_calendar_page_reload (self);
}

GPtrArray *
kz_calendar_page_get_shown (KzCalendarPage *self)
{
  g_return_val_if_fail (KZ_IS_CALENDAR_PAGE (self), NULL);
  return self->shown;
}

gboolean
kz_calendar_page_get_loading (KzCalendarPage *self)
{
  g_return_val_if_fail (KZ_IS_CALENDAR_PAGE (self), FALSE);
  return self->loading;
}

static void
on_training_saved (KzCalendarPage *self,
                   gint64          plan_id)
{
  self->selected = plan_id;
  kz_calendar_page_reload (self);
}

GtkWidget *
kz_calendar_page_schedule_training (KzCalendarPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KzTrainingDialog *dialog;

  g_return_val_if_fail (KZ_IS_CALENDAR_PAGE (self), NULL);
  if (self->store == NULL)
    return NULL;
  dialog = kz_training_dialog_new (self->store, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_training_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

void
kz_calendar_page_set_store (KzCalendarPage *self,
                            KzStore        *store)
{
  g_return_if_fail (KZ_IS_CALENDAR_PAGE (self));
  if (!g_set_object (&self->store, store))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  self->selected = 0;
  kz_calendar_page_reload (self);
  rebuild (self);
}

static void
kz_calendar_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KzCalendarPage *self = KZ_CALENDAR_PAGE (object);

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
kz_calendar_page_dispose (GObject *object)
{
  KzCalendarPage *self = KZ_CALENDAR_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->chooser);
  g_clear_object (&self->import_chooser);
  set_import_dialog (self, NULL);
  g_clear_pointer (&self->import_events, g_ptr_array_unref);
  g_clear_pointer (&self->import_warnings, g_ptr_array_unref);
  g_clear_pointer (&self->import_courses, g_ptr_array_unref);
  g_clear_pointer (&self->import_name, g_free);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->scopes, g_array_unref);
  G_OBJECT_CLASS (kz_calendar_page_parent_class)->dispose (object);
}

static void
kz_calendar_page_class_init (KzCalendarPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_calendar_page_dispose;
  object_class->get_property = kz_calendar_page_get_property;
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, grid);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, detail_revealer);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, done_button);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, missed_button);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, invite_button);
  gtk_widget_class_bind_template_child (widget_class, KzCalendarPage, cancel_plan_button);
  gtk_widget_class_bind_template_callback (widget_class, on_prev);
  gtk_widget_class_bind_template_callback (widget_class, on_next);
  gtk_widget_class_bind_template_callback (widget_class, on_today);
  gtk_widget_class_bind_template_callback (widget_class, on_view_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_export_schedule);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_plan);
  gtk_widget_class_bind_template_callback (widget_class, on_export_invitation);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_plan);
  gtk_widget_class_bind_template_callback (widget_class, on_mark_done);
  gtk_widget_class_bind_template_callback (widget_class, on_mark_missed);
  gtk_widget_class_bind_template_callback (widget_class, kz_calendar_page_schedule_training);
}

static void
kz_calendar_page_init (KzCalendarPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->scopes = g_array_new (FALSE, FALSE, sizeof (Scope));
  g_date_clear (&self->anchor, 1);
  g_date_set_time_t (&self->anchor, time (NULL));
  rebuild (self);
}

GtkWidget *
kz_calendar_page_new (void)
{
  return g_object_new (KZ_TYPE_CALENDAR_PAGE, NULL);
}
