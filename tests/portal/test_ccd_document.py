"""The C-CDA R2.1 CCD (VDT-04): well-formed, the CCD templates, the patient's identity and the six
sections with their codes, narrative tables and structured observations."""

from __future__ import annotations

import pytest
from vdt_support import NS, XSI_TYPE, ccd_of, download, file_result, fill_record, section, section_text

pytestmark = pytest.mark.portal

SECTIONS = {
    "11450-4": ("2.16.840.1.113883.10.20.22.2.5.1", "Asthma"),
    "10160-0": ("2.16.840.1.113883.10.20.22.2.1.1", "Albuterol inhaler"),
    "48765-2": ("2.16.840.1.113883.10.20.22.2.6.1", "Penicillin"),
    "30954-2": ("2.16.840.1.113883.10.20.22.2.3.1", "Glucose"),
    "11369-6": ("2.16.840.1.113883.10.20.22.2.2.1", "Tdap"),
    "8716-3": ("2.16.840.1.113883.10.20.22.2.4.1", "Weight"),
}


@pytest.fixture
def maria(portal):
    clinic = portal.clinic("Eastside Clinic", "America/Denver")
    person = portal.enroll_at_desk(clinic=clinic, first_name="Maria", last_name="Lopez", date_of_birth="1985-04-12")
    fill_record(portal, person)
    file_result(portal, person, reported_at="2026-01-10T15:00:00Z")
    portal.sign_in_fully(person)
    return person


def test_the_ccd_is_well_formed_with_the_ccd_templates_and_the_patients_identity(portal, maria):
    response = download(portal, "ccda")
    assert response.headers["Content-Type"].startswith("application/xml")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    doc = ccd_of(response)
    assert doc.tag == "{urn:hl7-org:v3}ClinicalDocument"
    templates = {(t.get("root"), t.get("extension")) for t in doc.findall("h:templateId", NS)}
    assert ("2.16.840.1.113883.10.20.22.1.1", "2015-08-01") in templates
    assert ("2.16.840.1.113883.10.20.22.1.2", "2015-08-01") in templates
    assert doc.find("h:code", NS).get("code") == "34133-9"
    role = doc.find("h:recordTarget/h:patientRole", NS)
    assert role.find("h:id", NS).get("extension") == maria["mrn"]
    person = role.find("h:patient", NS)
    assert person.find("h:name/h:given", NS).text == "Maria"
    assert person.find("h:name/h:family", NS).text == "Lopez"
    assert person.find("h:birthTime", NS).get("value") == "19850412"
    assert person.find("h:administrativeGenderCode", NS).get("code") == "F"
    assert doc.find("h:author/h:assignedAuthor", NS) is not None
    custodian = doc.find("h:custodian/h:assignedCustodian/h:representedCustodianOrganization/h:name", NS)
    assert custodian.text == "Eastside Clinic"


@pytest.mark.parametrize("loinc", SECTIONS)
def test_each_section_has_its_template_code_narrative_and_entries(portal, maria, loinc):
    doc = ccd_of(download(portal, "ccda"))
    found = section(doc, loinc)
    assert found is not None
    template, words = SECTIONS[loinc]
    assert template in {t.get("root") for t in found.findall("h:templateId", NS)}
    assert found.find("h:code", NS).get("codeSystem") == "2.16.840.1.113883.6.1"
    assert words in section_text(doc, loinc)
    assert found.find("h:text/h:table/h:thead", NS) is not None
    assert found.findall("h:entry", NS)


def test_a_result_is_an_observation_with_value_units_range_and_interpretation(portal, maria):
    doc = ccd_of(download(portal, "ccda"))
    observation = section(doc, "30954-2").find(".//h:observation", NS)
    assert observation.find("h:code", NS).get("code") == "2345-7"
    value = observation.find("h:value", NS)
    assert (value.get(XSI_TYPE), value.get("value"), value.get("unit")) == ("PQ", "105", "mg/dL")
    assert observation.find("h:interpretationCode", NS).get("code") == "H"
    range_ = observation.find("h:referenceRange/h:observationRange", NS)
    assert range_.find("h:text", NS).text == "70-99 mg/dL"
    assert range_.find("h:value/h:low", NS).get("value") == "70"
    assert range_.find("h:value/h:high", NS).get("value") == "99"


def test_a_vital_sign_has_its_loinc_code_and_a_quantity(portal, maria):
    doc = ccd_of(download(portal, "ccda"))
    observation = section(doc, "8716-3").find(".//h:observation", NS)
    assert observation.find("h:code", NS).get("code") == "29463-7"
    value = observation.find("h:value", NS)
    assert (value.get("value"), value.get("unit")) == ("61.2", "kg")


def test_an_empty_record_still_has_every_section_saying_so(portal):
    person = portal.enroll_at_desk()
    portal.sign_in_fully(person)
    doc = ccd_of(download(portal, "ccda"))
    for loinc in SECTIONS:
        assert section(doc, loinc) is not None
    assert "There are no test results." in section_text(doc, "30954-2")


def test_psychotherapy_notes_never_reach_the_ccd_or_the_readable_file(portal, maria):
    for kind, title in (("progress", "Asthma follow-up"), ("psychotherapy", "Therapy session 4")):
        body = {"type": kind, "title": title, "text": "Text.", "author": "Dr Kim"}
        portal.admin("POST", f"/patients/{maria['id']}/notes", body, 201)
    xml = download(portal, "ccda").get_data(as_text=True)
    assert "Asthma follow-up" in xml
    assert "Therapy session 4" not in xml
    readable = download(portal, "human").get_data(as_text=True)
    assert "Asthma follow-up" in readable
    assert "Therapy session 4" not in readable
