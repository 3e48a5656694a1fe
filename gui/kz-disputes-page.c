/* kz-disputes-page.c — agents' disputes, resolved criterion by criterion
 *
 * Each open dispute is a card: the evaluation (agent, interaction,
 * reviewer, score), the agent's reason, and each disputed criterion with
 * the answer disputed and the agent's reason for it.  A pending criterion
 * gets a decision (uphold, or change to another point of its scale) and a
 * note; Resolve sends the decided ones in one go.  The store does the rest
 * in one transaction (kz_store_resolve_dispute(): a change re-scores the
 * evaluation as a new revision, the dispute closes when nothing is
 * pending), and the card then shows the new revision and its score next to
 * the old one.  A dispute resolved here stays on the page until it is
 * reloaded with "show closed" off, so the outcome can be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-disputes-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-disputes-page.h"
#include "kz-error.h"
#include "kz-store-job.h"

/* One dispute as loaded, with what its card needs. */
typedef struct {
  KzDispute    *dispute;
  KzEvaluation *evaluation;
  KzRubric     *rubric;       /* the evaluation's current version */
  GPtrArray    *revisions;    /* KzRevision* */
  char         *subject;
} Entry;

static void
entry_free (Entry *entry)
{
  g_clear_pointer (&entry->dispute, kz_dispute_free);
  g_clear_pointer (&entry->evaluation, kz_evaluation_free);
  g_clear_pointer (&entry->rubric, kz_rubric_unref);
  g_clear_pointer (&entry->revisions, g_ptr_array_unref);
  g_free (entry->subject);
  g_free (entry);
}

struct _KzDisputesPage
{
  AdwBin          parent_instance;

  KzStore        *store;
  gint64          person_id;
  KzRoles         roles;
  GCancellable   *cancellable;
  GCancellable   *action_cancellable;   /* a resolve: a reload never cancels it */
  gboolean        loading;
  GPtrArray      *entries;     /* Entry*: those shown */
  GHashTable     *names;       /* person id → name */
  GHashTable     *resolved_here;  /* dispute ids resolved on this page: shown even when closed */
  guint           n_open;
  char           *message;

  GtkCheckButton *closed_check;
  GtkLabel       *message_label;
  GtkBox         *list_box;
};

G_DEFINE_FINAL_TYPE (KzDisputesPage, kz_disputes_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_DISPUTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_message (KzDisputesPage *self,
              const char     *message)
{
  g_free (self->message);
  self->message = g_strdup (message != NULL ? message : "");
  gtk_label_set_text (self->message_label, self->message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), *self->message != '\0');
}

static void
report_error (KzDisputesPage *self,
              const GError   *error)
{
  if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
  show_message (self, error->message);
}

static const char *
name_of (KzDisputesPage *self,
         gint64          id)
{
  const char *name = self->names != NULL ? g_hash_table_lookup (self->names, &id) : NULL;

  return name != NULL ? name : "—";
}

static GtkWidget *
text_label (const char *text,
            const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static char *
answer_text (const KzCriterion *criterion,
             const KzAnswer    *answer)
{
  const KzScalePoint *point;

  if (answer == NULL || answer->kind == KZ_ANSWER_UNANSWERED)
    return g_strdup (_("not answered"));
  if (answer->kind == KZ_ANSWER_NA)
    return g_strdup (_("N/A"));
  if (criterion != NULL && (point = kz_scale_find_point (criterion->scale, answer->value)) != NULL &&
      point->label != NULL)
    return g_strdup (point->label);
  return g_strdup_printf ("%g", answer->value);
}

static char *
score_text (gboolean has_score,
            double   final)
{
  return has_score ? g_strdup_printf ("%.1f%%", final) : g_strdup ("—");
}

static const KzRevision *
find_revision (const Entry *entry,
               int          revision)
{
  for (guint i = 0; entry->revisions != NULL && i < entry->revisions->len; i++)
    {
      const KzRevision *r = g_ptr_array_index (entry->revisions, i);

      if (r->revision == revision)
        return r;
    }
  return NULL;
}

/* ---- loading ------------------------------------------------------------------ */

typedef struct {
  GPtrArray  *entries;   /* Entry* */
  GHashTable *names;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_clear_pointer (&result->names, g_hash_table_unref);
  g_free (result);
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadResult *result = g_new0 (LoadResult, 1);
  KzDisputeFilter filter = { .open_only = FALSE };
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(GPtrArray) people = NULL;

  if ((people = kz_store_list_people (store, KZ_ROLE_NONE, error)) == NULL)
    goto failed;
  result->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < people->len; i++)
    {
      const KzPerson *p = g_ptr_array_index (people, i);

      g_hash_table_insert (result->names, g_memdup2 (&p->id, sizeof p->id), g_strdup (p->name));
    }

  if ((disputes = kz_store_list_disputes (store, &filter, error)) == NULL)
    goto failed;
  result->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint i = 0; i < disputes->len; i++)
    {
      Entry *entry = g_new0 (Entry, 1);

      g_ptr_array_add (result->entries, entry);
      entry->dispute = g_steal_pointer (&disputes->pdata[i]);
      if ((entry->evaluation = kz_store_get_evaluation (store, entry->dispute->evaluation_id, error)) == NULL)
        goto failed;
      if ((entry->rubric = kz_store_get_rubric (store, entry->evaluation->rubric_id,
                                                entry->evaluation->rubric_version, error)) == NULL)
        goto failed;
      if ((entry->revisions = kz_store_list_revisions (store, entry->evaluation->id, error)) == NULL)
        goto failed;
      if (entry->evaluation->interaction_id != 0)
        {
          g_autoptr(KzInteraction) it = kz_store_get_interaction (store, entry->evaluation->interaction_id, error);

          if (it == NULL)
            goto failed;
          entry->subject = g_strdup (it->subject != NULL && *it->subject != '\0' ? it->subject
                                     : it->channel == KZ_CHANNEL_CALL ? _("Call") : _("Email"));
        }
    }
  return result;

failed:
  load_result_free (result);
  return NULL;
}

static void resolve (KzDisputesPage *self, Entry *entry);

static void
on_resolve_clicked (GtkButton      *button,
                    KzDisputesPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "dispute"));

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->dispute->id == id)
        {
          resolve (self, entry);
          return;
        }
    }
}

static void
on_decision_changed (GtkDropDown *decision,
                     GParamSpec  *pspec,
                     GtkWidget   *answer)
{
  gtk_widget_set_sensitive (answer, gtk_drop_down_get_selected (decision) == 2);
}

static char *
control_name (const char *what,
              gint64      dispute_id,
              const char *criterion_id)
{
  return g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%s", what, dispute_id, criterion_id);
}

static GtkWidget *
item_widget (KzDisputesPage      *self,
             Entry               *entry,
             const KzDisputeItem *item)
{
  const KzCriterion *criterion = kz_rubric_find_criterion (entry->rubric, item->criterion_id);
  const KzRevision *disputed = find_revision (entry, entry->dispute->revision);
  const KzAnswer *answer = disputed != NULL ? kz_answer_set_get (disputed->answers, item->criterion_id) : NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *answer_label = answer_text (criterion, answer);
  g_autofree char *line = NULL;

  gtk_widget_add_css_class (box, "kz-dispute-item");
  gtk_box_append (GTK_BOX (box), text_label (criterion != NULL ? criterion->title : item->criterion_id, "heading"));
  if (answer != NULL && answer->comment != NULL && *answer->comment != '\0')
    /* Translators: the answer disputed and the reviewer's comment */
    line = g_strdup_printf (_("Answer disputed: %s — reviewer’s comment: “%s”"), answer_label, answer->comment);
  else
    line = g_strdup_printf (_("Answer disputed: %s"), answer_label);
  gtk_box_append (GTK_BOX (box), text_label (line, NULL));
  {
    g_autofree char *reason = g_strdup_printf (_("Agent’s reason: “%s”"),
                                               item->reason != NULL && *item->reason != '\0' ? item->reason
                                               : entry->dispute->reason != NULL ? entry->dispute->reason : "");
    GtkWidget *label = text_label (reason, NULL);
    g_autofree char *name = control_name ("reason", entry->dispute->id, item->criterion_id);

    gtk_widget_set_name (label, name);
    gtk_box_append (GTK_BOX (box), label);
  }

  if (item->resolution == KZ_RESOLUTION_PENDING && criterion != NULL)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      const char *decisions[] = { _("Decide…"), _("Uphold"), _("Change to"), NULL };
      GtkWidget *decision = gtk_drop_down_new_from_strings (decisions);
      g_autoptr(GtkStringList) points = gtk_string_list_new (NULL);
      GtkWidget *new_answer;
      GtkWidget *note = gtk_entry_new ();
      g_autofree char *decision_name = control_name ("decision", entry->dispute->id, item->criterion_id);
      g_autofree char *answer_name = control_name ("answer", entry->dispute->id, item->criterion_id);
      g_autofree char *note_name = control_name ("note", entry->dispute->id, item->criterion_id);

      for (guint i = 0; i < criterion->scale->points->len; i++)
        {
          const KzScalePoint *p = g_ptr_array_index (criterion->scale->points, i);

          gtk_string_list_append (points, p->label != NULL ? p->label : "");
        }
      if (kz_criterion_allows_na (criterion))
        gtk_string_list_append (points, _("N/A"));
      new_answer = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (points)), NULL);
      /* Starts at the answer disputed: a change is a step from there. */
      if (answer != NULL && answer->kind == KZ_ANSWER_NA && kz_criterion_allows_na (criterion))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (new_answer), criterion->scale->points->len);
      else if (answer != NULL && answer->kind == KZ_ANSWER_VALUE)
        for (guint i = 0; i < criterion->scale->points->len; i++)
          if (((KzScalePoint *) g_ptr_array_index (criterion->scale->points, i))->value == answer->value)
            gtk_drop_down_set_selected (GTK_DROP_DOWN (new_answer), i);
      gtk_widget_set_name (decision, decision_name);
      gtk_widget_set_name (new_answer, answer_name);
      gtk_widget_set_name (note, note_name);
      gtk_widget_set_sensitive (new_answer, FALSE);
      gtk_widget_set_hexpand (note, TRUE);
      gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Note for the agent (required)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (decision), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Decision"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (new_answer), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New answer"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
      g_signal_connect_object (decision, "notify::selected", G_CALLBACK (on_decision_changed), new_answer, 0);
      g_object_set_data (G_OBJECT (box), "decision", decision);
      g_object_set_data (G_OBJECT (box), "answer", new_answer);
      g_object_set_data (G_OBJECT (box), "note", note);
      g_object_set_data_full (G_OBJECT (box), "criterion", g_strdup (item->criterion_id), g_free);
      gtk_box_append (GTK_BOX (row), decision);
      gtk_box_append (GTK_BOX (row), new_answer);
      gtk_box_append (GTK_BOX (row), note);
      gtk_box_append (GTK_BOX (box), row);
    }
  else if (item->resolution != KZ_RESOLUTION_PENDING)
    {
      g_autofree char *outcome = NULL;
      g_autofree char *name = control_name ("outcome", entry->dispute->id, item->criterion_id);
      GtkWidget *label;

      if (item->resolution == KZ_RESOLUTION_UPHELD)
        /* Translators: resolver, note */
        outcome = g_strdup_printf (_("Upheld by %s: “%s”"), name_of (self, item->resolved_by),
                                   item->note != NULL ? item->note : "");
      else
        {
          const KzRevision *changed = find_revision (entry, item->revision);
          const KzAnswer *now = changed != NULL ? kz_answer_set_get (changed->answers, item->criterion_id) : NULL;
          g_autofree char *now_text = answer_text (criterion, now);

          /* Translators: new answer, revision, resolver, note */
          outcome = g_strdup_printf (_("Changed to %s in revision %d by %s: “%s”"), now_text, item->revision,
                                     name_of (self, item->resolved_by), item->note != NULL ? item->note : "");
        }
      label = text_label (outcome, "success");
      gtk_widget_set_name (label, name);
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static GtkWidget *
dispute_card (KzDisputesPage *self,
              Entry          *entry)
{
  KzDispute *d = entry->dispute;
  KzEvaluation *ev = entry->evaluation;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *items = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  const KzRevision *disputed = find_revision (entry, d->revision);
  g_autofree char *title = g_strdup_printf (_("%s — %s"), name_of (self, ev->agent_id),
                                            entry->subject != NULL ? entry->subject : kz_rubric_get_title (entry->rubric));
  g_autofree char *raised = g_date_time_format (d->raised_at, "%Y-%m-%d");
  g_autofree char *disputed_score = disputed != NULL ? score_text (disputed->has_score, disputed->final)
                                                     : score_text (ev->has_score, ev->final);
  g_autofree char *subtitle = NULL;
  g_autofree char *card_name = g_strdup_printf ("dispute-%" G_GINT64_FORMAT, d->id);
  guint pending = kz_dispute_n_pending (d);

  gtk_widget_set_name (box, card_name);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_margin_top (items, 4);
  {
    g_autofree char *state = d->state == KZ_DISPUTE_OPEN
                             ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u criterion to resolve",
                                                             "%u criteria to resolve", pending), pending)
                             : g_strdup (_("closed"));

    /* Translators: reviewer, rubric, raised date, revision, score, state */
    subtitle = g_strdup_printf (_("Reviewed by %s · %s · raised %s on revision %d (score %s) · %s"),
                                name_of (self, ev->reviewer_id), kz_rubric_get_title (entry->rubric), raised,
                                d->revision, disputed_score, state);
  }
  gtk_box_append (GTK_BOX (box), text_label (title, "title-4"));
  gtk_box_append (GTK_BOX (box), text_label (subtitle, "dim-label"));
  if (d->reason != NULL && *d->reason != '\0')
    {
      g_autofree char *reason = g_strdup_printf (_("“%s”"), d->reason);

      gtk_box_append (GTK_BOX (box), text_label (reason, NULL));
    }
  for (guint i = 0; i < d->items->len; i++)
    gtk_box_append (GTK_BOX (items), item_widget (self, entry, g_ptr_array_index (d->items, i)));
  gtk_box_append (GTK_BOX (box), items);
  g_object_set_data (G_OBJECT (box), "items", items);

  /* The outcome: the newest revision against the one disputed. */
  if (entry->revisions != NULL && entry->revisions->len > 0)
    {
      const KzRevision *last = g_ptr_array_index (entry->revisions, entry->revisions->len - 1);

      if (last->revision > d->revision && last->dispute_id == d->id)
        {
          g_autofree char *now = score_text (last->has_score, last->final);
          /* Translators: revision, new score, old score, old revision */
          g_autofree char *text = g_strdup_printf (_("Revision %d: score %s (was %s in revision %d)"),
                                                   last->revision, now, disputed_score, d->revision);
          GtkWidget *label = text_label (text, "heading");
          g_autofree char *name = g_strdup_printf ("revision-%" G_GINT64_FORMAT, d->id);

          gtk_widget_set_name (label, name);
          gtk_box_append (GTK_BOX (box), label);
        }
      else if (d->state == KZ_DISPUTE_CLOSED)
        {
          g_autofree char *name = g_strdup_printf ("revision-%" G_GINT64_FORMAT, d->id);
          GtkWidget *label = text_label (_("Every answer upheld: the score stands."), "heading");

          gtk_widget_set_name (label, name);
          gtk_box_append (GTK_BOX (box), label);
        }
    }

  if (pending > 0)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Resolve"));
      g_autofree char *name = g_strdup_printf ("resolve-%" G_GINT64_FORMAT, d->id);

      gtk_widget_set_name (button, name);
      gtk_widget_set_halign (button, GTK_ALIGN_END);
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_set_tooltip_text (button, _("Resolve the criteria with a decision and a note"));
      g_object_set_data (G_OBJECT (button), "dispute", GSIZE_TO_POINTER (d->id));
      g_signal_connect (button, "clicked", G_CALLBACK (on_resolve_clicked), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_widget_set_margin_start (items, 0);
  {
    GtkWidget *child;

    for (child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
      {
        gtk_widget_set_margin_start (child, 12);
        gtk_widget_set_margin_end (child, 12);
      }
    gtk_widget_set_margin_top (gtk_widget_get_first_child (box), 12);
    gtk_widget_set_margin_bottom (gtk_widget_get_last_child (box), 12);
  }
  return box;
}

static void
show_entries (KzDisputesPage *self)
{
  GtkWidget *child;
  gboolean show_closed = gtk_check_button_get_active (self->closed_check);
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_box_remove (self->list_box, child);
  self->n_open = 0;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      gboolean open = entry->dispute->state == KZ_DISPUTE_OPEN;

      /* A reviewer resolves disputes on their own evaluations; managers
       * (the store checks which teams) and administrators see them all. */
      if ((self->roles & (KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) == 0 && self->roles != KZ_ROLE_NONE &&
          entry->evaluation->reviewer_id != self->person_id)
        continue;
      self->n_open += open;
      if (!open && !show_closed && !g_hash_table_contains (self->resolved_here, &entry->dispute->id))
        continue;
      gtk_box_append (self->list_box, dispute_card (self, entry));
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "emblem-ok-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Open Disputes"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("When an agent disputes a criterion, it waits here for a decision."));
      gtk_box_append (self->list_box, status);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DISPUTES]);
}

static void
set_loading (KzDisputesPage *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(KzDisputesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadResult *result = kz_store_job_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (result == NULL)
    {
      report_error (self, error);
      return;
    }
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  self->entries = g_steal_pointer (&result->entries);
  self->names = g_steal_pointer (&result->names);
  load_result_free (result);
  show_entries (self);
}

void
kz_disputes_page_reload (KzDisputesPage *self)
{
  g_return_if_fail (KZ_IS_DISPUTES_PAGE (self));
  if (self->store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, NULL, load_thread, NULL, NULL, load_result_free,
                          self->cancellable, load_done, g_object_ref (self));
}

static void
on_closed_toggled (KzDisputesPage *self)
{
  if (self->entries != NULL)
    show_entries (self);
}

/* ---- resolving -------------------------------------------------------------------- */

typedef struct {
  gint64     dispute_id;
  int        row_version;   /* as the resolver read it */
  gint64     resolver_id;
  GPtrArray *resolutions;   /* KzDisputeResolution* */
} ResolveRequest;

static void
resolve_request_free (gpointer data)
{
  ResolveRequest *request = data;

  g_clear_pointer (&request->resolutions, g_ptr_array_unref);
  g_free (request);
}

static gpointer
resolve_thread (KzStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  ResolveRequest *request = data;
  g_autoptr(KzDispute) dispute = kz_store_get_dispute (store, request->dispute_id, error);

  if (dispute == NULL)
    return NULL;
  /* Someone who resolved it since this page read it wins: a conflict. */
  dispute->row_version = request->row_version;
  if (!kz_store_resolve_dispute (store, dispute, request->resolver_id, request->resolutions, NULL, error))
    return NULL;
  return g_steal_pointer (&dispute);
}

static void
resolve_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(KzDisputesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KzDispute) dispute = kz_store_job_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (dispute == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONFLICT))
        show_message (self, _("Someone else resolved this dispute meanwhile: it is shown as it is now."));
      else
        report_error (self, error);
      kz_disputes_page_reload (self);
      return;
    }
  show_message (self, NULL);
  g_hash_table_add (self->resolved_here, g_memdup2 (&dispute->id, sizeof dispute->id));
  kz_disputes_page_reload (self);
}

static KzAnswer *
chosen_answer (const KzCriterion *criterion,
               guint              position)
{
  if (position < criterion->scale->points->len)
    {
      const KzScalePoint *p = g_ptr_array_index (criterion->scale->points, position);

      return kz_answer_new (criterion->id, KZ_ANSWER_VALUE, p->value, NULL);
    }
  if (position == criterion->scale->points->len && kz_criterion_allows_na (criterion))
    return kz_answer_new (criterion->id, KZ_ANSWER_NA, 0, NULL);
  return NULL;
}

static GtkWidget *
find_card (KzDisputesPage *self,
           gint64          dispute_id)
{
  g_autofree char *name = g_strdup_printf ("dispute-%" G_GINT64_FORMAT, dispute_id);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
      return child;
  return NULL;
}

static void
resolve (KzDisputesPage *self,
         Entry          *entry)
{
  GtkWidget *card = find_card (self, entry->dispute->id);
  GtkWidget *items = card != NULL ? g_object_get_data (G_OBJECT (card), "items") : NULL;
  g_autoptr(GPtrArray) resolutions = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_resolution_free);
  ResolveRequest *request;

  if (items == NULL)
    return;
  if (self->person_id == 0)
    {
      show_message (self, _("Choose who you are in the header bar first: a dispute is resolved in a reviewer’s or a manager’s name."));
      return;
    }
  for (GtkWidget *item = gtk_widget_get_first_child (items); item != NULL; item = gtk_widget_get_next_sibling (item))
    {
      GtkDropDown *decision = g_object_get_data (G_OBJECT (item), "decision");
      GtkDropDown *answer = g_object_get_data (G_OBJECT (item), "answer");
      GtkEditable *note = g_object_get_data (G_OBJECT (item), "note");
      const char *criterion_id = g_object_get_data (G_OBJECT (item), "criterion");
      const KzCriterion *criterion;
      g_autofree char *text = NULL;
      guint choice;

      if (decision == NULL || (choice = gtk_drop_down_get_selected (decision)) == 0 || choice == GTK_INVALID_LIST_POSITION)
        continue;
      criterion = kz_rubric_find_criterion (entry->rubric, criterion_id);
      text = g_strstrip (g_strdup (gtk_editable_get_text (note)));
      if (*text == '\0')
        {
          g_autofree char *message = g_strdup_printf (_("Write a note for “%s”: the agent reads why."), criterion->title);

          show_message (self, message);
          gtk_widget_grab_focus (GTK_WIDGET (note));
          return;
        }
      if (choice == 1)
        g_ptr_array_add (resolutions, kz_dispute_resolution_new (criterion_id, KZ_RESOLUTION_UPHELD, NULL, text));
      else
        {
          KzAnswer *new_answer = chosen_answer (criterion, gtk_drop_down_get_selected (answer));

          if (new_answer == NULL)
            {
              g_autofree char *message = g_strdup_printf (_("Choose the new answer for “%s”."), criterion->title);

              show_message (self, message);
              return;
            }
          g_ptr_array_add (resolutions, kz_dispute_resolution_new (criterion_id, KZ_RESOLUTION_CHANGED, new_answer, text));
        }
    }
  if (resolutions->len == 0)
    {
      show_message (self, _("Decide at least one criterion: uphold its answer or change it."));
      return;
    }

  request = g_new0 (ResolveRequest, 1);
  request->dispute_id = entry->dispute->id;
  request->row_version = entry->dispute->row_version;
  request->resolver_id = self->person_id;
  request->resolutions = g_steal_pointer (&resolutions);
  kz_store_job_run_async (self->store, NULL, resolve_thread, request, resolve_request_free,
                          (GDestroyNotify) kz_dispute_free, self->action_cancellable, resolve_done, g_object_ref (self));
}

guint
kz_disputes_page_answer_position (KzDisputesPage *self,
                                  gint64          dispute_id,
                                  const char     *criterion_id,
                                  gboolean        na,
                                  double          value)
{
  g_return_val_if_fail (KZ_IS_DISPUTES_PAGE (self), G_MAXUINT);

  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      const KzCriterion *criterion;

      if (entry->dispute->id != dispute_id)
        continue;
      criterion = kz_rubric_find_criterion (entry->rubric, criterion_id);
      if (criterion == NULL)
        return G_MAXUINT;
      if (na)
        return kz_criterion_allows_na (criterion) ? criterion->scale->points->len : G_MAXUINT;
      for (guint j = 0; j < criterion->scale->points->len; j++)
        if (((KzScalePoint *) g_ptr_array_index (criterion->scale->points, j))->value == value)
          return j;
    }
  return G_MAXUINT;
}

/* ---- GObject ------------------------------------------------------------------------ */

void
kz_disputes_page_set_store (KzDisputesPage *self,
                            KzStore        *store)
{
  g_return_if_fail (KZ_IS_DISPUTES_PAGE (self));
  if (!g_set_object (&self->store, store))
    return;
  kz_disputes_page_reload (self);
}

void
kz_disputes_page_set_person (KzDisputesPage *self,
                             gint64          person_id,
                             KzRoles         roles)
{
  g_return_if_fail (KZ_IS_DISPUTES_PAGE (self));
  if (self->person_id == person_id && self->roles == roles)
    return;
  self->person_id = person_id;
  self->roles = roles;
  g_hash_table_remove_all (self->resolved_here);
  show_message (self, NULL);
  kz_disputes_page_reload (self);
}

gboolean
kz_disputes_page_get_loading (KzDisputesPage *self)
{
  g_return_val_if_fail (KZ_IS_DISPUTES_PAGE (self), FALSE);
  return self->loading;
}

guint
kz_disputes_page_get_n_disputes (KzDisputesPage *self)
{
  g_return_val_if_fail (KZ_IS_DISPUTES_PAGE (self), 0);
  return self->entries != NULL ? self->entries->len : 0;
}

guint
kz_disputes_page_get_n_open (KzDisputesPage *self)
{
  g_return_val_if_fail (KZ_IS_DISPUTES_PAGE (self), 0);
  return self->n_open;
}

const char *
kz_disputes_page_get_message (KzDisputesPage *self)
{
  g_return_val_if_fail (KZ_IS_DISPUTES_PAGE (self), NULL);
  return self->message != NULL ? self->message : "";
}

static void
kz_disputes_page_dispose (GObject *object)
{
  KzDisputesPage *self = KZ_DISPUTES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->action_cancellable);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_DISPUTES_PAGE);
  G_OBJECT_CLASS (kz_disputes_page_parent_class)->dispose (object);
}

static void
kz_disputes_page_finalize (GObject *object)
{
  KzDisputesPage *self = KZ_DISPUTES_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->action_cancellable);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->resolved_here, g_hash_table_unref);
  g_free (self->message);
  G_OBJECT_CLASS (kz_disputes_page_parent_class)->finalize (object);
}

static void
kz_disputes_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KzDisputesPage *self = KZ_DISPUTES_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_DISPUTES:
      g_value_set_uint (value, kz_disputes_page_get_n_disputes (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_disputes_page_class_init (KzDisputesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_disputes_page_dispose;
  object_class->finalize = kz_disputes_page_finalize;
  object_class->get_property = kz_disputes_page_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DISPUTES] =
    g_param_spec_uint ("n-disputes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-disputes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzDisputesPage, closed_check);
  gtk_widget_class_bind_template_child (widget_class, KzDisputesPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, KzDisputesPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_closed_toggled);
}

static void
kz_disputes_page_init (KzDisputesPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->action_cancellable = g_cancellable_new ();
  self->resolved_here = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kz_disputes_page_new (void)
{
  return g_object_new (KZ_TYPE_DISPUTES_PAGE, NULL);
}
