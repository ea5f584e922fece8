/* hashiya-store-lock.c: SQLite's file locks held per open file, not per process
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite's unix VFS locks the project file (and its -shm) with POSIX advisory record
 * locks (fcntl F_SETLK). Those belong to the process: when any code in the process opens
 * and then closes the same file — the file chooser sniffing its content type, a
 * thumbnailer, a library — the kernel drops every lock the process held on it ("How To
 * Corrupt An SQLite Database File", section 2.2). Another process then believes it is the
 * last connection, checkpoints, and deletes the -wal and -shm that our connection is still
 * writing into: committed actions vanish at the next crash.
 *
 * Linux's open file description locks (F_OFD_SETLK, Linux 3.15) have the same byte-range
 * semantics and conflict with classic POSIX locks of other processes (so older builds and
 * the sqlite3 shell still see them), but they belong to the open file description that
 * took them: only closing SQLite's own descriptor releases them. SQLite lets a program
 * replace the system calls of its unix VFS, so we hand it an fcntl () that turns the three
 * record-lock commands into their OFD forms and passes every other command through.
 *
 * Within one process, SQLite already shares one lock state per file between its
 * connections and keeps a closed connection's descriptor open while the file is locked,
 * so OFD locks taken on one descriptor are never in conflict with the process's own.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* F_OFD_SETLK */
#endif
#include "config.h"

#include "hashiya-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sqlite3.h>

#if defined(F_OFD_SETLK) && defined(F_OFD_SETLKW) && defined(F_OFD_GETLK)
#define HAVE_OFD_LOCKS 1
#else
#error "Hashiya needs Linux open file description locks (F_OFD_SETLK): see the comment above"
#endif

#ifdef HAVE_OFD_LOCKS
static int
ofd_fcntl (int fd,
           int cmd,
           ...)
{
  va_list ap;
  int ofd_cmd = 0;

  switch (cmd)
    {
    case F_SETLK:  ofd_cmd = F_OFD_SETLK;  break;
    case F_SETLKW: ofd_cmd = F_OFD_SETLKW; break;
    case F_GETLK:  ofd_cmd = F_OFD_GETLK;  break;
    default: break;
    }

  va_start (ap, cmd);
  if (ofd_cmd != 0)
    {
      struct flock *lock = va_arg (ap, struct flock *);

      va_end (ap);
      /* OFD commands require l_pid = 0; F_OFD_GETLK reports a holder's pid as -1,
       * which SQLite never reads (it only looks at l_type). */
      lock->l_pid = 0;
      return fcntl (fd, ofd_cmd, lock);
    }
  else if (cmd == F_GETFD || cmd == F_GETFL)
    {
      va_end (ap);
      return fcntl (fd, cmd);
    }
  else if (cmd == F_SETFD || cmd == F_SETFL)
    {
      int arg = va_arg (ap, int);

      va_end (ap);
      return fcntl (fd, cmd, arg);
    }
  else
    {
      void *arg = va_arg (ap, void *);

      va_end (ap);
      return fcntl (fd, cmd, arg);
    }
}
#endif

static gsize ofd_state;    /* 0 not tried, 1 + result after */
static gboolean ofd_active;

/* Installs ofd_fcntl () in SQLite's unix VFS once per process, before the first
 * connection. HASHIYA_CLASSIC_LOCKS=1 keeps SQLite's own process-wide locks: only the
 * tests use it, to show that the file-chooser scenario loses work without this. */
gboolean
store_use_ofd_locks (void)
{
  if (g_once_init_enter (&ofd_state))
    {
      gboolean ok = FALSE;
#ifdef HAVE_OFD_LOCKS
      const char *classic = g_getenv ("HASHIYA_CLASSIC_LOCKS");
      sqlite3_vfs *vfs;

      if (classic == NULL || g_strcmp0 (classic, "1") != 0)
        {
          sqlite3_initialize ();
          vfs = sqlite3_vfs_find ("unix");
          if (vfs != NULL && vfs->iVersion >= 3 && vfs->xSetSystemCall != NULL)
            ok = vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr) ofd_fcntl) == SQLITE_OK;
        }
#endif
      ofd_active = ok;
      g_once_init_leave (&ofd_state, 1);
    }
  return ofd_active;
}

gboolean
hashiya_store_locks_per_open_file (void)
{
  return store_use_ofd_locks ();
}
