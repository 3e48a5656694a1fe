/* kz-csv.h — reading CSV files (libcsv) with line numbers for messages
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every record of @path as a GStrv (fields trimmed of surrounding spaces),
 * the header included; @lines gets the line each record ends on.  Errors
 * (unreadable, not UTF-8, malformed quoting) are KZ_ERROR_INVALID_FILE with
 * "PATH:LINE: …". */
GPtrArray *kz_csv_read (const char  *path,
                        GArray     **lines,
                        GError     **error);

/* The column of @name in @header (case-insensitive), or -1. */
int        kz_csv_column (GStrv        header,
                          const char  *name);

G_END_DECLS
