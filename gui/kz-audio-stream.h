/* kz-audio-stream.h — a call recording as a GtkMediaStream, with a speed
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KZ_AUDIO_STREAM_MIN_RATE 0.25
#define KZ_AUDIO_STREAM_MAX_RATE 4.0

#define KZ_TYPE_AUDIO_STREAM (kz_audio_stream_get_type ())
G_DECLARE_FINAL_TYPE (KzAudioStream, kz_audio_stream, KZ, AUDIO_STREAM, GtkMediaStream)

/* Starts loading @filename at once; the stream is prepared (or in error)
 * when the main loop has run a little. */
GtkMediaStream *kz_audio_stream_new_for_filename (const char    *filename);
const char     *kz_audio_stream_get_filename     (KzAudioStream *self);
/* The playback speed, 1.0 = normal; the pitch stays natural.  Applies at
 * once while loaded and to every later seek and replay. */
double          kz_audio_stream_get_rate         (KzAudioStream *self);
void            kz_audio_stream_set_rate         (KzAudioStream *self,
                                                  double         rate);

G_END_DECLS
