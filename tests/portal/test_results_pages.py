"""What a result looks like (VDT-02), who may open it (AUTH-07, RES-04), the /home count, and
the PHI-free new-result notice (RES-07) — with hand-made Permissions, never the proxy area's rules."""

from __future__ import annotations

import sqlite3

import pytest
from results_support import (
    PARENT_FULL,
    PARENT_LIMITED,
    definition,
    file_result,
    install_view_override,
    page_text,
    portal_of,
    table_rows,
)

from reference_portal.services.permissions import Function, Permissions, Relationship

pytestmark = pytest.mark.portal

GLUCOSE = {
    "test_name": "Glucose",
    "loinc_code": "2345-7",
    "value": "105",
    "units": "mg/dL",
    "reference_range": "70-99",
    "flag": "H",
    "performing_lab": "Riverbend Reference Lab",
    "collected_at": "2026-03-02T14:10:00Z",
    "reported_at": "2026-03-03T05:30:00Z",  # still March 2 in Chicago
}


@pytest.fixture
def view_as(app):
    return install_view_override(app)


@pytest.fixture
def maria(portal):
    person = portal.enroll_at_desk()
    portal.sign_in_fully(person)
    return person


def results_page(portal) -> str:
    return portal.client.get("/results").get_data(as_text=True)


def home_count(portal) -> str:
    html = portal.client.get("/home").get_data(as_text=True)
    start = html.index('data-testid="new-results-count"')
    return page_text(html[start : html.index("</p>", start)].split(">", 1)[1])


def test_the_list_reads_test_result_flag_and_date_in_words(portal, maria):
    file_result(portal, maria, **GLUCOSE)
    file_result(portal, maria, test_name="Hemoglobin", loinc_code="718-7", value="11.2", units="g/dL", flag="L")
    file_result(portal, maria, test_name="Urine culture", loinc_code="630-4", value="Growth", units=None, flag="A")
    html = results_page(portal)
    assert "<h1>Test results</h1>" in html
    rows = {row["Test"]: row for row in table_rows(html)}
    assert rows["Glucose"] == {
        "Test": "Glucose",
        "Result": "105 mg/dL",
        "Flag": "High",
        "Date": "Mar 2, 2026",
        "Status": "New Final",
    }
    assert (rows["Hemoglobin"]["Flag"], rows["Urine culture"]["Flag"]) == ("Low", "Abnormal")
    for header in ("Test", "Result", "Flag", "Date"):
        assert f'<th scope="col">{header}</th>' in html


def test_one_result_shows_every_field_and_is_audited(portal, maria):
    result = file_result(portal, maria, **GLUCOSE)
    html = portal.client.get(f"/results/{result['id']}").get_data(as_text=True)
    assert "<h1>Glucose</h1>" in html
    assert definition(html, "Value") == "105 mg/dL"
    assert definition(html, "Reference range") == "70-99 mg/dL"
    assert definition(html, "Flag") == "High"
    assert definition(html, "Performing lab") == "Riverbend Reference Lab"
    assert definition(html, "Collected") == "Mar 2, 2026, 8:10 AM"
    assert definition(html, "Reported") == "Mar 2, 2026, 11:30 PM"
    assert definition(html, "Status") == "Final"
    conn = sqlite3.connect(portal_of(portal.app).database.path)
    details = [row[0] for row in conn.execute("SELECT detail FROM audit_log WHERE action = 'result-viewed'")]
    assert details == [f"result={result['id']} as self"]


def test_dates_follow_the_clinic_time_zone(portal):
    tokyo = portal.clinic("Tokyo Clinic", "Asia/Tokyo")
    person = portal.enroll_at_desk(clinic=tokyo)
    portal.sign_in_fully(person)
    file_result(portal, person, **GLUCOSE)  # 2026-03-03T05:30Z is 14:30 on March 3 in Tokyo
    assert table_rows(results_page(portal))[0]["Date"] == "Mar 3, 2026"


def test_a_corrected_result_is_marked_with_its_date(portal, maria):
    file_result(portal, maria, order_id="ORD-9", **GLUCOSE)
    corrected = file_result(
        portal,
        maria,
        order_id="ORD-9",
        **(GLUCOSE | {"value": "95", "flag": "", "status": "corrected", "reported_at": "2026-03-04T16:00:00Z"}),
    )
    assert corrected["status"] == "corrected" and corrected["corrected_at"] == "2026-03-04T16:00:00Z"
    row = table_rows(results_page(portal))[0]
    assert (row["Result"], row["Flag"], row["Status"]) == ("95 mg/dL", "", "New Corrected on Mar 4, 2026")
    html = portal.client.get(f"/results/{corrected['id']}").get_data(as_text=True)
    assert definition(html, "Status") == "Corrected on Mar 4, 2026"
    assert "<strong>Corrected</strong> on Mar 4, 2026" in html


def test_a_missing_lab_and_range_read_as_not_recorded(portal, maria):
    result = file_result(portal, maria, test_name="Note-only test", value="See comment")
    html = portal.client.get(f"/results/{result['id']}").get_data(as_text=True)
    assert definition(html, "Performing lab") == "Not recorded"
    assert definition(html, "Reference range") == "Not given"
    assert definition(html, "Flag") == "None"


def test_another_patients_result_is_not_found(portal, maria, other_browser):
    other = other_browser.enroll_at_desk(first_name="Leo")
    theirs = file_result(portal, other)
    assert portal.client.get(f"/results/{theirs['id']}").status_code == 404
    assert portal.client.get("/results/res_doesnotexist").status_code == 404
    assert portal.client.get("/results/2").status_code == 404


def test_result_pages_are_not_cached_and_need_sign_in(portal, maria):
    result = file_result(portal, maria)
    assert portal.client.get(f"/results/{result['id']}").headers["Cache-Control"] == "no-store"
    signed_out = portal.new_browser()
    assert signed_out.client.get(f"/results/{result['id']}").location == "/sign-in"
    assert signed_out.client.get("/results").location == "/sign-in"


def test_the_home_count_shows_unopened_results_and_drops_when_opened(portal, maria):
    assert home_count(portal) == "No new test results"
    first = file_result(portal, maria)
    file_result(portal, maria, test_name="Hemoglobin", loinc_code="718-7")
    assert home_count(portal) == "2 new test results"
    portal.client.get(f"/results/{first['id']}")
    assert home_count(portal) == "1 new test result"


def test_the_notice_names_no_test_value_or_specialty(portal, maria):
    file_result(portal, maria, **GLUCOSE)
    file_result(portal, maria, test_name="HIV 1+2 Ag/Ab", loinc_code="56888-1", value="Negative")
    notices = [mail for mail in portal.mail_to(maria["email"]) if "result" in mail["subject"].lower()]
    assert len(notices) == 2
    for mail in notices:
        assert mail["subject"] == "You have new test results"
        assert mail["body"].startswith("You have new test results. Please sign in to see them.")
        for secret in ("Glucose", "105", "HIV", "Negative", "Riverbend Reference Lab", "Maria"):
            assert secret not in mail["subject"] + mail["body"]


# --- sensitive results and proxies (RES-04), with hand-made Permissions ------------------------
@pytest.fixture
def teen_and_parent(portal, other_browser, view_as):
    """Leo, 15, signed in on his own; his mother signed in on another browser, viewing Leo's
    record as a parent with full access but no sensitive category."""
    leo = portal.enroll_at_desk(first_name="Leo", date_of_birth="2010-06-07")
    portal.sign_in_fully(leo)
    mother = other_browser.enroll_at_desk(first_name="Maria")
    other_browser.sign_in_fully(mother)
    view_as(mother["username"], leo["id"], PARENT_FULL)
    file_result(portal, leo, test_name="Hemoglobin", loinc_code="718-7", value="13.9", units="g/dL")
    hiv = file_result(portal, leo, test_name="HIV 1+2 Ag/Ab", loinc_code="56888-1", value="Negative")
    chlamydia = file_result(portal, leo, test_name="Chlamydia NAA", loinc_code="43304-5", value="Detected", flag="A")
    hcg = file_result(portal, leo, test_name="hCG urine", loinc_code="2106-3", value="Negative")
    return leo, mother, [hiv, chlamydia, hcg]


def test_sensitive_categories_come_from_the_loinc_table(teen_and_parent):
    _leo, _mother, sensitive = teen_and_parent
    assert [result["category"] for result in sensitive] == ["hiv", "sti", "pregnancy"]


def test_the_teen_sees_every_result_the_parent_only_the_non_sensitive_one(portal, other_browser, teen_and_parent):
    _leo, _mother, sensitive = teen_and_parent
    assert sorted(row["Test"] for row in table_rows(results_page(portal))) == [
        "Chlamydia NAA",
        "HIV 1+2 Ag/Ab",
        "Hemoglobin",
        "hCG urine",
    ]
    assert [row["Test"] for row in table_rows(results_page(other_browser))] == ["Hemoglobin"]
    for result in sensitive:
        assert other_browser.client.get(f"/results/{result['id']}").status_code == 404
        assert portal.client.get(f"/results/{result['id']}").status_code == 200
    summary = page_text(other_browser.client.get("/health-summary").get_data(as_text=True))
    assert "Hemoglobin" in summary and "HIV" not in summary and "Chlamydia" not in summary


def test_the_parents_home_count_leaves_out_sensitive_results(portal, other_browser, teen_and_parent):
    assert home_count(portal) == "4 new test results"
    assert home_count(other_browser) == "1 new test result"


def test_waiting_results_the_parent_may_not_see_are_not_mentioned_either(portal, other_browser, teen_and_parent):
    leo, _mother, _ = teen_and_parent
    portal.admin("PUT", f"/patients/{leo['id']}/results-preference", {"wait_for_clinician": True})
    file_result(portal, leo, test_name="HIV-1 RNA", loinc_code="20447-9", value="Not detected")
    assert "waiting for your clinician" in page_text(results_page(portal))
    assert "waiting" not in page_text(results_page(other_browser))


def test_notices_go_to_the_patient_and_only_proxies_who_may_see_the_result(portal, other_browser, view_as):
    leo = portal.enroll_at_desk(first_name="Leo", date_of_birth="2010-06-07")
    mother = other_browser.enroll_at_desk(first_name="Maria")
    parents_account = portal_of(portal.app).accounts.find_by_username(mother["username"])
    assert parents_account is not None
    portal_of(portal.app).results.viewers_of = lambda patient: [(parents_account, PARENT_FULL)]

    file_result(portal, leo, test_name="HIV 1+2 Ag/Ab", loinc_code="56888-1", value="Negative")
    assert len(portal.mail_to(leo["email"])) == 1
    assert portal.mail_to(mother["email"]) == []

    file_result(portal, leo, test_name="Hemoglobin", loinc_code="718-7", value="13.9")
    assert len(portal.mail_to(leo["email"])) == 2
    assert [mail["subject"] for mail in portal.mail_to(mother["email"])] == ["You have new test results"]


def test_recipients_need_the_results_function_and_the_category():
    from reference_portal.services.accounts import Account
    from reference_portal.services.results import ResultService

    def account(number: int) -> Account:
        return Account(number, f"acc_{number}", None, f"user{number}", f"u{number}@example.test", "", 0, None)

    hiv_result = type("R", (), {"category": "hiv"})()
    plain_result = type("R", (), {"category": None})()
    own = Permissions.own_record()
    viewers = [(account(1), own), (account(2), PARENT_FULL), (account(3), PARENT_LIMITED)]
    assert [a.id for a in ResultService.recipients_for(hiv_result, viewers)] == [1]  # type: ignore[arg-type]
    assert [a.id for a in ResultService.recipients_for(plain_result, viewers)] == [1, 2]  # type: ignore[arg-type]


def test_a_limited_proxy_sees_no_results_and_no_count(portal, other_browser, view_as):
    leo = portal.enroll_at_desk(first_name="Leo", date_of_birth="2010-06-07")
    mother = other_browser.enroll_at_desk(first_name="Maria")
    other_browser.sign_in_fully(mother)
    view_as(mother["username"], leo["id"], PARENT_LIMITED)
    result = file_result(portal, leo)
    page = page_text(results_page(other_browser))
    assert "Test results are not part of your access to this record." in page and "Glucose" not in page
    assert other_browser.client.get(f"/results/{result['id']}").status_code == 404
    home = page_text(other_browser.client.get("/home").get_data(as_text=True))
    assert "new test result" not in home and "Test results are not part of your access" in home


def test_only_the_patient_or_a_representative_chooses_when_results_appear(portal, other_browser, view_as):
    leo = portal.enroll_at_desk(first_name="Leo", date_of_birth="1990-06-07")
    friend = other_browser.enroll_at_desk(first_name="Sam")
    other_browser.sign_in_fully(friend)
    view_as(friend["username"], leo["id"], Permissions(Relationship.ADULT_PROXY, frozenset(Function), frozenset()))
    page = page_text(other_browser.client.get("/results/preferences").get_data(as_text=True))
    assert "Only the patient, or their parent or legal guardian" in page
    csrf = other_browser.client.get("/results").get_data(as_text=True).split('name="csrf_token" value="')[1][:43]
    response = other_browser.client.post(
        "/results/preferences", data={"release_preference": "after-review", "csrf_token": csrf}
    )
    assert response.status_code == 404
