/* kz-call.h — importing calls from a manifest, with audio and transcripts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kz-email.h"
#include "kz-store.h"

G_BEGIN_DECLS

/* Parses a transcript: WebVTT (a .vtt file, or text starting "WEBVTT"), or
 * plain text with one "[mm:ss] Speaker: words" / "hh:mm:ss Speaker: words"
 * line per turn.  KzTranscriptSegment*, by time; errors name FILE:LINE. */
GPtrArray *kz_transcript_load (const char  *path,
                               GError     **error);

/* The same for a transcript already in memory: @len bytes of @text (no NUL
 * needed at the end); @source names it in errors and, ending in ".vtt",
 * requires WebVTT. */
GPtrArray *kz_transcript_parse (const char  *text,
                                gsize        len,
                                const char  *source,
                                GError     **error);

/* What an audio file is, from its first bytes: "audio/x-wav", "audio/ogg",
 * "audio/mpeg", or NULL (with @error) for anything else. */
const char *kz_audio_sniff   (const char  *path,
                               GError     **error);

typedef struct {
  guint      n_rows;        /* data rows in the manifest */
  guint      n_stored;
  guint      n_already;     /* call id already imported */
  GPtrArray *issues;        /* KzImportIssue*: position = the manifest's line */
} KzCallImportReport;

void kz_call_import_report_clear (KzCallImportReport *report);

/* Imports calls from a manifest CSV with a header line and the columns
 * id, agent_email, start, duration, direction, customer_ref, audio and
 * (optionally) transcript.  Audio and transcript paths are relative to the
 * manifest's folder.  Each good row is stored with its transcript in one
 * transaction; a bad row is reported by line and skipped; with @strict any
 * bad row refuses the whole manifest before anything is written. */
gboolean kz_call_import (KzStore             *store,
                         const char          *manifest,
                         gboolean             strict,
                         KzCallImportReport  *report,
                         GCancellable        *cancellable,
                         GError             **error);

G_END_DECLS
