"""Orienta's gateway: the one public process, owner of every channel.

It speaks each channel's protocol (web chat over socket.io now; Telegram and
the operator console later), forwards user messages to Rasa over HTTP, and
delivers Rasa's replies back. ``python -m bot`` starts it; ``python -m
bot.launcher`` (``make run``) starts it together with Rasa and the actions.
"""
