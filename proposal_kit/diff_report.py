"""A `Comparison` of two versions as people read it: text for the terminal, one self-contained HTML page
with the two versions side by side, or JSON for other programs. Every text from a draft is made printable
first (a draft is untrusted: no control character reaches a terminal), and escaped again in the HTML."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from proposal_kit.diff import ADDED, CHANGED, REMOVED, Comparison, FindingsDiff, ItemDiff, SentenceChange, ValueChange
from proposal_kit.findings import Finding
from proposal_kit.formats import printable

SCHEMA_VERSION = 1
KIND_LABELS = {REMOVED: "删除", ADDED: "新增", CHANGED: "修改"}
EMPTY = "（空）"


class DiffFormat(StrEnum):
    TEXT = "text"
    HTML = "html"
    JSON = "json"


def render_diff(format: DiffFormat | str, comparison: Comparison) -> bytes:
    """The comparison in `format`, as the bytes of the file."""
    renderers: dict[DiffFormat, Callable[[Comparison], str]] = {
        DiffFormat.TEXT: as_text,
        DiffFormat.HTML: as_html,
        DiffFormat.JSON: as_json,
    }
    return renderers[DiffFormat(format)](printable_comparison(comparison)).encode("utf-8")


def printable_comparison(comparison: Comparison) -> Comparison:
    """The comparison with every text from the drafts made printable (escapes for control characters)."""

    def change(found: Any) -> Any:  # a SentenceChange or a ValueChange
        return replace(found, old=printable(found.old), new=printable(found.new), label=printable(found.label))

    def finding(found: Finding) -> Finding:
        texts = {name: printable(getattr(found, name)) for name in ("message", "field", "file", "place")}
        return replace(found, **texts)

    items = [
        replace(
            item,
            title=printable(item.title),
            prose=[change(c) for c in item.prose],
            values=[change(c) for c in item.values],
        )
        for item in comparison.items
    ]
    found = comparison.findings
    findings = FindingsDiff(*([finding(f) for f in group] for group in (found.fixed, found.open, found.new)))
    return replace(comparison, items=items, findings=findings)


def summary_line(comparison: Comparison) -> str:
    """「共 3 项有改动：正文 2 处，数据 1 处；问题：已解决 2 个，仍存在 5 个，新出现 1 个」."""
    found = comparison.findings
    problems = f"问题：已解决 {len(found.fixed)} 个，仍存在 {len(found.open)} 个，新出现 {len(found.new)} 个"
    if not comparison.items:
        return f"没有改动：两个版本的正文和数据相同；{problems}"
    changes = f"正文 {comparison.prose_changes} 处，数据 {comparison.value_changes} 处"
    return f"共 {len(comparison.items)} 项有改动：{changes}；{problems}"


def _invalid_note(comparison: Comparison) -> str:
    """Why values were compared as written, where a version does not fit the format."""
    if not comparison.invalid:
        return ""
    return f"说明：{'、'.join(comparison.invalid)}不符合格式（见下方问题），数据按草稿所写比较"


def _shown(value: str) -> str:
    return value or EMPTY


# --- text --------------------------------------------------------------------------------------------------


def as_text(comparison: Comparison) -> str:
    """Each item that changed under its heading, in the order of the document, then the findings and the
    summary line."""
    lines = [f"旧版：{printable(str(comparison.old))}", f"新版：{printable(str(comparison.new))}"]
    if note := _invalid_note(comparison):
        lines.append(note)
    for item in comparison.items:
        lines += ["", item.heading, *_prose_lines(item.prose), *_value_lines(item.values)]
    lines += _findings_lines(comparison.findings)
    lines += ["", summary_line(comparison)]
    return "\n".join(lines) + "\n"


def _prose_lines(changes: list[SentenceChange]) -> list[str]:
    lines = []
    for change in changes:
        where = f"〔{change.label}〕" if change.label else ""
        if change.kind == CHANGED:
            lines += [f"  修改  {where}旧：{change.old}", f"        {' ' * _width(where)}新：{change.new}"]
        else:
            lines.append(f"  {KIND_LABELS[change.kind]}  {where}{change.old or change.new}")
    return lines


def _width(text: str) -> int:
    """The columns `text` takes in a terminal: two for a Chinese character, one for the rest."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _value_lines(changes: list[ValueChange]) -> list[str]:
    lines = []
    for change in changes:
        if change.kind == CHANGED:
            lines.append(f"  修改  {change.label}：{_shown(change.old)} → {_shown(change.new)}")
        else:
            lines.append(f"  {KIND_LABELS[change.kind]}  {change.label}：{change.old or change.new}")
    return lines


FINDING_GROUPS = (("new", "新出现"), ("fixed", "已解决"), ("open", "仍存在"))


def _findings_lines(findings: FindingsDiff) -> list[str]:
    lines = []
    for key, label in FINDING_GROUPS:
        group: list[Finding] = getattr(findings, key)
        if group:
            lines += ["", f"{label}的问题（{len(group)} 个）"]
            lines += [f"  {f.code}  {f.placed_message()}" for f in group]
    return lines


# --- JSON --------------------------------------------------------------------------------------------------


def as_json(comparison: Comparison) -> str:
    """The comparison as data: the prose changes per item, the value changes each with its item's place, and
    the findings fixed, open and new (each as `check --format json` gives a finding)."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "old": str(comparison.old),
        "new": str(comparison.new),
        "invalid": list(comparison.invalid),
        "items": [_item_dict(item) for item in comparison.items if item.prose],
        "values": [_value_dict(item, change) for item in comparison.items for change in item.values],
        "findings": {key: [f.to_dict() for f in getattr(comparison.findings, key)] for key in ("fixed", "open", "new")},
        "summary": {
            "items": len(comparison.items),
            "prose": comparison.prose_changes,
            "values": comparison.value_changes,
            "fixed": len(comparison.findings.fixed),
            "open": len(comparison.findings.open),
            "new": len(comparison.findings.new),
            "changed": comparison.changed,
            "text": summary_line(comparison),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _item_dict(item: ItemDiff) -> dict[str, Any]:
    return {
        "key": item.key,
        "place": item.place,
        "title": item.title,
        "heading": item.heading,
        "removed": [c.old for c in item.prose if c.kind in (REMOVED, CHANGED)],
        "added": [c.new for c in item.prose if c.kind in (ADDED, CHANGED)],
        "changes": [
            {
                "kind": c.kind,
                "label": KIND_LABELS[c.kind],
                "field": c.field,
                "where": c.label,
                "old": c.old,
                "new": c.new,
            }
            for c in item.prose
        ],
    }


def _value_dict(item: ItemDiff, change: ValueChange) -> dict[str, Any]:
    return {
        "item": item.key,
        "place": item.place,
        "heading": item.heading,
        "field": change.field,
        "title": change.label,
        "kind": change.kind,
        "label": KIND_LABELS[change.kind],
        "old": change.old,
        "new": change.new,
    }


# --- HTML --------------------------------------------------------------------------------------------------

_STYLE = """
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       font-size: 10.5pt; line-height: 1.6; color: #222; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 16pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; }
p.meta, p.note { margin: 2pt 0; color: #555; }
p.summary { font-weight: bold; margin: 8pt 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 4pt 0; }
th, td { border: 1px solid #bbb; padding: 3pt 5pt; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; word-break: break-word; }
th { background: #eee; font-weight: bold; }
td.where { background: #f6f6f6; color: #555; font-size: 9pt; }
col.field { width: 28%; }
del { background: #fde2e2; color: #8a1010; text-decoration: none; }
ins { background: #dff3df; color: #115511; text-decoration: none; }
del .hl { background: #f6a5a5; text-decoration: line-through; }
ins .hl { background: #9fd89f; }
ul.findings { margin: 2pt 0; padding-left: 18pt; }
.code { font-family: monospace; }
@media print {
  body { max-width: none; }
  tr, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  del, ins { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def as_html(comparison: Comparison) -> str:
    """One page with no outside resources: per item, the old and the new version side by side, removed text
    in red (<del>), added text in green (<ins>); then the findings."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>组建方案修改对照</title><style>{_STYLE}</style></head><body>",
        "<h1>组建方案修改对照</h1>",
        f'<p class="meta">旧版：{_e(printable(str(comparison.old)))}</p>',
        f'<p class="meta">新版：{_e(printable(str(comparison.new)))}</p>',
    ]
    if note := _invalid_note(comparison):
        parts.append(f'<p class="note">{_e(note)}</p>')
    parts.append(f'<p class="summary">{_e(summary_line(comparison))}</p>')
    for item in comparison.items:
        parts.append(f"<section><h2>{_e(item.heading)}</h2>")
        if item.prose:
            parts.append(_prose_table(item.prose))
        if item.values:
            parts.append(_values_table(item.values))
        parts.append("</section>")
    parts.append(_findings_html(comparison.findings))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _prose_table(changes: list[SentenceChange]) -> str:
    rows = ['<table class="prose"><thead><tr><th>旧版</th><th>新版</th></tr></thead><tbody>']
    label = None
    for change in changes:
        if change.label != label and change.label:
            rows.append(f'<tr><td class="where" colspan="2">{_e(change.label)}</td></tr>')
        label = change.label
        if change.kind == CHANGED:
            old, new = _marked(change.old, change.new)
        else:
            old = f"<del>{_e(change.old)}</del>" if change.old else ""
            new = f"<ins>{_e(change.new)}</ins>" if change.new else ""
        rows.append(f"<tr><td>{old}</td><td>{new}</td></tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _marked(old: str, new: str) -> tuple[str, str]:
    """A changed sentence, old and new: each whole in <del> or <ins>, the characters that differ marked."""
    before, after = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            before.append(_e(old[i1:i2]))
            after.append(_e(new[j1:j2]))
            continue
        if i2 > i1:
            before.append(f'<span class="hl">{_e(old[i1:i2])}</span>')
        if j2 > j1:
            after.append(f'<span class="hl">{_e(new[j1:j2])}</span>')
    return f"<del>{''.join(before)}</del>", f"<ins>{''.join(after)}</ins>"


def _values_table(changes: list[ValueChange]) -> str:
    rows = [
        '<table class="values"><colgroup><col class="field"><col><col></colgroup>',
        "<thead><tr><th>数据项</th><th>旧版</th><th>新版</th></tr></thead><tbody>",
    ]
    for change in changes:
        old = f"<del>{_e(change.old)}</del>" if change.old else _e(EMPTY if change.kind == CHANGED else "")
        new = f"<ins>{_e(change.new)}</ins>" if change.new else _e(EMPTY if change.kind == CHANGED else "")
        title = f"{KIND_LABELS[change.kind]}：{change.label}" if change.kind != CHANGED else change.label
        rows.append(f"<tr><td>{_e(title)}</td><td>{old}</td><td>{new}</td></tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _findings_html(findings: FindingsDiff) -> str:
    parts = ["<section><h2>检查发现的问题</h2>"]
    for key, label in FINDING_GROUPS:
        group: list[Finding] = getattr(findings, key)
        parts.append(f"<h3>{label}（{len(group)} 个）</h3>")
        if group:
            items = "".join(f'<li><span class="code">{_e(f.code)}</span> {_e(f.placed_message())}</li>' for f in group)
            parts.append(f'<ul class="findings">{items}</ul>')
    parts.append("</section>")
    return "\n".join(parts)
