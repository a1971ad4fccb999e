"""Two people saving the same row: the second is told who changed it, nothing is overwritten."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.services.errors import ConflictError
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Region
from tests.services.fixtures import acting


def test_second_save_of_same_row_conflicts(db: Database) -> None:
    with UnitOfWork(db, acting("alice")) as uow:
        uow.session.add(Region(code="330225", name="象山县", level="county"))
        uow.commit()
    first, second = db.session(), db.session()
    mine = first.execute(select(Region)).scalar_one()
    theirs = second.execute(select(Region)).scalar_one()
    first.close()
    second.close()

    with UnitOfWork(db, acting("bob")) as uow:
        uow.session.add(theirs)
        theirs.name = "象山县（鲍）"
        uow.commit()

    with UnitOfWork(db, acting("carol")) as uow, pytest.raises(ConflictError) as err:
        uow.session.add(mine)
        mine.name = "象山县（卡）"
        uow.commit()
    assert "bob" in str(err.value) and "名称：象山县 → 象山县（鲍）" in str(err.value)

    with db.session() as s:
        stored = s.execute(select(Region)).scalar_one()
    assert stored.name == "象山县（鲍）"
    assert stored.version == 2
