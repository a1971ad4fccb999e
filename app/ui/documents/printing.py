"""Printing the stored PDFs with Qt: preview, print, and a viewer window.

What gets printed is the stored PDF itself (rendered page by page with
QtPdf), not a re-layout, so the paper matches the SHA-256 on record.
Pages are rendered at the printer's resolution and centred on the sheet.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPoint, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.domain.errors import ValidationError
from app.domain.text import _


class LoadedPdf:
    """A QPdfDocument over bytes, keeping the buffer alive as long as the document."""

    def __init__(self, content: bytes, parent: QObject | None = None) -> None:
        self.data = QByteArray(content)
        self.buffer = QBuffer(self.data)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent)  # type: ignore[arg-type]  # stubs: parent may be None
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            self.close()
            raise ValidationError(_("PDF 无法打开"))

    def close(self) -> None:
        """Let go of the bytes in a safe order: the document first, then its buffer."""
        self.document.close()
        self.buffer.close()


def a4_printer(printer: QPrinter | None = None) -> QPrinter:
    """A printer (new or given) set to A4 portrait with no extra margins."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


def paint_pdfs(printer: QPrinter, pdfs: list[bytes]) -> int:
    """Print every page of every PDF on ``printer``; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise ValidationError(_("无法连接打印机"))
    pages = 0
    try:
        for content in pdfs:
            pdf = LoadedPdf(content)
            for page in range(pdf.document.pageCount()):
                if pages:
                    printer.newPage()
                target = printer.pageRect(QPrinter.Unit.DevicePixel).size().toSize()
                points = pdf.document.pagePointSize(page)
                scale = min(target.width() / points.width(), target.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                image = pdf.document.render(page, size)
                painter.drawImage(QPoint((target.width() - size.width()) // 2,
                                         (target.height() - size.height()) // 2), image)
                pages += 1
            pdf.close()
    finally:
        painter.end()
    return pages


class PrintPreview(QPrintPreviewDialog):
    """Qt's print preview of stored PDFs; printing from it prints exactly those pages.

    The dialog does not own its printer, so it keeps the Python reference
    (``sheet_printer``; ``printer()`` is Qt's accessor): a printer collected
    while the dialog is open crashes the program.
    """

    def __init__(self, pdfs: list[bytes], parent: QWidget | None = None) -> None:
        self.sheet_printer = a4_printer()
        super().__init__(self.sheet_printer, parent)
        self.pdfs = pdfs
        self.setWindowTitle(_("打印预览"))
        self.paintRequested.connect(self.paint)

    def paint(self, printer: QPrinter) -> None:
        """Render every page on the preview (or, when printing, the real) printer."""
        paint_pdfs(printer, self.pdfs)


def preview_dialog(pdfs: list[bytes], parent: QWidget | None = None) -> PrintPreview:
    """A print preview of the PDFs (the caller shows it)."""
    return PrintPreview(pdfs, parent)


class PdfViewer(QDialog):
    """A window showing one stored PDF."""

    def __init__(self, title: str, content: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 1000)
        self.pdf = LoadedPdf(content, self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.pdf.document)
        QVBoxLayout(self).addWidget(self.view)
