"""Helpers for the VDT tests: a patient with a filled-in record, the CCD parsed, downloads."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from werkzeug.test import TestResponse

PortalDriver = Any
NS = {"h": "urn:hl7-org:v3"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"

RECORD: dict[str, list[dict[str, str]]] = {
    "problems": [{"name": "Asthma", "status": "Active", "noted_on": "2019-05-01"}],
    "medications": [{"name": "Albuterol inhaler", "instructions": "2 puffs as needed", "started_on": "2019-05-01"}],
    "allergies": [{"substance": "Penicillin", "reaction": "Hives", "severity": "Moderate", "noted_on": "2018-01-02"}],
    "immunizations": [{"vaccine": "Tdap", "given_on": "2021-08-15"}],
    "vitals": [{"type": "Weight", "value": "61.2", "units": "kg", "taken_on": "2025-10-01"}],
    "care-team": [{"name": "Dr Ana Reyes", "role": "Primary care provider", "phone": "555-0100"}],
}


def fill_record(
    portal: PortalDriver, patient: dict[str, Any], record: dict[str, list[dict[str, str]]] = RECORD
) -> None:
    for section, entries in record.items():
        for entry in entries:
            portal.admin("POST", f"/patients/{patient['id']}/{section}", entry, status=201)


def file_result(portal: PortalDriver, patient: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {
        "test_name": "Glucose",
        "loinc_code": "2345-7",
        "value": "105",
        "units": "mg/dL",
        "reference_range": "70-99",
        "flag": "H",
        "performing_lab": "Riverbend Lab",
        **fields,
    }
    return dict(portal.admin("POST", f"/patients/{patient['id']}/results", body, status=201))


def download(portal: PortalDriver, fmt: str = "ccda", *, date_from: str = "", date_to: str = "") -> TestResponse:
    fields = {"format": fmt, "dates": "range" if (date_from or date_to) else "everything"}
    fields |= {"date_from": date_from, "date_to": date_to}
    return portal.submit("/health-summary/download", fields)


def ccd_of(response: TestResponse) -> ET.Element:
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return ET.fromstring(response.get_data())


def section(doc: ET.Element, loinc: str) -> ET.Element | None:
    for element in doc.iterfind(".//h:section", NS):
        code = element.find("h:code", NS)
        if code is not None and code.get("code") == loinc:
            return element
    return None


def section_text(doc: ET.Element, loinc: str) -> str:
    found = section(doc, loinc)
    assert found is not None, f"no section {loinc}"
    text = found.find("h:text", NS)
    return " ".join("".join(text.itertext()).split()) if text is not None else ""
