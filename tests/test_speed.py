"""What makes a build faster must not cost a guarantee: the prepared LibreOffice profile is made once, whole,
and copied into each run's private folder; the fonts' coverage is kept until the fonts change."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from proposal_kit import convert, coverage, office
from tests.conftest import ROOT, SAMPLE, libreoffice_or_skip


def test_the_prepared_profile_is_made_once_and_whole(tmp_path, monkeypatch):
    libreoffice_or_skip()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    soffice = convert.find_soffice()
    first = office.prepared_profile(soffice, 120)
    assert first is not None and (first / "user" / "basic" / "Standard").is_dir()
    stamp = first.stat().st_mtime_ns
    assert office.prepared_profile(soffice, 120) == first and first.stat().st_mtime_ns == stamp
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no half-made profile left beside it


def test_each_run_gets_its_own_copy_with_the_macro(tmp_path, monkeypatch):
    libreoffice_or_skip()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runs, soffice = [], convert.find_soffice()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        runs.append(office.conversion_profile(soffice, tmp_path / name, 120, office.prepared_profile(soffice, 120)))
    assert runs[0] != runs[1] and all((p / "user/basic/Standard/Module1.xba").is_file() for p in runs)
    prepared = next((tmp_path / "cache" / "proposal-kit").glob("libreoffice-profile-*"))
    assert "Serve" not in (prepared / "user/basic/Standard/Module1.xba").read_text("utf-8")  # only in the copies
    assert all("Serve" in (p / "user/basic/Standard/Module1.xba").read_text("utf-8") for p in runs)


def test_without_a_writable_cache_each_run_prepares_its_own(tmp_path, monkeypatch):
    libreoffice_or_skip()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert office.prepared_profile(convert.find_soffice(), 120) is None
    (tmp_path / "run").mkdir()
    profile = office.conversion_profile(convert.find_soffice(), tmp_path / "run", 120, None)
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
        monkeypatch.setattr(coverage, "fonts_state", lambda: "changed")
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
    office.sweep_half_made(tmp_path)
    assert not old.exists() and fresh.exists()  # a build may still be preparing the fresh one


def _small_docx(path: Path, text: str) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def test_one_libreoffice_serves_every_batch_of_a_converter(tmp_path):
    """A watch loop's Converter starts LibreOffice once: the second batch goes to the same process, which has
    been spared the graphics tests a profile without its version runs at every start."""
    libreoffice_or_skip()
    with convert.Converter(60, workers=1) as converter:
        [office_] = converter.offices
        first = converter.convert([convert.Job(_small_docx(tmp_path / "a.docx", "第一份"), tmp_path / "a.pdf")])
        process = office_._process
        second = converter.convert([convert.Job(_small_docx(tmp_path / "b.docx", "第二份"), tmp_path / "b.pdf")])
        assert [o.error for o in first + second] == [None, None]
        assert converter.offices == [office_] and office_._process is process and office_.alive
        assert not (office_.folder / "profile" / "user" / "GraphicsRenderTests.log").exists()
        assert not list(office_.folder.glob("batch-*"))  # each batch's copies and PDFs go once taken
    assert not office_.alive and not office_.folder.exists()
    assert "第二份" in subprocess.run(["pdftotext", tmp_path / "b.pdf", "-"], capture_output=True, text=True).stdout


def test_a_document_libreoffice_cannot_open_costs_only_its_own_pdf(tmp_path):
    libreoffice_or_skip()
    worker = office.Office(convert.find_soffice(), 60)
    try:
        folder = worker.ready()
        good = _small_docx(folder / "good.docx", "完好")
        error = worker.run([(folder / "missing.docx", folder / "missing.pdf"), (good, folder / "good.pdf")])
        assert error is None and worker.alive
        assert not (folder / "missing.pdf").exists() and convert.is_pdf((folder / "good.pdf").read_bytes())
    finally:
        worker.close()


def test_the_prepared_profile_knows_its_libreoffice_version(tmp_path, monkeypatch):
    libreoffice_or_skip()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    soffice = convert.find_soffice()
    version = office.installed_version(soffice)
    assert version and version[0].isdigit()
    settings = (office.prepared_profile(soffice, 120) / "user" / "registrymodifications.xcu").read_text("utf-8")
    assert f'oor:name="ooSetupLastVersion" oor:op="fuse"><value>{version}</value>' in settings


STYLES = '<w:styles xmlns:w="w">{}<w:style w:styleId="A"><w:pPr>{}</w:pPr></w:style></w:styles>'


@pytest.mark.parametrize(
    "defaults",
    [
        "",
        "<w:docDefaults/>",
        "<w:docDefaults><w:rPrDefault/></w:docDefaults>",
        '<w:docDefaults><w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>',
    ],
    ids=["no-defaults", "empty-defaults", "no-paragraph-defaults", "paragraph-defaults"],
)
def test_hanging_punctuation_is_off_in_the_copy_converted_whatever_the_template(defaults):
    """LibreOffice reads w:overflowPunct="1" as hanging punctuation off; a custom template may not say it, or
    say the opposite in a style."""
    styles = convert.no_hanging_punctuation("word/styles.xml", STYLES.format(defaults, '<w:overflowPunct w:val="0"/>'))
    head, _, rest = styles.partition("</w:docDefaults>")
    assert '<w:pPrDefault><w:pPr><w:overflowPunct w:val="1"/>' in head
    assert '<w:overflowPunct w:val="1"/>' in rest and 'w:val="0"' not in styles
    assert styles.count("<w:docDefaults>") == 1 and styles.count("<w:pPrDefault>") == 1


def test_the_shipped_template_needs_no_change_for_libreoffice():
    from proposal_kit.render.document import default_template

    styles = zipfile.ZipFile(default_template()).read("word/styles.xml").decode("utf-8")
    assert convert.no_hanging_punctuation("word/styles.xml", styles) == styles


def _errors(validator, data):
    from pydantic import ValidationError

    try:
        return validator.validate_python(data)
    except ValidationError as e:
        return e.errors(include_url=False)


def test_the_kept_validator_judges_every_draft_as_pydantic_does(tmp_path, monkeypatch):
    """The validator built from the kept schema accepts, builds and refuses exactly what pydantic's own does."""
    from proposal_kit.exceptions import LoadError
    from proposal_kit.load import load
    from proposal_kit.model import Proposal, prebuilt

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    prebuilt.proposal_validator.cache_clear()
    built = prebuilt.proposal_validator()  # no kept schema yet: pydantic builds it, and it is kept
    [kept] = (tmp_path / "proposal-kit").glob("validator-*.pickle")
    prebuilt.proposal_validator.cache_clear()
    try:
        from_kept = prebuilt.proposal_validator()
        assert from_kept is not Proposal.__pydantic_validator__ and built is Proposal.__pydantic_validator__
        drafts = [SAMPLE, *(ROOT / "samples" / "drafts").iterdir(), *(ROOT / "tests" / "corpus" / "cases").iterdir()]
        compared = 0
        for folder in sorted(d for d in drafts if (d / "proposal.yaml").is_file()):
            try:
                data = load(folder).data
            except LoadError:
                continue  # not YAML: never validated
            assert _errors(from_kept, data) == _errors(Proposal.__pydantic_validator__, data), folder.name
            compared += 1
        assert compared > 50
    finally:
        prebuilt.proposal_validator.cache_clear()
    assert kept.stat().st_size > 1000


def test_a_kept_schema_that_does_not_serve_is_built_again(tmp_path, monkeypatch):
    from proposal_kit.model import prebuilt

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept = tmp_path / "proposal-kit" / f"validator-{prebuilt.source_key()}.pickle"
    kept.parent.mkdir()
    kept.write_bytes(b"not a pickle")
    prebuilt.proposal_validator.cache_clear()
    try:
        assert prebuilt.proposal_validator().validate_python(load_sample()).center.name.startswith("重庆市")
        assert kept.read_bytes() != b"not a pickle"
    finally:
        prebuilt.proposal_validator.cache_clear()


def load_sample():
    from proposal_kit.load import load

    return load(SAMPLE).data


def test_a_section_left_out_is_the_section_with_its_defaults():
    """Sections left out are made with model_construct (no validator built for them): equal to validated ones."""
    from proposal_kit.model.sections import Construction, Figures, Organization

    for section in (Figures, Organization, Construction):
        assert section.model_construct() == section.model_validate({})
