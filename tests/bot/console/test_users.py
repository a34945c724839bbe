"""Console accounts: scrypt hashes, the rules on names and passwords, authentication."""

import pytest

from bot.console.tables import open_engine
from bot.console.users import OPERATOR, SUPERVISOR, UserError, UserStore, hash_password, password_matches


@pytest.fixture
def users(tmp_path) -> UserStore:
    return UserStore(open_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"))


def test_a_hash_matches_its_password_and_no_other():
    stored = hash_password("a long enough secret")
    assert stored.startswith("scrypt$16384$8$1$")
    assert password_matches("a long enough secret", stored)
    assert not password_matches("a long enough secreT", stored)


def test_the_same_password_gets_a_different_salt_each_time():
    assert hash_password("a long enough secret") != hash_password("a long enough secret")


def test_a_malformed_stored_hash_never_matches():
    assert not password_matches("x", "plain-text-password")
    assert not password_matches("x", "scrypt$a$b$c$d$e")


def test_authentication_accepts_the_right_password_and_refuses_wrong_ones_and_unknown_users(users):
    users.create("Eva", OPERATOR, "a long enough secret", display_name="Eva")
    assert users.authenticate("eva", "a long enough secret").role == OPERATOR
    assert users.authenticate("eva", "wrong password here") is None
    assert users.authenticate("nobody", "a long enough secret") is None


def test_the_table_holds_no_password_in_clear(users, tmp_path):
    users.create("eva", OPERATOR, "a long enough secret")
    assert b"a long enough secret" not in (tmp_path / "db.sqlite").read_bytes()


@pytest.mark.parametrize(
    ("username", "role", "password"),
    [
        ("eva", OPERATOR, "short"),
        ("e", OPERATOR, "a long enough secret"),
        ("eva", "admin", "a long enough secret"),
        ("<script>", SUPERVISOR, "a long enough secret"),
    ],
)
def test_unusable_names_roles_and_short_passwords_are_refused(users, username, role, password):
    with pytest.raises(UserError):
        users.create(username, role, password)


def test_a_username_can_be_taken_only_once(users):
    users.create("eva", OPERATOR, "a long enough secret")
    with pytest.raises(UserError, match="username_taken"):
        users.create("EVA", SUPERVISOR, "another long secret")


def test_a_one_time_password_must_be_changed_and_setting_one_clears_that(users):
    assert users.create("eva", OPERATOR, "a long enough secret").must_change_password
    users.set_password("eva", "my own new password")
    user = users.authenticate("eva", "my own new password")
    assert user is not None and not user.must_change_password
    assert users.authenticate("eva", "a long enough secret") is None
