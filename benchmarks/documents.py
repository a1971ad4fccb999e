"""Document generation figures: one agreement as DOCX and PDF, 100 PDFs.

Each figure stands beside a baseline measured in the same run: the same
library writing a one-page document with the same embedded font, so the
ratio shows what the forms themselves cost on whatever machine runs it.
Usage alone: ``python -m benchmarks.documents [--cases N]``.
"""

from __future__ import annotations

import argparse
import io
import time

from sqlalchemy import func, select

from benchmarks.run import _table, ensure_database, median_ms


def _baseline_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    from app.documents import typography as T

    T.register_pdf_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, initialFontName=T.PDF_BODY)
    c.setFont(T.PDF_BODY, T.SIZE_BODY)
    c.drawString(80, 700, "人民调解协议书 申请人 被申请人 人民币壹万元整")
    c.showPage()
    c.save()
    return out.getvalue()


def _baseline_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("人民调解协议书 申请人 被申请人 人民币壹万元整")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def documents_figures(url: str) -> list[tuple[str, float, str, float]]:
    """Agreement DOCX/PDF (render only, and generate-and-store) and a batch of 100 PDFs."""
    from app.documents.generation import generate, generate_batch
    from app.documents.kinds import CASE_FORMS, render
    from app.domain.document_kinds import COMMITTEE_KINDS
    from app.services.cases.guard import find_case
    from app.services.documents.data import case_data
    from app.services.security.access import EVERYTHING
    from app.services.security.users import get_user
    from app.store.database import Database
    from app.store.models import Agreement, Case, Organisation

    db = Database(url)
    admin = get_user(db, "admin")
    with db.session() as s:
        # People's-mediation papers are issued by committees (and studios working for one).
        ids = list(s.execute(
            select(Agreement.case_id).join(Case, Case.id == Agreement.case_id)
            .join(Organisation, Organisation.id == func.coalesce(
                Case.current_organisation_id, Case.organisation_id))
            .where(Agreement.form == "written", Organisation.kind.in_(COMMITTEE_KINDS))
            .order_by(Agreement.id).limit(100)).scalars())
        data = case_data(s, find_case(s, EVERYTHING, ids[0]))
    form = CASE_FORMS["agreement"](data)
    base_pdf = median_ms(_baseline_pdf)
    base_docx = median_ms(_baseline_docx)
    figures = [
        ("agreement PDF, render only", median_ms(lambda: render(form, "pdf")),
         "one-line PDF, same embedded font", base_pdf),
        ("agreement DOCX, render only", median_ms(lambda: render(form, "docx")),
         "one-line python-docx document", base_docx),
        ("agreement PDF: read case, render, store (one UnitOfWork)",
         median_ms(lambda: generate(db, admin, ids[0], "agreement", "pdf")),
         "one-line PDF, same embedded font", base_pdf),
    ]
    jobs = [(case_id, "agreement") for case_id in ids]
    start = time.perf_counter()
    generate_batch(db, admin, jobs)
    batch = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for _n in jobs:
        _baseline_pdf()
    base_batch = (time.perf_counter() - start) * 1000
    figures.append((f"batch of {len(jobs)} agreement PDFs (generate and store)", batch,
                    f"{len(jobs)} one-line PDFs", base_batch))
    db.dispose()
    return figures


def main() -> None:
    """Print the document figures for a benchmark database of ``--cases`` cases."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    rows = documents_figures(ensure_database(args.cases))
    print("\n".join(_table(f"### documents — {args.cases:,} cases, SQLite", rows)))


if __name__ == "__main__":
    main()
