/* kz-window.c — the main window
 *
 * A leaflet: a sidebar of pages, and a content pane whose stack holds each
 * page and the detail it opens (an evaluation, a rubric).  Back goes from a
 * detail to its list, and from the content to the sidebar when folded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-evaluation-view.h"
#include "kz-evaluations-page.h"
#include "kz-person-picker.h"
#include "kz-rubric-import.h"
#include "kz-rubric-library.h"
#include "kz-rubric-view.h"
#include "kz-window.h"

struct _KzWindow
{
  AdwApplicationWindow  parent_instance;

  KzStore              *store;
  GSettings            *settings;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  guint                 n_imports;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *content_pane;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *evaluations_row;
  GtkListBoxRow        *rubrics_row;
  AdwWindowTitle       *content_title;
  GtkWidget            *back_button;
  GtkWidget            *import_button;
  KzPersonPicker       *person_picker;
  GtkStack             *content_stack;
  KzEvaluationsPage    *evaluations_page;
  KzEvaluationView     *evaluation_view;
  KzRubricLibrary      *rubric_library;
  KzRubricView         *rubric_view;
};

G_DEFINE_FINAL_TYPE (KzWindow, kz_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_IMPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_detail (const char *page)
{
  return g_strcmp0 (page, "evaluation") == 0 || g_strcmp0 (page, "rubric") == 0;
}

static const char *
parent_of (const char *page)
{
  if (g_strcmp0 (page, "evaluation") == 0)
    return "evaluations";
  if (g_strcmp0 (page, "rubric") == 0)
    return "rubrics";
  return page;
}

const char *
kz_window_get_visible_page (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

GtkWidget *
kz_window_get_page (KzWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->content_stack, name);
}

static void
update_header (KzWindow *self)
{
  const char *page;
  gboolean folded;
  g_autofree char *subtitle = NULL;
  const char *title = NULL;

  /* Children notify while the template is torn down. */
  if (self->content_stack == NULL || self->leaflet == NULL)
    return;

  page = kz_window_get_visible_page (self);
  folded = adw_leaflet_get_folded (self->leaflet);

  if (g_strcmp0 (page, "evaluations") == 0)
    {
      guint n = 0;

      g_object_get (self->evaluations_page, "n-evaluations", &n, NULL);
      title = _("Evaluations");
      if (n > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evaluation", "%u evaluations", n), n);
    }
  else if (g_strcmp0 (page, "evaluation") == 0)
    {
      g_autofree char *agent = NULL;

      g_object_get (self->evaluation_view, "agent", &agent, NULL);
      title = _("Evaluation");
      subtitle = g_steal_pointer (&agent);
    }
  else if (g_strcmp0 (page, "rubrics") == 0)
    {
      guint n = kz_rubric_library_get_n_rubrics (self->rubric_library);

      title = _("Rubrics");
      if (n > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rubric version", "%u rubric versions", n), n);
    }
  else if (g_strcmp0 (page, "rubric") == 0)
    {
      KzRubric *rubric = kz_rubric_view_get_rubric (self->rubric_view);

      title = rubric != NULL ? kz_rubric_get_title (rubric) : _("Rubric");
      if (rubric != NULL)
        subtitle = g_strdup_printf (_("Version %d"), kz_rubric_get_version (rubric));
    }

  adw_window_title_set_title (self->content_title, title != NULL ? title : "");
  adw_window_title_set_subtitle (self->content_title, subtitle);

  gtk_widget_set_visible (self->back_button, is_detail (page) || folded);
  kz_person_picker_set_compact (self->person_picker, folded);
  gtk_widget_set_visible (self->import_button, g_strcmp0 (parent_of (page), "rubrics") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", is_detail (page) || folded);
}

static void
on_navigation_changed (KzWindow *self)
{
  update_header (self);
}

static void
show_page (KzWindow   *self,
           const char *name)
{
  gtk_stack_set_visible_child_name (self->content_stack, name);

  /* Keep the sidebar in step when a page is shown by an action. */
  if (g_strcmp0 (parent_of (name), "evaluations") == 0)
    gtk_list_box_select_row (self->sidebar_list, self->evaluations_row);
  else
    gtk_list_box_select_row (self->sidebar_list, self->rubrics_row);

  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  update_header (self);
}

static void
on_sidebar_row_selected (KzWindow      *self,
                         GtkListBoxRow *row)
{
  const char *name;
  const char *current;

  if (row == NULL)
    return;

  name = gtk_widget_get_name (GTK_WIDGET (row));
  current = kz_window_get_visible_page (self);
  /* Selecting the page that is already up (or whose detail is up) keeps it. */
  if (g_strcmp0 (parent_of (current), name) != 0)
    gtk_stack_set_visible_child_name (self->content_stack, name);
  update_header (self);
}

static void
on_sidebar_row_activated (KzWindow      *self,
                          GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));

  /* Clicking a page in the sidebar shows its list, not the last detail. */
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  update_header (self);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->content_stack, name) == NULL)
    {
      g_warning ("No page named “%s”", name);
      return;
    }

  show_page (self, name);
}

static void
show_evaluation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);

  kz_evaluation_view_load (self->evaluation_view, g_variant_get_int64 (parameter));
  show_page (self, "evaluation");
}

static void
show_rubric_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *id = NULL;
  int version = 0;

  g_variant_get (parameter, "(&si)", &id, &version);
  kz_rubric_view_load (self->rubric_view, id, version);
  show_page (self, "rubric");
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *page = kz_window_get_visible_page (self);

  if (is_detail (page))
    show_page (self, parent_of (page));
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  const char *page = kz_window_get_visible_page (self);

  kz_evaluations_page_reload (self->evaluations_page);
  kz_rubric_library_reload (self->rubric_library);

  if (g_strcmp0 (page, "evaluation") == 0)
    kz_evaluation_view_load (self->evaluation_view,
                             kz_evaluation_view_get_evaluation_id (self->evaluation_view));
}

static void
show_import_error (KzWindow     *self,
                   const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Import Rubric"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KzWindow *self = KZ_WINDOW (object);
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean added = FALSE;

  rubric = kz_rubric_import_finish (result, &added, &error);

  self->n_imports--;
  if (self->n_imports == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (rubric == NULL)
    {
      show_import_error (self, error);
      return;
    }

  if (added)
    /* Translators: a toast: rubric title and version */
    message = g_strdup_printf (_("Imported “%s”, version %d"),
                               kz_rubric_get_title (rubric), kz_rubric_get_version (rubric));
  else
    /* Translators: a toast: rubric title and version */
    message = g_strdup_printf (_("“%s”, version %d, is already in the library"),
                               kz_rubric_get_title (rubric), kz_rubric_get_version (rubric));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));

  kz_rubric_library_reload (self->rubric_library);
  kz_rubric_view_set_rubric (self->rubric_view, rubric);
  show_page (self, "rubric");
}

void
kz_window_import_rubric_file (KzWindow *self,
                              GFile    *file)
{
  g_return_if_fail (KZ_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->store != NULL);

  if (self->n_imports++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);

  kz_rubric_import_async (self->store, file, self, self->cancellable, import_cb, NULL);
}

gboolean
kz_window_get_importing (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), FALSE);
  return self->n_imports > 0;
}

static void
on_chooser_response (KzWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        kz_window_import_rubric_file (self, file);
    }

  g_clear_object (&self->chooser);
}

static void
import_rubric_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KzWindow *self = KZ_WINDOW (widget);
  g_autoptr(GtkFileFilter) xml_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (xml_filter, _("Rubrics (*.xml)"));
  gtk_file_filter_add_pattern (xml_filter, "*.xml");
  gtk_file_filter_add_pattern (xml_filter, "*.XML");
  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");

  self->chooser = gtk_file_chooser_native_new (_("Import Rubric"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), xml_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), xml_filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

KzStore *
kz_window_get_store (KzWindow *self)
{
  g_return_val_if_fail (KZ_IS_WINDOW (self), NULL);
  return self->store;
}

static void
kz_window_constructed (GObject *object)
{
  KzWindow *self = KZ_WINDOW (object);

  G_OBJECT_CLASS (kz_window_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL);

  kz_person_picker_set_store (self->person_picker, self->store);
  kz_evaluations_page_set_store (self->evaluations_page, self->store);
  kz_evaluation_view_set_store (self->evaluation_view, self->store);
  kz_rubric_library_set_store (self->rubric_library, self->store);
  kz_rubric_view_set_store (self->rubric_view, self->store);

  /* Bound after the store is in, so the remembered person shows once the
   * people are loaded. */
  g_settings_bind (self->settings, "current-person", self->person_picker, "person-id",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
kz_window_dispose (GObject *object)
{
  KzWindow *self = KZ_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* The content is a template child: let the window drop it first, or both
   * would unparent it. */
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kz_window_parent_class)->dispose (object);
}

static void
kz_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KzWindow *self = KZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_IMPORTING:
      g_value_set_boolean (value, self->n_imports > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KzWindow *self = KZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_window_class_init (KzWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kz_window_constructed;
  object_class->dispose = kz_window_dispose;
  object_class->get_property = kz_window_get_property;
  object_class->set_property = kz_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KZ_TYPE_PERSON_PICKER);
  g_type_ensure (KZ_TYPE_EVALUATIONS_PAGE);
  g_type_ensure (KZ_TYPE_EVALUATION_VIEW);
  g_type_ensure (KZ_TYPE_RUBRIC_LIBRARY);
  g_type_ensure (KZ_TYPE_RUBRIC_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KzWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, evaluations_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, rubrics_row);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, person_picker);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, evaluations_page);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, evaluation_view);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, rubric_library);
  gtk_widget_class_bind_template_child (widget_class, KzWindow, rubric_view);
  gtk_widget_class_bind_template_callback (widget_class, on_navigation_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);

  gtk_widget_class_install_action (widget_class, "win.import-rubric", NULL, import_rubric_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import-rubric", NULL);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "evaluations");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "rubrics");

  gtk_widget_class_install_action (widget_class, "win.show-evaluation", "x", show_evaluation_action);
  gtk_widget_class_install_action (widget_class, "win.show-rubric", "(si)", show_rubric_action);
}

static void
kz_window_init (KzWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  gtk_list_box_select_row (self->sidebar_list, self->evaluations_row);
  gtk_stack_set_visible_child_name (self->content_stack, "evaluations");
  /* A window that starts narrow shows the content, not the page list. */
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  update_header (self);
}

KzWindow *
kz_window_new (GtkApplication *application,
               KzStore        *store)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  return g_object_new (KZ_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}
