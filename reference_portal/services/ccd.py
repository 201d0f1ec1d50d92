"""A C-CDA R2.1 Continuity of Care Document (CCD) for one extract of a patient's record.

Built with ElementTree (never by joining strings), in the urn:hl7-org:v3 namespace. Each section
carries its C-CDA templateId and LOINC section code, a human-readable <text> table, and
structured entries: results and vital signs are observations with a value (PQ when numeric),
units, reference range and interpretation code.

What goes in is decided before this module is called (`RecordExtract`: the viewer's permissions
and the date range have already filtered it); this module only writes it down.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from reference_portal.services.clinical_record import RecordEntry
from reference_portal.services.clinics import Clinic
from reference_portal.services.notes import Note
from reference_portal.services.patients import Patient
from reference_portal.services.results import Result

HL7 = "urn:hl7-org:v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SDTC = "urn:hl7-org:sdtc"
ET.register_namespace("", HL7)
ET.register_namespace("xsi", XSI)
ET.register_namespace("sdtc", SDTC)

LOINC = "2.16.840.1.113883.6.1"
SNOMED = "2.16.840.1.113883.6.96"
GENDER_SYSTEM = "2.16.840.1.113883.5.1"
INTERPRETATION_SYSTEM = "2.16.840.1.113883.5.83"
ACT_CLASS = "2.16.840.1.113883.5.6"
CCD_TEMPLATES = (("2.16.840.1.113883.10.20.22.1.1", "2015-08-01"), ("2.16.840.1.113883.10.20.22.1.2", "2015-08-01"))
# The organisation's OIDs: under the HL7 example arc (a real organisation registers its own).
ORGANIZATION_ROOT = "2.16.840.1.113883.19.5"
MRN_ROOT = "2.16.840.1.113883.19.5.1"
SOFTWARE_NAME = "Riverbend Health patient portal"


class CcdSection(StrEnum):
    ALLERGIES = "allergies"
    MEDICATIONS = "medications"
    PROBLEMS = "problems"
    RESULTS = "results"
    IMMUNIZATIONS = "immunizations"
    VITALS = "vitals"
    NOTES = "notes"


@dataclass(frozen=True)
class SectionCode:
    template: str
    extension: str | None
    loinc: str
    loinc_name: str
    title: str


SECTION_CODES: dict[CcdSection, SectionCode] = {
    CcdSection.ALLERGIES: SectionCode(
        "2.16.840.1.113883.10.20.22.2.6.1", "2015-08-01", "48765-2", "Allergies and adverse reactions", "Allergies"
    ),
    CcdSection.MEDICATIONS: SectionCode(
        "2.16.840.1.113883.10.20.22.2.1.1", "2014-06-09", "10160-0", "History of Medication use", "Medications"
    ),
    CcdSection.PROBLEMS: SectionCode(
        "2.16.840.1.113883.10.20.22.2.5.1", "2015-08-01", "11450-4", "Problem list", "Problems"
    ),
    CcdSection.RESULTS: SectionCode(
        "2.16.840.1.113883.10.20.22.2.3.1",
        "2015-08-01",
        "30954-2",
        "Relevant diagnostic tests/laboratory data",
        "Results",
    ),
    CcdSection.IMMUNIZATIONS: SectionCode(
        "2.16.840.1.113883.10.20.22.2.2.1", "2015-08-01", "11369-6", "History of Immunization", "Immunizations"
    ),
    CcdSection.VITALS: SectionCode(
        "2.16.840.1.113883.10.20.22.2.4.1", "2015-08-01", "8716-3", "Vital signs", "Vital signs"
    ),
    CcdSection.NOTES: SectionCode("2.16.840.1.113883.10.20.22.2.65", "2016-11-01", "11506-3", "Progress note", "Notes"),
}

# Common vital signs by the words the EHR files them with; anything else keeps its own words.
VITAL_CODES: dict[str, tuple[str, str]] = {
    "blood pressure": ("85354-9", "Blood pressure panel"),
    "systolic blood pressure": ("8480-6", "Systolic blood pressure"),
    "diastolic blood pressure": ("8462-4", "Diastolic blood pressure"),
    "heart rate": ("8867-4", "Heart rate"),
    "pulse": ("8867-4", "Heart rate"),
    "respiratory rate": ("9279-1", "Respiratory rate"),
    "temperature": ("8310-5", "Body temperature"),
    "body temperature": ("8310-5", "Body temperature"),
    "weight": ("29463-7", "Body weight"),
    "body weight": ("29463-7", "Body weight"),
    "height": ("8302-2", "Body height"),
    "body height": ("8302-2", "Body height"),
    "bmi": ("39156-5", "Body mass index"),
    "body mass index": ("39156-5", "Body mass index"),
    "oxygen saturation": ("59408-5", "Oxygen saturation"),
}

# HL7 v2 abnormal flags to the v3 ObservationInterpretation codes.
INTERPRETATIONS: dict[str, tuple[str, str]] = {
    "H": ("H", "High"),
    "HH": ("HH", "Critical high"),
    "HU": ("HU", "Significantly high"),
    ">": ("H", "High"),
    "L": ("L", "Low"),
    "LL": ("LL", "Critical low"),
    "LU": ("LU", "Significantly low"),
    "<": ("L", "Low"),
    "A": ("A", "Abnormal"),
    "AA": ("AA", "Critical abnormal"),
    "POS": ("POS", "Positive"),
    "NEG": ("NEG", "Negative"),
    "R": ("R", "Resistant"),
    "I": ("I", "Intermediate"),
    "S": ("S", "Susceptible"),
    "N": ("N", "Normal"),
}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class CcdInput:
    """Everything one CCD says, already filtered for the viewer and the date range."""

    patient: Patient
    clinic: Clinic
    clinic_phone: str
    generated_at: datetime
    date_from: date | None
    date_to: date | None
    entries: dict[CcdSection, list[RecordEntry]]  # allergies, medications, problems, immunizations, vitals
    results: list[Result]
    notes: list[Note]
    sections: tuple[CcdSection, ...]  # which sections to write, in order


def build_ccd(data: CcdInput) -> bytes:
    """The document as UTF-8 XML with its declaration."""
    zone = data.clinic.zone
    doc = ET.Element(_q("ClinicalDocument"))
    _el(doc, "realmCode", code="US")
    _el(doc, "typeId", root="2.16.840.1.113883.1.3", extension="POCD_HD000040")
    for root, extension in CCD_TEMPLATES:
        _el(doc, "templateId", root=root)
        _el(doc, "templateId", root=root, extension=extension)
    _el(doc, "id", root=str(uuid.uuid4()))
    _code(doc, "34133-9", LOINC, "LOINC", "Summarization of Episode Note")
    title = _el(doc, "title")
    title.text = (
        f"Continuity of Care Document: {data.patient.demographics.first_name} {data.patient.demographics.last_name}"
    )
    _el(doc, "effectiveTime", value=_ts(data.generated_at, zone))
    _el(doc, "confidentialityCode", code="N", codeSystem="2.16.840.1.113883.5.25")
    _el(doc, "languageCode", code="en-US")
    _record_target(doc, data)
    _author(doc, data, zone)
    _custodian(doc, data)
    _service_event(doc, data, zone)
    body = _el(_el(doc, "component"), "structuredBody")
    writers: dict[CcdSection, Callable[[ET.Element, CcdInput, ZoneInfo], None]] = {
        CcdSection.ALLERGIES: _allergies,
        CcdSection.MEDICATIONS: _medications,
        CcdSection.PROBLEMS: _problems,
        CcdSection.RESULTS: _results,
        CcdSection.IMMUNIZATIONS: _immunizations,
        CcdSection.VITALS: _vitals,
        CcdSection.NOTES: _notes,
    }
    for section in data.sections:
        element = _section(body, section)
        writers[section](element, data, zone)
    ET.indent(doc)
    return bytes(ET.tostring(doc, encoding="utf-8", xml_declaration=True))


# --- header ----------------------------------------------------------------------------------
def _record_target(doc: ET.Element, data: CcdInput) -> None:
    patient = data.patient
    demographics = patient.demographics
    role = _el(_el(doc, "recordTarget"), "patientRole")
    _el(role, "id", root=MRN_ROOT, extension=patient.mrn, assigningAuthorityName=data.clinic.name)
    address = demographics.address
    addr = _el(role, "addr", use="HP")
    for tag, value in (
        ("streetAddressLine", address.line1),
        ("streetAddressLine", address.line2),
        ("city", address.city),
        ("state", address.state),
        ("postalCode", address.postal_code),
    ):
        if value:
            _el(addr, tag).text = value
    if not any((address.line1, address.city, address.state, address.postal_code)):
        addr.set("nullFlavor", "UNK")
    if demographics.phone:
        _el(role, "telecom", use="HP", value=f"tel:{demographics.phone}")
    if demographics.email:
        _el(role, "telecom", use="HP", value=f"mailto:{demographics.email}")
    person = _el(role, "patient")
    name = _el(person, "name", use="L")
    _el(name, "given").text = demographics.first_name
    _el(name, "family").text = demographics.last_name
    sex = demographics.sex.upper()
    if sex in ("F", "M"):
        _el(
            person,
            "administrativeGenderCode",
            code=sex,
            codeSystem=GENDER_SYSTEM,
            displayName="Female" if sex == "F" else "Male",
        )
    else:
        _el(person, "administrativeGenderCode", nullFlavor="UNK")
    _el(person, "birthTime", value=demographics.date_of_birth.strftime("%Y%m%d"))


def _organization(parent: ET.Element, tag: str, data: CcdInput) -> ET.Element:
    org = _el(parent, tag)
    _el(org, "id", root=ORGANIZATION_ROOT, extension=data.clinic.code)
    _el(org, "name").text = data.clinic.name
    if data.clinic_phone:
        _el(org, "telecom", use="WP", value=f"tel:{data.clinic_phone}")
    else:
        _el(org, "telecom", nullFlavor="UNK")
    _el(org, "addr", nullFlavor="UNK")
    return org


def _author(doc: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    author = _el(doc, "author")
    _el(author, "time", value=_ts(data.generated_at, zone))
    assigned = _el(author, "assignedAuthor")
    _el(assigned, "id", root=ORGANIZATION_ROOT, extension="portal")
    _el(assigned, "addr", nullFlavor="UNK")
    _el(assigned, "telecom", nullFlavor="UNK")
    device = _el(assigned, "assignedAuthoringDevice")
    _el(device, "manufacturerModelName").text = SOFTWARE_NAME
    _el(device, "softwareName").text = SOFTWARE_NAME
    _organization(assigned, "representedOrganization", data)


def _custodian(doc: ET.Element, data: CcdInput) -> None:
    custodian = _el(_el(doc, "custodian"), "assignedCustodian")
    _organization(custodian, "representedCustodianOrganization", data)


def _service_event(doc: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    event = _el(_el(doc, "documentationOf"), "serviceEvent", classCode="PCPR")
    time = _el(event, "effectiveTime")
    low = data.date_from or data.patient.demographics.date_of_birth
    _el(time, "low", value=low.strftime("%Y%m%d"))
    high = data.date_to or data.generated_at.astimezone(zone).date()
    _el(time, "high", value=high.strftime("%Y%m%d"))


# --- sections --------------------------------------------------------------------------------
def _section(body: ET.Element, section: CcdSection) -> ET.Element:
    code = SECTION_CODES[section]
    element = _el(_el(body, "component"), "section")
    _el(element, "templateId", root=code.template)
    if code.extension:
        _el(element, "templateId", root=code.template, extension=code.extension)
    _code(element, code.loinc, LOINC, "LOINC", code.loinc_name)
    _el(element, "title").text = code.title
    return element


def _table(section: ET.Element, headings: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]], empty: str) -> None:
    """The section's narrative: a table whose first cell of each row has an ID entries point at."""
    text = _el(section, "text")
    if not rows:
        _el(text, "paragraph").text = empty
        return
    table = _el(text, "table", border="1", width="100%")
    head = _el(_el(table, "thead"), "tr")
    for heading in headings:
        _el(head, "th").text = heading
    body = _el(table, "tbody")
    for row_id, cells in rows:
        tr = _el(body, "tr")
        for index, cell in enumerate(cells):
            td = _el(tr, "td")
            if index == 0:
                td.set("ID", row_id)
            td.text = cell


def _allergies(section: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    entries = data.entries.get(CcdSection.ALLERGIES, [])
    rows = [
        (
            f"allergy-{n}",
            (e.value("substance"), e.value("reaction"), e.value("severity"), _day_text(e.day("noted_on"))),
        )
        for n, e in enumerate(entries, 1)
    ]
    _table(section, ("Substance", "Reaction", "Severity", "Noted"), rows, "No allergies are recorded.")
    for n, entry in enumerate(entries, 1):
        act = _entry_act(section, "2.16.840.1.113883.10.20.22.4.30", "2015-08-01", entry, "CONC")
        _code(act, "CONC", ACT_CLASS, None, None)
        _el(act, "statusCode", code="active")
        _low_time(act, entry.day("noted_on"))
        obs = _el(_el(act, "entryRelationship", typeCode="SUBJ"), "observation", classCode="OBS", moodCode="EVN")
        _templates(obs, "2.16.840.1.113883.10.20.22.4.7", "2014-06-09")
        _el(obs, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, entry.public_id + "/obs")))
        _code(obs, "ASSERTION", "2.16.840.1.113883.5.4", None, None)
        _el(obs, "statusCode", code="completed")
        _low_time(obs, entry.day("noted_on"))
        _value_cd(obs, "419199007", SNOMED, "Allergy to substance (disorder)")
        participant = _el(obs, "participant", typeCode="CSM")
        role = _el(participant, "participantRole", classCode="MANU")
        entity = _el(role, "playingEntity", classCode="MMAT")
        code = _el(entity, "code", nullFlavor="OTH")
        _original_text(code, f"allergy-{n}")
        _el(entity, "name").text = entry.value("substance")


def _medications(section: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    entries = data.entries.get(CcdSection.MEDICATIONS, [])
    rows = [
        (
            f"medication-{n}",
            (e.value("name"), e.value("instructions"), e.value("prescriber"), _day_text(e.day("started_on"))),
        )
        for n, e in enumerate(entries, 1)
    ]
    _table(section, ("Medication", "Instructions", "Prescribed by", "Started"), rows, "No medications are recorded.")
    for n, entry in enumerate(entries, 1):
        entry_el = _el(section, "entry", typeCode="DRIV")
        admin = _el(entry_el, "substanceAdministration", classCode="SBADM", moodCode="EVN")
        _templates(admin, "2.16.840.1.113883.10.20.22.4.16", "2014-06-09")
        _el(admin, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, entry.public_id)))
        _reference_text(admin, f"medication-{n}")
        _el(admin, "statusCode", code="active")
        time = _el(admin, "effectiveTime", {f"{{{XSI}}}type": "IVL_TS"})
        started = entry.day("started_on")
        if started:
            _el(time, "low", value=started.strftime("%Y%m%d"))
        else:
            _el(time, "low", nullFlavor="UNK")
        product = _el(_el(admin, "consumable"), "manufacturedProduct", classCode="MANU")
        _templates(product, "2.16.840.1.113883.10.20.22.4.23", "2014-06-09")
        material = _el(product, "manufacturedMaterial")
        code = _el(material, "code", nullFlavor="OTH")
        _original_text(code, f"medication-{n}")
        _el(material, "name").text = entry.value("name")


def _problems(section: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    entries = data.entries.get(CcdSection.PROBLEMS, [])
    rows = [
        (f"problem-{n}", (e.value("name"), e.value("status"), _day_text(e.day("noted_on"))))
        for n, e in enumerate(entries, 1)
    ]
    _table(section, ("Problem", "Status", "Noted"), rows, "No health problems are recorded.")
    for n, entry in enumerate(entries, 1):
        act = _entry_act(section, "2.16.840.1.113883.10.20.22.4.3", "2015-08-01", entry, "CONC")
        _code(act, "CONC", ACT_CLASS, None, "Concern")
        active = entry.value("status").lower() not in ("resolved", "inactive")
        _el(act, "statusCode", code="active" if active else "completed")
        _low_time(act, entry.day("noted_on"))
        obs = _el(_el(act, "entryRelationship", typeCode="SUBJ"), "observation", classCode="OBS", moodCode="EVN")
        _templates(obs, "2.16.840.1.113883.10.20.22.4.4", "2015-08-01")
        _el(obs, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, entry.public_id + "/obs")))
        _code(obs, "55607006", SNOMED, "SNOMED CT", "Problem")
        _reference_text(obs, f"problem-{n}")
        _el(obs, "statusCode", code="completed")
        _low_time(obs, entry.day("noted_on"))
        value = _el(obs, "value", {f"{{{XSI}}}type": "CD"}, nullFlavor="OTH")
        _original_text(value, f"problem-{n}")


def _immunizations(section: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    entries = data.entries.get(CcdSection.IMMUNIZATIONS, [])
    rows = [
        (
            f"immunization-{n}",
            (e.value("vaccine"), _day_text(e.day("given_on")), e.value("dose"), e.value("given_by")),
        )
        for n, e in enumerate(entries, 1)
    ]
    _table(section, ("Vaccine", "Date given", "Dose", "Given by"), rows, "No immunizations are recorded.")
    for n, entry in enumerate(entries, 1):
        entry_el = _el(section, "entry", typeCode="DRIV")
        admin = _el(entry_el, "substanceAdministration", classCode="SBADM", moodCode="EVN", negationInd="false")
        _templates(admin, "2.16.840.1.113883.10.20.22.4.52", "2015-08-01")
        _el(admin, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, entry.public_id)))
        _reference_text(admin, f"immunization-{n}")
        _el(admin, "statusCode", code="completed")
        given = entry.day("given_on")
        _el(admin, "effectiveTime", value=given.strftime("%Y%m%d") if given else "")
        product = _el(_el(admin, "consumable"), "manufacturedProduct", classCode="MANU")
        _templates(product, "2.16.840.1.113883.10.20.22.4.54", "2014-06-09")
        material = _el(product, "manufacturedMaterial")
        code = _el(material, "code", nullFlavor="OTH")
        _original_text(code, f"immunization-{n}")
        _el(material, "name").text = entry.value("vaccine")


def _vitals(section: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    entries = data.entries.get(CcdSection.VITALS, [])
    rows = [
        (
            f"vital-{n}",
            (e.value("type"), f"{e.value('value')} {e.value('units')}".strip(), _day_text(e.day("taken_on"))),
        )
        for n, e in enumerate(entries, 1)
    ]
    _table(section, ("Measurement", "Value", "Date"), rows, "No vital signs are recorded.")
    for n, entry in enumerate(entries, 1):
        organizer = _el(_el(section, "entry", typeCode="DRIV"), "organizer", classCode="CLUSTER", moodCode="EVN")
        _templates(organizer, "2.16.840.1.113883.10.20.22.4.26", "2015-08-01")
        _el(organizer, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, entry.public_id)))
        _code(organizer, "46680005", SNOMED, "SNOMED CT", "Vital signs")
        _el(organizer, "statusCode", code="completed")
        taken = entry.day("taken_on")
        _el(organizer, "effectiveTime", value=taken.strftime("%Y%m%d") if taken else "")
        obs = _el(_el(organizer, "component"), "observation", classCode="OBS", moodCode="EVN")
        _templates(obs, "2.16.840.1.113883.10.20.22.4.27", "2014-06-09")
        _el(obs, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, entry.public_id + "/obs")))
        known = VITAL_CODES.get(entry.value("type").strip().lower())
        if known:
            code = _code(obs, known[0], LOINC, "LOINC", known[1])
        else:
            code = _el(obs, "code", nullFlavor="OTH")
            _original_text(code, f"vital-{n}")
        _el(obs, "statusCode", code="completed")
        _el(obs, "effectiveTime", value=taken.strftime("%Y%m%d") if taken else "")
        _value(obs, entry.value("value"), entry.value("units"))
        _el(obs, "interpretationCode", nullFlavor="NI")


def _results(section: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    results = data.results
    rows = [
        (
            f"result-{n}",
            (
                r.test_name,
                f"{r.value} {r.units or ''}".strip(),
                r.reference_range or "",
                INTERPRETATIONS.get((r.abnormal_flag or "").upper(), ("", ""))[1],
                r.status.value.capitalize(),
                _day_text(r.reported_at.astimezone(zone).date()),
                r.performing_lab or "",
            ),
        )
        for n, r in enumerate(results, 1)
    ]
    _table(
        section,
        ("Test", "Result", "Reference range", "Interpretation", "Status", "Date", "Performing lab"),
        rows,
        "There are no test results.",
    )
    for n, result in enumerate(results, 1):
        organizer = _el(_el(section, "entry", typeCode="DRIV"), "organizer", classCode="BATTERY", moodCode="EVN")
        _templates(organizer, "2.16.840.1.113883.10.20.22.4.1", "2015-08-01")
        _el(organizer, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, result.public_id)))
        if result.order_code:
            _code(organizer, result.order_code, LOINC, "LOINC", result.order_name or result.test_name)
        else:
            code = _el(organizer, "code", nullFlavor="OTH")
            _original_text(code, f"result-{n}")
        _el(organizer, "statusCode", code="active" if result.is_preliminary else "completed")
        moment = result.collected_at or result.reported_at
        _el(organizer, "effectiveTime", value=_ts(moment, zone))
        obs = _el(_el(organizer, "component"), "observation", classCode="OBS", moodCode="EVN")
        _templates(obs, "2.16.840.1.113883.10.20.22.4.2", "2015-08-01")
        _el(obs, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, result.public_id + "/obs")))
        if result.loinc_code:
            code = _code(obs, result.loinc_code, LOINC, "LOINC", result.test_name)
        else:
            code = _el(obs, "code", nullFlavor="OTH")
        _original_text(code, f"result-{n}")
        _el(obs, "statusCode", code="active" if result.is_preliminary else "completed")
        _el(obs, "effectiveTime", value=_ts(moment, zone))
        _value(obs, result.value, result.units or "")
        flag = INTERPRETATIONS.get((result.abnormal_flag or "").upper())
        if flag:
            _el(obs, "interpretationCode", code=flag[0], codeSystem=INTERPRETATION_SYSTEM, displayName=flag[1])
        else:
            _el(obs, "interpretationCode", nullFlavor="NI")
        if result.performing_lab:
            author = _el(obs, "author")
            _el(author, "time", value=_ts(result.reported_at, zone))
            performer = _el(author, "assignedAuthor")
            _el(performer, "id", nullFlavor="UNK")
            org = _el(performer, "representedOrganization")
            _el(org, "name").text = result.performing_lab
        if result.reference_range:
            observation_range = _el(_el(obs, "referenceRange"), "observationRange")
            _el(observation_range, "text").text = f"{result.reference_range} {result.units or ''}".strip()
            _range_value(observation_range, result.reference_range, result.units or "")


def _notes(section: ET.Element, data: CcdInput, zone: ZoneInfo) -> None:
    notes = data.notes
    rows = [
        (
            f"note-{n}",
            (note.title, note.type_label, note.author, _day_text(note.written_at.astimezone(zone).date()), note.body),
        )
        for n, note in enumerate(notes, 1)
    ]
    _table(section, ("Note", "Type", "Written by", "Date", "Text"), rows, "There are no clinical notes.")
    for n, note in enumerate(notes, 1):
        act = _el(_el(section, "entry"), "act", classCode="ACT", moodCode="EVN")
        _templates(act, "2.16.840.1.113883.10.20.22.4.202", "2016-11-01")
        _code(act, "34109-9", LOINC, "LOINC", "Note")
        text = _el(act, "text")
        _el(text, "reference", value=f"#note-{n}")
        _el(act, "statusCode", code="completed")
        _el(act, "effectiveTime", value=_ts(note.written_at, zone))


# --- small builders --------------------------------------------------------------------------
def _q(tag: str) -> str:
    return f"{{{HL7}}}{tag}"


def _el(parent: ET.Element, tag: str, attributes: dict[str, str] | None = None, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, _q(tag), {**(attributes or {}), **attrs})


def _templates(element: ET.Element, root: str, extension: str) -> None:
    _el(element, "templateId", root=root)
    _el(element, "templateId", root=root, extension=extension)


def _code(parent: ET.Element, code: str, system: str, system_name: str | None, display: str | None) -> ET.Element:
    attrs = {"code": code, "codeSystem": system}
    if system_name:
        attrs["codeSystemName"] = system_name
    if display:
        attrs["displayName"] = display
    return _el(parent, "code", attrs)


def _value_cd(parent: ET.Element, code: str, system: str, display: str) -> None:
    _el(parent, "value", {f"{{{XSI}}}type": "CD"}, code=code, codeSystem=system, displayName=display)


def _value(parent: ET.Element, value: str, units: str) -> None:
    """A number with units is a PQ; anything else (120/80, Positive) is a string."""
    if _NUMBER.fullmatch(value.strip()):
        _el(parent, "value", {f"{{{XSI}}}type": "PQ"}, value=value.strip(), unit=units.strip() or "1")
    else:
        element = _el(parent, "value", {f"{{{XSI}}}type": "ST"})
        element.text = f"{value} {units}".strip()


def _range_value(parent: ET.Element, text: str, units: str) -> None:
    """ "70-99" becomes an IVL_PQ with low and high; anything else stays text only."""
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*", text)
    if not match:
        return
    value = _el(parent, "value", {f"{{{XSI}}}type": "IVL_PQ"})
    _el(value, "low", value=match.group(1), unit=units.strip() or "1")
    _el(value, "high", value=match.group(2), unit=units.strip() or "1")


def _original_text(code: ET.Element, row_id: str) -> None:
    _el(_el(code, "originalText"), "reference", value=f"#{row_id}")


def _reference_text(parent: ET.Element, row_id: str) -> None:
    _el(_el(parent, "text"), "reference", value=f"#{row_id}")


def _entry_act(section: ET.Element, template: str, extension: str, entry: RecordEntry, _kind: str) -> ET.Element:
    act = _el(_el(section, "entry", typeCode="DRIV"), "act", classCode="ACT", moodCode="EVN")
    _templates(act, template, extension)
    _el(act, "id", root=str(uuid.uuid5(uuid.NAMESPACE_URL, entry.public_id)))
    return act


def _low_time(parent: ET.Element, day: date | None) -> None:
    time = _el(parent, "effectiveTime")
    if day:
        _el(time, "low", value=day.strftime("%Y%m%d"))
    else:
        _el(time, "low", nullFlavor="UNK")


def _ts(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y%m%d%H%M%S%z")


def _day_text(day: date | None) -> str:
    return f"{day:%b} {day.day}, {day.year}" if day else ""
