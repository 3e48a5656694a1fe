/* kz-backup.h — a whole database as one zip file, and back
 *
 * A backup is a zip (libarchive) with two entries, in this order:
 * manifest.json — what it is, which Kaizen and schema wrote it, when, and
 * the size and SHA-256 of the database — and kaizen.db, a consistent copy
 * of the single-file database (SQLite's VACUUM INTO, so every table of
 * every schema version comes along).  A restore checks everything before
 * it touches the target: the archive, the manifest, the size and checksum,
 * that the database opens (older schemas are migrated on the copy) and
 * passes SQLite's integrity and foreign-key checks.  Only then does it
 * write: a new file is moved into place in one rename; an existing, empty
 * database (a file or a team server) receives the data through
 * kz_store_copy(), all or nothing.  A damaged or foreign zip is refused
 * with what is wrong and the target stays exactly as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "kz-store.h"

G_BEGIN_DECLS

#define KZ_BACKUP_FORMAT         "kaizen-backup"
#define KZ_BACKUP_FORMAT_VERSION 1

typedef struct {
  char      *kaizen_version;   /* the Kaizen that wrote it */
  int        schema_version;   /* of the database inside */
  GDateTime *created_at;       /* UTC */
  char      *source;           /* where it was taken from (a path) */
  gint64     size;             /* of kaizen.db, in bytes */
  char      *sha256;           /* of kaizen.db, lower-case hex */
} KzBackupManifest;

void kz_backup_manifest_free (KzBackupManifest *manifest);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzBackupManifest, kz_backup_manifest_free)

/* Writes a backup of @store (a single file: a team server is backed up by
 * its administrator with pg_dump) to @zip_path.  The zip is written beside
 * @zip_path and renamed over it only when complete, so a failed or
 * cancelled backup leaves no half-written file.  @manifest_out (optional)
 * receives what was written. */
gboolean kz_backup_write   (KzStore            *store,
                            const char         *zip_path,
                            KzBackupManifest  **manifest_out,
                            GCancellable       *cancellable,
                            GError            **error);

/* Reads and checks the backup at @zip_path without restoring it: the
 * archive, its manifest, and the database's size, checksum, schema and
 * integrity. */
gboolean kz_backup_verify  (const char         *zip_path,
                            KzBackupManifest  **manifest_out,
                            GCancellable       *cancellable,
                            GError            **error);

/* Restores @zip_path into @target: a path where no file is yet, an empty
 * single-file database, or an empty team-server database (postgresql://…,
 * run as its owner; see kz_store_copy()).  A target that holds data is
 * refused.  Nothing is written before every check has passed. */
gboolean kz_backup_restore (const char         *zip_path,
                            const char         *target,
                            KzBackupManifest  **manifest_out,
                            GCancellable       *cancellable,
                            GError            **error);

G_END_DECLS
