"""Orienta's custom actions, served by the action server (rasa-sdk).

rasa-sdk imports every module of this package and registers each concrete
``Action`` subclass it finds, so a new subpackage needs no extra wiring.
Actions know nothing of channels: they read the tracker and utter named
responses from domain.yml.
"""
