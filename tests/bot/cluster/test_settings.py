"""The scale-out variables: off by default, and refused when they would lose events or updates."""

from __future__ import annotations

from bot.config import load_settings
from tests.fakes.telegram import TOKEN


def test_unset_means_one_node_with_rasa_on_loopback_and_locks_in_memory(project):
    settings = load_settings({}, project)
    assert settings.rasa_urls == ("http://127.0.0.1:5005",)
    assert settings.cluster.redis_url is None
    assert settings.child_environment()["ORIENTA_LOCK_STORE_URL"] == "memory"


def test_redis_gives_rasa_its_lock_store_and_the_gateway_its_replicas(project):
    settings = load_settings(
        {"ORIENTA_REDIS_URL": "redis://redis:6379/0", "ORIENTA_RASA_URLS": "http://rasa-1:5005, http://rasa-2:5005/"},
        project,
    )
    assert settings.rasa_urls == ("http://rasa-1:5005", "http://rasa-2:5005")
    assert settings.child_environment()["ORIENTA_LOCK_STORE_URL"] == "redis://redis:6379/0"


def test_several_rasa_replicas_without_a_shared_lock_store_are_refused(config_problems):
    (problem,) = config_problems(ORIENTA_RASA_URLS="http://rasa-1:5005,http://rasa-2:5005")
    assert "ORIENTA_REDIS_URL" in problem and "lock store" in problem


def test_a_redis_url_that_is_not_one_is_refused_without_echoing_it(config_problems):
    (problem,) = config_problems(ORIENTA_REDIS_URL="http://user:s3cret@redis:6379")
    assert problem.startswith("ORIENTA_REDIS_URL must be") and "s3cret" not in problem


def test_several_gateways_polling_telegram_or_with_their_own_webhook_secrets_are_refused(project, config_problems):
    (problem,) = config_problems(ORIENTA_REDIS_URL="redis://redis:6379/0", TELEGRAM_BOT_TOKEN=TOKEN)
    assert "webhook mode" in problem
    hook = {"TELEGRAM_WEBHOOK_URL": "https://chat.example.org/telegram/webhook"}
    (problem,) = config_problems(ORIENTA_REDIS_URL="redis://redis:6379/0", TELEGRAM_BOT_TOKEN=TOKEN, **hook)
    assert "TELEGRAM_WEBHOOK_SECRET" in problem
    env = {"ORIENTA_REDIS_URL": "redis://r:6379", "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": "s" * 20}
    settings = load_settings({**env, **hook}, project)
    assert settings.telegram is not None


def test_the_action_server_may_live_elsewhere_and_its_health_is_read_there(project, config_problems):
    settings = load_settings({"ORIENTA_ACTIONS_URL": "http://actions:5055/webhook"}, project)
    assert (settings.actions_url, settings.actions_health_url) == (
        "http://actions:5055/webhook",
        "http://actions:5055/health",
    )
    (problem,) = config_problems(ORIENTA_ACTIONS_URL="http://actions:5055/")
    assert "ORIENTA_ACTIONS_URL" in problem
