"""A SQLite file of the index opened read-only: one connection per thread, version checked at open.

The document store and the graph store are read by every thread of every server process; sqlite3
connections belong to the thread that made them, and ``mode=ro`` makes sure no request can write.
A file that is missing, of another version or not a database gives one line saying to rebuild.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class ReadOnlyDB:
    """Read-only, per-thread connections to ``path``, whose ``meta`` table holds ``version_key``."""

    def __init__(self, path: Path, *, what: str, version_key: str, version: int, error: type[Exception],
                 missing: type[Exception] | None = None) -> None:
        self.path = Path(path)
        rebuild = f"chạy lại: vanban index <thư mục văn bản> --index-dir {self.path.parent}"
        if not self.path.is_file():
            raise (missing or error)(f"Chỉ mục '{self.path.parent}' không có {what} ({self.path.name}); {rebuild}")
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (version_key,)).fetchone()
        except sqlite3.DatabaseError as e:
            self.close()
            raise error(f"{what.capitalize()} '{self.path}' bị hỏng ({e}); {rebuild}") from e
        if not row or row[0] != str(version):
            self.close()
            raise error(f"{what.capitalize()} '{self.path}' thuộc phiên bản khác ({row[0] if row else '?'}, "
                        f"cần {version}); {rebuild}")

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        c = getattr(self._local, "conn", None)
        if c is None:
            c = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = c
            with self._lock:
                self._conns.append(c)
        return c

    def close(self) -> None:
        with self._lock:
            for c in self._conns:
                c.close()
            self._conns.clear()
        self._local = threading.local()
