/* kz-completion-import.c — LMS completions into the store
 *
 * See kz-completion-import.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-completion-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-completion-import.h"
#include "kz-error.h"

void
kz_completion_import_report_init (KzCompletionImportReport *report)
{
  memset (report, 0, sizeof *report);
  report->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
}

void
kz_completion_import_report_clear (KzCompletionImportReport *report)
{
  g_clear_pointer (&report->issues, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

typedef struct {
  KzStore    *store;
  GHashTable *by_email;   /* lower-case address → gint64* person id (0: nobody) */
  GHashTable *by_id;      /* person id text → gint64* (0: nobody) */
  GPtrArray  *items;      /* KzCatalogItem* */
} Lookup;

static gint64 *
new_id (gint64 id)
{
  gint64 *p = g_new (gint64, 1);

  *p = id;
  return p;
}

/* The person with @email; 0 when nobody has it, -1 on a storage error. */
static gint64
person_by_email (Lookup      *l,
                 const char  *email,
                 GError     **error)
{
  g_autofree char *key = g_utf8_strdown (email, -1);
  gint64 *cached = g_hash_table_lookup (l->by_email, key);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KzPerson) p = NULL;

  if (cached != NULL)
    return *cached;
  p = kz_store_find_person_by_email (l->store, email, &local_error);
  if (p == NULL && local_error != NULL && !g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  g_hash_table_insert (l->by_email, g_steal_pointer (&key), new_id (p != NULL ? p->id : 0));
  return p != NULL ? p->id : 0;
}

/* The person with Kaizen id @text (digits); 0 when none, -1 on a storage error. */
static gint64
person_by_id (Lookup      *l,
              const char  *text,
              GError     **error)
{
  gint64 *cached = g_hash_table_lookup (l->by_id, text);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KzPerson) p = NULL;
  guint64 id;

  if (cached != NULL)
    return *cached;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    id = 0;
  if (id > 0)
    {
      p = kz_store_get_person (l->store, (gint64) id, &local_error);
      if (p == NULL && local_error != NULL && !g_error_matches (local_error, KZ_ERROR, KZ_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
    }
  g_hash_table_insert (l->by_id, g_strdup (text), new_id (p != NULL ? p->id : 0));
  return p != NULL ? p->id : 0;
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* The learner's person id, or 0 with @reason set; -1 on a storage error. */
static gint64
find_learner (Lookup             *l,
              const KzLmsRecord  *r,
              char              **reason,
              GError            **error)
{
  gint64 by_email = 0, by_id = 0;

  if (r->learner_email != NULL)
    {
      by_email = person_by_email (l, r->learner_email, error);
      if (by_email < 0)
        return -1;
      if (by_email == 0)
        {
          *reason = g_strdup_printf (_("nobody in Kaizen has the address %s"), r->learner_email);
          return 0;
        }
    }
  if (r->learner_id != NULL)
    {
      const char *what = r->account_home_page != NULL ? _("account name") : _("learner id");

      if (strchr (r->learner_id, '@') != NULL)
        by_id = person_by_email (l, r->learner_id, error);
      else if (all_digits (r->learner_id))
        by_id = person_by_id (l, r->learner_id, error);
      else
        {
          *reason = g_strdup_printf (_("%s “%s” is neither an email address nor a Kaizen person id"), what,
                                     r->learner_id);
          return 0;
        }
      if (by_id < 0)
        return -1;
      if (by_id == 0)
        {
          *reason = strchr (r->learner_id, '@') != NULL
            ? g_strdup_printf (_("nobody in Kaizen has the address %s"), r->learner_id)
            : g_strdup_printf (_("%s %s: there is no person with that Kaizen id"), what, r->learner_id);
          return 0;
        }
    }
  if (by_email != 0 && by_id != 0 && by_email != by_id)
    {
      *reason = g_strdup_printf (_("the email %s and the learner id %s are two different people"),
                                 r->learner_email, r->learner_id);
      return 0;
    }
  return by_email != 0 ? by_email : by_id;
}

static gint64
find_item (Lookup            *l,
           const char        *course_id)
{
  for (guint i = 0; i < l->items->len; i++)
    {
      KzCatalogItem *item = l->items->pdata[i];

      if (g_strcmp0 (item->external_id, course_id) == 0)
        return item->id;
    }
  return 0;
}

static gboolean
ends_with_word (const char *text,
                const char *word)
{
  const char *slash = strrchr (text, '/');
  const char *hash = strrchr (text, '#');
  const char *cut = slash > hash ? slash : hash;

  return g_ascii_strcasecmp (cut != NULL ? cut + 1 : text, word) == 0;
}

static KzCompletionStatus
status_of (const KzLmsRecord *r)
{
  switch (r->state)
    {
    case KZ_COMPLETION_DONE:
      if (r->passed == KZ_LMS_PASSED)
        return KZ_COMPLETION_PASSED;
      if (r->status != NULL && ends_with_word (r->status, "attended"))
        return KZ_COMPLETION_ATTENDED;
      return KZ_COMPLETION_COMPLETED;
    case KZ_COMPLETION_MISSED:
      return KZ_COMPLETION_FAILED;
    case KZ_COMPLETION_IN_PROGRESS:
    default:
      return KZ_COMPLETION_INCOMPLETE;
    }
}

/* "csv:" + SHA-256 of what is stored of a CSV row: its id for deduplication. */
static char *
csv_key (const KzCompletion *c)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT "|%s|%s",
                                           c->person_id, c->catalog_item_id,
                                           kz_completion_status_to_string (c->status),
                                           g_date_time_to_unix (c->completed_at),
                                           c->has_score ? "" : "-", c->has_passed ? (c->passed ? "1" : "0") : "-");
  g_autofree char *with_score = NULL;
  g_autofree char *sum = NULL;

  if (c->has_score)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      with_score = g_strconcat (text, "|", g_ascii_dtostr (buf, sizeof buf, c->score), NULL);
    }
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, with_score != NULL ? with_score : text, -1);
  return g_strconcat ("csv:", sum, NULL);
}

static void
add_issue (KzCompletionImportReport *report,
           const char               *path,
           gint64                    position,
           char                     *reason)   /* takes it */
{
  KzImportIssue *issue = g_new0 (KzImportIssue, 1);

  issue->source = g_strdup (path);
  issue->position = position;
  issue->reason = reason;
  g_ptr_array_add (report->issues, issue);
}

static gint
compare_issues (gconstpointer a,
                gconstpointer b)
{
  const KzImportIssue *x = *(KzImportIssue * const *) a, *y = *(KzImportIssue * const *) b;

  return x->position < y->position ? -1 : x->position > y->position;
}

gboolean
kz_completions_import (KzStore                   *store,
                       const char                *path,
                       gboolean                   strict,
                       GDateTime                 *now,
                       KzCompletionImportReport  *report,
                       GError                   **error)
{
  g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_completion_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) plans = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GDateTime) at = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autofree char *lower = NULL;
  KzCompletionFile file;
  Lookup l = { store, NULL, NULL, NULL };
  guint added = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL && report != NULL && report->issues != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  report->is_json = g_str_has_suffix (lower, ".json");
  kz_completion_file_init (&file);
  if (!kz_completions_read (path, &file, error))
    goto out;
  report->n_read = file.n_records;
  while (file.issues->len > 0)   /* sorted by position below */
    g_ptr_array_add (report->issues, g_ptr_array_steal_index_fast (file.issues, file.issues->len - 1));

  l.by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  l.by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if ((l.items = kz_store_list_catalog_items (store, error)) == NULL)
    goto out;

  for (guint i = 0; i < file.completions->len; i++)
    {
      KzLmsRecord *r = file.completions->pdata[i];
      g_autoptr(KzCompletion) c = NULL;
      char *reason = NULL;
      gint64 learner, item;

      learner = find_learner (&l, r, &reason, error);
      if (learner < 0)
        goto out;
      if (learner == 0)
        {
          add_issue (report, path, r->position, reason);
          continue;
        }
      item = find_item (&l, r->course_id);
      if (item == 0)
        {
          add_issue (report, path, r->position,
                     g_strdup_printf (_("no training item has the LMS id “%s” (give it with catalog add "
                                        "--external-id)"), r->course_id));
          continue;
        }

      c = kz_completion_new ();
      c->person_id = learner;
      c->catalog_item_id = item;
      c->status = status_of (r);
      c->completed_at = g_date_time_ref (r->completed_at != NULL ? r->completed_at : at);
      if (r->has_score_scaled)
        {
          c->has_score = TRUE;
          c->score = CLAMP (r->score_scaled, 0.0, 1.0);
        }
      else if (r->has_score_raw && r->has_score_max && r->score_max > 0)
        {
          c->has_score = TRUE;
          c->score = CLAMP (r->score_raw / r->score_max, 0.0, 1.0);
        }
      c->has_passed = r->passed != KZ_LMS_PASSED_UNKNOWN;
      c->passed = r->passed == KZ_LMS_PASSED;
      c->statement_id = report->is_json ? g_strdup (r->statement_id) : csv_key (c);

      report->n_good++;
      /* Seen earlier in the file (the reader's own flag is left aside: the
       * first copy may have been bad here, and then this one counts). */
      if (c->statement_id != NULL && !g_hash_table_add (seen, g_strdup (c->statement_id)))
        {
          report->n_duplicates++;
          continue;
        }
      g_ptr_array_add (good, g_steal_pointer (&c));
    }
  g_ptr_array_sort (report->issues, compare_issues);

  if (strict && report->issues->len > 0)
    {
      KzImportIssue *first = report->issues->pdata[0];

      if (report->is_json)
        g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                     _("%s: statement %lld: %s; %u bad, nothing was imported"), first->source,
                     (long long) first->position, first->reason, report->issues->len);
      else
        g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:%lld: %s; %u bad, nothing was imported"),
                     first->source, (long long) first->position, first->reason, report->issues->len);
      goto out;
    }

  if (good->len > 0)
    {
      if (!kz_store_record_completions (store, good, &added, error))
        goto out;
      report->n_stored = added;
      report->n_duplicates += good->len - added;
      for (guint i = 0; i < good->len; i++)
        {
          KzCompletion *c = good->pdata[i];
          if (c->plan_id > 0)
            g_hash_table_add (plans, &c->plan_id);
        }
      report->n_plans_done = g_hash_table_size (plans);
    }
  ok = TRUE;

out:
  g_clear_pointer (&l.by_email, g_hash_table_unref);
  g_clear_pointer (&l.by_id, g_hash_table_unref);
  g_clear_pointer (&l.items, g_ptr_array_unref);
  kz_completion_file_clear (&file);
  return ok;
}
