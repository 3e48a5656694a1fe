/* kz-sample-dialog.h — sample a period's interactions and share them out
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-sampling.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_SAMPLE_DIALOG (kz_sample_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KzSampleDialog, kz_sample_dialog, KZ, SAMPLE_DIALOG, AdwWindow)

/* Modal over @parent.  Emits KzSampleDialog::sampled (const char *summary)
 * once a sample is stored — also when the dialog was closed while the
 * sample was being written — and then closes. */
KzSampleDialog *kz_sample_dialog_new         (GtkWindow      *parent,
                                              KzStore        *store);
/* The reviewers are still being read. */
gboolean        kz_sample_dialog_get_loading (KzSampleDialog *self);
/* A sample is being drawn and stored. */
gboolean        kz_sample_dialog_get_busy    (KzSampleDialog *self);
/* Why Sample is disabled now; NULL when it is enabled. */
const char     *kz_sample_dialog_get_problem (KzSampleDialog *self);
/* The store's message when the last try failed; NULL otherwise. */
const char     *kz_sample_dialog_get_error   (KzSampleDialog *self);

/* ---- pure functions: what the form shows (tests call them too) ---------- */

typedef enum {
  KZ_SAMPLE_FORM_OK,
  KZ_SAMPLE_FORM_BAD_FROM,
  KZ_SAMPLE_FORM_BAD_TO,
  KZ_SAMPLE_FORM_EMPTY_PERIOD,
  KZ_SAMPLE_FORM_NO_QUOTA,
  KZ_SAMPLE_FORM_BAD_SEED,
  KZ_SAMPLE_FORM_NO_REVIEWERS,     /* the store has none */
  KZ_SAMPLE_FORM_NO_REVIEWER,      /* none checked */
} KzSampleFormProblem;

/* The previous full week before @now, in @now's time zone: the Monday
 * before this week's Monday, and this week's Monday (not included). */
void       kz_sample_dialog_previous_week (GDateTime   *now,
                                           GDateTime  **from,
                                           GDateTime  **to);
/* "YYYY-MM-DD" as local midnight; NULL when it is not a real day. */
GDateTime *kz_sample_dialog_parse_day     (const char  *text);
/* A seed as typed: a whole number from 0 to G_MAXINT32 (what
 * `kaizenctl sample --seed` takes too).  FALSE when it is not one. */
gboolean   kz_sample_dialog_parse_seed    (const char  *text,
                                           guint32     *seed);
/* Local date as "YYYY-MM-DD". */
char      *kz_sample_dialog_format_day    (GDateTime   *day);
/* What is wrong with the form, first problem first, with the sentence to
 * show (*@message, NULL when all is well). */
KzSampleFormProblem kz_sample_dialog_check (const char  *from_text,
                                            const char  *to_text,
                                            guint        per_agent,
                                            const char  *seed_text,
                                            guint        n_reviewers,
                                            guint        n_checked,
                                            char       **message);
/* The toast after a sample: "7 interactions sampled and shared among 2
 * reviewers", and how many agents (or agents' channels) had fewer
 * candidates than the quota. */
char      *kz_sample_dialog_summary       (const KzSampleResult *result,
                                           guint                 per_agent,
                                           gboolean              per_channel,
                                           guint                 n_reviewers);

G_END_DECLS
