"""Which renderer produces each document kind, and in which file format.

The kinds themselves (names, order, which a case has) are domain
vocabulary in :mod:`app.domain.document_kinds`; this module only binds
each kind to the function that lays out its form.
"""

from __future__ import annotations

from collections.abc import Callable

from app.documents import forms_agreement, forms_case, forms_file
from app.documents.docx import render_docx
from app.documents.layout import Form
from app.documents.pdf import render_pdf
from app.domain.document_kinds import check_format
from app.domain.document_model import CaseData

CASE_FORMS: dict[str, Callable[[CaseData], Form]] = {
    "file-cover": forms_file.file_cover,
    "application": forms_case.application,
    "intake-form": forms_case.intake_form,
    "session-record": forms_case.session_record,
    "agreement": forms_agreement.agreement,
    "oral-agreement": forms_agreement.oral_agreement,
    "judicial-confirmation": forms_agreement.judicial_confirmation,
    "followup": forms_case.followup,
    "termination": forms_case.termination,
}


def render(form: Form, fmt: str) -> bytes:
    """``form`` as bytes of ``fmt`` (docx or pdf)."""
    return render_pdf(form) if check_format(fmt) == "pdf" else render_docx(form)
