/* kz-audio-stream.c — a call recording as a GtkMediaStream, with a speed
 *
 * GtkMediaFile in GTK 4.8 has no playback rate, so Kaizen drives GStreamer
 * itself: one playbin, audio only, its bus watched on the main context.
 * The speed is the rate of a flushing, accurate seek from where playback
 * is; every later seek (and the replay after the end) carries it on.
 *
 * playbin keeps voices at their pitch only when told to: GStreamer 1.22's
 * playsink inserts no scaletempo by itself (at 2× the sink would play the
 * samples twice as fast, an octave up), so scaletempo goes in as playbin's
 * audio-filter.  It passes audio through untouched at 1×.  The volume
 * element sits in that filter too, rather than playbin's soft-volume flag:
 * with that flag, 1.22's playsink leaks its own volume element with every
 * pipeline.
 *
 * With no sound card, autoaudiosink falls back to a fake sink that still
 * syncs to the clock, so playback takes real time and reaches the end (the
 * tests rely on that).  Should autoaudiosink be missing altogether, a
 * clock-synced fakesink stands in for the same reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-audio-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "kz-audio-stream.h"
#include "kz-error.h"

/* How often the position is read while playing: smooth enough for the
 * seek scale and the transcript. */
#define TICK_MS 50

struct _KzAudioStream
{
  GtkMediaStream  parent_instance;

  char           *filename;
  double          rate;

  GstElement     *playbin;
  GstElement     *volume;       /* in playbin's audio-filter */
  GstBus         *bus;
  guint           tick_id;
  gint64          seek_target;  /* µs, while GtkMediaStream:seeking */
  gboolean        at_eos;       /* play() starts over from the beginning */
};

enum {
  PROP_0,
  PROP_FILENAME,
  PROP_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KzAudioStream, kz_audio_stream, GTK_TYPE_MEDIA_STREAM)

/* ---- talking to the pipeline ------------------------------------------- */

static gboolean
query_position (KzAudioStream *self,
                gint64        *usec)
{
  gint64 ns;

  if (self->playbin == NULL ||
      !gst_element_query_position (self->playbin, GST_FORMAT_TIME, &ns) || ns < 0)
    return FALSE;
  *usec = ns / GST_USECOND;
  return TRUE;
}

static void
update_timestamp (KzAudioStream *self)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);
  gint64 duration = gtk_media_stream_get_duration (stream);
  gint64 usec;

  /* Mid-seek the pipeline still answers with the old position. */
  if (gtk_media_stream_is_seeking (stream) || !query_position (self, &usec))
    return;
  /* A hair past the end would make GtkMediaStream stretch the duration. */
  if (duration > 0)
    usec = MIN (usec, duration);
  gtk_media_stream_update (stream, usec);
}

static gboolean
on_tick (gpointer data)
{
  update_timestamp (KZ_AUDIO_STREAM (data));
  return G_SOURCE_CONTINUE;
}

static void
start_ticking (KzAudioStream *self)
{
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
}

static void
stop_ticking (KzAudioStream *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* Every seek carries the rate: that is how GStreamer changes the speed. */
static gboolean
seek_to (KzAudioStream *self,
         gint64         usec)
{
  g_assert (self->playbin != NULL);

  return gst_element_seek (self->playbin, self->rate, GST_FORMAT_TIME,
                           GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                           GST_SEEK_TYPE_SET, usec * GST_USECOND,
                           GST_SEEK_TYPE_NONE, -1);
}

static void
apply_rate (KzAudioStream *self)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);
  gint64 position;

  /* Not loaded yet: prepare() applies it.  At the end: the replay's seek. */
  if (self->playbin == NULL || !gtk_media_stream_is_prepared (stream) ||
      gtk_media_stream_get_error (stream) != NULL || self->at_eos ||
      !gtk_media_stream_is_seekable (stream))
    return;

  if (gtk_media_stream_is_seeking (stream))
    position = self->seek_target;
  else if (!query_position (self, &position))
    position = gtk_media_stream_get_timestamp (stream);
  if (!seek_to (self, position))
    g_debug ("%s: the pipeline refused rate %.2f", self->filename, self->rate);
}

static void
fail (KzAudioStream *self,
      GError        *error)
{
  stop_ticking (self);
  gtk_media_stream_gerror (GTK_MEDIA_STREAM (self), error);
  /* Let go of the file and the sound device; nothing plays after an error. */
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
}

static void
prepare (KzAudioStream *self)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);
  gint64 duration = 0;
  gboolean seekable = FALSE;
  int n_audio = 0;
  GstState state;
  GstQuery *query;

  if (gtk_media_stream_is_prepared (stream))
    return;
  /* Still loading: the streams are not all known yet (ASYNC_DONE comes). */
  gst_element_get_state (self->playbin, &state, NULL, 0);
  if (state < GST_STATE_PAUSED)
    return;
  /* Not known yet: a DURATION_CHANGED message brings us back. */
  if (!gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration) || duration <= 0)
    return;

  g_object_get (self->playbin, "n-audio", &n_audio, NULL);
  if (n_audio == 0)
    {
      g_autofree char *name = g_filename_display_name (self->filename);

      fail (self, g_error_new (KZ_ERROR, KZ_ERROR_INVALID_FILE,
                               _("The recording “%s” has no sound in it. Check that the call was "
                                 "imported with the right file."), name));
      return;
    }

  query = gst_query_new_seeking (GST_FORMAT_TIME);
  if (gst_element_query (self->playbin, query))
    gst_query_parse_seeking (query, NULL, &seekable, NULL, NULL);
  gst_query_unref (query);

  gtk_media_stream_stream_prepared (stream, TRUE, FALSE, seekable, duration / GST_USECOND);
  if (self->rate != 1.0)
    apply_rate (self);
}

/* What went wrong, for a person: what to do about it, not GStreamer's words
 * (those go to the debug log). */
static GError *
translate_error (KzAudioStream *self,
                 const GError  *gst_error)
{
  g_autofree char *name = g_filename_display_name (self->filename);

  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND) ||
      (gst_error->domain == GST_RESOURCE_ERROR && !g_file_test (self->filename, G_FILE_TEST_EXISTS)))
    return g_error_new (KZ_ERROR, KZ_ERROR_NOT_FOUND,
                        _("The recording “%s” is missing. It may have been moved or deleted since "
                          "the call was imported: put it back, or import the call again."), name);
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED))
    return g_error_new (KZ_ERROR, KZ_ERROR_FAILED,
                        _("The recording “%s” cannot be read. Check that you are allowed to open "
                          "it and that the disk it is on is connected."), name);
  if (g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND) ||
      g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN))
    return g_error_new (KZ_ERROR, KZ_ERROR_INVALID_FILE,
                        _("The recording “%s” is in a sound format this computer cannot decode. "
                          "Installing the GStreamer plugins for it (gstreamer1.0-plugins-good, "
                          "-ugly or -libav) may help."), name);
  if (gst_error->domain == GST_STREAM_ERROR)
    return g_error_new (KZ_ERROR, KZ_ERROR_INVALID_FILE,
                        _("The recording “%s” cannot be played: it is damaged or not a sound "
                          "file. Check the file, or import the call again with its recording."), name);
  /* Translators: the second %s is GStreamer's own explanation. */
  return g_error_new (KZ_ERROR, KZ_ERROR_FAILED,
                      _("The recording “%s” cannot be played: %s"), name, gst_error->message);
}

static void
on_error_message (KzAudioStream *self,
                  GstMessage    *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("%s: %s: %s (%s)", self->filename, GST_MESSAGE_SRC_NAME (message),
           gst_error->message, debug != NULL ? debug : "");
  fail (self, translate_error (self, gst_error));
}

static void
on_eos (KzAudioStream *self)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);

  /* A file too short to have reported a duration before its end. */
  prepare (self);
  if (gtk_media_stream_get_loop (stream) && gtk_media_stream_is_seekable (stream))
    {
      seek_to (self, 0);
      return;
    }

  self->at_eos = TRUE;
  stop_ticking (self);
  if (!gtk_media_stream_get_ended (stream))
    gtk_media_stream_stream_ended (stream);
  if (gtk_media_stream_get_duration (stream) > 0)
    gtk_media_stream_update (stream, gtk_media_stream_get_duration (stream));
}

/* The bus is read on the main loop, so an ASYNC_DONE may be an older
 * state change's (a pause, a speed change) arriving after a newer flushing
 * seek has started: then the pipeline is still prerolling back to PAUSED.
 * The newer seek's own ASYNC_DONE finds it settled, or already going on
 * to PLAYING. */
static gboolean
is_stale_async_done (KzAudioStream *self)
{
  GstState state, pending;

  return gst_element_get_state (self->playbin, &state, &pending, 0) == GST_STATE_CHANGE_ASYNC &&
         pending == GST_STATE_PAUSED;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (data);
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);

  if (gtk_media_stream_get_error (stream) != NULL)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ASYNC_DONE:
      /* The pipeline has settled: after loading, after a seek (or a rate
       * change, which is one), after pausing. */
      if (GST_MESSAGE_SRC (message) != GST_OBJECT (self->playbin) || is_stale_async_done (self))
        break;
      if (!gtk_media_stream_is_prepared (stream))
        prepare (self);
      else if (gtk_media_stream_is_seeking (stream))
        gtk_media_stream_seek_success (stream);
      update_timestamp (self);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      if (!gtk_media_stream_is_prepared (stream))
        prepare (self);
      break;

    case GST_MESSAGE_EOS:
      on_eos (self);
      break;

    case GST_MESSAGE_ERROR:
      on_error_message (self, message);
      break;

    case GST_MESSAGE_WARNING:
      {
        /* e.g. autoaudiosink: no sound server, falling back to a fake sink. */
        g_autoptr(GError) warning = NULL;

        gst_message_parse_warning (message, &warning, NULL);
        g_debug ("%s: %s: %s", self->filename, GST_MESSAGE_SRC_NAME (message), warning->message);
      }
      break;

    case GST_MESSAGE_CLOCK_LOST:
      if (gtk_media_stream_get_playing (stream))
        {
          gst_element_set_state (self->playbin, GST_STATE_PAUSED);
          gst_element_set_state (self->playbin, GST_STATE_PLAYING);
        }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static GstElement *
make_audio_sink (void)
{
  GstElement *sink = gst_element_factory_make ("autoaudiosink", NULL);

  if (sink == NULL)
    {
      sink = gst_element_factory_make ("fakesink", NULL);
      if (sink != NULL)
        g_object_set (sink, "sync", TRUE, NULL);
    }
  return sink;
}

/* scaletempo ! volume, or the volume alone without scaletempo. */
static GstElement *
make_audio_filter (KzAudioStream *self)
{
  g_autoptr(GstElementFactory) scaletempo = gst_element_factory_find ("scaletempo");
  g_autoptr(GError) error = NULL;
  GstElement *filter;

  if (scaletempo == NULL)
    {
      g_warning ("GStreamer's scaletempo is missing (gstreamer1.0-plugins-good): "
                 "speeds other than 1× will change the pitch");
      filter = gst_element_factory_make ("volume", NULL);
      if (filter != NULL)
        self->volume = gst_object_ref (filter);
      return filter;
    }

  filter = gst_parse_bin_from_description ("scaletempo ! volume name=volume", TRUE, &error);
  if (error != NULL)
    {
      g_warning ("Cannot make the speed filter: %s", error->message);
      if (filter != NULL)
        gst_object_unref (gst_object_ref_sink (filter));
      return NULL;
    }
  self->volume = gst_bin_get_by_name (GST_BIN (filter), "volume");
  return filter;
}

static void
open_pipeline (KzAudioStream *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GstElement *filter;

  if (!gst_init_check (NULL, NULL, &error))
    {
      fail (self, g_error_new (KZ_ERROR, KZ_ERROR_FAILED,
                               _("Recordings cannot be played: GStreamer did not start (%s)."),
                               error->message));
      return;
    }
  if (self->filename == NULL)
    {
      fail (self, g_error_new_literal (KZ_ERROR, KZ_ERROR_NOT_FOUND,
                                       _("This call has no recording.")));
      return;
    }
  uri = gst_filename_to_uri (self->filename, &error);
  if (uri == NULL)
    {
      g_autofree char *name = g_filename_display_name (self->filename);

      fail (self, g_error_new (KZ_ERROR, KZ_ERROR_NOT_FOUND,
                               _("The recording “%s” cannot be found: %s"), name, error->message));
      return;
    }

  self->playbin = gst_element_factory_make ("playbin", NULL);
  if (self->playbin == NULL)
    {
      fail (self, g_error_new_literal (KZ_ERROR, KZ_ERROR_FAILED,
                                       _("Recordings cannot be played: GStreamer's playbin is missing. "
                                         "Install gstreamer1.0-plugins-base.")));
      return;
    }
  gst_object_ref_sink (self->playbin);

  /* Audio only: no video, subtitle or visualisation branches; the volume
   * is our own element (see the top of the file). */
  gst_util_set_object_arg (G_OBJECT (self->playbin), "flags", "audio");
  g_object_set (self->playbin,
                "uri", uri,
                "audio-sink", make_audio_sink (),
                NULL);
  filter = make_audio_filter (self);
  if (filter != NULL)
    g_object_set (self->playbin, "audio-filter", filter, NULL);

  self->bus = gst_element_get_bus (self->playbin);
  gst_bus_add_watch (self->bus, on_bus_message, self);

  /* Preroll: the duration is known once the first samples are decoded. */
  if (gst_element_set_state (self->playbin, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    g_debug ("%s: could not start loading; the bus says why", self->filename);
}

/* ---- GtkMediaStream ---------------------------------------------------- */

static gboolean
kz_audio_stream_play (GtkMediaStream *stream)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (stream);

  if (self->playbin == NULL)
    return FALSE;
  if (self->at_eos)
    {
      self->at_eos = FALSE;
      if (gtk_media_stream_is_seekable (stream))
        seek_to (self, 0);
    }
  if (gst_element_set_state (self->playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return FALSE;
  start_ticking (self);
  return TRUE;
}

static void
kz_audio_stream_pause (GtkMediaStream *stream)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (stream);

  stop_ticking (self);
  /* gtk_media_stream_gerror() pauses too: the pipeline is already down. */
  if (self->playbin == NULL || gtk_media_stream_get_error (stream) != NULL)
    return;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  if (!self->at_eos)
    update_timestamp (self);
}

static void
kz_audio_stream_seek (GtkMediaStream *stream,
                      gint64          timestamp)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (stream);
  gint64 duration = gtk_media_stream_get_duration (stream);

  if (duration > 0)
    timestamp = MIN (timestamp, duration);
  self->seek_target = timestamp;
  self->at_eos = FALSE;
  if (self->playbin == NULL || !seek_to (self, timestamp))
    gtk_media_stream_seek_failed (stream);
}

static void
kz_audio_stream_update_audio (GtkMediaStream *stream,
                              gboolean        muted,
                              double          volume)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (stream);

  if (self->volume == NULL)
    return;
  /* The controls' volume is perceptual, GStreamer's linear: cube it, as
   * GTK's own GStreamer backend does. */
  g_object_set (self->volume,
                "mute", muted,
                "volume", volume * volume * volume,
                NULL);
}

/* ---- GObject ----------------------------------------------------------- */

static void
kz_audio_stream_constructed (GObject *object)
{
  G_OBJECT_CLASS (kz_audio_stream_parent_class)->constructed (object);
  open_pipeline (KZ_AUDIO_STREAM (object));
}

static void
kz_audio_stream_dispose (GObject *object)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (object);

  stop_ticking (self);
  if (self->bus != NULL)
    {
      gst_bus_remove_watch (self->bus);
      gst_clear_object (&self->bus);
    }
  if (self->playbin != NULL)
    {
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      gst_clear_object (&self->playbin);
    }
  gst_clear_object (&self->volume);
  G_OBJECT_CLASS (kz_audio_stream_parent_class)->dispose (object);
}

static void
kz_audio_stream_finalize (GObject *object)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (object);

  g_free (self->filename);
  G_OBJECT_CLASS (kz_audio_stream_parent_class)->finalize (object);
}

static void
kz_audio_stream_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (object);

  switch (prop_id)
    {
    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_audio_stream_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KzAudioStream *self = KZ_AUDIO_STREAM (object);

  switch (prop_id)
    {
    case PROP_FILENAME:
      self->filename = g_value_dup_string (value);
      break;
    case PROP_RATE:
      kz_audio_stream_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_audio_stream_class_init (KzAudioStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkMediaStreamClass *stream_class = GTK_MEDIA_STREAM_CLASS (klass);

  object_class->constructed = kz_audio_stream_constructed;
  object_class->dispose = kz_audio_stream_dispose;
  object_class->finalize = kz_audio_stream_finalize;
  object_class->get_property = kz_audio_stream_get_property;
  object_class->set_property = kz_audio_stream_set_property;

  stream_class->play = kz_audio_stream_play;
  stream_class->pause = kz_audio_stream_pause;
  stream_class->seek = kz_audio_stream_seek;
  stream_class->update_audio = kz_audio_stream_update_audio;

  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL,
                         KZ_AUDIO_STREAM_MIN_RATE, KZ_AUDIO_STREAM_MAX_RATE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kz_audio_stream_init (KzAudioStream *self)
{
  self->rate = 1.0;
}

/* ---- public ------------------------------------------------------------ */

GtkMediaStream *
kz_audio_stream_new_for_filename (const char *filename)
{
  return g_object_new (KZ_TYPE_AUDIO_STREAM, "filename", filename, NULL);
}

const char *
kz_audio_stream_get_filename (KzAudioStream *self)
{
  g_return_val_if_fail (KZ_IS_AUDIO_STREAM (self), NULL);
  return self->filename;
}

double
kz_audio_stream_get_rate (KzAudioStream *self)
{
  g_return_val_if_fail (KZ_IS_AUDIO_STREAM (self), 1.0);
  return self->rate;
}

void
kz_audio_stream_set_rate (KzAudioStream *self,
                          double         rate)
{
  g_return_if_fail (KZ_IS_AUDIO_STREAM (self));
  g_return_if_fail (rate > 0);

  rate = CLAMP (rate, KZ_AUDIO_STREAM_MIN_RATE, KZ_AUDIO_STREAM_MAX_RATE);
  if (G_APPROX_VALUE (rate, self->rate, 1e-6))
    return;
  self->rate = rate;
  apply_rate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}
