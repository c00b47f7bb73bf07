"""Most applicants and staff work on Windows, some on macOS: LibreOffice is found where its installers put it,
and what Linux alone has (fontconfig, unshare, process groups) is done without where it is missing. The
platforms are simulated by what their lookups return."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from proposal_kit import convert, coverage, doctor, office
from proposal_kit.pipeline import build
from tests.conftest import SAMPLE


@pytest.fixture
def no_path(monkeypatch):
    """A machine whose PATH has none of the tools: only the install places are looked in."""
    monkeypatch.delenv("PROPOSAL_KIT_SOFFICE", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    monkeypatch.setattr(convert, "SOFFICE_PLACES", ())


def _installed(root, *parts):
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("variable", ["ProgramFiles", "ProgramFiles(x86)"])
def test_libreoffice_is_found_where_the_windows_installer_puts_it(no_path, monkeypatch, tmp_path, variable):
    for name in (*convert.WINDOWS_FOLDERS, "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, str(tmp_path))
    soffice = _installed(tmp_path, "LibreOffice", "program", "soffice.exe")
    assert convert.find_soffice() == soffice


def test_libreoffice_is_found_in_a_per_user_windows_install(no_path, monkeypatch, tmp_path):
    for name in convert.WINDOWS_FOLDERS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    soffice = _installed(tmp_path, "Programs", "LibreOffice", "program", "soffice.exe")
    assert convert.find_soffice() == soffice


def test_libreoffice_is_found_in_a_macos_users_applications(no_path, monkeypatch, tmp_path):
    for name in (*convert.WINDOWS_FOLDERS, "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    soffice = _installed(tmp_path, "Applications", "LibreOffice.app", "Contents", "MacOS", "soffice")
    assert convert.find_soffice() == soffice


def test_without_libreoffice_doctor_and_build_say_so(no_path, monkeypatch, tmp_path):
    for name in (*convert.WINDOWS_FOLDERS, "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert convert.find_soffice() is None
    [built] = build([SAMPLE], tmp_path / "out", pdf=True)
    assert [o.suffix for o in built.outputs] == [".docx"] and [p.code for p in built.problems] == ["P001"]


def test_without_fontconfig_nothing_breaks(no_path, tmp_path):
    coverage.installed_coverage.cache_clear()
    try:
        assert coverage.installed_coverage() is None  # no fc-list: no P005 guesses
        checks = doctor.examine()
        missing = [c for c in checks if "fontconfig" in c.found]
        assert missing and not any(c.ok for c in missing)
        [built] = build([SAMPLE], tmp_path / "out", pdf=False)
        assert built.outputs and not built.problems
    finally:
        coverage.installed_coverage.cache_clear()


def test_without_unshare_libreoffice_runs_unisolated(no_path):
    office.network_isolation.cache_clear()
    try:
        assert office.network_isolation() == ()
    finally:
        office.network_isolation.cache_clear()


def test_without_process_groups_the_tree_is_ended_by_taskkill(monkeypatch):
    monkeypatch.delattr(os, "killpg")
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: "C:\\Windows\\System32\\taskkill.exe")
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: calls.append(command))
    office.end_group(4242)
    assert calls == [["C:\\Windows\\System32\\taskkill.exe", "/F", "/T", "/PID", "4242"]]
