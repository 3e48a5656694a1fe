/* kz-evaluation-row.c — one line of the evaluations table, as a GObject
 *
 * Wraps a KzEvaluationSummary so GtkColumnView cells and sorters can reach
 * its fields as properties.  Immutable: a reload makes new rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-evaluation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-evaluation-row.h"
#include "kz-score.h"

struct _KzEvaluationRow
{
  GObject  parent_instance;

  gint64   id;
  gint64   date;
  char    *date_text;
  char    *agent;
  char    *reviewer;
  char    *rubric;
  char    *subject;
  char    *channel;
  gboolean has_score;
  double   score;
  char    *score_text;
  gboolean pass;
  char    *pass_text;
  char    *state;
  gboolean submitted;
  char    *agent_status;
};

G_DEFINE_FINAL_TYPE (KzEvaluationRow, kz_evaluation_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATE,
  PROP_DATE_TEXT,
  PROP_AGENT,
  PROP_REVIEWER,
  PROP_RUBRIC,
  PROP_SUBJECT,
  PROP_CHANNEL,
  PROP_HAS_SCORE,
  PROP_SCORE,
  PROP_SCORE_TEXT,
  PROP_PASS,
  PROP_PASS_TEXT,
  PROP_PASS_CLASSES,
  PROP_STATE,
  PROP_SUBMITTED,
  PROP_AGENT_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kz_evaluation_row_finalize (GObject *object)
{
  KzEvaluationRow *self = KZ_EVALUATION_ROW (object);

  g_free (self->date_text);
  g_free (self->agent);
  g_free (self->reviewer);
  g_free (self->rubric);
  g_free (self->subject);
  g_free (self->channel);
  g_free (self->score_text);
  g_free (self->pass_text);
  g_free (self->state);
  g_free (self->agent_status);

  G_OBJECT_CLASS (kz_evaluation_row_parent_class)->finalize (object);
}

static void
kz_evaluation_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KzEvaluationRow *self = KZ_EVALUATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_DATE:
      g_value_set_int64 (value, self->date);
      break;
    case PROP_DATE_TEXT:
      g_value_set_string (value, self->date_text);
      break;
    case PROP_AGENT:
      g_value_set_string (value, self->agent);
      break;
    case PROP_REVIEWER:
      g_value_set_string (value, self->reviewer);
      break;
    case PROP_RUBRIC:
      g_value_set_string (value, self->rubric);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_HAS_SCORE:
      g_value_set_boolean (value, self->has_score);
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;
    case PROP_SCORE_TEXT:
      g_value_set_string (value, self->score_text);
      break;
    case PROP_PASS:
      g_value_set_boolean (value, self->pass);
      break;
    case PROP_PASS_TEXT:
      g_value_set_string (value, self->pass_text);
      break;
    case PROP_PASS_CLASSES:
      {
        const char *classes[] = { NULL, "numeric", NULL };

        if (!self->has_score)
          classes[0] = "dim-label";
        else
          classes[0] = self->pass ? "success" : "error";
        g_value_set_boxed (value, classes);
      }
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_SUBMITTED:
      g_value_set_boolean (value, self->submitted);
      break;
    case PROP_AGENT_STATUS:
      g_value_set_string (value, self->agent_status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_evaluation_row_class_init (KzEvaluationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kz_evaluation_row_finalize;
  object_class->get_property = kz_evaluation_row_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* Unix time, for sorting */
  properties[PROP_DATE] =
    g_param_spec_int64 ("date", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_DATE_TEXT] =
    g_param_spec_string ("date-text", NULL, NULL, NULL, flags);
  properties[PROP_AGENT] =
    g_param_spec_string ("agent", NULL, NULL, NULL, flags);
  properties[PROP_REVIEWER] =
    g_param_spec_string ("reviewer", NULL, NULL, NULL, flags);
  properties[PROP_RUBRIC] =
    g_param_spec_string ("rubric", NULL, NULL, NULL, flags);
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, NULL, flags);
  properties[PROP_HAS_SCORE] =
    g_param_spec_boolean ("has-score", NULL, NULL, FALSE, flags);
  /* The stored final score, 0–100; -1 when has-score is FALSE, so rows
   * without a score sort together below every scored row. */
  properties[PROP_SCORE] =
    g_param_spec_double ("score", NULL, NULL, -1.0, 100.0, -1.0, flags);
  properties[PROP_SCORE_TEXT] =
    g_param_spec_string ("score-text", NULL, NULL, NULL, flags);
  properties[PROP_PASS] =
    g_param_spec_boolean ("pass", NULL, NULL, FALSE, flags);
  properties[PROP_PASS_TEXT] =
    g_param_spec_string ("pass-text", NULL, NULL, NULL, flags);
  /* Style classes for the Pass cell: success, error or dim-label */
  properties[PROP_PASS_CLASSES] =
    g_param_spec_boxed ("pass-classes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_SUBMITTED] =
    g_param_spec_boolean ("submitted", NULL, NULL, FALSE, flags);
  /* Acknowledged, disputed …: kz_agent_status_to_label() */
  properties[PROP_AGENT_STATUS] =
    g_param_spec_string ("agent-status", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kz_evaluation_row_init (KzEvaluationRow *self)
{
  self->score = -1.0;
}

KzEvaluationRow *
kz_evaluation_row_new (const KzEvaluationSummary *summary)
{
  KzEvaluationRow *self;

  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (KZ_TYPE_EVALUATION_ROW, NULL);
  self->id = summary->id;
  if (summary->date != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (summary->date);

      self->date = g_date_time_to_unix (summary->date);
      /* Translators: evaluation date in the table; see g_date_time_format() */
      self->date_text = g_date_time_format (local, _("%Y-%m-%d %H:%M"));
    }
  else
    self->date_text = g_strdup ("—");
  self->agent = g_strdup (summary->agent_name);
  self->reviewer = g_strdup (summary->reviewer_name);
  self->rubric = g_strdup (summary->rubric_title != NULL ? summary->rubric_title : summary->rubric_id);
  self->subject = g_strdup (summary->subject);
  self->channel = g_strdup (summary->channel == KZ_CHANNEL_CALL ? _("Call") : _("Email"));
  self->has_score = summary->has_score;
  self->score = summary->has_score ? summary->final : -1.0;
  self->score_text = kz_score_format_percent (summary->has_score, summary->final);
  self->pass = summary->has_score && summary->pass;
  if (!summary->has_score)
    self->pass_text = g_strdup ("—");
  else
    self->pass_text = g_strdup (summary->pass ? _("Pass") : _("Fail"));
  self->submitted = summary->state == KZ_EVALUATION_SUBMITTED;
  self->state = g_strdup (self->submitted ? _("Submitted") : _("Draft"));
  self->agent_status = g_strdup (kz_agent_status_to_label (kz_evaluation_agent_status (summary)));

  return self;
}

const char *
kz_evaluation_row_get_agent_status (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), NULL);
  return self->agent_status;
}

gint64
kz_evaluation_row_get_id (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), 0);
  return self->id;
}

gint64
kz_evaluation_row_get_date (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), 0);
  return self->date;
}

const char *
kz_evaluation_row_get_date_text (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), NULL);
  return self->date_text;
}

const char *
kz_evaluation_row_get_agent (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), NULL);
  return self->agent;
}

const char *
kz_evaluation_row_get_reviewer (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), NULL);
  return self->reviewer;
}

const char *
kz_evaluation_row_get_rubric (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), NULL);
  return self->rubric;
}

gboolean
kz_evaluation_row_get_has_score (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), FALSE);
  return self->has_score;
}

double
kz_evaluation_row_get_score (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), -1.0);
  return self->score;
}

const char *
kz_evaluation_row_get_score_text (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), NULL);
  return self->score_text;
}

gboolean
kz_evaluation_row_get_pass (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), FALSE);
  return self->pass;
}

const char *
kz_evaluation_row_get_pass_text (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), NULL);
  return self->pass_text;
}

const char *
kz_evaluation_row_get_state (KzEvaluationRow *self)
{
  g_return_val_if_fail (KZ_IS_EVALUATION_ROW (self), NULL);
  return self->state;
}
