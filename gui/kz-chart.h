/* kz-chart.h — one widget for every kind of chart Kaizen draws
 *
 * A KzChart draws a KzChartData (kz-chart-data.h: line, bar, stacked bar,
 * heatmap, histogram) with GtkSnapshot rectangles for bars and cells, cairo
 * for lines, bands and hatching, and Pango for labels; every colour comes
 * from the style, so the dark style and high contrast follow.  It is
 * focusable, an image to assistive technologies with the data's
 * description, and shows a tooltip on each bar, point and cell.  Clicking
 * an item, or Enter on the one the arrow keys moved to, emits
 * ::item-activated: pages drill down from there.  Put it in
 * a KzChartFrame for a title and the "Show as Table" toggle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-chart-data.h"

G_BEGIN_DECLS

#define KZ_TYPE_CHART (kz_chart_get_type ())
G_DECLARE_FINAL_TYPE (KzChart, kz_chart, KZ, CHART, GtkWidget)

GtkWidget   *kz_chart_new                 (void);
KzChartData *kz_chart_get_data            (KzChart         *self);
/* Takes a reference and seals @data (it must not change afterwards). */
void         kz_chart_set_data            (KzChart         *self,
                                           KzChartData     *data);
/* The tooltip at (@x, @y) in the widget's coordinates, NULL where nothing
 * is: what query-tooltip shows. */
char        *kz_chart_get_tooltip_text_at (KzChart         *self,
                                           double           x,
                                           double           y);
/* The item at (@x, @y): a heatmap's cell (@row, @category), or a
 * category (@row 0); FALSE where there is none. */
gboolean     kz_chart_get_item_at         (KzChart         *self,
                                           double           x,
                                           double           y,
                                           guint           *row,
                                           guint           *category);
/* Puts the keyboard's item there and emits ::item-activated (row,
 * category), as a click or Enter on it does. */
void         kz_chart_activate_item       (KzChart         *self,
                                           guint            row,
                                           guint            category);
/* Where the values are drawn (inside the axes' labels), at the current
 * size; FALSE before the chart has a size or with nothing to draw. */
gboolean     kz_chart_get_plot_bounds     (KzChart         *self,
                                           graphene_rect_t *bounds);
/* A heatmap cell's rectangle, or a category's slot (for the other kinds:
 * @row is ignored), at the current size. */
gboolean     kz_chart_get_item_bounds     (KzChart         *self,
                                           guint            row,
                                           guint            category,
                                           graphene_rect_t *bounds);

G_END_DECLS
