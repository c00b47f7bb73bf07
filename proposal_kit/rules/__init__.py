"""The check catalogue: each rule a code, a slug, a severity, the clause it enforces and a function."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from proposal_kit.findings import FieldPath, Severity
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal

#: What a rule yields: the field path and the Chinese message; for a finding inside a text, also the line of
#: the text it is on (0 the first).
Hit = tuple[FieldPath, str] | tuple[FieldPath, str, int]
RuleFunction = Callable[[Proposal, Guideline], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """One check: its stable code, slug, severity, guideline clause and the function that finds hits."""

    code: str
    slug: str
    severity: Severity
    clause: str
    function: RuleFunction

    @property
    def summary(self) -> str:
        return (self.function.__doc__ or "").strip().splitlines()[0]

    @property
    def explanation(self) -> str:
        return "\n".join(line.strip() for line in (self.function.__doc__ or "").strip().splitlines()[1:]).strip()


REGISTRY: dict[str, Rule] = {}


def rule(code: str, slug: str, severity: Severity, clause: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the rule `code`."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, slug, severity, clause, function)
        return function

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, in code order; every module of this package is a module of rules."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return [REGISTRY[code] for code in sorted(REGISTRY)]
