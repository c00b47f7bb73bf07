"""The JSON Schema of proposal.yaml, generated from the models."""

from __future__ import annotations

import json

from proposal_kit.model import Proposal


def schema_text() -> str:
    """The schema as the committed schemas/proposal.schema.json holds it."""
    schema = Proposal.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
