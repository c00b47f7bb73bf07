"""Noticing saves: the files of a proposal polled by modification time, size and inode (the standard library
only, the same on every system; a proposal is a few dozen files), editors' temporary files left out; and
`watch_and_build`, which builds the documents again after each save (`build --watch`)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proposal_kit.convert import Converter

Snapshot = dict[str, tuple[int, int, int]]  # relative path → (mtime in ns, size, inode)
Echo = Callable[[str], None]

POLL_SECONDS = 0.5
SETTLE_SECONDS = 0.1  # an editor that saves in steps (write, then rename) is read once it has finished
MAX_FILES = 5000  # a folder this large is not a proposal: the rest is not watched

#: Names editors and office suites give their temporary and lock files (vim's 4913 tests that it may write).
_TEMPORARY_PREFIXES = (".", "~", "#")
_TEMPORARY_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".temp", ".bak", ".part", ".crdownload")
_SKIPPED_FOLDERS = {"__pycache__", "node_modules"}


def _print(line: str) -> None:
    print(line, flush=True)


def temporary(name: str) -> bool:
    """Whether `name` is an editor's temporary or lock file (「.abstract.md.swp」, 「~$方案.docx」,
    「.~lock.x.xlsx#」, 「abstract.md~」), not a file of the proposal."""
    lowered = name.lower()
    return lowered.startswith(_TEMPORARY_PREFIXES) or lowered.endswith(_TEMPORARY_SUFFIXES) or name == "4913"


def watched_root(path: Path) -> Path:
    """What to watch for a proposal given as `path`: its folder (for a folder, or its proposal.yaml, whose
    includes and images lie beside it), or the one file of a Word or PDF draft."""
    if path.is_dir():
        return path
    return path.parent if path.suffix.lower() in (".yaml", ".yml") else path


def snapshot(root: Path, exclude: Iterable[Path] = ()) -> Snapshot:
    """The state of every file under `root` that is not temporary, nor under a path of `exclude`."""
    try:
        if not root.is_dir():
            return {root.name: _state(os.stat(root))}
    except OSError:
        return {}
    skipped = {_resolved(p) for p in exclude}
    found: Snapshot = {}
    folders = [root]
    while folders and len(found) < MAX_FILES:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue  # gone or unreadable meanwhile: the next poll sees it again
        for entry in entries:
            if temporary(entry.name) or _resolved(Path(entry.path)) in skipped:
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in _SKIPPED_FOLDERS:
                        folders.append(Path(entry.path))
                elif entry.is_file():
                    found[os.path.relpath(entry.path, root)] = _state(entry.stat())
            except OSError:
                continue
    return found


def _state(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def _resolved(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """The files added, removed or changed between two snapshots."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


class Watcher:
    """Polls the files of one proposal; `exclude` (the output folder, files the tool writes) can grow."""

    def __init__(self, path: Path, interval: float = POLL_SECONDS, exclude: Iterable[Path] = ()) -> None:
        self.root = watched_root(Path(path))
        self.interval = interval
        self.exclude = set(exclude)
        self.last = self.scan()  # taken now: a save made after this is seen

    def scan(self) -> Snapshot:
        return snapshot(self.root, self.exclude)

    def ignore(self, paths: Iterable[Path]) -> None:
        """Leave `paths` (files the tool writes beside the proposal) out from now on: writing them is no save."""
        for path in paths:
            self.exclude.add(Path(path))
            try:
                self.last.pop(os.path.relpath(Path(path).resolve(), self.root.resolve()), None)
            except (OSError, ValueError):  # another drive on Windows: never among the watched files
                continue

    def wait_for_change(self, stop: threading.Event) -> list[str] | None:
        """Block until a file changes, and return the files that did; None once `stop` is set."""
        while not stop.wait(self.interval):
            current = self.scan()
            if current != self.last:
                current = self._settled(current, stop)
                changed, self.last = changed_files(self.last, current), current
                if changed:
                    return changed
        return None

    def _settled(self, current: Snapshot, stop: threading.Event) -> Snapshot:
        """The files once they have stopped changing for a moment (at most a second)."""
        for _ in range(10):
            if stop.wait(SETTLE_SECONDS):
                break
            again = self.scan()
            if again == current:
                break
            current = again
        return current


def watch(watcher: Watcher, stop: threading.Event, on_change: Callable[[list[str]], None], echo: Echo = _print) -> None:
    """Call `on_change` with the changed files after each save, until `stop` is set; a failure of one call is
    reported and the watching goes on."""
    while (changed := watcher.wait_for_change(stop)) is not None:
        try:
            on_change(changed)
        except Exception as e:  # the next save may well mend it: keep watching
            echo(f"处理这次改动时出错（{type(e).__name__}：{e}），继续监视；如反复出现，请报告开发者")


def watch_and_build(
    folder: Path,
    output: Path,
    pdf: bool,
    stop: threading.Event,
    *,
    echo: Echo = _print,
    interval: float = POLL_SECONDS,
    build_first: bool = True,
) -> None:
    """Build the documents of `folder` into `output` (first, unless `build_first` is false, then after each
    save), with errors or without (force), until `stop` is set; each time say what was written and what the
    check found. The output folder and the files written are not watched, so a build never starts another."""
    folder, output = Path(folder), Path(output)
    watcher = Watcher(folder, interval, exclude=[output])
    echo(f"正在监视「{watcher.root}」：保存后重新生成到「{output}」；按 Ctrl-C 结束")
    from proposal_kit.convert import Converter

    # one LibreOffice for the whole watch, started now: each rebuild's PDF costs no start-up
    with Converter(workers=1) if pdf else contextlib.nullcontext() as converter:
        if build_first:
            _build_once(folder, output, converter, None, watcher, echo)
        watch(watcher, stop, lambda changed: _build_once(folder, output, converter, changed, watcher, echo), echo)


def _build_once(
    folder: Path, output: Path, converter: Converter | None, changed: list[str] | None, watcher: Watcher, echo: Echo
) -> None:
    """One build and its lines: the findings as `validate` prints them, the files written, the time."""
    from proposal_kit.formats import printable
    from proposal_kit.pipeline import build
    from proposal_kit.preview.console import report_lines

    started = time.perf_counter()
    try:
        [built] = build([folder], output, pdf=converter is not None, force=True, converter=converter)
    except Exception as e:  # a template that cannot serve, a folder that cannot be written: say so, go on
        echo(printable(f"生成失败（{type(e).__name__}：{e}），保存修改后会再次尝试"))
        return
    for line in report_lines(folder, built.draft, changed):
        echo(line)
    written = [*built.outputs, *([built.report] if built.report else [])]
    watcher.ignore(written)
    if built.refused:
        echo(printable(f"未生成文档：{built.refused}"))
    for problem in built.problems:
        echo(problem.format_line())
    for path in written:
        echo(printable(f"已生成 {path}"))
    echo(f"用时 {time.perf_counter() - started:.1f} 秒")
