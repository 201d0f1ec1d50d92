"""What one test run created on a shared portal, found by its run tag, listed or deleted.

A test run marks everything it creates with its tag (the last part of its run id, e.g. `k3f9`;
its retry pass uses `k3f9r2`): clinic codes end in `-K3F9`, usernames in `.k3f9`, MRNs are
`MRN` + 10 digits + `K3F9`, HL7 control ids `LAB` + 10 digits + `K3F9` (7 digits before
harness 2026-11-27, still recognised so older runs can be cleaned). Those are the seeds;
every row that refers to a seed, directly or through other rows (foreign keys), belongs to the
run too: its patients' results, messages, proxies, sessions. Nothing else is touched, so other
people's data on the same portal survives a cleanup.

The audit log is append-only (AUD-01), so a cleanup keeps it, and with it the rows its entries
refer to (the run's clinics and patient records): they are reported as kept. Everything else of
the run goes: accounts (nobody can sign in as the run's people any more), staff, sessions,
results, messages, proxies.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from reference_portal.database import Database
from reference_portal.services.errors import RefusedError

APPEND_ONLY = frozenset({"audit_log"})
_TAG = re.compile(r"^[a-z0-9]{2,12}$")
_DIGIT_RUNS = ("[0-9]" * 10, "[0-9]" * 7)  # today's width first, then the older one
_CHUNK = 500


@dataclass(frozen=True)
class RunRecord:
    kind: str
    public_id: str
    label: str  # an identifier (clinic code, MRN, username), never a secret


@dataclass(frozen=True)
class RunRecords:
    tag: str
    records: list[RunRecord]
    rows: dict[str, int]  # per table, the run's rows a cleanup deletes (seeds and what hangs off them)
    kept: dict[str, int]  # per table, the run's rows a cleanup keeps: the audit log and what it refers to


def _tagged(prefix: str) -> tuple[str, ...]:
    """GLOB patterns for `prefix` + a run of digits + the tag, with or without a retry suffix."""
    return tuple(f"{prefix}{digits}{{TAG}}{retry}" for digits in _DIGIT_RUNS for retry in ("", "R[0-9]"))


# kind -> (table, id column, label column, GLOB patterns with {TAG} / {tag})
_SEEDS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "clinic": ("clinics", "public_id", "code", ("*-{TAG}", "*-{TAG}R[0-9]")),
    "patient": ("patients", "public_id", "mrn", _tagged("MRN")),
    "account": ("accounts", "public_id", "username_key", ("*.{tag}", "*.{tag}r[0-9]")),
    "staff": ("staff", "public_id", "username_key", ("*.{tag}", "*.{tag}r[0-9]")),
    # the interface log: control ids are a sender prefix, digits and the tag (LAB1234567890K3F9)
    "hl7-message": ("hl7_messages", "control_id", "control_id", _tagged("[A-Z][A-Z][A-Z]")),
}


class RunRecordService:
    def __init__(self, database: Database) -> None:
        self._database = database

    def find(self, tag: str) -> RunRecords:
        conn = self._database.connection()
        records, seeds = self._seeds(conn, _checked(tag))
        deletable, kept = _split(conn, _closure(conn, seeds))
        return RunRecords(tag, records, _counts(deletable), _counts(kept))

    def delete(self, tag: str) -> RunRecords:
        """Delete the run's rows in one transaction; foreign keys are checked at its end."""
        with self._database.transaction() as conn:
            records, seeds = self._seeds(conn, _checked(tag))
            deletable, kept = _split(conn, _closure(conn, seeds))
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for table, ids in deletable.items():
                for chunk in _chunks(sorted(ids)):
                    conn.execute(f"DELETE FROM {table} WHERE rowid IN ({_marks(chunk)})", chunk)
        return RunRecords(tag, records, _counts(deletable), _counts(kept))

    @staticmethod
    def _seeds(conn: sqlite3.Connection, tag: str) -> tuple[list[RunRecord], dict[str, set[int]]]:
        records: list[RunRecord] = []
        seeds: dict[str, set[int]] = {}
        for kind, (table, id_column, column, patterns) in _SEEDS.items():
            globs = [p.replace("{TAG}", tag.upper()).replace("{tag}", tag) for p in patterns]
            where = " OR ".join(f"{column} GLOB ?" for _ in globs)
            for row in conn.execute(f"SELECT rowid, {id_column}, {column} FROM {table} WHERE {where}", globs):
                records.append(RunRecord(kind, row[1], row[2]))
                seeds.setdefault(table, set()).add(row[0])
        return records, seeds


def _checked(tag: str) -> str:
    if not _TAG.fullmatch(tag):
        raise RefusedError.because("A run tag is 2 to 12 lowercase letters and digits (the run id's last part).", "tag")
    return tag


def _closure(conn: sqlite3.Connection, seeds: dict[str, set[int]]) -> dict[str, set[int]]:
    """The seeds and every row that refers to one of them, directly or through other such rows."""
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    tables = [name for name in tables if not name.startswith("sqlite_")]
    references = {child: _foreign_keys(conn, child) for child in tables}
    found: dict[str, set[int]] = {table: set(ids) for table, ids in seeds.items()}
    queue = list(seeds.items())
    while queue:
        parent, ids = queue.pop()
        for child, keys in references.items():
            for referenced, column, to in keys:
                if referenced != parent:
                    continue
                values = list(ids) if to in (None, "id") else _column_values(conn, parent, to, ids)
                new: set[int] = set()
                for chunk in _chunks(values):
                    query = f"SELECT rowid FROM {child} WHERE {column} IN ({_marks(chunk)})"
                    new.update(row[0] for row in conn.execute(query, chunk))
                new -= found.setdefault(child, set())
                if new:
                    found[child] |= new
                    queue.append((child, new))
    return found


def _split(conn: sqlite3.Connection, rows: dict[str, set[int]]) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """(deletable, kept): append-only rows are kept, and so is every run row a kept row refers to."""
    kept = {table: set(ids) for table, ids in rows.items() if table in APPEND_ONLY}
    queue = list(kept.items())
    while queue:
        child, ids = queue.pop()
        for referenced, column, to in _foreign_keys(conn, child):
            candidates = rows.get(referenced, set()) - kept.get(referenced, set())
            if not candidates:
                continue
            values = set(_column_values(conn, child, column, ids))
            key = "rowid" if to in (None, "id") else to
            new = {rowid for rowid in candidates if _value_of(conn, referenced, key, rowid) in values}
            if new:
                kept.setdefault(referenced, set()).update(new)
                queue.append((referenced, new))
    deletable = {table: ids - kept.get(table, set()) for table, ids in rows.items()}
    return deletable, kept


def _foreign_keys(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, str | None]]:
    return [(fk[2], fk[3], fk[4]) for fk in conn.execute(f"PRAGMA foreign_key_list({table})")]


def _value_of(conn: sqlite3.Connection, table: str, column: str, rowid: int) -> object:
    row = conn.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
    return row[0] if row else None


def _counts(rows: dict[str, set[int]]) -> dict[str, int]:
    return {table: len(ids) for table, ids in sorted(rows.items()) if ids}


def _column_values(conn: sqlite3.Connection, table: str, column: str, rowids: Iterable[int]) -> list[object]:
    values: list[object] = []
    for chunk in _chunks(list(rowids)):
        query = f"SELECT {column} FROM {table} WHERE rowid IN ({_marks(chunk)})"
        values += [row[0] for row in conn.execute(query, chunk)]
    return values


def _chunks(values: list[object] | list[int]) -> list[list[object]]:
    items = list(values)
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _marks(values: list[object]) -> str:
    return ", ".join("?" for _ in values)
