/* kz-call-player.c — a call's recording and transcript
 *
 * KzAudioStream (GStreamer) plays the recording; our own controls give
 * play/pause, a seek scale, the time and the speed (0.75× to 2×, the pitch
 * kept natural), and the transcript follows the playback, its current
 * segment selected.  Clicking a segment seeks to it.
 *
 * Keys, as actions on this class: Ctrl+P or Ctrl+Space play or pause,
 * Ctrl+Left / Ctrl+Right go 5 s back or on, Ctrl+[ / Ctrl+] slow down or
 * speed up.  They are class bindings and, through a global-scope shortcut
 * controller, work anywhere in the window while the player is shown: a
 * reviewer scoring the form keeps control of the call.  In a text field
 * (a criterion's comment) Ctrl+Space and Ctrl+Left/Right stay the field's.
 * The workspace's own keys (digits, N, Alt+Up/Down, Ctrl+Enter) are not
 * touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-call-player"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-audio-stream.h"
#include "kz-call-player.h"

#define SEEK_STEP_MS 5000

static const double speeds[] = { 0.75, 1.0, 1.25, 1.5, 1.75, 2.0 };
#define NORMAL_SPEED 1

/* text_keeps: a text field with the focus keeps the key (Ctrl+Left/Right
 * move by word there, Ctrl+Space may switch the input method). */
typedef struct {
  guint           keyval;
  GdkModifierType modifiers;
  const char     *action;
  gboolean        text_keeps;
} PlayerKey;

static const PlayerKey player_keys[] = {
  { GDK_KEY_p,            GDK_CONTROL_MASK, "player.play-pause",    FALSE },
  { GDK_KEY_space,        GDK_CONTROL_MASK, "player.play-pause",    TRUE },
  { GDK_KEY_Left,         GDK_CONTROL_MASK, "player.seek-backward", TRUE },
  { GDK_KEY_Right,        GDK_CONTROL_MASK, "player.seek-forward",  TRUE },
  { GDK_KEY_bracketleft,  GDK_CONTROL_MASK, "player.slower",        FALSE },
  { GDK_KEY_bracketright, GDK_CONTROL_MASK, "player.faster",        FALSE },
};

struct _KzCallPlayer
{
  GtkBox          parent_instance;

  GtkMediaStream *stream;
  GPtrArray      *transcript;   /* KzTranscriptSegment*, copies owned here */
  gint            duration_ms;  /* from the import until the stream knows */
  gint            seek_target_ms; /* where the last seek goes, while it runs */

  GtkWidget      *play_button;
  GtkWidget      *scale;
  GtkWidget      *time_label;
  GtkWidget      *speed_dropdown;
  GtkWidget      *error_label;
  GtkListBox     *transcript_list;
  int             current_segment;
};

G_DEFINE_FINAL_TYPE (KzCallPlayer, kz_call_player, GTK_TYPE_BOX)

char *
kz_format_ms (gint ms)
{
  gint s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

int
kz_transcript_find_segment (GPtrArray *transcript,
                            gint       ms)
{
  int found = -1;

  if (transcript == NULL)
    return -1;
  for (guint i = 0; i < transcript->len; i++)
    {
      const KzTranscriptSegment *segment = g_ptr_array_index (transcript, i);

      if (segment->start_ms > ms)
        break;
      found = (int) i;
    }
  if (found >= 0)
    {
      const KzTranscriptSegment *segment = g_ptr_array_index (transcript, found);

      if (segment->end_ms >= 0 && ms >= segment->end_ms)
        return -1;
    }
  return found;
}

static gint
stream_duration_ms (KzCallPlayer *self)
{
  gint64 duration = gtk_media_stream_get_duration (self->stream);

  return duration > 0 ? (gint) (duration / 1000) : self->duration_ms;
}

static guint
speed_index (KzCallPlayer *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->speed_dropdown));
}

/* Which actions make sense now: one place for all of them. */
static void
update_actions (KzCallPlayer *self)
{
  gboolean usable = gtk_media_stream_get_error (self->stream) == NULL;
  gboolean seekable = usable && gtk_media_stream_is_seekable (self->stream);
  guint speed = speed_index (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.play-pause", usable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.seek-backward", seekable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.seek-forward", seekable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.slower", usable && speed > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.faster",
                                 usable && speed + 1 < G_N_ELEMENTS (speeds));
  gtk_widget_set_sensitive (self->play_button, usable);
  gtk_widget_set_sensitive (self->scale, seekable);
  gtk_widget_set_sensitive (self->speed_dropdown, usable);
}

/* Where playback is, or is about to be while a seek runs. */
static gint
shown_position_ms (KzCallPlayer *self)
{
  if (gtk_media_stream_is_seeking (self->stream))
    return self->seek_target_ms;
  return kz_call_player_get_position_ms (self);
}

static void
update_position (KzCallPlayer *self)
{
  gint position = shown_position_ms (self);
  gint duration = stream_duration_ms (self);
  g_autofree char *now = kz_format_ms (position);
  g_autofree char *total = kz_format_ms (duration);
  g_autofree char *text = g_strdup_printf ("%s / %s", now, total);
  int segment;

  gtk_label_set_text (GTK_LABEL (self->time_label), text);
  gtk_range_set_range (GTK_RANGE (self->scale), 0, MAX (duration, 1));
  gtk_range_set_value (GTK_RANGE (self->scale), position);

  segment = kz_transcript_find_segment (self->transcript, position);
  if (segment != self->current_segment)
    {
      self->current_segment = segment;
      if (segment >= 0)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->transcript_list, segment);

          gtk_list_box_select_row (self->transcript_list, row);
        }
      else
        gtk_list_box_unselect_all (self->transcript_list);
    }
}

static void
update_playing (KzCallPlayer *self)
{
  gboolean playing = gtk_media_stream_get_playing (self->stream);
  const char *tip = playing ? _("Pause") : _("Play");

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tip,
                                  -1);
}

static void
update_error (KzCallPlayer *self)
{
  const GError *error = gtk_media_stream_get_error (self->stream);

  if (error != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
    }
  update_actions (self);
}

/* The stream's speed, shown by the selector (keys and code change it too). */
static void
update_speed (KzCallPlayer *self)
{
  double rate = kz_audio_stream_get_rate (KZ_AUDIO_STREAM (self->stream));

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (G_APPROX_VALUE (speeds[i], rate, 1e-6))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_dropdown), i);
  update_actions (self);
}

static void
on_stream_notify (GObject      *stream,
                  GParamSpec   *pspec,
                  KzCallPlayer *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "playing"))
    update_playing (self);
  else if (g_str_equal (name, "error"))
    update_error (self);
  else if (g_str_equal (name, "rate"))
    update_speed (self);
  else
    {
      if (g_str_equal (name, "seekable") || g_str_equal (name, "prepared"))
        update_actions (self);
      update_position (self);
    }
}

static void
on_speed_selected (GtkDropDown  *dropdown,
                   GParamSpec   *pspec,
                   KzCallPlayer *self)
{
  guint index = gtk_drop_down_get_selected (dropdown);

  if (index < G_N_ELEMENTS (speeds))
    kz_audio_stream_set_rate (KZ_AUDIO_STREAM (self->stream), speeds[index]);
  update_actions (self);
}

static void
on_play_clicked (GtkButton    *button,
                 KzCallPlayer *self)
{
  gtk_media_stream_set_playing (self->stream, !gtk_media_stream_get_playing (self->stream));
}

static gboolean
on_change_value (GtkRange      *range,
                 GtkScrollType  scroll,
                 double         value,
                 KzCallPlayer  *self)
{
  kz_call_player_seek_ms (self, (gint) value);
  return FALSE;
}

static void
on_row_activated (GtkListBox    *box,
                  GtkListBoxRow *row,
                  KzCallPlayer  *self)
{
  int index = gtk_list_box_row_get_index (row);
  const KzTranscriptSegment *segment = g_ptr_array_index (self->transcript, index);

  kz_call_player_seek_ms (self, segment->start_ms);
}

/* ---- actions ----------------------------------------------------------- */

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KzCallPlayer *self = KZ_CALL_PLAYER (widget);

  gtk_media_stream_set_playing (self->stream, !gtk_media_stream_get_playing (self->stream));
}

static void
seek_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KzCallPlayer *self = KZ_CALL_PLAYER (widget);
  gint step = g_str_equal (action_name, "player.seek-forward") ? SEEK_STEP_MS : -SEEK_STEP_MS;
  /* From a seek still under way, so that pressing twice goes 10 s. */
  gint from = shown_position_ms (self);

  kz_call_player_seek_ms (self, CLAMP (from + step, 0, stream_duration_ms (self)));
}

static void
speed_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KzCallPlayer *self = KZ_CALL_PLAYER (widget);
  guint index = speed_index (self);

  if (g_str_equal (action_name, "player.faster") && index + 1 < G_N_ELEMENTS (speeds))
    index++;
  else if (g_str_equal (action_name, "player.slower") && index > 0)
    index--;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_dropdown), index);
}

/* ---- GObject ----------------------------------------------------------- */

static void
kz_call_player_dispose (GObject *object)
{
  KzCallPlayer *self = KZ_CALL_PLAYER (object);

  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      gtk_media_stream_pause (self->stream);
      g_clear_object (&self->stream);
    }
  G_OBJECT_CLASS (kz_call_player_parent_class)->dispose (object);
}

static void
kz_call_player_finalize (GObject *object)
{
  KzCallPlayer *self = KZ_CALL_PLAYER (object);

  g_clear_pointer (&self->transcript, g_ptr_array_unref);
  G_OBJECT_CLASS (kz_call_player_parent_class)->finalize (object);
}

static void
kz_call_player_class_init (KzCallPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_call_player_dispose;
  object_class->finalize = kz_call_player_finalize;
  gtk_widget_class_set_css_name (widget_class, "kz-call-player");

  gtk_widget_class_install_action (widget_class, "player.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "player.seek-backward", NULL, seek_action);
  gtk_widget_class_install_action (widget_class, "player.seek-forward", NULL, seek_action);
  gtk_widget_class_install_action (widget_class, "player.slower", NULL, speed_action);
  gtk_widget_class_install_action (widget_class, "player.faster", NULL, speed_action);
  for (guint i = 0; i < G_N_ELEMENTS (player_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, player_keys[i].keyval, player_keys[i].modifiers,
                                         player_keys[i].action, NULL);
}

/* A player key pressed anywhere in the window. */
static gboolean
on_window_key (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  const PlayerKey *key = data;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (key->text_keeps && (GTK_IS_TEXT (focus) || GTK_IS_TEXT_VIEW (focus)))
    return FALSE;
  return gtk_widget_activate_action (widget, key->action, NULL);
}

static void
kz_call_player_init (KzCallPlayer *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  self->current_segment = -1;

  /* The class bindings only see keys the focused widget did not take, with
   * the focus inside the player, and GtkWindow itself binds Ctrl+arrows
   * to moving the focus.  So the same keys also work window-wide, ahead of
   * the focused widget (capture phase), and text fields keep the keys they
   * use.  GTK skips these while the player is not mapped. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (shortcuts, "player-keys");
  for (guint i = 0; i < G_N_ELEMENTS (player_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (player_keys[i].keyval,
                                                                                    player_keys[i].modifiers),
                                                            gtk_callback_action_new (on_window_key,
                                                                                     (gpointer) &player_keys[i],
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

static KzTranscriptSegment *
segment_copy (const KzTranscriptSegment *segment)
{
  KzTranscriptSegment *copy = g_new0 (KzTranscriptSegment, 1);

  copy->start_ms = segment->start_ms;
  copy->end_ms = segment->end_ms;
  copy->speaker = g_strdup (segment->speaker);
  copy->text = g_strdup (segment->text);
  return copy;
}

static GtkWidget *
make_segment_row (const KzTranscriptSegment *segment)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *time = kz_format_ms (segment->start_ms);
  GtkWidget *time_label = gtk_label_new (time);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *text = gtk_label_new (segment->text);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_yalign (GTK_LABEL (time_label), 0);
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_box_append (GTK_BOX (box), time_label);
  if (segment->speaker != NULL)
    {
      GtkWidget *speaker = gtk_label_new (segment->speaker);

      gtk_label_set_xalign (GTK_LABEL (speaker), 0);
      gtk_widget_add_css_class (speaker, "heading");
      gtk_box_append (GTK_BOX (text_box), speaker);
    }
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text_box), text);
  gtk_box_append (GTK_BOX (box), text_box);
  return box;
}

static GtkWidget *
make_speed_dropdown (void)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    {
      /* Translators: a playback speed, e.g. "1.5×" */
      g_autofree char *label = g_strdup_printf (C_("playback speed", "%g×"), speeds[i]);

      gtk_string_list_append (labels, label);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), NORMAL_SPEED);
  gtk_widget_set_name (dropdown, "speed");
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, _("Playback speed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Playback speed"),
                                  -1);
  return dropdown;
}

GtkWidget *
kz_call_player_new (const KzCall *call)
{
  KzCallPlayer *self;
  GtkWidget *controls, *heading;

  g_return_val_if_fail (call != NULL, NULL);

  self = g_object_new (KZ_TYPE_CALL_PLAYER,
                       "orientation", GTK_ORIENTATION_VERTICAL,
                       "spacing", 12,
                       NULL);
  self->duration_ms = call->duration_s * 1000;
  self->transcript = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);
  if (call->transcript != NULL)
    for (guint i = 0; i < call->transcript->len; i++)
      g_ptr_array_add (self->transcript, segment_copy (g_ptr_array_index (call->transcript, i)));

  self->stream = kz_audio_stream_new_for_filename (call->audio_path);

  controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (controls, "toolbar");
  gtk_widget_add_css_class (controls, "card");
  self->play_button = gtk_button_new_from_icon_name ("media-playback-start-symbolic");
  gtk_widget_set_name (self->play_button, "play");
  gtk_widget_add_css_class (self->play_button, "circular");
  g_signal_connect (self->play_button, "clicked", G_CALLBACK (on_play_clicked), self);
  gtk_box_append (GTK_BOX (controls), self->play_button);

  self->scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, MAX (self->duration_ms, 1), 1000);
  gtk_widget_set_name (self->scale, "seek");
  gtk_widget_set_hexpand (self->scale, TRUE);
  gtk_scale_set_draw_value (GTK_SCALE (self->scale), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Position"),
                                  -1);
  g_signal_connect (self->scale, "change-value", G_CALLBACK (on_change_value), self);
  gtk_box_append (GTK_BOX (controls), self->scale);

  self->time_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->time_label, "time");
  gtk_widget_add_css_class (self->time_label, "numeric");
  gtk_box_append (GTK_BOX (controls), self->time_label);

  self->speed_dropdown = make_speed_dropdown ();
  g_signal_connect (self->speed_dropdown, "notify::selected", G_CALLBACK (on_speed_selected), self);
  gtk_box_append (GTK_BOX (controls), self->speed_dropdown);
  gtk_box_append (GTK_BOX (self), controls);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_set_name (self->error_label, "error");
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (self), self->error_label);

  heading = gtk_label_new (_("Transcript"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self), heading);

  self->transcript_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->transcript_list), "transcript");
  gtk_widget_add_css_class (GTK_WIDGET (self->transcript_list), "boxed-list");
  gtk_list_box_set_selection_mode (self->transcript_list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->transcript_list, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->transcript_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Transcript"),
                                  -1);
  for (guint i = 0; i < self->transcript->len; i++)
    gtk_list_box_append (self->transcript_list, make_segment_row (g_ptr_array_index (self->transcript, i)));
  g_signal_connect (self->transcript_list, "row-activated", G_CALLBACK (on_row_activated), self);
  if (self->transcript->len > 0)
    gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->transcript_list));
  else
    {
      GtkWidget *none = gtk_label_new (_("This call has no transcript."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (self), none);
    }

  /* The stream may already be in error (no GStreamer, no file name). */
  g_signal_connect (self->stream, "notify", G_CALLBACK (on_stream_notify), self);
  update_playing (self);
  update_position (self);
  update_error (self);
  return GTK_WIDGET (self);
}

GtkMediaStream *
kz_call_player_get_stream (KzCallPlayer *self)
{
  g_return_val_if_fail (KZ_IS_CALL_PLAYER (self), NULL);
  return self->stream;
}

gint
kz_call_player_get_position_ms (KzCallPlayer *self)
{
  g_return_val_if_fail (KZ_IS_CALL_PLAYER (self), 0);
  return (gint) (gtk_media_stream_get_timestamp (self->stream) / 1000);
}

void
kz_call_player_seek_ms (KzCallPlayer *self,
                        gint          ms)
{
  g_return_if_fail (KZ_IS_CALL_PLAYER (self));

  if (!gtk_media_stream_is_seekable (self->stream))
    return;
  self->seek_target_ms = MAX (ms, 0);
  gtk_media_stream_seek (self->stream, (gint64) self->seek_target_ms * 1000);
}

int
kz_call_player_get_current_segment (KzCallPlayer *self)
{
  g_return_val_if_fail (KZ_IS_CALL_PLAYER (self), -1);
  return self->current_segment;
}
