/* kz-store-copy.h — move a whole database from one store to another
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  guint n_units;
  guint n_people;
  guint n_rubrics;
  guint n_interactions;
  guint n_evaluations;
  guint n_answers;
} KzCopyCounts;

/* Copies everything in @from into @to, which must hold no people, units,
 * interactions or evaluations yet (rubrics may be there if identical).  All
 * or nothing: one transaction on @to, rolled back on any error.  Ids are the
 * target's own; times, states, answers and comments are kept, and every
 * evaluation is stored with the score its answers give. */
gboolean kz_store_copy (KzStore       *from,
                        KzStore       *to,
                        KzCopyCounts  *counts,
                        GError       **error);

G_END_DECLS
