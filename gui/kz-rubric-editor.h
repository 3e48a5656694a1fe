/* kz-rubric-editor.h — edit a rubric, see what it would change, save a version
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-rubric-draft.h"
#include "kz-store.h"
#include "kz-what-if.h"

G_BEGIN_DECLS

#define KZ_TYPE_RUBRIC_EDITOR (kz_rubric_editor_get_type ())
G_DECLARE_FINAL_TYPE (KzRubricEditor, kz_rubric_editor, KZ, RUBRIC_EDITOR, AdwWindow)

/* An editor of a draft of @rubric (a version read from @store), in its own
 * window over @parent.  KzRubricEditor::saved (KzRubric *stored) tells
 * when a new version was stored. */
KzRubricEditor *kz_rubric_editor_new              (GtkWindow       *parent,
                                                   KzStore         *store,
                                                   KzRubric        *rubric);
KzRubricDraft  *kz_rubric_editor_get_draft        (KzRubricEditor  *self);
/* The version "Save" would store: one above the newest stored (0 until the
 * versions are read). */
int             kz_rubric_editor_get_next_version (KzRubricEditor  *self);
/* TRUE while saving, exporting or re-scoring runs. */
gboolean        kz_rubric_editor_get_busy         (KzRubricEditor  *self);
/* The last What If, or NULL (none yet, or a new one running). */
const KzWhatIf *kz_rubric_editor_get_what_if      (KzRubricEditor  *self);

/* What selecting an item in the outline does (the same as clicking it). */
void            kz_rubric_editor_select           (KzRubricEditor  *self,
                                                   KzDraftItemKind  kind,
                                                   gpointer         item);
/* Writes the draft to @file, off the UI thread (what "Export XML…" does
 * with the file chosen); KzRubricEditor::exported (GFile*) or a message
 * dialog follows. */
void            kz_rubric_editor_export_to_file   (KzRubricEditor  *self,
                                                   GFile           *file);

/* "54.2 → 61.0", "5.0% → 2.5%", "—" for a side without a value: how the
 * What If numbers are shown. */
char           *kz_rubric_editor_format_change    (double           before,
                                                   double           after,
                                                   gboolean         percent);

G_END_DECLS
