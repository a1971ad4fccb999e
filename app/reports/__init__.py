"""Statistics and reports: queries over the case base turned into tables, charts and files.

Sits above the services (it reads through their sessions and their scope
rules) and beside the documents.  The public API, which the reports page and
``tiaojie report`` both use:

- :class:`~app.reports.model.ReportKind` — ``mediation`` (人民调解案件统计表),
  ``by-organisation`` (the same table, one row per organisation, grouped by
  level), ``multi-source`` (多元调解), ``mediators``, ``meetings`` (村民说事).
- :class:`~app.reports.model.Period` — ``start``/``end`` dates (inclusive);
  ``Period.month(y, m)``, ``Period.quarter(y, q)``, ``Period.year(y)``,
  ``.previous()`` (环比), ``.same_last_year()`` (同比), ``.label``.
- :class:`~app.reports.model.Scope` — ``Scope.everything()`` (all the actor
  may see), ``Scope.region(code)`` (county / town / village subtree),
  ``Scope.organisation(code)``; its printed name is ``ReportTable.scope_label``.
- ``compute_report(db, actor, kind, period, scope) -> ReportTable``
  (:mod:`app.reports.compute`).  A :class:`~app.reports.model.ReportTable`
  has ``title``, ``unit``, ``scope_label``, ``period_label``, ``groups``
  (two-row headers: ``ColumnGroup(label, columns)``; a column is
  ``Column(key, label, kind, entity)`` with kind ``count`` / ``people`` /
  ``money`` / ``rate`` / ``days`` / ``score``; a ``count`` column counts
  ``entity`` records: ``case``, ``meeting`` or ``matter``), ``rows``
  (``Row(key, label, level, cells)``; level 0 = 合计, 1 = subtotal,
  2 = detail; ``cells`` maps column key → ``int`` / ``Decimal`` / ``None``),
  ``footnotes`` (the definitions), ``empty``
  (零上报), ``comparisons`` (环比 and 同比 of the total row), ``parts``
  (tables printed beneath: the 多元调解 referral channels, row keys
  ``channel:…``) and ``drillable(row_key, column_key)``.
- ``drill_down(db, actor, kind, period, scope, row_key, column_key) -> DrillDown``
  (``title``, ``entity``, ``ids``; ``case_ids`` when the entity is cases).
  A cell's number and its drill-down come from one definition: each column
  is a SQL condition on a case's facts for the period, each row another,
  and the cell is ``COUNT`` over both (:mod:`app.reports.definitions`,
  :mod:`app.reports.facts`, :mod:`app.reports.columns`).
- ``scopes_for(db, actor) -> list[ScopeChoice]`` — the regions and
  organisations the actor may pick.

Cells print through :func:`app.reports.formatting.display`.  Files:
``app.reports.files.write_report(table, fmt, path, charts)`` (atomic; fmt
``pdf`` / ``xlsx`` / ``csv`` / ``json``) over :mod:`app.reports.render_pdf`,
:mod:`app.reports.render_xlsx` and :mod:`app.reports.render_csv`
(``table_json`` / ``json_text`` for scripts).
"""

from app.reports.model import (
    Column,
    ColumnGroup,
    Comparison,
    DrillDown,
    Period,
    ReportKind,
    ReportTable,
    Row,
    Scope,
    ScopeChoice,
)

__all__ = ["Column", "ColumnGroup", "Comparison", "DrillDown", "Period", "ReportKind",
           "ReportTable", "Row", "Scope", "ScopeChoice"]
