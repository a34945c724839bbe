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


def test_every_command_has_a_swedish_description():
    commands = load_commands()
    assert all(c.translations.get("sv") for c in commands)
    assert next(c for c in commands if c.name == "help").described_in("sv") == "Vad Orienta kan göra"


def test_a_command_missing_a_language_the_others_have_fails_loading(tmp_path):
    path = tmp_path / "commands.yml"
    path.write_text(
        "commands:\n"
        "  - {command: help, payload: /help, description: {en: Help, sv: Hjälp}}\n"
        "  - {command: jobs, payload: /search_jobs, description: {en: Jobs}}\n"
    )
    with pytest.raises(ConfigError, match="/jobs: no description in sv"):
        load_commands(path)


def test_a_plain_description_is_the_default_languages(tmp_path):
    path = tmp_path / "commands.yml"
    path.write_text("commands:\n  - {command: help, payload: /help, description: Help}\n")
    (command,) = load_commands(path)
    assert command.description == "Help" and command.described_in("sv") == "Help"
