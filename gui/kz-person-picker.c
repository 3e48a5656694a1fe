/* kz-person-picker.c — "who are you?" in the header bar
 *
 * In single-file mode there are no accounts: whoever opens the file picks a
 * person, and the popover says so plainly.  The choice is only a point of
 * view, remembered in the current-person setting (bound by the window).
 *
 * On a team server the login is the identity: the picker shows the login's
 * person (or, for an administrator's login, what the store says it is) and
 * offers no choice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-person-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-person-picker.h"
#include "kz-store-job.h"

struct _KzPersonPicker
{
  AdwBin          parent_instance;

  KzStore        *store;
  GCancellable   *cancellable;
  GPtrArray      *people;       /* KzPerson* */
  gint64          person_id;
  char           *person_name;

  gboolean        login_mode;
  char           *login_description;

  GtkStack       *mode_stack;
  GtkMenuButton  *button;
  AdwAvatar      *avatar;
  GtkLabel       *name_label;
  GtkPopover     *popover;
  GtkSearchEntry *search_entry;
  GtkListBox     *list_box;
  GtkWidget      *login_box;
  AdwAvatar      *login_avatar;
  GtkLabel       *login_label;
};

G_DEFINE_FINAL_TYPE (KzPersonPicker, kz_person_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PERSON_ID,
  PROP_PERSON_NAME,
  PROP_LOGIN_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
kz_person_picker_describe_roles (KzRoles roles)
{
  static const struct {
    KzRoles     role;
    const char *name;
  } names[] = {
    { KZ_ROLE_AGENT, N_("Agent") },
    { KZ_ROLE_REVIEWER, N_("Reviewer") },
    { KZ_ROLE_MANAGER, N_("Manager") },
    { KZ_ROLE_STAFF, N_("Staff") },
    { KZ_ROLE_ADMIN, N_("Administrator") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if ((roles & names[i].role) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append (text, _(names[i].name));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const KzPerson *
find_person (KzPersonPicker *self,
             gint64          id)
{
  if (self->people == NULL || id == 0)
    return NULL;

  for (guint i = 0; i < self->people->len; i++)
    {
      const KzPerson *person = g_ptr_array_index (self->people, i);
      if (person->id == id)
        return person;
    }

  return NULL;
}

static void
update_login (KzPersonPicker *self)
{
  const KzPerson *person = find_person (self, self->person_id);
  g_autofree char *tooltip = NULL;

  if (person != NULL)
    {
      g_autofree char *roles = kz_person_picker_describe_roles (person->roles);

      adw_avatar_set_text (self->login_avatar, person->name);
      adw_avatar_set_show_initials (self->login_avatar, TRUE);
      gtk_label_set_text (self->login_label, person->name);
      /* Translators: tooltip of the signed-in person on a team server, e.g.
       * "Signed in to the team server as Ann Lee (Agent)" */
      tooltip = g_strdup_printf (_("Signed in to the team server as %s (%s)"), person->name, roles);
    }
  else
    {
      const char *text = self->login_description != NULL ? self->login_description : "";

      adw_avatar_set_text (self->login_avatar, NULL);
      adw_avatar_set_show_initials (self->login_avatar, FALSE);
      gtk_label_set_text (self->login_label, text);
      tooltip = g_strdup (text);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->login_box), tooltip);
}

static void
update_button (KzPersonPicker *self)
{
  const KzPerson *person = find_person (self, self->person_id);
  const char *name = person != NULL ? person->name : NULL;
  g_autofree char *tooltip = NULL;

  if (g_strcmp0 (name, self->person_name) != 0)
    {
      g_free (self->person_name);
      self->person_name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON_NAME]);
    }

  if (self->login_mode)
    {
      update_login (self);
      return;
    }

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name != NULL ? name : _("Choose Who You Are"));

  if (person != NULL)
    {
      g_autofree char *roles = kz_person_picker_describe_roles (person->roles);
      /* Translators: tooltip of the person button, e.g. "You are Ann Lee (Agent). Choose someone else" */
      tooltip = g_strdup_printf (_("You are %s (%s). Choose someone else"), name, roles);
    }
  else
    tooltip = g_strdup (_("Choose who you are"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");
      const KzPerson *row_person = g_object_get_data (G_OBJECT (row), "person");

      if (check != NULL && row_person != NULL)
        gtk_widget_set_opacity (check, row_person->id == self->person_id ? 1.0 : 0.0);
    }
}

static GtkWidget *
make_row (const KzPerson *person)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *avatar = adw_avatar_new (32, person->name, TRUE);
  GtkWidget *name = gtk_label_new (person->name);
  g_autofree char *roles_text = kz_person_picker_describe_roles (person->roles);
  GtkWidget *roles = gtk_label_new (roles_text);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (roles), 0);
  gtk_label_set_ellipsize (GTK_LABEL (roles), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (roles, "dim-label");
  gtk_widget_add_css_class (roles, "caption");
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), roles);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);

  gtk_widget_set_opacity (check, 0.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Current person"),
                                  -1);

  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), check);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, roles, NULL,
                                  -1);

  g_object_set_data (G_OBJECT (row), "person", (gpointer) person);
  g_object_set_data (G_OBJECT (row), "check", check);

  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  KzPersonPicker *self = user_data;
  const KzPerson *person = g_object_get_data (G_OBJECT (row), "person");
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_query = NULL;

  if (query == NULL || *query == '\0' || person == NULL)
    return TRUE;

  folded_name = g_utf8_casefold (person->name, -1);
  folded_query = g_utf8_casefold (query, -1);
  return strstr (folded_name, folded_query) != NULL;
}

static void
on_search_changed (KzPersonPicker *self)
{
  gtk_list_box_invalidate_filter (self->list_box);
}

static void
choose_row (KzPersonPicker *self,
            GtkListBoxRow  *row)
{
  const KzPerson *person = g_object_get_data (G_OBJECT (row), "person");

  if (person == NULL)
    return;

  kz_person_picker_set_person_id (self, person->id);
  gtk_popover_popdown (self->popover);
}

static void
on_row_activated (KzPersonPicker *self,
                  GtkListBoxRow  *row)
{
  choose_row (self, row);
}

static void
on_search_activate (KzPersonPicker *self)
{
  /* Enter picks the first person still shown. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (gtk_widget_get_child_visible (row))
        {
          choose_row (self, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
}

static void
on_popover_show (KzPersonPicker *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gpointer
load_people (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return kz_store_list_people (store, KZ_ROLE_NONE, error);
}

static void
load_people_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KzPersonPicker *self = KZ_PERSON_PICKER (object);
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  people = kz_store_job_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (people == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      else
        g_warning ("Could not list people: %s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  g_clear_pointer (&self->people, g_ptr_array_unref);
  self->people = g_steal_pointer (&people);

  for (guint i = 0; i < self->people->len; i++)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (self->people, i)));

  update_button (self);
}

typedef struct {
  gint64    person_id;
  KzPerson *person;
  char     *description;
} LoginInfo;

static void
login_info_free (gpointer p)
{
  LoginInfo *info = p;

  g_clear_pointer (&info->person, kz_person_free);
  g_free (info->description);
  g_free (info);
}

static gpointer
load_login (KzStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  LoginInfo *info = g_new0 (LoginInfo, 1);
  GError *local_error = NULL;

  info->person_id = kz_store_get_login_person_id (store, &local_error);
  if (local_error == NULL && info->person_id > 0)
    info->person = kz_store_get_person (store, info->person_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      login_info_free (info);
      return NULL;
    }

  info->description = g_strdup (kz_store_describe (store));
  return info;
}

static void
load_login_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KzPersonPicker *self = KZ_PERSON_PICKER (object);
  LoginInfo *info;
  g_autoptr(GError) error = NULL;

  info = kz_store_job_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (info == NULL)
    {
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      else
        g_warning ("Could not read who this login is: %s", error->message);
      return;
    }

  g_clear_pointer (&self->people, g_ptr_array_unref);
  self->people = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_person_free);
  if (info->person != NULL)
    g_ptr_array_add (self->people, g_steal_pointer (&info->person));
  g_free (self->login_description);
  self->login_description = g_steal_pointer (&info->description);

  if (self->person_id != info->person_id)
    {
      self->person_id = info->person_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON_ID]);
    }
  login_info_free (info);

  update_button (self);
}

void
kz_person_picker_reload (KzPersonPicker *self)
{
  g_return_if_fail (KZ_IS_PERSON_PICKER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  if (self->login_mode)
    kz_store_job_run_async (self->store, self, load_login, NULL, NULL, login_info_free,
                            self->cancellable, load_login_cb, NULL);
  else
    kz_store_job_run_async (self->store, self, load_people, NULL, NULL,
                            (GDestroyNotify) g_ptr_array_unref,
                            self->cancellable, load_people_cb, NULL);
}

void
kz_person_picker_set_store (KzPersonPicker *self,
                            KzStore        *store)
{
  GtkWidget *child;
  gboolean login_mode;

  g_return_if_fail (KZ_IS_PERSON_PICKER (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  login_mode = store != NULL && kz_store_is_shared (store);
  if (login_mode != self->login_mode)
    {
      self->login_mode = login_mode;
      gtk_stack_set_visible_child_name (self->mode_stack, login_mode ? "login" : "picker");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN_MODE]);
    }

  /* What was loaded from another store says nothing about this one. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->login_description, g_free);
  update_button (self);

  kz_person_picker_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KzRoles
kz_person_picker_get_person_roles (KzPersonPicker *self)
{
  g_return_val_if_fail (KZ_IS_PERSON_PICKER (self), KZ_ROLE_NONE);

  if (self->people == NULL || self->person_id == 0)
    return KZ_ROLE_NONE;
  for (guint i = 0; i < self->people->len; i++)
    {
      const KzPerson *person = g_ptr_array_index (self->people, i);

      if (person->id == self->person_id)
        return person->roles;
    }
  return KZ_ROLE_NONE;
}

gboolean
kz_person_picker_get_login_mode (KzPersonPicker *self)
{
  g_return_val_if_fail (KZ_IS_PERSON_PICKER (self), FALSE);
  return self->login_mode;
}

gint64
kz_person_picker_get_person_id (KzPersonPicker *self)
{
  g_return_val_if_fail (KZ_IS_PERSON_PICKER (self), 0);
  return self->person_id;
}

void
kz_person_picker_set_person_id (KzPersonPicker *self,
                                gint64          person_id)
{
  g_return_if_fail (KZ_IS_PERSON_PICKER (self));

  /* The server decides who a login is. */
  if (self->login_mode)
    return;

  if (self->person_id == person_id)
    return;

  self->person_id = person_id;
  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON_ID]);
}

const char *
kz_person_picker_get_person_name (KzPersonPicker *self)
{
  g_return_val_if_fail (KZ_IS_PERSON_PICKER (self), NULL);
  return self->person_name;
}

void
kz_person_picker_set_compact (KzPersonPicker *self,
                              gboolean        compact)
{
  g_return_if_fail (KZ_IS_PERSON_PICKER (self));

  gtk_widget_set_visible (GTK_WIDGET (self->name_label), !compact);
  gtk_widget_set_visible (GTK_WIDGET (self->login_label), !compact);
}

guint
kz_person_picker_get_n_people (KzPersonPicker *self)
{
  g_return_val_if_fail (KZ_IS_PERSON_PICKER (self), 0);
  return self->people != NULL ? self->people->len : 0;
}

static void
kz_person_picker_dispose (GObject *object)
{
  KzPersonPicker *self = KZ_PERSON_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  /* The bin's child is a template child: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_PERSON_PICKER);

  /* Rows point into the people array: free it after the rows are gone. */
  g_clear_pointer (&self->people, g_ptr_array_unref);

  G_OBJECT_CLASS (kz_person_picker_parent_class)->dispose (object);
}

static void
kz_person_picker_finalize (GObject *object)
{
  KzPersonPicker *self = KZ_PERSON_PICKER (object);

  g_free (self->person_name);
  g_free (self->login_description);

  G_OBJECT_CLASS (kz_person_picker_parent_class)->finalize (object);
}

static void
kz_person_picker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KzPersonPicker *self = KZ_PERSON_PICKER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PERSON_ID:
      g_value_set_int64 (value, self->person_id);
      break;
    case PROP_PERSON_NAME:
      g_value_set_string (value, self->person_name);
      break;
    case PROP_LOGIN_MODE:
      g_value_set_boolean (value, self->login_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_person_picker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KzPersonPicker *self = KZ_PERSON_PICKER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kz_person_picker_set_store (self, g_value_get_object (value));
      break;
    case PROP_PERSON_ID:
      kz_person_picker_set_person_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_person_picker_class_init (KzPersonPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_person_picker_dispose;
  object_class->finalize = kz_person_picker_finalize;
  object_class->get_property = kz_person_picker_get_property;
  object_class->set_property = kz_person_picker_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSON_ID] =
    g_param_spec_int64 ("person-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSON_NAME] =
    g_param_spec_string ("person-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGIN_MODE] =
    g_param_spec_boolean ("login-mode", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-person-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, button);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, login_box);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, login_avatar);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, login_label);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, avatar);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, name_label);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, popover);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
}

static void
kz_person_picker_init (KzPersonPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, filter_row, self, NULL);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->popover));
  update_button (self);
}

GtkWidget *
kz_person_picker_new (void)
{
  return g_object_new (KZ_TYPE_PERSON_PICKER, NULL);
}
