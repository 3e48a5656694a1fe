/* kz-calendar-page.h — what is scheduled: coaching sessions, eLearning due
 * dates and group training occurrences, by month or week, for everyone, a
 * team or a person; schedule group training, export and import .ics, mark done/missed
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kz-ical.h"
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_CALENDAR_PAGE (kz_calendar_page_get_type ())
G_DECLARE_FINAL_TYPE (KzCalendarPage, kz_calendar_page, KZ, CALENDAR_PAGE, AdwBin)

typedef enum {
  KZ_CALENDAR_MONTH,
  KZ_CALENDAR_WEEK,
} KzCalendarView;

GtkWidget  *kz_calendar_page_new          (void);
void        kz_calendar_page_set_store    (KzCalendarPage *self,
                                           KzStore        *store);
/* Reads the plans again off the UI thread. */
void        kz_calendar_page_reload       (KzCalendarPage *self);
gboolean    kz_calendar_page_get_loading  (KzCalendarPage *self);
void        kz_calendar_page_set_view     (KzCalendarPage *self,
                                           KzCalendarView  view);
/* Shows the month or week holding @date. */
void        kz_calendar_page_set_date     (KzCalendarPage *self,
                                           const GDate    *date);
/* Whose schedule: a person, a team (its members'), or both 0: everyone. */
void        kz_calendar_page_set_scope    (KzCalendarPage *self,
                                           gint64          person_id,
                                           gint64          team_id);
/* The occurrences shown (KzPlanOccurrence*, in time order; transfer none). */
GPtrArray  *kz_calendar_page_get_shown    (KzCalendarPage *self);
/* Selects a plan (its detail bar with Mark Done, Export …); 0: none. */
void        kz_calendar_page_select_plan  (KzCalendarPage *self,
                                           gint64          plan_id);
gint64      kz_calendar_page_get_selected (KzCalendarPage *self);
/* Writes the selected plan (or, with no selection, the shown schedule)
 * to @file as the file chooser's answer does. */
/* "Import .ics…" without the file chooser: reads @file off the UI thread
 * (kz_ical_import_file_async), then asks in a dialog which course new
 * events belong to and what would come in; "Import" stores them
 * (kz_plans_import_events(), in a store job) and a summary dialog says
 * what came in.  The dialog on screen: kz_calendar_page_get_import_dialog(). */
void        kz_calendar_page_import_file    (KzCalendarPage *self,
                                             GFile          *file);
GtkWidget  *kz_calendar_page_get_import_dialog (KzCalendarPage *self);
gboolean    kz_calendar_page_export_to_file (KzCalendarPage *self,
                                             KzCalMethod     method,
                                             GFile          *file,
                                             GError        **error);
/* Opens "Schedule Group Training…" (returned, not a new reference). */
GtkWidget  *kz_calendar_page_schedule_training (KzCalendarPage *self);

G_END_DECLS
