"""`proposal-kit new`: a proposal folder with every section present and guidance in comments."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from proposal_kit.exceptions import ProposalKitError
from proposal_kit.guideline import indicator_system
from proposal_kit.schema import schema_text
from proposal_kit.writefile import write_atomic


class FolderNotEmpty(ProposalKitError):
    """Raised when `new` is asked to write into a folder that already holds files."""

    code = "N001"


def _entries() -> str:
    lines = []
    for indicator in indicator_system().scored():
        figure = "figure: , " if indicator.unit else ""
        lines.append(
            f'    - {{code: "{indicator.code}", {figure}evidence: "", score: 0}}  # {indicator.name}（{indicator.weight} 分）'
        )
    return "\n".join(lines)


def write_scaffold(directory: Path) -> list[Path]:
    """Write proposal.yaml, abstract.md and the schema into a new or empty folder."""
    if directory.exists() and not directory.is_dir():
        raise FolderNotEmpty(f"「{directory}」是一个文件，请指定一个新的或空的文件夹")
    if directory.exists() and any(directory.iterdir()):
        raise FolderNotEmpty(f"文件夹「{directory}」已有文件，请指定一个新的或空的文件夹")
    template = resources.files(__package__).joinpath("scaffold")
    files = {
        "proposal.yaml": template.joinpath("proposal.yaml").read_text("utf-8").replace("{entries}", _entries()),
        "abstract.md": "<!-- 一、摘要：概述组建依据、组建单位、方向目标、组织运行、建设方案和效益，2500 字以内 -->\n",
        "proposal.schema.json": schema_text(),
    }
    written = []
    for name, text in files.items():
        write_atomic(directory / name, text.encode("utf-8"))
        written.append(directory / name)
    return written
