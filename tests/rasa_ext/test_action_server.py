import pytest

from rasa_ext import action_server


def test_only_the_exact_bearer_token_is_authorized():
    token = "s3cret-s3cret-s3cret"
    assert action_server.authorized(f"Bearer {token}", token)
    for header in (None, "", token, f"Bearer {token}x", f"bearer {token}", f"Bearer {token[:-1]}", "Basic abc"):
        assert not action_server.authorized(header, token), header


def test_the_server_will_not_start_without_a_long_enough_secret(monkeypatch, capsys):
    for value in ("", "short"):
        monkeypatch.setenv(action_server.TOKEN_VARIABLE, value)
        assert action_server.main() == 2
        assert "ORIENTA_ACTIONS_TOKEN must be set" in capsys.readouterr().err


@pytest.mark.parametrize("path", ["/webhook", "/actions"])
async def test_the_installed_check_refuses_every_path_but_health(path):
    from sanic import Sanic

    app = Sanic(f"t{abs(hash(path))}")
    action_server.require_token(app, "s3cret-s3cret-s3cret")
    (check,) = app.request_middleware

    class Request:
        def __init__(self, path, headers):
            self.path, self.headers = path, headers

    refused = await check(Request(path, {}))
    assert refused is not None and refused.status == 401
    assert await check(Request(path, {"authorization": "Bearer s3cret-s3cret-s3cret"})) is None
    assert await check(Request("/health", {})) is None


def test_the_server_will_not_start_with_a_setting_it_cannot_use(monkeypatch, capsys):
    monkeypatch.setenv(action_server.TOKEN_VARIABLE, "s3cret-s3cret-s3cret")
    monkeypatch.setenv("ORIENTA_TIMEZONE", "Mars/Olympus")
    assert action_server.main() == 2
    assert "ORIENTA_TIMEZONE='Mars/Olympus' is not a time zone" in capsys.readouterr().err
