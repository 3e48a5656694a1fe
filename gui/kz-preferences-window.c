/* kz-preferences-window.c — appearance and database location
 *
 * The colour scheme rows drive app.color-scheme, the GSettings action of the
 * color-scheme key, so the setting is the one source of truth.  The database
 * location is only read at start-up: changing it here says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-preferences-window.h"
#include "kz-store.h"

struct _KzPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  char                 *database_in_use;

  AdwActionRow         *in_use_row;
  AdwActionRow         *next_row;
};

G_DEFINE_FINAL_TYPE (KzPreferencesWindow, kz_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE_IN_USE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_database_rows (KzPreferencesWindow *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "database-path");
  g_autofree char *default_location = kz_store_default_location ();
  g_autofree char *next = NULL;
  gboolean is_default = setting == NULL || *setting == '\0';

  adw_action_row_set_subtitle (self->in_use_row,
                               self->database_in_use != NULL ? self->database_in_use : _("Unknown"));

  if (is_default)
    /* Translators: %s is a file path */
    next = g_strdup_printf (_("Default location: %s"), default_location);
  else
    next = g_strdup (setting);
  adw_action_row_set_subtitle (self->next_row, next);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.reset-database", !is_default);
}

static void
on_chooser_response (KzPreferencesWindow  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "database-path", path);
    }

  g_clear_object (&self->chooser);
}

static void
choose_database_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (widget);
  g_autoptr(GtkFileFilter) db_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (db_filter, _("Kaizen Databases (*.db)"));
  gtk_file_filter_add_pattern (db_filter, "*.db");
  gtk_file_filter_add_pattern (db_filter, "*.sqlite");
  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose a Database"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Use"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), db_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_database_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, "database-path");
}

static void
kz_preferences_window_constructed (GObject *object)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (kz_preferences_window_parent_class)->constructed (object);

  update_database_rows (self);
}

static void
kz_preferences_window_dispose (GObject *object)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (kz_preferences_window_parent_class)->dispose (object);
}

static void
kz_preferences_window_finalize (GObject *object)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (object);

  g_free (self->database_in_use);

  G_OBJECT_CLASS (kz_preferences_window_parent_class)->finalize (object);
}

static void
kz_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_IN_USE:
      g_value_set_string (value, self->database_in_use);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_IN_USE:
      g_free (self->database_in_use);
      self->database_in_use = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_preferences_window_class_init (KzPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kz_preferences_window_constructed;
  object_class->dispose = kz_preferences_window_dispose;
  object_class->finalize = kz_preferences_window_finalize;
  object_class->get_property = kz_preferences_window_get_property;
  object_class->set_property = kz_preferences_window_set_property;

  properties[PROP_DATABASE_IN_USE] =
    g_param_spec_string ("database-in-use", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, in_use_row);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, next_row);

  gtk_widget_class_install_action (widget_class, "preferences.choose-database", NULL, choose_database_action);
  gtk_widget_class_install_action (widget_class, "preferences.reset-database", NULL, reset_database_action);
}

static void
kz_preferences_window_init (KzPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::database-path",
                           G_CALLBACK (update_database_rows), self, G_CONNECT_SWAPPED);
}

GtkWidget *
kz_preferences_window_new (GtkWindow  *parent,
                           const char *database_in_use)
{
  return g_object_new (KZ_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "database-in-use", database_in_use,
                       NULL);
}
