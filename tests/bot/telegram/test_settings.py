import pytest

from bot.config import load_settings

TOKEN = "1234567:fake-token-for-tests-only-0123456789ab"


def test_without_a_token_telegram_is_off(project):
    assert load_settings({}, project).telegram is None


def test_with_a_token_ptb_urls_are_derived_from_the_api_root(project):
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/"}, project)
    telegram = settings.telegram
    assert telegram is not None
    assert (telegram.base_url, telegram.base_file_url) == (
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/file/bot",
    )
    assert telegram.webhook_url is None


def test_the_default_api_root_is_telegrams(project):
    telegram = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, project).telegram
    assert telegram is not None and telegram.base_url == "https://api.telegram.org/bot"


def test_a_malformed_token_is_named_but_never_echoed(config_problems):
    (problem,) = config_problems(TELEGRAM_BOT_TOKEN="https://t.me/secretvalue123")
    assert "TELEGRAM_BOT_TOKEN" in problem and "secretvalue123" not in problem


def test_the_token_never_appears_in_the_settings_repr(project):
    assert TOKEN not in repr(load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, project))


@pytest.mark.parametrize("root", ["https://api.telegram.org/bot", "ftp://x", "api.telegram.org"])
def test_an_api_root_with_a_path_or_no_scheme_is_refused(project, root, config_problems):
    (problem,) = config_problems(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=root)
    assert problem.startswith("TELEGRAM_API_BASE_URL")


@pytest.mark.parametrize("url", ["http://chat.example.org/tg", "https://chat.example.org", "https://x.org/healthz"])
def test_a_webhook_url_must_be_https_with_a_path_of_its_own(project, url, config_problems):
    (problem,) = config_problems(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_WEBHOOK_URL=url)
    assert problem.startswith("TELEGRAM_WEBHOOK_URL")


def test_a_webhook_url_gives_the_route_path(project):
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://chat.example.org/telegram/hook"}
    telegram = load_settings(env, project).telegram
    assert telegram is not None and telegram.webhook_path == "/telegram/hook"


@pytest.mark.parametrize("secret", ["has space", "x" * 257, "ümlaut"])
def test_a_webhook_secret_outside_telegrams_alphabet_is_refused(project, secret, config_problems):
    (problem,) = config_problems(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_WEBHOOK_SECRET=secret)
    assert problem.startswith("TELEGRAM_WEBHOOK_SECRET") and secret not in problem


def test_telegram_variables_without_a_token_are_a_mistake(config_problems):
    (problem,) = config_problems(TELEGRAM_WEBHOOK_URL="https://chat.example.org/tg")
    assert "TELEGRAM_BOT_TOKEN is not" in problem
