/* fuzz.h — what every fuzz target shares
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A warning or a critical from the model or a library it calls is a bug
 * the fuzzer must stop on; everything quieter is dropped, as a target
 * must not print. */
static GLogWriterOutput
kz_fuzz_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static inline void
kz_fuzz_init (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_log_set_writer_func (kz_fuzz_log_writer, NULL, NULL);
      g_once_init_leave (&once, 1);
    }
}
