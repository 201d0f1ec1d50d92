"""Partner organisations under an MOU (home health, ICF homes), built through the admin API.

MOU dates are calendar days at the organisation's clinic; the end date is the last valid day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from data.people import People, Person

# What people call a function in the features -> the portal's MOU function names.
FUNCTIONS = {
    "test results": "results",
    "medications": "medications",
    "allergies": "allergies",
    "immunizations": "immunizations",
    "health problems": "problems",
    "vital signs": "vitals",
    "care team": "health-summary",
    "appointments": "scheduling",
}


@dataclass
class PartnerOrganisation:
    name: str
    id: str
    clinic_name: str
    timezone: str
    mou_id: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    functions: tuple[str, ...] = ()
    users: dict[str, str] = field(default_factory=dict)  # persona name -> partner user id

    def __repr__(self) -> str:
        return f"PartnerOrganisation({self.name!r})"


class Partners:
    """The scenario's partner organisations by name (names need not be unique in the portal)."""

    def __init__(self, people: People) -> None:
        self.people = people
        self._organisations: dict[str, PartnerOrganisation] = {}

    def __repr__(self) -> str:
        return f"Partners({', '.join(self._organisations) or 'none yet'})"

    def __getitem__(self, name: str) -> PartnerOrganisation:
        try:
            return self._organisations[name]
        except KeyError:
            raise KeyError(f"No partner organisation {name} in this scenario: a Given step must create it.") from None

    def clinic_today(self, clinic_name: str) -> date:
        clinic = self.people.clinic(clinic_name)
        return self.people.scenario.api.clock_now().astimezone(ZoneInfo(clinic.timezone)).date()

    def with_agreement(
        self, name: str, clinic_name: str, functions: list[str], *, ends_in_days: int = 365
    ) -> PartnerOrganisation:
        """An organisation of the clinic with an MOU that started a month ago and ends `ends_in_days` from today."""
        api = self.people.scenario.api
        clinic = self.people.clinic(clinic_name)
        created = api.request(
            "POST", "/api/admin/partner-organizations", {"name": name, "clinic_id": clinic.id, "kind": "home-health"}
        )
        organisation = PartnerOrganisation(name, created["id"], clinic_name, clinic.timezone)
        today = self.clinic_today(clinic_name)
        organisation.starts_on, organisation.ends_on = today - timedelta(days=30), today + timedelta(days=ends_in_days)
        organisation.functions = tuple(FUNCTIONS[words] for words in functions)
        mou = api.request(
            "POST",
            "/api/admin/mous",
            {
                "organization_id": organisation.id,
                "starts_on": organisation.starts_on.isoformat(),
                "ends_on": organisation.ends_on.isoformat(),
                "functions": list(organisation.functions),
            },
        )
        organisation.mou_id = mou["id"]
        self._organisations[name] = organisation
        return organisation

    def attribute(self, organisation: PartnerOrganisation, patient: Person) -> None:
        self.people.scenario.api.request(
            "POST", f"/api/admin/mous/{organisation.mou_id}/attributions", {"patient_id": patient.patient_id}
        )

    def add_user(self, organisation: PartnerOrganisation, person: Person) -> None:
        """A partner user account for the person (their persona's username, password and email)."""
        if person.name in organisation.users:
            return
        created = self.people.scenario.api.request(
            "POST",
            "/api/admin/partner-users",
            {
                "organization_id": organisation.id,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "username": person.username,
                "password": person.password,
                "email": person.email,
            },
        )
        organisation.users[person.name] = created["id"]

    def deactivate(self, organisation: PartnerOrganisation) -> None:
        self.people.scenario.api.request("POST", f"/api/admin/partner-organizations/{organisation.id}/deactivate")


def in_words(functions: str) -> list[str]:
    """'test results and appointments' / 'medications, allergies and appointments' -> the list of words."""
    parts = [part.strip() for chunk in functions.split(" and ") for part in chunk.split(",")]
    unknown = [part for part in parts if part not in FUNCTIONS]
    if unknown:
        raise ValueError(f"Unknown MOU function(s) {unknown}: use some of {', '.join(FUNCTIONS)}.")
    return parts
