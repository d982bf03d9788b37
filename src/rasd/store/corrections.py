"""Analysts' corrections applied on top of extracted events: the newest correction of a field wins,
a rejection hides the event from figures but keeps it visible as rejected."""

from __future__ import annotations

from datetime import date
from typing import Any


def _key(row: dict[str, Any]) -> tuple[Any, Any, Any]:
    anchor = min((e["start"] for e in row.get("evidence") or []), default=None)
    return row.get("sha256"), row.get("type"), anchor


class Corrector:
    """The corrections of a store indexed once, applied to event rows one at a time (for streams)."""

    def __init__(self, corrections: list[dict[str, Any]]) -> None:
        self.by_id: dict[str, list[dict[str, Any]]] = {}
        self.by_anchor: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = {}
        for c in corrections:
            self.by_id.setdefault(c["event_id"], []).append(c)
            self.by_anchor.setdefault((c["document_sha256"], c["event_type"], c["anchor"]), []).append(c)
        self.shas = {c["document_sha256"] for c in corrections}

    def apply(self, row: dict[str, Any]) -> dict[str, Any]:
        mine = self.by_id.get(row["id"]) or self.by_anchor.get(_key(row)) or []
        row = dict(row)
        row["corrections"] = mine
        row["rejected"] = False
        row["confirmed"] = False
        for c in mine:
            if c["action"] == "reject":
                row["rejected"] = True
            elif c["action"] == "confirm":
                row["confirmed"] = True
            elif c["action"] == "restore":
                row["rejected"] = False
            for field, value in (c["changes"] or {}).items():
                if field.startswith("quantities."):
                    q = dict(row.get("quantities") or {})
                    q[field.split(".", 1)[1]] = value
                    row["quantities"] = q
                elif field == "date" and isinstance(value, str):  # JSON keeps dates as ISO text
                    row[field] = date.fromisoformat(value)
                else:
                    row[field] = value
        return row


def apply_corrections(rows: list[dict[str, Any]], corrections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events with `corrections` (list of applied corrections) and `rejected` set; fields overridden."""
    fix = Corrector(corrections)
    return [fix.apply(row) for row in rows]
