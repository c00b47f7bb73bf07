"""The committed template is what templates/make_template.py writes."""

from __future__ import annotations

import importlib.util
import io
import zipfile

from tests.conftest import ROOT


def test_the_template_is_the_scripts_output():
    spec = importlib.util.spec_from_file_location("make_template", ROOT / "templates" / "make_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = zipfile.ZipFile(io.BytesIO(module.make_template()))
    committed = zipfile.ZipFile(ROOT / "proposal_kit" / "templates" / "proposal.docx")
    assert fresh.namelist() == committed.namelist()
    for name in fresh.namelist():
        assert fresh.read(name) == committed.read(name), f"{name} differs: run `make template`"


def test_libreoffice_is_told_not_to_hang_punctuation():
    """LibreOffice reads w:overflowPunct="1" as hanging punctuation off (Word: its default, allowed)."""
    styles = (
        zipfile.ZipFile(ROOT / "proposal_kit" / "templates" / "proposal.docx").read("word/styles.xml").decode("utf-8")
    )
    assert '<w:pPrDefault><w:pPr><w:overflowPunct w:val="1"/>' in styles
