"""The checker a district reviewer can rely on: every seeded defect a reviewer sends back is an error, every
variant a reviewer accepts passes. Prints the recall of each family and the false errors (run with -s)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from proposal_kit.batch import check_many
from proposal_kit.findings import Severity
from tests.seeded.make import FAMILIES, cases, make


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, dict]:
    """Each case of both files with the findings `check` gives its draft."""
    root = tmp_path_factory.mktemp("seeded")
    made = [(kind, case, make(case, root / kind / case["id"])) for kind in ("defects", "clean") for case in cases(kind)]
    drafts = check_many([folder for _, _, folder in made])  # across the cores, as a district's batch is
    return {
        case["id"]: {**case, "kind": kind, "findings": draft.findings, "status": draft.status}
        for (kind, case, _), draft in zip(made, drafts, strict=True)
    }


def _found(case: dict) -> bool:
    """Whether the check reports the defect: an error where it blocks, an error or warning where it does not,
    and the expected code where the case names one."""
    wanted = {Severity.ERROR} if case.get("blocking", True) else {Severity.ERROR, Severity.WARNING}
    assert not [f for f in case["findings"] if f.code == "E001"], case["id"]  # a crash finds nothing
    hits = [f for f in case["findings"] if f.severity in wanted]
    expected = case.get("expect")
    return bool(hits) and (not expected or any(f.code in expected for f in hits))


def test_the_corpus_is_large_enough(checked):
    defects = [c for c in checked.values() if c["kind"] == "defects"]
    assert len(defects) >= 150 and sum(c["kind"] == "clean" for c in checked.values()) >= 20
    assert {c["family"] for c in defects} == set(FAMILIES)


def test_recall_per_family_and_false_errors(checked):
    by_family: dict[str, list[dict]] = defaultdict(list)
    for case in checked.values():
        if case["kind"] == "defects":
            by_family[case["family"]].append(case)
    lines = []
    missed = []
    for family, members in sorted(by_family.items()):
        blocking = [c for c in members if c.get("blocking", True)]
        found = [c for c in blocking if _found(c)]
        queried = [c for c in members if not c.get("blocking", True) and _found(c)]
        lines.append(
            f"{family:<16} blocking {len(found):>3}/{len(blocking):<3} "
            f"non-blocking {len(queried)}/{len(members) - len(blocking)}  {FAMILIES[family]}"
        )
        missed += [f"{c['id']}: {c['what']}" for c in members if not _found(c)]
    clean = [c for c in checked.values() if c["kind"] == "clean"]
    false_errors = [
        f"{c['id']}: {f.code} {f.field} {f.message}"
        for c in clean
        for f in c["findings"]
        if f.severity is Severity.ERROR
    ]
    print("\n" + "\n".join(lines) + f"\nfalse errors on {len(clean)} accepted variants: {len(false_errors)}")
    assert not false_errors, "\n".join(false_errors)
    assert not missed, f"{len(missed)} defects missed:\n" + "\n".join(missed)


def test_accepted_variants_have_no_warnings_either(checked):
    warned = [
        f"{c['id']}: {f.code} {f.message}" for c in checked.values() if c["kind"] == "clean" for f in c["findings"]
    ]
    assert not warned, "\n".join(warned)


def test_a_draft_with_one_wrong_value_is_checked_not_unreadable(checked):
    field_errors = [c for c in checked.values() if c.get("family") == "field-errors"]
    assert field_errors and all(c["status"] == "fail" for c in field_errors)
