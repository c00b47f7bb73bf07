"""LibreOffice as a process of ours: a private profile, no network, a timeout that ends its whole process group,
a watchdog that ends it when the build dies, and `Office`, one LibreOffice started ahead of its work and
converting each batch of documents written into its folder until it is closed.

An Office runs the Basic macro ``convert_macro/Module1.xba`` (``Serve``), which waits for ``job-N.txt`` in the
folder, converts the documents it lists, appends each PDF written to ``status-N.txt`` and then writes
``done-N.txt``. Started while the .docx files are still being rendered, LibreOffice's start-up costs no wait.
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
import threading
import time
from functools import cache
from importlib import resources
from pathlib import Path

from proposal_kit.caches import cache_root, kept
from proposal_kit.exceptions import ProposalKitError, os_problem

WORK_PREFIX = "proposal-kit-lo-"
PROFILE_FORM = 2  # raised when what a prepared profile holds changes: older ones are then not used
POLL_SECONDS = 0.02  # how often a wait looks at the folder; the macro looks as often


class ConversionError(ProposalKitError):
    """Raised when LibreOffice is missing, hangs past the timeout, or writes no PDF."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def fontconfig_file() -> Path:
    """The fontconfig file mapping the official font names to free fonts, used for conversions only."""
    return Path(str(resources.files(__package__).joinpath("fonts", "fonts.conf")))


def conversion_environment(home: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    # HOME and TMPDIR inside the run's own folder: LibreOffice's caches and temporary files go away with it;
    # the font cache (fonts.conf names proposal-kit/fontconfig under XDG_CACHE_HOME) stays
    environment.update(
        FONTCONFIG_FILE=str(fontconfig_file()),
        XDG_CACHE_HOME=str(cache_root()),
        HOME=str(home),
        TMPDIR=str(home),
        SAL_USE_VCLPLUGIN="svp",
    )
    return environment


class Office:
    """One LibreOffice on a private profile in a work folder of its own. Made, it starts in the background;
    `run` hands it a batch and waits, at most `timeout` a document plus one for the start-up; `close` ends it
    and removes the folder. A LibreOffice that timed out or died is not `alive` and is not used again."""

    def __init__(self, soffice: Path, timeout: float) -> None:
        self.soffice, self.timeout = soffice, timeout
        self.folder: Path | None = None
        self.error: ConversionError | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._batches = 0
        self._starting = threading.Thread(target=self._start, daemon=True)
        self._starting.start()

    def _start(self) -> None:
        try:
            # the machine's profile first (once, a LibreOffice start of its own): a build that dies meanwhile
            # leaves no work folder behind, the watchdog being there only once LibreOffice runs in it
            prepared = prepared_profile(self.soffice, self.timeout)
            self.folder = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
            profile = conversion_profile(self.soffice, self.folder, self.timeout, prepared)
            serve = f'macro:///Standard.Module1.Serve("{self.folder}{os.sep}")'
            self._process = _launch(self.soffice, profile, self.folder, [serve])
            self._watchdog = _watch(self._process, self.folder)
        except ConversionError as e:
            self.error = e
        except OSError as e:  # the temporary folder full or unwritable, soffice not executable
            self.error = ConversionError("P003", f"无法转换 PDF：{os_problem(e)}（{e.filename or self.soffice}）")

    def ready(self) -> Path:
        """The work folder, once LibreOffice has been started in it; ConversionError where it could not be."""
        self._starting.join()
        if self.error is not None:
            raise self.error
        assert self.folder is not None
        return self.folder

    @property
    def alive(self) -> bool:
        self._starting.join()
        return self.error is None and self._process is not None and self._process.poll() is None

    def run(self, lines: list[tuple[Path, Path]]) -> ConversionError | None:
        """Have LibreOffice convert each (.docx, .pdf) pair; the error that ended the batch early, if any (the
        PDFs written are there either way)."""
        folder = self.ready()
        number, self._batches = self._batches, self._batches + 1
        job = folder / f"job-{number}.txt"
        job.with_suffix(".part").write_text("".join(f"{docx}\t{pdf}\n" for docx, pdf in lines), "utf-8")
        os.replace(job.with_suffix(".part"), job)  # the macro never reads half a job
        return self._wait(folder / f"done-{number}.txt", self.timeout * (len(lines) + 1))

    def _wait(self, done: Path, seconds: float) -> ConversionError | None:
        assert self._process is not None
        deadline = time.monotonic() + seconds
        while not done.exists() and self._process.poll() is None:
            if time.monotonic() > deadline:
                self.close()
                self.error = ConversionError(
                    "P002", f"LibreOffice 超过 {seconds:.0f} 秒未完成，已终止；Word 文档已保留"
                )
                return self.error
            time.sleep(POLL_SECONDS)
        return None  # done, or LibreOffice ended: what it wrote is looked at either way

    def close(self) -> None:
        """End LibreOffice and remove the work folder (a closed Office is not alive)."""
        self._starting.join()
        if self._process is not None:
            _end(self._process, self._watchdog)
            self._process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def conversion_profile(soffice: Path, folder: Path, timeout: float, prepared: Path | None) -> Path:
    """A private LibreOffice profile holding the conversion macro: a copy of the profile this machine prepared
    once (`prepared`, so a batch starts LibreOffice once, to convert), or, where none can be kept, one
    initialised here."""
    profile = folder / "profile"
    if prepared is not None:
        shutil.copytree(prepared, profile)
    else:
        _initialise(soffice, profile, folder, timeout)
    source = resources.files(__package__).joinpath("convert_macro", "Module1.xba")
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(source.read_text("utf-8"), "utf-8")
    return profile


def _initialise(soffice: Path, profile: Path, folder: Path, timeout: float) -> None:
    """Let LibreOffice create a profile in `profile` and stop (one start of its own)."""
    error = run_soffice(soffice, profile, folder, ["--terminate_after_init"], timeout)
    if error or not (profile / "user" / "basic" / "Standard").is_dir():
        raise error or ConversionError("P003", "LibreOffice 未能初始化配置，未生成 PDF")
    _record_version(soffice, profile)


# A profile that has not recorded the version it was last used with counts as upgraded, and on each start of
# an upgraded profile LibreOffice runs its graphics tests: 0.7 s of a 0.9 s start-up. Headless, LibreOffice
# never records the version itself, so the prepared profile is given it.
_VERSION = re.compile(r'<prop oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>')


def _record_version(soffice: Path, profile: Path) -> None:
    version = installed_version(soffice)
    settings = profile / "user" / "registrymodifications.xcu"
    with contextlib.suppress(OSError):
        text = settings.read_text("utf-8")
        if version and "ooSetupLastVersion" not in text and "</oor:items>" in text:
            item = (
                '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
                f"<value>{version}</value></prop></item>\n"
            )
            settings.write_text(text.replace("</oor:items>", item + "</oor:items>"), "utf-8")


def installed_version(soffice: Path) -> str | None:
    """LibreOffice's version as its configuration gives it (「7.4」), from the installation's main.xcd: beside
    program/ on Linux and Windows, in Resources/ on macOS; None where it cannot be found."""
    install = soffice.resolve().parent.parent
    for registry in (install / "share" / "registry", install / "Resources" / "registry"):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found = _VERSION.search((registry / "main.xcd").read_text("utf-8"))
            if found:
                return found[1]
    return None


def sweep_half_made(folder: Path, age: float = 3600) -> None:
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
    key = hashlib.sha256(f"{PROFILE_FORM}|{stamp}".encode()).hexdigest()[:16]
    cache_folder = kept(f"libreoffice-profile-{key}")
    if (cache_folder / "user" / "basic" / "Standard").is_dir():
        return cache_folder
    try:
        cache_folder.parent.mkdir(parents=True, exist_ok=True)
        sweep_half_made(cache_folder.parent)
        with tempfile.TemporaryDirectory(prefix=".profile-", dir=cache_folder.parent) as work:
            _initialise(soffice, Path(work) / "profile", Path(work), timeout)
            with contextlib.suppress(OSError):  # another build got there first: theirs is as good
                os.rename(Path(work) / "profile", cache_folder)
    except (OSError, ConversionError):
        return None
    return cache_folder if (cache_folder / "user" / "basic" / "Standard").is_dir() else None


@cache
def network_isolation() -> tuple[str, ...]:
    """A command prefix that runs LibreOffice without network access, where the system allows it."""
    unshare = shutil.which("unshare")
    if not unshare:
        return ()
    try:
        ok = subprocess.run([unshare, "--net", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return (unshare, "--net") if ok else ()


def _launch(soffice: Path, profile: Path, folder: Path, arguments: list[str]) -> subprocess.Popen[bytes]:
    """Start soffice on a private profile, headless, in a process group of its own."""
    command = [
        *network_isolation(),
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
    return process


def run_soffice(
    soffice: Path, profile: Path, folder: Path, arguments: list[str], timeout: float
) -> ConversionError | None:
    """Run soffice to its end on a private profile; kill its whole process group if it outlives `timeout`."""
    process = _launch(soffice, profile, folder, arguments)
    watchdog = _watch(process, folder)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return ConversionError("P002", f"LibreOffice 超过 {timeout:.0f} 秒未完成，已终止；Word 文档已保留")
    finally:
        _end(process, watchdog)  # oosplash may leave soffice.bin behind in the group
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


def _end(process: subprocess.Popen[bytes], watchdog: subprocess.Popen[bytes] | None) -> None:
    """End LibreOffice's group, reap it, and tell its watchdog all went as planned."""
    end_group(process.pid)
    with contextlib.suppress(OSError):
        process.kill()  # where there are no process groups (Windows), the process itself at least
    process.wait()
    _RUNNING.discard(process)
    if watchdog is not None and watchdog.stdin is not None:
        with contextlib.suppress(OSError):
            watchdog.stdin.write(b"done")
            watchdog.stdin.close()
        watchdog.wait()


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
