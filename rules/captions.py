"""Captions rules."""

RULES = ()
