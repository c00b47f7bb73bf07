"""Every rule passes the sample and fails each case written for it; every rule is registered and documented."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from proposal_kit.catalogue import catalogue, markdown_table
from proposal_kit.findings import dotted
from proposal_kit.guideline import load as load_guideline
from proposal_kit.load import load
from proposal_kit.model import Proposal
from proposal_kit.rules import REGISTRY, all_rules
from tests.conftest import MINIMAL, ROOT, SAMPLE

CASES = yaml.safe_load((Path(__file__).parent / "rules" / "cases.yaml").read_text("utf-8"))
SAMPLE_DATA = load(SAMPLE).data


def _steps(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]


def _edit(data: dict, case: dict) -> dict:
    data = copy.deepcopy(data)
    for path, value in (case.get("set") or {}).items():
        *parents, last = _steps(path)
        target = data
        for step in parents:
            target = target[step]
        if isinstance(value, str) and value.startswith("!repeat "):
            value = "字" * int(value.split()[1])
        if isinstance(value, str) and value.startswith("!copy "):
            source = data
            for step in _steps(value.split()[1]):
                source = source[step]
            value = source
        target[last] = value
    for path in case.get("delete") or []:
        *parents, last = _steps(path)
        target = data
        for step in parents:
            target = target[step]
        del target[last]
    return data


def _fields(code: str, case: dict) -> list[str]:
    proposal = Proposal.model_validate(_edit(SAMPLE_DATA, case))
    return [dotted(hit[0]) for hit in REGISTRY[code].function(proposal, load_guideline(proposal.guideline))]


def _cases(kind: str) -> list:
    return [
        pytest.param(code, case, id=f"{code}-{kind}{i}")
        for code, cases in CASES.items()
        for i, case in enumerate(cases[kind])
    ]


@pytest.mark.parametrize(("code", "case"), _cases("pass"))
def test_rule_passes(code, case):
    assert _fields(code, case) == []


@pytest.mark.parametrize(("code", "case"), _cases("fail"))
def test_rule_fails_where_it_should(code, case):
    assert _fields(code, case) == case["fields"]


def test_every_rule_has_cases_and_every_case_a_rule():
    codes = {rule.code for rule in all_rules()}
    assert set(CASES) == codes
    assert all(CASES[c]["pass"] and CASES[c]["fail"] for c in codes)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    assert re.fullmatch(r"[A-Z]\d{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.slug)
    assert rule.clause
    assert rule.summary.endswith("。") and re.search("[\u4e00-\u9fff]", rule.summary)
    assert "错误示例" in rule.explanation and "正确示例" in rule.explanation


def test_codes_are_unique_across_the_catalogue():
    codes = list(catalogue())
    assert len(codes) == len(set(codes)) >= 40


def test_the_readme_table_is_generated_from_the_catalogue():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert markdown_table() in readme, "README's code table is stale: run `make readme`"


def test_a_typed_number_is_placed_at_its_line_in_the_markdown_file(write_proposal):
    from proposal_kit.pipeline import check

    text = "概述。\n\n**（一）国际发展状况。**正文。\n"
    block = "  key_problems: |\n    第一段。\n\n    （二）第二段。\n"
    folder = write_proposal(
        MINIMAL + "background:\n  industry_status: {include: status.md}\n" + block, **{"status.md": text}
    )
    found = [f for f in check(folder).findings if f.code == "C004"]
    assert [(Path(f.file).name, f.line) for f in found] == [("status.md", 3), ("proposal.yaml", 13)]
    assert "应从「1.」开始" in found[0].message


def test_the_readme_outline_table_is_generated_from_the_guideline():
    from proposal_kit.schema import outline_table

    readme = (ROOT / "README.md").read_text("utf-8")
    assert outline_table(load_guideline()) in readme, "README's outline table is stale: run `make readme`"
