"""The lock that lets one `steward run` at a time use a data folder.

Two run commands on one data folder would each start a Redis and overwrite the
other's `redis.url`, so a policy change published through one would not reach the
API of the other. The run command therefore takes an exclusive `flock` on
`run.lock` in the data folder and keeps it while it runs. The kernel releases the
lock when the process exits, also after SIGKILL or a crash, so a stale file never
blocks the next run. API processes and workers started on their own take no lock,
so several of them can share one database and Redis.
"""

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

LOCK_FILE = "run.lock"


class DataFolderLockError(Exception):
    """The data folder is in use by another run command, or cannot be locked."""


def _lock_holder(fd: int) -> int | None:
    """Return the pid that the lock holder wrote into the file, if it wrote one."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _open_lock_file(folder: Path) -> int:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Python opens files non-inheritable (O_CLOEXEC), so the children of the
        # run command do not keep the lock when they outlive it.
        return os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise DataFolderLockError(
            f"cannot lock the data folder {folder}: {error.strerror}; set "
            "STEWARD_DATA_DIR to a folder that this user can create and write"
        ) from None


def _write_pid(fd: int, folder: Path) -> None:
    """Write this process's pid into the lock file, for the error of a second run."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError as error:
        # The lock holds without the pid; a second run then names no process.
        logger.warning(
            "could not write the pid into %s: %s", folder / LOCK_FILE, error.strerror
        )


@contextlib.contextmanager
def data_folder_lock(data_dir: Path) -> Iterator[None]:
    """Hold the run command's lock on `data_dir`, creating the folder if missing.

    Raises DataFolderLockError, having changed nothing else in the folder, when
    another process holds the lock or the lock file cannot be opened.
    """
    folder = data_dir.resolve()
    fd = _open_lock_file(folder)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(fd)
            process = f" (pid {holder})" if holder is not None else ""
            raise DataFolderLockError(
                f"the data folder {folder} is in use by another 'steward run'"
                f"{process}; stop it first, or set STEWARD_DATA_DIR to another folder"
            ) from None
        except OSError as error:
            raise DataFolderLockError(
                f"cannot lock the data folder {folder}: {error.strerror}; set "
                "STEWARD_DATA_DIR to a folder on a local file system"
            ) from None
        _write_pid(fd, folder)
        try:
            yield
        finally:
            # The file is kept. Removing it would let two runs hold a lock at once:
            # one on the removed file, opened before the removal, one on a new file.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)
