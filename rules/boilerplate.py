"""Boilerplate rules (B): page furniture a scraper let through — comment forms, footers, paywall banners, teasers,
sign-up prompts, cookie notices, share bars, navigation — and text glued where an element boundary was lost.

The phrase rules (B001-B009) share one analysis per document (:mod:`boilerplate_analysis`): one Hyperscan pass over
every phrase of every pack, then structural gates on the few candidate lines. Each rule reports the verdicts of its
own category. The phrase lists are data: ``rules/packs/boilerplate/<lang>.toml``. The same analysis finds menu
blocks by their shape (B013, :mod:`boilerplate_menus`), so all whole-line deletions are planned together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from typing import ClassVar

from scrapelint.document import Document
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.rule import DocumentRule

from .boilerplate_analysis import (
    GLUE,
    MENU,
    Analysis,
    Glue,
    Layout,
    Verdict,
    deletion_pieces,
    ends_sentence,
    family_analysis,
    is_prose,
)
from .boilerplate_corpus import CorpusRepeatedLine
from .boilerplate_phrases import PhraseTable, phrase_table


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=16)
def _found_anything(table: PhraseTable) -> Callable[[Document], bool]:
    """The gate of the rules that read the family analysis (B001-B010): it has verdicts or glued text. One function
    per table, so the linter sees that the rules share it."""

    def found(doc: Document) -> bool:
        analysis = family_analysis(doc, table)
        return bool(analysis.verdicts or analysis.glue)

    return found


class PhraseRule(DocumentRule):
    """Base of the phrase rules: report and delete the verdicts of one pack category."""

    family = "boilerplate"
    fixable = True
    category: ClassVar[str]
    label: ClassVar[str]  # message prefix

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        # Packs are read and validated now (errors name the file); Hyperscan compiles on the first scan.
        self.table = phrase_table(self.settings.extra_packs, GLUE)

    def message(self, doc: Document, verdict: Verdict) -> str:
        return f"{self.label}: {shorten(doc.text[verdict.start : verdict.end])!r}"

    def gate(self) -> Callable[[Document], bool]:
        return _found_anything(self.table)  # shared with B001-B010: one call on clean text

    def check(self, doc: Document) -> list[Finding]:
        analysis = family_analysis(doc, self.table)
        verdicts = analysis.by_category.get(self.category)
        if not verdicts:  # the common case: a plain function returning at once (every rule is asked)
            return []
        return [self._finding(doc, analysis, v) for v in verdicts]

    def _finding(self, doc: Document, analysis: Analysis, verdict: Verdict) -> Finding:
        if verdict.whole_line:
            fix = Fix.safe(Edit.delete(*analysis.pieces[verdict.line]), message="delete the line")
        elif verdict.delete:
            fix = Fix.safe(Edit.delete(*verdict.delete), message="delete the span")
        else:
            fix = None
        data = {"category": self.category, "phrase": verdict.evidence, "whole_line": verdict.whole_line}
        return self.finding(verdict.start, verdict.end, self.message(doc, verdict), fix, **data)


class CommentForm(PhraseRule):
    """Comment form or comment-section remnant ("Leave a Reply", "Please enter your comment!").

    ## What it does
    Finds the labels, buttons and notes of comment forms (WordPress, tagDiv, Jetpack, Disqus) and comment-section
    remnants ("Comments are closed.", "12 comments", "Load more comments") left in the article text.

    ## Why is this bad?
    They are interface text, not the article: they repeat across every page of a site and teach a model that
    articles end in form labels.

    ## Example
    ```
    Please enter your comment!
    Please enter your name here
    ```
    Both lines are deleted.

    ## Fix safety
    Safe: whole lines that are one of the pack phrases (bullets and closing punctuation aside) are deleted, and
    generic words ("Comments", "Reply") only above or below the article body or beside other furniture.
    """

    code = "B001"
    name = "comment-form"
    category = "comments"
    label = "comment-form remnant"


class AntiSpamNotice(PhraseRule):
    """Anti-spam notice of a comment form (Akismet, reCAPTCHA).

    ## What it does
    Finds "This site uses Akismet to reduce spam. Learn how your comment data is processed." and the reCAPTCHA
    badge text ("This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.").

    ## Why is this bad?
    The same sentence ends millions of scraped pages; it says nothing about the article.

    ## Example
    `This site uses Akismet to reduce spam. Learn how your comment data is processed.` is deleted.

    ## Fix safety
    Safe: the notices are fixed strings matched as whole lines or line prefixes.
    """

    code = "B002"
    name = "anti-spam-notice"
    category = "anti-spam"
    label = "anti-spam notice"


class CopyrightFooter(PhraseRule):
    """Copyright or site footer ("© 2020 Example Media. All rights reserved.").

    ## What it does
    Finds lines with a copyright marker (`©`, `(c)`, "Copyright", "All rights reserved" and its translations) that
    also carry a year, a domain, a rights phrase or a company suffix, above or below the article body or beside
    other furniture — including a site's signature line ("Altayinform.ru © 2020 Business, wealth, interesting").

    ## Why is this bad?
    Footers are page furniture, repeated on every page of a site.

    ## Example
    `Altayinform.ru © 2020 Business, wealth, interesting, other.` at the end of an article is deleted.

    ## Fix safety
    Safe: only short lines outside the article body (or next to other furniture) that look like a copyright
    notice are deleted; a sentence about copyright law inside the article does not qualify.
    """

    code = "B003"
    name = "copyright-footer"
    category = "copyright"
    label = "copyright footer"


class PaywallBanner(PhraseRule):
    """Paywall or subscription banner ("Subscriber's article", "Subscribe to continue reading").

    ## What it does
    Finds banners that mark an article as reserved for subscribers or ask the reader to subscribe to read on.

    ## Why is this bad?
    The banner is furniture, and it is also a warning: the page was probably scraped without access, so the
    article text is likely truncated. The message says so; consider dropping or re-fetching such documents.

    ## Example
    `Article reserved for our subscribers Read also The wave of suspects against Huawei wins in France` (a banner
    glued to a teaser) is deleted as a whole line.

    ## Fix safety
    Safe: the banner lines are deleted. Nothing can restore the missing article text.
    """

    code = "B004"
    name = "paywall-banner"
    category = "paywall"
    label = "paywall banner"

    def message(self, doc: Document, verdict: Verdict) -> str:
        return f"{super().message(doc, verdict)} (the article text may be truncated)"


class RelatedLinkTeaser(PhraseRule):
    """Related-link teaser ("Read also …", "Read more:", "RELATED:", "See also:").

    ## What it does
    Finds links to other articles: lines that start with a teaser phrase followed by a headline, and teasers glued
    after the last sentence of a paragraph.

    ## Why is this bad?
    The headline belongs to another article; inside a paragraph it breaks the text in mid-thought.

    ## Example
    `Read also The arrest of Huawei's leader causes tensions between Beijing and Washington` is deleted; in
    `… a fair market. READ MORE: Tencent profit falls` only ` READ MORE: Tencent profit falls` is.

    ## Fix safety
    Safe: a teaser line is deleted only when what follows the phrase is a headline (one capitalised sentence);
    inside a paragraph only the span from the phrase to the end of the line goes, and only after a sentence end.
    When the teaser is followed by more than a headline it is reported without a fix.
    """

    code = "B005"
    name = "related-link-teaser"
    category = "teaser"
    label = "related-link teaser"


class NewsletterPrompt(PhraseRule):
    """Newsletter or sign-up prompt ("Sign up for our newsletter", "Subscribe").

    ## What it does
    Finds sign-up boxes and their labels ("Enter your email address", "By signing up, you agree to our …").

    ## Why is this bad?
    Calls to action are page furniture, identical on every article of a site.

    ## Example
    `Sign up for our newsletter` is deleted.

    ## Fix safety
    Safe: whole lines only; single words ("Subscribe", "Newsletter") only outside the article body or beside other
    furniture, so an article about newsletters keeps its sentences.
    """

    code = "B006"
    name = "newsletter-prompt"
    category = "newsletter"
    label = "newsletter prompt"


class CookieNotice(PhraseRule):
    """Cookie or consent notice ("This website uses cookies …", "Accept all cookies").

    ## What it does
    Finds cookie banners, consent buttons and privacy-choice links.

    ## Why is this bad?
    They are the most repeated text of the web and say nothing about the article.

    ## Example
    `This website uses cookies to improve your experience. We'll assume you're ok with this.` is deleted.

    ## Fix safety
    Safe: banners are matched from the start of a line and, for generic openings ("We use cookies"), only above or
    below the article body, so a news story about cookies keeps its sentences.
    """

    code = "B007"
    name = "cookie-notice"
    category = "consent"
    label = "cookie/consent notice"


class SharePrompt(PhraseRule):
    """Share or follow prompt, or social counter ("Share this:", "Follow us on Twitter", "12 shares").

    ## What it does
    Finds share bars, follow prompts, social network button labels and like/share counters.

    ## Why is this bad?
    Button labels are not text; they break the article into fragments.

    ## Example
    `Share this:` followed by `Facebook` and `Twitter` lines: all three are deleted.

    ## Fix safety
    Safe: whole lines only; network names alone ("Facebook") only inside a run of other furniture.
    """

    code = "B008"
    name = "share-prompt"
    category = "social"
    label = "share/follow prompt"


class NavigationRemnant(PhraseRule):
    """Navigation or interface remnant ("Skip to content", "Back to top", "Advertisement", "Print", "Loading…").

    ## What it does
    Finds accessibility links, ad labels, print and pagination buttons, loading placeholders, tag lists and menus.

    ## Why is this bad?
    Interface text is not the article; menus especially flood full-page dumps.

    ## Example
    `Advertisement` between two paragraphs is deleted; so is a menu run `Home` / `News` / `Sport`.

    ## Fix safety
    Safe: whole lines only; menu words ("Home", "News") only in a run of three or more furniture lines.
    """

    code = "B009"
    name = "navigation-remnant"
    category = "navigation"
    label = "navigation/UI remnant"


class MenuBlock(PhraseRule):
    """A menu block above or below the article body: a run of short link-like lines ("Bollywood News", "NFL").

    ## What it does
    Finds the site navigation that full-page text dumps (html2text, inscriptis, html-text) keep: runs of at least
    five short entries (at most five words and 40 characters once list marks are set aside, no sentence or clause
    punctuation, no digits or colons) that lie wholly above the article body's first prose line or below its
    last. A run is a menu only with evidence besides its shape: a line the family deletes as furniture in it
    ("Skip to content", "Privacy Policy"), or else list marks on most of at least ten entries; and at least half
    of its entries are one or two words, as links are. Its lines are deleted, with the empty list items (`*`, `+`)
    and short data lines between the entries.

    ## Why is this bad?
    Menus are most of the lines of a full-page dump; their entries are site-specific ("Prisco's Picks"), so no
    phrase list can know them, and they bury the article under hundreds of one-word lines.

    ## Example
    ```
      * LIVE TV
      * India
         +
           o Bollywood News
           o Hollywood News
           o Movie Reviews
      * Skip to content
    ```
    above the article: the first six lines are deleted by this rule, `Skip to content` by `navigation-remnant`.

    ## Fix safety
    Safe: nothing inside the article body is touched (recipes, ingredient lists, key points and tables repeat
    short lines on purpose), nor any text without a prose line (a poem, a list-only page). Data lines (scores,
    prices, vote counts, "Group B: third appearance") are no entries, and a run without furniture that is not a
    long list, or whose lines are mostly of three words and more (a stanza, a list of features), is left alone.
    In a list right above the text, the unmarked lines that end it stay: they head what follows (a title, a
    caption).
    """

    code = "B013"
    name = "menu-block"
    category = MENU
    label = "menu block"

    def message(self, doc: Document, verdict: Verdict) -> str:
        return f"{verdict.evidence}: {shorten(doc.line_texts[verdict.line])!r}"  # "menu block of 42 lines: 'NFL'"


class GluedText(DocumentRule):
    """Text glued at a lost element boundary (`blockade"Friday`, `subscribersRead also`, `processed.Learn`).

    ## What it does
    Finds words run together where the scraper dropped the boundary between two HTML elements: a closing quote
    glued to the next word, a sentence end glued to the next sentence, a lower-case word glued to a capitalised
    one. It inserts the missing space, or a line break when what follows is known page furniture.

    ## Why is this bad?
    Glued words are not words: tokenizers, search and spell checkers see `blockade"Friday` as one token.

    ## Example
    `the community blockade"Friday, Andrus Ansip said` becomes `the community blockade" Friday, Andrus Ansip said`.

    ## Fix safety
    Safe where unambiguous: a closing quote glued to the next word mid-sentence (`blockade"Friday`), and a sentence
    glued to known furniture (a line break goes there). Unsafe after a sentence end (`Division.Those`,
    `challenge."Earlier`): the lost boundary may have been a paragraph break, so a space is a guess. Quotes are
    paired within the line to tell a closing quote from an opening one; a
    sentence glue is left alone inside URLs, e-mail addresses, code (`java.util.List`, `String.Format(`) and
    domains (`Example.Com`); camel case is only split before a function word (`governmentThe`) or a furniture
    phrase (`AcceptRead More`), never in names (`McDonald`, `iPhone`, `JavaScript`, `SoftBank`, `PlayStation`).
    Words in the `allowlist.words` setting are never split.
    """

    code = "B010"
    name = "glued-text"
    family = "boilerplate"
    severity = Severity.WARNING
    fixable = True

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self.table = phrase_table(self.settings.extra_packs, GLUE)

    def gate(self) -> Callable[[Document], bool]:
        return _found_anything(self.table)

    def check(self, doc: Document) -> list[Finding]:
        glued = family_analysis(doc, self.table).glue
        return list(self._findings(doc, glued)) if glued else []

    def _findings(self, doc: Document, glued: list[Glue]) -> Iterator[Finding]:
        allowed = self.settings.allow_words
        for glue in glued:
            if allowed and _word_at(doc.text, glue.at) in allowed:
                continue
            shown = shorten(doc.text[max(glue.start - 12, 0) : glue.end + 12], 40)
            what = "line break" if glue.insert == "\n" else "space"
            fix = None
            if glue.insert:
                make = Fix.safe if glue.sure else Fix.unsafe
                fix = make(Edit.insert(glue.at, glue.insert), message=f"insert a {what}")
            yield self.finding(glue.start, glue.end, f"glued text ({glue.kind}): {shown!r}", fix, kind=glue.kind)


def _word_at(text: str, at: int) -> str:
    start = at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = at
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


class RepeatedLine(DocumentRule):
    """A line repeated within the document, outside the article body (a menu or footer printed twice).

    ## What it does
    Finds short lines (at least `min-length` characters and at most ten words, whitespace normalised, not ending a
    sentence) that occur more than once in a document when every copy lies above or below the article body and the
    later copy sits in a repeated block (its neighbour repeats too) or beside other furniture (while the first copy
    is not attached to a prose line), and deletes the later copies.

    ## Why is this bad?
    Page headers and footers often repeat the same menu or banner; the copies are noise.

    ## Example
    A `Terms of Use | Privacy Policy | Contact` line at the top and again at the bottom: the second copy goes.

    ## Fix safety
    Safe: lines repeated inside the article body are never touched (recipes, Q&A, tables and refrains repeat on
    purpose), a line that recurs alone (a fixture list's "Winners meet in final match") or under prose (the
    attribution of two embedded tweets of one account) stays, and the first copy is always kept.
    """

    code = "B011"
    name = "repeated-line"
    family = "boilerplate"
    severity = Severity.INFO
    fixable = True
    options: ClassVar[dict[str, int]] = {"min-length": 12}

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self.table = phrase_table(self.settings.extra_packs, GLUE)

    def check(self, doc: Document) -> Iterator[Finding]:
        if not _may_repeat(doc):
            return
        deleted = family_analysis(doc, self.table).deleted_lines
        layout = Layout(doc, deleted)
        repeats = _edge_repeats(doc, layout, int(self.opts["min-length"]), deleted)
        if not repeats:
            return
        mine = _furniture_copies(layout, repeats, deleted)
        if not mine:
            return
        pieces = deletion_pieces(doc, deleted | mine, wanted=mine)  # the blocks that hold a copy
        texts, starts = doc.line_texts, doc.line_starts
        for i in sorted(mine):
            fix = Fix.safe(Edit.delete(*pieces[i]), message="delete the repeated line")
            message = f"line repeats line {repeats[i] + 1}: {shorten(texts[i])!r}"
            yield self.finding(starts[i], starts[i] + len(texts[i]), message, fix)


_MAX_WORDS = 10  # furniture lines are short: menus, banners, link titles


def _furniture_copies(layout: Layout, repeats: dict[int, int], deleted: set[int]) -> set[int]:
    """The later copies that go: inside a repeated block (a header menu printed again in the footer), or beside
    furniture when the first copy is not attached to prose. A line that merely recurs ("Winners meet in final
    match" after each pair of a fixture list, "— The Senate (@NGRSenate) October 9, 2018" under two tweets) stays."""
    texts = layout.texts
    mine = set()
    for i, first in repeats.items():
        neighbours = layout.neighbours(i)
        if any(j in repeats for j in neighbours) or (
            any(j in deleted for j in neighbours) and not any(is_prose(texts[j]) for j in layout.neighbours(first))
        ):
            mine.add(i)
    return mine


def _edge_repeats(doc: Document, layout: Layout, minimum: int, deleted: set[int]) -> dict[int, int]:
    """Later copy -> first copy, for the lines that may be furniture (compared with whitespace normalised) and
    occur more than once, every copy above or below the article body.

    The edges are read first: the body, most of a page, is read only when a line repeats there."""
    texts = doc.line_texts
    first, last = layout.first_prose, layout.last_prose
    has_body = first <= last
    edges = chain(range(first), range(last + 1, len(texts))) if has_body else range(len(texts))
    copies_of: dict[str, list[int] | None] = {}  # key -> its lines, or None when the key may not repeat
    for i, key in _keys(texts, edges, minimum, deleted):
        if key not in copies_of:  # a new key: its own tests, once per key
            copies_of[key] = [i] if len(key) >= minimum and not ends_sentence(key) else None
        elif (copies := copies_of[key]) is not None:
            copies.append(i)
    repeated = [(key, copies) for key, copies in copies_of.items() if copies and len(copies) > 1]
    if repeated and has_body:  # a copy inside the body keeps them all
        in_body = {key for _, key in _keys(texts, range(first, last + 1), minimum, deleted)}
        repeated = [(key, copies) for key, copies in repeated if key not in in_body]
    return {later: copies[0] for _, copies in repeated for later in copies[1:]}


def _keys(texts: list[str], indexes: Iterable[int], minimum: int, deleted: set[int]) -> Iterator[tuple[int, str]]:
    """(line, whitespace-normalised text) of the lines that may be furniture: short, not deleted already."""
    for i in indexes:
        text = texts[i]
        if len(text) < minimum or i in deleted:  # cheap tests first: the key is never longer than the line
            continue
        words = text.split(None, _MAX_WORDS)  # more than ten words found without a full split
        if len(words) <= _MAX_WORDS:  # longer lines repeat on purpose (summaries, refrains, wrapped prose)
            yield i, " ".join(words)


def _may_repeat(doc: Document) -> bool:
    """Cheap test (all in C): does any line other than empty ones occur twice? (Split at "\n" only.)"""
    lines = doc.text.split("\n") if "\r" in doc.text else doc.line_texts
    return len(set(lines)) + max(lines.count("") - 1, 0) < len(lines)


RULES = (
    CommentForm,
    AntiSpamNotice,
    CopyrightFooter,
    PaywallBanner,
    RelatedLinkTeaser,
    NewsletterPrompt,
    CookieNotice,
    SharePrompt,
    NavigationRemnant,
    GluedText,
    RepeatedLine,
    CorpusRepeatedLine,
    MenuBlock,
)
