"""Upgrade continuity (UPG): the data a scenario makes before an upgrade, and checks after it.

Without a baseline a UPG scenario is its *before* half: its Given steps make the data through the
portal's interfaces and keep what a person should see later (`Continuity.data`); its last Then
step, once everything read back as expected, records that in the run archive's
`continuity.json`. Given `portal-harness run --baseline RUN`, it is the *after* half: the same
steps read the baseline's record instead of making data, rebuild the baseline's people from
its seed (so no password is ever written down), and the Then steps check the upgraded portal
still shows all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from data.people import Clinic, People, Person
from portal_harness import continuity


@dataclass
class Continuity:
    people: People
    before: bool
    data: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Continuity({'before' if self.before else 'after'} the upgrade)"

    @property
    def half(self) -> str:
        return "before" if self.before else "after"

    def carry(self, person: Person) -> None:
        """Keep what it takes to rebuild the person after the upgrade (never their password)."""
        clinic = person.clinic
        carried = self.data.setdefault("people", {})
        carried[person.name] = {
            "patient_id": person.patient_id,
            "clinic": {"name": clinic.name, "id": clinic.id, "timezone": clinic.timezone} if clinic else None,
        }

    def carried_person(self, name: str) -> Person:
        """Before: the scenario's person. After: the baseline's person, rebuilt from its seed."""
        if self.before:
            return self.people[name]
        known = self.data.get("people", {}).get(name)
        if known is None:
            raise continuity.ContinuityError(f"The baseline carried no person called {name} across the upgrade.")
        return self.people.rebuild(
            name,
            seed=int(self.data["seed"]),
            run_tag=str(self.data["run_tag"]),
            patient_id=known["patient_id"],
            clinic=Clinic(**known["clinic"]) if known["clinic"] else None,
        )

    def commit(self) -> None:
        """Record the before half's data, once everything read back as expected."""
        scenario = self.people.scenario
        if self.before and scenario.run_dir is not None:
            continuity.record(scenario.run_dir, scenario.scenario_id, self.data)


def open_continuity(people: People) -> Continuity:
    """The before half without a baseline, else the after half with the baseline's record."""
    scenario = people.scenario
    if scenario.baseline_dir is None:
        return Continuity(people, before=True, data={"seed": scenario.seed, "run_tag": scenario.run_tag})
    return Continuity(people, before=False, data=continuity.recorded(scenario.baseline_dir, scenario.scenario_id))
