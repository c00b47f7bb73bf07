"""Safe loading: every kind of bad input gets its code at the right line, and nothing is executed."""

from __future__ import annotations

import os

import pytest

from proposal_kit.exceptions import LoadError
from proposal_kit.load import MAX_DEPTH, MAX_YAML_BYTES, load
from proposal_kit.model import Proposal
from tests.conftest import MINIMAL


def _fails(folder, code: str, line: int = 0) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load(folder)
    assert caught.value.code == code, caught.value.message
    if line:
        assert caught.value.line == line, caught.value.message
    assert caught.value.message
    return caught.value


def test_a_minimal_proposal_loads_with_locations(write_proposal):
    source = load(write_proposal())
    assert source.data["center"]["name"] == "重庆市测试产业创新中心"
    where = source.locate(("center", "prepared_on"))
    assert (where.line, where.column) == (6, 3)
    assert source.locate(("center", "prepared_on", "nothing", 3)) == where


def test_a_folder_without_proposal_yaml(tmp_path):
    _fails(tmp_path, "L001")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("center:\n  name: a\n  name: b\n", 3),
        ("center:\n  name: a\ncenter:\n  name: b\n", 3),
        ("units:\n  partners:\n    - name: a\n      kind: x\n      name: b\n", 5),
    ],
)
def test_duplicate_keys_are_rejected(write_proposal, text, line):
    error = _fails(write_proposal(text), "L008", line)
    assert "重复" in error.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: &x [1, 2]\nb: *x\n", 2),
        ("base: {name: a}\ncenter:\n  <<: {name: b}\n", 3),
        ('a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n', 2),
    ],
)
def test_aliases_and_merge_keys_are_rejected(write_proposal, text, line):
    _fails(write_proposal(text), "L006", line)


def test_an_anchor_nothing_refers_to_is_inert(write_proposal):
    assert load(write_proposal("center: &c\n  name: a\n")).data == {"center": {"name": "a"}}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hacked']\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!python/name:os.system\n",
        "a: !custom value\n",
        "a: !!int 12\n",
    ],
)
def test_tags_are_rejected_and_nothing_is_constructed(write_proposal, text):
    _fails(write_proposal(text), "L007", 1)


def test_implicit_typing_is_left_to_the_schema(write_proposal):
    text = MINIMAL.replace("industry: 测试", "industry: NO").replace("lead_unit: 重庆测试有限公司", "lead_unit: 012")
    text += (
        "units:\n  lead:\n    name: yes\n    kind: enterprise\n    credit_code: 91350100M000100Y43\n    staff: 012\n"
    )
    text += "    revenue: 1.10\n    address: 2025-03-01\n    legal_entity: yes\n    legal_representative: ~\n"
    source = load(write_proposal(text))
    assert source.data["center"]["industry"] == "NO"
    proposal = Proposal.model_validate(source.data)
    assert proposal.center.industry == "NO"
    assert proposal.center.lead_unit == "012"
    lead = proposal.units.lead
    assert lead is not None
    assert (lead.name, lead.address, lead.legal_entity) == ("yes", "2025-03-01", True)
    assert lead.staff == 12
    assert str(lead.revenue) == "1.10"
    assert lead.legal_representative is None
    assert str(proposal.center.prepared_on) == "2025-03-01"


def test_a_bom_is_tolerated(write_proposal):
    assert load(write_proposal(b"\xef\xbb\xbf" + MINIMAL.encode())).data["center"]["industry"] == "测试"


def test_crlf_line_ends_keep_line_numbers(write_proposal):
    source = load(write_proposal(MINIMAL.replace("\n", "\r\n").encode()))
    assert source.locate(("center", "legal_form")).line == 7


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (MINIMAL.encode("utf-16"), 1),
        ("center:\n  name: 重庆\n".encode("gbk"), 2),
        ("center:\n  name: caf\xe9\n".encode("latin-1"), 2),
    ],
)
def test_other_encodings_are_rejected(write_proposal, data, line):
    error = _fails(write_proposal(data), "L003", line)
    assert "UTF-8" in error.message


def test_a_large_file_is_refused_before_parsing(write_proposal):
    big = MINIMAL + "other_matters: |\n" + ("  " + "长" * 100 + "\n") * (MAX_YAML_BYTES // 300 + 10)
    _fails(write_proposal(big), "L002")


@pytest.mark.parametrize(
    "text", ["a: " + "[" * 5000 + "]" * 5000 + "\n", "a:\n" + "".join(" " * i + "- \n" for i in range(1, 200))]
)
def test_deep_nesting_is_refused(write_proposal, text):
    error = _fails(write_proposal(text), "L009")
    assert str(MAX_DEPTH) in error.message


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("", "L005", 1),
        ("# only a comment\n", "L005", 0),
        ("- a\n- b\n", "L005", 1),
        ("just a string\n", "L005", 1),
        ("center:\n  name: a\n---\nother: b\n", "L005", 3),
        ("center:\n  name: a: b\n", "L004", 2),
        ("center:\n\tname: a\n", "L004", 2),
        ('center:\n  name: "unterminated\n', "L004", 0),
        ("center:\n  name: a\x07b\n", "L004", 2),
        ("? [a, b]\n: c\n", "L004", 1),
    ],
)
def test_structural_problems(write_proposal, text, code, line):
    _fails(write_proposal(text), code, line)


def test_escaped_control_characters_load_as_text(write_proposal):
    source = load(write_proposal('a: "x\\x01y\\uFFFEz"\n'))
    assert source.data["a"] == "x\x01y\ufffez"


def test_markdown_include_is_read_and_located(write_proposal):
    folder = write_proposal(
        MINIMAL + "abstract: {include: parts/abstract.md}\n", **{"parts/abstract.md": "# 摘要\n\n正文"}
    )
    source = load(folder)
    assert source.data["abstract"] == "# 摘要\n\n正文"
    where = source.locate(("abstract",))
    assert where.file.endswith("abstract.md")
    assert where.line == 1
    assert source.problems == []


@pytest.mark.parametrize(
    ("reference", "code"),
    [
        ("../../etc/passwd", "L010"),
        ("/etc/passwd", "L010"),
        ("file:///etc/passwd", "L010"),
        ("http://example.invalid/a.md", "L010"),
        ("parts/../../outside.md", "L010"),
        ("missing.md", "L011"),
        ("binary.md", "L012"),
        ("latin1.md", "L003"),
        ("", "L010"),
    ],
)
def test_bad_includes_are_reported_at_their_line(write_proposal, reference, code):
    text = MINIMAL + f'abstract: {{include: "{reference}"}}\n'
    folder = write_proposal(text, **{"binary.md": b"\x00\x01\x02PNG", "latin1.md": "caf\xe9".encode("latin-1")})
    source = load(folder)
    assert source.data["abstract"] is None
    [problem] = source.problems
    assert (problem.code, problem.line, problem.field) == (code, 8, "abstract")


def test_a_symlink_out_of_the_folder_is_refused(write_proposal, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("机密", "utf-8")
    folder = write_proposal(MINIMAL + "abstract: {include: link.md}\n")
    os.symlink(secret, folder / "link.md")
    source = load(folder)
    assert [p.code for p in source.problems] == ["L010"]
    assert source.data["abstract"] is None


def test_every_problem_in_includes_is_reported_at_once(write_proposal):
    text = MINIMAL + "abstract: {include: a.md}\nother_matters: {include: ../b.md}\n"
    codes = [p.code for p in load(write_proposal(text)).problems]
    assert codes == ["L011", "L010"]


def test_loading_never_modifies_the_input(write_proposal):
    folder = write_proposal(MINIMAL + "abstract: {include: a.md}\n", **{"a.md": "正文"})
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    load(folder)
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before
