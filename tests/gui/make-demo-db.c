/* make-demo-db.c — a demo database for the end-to-end test and screenshots
 *
 * make-demo-db PATH [SEED]: creates PATH (which must not exist) and fills it
 * with kz_demo_fill().  The model's code, not the CLI's, so the GUI tests do
 * not depend on kaizenctl.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "kz-demo.h"
#include "kz-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KzDemoCounts counts = { 0 };
  guint32 seed = 42;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("usage: %s PATH [SEED]\n", argv[0]);
      return 2;
    }
  if (argc == 3)
    seed = (guint32) strtoul (argv[2], NULL, 10);

  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_printerr ("%s: %s already exists\n", argv[0], argv[1]);
      return 1;
    }

  store = kz_store_open (argv[1], &error);
  if (store == NULL || !kz_demo_fill (store, kz_demo_rubrics_dir (), seed, &counts, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  g_print ("%u people, %u rubrics, %u evaluations\n",
           counts.n_people, counts.n_rubrics, counts.n_evaluations);
  return 0;
}
