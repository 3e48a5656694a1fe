/* kz-rubric-loader.c — reading rubric files
 *
 * Rubric files come from outside (shared between teams, downloaded, written
 * by hand), so the loader treats every byte as hostile:
 *
 *  1. size and encoding: at most KZ_RUBRIC_MAX_SIZE bytes of UTF-8;
 *  2. XML parsing with no network access, no DTD loading and no entity
 *     substitution; a DOCTYPE stops the parser the moment it is seen, before
 *     any declaration in it is read, so external entities, parameter entities
 *     and "billion laughs" never get a chance;
 *  3. friendly checks of attribute values, so the common mistakes get a
 *     message a person can act on instead of the schema validator's;
 *  4. the RelaxNG schema compiled into this library (never an installed file);
 *  5. the checks a schema cannot make (unique ids, scale references, point
 *     order, thresholds), while the KzRubric is built.
 *
 * Every error is "FILE:LINE: message" in KZ_ERROR_INVALID_FILE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "kz-error.h"
#include "kz-rubric-private.h"
#include "kz-rubric-resources.h"

#define KZ_RUBRIC_NAMESPACE_BASE "https://kaizen-qa.org/ns/rubric/"
#define KZ_RUBRIC_MAX_ID_LENGTH 64

#if LIBXML_VERSION >= 21200
typedef const xmlError *KzXmlErrorPtr;
#else
typedef xmlError *KzXmlErrorPtr;
#endif

typedef struct {
  const char *display_name;
  GError     *error;         /* the first error; later ones are dropped */
  int         doctype_line;  /* > 0 once a DOCTYPE was seen */
} Loader;

static void
loader_fail_literal (Loader     *ld,
                     int         line,
                     const char *message)
{
  if (ld->error != NULL)
    return;

  if (line > 0)
    ld->error = g_error_new (KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s:%d: %s",
                             ld->display_name, line, message);
  else
    ld->error = g_error_new (KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s: %s",
                             ld->display_name, message);
}

G_GNUC_PRINTF (3, 4)
static gboolean
loader_fail (Loader     *ld,
             int         line,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  loader_fail_literal (ld, line, message);

  return FALSE;
}

static int
node_line (xmlNode *node)
{
  long line = xmlGetLineNo (node);

  return line > 0 && line <= G_MAXINT ? (int) line : 0;
}

static char *get_attr (xmlNode    *node,
                       const char *name);

/* ---- libxml2 callbacks ------------------------------------------------ */

static void
loader_take_xml_error (Loader       *ld,
                       KzXmlErrorPtr err)
{
  g_autofree char *message = NULL;
  int line;

  if (err == NULL || err->level < XML_ERR_ERROR)
    return;

  line = err->line;
  if (line <= 0 && err->node != NULL)
    line = node_line ((xmlNode *) err->node);

  message = g_strdup (err->message != NULL ? err->message : _("unknown XML error"));
  g_strstrip (message);

  /* Schema errors name an element but not where it is. */
  if (err->domain == XML_FROM_RELAXNGV && err->node != NULL &&
      ((xmlNode *) err->node)->parent != NULL &&
      ((xmlNode *) err->node)->parent->type == XML_ELEMENT_NODE)
    {
      xmlNode *parent = ((xmlNode *) err->node)->parent;
      g_autofree char *id = get_attr (parent, "id");
      char *with_context;

      if (id != NULL)
        with_context = g_strdup_printf (_("%s, inside <%s id=\"%s\">"),
                                        message, (const char *) parent->name, id);
      else
        with_context = g_strdup_printf (_("%s, inside <%s>"),
                                        message, (const char *) parent->name);
      g_free (message);
      message = with_context;
    }

  loader_fail_literal (ld, line, message);
}

static void
on_parser_error (void         *user_data,
                 KzXmlErrorPtr err)
{
  xmlParserCtxt *ctxt = user_data;

  loader_take_xml_error (ctxt->_private, err);
}

static void
on_validity_error (void         *user_data,
                   KzXmlErrorPtr err)
{
  loader_take_xml_error (user_data, err);
}

/* Called when the parser reaches "<!DOCTYPE", before it reads the internal
 * subset or any external one.  Stopping here means no entity is ever
 * declared, so none can be expanded or fetched. */
static void
on_doctype (void          *user_data,
            const xmlChar *name,
            const xmlChar *external_id,
            const xmlChar *system_id)
{
  xmlParserCtxt *ctxt = user_data;
  Loader *ld = ctxt->_private;

  ld->doctype_line = ctxt->input != NULL && ctxt->input->line > 0 ? ctxt->input->line : 1;
  xmlStopParser (ctxt);
}

/* ---- the schema --------------------------------------------------------- */

static xmlRelaxNG *
get_schema (void)
{
  static xmlRelaxNG *schema;

  if (g_once_init_enter (&schema))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      xmlRelaxNGParserCtxt *pctxt;
      xmlRelaxNG *compiled = NULL;
      gsize size = 0;
      const char *data;

      xmlInitParser ();

      bytes = g_resource_lookup_data (kz_rubric_get_resource (),
                                      KZ_RUBRIC_SCHEMA_RESOURCE,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        g_error ("The rubric schema is missing from the model library: %s", error->message);

      data = g_bytes_get_data (bytes, &size);
      pctxt = xmlRelaxNGNewMemParserCtxt (data, (int) size);
      compiled = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);

      if (compiled == NULL)
        g_error ("The rubric schema compiled into the model library is broken");

      g_once_init_leave (&schema, compiled);
    }

  return schema;
}

/* ---- lexical helpers -------------------------------------------------- */

static gboolean
is_xml_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* XML Schema "decimal": [+-]? digits with an optional fraction; no exponent,
 * no "inf", no "nan" — what a person writes, and what the schema accepts. */
static gboolean
parse_decimal (const char *text,
               double     *out)
{
  g_autofree char *copy = g_strdup (text);
  const char *p;
  gboolean digits = FALSE;
  double value;

  g_strstrip (copy);
  p = copy;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits || *p != '\0')
    return FALSE;

  value = g_ascii_strtod (copy, NULL);
  if (!isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

static gboolean
parse_integer (const char *text,
               gint64      min,
               gint64      max,
               int        *out)
{
  g_autofree char *copy = g_strdup (text);
  const char *p;
  gint64 value;

  g_strstrip (copy);
  p = copy;
  if (*p == '+')
    p++;

  if (!g_ascii_string_to_signed (p, 10, min, max, &value, NULL))
    return FALSE;

  *out = (int) value;
  return TRUE;
}

static gboolean
is_valid_id (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > KZ_RUBRIC_MAX_ID_LENGTH || !g_ascii_isalpha (text[0]))
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;

  return TRUE;
}

/* Titles and labels: one line, runs of white space made one space. */
char *
kz_rubric_collapse_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (is_xml_space (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Guidance and descriptions are indented to suit the XML around them: lines
 * are joined, and a blank line starts a new paragraph ("\n\n"). */
char *
kz_rubric_reflow_paragraphs (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  gboolean blank = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = kz_rubric_collapse_space (lines[i]);

      if (*line == '\0')
        {
          blank = TRUE;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, blank ? "\n\n" : " ");
      blank = FALSE;
      g_string_append (out, line);
    }

  return g_string_free (out, FALSE);
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup (content != NULL ? (const char *) content : "");

  xmlFree (content);
  return text;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static char *
get_token_attr (xmlNode    *node,
                const char *name)
{
  char *value = get_attr (node, name);

  return value != NULL ? g_strstrip (value) : NULL;
}

static gboolean
is_ours (xmlNode    *node,
         const char *name)
{
  return node != NULL &&
         node->type == XML_ELEMENT_NODE &&
         node->ns != NULL &&
         g_strcmp0 ((const char *) node->ns->href, KZ_RUBRIC_NAMESPACE) == 0 &&
         (name == NULL || g_strcmp0 ((const char *) node->name, name) == 0);
}

static xmlNode *
first_child (xmlNode    *node,
             const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_ours (child, name))
      return child;

  return NULL;
}

static guint
count_children (xmlNode    *node,
                const char *name)
{
  guint n = 0;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_ours (child, name))
      n++;

  return n;
}

static gboolean
parse_scale_kind (const char  *text,
                  KzScaleKind *kind)
{
  if (g_strcmp0 (text, "binary") == 0)
    *kind = KZ_SCALE_KIND_BINARY;
  else if (g_strcmp0 (text, "ordinal") == 0)
    *kind = KZ_SCALE_KIND_ORDINAL;
  else if (g_strcmp0 (text, "labelled") == 0)
    *kind = KZ_SCALE_KIND_LABELLED;
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_na_policy (const char *text,
                 KzNaPolicy *policy)
{
  if (g_strcmp0 (text, "exclude") == 0)
    *policy = KZ_NA_EXCLUDE;
  else if (g_strcmp0 (text, "pass") == 0)
    *policy = KZ_NA_PASS;
  else if (g_strcmp0 (text, "fixed") == 0)
    *policy = KZ_NA_FIXED;
  else if (g_strcmp0 (text, "forbidden") == 0)
    *policy = KZ_NA_FORBIDDEN;
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_critical (const char      *text,
                KzCriticalLevel *level)
{
  if (g_strcmp0 (text, "none") == 0)
    *level = KZ_CRITICAL_NONE;
  else if (g_strcmp0 (text, "section") == 0)
    *level = KZ_CRITICAL_SECTION;
  else if (g_strcmp0 (text, "form") == 0)
    *level = KZ_CRITICAL_FORM;
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_boolean (const char *text,
               gboolean   *out)
{
  if (g_strcmp0 (text, "true") == 0)
    *out = TRUE;
  else if (g_strcmp0 (text, "false") == 0)
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* ---- step 3: attribute values, with messages a person can act on ------ */

static gboolean
check_id_attr (Loader     *ld,
               xmlNode    *node,
               gboolean    required)
{
  g_autofree char *id = get_attr (node, "id");

  if (id == NULL)
    {
      if (!required)
        return TRUE;
      return loader_fail (ld, node_line (node),
                          _("<%s> needs an id attribute"), (const char *) node->name);
    }

  if (!is_valid_id (id))
    return loader_fail (ld, node_line (node),
                        _("id=\"%s\" is not a valid id: an id starts with a letter, "
                          "then has only letters, digits, “-”, “_” or “.”, "
                          "at most %d characters"),
                        id, KZ_RUBRIC_MAX_ID_LENGTH);

  return TRUE;
}

static gboolean
check_number_attr (Loader     *ld,
                   xmlNode    *node,
                   const char *name,
                   gboolean    required)
{
  g_autofree char *text = get_attr (node, name);
  double value;

  if (text == NULL)
    {
      if (!required)
        return TRUE;
      return loader_fail (ld, node_line (node),
                          _("<%s> needs a %s attribute"), (const char *) node->name, name);
    }

  if (!parse_decimal (text, &value))
    return loader_fail (ld, node_line (node),
                        _("%s=\"%s\" is not a number: write it like 3, 2.5 or -1"),
                        name, text);

  return TRUE;
}

/* principles="own-it effortless", personas="…": a list of ids, each once
 * (they name CX principles and personas of the organisation, kz-cx.h,
 * which a rubric file cannot check exist). */
static gboolean
check_links_attr (Loader     *ld,
                  xmlNode    *node,
                  const char *name)
{
  g_autofree char *text = get_attr (node, name);
  g_auto(GStrv) ids = NULL;

  if (text == NULL)
    return TRUE;
  ids = g_strsplit_set (g_strstrip (text), " \t\r\n", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (*ids[i] == '\0')
        continue;
      if (!is_valid_id (ids[i]))
        return loader_fail (ld, node_line (node),
                            _("%s=\"…\" on <%s>: “%s” is not a valid id: ids are separated by spaces, each "
                              "starts with a letter, then has only letters, digits, “-”, “_” or “.”"),
                            name, (const char *) node->name, ids[i]);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (ids[i], ids[j]))
          return loader_fail (ld, node_line (node), _("%s=\"…\" on <%s> names “%s” twice"),
                              name, (const char *) node->name, ids[i]);
    }
  return TRUE;
}

/* The ids of a links attribute, in order, empty ones dropped (never NULL). */
static GStrv
parse_links_attr (xmlNode    *node,
                  const char *name)
{
  g_autofree char *text = get_attr (node, name);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (text != NULL)
    {
      g_auto(GStrv) ids = g_strsplit_set (text, " \t\r\n", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        if (*ids[i] != '\0')
          g_strv_builder_add (b, ids[i]);
    }
  return g_strv_builder_end (b);
}

static gboolean
check_weight_attr (Loader  *ld,
                   xmlNode *node)
{
  g_autofree char *text = get_attr (node, "weight");
  double weight;

  if (text == NULL)
    return TRUE;

  if (!parse_decimal (text, &weight) || weight <= 0.0)
    return loader_fail (ld, node_line (node),
                        _("weight=\"%s\" on <%s>: a weight must be a number greater than 0, "
                          "such as 1, 2 or 0.5"),
                        text, (const char *) node->name);

  return TRUE;
}

static gboolean
check_rubric_attrs (Loader  *ld,
                    xmlNode *node)
{
  g_autofree char *version = get_attr (node, "version");
  g_autofree char *pass_mark = get_attr (node, "pass-mark");
  g_autofree char *dispute_days = get_attr (node, "dispute-days");
  g_autofree char *max_disputes = get_attr (node, "max-disputes");
  double d;
  int i;

  if (!check_id_attr (ld, node, TRUE))
    return FALSE;

  if (version == NULL)
    return loader_fail (ld, node_line (node),
                        _("<rubric> needs a version attribute: version=\"1\" for a new rubric"));
  if (!parse_integer (version, G_MININT, G_MAXINT, &i) || i < 1)
    return loader_fail (ld, node_line (node),
                        _("version=\"%s\": the version must be a whole number, 1 or more"),
                        version);

  if (pass_mark != NULL && (!parse_decimal (pass_mark, &d) || d < 0.0 || d > 100.0))
    return loader_fail (ld, node_line (node),
                        _("pass-mark=\"%s\": the pass mark must be a number from 0 to 100"),
                        pass_mark);

  if (dispute_days != NULL && !parse_integer (dispute_days, 0, 365, &i))
    return loader_fail (ld, node_line (node),
                        _("dispute-days=\"%s\": must be a whole number of days from 0 to 365"),
                        dispute_days);

  if (max_disputes != NULL && !parse_integer (max_disputes, 0, 20, &i))
    return loader_fail (ld, node_line (node),
                        _("max-disputes=\"%s\": must be a whole number of disputes from 0 to 20"),
                        max_disputes);

  return TRUE;
}

static gboolean
check_criterion_attrs (Loader  *ld,
                       xmlNode *node)
{
  g_autofree char *na = get_token_attr (node, "na");
  g_autofree char *required = get_token_attr (node, "required");
  g_autofree char *critical = get_token_attr (node, "critical");
  KzNaPolicy policy;
  KzCriticalLevel level;
  gboolean b;

  if (!check_id_attr (ld, node, TRUE) ||
      !check_weight_attr (ld, node) ||
      !check_links_attr (ld, node, "principles") ||
      !check_links_attr (ld, node, "personas") ||
      !check_number_attr (ld, node, "na-value", FALSE) ||
      !check_number_attr (ld, node, "fail-below", FALSE))
    return FALSE;

  {
    g_autofree char *target = get_attr (node, "target");
    double d;

    if (target != NULL && (!parse_decimal (target, &d) || d < 0.0 || d > 100.0))
      return loader_fail (ld, node_line (node),
                          _("target=\"%s\": a criterion's target must be a number from 0 to 100"),
                          target);
  }

  if (na != NULL && !parse_na_policy (na, &policy))
    return loader_fail (ld, node_line (node),
                        _("na=\"%s\" is not an N/A policy: use exclude, pass, fixed or forbidden"),
                        na);

  if (required != NULL && !parse_boolean (required, &b))
    return loader_fail (ld, node_line (node),
                        _("required=\"%s\": use required=\"true\" or required=\"false\""),
                        required);

  if (critical != NULL && !parse_critical (critical, &level))
    return loader_fail (ld, node_line (node),
                        _("critical=\"%s\" is not a critical level: use none, section or form"),
                        critical);

  return TRUE;
}

static gboolean
check_scale_attrs (Loader  *ld,
                   xmlNode *node)
{
  g_autofree char *kind_text = get_token_attr (node, "kind");
  g_autofree char *ref = get_attr (node, "ref");
  gboolean shared = is_ours (node->parent, "scales");
  KzScaleKind kind;
  guint n_points;

  if (!check_id_attr (ld, node, shared))
    return FALSE;

  if (ref != NULL)
    {
      if (!is_valid_id (ref))
        return loader_fail (ld, node_line (node),
                            _("ref=\"%s\" is not a valid scale id"), ref);
      /* Anything else on a reference is the schema's to report. */
      return TRUE;
    }

  if (kind_text == NULL)
    return loader_fail (ld, node_line (node),
                        shared
                        ? _("<scale> needs a kind attribute: binary, ordinal or labelled")
                        : _("<scale> needs either ref=\"…\" naming a scale in <scales>, "
                            "or a kind attribute (binary, ordinal or labelled) and its points"));

  if (!parse_scale_kind (kind_text, &kind))
    return loader_fail (ld, node_line (node),
                        _("kind=\"%s\" is not a scale kind: use binary, ordinal or labelled"),
                        kind_text);

  n_points = count_children (node, "point");
  if (n_points < 2)
    return loader_fail (ld, node_line (node),
                        _("a scale needs at least 2 points; this one has %u"), n_points);
  if (kind == KZ_SCALE_KIND_BINARY && n_points != 2)
    return loader_fail (ld, node_line (node),
                        _("a binary scale has exactly 2 points; this one has %u "
                          "(use kind=\"ordinal\" or kind=\"labelled\" for more)"),
                        n_points);

  return TRUE;
}

static gboolean
check_point_attrs (Loader  *ld,
                   xmlNode *node)
{
  g_autofree char *label = get_attr (node, "label");
  g_autofree char *kind = is_ours (node->parent, "scale")
                          ? get_token_attr (node->parent, "kind") : NULL;

  if (!check_number_attr (ld, node, "value", TRUE))
    return FALSE;

  if (label == NULL)
    {
      if (g_strcmp0 (kind, "binary") == 0 || g_strcmp0 (kind, "labelled") == 0)
        return loader_fail (ld, node_line (node),
                            _("every point on a %s scale needs a label, e.g. label=\"Yes\""),
                            kind);
    }
  else
    {
      g_autofree char *collapsed = kz_rubric_collapse_space (label);

      if (*collapsed == '\0')
        return loader_fail (ld, node_line (node), _("the point's label is empty"));
    }

  return TRUE;
}

/* The children every element must have, with a message that says which is
 * missing (the schema validator only says what it did not expect). */
static gboolean
check_required_children (Loader  *ld,
                         xmlNode *node)
{
  static const struct {
    const char *parent;
    const char *child;
  } required[] = {
    { "rubric", "title" },
    { "rubric", "section" },
    { "section", "title" },
    { "section", "criterion" },
    { "criterion", "title" },
    { "criterion", "guidance" },
    { "criterion", "scale" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autofree char *id = NULL;

      if (!is_ours (node, required[i].parent) || first_child (node, required[i].child) != NULL)
        continue;

      id = get_attr (node, "id");
      return loader_fail (ld, node_line (node),
                          _("<%s id=\"%s\"> has no <%s>: see the rubric format in "
                            "kaizen-rubric.rng for what it must contain"),
                          required[i].parent, id != NULL ? id : "",
                          required[i].child);
    }

  return TRUE;
}

static gboolean
check_attributes (Loader  *ld,
                  xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      gboolean ok = TRUE;

      if (!is_ours (node, NULL))
        continue;

      if (is_ours (node, "rubric"))
        ok = check_rubric_attrs (ld, node);
      else if (is_ours (node, "section"))
        ok = check_id_attr (ld, node, TRUE) && check_weight_attr (ld, node) &&
             check_links_attr (ld, node, "principles");
      else if (is_ours (node, "criterion"))
        ok = check_criterion_attrs (ld, node);
      else if (is_ours (node, "scale"))
        ok = check_scale_attrs (ld, node);
      else if (is_ours (node, "point"))
        ok = check_point_attrs (ld, node);
      else if (is_ours (node, "title"))
        {
          g_autofree char *text = node_text (node);
          g_autofree char *collapsed = kz_rubric_collapse_space (text);

          if (*collapsed == '\0')
            ok = loader_fail (ld, node_line (node), _("the title is empty"));
        }

      if (!ok || !check_required_children (ld, node) || !check_attributes (ld, node->children))
        return FALSE;
    }

  return TRUE;
}

/* ---- step 5: build the rubric, with the checks a schema cannot make ---- */

typedef struct {
  Loader     *ld;
  KzRubric   *rubric;
  GHashTable *scale_ids;      /* id → KzScale* (owned by the rubric) */
  GHashTable *scale_lines;    /* id → line */
  GHashTable *section_lines;  /* id → line */
  GHashTable *criterion_lines;/* id → line */
} Builder;

static KzScale *
build_scale (Builder *b,
             xmlNode *node)
{
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *kind_text = get_token_attr (node, "kind");
  g_autoptr(KzScale) scale = NULL;
  KzScaleKind kind;

  if (!parse_scale_kind (kind_text, &kind))
    g_assert_not_reached ();  /* checked in step 3 */

  scale = kz_scale_new (id, kind);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *value_text = NULL;
      g_autofree char *label_text = NULL;
      g_autofree char *label = NULL;
      g_autofree char *guidance = NULL;
      xmlNode *guidance_node;
      double value;

      if (!is_ours (child, "point"))
        continue;

      value_text = get_attr (child, "value");
      if (!parse_decimal (value_text, &value))
        g_assert_not_reached ();  /* checked in step 3 */

      if (scale->points->len > 0)
        {
          double previous = kz_scale_get_max (scale);

          if (value <= previous + KZ_RUBRIC_EPSILON)
            {
              loader_fail (b->ld, node_line (child),
                           _("point value=\"%s\" is not greater than the point before it (%g): "
                             "list the points from lowest to highest, each value once"),
                           value_text, previous);
              return NULL;
            }
        }

      label_text = get_attr (child, "label");
      if (label_text != NULL)
        label = kz_rubric_collapse_space (label_text);
      else
        {
          /* Ordinal points may leave the label out: it is the number. */
          label = kz_rubric_collapse_space (value_text);
        }

      guidance_node = first_child (child, "guidance");
      if (guidance_node != NULL)
        {
          g_autofree char *text = node_text (guidance_node);

          guidance = kz_rubric_reflow_paragraphs (text);
        }

      kz_scale_add_point (scale, value, label, guidance);
    }

  return g_steal_pointer (&scale);
}

typedef enum {
  ID_SECTION,
  ID_CRITERION,
  ID_SCALE,
} IdKind;

static gboolean
check_unique (Builder    *b,
              GHashTable *lines,
              IdKind      kind,
              const char *id,
              int         line)
{
  gpointer first;

  if (!g_hash_table_lookup_extended (lines, id, NULL, &first))
    {
      g_hash_table_insert (lines, g_strdup (id), GINT_TO_POINTER (line));
      return TRUE;
    }

  switch (kind)
    {
    case ID_SECTION:
      return loader_fail (b->ld, line,
                          _("duplicate section id “%s”: it is already used on line %d; "
                            "every section needs its own id"),
                          id, GPOINTER_TO_INT (first));
    case ID_CRITERION:
      return loader_fail (b->ld, line,
                          _("duplicate criterion id “%s”: it is already used on line %d; "
                            "every criterion in the rubric needs its own id"),
                          id, GPOINTER_TO_INT (first));
    case ID_SCALE:
      return loader_fail (b->ld, line,
                          _("duplicate scale id “%s”: it is already used on line %d; "
                            "every shared scale needs its own id"),
                          id, GPOINTER_TO_INT (first));
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_criterion (Builder     *b,
                 KzCriterion *criterion,
                 const char  *na_value_text,
                 const char  *fail_below_text)
{
  double min = kz_scale_get_min (criterion->scale);
  double max = kz_scale_get_max (criterion->scale);
  int line = criterion->line;

  if (criterion->has_fail_below)
    {
      if (criterion->critical == KZ_CRITICAL_NONE)
        return loader_fail (b->ld, line,
                            _("fail-below is only used on a critical criterion: add "
                              "critical=\"section\" or critical=\"form\", or remove fail-below"));

      if (criterion->fail_below <= min + KZ_RUBRIC_EPSILON)
        return loader_fail (b->ld, line,
                            _("fail-below=\"%s\" is not above the lowest point of the scale (%g), "
                              "so this critical criterion could never fail: raise it, or "
                              "remove it to fail only on the lowest point"),
                            fail_below_text, min);

      if (criterion->fail_below > max + KZ_RUBRIC_EPSILON)
        return loader_fail (b->ld, line,
                            _("fail-below=\"%s\" is above the highest point of the scale (%g), "
                              "so every answer would fail: lower it to %g or less"),
                            fail_below_text, max, max);
    }

  if (criterion->na_policy == KZ_NA_FIXED)
    {
      if (na_value_text == NULL)
        return loader_fail (b->ld, line,
                            _("na=\"fixed\" needs an na-value: the value an N/A answer "
                              "counts as, from %g to %g"),
                            min, max);

      if (criterion->na_value < min - KZ_RUBRIC_EPSILON ||
          criterion->na_value > max + KZ_RUBRIC_EPSILON)
        return loader_fail (b->ld, line,
                            _("na-value=\"%s\" is outside the scale, which runs from %g to %g"),
                            na_value_text, min, max);

      if (kz_criterion_value_fails (criterion, criterion->na_value))
        return loader_fail (b->ld, line,
                            _("na-value=\"%s\" would itself fail this critical criterion, so "
                              "answering N/A would fail the review: choose a higher na-value "
                              "or another N/A policy"),
                            na_value_text);
    }
  else if (na_value_text != NULL)
    {
      return loader_fail (b->ld, line,
                          _("na-value is only used with na=\"fixed\" (this criterion has "
                            "na=\"%s\"): remove na-value or set na=\"fixed\""),
                          kz_na_policy_to_string (criterion->na_policy));
    }

  return TRUE;
}

static KzCriterion *
build_criterion (Builder *b,
                 xmlNode *node)
{
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *weight = get_attr (node, "weight");
  g_autofree char *na = get_token_attr (node, "na");
  g_autofree char *na_value = get_attr (node, "na-value");
  g_autofree char *required = get_token_attr (node, "required");
  g_autofree char *critical = get_token_attr (node, "critical");
  g_autofree char *fail_below = get_attr (node, "fail-below");
  g_autofree char *target = get_attr (node, "target");
  g_autofree char *title = NULL;
  g_autofree char *guidance = NULL;
  g_autoptr(KzCriterion) criterion = NULL;
  xmlNode *scale_node;
  KzScale *scale = NULL;
  int line = node_line (node);

  if (!check_unique (b, b->criterion_lines, ID_CRITERION, id, line))
    return NULL;

  scale_node = first_child (node, "scale");
  g_assert (scale_node != NULL);  /* the schema requires one */

  if (xmlHasNsProp (scale_node, (const xmlChar *) "ref", NULL) != NULL)
    {
      g_autofree char *ref = get_attr (scale_node, "ref");

      scale = g_hash_table_lookup (b->scale_ids, ref);
      if (scale == NULL)
        {
          loader_fail (b->ld, node_line (scale_node),
                       _("criterion “%s” uses scale “%s”, which is not defined: "
                         "add <scale id=\"%s\" kind=\"…\"> to <scales>, or fix the ref"),
                       id, ref, ref);
          return NULL;
        }
    }
  else
    {
      scale = build_scale (b, scale_node);
      if (scale == NULL)
        return NULL;
      kz_rubric_add_scale (b->rubric, scale);
    }

  {
    g_autofree char *text = node_text (first_child (node, "title"));

    title = kz_rubric_collapse_space (text);
  }
  {
    g_autofree char *text = node_text (first_child (node, "guidance"));

    guidance = kz_rubric_reflow_paragraphs (text);
  }

  criterion = kz_criterion_new (id, title, scale);
  criterion->guidance = g_steal_pointer (&guidance);
  criterion->line = line;
  g_strfreev (criterion->principles);
  criterion->principles = parse_links_attr (node, "principles");
  g_strfreev (criterion->personas);
  criterion->personas = parse_links_attr (node, "personas");

  /* Values were checked in step 3. */
  if (weight != NULL)
    parse_decimal (weight, &criterion->weight);
  if (na != NULL)
    parse_na_policy (na, &criterion->na_policy);
  if (na_value != NULL)
    parse_decimal (na_value, &criterion->na_value);
  if (required != NULL)
    parse_boolean (required, &criterion->required);
  if (critical != NULL)
    parse_critical (critical, &criterion->critical);
  if (fail_below != NULL)
    criterion->has_fail_below = parse_decimal (fail_below, &criterion->fail_below);
  if (target != NULL)
    criterion->has_target = parse_decimal (target, &criterion->target);

  if (!check_criterion (b, criterion, na_value, fail_below))
    return NULL;

  return g_steal_pointer (&criterion);
}

static KzSection *
build_section (Builder *b,
               xmlNode *node)
{
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *weight = get_attr (node, "weight");
  g_autofree char *title_text = node_text (first_child (node, "title"));
  g_autofree char *title = kz_rubric_collapse_space (title_text);
  g_autoptr(KzSection) section = NULL;
  xmlNode *description;

  if (!check_unique (b, b->section_lines, ID_SECTION, id, node_line (node)))
    return NULL;

  section = kz_section_new (id, title);
  if (weight != NULL)
    parse_decimal (weight, &section->weight);
  g_strfreev (section->principles);
  section->principles = parse_links_attr (node, "principles");

  description = first_child (node, "description");
  if (description != NULL)
    {
      g_autofree char *text = node_text (description);

      section->description = kz_rubric_reflow_paragraphs (text);
    }

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      KzCriterion *criterion;

      if (!is_ours (child, "criterion"))
        continue;

      criterion = build_criterion (b, child);
      if (criterion == NULL)
        return NULL;
      kz_section_add_criterion (section, criterion);
    }

  return g_steal_pointer (&section);
}

static KzRubric *
build_rubric (Loader  *ld,
              xmlNode *root)
{
  g_autoptr(KzRubric) rubric = kz_rubric_new ();
  g_autoptr(GHashTable) scale_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) scale_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) section_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) criterion_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *version = get_attr (root, "version");
  g_autofree char *pass_mark = get_attr (root, "pass-mark");
  g_autofree char *dispute_days = get_attr (root, "dispute-days");
  g_autofree char *max_disputes = get_attr (root, "max-disputes");
  Builder b = { ld, rubric, scale_ids, scale_lines, section_lines, criterion_lines };
  xmlNode *scales;
  xmlNode *description;

  rubric->id = get_attr (root, "id");
  parse_integer (version, 1, G_MAXINT, &rubric->version);
  if (pass_mark != NULL)
    parse_decimal (pass_mark, &rubric->pass_mark);
  if (dispute_days != NULL)
    parse_integer (dispute_days, 0, 365, &rubric->dispute_days);
  if (max_disputes != NULL)
    parse_integer (max_disputes, 0, 20, &rubric->max_disputes);

  {
    g_autofree char *text = node_text (first_child (root, "title"));

    rubric->title = kz_rubric_collapse_space (text);
  }

  description = first_child (root, "description");
  if (description != NULL)
    {
      g_autofree char *text = node_text (description);

      rubric->description = kz_rubric_reflow_paragraphs (text);
    }

  scales = first_child (root, "scales");
  if (scales != NULL)
    {
      for (xmlNode *child = scales->children; child != NULL; child = child->next)
        {
          g_autofree char *id = NULL;
          KzScale *scale;

          if (!is_ours (child, "scale"))
            continue;

          id = get_attr (child, "id");
          if (!check_unique (&b, scale_lines, ID_SCALE, id, node_line (child)))
            return NULL;

          scale = build_scale (&b, child);
          if (scale == NULL)
            return NULL;

          kz_rubric_add_scale (rubric, scale);
          g_hash_table_insert (scale_ids, scale->id, scale);
        }
    }

  for (xmlNode *child = root->children; child != NULL; child = child->next)
    {
      KzSection *section;

      if (!is_ours (child, "section"))
        continue;

      section = build_section (&b, child);
      if (section == NULL)
        return NULL;
      kz_rubric_add_section (rubric, section);
    }

  return g_steal_pointer (&rubric);
}

/* "4.0 MiB (4194305 bytes)": near the limit the bytes tell the sizes apart. */
static char *
format_size (guint64 size)
{
  return g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
}

/* ---- steps 1, 2 and 4 -------------------------------------------------- */

static int
line_at (const char *data,
         const char *end)
{
  int line = 1;

  for (const char *p = data; p < end; p++)
    if (*p == '\n')
      line++;

  return line;
}

static gboolean
check_root (Loader  *ld,
            xmlNode *root)
{
  const char *href = root->ns != NULL ? (const char *) root->ns->href : NULL;
  const char *name = (const char *) root->name;

  if (g_strcmp0 (href, KZ_RUBRIC_NAMESPACE) == 0 && g_strcmp0 (name, "rubric") == 0)
    return TRUE;

  if (g_strcmp0 (name, "rubric") == 0 && href == NULL)
    return loader_fail (ld, node_line (root),
                        _("the <rubric> element has no namespace: write "
                          "<rubric xmlns=\"%s\" …>"),
                        KZ_RUBRIC_NAMESPACE);

  if (g_strcmp0 (name, "rubric") == 0 && g_str_has_prefix (href, KZ_RUBRIC_NAMESPACE_BASE))
    return loader_fail (ld, node_line (root),
                        _("this rubric is written in format “%s”, which this version of "
                          "Kaizen cannot read (it reads xmlns=\"%s\"); update Kaizen"),
                        href + strlen (KZ_RUBRIC_NAMESPACE_BASE), KZ_RUBRIC_NAMESPACE);

  return loader_fail (ld, node_line (root),
                      _("this is not a Kaizen rubric: the root element is <%s>, "
                        "expected <rubric xmlns=\"%s\">"),
                      name, KZ_RUBRIC_NAMESPACE);
}

static gboolean
validate (Loader *ld,
          xmlDoc *doc)
{
  xmlRelaxNGValidCtxt *vctxt = xmlRelaxNGNewValidCtxt (get_schema ());
  int result;

  xmlRelaxNGSetValidStructuredErrors (vctxt, on_validity_error, ld);
  result = xmlRelaxNGValidateDoc (vctxt, doc);
  xmlRelaxNGFreeValidCtxt (vctxt);

  if (result != 0)
    {
      if (ld->error == NULL)
        loader_fail (ld, 0, _("the file does not follow the rubric schema"));
      return FALSE;
    }

  return TRUE;
}

static xmlDoc *
parse (Loader     *ld,
       const char *data,
       gsize       length)
{
  xmlParserCtxt *ctxt;
  xmlDoc *doc;

  get_schema ();  /* initialises libxml2 once */

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      loader_fail (ld, 0, _("out of memory"));
      return NULL;
    }

  ctxt->_private = ld;
  ctxt->sax->internalSubset = on_doctype;
  ctxt->sax->serror = on_parser_error;
  ctxt->sax->initialized = XML_SAX2_MAGIC;

  /* No network, no DTD, no entity substitution; encoding forced to the
   * UTF-8 checked above whatever the declaration says. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_BIG_LINES);

  if (ld->doctype_line > 0)
    {
      g_clear_error (&ld->error);
      loader_fail (ld, ld->doctype_line,
                   _("document type declarations are not allowed in rubric files: "
                     "remove the <!DOCTYPE …> and any entities it declares"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc == NULL || !ctxt->wellFormed)
    {
      if (ld->error == NULL)
        loader_fail (ld, 0, _("the file is not well-formed XML"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  xmlFreeParserCtxt (ctxt);

  return doc;
}

KzRubric *
kz_rubric_load_data (const char  *data,
                     gsize        length,
                     const char  *display_name,
                     GError     **error)
{
  Loader ld = { display_name != NULL ? display_name : "(rubric)", NULL, 0 };
  g_autoptr(KzRubric) rubric = NULL;
  const char *bad = NULL;
  xmlDoc *doc;
  xmlNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";

  if (length > KZ_RUBRIC_MAX_SIZE)
    {
      g_autofree char *size = format_size (length);
      g_autofree char *max = format_size (KZ_RUBRIC_MAX_SIZE);

      loader_fail (&ld, 0, _("the file is too large (%s): a rubric file may be at most %s"),
                   size, max);
      g_propagate_error (error, ld.error);
      return NULL;
    }

  if (!g_utf8_validate (data, length, &bad))
    {
      if (*bad == '\0')
        loader_fail (&ld, line_at (data, bad),
                     _("the file contains a NUL byte: a rubric file is UTF-8 text"));
      else
        loader_fail (&ld, line_at (data, bad),
                     _("the file is not valid UTF-8: save it as UTF-8 text"));
      g_propagate_error (error, ld.error);
      return NULL;
    }

  doc = parse (&ld, data, length);
  if (doc == NULL)
    {
      g_propagate_error (error, ld.error);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (root != NULL &&
      check_root (&ld, root) &&
      check_attributes (&ld, root) &&
      validate (&ld, doc))
    rubric = build_rubric (&ld, root);

  xmlFreeDoc (doc);

  if (rubric == NULL)
    {
      if (ld.error == NULL)
        loader_fail (&ld, 0, _("the file is not a valid rubric"));
      g_propagate_error (error, ld.error);
      return NULL;
    }

  g_assert (ld.error == NULL);
  kz_rubric_set_source (rubric, data, length);

  return g_steal_pointer (&rubric);
}

KzRubric *
kz_rubric_load_file (const char  *path,
                     GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *buffer = NULL;
  Loader ld = { NULL, NULL, 0 };
  goffset size;
  gsize n_read = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);
  ld.display_name = display_name;
  file = g_file_new_for_path (path);

  /* Look before opening: opening a FIFO would block, /dev/zero never ends. */
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    {
      g_clear_object (&info);
      stream = g_file_read (file, NULL, &local_error);
      if (stream != NULL)
        info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                               G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                               NULL, &local_error);
    }

  if (info == NULL)
    {
      loader_fail (&ld, 0, _("could not read the file: %s"), local_error->message);
      g_propagate_error (error, ld.error);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      loader_fail (&ld, 0, _("not a regular file: a rubric is an .xml file"));
      g_propagate_error (error, ld.error);
      return NULL;
    }

  size = g_file_info_get_size (info);
  if (size < 0 || size > KZ_RUBRIC_MAX_SIZE)
    {
      g_autofree char *size_text = format_size (MAX (size, 0));
      g_autofree char *max = format_size (KZ_RUBRIC_MAX_SIZE);

      loader_fail (&ld, 0, _("the file is too large (%s): a rubric file may be at most %s"),
                   size_text, max);
      g_propagate_error (error, ld.error);
      return NULL;
    }

  /* One byte more than expected tells a file that grew while we read it. */
  buffer = g_malloc ((gsize) size + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, (gsize) size + 1,
                                &n_read, NULL, &local_error))
    {
      loader_fail (&ld, 0, _("could not read the file: %s"), local_error->message);
      g_propagate_error (error, ld.error);
      return NULL;
    }

  if (n_read > (gsize) size)
    {
      loader_fail (&ld, 0, _("the file changed while it was being read; try again"));
      g_propagate_error (error, ld.error);
      return NULL;
    }

  return kz_rubric_load_data (buffer, n_read, display_name, error);
}
