"""`proposal-kit doctor` on a machine set up by `make test`: every check passes, rare characters included."""

from __future__ import annotations

from proposal_kit.coverage import Coverage, parse_charsets, uncovered
from proposal_kit.doctor import examine
from tests.conftest import libreoffice_or_skip


def test_every_check_passes_where_the_system_packages_are_installed():
    libreoffice_or_skip()
    checks = examine()
    assert [c.name for c in checks if not c.ok] == []
    assert any("生僻字" in c.name for c in checks)


def test_charsets_are_read_as_fontconfig_prints_them():
    coverage = parse_charsets("20-7e a0-ff\n4e00-9fff 20000\n20-7e a0-ff\n")
    assert all(ord(c) in coverage for c in "A~中龥𠀀") and 0x1F not in coverage and 0x20001 not in coverage


def test_uncovered_characters_are_found_once_each_with_their_line():
    coverage = Coverage([(0x20, 0x7E), (0x4E00, 0x9FFF)])
    text = "第一行\n第二行\U000f0000和\U000f0000\u200b\ufe0f 空格"  # format characters and spaces need no glyph
    assert list(uncovered(text, coverage)) == [(1, "\U000f0000")]
