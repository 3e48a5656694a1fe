/* kz-idea-view.c — one idea, its thread, and what managers do with it
 *
 * Anonymous comments go through the follow-up token this computer keeps
 * for the thread (kz-voice-tokens.h): the idea's own when its anonymous
 * author posted it here — the store then shows the comment under the
 * idea's pseudonym — or the one made for this person's earlier anonymous
 * comments in the thread, else a new one, kept after the comment is in.
 * The person's name never goes with an anonymous comment; voting keeps only
 * a keyed hash of the voter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-idea-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-idea-row.h"
#include "kz-idea-view.h"
#include "kz-store-job.h"
#include "kz-voice-format.h"
#include "kz-voice-tokens.h"

struct _KzIdeaView
{
  AdwBin         parent_instance;

  KzStore       *store;
  gint64         person_id;
  KzRoles        roles;
  char          *idea_id;
  GCancellable  *cancellable;
  gboolean       loading;
  gboolean       busy;
  char          *message;

  KzIdea        *idea;
  GPtrArray     *comments;      /* KzIdeaComment* */
  GPtrArray     *targets;       /* KzIdea*: what a duplicate may merge into */
  gboolean       voted;
  gboolean       has_token;
  gboolean       authored;

  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkWidget     *vote_button;
  GtkLabel      *votes_label;
  GtkLabel      *title_label;
  GtkLabel      *status_label;
  GtkLabel      *meta_label;
  GtkLabel      *body_label;
  GtkLabel      *outcome_label;
  GtkLabel      *no_comments_label;
  GtkListBox    *comments_list;
  GtkWidget     *composer;
  GtkTextView   *comment_view;
  GtkSwitch     *anonymous_switch;
  GtkLabel      *anonymous_label;
  GtkWidget     *comment_button;
  GtkWidget     *reply_button;
  GtkWidget     *manage_group;
  AdwComboRow   *status_row;
  AdwEntryRow   *reason_row;
  AdwComboRow   *merge_row;
  GtkStringList *merge_titles;
  GtkLabel      *message_label;
};

G_DEFINE_FINAL_TYPE (KzIdeaView, kz_idea_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_BUSY,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_manager (KzIdeaView *self)
{
  return (self->roles & (KZ_ROLE_MANAGER | KZ_ROLE_ADMIN)) != 0;
}

static void
show_message (KzIdeaView *self,
              const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
set_busy (KzIdeaView *self,
          gboolean    busy)
{
  gboolean open = self->idea != NULL && self->idea->merged_into == NULL;
  gboolean person = self->person_id != 0 || (self->store != NULL && kz_store_is_shared (self->store));

  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idea.vote", !busy && open && !self->voted && person);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idea.comment", !busy && self->idea != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idea.reply", !busy && self->idea != NULL && is_manager (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idea.move", !busy && open && is_manager (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idea.merge",
                                 !busy && open && is_manager (self) && self->targets != NULL &&
                                 self->targets->len > 0);
}

static void
update_anonymous_note (KzIdeaView *self)
{
  g_autofree char *text = NULL;

  if (!gtk_switch_get_active (self->anonymous_switch))
    text = g_strdup (self->person_id != 0 || kz_store_is_shared (self->store)
                     ? _("In your name.")
                     : _("Choose who you are in the header bar to comment in your name."));
  else if (self->authored && self->idea != NULL && self->idea->pseudonym != NULL)
    /* Translators: %s is the idea's pseudonym, "Anonymous 3f2a" */
    text = g_strdup_printf (_("Anonymously, as this idea’s author: under its pseudonym, “%s”. The key that "
                              "proves it stays on this computer."), self->idea->pseudonym);
  else if (self->has_token)
    text = g_strdup (_("Anonymously, under the same pseudonym as your earlier comments here. The follow-up key "
                       "stays on this computer."));
  else
    text = g_strdup (_("Anonymously, under a fresh pseudonym. A follow-up key stays on this computer, so you can "
                       "read the replies under “My Anonymous Posts”."));
  gtk_label_set_text (self->anonymous_label, text);
}

static void
on_anonymous_changed (KzIdeaView *self)
{
  update_anonymous_note (self);
}

static GtkWidget *
comment_row (KzIdeaView          *self,
             const KzIdeaComment *c)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *who = gtk_label_new (c->author_name != NULL ? c->author_name
                                  : c->pseudonym != NULL ? c->pseudonym : _("Anonymous"));
  g_autofree char *week = kz_voice_format_week (&c->week);
  GtkWidget *when = gtk_label_new (week);
  GtkWidget *body = gtk_label_new (c->body);

  gtk_widget_add_css_class (who, "heading");
  gtk_box_append (GTK_BOX (head), who);
  if (c->from_manager)
    {
      GtkWidget *badge = gtk_label_new (_("Manager Reply"));

      gtk_widget_add_css_class (badge, "kz-badge");
      gtk_widget_add_css_class (badge, "accent");
      gtk_box_append (GTK_BOX (head), badge);
      gtk_widget_add_css_class (box, "kz-manager-reply");
    }
  else if (self->idea != NULL && self->idea->pseudonym != NULL && g_strcmp0 (c->pseudonym, self->idea->pseudonym) == 0)
    {
      GtkWidget *badge = gtk_label_new (_("Author"));

      gtk_widget_add_css_class (badge, "kz-badge");
      gtk_box_append (GTK_BOX (head), badge);
    }
  gtk_widget_set_hexpand (when, TRUE);
  gtk_label_set_xalign (GTK_LABEL (when), 1);
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_box_append (GTK_BOX (head), when);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (box), head);
  gtk_box_append (GTK_BOX (box), body);
  gtk_widget_add_css_class (box, "kz-comment");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
show_idea (KzIdeaView *self)
{
  const KzIdea *idea = self->idea;
  g_autofree char *votes = g_strdup_printf ("%u", idea->n_votes);
  g_autofree char *meta = kz_idea_row_describe (idea);
  g_autofree char *outcome = NULL;
  const char *style = kz_voice_idea_status_style (idea->status);
  GtkWidget *child;

  gtk_label_set_text (self->title_label, idea->title);
  gtk_label_set_text (self->votes_label, votes);
  gtk_widget_set_tooltip_text (self->vote_button, self->voted ? _("You voted for this idea")
                                                              : _("Vote for this idea: one vote a person"));
  gtk_label_set_text (self->status_label, kz_voice_idea_status_label (idea->status));
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label),
                              (const char *[]) { "kz-badge", *style != '\0' ? style : NULL, NULL });
  gtk_label_set_text (self->meta_label, meta);
  gtk_label_set_text (self->body_label, idea->body != NULL ? idea->body : "");

  if (idea->merged_into != NULL)
    outcome = g_strdup (_("Merged into another idea as a duplicate: its votes count there."));
  else if (idea->status == KZ_IDEA_DECLINED && idea->decline_reason != NULL)
    /* Translators: why an idea was declined */
    outcome = g_strdup_printf (_("Declined: %s"), idea->decline_reason);
  else if (idea->status == KZ_IDEA_DONE && idea->outcome != NULL)
    /* Translators: "you said, we did" — what changed */
    outcome = g_strdup_printf (_("What changed: %s"), idea->outcome);
  gtk_label_set_text (self->outcome_label, outcome != NULL ? outcome : "");
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_label), outcome != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->comments_list))) != NULL)
    gtk_list_box_remove (self->comments_list, child);
  for (guint i = 0; i < self->comments->len; i++)
    gtk_list_box_append (self->comments_list, comment_row (self, g_ptr_array_index (self->comments, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->comments_list), self->comments->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_comments_label), self->comments->len == 0);

  gtk_widget_set_visible (self->reply_button, is_manager (self));
  gtk_widget_set_visible (self->manage_group, is_manager (self) && idea->merged_into == NULL);
  adw_combo_row_set_selected (self->status_row, idea->status);
  {
    g_autoptr(GPtrArray) titles = g_ptr_array_new ();

    for (guint i = 0; self->targets != NULL && i < self->targets->len; i++)
      g_ptr_array_add (titles, ((KzIdea *) g_ptr_array_index (self->targets, i))->title);
    g_ptr_array_add (titles, NULL);
    gtk_string_list_splice (self->merge_titles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->merge_titles)),
                            (const char * const *) titles->pdata);
  }
  update_anonymous_note (self);
  set_busy (self, self->busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* ---- loading ---------------------------------------------------------------- */

typedef struct {
  char      *idea_id;
  gint64     person_id;
  gboolean   manager;
  KzIdea    *idea;
  GPtrArray *comments;
  GPtrArray *targets;
  gboolean   voted;
  gboolean   has_token;
  gboolean   authored;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->idea_id);
  g_clear_pointer (&job->idea, kz_idea_free);
  g_clear_pointer (&job->comments, g_ptr_array_unref);
  g_clear_pointer (&job->targets, g_ptr_array_unref);
  g_free (job);
}

static gpointer
load_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadJob *job = data;
  gboolean shared = kz_store_is_shared (store);
  g_autofree char *token = NULL;

  if ((job->idea = kz_store_get_idea (store, job->idea_id, error)) == NULL ||
      (job->comments = kz_store_list_idea_comments (store, job->idea_id, error)) == NULL)
    return NULL;
  if ((shared || job->person_id != 0) &&
      !kz_store_idea_has_vote (store, job->idea_id, shared ? 0 : job->person_id, &job->voted, error))
    return NULL;
  token = kz_voice_tokens_lookup (store, job->idea_id, NULL);
  job->has_token = token != NULL;
  if (token != NULL)
    {
      const char *tokens[] = { token, NULL };
      g_autoptr(GPtrArray) threads = kz_store_list_my_threads (store, tokens, NULL, error);

      if (threads == NULL)
        return NULL;
      for (guint i = 0; i < threads->len; i++)
        {
          KzIdeaThread *t = g_ptr_array_index (threads, i);

          if (g_strcmp0 (t->idea_id, job->idea_id) == 0 && t->authored)
            job->authored = TRUE;
        }
    }
  if (job->manager)
    {
      g_autoptr(GPtrArray) ideas = kz_store_list_ideas (store, NULL, error);

      if (ideas == NULL)
        return NULL;
      job->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_free);
      for (guint i = 0; i < ideas->len; i++)
        {
          KzIdea *other = g_ptr_array_index (ideas, i);

          if (g_strcmp0 (other->id, job->idea_id) != 0 && other->merged_into == NULL)
            g_ptr_array_add (job->targets, g_steal_pointer (&ideas->pdata[i]));
        }
    }
  return GINT_TO_POINTER (1);
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzIdeaView *self = KZ_IDEA_VIEW (object);
  LoadJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (kz_store_job_finish (res, &error) == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (error != NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->idea, kz_idea_free);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  self->idea = g_steal_pointer (&job->idea);
  self->comments = g_steal_pointer (&job->comments);
  self->targets = g_steal_pointer (&job->targets);
  self->voted = job->voted;
  self->has_token = job->has_token;
  self->authored = job->authored;
  show_idea (self);
  gtk_stack_set_visible_child_name (self->stack, "idea");
}

static void
reload (KzIdeaView *self)
{
  LoadJob *job;

  if (self->store == NULL || self->idea_id == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->idea == NULL || g_strcmp0 (self->idea->id, self->idea_id) != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->loading = TRUE;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  job = g_new0 (LoadJob, 1);
  job->idea_id = g_strdup (self->idea_id);
  job->person_id = self->person_id;
  job->manager = is_manager (self);
  kz_store_job_run_async (self->store, self, load_thread, job, load_job_free, NULL,
                          self->cancellable, load_done, job);
}

void
kz_idea_view_load (KzIdeaView *self,
                   const char *idea_id)
{
  g_return_if_fail (KZ_IS_IDEA_VIEW (self));
  g_return_if_fail (idea_id != NULL);

  if (g_strcmp0 (self->idea_id, idea_id) != 0)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);

      g_free (self->idea_id);
      self->idea_id = g_strdup (idea_id);
      gtk_text_buffer_set_text (buffer, "", -1);
      gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
      gtk_switch_set_active (self->anonymous_switch, TRUE);
    }
  show_message (self, NULL);
  reload (self);
}

/* ---- writing ---------------------------------------------------------------- */

typedef enum {
  OP_VOTE,
  OP_COMMENT,
  OP_REPLY,
  OP_MOVE,
  OP_MERGE,
} Operation;

typedef struct {
  Operation     op;
  char         *idea_id;
  gint64        person_id;
  gboolean      anonymous;
  char         *body;
  KzIdeaStatus  status;
  char         *text;        /* a reason or an outcome */
  char         *target_id;
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_free (job->idea_id);
  g_free (job->body);
  g_free (job->text);
  g_free (job->target_id);
  g_free (job);
}

static gpointer
write_thread (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  WriteJob *job = data;
  gboolean shared = kz_store_is_shared (store);

  switch (job->op)
    {
    case OP_VOTE:
      return kz_store_vote_idea (store, job->idea_id, shared ? 0 : job->person_id, error) ? GINT_TO_POINTER (1) : NULL;
    case OP_COMMENT:
      if (job->anonymous)
        {
          g_autoptr(GError) local = NULL;
          g_autofree char *token = kz_voice_tokens_lookup (store, job->idea_id, &local);
          gboolean fresh = token == NULL;
          g_autofree char *id = NULL;

          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          if (fresh)
            token = kz_voice_new_token ();
          id = kz_store_comment_idea (store, job->idea_id, 0, job->body, token, NULL, error);
          if (id == NULL)
            return NULL;
          if (fresh && !kz_voice_tokens_save (store, job->idea_id, token, &local))
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED,
                           _("The comment was posted anonymously, but its follow-up key could not be kept on this "
                             "computer (%s): you will not see the replies under “My Anonymous Posts”."),
                           local->message);
              return NULL;
            }
          return GINT_TO_POINTER (1);
        }
      else
        {
          g_autofree char *id = kz_store_comment_idea (store, job->idea_id, job->person_id, job->body, NULL, NULL,
                                                       error);

          return id != NULL ? GINT_TO_POINTER (1) : NULL;
        }
    case OP_REPLY:
      {
        g_autofree char *id = kz_store_reply_idea (store, job->idea_id, job->person_id, job->body, NULL, error);

        return id != NULL ? GINT_TO_POINTER (1) : NULL;
      }
    case OP_MOVE:
      return kz_store_move_idea (store, job->idea_id, job->status,
                                 job->status == KZ_IDEA_DECLINED ? job->text : NULL,
                                 job->status == KZ_IDEA_DONE ? job->text : NULL, error) ? GINT_TO_POINTER (1) : NULL;
    case OP_MERGE:
      return kz_store_merge_idea (store, job->idea_id, job->target_id, job->person_id, error)
             ? GINT_TO_POINTER (1) : NULL;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
write_done (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  KzIdeaView *self = KZ_IDEA_VIEW (object);
  WriteJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (kz_store_job_finish (res, &error) == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      show_message (self, error->message);
      return;
    }
  if (job->op == OP_COMMENT || job->op == OP_REPLY)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comment_view), "", -1);
  if (job->op == OP_MOVE)
    gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  show_message (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

static void
run_write (KzIdeaView *self,
           WriteJob   *job)
{
  if (self->busy || self->store == NULL || self->idea == NULL)
    {
      write_job_free (job);
      return;
    }
  job->idea_id = g_strdup (self->idea->id);
  job->person_id = self->person_id;
  show_message (self, NULL);
  set_busy (self, TRUE);
  kz_store_job_run_async (self->store, self, write_thread, job, write_job_free, NULL,
                          NULL, write_done, job);
}

static char *
comment_text (KzIdeaView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
vote_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->op = OP_VOTE;
  run_write (KZ_IDEA_VIEW (widget), job);
}

static void
comment_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KzIdeaView *self = KZ_IDEA_VIEW (widget);
  g_autofree char *body = comment_text (self);
  WriteJob *job;

  if (*body == '\0')
    {
      show_message (self, _("Write the comment first."));
      return;
    }
  if (!gtk_switch_get_active (self->anonymous_switch) && self->person_id == 0 && !kz_store_is_shared (self->store))
    {
      show_message (self, _("Choose who you are in the header bar to comment in your name, or comment "
                            "anonymously."));
      return;
    }
  job = g_new0 (WriteJob, 1);
  job->op = OP_COMMENT;
  job->anonymous = gtk_switch_get_active (self->anonymous_switch);
  job->body = g_steal_pointer (&body);
  run_write (self, job);
}

static void
reply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KzIdeaView *self = KZ_IDEA_VIEW (widget);
  g_autofree char *body = comment_text (self);
  WriteJob *job;

  if (*body == '\0')
    {
      show_message (self, _("Write the reply first."));
      return;
    }
  job = g_new0 (WriteJob, 1);
  job->op = OP_REPLY;
  job->body = g_steal_pointer (&body);
  run_write (self, job);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzIdeaView *self = KZ_IDEA_VIEW (widget);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  WriteJob *job = g_new0 (WriteJob, 1);

  job->op = OP_MOVE;
  job->status = adw_combo_row_get_selected (self->status_row);
  /* The model says what is missing (a declined idea needs its reason). */
  job->text = *text != '\0' ? g_steal_pointer (&text) : NULL;
  run_write (self, job);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KzIdeaView *self = KZ_IDEA_VIEW (widget);
  guint selected = adw_combo_row_get_selected (self->merge_row);
  WriteJob *job;

  if (self->targets == NULL || selected >= self->targets->len)
    return;
  job = g_new0 (WriteJob, 1);
  job->op = OP_MERGE;
  job->target_id = g_strdup (((KzIdea *) g_ptr_array_index (self->targets, selected))->id);
  run_write (self, job);
}

/* ---- the rest --------------------------------------------------------------- */

void
kz_idea_view_set_store (KzIdeaView *self,
                        KzStore    *store)
{
  g_return_if_fail (KZ_IS_IDEA_VIEW (self));
  g_set_object (&self->store, store);
}

void
kz_idea_view_set_person (KzIdeaView *self,
                         gint64      person_id,
                         KzRoles     roles)
{
  g_return_if_fail (KZ_IS_IDEA_VIEW (self));

  if (self->person_id == person_id && self->roles == roles)
    return;
  self->person_id = person_id;
  self->roles = roles;
  /* Whether they voted, what they may do: the next person's. */
  reload (self);
}

const char *
kz_idea_view_get_idea_id (KzIdeaView *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_VIEW (self), NULL);
  return self->idea_id;
}

const KzIdea *
kz_idea_view_get_idea (KzIdeaView *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_VIEW (self), NULL);
  return self->idea;
}

gboolean
kz_idea_view_get_loading (KzIdeaView *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_VIEW (self), FALSE);
  return self->loading;
}

gboolean
kz_idea_view_get_busy (KzIdeaView *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_VIEW (self), FALSE);
  return self->busy;
}

const char *
kz_idea_view_get_message (KzIdeaView *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_VIEW (self), NULL);
  return self->message;
}

gboolean
kz_idea_view_get_voted (KzIdeaView *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_VIEW (self), FALSE);
  return self->voted;
}

gboolean
kz_idea_view_get_authored (KzIdeaView *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_VIEW (self), FALSE);
  return self->authored;
}

GPtrArray *
kz_idea_view_get_comments (KzIdeaView *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_VIEW (self), NULL);
  return self->comments;
}

static void
kz_idea_view_dispose (GObject *object)
{
  KzIdeaView *self = KZ_IDEA_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_IDEA_VIEW);

  G_OBJECT_CLASS (kz_idea_view_parent_class)->dispose (object);
}

static void
kz_idea_view_finalize (GObject *object)
{
  KzIdeaView *self = KZ_IDEA_VIEW (object);

  g_free (self->idea_id);
  g_free (self->message);
  g_clear_pointer (&self->idea, kz_idea_free);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);

  G_OBJECT_CLASS (kz_idea_view_parent_class)->finalize (object);
}

static void
kz_idea_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KzIdeaView *self = KZ_IDEA_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->idea != NULL ? self->idea->title : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Ctrl+Return, caught before a text field takes it as a new line. */
static void
add_send_shortcut (GtkWidget  *widget,
                   const char *action)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  const guint keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i], GDK_CONTROL_MASK),
                                                            gtk_named_action_new (action)));
  gtk_widget_add_controller (widget, controller);
}

static void
kz_idea_view_class_init (KzIdeaViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_idea_view_dispose;
  object_class->finalize = kz_idea_view_finalize;
  object_class->get_property = kz_idea_view_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-idea-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, stack);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, vote_button);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, votes_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, title_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, body_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, no_comments_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, comments_list);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, composer);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, comment_view);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, anonymous_switch);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, anonymous_label);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, comment_button);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, reply_button);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, manage_group);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, status_row);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, reason_row);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, merge_row);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, merge_titles);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaView, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_anonymous_changed);

  gtk_widget_class_install_action (widget_class, "idea.vote", NULL, vote_action);
  gtk_widget_class_install_action (widget_class, "idea.comment", NULL, comment_action);
  gtk_widget_class_install_action (widget_class, "idea.reply", NULL, reply_action);
  gtk_widget_class_install_action (widget_class, "idea.move", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "idea.merge", NULL, merge_action);
}

static void
kz_idea_view_init (KzIdeaView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_send_shortcut (GTK_WIDGET (self), "idea.comment");
  set_busy (self, FALSE);
}

GtkWidget *
kz_idea_view_new (void)
{
  return g_object_new (KZ_TYPE_IDEA_VIEW, NULL);
}
