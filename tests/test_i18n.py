"""The message catalogs: complete, consistent with the code, and actually used.

Message ids are Chinese and extracted with Babel into ``i18n/messages.pot``
(``make i18n``).  These tests fail when a developer adds a user-visible
string without re-extracting, when the English catalog lacks a translation,
or when a translation loses or invents a ``{placeholder}``.  No Qt needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app import i18n
from app.domain import text

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
POT = I18N / "messages.pot"
EN_PO = I18N / "en" / "LC_MESSAGES" / "tiaojie.po"
ZH_PO = I18N / "zh_CN" / "LC_MESSAGES" / "tiaojie.po"

# The same keywords as `make i18n` (pybabel adds them to its default keywords).
KEYWORDS = {**DEFAULT_KEYWORDS, "_": None, "N_": None, "ngettext": (1, 2)}


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _messages(catalog: Catalog) -> dict[object, Message]:
    """Every real message (not the header) by its id, a tuple for plural messages."""
    return {m.id: m for m in catalog if m.id}


def _show(msgid: object) -> str:
    return " / ".join(msgid) if isinstance(msgid, tuple) else str(msgid)


def _placeholders(message: str) -> set[str]:
    """The ``{field}`` names of a str.format pattern (``{n:,}`` counts as ``n``)."""
    return {name for _lit, name, _spec, _conv in Formatter().parse(message) if name is not None}


@pytest.fixture
def restore_locale() -> Iterator[None]:
    """Tests that switch the language put Chinese (the default) back afterwards."""
    yield
    i18n.activate("zh_CN")


def test_every_message_has_an_english_translation() -> None:
    template = _messages(_read(POT))
    english = _read(EN_PO, "en")
    catalog = _messages(english)
    assert not english.fuzzy, "the header of the English catalog is marked fuzzy"
    missing = [_show(k) for k in template if k not in catalog]
    assert not missing, "not in the English catalog (run `make i18n`): " + "; ".join(missing)
    untranslated, fuzzy = [], []
    for key in template:
        message = catalog[key]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(form and form.strip() for form in forms):
            untranslated.append(_show(key))
        if message.fuzzy:
            fuzzy.append(_show(key))
    assert not untranslated and not fuzzy, (
        "i18n/en/LC_MESSAGES/tiaojie.po is incomplete (fuzzy entries are not used at run time)"
        f"\n  untranslated: {untranslated}\n  fuzzy: {fuzzy}"
    )


def test_translations_keep_the_placeholders() -> None:
    problems = []
    for key, message in _messages(_read(EN_PO, "en")).items():
        ids = key if isinstance(key, tuple) else (key,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, form in enumerate(forms):
            if not form:
                continue
            # Plural messages: form 0 follows the singular msgid, later forms the plural one.
            source = ids[min(index, len(ids) - 1)]
            try:
                expected, found = _placeholders(source), _placeholders(form)
            except ValueError as exc:
                problems.append(f"{_show(key)!r}: unbalanced braces ({exc})")
                continue
            if expected != found:
                problems.append(f"{_show(key)!r}: msgid has {sorted(expected)}, "
                                f"msgstr {form!r} has {sorted(found)}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_template_is_up_to_date_with_the_code() -> None:
    with (I18N / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    extracted = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "app"), method_map, options_map, keywords=KEYWORDS
    ):
        extracted.add(message, None, [(filename, lineno)], auto_comments=comments,
                      context=context)
    in_code = set(_messages(extracted))
    in_pot = set(_messages(_read(POT)))
    new = sorted(_show(k) for k in in_code - in_pot)
    gone = sorted(_show(k) for k in in_pot - in_code)
    assert not new and not gone, (
        "i18n/messages.pot is out of date with app/: run `make i18n` and translate the new "
        f"messages in i18n/en/LC_MESSAGES/tiaojie.po.\n  in the code but not in the .pot: {new}"
        f"\n  in the .pot but no longer in the code: {gone}"
    )


def test_catalog_headers() -> None:
    english, chinese = _read(EN_PO), _read(ZH_PO)
    assert english.locale_identifier == "en"
    assert english.num_plurals == 2 and english.plural_expr == "(n != 1)"
    assert chinese.locale_identifier == "zh_CN"
    assert chinese.num_plurals == 1 and chinese.plural_expr == "0"
    assert not english.fuzzy and not chinese.fuzzy


@pytest.mark.usefixtures("restore_locale")
def test_activate_switches_the_language() -> None:
    i18n.activate("en")
    assert text._("案件") == "Cases"
    assert i18n.current_locale() == "en"
    i18n.activate("zh_CN")
    assert text._("案件") == "案件"
    assert i18n.current_locale() == "zh_CN"


@pytest.mark.usefixtures("restore_locale")
def test_dates_follow_the_language() -> None:
    day = date(2026, 11, 23)
    i18n.activate("zh_CN")
    assert i18n.format_date(day) == "2026年11月23日"
    i18n.activate("en")
    english = i18n.format_date(day)
    assert "2026" in english and "Nov" in english


def test_no_message_is_written_inside_an_f_string() -> None:
    """Babel cannot see ``_("…")`` inside an f-string's braces: such a message is never
    extracted, so it stays Chinese in every language (the import preview's 第{row}行 did)."""
    hidden = re.compile(r"""\{\s*(?:_|N_|ngettext)\(\s*['"]""")
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in sorted((ROOT / "app").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if hidden.search(line)]
    assert found == []
