/* kz-rubric-draft.h — a rubric being edited
 *
 * A KzRubric never changes; a KzRubricDraft is its mutable copy: the
 * rubric's settings, its sections and criteria (added, removed, moved),
 * every field of each, and the scales (a shared one chosen by reference, or
 * the criterion's own inline one with its points).
 *
 * A draft is checked by the real loader: it writes itself as rubric XML
 * (kz-rubric-writer.h) and loads that, so it is held to exactly the checks
 * a rubric file is.  The loader's "FILE:LINE: what is wrong" comes back as a
 * KzDraftProblem naming the section, criterion, scale or point the line was
 * written for.
 *
 * Versions (scoring.md: "editing a rubric that has evaluations creates a
 * new version; old evaluations never change"): a draft is always stored as
 * a new version, one above the newest version stored, whether or not the
 * rubric has evaluations yet — the store refuses a version again with other
 * content, and a version is what evaluations and reports point at.
 *
 * The fields of the records below are for reading; change them through the
 * setters, which mark the draft changed (KzRubricDraft::changed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kz-rubric.h"
#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  double  value;
  char   *label;     /* "" on an ordinal scale: the value itself */
  char   *guidance;  /* NULL: none */
} KzDraftPoint;

typedef struct {
  char        *id;       /* a shared scale's id; NULL for a criterion's own */
  KzScaleKind  kind;
  GPtrArray   *points;   /* KzDraftPoint*, in the order written */
} KzDraftScale;

typedef struct _KzDraftSection KzDraftSection;

typedef struct {
  char            *id;
  char            *title;
  char            *guidance;
  double           weight;
  KzDraftScale    *scale;           /* a shared scale of the draft, or its own */
  KzNaPolicy       na_policy;
  double           na_value;        /* written with KZ_NA_FIXED */
  gboolean         required;
  KzCriticalLevel  critical;
  gboolean         has_fail_below;  /* written on a critical criterion */
  double           fail_below;
  GStrv            principles;      /* CX principle ids (never NULL) */
  GStrv            personas;        /* persona ids (never NULL) */
  KzDraftSection  *section;         /* back pointer */
  gboolean         has_target;      /* kept as loaded: the gap report's goal */
  double           target;
} KzDraftCriterion;

struct _KzDraftSection {
  char      *id;
  char      *title;
  char      *description;  /* NULL: none */
  double     weight;
  GPtrArray *criteria;     /* KzDraftCriterion* */
  GStrv      principles;   /* CX principle ids (never NULL) */
};

typedef enum {
  KZ_DRAFT_ITEM_RUBRIC,
  KZ_DRAFT_ITEM_SECTION,
  KZ_DRAFT_ITEM_CRITERION,
  KZ_DRAFT_ITEM_SCALE,      /* a shared scale (a criterion's own is the criterion's) */
} KzDraftItemKind;

/* What the loader found wrong with a draft, and where. */
typedef struct {
  KzDraftItemKind  kind;
  gpointer         item;         /* KzDraftSection*, KzDraftCriterion*, KzDraftScale*; NULL for the rubric */
  int              point;        /* index of the scale point it is about, -1: none */
  char            *where;        /* "Criterion “Greeting” in Opening" */
  char            *detail;       /* the loader's message, its line references made names */
  char            *message;      /* "where: detail" */
} KzDraftProblem;

void kz_draft_problem_free (KzDraftProblem *problem);

#define KZ_TYPE_RUBRIC_DRAFT (kz_rubric_draft_get_type ())
G_DECLARE_FINAL_TYPE (KzRubricDraft, kz_rubric_draft, KZ, RUBRIC_DRAFT, GObject)

/* A draft of @base's content (id and version included). */
KzRubricDraft  *kz_rubric_draft_new               (KzRubric        *base);
KzRubric       *kz_rubric_draft_get_base          (KzRubricDraft   *self);

/* TRUE when the draft, as the loader would read it, differs from the base
 * (changing a weight and back again is no change). */
gboolean        kz_rubric_draft_is_modified       (KzRubricDraft   *self);

/* The draft as rubric XML at @version (0: the draft's own). */
char           *kz_rubric_draft_to_xml            (KzRubricDraft   *self,
                                                   int              version);
/* NULL when the loader takes the draft; else the first thing it found
 * wrong (the loader stops at the first).  Transfer none: valid until the
 * draft changes. */
const KzDraftProblem *kz_rubric_draft_check       (KzRubricDraft   *self);
/* The draft as the rubric the loader makes of it, or NULL with the
 * problem's message (KZ_ERROR_INVALID_INPUT). */
KzRubric       *kz_rubric_draft_build             (KzRubricDraft   *self,
                                                   GError         **error);
/* Where the problem is, in words: "Rubric settings", "Section “Opening”",
 * "Criterion “Greeting” in Opening", "Scale “yes-no”". */
char           *kz_rubric_draft_describe_item     (KzRubricDraft   *self,
                                                   KzDraftItemKind  kind,
                                                   gpointer         item);

/* ---- the rubric's settings --------------------------------------------------- */

const char     *kz_rubric_draft_get_id            (KzRubricDraft   *self);
int             kz_rubric_draft_get_version       (KzRubricDraft   *self);
const char     *kz_rubric_draft_get_title         (KzRubricDraft   *self);
const char     *kz_rubric_draft_get_description   (KzRubricDraft   *self);
double          kz_rubric_draft_get_pass_mark     (KzRubricDraft   *self);
int             kz_rubric_draft_get_dispute_days  (KzRubricDraft   *self);
void            kz_rubric_draft_set_title         (KzRubricDraft   *self,
                                                   const char      *title);
/* NULL or "": no description. */
void            kz_rubric_draft_set_description   (KzRubricDraft   *self,
                                                   const char      *description);
void            kz_rubric_draft_set_pass_mark     (KzRubricDraft   *self,
                                                   double           pass_mark);
void            kz_rubric_draft_set_dispute_days  (KzRubricDraft   *self,
                                                   int              days);

/* ---- sections -------------------------------------------------------------- */

GPtrArray      *kz_rubric_draft_get_sections      (KzRubricDraft   *self);  /* KzDraftSection*, transfer none */
/* A new section at @position (-1: the end) with a new id, weight 1 and one
 * new criterion (a section must have one). */
KzDraftSection *kz_rubric_draft_add_section       (KzRubricDraft   *self,
                                                   int              position);
void            kz_rubric_draft_remove_section    (KzRubricDraft   *self,
                                                   KzDraftSection  *section);
/* Moves @section up (@delta < 0) or down; FALSE when it is already first
 * (last). */
gboolean        kz_rubric_draft_move_section      (KzRubricDraft   *self,
                                                   KzDraftSection  *section,
                                                   int              delta);
int             kz_rubric_draft_get_section_index (KzRubricDraft   *self,
                                                   KzDraftSection  *section);
void            kz_rubric_draft_set_section_id    (KzRubricDraft   *self,
                                                   KzDraftSection  *section,
                                                   const char      *id);
void            kz_rubric_draft_set_section_title (KzRubricDraft   *self,
                                                   KzDraftSection  *section,
                                                   const char      *title);
void            kz_rubric_draft_set_section_description (KzRubricDraft  *self,
                                                   KzDraftSection  *section,
                                                   const char      *description);
void            kz_rubric_draft_set_section_weight (KzRubricDraft  *self,
                                                   KzDraftSection  *section,
                                                   double           weight);

/* ---- criteria -------------------------------------------------------------- */

/* A new criterion in @section at @position (-1: the end): a new id, weight
 * 1, required, N/A excluded, not critical, on the first shared scale (or a
 * Yes/No scale of its own when there is none). */
KzDraftCriterion *kz_rubric_draft_add_criterion   (KzRubricDraft    *self,
                                                   KzDraftSection   *section,
                                                   int               position);
void            kz_rubric_draft_remove_criterion  (KzRubricDraft    *self,
                                                   KzDraftCriterion *criterion);
/* One place up or down; past the first (last) criterion of a section it
 * goes to the end (start) of the section before (after).  FALSE when it is
 * already the rubric's first (last). */
gboolean        kz_rubric_draft_move_criterion    (KzRubricDraft    *self,
                                                   KzDraftCriterion *criterion,
                                                   int               delta);
KzDraftCriterion *kz_rubric_draft_find_criterion  (KzRubricDraft    *self,
                                                   const char       *id);
void            kz_rubric_draft_set_criterion_id  (KzRubricDraft    *self,
                                                   KzDraftCriterion *criterion,
                                                   const char       *id);
void            kz_rubric_draft_set_criterion_title (KzRubricDraft  *self,
                                                   KzDraftCriterion *criterion,
                                                   const char       *title);
void            kz_rubric_draft_set_criterion_guidance (KzRubricDraft *self,
                                                   KzDraftCriterion *criterion,
                                                   const char       *guidance);
/* The CX principles (and personas) linked, by id (kz-cx.h); NULL: none.
 * The loader checks them as it checks a file's principles="…". */
void            kz_rubric_draft_set_section_principles (KzRubricDraft *self,
                                                   KzDraftSection   *section,
                                                   const char * const *principles);
void            kz_rubric_draft_set_criterion_links (KzRubricDraft *self,
                                                   KzDraftCriterion *criterion,
                                                   const char * const *principles,
                                                   const char * const *personas);
void            kz_rubric_draft_set_criterion_weight (KzRubricDraft *self,
                                                   KzDraftCriterion *criterion,
                                                   double            weight);
void            kz_rubric_draft_set_criterion_required (KzRubricDraft *self,
                                                   KzDraftCriterion *criterion,
                                                   gboolean          required);
void            kz_rubric_draft_set_criterion_na  (KzRubricDraft    *self,
                                                   KzDraftCriterion *criterion,
                                                   KzNaPolicy        policy,
                                                   double            na_value);
void            kz_rubric_draft_set_criterion_critical (KzRubricDraft *self,
                                                   KzDraftCriterion *criterion,
                                                   KzCriticalLevel   level,
                                                   gboolean          has_fail_below,
                                                   double            fail_below);

/* ---- scales ---------------------------------------------------------------- */

GPtrArray      *kz_rubric_draft_get_shared_scales (KzRubricDraft    *self);  /* KzDraftScale*, transfer none */
/* How many criteria use @scale. */
guint           kz_rubric_draft_count_scale_users (KzRubricDraft    *self,
                                                   KzDraftScale     *scale);
/* @criterion uses the shared @scale (its own scale, if it had one, goes). */
void            kz_rubric_draft_use_shared_scale  (KzRubricDraft    *self,
                                                   KzDraftCriterion *criterion,
                                                   KzDraftScale     *scale);
/* @criterion gets a scale of its own, a copy of the one it uses now. */
void            kz_rubric_draft_use_own_scale     (KzRubricDraft    *self,
                                                   KzDraftCriterion *criterion);
void            kz_rubric_draft_set_scale_kind    (KzRubricDraft    *self,
                                                   KzDraftScale     *scale,
                                                   KzScaleKind       kind);
/* A point after the last, one above its value. */
KzDraftPoint   *kz_rubric_draft_add_point         (KzRubricDraft    *self,
                                                   KzDraftScale     *scale);
void            kz_rubric_draft_remove_point      (KzRubricDraft    *self,
                                                   KzDraftScale     *scale,
                                                   guint             index);
void            kz_rubric_draft_set_point         (KzRubricDraft    *self,
                                                   KzDraftScale     *scale,
                                                   guint             index,
                                                   double            value,
                                                   const char       *label,
                                                   const char       *guidance);

/* ---- storing ---------------------------------------------------------------- */

/* Stores @edited (a rubric built from a draft) as the next version of its
 * rubric id: one above the newest version the store holds (1 when it holds
 * none), never over a version already there.  When someone else stores
 * that version first (a team server), the next one is tried.  Returns the
 * rubric as stored.  Blocking: the GUI runs it in a store job. */
KzRubric       *kz_rubric_store_new_version       (KzStore          *store,
                                                   KzRubric         *edited,
                                                   GError          **error);
/* The newest version @store holds of @rubric_id, 0 when none, -1 with
 * @error on failure. */
int             kz_rubric_store_latest_version    (KzStore          *store,
                                                   const char       *rubric_id,
                                                   GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzDraftProblem, kz_draft_problem_free)

G_END_DECLS
