/* kz-voice-export.h — what a closed round's results say, as the screen
 * shows them and exports write them
 *
 * One list of figures, built here from the cells kz_store_survey_results()
 * gives (already suppressed): the Survey Results page shows it, its
 * "Export CSV…" and `kaizenctl survey results --csv` write it.  A figure is
 * a question or a driver, for the whole round or one team.  Nothing here
 * looks behind a suppressed cell (it has no numbers left) and nothing
 * combines a suppressed cell with others: a driver's figure pools its
 * questions' answers only when every one of those cells is shown, so it
 * says nothing the shown question figures do not say already.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kz-voice.h"

G_BEGIN_DECLS

typedef enum {
  KZ_FIGURE_QUESTION,
  KZ_FIGURE_DRIVER,     /* the driver's scored questions, pooled on 0–100 */
} KzFigureKind;

typedef enum {
  KZ_FIGURES_BY_TEAM = 1 << 0,   /* each team's figures after the whole round's */
  KZ_FIGURES_DRIVERS = 1 << 1,   /* a driver figure before its questions */
} KzFiguresFlags;

typedef struct {
  KzFigureKind    kind;
  char           *question_id;    /* QUESTION: the question; DRIVER: NULL */
  char           *driver;         /* the driver; NULL for the eNPS question and questions with none */
  char           *label;          /* the question's text, or the driver's name */
  KzQuestionKind  question_kind;  /* QUESTION: its scale */
  gboolean        is_enps;        /* the eNPS question */
  gint64          team_id;        /* KZ_CELL_ALL (the whole round), KZ_CELL_NO_TEAM, or a team */
  char           *team;           /* the team's name; NULL for the whole round */
  KzSuppression   suppression;    /* a driver: FEW if any cell behind it is, else DIFFERENCE if any is */
  guint           n;              /* answers; 0 when suppressed */
  guint           counts[11];     /* QUESTION: answers by value; zeros when suppressed */
  gboolean        has_score;
  double          score;          /* the mean on 0–100 */
  gboolean        has_mean;       /* QUESTION: the mean on its own scale, with its interval */
  KzMeanInterval  mean;
  gboolean        has_enps;       /* the eNPS question, shown */
  KzEnps          enps;
  /* Against the previous round of the same plan, when both figures are
   * shown: the score's change on 0–100 (Welch's 95% interval, scaled),
   * and the eNPS question's change in eNPS points.  A driver of several
   * questions pools answers the same people gave, which are not
   * independent (and answers keep no respondent to pair them by): its
   * change is the difference of its scores, not tested (change_tested
   * FALSE, no interval) — its questions' changes are. */
  gboolean        has_change;
  double          change;
  gboolean        change_tested;
  double          change_low;
  double          change_high;
  gboolean        change_significant;
  gboolean        has_enps_change;
  double          enps_change;
  gboolean        enps_change_significant;
} KzSurveyFigure;

void            kz_survey_figure_free   (KzSurveyFigure *self);

/* The figures of a closed round: @cells from kz_store_survey_results()
 * (the round's order: the eNPS question first), @previous the previous
 * round's cells (or NULL), @bank the question bank, @units the units (for
 * teams' names).  In the round's order; a driver's figures come where its
 * first question is, its questions after it; each with the whole round
 * first, then (KZ_FIGURES_BY_TEAM) the teams in the cells' order.
 * KzSurveyFigure*. */
GPtrArray      *kz_survey_figures       (GPtrArray          *cells,
                                         GPtrArray          *previous,
                                         GPtrArray          *bank,
                                         GPtrArray          *units,
                                         KzFiguresFlags      flags);
/* The figure of a driver (@question_id NULL) or a question for one group,
 * or NULL. */
KzSurveyFigure *kz_survey_figures_find  (GPtrArray          *figures,
                                         const char         *driver,
                                         const char         *question_id,
                                         gint64              team_id);

/* "few", "difference", NULL when shown: what a program reads. */
const char     *kz_suppression_code     (KzSuppression      suppression);
/* What a person reads instead of the figure: "fewer than 5 answers",
 * "hidden so the others cannot be subtracted to reveal a smaller group";
 * NULL when shown. */
char           *kz_suppression_reason   (KzSuppression      suppression,
                                         guint              k);

/* The previous round of @round's plan: the latest round of the same plan
 * that opened before it and is closed on @today; NULL for a one-off round
 * or the plan's first.  @rounds: KzSurveyRound*, as kz_store_list_rounds()
 * gives them. */
const KzSurveyRound *kz_survey_previous_round (GPtrArray           *rounds,
                                               const KzSurveyRound *round,
                                               const GDate         *today);

/* @figures as CSV, a header line then a line per figure:
 *   question,team_id,team,n,mean,mean_low,mean_high,suppressed,reason,
 *   count_0 … count_10
 * (`kaizenctl survey results --csv`: give it question figures only), and
 * with @all_figures these columns after them, as the app exports:
 *   figure,driver,score,enps,enps_low,enps_high,change,change_significant,
 *   enps_change,enps_change_significant
 * A suppressed figure has its code and reason and no number at all; numbers
 * have four decimals, booleans are "yes"/"no", empty is "not shown" (or,
 * for change_significant, "not tested"). */
char           *kz_survey_figures_to_csv (GPtrArray         *figures,
                                          guint              k,
                                          gboolean           all_figures);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzSurveyFigure, kz_survey_figure_free)

G_END_DECLS
