/* kz-call-player.h — a call's recording and transcript
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-types.h"

G_BEGIN_DECLS

#define KZ_TYPE_CALL_PLAYER (kz_call_player_get_type ())
G_DECLARE_FINAL_TYPE (KzCallPlayer, kz_call_player, KZ, CALL_PLAYER, GtkBox)

GtkWidget      *kz_call_player_new                 (const KzCall *call);
/* The recording, a KzAudioStream (its rate is the speed selector's). */
GtkMediaStream *kz_call_player_get_stream          (KzCallPlayer *self);
/* The playback position, in milliseconds. */
gint            kz_call_player_get_position_ms     (KzCallPlayer *self);
void            kz_call_player_seek_ms             (KzCallPlayer *self,
                                                    gint          ms);
/* The index of the transcript segment at the playback position, -1: none. */
int             kz_call_player_get_current_segment (KzCallPlayer *self);

/* Pure: the segment playing at @ms in @transcript (KzTranscriptSegment*,
 * by time): the last one started at or before @ms, unless it has ended. */
int             kz_transcript_find_segment         (GPtrArray    *transcript,
                                                    gint          ms);
/* "1:05" */
char           *kz_format_ms                       (gint          ms);

G_END_DECLS
