/* main.c — kaizen, the desktop application
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kz-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KzApplication) app = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;

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
  return g_application_run (G_APPLICATION (app), argc, argv);
}
