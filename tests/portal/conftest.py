"""Fixtures for the reference portal's own tests: one app per test (fresh database, mail kept in
memory), driven like a patient's browser and like clinic staff through the admin API."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from reference_portal import create_app
from reference_portal.config import MailTransport, PortalConfig
from reference_portal.interfaces.mailbox import Mailbox
from reference_portal.settings import Settings

# The production scrypt cost (~150 ms a hash) is not what these tests are about.
FAST_SETTINGS = Settings(password_hash_method="pbkdf2:sha256:1000")
ADMIN_HEADERS = {"Authorization": "Bearer test-admin-token"}
GOOD_PASSWORD = "river stones in spring"

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_SIGN_IN_CODE = re.compile(r"\b(\d{6})\b")
_numbers = itertools.count(1)


class PortalDriver:
    """A patient's browser (cookies, forms with their CSRF token) plus staff's admin API."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client

    def new_browser(self) -> PortalDriver:
        """Another, independent browser on the same portal."""
        return PortalDriver(self.app, self.app.test_client())

    # --- clock -------------------------------------------------------------------------------
    def use_clock(self, scope: str) -> None:
        """Like the harness: the browser carries its scenario's clock scope in a cookie."""
        self.client.set_cookie("portal_clock", scope)

    def move_clock(self, scope: str, **body: Any) -> dict[str, Any]:
        response = self.client.post("/__test__/clock", json={"scope": scope, **body})
        assert response.status_code == 200, response.get_json()
        return dict(response.get_json())

    # --- admin API -----------------------------------------------------------------------------
    def admin(self, method: str, path: str, body: dict[str, Any] | None = None, status: int = 200) -> dict[str, Any]:
        response = self.client.open(f"/api/admin{path}", method=method, json=body, headers=ADMIN_HEADERS)
        assert response.status_code == status, response.get_json()
        return dict(response.get_json())

    def clinic(self, name: str = "Eastside Clinic", timezone: str = "America/Chicago") -> dict[str, Any]:
        return self.admin("POST", "/clinics", {"name": name, "timezone": timezone}, status=201)

    def patient(self, clinic: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        clinic = clinic or self.clinic()
        number = next(_numbers)
        record = {
            "clinic_id": clinic["id"],
            "mrn": f"MRN{number:06d}",
            "first_name": "Maria",
            "last_name": "Lopez",
            "date_of_birth": "1985-04-12",
            "sex": "F",
            "email": f"maria{number}@example.test",
            "phone": "555-0100",
            **fields,
        }
        return self.admin("POST", "/patients", record, status=201)

    def activation_code(self, patient: dict[str, Any]) -> dict[str, Any]:
        body = {"patient_id": patient["id"], "clinic_id": patient["clinic_id"]}
        return self.admin("POST", "/activation-codes", body, status=201)

    # --- browser -----------------------------------------------------------------------------
    def submit(self, path: str, fields: dict[str, str], form_page: str | None = None) -> TestResponse:
        """Open the form page (as a browser would) and post the form with its CSRF token."""
        page = self.client.get(form_page or path)
        match = _CSRF.search(page.get_data(as_text=True))
        assert match, f"no form on {form_page or path} ({page.status_code})"
        return self.client.post(path, data={**fields, "csrf_token": match.group(1)})

    def activate(self, code: str, date_of_birth: str) -> TestResponse:
        return self.submit("/activate", {"activation_code": code, "date_of_birth": date_of_birth})

    def create_account(
        self, username: str, password: str = GOOD_PASSWORD, email: str | None = None, confirm: str | None = None
    ) -> TestResponse:
        fields = {
            "username": username,
            "password": password,
            "confirm_password": password if confirm is None else confirm,
        }
        if email is not None:
            fields["email"] = email
        else:
            page = self.client.get("/activate/account").get_data(as_text=True)
            found = re.search(r'id="email" name="email" type="email" value="([^"]*)"', page)
            fields["email"] = found.group(1) if found else ""
        return self.submit("/activate/account", fields)

    def enroll(
        self, username: str | None = None, password: str = GOOD_PASSWORD, **patient_fields: Any
    ) -> dict[str, Any]:
        """A registered patient activates their account; returns the patient with username and password."""
        patient = self.patient(**patient_fields)
        code = self.activation_code(patient)
        assert self.activate(code["code"], patient["date_of_birth"]).status_code == 302
        username = username or f"user{next(_numbers)}"
        response = self.create_account(username, password)
        assert response.status_code == 302 and response.location == "/sign-in", response.get_data(as_text=True)
        return {**patient, "username": username, "password": password}

    def sign_in(self, username: str, password: str) -> TestResponse:
        return self.submit("/sign-in", {"username": username, "password": password})

    def verify(self, code: str) -> TestResponse:
        return self.submit("/sign-in/verify", {"one_time_code": code})

    def sign_in_fully(self, person: dict[str, Any]) -> TestResponse:
        """Password, then (on an account's first sign-in) confirming the email for codes, then the code."""
        after_password = self.sign_in(person["username"], person["password"]).location
        if after_password == "/sign-in/set-up-codes":  # auth area: first sign-in sets up sign-in codes
            after_password = self.submit("/sign-in/set-up-codes", {"mfa_email": person["email"]}).location
        assert after_password == "/sign-in/verify", after_password
        return self.verify(self.latest_sign_in_code(person["email"]))

    def enroll_at_desk(
        self,
        username: str | None = None,
        password: str = GOOD_PASSWORD,
        mfa_email_confirmed: bool = True,
        **patient_fields: Any,
    ) -> dict[str, Any]:
        """Auth area: staff-assisted enrollment (POST /api/admin/enrollments), like the harness's
        "active portal account": the email is confirmed at the desk, so sign-in goes straight to the code."""
        patient = self.patient(**patient_fields)
        code = self.activation_code(patient)
        username = username or f"user{next(_numbers)}"
        body = {
            "code": code["code"],
            "date_of_birth": patient["date_of_birth"],
            "username": username,
            "email": patient["email"],
            "password": password,
            "mfa_email_confirmed": mfa_email_confirmed,
        }
        account = self.admin("POST", "/enrollments", body, status=201)
        return {**patient, "username": username, "password": password, "account_id": account["account_id"]}

    # --- mail --------------------------------------------------------------------------------
    def mail_to(self, address: str) -> list[dict[str, Any]]:
        response = self.client.get("/__test__/mail", query_string={"to": address})
        assert response.status_code == 200
        return list(response.get_json()["messages"])

    def latest_sign_in_code(self, address: str) -> str:
        body = self.mail_to(address)[-1]["body"]
        match = _SIGN_IN_CODE.search(body)
        assert match, body
        return match.group(1)


@pytest.fixture
def make_app(tmp_path: Any) -> Callable[..., Flask]:
    """Build an app: test mode, in-memory mail, a fresh database; override any PortalConfig field."""

    def make(mailbox: Mailbox | None = None, **overrides: Any) -> Flask:
        values: dict[str, Any] = {
            "settings": FAST_SETTINGS,
            "db_path": tmp_path / f"portal-{next(_numbers)}.sqlite3",
            "test_mode": True,
            "mail_transport": MailTransport.MEMORY,
            **overrides,
        }
        return create_app(PortalConfig(**values), mailbox=mailbox)

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def portal(app: Flask) -> PortalDriver:
    return PortalDriver(app, app.test_client())


@pytest.fixture
def other_browser(portal: PortalDriver) -> PortalDriver:
    """A second, independent browser on the same portal."""
    return portal.new_browser()


@pytest.fixture
def driver_for() -> Callable[[Flask], PortalDriver]:
    """A browser-and-admin driver for an app built in the test."""
    return lambda app: PortalDriver(app, app.test_client())


@pytest.fixture
def portal_with_faults(make_app: Callable[..., Flask]) -> Callable[..., PortalDriver]:
    """A portal started with the named faults."""

    def start(*faults: str) -> PortalDriver:
        app = make_app(faults=faults)
        return PortalDriver(app, app.test_client())

    return start
