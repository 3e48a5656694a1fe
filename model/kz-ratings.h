/* kz-ratings.h — reviewers' ratings of units from a CSV file, for
 * Krippendorff's α (`kaizenctl agreement`)
 *
 * Each line is unit,reviewer,value; an empty value is a missing one (N/A,
 * not rated).  A first line "unit,reviewer,value" is a header.  Units and
 * reviewers are any text, numbered in the order they first appear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint      n_units;
  guint      n_reviewers;
  double    *values;      /* n_units rows of n_reviewers, NAN where missing */
  GStrv      units;       /* names, in order */
  GStrv      reviewers;
} KzRatings;

void       kz_ratings_free     (KzRatings   *self);

/* Reads @path.  Every bad line (not three fields, no unit or reviewer, a
 * value that is not a number, a second value for the same unit and
 * reviewer) is one entry of @problems, "PATH:LINE: what is wrong"; with
 * any, the result is NULL and @error is KZ_ERROR_INVALID_FILE saying how
 * many — a figure over what is left would not be the file's.  A file that
 * cannot be read is @error alone. */
KzRatings *kz_ratings_read_csv (const char  *path,
                                GPtrArray   *problems,
                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzRatings, kz_ratings_free)

G_END_DECLS
