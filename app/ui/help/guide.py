"""使用说明: the Chinese user guide, read offline in a window of its own.

The guide is a handful of HTML files under ``resources/guide/<locale>/``, one
per work area plus first steps, shipped with the program (PyInstaller bundles
``resources/``), so it opens with no network and matches the installed
version.  QTextBrowser shows them and follows the links between them.  A
language without its own guide gets the Chinese one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QTextBrowser, QWidget

from app import i18n
from app.domain.text import N_, _
from app.paths import resources_dir

SECTIONS = (("first-steps", N_("第一步")), ("cases", N_("案件")), ("dashboard", N_("工作台")),
            ("parties", N_("当事人")), ("organisations", N_("调解组织")),
            ("meetings", N_("村民说事")), ("reports", N_("统计报表")),
            ("settings", N_("系统设置")))
"""Every section of the guide: its file name (without .html) and its title."""
FALLBACK_LOCALE = "zh_CN"
KEY = Qt.ItemDataRole.UserRole
CONTENTS_MIN_WIDTH = 160
CONTENTS_PADDING = 12


def guide_folder(locale: str | None = None) -> Path:
    """The folder of the guide in ``locale`` (the current language), or the Chinese one."""
    wanted = resources_dir() / "guide" / (locale or i18n.current_locale())
    return wanted if wanted.is_dir() else resources_dir() / "guide" / FALLBACK_LOCALE


class GuideWindow(QDialog):
    """The sections on the left, the section's text on the right; Esc closes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("调解台 — 使用说明"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(980, 720)
        self.folder = guide_folder()
        self.contents = QListWidget()
        self.contents.setStyleSheet("QListWidget { font-size: 15px; }"
                                    " QListWidget::item { padding: 6px 8px; }")
        for key, title in SECTIONS:
            self.contents.addItem(_(title))
            item = self.contents.item(self.contents.count() - 1)
            item.setData(KEY, key)
        # As wide as the longest title (English ones are long), never cut.
        self.contents.setFixedWidth(max(CONTENTS_MIN_WIDTH, self.contents.sizeHintForColumn(0)
                                        + 2 * self.contents.frameWidth() + CONTENTS_PADDING))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(self.folder)])
        self.browser.document().setDefaultStyleSheet(
            "body { font-size: 15px; } h1 { font-size: 22px; } h2 { font-size: 17px; }"
            " li { margin-bottom: 4px; }")
        self.browser.sourceChanged.connect(self._follow)
        row = QHBoxLayout(self)
        row.addWidget(self.contents)
        row.addWidget(self.browser, 1)
        self.contents.currentRowChanged.connect(self._picked)

    def show_section(self, key: str) -> None:
        """Show section ``key`` (one of SECTIONS) and bring the window to the front."""
        keys = [k for k, _title in SECTIONS]
        self.contents.setCurrentRow(keys.index(key) if key in keys else 0)
        self.show()
        self.activateWindow()

    def section(self) -> str:
        """The key of the section shown."""
        return Path(self.browser.source().path()).stem

    def _picked(self, row: int) -> None:
        if row < 0:
            return
        key = SECTIONS[row][0]
        if self.section() != key:
            self.browser.setSource(QUrl.fromLocalFile(str(self.folder / f"{key}.html")))

    def _follow(self, url: QUrl) -> None:
        """A link to another section moves the selection in the contents too."""
        keys = [k for k, _title in SECTIONS]
        stem = Path(url.path()).stem
        if stem in keys and self.contents.currentRow() != keys.index(stem):
            self.contents.setCurrentRow(keys.index(stem))
