/* kz-page-defer.c — a hidden page reads nothing until it is shown
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kz-page-defer.h"

typedef struct {
  KzPageReload reload;
  gulong       map_handler;
  gboolean     stale;
} Deferred;

static GQuark
deferred_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("kz-page-deferred");
  return quark;
}

static void
on_map (GtkWidget *page,
        Deferred  *d)
{
  if (!d->stale)
    return;
  d->stale = FALSE;
  d->reload (page);
}

gboolean
kz_page_defer_until_shown (GtkWidget    *page,
                           KzPageReload  reload)
{
  Deferred *d;

  g_return_val_if_fail (GTK_IS_WIDGET (page), FALSE);
  g_return_val_if_fail (reload != NULL, FALSE);

  d = g_object_get_qdata (G_OBJECT (page), deferred_quark ());
  if (d == NULL)
    {
      d = g_new0 (Deferred, 1);
      g_object_set_qdata_full (G_OBJECT (page), deferred_quark (), d, g_free);
      /* Connected after the class's map, so the page is mapped when it reloads. */
      d->map_handler = g_signal_connect_after (page, "map", G_CALLBACK (on_map), d);
    }
  d->reload = reload;
  if (gtk_widget_get_mapped (page))
    {
      d->stale = FALSE;
      return FALSE;
    }
  d->stale = TRUE;
  return TRUE;
}

gboolean
kz_page_is_stale (GtkWidget *page)
{
  Deferred *d = g_object_get_qdata (G_OBJECT (page), deferred_quark ());

  return d != NULL && d->stale;
}
