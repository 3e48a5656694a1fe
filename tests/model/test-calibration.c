/* test-calibration.c — calibration results and leniency, by hand
 *
 * A rubric with c1 (binary, weight 1) and c2 (1–5, weight 2); three
 * reviewers, R1 the lead (reference), on three interactions:
 *
 *          c1 R1 R2 R3   c2 R1 R2 R3    F  R1  R2  R3
 *   U1        1  1  0        4  3  4        80  70  60
 *   U2        0  0  0        2  2  N/A      40  40  45
 *   U3        1  1  1        5  4  5       100  90 100
 *
 * c1 nominal α: o_11 = 4, o_00 = 3, o_01 = o_10 = 1, n_1 = 5, n_0 = 4,
 * α = 1 − 8 × 2 ÷ (2 × 5 × 4) = 0.6; 7 of 9 pairs agree.
 * c2 ordinal α = 0.770032 and F interval α = 0.921659 (an independent
 * script computing α by its pairwise definition).
 * Alignment with R1, weighted 1 and 2, 1 − |Δ| ÷ 4 on c2:
 *   R2: U1 1 + 2 × .75, U2 1 + 2, U3 1 + 2 × .75 → 8 ÷ 9;
 *   R3: U1 0 + 2, U2 1 (c2 is N/A), U3 1 + 2 → 6 ÷ 7.
 * Consensus F: U1 70, U2 125/3, U3 290/3; bias = mean (F − consensus):
 *   R1 (10 − 5/3 + 10/3) ÷ 3 = 35/9, R2 (0 − 5/3 − 20/3) ÷ 3 = −25/9,
 *   R3 (−10 + 10/3 + 10/3) ÷ 3 = −10/9.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kz-calibration.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

static KzRubric *
rubric (void)
{
  static const char xml[] =
    "<rubric xmlns='" NS "' id='cal' version='1'><title>Cal</title>"
    "<section id='s'><title>S</title>"
    "<criterion id='c1'><title>Greets</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "<criterion id='c2' weight='2' na='exclude'><title>Listens</title><guidance>g</guidance>"
    "<scale kind='ordinal'><point value='1' label='1'/><point value='2' label='2'/><point value='3' label='3'/>"
    "<point value='4' label='4'/><point value='5' label='5'/></scale></criterion>"
    "</section></rubric>";
  g_autoptr(GError) error = NULL;
  KzRubric *r = kz_rubric_load_data (xml, strlen (xml), "cal.xml", &error);

  g_assert_no_error (error);
  return r;
}

typedef struct {
  gint64 unit, reviewer;
  int    c1;
  int    c2;       /* 0: N/A */
  double final;
} Row;

static const Row rows[] = {
  { 1, 1, 1, 4, 80 }, { 1, 2, 1, 3, 70 }, { 1, 3, 0, 4, 60 },
  { 2, 1, 0, 2, 40 }, { 2, 2, 0, 2, 40 }, { 2, 3, 0, 0, 45 },
  { 3, 1, 1, 5, 100 }, { 3, 2, 1, 4, 90 }, { 3, 3, 1, 5, 100 },
};

static const KzReviewerAlignment *
reviewer (const KzCalibrationResult *r, gint64 id)
{
  for (guint i = 0; i < r->reviewers->len; i++)
    {
      const KzReviewerAlignment *a = g_ptr_array_index (r->reviewers, i);

      if (a->reviewer_id == id)
        return a;
    }
  g_assert_not_reached ();
}

static void
test_session (void)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) disputed = NULL;
  KzRubric *cal = rubric ();
  KzCalibrationResult *result;
  const KzCriterionAgreement *c1, *c2;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      KzAnswerSet *answers = kz_answer_set_new ();
      KzCalibrationRating *r = g_new0 (KzCalibrationRating, 1);

      kz_answer_set_put (answers, kz_answer_new ("c1", KZ_ANSWER_VALUE, rows[i].c1, NULL));
      kz_answer_set_put (answers, rows[i].c2 > 0 ? kz_answer_new ("c2", KZ_ANSWER_VALUE, rows[i].c2, NULL)
                                                 : kz_answer_new ("c2", KZ_ANSWER_NA, 0, NULL));
      g_ptr_array_add (sets, answers);
      r->unit_id = rows[i].unit;
      r->reviewer_id = rows[i].reviewer;
      r->answers = answers;
      r->has_score = TRUE;
      r->final = rows[i].final;
      g_ptr_array_add (ratings, r);
    }

  result = kz_calibration_compute (cal, ratings, 1);
  g_assert_cmpuint (result->criteria->len, ==, 2);
  c1 = g_ptr_array_index (result->criteria, 0);
  c2 = g_ptr_array_index (result->criteria, 1);
  g_assert_cmpstr (c1->criterion->id, ==, "c1");
  g_assert_cmpint (c1->metric, ==, KZ_ALPHA_NOMINAL);
  g_assert_cmpint (c2->metric, ==, KZ_ALPHA_ORDINAL);
  g_assert_cmpfloat_with_epsilon (c1->agreement.alpha, 0.6, 1e-9);
  g_assert_cmpuint (c1->agreement.n_pairs, ==, 9);
  g_assert_cmpuint (c1->agreement.n_agreeing_pairs, ==, 7);
  g_assert_cmpfloat_with_epsilon (c2->agreement.alpha, 0.7700320512820513, 1e-9);
  g_assert_cmpuint (c2->agreement.n_values, ==, 8);      /* R3's N/A is missing */
  g_assert_cmpfloat_with_epsilon (result->total.alpha, 0.9216589861751152, 1e-9);

  g_assert_false (reviewer (result, 1)->has_alignment);   /* the reference itself */
  g_assert_cmpfloat_with_epsilon (reviewer (result, 2)->alignment, 8.0 / 9.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (reviewer (result, 3)->alignment, 6.0 / 7.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (reviewer (result, 1)->bias, 35.0 / 9.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (reviewer (result, 2)->bias, -25.0 / 9.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (reviewer (result, 3)->bias, -10.0 / 9.0, 1e-9);
  g_assert_cmpuint (reviewer (result, 3)->n_units, ==, 3);

  /* Least agreement first: c1 (0.6), then c2 (0.77). */
  disputed = kz_calibration_most_disputed (result);
  g_assert_cmpuint (disputed->len, ==, 2);
  g_assert_true (g_ptr_array_index (disputed, 0) == c1);

  /* Without a reference: no alignment, bias still. */
  kz_calibration_result_free (result);
  result = kz_calibration_compute (cal, ratings, 0);
  g_assert_false (reviewer (result, 2)->has_alignment);
  g_assert_true (reviewer (result, 2)->has_bias);
  kz_calibration_result_free (result);
  kz_rubric_unref (cal);
}

/* A: R1 80, 90 (85), R2 70 → R1 +15, R2 −15.  B: R1 60, R3 70, 80 (75) →
 * R1 −15, R3 +15.  C: R2 alone — left out.  R1: mean of +15, −15 = 0 on
 * 2 agents, 3 evaluations. */
static void
test_leniency (void)
{
  static const KzScoredEvaluation evs[] = {
    { 1, 100, 80 }, { 1, 100, 90 }, { 2, 100, 70 },
    { 1, 200, 60 }, { 3, 200, 70 }, { 3, 200, 80 },
    { 2, 300, 50 },
  };
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GPtrArray) out = NULL;
  const KzLeniency *r1, *r2, *r3;

  for (guint i = 0; i < G_N_ELEMENTS (evs); i++)
    g_ptr_array_add (list, (gpointer) &evs[i]);
  out = kz_reviewer_leniency (list);
  g_assert_cmpuint (out->len, ==, 3);
  r1 = g_ptr_array_index (out, 0);
  r2 = g_ptr_array_index (out, 1);
  r3 = g_ptr_array_index (out, 2);
  g_assert_cmpint (r1->reviewer_id, ==, 1);
  g_assert_cmpfloat_with_epsilon (r1->leniency, 0.0, 1e-9);
  g_assert_cmpuint (r1->n_agents, ==, 2);
  g_assert_cmpuint (r1->n_evaluations, ==, 3);
  g_assert_true (r1->interval.defined);
  g_assert_cmpfloat_with_epsilon (r2->leniency, -15.0, 1e-9);
  g_assert_cmpuint (r2->n_agents, ==, 1);              /* agent C is R2's alone */
  g_assert_false (r2->interval.defined);
  g_assert_cmpfloat_with_epsilon (r3->leniency, 15.0, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calibration/session", test_session);
  g_test_add_func ("/calibration/leniency", test_leniency);
  return g_test_run ();
}
