/* kz-calibration-page.c — calibration sessions, their results, and how
 * consistently reviewers score over time
 *
 * Three views in a stack.  "list": the sessions the person is in (a
 * manager or an administrator sees them all): while a session is open each
 * of its reviewers sees only their own progress and scores each
 * interaction blind in the review workspace (win.calibrate); the lead
 * closes it.  Under them, over every closed session, each reviewer's bias
 * and drift and the criteria reviewers disagree on most, and each
 * reviewer's leniency against peers outside calibration.  "new": a lead
 * picks the interactions and the reviewers.  "results": a closed session's
 * α per criterion and for the total (with the metric), raw agreement, n,
 * each reviewer's alignment with the lead and bias, then everyone's
 * answers side by side.
 *
 * Blindness is the store's (it gives no one another reviewer's answers
 * while a session is open): this page only ever asks for the person's
 * own, and for a report once the session is closed.  Every number comes
 * from model/kz-calibration.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-calibration-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-calibration-page.h"
#include "kz-page-defer.h"
#include "kz-error.h"
#include "kz-store-job.h"

/* The new-session form offers this many of the newest interactions. */
#define N_INTERACTIONS_OFFERED 60
/* A reviewer's bias per session: this many of the newest. */
#define MAX_BIAS_POINTS 6

struct _KzCalibrationPage
{
  AdwBin        parent_instance;

  KzStore      *store;
  gint64        person_id;
  KzRoles       roles;
  GCancellable *cancellable;
  GCancellable *results_cancellable;
  /* A lead's close or create: a reload (another desk's change, the close's
   * own notification) cancels the lists, never these, or the lead would be
   * left without the results or the new session. */
  GCancellable *action_cancellable;
  gboolean      loading;
  guint         n_sessions;
  gint64        results_session;
  char         *message;

  /* The new-session form */
  GtkEditable  *new_title;
  GtkDropDown  *new_rubric;
  GPtrArray    *new_rubrics;        /* KzRubricInfo*: the dropdown's rows */
  GPtrArray    *new_interactions;   /* GtkCheckButton*, data "id": those the search shows */
  GArray       *new_picked;         /* gint64: the interactions picked, across searches, in order */
  GtkBox       *new_interactions_box;
  GtkLabel     *new_picked_label;
  GCancellable *search_cancellable;
  GPtrArray    *new_reviewers;      /* GtkCheckButton*, data "id" */
  GtkLabel     *new_message;

  GtkStack     *stack;
  GtkLabel     *message_label;
  GtkWidget    *new_button;
  GtkBox       *sessions_box;
  GtkBox       *trends_box;
  GtkDropDown  *period_dropdown;
  GtkBox       *leniency_box;
  GtkBox       *new_box;
  GtkBox       *results_box;
};

G_DEFINE_FINAL_TYPE (KzCalibrationPage, kz_calibration_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_SESSIONS,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- pure formatting ------------------------------------------------------- */

char *
kz_calibration_page_format_alpha (const KzAgreement *agreement)
{
  g_return_val_if_fail (agreement != NULL, NULL);
  if (!agreement->defined)
    return g_strdup ("—");
  return g_strdup_printf ("%.3f", agreement->alpha);
}

char *
kz_calibration_page_format_raw (const KzAgreement *agreement)
{
  g_return_val_if_fail (agreement != NULL, NULL);
  if (agreement->n_pairs == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", 100.0 * agreement->raw_agreement);
}

char *
kz_calibration_page_format_signed (double points)
{
  /* −0.04 shows as 0.0, not "−0.0". */
  if (fabs (points) < 0.05)
    return g_strdup ("0.0");
  if (points > 0)
    return g_strdup_printf ("+%.1f", points);
  return g_strdup_printf ("−%.1f", -points);
}

static const char *
metric_name (KzAlphaMetric metric)
{
  switch (metric)
    {
    case KZ_ALPHA_NOMINAL:
      return _("nominal");
    case KZ_ALPHA_ORDINAL:
      return _("ordinal");
    case KZ_ALPHA_INTERVAL:
    default:
      return _("interval");
    }
}

/* ---- small widgets ---------------------------------------------------------- */

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  return label;
}

static GtkWidget *
dim (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* A table: a grid of labels, the first row its header. */
static GtkGrid *
table_new (const char * const *columns)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_column_spacing (grid, 18);
  gtk_grid_set_row_spacing (grid, 4);
  gtk_widget_add_css_class (GTK_WIDGET (grid), "kz-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, columns[0], -1);
  for (int i = 0; columns[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (columns[i]);

      gtk_label_set_xalign (GTK_LABEL (label), i == 0 ? 0 : 1);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (grid, label, i, 0, 1, 1);
    }
  return grid;
}

static GtkWidget *
table_cell (GtkGrid    *grid,
            int         column,
            int         row,
            const char *text,
            const char *name)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (column == 0)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_widget_set_hexpand (label, TRUE);
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  if (name != NULL)
    gtk_widget_set_name (label, name);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static GtkWidget *
card (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "kz-calibration-card");
  g_object_set (box, "margin-top", 0, NULL);
  return box;
}

static GtkWidget *
padded (GtkWidget *child)
{
  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  gtk_widget_set_margin_top (child, 6);
  gtk_widget_set_margin_bottom (child, 6);
  return child;
}

static void
show_message (KzCalibrationPage *self,
              const char        *message)
{
  g_free (self->message);
  self->message = g_strdup (message != NULL ? message : "");
  gtk_label_set_text (self->message_label, self->message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

static void
report_error (KzCalibrationPage *self,
              const GError      *error)
{
  if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
  show_message (self, error->message);
}

static void
set_view (KzCalibrationPage *self,
          const char        *view)
{
  g_debug ("view %s", view);
  gtk_stack_set_visible_child_name (self->stack, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* ---- loading the list -------------------------------------------------------- */

typedef struct {
  gint64  person_id;
  KzRoles roles;
  guint   period;      /* the dropdown: all, 90 days, 30 days */
} ListRequest;

typedef struct {
  GPtrArray           *sessions;     /* KzCalibrationSession*: the person's */
  GHashTable          *names;        /* person id → name */
  GHashTable          *subjects;     /* interaction id → subject */
  GHashTable          *rubric_titles;/* "id" → title */
  GHashTable          *own;          /* "session:interaction" → KzEvaluationState + 1 */
  KzCalibrationTrends *trends;
  GPtrArray           *leniency;     /* KzLeniency* */
} ListResult;

static void
list_result_free (gpointer data)
{
  ListResult *result = data;

  g_clear_pointer (&result->sessions, g_ptr_array_unref);
  g_clear_pointer (&result->names, g_hash_table_unref);
  g_clear_pointer (&result->subjects, g_hash_table_unref);
  g_clear_pointer (&result->rubric_titles, g_hash_table_unref);
  g_clear_pointer (&result->own, g_hash_table_unref);
  g_clear_pointer (&result->trends, kz_calibration_trends_free);
  g_clear_pointer (&result->leniency, g_ptr_array_unref);
  g_free (result);
}

static gboolean
sees_all (gint64  person_id,
          KzRoles roles)
{
  return (roles & (KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) != 0;
}

static GHashTable *
people_names (KzStore  *store,
              GError  **error)
{
  g_autoptr(GPtrArray) people = kz_store_list_people (store, KZ_ROLE_NONE, error);
  GHashTable *names;

  if (people == NULL)
    return NULL;
  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < people->len; i++)
    {
      const KzPerson *p = g_ptr_array_index (people, i);

      g_hash_table_insert (names, g_memdup2 (&p->id, sizeof p->id), g_strdup (p->name));
    }
  return names;
}

/* What an interaction is called on the page; @it NULL: one the store does
 * not show this person. */
static char *
subject_of (const KzInteraction *it,
            gint64               id)
{
  if (it == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      /* Translators: an interaction this person may not read, by number */
      return g_strdup_printf (_("Interaction %s"), number);
    }
  if (it->subject != NULL && *it->subject != '\0')
    return g_strdup (it->subject);
  return g_strdup (it->channel == KZ_CHANNEL_CALL ? _("Call") : _("Email"));
}

static char *
own_key (gint64 session_id,
         gint64 interaction_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, session_id, interaction_id);
}

static gpointer
list_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ListRequest *request = data;
  ListResult *result = g_new0 (ListResult, 1);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;

  if ((result->names = people_names (store, error)) == NULL)
    goto failed;
  if ((infos = kz_store_list_rubrics (store, error)) == NULL)
    goto failed;
  result->rubric_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);

      g_hash_table_replace (result->rubric_titles, g_strdup (info->id), g_strdup (info->title));
    }

  if ((sessions = kz_store_list_calibrations (store, error)) == NULL)
    goto failed;
  result->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_calibration_session_free);
  result->subjects = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  result->own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < sessions->len; i++)
    {
      KzCalibrationSession *s = g_ptr_array_index (sessions, i);
      gboolean mine = request->person_id != 0 && kz_calibration_session_has_reviewer (s, request->person_id);

      if (!mine && !sees_all (request->person_id, request->roles))
        continue;
      for (guint j = 0; j < s->interaction_ids->len; j++)
        {
          gint64 id = g_array_index (s->interaction_ids, gint64, j);
          g_autoptr(GError) local_error = NULL;

          if (!g_hash_table_contains (result->subjects, &id))
            {
              g_autoptr(KzInteraction) it = kz_store_get_interaction (store, id, &local_error);

              /* A manager may see a session of interactions some of which
               * a team server does not show them: named by number then. */
              if (it == NULL && !g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND) &&
                  !g_error_matches (local_error, KZ_ERROR, KZ_ERROR_PERMISSION))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  goto failed;
                }
              g_clear_error (&local_error);
              g_hash_table_insert (result->subjects, g_memdup2 (&id, sizeof id), subject_of (it, id));
            }
          /* The person's own scoring only: nobody else's is asked for. */
          if (mine && kz_calibration_session_is_open (s))
            {
              g_autoptr(KzEvaluation) ev =
                kz_store_get_calibration_evaluation (store, s->id, id, request->person_id, request->person_id,
                                                     &local_error);

              if (ev != NULL)
                g_hash_table_insert (result->own, own_key (s->id, id), GINT_TO_POINTER (ev->state + 1));
              else if (!g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  goto failed;
                }
            }
        }
      g_ptr_array_add (result->sessions, g_steal_pointer (&sessions->pdata[i]));
    }

  if ((result->trends = kz_store_calibration_trends (store, NULL, NULL, error)) == NULL)
    goto failed;

  if (request->period > 0)
    {
      from = g_date_time_add_days (now, request->period == 1 ? -90 : -30);
      to = g_date_time_add_days (now, 1);
    }
  if ((result->leniency = kz_store_reviewer_leniency (store, from, to, error)) == NULL)
    goto failed;
  return result;

failed:
  list_result_free (result);
  return NULL;
}

static const char *
name_of (GHashTable *names,
         gint64      id)
{
  const char *name = names != NULL ? g_hash_table_lookup (names, &id) : NULL;

  return name != NULL ? name : "—";
}

static void
on_score_clicked (GtkButton         *button,
                  KzCalibrationPage *self)
{
  gint64 session_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "session"));
  gint64 interaction_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "interaction"));
  const char *rubric_id = g_object_get_data (G_OBJECT (button), "rubric");
  int version = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "version"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.calibrate", "(xxsi)",
                              session_id, interaction_id, rubric_id, version);
}

static void close_session (KzCalibrationPage *self, gint64 session_id);

static void
on_close_response (AdwMessageDialog  *dialog,
                   const char        *response,
                   KzCalibrationPage *self)
{
  if (g_strcmp0 (response, "close") == 0)
    close_session (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "session")));
}

/* Closing cannot be undone: everyone's answers become readable and stop
 * changing.  Asked first, with how many scorings are in. */
static void
on_close_clicked (GtkButton         *button,
                  KzCalibrationPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *title = g_object_get_data (G_OBJECT (button), "title");
  guint submitted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "submitted"));
  guint expected = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "expected"));
  g_autofree char *heading = g_strdup_printf (_("Close “%s”?"), title);
  /* Translators: scorings submitted, scorings expected */
  g_autofree char *body = g_strdup_printf (_("%u of %u scorings are submitted. Once closed, every reviewer sees "
                                             "everyone's answers and the results, and no scoring changes any more."),
                                           submitted, expected);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose Session"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "close-session-dialog");
  g_object_set_data (G_OBJECT (dialog), "session", g_object_get_data (G_OBJECT (button), "session"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_results_clicked (GtkButton         *button,
                    KzCalibrationPage *self)
{
  kz_calibration_page_show_results (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "session")));
}

static GtkWidget *
session_card (KzCalibrationPage          *self,
              const KzCalibrationSession *s,
              ListResult                 *result)
{
  GtkWidget *box = card ();
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (s->title != NULL && *s->title != '\0' ? s->title : _("Calibration session"));
  const char *rubric = g_hash_table_lookup (result->rubric_titles, s->rubric_id);
  gboolean open = kz_calibration_session_is_open (s);
  gboolean is_lead = self->person_id != 0 && s->lead_id == self->person_id;
  gboolean is_reviewer = self->person_id != 0 && kz_calibration_session_has_reviewer (s, self->person_id);
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("session-%" G_GINT64_FORMAT, s->id);

  gtk_widget_set_name (box, name);
  if (open)
    when = g_date_time_format (s->created_at, "%Y-%m-%d");
  else
    when = g_date_time_format (s->closed_at, "%Y-%m-%d");
  /* Translators: rubric title, version, lead, counts; "open since"/"closed" */
  subtitle = g_strdup_printf (open ? _("%s, version %d · lead %s · %u reviewers · %u of %u scorings submitted · open since %s")
                                   : _("%s, version %d · lead %s · %u reviewers · %u of %u scorings submitted · closed %s"),
                              rubric != NULL ? rubric : s->rubric_id, s->rubric_version,
                              name_of (result->names, s->lead_id), s->reviewer_ids->len,
                              s->n_submitted, s->reviewer_ids->len * s->interaction_ids->len, when);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), dim (subtitle));
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (top), texts);

  if (open && (is_lead || (self->roles & KZ_ROLE_ADMIN) != 0))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Close Session"));
      g_autofree char *button_name = g_strdup_printf ("close-%" G_GINT64_FORMAT, s->id);

      gtk_widget_set_name (button, button_name);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Close the session and show everyone's answers and the results"));
      g_object_set_data (G_OBJECT (button), "session", GSIZE_TO_POINTER (s->id));
      g_object_set_data_full (G_OBJECT (button), "title", g_strdup (gtk_label_get_text (GTK_LABEL (title))), g_free);
      g_object_set_data (G_OBJECT (button), "submitted", GUINT_TO_POINTER (s->n_submitted));
      g_object_set_data (G_OBJECT (button), "expected",
                         GUINT_TO_POINTER (s->reviewer_ids->len * s->interaction_ids->len));
      g_signal_connect (button, "clicked", G_CALLBACK (on_close_clicked), self);
      gtk_box_append (GTK_BOX (top), button);
    }
  else if (!open)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Results"));
      g_autofree char *button_name = g_strdup_printf ("results-%" G_GINT64_FORMAT, s->id);

      gtk_widget_set_name (button, button_name);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data (G_OBJECT (button), "session", GSIZE_TO_POINTER (s->id));
      g_signal_connect (button, "clicked", G_CALLBACK (on_results_clicked), self);
      gtk_box_append (GTK_BOX (top), button);
    }
  gtk_box_append (GTK_BOX (box), padded (top));

  /* While it is open a reviewer sees their own progress, nothing more. */
  if (open && is_reviewer)
    {
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint j = 0; j < s->interaction_ids->len; j++)
        {
          gint64 id = g_array_index (s->interaction_ids, gint64, j);
          g_autofree char *key = own_key (s->id, id);
          int state = GPOINTER_TO_INT (g_hash_table_lookup (result->own, key)) - 1;
          const char *subject = g_hash_table_lookup (result->subjects, &id);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *button;
          g_autofree char *button_name = g_strdup_printf ("score-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, s->id, id);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), subject != NULL ? subject : "—");
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                       state == KZ_EVALUATION_SUBMITTED ? _("You scored it (submitted)")
                                       : state == KZ_EVALUATION_DRAFT ? _("Your draft")
                                       : _("Not scored yet"));
          button = gtk_button_new_with_mnemonic (state == KZ_EVALUATION_SUBMITTED ? _("_View")
                                                 : state == KZ_EVALUATION_DRAFT ? _("C_ontinue") : _("_Score"));
          gtk_widget_set_name (button, button_name);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (button), "session", GSIZE_TO_POINTER (s->id));
          g_object_set_data (G_OBJECT (button), "interaction", GSIZE_TO_POINTER (id));
          g_object_set_data_full (G_OBJECT (button), "rubric", g_strdup (s->rubric_id), g_free);
          g_object_set_data (G_OBJECT (button), "version", GINT_TO_POINTER (s->rubric_version));
          g_signal_connect (button, "clicked", G_CALLBACK (on_score_clicked), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      gtk_box_append (GTK_BOX (box), padded (list));
    }
  else if (open)
    gtk_box_append (GTK_BOX (box),
                    padded (dim (_("Answers stay hidden until the lead closes the session."))));
  return box;
}

static void
show_trends (KzCalibrationPage   *self,
             KzCalibrationTrends *trends,
             GHashTable          *names)
{
  clear_box (self->trends_box);
  gtk_box_append (self->trends_box, heading (_("Reviewer Bias over Sessions")));
  if (trends->drift->len == 0)
    gtk_box_append (self->trends_box, dim (_("No closed session yet.")));
  else
    {
      static const char *columns[] = { N_("Reviewer"), N_("Sessions"), N_("Mean bias (points)"),
                                       N_("Drift (points / 30 days)"), N_("Bias per session"), NULL };
      const char *translated[G_N_ELEMENTS (columns)];
      GtkGrid *grid;

      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        translated[i] = columns[i] != NULL ? _(columns[i]) : NULL;
      grid = table_new (translated);
      gtk_widget_set_name (GTK_WIDGET (grid), "bias-table");
      for (guint i = 0; i < trends->drift->len; i++)
        {
          const KzReviewerDrift *d = g_ptr_array_index (trends->drift, i);
          g_autofree char *n = g_strdup_printf ("%u", d->n_sessions);
          g_autofree char *mean = d->n_sessions > 0 ? kz_calibration_page_format_signed (d->mean_bias) : g_strdup ("—");
          g_autofree char *drift = d->has_drift ? kz_calibration_page_format_signed (d->drift) : g_strdup ("—");
          g_autofree char *cell_name = g_strdup_printf ("bias-%" G_GINT64_FORMAT, d->reviewer_id);
          GString *points = g_string_new (NULL);
          guint n_points = 0;
          guint skip;

          for (guint j = 0; j < trends->points->len; j++)
            {
              const KzBiasPoint *p = g_ptr_array_index (trends->points, j);

              n_points += p->reviewer_id == d->reviewer_id && p->has_bias;
            }
          /* The newest few: the drift says where the rest was heading. */
          skip = n_points > MAX_BIAS_POINTS ? n_points - MAX_BIAS_POINTS : 0;
          if (skip > 0)
            g_string_append (points, "…");
          for (guint j = 0; j < trends->points->len; j++)
            {
              const KzBiasPoint *p = g_ptr_array_index (trends->points, j);
              g_autofree char *date = NULL;
              g_autofree char *bias = NULL;

              if (p->reviewer_id != d->reviewer_id || !p->has_bias)
                continue;
              if (skip > 0)
                {
                  skip--;
                  continue;
                }
              date = g_date_time_format (p->closed_at, "%m-%d");
              bias = kz_calibration_page_format_signed (p->bias);
              g_string_append_printf (points, "%s%s %s", points->len > 0 ? ", " : "", date, bias);
            }
          table_cell (grid, 0, i + 1, name_of (names, d->reviewer_id), NULL);
          table_cell (grid, 1, i + 1, n, NULL);
          table_cell (grid, 2, i + 1, mean, cell_name);
          table_cell (grid, 3, i + 1, drift, NULL);
          table_cell (grid, 4, i + 1, points->str, NULL);
          g_string_free (points, TRUE);
        }
      gtk_box_append (self->trends_box, GTK_WIDGET (grid));
      gtk_box_append (self->trends_box,
                      dim (_("Bias: a reviewer's score minus the mean of everyone's on the same interaction. "
                             "Drift: how that bias moves over time.")));
    }

  gtk_box_append (self->trends_box, heading (_("Criteria Reviewers Disagree on Most")));
  if (trends->criteria->len == 0)
    gtk_box_append (self->trends_box, dim (_("Not enough closed sessions to tell.")));
  else
    {
      const char *columns[] = { _("Criterion"), _("Metric"), _("α"), _("Raw agreement"), _("Units"),
                                _("Sessions"), NULL };
      GtkGrid *grid = table_new (columns);

      gtk_widget_set_name (GTK_WIDGET (grid), "disagreement-table");
      for (guint i = 0; i < trends->criteria->len && i < 5; i++)
        {
          const KzCriterionTrend *t = g_ptr_array_index (trends->criteria, i);
          g_autofree char *alpha = kz_calibration_page_format_alpha (&t->agreement);
          g_autofree char *raw = kz_calibration_page_format_raw (&t->agreement);
          g_autofree char *units = g_strdup_printf ("%u", t->agreement.n_units);
          g_autofree char *n = g_strdup_printf ("%u", t->n_sessions);
          g_autofree char *cell_name = g_strdup_printf ("trend-alpha-%s", t->criterion_id);

          table_cell (grid, 0, i + 1, t->title != NULL ? t->title : t->criterion_id, NULL);
          table_cell (grid, 1, i + 1, metric_name (t->metric), NULL);
          table_cell (grid, 2, i + 1, alpha, cell_name);
          table_cell (grid, 3, i + 1, raw, NULL);
          table_cell (grid, 4, i + 1, units, NULL);
          table_cell (grid, 5, i + 1, n, NULL);
        }
      gtk_box_append (self->trends_box, GTK_WIDGET (grid));
      gtk_box_append (self->trends_box,
                      dim (_("Lowest α first, every closed session's interactions pooled: "
                             "these criteria's wording needs work first.")));
    }
}

static void
show_leniency (KzCalibrationPage *self,
               GPtrArray         *leniency,
               GHashTable        *names)
{
  const char *columns[] = { _("Reviewer"), _("Evaluations"), _("Agents"), _("Against peers (points)"),
                            _("95% interval"), NULL };
  GtkGrid *grid;

  clear_box (self->leniency_box);
  if (leniency->len == 0)
    {
      gtk_box_append (self->leniency_box,
                      dim (_("No two reviewers scored the same agent in this period.")));
      return;
    }
  grid = table_new (columns);
  gtk_widget_set_name (GTK_WIDGET (grid), "leniency-table");
  for (guint i = 0; i < leniency->len; i++)
    {
      const KzLeniency *l = g_ptr_array_index (leniency, i);
      g_autofree char *n = g_strdup_printf ("%u", l->n_evaluations);
      g_autofree char *agents = g_strdup_printf ("%u", l->n_agents);
      g_autofree char *value = kz_calibration_page_format_signed (l->leniency);
      g_autofree char *interval = NULL;
      g_autofree char *cell_name = g_strdup_printf ("leniency-%" G_GINT64_FORMAT, l->reviewer_id);

      if (l->interval.defined)
        {
          g_autofree char *low = kz_calibration_page_format_signed (l->interval.low);
          g_autofree char *high = kz_calibration_page_format_signed (l->interval.high);

          interval = g_strdup_printf ("%s to %s", low, high);
        }
      else
        interval = g_strdup ("—");
      table_cell (grid, 0, i + 1, name_of (names, l->reviewer_id), NULL);
      table_cell (grid, 1, i + 1, n, NULL);
      table_cell (grid, 2, i + 1, agents, NULL);
      table_cell (grid, 3, i + 1, value, cell_name);
      table_cell (grid, 4, i + 1, interval, NULL);
    }
  gtk_box_append (self->leniency_box, GTK_WIDGET (grid));
  gtk_box_append (self->leniency_box,
                  dim (_("Outside calibration: each reviewer's mean score for an agent minus the mean the agent's "
                         "other reviewers gave, averaged over the agents they share. Positive is more lenient.")));
}

static void
set_loading (KzCalibrationPage *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
list_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(KzCalibrationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ListResult *result = kz_store_job_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (result == NULL)
    {
      report_error (self, error);
      return;
    }

  show_message (self, NULL);
  clear_box (self->sessions_box);
  gtk_box_append (self->sessions_box, heading (_("Sessions")));
  if (result->sessions->len == 0)
    gtk_box_append (self->sessions_box,
                    dim (self->person_id == 0 && !sees_all (self->person_id, self->roles)
                         ? _("Choose who you are in the header bar to see your calibration sessions.")
                         : _("No calibration session yet. A lead starts one with New Session.")));
  for (guint i = 0; i < result->sessions->len; i++)
    gtk_box_append (self->sessions_box, session_card (self, g_ptr_array_index (result->sessions, i), result));
  show_trends (self, result->trends, result->names);
  show_leniency (self, result->leniency, result->names);

  self->n_sessions = result->sessions->len;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SESSIONS]);
  list_result_free (result);
}

void
kz_calibration_page_reload (KzCalibrationPage *self)
{
  ListRequest *request;

  g_return_if_fail (KZ_IS_CALIBRATION_PAGE (self));
  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_calibration_page_reload))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  request = g_new0 (ListRequest, 1);
  request->person_id = self->person_id;
  request->roles = self->roles;
  request->period = gtk_drop_down_get_selected (self->period_dropdown);
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, NULL, list_thread, request, g_free, list_result_free,
                          self->cancellable, list_done, g_object_ref (self));
}

static void
on_period_changed (KzCalibrationPage *self)
{
  kz_calibration_page_reload (self);
}

/* ---- closing a session ---------------------------------------------------- */

typedef struct {
  gint64 session_id;
  gint64 lead_id;
} CloseRequest;

static gpointer
close_thread (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  CloseRequest *request = data;

  if (!kz_store_close_calibration (store, request->session_id, request->lead_id, NULL, error))
    return NULL;
  return GSIZE_TO_POINTER (request->session_id);
}

static void
close_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(KzCalibrationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 session_id = GPOINTER_TO_SIZE (kz_store_job_finish (res, &error));

  g_debug ("closing session %" G_GINT64_FORMAT ": %s", session_id, error != NULL ? error->message : "done");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (session_id == 0)
    {
      report_error (self, error);
      return;
    }
  kz_calibration_page_reload (self);
  /* What the lead closed it for. */
  kz_calibration_page_show_results (self, session_id);
}

static void
close_session (KzCalibrationPage *self,
               gint64             session_id)
{
  CloseRequest *request = g_new0 (CloseRequest, 1);

  request->session_id = session_id;
  request->lead_id = self->person_id;
  g_debug ("closing session %" G_GINT64_FORMAT " as %" G_GINT64_FORMAT, session_id, self->person_id);
  kz_store_job_run_async (self->store, NULL, close_thread, request, g_free, NULL,
                          self->action_cancellable, close_done, g_object_ref (self));
}

/* ---- results -------------------------------------------------------------- */

typedef struct {
  KzCalibrationReport *report;
  GHashTable          *names;
  GHashTable          *subjects;
} ResultsResult;

static void
results_result_free (gpointer data)
{
  ResultsResult *result = data;

  g_clear_pointer (&result->report, kz_calibration_report_free);
  g_clear_pointer (&result->names, g_hash_table_unref);
  g_clear_pointer (&result->subjects, g_hash_table_unref);
  g_free (result);
}

static gpointer
results_thread (KzStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  gint64 session_id = *(gint64 *) data;
  ResultsResult *result = g_new0 (ResultsResult, 1);

  if ((result->report = kz_store_calibration_report (store, session_id, error)) == NULL)
    goto failed;
  if ((result->names = people_names (store, error)) == NULL)
    goto failed;
  result->subjects = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < result->report->session->interaction_ids->len; i++)
    {
      gint64 id = g_array_index (result->report->session->interaction_ids, gint64, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(KzInteraction) it = kz_store_get_interaction (store, id, &local_error);

      if (it == NULL && !g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND) &&
          !g_error_matches (local_error, KZ_ERROR, KZ_ERROR_PERMISSION))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto failed;
        }
      g_hash_table_insert (result->subjects, g_memdup2 (&id, sizeof id), subject_of (it, id));
    }
  return result;

failed:
  results_result_free (result);
  return NULL;
}

static void
on_back_clicked (KzCalibrationPage *self)
{
  self->results_session = 0;
  set_view (self, "list");
}

static char *
answer_text (const KzCriterion *criterion,
             const KzAnswer    *answer)
{
  const KzScalePoint *point;
  g_autofree char *what = NULL;

  if (answer == NULL || answer->kind == KZ_ANSWER_UNANSWERED)
    what = g_strdup (_("not answered"));
  else if (answer->kind == KZ_ANSWER_NA)
    what = g_strdup (_("N/A"));
  else if ((point = kz_scale_find_point (criterion->scale, answer->value)) != NULL && point->label != NULL)
    what = g_strdup (point->label);
  else
    what = g_strdup_printf ("%g", answer->value);
  if (answer != NULL && answer->comment != NULL && *answer->comment != '\0')
    /* Translators: an answer and the reviewer's comment on it */
    return g_strdup_printf (_("%s — “%s”"), what, answer->comment);
  return g_steal_pointer (&what);
}

static void
show_report (KzCalibrationPage *self,
             ResultsResult     *result)
{
  KzCalibrationReport *report = result->report;
  KzCalibrationSession *s = report->session;
  KzCalibrationResult *r = report->result;
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *back = gtk_button_new ();
  GtkWidget *back_content = adw_button_content_new ();
  GtkWidget *title = gtk_label_new (s->title != NULL && *s->title != '\0' ? s->title : _("Calibration session"));
  g_autofree char *closed = g_date_time_format (s->closed_at, "%Y-%m-%d %H:%M");
  g_autofree char *summary = NULL;
  const char *columns[] = { _("Criterion"), _("Metric"), _("α"), _("Raw agreement"), _("Units"), _("Values"), NULL };
  const char *reviewer_columns[] = { _("Reviewer"), _("Interactions"), _("Alignment with lead"),
                                     _("Bias (points)"), NULL };
  GtkGrid *grid;
  int row = 1;

  clear_box (self->results_box);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (back_content), "go-previous-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (back_content), _("_All Sessions"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (back_content), TRUE);
  gtk_button_set_child (GTK_BUTTON (back), back_content);
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_name (back, "results-back");
  gtk_widget_set_halign (back, GTK_ALIGN_START);
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (on_back_clicked), self);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (top), back);
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (self->results_box, top);

  /* Translators: lead, closed at, counts */
  summary = g_strdup_printf (_("%s, version %d · lead %s · closed %s · %u interactions · %u reviewers · %u scorings"),
                             kz_rubric_get_title (report->rubric), s->rubric_version,
                             name_of (result->names, s->lead_id), closed, s->interaction_ids->len,
                             s->reviewer_ids->len, report->evaluations->len);
  gtk_box_append (self->results_box, dim (summary));

  gtk_box_append (self->results_box, heading (_("Agreement (Krippendorff’s α)")));
  grid = table_new (columns);
  gtk_widget_set_name (GTK_WIDGET (grid), "agreement-table");
  for (guint i = 0; i < r->criteria->len; i++, row++)
    {
      const KzCriterionAgreement *ca = g_ptr_array_index (r->criteria, i);
      g_autofree char *alpha = kz_calibration_page_format_alpha (&ca->agreement);
      g_autofree char *raw = kz_calibration_page_format_raw (&ca->agreement);
      g_autofree char *units = g_strdup_printf ("%u", ca->agreement.n_units);
      g_autofree char *values = g_strdup_printf ("%u", ca->agreement.n_values);
      g_autofree char *alpha_name = g_strdup_printf ("alpha-%s", ca->criterion->id);
      g_autofree char *raw_name = g_strdup_printf ("raw-%s", ca->criterion->id);

      table_cell (grid, 0, row, ca->criterion->title, NULL);
      table_cell (grid, 1, row, metric_name (ca->metric), NULL);
      table_cell (grid, 2, row, alpha, alpha_name);
      table_cell (grid, 3, row, raw, raw_name);
      table_cell (grid, 4, row, units, NULL);
      table_cell (grid, 5, row, values, NULL);
    }
  {
    g_autofree char *alpha = kz_calibration_page_format_alpha (&r->total);
    g_autofree char *raw = kz_calibration_page_format_raw (&r->total);
    g_autofree char *units = g_strdup_printf ("%u", r->total.n_units);
    g_autofree char *values = g_strdup_printf ("%u", r->total.n_values);
    GtkWidget *label = table_cell (grid, 0, row, _("Total score"), NULL);

    gtk_widget_add_css_class (label, "heading");
    table_cell (grid, 1, row, metric_name (KZ_ALPHA_INTERVAL), "metric-total");
    label = table_cell (grid, 2, row, alpha, "alpha-total");
    gtk_widget_add_css_class (label, "heading");
    table_cell (grid, 3, row, raw, "raw-total");
    table_cell (grid, 4, row, units, "units-total");
    table_cell (grid, 5, row, values, NULL);
  }
  gtk_box_append (self->results_box, GTK_WIDGET (grid));
  gtk_box_append (self->results_box,
                  dim (_("α is 1 for perfect agreement and 0 for agreement no better than chance; "
                         "N/A and unanswered are missing values, interactions with fewer than two values are "
                         "left out. Raw agreement: the share of pairs of answers that are equal.")));

  gtk_box_append (self->results_box, heading (_("Reviewers")));
  grid = table_new (reviewer_columns);
  gtk_widget_set_name (GTK_WIDGET (grid), "reviewers-table");
  for (guint i = 0; i < r->reviewers->len; i++)
    {
      const KzReviewerAlignment *a = g_ptr_array_index (r->reviewers, i);
      g_autofree char *units = g_strdup_printf ("%u", a->n_units);
      g_autofree char *alignment = a->reviewer_id == s->lead_id ? g_strdup (_("reference"))
                                   : a->has_alignment ? g_strdup_printf ("%.1f%%", 100.0 * a->alignment)
                                   : g_strdup ("—");
      g_autofree char *bias = a->has_bias ? kz_calibration_page_format_signed (a->bias) : g_strdup ("—");
      g_autofree char *alignment_name = g_strdup_printf ("alignment-%" G_GINT64_FORMAT, a->reviewer_id);
      g_autofree char *bias_name = g_strdup_printf ("session-bias-%" G_GINT64_FORMAT, a->reviewer_id);

      table_cell (grid, 0, i + 1, name_of (result->names, a->reviewer_id), NULL);
      table_cell (grid, 1, i + 1, units, NULL);
      table_cell (grid, 2, i + 1, alignment, alignment_name);
      table_cell (grid, 3, i + 1, bias, bias_name);
    }
  gtk_box_append (self->results_box, GTK_WIDGET (grid));
  gtk_box_append (self->results_box,
                  dim (_("Alignment: 1 − |reviewer − lead| ÷ the scale's range, weighted by criterion weight. "
                         "Bias: the reviewer's score minus the mean of everyone's, in points.")));

  /* Everyone's answers, now that they may be read. */
  gtk_box_append (self->results_box, heading (_("Answers")));
  for (guint i = 0; i < s->interaction_ids->len; i++)
    {
      gint64 unit = g_array_index (s->interaction_ids, gint64, i);
      const char *subject = g_hash_table_lookup (result->subjects, &unit);
      GPtrArray *ratings = g_ptr_array_new ();
      GtkGrid *answers;
      int r_row = 1;

      for (guint j = 0; j < report->ratings->len; j++)
        {
          KzCalibrationRating *rating = g_ptr_array_index (report->ratings, j);

          if (rating->unit_id == unit)
            g_ptr_array_add (ratings, rating);
        }
      {
        const char **cols = g_new0 (const char *, ratings->len + 2);

        cols[0] = subject != NULL ? subject : "—";
        for (guint j = 0; j < ratings->len; j++)
          cols[j + 1] = name_of (result->names, ((KzCalibrationRating *) g_ptr_array_index (ratings, j))->reviewer_id);
        answers = table_new (cols);
        g_free (cols);
      }
      for (guint k = 0; k < kz_rubric_get_sections (report->rubric)->len; k++)
        {
          KzSection *section = g_ptr_array_index (kz_rubric_get_sections (report->rubric), k);

          for (guint c = 0; c < section->criteria->len; c++, r_row++)
            {
              const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);

              table_cell (answers, 0, r_row, criterion->title, NULL);
              for (guint j = 0; j < ratings->len; j++)
                {
                  KzCalibrationRating *rating = g_ptr_array_index (ratings, j);
                  g_autofree char *text = answer_text (criterion, kz_answer_set_get (rating->answers, criterion->id));
                  GtkWidget *label = table_cell (answers, j + 1, r_row, text, NULL);

                  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
                  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
                }
            }
        }
      table_cell (answers, 0, r_row, _("Score"), NULL);
      for (guint j = 0; j < ratings->len; j++)
        {
          KzCalibrationRating *rating = g_ptr_array_index (ratings, j);
          g_autofree char *score = rating->has_score ? g_strdup_printf ("%.1f%%", rating->final) : g_strdup ("—");

          table_cell (answers, j + 1, r_row, score, NULL);
        }
      if (ratings->len == 0)
        table_cell (answers, 1, 1, _("nobody scored it"), NULL);
      gtk_box_append (self->results_box, GTK_WIDGET (answers));
      g_ptr_array_unref (ratings);
    }
}

static void
results_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(KzCalibrationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ResultsResult *result = kz_store_job_finish (res, &error);

  g_debug ("results: %s", error != NULL ? error->message : "read");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (result == NULL)
    {
      self->results_session = 0;
      set_view (self, "list");
      report_error (self, error);
      return;
    }
  show_report (self, result);
  self->results_session = result->report->session->id;
  set_view (self, "results");
  results_result_free (result);
}

void
kz_calibration_page_show_results (KzCalibrationPage *self,
                                  gint64             session_id)
{
  gint64 *data;

  g_return_if_fail (KZ_IS_CALIBRATION_PAGE (self));
  g_return_if_fail (session_id > 0);
  if (self->store == NULL)
    return;
  g_debug ("reading the results of session %" G_GINT64_FORMAT, session_id);
  g_cancellable_cancel (self->results_cancellable);
  g_clear_object (&self->results_cancellable);
  self->results_cancellable = g_cancellable_new ();
  data = g_memdup2 (&session_id, sizeof session_id);
  kz_store_job_run_async (self->store, NULL, results_thread, data, g_free, results_result_free,
                          self->results_cancellable, results_done, g_object_ref (self));
}

/* ---- a new session --------------------------------------------------------- */

typedef struct {
  GPtrArray *rubrics;       /* KzRubricInfo*: latest versions */
  GPtrArray *interactions;  /* KzInteractionSummary* */
  GPtrArray *reviewers;     /* KzPerson* */
} NewResult;

static void
new_result_free (gpointer data)
{
  NewResult *result = data;

  g_clear_pointer (&result->rubrics, g_ptr_array_unref);
  g_clear_pointer (&result->interactions, g_ptr_array_unref);
  g_clear_pointer (&result->reviewers, g_ptr_array_unref);
  g_free (result);
}

static gpointer
new_thread (KzStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  NewResult *result = g_new0 (NewResult, 1);
  KzInteractionQuery query = { .any_channel = TRUE };
  g_autoptr(GPtrArray) infos = kz_store_list_rubrics (store, error);

  if (infos == NULL)
    goto failed;
  result->rubrics = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_info_free);
  for (guint i = 0; i < infos->len; i++)
    {
      KzRubricInfo *info = g_ptr_array_index (infos, i);
      KzRubricInfo *next = i + 1 < infos->len ? g_ptr_array_index (infos, i + 1) : NULL;

      if (next == NULL || !g_str_equal (next->id, info->id))
        g_ptr_array_add (result->rubrics, g_steal_pointer (&infos->pdata[i]));
    }
  if ((result->interactions = kz_store_search_interactions (store, &query, 0, N_INTERACTIONS_OFFERED, error)) == NULL)
    goto failed;
  if ((result->reviewers = kz_store_list_people (store, KZ_ROLE_REVIEWER, error)) == NULL)
    goto failed;
  return result;

failed:
  new_result_free (result);
  return NULL;
}

static void
on_new_cancel (KzCalibrationPage *self)
{
  set_view (self, "list");
}

typedef struct {
  KzCalibrationSession *session;
} CreateRequest;

static void
create_request_free (gpointer data)
{
  CreateRequest *request = data;

  g_clear_pointer (&request->session, kz_calibration_session_free);
  g_free (request);
}

static gpointer
create_thread (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  CreateRequest *request = data;
  gint64 id = kz_store_create_calibration (store, request->session, error);

  return id > 0 ? GSIZE_TO_POINTER (id) : NULL;
}

static void
create_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(KzCalibrationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (kz_store_job_finish (res, &error));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == 0)
    {
      if (self->new_message != NULL)
        {
          gtk_label_set_text (self->new_message, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->new_message), TRUE);
        }
      report_error (self, error);
      return;
    }
  show_message (self, NULL);
  set_view (self, "list");
  kz_calibration_page_reload (self);
}

static void
on_new_create (KzCalibrationPage *self)
{
  g_autoptr(KzCalibrationSession) session = kz_calibration_session_new ();
  guint selected = gtk_drop_down_get_selected (self->new_rubric);
  const KzRubricInfo *info;
  CreateRequest *request;
  const char *problem = NULL;

  if (self->new_rubrics == NULL || selected >= self->new_rubrics->len)
    problem = _("Choose the rubric the session scores with.");
  else
    {
      info = g_ptr_array_index (self->new_rubrics, selected);
      session->rubric_id = g_strdup (info->id);
      session->rubric_version = info->version;
    }
  session->title = g_strdup (gtk_editable_get_text (self->new_title));
  g_strstrip (session->title);
  session->lead_id = self->person_id;
  g_array_append_vals (session->interaction_ids, self->new_picked->data, self->new_picked->len);
  for (guint i = 0; i < self->new_reviewers->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->new_reviewers, i)))
      {
        gint64 id = GPOINTER_TO_SIZE (g_object_get_data (g_ptr_array_index (self->new_reviewers, i), "id"));

        g_array_append_val (session->reviewer_ids, id);
      }
  if (problem == NULL && *session->title == '\0')
    problem = _("Give the session a title.");
  if (problem == NULL && self->person_id == 0)
    problem = _("Choose who you are in the header bar first: the lead is the person creating the session.");
  if (problem == NULL && session->interaction_ids->len == 0)
    problem = _("Pick at least one interaction to score.");
  if (problem == NULL && session->reviewer_ids->len == 0)
    problem = _("Pick at least one reviewer besides you.");
  if (problem != NULL)
    {
      gtk_label_set_text (self->new_message, problem);
      gtk_widget_set_visible (GTK_WIDGET (self->new_message), TRUE);
      return;
    }

  request = g_new0 (CreateRequest, 1);
  request->session = g_steal_pointer (&session);
  kz_store_job_run_async (self->store, NULL, create_thread, request, create_request_free, NULL,
                          self->action_cancellable, create_done, g_object_ref (self));
}

static GtkWidget *
check_list (GPtrArray *checks)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i);
      GtkWidget *row = adw_action_row_new ();
      const char *label = g_object_get_data (G_OBJECT (check), "label");
      const char *subtitle = g_object_get_data (G_OBJECT (check), "subtitle");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  return list;
}

static gboolean
is_picked (KzCalibrationPage *self,
           gint64             id)
{
  for (guint i = 0; i < self->new_picked->len; i++)
    if (g_array_index (self->new_picked, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
update_picked (KzCalibrationPage *self)
{
  g_autofree char *picked = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u interaction picked",
                                                          "%u interactions picked", self->new_picked->len),
                                             self->new_picked->len);

  gtk_label_set_text (self->new_picked_label, picked);
}

static void
on_interaction_toggled (GtkCheckButton    *check,
                        KzCalibrationPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "id"));

  if (gtk_check_button_get_active (check) && !is_picked (self, id))
    g_array_append_val (self->new_picked, id);
  else if (!gtk_check_button_get_active (check))
    for (guint i = 0; i < self->new_picked->len; i++)
      if (g_array_index (self->new_picked, gint64, i) == id)
        {
          g_array_remove_index (self->new_picked, i);
          break;
        }
  update_picked (self);
}

/* The interactions the search found, those picked already ticked (a pick
 * stays when a later search no longer shows it). */
static void
show_interaction_choices (KzCalibrationPage *self,
                          GPtrArray         *interactions)
{
  clear_box (self->new_interactions_box);
  g_ptr_array_set_size (self->new_interactions, 0);
  for (guint i = 0; i < interactions->len; i++)
    {
      const KzInteractionSummary *it = g_ptr_array_index (interactions, i);
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = g_strdup_printf ("pick-interaction-%" G_GINT64_FORMAT, it->id);
      g_autofree char *date = it->started_at != NULL ? g_date_time_format (it->started_at, "%Y-%m-%d") : g_strdup ("");

      gtk_widget_set_name (check, name);
      g_object_set_data (G_OBJECT (check), "id", GSIZE_TO_POINTER (it->id));
      g_object_set_data_full (G_OBJECT (check), "label",
                              g_strdup (it->subject != NULL && *it->subject != '\0' ? it->subject
                                        : it->channel == KZ_CHANNEL_CALL ? _("Call") : _("Email")), g_free);
      /* Translators: agent · date */
      g_object_set_data_full (G_OBJECT (check), "subtitle",
                              g_strdup_printf (_("%s · %s"), it->agent_name != NULL ? it->agent_name : "—", date),
                              g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_picked (self, it->id));
      g_signal_connect (check, "toggled", G_CALLBACK (on_interaction_toggled), self);
      g_ptr_array_add (self->new_interactions, check);
    }
  if (interactions->len == 0)
    gtk_box_append (self->new_interactions_box, dim (_("No interaction matches.")));
  else
    gtk_box_append (self->new_interactions_box, check_list (self->new_interactions));
  self->new_picked_label = GTK_LABEL (dim (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->new_picked_label), "new-picked");
  gtk_box_append (self->new_interactions_box, GTK_WIDGET (self->new_picked_label));
  update_picked (self);
}

static gpointer
search_thread (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  KzInteractionQuery query = { .any_channel = TRUE, .text = data };

  if (query.text != NULL && *query.text == '\0')
    query.text = NULL;
  return kz_store_search_interactions (store, &query, 0, N_INTERACTIONS_OFFERED, error);
}

static void
search_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(KzCalibrationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) interactions = kz_store_job_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->new_interactions_box == NULL)
    return;
  if (interactions == NULL)
    {
      report_error (self, error);
      return;
    }
  show_interaction_choices (self, interactions);
}

static void
on_new_search (KzCalibrationPage *self,
               GtkEditable       *entry)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  kz_store_job_run_async (self->store, NULL, search_thread, g_strdup (gtk_editable_get_text (entry)), g_free,
                          (GDestroyNotify) g_ptr_array_unref, self->search_cancellable, search_done,
                          g_object_ref (self));
}

static void
new_done (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(KzCalibrationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  NewResult *result = kz_store_job_finish (res, &error);
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  GtkWidget *entry;
  GtkWidget *buttons;
  GtkWidget *button;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (result == NULL)
    {
      report_error (self, error);
      set_view (self, "list");
      return;
    }

  clear_box (self->new_box);
  g_ptr_array_set_size (self->new_interactions, 0);
  g_ptr_array_set_size (self->new_reviewers, 0);
  g_array_set_size (self->new_picked, 0);
  g_clear_pointer (&self->new_rubrics, g_ptr_array_unref);
  self->new_rubrics = g_steal_pointer (&result->rubrics);

  {
    GtkWidget *title = gtk_label_new (_("New Calibration Session"));

    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_add_css_class (title, "title-2");
    gtk_box_append (self->new_box, title);
  }
  gtk_box_append (self->new_box,
                  dim (_("You lead the session: your scoring is the reference. Each reviewer scores every "
                         "interaction without seeing anyone else's answers until you close it.")));

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "new-title");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Title, e.g. “March calibration: billing emails”"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  self->new_title = GTK_EDITABLE (entry);
  gtk_box_append (self->new_box, heading (_("Title")));
  gtk_box_append (self->new_box, entry);

  for (guint i = 0; i < self->new_rubrics->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (self->new_rubrics, i);
      g_autofree char *text = g_strdup_printf (_("%s, version %d"), info->title, info->version);

      gtk_string_list_append (titles, text);
    }
  self->new_rubric = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (titles)), NULL));
  gtk_widget_set_name (GTK_WIDGET (self->new_rubric), "new-rubric");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_rubric), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rubric"), -1);
  gtk_box_append (self->new_box, heading (_("Rubric")));
  gtk_box_append (self->new_box, GTK_WIDGET (self->new_rubric));

  gtk_box_append (self->new_box, heading (_("Interactions")));
  {
    GtkWidget *search = gtk_search_entry_new ();

    gtk_widget_set_name (search, "new-search");
    g_object_set (search, "placeholder-text", _("Search subjects, emails and transcripts"), NULL);
    gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Search interactions"), -1);
    g_signal_connect_swapped (search, "search-changed", G_CALLBACK (on_new_search), self);
    gtk_box_append (self->new_box, search);
  }
  self->new_interactions_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_box_append (self->new_box, GTK_WIDGET (self->new_interactions_box));
  show_interaction_choices (self, result->interactions);

  for (guint i = 0; i < result->reviewers->len; i++)
    {
      const KzPerson *p = g_ptr_array_index (result->reviewers, i);
      GtkWidget *check;
      g_autofree char *name = NULL;

      if (p->id == self->person_id)
        continue;
      check = gtk_check_button_new ();
      name = g_strdup_printf ("pick-reviewer-%" G_GINT64_FORMAT, p->id);
      gtk_widget_set_name (check, name);
      g_object_set_data (G_OBJECT (check), "id", GSIZE_TO_POINTER (p->id));
      g_object_set_data_full (G_OBJECT (check), "label", g_strdup (p->name), g_free);
      g_ptr_array_add (self->new_reviewers, check);
    }
  gtk_box_append (self->new_box, heading (_("Reviewers")));
  gtk_box_append (self->new_box, check_list (self->new_reviewers));

  self->new_message = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->new_message), "new-message");
  gtk_label_set_xalign (self->new_message, 0);
  gtk_label_set_wrap (self->new_message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->new_message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->new_message), FALSE);
  gtk_box_append (self->new_box, GTK_WIDGET (self->new_message));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_new_cancel), self);
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("C_reate Session"));
  gtk_widget_set_name (button, "create-session");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_new_create), self);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (self->new_box, buttons);

  set_view (self, "new");
  gtk_widget_grab_focus (entry);
  new_result_free (result);
}

static void
on_new_clicked (KzCalibrationPage *self)
{
  if (self->store == NULL)
    return;
  kz_store_job_run_async (self->store, NULL, new_thread, NULL, NULL, new_result_free,
                          self->cancellable, new_done, g_object_ref (self));
}

/* ---- GObject ----------------------------------------------------------------- */

static void
update_new_button (KzCalibrationPage *self)
{
  /* A lead is a reviewer, a manager or an administrator. */
  gtk_widget_set_visible (self->new_button,
                          (self->roles & (KZ_ROLE_REVIEWER | KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) != 0 ||
                          (self->person_id != 0 && self->roles == KZ_ROLE_NONE));
}

void
kz_calibration_page_set_store (KzCalibrationPage *self,
                               KzStore           *store)
{
  g_return_if_fail (KZ_IS_CALIBRATION_PAGE (self));
  if (!g_set_object (&self->store, store))
    return;
  kz_calibration_page_reload (self);
}

void
kz_calibration_page_set_person (KzCalibrationPage *self,
                                gint64             person_id,
                                KzRoles            roles)
{
  g_return_if_fail (KZ_IS_CALIBRATION_PAGE (self));
  if (self->person_id == person_id && self->roles == roles)
    return;
  g_debug ("person %" G_GINT64_FORMAT ", roles %d: back to the list", person_id, (int) roles);
  self->person_id = person_id;
  self->roles = roles;
  update_new_button (self);
  /* Someone else's results are not this person's to keep looking at. */
  self->results_session = 0;
  set_view (self, "list");
  kz_calibration_page_reload (self);
}

gboolean
kz_calibration_page_get_loading (KzCalibrationPage *self)
{
  g_return_val_if_fail (KZ_IS_CALIBRATION_PAGE (self), FALSE);
  return self->loading;
}

guint
kz_calibration_page_get_n_sessions (KzCalibrationPage *self)
{
  g_return_val_if_fail (KZ_IS_CALIBRATION_PAGE (self), 0);
  return self->n_sessions;
}

gint64
kz_calibration_page_get_results_session (KzCalibrationPage *self)
{
  g_return_val_if_fail (KZ_IS_CALIBRATION_PAGE (self), 0);
  return self->results_session;
}

const char *
kz_calibration_page_get_view (KzCalibrationPage *self)
{
  g_return_val_if_fail (KZ_IS_CALIBRATION_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
kz_calibration_page_get_message (KzCalibrationPage *self)
{
  g_return_val_if_fail (KZ_IS_CALIBRATION_PAGE (self), NULL);
  return self->message != NULL ? self->message : "";
}

static void
kz_calibration_page_dispose (GObject *object)
{
  KzCalibrationPage *self = KZ_CALIBRATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->results_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->action_cancellable);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_CALIBRATION_PAGE);
  G_OBJECT_CLASS (kz_calibration_page_parent_class)->dispose (object);
}

static void
kz_calibration_page_finalize (GObject *object)
{
  KzCalibrationPage *self = KZ_CALIBRATION_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->results_cancellable);
  g_clear_object (&self->action_cancellable);
  g_clear_pointer (&self->new_rubrics, g_ptr_array_unref);
  g_clear_pointer (&self->new_interactions, g_ptr_array_unref);
  g_clear_pointer (&self->new_picked, g_array_unref);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->new_reviewers, g_ptr_array_unref);
  g_free (self->message);
  G_OBJECT_CLASS (kz_calibration_page_parent_class)->finalize (object);
}

static void
kz_calibration_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KzCalibrationPage *self = KZ_CALIBRATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_SESSIONS:
      g_value_set_uint (value, self->n_sessions);
      break;
    case PROP_VIEW:
      g_value_set_string (value, kz_calibration_page_get_view (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_calibration_page_class_init (KzCalibrationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_calibration_page_dispose;
  object_class->finalize = kz_calibration_page_finalize;
  object_class->get_property = kz_calibration_page_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SESSIONS] =
    g_param_spec_uint ("n-sessions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "list",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-calibration-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, sessions_box);
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, trends_box);
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, leniency_box);
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, new_box);
  gtk_widget_class_bind_template_child (widget_class, KzCalibrationPage, results_box);
  gtk_widget_class_bind_template_callback (widget_class, on_new_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);
}

static void
kz_calibration_page_init (KzCalibrationPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->action_cancellable = g_cancellable_new ();
  self->new_interactions = g_ptr_array_new ();
  self->new_picked = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->new_reviewers = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_new_button (self);
}

GtkWidget *
kz_calibration_page_new (void)
{
  return g_object_new (KZ_TYPE_CALIBRATION_PAGE, NULL);
}
