"""Write samples/drafts/: early drafts of the sample proposal, each carrying typical defects of its own.

Run from the repository root: ``python samples/drafts/make_drafts.py``. Each draft starts from the sample,
writes every narrative file inline as a YAML block (so a draft is one file), then applies its own edits.
The README of each draft lists the defects it was written to carry.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "power-semiconductor"
INCLUDE = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+): \{include: (?P<file>[^}]+)\}$", re.MULTILINE)


def inline_narratives(text: str) -> str:
    def inline(match: re.Match[str]) -> str:
        body = (SAMPLE / match["file"]).read_text("utf-8").strip()
        pad = match["indent"] + "  "
        lines = "\n".join(pad + line if line else "" for line in body.splitlines())
        return f"{match['indent']}{match['key']}: |\n{lines}"

    return INCLUDE.sub(inline, text)


def edit(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        if old not in text:
            raise SystemExit(f"draft edit does not apply: {old[:60]!r}")
        text = text.replace(old, new, 1)
    return text


def cut(text: str, start: str, end: str) -> str:
    """Remove the lines from the one starting with `start` up to (not including) the one starting with `end`."""
    head, rest = text.split(start, 1)
    return head + end + rest.split(end, 1)[1]


DRAFTS = {
    "01-naming-and-codes": (
        "名称不符合第十二条、统一社会信用代码校验位错误、金额写成带千分位的文本",
        [
            ("name: 重庆市车规级功率半导体产业创新中心", "name: 重庆车规级功率半导体创新中心"),
            ("credit_code: 12500000TH3BJ1XG6X", "credit_code: 12500000TH3BJ1XG6Y"),
            ("    total: 32000", '    total: "32,000"'),
        ],
    ),
    "02-yaml-mistakes": (
        "同一键写了两次（章节被覆盖的隐患），YAML 无法读取",
        [
            (
                "  competent_unit: 沙坪坝区发展和改革委员会\n",
                "  competent_unit: 沙坪坝区发展和改革委员会\n  lead_unit: 重庆缙云芯动半导体有限公司\n",
            )
        ],
    ),
    "03-missing-chapters": (
        "缺少二.3、二.4、四.3、五.1，无章程；摘要超过 2500 字",
        [
            ("  strategy: |", "  strategy:\n  strategy_cut: |"),
        ],
    ),
    "04-budget-and-schedule": (
        "资金来源合计与总投资不符、分年度投资超出建设周期、中期目标晚于建设期、阶段缺里程碑、无高校或院所参与；"
        "改了数据没改正文：摘要和第七章的政府资金、年度投资、目标期限与表不符",
        [
            (
                "      - {name: 沙坪坝区政府专项支持, kind: government, amount: 3000}",
                "      - {name: 沙坪坝区政府专项支持, kind: government, amount: 5000}",
            ),
            (
                "      - {year: 2027, amount: 10000}",
                "      - {year: 2027, amount: 6000}\n      - {year: 2028, amount: 4000}",
            ),
            (
                "deadline: 2027-12-31}\n      - {metric: 牵头或参与制定标准",
                "deadline: 2028-12-31}\n      - {metric: 牵头或参与制定标准",
            ),
            (
                "        milestones: [8 英寸中试能力形成, 3 款产品通过 AEC-Q101 认证, 模块装车 20 万套/年]",
                "        milestones: []",
            ),
            ("      kind: university\n", "      kind: enterprise\n"),
            ("      kind: institute\n", "      kind: enterprise\n"),
        ],
    ),
    "05-self-assessment": (
        "自评：缺少 3.4.3，得分超过权重，加分超过 10 分，专利数与台账不符，有分无佐证，总分不是各项之和",
        [
            ('    - {code: "3.4.3", evidence: 建立统一预约、成本价收费的开放共享制度, score: 2}\n', ""),
            (
                '{code: "1.2.1", figure: 6, evidence: 近 3 年立项科技研发类项目 6 项, score: 4}',
                '{code: "1.2.1", figure: 6, evidence: 近 3 年立项科技研发类项目 6 项, score: 6}',
            ),
            ('{code: "2.1.2", figure: 9,', '{code: "2.1.2", figure: 15,'),
            ('{code: "B.1", figure: 0, evidence: 暂未设立院士工作站, score: 0}', '{code: "B.1", figure: 1, score: 5}'),
            (
                '{code: "B.2", figure: 0, evidence: 暂未获得国家科学技术奖, score: 0}',
                '{code: "B.2", figure: 1, evidence: 省部级科技进步奖, score: 6}',
            ),
            ("  total: 77.5", "  total: 92"),
        ],
    ),
    "06-unsafe-references": (
        "引用了文件夹以外的文件和不存在的文件，章程附件指向绝对路径",
        [
            (
                "  conditions: |",
                "  conditions: {include: ../../power-semiconductor/03-4-conditions.md}\n  conditions_draft: |",
            ),
            ("other_matters: |", "other_matters: {include: 07-其它事项.md}\nother_matters_draft: |"),
            (
                "    title: 重庆缙云芯动功率半导体创新中心有限公司章程\n",
                "    title: 重庆缙云芯动功率半导体创新中心有限公司章程\n    file: /home/applicant/章程.pdf\n",
            ),
        ],
    ),
}


def main() -> None:
    base = inline_narratives((SAMPLE / "proposal.yaml").read_text("utf-8"))
    base = base.replace("$schema=../../schemas/", "$schema=../../../schemas/")
    for name, (summary, replacements) in DRAFTS.items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        text = edit(base, *replacements)
        if name == "03-missing-chapters":
            text = cut(text, "  key_problems: |", "\n# 三、")
            text = cut(text, "  strategy_cut: |", "  goals:")
            text = cut(text, "  structure: |", "  functions:")
            text = cut(text, "  charter:\n", "  others:")
            abstract = (SAMPLE / "abstract.md").read_text("utf-8")
            text = re.sub(r"abstract: \|\n((  .*)?\n)+?(?=\S)", "abstract: {include: abstract.md}\n\n", text, count=1)
            (folder / "abstract.md").write_text(abstract + "\n\n" + abstract[:750], "utf-8")
        if name == "06-unsafe-references":
            text = cut(text, "  conditions_draft: |", "\n# 四、")
            text = cut(text, "other_matters_draft: |", "\n# 八、")
        (folder / "proposal.yaml").write_text(f"# 草稿：{summary}\n{text}", "utf-8")
        (folder / "README.md").write_text(f"# {name}\n\n{summary}。\n", "utf-8")


if __name__ == "__main__":
    main()
