/* kz-voice-import.h — pulse answers collected elsewhere (a kiosk, paper)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-evaluation-import.h"

G_BEGIN_DECLS

/* Reads a CSV with the columns team (a team's name or id; empty: no team),
 * round (a round's id), question (a question id of that round) and answer
 * (the number, or the text of a free-text question): one respondent's
 * answer to one question a line.  The answers are stored as anonymous
 * answers of their round and team, with no participation, like answers
 * given in the app; rounds must be open.  A bad line is reported by line
 * and skipped, and the good ones are stored all together or not at all;
 * with @strict a bad line refuses the whole file before anything is
 * written.  The report's shape is that of the evaluation import. */
gboolean kz_voice_import (KzStore                   *store,
                          const char                *path,
                          gboolean                   strict,
                          KzEvaluationImportReport  *report,
                          GError                   **error);

G_END_DECLS
