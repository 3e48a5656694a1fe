/* kz-application.c — the Kaizen application
 *
 * One window per database.  `kaizen --database PATH` opens PATH (a file, or
 * a team server's postgresql:// URI); with no option the database-path
 * setting, and when that is empty the default file under the user's data
 * directory.  A file opens at once; a team server in a window that connects
 * off the UI thread (kz_window_new_for_location()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-application"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <glib/gi18n.h>

#include "kaizen-resources.h"
#include "kz-application.h"
#include "kz-preferences-window.h"

struct _KzApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (KzApplication, kz_application, ADW_TYPE_APPLICATION)

#define WINDOW_DATABASE_KEY "kz-database-path"

const char *
kz_application_get_window_database (KzWindow *window)
{
  g_return_val_if_fail (KZ_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), WINDOW_DATABASE_KEY);
}

static char *
resolve_database_path (KzApplication *self,
                       const char    *path)
{
  g_autofree char *setting = NULL;

  if (kz_store_location_is_server (path))
    return g_strdup (path);
  if (path != NULL && *path != '\0')
    return g_canonicalize_filename (path, NULL);

  setting = g_settings_get_string (self->settings, "database-path");
  if (kz_store_location_is_server (setting))
    return g_steal_pointer (&setting);
  if (setting != NULL && *setting != '\0')
    return g_canonicalize_filename (setting, NULL);

  return kz_store_default_location ();
}

/* ---- start-up probe (tests/bench/bench-startup.c) ---------------------------
 *
 * With KAIZEN_BENCH_FIRST_FRAME set, the first window's first painted frame
 * prints the monotonic clock (the benchmark read the same clock before it
 * started the process) and the resident memory; KAIZEN_BENCH_SETTLE_MS later
 * (default 3000: the pages have loaded in the background) the resident and
 * peak memory again; then the app quits. */

static long
status_kb (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) || (line = strstr (text, field)) == NULL)
    return -1;
  return strtol (line + strlen (field), NULL, 10);
}

static gboolean
bench_settled (gpointer user_data)
{
  g_print ("settled rss-kb %ld peak-kb %ld\n", status_kb ("VmRSS:"), status_kb ("VmHWM:"));
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
bench_after_paint (GdkFrameClock *clock,
                   GtkWidget     *window)
{
  const char *settle = g_getenv ("KAIZEN_BENCH_SETTLE_MS");

  g_print ("first-frame monotonic-us %" G_GINT64_FORMAT " rss-kb %ld\n", g_get_monotonic_time (),
           status_kb ("VmRSS:"));
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint, window);
  g_timeout_add (settle ? (guint) g_ascii_strtoull (settle, NULL, 10) : 3000, bench_settled,
                 gtk_window_get_application (GTK_WINDOW (window)));
}

static void
bench_on_map (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (bench_after_paint), window);
}

static void
bench_watch (KzWindow *window)
{
  if (g_getenv ("KAIZEN_BENCH_FIRST_FRAME") == NULL)
    return;
  g_signal_connect (window, "map", G_CALLBACK (bench_on_map), NULL);
}

KzWindow *
kz_application_open_database (KzApplication  *self,
                              const char     *path,
                              GError        **error)
{
  g_autofree char *resolved = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autofree char *directory = NULL;
  KzWindow *window;

  g_return_val_if_fail (KZ_IS_APPLICATION (self), NULL);

  resolved = resolve_database_path (self, path);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (KZ_IS_WINDOW (l->data) &&
          g_strcmp0 (kz_application_get_window_database (l->data), resolved) == 0)
        {
          gtk_window_present (l->data);
          return l->data;
        }
    }

  if (kz_store_location_is_server (resolved))
    {
      /* Connecting takes a while, or fails: the window shows either. */
      window = kz_window_new_for_location (GTK_APPLICATION (self), resolved);
      g_object_set_data_full (G_OBJECT (window), WINDOW_DATABASE_KEY, g_steal_pointer (&resolved), g_free);
      gtk_window_present (GTK_WINDOW (window));
      return window;
    }

  /* The default location's folder may not exist yet on a first run. */
  directory = g_path_get_dirname (resolved);
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, the second %s the system's reason */
                   _("Could not create the folder %s: %s"), directory, g_strerror (saved_errno));
      return NULL;
    }

  store = kz_store_open (resolved, error);
  if (store == NULL)
    return NULL;

  window = kz_window_new (GTK_APPLICATION (self), store);
  g_object_set_data_full (G_OBJECT (window), WINDOW_DATABASE_KEY, g_steal_pointer (&resolved), g_free);
  bench_watch (window);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
show_open_error (KzApplication *self,
                 const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   _("Could Not Open the Database"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kz_application_activate (GApplication *application)
{
  KzApplication *self = KZ_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (kz_application_open_database (self, NULL, &error) == NULL)
    show_open_error (self, error);
}

static int
kz_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  KzApplication *self = KZ_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *arg = NULL;

  if (g_variant_dict_lookup (options, "database", "^&ay", &arg) && arg != NULL && *arg != '\0')
    {
      if (kz_store_location_is_server (arg))
        path = g_strdup (arg);
      else
        {
          /* Relative to where the command ran, which may be another process. */
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, arg);

          path = g_file_get_path (file);
        }
      if (kz_application_open_database (self, path, &error) == NULL)
        {
          g_application_command_line_printerr (command_line, "kaizen: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  kz_application_activate (application);
  return 0;
}

static int
kz_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("kaizen %s\n", VERSION);
      return 0;
    }

  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KzApplication *self = user_data;
  const char *developers[] = { "The Kaizen developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application", self,
                        "application-icon", APP_ID,
                        "application-name", _("Kaizen"),
                        "developer-name", _("The Kaizen developers"),
                        "version", VERSION,
                        "comments", _("Score calls and emails against weighted rubrics, show agents their scores, and coach what the scores show."),
                        "website", "https://github.com/KaizenQA/Kaizen",
                        "issue-url", "https://github.com/KaizenQA/Kaizen/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2024 The Kaizen developers",
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KzApplication *self = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *in_use = NULL;
  GtkWidget *preferences;

  if (KZ_IS_WINDOW (active))
    in_use = kz_application_get_window_database (KZ_WINDOW (active));

  preferences = kz_preferences_window_new (active, in_use);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (active != NULL)
    gtk_widget_activate_action (GTK_WIDGET (active), "win.show-help-overlay", NULL);
}

static gboolean
color_scheme_from_setting (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  if (g_strcmp0 (nick, "light") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (nick, "dark") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);

  return TRUE;
}

/* A page of a window, from outside it: a notification's "Answer Now"
 * (app.show-page("pulse")).  The window last used comes up with it, or the
 * usual database's when there is none yet (a click on a notification after
 * the app was closed starts it). */
static void
show_page_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  KzApplication *self = user_data;
  GtkWindow *window = NULL;
  g_autoptr(GError) error = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && window == NULL; l = l->next)
    if (KZ_IS_WINDOW (l->data))
      window = l->data;
  if (window == NULL)
    window = GTK_WINDOW (kz_application_open_database (self, NULL, &error));
  if (window == NULL)
    {
      show_open_error (self, error);
      return;
    }
  gtk_window_present (window);
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-page", parameter);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "show-page", show_page_action, "s" },
  { "about", about_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
};

static void
kz_application_startup (GApplication *application)
{
  KzApplication *self = KZ_APPLICATION (application);
  const char *quit_accels[] = { "<primary>q", NULL };
  const char *preferences_accels[] = { "<primary>comma", NULL };
  const char *shortcuts_accels[] = { "<primary>question", NULL };
  const char *no_accels[] = { NULL };
  g_autoptr(GAction) color_scheme = NULL;

  /* The resources live in a static library: referencing them keeps the
   * linker from dropping them (and registers them, through their
   * constructor, before AdwApplication looks for style.css). */
  (void) kaizen_get_resource ();

  G_APPLICATION_CLASS (kz_application_parent_class)->startup (application);

  self->settings = g_settings_new (APP_ID);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET,
                                color_scheme_from_setting, NULL, NULL, NULL);
  color_scheme = g_settings_create_action (self->settings, "color-scheme");
  g_action_map_add_action (G_ACTION_MAP (self), color_scheme);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  /* GtkApplication gives win.show-help-overlay the same accelerator; one
   * owner is enough. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", no_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
}

static void
kz_application_dispose (GObject *object)
{
  KzApplication *self = KZ_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kz_application_parent_class)->dispose (object);
}

static void
kz_application_class_init (KzApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kz_application_dispose;
  app_class->startup = kz_application_startup;
  app_class->activate = kz_application_activate;
  app_class->command_line = kz_application_command_line;
  app_class->handle_local_options = kz_application_handle_local_options;
}

static void
kz_application_init (KzApplication *self)
{
  const GOptionEntry entries[] = {
    { "database", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the database file PATH, or the team server at a postgresql:// address, instead of the usual one"), N_("PATH") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Quality assurance for calls and emails."));
}

KzApplication *
kz_application_new (void)
{
  return g_object_new (KZ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/KaizenQA/Kaizen",
                       NULL);
}
