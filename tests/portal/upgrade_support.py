"""Building blocks for the upgrade tests: a 2026.1 database populated through the portal's own
interfaces with every kind of record, a row-by-row snapshot of every table, and the comparison
of two snapshots taken before and after the upgrade."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from flask import Flask
from messaging_support import MessagingWorld, utc_text

from reference_portal import create_app
from reference_portal.config import MailTransport, PortalConfig
from reference_portal.settings import Settings

# The production scrypt cost is not what these tests are about (same as conftest's FAST_SETTINGS).
FAST = Settings(password_hash_method="pbkdf2:sha256:1000")
ZONE = "America/Chicago"
SCOPE = "before-upgrade"
MONDAY_MORNING = "2026-03-02 10:00"
MONDAY_EVENING = "2026-03-02 19:30"  # after hours: the message gets the auto-reply
ATTACHMENT_LIMIT = 10 * 1024 * 1024
PDF = b"%PDF-1.7\n"
_SPANISH_SENTENCE = (
    "Hola, doctora Núñez: ¿podría revisar mi receta de metformina? Desde el miércoles tengo náuseas "
    "por la mañana y me preocupa la dosis. Mi niña también pregunta por la vacuna. ¡Gracias! 😊🌿 "
)
# Exactly 2,000 characters (code points), accents and emoji included (UPG-02's boundary value).
SPANISH_MESSAGE = (_SPANISH_SENTENCE * 20)[:2000]
# The attachment exactly at the 10 MB limit (MSG-07's boundary value), with a recognisable tail.
ATTACHMENT = PDF + b"0" * (ATTACHMENT_LIMIT - len(PDF) - 8) + b"%%EOF\r\n\n"

# What the upgrade may add, and nothing else.
NEW_COLUMNS = {"messages": {"body_format"}}
TABLES_THAT_GAIN_ROWS = {"schema_versions", "routing_rules"}


def start(db_path: Path, release: str, *faults: str) -> Flask:
    """A portal of this release on this database file (test mode, mail in memory)."""
    config = PortalConfig(
        settings=replace(FAST, release=release),
        db_path=db_path,
        test_mode=True,
        mail_transport=MailTransport.MEMORY,
        faults=faults,
    )
    return create_app(config)


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of a database file (its write-ahead log folded in first)."""
    conn = sqlite3.connect(source)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    shutil.copyfile(source, target)
    return target


# --- snapshots -----------------------------------------------------------------------------------
Row = dict[str, Any]


def snapshot(db_path: Path) -> dict[str, dict[Any, Row]]:
    """Every table, row by row, keyed by rowid; BLOBs stand as their sha256."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        tables = [
            row["name"]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        result: dict[str, dict[Any, Row]] = {}
        for table in tables:
            rows = conn.execute(f"SELECT rowid AS _rowid_, * FROM {table}").fetchall()
            result[table] = {row["_rowid_"]: _row(row) for row in rows}
        return result
    finally:
        conn.close()


def _row(row: sqlite3.Row) -> Row:
    return {key: _normal(row[key]) for key in row.keys()}  # noqa: SIM118 (iterating a Row gives values)


def _normal(value: Any) -> Any:
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    return value


def schema_of(db_path: Path) -> set[tuple[str, str, str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        return {(kind, name, table, sql or "") for kind, name, table, sql in rows}
    finally:
        conn.close()


@dataclass
class Differences:
    """What changed between two snapshots, table by table, in words a reviewer can read."""

    lines: list[str] = field(default_factory=list)

    def tables(self) -> set[str]:
        return {line.split(":", 1)[0] for line in self.lines}


def compare(before: dict[str, dict[Any, Row]], after: dict[str, dict[Any, Row]]) -> Differences:
    """Every row before must be in the same table after, every value identical; only the expected
    new columns and rows may appear."""
    found = Differences()
    for table, rows in before.items():
        if table not in after:
            found.lines.append(f"{table}: table missing after the upgrade")
            continue
        new_columns = _columns(after[table]) - _columns(rows)
        unexpected = new_columns - NEW_COLUMNS.get(table, set())
        if unexpected:
            found.lines.append(f"{table}: unexpected new column(s) {sorted(unexpected)}")
        lost_columns = _columns(rows) - _columns(after[table])
        if lost_columns:
            found.lines.append(f"{table}: column(s) lost {sorted(lost_columns)}")
        for key, row in rows.items():
            upgraded = after[table].get(key)
            if upgraded is None:
                found.lines.append(f"{table}: row {key} lost")
                continue
            for column, value in row.items():
                if column in upgraded and upgraded[column] != value:
                    found.lines.append(f"{table}: row {key} {column} {_short(value)} -> {_short(upgraded[column])}")
        added = set(after[table]) - set(rows)
        if added and table not in TABLES_THAT_GAIN_ROWS:
            found.lines.append(f"{table}: {len(added)} unexpected new row(s)")
    return found


def _columns(rows: dict[Any, Row]) -> set[str]:
    return set(next(iter(rows.values()))) if rows else set()


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}... ({len(str(value))} chars)"


# --- the populated 2026.1 database ----------------------------------------------------------------
@dataclass
class Population:
    """Handles on what was made before the upgrade, as the interfaces returned them."""

    maria: dict[str, Any] = field(default_factory=dict)
    clinic_id: str = ""
    pools: dict[str, dict[str, Any]] = field(default_factory=dict)
    long_conversation: str = ""
    attachment: dict[str, Any] = field(default_factory=dict)
    proxies: dict[str, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: list[dict[str, Any]] = field(default_factory=list)
    locked: dict[str, Any] = field(default_factory=dict)


def populate(driver: Any) -> Population:
    """Every kind of record, made through the admin API and a patient's browser (release 2026.1)."""
    made = Population()
    world = MessagingWorld(driver, scope=SCOPE)
    world.at(MONDAY_MORNING, ZONE)
    clinic = world.clinic(ZONE, name="Eastside Clinic")
    made.clinic_id = clinic.id
    clinic.holiday("2026-07-03", "Independence Day (observed)")
    nurse = clinic.staff("nurse", "Nora", "Hale")
    made.pools = {
        "nurse": clinic.pool("Nurse triage", "nurse", (nurse,)),
        "billing": clinic.pool("Billing office", "billing"),
        "front-desk": clinic.pool("Front desk", "front-desk"),
        "pharmacy": clinic.pool("Pharmacy", "pharmacy"),
        "supervisor": clinic.pool("Supervisors", "supervisor"),
    }
    # A site's own choices: billing questions go to the front desk, medical to nurse triage.
    made.rules = [
        clinic.route("billing", made.pools["front-desk"]),
        clinic.route("medical", made.pools["nurse"]),
        clinic.route(None, made.pools["front-desk"]),
    ]
    canned = driver.admin(
        "POST",
        "/canned-responses",
        {"pool_id": made.pools["nurse"]["id"], "title": "Received", "body": "Gracias, {patient_first_name}."},
        status=201,
    )

    # Maria writes the 2,000-character Spanish message with the 10 MB attachment; the nurse answers.
    made.maria = world.signed_in_patient(clinic, first_name="María", last_name="Núñez")
    made.long_conversation = world.send_ok(
        topic="medical", subject="Receta y náuseas ☕", body=SPANISH_MESSAGE, attachment=(ATTACHMENT, "análisis.pdf")
    )
    made.attachment = world.conversation(made.long_conversation)["messages"][0]["attachments"][0]
    driver.admin(
        "POST",
        f"/messages/{made.long_conversation}/replies",
        {"staff_id": nurse["id"], "canned_response_id": canned["id"]},
        status=201,
    )
    billing = world.send_ok(topic="billing", subject="Factura", body="¿Por qué me cobraron dos veces?")
    world.later(MONDAY_EVENING, ZONE)
    after_hours = world.send_ok(topic="appointment", subject="Cita", body="Necesito cambiar mi cita del jueves.")
    for conversation in (made.long_conversation, billing, after_hours):
        made.conversations[conversation] = world.conversation(conversation)
    world.at(MONDAY_MORNING, ZONE)

    # Results: final, sensitive, corrected, held; notes; the clinical record.
    maria_id = made.maria["id"]
    made.results["final"] = driver.admin(
        "POST",
        f"/patients/{maria_id}/results",
        {"test_name": "Glucose", "loinc_code": "2345-7", "value": "105", "units": "mg/dL", "flag": "H"},
        status=201,
    )
    driver.admin(
        "POST",
        f"/patients/{maria_id}/results",
        {"test_name": "Hemoglobin A1c", "loinc_code": "4548-4", "value": "7.1", "units": "%", "order_id": "ORD-1"},
        status=201,
    )
    made.results["corrected"] = driver.admin(
        "POST",
        f"/patients/{maria_id}/results",
        {
            "test_name": "Hemoglobin A1c",
            "loinc_code": "4548-4",
            "value": "6.9",
            "units": "%",
            "order_id": "ORD-1",
            "status": "corrected",
        },
        status=201,
    )
    held = driver.admin(
        "POST",
        f"/patients/{maria_id}/results",
        {"test_name": "Biopsy", "code": "BX-1", "value": "See report", "category": "genetic"},
        status=201,
    )
    made.results["held"] = driver.admin(
        "POST", f"/results/{held['id']}/hold", {"reason": "Discuss in person first", "reviewer": "Dr Ana Reyes"}
    )
    for note in (
        {"type": "progress", "title": "Visita", "text": "Paciente estable.", "author": "Dr Ana Reyes"},
        {"type": "psychotherapy", "title": "Session", "text": "Private.", "author": "Dr Sam Cole"},
    ):
        driver.admin("POST", f"/patients/{maria_id}/notes", note, status=201)
    driver.admin("POST", f"/patients/{maria_id}/allergies", {"substance": "Penicilina", "reaction": "Urticaria"}, 201)

    abuela = _add_proxies(driver, made, clinic.data)

    # Activation codes in every state: used (the enrollments above), unused, superseded, voided, expired.
    waiting = driver.patient(clinic.data, first_name="Ana", last_name="Soto")
    driver.activation_code(waiting)
    driver.activation_code(waiting)  # supersedes the first
    wrong = driver.patient(clinic.data, first_name="Raúl", last_name="Vega")
    code = driver.activation_code(wrong)
    browser = driver.new_browser()
    browser.use_clock(SCOPE)
    for _ in range(5):
        browser.activate(code["code"], "1901-01-01")
    driver.move_clock(SCOPE, at="2026-02-01T15:00:00Z", frozen=True)
    driver.activation_code(driver.patient(clinic.data, first_name="Eva", last_name="Luna"))  # long expired now
    world.at(MONDAY_MORNING, ZONE)

    # Accounts: a locked one and an unverified online sign-up.
    made.locked = driver.enroll_at_desk(clinic=clinic.data, first_name="Iván", last_name="Mora")
    for _ in range(5):
        browser.sign_in(made.locked["username"], "not the password")
    sign_up = {
        "first_name": "Rosa",
        "last_name": "Díaz",
        "date_of_birth": "1990-06-15",
        "email": "rosa@example.test",
        "username": "rosa.diaz",
        "password": "river stones in spring",
        "confirm_password": "river stones in spring",
    }
    assert browser.submit("/sign-up", sign_up).location == "/sign-in"

    # A partner facility under an MOU (partners area), with an attributed patient.
    organization = driver.admin(
        "POST",
        "/partner-organizations",
        {"name": "Sunrise Home Health", "clinic_id": clinic.id, "kind": "home-health"},
        status=201,
    )
    mou = driver.admin(
        "POST",
        "/mous",
        {
            "organization_id": organization["id"],
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "functions": ["health-summary", "scheduling"],
        },
        status=201,
    )
    driver.admin("POST", f"/mous/{mou['id']}/attributions", {"patient_id": abuela["id"]}, status=201)
    return made


def _add_proxies(driver: Any, made: Population, clinic: dict[str, Any]) -> dict[str, Any]:
    """A parent of a young child, an adult proxy with an expiry, a guardian, a revoked one; a proxy code."""
    leo = driver.patient(clinic, first_name="Leo", last_name="Núñez", date_of_birth="2019-05-20", email=None)
    abuela = driver.patient(clinic, first_name="Carmen", last_name="Ruiz", date_of_birth="1940-01-09")
    tomas = driver.patient(clinic, first_name="Tomás", last_name="Ruiz", date_of_birth="1990-11-30")
    account = made.maria["account_id"]
    made.proxies["parent"] = driver.admin(
        "POST", "/proxies", {"patient_id": leo["id"], "proxy_account_id": account, "relationship": "parent"}, 201
    )
    made.proxies["adult"] = driver.admin(
        "POST",
        "/proxies",
        {
            "patient_id": abuela["id"],
            "proxy_account_id": account,
            "relationship": "adult-proxy",
            "expires_at": utc_text("2027-09-01 23:59", ZONE),
        },
        201,
    )
    made.proxies["guardian"] = driver.admin(
        "POST", "/proxies", {"patient_id": tomas["id"], "proxy_account_id": account, "relationship": "guardian"}, 201
    )
    revoked = driver.admin(
        "POST",
        "/proxies",
        {
            "patient_id": abuela["id"],
            "proxy": {"first_name": "Luis", "last_name": "Ruiz", "email": "luis@example.test"},
            "relationship": "adult-proxy",
            "expires_at": utc_text("2026-12-31 23:59", ZONE),
        },
        201,
    )
    driver.admin("POST", f"/proxies/{revoked['id']}/revoke", {})
    driver.admin("POST", "/proxy-codes", {"patient_id": leo["id"], "relationship": "parent"}, 201)
    return abuela
