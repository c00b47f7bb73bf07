"""`proposal-kit new`: a proposal folder with every section present and guidance in comments."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from proposal_kit.exceptions import ProposalKitError
from proposal_kit.guideline import Guideline, load
from proposal_kit.schema import schema_text
from proposal_kit.writefile import write_atomic


class FolderNotEmpty(ProposalKitError):
    """Raised when `new` is asked to write into a folder that already holds files."""

    code = "N001"


def _entries(guideline: Guideline) -> str:
    lines = []
    for indicator in guideline.indicators.scored():
        figure = "figure: , " if indicator.unit else ""
        lines.append(
            f'    - {{code: "{indicator.code}", {figure}evidence: "", score: 0}}  # {indicator.name}（{indicator.weight} 分）'
        )
    return "\n".join(lines)


def _abstract_note(guideline: Guideline) -> str:
    chapter = guideline.outline.chapter("abstract")
    limit = f"，{chapter.note}" if chapter.note else ""
    return f"<!-- {chapter.heading}：概述组建依据、组建单位、方向目标、组织运行、建设方案和效益{limit} -->\n"


_PLACEHOLDER = re.compile(r"\{\{(edition|chapter:[a-z_]+|item:[a-z_.]+)\}\}")


def _filled(text: str, guideline: Guideline) -> str:
    """The scaffold with the guideline's words in its comments: 「{{chapter:background}}」 becomes
    「二、组建依据、背景与意义」, 「{{item:background.key_problems}}」 「3. 本产业进一步发展需要解决的主要问题」."""
    outline = guideline.outline

    def fill(match: re.Match[str]) -> str:
        kind, _, key = match[1].partition(":")
        if kind == "edition":
            return guideline.edition
        if kind == "chapter":
            chapter = outline.chapter(key)
            return f"{chapter.heading}（{chapter.note}）" if chapter.note else chapter.heading
        return outline.item(key).heading

    return _PLACEHOLDER.sub(fill, text).replace("{entries}", _entries(guideline))


def write_scaffold(directory: Path, guideline: Guideline | None = None) -> list[Path]:
    """Write proposal.yaml, abstract.md and the schema into a new or empty folder, for `guideline` (by
    default the current edition)."""
    guideline = guideline or load()
    if directory.exists() and not directory.is_dir():
        raise FolderNotEmpty(f"「{directory}」是一个文件，请指定一个新的或空的文件夹")
    if directory.exists() and any(directory.iterdir()):
        raise FolderNotEmpty(f"文件夹「{directory}」已有文件，请指定一个新的或空的文件夹")
    template = resources.files(__package__).joinpath("scaffold")
    files = {
        "proposal.yaml": _filled(template.joinpath("proposal.yaml").read_text("utf-8"), guideline),
        "abstract.md": _abstract_note(guideline),
        "proposal.schema.json": schema_text(),
    }
    written = []
    for name, text in files.items():
        write_atomic(directory / name, text.encode("utf-8"))
        written.append(directory / name)
    return written
