"""Event classes found by type name from a table give what Rasa's own walk gives."""

import pytest
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from rasa_ext import event_types


@pytest.fixture
def installed():
    original = Event.__dict__["resolve_by_type"]
    event_types.install()
    yield
    Event.resolve_by_type = original


def test_every_event_type_resolves_to_the_class_rasas_walk_finds(installed):
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in names:
        assert Event.resolve_by_type(name) is event_types._ORIGINAL(name)


def test_unknown_names_are_answered_as_rasa_answers_them(installed):
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no such event", UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'no such event'"):
        Event.resolve_by_type("no such event")


def test_an_event_class_defined_after_the_table_was_built_is_found(installed):
    Event.resolve_by_type("user")

    class LateEvent(Event):
        type_name = "orienta_late_event"

        def __eq__(self, other):
            return isinstance(other, LateEvent)

        def as_story_string(self):
            return None

    assert Event.resolve_by_type("orienta_late_event") is LateEvent
    assert isinstance(Event.from_parameters({"event": "orienta_late_event"}), LateEvent)
