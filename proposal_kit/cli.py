"""The proposal-kit command line: options in, one library call, an exit code out."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from pathlib import Path

# A command's start-up makes a few hundred thousand objects (pydantic's model classes among them), and the cyclic
# garbage collector, run after every 700 by default, spends a tenth of a `validate` looking through them. A higher
# first threshold spares most of that and still bounds memory in long batches and watch loops.
gc.set_threshold(100_000, 50, 50)

import click  # noqa: E402  (after the collector is set: click's import is part of the start-up)

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2  # as proposal_kit.codes has them, without importing it


def say(line: str, err: bool = False) -> None:
    """Print one line of the tool's own, its parts from drafts (names, paths) made printable first."""
    from proposal_kit.formats import printable

    click.echo(printable(line), err=err)


EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # as shells report a command ended by SIGINT and SIGTERM


def _stop(signal_number: int, frame: object) -> None:
    """Ctrl-C or SIGTERM: end the LibreOffice this build runs, so that every wait returns and every work folder
    is removed on the way out; the outputs already written stay whole (they are replaced atomically)."""
    office = sys.modules.get("proposal_kit.office")
    if office is not None:
        office.stop_all()
    if signal_number == signal.SIGINT:
        raise KeyboardInterrupt
    say("已终止：未完成的输出没有写入，原有文件保持不变", err=True)
    sys.exit(EXIT_TERMINATED)


class _Commands(click.Group):
    """The commands, with the project's errors and the system's caught once: a Chinese message, exit 2."""

    def invoke(self, ctx: click.Context) -> object:
        from proposal_kit.exceptions import ProposalKitError, os_problem

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            say("已中断（Ctrl-C）：未完成的输出没有写入，原有文件保持不变", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader went away (「| head」): nothing more to say to it
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_FINDINGS)
        except ProposalKitError as e:
            say(f"{e.code}  {e.message}", err=True)
        except OSError as e:
            where = f"「{e.filename}」" if e.filename else ""
            say(f"无法完成：{where}{os_problem(e)}", err=True)
        sys.exit(EXIT_CANNOT_RUN)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="proposal-kit")
def main() -> None:
    """重庆市产业创新中心组建方案工具（依据 渝发改规范〔2024〕2号）：校验、检查、生成 Word 和 PDF。"""


def _selection_options(command):
    command = click.option("--select", multiple=True, metavar="前缀", help="只报告这些代码（按前缀，可多次使用）")(
        command
    )
    command = click.option("--ignore", multiple=True, metavar="前缀", help="不报告这些代码（按前缀，可多次使用）")(
        command
    )
    return click.option("--strict", is_flag=True, help="把警告当作错误")(command)


def _selection(select: tuple[str, ...], ignore: tuple[str, ...], strict: bool, checked: tuple[Path, ...]):
    """The proposal-kit.toml of the current folder or its parents (not of the drafts `checked`) with the command
    line on top; a broken settings file cannot run (exit 2)."""
    from proposal_kit.selection import load_settings

    try:
        here = Path.cwd()
    except FileNotFoundError:
        raise click.UsageError("当前所在的文件夹已不存在（可能已被删除），请换到一个存在的文件夹再运行") from None
    return load_settings(here, checked).merged(select, ignore, strict)


@main.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
@_selection_options
def validate_command(path: Path, select: tuple[str, ...], ignore: tuple[str, ...], strict: bool) -> None:
    """校验一份组建方案（文件夹或其中的 proposal.yaml），逐行列出全部问题及所在位置。"""
    from proposal_kit.codes import exit_code
    from proposal_kit.pipeline import check
    from proposal_kit.report import validate_lines, validate_summary

    _require_existing((path,))
    draft = check(path, _selection(select, ignore, strict, (path,)))
    for line in validate_lines(draft):
        click.echo(line)
    say(validate_summary(path, draft))
    sys.exit(exit_code(draft.findings, unreadable=not draft.valid))


@main.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="输出文件夹",
)
@click.option("--no-pdf", is_flag=True, help="只生成 Word 文档，不转换 PDF")
@click.option("--force", is_flag=True, help="即使检查发现错误也生成文档")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="自定义 Word 模板")
@click.option("--timeout", type=click.FloatRange(min=1), help="每份文档转换 PDF 的时限（秒），默认 120")
@click.option("--watch", is_flag=True, help="保存方案文件夹中的文件后自动重新生成（Ctrl-C 结束）")
@_selection_options
def build_command(
    paths: tuple[Path, ...],
    output_dir: Path,
    no_pdf: bool,
    force: bool,
    template: Path | None,
    timeout: float | None,
    watch: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
) -> None:
    """按 GB/T 9704 格式生成组建方案 Word 和 PDF 文档（附件2 自评表随附）。"""
    _require_existing(paths)
    if watch:
        _watch(paths, output_dir, not no_pdf)
    from proposal_kit.convert import DEFAULT_TIMEOUT, Converter

    # LibreOffice starts now, before the rest of the program is loaded, and is ready when the .docx files are
    with Converter(timeout or DEFAULT_TIMEOUT, len(paths)) if not no_pdf else contextlib.nullcontext() as converter:
        from proposal_kit.codes import exit_code
        from proposal_kit.pipeline import build

        selection = _selection(select, ignore, strict, paths)
        builds = build(
            list(paths),
            output_dir,
            pdf=not no_pdf,
            force=force,
            template=template,
            selection=selection,
            converter=converter,
        )
    for built in builds:
        for finding in built.draft.findings:
            click.echo(finding.format_line(), err=True)
        if built.refused:
            say(f"{built.draft.path}：{built.refused}", err=True)
        for output in [*built.outputs, *([built.report] if built.report else [])]:
            say(f"已生成 {output}")
        for problem in built.problems:
            say(f"{built.draft.path}：{problem.code}  {problem.message}", err=True)
    findings = [f for built in builds for f in built.findings]
    sys.exit(exit_code(findings, unreadable=any(not b.draft.valid for b in builds)))


def _watch(paths: tuple[Path, ...], output_dir: Path, pdf: bool) -> None:
    """Rebuild one proposal each time a file of its folder is saved, until Ctrl-C."""
    import threading

    from proposal_kit.preview.watch import watch_and_build

    if len(paths) != 1 or not paths[0].is_dir():
        raise click.UsageError("--watch 需要且只能指定一个方案文件夹")
    say(f"正在监视 {paths[0]}：保存后自动重新生成到 {output_dir}（按 Ctrl-C 结束）", err=True)
    watch_and_build(paths[0], output_dir, pdf, threading.Event(), echo=lambda line: say(line, err=True))


def _require_existing(paths: tuple[Path, ...]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"路径不存在：{'、'.join(missing)}")


@main.command("doctor")
def doctor_command() -> None:
    """检查本机生成 PDF 所需的 LibreOffice 和字体，列出每个公文字体实际使用的字体。"""
    from proposal_kit.convert import INSTALL_HINT
    from proposal_kit.doctor import examine

    checks = examine()
    for check in checks:
        mark = "✓" if check.ok else "✗"
        click.echo(f"{mark} {check.name}：{check.found}")
    if all(check.ok for check in checks):
        click.echo("结论：可以生成与 Word 版式一致的 PDF。")
        sys.exit(EXIT_OK)
    click.echo(f"结论：PDF 无法生成或字体不正确。{INSTALL_HINT}")
    sys.exit(EXIT_CANNOT_RUN)


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "json", "csv", "html", "xlsx", "docx", "pdf"]),
    default="text",
    show_default=True,
    help="报告格式；docx：每份草稿一封审核意见（Word），pdf：审核意见的 Word 和 PDF",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="报告写入的文件（默认输出到终端）；docx、pdf 格式为写入审核意见的文件夹",
)
@_selection_options
def check_command(
    paths: tuple[Path, ...],
    format_: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
) -> None:
    """检查组建方案的完整性和一致性。PATH 可以是方案文件夹、proposal.yaml，或包含多份方案的文件夹。"""
    from proposal_kit.batch import check_many, discover
    from proposal_kit.report import Format, render_report

    _require_existing(paths)
    if format_ == "xlsx" and output is None:
        raise click.UsageError("xlsx 格式需要用 --output 指定文件")
    if format_ in ("docx", "pdf") and (output is None or output.is_file()):
        raise click.UsageError(f"{format_} 格式为每份草稿写一封审核意见，请用 --output 指定一个文件夹")
    selection = _selection(select, ignore, strict, paths)
    skipped: list[Path] = []
    found = discover(list(paths), skipped)
    if skipped:
        names = "、".join(p.name for p in skipped)
        say(f"已跳过 {len(skipped)} 个不是草稿的文件（Office 锁定文件或备份）：{names}", err=True)
    if output is not None:
        _refuse_inputs(output, found)
    drafts = check_many(found, selection, progress=sys.stderr.isatty() and len(found) > 1)
    if format_ in ("docx", "pdf"):
        _letters(drafts, output, format_ == "pdf")  # type: ignore[arg-type]
    color = output is None and sys.stdout.isatty()
    options = {"color": color} if format_ == "text" else {}
    if format_ == "json":
        options = {"selection": selection}
    emit(render_report(Format(format_), drafts, bases=paths, settings=selection.source, **options), output)
    sys.exit(_exit_for(drafts))


def emit(data: bytes, output: Path | None) -> None:
    """A report to the terminal, or written atomically to `output` (exit 2 where it cannot be written)."""
    from proposal_kit.exceptions import os_problem
    from proposal_kit.writefile import write_atomic

    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        write_atomic(output, data)
    except OSError as e:
        say(f"无法写入「{output}」：{os_problem(e)}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    say(f"已写入 {output}", err=True)


def _exit_for(drafts: list) -> int:
    """0, 1 or 2 by the findings of all `drafts` (2 where one could not be read at all)."""
    from proposal_kit.codes import exit_code

    return exit_code([f for d in drafts for f in d.findings], unreadable=any(not d.valid for d in drafts))


def _letters(drafts: list, folder: Path, pdf: bool) -> None:
    """Write a review letter per draft into `folder`, say what was written, and exit by the findings."""
    from proposal_kit.letter import write_letters
    from proposal_kit.report import printable_draft

    written, problems = write_letters([printable_draft(d) for d in drafts], folder, pdf)
    for path in written:
        say(f"已写入 {path}", err=True)
    for problem in problems:
        say(f"未生成 PDF：{problem}", err=True)
    found = _exit_for(drafts)
    sys.exit(EXIT_CANNOT_RUN if problems else found)


def _refuse_inputs(output: Path, drafts: list[Path]) -> None:
    """A report is never written over a file of the drafts it checks."""
    target = output.resolve()
    for draft in drafts:
        folder = (draft if draft.is_dir() else draft.parent).resolve()
        if target.is_relative_to(folder) and target.is_file():
            raise click.UsageError(f"不能把报告写到被检查的草稿中已有的文件「{output}」上，请另选位置")


@main.command("rules")
@click.option("--verbose", "-v", is_flag=True, help="同时显示每条规则的说明和示例")
def rules_command(verbose: bool) -> None:
    """列出全部问题代码：级别、依据条款和说明。"""
    from proposal_kit.catalogue import catalogue

    for info in catalogue().values():
        click.echo(f"{info.code}  {info.slug:<28} {info.severity.value:<8} {info.clause:<18} {info.summary}")
        if verbose and info.explanation:
            click.echo("".join(f"      {line}\n" for line in info.explanation.splitlines()))


@main.command("new")
@click.argument("directory", type=click.Path(path_type=Path))
def new_command(directory: Path) -> None:
    """新建组建方案文件夹：包含全部章节、中文填写说明和编辑器补全所用的 schema。"""
    from proposal_kit.scaffold import write_scaffold

    for path in write_scaffold(directory):
        say(f"已写入 {path}")


@main.command("import")
@click.argument("draft", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="写入的新文件夹（默认：当前文件夹下与草稿同名的文件夹）",
)
def import_command(draft: Path, output: Path | None) -> None:
    """把 Word（.docx、.doc）或 PDF 草稿转成组建方案文件夹：识别出的内容写入 proposal.yaml 和各项 .md 文件，
    草稿中没有的内容标注「待填写」。"""
    from proposal_kit.docx_in import DocumentSource
    from proposal_kit.importer import import_draft
    from proposal_kit.load import WORD_SUFFIXES
    from proposal_kit.pipeline import read

    _require_existing((draft,))
    if draft.suffix.lower() not in WORD_SUFFIXES or not draft.is_file():
        raise click.UsageError(f"「{draft}」不是 Word 或 PDF 文件：import 读取 .docx、.doc 或 .pdf 草稿")
    source = read(draft)
    assert isinstance(source, DocumentSource)
    imported = import_draft(source, output or Path(draft.stem))
    say(f"已写入 {imported.folder}（{len(imported.files)} 个文件）")
    for problem in source.problems:
        say(f"{problem.code}  {problem.place} {problem.message}".replace("  ", "  ", 1))
    if imported.missing:
        say(f"草稿中没有找到 {len(imported.missing)} 项，已在文件中标注「待填写」：")
        for item in imported.missing:
            say(f"  {item}")
    say(f"下一步：补充后运行 proposal-kit validate {imported.folder}")


@main.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="写入的文件（默认输出到终端；「-」也表示终端）",
)
def schema_command(output: Path | None) -> None:
    """输出 proposal.yaml 的 JSON Schema（由数据模型生成）。"""
    from proposal_kit.schema import schema_text
    from proposal_kit.writefile import write_atomic

    text = schema_text()
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    say(f"已写入 {output}")


def _register_commands() -> None:
    """The commands defined in modules of their own (each imports its work inside the command)."""
    from proposal_kit.cli_diff import diff_command
    from proposal_kit.cli_form import export_form_command
    from proposal_kit.cli_preview import preview_command

    main.add_command(diff_command)
    main.add_command(export_form_command)
    main.add_command(preview_command)


_register_commands()


if __name__ == "__main__":
    main()
