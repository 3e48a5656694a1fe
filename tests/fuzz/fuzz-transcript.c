/* fuzz-transcript.c — libFuzzer target for kz_transcript_parse()
 *
 * Each input is parsed as a .txt (WebVTT when it starts "WEBVTT", else
 * plain "[mm:ss] Speaker: words" lines) and as a .vtt.  Either segments
 * come back or an error that names the file and line; segments keep the
 * promises kz-call.h makes about times and text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdint.h>
#include <string.h>

#include "kz-call.h"
#include "kz-error.h"
#include "fuzz.h"

static void
parse_as (const char *text,
          size_t      size,
          const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segs = kz_transcript_parse (text, size, source, &error);
  gboolean webvtt;

  if (segs == NULL)
    {
      g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
      g_assert_true (g_str_has_prefix (error->message, source));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_no_error (error);

  webvtt = g_str_has_suffix (source, ".vtt") || (size >= 6 && memcmp (text, "WEBVTT", 6) == 0) ||
           (size >= 9 && memcmp (text, "\xef\xbb\xbfWEBVTT", 9) == 0);
  for (guint i = 0; i < segs->len; i++)
    {
      const KzTranscriptSegment *s = g_ptr_array_index (segs, i);

      g_assert_cmpint (s->start_ms, >=, 0);
      g_assert_nonnull (s->text);
      g_assert_true (g_utf8_validate (s->text, -1, NULL));
      if (s->speaker != NULL)
        {
          g_assert_true (g_utf8_validate (s->speaker, -1, NULL));
          g_assert_null (strchr (s->speaker, ':'));
        }
      if (webvtt)
        g_assert_cmpint (s->end_ms, >=, s->start_ms);
      else if (i + 1 < segs->len)
        {
          /* Plain lines end where the next begins; the last has no end. */
          const KzTranscriptSegment *next = g_ptr_array_index (segs, i + 1);

          g_assert_cmpint (s->end_ms, ==, next->start_ms);
          g_assert_cmpint (next->start_ms, >=, s->start_ms);
        }
      else
        g_assert_cmpint (s->end_ms, ==, -1);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = size ? (const char *) data : "";

  kz_fuzz_init ();
  parse_as (text, size, "fuzz.txt");
  parse_as (text, size, "fuzz.vtt");
  return 0;
}
