"""Custom NLU components, loaded by the Rasa server from config.yml's pipeline.

This is the only project code that runs inside the Rasa server process.
"""
