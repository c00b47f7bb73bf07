"""`proposal-kit preview 方案文件夹`: the whole proposal in the browser while it is written, the check's
findings at the items they concern, the page reloaded after each save (`proposal_kit.preview`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

DEFAULT_PORT = 8765  # as proposal_kit.preview.server has it, without importing it


@click.command("preview")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="本机端口；被占用时依次尝试后面几个",
)
@click.option("--open", "open_browser", is_flag=True, help="启动后在浏览器中打开预览页面")
def preview_command(path: Path, port: int, open_browser: bool) -> None:
    """边写边看：在浏览器中显示整份组建方案和检查发现的问题（标在所在的项上），每次保存后自动刷新；
    按 Ctrl-C 结束。"""
    import threading

    from proposal_kit.formats import printable
    from proposal_kit.preview.console import report_lines
    from proposal_kit.preview.server import PortUnavailable, Preview
    from proposal_kit.preview.watch import watched_root

    if not path.exists():
        raise click.UsageError(f"路径不存在：{path}")
    preview = Preview(path, threading.Event(), port, echo=click.echo)
    try:
        try:
            url = preview.start()
        except PortUnavailable as e:
            click.echo(printable(str(e)), err=True)
            sys.exit(2)
        if port not in (0, preview.port):
            click.echo(f"端口 {port} 已被占用，改用 {preview.port}")
        click.echo(f"预览地址：{url}")
        click.echo(printable(f"正在监视「{watched_root(path)}」的改动，保存后页面自动刷新；按 Ctrl-C 结束"))
        for line in report_lines(path, preview.draft):
            click.echo(line)
        if open_browser:
            _open(url)
        while not preview.stop.wait(0.2):  # a timeout, so Ctrl-C reaches this thread on every system
            pass
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
    click.echo("已停止预览。")


def _open(url: str) -> None:
    """Open the page in the default browser; where there is none, the address printed above serves."""
    import webbrowser

    if not webbrowser.open(url):
        click.echo(f"未能自动打开浏览器，请手动访问 {url}")
