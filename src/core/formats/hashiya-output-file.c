/* hashiya-output-file.c: the file an export writes (see the header for the rules)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* O_TMPFILE */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "hashiya-interchange.h"
#include "hashiya-output-file.h"

struct _HashiyaOutputFile
{
  char    *path;        /* as given, for messages */
  char    *target;      /* the file replaced: path, or the file a link points to */
  char    *dir;
  char    *tmp;         /* the temporary's name once it has one */
  int      fd;
  gboolean direct;      /* FIFO or device: written in place */
  gboolean committed;
};

static gboolean
fail_errno (GError    **error,
            int         saved,
            const char *format,
            const char *path)
{
  g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE, format, path,
               g_strerror (saved));
  return FALSE;
}

/* FILE.tmp-XXXXXX left by an export that was killed: unlocked (its writer holds an
 * exclusive flock while it lives) and not written to for a while. */
static void
remove_stale_temporaries (const char *dir,
                          const char *target)
{
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *prefix = g_strconcat (base, ".tmp-", NULL);
  gsize prefix_len = strlen (prefix);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *full = NULL;
      struct stat st;
      int fd;

      if (strncmp (name, prefix, prefix_len) != 0 || strlen (name) != prefix_len + 6)
        continue;
      full = g_build_filename (dir, name, NULL);
      fd = open (full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
          && now - (gint64) st.st_mtime >= HASHIYA_OUTPUT_STALE_SECONDS
          && flock (fd, LOCK_EX | LOCK_NB) == 0)
        g_unlink (full);
      close (fd);
    }
}

HashiyaOutputFile *
hashiya_output_file_open (const char  *path,
                          GError     **error)
{
  g_autoptr(HashiyaOutputFile) f = g_new0 (HashiyaOutputFile, 1);
  struct stat st;
  gboolean exists;

  g_return_val_if_fail (path != NULL, NULL);

  f->fd = -1;
  f->path = g_strdup (path);
  if (lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      char *real = realpath (path, NULL);

      if (real == NULL)
        {
          int saved = errno;
          g_autofree char *to = g_file_read_link (path, NULL);

          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                       _("Cannot write %s: it is a symbolic link to %s, which cannot be "
                         "reached (%s)"), path, to ? to : "?", g_strerror (saved));
          return NULL;
        }
      f->target = g_strdup (real);
      free (real);
    }
  else
    f->target = g_strdup (path);

  f->dir = g_path_get_dirname (f->target);
  /* Say plainly what is wrong before exporting anything: a missing folder or a folder as the
   * target would otherwise surface as a failed temporary file or rename. */
  if (!g_file_test (f->dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("Cannot write %s: the folder %s does not exist"), path, f->dir);
      return NULL;
    }
  exists = stat (f->target, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("Cannot write %s: it is a folder"), path);
      return NULL;
    }
  if (exists && !S_ISREG (st.st_mode))
    {
      /* a FIFO or a device is written in place: replacing it would break it */
      f->direct = TRUE;
      f->fd = open (f->target, O_WRONLY | O_CLOEXEC | O_NOCTTY);
      if (f->fd < 0)
        {
          fail_errno (error, errno, _("Cannot write %s: %s"), path);
          return NULL;
        }
      return g_steal_pointer (&f);
    }

  remove_stale_temporaries (f->dir, f->target);

  /* a replaced file starts private and gets the old file's mode before any byte is written;
   * a new one gets the usual 0666 less the umask */
  f->fd = open (f->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, exists ? 0600 : 0666);
  if (f->fd < 0)
    {
      if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
        {
          fail_errno (error, errno, _("Cannot create a temporary file beside %s: %s"), path);
          return NULL;
        }
      /* no O_TMPFILE here (an old kernel, some file systems): a named temporary, locked */
      f->tmp = g_strconcat (f->target, ".tmp-XXXXXX", NULL);
      f->fd = g_mkstemp_full (f->tmp, O_WRONLY | O_CLOEXEC, exists ? 0600 : 0666);
      if (f->fd < 0)
        {
          g_clear_pointer (&f->tmp, g_free);
          fail_errno (error, errno, _("Cannot create a temporary file beside %s: %s"), path);
          return NULL;
        }
      flock (f->fd, LOCK_EX | LOCK_NB);
    }
  if (exists)
    {
      /* the owner only when the process may give it (root, or the same owner) */
      if (fchown (f->fd, st.st_uid, st.st_gid) != 0)
        (void) !fchown (f->fd, -1, st.st_gid);
      if (fchmod (f->fd, st.st_mode & 07777) != 0)
        {
          fail_errno (error, errno, _("Cannot give the new %s the old file's permissions: %s"),
                      path);
          return NULL;
        }
    }
  return g_steal_pointer (&f);
}

int
hashiya_output_file_get_fd (HashiyaOutputFile *f)
{
  return f->fd;
}

gboolean
hashiya_output_file_is_direct (HashiyaOutputFile *f)
{
  return f->direct;
}

const char *
hashiya_output_file_get_target (HashiyaOutputFile *f)
{
  return f->target;
}

gboolean
hashiya_output_file_commit (HashiyaOutputFile *f,
                            GError           **error)
{
  int fd;

  g_return_val_if_fail (f != NULL && f->fd >= 0 && !f->committed, FALSE);

  if (fsync (f->fd) != 0 && errno != EINVAL && errno != EROFS)
    return fail_errno (error, errno, _("Cannot write %s: %s"), f->path);
  if (f->direct)
    {
      int rc = close (f->fd);

      f->fd = -1;
      f->committed = TRUE;
      return rc == 0 || fail_errno (error, errno, _("Cannot write %s: %s"), f->path);
    }
  if (f->tmp == NULL)
    {
      /* name the unnamed file, beside the target, then rename it over the target */
      g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", f->fd);

      /* A new target gets the file's first and only name at once: no temporary name ever
       * exists, so a kill at any moment leaves nothing behind. (A target that exists must be
       * replaced by a rename, which needs the short-lived temporary name below.) */
      if (linkat (AT_FDCWD, proc, AT_FDCWD, f->target, AT_SYMLINK_FOLLOW) == 0)
        {
          f->committed = TRUE;
          close (f->fd);
          f->fd = -1;
          fd = open (f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
          if (fd >= 0)
            {
              fsync (fd);
              close (fd);
            }
          return TRUE;
        }
      /* EEXIST: the target exists; any other error shows again, with its message, below */
      for (int attempt = 0; f->tmp == NULL; attempt++)
        {
          char *name = g_strdup_printf ("%s.tmp-%06x", f->target,
                                        g_random_int_range (0, 0x1000000));
          if (linkat (AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
            f->tmp = name;
          else
            {
              int saved = errno;

              g_free (name);
              if (saved != EEXIST || attempt > 100)
                return fail_errno (error, saved, _("Cannot put the new %s in place: %s"), f->path);
            }
        }
    }
  if (g_rename (f->tmp, f->target) != 0)
    {
      int saved = errno;

      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("Cannot rename %s to %s: %s"), f->tmp, f->target, g_strerror (saved));
      return FALSE;
    }
  g_clear_pointer (&f->tmp, g_free);
  f->committed = TRUE;
  close (f->fd);
  f->fd = -1;
  /* make the rename itself durable */
  fd = open (f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}

void
hashiya_output_file_free (HashiyaOutputFile *f)
{
  if (f == NULL)
    return;
  if (f->fd >= 0)
    close (f->fd);
  if (f->tmp != NULL)
    g_unlink (f->tmp);
  g_free (f->path);
  g_free (f->target);
  g_free (f->dir);
  g_free (f->tmp);
  g_free (f);
}
