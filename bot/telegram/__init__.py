"""The Telegram channel: a python-telegram-bot Application inside the gateway."""
