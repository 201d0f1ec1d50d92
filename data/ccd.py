"""Reading a C-CDA R2.1 Continuity of Care Document (CCD) as a receiving system would.

The section codes are the standard's (LOINC), not the portal's: a CCD that lacks one, or names
another patient, is wrong whatever the portal meant.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from data.people import Person

NS = {"h": "urn:hl7-org:v3"}
CLINICAL_DOCUMENT = "{urn:hl7-org:v3}ClinicalDocument"
CCD_DOCUMENT_CODE = "34133-9"  # Summarization of Episode Note

# The C-CDA R2.1 CCD sections a patient's download must carry, by LOINC section code.
CCD_SECTIONS: dict[str, str] = {
    "problems": "11450-4",
    "medications": "10160-0",
    "allergies": "48765-2",
    "results": "30954-2",
    "immunizations": "11369-6",
    "vitals": "8716-3",
}


class NotACcdError(AssertionError):
    """The file is not well-formed XML, or not a CCD."""


@dataclass(frozen=True)
class PatientIdentity:
    given: str
    family: str
    birth_date: str  # YYYYMMDD, as the CCD writes it
    mrn: str

    @classmethod
    def of(cls, person: Person) -> PatientIdentity:
        return cls(person.first_name, person.last_name, _hl7_date(person.date_of_birth), person.mrn)


class Ccd:
    """A parsed CCD: its sections by LOINC code, and the patient it is about."""

    def __init__(self, data: bytes | str) -> None:
        try:
            self.root = ET.fromstring(data)
        except ET.ParseError as error:
            raise NotACcdError(f"The C-CDA file is not well-formed XML: {error}") from None
        if self.root.tag != CLINICAL_DOCUMENT:
            raise NotACcdError(f"The C-CDA file's root is {self.root.tag}, not an HL7 v3 ClinicalDocument.")

    @property
    def document_code(self) -> str:
        code = self.root.find("h:code", NS)
        return code.get("code", "") if code is not None else ""

    def section_codes(self) -> list[str]:
        codes = []
        for section in self.root.iterfind(".//h:section", NS):
            code = section.find("h:code", NS)
            if code is not None:
                codes.append(code.get("code", ""))
        return codes

    def section_text(self, loinc: str) -> str | None:
        """The human-readable <text> of the section with that LOINC code, or None without the section."""
        for section in self.root.iterfind(".//h:section", NS):
            code = section.find("h:code", NS)
            if code is not None and code.get("code") == loinc:
                text = section.find("h:text", NS)
                return " ".join("".join(text.itertext()).split()) if text is not None else ""
        return None

    def text(self) -> str:
        """Every human-readable word in the document (all sections' text)."""
        return " ".join(" ".join(self.root.itertext()).split())

    def patient(self) -> PatientIdentity:
        role = self.root.find("h:recordTarget/h:patientRole", NS)
        if role is None:
            raise NotACcdError("The C-CDA file has no recordTarget/patientRole: it names no patient.")
        ids = [element.get("extension", "") for element in role.iterfind("h:id", NS)]
        given = role.findtext("h:patient/h:name/h:given", default="", namespaces=NS)
        family = role.findtext("h:patient/h:name/h:family", default="", namespaces=NS)
        birth = role.find("h:patient/h:birthTime", NS)
        return PatientIdentity(
            given=given.strip(),
            family=family.strip(),
            birth_date=birth.get("value", "")[:8] if birth is not None else "",
            mrn=next((value for value in ids if value), ""),
        )


def _hl7_date(day: date) -> str:
    return day.strftime("%Y%m%d")
