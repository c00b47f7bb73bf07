"""The JSON report: one object with ``drafts`` and ``summary``, as ../shared/DESIGN.md fixes it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from proposal_kit.formats import printable
from proposal_kit.report import draft_dict, summary


def render(drafts: Sequence, settings: str = "") -> bytes:
    data = {
        "drafts": [draft_dict(d) for d in drafts],
        "summary": summary(drafts),
        "settings": printable(settings) or None,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
