"""The operator console: staff watch conversations, read the bot's reasoning, take over and hand back."""
