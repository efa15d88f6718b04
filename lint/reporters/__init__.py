"""Reporters turn results into text for people (text, github, html) and machines (json, jsonl, sarif)."""
