"""The 2026.1 -> 2026.2 upgrade (UPG-01, UPG-02, UPG-03, AUD-01): a database populated through the
2026.1 portal's interfaces is opened by 2026.2, which migrates it once; every record of every
table is compared before and after, and what people rely on is checked through the interfaces.
The migration runs with the candidate release's faults switched on: each migration fault is
caught here, and the clean migration keeps everything."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from messaging_support import MessagingWorld
from upgrade_support import (
    ATTACHMENT,
    MONDAY_MORNING,
    SCOPE,
    SPANISH_MESSAGE,
    ZONE,
    Population,
    compare,
    copy_database,
    populate,
    schema_of,
    snapshot,
    start,
)

from reference_portal import cli
from reference_portal.faults import list_faults
from reference_portal.migrations import DatabaseReleaseError
from reference_portal.migrations.release_2026_2 import Upgrade2026_2

pytestmark = pytest.mark.portal


_POPULATED: dict[str, tuple[Path, Population]] = {}


@pytest.fixture
def populated(tmp_path_factory: pytest.TempPathFactory, driver_for: Any) -> tuple[Path, Population]:
    """One 2026.1 database with every kind of record, made once; each test upgrades its own copy."""
    if "2026.1" not in _POPULATED:
        path = tmp_path_factory.mktemp("release-2026.1") / "portal.sqlite3"
        app = start(path, "2026.1")
        _POPULATED["2026.1"] = (path, populate(driver_for(app)))
    return _POPULATED["2026.1"]


@pytest.fixture
def database(populated: tuple[Path, Population], tmp_path: Path) -> Path:
    return copy_database(populated[0], tmp_path / "portal.sqlite3")


@pytest.fixture
def made(populated: tuple[Path, Population]) -> Population:
    return populated[1]


@pytest.fixture
def driver(driver_for: Any) -> Any:
    """A browser (and the admin API) on an app, on the population's clock."""

    def browser(app: Any) -> Any:
        driven = driver_for(app)
        driven.use_clock(SCOPE)
        return driven

    return browser


def versions(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT version FROM schema_versions ORDER BY rowid")]
    finally:
        conn.close()


# --- the clean upgrade keeps every record ---------------------------------------------------------
def test_the_populated_database_really_holds_every_kind_of_record(database):
    before = snapshot(database)
    for table in (
        "accounts", "activation_codes", "proxy_relationships", "proxy_codes", "messages", "attachments",
        "results", "result_holds", "clinical_notes", "record_entries", "routing_rules", "clinic_hours",
        "clinic_holidays", "canned_responses", "canned_response_uses", "audit_log", "self_enrollments",
    ):  # fmt: skip
        assert before[table], f"the 2026.1 population made no {table}"
    codes = before["activation_codes"].values()
    assert {code["void_reason"] for code in codes} >= {None, "superseded", "too-many-wrong-answers"}
    assert any(code["used_at"] for code in codes) and any(code["expires_at"] < "2026-03-01" for code in codes)
    assert any(account["locked_at"] for account in before["accounts"].values())
    assert {row["relationship"] for row in before["proxy_relationships"].values()} == {
        "parent", "adult-proxy", "guardian"
    }  # fmt: skip
    assert any(row["body"] == SPANISH_MESSAGE for row in before["messages"].values())
    assert [row["size_bytes"] for row in before["attachments"].values()] == [len(ATTACHMENT)]
    assert versions(database) == ["2026.1"]


def test_upgrading_keeps_every_record_of_every_table(database):
    before = snapshot(database)
    start(database, "2026.2")
    after = snapshot(database)
    assert compare(before, after).lines == []
    assert versions(database) == ["2026.1", "2026.2"]
    # The schema change is visible in the data: every message now says its format.
    assert {row["body_format"] for row in after["messages"].values()} == {"text/plain"}
    # The only new rows: the upgrade's version, and the new topic's rule to the pharmacy pool.
    new_rules = [after["routing_rules"][key] for key in set(after["routing_rules"]) - set(before["routing_rules"])]
    assert [rule["topic"] for rule in new_rules] == ["prescription-renewal"]


def test_message_bodies_and_the_attachment_at_the_limit_are_byte_identical(database, made, driver):
    app = start(database, "2026.2")
    staff = driver(app)
    for conversation_id, old in made.conversations.items():
        assert staff.admin("GET", f"/messages/{conversation_id}")["messages"] == old["messages"]
    [first, *_] = made.conversations[made.long_conversation]["messages"]
    assert first["body"] == SPANISH_MESSAGE and len(first["body"]) == 2000
    maria = driver(app)
    assert maria.sign_in_fully(made.maria).status_code == 302
    download = maria.client.get(f"/messages/attachments/{made.attachment['id']}")
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == hashlib.sha256(ATTACHMENT).hexdigest()
    assert len(download.data) == 10 * 1024 * 1024
    page = maria.client.get(f"/messages/{made.long_conversation}").get_data(as_text=True)
    assert "¿podría revisar mi receta de metformina?" in page and "😊🌿" in page


def test_accounts_still_sign_in_and_proxies_keep_their_access_and_expiry(database, made, driver):
    """UPG-01."""
    old = start(copy_database(database, database.with_name("same-2026.1.sqlite3")), "2026.1")
    proxies_before = {name: driver(old).admin("GET", f"/proxies/{p['id']}") for name, p in made.proxies.items()}
    app = start(database, "2026.2")
    staff = driver(app)
    assert {name: staff.admin("GET", f"/proxies/{p['id']}") for name, p in made.proxies.items()} == proxies_before
    assert proxies_before["adult"]["expires_at"] == "2027-09-02T04:59:00Z"
    maria = driver(app)
    assert maria.sign_in_fully(made.maria).location == "/home"
    people = maria.client.get("/home").get_data(as_text=True)
    assert "Leo" in people and "Carmen" in people and "Tomás" in people
    locked = driver(app).sign_in(made.locked["username"], made.locked["password"])
    assert "Your account is locked" in locked.get_data(as_text=True)


def test_routing_rules_hours_and_holidays_still_apply_and_the_new_topic_is_routed(database, made, driver):
    """UPG-03 and MSG-10: the site's own rule (billing to the front desk) survives the upgrade."""
    app = start(database, "2026.2")
    world = MessagingWorld(driver(app), scope=SCOPE)
    world.at(MONDAY_MORNING, ZONE)
    world.portal.sign_in_fully(made.maria)
    world.patient = made.maria
    billing = world.conversation(world.send_ok(topic="billing", subject="Otra factura", body="¿Y esta?"))
    assert billing["pool_id"] == made.pools["front-desk"]["id"]
    renewal = world.conversation(world.send_ok(topic="prescription-renewal", subject="Receta", body="Metformina"))
    assert renewal["pool_id"] == made.pools["pharmacy"]["id"]
    hours = world.portal.admin("GET", f"/clinics/{made.clinic_id}/hours")
    assert hours["hours"]["monday"] == [["08:00", "17:00"]]
    holidays = world.portal.admin("GET", f"/clinics/{made.clinic_id}/holidays")["holidays"]
    assert [holiday["date"] for holiday in holidays] == ["2026-07-03"]


def test_audit_logging_is_on_after_the_upgrade(database, made, driver):
    """AUD-01: what happens after the upgrade is audited."""
    app = start(database, "2026.2")
    entries = len(snapshot(database)["audit_log"])
    assert driver(app).sign_in_fully(made.maria).location == "/home"
    assert len(snapshot(database)["audit_log"]) > entries


# --- once only, no downgrade, same schema as a new database -------------------------------------
def test_the_upgrade_runs_once(database):
    start(database, "2026.2")
    upgraded = snapshot(database)
    start(database, "2026.2")
    assert snapshot(database) == upgraded
    assert versions(database) == ["2026.1", "2026.2"]


def test_a_2026_2_database_is_refused_by_2026_1_in_one_sentence(database, capsys):
    start(database, "2026.2")
    upgraded = snapshot(database)
    with pytest.raises(DatabaseReleaseError) as refused:
        start(database, "2026.1")
    message = str(refused.value)
    assert "upgraded to release 2026.2" in message and "release 2026.1 cannot open it" in message
    assert message.count(". ") == 0 and message.endswith(".")
    argv = ["--release", "2026.1", "--db", str(database), "--port", "0", "--mllp-port", "0", "--smtp-port", "0"]
    assert cli.main(argv) == 2
    assert capsys.readouterr().err.strip() == f"reference_portal: {message}"
    assert snapshot(database) == upgraded


def test_a_new_2026_2_database_has_the_schema_of_an_upgraded_one(database, tmp_path):
    start(database, "2026.2")
    fresh = tmp_path / "fresh-2026.2.sqlite3"
    start(fresh, "2026.2")
    assert schema_of(fresh) == schema_of(database)
    assert versions(fresh) == ["2026.1", "2026.2"]


def test_a_failing_upgrade_keeps_nothing_of_itself(database, monkeypatch):
    before = snapshot(database)

    def broken(self: Upgrade2026_2, body: str) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Upgrade2026_2, "carry_message_body", broken)
    with pytest.raises(sqlite3.OperationalError):
        start(database, "2026.2")
    assert snapshot(database) == before
    assert versions(database) == ["2026.1"]


# --- the migration faults are caught --------------------------------------------------------------
UPGRADE_FAULTS = {
    "migration-truncates-long-messages": ("UPG", ("UPG-02",)),
    "migration-mangles-accents": ("UPG", ("UPG-02",)),
    # Proved across a rehearsed upgrade (the UPG scenarios' after half), so only UPG ids catch
    # them: PRX-05 and MSG-02 make their data after the upgrade, where the migration never runs.
    "migration-drops-proxy-expiry": ("UPG", ("UPG-01",)),
    "migration-resets-routing-rules": ("UPG", ("UPG-03",)),
    "audit-log-off-after-upgrade": ("AUD", ("AUD-01",)),
}


def test_the_upgrade_faults_are_registered():
    known = {fault.name: (fault.area, fault.caught_by) for fault in list_faults()}
    assert {name: known.get(name) for name in UPGRADE_FAULTS} == UPGRADE_FAULTS
    assert {fault.name for fault in list_faults() if fault.on_upgrade} == set(UPGRADE_FAULTS)


def test_truncating_long_messages_is_caught(database, made, driver):
    before = snapshot(database)
    app = start(database, "2026.2", "migration-truncates-long-messages")
    assert compare(before, snapshot(database)).tables() == {"messages"}
    [first, *_] = driver(app).admin("GET", f"/messages/{made.long_conversation}")["messages"]
    assert len(first["body"]) == 1000 and SPANISH_MESSAGE.startswith(first["body"])


def test_mangled_accents_are_caught(database, made, driver):
    before = snapshot(database)
    app = start(database, "2026.2", "migration-mangles-accents")
    assert compare(before, snapshot(database)).tables() == {"messages"}
    [first, *_] = driver(app).admin("GET", f"/messages/{made.long_conversation}")["messages"]
    assert first["body"].startswith("Hola, doctora NÃºÃ±ez")


def test_dropped_proxy_expiry_is_caught(database, made, driver):
    before = snapshot(database)
    app = start(database, "2026.2", "migration-drops-proxy-expiry")
    differences = compare(before, snapshot(database))
    assert differences.tables() == {"proxy_relationships"}
    assert all(" expires_at " in line for line in differences.lines)
    assert driver(app).admin("GET", f"/proxies/{made.proxies['adult']['id']}")["expires_at"] is None


def test_reset_routing_rules_are_caught(database, made, driver):
    before = snapshot(database)
    app = start(database, "2026.2", "migration-resets-routing-rules")
    assert compare(before, snapshot(database)).tables() == {"routing_rules"}
    world = MessagingWorld(driver(app), scope=SCOPE)
    world.at(MONDAY_MORNING, ZONE)
    world.portal.sign_in_fully(made.maria)
    billing = world.conversation(world.send_ok(topic="billing", subject="Otra factura", body="¿Y esta?"))
    assert billing["pool_id"] == made.pools["billing"]["id"]  # not the site's front desk any more


def test_audit_log_off_after_the_upgrade_is_caught(database, made, driver):
    before = snapshot(database)
    app = start(database, "2026.2", "audit-log-off-after-upgrade")
    assert compare(before, snapshot(database)).tables() == {"portal_settings"}
    entries = len(snapshot(database)["audit_log"])
    assert driver(app).sign_in_fully(made.maria).location == "/home"
    assert len(snapshot(database)["audit_log"]) == entries


def test_data_faults_do_nothing_to_a_new_database(make_app, driver_for):
    """They act on carried data: a portal started fresh with them behaves as usual."""
    app = make_app(faults=tuple(name for name in UPGRADE_FAULTS if name != "audit-log-off-after-upgrade"))
    portal = driver_for(app)
    person = portal.enroll_at_desk()
    assert portal.sign_in_fully(person).location == "/home"


def test_a_new_database_is_built_by_upgrading_so_it_too_has_no_audit_with_that_fault(make_app, driver_for):
    """A new 2026.2 database is the 2026.1 baseline upgraded: the paused audit log stays paused."""
    app = make_app(faults=("audit-log-off-after-upgrade",))
    portal = driver_for(app)
    assert portal.sign_in_fully(portal.enroll_at_desk()).location == "/home"
    assert not snapshot(Path(app.extensions["riverbend_portal"].database.path))["audit_log"]
    clean = make_app()
    clean_portal = driver_for(clean)
    assert clean_portal.sign_in_fully(clean_portal.enroll_at_desk()).location == "/home"
    assert snapshot(Path(clean.extensions["riverbend_portal"].database.path))["audit_log"]


def test_columns_the_upgrade_does_not_know_are_carried_across(database):
    """A column another area added to a rebuilt table (here by hand) keeps its values."""
    conn = sqlite3.connect(database)
    with conn:
        conn.execute("ALTER TABLE messages ADD COLUMN read_at TEXT")
        conn.execute("UPDATE messages SET read_at = '2026-03-02T16:00:00Z'")
    conn.close()
    before = snapshot(database)
    start(database, "2026.2")
    assert compare(before, snapshot(database)).lines == []
    assert {row["read_at"] for row in snapshot(database)["messages"].values()} == {"2026-03-02T16:00:00Z"}
