/* kz-agent-gap-page.h — one agent's gaps, their trend and the evaluations behind them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-gaps.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_AGENT_GAP_PAGE (kz_agent_gap_page_get_type ())
G_DECLARE_FINAL_TYPE (KzAgentGapPage, kz_agent_gap_page, KZ, AGENT_GAP_PAGE, AdwBin)

/* One evaluation behind a gap: an answer of the agent's to the criterion. */
typedef struct {
  gint64   evaluation_id;
  gint64   created_at;     /* Unix time */
  gboolean is_na;
  double   value;          /* on the criterion's scale */
} KzGapEvidence;

GtkWidget  *kz_agent_gap_page_new          (void);
void        kz_agent_gap_page_set_store    (KzAgentGapPage *self,
                                            KzStore        *store);
/* Who plans coaching from here (the coach). */
void        kz_agent_gap_page_set_person_id (KzAgentGapPage *self,
                                            gint64          person_id);
/* Reads @agent_id's gaps on @rubric_id over [@from, @to) (NULL: unbounded)
 * off the UI thread; @criterion_id (may be NULL) is the gap to start
 * from: expanded and chosen as the focus. */
void        kz_agent_gap_page_load         (KzAgentGapPage *self,
                                            gint64          agent_id,
                                            const char     *rubric_id,
                                            GDateTime      *from,
                                            GDateTime      *to,
                                            const char     *criterion_id);
gboolean    kz_agent_gap_page_get_loading  (KzAgentGapPage *self);
gint64      kz_agent_gap_page_get_agent_id (KzAgentGapPage *self);
const char *kz_agent_gap_page_get_agent_name (KzAgentGapPage *self);
/* The agent's cells (KzGapCell*), largest gap × weight first; NULL before a load. */
GPtrArray  *kz_agent_gap_page_get_cells    (KzAgentGapPage *self);
/* KzGapEvidence of one criterion, oldest first (NULL: none). */
GArray     *kz_agent_gap_page_get_evidence (KzAgentGapPage *self,
                                            const char     *criterion_id);
/* Opens the "Plan Coaching" dialog for the criteria chosen as the focus. */
GtkWidget  *kz_agent_gap_page_plan_coaching (KzAgentGapPage *self);

G_END_DECLS
