/* kz-person-picker.h — "who are you?" in the header bar
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_TYPE_PERSON_PICKER (kz_person_picker_get_type ())
G_DECLARE_FINAL_TYPE (KzPersonPicker, kz_person_picker, KZ, PERSON_PICKER, AdwBin)

GtkWidget  *kz_person_picker_new             (void);
void        kz_person_picker_set_store       (KzPersonPicker *self,
                                              KzStore        *store);
/* 0: nobody chosen yet. */
gint64      kz_person_picker_get_person_id   (KzPersonPicker *self);
void        kz_person_picker_set_person_id   (KzPersonPicker *self,
                                              gint64          person_id);
/* NULL until the people are loaded and one is chosen. */
const char *kz_person_picker_get_person_name (KzPersonPicker *self);
guint       kz_person_picker_get_n_people    (KzPersonPicker *self);
/* The chosen person's roles; KZ_ROLE_NONE until the people are loaded and
 * one is chosen. */
KzRoles     kz_person_picker_get_person_roles (KzPersonPicker *self);
/* Loads the people (or, on a team server, the login's person) again. */
void        kz_person_picker_reload          (KzPersonPicker *self);
/* TRUE on a team server: the login's person is shown, not picked. */
gboolean    kz_person_picker_get_login_mode  (KzPersonPicker *self);
/* Compact: the avatar alone, for narrow windows. */
void        kz_person_picker_set_compact     (KzPersonPicker *self,
                                              gboolean        compact);
/* "Agent, Reviewer" */
char       *kz_person_picker_describe_roles  (KzRoles         roles);

G_END_DECLS
