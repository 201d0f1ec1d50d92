"""The translation layer (DEM-03): English and Spanish pages and notifications.

Texts are keyed by their English wording (messages.py and the templates), so English is exactly
what the code says. `translate(text, lang)` returns the catalogue's wording for the language, or
the English text when the catalogue has none. Catalogues live in `translations/<lang>.py`.
Each account's language is stored with the account; before sign-in a cookie carries it.
"""

from __future__ import annotations

import importlib
from functools import cache

from reference_portal.clock import Clock
from reference_portal.database import Database
from reference_portal.services.accounts import Account
from reference_portal.timestamps import to_iso

ENGLISH = "en"
SPANISH = "es"
# Language code -> its own name, as shown in the language control.
LANGUAGES = {ENGLISH: "English", SPANISH: "Español"}
DEFAULT_LANGUAGE = ENGLISH


def supported(lang: str | None) -> str | None:
    """The language code when the portal speaks it, else None."""
    code = (lang or "").strip().lower()[:2]
    return code if code in LANGUAGES else None


@cache
def catalogue(lang: str) -> dict[str, str]:
    """English text -> the language's text (empty for English)."""
    if lang == ENGLISH or lang not in LANGUAGES:
        return {}
    module = importlib.import_module(f"reference_portal.translations.{lang}")
    entries: dict[str, str] = module.CATALOGUE
    # Keys are looked up with their white space made single, like the templates' texts.
    return {**entries, **{" ".join(key.split()): value for key, value in entries.items()}}


def translate(text: str, lang: str) -> str:
    """The text in `lang`; unknown texts stay as they are (never an empty page).

    Keys are the English text with runs of white space made single, so a template's line breaks
    do not matter; English comes back exactly as given."""
    if lang == ENGLISH:
        return text
    entries = catalogue(lang)
    found = entries.get(text)
    if found is None:
        found = entries.get(" ".join(text.split()))
    return text if found is None else found


class LanguagePreferences:
    """Which language each account reads the portal and its notifications in."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def of(self, account: Account) -> str | None:
        row = (
            self._database.connection()
            .execute("SELECT language FROM account_languages WHERE account_id = ?", (account.id,))
            .fetchone()
        )
        return supported(row["language"]) if row else None

    def choose(self, account: Account, lang: str) -> None:
        code = supported(lang)
        if code is None:
            raise ValueError(f"Unsupported language {lang!r}.")
        with self._database.transaction() as conn:
            conn.execute(
                "INSERT INTO account_languages (account_id, language, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (account_id) DO UPDATE SET language = excluded.language,"
                " updated_at = excluded.updated_at",
                (account.id, code, to_iso(self._clock.now())),
            )

    def for_address(self, address: str) -> str:
        """The language of the person behind an email address, looked up when a notice is sent:
        the account with that sign-in email, or whose record has it as the contact email."""
        row = (
            self._database.connection()
            .execute(
                "SELECT l.language FROM account_languages l JOIN accounts a ON a.id = l.account_id"
                " LEFT JOIN patients p ON p.id = a.patient_id"
                " WHERE lower(a.email) = lower(?) OR lower(p.email) = lower(?) ORDER BY l.updated_at DESC LIMIT 1",
                (address, address),
            )
            .fetchone()
        )
        return (supported(row["language"]) if row else None) or DEFAULT_LANGUAGE
