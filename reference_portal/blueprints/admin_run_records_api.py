"""The admin API's view of a test run's records: list them, or delete them, by run tag.

For shared test portals: `portal-harness cleanup RUN` calls these. `rows` counts what is (or
would be) deleted per table; `kept` what stays because the append-only audit log refers to it.
A portal that cannot delete simply lacks the DELETE; the harness then lists its own ledger.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from reference_portal.blueprints.json_api import install_error_handlers, protect_with_admin_token
from reference_portal.portal import current_portal
from reference_portal.services.run_records import RunRecords, RunRecordService

bp = Blueprint("admin_run_records_api", __name__, url_prefix="/api/admin/run-records")
install_error_handlers(bp)
protect_with_admin_token(bp)


@bp.get("/<tag>")
def list_run_records(tag: str) -> Response:
    return jsonify(_json(RunRecordService(current_portal().database).find(tag), deleted=False))


@bp.delete("/<tag>")
def delete_run_records(tag: str) -> Response:
    return jsonify(_json(RunRecordService(current_portal().database).delete(tag), deleted=True))


def _json(found: RunRecords, *, deleted: bool) -> dict[str, Any]:
    return {
        "tag": found.tag,
        "deleted": deleted,
        "records": [{"kind": r.kind, "id": r.public_id, "label": r.label} for r in found.records],
        "rows": found.rows,
        "kept": found.kept,
    }
