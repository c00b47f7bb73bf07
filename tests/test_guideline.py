"""The guideline data equals the guideline's text, and its weights add up at every level."""

from __future__ import annotations

import re
from decimal import Decimal

from proposal_kit.guideline import DEFAULT_EDITION
from proposal_kit.guideline import load as load_guideline

_FIRST = re.compile(r"^(.+?) \((\d+)分\)$")


def _section(text: str, start: str, end: str) -> list[str]:
    body = text.split(start, 1)[1].split(end, 1)[0]
    return [line.strip() for line in body.splitlines() if line.strip()]


def test_the_data_names_the_guideline(guideline_text):
    assert DEFAULT_EDITION in guideline_text
    assert load_guideline().outline.number == load_guideline().indicators.number == DEFAULT_EDITION


def test_outline_equals_attachment_1(guideline_text):
    lines = _section(guideline_text, "附件 1\n", "附件 2\n")
    assert lines[0] == load_guideline().outline.title
    expected = []
    for chapter in load_guideline().outline.chapters:
        expected.append(f"{chapter.heading}（{chapter.note}）" if chapter.note else chapter.heading)
        expected += [item.heading for item in chapter.items]
    assert lines[1:] == expected


def test_outline_has_eight_chapters_and_the_abstract_limit(guideline_text):
    assert [c.number for c in load_guideline().outline.chapters] == list("一二三四五六七八")
    assert f"摘要（{load_guideline().outline.abstract_limit} 字以内）" in guideline_text
    assert sum(len(c.items) for c in load_guideline().outline.chapters) == 22


def _table_rows(guideline_text: str) -> list[list[str]]:
    lines = guideline_text.split("附件 2\n", 1)[1].splitlines()
    rows = []
    for line in lines:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2 or cells[0] == "一级指标":  # not a row, or the header a page break repeats
            continue
        rows.append(cells)
    return rows


def test_indicators_equal_attachment_2(guideline_text):
    """Walk the table row by row: a first- or second-level cell opens a group, the last two are name and weight."""
    assert load_guideline().indicators.title in guideline_text
    found: list[tuple[str, str, str, Decimal]] = []
    first = second = ""
    for cells in _table_rows(guideline_text):
        *groups, name, weight = cells
        if len(groups) >= 1 and groups[0]:
            first = groups[0]
        if len(groups) >= 2 and groups[1]:
            second = groups[1]
        found.append((first, second, name, Decimal(weight)))
    expected = []
    for one in load_guideline().indicators.indicators:
        for two in one.children:
            for three in two.children:
                expected.append(
                    (f"{one.name} ({one.weight}分)", f"{two.name} ({two.weight}分)", three.name, three.weight)
                )
    bonus = load_guideline().indicators
    expected += [(expected[-1][0], f"{bonus.bonus_name}(≤{bonus.bonus_cap}分)", b.name, b.weight) for b in bonus.bonus]
    assert found == expected


def test_indicator_counts_and_weights_add_up():
    system = load_guideline().indicators
    assert [i.weight for i in system.indicators] == [30, 30, 40]
    assert sum(i.weight for i in system.indicators) == system.total == 100
    assert len([s for f in system.indicators for s in f.children]) == 8
    assert len(system.third_level()) == 27
    for first in system.indicators:
        assert sum(s.weight for s in first.children) == first.weight, first.name
        for second in first.children:
            assert sum(t.weight for t in second.children) == second.weight, second.name
    assert [b.weight for b in system.bonus] == [5, 5]
    assert system.bonus_cap == 10


def test_codes_are_unique_and_hierarchical():
    codes = [i.code for i in load_guideline().indicators.scored()]
    assert len(codes) == len(set(codes)) == 29
    for first in load_guideline().indicators.indicators:
        for second in first.children:
            assert second.code.startswith(first.code + ".")
            assert all(t.code.startswith(second.code + ".") for t in second.children)
