"""Keep secrets (passwords, one-time codes, activation codes, tokens) out of every artefact.

Two nets, because either alone leaks:
- by name: a parameter whose name says it is secret has its value replaced, whatever it is;
- by value: every secret the suite creates or receives is registered, and any text written to
  the archive (Allure results, attachments, junit, summary) has those values replaced.
Allure's own "masked" parameter mode is not used: it still writes the value (TOOLCHAIN.md).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "******"

_SECRET_NAME_PARTS = (
    "password",
    "passcode",
    "passphrase",
    "otp",
    "one_time",
    "activation",
    "access_code",
    "verification",
    "token",
    "secret",
    "pin",
)
_SECRET_EXACT_NAMES = ("code",)
# A registered value shorter than this would mask ordinary words; secrets are longer.
_MIN_SECRET_LENGTH = 4


def is_secret_name(name: str) -> bool:
    """True when a parameter with this name holds a secret (case-insensitive)."""
    lowered = name.strip().lower().replace("-", "_").replace(" ", "_")
    return lowered in _SECRET_EXACT_NAMES or any(part in lowered for part in _SECRET_NAME_PARTS)


class SecretRegistry:
    """The secret values seen in this process; thread-safe, shared by the whole run."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def register(self, value: str | None) -> str | None:
        """Remember a secret value (and its compact form) and return it unchanged."""
        if value and len(value) >= _MIN_SECRET_LENGTH:
            # as typed, compact, and as a form post or URL carries it (a trace keeps the POST body)
            variants = {value, value.replace("-", "").replace(" ", ""), quote_plus(value), quote(value, safe="")}
            with self._lock:
                new = {v for v in variants if len(v) >= _MIN_SECRET_LENGTH} - self._values
                if new:
                    self._values |= new
                    self._pattern = None
        return value

    def register_all(self, values: Iterable[str]) -> None:
        for value in values:
            self.register(value)

    def values(self) -> list[str]:
        """The registered values (to hand an xdist controller what its workers saw; never to write)."""
        with self._lock:
            return sorted(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def mask_text(self, text: str) -> str:
        """Replace every registered secret in the text with the mask."""
        pattern = self._compiled()
        return pattern.sub(MASK, text) if pattern else text

    def _compiled(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._values:
                longest_first = sorted(self._values, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(v) for v in longest_first))
            return self._pattern


SECRETS = SecretRegistry()


def mask_value(name: str, value: str, registry: SecretRegistry = SECRETS) -> str:
    """The value as it may be written: masked whole if the name is secret, else scrubbed."""
    return MASK if is_secret_name(name) else registry.mask_text(value)


def mask_allure_document(document: Any, registry: SecretRegistry = SECRETS) -> Any:
    """Mask an Allure result or container (as a JSON-ready dict) recursively.

    Parameters (`{"name": ..., "value": ...}` entries) are masked by name; every string,
    step names and status messages included, is scrubbed of registered values.
    """
    if isinstance(document, dict):
        masked = {key: mask_allure_document(item, registry) for key, item in document.items()}
        if isinstance(masked.get("name"), str) and "value" in masked and is_secret_name(masked["name"]):
            masked["value"] = MASK
        return masked
    if isinstance(document, list):
        return [mask_allure_document(item, registry) for item in document]
    if isinstance(document, str):
        return registry.mask_text(document)
    return document


def mask_bytes(body: bytes, registry: SecretRegistry = SECRETS) -> bytes:
    """Scrub a text attachment; binary content (images, zips) is returned as it is."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body
    return registry.mask_text(text).encode("utf-8")


def secret_name_words() -> frozenset[str]:
    """The words that make a name secret (`password`, `one_time`, `code`, ...), for `scan` to match whole words."""
    return frozenset(_SECRET_NAME_PARTS + _SECRET_EXACT_NAMES)
