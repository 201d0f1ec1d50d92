"""The named people of the features. Each is built fresh per scenario; the name is only a label.

Maria, adult patient · Leo, 15, Maria's son · Ana, home-health nurse at a partner facility.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.providers import AgeBand


@dataclass(frozen=True)
class Persona:
    name: str
    description: str
    age_band: AgeBand
    sex: str


PERSONAS: dict[str, Persona] = {
    persona.name: persona
    for persona in (
        Persona("Maria", "adult patient", "adult", "F"),
        Persona("Leo", "15-year-old patient, Maria's son", "adolescent", "M"),
        Persona("Sam", "7-year-old patient, Maria's daughter", "child", "F"),
        Persona("George", "older adult patient", "older adult", "M"),
        Persona("Ana", "home-health nurse at a partner facility", "adult", "F"),
        Persona("Carlos", "adult, Maria's partner (an adult proxy)", "adult", "M"),
        Persona("Rosa", "older adult, Maria's mother", "older adult", "F"),
        Persona("Daniel", "adult with an intellectual disability, in a legal guardian's care", "adult", "M"),
        Persona("Ivan", "adult patient of another family", "adult", "M"),
        Persona("Lucia", "adult patient who writes in Spanish", "adult", "F"),
    )
}


def persona(name: str) -> Persona:
    try:
        return PERSONAS[name]
    except KeyError:
        known = ", ".join(PERSONAS)
        raise KeyError(f"No persona '{name}' in data/personas.py: use one of {known} or add it there.") from None


# Staff roles as people say them in the features -> the portal's role names.
STAFF_ROLES: dict[str, str] = {
    "front desk clerk": "front-desk",
    "support agent": "support",
    "nurse": "nurse",
    "billing specialist": "billing",
    "pharmacist": "pharmacy",
    "supervisor": "supervisor",
    "portal administrator": "administrator",
    "doctor": "provider",
}


def staff_role(words: str) -> str:
    try:
        return STAFF_ROLES[words]
    except KeyError:
        known = ", ".join(STAFF_ROLES)
        raise KeyError(f"No staff role '{words}' in data/personas.py: use one of {known}.") from None
