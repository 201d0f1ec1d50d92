"""Reading the audit log (AUD-01): who, patient, category, action, time, for the staff console's
audit view and the admin API. Read-only: there is no way here (or anywhere) to change an entry,
and the database refuses UPDATE and DELETE on the table (schema/60_vdt.sql).

Who acted, by kind: a patient in their own record, a proxy (parent, adult proxy, guardian), a
partner-facility user, staff, or the system (the EHR interfaces, the admin API, scheduled jobs).
Record accesses say "as <relationship>" in their detail; other account entries are the
account's own (a patient's, or a proxy-only person's).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from reference_portal.database import Database
from reference_portal.services.accounts import AccountService
from reference_portal.services.audit import actor_type
from reference_portal.services.errors import NotFoundError
from reference_portal.services.patients import Patient, PatientService
from reference_portal.services.proxies import ProxyService
from reference_portal.services.staff import StaffService
from reference_portal.timestamps import from_iso, to_iso

_AS_RELATIONSHIP = re.compile(r"\bas (self|parent|adult-proxy|guardian|partner)\b")
DEFAULT_LIMIT = 500


class ActorKind(StrEnum):
    PATIENT = "patient"
    PROXY = "proxy"
    PARTNER = "partner"
    STAFF = "staff"
    SYSTEM = "system"

    @property
    def label(self) -> str:
        return {"patient": "Patient", "proxy": "Proxy", "partner": "Partner user", "staff": "Staff"}.get(
            self.value, "System"
        )


@dataclass(frozen=True)
class AuditEntry:
    id: int
    occurred_at: datetime
    actor: str
    actor_kind: ActorKind
    who: str
    patient: Patient | None
    category: str
    action: str
    detail: str


class AuditQueries:
    def __init__(
        self,
        database: Database,
        patients: PatientService,
        accounts: AccountService,
        proxies: ProxyService,
        staff: StaffService,
    ) -> None:
        self._database = database
        self._patients = patients
        self._accounts = accounts
        self._proxies = proxies
        self._staff = staff

    def entries(
        self,
        *,
        patient: Patient | None = None,
        actor_kind: ActorKind | None = None,
        since: datetime | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> list[AuditEntry]:
        """Newest first."""
        where: list[str] = []
        arguments: list[object] = []
        if patient is not None:
            where.append("patient_id = ?")
            arguments.append(patient.id)
        if since is not None:
            where.append("occurred_at >= ?")
            arguments.append(to_iso(since))
        sql = "SELECT * FROM audit_log" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id DESC"
        names: dict[str, tuple[ActorKind, str]] = {}
        patients: dict[int, Patient] = {}
        found: list[AuditEntry] = []
        for row in self._database.connection().execute(sql, arguments):
            entry = self._entry(row, names, patients)
            if actor_kind is None or entry.actor_kind is actor_kind:
                found.append(entry)
                if len(found) >= limit:
                    break
        return found

    def _entry(
        self, row: sqlite3.Row, names: dict[str, tuple[ActorKind, str]], patients: dict[int, Patient]
    ) -> AuditEntry:
        actor = row["actor"]
        kind, who = self._who(actor, row["action"], row["detail"], names)
        patient = None
        if row["patient_id"] is not None:
            patient = patients.get(row["patient_id"]) or self._patients.by_id(row["patient_id"])
            patients[row["patient_id"]] = patient
        return AuditEntry(
            row["id"],
            from_iso(row["occurred_at"]),
            actor,
            kind,
            who,
            patient,
            row["category"],
            row["action"],
            row["detail"],
        )

    def _who(
        self, actor: str, action: str, detail: str, names: dict[str, tuple[ActorKind, str]]
    ) -> tuple[ActorKind, str]:
        kind = actor_type(actor)
        if kind == "staff":
            if actor not in names:
                try:
                    member = self._staff.get(actor.split(":", 1)[1])
                    names[actor] = (ActorKind.STAFF, f"{member.display_name} ({member.role.label})")
                except NotFoundError:
                    names[actor] = (ActorKind.STAFF, actor)
            return names[actor]
        if kind == "partner":
            return ActorKind.PARTNER, actor
        if kind != "account":
            return ActorKind.SYSTEM, actor
        if actor not in names:
            try:
                account = self._accounts.get(actor.split(":", 1)[1])
                base = ActorKind.PATIENT if account.patient_id is not None else ActorKind.PROXY
                names[actor] = (base, self._proxies.display_name(account))
            except NotFoundError:
                names[actor] = (ActorKind.PATIENT, actor)
        base, name = names[actor]
        match = _AS_RELATIONSHIP.search(detail)
        if match:
            relationship = match.group(1)
            kind_now = {"self": ActorKind.PATIENT, "partner": ActorKind.PARTNER}.get(relationship, ActorKind.PROXY)
            return kind_now, name
        if action.startswith("partner-"):
            return ActorKind.PARTNER, name
        return base, name
