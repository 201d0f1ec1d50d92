"""LOINC-coded lab tests the suite sends over HL7, with units, reference ranges and sensitivity.

Synthetic values only. `sensitive` names the DOMAIN.md category (HIV, STI, pregnancy, ...) that
a portal must protect from parent proxies of adolescents.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabTest:
    loinc: str
    name: str
    units: str
    low: float | None
    high: float | None
    sensitive: str | None = None
    qualitative: bool = False

    @property
    def reference_range(self) -> str:
        if self.qualitative:
            return "Negative"
        return f"{self.low:g}-{self.high:g}" if self.low is not None and self.high is not None else ""


ROUTINE: tuple[LabTest, ...] = (
    LabTest("718-7", "Hemoglobin", "g/dL", 12.0, 17.5),
    LabTest("2345-7", "Glucose", "mg/dL", 70, 99),
    LabTest("4548-4", "Hemoglobin A1c", "%", 4.0, 5.6),
    LabTest("2823-3", "Potassium", "mmol/L", 3.5, 5.1),
    LabTest("2160-0", "Creatinine", "mg/dL", 0.6, 1.3),
    LabTest("3016-3", "Thyroid stimulating hormone", "mIU/L", 0.4, 4.0),
    LabTest("13457-7", "LDL cholesterol", "mg/dL", 0, 99),
)

SENSITIVE: tuple[LabTest, ...] = (
    LabTest("56888-1", "HIV 1+2 antigen and antibody", "", None, None, sensitive="hiv", qualitative=True),
    LabTest("43304-5", "Chlamydia trachomatis rRNA", "", None, None, sensitive="sti", qualitative=True),
    LabTest("43305-2", "Neisseria gonorrhoeae rRNA", "", None, None, sensitive="sti", qualitative=True),
    LabTest("2106-3", "Choriogonadotropin (pregnancy test)", "", None, None, sensitive="pregnancy", qualitative=True),
)

BY_CATEGORY: dict[str, tuple[LabTest, ...]] = {
    "routine": ROUTINE,
    **{category: tuple(t for t in SENSITIVE if t.sensitive == category) for category in ("hiv", "sti", "pregnancy")},
}
