/* main.c — kaizen, the desktop application
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kz-application.h"
#include "kz-workers.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KzApplication) app = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Without its schema GSettings aborts; say what is missing instead. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr (_("kaizen: the settings schema %s is not installed (when running from the build "
                    "folder, set GSETTINGS_SCHEMA_DIR to its data folder)\n"), APP_ID);
      return 1;
    }

  app = kz_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* A page may still be reading when its window closes: exit() must not
   * pull libpq and OpenSSL away from under it (kz-workers.h).  A server that
   * no longer answers does not hold the quit up for long. */
  if (!kz_workers_wait_idle (5000))
    g_warning ("%u database reads still running at exit", kz_workers_running ());
  return status;
}
