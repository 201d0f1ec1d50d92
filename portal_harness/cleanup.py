"""`portal-harness cleanup RUN [--dry-run]`: remove (or list) what a run created on its target.

Every record a run creates carries its run tag (the run id's last part): clinic codes end in
`-K3F9`, usernames in `.k3f9`, MRNs in `K3F9`. A target whose profile says `cleanup = "delete"`
is asked, through its admin API, to list or delete the records with that tag; the bundled portal
keeps the append-only audit log and the records it names. A target that cannot delete
(`cleanup = "list"`, or no such API) gets the run's ledger (`created.jsonl`, what the run
created through the admin API) printed instead, for people to remove by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal_harness.errors import HarnessError
from portal_harness.portal_api import PortalApi, PortalApiError
from portal_harness.portal_process import PortalOptions, RunningPortal, start_portal
from portal_harness.profiles import TargetProfile, resolve_target
from portal_harness.progress import say
from portal_harness.runs import CREATED_LEDGER, RunArchive, resolve_run, short_run_tag
from portal_harness.target import BUNDLED, admin_token

PORTAL_DATABASE = "portal.sqlite"  # where the runner keeps the bundled portal's database (runner.py)


@dataclass(frozen=True)
class CleanupRequest:
    run: str
    dry_run: bool = False


def cleanup(request: CleanupRequest) -> int:
    archive = resolve_run(request.run)
    manifest = archive.read_manifest()
    profile = resolve_target(str(manifest.get("target") or BUNDLED))
    tag = str(manifest.get("run_tag") or short_run_tag(archive.run_id))
    where = f"run {archive.run_id} (tag {tag}) on {profile.name}"
    if profile.cleanup == "list":
        say(f"{where}: the target's profile says it cannot delete (cleanup = \"list\"): listing the run's records")
        return list_ledger(archive)
    portal: RunningPortal | None = None
    try:
        if profile.bundled:
            portal = _reopen_bundled(archive, manifest)
            if portal is None:
                say(f"{where}: the bundled portal of that run kept no database: nothing to clean")
                return 0
            url = portal.url
        else:
            assert profile.base_url is not None
            url = profile.base_url
        answer = _ask(PortalApi(url, admin_token(profile)), tag, request.dry_run, profile)
    except _CannotDeleteError as refused:
        say(f"{where}: {refused}: listing the run's records instead")
        return list_ledger(archive)
    finally:
        if portal is not None:
            portal.stop()
    print(describe(answer, where, dry_run=request.dry_run))
    return 0


class _CannotDeleteError(Exception):
    pass


def _ask(api: PortalApi, tag: str, dry_run: bool, profile: TargetProfile) -> dict[str, Any]:
    try:
        return dict(api.request("GET" if dry_run else "DELETE", f"/api/admin/run-records/{tag}"))
    except PortalApiError as error:
        if error.status in (401, 403):
            raise HarnessError(
                f"The admin API of {profile.name} refused the token ({error.status}): "
                f"set {profile.admin_token_env} to the portal's admin token."
            ) from None
        if error.status in (404, 405):
            raise _CannotDeleteError("the target has no run-records API") from None
        raise HarnessError(f"Cleanup failed on {profile.name}: {error}: see the portal's log.") from None


def _reopen_bundled(archive: RunArchive, manifest: dict[str, Any]) -> RunningPortal | None:
    """The bundled portal of a finished run is gone: start it again on the database its archive kept."""
    database = archive.path / PORTAL_DATABASE
    if not database.exists():
        return None
    release = (manifest.get("portal") or {}).get("release")
    return start_portal(PortalOptions(release=release, db_path=database), archive.path / "cleanup-portal.log")


def describe(answer: dict[str, Any], where: str, *, dry_run: bool) -> str:
    kinds = Counter(str(record["kind"]) for record in answer.get("records", []))
    rows: dict[str, int] = answer.get("rows") or {}
    kept: dict[str, int] = answer.get("kept") or {}
    verb = "would delete" if dry_run else "deleted"
    found = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "no records"
    lines = [f"{where}: found {found}"]
    lines.append(f"{verb} {sum(rows.values())} rows in {len(rows)} tables" + _per_table(rows))
    if kept:
        lines.append(f"kept {sum(kept.values())} rows the append-only audit log refers to" + _per_table(kept))
    return "\n".join(lines)


def _per_table(counts: dict[str, int]) -> str:
    return (": " + ", ".join(f"{table} {n}" for table, n in sorted(counts.items()))) if counts else ""


def list_ledger(archive: RunArchive) -> int:
    """Print what the run created through the admin API (kind, id, identifier), with counts."""
    records = read_ledger(archive.path / CREATED_LEDGER)
    kinds = Counter(record["kind"] for record in records)
    print(f"run {archive.run_id}: {len(records)} records to remove by hand"
          + (": " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) if kinds else ""))  # fmt: skip
    for record in records:
        print(f"  {record['kind']:<22} {record['id']:<28} {record.get('label', '')}")
    tag = short_run_tag(archive.run_id)
    print(f"  (records made through the portal's screens carry the tag too: usernames ending in .{tag})")
    return 0


def read_ledger(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(dict(json.loads(line)))
        except ValueError:
            raise HarnessError(f"{path}:{number} is not a JSON line: fix or remove that line.") from None
    return records
