"""Finding the registered patient a person says they are (name and date of birth).

Used by self-enrollment (staff see the likely record to verify against) and by requests for a
new activation code (routed to the matching patient's clinic). This is the hook for duplicate
detection (DEM-04): a smarter matcher (nicknames, typos, swapped names) replaces `candidates`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reference_portal import messages
from reference_portal.database import Database
from reference_portal.services.errors import Problem
from reference_portal.services.patients import Patient
from reference_portal.services.validation import parse_iso_date

EARLIEST_BIRTH_YEAR = 1900
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class IdentityClaim:
    """Who someone says they are, as typed on a public form."""

    first_name: str
    last_name: str
    date_of_birth: date


def read_claim(
    first_name: str, last_name: str, birth_text: str, today: date
) -> tuple[IdentityClaim | None, list[Problem]]:
    """Check the name and date-of-birth fields of a public form (fields first_name, last_name, date_of_birth)."""
    problems: list[Problem] = []
    first, last = " ".join(first_name.split()), " ".join(last_name.split())
    if not first:
        problems.append(Problem(messages.FIRST_NAME_MISSING, "first_name"))
    elif len(first) > MAX_NAME_LENGTH:
        problems.append(Problem(f"Your first name must be {MAX_NAME_LENGTH} characters or fewer", "first_name"))
    if not last:
        problems.append(Problem(messages.LAST_NAME_MISSING, "last_name"))
    elif len(last) > MAX_NAME_LENGTH:
        problems.append(Problem(f"Your last name must be {MAX_NAME_LENGTH} characters or fewer", "last_name"))
    birth = parse_iso_date(birth_text)
    if not birth_text.strip():
        problems.append(Problem(messages.DATE_OF_BIRTH_MISSING, "date_of_birth"))
    elif birth is None or birth.year < EARLIEST_BIRTH_YEAR:
        problems.append(Problem(messages.DATE_OF_BIRTH_INVALID, "date_of_birth"))
    elif birth > today:
        problems.append(Problem(messages.DATE_OF_BIRTH_IN_FUTURE, "date_of_birth"))
    if problems or birth is None:
        return None, problems
    return IdentityClaim(first, last, birth), []


class PatientMatcher:
    def __init__(self, database: Database) -> None:
        self._database = database

    def candidates(self, claim: IdentityClaim) -> list[Patient]:
        """Registered patients with this name (any case, surrounding spaces ignored) and date of birth."""
        rows = (
            self._database.connection()
            .execute(
                "SELECT * FROM patients WHERE date_of_birth = ? AND lower(trim(first_name)) = ?"
                " AND lower(trim(last_name)) = ? ORDER BY id",
                (claim.date_of_birth.isoformat(), _key(claim.first_name), _key(claim.last_name)),
            )
            .fetchall()
        )
        return [Patient.from_row(row) for row in rows]

    def single_match(self, claim: IdentityClaim) -> Patient | None:
        """The one patient the claim names; None when none or several match (staff decide)."""
        found = self.candidates(claim)
        return found[0] if len(found) == 1 else None


def _key(name: str) -> str:
    return " ".join(name.split()).lower()
