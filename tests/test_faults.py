"""Faults: LibreOffice crashing, an unwritable output folder, a target PDF in the way, a build killed midway.
Each ends with a clear message; the input is untouched and earlier outputs stay whole."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from proposal_kit import writefile
from proposal_kit.cli import main
from tests.conftest import SAMPLE, libreoffice_or_skip

DOCX = "重庆市车规级功率半导体产业创新中心组建方案.docx"
PDF = "重庆市车规级功率半导体产业创新中心组建方案.pdf"


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(output: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "proposal_kit", "build", str(SAMPLE), "-o", str(output), *extra]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})


def test_a_crashing_libreoffice_is_reported(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nkill -SEGV $$\n", "utf-8")
    fake.chmod(0o755)
    result = _build(tmp_path / "out", env={"PROPOSAL_KIT_SOFFICE": str(fake)})
    assert result.returncode == 2 and "P003" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "out" / DOCX).is_file()


def test_an_output_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(blocker / "out"), "--no-pdf"])
    assert result.exit_code == 2
    assert "W001" in result.output and "Traceback" not in result.output


def test_a_read_only_output_folder_keeps_earlier_outputs(tmp_path, monkeypatch):
    output = tmp_path / "out"
    output.mkdir()
    (output / DOCX).write_bytes(b"earlier")

    def refuse(target: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(writefile, "write_atomic", refuse)
    monkeypatch.setattr("proposal_kit.pipeline.write_atomic", refuse, raising=False)
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(output), "--no-pdf"])
    assert result.exit_code == 2 and "W001" in result.output and "没有权限" in result.output
    assert (output / DOCX).read_bytes() == b"earlier"


def test_a_target_pdf_in_the_way(tmp_path):
    libreoffice_or_skip()
    output = tmp_path / "out"
    (output / PDF).mkdir(parents=True)  # something that cannot be replaced by a file
    result = _build(output)
    assert result.returncode == 2 and "P004" in result.stderr
    assert (output / PDF).is_dir()
    assert docx.Document(str(output / DOCX)).paragraphs


def _whole(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    if path.suffix == ".docx":
        try:
            return bool(docx.Document(str(path)).paragraphs)
        except Exception:
            return False
    return data.endswith(b"\n")


@pytest.mark.stress
def test_a_build_killed_midway_leaves_input_and_outputs_whole(tmp_path):
    libreoffice_or_skip()
    output = tmp_path / "out"
    first = _build(output)
    assert first.returncode == 0
    earlier = {p.name: p.read_bytes() for p in output.iterdir()}
    source = _fingerprint(SAMPLE)
    rng = random.Random(3)
    for delay in [rng.uniform(0.3, 4.0) for _ in range(5)]:
        command = [sys.executable, "-m", "proposal_kit", "build", str(SAMPLE), "-o", str(output)]
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert _fingerprint(SAMPLE) == source
        finals = [p for p in output.iterdir() if not p.name.startswith(".")]
        assert sorted(p.name for p in finals) == sorted(earlier), f"killed after {delay:.1f} s: outputs missing"
        assert all(_whole(p) for p in finals), (
            f"killed after {delay:.1f} s: {[p.name for p in finals if not _whole(p)]}"
        )


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_build_stopped_politely_cleans_up(tmp_path, signal_number):
    output = tmp_path / "out"
    command = [sys.executable, "-m", "proposal_kit", "build", str(SAMPLE), "-o", str(output), "--no-pdf"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(0.4)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr
    if output.exists():
        assert all(_whole(p) for p in output.iterdir() if not p.name.startswith("."))


def test_libreoffice_runs_without_network():
    from proposal_kit.office import network_isolation

    prefix = network_isolation()
    if not prefix:
        if os.environ.get("CI"):
            pytest.fail("network isolation (unshare --net) should work in CI, which runs as root")
        pytest.skip("this system does not allow unshare --net")
    devices = subprocess.run([*prefix, "cat", "/proc/net/dev"], capture_output=True, text=True, check=True).stdout
    names = {line.split(":")[0].strip() for line in devices.splitlines()[2:]}
    assert names == {"lo"}


def test_temporary_files_of_a_killed_build_are_cleared_later(tmp_path):
    from proposal_kit.writefile import STALE_AFTER, write_atomic

    old = tmp_path / f".{DOCX}.abc123.tmp"
    fresh = tmp_path / f".{DOCX}.def456.tmp"
    for leftover in (old, fresh):
        leftover.write_bytes(b"partial")
    os.utime(old, (time.time() - STALE_AFTER - 60,) * 2)
    write_atomic(tmp_path / DOCX, b"whole")
    assert not old.exists() and fresh.exists()  # a live build may still be writing the fresh one
    assert (tmp_path / DOCX).read_bytes() == b"whole"


def test_a_centre_name_cannot_write_outside_the_output_folder(tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(SAMPLE, folder)
    text = (folder / "proposal.yaml").read_text("utf-8")
    (folder / "proposal.yaml").write_text(
        text.replace("name: 重庆市车规级功率半导体产业创新中心", "name: 重庆市../../逃逸\\产业创新中心", 1), "utf-8"
    )
    output = tmp_path / "out" / "inner"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(output), "--no-pdf", "--force"])
    assert result.exit_code == 1, result.output  # built with --force: the name differs from the prose (X001)
    written = sorted(p.name for p in output.iterdir())
    assert written == [
        "重庆市.._.._逃逸_产业创新中心组建方案.docx",
        "重庆市.._.._逃逸_产业创新中心组建方案检查报告.txt",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p"]


def test_work_folders_of_killed_conversions_are_removed_later(tmp_path, monkeypatch):
    import tempfile

    from proposal_kit import convert

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old, fresh = tmp_path / f"{convert.WORK_PREFIX}old", tmp_path / f"{convert.WORK_PREFIX}fresh"
    for folder in (old, fresh):
        (folder / "profile").mkdir(parents=True)
    os.utime(old, (time.time() - convert.ABANDONED_AFTER - 60,) * 2)
    convert.remove_abandoned_work()
    assert not old.exists() and fresh.exists()
