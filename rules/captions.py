"""Image-caption noise rules (C): the text that pictures leave behind in a scraped article.

All rules share one analysis per document (:mod:`captions_scan`): one multi-pattern scan for agencies, credit
phrases, caption labels and media remnants, the credit grammar (:mod:`captions_credit`) on the lines it selects,
and evidence spread to neighbouring lines. The vocabulary is data: ``packs/captions/<lang>.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from scrapelint.document import Document
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.rule import DocumentRule, RuleSettings

from . import captions_scan as scan


class _CaptionRule(DocumentRule):
    family = "captions"
    severity = Severity.WARNING
    fixable = True

    def __init__(self, settings: RuleSettings | None = None) -> None:
        super().__init__(settings)
        self.analyse = scan.Analyser(self.settings.extra_packs)

    def gate(self) -> Callable[[Document], bool]:
        return _found_anything(self.settings.extra_packs)  # shared by the family: one call on clean text

    def check(self, doc: Document) -> list[Finding]:
        verdicts = self.analyse(doc)
        if not verdicts:  # the common case: one memo lookup per rule
            return []
        findings = []
        for verdict in verdicts:
            if verdict.code == self.code:
                edit = Edit.delete(*verdict.deletion)
                fix = Fix.safe(edit) if verdict.safe else Fix.unsafe(edit)
                findings.append(self.finding(verdict.start, verdict.end, verdict.message, fix))
        return findings


@lru_cache(maxsize=16)
def _found_anything(extra_packs: tuple[Path, ...]) -> Callable[[Document], bool]:
    """The family's gate for one set of packs: one function object, so the linter sees that the rules share it."""
    analyse = scan.Analyser(extra_packs)
    return lambda doc: bool(analyse(doc))


class RepeatedCaption(_CaptionRule):
    """A photo caption that appears twice (or more) beside its credit.

    ## What it does
    Finds a caption line repeated within a few lines where one copy carries the photo credit or a credit line
    follows: the copies are equal, differ only by the credit and punctuation, or one is a truncated copy of the
    other (galleries print the caption, ``less``, a truncated copy, ``... more``, then ``Photo: …``; the toggles may
    be glued to the copies: ``… in Los Angeles. less``).

    ## Why is this bad?
    The caption is not part of the article's text, and the copies repeat it: a model trained on the text sees a
    sentence twice, out of place, with a photographer's name glued to it.

    ## Example
    ```text
    In a store in Huawei, Sanya, China, December 8th.
    In a store in Huawei, Sanya, China, December 8th. GREG BAKER / AFP
    ```
    Both lines are removed; the paragraphs around them are untouched.

    ## Fix safety
    Safe: the copies are deleted as whole lines, and only when a credit (or a credit line) proves they are a
    caption; each copy is at most a caption's length (about 60 words), and only copies above the credit count
    (a copy below a credit line is usually the article's lead, from which the caption was taken: it stays). Copies
    that run on into the credit's own line are the first lines of a wrapped caption, and stay.
    """

    code = "C001"
    name = "repeated-caption"


class CreditLine(_CaptionRule):
    """A line that is nothing but a photo credit.

    ## What it does
    Finds lines such as ``GREG BAKER / AFP``, ``REUTERS/Kim Kyung-Hoon``, ``Photo: Damian Dovarganes, AP``,
    ``Photograph: Tim Robberts/Getty Images``, ``Getty Images``, ``© Reuters``, ``Фото Владимира Сухова``,
    ``Foto: dpa``, ``Crédit photo : AFP``, ``Jane Doe Submitted photo``, ``AFP via Getty Images``, ``Courtesy
    Google``. A credit is an introducer with a short credit, a chain of names and agencies joined by ``/`` or ``|``
    with at least one known agency, a picture an agency hands on (``via``) or took for a client (``for``), or a
    photo agency alone; any of these in brackets (``(Image: gargantiopa / Getty Images)``). A line may also be a
    photographer and the outlet they shoot for, spelled like a publication: ``Jason Cipriani/ZDNet``, ``Doug
    Mills/The New York Times``. A news agency alone on a line (``Reuters``, ``Associated Press``) reads like a
    byline or a source line and is reported only under a caption (then with an unsafe fix, or a safe one when an
    image control such as ``Enlarge Image`` stands above the caption). An introducer alone (``Фото:``) takes the
    short line after it as its credit. A bracketed credit, a handout or a photographer's credit after the article's
    last paragraph credits the picture the article closes with, which hand-made article text keeps: there it
    counts only under a caption.

    ## Why is this bad?
    The credit belongs to a picture the text no longer has.

    ## Example
    ```text
    Photo: Meg Kinnard, AP
    ```

    ## Fix safety
    Safe: the whole line is the credit. Unsafe for a news agency alone on a line, and for a credit split over two
    lines (``Фото:`` / ``личный архив …``): where it ends is a guess about line breaks.

    Agencies and introducers are data (``packs/captions/*.toml``); add your own with ``packs = [...]``.
    """

    code = "C002"
    name = "credit-line"


class CreditSuffix(_CaptionRule):
    """A photo credit glued to the end of a paragraph line.

    ## What it does
    Finds a credit that closes a longer line: ``… цветы к памятнику. altai-republic.ru Фото Владимира Сухова``,
    ``… (Соб. инф.)Фото: РОО «Вместе»``, ``… Источник фото: https://мвд.рф``. The credit must stand in credit
    position: after a sentence end, a byline or a source domain, inside brackets that close the line, or glued to
    the text before it; so "sources told Reuters." and "…, AP reported" are never credits.

    ## Why is this bad?
    The credit is page furniture: the paragraph reads on into a photographer's name.

    ## Example
    ```text
    … — смеется Матвей Михайлович в свои черные усы. Сергей Иванов Фото Владимира Сухова
    ```
    becomes `… в свои черные усы. Сергей Иванов` (the byline stays).

    ## Fix safety
    Safe: only the credit is removed (with the space before it), and only a credit of an unambiguous shape: an
    introducer with a short credit, a ``/`` chain with an agency, a bracketed credit, a photo agency. A news
    agency alone at the end of a paragraph (``… ТАСС``) is a source line and is not reported.
    """

    code = "C003"
    name = "credit-suffix"


class CaptionWithCredit(_CaptionRule):
    """A caption line that ends with its photo credit.

    ## What it does
    Finds a short line (a caption's length, starting a paragraph, one sentence, or two when the first reads like
    an AP caption) that ends with a credit in a caption's style: ``… in Hialeah, Fla. (AP Photo/Alan Diaz,
    File)``, ``… isn't easy. Kathrin Ziegler/Getty``, ``… (Image: GETTY)``; or with an introducer credit when the
    line reads like a caption (a position word such as ``left``, ``pictured``, or a weekday with a date):
    ``… left, speaks with a business owner, Tuesday, Nov. 19, 2019, in Columbia, S.C. Photo: Meg Kinnard, AP``,
    or when no full stop ends the text before it: ``… where plague-infected people sought treatment Credit: EPA``
    (prose ends its sentence before a credit; a caption need not).

    ## Why is this bad?
    The whole line describes a picture that is gone; left in, it interrupts the article with a stray sentence.

    ## Example
    ```text
    Vicente Aguiar loads garage door trims into his pickup truck outside a Home Depot. (AP Photo/Alan Diaz, File)
    ```

    ## Fix safety
    Safe when the credit has an unambiguous shape; unsafe when it is a news agency alone (``… in New York.
    Reuters``), which could also be a source line. Not a caption (only the credit goes, C003): a line closing with
    a byline or a source domain before the credit (``… Приглашаются все желающие! Алексей МИШИН Фото …``), a
    credit glued without a space (``… detainees.© John Brecher``: it starts the next caption), a longer paragraph.
    """

    code = "C004"
    name = "caption-with-credit"


class CaptionLabel(_CaptionRule):
    """A caption introduced by a caption label.

    ## What it does
    Finds lines opened by a label that only captions carry: ``Image caption …``, ``Media caption …``,
    ``Image copyright Getty Images``, ``Pictured: …``, ``FILE PHOTO: …``, ``Légende :``, ``Bildunterschrift:``,
    ``На фото: …``. A label alone on its line takes the next line (the caption or the credit) with it. A label
    ending in ``:`` after a sentence inside a paragraph (``… 2018 года. На фото: показательные выступления …``)
    marks an inline caption up to the end of its sentence.

    ## Why is this bad?
    The label and its caption are page furniture from a picture the text no longer has.

    ## Example
    ```text
    Image copyright Getty Images
    Image caption Scooter Braun has managed Justin Bieber, among others, throughout his career in music
    ```

    ## Fix safety
    Safe for whole lines. Unsafe for an inline caption: where its sentence ends is a guess.
    """

    code = "C005"
    name = "caption-label"


class MediaRemnant(_CaptionRule):
    """Media-player and gallery furniture left as text.

    ## What it does
    Finds whole lines such as ``Media playback is unsupported on your device``, ``Click to enlarge``,
    ``View image in fullscreen``, ``Photo gallery``, ``Back to Gallery``, ``Image 3 of 12``, ``Фото 2 из 5``.
    Bare counters (``1 / 5``, ``1 of 6``) and caption toggles (``less``, ``... more``, ``Close``) count only next to
    other caption evidence.

    ## Why is this bad?
    They are controls of a player or a gallery, not text.

    ## Example
    ```text
    Media playback is unsupported on your device
    ```

    ## Fix safety
    Safe: the line is exactly a known control label or counter.
    """

    code = "C006"
    name = "media-remnant"


class LoneCaption(_CaptionRule):
    """A caption line standing right above a photo credit.

    ## What it does
    Finds a short line (4 to 40 words, at most two sentences, no quotation, not a name, not a byline or a
    timestamp) directly above a credit line, with no blank line between them: ``Burning crop stubble outside of
    Delhi is sending smoke into the city and harming air quality.`` over ``Sakib Ali/Hindustan Times/Getty
    Images``. Shortness alone is never enough: the credit must be there, and the pair must form a paragraph of its
    own, or stand in a gallery (right under a counter such as ``Image 2 of 5``, an image control such as ``Enlarge
    Image``, a caption label, or the previous picture's credit), or the line must read like a caption (``left``,
    ``pictured``, a weekday with a date). Under an image control, even a news agency alone below the line counts
    as its credit. A credit after a blank line may belong to a picture without a caption, so the paragraph above
    it is left alone; the first line of a document (the headline) is never taken.

    ## Why is this bad?
    The caption describes a picture the text no longer has.

    ## Example
    ```text
    Burning crop stubble outside of Delhi is sending smoke into the city and harming air quality.
    Sakib Ali/Hindustan Times/Getty Images
    ```

    ## Fix safety
    Safe when caption and credit form a paragraph of their own and the credit is unambiguous, or when a gallery
    frames them; unsafe when only the wording says "caption" (single-newline text, where every paragraph touches
    the next). Caption lines deleted together (counter, caption, credit) go in one pass: each owes its verdict to
    the others.
    """

    code = "C007"
    name = "lone-caption"


RULES = (RepeatedCaption, CreditLine, CreditSuffix, CaptionWithCredit, CaptionLabel, MediaRemnant, LoneCaption)
