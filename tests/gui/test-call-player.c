/* test-call-player.c — the call player and its GStreamer stream, in-process
 *
 * The recording is a WAV this file writes itself: two tones with a pause,
 * like two speakers taking turns.  Its duration is read back from the
 * file's own header (data bytes / bytes per second), never from the
 * stream.  Speeds are measured against the wall clock over at least 1.5 s
 * of playback.  There is no sound card: GStreamer's fallback sink plays in
 * real time.  Waits poll the main loop against a deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "kz-audio-stream.h"
#include "kz-call-player.h"
#include "kz-error.h"

#define DEADLINE_SECONDS 30
#define WAV_RATE 16000
#define WAV_SECONDS 10
#define MEASURE_USEC (G_USEC_PER_SEC * 3 / 2)

static char *tmp_dir;
static char *wav_path;

/* ---- helpers ----------------------------------------------------------- */

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_UNTIL(cond)                                                        \
  G_STMT_START {                                                                \
    gint64 _deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC; \
    guint _tick = g_timeout_add (10, wake_up, NULL);                            \
    while (!(cond))                                                             \
      {                                                                         \
        if (g_get_monotonic_time () > _deadline)                                \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        g_main_context_iteration (NULL, TRUE);                                  \
      }                                                                         \
    g_source_remove (_tick);                                                    \
  } G_STMT_END

static void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_by_name (GtkWidget  *widget,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
put_le16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put_le32 (guint8 *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static guint32
get_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

/* A 16 kHz, 16-bit mono call of @seconds: a 220 Hz "agent" for 3 s, half a
 * second of silence, then a 330 Hz "customer". */
static char *
write_call_wav (const char *name,
                guint       seconds)
{
  guint32 n_samples = WAV_RATE * seconds, data_len = n_samples * 2;
  g_autofree guint8 *wav = g_malloc0 (44 + data_len);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  memcpy (wav, "RIFF", 4);
  put_le32 (wav + 4, 36 + data_len);
  memcpy (wav + 8, "WAVEfmt ", 8);
  put_le32 (wav + 16, 16);
  put_le16 (wav + 20, 1);              /* PCM */
  put_le16 (wav + 22, 1);              /* mono */
  put_le32 (wav + 24, WAV_RATE);
  put_le32 (wav + 28, WAV_RATE * 2);   /* bytes per second */
  put_le16 (wav + 32, 2);
  put_le16 (wav + 34, 16);
  memcpy (wav + 36, "data", 4);
  put_le32 (wav + 40, data_len);
  for (guint32 i = 0; i < n_samples; i++)
    {
      double t = (double) i / WAV_RATE;
      double f = t < 3.0 ? 220 : t < 3.5 ? 0 : 330;
      gint16 sample = f > 0 ? (gint16) (8000 * sin (2 * G_PI * f * t)) : 0;

      put_le16 (wav + 44 + 2 * i, (guint16) sample);
    }
  g_file_set_contents (path, (const char *) wav, 44 + data_len, &error);
  g_assert_no_error (error);
  return path;
}

/* The duration the file itself declares, in µs: data bytes / bytes per s. */
static gint64
wav_header_duration_us (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const guint8 *p;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 44);
  p = (const guint8 *) contents;
  g_assert_true (memcmp (p + 36, "data", 4) == 0);
  return (gint64) get_le32 (p + 40) * G_USEC_PER_SEC / get_le32 (p + 28);
}

typedef struct {
  GtkWidget      *window;
  GtkWidget      *outside;      /* a button beside the player, for focus */
  GtkWidget      *entry;        /* a text field beside the player */
  KzCallPlayer   *player;
  GtkMediaStream *stream;
  gint64          update_wall;  /* monotonic time of the last timestamp change */
  guint           n_ended;
} Fixture;

static void
on_timestamp (GtkMediaStream *stream,
              GParamSpec     *pspec,
              Fixture        *fx)
{
  fx->update_wall = g_get_monotonic_time ();
}

static void
on_ended (GtkMediaStream *stream,
          GParamSpec     *pspec,
          Fixture        *fx)
{
  if (gtk_media_stream_get_ended (stream))
    fx->n_ended++;
}

/* Segments: agent 0:00–0:03, a gap, customer 0:03.5–0:06, agent from 0:06. */
static KzCall *
make_call (const char *audio_path)
{
  static const struct { gint start, end; const char *speaker, *text; } turns[] = {
    { 0,    3000, "Agent",    "Thank you for calling Northwind Energy." },
    { 3500, 6000, "Customer", "My meter reading is wrong." },
    { 6000, -1,   "Agent",    "Let me correct that for you." },
  };
  KzCall *call = g_new0 (KzCall, 1);

  call->duration_s = WAV_SECONDS;
  call->audio_path = g_strdup (audio_path);
  call->audio_type = g_strdup ("audio/x-wav");
  call->transcript = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);
  for (guint i = 0; i < G_N_ELEMENTS (turns); i++)
    {
      KzTranscriptSegment *segment = g_new0 (KzTranscriptSegment, 1);

      segment->start_ms = turns[i].start;
      segment->end_ms = turns[i].end;
      segment->speaker = g_strdup (turns[i].speaker);
      segment->text = g_strdup (turns[i].text);
      g_ptr_array_add (call->transcript, segment);
    }
  return call;
}

static void
fixture_open (Fixture    *fx,
              const char *audio_path)
{
  g_autoptr(KzCall) call = make_call (audio_path);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  memset (fx, 0, sizeof *fx);
  fx->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 720, 480);
  fx->player = KZ_CALL_PLAYER (kz_call_player_new (call));
  fx->stream = kz_call_player_get_stream (fx->player);
  g_assert_true (KZ_IS_AUDIO_STREAM (fx->stream));
  g_signal_connect (fx->stream, "notify::timestamp", G_CALLBACK (on_timestamp), fx);
  g_signal_connect (fx->stream, "notify::ended", G_CALLBACK (on_ended), fx);
  fx->outside = gtk_button_new_with_label ("Elsewhere");
  gtk_widget_set_name (fx->outside, "outside");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fx->player));
  gtk_box_append (GTK_BOX (box), fx->outside);
  fx->entry = gtk_entry_new ();
  gtk_box_append (GTK_BOX (box), fx->entry);
  gtk_window_set_child (GTK_WINDOW (fx->window), box);
  gtk_window_present (GTK_WINDOW (fx->window));
  gtk_test_widget_wait_for_draw (fx->window);
}

static void
fixture_open_prepared (Fixture *fx)
{
  fixture_open (fx, wav_path);
  WAIT_UNTIL (gtk_media_stream_is_prepared (fx->stream));
  if (gtk_media_stream_get_error (fx->stream) != NULL)
    g_error ("the recording does not play: %s", gtk_media_stream_get_error (fx->stream)->message);
}

static void
fixture_close (Fixture *fx)
{
  g_signal_handlers_disconnect_by_data (fx->stream, fx);
  gtk_window_destroy (GTK_WINDOW (fx->window));
  drain_main_loop ();
}

static gint64
position_us (Fixture *fx)
{
  return gtk_media_stream_get_timestamp (fx->stream);
}

static void
seek_and_wait (Fixture *fx,
               gint     ms)
{
  kz_call_player_seek_ms (fx->player, ms);
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx->stream));
}

/* Playback speed over ≥ 1.5 s of wall time: stream µs per wall µs, both
 * taken at the moments the stream reported a new position. */
static double
measure_speed (Fixture *fx)
{
  gint64 p0, w0, p1, w1;

  /* Start on a fresh position report, a moment after any seek (a speed
   * change is one) has settled. */
  {
    gint64 since = g_get_monotonic_time ();
    WAIT_UNTIL (fx->update_wall - since >= G_USEC_PER_SEC / 5 && !gtk_media_stream_is_seeking (fx->stream));
  }
  p0 = position_us (fx);
  w0 = fx->update_wall;
  WAIT_UNTIL (fx->update_wall - w0 >= MEASURE_USEC);
  p1 = position_us (fx);
  w1 = fx->update_wall;
  g_test_message ("moved %" G_GINT64_FORMAT " µs in %" G_GINT64_FORMAT " µs", p1 - p0, w1 - w0);
  return (double) (p1 - p0) / (double) (w1 - w0);
}

static int
selected_row (Fixture *fx)
{
  GtkWidget *list = find_by_name (GTK_WIDGET (fx->player), "transcript");
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (list));

  return row != NULL ? gtk_list_box_row_get_index (row) : -1;
}

static GtkDropDown *
speed_dropdown (Fixture *fx)
{
  GtkWidget *dropdown = find_by_name (GTK_WIDGET (fx->player), "speed");

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  return GTK_DROP_DOWN (dropdown);
}

static const char *
dropdown_label (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return gtk_string_object_get_string (item);
}

static double
stream_rate (Fixture *fx)
{
  return kz_audio_stream_get_rate (KZ_AUDIO_STREAM (fx->stream));
}

/* Renders the window to @name in $KAIZEN_SCREENSHOT_DIR (when set). */
static void
screenshot (GtkWidget  *window,
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
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The shortcut for @keyval + @modifiers in one of @widget's controllers of
 * @scope: what a key press there would run. */
static GtkShortcut *
find_shortcut (GtkWidget        *widget,
               GtkShortcutScope  scope,
               guint             keyval,
               GdkModifierType   modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) != scope)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return g_steal_pointer (&shortcut);
        }
    }
  return NULL;
}

/* Runs what @keyval + @modifiers is bound to, as a key press would: the
 * class binding names @expected_action, and the window-wide shortcut (the
 * one a key press anywhere in the window meets first) runs it. */
static void
press_binding (Fixture         *fx,
               guint            keyval,
               GdkModifierType  modifiers,
               const char      *expected_action)
{
  g_autoptr(GtkShortcut) local = find_shortcut (GTK_WIDGET (fx->player), GTK_SHORTCUT_SCOPE_LOCAL,
                                                keyval, modifiers);
  g_autoptr(GtkShortcut) global = find_shortcut (GTK_WIDGET (fx->player), GTK_SHORTCUT_SCOPE_GLOBAL,
                                                 keyval, modifiers);
  GtkShortcutAction *action;

  g_assert_nonnull (local);
  action = gtk_shortcut_get_action (local);
  g_assert_true (GTK_IS_NAMED_ACTION (action));
  g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==, expected_action);

  g_assert_nonnull (global);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (global), 0,
                                               GTK_WIDGET (fx->player),
                                               gtk_shortcut_get_arguments (global)));
}

/* A real key press through the X server (XTEST), when xdotool is there. */
static gboolean
send_key (const char *keys)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "key", "--clearmodifiers", keys, NULL };
  int status = 0;

  if (xdotool == NULL)
    return FALSE;
  argv[0] = xdotool;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

/* ---- tests ------------------------------------------------------------- */

static void
test_pure_segments (void)
{
  g_autoptr(KzCall) call = make_call ("unused.wav");

  g_assert_cmpint (kz_transcript_find_segment (call->transcript, 0), ==, 0);
  g_assert_cmpint (kz_transcript_find_segment (call->transcript, 2999), ==, 0);
  /* 0:03.0–0:03.5 is between turns. */
  g_assert_cmpint (kz_transcript_find_segment (call->transcript, 3200), ==, -1);
  g_assert_cmpint (kz_transcript_find_segment (call->transcript, 3500), ==, 1);
  g_assert_cmpint (kz_transcript_find_segment (call->transcript, 6000), ==, 2);
  g_assert_cmpint (kz_transcript_find_segment (call->transcript, 60000), ==, 2);
}

static void
test_prepared (void)
{
  gint64 expected = wav_header_duration_us (wav_path);
  GtkWidget *time_label;
  Fixture fx;

  /* The header says what write_call_wav meant: 10 s. */
  g_assert_cmpint (expected, ==, WAV_SECONDS * G_USEC_PER_SEC);

  fixture_open_prepared (&fx);
  g_assert_true (gtk_media_stream_has_audio (fx.stream));
  g_assert_false (gtk_media_stream_has_video (fx.stream));
  g_assert_true (gtk_media_stream_is_seekable (fx.stream));
  g_assert_cmpint (ABS (gtk_media_stream_get_duration (fx.stream) - expected), <=, 1000);
  g_assert_cmpfloat (stream_rate (&fx), ==, 1.0);
  g_assert_false (gtk_media_stream_get_playing (fx.stream));
  g_assert_cmpint (position_us (&fx), ==, 0);
  time_label = find_by_name (GTK_WIDGET (fx.player), "time");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (time_label)), ==, "0:00 / 0:10");
  g_assert_cmpint (selected_row (&fx), ==, 0);
  g_assert_false (gtk_widget_get_visible (find_by_name (GTK_WIDGET (fx.player), "error")));
  screenshot (fx.window, "call-player.png");
  fixture_close (&fx);
}

static void
test_speeds (void)
{
  GtkDropDown *dropdown;
  double speed;
  Fixture fx;

  fixture_open_prepared (&fx);
  dropdown = speed_dropdown (&fx);
  g_assert_cmpstr (dropdown_label (dropdown), ==, "1×");

  gtk_media_stream_play (fx.stream);
  g_assert_true (gtk_media_stream_get_playing (fx.stream));
  speed = measure_speed (&fx);
  g_test_message ("1×: %.3f", speed);
  g_assert_cmpfloat (speed, >=, 0.8);
  g_assert_cmpfloat (speed, <=, 1.2);

  /* The selector's choice is the stream's rate, applied while playing. */
  gtk_drop_down_set_selected (dropdown, 5);
  g_assert_cmpstr (dropdown_label (dropdown), ==, "2×");
  g_assert_cmpfloat (stream_rate (&fx), ==, 2.0);
  g_assert_true (gtk_media_stream_get_playing (fx.stream));
  speed = measure_speed (&fx);
  g_test_message ("2×: %.3f", speed);
  g_assert_cmpfloat (speed, >=, 1.6);
  g_assert_cmpfloat (speed, <=, 2.4);

  /* A later seek keeps the speed. */
  seek_and_wait (&fx, 1000);
  g_assert_cmpint (ABS (position_us (&fx) - 1000 * 1000), <=, 200 * 1000);
  g_assert_cmpfloat (stream_rate (&fx), ==, 2.0);
  speed = measure_speed (&fx);
  g_test_message ("2× after a seek: %.3f", speed);
  g_assert_cmpfloat (speed, >=, 1.6);
  g_assert_cmpfloat (speed, <=, 2.4);

  /* Code setting the rate moves the selector. */
  kz_audio_stream_set_rate (KZ_AUDIO_STREAM (fx.stream), 0.75);
  g_assert_cmpstr (dropdown_label (dropdown), ==, "0.75×");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  gtk_media_stream_pause (fx.stream);
  fixture_close (&fx);
}

static void
on_bare_timestamp (GtkMediaStream *stream,
                   GParamSpec     *pspec,
                   gint64         *update_wall)
{
  *update_wall = g_get_monotonic_time ();
}

/* A speed chosen before the recording has loaded applies once it has. */
static void
test_rate_before_loading (void)
{
  g_autoptr(GtkMediaStream) stream = kz_audio_stream_new_for_filename (wav_path);
  gint64 update_wall = 0, p0, w0;
  double speed;

  g_signal_connect (stream, "notify::timestamp", G_CALLBACK (on_bare_timestamp), &update_wall);
  g_assert_false (gtk_media_stream_is_prepared (stream));
  kz_audio_stream_set_rate (KZ_AUDIO_STREAM (stream), 1.5);
  g_assert_cmpfloat (kz_audio_stream_get_rate (KZ_AUDIO_STREAM (stream)), ==, 1.5);
  /* Out of range: clamped. */
  kz_audio_stream_set_rate (KZ_AUDIO_STREAM (stream), 100);
  g_assert_cmpfloat (kz_audio_stream_get_rate (KZ_AUDIO_STREAM (stream)), ==, KZ_AUDIO_STREAM_MAX_RATE);
  g_object_set (stream, "rate", 1.5, NULL);
  WAIT_UNTIL (gtk_media_stream_is_prepared (stream));
  g_assert_null (gtk_media_stream_get_error (stream));
  gtk_media_stream_play (stream);
  WAIT_UNTIL (gtk_media_stream_get_timestamp (stream) >= 300 * 1000);
  p0 = gtk_media_stream_get_timestamp (stream);
  w0 = update_wall;
  WAIT_UNTIL (update_wall - w0 >= MEASURE_USEC);
  speed = (double) (gtk_media_stream_get_timestamp (stream) - p0) / (double) (update_wall - w0);
  g_test_message ("1.5× set before loading: %.3f", speed);
  g_assert_cmpfloat (speed, >=, 1.2);
  g_assert_cmpfloat (speed, <=, 1.8);
  gtk_media_stream_pause (stream);
  g_signal_handlers_disconnect_by_data (stream, &update_wall);
}

static void
test_speed_selector (void)
{
  static const char *labels[] = { "0.75×", "1×", "1.25×", "1.5×", "1.75×", "2×" };
  static const double rates[] = { 0.75, 1.0, 1.25, 1.5, 1.75, 2.0 };
  GListModel *model;
  GtkDropDown *dropdown;
  Fixture fx;

  fixture_open_prepared (&fx);
  dropdown = speed_dropdown (&fx);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Playback speed");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (dropdown)), ==, "Playback speed");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dropdown)));
  model = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gtk_drop_down_set_selected (dropdown, i);
      g_assert_cmpstr (dropdown_label (dropdown), ==, labels[i]);
      g_assert_cmpfloat (stream_rate (&fx), ==, rates[i]);
    }
  /* Changing the rate paused goes through the same seek: nothing moves. */
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  g_assert_false (gtk_media_stream_get_playing (fx.stream));
  g_assert_cmpint (position_us (&fx), <=, 50 * 1000);
  fixture_close (&fx);
}

static void
test_keyboard (void)
{
  GtkWidget *player;
  gint64 before;
  Fixture fx;

  fixture_open_prepared (&fx);
  player = GTK_WIDGET (fx.player);

  /* Actions. */
  g_assert_true (gtk_widget_activate_action (player, "player.play-pause", NULL));
  g_assert_true (gtk_media_stream_get_playing (fx.stream));
  g_assert_true (gtk_widget_activate_action (player, "player.play-pause", NULL));
  g_assert_false (gtk_media_stream_get_playing (fx.stream));

  seek_and_wait (&fx, 2000);
  g_assert_true (gtk_widget_activate_action (player, "player.seek-forward", NULL));
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  g_assert_cmpint (ABS (position_us (&fx) - 7000 * 1000), <=, 200 * 1000);
  g_assert_cmpint (selected_row (&fx), ==, 2);
  g_assert_true (gtk_widget_activate_action (player, "player.seek-backward", NULL));
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  g_assert_cmpint (ABS (position_us (&fx) - 2000 * 1000), <=, 200 * 1000);
  g_assert_cmpint (selected_row (&fx), ==, 0);
  /* Not before the start. */
  g_assert_true (gtk_widget_activate_action (player, "player.seek-backward", NULL));
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  g_assert_cmpint (position_us (&fx), <=, 200 * 1000);

  g_assert_true (gtk_widget_activate_action (player, "player.faster", NULL));
  g_assert_cmpfloat (stream_rate (&fx), ==, 1.25);
  g_assert_true (gtk_widget_activate_action (player, "player.slower", NULL));
  g_assert_true (gtk_widget_activate_action (player, "player.slower", NULL));
  g_assert_cmpfloat (stream_rate (&fx), ==, 0.75);
  /* The slowest speed stays the slowest. */
  gtk_widget_activate_action (player, "player.slower", NULL);
  g_assert_cmpfloat (stream_rate (&fx), ==, 0.75);
  g_assert_cmpstr (dropdown_label (speed_dropdown (&fx)), ==, "0.75×");

  /* Bindings: the same actions from the keys. */
  press_binding (&fx, GDK_KEY_bracketright, GDK_CONTROL_MASK, "player.faster");
  g_assert_cmpfloat (stream_rate (&fx), ==, 1.0);
  press_binding (&fx, GDK_KEY_bracketleft, GDK_CONTROL_MASK, "player.slower");
  g_assert_cmpfloat (stream_rate (&fx), ==, 0.75);
  press_binding (&fx, GDK_KEY_bracketright, GDK_CONTROL_MASK, "player.faster");
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  before = position_us (&fx);
  press_binding (&fx, GDK_KEY_Right, GDK_CONTROL_MASK, "player.seek-forward");
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  g_assert_cmpint (ABS (position_us (&fx) - (before + 5000 * 1000)), <=, 200 * 1000);
  press_binding (&fx, GDK_KEY_Left, GDK_CONTROL_MASK, "player.seek-backward");
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  g_assert_cmpint (ABS (position_us (&fx) - before), <=, 200 * 1000);
  press_binding (&fx, GDK_KEY_p, GDK_CONTROL_MASK, "player.play-pause");
  g_assert_true (gtk_media_stream_get_playing (fx.stream));
  press_binding (&fx, GDK_KEY_space, GDK_CONTROL_MASK, "player.play-pause");
  g_assert_false (gtk_media_stream_get_playing (fx.stream));

  /* Real key presses: with the focus in the player, then outside it. */
  gtk_widget_grab_focus (find_by_name (player, "play"));
  if (!send_key ("ctrl+p"))
    {
      g_test_skip ("xdotool is not installed: no real key presses");
      fixture_close (&fx);
      return;
    }
  WAIT_UNTIL (gtk_media_stream_get_playing (fx.stream));
  send_key ("ctrl+p");
  WAIT_UNTIL (!gtk_media_stream_get_playing (fx.stream));

  /* On a transcript line, where GtkListBox binds Ctrl+Space itself. */
  {
    GtkWidget *list = find_by_name (player, "transcript");
    int selected = selected_row (&fx);

    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1)));
    send_key ("ctrl+space");
    WAIT_UNTIL (gtk_media_stream_get_playing (fx.stream));
    send_key ("ctrl+space");
    WAIT_UNTIL (!gtk_media_stream_get_playing (fx.stream));
    g_assert_cmpint (selected_row (&fx), ==, selected);
  }

  gtk_widget_grab_focus (fx.outside);
  g_assert_true (gtk_widget_has_focus (fx.outside));
  send_key ("ctrl+bracketright");
  WAIT_UNTIL (stream_rate (&fx) == 1.25);
  send_key ("ctrl+bracketleft");
  WAIT_UNTIL (stream_rate (&fx) == 1.0);
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  before = position_us (&fx);
  send_key ("ctrl+Right");
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream) &&
              ABS (position_us (&fx) - (before + 5000 * 1000)) <= 200 * 1000);
  send_key ("ctrl+Left");
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream) &&
              ABS (position_us (&fx) - before) <= 200 * 1000);
  g_assert_true (gtk_widget_has_focus (fx.outside));
  send_key ("ctrl+space");
  WAIT_UNTIL (gtk_media_stream_get_playing (fx.stream));
  send_key ("ctrl+p");
  WAIT_UNTIL (!gtk_media_stream_get_playing (fx.stream));

  /* In a text field Ctrl+Left moves by word, and Ctrl+P still plays. */
  gtk_editable_set_text (GTK_EDITABLE (fx.entry), "agent sounded curt");
  gtk_widget_grab_focus (fx.entry);
  gtk_editable_set_position (GTK_EDITABLE (fx.entry), -1);
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  before = position_us (&fx);
  send_key ("ctrl+Left");
  WAIT_UNTIL (gtk_editable_get_position (GTK_EDITABLE (fx.entry)) == (int) strlen ("agent sounded "));
  drain_main_loop ();
  g_assert_false (gtk_media_stream_is_seeking (fx.stream));
  g_assert_cmpint (position_us (&fx), ==, before);
  send_key ("ctrl+p");
  WAIT_UNTIL (gtk_media_stream_get_playing (fx.stream));
  send_key ("ctrl+p");
  WAIT_UNTIL (!gtk_media_stream_get_playing (fx.stream));
  fixture_close (&fx);
}

static void
test_transcript_follows (void)
{
  GtkWidget *list;
  Fixture fx;

  fixture_open_prepared (&fx);
  seek_and_wait (&fx, 4200);
  g_assert_cmpint (ABS (position_us (&fx) - 4200 * 1000), <=, 200 * 1000);
  g_assert_cmpint (kz_call_player_get_current_segment (fx.player), ==, 1);
  g_assert_cmpint (selected_row (&fx), ==, 1);

  seek_and_wait (&fx, 8500);
  g_assert_cmpint (ABS (position_us (&fx) - 8500 * 1000), <=, 200 * 1000);
  g_assert_cmpint (selected_row (&fx), ==, 2);

  /* Between turns nothing is selected. */
  seek_and_wait (&fx, 3200);
  g_assert_cmpint (ABS (position_us (&fx) - 3200 * 1000), <=, 200 * 1000);
  g_assert_cmpint (selected_row (&fx), ==, -1);

  /* Playing on into the customer's turn selects it. */
  gtk_media_stream_play (fx.stream);
  WAIT_UNTIL (position_us (&fx) >= 3600 * 1000);
  g_assert_cmpint (selected_row (&fx), ==, 1);
  gtk_media_stream_pause (fx.stream);

  /* Clicking a line seeks to its start. */
  list = find_by_name (GTK_WIDGET (fx.player), "transcript");
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));
  WAIT_UNTIL (!gtk_media_stream_is_seeking (fx.stream));
  g_assert_cmpint (ABS (position_us (&fx) - 6000 * 1000), <=, 200 * 1000);
  g_assert_cmpint (selected_row (&fx), ==, 2);
  fixture_close (&fx);
}

static void
test_ended (void)
{
  gint64 duration;
  Fixture fx;

  fixture_open_prepared (&fx);
  duration = gtk_media_stream_get_duration (fx.stream);
  kz_audio_stream_set_rate (KZ_AUDIO_STREAM (fx.stream), 2.0);
  seek_and_wait (&fx, (gint) (duration / 1000) - 1000);
  gtk_media_stream_play (fx.stream);
  WAIT_UNTIL (fx.n_ended > 0);
  g_assert_cmpuint (fx.n_ended, ==, 1);
  g_assert_true (gtk_media_stream_get_ended (fx.stream));
  g_assert_false (gtk_media_stream_get_playing (fx.stream));
  g_assert_cmpint (position_us (&fx), ==, duration);

  /* Play again: from the start, still at 2×. */
  gtk_media_stream_play (fx.stream);
  g_assert_true (gtk_media_stream_get_playing (fx.stream));
  g_assert_false (gtk_media_stream_get_ended (fx.stream));
  WAIT_UNTIL (position_us (&fx) > 0 && position_us (&fx) < 2000 * 1000);
  g_assert_cmpfloat (stream_rate (&fx), ==, 2.0);
  gtk_media_stream_pause (fx.stream);
  fixture_close (&fx);
}

static void
check_error_state (Fixture    *fx,
                   int         code,
                   const char *words)
{
  const GError *error;
  GtkWidget *label;

  WAIT_UNTIL (gtk_media_stream_get_error (fx->stream) != NULL);
  error = gtk_media_stream_get_error (fx->stream);
  g_test_message ("%s", error->message);
  g_assert_error ((GError *) error, KZ_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
  label = find_by_name (GTK_WIDGET (fx->player), "error");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, error->message);
  g_assert_false (gtk_widget_get_sensitive (find_by_name (GTK_WIDGET (fx->player), "play")));

  /* Nothing plays and nothing breaks when asked to. */
  gtk_widget_activate_action (GTK_WIDGET (fx->player), "player.play-pause", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fx->player), "player.seek-forward", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fx->player), "player.faster", NULL);
  gtk_media_stream_play (fx->stream);
  drain_main_loop ();
  g_assert_false (gtk_media_stream_get_playing (fx->stream));
}

static void
test_missing_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "gone.wav", NULL);
  Fixture fx;

  fixture_open (&fx, path);
  check_error_state (&fx, KZ_ERROR_NOT_FOUND, "missing");
  g_assert_nonnull (strstr (gtk_media_stream_get_error (fx.stream)->message, path));
  screenshot (fx.window, "call-player-missing.png");
  fixture_close (&fx);
}

static void
test_undecodable_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "notes.wav", NULL);
  g_autoptr(GError) error = NULL;
  Fixture fx;

  g_file_set_contents (path, "Call notes, not a recording.\n", -1, &error);
  g_assert_no_error (error);
  fixture_open (&fx, path);
  check_error_state (&fx, KZ_ERROR_INVALID_FILE, "cannot be played");
  fixture_close (&fx);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("kaizen-test-player-XXXXXX", &error);
  g_assert_no_error (error);
  wav_path = write_call_wav ("call.wav", WAV_SECONDS);

  g_test_add_func ("/call-player/pure/segments", test_pure_segments);
  g_test_add_func ("/call-player/prepared", test_prepared);
  g_test_add_func ("/call-player/speeds", test_speeds);
  g_test_add_func ("/call-player/rate-before-loading", test_rate_before_loading);
  g_test_add_func ("/call-player/speed-selector", test_speed_selector);
  g_test_add_func ("/call-player/keyboard", test_keyboard);
  g_test_add_func ("/call-player/transcript-follows", test_transcript_follows);
  g_test_add_func ("/call-player/ended", test_ended);
  g_test_add_func ("/call-player/missing-file", test_missing_file);
  g_test_add_func ("/call-player/undecodable-file", test_undecodable_file);

  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  g_free (wav_path);
  return ret;
}
