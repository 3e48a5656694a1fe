/* kz-coaching-dialog.c — plan a 1:1 coaching session from an agent's gaps
 *
 * coaching.md's coaching session: a coach and an agent, the focus criteria
 * (the gap it addresses), the evaluations shown as evidence, an agenda, a
 * start time and a follow-up date.  The agent's gap page fills in the
 * criteria (the gaps ticked there are ticked here) and the evaluations
 * behind each gap; ticking a focus ticks the evaluations behind it.  Saving
 * goes through kz_store_save_plan() off the UI thread, which checks the plan
 * (kz_plan_check()); a refusal is shown here and nothing is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-coaching-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kz-coaching-dialog.h"
#include "kz-error.h"
#include "kz-store-job.h"

#define DEFAULT_MINUTES 30
#define FOLLOW_UP_DAYS  14

typedef struct {
  gint64     evaluation_id;
  GStrv      criteria;       /* the gaps it is behind */
  GtkWidget *check;
} Evidence;

struct _KzCoachingDialog
{
  AdwWindow     parent_instance;

  KzStore      *store;
  GCancellable *cancellable;
  gint64        agent_id;
  gint64        coach_id;
  char         *rubric_id;
  gint64        plan_id;
  gboolean      saving;
  GHashTable   *focus;         /* criterion id → GtkCheckButton */
  GHashTable   *titles;        /* criterion id → title */
  GPtrArray    *order;         /* criterion ids, as added (largest gap first) */
  GPtrArray    *evidence;      /* Evidence* */

  AdwEntryRow  *title_row;
  AdwEntryRow  *starts_row;
  AdwEntryRow  *minutes_row;
  AdwEntryRow  *follow_up_row;
  GtkTextView  *agenda_view;
  AdwPreferencesGroup *focus_group;
  AdwPreferencesGroup *evidence_group;
  GtkLabel     *message;
  GtkWidget    *save_button;
};

G_DEFINE_FINAL_TYPE (KzCoachingDialog, kz_coaching_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
evidence_free (gpointer data)
{
  Evidence *e = data;

  g_strfreev (e->criteria);
  g_free (e);
}

static void
show_message (KzCoachingDialog *self,
              const char       *text)
{
  gtk_label_set_text (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
}

static gboolean
is_focus (KzCoachingDialog *self,
          const char       *criterion_id)
{
  GtkCheckButton *check = g_hash_table_lookup (self->focus, criterion_id);

  return check != NULL && gtk_check_button_get_active (check);
}

/* The agenda starts as the list of focus criteria until someone writes one. */
static void
update_agenda (KzCoachingDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->agenda_view);
  g_autoptr(GString) agenda = g_string_new (NULL);

  if (g_object_get_data (G_OBJECT (buffer), "kz-edited") != NULL)
    return;
  for (guint i = 0; i < self->order->len; i++)
    if (is_focus (self, g_ptr_array_index (self->order, i)))
      g_string_append_printf (agenda, _("• %s: go through the evidence, agree one thing to change\n"),
                              (char *) g_hash_table_lookup (self->titles, g_ptr_array_index (self->order, i)));
  g_object_set_data (G_OBJECT (buffer), "kz-filling", GINT_TO_POINTER (1));
  gtk_text_buffer_set_text (buffer, agenda->str, -1);
  g_object_set_data (G_OBJECT (buffer), "kz-filling", NULL);
}

static void
on_agenda_changed (GtkTextBuffer *buffer)
{
  if (g_object_get_data (G_OBJECT (buffer), "kz-filling") == NULL)
    g_object_set_data (G_OBJECT (buffer), "kz-edited", GINT_TO_POINTER (1));
}

static void
on_focus_toggled (KzCoachingDialog *self,
                  GtkCheckButton   *check)
{
  const char *criterion_id = g_object_get_data (G_OBJECT (check), "kz-criterion-id");
  gboolean active = gtk_check_button_get_active (check);

  /* The evaluations behind a focus are its evidence; behind none, not. */
  for (guint i = 0; i < self->evidence->len; i++)
    {
      Evidence *e = g_ptr_array_index (self->evidence, i);
      gboolean behind_focus = FALSE;

      if (!g_strv_contains ((const char * const *) e->criteria, criterion_id))
        continue;
      for (guint j = 0; e->criteria[j] != NULL; j++)
        behind_focus |= is_focus (self, e->criteria[j]);
      if (active || !behind_focus)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (e->check), behind_focus);
    }
  update_agenda (self);
}

void
kz_coaching_dialog_add_criterion (KzCoachingDialog *self,
                                  const char       *criterion_id,
                                  const char       *title,
                                  gboolean          focused)
{
  GtkWidget *row, *check;
  g_autofree char *name = NULL;

  g_return_if_fail (KZ_IS_COACHING_DIALOG (self));
  g_return_if_fail (criterion_id != NULL);

  if (g_hash_table_contains (self->focus, criterion_id))
    return;
  row = adw_action_row_new ();
  check = gtk_check_button_new ();
  name = g_strdup_printf ("coach-focus-%s", criterion_id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : criterion_id);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), criterion_id);
  gtk_widget_set_name (check, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), focused);
  g_object_set_data_full (G_OBJECT (check), "kz-criterion-id", g_strdup (criterion_id), g_free);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_focus_toggled), self);
  g_hash_table_insert (self->focus, g_strdup (criterion_id), check);
  g_hash_table_insert (self->titles, g_strdup (criterion_id), g_strdup (title != NULL ? title : criterion_id));
  g_ptr_array_add (self->order, g_strdup (criterion_id));
  adw_preferences_group_add (self->focus_group, row);
  update_agenda (self);
}

void
kz_coaching_dialog_add_evidence (KzCoachingDialog *self,
                                 const char       *criterion_id,
                                 gint64            evaluation_id,
                                 const char       *label)
{
  Evidence *e = NULL;
  GtkWidget *row;
  g_autofree char *name = NULL;
  gboolean behind_focus = FALSE;

  g_return_if_fail (KZ_IS_COACHING_DIALOG (self));

  for (guint i = 0; i < self->evidence->len && e == NULL; i++)
    if (((Evidence *) g_ptr_array_index (self->evidence, i))->evaluation_id == evaluation_id)
      e = g_ptr_array_index (self->evidence, i);
  if (e != NULL)
    {
      /* One evaluation behind several gaps: one tick box. */
      if (!g_strv_contains ((const char * const *) e->criteria, criterion_id))
        {
          guint n = g_strv_length (e->criteria);

          e->criteria = g_renew (char *, e->criteria, n + 2);
          e->criteria[n] = g_strdup (criterion_id);
          e->criteria[n + 1] = NULL;
        }
      if (is_focus (self, criterion_id))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (e->check), TRUE);
      return;
    }

  e = g_new0 (Evidence, 1);
  e->evaluation_id = evaluation_id;
  e->criteria = g_new0 (char *, 2);
  e->criteria[0] = g_strdup (criterion_id);
  e->check = gtk_check_button_new ();
  row = adw_action_row_new ();
  name = g_strdup_printf ("coach-evidence-%" G_GINT64_FORMAT, evaluation_id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_hash_table_lookup (self->titles, criterion_id));
  gtk_widget_set_name (e->check, name);
  gtk_widget_set_valign (e->check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), e->check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), e->check);
  behind_focus = is_focus (self, criterion_id);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (e->check), behind_focus);
  adw_preferences_group_add (self->evidence_group, row);
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_group), TRUE);
  g_ptr_array_add (self->evidence, e);
}

static GTimeZone *
local_zone (char **tzid)
{
  GTimeZone *local = g_time_zone_new_local ();
  const char *id = g_time_zone_get_identifier (local);
  GTimeZone *named = id != NULL ? g_time_zone_new_identifier (id) : NULL;

  /* An identifier the plan can keep (an IANA name); else UTC. */
  if (named == NULL || id[0] == ':' || id[0] == '/')
    {
      g_clear_pointer (&named, g_time_zone_unref);
      g_time_zone_unref (local);
      *tzid = g_strdup ("UTC");
      return g_time_zone_new_utc ();
    }
  *tzid = g_strdup (id);
  g_time_zone_unref (local);
  return named;
}

KzPlan *
kz_coaching_dialog_build_plan (KzCoachingDialog *self,
                               GError          **error)
{
  g_autoptr(KzPlan) plan = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *tzid = NULL;
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  const char *starts = gtk_editable_get_text (GTK_EDITABLE (self->starts_row));
  const char *minutes = gtk_editable_get_text (GTK_EDITABLE (self->minutes_row));
  const char *follow_up = gtk_editable_get_text (GTK_EDITABLE (self->follow_up_row));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->agenda_view);
  GtkTextIter start, end;
  g_autofree char *clean_title = g_strstrip (g_strdup (title));
  g_autofree char *clean_starts = g_strstrip (g_strdup (starts));

  g_return_val_if_fail (KZ_IS_COACHING_DIALOG (self), NULL);

  plan = kz_plan_new (KZ_PLAN_COACHING, clean_title);
  plan->agent_id = self->agent_id;
  plan->coach_id = self->coach_id;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  plan->agenda = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* The criteria in the order they were offered (largest gap first). */
  for (guint i = 0; i < self->order->len; i++)
    if (is_focus (self, g_ptr_array_index (self->order, i)))
      g_ptr_array_add (plan->criteria, kz_criterion_ref_new (self->rubric_id, g_ptr_array_index (self->order, i)));
  if (plan->criteria->len == 0)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Tick at least one gap for the session to focus on."));
      return NULL;
    }
  for (guint i = 0; i < self->evidence->len; i++)
    {
      Evidence *e = g_ptr_array_index (self->evidence, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (e->check)))
        g_array_append_val (plan->evidence, e->evaluation_id);
    }

  tz = local_zone (&tzid);
  if (*clean_starts != '\0')
    {
      int y, mo, d, h, mi;
      char extra;

      if (sscanf (starts, " %d-%d-%d %d:%d %c", &y, &mo, &d, &h, &mi, &extra) != 5 ||
          (plan->starts_at = g_date_time_new (tz, y, mo, d, h, mi, 0)) == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Start: “%s” is not a day and time (YYYY-MM-DD HH:MM)."), starts);
          return NULL;
        }
      plan->tzid = g_strdup (tzid);
      {
        char *endp = NULL;
        gint64 n = g_ascii_strtoll (minutes, &endp, 10);

        if (endp == minutes || *g_strstrip (endp) != '\0' || n <= 0 || n > 24 * 60)
          {
            g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Length: “%s” is not a number of minutes."), minutes);
            return NULL;
          }
        plan->duration_minutes = (int) n;
      }
    }
  if (*follow_up != '\0')
    {
      g_autoptr(GDateTime) day = kz_parse_day (follow_up);

      if (day == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Follow-up: “%s” is not a date (YYYY-MM-DD)."), follow_up);
          return NULL;
        }
      g_date_set_dmy (&plan->follow_up, g_date_time_get_day_of_month (day), g_date_time_get_month (day),
                      g_date_time_get_year (day));
    }
  if (!kz_plan_check (plan, error))
    return NULL;
  return g_steal_pointer (&plan);
}

static gpointer
save_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  KzPlan *plan = data;
  gint64 id = kz_store_save_plan (store, plan, error);

  if (id <= 0)
    return NULL;
  return g_memdup2 (&id, sizeof id);
}

static void
save_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzCoachingDialog *self = KZ_COACHING_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = kz_store_job_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (id == NULL)
    {
      show_message (self, error->message);
      return;
    }
  self->plan_id = *id;
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzCoachingDialog *self = KZ_COACHING_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  KzPlan *plan;

  if (self->saving)
    return;
  plan = kz_coaching_dialog_build_plan (self, &error);
  if (plan == NULL)
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, NULL);
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  kz_store_job_run_async (self->store, self, save_thread, plan, (GDestroyNotify) kz_plan_free, g_free,
                          self->cancellable, save_done, NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
kz_coaching_dialog_dispose (GObject *object)
{
  KzCoachingDialog *self = KZ_COACHING_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_COACHING_DIALOG);

  G_OBJECT_CLASS (kz_coaching_dialog_parent_class)->dispose (object);
}

static void
kz_coaching_dialog_finalize (GObject *object)
{
  KzCoachingDialog *self = KZ_COACHING_DIALOG (object);

  g_free (self->rubric_id);
  g_hash_table_unref (self->focus);
  g_hash_table_unref (self->titles);
  g_ptr_array_unref (self->order);
  g_ptr_array_unref (self->evidence);

  G_OBJECT_CLASS (kz_coaching_dialog_parent_class)->finalize (object);
}

static void
kz_coaching_dialog_class_init (KzCoachingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_coaching_dialog_dispose;
  object_class->finalize = kz_coaching_dialog_finalize;

  /* KzCoachingDialog::saved: the session is stored (kz_coaching_dialog_get_plan_id()). */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-coaching-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, starts_row);
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, minutes_row);
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, agenda_view);
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, focus_group);
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, evidence_group);
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, message);
  gtk_widget_class_bind_template_child (widget_class, KzCoachingDialog, save_button);
  gtk_widget_class_install_action (widget_class, "coaching.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "coaching.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "coaching.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "coaching.save", NULL);
}

static void
kz_coaching_dialog_init (KzCoachingDialog *self)
{
  self->focus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->evidence = g_ptr_array_new_with_free_func (evidence_free);
  self->order = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (gtk_text_view_get_buffer (self->agenda_view), "changed", G_CALLBACK (on_agenda_changed), NULL);
}

KzCoachingDialog *
kz_coaching_dialog_new (KzStore    *store,
                        gint64      agent_id,
                        const char *agent_name,
                        gint64      coach_id,
                        const char *rubric_id)
{
  KzCoachingDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *tzid = NULL;
  g_autoptr(GTimeZone) tz = local_zone (&tzid);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) follow_up = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *follow = NULL;
  g_autofree char *minutes = g_strdup_printf ("%d", DEFAULT_MINUTES);

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  self = g_object_new (KZ_TYPE_COACHING_DIALOG, "modal", TRUE, NULL);
  self->store = g_object_ref (store);
  self->agent_id = agent_id;
  self->coach_id = coach_id;
  self->rubric_id = g_strdup (rubric_id);

  /* Translators: a coaching session's title, with the agent's name */
  title = g_strdup_printf (_("Coaching: %s"), agent_name != NULL ? agent_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
  /* Tomorrow at ten, a follow-up two weeks later. */
  tomorrow = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), 10, 0, 0);
  {
    GDateTime *next = g_date_time_add_days (tomorrow, 1);

    g_date_time_unref (tomorrow);
    tomorrow = next;
  }
  follow_up = g_date_time_add_days (tomorrow, FOLLOW_UP_DAYS);
  starts = g_date_time_format (tomorrow, "%Y-%m-%d %H:%M");
  follow = g_date_time_format (follow_up, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self->starts_row), starts);
  gtk_editable_set_text (GTK_EDITABLE (self->minutes_row), minutes);
  gtk_editable_set_text (GTK_EDITABLE (self->follow_up_row), follow);
  if (coach_id == 0 || coach_id == agent_id)
    show_message (self, _("Choose yourself as the coach in the person menu first."));
  return self;
}

gint64
kz_coaching_dialog_get_plan_id (KzCoachingDialog *self)
{
  g_return_val_if_fail (KZ_IS_COACHING_DIALOG (self), 0);
  return self->plan_id;
}
