/* ical-samples DIR — writes the sample .ics files check-ics.py reads
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "kz-ical-samples.h"

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: ical-samples DIR\n");
      return 2;
    }
  if (!kz_ical_samples_write (argv[1], &error))
    {
      fprintf (stderr, "ical-samples: %s\n", error->message);
      return 1;
    }
  return 0;
}
