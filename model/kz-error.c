/* kz-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kz-error.h"

G_DEFINE_QUARK (kz-error-quark, kz_error)
