"""Web chat: Rasa's socket.io channel protocol, served by the gateway itself."""
