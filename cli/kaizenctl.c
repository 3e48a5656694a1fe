/* kaizenctl — Kaizen from the command line
 *
 * Exit status: 0 success, 1 bad input (one line on stderr says what and
 * where), 2 bad usage.  Output that is data has a --json form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kaizenctl"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kz-demo.h"
#include "kz-call.h"
#include "kz-email.h"
#include "kz-evaluation-import.h"
#include "kz-feedback-import.h"
#include "kz-pg-admin.h"
#include "kz-pg-store-private.h"
#include "kz-ratings.h"
#include "kz-sampling.h"
#include "kz-store-copy.h"
#include "kz-error.h"
#include "kz-score.h"
#include "kz-store.h"
#include "kz-voice-export.h"
#include "kz-voice-import.h"

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

static char *opt_database;
static gboolean opt_json;

static const GOptionEntry database_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database,
    N_("Database file (default: ~/.local/share/kaizen/kaizen.db)"), N_("PATH") },
  { NULL }
};

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

typedef struct {
  const char *name;
  const char *args;
  const char *summary;
  int (*run) (int argc, char **argv);
} Verb;

static int
fail_input (const GError *error)
{
  /* One line: newlines in a message would break scripts that read stderr. */
  g_autofree char *msg = g_strdup (error->message);

  g_strdelimit (msg, "\n", ' ');
  g_printerr ("kaizenctl: %s\n", msg);
  return EXIT_BAD_INPUT;
}

static int
fail_usage (GOptionContext *context,
            const char     *message)
{
  g_printerr ("kaizenctl: %s\n", message);
  g_printerr (_("Try “%s --help”.\n"), g_get_prgname () ? g_get_prgname () : "kaizenctl");
  (void) context;
  return EXIT_USAGE;
}

/* Parses the options of one verb.  Returns -1 when parsing succeeded. */
static int
parse_verb (GOptionContext      *context,
            const GOptionEntry  *entries1,
            const GOptionEntry  *entries2,
            int                 *argc,
            char              ***argv)
{
  g_autoptr(GError) error = NULL;

  if (entries1 != NULL)
    g_option_context_add_main_entries (context, entries1, GETTEXT_PACKAGE);
  if (entries2 != NULL)
    g_option_context_add_main_entries (context, entries2, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return fail_usage (context, error->message);
  return -1;
}

static KzStore *
open_store (GError **error)
{
  return kz_store_open (opt_database, error);
}

/* For verbs that only read: a mistyped path must not create a new, empty
 * database (and folders) and then report that it is empty. */
static KzStore *
open_existing_store (GError **error)
{
  g_autofree char *path = opt_database ? g_strdup (opt_database) : kz_store_default_location ();

  if (!kz_store_location_is_server (path) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND,
                   _("There is no database at %s (create one with “kaizenctl demo” or "
                     "“kaizenctl rubric import”)"), path);
      return NULL;
    }
  return kz_store_open (path, error);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

/* ---- rubric ------------------------------------------------------------ */

static int
rubric_validate (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE… — check rubric files"));
  int status = EXIT_OK;
  int rc;

  g_option_context_set_summary (ctx, _("Checks each rubric file against the schema and the "
                                       "scoring rules; prints “FILE: ok” or what is wrong."));
  rc = parse_verb (ctx, NULL, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc < 2)
    return fail_usage (ctx, _("rubric validate needs at least one FILE"));

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KzRubric) rubric = kz_rubric_load_file (argv[i], &error);

      if (rubric == NULL)
        {
          fail_input (error);
          status = EXIT_BAD_INPUT;
        }
      else
        g_print (_("%s: ok (%s version %d, %u criteria)\n"), argv[i],
                 kz_rubric_get_id (rubric), kz_rubric_get_version (rubric),
                 kz_rubric_get_n_criteria (rubric));
    }
  return status;
}

static int
rubric_import (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE — store a rubric version"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzStore) store = NULL;
  gboolean added;
  int rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("rubric import needs exactly one FILE"));

  /* Parse before opening the database: a bad file never touches it. */
  rubric = kz_rubric_load_file (argv[1], &error);
  if (rubric == NULL)
    return fail_input (error);
  store = open_store (&error);
  if (store == NULL)
    return fail_input (error);
  if (!kz_store_add_rubric (store, rubric, &added, &error))
    return fail_input (error);

  if (added)
    g_print (_("Imported %s version %d (%s)\n"), kz_rubric_get_id (rubric),
             kz_rubric_get_version (rubric), kz_rubric_get_title (rubric));
  else
    g_print (_("%s version %d is already in the database; nothing changed\n"),
             kz_rubric_get_id (rubric), kz_rubric_get_version (rubric));

  /* Links to principles or personas the library lacks are kept (the
   * library may follow), but said. */
  {
    g_autoptr(GPtrArray) principles = kz_store_list_principles (store, NULL);
    g_autoptr(GPtrArray) personas = kz_store_list_personas (store, NULL);
    g_auto(GStrv) missing_principles = NULL;
    g_auto(GStrv) missing_personas = NULL;

    if (principles != NULL && personas != NULL)
      {
        kz_cx_unknown_links (rubric, principles, personas, &missing_principles, &missing_personas);
        if (missing_principles[0] != NULL)
          {
            g_autofree char *list = g_strjoinv (", ", missing_principles);

            g_printerr (_("kaizenctl: note: %s links CX principles that are not in the library yet: %s "
                          "(add them with “kaizenctl principles add” or “principles import”)\n"),
                        kz_rubric_get_id (rubric), list);
          }
        if (missing_personas[0] != NULL)
          {
            g_autofree char *list = g_strjoinv (", ", missing_personas);

            g_printerr (_("kaizenctl: note: %s links personas that are not in the library yet: %s\n"),
                        kz_rubric_get_id (rubric), list);
          }
      }
  }
  return EXIT_OK;
}

static int
rubric_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— list rubrics and their versions"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc = parse_verb (ctx, database_entries, json_entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("rubric list takes no arguments"));

  store = open_existing_store (&error);
  if (store == NULL || (list = kz_store_list_rubrics (store, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          KzRubricInfo *info = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, info->id);
          json_builder_set_member_name (b, "version");
          json_builder_add_int_value (b, info->version);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, info->title);
          json_builder_set_member_name (b, "sections");
          json_builder_add_int_value (b, info->n_sections);
          json_builder_set_member_name (b, "criteria");
          json_builder_add_int_value (b, info->n_criteria);
          json_builder_set_member_name (b, "evaluations");
          json_builder_add_int_value (b, info->n_evaluations);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }

  for (guint i = 0; i < list->len; i++)
    {
      KzRubricInfo *info = g_ptr_array_index (list, i);

      g_print ("%-28s v%-3d %-40s %3u criteria %5u evaluations\n", info->id, info->version,
               info->title, info->n_criteria, info->n_evaluations);
    }
  return EXIT_OK;
}

static void
add_string_array (JsonBuilder        *b,
                  const char         *name,
                  const char * const *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static void
print_rubric_json (KzRubric *rubric)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, kz_rubric_get_id (rubric));
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, kz_rubric_get_version (rubric));
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, kz_rubric_get_title (rubric));
  json_builder_set_member_name (b, "pass_mark");
  json_builder_add_double_value (b, kz_rubric_get_pass_mark (rubric));
  json_builder_set_member_name (b, "sections");
  json_builder_begin_array (b);
  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *s = g_ptr_array_index (sections, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, s->id);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, s->title);
      json_builder_set_member_name (b, "weight");
      json_builder_add_double_value (b, s->weight);
      add_string_array (b, "principles", (const char * const *) s->principles);
      json_builder_set_member_name (b, "criteria");
      json_builder_begin_array (b);
      for (guint j = 0; j < s->criteria->len; j++)
        {
          KzCriterion *c = g_ptr_array_index (s->criteria, j);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, c->id);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, c->title);
          json_builder_set_member_name (b, "weight");
          json_builder_add_double_value (b, c->weight);
          json_builder_set_member_name (b, "scale");
          json_builder_add_string_value (b, kz_scale_kind_to_string (c->scale->kind));
          json_builder_set_member_name (b, "na");
          json_builder_add_string_value (b, kz_na_policy_to_string (c->na_policy));
          json_builder_set_member_name (b, "critical");
          json_builder_add_string_value (b, kz_critical_level_to_string (c->critical));
          json_builder_set_member_name (b, "required");
          json_builder_add_boolean_value (b, c->required);
          {
            /* Its own and its section's, as reports count them. */
            g_auto(GStrv) principles = kz_criterion_dup_principles (c);

            add_string_array (b, "principles", (const char * const *) principles);
          }
          add_string_array (b, "personas", (const char * const *) c->personas);
          json_builder_set_member_name (b, "points");
          json_builder_begin_array (b);
          for (guint k = 0; k < c->scale->points->len; k++)
            {
              KzScalePoint *p = g_ptr_array_index (c->scale->points, k);

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "value");
              json_builder_add_double_value (b, p->value);
              json_builder_set_member_name (b, "label");
              json_builder_add_string_value (b, p->label);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b);
}

static int
rubric_show (int argc, char **argv)
{
  static int version = 0;
  static const GOptionEntry entries[] = {
    { "version", 'v', 0, G_OPTION_ARG_INT, &version, N_("Version (default: the latest)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID — show a rubric"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  GPtrArray *sections;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("rubric show needs exactly one ID"));

  store = open_existing_store (&error);
  if (store == NULL || (rubric = kz_store_get_rubric (store, argv[1], version, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      print_rubric_json (rubric);
      return EXIT_OK;
    }

  g_print ("%s — %s (version %d, pass mark %g)\n", kz_rubric_get_id (rubric),
           kz_rubric_get_title (rubric), kz_rubric_get_version (rubric),
           kz_rubric_get_pass_mark (rubric));
  sections = kz_rubric_get_sections (rubric);
  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *s = g_ptr_array_index (sections, i);

      g_print ("\n%s  %s (weight %g)\n", s->id, s->title, s->weight);
      for (guint j = 0; j < s->criteria->len; j++)
        {
          KzCriterion *c = g_ptr_array_index (s->criteria, j);

          g_print ("  %-14s %s\n", c->id, c->title);
          g_print ("  %-14s weight %g · %s scale · N/A %s · critical %s%s\n", "", c->weight,
                   kz_scale_kind_to_string (c->scale->kind), kz_na_policy_to_string (c->na_policy),
                   kz_critical_level_to_string (c->critical), c->required ? "" : _(" · optional"));
          for (guint k = 0; k < c->scale->points->len; k++)
            {
              KzScalePoint *p = g_ptr_array_index (c->scale->points, k);
              g_print ("  %-14s   %g = %s%s%s\n", "", p->value, p->label,
                       p->guidance ? ": " : "", p->guidance ? p->guidance : "");
            }
        }
    }
  return EXIT_OK;
}

/* ---- score ------------------------------------------------------------- */

static int
score_verb (int argc, char **argv)
{
  static char *rubric_path, *answers_path;
  static const GOptionEntry entries[] = {
    { "rubric", 'r', 0, G_OPTION_ARG_FILENAME, &rubric_path, N_("Rubric XML file"), N_("FILE.xml") },
    { "answers", 'a', 0, G_OPTION_ARG_FILENAME, &answers_path,
      N_("CSV of “criterion_id,answer” lines; answer is a scale point value or “na”"), N_("FILE.csv") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— score one set of answers, no database"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(KzScore) score = NULL;
  int rc = parse_verb (ctx, entries, json_entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1 || rubric_path == NULL || answers_path == NULL)
    return fail_usage (ctx, _("score needs --rubric FILE.xml and --answers FILE.csv"));

  rubric = kz_rubric_load_file (rubric_path, &error);
  if (rubric == NULL)
    return fail_input (error);
  answers = kz_answer_set_load_csv (answers_path, rubric, &error);
  if (answers == NULL)
    return fail_input (error);

  score = kz_score_compute (rubric, answers);

  if (opt_json)
    {
      g_autofree char *json = kz_score_to_json (score);
      g_print ("%s\n", json);
    }
  else
    {
      g_autofree char *raw = kz_score_format_percent (score->has_score, score->raw);
      g_autofree char *final = kz_score_format_percent (score->has_score, score->final);
      g_autofree char *critical = kz_score_format_percent (score->has_critical, score->critical);
      g_autofree char *failed_by = g_strjoinv (",", score->failed_by);

      g_print ("raw: %s\n", raw);
      g_print ("final: %s\n", final);
      g_print ("auto_failed: %s\n", score->auto_failed ? "true" : "false");
      g_print ("failed_by: %s\n", failed_by);
      g_print ("critical: %s\n", critical);
      g_print ("pass: %s\n", !score->has_score ? "—" : score->pass ? "true" : "false");
      for (guint i = 0; i < score->sections->len; i++)
        {
          KzSectionScore *ss = g_ptr_array_index (score->sections, i);
          g_autofree char *s = kz_score_format_percent (ss->applicable, ss->score);

          g_print ("section %s: %s%s\n", ss->section->id, s, ss->failed ? " (failed)" : "");
        }
    }
  return EXIT_OK;
}

/* ---- demo -------------------------------------------------------------- */

static int
demo_verb (int argc, char **argv)
{
  static int seed = 1;
  static char *rubrics_dir;
  static const GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("Random seed (default 1); same seed, same data"), N_("N") },
    { "rubrics", 0, 0, G_OPTION_ARG_FILENAME, &rubrics_dir, N_("Folder of rubric files"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— fill an empty database with a demo contact centre"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  KzDemoCounts counts = { 0 };
  int rc = parse_verb (ctx, database_entries, entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("demo takes no arguments"));

  store = open_store (&error);
  if (store == NULL)
    return fail_input (error);
  if (!kz_demo_fill (store, rubrics_dir, (guint32) seed, &counts, &error))
    return fail_input (error);

  g_print (_("Demo centre created (%s): %u units, %u people, %u rubrics, %u interactions, "
             "%u evaluations\n"), kz_store_describe (store), counts.n_units, counts.n_people,
           counts.n_rubrics, counts.n_interactions, counts.n_evaluations);
  return EXIT_OK;
}

/* ---- people / evaluations ---------------------------------------------- */

static int
person_list (int argc, char **argv)
{
  static char *role;
  static const GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role, N_("Only people with this role"), N_("ROLE") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— list people"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) people = NULL;
  KzRoles roles = KZ_ROLE_NONE;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("person list takes no arguments"));
  if (role != NULL && !kz_roles_from_string (role, &roles, &error))
    return fail_usage (ctx, error->message);

  store = open_existing_store (&error);
  if (store == NULL || (people = kz_store_list_people (store, roles, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < people->len; i++)
        {
          KzPerson *p = g_ptr_array_index (people, i);
          g_autofree char *r = kz_roles_to_string (p->roles);
          g_auto(GStrv) role_names = g_strsplit (r, ",", -1);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, p->id);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, p->name);
          json_builder_set_member_name (b, "emails");
          json_builder_begin_array (b);
          for (guint k = 0; p->emails[k]; k++)
            json_builder_add_string_value (b, p->emails[k]);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "roles");
          json_builder_begin_array (b);
          for (guint k = 0; role_names[k]; k++)
            if (*role_names[k])
              json_builder_add_string_value (b, role_names[k]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }

  for (guint i = 0; i < people->len; i++)
    {
      KzPerson *p = g_ptr_array_index (people, i);
      g_autofree char *r = kz_roles_to_string (p->roles);

      g_print ("%5" G_GINT64_FORMAT "  %-24s %-42s %s\n", p->id, p->name,
               p->emails[0] ? p->emails[0] : "", r);
    }
  return EXIT_OK;
}

/* The fields every evaluation has in JSON output, list or single. */
static void
add_evaluation_members (JsonBuilder       *b,
                        gint64             id,
                        GDateTime         *date,
                        const char        *agent,
                        const char        *reviewer,
                        const char        *rubric_id,
                        int                rubric_version,
                        KzEvaluationState  state,
                        gboolean           has_score,
                        double             final,
                        gboolean           pass)
{
  g_autofree char *iso = g_date_time_format_iso8601 (date);

  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, iso);
  json_builder_set_member_name (b, "agent");
  json_builder_add_string_value (b, agent);
  json_builder_set_member_name (b, "reviewer");
  json_builder_add_string_value (b, reviewer);
  json_builder_set_member_name (b, "rubric");
  json_builder_add_string_value (b, rubric_id);
  json_builder_set_member_name (b, "rubric_version");
  json_builder_add_int_value (b, rubric_version);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, kz_evaluation_state_to_string (state));
  json_builder_set_member_name (b, "final");
  if (has_score)
    json_builder_add_double_value (b, final);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "pass");
  if (has_score)
    json_builder_add_boolean_value (b, pass);
  else
    json_builder_add_null_value (b);
}

static int
evaluation_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— list evaluations, newest first"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc = parse_verb (ctx, database_entries, json_entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("evaluation list takes no arguments"));

  store = open_existing_store (&error);
  if (store == NULL || (list = kz_store_list_evaluations (store, NULL, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          KzEvaluationSummary *s = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          add_evaluation_members (b, s->id, s->date, s->agent_name, s->reviewer_name, s->rubric_id,
                                  s->rubric_version, s->state, s->has_score, s->final, s->pass);
          /* Where it stands with the agent. */
          json_builder_set_member_name (b, "revision");
          json_builder_add_int_value (b, s->revision);
          json_builder_set_member_name (b, "acknowledged_revision");
          json_builder_add_int_value (b, s->acknowledged_revision);
          json_builder_set_member_name (b, "disputes");
          json_builder_add_int_value (b, s->n_disputes);
          json_builder_set_member_name (b, "dispute_open");
          json_builder_add_boolean_value (b, s->dispute_open);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }

  for (guint i = 0; i < list->len; i++)
    {
      KzEvaluationSummary *s = g_ptr_array_index (list, i);
      g_autofree char *date = g_date_time_format (s->date, "%Y-%m-%d");
      g_autofree char *f = kz_score_format_percent (s->has_score, s->final);

      const char *standing = s->dispute_open ? _("  disputed")
                           : s->acknowledged_revision > 0 && s->acknowledged_revision == s->revision ? _("  acknowledged")
                           : "";

      g_print ("%5" G_GINT64_FORMAT "  %s  %-22s %-18s %-22s %6s %s %s%s\n", s->id, date,
               s->agent_name, s->reviewer_name, s->rubric_id, f,
               !s->has_score ? "    " : s->pass ? "pass" : "FAIL",
               kz_evaluation_state_to_string (s->state), standing);
    }
  return EXIT_OK;
}

/* "answers": [{criterion, answer: value or "na", comment, at_ms}], by criterion id. */
static void
add_answer_members (JsonBuilder *b,
                    KzAnswerSet *answers)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (answers), (GCompareFunc) g_strcmp0);

  json_builder_set_member_name (b, "answers");
  json_builder_begin_array (b);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const KzAnswer *answer = kz_answer_set_get (answers, l->data);

      if (answer->kind == KZ_ANSWER_UNANSWERED)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "criterion");
      json_builder_add_string_value (b, answer->criterion_id);
      json_builder_set_member_name (b, "answer");
      if (answer->kind == KZ_ANSWER_NA)
        json_builder_add_string_value (b, "na");
      else
        json_builder_add_double_value (b, answer->value);
      json_builder_set_member_name (b, "comment");
      if (answer->comment != NULL)
        json_builder_add_string_value (b, answer->comment);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "at_ms");
      if (answer->comment_at_ms >= 0)
        json_builder_add_int_value (b, answer->comment_at_ms);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static int
evaluation_show (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID — show an evaluation and its score breakdown"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(KzScore) score = NULL;
  g_autoptr(KzPerson) agent = NULL;
  g_autoptr(KzPerson) reviewer = NULL;
  g_autofree char *breakdown = NULL;
  gint64 id;
  char *end;
  int rc = parse_verb (ctx, database_entries, json_entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("evaluation show needs exactly one ID"));
  id = g_ascii_strtoll (argv[1], &end, 10);
  if (*end != '\0' || id <= 0)
    return fail_usage (ctx, _("the evaluation ID is a positive number"));

  store = open_existing_store (&error);
  if (store == NULL ||
      (ev = kz_store_get_evaluation (store, id, &error)) == NULL ||
      (rubric = kz_store_get_rubric (store, ev->rubric_id, ev->rubric_version, &error)) == NULL ||
      (agent = kz_store_get_person (store, ev->agent_id, &error)) == NULL ||
      (reviewer = kz_store_get_person (store, ev->reviewer_id, &error)) == NULL)
    return fail_input (error);

  /* The stored score is the record: it was computed when the evaluation was
   * saved.  Recomputing shows the breakdown, and would reveal a stored score
   * that no longer matches its answers. */
  score = kz_score_compute (rubric, ev->answers);
  if (score->has_score != ev->has_score || (ev->has_score && fabs (score->final - ev->final) > 1e-9))
    g_printerr (_("kaizenctl: warning: the stored score of evaluation %lld differs from its answers "
                  "scored now\n"), (long long) ev->id);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_evaluation_members (b, ev->id, ev->created_at, agent->name, reviewer->name, ev->rubric_id,
                              ev->rubric_version, ev->state, ev->has_score, ev->final, ev->pass);
      json_builder_set_member_name (b, "interaction");
      if (ev->interaction_id > 0)
        json_builder_add_int_value (b, ev->interaction_id);
      else
        json_builder_add_null_value (b);
      add_answer_members (b, ev->answers);
      json_builder_set_member_name (b, "score");
      kz_score_build_json (score, b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }

  breakdown = kz_score_format_breakdown (score);
  g_print (_("Evaluation %lld — %s, reviewed by %s, %s v%d (%s)\n\n"), (long long) ev->id,
           agent->name, reviewer->name, kz_rubric_get_title (rubric), ev->rubric_version,
           kz_evaluation_state_to_string (ev->state));
  g_print ("%s", breakdown);
  return EXIT_OK;
}

/* ---- team server ------------------------------------------------------ */

static int
server_init (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("URI — set up Kaizen on an empty PostgreSQL database"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  int rc;

  g_option_context_set_summary (ctx, _("Creates (or upgrades) the schema, the kaizen_* roles and the "
                                       "row-level security policies. Run it as the database's owner, "
                                       "e.g. postgresql://postgres@db.example.org/kaizen. The password "
                                       "comes from the URI, PGPASSWORD or ~/.pgpass."));
  rc = parse_verb (ctx, NULL, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !kz_store_location_is_server (argv[1]))
    return fail_usage (ctx, _("server init needs one postgresql:// URI"));

  store = kz_pg_store_open (argv[1], NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error);
  if (store == NULL)
    return fail_input (error);
  g_print (_("%s is ready (schema %d)\n"), kz_store_describe (store), kz_store_get_schema_version (store));
  return EXIT_OK;
}

static char *
read_password (const char  *file,
               GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_strcmp0 (file, "-") == 0)
    {
      char line[1024];

      if (fgets (line, sizeof line, stdin) == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("No password on standard input"));
          return NULL;
        }
      contents = g_strdup (line);
    }
  else if (!g_file_get_contents (file, &contents, NULL, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, "%s", local_error->message);
      return NULL;
    }

  g_strchomp (contents);
  if (*contents == '\0')
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The password is empty"));
      return NULL;
    }
  return g_steal_pointer (&contents);
}

static int
server_add_user (int argc, char **argv)
{
  static char *email, *login, *password_file;
  static const GOptionEntry entries[] = {
    { "person", 'p', 0, G_OPTION_ARG_STRING, &email, N_("The person, by email address"), N_("EMAIL") },
    { "login", 'l', 0, G_OPTION_ARG_STRING, &login, N_("The login name to create"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the new login's password from FILE (“-”: standard input)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("URI — give a person a login on the team server"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzPerson) person = NULL;
  g_autofree char *password = NULL;
  g_autofree char *roles = NULL;
  int rc;

  g_option_context_set_summary (ctx, _("Creates a PostgreSQL login for a person already in the database, "
                                       "with the Kaizen roles the person has (agent, reviewer, manager, "
                                       "staff, admin); the server then shows them only what those roles "
                                       "may see."));
  rc = parse_verb (ctx, entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !kz_store_location_is_server (argv[1]) || email == NULL || login == NULL ||
      password_file == NULL)
    return fail_usage (ctx, _("server add-user needs a postgresql:// URI, --person, --login and --password-file"));

  password = read_password (password_file, &error);
  if (password == NULL)
    return fail_input (error);
  store = kz_store_open (argv[1], &error);
  if (store == NULL ||
      (person = kz_store_find_person_by_email (store, email, &error)) == NULL ||
      !kz_pg_admin_add_user (KZ_PG_STORE (store), login, password, person->id, &error))
    return fail_input (error);

  roles = kz_roles_to_string (person->roles);
  g_print (_("%s can now log in as “%s” (%s)\n"), person->name, login, roles);
  return EXIT_OK;
}

static int
migrate_verb (int argc, char **argv)
{
  static char *target;
  static const GOptionEntry entries[] = {
    { "to", 't', 0, G_OPTION_ARG_STRING, &target, N_("The team server's database"), N_("URI") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— copy a single-file database to a team server"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) from = NULL;
  g_autoptr(KzStore) to = NULL;
  KzCopyCounts counts = { 0 };
  int rc;

  g_option_context_set_summary (ctx, _("Copies everything from the single file (--database) into an "
                                       "empty team-server database that “kaizenctl server init” set up: "
                                       "people, rubrics, interactions with their emails and calls, "
                                       "evaluations, reviewers' queues, customers' ratings, and staff "
                                       "voice — the question bank, pulse plans and rounds, the anonymous "
                                       "answers, ideas, comments and votes, still anonymous and still "
                                       "each voter's own; evaluations' revisions, acknowledgements, "
                                       "disputes and audit trail, and calibration sessions. All or nothing: on any error the server is left "
                                       "as it was. Run it as the database's owner. Call recordings are "
                                       "files and stay where they are: the server keeps their paths, "
                                       "which must work on every machine that plays them."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || target == NULL || !kz_store_location_is_server (target))
    return fail_usage (ctx, _("migrate needs --to postgresql://…"));

  from = open_existing_store (&error);
  if (from == NULL || (to = kz_store_open (target, &error)) == NULL ||
      !kz_store_copy (from, to, &counts, &error))
    return fail_input (error);

  if (opt_json)
    {
      const struct { const char *key; guint n; } members[] = {
        { "units", counts.n_units },
        { "people", counts.n_people },
        { "rubrics", counts.n_rubrics },
        { "interactions", counts.n_interactions },
        { "messages", counts.n_messages },
        { "attachments", counts.n_attachments },
        { "calls", counts.n_calls },
        { "transcript_segments", counts.n_segments },
        { "evaluations", counts.n_evaluations },
        { "answers", counts.n_answers },
        { "assignments", counts.n_assignments },
        { "feedback", counts.n_feedback },
        { "survey_questions", counts.n_questions },
        { "pulse_plans", counts.n_pulse_plans },
        { "survey_rounds", counts.n_survey_rounds },
        { "survey_answers", counts.n_survey_answers },
        { "survey_participation", counts.n_participation },
        { "ideas", counts.n_ideas },
        { "idea_comments", counts.n_idea_comments },
        { "idea_votes", counts.n_idea_votes },
        { "calibration_sessions", counts.n_calibration_sessions },
        { "calibration_evaluations", counts.n_calibration_evaluations },
        { "revisions", counts.n_revisions },
        { "acknowledgements", counts.n_acknowledgements },
        { "disputes", counts.n_disputes },
        { "dispute_items", counts.n_dispute_items },
        { "audit_entries", counts.n_audit_entries },
        { "principles", counts.n_principles },
        { "personas", counts.n_personas },
      };
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "to");
      json_builder_add_string_value (b, kz_store_describe (to));
      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        {
          json_builder_set_member_name (b, members[i].key);
          json_builder_add_int_value (b, members[i].n);
        }
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }

  g_print (_("Copied to %s: %u units, %u people, %u rubrics, %u interactions, %u messages, "
             "%u attachments, %u calls, %u transcript segments, %u evaluations, %u answers, "
             "%u assignments, %u customer ratings, %u survey questions, %u pulse plans, "
             "%u survey rounds, %u survey answers, %u participation records, %u ideas, "
             "%u idea comments, %u idea votes, %u calibration sessions, %u calibration evaluations, "
             "%u revisions, %u acknowledgements, %u disputes, %u disputed criteria, %u audit entries, "
             "%u CX principles, %u personas\n"),
           kz_store_describe (to), counts.n_units, counts.n_people, counts.n_rubrics, counts.n_interactions,
           counts.n_messages, counts.n_attachments, counts.n_calls, counts.n_segments, counts.n_evaluations,
           counts.n_answers, counts.n_assignments, counts.n_feedback, counts.n_questions, counts.n_pulse_plans,
           counts.n_survey_rounds, counts.n_survey_answers, counts.n_participation, counts.n_ideas,
           counts.n_idea_comments, counts.n_idea_votes, counts.n_calibration_sessions,
           counts.n_calibration_evaluations, counts.n_revisions, counts.n_acknowledgements, counts.n_disputes,
           counts.n_dispute_items, counts.n_audit_entries, counts.n_principles, counts.n_personas);
  return EXIT_OK;
}

/* ---- import ------------------------------------------------------------ */

static void
print_issues_json (JsonBuilder *b,
                   GPtrArray   *issues,
                   const char  *position_name)
{
  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < issues->len; i++)
    {
      KzImportIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, issue->source);
      json_builder_set_member_name (b, position_name);
      json_builder_add_int_value (b, issue->position);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, issue->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static int
import_email (int argc, char **argv)
{
  static char *format_name;
  static gboolean strict;
  static const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("auto (default), eml, mbox or maildir"), N_("FORMAT") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Refuse the whole import if any message is broken"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("PATH… — import emails as interactions"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  KzEmailImportReport report = { 0 };
  KzMailFormat format = KZ_MAIL_FORMAT_AUTO;
  int rc;

  g_option_context_set_summary (ctx, _("Reads .eml files, mbox files and Maildir folders, rebuilds the "
                                       "threads and stores each as one email interaction of the agent "
                                       "whose address it carries. Messages already imported are skipped; "
                                       "a broken message is reported with its file and position and "
                                       "skipped (or, with --strict, nothing is imported)."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc < 2)
    return fail_usage (ctx, _("import email needs at least one PATH"));
  if (format_name != NULL && !kz_mail_format_from_string (format_name, &format))
    return fail_usage (ctx, _("--format is one of auto, eml, mbox, maildir"));

  store = open_store (&error);
  if (store == NULL ||
      !kz_email_import (store, (const char * const *) argv + 1, format, strict, &report, NULL, &error))
    {
      kz_email_import_report_clear (&report);
      return fail_input (error);
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "read");
      json_builder_add_int_value (b, report.n_read);
      json_builder_set_member_name (b, "stored");
      json_builder_add_int_value (b, report.n_stored);
      json_builder_set_member_name (b, "already");
      json_builder_add_int_value (b, report.n_already);
      json_builder_set_member_name (b, "new_threads");
      json_builder_add_int_value (b, report.n_new_threads);
      json_builder_set_member_name (b, "without_agent");
      json_builder_add_int_value (b, report.n_no_agent);
      print_issues_json (b, report.issues, "position");
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      for (guint i = 0; i < report.issues->len; i++)
        {
          KzImportIssue *issue = g_ptr_array_index (report.issues, i);
          g_printerr (_("%s at byte %lld: skipped: %s\n"), issue->source, (long long) issue->position,
                      issue->reason);
        }
      g_print (_("%u messages read, %u stored in %u new conversations, %u already there, %u skipped\n"),
               report.n_read, report.n_stored, report.n_new_threads, report.n_already, report.issues->len);
    }
  kz_email_import_report_clear (&report);
  return EXIT_OK;
}

static int
import_calls (int argc, char **argv)
{
  static gboolean strict;
  static const GOptionEntry entries[] = {
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Refuse the whole manifest if any row is bad"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("MANIFEST.csv — import calls with audio and transcripts"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  KzCallImportReport report = { 0 };
  int rc;

  g_option_context_set_summary (ctx, _("The manifest has a header line and the columns id, agent_email, "
                                       "start (ISO 8601 with a time zone), duration, direction "
                                       "(inbound/outbound), customer_ref, audio (WAV, OGG or MP3) and, "
                                       "optionally, transcript (WebVTT or “[mm:ss] Speaker: words” "
                                       "lines). Paths are relative to the manifest. Bad rows are reported "
                                       "by line and skipped; calls already imported are skipped."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("import calls needs one MANIFEST"));

  store = open_store (&error);
  if (store == NULL || !kz_call_import (store, argv[1], strict, &report, NULL, &error))
    {
      kz_call_import_report_clear (&report);
      return fail_input (error);
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, report.n_rows);
      json_builder_set_member_name (b, "stored");
      json_builder_add_int_value (b, report.n_stored);
      json_builder_set_member_name (b, "already");
      json_builder_add_int_value (b, report.n_already);
      print_issues_json (b, report.issues, "line");
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      for (guint i = 0; i < report.issues->len; i++)
        {
          KzImportIssue *issue = g_ptr_array_index (report.issues, i);
          g_printerr (_("%s:%lld: skipped: %s\n"), issue->source, (long long) issue->position, issue->reason);
        }
      g_print (_("%u calls in the manifest: %u stored, %u already there, %u skipped\n"), report.n_rows,
               report.n_stored, report.n_already, report.issues->len);
    }
  kz_call_import_report_clear (&report);
  return EXIT_OK;
}

/* ---- sampling ----------------------------------------------------------- */

/* "2026-03-01" → midnight that day, local time (as the app reads it). */
static GDateTime *
parse_day (const char  *text,
           GError     **error)
{
  GDateTime *dt = kz_parse_day (text);

  if (dt == NULL)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is not a date like 2026-03-01"),
                 text ? text : "");
  return dt;
}

static int
sample_verb (int argc, char **argv)
{
  static char *from_text, *to_text;
  static char **reviewer_emails;
  static int per_agent = 0, seed = 1;
  static gboolean per_channel;
  static const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Day after the period"), N_("YYYY-MM-DD") },
    { "per-agent", 'n', 0, G_OPTION_ARG_INT, &per_agent, N_("Interactions to review per agent"), N_("N") },
    { "per-channel", 0, 0, G_OPTION_ARG_NONE, &per_channel, N_("N per agent for calls and N for emails"), NULL },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("Random seed (default 1): same seed, same sample"), N_("S") },
    { "reviewer", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &reviewer_emails, N_("A reviewer, by email (repeat)"),
      N_("EMAIL") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— sample interactions and share them out to reviewers"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GArray) reviewers = g_array_new (FALSE, FALSE, sizeof (gint64));
  KzSamplePlan plan = { 0 };
  KzSampleResult result = { 0 };
  int rc = parse_verb (ctx, database_entries, entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1 || from_text == NULL || to_text == NULL || per_agent <= 0 || reviewer_emails == NULL)
    return fail_usage (ctx, _("sample needs --from, --to, --per-agent N and at least one --reviewer"));
  if ((from = parse_day (from_text, &error)) == NULL || (to = parse_day (to_text, &error)) == NULL)
    return fail_usage (ctx, error->message);

  store = open_existing_store (&error);
  if (store == NULL)
    return fail_input (error);
  for (guint i = 0; reviewer_emails[i] != NULL; i++)
    {
      g_autoptr(KzPerson) p = kz_store_find_person_by_email (store, reviewer_emails[i], &error);

      if (p == NULL)
        return fail_input (error);
      if (!(p->roles & KZ_ROLE_REVIEWER))
        {
          g_set_error (&error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("%s is not a reviewer"), p->name);
          return fail_input (error);
        }
      g_array_append_val (reviewers, p->id);
    }

  plan.from = from;
  plan.to = to;
  plan.per_agent = (guint) per_agent;
  plan.per_channel = per_channel;
  plan.seed = (guint32) seed;
  plan.reviewers = reviewers;
  if (!kz_sample_and_assign (store, &plan, &result, &error))
    return fail_input (error);
  g_print (_("%u of %u unreviewed interactions sampled and assigned; %u agents had fewer than the quota\n"),
           result.n_sampled, result.n_candidates, result.n_short);
  return EXIT_OK;
}

static int
queue_verb (int argc, char **argv)
{
  static char *email;
  static const GOptionEntry entries[] = {
    { "reviewer", 'r', 0, G_OPTION_ARG_STRING, &email, N_("The reviewer, by email"), N_("EMAIL") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— a reviewer's queue: assigned and not yet reviewed"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzPerson) reviewer = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  KzInteractionQuery q = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_NO };
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || email == NULL)
    return fail_usage (ctx, _("queue needs --reviewer EMAIL"));

  store = open_existing_store (&error);
  if (store == NULL || (reviewer = kz_store_find_person_by_email (store, email, &error)) == NULL)
    return fail_input (error);
  q.assigned_to = reviewer->id;
  rows = kz_store_search_interactions (store, &q, 0, G_MAXINT, &error);
  if (rows == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          KzInteractionSummary *s = g_ptr_array_index (rows, i);
          g_autofree char *date = g_date_time_format_iso8601 (s->started_at);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, s->id);
          json_builder_set_member_name (b, "channel");
          json_builder_add_string_value (b, kz_channel_to_string (s->channel));
          json_builder_set_member_name (b, "date");
          json_builder_add_string_value (b, date);
          json_builder_set_member_name (b, "agent");
          json_builder_add_string_value (b, s->agent_name);
          json_builder_set_member_name (b, "subject");
          json_builder_add_string_value (b, s->subject);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      KzInteractionSummary *s = g_ptr_array_index (rows, i);
      g_autofree char *date = g_date_time_format (s->started_at, "%Y-%m-%d %H:%M");

      g_print ("%6lld  %s  %-5s  %-22s %s\n", (long long) s->id, date, kz_channel_to_string (s->channel),
               s->agent_name ? s->agent_name : "—", s->subject ? s->subject : "");
    }
  return EXIT_OK;
}

static int
report_coverage (int argc, char **argv)
{
  static char *from_text, *to_text;
  static const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Day after the period"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— per agent: interactions, sampled, reviewed"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || from_text == NULL || to_text == NULL)
    return fail_usage (ctx, _("report coverage needs --from and --to"));
  if ((from = parse_day (from_text, &error)) == NULL || (to = parse_day (to_text, &error)) == NULL)
    return fail_usage (ctx, error->message);

  store = open_existing_store (&error);
  if (store == NULL || (rows = kz_store_coverage (store, from, to, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          KzCoverage *c = g_ptr_array_index (rows, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "agent");
          json_builder_add_string_value (b, c->agent_name);
          json_builder_set_member_name (b, "interactions");
          json_builder_add_int_value (b, c->n_interactions);
          json_builder_set_member_name (b, "sampled");
          json_builder_add_int_value (b, c->n_sampled);
          json_builder_set_member_name (b, "reviewed");
          json_builder_add_int_value (b, c->n_reviewed);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  g_print ("%-26s %12s %8s %9s\n", _("Agent"), _("Interactions"), _("Sampled"), _("Reviewed"));
  for (guint i = 0; i < rows->len; i++)
    {
      KzCoverage *c = g_ptr_array_index (rows, i);
      g_print ("%-26s %12u %8u %9u\n", c->agent_name, c->n_interactions, c->n_sampled, c->n_reviewed);
    }
  return EXIT_OK;
}

static int
search_verb (int argc, char **argv)
{
  static char *channel, *agent_email, *from_text, *to_text, *reviewed;
  static int limit = 50;
  static const GOptionEntry entries[] = {
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &channel, N_("call or email"), N_("CHANNEL") },
    { "agent", 'a', 0, G_OPTION_ARG_STRING, &agent_email, N_("Only this agent's, by email"), N_("EMAIL") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("From this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Before this day"), N_("YYYY-MM-DD") },
    { "reviewed", 0, 0, G_OPTION_ARG_STRING, &reviewed, N_("yes or no"), N_("YES|NO") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N results (default 50)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("[WORDS…] — find interactions"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  KzInteractionQuery q = { .any_channel = TRUE };
  gint64 total;
  int rc;

  g_option_context_set_summary (ctx, _("Finds interactions whose subject, emails or call transcript hold "
                                       "every word (the last one also as the start of a word), newest "
                                       "first."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (channel != NULL)
    {
      if (!kz_channel_from_string (channel, &q.channel))
        return fail_usage (ctx, _("--channel is call or email"));
      q.any_channel = FALSE;
    }
  if (reviewed != NULL)
    {
      if (g_str_equal (reviewed, "yes"))
        q.reviewed = KZ_REVIEWED_YES;
      else if (g_str_equal (reviewed, "no"))
        q.reviewed = KZ_REVIEWED_NO;
      else
        return fail_usage (ctx, _("--reviewed is yes or no"));
    }
  if ((from_text && (from = parse_day (from_text, &error)) == NULL) ||
      (to_text && (to = parse_day (to_text, &error)) == NULL))
    return fail_usage (ctx, error->message);
  if (limit <= 0)
    return fail_usage (ctx, _("--limit is at least 1"));

  store = open_existing_store (&error);
  if (store == NULL)
    return fail_input (error);
  if (agent_email != NULL)
    {
      g_autoptr(KzPerson) agent = kz_store_find_person_by_email (store, agent_email, &error);
      if (agent == NULL)
        return fail_input (error);
      q.agent_id = agent->id;
    }
  text = g_strjoinv (" ", argv + 1);
  q.text = text;
  q.from = from;
  q.to = to;
  total = kz_store_count_interactions (store, &q, &error);
  if (total < 0 || (rows = kz_store_search_interactions (store, &q, 0, (guint) limit, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, total);
      json_builder_set_member_name (b, "results");
      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          KzInteractionSummary *s = g_ptr_array_index (rows, i);
          g_autofree char *date = g_date_time_format_iso8601 (s->started_at);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, s->id);
          json_builder_set_member_name (b, "channel");
          json_builder_add_string_value (b, kz_channel_to_string (s->channel));
          json_builder_set_member_name (b, "date");
          json_builder_add_string_value (b, date);
          json_builder_set_member_name (b, "agent");
          json_builder_add_string_value (b, s->agent_name);
          json_builder_set_member_name (b, "subject");
          json_builder_add_string_value (b, s->subject);
          json_builder_set_member_name (b, "evaluations");
          json_builder_add_int_value (b, s->n_evaluations);
          json_builder_set_member_name (b, "reviewed");
          json_builder_add_boolean_value (b, s->n_submitted > 0);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      KzInteractionSummary *s = g_ptr_array_index (rows, i);
      g_autofree char *date = g_date_time_format (s->started_at, "%Y-%m-%d %H:%M");

      g_print ("%6lld  %s  %-5s  %-22s %s%s\n", (long long) s->id, date, kz_channel_to_string (s->channel),
               s->agent_name ? s->agent_name : "—", s->subject ? s->subject : "",
               s->n_submitted ? _("  (reviewed)") : s->n_evaluations ? _("  (draft)") : "");
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%lld interaction found\n", "%lld interactions found\n", total),
           (long long) total);
  return EXIT_OK;
}

static int
import_evaluations (int argc, char **argv)
{
  static gboolean strict;
  static const GOptionEntry entries[] = {
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Refuse the whole file if any row is bad"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.csv — import historical evaluations"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  KzEvaluationImportReport report = { 0 };
  int rc;

  g_option_context_set_summary (ctx, _("Columns: agent_email, date, rubric_id, rubric_version, "
                                       "reviewer_email, then one column per criterion id holding a scale "
                                       "point's value, “na”, or nothing. Every row is scored by Kaizen's "
                                       "engine and stored as a submitted evaluation; bad rows are reported "
                                       "by line and skipped."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("import evaluations needs one FILE.csv"));

  store = open_existing_store (&error);
  if (store == NULL || !kz_evaluation_import (store, argv[1], strict, &report, &error))
    {
      kz_evaluation_import_report_clear (&report);
      return fail_input (error);
    }
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rows");
      json_builder_add_int_value (b, report.n_rows);
      json_builder_set_member_name (b, "stored");
      json_builder_add_int_value (b, report.n_stored);
      print_issues_json (b, report.issues, "line");
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      for (guint i = 0; i < report.issues->len; i++)
        {
          KzImportIssue *issue = g_ptr_array_index (report.issues, i);
          g_printerr (_("%s:%lld: skipped: %s\n"), issue->source, (long long) issue->position, issue->reason);
        }
      g_print (_("%u evaluations in the file: %u stored, %u skipped\n"), report.n_rows, report.n_stored,
               report.issues->len);
    }
  kz_evaluation_import_report_clear (&report);
  return EXIT_OK;
}

static int
import_feedback (int argc, char **argv)
{
  static gboolean strict;
  static const GOptionEntry entries[] = {
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Refuse the whole file if any row is bad"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.csv — import customers' ratings"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  KzEvaluationImportReport report = { 0 };
  int rc;

  g_option_context_set_summary (ctx, _("Columns: interaction (a call id or an email thread's first "
                                       "Message-ID), rating, scale (csat 1–5 or nps 0–10), and optionally "
                                       "comment and time. Bad rows are reported by line and skipped."));
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("import feedback needs one FILE.csv"));

  store = open_existing_store (&error);
  if (store == NULL || !kz_feedback_import (store, argv[1], strict, &report, &error))
    {
      kz_evaluation_import_report_clear (&report);
      return fail_input (error);
    }
  for (guint i = 0; i < report.issues->len; i++)
    {
      KzImportIssue *issue = g_ptr_array_index (report.issues, i);
      g_printerr (_("%s:%lld: skipped: %s\n"), issue->source, (long long) issue->position, issue->reason);
    }
  g_print (_("%u ratings in the file: %u stored, %u skipped\n"), report.n_rows, report.n_stored,
           report.issues->len);
  kz_evaluation_import_report_clear (&report);
  return EXIT_OK;
}

static int
interaction_show (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID — an interaction: its emails or call, and the customer's rating"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzInteraction) it = NULL;
  g_autoptr(KzFeedback) fb = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *date = NULL;
  char *end;
  gint64 id;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || (id = g_ascii_strtoll (argv[1], &end, 10)) <= 0 || *end != '\0')
    return fail_usage (ctx, _("interaction show needs one ID"));

  store = open_existing_store (&error);
  if (store == NULL || (it = kz_store_get_interaction (store, id, &error)) == NULL)
    return fail_input (error);
  fb = kz_store_get_feedback (store, id, &error);
  if (error != NULL)
    return fail_input (error);
  date = g_date_time_format_iso8601 (it->started_at);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, it->id);
  json_builder_set_member_name (b, "channel");
  json_builder_add_string_value (b, kz_channel_to_string (it->channel));
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, it->subject);
  json_builder_set_member_name (b, "ref");
  json_builder_add_string_value (b, it->external_ref);
  json_builder_set_member_name (b, "feedback");
  if (fb != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "scale");
      json_builder_add_string_value (b, kz_feedback_scale_to_string (fb->scale));
      json_builder_set_member_name (b, "rating");
      json_builder_add_int_value (b, fb->rating);
      json_builder_set_member_name (b, "comment");
      json_builder_add_string_value (b, fb->comment);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  if (it->channel == KZ_CHANNEL_EMAIL)
    {
      g_autoptr(GPtrArray) messages = kz_store_list_messages (store, id, &error);

      if (messages == NULL)
        return fail_input (error);
      json_builder_set_member_name (b, "messages");
      json_builder_begin_array (b);
      for (guint i = 0; i < messages->len; i++)
        {
          KzEmailMessage *m = g_ptr_array_index (messages, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "from");
          json_builder_add_string_value (b, m->from);
          json_builder_set_member_name (b, "subject");
          json_builder_add_string_value (b, m->subject);
          json_builder_set_member_name (b, "body");
          json_builder_add_string_value (b, m->body);
          json_builder_set_member_name (b, "attachments");
          json_builder_add_int_value (b, m->attachments->len);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  else
    {
      g_autoptr(KzCall) call = kz_store_get_call (store, id, NULL);

      json_builder_set_member_name (b, "transcript");
      json_builder_begin_array (b);
      for (guint i = 0; call != NULL && i < call->transcript->len; i++)
        {
          KzTranscriptSegment *s = g_ptr_array_index (call->transcript, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "at_ms");
          json_builder_add_int_value (b, s->start_ms);
          json_builder_set_member_name (b, "speaker");
          json_builder_add_string_value (b, s->speaker);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, s->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      if (call != NULL)
        {
          json_builder_set_member_name (b, "audio");
          json_builder_add_string_value (b, call->audio_path);
          json_builder_set_member_name (b, "duration_s");
          json_builder_add_int_value (b, call->duration_s);
        }
    }
  json_builder_end_object (b);

  if (opt_json)
    {
      print_json (b);
      return EXIT_OK;
    }
  g_print ("%lld  %s  %s  %s\n", (long long) it->id, kz_channel_to_string (it->channel), date,
           it->subject ? it->subject : "");
  if (fb != NULL)
    g_print (_("Customer: %s %d%s%s\n"), fb->scale == KZ_FEEDBACK_CSAT ? "CSAT" : "NPS", fb->rating,
             fb->comment ? " — " : "", fb->comment ? fb->comment : "");
  return EXIT_OK;
}

/* ---- staff voice -------------------------------------------------------- */

static gboolean
parse_date (const char  *text,
            GDate       *out,
            GError     **error)
{
  g_autoptr(GDateTime) dt = parse_day (text, error);

  if (dt == NULL)
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt), g_date_time_get_year (dt));
  return TRUE;
}

static char *
date_text (const GDate *date)
{
  char buf[16];

  if (!g_date_valid (date))
    return NULL;
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  *id = text != NULL ? g_ascii_strtoll (text, &end, 10) : 0;
  return text != NULL && *text != '\0' && *end == '\0' && *id > 0;
}

/* A unit's name by id; "(no team)" for answers with none. */
static const char *
team_name (GPtrArray *units,
           gint64     team_id)
{
  if (team_id == KZ_CELL_NO_TEAM)
    return _("(no team)");
  for (guint i = 0; units != NULL && i < units->len; i++)
    {
      KzUnit *u = g_ptr_array_index (units, i);

      if (u->id == team_id)
        return u->name;
    }
  return "?";
}

static const KzQuestion *
question_of (GPtrArray  *bank,
             const char *id)
{
  for (guint i = 0; bank != NULL && i < bank->len; i++)
    if (g_str_equal (((KzQuestion *) g_ptr_array_index (bank, i))->id, id))
      return g_ptr_array_index (bank, i);
  return NULL;
}

static int
survey_questions (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— the question bank (the shipped one on first use)"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) bank = NULL;
  guint added = 0;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("survey questions takes no arguments"));

  store = open_existing_store (&error);
  if (store == NULL || !kz_store_seed_question_bank (store, &added, &error) ||
      (bank = kz_store_list_questions (store, &error)) == NULL)
    return fail_input (error);
  if (added > 0)
    g_printerr (_("The bank was empty: added the %u questions Kaizen ships.\n"), added);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < bank->len; i++)
        {
          KzQuestion *q = g_ptr_array_index (bank, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, q->id);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, kz_question_kind_to_string (q->kind));
          json_builder_set_member_name (b, "driver");
          json_builder_add_string_value (b, q->driver);
          json_builder_set_member_name (b, "enps");
          json_builder_add_boolean_value (b, q->enps);
          json_builder_set_member_name (b, "active");
          json_builder_add_boolean_value (b, q->active);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, q->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < bank->len; i++)
    {
      KzQuestion *q = g_ptr_array_index (bank, i);

      g_print ("%-18s %-10s %-12s %s%s\n", q->id, kz_question_kind_to_string (q->kind),
               q->enps ? "eNPS" : q->driver ? q->driver : "—", q->text, q->active ? "" : _(" (retired)"));
    }
  return EXIT_OK;
}

static const char *
round_state (const KzSurveyRound *round,
             const GDate         *today)
{
  return kz_survey_round_is_open (round, today) ? "open"
       : kz_survey_round_is_closed (round, today) ? "closed" : "upcoming";
}

static int
survey_rounds (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— survey rounds: open, closed or upcoming"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  GDate today;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("survey rounds takes no arguments"));

  store = open_existing_store (&error);
  if (store == NULL || (rounds = kz_store_list_rounds (store, 0, &error)) == NULL ||
      !kz_store_voice_today (store, &today, &error))
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < rounds->len; i++)
        {
          KzSurveyRound *r = g_ptr_array_index (rounds, i);
          g_autofree char *opens = date_text (&r->opens_on);
          g_autofree char *closes = date_text (&r->closes_on);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, r->id);
          json_builder_set_member_name (b, "plan");
          if (r->plan_id > 0)
            json_builder_add_int_value (b, r->plan_id);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, r->title);
          json_builder_set_member_name (b, "opens_on");
          json_builder_add_string_value (b, opens);
          json_builder_set_member_name (b, "closes_on");
          json_builder_add_string_value (b, closes);
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, round_state (r, &today));
          json_builder_set_member_name (b, "k");
          json_builder_add_int_value (b, r->k);
          json_builder_set_member_name (b, "answered");
          json_builder_add_boolean_value (b, r->answered);
          json_builder_set_member_name (b, "questions");
          json_builder_begin_array (b);
          for (guint q = 0; r->question_ids[q] != NULL; q++)
            json_builder_add_string_value (b, r->question_ids[q]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < rounds->len; i++)
    {
      KzSurveyRound *r = g_ptr_array_index (rounds, i);
      g_autofree char *opens = date_text (&r->opens_on);
      g_autofree char *closes = date_text (&r->closes_on);
      g_autofree char *questions = g_strjoinv (" ", r->question_ids);

      g_print ("%4lld  %s … %s  %-8s k=%-2u %s: %s\n", (long long) r->id, opens, closes, round_state (r, &today),
               r->k, r->title, questions);
    }
  return EXIT_OK;
}

static int
survey_round_create (int argc, char **argv)
{
  static char *title, *opens_text, *closes_text;
  static char **question_ids;
  static int k = KZ_VOICE_K_DEFAULT;
  static gint64 plan_id;
  static const GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("The round's title (a plan's round: optional)"), N_("TITLE") },
    { "opens", 0, 0, G_OPTION_ARG_STRING, &opens_text, N_("First day it takes answers"), N_("YYYY-MM-DD") },
    { "closes", 0, 0, G_OPTION_ARG_STRING, &closes_text, N_("Last day it takes answers"), N_("YYYY-MM-DD") },
    { "plan", 'p', 0, G_OPTION_ARG_INT64, &plan_id, N_("A round of this pulse plan: its questions rotate"), N_("ID") },
    { "question", 'q', 0, G_OPTION_ARG_STRING_ARRAY, &question_ids, N_("A question of a one-off round (repeat)"),
      N_("ID") },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, N_("Reporting minimum, 3–10 (default 5); a plan's round takes the plan's"),
      N_("K") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— create a survey round"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzSurveyRound) round = kz_survey_round_new ();
  g_autofree char *questions = NULL;
  int rc;

  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || opens_text == NULL || closes_text == NULL || (plan_id <= 0) == (question_ids == NULL))
    return fail_usage (ctx, _("survey round create needs --opens, --closes and either --plan or --question"));
  if (!parse_date (opens_text, &round->opens_on, &error) || !parse_date (closes_text, &round->closes_on, &error))
    return fail_usage (ctx, error->message);
  if (k < KZ_VOICE_K_MIN || k > KZ_VOICE_K_MAX)
    return fail_usage (ctx, _("--k is 3 to 10"));

  round->title = g_strdup (title);
  round->plan_id = plan_id;
  round->k = (guint) k;
  if (question_ids != NULL)
    {
      g_strfreev (round->question_ids);
      round->question_ids = g_strdupv (question_ids);
    }
  store = open_existing_store (&error);
  if (store == NULL || !kz_store_seed_question_bank (store, NULL, &error) ||
      kz_store_create_round (store, round, &error) <= 0)
    return fail_input (error);
  questions = g_strjoinv (" ", round->question_ids);
  g_print (_("Round %lld “%s”, k = %u: %s\n"), (long long) round->id, round->title, round->k, questions);
  return EXIT_OK;
}

/* The results of a closed round, as the screen shows them.  Suppressed
 * figures print as suppressed, with the reason (kz_suppression_reason()),
 * never as a number: the store applies the rules. */
static void
add_cell_json (JsonBuilder        *b,
               const KzSurveyCell *cell,
               const KzQuestion   *q,
               GPtrArray          *units,
               guint               k)
{
  g_autofree char *reason = kz_suppression_reason (cell->suppression, k);
  KzMeanInterval mean;
  KzEnps enps;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "question");
  json_builder_add_string_value (b, cell->question_id);
  json_builder_set_member_name (b, "driver");
  json_builder_add_string_value (b, q ? q->driver : NULL);
  json_builder_set_member_name (b, "team_id");
  if (cell->team_id == KZ_CELL_ALL)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, cell->team_id);
  json_builder_set_member_name (b, "team");
  if (cell->team_id == KZ_CELL_ALL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, team_name (units, cell->team_id));
  json_builder_set_member_name (b, "suppressed");
  json_builder_add_string_value (b, kz_suppression_code (cell->suppression));
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  if (cell->suppression == KZ_SHOWN)
    {
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, cell->n);
      json_builder_set_member_name (b, "counts");
      json_builder_begin_array (b);
      for (guint v = 0; v < G_N_ELEMENTS (cell->counts); v++)
        json_builder_add_int_value (b, cell->counts[v]);
      json_builder_end_array (b);
      if (kz_survey_cell_mean (cell, &mean))
        {
          json_builder_set_member_name (b, "mean");
          json_builder_add_double_value (b, mean.mean);
          json_builder_set_member_name (b, "mean_low");
          if (mean.defined)
            json_builder_add_double_value (b, mean.low);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "mean_high");
          if (mean.defined)
            json_builder_add_double_value (b, mean.high);
          else
            json_builder_add_null_value (b);
          if (q != NULL)
            {
              json_builder_set_member_name (b, "score");
              json_builder_add_double_value (b, kz_survey_normalise (q->kind, mean.mean));
            }
        }
      if (q != NULL && q->enps && kz_survey_cell_enps (cell, &enps))
        {
          json_builder_set_member_name (b, "enps");
          json_builder_add_double_value (b, enps.enps);
        }
    }
  else
    {
      json_builder_set_member_name (b, "n");
      json_builder_add_null_value (b);
      json_builder_set_member_name (b, "counts");
      json_builder_add_null_value (b);
    }
  json_builder_end_object (b);
}

static int
survey_results (int argc, char **argv)
{
  static char *by;
  static gboolean csv;
  static const GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Also per team (“team”)"), N_("team") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ROUND — a closed round's figures, suppressed as on screen"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzSurveyRound) round = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(GPtrArray) units = NULL;
  gboolean by_team;
  gint64 id;
  int rc;

  g_option_context_set_summary (ctx, _("Figures of groups with fewer than the round's k answers, and figures that "
                                       "together with another would reveal such a group, print as suppressed "
                                       "with the reason, never as numbers: exactly what the app shows."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_id (argv[1], &id))
    return fail_usage (ctx, _("survey results needs one ROUND id"));
  if (by != NULL && !g_str_equal (by, "team"))
    return fail_usage (ctx, _("--by takes “team”"));
  if (csv && opt_json)
    return fail_usage (ctx, _("--json or --csv, not both"));
  by_team = by != NULL;

  store = open_existing_store (&error);
  if (store == NULL || (round = kz_store_get_round (store, id, &error)) == NULL ||
      (cells = kz_store_survey_results (store, id, &error)) == NULL ||
      (bank = kz_store_list_questions (store, &error)) == NULL ||
      (units = kz_store_list_units (store, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *closes = date_text (&round->closes_on);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "round");
      json_builder_add_int_value (b, round->id);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, round->title);
      json_builder_set_member_name (b, "closes_on");
      json_builder_add_string_value (b, closes);
      json_builder_set_member_name (b, "k");
      json_builder_add_int_value (b, round->k);
      json_builder_set_member_name (b, "cells");
      json_builder_begin_array (b);
      for (guint i = 0; i < cells->len; i++)
        {
          KzSurveyCell *cell = g_ptr_array_index (cells, i);

          if (by_team || cell->team_id == KZ_CELL_ALL)
            add_cell_json (b, cell, question_of (bank, cell->question_id), units, round->k);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }
  if (csv)
    {
      /* The writer of the app's "Export CSV…", on the question figures
       * alone and their columns (the app adds drivers, scores and changes). */
      g_autoptr(GPtrArray) figures = kz_survey_figures (cells, NULL, bank, units, by_team ? KZ_FIGURES_BY_TEAM : 0);
      g_autofree char *text = kz_survey_figures_to_csv (figures, round->k, FALSE);

      g_print ("%s", text);
      return EXIT_OK;
    }

  g_print (_("%s (round %lld, k = %u)\n"), round->title, (long long) round->id, round->k);
  for (guint i = 0; i < cells->len; i++)
    {
      KzSurveyCell *cell = g_ptr_array_index (cells, i);
      const char *group = cell->team_id == KZ_CELL_ALL ? _("whole round") : team_name (units, cell->team_id);
      KzMeanInterval mean;

      if (!by_team && cell->team_id != KZ_CELL_ALL)
        continue;
      if (cell->suppression != KZ_SHOWN)
        {
          g_autofree char *reason = kz_suppression_reason (cell->suppression, round->k);

          g_print (_("  %-18s %-16s suppressed (%s)\n"), cell->question_id, group, reason);
        }
      else if (kz_survey_cell_mean (cell, &mean))
        {
          if (mean.defined)
            g_print (_("  %-18s %-16s n = %-3u mean %.2f (95%% interval %.2f to %.2f)\n"), cell->question_id, group,
                     cell->n, mean.mean, mean.low, mean.high);
          else
            g_print (_("  %-18s %-16s n = %-3u mean %.2f\n"), cell->question_id, group, cell->n, mean.mean);
        }
    }
  return EXIT_OK;
}

static void
add_enps_json (JsonBuilder        *b,
               const KzSurveyCell *cell,
               GPtrArray          *units,
               guint               k)
{
  g_autofree char *reason = kz_suppression_reason (cell->suppression, k);
  KzEnps e;
  gboolean shown = kz_survey_cell_enps (cell, &e);

  json_builder_begin_object (b);
  if (cell->team_id != KZ_CELL_ALL)
    {
      json_builder_set_member_name (b, "team_id");
      json_builder_add_int_value (b, cell->team_id);
      json_builder_set_member_name (b, "team");
      json_builder_add_string_value (b, team_name (units, cell->team_id));
    }
  json_builder_set_member_name (b, "suppressed");
  json_builder_add_string_value (b, kz_suppression_code (cell->suppression));
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
#define NUM(name, value) G_STMT_START { json_builder_set_member_name (b, name); \
    if (shown) json_builder_add_double_value (b, value); else json_builder_add_null_value (b); } G_STMT_END
#define INT(name, value) G_STMT_START { json_builder_set_member_name (b, name); \
    if (shown) json_builder_add_int_value (b, value); else json_builder_add_null_value (b); } G_STMT_END
  NUM ("enps", e.enps);
  NUM ("low", e.low);
  NUM ("high", e.high);
  INT ("n", e.n);
  INT ("promoters", e.promoters);
  INT ("passives", e.passives);
  INT ("detractors", e.detractors);
#undef NUM
#undef INT
  json_builder_end_object (b);
}

static int
enps_verb (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ROUND — the round's eNPS with its 95% interval"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzSurveyRound) round = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(GPtrArray) units = NULL;
  KzSurveyCell *whole = NULL;
  const char *enps_id = NULL;
  gint64 id;
  int rc;

  g_option_context_set_summary (ctx, _("eNPS = 100 × (promoters − detractors) ÷ n, with the adjusted-Wald 95% "
                                       "interval and n, for the whole round and each team; suppressed groups "
                                       "print as suppressed."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_id (argv[1], &id))
    return fail_usage (ctx, _("enps needs one ROUND id"));

  store = open_existing_store (&error);
  if (store == NULL || (round = kz_store_get_round (store, id, &error)) == NULL ||
      (cells = kz_store_survey_results (store, id, &error)) == NULL ||
      (bank = kz_store_list_questions (store, &error)) == NULL ||
      (units = kz_store_list_units (store, &error)) == NULL)
    return fail_input (error);
  for (guint i = 0; i < bank->len && enps_id == NULL; i++)
    if (((KzQuestion *) g_ptr_array_index (bank, i))->enps)
      enps_id = ((KzQuestion *) g_ptr_array_index (bank, i))->id;
  for (guint i = 0; i < cells->len && whole == NULL; i++)
    {
      KzSurveyCell *cell = g_ptr_array_index (cells, i);

      if (cell->team_id == KZ_CELL_ALL && g_strcmp0 (cell->question_id, enps_id) == 0)
        whole = cell;
    }
  if (whole == NULL)
    {
      g_set_error (&error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Round %lld has no answers to the eNPS question"),
                   (long long) id);
      return fail_input (error);
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "round");
      json_builder_add_int_value (b, round->id);
      json_builder_set_member_name (b, "k");
      json_builder_add_int_value (b, round->k);
      json_builder_set_member_name (b, "whole_round");
      add_enps_json (b, whole, units, round->k);
      json_builder_set_member_name (b, "teams");
      json_builder_begin_array (b);
      for (guint i = 0; i < cells->len; i++)
        {
          KzSurveyCell *cell = g_ptr_array_index (cells, i);

          if (cell->team_id != KZ_CELL_ALL && g_str_equal (cell->question_id, whole->question_id))
            add_enps_json (b, cell, units, round->k);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < cells->len; i++)
    {
      KzSurveyCell *cell = g_ptr_array_index (cells, i);
      const char *group = cell->team_id == KZ_CELL_ALL ? _("whole round") : team_name (units, cell->team_id);
      KzEnps e;

      if (!g_str_equal (cell->question_id, whole->question_id))
        continue;
      if (kz_survey_cell_enps (cell, &e))
        g_print (_("%-16s eNPS %+.0f (95%% interval %+.0f to %+.0f), n = %u: %u promoters, %u passives, "
                   "%u detractors\n"), group, e.enps, e.low, e.high, e.n, e.promoters, e.passives, e.detractors);
      else
        {
          g_autofree char *reason = kz_suppression_reason (cell->suppression, round->k);

          g_print (_("%-16s eNPS suppressed (%s)\n"), group, reason);
        }
    }
  return EXIT_OK;
}

static int
ideas_list (int argc, char **argv)
{
  static char *status;
  static gboolean merged;
  static const GOptionEntry entries[] = {
    { "status", 's', 0, G_OPTION_ARG_STRING, &status,
      N_("Only ideas in this status: new, under_review, planned, done, declined"), N_("STATUS") },
    { "merged", 0, 0, G_OPTION_ARG_NONE, &merged, N_("Include duplicates merged into another idea"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— the ideas board"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) ideas = NULL;
  KzIdeaFilter filter = { TRUE, KZ_IDEA_NEW, FALSE };
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("ideas list takes no arguments"));
  if (status != NULL)
    {
      if (!kz_idea_status_from_string (status, &filter.status))
        return fail_usage (ctx, _("--status is new, under_review, planned, done or declined"));
      filter.any_status = FALSE;
    }
  filter.include_merged = merged;

  store = open_existing_store (&error);
  if (store == NULL || (ideas = kz_store_list_ideas (store, &filter, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < ideas->len; i++)
        {
          KzIdea *idea = g_ptr_array_index (ideas, i);
          g_autofree char *week = date_text (&idea->week);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, idea->id);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, idea->title);
          json_builder_set_member_name (b, "category");
          json_builder_add_string_value (b, idea->category);
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, kz_idea_status_to_string (idea->status));
          json_builder_set_member_name (b, "author");
          json_builder_add_string_value (b, idea->author_name);
          json_builder_set_member_name (b, "pseudonym");
          json_builder_add_string_value (b, idea->pseudonym);
          json_builder_set_member_name (b, "week");
          json_builder_add_string_value (b, week);
          json_builder_set_member_name (b, "votes");
          json_builder_add_int_value (b, idea->n_votes);
          json_builder_set_member_name (b, "comments");
          json_builder_add_int_value (b, idea->n_comments);
          json_builder_set_member_name (b, "decline_reason");
          json_builder_add_string_value (b, idea->decline_reason);
          json_builder_set_member_name (b, "outcome");
          json_builder_add_string_value (b, idea->outcome);
          json_builder_set_member_name (b, "merged_into");
          json_builder_add_string_value (b, idea->merged_into);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < ideas->len; i++)
    {
      KzIdea *idea = g_ptr_array_index (ideas, i);
      g_autofree char *week = date_text (&idea->week);

      g_print ("%3u▲ %-12s %s  %s — %s\n", idea->n_votes, kz_idea_status_to_string (idea->status), week,
               idea->title, idea->author_name ? idea->author_name : idea->pseudonym ? idea->pseudonym : "");
    }
  return EXIT_OK;
}

static int
import_pulse (int argc, char **argv)
{
  static gboolean strict;
  static const GOptionEntry entries[] = {
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Refuse the whole file if any line is bad"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.csv — import pulse answers collected elsewhere"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  KzEvaluationImportReport report = { 0 };
  int rc;

  g_option_context_set_summary (ctx, _("Columns: team (name or id; empty: none), round (id), question (id) and "
                                       "answer, one answer a line, from a kiosk or paper forms. They are stored "
                                       "anonymously, like answers in the app, into open rounds. Bad lines are "
                                       "reported by line and skipped; the good ones are stored together."));
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("import pulse needs one FILE.csv"));

  store = open_existing_store (&error);
  if (store == NULL || !kz_voice_import (store, argv[1], strict, &report, &error))
    {
      kz_evaluation_import_report_clear (&report);
      return fail_input (error);
    }
  for (guint i = 0; i < report.issues->len; i++)
    {
      KzImportIssue *issue = g_ptr_array_index (report.issues, i);
      g_printerr (_("%s:%lld: skipped: %s\n"), issue->source, (long long) issue->position, issue->reason);
    }
  g_print (_("%u answers in the file: %u stored, %u skipped\n"), report.n_rows, report.n_stored,
           report.issues->len);
  kz_evaluation_import_report_clear (&report);
  return EXIT_OK;
}

/* ---- agents answer back, reviewers agree ----------------------------------- */

static int
agreement_verb (int argc, char **argv)
{
  static char *ratings_path, *metric_name;
  static const GOptionEntry entries[] = {
    { "ratings", 'r', 0, G_OPTION_ARG_FILENAME, &ratings_path, N_("unit,reviewer,value lines (empty value: missing)"),
      N_("FILE.csv") },
    { "metric", 'm', 0, G_OPTION_ARG_STRING, &metric_name, N_("nominal, ordinal or interval"), N_("METRIC") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— Krippendorff's alpha of reviewers' ratings"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KzRatings) ratings = NULL;
  KzAlphaMetric metric;
  KzAgreement a;
  int rc;

  g_option_context_set_summary (ctx, _("Each line of the file is unit,reviewer,value; an empty value is "
                                       "missing (N/A, not rated), and units with fewer than two values are "
                                       "left out (statistics.md). Bad lines are reported by line number and "
                                       "nothing is computed."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || ratings_path == NULL || metric_name == NULL)
    return fail_usage (ctx, _("agreement needs --ratings FILE.csv and --metric nominal|ordinal|interval"));
  if (!kz_alpha_metric_from_string (metric_name, &metric))
    return fail_usage (ctx, _("--metric is nominal, ordinal or interval"));

  ratings = kz_ratings_read_csv (ratings_path, problems, &error);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("kaizenctl: %s\n", (char *) g_ptr_array_index (problems, i));
  if (ratings == NULL)
    return fail_input (error);

  kz_krippendorff_alpha (ratings->values, ratings->n_units, ratings->n_reviewers, metric, &a);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "metric");
      json_builder_add_string_value (b, kz_alpha_metric_to_string (metric));
      json_builder_set_member_name (b, "alpha");
      if (a.defined)
        json_builder_add_double_value (b, a.alpha);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "units");
      json_builder_add_int_value (b, a.n_units);
      json_builder_set_member_name (b, "pairable_values");
      json_builder_add_int_value (b, a.n_values);
      json_builder_set_member_name (b, "pairs");
      json_builder_add_int_value (b, a.n_pairs);
      json_builder_set_member_name (b, "agreeing_pairs");
      json_builder_add_int_value (b, a.n_agreeing_pairs);
      json_builder_set_member_name (b, "raw_agreement");
      if (a.n_pairs > 0)
        json_builder_add_double_value (b, a.raw_agreement);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }
  if (a.defined)
    g_print (_("alpha: %.3f (%s)\n"), a.alpha, kz_alpha_metric_to_string (metric));
  else
    g_print (_("alpha: — (%s; not defined: fewer than two pairable values, or no variation at all)\n"),
             kz_alpha_metric_to_string (metric));
  g_print (_("units: %u (with two values or more)\n"), a.n_units);
  g_print (_("pairable values: %u\n"), a.n_values);
  if (a.n_pairs > 0)
    g_print (_("raw agreement: %.1f%% (%u of %u pairs)\n"), 100.0 * a.raw_agreement, a.n_agreeing_pairs, a.n_pairs);
  else
    g_print (_("raw agreement: — (no pairs)\n"));
  return EXIT_OK;
}

/* Who acts: --as EMAIL, or on a team server the login (0). */
static gboolean
acting_person (KzStore     *store,
               const char  *email,
               gint64      *id,
               GError     **error)
{
  g_autoptr(KzPerson) p = NULL;

  if (email == NULL)
    {
      if (kz_store_is_shared (store))
        {
          *id = 0;
          return TRUE;
        }
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                           _("Say who you are with --as EMAIL (on a team server, your login says it)"));
      return FALSE;
    }
  p = kz_store_find_person_by_email (store, email, error);
  if (p == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Nobody has the address %s"), email);
      return FALSE;
    }
  *id = p->id;
  return TRUE;
}

static const GOptionEntry *
as_entries (char **email)
{
  static GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Who you are, by email (in a single file)"), N_("EMAIL") },
    { NULL }
  };

  entries[0].arg_data = email;
  return entries;
}

static gboolean
parse_positive (const char *text,
                gint64     *value)
{
  char *end = NULL;

  *value = g_ascii_strtoll (text, &end, 10);
  return end != text && *end == '\0' && *value > 0;
}

static char *
person_name (KzStore *store,
             gint64   id)
{
  g_autoptr(KzPerson) p = id > 0 ? kz_store_get_person (store, id, NULL) : NULL;

  return p != NULL ? g_strdup (p->name) : g_strdup ("—");
}

static int
acknowledge_verb (int argc, char **argv)
{
  static char *comment, *as;
  static const GOptionEntry entries[] = {
    { "comment", 'c', 0, G_OPTION_ARG_STRING, &comment, N_("A word for the reviewer"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("EVALUATION — the agent acknowledges an evaluation"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  gint64 id, agent;
  int rc;

  g_option_context_add_main_entries (ctx, as_entries (&as), GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("acknowledge needs one evaluation ID"));
  store = open_existing_store (&error);
  if (store == NULL || !acting_person (store, as, &agent, &error) ||
      !kz_store_acknowledge (store, id, agent, comment, NULL, &error))
    return fail_input (error);
  g_print (_("Evaluation %lld acknowledged\n"), (long long) id);
  return EXIT_OK;
}

static int
dispute_raise (int argc, char **argv)
{
  static char *reason, *as;
  static char **criteria;
  static const GOptionEntry entries[] = {
    { "criterion", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &criteria, N_("A disputed criterion, by id (repeat)"),
      N_("ID") },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("What the review got wrong"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("EVALUATION — the agent disputes criteria of an evaluation"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzDispute) dispute = kz_dispute_new ();
  gint64 id;
  int rc;

  g_option_context_add_main_entries (ctx, as_entries (&as), GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id) || criteria == NULL || reason == NULL)
    return fail_usage (ctx, _("dispute raise needs one evaluation ID, --criterion ID… and --reason TEXT"));
  store = open_existing_store (&error);
  if (store == NULL || !acting_person (store, as, &dispute->raised_by, &error))
    return fail_input (error);
  dispute->evaluation_id = id;
  dispute->reason = g_strdup (reason);
  for (guint i = 0; criteria[i] != NULL; i++)
    g_ptr_array_add (dispute->items, kz_dispute_item_new (criteria[i], NULL));
  if (kz_store_raise_dispute (store, dispute, &error) == 0)
    return fail_input (error);
  g_print (_("Dispute %lld raised on evaluation %lld (%u criteria)\n"), (long long) dispute->id, (long long) id,
           dispute->items->len);
  return EXIT_OK;
}

static int
dispute_resolve (int argc, char **argv)
{
  static char *note, *as;
  static char **uphold, **change;
  static const GOptionEntry entries[] = {
    { "uphold", 'u', 0, G_OPTION_ARG_STRING_ARRAY, &uphold, N_("A criterion whose answer stands (repeat)"), N_("ID") },
    { "change", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &change,
      N_("A criterion and its new answer, a point value or na (repeat)"), N_("ID=ANSWER") },
    { "note", 'n', 0, G_OPTION_ARG_STRING, &note, N_("Why, for the agent"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("DISPUTE — resolve disputed criteria"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzDispute) dispute = NULL;
  g_autoptr(GPtrArray) resolutions = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_resolution_free);
  gint64 id, resolver;
  int rc;

  g_option_context_add_main_entries (ctx, as_entries (&as), GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id) || (uphold == NULL && change == NULL) || note == NULL)
    return fail_usage (ctx, _("dispute resolve needs one dispute ID, --uphold ID… or --change ID=ANSWER…, "
                              "and --note TEXT"));
  for (guint i = 0; uphold != NULL && uphold[i] != NULL; i++)
    g_ptr_array_add (resolutions, kz_dispute_resolution_new (uphold[i], KZ_RESOLUTION_UPHELD, NULL, note));
  for (guint i = 0; change != NULL && change[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (change[i], "=", 2);
      KzAnswer *answer;

      if (g_strv_length (parts) != 2 || *parts[0] == '\0')
        return fail_usage (ctx, _("--change is CRITERION=ANSWER, such as greeting=1 or hold=na"));
      if (g_ascii_strcasecmp (parts[1], "na") == 0)
        answer = kz_answer_new (parts[0], KZ_ANSWER_NA, 0, NULL);
      else
        {
          char *end = NULL;
          double v = g_ascii_strtod (parts[1], &end);

          if (end == parts[1] || *end != '\0')
            return fail_usage (ctx, _("--change is CRITERION=ANSWER: the answer is a point value or na"));
          answer = kz_answer_new (parts[0], KZ_ANSWER_VALUE, v, NULL);
        }
      g_ptr_array_add (resolutions, kz_dispute_resolution_new (parts[0], KZ_RESOLUTION_CHANGED, answer, note));
    }
  store = open_existing_store (&error);
  if (store == NULL || !acting_person (store, as, &resolver, &error) ||
      (dispute = kz_store_get_dispute (store, id, &error)) == NULL ||
      !kz_store_resolve_dispute (store, dispute, resolver, resolutions, NULL, &error))
    return fail_input (error);
  g_print (dispute->state == KZ_DISPUTE_CLOSED ? _("Dispute %lld resolved and closed\n")
                                               : _("Dispute %lld: %u criteria resolved, %u still open\n"),
           (long long) id, resolutions->len, kz_dispute_n_pending (dispute));
  return EXIT_OK;
}

static char *
iso_or_null (GDateTime *t)
{
  return t != NULL ? g_date_time_format_iso8601 (t) : NULL;
}

static int
disputes_list (int argc, char **argv)
{
  static gboolean open_only;
  static const GOptionEntry entries[] = {
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only disputes still open"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— disputes, newest first"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  KzDisputeFilter filter = { 0 };
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("disputes list takes no arguments"));
  filter.open_only = open_only;
  store = open_existing_store (&error);
  if (store == NULL || (list = kz_store_list_disputes (store, &filter, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          KzDispute *d = g_ptr_array_index (list, i);
          g_autofree char *raised = iso_or_null (d->raised_at);
          g_autofree char *closed = iso_or_null (d->closed_at);
          g_autofree char *agent = person_name (store, d->raised_by);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, d->id);
          json_builder_set_member_name (b, "evaluation");
          json_builder_add_int_value (b, d->evaluation_id);
          json_builder_set_member_name (b, "revision");
          json_builder_add_int_value (b, d->revision);
          json_builder_set_member_name (b, "agent");
          json_builder_add_string_value (b, agent);
          json_builder_set_member_name (b, "raised");
          json_builder_add_string_value (b, raised);
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, d->reason);
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, kz_dispute_state_to_string (d->state));
          json_builder_set_member_name (b, "closed");
          json_builder_add_string_value (b, closed);
          json_builder_set_member_name (b, "criteria");
          json_builder_begin_array (b);
          for (guint k = 0; k < d->items->len; k++)
            {
              KzDisputeItem *item = g_ptr_array_index (d->items, k);
              g_autofree char *resolved = iso_or_null (item->resolved_at);
              g_autofree char *by = item->resolved_by ? person_name (store, item->resolved_by) : NULL;

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "criterion");
              json_builder_add_string_value (b, item->criterion_id);
              json_builder_set_member_name (b, "reason");
              json_builder_add_string_value (b, item->reason);
              json_builder_set_member_name (b, "resolution");
              json_builder_add_string_value (b, kz_resolution_to_string (item->resolution));
              json_builder_set_member_name (b, "note");
              json_builder_add_string_value (b, item->note);
              json_builder_set_member_name (b, "resolved_by");
              json_builder_add_string_value (b, by);
              json_builder_set_member_name (b, "resolved");
              json_builder_add_string_value (b, resolved);
              json_builder_set_member_name (b, "revision");
              if (item->revision > 0)
                json_builder_add_int_value (b, item->revision);
              else
                json_builder_add_null_value (b);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KzDispute *d = g_ptr_array_index (list, i);
      g_autofree char *raised = g_date_time_format (d->raised_at, "%Y-%m-%d");
      g_autofree char *agent = person_name (store, d->raised_by);
      g_autoptr(GString) criteria = g_string_new (NULL);

      for (guint k = 0; k < d->items->len; k++)
        {
          KzDisputeItem *item = g_ptr_array_index (d->items, k);

          g_string_append_printf (criteria, "%s%s (%s)", k ? ", " : "", item->criterion_id,
                                  kz_resolution_to_string (item->resolution));
        }
      g_print ("%5lld  %s  evaluation %-6lld %-22s %-6s  %s\n", (long long) d->id, raised,
               (long long) d->evaluation_id, agent, kz_dispute_state_to_string (d->state), criteria->str);
    }
  return EXIT_OK;
}

static void
add_score_members (JsonBuilder *b,
                   gboolean     has_score,
                   double       final,
                   gboolean     pass)
{
  json_builder_set_member_name (b, "final");
  if (has_score)
    json_builder_add_double_value (b, final);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "pass");
  if (has_score)
    json_builder_add_boolean_value (b, pass);
  else
    json_builder_add_null_value (b);
}

static void add_answer_members (JsonBuilder *b, KzAnswerSet *answers);

static int
evaluation_history (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID — an evaluation's revisions and audit trail"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gint64 id;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("evaluation history needs exactly one ID"));
  store = open_existing_store (&error);
  if (store == NULL || (revisions = kz_store_list_revisions (store, id, &error)) == NULL ||
      (audit = kz_store_list_audit (store, id, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "evaluation");
      json_builder_add_int_value (b, id);
      json_builder_set_member_name (b, "revisions");
      json_builder_begin_array (b);
      for (guint i = 0; i < revisions->len; i++)
        {
          KzRevision *r = g_ptr_array_index (revisions, i);
          g_autofree char *at = iso_or_null (r->created_at);
          g_autofree char *by = r->created_by ? person_name (store, r->created_by) : NULL;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "revision");
          json_builder_add_int_value (b, r->revision);
          json_builder_set_member_name (b, "at");
          json_builder_add_string_value (b, at);
          json_builder_set_member_name (b, "by");
          json_builder_add_string_value (b, by);
          json_builder_set_member_name (b, "dispute");
          if (r->dispute_id > 0)
            json_builder_add_int_value (b, r->dispute_id);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "raw");
          if (r->has_score)
            json_builder_add_double_value (b, r->raw);
          else
            json_builder_add_null_value (b);
          add_score_members (b, r->has_score, r->final, r->pass);
          add_answer_members (b, r->answers);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "audit");
      json_builder_begin_array (b);
      for (guint i = 0; i < audit->len; i++)
        {
          KzAuditEntry *e = g_ptr_array_index (audit, i);
          g_autofree char *at = iso_or_null (e->at);
          g_autofree char *by = e->actor_id ? person_name (store, e->actor_id) : NULL;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "at");
          json_builder_add_string_value (b, at);
          json_builder_set_member_name (b, "by");
          json_builder_add_string_value (b, by);
          json_builder_set_member_name (b, "action");
          json_builder_add_string_value (b, kz_audit_action_to_string (e->action));
          json_builder_set_member_name (b, "revision");
          if (e->revision > 0)
            json_builder_add_int_value (b, e->revision);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "dispute");
          if (e->dispute_id > 0)
            json_builder_add_int_value (b, e->dispute_id);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "criterion");
          json_builder_add_string_value (b, e->criterion_id);
          json_builder_set_member_name (b, "detail");
          json_builder_add_string_value (b, e->detail);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }

  for (guint i = 0; i < revisions->len; i++)
    {
      KzRevision *r = g_ptr_array_index (revisions, i);
      g_autofree char *at = g_date_time_format (r->created_at, "%Y-%m-%d %H:%M");
      g_autofree char *f = kz_score_format_percent (r->has_score, r->final);

      g_print (_("revision %d  %s  %6s%s\n"), r->revision, at, f,
               r->dispute_id > 0 ? _("  (after a dispute)") : "");
    }
  for (guint i = 0; i < audit->len; i++)
    {
      KzAuditEntry *e = g_ptr_array_index (audit, i);
      g_autofree char *at = g_date_time_format (e->at, "%Y-%m-%d %H:%M");
      g_autofree char *by = person_name (store, e->actor_id);

      g_print ("%s  %-22s %-12s%s%s%s\n", at, by, kz_audit_action_to_string (e->action),
               e->criterion_id ? e->criterion_id : "", e->detail ? "  " : "", e->detail ? e->detail : "");
    }
  return EXIT_OK;
}

static int
calibration_create (int argc, char **argv)
{
  static char *title, *rubric, *as;
  static char **interactions, **reviewers;
  static const GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("The session's title"), N_("TITLE") },
    { "rubric", 'r', 0, G_OPTION_ARG_STRING, &rubric, N_("The rubric, by id (its latest version)"), N_("ID") },
    { "interaction", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &interactions, N_("An interaction to score (repeat)"),
      N_("ID") },
    { "reviewer", 0, 0, G_OPTION_ARG_STRING_ARRAY, &reviewers, N_("A reviewer invited, by email (repeat)"),
      N_("EMAIL") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— a lead opens a calibration session"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzCalibrationSession) session = kz_calibration_session_new ();
  int rc;

  g_option_context_set_summary (ctx, _("The lead (--as, or the login) scores too: theirs is the reference. "
                                       "Nobody sees anyone else's answers until the lead closes the session."));
  g_option_context_add_main_entries (ctx, as_entries (&as), GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || title == NULL || rubric == NULL || interactions == NULL || reviewers == NULL)
    return fail_usage (ctx, _("calibration create needs --title, --rubric, --interaction ID… and --reviewer EMAIL…"));
  for (guint i = 0; interactions[i] != NULL; i++)
    {
      gint64 id;

      if (!parse_positive (interactions[i], &id))
        return fail_usage (ctx, _("--interaction takes an interaction ID"));
      g_array_append_val (session->interaction_ids, id);
    }
  store = open_existing_store (&error);
  if (store == NULL || !acting_person (store, as, &session->lead_id, &error))
    return fail_input (error);
  for (guint i = 0; reviewers[i] != NULL; i++)
    {
      gint64 id;

      if (!acting_person (store, reviewers[i], &id, &error))
        return fail_input (error);
      g_array_append_val (session->reviewer_ids, id);
    }
  session->title = g_strdup (title);
  session->rubric_id = g_strdup (rubric);
  if (kz_store_create_calibration (store, session, &error) == 0)
    return fail_input (error);
  g_print (_("Calibration session %lld created: %u reviewers, %u interactions\n"), (long long) session->id,
           session->reviewer_ids->len, session->interaction_ids->len);
  return EXIT_OK;
}

static int
calibration_close (int argc, char **argv)
{
  static char *as;
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("SESSION — the lead closes a calibration session"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  gint64 id, lead;
  int rc;

  g_option_context_add_main_entries (ctx, as_entries (&as), GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("calibration close needs one session ID"));
  store = open_existing_store (&error);
  if (store == NULL || !acting_person (store, as, &lead, &error) ||
      !kz_store_close_calibration (store, id, lead, NULL, &error))
    return fail_input (error);
  g_print (_("Calibration session %lld closed: its results are ready\n"), (long long) id);
  return EXIT_OK;
}

static int
calibration_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— calibration sessions, newest first"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("calibration list takes no arguments"));
  store = open_existing_store (&error);
  if (store == NULL || (list = kz_store_list_calibrations (store, &error)) == NULL)
    return fail_input (error);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          KzCalibrationSession *s = g_ptr_array_index (list, i);
          g_autofree char *created = iso_or_null (s->created_at);
          g_autofree char *closed = iso_or_null (s->closed_at);
          g_autofree char *lead = person_name (store, s->lead_id);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, s->id);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, s->title);
          json_builder_set_member_name (b, "rubric");
          json_builder_add_string_value (b, s->rubric_id);
          json_builder_set_member_name (b, "rubric_version");
          json_builder_add_int_value (b, s->rubric_version);
          json_builder_set_member_name (b, "lead");
          json_builder_add_string_value (b, lead);
          json_builder_set_member_name (b, "created");
          json_builder_add_string_value (b, created);
          json_builder_set_member_name (b, "closed");
          json_builder_add_string_value (b, closed);
          json_builder_set_member_name (b, "reviewers");
          json_builder_add_int_value (b, s->reviewer_ids->len);
          json_builder_set_member_name (b, "interactions");
          json_builder_add_int_value (b, s->interaction_ids->len);
          json_builder_set_member_name (b, "submitted");
          json_builder_add_int_value (b, s->n_submitted);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KzCalibrationSession *s = g_ptr_array_index (list, i);
      g_autofree char *created = g_date_time_format (s->created_at, "%Y-%m-%d");
      g_autofree char *lead = person_name (store, s->lead_id);

      g_print (_("%4lld  %s  %-6s  %s — %s, %u reviewers, %u interactions, %u scored\n"), (long long) s->id, created,
               s->closed_at ? _("closed") : _("open"), s->title, lead, s->reviewer_ids->len,
               s->interaction_ids->len, s->n_submitted);
    }
  return EXIT_OK;
}

static void
add_agreement_members (JsonBuilder       *b,
                       const KzAgreement *a)
{
  json_builder_set_member_name (b, "alpha");
  if (a->defined)
    json_builder_add_double_value (b, a->alpha);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "units");
  json_builder_add_int_value (b, a->n_units);
  json_builder_set_member_name (b, "pairable_values");
  json_builder_add_int_value (b, a->n_values);
  json_builder_set_member_name (b, "raw_agreement");
  if (a->n_pairs > 0)
    json_builder_add_double_value (b, a->raw_agreement);
  else
    json_builder_add_null_value (b);
}

static char *
alpha_text (const KzAgreement *a)
{
  g_autofree char *raw = a->n_pairs > 0 ? g_strdup_printf ("%.1f%%", 100.0 * a->raw_agreement) : g_strdup ("—");

  if (!a->defined)
    return g_strdup_printf (_("α —      agreement %s, %u units"), raw, a->n_units);
  return g_strdup_printf (_("α %6.3f  agreement %s, %u units"), a->alpha, raw, a->n_units);
}

static int
calibration_report (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("SESSION — a closed calibration session's results"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzCalibrationReport) report = NULL;
  g_autoptr(GPtrArray) disputed = NULL;
  gint64 id;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("calibration report needs one session ID"));
  store = open_existing_store (&error);
  if (store == NULL || (report = kz_store_calibration_report (store, id, &error)) == NULL)
    return fail_input (error);
  disputed = kz_calibration_most_disputed (report->result);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *lead = person_name (store, report->session->lead_id);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "session");
      json_builder_add_int_value (b, report->session->id);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, report->session->title);
      json_builder_set_member_name (b, "rubric");
      json_builder_add_string_value (b, report->session->rubric_id);
      json_builder_set_member_name (b, "rubric_version");
      json_builder_add_int_value (b, report->session->rubric_version);
      json_builder_set_member_name (b, "lead");
      json_builder_add_string_value (b, lead);
      json_builder_set_member_name (b, "evaluations");
      json_builder_add_int_value (b, report->evaluations->len);
      json_builder_set_member_name (b, "total");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "metric");
      json_builder_add_string_value (b, kz_alpha_metric_to_string (KZ_ALPHA_INTERVAL));
      add_agreement_members (b, &report->result->total);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "criteria");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->result->criteria->len; i++)
        {
          KzCriterionAgreement *ca = g_ptr_array_index (report->result->criteria, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "criterion");
          json_builder_add_string_value (b, ca->criterion->id);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, ca->criterion->title);
          json_builder_set_member_name (b, "metric");
          json_builder_add_string_value (b, kz_alpha_metric_to_string (ca->metric));
          add_agreement_members (b, &ca->agreement);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "reviewers");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->result->reviewers->len; i++)
        {
          KzReviewerAlignment *ra = g_ptr_array_index (report->result->reviewers, i);
          g_autofree char *name = person_name (store, ra->reviewer_id);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "reviewer");
          json_builder_add_string_value (b, name);
          json_builder_set_member_name (b, "lead");
          json_builder_add_boolean_value (b, ra->reviewer_id == report->session->lead_id);
          json_builder_set_member_name (b, "units");
          json_builder_add_int_value (b, ra->n_units);
          json_builder_set_member_name (b, "alignment");
          if (ra->has_alignment)
            json_builder_add_double_value (b, ra->alignment);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "bias");
          if (ra->has_bias)
            json_builder_add_double_value (b, ra->bias);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "least_agreement");
      json_builder_begin_array (b);
      for (guint i = 0; i < disputed->len; i++)
        json_builder_add_string_value (b, ((KzCriterionAgreement *) g_ptr_array_index (disputed, i))->criterion->id);
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }

  {
    g_autofree char *total = alpha_text (&report->result->total);

    g_print (_("%s — %s v%d, %u evaluations\n"), report->session->title, report->session->rubric_id,
             report->session->rubric_version, report->evaluations->len);
    g_print (_("Final score (interval):  %s\n\n"), total);
  }
  for (guint i = 0; i < report->result->criteria->len; i++)
    {
      KzCriterionAgreement *ca = g_ptr_array_index (report->result->criteria, i);
      g_autofree char *text = alpha_text (&ca->agreement);

      g_print ("  %-28s %-9s %s\n", ca->criterion->id, kz_alpha_metric_to_string (ca->metric), text);
    }
  g_print ("\n");
  for (guint i = 0; i < report->result->reviewers->len; i++)
    {
      KzReviewerAlignment *ra = g_ptr_array_index (report->result->reviewers, i);
      g_autofree char *name = person_name (store, ra->reviewer_id);
      g_autofree char *alignment = ra->has_alignment ? g_strdup_printf ("%.1f%%", 100 * ra->alignment)
                                                     : g_strdup (ra->reviewer_id == report->session->lead_id
                                                                 ? _("(the reference)") : "—");
      g_autofree char *bias = ra->has_bias ? g_strdup_printf ("%+.1f", ra->bias) : g_strdup ("—");

      g_print (_("  %-24s alignment %-16s bias %s points, %u units\n"), name, alignment, bias, ra->n_units);
    }
  return EXIT_OK;
}

static int
calibration_trends (int argc, char **argv)
{
  static char *from_text, *to_text;
  static const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Sessions closed from this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("…and before this day"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— reviewers' bias and drift, and the criteria agreed on least"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(KzCalibrationTrends) trends = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("calibration trends takes no arguments"));
  if ((from_text != NULL && (from = parse_day (from_text, &error)) == NULL) ||
      (to_text != NULL && (to = parse_day (to_text, &error)) == NULL))
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL || (trends = kz_store_calibration_trends (store, from, to, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "sessions");
      json_builder_add_int_value (b, trends->n_sessions);
      json_builder_set_member_name (b, "reviewers");
      json_builder_begin_array (b);
      for (guint i = 0; i < trends->drift->len; i++)
        {
          KzReviewerDrift *d = g_ptr_array_index (trends->drift, i);
          g_autofree char *name = person_name (store, d->reviewer_id);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "reviewer");
          json_builder_add_string_value (b, name);
          json_builder_set_member_name (b, "sessions");
          json_builder_add_int_value (b, d->n_sessions);
          json_builder_set_member_name (b, "mean_bias");
          if (d->n_sessions > 0)
            json_builder_add_double_value (b, d->mean_bias);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "drift_per_30_days");
          if (d->has_drift)
            json_builder_add_double_value (b, d->drift);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "bias_by_session");
          json_builder_begin_array (b);
          for (guint k = 0; k < trends->points->len; k++)
            {
              KzBiasPoint *p = g_ptr_array_index (trends->points, k);
              g_autofree char *closed = NULL;

              if (p->reviewer_id != d->reviewer_id)
                continue;
              closed = iso_or_null (p->closed_at);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "session");
              json_builder_add_int_value (b, p->session_id);
              json_builder_set_member_name (b, "closed");
              json_builder_add_string_value (b, closed);
              json_builder_set_member_name (b, "bias");
              if (p->has_bias)
                json_builder_add_double_value (b, p->bias);
              else
                json_builder_add_null_value (b);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "least_agreement");
      json_builder_begin_array (b);
      for (guint i = 0; i < trends->criteria->len; i++)
        {
          KzCriterionTrend *t = g_ptr_array_index (trends->criteria, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "rubric");
          json_builder_add_string_value (b, t->rubric_id);
          json_builder_set_member_name (b, "criterion");
          json_builder_add_string_value (b, t->criterion_id);
          json_builder_set_member_name (b, "metric");
          json_builder_add_string_value (b, kz_alpha_metric_to_string (t->metric));
          json_builder_set_member_name (b, "sessions");
          json_builder_add_int_value (b, t->n_sessions);
          add_agreement_members (b, &t->agreement);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return EXIT_OK;
    }
  g_print (_("%u closed sessions\n"), trends->n_sessions);
  for (guint i = 0; i < trends->drift->len; i++)
    {
      KzReviewerDrift *d = g_ptr_array_index (trends->drift, i);
      g_autofree char *name = person_name (store, d->reviewer_id);
      g_autofree char *drift = d->has_drift ? g_strdup_printf ("%+.1f", d->drift) : g_strdup ("—");

      g_print (_("  %-24s mean bias %+.1f over %u sessions, drift %s points a month\n"), name, d->mean_bias,
               d->n_sessions, drift);
    }
  for (guint i = 0; i < trends->criteria->len && i < 5; i++)
    {
      KzCriterionTrend *t = g_ptr_array_index (trends->criteria, i);
      g_autofree char *text = alpha_text (&t->agreement);

      g_print ("  %s/%-24s %s\n", t->rubric_id, t->criterion_id, text);
    }
  return EXIT_OK;
}

static int
leniency_verb (int argc, char **argv)
{
  static char *from_text, *to_text;
  static const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Day after the period"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— each reviewer's scores against peers on the same agents"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int rc;

  g_option_context_set_summary (ctx, _("Over the submitted evaluations created in the period, calibration left "
                                       "out: per reviewer, the mean over the agents someone else also reviewed "
                                       "of (their mean final score − the others' mean), in points, with its 95% "
                                       "interval."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || from_text == NULL || to_text == NULL)
    return fail_usage (ctx, _("leniency needs --from and --to"));
  if ((from = parse_day (from_text, &error)) == NULL || (to = parse_day (to_text, &error)) == NULL)
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL || (rows = kz_store_reviewer_leniency (store, from, to, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          KzLeniency *l = g_ptr_array_index (rows, i);
          g_autofree char *name = person_name (store, l->reviewer_id);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "reviewer");
          json_builder_add_string_value (b, name);
          json_builder_set_member_name (b, "leniency");
          json_builder_add_double_value (b, l->leniency);
          json_builder_set_member_name (b, "agents");
          json_builder_add_int_value (b, l->n_agents);
          json_builder_set_member_name (b, "evaluations");
          json_builder_add_int_value (b, l->n_evaluations);
          json_builder_set_member_name (b, "low");
          if (l->interval.defined)
            json_builder_add_double_value (b, l->interval.low);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "high");
          if (l->interval.defined)
            json_builder_add_double_value (b, l->interval.high);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      KzLeniency *l = g_ptr_array_index (rows, i);
      g_autofree char *name = person_name (store, l->reviewer_id);
      g_autofree char *interval = l->interval.defined ? g_strdup_printf ("%+.1f … %+.1f", l->interval.low,
                                                                         l->interval.high)
                                                      : g_strdup (_("no interval: one agent"));

      g_print (_("  %-24s %+6.1f points (%s), %u agents, %u evaluations\n"), name, l->leniency, interval,
               l->n_agents, l->n_evaluations);
    }
  return EXIT_OK;
}

/* ---- CX principles and personas ------------------------------------------- */

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static int
principles_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— the organisation’s CX principles"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("principles list takes no arguments"));
  store = open_existing_store (&error);
  if (store == NULL || (list = kz_store_list_principles (store, &error)) == NULL)
    return fail_input (error);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          KzPrinciple *p = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          add_string_or_null (b, "id", p->id);
          add_string_or_null (b, "title", p->title);
          add_string_or_null (b, "description", p->description);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KzPrinciple *p = g_ptr_array_index (list, i);

      g_print ("%-24s %s\n", p->id, p->title);
      if (p->description != NULL)
        g_print ("%-24s   %s\n", "", p->description);
    }
  return EXIT_OK;
}

static int
principles_add (int argc, char **argv)
{
  static char *title, *description;
  static gboolean replace;
  static const GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("A short guiding statement"), N_("TITLE") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What it means in practice"), N_("TEXT") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Change the principle with this id"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID --title TITLE — add a CX principle"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzPrinciple) p = NULL;
  int rc;

  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || title == NULL)
    return fail_usage (ctx, _("principles add needs an ID and --title"));
  p = kz_principle_new (argv[1], title, description);
  store = open_store (&error);
  if (store == NULL || !kz_store_save_principle (store, p, replace, &error))
    return fail_input (error);
  g_print (_("Principle “%s” saved\n"), p->id);
  return EXIT_OK;
}

static int
principles_import (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.csv — add or update principles (id,title,description)"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) principles = NULL;
  int rc;

  g_option_context_set_summary (ctx, _("A header line names the columns id, title and (optionally) description. "
                                       "A principle already stored takes the file’s title and description. "
                                       "Any bad line refuses the whole file."));
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("principles import needs one CSV file"));
  if ((principles = kz_principles_read_csv (argv[1], &error)) == NULL)
    return fail_input (error);
  store = open_store (&error);
  if (store == NULL || !kz_store_save_principles (store, principles, TRUE, &error))
    return fail_input (error);
  g_print (ngettext ("%u principle imported\n", "%u principles imported\n", principles->len), principles->len);
  return EXIT_OK;
}

static int
personas_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— the persona library"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("personas list takes no arguments"));
  store = open_existing_store (&error);
  if (store == NULL || (list = kz_store_list_personas (store, &error)) == NULL)
    return fail_input (error);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          KzPersona *p = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          add_string_or_null (b, "id", p->id);
          add_string_or_null (b, "name", p->name);
          add_string_or_null (b, "situation", p->situation);
          add_string_or_null (b, "goals", p->goals);
          add_string_or_null (b, "channel", p->channel);
          json_builder_set_member_name (b, "tech_comfort");
          json_builder_add_int_value (b, p->tech_comfort);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KzPersona *p = g_ptr_array_index (list, i);

      g_print (_("%-24s %s — %s, comfort with technology %d/5\n"), p->id, p->name, p->channel, p->tech_comfort);
    }
  return EXIT_OK;
}

static int
personas_add (int argc, char **argv)
{
  static char *name, *situation, *goals, *channel;
  static int comfort = 3;
  static gboolean replace;
  static const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Who they are, in a few words"), N_("NAME") },
    { "situation", 0, 0, G_OPTION_ARG_STRING, &situation, N_("Their situation"), N_("TEXT") },
    { "goals", 0, 0, G_OPTION_ARG_STRING, &goals, N_("What they want"), N_("TEXT") },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &channel, N_("call, email, chat, self-service or any (default)"),
      N_("CHANNEL") },
    { "comfort", 0, 0, G_OPTION_ARG_INT, &comfort, N_("Comfort with technology, 1–5 (default 3)"), N_("N") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Change the persona with this id"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID --name NAME — add a persona"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzPersona) p = NULL;
  int rc;

  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || name == NULL)
    return fail_usage (ctx, _("personas add needs an ID and --name"));
  p = kz_persona_new (argv[1], name);
  p->situation = g_strdup (situation);
  p->goals = g_strdup (goals);
  if (channel != NULL)
    {
      g_free (p->channel);
      p->channel = g_strdup (channel);
    }
  p->tech_comfort = comfort;
  if (!kz_persona_check (p, &error))
    return fail_input (error);
  store = open_store (&error);
  if (store == NULL || !kz_store_save_persona (store, p, replace, &error))
    return fail_input (error);
  g_print (_("Persona “%s” saved\n"), p->id);
  return EXIT_OK;
}

/* "2026-03" → [1 March, 1 April). */
static gboolean
parse_month (const char  *text,
             GDateTime  **from,
             GDateTime  **to,
             GError     **error)
{
  g_autofree char *day = g_strconcat (text, "-01", NULL);

  if (strlen (text) != 7 || (*from = kz_parse_day (day)) == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is not a month like 2026-03"), text);
      return FALSE;
    }
  *to = g_date_time_add_months (*from, 1);
  return TRUE;
}

static int
report_principles (int argc, char **argv)
{
  static char *agent_email, *from_text, *to_text, *period;
  static gint64 team_id;
  static const GOptionEntry entries[] = {
    { "agent", 'a', 0, G_OPTION_ARG_STRING, &agent_email, N_("Only this agent’s, by email"), N_("EMAIL") },
    { "team", 0, 0, G_OPTION_ARG_INT64, &team_id, N_("Only the agents of this team"), N_("ID") },
    { "period", 'p', 0, G_OPTION_ARG_STRING, &period, N_("One calendar month"), N_("YYYY-MM") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Evaluations from this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("…and before this day"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— scores per CX principle"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  KzPrincipleFilter filter = { 0 };
  int rc;

  g_option_context_set_summary (ctx, _("Per principle: 100 × Σ w·v ÷ Σ w over the applicable answers (N/A "
                                       "excluded left out) of the criteria linked to it — by the criterion or "
                                       "its section — in submitted evaluations created in the period; "
                                       "calibration left out, fail rules not applied."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("report principles takes no arguments"));
  if (agent_email != NULL && team_id != 0)
    return fail_usage (ctx, _("give --agent or --team, not both"));
  if (period != NULL && (from_text != NULL || to_text != NULL))
    return fail_usage (ctx, _("give --period or --from/--to, not both"));
  if (period != NULL && !parse_month (period, &from, &to, &error))
    return fail_usage (ctx, error->message);
  if ((from_text != NULL && (from = parse_day (from_text, &error)) == NULL) ||
      (to_text != NULL && (to = parse_day (to_text, &error)) == NULL))
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL)
    return fail_input (error);
  if (agent_email != NULL)
    {
      g_autoptr(KzPerson) agent = kz_store_find_person_by_email (store, agent_email, &error);

      if (agent == NULL)
        {
          if (error == NULL)
            g_set_error (&error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("No one has the email address %s"), agent_email);
          return fail_input (error);
        }
      filter.agent_id = agent->id;
    }
  if (team_id != 0)
    {
      g_autoptr(GPtrArray) units = kz_store_list_units (store, &error);
      gboolean found = FALSE;

      if (units == NULL)
        return fail_input (error);
      for (guint i = 0; i < units->len && !found; i++)
        found = ((KzUnit *) g_ptr_array_index (units, i))->id == team_id &&
                ((KzUnit *) g_ptr_array_index (units, i))->kind == KZ_UNIT_TEAM;
      if (!found)
        {
          g_set_error (&error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no team with id %lld"), (long long) team_id);
          return fail_input (error);
        }
      filter.team_id = team_id;
    }
  filter.from = from;
  filter.to = to;
  if ((rows = kz_store_principle_scores (store, &filter, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          KzPrincipleScore *s = g_ptr_array_index (rows, i);

          json_builder_begin_object (b);
          add_string_or_null (b, "principle", s->principle_id);
          add_string_or_null (b, "title", s->title);
          json_builder_set_member_name (b, "in_library");
          json_builder_add_boolean_value (b, s->in_library);
          json_builder_set_member_name (b, "score");
          if (s->has_score)
            json_builder_add_double_value (b, s->score);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "weight");
          json_builder_add_double_value (b, s->denominator);
          json_builder_set_member_name (b, "answers");
          json_builder_add_int_value (b, s->n_answers);
          json_builder_set_member_name (b, "evaluations");
          json_builder_add_int_value (b, s->n_evaluations);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  g_print ("%-32s %7s %8s %12s\n", _("Principle"), _("Score"), _("Answers"), _("Evaluations"));
  for (guint i = 0; i < rows->len; i++)
    {
      KzPrincipleScore *s = g_ptr_array_index (rows, i);
      g_autofree char *score = kz_score_format_percent (s->has_score, s->score);
      g_autofree char *title = s->in_library ? g_strdup (s->title)
                                             : g_strdup_printf (_("%s (not in the library)"), s->principle_id);

      g_print ("%-32s %7s %8u %12u\n", title, score, s->n_answers, s->n_evaluations);
    }
  return EXIT_OK;
}

/* ---- main -------------------------------------------------------------- */

static const Verb verbs[] = {
  { "rubric validate", N_("FILE…"), N_("Check rubric files"), rubric_validate },
  { "rubric import", N_("FILE"), N_("Store a rubric version"), rubric_import },
  { "rubric list", N_("[--json]"), N_("List rubrics and their versions"), rubric_list },
  { "rubric show", N_("ID [--json]"), N_("Show a rubric’s sections, criteria and scales"), rubric_show },
  { "score", N_("--rubric FILE.xml --answers FILE.csv [--json]"), N_("Score one set of answers, no database"), score_verb },
  { "demo", N_("[--seed N]"), N_("Fill an empty database with a demo contact centre"), demo_verb },
  { "person list", N_("[--role ROLE] [--json]"), N_("List people"), person_list },
  { "evaluation list", N_("[--json]"), N_("List evaluations"), evaluation_list },
  { "evaluation show", N_("ID [--json]"), N_("Show an evaluation with its score breakdown"), evaluation_show },
  { "import email", N_("PATH… [--format F] [--strict] [--json]"),
    N_("Import .eml, mbox or Maildir mail as interactions"), import_email },
  { "import evaluations", N_("FILE.csv [--strict] [--json]"),
    N_("Import historical evaluations, scored by Kaizen"), import_evaluations },
  { "import feedback", N_("FILE.csv [--strict]"), N_("Import customers' ratings (CSAT or NPS)"),
    import_feedback },
  { "interaction show", N_("ID [--json]"), N_("An interaction with its emails or call and rating"),
    interaction_show },
  { "import calls", N_("MANIFEST.csv [--strict] [--json]"),
    N_("Import calls with their audio and transcripts"), import_calls },
  { "search", N_("[WORDS…] [--channel C] [--agent EMAIL] [--from D] [--to D] [--json]"),
    N_("Find interactions by words and filters"), search_verb },
  { "sample", N_("--from D --to D --per-agent N --reviewer EMAIL…"),
    N_("Sample interactions and share them out to reviewers"), sample_verb },
  { "queue", N_("--reviewer EMAIL [--json]"), N_("A reviewer's queue"), queue_verb },
  { "report coverage", N_("--from D --to D [--json]"), N_("Per agent: interactions, sampled, reviewed"),
    report_coverage },
  { "server init", N_("URI"), N_("Set up Kaizen on an empty PostgreSQL database"), server_init },
  { "server add-user", N_("URI --person EMAIL --login NAME --password-file FILE"),
    N_("Give a person a login on the team server"), server_add_user },
  { "migrate", N_("--to URI [--json]"), N_("Copy a single-file database to a team server"), migrate_verb },
  { "survey questions", N_("[--json]"), N_("The pulse question bank (the shipped one on first use)"),
    survey_questions },
  { "survey rounds", N_("[--json]"), N_("Survey rounds: open, closed or upcoming"), survey_rounds },
  { "survey round create", N_("--opens D --closes D (--plan ID | --question ID…) [--title T] [--k K]"),
    N_("Create a pulse round"), survey_round_create },
  { "survey results", N_("ROUND [--by team] [--json|--csv]"),
    N_("A closed round's figures, suppressed as on screen"), survey_results },
  { "enps", N_("ROUND [--json]"), N_("A round's eNPS with its 95% interval and n"), enps_verb },
  { "ideas list", N_("[--status S] [--merged] [--json]"), N_("The ideas board"), ideas_list },
  { "import pulse", N_("FILE.csv [--strict]"), N_("Import pulse answers from a kiosk or paper, anonymously"),
    import_pulse },
  { "agreement", N_("--ratings FILE.csv --metric nominal|ordinal|interval [--json]"),
    N_("Krippendorff's alpha of reviewers' ratings, no database"), agreement_verb },
  { "acknowledge", N_("EVALUATION [--comment TEXT] [--as EMAIL]"), N_("The agent acknowledges an evaluation"),
    acknowledge_verb },
  { "dispute raise", N_("EVALUATION --criterion ID… --reason TEXT [--as EMAIL]"),
    N_("The agent disputes criteria of an evaluation"), dispute_raise },
  { "dispute resolve", N_("DISPUTE (--uphold ID | --change ID=ANSWER)… --note TEXT [--as EMAIL]"),
    N_("The reviewer or a manager resolves disputed criteria"), dispute_resolve },
  { "disputes list", N_("[--open] [--json]"), N_("Disputes and how each criterion was resolved"), disputes_list },
  { "evaluation history", N_("ID [--json]"), N_("An evaluation's revisions and audit trail"), evaluation_history },
  { "calibration create", N_("--title T --rubric ID --interaction ID… --reviewer EMAIL… [--as EMAIL]"),
    N_("A lead opens a calibration session"), calibration_create },
  { "calibration close", N_("SESSION [--as EMAIL]"), N_("The lead closes a session: results are ready"),
    calibration_close },
  { "calibration list", N_("[--json]"), N_("Calibration sessions"), calibration_list },
  { "calibration report", N_("SESSION [--json]"), N_("A closed session's alpha, agreement, alignment and bias"),
    calibration_report },
  { "calibration trends", N_("[--from D] [--to D] [--json]"), N_("Bias and drift per reviewer, criteria agreed on least"),
    calibration_trends },
  { "leniency", N_("--from D --to D [--json]"), N_("Each reviewer's scores against peers on the same agents"),
    leniency_verb },
  { "principles list", N_("[--json]"), N_("The organisation's CX principles"), principles_list },
  { "principles add", N_("ID --title T [--description D] [--replace]"), N_("Add (or change) a CX principle"),
    principles_add },
  { "principles import", N_("FILE.csv"), N_("Add or update principles from id,title,description lines"),
    principles_import },
  { "personas list", N_("[--json]"), N_("The persona library"), personas_list },
  { "personas add", N_("ID --name N [--channel C] [--comfort 1-5] …"), N_("Add (or change) a persona"),
    personas_add },
  { "report principles", N_("[--agent EMAIL|--team ID] [--period YYYY-MM|--from D --to D] [--json]"),
    N_("Scores per CX principle"), report_principles },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: kaizenctl VERB [OPTION…] [ARGUMENT…]"));
  fprintf (out, "%s\n", _("Verbs:"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", verbs[i].name, verbs[i].args[0] ? _(verbs[i].args) : "");
      /* Pad by characters, not bytes: "…" is three bytes. */
      long pad = 52 - (long) g_utf8_strlen (left, -1);

      fprintf (out, "  %s%*s %s\n", left, (int) MAX (pad, 0), "", _(verbs[i].summary));
    }
  fprintf (out, "\n%s\n", _("Run “kaizenctl VERB --help” for a verb’s options. "
                              "Exit status: 0 ok, 1 bad input, 2 bad usage."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("kaizenctl %s\n", VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_auto(GStrv) words = g_strsplit (verbs[i].name, " ", -1);
      guint n = g_strv_length (words);
      gboolean match = (guint) argc > n;

      for (guint w = 0; match && w < n; w++)
        match = g_str_equal (argv[1 + w], words[w]);
      if (match)
        {
          /* argv for the verb: "kaizenctl VERB…" as argv[0], then its args. */
          g_autofree char *prgname = g_strconcat ("kaizenctl ", verbs[i].name, NULL);
          char **sub = argv + n;

          g_set_prgname (prgname);
          return verbs[i].run (argc - n, sub);
        }
    }

  /* "kaizenctl rubric" or "kaizenctl rubric --help": the verbs of that group. */
  {
    gboolean group = FALSE;
    gboolean want_help = argc > 2 && (g_str_equal (argv[2], "--help") || g_str_equal (argv[2], "-h"));

    for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
      {
        g_autofree char *prefix = g_strconcat (argv[1], " ", NULL);

        if (!g_str_has_prefix (verbs[i].name, prefix))
          continue;
        if (!group)
          fprintf (want_help ? stdout : stderr, _("Verbs of “kaizenctl %s”:\n"), argv[1]);
        group = TRUE;
        fprintf (want_help ? stdout : stderr, "  kaizenctl %-40s %s\n", verbs[i].name, _(verbs[i].summary));
      }
    if (group)
      return want_help ? EXIT_OK : EXIT_USAGE;
  }

  g_printerr (_("kaizenctl: unknown verb “%s”\n"), argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
