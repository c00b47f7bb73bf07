"""`proposal-kit diff 旧版 新版`: what changed between two versions of a proposal, for the staff who receive
a resubmission and need to see only what moved. Exit 0 when nothing changed, 1 when something did, 2 when
the comparison cannot run."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_SAME, EXIT_CHANGED, EXIT_CANNOT_RUN = 0, 1, 2


@click.command("diff")
@click.argument("old", metavar="旧版", type=click.Path(path_type=Path))
@click.argument("new", metavar="新版", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "html", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 文本、html 左右对照网页（可打印）、json 数据",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写入的文件（默认输出到终端）")
def diff_command(old: Path, new: Path, format_: str, output: Path | None) -> None:
    """比较同一方案的两个版本，只列出改动：逐项的正文句子（删除、新增、修改）、数据和检查发现的问题。

    旧版、新版可以是方案文件夹、proposal.yaml，或 Word（.docx、.doc）、PDF 草稿。

    没有改动时退出码为 0，有改动时为 1，无法比较时为 2。"""
    from proposal_kit.cli import emit
    from proposal_kit.diff import compare
    from proposal_kit.diff_report import render_diff

    _require_existing(old, new)
    if output is not None:
        _refuse_inputs(output, (old, new))
    comparison = compare(old, new, _settings(old, new))
    emit(render_diff(format_, comparison), output)
    sys.exit(EXIT_CHANGED if comparison.changed else EXIT_SAME)


def _require_existing(*paths: Path) -> None:
    for which, path in zip(("旧版", "新版"), paths, strict=True):
        if not path.exists():
            raise click.UsageError(f"{which}「{path}」不存在")


def _refuse_inputs(output: Path, inputs: tuple[Path, ...]) -> None:
    """The comparison is never written over a file of either version: the draft itself, or any file of a
    proposal folder (its proposal.yaml and the .md files it includes)."""
    target = output.resolve()
    for path in inputs:
        whole = path.resolve()
        folder = whole if whole.is_dir() else whole.parent if whole.suffix.lower() in (".yaml", ".yml") else None
        inside = folder is not None and target.is_relative_to(folder) and target.is_file()
        if target == whole or inside:
            raise click.UsageError(f"不能把比较结果写到被比较的草稿中已有的文件「{output}」上，请另选位置")


def _settings(old: Path, new: Path):
    """The codes proposal-kit.toml selects (as `check` reads it), so both versions are checked alike."""
    from proposal_kit.selection import EVERYTHING, load_settings

    try:
        here = Path.cwd()
    except FileNotFoundError:
        return EVERYTHING
    return load_settings(here, (old, new))
