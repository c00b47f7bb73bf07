"""What makes a build faster must not cost a guarantee: the prepared LibreOffice profile is made once, whole,
and copied into each run's private folder; the fonts' coverage is kept until the fonts change."""

from __future__ import annotations

import shutil

import pytest

from proposal_kit import convert, coverage
from tests.conftest import libreoffice_or_skip


def test_the_prepared_profile_is_made_once_and_whole(tmp_path, monkeypatch):
    libreoffice_or_skip()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    soffice = convert.find_soffice()
    first = convert.prepared_profile(soffice, 120)
    assert first is not None and (first / "user" / "basic" / "Standard").is_dir()
    stamp = first.stat().st_mtime_ns
    assert convert.prepared_profile(soffice, 120) == first and first.stat().st_mtime_ns == stamp
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no half-made profile left beside it


def test_each_run_gets_its_own_copy_with_the_macro(tmp_path, monkeypatch):
    libreoffice_or_skip()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        runs.append(convert._profile(convert.find_soffice(), tmp_path / name, 120))
    assert runs[0] != runs[1] and all((p / "user/basic/Standard/Module1.xba").is_file() for p in runs)
    prepared = next((tmp_path / "cache" / "proposal-kit").glob("libreoffice-profile-*"))
    assert "ConvertJob" not in (prepared / "user/basic/Standard/Module1.xba").read_text("utf-8")  # only in the copies
    assert all("ConvertJob" in (p / "user/basic/Standard/Module1.xba").read_text("utf-8") for p in runs)


def test_without_a_writable_cache_each_run_prepares_its_own(tmp_path, monkeypatch):
    libreoffice_or_skip()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert convert.prepared_profile(convert.find_soffice(), 120) is None
    (tmp_path / "run").mkdir()
    profile = convert._profile(convert.find_soffice(), tmp_path / "run", 120)
    assert (profile / "user/basic/Standard/Module1.xba").is_file()


def test_the_coverage_is_kept_until_the_fonts_change(tmp_path, monkeypatch):
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig is not installed")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    coverage.installed_coverage.cache_clear()
    try:
        asked = coverage.installed_coverage()
        [kept] = (tmp_path / "proposal-kit").glob("coverage-*.txt")
        monkeypatch.setattr(coverage, "_asked", lambda fc_list: pytest.fail("fc-list asked again"))
        coverage.installed_coverage.cache_clear()
        again = coverage.installed_coverage()
        assert (again.lows, again.highs) == (asked.lows, asked.highs) and ord("中") in again
        monkeypatch.setattr(coverage, "_fonts_state", lambda: "changed")
        monkeypatch.setattr(coverage, "_asked", lambda fc_list: asked)
        coverage.installed_coverage.cache_clear()
        coverage.installed_coverage()
        assert (tmp_path / "proposal-kit" / "coverage-changed.txt").is_file() and kept.is_file()
    finally:
        coverage.installed_coverage.cache_clear()


def test_a_profile_left_half_made_is_swept_once_it_is_old(tmp_path):
    import os
    import time

    old, fresh = tmp_path / ".profile-old", tmp_path / ".profile-new"
    old.mkdir()
    fresh.mkdir()
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    convert._sweep_half_made(tmp_path)
    assert not old.exists() and fresh.exists()  # a build may still be preparing the fresh one
