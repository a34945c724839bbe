"""``python -m bot.console create-user NAME [--role operator|supervisor] [--name "Shown name"]``.

Prints the new account's one-time password once; it must be changed at the first login. Uses
the same settings as the gateway (ORIENTA_TRACKER_URL or ORIENTA_DATA_DIR).
"""

from __future__ import annotations

import argparse
import sys

from bot.config import ConfigError, load_settings
from bot.console.first_user import create_user
from bot.console.tables import open_engine
from bot.console.texts import ConsoleTexts
from bot.console.users import OPERATOR, ROLES, UserError


def main(argv: list[str] | None = None) -> int:
    """Run the command; 0 on success, 2 on a configuration or input problem."""
    parser = argparse.ArgumentParser(prog="python -m bot.console", description="Manage operator console accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="add an account and print its one-time password")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, default=OPERATOR)
    create.add_argument("--name", default="", help="the name users see when this person joins (first name or role)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    engine = open_engine(settings.tracker_url)
    try:
        user, password = create_user(engine, args.username, args.role, args.name)
    except UserError as error:
        texts = ConsoleTexts.load()
        print(texts[settings.console.language].say(error.phrase), file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"Created {user.role} {user.username}. One-time password (shown only now): {password}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
