/* kz-drill-list.h — the evaluations behind a dashboard's number
 *
 * A dashboard page hands it a KzDrillFilter (kz-store.h) with a title
 * ("Average, week of 2026-03-02, Team North"); it lists the evaluations the
 * number rests on, each opening the evaluation (win.show-evaluation).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_DRILL_LIST (kz_drill_list_get_type ())
G_DECLARE_FINAL_TYPE (KzDrillList, kz_drill_list, KZ, DRILL_LIST, GtkWidget)

/* Rows shown at most; the heading gives the whole count. */
#define KZ_DRILL_LIST_MAX_ROWS 500

GtkWidget  *kz_drill_list_new        (void);
void        kz_drill_list_set_store  (KzDrillList         *self,
                                      KzStore             *store);
/* Reads the evaluations off the UI thread (the filter is copied). */
void        kz_drill_list_show       (KzDrillList         *self,
                                      const char          *title,
                                      const KzDrillFilter *filter);
/* The evaluations @ids (ascending), a number the page worked out itself;
 * the lines of the first KZ_DRILL_LIST_MAX_ROWS are read by id (the weeks
 * and reviewer name the number; they no longer bound a listing). */
void        kz_drill_list_show_ids   (KzDrillList         *self,
                                      const char          *title,
                                      int                  first_week,
                                      int                  last_week,
                                      gint64               reviewer_id,
                                      GArray              *ids);
void        kz_drill_list_clear      (KzDrillList         *self);
gboolean    kz_drill_list_get_loading (KzDrillList        *self);
const char *kz_drill_list_get_title  (KzDrillList         *self);
/* Every evaluation id the number rests on, ascending (also those past
 * KZ_DRILL_LIST_MAX_ROWS); NULL before a drill-down. */
GArray     *kz_drill_list_get_ids    (KzDrillList         *self);
GtkListBox *kz_drill_list_get_list_box (KzDrillList       *self);

G_END_DECLS
