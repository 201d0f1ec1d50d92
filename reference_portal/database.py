"""SQLite storage: one connection per request (or per interface message), WAL mode.

Connections are opened lazily and held in a context variable, so services call
`database.connection()` anywhere inside a unit of work (a Flask request, an MLLP message)
without threading a connection through every call.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._current: ContextVar[sqlite3.Connection | None] = ContextVar(f"db:{path}", default=None)

    def connect(self) -> sqlite3.Connection:
        """A new connection in autocommit mode; writes go through `transaction()`."""
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def create_schema(self) -> None:
        """Run every `schema/NN_<area>.sql` in name order (each area owns its own file)."""
        folder = resources.files("reference_portal").joinpath("schema")
        scripts = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".sql")), key=lambda e: e.name)
        conn = self.connect()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            for script in scripts:
                conn.executescript(script.read_text(encoding="utf-8"))
        finally:
            conn.close()

    def connection(self) -> sqlite3.Connection:
        """The current unit of work's connection, opened on first use."""
        conn = self._current.get()
        if conn is None:
            conn = self.connect()
            self._current.set(conn)
        return conn

    def release(self) -> None:
        """End the current unit of work: close its connection if one was opened."""
        conn = self._current.get()
        if conn is not None:
            self._current.set(None)
            conn.close()

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """For work outside a request (interfaces, start-up): release the connection after."""
        try:
            yield
        finally:
            self.release()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested calls join the outer one."""
        conn = self.connection()
        if conn.in_transaction:
            yield conn
            return
        # IMMEDIATE takes the write lock up front: no deadlock upgrading a read lock later.
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
