/* kz-error.h — Kaizen's error domain
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KZ_ERROR (kz_error_quark ())

typedef enum {
  KZ_ERROR_FAILED,          /* anything else */
  KZ_ERROR_INVALID_FILE,    /* malformed XML/CSV, schema or semantic error */
  KZ_ERROR_INVALID_INPUT,   /* a value a person typed or passed is wrong */
  KZ_ERROR_NOT_FOUND,       /* no such rubric, person, evaluation … */
  KZ_ERROR_EXISTS,          /* the thing is already there, with other content */
  KZ_ERROR_DATABASE,        /* the storage backend failed */
  KZ_ERROR_TOO_NEW,         /* database written by a newer Kaizen */
  KZ_ERROR_INCOMPLETE,      /* submit refused: required answers missing */
  KZ_ERROR_CONFLICT,        /* someone else saved the same record first */
  KZ_ERROR_CONNECTION,      /* the team server cannot be reached or dropped */
  KZ_ERROR_PERMISSION,      /* the server refused: this login may not do that */
} KzError;

GQuark kz_error_quark (void);

G_END_DECLS
