"""The JSON report: one object with ``drafts`` and ``summary`` (as ../shared/DESIGN.md fixes it), and what a
reader needs to trust it later: the report's schema version, the tool's and the guideline's versions, the time,
and the selection of codes it was made with. Its JSON Schema ships beside this module."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from importlib import metadata, resources
from typing import Any

from proposal_kit.formats import printable
from proposal_kit.report import draft_dict, summary

SCHEMA_VERSION = 2


def schema_text() -> str:
    """The JSON Schema of this report (`report.schema.json`)."""
    return resources.files(__package__).joinpath("report.schema.json").read_text("utf-8")


def _version() -> str:
    try:
        return metadata.version("proposal-kit")
    except metadata.PackageNotFoundError:
        return "unknown"


def render(drafts: Sequence, settings: str = "", selection: Any = None) -> bytes:
    data = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "proposal-kit", "version": _version()},
        "guidelines": sorted({d.guideline for d in drafts if d.guideline}),
        "generated": datetime.now().astimezone().isoformat(timespec="seconds"),
        "selection": {
            "select": list(getattr(selection, "select", ())),
            "ignore": list(getattr(selection, "ignore", ())),
            "strict": bool(getattr(selection, "strict", False)),
        },
        "settings": printable(settings) or None,
        "drafts": [draft_dict(d) for d in drafts],
        "summary": summary(drafts),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
