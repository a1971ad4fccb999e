"""The revision list that lets an up-to-date open skip Alembic must match the migration scripts."""

from __future__ import annotations

import subprocess
import sys

from app.store import schema


def test_known_revisions_equal_the_migration_scripts() -> None:
    assert schema.script_revisions() == schema.REVISIONS
    assert schema.head_revision() == schema.script_revisions()[-1]


def test_opening_an_up_to_date_base_never_imports_alembic(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'base.db'}"
    code = (
        "import sys\n"
        "from app.store.database import Database\n"
        "from app.store import schema\n"
        f"db = Database({url!r})\n"
        "schema.upgrade(db.engine)\n"
        "db.dispose()\n"
        "for name in [m for m in sys.modules if m.startswith('alembic')]:\n"
        "    del sys.modules[name]\n"
        "db = Database(" + repr(url) + ")\n"
        "schema.upgrade(db.engine)\n"
        "print(sorted(m for m in sys.modules if m.startswith('alembic')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
