/* kz-call.c — calls from a manifest CSV: audio files and transcripts
 *
 * The manifest is read with libcsv (quoted fields, commas in customer
 * references).  Audio is recognised by its first bytes, not its name, and
 * never decoded here (the review workspace plays it through GStreamer).
 * Transcripts: WebVTT cues, or plain "[mm:ss] Speaker: words" lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-call"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kz-call.h"
#include "kz-csv.h"
#include "kz-feedback-import.h"
#include "kz-error.h"

/* ---- audio ------------------------------------------------------------------ */

const char *
kz_audio_sniff (const char  *path,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  guchar head[12] = { 0 };
  gsize n = 0;

  in = g_file_read (file, NULL, &local_error);
  if (in == NULL || !g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &n, NULL, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("the audio file %s cannot be read: %s"), path,
                   local_error->message);
      return NULL;
    }
  if (n >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WAVE", 4) == 0)
    return "audio/x-wav";
  if (n >= 4 && memcmp (head, "OggS", 4) == 0)
    return "audio/ogg";
  if ((n >= 3 && memcmp (head, "ID3", 3) == 0) || (n >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
    return "audio/mpeg";

  g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
               _("the audio file %s is not WAV, OGG or MP3"), path);
  return NULL;
}

/* ---- transcripts ---------------------------------------------------------------- */

/* "01:02:03.500", "02:03.5", "02:03" or "123" (seconds) → milliseconds, -1 if not a time. */
static gint
parse_time (const char *text)
{
  g_auto(GStrv) parts = NULL;
  double seconds = 0;
  guint n;

  if (text == NULL || *text == '\0')
    return -1;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != ':' && *p != '.' && *p != ',')
      return -1;

  parts = g_strsplit (text, ":", -1);
  n = g_strv_length (parts);
  if (n == 0 || n > 3)
    return -1;
  for (guint i = 0; i < n; i++)
    {
      char *end;
      double v;

      g_strdelimit (parts[i], ",", '.');
      v = g_ascii_strtod (parts[i], &end);
      if (*parts[i] == '\0' || *end != '\0' || (i + 1 < n && strchr (parts[i], '.')))
        return -1;
      if (i > 0 && v >= 60)
        return -1;
      seconds = seconds * 60 + v;
    }
  /* Past G_MAXINT ms (24 days) it is no time in a call, and the cast would
   * be undefined. */
  if (seconds * 1000 + 0.5 >= (double) G_MAXINT)
    return -1;
  return (gint) (seconds * 1000 + 0.5);
}

static KzTranscriptSegment *
segment_new (gint        start_ms,
             gint        end_ms,
             const char *line)
{
  KzTranscriptSegment *seg = g_new0 (KzTranscriptSegment, 1);
  const char *colon = strchr (line, ':');

  seg->start_ms = start_ms;
  seg->end_ms = end_ms;
  /* "Agent: words" — a short name before the first colon is the speaker. */
  if (colon != NULL && colon - line <= 40 && colon > line && colon[1] == ' ')
    {
      seg->speaker = g_strstrip (g_strndup (line, colon - line));
      seg->text = g_strstrip (g_strdup (colon + 1));
    }
  else
    seg->text = g_strstrip (g_strdup (line));
  return seg;
}

static GPtrArray *
parse_webvtt (const char  *path,
              GStrv        lines,
              GError     **error)
{
  g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);
  guint i = 1;

  while (lines[i] != NULL)
    {
      char *line = g_strstrip (lines[i]);
      const char *arrow;

      if (*line == '\0' || g_str_has_prefix (line, "NOTE") || g_str_has_prefix (line, "STYLE") ||
          g_str_has_prefix (line, "REGION"))
        {
          /* Blocks other than cues run to the next blank line. */
          if (*line != '\0')
            while (lines[i] != NULL && *g_strstrip (lines[i]) != '\0')
              i++;
          else
            i++;
          continue;
        }

      arrow = strstr (line, "-->");
      if (arrow == NULL)
        {
          /* A cue identifier: the timing is on the next line. */
          if (lines[i + 1] != NULL && strstr (lines[i + 1], "-->") != NULL)
            {
              i++;
              continue;
            }
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s:%u: expected a cue timing “00:00:01.000 --> 00:00:04.000”"), path, i + 1);
          return NULL;
        }

      {
        g_autofree char *start_text = g_strstrip (g_strndup (line, arrow - line));
        g_auto(GStrv) rest = g_strsplit_set (arrow + 3, " \t", -1);
        const char *end_text = NULL;
        gint start, end;
        g_autoptr(GString) text = g_string_new (NULL);
        guint timing_line = i + 1;

        for (guint k = 0; rest[k] != NULL && end_text == NULL; k++)
          if (*rest[k] != '\0')
            end_text = rest[k];
        start = parse_time (start_text);
        end = parse_time (end_text);
        if (start < 0 || end < 0 || end < start)
          {
            g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:%u: the cue timing is not valid"),
                         path, timing_line);
            return NULL;
          }
        for (i++; lines[i] != NULL && *g_strstrip (lines[i]) != '\0'; i++)
          {
            /* <v Agent>words</v> voice spans name the speaker. */
            const char *l = lines[i];

            if (text->len > 0)
              g_string_append_c (text, ' ');
            if (g_str_has_prefix (l, "<v "))
              {
                const char *close = strchr (l, '>');
                if (close != NULL)
                  {
                    g_string_append_len (text, l + 3, close - l - 3);
                    g_string_append (text, ": ");
                    l = close + 1;
                  }
              }
            for (; *l; l++)
              {
                if (*l == '<')
                  {
                    const char *close = strchr (l, '>');
                    if (close != NULL)
                      {
                        l = close;
                        continue;
                      }
                  }
                g_string_append_c (text, *l);
              }
          }
        g_ptr_array_add (segs, segment_new (start, end, text->str));
      }
    }
  return g_steal_pointer (&segs);
}

static GPtrArray *
parse_plain (const char  *path,
             GStrv        lines,
             GError     **error)
{
  g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autofree char *stamp = NULL;
      const char *rest;
      gint start;

      if (*line == '\0')
        continue;
      if (line[0] == '[')
        {
          const char *close = strchr (line, ']');
          if (close == NULL)
            goto bad;
          stamp = g_strndup (line + 1, close - line - 1);
          rest = close + 1;
        }
      else
        {
          gsize len = strspn (line, "0123456789:.,");
          stamp = g_strndup (line, len);
          rest = line + len;
        }
      start = parse_time (stamp);
      if (start < 0)
        goto bad;
      if (segs->len > 0)
        {
          KzTranscriptSegment *prev = g_ptr_array_index (segs, segs->len - 1);
          if (start < prev->start_ms)
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                           _("%s:%u: this line's time is earlier than the line before"), path, i + 1);
              return NULL;
            }
          prev->end_ms = start;
        }
      g_ptr_array_add (segs, segment_new (start, -1, rest));
      continue;

    bad:
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   _("%s:%u: expected a time first, like “[01:23] Agent: …”"), path, i + 1);
      return NULL;
    }
  return g_steal_pointer (&segs);
}

GPtrArray *
kz_transcript_parse (const char  *text,
                     gsize        len,
                     const char  *source,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (!g_utf8_validate_len (text, len, NULL))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the transcript is not UTF-8 text"), source);
      return NULL;
    }
  contents = g_strndup (text, len);
  g_strdelimit (contents, "\r", '\n');
  lines = g_strsplit (contents, "\n", -1);
  if (lines[0] != NULL && g_str_has_prefix (lines[0], "\xef\xbb\xbf"))
    memmove (lines[0], lines[0] + 3, strlen (lines[0] + 3) + 1);

  if (lines[0] != NULL && g_str_has_prefix (lines[0], "WEBVTT"))
    return parse_webvtt (source, lines, error);
  if (g_str_has_suffix (source, ".vtt"))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:1: a WebVTT file starts with “WEBVTT”"), source);
      return NULL;
    }
  return parse_plain (source, lines, error);
}

GPtrArray *
kz_transcript_load (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s: %s", path, local_error->message);
      return NULL;
    }
  return kz_transcript_parse (contents, len, path, error);
}

/* ---- the manifest ------------------------------------------------------------- */

void
kz_call_import_report_clear (KzCallImportReport *report)
{
  g_clear_pointer (&report->issues, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

static const char * const columns[] = {
  "id", "agent_email", "start", "duration", "direction", "customer_ref", "audio", "transcript",
  "rating", "rating_scale", "rating_comment",
};
enum { COL_ID, COL_AGENT, COL_START, COL_DURATION, COL_DIRECTION, COL_CUSTOMER, COL_AUDIO, COL_TRANSCRIPT,
       COL_RATING, COL_RATING_SCALE, COL_RATING_COMMENT, N_REQUIRED_COLUMNS = COL_TRANSCRIPT };

typedef struct {
  guint          line;
  KzInteraction  it;
  KzCall         call;
  KzFeedback    *feedback;   /* the customer's rating, when the manifest has one */
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->it.started_at, g_date_time_unref);
  g_free (row->it.subject);
  g_free (row->it.external_ref);
  g_free (row->call.customer_ref);
  g_free (row->call.audio_path);
  g_free (row->call.audio_type);
  g_clear_pointer (&row->call.transcript, g_ptr_array_unref);
  g_clear_pointer (&row->feedback, kz_feedback_free);
}

static gint
parse_duration (const char *text)
{
  gint ms = parse_time (text);
  return ms < 0 ? -1 : (gint) (((gint64) ms + 500) / 1000);
}

/* Checks one record; fills @row or returns the reason it is refused. */
static char *
check_row (KzStore     *store,
           const char  *dir,
           const int   *index,
           GStrv        fields,
           Row         *row)
{
  guint n = g_strv_length (fields);
  const char *v[G_N_ELEMENTS (columns)] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) agent = NULL;
  gint duration;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    v[c] = index[c] >= 0 && (guint) index[c] < n ? fields[index[c]] : NULL;

  if (v[COL_ID] == NULL || *v[COL_ID] == '\0')
    return g_strdup (_("the id is empty"));
  if (v[COL_AGENT] == NULL || *v[COL_AGENT] == '\0')
    return g_strdup (_("the agent's email is empty"));
  agent = kz_store_find_person_by_email (store, v[COL_AGENT], &error);
  if (agent == NULL)
    return g_strdup_printf (_("no agent has the address %s"), v[COL_AGENT]);
  if (!(agent->roles & KZ_ROLE_AGENT))
    return g_strdup_printf (_("%s is not an agent"), agent->name);

  row->it.started_at = v[COL_START] ? g_date_time_new_from_iso8601 (v[COL_START], NULL) : NULL;
  if (row->it.started_at == NULL)
    return g_strdup_printf (_("“%s” is not a start time with a time zone, like 2026-03-02T09:15:00+01:00"),
                            v[COL_START] ? v[COL_START] : "");

  duration = parse_duration (v[COL_DURATION]);
  if (duration < 0)
    return g_strdup_printf (_("“%s” is not a duration (seconds, or mm:ss, or hh:mm:ss)"),
                            v[COL_DURATION] ? v[COL_DURATION] : "");

  if (g_strcmp0 (v[COL_DIRECTION], "inbound") == 0)
    row->call.direction = KZ_DIRECTION_INBOUND;
  else if (g_strcmp0 (v[COL_DIRECTION], "outbound") == 0)
    row->call.direction = KZ_DIRECTION_OUTBOUND;
  else
    return g_strdup_printf (_("the direction is “inbound” or “outbound”, not “%s”"),
                            v[COL_DIRECTION] ? v[COL_DIRECTION] : "");

  if (v[COL_AUDIO] == NULL || *v[COL_AUDIO] == '\0')
    return g_strdup (_("the audio file is missing"));
  row->call.audio_path = g_path_is_absolute (v[COL_AUDIO]) ? g_strdup (v[COL_AUDIO])
                                                            : g_build_filename (dir, v[COL_AUDIO], NULL);
  if (!g_file_test (row->call.audio_path, G_FILE_TEST_IS_REGULAR))
    return g_strdup_printf (_("the audio file %s does not exist"), row->call.audio_path);
  {
    const char *type = kz_audio_sniff (row->call.audio_path, &error);
    if (type == NULL)
      return g_strdup (error->message);
    row->call.audio_type = g_strdup (type);
  }

  if (v[COL_TRANSCRIPT] != NULL && *v[COL_TRANSCRIPT] != '\0')
    {
      g_autofree char *path = g_path_is_absolute (v[COL_TRANSCRIPT]) ? g_strdup (v[COL_TRANSCRIPT])
                                                                     : g_build_filename (dir, v[COL_TRANSCRIPT], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_strdup_printf (_("the transcript %s does not exist"), path);
      row->call.transcript = kz_transcript_load (path, &error);
      if (row->call.transcript == NULL)
        return g_strdup (error->message);
    }
  else
    row->call.transcript = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);

  if (v[COL_RATING] != NULL && *v[COL_RATING] != '\0')
    {
      char *reason;

      row->feedback = g_new0 (KzFeedback, 1);
      reason = kz_feedback_parse (v[COL_RATING], v[COL_RATING_SCALE], v[COL_RATING_COMMENT], NULL,
                                  row->feedback);
      if (reason != NULL)
        return reason;
    }

  row->it.channel = KZ_CHANNEL_CALL;
  row->it.agent_id = agent->id;
  row->it.external_ref = g_strdup (v[COL_ID]);
  row->it.subject = v[COL_CUSTOMER] && *v[COL_CUSTOMER]
                    ? g_strdup_printf (row->call.direction == KZ_DIRECTION_INBOUND ? _("Inbound call from %s")
                                                                                  : _("Outbound call to %s"),
                                       v[COL_CUSTOMER])
                    : g_strdup (row->call.direction == KZ_DIRECTION_INBOUND ? _("Inbound call") : _("Outbound call"));
  row->call.duration_s = duration;
  row->call.customer_ref = g_strdup (v[COL_CUSTOMER]);
  return NULL;
}

gboolean
kz_call_import (KzStore             *store,
                const char          *manifest,
                gboolean             strict,
                KzCallImportReport  *report,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) lines = NULL;
  int index[G_N_ELEMENTS (columns)];

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);

  records = kz_csv_read (manifest, &lines, error);
  if (records == NULL)
    return FALSE;
  if (records->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the manifest is empty"), manifest);
      return FALSE;
    }
  dir = g_path_get_dirname (manifest);

  /* The header names the columns, in any order. */
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      index[c] = kz_csv_column (g_ptr_array_index (records, 0), columns[c]);
      if (index[c] < 0 && c < N_REQUIRED_COLUMNS)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s:1: the header has no “%s” column (columns: id, agent_email, start, duration, "
                         "direction, customer_ref, audio, transcript)"), manifest, columns[c]);
          return FALSE;
        }
    }

  for (guint r = 1; r < records->len; r++)
    {
      GStrv fields = g_ptr_array_index (records, r);
      guint line = g_array_index (lines, guint, r);
      Row row = { 0 };
      char *reason;

      if (g_strv_length (fields) == 1 && *fields[0] == '\0')
        continue;   /* a blank line */
      report->n_rows++;
      row.line = line;
      reason = check_row (store, dir, index, fields, &row);
      if (reason != NULL)
        {
          KzImportIssue *issue = g_new0 (KzImportIssue, 1);

          issue->source = g_strdup (manifest);
          issue->position = line;
          issue->reason = reason;
          g_ptr_array_add (report->issues, issue);
          row_clear (&row);
          continue;
        }
      g_array_append_val (rows, row);
    }

  if (strict && report->issues->len > 0)
    {
      KzImportIssue *first = g_ptr_array_index (report->issues, 0);

      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s:%lld: %s; nothing was imported"),
                   first->source, (long long) first->position, first->reason);
      return FALSE;
    }

  for (guint r = 0; r < rows->len; r++)
    {
      Row *row = &g_array_index (rows, Row, r);
      g_autoptr(GError) row_error = NULL;
      gint64 id;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !kz_store_begin (store, error))
        return FALSE;
      id = kz_store_add_interaction (store, &row->it, &row_error);
      if (id > 0)
        {
          row->call.interaction_id = id;
          if (row->feedback != NULL)
            row->feedback->interaction_id = id;
          if (kz_store_add_call (store, &row->call, &row_error) &&
              (row->feedback == NULL || kz_store_set_feedback (store, row->feedback, &row_error)) &&
              kz_store_commit (store, &row_error))
            {
              report->n_stored++;
              continue;
            }
        }
      kz_store_rollback (store);

      if (g_error_matches (row_error, KZ_ERROR, KZ_ERROR_EXISTS))
        report->n_already++;
      else if (g_error_matches (row_error, KZ_ERROR, KZ_ERROR_CONNECTION))
        {
          g_propagate_error (error, g_steal_pointer (&row_error));
          return FALSE;
        }
      else
        {
          KzImportIssue *issue = g_new0 (KzImportIssue, 1);

          issue->source = g_strdup (manifest);
          issue->position = row->line;
          issue->reason = g_strdup_printf (_("not stored: %s"), row_error->message);
          g_ptr_array_add (report->issues, issue);
        }
    }

  return TRUE;
}
