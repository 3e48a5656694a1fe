/* test-rubric.c — the rubric format, its loader and the shipped rubrics
 *
 * Expected counts, weights and line numbers were read off the files by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rubric"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "kz-error.h"
#include "kz-rubric.h"
#include "kz-rubric-private.h"

/* ---- helpers ------------------------------------------------------------- */

static char *
rubrics_path (const char *name)
{
  const char *dir = g_getenv ("KAIZEN_RUBRICS_DIR");

  return g_build_filename (dir != NULL ? dir : RUBRICS_SRCDIR, name, NULL);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "rubric", "data", name, NULL);
}

static KzRubric *
load_shipped (const char *name)
{
  g_autofree char *path = rubrics_path (name);
  g_autoptr(GError) error = NULL;
  KzRubric *rubric = kz_rubric_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rubric);
  return rubric;
}

static KzSection *
section_at (KzRubric *rubric,
            guint     index)
{
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  g_assert_cmpuint (index, <, sections->len);
  return g_ptr_array_index (sections, index);
}

static const KzScalePoint *
point_at (const KzScale *scale,
          guint          index)
{
  g_assert_cmpuint (index, <, scale->points->len);
  return g_ptr_array_index (scale->points, index);
}

/* Loads a broken file and returns the error message, after checking it is
 * KZ_ERROR_INVALID_FILE and starts with "PATH:LINE: ". */
static char *
load_error (const char *name,
            int         line)
{
  g_autofree char *path = data_path (name);
  g_autofree char *prefix = g_strdup_printf ("%s:%d: ", path, line);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_rubric_load_file (path, &error);

  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("%s: expected a message starting with “%s”, got “%s”",
             name, prefix, error->message);

  return g_strdup (error->message);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("expected “%s” in “%s”", needle, haystack);
}

/* Every point of every scale and every criterion carries guidance. */
static void
assert_all_guidance (KzRubric *rubric)
{
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *section = g_ptr_array_index (sections, i);

      g_assert_cmpstr (section->title, !=, "");
      for (guint j = 0; j < section->criteria->len; j++)
        {
          KzCriterion *criterion = g_ptr_array_index (section->criteria, j);

          g_assert_nonnull (criterion->guidance);
          g_assert_cmpuint (strlen (criterion->guidance), >, 40);
          g_assert_true (criterion->section == section);
          for (guint k = 0; k < criterion->scale->points->len; k++)
            {
              const KzScalePoint *point = point_at (criterion->scale, k);

              g_assert_nonnull (point->guidance);
              g_assert_cmpuint (strlen (point->guidance), >, 10);
            }
        }
    }
}

/* ---- shipped rubrics -------------------------------------------------------- */

static void
test_shipped_phone (void)
{
  g_autoptr(KzRubric) rubric = load_shipped ("phone-support.xml");
  KzCriterion *c;
  KzSection *s;

  g_assert_cmpstr (kz_rubric_get_id (rubric), ==, "phone-support");
  g_assert_cmpstr (kz_rubric_get_title (rubric), ==, "Phone support");
  g_assert_cmpint (kz_rubric_get_version (rubric), ==, 1);
  g_assert_cmpfloat (kz_rubric_get_pass_mark (rubric), ==, 80.0);
  g_assert_cmpint (kz_rubric_get_dispute_days (rubric), ==, 7);
  g_assert_cmpint (kz_rubric_get_max_disputes (rubric), ==, 2);   /* the default: not in the file */
  g_assert_cmpuint (kz_rubric_get_sections (rubric)->len, ==, 5);
  g_assert_cmpuint (kz_rubric_get_n_criteria (rubric), ==, 15);

  /* Opening 2, Discovery 3, Resolution 4, Soft skills 3, Closing 3. */
  g_assert_cmpuint (section_at (rubric, 0)->criteria->len, ==, 2);
  g_assert_cmpuint (section_at (rubric, 1)->criteria->len, ==, 3);
  g_assert_cmpuint (section_at (rubric, 2)->criteria->len, ==, 4);
  g_assert_cmpuint (section_at (rubric, 3)->criteria->len, ==, 3);
  g_assert_cmpuint (section_at (rubric, 4)->criteria->len, ==, 3);

  s = section_at (rubric, 2);
  g_assert_cmpstr (s->id, ==, "resolution");
  g_assert_cmpfloat (s->weight, ==, 40.0);
  g_assert_cmpstr (s->description, ==, "The right answer, owned through to the end.");

  c = kz_rubric_find_criterion (rubric, "correct-solution");
  g_assert_nonnull (c);
  g_assert_true (c->section == s);
  g_assert_cmpfloat (c->weight, ==, 3.0);
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_SECTION);
  g_assert_true (c->has_fail_below);
  g_assert_cmpfloat (c->fail_below, ==, 3.0);
  g_assert_cmpint (c->na_policy, ==, KZ_NA_FORBIDDEN);
  g_assert_false (kz_criterion_allows_na (c));
  g_assert_cmpint (c->line, ==, 112);  /* where the start tag ends */
  g_assert_cmpint (c->scale->kind, ==, KZ_SCALE_KIND_ORDINAL);
  g_assert_null (c->scale->id);
  g_assert_cmpuint (c->scale->points->len, ==, 5);
  g_assert_cmpstr (point_at (c->scale, 1)->label, ==, "Incomplete");
  g_assert_true (g_str_has_prefix (point_at (c->scale, 1)->guidance,
                                   "Right as far as it goes, but a question the customer asked went unanswered,"));
  /* 1 and 2 fail, 3 and up pass. */
  g_assert_true (kz_criterion_value_fails (c, 1));
  g_assert_true (kz_criterion_value_fails (c, 2));
  g_assert_false (kz_criterion_value_fails (c, 3));
  g_assert_false (kz_criterion_value_fails (c, 5));

  c = kz_rubric_find_criterion (rubric, "account-located");
  g_assert_cmpint (c->na_policy, ==, KZ_NA_PASS);
  g_assert_cmpstr (c->scale->id, ==, "yes-no");
  g_assert_cmpint (c->scale->kind, ==, KZ_SCALE_KIND_BINARY);

  /* Criteria that use one shared scale share the KzScale. */
  g_assert_true (kz_rubric_find_criterion (rubric, "greeting")->scale == c->scale);

  c = kz_rubric_find_criterion (rubric, "hold-transfer");
  g_assert_false (c->required);
  g_assert_cmpint (c->na_policy, ==, KZ_NA_EXCLUDE);
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_NONE);
  g_assert_cmpfloat (c->weight, ==, 1.0);

  c = kz_rubric_find_criterion (rubric, "empathy");
  g_assert_cmpstr (c->scale->id, ==, "skill-1-5");
  g_assert_cmpfloat (kz_scale_get_min (c->scale), ==, 1.0);
  g_assert_cmpfloat (kz_scale_get_max (c->scale), ==, 5.0);
  g_assert_cmpstr (kz_scale_find_point (c->scale, 3)->label, ==, "Meets expectations");

  g_assert_null (kz_rubric_find_criterion (rubric, "no-such-criterion"));
  assert_all_guidance (rubric);
}

static void
test_shipped_email (void)
{
  g_autoptr(KzRubric) rubric = load_shipped ("email-support.xml");
  KzCriterion *c;

  g_assert_cmpstr (kz_rubric_get_id (rubric), ==, "email-support");
  g_assert_cmpuint (kz_rubric_get_sections (rubric)->len, ==, 5);
  g_assert_cmpuint (kz_rubric_get_n_criteria (rubric), ==, 12);
  g_assert_cmpfloat (section_at (rubric, 1)->weight, ==, 35.0);
  g_assert_cmpstr (section_at (rubric, 1)->title, ==, "Accuracy and resolution");

  c = kz_rubric_find_criterion (rubric, "accurate");
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_SECTION);
  g_assert_false (c->has_fail_below);
  g_assert_cmpint (c->scale->kind, ==, KZ_SCALE_KIND_LABELLED);
  g_assert_cmpuint (c->scale->points->len, ==, 3);
  g_assert_cmpfloat (point_at (c->scale, 1)->value, ==, 0.5);
  g_assert_cmpstr (point_at (c->scale, 1)->label, ==, "Partly met");
  /* Without fail-below only the lowest point fails. */
  g_assert_true (kz_criterion_value_fails (c, 0.0));
  g_assert_false (kz_criterion_value_fails (c, 0.5));

  c = kz_rubric_find_criterion (rubric, "history-read");
  g_assert_cmpint (c->na_policy, ==, KZ_NA_PASS);

  c = kz_rubric_find_criterion (rubric, "ticket-fields");
  g_assert_false (c->required);

  c = kz_rubric_find_criterion (rubric, "clarity");
  g_assert_cmpstr (c->scale->id, ==, "writing-1-4");
  g_assert_cmpfloat (kz_scale_get_max (c->scale), ==, 4.0);

  assert_all_guidance (rubric);
}

static void
test_shipped_compliance (void)
{
  g_autoptr(KzRubric) rubric = load_shipped ("compliance-account-servicing.xml");
  KzCriterion *c;

  g_assert_cmpstr (kz_rubric_get_title (rubric), ==, "Regulated account servicing");
  g_assert_cmpfloat (kz_rubric_get_pass_mark (rubric), ==, 90.0);
  g_assert_cmpint (kz_rubric_get_dispute_days (rubric), ==, 5);
  g_assert_cmpuint (kz_rubric_get_sections (rubric)->len, ==, 5);
  g_assert_cmpuint (kz_rubric_get_n_criteria (rubric), ==, 11);
  g_assert_true (g_str_has_prefix (kz_rubric_get_description (rubric),
                                   "Compliance review of calls in which an agent discusses"));
  /* The description's blank line is a paragraph break. */
  assert_contains (kz_rubric_get_description (rubric), "changes a customer's account with a bank, lender or utility.\n\nA failed identity check");

  c = kz_rubric_find_criterion (rubric, "id-verification");
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_FORM);
  g_assert_cmpint (c->na_policy, ==, KZ_NA_FORBIDDEN);
  g_assert_cmpfloat (c->weight, ==, 2.0);

  c = kz_rubric_find_criterion (rubric, "recording-notice");
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_FORM);

  c = kz_rubric_find_criterion (rubric, "product-disclosures");
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_FORM);
  g_assert_true (c->has_fail_below);
  g_assert_cmpfloat (c->fail_below, ==, 2.0);
  g_assert_true (kz_criterion_value_fails (c, 1.0));   /* "Partly done" fails */
  g_assert_false (kz_criterion_value_fails (c, 2.0));

  c = kz_rubric_find_criterion (rubric, "data-minimisation");
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_SECTION);
  g_assert_cmpstr (c->section->id, ==, "data-protection");

  c = kz_rubric_find_criterion (rubric, "vulnerability");
  g_assert_cmpint (c->na_policy, ==, KZ_NA_FIXED);
  g_assert_cmpfloat (c->na_value, ==, 1.0);
  g_assert_true (kz_criterion_allows_na (c));
  g_assert_cmpstr (kz_scale_find_point (c->scale, c->na_value)->label, ==, "Partly done");

  c = kz_rubric_find_criterion (rubric, "account-notes");
  g_assert_false (c->required);

  assert_all_guidance (rubric);
}

/* Together the shipped rubrics show every feature of the format. */
static void
test_shipped_coverage (void)
{
  const char *names[] = { "phone-support.xml", "email-support.xml",
                          "compliance-account-servicing.xml" };
  gboolean kinds[3] = { FALSE }, na[4] = { FALSE }, critical[3] = { FALSE };
  gboolean fail_below = FALSE, optional = FALSE;

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autoptr(KzRubric) rubric = load_shipped (names[n]);
      GPtrArray *sections = kz_rubric_get_sections (rubric);

      for (guint i = 0; i < sections->len; i++)
        {
          KzSection *section = g_ptr_array_index (sections, i);

          for (guint j = 0; j < section->criteria->len; j++)
            {
              KzCriterion *c = g_ptr_array_index (section->criteria, j);

              kinds[c->scale->kind] = TRUE;
              na[c->na_policy] = TRUE;
              critical[c->critical] = TRUE;
              fail_below |= c->has_fail_below;
              optional |= !c->required;
            }
        }
    }

  for (guint i = 0; i < 3; i++)
    g_assert_true (kinds[i]);
  for (guint i = 0; i < 4; i++)
    g_assert_true (na[i]);
  for (guint i = 0; i < 3; i++)
    g_assert_true (critical[i]);
  g_assert_true (fail_below);
  g_assert_true (optional);
}

/* ---- a minimal file: defaults, text, source ------------------------------- */

static void
test_minimal (void)
{
  g_autofree char *path = data_path ("minimal.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  KzRubric *again;
  KzCriterion *c;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  rubric = kz_rubric_load_data (contents, length, "minimal.xml", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (kz_rubric_get_title (rubric), ==, "A minimal rubric");
  g_assert_null (kz_rubric_get_description (rubric));
  g_assert_cmpint (kz_rubric_get_version (rubric), ==, 3);
  g_assert_cmpfloat (kz_rubric_get_pass_mark (rubric), ==, 80.0);
  g_assert_cmpint (kz_rubric_get_dispute_days (rubric), ==, 7);
  g_assert_cmpint (kz_rubric_get_max_disputes (rubric), ==, 2);
  g_assert_cmpfloat (section_at (rubric, 0)->weight, ==, 1.0);
  g_assert_null (section_at (rubric, 0)->description);

  c = kz_rubric_find_criterion (rubric, "c1");
  g_assert_cmpint (c->line, ==, 7);
  g_assert_cmpfloat (c->weight, ==, 1.0);
  g_assert_cmpint (c->na_policy, ==, KZ_NA_EXCLUDE);
  g_assert_true (c->required);
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_NONE);
  g_assert_false (c->has_fail_below);
  g_assert_cmpstr (c->guidance, ==,
                   "Line one of the first paragraph continues here.\n\nSecond paragraph.");

  /* An ordinal point's label defaults to its value as written. */
  g_assert_cmpstr (point_at (c->scale, 0)->label, ==, "1");
  g_assert_null (point_at (c->scale, 0)->guidance);
  g_assert_cmpstr (point_at (c->scale, 1)->label, ==, "Middle");
  g_assert_cmpstr (point_at (c->scale, 2)->guidance, ==, "Top.");

  /* The source is kept byte for byte; its SHA-256 from `sha256sum minimal.xml`. */
  g_assert_cmpstr (kz_rubric_get_source (rubric), ==, contents);
  g_assert_cmpstr (kz_rubric_get_checksum (rubric), ==,
                   "e72f21c7f9f9425f47c7a70363271a934b03d384bf45c2106c703a8ec9e04dd3");

  /* Reference counting and the boxed type. */
  again = kz_rubric_ref (rubric);
  g_assert_true (again == rubric);
  kz_rubric_unref (again);
  again = g_boxed_copy (KZ_TYPE_RUBRIC, rubric);
  g_assert_true (again == rubric);
  g_boxed_free (KZ_TYPE_RUBRIC, again);
  g_assert_cmpstr (kz_rubric_get_id (rubric), ==, "minimal");
}

static void
test_fixed_ok (void)
{
  g_autofree char *path = data_path ("fixed-ok.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_rubric_load_file (path, &error);
  KzCriterion *c;

  g_assert_no_error (error);
  c = kz_rubric_find_criterion (rubric, "c1");
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_FORM);
  g_assert_cmpfloat (c->fail_below, ==, 3.0);
  g_assert_cmpint (c->na_policy, ==, KZ_NA_FIXED);
  g_assert_cmpfloat (c->na_value, ==, 3.0);
  g_assert_cmpfloat (c->weight, ==, 2.5);
  g_assert_false (c->required);
}

/* The dispute settings, both given. */
static void
test_dispute_settings (void)
{
  g_autofree char *path = data_path ("dispute-settings.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_rubric_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kz_rubric_get_dispute_days (rubric), ==, 3);
  g_assert_cmpint (kz_rubric_get_max_disputes (rubric), ==, 1);
}

/* ---- scales and fail rules on hand-made criteria --------------------------- */

static void
test_scale_helpers (void)
{
  g_autoptr(KzScale) scale = kz_scale_new ("q", KZ_SCALE_KIND_LABELLED);
  g_autoptr(KzScale) binary = kz_scale_new (NULL, KZ_SCALE_KIND_BINARY);

  kz_scale_add_point (scale, -1.0, "Harmful", NULL);
  kz_scale_add_point (scale, 0.0, "Missing", NULL);
  kz_scale_add_point (scale, 2.5, "Good", "What good looks like");
  kz_scale_add_point (scale, 10.0, "Great", NULL);
  kz_scale_add_point (binary, 0.0, "No", NULL);
  kz_scale_add_point (binary, 1.0, "Yes", NULL);

  g_assert_cmpfloat (kz_scale_get_min (scale), ==, -1.0);
  g_assert_cmpfloat (kz_scale_get_max (scale), ==, 10.0);
  g_assert_cmpstr (kz_scale_find_point (scale, 2.5)->label, ==, "Good");
  g_assert_cmpstr (kz_scale_find_point (scale, 2.5)->guidance, ==, "What good looks like");
  /* Values that went through arithmetic still match. */
  g_assert_cmpstr (kz_scale_find_point (scale, 0.1 + 0.2 - 0.3)->label, ==, "Missing");
  g_assert_cmpstr (kz_scale_find_point (scale, 2.5 + 1e-12)->label, ==, "Good");
  g_assert_null (kz_scale_find_point (scale, 2.4));
  g_assert_null (kz_scale_find_point (scale, 1.0));
  g_assert_null (kz_scale_find_point (scale, 11.0));

  g_assert_cmpfloat (kz_scale_get_min (binary), ==, 0.0);
  g_assert_cmpfloat (kz_scale_get_max (binary), ==, 1.0);
  g_assert_cmpstr (kz_scale_find_point (binary, 1.0)->label, ==, "Yes");

  g_assert_cmpstr (kz_scale_kind_to_string (KZ_SCALE_KIND_BINARY), ==, "binary");
  g_assert_cmpstr (kz_scale_kind_to_string (KZ_SCALE_KIND_ORDINAL), ==, "ordinal");
  g_assert_cmpstr (kz_scale_kind_to_string (KZ_SCALE_KIND_LABELLED), ==, "labelled");
  g_assert_cmpstr (kz_na_policy_to_string (KZ_NA_EXCLUDE), ==, "exclude");
  g_assert_cmpstr (kz_na_policy_to_string (KZ_NA_PASS), ==, "pass");
  g_assert_cmpstr (kz_na_policy_to_string (KZ_NA_FIXED), ==, "fixed");
  g_assert_cmpstr (kz_na_policy_to_string (KZ_NA_FORBIDDEN), ==, "forbidden");
  g_assert_cmpstr (kz_critical_level_to_string (KZ_CRITICAL_NONE), ==, "none");
  g_assert_cmpstr (kz_critical_level_to_string (KZ_CRITICAL_SECTION), ==, "section");
  g_assert_cmpstr (kz_critical_level_to_string (KZ_CRITICAL_FORM), ==, "form");
}

static void
test_value_fails (void)
{
  g_autoptr(KzScale) five = kz_scale_new (NULL, KZ_SCALE_KIND_ORDINAL);
  g_autoptr(KzScale) binary = kz_scale_new (NULL, KZ_SCALE_KIND_BINARY);
  g_autoptr(KzCriterion) c = NULL;
  g_autoptr(KzCriterion) yes_no = NULL;

  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *label = g_strdup_printf ("%d", i);

      kz_scale_add_point (five, i, label, NULL);
    }
  kz_scale_add_point (binary, 0.0, "No", NULL);
  kz_scale_add_point (binary, 1.0, "Yes", NULL);

  c = kz_criterion_new ("c", "C", five);
  yes_no = kz_criterion_new ("y", "Y", binary);

  /* Not critical: nothing fails, not even the lowest point. */
  g_assert_false (kz_criterion_value_fails (c, 1.0));
  g_assert_false (kz_criterion_value_fails (yes_no, 0.0));

  /* Critical without a threshold: only the lowest point fails. */
  c->critical = KZ_CRITICAL_SECTION;
  g_assert_true (kz_criterion_value_fails (c, 1.0));
  g_assert_false (kz_criterion_value_fails (c, 2.0));
  g_assert_false (kz_criterion_value_fails (c, 5.0));
  yes_no->critical = KZ_CRITICAL_FORM;
  g_assert_true (kz_criterion_value_fails (yes_no, 0.0));
  g_assert_false (kz_criterion_value_fails (yes_no, 1.0));

  /* fail-below 4: 1, 2, 3 fail; 4 and 5 pass; the threshold itself passes. */
  c->has_fail_below = TRUE;
  c->fail_below = 4.0;
  g_assert_true (kz_criterion_value_fails (c, 1.0));
  g_assert_true (kz_criterion_value_fails (c, 3.0));
  g_assert_true (kz_criterion_value_fails (c, 3.999));
  g_assert_false (kz_criterion_value_fails (c, 4.0));
  g_assert_false (kz_criterion_value_fails (c, 5.0));

  /* A threshold between points: 2.5 fails 1 and 2, not 3. */
  c->fail_below = 2.5;
  g_assert_true (kz_criterion_value_fails (c, 2.0));
  g_assert_false (kz_criterion_value_fails (c, 3.0));

  g_assert_true (kz_criterion_allows_na (c));
  c->na_policy = KZ_NA_PASS;
  g_assert_true (kz_criterion_allows_na (c));
  c->na_policy = KZ_NA_FIXED;
  g_assert_true (kz_criterion_allows_na (c));
  c->na_policy = KZ_NA_FORBIDDEN;
  g_assert_false (kz_criterion_allows_na (c));
}

/* ---- broken files: line and words of every message ------------------------ */

typedef struct {
  const char *file;
  int         line;
  const char *words[3];
} BadFile;

static const BadFile semantic_errors[] = {
  { "dup-section.xml", 18, { "duplicate section id “s1”", "line 10" } },
  { "dup-criterion.xml", 20, { "duplicate criterion id “c1”", "line 12" } },
  { "dup-scale.xml", 9, { "duplicate scale id “yes-no”", "line 5" } },
  { "unknown-ref.xml", 15, { "“yes-nope”", "not defined", "<scales>" } },
  { "weight-zero.xml", 6, { "weight=\"0\"", "greater than 0" } },
  { "weight-negative-section.xml", 4, { "weight=\"-5\"", "<section>", "greater than 0" } },
  { "weight-not-number.xml", 6, { "weight=\"heavy\"", "number" } },
  { "one-point.xml", 9, { "at least 2 points", "has 1" } },
  { "binary-three.xml", 9, { "binary scale has exactly 2 points", "has 3" } },
  { "points-decreasing.xml", 12, { "value=\"2\"", "not greater than the point before it (3)" } },
  { "points-equal.xml", 12, { "value=\"0.50\"", "(0.5)", "lowest to highest" } },
  { "critical-cannot-fail.xml", 6, { "fail-below=\"1\"", "lowest point of the scale (1)", "never fail" } },
  { "fail-below-above-max.xml", 6, { "fail-below=\"6\"", "highest point of the scale (5)", "every answer" } },
  { "fail-below-not-critical.xml", 6, { "fail-below", "only used on a critical criterion" } },
  { "fixed-without-value.xml", 6, { "na=\"fixed\" needs an na-value", "from 1 to 5" } },
  { "na-value-outside.xml", 6, { "na-value=\"7\"", "outside the scale", "from 1 to 5" } },
  { "na-value-wrong-policy.xml", 6, { "na-value is only used with na=\"fixed\"", "na=\"pass\"" } },
  { "critical-fixed-fails.xml", 6, { "na-value=\"2\"", "would itself fail" } },
  { "pass-mark-range.xml", 2, { "pass-mark=\"120\"", "from 0 to 100" } },
  { "version-zero.xml", 2, { "version=\"0\"", "1 or more" } },
  { "version-missing.xml", 2, { "needs a version attribute" } },
  { "dispute-days-range.xml", 2, { "dispute-days=\"400\"", "0 to 365" } },
  { "max-disputes-range.xml", 2, { "max-disputes=\"21\"", "0 to 20" } },
  { "bad-id.xml", 6, { "id=\"call opening\"", "not a valid id" } },
  { "bad-na.xml", 6, { "na=\"skip\"", "exclude, pass, fixed or forbidden" } },
  { "bad-critical.xml", 6, { "critical=\"yes\"", "none, section or form" } },
  { "bad-required.xml", 6, { "required=\"yes\"", "required=\"false\"" } },
  { "bad-kind.xml", 9, { "kind=\"likert\"", "binary, ordinal or labelled" } },
  { "point-not-number.xml", 11, { "value=\"two\"", "not a number" } },
  { "label-missing.xml", 11, { "labelled scale needs a label" } },
  { "empty-label.xml", 11, { "label is empty" } },
  { "empty-title.xml", 5, { "title is empty" } },
  { "no-namespace.xml", 3, { "no namespace", "xmlns=\"https://kaizen-qa.org/ns/rubric/1\"" } },
  { "future-format.xml", 2, { "format “2”", "update Kaizen" } },
  { "not-a-rubric.xml", 2, { "not a Kaizen rubric", "<html>" } },
  { "missing-guidance.xml", 6, { "<criterion id=\"c1\"> has no <guidance>" } },
  /* What only the schema catches, in libxml2's words and where. */
  { "unknown-element.xml", 9, { "weighting", "inside <criterion id=\"c1\">" } },
};

static void
test_semantic_error (gconstpointer data)
{
  const BadFile *bad = data;
  g_autofree char *message = load_error (bad->file, bad->line);

  for (guint i = 0; i < G_N_ELEMENTS (bad->words) && bad->words[i] != NULL; i++)
    assert_contains (message, bad->words[i]);
}

static const BadFile malformed[] = {
  { "malformed-mismatch.xml", 7, { "tag mismatch", "title" } },
  { "malformed-attribute.xml", 6, { "AttValue" } },
  { "malformed-entity.xml", 5, { "Entity 'nbsp' not defined" } },
  { "malformed-truncated.xml", 5, { "Premature end of data" } },
};

static const char *doctype_message = "document type declarations are not allowed in rubric files";

static const BadFile hostile[] = {
  { "xxe-passwd.xml", 2, { NULL } },
  { "billion-laughs.xml", 2, { NULL } },
  { "dtd-http.xml", 2, { NULL } },
  { "dtd-local.xml", 3, { NULL } },
  { "dtd-passwd.xml", 2, { NULL } },
  { "parameter-entities.xml", 2, { NULL } },
};

static void
test_hostile (gconstpointer data)
{
  const BadFile *bad = data;
  g_autofree char *message = load_error (bad->file, bad->line);

  assert_contains (message, doctype_message);
  g_assert_null (strstr (message, "root:"));
  g_assert_null (strstr (message, "lollollol"));
}

static void
test_xinclude_ignored (void)
{
  g_autofree char *message = load_error ("xinclude.xml", 9);

  g_assert_null (strstr (message, "root:"));
  assert_contains (message, "include");
  assert_contains (message, "inside <guidance>");
}

/* Through load_data the message carries the display name given. */
static void
test_data_display_name (void)
{
  const char *text =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE rubric [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
    "<rubric xmlns=\"https://kaizen-qa.org/ns/rubric/1\" id=\"t\" version=\"1\"><title>&x;</title></rubric>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_rubric_load_data (text, strlen (text), "pasted rubric", &error);

  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "pasted rubric:2: "));
  assert_contains (error->message, doctype_message);
}

static void
test_encoding (void)
{
  /* Latin-1 "é" on line 3, and a NUL byte on line 2. */
  const char latin1[] = "<?xml version=\"1.0\"?>\n<rubric>\n<title>Caf\xe9</title>\n";
  const char nul[] = "<?xml version=\"1.0\"?>\n<rubric>\0</rubric>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = NULL;

  rubric = kz_rubric_load_data (latin1, sizeof latin1 - 1, "latin1.xml", &error);
  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "latin1.xml:3: "));
  assert_contains (error->message, "UTF-8");
  g_clear_error (&error);

  rubric = kz_rubric_load_data (nul, sizeof nul - 1, "nul.xml", &error);
  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "nul.xml:2: "));
  assert_contains (error->message, "NUL");
  g_clear_error (&error);

  rubric = kz_rubric_load_data ("", 0, "empty.xml", &error);
  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "empty.xml:"));
}

static void
test_size_limit (void)
{
  gsize length = 4 * 1024 * 1024 + 1;
  g_autofree char *big = g_malloc (length);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *prefix = NULL;

  memset (big, ' ', length);
  rubric = kz_rubric_load_data (big, length, "big.xml", &error);
  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "big.xml: "));
  assert_contains (error->message, "too large");
  assert_contains (error->message, "4194305 bytes");
  assert_contains (error->message, "at most 4.0");
  assert_contains (error->message, "(4194304 bytes)");
  g_clear_error (&error);

  dir = g_dir_make_tmp ("kz-rubric-XXXXXX", NULL);
  path = g_build_filename (dir, "big.xml", NULL);
  g_assert_true (g_file_set_contents (path, big, length, NULL));
  rubric = kz_rubric_load_file (path, &error);
  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  prefix = g_strdup_printf ("%s: ", path);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  assert_contains (error->message, "too large");
  g_clear_error (&error);

  /* A directory is not a rubric either. */
  rubric = kz_rubric_load_file (dir, &error);
  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  assert_contains (error->message, "not a regular file");
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_special_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = NULL;

  /* Reading /dev/zero would never end. */
  rubric = kz_rubric_load_file ("/dev/zero", &error);
  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "/dev/zero: "));
  assert_contains (error->message, "not a regular file");
  g_clear_error (&error);

  rubric = kz_rubric_load_file ("/nonexistent/rubric.xml", &error);
  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/rubric.xml: "));
  assert_contains (error->message, "could not read");
}

static void
add_bad_files (const char    *prefix,
               const BadFile *files,
               gsize          n_files,
               GTestDataFunc  func)
{
  for (gsize i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s", prefix, files[i].file);

      g_test_add_data_func (name, &files[i], func);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rubric/shipped/phone-support", test_shipped_phone);
  g_test_add_func ("/rubric/shipped/email-support", test_shipped_email);
  g_test_add_func ("/rubric/shipped/compliance", test_shipped_compliance);
  g_test_add_func ("/rubric/shipped/coverage", test_shipped_coverage);
  g_test_add_func ("/rubric/load/minimal", test_minimal);
  g_test_add_func ("/rubric/load/fixed-ok", test_fixed_ok);
  g_test_add_func ("/rubric/load/dispute-settings", test_dispute_settings);
  g_test_add_func ("/rubric/scale/helpers", test_scale_helpers);
  g_test_add_func ("/rubric/criterion/value-fails", test_value_fails);
  add_bad_files ("/rubric/invalid", semantic_errors, G_N_ELEMENTS (semantic_errors),
                 test_semantic_error);
  add_bad_files ("/rubric/malformed", malformed, G_N_ELEMENTS (malformed),
                 test_semantic_error);
  add_bad_files ("/rubric/hostile", hostile, G_N_ELEMENTS (hostile), test_hostile);
  g_test_add_func ("/rubric/hostile/xinclude", test_xinclude_ignored);
  g_test_add_func ("/rubric/hostile/load-data", test_data_display_name);
  g_test_add_func ("/rubric/load/encoding", test_encoding);
  g_test_add_func ("/rubric/load/size-limit", test_size_limit);
  g_test_add_func ("/rubric/load/special-files", test_special_files);

  return g_test_run ();
}
