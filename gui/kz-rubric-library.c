/* kz-rubric-library.c — the list of rubrics and their versions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric-library"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-error.h"
#include "kz-rubric-library.h"
#include "kz-store-job.h"

struct _KzRubricLibrary
{
  AdwBin         parent_instance;

  KzStore       *store;
  GCancellable  *cancellable;
  gboolean       loading;
  guint          n_rubrics;

  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkListBox    *list_box;
};

G_DEFINE_FINAL_TYPE (KzRubricLibrary, kz_rubric_library, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_N_RUBRICS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (KzRubricLibrary *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_row_activated (KzRubricLibrary *self,
                  GtkListBoxRow   *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "rubric-id");
  int version = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "rubric-version"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-rubric", "(si)", id, version);
}

static GtkWidget *
make_badge (const char *text,
            const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "kz-badge");
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

static GtkWidget *
make_row (const KzRubricInfo *info)
{
  GtkWidget *row;
  g_autofree char *subtitle = NULL;
  g_autofree char *version = NULL;
  g_autofree char *criteria = NULL;
  g_autofree char *evaluations = NULL;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->title);

  criteria = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u criterion", "%u criteria",
                                           info->n_criteria), info->n_criteria);
  evaluations = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evaluation", "%u evaluations",
                                              info->n_evaluations), info->n_evaluations);
  /* Translators: rubric id · number of criteria · number of evaluations */
  subtitle = g_strdup_printf (_("%s · %s · %s"), info->id, criteria, evaluations);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* Translators: a rubric's version number, short, e.g. "v2" */
  version = g_strdup_printf (_("v%d"), info->version);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_badge (version, "accent"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  g_object_set_data_full (G_OBJECT (row), "rubric-id", g_strdup (info->id), g_free);
  g_object_set_data (G_OBJECT (row), "rubric-version", GINT_TO_POINTER (info->version));

  return row;
}

static gpointer
load_rubrics (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return kz_store_list_rubrics (store, error);
}

static void
load_rubrics_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KzRubricLibrary *self = KZ_RUBRIC_LIBRARY (object);
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  infos = kz_store_job_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);

  if (infos == NULL)
    {
      /* A server that went away is a state the window shows (a banner with
       * Retry), not a bug; the rows from the last load stay, whole. */
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
          if (self->n_rubrics > 0)
            return;
        }
      else
        g_warning ("Could not list rubrics: %s", error->message);

      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < infos->len; i++)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (infos, i)));

  gtk_stack_set_visible_child_name (self->stack, infos->len > 0 ? "list" : "empty");

  if (self->n_rubrics != infos->len)
    {
      self->n_rubrics = infos->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUBRICS]);
    }
}

void
kz_rubric_library_reload (KzRubricLibrary *self)
{
  g_return_if_fail (KZ_IS_RUBRIC_LIBRARY (self));

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->n_rubrics == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  kz_store_job_run_async (self->store, self, load_rubrics, NULL, NULL,
                          (GDestroyNotify) g_ptr_array_unref,
                          self->cancellable, load_rubrics_cb, NULL);
}

GtkListBoxRow *
kz_rubric_library_find_row (KzRubricLibrary *self,
                            const char      *id,
                            int              version)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "rubric-id"), id) == 0 &&
          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "rubric-version")) == version)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

void
kz_rubric_library_set_store (KzRubricLibrary *self,
                             KzStore         *store)
{
  g_return_if_fail (KZ_IS_RUBRIC_LIBRARY (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  kz_rubric_library_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KzStore *
kz_rubric_library_get_store (KzRubricLibrary *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_LIBRARY (self), NULL);
  return self->store;
}

gboolean
kz_rubric_library_get_loading (KzRubricLibrary *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_LIBRARY (self), FALSE);
  return self->loading;
}

guint
kz_rubric_library_get_n_rubrics (KzRubricLibrary *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_LIBRARY (self), 0);
  return self->n_rubrics;
}

static void
kz_rubric_library_dispose (GObject *object)
{
  KzRubricLibrary *self = KZ_RUBRIC_LIBRARY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  /* The bin's child is a template child: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_RUBRIC_LIBRARY);

  G_OBJECT_CLASS (kz_rubric_library_parent_class)->dispose (object);
}

static void
kz_rubric_library_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KzRubricLibrary *self = KZ_RUBRIC_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_RUBRICS:
      g_value_set_uint (value, self->n_rubrics);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_rubric_library_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KzRubricLibrary *self = KZ_RUBRIC_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kz_rubric_library_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_rubric_library_class_init (KzRubricLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_rubric_library_dispose;
  object_class->get_property = kz_rubric_library_get_property;
  object_class->set_property = kz_rubric_library_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RUBRICS] =
    g_param_spec_uint ("n-rubrics", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-rubric-library.ui");
  gtk_widget_class_bind_template_child (widget_class, KzRubricLibrary, stack);
  gtk_widget_class_bind_template_child (widget_class, KzRubricLibrary, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzRubricLibrary, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzRubricLibrary, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
kz_rubric_library_init (KzRubricLibrary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kz_rubric_library_new (void)
{
  return g_object_new (KZ_TYPE_RUBRIC_LIBRARY, NULL);
}
