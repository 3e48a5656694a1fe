/* kz-voice-format.c — the words and numbers the staff-voice pages show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-voice-format"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-voice-format.h"

static char *
format_date (const GDate *date,
             const char  *format)
{
  g_autoptr(GDateTime) dt = NULL;

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("—");
  dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  return g_date_time_format (dt, format);
}

char *
kz_voice_format_date (const GDate *date)
{
  /* Translators: a date, see g_date_time_format(): "14 March 2026" */
  return format_date (date, _("%-d %B %Y"));
}

char *
kz_voice_format_day (const GDate *date)
{
  /* Translators: a date with its weekday: "Friday 14 March" */
  return format_date (date, _("%A %-d %B"));
}

char *
kz_voice_format_week (const GDate *week)
{
  g_autofree char *day = kz_voice_format_date (week);

  /* Translators: %s is the Monday of the week */
  return g_strdup_printf (_("Week of %s"), day);
}

char *
kz_voice_format_signed (double value,
                        int    decimals)
{
  double scale = pow (10, decimals);
  double rounded = round (value * scale) / scale;
  char buf[64];

  /* A figure that rounds to zero has no sign: "−0.0" says something false. */
  if (rounded == 0)
    rounded = 0;
  g_snprintf (buf, sizeof buf, "%.*f", decimals, fabs (rounded));
  if (rounded > 0)
    return g_strconcat ("+", buf, NULL);
  if (rounded < 0)
    return g_strconcat ("−", buf, NULL);
  return g_strdup (buf);
}

char *
kz_voice_format_score (double score)
{
  return g_strdup_printf ("%.1f", score);
}

char *
kz_voice_format_enps (const KzEnps *enps)
{
  g_autofree char *value = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  g_return_val_if_fail (enps != NULL, NULL);

  if (!enps->defined)
    return g_strdup (_("no answers"));
  value = kz_voice_format_signed (enps->enps, 0);
  low = kz_voice_format_signed (enps->low, 0);
  high = kz_voice_format_signed (enps->high, 0);
  /* Translators: eNPS, its 95% interval, and how many answered: "+20 (−30 to +61), n 10" */
  return g_strdup_printf (_("%s (%s to %s), n %u"), value, low, high, enps->n);
}

char *
kz_voice_format_mean (const KzMeanInterval *mean)
{
  g_return_val_if_fail (mean != NULL, NULL);

  if (!mean->defined)
    return g_strdup_printf ("%.2f", mean->mean);
  /* Translators: a mean and its 95% interval: "3.80 (3.10 to 4.50)" */
  return g_strdup_printf (_("%.2f (%.2f to %.2f)"), mean->mean, mean->low, mean->high);
}

char *
kz_voice_format_change (double   change,
                        int      decimals,
                        gboolean significant)
{
  g_autofree char *value = kz_voice_format_signed (change, decimals);

  return g_strdup_printf (significant ? _("%s, significant") : _("%s, not significant"), value);
}

const char *
kz_voice_agree_label (int value)
{
  switch (value)
    {
    case 1:
      return _("Strongly disagree");
    case 2:
      return _("Disagree");
    case 3:
      return _("Neither");
    case 4:
      return _("Agree");
    case 5:
      return _("Strongly agree");
    default:
      return NULL;
    }
}

const char *
kz_voice_idea_status_label (KzIdeaStatus status)
{
  switch (status)
    {
    case KZ_IDEA_NEW:
      return _("New");
    case KZ_IDEA_UNDER_REVIEW:
      return _("Under Review");
    case KZ_IDEA_PLANNED:
      return _("Planned");
    case KZ_IDEA_DONE:
      return _("Done");
    case KZ_IDEA_DECLINED:
      return _("Declined");
    default:
      return "?";
    }
}

const char *
kz_voice_idea_status_style (KzIdeaStatus status)
{
  switch (status)
    {
    case KZ_IDEA_UNDER_REVIEW:
      return "warning";
    case KZ_IDEA_PLANNED:
      return "accent";
    case KZ_IDEA_DONE:
      return "success";
    case KZ_IDEA_DECLINED:
      return "error";
    case KZ_IDEA_NEW:
    default:
      return "";
    }
}

const char *
kz_voice_question_kind_label (KzQuestionKind kind)
{
  switch (kind)
    {
    case KZ_QUESTION_SCALE_0_10:
      return _("Scale 0–10");
    case KZ_QUESTION_AGREE_1_5:
      return _("Agreement 1–5");
    case KZ_QUESTION_FREE_TEXT:
    default:
      return _("Free text");
    }
}

char *
kz_voice_format_hidden (KzSuppression suppression,
                        guint         k)
{
  switch (suppression)
    {
    case KZ_SUPPRESSED_FEW:
      /* Translators: instead of a figure */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Hidden: fewer than %u answer",
                                           "Hidden: fewer than %u answers", k), k);
    case KZ_SUPPRESSED_DIFFERENCE:
      /* Translators: instead of a figure that, subtracted from others,
       * would give a group too small to show */
      return g_strdup (_("Hidden so the others cannot be subtracted to reveal a smaller group"));
    case KZ_SHOWN:
    default:
      return NULL;
    }
}
