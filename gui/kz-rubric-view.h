/* kz-rubric-view.h — one rubric version, read-only
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "kz-rubric.h"
#include "kz-rubric-editor.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_RUBRIC_VIEW (kz_rubric_view_get_type ())
G_DECLARE_FINAL_TYPE (KzRubricView, kz_rubric_view, KZ, RUBRIC_VIEW, AdwBin)

GtkWidget *kz_rubric_view_new         (void);
void       kz_rubric_view_set_store   (KzRubricView *self,
                                       KzStore      *store);
/* Loads @id at @version (0: latest) from the store, off the UI thread. */
void       kz_rubric_view_load        (KzRubricView *self,
                                       const char   *id,
                                       int           version);
/* Shows @rubric directly. */
void       kz_rubric_view_set_rubric  (KzRubricView *self,
                                       KzRubric     *rubric);
KzRubric  *kz_rubric_view_get_rubric  (KzRubricView *self);
gboolean   kz_rubric_view_get_loading (KzRubricView *self);
/* Reads the CX principles' titles and personas' names again, off the UI
 * thread, and shows them. */
void       kz_rubric_view_reload_library (KzRubricView *self);
/* The editor opened from this page (rubric.edit), or NULL. */
KzRubricEditor *kz_rubric_view_get_editor (KzRubricView *self);

G_END_DECLS
