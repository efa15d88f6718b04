"""One analysis per document, shared by every caption rule (``Document.memo``).

1. One multi-pattern scan of the whole text finds the lines that hold an agency name, a credit introducer, a caption
   label, a media remnant, a gallery counter or ``©``. Nothing else is looked at: a clean article costs one scan.
2. Each candidate line is read with the credit grammar (:mod:`captions_credit`): a remnant or counter line, a
   caption label, a line that is all credit, a line that ends in a credit.
3. Evidence then spreads to neighbours: a caption repeated beside its credit, a short caption line directly above
   a credit line, toggles (``less``, ``... more``) and bare counters (``1 / 5``) beside other caption evidence.

Every line gets at most one verdict, so a line is reported by one rule only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import regex
from scrapelint.document import Document, Line

from . import captions_credit as cc
from .captions_vocab import SHAPE_MARKS, Matches, Vocabulary, more_words, vocabulary

# Rule codes (the classes in captions.py carry the same codes).
REPEATED, CREDIT_LINE, CREDIT_SUFFIX, CAPTION_WITH_CREDIT = "C001", "C002", "C003", "C004"
LABEL, REMNANT, LONE_CAPTION = "C005", "C006", "C007"
MAX_CAPTION_WORDS = 60  # AP captions run to about 50 words
MAX_LONE_CAPTION_WORDS = 40
_NON_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")
_ASCII_NON_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
_BYLINE_WORDS = frozenset(["by", "posted", "published", "updated", "written", "von", "par", "por", "di", "автор"])
_CLOCK = regex.compile(r"\b\d{1,2}:\d\d\b")
_ADDRESS = regex.compile(r"\w@\w|https?://|www\.", regex.IGNORECASE)
_FRAMED_MESSAGES = {
    None: "caption line above its photo credit",
    "media": "caption between an image control and its credit",
    "credit": "caption in a gallery, between the previous picture's credit and its own",
}
T = TypeVar("T")
_SENTENCE_STOP = regex.compile(r"[.!?…](?:[\"”»’)]*)(?=\s+[\"“«]?\p{Lu}|\s*$)")


@dataclass(slots=True)
class Verdict:
    code: str
    line: int  # 1-based
    start: int  # finding span, document offsets
    end: int
    message: str
    safe: bool
    cut: tuple[int, int] | None = None  # a span inside the line to delete; None: delete the whole line
    deletion: tuple[int, int] = (0, 0)  # what the fix deletes: the cut, or the line with its layout


@dataclass(slots=True)
class _Line:
    """A candidate line and what the grammar found in it."""

    index: int  # 0-based
    hits: list[cc.Hit]
    whole: cc.Credit | None = None
    suffix: cc.Credit | None = None
    label: tuple[int, int] | None = None  # (start, end) of a caption label at the line start
    inline_label: tuple[int, int] | None = None  # a label after a sentence, to the end of its sentence
    remnant: str | None = None  # "remnant", "counter" ("Image 3 of 12") or "bare-counter" ("3 / 12")


class Analyser:
    """The shared analysis for one set of packs; rules of the family hold one each and ask it per document."""

    def __init__(self, extra_packs: tuple[Path, ...] = ()) -> None:
        self.extra_packs = extra_packs
        self.key = f"captions:{extra_packs}"  # rules with the same packs share the result through Document.memo

    def __call__(self, doc: Document) -> list[Verdict]:
        return doc.memo(self.key, self._run)

    def _run(self, doc: Document) -> list[Verdict]:
        vocab = vocabulary(self.extra_packs)
        assert vocab.scanner is not None
        matches = vocab.scanner.match(doc.text, doc.utf8)
        if not matches.raw:  # most documents: the analysis is not even set up
            return []
        return _Analysis(doc, vocab).run(matches)


def analyse(doc: Document, extra_packs: tuple[Path, ...] = ()) -> list[Verdict]:
    return Analyser(extra_packs)(doc)


class _Analysis:
    def __init__(self, doc: Document, vocab: Vocabulary) -> None:
        self.doc = doc
        self.vocab = vocab
        self.languages = frozenset({doc.language}) if doc.language else None
        self.verdicts: dict[int, Verdict] = {}  # line index -> verdict
        self.last_prose_end: int | None = None  # offset where the last line of prose ends, found on first use

    # -- driver -------------------------------------------------------------------------------------------------
    def run(self, matches: Matches | None = None) -> list[Verdict]:
        """The verdicts; ``matches``: the document's scan, when the caller has it already."""
        scanner = self.vocab.scanner
        assert scanner is not None
        if matches is None:
            matches = scanner.match(self.doc.text, self.doc.utf8)
        if not matches.raw:
            return []
        by_line = self._by_line(scanner.hits(self.doc.text, matches))
        if not by_line:
            return []
        candidates = [self._read(index, line_hits) for index, line_hits in by_line.items()]
        candidates = [c for c in candidates if c is not None]
        if not candidates:
            return []
        for cand in candidates:
            self._direct(cand)
        self._repeated_captions(candidates)
        for cand in candidates:
            self._suffix(cand)
        self._lone_captions(candidates)
        self._neighbours()
        verdicts = [self.verdicts[i] for i in sorted(self.verdicts)]
        self._deletions(verdicts)
        return verdicts

    def _deletions(self, verdicts: list[Verdict]) -> None:
        """What each fix deletes: the cut, or the whole line with the layout ``Document.line_block_span`` keeps.

        Adjacent lines that all go safely (a gallery's counter, caption and credit) share one block: their
        deletions cut it into touching pieces, applied together in one pass. Each of those lines may owe its
        verdict to the others (a caption to the credit below it, a credit to the label above it): deleted one by
        one, with a re-check between, the last ones would lose that evidence and stay."""
        whole = [v for v in verdicts if v.cut is None]
        for verdict in verdicts:
            if verdict.cut is not None:
                verdict.deletion = verdict.cut
        runs: list[list[Verdict]] = []  # safe verdicts on consecutive lines; any other verdict alone
        for verdict in whole:
            if verdict.safe and runs and runs[-1][-1].safe and verdict.line == runs[-1][-1].line + 1:
                runs[-1].append(verdict)
            else:
                runs.append([verdict])
        deleted_lines = {v.line for v in whole}
        for run in runs:
            if len(run) > 1:
                self._tile(run)
            else:
                self._delete_alone(run[0], deleted_lines)

    def _tile(self, run: list[Verdict]) -> None:
        """Cut the block of ``run``'s lines (consecutive) into one piece per line."""
        first, last = run[0].line, run[-1].line
        start, end = self.doc.line_block_span(first, last)
        for verdict in run:
            n = verdict.line
            verdict.deletion = (
                start if n == first else self.lines[n - 1].start,
                end if n == last else self.lines[n].start,
            )

    def _delete_alone(self, verdict: Verdict, deleted_lines: set[int]) -> None:
        lines = self.lines
        n = verdict.line
        start, end = self.doc.line_block_span(n, n)
        # When the line above is deleted too (an unsafe verdict, which a safe fix leaves), express this deletion as
        # "the line break above plus this line's text": the same result on its own, but it overlaps the other
        # deletion, so the fixer applies one per pass and re-checks; two separate deletions in one pass could leave
        # a doubled blank line.
        above_deleted = n >= 2 and n - 1 in deleted_lines and not self.blank[n - 2]
        if above_deleted and n < lines.size() and (start, end) == (lines[n - 1].start, lines[n].start):
            verdict.deletion = (lines[n - 2].end, lines[n - 1].end)
        else:
            verdict.deletion = (start, end)

    def _by_line(self, hits: Iterable[tuple[int, int, int]]) -> dict[int, list[cc.Hit]]:
        """The scan's hits by line index, their offsets made relative to the line. Sets up the line tables at the
        first hit (most documents have none)."""
        entries = self.vocab.entries
        usable = None if self.languages is None else ("*", *self.languages)
        grouped: dict[int, list[cc.Hit]] = {}
        line = None
        for entry_index, start, end in hits:  # sorted by start, as _Lines.holding needs
            entry = entries[entry_index] if entry_index >= 0 else SHAPE_MARKS[entry_index]
            if entry is not None and usable is not None and entry.language not in usable:
                continue
            if line is None:
                self._set_up_lines()
            if line is None or start > line.end:  # not on the previous hit's line
                line = self.lines.holding(start)
            grouped.setdefault(line.number - 1, []).append((entry, start - line.start, end - line.start))
        return grouped

    def _set_up_lines(self) -> None:
        # Neighbouring candidates look at the same lines around them (a gallery is a run of captions and credits):
        # what a line's text says is computed once per line, on first use.
        self.lines = lines = _Lines(self.doc)
        self.blank = _PerLine(lines, _is_blank)
        self.toggle = _PerLine(lines, partial(_is_toggle, self.vocab, self.languages))
        # A gallery glues its toggle to the caption ("… in Los Angeles. less", "… concept vehicle at ... more"): the
        # copies are compared without it. Not needed for the signature: the first 20 characters of a key stay.
        without_toggle = partial(self.vocab.without_toggle, languages=self.languages)
        self.key = _PerLine(lines, lambda text: _key(without_toggle(text)))
        self.signature = _PerLine(lines, _signature)
        self.paragraph = _PerLine(lines, partial(more_words, most=MAX_CAPTION_WORDS + 20))  # too long for a caption

    # -- reading one candidate line -------------------------------------------------------------------------------
    def _read(self, index: int, hits: list[cc.Hit]) -> _Line | None:
        line = self.lines[index]
        text = line.text
        far_from_end = len(text.rstrip()) - cc.MAX_CREDIT_CHARS - 30
        if len(text) > 400 and all(h[2] < far_from_end and (h[0] is None or h[0].kind != "label") for h in hits):
            return None  # a long paragraph that merely names an agency
        cand = _Line(index, hits)
        stripped = text.strip()
        if len(stripped) <= 80:
            if self.vocab.remnant(stripped, self.languages):
                cand.remnant = "remnant"
                return cand
            counter = self.vocab.counter(stripped, self.languages)
            if counter is not None:
                cand.remnant = "bare-counter" if counter.text.startswith("#") else "counter"
                return cand
        cand.label = self._label_at_start(text, hits)
        if cand.label is None:
            cand.whole = cc.whole_credit(text, hits, self.vocab, self.languages)
            whole = cand.whole
            if whole is not None and whole.strength == cc.STRONG and not whole.trailing and self._after_prose(index):
                cand.whole = replace(whole, strength=cc.WEAK)
            if cand.whole is None or cand.whole.strength == cc.WEAK:
                cand.suffix = cc.suffix_credit(text, hits, self.vocab, self.languages)
                if cand.suffix is not None:
                    cand.whole = None
            if cand.whole is None and cand.suffix is None:
                cand.inline_label = self._inline_label(text, hits)
        return cand

    def _after_prose(self, index: int) -> bool:
        """Does the line come after the article's last paragraph of prose? A bracketed credit, a photographer and
        their outlet, a handout there credit the picture an article closes with ("(Image credit: All About Space)"
        under the last paragraph), which hand-made article text keeps with the article: they count only as weak
        credits there (with a caption above)."""
        if self.last_prose_end is None:  # where it starts; read backwards from the end with C-level searches
            text, end = self.doc.text, len(self.doc.text)
            while end > 0:
                start = text.rfind("\n", 0, end) + 1
                if end - start > 40 and _prose(text[start:end]):  # a page's footer: mostly short lines
                    break
                end = start - 1
            self.last_prose_end = max(end, 0)
        return self.lines[index].start >= self.last_prose_end

    def _label_at_start(self, text: str, hits: list[cc.Hit]) -> tuple[int, int] | None:
        lead = None
        for entry, start, end in hits:
            if entry is None or entry.kind != "label":
                continue
            if lead is None:
                lead = len(text) - len(text.lstrip())
            if start != lead:
                continue
            after = text[end:]
            # "Image caption Scooter ..." / "Media captionJulian ..." (glued) / "Pictured: ..." / "Image caption"
            opens = not after.strip() or after[0] in " \t\u00a0,:" or after[0].isupper() or entry.text.endswith(":")
            if opens and len(text.split()) <= MAX_CAPTION_WORDS + 20:
                return (start, end)
        return None

    def _inline_label(self, text: str, hits: list[cc.Hit]) -> tuple[int, int] | None:
        """ "… 2018 года. На фото: показательные выступления … университета. Пресс-служба …" """
        for entry, start, end in hits:
            if entry is None or entry.kind != "label" or not entry.text.endswith(":") or start == 0:
                continue
            if not text[:start].rstrip().endswith((".", "!", "?", "…", "»", "”")) or not text[start].isupper():
                continue
            stop = _SENTENCE_STOP.search(text, end)
            stop_at = stop.end() if stop else len(text.rstrip())
            if len(text[end:stop_at].split()) <= MAX_CAPTION_WORDS:
                return (start, stop_at)  # the cut also takes the space before the label
        return None

    # -- verdicts read off single lines ---------------------------------------------------------------------------
    def _direct(self, cand: _Line) -> None:
        line = self.lines[cand.index]
        if cand.remnant in ("remnant", "counter"):
            self._whole(REMNANT, cand.index, "media remnant (player or gallery furniture)", True)
        elif cand.label is not None:
            label = line.text[cand.label[0] : cand.label[1]]
            self._whole(LABEL, cand.index, f"caption label {label.strip()!r} and its caption", True)
            if not line.text[cand.label[1] :].strip(" \t\u00a0,:"):
                self._label_continuation(cand.index)
        elif cand.whole is not None and cand.whole.shape == "intro-caption":
            self._whole(LABEL, cand.index, "caption introduced by a credit label", True)
        elif cand.whole is not None and cand.whole.strength == cc.STRONG:
            if cand.whole.dangling and self._credit_continuation(cand.index):
                # "Фото:" / "личный архив Оли Малышевой": where the credit ends is a guess about line breaks
                self._whole(CREDIT_LINE, cand.index, "photo credit introducer, its credit on the next line", False)
            else:
                self._whole(CREDIT_LINE, cand.index, "photo credit line", True)
        elif cand.inline_label is not None:
            start, end = cand.inline_label
            cut_from = len(line.text[:start].rstrip(" \t\u00a0"))  # the space before the label goes too
            self._cut(LABEL, cand.index, (cut_from, end), (start, end), "inline caption after a caption label", False)

    def _label_continuation(self, index: int) -> None:
        """ "Image caption" alone: the caption is the next line ("Image copyright" alone: its credit)."""
        nxt = self._next_nonblank(index, 2)
        if nxt is None or nxt in self.verdicts:
            return
        text = self.lines[nxt].text
        if 0 < len(text.split()) <= MAX_CAPTION_WORDS:
            self._whole(LABEL, nxt, "caption text after its caption label", True)

    def _credit_continuation(self, index: int) -> bool:
        """ "Фото:" / "Фото предоставлено" alone: the credit goes on on the next line (reported, unsafe)."""
        nxt = self._next_nonblank(index, 2)
        if nxt is None or nxt in self.verdicts:
            return False
        text = self.lines[nxt].text.strip()
        if 0 < len(text.split()) <= 6 and len(text) <= 80 and not cc.ends_like_sentence(text.rstrip('»”"')):
            self._whole(CREDIT_LINE, nxt, "photo credit (continued from the line above)", False)
            return True
        return False

    # -- repeated captions --------------------------------------------------------------------------------------
    def _repeated_captions(self, candidates: list[_Line]) -> None:
        for cand in candidates:
            verdict = self.verdicts.get(cand.index)
            if cand.suffix is not None and verdict is None:
                self._group_around(cand.index, self.lines[cand.index].text[: cand.suffix.start])
            elif verdict is not None and verdict.code == CREDIT_LINE:
                self._group_around(cand.index, None)

    def _group_around(self, anchor: int, body: str | None) -> None:
        """The seed's "In a store in Huawei, Sanya, China, December 8th." above the same caption with its credit,
        or a Hearst caption, its truncated copy and a "Photo: …" line: every copy goes.

        Only copies above the credit count (a caption comes before its credit; the copy after a credit line is
        often the article's lead, from which the caption was taken), and only when nothing but copies, blank
        lines, toggles and other caption furniture stands between them and the credit."""
        if not self._copy_may_stand_above(anchor):
            self._caption_above_lead(anchor)
            return
        region = self._caption_region(anchor)
        # Copies share their key's first characters (_signature): only lines whose signature meets another's (or
        # the body's) are keyed whole.
        body_signature = _signature(body) if body else None
        signatures = [self.signature[i] for i in region]
        shared = Counter(signatures)
        if body_signature is not None:
            shared[body_signature] += 1
        keyed = {i: self.key[i] for i, sig in zip(region, signatures, strict=True) if shared[sig] > 1}
        body_key = _key(body) if body and shared[body_signature] > 1 else ""
        members: set[int] = set()
        for i, k in keyed.items():
            if len(body_key) >= 20 and _same_caption(k, body_key):
                members.update((i, anchor))
            if any(j != i and _same_caption(k, other) for j, other in keyed.items()):
                members.add(i)
        kept = {anchor} & members
        for i in range(anchor - 1, min(members, default=anchor) - 1, -1):  # no copy lies above the region
            if i in members:
                kept.add(i)
            elif not self._furniture(i):
                break
        # Copies that run on into the credit's own line, whose text stays ("… from a disposable" over "nasal
        # cannula'. (Photo Credit: PTI)"), are the first lines of a wrapped caption: taking them would leave its end.
        wrapped_caption = body is not None and anchor not in kept and anchor - 1 in kept
        if len(kept) < 2 or wrapped_caption:
            self._caption_above_lead(anchor)
            return
        for i in sorted(kept):
            self._whole(REPEATED, i, "caption repeated beside its credit", True)
        for i in range(min(kept), anchor):
            if i not in self.verdicts and self.toggle[i]:
                self._whole(REMNANT, i, "caption toggle (less / more)", True)

    def _caption_above_lead(self, anchor: int) -> None:
        """A caption, its credit, then the same sentence as the article's lead ("The Doobie Brothers will unite
        ..." / "Photo by Jason Kempin/Getty Images" / "The Doobie Brothers will unite ..."): the copy above the
        credit is the caption and goes; the lead stays."""
        if self.verdicts.get(anchor) is None or self.verdicts[anchor].code != CREDIT_LINE:
            return
        below = self._next_nonblank(anchor, 2)
        if below is None:
            return
        above = anchor - 1
        while above >= 0 and self._furniture(above):
            above -= 1
        if above < 0 or more_words(self.lines[above].text, 60):
            return
        signature = self.signature[above]
        if signature is not None and signature == self.signature[below] and self.key[above] == self.key[below]:
            self._whole(REPEATED, above, "caption above its credit, repeated by the article below", True)

    def _furniture(self, index: int) -> bool:
        """Blank, a caption toggle, or a line another caption rule already took."""
        return index in self.verdicts or self.blank[index] or self.toggle[index]

    def _copy_may_stand_above(self, anchor: int) -> bool:
        """Is the first line above the anchor's furniture in its caption region? Every copy kept is reached from
        the anchor through furniture and copies only, so when that line cannot be a copy, none is kept: the
        region need not be read (a third of the anchors, mostly below short or no text)."""
        i, seen = anchor - 1, 0
        while i >= 0 and seen < 8 and self._furniture(i):
            seen += not self.blank[i]
            i -= 1
        if i < 0 or seen >= 8 or self.paragraph[i]:
            return False
        return not self.lines[i].text.rstrip().endswith(("?", ":")) and self.signature[i] is not None

    def _caption_region(self, anchor: int) -> list[int]:
        """Caption-like lines above the anchor, through furniture, up to 8 non-blank lines back."""
        out: list[int] = []
        i, seen = anchor - 1, 0
        while i >= 0 and seen < 8:
            if self._furniture(i):
                seen += not self.blank[i]
                i -= 1
                continue
            if self.paragraph[i]:
                break
            if not self.lines[i].text.rstrip().endswith(("?", ":")) and self.signature[i] is not None:
                out.append(i)
            seen += 1
            i -= 1
        return out

    # -- credits at the end of longer lines -----------------------------------------------------------------------
    def _suffix(self, cand: _Line) -> None:
        if cand.suffix is None or cand.index in self.verdicts:
            return
        line = self.lines[cand.index]
        credit = cand.suffix
        body = line.text[: credit.start].rstrip()
        if self._is_caption_with_credit(cand.index, body, credit):
            safe = credit.strength == cc.STRONG
            self._whole(CAPTION_WITH_CREDIT, cand.index, "caption line with its photo credit", safe)
        elif credit.strength == cc.STRONG:
            cut_from = len(line.text[: credit.start].rstrip(" \t\u00a0"))  # the space before the credit goes too
            shown = (credit.start, len(line.text.rstrip(" \t\u00a0")))
            self._cut(
                CREDIT_SUFFIX, cand.index, (cut_from, len(line.text)), shown, "photo credit at the end of a line", True
            )

    def _is_caption_with_credit(self, index: int, body: str, credit: cc.Credit) -> bool:
        """Is the text before a credit suffix a caption (delete the line) or a paragraph (cut the credit only)?

        A caption's length and shape (a paragraph of its own, at most two sentences, capitalised, not closing with
        a byline or a source domain), and either a caption-style credit (``(AP Photo/…)``, ``NAME / AFP``, a photo
        agency after the last sentence) or a caption's wording (a date, a weekday, ``left``). An introducer credit
        (``Photo:``, ``Фото``) also closes articles, so it needs a one-sentence body that reads like a caption."""
        first = body.strip()[:1]
        if (
            len(body.split()) > MAX_CAPTION_WORDS
            or cc.glued(self.lines[index].text, credit.start)  # a glued credit begins the next element
            or not self._starts_paragraph(index)
            or body.endswith(":")
            or not (first.isupper() or first.isdigit() or first in "\"“«'‘")
            or cc.ends_with_byline(body)
            or cc.ends_with_domain(body)
        ):
            return False
        count = cc.sentences(body)
        cue = self.vocab.has_cue(cc.caption_words(cc.first_sentence(body)), self.languages)
        if count > 2 or (count == 2 and not cue):  # a second sentence only after an AP-style first one
            return False
        if credit.shape in ("bracket", "chain", "agency") and credit.strength == cc.STRONG:
            return True
        if credit.shape == "intro" and count == 1 and not cc.ends_like_sentence(body):
            return True  # "… sought treatment Credit: EPA": prose would have ended its sentence before the credit
        return cue and count == 1  # introducer credits and news agencies alone ("… in New York. Reuters")

    def _starts_paragraph(self, index: int) -> bool:
        if index == 0:
            return True
        if self.blank[index - 1] or index - 1 in self.verdicts:
            return True
        return cc.ends_like_sentence(self.lines[index - 1].text)

    # -- lone captions above a credit line ----------------------------------------------------------------------
    def _lone_captions(self, candidates: list[_Line]) -> None:
        """A caption directly above its credit line, in the same block (no blank line between them: a credit
        after a blank line may belong to a picture without a caption, below a real paragraph)."""
        for cand in candidates:
            credit = cand.whole
            if credit is None or cand.label is not None or cand.remnant is not None:
                continue
            verdict = self.verdicts.get(cand.index)
            if verdict is not None and verdict.code != CREDIT_LINE:
                continue
            prev = cand.index - 1
            if prev < 0 or self.blank[prev] or prev in self.verdicts or prev == self._first_nonblank():
                continue
            text = self.lines[prev].text.strip()
            if not self._lone_caption_text(text):
                continue
            isolated = (prev == 0 or self.blank[prev - 1]) and (
                cand.index + 1 == self.lines.size() or self.blank[cand.index + 1]
            )
            framed = self._framed(prev)
            if (isolated or framed) and (credit.strength == cc.STRONG or framed == "media"):
                self._whole(LONE_CAPTION, prev, _FRAMED_MESSAGES[framed], True)
                safe = True
            elif self.vocab.has_cue(cc.caption_words(text), self.languages):
                self._whole(LONE_CAPTION, prev, "caption line above a photo credit", False)
                safe = False
            else:
                continue
            if verdict is None:  # a weak credit (a news agency alone) counts once a caption stands above it
                self._whole(CREDIT_LINE, cand.index, "photo credit line", safe)

    def _framed(self, index: int) -> str | None:
        """What frames a caption line from directly above (one block with its credit below): "media" (a gallery
        counter, a media control such as "Enlarge Image", a caption label: the picture is right there, so even a news
        agency alone below is its credit), "credit" (the caption or credit of the gallery's previous picture), or
        None."""
        verdict = self.verdicts.get(index - 1) if index > 0 else None
        if verdict is None or verdict.cut is not None:
            return None
        if verdict.code in (REMNANT, LABEL):
            return "media"
        return "credit" if verdict.code in (CREDIT_LINE, REPEATED, CAPTION_WITH_CREDIT, LONE_CAPTION) else None

    def _lone_caption_text(self, text: str) -> bool:
        words = text.split()
        return (
            4 <= len(words) <= MAX_LONE_CAPTION_WORDS
            and (text[0].isupper() or text[0].isdigit())
            and not cc.has_quotes(text)
            and not text.endswith((":", "?", "!"))
            and cc.sentences(text) <= 2
            and not cc.is_name(text, 6)
            and words[0].casefold() not in _BYLINE_WORDS
            and not _CLOCK.search(text)  # "Posted by … 6:21 AM EST" is a byline, not a caption
            and any(w[:1].islower() for w in words)
        )

    # -- toggles and bare counters beside caption evidence --------------------------------------------------------
    def _neighbours(self) -> None:
        """Toggles and bare counters beside a verdict, and beside those in turn (a gallery's "less" / "1 / 5" /
        "... more"): whether a line is one depends on its text only, so each new verdict's neighbours are read
        once."""
        pending = list(self.verdicts)
        while pending:
            index = pending.pop()
            for other in (self._prev_nonblank(index, 2), self._next_nonblank(index, 2)):
                if other is None or other in self.verdicts:
                    continue
                text = self.lines[other].text.strip()
                if len(text) > 40:
                    continue
                if self.toggle[other]:
                    self._whole(REMNANT, other, "caption toggle beside a caption", True)
                    pending.append(other)
                elif self.vocab.counter(text, self.languages):
                    self._whole(REMNANT, other, "gallery counter beside a caption", True)
                    pending.append(other)

    # -- helpers ------------------------------------------------------------------------------------------------

    def _whole(self, code: str, index: int, message: str, safe: bool) -> None:
        line = self.lines[index]
        lead = len(line.text) - len(line.text.lstrip())
        end = len(line.text.rstrip())
        self.verdicts[index] = Verdict(code, index + 1, line.start + lead, line.start + end, message, safe)

    def _cut(
        self, code: str, index: int, cut: tuple[int, int], shown: tuple[int, int], message: str, safe: bool
    ) -> None:
        """A finding over ``shown`` whose fix deletes ``cut`` (offsets in the line)."""
        base = self.lines[index].start
        self.verdicts[index] = Verdict(
            code, index + 1, base + shown[0], base + shown[1], message, safe, (base + cut[0], base + cut[1])
        )

    def _prev_nonblank(self, index: int, within: int) -> int | None:
        for i in range(index - 1, max(-1, index - 1 - within), -1):
            if not self.blank[i]:
                return i
        return None

    def _next_nonblank(self, index: int, within: int) -> int | None:
        for i in range(index + 1, min(self.lines.size(), index + 1 + within)):
            if not self.blank[i]:
                return i
        return None

    def _first_nonblank(self) -> int | None:
        return next((i for i in range(self.lines.size()) if not self.blank[i]), None)


class _Lines(dict[int, Line]):
    """The document's lines by 0-based index, each built on first use (``__missing__``): ``Document.lines`` makes
    an object for every line of a 5,000-line page dump (and ``Document.line_starts`` walks them all in Python),
    while the analysis reads only the lines holding scan hits and a few around them. With ``\n`` breaks only
    (nearly all text) a hit's line is found with ``str.count`` and ``str.rfind``, and neighbours are stepped to
    with ``str.find``: C loops over the text. A dict, so that a line read before costs one lookup."""

    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.doc, self.text = doc, doc.text
        self.all: list[Line] | None = doc.__dict__.get("lines")  # another family may have built them already
        self.cr = "\r" in self.text  # "\r" and "\r\n" breaks: the engine's line table does the accounting
        self.starts: list[int] | None = doc.__dict__.get("line_starts")
        if self.starts is None and (self.cr or self.all is not None):
            self.starts = doc.line_starts
        self.count: int | None = len(self.starts) if self.starts is not None else None
        self.cursor = (0, 0)  # (offset, index of its line) of the last hit placed by holding()

    def size(self) -> int:
        """How many lines the document has."""
        if self.count is None:  # counted on from the last hit placed: one pass over the text in all
            offset, index = self.cursor
            self.count = index + self.text.count("\n", offset) + 1
        return self.count

    def __missing__(self, index: int) -> Line:
        if index < 0:
            return self[index + self.size()]
        if not index < self.size():
            raise IndexError(index)
        if self.all is not None:
            line = self[index] = self.all[index]
            return line
        if self.starts is not None:
            start = self.starts[index]
        elif index == 0:
            start = 0
        elif (above := self.get(index - 1)) is not None:
            start = above.end + 1
        elif (below := self.get(index + 1)) is not None and not self.cr:
            return self._build(index, self.text.rfind("\n", 0, below.start - 1) + 1, below.start - 1)
        else:  # far from every line read so far (the analysis steps line by line, so this is rare)
            self.starts = self.doc.line_starts
            start = self.starts[index]
        return self._build(index, start)

    def holding(self, offset: int) -> Line:
        """The line that holds ``offset``; successive calls must pass offsets in increasing order."""
        if self.starts is not None:
            return self[bisect_right(self.starts, offset) - 1]
        last_offset, last_index = self.cursor
        breaks = self.text.count("\n", last_offset, offset)
        index = last_index + breaks
        self.cursor = (offset, index)
        line = self.get(index)
        if line is None:  # its start: the last break since the previous hit (or before the first hit)
            line = self._build(index, self.text.rfind("\n", last_offset if breaks else 0, offset) + 1)
        return line

    def _build(self, index: int, start: int, end: int | None = None) -> Line:
        if end is None:
            end = self._end(index, start)
        line = self[index] = Line(index + 1, start, end, self.text[start:end])
        return line

    def _end(self, index: int, start: int) -> int:
        """Where the line that starts at ``start`` ends, before its break (Document.lines' accounting)."""
        text = self.text
        if not self.cr:
            end = text.find("\n", start)
            return len(text) if end < 0 else end
        if index + 1 < self.size():
            assert self.starts is not None
            nxt = self.starts[index + 1]
            return nxt - (2 if text.startswith("\r\n", nxt - 2) else 1)
        return len(text)


class _PerLine(dict[int, T]):
    """Line index -> ``compute(line text)``, computed on first use."""

    def __init__(self, lines: _Lines, compute: Callable[[str], T]) -> None:
        super().__init__()
        self.lines, self.compute = lines, compute

    def __missing__(self, index: int) -> T:
        value = self[index] = self.compute(self.lines[index].text)
        return value


def _prose(text: str) -> bool:
    """A line of article prose: a sentence's end after more than 20 words, and no address in it (a forum or contact
    prompt, "… let us know at: community@space.com.", is the site's, after the article)."""
    return more_words(text, 20) and cc.ends_like_sentence(text) and not _ADDRESS.search(text)


def _is_blank(text: str) -> bool:
    return not text or text.isspace()  # Line.is_blank without copying the text


def _is_toggle(vocab: Vocabulary, languages: frozenset[str] | None, text: str) -> bool:
    """Exactly a caption toggle (``less``, ``... more``)?"""
    return vocab.toggle(text, languages) is not None


def _key(text: str) -> str:
    """Letters and digits, case-folded: what two copies of a caption share whatever their punctuation."""
    if text.isascii():  # most lines: bytes.translate deletes in one C loop, where a regex sub builds pieces
        return text.lower().encode("ascii").translate(None, _ASCII_NON_ALNUM).decode("ascii")
    return _NON_ALNUM.sub("", text.casefold())


def _signature(text: str) -> str | None:
    """The first 20 characters of ``_key(text)``, or None when the key is shorter (too short to be a caption copy).

    Two copies (``_same_caption``, keys of 20 characters or more) share it, and a line's first 48 characters
    usually give it: the key of a prefix is a prefix of the key, as both case folding and the filter work
    character by character."""
    key = _key(text[:48])
    if len(key) < 20 and len(text) > 48:
        key = _key(text)
    return key[:20] if len(key) >= 20 else None


def _same_caption(a: str, b: str) -> bool:
    """Equal, or one a truncated copy of the other ("... unveil Karman Vision SC2 concept vehicle at")."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 40 and long.startswith(short)
