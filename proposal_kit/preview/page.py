"""The preview page of one checked draft, as a pure function: the whole proposal in the order of 附件1, each
finding in a coloured box at the top of the item it concerns, the figures at the end of theirs, a bar with
the counts that stays in view; one self-contained HTML file (no outside CSS, script or font) that prints on A4.

A draft that cannot be read gives a page of its findings: the preview never fails on a save half made."""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from proposal_kit.findings import Finding
from proposal_kit.formats import amount
from proposal_kit.guideline import DEFAULT_EDITION, Chapter, Guideline, OutlineItem
from proposal_kit.guideline import load as load_guideline
from proposal_kit.levels import chinese_number
from proposal_kit.preview.content import print_cover, print_documents, print_evidence, print_field, print_form
from proposal_kit.preview.html import Html, escape
from proposal_kit.preview.sections import COVER, FORM, PAGE, section_of
from proposal_kit.report import SEVERITY_LABELS, sorted_findings
from proposal_kit.results import Draft
from proposal_kit.salvage import BrokenValue

VERSION_PATH = "/version"
POLL_MILLISECONDS = 1000

STYLE = """
:root{--ink:#1f2328;--muted:#57606a;--line:#8c959f;--paper:#fff;--desk:#e9ecef}
*{box-sizing:border-box}
html{scroll-padding-top:4.5rem}
body{margin:0;background:var(--desk);color:var(--ink);font:16px/1.8 "FangSong","STFangsong","Noto Serif CJK SC","Source Han Serif SC","SimSun",serif}
.bar{position:sticky;top:0;z-index:10;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center;padding:.5rem 1.2rem;background:#24292f;color:#fff;font:14px/1.4 "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.bar .name{font-weight:bold;font-size:15px;margin-right:auto;overflow-wrap:anywhere}
.bar .stat{white-space:nowrap;color:#d0d7de;text-decoration:none}.bar .stat b{color:#fff;font-size:15px}
.bar a.stat:hover{text-decoration:underline}
.bar .stat.bad b,.bar .over{color:#ff8182}.bar .stat.warn b{color:#f2cc60}.bar .stat.good b{color:#7ee787}
.live{font-size:12px;color:#7ee787;white-space:nowrap}.live.off{color:#ff8182}
.paper{max-width:210mm;margin:1.2rem auto 3rem;padding:18mm 20mm;background:var(--paper);box-shadow:0 1px 6px rgba(0,0,0,.18)}
p{margin:.3rem 0;text-indent:2em;text-align:justify;overflow-wrap:anywhere}
h1,h2,h3,h4,h5{line-height:1.5;margin:1.1rem 0 .4rem;overflow-wrap:anywhere}
h2{font:bold 1.3rem/1.5 "SimHei","Noto Sans CJK SC","Microsoft YaHei",sans-serif;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
h3{font:bold 1.15rem/1.5 "KaiTi","STKaiti","AR PL UKai CN","LXGW WenKai","Noto Serif CJK SC",serif}
h4{font-size:1.05rem;font-weight:bold}h5{font-size:1rem;font-weight:bold}
.cover{text-align:center;padding:2rem 0 1rem;border-bottom:3px double #d0d7de;margin-bottom:1rem}
.cover p{text-indent:0;text-align:center}.cover-title p{font:bold 1.7rem/1.6 "SimHei","Noto Sans CJK SC",sans-serif;margin:0}
.cover-title{margin:1rem 0 1.5rem}.cover p.coverdate{margin-top:1rem}
.toc{font-size:.9rem;line-height:1.6;margin:1rem 0;columns:2 18rem;column-gap:2rem}
.toc p{text-indent:0;margin:0;break-inside:avoid}.toc .item{padding-left:1.5em}.toc a{color:inherit;text-decoration:none}
.toc a:hover{text-decoration:underline}
.badge{display:inline-block;min-width:1.3em;padding:0 .35em;margin-left:.3em;border-radius:1em;font:bold 11px/1.5 sans-serif;text-align:center;color:#fff;background:#bf8700;text-indent:0}
.badge.error{background:#cf222e}
p.caption{text-indent:0;text-align:center;font-weight:bold;margin-top:.8rem}
p.tabletext,p.plain{text-indent:0}
p.attachment-label{text-indent:0;font:bold 1.05rem "SimHei","Noto Sans CJK SC",sans-serif;margin-top:2.5rem}
h2.attachment{text-align:center;border:0}
.table-wrap{overflow-x:auto;margin:.5rem 0 .8rem}
table.doc{border-collapse:collapse;width:100%;font-size:.85rem;line-height:1.5}table.fixed{table-layout:fixed}
table.doc th,table.doc td{border:1px solid var(--line);padding:.25rem .4rem;vertical-align:middle;overflow-wrap:break-word}
table.fixed th,table.fixed td{overflow-wrap:anywhere}
table.doc th{background:#f3f4f6;text-align:center;font-weight:bold}
table.doc td.num{text-align:right;white-space:nowrap}table.doc td.head{text-align:center;font-weight:bold}
table.doc td.label{background:#fafbfc;white-space:nowrap}
table.doc p{text-indent:0;margin:.1rem 0;text-align:left}
table.small{font-size:.78rem}
ul,ol{list-style:none;margin:.2rem 0;padding-left:2em}li[data-n]::before{content:attr(data-n) " "}
li>p:first-child{display:inline}li>p{text-indent:0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.4rem .6rem;font-size:.85rem}
figure{margin:1rem auto;text-align:center;break-inside:avoid}figure img{max-width:100%;height:auto}
figcaption{font:bold .95rem "SimHei","Noto Sans CJK SC",sans-serif;margin-top:.3rem}
.findings{margin:.5rem 0 .9rem;font:13.5px/1.55 "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;text-indent:0}
.findings .title{font-weight:bold;margin:0 0 .3rem;text-indent:0}
.finding{display:grid;grid-template-columns:auto auto 1fr;gap:.1rem .6rem;padding:.35rem .6rem;margin:.25rem 0;border-left:5px solid;border-radius:3px;break-inside:avoid}
.finding .sev{font-weight:bold;white-space:nowrap}.finding code{font:12.5px/1.55 monospace;white-space:nowrap}
.finding .msg{overflow-wrap:anywhere}.finding .where{grid-column:3;color:var(--muted);font-size:12px;overflow-wrap:anywhere}
.finding.error{background:#ffebe9;border-color:#cf222e}.finding.error .sev{color:#a40e26}
.finding.warning{background:#fff8c5;border-color:#bf8700}.finding.warning .sev{color:#7d4e00}
.finding.info{background:#ddf4ff;border-color:#0969da}.finding.info .sev{color:#0550ae}
.notice{font:14px/1.6 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;text-indent:0;padding:.6rem .8rem;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px}
.broken{font:13px "Noto Sans CJK SC",sans-serif;color:#a40e26;text-indent:0}
@page{size:A4;margin:18mm 16mm}
@media print{body{background:#fff;font-size:12pt}.bar{position:static;background:#fff;color:#000;box-shadow:none;border-bottom:1px solid #000;padding:0 0 .3rem}
.bar .stat,.bar .stat b{color:#000}.live{display:none}.paper{max-width:none;margin:0;padding:0;box-shadow:none}
.table-wrap{overflow:visible}thead{display:table-header-group}tr{break-inside:avoid}h2,h3,h4,p.caption{break-after:avoid}
.toc{columns:2}a{color:inherit;text-decoration:none}p.attachment-label{break-before:page}}
"""

SCRIPT = """
(function(){
  var version = %s, live = document.getElementById("live");
  if ("scrollRestoration" in history) { history.scrollRestoration = "manual"; }
  window.addEventListener("load", function(){
    var y = sessionStorage.getItem("proposal-kit-scroll");
    if (y !== null) { sessionStorage.removeItem("proposal-kit-scroll"); window.scrollTo(0, +y); }
  });
  if (location.protocol.indexOf("http") !== 0) { live.textContent = ""; return; }
  function poll(){
    fetch("%s", {cache: "no-store"}).then(function(r){ return r.text(); }).then(function(text){
      live.className = "live"; live.textContent = "● 自动刷新";
      if (text.trim() !== version) {
        sessionStorage.setItem("proposal-kit-scroll", String(window.scrollY));
        location.reload();
      } else { setTimeout(poll, %d); }
    }).catch(function(){
      live.className = "live off"; live.textContent = "● 预览已停止，重新运行 proposal-kit preview 后刷新本页";
      setTimeout(poll, %d);
    });
  }
  setTimeout(poll, %d);
})();
"""


def render_page(
    draft: Draft,
    figures: Sequence[Any] = (),
    refreshed: datetime | None = None,
    version: str = "",
    folder: Path | None = None,
    salvaged: Any = None,
) -> str:
    """The page of `draft`: its findings placed at their items, `figures` (each with `.item`, `.label`, `.png`,
    `.width_mm`) at the end of theirs; `refreshed` is the time the bar shows, `version` what the page compares
    `/version` with before reloading; files under `folder` are named relative to it. A draft the schema
    rejects is shown from its `salvaged` model (`proposal_kit.salvage`) where one is given: every part but
    those holding a rejected value."""
    guideline = _guideline(draft)
    proposal = draft.proposal if draft.proposal is not None else salvaged
    findings = sorted_findings(draft.findings)
    ids = {id(f): f"finding-{n}" for n, f in enumerate(findings, 1)}
    placed: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        placed[section_of(f.field, guideline.outline) if proposal is not None else PAGE].append(f)
    boxes = _Boxes(placed, ids, folder or _folder(draft))
    out = Html()
    if proposal is None:
        out.markup(f'<p class="notice">{escape(_unreadable_notice(draft))}</p>')
        out.markup(boxes.take(PAGE, "这些问题使方案无法显示："))
    else:
        if draft.proposal is None:
            out.markup(f'<p class="notice">{escape(SALVAGED_NOTICE)}</p>')
        out.markup(boxes.take(PAGE, "全文的问题："))
        _body(out, proposal, guideline, boxes, _by_item(figures))
    nonce = secrets.token_urlsafe(16)
    name = draft.center or (folder or _folder(draft)).name
    return "".join(
        [
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{content_policy(nonce)}">',
            f"<title>预览：{escape(name)}</title><style>{STYLE}</style></head><body>",
            _bar(draft, guideline, name, findings, ids, refreshed or datetime.now()),
            f'<main class="paper">{out.html()}</main>',
            f'<script nonce="{nonce}">{poll_script(version)}</script></body></html>',
        ]
    )


def content_policy(nonce: str) -> str:
    """What the page may load: its own inline style, its one script, images of its own data, and requests to
    the server it came from; so a text from a draft, even if it were not escaped, could run nothing."""
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-{nonce}'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'"
    )


def _guideline(draft: Draft) -> Guideline:
    try:
        return load_guideline(draft.guideline or DEFAULT_EDITION)
    except Exception:  # an edition no data folder holds: the check says so; the page uses the package's own
        return load_guideline(DEFAULT_EDITION)


def _folder(draft: Draft) -> Path:
    path = Path(draft.path)
    return path if path.is_dir() else path.parent


SALVAGED_NOTICE = (
    "方案中有不符合格式的值（见标出的错误）：含有这些值的部分暂不显示，其余照常显示；改正并保存后自动刷新。"
)


def _unreadable_notice(draft: Draft) -> str:
    if draft.valid:
        return "方案中有不符合格式的值，暂时无法显示全文。请按下面的提示修改并保存，预览会自动刷新。"
    return "方案目前无法读取。请按下面的提示修改并保存，预览会自动刷新。"


class _Boxes:
    """The findings of each part of the page, each given out once, as a box of coloured lines."""

    def __init__(self, placed: dict[str, list[Finding]], ids: dict[int, str], folder: Path) -> None:
        self.placed, self.ids, self.folder = placed, ids, folder

    def count(self, section: str) -> list[Finding]:
        return self.placed.get(section, [])

    def take(self, section: str, title: str = "") -> str:
        """The box of the findings of `section`, headed by `title` where given; "" where it has none."""
        return self._box(self.placed.pop(section, []), title)

    def rest(self) -> str:
        """The findings of parts the page did not print (an item of another edition's outline)."""
        return self._box([f for section in list(self.placed) for f in self.placed.pop(section)], "其他问题：")

    def _box(self, findings: list[Finding], title: str) -> str:
        if not findings:
            return ""
        heading = f'<p class="title">{escape(title)}</p>' if title else ""
        return f'<div class="findings" role="note">{heading}{"".join(self._line(f) for f in findings)}</div>'

    def _line(self, finding: Finding) -> str:
        severity = finding.severity.value
        where = " · ".join(part for part in (finding.place, self._location(finding)) if part)
        return (
            f'<div class="finding {escape(severity)}" id="{self.ids[id(finding)]}">'
            f'<span class="sev">{escape(SEVERITY_LABELS.get(severity, severity))}</span>'
            f'<code>{escape(finding.code)}</code><span class="msg">{escape(finding.message)}</span>'
            f'<span class="where">{escape(where)}</span></div>'
        )

    def _location(self, finding: Finding) -> str:
        """file:line:column, the file named relative to the proposal's folder."""
        if not finding.file:
            return ""
        try:
            name = str(Path(finding.file).resolve().relative_to(self.folder.resolve()))
        except (OSError, ValueError):
            name = finding.file
        return ":".join([name, *([str(finding.line), str(finding.column or 1)] if finding.line else [])])


def _by_item(figures: Sequence[Any]) -> dict[str, list[Any]]:
    by_item: dict[str, list[Any]] = defaultdict(list)
    for figure in figures:
        by_item[str(getattr(figure, "item", ""))].append(figure)
    return by_item


def _body(out: Html, proposal: Any, guideline: Guideline, boxes: _Boxes, figures: dict[str, list[Any]]) -> None:
    """The cover, a table of contents, every chapter and item of the outline, 附件1 and 附件2."""
    outline = guideline.outline
    out.markup('<section class="cover" id="cover">')
    out.markup(boxes.take(COVER))
    _guarded(out, lambda: print_cover(out, proposal))
    out.markup("</section>")
    out.markup(_contents(outline.chapters, boxes))
    for chapter in outline.chapters:
        out.markup(f'<section class="chapter" id="{_anchor(chapter)}">')
        out.heading(1, chapter.heading)
        if not chapter.items:
            _item(out, proposal, chapter.field, boxes, figures)
        for number, item in enumerate(chapter.items, 1):
            out.markup(f'<section class="item" id="{_anchor(chapter, item)}">')
            out.heading(2, f"（{chinese_number(number)}）{item.title}")
            _item(out, proposal, item.field, boxes, figures)
            out.markup("</section>")
        out.markup("</section>")
    _guarded(out, lambda: print_documents(out, proposal))
    out.markup(f'<section class="form" id="{FORM}">')
    form_findings = boxes.take(FORM)
    _guarded(out, lambda: print_form(out, proposal, guideline), before_table=form_findings)
    _figures(out, figures.pop(FORM, []))  # under the form, before the evidence, as the document has them
    _guarded(out, lambda: print_evidence(out, proposal.evidence))
    out.markup("</section>")
    _figures(out, [f for rest in figures.values() for f in rest])
    out.markup(boxes.rest())


def _item(out: Html, proposal: Any, field: str, boxes: _Boxes, figures: dict[str, list[Any]]) -> None:
    out.markup(boxes.take(field))
    _guarded(out, lambda: print_field(out, proposal, field))
    _figures(out, figures.pop(field, []))


def _guarded(out: Html, job: Callable[[], None], before_table: str = "") -> None:
    """Run one part's printer; if it fails (a value the printer did not expect), the part says so and the rest
    of the page is printed. `before_table` goes in front of the part's first table (附件2's findings)."""
    start, level, counts = len(out.parts), out.level, dict(out.counts)
    try:
        job()
    except BrokenValue:
        del out.parts[start:]
        out.level, out.counts = level, counts
        out.markup('<p class="broken">此部分含有不符合格式的值，改正后显示。</p>')
    except Exception as e:
        del out.parts[start:]
        out.level, out.counts = level, counts
        out.markup(
            f'<p class="broken">此部分无法预览（{escape(type(e).__name__)}：{escape(e)}），其余部分照常显示。</p>'
        )
    if before_table:
        at = next(
            (i for i in range(start, len(out.parts)) if out.parts[i].startswith('<div class="table-wrap">')), None
        )
        out.parts.insert(at if at is not None else len(out.parts), before_table)


def _figures(out: Html, figures: list[Any]) -> None:
    """Each figure as the document prints it (`render.chapters.place_figures`); one that cannot be shown says
    so in its place."""
    for figure in figures:
        _guarded(out, lambda figure=figure: _figure(out, figure))


def _figure(out: Html, figure: Any) -> None:
    width, height = getattr(figure, "width_mm", 0), getattr(figure, "height_mm", 0)
    out.figure(figure.png, width, height, figure.label, getattr(figure, "reference", ""))


def _anchor(chapter: Chapter, item: OutlineItem | None = None) -> str:
    return escape(f"part-{chapter.number}" + (f"-{item.number}" if item else ""))


def _contents(chapters: Sequence[Chapter], boxes: _Boxes) -> str:
    """目录: every chapter and item, linked, with the number of its findings."""
    lines = ['<nav class="toc" aria-label="目录">']
    for chapter in chapters:
        badge = _badge(boxes.count(chapter.field)) if not chapter.items else ""
        lines.append(f'<p><a href="#{_anchor(chapter)}">{escape(chapter.heading)}</a>{badge}</p>')
        for number, item in enumerate(chapter.items, 1):
            title = f"（{chinese_number(number)}）{item.title}"
            link = f'<a href="#{_anchor(chapter, item)}">{escape(title)}</a>'
            lines.append(f'<p class="item">{link}{_badge(boxes.count(item.field))}</p>')
    lines.append(f'<p><a href="#{FORM}">附件2 自评表</a>{_badge(boxes.count(FORM))}</p></nav>')
    return "".join(lines)


def _badge(findings: list[Finding]) -> str:
    if not findings:
        return ""
    kind = "error" if any(f.severity.value == "error" for f in findings) else "warning"
    return f'<span class="badge {kind}">{len(findings)}</span>'


def _bar(
    draft: Draft, guideline: Guideline, name: str, findings: list[Finding], ids: dict[int, str], refreshed: datetime
) -> str:
    """The bar that stays in view: the centre, the abstract's 字数 against its limit, the counts (each a link
    to its first finding), the time of the last refresh, and whether the page still follows the saves."""
    limit = guideline.outline.abstract_limit
    if draft.abstract_length is None:
        words = f'<span class="stat">摘要 <b>—</b> / {amount(limit)} 字</span>'
    else:
        over = ' class="over"' if draft.abstract_length > limit else ""
        words = f'<span class="stat">摘要 <b{over}>{amount(draft.abstract_length)}</b> / {amount(limit)} 字</span>'
    counts = []
    for severity, css in (("error", "bad"), ("warning", "warn")):
        found = [f for f in findings if f.severity.value == severity]
        label = SEVERITY_LABELS[severity]
        if found:
            counts.append(f'<a class="stat {css}" href="#{ids[id(found[0])]}">{label} <b>{len(found)}</b></a>')
        else:
            counts.append(f'<span class="stat good">{label} <b>0</b></span>')
    return (
        f'<header class="bar"><span class="name">{escape(name)}</span>{words}{"".join(counts)}'
        f'<span class="stat">更新于 <b>{refreshed:%H:%M:%S}</b></span><span class="live" id="live"></span></header>'
    )


def poll_script(version: str) -> str:
    """The script that polls `/version` every second and reloads the page, keeping its place, when it changes."""
    literal = json.dumps(version).replace("<", "\\u003c")
    return SCRIPT % (literal, VERSION_PATH, POLL_MILLISECONDS, POLL_MILLISECONDS, POLL_MILLISECONDS)
