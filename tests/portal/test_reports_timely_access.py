"""RPT-04: timely access within 4 business days (the clinic's holidays and weekends excluded)
and the share of patients with a view, download or transmit."""

from __future__ import annotations

from typing import Any

import pytest
from messaging_support import utc_text
from reports_support import SCOPE, ReportsWorld

pytestmark = pytest.mark.portal

ZONE = "America/Chicago"
RANGE = "from=2026-03-02&to=2026-03-08"


def result(portal: Any, patient: dict[str, Any]) -> dict[str, Any]:
    body = {"test_name": "Hemoglobin A1c", "value": "5.4", "units": "%"}  # reported now, on the scenario clock
    return portal.admin("POST", f"/patients/{patient['id']}/results", body, status=201)


def timely_mix(portal: Any) -> dict[str, Any]:
    """Three results reported Thursday 5 March; Monday 9 March is a clinic holiday.

    A: visible at once. B: held, lifted Wednesday 11 (the 3rd business day). C: lifted Monday 16.
    """
    world = ReportsWorld(portal)
    world.at("2026-03-05 10:00", ZONE)
    clinic = world.clinic("Lakeside Clinic", ZONE)
    portal.admin(
        "POST", f"/clinics/{clinic['id']}/holidays", {"date": "2026-03-09", "name": "Founders Day"}, status=201
    )
    reader = portal.enroll_at_desk(clinic=clinic)
    a = result(portal, reader)
    held = []
    for _ in range(2):
        patient = world.patient(clinic)
        filed = result(portal, patient)
        portal.admin("POST", f"/results/{filed['id']}/hold", {"reason": "Discuss first", "reviewer": "Dr. Ames"})
        held.append(filed)
    world.at("2026-03-05 11:00", ZONE)
    assert portal.sign_in_fully(reader).status_code == 302
    assert portal.client.get("/health-summary").status_code == 200
    world.at("2026-03-11 10:00", ZONE)
    portal.admin("POST", f"/results/{held[0]['id']}/lift-hold", {"staff_name": "Dr. Ames"})
    world.at("2026-03-16 10:00", ZONE)
    portal.admin("POST", f"/results/{held[1]['id']}/lift-hold", {"staff_name": "Dr. Ames"})
    return {"clinic": clinic, "a": a}


@pytest.mark.parametrize(
    ("fault", "timely"),
    [(None, (2, 66.7)), ("timely-access-counts-calendar-days", (1, 33.3))],
)
def test_timely_access_counts_business_days(
    portal_with_faults: Any, fault: str | None, timely: tuple[int, float]
) -> None:
    portal = portal_with_faults(*([fault] if fault else []))
    mix = timely_mix(portal)
    report = portal.admin("GET", f"/reports/timely-access?clinic_id={mix['clinic']['id']}&{RANGE}")
    assert report["patients_with_results"] == 3
    assert (report["patients_timely"], report["timely_share"]) == timely
    assert (report["patients_with_account"], report["patients_with_vdt"], report["vdt_share"]) == (1, 1, 100.0)
    assert report["vdt_actions"]["view"] >= 1


def test_a_result_still_within_its_days_is_not_judged_yet(portal: Any) -> None:
    world = ReportsWorld(portal)
    world.at("2026-03-05 10:00", ZONE)
    clinic = world.clinic("Lakeside Clinic", ZONE)
    patient = world.patient(clinic)
    filed = result(portal, patient)
    portal.admin("POST", f"/results/{filed['id']}/hold", {"reason": "Discuss first", "reviewer": "Dr. Ames"})
    portal.move_clock(SCOPE, at=utc_text("2026-03-11 23:59", ZONE), frozen=True)  # the last business day
    query = f"/reports/timely-access?clinic_id={clinic['id']}&{RANGE}"
    assert portal.admin("GET", query)["patients_with_results"] == 0
    portal.move_clock(SCOPE, at=utc_text("2026-03-12 00:00", ZONE), frozen=True)
    assert (portal.admin("GET", query)["patients_with_results"], portal.admin("GET", query)["patients_timely"]) == (
        1,
        0,
    )
