"""The drafts in samples/drafts/ are current, and each fails with exactly the findings it was written to carry."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from proposal_kit.pipeline import check
from tests.conftest import ROOT, SAMPLE

DRAFTS = ROOT / "samples" / "drafts"

# Each draft's findings: (code, severity, field), in the order check reports them.
EXPECTED = {
    "01-naming-and-codes": (
        "fail",  # the schema rejects one value; the rules still check the rest
        [
            ("S003", "error", "construction.funding.total"),
            ("U001", "error", "center.name"),
            ("U003", "error", "units.partners[0].credit_code"),
        ],
    ),
    "02-yaml-mistakes": ("invalid", [("L008", "error", "")]),
    "03-missing-chapters": (
        "fail",
        [
            ("C001", "error", "background.key_problems"),
            ("C001", "error", "background.significance"),
            ("C001", "error", "directions.strategy"),
            ("C001", "error", "organization.structure"),
            ("C001", "error", "attachments.charter"),
            ("C002", "error", "abstract"),
        ],
    ),
    "04-budget-and-schedule": (
        "fail",
        [
            ("F001", "error", "construction.funding.sources"),
            ("F002", "error", "construction.funding.by_year[3].year"),
            ("G002", "warning", "directions.goals.mid_term[1].deadline"),
            ("T003", "warning", "construction.schedule.phases[2].milestones"),
            ("U004", "error", "units.partners"),
            # the prose still states what the data said before the edits
            ("X006", "error", "directions.goals.overview"),
            ("X007", "error", "abstract"),
            ("X007", "error", "abstract"),
            ("X007", "error", "other_matters"),
        ],
    ),
    "05-self-assessment": (
        "fail",
        [
            ("A001", "error", "self_assessment.entries"),
            ("A002", "error", "self_assessment.entries[3].score"),
            ("A002", "error", "self_assessment.entries[27].score"),
            ("A003", "error", "self_assessment.entries"),
            ("A004", "warning", "self_assessment.entries[26].evidence"),
            ("A005", "error", "self_assessment.entries[8].figure"),
            ("A005", "error", "self_assessment.entries[26].figure"),
            ("A005", "error", "self_assessment.entries[27].figure"),
            ("A006", "error", "self_assessment.total"),
        ],
    ),
    "06-unsafe-references": (
        "fail",
        [
            ("L010", "error", "units.conditions"),
            ("L011", "error", "other_matters"),
            ("L010", "error", "attachments.charter.file"),
            ("C001", "error", "units.conditions"),
        ],
    ),
}


def test_the_sample_passes_with_nothing_reported():
    draft = check(SAMPLE)
    assert (draft.status, draft.findings) == ("pass", [])


def test_every_draft_is_listed():
    assert sorted(p.name for p in DRAFTS.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_draft_fails_with_exactly_its_findings(name):
    status, findings = EXPECTED[name]
    draft = check(DRAFTS / name)
    assert [(f.code, f.severity.value, f.field) for f in draft.findings] == findings
    assert draft.status == status
    assert all(f.line > 0 and f.message for f in draft.findings)


def test_the_drafts_are_what_the_script_writes(tmp_path, monkeypatch):
    copy = tmp_path / "drafts"
    shutil.copytree(DRAFTS, copy)
    spec = importlib.util.spec_from_file_location("make_drafts", copy / "make_drafts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", copy)
    monkeypatch.setattr(module, "SAMPLE", SAMPLE)
    module.main()
    for written in copy.rglob("*"):
        if written.is_file() and written.suffix in {".yaml", ".md"}:
            assert written.read_bytes() == (DRAFTS / written.relative_to(copy)).read_bytes(), written.name
