"""A test run's records on a shared portal: found by the run's tag, listed, deleted; nobody else's touched."""

from __future__ import annotations

import pytest
from results_support import file_result, portal_of

pytestmark = pytest.mark.portal

PASSWORD = "river stones in spring"


def run_data(portal, tag: str, number: int, digits: int = 10) -> dict:
    """What a harness run makes: a clinic coded with the tag, a patient, an account, staff, a result.

    MRNs and HL7 control ids carry `digits` digits before the tag: 10 today, 7 before 2026-11-27.
    """
    serial = str(number).zfill(digits)
    code = f"EC-AB{number}C-{tag.upper()}"
    clinic = portal.admin(
        "POST", "/clinics", {"name": "Eastside Clinic", "timezone": "America/Chicago", "code": code}, 201
    )
    patient = portal.enroll_at_desk(
        username=f"maria.abcd{number}.{tag}", clinic=clinic, mrn=f"MRN{serial}{tag.upper()}"
    )
    staff = portal.admin(
        "POST",
        "/staff",
        {"clinic_id": clinic["id"], "first_name": "Nora", "last_name": "Reyes", "role": "support",
         "username": f"nora.wxyz{number}.{tag}", "password": PASSWORD},
        status=201,
    )  # fmt: skip
    file_result(portal, patient)
    conn = portal_of(portal.app).database.connect()
    with conn:
        conn.execute(
            "INSERT INTO hl7_messages (received_at, message_type, control_id, ack_code, ack_text, raw)"
            " VALUES ('2026-03-02T15:00:00Z', 'ORU^R01', ?, 'AA', '', 'MSH|...')",
            (f"LAB{serial}{tag.upper()}",),
        )
    conn.close()
    return {"clinic": clinic, "patient": patient, "staff": staff}


def test_a_runs_records_are_listed_by_its_tag_with_what_hangs_off_them(portal):
    run_data(portal, "k3f9", 1)
    run_data(portal, "zz11", 2)
    found = portal.admin("GET", "/run-records/k3f9")
    kinds = sorted(record["kind"] for record in found["records"])
    assert kinds == ["account", "clinic", "hl7-message", "patient", "staff"]
    assert {record["label"] for record in found["records"]} >= {"EC-AB1C-K3F9", "MRN0000000001K3F9", "maria.abcd1.k3f9"}
    assert found["rows"]["results"] == 1 and found["rows"]["accounts"] == 1 and found["rows"]["staff"] == 1
    assert found["kept"]["audit_log"] >= 1 and found["kept"]["patients"] == 1
    assert found["deleted"] is False


def test_a_run_from_before_the_10_digit_identifiers_is_still_found(portal):
    run_data(portal, "old1", 6, digits=7)
    found = portal.admin("GET", "/run-records/old1")
    kinds = sorted(record["kind"] for record in found["records"])
    assert kinds == ["account", "clinic", "hl7-message", "patient", "staff"]
    assert "MRN0000006OLD1" in {record["label"] for record in found["records"]}


def test_deleting_a_run_removes_its_records_and_leaves_another_runs(portal):
    mine = run_data(portal, "k3f9", 3)
    retry = run_data(portal, "k3f9r2", 4)  # the run's retry pass
    theirs = run_data(portal, "zz11", 5)
    deleted = portal.admin("DELETE", "/run-records/k3f9")
    assert deleted["deleted"] is True and len(deleted["records"]) == 10
    assert deleted["kept"]["patients"] == 2 and "accounts" not in deleted["kept"]
    for data in (mine, retry):
        portal.admin("GET", f"/staff/{data['staff']['id']}", status=404)
        assert portal.admin("GET", f"/patients/{data['patient']['id']}/results")["results"] == []
        assert portal.admin("GET", f"/patients/{data['patient']['id']}/account")["account"] is None
        assert portal.sign_in(data["patient"]["username"], PASSWORD).location != "/sign-in/verify"
    # the audit log and the records its entries name stay: append-only (AUD-01)
    assert deleted["rows"]["hl7_messages"] == 2
    again = portal.admin("GET", "/run-records/k3f9")
    assert again["rows"] == {} and again["kept"]["patients"] == 2
    portal.admin("GET", f"/clinics/{theirs['clinic']['id']}")
    assert portal.admin("GET", "/run-records/zz11")["rows"]["hl7_messages"] == 1
    assert portal.admin("GET", f"/patients/{theirs['patient']['id']}/results")
    assert portal.sign_in_fully(theirs["patient"]).location == "/home"


def test_a_tag_is_checked_before_anything_is_touched(portal):
    assert portal.admin("DELETE", "/run-records/K3F9%25", status=400)["problems"][0]["field"] == "tag"
