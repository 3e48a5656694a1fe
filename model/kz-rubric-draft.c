/* kz-rubric-draft.c — a rubric being edited
 *
 * The draft holds plain records and checks nothing itself: every check is
 * the loader's, run on the XML the draft writes (kz-rubric-writer.c).  While
 * writing, the draft notes on which line each section, criterion, scale and
 * point begins, so a "draft:LINE: …" from the loader can say which of them
 * it is about — and its "used on line N" can say by what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric-draft"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kz-error.h"
#include "kz-rubric-draft.h"
#include "kz-rubric-private.h"
#include "kz-rubric-writer.h"

/* What the loader calls the draft in its messages ("draft:12: …"). */
#define DRAFT_NAME "draft"

/* How often saving tries the next version when others take it first. */
#define SAVE_ATTEMPTS 5

struct _KzRubricDraft
{
  GObject         parent_instance;

  KzRubric       *base;
  char           *base_xml;

  char           *id;
  int             version;
  char           *title;
  char           *description;
  double          pass_mark;
  int             dispute_days;
  GPtrArray      *sections;       /* KzDraftSection*, owned */
  GPtrArray      *shared_scales;  /* KzDraftScale*, owned; a criterion's own scale is the criterion's */

  /* The last check, until the next change. */
  gboolean        checked;
  KzDraftProblem *problem;
  KzRubric       *built;
};

G_DEFINE_FINAL_TYPE (KzRubricDraft, kz_rubric_draft, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where an element was written: from @line on, until the next mark. */
typedef struct {
  int              line;
  KzDraftItemKind  kind;
  gpointer         item;
  int              point;
} LineMark;

/* ---- records ----------------------------------------------------------------- */

static void
draft_point_free (KzDraftPoint *point)
{
  g_free (point->label);
  g_free (point->guidance);
  g_free (point);
}

static KzDraftPoint *
draft_point_new (double      value,
                 const char *label,
                 const char *guidance)
{
  KzDraftPoint *point = g_new0 (KzDraftPoint, 1);

  point->value = value;
  point->label = g_strdup (label != NULL ? label : "");
  point->guidance = g_strdup (guidance);
  return point;
}

static KzDraftScale *
draft_scale_new (const char  *id,
                 KzScaleKind  kind)
{
  KzDraftScale *scale = g_new0 (KzDraftScale, 1);

  scale->id = g_strdup (id);
  scale->kind = kind;
  scale->points = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_point_free);
  return scale;
}

static void
draft_scale_free (KzDraftScale *scale)
{
  if (scale == NULL)
    return;
  g_free (scale->id);
  g_ptr_array_unref (scale->points);
  g_free (scale);
}

static KzDraftScale *
draft_scale_copy_of (const KzScale *scale,
                     const char    *id)
{
  KzDraftScale *copy = draft_scale_new (id, scale->kind);

  for (guint i = 0; i < scale->points->len; i++)
    {
      const KzScalePoint *point = g_ptr_array_index (scale->points, i);

      g_ptr_array_add (copy->points, draft_point_new (point->value, point->label, point->guidance));
    }
  return copy;
}

static KzDraftScale *
draft_scale_dup (const KzDraftScale *scale,
                 const char         *id)
{
  KzDraftScale *copy = draft_scale_new (id, scale->kind);

  for (guint i = 0; i < scale->points->len; i++)
    {
      const KzDraftPoint *point = g_ptr_array_index (scale->points, i);

      g_ptr_array_add (copy->points, draft_point_new (point->value, point->label, point->guidance));
    }
  return copy;
}

/* A criterion's own scale is the one without an id (shared ones all have
 * one, and the draft never renames them). */
static gboolean
scale_is_own (const KzDraftScale *scale)
{
  return scale != NULL && scale->id == NULL;
}

static void
draft_criterion_free (KzDraftCriterion *criterion)
{
  if (criterion == NULL)
    return;
  g_free (criterion->id);
  g_free (criterion->title);
  g_free (criterion->guidance);
  g_strfreev (criterion->principles);
  g_strfreev (criterion->personas);
  if (scale_is_own (criterion->scale))
    draft_scale_free (criterion->scale);
  g_free (criterion);
}

static void
draft_section_free (KzDraftSection *section)
{
  if (section == NULL)
    return;
  g_free (section->id);
  g_free (section->title);
  g_free (section->description);
  g_strfreev (section->principles);
  g_ptr_array_unref (section->criteria);
  g_free (section);
}

static KzDraftSection *
draft_section_new (const char *id,
                   const char *title)
{
  KzDraftSection *section = g_new0 (KzDraftSection, 1);

  section->id = g_strdup (id);
  section->title = g_strdup (title);
  section->weight = 1.0;
  section->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_criterion_free);
  section->principles = g_new0 (char *, 1);
  return section;
}

void
kz_draft_problem_free (KzDraftProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->where);
  g_free (problem->detail);
  g_free (problem->message);
  g_free (problem);
}

/* ---- the object ------------------------------------------------------------- */

static void
forget_check (KzRubricDraft *self)
{
  self->checked = FALSE;
  g_clear_pointer (&self->problem, kz_draft_problem_free);
  g_clear_pointer (&self->built, kz_rubric_unref);
}

static void
changed (KzRubricDraft *self)
{
  forget_check (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kz_rubric_draft_finalize (GObject *object)
{
  KzRubricDraft *self = KZ_RUBRIC_DRAFT (object);

  forget_check (self);
  /* Criteria may point at shared scales: sections go first. */
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->shared_scales, g_ptr_array_unref);
  g_clear_pointer (&self->base, kz_rubric_unref);
  g_free (self->base_xml);
  g_free (self->id);
  g_free (self->title);
  g_free (self->description);

  G_OBJECT_CLASS (kz_rubric_draft_parent_class)->finalize (object);
}

static void
kz_rubric_draft_class_init (KzRubricDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kz_rubric_draft_finalize;

  /**
   * KzRubricDraft::changed:
   *
   * Something in the draft changed (through a setter or an add, remove or
   * move).  The last check is void.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kz_rubric_draft_init (KzRubricDraft *self)
{
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_section_free);
  self->shared_scales = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_scale_free);
}

static KzDraftScale *
find_shared_scale (KzRubricDraft *self,
                   const char    *id)
{
  for (guint i = 0; i < self->shared_scales->len; i++)
    {
      KzDraftScale *scale = g_ptr_array_index (self->shared_scales, i);

      if (g_strcmp0 (scale->id, id) == 0)
        return scale;
    }
  return NULL;
}

KzRubricDraft *
kz_rubric_draft_new (KzRubric *base)
{
  KzRubricDraft *self;

  g_return_val_if_fail (base != NULL, NULL);

  self = g_object_new (KZ_TYPE_RUBRIC_DRAFT, NULL);
  self->base = kz_rubric_ref (base);
  self->base_xml = kz_rubric_to_xml (base, 0);
  self->id = g_strdup (base->id);
  self->version = base->version;
  self->title = g_strdup (base->title);
  self->description = g_strdup (base->description);
  self->pass_mark = base->pass_mark;
  self->dispute_days = base->dispute_days;

  for (guint i = 0; i < base->scales->len; i++)
    {
      const KzScale *scale = g_ptr_array_index (base->scales, i);

      if (scale->id != NULL)
        g_ptr_array_add (self->shared_scales, draft_scale_copy_of (scale, scale->id));
    }

  for (guint s = 0; s < base->sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (base->sections, s);
      KzDraftSection *ds = draft_section_new (section->id, section->title);

      ds->description = g_strdup (section->description);
      ds->weight = section->weight;
      g_strfreev (ds->principles);
      ds->principles = g_strdupv (section->principles);
      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          KzDraftCriterion *dc = g_new0 (KzDraftCriterion, 1);

          dc->id = g_strdup (criterion->id);
          dc->title = g_strdup (criterion->title);
          dc->guidance = g_strdup (criterion->guidance);
          dc->weight = criterion->weight;
          dc->na_policy = criterion->na_policy;
          dc->na_value = criterion->na_value;
          dc->required = criterion->required;
          dc->critical = criterion->critical;
          dc->has_fail_below = criterion->has_fail_below;
          dc->fail_below = criterion->fail_below;
          dc->has_target = criterion->has_target;
          dc->target = criterion->target;
          dc->principles = g_strdupv (criterion->principles);
          dc->personas = g_strdupv (criterion->personas);
          dc->section = ds;
          if (criterion->scale->id != NULL)
            dc->scale = find_shared_scale (self, criterion->scale->id);
          else
            dc->scale = draft_scale_copy_of (criterion->scale, NULL);
          g_assert (dc->scale != NULL);
          g_ptr_array_add (ds->criteria, dc);
        }
      g_ptr_array_add (self->sections, ds);
    }

  return self;
}

KzRubric *
kz_rubric_draft_get_base (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  return self->base;
}

/* ---- writing ----------------------------------------------------------------- */

static void
mark (GArray          *marks,
      KzRubricWriter  *w,
      KzDraftItemKind  kind,
      gpointer         item,
      int              point)
{
  LineMark m = { kz_rubric_writer_get_line (w), kind, item, point };

  if (marks != NULL)
    g_array_append_val (marks, m);
}

static void
write_scale (KzRubricWriter  *w,
             GArray          *marks,
             KzDraftScale    *scale,
             KzDraftItemKind  kind,
             gpointer         item)
{
  mark (marks, w, kind, item, -1);
  kz_rubric_writer_begin_scale (w, scale->id, scale->kind);
  for (guint i = 0; i < scale->points->len; i++)
    {
      const KzDraftPoint *point = g_ptr_array_index (scale->points, i);

      mark (marks, w, kind, item, (int) i);
      kz_rubric_writer_add_point (w, scale->kind, point->value, point->label, point->guidance);
    }
  mark (marks, w, kind, item, -1);
  kz_rubric_writer_end_scale (w);
}

static char *
write_draft (KzRubricDraft *self,
             int            version,
             GArray        *marks)
{
  KzRubricWriter *w = kz_rubric_writer_new ();

  mark (marks, w, KZ_DRAFT_ITEM_RUBRIC, NULL, -1);
  kz_rubric_writer_begin_rubric (w, self->id, version > 0 ? version : self->version,
                                 self->pass_mark, self->dispute_days, self->title, self->description);

  if (self->shared_scales->len > 0)
    {
      kz_rubric_writer_begin_scales (w);
      for (guint i = 0; i < self->shared_scales->len; i++)
        {
          KzDraftScale *scale = g_ptr_array_index (self->shared_scales, i);

          write_scale (w, marks, scale, KZ_DRAFT_ITEM_SCALE, scale);
        }
      mark (marks, w, KZ_DRAFT_ITEM_RUBRIC, NULL, -1);
      kz_rubric_writer_end_scales (w);
    }

  for (guint s = 0; s < self->sections->len; s++)
    {
      KzDraftSection *section = g_ptr_array_index (self->sections, s);

      mark (marks, w, KZ_DRAFT_ITEM_SECTION, section, -1);
      kz_rubric_writer_begin_section (w, section->id, section->weight,
                                      (const char * const *) section->principles, section->title,
                                      section->description);
      for (guint c = 0; c < section->criteria->len; c++)
        {
          KzDraftCriterion *criterion = g_ptr_array_index (section->criteria, c);
          KzRubricWriterCriterion attrs = {
            criterion->id, criterion->weight, criterion->na_policy, criterion->na_value,
            criterion->required, criterion->critical, criterion->has_fail_below,
            criterion->fail_below, criterion->title, criterion->guidance,
            criterion->has_target, criterion->target,
            (const char * const *) criterion->principles, (const char * const *) criterion->personas,
          };

          mark (marks, w, KZ_DRAFT_ITEM_CRITERION, criterion, -1);
          kz_rubric_writer_begin_criterion (w, &attrs);
          if (scale_is_own (criterion->scale))
            write_scale (w, marks, criterion->scale, KZ_DRAFT_ITEM_CRITERION, criterion);
          else
            kz_rubric_writer_add_scale_ref (w, criterion->scale->id);
          kz_rubric_writer_end_criterion (w);
        }
      mark (marks, w, KZ_DRAFT_ITEM_SECTION, section, -1);
      kz_rubric_writer_end_section (w);
    }

  mark (marks, w, KZ_DRAFT_ITEM_RUBRIC, NULL, -1);
  kz_rubric_writer_end_rubric (w);
  return kz_rubric_writer_finish (w);
}

char *
kz_rubric_draft_to_xml (KzRubricDraft *self,
                        int            version)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  g_return_val_if_fail (version >= 0, NULL);

  return write_draft (self, version, NULL);
}

gboolean
kz_rubric_draft_is_modified (KzRubricDraft *self)
{
  g_autofree char *xml = NULL;

  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), FALSE);

  /* Both written by the same writer at the base's version: equal text is
   * an equal rubric. */
  xml = write_draft (self, self->base->version, NULL);
  return g_strcmp0 (xml, self->base_xml) != 0;
}

/* ---- checking ------------------------------------------------------------------ */

/* What a person calls an item: its title, else its id. */
static char *
display_name (const char *title,
              const char *id)
{
  g_autofree char *collapsed = kz_rubric_collapse_space (title != NULL ? title : "");

  if (*collapsed != '\0')
    return g_steal_pointer (&collapsed);
  if (id != NULL && *id != '\0')
    return g_strdup (id);
  return g_strdup (_("Untitled"));
}

char *
kz_rubric_draft_describe_item (KzRubricDraft   *self,
                               KzDraftItemKind  kind,
                               gpointer         item)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);

  switch (kind)
    {
    case KZ_DRAFT_ITEM_RUBRIC:
      return g_strdup (_("Rubric settings"));
    case KZ_DRAFT_ITEM_SECTION:
      {
        KzDraftSection *section = item;
        g_autofree char *name = display_name (section->title, section->id);

        /* Translators: where a problem is: a section's title */
        return g_strdup_printf (_("Section “%s”"), name);
      }
    case KZ_DRAFT_ITEM_CRITERION:
      {
        KzDraftCriterion *criterion = item;
        g_autofree char *name = display_name (criterion->title, criterion->id);
        g_autofree char *section = display_name (criterion->section->title, criterion->section->id);

        /* Translators: where a problem is: a criterion's title and its section's */
        return g_strdup_printf (_("Criterion “%s” in %s"), name, section);
      }
    case KZ_DRAFT_ITEM_SCALE:
      {
        KzDraftScale *scale = item;

        /* Translators: where a problem is: a shared scale's id */
        return g_strdup_printf (_("Shared scale “%s”"), scale->id);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
describe_mark (KzRubricDraft  *self,
               const LineMark *m)
{
  g_autofree char *where = kz_rubric_draft_describe_item (self, m->kind, m->item);

  if (m->point < 0)
    return g_steal_pointer (&where);
  /* Translators: where a problem is: "Criterion “Tone” in Opening, scale point 3" */
  return g_strdup_printf (_("%s, scale point %d"), where, m->point + 1);
}

static const LineMark *
find_mark (GArray *marks,
           int     line)
{
  const LineMark *found = &g_array_index (marks, LineMark, 0);

  for (guint i = 0; i < marks->len; i++)
    {
      const LineMark *m = &g_array_index (marks, LineMark, i);

      if (m->line > line)
        break;
      found = m;
    }
  return found;
}

typedef struct {
  KzRubricDraft *self;
  GArray        *marks;
} ReplaceLines;

static gboolean
replace_line_reference (const GMatchInfo *info,
                        GString          *result,
                        gpointer          user_data)
{
  ReplaceLines *data = user_data;
  g_autofree char *number = g_match_info_fetch (info, 1);
  g_autofree char *what = describe_mark (data->self, find_mark (data->marks, atoi (number)));

  /* Translators: replaces "on line 12" in the loader's "already used on
   * line 12": the thing written on that line */
  g_string_append_printf (result, _("by %s"), what);
  return FALSE;
}

/* "draft:12: duplicate criterion id “x”: it is already used on line 9; …"
 * → the criterion of line 12, and "… already used by Criterion “…” …". */
static KzDraftProblem *
problem_from_error (KzRubricDraft *self,
                    GArray        *marks,
                    const char    *message)
{
  KzDraftProblem *problem = g_new0 (KzDraftProblem, 1);
  const char *rest = message;
  const LineMark *m;
  int line = 0;
  g_autoptr(GRegex) regex = NULL;
  ReplaceLines data = { self, marks };

  if (g_str_has_prefix (rest, DRAFT_NAME ":"))
    {
      rest += strlen (DRAFT_NAME ":");
      if (g_ascii_isdigit (*rest))
        {
          line = atoi (rest);
          while (g_ascii_isdigit (*rest))
            rest++;
          if (*rest == ':')
            rest++;
        }
      while (*rest == ' ')
        rest++;
    }

  m = find_mark (marks, line > 0 ? line : 1);
  if (line <= 0)
    m = &g_array_index (marks, LineMark, 0);  /* the rubric */

  problem->kind = m->kind;
  problem->item = m->item;
  problem->point = m->point;
  problem->where = describe_mark (self, m);

  regex = g_regex_new ("\\bon line ([0-9]+)", 0, 0, NULL);
  problem->detail = g_regex_replace_eval (regex, rest, -1, 0, 0, replace_line_reference, &data, NULL);
  if (problem->detail == NULL)
    problem->detail = g_strdup (rest);

  /* Translators: a problem in the rubric editor: where, then what */
  problem->message = g_strdup_printf (_("%s: %s"), problem->where, problem->detail);
  return problem;
}

static void
check (KzRubricDraft *self)
{
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  if (self->checked)
    return;

  marks = g_array_new (FALSE, FALSE, sizeof (LineMark));
  xml = write_draft (self, 0, marks);
  self->built = kz_rubric_load_data (xml, strlen (xml), DRAFT_NAME, &error);
  if (self->built == NULL)
    self->problem = problem_from_error (self, marks, error->message);
  self->checked = TRUE;
}

const KzDraftProblem *
kz_rubric_draft_check (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);

  check (self);
  return self->problem;
}

KzRubric *
kz_rubric_draft_build (KzRubricDraft  *self,
                       GError        **error)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  check (self);
  if (self->problem != NULL)
    {
      g_set_error_literal (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT, self->problem->message);
      return NULL;
    }
  return kz_rubric_ref (self->built);
}

/* ---- the rubric's settings ---------------------------------------------------- */

const char *
kz_rubric_draft_get_id (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  return self->id;
}

int
kz_rubric_draft_get_version (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), 0);
  return self->version;
}

const char *
kz_rubric_draft_get_title (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  return self->title;
}

const char *
kz_rubric_draft_get_description (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  return self->description;
}

double
kz_rubric_draft_get_pass_mark (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), 0.0);
  return self->pass_mark;
}

int
kz_rubric_draft_get_dispute_days (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), 0);
  return self->dispute_days;
}

/* Replaces *@field with a copy of @value; TRUE when that was a change. */
static gboolean
set_text (char       **field,
          const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static const char *
empty_as_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

void
kz_rubric_draft_set_title (KzRubricDraft *self,
                           const char    *title)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));

  if (set_text (&self->title, title != NULL ? title : ""))
    changed (self);
}

void
kz_rubric_draft_set_description (KzRubricDraft *self,
                                 const char    *description)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));

  if (set_text (&self->description, empty_as_null (description)))
    changed (self);
}

void
kz_rubric_draft_set_pass_mark (KzRubricDraft *self,
                               double         pass_mark)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));

  if (self->pass_mark == pass_mark)
    return;
  self->pass_mark = pass_mark;
  changed (self);
}

void
kz_rubric_draft_set_dispute_days (KzRubricDraft *self,
                                  int            days)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));

  if (self->dispute_days == days)
    return;
  self->dispute_days = days;
  changed (self);
}

/* ---- sections ------------------------------------------------------------------ */

GPtrArray *
kz_rubric_draft_get_sections (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  return self->sections;
}

static gboolean
section_id_used (KzRubricDraft *self,
                 const char    *id)
{
  for (guint i = 0; i < self->sections->len; i++)
    if (g_strcmp0 (((KzDraftSection *) g_ptr_array_index (self->sections, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

KzDraftCriterion *
kz_rubric_draft_find_criterion (KzRubricDraft *self,
                                const char    *id)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);

  for (guint s = 0; s < self->sections->len; s++)
    {
      KzDraftSection *section = g_ptr_array_index (self->sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          KzDraftCriterion *criterion = g_ptr_array_index (section->criteria, c);

          if (g_strcmp0 (criterion->id, id) == 0)
            return criterion;
        }
    }
  return NULL;
}

static guint
count_criteria (KzRubricDraft *self)
{
  guint n = 0;

  for (guint s = 0; s < self->sections->len; s++)
    n += ((KzDraftSection *) g_ptr_array_index (self->sections, s))->criteria->len;
  return n;
}

/* "section-3", "criterion-12": the first free number from the count on. */
static char *
new_id (KzRubricDraft *self,
        const char    *prefix,
        guint          from,
        gboolean       section)
{
  for (guint n = from;; n++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", prefix, n);

      if (section ? !section_id_used (self, id) : kz_rubric_draft_find_criterion (self, id) == NULL)
        return g_steal_pointer (&id);
    }
}

static KzDraftCriterion *
new_criterion (KzRubricDraft  *self,
               KzDraftSection *section)
{
  KzDraftCriterion *criterion = g_new0 (KzDraftCriterion, 1);

  criterion->id = new_id (self, "criterion", count_criteria (self) + 1, FALSE);
  criterion->title = g_strdup (_("New criterion"));
  criterion->guidance = g_strdup ("");
  criterion->weight = 1.0;
  criterion->na_policy = KZ_NA_EXCLUDE;
  criterion->required = TRUE;
  criterion->critical = KZ_CRITICAL_NONE;
  criterion->principles = g_new0 (char *, 1);
  criterion->personas = g_new0 (char *, 1);
  criterion->section = section;

  if (self->shared_scales->len > 0)
    criterion->scale = g_ptr_array_index (self->shared_scales, 0);
  else
    {
      criterion->scale = draft_scale_new (NULL, KZ_SCALE_KIND_BINARY);
      g_ptr_array_add (criterion->scale->points, draft_point_new (0, _("No"), NULL));
      g_ptr_array_add (criterion->scale->points, draft_point_new (1, _("Yes"), NULL));
    }

  return criterion;
}

static guint
clamp_position (int   position,
                guint len)
{
  return position < 0 || (guint) position > len ? len : (guint) position;
}

KzDraftSection *
kz_rubric_draft_add_section (KzRubricDraft *self,
                             int            position)
{
  KzDraftSection *section;
  g_autofree char *id = NULL;

  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);

  id = new_id (self, "section", self->sections->len + 1, TRUE);
  section = draft_section_new (id, _("New section"));
  g_ptr_array_add (section->criteria, new_criterion (self, section));
  g_ptr_array_insert (self->sections, (int) clamp_position (position, self->sections->len), section);
  changed (self);
  return section;
}

int
kz_rubric_draft_get_section_index (KzRubricDraft  *self,
                                   KzDraftSection *section)
{
  guint index;

  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), -1);

  return g_ptr_array_find (self->sections, section, &index) ? (int) index : -1;
}

void
kz_rubric_draft_remove_section (KzRubricDraft  *self,
                                KzDraftSection *section)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (kz_rubric_draft_get_section_index (self, section) >= 0);

  g_ptr_array_remove (self->sections, section);
  changed (self);
}

gboolean
kz_rubric_draft_move_section (KzRubricDraft  *self,
                              KzDraftSection *section,
                              int             delta)
{
  int index, target;

  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), FALSE);

  index = kz_rubric_draft_get_section_index (self, section);
  g_return_val_if_fail (index >= 0, FALSE);

  target = index + (delta < 0 ? -1 : 1);
  if (delta == 0 || target < 0 || target >= (int) self->sections->len)
    return FALSE;

  g_ptr_array_steal_index (self->sections, (guint) index);
  g_ptr_array_insert (self->sections, target, section);
  changed (self);
  return TRUE;
}

void
kz_rubric_draft_set_section_id (KzRubricDraft  *self,
                                KzDraftSection *section,
                                const char     *id)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (section != NULL);

  if (set_text (&section->id, id != NULL ? id : ""))
    changed (self);
}

void
kz_rubric_draft_set_section_title (KzRubricDraft  *self,
                                   KzDraftSection *section,
                                   const char     *title)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (section != NULL);

  if (set_text (&section->title, title != NULL ? title : ""))
    changed (self);
}

void
kz_rubric_draft_set_section_description (KzRubricDraft  *self,
                                         KzDraftSection *section,
                                         const char     *description)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (section != NULL);

  if (set_text (&section->description, empty_as_null (description)))
    changed (self);
}

void
kz_rubric_draft_set_section_weight (KzRubricDraft  *self,
                                    KzDraftSection *section,
                                    double          weight)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (section != NULL);

  if (section->weight == weight)
    return;
  section->weight = weight;
  changed (self);
}

/* ---- criteria ------------------------------------------------------------------- */

KzDraftCriterion *
kz_rubric_draft_add_criterion (KzRubricDraft  *self,
                               KzDraftSection *section,
                               int             position)
{
  KzDraftCriterion *criterion;

  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  g_return_val_if_fail (kz_rubric_draft_get_section_index (self, section) >= 0, NULL);

  criterion = new_criterion (self, section);
  g_ptr_array_insert (section->criteria, (int) clamp_position (position, section->criteria->len), criterion);
  changed (self);
  return criterion;
}

void
kz_rubric_draft_remove_criterion (KzRubricDraft    *self,
                                  KzDraftCriterion *criterion)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);
  g_return_if_fail (g_ptr_array_find (criterion->section->criteria, criterion, NULL));

  g_ptr_array_remove (criterion->section->criteria, criterion);
  changed (self);
}

gboolean
kz_rubric_draft_move_criterion (KzRubricDraft    *self,
                                KzDraftCriterion *criterion,
                                int               delta)
{
  KzDraftSection *section;
  int s;
  guint index;

  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), FALSE);
  g_return_val_if_fail (criterion != NULL, FALSE);

  section = criterion->section;
  s = kz_rubric_draft_get_section_index (self, section);
  g_return_val_if_fail (s >= 0, FALSE);
  g_return_val_if_fail (g_ptr_array_find (section->criteria, criterion, &index), FALSE);

  if (delta == 0)
    return FALSE;

  if (delta < 0 && index > 0)
    {
      g_ptr_array_steal_index (section->criteria, index);
      g_ptr_array_insert (section->criteria, (int) index - 1, criterion);
    }
  else if (delta > 0 && index + 1 < section->criteria->len)
    {
      g_ptr_array_steal_index (section->criteria, index);
      g_ptr_array_insert (section->criteria, (int) index + 1, criterion);
    }
  else
    {
      /* Across into the neighbouring section. */
      int t = s + (delta < 0 ? -1 : 1);
      KzDraftSection *target;

      if (t < 0 || t >= (int) self->sections->len)
        return FALSE;
      target = g_ptr_array_index (self->sections, t);
      g_ptr_array_steal_index (section->criteria, index);
      if (delta < 0)
        g_ptr_array_add (target->criteria, criterion);
      else
        g_ptr_array_insert (target->criteria, 0, criterion);
      criterion->section = target;
    }

  changed (self);
  return TRUE;
}

void
kz_rubric_draft_set_criterion_id (KzRubricDraft    *self,
                                  KzDraftCriterion *criterion,
                                  const char       *id)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  if (set_text (&criterion->id, id != NULL ? id : ""))
    changed (self);
}

void
kz_rubric_draft_set_criterion_title (KzRubricDraft    *self,
                                     KzDraftCriterion *criterion,
                                     const char       *title)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  if (set_text (&criterion->title, title != NULL ? title : ""))
    changed (self);
}

void
kz_rubric_draft_set_criterion_guidance (KzRubricDraft    *self,
                                        KzDraftCriterion *criterion,
                                        const char       *guidance)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  if (set_text (&criterion->guidance, guidance != NULL ? guidance : ""))
    changed (self);
}

/* Replaces *@field with a copy of @ids (NULL: none); TRUE when that was a
 * change. */
static gboolean
set_links (GStrv              *field,
           const char * const *ids)
{
  const char * const none[] = { NULL };

  if (ids == NULL)
    ids = none;
  if (g_strv_equal ((const char * const *) *field, ids))
    return FALSE;
  g_strfreev (*field);
  *field = g_strdupv ((char **) ids);
  return TRUE;
}

void
kz_rubric_draft_set_section_principles (KzRubricDraft      *self,
                                        KzDraftSection     *section,
                                        const char * const *principles)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (section != NULL);

  if (set_links (&section->principles, principles))
    changed (self);
}

void
kz_rubric_draft_set_criterion_links (KzRubricDraft      *self,
                                     KzDraftCriterion   *criterion,
                                     const char * const *principles,
                                     const char * const *personas)
{
  gboolean a, b;

  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  a = set_links (&criterion->principles, principles);
  b = set_links (&criterion->personas, personas);
  if (a || b)
    changed (self);
}

void
kz_rubric_draft_set_criterion_weight (KzRubricDraft    *self,
                                      KzDraftCriterion *criterion,
                                      double            weight)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  if (criterion->weight == weight)
    return;
  criterion->weight = weight;
  changed (self);
}

void
kz_rubric_draft_set_criterion_required (KzRubricDraft    *self,
                                        KzDraftCriterion *criterion,
                                        gboolean          required)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  required = !!required;
  if (criterion->required == required)
    return;
  criterion->required = required;
  changed (self);
}

void
kz_rubric_draft_set_criterion_na (KzRubricDraft    *self,
                                  KzDraftCriterion *criterion,
                                  KzNaPolicy        policy,
                                  double            na_value)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  if (criterion->na_policy == policy && criterion->na_value == na_value)
    return;
  criterion->na_policy = policy;
  criterion->na_value = na_value;
  changed (self);
}

void
kz_rubric_draft_set_criterion_critical (KzRubricDraft    *self,
                                        KzDraftCriterion *criterion,
                                        KzCriticalLevel   level,
                                        gboolean          has_fail_below,
                                        double            fail_below)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  has_fail_below = !!has_fail_below;
  if (criterion->critical == level && criterion->has_fail_below == has_fail_below &&
      criterion->fail_below == fail_below)
    return;
  criterion->critical = level;
  criterion->has_fail_below = has_fail_below;
  criterion->fail_below = fail_below;
  changed (self);
}

/* ---- scales --------------------------------------------------------------------- */

GPtrArray *
kz_rubric_draft_get_shared_scales (KzRubricDraft *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  return self->shared_scales;
}

guint
kz_rubric_draft_count_scale_users (KzRubricDraft *self,
                                   KzDraftScale  *scale)
{
  guint n = 0;

  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), 0);

  for (guint s = 0; s < self->sections->len; s++)
    {
      KzDraftSection *section = g_ptr_array_index (self->sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        if (((KzDraftCriterion *) g_ptr_array_index (section->criteria, c))->scale == scale)
          n++;
    }
  return n;
}

void
kz_rubric_draft_use_shared_scale (KzRubricDraft    *self,
                                  KzDraftCriterion *criterion,
                                  KzDraftScale     *scale)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);
  g_return_if_fail (g_ptr_array_find (self->shared_scales, scale, NULL));

  if (criterion->scale == scale)
    return;
  if (scale_is_own (criterion->scale))
    draft_scale_free (criterion->scale);
  criterion->scale = scale;
  changed (self);
}

void
kz_rubric_draft_use_own_scale (KzRubricDraft    *self,
                               KzDraftCriterion *criterion)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (criterion != NULL);

  if (scale_is_own (criterion->scale))
    return;
  criterion->scale = draft_scale_dup (criterion->scale, NULL);
  changed (self);
}

void
kz_rubric_draft_set_scale_kind (KzRubricDraft *self,
                                KzDraftScale  *scale,
                                KzScaleKind    kind)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (scale != NULL);

  if (scale->kind == kind)
    return;
  scale->kind = kind;
  changed (self);
}

KzDraftPoint *
kz_rubric_draft_add_point (KzRubricDraft *self,
                           KzDraftScale  *scale)
{
  KzDraftPoint *point;
  double value = 0.0;
  g_autofree char *label = NULL;

  g_return_val_if_fail (KZ_IS_RUBRIC_DRAFT (self), NULL);
  g_return_val_if_fail (scale != NULL, NULL);

  if (scale->points->len > 0)
    value = ((KzDraftPoint *) g_ptr_array_index (scale->points, scale->points->len - 1))->value + 1.0;
  /* Ordinal points are their number; the others need a name. */
  if (scale->kind != KZ_SCALE_KIND_ORDINAL)
    /* Translators: the label of a new scale point, e.g. "Point 4" */
    label = g_strdup_printf (_("Point %u"), scale->points->len + 1);

  point = draft_point_new (value, label, NULL);
  g_ptr_array_add (scale->points, point);
  changed (self);
  return point;
}

void
kz_rubric_draft_remove_point (KzRubricDraft *self,
                              KzDraftScale  *scale,
                              guint          index)
{
  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (scale != NULL);
  g_return_if_fail (index < scale->points->len);

  g_ptr_array_remove_index (scale->points, index);
  changed (self);
}

void
kz_rubric_draft_set_point (KzRubricDraft *self,
                           KzDraftScale  *scale,
                           guint          index,
                           double         value,
                           const char    *label,
                           const char    *guidance)
{
  KzDraftPoint *point;
  gboolean change = FALSE;

  g_return_if_fail (KZ_IS_RUBRIC_DRAFT (self));
  g_return_if_fail (scale != NULL);
  g_return_if_fail (index < scale->points->len);

  point = g_ptr_array_index (scale->points, index);
  if (point->value != value)
    {
      point->value = value;
      change = TRUE;
    }
  change |= set_text (&point->label, label != NULL ? label : "");
  change |= set_text (&point->guidance, empty_as_null (guidance));
  if (change)
    changed (self);
}

/* ---- storing ---------------------------------------------------------------------- */

int
kz_rubric_store_latest_version (KzStore     *store,
                                const char  *rubric_id,
                                GError     **error)
{
  g_autoptr(GPtrArray) infos = NULL;
  int latest = 0;

  g_return_val_if_fail (KZ_IS_STORE (store), -1);
  g_return_val_if_fail (rubric_id != NULL, -1);

  infos = kz_store_list_rubrics (store, error);
  if (infos == NULL)
    return -1;

  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);

      if (g_strcmp0 (info->id, rubric_id) == 0)
        latest = MAX (latest, info->version);
    }
  return latest;
}

KzRubric *
kz_rubric_store_new_version (KzStore   *store,
                             KzRubric  *edited,
                             GError   **error)
{
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (edited != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint attempt = 0; attempt < SAVE_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(KzRubric) rubric = NULL;
      g_autofree char *xml = NULL;
      g_autofree char *name = NULL;
      int latest = kz_rubric_store_latest_version (store, kz_rubric_get_id (edited), error);

      if (latest < 0)
        return NULL;

      xml = kz_rubric_to_xml (edited, latest + 1);
      name = g_strdup_printf ("%s v%d", kz_rubric_get_id (edited), latest + 1);
      rubric = kz_rubric_load_data (xml, strlen (xml), name, error);
      if (rubric == NULL)
        return NULL;

      if (kz_store_add_rubric (store, rubric, NULL, &local_error))
        return g_steal_pointer (&rubric);

      /* Someone else stored that version meanwhile: take the next. */
      if (!g_error_matches (local_error, KZ_ERROR, KZ_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, KZ_ERROR, KZ_ERROR_CONFLICT,
               _("Others kept storing new versions of “%s” while this one was being saved: "
                 "save again"), kz_rubric_get_title (edited));
  return NULL;
}
