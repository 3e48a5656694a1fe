/* kz-cx.c — CX principles and personas, and scores per principle
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-cx"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kz-csv.h"
#include "kz-cx.h"
#include "kz-error.h"
#include "kz-score.h"
#include "kz-store.h"

#define MAX_ID_LENGTH 64
#define MAX_TITLE_LENGTH 120
#define MAX_TEXT_LENGTH 4000

KzPrinciple *
kz_principle_new (const char *id,
                  const char *title,
                  const char *description)
{
  KzPrinciple *self = g_new0 (KzPrinciple, 1);

  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->description = g_strdup (description);
  return self;
}

KzPrinciple *
kz_principle_copy (const KzPrinciple *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return kz_principle_new (self->id, self->title, self->description);
}

void
kz_principle_free (KzPrinciple *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self->description);
  g_free (self);
}

KzPersona *
kz_persona_new (const char *id,
                const char *name)
{
  KzPersona *self = g_new0 (KzPersona, 1);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->channel = g_strdup ("any");
  self->tech_comfort = 3;
  return self;
}

KzPersona *
kz_persona_copy (const KzPersona *self)
{
  KzPersona *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = g_new0 (KzPersona, 1);
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->situation = g_strdup (self->situation);
  copy->goals = g_strdup (self->goals);
  copy->channel = g_strdup (self->channel);
  copy->tech_comfort = self->tech_comfort;
  return copy;
}

void
kz_persona_free (KzPersona *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->situation);
  g_free (self->goals);
  g_free (self->channel);
  g_free (self);
}

const char * const *
kz_persona_channels (void)
{
  static const char * const channels[] = { "call", "email", "chat", "self-service", "any", NULL };

  return channels;
}

/* The rubric format's ids (kaizen-rubric.rng), which principles="…" and
 * personas="…" name. */
static gboolean
check_id (const char  *what,
          const char  *id,
          GError     **error)
{
  gboolean ok = id != NULL && strlen (id) > 0 && strlen (id) <= MAX_ID_LENGTH && g_ascii_isalpha (id[0]);

  for (const char *p = id; ok && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.';
  if (!ok)
    g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                 _("%s id “%s” is not valid: it starts with a letter, then has only letters, digits, "
                   "“-”, “_” or “.”, at most %d characters"), what, id != NULL ? id : "", MAX_ID_LENGTH);
  return ok;
}

static gboolean
check_line (const char  *what,
            const char  *field,
            const char  *text,
            GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped == '\0')
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("%s needs a %s"), what, field);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL) || strchr (text, '\n') != NULL || strchr (text, '\r') != NULL ||
      g_utf8_strlen (text, -1) > MAX_TITLE_LENGTH)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("%s’s %s must be one line of at most %d characters"), what, field, MAX_TITLE_LENGTH);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_text (const char  *what,
            const char  *field,
            const char  *text,
            GError     **error)
{
  if (text != NULL && (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > MAX_TEXT_LENGTH))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("%s’s %s must be text of at most %d characters"), what, field, MAX_TEXT_LENGTH);
      return FALSE;
    }
  return TRUE;
}

gboolean
kz_principle_check (const KzPrinciple  *self,
                    GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return check_id (_("A principle’s"), self->id, error) &&
         check_line (_("The principle"), _("title"), self->title, error) &&
         check_text (_("The principle"), _("description"), self->description, error);
}

gboolean
kz_persona_check (const KzPersona  *self,
                  GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_id (_("A persona’s"), self->id, error) ||
      !check_line (_("The persona"), _("name"), self->name, error) ||
      !check_text (_("The persona"), _("situation"), self->situation, error) ||
      !check_text (_("The persona"), _("goals"), self->goals, error))
    return FALSE;
  if (self->channel == NULL || !g_strv_contains (kz_persona_channels (), self->channel))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) kz_persona_channels ());

      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, _("“%s” is not a channel: use one of %s"),
                   self->channel != NULL ? self->channel : "", list);
      return FALSE;
    }
  if (self->tech_comfort < 1 || self->tech_comfort > 5)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("Comfort with technology is 1 (none) to 5 (very), not %d"), self->tech_comfort);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
kz_principles_read_csv (const char  *path,
                        GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int id_col, title_col, desc_col;

  g_return_val_if_fail (path != NULL, NULL);

  records = kz_csv_read (path, &lines, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:1: the file is empty (it needs a header: "
                                                             "id,title,description)"), path);
      return NULL;
    }
  id_col = kz_csv_column (g_ptr_array_index (records, 0), "id");
  title_col = kz_csv_column (g_ptr_array_index (records, 0), "title");
  desc_col = kz_csv_column (g_ptr_array_index (records, 0), "description");
  if (id_col < 0 || title_col < 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   _("%s:1: the header has no “%s” column (columns: id, title, description)"), path,
                   id_col < 0 ? "id" : "title");
      return NULL;
    }

  for (guint r = 1; r < records->len; r++)
    {
      GStrv f = g_ptr_array_index (records, r);
      guint n = g_strv_length (f), line = g_array_index (lines, guint, r);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(KzPrinciple) p = NULL;
      const char *desc;

      if (n == 1 && *f[0] == '\0')
        continue;
      desc = desc_col >= 0 && (guint) desc_col < n ? f[desc_col] : NULL;
      p = kz_principle_new ((guint) id_col < n ? f[id_col] : "", (guint) title_col < n ? f[title_col] : "",
                            desc != NULL && *desc != '\0' ? desc : NULL);
      if (!kz_principle_check (p, &local_error))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s:%u: %s", path, line, local_error->message);
          return NULL;
        }
      if (g_hash_table_contains (seen, p->id))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:%u: principle “%s” is in the file twice"),
                       path, line, p->id);
          return NULL;
        }
      g_hash_table_add (seen, g_strdup (p->id));
      g_ptr_array_add (out, g_steal_pointer (&p));
    }
  return g_steal_pointer (&out);
}

static void
add_unknown (GStrvBuilder       *b,
             GHashTable         *known,
             const char * const *ids)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (!g_hash_table_contains (known, ids[i]))
      {
        g_hash_table_add (known, (gpointer) ids[i]);  /* once */
        g_strv_builder_add (b, ids[i]);
      }
}

void
kz_cx_unknown_links (KzRubric   *rubric,
                     GPtrArray  *principles,
                     GPtrArray  *personas,
                     GStrv      *missing_principles,
                     GStrv      *missing_personas)
{
  g_autoptr(GHashTable) known_principles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) known_personas = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) bp = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) bq = g_strv_builder_new ();
  GPtrArray *sections;

  g_return_if_fail (rubric != NULL && principles != NULL && personas != NULL);

  for (guint i = 0; i < principles->len; i++)
    g_hash_table_add (known_principles, ((KzPrinciple *) g_ptr_array_index (principles, i))->id);
  for (guint i = 0; i < personas->len; i++)
    g_hash_table_add (known_personas, ((KzPersona *) g_ptr_array_index (personas, i))->id);
  sections = kz_rubric_get_sections (rubric);
  for (guint s = 0; s < sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (sections, s);

      add_unknown (bp, known_principles, (const char * const *) section->principles);
      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);

          add_unknown (bp, known_principles, (const char * const *) criterion->principles);
          add_unknown (bq, known_personas, (const char * const *) criterion->personas);
        }
    }
  if (missing_principles != NULL)
    *missing_principles = g_strv_builder_end (bp);
  if (missing_personas != NULL)
    *missing_personas = g_strv_builder_end (bq);
}

void
kz_principle_score_free (KzPrincipleScore *self)
{
  if (self == NULL)
    return;
  g_free (self->principle_id);
  g_free (self->title);
  g_free (self);
}

static KzPrincipleScore *
score_new (const char *id,
           const char *title,
           gboolean    in_library)
{
  KzPrincipleScore *s = g_new0 (KzPrincipleScore, 1);

  s->principle_id = g_strdup (id);
  s->title = g_strdup (title);
  s->in_library = in_library;
  return s;
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  const KzPrincipleScore *x = *(KzPrincipleScore * const *) a;
  const KzPrincipleScore *y = *(KzPrincipleScore * const *) b;

  return strcmp (x->principle_id, y->principle_id);
}

GPtrArray *
kz_principle_scores_compute (GPtrArray  *principles,
                             GPtrArray  *evaluations,
                             GHashTable *rubrics)
{
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_score_free);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_score_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);   /* id → KzPrincipleScore* */
  GPtrArray *out;

  g_return_val_if_fail (principles != NULL && evaluations != NULL && rubrics != NULL, NULL);

  for (guint i = 0; i < principles->len; i++)
    {
      const KzPrinciple *p = g_ptr_array_index (principles, i);
      KzPrincipleScore *s;

      if (g_hash_table_contains (by_id, p->id))
        continue;
      s = score_new (p->id, p->title, TRUE);
      g_ptr_array_add (known, s);
      g_hash_table_insert (by_id, s->principle_id, s);
    }

  for (guint e = 0; e < evaluations->len; e++)
    {
      const KzEvaluation *ev = g_ptr_array_index (evaluations, e);
      g_autofree char *key = g_strdup_printf ("%s/%d", ev->rubric_id, ev->rubric_version);
      KzRubric *rubric = g_hash_table_lookup (rubrics, key);
      g_autoptr(GHashTable) counted = g_hash_table_new (g_direct_hash, g_direct_equal);
      GPtrArray *sections;

      if (rubric == NULL)
        continue;
      sections = kz_rubric_get_sections (rubric);
      for (guint si = 0; si < sections->len; si++)
        {
          const KzSection *section = g_ptr_array_index (sections, si);

          for (guint ci = 0; ci < section->criteria->len; ci++)
            {
              const KzCriterion *c = g_ptr_array_index (section->criteria, ci);
              const KzAnswer *a = kz_answer_set_get (ev->answers, c->id);
              g_auto(GStrv) linked = NULL;
              double value;

              /* Applicable answers only, as scoring.md has them. */
              if (a == NULL || a->kind == KZ_ANSWER_UNANSWERED ||
                  (a->kind == KZ_ANSWER_NA && (c->na_policy == KZ_NA_EXCLUDE || c->na_policy == KZ_NA_FORBIDDEN)))
                continue;
              if (a->kind == KZ_ANSWER_NA)
                value = c->na_policy == KZ_NA_PASS ? kz_scale_get_max (c->scale) : c->na_value;
              else
                value = a->value;

              linked = kz_criterion_dup_principles (c);
              for (guint l = 0; linked[l] != NULL; l++)
                {
                  KzPrincipleScore *s = g_hash_table_lookup (by_id, linked[l]);

                  if (s == NULL)
                    {
                      s = score_new (linked[l], linked[l], FALSE);
                      g_ptr_array_add (unknown, s);
                      g_hash_table_insert (by_id, s->principle_id, s);
                    }
                  s->numerator += c->weight * kz_criterion_normalise (c, value);
                  s->denominator += c->weight;
                  s->n_answers++;
                  if (!g_hash_table_contains (counted, s))
                    {
                      g_hash_table_add (counted, s);
                      s->n_evaluations++;
                    }
                }
            }
        }
    }

  g_ptr_array_sort (unknown, compare_by_id);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_score_free);
  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *from = pass == 0 ? known : unknown;

      while (from->len > 0)
        {
          KzPrincipleScore *s = g_ptr_array_steal_index (from, 0);

          s->has_score = s->denominator > 0;
          s->score = s->has_score ? 100.0 * s->numerator / s->denominator : 0.0;
          g_ptr_array_add (out, s);
        }
    }
  return out;
}

/* ---- in the store ----------------------------------------------------------- */

GPtrArray *
kz_store_principle_scores (KzStore                  *self,
                           const KzPrincipleFilter  *filter,
                           GError                  **error)
{
  KzEvaluationFilter ef = { .submitted_only = TRUE };
  g_autoptr(GPtrArray) principles = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) evaluations = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);
  g_autoptr(GHashTable) rubrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) kz_rubric_unref);
  g_autoptr(GHashTable) team_agents = NULL;

  g_return_val_if_fail (KZ_IS_STORE (self), NULL);

  if (filter != NULL)
    {
      ef.agent_id = filter->agent_id;
      ef.from = filter->from;
      ef.to = filter->to;
      if (filter->team_id > 0)
        {
          g_autoptr(GPtrArray) people = kz_store_list_people (self, KZ_ROLE_NONE, error);

          if (people == NULL)
            return NULL;
          team_agents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          for (guint i = 0; i < people->len; i++)
            {
              const KzPerson *p = g_ptr_array_index (people, i);

              if (p->team_id == filter->team_id)
                g_hash_table_add (team_agents, g_memdup2 (&p->id, sizeof p->id));
            }
        }
    }

  if ((principles = kz_store_list_principles (self, error)) == NULL ||
      (summaries = kz_store_list_evaluations (self, &ef, error)) == NULL)
    return NULL;

  for (guint i = 0; i < summaries->len; i++)
    {
      const KzEvaluationSummary *s = g_ptr_array_index (summaries, i);
      KzEvaluation *ev;
      char *key;

      if (team_agents != NULL && !g_hash_table_contains (team_agents, &s->agent_id))
        continue;
      if ((ev = kz_store_get_evaluation (self, s->id, error)) == NULL)
        return NULL;
      g_ptr_array_add (evaluations, ev);
      if (ev->is_calibration)
        {
          g_ptr_array_remove_index (evaluations, evaluations->len - 1);
          continue;
        }
      key = g_strdup_printf ("%s/%d", ev->rubric_id, ev->rubric_version);
      if (!g_hash_table_contains (rubrics, key))
        {
          KzRubric *rubric = kz_store_get_rubric (self, ev->rubric_id, ev->rubric_version, error);

          if (rubric == NULL)
            {
              g_free (key);
              return NULL;
            }
          g_hash_table_insert (rubrics, key, rubric);
        }
      else
        g_free (key);
    }

  return kz_principle_scores_compute (principles, evaluations, rubrics);
}
