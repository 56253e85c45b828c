#!/usr/bin/python3
"""A small in-memory FUSE file system for the agent's storage tests, told through a control file to misbehave.

Usage: faultyfs.py MOUNTPOINT CONTROLFILE [--passthrough DIRECTORY]
With --passthrough, the mount shows DIRECTORY (every operation goes to it) instead of an empty in-memory file system:
the HA lab gives each node its own view of the one shared directory, so one node's storage can fail alone.
The control file holds lines `key=value`, re-read when it changes:
  mode=ok|hang|eio|erofs   hang: every operation blocks until the mode changes; eio: writes, fsync and unlinks fail
                           with EIO; erofs: every change fails with EROFS (a mount turned read-only)
  free=BYTES               free space statfs reports (default 8 GiB of 16 GiB)
Runs in the foreground, multithreaded (a hung operation does not block the others); the test unmounts it.
Mounted with hard_remove: libfuse's close (RELEASE) is asynchronous, so an unlink right after a close can find the file
still open; without hard_remove libfuse then renames it to .fuse_hidden*, and fusepy's default rename fails with EROFS
(seen as a probe that says "read-only" about 1 run in 3).
"""
import errno
import os
import stat
import sys
import threading
import time

from fusepy import FUSE, FuseOSError, Operations

BLOCK = 4096
TOTAL = 16 << 30


class Control:
    def __init__(self, path):
        self.path = path
        self._guard = threading.Lock()
        self.mtime = None
        self.values = {"mode": "ok", "free": str(8 << 30)}

    def get(self, key):
        # The test replaces the file by a rename: a new inode is news even within one timestamp tick.
        try:
            st = os.stat(self.path)
            mtime = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            mtime = None
        with self._guard:
            if mtime != self.mtime:
                self.mtime = mtime
                values = {"mode": "ok", "free": str(8 << 30)}
                if mtime is not None:
                    with open(self.path) as f:
                        for line in f:
                            if "=" in line:
                                k, v = line.strip().split("=", 1)
                                values[k] = v
                self.values = values
            return self.values[key]


class Gate:
    def gate(self, change=False, io=False):
        while self.control.get("mode") == "hang":
            time.sleep(0.02)
        mode = self.control.get("mode")
        if change and mode == "erofs":
            raise FuseOSError(errno.EROFS)
        if io and mode == "eio":
            raise FuseOSError(errno.EIO)


class FaultyFs(Gate, Operations):
    def __init__(self, control):
        self.control = control
        self.files = {}
        self.dirs = {"/"}
        self._guard = threading.Lock()
        now = time.time()
        self.root = dict(st_mode=stat.S_IFDIR | 0o777, st_nlink=2, st_ctime=now, st_mtime=now, st_atime=now)

    def getattr(self, path, fh=None):
        self.gate()
        with self._guard:
            if path in self.dirs:
                return dict(self.root, st_nlink=2)
            if path not in self.files:
                raise FuseOSError(errno.ENOENT)
            data = self.files[path]
            now = time.time()
            return dict(st_mode=stat.S_IFREG | 0o644, st_nlink=1, st_size=len(data), st_ctime=now, st_mtime=now, st_atime=now)

    def readdir(self, path, fh):
        self.gate()
        prefix = path.rstrip("/") + "/"
        with self._guard:
            names = [p[len(prefix):] for p in list(self.files) + list(self.dirs)
                     if p != path and p.startswith(prefix) and "/" not in p[len(prefix):]]
        return [".", ".."] + names

    def mkdir(self, path, mode):
        self.gate(change=True, io=True)
        with self._guard:
            if path in self.dirs or path in self.files:
                raise FuseOSError(errno.EEXIST)
            self.dirs.add(path)

    def rmdir(self, path):
        self.gate(change=True, io=True)
        with self._guard:
            if any(p.startswith(path + "/") for p in list(self.files) + list(self.dirs)):
                raise FuseOSError(errno.ENOTEMPTY)
            self.dirs.discard(path)

    def create(self, path, mode, fi=None):
        self.gate(change=True, io=True)
        with self._guard:
            self.files[path] = bytearray()
        return 0

    def open(self, path, flags):
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_TRUNC)
        self.gate(change=bool(writing))
        with self._guard:
            if path not in self.files:
                raise FuseOSError(errno.ENOENT)
        return 0

    def truncate(self, path, length, fh=None):
        self.gate(change=True, io=True)
        with self._guard:
            data = self.files.setdefault(path, bytearray())
            del data[length:]
            data.extend(b"\0" * (length - len(data)))

    def write(self, path, buf, offset, fh):
        self.gate(change=True, io=True)
        with self._guard:
            data = self.files.setdefault(path, bytearray())
            data[offset:offset + len(buf)] = buf
        return len(buf)

    def read(self, path, size, offset, fh):
        self.gate()
        with self._guard:
            return bytes(self.files.get(path, b"")[offset:offset + size])

    def fsync(self, path, datasync, fh):
        self.gate(io=True)
        return 0

    def flush(self, path, fh):
        self.gate()
        return 0

    def release(self, path, fh):
        return 0

    def unlink(self, path):
        self.gate(change=True, io=True)
        with self._guard:
            if self.files.pop(path, None) is None:
                raise FuseOSError(errno.ENOENT)

    def rename(self, old, new):
        self.gate(change=True, io=True)
        with self._guard:
            if old not in self.files:
                raise FuseOSError(errno.ENOENT)
            self.files[new] = self.files.pop(old)

    def utimens(self, path, times=None):
        self.gate(change=True)
        return 0

    def chmod(self, path, mode):
        self.gate(change=True)
        return 0

    def statfs(self, path):
        self.gate()
        free = int(self.control.get("free")) // BLOCK
        return dict(f_bsize=BLOCK, f_frsize=BLOCK, f_blocks=TOTAL // BLOCK, f_bfree=free, f_bavail=free,
                    f_files=1000, f_ffree=1000, f_favail=1000, f_namemax=255)


class PassthroughFs(Gate, Operations):
    """DIRECTORY through the gate: the same failures as the in-memory file system, on real files."""

    def __init__(self, control, root):
        self.control = control
        self.root = os.path.realpath(root)

    def real(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    def getattr(self, path, fh=None):
        self.gate()
        st = os.lstat(self.real(path))
        return {k: getattr(st, k) for k in ("st_mode", "st_nlink", "st_size", "st_uid", "st_gid", "st_atime", "st_mtime", "st_ctime")}

    def readdir(self, path, fh):
        self.gate()
        return [".", ".."] + os.listdir(self.real(path))

    def mkdir(self, path, mode):
        self.gate(change=True, io=True)
        os.mkdir(self.real(path), mode)

    def rmdir(self, path):
        self.gate(change=True, io=True)
        os.rmdir(self.real(path))

    def create(self, path, mode, fi=None):
        self.gate(change=True, io=True)
        return os.open(self.real(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)

    def open(self, path, flags):
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_TRUNC)
        self.gate(change=bool(writing))
        return os.open(self.real(path), flags)

    def read(self, path, size, offset, fh):
        self.gate()
        return os.pread(fh, size, offset)

    def write(self, path, buf, offset, fh):
        self.gate(change=True, io=True)
        return os.pwrite(fh, buf, offset)

    def truncate(self, path, length, fh=None):
        self.gate(change=True, io=True)
        if fh is None:
            os.truncate(self.real(path), length)
        else:
            os.ftruncate(fh, length)

    def fsync(self, path, datasync, fh):
        self.gate(io=True)
        os.fsync(fh)
        return 0

    def flush(self, path, fh):
        self.gate()
        return 0

    def release(self, path, fh):
        os.close(fh)
        return 0

    def unlink(self, path):
        self.gate(change=True, io=True)
        os.unlink(self.real(path))

    def rename(self, old, new):
        self.gate(change=True, io=True)
        os.rename(self.real(old), self.real(new))

    def utimens(self, path, times=None):
        self.gate(change=True)
        os.utime(self.real(path), times)

    def chmod(self, path, mode):
        self.gate(change=True)
        os.chmod(self.real(path), mode)

    def statfs(self, path):
        self.gate()
        st = os.statvfs(self.real(path))
        return {k: getattr(st, k) for k in ("f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree",
                                            "f_favail", "f_namemax")}


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[3] == "--passthrough":
        operations = PassthroughFs(Control(sys.argv[2]), sys.argv[4])
    elif len(sys.argv) == 3:
        operations = FaultyFs(Control(sys.argv[2]))
    else:
        sys.exit(__doc__)
    FUSE(operations, sys.argv[1], foreground=True, nothreads=False, allow_other=True, hard_remove=True, fsname="faultyfs")
