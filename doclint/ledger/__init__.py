"""The review ledger (台账, 朔政办发〔2019〕40号 九) and the register of documents in force.

Public entry points: ``Ledger(db)`` (doclint.ledger.store), ``decisions(db)`` for the
learned model, and ``doclint.ledger.dedup`` for the provision index.  Heavy imports
(SQLAlchemy, Alembic, datasketch) happen when a ledger is opened, not on import.
"""

from __future__ import annotations


def decisions(db: str) -> list[tuple[str, str, bool]]:
    """(clause_text, category, accepted) — see doclint.ledger.store.decisions."""
    from doclint.ledger.store import decisions as _decisions

    return _decisions(db)


def open_ledger(db: str):
    from doclint.ledger.store import Ledger

    return Ledger(db)
