"""The C4 line rules as datatrove's ``C4QualityFilter`` applies them (line mode), for side-by-side comparison.

A faithful copy of the line-level part of datatrove 0.10 ``datatrove/pipeline/filters/c4_filters.py``
(``split_paragraph=True``): drop lines with a word over 1000 characters, lines not ending in terminal punctuation
(or ending in an ellipsis), lines with fewer than 3 words, lines mentioning "javascript", and lines with a policy
substring. The document-level drops (lorem ipsum, curly bracket, fewer than 5 sentences) are left out: they drop
whole documents, which is not what a line cleaner is compared on. Citation removal is kept.
"""

from __future__ import annotations

import re

CITATION_REGEX = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
END_PUNCTUATION = (".", "?", "!", '"', "'")
ELLIPSIS = "..."
POLICY_SUBSTRINGS = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]


def keep_line(line: str) -> bool:
    line = line.strip()
    words = line.split()
    if any(len(word) > 1000 for word in words):
        return False
    line = CITATION_REGEX.sub("", line)
    if not line.endswith(END_PUNCTUATION) or line.endswith(ELLIPSIS):
        return False
    if len(words) < 3:
        return False
    lower = line.lower()
    return "javascript" not in lower and not any(p in lower for p in POLICY_SUBSTRINGS)


def c4_clean(text: str) -> str:
    """The kept lines, joined with newlines (datatrove's output form)."""
    return "\n".join(line.strip() for line in text.splitlines() if keep_line(line)).strip()
