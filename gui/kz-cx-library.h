/* kz-cx-library.h — the organisation's CX principles and personas, to read and edit
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_CX_LIBRARY (kz_cx_library_get_type ())
G_DECLARE_FINAL_TYPE (KzCxLibrary, kz_cx_library, KZ, CX_LIBRARY, AdwWindow)

/* A window listing @store's principles and personas, read off the UI
 * thread.  "Add…" and each row's edit button open a form; saving goes to
 * the store off the UI thread, then KzCxLibrary::changed is emitted. */
KzCxLibrary *kz_cx_library_new       (GtkWindow   *parent,
                                      KzStore     *store);
/* TRUE while the lists are being read or a save is under way. */
gboolean     kz_cx_library_get_busy  (KzCxLibrary *self);
/* The form open now (an AdwMessageDialog), or NULL. */
GtkWidget   *kz_cx_library_get_form  (KzCxLibrary *self);

/* What a form shows of a persona's channel: "Phone", "Email" … for
 * kz_persona_channels()' "call", "email" … (a pure function, for tests). */
const char  *kz_cx_library_channel_label (const char *channel);

G_END_DECLS
