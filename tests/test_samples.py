"""The drafts in samples/drafts/ are current and each carries the defects it was written to carry."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from proposal_kit.pipeline import check
from tests.conftest import ROOT

DRAFTS = ROOT / "samples" / "drafts"

# The errors each draft must produce today; the consistency rules add more findings to 04 and 05.
EXPECTED_ERRORS = {
    "01-naming-and-codes": [
        ("S005", "center.name"),
        ("S006", "units.partners[0].credit_code"),
        ("S003", "construction.funding.total"),
    ],
    "02-yaml-mistakes": [("L008", "")],
    "03-missing-chapters": [
        ("C001", "background.key_problems"),
        ("C001", "background.significance"),
        ("C001", "directions.strategy"),
        ("C001", "organization.structure"),
        ("C001", "attachments.charter"),
        ("C002", "abstract"),
    ],
    "04-budget-and-schedule": [],
    "05-self-assessment": [],
    "06-unsafe-references": [
        ("L010", "units.conditions"),
        ("L011", "other_matters"),
        ("L010", "attachments.charter.file"),
        ("C001", "units.conditions"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_each_draft_carries_its_defects(name):
    draft = check(DRAFTS / name)
    errors = [(f.code, f.field) for f in draft.findings if f.severity == "error"]
    assert errors == EXPECTED_ERRORS[name]
    assert all(f.line > 0 for f in draft.findings)


def test_the_drafts_are_what_the_script_writes(tmp_path, monkeypatch):
    copy = tmp_path / "drafts"
    shutil.copytree(DRAFTS, copy)
    spec = importlib.util.spec_from_file_location("make_drafts", copy / "make_drafts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", copy)
    monkeypatch.setattr(module, "SAMPLE", ROOT / "samples" / "power-semiconductor")
    module.main()
    for written in copy.rglob("*"):
        if written.is_file() and written.suffix in {".yaml", ".md"}:
            assert written.read_bytes() == (DRAFTS / written.relative_to(copy)).read_bytes(), written.name
