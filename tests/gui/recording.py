"""Stand-ins GUI tests put in place of functions that would show a modal window."""

from __future__ import annotations

from typing import Any

import pytest

from office_app.views.dialogs import messages


class Calls(list[Any]):
    """Records the calls of a monkeypatched function and returns a fixed answer."""

    def __init__(self, answer: Any = None) -> None:
        super().__init__()
        self.answer = answer

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.append((args, kwargs))
        return self.answer


def record_message_boxes(monkeypatch: pytest.MonkeyPatch, **answers: Any) -> dict[str, Calls]:
    """Every message box recorded instead of shown (a modal box would block the test):
    warn, inform, and confirm answering yes, plus any others named with their answers."""
    recorded = {"warn": Calls(), "inform": Calls(), "confirm": Calls(True)}
    recorded.update({name: Calls(answer) for name, answer in answers.items()})
    for name, calls in recorded.items():
        monkeypatch.setattr(messages, name, calls)
    return recorded
