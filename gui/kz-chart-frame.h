/* kz-chart-frame.h — a chart with its title and a "Show as Table" toggle
 *
 * A title, a KzChart, and a toggle in the corner that swaps the chart for
 * the same numbers as a table (kz_chart_data_build_table): what a page puts
 * on screen.  The toggle is the stateful action "chart.show-table".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-chart.h"

G_BEGIN_DECLS

#define KZ_TYPE_CHART_FRAME (kz_chart_frame_get_type ())
G_DECLARE_FINAL_TYPE (KzChartFrame, kz_chart_frame, KZ, CHART_FRAME, GtkWidget)

GtkWidget   *kz_chart_frame_new            (const char   *title);
const char  *kz_chart_frame_get_title      (KzChartFrame *self);
void         kz_chart_frame_set_title      (KzChartFrame *self,
                                            const char   *title);
KzChartData *kz_chart_frame_get_data       (KzChartFrame *self);
/* Hands @data to the chart (which seals it) and fills the table. */
void         kz_chart_frame_set_data       (KzChartFrame *self,
                                            KzChartData  *data);
gboolean     kz_chart_frame_get_show_table (KzChartFrame *self);
void         kz_chart_frame_set_show_table (KzChartFrame *self,
                                            gboolean      show_table);
KzChart     *kz_chart_frame_get_chart      (KzChartFrame *self);
/* The GtkGrid of the table: a row of headers, then a row per table row. */
GtkWidget   *kz_chart_frame_get_table      (KzChartFrame *self);

G_END_DECLS
