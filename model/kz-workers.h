/* kz-workers.h — work on worker threads, counted so a process can wait for it
 *
 * Every GTask that touches the database runs through
 * kz_workers_run_in_thread(), and the program waits with
 * kz_workers_wait_idle() before it exits: exit() runs libpq's and
 * OpenSSL's cleanup, and a worker still inside a query then (a page that
 * was loading when the window closed) crashes the process on its way out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* g_task_run_in_thread(), counted from now until @func returns. */
void     kz_workers_run_in_thread (GTask           *task,
                                   GTaskThreadFunc  func);

/* How many are queued or running. */
guint    kz_workers_running       (void);

/* Waits until none is queued or running, at most @timeout_ms; TRUE if
 * none is. */
gboolean kz_workers_wait_idle     (guint            timeout_ms);

G_END_DECLS
