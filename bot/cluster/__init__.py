"""What several gateways and Rasa replicas share: settings, sticky routing, web chat sessions in Redis."""
