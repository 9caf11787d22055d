"""The database proxy and the base model every entity derives from.

Nothing in models/ imports Qt. SQL goes through peewee only, so the same code can run on
PostgreSQL later.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

# Bound to a real database at one boundary: ``models.database.open_database``.
db = pw.DatabaseProxy()


def now() -> dt.datetime:
    """Local wall-clock time without microseconds (the office works in Beijing time)."""
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(pw.Model):
    # Declared here (peewee adds it anyway) so that type checkers know every row has an id.
    id = pw.AutoField()

    class Meta:
        database = db
        legacy_table_names = False
