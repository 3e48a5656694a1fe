/* kz-rubric-view.c — one rubric version, read-only
 *
 * Sections become preferences groups; each criterion an expander row whose
 * header says weight, scale, N/A policy and critical level, and whose body
 * holds the guidance and every scale point with its own guidance.
 *
 * Each criterion shows the CX principles it serves (its own and its
 * section's) as chips in its header, titled from the store's library
 * (an id the library lacks shows as the id), and, in its body, the
 * personas its guidance has in mind.  "Principles & Personas…"
 * (rubric.cx-library) opens the library to read and edit.
 *
 * "Edit…" (rubric.edit) opens the rubric editor on this version in its own
 * window; when it stores a new version, the page shows that one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-cx-library.h"
#include "kz-error.h"
#include "kz-rubric-editor.h"
#include "kz-rubric-text.h"
#include "kz-rubric-view.h"
#include "kz-store-job.h"

struct _KzRubricView
{
  AdwBin             parent_instance;

  KzStore           *store;
  KzRubric          *rubric;
  GCancellable      *cancellable;
  gboolean           loading;
  KzRubricEditor    *editor;     /* the one open from here, not owned */
  GCancellable      *library_cancellable;
  GHashTable        *principle_titles;  /* id → title, from the store */
  GHashTable        *persona_names;     /* id → name */

  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *title_label;
  GtkLabel          *description_label;
  GtkFlowBox        *facts_box;
  GtkBox            *sections_box;
};

G_DEFINE_FINAL_TYPE (KzRubricView, kz_rubric_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RUBRIC,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_actions (KzRubricView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rubric.edit", self->store != NULL && self->rubric != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rubric.cx-library", self->store != NULL);
}

static void
set_loading (KzRubricView *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GtkWidget *
make_badge (const char *text,
            const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "kz-badge");
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

static void
add_fact (KzRubricView *self,
          const char   *text,
          const char   *style_class)
{
  GtkWidget *badge = make_badge (text, style_class);

  gtk_flow_box_append (self->facts_box, badge);
  /* The flow box child would otherwise stretch the badge. */
  gtk_widget_set_halign (gtk_widget_get_parent (badge), GTK_ALIGN_START);
  gtk_widget_set_can_focus (gtk_widget_get_parent (badge), FALSE);
}

static GtkWidget *
make_text_row (const char *text,
               const char *style_class)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
make_point_row (const KzScalePoint *point)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *value = kz_rubric_text_value (point->value);
  GtkWidget *value_label = gtk_label_new (value);
  g_autofree char *accessible = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), point->label);
  if (point->guidance != NULL && *point->guidance != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), point->guidance);

  gtk_widget_add_css_class (value_label, "kz-point-value");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_set_valign (value_label, GTK_ALIGN_CENTER);
  /* Translators: spoken by screen readers for a scale point's value */
  accessible = g_strdup_printf (_("Value %s"), value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), value_label);

  return row;
}

/* "Own the problem, Make it effortless": titles from the library. */
static char *
join_names (GHashTable         *names,
            const char * const *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const char *name = names != NULL ? g_hash_table_lookup (names, ids[i]) : NULL;

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, name != NULL ? name : ids[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkWidget *
make_links_row (const char *title,
                const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static GtkWidget *
make_criterion_row (KzRubricView      *self,
                    const KzCriterion *criterion)
{
  g_auto(GStrv) principles = kz_criterion_dup_principles (criterion);
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *weight = kz_rubric_text_weight (criterion->weight);
  g_autofree char *scale = criterion->scale != NULL ? kz_rubric_text_scale (criterion->scale) : g_strdup ("");
  g_autofree char *na = kz_rubric_text_na_policy (criterion);
  g_autofree char *critical = kz_rubric_text_critical (criterion);
  g_autofree char *fail_rule = kz_rubric_text_fail_rule (criterion);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), criterion->title);

  /* Translators: weight · scale · N/A policy, e.g. "Weight 2 · Scale 1–5 · N/A not allowed" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), weight, scale, na);
  if (!criterion->required)
    {
      char *with_optional = g_strdup_printf (_("%s · Optional"), subtitle);
      g_free (subtitle);
      subtitle = with_optional;
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  if (critical != NULL)
    {
      GtkWidget *badge = make_badge (critical,
                                     criterion->critical == KZ_CRITICAL_FORM ? "error" : "warning");

      if (fail_rule != NULL)
        gtk_widget_set_tooltip_text (badge, fail_rule);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);
    }

  /* The principles it serves, in the header: what a report per principle
   * counts this criterion under. */
  if (principles[0] != NULL)
    {
      GtkWidget *chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      g_autofree char *all = join_names (self->principle_titles, (const char * const *) principles);
      g_autofree char *accessible = g_strdup_printf (_("CX principles: %s"), all);

      gtk_widget_set_name (chips, "principle-chips");
      gtk_widget_set_valign (chips, GTK_ALIGN_CENTER);
      for (guint i = 0; principles[i] != NULL; i++)
        {
          const char *t = self->principle_titles != NULL ? g_hash_table_lookup (self->principle_titles, principles[i])
                                                         : NULL;
          GtkWidget *chip = make_badge (t != NULL ? t : principles[i], "kz-principle-chip");

          if (t == NULL)
            {
              gtk_widget_add_css_class (chip, "dim-label");
              gtk_widget_set_tooltip_text (chip, _("Not in the organisation’s principles"));
            }
          gtk_box_append (GTK_BOX (chips), chip);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (chips), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), chips);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), make_links_row (_("CX principles"), all));
    }
  if (criterion->personas != NULL && criterion->personas[0] != NULL)
    {
      g_autofree char *names = join_names (self->persona_names, (const char * const *) criterion->personas);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), make_links_row (_("Personas in mind"), names));
    }

  if (criterion->guidance != NULL && *criterion->guidance != '\0')
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), make_text_row (criterion->guidance, NULL));

  if (fail_rule != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), make_text_row (fail_rule, "kz-critical-note"));

  if (criterion->scale != NULL)
    {
      /* Highest first: reviewers read "what good looks like" before the rest. */
      for (guint i = criterion->scale->points->len; i > 0; i--)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  make_point_row (g_ptr_array_index (criterion->scale->points, i - 1)));
    }

  return row;
}

static GtkWidget *
make_section_group (KzRubricView    *self,
                    const KzSection *section)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *weight = kz_rubric_text_weight (section->weight);
  g_autofree char *criteria = NULL;
  g_autoptr(GString) description = g_string_new (NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), section->title);

  criteria = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u criterion", "%u criteria",
                                           section->criteria->len), section->criteria->len);
  /* Translators: "Weight 20 · 3 criteria" */
  g_string_printf (description, _("%s · %s"), weight, criteria);
  if (section->description != NULL && *section->description != '\0')
    {
      g_string_append (description, "\n");
      g_string_append (description, section->description);
    }
  if (section->principles != NULL && section->principles[0] != NULL)
    {
      g_autofree char *names = join_names (self->principle_titles, (const char * const *) section->principles);

      g_string_append (description, "\n");
      /* Translators: the CX principles a whole rubric section serves */
      g_string_append_printf (description, _("Principles: %s"), names);
    }

  {
    /* The group's description is markup */
    g_autofree char *escaped = g_markup_escape_text (description->str, -1);
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
  }

  for (guint i = 0; i < section->criteria->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               make_criterion_row (self, g_ptr_array_index (section->criteria, i)));

  return group;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static void
rebuild (KzRubricView *self)
{
  KzRubric *rubric = self->rubric;
  GPtrArray *sections;
  g_autofree char *version = NULL;
  g_autofree char *pass_mark = NULL;
  g_autofree char *pass_mark_value = NULL;
  g_autofree char *criteria = NULL;
  const char *description;
  guint n_critical = 0;

  clear_box (GTK_WIDGET (self->facts_box));
  clear_box (GTK_WIDGET (self->sections_box));

  if (rubric == NULL)
    return;

  gtk_label_set_text (self->title_label, kz_rubric_get_title (rubric));
  description = kz_rubric_get_description (rubric);
  gtk_label_set_text (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label),
                          description != NULL && *description != '\0');

  /* Translators: a rubric version, e.g. "Version 2" */
  version = g_strdup_printf (_("Version %d"), kz_rubric_get_version (rubric));
  add_fact (self, version, "accent");
  pass_mark_value = kz_rubric_text_value (kz_rubric_get_pass_mark (rubric));
  /* Translators: %s is a percentage, e.g. "Pass mark 80 %" */
  pass_mark = g_strdup_printf (_("Pass mark %s %%"), pass_mark_value);
  add_fact (self, pass_mark, NULL);
  criteria = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u criterion", "%u criteria",
                                           kz_rubric_get_n_criteria (rubric)),
                              kz_rubric_get_n_criteria (rubric));
  add_fact (self, criteria, NULL);
  add_fact (self, kz_rubric_get_id (rubric), "dim-label");

  sections = kz_rubric_get_sections (rubric);
  for (guint i = 0; i < sections->len; i++)
    {
      const KzSection *section = g_ptr_array_index (sections, i);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, j);
          if (criterion->critical != KZ_CRITICAL_NONE)
            n_critical++;
        }
      gtk_box_append (self->sections_box, make_section_group (self, section));
    }

  if (n_critical > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u critical criterion",
                                                            "%u critical criteria",
                                                            n_critical), n_critical);
      add_fact (self, text, "warning");
    }

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

/* ---- the CX library, for titles ------------------------------------------ */

typedef struct {
  GPtrArray *principles;
  GPtrArray *personas;
} Library;

static void
library_free (gpointer p)
{
  Library *lib = p;

  g_clear_pointer (&lib->principles, g_ptr_array_unref);
  g_clear_pointer (&lib->personas, g_ptr_array_unref);
  g_free (lib);
}

static gpointer
load_library (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Library *lib = g_new0 (Library, 1);

  if ((lib->principles = kz_store_list_principles (store, error)) == NULL ||
      (lib->personas = kz_store_list_personas (store, error)) == NULL)
    {
      library_free (lib);
      return NULL;
    }
  return lib;
}

static void
load_library_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KzRubricView *self = KZ_RUBRIC_VIEW (object);
  g_autoptr(GError) error = NULL;
  Library *lib = kz_store_job_finish (result, &error);

  if (lib == NULL)
    {
      /* The rubric still reads with ids for titles. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the CX principles: %s", error->message);
      return;
    }
  g_hash_table_remove_all (self->principle_titles);
  g_hash_table_remove_all (self->persona_names);
  for (guint i = 0; i < lib->principles->len; i++)
    {
      KzPrinciple *p = g_ptr_array_index (lib->principles, i);

      g_hash_table_insert (self->principle_titles, g_strdup (p->id), g_strdup (p->title));
    }
  for (guint i = 0; i < lib->personas->len; i++)
    {
      KzPersona *p = g_ptr_array_index (lib->personas, i);

      g_hash_table_insert (self->persona_names, g_strdup (p->id), g_strdup (p->name));
    }
  library_free (lib);
  rebuild (self);
}

/* Reads the principles' titles and personas' names again (the library
 * changed, or another rubric is shown). */
void
kz_rubric_view_reload_library (KzRubricView *self)
{
  g_return_if_fail (KZ_IS_RUBRIC_VIEW (self));

  if (self->store == NULL)
    return;
  g_cancellable_cancel (self->library_cancellable);
  g_clear_object (&self->library_cancellable);
  self->library_cancellable = g_cancellable_new ();
  kz_store_job_run_async (self->store, self, load_library, NULL, NULL, library_free,
                          self->library_cancellable, load_library_cb, NULL);
}

void
kz_rubric_view_set_rubric (KzRubricView *self,
                           KzRubric     *rubric)
{
  g_return_if_fail (KZ_IS_RUBRIC_VIEW (self));

  if (self->rubric == rubric)
    return;

  g_clear_pointer (&self->rubric, kz_rubric_unref);
  if (rubric != NULL)
    self->rubric = kz_rubric_ref (rubric);

  rebuild (self);
  gtk_stack_set_visible_child_name (self->stack, "rubric");
  update_actions (self);
  if (rubric != NULL)
    kz_rubric_view_reload_library (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUBRIC]);
}

typedef struct {
  char *id;
  int   version;
} LoadData;

static void
load_data_free (gpointer p)
{
  LoadData *data = p;

  g_free (data->id);
  g_free (data);
}

static gpointer
load_rubric (KzStore       *store,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadData *data = user_data;

  return kz_store_get_rubric (store, data->id, data->version, error);
}

static void
load_rubric_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KzRubricView *self = KZ_RUBRIC_VIEW (object);
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(GError) error = NULL;

  rubric = kz_store_job_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);

  if (rubric == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      if (g_error_matches (error, KZ_ERROR, KZ_ERROR_CONNECTION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connection-lost", "s", error->message);
      return;
    }

  kz_rubric_view_set_rubric (self, rubric);
}

void
kz_rubric_view_load (KzRubricView *self,
                     const char   *id,
                     int           version)
{
  LoadData *data;

  g_return_if_fail (KZ_IS_RUBRIC_VIEW (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (self->store != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->rubric != NULL &&
      g_strcmp0 (kz_rubric_get_id (self->rubric), id) == 0 &&
      kz_rubric_get_version (self->rubric) == version)
    {
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "rubric");
      return;
    }

  g_clear_pointer (&self->rubric, kz_rubric_unref);
  rebuild (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUBRIC]);

  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  data = g_new0 (LoadData, 1);
  data->id = g_strdup (id);
  data->version = version;
  kz_store_job_run_async (self->store, self, load_rubric, data, load_data_free,
                          (GDestroyNotify) kz_rubric_unref,
                          self->cancellable, load_rubric_cb, NULL);
}

static void
on_store_changed (KzRubricView *self,
                  const char   *what)
{
  if (self->rubric != NULL && (g_strcmp0 (what, "principles") == 0 || g_strcmp0 (what, "personas") == 0))
    kz_rubric_view_reload_library (self);
}

void
kz_rubric_view_set_store (KzRubricView *self,
                          KzStore      *store)
{
  g_return_if_fail (KZ_IS_RUBRIC_VIEW (self));
  g_return_if_fail (store == NULL || KZ_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  /* Someone else changed the library on the team server. */
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  update_actions (self);
}

/* ---- the editor ------------------------------------------------------------ */

static void
on_editor_saved (KzRubricView   *self,
                 KzRubric       *stored,
                 KzRubricEditor *editor)
{
  /* The new version on this page, and in the rubric list (a single file
   * announces nothing by itself). */
  kz_rubric_view_set_rubric (self, stored);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.refresh", NULL);
}

static void
on_editor_destroy (KzRubricView *self)
{
  self->editor = NULL;
}

KzRubricEditor *
kz_rubric_view_get_editor (KzRubricView *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_VIEW (self), NULL);
  return self->editor;
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzRubricView *self = KZ_RUBRIC_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->rubric == NULL || self->store == NULL)
    return;

  /* One editor from a page: a second press brings it back. */
  if (self->editor == NULL)
    {
      self->editor = kz_rubric_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           self->store, self->rubric);
      g_signal_connect_object (self->editor, "saved", G_CALLBACK (on_editor_saved), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->editor, "destroy", G_CALLBACK (on_editor_destroy), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->editor));
}

static void
on_library_changed (KzRubricView *self)
{
  kz_rubric_view_reload_library (self);
}

static void
cx_library_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KzRubricView *self = KZ_RUBRIC_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  KzCxLibrary *library;

  if (self->store == NULL)
    return;
  library = kz_cx_library_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store);
  g_signal_connect_object (library, "changed", G_CALLBACK (on_library_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (library));
}

KzRubric *
kz_rubric_view_get_rubric (KzRubricView *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_VIEW (self), NULL);
  return self->rubric;
}

gboolean
kz_rubric_view_get_loading (KzRubricView *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_VIEW (self), FALSE);
  return self->loading;
}

static void
kz_rubric_view_dispose (GObject *object)
{
  KzRubricView *self = KZ_RUBRIC_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->library_cancellable);
  g_clear_object (&self->library_cancellable);
  g_clear_pointer (&self->principle_titles, g_hash_table_unref);
  g_clear_pointer (&self->persona_names, g_hash_table_unref);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rubric, kz_rubric_unref);
  if (self->editor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->editor, self);
      self->editor = NULL;
    }

  /* The bin's child is a template child: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_RUBRIC_VIEW);

  G_OBJECT_CLASS (kz_rubric_view_parent_class)->dispose (object);
}

static void
kz_rubric_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KzRubricView *self = KZ_RUBRIC_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_RUBRIC:
      g_value_set_boxed (value, self->rubric);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_rubric_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KzRubricView *self = KZ_RUBRIC_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kz_rubric_view_set_store (self, g_value_get_object (value));
      break;
    case PROP_RUBRIC:
      kz_rubric_view_set_rubric (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_rubric_view_class_init (KzRubricViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_rubric_view_dispose;
  object_class->get_property = kz_rubric_view_get_property;
  object_class->set_property = kz_rubric_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUBRIC] =
    g_param_spec_boxed ("rubric", NULL, NULL, KZ_TYPE_RUBRIC,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-rubric-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KzRubricView, stack);
  gtk_widget_class_bind_template_child (widget_class, KzRubricView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzRubricView, error_page);
  gtk_widget_class_bind_template_child (widget_class, KzRubricView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, KzRubricView, title_label);
  gtk_widget_class_bind_template_child (widget_class, KzRubricView, description_label);
  gtk_widget_class_bind_template_child (widget_class, KzRubricView, facts_box);
  gtk_widget_class_bind_template_child (widget_class, KzRubricView, sections_box);

  gtk_widget_class_install_action (widget_class, "rubric.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "rubric.cx-library", NULL, cx_library_action);
}

static void
kz_rubric_view_init (KzRubricView *self)
{
  self->principle_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->persona_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
kz_rubric_view_new (void)
{
  return g_object_new (KZ_TYPE_RUBRIC_VIEW, NULL);
}
