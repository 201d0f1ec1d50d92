"""Which lab tests are sensitive: LOINC codes by category (HIPAA, 42 CFR Part 2, state minor-consent law).

A result is in a category when its observation code (OBX-3) or its ordered test (OBR-4) is listed
here, or when staff named the category when they filed it. Organisations extend this table with
their local codes; a code missing here is shown like any other result, so err on listing.
"""

from __future__ import annotations

from reference_portal.services.permissions import SensitiveCategory

_HIV = {
    "56888-1": "HIV 1+2 Ab + HIV 1 p24 Ag [Presence] in Serum or Plasma by Immunoassay",
    "75622-1": "HIV 1+2 Ab + HIV 1 p24 Ag [Presence] in Serum or Plasma by Immunoassay",
    "7917-8": "HIV 1 Ab [Presence] in Serum",
    "68961-2": "HIV 1 Ab [Presence] in Serum or Plasma by Immunoassay",
    "31201-7": "HIV 1+2 Ab [Presence] in Serum",
    "20447-9": "HIV 1 RNA [#/volume] in Serum or Plasma by NAA with probe detection",
    "25836-8": "HIV 1 RNA [#/volume] in Serum or Plasma by NAA with probe detection",
}
_STI = {
    "43304-5": "Chlamydia trachomatis rRNA [Presence] in Specimen by NAA with probe detection",
    "21613-5": "Chlamydia trachomatis DNA [Presence] in Specimen by NAA with probe detection",
    "43305-2": "Neisseria gonorrhoeae rRNA [Presence] in Specimen by NAA with probe detection",
    "24111-7": "Neisseria gonorrhoeae DNA [Presence] in Specimen by NAA with probe detection",
    "20507-0": "Reagin Ab [Presence] in Serum by RPR (syphilis)",
    "5292-8": "Reagin Ab [Presence] in Serum by VDRL (syphilis)",
}
_PREGNANCY = {
    "2106-3": "Choriogonadotropin (pregnancy test) [Presence] in Urine",
    "2118-8": "Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma",
    "2119-6": "Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma",
    "21198-7": "Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma",
    "19080-1": "Choriogonadotropin [Units/volume] in Serum or Plasma",
}
_SUBSTANCE_USE = {
    "19295-5": "Opiates [Presence] in Urine by Screen method",
    "3397-7": "Cocaine [Presence] in Urine",
    "18282-4": "Cannabinoids [Presence] in Urine by Screen method",
    "5643-2": "Ethanol [Mass/volume] in Serum or Plasma",
}
_MENTAL_HEALTH = {
    "44261-6": "Patient Health Questionnaire 9 item (PHQ-9) total score",
    "70274-6": "Generalized anxiety disorder 7 item (GAD-7) total score",
    "14334-7": "Lithium [Moles/volume] in Serum or Plasma",
}
_GENETIC = {
    "21636-6": "BRCA1 gene mutations found in Blood or Tissue by Molecular genetics method",
    "21637-4": "BRCA2 gene mutations found in Blood or Tissue by Molecular genetics method",
    "51969-4": "Genetic analysis report",
    "48018-6": "Gene studied [ID]",
}

SENSITIVE_LOINC_CODES: dict[str, SensitiveCategory] = {
    **dict.fromkeys(_HIV, SensitiveCategory.HIV),
    **dict.fromkeys(_STI, SensitiveCategory.STI),
    **dict.fromkeys(_PREGNANCY, SensitiveCategory.PREGNANCY),
    **dict.fromkeys(_SUBSTANCE_USE, SensitiveCategory.SUBSTANCE_USE),
    **dict.fromkeys(_MENTAL_HEALTH, SensitiveCategory.MENTAL_HEALTH),
    **dict.fromkeys(_GENETIC, SensitiveCategory.GENETIC),
}


def category_for_codes(*codes: str | None) -> SensitiveCategory | None:
    """The first sensitive category any of the codes belongs to (None: not a sensitive test)."""
    for code in codes:
        if code and (category := SENSITIVE_LOINC_CODES.get(code.strip())) is not None:
            return category
    return None


def parse_category(text: str | None) -> SensitiveCategory | None:
    """A category named in an API body ("hiv", "sti", ...); '' or None is no category."""
    if not text:
        return None
    try:
        return SensitiveCategory(text.strip().lower())
    except ValueError:
        return None
