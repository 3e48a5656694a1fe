/* test-workers.c — counted worker threads (kz-workers.h): a process can wait
 * until none is left before it exits.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kz-workers.h"

typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean open;      /* the gate a blocked worker waits at */
  guint    finished;  /* workers whose function has returned (set at its very end) */
} Gate;

static void
blocked_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->lock);
  gate->finished++;
  g_mutex_unlock (&gate->lock);
  g_task_return_boolean (task, TRUE);
}

static void
sleepy_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Gate *gate = data;

  g_usleep (20000);
  g_mutex_lock (&gate->lock);
  gate->finished++;
  g_mutex_unlock (&gate->lock);
  g_task_return_boolean (task, TRUE);
}

static guint
finished (Gate *gate)
{
  guint n;

  g_mutex_lock (&gate->lock);
  n = gate->finished;
  g_mutex_unlock (&gate->lock);
  return n;
}

static void
start (Gate *gate, GTaskThreadFunc func)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, gate, NULL);
  kz_workers_run_in_thread (task, func);
}

static void
test_wait_idle (void)
{
  Gate gate = { .open = FALSE, .finished = 0 };
  gint64 t0;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);

  g_assert_cmpuint (kz_workers_running (), ==, 0);
  g_assert_true (kz_workers_wait_idle (0));

  /* One worker held at the gate: counted, and waiting for it times out. */
  start (&gate, blocked_thread);
  g_assert_cmpuint (kz_workers_running (), ==, 1);
  t0 = g_get_monotonic_time ();
  g_assert_false (kz_workers_wait_idle (100));
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 100 * 1000);
  g_assert_cmpuint (finished (&gate), ==, 0);

  /* Let it go: the wait returns only once its function has returned. */
  g_mutex_lock (&gate.lock);
  gate.open = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
  g_assert_true (kz_workers_wait_idle (5000));
  g_assert_cmpuint (finished (&gate), ==, 1);
  g_assert_cmpuint (kz_workers_running (), ==, 0);

  /* Many at once, more than the pool runs together: all of them. */
  for (guint i = 0; i < 40; i++)
    start (&gate, sleepy_thread);
  g_assert_cmpuint (kz_workers_running (), >, 0);
  g_assert_true (kz_workers_wait_idle (20000));
  g_assert_cmpuint (finished (&gate), ==, 41);
  g_assert_cmpuint (kz_workers_running (), ==, 0);

  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/workers/wait-idle", test_wait_idle);
  return g_test_run ();
}
