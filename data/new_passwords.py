"""Passwords a patient might choose at enrollment, by kind (NIST 800-63B: length and a breached list,
no composition rules). Each is a registered secret: it never appears in clear in a report.
"""

from __future__ import annotations

from data.people import People
from portal_harness.masking import SECRETS

TOO_SHORT = "a password one character shorter than the minimum"
EXACTLY_MINIMUM = "a password of exactly the minimum length"
COMMON = "a well-known common password"
PASSPHRASE = "a long passphrase of plain words"
PASSWORD_KINDS = (TOO_SHORT, EXACTLY_MINIMUM, COMMON, PASSPHRASE)

# From public breached-password lists (top of every list); the portal's own list is not read.
WELL_KNOWN_COMMON = ("password123", "qwerty123", "123456789", "password1", "iloveyou1", "11111111")
PASSPHRASE_WORDS = 5


def new_password(people: People, kind: str, minimum: int) -> str:
    """A fresh password of that kind for the organisation's minimum length."""
    fake = people.fake
    if kind == TOO_SHORT:
        password = fake.password(length=minimum - 1, special_chars=False)
    elif kind == EXACTLY_MINIMUM:
        password = fake.password(length=minimum, special_chars=False)
    elif kind == COMMON:
        long_enough = [word for word in WELL_KNOWN_COMMON if len(word) >= minimum]
        if not long_enough:
            raise ValueError(f"No well-known common password has {minimum}+ characters: add one to WELL_KNOWN_COMMON.")
        password = fake.random_element(long_enough)
    elif kind == PASSPHRASE:
        password = " ".join(fake.words(PASSPHRASE_WORDS, unique=True))
        while len(password) < max(minimum, 20):
            password += " " + fake.word()
    else:
        raise ValueError(f"Unknown kind of password {kind!r}: use one of {', '.join(PASSWORD_KINDS)}.")
    return str(SECRETS.register(password))
