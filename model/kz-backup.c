/* kz-backup.c — a whole database as one zip file, and back
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kz-backup.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "kz-error.h"
#include "kz-sqlite-store-private.h"
#include "kz-store-copy.h"

#define MANIFEST_NAME "manifest.json"
#define DATABASE_NAME "kaizen.db"
/* A manifest is a few hundred bytes; anything much larger is not one. */
#define MANIFEST_MAX  (64 * 1024)
#define CHUNK         (256 * 1024)

void
kz_backup_manifest_free (KzBackupManifest *manifest)
{
  if (manifest == NULL)
    return;
  g_free (manifest->kaizen_version);
  g_clear_pointer (&manifest->created_at, g_date_time_unref);
  g_free (manifest->source);
  g_free (manifest->sha256);
  g_free (manifest);
}

/* Removes a database file and whatever SQLite kept beside it. */
static void
remove_database_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

static gboolean
hash_file (const char    *path,
           gint64        *size_out,
           char         **sha256_out,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (CHUNK);
  FILE *f = fopen (path, "rb");
  gint64 size = 0;
  size_t n;

  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  while ((n = fread (buf, 1, CHUNK, f)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          fclose (f);
          return FALSE;
        }
      g_checksum_update (sum, buf, n);
      size += n;
    }
  if (ferror (f))
    {
      fclose (f);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: could not be read"), path);
      return FALSE;
    }
  fclose (f);
  *size_out = size;
  *sha256_out = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}

static char *
manifest_to_json (const KzBackupManifest *m)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *created = g_date_time_format_iso8601 (m->created_at);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, KZ_BACKUP_FORMAT);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, KZ_BACKUP_FORMAT_VERSION);
  json_builder_set_member_name (b, "kaizen_version");
  json_builder_add_string_value (b, m->kaizen_version);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, m->schema_version);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, m->source);
  json_builder_set_member_name (b, "database");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, DATABASE_NAME);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, m->size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, m->sha256);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static gboolean
refuse (GError     **error,
        const char  *zip_path,
        const char  *why)
{
  g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
               _("%s is not a usable Kaizen backup: %s"), zip_path, why);
  return FALSE;
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
member_int (JsonObject *o,
            const char *name,
            gint64     *out)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

static KzBackupManifest *
manifest_parse (const char  *zip_path,
                const char  *text,
                gsize        len,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(KzBackupManifest) m = g_new0 (KzBackupManifest, 1);
  JsonNode *root;
  JsonObject *o, *db;
  JsonNode *db_node;
  const char *s;
  gint64 v;

  if (!g_utf8_validate (text, len, NULL) || !json_parser_load_from_data (parser, text, len, &local))
    {
      g_autofree char *why = g_strdup_printf (_("its manifest is not valid JSON (%s)"),
                                              local ? local->message : _("not UTF-8"));
      refuse (error, zip_path, why);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      refuse (error, zip_path, _("its manifest is not a JSON object"));
      return NULL;
    }
  o = json_node_get_object (root);
  if (g_strcmp0 (member_string (o, "format"), KZ_BACKUP_FORMAT) != 0)
    {
      refuse (error, zip_path, _("its manifest does not say “format”: “" KZ_BACKUP_FORMAT "”"));
      return NULL;
    }
  if (!member_int (o, "format_version", &v) || v < 1)
    {
      refuse (error, zip_path, _("its manifest has no valid format_version"));
      return NULL;
    }
  if (v > KZ_BACKUP_FORMAT_VERSION)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_TOO_NEW,
                   _("%s was written by a newer Kaizen (backup format %d; this one reads %d)"),
                   zip_path, (int) v, KZ_BACKUP_FORMAT_VERSION);
      return NULL;
    }
  if ((s = member_string (o, "kaizen_version")) == NULL)
    {
      refuse (error, zip_path, _("its manifest has no kaizen_version"));
      return NULL;
    }
  m->kaizen_version = g_strdup (s);
  if (!member_int (o, "schema_version", &v) || v < 1 || v > G_MAXINT)
    {
      refuse (error, zip_path, _("its manifest has no valid schema_version"));
      return NULL;
    }
  m->schema_version = (int) v;
  if ((s = member_string (o, "created_at")) == NULL ||
      (m->created_at = g_date_time_new_from_iso8601 (s, NULL)) == NULL)
    {
      refuse (error, zip_path, _("its manifest has no valid created_at time"));
      return NULL;
    }
  m->source = g_strdup (member_string (o, "source"));
  db_node = json_object_get_member (o, "database");
  if (db_node == NULL || !JSON_NODE_HOLDS_OBJECT (db_node))
    {
      refuse (error, zip_path, _("its manifest does not describe the database"));
      return NULL;
    }
  db = json_node_get_object (db_node);
  if (g_strcmp0 (member_string (db, "name"), DATABASE_NAME) != 0 ||
      !member_int (db, "size", &m->size) || m->size <= 0 ||
      (s = member_string (db, "sha256")) == NULL || strlen (s) != 64 ||
      strspn (s, "0123456789abcdef") != 64)
    {
      refuse (error, zip_path, _("its manifest’s database name, size or SHA-256 is missing or wrong"));
      return NULL;
    }
  m->sha256 = g_strdup (s);
  return g_steal_pointer (&m);
}

/* ---- writing ------------------------------------------------------------ */

static gboolean
archive_failed (struct archive  *a,
                const char      *path,
                GError         **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
               archive_error_string (a) ? archive_error_string (a) : _("could not be written"));
  return FALSE;
}

static gboolean
write_entry_header (struct archive  *a,
                    const char      *name,
                    gint64           size,
                    GDateTime       *mtime,
                    const char      *path,
                    GError         **error)
{
  struct archive_entry *e = archive_entry_new ();
  int rc;

  archive_entry_set_pathname (e, name);
  archive_entry_set_size (e, size);
  archive_entry_set_filetype (e, AE_IFREG);
  archive_entry_set_perm (e, 0600);
  archive_entry_set_mtime (e, g_date_time_to_unix (mtime), 0);
  rc = archive_write_header (a, e);
  archive_entry_free (e);
  if (rc != ARCHIVE_OK)
    return archive_failed (a, path, error);
  return TRUE;
}

static gboolean
write_zip (const char              *part_path,
           const KzBackupManifest  *m,
           const char              *manifest_json,
           const char              *db_path,
           GCancellable            *cancellable,
           GError                 **error)
{
  struct archive *a = archive_write_new ();
  g_autofree guchar *buf = g_malloc (CHUNK);
  gboolean ok = FALSE;
  FILE *f = NULL;
  size_t n;
  gsize len = strlen (manifest_json);

  if (archive_write_set_format_zip (a) != ARCHIVE_OK ||
      archive_write_zip_set_compression_deflate (a) != ARCHIVE_OK ||
      archive_write_open_filename (a, part_path) != ARCHIVE_OK)
    {
      archive_failed (a, part_path, error);
      goto out;
    }

  if (!write_entry_header (a, MANIFEST_NAME, len, m->created_at, part_path, error))
    goto out;
  if (archive_write_data (a, manifest_json, len) != (la_ssize_t) len)
    {
      archive_failed (a, part_path, error);
      goto out;
    }

  if (!write_entry_header (a, DATABASE_NAME, m->size, m->created_at, part_path, error))
    goto out;
  if ((f = fopen (db_path, "rb")) == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", db_path, g_strerror (saved));
      goto out;
    }
  while ((n = fread (buf, 1, CHUNK, f)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (archive_write_data (a, buf, n) != (la_ssize_t) n)
        {
          archive_failed (a, part_path, error);
          goto out;
        }
    }
  if (archive_write_close (a) != ARCHIVE_OK)
    {
      archive_failed (a, part_path, error);
      goto out;
    }
  ok = TRUE;

out:
  if (f != NULL)
    fclose (f);
  archive_write_free (a);
  return ok;
}

gboolean
kz_backup_write (KzStore            *store,
                 const char         *zip_path,
                 KzBackupManifest  **manifest_out,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(KzBackupManifest) m = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *part_path = NULL;
  g_autofree char *json = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (zip_path != NULL, FALSE);

  if (!KZ_IS_SQLITE_STORE (store))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT,
                   _("%s is a team server: its administrator backs it up with pg_dump. "
                     "A Kaizen backup is of a single-file database"), kz_store_describe (store));
      return FALSE;
    }

  if ((tmpdir = g_dir_make_tmp ("kaizen-backup-XXXXXX", error)) == NULL)
    return FALSE;
  db_path = g_build_filename (tmpdir, DATABASE_NAME, NULL);
  part_path = g_strconcat (zip_path, ".part", NULL);

  m = g_new0 (KzBackupManifest, 1);
  m->kaizen_version = g_strdup (VERSION);
  m->schema_version = kz_store_get_schema_version (store);
  m->created_at = g_date_time_new_now_utc ();
  m->source = g_strdup (kz_sqlite_store_get_path (KZ_SQLITE_STORE (store)));

  if (!kz_sqlite_store_snapshot (KZ_SQLITE_STORE (store), db_path, error) ||
      !hash_file (db_path, &m->size, &m->sha256, cancellable, error))
    goto out;

  json = manifest_to_json (m);
  if (!write_zip (part_path, m, json, db_path, cancellable, error))
    goto out;
  if (g_rename (part_path, zip_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", zip_path, g_strerror (saved));
      goto out;
    }
  ok = TRUE;
  if (manifest_out != NULL)
    *manifest_out = g_steal_pointer (&m);

out:
  g_unlink (part_path);
  remove_database_files (db_path);
  g_rmdir (tmpdir);
  return ok;
}

/* ---- reading ------------------------------------------------------------ */

static gboolean
damaged (struct archive  *a,
         const char      *zip_path,
         GError         **error)
{
  g_autofree char *why = g_strdup_printf (_("the archive is damaged (%s)"),
                                          archive_error_string (a) ? archive_error_string (a) : _("unreadable"));
  return refuse (error, zip_path, why);
}

/* Unpacks @zip_path's database into @db_path (created, must not exist)
 * and checks it against the manifest: size, SHA-256, schema version and
 * SQLite's own checks.  On success @db_path holds a database migrated to
 * this Kaizen's schema; on failure it is removed. */
static KzBackupManifest *
extract (const char    *zip_path,
         const char    *db_path,
         GCancellable  *cancellable,
         GError       **error)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  g_autoptr(KzBackupManifest) m = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (CHUNK);
  g_autoptr(KzStore) check = NULL;
  gboolean have_db = FALSE;
  gboolean ok = FALSE;
  gint64 written = 0;
  FILE *f = NULL;
  int rc;

  archive_read_support_format_zip (a);
  if (archive_read_open_filename (a, zip_path, CHUNK) != ARCHIVE_OK)
    {
      if (!g_file_test (zip_path, G_FILE_TEST_EXISTS))
        g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There is no backup at %s"), zip_path);
      else
        damaged (a, zip_path, error);
      goto out;
    }

  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);

      if (g_strcmp0 (name, MANIFEST_NAME) == 0 && m == NULL && !have_db)
        {
          g_autoptr(GByteArray) text = g_byte_array_new ();
          la_ssize_t n;

          while ((n = archive_read_data (a, buf, CHUNK)) > 0)
            {
              g_byte_array_append (text, buf, n);
              if (text->len > MANIFEST_MAX)
                {
                  refuse (error, zip_path, _("its manifest is far too large"));
                  goto out;
                }
            }
          if (n < 0)
            {
              damaged (a, zip_path, error);
              goto out;
            }
          if ((m = manifest_parse (zip_path, (const char *) text->data, text->len, error)) == NULL)
            goto out;
          if (m->schema_version > KZ_SQLITE_SCHEMA_VERSION)
            {
              g_set_error (error, KZ_ERROR, KZ_ERROR_TOO_NEW,
                           _("%s holds a database from a newer Kaizen (schema %d; this one knows up to %d)"),
                           zip_path, m->schema_version, KZ_SQLITE_SCHEMA_VERSION);
              goto out;
            }
        }
      else if (g_strcmp0 (name, DATABASE_NAME) == 0 && m != NULL && !have_db)
        {
          la_ssize_t n;
          int fd = g_open (db_path, O_WRONLY | O_CREAT | O_EXCL, 0600);

          if (fd < 0 || (f = fdopen (fd, "wb")) == NULL)
            {
              int saved = errno;
              if (fd >= 0)
                close (fd);
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", db_path, g_strerror (saved));
              goto out;
            }
          have_db = TRUE;
          while ((n = archive_read_data (a, buf, CHUNK)) > 0)
            {
              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                goto out;
              written += n;
              if (written > m->size)
                {
                  refuse (error, zip_path, _("the database is larger than its manifest says"));
                  goto out;
                }
              g_checksum_update (sum, buf, n);
              if (fwrite (buf, 1, n, f) != (size_t) n)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: could not be written"), db_path);
                  goto out;
                }
            }
          if (n < 0)
            {
              damaged (a, zip_path, error);
              goto out;
            }
          if (fclose (f) != 0)
            {
              f = NULL;
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: could not be written"), db_path);
              goto out;
            }
          f = NULL;
        }
      else if (g_strcmp0 (name, DATABASE_NAME) == 0 && m == NULL)
        {
          refuse (error, zip_path, _("it has no manifest.json before kaizen.db"));
          goto out;
        }
      else if (g_strcmp0 (name, MANIFEST_NAME) == 0 || g_strcmp0 (name, DATABASE_NAME) == 0)
        {
          g_autofree char *why = g_strdup_printf (_("it holds “%s” twice"), name);
          refuse (error, zip_path, why);
          goto out;
        }
      else
        {
          g_autofree char *why = g_strdup_printf (_("it holds “%s”, which no Kaizen backup has"),
                                                  name ? name : "?");
          refuse (error, zip_path, why);
          goto out;
        }
    }
  if (rc != ARCHIVE_EOF)
    {
      damaged (a, zip_path, error);
      goto out;
    }
  if (m == NULL)
    {
      refuse (error, zip_path, _("it has no manifest.json"));
      goto out;
    }
  if (!have_db)
    {
      refuse (error, zip_path, _("it has no kaizen.db"));
      goto out;
    }
  if (written != m->size)
    {
      g_autofree char *why = g_strdup_printf (_("the database is %" G_GINT64_FORMAT " bytes; its manifest says %"
                                                G_GINT64_FORMAT), written, m->size);
      refuse (error, zip_path, why);
      goto out;
    }
  if (g_strcmp0 (g_checksum_get_string (sum), m->sha256) != 0)
    {
      refuse (error, zip_path, _("the database’s SHA-256 does not match its manifest: it was changed or damaged"));
      goto out;
    }

  /* Opening migrates an older schema forward, on this copy only. */
  if ((check = kz_sqlite_store_open (db_path, KZ_SQLITE_SCHEMA_VERSION, error)) == NULL ||
      !kz_sqlite_store_check_integrity (KZ_SQLITE_STORE (check), error))
    {
      if (error != NULL && *error != NULL)
        g_prefix_error (error, _("%s: the database inside: "), zip_path);
      goto out;
    }
  ok = TRUE;

out:
  if (f != NULL)
    fclose (f);
  archive_read_free (a);
  g_clear_object (&check);
  if (!ok)
    {
      if (have_db)
        remove_database_files (db_path);
      return NULL;
    }
  return g_steal_pointer (&m);
}

gboolean
kz_backup_verify (const char         *zip_path,
                  KzBackupManifest  **manifest_out,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("kaizen-restore-XXXXXX", error);
  g_autofree char *db_path = NULL;
  KzBackupManifest *m;

  if (tmpdir == NULL)
    return FALSE;
  db_path = g_build_filename (tmpdir, DATABASE_NAME, NULL);
  m = extract (zip_path, db_path, cancellable, error);
  remove_database_files (db_path);
  g_rmdir (tmpdir);
  if (m == NULL)
    return FALSE;
  if (manifest_out != NULL)
    *manifest_out = m;
  else
    kz_backup_manifest_free (m);
  return TRUE;
}

/* Moves the checked database to @target, which must not exist: link(2)
 * refuses to replace a file that appeared meanwhile. */
static gboolean
move_into_place (const char  *from,
                 const char  *target,
                 GError     **error)
{
  if (link (from, target) == 0)
    {
      g_unlink (from);
      return TRUE;
    }
  if (errno == EEXIST)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                   _("%s appeared while the backup was being checked; nothing was restored"), target);
      return FALSE;
    }
  /* A file system without hard links. */
  if (!g_file_test (target, G_FILE_TEST_EXISTS) && g_rename (from, target) == 0)
    return TRUE;
  {
    int saved = errno;
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", target, g_strerror (saved));
  }
  return FALSE;
}

gboolean
kz_backup_restore (const char         *zip_path,
                   const char         *target,
                   KzBackupManifest  **manifest_out,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(KzBackupManifest) m = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *tmpdir = NULL;
  gboolean to_new_file;
  gboolean ok = FALSE;

  g_return_val_if_fail (zip_path != NULL && target != NULL, FALSE);

  to_new_file = !kz_store_location_is_server (target) && !g_file_test (target, G_FILE_TEST_EXISTS);

  if (to_new_file)
    {
      /* Unpack beside the target, so the final step is one rename on the
       * same file system. */
      g_autofree char *dir = g_path_get_dirname (target);
      g_autofree char *base = g_path_get_basename (target);
      g_autofree char *name = NULL;

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
          return FALSE;
        }
      name = g_strdup_printf (".%s.restoring-%08x", base, g_random_int ());
      db_path = g_build_filename (dir, name, NULL);
    }
  else
    {
      if ((tmpdir = g_dir_make_tmp ("kaizen-restore-XXXXXX", error)) == NULL)
        return FALSE;
      db_path = g_build_filename (tmpdir, DATABASE_NAME, NULL);
    }

  if ((m = extract (zip_path, db_path, cancellable, error)) == NULL)
    goto out;

  if (to_new_file)
    {
      if (!move_into_place (db_path, target, error))
        goto out;
    }
  else
    {
      g_autoptr(KzStore) from = NULL;
      g_autoptr(KzStore) to = NULL;
      KzCopyCounts counts = { 0 };

      if ((from = kz_store_open (db_path, error)) == NULL ||
          (to = kz_store_open (target, error)) == NULL ||
          !kz_store_copy (from, to, &counts, error))
        {
          g_prefix_error (error, _("Nothing was restored: "));
          goto out;
        }
    }
  ok = TRUE;
  if (manifest_out != NULL)
    *manifest_out = g_steal_pointer (&m);

out:
  remove_database_files (db_path);
  if (tmpdir != NULL)
    g_rmdir (tmpdir);
  return ok;
}
