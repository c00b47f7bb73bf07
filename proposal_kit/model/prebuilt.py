"""The proposal's validator without pydantic generating its schema on every run.

Pydantic builds a model's validator from a core schema it generates from the classes: for the sixty models of a
proposal that takes 80 ms, most of a `validate` past start-up. The core schema (less its `metadata`, which
only the JSON schema uses) is kept in the user's cache folder after the first run, under a key of the model's
source, the guideline data and the versions of Python and pydantic-core; later runs build the validator from
it in a millisecond. Where the kept schema cannot be read or written, pydantic builds it as usual.
"""

from __future__ import annotations

import contextlib
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic_core import SchemaValidator

from proposal_kit.caches import files_digest, kept
from proposal_kit.model.proposal import Proposal


@cache
def proposal_validator() -> SchemaValidator:
    """Proposal's validator: from the kept schema where there is one, else built by pydantic and kept."""
    kept = _kept_file()
    with contextlib.suppress(Exception):  # any kept file that does not serve is rebuilt, whatever its fault
        schema, config = pickle.loads(kept.read_bytes())
        return SchemaValidator(schema, config)
    Proposal.model_rebuild()
    with contextlib.suppress(Exception):  # a cache folder not writable, a schema pickle cannot hold: no matter
        from proposal_kit.writefile import write_atomic

        schema = without_metadata(Proposal.__pydantic_core_schema__)
        write_atomic(kept, pickle.dumps((schema, _core_config()), protocol=pickle.HIGHEST_PROTOCOL))
    return Proposal.__pydantic_validator__  # type: ignore[return-value]


def without_metadata(node: Any) -> Any:
    """The core schema without its `metadata` entries: JSON-schema helpers, some of them local functions."""
    if isinstance(node, dict):
        return {key: without_metadata(value) for key, value in node.items() if key != "metadata"}
    if isinstance(node, list | tuple):
        return type(node)(without_metadata(value) for value in node)
    return node


def _core_config() -> Any:
    from pydantic._internal._config import ConfigWrapper

    return ConfigWrapper(Proposal.model_config).core_config(title=Proposal.__name__)


def _kept_file() -> Path:
    return kept(f"validator-{source_key()}.pickle")


def source_key() -> str:
    """A digest of what the validator is made from: the model's modules, the guideline data (titles, codes),
    and the Python and pydantic-core it runs on."""
    package = Path(__file__).resolve().parent.parent
    files = [*(package / "model").glob("*.py"), *(package / "guideline" / "data").rglob("*.yaml")]
    return files_digest(files, package, str(sys.version_info[:2]), pydantic_core.__version__)[:16]
