/* kz-idea-dialog.c — post an idea, anonymously by default
 *
 * An anonymous idea is stored with no author at all; what lets its author
 * follow it is a random token made here, of which the store keeps only the
 * hash, and which is kept on this computer (kz-voice-tokens.h) — written
 * by the same job that stores the idea, so a stored idea never loses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-idea-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-idea-dialog.h"
#include "kz-store-job.h"
#include "kz-voice-tokens.h"

struct _KzIdeaDialog
{
  AdwWindow     parent_instance;

  KzStore      *store;
  gint64        person_id;
  gboolean      posting;
  char         *message;
  GCancellable *cancellable;

  AdwEntryRow  *title_row;
  AdwEntryRow  *category_row;
  GtkTextView  *body_view;
  GtkSwitch    *anonymous_switch;
  GtkLabel     *message_label;
};

G_DEFINE_FINAL_TYPE (KzIdeaDialog, kz_idea_dialog, ADW_TYPE_WINDOW)

enum {
  POSTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (KzIdeaDialog *self,
              const char   *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

typedef struct {
  KzIdea *idea;
  gboolean anonymous;
} PostJob;

static void
post_job_free (gpointer data)
{
  PostJob *job = data;

  g_clear_pointer (&job->idea, kz_idea_free);
  g_free (job);
}

static gpointer
post_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  PostJob *job = data;
  g_autofree char *token = job->anonymous ? kz_voice_new_token () : NULL;
  g_autofree char *id = kz_store_submit_idea (store, job->idea, token, error);
  g_autoptr(GError) local = NULL;

  if (id == NULL)
    return NULL;
  if (token != NULL && !kz_voice_tokens_save (store, id, token, &local))
    {
      /* The idea is in, with nobody's name: say that its replies cannot be
       * followed from here, rather than pretend. */
      g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED,
                   _("The idea was posted anonymously, but its follow-up key could not be kept on this computer "
                     "(%s): you will not see its replies under “My Anonymous Posts”."), local->message);
      return NULL;
    }
  return g_steal_pointer (&id);
}

static void
post_done (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  KzIdeaDialog *self = KZ_IDEA_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = kz_store_job_finish (res, &error);

  /* Closed meanwhile: the idea is stored, nobody waits for the answer. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;
  self->posting = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idea.post", TRUE);
  if (id == NULL)
    {
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[POSTED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
post_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzIdeaDialog *self = KZ_IDEA_DIALOG (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  g_autofree char *category = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->category_row))));
  g_autofree char *body = NULL;
  GtkTextIter start, end;
  PostJob *job;

  if (self->posting)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*title == '\0')
    {
      show_message (self, _("Give the idea a title."));
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      return;
    }
  if (!gtk_switch_get_active (self->anonymous_switch) && self->person_id == 0 && !kz_store_is_shared (self->store))
    {
      show_message (self, _("Choose who you are in the header bar to post in your name, or post anonymously."));
      return;
    }

  job = g_new0 (PostJob, 1);
  job->anonymous = gtk_switch_get_active (self->anonymous_switch);
  job->idea = kz_idea_new ();
  job->idea->title = g_steal_pointer (&title);
  job->idea->body = g_steal_pointer (&body);
  job->idea->category = *category != '\0' ? g_steal_pointer (&category) : NULL;
  job->idea->author_id = job->anonymous ? 0 : self->person_id;
  show_message (self, NULL);
  self->posting = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "idea.post", FALSE);
  kz_store_job_run_async (self->store, self, post_thread, job, post_job_free, g_free,
                          self->cancellable, post_done, NULL);
}

gboolean
kz_idea_dialog_get_posting (KzIdeaDialog *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_DIALOG (self), FALSE);
  return self->posting;
}

const char *
kz_idea_dialog_get_message (KzIdeaDialog *self)
{
  g_return_val_if_fail (KZ_IS_IDEA_DIALOG (self), NULL);
  return self->message;
}

static void
kz_idea_dialog_dispose (GObject *object)
{
  KzIdeaDialog *self = KZ_IDEA_DIALOG (object);

  /* A post already on its way is stored all the same; only its answer is
   * no longer wanted here. */
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_IDEA_DIALOG);

  G_OBJECT_CLASS (kz_idea_dialog_parent_class)->dispose (object);
}

static void
kz_idea_dialog_finalize (GObject *object)
{
  KzIdeaDialog *self = KZ_IDEA_DIALOG (object);

  g_free (self->message);
  G_OBJECT_CLASS (kz_idea_dialog_parent_class)->finalize (object);
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
kz_idea_dialog_class_init (KzIdeaDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_idea_dialog_dispose;
  object_class->finalize = kz_idea_dialog_finalize;

  signals[POSTED] = g_signal_new ("posted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-idea-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KzIdeaDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaDialog, anonymous_switch);
  gtk_widget_class_bind_template_child (widget_class, KzIdeaDialog, message_label);

  gtk_widget_class_install_action (widget_class, "idea.post", NULL, post_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kz_idea_dialog_init (KzIdeaDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_send_shortcut (GTK_WIDGET (self), "idea.post");
  self->cancellable = g_cancellable_new ();
}

KzIdeaDialog *
kz_idea_dialog_new (GtkWindow *parent,
                    KzStore   *store,
                    gint64     person_id)
{
  KzIdeaDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  self = g_object_new (KZ_TYPE_IDEA_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->person_id = person_id;
  return self;
}
