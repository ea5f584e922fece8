/* hashiya-store-create.c: a new project made whole beside its name, then linked into place
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite creates a database file at its first write and fills it over several: a creation
 * killed or out of space in between left an empty or table-less file that every command then
 * refused. Here the project is built in a temporary file in the same folder (tables, default
 * labels, write-ahead logging, checkpointed and synced: store_build_project) and only then
 * given its name, by link () (or renameat2 RENAME_NOREPLACE where there are no hard links),
 * which never replaces a file that appeared meanwhile.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* renameat2, RENAME_NOREPLACE, F_OFD_SETLK */
#endif
#include "config.h"

#include "hashiya-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

gboolean
store_fsync_path (const char  *path,
                  gboolean     directory,
                  GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0), 0);
  int saved;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      /* Some file systems cannot sync a folder; the file itself was synced. */
      if (directory && (saved == EINVAL || saved == EBADF || saved == EACCES))
        return TRUE;
      g_set_error (error, HASHIYA_STORE_ERROR,
                   saved == ENOSPC || saved == EDQUOT ? HASHIYA_STORE_ERROR_DISK_FULL
                                                      : HASHIYA_STORE_ERROR_IO,
                   _("cannot save %s to the disk: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static void
unlink_with_sidecars (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

/* Puts tmp in place at path. replace NULL: path must not exist, and a file that appears
 * there meanwhile is never replaced (EEXIST). Otherwise path is the empty file or empty
 * database described by replace, replaced only if it is still that file. */
static gboolean
link_into_place (const char      *tmp,
                 const char      *path,
                 const GStatBuf  *replace,
                 int             *saved_errno)
{
  if (replace != NULL)
    {
      GStatBuf now;

      if (g_stat (path, &now) != 0)
        {
          *saved_errno = errno;
          return FALSE;
        }
      if (now.st_dev != replace->st_dev || now.st_ino != replace->st_ino
          || now.st_size != replace->st_size || now.st_mtime != replace->st_mtime)
        {
          *saved_errno = EEXIST;
          return FALSE;
        }
      if (rename (tmp, path) != 0)
        {
          *saved_errno = errno;
          return FALSE;
        }
      return TRUE;
    }

  if (link (tmp, path) == 0)
    {
      g_unlink (tmp);
      return TRUE;
    }
  *saved_errno = errno;
  if (*saved_errno == EEXIST)
    return FALSE;
  /* File systems without hard links (FAT, some network ones). */
#ifdef RENAME_NOREPLACE
  if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
    return TRUE;
  *saved_errno = errno;
  if (*saved_errno != EINVAL && *saved_errno != ENOSYS && *saved_errno != ENOTSUP)
    return FALSE;
#endif
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      *saved_errno = EEXIST;
      return FALSE;
    }
  if (rename (tmp, path) != 0)
    {
      *saved_errno = errno;
      return FALSE;
    }
  return TRUE;
}

/* A creation holds a lock on the first byte of its temporary file (an open file
 * description lock, which SQLite's own locks, further in, never meet) until the file is in
 * place. A temporary file of path that nobody holds and that has not changed for a while
 * was left by a killed creation: remove it. */
#define ABANDONED_AFTER_SECONDS 10

static gboolean
lock_creation (int fd)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };

  return fcntl (fd, F_OFD_SETLK, &fl) == 0;
}

static void
remove_abandoned_creations (const char *dir,
                            const char *base)
{
  g_autofree char *prefix = g_strdup_printf (".%s.new-", base);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = NULL;
      GStatBuf st;
      int fd;

      /* the temporary file itself (six random characters), not its -wal or -journal */
      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;
      p = g_build_filename (dir, name, NULL);
      fd = g_open (p, O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
          && st.st_mtime < (time_t) (g_get_real_time () / G_USEC_PER_SEC) - ABANDONED_AFTER_SECONDS
          && lock_creation (fd))
        {
          g_debug ("removing %s, left by an interrupted creation of %s", p, base);
          unlink_with_sidecars (p);
        }
      close (fd);
    }
}

/* Makes a new project at path, atomically (see hashiya_store_open). replace: the empty
 * file or table-less database at path to replace, or NULL when path does not exist. */
HashiyaStore *
store_create_project (const char      *path,
                      const GStatBuf  *replace,
                      GError         **error)
{
  /* A symbolic link to the empty file stays a link: the project replaces what it points to. */
  g_autofree char *resolved = replace != NULL ? realpath (path, NULL) : NULL;
  const char *target = resolved != NULL ? resolved : path;
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *tmp = g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s.new-XXXXXX", dir, base);
  int fd;
  int saved = 0;

  remove_abandoned_creations (dir, base);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, replace ? (replace->st_mode & 07777) : 0666);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, HASHIYA_STORE_ERROR,
                   saved == ENOSPC || saved == EDQUOT ? HASHIYA_STORE_ERROR_DISK_FULL
                                                      : HASHIYA_STORE_ERROR_IO,
                   _("cannot create %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (replace != NULL)
    {
      /* the replaced file's permissions and, where allowed, its owner */
      if (fchmod (fd, replace->st_mode & 07777) != 0
          || (fchown (fd, replace->st_uid, replace->st_gid) != 0 && errno != EPERM))
        g_debug ("%s: keeping the permissions of %s: %s", tmp, path, g_strerror (errno));
    }
  /* held until the file is in place (fd is closed on every way out below) */
  if (!lock_creation (fd))
    g_debug ("%s: cannot lock it: %s", tmp, g_strerror (errno));

  if (!store_build_project (tmp, path, error))
    {
      unlink_with_sidecars (tmp);
      close (fd);
      return NULL;
    }

  if (replace != NULL)
    {
      /* The old file's journal must not be applied to the new one. It had no table, so
       * nothing is lost. */
      g_autofree char *wal = g_strconcat (target, "-wal", NULL);
      g_autofree char *shm = g_strconcat (target, "-shm", NULL);
      g_unlink (wal);
      g_unlink (shm);
    }

  if (!link_into_place (tmp, target, replace, &saved))
    {
      unlink_with_sidecars (tmp);
      close (fd);
      if (saved == EEXIST && replace == NULL)
        {
          /* Another program made it meanwhile: open it as is, like any existing file. */
          return hashiya_store_open (path, FALSE, error);
        }
      if (saved == EEXIST)
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                     _("cannot create %s: the file changed while the project was being "
                     "made, and was left as it is"), path);
      else
        g_set_error (error, HASHIYA_STORE_ERROR,
                     saved == ENOSPC || saved == EDQUOT ? HASHIYA_STORE_ERROR_DISK_FULL
                                                        : HASHIYA_STORE_ERROR_IO,
                     _("cannot create %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  /* the new name itself must survive a power loss */
  if (!store_fsync_path (dir, TRUE, error))
    return NULL;

  return hashiya_store_open (path, FALSE, error);
}
