"""Password rules (NIST 800-63B): a minimum length, not on a common/breached list, no composition rules."""

from __future__ import annotations

from functools import cache
from importlib import resources

from werkzeug.security import check_password_hash, generate_password_hash

from reference_portal import messages
from reference_portal.services.errors import Problem
from reference_portal.settings import Settings


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("reference_portal").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))


class PasswordPolicy:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._decoy_hash: str | None = None

    def problems(self, password: str, *, username: str = "", field: str = "password") -> list[Problem]:
        """Why this password is refused; empty when it is acceptable."""
        minimum, maximum = self._settings.password_min_length, self._settings.password_max_length
        if not password:
            return [Problem(messages.PASSWORD_MISSING, field)]
        if len(password) < minimum:
            return [Problem(messages.PASSWORD_TOO_SHORT.format(minimum=minimum), field)]
        if len(password) > maximum:
            return [Problem(messages.PASSWORD_TOO_LONG.format(maximum=maximum), field)]
        if password.casefold() in common_passwords():
            return [Problem(messages.PASSWORD_TOO_COMMON, field)]
        if username and password.casefold() == username.casefold():
            return [Problem(messages.PASSWORD_IS_USERNAME, field)]
        return []

    def hash(self, password: str) -> str:
        return generate_password_hash(password, method=self._settings.password_hash_method)

    def verify(self, password_hash: str, password: str) -> bool:
        return check_password_hash(password_hash, password)

    def spend_equal_time(self, password: str) -> None:
        """Check a decoy hash, so an unknown username takes as long as a wrong password."""
        if self._decoy_hash is None:
            self._decoy_hash = self.hash("decoy password for timing")
        check_password_hash(self._decoy_hash, password)
