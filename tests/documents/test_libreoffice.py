"""The DOCX files convert in LibreOffice (what WPS/Word users' colleagues often run).

One soffice start costs seconds, so three representative forms (body text,
ruled tables, the court application) are converted in a single call.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.documents.generation import generate
from app.store.database import Database
from tests.services.fixtures import ADMIN

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
KINDS = ("agreement", "intake-form", "judicial-confirmation")


def test_libreoffice_converts_representative_docx(
        demo_db: Database, case_for: dict[str, int], tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if ON_CI:
            pytest.fail("LibreOffice (libreoffice-writer-nogui) is required on CI")
        pytest.skip("LibreOffice is not installed here")
    inputs = []
    for kind in KINDS:
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(generate(demo_db, ADMIN, case_for[kind], kind, "docx").content)
        inputs.append(str(path))
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *inputs],
                   check=True, capture_output=True, timeout=110)
    for kind in KINDS:
        pdf = out / f"{kind}.pdf"
        assert pdf.stat().st_size > 5000, kind
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "人民调解" in text or "司法确认" in text
