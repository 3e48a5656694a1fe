/* test-score.c — the scoring engine against hand-computed vectors
 *
 * Every expected number below was worked out by hand from
 * ../shared/spec/scoring.md before the code ran; the working is in the
 * comment above each vector.  v = (value − min) ÷ (max − min).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-score.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

/* The worked example of scoring.md. */
static const char spec_rubric[] =
  "<rubric xmlns='" NS "' id='spec' version='1' pass-mark='80'>"
  "<title>Spec example</title>"
  "<scales>"
  " <scale id='yn' kind='binary'><point value='0' label='No'><guidance>n</guidance></point>"
  "  <point value='1' label='Yes'><guidance>y</guidance></point></scale>"
  " <scale id='five' kind='ordinal'><point value='1'/><point value='2'/><point value='3'/>"
  "  <point value='4'/><point value='5'/></scale>"
  " <scale id='three' kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale>"
  "</scales>"
  "<section id='greeting' weight='20'><title>Greeting</title>"
  " <criterion id='G1' weight='1'><title>G1</title><guidance>g</guidance><scale ref='yn'/></criterion>"
  " <criterion id='G2' weight='1'><title>G2</title><guidance>g</guidance><scale ref='five'/></criterion>"
  "</section>"
  "<section id='resolution' weight='80'><title>Resolution</title>"
  " <criterion id='R1' weight='2'><title>R1</title><guidance>g</guidance><scale ref='yn'/></criterion>"
  " <criterion id='R2' weight='1' na='exclude'><title>R2</title><guidance>g</guidance><scale ref='three'/></criterion>"
  "</section>"
  "</rubric>";

/* Test rubric T: every N/A policy, both critical levels, three scale kinds.
 *   A "Opening"    W=30: A1 binary w1 (exclude); A2 1–5 w2 (pass)
 *   B "Compliance" W=50: B1 binary w1 critical=section (forbidden);
 *                        B2 1–4 w1 (fixed 3); B3 binary w1 critical=form
 *   C "Wrap-up"    W=20: C1 labelled 0/5/10 w1 (exclude, optional);
 *                        C2 1–3 w3 (exclude) */
static const char t_rubric[] =
  "<rubric xmlns='" NS "' id='t' version='1' pass-mark='80'>"
  "<title>T</title>"
  "<scales>"
  " <scale id='yn' kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale>"
  "</scales>"
  "<section id='A' weight='30'><title>Opening</title>"
  " <criterion id='A1' weight='1'><title>A1</title><guidance>g</guidance><scale ref='yn'/></criterion>"
  " <criterion id='A2' weight='2' na='pass'><title>A2</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/><point value='4'/><point value='5'/></scale></criterion>"
  "</section>"
  "<section id='B' weight='50'><title>Compliance</title>"
  " <criterion id='B1' weight='1' na='forbidden' critical='section'><title>B1</title><guidance>g</guidance><scale ref='yn'/></criterion>"
  " <criterion id='B2' weight='1' na='fixed' na-value='3'><title>B2</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/><point value='4'/></scale></criterion>"
  " <criterion id='B3' weight='1' critical='form'><title>B3</title><guidance>g</guidance><scale ref='yn'/></criterion>"
  "</section>"
  "<section id='C' weight='20'><title>Wrap-up</title>"
  " <criterion id='C1' weight='1' required='false'><title>C1</title><guidance>g</guidance>"
  "  <scale kind='labelled'><point value='0' label='Poor'/><point value='5' label='Fair'/><point value='10' label='Good'/></scale></criterion>"
  " <criterion id='C2' weight='3'><title>C2</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale></criterion>"
  "</section>"
  "</rubric>";

/* X: one form-critical 1–5 criterion failing below 3; pass mark 75. */
static const char x_rubric[] =
  "<rubric xmlns='" NS "' id='x' version='1' pass-mark='75'>"
  "<title>X</title>"
  "<section id='S' weight='1'><title>S</title>"
  " <criterion id='X1' weight='1' critical='form' fail-below='3'><title>X1</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/><point value='4'/><point value='5'/></scale></criterion>"
  " <criterion id='X2' weight='1'><title>X2</title><guidance>g</guidance>"
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "</section>"
  "</rubric>";

static KzRubric *
load (const char *xml)
{
  g_autoptr(GError) error = NULL;
  KzRubric *r = kz_rubric_load_data (xml, strlen (xml), "test.xml", &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

/* "G1=1 G2=4 R2=na" → answer set; "-" for unanswered is simply leaving out. */
static KzAnswerSet *
answers (const char *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, " ", -1);
  KzAnswerSet *set = kz_answer_set_new ();

  for (guint i = 0; items[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (items[i], "=", 2);

      if (*items[i] == '\0')
        continue;
      g_assert_cmpuint (g_strv_length (kv), ==, 2);
      if (g_str_equal (kv[1], "na"))
        kz_answer_set_put (set, kz_answer_new (kv[0], KZ_ANSWER_NA, 0, NULL));
      else
        kz_answer_set_put (set, kz_answer_new (kv[0], KZ_ANSWER_VALUE, g_ascii_strtod (kv[1], NULL), NULL));
    }
  return set;
}

#define assert_close(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-9)

static KzSectionScore *
section (KzScore *s, const char *id)
{
  for (guint i = 0; i < s->sections->len; i++)
    {
      KzSectionScore *ss = g_ptr_array_index (s->sections, i);
      if (g_str_equal (ss->section->id, id))
        return ss;
    }
  g_assert_not_reached ();
}

static void
assert_failed_by (KzScore *s, const char *expected)
{
  g_autofree char *got = g_strjoinv (",", s->failed_by);
  g_assert_cmpstr (got, ==, expected);
}

/* Spec: Greeting S = (1 + 0.75)/2 = 0.875; Resolution: R1 = 1 (w2), R2 N/A
 * excluded → S = 1.  F = 100 × (20 × 0.875 + 80 × 1) ÷ 100 = 97.5. */
static void
test_spec_example (void)
{
  g_autoptr(KzRubric) r = load (spec_rubric);
  g_autoptr(GHashTable) a = answers ("G1=1 G2=4 R1=1 R2=na");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  g_assert_true (s->has_score);
  assert_close (s->raw, 97.5);
  assert_close (s->final, 97.5);
  g_assert_false (s->auto_failed);
  assert_failed_by (s, "");
  g_assert_false (s->has_critical);
  g_assert_true (s->pass);
  assert_close (section (s, "greeting")->score, 87.5);
  assert_close (section (s, "resolution")->score, 100.0);
  assert_close (section (s, "resolution")->denominator, 2.0);
  g_assert_cmpuint (section (s, "resolution")->na_items->len, ==, 1);
  g_assert_null (s->missing_required[0]);
}

/* T, all top answers: every S = 1 → R = F = 100; critical B1, B3 both pass
 * → C = 100. */
static void
test_all_top (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=1 A2=5 B1=1 B2=4 B3=1 C1=10 C2=3");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  assert_close (s->raw, 100);
  assert_close (s->final, 100);
  assert_close (s->critical, 100);
  g_assert_true (s->pass);
}

/* N/A under pass and fixed.  A1=1, A2=N/A(pass → v=1): A = (1+2)/3 = 1.
 * B1=1, B2=N/A(fixed 3 on 1–4 → v=2/3), B3=1: B = (1 + 2/3 + 1)/3 = 8/9.
 * C1=5 (v=0.5, w1), C2=2 (v=0.5, w3): C = (0.5 + 1.5)/4 = 0.5.
 * R = 30·1 + 50·8/9 + 20·0.5 = 760/9 ≈ 84.444 (ΣW = 100) → pass. */
static void
test_na_pass_and_fixed (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=1 A2=na B1=1 B2=na B3=1 C1=5 C2=2");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  assert_close (section (s, "A")->score, 100);
  assert_close (section (s, "B")->score, 100.0 * 8 / 9);
  assert_close (section (s, "C")->score, 50);
  assert_close (s->raw, 760.0 / 9);
  assert_close (s->final, 760.0 / 9);
  g_assert_true (s->pass);
  assert_close (s->critical, 100);
  /* N/A under pass/fixed still counts in the denominator. */
  assert_close (section (s, "A")->denominator, 3);
  assert_close (section (s, "B")->denominator, 3);
  g_assert_cmpuint (section (s, "A")->na_items->len, ==, 1);
  g_assert_cmpuint (section (s, "B")->na_items->len, ==, 1);
}

/* Section fail.  B1 = No (section-critical) → B's S set to 0 after R.
 * A = 1; B raw = (0 + 1 + 1)/3 = 2/3; C = 1.
 * R = 30 + 50·2/3 + 20 = 250/3 ≈ 83.33; F = 30 + 0 + 20 = 50.
 * C = 1 passed of 2 = 50; 50 < 80 → fail. */
static void
test_section_fail (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=1 A2=5 B1=0 B2=4 B3=1 C1=10 C2=3");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  assert_close (s->raw, 250.0 / 3);
  assert_close (s->final, 50);
  g_assert_true (s->auto_failed);
  g_assert_false (s->form_failed);
  assert_failed_by (s, "B1");
  assert_close (s->critical, 50);
  g_assert_false (s->pass);
  g_assert_true (section (s, "B")->failed);
  assert_close (section (s, "B")->raw, 200.0 / 3);
  assert_close (section (s, "B")->score, 0);
}

/* Form fail.  B3 = No (form-critical), all else top.
 * R = 30 + 50·2/3 + 20 = 250/3; F = 0; C = 50. */
static void
test_form_fail (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=1 A2=5 B1=1 B2=4 B3=0 C1=10 C2=3");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  assert_close (s->raw, 250.0 / 3);
  assert_close (s->final, 0);
  g_assert_true (s->auto_failed);
  g_assert_true (s->form_failed);
  assert_failed_by (s, "B3");
  assert_close (s->critical, 50);
  g_assert_false (s->pass);
  /* The section itself is not failed by a form-level item. */
  g_assert_false (section (s, "B")->failed);
  assert_close (section (s, "B")->score, 200.0 / 3);
}

/* Both fail.  B1 = No, B3 = No: B raw = (0 + 1 + 0)/3 = 1/3.
 * R = 30 + 50/3 + 20 = 200/3 ≈ 66.67; F = 0; C = 0 of 2 = 0; failed_by in
 * rubric order. */
static void
test_both_fail (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=1 A2=5 B1=0 B2=4 B3=0 C1=10 C2=3");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  assert_close (s->raw, 200.0 / 3);
  assert_close (s->final, 0);
  assert_failed_by (s, "B1,B3");
  g_assert_true (s->has_critical);
  assert_close (s->critical, 0);
}

/* A section that is all N/A.  C1, C2 N/A (exclude) → C is N/A and leaves ΣW.
 * A1=1, A2=3 (v=0.5, w2): A = (1 + 1)/3 = 2/3.
 * B1=1, B2=2 (v=1/3), B3=1: B = (7/3)/3 = 7/9.
 * R = (30·2/3 + 50·7/9) ÷ 80 = (20 + 350/9)/80 = 530/720 → 73.611…% → fail. */
static void
test_all_na_section (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=1 A2=3 B1=1 B2=2 B3=1 C1=na C2=na");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  g_assert_false (section (s, "C")->applicable);
  assert_close (s->denominator, 80);
  assert_close (s->raw, 100.0 * 530 / 720);
  assert_close (s->final, 100.0 * 530 / 720);
  g_assert_false (s->pass);
  assert_close (s->critical, 100);
}

/* An all-N/A evaluation: every criterion of the spec rubric N/A (exclude)
 * → no section applies → no score (NULL), no pass, no critical score. */
static void
test_all_na_evaluation (void)
{
  g_autoptr(KzRubric) r = load (spec_rubric);
  g_autoptr(GHashTable) a = answers ("G1=na G2=na R1=na R2=na");
  g_autoptr(KzScore) s = kz_score_compute (r, a);
  g_autofree char *json = kz_score_to_json (s);

  g_assert_false (s->has_score);
  g_assert_false (s->pass);
  g_assert_false (s->has_critical);
  g_assert_false (section (s, "greeting")->applicable);
  g_assert_false (section (s, "resolution")->applicable);
  /* N/A is an answer: nothing blocks submit. */
  g_assert_null (s->missing_required[0]);
  g_assert_nonnull (strstr (json, "\"final\" : null"));
  g_assert_nonnull (strstr (json, "\"pass\" : null"));
}

/* T with only exclude-N/A and gaps: A1, B3, C1, C2 N/A; A2, B1, B2
 * unanswered → no applicable criterion → no score; the three required
 * unanswered criteria block submit; B3 N/A leaves no applicable critical. */
static void
test_na_and_unanswered_no_score (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=na B3=na C1=na C2=na");
  g_autoptr(KzScore) s = kz_score_compute (r, a);
  g_autofree char *missing = NULL;

  g_assert_false (s->has_score);
  g_assert_false (s->has_critical);
  missing = g_strjoinv (",", s->missing_required);
  g_assert_cmpstr (missing, ==, "A2,B1,B2");
}

/* Unanswered is not N/A: it never counts and a required one blocks submit.
 * G1=1, G2 unanswered → Greeting = 1/1 = 1.  R1=No (w2), R2=3 (v=1):
 * Resolution = (0 + 1)/3 = 1/3.  R = (20·1 + 80/3)/100 = 46.666…% */
static void
test_unanswered (void)
{
  g_autoptr(KzRubric) r = load (spec_rubric);
  g_autoptr(GHashTable) a = answers ("G1=1 R1=0 R2=3");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  assert_close (s->final, (20 + 80.0 / 3) / 100 * 100);
  g_assert_cmpstr (s->missing_required[0], ==, "G2");
  g_assert_null (s->missing_required[1]);
  g_assert_cmpuint (section (s, "greeting")->unanswered->len, ==, 1);
  g_assert_false (s->pass);
}

/* N/A where the rubric forbids it is treated as unanswered, not as an answer:
 * B1=na on T is ignored, so B = (B2 4 → 1, B3 1 → 1)/2 = 1 and B1 is missing. */
static void
test_forbidden_na (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=1 A2=5 B1=na B2=4 B3=1 C1=10 C2=3");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  assert_close (section (s, "B")->denominator, 2);
  assert_close (s->final, 100);
  g_assert_cmpstr (s->missing_required[0], ==, "B1");
}

/* fail-below threshold.  X1=2 < 3 fails (form): S raw = (0.25 + 1)/2 = 62.5,
 * F = 0.  X1=3 does not fail: S = (0.5 + 1)/2 = 75 → F = 75 = pass mark →
 * pass (≥).  X1=1 (the lowest point) also fails. */
static void
test_fail_below_and_pass_mark (void)
{
  g_autoptr(KzRubric) r = load (x_rubric);
  g_autoptr(GHashTable) a1 = answers ("X1=2 X2=1");
  g_autoptr(GHashTable) a2 = answers ("X1=3 X2=1");
  g_autoptr(GHashTable) a3 = answers ("X1=1 X2=1");
  g_autoptr(KzScore) s1 = kz_score_compute (r, a1);
  g_autoptr(KzScore) s2 = kz_score_compute (r, a2);
  g_autoptr(KzScore) s3 = kz_score_compute (r, a3);

  assert_close (s1->raw, 62.5);
  assert_close (s1->final, 0);
  assert_failed_by (s1, "X1");
  assert_close (s1->critical, 0);

  assert_close (s2->final, 75);
  g_assert_true (s2->pass);
  g_assert_false (s2->auto_failed);
  assert_close (s2->critical, 100);

  assert_failed_by (s3, "X1");
}

/* Exactly on the pass mark despite binary floating point: weights 0.7,
 * 1.1, 1.1, 0.6 answered No, Yes, Yes, Yes → (1.1 + 1.1 + 0.6) ÷ 3.5 = 2.8
 * ÷ 3.5 = 0.8 on paper → 80 = pass mark → pass.  In doubles the sum comes
 * to 79.99999999999999, which must not fail an agent. */
static void
test_pass_mark_tie (void)
{
  static const char xml[] =
    "<rubric xmlns='" NS "' id='tie' version='1' pass-mark='80'><title>Tie</title>"
    "<scales><scale id='yn' kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></scales>"
    "<section id='S' weight='1'><title>S</title>"
    " <criterion id='a' weight='0.7'><title>a</title><guidance>g</guidance><scale ref='yn'/></criterion>"
    " <criterion id='b' weight='1.1'><title>b</title><guidance>g</guidance><scale ref='yn'/></criterion>"
    " <criterion id='c' weight='1.1'><title>c</title><guidance>g</guidance><scale ref='yn'/></criterion>"
    " <criterion id='d' weight='0.6'><title>d</title><guidance>g</guidance><scale ref='yn'/></criterion>"
    "</section></rubric>";
  g_autoptr(KzRubric) r = load (xml);
  g_autoptr(GHashTable) a = answers ("a=0 b=1 c=1 d=1");
  g_autoptr(KzScore) s = kz_score_compute (r, a);

  assert_close (s->final, 80);
  g_assert_true (s->pass);
}

/* The breakdown shows numerator, denominator, N/A items and what failed. */
static void
test_breakdown (void)
{
  g_autoptr(KzRubric) r = load (t_rubric);
  g_autoptr(GHashTable) a = answers ("A1=1 A2=na B1=0 B2=4 B3=1 C1=na C2=3");
  g_autoptr(KzScore) s = kz_score_compute (r, a);
  g_autofree char *text = kz_score_format_breakdown (s);

  /* A = 3/3; B raw (0+1+1)/3 → failed; C = (C2 3 → 1, w3) = 3/3.
   * F = (30·1 + 0 + 20·1)/100 = 50. */
  g_assert_nonnull (strstr (text, "50.0%"));
  g_assert_nonnull (strstr (text, "N/A: A2"));
  g_assert_nonnull (strstr (text, "N/A: C1"));
  g_assert_nonnull (strstr (text, "B1"));
  g_assert_nonnull (strstr (text, "100 × 50 ÷ 100"));
  g_assert_nonnull (strstr (text, "2 ÷ 3"));
}

static void
test_format_percent (void)
{
  g_autofree char *a = kz_score_format_percent (TRUE, 97.5);
  g_autofree char *b = kz_score_format_percent (TRUE, 760.0 / 9);
  g_autofree char *c = kz_score_format_percent (FALSE, 0);

  g_assert_cmpstr (a, ==, "97.5");
  g_assert_cmpstr (b, ==, "84.4");
  g_assert_cmpstr (c, ==, "—");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/score/spec-example", test_spec_example);
  g_test_add_func ("/score/all-top", test_all_top);
  g_test_add_func ("/score/na-pass-and-fixed", test_na_pass_and_fixed);
  g_test_add_func ("/score/section-fail", test_section_fail);
  g_test_add_func ("/score/form-fail", test_form_fail);
  g_test_add_func ("/score/both-fail", test_both_fail);
  g_test_add_func ("/score/all-na-section", test_all_na_section);
  g_test_add_func ("/score/all-na-evaluation", test_all_na_evaluation);
  g_test_add_func ("/score/na-and-unanswered-no-score", test_na_and_unanswered_no_score);
  g_test_add_func ("/score/unanswered", test_unanswered);
  g_test_add_func ("/score/forbidden-na", test_forbidden_na);
  g_test_add_func ("/score/fail-below-and-pass-mark", test_fail_below_and_pass_mark);
  g_test_add_func ("/score/pass-mark-tie", test_pass_mark_tie);
  g_test_add_func ("/score/breakdown", test_breakdown);
  g_test_add_func ("/score/format-percent", test_format_percent);

  return g_test_run ();
}
