"""Bringing a worker thread's answers to the GUI thread, safely when the window that waits
for them is deleted meanwhile (a dialog closed, the main window gone).

Emitting a signal of the receiving window itself from a thread races with its deletion: a
``RuntimeError`` ("already deleted") covers only a window deleted before the emit, not one
deleted during it. :func:`to_gui` gives the thread a function to call instead: it emits on a
parentless carrier object of its own, which the thread's closure keeps alive, queued to the
GUI thread; there the call goes to the receiver's method only if the receiver still exists
(the GUI thread deletes it, so the check and the call cannot be overtaken). The carrier holds
the receiver weakly: a thread never drops the last reference to a window (it would be
deleted on that thread).

The carrier is connected to a small relay object, a child of the receiver, on the GUI
thread: Qt drops a queued call to an object deleted before it is delivered, and the relay
checks the receiver again before it calls it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot


class _Carrier(QObject):
    """What the thread emits on: parentless, kept alive by the thread's closure."""

    carried = Signal(tuple)


class _Relay(QObject):
    """The receiving end, a child of the receiver (deleted with it, and Qt drops the queued
    calls to a deleted object): it calls the receiver's method, held weakly."""

    def __init__(self, receiver: QObject, slot: Callable[..., Any], name: str) -> None:
        super().__init__(receiver)
        self.setObjectName(name)
        self.method = weakref.WeakMethod(slot)  # type: ignore[arg-type,unused-ignore]

    @Slot(tuple)
    def deliver(self, args: tuple[Any, ...]) -> None:  # on the GUI thread
        bound = self.method()
        if bound is not None and shiboken6.isValid(getattr(bound, "__self__", None)):
            bound(*args)


def to_gui(slot: Callable[..., Any]) -> Callable[..., None]:
    """A function a worker thread calls with ``slot``'s arguments: ``slot`` (a method of a
    QObject of the GUI thread) is then called with them on the GUI thread, once control
    returns to its event loop, or not at all when its object was deleted meanwhile, before
    or during the call. Call this on the GUI thread, before the thread starts."""
    receiver = getattr(slot, "__self__", None)
    if not isinstance(receiver, QObject):
        raise TypeError("to_gui: the slot must be a method of a QObject")
    name = f"to_gui:{slot.__name__}"
    relay = receiver.findChild(_Relay, name, Qt.FindChildOption.FindDirectChildrenOnly)
    if relay is None:
        relay = _Relay(receiver, slot, name)
    carrier = _Carrier()
    carrier.carried.connect(relay.deliver, Qt.ConnectionType.QueuedConnection)

    def call(*args: Any) -> None:  # on the worker thread
        carrier.carried.emit(args)

    return call
