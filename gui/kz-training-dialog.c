/* kz-training-dialog.c — "Schedule Group Training…"
 *
 * The form describes a KzPlan of kind training; every change lists the
 * occurrences it makes (kz_plan_occurrences(), the same expansion the
 * calendar shows), each with a tick: unticking one drops it (an exdate).
 * The catalog and people are read, and the plan saved, off the UI thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-training-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "kz-error.h"
#include "kz-plan-calendar.h"
#include "kz-store-job.h"
#include "kz-training-dialog.h"

/* The list of occurrences to tick stops here (a long series still saves whole). */
#define MAX_LISTED 104

struct _KzTrainingDialog
{
  AdwWindow     parent_instance;

  KzStore      *store;
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      saving;
  GPtrArray    *courses;     /* KzCatalogItem* of kind course */
  GPtrArray    *people;      /* KzPerson* */
  GHashTable   *dropped;     /* gint64 unix start → itself */

  GtkGrid      *form;
  GtkListBox   *attendee_list;
  GtkListBox   *occurrence_list;
  GtkLabel     *message_label;
  GtkWidget    *save_button;

  GtkDropDown  *course;
  GtkDropDown  *organiser;
  GPtrArray    *organisers;  /* KzPerson* (not agents) in the organiser drop-down, after "Nobody" */
  GtkEntry     *date;
  GtkEntry     *time;
  GtkEntry     *zone;
  GtkSpinButton *duration;
  GtkEntry     *place;
  GtkEntry     *link;
  GtkSpinButton *capacity;
  GtkDropDown  *recurrence;
  GtkSpinButton *count;
  GtkEntry     *until;
  GPtrArray    *attendee_checks;   /* GtkCheckButton*, data "person-id" */
  GPtrArray    *occurrence_checks; /* GtkCheckButton*, data "start" (gint64 unix) */
};

G_DEFINE_FINAL_TYPE (KzTrainingDialog, kz_training_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update_occurrences (KzTrainingDialog *self);

static gboolean
parse_date (const char *text,
            GDate      *out)
{
  int y, m, d;
  char tail;

  if (text == NULL || sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (y < 1900 || y > 2999 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static gboolean
parse_time (const char *text,
            int        *h,
            int        *m)
{
  char tail;

  return text != NULL && sscanf (text, "%d:%d%c", h, m, &tail) == 2 && *h >= 0 && *h < 24 && *m >= 0 && *m < 60;
}

KzPlan *
kz_training_dialog_build_plan (KzTrainingDialog *self,
                               GError          **error)
{
  g_autoptr(KzPlan) plan = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  const KzCatalogItem *course;
  const char *zone = gtk_editable_get_text (GTK_EDITABLE (self->zone));
  guint pos = gtk_drop_down_get_selected (self->course);
  guint rec = gtk_drop_down_get_selected (self->recurrence);
  GDate day;
  int h, m;

  if (self->courses == NULL || pos >= self->courses->len)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Choose a course from the catalog"));
      return NULL;
    }
  course = self->courses->pdata[pos];
  if (!parse_date (gtk_editable_get_text (GTK_EDITABLE (self->date)), &day))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The date must read like 2027-03-04"));
      return NULL;
    }
  if (!parse_time (gtk_editable_get_text (GTK_EDITABLE (self->time)), &h, &m))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The time must read like 18:00"));
      return NULL;
    }
  if (zone == NULL || *zone == '\0' || (tz = g_time_zone_new_identifier (zone)) == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is not a known time zone (try Europe/London)"),
                   zone ? zone : "");
      return NULL;
    }

  plan = kz_plan_new (KZ_PLAN_TRAINING, course->title);
  plan->catalog_item_id = course->id;
  for (guint i = 0; i < course->criteria->len; i++)
    g_ptr_array_add (plan->criteria, kz_criterion_ref_copy (course->criteria->pdata[i]));
  plan->tzid = g_strdup (zone);
  pos = gtk_drop_down_get_selected (self->organiser);
  if (self->organisers != NULL && pos >= 1 && pos <= self->organisers->len)
    plan->coach_id = ((KzPerson *) self->organisers->pdata[pos - 1])->id;
  plan->starts_at = g_date_time_new (tz, g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day),
                                     h, m, 0);
  plan->duration_minutes = gtk_spin_button_get_value_as_int (self->duration);
  plan->capacity = gtk_spin_button_get_value_as_int (self->capacity);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->place)) != '\0')
    plan->place = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->place)));
  if (*gtk_editable_get_text (GTK_EDITABLE (self->link)) != '\0')
    plan->link = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->link)));
  if (plan->place == NULL && plan->link == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Give a place or a link"));
      return NULL;
    }
  for (guint i = 0; self->attendee_checks != NULL && i < self->attendee_checks->len; i++)
    {
      GtkCheckButton *check = self->attendee_checks->pdata[i];

      if (gtk_check_button_get_active (check))
        {
          KzAttendee *a = g_new0 (KzAttendee, 1);
          a->person_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "person-id"));
          g_ptr_array_add (plan->attendees, a);
        }
    }
  if (rec != 0)
    {
      const char *until_text = gtk_editable_get_text (GTK_EDITABLE (self->until));
      GDate until;

      plan->recurrence.freq = rec == 1 ? KZ_FREQ_WEEKLY : KZ_FREQ_MONTHLY;
      plan->recurrence.interval = 1;
      plan->recurrence.count = gtk_spin_button_get_value_as_int (self->count);
      if (plan->recurrence.count == 0)
        {
          if (!parse_date (until_text, &until))
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("A recurring training needs a number of times or an end date like 2027-06-30"));
              return NULL;
            }
          /* The end day is included: until its last minute in the zone. */
          plan->recurrence.until = g_date_time_new (tz, g_date_get_year (&until), g_date_get_month (&until),
                                                    g_date_get_day (&until), 23, 59, 59);
        }
      else if (*until_text != '\0')
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Give a number of times or an end date, not both"));
          return NULL;
        }
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, self->dropped);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          g_ptr_array_add (plan->recurrence.exdates, g_date_time_new_from_unix_utc (*(gint64 *) key));
      }
    }
  if (!kz_plan_check (plan, error))
    return NULL;
  return g_steal_pointer (&plan);
}

static void
show_message (KzTrainingDialog *self,
              const char       *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static void
on_occurrence_toggled (KzTrainingDialog *self,
                       GtkCheckButton   *check)
{
  gint64 *start = g_object_get_data (G_OBJECT (check), "start");

  if (gtk_check_button_get_active (check))
    g_hash_table_remove (self->dropped, start);
  else
    g_hash_table_add (self->dropped, g_memdup2 (start, sizeof *start));
  update_occurrences (self);
}

/* The plan as the form stands, with no drops: what could be dropped. */
static void
update_occurrences (KzTrainingDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = kz_training_dialog_build_plan (self, &error);
  g_autoptr(GPtrArray) occ = NULL;
  GtkWidget *child;

  gtk_widget_set_sensitive (self->save_button, plan != NULL && !self->loading && !self->saving);
  show_message (self, plan == NULL && self->courses != NULL ? error->message : NULL);

  /* Rebuilt only when the series changed. */
  if (plan != NULL)
    {
      g_ptr_array_set_size (plan->recurrence.exdates, 0);
      occ = kz_plan_occurrences (plan, NULL, NULL, NULL);
    }
  {
    g_autoptr(GString) key = g_string_new (NULL);
    const char *old = g_object_get_data (G_OBJECT (self->occurrence_list), "key");

    for (guint i = 0; occ != NULL && i < occ->len && i < MAX_LISTED; i++)
      g_string_append_printf (key, "%" G_GINT64_FORMAT ",",
                              g_date_time_to_unix (((KzPlanOccurrence *) occ->pdata[i])->start));
    if (g_strcmp0 (old, key->str) == 0)
      return;
    g_object_set_data_full (G_OBJECT (self->occurrence_list), "key", g_strdup (key->str), g_free);
  }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->occurrence_list))) != NULL)
    gtk_list_box_remove (self->occurrence_list, child);
  g_ptr_array_set_size (self->occurrence_checks, 0);
  for (guint i = 0; occ != NULL && i < occ->len && i < MAX_LISTED; i++)
    {
      KzPlanOccurrence *o = occ->pdata[i];
      g_autofree char *text = g_date_time_format (o->start, "%a %Y-%m-%d %H:%M");
      gint64 *start = g_new (gint64, 1);
      GtkWidget *check = gtk_check_button_new_with_label (text);

      *start = g_date_time_to_unix (o->start);
      gtk_widget_set_name (check, "occurrence");
      gtk_widget_set_margin_start (check, 6);
      gtk_widget_set_margin_top (check, 3);
      gtk_widget_set_margin_bottom (check, 3);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !g_hash_table_contains (self->dropped, start));
      g_object_set_data_full (G_OBJECT (check), "start", start, g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_occurrence_toggled), self);
      gtk_list_box_append (self->occurrence_list, check);
      g_ptr_array_add (self->occurrence_checks, check);
    }
}

guint
kz_training_dialog_get_n_occurrences (KzTrainingDialog *self)
{
  g_return_val_if_fail (KZ_IS_TRAINING_DIALOG (self), 0);
  return self->occurrence_checks->len;
}

gboolean
kz_training_dialog_drop_occurrence (KzTrainingDialog *self,
                                    const GDate      *date)
{
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (KZ_IS_TRAINING_DIALOG (self), FALSE);
  tz = g_time_zone_new_identifier (gtk_editable_get_text (GTK_EDITABLE (self->zone)));
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  for (guint i = 0; i < self->occurrence_checks->len; i++)
    {
      GtkCheckButton *check = self->occurrence_checks->pdata[i];
      gint64 *start = g_object_get_data (G_OBJECT (check), "start");
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (*start);
      g_autoptr(GDateTime) at = g_date_time_to_timezone (utc, tz);

      if (g_date_time_get_year (at) == g_date_get_year (date) && g_date_time_get_month (at) == (int) g_date_get_month (date) &&
          g_date_time_get_day_of_month (at) == g_date_get_day (date))
        {
          gtk_check_button_set_active (check, FALSE);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- the form ------------------------------------------------------------------ */

static void
add_row (KzTrainingDialog *self,
         int               row,
         const char       *label,
         GtkWidget        *widget,
         const char       *name)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_widget_set_name (widget, name);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, l, NULL, -1);
  gtk_grid_attach (self->form, l, 0, row, 1, 1);
  gtk_grid_attach (self->form, widget, 1, row, 1, 1);
  if (GTK_IS_EDITABLE (widget))
    g_signal_connect_swapped (widget, "changed", G_CALLBACK (update_occurrences), self);
  else if (GTK_IS_DROP_DOWN (widget))
    g_signal_connect_swapped (widget, "notify::selected", G_CALLBACK (update_occurrences), self);
}

static GtkEntry *
entry (const char *placeholder)
{
  GtkWidget *e = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (e), placeholder);
  return GTK_ENTRY (e);
}

static void
build_form (KzTrainingDialog *self)
{
  static const char *const recurrences[] = { N_("Once"), N_("Weekly"), N_("Monthly"), NULL };
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  const char *tzid = g_time_zone_get_identifier (local);
  g_autoptr(GtkStringList) rec = gtk_string_list_new (NULL);
  int row = 0;

  for (guint i = 0; recurrences[i]; i++)
    gtk_string_list_append (rec, _(recurrences[i]));
  self->course = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  add_row (self, row++, _("C_ourse"), GTK_WIDGET (self->course), "course");
  self->organiser = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  add_row (self, row++, _("_Organiser"), GTK_WIDGET (self->organiser), "organiser");
  self->date = entry ("2027-03-04");
  add_row (self, row++, _("_Date"), GTK_WIDGET (self->date), "date");
  self->time = entry ("18:00");
  gtk_editable_set_text (GTK_EDITABLE (self->time), "09:00");
  add_row (self, row++, _("_Time"), GTK_WIDGET (self->time), "time");
  self->zone = entry ("Europe/London");
  /* The local zone's identifier; "Local" or a TZ string is no IANA id. */
  if (tzid != NULL && g_strcmp0 (tzid, "Local") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->zone), tzid);
  add_row (self, row++, _("Time _zone"), GTK_WIDGET (self->zone), "zone");
  self->duration = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (15, 8 * 60, 15));
  gtk_spin_button_set_value (self->duration, 60);
  add_row (self, row++, _("D_uration (minutes)"), GTK_WIDGET (self->duration), "duration");
  self->place = entry (_("Room 2, Leeds"));
  add_row (self, row++, _("_Place"), GTK_WIDGET (self->place), "place");
  self->link = entry ("https://meet.example.org/…");
  add_row (self, row++, _("_Link"), GTK_WIDGET (self->link), "link");
  self->capacity = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 500, 1));
  add_row (self, row++, _("Ca_pacity (0: the course’s)"), GTK_WIDGET (self->capacity), "capacity");
  self->recurrence = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&rec)), NULL));
  add_row (self, row++, _("_Repeats"), GTK_WIDGET (self->recurrence), "recurrence");
  self->count = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 520, 1));
  add_row (self, row++, _("_Number of times (0: until)"), GTK_WIDGET (self->count), "count");
  self->until = entry ("2027-06-30");
  add_row (self, row++, _("U_ntil"), GTK_WIDGET (self->until), "until");
  g_signal_connect_swapped (self->duration, "value-changed", G_CALLBACK (update_occurrences), self);
  g_signal_connect_swapped (self->capacity, "value-changed", G_CALLBACK (update_occurrences), self);
  g_signal_connect_swapped (self->count, "value-changed", G_CALLBACK (update_occurrences), self);
}

/* ---- loading and saving --------------------------------------------------------- */

typedef struct {
  GPtrArray *courses;
  GPtrArray *people;
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_clear_pointer (&l->courses, g_ptr_array_unref);
  g_clear_pointer (&l->people, g_ptr_array_unref);
  g_free (l);
}

static gpointer
load_job (KzStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) items = kz_store_list_catalog_items (store, error);
  Loaded *l;

  if (items == NULL)
    return NULL;
  l = g_new0 (Loaded, 1);
  l->courses = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_catalog_item_free);
  for (guint i = 0; i < items->len; i++)
    if (((KzCatalogItem *) items->pdata[i])->kind == KZ_CATALOG_COURSE)
      g_ptr_array_add (l->courses, g_ptr_array_steal_index (items, i--));
  l->people = kz_store_list_people (store, KZ_ROLE_NONE, error);
  if (l->people == NULL)
    {
      loaded_free (l);
      return NULL;
    }
  return l;
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  Loaded *l = kz_store_job_finish (result, &error);
  KzTrainingDialog *self;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  if (l == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KZ_TRAINING_DIALOG (source);
  self->loading = FALSE;
  if (l == NULL)
    {
      show_message (self, error->message);
      return;
    }
  self->courses = g_steal_pointer (&l->courses);
  self->people = g_steal_pointer (&l->people);
  loaded_free (l);
  for (guint i = 0; i < self->courses->len; i++)
    gtk_string_list_append (titles, ((KzCatalogItem *) self->courses->pdata[i])->title);
  gtk_drop_down_set_model (self->course, G_LIST_MODEL (titles));
  {
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
    guint first_manager = 0;

    gtk_string_list_append (names, _("Nobody"));
    for (guint i = 0; i < self->people->len; i++)
      {
        KzPerson *p = self->people->pdata[i];

        if ((p->roles & (KZ_ROLE_MANAGER | KZ_ROLE_REVIEWER | KZ_ROLE_ADMIN)) == 0)
          continue;
        g_ptr_array_add (self->organisers, p);
        gtk_string_list_append (names, p->name);
        if (first_manager == 0 && (p->roles & KZ_ROLE_MANAGER) != 0)
          first_manager = self->organisers->len;
      }
    gtk_drop_down_set_model (self->organiser, G_LIST_MODEL (names));
    gtk_drop_down_set_selected (self->organiser, first_manager);
  }
  for (guint i = 0; i < self->people->len; i++)
    {
      KzPerson *p = self->people->pdata[i];
      GtkWidget *check;

      if ((p->roles & KZ_ROLE_AGENT) == 0)
        continue;
      check = gtk_check_button_new_with_label (p->name);

      gtk_widget_set_name (check, "attendee");
      gtk_widget_set_margin_start (check, 6);
      gtk_widget_set_margin_top (check, 3);
      gtk_widget_set_margin_bottom (check, 3);
      g_object_set_data (G_OBJECT (check), "person-id", GSIZE_TO_POINTER ((gsize) p->id));
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_occurrences), self);
      gtk_list_box_append (self->attendee_list, check);
      g_ptr_array_add (self->attendee_checks, check);
    }
  if (self->courses->len == 0)
    show_message (self, _("The catalog has no course yet: add one with kaizenctl catalog add."));
  update_occurrences (self);
}

static gpointer
save_job (KzStore *store, gpointer data, GCancellable *cancellable, GError **error)
{
  KzPlan *plan = data;
  gint64 id = kz_store_save_plan (store, plan, error);

  return id > 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

static void
on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = kz_store_job_finish (result, &error);
  KzTrainingDialog *self;

  if (id == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KZ_TRAINING_DIALOG (source);
  self->saving = FALSE;
  if (id == NULL)
    {
      show_message (self, error->message);
      update_occurrences (self);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, *id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_save (KzTrainingDialog *self)
{
  g_autoptr(GError) error = NULL;
  KzPlan *plan = kz_training_dialog_build_plan (self, &error);

  if (plan == NULL)
    {
      show_message (self, error->message);
      return;
    }
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  kz_store_job_run_async (self->store, self, save_job, plan, (GDestroyNotify) kz_plan_free, g_free,
                          self->cancellable, on_saved, NULL);
}

gboolean
kz_training_dialog_get_loading (KzTrainingDialog *self)
{
  g_return_val_if_fail (KZ_IS_TRAINING_DIALOG (self), FALSE);
  return self->loading;
}

static void
kz_training_dialog_dispose (GObject *object)
{
  KzTrainingDialog *self = KZ_TRAINING_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->courses, g_ptr_array_unref);
  g_clear_pointer (&self->organisers, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->dropped, g_hash_table_unref);
  g_clear_pointer (&self->attendee_checks, g_ptr_array_unref);
  g_clear_pointer (&self->occurrence_checks, g_ptr_array_unref);
  G_OBJECT_CLASS (kz_training_dialog_parent_class)->dispose (object);
}

static void
kz_training_dialog_class_init (KzTrainingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_training_dialog_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-training-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KzTrainingDialog, form);
  gtk_widget_class_bind_template_child (widget_class, KzTrainingDialog, attendee_list);
  gtk_widget_class_bind_template_child (widget_class, KzTrainingDialog, occurrence_list);
  gtk_widget_class_bind_template_child (widget_class, KzTrainingDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, KzTrainingDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kz_training_dialog_init (KzTrainingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->dropped = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->attendee_checks = g_ptr_array_new ();
  self->organisers = g_ptr_array_new ();
  self->occurrence_checks = g_ptr_array_new ();
  build_form (self);
}

KzTrainingDialog *
kz_training_dialog_new (KzStore   *store,
                        GtkWindow *parent)
{
  KzTrainingDialog *self = g_object_new (KZ_TYPE_TRAINING_DIALOG, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->loading = TRUE;
  kz_store_job_run_async (store, self, load_job, NULL, NULL, (GDestroyNotify) loaded_free, self->cancellable,
                          on_loaded, NULL);
  return self;
}
