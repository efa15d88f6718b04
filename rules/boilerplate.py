"""Boilerplate rules."""

RULES = ()
