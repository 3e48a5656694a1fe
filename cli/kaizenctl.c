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

#include "kz-completion-import.h"
#include "kz-csv.h"
#include "kz-customer-voice.h"
#include "kz-demo.h"
#include "kz-call.h"
#include "kz-email.h"
#include "kz-evaluation-import.h"
#include "kz-feedback-import.h"
#include "kz-gaps.h"
#include "kz-ical.h"
#include "kz-plan-calendar.h"
#include "kz-impact-query.h"
#include "kz-pg-admin.h"
#include "kz-pg-store-private.h"
#include "kz-ratings.h"
#include "kz-sampling.h"
#include "kz-backup.h"
#include "kz-reports.h"
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

/* ---- report documents (kz-report.h) ---------------------------------------- */

static char *opt_format;
static char *opt_output;

static const GOptionEntry format_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("text (the default), json, csv or pdf"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("Write to FILE instead of standard output (pdf needs it)"), N_("FILE") },
  { NULL }
};

/* Checks --format/--output/--json after parsing; NULL when they agree. */
static const char *
check_format (void)
{
  if (opt_format == NULL)
    opt_format = g_strdup (opt_json ? "json" : "text");
  else if (opt_json && g_strcmp0 (opt_format, "json") != 0)
    return _("--json and --format disagree");
  if (!g_str_equal (opt_format, "text") && !g_str_equal (opt_format, "json") &&
      !g_str_equal (opt_format, "csv") && !g_str_equal (opt_format, "pdf"))
    return _("--format is text, json, csv or pdf");
  if (g_str_equal (opt_format, "json"))
    opt_json = TRUE;
  if (g_str_equal (opt_format, "pdf") && opt_output == NULL)
    return _("--format pdf needs --output FILE.pdf");
  if (opt_output != NULL && !g_str_equal (opt_format, "csv") && !g_str_equal (opt_format, "pdf"))
    return _("--output is for --format csv or pdf");
  return NULL;
}

static gboolean
want_document (void)
{
  return g_str_equal (opt_format, "csv") || g_str_equal (opt_format, "pdf");
}

/* Writes @report as --format asks: its first table as CSV (to --output or
 * standard output), or the whole document as a PDF. */
static int
write_document (KzReport *report)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (opt_format, "csv"))
    {
      if (opt_output == NULL)
        {
          g_autofree char *text = kz_report_table_to_csv (report, 0);
          fputs (text, stdout);
          return EXIT_OK;
        }
      if (!kz_report_write_csv (report, 0, opt_output, &error))
        return fail_input (error);
      return EXIT_OK;
    }
  {
    guint n_pages = 0;

    if (!kz_report_write_pdf (report, opt_output, &n_pages, NULL, &error))
      return fail_input (error);
    g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s: %u page\n", "Wrote %s: %u pages\n", n_pages),
             opt_output, n_pages);
  }
  return EXIT_OK;
}

/* ---- backup ------------------------------------------------------------ */

static void
print_manifest (const char             *verb,
                const char             *zip_path,
                const KzBackupManifest *m)
{
  g_autofree char *created = g_date_time_format_iso8601 (m->created_at);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "backup");
      json_builder_add_string_value (b, zip_path);
      json_builder_set_member_name (b, "kaizen_version");
      json_builder_add_string_value (b, m->kaizen_version);
      json_builder_set_member_name (b, "schema_version");
      json_builder_add_int_value (b, m->schema_version);
      json_builder_set_member_name (b, "created_at");
      json_builder_add_string_value (b, created);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, m->source);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, m->size);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, m->sha256);
      json_builder_end_object (b);
      print_json (b);
      return;
    }
  g_print (_("%s %s: database of %s, schema %d, taken %s by Kaizen %s, %" G_GINT64_FORMAT " bytes, SHA-256 %s\n"),
           verb, zip_path, m->source ? m->source : "?", m->schema_version, created, m->kaizen_version,
           m->size, m->sha256);
}

static int
backup_create (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.zip — back up the whole database"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzBackupManifest) m = NULL;
  int rc;

  g_option_context_set_summary (ctx, _("Writes the whole single-file database (--database) as one zip: "
                                       "manifest.json (Kaizen and schema version, time, size and SHA-256) "
                                       "and kaizen.db, a consistent copy taken while others may keep "
                                       "working. The zip appears only when it is complete. A team server "
                                       "is backed up by its administrator with pg_dump."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("backup create needs the zip file to write"));
  if ((store = open_existing_store (&error)) == NULL ||
      !kz_backup_write (store, argv[1], &m, NULL, &error))
    return fail_input (error);
  print_manifest (_("Wrote"), argv[1], m);
  return EXIT_OK;
}

static int
backup_verify (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.zip — check a backup without restoring it"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzBackupManifest) m = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, NULL, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("backup verify needs the zip file to check"));
  if (!kz_backup_verify (argv[1], &m, NULL, &error))
    return fail_input (error);
  print_manifest (_("Checked"), argv[1], m);
  return EXIT_OK;
}

static int
backup_restore (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.zip — restore a backup into a new database"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzBackupManifest) m = NULL;
  g_autofree char *target = NULL;
  int rc;

  g_option_context_set_summary (ctx, _("Checks the backup whole — archive, manifest, size, SHA-256, schema "
                                       "and SQLite's integrity checks — and only then restores it into "
                                       "--database: a new file, an empty database, or an empty team-server "
                                       "database (postgresql://…, as its owner). A database that holds "
                                       "data is never overwritten. A damaged backup is refused and the "
                                       "target stays as it was."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("backup restore needs the zip file to restore"));
  target = opt_database ? g_strdup (opt_database) : kz_store_default_location ();
  if (!kz_backup_restore (argv[1], target, &m, NULL, &error))
    return fail_input (error);
  print_manifest (_("Restored"), argv[1], m);
  return EXIT_OK;
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
          /* The gap report's goal: its target=, else the pass mark. */
          json_builder_set_member_name (b, "target");
          json_builder_add_double_value (b, c->has_target ? c->target : kz_rubric_get_pass_mark (rubric));
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
  static gint64 n_evaluations = -1;
  static const GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("Random seed (default 1); same seed, same data"), N_("N") },
    { "rubrics", 0, 0, G_OPTION_ARG_FILENAME, &rubrics_dir, N_("Folder of rubric files"), N_("DIR") },
    { "evaluations", 'n', 0, G_OPTION_ARG_INT64, &n_evaluations,
      N_("A centre of this many evaluations, fast, for reports and benchmarks (no calls, emails or history)"),
      N_("N") },
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

  if (n_evaluations == 0 || n_evaluations < -1 || n_evaluations > 100000000)
    return fail_usage (ctx, _("--evaluations takes a number from 1 to 100000000"));

  store = open_store (&error);
  if (store == NULL)
    return fail_input (error);
  if (n_evaluations > 0)
    {
      gint64 start = g_get_monotonic_time ();

      if (!kz_demo_fill_scale (store, rubrics_dir, (guint64) n_evaluations, (guint32) seed, &counts, &error))
        return fail_input (error);
      g_print (_("Demo centre created (%s): %u units, %u people, %u rubrics, %u evaluations in %.1f s\n"),
               kz_store_describe (store), counts.n_units, counts.n_people, counts.n_rubrics,
               counts.n_evaluations, (g_get_monotonic_time () - start) / 1e6);
      return EXIT_OK;
    }
  if (!kz_demo_fill (store, rubrics_dir, (guint32) seed, &counts, &error))
    return fail_input (error);

  g_print (_("Demo centre created (%s): %u units, %u people, %u rubrics, %u interactions, "
             "%u evaluations\n"), kz_store_describe (store), counts.n_units, counts.n_people,
           counts.n_rubrics, counts.n_interactions, counts.n_evaluations);
  return EXIT_OK;
}

/* ---- roll-ups ------------------------------------------------------------ */

static int
rollups_rebuild (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— recompute every report roll-up from the raw answers"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  int rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  gint64 start;

  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("rollups rebuild takes no arguments"));

  store = open_existing_store (&error);
  if (store == NULL)
    return fail_input (error);
  start = g_get_monotonic_time ();
  if (!kz_store_rebuild_rollups (store, &error))
    return fail_input (error);
  g_print (_("Roll-ups rebuilt (%s) in %.1f s\n"), kz_store_describe (store),
           (g_get_monotonic_time () - start) / 1e6);
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
          json_builder_set_member_name (b, "agent_status");
          json_builder_add_string_value (b, kz_agent_status_to_string (kz_evaluation_agent_status (s)));
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
  const char *bad;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || from_text == NULL || to_text == NULL)
    return fail_usage (ctx, _("report coverage needs --from and --to"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  if ((from = parse_day (from_text, &error)) == NULL || (to = parse_day (to_text, &error)) == NULL)
    return fail_usage (ctx, error->message);

  store = open_existing_store (&error);
  if (store == NULL || (rows = kz_store_coverage (store, from, to, &error)) == NULL)
    return fail_input (error);
  if (want_document ())
    {
      g_autoptr(KzReport) report = kz_reports_coverage (rows, from, to);
      return write_document (report);
    }

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
                                       "point's value, “na”, or nothing; optionally interaction, the call "
                                       "id or first Message-ID of the agent's interaction reviewed (already "
                                       "imported), so its customer rating meets the review. Every row is scored by Kaizen's "
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

static GDateTime *parse_now (const char *text, GError **error);

static int
import_completions (int argc, char **argv)
{
  static gboolean strict;
  static char *now_text;
  static const GOptionEntry entries[] = {
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Refuse the whole file if any row is bad"), NULL },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("The time of in-progress rows that give none (ISO 8601; "
                                                       "default now)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.csv|FILE.json — import completions from an LMS"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) now = NULL;
  KzCompletionImportReport report;
  const char *where;
  gboolean ok;
  int rc;

  g_option_context_set_summary (ctx, _(
    "A CSV (columns learner_id and/or email, course_id, status — SCORM 1.2 lesson_status, or "
    "completion_status and success_status of SCORM 2004 — completed_at, score_raw, score_max, score_scaled, "
    "passed) or, for a .json file, xAPI statements (an array, or an LRS's {\"statements\": […]}) with the verbs "
    "completed, passed, failed or attended.\n\n"
    "Learners: an email address (email, actor.mbox), or a learner id / actor.account.name that is an email "
    "address or Kaizen's person id (the number “kaizenctl person list” shows); the account's homePage is not "
    "matched. Courses: the training item whose LMS id (catalog add --external-id) is the course_id or the "
    "statement's object.id.\n\n"
    "Bad rows are reported with their line (CSV) or index from 0 (JSON) and skipped; the good ones are stored "
    "in one transaction, all or none. A statement id seen before — earlier in the file, or in an earlier "
    "import — counts once; a CSV row is known by what it says (learner, course, status, time, score, passed), "
    "so the same export imported twice is stored once. A passed, completed or attended row marks the "
    "learner's planned eLearning assignment of that course done. Exit status 1, nothing changed, when no row "
    "is good or (--strict) any row is bad."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("import completions needs one FILE.csv or FILE.json"));
  if (now_text != NULL && (now = parse_now (now_text, &error)) == NULL)
    return fail_usage (ctx, error->message);

  store = open_existing_store (&error);
  if (store == NULL)
    return fail_input (error);
  kz_completion_import_report_init (&report);
  ok = kz_completions_import (store, argv[1], strict, now, &report, &error);
  where = report.is_json ? "index" : "line";
  if (!ok && report.n_read == 0 && report.issues->len == 0)
    {
      /* The file could not be read at all, or storage failed before any row. */
      kz_completion_import_report_clear (&report);
      return fail_input (error);
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "read");
      json_builder_add_int_value (b, report.n_read);
      json_builder_set_member_name (b, "stored");
      json_builder_add_int_value (b, ok ? report.n_stored : 0);
      json_builder_set_member_name (b, "duplicates");
      json_builder_add_int_value (b, report.n_duplicates);
      json_builder_set_member_name (b, "bad");
      json_builder_add_int_value (b, report.issues->len);
      json_builder_set_member_name (b, "plans_done");
      json_builder_add_int_value (b, ok ? report.n_plans_done : 0);
      print_issues_json (b, report.issues, where);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      for (guint i = 0; i < report.issues->len; i++)
        {
          KzImportIssue *issue = g_ptr_array_index (report.issues, i);

          /* With --strict nothing is skipped: the file is refused. */
          if (report.is_json)
            g_printerr (ok ? _("%s: statement %lld: skipped: %s\n") : _("%s: statement %lld: %s\n"), issue->source,
                        (long long) issue->position, issue->reason);
          else
            g_printerr (ok ? _("%s:%lld: skipped: %s\n") : _("%s:%lld: %s\n"), issue->source,
                        (long long) issue->position, issue->reason);
        }
      if (ok)
        g_print (_("%u read: %u stored, %u duplicates, %u bad; %u eLearning assignments marked done\n"),
                 report.n_read, report.n_stored, report.n_duplicates, report.issues->len, report.n_plans_done);
    }
  if (!ok)
    {
      kz_completion_import_report_clear (&report);
      return fail_input (error);
    }
  if (report.n_good == 0 && report.issues->len > 0)
    {
      g_printerr (_("kaizenctl: %s: no good row, nothing was imported\n"), argv[1]);
      kz_completion_import_report_clear (&report);
      return EXIT_BAD_INPUT;
    }
  kz_completion_import_report_clear (&report);
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
  const char *bad;
  gint64 id;
  int rc;

  g_option_context_set_summary (ctx, _("Figures of groups with fewer than the round's k answers, and figures that "
                                       "together with another would reveal such a group, print as suppressed "
                                       "with the reason, never as numbers: exactly what the app shows — on "
                                       "screen, in the CSV and in the PDF."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_id (argv[1], &id))
    return fail_usage (ctx, _("survey results needs one ROUND id"));
  if (by != NULL && !g_str_equal (by, "team"))
    return fail_usage (ctx, _("--by takes “team”"));
  if (csv && opt_json)
    return fail_usage (ctx, _("--json or --csv, not both"));
  if (csv && opt_format != NULL && !g_str_equal (opt_format, "csv"))
    return fail_usage (ctx, _("--csv and --format disagree"));
  if (csv && opt_format == NULL)
    opt_format = g_strdup ("csv");
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  csv = g_str_equal (opt_format, "csv");
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

      if (opt_output != NULL)
        {
          if (!g_file_set_contents (opt_output, text, -1, &error))
            return fail_input (error);
          return EXIT_OK;
        }
      g_print ("%s", text);
      return EXIT_OK;
    }
  if (g_str_equal (opt_format, "pdf"))
    {
      /* The same figures as the CSV: a withheld one stays withheld. */
      g_autoptr(GPtrArray) figures = kz_survey_figures (cells, NULL, bank, units, by_team ? KZ_FIGURES_BY_TEAM : 0);
      g_autoptr(KzReport) report = kz_reports_survey_results (round, figures);

      return write_document (report);
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
  const char *bad;
  gint64 id;
  int rc;

  g_option_context_set_summary (ctx, _("eNPS = 100 × (promoters − detractors) ÷ n, with the adjusted-Wald 95% "
                                       "interval and n, for the whole round and each team; suppressed groups "
                                       "print as suppressed."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_id (argv[1], &id))
    return fail_usage (ctx, _("enps needs one ROUND id"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);

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
  if (want_document ())
    {
      g_autoptr(GPtrArray) figures = kz_survey_figures (cells, NULL, bank, units, KZ_FIGURES_BY_TEAM);
      g_autoptr(KzReport) report = kz_reports_enps (round, figures);

      return write_document (report);
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
  const char *bad;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("disputes list takes no arguments"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  filter.open_only = open_only;
  store = open_existing_store (&error);
  if (store == NULL || (list = kz_store_list_disputes (store, &filter, &error)) == NULL)
    return fail_input (error);
  if (want_document ())
    {
      g_autoptr(KzReport) report = kz_reports_disputes (store, list, open_only);

      return write_document (report);
    }

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
  const char *bad;
  gint64 id;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("calibration report needs one session ID"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  store = open_existing_store (&error);
  if (store == NULL || (report = kz_store_calibration_report (store, id, &error)) == NULL)
    return fail_input (error);
  if (want_document ())
    {
      g_autoptr(KzReport) doc = kz_reports_calibration (store, report);

      return write_document (doc);
    }
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
  const char *bad;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("calibration trends takes no arguments"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  if ((from_text != NULL && (from = parse_day (from_text, &error)) == NULL) ||
      (to_text != NULL && (to = parse_day (to_text, &error)) == NULL))
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL || (trends = kz_store_calibration_trends (store, from, to, &error)) == NULL)
    return fail_input (error);
  if (want_document ())
    {
      g_autoptr(KzReport) doc = kz_reports_calibration_trends (store, trends, from, to);

      return write_document (doc);
    }

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
  const char *bad;
  int rc;

  g_option_context_set_summary (ctx, _("Over the submitted evaluations created in the period, calibration left "
                                       "out: per reviewer, the mean over the agents someone else also reviewed "
                                       "of (their mean final score − the others' mean), in points, with its 95% "
                                       "interval."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || from_text == NULL || to_text == NULL)
    return fail_usage (ctx, _("leniency needs --from and --to"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  if ((from = parse_day (from_text, &error)) == NULL || (to = parse_day (to_text, &error)) == NULL)
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL || (rows = kz_store_reviewer_leniency (store, from, to, &error)) == NULL)
    return fail_input (error);
  if (want_document ())
    {
      g_autoptr(KzReport) report = kz_reports_leniency (store, rows, from, to);
      return write_document (report);
    }

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

/* ---- coaching: catalog, rules, proposals, plans ------------------------ */

static gboolean
person_by_email (KzStore     *store,
                 const char  *email,
                 gint64      *id,
                 GError     **error)
{
  g_autoptr(KzPerson) p = kz_store_find_person_by_email (store, email, error);

  if (p == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Nobody has the address %s"), email);
      return FALSE;
    }
  *id = p->id;
  return TRUE;
}

static char *
person_email (KzStore *store,
              gint64   id)
{
  g_autoptr(KzPerson) p = id > 0 ? kz_store_get_person (store, id, NULL) : NULL;

  return p != NULL && p->emails != NULL && p->emails[0] != NULL ? g_strdup (p->emails[0]) : NULL;
}

static gboolean
add_criteria (GPtrArray   *into,
              char       **texts,
              GError     **error)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      KzCriterionRef *ref = kz_criterion_ref_parse (texts[i], error);
      if (ref == NULL)
        return FALSE;
      g_ptr_array_add (into, ref);
    }
  return TRUE;
}

static void
json_criteria (JsonBuilder *b,
               GPtrArray   *refs)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < refs->len; i++)
    {
      g_autofree char *text = kz_criterion_ref_to_string (refs->pdata[i]);
      json_builder_add_string_value (b, text);
    }
  json_builder_end_array (b);
}

static char *
criteria_text (GPtrArray *refs)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < refs->len; i++)
    {
      g_autofree char *text = kz_criterion_ref_to_string (refs->pdata[i]);
      g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", text);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* "YYYY-MM-DD" as a GDate; FALSE when it is not a real date written so. */
static gboolean
parse_date_arg (const char *text,
                GDate      *out)
{
  unsigned y, m, d;
  char extra;

  g_date_clear (out, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &extra) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

/* "YYYY-MM-DDTHH:MM" (seconds optional) on the wall clock of @tz. */
static GDateTime *
parse_local_time (const char *text,
                  GTimeZone  *tz)
{
  unsigned y, mo, d, h, mi, s = 0;
  char extra;
  int n;

  if (text == NULL)
    return NULL;
  n = sscanf (text, "%4u-%2u-%2uT%2u:%2u:%2u%c", &y, &mo, &d, &h, &mi, &s, &extra);
  if ((n != 5 && n != 6) || !g_date_valid_dmy (d, mo, y) || h > 23 || mi > 59 || s > 59)
    return NULL;
  return g_date_time_new (tz, y, mo, d, h, mi, s);
}

/* --now: an ISO 8601 time (local time when it names no zone), or now —
 * on the local clock, whose days due dates and overdue are counted in. */
static GDateTime *
parse_now (const char  *text,
           GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) given = NULL;
  GDateTime *t = NULL;

  if (text == NULL)
    return g_date_time_new_now_local ();
  given = g_date_time_new_from_iso8601 (text, local);
  if (given != NULL)
    t = g_date_time_to_local (given);
  if (t == NULL)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("--now “%s” is not an ISO 8601 time"), text);
  return t;
}

static char *
iso_utc (GDateTime *t)
{
  g_autoptr(GDateTime) u = t != NULL ? g_date_time_to_utc (t) : NULL;

  return u != NULL ? g_date_time_format (u, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
json_string_or_null (JsonBuilder *b,
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
catalog_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— the training catalog"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int rc = parse_verb (ctx, database_entries, json_entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("catalog list takes no arguments"));
  store = open_existing_store (&error);
  if (store == NULL || (items = kz_store_list_catalog_items (store, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < items->len; i++)
        {
          KzCatalogItem *item = items->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, item->id);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, kz_catalog_kind_to_string (item->kind));
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, item->title);
          json_string_or_null (b, "link", item->link);
          json_string_or_null (b, "file", item->file);
          json_string_or_null (b, "external_id", item->external_id);
          json_builder_set_member_name (b, "minutes");
          json_builder_add_int_value (b, item->minutes);
          json_builder_set_member_name (b, "capacity");
          json_builder_add_int_value (b, item->capacity);
          json_builder_set_member_name (b, "criteria");
          json_criteria (b, item->criteria);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < items->len; i++)
    {
      KzCatalogItem *item = items->pdata[i];
      g_autofree char *crit = criteria_text (item->criteria);

      if (item->kind == KZ_CATALOG_ELEARNING)
        g_print (_("%4lld  eLearning  %s — %d min, %s — %s\n"), (long long) item->id, item->title, item->minutes,
                 item->link ? item->link : item->file, crit);
      else
        g_print (_("%4lld  course     %s — %d places — %s\n"), (long long) item->id, item->title, item->capacity,
                 crit);
    }
  return EXIT_OK;
}

static int
catalog_add (int argc, char **argv)
{
  static char *kind, *title, *link, *file, *external_id;
  static char **criteria;
  static int minutes, capacity;
  static const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind, N_("elearning or course"), N_("KIND") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("Its title"), N_("TITLE") },
    { "link", 0, 0, G_OPTION_ARG_STRING, &link, N_("eLearning: its link"), N_("URL") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("eLearning: its file"), N_("PATH") },
    { "minutes", 'm', 0, G_OPTION_ARG_INT, &minutes, N_("eLearning: estimated minutes"), N_("N") },
    { "capacity", 'c', 0, G_OPTION_ARG_INT, &capacity, N_("Course: places"), N_("N") },
    { "external-id", 0, 0, G_OPTION_ARG_STRING, &external_id, N_("Its id in the LMS (course id or activity IRI)"),
      N_("ID") },
    { "criterion", 0, 0, G_OPTION_ARG_STRING_ARRAY, &criteria, N_("A criterion it addresses (repeat)"),
      N_("RUBRIC:CRITERION") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— add a training item"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzCatalogItem) item = NULL;
  KzCatalogKind k;
  int rc = parse_verb (ctx, database_entries, entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1 || kind == NULL || title == NULL || criteria == NULL)
    return fail_usage (ctx, _("catalog add needs --kind, --title and at least one --criterion"));
  if (!kz_catalog_kind_from_string (kind, &k))
    return fail_usage (ctx, _("--kind is elearning or course"));
  item = kz_catalog_item_new (k, title);
  item->link = g_strdup (link);
  item->file = g_strdup (file);
  item->minutes = minutes;
  item->capacity = capacity;
  item->external_id = g_strdup (external_id);
  if (!add_criteria (item->criteria, criteria, &error))
    return fail_input (error);
  store = open_existing_store (&error);
  if (store == NULL || kz_store_save_catalog_item (store, item, &error) <= 0)
    return fail_input (error);
  g_print (_("Training item %lld added: %s\n"), (long long) item->id, item->title);
  return EXIT_OK;
}

static int
rules_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— recommendation rules"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  int rc = parse_verb (ctx, database_entries, json_entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("rules list takes no arguments"));
  store = open_existing_store (&error);
  if (store == NULL || (rules = kz_store_list_rules (store, &error)) == NULL)
    return fail_input (error);
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < rules->len; i++)
        {
          KzCoachingRule *r = rules->pdata[i];
          g_autofree char *criterion = g_strconcat (r->rubric_id, ":", r->criterion_id, NULL);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, r->id);
          json_builder_set_member_name (b, "criterion");
          json_builder_add_string_value (b, criterion);
          json_builder_set_member_name (b, "condition");
          json_builder_add_string_value (b, kz_rule_condition_to_string (r->condition));
          if (r->condition == KZ_RULE_LAST_N_FAILED)
            {
              json_builder_set_member_name (b, "n");
              json_builder_add_int_value (b, r->n);
            }
          else
            {
              json_builder_set_member_name (b, "threshold");
              json_builder_add_double_value (b, r->threshold);
              json_builder_set_member_name (b, "days");
              json_builder_add_int_value (b, r->days);
            }
          json_builder_set_member_name (b, "item");
          json_builder_add_int_value (b, r->catalog_item_id);
          json_builder_set_member_name (b, "cooldown_weeks");
          json_builder_add_int_value (b, r->cooldown_weeks);
          json_builder_set_member_name (b, "sla_days");
          json_builder_add_int_value (b, r->sla_days);
          json_builder_set_member_name (b, "active");
          json_builder_add_boolean_value (b, r->active);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      KzCoachingRule *r = rules->pdata[i];
      g_autofree char *cond = r->condition == KZ_RULE_LAST_N_FAILED
        ? g_strdup_printf (_("last %d failed"), r->n)
        : g_strdup_printf (_("mean below %g over %d days"), r->threshold, r->days);

      g_print (_("%4lld  %s:%s  %s → item %lld, cooldown %d weeks, SLA %d days%s\n"), (long long) r->id,
               r->rubric_id, r->criterion_id, cond, (long long) r->catalog_item_id, r->cooldown_weeks, r->sla_days,
               r->active ? "" : _(" (inactive)"));
    }
  return EXIT_OK;
}

static int
rules_add (int argc, char **argv)
{
  static char *criterion;
  static int last_failed, days, cooldown, sla = 14;
  static double mean_below = -1;
  static gint64 item;
  static const GOptionEntry entries[] = {
    { "criterion", 'c', 0, G_OPTION_ARG_STRING, &criterion, N_("The criterion watched"), N_("RUBRIC:CRITERION") },
    { "last-failed", 'n', 0, G_OPTION_ARG_INT, &last_failed, N_("Condition: the last N evaluations failed it"),
      N_("N") },
    { "mean-below", 0, 0, G_OPTION_ARG_DOUBLE, &mean_below, N_("Condition: its mean (0–100) is below X …"),
      N_("X") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("… over the last D days"), N_("D") },
    { "item", 'i', 0, G_OPTION_ARG_INT64, &item, N_("The training item proposed"), N_("ID") },
    { "cooldown-weeks", 0, 0, G_OPTION_ARG_INT, &cooldown, N_("No new proposal this long after one is decided"),
      N_("W") },
    { "sla-days", 0, 0, G_OPTION_ARG_INT, &sla, N_("Days to complete once accepted (default 14)"), N_("D") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— add a recommendation rule"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzCoachingRule) rule = kz_coaching_rule_new ();
  g_autoptr(KzCriterionRef) ref = NULL;
  int rc = parse_verb (ctx, database_entries, entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1 || criterion == NULL || item <= 0 || (last_failed > 0) == (mean_below >= 0))
    return fail_usage (ctx, _("rules add needs --criterion, --item and one of --last-failed N or "
                              "--mean-below X --days D"));
  if ((ref = kz_criterion_ref_parse (criterion, &error)) == NULL)
    return fail_input (error);
  rule->rubric_id = g_strdup (ref->rubric_id);
  rule->criterion_id = g_strdup (ref->criterion_id);
  rule->condition = last_failed > 0 ? KZ_RULE_LAST_N_FAILED : KZ_RULE_MEAN_BELOW;
  rule->n = last_failed;
  rule->threshold = mean_below;
  rule->days = days;
  rule->catalog_item_id = item;
  rule->cooldown_weeks = cooldown;
  rule->sla_days = sla;
  store = open_existing_store (&error);
  if (store == NULL || kz_store_save_rule (store, rule, &error) <= 0)
    return fail_input (error);
  g_print (_("Rule %lld added\n"), (long long) rule->id);
  return EXIT_OK;
}

static void
json_proposal (JsonBuilder *b,
               KzStore     *store,
               KzProposal  *p)
{
  g_autofree char *agent = person_email (store, p->agent_id);
  g_autofree char *created = iso_utc (p->created_at);
  g_autofree char *decided = iso_utc (p->decided_at);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, p->id);
  json_builder_set_member_name (b, "rule");
  json_builder_add_int_value (b, p->rule_id);
  json_string_or_null (b, "agent", agent);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, kz_proposal_state_to_string (p->state));
  json_string_or_null (b, "reason", p->reason);
  json_builder_set_member_name (b, "evidence");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->evidence->len; i++)
    json_builder_add_int_value (b, g_array_index (p->evidence, gint64, i));
  json_builder_end_array (b);
  json_string_or_null (b, "created_at", created);
  json_string_or_null (b, "decided_at", decided);
  json_builder_set_member_name (b, "plan");
  if (p->plan_id > 0)
    json_builder_add_int_value (b, p->plan_id);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

static void
print_proposals (KzStore   *store,
                 GPtrArray *proposals)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < proposals->len; i++)
        json_proposal (b, store, proposals->pdata[i]);
      json_builder_end_array (b);
      print_json (b);
      return;
    }
  for (guint i = 0; i < proposals->len; i++)
    {
      KzProposal *p = proposals->pdata[i];
      g_autofree char *name = person_name (store, p->agent_id);

      g_print (_("%4lld  %-9s  %s — %s (rule %lld)\n"), (long long) p->id, kz_proposal_state_to_string (p->state),
               name, p->reason ? p->reason : "", (long long) p->rule_id);
    }
}

static int
rules_run (int argc, char **argv)
{
  static char *agent_email, *now_text;
  static const GOptionEntry entries[] = {
    { "agent", 'a', 0, G_OPTION_ARG_STRING, &agent_email, N_("Only this agent, by email"), N_("EMAIL") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Run as at this time (ISO 8601)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— run the rules: new proposals"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 agent = 0;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("rules run takes no arguments"));
  if ((now = parse_now (now_text, &error)) == NULL)
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL || (agent_email != NULL && !person_by_email (store, agent_email, &agent, &error)) ||
      (made = kz_store_run_rules (store, agent, now, &error)) == NULL)
    return fail_input (error);
  if (!opt_json)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u new proposal\n", "%u new proposals\n", made->len), made->len);
  print_proposals (store, made);
  return EXIT_OK;
}

static int
proposals_list (int argc, char **argv)
{
  static gboolean all;
  static const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Also those accepted or dismissed"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— proposals awaiting a manager"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("proposals list takes no arguments"));
  store = open_existing_store (&error);
  if (store == NULL || (proposals = kz_store_list_proposals (store, !all, &error)) == NULL)
    return fail_input (error);
  print_proposals (store, proposals);
  return EXIT_OK;
}

static int
proposals_accept (int argc, char **argv)
{
  static char *as, *as_plan, *coach_email, *now_text;
  static const GOptionEntry entries[] = {
    { "plan", 'p', 0, G_OPTION_ARG_STRING, &as_plan, N_("elearning (default) or coaching"), N_("KIND") },
    { "coach", 'c', 0, G_OPTION_ARG_STRING, &coach_email, N_("Coaching: the coach, by email (default: you)"),
      N_("EMAIL") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Accept as at this time (ISO 8601)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID — a manager accepts a proposal: it becomes a plan"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) now = NULL;
  KzPlanKind kind = KZ_PLAN_ELEARNING;
  gint64 id, manager, coach = 0, plan;
  int rc;

  g_option_context_add_main_entries (ctx, as_entries (&as), GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("proposals accept needs one proposal ID"));
  if (as_plan != NULL && (!kz_plan_kind_from_string (as_plan, &kind) || kind == KZ_PLAN_TRAINING))
    return fail_usage (ctx, _("--plan is elearning or coaching"));
  if ((now = parse_now (now_text, &error)) == NULL)
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL || !acting_person (store, as, &manager, &error) ||
      (coach_email != NULL && !person_by_email (store, coach_email, &coach, &error)) ||
      (plan = kz_store_accept_proposal (store, id, manager, kind, coach, now, &error)) <= 0)
    return fail_input (error);
  g_print (_("Proposal %lld accepted: plan %lld\n"), (long long) id, (long long) plan);
  return EXIT_OK;
}

static int
proposals_dismiss (int argc, char **argv)
{
  static char *as;
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID — a manager dismisses a proposal"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  gint64 id, manager;
  int rc;

  g_option_context_add_main_entries (ctx, as_entries (&as), GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, NULL, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("proposals dismiss needs one proposal ID"));
  store = open_existing_store (&error);
  if (store == NULL || !acting_person (store, as, &manager, &error) ||
      !kz_store_dismiss_proposal (store, id, manager, NULL, &error))
    return fail_input (error);
  g_print (_("Proposal %lld dismissed\n"), (long long) id);
  return EXIT_OK;
}

static void
json_plan (JsonBuilder *b,
           KzStore     *store,
           KzPlan      *p,
           GDateTime   *now)
{
  g_autofree char *agent = person_email (store, p->agent_id);
  g_autofree char *coach = person_email (store, p->coach_id);
  g_autofree char *starts = iso_utc (p->starts_at);
  g_autofree char *due = date_text (&p->due);
  g_autofree char *follow = date_text (&p->follow_up);
  g_autofree char *ack = iso_utc (p->acknowledged_at);
  g_autofree char *completed = iso_utc (p->completed_at);
  g_autofree char *until = iso_utc (p->recurrence.until);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, p->id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kz_plan_kind_to_string (p->kind));
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, kz_plan_state_to_string (p->state));
  json_builder_set_member_name (b, "overdue");
  json_builder_add_boolean_value (b, kz_plan_is_overdue (p, now));
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, p->title);
  json_string_or_null (b, "agent", agent);
  json_string_or_null (b, "coach", coach);
  json_builder_set_member_name (b, "item");
  if (p->catalog_item_id > 0)
    json_builder_add_int_value (b, p->catalog_item_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "criteria");
  json_criteria (b, p->criteria);
  json_builder_set_member_name (b, "evidence");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->evidence->len; i++)
    json_builder_add_int_value (b, g_array_index (p->evidence, gint64, i));
  json_builder_end_array (b);
  json_string_or_null (b, "agenda", p->agenda);
  json_string_or_null (b, "shared_notes", p->shared_notes);
  if (!p->private_notes_hidden)
    json_string_or_null (b, "private_notes", p->private_notes);
  json_builder_set_member_name (b, "action_items");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->action_items->len; i++)
    {
      KzActionItem *a = p->action_items->pdata[i];
      g_autofree char *owner = person_email (store, a->owner_id);
      g_autofree char *a_due = date_text (&a->due);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, a->text);
      json_string_or_null (b, "owner", owner);
      json_string_or_null (b, "due", a_due);
      json_builder_set_member_name (b, "done");
      json_builder_add_boolean_value (b, a->done);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_string_or_null (b, "acknowledged_at", ack);
  json_string_or_null (b, "commitment", p->commitment);
  json_string_or_null (b, "starts_at", starts);
  json_string_or_null (b, "tzid", p->tzid);
  json_builder_set_member_name (b, "duration_minutes");
  json_builder_add_int_value (b, p->duration_minutes);
  json_string_or_null (b, "due", due);
  json_string_or_null (b, "follow_up", follow);
  json_string_or_null (b, "place", p->place);
  json_string_or_null (b, "link", p->link);
  json_builder_set_member_name (b, "capacity");
  json_builder_add_int_value (b, p->capacity);
  json_builder_set_member_name (b, "attendees");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->attendees->len; i++)
    {
      KzAttendee *a = p->attendees->pdata[i];
      g_autofree char *email = person_email (store, a->person_id);

      json_builder_begin_object (b);
      json_string_or_null (b, "person", email);
      json_builder_set_member_name (b, "attendance");
      json_builder_add_string_value (b, kz_attendance_to_string (a->attendance));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "recurrence");
  if (p->recurrence.freq == KZ_FREQ_NONE)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "freq");
      json_builder_add_string_value (b, kz_freq_to_string (p->recurrence.freq));
      json_builder_set_member_name (b, "interval");
      json_builder_add_int_value (b, p->recurrence.interval);
      json_string_or_null (b, "until", until);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, p->recurrence.count);
      json_string_or_null (b, "byday", p->recurrence.byday);
      json_builder_set_member_name (b, "exdates");
      json_builder_begin_array (b);
      for (guint i = 0; i < p->recurrence.exdates->len; i++)
        {
          g_autofree char *ex = iso_utc (p->recurrence.exdates->pdata[i]);
          json_builder_add_string_value (b, ex);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "uid");
  json_builder_add_string_value (b, p->uid);
  json_builder_set_member_name (b, "sequence");
  json_builder_add_int_value (b, p->sequence);
  json_string_or_null (b, "completed_at", completed);
  json_builder_end_object (b);
}

static int
plan_list (int argc, char **argv)
{
  static char *email, *now_text;
  static const GOptionEntry entries[] = {
    { "person", 'p', 0, G_OPTION_ARG_STRING, &email, N_("Only plans involving this person, by email"), N_("EMAIL") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Tell overdue as at this time (ISO 8601; local when no zone)"),
      N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— coaching sessions, eLearning and group training"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 person = 0;
  int rc;

  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("plan list takes no arguments"));
  if ((now = parse_now (now_text, &error)) == NULL)
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL || (email != NULL && !person_by_email (store, email, &person, &error)) ||
      (plans = kz_store_list_plans (store, person, &error)) == NULL)
    return fail_input (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < plans->len; i++)
        json_plan (b, store, plans->pdata[i], now);
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < plans->len; i++)
    {
      KzPlan *p = plans->pdata[i];
      g_autofree char *who = person_name (store, p->kind == KZ_PLAN_TRAINING ? p->coach_id : p->agent_id);
      g_autofree char *when = NULL;

      if (p->starts_at != NULL)
        {
          g_autoptr(GTimeZone) named = g_time_zone_new_identifier (p->tzid);
          g_autoptr(GTimeZone) tz = named != NULL ? g_time_zone_ref (named) : g_time_zone_new_utc ();
          g_autoptr(GDateTime) local = g_date_time_to_timezone (p->starts_at, tz);
          g_autofree char *stamp = g_date_time_format (local, "%Y-%m-%d %H:%M");
          when = g_strdup_printf ("%s %s, %d min", stamp, p->tzid, p->duration_minutes);
        }
      else if (g_date_valid (&p->due))
        {
          g_autofree char *d = date_text (&p->due);
          when = g_strdup_printf (_("due %s"), d);
        }
      else
        when = g_strdup (_("not scheduled"));
      g_print ("%4lld  %-9s  %-9s%s  %s — %s — %s\n", (long long) p->id, kz_plan_kind_to_string (p->kind),
               kz_plan_state_to_string (p->state), kz_plan_is_overdue (p, now) ? _(" overdue") : "", p->title, who,
               when);
    }
  return EXIT_OK;
}

/* "TEXT|OWNER-EMAIL|YYYY-MM-DD" (owner and due optional). */
static KzActionItem *
parse_action (KzStore     *store,
              const char  *text,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "|", 3);
  g_autoptr(KzActionItem) a = kz_action_item_new (parts[0], 0);

  if (parts[1] != NULL && *parts[1] != '\0' && !person_by_email (store, parts[1], &a->owner_id, error))
    return NULL;
  if (parts[1] != NULL && parts[2] != NULL && !parse_date_arg (parts[2], &a->due))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("Action item “%s”: the due date is YYYY-MM-DD"), text);
      return NULL;
    }
  return g_steal_pointer (&a);
}

static gboolean
parse_schedule (KzPlan      *plan,
                const char  *start,
                const char  *tz_id,
                int          duration,
                GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (start == NULL)
    return TRUE;
  if (tz_id == NULL || (tz = g_time_zone_new_identifier (tz_id)) == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("--tz needs a time zone this computer knows, such as "
                                                             "Europe/London"));
      return FALSE;
    }
  plan->starts_at = parse_local_time (start, tz);
  if (plan->starts_at == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("--start “%s” is not YYYY-MM-DDTHH:MM"), start);
      return FALSE;
    }
  plan->tzid = g_strdup (tz_id);
  plan->duration_minutes = duration;
  return TRUE;
}

static int
plan_add_coaching (int argc, char **argv)
{
  static char *agent_email, *coach_email, *title, *agenda, *notes, *private_notes, *start, *tz_id, *due, *follow;
  static char **criteria, **evidence, **actions;
  static int duration = 30;
  static const GOptionEntry entries[] = {
    { "agent", 'a', 0, G_OPTION_ARG_STRING, &agent_email, N_("The agent, by email"), N_("EMAIL") },
    { "coach", 'c', 0, G_OPTION_ARG_STRING, &coach_email, N_("The coach, by email"), N_("EMAIL") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("Its title"), N_("TITLE") },
    { "criterion", 0, 0, G_OPTION_ARG_STRING_ARRAY, &criteria, N_("A focus criterion (repeat)"),
      N_("RUBRIC:CRITERION") },
    { "evidence", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &evidence, N_("An evaluation shown as evidence (repeat)"),
      N_("ID") },
    { "agenda", 0, 0, G_OPTION_ARG_STRING, &agenda, N_("The agenda"), N_("TEXT") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Notes shared with the agent"), N_("TEXT") },
    { "private-notes", 0, 0, G_OPTION_ARG_STRING, &private_notes, N_("Notes for the coach and managers only"),
      N_("TEXT") },
    { "action", 0, 0, G_OPTION_ARG_STRING_ARRAY, &actions, N_("An action item (repeat)"),
      N_("TEXT[|OWNER-EMAIL[|YYYY-MM-DD]]") },
    { "start", 's', 0, G_OPTION_ARG_STRING, &start, N_("When, on the wall clock of --tz"), N_("YYYY-MM-DDTHH:MM") },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &tz_id, N_("Its time zone"), N_("ZONE") },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration, N_("Minutes (default 30)"), N_("MIN") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &due, N_("To happen by"), N_("YYYY-MM-DD") },
    { "follow-up", 0, 0, G_OPTION_ARG_STRING, &follow, N_("Follow-up date"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— plan a 1:1 coaching session"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzPlan) plan = NULL;
  int rc = parse_verb (ctx, database_entries, entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1 || agent_email == NULL || coach_email == NULL || title == NULL)
    return fail_usage (ctx, _("plan add-coaching needs --agent, --coach and --title"));
  plan = kz_plan_new (KZ_PLAN_COACHING, title);
  if ((due != NULL && !parse_date_arg (due, &plan->due)) || (follow != NULL && !parse_date_arg (follow, &plan->follow_up)))
    return fail_usage (ctx, _("--due and --follow-up are YYYY-MM-DD"));
  for (guint i = 0; evidence != NULL && evidence[i] != NULL; i++)
    {
      gint64 id;
      if (!parse_positive (evidence[i], &id))
        return fail_usage (ctx, _("--evidence takes an evaluation ID"));
      g_array_append_val (plan->evidence, id);
    }
  plan->agenda = g_strdup (agenda);
  plan->shared_notes = g_strdup (notes);
  plan->private_notes = g_strdup (private_notes);
  store = open_existing_store (&error);
  if (store == NULL || !person_by_email (store, agent_email, &plan->agent_id, &error) ||
      !person_by_email (store, coach_email, &plan->coach_id, &error) ||
      !add_criteria (plan->criteria, criteria, &error) || !parse_schedule (plan, start, tz_id, duration, &error))
    return fail_input (error);
  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    {
      KzActionItem *a = parse_action (store, actions[i], &error);
      if (a == NULL)
        return fail_input (error);
      g_ptr_array_add (plan->action_items, a);
    }
  if (kz_store_save_plan (store, plan, &error) <= 0)
    return fail_input (error);
  g_print (_("Coaching session %lld planned (uid %s)\n"), (long long) plan->id, plan->uid);
  return EXIT_OK;
}

static int
plan_add_training (int argc, char **argv)
{
  static char *title, *start, *tz_id, *place, *link, *freq, *until, *byday, *organiser;
  static char **attendees, **exdates, **criteria;
  static gint64 course;
  static int duration = 60, capacity, interval = 1, count;
  static const GOptionEntry entries[] = {
    { "course", 'c', 0, G_OPTION_ARG_INT64, &course, N_("The catalog course"), N_("ID") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("Its title (default: the course's)"), N_("TITLE") },
    { "start", 's', 0, G_OPTION_ARG_STRING, &start, N_("When, on the wall clock of --tz"), N_("YYYY-MM-DDTHH:MM") },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &tz_id, N_("Its time zone"), N_("ZONE") },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration, N_("Minutes (default 60)"), N_("MIN") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_("Where"), N_("TEXT") },
    { "link", 0, 0, G_OPTION_ARG_STRING, &link, N_("Or the meeting link"), N_("URL") },
    { "capacity", 0, 0, G_OPTION_ARG_INT, &capacity, N_("Places (default: the course's)"), N_("N") },
    { "organiser", 'o', 0, G_OPTION_ARG_STRING, &organiser, N_("Who runs it, by email"), N_("EMAIL") },
    { "attendee", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &attendees, N_("An attendee, by email (repeat)"), N_("EMAIL") },
    { "criterion", 0, 0, G_OPTION_ARG_STRING_ARRAY, &criteria, N_("A criterion it addresses (default: the course's)"),
      N_("RUBRIC:CRITERION") },
    { "freq", 0, 0, G_OPTION_ARG_STRING, &freq, N_("Repeats: daily, weekly, monthly or yearly"), N_("FREQ") },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, N_("Every N periods (default 1)"), N_("N") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Last day it may happen"), N_("YYYY-MM-DD") },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, N_("Or how many times"), N_("N") },
    { "byday", 0, 0, G_OPTION_ARG_STRING, &byday, N_("Days of the week"), N_("MO,WE") },
    { "exdate", 0, 0, G_OPTION_ARG_STRING_ARRAY, &exdates, N_("An occurrence dropped, by its start (repeat)"),
      N_("YYYY-MM-DDTHH:MM") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— schedule a group training"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(KzPlan) plan = NULL;
  g_autoptr(KzCatalogItem) item = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  int rc = parse_verb (ctx, database_entries, entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 1 || course <= 0 || start == NULL || tz_id == NULL)
    return fail_usage (ctx, _("plan add-training needs --course, --start and --tz"));
  plan = kz_plan_new (KZ_PLAN_TRAINING, title != NULL ? title : "-");
  if (freq != NULL && (!kz_freq_from_string (freq, &plan->recurrence.freq) || plan->recurrence.freq == KZ_FREQ_NONE))
    return fail_usage (ctx, _("--freq is daily, weekly, monthly or yearly"));
  store = open_existing_store (&error);
  if (store == NULL || (item = kz_store_get_catalog_item (store, course, &error)) == NULL ||
      !parse_schedule (plan, start, tz_id, duration, &error))
    return fail_input (error);
  tz = g_time_zone_new_identifier (tz_id);
  if (title == NULL)
    {
      g_free (plan->title);
      plan->title = g_strdup (item->title);
    }
  plan->catalog_item_id = course;
  plan->place = g_strdup (place);
  plan->link = g_strdup (link);
  plan->capacity = capacity;
  plan->recurrence.interval = interval;
  plan->recurrence.count = count;
  plan->recurrence.byday = byday != NULL ? g_ascii_strup (byday, -1) : NULL;
  if (until != NULL)
    {
      GDate d;
      if (!parse_date_arg (until, &d))
        return fail_usage (ctx, _("--until is YYYY-MM-DD"));
      /* The whole last day counts, on the event's own clock. */
      plan->recurrence.until = g_date_time_new (tz, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d),
                                                23, 59, 59);
    }
  for (guint i = 0; exdates != NULL && exdates[i] != NULL; i++)
    {
      GDateTime *ex = parse_local_time (exdates[i], tz);
      if (ex == NULL)
        return fail_usage (ctx, _("--exdate is YYYY-MM-DDTHH:MM"));
      g_ptr_array_add (plan->recurrence.exdates, ex);
    }
  if (criteria != NULL)
    {
      if (!add_criteria (plan->criteria, criteria, &error))
        return fail_input (error);
    }
  else
    for (guint i = 0; i < item->criteria->len; i++)
      g_ptr_array_add (plan->criteria, kz_criterion_ref_copy (item->criteria->pdata[i]));
  if (organiser != NULL && !person_by_email (store, organiser, &plan->coach_id, &error))
    return fail_input (error);
  for (guint i = 0; attendees != NULL && attendees[i] != NULL; i++)
    {
      KzAttendee *a = g_new0 (KzAttendee, 1);
      g_ptr_array_add (plan->attendees, a);
      if (!person_by_email (store, attendees[i], &a->person_id, &error))
        return fail_input (error);
    }
  if (kz_store_save_plan (store, plan, &error) <= 0)
    return fail_input (error);
  g_print (_("Group training %lld scheduled (uid %s)\n"), (long long) plan->id, plan->uid);
  return EXIT_OK;
}

static int
plan_move (int argc, char **argv, KzPlanState state)
{
  static char *at_text;
  static const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When it happened (ISO 8601; default now)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID — mark a plan done, missed or cancelled"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) at = NULL;
  gint64 id;
  int rc = parse_verb (ctx, database_entries, state == KZ_PLAN_CANCELLED ? NULL : entries, &argc, &argv);

  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("this needs one plan ID"));
  if ((at = parse_now (at_text, &error)) == NULL)
    return fail_usage (ctx, error->message);
  store = open_existing_store (&error);
  if (store == NULL || !kz_store_set_plan_state (store, id, state, at, &error))
    return fail_input (error);
  g_print (_("Plan %lld is %s\n"), (long long) id, kz_plan_state_to_string (state));
  return EXIT_OK;
}

static int
plan_done (int argc, char **argv)
{
  return plan_move (argc, argv, KZ_PLAN_DONE);
}

static int
plan_missed (int argc, char **argv)
{
  return plan_move (argc, argv, KZ_PLAN_MISSED);
}

static int
plan_cancel (int argc, char **argv)
{
  return plan_move (argc, argv, KZ_PLAN_CANCELLED);
}

static int
plan_acknowledge (int argc, char **argv)
{
  static char *comment, *as;
  static const GOptionEntry entries[] = {
    { "comment", 'c', 0, G_OPTION_ARG_STRING, &comment, N_("What you commit to"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("ID — the agent acknowledges a coaching session"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  gint64 id, agent;
  int rc;

  g_option_context_add_main_entries (ctx, as_entries (&as), GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2 || !parse_positive (argv[1], &id))
    return fail_usage (ctx, _("plan acknowledge needs one plan ID"));
  store = open_existing_store (&error);
  if (store == NULL || !acting_person (store, as, &agent, &error) ||
      !kz_store_acknowledge_plan (store, id, agent, comment, NULL, &error))
    return fail_input (error);
  g_print (_("Coaching session %lld acknowledged\n"), (long long) id);
  return EXIT_OK;
}

/* ---- gaps and impact ---------------------------------------------------- */

/* "2026-03-01..2026-03-31": both days included → [first midnight, midnight
 * after the last day). */
static gboolean
parse_period (const char  *text,
              GDateTime  **from,
              GDateTime  **to,
              GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;

  if (text == NULL || strstr (text, "..") == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("“%s” is not a period like 2026-03-01..2026-03-31"), text ? text : "");
      return FALSE;
    }
  parts = g_strsplit (text, "..", 2);
  if ((first = parse_day (parts[0], error)) == NULL || (last = parse_day (parts[1], error)) == NULL)
    return FALSE;
  if (g_date_time_compare (first, last) > 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("The period %s ends before it starts"), text);
      return FALSE;
    }
  *from = g_steal_pointer (&first);
  *to = g_date_time_add_days (last, 1);
  return TRUE;
}

static int
report_gaps (int argc, char **argv)
{
  static char *by, *period, *rubric_id;
  static gboolean csv;
  static const GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("agent or team (default agent)"), N_("agent|team") },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("Evaluations created in the whole ISO weeks (Monday to "
                                                      "Sunday, UTC) holding these days (default: all)"),
      N_("YYYY-MM-DD..YYYY-MM-DD") },
    { "rubric", 0, 0, G_OPTION_ARG_STRING, &rubric_id, N_("Rubric id (default: the one with the most "
                                                          "evaluations)"), N_("ID") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— gaps to each criterion's target, per agent or team"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(KzGapReport) report = NULL;
  KzGapsBy gaps_by = KZ_GAPS_BY_AGENT;
  const char *bad;
  int rc;

  g_option_context_set_summary (ctx, _("Per agent (or team) and criterion: the mean normalised value (0–100) "
                                       "of submitted evaluations at their latest revision, with n, the N/A "
                                       "rate, the criterion's target (its target=, else the pass mark) and "
                                       "gap = target − mean; largest gap × weight first.  Calibration "
                                       "evaluations never count.  Read from the weekly roll-ups, so a period "
                                       "is whole ISO weeks, Monday to Sunday in UTC: its days round out to "
                                       "the weeks holding them, and the report says which weeks it used."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("report gaps takes no arguments"));
  if (by != NULL && g_str_equal (by, "team"))
    gaps_by = KZ_GAPS_BY_TEAM;
  else if (by != NULL && !g_str_equal (by, "agent"))
    return fail_usage (ctx, _("--by takes “agent” or “team”"));
  if (csv && opt_json)
    return fail_usage (ctx, _("--json or --csv, not both"));
  if (csv && opt_format != NULL)
    return fail_usage (ctx, _("--csv or --format, not both"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  if (period != NULL && !parse_period (period, &from, &to, &error))
    return fail_usage (ctx, error->message);

  store = open_existing_store (&error);
  if (store == NULL || (report = kz_gaps_compute (store, rubric_id, gaps_by, from, to, &error)) == NULL)
    return fail_input (error);

  if (g_str_equal (opt_format, "pdf"))
    {
      g_autoptr(KzReport) doc = kz_reports_gaps (report);
      return write_document (doc);
    }
  if (g_str_equal (opt_format, "csv"))
    csv = TRUE;
  if (csv && opt_output != NULL)
    {
      g_autofree char *text = kz_gap_report_to_csv (report);

      if (!g_file_set_contents (opt_output, text, -1, &error))
        return fail_input (error);
      return EXIT_OK;
    }
  if (opt_json || csv)
    {
      g_autofree char *text = opt_json ? kz_gap_report_to_json (report) : kz_gap_report_to_csv (report);

      fputs (text, stdout);
      if (opt_json)
        fputc ('\n', stdout);
      return EXIT_OK;
    }

  g_print (_("Rubric %s, version %d — %s\n"), kz_rubric_get_id (report->rubric),
           kz_rubric_get_version (report->rubric), kz_rubric_get_title (report->rubric));
  if (report->from != NULL && report->to != NULL)
    {
      g_autoptr(GDateTime) last = g_date_time_add_days (report->to, -1);
      g_autofree char *a = g_date_time_format (report->from, "%Y-%m-%d");
      g_autofree char *b = g_date_time_format (last, "%Y-%m-%d");

      /* Translators: the whole weeks a period rounded out to, Monday to Sunday */
      g_print (_("Weeks %s to %s (Monday to Sunday, UTC)\n"), a, b);
    }
  g_print ("%-24s %-24s %5s %6s %6s %6s %7s %8s\n", gaps_by == KZ_GAPS_BY_AGENT ? _("Agent") : _("Team"),
           _("Criterion"), _("n"), _("N/A"), _("Mean"), _("Target"), _("Gap"), _("Gap×w"));
  for (guint i = 0; i < report->cells->len; i++)
    {
      const KzGapCell *c = g_ptr_array_index (report->cells, i);
      g_autofree char *na = g_strdup_printf ("%.0f%%", 100.0 * c->na_rate);

      if (c->has_mean)
        g_print ("%-24s %-24s %5u %6s %6.1f %6.1f %+7.1f %+8.1f\n", c->unit_name, c->criterion_id, c->n, na,
                 c->mean, c->target, c->gap, c->priority);
      else
        g_print ("%-24s %-24s %5u %6s %6s %6.1f %7s %8s\n", c->unit_name, c->criterion_id, c->n, na, "—",
                 c->target, "—", "—");
    }
  if (report->cells->len == 0)
    g_print ("%s\n", _("No submitted evaluations in the period."));
  return EXIT_OK;
}

static int
report_customer_voice (int argc, char **argv)
{
  static char *period, *rubric_id;
  static gboolean csv;
  static const GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("Evaluations created in these days, both included "
                                                      "(default: all)"), N_("YYYY-MM-DD..YYYY-MM-DD") },
    { "rubric", 0, 0, G_OPTION_ARG_STRING, &rubric_id, N_("Rubric id (default: the one with the most "
                                                          "evaluations)"), N_("ID") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV (the same as --format csv)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— per criterion, how customers rate passes and fails"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(KzCustomerVoice) voice = NULL;
  const char *bad;
  int rc;

  g_option_context_set_summary (ctx, _("Per criterion of the rubric: the customer's rating (CSAT 1–5 as "
                                       "25 × (rating − 1), NPS 0–10 as 10 × rating, both on 0–100) of the "
                                       "evaluations that passed it and of those that failed it, the "
                                       "difference passed − failed with its 95% Welch interval, and n on "
                                       "each side.  Passed: the top point of a two-point scale, else a "
                                       "normalised value at or above the criterion's target (else the pass "
                                       "mark); N/A left out.  Submitted evaluations at their latest "
                                       "revision whose interaction has a rating; calibration never counts.  "
                                       "Fewer than 2 on a side: not enough data, no number."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("report customer-voice takes no arguments"));
  if (csv && opt_json)
    return fail_usage (ctx, _("--json or --csv, not both"));
  if (csv)
    {
      if (opt_format != NULL && !g_str_equal (opt_format, "csv"))
        return fail_usage (ctx, _("--csv and --format disagree"));
      g_free (opt_format);
      opt_format = g_strdup ("csv");
    }
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  if (period != NULL && !parse_period (period, &from, &to, &error))
    return fail_usage (ctx, error->message);

  store = open_existing_store (&error);
  if (store == NULL || (voice = kz_customer_voice_compute (store, rubric_id, from, to, &error)) == NULL)
    return fail_input (error);

  if (want_document ())
    {
      g_autoptr(KzReport) report = kz_reports_customer_voice (voice);
      return write_document (report);
    }
  if (opt_json)
    {
      g_autofree char *text = kz_customer_voice_to_json (voice);

      g_print ("%s\n", text);
      return EXIT_OK;
    }

  g_print (_("Rubric %s, version %d — %s\n"), kz_rubric_get_id (voice->rubric),
           kz_rubric_get_version (voice->rubric), kz_rubric_get_title (voice->rubric));
  g_print (_("%u rated evaluations (%u CSAT, %u NPS); ratings on 0–100: CSAT 25 × (rating − 1), NPS 10 × rating\n"),
           voice->n_evaluations, voice->n_csat, voice->n_nps);
  g_print ("%-24s %8s %8s %8s %8s %8s  %s\n", _("Criterion"), _("Passed"), _("Failed"), _("If pass"),
           _("If fail"), _("Diff"), _("95% interval"));
  for (guint i = 0; i < voice->criteria->len; i++)
    {
      const KzVoiceCriterion *c = g_ptr_array_index (voice->criteria, i);

      /* "—" is one column wide but three bytes: pad by hand. */
      g_autofree char *mp = c->n_passed > 0 ? g_strdup_printf ("%8.1f", c->mean_passed) : g_strdup ("       —");
      g_autofree char *mf = c->n_failed > 0 ? g_strdup_printf ("%8.1f", c->mean_failed) : g_strdup ("       —");

      if (c->welch.defined)
        g_print ("%-24s %8u %8u %s %s %+8.1f  %+.1f to %+.1f\n", c->criterion_id, c->n_passed, c->n_failed,
                 mp, mf, c->welch.diff, c->welch.low, c->welch.high);
      else
        g_print ("%-24s %8u %8u %s %s %s  %s\n", c->criterion_id, c->n_passed, c->n_failed, mp, mf, "       —",
                 c->reason);
    }
  if (voice->n_evaluations == 0)
    g_print ("%s\n", _("No rated, submitted evaluations in the period."));
  return EXIT_OK;
}

/* Who was coached, as named by --coached and --coached-file (emails).
 * Without them report impact reads the stored plans instead
 * (kz_impact_coached_from_plans()). */
static GArray *
coached_agents (KzStore      *store,
                char        **emails,
                const char   *file,
                GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; emails != NULL && emails[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (emails[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        if (*g_strstrip (parts[j]) != '\0')
          g_ptr_array_add (all, g_strdup (parts[j]));
    }
  if (file != NULL)
    {
      g_autoptr(GArray) lines = NULL;
      g_autoptr(GPtrArray) rows = kz_csv_read (file, &lines, error);
      int col;

      if (rows == NULL)
        return NULL;
      col = rows->len > 0 ? kz_csv_column (g_ptr_array_index (rows, 0), "email") : -1;
      if (col < 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:1: the header needs an “email” column"),
                       file);
          return NULL;
        }
      for (guint r = 1; r < rows->len; r++)
        {
          GStrv fields = g_ptr_array_index (rows, r);

          if ((guint) col < g_strv_length (fields) && fields[col][0] != '\0')
            g_ptr_array_add (all, g_strdup (fields[col]));
        }
    }
  for (guint i = 0; i < all->len; i++)
    {
      const char *email = g_ptr_array_index (all, i);
      g_autoptr(KzPerson) person = kz_store_find_person_by_email (store, email, NULL);

      if (person == NULL)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("No one has the address “%s”"), email);
          return NULL;
        }
      g_array_append_val (ids, person->id);
    }
  return g_steal_pointer (&ids);
}

static int
report_impact (int argc, char **argv)
{
  static char *criterion_id, *date_text, *rubric_id, *coached_file;
  static char **coached;
  static int window = 30, gap = 7, min_evaluations = 3;
  static gboolean match_pre_range;
  static const GOptionEntry entries[] = {
    { "criterion", 0, 0, G_OPTION_ARG_STRING, &criterion_id, N_("The coached criterion"), N_("ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("The coaching date"), N_("YYYY-MM-DD") },
    { "window", 0, 0, G_OPTION_ARG_INT, &window, N_("Days in each window (default 30)"), N_("D") },
    { "gap", 0, 0, G_OPTION_ARG_INT, &gap, N_("Days between the date and the post window (default 7)"), N_("D") },
    { "min", 0, 0, G_OPTION_ARG_INT, &min_evaluations, N_("Evaluations an agent needs in each window "
                                                          "(default 3)"), N_("M") },
    { "rubric", 0, 0, G_OPTION_ARG_STRING, &rubric_id, N_("Rubric id (default: the one with the criterion)"),
      N_("ID") },
    { "coached", 0, 0, G_OPTION_ARG_STRING_ARRAY, &coached, N_("The coached agents (default: from the plans)"),
      N_("EMAIL,EMAIL…") },
    { "coached-file", 0, 0, G_OPTION_ARG_FILENAME, &coached_file, N_("The coached agents, a CSV with an "
                                                                     "email column (default: from the plans)"),
      N_("FILE.csv") },
    { "match-pre-range", 0, 0, G_OPTION_ARG_NONE, &match_pre_range, N_("Compare only with agents whose pre "
                                                                       "score is within the coached group's range"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— did coaching on a criterion work?"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) left_out = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *sentence = NULL;
  gboolean from_plans;
  KzImpactPlan plan;
  KzImpact impact = { 0 };
  GDate date;
  const char *bad;
  int y, m, d;
  char tail;
  int rc;

  g_option_context_set_summary (ctx, _("statistics.md's difference in differences: each agent's mean on the "
                                       "criterion in the W days before the date and in W days starting G days "
                                       "after it; coached agents against the others, Welch's 95% interval, "
                                       "Hedges' g, and the drift expected from regression to the mean.\n\n"
                                       "Who was coached: the agents named by --coached or --coached-file, all "
                                       "others compared. Without them, the stored plans say (the same rule as "
                                       "the Did It Work? page): the agents with a coaching session (on its "
                                       "start), an eLearning assignment (on its completion) or a group "
                                       "training they attended (on each occurrence) on the criterion, marked "
                                       "done, on the date or in the G days after it (the gap: after the pre "
                                       "window, before the post window; with --gap 0 the date alone). Agents "
                                       "coached so at other times within the two windows are "
                                       "left out of both groups: the comparison is agents not coached on the "
                                       "criterion in the period."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || criterion_id == NULL || date_text == NULL)
    return fail_usage (ctx, _("report impact needs --criterion and --date"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
  g_date_clear (&date, 1);
  if (sscanf (date_text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    return fail_usage (ctx, _("--date takes a day like 2026-03-01"));
  g_date_set_dmy (&date, d, m, y);
  if (window < 1 || window > 366 || gap < 0 || gap > 366 || min_evaluations < 1 || min_evaluations > 1000)
    return fail_usage (ctx, _("--window is 1–366 days, --gap 0–366 days, --min 1–1000"));
  from_plans = coached == NULL && coached_file == NULL;
  store = open_existing_store (&error);
  if (store == NULL)
    return fail_input (error);
  if (rubric_id == NULL && (rubric_id = chosen = kz_impact_find_rubric (store, criterion_id, &error)) == NULL)
    return fail_input (error);
  kz_impact_plan_init (&plan, 0);
  plan.window_days = window;
  plan.gap_days = gap;
  plan.min_evaluations = min_evaluations;
  plan.match_pre_range = match_pre_range;
  if (from_plans)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      left_out = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!kz_impact_coached_from_plans (store, rubric_id, criterion_id, &date, &plan, ids, left_out, &error))
        return fail_input (error);
    }
  else if ((ids = coached_agents (store, coached, coached_file, &error)) == NULL)
    return fail_input (error);
  if (!kz_impact_for_criterion_excluding (store, rubric_id, criterion_id, &date, &plan, ids, left_out, &impact,
                                          &error))
    return fail_input (error);
  sentence = kz_impact_describe (&impact);
  if (want_document ())
    {
      g_autoptr(KzReport) doc = kz_reports_impact (&impact, rubric_id, criterion_id, &date, &plan, from_plans,
                                                   left_out != NULL ? left_out->len : 0);

      return write_document (doc);
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      gboolean number = impact.kind != KZ_IMPACT_NOT_ENOUGH_DATA;
      const char *kind = impact.kind == KZ_IMPACT_EFFECT ? "effect"
                       : impact.kind == KZ_IMPACT_CHANGE ? "change" : "not-enough-data";

#define NUMBER_OR_NULL(name, ok, v) \
      G_STMT_START { json_builder_set_member_name (b, name); \
                     if (ok) json_builder_add_double_value (b, v); else json_builder_add_null_value (b); } G_STMT_END

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rubric");
      json_builder_add_string_value (b, rubric_id);
      json_builder_set_member_name (b, "criterion");
      json_builder_add_string_value (b, criterion_id);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, kind);
      NUMBER_OR_NULL ("effect", number, impact.effect);
      NUMBER_OR_NULL ("low", number, impact.low);
      NUMBER_OR_NULL ("high", number, impact.high);
      NUMBER_OR_NULL ("df", number, impact.df);
      json_builder_set_member_name (b, "n_coached");
      json_builder_add_int_value (b, impact.n_coached);
      json_builder_set_member_name (b, "n_comparison");
      json_builder_add_int_value (b, impact.n_comparison);
      json_builder_set_member_name (b, "coached_from");
      json_builder_add_string_value (b, from_plans ? "plans" : "given");
      json_builder_set_member_name (b, "coached");
      json_builder_begin_array (b);
      for (guint i = 0; i < ids->len; i++)
        {
          g_autofree char *email = person_email (store, g_array_index (ids, gint64, i));
          json_builder_add_string_value (b, email != NULL ? email : "");
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "n_left_out");
      json_builder_add_int_value (b, left_out != NULL ? left_out->len : 0);
      NUMBER_OR_NULL ("hedges_g", impact.kind == KZ_IMPACT_EFFECT, impact.hedges_g);
      NUMBER_OR_NULL ("rtm_expected", number && impact.rtm_applies, impact.rtm_expected);
      NUMBER_OR_NULL ("pre_coached", number, impact.pre_coached);
      NUMBER_OR_NULL ("post_coached", number, impact.post_coached);
      NUMBER_OR_NULL ("pre_comparison", impact.kind == KZ_IMPACT_EFFECT, impact.pre_comparison);
      NUMBER_OR_NULL ("post_comparison", impact.kind == KZ_IMPACT_EFFECT, impact.post_comparison);
      json_builder_set_member_name (b, "summary");
      json_builder_add_string_value (b, sentence);
      json_builder_end_object (b);
#undef NUMBER_OR_NULL
      print_json (b);
      return EXIT_OK;
    }
  g_print ("%s\n", sentence);
  if (from_plans)
    {
      GDate last = date;
      g_autofree char *last_text = NULL;

      g_date_add_days (&last, MAX (gap, 1) - 1);
      last_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&last), g_date_get_month (&last),
                                   g_date_get_day (&last));
      g_print (_("  from the plans: %u agents coached on the criterion %s to %s; %u coached at other times in "
                 "the windows left out\n"), ids->len, date_text, last_text, left_out->len);
    }
  if (impact.kind != KZ_IMPACT_NOT_ENOUGH_DATA)
    {
      g_print (_("  %s: %+.2f points, 95%% interval %+.2f to %+.2f, df %.1f\n"),
               impact.kind == KZ_IMPACT_EFFECT ? _("effect") : _("change"), impact.effect, impact.low, impact.high,
               impact.df);
      g_print (_("  %u coached, %u compared\n"), impact.n_coached, impact.n_comparison);
      if (impact.kind == KZ_IMPACT_EFFECT)
        g_print (_("  Hedges' g %.2f\n"), impact.hedges_g);
      if (impact.rtm_applies)
        g_print (_("  expected drift from regression to the mean %+.2f points\n"), impact.rtm_expected);
    }
  return EXIT_OK;
}

/* ---- calendar ---------------------------------------------------------- */

static void
json_cal_time (JsonBuilder     *b,
               const char      *member,
               const KzCalTime *t,
               gboolean         date_only)
{
  g_autofree char *text = date_only ? g_strdup_printf ("%04d-%02d-%02d", t->year, t->month, t->day)
                                    : g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", t->year, t->month, t->day,
                                                       t->hour, t->minute, t->second);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, text);
}

static void
json_cal_person (JsonBuilder       *b,
                 const KzCalPerson *p,
                 gboolean           role)
{
  static const char *const roles[] = { "required", "optional", "chair" };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  if (p->name)
    json_builder_add_string_value (b, p->name);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, p->email ? p->email : "");
  if (role)
    {
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, roles[p->role]);
    }
  json_builder_end_object (b);
}

static void
json_cal_event (JsonBuilder      *b,
                const KzCalEvent *ev)
{
  static const char *const statuses[] = { "confirmed", "tentative", "cancelled" };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uid");
  json_builder_add_string_value (b, ev->uid);
  json_builder_set_member_name (b, "sequence");
  json_builder_add_int_value (b, ev->sequence);
  json_builder_set_member_name (b, "summary");
  json_builder_add_string_value (b, ev->summary ? ev->summary : "");
  json_builder_set_member_name (b, "all_day");
  json_builder_add_boolean_value (b, ev->all_day);
  json_cal_time (b, "start", &ev->start, ev->all_day);
  json_builder_set_member_name (b, "tzid");
  if (ev->tzid)
    json_builder_add_string_value (b, ev->tzid);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "duration_minutes");
  json_builder_add_int_value (b, ev->duration_minutes);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, statuses[ev->status]);
  json_builder_set_member_name (b, "location");
  if (ev->location)
    json_builder_add_string_value (b, ev->location);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "recurrence");
  if (ev->recurrence.freq == KZ_CAL_FREQ_NONE)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "freq");
      json_builder_add_string_value (b, kz_cal_freq_to_string (ev->recurrence.freq));
      json_builder_set_member_name (b, "interval");
      json_builder_add_int_value (b, ev->recurrence.interval);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, ev->recurrence.count);
      if (ev->recurrence.has_until)
        json_cal_time (b, "until", &ev->recurrence.until, ev->all_day);
      json_builder_set_member_name (b, "byday");
      json_builder_begin_array (b);
      for (guint i = 0; ev->recurrence.byday && ev->recurrence.byday[i]; i++)
        json_builder_add_string_value (b, ev->recurrence.byday[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "exdates");
  json_builder_begin_array (b);
  for (guint i = 0; ev->exdates && i < ev->exdates->len; i++)
    {
      const KzCalTime *t = &g_array_index (ev->exdates, KzCalTime, i);
      g_autofree char *text = ev->all_day ? g_strdup_printf ("%04d-%02d-%02d", t->year, t->month, t->day)
                                          : g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", t->year, t->month,
                                                             t->day, t->hour, t->minute, t->second);
      json_builder_add_string_value (b, text);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "organizer");
  if (ev->organizer)
    json_cal_person (b, ev->organizer, FALSE);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "attendees");
  json_builder_begin_array (b);
  for (guint i = 0; ev->attendees && i < ev->attendees->len; i++)
    json_cal_person (b, g_ptr_array_index (ev->attendees, i), TRUE);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
json_import_result (JsonBuilder             *b,
                    const KzCalImportResult *r)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "uid");
  json_builder_add_string_value (b, r->uid);
  json_string_or_null (b, "summary", r->summary);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, kz_cal_import_action_to_string (r->action));
  json_string_or_null (b, "reason", r->reason);
  json_builder_set_member_name (b, "plan");
  if (r->plan_id > 0)
    json_builder_add_int_value (b, r->plan_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "course");
  if (r->course_id > 0)
    json_builder_add_int_value (b, r->course_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "unknown_people");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->unknown_people->len; i++)
    json_builder_add_string_value (b, r->unknown_people->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static int
calendar_import (int argc, char **argv)
{
  static gboolean dry_run;
  static gint64 course_id;
  static const GOptionEntry entries[] = {
    { "course", 'c', 0, G_OPTION_ARG_INT64, &course_id,
      N_("Link new events to this course (default: the course whose title is the event’s summary)"), N_("ID") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("List the file’s events; open no database, store nothing"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("FILE.ics — bring in training sessions booked elsewhere"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(KzStore) store = NULL;
  guint n[4] = { 0, 0, 0, 0 };
  int rc;

  g_option_context_set_summary (ctx, _("Reads the file's events (VEVENT) with their time zones, recurrence and "
                                       "dropped dates, and stores them as group training, all in one transaction: "
                                       "a known UID is updated when its SEQUENCE is higher, STATUS:CANCELLED "
                                       "cancels it, a new UID becomes a training of --course or of the course "
                                       "named like the event. Attendees and the organiser are found by email. "
                                       "A broken file is refused with its line and reason, and nothing is "
                                       "stored."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 2)
    return fail_usage (ctx, _("calendar import needs one FILE.ics"));
  if (course_id < 0)
    return fail_usage (ctx, _("--course needs a catalog item ID"));

  events = kz_ical_import_file (argv[1], NULL, &warnings, &error);
  if (events == NULL)
    return fail_input (error);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr (_("kaizenctl: warning: %s\n"), (char *) g_ptr_array_index (warnings, i));

  if (dry_run)
    {
      if (opt_json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();

          json_builder_begin_array (b);
          for (guint i = 0; i < events->len; i++)
            json_cal_event (b, g_ptr_array_index (events, i));
          json_builder_end_array (b);
          print_json (b);
          return EXIT_OK;
        }
      for (guint i = 0; i < events->len; i++)
        {
          KzCalEvent *ev = g_ptr_array_index (events, i);
          g_autofree char *start = kz_cal_time_format (&ev->start, ev->all_day);
          g_autofree char *rec = kz_cal_recurrence_describe (ev);

          g_print ("  %-16s  %-16s  %4d min  %-40s  %s%s\n", start,
                   ev->all_day ? _("all day") : ev->tzid ? ev->tzid : _("floating"), ev->duration_minutes, rec,
                   ev->summary && *ev->summary ? ev->summary : _("(no title)"),
                   ev->status == KZ_CAL_STATUS_CANCELLED ? _("  (cancelled)") : "");
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u event would be brought in (dry run: nothing stored)\n",
                            "%u events would be brought in (dry run: nothing stored)\n", events->len),
               events->len);
      return EXIT_OK;
    }

  store = open_existing_store (&error);
  if (store == NULL || (results = kz_plans_import_events (store, events, course_id, FALSE, &error)) == NULL)
    return fail_input (error);
  for (guint i = 0; i < results->len; i++)
    n[((KzCalImportResult *) results->pdata[i])->action]++;

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < results->len; i++)
        json_import_result (b, results->pdata[i]);
      json_builder_end_array (b);
      print_json (b);
      return EXIT_OK;
    }
  for (guint i = 0; i < results->len; i++)
    {
      KzCalImportResult *r = results->pdata[i];
      const char *title = r->summary && *r->summary ? r->summary : _("(no title)");

      if (r->action == KZ_CAL_IMPORT_SKIPPED)
        g_print ("  %-9s  %s  %s: %s\n", kz_cal_import_action_to_string (r->action), r->uid, title, r->reason);
      else
        g_print (_("  %-9s  %s  %s (plan %lld)\n"), kz_cal_import_action_to_string (r->action), r->uid, title,
                 (long long) r->plan_id);
      for (guint j = 0; j < r->unknown_people->len; j++)
        g_print (_("             nobody has the email %s: left out\n"), (char *) r->unknown_people->pdata[j]);
    }
  g_print (_("%u created, %u updated, %u cancelled, %u skipped\n"), n[KZ_CAL_IMPORT_CREATED],
           n[KZ_CAL_IMPORT_UPDATED], n[KZ_CAL_IMPORT_CANCELLED], n[KZ_CAL_IMPORT_SKIPPED]);
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
  g_autofree char *whose = NULL;
  const char *whose_label = NULL;
  const char *bad;
  int rc;

  g_option_context_set_summary (ctx, _("Per principle: 100 × Σ w·v ÷ Σ w over the applicable answers (N/A "
                                       "excluded left out) of the criteria linked to it — by the criterion or "
                                       "its section — in submitted evaluations created in the period; "
                                       "calibration left out, fail rules not applied."));
  g_option_context_add_main_entries (ctx, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, format_entries, GETTEXT_PACKAGE);
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1)
    return fail_usage (ctx, _("report principles takes no arguments"));
  if ((bad = check_format ()) != NULL)
    return fail_usage (ctx, bad);
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
      whose_label = _("Agent");
      whose = g_strdup_printf ("%s <%s>", agent->name, agent_email);
    }
  if (team_id != 0)
    {
      g_autoptr(GPtrArray) units = kz_store_list_units (store, &error);
      gboolean found = FALSE;

      if (units == NULL)
        return fail_input (error);
      for (guint i = 0; i < units->len && !found; i++)
        {
          KzUnit *u = g_ptr_array_index (units, i);

          found = u->id == team_id && u->kind == KZ_UNIT_TEAM;
          if (found)
            {
              whose_label = _("Team");
              whose = g_strdup (u->name);
            }
        }
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
  if (want_document ())
    {
      g_autoptr(KzReport) doc = kz_reports_principles (rows, whose_label, whose, from, to);

      return write_document (doc);
    }

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

static int
calendar_export (int argc, char **argv)
{
  static char *email, *output;
  static gint64 team;
  static const GOptionEntry entries[] = {
    { "person", 'p', 0, G_OPTION_ARG_STRING, &email, N_("The plans involving this person, by email"), N_("EMAIL") },
    { "team", 't', 0, G_OPTION_ARG_INT64, &team, N_("The plans involving anyone in this team"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The .ics file to write"), N_("FILE.ics") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (_("— scheduled coaching, training and due dates as an .ics file"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) store = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GPtrArray) events = NULL;
  gint64 person = 0;
  int rc;

  g_option_context_set_summary (ctx, _("A plain “add to my calendar” file (no METHOD): each plan keeps its UID, and "
                                       "SEQUENCE goes up with every change, so importing it again updates the "
                                       "events. Private notes are never written."));
  rc = parse_verb (ctx, database_entries, entries, &argc, &argv);
  if (rc >= 0)
    return rc;
  if (argc != 1 || output == NULL)
    return fail_usage (ctx, _("calendar export needs --output FILE.ics"));
  if (email != NULL && team != 0)
    return fail_usage (ctx, _("--person or --team, not both"));
  store = open_existing_store (&error);
  if (store == NULL || (email != NULL && !person_by_email (store, email, &person, &error)) ||
      (plans = kz_store_list_plans (store, person, &error)) == NULL)
    return fail_input (error);

  if (team != 0)
    {
      g_autoptr(GPtrArray) people = kz_store_list_people (store, KZ_ROLE_NONE, &error);
      g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));

      if (people == NULL)
        return fail_input (error);
      for (guint i = 0; i < people->len; i++)
        if (((KzPerson *) people->pdata[i])->team_id == team)
          g_array_append_val (members, ((KzPerson *) people->pdata[i])->id);
      if (members->len == 0)
        {
          g_set_error (&error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Team %lld has nobody in it"), (long long) team);
          return fail_input (error);
        }
      for (guint i = 0; i < plans->len; i++)
        for (guint m = 0; m < members->len; m++)
          if (kz_plan_involves (plans->pdata[i], g_array_index (members, gint64, m)))
            {
              g_ptr_array_add (chosen, plans->pdata[i]);
              break;
            }
    }
  else
    for (guint i = 0; i < plans->len; i++)
      g_ptr_array_add (chosen, plans->pdata[i]);

  events = kz_plans_to_cal_events (store, chosen, &error);
  if (events == NULL)
    return fail_input (error);
  if (events->len == 0)
    {
      g_set_error (&error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("Nothing is scheduled: no plan has a time or a due date"));
      return fail_input (error);
    }
  if (!kz_ical_export_to_file (events, KZ_CAL_METHOD_NONE, NULL, output, &error))
    return fail_input (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u event written to %s\n", "%u events written to %s\n", events->len),
           events->len, output);
  return EXIT_OK;
}

/* ---- main -------------------------------------------------------------- */

static const Verb verbs[] = {
  { "rubric validate", N_("FILE…"), N_("Check rubric files"), rubric_validate },
  { "rubric import", N_("FILE"), N_("Store a rubric version"), rubric_import },
  { "rubric list", N_("[--json]"), N_("List rubrics and their versions"), rubric_list },
  { "rubric show", N_("ID [--json]"), N_("Show a rubric’s sections, criteria and scales"), rubric_show },
  { "score", N_("--rubric FILE.xml --answers FILE.csv [--json]"), N_("Score one set of answers, no database"), score_verb },
  { "demo", N_("[--seed N] [--evaluations N]"), N_("Fill an empty database with a demo contact centre"), demo_verb },
  { "rollups rebuild", "", N_("Recompute the report roll-ups from the raw answers"), rollups_rebuild },
  { "person list", N_("[--role ROLE] [--json]"), N_("List people"), person_list },
  { "evaluation list", N_("[--json]"), N_("List evaluations"), evaluation_list },
  { "evaluation show", N_("ID [--json]"), N_("Show an evaluation with its score breakdown"), evaluation_show },
  { "import email", N_("PATH… [--format F] [--strict] [--json]"),
    N_("Import .eml, mbox or Maildir mail as interactions"), import_email },
  { "import evaluations", N_("FILE.csv [--strict] [--json]"),
    N_("Import historical evaluations, scored by Kaizen"), import_evaluations },
  { "import feedback", N_("FILE.csv [--strict]"), N_("Import customers' ratings (CSAT or NPS)"),
    import_feedback },
  { "import completions", N_("FILE.csv|FILE.json [--strict] [--json]"),
    N_("Import LMS completions (CSV, SCORM statuses, xAPI statements)"), import_completions },
  { "interaction show", N_("ID [--json]"), N_("An interaction with its emails or call and rating"),
    interaction_show },
  { "import calls", N_("MANIFEST.csv [--strict] [--json]"),
    N_("Import calls with their audio and transcripts"), import_calls },
  { "search", N_("[WORDS…] [--channel C] [--agent EMAIL] [--from D] [--to D] [--json]"),
    N_("Find interactions by words and filters"), search_verb },
  { "sample", N_("--from D --to D --per-agent N --reviewer EMAIL…"),
    N_("Sample interactions and share them out to reviewers"), sample_verb },
  { "queue", N_("--reviewer EMAIL [--json]"), N_("A reviewer's queue"), queue_verb },
  { "report coverage", N_("--from D --to D [--format text|json|csv|pdf] [--output FILE]"), N_("Per agent: interactions, sampled, reviewed"),
    report_coverage },
  { "report gaps", N_("[--by agent|team] [--period D..D] [--rubric ID] [--json|--csv|--format pdf --output FILE]"),
    N_("Gaps to each criterion's target, largest gap × weight first"), report_gaps },
  { "report customer-voice", N_("[--rubric ID] [--period D..D] [--json|--csv] [--format csv|pdf --output FILE]"),
    N_("Per criterion: the customer's rating when passed vs failed, with its interval"), report_customer_voice },
  { "report impact", N_("--criterion ID --date D [--coached EMAIL,…] [--window D] [--gap D] [--json]"),
    N_("Did coaching work: difference in differences with its interval"), report_impact },
  { "server init", N_("URI"), N_("Set up Kaizen on an empty PostgreSQL database"), server_init },
  { "server add-user", N_("URI --person EMAIL --login NAME --password-file FILE"),
    N_("Give a person a login on the team server"), server_add_user },
  { "backup create", N_("FILE.zip [--json]"), N_("Back up the whole database as one zip"), backup_create },
  { "backup verify", N_("FILE.zip [--json]"), N_("Check a backup without restoring it"), backup_verify },
  { "backup restore", N_("FILE.zip [--json]"), N_("Restore a backup into a new or empty database"),
    backup_restore },
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
  { "leniency", N_("--from D --to D [--format text|json|csv|pdf] [--output FILE]"), N_("Each reviewer's scores against peers on the same agents"),
    leniency_verb },
  { "calendar export", N_("[--person EMAIL|--team ID] --output FILE.ics"),
    N_("Scheduled coaching, training and due dates as an .ics file"), calendar_export },
  { "calendar import", N_("FILE.ics [--course ID] [--dry-run] [--json]"),
    N_("Bring in training sessions booked elsewhere"),
    calendar_import },
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
  { "catalog list", N_("[--json]"), N_("The training catalog: eLearning and courses"), catalog_list },
  { "catalog add", N_("--kind K --title T (--link URL | --file PATH) [--minutes N] [--capacity N] --criterion R:C…"),
    N_("Add a training item"), catalog_add },
  { "rules list", N_("[--json]"), N_("Recommendation rules"), rules_list },
  { "rules add", N_("--criterion R:C (--last-failed N | --mean-below X --days D) --item ID [--cooldown-weeks W] "
                    "[--sla-days D]"), N_("Add a recommendation rule"), rules_add },
  { "rules run", N_("[--agent EMAIL] [--now TIME] [--json]"), N_("Run the rules: proposals for a manager"),
    rules_run },
  { "proposals list", N_("[--all] [--json]"), N_("Proposals awaiting a manager"), proposals_list },
  { "proposals accept", N_("ID [--plan elearning|coaching] [--coach EMAIL] [--as EMAIL]"),
    N_("Accept a proposal: it becomes a plan"), proposals_accept },
  { "proposals dismiss", N_("ID [--as EMAIL]"), N_("Dismiss a proposal"), proposals_dismiss },
  { "plan list", N_("[--person EMAIL] [--now TIME] [--json]"), N_("Coaching, eLearning and group training"),
    plan_list },
  { "plan add-coaching", N_("--agent EMAIL --coach EMAIL --title T [--start T --tz Z] [OPTION…]"),
    N_("Plan a 1:1 coaching session"), plan_add_coaching },
  { "plan add-training", N_("--course ID --start T --tz Z [--attendee EMAIL…] [--freq F …]"),
    N_("Schedule a group training"), plan_add_training },
  { "plan done", N_("ID [--at TIME]"), N_("Mark a plan done"), plan_done },
  { "plan missed", N_("ID [--at TIME]"), N_("Mark a plan missed"), plan_missed },
  { "plan cancel", N_("ID"), N_("Cancel a plan"), plan_cancel },
  { "plan acknowledge", N_("ID [--comment TEXT] [--as EMAIL]"), N_("The agent acknowledges a coaching session"),
    plan_acknowledge },
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
