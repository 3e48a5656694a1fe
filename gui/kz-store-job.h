/* kz-store-job.h — run store work off the UI thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "kz-store.h"

G_BEGIN_DECLS

/* Runs in a worker thread with the store to itself.  Returns the result
 * (freed with the @result_free given to kz_store_job_run_async() if nobody
 * takes it), or NULL with @error set. */
typedef gpointer (*KzStoreJobFunc) (KzStore       *store,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error);

void     kz_store_job_run_async (KzStore             *store,
                                 gpointer             source_object,
                                 KzStoreJobFunc       func,
                                 gpointer             data,
                                 GDestroyNotify       data_free,
                                 GDestroyNotify       result_free,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* Transfer full: the caller frees the result. */
gpointer kz_store_job_finish    (GAsyncResult        *result,
                                 GError             **error);

/* kz_store_open_with_password() on a worker thread: a team server is
 * reached over the network.  The store's change notifications
 * (KzStore::changed) arrive on the main context. */
void     kz_store_job_open_async  (const char          *location,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
KzStore *kz_store_job_open_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
