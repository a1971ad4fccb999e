"""The DOCX files lay out as the PDF does, in Word/WPS and in LibreOffice.

Tables carry their real column widths (``w:gridCol`` and ``w:tcW``) in a
fixed layout, and LibreOffice (what WPS/Word users' colleagues often run)
keeps every 18-digit ID number on one line.  One soffice start costs
seconds, so three representative forms (body text, ruled tables, the court
application) are converted in a single call.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from app.documents import layout as L
from app.documents.docx import column_widths_mm, render_docx
from app.documents.generation import generate
from app.domain.document_model import OrgHeader
from app.store.database import Database
from tests.conftest import ON_CI
from tests.services.fixtures import ADMIN

KINDS = ("agreement", "intake-form", "judicial-confirmation")
ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9X])")


def test_grid_columns_carry_the_intended_widths() -> None:
    grid = L.Grid((("序号", "姓名", "身份", "签名"), ("1", "张三", "村民", ""),
                   ("备注", "合并到行末")), (0.1, 0.25, 0.3, 0.35), header=True)
    form = L.Form("t", "t", (grid,), OrgHeader("某委员会"))
    table = docx.Document(io.BytesIO(render_docx(form))).tables[0]
    columns = table._tbl.tblGrid.findall(qn("w:gridCol"))
    intended = [round(Mm(w).twips) for w in column_widths_mm(grid)]
    assert [int(c.get(qn("w:w"))) for c in columns] == intended
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    first_row = [tc.width for tc in table.rows[0]._tr.tc_lst]
    assert [round(w.twips) if w else 0 for w in first_row] == intended
    merged = table.rows[2]._tr.tc_lst[-1].width
    assert merged is not None
    assert round(merged.twips) == round(Mm(sum(column_widths_mm(grid)[1:])).twips)


def test_libreoffice_converts_representative_docx_keeping_id_numbers_whole(
        demo_db: Database, case_for: dict[str, int], tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if ON_CI:
            pytest.fail("LibreOffice (libreoffice-writer-nogui) is required on CI")
        pytest.skip("LibreOffice is not installed here")
    inputs, ids = [], {}
    for kind in KINDS:
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(generate(demo_db, ADMIN, case_for[kind], kind, "docx").content)
        inputs.append(str(path))
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        ids[kind] = set(ID_NUMBER.findall(
            "\n".join([*(p.text for p in document.paragraphs), *cells])))
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *inputs],
                   check=True, capture_output=True, timeout=110)
    for kind in KINDS:
        pdf = out / f"{kind}.pdf"
        assert pdf.stat().st_size > 5000, kind
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "人民调解" in text or "司法确认" in text
        if kind in ("agreement", "intake-form"):
            assert ids[kind], kind
            on_one_line = set(ID_NUMBER.findall(text))
            assert ids[kind] <= on_one_line, (kind, ids[kind] - on_one_line)
