"""Dialogs that edit or decide something. Each has a ``classmethod ask()`` returning the values
(or None when cancelled), so that its callers are tested by monkeypatching ``ask``."""
