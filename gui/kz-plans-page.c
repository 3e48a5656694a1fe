/* kz-plans-page.c — coaching plans and the rules' proposals, for managers
 *
 * Every plan (coaching sessions, eLearning assignments, group training)
 * with its kind, agent, state and whether it is overdue
 * (kz_plan_is_overdue()); a planned one has Done, Missed and Cancel, which
 * move it as coaching.md allows (kz_store_set_plan_state()).  Above them,
 * the proposals the recommendation rules made and nobody decided yet, with
 * Accept (an eLearning assignment of the rule's item, or a coaching session
 * by the manager when the item is a course) and Dismiss.  Everything is
 * read and written off the UI thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-plans-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-plans-page.h"
#include "kz-page-defer.h"
#include "kz-store-job.h"

struct _KzPlansPage
{
  AdwBin        parent_instance;

  KzStore      *store;
  GCancellable *cancellable;
  GCancellable *action_cancellable;   /* a decision or a state change: a reload never cancels it */
  gboolean      loading;
  gint64        person_id;
  GPtrArray    *plans;       /* KzPlan* */
  GPtrArray    *proposals;   /* KzProposal*, pending */
  GHashTable   *names;       /* person id (gint64*) → name */
  GHashTable   *rules;       /* rule id → KzCoachingRule* */
  GHashTable   *items;       /* catalog item id → KzCatalogItem* */

  GtkStack     *stack;
  AdwStatusPage *error_page;
  GtkLabel     *message;
  GtkWidget    *proposals_heading;
  GtkListBox   *proposals_list;
  GtkListBox   *plans_list;
  GtkWidget    *no_plans;
};

G_DEFINE_FINAL_TYPE (KzPlansPage, kz_plans_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_PLANS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- loading ------------------------------------------------------------------ */

typedef struct {
  GPtrArray  *plans;
  GPtrArray  *proposals;
  GHashTable *names;
  GHashTable *rules;
  GHashTable *items;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *r = data;

  g_clear_pointer (&r->plans, g_ptr_array_unref);
  g_clear_pointer (&r->proposals, g_ptr_array_unref);
  g_clear_pointer (&r->names, g_hash_table_unref);
  g_clear_pointer (&r->rules, g_hash_table_unref);
  g_clear_pointer (&r->items, g_hash_table_unref);
  g_free (r);
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadResult *r = g_new0 (LoadResult, 1);
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) items = NULL;

  if ((r->plans = kz_store_list_plans (store, 0, error)) == NULL ||
      (r->proposals = kz_store_list_proposals (store, TRUE, error)) == NULL ||
      (people = kz_store_list_people (store, KZ_ROLE_NONE, error)) == NULL ||
      (rules = kz_store_list_rules (store, error)) == NULL ||
      (items = kz_store_list_catalog_items (store, error)) == NULL)
    {
      load_result_free (r);
      return NULL;
    }
  r->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);

      g_hash_table_insert (r->names, g_memdup2 (&p->id, sizeof p->id), g_strdup (p->name));
    }
  r->rules = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) kz_coaching_rule_free);
  while (rules->len > 0)
    {
      KzCoachingRule *rule = g_ptr_array_steal_index_fast (rules, 0);

      g_hash_table_insert (r->rules, &rule->id, rule);
    }
  r->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) kz_catalog_item_free);
  while (items->len > 0)
    {
      KzCatalogItem *item = g_ptr_array_steal_index_fast (items, 0);

      g_hash_table_insert (r->items, &item->id, item);
    }
  return r;
}

static void
set_loading (KzPlansPage *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static const char *
name_of (KzPlansPage *self,
         gint64       id)
{
  const char *name = self->names != NULL ? g_hash_table_lookup (self->names, &id) : NULL;

  return name != NULL ? name : "—";
}

static const char *
kind_label (KzPlanKind kind)
{
  switch (kind)
    {
    case KZ_PLAN_COACHING:
      return _("Coaching session");
    case KZ_PLAN_ELEARNING:
      return _("eLearning");
    case KZ_PLAN_TRAINING:
    default:
      return _("Group training");
    }
}

static const char *
state_label (KzPlanState state)
{
  switch (state)
    {
    case KZ_PLAN_PLANNED:
      return _("Planned");
    case KZ_PLAN_DONE:
      return _("Done");
    case KZ_PLAN_MISSED:
      return _("Missed");
    case KZ_PLAN_CANCELLED:
    default:
      return _("Cancelled");
    }
}

static void show_message (KzPlansPage *self, const char *text);

static void
on_state_clicked (GtkButton   *button,
                  KzPlansPage *self)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "kz-plan-id"));
  KzPlanState state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kz-state"));

  kz_plans_page_set_state (self, id, state);
}

static GtkWidget *
state_button (KzPlansPage *self,
              gint64       plan_id,
              KzPlanState  state,
              const char  *label,
              const char  *what)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  g_autofree char *name = g_strdup_printf ("plan-%s-%" G_GINT64_FORMAT, what, plan_id);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "kz-plan-id", GSIZE_TO_POINTER ((gsize) plan_id));
  g_object_set_data (G_OBJECT (button), "kz-state", GINT_TO_POINTER (state));
  g_signal_connect (button, "clicked", G_CALLBACK (on_state_clicked), self);
  return button;
}

static GtkWidget *
plan_row (KzPlansPage *self,
          KzPlan      *plan,
          GDateTime   *now)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (kind_label (plan->kind));
  g_autofree char *name = g_strdup_printf ("plan-%" G_GINT64_FORMAT, plan->id);
  GtkWidget *state = gtk_label_new (state_label (plan->state));
  g_autofree char *state_name = g_strdup_printf ("plan-state-%" G_GINT64_FORMAT, plan->id);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), plan->title);
  gtk_widget_set_name (row, name);
  if (plan->agent_id != 0)
    g_string_append_printf (subtitle, " · %s", name_of (self, plan->agent_id));
  if (plan->kind == KZ_PLAN_COACHING && plan->coach_id != 0)
    /* Translators: who coaches a session */
    g_string_append_printf (subtitle, _(" · coach %s"), name_of (self, plan->coach_id));
  if (plan->starts_at != NULL)
    {
      g_autofree char *when = g_date_time_format (plan->starts_at, "%Y-%m-%d %H:%M");

      g_string_append_printf (subtitle, _(" · starts %s"), when);
    }
  if (g_date_valid (&plan->due))
    {
      char day[16];

      g_date_strftime (day, sizeof day, "%Y-%m-%d", &plan->due);
      g_string_append_printf (subtitle, _(" · due %s"), day);
    }
  if (g_date_valid (&plan->follow_up))
    {
      char day[16];

      g_date_strftime (day, sizeof day, "%Y-%m-%d", &plan->follow_up);
      g_string_append_printf (subtitle, _(" · follow-up %s"), day);
    }
  if (plan->criteria->len > 0)
    {
      g_string_append (subtitle, _(" · focus "));
      for (guint i = 0; i < plan->criteria->len; i++)
        g_string_append_printf (subtitle, "%s%s", i > 0 ? ", " : "",
                                ((KzCriterionRef *) g_ptr_array_index (plan->criteria, i))->criterion_id);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  gtk_widget_set_name (state, state_name);
  gtk_widget_add_css_class (state, "dim-label");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  if (kz_plan_is_overdue (plan, now))
    {
      GtkWidget *overdue = gtk_label_new (_("Overdue"));
      g_autofree char *overdue_name = g_strdup_printf ("plan-overdue-%" G_GINT64_FORMAT, plan->id);

      gtk_widget_set_name (overdue, overdue_name);
      gtk_widget_add_css_class (overdue, "error");
      gtk_widget_set_valign (overdue, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), overdue);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  if (plan->state == KZ_PLAN_PLANNED)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_add_css_class (box, "linked");
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), state_button (self, plan->id, KZ_PLAN_DONE, _("_Done"), "done"));
      gtk_box_append (GTK_BOX (box), state_button (self, plan->id, KZ_PLAN_MISSED, _("_Missed"), "missed"));
      gtk_box_append (GTK_BOX (box), state_button (self, plan->id, KZ_PLAN_CANCELLED, _("_Cancel"), "cancel"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
    }
  return row;
}

/* ---- proposals ---------------------------------------------------------------- */

typedef struct {
  gint64     proposal_id;
  gint64     manager_id;
  gboolean   accept;
  KzPlanKind as;
} DecideJob;

typedef struct {
  gint64      plan_id;
  KzPlanState state;
} StateJob;

static gpointer
decide_thread (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  DecideJob *job = data;

  if (job->accept)
    {
      gint64 id = kz_store_accept_proposal (store, job->proposal_id, job->manager_id, job->as,
                                            job->as == KZ_PLAN_COACHING ? job->manager_id : 0, NULL, error);

      return id > 0 ? GINT_TO_POINTER (1) : NULL;
    }
  return kz_store_dismiss_proposal (store, job->proposal_id, job->manager_id, NULL, error) ? GINT_TO_POINTER (1) : NULL;
}

static gpointer
state_thread (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  StateJob *job = data;

  return kz_store_set_plan_state (store, job->plan_id, job->state, NULL, error) ? GINT_TO_POINTER (1) : NULL;
}

static void
change_done (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  KzPlansPage *self = KZ_PLANS_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (kz_store_job_finish (res, &error) == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_message (self, error->message);
    }
  else
    show_message (self, NULL);
  kz_plans_page_reload (self);
}

static void
on_decide_clicked (GtkButton   *button,
                   KzPlansPage *self)
{
  DecideJob *job = g_new0 (DecideJob, 1);
  KzProposal *proposal = g_object_get_data (G_OBJECT (button), "kz-proposal");
  KzCoachingRule *rule = g_hash_table_lookup (self->rules, &proposal->rule_id);
  KzCatalogItem *item = rule != NULL ? g_hash_table_lookup (self->items, &rule->catalog_item_id) : NULL;

  job->proposal_id = proposal->id;
  job->manager_id = self->person_id;
  job->accept = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kz-accept"));
  /* An eLearning item is assigned; a course is talked through in a session. */
  job->as = item != NULL && item->kind == KZ_CATALOG_ELEARNING ? KZ_PLAN_ELEARNING : KZ_PLAN_COACHING;
  kz_store_job_run_async (self->store, self, decide_thread, job, g_free, NULL, self->action_cancellable, change_done, NULL);
}

static GtkWidget *
proposal_row (KzPlansPage *self,
              KzProposal  *proposal)
{
  GtkWidget *row = adw_action_row_new ();
  KzCoachingRule *rule = g_hash_table_lookup (self->rules, &proposal->rule_id);
  KzCatalogItem *item = rule != NULL ? g_hash_table_lookup (self->items, &rule->catalog_item_id) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("proposal-%" G_GINT64_FORMAT, proposal->id);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *accept = gtk_button_new_with_mnemonic (_("_Accept"));
  GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));
  g_autofree char *accept_name = g_strdup_printf ("proposal-accept-%" G_GINT64_FORMAT, proposal->id);
  g_autofree char *dismiss_name = g_strdup_printf ("proposal-dismiss-%" G_GINT64_FORMAT, proposal->id);

  /* Translators: a proposal: the agent, then what the rule proposes */
  subtitle = g_strdup_printf (_("%s · %s"), name_of (self, proposal->agent_id),
                              item != NULL ? item->title : _("a coaching session"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), proposal->reason != NULL ? proposal->reason : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, name);
  gtk_widget_set_name (accept, accept_name);
  gtk_widget_set_name (dismiss, dismiss_name);
  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_widget_set_sensitive (accept, self->person_id != 0);
  gtk_widget_set_sensitive (dismiss, self->person_id != 0);
  g_object_set_data (G_OBJECT (accept), "kz-proposal", proposal);
  g_object_set_data (G_OBJECT (accept), "kz-accept", GINT_TO_POINTER (1));
  g_object_set_data (G_OBJECT (dismiss), "kz-proposal", proposal);
  g_signal_connect (accept, "clicked", G_CALLBACK (on_decide_clicked), self);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (on_decide_clicked), self);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), accept);
  gtk_box_append (GTK_BOX (box), dismiss);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}

static void
show_message (KzPlansPage *self,
              const char  *text)
{
  gtk_label_set_text (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzPlansPage *self = KZ_PLANS_PAGE (object);
  g_autoptr(GError) error = NULL;
  LoadResult *r = kz_store_job_finish (res, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (r == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      else if (!g_error_matches (error, KZ_ERROR, KZ_ERROR_PERMISSION))
        g_warning ("Could not read the plans: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  /* The rows point into the proposals: empty the lists first. */
  clear_list (self->proposals_list);
  clear_list (self->plans_list);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->proposals, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->rules, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  self->plans = g_steal_pointer (&r->plans);
  self->proposals = g_steal_pointer (&r->proposals);
  self->names = g_steal_pointer (&r->names);
  self->rules = g_steal_pointer (&r->rules);
  self->items = g_steal_pointer (&r->items);
  load_result_free (r);

  for (guint i = 0; i < self->proposals->len; i++)
    gtk_list_box_append (self->proposals_list, proposal_row (self, g_ptr_array_index (self->proposals, i)));
  gtk_widget_set_visible (self->proposals_heading, self->proposals->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->proposals_list), self->proposals->len > 0);
  for (guint i = 0; i < self->plans->len; i++)
    gtk_list_box_append (self->plans_list, plan_row (self, g_ptr_array_index (self->plans, i), now));
  gtk_widget_set_visible (GTK_WIDGET (self->plans_list), self->plans->len > 0);
  gtk_widget_set_visible (self->no_plans, self->plans->len == 0);
  gtk_stack_set_visible_child_name (self->stack, "plans");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PLANS]);
}

void
kz_plans_page_reload (KzPlansPage *self)
{
  g_return_if_fail (KZ_IS_PLANS_PAGE (self));

  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_plans_page_reload))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  if (self->plans == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  kz_store_job_run_async (self->store, self, load_thread, NULL, NULL, load_result_free,
                          self->cancellable, load_done, NULL);
}

void
kz_plans_page_set_state (KzPlansPage *self,
                         gint64       plan_id,
                         KzPlanState  state)
{
  StateJob *job;

  g_return_if_fail (KZ_IS_PLANS_PAGE (self));

  if (self->store == NULL)
    return;
  job = g_new0 (StateJob, 1);
  job->plan_id = plan_id;
  job->state = state;
  set_loading (self, TRUE);
  kz_store_job_run_async (self->store, self, state_thread, job, g_free, NULL, self->action_cancellable, change_done, NULL);
}

/* ---- the widget ---------------------------------------------------------------- */

static void
kz_plans_page_dispose (GObject *object)
{
  KzPlansPage *self = KZ_PLANS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  g_clear_object (&self->store);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_PLANS_PAGE);

  G_OBJECT_CLASS (kz_plans_page_parent_class)->dispose (object);
}

static void
kz_plans_page_finalize (GObject *object)
{
  KzPlansPage *self = KZ_PLANS_PAGE (object);

  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->proposals, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->rules, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);

  G_OBJECT_CLASS (kz_plans_page_parent_class)->finalize (object);
}

static void
kz_plans_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KzPlansPage *self = KZ_PLANS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_PLANS:
      g_value_set_uint (value, kz_plans_page_get_n_plans (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_plans_page_class_init (KzPlansPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_plans_page_dispose;
  object_class->finalize = kz_plans_page_finalize;
  object_class->get_property = kz_plans_page_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_PLANS] = g_param_spec_uint ("n-plans", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-plans-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzPlansPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KzPlansPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzPlansPage, message);
  gtk_widget_class_bind_template_child (widget_class, KzPlansPage, proposals_heading);
  gtk_widget_class_bind_template_child (widget_class, KzPlansPage, proposals_list);
  gtk_widget_class_bind_template_child (widget_class, KzPlansPage, plans_list);
  gtk_widget_class_bind_template_child (widget_class, KzPlansPage, no_plans);
}

static void
kz_plans_page_init (KzPlansPage *self)
{
  self->action_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kz_plans_page_new (void)
{
  return g_object_new (KZ_TYPE_PLANS_PAGE, NULL);
}

void
kz_plans_page_set_store (KzPlansPage *self,
                         KzStore     *store)
{
  g_return_if_fail (KZ_IS_PLANS_PAGE (self));

  if (g_set_object (&self->store, store))
    kz_plans_page_reload (self);
}

void
kz_plans_page_set_person_id (KzPlansPage *self,
                             gint64       person_id)
{
  g_return_if_fail (KZ_IS_PLANS_PAGE (self));

  if (self->person_id == person_id)
    return;
  self->person_id = person_id;
  kz_plans_page_reload (self);
}

gboolean
kz_plans_page_get_loading (KzPlansPage *self)
{
  g_return_val_if_fail (KZ_IS_PLANS_PAGE (self), FALSE);
  return self->loading;
}

guint
kz_plans_page_get_n_plans (KzPlansPage *self)
{
  g_return_val_if_fail (KZ_IS_PLANS_PAGE (self), 0);
  return self->plans != NULL ? self->plans->len : 0;
}

guint
kz_plans_page_get_n_proposals (KzPlansPage *self)
{
  g_return_val_if_fail (KZ_IS_PLANS_PAGE (self), 0);
  return self->proposals != NULL ? self->proposals->len : 0;
}

GPtrArray *
kz_plans_page_get_plans (KzPlansPage *self)
{
  g_return_val_if_fail (KZ_IS_PLANS_PAGE (self), NULL);
  return self->plans;
}
