"""Find an event's class by its type name from a table, not by walking every subclass each time.

Why: Rasa 3.6 turns every stored or received event into an object with
``Event.from_parameters``, which calls ``Event.resolve_by_type``, which walks all of ``Event``'s
subclasses recursively (checking each for abstract methods) to find the one class with that type
name: for every single event. Turning the 200 events of a long conversation's window into objects
took 15 ms per message, half of the tracker store's ``retrieve``, and the same walk runs for every
event an action server returns and every tracker the HTTP API reads (profiled in-process,
``make bench``).

The table is built by the same walk in the same order, keeping the first class per type name (as
the walk returns the first), and built again when a name is missing (a subclass imported later),
before answering as Rasa would (``topic``, the default, or the same ``ValueError``).
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_ORIGINAL = Event.resolve_by_type
_TABLE: dict[str, type[Event]] = {}


def _build() -> None:
    """Fill the table from the subclasses imported now, first class per name as Rasa's walk finds."""
    table: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    _TABLE.clear()
    _TABLE.update(table)


def resolve_by_type(type_name: str, default: Any = None) -> type[Event] | None:
    """What ``Event.resolve_by_type`` returns, from the table."""
    found = _TABLE.get(type_name)
    if found is None:
        _build()
        found = _TABLE.get(type_name)
    if found is not None:
        return found
    return _ORIGINAL(type_name, default)  # the same answer for unknown names: None, default or raise


def install() -> None:
    """Make ``Event.resolve_by_type`` (and so ``Event.from_parameters``) use the table, in this process."""
    Event.resolve_by_type = staticmethod(resolve_by_type)
