"""Channel-neutral handling of a conversation: input checks and relaying to Rasa."""
