"""The seeded-defect corpus: drafts made from the sample by small edits, each with one defect a district
reviewer would send back (defects.yaml), or with a change a reviewer accepts (clean.yaml).

A case's `edits` are applied to a copy of the sample, in this order:
- `replace: [{file, old, new}]`: text replaced in a file of the draft (proposal.yaml or a .md); `old` must
  occur exactly once, unless `all: true`;
- `append: [{file, text}]`: text added at the end of a file;
- `set: {dotted.path[0].key: value}` and `delete: [dotted.path]`: values of proposal.yaml, which is then
  written anew (its comments are lost; line numbers of the rest change).

A defect names its `family` (one of FAMILIES) and `expect`s the codes any of which must report it, as an error
where it blocks (the default) and as an error or warning where `blocking: false`.

`python -m tests.seeded.make` checks that every case applies and counts the cases of each family.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
SAMPLE = HERE.parent.parent / "samples" / "power-semiconductor"
FAMILIES = {
    "competent-unit": "主管单位（第四条、第十二条）",
    "template-text": "模板残留文字",
    "empty-substance": "有标题无实质内容（附件1、第五至八条、第十一条）",
    "consistency": "前后不一致",
    "who-leads": "企业主导与院校参与（第二条、第五条、第十条）",
    "abstract": "摘要字数（附件1 一）",
    "field-errors": "单个字段取值错误",
    "naming": "名称（第十二条）",
    "units": "组建单位（第五条、第十条、GB 32100）",
    "outline": "提纲缺项（附件1）",
    "funding": "资金（附件1 六.4）",
    "schedule": "进度（附件1 六.3）",
    "goals": "目标（第十一条(一)）",
    "organization": "功能与机制（第十一条(三)(四)）",
    "self-assessment": "自评表（附件2、第十二条）",
}


class CaseError(Exception):
    """A case that does not apply to the sample."""


def cases(name: str) -> list[dict[str, Any]]:
    """The cases of `defects` or `clean`."""
    return yaml.safe_load((HERE / f"{name}.yaml").read_text("utf-8")) or []


def make(case: dict[str, Any], folder: Path) -> Path:
    """Write the draft of `case` into `folder` (which must not exist) and return it."""
    shutil.copytree(SAMPLE, folder)
    edits = case.get("edits") or {}
    for edit in edits.get("replace") or []:
        path = folder / edit["file"]
        text = path.read_text("utf-8")
        found = text.count(edit["old"])
        if found == 0 or (found > 1 and not edit.get("all")):
            raise CaseError(f"{case['id']}: 「{edit['old']}」 occurs {found} times in {edit['file']}")
        path.write_text(text.replace(edit["old"], str(edit["new"])), "utf-8")
    for edit in edits.get("append") or []:
        path = folder / edit["file"]
        text = path.read_text("utf-8") if path.exists() else ""
        path.write_text(text + str(edit["text"]), "utf-8")
    if edits.get("set") or edits.get("delete"):
        _edit_values(case["id"], folder / "proposal.yaml", edits.get("set") or {}, edits.get("delete") or [])
    return folder


def _steps(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]


def _parent(case_id: str, data: Any, path: str) -> tuple[Any, str | int]:
    *parents, last = _steps(path)
    target = data
    for step in parents:
        try:
            target = target[step]
        except (KeyError, IndexError, TypeError) as e:
            raise CaseError(f"{case_id}: no {step!r} on the way to {path}") from e
    return target, last


def _edit_values(case_id: str, file: Path, values: dict[str, Any], deleted: list[str]) -> None:
    data = yaml.safe_load(file.read_text("utf-8"))
    for path, value in values.items():
        target, last = _parent(case_id, data, path)
        if isinstance(target, list) and last == len(target):
            target.append(value)
        else:
            target[last] = value
    for path in deleted:
        target, last = _parent(case_id, data, path)
        try:
            del target[last]
        except (KeyError, IndexError) as e:
            raise CaseError(f"{case_id}: nothing at {path} to delete") from e
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


def main() -> int:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("defects", "clean"):
            made = cases(name)
            ids = Counter(case["id"] for case in made)
            problems += [f"{name}: id {i} used {n} times" for i, n in ids.items() if n > 1]
            for case in made:
                if name == "defects" and case.get("family") not in FAMILIES:
                    problems.append(f"{case['id']}: unknown family {case.get('family')!r}")
                try:
                    make(case, Path(tmp) / name / case["id"])
                except CaseError as e:
                    problems.append(str(e))
            families = Counter(case.get("family", "clean") for case in made)
            print(f"{name}: {len(made)} cases " + ", ".join(f"{f} {n}" for f, n in sorted(families.items())))
    print("\n".join(problems) or "every case applies")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
