/* kz-email.h — reading mail (GMime) and importing it as interactions
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kz-store.h"

G_BEGIN_DECLS

typedef struct {
  char   *source;
  gint64  position;
  char   *reason;
} KzImportIssue;

void kz_import_issue_free (KzImportIssue *self);

typedef enum {
  KZ_MAIL_FORMAT_AUTO,
  KZ_MAIL_FORMAT_EML,
  KZ_MAIL_FORMAT_MBOX,
  KZ_MAIL_FORMAT_MAILDIR,
} KzMailFormat;

gboolean kz_mail_format_from_string (const char *text, KzMailFormat *format);

/* Reads every message at @path (a .eml file, an mbox file or a Maildir
 * folder; detected with KZ_MAIL_FORMAT_AUTO).  Good messages go to
 * @messages (KzEmailMessage*), broken ones to @issues (KzImportIssue*) with
 * the file, the position and the reason.  FALSE only when @path cannot be
 * read at all. */
gboolean kz_email_read (const char    *path,
                        KzMailFormat   format,
                        GPtrArray     *messages,
                        GPtrArray     *issues,
                        GError       **error);

/* The same for mail already in memory: @data is one message (EML), an mbox,
 * or either (AUTO, as for a file); @source names it in the issues.  FALSE
 * only for KZ_MAIL_FORMAT_MAILDIR, which a buffer cannot be. */
gboolean kz_email_read_bytes (GBytes        *data,
                              const char    *source,
                              KzMailFormat   format,
                              GPtrArray     *messages,
                              GPtrArray     *issues,
                              GError       **error);

/* Groups @messages (KzEmailMessage*, distinct Message-IDs) into threads:
 * Message-ID, In-Reply-To and References link them, and a "Re:" subject
 * with no such link joins the thread that subject started.  Returns one
 * GPtrArray a thread (borrowing the messages, earliest date first, undated
 * last), in the order each thread's first message appears in @messages. */
GPtrArray *kz_email_build_threads (GPtrArray *messages);

typedef struct {
  guint      n_read;          /* messages read without a problem */
  guint      n_stored;
  guint      n_already;       /* Message-ID already in the database */
  guint      n_new_threads;   /* new interactions */
  guint      n_no_agent;      /* threads stored without a known agent */
  GPtrArray *issues;          /* KzImportIssue*, owned by the report */
} KzEmailImportReport;

void kz_email_import_report_clear (KzEmailImportReport *report);

/* Reads @paths, rebuilds threads (Message-ID, In-Reply-To, References; the
 * subject when none of those link), finds each thread's agent from the
 * agents' addresses and stores each new thread as one email interaction
 * with its messages — each thread in its own transaction, so no message is
 * ever half-stored.  Messages already in the database are skipped; a reply
 * to a stored thread joins it.  With @strict any broken message refuses the
 * whole import and the database is left as it was. */
gboolean kz_email_import (KzStore             *store,
                          const char * const  *paths,
                          KzMailFormat         format,
                          gboolean             strict,
                          KzEmailImportReport *report,
                          GCancellable        *cancellable,
                          GError             **error);

/* How far an import is, for a progress bar: files read so far of all of
 * them, then threads stored of all the new ones, then the commit (which a
 * cancel no longer stops).  Called on the importing thread. */
typedef enum {
  KZ_EMAIL_IMPORT_READING,
  KZ_EMAIL_IMPORT_STORING,
  KZ_EMAIL_IMPORT_COMMITTING,
} KzEmailImportStage;

typedef void (*KzEmailImportProgress) (KzEmailImportStage stage,
                                       guint              done,
                                       guint              total,
                                       gpointer           user_data);

/* As kz_email_import(), saying how far it is through @progress (may be
 * NULL): once at the start of each stage, after each file read, and after
 * every hundredth thread stored.  Cancelling @cancellable stops it between
 * files, during the check of what is stored already, or between threads,
 * with the database as it was; once COMMITTING is said it completes. */
gboolean kz_email_import_with_progress (KzStore               *store,
                                        const char * const    *paths,
                                        KzMailFormat           format,
                                        gboolean               strict,
                                        KzEmailImportProgress  progress,
                                        gpointer               progress_data,
                                        KzEmailImportReport   *report,
                                        GCancellable          *cancellable,
                                        GError               **error);

G_END_DECLS
