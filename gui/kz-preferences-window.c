/* kz-preferences-window.c — appearance, database location, team server
 *
 * The colour scheme rows drive app.color-scheme, the GSettings action of the
 * color-scheme key, so the setting is the one source of truth.  The database
 * location is only read at start-up: changing it here says so.
 *
 * Team server: Connect tries the address and password off the UI thread;
 * only when the server lets the login in is the password put in the keyring
 * and the address (a URI without the password) in database-path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-keyring.h"
#include "kz-preferences-window.h"
#include "kz-store.h"
#include "kz-store-job.h"

struct _KzPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  char                 *database_in_use;

  AdwActionRow         *in_use_row;
  AdwActionRow         *next_row;

  /* Team server */
  GCancellable         *connect_cancellable;
  gboolean              connecting;
  char                 *connect_uri;
  char                 *connect_password;
  char                 *connect_description;
  AdwEntryRow          *host_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *dbname_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  GtkLabel             *server_status_label;
  GtkSpinner           *server_spinner;
};

G_DEFINE_FINAL_TYPE (KzPreferencesWindow, kz_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE_IN_USE,
  PROP_CONNECTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A server URI, as a person reads it. */
static char *
describe_location (const char *location)
{
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;
  guint port = 0;

  if (!kz_store_parse_server_uri (location, &host, &port, &dbname, &user))
    return g_strdup (location);

  if (port > 0)
    {
      char *with_port = g_strdup_printf ("%s:%u", host, port);

      g_free (host);
      host = with_port;
    }
  if (user != NULL)
    /* Translators: database, server address, login name */
    return g_strdup_printf (_("Team server: database %s on %s, as %s"), dbname, host, user);
  /* Translators: database, server address */
  return g_strdup_printf (_("Team server: database %s on %s"), dbname, host);
}

static void
update_database_rows (KzPreferencesWindow *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "database-path");
  g_autofree char *default_location = kz_store_default_location ();
  g_autofree char *next = NULL;
  gboolean is_default = setting == NULL || *setting == '\0';

  g_autofree char *in_use = self->database_in_use != NULL ? describe_location (self->database_in_use) : NULL;

  adw_action_row_set_subtitle (self->in_use_row, in_use != NULL ? in_use : _("Unknown"));

  if (is_default)
    /* Translators: %s is a file path */
    next = g_strdup_printf (_("Default location: %s"), default_location);
  else
    next = describe_location (setting);
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

/* ---- team server ------------------------------------------------------ */

typedef enum {
  STATUS_NONE,
  STATUS_OK,
  STATUS_ERROR,
} StatusKind;

static void
set_server_status (KzPreferencesWindow *self,
                   StatusKind           kind,
                   const char          *text)
{
  gtk_label_set_text (self->server_status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_status_label), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_status_label), "success");
  if (kind == STATUS_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->server_status_label), "error");
  else if (kind == STATUS_OK)
    gtk_widget_add_css_class (GTK_WIDGET (self->server_status_label), "success");
}

const char *
kz_preferences_window_get_server_status (KzPreferencesWindow *self)
{
  g_return_val_if_fail (KZ_IS_PREFERENCES_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->server_status_label)))
    return NULL;
  return gtk_label_get_text (self->server_status_label);
}

gboolean
kz_preferences_window_get_connecting (KzPreferencesWindow *self)
{
  g_return_val_if_fail (KZ_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->connecting;
}

static void
set_connecting (KzPreferencesWindow *self,
                gboolean             connecting)
{
  if (self->connecting == connecting)
    return;

  self->connecting = connecting;
  gtk_widget_set_visible (GTK_WIDGET (self->server_spinner), connecting);
  gtk_spinner_set_spinning (self->server_spinner, connecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.connect-server", !connecting);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTING]);
}

static void
forget_attempt (KzPreferencesWindow *self)
{
  g_clear_pointer (&self->connect_uri, g_free);
  if (self->connect_password != NULL)
    memset (self->connect_password, 0, strlen (self->connect_password));
  g_clear_pointer (&self->connect_password, g_free);
  g_clear_pointer (&self->connect_description, g_free);
}

/* The last step: the server took the login; use it from the next start. */
static void
use_server (KzPreferencesWindow *self,
            const char          *keyring_problem)
{
  g_autofree char *message = NULL;

  g_settings_set_string (self->settings, "database-path", self->connect_uri);

  if (keyring_problem != NULL)
    /* Translators: the first %s says which server and login, the second is
     * the keyring's reason */
    message = g_strdup_printf (_("Connected: %s. Kaizen will use this team server the next time it "
                                 "starts. The password could not be kept (%s): Kaizen will ask for it."),
                               self->connect_description, keyring_problem);
  else
    /* Translators: %s says which server and login */
    message = g_strdup_printf (_("Connected: %s. Kaizen will use this team server the next time it starts."),
                               self->connect_description);

  set_server_status (self, STATUS_OK, message);
  set_connecting (self, FALSE);
  forget_attempt (self);
}

static void
keyring_store_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KzPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kz_keyring_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      use_server (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  use_server (self, NULL);
}

static void
test_open_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KzPreferencesWindow) self = user_data;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = kz_store_job_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    {
      set_server_status (self, STATUS_ERROR, error->message);
      set_connecting (self, FALSE);
      forget_attempt (self);
      return;
    }

  self->connect_description = g_strdup (kz_store_describe (store));

  /* No password typed: one the keyring had, or none needed. */
  if (self->connect_password == NULL)
    {
      use_server (self, NULL);
      return;
    }

  kz_keyring_store_async (self->connect_uri, self->connect_password, self->connect_cancellable,
                          keyring_store_cb, g_object_ref (self));
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KzPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = kz_keyring_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("%s", error->message);

  kz_store_job_open_async (self->connect_uri, password, self->connect_cancellable,
                           test_open_cb, g_object_ref (self));
  if (password != NULL)
    memset (password, 0, strlen (password));
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
connect_server_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (widget);
  g_autofree char *host = row_text (self->host_row);
  g_autofree char *port_text = row_text (self->port_row);
  g_autofree char *dbname = row_text (self->dbname_row);
  g_autofree char *user = row_text (self->user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  guint64 port = 0;

  if (self->connecting)
    return;

  if (*host == '\0')
    {
      set_server_status (self, STATUS_ERROR, _("Enter the server’s address."));
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return;
    }
  if (*port_text != '\0' &&
      (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      set_server_status (self, STATUS_ERROR, _("The port is a number from 1 to 65535, or empty for the usual one."));
      gtk_widget_grab_focus (GTK_WIDGET (self->port_row));
      return;
    }
  if (*dbname == '\0')
    {
      set_server_status (self, STATUS_ERROR, _("Enter the name of the database."));
      gtk_widget_grab_focus (GTK_WIDGET (self->dbname_row));
      return;
    }

  forget_attempt (self);
  self->connect_uri = kz_store_build_server_uri (host, (guint) port, dbname, *user != '\0' ? user : NULL);
  self->connect_password = *password != '\0' ? g_strdup (password) : NULL;

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();

  set_server_status (self, STATUS_NONE, _("Connecting…"));
  set_connecting (self, TRUE);

  if (self->connect_password != NULL)
    kz_store_job_open_async (self->connect_uri, self->connect_password, self->connect_cancellable,
                             test_open_cb, g_object_ref (self));
  else
    kz_keyring_lookup_async (self->connect_uri, self->connect_cancellable, lookup_cb, g_object_ref (self));
}

/* Enter in the password connects. */
static void
on_password_activated (KzPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "preferences.connect-server", NULL);
}

/* The form shows the server in use, if it is one. */
static void
fill_server_rows (KzPreferencesWindow *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "database-path");
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;
  g_autofree char *port_text = NULL;
  guint port = 0;

  if (!kz_store_parse_server_uri (setting, &host, &port, &dbname, &user))
    return;

  port_text = port > 0 ? g_strdup_printf ("%u", port) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host != NULL ? host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port_text);
  gtk_editable_set_text (GTK_EDITABLE (self->dbname_row), dbname != NULL ? dbname : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
}

static void
kz_preferences_window_constructed (GObject *object)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (kz_preferences_window_parent_class)->constructed (object);

  update_database_rows (self);
  fill_server_rows (self);
}

static void
kz_preferences_window_dispose (GObject *object)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (kz_preferences_window_parent_class)->dispose (object);
}

static void
kz_preferences_window_finalize (GObject *object)
{
  KzPreferencesWindow *self = KZ_PREFERENCES_WINDOW (object);

  g_free (self->database_in_use);
  forget_attempt (self);

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
    case PROP_CONNECTING:
      g_value_set_boolean (value, self->connecting);
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
  forget_attempt (self);
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
  properties[PROP_CONNECTING] =
    g_param_spec_boolean ("connecting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, in_use_row);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, next_row);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, port_row);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, dbname_row);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, server_status_label);
  gtk_widget_class_bind_template_child (widget_class, KzPreferencesWindow, server_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated);

  gtk_widget_class_install_action (widget_class, "preferences.choose-database", NULL, choose_database_action);
  gtk_widget_class_install_action (widget_class, "preferences.reset-database", NULL, reset_database_action);
  gtk_widget_class_install_action (widget_class, "preferences.connect-server", NULL, connect_server_action);
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
