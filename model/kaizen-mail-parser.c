/* kaizen-mail-parser — parses part of an mbox for the Kaizen process that
 * started it (kz-email.c, parse_in_helper(), says why and how).
 *
 * Usage: kaizen-mail-parser FD OFFSET LENGTH
 * FD is the mbox, open for reading and handed over by the parent; the
 * LENGTH bytes from OFFSET start at a "From " line.  The outcome of every
 * message in them goes to standard output, serialized; nothing else is
 * written anywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "kz-email-private.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  guint64 fd, offset, length;
  const char *data;
  gsize size, written = 0;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  if (argc != 4 ||
      !g_ascii_string_to_unsigned (argv[1], 10, 0, G_MAXINT, &fd, NULL) ||
      !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT64, &offset, NULL) ||
      !g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT64, &length, NULL))
    {
      g_printerr ("usage: kaizen-mail-parser FD OFFSET LENGTH\n");
      return 2;
    }
  mapped = g_mapped_file_new_from_fd ((int) fd, FALSE, &error);
  if (mapped == NULL)
    {
      g_printerr ("kaizen-mail-parser: %s\n", error->message);
      return 1;
    }
  data = g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  if (offset > size || length > size - offset)
    {
      g_printerr ("kaizen-mail-parser: bytes %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT
                  " are past the end of the file (%" G_GSIZE_FORMAT " bytes)\n", offset, length, size);
      return 1;
    }

  out = kz_email_parse_mbox_serialized (data + offset, (gsize) length);
  data = g_bytes_get_data (out, &size);
  while (written < size)
    {
      ssize_t n = write (STDOUT_FILENO, data + written, size - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return 1;
      written += (gsize) n;
    }
  return 0;
}
