"""The JSON Schema of proposal.yaml, generated from the models, and the README's table of its keys, generated
from the models and the outline of 附件1."""

from __future__ import annotations

import json

from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal


def schema_text() -> str:
    """The schema as the committed schemas/proposal.schema.json holds it."""
    schema = Proposal.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


#: Where the keys that are not chapters of 附件1 belong.
_OUTSIDE_THE_OUTLINE = {"center": "封面", "evidence": "附件2", "self_assessment": "附件2"}


def outline_table(guideline: Guideline) -> str:
    """The README's table: each top-level key of proposal.yaml, the part of 附件1 it answers, what it holds."""
    chapters = {chapter.key: chapter for chapter in guideline.outline.chapters}
    lines = ["| 键 | 对应提纲 | 内容 |", "| --- | --- | --- |"]
    for name, info in Proposal.model_fields.items():
        if name in chapters:
            chapter = chapters[name]
            place = chapter.heading
            holds = "；".join(f"`{i.field.split('.')[-1]}` {i.heading}" for i in chapter.items) or info.description
        elif name in _OUTSIDE_THE_OUTLINE:
            place, holds = _OUTSIDE_THE_OUTLINE[name], info.description
        else:
            continue
        lines.append(f"| `{name}` | {place} | {holds} |")
    return "\n".join(lines)
