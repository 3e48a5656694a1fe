/* kz-store-copy.c — move a whole database from one store to another
 *
 * Written against the typed KzStore API only, so it copies between any two
 * backends (`kaizenctl migrate --to` uses it from a single file to a team
 * server).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-store-copy"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-store-copy.h"

static gint64
map_id (GHashTable *map,
        gint64      old_id)
{
  gint64 *new_id;

  if (old_id == 0)
    return 0;
  new_id = g_hash_table_lookup (map, &old_id);
  g_assert (new_id != NULL);
  return *new_id;
}

static void
remember (GHashTable *map,
          gint64      old_id,
          gint64      new_id)
{
  g_hash_table_insert (map, g_memdup2 (&old_id, sizeof old_id), g_memdup2 (&new_id, sizeof new_id));
}

static GHashTable *
id_map_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static gboolean
check_empty (KzStore  *to,
             GError  **error)
{
  static const KzRecordKind kinds[] = {
    KZ_RECORD_UNITS, KZ_RECORD_PEOPLE, KZ_RECORD_INTERACTIONS, KZ_RECORD_EVALUATIONS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      gint64 n = kz_store_count (to, kinds[i], error);

      if (n < 0)
        return FALSE;
      if (n > 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                       _("%s already holds data; copy only into an empty database"),
                       kz_store_describe (to));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
copy_all (KzStore       *from,
          KzStore       *to,
          KzCopyCounts  *counts,
          GError       **error)
{
  g_autoptr(GHashTable) units = id_map_new ();
  g_autoptr(GHashTable) people = id_map_new ();
  g_autoptr(GHashTable) interactions = id_map_new ();
  g_autoptr(GPtrArray) unit_list = NULL;
  g_autoptr(GPtrArray) person_list = NULL;
  g_autoptr(GPtrArray) rubric_list = NULL;
  g_autoptr(GPtrArray) interaction_list = NULL;
  g_autoptr(GPtrArray) evaluation_list = NULL;

  /* Units come parents first (organisation, sites, teams). */
  if ((unit_list = kz_store_list_units (from, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < unit_list->len; i++)
    {
      KzUnit *u = g_ptr_array_index (unit_list, i);
      gint64 id = kz_store_add_unit (to, u->kind, u->name, map_id (units, u->parent_id), error);

      if (id == 0)
        return FALSE;
      remember (units, u->id, id);
      counts->n_units++;
    }

  if ((person_list = kz_store_list_people (from, KZ_ROLE_NONE, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < person_list->len; i++)
    {
      KzPerson *p = g_ptr_array_index (person_list, i);
      KzPerson copy = *p;
      gint64 id;

      copy.id = 0;
      copy.team_id = map_id (units, p->team_id);
      if ((id = kz_store_add_person (to, &copy, error)) == 0)
        return FALSE;
      remember (people, p->id, id);
      counts->n_people++;
    }

  if ((rubric_list = kz_store_list_rubrics (from, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < rubric_list->len; i++)
    {
      KzRubricInfo *info = g_ptr_array_index (rubric_list, i);
      g_autoptr(KzRubric) rubric = kz_store_get_rubric (from, info->id, info->version, error);
      gboolean added;

      if (rubric == NULL || !kz_store_add_rubric (to, rubric, &added, error))
        return FALSE;
      counts->n_rubrics++;
    }

  if ((interaction_list = kz_store_list_interactions (from, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < interaction_list->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (interaction_list, i);
      KzInteraction copy = *it;
      gint64 id;

      copy.id = 0;
      copy.agent_id = map_id (people, it->agent_id);
      if ((id = kz_store_add_interaction (to, &copy, error)) == 0)
        return FALSE;
      remember (interactions, it->id, id);
      counts->n_interactions++;
    }

  if ((evaluation_list = kz_store_list_evaluations (from, NULL, error)) == NULL)
    return FALSE;
  /* Oldest first, so the target's ids follow the same order. */
  for (guint i = evaluation_list->len; i-- > 0;)
    {
      KzEvaluationSummary *s = g_ptr_array_index (evaluation_list, i);
      g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (from, s->id, error);

      if (ev == NULL)
        return FALSE;
      ev->id = 0;
      ev->row_version = 0;
      ev->interaction_id = map_id (interactions, ev->interaction_id);
      ev->agent_id = map_id (people, ev->agent_id);
      ev->reviewer_id = map_id (people, ev->reviewer_id);
      if (kz_store_save_evaluation (to, ev, error) == 0)
        return FALSE;
      counts->n_evaluations++;
      counts->n_answers += g_hash_table_size (ev->answers);
    }

  return TRUE;
}

gboolean
kz_store_copy (KzStore       *from,
               KzStore       *to,
               KzCopyCounts  *counts,
               GError       **error)
{
  KzCopyCounts local = { 0 };

  g_return_val_if_fail (KZ_IS_STORE (from), FALSE);
  g_return_val_if_fail (KZ_IS_STORE (to), FALSE);

  if (!kz_store_begin (to, error))
    return FALSE;
  if (!check_empty (to, error) || !copy_all (from, to, &local, error))
    {
      kz_store_rollback (to);
      return FALSE;
    }
  if (!kz_store_commit (to, error))
    return FALSE;

  if (counts != NULL)
    *counts = local;
  return TRUE;
}
