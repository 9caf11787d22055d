"""The office's clock: the one door through which views, the command line and reports ask
for the time (tests replace a module's ``now`` to fix the moment)."""

from __future__ import annotations

import datetime as dt

from office_app.models.base import now as _model_now


def now() -> dt.datetime:
    """Local wall-clock time without microseconds (the office works in Beijing time)."""
    return _model_now()


def today() -> dt.date:
    return now().date()
