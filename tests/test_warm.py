"""The resident server (warm.py): a command it runs ends as the command would end run here (output, exit
status, files), Ctrl-C reaches it, a caller killed takes its command with it, and the server goes when idle."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from proposal_kit import warm
from tests.conftest import SAMPLE

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the server forks: POSIX only")


@pytest.fixture
def server_env():
    """An environment where commands run warm, with a runtime folder of the test's own (short: a socket's path
    is limited to about a hundred bytes), and the server it starts ended afterwards."""
    runtime = Path(tempfile.mkdtemp(prefix="pk-", dir="/tmp"))
    env = {
        **os.environ,
        "PROPOSAL_KIT_WARM": "1",
        "XDG_RUNTIME_DIR": str(runtime),
        "PROPOSAL_KIT_WARM_LOG": str(runtime / "served.log"),
        "PROPOSAL_KIT_WARM_IDLE": "60",
    }
    yield env
    for pid_file in runtime.glob("proposal-kit-*/*.pid"):
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
    shutil.rmtree(runtime, ignore_errors=True)


def _run(env: dict[str, str], *arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "proposal_kit", *arguments]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)


def _served(env: dict[str, str]) -> int:
    log = Path(env["PROPOSAL_KIT_WARM_LOG"])
    return len(log.read_text().split()) if log.exists() else 0


def _wait_for_server(env: dict[str, str]) -> None:
    deadline = time.monotonic() + 60
    folder = Path(env["XDG_RUNTIME_DIR"])
    while not list(folder.glob("proposal-kit-*/*.pid")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.glob("proposal-kit-*/*.sock")), "no server started"


@pytest.mark.parametrize("folder", [SAMPLE, SAMPLE.parent / "drafts" / "05-self-assessment"], ids=["clean", "errors"])
def test_a_command_on_the_server_ends_as_it_does_here(server_env, folder):
    cold = _run({**server_env, "PROPOSAL_KIT_WARM": "0"}, "validate", str(folder))
    first = _run(server_env, "validate", str(folder))  # no server yet: runs here, starts one
    _wait_for_server(server_env)
    warm_run = _run(server_env, "validate", str(folder))
    assert _served(server_env) == 1
    for result in (first, warm_run):
        assert (result.returncode, result.stdout, result.stderr) == (cold.returncode, cold.stdout, cold.stderr)


def test_the_server_runs_each_command_in_the_callers_folder_and_environment(server_env, tmp_path):
    _run(server_env, "validate", str(SAMPLE))
    _wait_for_server(server_env)
    (tmp_path / "out").mkdir()
    result = _run(
        {**server_env, "PROPOSAL_KIT_SOFFICE": "/nonexistent"}, "build", str(SAMPLE), "-o", "out", cwd=tmp_path
    )
    assert _served(server_env) == 1
    assert result.returncode == 2 and "P001" in result.stderr  # the caller's environment: no LibreOffice there
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".txt"]


def _build_on_a_hanging_libreoffice(env: dict[str, str], tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """A `build` on the server whose LibreOffice never ends, once LibreOffice runs and the .docx is written;
    and the file its LibreOffice processes write their ids into."""
    pids = tmp_path / "pids"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 300\n", "utf-8")
    fake.chmod(0o755)
    _run(env, "validate", str(SAMPLE))
    _wait_for_server(env)
    command = [sys.executable, "-m", "proposal_kit", "build", str(SAMPLE), "-o", str(tmp_path / "out")]
    (tmp_path / "tmp").mkdir()
    env = {**env, "PROPOSAL_KIT_SOFFICE": str(fake), "TMPDIR": str(tmp_path / "tmp")}
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (pids.exists() and list((tmp_path / "out").glob("*.docx"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    return process, pids


def _gone(pids: Path) -> bool:
    """Whether every process of `pids` has ended, and the work folders with them, within a few seconds."""
    deadline = time.monotonic() + 30
    alive = pids.read_text().split()
    while (alive or any((pids.parent / "tmp").iterdir())) and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in alive if _running(pid)]
    return not alive and not any((pids.parent / "tmp").iterdir())


def test_ctrl_c_reaches_the_command_on_the_server(server_env, tmp_path):
    process, pids = _build_on_a_hanging_libreoffice(server_env, tmp_path)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "已中断" in stderr and "Traceback" not in stderr
    assert _served(server_env) == 1
    assert _gone(pids), "LibreOffice or its work folder outlived the command"


def test_a_caller_killed_outright_takes_its_command_with_it(server_env, tmp_path):
    process, pids = _build_on_a_hanging_libreoffice(server_env, tmp_path)
    process.kill()
    process.communicate()
    assert _gone(pids), "LibreOffice or its work folder outlived the command"


def _running(pid: str) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text().lower()


def test_an_idle_server_ends_and_removes_its_socket(server_env):
    env = {**server_env, "PROPOSAL_KIT_WARM_IDLE": "1"}
    _run(env, "validate", str(SAMPLE))
    _wait_for_server(env)
    deadline = time.monotonic() + 30
    folder = Path(env["XDG_RUNTIME_DIR"])
    while list(folder.glob("proposal-kit-*/*.sock")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(folder.glob("proposal-kit-*/*"))


@pytest.mark.parametrize(
    ("arguments", "warm_run"),
    [
        (["validate", "x"], True),
        (["build", "x", "--no-pdf"], True),
        (["build", "x", "--watch"], False),
        (["preview", "x"], False),
        (["--help"], False),
    ],
)
def test_only_the_short_commands_run_on_the_server(monkeypatch, arguments, warm_run):
    monkeypatch.setenv("PROPOSAL_KIT_WARM", "1")
    assert warm.enabled(arguments) is warm_run
    monkeypatch.setenv("PROPOSAL_KIT_WARM", "0")
    assert not warm.enabled(arguments)


def test_a_runtime_folder_others_can_enter_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / f"proposal-kit-{os.getuid()}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert warm.socket_path() is None


@pytest.mark.stress
def test_eight_builds_at_once_on_the_server_all_end_with_complete_pdfs(server_env, tmp_path):
    """`make proposal` by several people at once, each command forked by one server: complete files, no leftovers."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.conftest import libreoffice_or_skip
    from tests.test_convert import DOCX, PDF, REPORT, _complete_pdf

    libreoffice_or_skip()
    _run(server_env, "validate", str(SAMPLE))
    _wait_for_server(server_env)
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(lambda _: _run(server_env, "build", str(SAMPLE), "-o", str(tmp_path / "out")), range(8))
        )
    assert [r.returncode for r in results] == [0] * 8, [r.stderr[-600:] for r in results if r.returncode]
    assert _served(server_env) == 8
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([DOCX, PDF, REPORT])
    assert _complete_pdf(tmp_path / "out" / PDF)
