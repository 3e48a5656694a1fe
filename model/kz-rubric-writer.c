/* kz-rubric-writer.c — rubric format 1, written
 *
 * Text is written so that the loader's rules (kz_rubric_collapse_space for
 * titles and labels, kz_rubric_reflow_paragraphs for guidance and
 * descriptions) give it back unchanged: a paragraph is wrapped only at its
 * single spaces, which the loader joins again with one space, and
 * paragraphs are parted by a blank line.  Text already in the loader's form
 * — everything a loaded rubric holds — therefore round-trips exactly; other
 * text comes back in that form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-rubric-private.h"
#include "kz-rubric-writer.h"

#define WRAP_COLUMN 80

struct _KzRubricWriter {
  GString *out;
  int      depth;
  int      line;     /* the line the next character goes on */
};

char *
kz_rubric_format_decimal (double value)
{
  char format[16];
  char buf[800];

  if (!isfinite (value))
    return g_strdup ("NaN");  /* not a number the format takes: the loader says so */
  if (value == 0.0)
    return g_strdup ("0");    /* and never "-0" */

  /* The fewest decimals that read back exactly; 340 covers the smallest
   * doubles, whose 17 significant digits sit that far out. */
  for (int precision = 0; precision <= 340; precision++)
    {
      g_snprintf (format, sizeof format, "%%.%df", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  return g_strdup (buf);
}

/* XML 1.0 cannot carry most C0 controls at all, not even as references:
 * they are left out.  In attributes, line breaks and tabs are written as
 * references, or the parser would make them spaces. */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    attribute)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  for (const char *p = valid; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, attribute ? "&quot;" : "\"");
          break;
        case '\n':
          g_string_append (out, attribute ? "&#10;" : "\n");
          break;
        case '\r':
          g_string_append (out, attribute ? "&#13;" : "\r");
          break;
        case '\t':
          g_string_append (out, attribute ? "&#9;" : "\t");
          break;
        default:
          if ((guchar) *p >= 0x20)
            g_string_append_c (out, *p);
          break;
        }
    }
}

static void
indent (KzRubricWriter *self,
        int             depth)
{
  for (int i = 0; i < depth; i++)
    g_string_append (self->out, "  ");
}

static void
newline (KzRubricWriter *self)
{
  g_string_append_c (self->out, '\n');
  self->line++;
}

static void
blank_line (KzRubricWriter *self)
{
  newline (self);
}

static void
attr (KzRubricWriter *self,
      const char     *name,
      const char     *value)
{
  g_string_append_printf (self->out, " %s=\"", name);
  append_escaped (self->out, value, TRUE);
  g_string_append_c (self->out, '"');
}

static void
attr_number (KzRubricWriter *self,
             const char     *name,
             double          value)
{
  g_autofree char *text = kz_rubric_format_decimal (value);

  attr (self, name, text);
}

/* principles="a b": left out when there are none. */
static void
attr_links (KzRubricWriter     *self,
            const char         *name,
            const char * const *ids)
{
  g_autofree char *joined = NULL;

  if (ids == NULL || ids[0] == NULL)
    return;
  joined = g_strjoinv (" ", (char **) ids);
  attr (self, name, joined);
}

/* The length in characters, which is what a column counts. */
static glong
text_width (const char *text)
{
  return g_utf8_strlen (text, -1);
}

/* <title>…</title>: one line. */
static void
write_title (KzRubricWriter *self,
             const char     *text)
{
  g_autofree char *collapsed = kz_rubric_collapse_space (text != NULL ? text : "");

  indent (self, self->depth);
  g_string_append (self->out, "<title>");
  append_escaped (self->out, collapsed, FALSE);
  g_string_append (self->out, "</title>");
  newline (self);
}

static char *
escape_text (const char *text)
{
  GString *out = g_string_new (NULL);

  append_escaped (out, text, FALSE);
  return g_string_free (out, FALSE);
}

/* Guidance and descriptions: on the element's own line when the text fits,
 * else wrapped, one level deeper, a blank line between paragraphs. */
static void
write_paragraphs (KzRubricWriter *self,
                  const char     *name,
                  const char     *text)
{
  g_autofree char *reflowed = kz_rubric_reflow_paragraphs (text != NULL ? text : "");
  g_autofree char *escaped = escape_text (reflowed);
  g_auto(GStrv) paragraphs = NULL;
  glong inner = 2 * (self->depth + 1);

  if (strstr (reflowed, "\n\n") == NULL &&
      2 * self->depth + text_width (escaped) + 2 * (glong) strlen (name) + 5 <= WRAP_COLUMN)
    {
      indent (self, self->depth);
      g_string_append_printf (self->out, "<%s>%s</%s>", name, escaped, name);
      newline (self);
      return;
    }

  indent (self, self->depth);
  g_string_append_printf (self->out, "<%s>", name);
  newline (self);

  paragraphs = g_strsplit (escaped, "\n\n", -1);
  for (guint p = 0; paragraphs[p] != NULL; p++)
    {
      g_auto(GStrv) words = g_strsplit (paragraphs[p], " ", -1);
      glong column = 0;

      if (p > 0)
        blank_line (self);

      for (guint i = 0; words[i] != NULL; i++)
        {
          glong width = text_width (words[i]);

          if (column > 0 && column + 1 + width > WRAP_COLUMN)
            {
              newline (self);
              column = 0;
            }
          if (column == 0)
            {
              indent (self, self->depth + 1);
              column = inner;
            }
          else
            {
              g_string_append_c (self->out, ' ');
              column++;
            }
          g_string_append (self->out, words[i]);
          column += width;
        }
      if (column > 0)
        newline (self);
    }

  indent (self, self->depth);
  g_string_append_printf (self->out, "</%s>", name);
  newline (self);
}

/* ---- the element functions ------------------------------------------------ */

KzRubricWriter *
kz_rubric_writer_new (void)
{
  KzRubricWriter *self = g_new0 (KzRubricWriter, 1);

  self->out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  self->line = 2;
  return self;
}

void
kz_rubric_writer_free (KzRubricWriter *self)
{
  if (self == NULL)
    return;
  g_string_free (self->out, TRUE);
  g_free (self);
}

char *
kz_rubric_writer_finish (KzRubricWriter *self)
{
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_free (self->out, FALSE);
  g_free (self);
  return text;
}

int
kz_rubric_writer_get_line (KzRubricWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->line;
}

void
kz_rubric_writer_begin_rubric (KzRubricWriter *self,
                               const char     *id,
                               int             version,
                               double          pass_mark,
                               int             dispute_days,
                               const char     *title,
                               const char     *description)
{
  g_autofree char *version_text = g_strdup_printf ("%d", version);
  g_autofree char *days_text = g_strdup_printf ("%d", dispute_days);

  g_return_if_fail (self != NULL);

  g_string_append (self->out, "<rubric xmlns=\"" KZ_RUBRIC_NAMESPACE "\"");
  newline (self);
  g_string_append (self->out, "       ");
  attr (self, "id", id != NULL ? id : "");
  attr (self, "version", version_text);
  attr_number (self, "pass-mark", pass_mark);
  attr (self, "dispute-days", days_text);
  g_string_append_c (self->out, '>');
  newline (self);

  self->depth = 1;
  write_title (self, title);
  if (description != NULL)
    write_paragraphs (self, "description", description);
}

void
kz_rubric_writer_end_rubric (KzRubricWriter *self)
{
  g_return_if_fail (self != NULL);

  self->depth = 0;
  g_string_append (self->out, "</rubric>");
  newline (self);
}

void
kz_rubric_writer_begin_scales (KzRubricWriter *self)
{
  g_return_if_fail (self != NULL);

  blank_line (self);
  indent (self, self->depth);
  g_string_append (self->out, "<scales>");
  newline (self);
  self->depth++;
}

void
kz_rubric_writer_end_scales (KzRubricWriter *self)
{
  g_return_if_fail (self != NULL);

  self->depth--;
  indent (self, self->depth);
  g_string_append (self->out, "</scales>");
  newline (self);
}

void
kz_rubric_writer_begin_scale (KzRubricWriter *self,
                              const char     *id,
                              KzScaleKind     kind)
{
  g_return_if_fail (self != NULL);

  indent (self, self->depth);
  g_string_append (self->out, "<scale");
  if (id != NULL)
    attr (self, "id", id);
  attr (self, "kind", kz_scale_kind_to_string (kind));
  g_string_append_c (self->out, '>');
  newline (self);
  self->depth++;
}

void
kz_rubric_writer_add_point (KzRubricWriter *self,
                            KzScaleKind     kind,
                            double          value,
                            const char     *label,
                            const char     *guidance)
{
  g_autofree char *value_text = kz_rubric_format_decimal (value);
  g_autofree char *collapsed = kz_rubric_collapse_space (label != NULL ? label : "");
  gboolean write_label = *collapsed != '\0' &&
                         (kind != KZ_SCALE_KIND_ORDINAL || g_strcmp0 (collapsed, value_text) != 0);
  g_autofree char *escaped_guidance = NULL;
  gsize start;

  g_return_if_fail (self != NULL);

  indent (self, self->depth);
  start = self->out->len;
  g_string_append (self->out, "<point");
  attr (self, "value", value_text);
  if (write_label)
    attr (self, "label", collapsed);

  if (guidance == NULL)
    {
      g_string_append (self->out, "/>");
      newline (self);
      return;
    }

  g_string_append_c (self->out, '>');

  {
    g_autofree char *reflowed = kz_rubric_reflow_paragraphs (guidance);

    escaped_guidance = escape_text (reflowed);
    if (strstr (reflowed, "\n\n") == NULL &&
        2 * self->depth + text_width (self->out->str + start) + text_width (escaped_guidance) +
        (glong) strlen ("<guidance></guidance></point>") <= WRAP_COLUMN)
      {
        g_string_append_printf (self->out, "<guidance>%s</guidance></point>", escaped_guidance);
        newline (self);
        return;
      }
  }

  newline (self);
  self->depth++;
  write_paragraphs (self, "guidance", guidance);
  self->depth--;
  indent (self, self->depth);
  g_string_append (self->out, "</point>");
  newline (self);
}

void
kz_rubric_writer_end_scale (KzRubricWriter *self)
{
  g_return_if_fail (self != NULL);

  self->depth--;
  indent (self, self->depth);
  g_string_append (self->out, "</scale>");
  newline (self);
}

void
kz_rubric_writer_add_scale_ref (KzRubricWriter *self,
                                const char     *ref)
{
  g_return_if_fail (self != NULL);

  indent (self, self->depth);
  g_string_append (self->out, "<scale");
  attr (self, "ref", ref != NULL ? ref : "");
  g_string_append (self->out, "/>");
  newline (self);
}

void
kz_rubric_writer_begin_section (KzRubricWriter *self,
                                const char     *id,
                                double          weight,
                                const char * const *principles,
                                const char     *title,
                                const char     *description)
{
  g_return_if_fail (self != NULL);

  blank_line (self);
  indent (self, self->depth);
  g_string_append (self->out, "<section");
  attr (self, "id", id != NULL ? id : "");
  attr_number (self, "weight", weight);
  attr_links (self, "principles", principles);
  g_string_append_c (self->out, '>');
  newline (self);

  self->depth++;
  write_title (self, title);
  if (description != NULL)
    write_paragraphs (self, "description", description);
}

void
kz_rubric_writer_end_section (KzRubricWriter *self)
{
  g_return_if_fail (self != NULL);

  self->depth--;
  indent (self, self->depth);
  g_string_append (self->out, "</section>");
  newline (self);
}

void
kz_rubric_writer_begin_criterion (KzRubricWriter                *self,
                                  const KzRubricWriterCriterion *c)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (c != NULL);

  blank_line (self);
  indent (self, self->depth);
  g_string_append (self->out, "<criterion");
  attr (self, "id", c->id != NULL ? c->id : "");
  attr_number (self, "weight", c->weight);
  if (c->na_policy != KZ_NA_EXCLUDE)
    attr (self, "na", kz_na_policy_to_string (c->na_policy));
  if (c->na_policy == KZ_NA_FIXED)
    attr_number (self, "na-value", c->na_value);
  if (!c->required)
    attr (self, "required", "false");
  if (c->critical != KZ_CRITICAL_NONE)
    attr (self, "critical", kz_critical_level_to_string (c->critical));
  if (c->critical != KZ_CRITICAL_NONE && c->has_fail_below)
    attr_number (self, "fail-below", c->fail_below);
  if (c->has_target)
    attr_number (self, "target", c->target);
  attr_links (self, "principles", c->principles);
  attr_links (self, "personas", c->personas);
  g_string_append_c (self->out, '>');
  newline (self);

  self->depth++;
  write_title (self, c->title);
  write_paragraphs (self, "guidance", c->guidance != NULL ? c->guidance : "");
}

void
kz_rubric_writer_end_criterion (KzRubricWriter *self)
{
  g_return_if_fail (self != NULL);

  self->depth--;
  indent (self, self->depth);
  g_string_append (self->out, "</criterion>");
  newline (self);
}

/* ---- a KzRubric ------------------------------------------------------------ */

static void
write_scale (KzRubricWriter *w,
             const KzScale  *scale,
             gboolean        shared)
{
  kz_rubric_writer_begin_scale (w, shared ? scale->id : NULL, scale->kind);
  for (guint i = 0; i < scale->points->len; i++)
    {
      const KzScalePoint *point = g_ptr_array_index (scale->points, i);

      kz_rubric_writer_add_point (w, scale->kind, point->value, point->label, point->guidance);
    }
  kz_rubric_writer_end_scale (w);
}

char *
kz_rubric_to_xml (KzRubric *rubric,
                  int       version)
{
  KzRubricWriter *w;
  gboolean any_shared = FALSE;

  g_return_val_if_fail (rubric != NULL, NULL);
  g_return_val_if_fail (version >= 0, NULL);

  w = kz_rubric_writer_new ();
  kz_rubric_writer_begin_rubric (w, rubric->id, version > 0 ? version : rubric->version,
                                 rubric->pass_mark, rubric->dispute_days,
                                 rubric->title, rubric->description);

  for (guint i = 0; i < rubric->scales->len; i++)
    {
      const KzScale *scale = g_ptr_array_index (rubric->scales, i);

      if (scale->id == NULL)
        continue;
      if (!any_shared)
        kz_rubric_writer_begin_scales (w);
      any_shared = TRUE;
      write_scale (w, scale, TRUE);
    }
  if (any_shared)
    kz_rubric_writer_end_scales (w);

  for (guint s = 0; s < rubric->sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (rubric->sections, s);

      kz_rubric_writer_begin_section (w, section->id, section->weight,
                                      (const char * const *) section->principles, section->title,
                                      section->description);
      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          KzRubricWriterCriterion attrs = {
            criterion->id, criterion->weight, criterion->na_policy, criterion->na_value,
            criterion->required, criterion->critical, criterion->has_fail_below,
            criterion->fail_below, criterion->title, criterion->guidance,
            criterion->has_target, criterion->target,
            (const char * const *) criterion->principles, (const char * const *) criterion->personas,
          };

          kz_rubric_writer_begin_criterion (w, &attrs);
          if (criterion->scale->id != NULL)
            kz_rubric_writer_add_scale_ref (w, criterion->scale->id);
          else
            write_scale (w, criterion->scale, FALSE);
          kz_rubric_writer_end_criterion (w);
        }
      kz_rubric_writer_end_section (w);
    }

  kz_rubric_writer_end_rubric (w);
  return kz_rubric_writer_finish (w);
}

gboolean
kz_rubric_write_file (KzRubric    *rubric,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *xml = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (rubric != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  xml = kz_rubric_to_xml (rubric, 0);
  file = g_file_new_for_path (path);
  if (!g_file_replace_contents (file, xml, strlen (xml), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &local_error))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, KZ_ERROR, KZ_ERROR_FAILED, _("Could not write %s: %s"),
                   name, local_error->message);
      return FALSE;
    }

  return TRUE;
}
