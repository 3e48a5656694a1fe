/* kz-calibration-page.h — calibration sessions, their results, and how
 * consistently reviewers score over time
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_CALIBRATION_PAGE (kz_calibration_page_get_type ())
G_DECLARE_FINAL_TYPE (KzCalibrationPage, kz_calibration_page, KZ, CALIBRATION_PAGE, AdwBin)

GtkWidget  *kz_calibration_page_new            (void);
void        kz_calibration_page_set_store      (KzCalibrationPage *self,
                                                KzStore           *store);
/* Who looks: their own sessions (a manager or an administrator: all), and
 * what they may do in them. */
void        kz_calibration_page_set_person     (KzCalibrationPage *self,
                                                gint64             person_id,
                                                KzRoles            roles);
/* Reads the sessions, trends and leniency again, off the UI thread. */
void        kz_calibration_page_reload         (KzCalibrationPage *self);
gboolean    kz_calibration_page_get_loading    (KzCalibrationPage *self);
/* Sessions listed. */
guint       kz_calibration_page_get_n_sessions (KzCalibrationPage *self);
/* Shows a closed session's results (loaded off the UI thread). */
void        kz_calibration_page_show_results   (KzCalibrationPage *self,
                                                gint64             session_id);
/* The session whose results are up, 0 when the list is. */
gint64      kz_calibration_page_get_results_session (KzCalibrationPage *self);
/* "list", "new" or "results". */
const char *kz_calibration_page_get_view       (KzCalibrationPage *self);
/* The last error shown ("" when none). */
const char *kz_calibration_page_get_message    (KzCalibrationPage *self);

/* What the results show for one agreement figure: "0.458", or "—" when
 * α is not defined (a pure function). */
char       *kz_calibration_page_format_alpha   (const KzAgreement *agreement);
/* "69.2%" or "—". */
char       *kz_calibration_page_format_raw     (const KzAgreement *agreement);
/* Signed points, one decimal: "+2.5", "−1.0", "0.0". */
char       *kz_calibration_page_format_signed  (double             points);

G_END_DECLS
