/* kz-rubric-editor.c — edit a rubric, see what it would change, save a version
 *
 * The window edits a KzRubricDraft and decides nothing itself: every check
 * is the draft's (the rubric loader's, run on the draft's XML), every
 * number of the What If comes from kz_what_if_compute(), and saving is
 * kz_rubric_store_new_version() — always a new version, one above the
 * newest stored, so evaluations keep the version they were scored with.
 *
 * Left, an outline: the rubric's settings, its sections with their
 * criteria, the shared scales.  Right, the fields of what is selected.
 * Every change runs the draft's check (in an idle, so a burst of typing is
 * one check); its message shows on top, on the item's row and above the
 * item's fields.  The detail pane is built again only when the selection
 * or the shape of a scale changes, so typing never loses its place.
 *
 * Store work — reading the versions, re-scoring, saving — runs in store
 * jobs; exporting is GIO's asynchronous file replace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-rubric-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kz-chart-frame.h"
#include "kz-error.h"
#include "kz-rubric-editor.h"
#include "kz-rubric-text.h"
#include "kz-rubric-writer.h"
#include "kz-store-job.h"

/* Ranges of the number fields.  Wider than the format allows on purpose:
 * what is out of range is the loader's to refuse, with its message. */
#define WEIGHT_MAX   10000.0
#define VALUE_LIMIT  1000.0
#define CHART_HEIGHT 220

typedef enum {
  F_RUBRIC_TITLE,
  F_RUBRIC_DESCRIPTION,
  F_PASS_MARK,
  F_DISPUTE_DAYS,
  F_SECTION_ID,
  F_SECTION_TITLE,
  F_SECTION_DESCRIPTION,
  F_SECTION_WEIGHT,
  F_CRITERION_ID,
  F_CRITERION_TITLE,
  F_CRITERION_GUIDANCE,
  F_CRITERION_WEIGHT,
  F_CRITERION_REQUIRED,
  F_NA_POLICY,
  F_NA_VALUE,
  F_CRITICAL,
  F_HAS_FAIL_BELOW,
  F_FAIL_BELOW,
  F_SCALE_CHOICE,
  F_SCALE_KIND,
  F_POINT_VALUE,
  F_POINT_LABEL,
  F_POINT_GUIDANCE,
  F_SECTION_PRINCIPLES,
  F_CRITERION_PRINCIPLES,
  F_CRITERION_PERSONAS,
} Field;

struct _KzRubricEditor
{
  AdwWindow             parent_instance;

  KzStore              *store;
  KzRubric             *base;
  KzRubricDraft        *draft;
  GCancellable         *cancellable;
  int                   latest_version;   /* newest stored; 0 until read */
  guint                 n_evaluations;    /* of this rubric id, every version */
  gboolean              saving;
  gboolean              exporting;
  gboolean              what_if_running;
  gboolean              what_if_stale;
  gboolean              discarding;
  gboolean              disposed;
  KzWhatIf             *what_if;
  guint                 update_source;
  guint                 rebuild_source;
  GtkFileChooserNative *chooser;

  /* What is selected, and the detail pane built for it. */
  KzDraftItemKind       sel_kind;
  gpointer              sel_item;
  gboolean              filling;          /* widgets being set from the draft */
  GtkLabel             *detail_problem;
  GtkWidget            *points_box;       /* the scale's points, built again when they change */
  KzDraftScale         *points_scale;
  GtkWidget            *na_value_row;
  GtkWidget            *fail_row;
  GtkWidget            *fail_switch;
  GtkWidget            *fail_spin;
  GtkWidget            *shared_note_row;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  GtkWidget            *cancel_button;
  GtkWidget            *save_button;
  GtkWidget            *export_button;
  GtkSpinner           *spinner;
  GtkRevealer          *problem_revealer;
  GtkLabel             *problem_label;
  GtkWidget            *paned;
  GtkListBox           *outline_list;
  GtkBox               *detail_box;
  GtkWidget            *detail_scroll;
  GtkWidget            *what_if_button;
  GtkLabel             *what_if_status;
  GtkLabel             *what_if_n;
  GtkLabel             *what_if_mean;
  AdwActionRow         *what_if_pass_row;
  GtkLabel             *what_if_pass_rate;
  GtkLabel             *what_if_became_pass;
  GtkLabel             *what_if_became_fail;
  GtkLabel             *what_if_unscored;
  GtkLabel             *what_if_dropped;
  GtkLabel             *what_if_unfit;
  GtkBox               *charts_box;
  KzChartFrame         *before_chart;
  KzChartFrame         *after_chart;
};

G_DEFINE_FINAL_TYPE (KzRubricEditor, kz_rubric_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RUBRIC,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_actions   (KzRubricEditor *self);
static void rebuild_detail   (KzRubricEditor *self);
static void rebuild_outline  (KzRubricEditor *self);
static void schedule_update  (KzRubricEditor *self);

/* ---- pure helpers ----------------------------------------------------------- */

char *
kz_rubric_editor_format_change (double   before,
                                double   after,
                                gboolean percent)
{
  g_autofree char *b = isnan (before) ? g_strdup ("—") : g_strdup_printf (percent ? "%.1f%%" : "%.1f", before);
  g_autofree char *a = isnan (after) ? g_strdup ("—") : g_strdup_printf (percent ? "%.1f%%" : "%.1f", after);

  /* Translators: a number now and with the edits, e.g. "54.2 → 61.0" */
  return g_strdup_printf (_("%s → %s"), b, a);
}

/* "2 points: No – Yes", "5 points: 1 – 5". */
static char *
describe_scale (const KzDraftScale *scale)
{
  const KzDraftPoint *first, *last;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  if (scale->points->len == 0)
    return g_strdup (_("No points"));

  first = g_ptr_array_index (scale->points, 0);
  last = g_ptr_array_index (scale->points, scale->points->len - 1);
  low = *first->label != '\0' ? g_strdup (first->label) : kz_rubric_text_value (first->value);
  high = *last->label != '\0' ? g_strdup (last->label) : kz_rubric_text_value (last->value);
  /* Translators: a scale: how many points, its lowest and highest label */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point: %s – %s", "%u points: %s – %s",
                                       scale->points->len),
                          scale->points->len, low, high);
}

static const char *
name_or_id (const char *title,
            const char *id)
{
  if (title != NULL && *title != '\0')
    return title;
  if (id != NULL && *id != '\0')
    return id;
  return _("Untitled");
}

/* ---- state ------------------------------------------------------------------ */

static gboolean
is_busy (KzRubricEditor *self)
{
  return self->saving || self->exporting || self->what_if_running;
}

static void
notify_busy (KzRubricEditor *self)
{
  gboolean busy = is_busy (self);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Nothing changes under a save: what is stored is what was shown. */
  gtk_widget_set_sensitive (self->paned, !self->saving);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
toast (KzRubricEditor *self,
       const char     *message)
{
  if (self->disposed)
    return;
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
show_error (KzRubricEditor *self,
            const char     *heading,
            const char     *message)
{
  GtkWidget *dialog;

  if (self->disposed)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static int
next_version (KzRubricEditor *self)
{
  return self->latest_version > 0 ? self->latest_version + 1 : 0;
}

int
kz_rubric_editor_get_next_version (KzRubricEditor *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_EDITOR (self), 0);
  return next_version (self);
}

gboolean
kz_rubric_editor_get_busy (KzRubricEditor *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_EDITOR (self), FALSE);
  return is_busy (self);
}

KzRubricDraft *
kz_rubric_editor_get_draft (KzRubricEditor *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_EDITOR (self), NULL);
  return self->draft;
}

const KzWhatIf *
kz_rubric_editor_get_what_if (KzRubricEditor *self)
{
  g_return_val_if_fail (KZ_IS_RUBRIC_EDITOR (self), NULL);
  return self->what_if;
}

static gboolean
problem_is_about (const KzDraftProblem *problem,
                  KzDraftItemKind       kind,
                  gpointer              item)
{
  return problem != NULL && problem->kind == kind && problem->item == item;
}

/* The one place that decides which actions work now. */
static void
update_actions (KzRubricEditor *self)
{
  const KzDraftProblem *problem;
  gboolean valid, modified, busy = is_busy (self);
  gboolean section = self->sel_kind == KZ_DRAFT_ITEM_SECTION;
  gboolean criterion = self->sel_kind == KZ_DRAFT_ITEM_CRITERION;
  gboolean up = FALSE, down = FALSE;
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->draft == NULL)
    return;

  problem = kz_rubric_draft_check (self->draft);
  valid = problem == NULL;
  modified = kz_rubric_draft_is_modified (self->draft);

  if (section)
    {
      int index = kz_rubric_draft_get_section_index (self->draft, self->sel_item);
      guint n = kz_rubric_draft_get_sections (self->draft)->len;

      up = index > 0;
      down = index >= 0 && (guint) index + 1 < n;
    }
  else if (criterion)
    {
      KzDraftCriterion *c = self->sel_item;
      GPtrArray *sections = kz_rubric_draft_get_sections (self->draft);
      int s = kz_rubric_draft_get_section_index (self->draft, c->section);
      guint index = 0;

      g_ptr_array_find (c->section->criteria, c, &index);
      up = s > 0 || index > 0;
      down = (guint) s + 1 < sections->len || index + 1 < c->section->criteria->len;
    }

  gtk_widget_action_set_enabled (widget, "editor.save",
                                 self->store != NULL && !busy && valid && modified && next_version (self) > 0);
  gtk_widget_action_set_enabled (widget, "editor.export", !busy && valid);
  gtk_widget_action_set_enabled (widget, "editor.what-if", self->store != NULL && !busy && valid);
  gtk_widget_action_set_enabled (widget, "editor.show-problem", !valid);
  gtk_widget_action_set_enabled (widget, "editor.add-section", !self->saving);
  gtk_widget_action_set_enabled (widget, "editor.add-criterion", !self->saving && (section || criterion));
  gtk_widget_action_set_enabled (widget, "editor.move-up", !self->saving && up);
  gtk_widget_action_set_enabled (widget, "editor.move-down", !self->saving && down);
  gtk_widget_action_set_enabled (widget, "editor.remove", !self->saving && (section || criterion));
}

static void
update_titles (KzRubricEditor *self)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *save = NULL;
  int next = next_version (self);

  /* Translators: the editor's subtitle: rubric title and the version edited */
  subtitle = g_strdup_printf (_("%s · from version %d"), kz_rubric_draft_get_title (self->draft),
                              kz_rubric_get_version (self->base));
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);

  if (next > 0)
    /* Translators: the save button: the version it stores */
    save = g_strdup_printf (_("_Save as Version %d"), next);
  else
    save = g_strdup (_("_Save as New Version"));
  gtk_button_set_label (GTK_BUTTON (self->save_button), save);
}

static void
update_what_if_status (KzRubricEditor *self)
{
  if (self->what_if_running)
    gtk_label_set_text (self->what_if_status, _("Re-scoring…"));
  else if (self->what_if == NULL)
    gtk_label_set_text (self->what_if_status, kz_rubric_draft_check (self->draft) != NULL
                        ? _("Fix the problem shown above to run What If.")
                        : _("Not run yet."));
  else if (self->what_if_stale)
    gtk_label_set_text (self->what_if_status, _("The rubric changed since these numbers: run What If again."));
  else if (self->what_if->n == 0)
    gtk_label_set_text (self->what_if_status,
                        _("No submitted evaluation uses this rubric yet: there is nothing to re-score."));
  else
    gtk_label_set_text (self->what_if_status,
                        _("“Now” is each evaluation's stored score, under the version it was scored with."));
}

static gboolean
update_now (gpointer data)
{
  KzRubricEditor *self = data;
  const KzDraftProblem *problem;

  self->update_source = 0;
  problem = kz_rubric_draft_check (self->draft);

  gtk_revealer_set_reveal_child (self->problem_revealer, problem != NULL);
  if (problem != NULL)
    gtk_label_set_text (self->problem_label, problem->message);

  if (self->detail_problem != NULL)
    {
      gboolean here = problem_is_about (problem, self->sel_kind, self->sel_item);

      gtk_widget_set_visible (GTK_WIDGET (self->detail_problem), here);
      if (here)
        gtk_label_set_text (self->detail_problem, problem->detail);
    }

  rebuild_outline (self);
  update_titles (self);
  update_what_if_status (self);
  update_actions (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_update (KzRubricEditor *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add (update_now, self);
}

static void
on_draft_changed (KzRubricEditor *self)
{
  if (self->what_if != NULL)
    self->what_if_stale = TRUE;
  schedule_update (self);
}

/* ---- the outline --------------------------------------------------------------- */

static GtkWidget *
outline_row (KzRubricEditor  *self,
             KzDraftItemKind  kind,
             gpointer         item,
             const char      *title,
             const char      *subtitle,
             int              indent,
             gboolean         heading)
{
  const KzDraftProblem *problem = kz_rubric_draft_check (self->draft);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);

  gtk_widget_set_margin_start (box, indent);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  if (heading)
    gtk_widget_add_css_class (title_label, "heading");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title_label);
  if (subtitle != NULL && *subtitle != '\0')
    {
      GtkWidget *subtitle_label = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (subtitle_label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (subtitle_label, "caption");
      gtk_widget_add_css_class (subtitle_label, "dim-label");
      gtk_box_append (GTK_BOX (labels), subtitle_label);
    }
  gtk_box_append (GTK_BOX (box), labels);

  if (problem_is_about (problem, kind, item))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_widget_set_tooltip_text (icon, problem->detail);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Has a problem"), -1);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_widget_add_css_class (row, "kz-outline-problem");
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "kz-kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (row), "kz-item", item);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static GtkWidget *
outline_heading (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_can_focus (row, FALSE);
  return row;
}

static void
rebuild_outline (KzRubricEditor *self)
{
  GPtrArray *sections = kz_rubric_draft_get_sections (self->draft);
  GPtrArray *scales = kz_rubric_draft_get_shared_scales (self->draft);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->outline_list));
  GtkListBoxRow *selected = NULL;
  GtkWidget *child;

  self->filling = TRUE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outline_list))) != NULL)
    gtk_list_box_remove (self->outline_list, child);

  gtk_list_box_append (self->outline_list,
                       outline_row (self, KZ_DRAFT_ITEM_RUBRIC, NULL, _("Rubric Settings"),
                                    kz_rubric_draft_get_title (self->draft), 0, TRUE));

  for (guint s = 0; s < sections->len; s++)
    {
      KzDraftSection *section = g_ptr_array_index (sections, s);
      g_autofree char *weight = kz_rubric_text_weight (section->weight);
      g_autofree char *subtitle = NULL;

      /* Translators: a section in the editor's outline: "Weight 10 · 2 criteria" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u criterion", "%s · %u criteria",
                                               section->criteria->len),
                                  weight, section->criteria->len);
      gtk_list_box_append (self->outline_list,
                           outline_row (self, KZ_DRAFT_ITEM_SECTION, section,
                                        name_or_id (section->title, section->id), subtitle, 0, TRUE));

      for (guint c = 0; c < section->criteria->len; c++)
        {
          KzDraftCriterion *criterion = g_ptr_array_index (section->criteria, c);
          g_autofree char *cweight = kz_rubric_text_weight (criterion->weight);
          g_autofree char *scale = describe_scale (criterion->scale);
          g_autofree char *csub = NULL;

          /* Translators: a criterion in the outline: "Weight 2 · 5 points: 1 – 5" */
          csub = g_strdup_printf (_("%s · %s"), cweight, scale);
          gtk_list_box_append (self->outline_list,
                               outline_row (self, KZ_DRAFT_ITEM_CRITERION, criterion,
                                            name_or_id (criterion->title, criterion->id), csub, 18, FALSE));
        }
    }

  if (scales->len > 0)
    {
      gtk_list_box_append (self->outline_list, outline_heading (_("Shared Scales")));
      for (guint i = 0; i < scales->len; i++)
        {
          KzDraftScale *scale = g_ptr_array_index (scales, i);
          guint users = kz_rubric_draft_count_scale_users (self->draft, scale);
          g_autofree char *points = describe_scale (scale);
          g_autofree char *subtitle = NULL;

          /* Translators: a shared scale in the outline: its points and how many criteria use it */
          subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u criterion", "%s · %u criteria", users),
                                      points, users);
          gtk_list_box_append (self->outline_list,
                               outline_row (self, KZ_DRAFT_ITEM_SCALE, scale, scale->id, subtitle, 0, FALSE));
        }
    }

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->outline_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "kz-kind")) == (int) self->sel_kind &&
          g_object_get_data (G_OBJECT (child), "kz-item") == self->sel_item &&
          gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (child)))
        selected = GTK_LIST_BOX_ROW (child);
    }
  gtk_list_box_select_row (self->outline_list, selected);
  if (had_focus && selected != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (selected));

  self->filling = FALSE;
}

static void
on_outline_row_selected (KzRubricEditor *self,
                         GtkListBoxRow  *row)
{
  KzDraftItemKind kind;
  gpointer item;

  if (self->filling || row == NULL)
    return;

  kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kz-kind"));
  item = g_object_get_data (G_OBJECT (row), "kz-item");
  if (kind == self->sel_kind && item == self->sel_item)
    return;

  self->sel_kind = kind;
  self->sel_item = item;
  rebuild_detail (self);
  update_actions (self);
}

void
kz_rubric_editor_select (KzRubricEditor  *self,
                         KzDraftItemKind  kind,
                         gpointer         item)
{
  g_return_if_fail (KZ_IS_RUBRIC_EDITOR (self));

  self->sel_kind = kind;
  self->sel_item = item;
  adw_view_stack_set_visible_child_name (self->view_stack, "edit");
  rebuild_detail (self);
  rebuild_outline (self);
  update_actions (self);
}

/* ---- fields ---------------------------------------------------------------------- */

static void
set_field (GObject *object,
           Field    field,
           gpointer item)
{
  g_object_set_data (object, "kz-field", GINT_TO_POINTER (field));
  g_object_set_data (object, "kz-item", item);
}

static Field
get_field (gpointer object,
           gpointer *item)
{
  *item = g_object_get_data (G_OBJECT (object), "kz-item");
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (object), "kz-field"));
}

static gboolean
idle_rebuild_detail (gpointer data)
{
  KzRubricEditor *self = data;

  self->rebuild_source = 0;
  rebuild_detail (self);
  return G_SOURCE_REMOVE;
}

/* After the shape of a scale changed: never from inside the handler of a
 * widget that the rebuild destroys. */
static void
schedule_rebuild_detail (KzRubricEditor *self)
{
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add (idle_rebuild_detail, self);
}

/* "own-it  easy" → { "own-it", "easy" }: ids as a links attribute has them. */
static GStrv
split_ids (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text != NULL ? text : "", " \t,", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (b, parts[i]);
  return g_strv_builder_end (b);
}

static char *
join_ids (GStrv ids)
{
  return ids != NULL ? g_strjoinv (" ", ids) : g_strdup ("");
}

static void
apply_text (KzRubricEditor *self,
            gpointer        object,
            const char     *text)
{
  gpointer item;
  Field field = get_field (object, &item);
  KzRubricDraft *d = self->draft;

  if (self->filling)
    return;

  switch (field)
    {
    case F_RUBRIC_TITLE:
      kz_rubric_draft_set_title (d, text);
      break;
    case F_RUBRIC_DESCRIPTION:
      kz_rubric_draft_set_description (d, text);
      break;
    case F_SECTION_ID:
      kz_rubric_draft_set_section_id (d, item, text);
      break;
    case F_SECTION_TITLE:
      kz_rubric_draft_set_section_title (d, item, text);
      break;
    case F_SECTION_DESCRIPTION:
      kz_rubric_draft_set_section_description (d, item, text);
      break;
    case F_CRITERION_ID:
      kz_rubric_draft_set_criterion_id (d, item, text);
      break;
    case F_CRITERION_TITLE:
      kz_rubric_draft_set_criterion_title (d, item, text);
      break;
    case F_CRITERION_GUIDANCE:
      kz_rubric_draft_set_criterion_guidance (d, item, text);
      break;
    case F_SECTION_PRINCIPLES:
      {
        g_auto(GStrv) ids = split_ids (text);

        kz_rubric_draft_set_section_principles (d, item, (const char * const *) ids);
      }
      break;
    case F_CRITERION_PRINCIPLES:
    case F_CRITERION_PERSONAS:
      {
        KzDraftCriterion *c = item;
        g_auto(GStrv) ids = split_ids (text);

        kz_rubric_draft_set_criterion_links (d, c,
                                             (const char * const *) (field == F_CRITERION_PRINCIPLES ? ids : c->principles),
                                             (const char * const *) (field == F_CRITERION_PERSONAS ? ids : c->personas));
      }
      break;
    case F_POINT_LABEL:
    case F_POINT_GUIDANCE:
      {
        KzDraftScale *scale = item;
        guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (object), "kz-point"));
        KzDraftPoint *point;

        if (index >= scale->points->len)
          return;
        point = g_ptr_array_index (scale->points, index);
        kz_rubric_draft_set_point (d, scale, index, point->value,
                                   field == F_POINT_LABEL ? text : point->label,
                                   field == F_POINT_GUIDANCE ? text : point->guidance);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_editable_changed (GtkEditable    *editable,
                     KzRubricEditor *self)
{
  apply_text (self, editable, gtk_editable_get_text (editable));
}

static void
on_buffer_changed (GtkTextBuffer  *buffer,
                   KzRubricEditor *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  apply_text (self, buffer, text);
}

static void
update_criterion_dependents (KzRubricEditor   *self,
                             KzDraftCriterion *c)
{
  if (self->na_value_row != NULL)
    gtk_widget_set_visible (self->na_value_row, c->na_policy == KZ_NA_FIXED);
  if (self->fail_row != NULL)
    gtk_widget_set_sensitive (self->fail_row, c->critical != KZ_CRITICAL_NONE);
  if (self->fail_spin != NULL)
    gtk_widget_set_sensitive (self->fail_spin, c->has_fail_below);
}

static void
apply_number (KzRubricEditor *self,
              gpointer        object,
              double          value)
{
  gpointer item;
  Field field = get_field (object, &item);
  KzRubricDraft *d = self->draft;

  if (self->filling)
    return;

  switch (field)
    {
    case F_PASS_MARK:
      kz_rubric_draft_set_pass_mark (d, value);
      break;
    case F_DISPUTE_DAYS:
      kz_rubric_draft_set_dispute_days (d, (int) round (value));
      break;
    case F_SECTION_WEIGHT:
      kz_rubric_draft_set_section_weight (d, item, value);
      break;
    case F_CRITERION_WEIGHT:
      kz_rubric_draft_set_criterion_weight (d, item, value);
      break;
    case F_NA_VALUE:
      {
        KzDraftCriterion *c = item;

        kz_rubric_draft_set_criterion_na (d, c, c->na_policy, value);
      }
      break;
    case F_FAIL_BELOW:
      {
        KzDraftCriterion *c = item;

        kz_rubric_draft_set_criterion_critical (d, c, c->critical, c->has_fail_below, value);
      }
      break;
    case F_POINT_VALUE:
      {
        KzDraftScale *scale = item;
        guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (object), "kz-point"));
        KzDraftPoint *point;

        if (index >= scale->points->len)
          return;
        point = g_ptr_array_index (scale->points, index);
        kz_rubric_draft_set_point (d, scale, index, value, point->label, point->guidance);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_spin_value_changed (GtkSpinButton  *spin,
                       KzRubricEditor *self)
{
  apply_number (self, spin, gtk_spin_button_get_value (spin));
}

/* "2", "0.5", "82.5": no trailing zeros. */
static gboolean
on_spin_output (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%.6g", gtk_spin_button_get_value (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
on_switch_active (GtkSwitch      *sw,
                  GParamSpec     *pspec,
                  KzRubricEditor *self)
{
  gpointer item;
  Field field = get_field (sw, &item);
  gboolean active = gtk_switch_get_active (sw);

  if (self->filling)
    return;

  if (field == F_CRITERION_REQUIRED)
    kz_rubric_draft_set_criterion_required (self->draft, item, active);
  else if (field == F_HAS_FAIL_BELOW)
    {
      KzDraftCriterion *c = item;
      double value = self->fail_spin != NULL ? gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->fail_spin))
                                             : c->fail_below;

      kz_rubric_draft_set_criterion_critical (self->draft, c, c->critical, active, value);
      update_criterion_dependents (self, c);
    }
}

static const KzNaPolicy na_policies[] = { KZ_NA_EXCLUDE, KZ_NA_PASS, KZ_NA_FIXED, KZ_NA_FORBIDDEN };
static const KzCriticalLevel critical_levels[] = { KZ_CRITICAL_NONE, KZ_CRITICAL_SECTION, KZ_CRITICAL_FORM };
static const KzScaleKind scale_kinds[] = { KZ_SCALE_KIND_BINARY, KZ_SCALE_KIND_ORDINAL, KZ_SCALE_KIND_LABELLED };

static void
on_combo_selected (AdwComboRow    *combo,
                   GParamSpec     *pspec,
                   KzRubricEditor *self)
{
  gpointer item;
  Field field = get_field (combo, &item);
  guint selected = adw_combo_row_get_selected (combo);

  if (self->filling || selected == GTK_INVALID_LIST_POSITION)
    return;

  switch (field)
    {
    case F_NA_POLICY:
      {
        KzDraftCriterion *c = item;

        if (selected >= G_N_ELEMENTS (na_policies))
          return;
        kz_rubric_draft_set_criterion_na (self->draft, c, na_policies[selected], c->na_value);
        update_criterion_dependents (self, c);
      }
      break;
    case F_CRITICAL:
      {
        KzDraftCriterion *c = item;

        if (selected >= G_N_ELEMENTS (critical_levels))
          return;
        kz_rubric_draft_set_criterion_critical (self->draft, c, critical_levels[selected], c->has_fail_below,
                                                c->fail_below);
        update_criterion_dependents (self, c);
      }
      break;
    case F_SCALE_KIND:
      if (selected >= G_N_ELEMENTS (scale_kinds))
        return;
      kz_rubric_draft_set_scale_kind (self->draft, item, scale_kinds[selected]);
      schedule_rebuild_detail (self);
      break;
    case F_SCALE_CHOICE:
      {
        KzDraftCriterion *c = item;
        GPtrArray *shared = kz_rubric_draft_get_shared_scales (self->draft);

        if (selected == 0)
          kz_rubric_draft_use_own_scale (self->draft, c);
        else if (selected - 1 < shared->len)
          kz_rubric_draft_use_shared_scale (self->draft, c, g_ptr_array_index (shared, selected - 1));
        schedule_rebuild_detail (self);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- widgets for fields -------------------------------------------------------------- */

static GtkWidget *
entry_row (KzRubricEditor *self,
           const char     *name,
           const char     *title,
           const char     *text,
           Field           field,
           gpointer        item)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  set_field (G_OBJECT (row), field, item);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_editable_changed), self, 0);
  return row;
}

static GtkWidget *
spin_button (KzRubricEditor *self,
             const char     *name,
             double          value,
             double          lower,
             double          upper,
             double          step,
             guint           digits,
             Field           field,
             gpointer        item)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  gtk_widget_set_name (spin, name);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), FALSE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  set_field (G_OBJECT (spin), field, item);
  g_signal_connect (spin, "output", G_CALLBACK (on_spin_output), NULL);
  on_spin_output (GTK_SPIN_BUTTON (spin));
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_spin_value_changed), self, 0);
  return spin;
}

static GtkWidget *
spin_row (KzRubricEditor *self,
          const char     *name,
          const char     *title,
          const char     *subtitle,
          double          value,
          double          lower,
          double          upper,
          double          step,
          guint           digits,
          Field           field,
          gpointer        item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = spin_button (self, name, value, lower, upper, step, digits, field, item);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  return row;
}

static GtkWidget *
switch_row (KzRubricEditor *self,
            const char     *name,
            const char     *title,
            const char     *subtitle,
            gboolean        active,
            Field           field,
            gpointer        item,
            GtkWidget     **switch_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  gtk_widget_set_name (sw, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  set_field (G_OBJECT (sw), field, item);
  g_signal_connect_object (sw, "notify::active", G_CALLBACK (on_switch_active), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  if (switch_out != NULL)
    *switch_out = sw;
  return row;
}

static GtkWidget *
combo_row (KzRubricEditor      *self,
           const char          *name,
           const char          *title,
           const char * const  *choices,
           guint                selected,
           Field                field,
           gpointer             item)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (choices);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  set_field (G_OBJECT (row), field, item);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_combo_selected), self, 0);
  return row;
}

/* A multi-line text (guidance, descriptions): a text view in a card, under
 * a heading, since an entry row holds one line. */
static GtkWidget *
text_group (KzRubricEditor *self,
            const char     *name,
            const char     *title,
            const char     *description,
            const char     *text,
            Field           field,
            gpointer        item)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 9);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 9);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_widget_set_size_request (view, -1, 90);
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  set_field (G_OBJECT (buffer), field, item);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed), self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_add_css_class (frame, "view");
  gtk_widget_add_css_class (frame, "kz-editor-text");
  gtk_frame_set_child (GTK_FRAME (frame), view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  return group;
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
    }
  return group;
}

/* ---- points ------------------------------------------------------------------------- */

static void
on_add_point (GtkButton      *button,
              KzRubricEditor *self)
{
  KzDraftScale *scale = g_object_get_data (G_OBJECT (button), "kz-item");

  kz_rubric_draft_add_point (self->draft, scale);
  schedule_rebuild_detail (self);
}

static void
on_remove_point (GtkButton      *button,
                 KzRubricEditor *self)
{
  KzDraftScale *scale = g_object_get_data (G_OBJECT (button), "kz-item");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kz-point"));

  if (index < scale->points->len)
    kz_rubric_draft_remove_point (self->draft, scale, index);
  schedule_rebuild_detail (self);
}

static GtkWidget *
point_row (KzRubricEditor *self,
           KzDraftScale   *scale,
           guint           index)
{
  const KzDraftPoint *point = g_ptr_array_index (scale->points, index);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spin = spin_button (self, "point-value", point->value, -VALUE_LIMIT, VALUE_LIMIT, 1, 2,
                                 F_POINT_VALUE, scale);
  GtkWidget *label = gtk_entry_new ();
  GtkWidget *guidance = gtk_text_view_new ();
  GtkWidget *guidance_frame = gtk_frame_new (NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (guidance));
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *a11y_value = g_strdup_printf (_("Value of point %u"), index + 1);
  g_autofree char *a11y_label = g_strdup_printf (_("Label of point %u"), index + 1);
  g_autofree char *a11y_guidance = g_strdup_printf (_("Guidance for point %u"), index + 1);
  g_autofree char *a11y_remove = g_strdup_printf (_("Remove point %u"), index + 1);

  g_object_set_data (G_OBJECT (spin), "kz-point", GUINT_TO_POINTER (index));
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 5);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_value, -1);

  gtk_widget_set_name (label, "point-label");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (label), point->label);
  gtk_entry_set_placeholder_text (GTK_ENTRY (label),
                                  scale->kind == KZ_SCALE_KIND_ORDINAL ? _("Label (the value when empty)")
                                                                       : _("Label"));
  set_field (G_OBJECT (label), F_POINT_LABEL, scale);
  g_object_set_data (G_OBJECT (label), "kz-point", GUINT_TO_POINTER (index));
  g_signal_connect_object (label, "changed", G_CALLBACK (on_editable_changed), self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label, -1);

  gtk_widget_set_tooltip_text (remove, a11y_remove);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (remove), "kz-item", scale);
  g_object_set_data (G_OBJECT (remove), "kz-point", GUINT_TO_POINTER (index));
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_point), self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_remove, -1);

  /* Guidance runs to a few lines: a text view that wraps, not an entry. */
  gtk_widget_set_name (guidance, "point-guidance");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (guidance), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (guidance), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (guidance), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (guidance), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (guidance), 9);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (guidance), 9);
  gtk_text_buffer_set_text (buffer, point->guidance != NULL ? point->guidance : "", -1);
  set_field (G_OBJECT (buffer), F_POINT_GUIDANCE, scale);
  g_object_set_data (G_OBJECT (buffer), "kz-point", GUINT_TO_POINTER (index));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed), self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (guidance), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_guidance,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("What earns this point (optional)"), -1);
  gtk_widget_add_css_class (guidance_frame, "kz-point-guidance");
  gtk_frame_set_child (GTK_FRAME (guidance_frame), guidance);

  gtk_box_append (GTK_BOX (line), spin);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), remove);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), guidance_frame);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

/* The kind and the points of @scale, in a group of their own. */
static GtkWidget *
points_group (KzRubricEditor *self,
              KzDraftScale   *scale,
              const char     *title,
              const char     *description)
{
  static const char *kinds[] = { NULL, NULL, NULL, NULL };
  GtkWidget *group = group_new (title, description);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Point"));
  guint kind = 0;

  kinds[0] = _("Yes / no (two points)");
  kinds[1] = _("Numbered (ordinal)");
  kinds[2] = _("Named points (labelled)");
  for (guint i = 0; i < G_N_ELEMENTS (scale_kinds); i++)
    if (scale_kinds[i] == scale->kind)
      kind = i;

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             combo_row (self, "scale-kind", _("Kind"), kinds, kind, F_SCALE_KIND, scale));

  gtk_widget_set_name (list, "points");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scale points"), -1);
  for (guint i = 0; i < scale->points->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), point_row (self, scale, i));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  gtk_widget_set_name (add, "add-point");
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  gtk_widget_set_margin_top (add, 12);
  g_object_set_data (G_OBJECT (add), "kz-item", scale);
  g_signal_connect_object (add, "clicked", G_CALLBACK (on_add_point), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), add);

  self->points_scale = scale;
  return group;
}

/* ---- the detail pane ------------------------------------------------------------------ */

static void
on_edit_shared_scale (GtkButton      *button,
                      KzRubricEditor *self)
{
  kz_rubric_editor_select (self, KZ_DRAFT_ITEM_SCALE, g_object_get_data (G_OBJECT (button), "kz-item"));
}

static void
add_heading (KzRubricEditor *self,
             const char     *kind,
             const char     *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *kind_label = gtk_label_new (kind);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *problem = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (kind_label), 0);
  gtk_widget_add_css_class (kind_label, "caption-heading");
  gtk_widget_add_css_class (kind_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_widget_add_css_class (title_label, "title-2");
  gtk_widget_set_name (problem, "detail-problem");
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (problem), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (problem), TRUE);
  gtk_widget_add_css_class (problem, "kz-form-problem");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), kind_label);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), problem);
  gtk_box_append (self->detail_box, box);
  self->detail_problem = GTK_LABEL (problem);
}

static void
build_rubric_detail (KzRubricEditor *self)
{
  KzRubricDraft *d = self->draft;
  GtkWidget *group;
  g_autofree char *versions = NULL;
  int next = next_version (self);

  {
    /* Translators: above the rubric's settings in the editor */
    g_autofree char *kind = g_strdup_printf (_("Rubric, edited from version %d"), kz_rubric_get_version (self->base));

    add_heading (self, kind, kz_rubric_draft_get_title (d));
  }

  group = group_new (NULL, NULL);
  {
    GtkWidget *id_row = adw_action_row_new ();
    GtkWidget *id_label = gtk_label_new (kz_rubric_draft_get_id (d));

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (id_row), _("Id"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (id_row),
                                 _("Stays the same in every version: reports follow the rubric by it"));
    gtk_widget_add_css_class (id_label, "dim-label");
    gtk_label_set_selectable (GTK_LABEL (id_label), TRUE);
    adw_action_row_add_suffix (ADW_ACTION_ROW (id_row), id_label);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), id_row);
  }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, "rubric-title", _("Title"), kz_rubric_draft_get_title (d),
                                        F_RUBRIC_TITLE, NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (self, "pass-mark", _("Pass Mark"),
                                       _("A review passes with a final score of at least this, 0–100"),
                                       kz_rubric_draft_get_pass_mark (d), 0, VALUE_LIMIT, 1, 2, F_PASS_MARK, NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (self, "dispute-days", _("Days to Dispute"),
                                       _("How long an agent has to dispute a review, 0–365 days"),
                                       kz_rubric_draft_get_dispute_days (d), 0, VALUE_LIMIT, 1, 0,
                                       F_DISPUTE_DAYS, NULL));
  gtk_box_append (self->detail_box, group);

  gtk_box_append (self->detail_box,
                  text_group (self, "rubric-description", _("Description"),
                              _("Optional. A blank line starts a new paragraph."),
                              kz_rubric_draft_get_description (d), F_RUBRIC_DESCRIPTION, NULL));

  if (next > 0)
    versions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Saving stores version %d. The versions before it stay as they are, "
                                             "with the %u evaluation scored with them.",
                                             "Saving stores version %d. The versions before it stay as they are, "
                                             "with the %u evaluations scored with them.",
                                             self->n_evaluations),
                                next, self->n_evaluations);
  group = group_new (_("Versions"), versions != NULL ? versions : _("Reading the versions stored…"));
  gtk_box_append (self->detail_box, group);
}

static void
build_section_detail (KzRubricEditor *self,
                      KzDraftSection *section)
{
  GtkWidget *group;

  add_heading (self, _("Section"), name_or_id (section->title, section->id));

  group = group_new (NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, "section-title", _("Title"), section->title, F_SECTION_TITLE, section));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, "section-id", _("Id"), section->id, F_SECTION_ID, section));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (self, "section-weight", _("Weight"),
                                       _("Relative to the other sections: 20 and 80 mean 20% and 80%"),
                                       section->weight, 0, WEIGHT_MAX, 1, 2, F_SECTION_WEIGHT, section));
  {
    g_autofree char *ids = join_ids (section->principles);

    /* Translators: the ids of the CX principles a whole section serves */
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               entry_row (self, "section-principles", _("CX Principles (ids, for all its criteria)"),
                                          ids, F_SECTION_PRINCIPLES, section));
  }
  gtk_box_append (self->detail_box, group);

  gtk_box_append (self->detail_box,
                  text_group (self, "section-description", _("Description"), _("Optional."),
                              section->description, F_SECTION_DESCRIPTION, section));
}

static void
build_criterion_detail (KzRubricEditor   *self,
                        KzDraftCriterion *c)
{
  static const char *na_choices[] = { NULL, NULL, NULL, NULL, NULL };
  static const char *critical_choices[] = { NULL, NULL, NULL, NULL };
  GPtrArray *shared = kz_rubric_draft_get_shared_scales (self->draft);
  g_autoptr(GPtrArray) scale_choices = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *group;
  guint na = 0, critical = 0, scale_choice = 0;
  gboolean own = c->scale->id == NULL;

  na_choices[0] = _("Left out");
  na_choices[1] = _("Counts as full marks");
  na_choices[2] = _("Counts as a set value");
  na_choices[3] = _("Not allowed");
  critical_choices[0] = _("No");
  critical_choices[1] = _("Fails its section");
  critical_choices[2] = _("Fails the review");
  for (guint i = 0; i < G_N_ELEMENTS (na_policies); i++)
    if (na_policies[i] == c->na_policy)
      na = i;
  for (guint i = 0; i < G_N_ELEMENTS (critical_levels); i++)
    if (critical_levels[i] == c->critical)
      critical = i;

  add_heading (self, _("Criterion"), name_or_id (c->title, c->id));

  group = group_new (NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, "criterion-title", _("Title"), c->title, F_CRITERION_TITLE, c));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             entry_row (self, "criterion-id", _("Id"), c->id, F_CRITERION_ID, c));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             spin_row (self, "criterion-weight", _("Weight"),
                                       _("Relative to the other criteria of its section"),
                                       c->weight, 0, WEIGHT_MAX, 1, 2, F_CRITERION_WEIGHT, c));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (self, "criterion-required", _("Required"),
                                         _("Must be answered before a review is submitted"),
                                         c->required, F_CRITERION_REQUIRED, c, NULL));
  {
    g_autofree char *principles = join_ids (c->principles);
    g_autofree char *personas = join_ids (c->personas);

    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               entry_row (self, "criterion-principles", _("CX Principles (ids)"), principles,
                                          F_CRITERION_PRINCIPLES, c));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               entry_row (self, "criterion-personas", _("Personas (ids)"), personas,
                                          F_CRITERION_PERSONAS, c));
  }
  gtk_box_append (self->detail_box, group);

  gtk_box_append (self->detail_box,
                  text_group (self, "criterion-guidance", _("Guidance"),
                              _("What the reviewer looks for. A blank line starts a new paragraph."),
                              c->guidance, F_CRITERION_GUIDANCE, c));

  group = group_new (_("N/A and Fail Rules"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             combo_row (self, "na-policy", _("N/A"), na_choices, na, F_NA_POLICY, c));
  self->na_value_row = spin_row (self, "na-value", _("N/A Counts As"), _("A value within the scale"),
                                 c->na_value, -VALUE_LIMIT, VALUE_LIMIT, 1, 2, F_NA_VALUE, c);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->na_value_row);
  {
    GtkWidget *row = combo_row (self, "critical", _("Critical"), critical_choices, critical, F_CRITICAL, c);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("A failing answer sets its section, or the whole "
                                                         "review, to 0"));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  }
  self->fail_row = switch_row (self, "has-fail-below", _("Fails Below a Value"),
                               _("Without it only the scale's lowest point fails"),
                               c->has_fail_below, F_HAS_FAIL_BELOW, c, &self->fail_switch);
  self->fail_spin = spin_button (self, "fail-below", c->fail_below, -VALUE_LIMIT, VALUE_LIMIT, 1, 2,
                                 F_FAIL_BELOW, c);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fail_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Fails below"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->fail_row), self->fail_spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->fail_row);
  gtk_box_append (self->detail_box, group);
  update_criterion_dependents (self, c);

  /* The scale: its own, or one of the shared ones. */
  g_ptr_array_add (scale_choices, g_strdup (_("Its own scale")));
  for (guint i = 0; i < shared->len; i++)
    {
      KzDraftScale *scale = g_ptr_array_index (shared, i);

      /* Translators: a choice of scale: a shared scale's id */
      g_ptr_array_add (scale_choices, g_strdup_printf (_("Shared: %s"), scale->id));
      if (scale == c->scale)
        scale_choice = i + 1;
    }
  g_ptr_array_add (scale_choices, NULL);

  group = group_new (_("Scale"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             combo_row (self, "scale-choice", _("Scale"), (const char * const *) scale_choices->pdata,
                                        scale_choice, F_SCALE_CHOICE, c));
  if (!own)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Edit Shared Scale"));
      g_autofree char *points = describe_scale (c->scale);
      guint users = kz_rubric_draft_count_scale_users (self->draft, c->scale);
      g_autofree char *used = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Used by %u criterion: a change applies to it",
                                                            "Used by %u criteria: a change applies to all of them",
                                                            users), users);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), points);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), used);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (button), "kz-item", c->scale);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_edit_shared_scale), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      self->shared_note_row = row;
    }
  gtk_box_append (self->detail_box, group);

  if (own)
    gtk_box_append (self->detail_box,
                    points_group (self, c->scale, _("Points"),
                                  _("From the lowest value to the highest, each with what earns it.")));
}

static void
build_scale_detail (KzRubricEditor *self,
                    KzDraftScale   *scale)
{
  guint users = kz_rubric_draft_count_scale_users (self->draft, scale);
  g_autofree char *used = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Shared by %u criterion. A change here applies to it.",
                                                        "Shared by %u criteria. A change here applies to all of them.",
                                                        users), users);

  add_heading (self, _("Shared Scale"), scale->id);
  gtk_box_append (self->detail_box, points_group (self, scale, _("Points"), used));
}

static void
rebuild_detail (KzRubricEditor *self)
{
  GtkWidget *child;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->detail_scroll));
  gboolean same = g_object_get_data (G_OBJECT (self->detail_box), "kz-item") == self->sel_item &&
                  GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->detail_box), "kz-kind")) == (int) self->sel_kind;
  double scroll = gtk_adjustment_get_value (adjustment);

  if (self->rebuild_source != 0)
    g_clear_handle_id (&self->rebuild_source, g_source_remove);

  self->filling = TRUE;
  self->detail_problem = NULL;
  self->points_box = NULL;
  self->points_scale = NULL;
  self->na_value_row = NULL;
  self->fail_row = NULL;
  self->fail_switch = NULL;
  self->fail_spin = NULL;
  self->shared_note_row = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))) != NULL)
    gtk_box_remove (self->detail_box, child);

  switch (self->sel_kind)
    {
    case KZ_DRAFT_ITEM_RUBRIC:
      build_rubric_detail (self);
      break;
    case KZ_DRAFT_ITEM_SECTION:
      build_section_detail (self, self->sel_item);
      break;
    case KZ_DRAFT_ITEM_CRITERION:
      build_criterion_detail (self, self->sel_item);
      break;
    case KZ_DRAFT_ITEM_SCALE:
      build_scale_detail (self, self->sel_item);
      break;
    default:
      g_assert_not_reached ();
    }

  g_object_set_data (G_OBJECT (self->detail_box), "kz-item", self->sel_item);
  g_object_set_data (G_OBJECT (self->detail_box), "kz-kind", GINT_TO_POINTER (self->sel_kind));
  self->filling = FALSE;

  /* The same item built again (its scale changed): stay where the eye was. */
  gtk_adjustment_set_value (adjustment, same ? scroll : 0);
  schedule_update (self);
}

/* ---- structure actions ------------------------------------------------------------------ */

static void
add_section_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (widget);
  int position = -1;
  KzDraftSection *section;

  if (self->sel_kind == KZ_DRAFT_ITEM_SECTION)
    position = kz_rubric_draft_get_section_index (self->draft, self->sel_item) + 1;
  else if (self->sel_kind == KZ_DRAFT_ITEM_CRITERION)
    position = kz_rubric_draft_get_section_index (self->draft, ((KzDraftCriterion *) self->sel_item)->section) + 1;

  section = kz_rubric_draft_add_section (self->draft, position);
  kz_rubric_editor_select (self, KZ_DRAFT_ITEM_SECTION, section);
}

static void
add_criterion_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (widget);
  KzDraftCriterion *criterion;

  if (self->sel_kind == KZ_DRAFT_ITEM_SECTION)
    criterion = kz_rubric_draft_add_criterion (self->draft, self->sel_item, -1);
  else if (self->sel_kind == KZ_DRAFT_ITEM_CRITERION)
    {
      KzDraftCriterion *after = self->sel_item;
      guint index = 0;

      g_ptr_array_find (after->section->criteria, after, &index);
      criterion = kz_rubric_draft_add_criterion (self->draft, after->section, (int) index + 1);
    }
  else
    return;

  kz_rubric_editor_select (self, KZ_DRAFT_ITEM_CRITERION, criterion);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (widget);
  int delta = g_str_equal (action_name, "editor.move-up") ? -1 : 1;

  if (self->sel_kind == KZ_DRAFT_ITEM_SECTION)
    kz_rubric_draft_move_section (self->draft, self->sel_item, delta);
  else if (self->sel_kind == KZ_DRAFT_ITEM_CRITERION)
    kz_rubric_draft_move_criterion (self->draft, self->sel_item, delta);
  else
    return;

  /* The detail pane shows the same item; the outline follows on update. */
  rebuild_outline (self);
  update_actions (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (widget);
  GPtrArray *sections = kz_rubric_draft_get_sections (self->draft);

  if (self->sel_kind == KZ_DRAFT_ITEM_SECTION)
    {
      KzDraftSection *section = self->sel_item;
      int index = kz_rubric_draft_get_section_index (self->draft, section);

      /* Select a neighbour first: the detail pane must let go of the item
       * before it is freed. */
      if (sections->len > 1)
        kz_rubric_editor_select (self, KZ_DRAFT_ITEM_SECTION,
                                 g_ptr_array_index (sections, index > 0 ? index - 1 : 1));
      else
        kz_rubric_editor_select (self, KZ_DRAFT_ITEM_RUBRIC, NULL);
      kz_rubric_draft_remove_section (self->draft, section);
    }
  else if (self->sel_kind == KZ_DRAFT_ITEM_CRITERION)
    {
      KzDraftCriterion *criterion = self->sel_item;
      KzDraftSection *section = criterion->section;
      guint index = 0;

      g_ptr_array_find (section->criteria, criterion, &index);
      if (section->criteria->len > 1)
        kz_rubric_editor_select (self, KZ_DRAFT_ITEM_CRITERION,
                                 g_ptr_array_index (section->criteria, index > 0 ? index - 1 : 1));
      else
        kz_rubric_editor_select (self, KZ_DRAFT_ITEM_SECTION, section);
      kz_rubric_draft_remove_criterion (self->draft, criterion);
    }
  else
    return;

  rebuild_outline (self);
  update_actions (self);
}

static void
show_problem_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (widget);
  const KzDraftProblem *problem = kz_rubric_draft_check (self->draft);

  if (problem == NULL)
    return;
  kz_rubric_editor_select (self, problem->kind, problem->item);
}

/* ---- what if ------------------------------------------------------------------------- */

typedef struct {
  char     *rubric_id;
  KzRubric *rubric;
} WhatIfJob;

static void
what_if_job_free (gpointer p)
{
  WhatIfJob *job = p;

  g_free (job->rubric_id);
  g_clear_pointer (&job->rubric, kz_rubric_unref);
  g_free (job);
}

static gpointer
what_if_thread (KzStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  WhatIfJob *job = data;
  g_autoptr(GPtrArray) evaluations = kz_what_if_load_evaluations (store, job->rubric_id, cancellable, error);

  if (evaluations == NULL)
    return NULL;
  return kz_what_if_compute (job->rubric, evaluations);
}

static KzChartData *
histogram (const KzWhatIfSummary *summary,
           const char            *subject)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_HISTOGRAM, KZ_CHART_UNIT_COUNT, subject);
  guint series;

  kz_chart_data_set_category_title (data, _("Final score"));
  kz_chart_data_set_category_noun (data, _("score band"), _("score bands"));
  kz_chart_data_add_bins (data, 0, KZ_WHAT_IF_BIN_WIDTH, KZ_WHAT_IF_N_BINS);
  series = kz_chart_data_add_series (data, _("Evaluations"));
  for (guint i = 0; i < KZ_WHAT_IF_N_BINS; i++)
    kz_chart_data_set_value (data, series, i, summary->bins[i], 0);
  return data;
}

static void
set_count (GtkLabel *label,
           guint     n)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_text (label, text);
}

static void
show_what_if (KzRubricEditor *self)
{
  const KzWhatIf *w = self->what_if;
  g_autofree char *mean = NULL;
  g_autofree char *pass_rate = NULL;
  g_autofree char *unscored = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *pass_subtitle = NULL;
  g_autoptr(KzChartData) before = NULL;
  g_autoptr(KzChartData) after = NULL;

  if (w == NULL)
    return;

  set_count (self->what_if_n, w->n);
  mean = kz_rubric_editor_format_change (w->before.mean, w->after.mean, FALSE);
  gtk_label_set_text (self->what_if_mean, mean);
  pass_rate = kz_rubric_editor_format_change (w->before.pass_rate, w->after.pass_rate, TRUE);
  gtk_label_set_text (self->what_if_pass_rate, pass_rate);
  mark = kz_rubric_text_value (w->pass_mark);
  /* Translators: the pass rate row's subtitle, %s the pass mark */
  pass_subtitle = g_strdup_printf (_("Now → with the edits (pass mark %s)"), mark);
  adw_action_row_set_subtitle (self->what_if_pass_row, pass_subtitle);
  set_count (self->what_if_became_pass, w->n_became_pass);
  set_count (self->what_if_became_fail, w->n_became_fail);
  /* Translators: evaluations without a score now → with the edits */
  unscored = g_strdup_printf (_("%u → %u"), w->before.n_unscored, w->after.n_unscored);
  gtk_label_set_text (self->what_if_unscored, unscored);
  set_count (self->what_if_dropped, w->n_dropped);
  set_count (self->what_if_unfit, w->n_unfit);

  before = histogram (&w->before, _("final scores now"));
  after = histogram (&w->after, _("final scores with the edits"));
  /* One count axis for both, or the eye compares bars of different scales. */
  {
    guint top = 1;

    for (guint i = 0; i < KZ_WHAT_IF_N_BINS; i++)
      top = MAX (top, MAX (w->before.bins[i], w->after.bins[i]));
    kz_chart_data_set_range (before, 0, top);
    kz_chart_data_set_range (after, 0, top);
  }
  kz_chart_frame_set_data (self->before_chart, before);
  kz_chart_frame_set_data (self->after_chart, after);
  gtk_widget_set_visible (GTK_WIDGET (self->charts_box), w->n > 0);
}

static void
what_if_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (object);
  g_autoptr(GError) error = NULL;
  KzWhatIf *w = kz_store_job_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->what_if_running = FALSE;
  if (w == NULL)
    {
      show_error (self, _("Could Not Run What If"), error->message);
    }
  else
    {
      g_clear_pointer (&self->what_if, kz_what_if_free);
      self->what_if = w;
      /* Stale again if the draft changed while it ran. */
      show_what_if (self);
    }
  update_what_if_status (self);
  notify_busy (self);
}

static void
what_if_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  KzRubric *rubric = kz_rubric_draft_build (self->draft, &error);
  WhatIfJob *job;

  if (rubric == NULL || is_busy (self))
    {
      g_clear_pointer (&rubric, kz_rubric_unref);
      return;
    }

  job = g_new0 (WhatIfJob, 1);
  job->rubric_id = g_strdup (kz_rubric_draft_get_id (self->draft));
  job->rubric = rubric;
  self->what_if_running = TRUE;
  self->what_if_stale = FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, "what-if");
  update_what_if_status (self);
  notify_busy (self);
  kz_store_job_run_async (self->store, self, what_if_thread, job, what_if_job_free,
                          (GDestroyNotify) kz_what_if_free, self->cancellable, what_if_cb, NULL);
}

/* ---- saving ---------------------------------------------------------------------------- */

static gpointer
save_thread (KzStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return kz_rubric_store_new_version (store, data, error);
}

/* Where the selection was, as indices, to find it again in a new draft. */
typedef struct {
  KzDraftItemKind kind;
  int             a;
  int             b;
} Path;

static Path
selection_path (KzRubricEditor *self)
{
  Path path = { self->sel_kind, -1, -1 };
  guint index = 0;

  if (self->sel_kind == KZ_DRAFT_ITEM_SECTION)
    path.a = kz_rubric_draft_get_section_index (self->draft, self->sel_item);
  else if (self->sel_kind == KZ_DRAFT_ITEM_CRITERION)
    {
      KzDraftCriterion *c = self->sel_item;

      path.a = kz_rubric_draft_get_section_index (self->draft, c->section);
      g_ptr_array_find (c->section->criteria, c, &index);
      path.b = (int) index;
    }
  else if (self->sel_kind == KZ_DRAFT_ITEM_SCALE &&
           g_ptr_array_find (kz_rubric_draft_get_shared_scales (self->draft), self->sel_item, &index))
    path.a = (int) index;
  return path;
}

static void
select_path (KzRubricEditor *self,
             Path            path)
{
  GPtrArray *sections = kz_rubric_draft_get_sections (self->draft);
  GPtrArray *scales = kz_rubric_draft_get_shared_scales (self->draft);

  self->sel_kind = KZ_DRAFT_ITEM_RUBRIC;
  self->sel_item = NULL;
  if (path.kind == KZ_DRAFT_ITEM_SECTION && path.a >= 0 && (guint) path.a < sections->len)
    {
      self->sel_kind = path.kind;
      self->sel_item = g_ptr_array_index (sections, path.a);
    }
  else if (path.kind == KZ_DRAFT_ITEM_CRITERION && path.a >= 0 && (guint) path.a < sections->len)
    {
      KzDraftSection *section = g_ptr_array_index (sections, path.a);

      if (path.b >= 0 && (guint) path.b < section->criteria->len)
        {
          self->sel_kind = path.kind;
          self->sel_item = g_ptr_array_index (section->criteria, path.b);
        }
    }
  else if (path.kind == KZ_DRAFT_ITEM_SCALE && path.a >= 0 && (guint) path.a < scales->len)
    {
      self->sel_kind = path.kind;
      self->sel_item = g_ptr_array_index (scales, path.a);
    }
}

static void
set_draft (KzRubricEditor *self,
           KzRubric       *base)
{
  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->base, kz_rubric_unref);

  self->base = kz_rubric_ref (base);
  self->draft = kz_rubric_draft_new (base);
  g_signal_connect_swapped (self->draft, "changed", G_CALLBACK (on_draft_changed), self);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) stored = kz_store_job_finish (result, &error);
  g_autofree char *message = NULL;
  Path path;

  self->saving = FALSE;

  if (stored == NULL)
    {
      notify_busy (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Save the Rubric"), error->message);
      return;
    }

  /* Go on from the version stored: the next save is one above it. */
  self->latest_version = MAX (self->latest_version, kz_rubric_get_version (stored));
  if (!self->disposed)
    {
      path = selection_path (self);
      set_draft (self, stored);
      select_path (self, path);
      rebuild_detail (self);
      rebuild_outline (self);
    }

  /* Translators: a toast: the rubric's title and the version just stored */
  message = g_strdup_printf (_("“%s” saved as version %d"), kz_rubric_get_title (stored),
                             kz_rubric_get_version (stored));
  toast (self, message);
  notify_busy (self);
  g_signal_emit (self, signals[SAVED], 0, stored);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  KzRubric *rubric;

  if (is_busy (self) || self->store == NULL || !kz_rubric_draft_is_modified (self->draft))
    return;

  rubric = kz_rubric_draft_build (self->draft, &error);
  if (rubric == NULL)
    {
      kz_rubric_editor_select (self, kz_rubric_draft_check (self->draft)->kind,
                               kz_rubric_draft_check (self->draft)->item);
      return;
    }

  self->saving = TRUE;
  notify_busy (self);
  kz_store_job_run_async (self->store, self, save_thread, rubric, (GDestroyNotify) kz_rubric_unref,
                          (GDestroyNotify) kz_rubric_unref, NULL, save_cb, NULL);
}

/* ---- the versions stored ----------------------------------------------------------------- */

typedef struct {
  int   latest;
  guint n_evaluations;
} Versions;

static gpointer
versions_thread (KzStore       *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const char *id = data;
  g_autoptr(GPtrArray) infos = kz_store_list_rubrics (store, error);
  Versions *versions;

  if (infos == NULL)
    return NULL;

  versions = g_new0 (Versions, 1);
  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);

      if (g_strcmp0 (info->id, id) != 0)
        continue;
      versions->latest = MAX (versions->latest, info->version);
      versions->n_evaluations += info->n_evaluations;
    }
  return versions;
}

static void
versions_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (object);
  g_autoptr(GError) error = NULL;
  g_autofree Versions *versions = kz_store_job_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (versions == NULL)
    {
      show_error (self, _("Could Not Read the Rubric's Versions"), error->message);
      return;
    }

  /* A version saved meanwhile from here counts too. */
  self->latest_version = MAX (self->latest_version, MAX (versions->latest, kz_rubric_get_version (self->base)));
  self->n_evaluations = versions->n_evaluations;
  update_titles (self);
  if (self->sel_kind == KZ_DRAFT_ITEM_RUBRIC)
    rebuild_detail (self);
  update_actions (self);
}

/* ---- export --------------------------------------------------------------------------- */

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KzRubricEditor) self = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  int version = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (file), "kz-version"));

  self->exporting = FALSE;
  notify_busy (self);

  name = g_file_get_parse_name (file);
  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not write %s: %s"), name, error->message);

      show_error (self, _("Could Not Export the Rubric"), text);
      return;
    }

  /* Translators: a toast: the version written and the file */
  message = g_strdup_printf (_("Version %d written to %s"), version, name);
  toast (self, message);
  g_signal_emit (self, signals[EXPORTED], 0, file);
}

/* An unchanged draft is the version it came from; a changed one is written
 * as the version saving would store, so importing it elsewhere is never
 * mistaken for the version it was edited from. */
static int
export_version (KzRubricEditor *self)
{
  if (!kz_rubric_draft_is_modified (self->draft))
    return kz_rubric_get_version (self->base);
  return next_version (self) > 0 ? next_version (self) : kz_rubric_get_version (self->base) + 1;
}

void
kz_rubric_editor_export_to_file (KzRubricEditor *self,
                                 GFile          *file)
{
  g_autoptr(GBytes) bytes = NULL;
  char *xml;
  int version;

  g_return_if_fail (KZ_IS_RUBRIC_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  if (is_busy (self) || kz_rubric_draft_check (self->draft) != NULL)
    return;

  version = export_version (self);
  xml = kz_rubric_draft_to_xml (self->draft, version);
  bytes = g_bytes_new_take (xml, strlen (xml));
  g_object_set_data (G_OBJECT (file), "kz-version", GINT_TO_POINTER (version));

  self->exporting = TRUE;
  notify_busy (self);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, export_cb, g_object_ref (self));
}

static void
on_chooser_response (KzRubricEditor       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        kz_rubric_editor_export_to_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (widget);
  g_autoptr(GtkFileFilter) xml_filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (xml_filter, _("Rubric files"));
  gtk_file_filter_add_suffix (xml_filter, "xml");
  gtk_file_filter_add_mime_type (xml_filter, "application/xml");

  self->chooser = gtk_file_chooser_native_new (_("Export Rubric"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), xml_filter);
  /* Translators: the file name offered for an exported rubric: id and version */
  name = g_strdup_printf (_("%s-v%d.xml"), kz_rubric_draft_get_id (self->draft), export_version (self));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- closing ------------------------------------------------------------------------------ */

static gboolean
close_discarding (gpointer data)
{
  KzRubricEditor *self = data;

  self->discarding = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response (KzRubricEditor *self,
                     const char     *response)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  /* Once the dialog, which is transient for this window, has gone. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_discarding, g_object_ref (self), g_object_unref);
}

static gboolean
on_close_request (GtkWindow *window)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (window);
  GtkWidget *dialog;

  if (self->discarding || self->draft == NULL || !kz_rubric_draft_is_modified (self->draft))
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Changes?"),
                                   _("The edits to this rubric have not been saved as a new version. "
                                     "Closing the editor discards them."));
  gtk_widget_set_name (dialog, "discard-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- the object ---------------------------------------------------------------------------- */

static void
kz_rubric_editor_constructed (GObject *object)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (object);

  G_OBJECT_CLASS (kz_rubric_editor_parent_class)->constructed (object);

  g_assert (self->base != NULL);
  set_draft (self, self->base);
  self->sel_kind = KZ_DRAFT_ITEM_RUBRIC;
  self->sel_item = NULL;
  rebuild_detail (self);
  rebuild_outline (self);
  update_titles (self);
  update_what_if_status (self);
  update_actions (self);

  if (self->store != NULL)
    kz_store_job_run_async (self->store, self, versions_thread, g_strdup (kz_rubric_get_id (self->base)), g_free,
                            g_free, self->cancellable, versions_cb, NULL);
}

static void
kz_rubric_editor_dispose (GObject *object)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_source, g_source_remove);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->detail_problem = NULL;
  self->na_value_row = self->fail_row = self->fail_switch = self->fail_spin = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), KZ_TYPE_RUBRIC_EDITOR);

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);

  G_OBJECT_CLASS (kz_rubric_editor_parent_class)->dispose (object);
}

static void
kz_rubric_editor_finalize (GObject *object)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (object);

  g_clear_object (&self->draft);
  g_clear_pointer (&self->base, kz_rubric_unref);
  g_clear_pointer (&self->what_if, kz_what_if_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kz_rubric_editor_parent_class)->finalize (object);
}

static void
kz_rubric_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_RUBRIC:
      g_value_set_boxed (value, self->base);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_rubric_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KzRubricEditor *self = KZ_RUBRIC_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_RUBRIC:
      self->base = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_rubric_editor_class_init (KzRubricEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kz_rubric_editor_constructed;
  object_class->dispose = kz_rubric_editor_dispose;
  object_class->finalize = kz_rubric_editor_finalize;
  object_class->get_property = kz_rubric_editor_get_property;
  object_class->set_property = kz_rubric_editor_set_property;
  window_class->close_request = on_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUBRIC] =
    g_param_spec_boxed ("rubric", NULL, NULL, KZ_TYPE_RUBRIC,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KzRubricEditor::saved:
   * @rubric: the version stored
   *
   * A new version of the rubric was stored.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KZ_TYPE_RUBRIC);
  /**
   * KzRubricEditor::exported:
   * @file: the file written
   */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/KaizenQA/Kaizen/kz-rubric-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, export_button);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, problem_label);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, paned);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, outline_list);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, detail_box);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, detail_scroll);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_button);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_status);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_n);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_mean);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_pass_row);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_pass_rate);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_became_pass);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_became_fail);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_unscored);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_dropped);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, what_if_unfit);
  gtk_widget_class_bind_template_child (widget_class, KzRubricEditor, charts_box);
  gtk_widget_class_bind_template_callback (widget_class, on_outline_row_selected);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
  gtk_widget_class_install_action (widget_class, "editor.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.export", NULL);
  gtk_widget_class_install_action (widget_class, "editor.what-if", NULL, what_if_action);
  gtk_widget_class_install_action (widget_class, "editor.show-problem", NULL, show_problem_action);
  gtk_widget_class_install_action (widget_class, "editor.add-section", NULL, add_section_action);
  gtk_widget_class_install_action (widget_class, "editor.add-criterion", NULL, add_criterion_action);
  gtk_widget_class_install_action (widget_class, "editor.move-up", NULL, move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "editor.move-up", NULL);
  gtk_widget_class_install_action (widget_class, "editor.move-down", NULL, move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "editor.move-down", NULL);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);

  g_type_ensure (KZ_TYPE_CHART_FRAME);
}

static void
kz_rubric_editor_init (KzRubricEditor *self)
{
  GtkWidget *frame;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  frame = kz_chart_frame_new (_("Final Scores Now"));
  gtk_widget_set_name (frame, "before-chart");
  gtk_widget_set_size_request (frame, -1, CHART_HEIGHT);
  gtk_box_append (self->charts_box, frame);
  self->before_chart = KZ_CHART_FRAME (frame);
  frame = kz_chart_frame_new (_("Final Scores With the Edits"));
  gtk_widget_set_name (frame, "after-chart");
  gtk_widget_set_size_request (frame, -1, CHART_HEIGHT);
  gtk_box_append (self->charts_box, frame);
  self->after_chart = KZ_CHART_FRAME (frame);
  gtk_widget_set_visible (GTK_WIDGET (self->charts_box), FALSE);
}

KzRubricEditor *
kz_rubric_editor_new (GtkWindow *parent,
                      KzStore   *store,
                      KzRubric  *rubric)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (store == NULL || KZ_IS_STORE (store), NULL);
  g_return_val_if_fail (rubric != NULL, NULL);

  return g_object_new (KZ_TYPE_RUBRIC_EDITOR,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "store", store,
                       "rubric", rubric,
                       NULL);
}
