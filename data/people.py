"""The people and clinics one scenario creates through the portal's admin API.

Secrets (passwords, activation and one-time codes) are registered with the harness's masking
and kept out of every repr, because Allure records step arguments.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from faker import Faker
from playwright.sync_api import Page

from data.personas import persona
from data.providers import PortalProvider
from data.web_forms import FormPostError, landed_on, post_form
from portal_harness.masking import SECRETS
from portal_harness.scenario import ScenarioContext, scenario_seed
from portal_harness.totp import one_time_code_for

DEFAULT_CLINIC_TIMEZONE = "America/Chicago"
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def run_clinic_code(name: str, run_tag: str) -> str:
    """`EC-7KQ2-K3F9`: the clinic's initials, a random part, and the run's tag last.

    The clinic's name is what the features say ("Eastside Clinic"), so the code is where a clinic
    carries the run that created it: `cleanup` finds a run's clinics by it on a shared portal.
    """
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", name)).upper()[:4] or "C"
    return f"{initials}-{''.join(secrets.choice(_CODE_ALPHABET) for _ in range(4))}-{run_tag.upper()}"


@dataclass
class Clinic:
    name: str
    id: str
    timezone: str


@dataclass
class Person:
    """A synthetic patient; `name` is the persona label used in the features."""

    name: str
    first_name: str
    last_name: str
    date_of_birth: date
    email: str
    phone: str
    mrn: str
    username: str
    password: str = field(repr=False)
    clinic: Clinic | None = None
    patient_id: str | None = None
    activation_code: str | None = field(default=None, repr=False)
    _page: Page | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return f"Person({self.name!r}, {self.first_name} {self.last_name})"

    @property
    def full_name(self) -> str:
        """The name as the portal shows it ('Maria Estes'); a last name alone can be an everyday word ('Page')."""
        return f"{self.first_name} {self.last_name}"


@dataclass
class StaffMember:
    """A clinic staff member (nurse, support, administrator...) with a staff-console account."""

    name: str
    first_name: str
    last_name: str
    role: str
    username: str
    password: str = field(repr=False)
    clinic: Clinic | None = None
    staff_id: str | None = None
    _page: Page | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return f"StaffMember({self.name!r}, {self.role})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class People:
    """`people["Maria"]`: the scenario's Maria, built on first use."""

    def __init__(self, scenario: ScenarioContext) -> None:
        self.scenario = scenario
        self.faker = scenario.faker
        if not any(isinstance(p, PortalProvider) for p in self.faker.providers):
            self.faker.add_provider(PortalProvider)
        self.fake: Any = self.faker  # the same Faker, typed loosely for the domain providers
        self._people: dict[str, Person] = {}
        self._clinics: dict[str, Clinic] = {}
        self._staff: dict[str, StaffMember] = {}

    def __repr__(self) -> str:
        return f"People({', '.join(self._people) or 'none yet'})"

    def __getitem__(self, name: str) -> Person:
        if name not in self._people:
            self._people[name] = self._build(name)
        return self._people[name]

    def faker_for(self, name: str, seed: int | None = None) -> Any:
        """A Faker of the person's own, seeded from the scenario's seed and the name.

        So a person is the same whatever else the scenario built first, and a later run given the
        same seed, scenario and run tag (an upgrade's *after* half) rebuilds the same people.
        """
        fake = Faker("en_US")
        fake.add_provider(PortalProvider)
        fake.seed_instance(scenario_seed(self.scenario.seed if seed is None else seed, name))
        return fake

    def rebuild(self, name: str, *, seed: int, run_tag: str, patient_id: str | None, clinic: Clinic | None) -> Person:
        """The person exactly as an earlier run built them (its scenario seed and run tag).

        For upgrade continuity: the *after* half signs in as the people the *before* half made,
        without any password ever being written down; their clinic becomes this scenario's too.
        """
        person = self._build(name, seed=seed, run_tag=run_tag)
        person.patient_id, person.clinic = patient_id, clinic
        if clinic is not None:
            self._clinics.setdefault(clinic.name, clinic)
        self._people[name] = person
        return person

    def _build(self, name: str, *, seed: int | None = None, run_tag: str | None = None) -> Person:
        who = persona(name)
        fake = self.faker_for(name, seed)
        tag = run_tag or self.scenario.run_tag
        last_name = fake.last_name()
        username = fake.portal_username(name, tag)
        return Person(
            name=name,
            first_name=name,
            last_name=last_name,
            date_of_birth=fake.date_of_birth_in_band(who.age_band, datetime.now(UTC).date()),
            email=f"{username}@example.test",
            phone=fake.us_phone(),
            mrn=fake.mrn(tag),
            username=username,
            password=str(SECRETS.register(fake.passphrase())),
        )

    def page_of(self, person: Person | StaffMember) -> Page:
        """The person's own browser (a separate context: their own cookies and session)."""
        if person._page is None or person._page.is_closed():
            person._page = self.scenario.new_page()
        return person._page

    def new_browser_for(self, person: Person | StaffMember) -> Page:
        """A second, fresh browser for the person (e.g. another device), which becomes theirs."""
        person._page = self.scenario.new_page()
        return person._page

    # -- state built through the admin API (never by clicking) ---------------------------------
    def clinic(self, name: str, timezone: str = DEFAULT_CLINIC_TIMEZONE) -> Clinic:
        """The scenario's own clinic of that name (names need not be unique in the portal)."""
        if name not in self._clinics:
            created = self.scenario.api.create_clinic(name, timezone, run_clinic_code(name, self.scenario.run_tag))
            self._clinics[name] = Clinic(name=name, id=created["id"], timezone=timezone)
        return self._clinics[name]

    def register_patient(self, name: str, clinic_name: str) -> Person:
        person = self[name]
        clinic = self.clinic(clinic_name)
        created = self.scenario.api.register_patient(
            clinic_id=clinic.id,
            mrn=person.mrn,
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth.isoformat(),
            sex=persona(name).sex,
            email=person.email,
            phone=person.phone,
        )
        person.clinic, person.patient_id = clinic, created["id"]
        return person

    def patient_of(self, name: str, clinic_name: str) -> Person:
        """The person, checked to be a registered patient of that clinic in this scenario."""
        person = self[name]
        if person.clinic is None or person.clinic.name != clinic_name:
            raise ValueError(f"{name} is not a registered patient of {clinic_name}: register them there first.")
        return person

    def activation_code_of(self, person: Person) -> str:
        if person.activation_code is None:
            raise ValueError(f"{person.name} has no activation code: a step giving them one must come first.")
        return person.activation_code

    def give_activation_code(self, person: Person) -> str:
        if person.patient_id is None or person.clinic is None:
            raise ValueError(f"{person.name} is not a registered patient yet: add the 'registered patient' step first.")
        issued = self.scenario.api.generate_activation_code(person.patient_id, person.clinic.id)
        person.activation_code = str(SECRETS.register(issued["code"]))
        return person.activation_code

    def enroll(self, person: Person) -> None:
        """Staff-assisted enrollment with the person's code: the account exists, ready to sign in."""
        code = person.activation_code or self.give_activation_code(person)
        self.scenario.api.enroll(
            code=code,
            date_of_birth=person.date_of_birth.isoformat(),
            username=person.username,
            email=person.email,
            password=person.password,
        )

    def enrolled_patient(self, name: str, clinic_name: str) -> Person:
        """A registered patient of the clinic with an enrolled portal account (via the admin API)."""
        person = self.register_patient(name, clinic_name)
        self.enroll(person)
        return person

    def sign_in(self, person: Person) -> Page:
        """Sign the person in over HTTP in their own browser (password, then the emailed code).

        For Given steps: no clicking. The returned page shares the signed-in cookies; open the
        screen you need with a page object.
        """
        page = self.page_of(person)
        fields = {"username": person.username, "password": person.password}
        challenge = post_form(page, "/sign-in", fields)
        if landed_on(challenge) != "/sign-in/verify":
            raise FormPostError(f"{person.name} could not sign in: the portal answered with {landed_on(challenge)}.")
        signed_in = post_form(page, "/sign-in/verify", {"one_time_code": self.one_time_code(person)})
        if landed_on(signed_in) != "/home":
            raise FormPostError(
                f"{person.name}'s one-time code was refused: the portal stayed on {landed_on(signed_in)}."
            )
        return page

    # -- staff ---------------------------------------------------------------------------------
    def staff_member(self, name: str, role: str, clinic_name: str) -> StaffMember:
        """The scenario's staff member of that name: created at the clinic with the role on first use."""
        if name not in self._staff:
            fake = self.faker_for(name)
            clinic = self.clinic(clinic_name)
            member = StaffMember(
                name=name,
                first_name=name,
                last_name=fake.last_name(),
                role=role,
                username=fake.portal_username(name, self.scenario.run_tag),
                password=str(SECRETS.register(fake.passphrase())),
                clinic=clinic,
            )
            created = self.scenario.api.create_staff(
                clinic_id=clinic.id,
                first_name=member.first_name,
                last_name=member.last_name,
                role=role,
                username=member.username,
                password=member.password,
            )
            member.staff_id = created["id"]
            self._staff[name] = member
        return self._staff[name]

    def staff(self, name: str) -> StaffMember:
        try:
            return self._staff[name]
        except KeyError:
            raise KeyError(f"No staff member {name} in this scenario: a Given step must create them first.") from None

    def sign_in_staff(self, member: StaffMember) -> Page:
        """Sign the staff member in to the staff console over HTTP (for Given steps)."""
        page = self.page_of(member)
        response = post_form(page, "/staff/sign-in", {"username": member.username, "password": member.password})
        if landed_on(response) != "/staff":
            raise FormPostError(f"{member.name} could not sign in to the staff console ({landed_on(response)}).")
        return page

    def one_time_code(self, person: Person) -> str:
        """The person's sign-in code: from a TOTP secret when the target's codes come from one,
        else the newest sign-in code in their mailbox (the bundled sink or the target's IMAP mailbox)."""
        from data.mail import newest_one_time_code

        profile = self.scenario.target.profile
        if profile is not None and profile.codes.source == "totp":
            return one_time_code_for(profile, person.name)
        return str(SECRETS.register(newest_one_time_code(self.scenario.mailbox.messages_to(person.email))))
