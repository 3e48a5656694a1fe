/* kz-cx-library.c — the organisation's CX principles and personas
 *
 * Two lists, read off the UI thread; "Add…" and each row's edit button open
 * a form (an AdwMessageDialog with entry rows) whose Save stays off until
 * kz_principle_check() / kz_persona_check() accept what it holds, so a form
 * never sends what the store would refuse for its content.  What the store
 * still refuses (an id taken meanwhile) comes back as a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-cx-library"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-cx-library.h"
#include "kz-store-job.h"

struct _KzCxLibrary
{
  AdwWindow             parent_instance;

  KzStore              *store;
  GCancellable         *cancellable;
  guint                 busy;
  GPtrArray            *principles;  /* KzPrinciple*, as last read */
  GPtrArray            *personas;    /* KzPersona* */
  GPtrArray            *rows;        /* the rows added to the groups */
  GtkWidget            *form;        /* the open form, not owned */

  AdwToastOverlay      *toasts;
  AdwPreferencesGroup  *principles_group;
  AdwPreferencesGroup  *personas_group;
};

G_DEFINE_FINAL_TYPE (KzCxLibrary, kz_cx_library, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
kz_cx_library_channel_label (const char *channel)
{
  if (g_strcmp0 (channel, "call") == 0)
    return _("Phone");
  if (g_strcmp0 (channel, "email") == 0)
    return _("Email");
  if (g_strcmp0 (channel, "chat") == 0)
    return _("Chat");
  if (g_strcmp0 (channel, "self-service") == 0)
    return _("Self-service");
  return _("Any channel");
}

static void
set_busy (KzCxLibrary *self,
          gboolean     busy)
{
  self->busy += busy ? 1 : -1;
}

/* ---- the lists ---------------------------------------------------------------- */

static void edit_principle (KzCxLibrary *self, const KzPrinciple *principle);
static void edit_persona (KzCxLibrary *self, const KzPersona *persona);

static void
on_edit_principle_clicked (GtkButton   *button,
                           KzCxLibrary *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (self->principles != NULL && i < self->principles->len)
    edit_principle (self, g_ptr_array_index (self->principles, i));
}

static void
on_edit_persona_clicked (GtkButton   *button,
                         KzCxLibrary *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (self->personas != NULL && i < self->personas->len)
    edit_persona (self, g_ptr_array_index (self->personas, i));
}

static GtkWidget *
edit_button (KzCxLibrary *self,
             guint        index,
             const char  *what,
             GCallback    callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  g_autofree char *label = g_strdup_printf (_("Edit “%s”"), what);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
add_row (KzCxLibrary         *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
rebuild (KzCxLibrary *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; self->principles != NULL && i < self->principles->len; i++)
    {
      const KzPrinciple *p = g_ptr_array_index (self->principles, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->description != NULL ? p->description : p->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 edit_button (self, i, p->title, G_CALLBACK (on_edit_principle_clicked)));
      add_row (self, self->principles_group, row);
    }
  if (self->principles != NULL && self->principles->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No principles yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add one, or import a CSV file with “kaizenctl principles import”"));
      add_row (self, self->principles_group, row);
    }

  for (guint i = 0; self->personas != NULL && i < self->personas->len; i++)
    {
      const KzPersona *p = g_ptr_array_index (self->personas, i);
      GtkWidget *row = adw_action_row_new ();
      /* Translators: a persona's preferred channel and comfort with technology, e.g. "Phone · comfort with technology 2 of 5" */
      g_autofree char *facts = g_strdup_printf (_("%s · comfort with technology %d of 5"),
                                                kz_cx_library_channel_label (p->channel), p->tech_comfort);
      g_autofree char *subtitle = p->situation != NULL ? g_strdup_printf ("%s\n%s", facts, p->situation)
                                                       : g_strdup (facts);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 edit_button (self, i, p->name, G_CALLBACK (on_edit_persona_clicked)));
      add_row (self, self->personas_group, row);
    }
  if (self->personas != NULL && self->personas->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No personas yet"));
      add_row (self, self->personas_group, row);
    }
}

typedef struct {
  GPtrArray *principles;
  GPtrArray *personas;
} Lists;

static void
lists_free (gpointer p)
{
  Lists *l = p;

  g_clear_pointer (&l->principles, g_ptr_array_unref);
  g_clear_pointer (&l->personas, g_ptr_array_unref);
  g_free (l);
}

static gpointer
read_lists (KzStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Lists *l = g_new0 (Lists, 1);

  if ((l->principles = kz_store_list_principles (store, error)) == NULL ||
      (l->personas = kz_store_list_personas (store, error)) == NULL)
    {
      lists_free (l);
      return NULL;
    }
  return l;
}

static void
read_lists_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KzCxLibrary *self = KZ_CX_LIBRARY (object);
  g_autoptr(GError) error = NULL;
  Lists *l = kz_store_job_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (l == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  g_clear_pointer (&self->principles, g_ptr_array_unref);
  g_clear_pointer (&self->personas, g_ptr_array_unref);
  self->principles = g_steal_pointer (&l->principles);
  self->personas = g_steal_pointer (&l->personas);
  lists_free (l);
  rebuild (self);
}

static void
reload (KzCxLibrary *self)
{
  set_busy (self, TRUE);
  kz_store_job_run_async (self->store, self, read_lists, NULL, NULL, lists_free, self->cancellable,
                          read_lists_cb, NULL);
}

/* ---- saving ------------------------------------------------------------------- */

typedef struct {
  KzPrinciple *principle;
  KzPersona   *persona;
  gboolean     replace;
} Save;

static void
save_free (gpointer p)
{
  Save *s = p;

  g_clear_pointer (&s->principle, kz_principle_free);
  g_clear_pointer (&s->persona, kz_persona_free);
  g_free (s);
}

static gpointer
save_job (KzStore       *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Save *s = data;
  gboolean ok = s->principle != NULL ? kz_store_save_principle (store, s->principle, s->replace, error)
                                     : kz_store_save_persona (store, s->persona, s->replace, error);

  return ok ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  KzCxLibrary *self = KZ_CX_LIBRARY (object);
  g_autoptr(GError) error = NULL;

  if (kz_store_job_finish (result, &error) == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  set_busy (self, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

static void
save (KzCxLibrary *self,
      Save        *s)
{
  set_busy (self, TRUE);
  kz_store_job_run_async (self->store, self, save_job, s, save_free, NULL, self->cancellable, save_cb, NULL);
}

/* ---- the forms ---------------------------------------------------------------- */

static GtkWidget *
entry_row (GtkWidget  *group,
           const char *name,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static const char *
text_of (GtkWidget *dialog,
         const char *key)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), key)));
}

static char *
text_or_null (GtkWidget  *dialog,
              const char *key)
{
  g_autofree char *t = g_strstrip (g_strdup (text_of (dialog, key)));

  return *t != '\0' ? g_steal_pointer (&t) : NULL;
}

static KzPrinciple *
principle_of_form (GtkWidget *dialog)
{
  g_autofree char *id = g_strstrip (g_strdup (text_of (dialog, "id")));
  g_autofree char *title = g_strstrip (g_strdup (text_of (dialog, "title")));
  g_autofree char *description = text_or_null (dialog, "description");

  return kz_principle_new (id, title, description);
}

static KzPersona *
persona_of_form (GtkWidget *dialog)
{
  g_autofree char *id = g_strstrip (g_strdup (text_of (dialog, "id")));
  g_autofree char *name = g_strstrip (g_strdup (text_of (dialog, "name")));
  KzPersona *p = kz_persona_new (id, name);
  AdwComboRow *channel = g_object_get_data (G_OBJECT (dialog), "channel");
  GtkSpinButton *comfort = g_object_get_data (G_OBJECT (dialog), "comfort");

  p->situation = text_or_null (dialog, "situation");
  p->goals = text_or_null (dialog, "goals");
  g_free (p->channel);
  p->channel = g_strdup (kz_persona_channels ()[adw_combo_row_get_selected (channel)]);
  p->tech_comfort = gtk_spin_button_get_value_as_int (comfort);
  return p;
}

/* Save is on only when the record would be taken. */
static void
check_form (GtkWidget *dialog)
{
  gboolean principle = g_object_get_data (G_OBJECT (dialog), "title") != NULL;
  gboolean ok;

  if (principle)
    {
      g_autoptr(KzPrinciple) p = principle_of_form (dialog);
      ok = kz_principle_check (p, NULL);
    }
  else
    {
      g_autoptr(KzPersona) p = persona_of_form (dialog);
      ok = kz_persona_check (p, NULL);
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", ok);
}

static void
on_form_response (AdwMessageDialog *dialog,
                  const char       *response,
                  KzCxLibrary      *self)
{
  Save *s;

  if (g_strcmp0 (response, "save") != 0)
    return;
  s = g_new0 (Save, 1);
  s->replace = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "replace"));
  if (g_object_get_data (G_OBJECT (dialog), "title") != NULL)
    s->principle = principle_of_form (GTK_WIDGET (dialog));
  else
    s->persona = persona_of_form (GTK_WIDGET (dialog));
  save (self, s);
}

static void
on_form_destroy (KzCxLibrary *self)
{
  self->form = NULL;
}

static GtkWidget *
new_form (KzCxLibrary *self,
          const char  *heading,
          gboolean     replace,
          GtkWidget  **group)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);

  gtk_widget_set_name (dialog, "cx-form");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "replace", GINT_TO_POINTER (replace));
  *group = adw_preferences_group_new ();
  gtk_widget_set_size_request (*group, 360, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), *group);
  g_signal_connect (dialog, "response", G_CALLBACK (on_form_response), self);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_form_destroy), self, G_CONNECT_SWAPPED);
  self->form = dialog;
  return dialog;
}

static void
watch (GtkWidget *dialog,
       GtkWidget *editable)
{
  g_signal_connect_swapped (editable, "changed", G_CALLBACK (check_form), dialog);
}

static void
edit_principle (KzCxLibrary       *self,
                const KzPrinciple *principle)
{
  GtkWidget *group;
  GtkWidget *dialog = new_form (self, principle != NULL ? _("Edit Principle") : _("New Principle"),
                                principle != NULL, &group);
  GtkWidget *id = entry_row (group, "principle-id", _("Id (what rubrics name)"), principle ? principle->id : NULL);
  GtkWidget *title = entry_row (group, "principle-title", _("Title"), principle ? principle->title : NULL);
  GtkWidget *description = entry_row (group, "principle-description", _("Description"),
                                      principle ? principle->description : NULL);

  /* An id is what rubrics link: it does not change. */
  gtk_widget_set_sensitive (id, principle == NULL);
  g_object_set_data (G_OBJECT (dialog), "id", id);
  g_object_set_data (G_OBJECT (dialog), "title", title);
  g_object_set_data (G_OBJECT (dialog), "description", description);
  watch (dialog, id);
  watch (dialog, title);
  watch (dialog, description);
  check_form (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_persona (KzCxLibrary     *self,
              const KzPersona *persona)
{
  GtkWidget *group;
  GtkWidget *dialog = new_form (self, persona != NULL ? _("Edit Persona") : _("New Persona"), persona != NULL,
                                &group);
  GtkWidget *id = entry_row (group, "persona-id", _("Id (what rubrics name)"), persona ? persona->id : NULL);
  GtkWidget *name = entry_row (group, "persona-name", _("Name"), persona ? persona->name : NULL);
  GtkWidget *situation = entry_row (group, "persona-situation", _("Situation"), persona ? persona->situation : NULL);
  GtkWidget *goals = entry_row (group, "persona-goals", _("Goals"), persona ? persona->goals : NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  GtkWidget *channel = adw_combo_row_new ();
  GtkWidget *comfort_row = adw_action_row_new ();
  GtkWidget *comfort = gtk_spin_button_new_with_range (1, 5, 1);
  guint selected = 0;

  for (guint i = 0; kz_persona_channels ()[i] != NULL; i++)
    {
      gtk_string_list_append (channels, kz_cx_library_channel_label (kz_persona_channels ()[i]));
      if (g_strcmp0 (kz_persona_channels ()[i], persona != NULL ? persona->channel : "any") == 0)
        selected = i;
    }
  gtk_widget_set_name (channel, "persona-channel");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (channel), _("Preferred channel"));
  adw_combo_row_set_model (ADW_COMBO_ROW (channel), G_LIST_MODEL (channels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (channel), selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), channel);

  gtk_widget_set_name (comfort, "persona-comfort");
  gtk_widget_set_valign (comfort, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (comfort), persona != NULL ? persona->tech_comfort : 3);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (comfort_row), _("Comfort with technology"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (comfort_row), _("1 (none) to 5 (very)"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (comfort_row), comfort);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (comfort_row), comfort);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), comfort_row);

  gtk_widget_set_sensitive (id, persona == NULL);
  g_object_set_data (G_OBJECT (dialog), "id", id);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "situation", situation);
  g_object_set_data (G_OBJECT (dialog), "goals", goals);
  g_object_set_data (G_OBJECT (dialog), "channel", channel);
  g_object_set_data (G_OBJECT (dialog), "comfort", comfort);
  watch (dialog, id);
  watch (dialog, name);
  watch (dialog, situation);
  watch (dialog, goals);
  check_form (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_principle_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  edit_principle (KZ_CX_LIBRARY (widget), NULL);
}

static void
add_persona_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  edit_persona (KZ_CX_LIBRARY (widget), NULL);
}

/* ---- the object --------------------------------------------------------------- */

gboolean
kz_cx_library_get_busy (KzCxLibrary *self)
{
  g_return_val_if_fail (KZ_IS_CX_LIBRARY (self), FALSE);
  return self->busy > 0;
}

GtkWidget *
kz_cx_library_get_form (KzCxLibrary *self)
{
  g_return_val_if_fail (KZ_IS_CX_LIBRARY (self), NULL);
  return self->form;
}

static void
kz_cx_library_dispose (GObject *object)
{
  KzCxLibrary *self = KZ_CX_LIBRARY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->principles, g_ptr_array_unref);
  g_clear_pointer (&self->personas, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  if (self->form != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->form, self);
      self->form = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_CX_LIBRARY);
  G_OBJECT_CLASS (kz_cx_library_parent_class)->dispose (object);
}

static void
kz_cx_library_class_init (KzCxLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_cx_library_dispose;

  /**
   * KzCxLibrary::changed:
   *
   * A principle or persona was saved.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-cx-library.ui");
  gtk_widget_class_bind_template_child (widget_class, KzCxLibrary, toasts);
  gtk_widget_class_bind_template_child (widget_class, KzCxLibrary, principles_group);
  gtk_widget_class_bind_template_child (widget_class, KzCxLibrary, personas_group);

  gtk_widget_class_install_action (widget_class, "cx.add-principle", NULL, add_principle_action);
  gtk_widget_class_install_action (widget_class, "cx.add-persona", NULL, add_persona_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kz_cx_library_init (KzCxLibrary *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

KzCxLibrary *
kz_cx_library_new (GtkWindow *parent,
                   KzStore   *store)
{
  KzCxLibrary *self;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  self = g_object_new (KZ_TYPE_CX_LIBRARY, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  reload (self);
  return self;
}
