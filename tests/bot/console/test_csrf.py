"""The CSRF token comparison."""

from bot.console.csrf import token_matches


def test_only_the_sessions_own_token_matches():
    assert token_matches("abc123", "abc123")
    assert not token_matches("abc123", "abc124")
    assert not token_matches("abc123", "")
    assert not token_matches("abc123", None)
