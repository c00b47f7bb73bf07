"""Every text the applicant wrote reaches the Word document, character for character; nothing breaks it."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from pydantic import BaseModel

from proposal_kit.formats import amount
from proposal_kit.load import load
from proposal_kit.pipeline import build
from proposal_kit.prose import parse
from proposal_kit.validate import validate
from tests.conftest import MINIMAL, SAMPLE
from tests.docx_reading import all_text, open_document

# Fields whose text is not shown as written: codes and references the document names otherwise.
NOT_SHOWN = {"guideline", "code"}


def _texts(value, name: str = "") -> list[str]:
    if isinstance(value, Enum) or name in NOT_SHOWN:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [t for field in type(value).model_fields for t in _texts(getattr(value, field), field)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item, name)]
    return []


def _shown_pieces(text: str) -> list[str]:
    """What Markdown shows of `text`: the content of its text tokens (markup and line breaks aside)."""
    pieces = []
    for token in parse(text):
        for child in token.children or []:
            if child.type in ("text", "code_inline") and child.content.strip():
                pieces.append(child.content)
        if token.type in ("code_block", "fence"):
            pieces += [line for line in token.content.splitlines() if line.strip()]
    return pieces


def _build(folder, tmp_path):
    [result] = build([folder], tmp_path / "out", pdf=False, force=True)
    assert result.outputs, result.refused
    return open_document(result.outputs[0])


def test_every_text_of_the_sample_is_in_the_document(tmp_path):
    proposal, _ = validate(load(SAMPLE))
    text = all_text(_build(SAMPLE, tmp_path))
    missing = [piece for value in _texts(proposal) for piece in _shown_pieces(value) if piece not in text]
    assert missing == []


NASTY = "<b>粗</b> & \"引\" 'q' {{ 7*7 }} {% for x in y %} </w:t></w:r> 😀 堃 喆 𠀾 R&D 100<100 \u202eRTL\u202c"
CONTROLS = "前\x01\x02\x0b\x0c\x1f\ufffe\uffff后"


def _nasty_proposal(write_proposal):
    text = MINIMAL.replace("lead_unit: 重庆测试有限公司", f"lead_unit: {_quoted(NASTY)}")
    text = text.replace("competent_unit: 沙坪坝区发展和改革委员会", f"competent_unit: {_quoted(CONTROLS)}")
    text += f"abstract: {_quoted(NASTY + chr(10) + CONTROLS)}\n"
    text += "construction:\n  risks:\n    items:\n"
    text += f"      - {{category: {_quoted(NASTY)}, description: {_quoted(CONTROLS)}, mitigation: {_quoted('{{p body }}')}}}\n"
    text += "other_matters: {include: other.md}\n"
    return write_proposal(
        text,
        **{
            "other.md": f"# 标题 {NASTY}\n\n- {NASTY}\n- {CONTROLS}\n\n| a | b |\n|---|---|\n| {NASTY.replace('|', '')} | x |\n"
        },
    )


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, control characters escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in escaped) + '"'


def test_hostile_text_arrives_intact(write_proposal, tmp_path):
    document = _build(_nasty_proposal(write_proposal), tmp_path)
    text = all_text(document)
    assert text.count(NASTY) >= 4  # lead unit on the cover, abstract, risk table, heading and list
    assert "{{p body }}" in text
    assert document.core_properties.author == NASTY


def test_control_characters_are_removed_and_only_they(write_proposal, tmp_path):
    text = all_text(_build(_nasty_proposal(write_proposal), tmp_path))
    assert "前后" in text
    for control in "\x01\x02\x0b\x0c\x1f\ufffe\uffff":
        assert control not in text
    assert "主管单位：前后" in text


def test_raw_html_is_shown_as_text(write_proposal, tmp_path):
    folder = write_proposal(MINIMAL + 'abstract: "<div>块</div>\\n\\n段落 <span>行内</span> 与 <!-- 注释 -->"\n')
    text = all_text(_build(folder, tmp_path))
    assert "<div>块</div>" in text
    assert "段落 <span>行内</span> 与" in text
    assert "注释" not in text and "<!--" not in text  # an HTML comment is a note to the author: never printed


YEARS = {"year", "established", "founded"}


def _numbers(value, name: str = "") -> list:
    if isinstance(value, (bool, Enum)):
        return []
    if isinstance(value, Decimal | int):
        return [str(value) if name in YEARS else amount(value)]
    if isinstance(value, BaseModel):
        return [n for field in type(value).model_fields for n in _numbers(getattr(value, field), field)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item, name)]
    return []


def test_every_number_of_the_sample_is_in_the_document(tmp_path):
    proposal, _ = validate(load(SAMPLE))
    text = all_text(_build(SAMPLE, tmp_path))
    numbers = _numbers(proposal)
    assert len(numbers) > 150
    assert [n for n in numbers if n not in text] == []
