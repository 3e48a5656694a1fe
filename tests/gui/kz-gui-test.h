/* kz-gui-test.h — helpers shared by the in-process GUI tests
 *
 * Waits poll the main loop against a deadline (never a fixed sleep);
 * lookups walk the widget tree; a window renders to PNG the way an Xvfb
 * screenshot would look (GtkWidgetPaintable, GSK_RENDERER=cairo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KZ_GUI_TEST_DEADLINE_SECONDS 60

gboolean   kz_gui_test_wake_up        (gpointer    data);

/* Iterates the main loop until @cond holds; fails the test after the
 * deadline, naming the condition and saying what the test knows (a printf
 * format and its arguments: the page's own message, say). */
#define KZ_WAIT_UNTIL_SAYING(cond, ...)                                            \
  G_STMT_START {                                                                   \
    gint64 _deadline = g_get_monotonic_time () +                                   \
                       KZ_GUI_TEST_DEADLINE_SECONDS * G_USEC_PER_SEC;              \
    guint _tick = g_timeout_add (20, kz_gui_test_wake_up, NULL);                   \
    while (!(cond))                                                                \
      {                                                                            \
        if (g_get_monotonic_time () > _deadline)                                   \
          {                                                                        \
            g_autofree char *_said = g_strdup_printf (__VA_ARGS__);                \
            g_error ("%s:%d: timed out waiting for %s%s%s%s", __FILE__, __LINE__,  \
                     #cond, *_said ? " (" : "", _said, *_said ? ")" : "");         \
          }                                                                        \
        g_main_context_iteration (NULL, TRUE);                                     \
      }                                                                            \
    g_source_remove (_tick);                                                       \
  } G_STMT_END

#define KZ_WAIT_UNTIL(cond) KZ_WAIT_UNTIL_SAYING (cond, "%s", "")

void       kz_gui_test_drain          (void);
GtkWidget *kz_gui_test_find_by_name   (GtkWidget  *widget,
                                       const char *name);
GtkWidget *kz_gui_test_find_by_type   (GtkWidget  *widget,
                                       GType       type);
GtkWidget *kz_gui_test_find_by_action (GtkWidget  *widget,
                                       const char *action_name);
/* Every widget named @name, in tree order, into @found. */
void       kz_gui_test_find_all_by_name (GtkWidget  *widget,
                                       const char *name,
                                       GPtrArray  *found);
/* A GtkLabel whose text is exactly @text (on screen or not). */
GtkWidget *kz_gui_test_find_label     (GtkWidget  *widget,
                                       const char *text);
/* TRUE when a label reads exactly @text (on screen or not). */
gboolean   kz_gui_test_has_label      (GtkWidget  *widget,
                                       const char *text);
/* TRUE when a label reading exactly @text is on screen. */
gboolean   kz_gui_test_shows_label    (GtkWidget  *widget,
                                       const char *text);
/* A GtkButton whose label (mnemonic included) is @label. */
GtkWidget *kz_gui_test_find_button    (GtkWidget  *widget,
                                       const char *label);
/* Every GtkLabel's text under @widget (mapped ones only when asked). */
char      *kz_gui_test_texts          (GtkWidget  *widget,
                                       gboolean    mapped_only);
/* TRUE when some label on screen contains @text. */
gboolean   kz_gui_test_shows_text     (GtkWidget  *widget,
                                       const char *text);
/* Renders @window to $KAIZEN_SCREENSHOT_DIR/@name, when that is set. */
void       kz_gui_test_screenshot     (GtkWidget  *window,
                                       const char *name);
void       kz_gui_test_click          (GtkWidget  *button);
/* Writes @contents (@length bytes, -1: a string) to @dir/@name and returns
 * the path; fails the test if it cannot. */
char      *kz_gui_test_write_file     (const char *dir,
                                       const char *name,
                                       const char *contents,
                                       gssize      length);

G_END_DECLS
