/* replay.c — feeds a fuzz corpus to a target without libFuzzer
 *
 * Usage: fuzz-email-replay DIR-OR-FILE…
 *
 * Linked with one target, built by any compiler, run by `meson test`: each
 * file is one GTest case handed to LLVMFuzzerTestOneInput(), whose own
 * assertions check the hostile-input promises.  A crash, a failed
 * assertion or (under --setup=valgrind/asan) a leak fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz.h"

/* The committed corpus stays small; libFuzzer runs with -max_len=65536. */
#define MAX_INPUT_BYTES (64 * 1024)

static void
replay_one (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, <=, MAX_INPUT_BYTES);
  /* A copy of exactly the file's size, so ASan and valgrind see any read
   * past the end. */
  {
    g_autofree guint8 *copy = g_memdup2 (contents, len);

    LLVMFuzzerTestOneInput (copy, len);
  }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_inputs (const char *arg,
            GPtrArray  *paths)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (!g_file_test (arg, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (paths, g_strdup (arg));
      return;
    }
  dir = g_dir_open (arg, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (arg, g_ptr_array_index (names, i), NULL));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("Usage: %s DIR-OR-FILE…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    add_inputs (argv[i], paths);

  prefix = g_path_get_basename (argv[0]);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *test_path = g_strdup_printf ("/%s/%s", prefix, base);

      g_test_add_data_func (test_path, path, replay_one);
    }
  rc = g_test_run ();
  return rc;
}
