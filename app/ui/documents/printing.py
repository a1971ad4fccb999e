"""Printing the stored PDFs with Qt: preview, print, and a viewer window.

What gets printed is the stored PDF itself (rendered page by page with
QtPdf), not a re-layout, so the paper matches the SHA-256 on record.
Pages are rendered at the printer's resolution and centred on the sheet.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPoint, QSize
from PySide6.QtGui import QAction, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.domain.errors import ValidationError
from app.domain.text import _

PREVIEW_SCREEN_SHARE = 0.9
PREVIEW_CHROME = 120
"""Pixels the preview window needs beside the page: its frame, margins and scroll bar."""


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
        readable_preview(self)

    def paint(self, printer: QPrinter) -> None:
        """Render every page on the preview (or, when printing, the real) printer."""
        paint_pdfs(printer, self.pdfs)


def readable_preview(dialog: QPrintPreviewDialog) -> None:
    """Open a print preview at a size and zoom a page can be read at.

    Qt's default fits the whole sheet into a small window, so the text is too
    small to check before printing: the preview takes most of the screen's
    height, is as wide as the sheet's shape asks (wider for landscape), and
    fits the page to the window's width.
    """
    screen = dialog.screen().availableGeometry()
    height = int(screen.height() * PREVIEW_SCREEN_SHARE)
    sheet = dialog.printer().pageLayout().fullRect()
    shape = sheet.width() / sheet.height() if sheet.height() else 1.0
    width = int(height * shape) + PREVIEW_CHROME
    dialog.resize(min(int(screen.width() * PREVIEW_SCREEN_SHARE), width), height)
    fit_width = dialog.findChild(QAction, "fitWidthAction")
    if fit_width is not None:  # the toolbar button, so it shows as chosen
        fit_width.trigger()
    else:
        for preview in dialog.findChildren(QPrintPreviewWidget):
            preview.fitToWidth()


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
