/* kz-ideas-page.c — the ideas board, "you said, we did", and the person's
 * own anonymous threads
 *
 * The board shows the ideas newest first (the week each came in: no finer
 * time is kept), with their status, votes and comments; a vote button is
 * spent once the person has voted (the store keeps a keyed hash of the
 * voter, nothing readable).  "My Anonymous Posts" asks the store for the
 * threads of the follow-up tokens this computer holds: the author's own
 * ideas and comments, with everyone else's replies.  Which replies were
 * seen already is kept beside them on this computer, never in the database.
 * Voice tables announce no changes, so the page reads again when shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-ideas-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kz-error.h"
#include "kz-idea-dialog.h"
#include "kz-idea-row.h"
#include "kz-ideas-page.h"
#include "kz-page-defer.h"
#include "kz-store-job.h"
#include "kz-voice-format.h"
#include "kz-voice-tokens.h"

struct _KzIdeasPage
{
  AdwBin          parent_instance;

  KzStore        *store;
  gint64          person_id;
  GCancellable   *cancellable;
  gboolean        loading;
  char           *message;

  GPtrArray      *ideas;      /* KzIdea*, as shown */
  GPtrArray      *threads;    /* KzIdeaThread* */
  GHashTable     *new_replies;  /* idea id → guint */
  gboolean        looking;      /* "My Anonymous Posts" is on screen */

  AdwViewStack   *view_stack;
  GtkDropDown    *status_dropdown;
  GtkStack       *board_stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkListBox     *board_list;
  GtkListBox     *done_list;
  GtkWidget      *done_empty;
  GtkBox         *threads_box;
  GtkWidget      *threads_empty;
};

G_DEFINE_FINAL_TYPE (KzIdeasPage, kz_ideas_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

int
kz_ideas_page_compare (gconstpointer a,
                       gconstpointer b)
{
  const KzIdea *x = *(KzIdea * const *) a;
  const KzIdea *y = *(KzIdea * const *) b;
  int weeks = g_date_valid (&x->week) && g_date_valid (&y->week) ? g_date_compare (&y->week, &x->week) : 0;

  if (weeks != 0)
    return weeks;
  return (y->n_votes > x->n_votes) - (y->n_votes < x->n_votes);
}

static void
set_message (KzIdeasPage *self,
             const char  *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_free (self->message);
  self->message = g_strdup (message);
  if (message != NULL && overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* ---- seen replies (this computer only) ------------------------------------------- */

static char *
seen_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "kaizen", "seen-replies.ini", NULL);
}

static char *
seen_group (KzStore *store)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, kz_store_get_identity (store), -1);

  return g_strndup (hash, 16);
}

/* How many replies of each thread came since the person last looked at
 * "My Anonymous Posts". */
static void
count_new_replies (KzIdeasPage *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = seen_path ();
  g_autofree char *group = seen_group (self->store);

  g_hash_table_remove_all (self->new_replies);
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  for (guint i = 0; self->threads != NULL && i < self->threads->len; i++)
    {
      const KzIdeaThread *t = g_ptr_array_index (self->threads, i);
      int seen = g_key_file_get_integer (file, group, t->idea_id, NULL);

      if ((int) t->replies->len > seen)
        g_hash_table_insert (self->new_replies, g_strdup (t->idea_id), GUINT_TO_POINTER (t->replies->len - seen));
    }
}

/* The person has looked and gone: what they saw is no longer new. */
static void
mark_seen (KzIdeasPage *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = seen_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *group = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (self->store == NULL || self->threads == NULL)
    return;
  group = seen_group (self->store);
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  for (guint i = 0; i < self->threads->len; i++)
    {
      const KzIdeaThread *t = g_ptr_array_index (self->threads, i);

      g_key_file_set_integer (file, group, t->idea_id, t->replies->len);
    }
  data = g_key_file_to_data (file, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) == 0)
    g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

static void
update_looking (KzIdeasPage *self)
{
  gboolean looking = gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                     g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "my-posts") == 0;

  if (self->looking && !looking)
    mark_seen (self);
  self->looking = looking;
}

guint
kz_ideas_page_get_n_new_replies (KzIdeasPage *self,
                                 const char  *idea_id)
{
  g_return_val_if_fail (KZ_IS_IDEAS_PAGE (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->new_replies, idea_id));
}

/* ---- laying out -------------------------------------------------------------- */

static void
clear_list (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else
        gtk_box_remove (GTK_BOX (container), child);
    }
}

typedef struct {
  char   *idea_id;
  gint64  person_id;
} VoteJob;

static void
vote_job_free (gpointer data)
{
  VoteJob *job = data;

  g_free (job->idea_id);
  g_free (job);
}

static gpointer
vote_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  VoteJob *job = data;
  KzIdea *idea;

  if (!kz_store_vote_idea (store, job->idea_id, kz_store_is_shared (store) ? 0 : job->person_id, error))
    return NULL;
  idea = kz_store_get_idea (store, job->idea_id, error);
  return idea;
}

static void
vote_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(KzIdeaRow) row = user_data;
  KzIdeasPage *self = KZ_IDEAS_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzIdea) idea = kz_store_job_finish (res, &error);

  if (idea == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      /* Already voted (on another computer, say): the model's words. */
      set_message (self, error->message);
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_EXISTS))
        kz_idea_row_set_voted (row, kz_idea_row_get_idea (row)->n_votes);
      else
        gtk_widget_set_sensitive (kz_idea_row_get_vote_button (row), TRUE);
      return;
    }
  set_message (self, NULL);
  kz_idea_row_set_voted (row, idea->n_votes);
  for (guint i = 0; self->ideas != NULL && i < self->ideas->len; i++)
    {
      KzIdea *shown = g_ptr_array_index (self->ideas, i);

      if (g_strcmp0 (shown->id, idea->id) == 0)
        shown->n_votes = idea->n_votes;
    }
}

static void
on_vote (KzIdeasPage *self,
         KzIdeaRow   *row)
{
  VoteJob *job;

  if (self->store == NULL)
    return;
  if (self->person_id == 0 && !kz_store_is_shared (self->store))
    {
      set_message (self, _("Choose who you are in the header bar first: one vote a person."));
      return;
    }
  gtk_widget_set_sensitive (kz_idea_row_get_vote_button (row), FALSE);
  job = g_new0 (VoteJob, 1);
  job->idea_id = g_strdup (kz_idea_row_get_idea (row)->id);
  job->person_id = self->person_id;
  kz_store_job_run_async (self->store, self, vote_thread, job, vote_job_free, (GDestroyNotify) kz_idea_free,
                          NULL, vote_done, g_object_ref (row));
}

static void
on_idea_activated (KzIdeasPage   *self,
                   GtkListBoxRow *row)
{
  const char *id = KZ_IS_IDEA_ROW (row) ? kz_idea_row_get_idea (KZ_IDEA_ROW (row))->id
                                        : g_object_get_data (G_OBJECT (row), "idea-id");

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-idea", "s", id);
}

static GtkWidget *
done_row (const KzIdea *idea)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *week = kz_voice_format_date (&idea->week);
  g_autofree char *subtitle = NULL;

  /* Translators: what changed, and the Monday of the week the idea came in */
  subtitle = g_strdup_printf (_("%s — an idea of the week of %s"), idea->outcome, week);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), idea->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "idea-id", g_strdup (idea->id), g_free);
  return row;
}

static GtkWidget *
reply_row (const KzIdeaComment *c,
           gboolean             is_new)
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
  if (is_new)
    {
      GtkWidget *badge = gtk_label_new (_("New"));

      gtk_widget_add_css_class (badge, "kz-badge");
      gtk_widget_add_css_class (badge, "success");
      gtk_box_append (GTK_BOX (head), badge);
    }
  gtk_widget_set_hexpand (when, TRUE);
  gtk_label_set_xalign (GTK_LABEL (when), 1);
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_box_append (GTK_BOX (head), when);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (box), head);
  gtk_box_append (GTK_BOX (box), body);
  gtk_widget_add_css_class (box, "kz-comment");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
on_thread_open (GtkButton *button)
{
  const char *id = g_object_get_data (G_OBJECT (button), "idea-id");

  gtk_widget_activate_action (GTK_WIDGET (button), "win.show-idea", "s", id);
}

static GtkWidget *
thread_card (KzIdeasPage        *self,
             const KzIdeaThread *t)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_button_new_with_label (t->idea->title);
  GtkWidget *status = gtk_label_new (kz_voice_idea_status_label (t->idea->status));
  const char *style = kz_voice_idea_status_style (t->idea->status);
  guint n_new = kz_ideas_page_get_n_new_replies (self, t->idea_id);
  g_autofree char *how = NULL;
  g_autofree char *name = g_strdup_printf ("thread-%s", t->idea_id);
  GtkWidget *how_label;

  gtk_widget_set_name (box, name);
  gtk_widget_add_css_class (title, "flat");
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_set_halign (title, GTK_ALIGN_START);
  g_object_set_data_full (G_OBJECT (title), "idea-id", g_strdup (t->idea_id), g_free);
  g_signal_connect (title, "clicked", G_CALLBACK (on_thread_open), NULL);
  gtk_widget_add_css_class (status, "kz-badge");
  if (*style != '\0')
    gtk_widget_add_css_class (status, style);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (head), title);
  gtk_box_append (GTK_BOX (head), status);
  gtk_box_append (GTK_BOX (box), head);

  if (t->authored)
    /* Translators: %s is the idea's pseudonym */
    how = g_strdup_printf (_("You posted this idea as “%s”."), t->idea->pseudonym);
  else
    how = g_strdup (_("You commented on this idea anonymously."));
  if (t->replies->len == 0)
    {
      char *more = g_strconcat (how, " ", _("No replies yet."), NULL);

      g_free (how);
      how = more;
    }
  else if (n_new > 0)
    {
      char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %u new reply.", "%s %u new replies.", n_new),
                                    how, n_new);

      g_free (how);
      how = more;
    }
  how_label = gtk_label_new (how);
  gtk_label_set_xalign (GTK_LABEL (how_label), 0);
  gtk_label_set_wrap (GTK_LABEL (how_label), TRUE);
  gtk_widget_add_css_class (how_label, "dim-label");
  gtk_box_append (GTK_BOX (box), how_label);

  if (t->replies->len > 0)
    {
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Replies"), -1);
      for (guint i = 0; i < t->replies->len; i++)
        gtk_list_box_append (GTK_LIST_BOX (list),
                             reply_row (g_ptr_array_index (t->replies, i), i >= t->replies->len - n_new));
      gtk_box_append (GTK_BOX (box), list);
    }
  return box;
}

/* ---- loading ---------------------------------------------------------------- */

typedef struct {
  gint64       person_id;
  guint        filter;
  GPtrArray   *ideas;
  GArray      *voted;     /* gboolean per idea */
  GPtrArray   *done;
  GPtrArray   *threads;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_clear_pointer (&job->ideas, g_ptr_array_unref);
  g_clear_pointer (&job->voted, g_array_unref);
  g_clear_pointer (&job->done, g_ptr_array_unref);
  g_clear_pointer (&job->threads, g_ptr_array_unref);
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
  KzIdeaFilter filter = { .any_status = TRUE };
  g_autoptr(GPtrArray) all = NULL;
  g_auto(GStrv) tokens = NULL;

  if (job->filter >= 2)
    {
      filter.any_status = FALSE;
      filter.status = job->filter - 2;
    }
  if ((all = kz_store_list_ideas (store, &filter, error)) == NULL)
    return NULL;
  job->ideas = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_idea_free);
  for (guint i = 0; i < all->len; i++)
    {
      KzIdea *idea = g_ptr_array_index (all, i);

      /* "Open": what is still to be done. */
      if (job->filter == 0 && (idea->status == KZ_IDEA_DONE || idea->status == KZ_IDEA_DECLINED))
        continue;
      g_ptr_array_add (job->ideas, g_steal_pointer (&all->pdata[i]));
    }
  g_ptr_array_sort (job->ideas, kz_ideas_page_compare);
  job->voted = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), job->ideas->len);
  for (guint i = 0; i < job->ideas->len; i++)
    {
      gboolean voted = FALSE;

      if ((shared || job->person_id != 0) &&
          !kz_store_idea_has_vote (store, ((KzIdea *) g_ptr_array_index (job->ideas, i))->id,
                                   shared ? 0 : job->person_id, &voted, error))
        return NULL;
      g_array_append_val (job->voted, voted);
    }
  if ((job->done = kz_store_list_you_said_we_did (store, error)) == NULL ||
      (tokens = kz_voice_tokens_list (store, error)) == NULL ||
      (job->threads = kz_store_list_my_threads (store, (const char * const *) tokens, NULL, error)) == NULL)
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
load_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzIdeasPage *self = KZ_IDEAS_PAGE (object);
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
      else if (!g_error_matches (error, KZ_ERROR, KZ_ERROR_PERMISSION))
        g_warning ("Could not read the ideas: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->board_stack, "error");
      return;
    }

  g_clear_pointer (&self->ideas, g_ptr_array_unref);
  g_clear_pointer (&self->threads, g_ptr_array_unref);
  self->ideas = g_steal_pointer (&job->ideas);
  self->threads = g_steal_pointer (&job->threads);

  clear_list (GTK_WIDGET (self->board_list));
  for (guint i = 0; i < self->ideas->len; i++)
    {
      GtkWidget *row = kz_idea_row_new (g_ptr_array_index (self->ideas, i), g_array_index (job->voted, gboolean, i));

      g_signal_connect_object (row, "vote", G_CALLBACK (on_vote), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->board_list, row);
    }
  gtk_stack_set_visible_child_name (self->board_stack, self->ideas->len > 0 ? "list" : "empty");

  clear_list (GTK_WIDGET (self->done_list));
  for (guint i = 0; i < job->done->len; i++)
    gtk_list_box_append (self->done_list, done_row (g_ptr_array_index (job->done, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->done_list), job->done->len > 0);
  gtk_widget_set_visible (self->done_empty, job->done->len == 0);

  count_new_replies (self);
  clear_list (GTK_WIDGET (self->threads_box));
  for (guint i = 0; i < self->threads->len; i++)
    gtk_box_append (self->threads_box, thread_card (self, g_ptr_array_index (self->threads, i)));
  gtk_widget_set_visible (self->threads_empty, self->threads->len == 0);
}

void
kz_ideas_page_reload (KzIdeasPage *self)
{
  LoadJob *job;

  g_return_if_fail (KZ_IS_IDEAS_PAGE (self));

  if (self->store == NULL)
    return;
  /* Hidden, it reads nothing: it loads when it is shown. */
  if (kz_page_defer_until_shown (GTK_WIDGET (self), (KzPageReload) kz_ideas_page_reload))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->ideas == NULL)
    gtk_stack_set_visible_child_name (self->board_stack, "loading");
  self->loading = TRUE;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  job = g_new0 (LoadJob, 1);
  job->person_id = self->person_id;
  job->filter = gtk_drop_down_get_selected (self->status_dropdown);
  kz_store_job_run_async (self->store, self, load_thread, job, load_job_free, NULL,
                          self->cancellable, load_done, job);
}

static void
on_status_changed (KzIdeasPage *self)
{
  kz_ideas_page_reload (self);
}

/* ---- posting ---------------------------------------------------------------- */

static void
on_posted (KzIdeasPage *self,
           const char  *idea_id)
{
  set_message (self, _("Your idea is on the board"));
  kz_ideas_page_reload (self);
}

GtkWidget *
kz_ideas_page_new_idea (KzIdeasPage *self)
{
  GtkRoot *root;
  KzIdeaDialog *dialog;

  g_return_val_if_fail (KZ_IS_IDEAS_PAGE (self), NULL);

  if (self->store == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = kz_idea_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, self->person_id);
  g_signal_connect_object (dialog, "posted", G_CALLBACK (on_posted), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  kz_ideas_page_new_idea (KZ_IDEAS_PAGE (widget));
}

/* ---- the rest --------------------------------------------------------------- */

void
kz_ideas_page_set_store (KzIdeasPage *self,
                         KzStore     *store)
{
  g_return_if_fail (KZ_IS_IDEAS_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  g_clear_pointer (&self->ideas, g_ptr_array_unref);
  kz_ideas_page_reload (self);
}

void
kz_ideas_page_set_person_id (KzIdeasPage *self,
                             gint64       person_id)
{
  g_return_if_fail (KZ_IS_IDEAS_PAGE (self));

  if (self->person_id == person_id)
    return;
  self->person_id = person_id;
  kz_ideas_page_reload (self);
}

gboolean
kz_ideas_page_get_loading (KzIdeasPage *self)
{
  g_return_val_if_fail (KZ_IS_IDEAS_PAGE (self), FALSE);
  return self->loading;
}

void
kz_ideas_page_set_view (KzIdeasPage *self,
                        const char  *view)
{
  g_return_if_fail (KZ_IS_IDEAS_PAGE (self));
  adw_view_stack_set_visible_child_name (self->view_stack, view);
}

const char *
kz_ideas_page_get_view (KzIdeasPage *self)
{
  g_return_val_if_fail (KZ_IS_IDEAS_PAGE (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

GPtrArray *
kz_ideas_page_get_ideas (KzIdeasPage *self)
{
  g_return_val_if_fail (KZ_IS_IDEAS_PAGE (self), NULL);
  return self->ideas;
}

GtkListBox *
kz_ideas_page_get_board (KzIdeasPage *self)
{
  g_return_val_if_fail (KZ_IS_IDEAS_PAGE (self), NULL);
  return self->board_list;
}

GPtrArray *
kz_ideas_page_get_threads (KzIdeasPage *self)
{
  g_return_val_if_fail (KZ_IS_IDEAS_PAGE (self), NULL);
  return self->threads;
}

const char *
kz_ideas_page_get_message (KzIdeasPage *self)
{
  g_return_val_if_fail (KZ_IS_IDEAS_PAGE (self), NULL);
  return self->message;
}

static void
kz_ideas_page_dispose (GObject *object)
{
  KzIdeasPage *self = KZ_IDEAS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->looking)
    mark_seen (self);
  self->looking = FALSE;
  g_clear_object (&self->store);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_IDEAS_PAGE);

  G_OBJECT_CLASS (kz_ideas_page_parent_class)->dispose (object);
}

static void
kz_ideas_page_finalize (GObject *object)
{
  KzIdeasPage *self = KZ_IDEAS_PAGE (object);

  g_free (self->message);
  g_clear_pointer (&self->ideas, g_ptr_array_unref);
  g_clear_pointer (&self->threads, g_ptr_array_unref);
  g_clear_pointer (&self->new_replies, g_hash_table_unref);

  G_OBJECT_CLASS (kz_ideas_page_parent_class)->finalize (object);
}

static void
kz_ideas_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KzIdeasPage *self = KZ_IDEAS_PAGE (object);

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
kz_ideas_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kz_ideas_page_parent_class)->map (widget);
  update_looking (KZ_IDEAS_PAGE (widget));
}

static void
kz_ideas_page_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kz_ideas_page_parent_class)->unmap (widget);
  update_looking (KZ_IDEAS_PAGE (widget));
}

static void
kz_ideas_page_class_init (KzIdeasPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_ideas_page_dispose;
  object_class->finalize = kz_ideas_page_finalize;
  object_class->get_property = kz_ideas_page_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-ideas-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, board_stack);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, board_list);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, done_list);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, done_empty);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, threads_box);
  gtk_widget_class_bind_template_child (widget_class, KzIdeasPage, threads_empty);
  gtk_widget_class_bind_template_callback (widget_class, on_idea_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_status_changed);

  widget_class->map = kz_ideas_page_map;
  widget_class->unmap = kz_ideas_page_unmap;

  gtk_widget_class_install_action (widget_class, "ideas.new", NULL, new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "ideas.new", NULL);
}

static void
kz_ideas_page_init (KzIdeasPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->new_replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (update_looking), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
kz_ideas_page_new (void)
{
  return g_object_new (KZ_TYPE_IDEAS_PAGE, NULL);
}
