/* kz-gui-test.c — helpers shared by the in-process GUI tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kz-gui-test.h"

gboolean
kz_gui_test_wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
kz_gui_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

GtkWidget *
kz_gui_test_find_by_name (GtkWidget  *widget,
                          const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kz_gui_test_find_by_name (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
kz_gui_test_find_by_type (GtkWidget *widget,
                          GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kz_gui_test_find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
kz_gui_test_find_by_action (GtkWidget  *widget,
                            const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kz_gui_test_find_by_action (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
kz_gui_test_find_all_by_name (GtkWidget  *widget,
                              const char *name,
                              GPtrArray  *found)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kz_gui_test_find_all_by_name (child, name, found);
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text,
            gboolean    mapped_only)
{
  if (GTK_IS_LABEL (widget) && (!mapped_only || gtk_widget_get_mapped (widget)) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text, mapped_only);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
kz_gui_test_find_label (GtkWidget  *widget,
                        const char *text)
{
  return find_label (widget, text, FALSE);
}

gboolean
kz_gui_test_has_label (GtkWidget  *widget,
                       const char *text)
{
  return find_label (widget, text, FALSE) != NULL;
}

gboolean
kz_gui_test_shows_label (GtkWidget  *widget,
                         const char *text)
{
  return find_label (widget, text, TRUE) != NULL;
}

GtkWidget *
kz_gui_test_find_button (GtkWidget  *widget,
                         const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kz_gui_test_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect (GtkWidget *widget,
         GString   *texts,
         gboolean   mapped_only)
{
  if (mapped_only && !gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (texts, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (texts, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, texts, mapped_only);
}

char *
kz_gui_test_texts (GtkWidget *widget,
                   gboolean   mapped_only)
{
  GString *texts = g_string_new (NULL);

  collect (widget, texts, mapped_only);
  return g_string_free (texts, FALSE);
}

gboolean
kz_gui_test_shows_text (GtkWidget  *widget,
                        const char *text)
{
  g_autofree char *texts = kz_gui_test_texts (widget, TRUE);

  return strstr (texts, text) != NULL;
}

static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  if (GTK_IS_REVEALER (widget) &&
      gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) != gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

void
kz_gui_test_screenshot (GtkWidget  *window,
                        const char *name)
{
  const char *dir = g_getenv ("KAIZEN_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  /* Let every crossfade and slide finish: mid-transition both pages show. */
  KZ_WAIT_UNTIL (!transition_running (window));
  gtk_test_widget_wait_for_draw (window);
  paintable = gtk_widget_paintable_new (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

void
kz_gui_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

char *
kz_gui_test_write_file (const char *dir,
                        const char *name,
                        const char *contents,
                        gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}
