import pytest

from bot.config import ConfigError
from bot.telegram.commands import Command, available, command_name, domain_intents, load_commands


def test_the_bundled_table_has_every_command_the_issue_names():
    names = [c.name for c in load_commands()]
    assert names == [
        "start",
        "help",
        "assessment",
        "jobs",
        "plan",
        "cv",
        "applications",
        "steps",
        "interview",
        "alerts",
        "human",
        "privacy",
        "link",
        "export",
        "forget",
        "language",
    ]


def test_only_commands_whose_intent_is_in_the_domain_are_available():
    table = [Command("help", "Help", "/help"), Command("jobs", "Jobs", "/search_jobs")]
    assert [c.name for c in available(table, frozenset({"help", "greet"}))] == ["help"]


def test_the_real_domain_offers_start_and_help():
    names = [c.name for c in available(load_commands(), domain_intents())]
    assert {"start", "help", "human", "privacy", "link"} <= set(names)


def test_intent_is_read_from_a_payload_with_entities():
    assert Command("x", "X", '/inform{"a": 1}').intent == "inform"


@pytest.mark.parametrize(("typed", "name"), [("/help", "help"), ("/Help@OrientaBot now", "help"), ("/", "")])
def test_command_name_ignores_the_bot_name_and_arguments(typed, name):
    assert command_name(typed) == name


def test_a_bad_table_fails_loading_naming_each_problem(tmp_path):
    path = tmp_path / "c.yml"
    bad_name = "  - {command: Bad-Name, description: x, payload: /x}\n"
    no_description = "  - {command: ok, description: '', payload: /x}\n"
    path.write_text("commands:\n" + bad_name + no_description)
    with pytest.raises(ConfigError) as caught:
        load_commands(path)
    assert len(caught.value.problems) == 2


def test_domain_intents_reads_plain_and_mapped_entries(tmp_path):
    path = tmp_path / "domain.yml"
    path.write_text("intents:\n  - greet\n  - start:\n      use_entities: []\n")
    assert domain_intents(path) == frozenset({"greet", "start"})
