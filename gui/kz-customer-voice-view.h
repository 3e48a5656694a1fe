/* kz-customer-voice-view.h — quality against the customer's voice, on screen
 *
 * For a rubric and a period (the Criteria dashboard's): per criterion the
 * difference in customer rating between the evaluations that passed it and
 * those that failed it, as bars with their 95% intervals (and "Show as
 * Table"), the sentence a manager reads for the selected criterion, and
 * "Export…" of kz_reports_customer_voice().  Computed off the UI thread
 * (kz_customer_voice_compute() in a KzStoreJob).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-chart-frame.h"
#include "kz-customer-voice.h"
#include "kz-report-export.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_CUSTOMER_VOICE_VIEW (kz_customer_voice_view_get_type ())
G_DECLARE_FINAL_TYPE (KzCustomerVoiceView, kz_customer_voice_view, KZ, CUSTOMER_VOICE_VIEW, AdwBin)

void                   kz_customer_voice_view_set_store     (KzCustomerVoiceView *self,
                                                             KzStore             *store);
/* Computes for @rubric_id over [@from, @to) (either NULL: unbounded) and
 * says @criterion_id's sentence when done.  Cancels a load under way. */
void                   kz_customer_voice_view_load          (KzCustomerVoiceView *self,
                                                             const char          *rubric_id,
                                                             GDateTime           *from,
                                                             GDateTime           *to,
                                                             const char          *criterion_id);
void                   kz_customer_voice_view_set_criterion (KzCustomerVoiceView *self,
                                                             const char          *criterion_id);
gboolean               kz_customer_voice_view_get_loading   (KzCustomerVoiceView *self);
/* What is shown; NULL before the first load finishes. */
const KzCustomerVoice *kz_customer_voice_view_get_voice     (KzCustomerVoiceView *self);
const char            *kz_customer_voice_view_get_sentence  (KzCustomerVoiceView *self);
KzChartFrame          *kz_customer_voice_view_get_frame     (KzCustomerVoiceView *self);
void                   kz_customer_voice_view_export_to     (KzCustomerVoiceView *self,
                                                             KzReportFormat       format,
                                                             const char          *path);
gboolean               kz_customer_voice_view_get_exporting (KzCustomerVoiceView *self);

G_END_DECLS
