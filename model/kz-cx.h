/* kz-cx.h — the organisation's CX principles and personas
 *
 * A CX principle is a short guiding statement of how the organisation
 * wants customers to be treated ("Own the problem", "Make it effortless").
 * A persona is a customer the organisation has in mind: who they are, what
 * they want, how they like to get in touch and how much technology they
 * are comfortable with.  Both live in the store (kz_store_save_principles(),
 * kz_store_save_personas()); rubrics link to them by id in the file itself
 * (principles="…" on a section or criterion, personas="…" on a criterion:
 * rubrics/kaizen-rubric.rng), so a rubric version's links are as fixed as
 * the rest of it, and travel with it.
 *
 * A principle's score (kz_principle_scores_compute()): over the submitted
 * evaluations asked for (calibration ones never count), every applicable
 * answer (scoring.md: answered, and not N/A under exclude; N/A under
 * pass or fixed counts with that value) of a criterion linked to the
 * principle — by the criterion itself or by its section — gives its
 * normalised value v ∈ [0, 1] with the criterion's weight w:
 *
 *     score = 100 × Σ w·v ÷ Σ w
 *
 * Fail rules do not apply: a principle's score says how well the linked
 * behaviours were done, not what a failed critical criterion did to the
 * form.  No applicable answer: no score (left out, shown as "—").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-rubric.h"

G_BEGIN_DECLS

typedef struct {
  char *id;           /* a rubric-style id: what principles="…" names */
  char *title;        /* one line */
  char *description;  /* may be NULL */
} KzPrinciple;

typedef struct {
  char *id;
  char *name;
  char *situation;    /* may be NULL */
  char *goals;        /* may be NULL */
  char *channel;      /* one of kz_persona_channels() */
  int   tech_comfort; /* comfort with technology, 1 (none) – 5 (very) */
} KzPersona;

KzPrinciple *kz_principle_new      (const char         *id,
                                    const char         *title,
                                    const char         *description);
KzPrinciple *kz_principle_copy     (const KzPrinciple  *self);
void         kz_principle_free     (KzPrinciple        *self);
KzPersona   *kz_persona_new        (const char         *id,
                                    const char         *name);
KzPersona   *kz_persona_copy       (const KzPersona    *self);
void         kz_persona_free       (KzPersona          *self);

/* "call", "email", "chat", "self-service", "any". */
const char * const *kz_persona_channels (void);

/* KZ_ERROR_INVALID_INPUT with a message naming the field when the record
 * cannot be stored: an id like a rubric's (a letter, then letters, digits,
 * "-", "_" or "."; at most 64), a title or name on one line of at most 120
 * characters, a channel of the list, comfort 1–5. */
gboolean     kz_principle_check    (const KzPrinciple  *self,
                                    GError            **error);
gboolean     kz_persona_check      (const KzPersona    *self,
                                    GError            **error);

/* Principles from a CSV file with a header naming id, title and
 * (optionally) description: KzPrinciple*, in the file's order.  Every row
 * is checked before anything is returned; the first bad one is
 * KZ_ERROR_INVALID_FILE "PATH:LINE: what is wrong" (an id twice in the
 * file too). */
GPtrArray   *kz_principles_read_csv (const char        *path,
                                     GError           **error);

/* The principle and persona ids @rubric links (sections and criteria)
 * that @principles (KzPrinciple*) and @personas (KzPersona*) lack, each
 * once, in the rubric's order: what an import warns about. */
void         kz_cx_unknown_links   (KzRubric          *rubric,
                                    GPtrArray         *principles,
                                    GPtrArray         *personas,
                                    GStrv             *missing_principles,
                                    GStrv             *missing_personas);

/* One principle's figures. */
typedef struct {
  char     *principle_id;
  char     *title;          /* the library's; the id itself when not in it */
  gboolean  in_library;     /* FALSE: a rubric links an id the library lacks */
  double    numerator;      /* Σ w·v */
  double    denominator;    /* Σ w */
  gboolean  has_score;      /* FALSE: no applicable answer */
  double    score;          /* 100 × numerator ÷ denominator */
  guint     n_answers;      /* applicable answers counted */
  guint     n_evaluations;  /* evaluations with at least one of them */
} KzPrincipleScore;

void         kz_principle_score_free (KzPrincipleScore *self);

/* Scores per principle (see above) of @evaluations (KzEvaluation*: the
 * caller has left out drafts and calibration), each scored with its own
 * rubric version, looked up in @rubrics ("ID/VERSION" → KzRubric*; an
 * evaluation whose version is missing is skipped).  KzPrincipleScore*: the
 * library's @principles (KzPrinciple*) in its order, each even without
 * answers, then the ids the rubrics link that it lacks, by id. */
GPtrArray   *kz_principle_scores_compute (GPtrArray  *principles,
                                          GPtrArray  *evaluations,
                                          GHashTable *rubrics);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzPrinciple, kz_principle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzPersona, kz_persona_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzPrincipleScore, kz_principle_score_free)

G_END_DECLS
