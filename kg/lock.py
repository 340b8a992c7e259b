"""The store lock: one writer at a time per store, so two builds never interleave.

The lock is an ``fcntl.flock`` on a file beside the store (``.kg.lock`` next to ``.kg``), not inside
it, because every build replaces the store folder itself. The kernel releases the lock when its
holder exits, however it exits (Ctrl-C, ``kill -9``), so a stale lock never blocks the next build.
A second writer waits up to ``wait`` seconds for the lock, then gives up with a StoreError naming
the process that holds it. Readers (queries, ``kg serve``) take no lock: a store is only ever
replaced whole, by one atomic rename (see ``kg.store``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import StoreError

__all__ = ["DEFAULT_WAIT", "LOCK_SUFFIX", "lock_path", "store_lock"]

DEFAULT_WAIT = 30.0
LOCK_SUFFIX = ".lock"
_POLL = 0.05


def lock_path(store: Path) -> Path:
    """Return the lock file of the store folder ``store``: ``<store>.lock`` beside it."""
    store = Path(store).absolute()
    return store.with_name(store.name + LOCK_SUFFIX)


def _holder(fd: int) -> str:
    """Return what the lock file says about its holder ("pid N"), or "" if it says nothing."""
    with contextlib.suppress(OSError):
        text = os.pread(fd, 64, 0).decode("ascii", errors="replace").strip()
        if text.isdigit():
            return f"pid {text}"
    return ""


@contextlib.contextmanager
def store_lock(
    store: Path, wait: float = DEFAULT_WAIT, waiting: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Hold the write lock of ``store`` for the ``with`` block; yield the lock file's path.

    Waits up to ``wait`` seconds (0: not at all) for another writer to finish, telling ``waiting``
    once that it does; raises StoreError if the lock stays taken, or if the lock file cannot be
    created (e.g. an unwritable folder).
    """
    path = lock_path(store)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise StoreError(f"cannot lock the store at {store}: {path}: {e.strerror or e}") from None
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if waiting is not None and wait > 0:
                    waiting(f"waiting up to {wait:g} s for another kg process writing {store}")
                    waiting = None
                if time.monotonic() >= deadline:
                    who = _holder(fd)
                    raise StoreError(
                        f"{store} is being written by another kg process{f' ({who})' if who else ''};"
                        f" waited {wait:g} s for {path.name} (try again later, or --wait longer)"
                    ) from None
                time.sleep(_POLL)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race with a waiting writer)
