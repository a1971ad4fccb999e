"""Printed papers of people's mediation: every standard form in DOCX and PDF.

Forms are built from plain dataclasses (:mod:`app.domain.document_model`) into a
format-free list of blocks (:mod:`app.documents.layout`), then laid out by
:mod:`app.documents.pdf` or :mod:`app.documents.docx` in the one house style
of :mod:`app.documents.typography`; :mod:`app.documents.generation` reads, renders
and stores them through the services below.
"""
