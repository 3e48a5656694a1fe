/* test-cx.c — CX principles and personas in the real window
 *
 * A small centre built here: phone support version 1 (whose criteria link
 * principles and personas in its XML) and a library that lacks one of the
 * principles it names.  The rubric page shows each criterion's principles
 * by their titles (the missing one by its id) and its personas by name;
 * "Principles & Personas…" lists the library, refuses a bad id in its form,
 * adds a principle, and an edit of a title shows on the rubric page.
 *
 * With KAIZEN_SCREENSHOT_DIR set, the rubric page and the library are left
 * there as PNGs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kz-cx-library.h"
#include "kz-demo.h"
#include "kz-rubric-editor.h"
#include "kz-gui-test.h"
#include "kz-rubric-view.h"
#include "kz-store.h"
#include "kz-window.h"

static KzStore *store;
static char *tmp_dir;
static char *db_path;

static void
make_centre (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (kz_demo_rubrics_dir (), "phone-support.xml", NULL);
  g_autoptr(KzRubric) rubric = kz_rubric_load_file (path, &error);
  g_autoptr(GPtrArray) principles = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_free);
  g_autoptr(KzPersona) rose = kz_persona_new ("rose-difficult-time", "Rose, in a difficult time");

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, rubric, NULL, &error));
  g_assert_no_error (error);
  /* No "get-it-right": the rubric names it, the library lacks it. */
  g_ptr_array_add (principles, kz_principle_new ("treat-me-as-a-person", "Treat me as a person", NULL));
  g_ptr_array_add (principles, kz_principle_new ("own-the-problem", "Own the problem", "Take it to the end"));
  g_ptr_array_add (principles, kz_principle_new ("make-it-effortless", "Make it effortless", NULL));
  g_assert_true (kz_store_save_principles (store, principles, FALSE, &error));
  g_assert_no_error (error);
  g_free (rose->channel);
  rose->channel = g_strdup ("call");
  rose->tech_comfort = 2;
  g_assert_true (kz_store_save_persona (store, rose, FALSE, &error));
  g_assert_no_error (error);
}

static GtkWidget *
find_library (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (KZ_IS_CX_LIBRARY (w) && gtk_widget_get_visible (w))
        return w;
    }
  return NULL;
}

/* The expander row of the criterion titled @title. */
static GtkWidget *
criterion_row (GtkWidget  *view,
               const char *title)
{
  GtkWidget *label = kz_gui_test_find_label (view, title);

  if (label == NULL)
    {
      g_autofree char *texts = kz_gui_test_texts (view, FALSE);
      g_test_message ("no “%s” in: %s", title, texts);
    }
  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, ADW_TYPE_EXPANDER_ROW);
}

/* The button whose tooltip (and accessible label) is @tooltip. */
static GtkWidget *
find_button_by_tooltip (GtkWidget  *widget,
                        const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
principle_count (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kz_store_list_principles (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((KzPrinciple *) g_ptr_array_index (list, i))->id, id))
      return TRUE;
  return FALSE;
}

static void
test_rubric_page_and_library (void)
{
  g_autoptr(GError) error = NULL;
  KzWindow *window = kz_window_new (NULL, store);
  GtkWidget *page;
  KzRubricView *view;
  GtkWidget *greeting, *plain, *correct, *library, *form;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  page = kz_window_get_page (window, "rubric");
  view = KZ_RUBRIC_VIEW (kz_gui_test_find_by_type (page, KZ_TYPE_RUBRIC_VIEW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-rubric", "(si)", "phone-support", 1));
  KZ_WAIT_UNTIL (kz_rubric_view_get_rubric (view) != NULL && !kz_rubric_view_get_loading (view));

  /* "Greeting and introduction" (principles="treat-me-as-a-person") shows
   * that principle's title on screen, in its header, once the library is read. */
  KZ_WAIT_UNTIL (kz_gui_test_shows_label (GTK_WIDGET (view), "Treat me as a person"));
  greeting = criterion_row (GTK_WIDGET (view), "Greeting and introduction");
  g_assert_true (kz_gui_test_shows_label (greeting, "Treat me as a person"));
  g_assert_nonnull (kz_gui_test_find_by_name (greeting, "principle-chips"));

  /* Plain language: its own principle and its section's, and two personas —
   * one in the library (by name), one not (by id). */
  plain = criterion_row (GTK_WIDGET (view), "Plain language");
  g_assert_true (kz_gui_test_has_label (plain, "Make it effortless"));
  g_assert_true (kz_gui_test_has_label (plain, "Treat me as a person"));
  g_assert_true (kz_gui_test_has_label (plain, "Make it effortless, Treat me as a person"));
  g_assert_true (kz_gui_test_has_label (plain, "ivy-new-to-online, Rose, in a difficult time"));

  /* "Correct and complete solution" names get-it-right, which the library lacks: its id. */
  correct = criterion_row (GTK_WIDGET (view), "Correct and complete solution");
  g_assert_true (kz_gui_test_has_label (correct, "get-it-right"));
  g_assert_true (kz_gui_test_has_label (correct, "Own the problem"));   /* its section's */
  kz_gui_test_screenshot (GTK_WIDGET (window), "cx-rubric.png");

  /* The library, from the rubric page. */
  kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (view), "cx-library"));
  KZ_WAIT_UNTIL ((library = find_library ()) != NULL);
  KZ_WAIT_UNTIL (!kz_cx_library_get_busy (KZ_CX_LIBRARY (library)) &&
                 kz_gui_test_shows_label (library, "Own the problem"));
  g_assert_true (kz_gui_test_shows_label (library, "Take it to the end"));
  g_assert_true (kz_gui_test_shows_label (library, "Rose, in a difficult time"));
  g_assert_true (kz_gui_test_shows_text (library, "comfort with technology 2 of 5"));
  kz_gui_test_screenshot (library, "cx-library.png");

  /* Add: a bad id keeps Save off; a good one saves. */
  kz_gui_test_click (kz_gui_test_find_by_name (library, "add-principle"));
  KZ_WAIT_UNTIL ((form = kz_cx_library_get_form (KZ_CX_LIBRARY (library))) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (form, "principle-id")), "9-lives");
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (form, "principle-title")), "Keep me safe");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (form), "save"));
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (form, "principle-id")), "keep-me-safe");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (form), "save"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (form), "save");
  KZ_WAIT_UNTIL (principle_count ("keep-me-safe") && !kz_cx_library_get_busy (KZ_CX_LIBRARY (library)) &&
                 kz_gui_test_shows_label (library, "Keep me safe"));
  g_assert_false (principle_count ("9-lives"));

  /* Edit the first principle's title: the rubric page follows. */
  kz_gui_test_click (find_button_by_tooltip (library, "Edit “Treat me as a person”"));
  KZ_WAIT_UNTIL ((form = kz_cx_library_get_form (KZ_CX_LIBRARY (library))) != NULL);
  g_assert_false (gtk_widget_get_sensitive (kz_gui_test_find_by_name (form, "principle-id")));
  gtk_editable_set_text (GTK_EDITABLE (kz_gui_test_find_by_name (form, "principle-title")), "Treat me as a human");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (form), "save");
  KZ_WAIT_UNTIL (kz_gui_test_has_label (GTK_WIDGET (view), "Treat me as a human"));
  g_assert_false (kz_gui_test_has_label (GTK_WIDGET (view), "Treat me as a person"));
  {
    g_autoptr(GPtrArray) list = kz_store_list_principles (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 4);
    g_assert_cmpstr (((KzPrinciple *) list->pdata[0])->title, ==, "Treat me as a human");
    g_assert_cmpstr (((KzPrinciple *) list->pdata[3])->id, ==, "keep-me-safe");
  }

  gtk_window_destroy (GTK_WINDOW (library));
  kz_gui_test_drain ();

  /* The rubric editor shows a criterion's links as ids and changes them. */
  {
    KzRubricEditor *editor;
    KzRubricDraft *draft;
    KzDraftCriterion *greet;
    GtkWidget *outline, *row = NULL, *principles, *personas;
    g_autoptr(KzRubric) built = NULL;

    kz_gui_test_click (kz_gui_test_find_by_name (GTK_WIDGET (view), "edit-rubric"));
    editor = kz_rubric_view_get_editor (view);
    g_assert_nonnull (editor);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
    draft = kz_rubric_editor_get_draft (editor);
    greet = kz_rubric_draft_find_criterion (draft, "greeting");
    outline = kz_gui_test_find_by_name (GTK_WIDGET (editor), "outline");
    for (GtkWidget *r = gtk_widget_get_first_child (outline); r != NULL; r = gtk_widget_get_next_sibling (r))
      if (g_object_get_data (G_OBJECT (r), "kz-item") == greet)
        row = r;
    g_assert_nonnull (row);
    gtk_list_box_select_row (GTK_LIST_BOX (outline), GTK_LIST_BOX_ROW (row));
    kz_gui_test_drain ();
    KZ_WAIT_UNTIL ((principles = kz_gui_test_find_by_name (GTK_WIDGET (editor), "criterion-principles")) != NULL);
    personas = kz_gui_test_find_by_name (GTK_WIDGET (editor), "criterion-personas");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (principles)), ==, "treat-me-as-a-person");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (personas)), ==, "");
    gtk_editable_set_text (GTK_EDITABLE (principles), "treat-me-as-a-person  own-the-problem");
    gtk_editable_set_text (GTK_EDITABLE (personas), "rose-difficult-time");
    kz_gui_test_drain ();
    g_assert_true (kz_rubric_draft_is_modified (draft));
    built = kz_rubric_draft_build (draft, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kz_rubric_find_criterion (built, "greeting")->principles[1], ==, "own-the-problem");
    g_assert_null (kz_rubric_find_criterion (built, "greeting")->principles[2]);
    g_assert_cmpstr (kz_rubric_find_criterion (built, "greeting")->personas[0], ==, "rose-difficult-time");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (personas)), ==, "rose-difficult-time");
    gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
    kz_gui_test_screenshot (GTK_WIDGET (editor), "cx-editor.png");
    /* Leave without saving. */
    kz_rubric_draft_set_criterion_links (draft, greet, (const char *[]) { "treat-me-as-a-person", NULL }, NULL);
    g_assert_false (kz_rubric_draft_is_modified (draft));
    gtk_window_destroy (GTK_WINDOW (editor));
    kz_gui_test_drain ();
  }

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/KaizenQA/Kaizen/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  tmp_dir = g_dir_make_tmp ("kaizen-cx-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "kaizen.db", NULL);
  store = kz_store_open (db_path, &error);
  g_assert_no_error (error);
  make_centre ();

  g_test_add_func ("/cx/rubric-page-and-library", test_rubric_page_and_library);
  status = g_test_run ();

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_remove (db_path);
    g_remove (wal);
    g_remove (shm);
    g_rmdir (tmp_dir);
  }
  g_free (db_path);
  g_free (tmp_dir);
  return status;
}
