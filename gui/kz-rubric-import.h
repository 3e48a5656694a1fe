/* kz-rubric-import.h — load a rubric file and store it, off the UI thread
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "kz-store.h"

G_BEGIN_DECLS

void      kz_rubric_import_async  (KzStore              *store,
                                   GFile                *file,
                                   gpointer              source_object,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* Returns the stored rubric (transfer full) and whether it was new; NULL with
 * @error ("FILE:LINE: what is wrong" for a bad file) otherwise. */
KzRubric *kz_rubric_import_finish (GAsyncResult         *result,
                                   gboolean             *added,
                                   GError              **error);

G_END_DECLS
