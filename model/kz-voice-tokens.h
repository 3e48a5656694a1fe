/* kz-voice-tokens.h — the follow-up tokens of anonymous threads, kept on
 * the author's own machine
 *
 * Whoever writes an anonymous idea or comment and wants to read the
 * replies keeps a random token (kz_voice_new_token()); the database keeps
 * only its hash, so nothing there leads back to the author, and the token
 * is the proof that a follow-up comes from the thread's author.  Tokens
 * live in $XDG_DATA_HOME/kaizen/follow-up-tokens.json (mode 0600), one set
 * per database (by kz_store_get_identity ()), never in the database.
 * Losing the file loses the threads: nobody can recover them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kz-store.h"

G_BEGIN_DECLS

/* $XDG_DATA_HOME/kaizen/follow-up-tokens.json */
char    *kz_voice_tokens_path   (void);

/* Keeps @token for @thread (the idea's id) of @store's database, replacing
 * one kept before. */
gboolean kz_voice_tokens_save   (KzStore     *store,
                                 const char  *thread,
                                 const char  *token,
                                 GError     **error);
/* The token kept for @thread, or NULL (no error when there is none). */
char    *kz_voice_tokens_lookup (KzStore     *store,
                                 const char  *thread,
                                 GError     **error);
/* Every token kept for @store's database, for kz_store_list_my_threads();
 * an empty list when there are none. */
GStrv    kz_voice_tokens_list   (KzStore     *store,
                                 GError     **error);
/* Forgets the token of @thread (nothing kept is not an error). */
gboolean kz_voice_tokens_forget (KzStore     *store,
                                 const char  *thread,
                                 GError     **error);

G_END_DECLS
