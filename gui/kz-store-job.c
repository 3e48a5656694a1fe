/* kz-store-job.c — run store work off the UI thread
 *
 * The GUI never blocks its main loop on the database: every read and write
 * goes through here, on a GTask worker thread.  KzStore serialises calls
 * from several threads itself (kz-store.h), so jobs need no lock of their
 * own; a job whose result is no longer wanted is cancelled by its widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-store-job"

#include <string.h>

#include "kz-store-job.h"
#include "kz-workers.h"

typedef struct {
  KzStore        *store;
  KzStoreJobFunc  func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Job;

static void
job_free (gpointer p)
{
  Job *job = p;

  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_clear_object (&job->store);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  result = job->func (job->store, job->data, cancellable, &error);

  if (error != NULL)
    {
      if (result != NULL && job->result_free != NULL)
        job->result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, result, job->result_free);
}

void
kz_store_job_run_async (KzStore             *store,
                        gpointer             source_object,
                        KzStoreJobFunc       func,
                        gpointer             data,
                        GDestroyNotify       data_free,
                        GDestroyNotify       result_free,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (KZ_IS_STORE (store));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->store = g_object_ref (store);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, kz_store_job_run_async);
  g_task_set_task_data (task, job, job_free);
  kz_workers_run_in_thread (task, job_thread);
}

gpointer
kz_store_job_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *location;
  char *password;
} OpenJob;

static void
open_job_free (gpointer p)
{
  OpenJob *job = p;

  g_free (job->location);
  if (job->password != NULL)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autoptr(GError) error = NULL;
  KzStore *store;

  /* The store attaches its change listener to the thread-default main
   * context of the thread that opens it.  A GTask worker has none, which
   * means the global default one: the main loop's, where the signal must
   * arrive.  (Pushing the default context here instead would try to
   * acquire it while the main thread owns it.) */
  g_assert (g_main_context_get_thread_default () == NULL);

  if (g_task_return_error_if_cancelled (task))
    return;

  store = kz_store_open_with_password (job->location, job->password, &error);
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
kz_store_job_open_async (const char          *location,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenJob *job;

  job = g_new0 (OpenJob, 1);
  job->location = g_strdup (location);
  job->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kz_store_job_open_async);
  g_task_set_task_data (task, job, open_job_free);
  kz_workers_run_in_thread (task, open_thread);
}

KzStore *
kz_store_job_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
