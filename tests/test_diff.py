"""`proposal-kit diff`: two versions of the sample, one amount and one sentence apart, show exactly those two
changes and the findings the amount brings; identical versions show none; the Word draft built from the sample
compares equal to it but for what the Word reader cannot tell."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from proposal_kit.cli import main
from proposal_kit.diff import ADDED, CHANGED, REMOVED, compare, compare_findings, sentence_changes, sentences
from proposal_kit.findings import Finding, Severity
from tests.conftest import SAMPLE

OLD_SENTENCE = "对照国际先进水平和本地整车产业需求，我国特别是我市车规级功率半导体产业进一步发展仍需着力解决以下问题。"
NEW_SENTENCE = "对照国际先进水平和本地整车产业需求，我国特别是我市车规级功率半导体产业进一步发展还需着力解决以下问题。"


def _copy(folder: Path) -> Path:
    shutil.copytree(SAMPLE, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Path:
    """The sample with its total investment 32,000 → 35,000 and one sentence of 二、3 reworded."""
    folder = _copy(tmp_path_factory.mktemp("diff") / "new")
    _edit(folder / "proposal.yaml", "    total: 32000\n", "    total: 35000\n")
    _edit(folder / "02-3-key-problems.md", OLD_SENTENCE, NEW_SENTENCE)
    return folder


def _run(*args: str | Path):
    return CliRunner().invoke(main, ["diff", *map(str, args)])


def test_one_amount_and_one_sentence_changed_show_as_exactly_two_changes_in_text(changed):
    result = _run(SAMPLE, changed)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    changes = [line for line in lines if re.match(r"  (修改|新增|删除)  ", line)]
    assert changes == [f"  修改  旧：{OLD_SENTENCE}", "  修改  总投资：32,000 → 35,000"]
    assert f"        新：{NEW_SENTENCE}" in lines
    headings = [line for line in lines if line and not line.startswith(" ") and "：" not in line]
    assert headings[:2] == ["二、3 本产业进一步发展需要解决的主要问题", "六、4 资金来源和预算方案"]
    assert [h for h in headings[2:] if not h.endswith(" 个）")] == []  # no other item changed
    assert "已解决" not in result.output.split("六、4")[1].split("共 ")[0]
    new_findings = lines[lines.index(next(line for line in lines if line.startswith("新出现的问题"))) + 1 :]
    assert any(line.startswith("  F001  〔六、4 资金来源〕") for line in new_findings)
    assert lines[-1].startswith("共 2 项有改动：正文 1 处，数据 1 处；问题：已解决 0 个，仍存在 0 个，新出现 ")


def test_one_amount_and_one_sentence_changed_show_as_exactly_two_changes_in_json(changed):
    result = _run(SAMPLE, changed, "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["schema_version"] == 1 and data["old"] == str(SAMPLE) and data["new"] == str(changed)
    [item] = data["items"]
    assert (item["place"], item["key"]) == ("二、3", "background.key_problems")
    assert (item["removed"], item["added"]) == ([OLD_SENTENCE], [NEW_SENTENCE])
    assert [(c["kind"], c["old"], c["new"]) for c in item["changes"]] == [(CHANGED, OLD_SENTENCE, NEW_SENTENCE)]
    [value] = data["values"]
    assert value["place"] == "六、4" and value["field"] == "construction.funding.total"
    assert (value["title"], value["kind"], value["old"], value["new"]) == ("总投资", CHANGED, "32,000", "35,000")
    found = data["findings"]
    assert found["fixed"] == [] and found["open"] == []  # the sample itself has no findings
    assert {"F001", "X007"} == {f["code"] for f in found["new"]}
    assert any(f["code"] == "F001" and f["place"] == "六、4 资金来源" for f in found["new"])
    assert data["summary"]["prose"] == 1 and data["summary"]["values"] == 1


def test_html_shows_the_versions_side_by_side_and_escapes_what_drafts_say(tmp_path, changed):
    hostile = _copy(tmp_path / "hostile")
    shutil.copy(changed / "02-3-key-problems.md", hostile / "02-3-key-problems.md")
    _edit(
        hostile / "07-other-matters.md",
        "**（一）法人实体组建进展。**",
        "**（一）法人实体组建进展。**<script>alert(1)</script>。",
    )
    output = tmp_path / "对照.html"
    result = _run(SAMPLE, hostile, "--format", "html", "--output", output)
    assert result.exit_code == 1, result.output
    page = output.read_text("utf-8")
    marked = _Marked()
    marked.feed(page)
    assert OLD_SENTENCE in marked.texts["del"] and NEW_SENTENCE in marked.texts["ins"]
    assert "<script>alert(1)</script>。" in marked.texts["ins"]  # as text, once unescaped
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "@page" in page and "A4" in page and "<link" not in page  # printable on A4, nothing fetched


class _Marked(HTMLParser):
    """The text inside each <del> and <ins> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, list[str]] = {"del": [], "ins": []}
        self.open: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.texts:
            self.open = tag
            self.texts[tag].append("")

    def handle_endtag(self, tag):
        if tag == self.open:
            self.open = None

    def handle_data(self, data):
        if self.open:
            self.texts[self.open][-1] += data


def test_identical_versions_show_no_change_and_exit_0(tmp_path):
    result = _run(SAMPLE, _copy(tmp_path / "same"))
    assert result.exit_code == 0, result.output
    assert "没有改动" in result.output
    data = json.loads(_run(SAMPLE, SAMPLE, "--format", "json").output)
    assert data["items"] == [] and data["values"] == [] and data["summary"]["changed"] is False


#: What the Word reader cannot get back from the built document: the form prints a figure of 0 as a blank cell.
#: The reader's, not the diff's, to fix; listed here so that the day it is fixed this test says so.
WORD_ROUND_TRIP_ARTEFACTS = [
    ("self_assessment.entries[27].figure", "逐项自评 指标 B.1 指标值", "0", ""),
    ("self_assessment.entries[28].figure", "逐项自评 指标 B.2 指标值", "0", ""),
    ("organization.chart[0]", "组织架构图 「股东会」", "名称：股东会；咨询机构：否", ""),  # drawn as a picture
]


def test_the_word_draft_built_from_the_sample_has_the_same_prose_and_values(tmp_path):
    from proposal_kit.pipeline import build

    [built] = build([SAMPLE], tmp_path, pdf=False, force=True)
    comparison = compare(SAMPLE, built.outputs[0])
    assert [change for item in comparison.items for change in item.prose] == []
    values = [(v.field, v.label, v.old, v.new) for item in comparison.items for v in item.values]
    assert values == WORD_ROUND_TRIP_ARTEFACTS
    assert comparison.findings.fixed == comparison.findings.new == []


def test_a_version_that_cannot_be_read_cannot_be_compared(tmp_path):
    result = _run(SAMPLE, tmp_path / "missing")
    assert result.exit_code == 2 and "新版" in result.output and "missing" in result.output
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "proposal.yaml").write_text("center: [\n", "utf-8")
    result = _run(broken, SAMPLE)
    assert result.exit_code == 2
    assert "无法读取旧版" in result.output and "proposal.yaml" in result.output


def test_the_result_is_never_written_over_a_file_of_either_version(tmp_path, changed):
    result = _run(SAMPLE, changed, "--output", changed / "abstract.md")
    assert result.exit_code == 2 and "不能把比较结果写到" in result.output
    assert (changed / "abstract.md").read_text("utf-8") == (SAMPLE / "abstract.md").read_text("utf-8")


def test_a_version_the_schema_rejects_is_compared_as_written(tmp_path):
    new = _copy(tmp_path / "new")
    _edit(new / "proposal.yaml", "    total: 32000\n", "    total: 三万二\n")
    _edit(new / "proposal.yaml", "  prepared_on: 2025-03-01\n", "  prepared_on: 2025-04-01\n")
    comparison = compare(SAMPLE, new)
    assert comparison.invalid == ("新版",)
    values = {v.field: (v.old, v.new) for item in comparison.items for v in item.values}
    assert values == {
        "construction.funding.total": ("32,000", "三万二"),
        "center.prepared_on": ("2025年3月1日", "2025年4月1日"),
    }
    assert [f.code for f in comparison.findings.new] == ["S003"]


def test_records_are_matched_by_their_key_not_their_position(tmp_path):
    new = _copy(tmp_path / "new")
    yaml = new / "proposal.yaml"
    _edit(yaml, "      - {year: 2025, amount: 9000}\n", "")
    _edit(
        yaml,
        "      - {year: 2027, amount: 10000}\n",
        "      - {year: 2027, amount: 10000}\n      - {year: 2025, amount: 9000}\n",
    )
    _edit(yaml, "      - {name: 牵头单位自筹, kind: self_raised, amount: 18000}\n", "")
    _edit(
        yaml,
        '{code: "1.2.2", figure: 3, evidence: 牵头国家级 1 项、省级 2 项, score: 2.5}',
        '{code: "1.2.2", figure: 3, evidence: 牵头国家级 1 项、省级 2 项, score: 3}',
    )
    comparison = compare(SAMPLE, new)
    values = [(item.place or item.title, v.kind, v.label) for item in comparison.items for v in item.values]
    assert values == [
        ("六、4", REMOVED, "资金来源 「牵头单位自筹」"),
        ("附件2 自评表", CHANGED, "逐项自评 指标 1.2.2 自评分"),
    ]  # the years moved, and are the same years


def test_a_partner_added_brings_its_profile_as_added_sentences_under_its_item(tmp_path):
    new = _copy(tmp_path / "new")
    partner = "    - name: 重庆新材料有限公司\n      kind: enterprise\n      credit_code: 91500106MAAY4CL12X\n"
    partner += "      profile: 新单位专注封装材料。年产银浆 10 吨。\n"
    _edit(new / "proposal.yaml", "  partners:\n", "  partners:\n" + partner)
    [item] = compare(SAMPLE, new).items
    assert item.place == "三、2"
    assert [(c.kind, c.new, c.label) for c in item.prose] == [
        (ADDED, "新单位专注封装材料。", "「重庆新材料有限公司」 单位概况"),
        (ADDED, "年产银浆 10 吨。", "「重庆新材料有限公司」 单位概况"),
    ]
    [value] = item.values
    assert value.kind == ADDED and value.new.startswith("单位名称：重庆新材料有限公司；单位类型：企业")


def test_texts_printed_under_another_item_are_reported_there(tmp_path):
    new = _copy(tmp_path / "new")
    _edit(
        new / "proposal.yaml",
        "目标是新技术从中试到装车验证的周期缩短至 18 个月以内。",
        "目标是周期缩短至 12 个月以内。",
    )
    _edit(new / "06-5-risks.md", "车规级功率半导体具有", "新的一句。\n\n车规级功率半导体具有")
    places = {item.place: [c.label for c in item.prose] for item in compare(SAMPLE, new).items}
    assert places == {"五、1": ["四项基本功能 成果转化与商业化"], "六、5": ["风险分析 总体说明"]}


def test_sentences_are_what_prints_not_how_it_is_marked_up():
    markdown = "### 标题\n\n**一是**加快\n突破。其次；再次！\n\n1. 列表项。\n2. SiC\nMOSFET 第二\n项？\n\n| 年份 | 金额 |\n| --- | --- |\n| 2025 | 9,000 |\n"
    assert sentences(markdown) == [
        "标题",
        "一是加快突破。",
        "其次；",
        "再次！",
        "列表项。",
        "SiC MOSFET 第二项？",
        "年份 | 金额",
        "2025 | 9,000",
    ]
    assert sentences("他说：“好。”然后<!-- 注释 -->走了。") == ["他说：“好。”", "然后走了。"]
    assert sentence_changes("甲。乙。", "甲。\n\n  乙。") == []  # whitespace and paragraphs alone are no change
    assert sentence_changes("#### 甲。", "甲。") == []  # nor heading levels


def test_a_rewritten_stretch_pairs_only_sentences_that_are_alike():
    old = "第一句没变。第二句讲资金来源。第三句讲进度。"
    new = "第一句没变。完全不同的新内容。第二句讲资金来源和用途。第三句讲进度安排。"
    changes = [(c.kind, c.old, c.new) for c in sentence_changes(old, new)]
    assert changes == [
        (ADDED, "", "完全不同的新内容。"),
        (CHANGED, "第二句讲资金来源。", "第二句讲资金来源和用途。"),
        (CHANGED, "第三句讲进度。", "第三句讲进度安排。"),
    ]
    assert [c.kind for c in sentence_changes("甲乙丙。", "完全不同。")] == [CHANGED]  # one for one: a pair


def test_findings_are_paired_across_versions_by_code_field_and_message_not_by_line():
    def found(code: str, field: str, message: str, line: int) -> Finding:
        return Finding(code, Severity.ERROR, message, field, "proposal.yaml", line)

    old = [
        found("F001", "construction.funding.sources", "资金来源合计 32,000 万元，比总投资少 1,000 万元", 250),
        found("U003", "units.partners[2].credit_code", "校验码错误", 80),
        found("C001", "abstract", "摘要过短", 3),
    ]
    new = [
        found("F001", "construction.funding.sources", "资金来源合计 33,000 万元，比总投资少 500 万元", 260),
        found("U003", "units.partners[3].credit_code", "校验码错误", 90),  # a partner inserted before it
        found("X007", "abstract", "正文写总投资", 13),
    ]
    result = compare_findings(old, new)
    assert [f.code for f in result.open] == ["F001", "U003"]
    assert [f.code for f in result.fixed] == ["C001"]
    assert [f.code for f in result.new] == ["X007"]


def test_the_side_by_side_page_prints_in_chromium_on_a4(tmp_path, changed):
    from tests.browser import print_to_pdf
    from tests.pdf_reading import page_sizes

    output = tmp_path / "对照.html"
    assert _run(SAMPLE, changed, "--format", "html", "--output", output).exit_code == 1
    text = "".join(print_to_pdf(output, tmp_path / "对照.pdf").split())
    assert "仍需着力解决" in text and "还需着力解决" in text and "35,000" in text
    width, height = page_sizes(tmp_path / "对照.pdf")[0]
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
