/* test-voice.c — the voice rules: the bank, rotation, suppression, figures
 *
 * Pure functions only; the store's side (anonymous storage on both
 * backends, the server's own suppression) has its own tests.  Expected
 * values are worked out by hand in the comments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-error.h"
#include "kz-voice.h"

static void
test_default_bank (void)
{
  g_autoptr(GPtrArray) bank = kz_question_bank_default ();
  g_autoptr(GHashTable) drivers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_enps = 0, n_text = 0, n_agree = 0;

  for (guint i = 0; i < bank->len; i++)
    {
      KzQuestion *q = g_ptr_array_index (bank, i);

      g_assert_true (q->active);
      if (q->enps)
        {
          n_enps++;
          g_assert_cmpstr (q->id, ==, KZ_ENPS_QUESTION_ID);
          g_assert_cmpint (q->kind, ==, KZ_QUESTION_SCALE_0_10);
          g_assert_cmpstr (q->text, ==, "How likely are you to recommend working here to a friend?");
        }
      else if (q->kind == KZ_QUESTION_FREE_TEXT)
        n_text++;
      else
        {
          n_agree++;
          g_assert_cmpint (q->kind, ==, KZ_QUESTION_AGREE_1_5);
          g_assert_nonnull (q->driver);
          g_hash_table_add (drivers, g_strdup (q->driver));
        }
    }
  g_assert_cmpuint (n_enps, ==, 1);
  g_assert_cmpuint (n_text, ==, 1);
  g_assert_cmpuint (n_agree, ==, 16);
  /* voice.md's contact-centre drivers, each asked two ways. */
  g_assert_cmpuint (g_hash_table_size (drivers), ==, 8);
  for (const char * const *d = (const char * const[]) { "Team leader", "Workload", "Tools", "Recognition", "Growth",
                                                         "Autonomy", "Monitoring", "Wellbeing", NULL };
       *d != NULL; d++)
    g_assert_true (g_hash_table_contains (drivers, *d));
}

static void
test_rotation (void)
{
  g_autoptr(GPtrArray) bank = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_question_free);
  g_auto(GStrv) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(GPtrArray) asked = g_ptr_array_new ();   /* borrowed ids, NULL-terminated */
  KzQuestion *q;

  q = kz_question_new ("enps", "E", KZ_QUESTION_SCALE_0_10, NULL);
  q->enps = TRUE;
  g_ptr_array_add (bank, q);
  for (const char * const *id = (const char * const[]) { "q1", "q2", "q3", "q4", "q5", NULL }; *id; id++)
    g_ptr_array_add (bank, kz_question_new (*id, *id, KZ_QUESTION_AGREE_1_5, "D"));
  q = kz_question_new ("off", "retired", KZ_QUESTION_AGREE_1_5, "D");
  q->active = FALSE;
  g_ptr_array_add (bank, q);
  g_ptr_array_add (bank, kz_question_new ("comment", "C", KZ_QUESTION_FREE_TEXT, NULL));

#define ASKED(round) G_STMT_START { \
    if (asked->len > 0) g_ptr_array_remove_index (asked, asked->len - 1); \
    for (guint i_ = 0; (round)[i_] != NULL; i_++) g_ptr_array_add (asked, (round)[i_]); \
    g_ptr_array_add (asked, NULL); } G_STMT_END

  /* Two a round from q1–q5 in bank order, no repeat within a cycle:
   * r1 q1 q2, r2 q3 q4, r3 q5 then (new cycle) q1, r4 q2 q3. */
  r1 = kz_pulse_rotation (bank, NULL, 2);
  g_assert_cmpstrv (r1, ((const char * const[]) { "enps", "q1", "q2", "comment", NULL }));
  ASKED (r1);
  r2 = kz_pulse_rotation (bank, (const char * const *) asked->pdata, 2);
  g_assert_cmpstrv (r2, ((const char * const[]) { "enps", "q3", "q4", "comment", NULL }));
  ASKED (r2);
  r3 = kz_pulse_rotation (bank, (const char * const *) asked->pdata, 2);
  g_assert_cmpstrv (r3, ((const char * const[]) { "enps", "q5", "q1", "comment", NULL }));
  ASKED (r3);
  r4 = kz_pulse_rotation (bank, (const char * const *) asked->pdata, 2);
  g_assert_cmpstrv (r4, ((const char * const[]) { "enps", "q2", "q3", "comment", NULL }));
#undef ASKED

  /* More a round than the bank has: each once. */
  {
    g_auto(GStrv) all = kz_pulse_rotation (bank, NULL, 9);

    g_assert_cmpstrv (all, ((const char * const[]) { "enps", "q1", "q2", "q3", "q4", "q5", "comment", NULL }));
  }
}

static void
test_answers_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bank = kz_question_bank_default ();
  g_autoptr(KzSurveyRound) round = kz_survey_round_new ();
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_answer_free);

  round->title = g_strdup ("March pulse");
  g_strfreev (round->question_ids);
  round->question_ids = g_strsplit ("enps,tl-support,comment", ",", -1);

  g_assert_false (kz_survey_answers_check (round, bank, answers, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_ptr_array_add (answers, kz_survey_answer_new_value ("enps", 9));
  g_ptr_array_add (answers, kz_survey_answer_new_value ("tl-support", 4));
  g_ptr_array_add (answers, kz_survey_answer_new_text ("comment", "More breaks on Mondays"));
  g_assert_true (kz_survey_answers_check (round, bank, answers, &error));
  g_assert_no_error (error);

  /* Out of range for a 1–5 question, named. */
  ((KzSurveyAnswer *) g_ptr_array_index (answers, 1))->value = 6;
  g_assert_false (kz_survey_answers_check (round, bank, answers, &error));
  g_assert_nonnull (strstr (error->message, "from 1 to 5"));
  g_clear_error (&error);
  ((KzSurveyAnswer *) g_ptr_array_index (answers, 1))->value = 1;

  /* A question the round does not ask. */
  g_ptr_array_add (answers, kz_survey_answer_new_value ("workload-manage", 3));
  g_assert_false (kz_survey_answers_check (round, bank, answers, &error));
  g_assert_nonnull (strstr (error->message, "workload-manage"));
  g_clear_error (&error);
  g_ptr_array_remove_index (answers, 3);

  /* Twice. */
  g_ptr_array_add (answers, kz_survey_answer_new_value ("enps", 3));
  g_assert_false (kz_survey_answers_check (round, bank, answers, &error));
  g_clear_error (&error);
  g_ptr_array_remove_index (answers, 3);

  /* Blank text. */
  g_free (((KzSurveyAnswer *) g_ptr_array_index (answers, 2))->text);
  ((KzSurveyAnswer *) g_ptr_array_index (answers, 2))->text = g_strdup ("   ");
  g_assert_false (kz_survey_answers_check (round, bank, answers, &error));
  g_clear_error (&error);
}

/* Cells for one question: the whole round and the teams given. */
static GPtrArray *
cells_of (const guint *team_n,
          guint        n_teams)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_cell_free);
  KzSurveyCell *all = kz_survey_cell_new (1, KZ_CELL_ALL, "q");

  g_ptr_array_add (cells, all);
  for (guint t = 0; t < n_teams; t++)
    {
      KzSurveyCell *cell = kz_survey_cell_new (1, 100 + t, "q");

      for (guint i = 0; i < team_n[t]; i++)
        {
          kz_survey_cell_add (cell, (int) (i % 5) + 1);
          kz_survey_cell_add (all, (int) (i % 5) + 1);
        }
      g_ptr_array_add (cells, cell);
    }
  return cells;
}

#define CELL(cells, i) ((KzSurveyCell *) g_ptr_array_index ((cells), (i)))

static void
test_suppress (void)
{
  /* A 6, B 4, k 5: B has too few; the whole round (10) minus A (6) would
   * give B, so A goes too; the whole round stays. */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 6, 4 }, 2);

    kz_survey_suppress (c, 5);
    g_assert_cmpint (CELL (c, 0)->suppression, ==, KZ_SHOWN);
    g_assert_cmpuint (CELL (c, 0)->n, ==, 10);
    g_assert_cmpint (CELL (c, 1)->suppression, ==, KZ_SUPPRESSED_DIFFERENCE);
    g_assert_cmpint (CELL (c, 2)->suppression, ==, KZ_SUPPRESSED_FEW);
    /* Suppressed cells keep no numbers. */
    g_assert_cmpuint (CELL (c, 1)->n, ==, 0);
    g_assert_cmpuint (CELL (c, 2)->counts[1], ==, 0);
  }
  /* A 6, B 6, C 1: C hidden (1); one of the sixes goes with it (7 ≥ 5). */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 6, 6, 1 }, 3);

    kz_survey_suppress (c, 5);
    g_assert_cmpint (CELL (c, 0)->suppression, ==, KZ_SHOWN);
    g_assert_cmpint (CELL (c, 3)->suppression, ==, KZ_SUPPRESSED_FEW);
    g_assert_true ((CELL (c, 1)->suppression == KZ_SUPPRESSED_DIFFERENCE) !=
                   (CELL (c, 2)->suppression == KZ_SUPPRESSED_DIFFERENCE));
  }
  /* A 3, B 3: both too few; together 6 ≥ 5, so the whole round shows. */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 3, 3 }, 2);

    kz_survey_suppress (c, 5);
    g_assert_cmpint (CELL (c, 0)->suppression, ==, KZ_SHOWN);
    g_assert_cmpint (CELL (c, 1)->suppression, ==, KZ_SUPPRESSED_FEW);
    g_assert_cmpint (CELL (c, 2)->suppression, ==, KZ_SUPPRESSED_FEW);
  }
  /* A 2, B 2: the whole round (4) too. */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 2, 2 }, 2);

    kz_survey_suppress (c, 5);
    g_assert_cmpint (CELL (c, 0)->suppression, ==, KZ_SUPPRESSED_FEW);
  }
  /* A 5, B 5: everything shows. */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 5, 5 }, 2);

    kz_survey_suppress (c, 5);
    for (guint i = 0; i < c->len; i++)
      g_assert_cmpint (CELL (c, i)->suppression, ==, KZ_SHOWN);
  }
  /* k 7 on 7 and 6: the 6 hides, and the 7 with it (6 < 7). */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 7, 6 }, 2);

    kz_survey_suppress (c, 7);
    g_assert_cmpint (CELL (c, 0)->suppression, ==, KZ_SHOWN);
    g_assert_cmpint (CELL (c, 1)->suppression, ==, KZ_SUPPRESSED_DIFFERENCE);
    g_assert_cmpint (CELL (c, 2)->suppression, ==, KZ_SUPPRESSED_FEW);
  }
}

static void
test_figures (void)
{
  g_autoptr(KzSurveyCell) enps = kz_survey_cell_new (1, KZ_CELL_ALL, "enps");
  g_autoptr(KzSurveyCell) before = kz_survey_cell_new (1, KZ_CELL_ALL, "q");
  g_autoptr(KzSurveyCell) after = kz_survey_cell_new (2, KZ_CELL_ALL, "q");
  KzMeanInterval m;
  KzEnps e;
  KzWelch w;

  /* 10 9 9 10 9 8 7 3 0 6: P 5, passives 2, D 3 → +20 (test-stats has the
   * interval worked out). */
  for (const int *v = (const int[]) { 10, 9, 9, 10, 9, 8, 7, 3, 0, 6, -1 }; *v >= 0; v++)
    kz_survey_cell_add (enps, *v);
  g_assert_true (kz_survey_cell_enps (enps, &e));
  g_assert_cmpuint (e.n, ==, 10);
  g_assert_cmpfloat_with_epsilon (e.enps, 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (e.low, -30.326834, 1e-5);
  /* Mean of those: 71 ÷ 10 = 7.1, on 0–100 71. */
  g_assert_true (kz_survey_cell_mean (enps, &m));
  g_assert_cmpfloat_with_epsilon (m.mean, 7.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_survey_normalise (KZ_QUESTION_SCALE_0_10, m.mean), 71.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (kz_survey_normalise (KZ_QUESTION_AGREE_1_5, 4.0), 75.0, 1e-9);

  /* 2 2 2 3 3 → 5 5 4 5 4: means 2.4 → 4.6, a real move. */
  for (const int *v = (const int[]) { 2, 2, 2, 3, 3, -1 }; *v >= 0; v++)
    kz_survey_cell_add (before, *v);
  for (const int *v = (const int[]) { 5, 5, 4, 5, 4, -1 }; *v >= 0; v++)
    kz_survey_cell_add (after, *v);
  g_assert_true (kz_survey_cell_change (before, after, &w));
  g_assert_cmpfloat_with_epsilon (w.diff, 2.2, 1e-9);

  /* Suppressed: no figures at all. */
  before->suppression = KZ_SUPPRESSED_FEW;
  g_assert_false (kz_survey_cell_change (before, after, &w));
  g_assert_false (kz_survey_cell_mean (before, &m));
}

static void
test_comment_visibility (void)
{
  gboolean whole, by_team;

  /* k 5 → comments need 5: A 6, B 5, whole 11: both. */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 6, 5 }, 2);

    kz_survey_suppress (c, 5);
    kz_survey_comment_visibility (c, 5, &whole, &by_team);
    g_assert_true (whole);
    g_assert_true (by_team);
  }
  /* A 6, B 4: the whole round's list, but no team lists. */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 6, 4 }, 2);

    kz_survey_suppress (c, 5);
    kz_survey_comment_visibility (c, 5, &whole, &by_team);
    g_assert_true (whole);
    g_assert_false (by_team);
  }
  /* k 3: scores show at 3, comments still need 5. */
  {
    g_autoptr(GPtrArray) c = cells_of ((const guint[]) { 2, 2 }, 2);

    kz_survey_suppress (c, 3);
    g_assert_cmpint (CELL (c, 0)->suppression, ==, KZ_SHOWN);
    kz_survey_comment_visibility (c, 3, &whole, &by_team);
    g_assert_false (whole);
    g_assert_false (by_team);
  }
}

static void
test_ideas_and_randomness (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *token = kz_voice_new_token ();
  g_autofree char *hash = kz_voice_token_hash (token);
  g_autofree char *hash2 = kz_voice_token_hash (token);
  g_autofree char *pseudonym = kz_voice_new_pseudonym ();
  GDate d, monday;

  g_assert_true (kz_idea_status_check_move (KZ_IDEA_NEW, KZ_IDEA_UNDER_REVIEW, NULL, NULL));
  g_assert_true (kz_idea_status_check_move (KZ_IDEA_PLANNED, KZ_IDEA_DONE, NULL, NULL));
  g_assert_false (kz_idea_status_check_move (KZ_IDEA_NEW, KZ_IDEA_DONE, NULL, &error));
  g_clear_error (&error);
  g_assert_false (kz_idea_status_check_move (KZ_IDEA_NEW, KZ_IDEA_DECLINED, "", &error));
  g_assert_nonnull (strstr (error->message, "Say why"));
  g_clear_error (&error);
  g_assert_true (kz_idea_status_check_move (KZ_IDEA_NEW, KZ_IDEA_DECLINED, "We tried this in 2024", NULL));

  /* Tokens and their hashes: 32 hex digits; the hash is not the token. */
  g_assert_cmpuint (strlen (token), ==, 32);
  g_assert_cmpstr (hash, ==, hash2);
  g_assert_null (strstr (hash, token));
  g_assert_true (g_str_has_prefix (pseudonym, "Anonymous "));
  g_assert_cmpuint (strlen (pseudonym), ==, strlen ("Anonymous 3f2a"));

  /* A thousand ids: all different, and not in the order made. */
  {
    guint n_rising = 0;
    g_autofree char *previous = NULL;

    for (guint i = 0; i < 1000; i++)
      {
        char *id = kz_voice_new_id ();

        g_assert_cmpuint (strlen (id), ==, 32);
        if (previous != NULL && strcmp (id, previous) > 0)
          n_rising++;
        g_free (previous);
        previous = g_strdup (id);
        g_assert_true (g_hash_table_add (ids, id));
      }
    /* Random ids rise about half the time; sequential ones always. */
    g_assert_cmpuint (n_rising, >, 350);
    g_assert_cmpuint (n_rising, <, 650);
  }

  /* Wednesday 2026-03-04 → Monday 2026-03-02; a Monday is its own. */
  g_date_set_dmy (&d, 4, 3, 2026);
  kz_voice_week_of (&d, &monday);
  g_assert_cmpint (g_date_get_day (&monday), ==, 2);
  g_date_set_dmy (&d, 2, 3, 2026);
  kz_voice_week_of (&d, &monday);
  g_assert_cmpint (g_date_get_day (&monday), ==, 2);
  g_date_set_dmy (&d, 8, 3, 2026);   /* Sunday */
  kz_voice_week_of (&d, &monday);
  g_assert_cmpint (g_date_get_day (&monday), ==, 2);
}

int
main (int argc, char **argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/voice/default-bank", test_default_bank);
  g_test_add_func ("/voice/rotation", test_rotation);
  g_test_add_func ("/voice/answers-check", test_answers_check);
  g_test_add_func ("/voice/suppress", test_suppress);
  g_test_add_func ("/voice/figures", test_figures);
  g_test_add_func ("/voice/comment-visibility", test_comment_visibility);
  g_test_add_func ("/voice/ideas-and-randomness", test_ideas_and_randomness);
  return g_test_run ();
}
