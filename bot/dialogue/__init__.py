"""Talking to the Rasa server: the HTTP client and the messages it returns."""
