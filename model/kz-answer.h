/* kz-answer.h — one answer to one criterion
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KZ_ANSWER_UNANSWERED,  /* not the same as N/A: never counts */
  KZ_ANSWER_VALUE,
  KZ_ANSWER_NA,
} KzAnswerKind;

typedef struct {
  char         *criterion_id;
  KzAnswerKind  kind;
  double        value;     /* for KZ_ANSWER_VALUE: one of the scale's point values */
  char         *comment;   /* may be NULL */
  gint          comment_at_ms;  /* a call comment's moment in the recording; -1: none */
} KzAnswer;

#define KZ_TYPE_ANSWER (kz_answer_get_type ())
GType     kz_answer_get_type (void) G_GNUC_CONST;
KzAnswer *kz_answer_new      (const char     *criterion_id,
                              KzAnswerKind    kind,
                              double          value,
                              const char     *comment);
KzAnswer *kz_answer_copy     (const KzAnswer *self);
void      kz_answer_free     (KzAnswer       *self);

/* A set of answers keyed by criterion id. */
typedef GHashTable KzAnswerSet;  /* char* criterion_id → KzAnswer* (owned) */
KzAnswerSet *kz_answer_set_new    (void);
void         kz_answer_set_put    (KzAnswerSet *set,
                                   KzAnswer    *answer);  /* takes ownership */
const KzAnswer *kz_answer_set_get (KzAnswerSet *set,
                                   const char  *criterion_id);

/* Reads "criterion_id,answer" lines (answer = a point value or "na"; a
 * header line "criterion_id,answer" and blank lines are allowed).
 * Errors name the file and the line.  @rubric may be NULL (no checks). */
struct _KzRubric;
KzAnswerSet *kz_answer_set_load_csv (const char        *path,
                                     struct _KzRubric  *rubric,
                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzAnswer, kz_answer_free)

G_END_DECLS
