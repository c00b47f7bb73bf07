""".docx to .pdf with LibreOffice headless: a private profile per run, no network, a timeout that kills the
whole process group, the table of contents updated, and the official fonts mapped to free ones.

Each run starts soffice once for a batch of documents and drives it with a small Basic macro
(``convert_macro/Module1.xba``) that updates every index before exporting. A PDF counts as written only if
it exists and begins like a PDF: LibreOffice can exit 0 having written nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from proposal_kit.coverage import installed_coverage, placeholders
from proposal_kit.exceptions import ProposalKitError, os_problem
from proposal_kit.writefile import write_atomic

SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/usr/local/bin/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
#: Where the Windows installer puts LibreOffice, under each of these folders of the environment.
WINDOWS_FOLDERS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
WINDOWS_SOFFICE = Path("LibreOffice", "program", "soffice.exe")
DEFAULT_TIMEOUT = 120.0  # seconds for one document; a batch gets one start-up plus this per document
INSTALL_HINT = "安装 LibreOffice 和中文字体后可生成 PDF：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-babelstone-han texlive-lang-chinese（或运行 make proposal）"


class ConversionError(ProposalKitError):
    """Raised when LibreOffice is missing, hangs past the timeout, or writes no PDF."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Job:
    """One conversion: the .docx to read and the .pdf to write."""

    source: Path
    target: Path


@dataclass(frozen=True)
class Outcome:
    """What became of one job: the PDF written, or the error that stopped it."""

    job: Job
    error: ConversionError | None = None
    contents: str = ""  # the table of contents as laid out: an entry a line, title, tab, page


def find_soffice() -> Path | None:
    """LibreOffice's soffice: $PROPOSAL_KIT_SOFFICE, then PATH, then its usual install places."""
    configured = os.environ.get("PROPOSAL_KIT_SOFFICE")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((place for place in soffice_places() if place.is_file()), None)


def soffice_places() -> list[Path]:
    """Where LibreOffice is installed when it is not on the PATH: the Linux packages' places, the Windows
    installer's (Program Files, both kinds, and a per-user install), the macOS application, system or own."""
    places = [Path(p) for p in SOFFICE_PLACES]
    for variable in WINDOWS_FOLDERS:
        if os.environ.get(variable):
            places.append(Path(os.environ[variable]) / WINDOWS_SOFFICE)
    if os.environ.get("LOCALAPPDATA"):
        places.append(Path(os.environ["LOCALAPPDATA"]) / "Programs" / WINDOWS_SOFFICE)
    places.append(Path.home() / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    return places


def pdf_pages(path: Path) -> int | None:
    """The number of pages of a PDF: by poppler's pdfinfo where installed, else by its page objects."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        try:
            out = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        if found:
            return int(found[1])
    try:
        return len(_PAGE.findall(path.read_bytes())) or None
    except OSError:
        return None


def fontconfig_file() -> Path:
    """The fontconfig file mapping the official font names to free fonts, used for conversions only."""
    return Path(str(resources.files(__package__).joinpath("fonts", "fonts.conf")))


@cache
def _network_isolation() -> tuple[str, ...]:
    """A command prefix that runs LibreOffice without network access, where the system allows it."""
    unshare = shutil.which("unshare")
    if not unshare:
        return ()
    try:
        ok = subprocess.run([unshare, "--net", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return (unshare, "--net") if ok else ()


def font_cache_folder() -> Path:
    """Where fontconfig keeps the conversions' font cache: the user's cache folder, so it is built once."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base)


def conversion_environment(home: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    # HOME and TMPDIR inside the run's own folder: LibreOffice's caches and temporary files go away with it;
    # the font cache (fonts.conf names proposal-kit/fontconfig under XDG_CACHE_HOME) stays
    environment.update(
        FONTCONFIG_FILE=str(fontconfig_file()),
        XDG_CACHE_HOME=str(font_cache_folder()),
        HOME=str(home),
        TMPDIR=str(home),
        SAL_USE_VCLPLUGIN="svp",
    )
    return environment


def convert(jobs: Sequence[Job], timeout: float = DEFAULT_TIMEOUT, workers: int | None = None) -> list[Outcome]:
    """Convert every job, in one batch per worker (at most one worker per core), each with its own profile."""
    soffice = find_soffice()
    if soffice is None:
        error = ConversionError("P001", f"未找到 LibreOffice，未生成 PDF。{INSTALL_HINT}")
        return [Outcome(job, error) for job in jobs]
    remove_abandoned_work()
    count = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    batches = [list(jobs[i::count]) for i in range(count)]
    with ThreadPoolExecutor(count) as pool:
        results = pool.map(lambda batch: _convert_batch(soffice, batch, timeout), batches)
    return [outcome for batch in results for outcome in batch]


WORK_PREFIX = "proposal-kit-lo-"
ABANDONED_AFTER = 6 * 3600  # seconds: a work folder this old belonged to a build that was killed


def remove_abandoned_work() -> None:
    """Delete work folders that builds killed midway left in the temporary folder."""
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*"):
        with contextlib.suppress(OSError):
            if now - folder.stat().st_mtime > ABANDONED_AFTER:
                shutil.rmtree(folder, ignore_errors=True)


def _convert_batch(soffice: Path, jobs: list[Job], timeout: float) -> list[Outcome]:
    try:
        with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as work:
            return _convert_in(Path(work), soffice, jobs, timeout)
    except ConversionError as e:
        return [Outcome(job, e) for job in jobs]
    except OSError as e:  # the temporary folder full or unwritable, soffice not executable
        error = ConversionError("P003", f"无法转换 PDF：{os_problem(e)}（{e.filename or soffice}）；Word 文档已保留")
        return [Outcome(job, error) for job in jobs]


def _convert_in(folder: Path, soffice: Path, jobs: list[Job], timeout: float) -> list[Outcome]:
    profile = _profile(soffice, folder, timeout)
    lines = []
    for index, job in enumerate(jobs):
        copy_printable(job.source, folder / f"in-{index}.docx")
        lines.append(f"{folder / f'in-{index}.docx'}\t{folder / f'out-{index}.pdf'}\n")
    (folder / "job.txt").write_text("".join(lines), "utf-8")
    macro = f'macro:///Standard.Module1.ConvertJob("{folder / "job.txt"}","{folder / "status.txt"}")'
    error = _run(soffice, profile, folder, [macro], timeout * (len(jobs) + 1))
    return [_collect(job, folder / f"out-{index}.pdf", error) for index, job in enumerate(jobs)]


def copy_printable(source: Path, target: Path) -> None:
    """Copy the .docx to convert, each character no installed font can draw replaced by a drawn box."""
    coverage = installed_coverage()
    with zipfile.ZipFile(source) as docx:
        parts = {item: docx.read(item) for item in docx.namelist()}
    changed = False
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and coverage is not None:
            text = data.decode("utf-8")
            table = placeholders(text, coverage)
            if table:
                parts[name], changed = text.translate(table).encode("utf-8"), True
    if not changed:
        shutil.copyfile(source, target)
        return
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as docx:
        for name, data in parts.items():
            docx.writestr(name, data)


def _profile(soffice: Path, folder: Path, timeout: float) -> Path:
    """A private LibreOffice profile holding the conversion macro: a copy of the profile this machine prepared
    once (so a batch starts LibreOffice once, to convert), or, where none can be kept, one initialised here."""
    profile = folder / "profile"
    prepared = prepared_profile(soffice, timeout)
    if prepared is not None:
        shutil.copytree(prepared, profile)
    else:
        _initialise(soffice, profile, folder, timeout)
    source = resources.files(__package__).joinpath("convert_macro", "Module1.xba")
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(source.read_text("utf-8"), "utf-8")
    return profile


def _initialise(soffice: Path, profile: Path, folder: Path, timeout: float) -> None:
    """Let LibreOffice create a profile in `profile` and stop (one start of its own)."""
    error = _run(soffice, profile, folder, ["--terminate_after_init"], timeout)
    if error or not (profile / "user" / "basic" / "Standard").is_dir():
        raise error or ConversionError("P003", "LibreOffice 未能初始化配置，未生成 PDF")


def _sweep_half_made(folder: Path, age: float = 3600) -> None:
    """Remove profiles a build killed while preparing left half made (older than an hour: none still growing)."""
    for leftover in folder.glob(".profile-*"):
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime > age:
                shutil.rmtree(leftover, ignore_errors=True)


def prepared_profile(soffice: Path, timeout: float) -> Path | None:
    """This machine's initialised LibreOffice profile for `soffice` (its path and date in the name), made once
    in the user's cache folder and moved into place whole, so two builds starting together never see half of
    one; None where the cache folder cannot be written (each batch then initialises its own)."""
    stamp = f"{soffice.resolve()}|{soffice.resolve().stat().st_mtime_ns}" if soffice.exists() else str(soffice)
    key = hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:16]
    cache = font_cache_folder() / "proposal-kit" / f"libreoffice-profile-{key}"
    if (cache / "user" / "basic" / "Standard").is_dir():
        return cache
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        _sweep_half_made(cache.parent)
        with tempfile.TemporaryDirectory(prefix=".profile-", dir=cache.parent) as work:
            _initialise(soffice, Path(work) / "profile", Path(work), timeout)
            with contextlib.suppress(OSError):  # another build got there first: theirs is as good
                os.rename(Path(work) / "profile", cache)
    except (OSError, ConversionError):
        return None
    return cache if (cache / "user" / "basic" / "Standard").is_dir() else None


def _run(soffice: Path, profile: Path, folder: Path, arguments: list[str], timeout: float) -> ConversionError | None:
    """Run soffice on a private profile; kill its whole process group if it outlives `timeout`."""
    command = [
        *_network_isolation(),
        str(soffice),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        *arguments,
    ]
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=conversion_environment(folder),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _RUNNING.add(process)
    if _STOPPING:  # asked to stop while this one was starting
        stop_all()
    watchdog = _watch(process, folder)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return ConversionError("P002", f"LibreOffice 超过 {timeout:.0f} 秒未完成，已终止；Word 文档已保留")
    finally:
        _kill_group(process)  # oosplash may leave soffice.bin behind in the group
        _RUNNING.discard(process)
        _dismiss(watchdog)
    return None


_RUNNING: set[subprocess.Popen[bytes]] = set()
_STOPPING = False


def stop_all() -> None:
    """End every LibreOffice this process runs, and any it starts from now on (a build asked to stop): the
    waits on them return at once."""
    global _STOPPING
    _STOPPING = True
    for process in list(_RUNNING):
        end_group(process.pid)
    # Reaped here: the build may exit before the threads waiting on them get their turn (3.11 does not join them).
    for process in list(_RUNNING):
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)


# LibreOffice runs in a process group of its own (so a timeout can end all of it), which a build killed with
# SIGKILL cannot end itself. A small watchdog holds a pipe from the build: when the pipe closes without the
# word "done", the build died, and the watchdog ends LibreOffice's group and removes the work folder.
_WATCHDOG = """
import os, shutil, signal, subprocess, sys
if sys.stdin.buffer.read() != b"done":
    try:
        if hasattr(os, "killpg"):
            os.killpg(int(sys.argv[1]), signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", sys.argv[1]], capture_output=True)
    except OSError:
        pass
    shutil.rmtree(sys.argv[2], ignore_errors=True)
"""


def _watch(process: subprocess.Popen[bytes], folder: Path) -> subprocess.Popen[bytes] | None:
    try:
        return subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(process.pid), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C to the build's group must not end the watchdog first
        )
    except OSError:
        return None  # without a watchdog, a build killed with SIGKILL leaves LibreOffice to the 6-hour sweep


def _dismiss(watchdog: subprocess.Popen[bytes] | None) -> None:
    if watchdog is not None and watchdog.stdin is not None:
        with contextlib.suppress(OSError):
            watchdog.stdin.write(b"done")
            watchdog.stdin.close()
        watchdog.wait()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    end_group(process.pid)
    with contextlib.suppress(OSError):
        process.kill()  # where there are no process groups (Windows), the process itself at least
    process.wait()


def end_group(pid: int) -> None:
    """End LibreOffice's whole process group (POSIX), or its process tree with taskkill where there are no
    groups (Windows); quietly where it has ended already."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        return
    taskkill = shutil.which("taskkill")
    if taskkill:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run([taskkill, "/F", "/T", "/PID", str(pid)], capture_output=True, timeout=30)


def is_pdf(data: bytes) -> bool:
    """Whether `data` is a whole PDF with at least one page (LibreOffice can exit 0 having written less)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:] and _PAGE.search(data) is not None


_PAGE = re.compile(rb"/Type\s*/Page\b")


def _collect(job: Job, written: Path, error: ConversionError | None) -> Outcome:
    if written.is_file() and written.stat().st_size > 0:
        data = written.read_bytes()
        if is_pdf(data):
            try:
                write_atomic(job.target, data)
            except OSError as e:
                return Outcome(
                    job, ConversionError("P004", f"无法写入 PDF「{job.target}」：{os_problem(e)}；原有文件保持不变")
                )
            return Outcome(job, contents=_read_contents(written.with_name(f"{written.name}.toc.txt")))
    return Outcome(job, error or ConversionError("P003", f"LibreOffice 未写出 PDF：{job.source.name}"))


def _read_contents(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def word97_to_docx(source: Path, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """A Word 97 file (.doc) as the bytes of a .docx, converted by LibreOffice on a private profile;
    ConversionError where there is no LibreOffice or it writes nothing."""
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError("P001", f"读取 .doc 文件需要 LibreOffice，本机未找到。{INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as work:
        folder = Path(work)
        shutil.copyfile(source, folder / "in.doc")
        arguments = ["--convert-to", "docx", "--outdir", str(folder / "out"), str(folder / "in.doc")]
        error = _run(soffice, folder / "profile", folder, arguments, timeout)
        converted = folder / "out" / "in.docx"
        if error or not converted.is_file():
            raise error or ConversionError("P003", f"LibreOffice 未能把「{source.name}」转为 .docx")
        return converted.read_bytes()
