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
  GtkListView    *list_view;
  GListStore     *rows;         /* KzPickerRow*, one per person */
  GtkFilterListModel *filtered; /* the rows the search leaves */
  GtkCustomFilter *filter;
  GPtrArray      *checks;       /* the bound rows' check marks (GtkWidget*) */
  GtkWidget      *login_box;
  AdwAvatar      *login_avatar;
  GtkLabel       *login_label;
};

G_DEFINE_FINAL_TYPE (KzPersonPicker, kz_person_picker, ADW_TYPE_BIN)

/* One person in the list.  The list view makes widgets only for the rows on
 * screen, so a centre of thousands of people opens as fast as one of ten. */
#define KZ_TYPE_PICKER_ROW (kz_picker_row_get_type ())
G_DECLARE_FINAL_TYPE (KzPickerRow, kz_picker_row, KZ, PICKER_ROW, GObject)

struct _KzPickerRow
{
  GObject         parent_instance;
  GPtrArray      *people;       /* a ref on the array that holds @person */
  const KzPerson *person;
  char           *folded_name;  /* for the search */
};

G_DEFINE_FINAL_TYPE (KzPickerRow, kz_picker_row, G_TYPE_OBJECT)

static void
kz_picker_row_finalize (GObject *object)
{
  KzPickerRow *self = KZ_PICKER_ROW (object);

  g_free (self->folded_name);
  g_ptr_array_unref (self->people);
  G_OBJECT_CLASS (kz_picker_row_parent_class)->finalize (object);
}

static void
kz_picker_row_class_init (KzPickerRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kz_picker_row_finalize;
}

static void
kz_picker_row_init (KzPickerRow *self)
{
}

static KzPickerRow *
kz_picker_row_new (GPtrArray *people,
                   guint      index)
{
  KzPickerRow *self = g_object_new (KZ_TYPE_PICKER_ROW, NULL);

  self->people = g_ptr_array_ref (people);
  self->person = g_ptr_array_index (people, index);
  self->folded_name = g_utf8_casefold (self->person->name, -1);
  return self;
}

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

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);
      const KzPerson *row_person = g_object_get_data (G_OBJECT (check), "person");

      gtk_widget_set_opacity (check, row_person != NULL && row_person->id == self->person_id ? 1.0 : 0.0);
    }
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           KzPersonPicker           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *avatar = adw_avatar_new (32, NULL, TRUE);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *roles = gtk_label_new (NULL);
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
  gtk_accessible_update_relation (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, roles, NULL,
                                  -1);
  g_object_set_data (G_OBJECT (box), "avatar", avatar);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "roles", roles);
  g_object_set_data (G_OBJECT (box), "check", check);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          KzPersonPicker           *self)
{
  KzPickerRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *check = g_object_get_data (G_OBJECT (box), "check");
  g_autofree char *roles = kz_person_picker_describe_roles (row->person->roles);

  adw_avatar_set_text (g_object_get_data (G_OBJECT (box), "avatar"), row->person->name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "name"), row->person->name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "roles"), roles);
  gtk_widget_set_opacity (check, row->person->id == self->person_id ? 1.0 : 0.0);
  g_object_set_data (G_OBJECT (check), "person", (gpointer) row->person);
  g_ptr_array_add (self->checks, check);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            KzPersonPicker           *self)
{
  GtkWidget *check = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "check");

  g_object_set_data (G_OBJECT (check), "person", NULL);
  g_ptr_array_remove_fast (self->checks, check);
}

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  KzPersonPicker *self = user_data;
  KzPickerRow *row = item;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded_query = NULL;

  if (query == NULL || *query == '\0')
    return TRUE;

  folded_query = g_utf8_casefold (query, -1);
  return strstr (row->folded_name, folded_query) != NULL;
}

static void
on_search_changed (KzPersonPicker *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
choose_position (KzPersonPicker *self,
                 guint           position)
{
  g_autoptr(KzPickerRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (row == NULL)
    return;

  kz_person_picker_set_person_id (self, row->person->id);
  gtk_popover_popdown (self->popover);
}

static void
on_row_activated (KzPersonPicker *self,
                  guint           position)
{
  choose_position (self, position);
}

static void
on_search_activate (KzPersonPicker *self)
{
  /* Enter picks the first person still shown. */
  choose_position (self, 0);
}

/* The list holds @people (or nobody). */
static void
set_rows (KzPersonPicker *self,
          GPtrArray      *people)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; people != NULL && i < people->len; i++)
    g_ptr_array_add (items, kz_picker_row_new (people, i));
  /* One change for the whole list, not one per person. */
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);
}

static void
on_popover_show (KzPersonPicker *self)
{
  /* The list view gets its rows the first time it shows, not at start. */
  if (gtk_list_view_get_model (self->list_view) == NULL)
    {
      g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));

      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
    }
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

  g_clear_pointer (&self->people, g_ptr_array_unref);
  self->people = g_steal_pointer (&people);
  set_rows (self, self->people);

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
  set_rows (self, NULL);
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

  /* The rows hold their own ref on the people they point into. */
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->people, g_ptr_array_unref);

  G_OBJECT_CLASS (kz_person_picker_parent_class)->dispose (object);
}

static void
kz_person_picker_finalize (GObject *object)
{
  KzPersonPicker *self = KZ_PERSON_PICKER (object);

  g_free (self->person_name);
  g_free (self->login_description);
  g_ptr_array_unref (self->checks);

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
  gtk_widget_class_bind_template_child (widget_class, KzPersonPicker, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
}

static void
kz_person_picker_init (KzPersonPicker *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->checks = g_ptr_array_new ();
  self->rows = g_list_store_new (KZ_TYPE_PICKER_ROW);
  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->popover));
  update_button (self);
}

GtkWidget *
kz_person_picker_new (void)
{
  return g_object_new (KZ_TYPE_PERSON_PICKER, NULL);
}
