/* kz-email-private.h — what kaizen-mail-parser shares with kz-email.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses the mbox text @data (@len bytes, starting at a "From " line) on
 * this thread and returns every message's outcome, in file order, in the
 * serialized form kz-email.c reads back: see parse_in_helper(). */
GBytes *kz_email_parse_mbox_serialized (const char *data,
                                        gsize       len);

G_END_DECLS
