"""Message attachments: allowed types (by name AND by content signature) and the size limit (MSG-07).

A file is accepted only when its extension is allowed and its first bytes are what that type
must start with, so a renamed executable is refused. Files are kept in the database with their
SHA-256, and only ever served back with the content type checked at upload.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from reference_portal import messages
from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.ids import new_public_id
from reference_portal.services.errors import NotFoundError, Problem, RefusedError
from reference_portal.settings import Settings
from reference_portal.timestamps import from_iso, to_iso

ATTACHMENT_FIELD = "attachment"


@dataclass(frozen=True)
class FileType:
    extension: str
    aliases: tuple[str, ...]
    content_type: str
    signature: bytes
    label: str


FILE_TYPES: tuple[FileType, ...] = (
    FileType("pdf", (), "application/pdf", b"%PDF-", "PDF"),
    FileType("jpg", ("jpeg",), "image/jpeg", b"\xff\xd8\xff", "JPG"),
    FileType("png", (), "image/png", b"\x89PNG\r\n\x1a\n", "PNG"),
)


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class Attachment:
    id: int
    public_id: str
    message_id: int
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_at: datetime

    @property
    def size_label(self) -> str:
        return describe_size(self.size_bytes)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Attachment:
        return cls(
            row["id"],
            row["public_id"],
            row["message_id"],
            row["filename"],
            row["content_type"],
            row["size_bytes"],
            row["sha256"],
            from_iso(row["uploaded_at"]),
        )


class AttachmentService:
    def __init__(self, database: Database, clock: Clock, settings: Settings) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings

    # --- rules -----------------------------------------------------------------------------
    def allowed_types(self) -> tuple[FileType, ...]:
        return tuple(kind for kind in FILE_TYPES if kind.extension in self._settings.attachment_types)

    def hint(self) -> str:
        limit = describe_size(self._settings.attachment_max_bytes)
        return messages.ATTACHMENT_HINT.format(types=self._type_list(), size=limit)

    def check(self, upload: Upload) -> FileType:
        """The file's type when it may be attached; refused (on the attachment field) otherwise."""
        problem = self.type_problem(upload)
        if problem is None:
            problem = self.size_problem(len(upload.content))
        if problem is not None:
            raise RefusedError(problem)
        kind = self._kind_of(upload.filename)
        assert kind is not None
        return kind

    def type_problem(self, upload: Upload) -> Problem | None:
        kind = self._kind_of(upload.filename)
        if not upload.content:
            return Problem(messages.ATTACHMENT_EMPTY, ATTACHMENT_FIELD, "attachment-empty")
        if kind is None or not upload.content.startswith(kind.signature):
            return Problem(self._wrong_type_message(), ATTACHMENT_FIELD, "attachment-type")
        return None

    def size_problem(self, size: int) -> Problem | None:
        """Up to and including the limit is fine; one byte more is refused."""
        limit = self._settings.attachment_max_bytes
        return self.too_large_problem() if size > limit else None

    def too_large_problem(self) -> Problem:
        """Also for a request too large to read at all."""
        limit = describe_size(self._settings.attachment_max_bytes)
        return Problem(messages.ATTACHMENT_TOO_LARGE.format(size=limit), ATTACHMENT_FIELD, "attachment-size")

    def _wrong_type_message(self) -> str:
        return messages.ATTACHMENT_WRONG_TYPE.format(types=self._type_list())

    def _type_list(self) -> str:
        """ "PDF, JPG or PNG"."""
        labels = [kind.label for kind in self.allowed_types()]
        return ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else "".join(labels)

    def _kind_of(self, filename: str) -> FileType | None:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        for kind in self.allowed_types():
            if extension == kind.extension or extension in kind.aliases:
                return kind
        return None

    # --- storage ---------------------------------------------------------------------------
    def store(self, conn: sqlite3.Connection, message_id: int, upload: Upload, kind: FileType) -> str:
        """Save a checked upload with its message (inside the caller's transaction)."""
        public_id = new_public_id("att")
        conn.execute(
            "INSERT INTO attachments (public_id, message_id, filename, content_type, size_bytes, sha256, content,"
            " uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                public_id,
                message_id,
                safe_filename(upload.filename, kind),
                kind.content_type,
                len(upload.content),
                hashlib.sha256(upload.content).hexdigest(),
                upload.content,
                to_iso(self._clock.now()),
            ),
        )
        return public_id

    def for_messages(self, message_ids: list[int]) -> dict[int, list[Attachment]]:
        if not message_ids:
            return {}
        marks = ", ".join("?" for _ in message_ids)
        rows = (
            self._database.connection()
            .execute(
                "SELECT id, public_id, message_id, filename, content_type, size_bytes, sha256, uploaded_at"
                f" FROM attachments WHERE message_id IN ({marks}) ORDER BY id",
                message_ids,
            )
            .fetchall()
        )
        found: dict[int, list[Attachment]] = {}
        for row in rows:
            found.setdefault(row["message_id"], []).append(Attachment.from_row(row))
        return found

    def get(self, public_id: str) -> Attachment:
        row = (
            self._database.connection()
            .execute(
                "SELECT id, public_id, message_id, filename, content_type, size_bytes, sha256, uploaded_at"
                " FROM attachments WHERE public_id = ?",
                (public_id,),
            )
            .fetchone()
        )
        if row is None:
            raise NotFoundError(f"No attachment with id {public_id}.")
        return Attachment.from_row(row)

    def content(self, attachment: Attachment) -> bytes:
        row = (
            self._database.connection()
            .execute("SELECT content FROM attachments WHERE id = ?", (attachment.id,))
            .fetchone()
        )
        return bytes(row["content"])


def safe_filename(filename: str, kind: FileType) -> str:
    """The base name only, plain characters, with the type's own extension."""
    base = re.split(r"[\\/]", filename)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[^A-Za-z0-9 ._-]+", "_", stem).strip(" ._") or "attachment"
    extension = base.rsplit(".", 1)[-1].lower() if "." in base else kind.extension
    return f"{stem[:100]}.{extension}"


def describe_size(size: int) -> str:
    """Sizes as people read them: 10 MB, 512 KB (binary units, like the limit itself)."""
    mebibyte, kibibyte = 1024 * 1024, 1024
    if size >= mebibyte:
        value = size / mebibyte
        return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"
    if size >= kibibyte:
        return f"{size / kibibyte:.0f} KB"
    return f"{size} bytes"
