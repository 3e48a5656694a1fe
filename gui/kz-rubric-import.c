/* kz-rubric-import.c — load a rubric file and store it, off the UI thread
 *
 * Parsing and storing are the model's (kz_rubric_load_file,
 * kz_store_add_rubric); this only moves them off the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric-import"

#include "config.h"

#include "kz-rubric-import.h"
#include "kz-store-job.h"

typedef struct {
  KzRubric *rubric;
  gboolean  added;
} ImportResult;

static void
import_result_free (gpointer p)
{
  ImportResult *result = p;

  g_clear_pointer (&result->rubric, kz_rubric_unref);
  g_free (result);
}

static gpointer
import_rubric (KzStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  GFile *file = data;
  g_autoptr(KzRubric) rubric = NULL;
  g_autofree char *path = g_file_get_path (file);
  ImportResult *result;
  gboolean added = FALSE;

  if (path != NULL)
    rubric = kz_rubric_load_file (path, error);
  else
    {
      /* Not a local file (a remote location from the file chooser): read it
       * through GIO and name it by its URI in messages. */
      g_autofree char *contents = NULL;
      g_autofree char *name = g_file_get_parse_name (file);
      gsize length = 0;

      if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
        return NULL;
      rubric = kz_rubric_load_data (contents, length, name, error);
    }

  if (rubric == NULL)
    return NULL;

  if (!kz_store_add_rubric (store, rubric, &added, error))
    return NULL;

  result = g_new0 (ImportResult, 1);
  result->rubric = g_steal_pointer (&rubric);
  result->added = added;
  return result;
}

void
kz_rubric_import_async (KzStore             *store,
                        GFile               *file,
                        gpointer             source_object,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KZ_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  kz_store_job_run_async (store, source_object, import_rubric,
                          g_object_ref (file), g_object_unref,
                          import_result_free, cancellable, callback, user_data);
}

KzRubric *
kz_rubric_import_finish (GAsyncResult  *result,
                         gboolean      *added,
                         GError       **error)
{
  ImportResult *import;
  KzRubric *rubric;

  import = kz_store_job_finish (result, error);
  if (import == NULL)
    return NULL;

  if (added != NULL)
    *added = import->added;
  rubric = g_steal_pointer (&import->rubric);
  import_result_free (import);
  return rubric;
}
