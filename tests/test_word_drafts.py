"""Word and PDF drafts as staff receive them: each corpus draft (made by people's ways, not by build) reads
without a traceback and reports what it must; the outline, cover and places are found in the document."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from proposal_kit.cli import main
from proposal_kit.docx_in import read_document
from proposal_kit.docx_in.blocks import Paragraph, read_blocks
from proposal_kit.docx_in.numbering import chinese_counting
from proposal_kit.docx_in.outline import find_outline
from proposal_kit.guideline import load as load_guideline
from proposal_kit.pipeline import check
from tests.conftest import SAMPLE, libreoffice_or_skip
from tests.word_drafts.generate import CASES, CENTER, COMPETENT, LEAD, PARTNERS

NEEDS_LIBREOFFICE = {"word-97", "exported-pdf"}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("word-drafts")
    made = {}
    for case in CASES:
        if case.name in NEEDS_LIBREOFFICE and not shutil.which("soffice"):
            continue
        made[case.name] = case.write(folder)
    yield made


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_draft_reports_what_it_must(drafts, case):
    if case.name not in drafts:
        libreoffice_or_skip()
    draft = check(drafts[case.name])
    codes = [(f.code, f.field) for f in draft.findings]
    assert "E001" not in {code for code, _ in codes}, draft.findings
    for code, field in case.expected:
        assert any(c == code and (not field or f == field) for c, f in codes), (code, field, codes)
    for code in case.absent:
        assert code not in {c for c, _ in codes}, [f for f in draft.findings if f.code == code]


@pytest.mark.parametrize("name", [c.name for c in CASES if c.name != "scanned-pdf"])
def test_the_cover_is_read(drafts, name):
    if name not in drafts:
        libreoffice_or_skip()
    center = check(drafts[name]).proposal or None
    source_data = _data(drafts[name])
    assert source_data["center"]["name"] == CENTER
    assert source_data["center"]["lead_unit"] == LEAD
    assert source_data["center"]["competent_unit"] == COMPETENT
    assert source_data["center"]["prepared_on"] == date(2025, 6, 1)
    assert [p["name"] for p in source_data["units"]["partners"]] == PARTNERS
    assert center is None  # the Word drafts do not say what kind of unit each is: 未能识别, not valid


def _data(path: Path) -> dict:
    from proposal_kit.pipeline import read

    return read(path).data


def test_word_numbering_is_resolved_from_numbering_xml(drafts):
    blocks = read_blocks(docx.Document(str(drafts["automatic-numbering"])))
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert "一、摘要" in texts and "（三）本产业进一步发展需要解决的主要问题" in texts and "八、附件" in texts
    assert chinese_counting(10) == "十" and chinese_counting(12) == "十二" and chinese_counting(20) == "二十"


def test_a_text_box_is_read_once(drafts):
    source = read_document(drafts["page-breaks-and-text-boxes"])
    content = source.data["construction"]["content"]
    first = content.split("\n\n")[0]
    assert "「建设内容」" in first and content.count(first) == 1


def test_every_part_of_a_built_proposal_is_found():
    from proposal_kit.pipeline import build

    [built] = build([SAMPLE], Path(__import__("tempfile").mkdtemp()), pdf=False, force=True)
    blocks = read_blocks(docx.Document(str(built.outputs[0])))
    found = find_outline(blocks, load_guideline().outline)
    assert found.missing == [] and found.unmatched == []
    assert len(found.parts) == len(load_guideline().outline.leaves())


def test_findings_in_a_word_draft_point_into_the_document(drafts, tmp_path):
    document = docx.Document(str(drafts["heading-styles"]))
    target = next(p for p in document.paragraphs if "「建设内容」" in p.text)
    target.add_run("拥有有效发明专利XX件。")
    document.save(str(tmp_path / "draft.docx"))
    [leftover] = [f for f in check(tmp_path / "draft.docx").findings if f.code == "C005"]
    assert leftover.place == "六、2 第1段" and leftover.field == "construction.content"
    assert leftover.file.endswith("draft.docx") and leftover.line == 0


def test_a_folder_of_received_files_is_checked_whole(drafts, tmp_path):
    received = tmp_path / "收到的草稿"
    received.mkdir()
    shutil.copyfile(drafts["manual-numbering"], received / "甲区草稿.docx")
    shutil.copyfile(drafts["heading-styles"], received / "~$甲区草稿.docx")  # Word's lock file
    shutil.copyfile(drafts["heading-styles"], received / "乙区草稿 - 副本.docx")  # a copy
    shutil.copyfile(drafts["scanned-pdf"], received / "丙区扫描件.pdf")
    shutil.copytree(SAMPLE, received / "丁区方案")
    result = CliRunner().invoke(main, ["check", str(received), "--format", "json"])
    report = json.loads(result.stdout)
    names = sorted(Path(d["path"]).name for d in report["drafts"])
    assert names == ["丁区方案", "丙区扫描件.pdf", "甲区草稿.docx"]
    assert "已跳过 2 个" in result.stderr and "~$甲区草稿.docx" in result.stderr
    assert {d["status"] for d in report["drafts"]} == {"pass", "fail", "invalid"}
