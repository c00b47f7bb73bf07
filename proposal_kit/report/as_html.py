"""The HTML report: one self-contained page, a summary table of all drafts and each draft's findings
with the guideline clause behind them. Everything is escaped by Jinja's autoescape."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from jinja2 import Environment

from proposal_kit.formats import amount, printable
from proposal_kit.guideline import DEFAULT_EDITION
from proposal_kit.report import SEVERITY_LABELS, status_label, summary, totals_text

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>组建方案检查报告</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1f2328;line-height:1.5}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:2px solid #d0d7de;padding-bottom:.25rem}
.meta{color:#57606a;margin:0 0 1rem}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;min-width:7rem}.card b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}code{font-size:.85rem}
.status{font-weight:bold;border-radius:4px;padding:0 .4rem;white-space:nowrap}.pass{background:#dafbe1;color:#116329}
.fail{background:#ffebe9;color:#a40e26}.invalid{background:#eee4ff;color:#6639ba}
.error{color:#a40e26;font-weight:bold;white-space:nowrap}.warning{color:#9a6700;font-weight:bold;white-space:nowrap}.info{color:#0969da}
.path{color:#57606a;font-size:.85rem}.none{color:#116329}.field{color:#57606a;font-size:.8rem;display:block}
table.findings{table-layout:fixed}table.findings td{overflow-wrap:anywhere}table.findings th{white-space:nowrap}table.findings td:nth-child(-n+2){overflow-wrap:normal;white-space:nowrap}
.profile{margin:.5rem 0 1rem;font-size:.85rem;break-inside:avoid}.profile .caption{font-weight:bold;margin-bottom:.25rem}
.bar{display:flex;align-items:center;gap:.5rem;margin:.15rem 0}.bar .name{width:9rem;text-align:right}
.bar .track{flex:1;max-width:28rem}.bar .weight{display:block;height:.8rem;border:1px solid #1f2328;background:#fff}
.bar .score{display:block;height:100%;background:repeating-linear-gradient(45deg,#57606a 0 3px,#8c959f 3px 6px)}
.bar .value{width:5rem;white-space:nowrap}
@page{size:A4;margin:15mm 12mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}.cards{display:none}
h2{break-after:avoid-page;page-break-after:avoid}p.path{break-after:avoid-page;page-break-after:avoid}
thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}a{color:inherit;text-decoration:none}}
</style></head><body>
<h1>组建方案检查报告</h1>
<p class="meta">依据《重庆市产业创新中心建设工作指引》（{{ guideline }}）　生成时间：{{ generated }}{% if settings %}　设置文件：{{ settings }}{% endif %}</p>
<div class="cards">
<div class="card">草稿<b>{{ counts.drafts }}</b></div><div class="card">通过<b>{{ counts.passed }}</b></div>
<div class="card">未通过<b>{{ counts.failed }}</b></div><div class="card">无法读取<b>{{ counts.invalid }}</b></div>
<div class="card">错误<b>{{ counts.errors }}</b></div><div class="card">警告<b>{{ counts.warnings }}</b></div>
</div>
<h2>汇总</h2>
<table><thead><tr><th>#</th><th>创新中心</th><th>牵头单位</th><th>主管单位</th><th>摘要字数</th><th>自评总分</th><th>状态</th><th>错误</th><th>警告</th></tr></thead><tbody>
{% for d in drafts %}<tr><td class="num"><a href="#draft-{{ loop.index }}">{{ loop.index }}</a></td>
<td>{{ d.center or "（名称未知）" }}<div class="path">{{ d.path }}</div></td><td>{{ d.lead_unit }}</td><td>{{ d.competent_unit }}</td>
<td class="num">{{ d.abstract_length if d.abstract_length is not none else "" }}</td><td class="num">{{ d.total }}</td>
<td><span class="status {{ d.status }}">{{ d.status_label }}</span></td><td class="num">{{ d.errors }}</td><td class="num">{{ d.warnings }}</td></tr>
{% endfor %}</tbody></table>
{% for d in drafts %}<h2 id="draft-{{ loop.index }}">{{ loop.index }}. {{ d.center or "（名称未知）" }} <span class="status {{ d.status }}">{{ d.status_label }}</span></h2>
<p class="path">{{ d.path }}{% if d.abstract_length is not none %}　摘要 {{ d.abstract_length }} 字{% endif %}{% if d.totals %}　自评总分 {{ d.totals }}{% endif %}</p>
{% if d.scores %}<div class="profile"><div class="caption">自评得分与权重（按二级指标）</div>
{% for name, score, weight, score_pct, weight_pct in d.scores %}<div class="bar"><span class="name">{{ name }}</span><span class="track"><span class="weight" style="width:{{ weight_pct }}%"><span class="score" style="width:{{ score_pct }}%"></span></span></span><span class="value">{{ score }} / {{ weight }}</span></div>
{% endfor %}</div>{% endif %}
{% if d.findings %}<table class="findings"><colgroup><col style="width:7%"><col style="width:8%"><col style="width:37%"><col style="width:22%"><col style="width:10%"><col style="width:16%"></colgroup><thead><tr><th>级别</th><th>代码</th><th>说明</th><th>位置</th><th>依据</th><th>文件</th></tr></thead><tbody>
{% for f in d.findings %}<tr><td class="{{ f.severity }}">{{ f.severity_label }}</td><td><code>{{ f.code }}</code></td><td>{{ f.message }}</td>
<td>{{ f.place }}{% if f.field %}<code class="field">{{ f.field }}</code>{% endif %}</td><td>{{ f.clause }}</td><td class="path">{{ f.location }}</td></tr>
{% endfor %}</tbody></table>{% else %}<p class="none">未发现问题。</p>{% endif %}
{% endfor %}
</body></html>
"""

_environment = Environment(autoescape=True)


def _profile(rows: list) -> list[tuple[str, str, str, float, float]]:
    """Each second-level indicator as a bar: the weight's length against the largest, the score's within it."""
    largest = max((weight for _, _, weight in rows), default=0) or 1
    return [
        (name, f"{score:g}", f"{weight:g}", min(score / weight, 1) * 100 if weight else 0, weight / largest * 100)
        for name, score, weight in rows
    ]


def _total_cell(draft) -> str:
    """The counted total, and the claimed one beside it where they differ."""
    counted, claimed = draft.self_assessment_total, draft.self_assessment_claimed
    if claimed is not None and counted is not None and claimed != counted:
        return f"{amount(counted)}（填报 {amount(claimed)}）"
    return amount(counted)


def render(drafts: Sequence, settings: str = "") -> bytes:
    rows = [
        {
            "path": str(d.path),
            "center": d.center,
            "lead_unit": d.lead_unit,
            "competent_unit": d.competent_unit,
            "abstract_length": d.abstract_length,
            "total": _total_cell(d),
            "totals": totals_text(d),
            "scores": _profile(d.score_profile),
            "status": d.status,
            "status_label": status_label(d),
            "errors": d.errors,
            "warnings": d.warnings,
            "findings": [
                {
                    "severity": f.severity.value,
                    "severity_label": SEVERITY_LABELS[f.severity.value],
                    "code": f.code,
                    "clause": f.clause,
                    "place": f.place,
                    "field": f.field,
                    "location": f.location(),
                    "message": f.message,
                }
                for f in d.findings
            ],
        }
        for d in drafts
    ]
    page = _environment.from_string(PAGE).render(
        drafts=rows,
        counts=summary(drafts),
        guideline="、".join(sorted({d.guideline for d in drafts if d.guideline})) or DEFAULT_EDITION,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        settings=printable(settings),
    )
    return page.encode("utf-8")
