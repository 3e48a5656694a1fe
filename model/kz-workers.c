/* kz-workers.c — work on worker threads, counted (kz-workers.h says why)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kz-workers.h"

static GMutex lock;
static GCond  idle;
static guint  running;

static GQuark
func_quark (void)
{
  static gsize once;
  static GQuark quark;

  if (g_once_init_enter (&once))
    {
      quark = g_quark_from_static_string ("kz-workers-func");
      g_once_init_leave (&once, 1);
    }
  return quark;
}

static void
worker_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GTaskThreadFunc func = g_object_get_qdata (G_OBJECT (task), func_quark ());

  func (task, source_object, task_data, cancellable);

  g_mutex_lock (&lock);
  if (--running == 0)
    g_cond_broadcast (&idle);
  g_mutex_unlock (&lock);
}

void
kz_workers_run_in_thread (GTask           *task,
                          GTaskThreadFunc  func)
{
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  g_mutex_lock (&lock);
  running++;
  g_mutex_unlock (&lock);
  g_object_set_qdata (G_OBJECT (task), func_quark (), func);
  g_task_run_in_thread (task, worker_thread);
}

guint
kz_workers_running (void)
{
  guint n;

  g_mutex_lock (&lock);
  n = running;
  g_mutex_unlock (&lock);
  return n;
}

gboolean
kz_workers_wait_idle (guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean none;

  g_mutex_lock (&lock);
  while (running > 0 && g_cond_wait_until (&idle, &lock, end))
    ;
  none = running == 0;
  g_mutex_unlock (&lock);
  return none;
}
