/* kz-rubric-library.h — the list of rubrics and their versions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_RUBRIC_LIBRARY (kz_rubric_library_get_type ())
G_DECLARE_FINAL_TYPE (KzRubricLibrary, kz_rubric_library, KZ, RUBRIC_LIBRARY, AdwBin)

GtkWidget  *kz_rubric_library_new         (void);
KzStore    *kz_rubric_library_get_store   (KzRubricLibrary *self);
void        kz_rubric_library_set_store   (KzRubricLibrary *self,
                                           KzStore         *store);
void        kz_rubric_library_reload      (KzRubricLibrary *self);
gboolean    kz_rubric_library_get_loading (KzRubricLibrary *self);
guint       kz_rubric_library_get_n_rubrics (KzRubricLibrary *self);
/* The row showing @id at @version, or NULL. */
GtkListBoxRow *kz_rubric_library_find_row (KzRubricLibrary *self,
                                           const char      *id,
                                           int              version);

G_END_DECLS
