"""When a lab result may be shown to the patient (and to anyone acting for them).

The rules (21st Century Cures Act information blocking; 45 CFR 171.201 Preventing Harm):
- a preliminary result is never shown;
- a result under an active Preventing-Harm hold is not shown until the hold is lifted;
- a final or corrected result is shown at once, unless the patient chose "wait for my
  clinician" when it became final (and still chooses it): then it appears when a clinician
  releases it or when `Settings.patient_wait_days` have passed, whichever comes first.

Visibility is computed at read time from the scenario clock; nothing here stores anything.
Who may see a visible result (proxies, sensitive categories) is the viewer's `Permissions`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from reference_portal.settings import Settings

if TYPE_CHECKING:
    from reference_portal.services.results import Result


class ReleaseState(StrEnum):
    VISIBLE = "visible"
    PRELIMINARY = "preliminary"
    HELD = "held"
    AWAITING_REVIEW = "awaiting-review"


class ReleaseRules:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    @property
    def patient_wait(self) -> timedelta:
        return timedelta(days=self._settings.patient_wait_days)

    def state(self, result: Result, *, patient_waits: bool, now: datetime) -> ReleaseState:
        """`patient_waits`: the patient's current preference is still "wait for my clinician"."""
        if result.is_preliminary:
            return ReleaseState.PRELIMINARY
        if self.held(result):
            return ReleaseState.HELD
        if self.waiting_for_review(result, patient_waits=patient_waits, now=now):
            return ReleaseState.AWAITING_REVIEW
        return ReleaseState.VISIBLE

    def held(self, result: Result) -> bool:
        return result.hold is not None

    def waiting_for_review(self, result: Result, *, patient_waits: bool, now: datetime) -> bool:
        if not (result.wait_for_review and patient_waits) or result.released_by_clinician:
            return False
        ends = self.wait_ends_at(result)
        return ends is not None and now < ends

    def wait_ends_at(self, result: Result) -> datetime | None:
        """The instant a waiting result appears on its own (None: it never waited)."""
        if not result.wait_for_review or result.finalised_at is None:
            return None
        return result.finalised_at + self.patient_wait
