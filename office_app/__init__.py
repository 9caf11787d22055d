"""Community Office (社区防控办公室): one community office's epidemic-control work."""

import sys

__version__ = "0.1.0"
APP_NAME = "CommunityOffice"
ORG_NAME = "CommunityOffice"


def _import_peewee_without_server_driver() -> None:
    """Import peewee before anything else does, with the PostgreSQL driver hidden from it.

    peewee imports psycopg when it is imported (0.10–0.16 s, as long as a bare Qt window
    takes to show), though one PC on a SQLite file never needs it. Hidden, peewee notes
    that it has no driver; ``models.engine.enable_server_driver`` hands psycopg over when a
    server's database is made. Nothing changes when psycopg was imported already.
    """
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # import psycopg -> ImportError
    try:
        import peewee  # noqa: F401
    except ImportError:  # a build environment without the dependencies
        pass
    finally:
        del sys.modules["psycopg"]


_import_peewee_without_server_driver()
