/* kz-survey-results-page.h — a closed pulse round's figures, for managers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_SURVEY_RESULTS_PAGE (kz_survey_results_page_get_type ())
G_DECLARE_FINAL_TYPE (KzSurveyResultsPage, kz_survey_results_page, KZ, SURVEY_RESULTS_PAGE, AdwBin)

GtkWidget  *kz_survey_results_page_new            (void);
void        kz_survey_results_page_set_store      (KzSurveyResultsPage *self,
                                                   KzStore             *store);
/* Managers and administrators see results; anyone else an explanation. */
void        kz_survey_results_page_set_allowed    (KzSurveyResultsPage *self,
                                                   gboolean             allowed);
gboolean    kz_survey_results_page_get_allowed    (KzSurveyResultsPage *self);
/* Reads the closed rounds, then the chosen one's figures, off the UI thread. */
void        kz_survey_results_page_reload         (KzSurveyResultsPage *self);
gboolean    kz_survey_results_page_get_loading    (KzSurveyResultsPage *self);
/* "loading", "not-allowed", "empty", "error" or "results". */
const char *kz_survey_results_page_get_state      (KzSurveyResultsPage *self);
/* The closed rounds in the chooser, newest first (KzSurveyRound*). */
GPtrArray  *kz_survey_results_page_get_rounds     (KzSurveyResultsPage *self);
/* Shows the closed round @round_id. */
gboolean    kz_survey_results_page_select_round   (KzSurveyResultsPage *self,
                                                   gint64               round_id);
/* The round shown, 0 before one is. */
gint64      kz_survey_results_page_get_round_id   (KzSurveyResultsPage *self);
void        kz_survey_results_page_set_by_team    (KzSurveyResultsPage *self,
                                                   gboolean             by_team);
/* The figures the table shows, in its order (KzSurveyFigure*): the whole
 * round's, and the teams' when "By Team" is on. */
GPtrArray  *kz_survey_results_page_get_figures    (KzSurveyResultsPage *self);
/* The table: a header row, then one row a figure, columns as
 * KZ_RESULTS_COLUMN_*. */
GtkGrid    *kz_survey_results_page_get_table      (KzSurveyResultsPage *self);
GtkWidget  *kz_survey_results_page_get_heatmap    (KzSurveyResultsPage *self);
/* What "Export CSV…" writes: the table's figures. */
char       *kz_survey_results_page_get_csv        (KzSurveyResultsPage *self);
/* Writes it to @file (off the UI thread), then says so in a toast. */
void        kz_survey_results_page_export         (KzSurveyResultsPage *self,
                                                   GFile               *file);
/* TRUE while an export is being written. */
gboolean    kz_survey_results_page_get_exporting  (KzSurveyResultsPage *self);

typedef enum {
  KZ_RESULTS_COLUMN_FIGURE,
  KZ_RESULTS_COLUMN_GROUP,
  KZ_RESULTS_COLUMN_N,
  KZ_RESULTS_COLUMN_SCORE,
  KZ_RESULTS_COLUMN_MEAN,
  KZ_RESULTS_COLUMN_ENPS,
  KZ_RESULTS_COLUMN_CHANGE,
  KZ_RESULTS_COLUMN_DISTRIBUTION,
  KZ_RESULTS_N_COLUMNS
} KzResultsColumn;

G_END_DECLS
