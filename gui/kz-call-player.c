/* kz-call-player.c — a call's recording and transcript
 *
 * GtkMediaFile (GStreamer) plays the recording; our own controls give
 * play/pause, a seek scale and the time, and the transcript follows the
 * playback, its current segment selected.  Clicking a segment seeks to it.
 *
 * No speed selector: GtkMediaStream in GTK 4.8 has no playback-rate API,
 * and faking one (skipping or pitch-shifting outside GTK) would be worse
 * than none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-call-player"

#include "config.h"

#include <glib/gi18n.h>

#include "kz-call-player.h"

struct _KzCallPlayer
{
  GtkBox          parent_instance;

  GtkMediaStream *stream;
  GPtrArray      *transcript;   /* KzTranscriptSegment*, borrowed copies owned here */
  gint            duration_ms;  /* from the import until the stream knows */

  GtkWidget      *play_button;
  GtkWidget      *scale;
  GtkWidget      *time_label;
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

static void
update_position (KzCallPlayer *self)
{
  gint position = kz_call_player_get_position_ms (self);
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
on_stream_notify (GObject      *stream,
                  GParamSpec   *pspec,
                  KzCallPlayer *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "playing"))
    update_playing (self);
  else if (g_str_equal (name, "error"))
    {
      const GError *error = gtk_media_stream_get_error (GTK_MEDIA_STREAM (stream));

      if (error != NULL)
        {
          gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
          gtk_widget_set_visible (self->error_label, TRUE);
          gtk_widget_set_sensitive (self->play_button, FALSE);
          gtk_widget_set_sensitive (self->scale, FALSE);
        }
    }
  else
    update_position (self);
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
}

static void
kz_call_player_init (KzCallPlayer *self)
{
  self->current_segment = -1;
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

  self->stream = gtk_media_file_new_for_filename (call->audio_path);
  g_signal_connect (self->stream, "notify", G_CALLBACK (on_stream_notify), self);

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
  gtk_box_append (GTK_BOX (self), controls);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
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

  update_playing (self);
  update_position (self);
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

  if (gtk_media_stream_is_seekable (self->stream))
    gtk_media_stream_seek (self->stream, (gint64) MAX (ms, 0) * 1000);
}

int
kz_call_player_get_current_segment (KzCallPlayer *self)
{
  g_return_val_if_fail (KZ_IS_CALL_PLAYER (self), -1);
  return self->current_segment;
}
