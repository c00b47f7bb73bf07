"""`proposal-kit export-form 方案 -o 自评表.xlsx`: the 附件2 self-assessment form and the evidence ledger as a
workbook to fill in, which proposal.yaml can then name (``self_assessment: {workbook: 自评表.xlsx}``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("export-form")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入的 Excel 工作簿（.xlsx）",
)
def export_form_command(folder: Path, output: Path) -> None:
    """把附件2 自评表和佐证台账导出为 Excel 工作簿（.xlsx），填写后可在 proposal.yaml 中用
    「self_assessment: {workbook: 自评表.xlsx}」读回。"""
    from proposal_kit.codes import EXIT_CANNOT_RUN, EXIT_FINDINGS, exit_code, finding
    from proposal_kit.exceptions import LoadError, os_problem
    from proposal_kit.formats import printable
    from proposal_kit.guideline import load as load_guideline
    from proposal_kit.pipeline import read
    from proposal_kit.validate import validate
    from proposal_kit.workbook import form_workbook
    from proposal_kit.writefile import write_atomic

    if not folder.exists():
        raise click.UsageError(f"路径不存在：{folder}")
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(f"输出文件「{output}」应以 .xlsx 结尾")
    _refuse_inputs(output, folder)
    try:
        source = read(folder)
    except LoadError as e:
        click.echo(finding(e.code, e.message, "", e.file, e.line, e.column).format_line(), err=True)
        sys.exit(EXIT_FINDINGS)
    proposal, problems = validate(source)
    problems = source.problems + problems
    for problem in problems:
        click.echo(problem.format_line(), err=True)
    if proposal is None:
        click.echo(printable(f"{folder}：组建方案不符合格式，未导出自评表（请先改正以上问题）"), err=True)
        sys.exit(EXIT_FINDINGS)
    try:
        write_atomic(output, form_workbook(proposal, load_guideline(proposal.guideline)))
    except OSError as e:
        click.echo(printable(f"无法写入「{output}」：{os_problem(e)}；原有文件保持不变"), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    click.echo(printable(f"已写入 {output}"))
    sys.exit(exit_code(problems))


def _refuse_inputs(output: Path, folder: Path) -> None:
    """The workbook is never written over a file of the proposal it is exported from (proposal.yaml, its .md
    files, a workbook it reads): a new file inside the folder is fine, an existing one is not."""
    target = output.resolve()
    if folder.is_dir() or folder.suffix.lower() in (".yaml", ".yml"):
        taken = target.is_relative_to((folder if folder.is_dir() else folder.parent).resolve()) and target.exists()
    else:  # a Word or PDF draft: only the draft itself is read
        taken = target == folder.resolve()
    if taken:
        raise click.UsageError(
            f"不能写到组建方案文件夹中已有的文件「{output}」上（它可能正被读取），请另选文件名或位置"
        )
