/* kz-page-defer.h — a hidden page reads nothing until it is shown
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*KzPageReload) (gpointer page);

/* Called first thing in a page's reload: when @page is shown (mapped) it
 * returns FALSE and the reload goes on; when it is hidden it returns TRUE,
 * the reload returns, and @reload (@page) runs once when the page is next
 * mapped.  So a start with twenty pages reads only the one on screen, and
 * a change elsewhere marks hidden pages stale instead of reloading them. */
gboolean kz_page_defer_until_shown (GtkWidget    *page,
                                    KzPageReload  reload);

/* TRUE while @page waits to be shown for a reload. */
gboolean kz_page_is_stale          (GtkWidget    *page);

G_END_DECLS
