"""``--output-format html``: the page's content, its escaping of everything a document brings, its caps, and what a
real browser (headless Chromium) shows: findings highlighted, popups, and a ``<script>`` from a scraped page shown as
text, never run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapelint.cli import main
from scrapelint.finding import Severity
from scrapelint.reporters import html as html_report
from scrapelint.reporters.html_text import PIECE_CHARS, Mark, highlight, pieces, show, side_by_side

HOSTILE = (
    'Breaking: <script>document.title="pwned";document.documentElement.setAttribute("data-pwned","1")</script> '
    "the g\u03bfvernment said.\n"
    "<img src=x onerror=\"document.title='pwned'\"> </pre></section><style>body{display:none}</style>\n"
    "Hidden: zero\u200bwidth and \u202eevil\u202c and a no-break\u00a0space.\n"
)
HOSTILE_NAME = "page <img src=x onerror=alert(1)> & co.txt"
ARTICLE = "The c\u03bfuncil met on Monday.\n\nIt approved the new budget after a long debate.\n"
CLEAN = "Rain is expected across the north later this week.\n"


def report_for(tmp_path: Path, files: dict[str, str], *args: str) -> str:
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["check", "--output-format", "html", "-o", str(out), *args, *paths])
    assert result.exit_code in (0, 1), result.output
    return out.read_text(encoding="utf-8")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> and <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.raw else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def shown_text(page: str, name: str) -> str:
    """The highlighted text of the document whose path ends with ``name`` (HTML or DOM serialisation)."""
    start = page.index(html.escape(name, quote=False) + "</span>")
    return page[page.index('<pre class="text">', start) : page.index("</pre>", start)]


# -- escaping ---------------------------------------------------------------------------------------------------------


def test_show_escapes_markup_and_makes_invisible_characters_visible() -> None:
    shown = show("<script>alert(\"x\")</script> & 'q' zero\u200bwidth \u202eevil \udc80 no\u00a0break")
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "&quot;x&quot;" in shown
    assert "\u200b" not in shown and ">200B<" in shown and 'title="U+200B ZERO WIDTH SPACE"' in shown
    assert "\u202e" not in shown and ">202E<" in shown
    assert "\udc80" not in shown and ">DC80<" in shown
    assert '<span class="sp" title="U+00A0 NO-BREAK SPACE">\u00a0</span>' in shown
    shown.encode("utf-8")  # a lone surrogate from a badly decoded file must not break writing the page


def test_the_page_has_only_its_own_script_and_style_and_no_event_handlers(tmp_path: Path) -> None:
    page = report_for(tmp_path, {HOSTILE_NAME: HOSTILE, "article.txt": ARTICLE})
    parsed = parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert [t for t, _ in parsed.tags].count("style") == 1
    assert [t for t, _ in parsed.tags].count("img") == 0
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("src", "href", "action", "formaction"):
            assert attrs.get(name) is None or attrs[name].startswith("#"), (tag, attrs)  # no network, ever
    # The document's markup is in the page as text: the shown text is the document's, line for line.
    shown = strip_tags(shown_text(page, HOSTILE_NAME))
    assert HOSTILE.splitlines()[:2] == shown.splitlines()[:2]
    assert html.escape(HOSTILE_NAME) in page


def test_the_content_security_policy_allows_exactly_the_pages_script_and_style(tmp_path: Path) -> None:
    parsed = parse(report_for(tmp_path, {"article.txt": ARTICLE}))
    (csp,) = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp is not None and "default-src 'none'" in csp

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()

    assert f"script-src 'sha256-{digest(''.join(parsed.raw['script']))}'" in csp
    assert f"style-src 'sha256-{digest(''.join(parsed.raw['style']))}'" in csp


# -- content ----------------------------------------------------------------------------------------------------------


def test_summary_counts_per_family_and_rule_and_lists_documents(tmp_path: Path) -> None:
    page = report_for(tmp_path, {"article.txt": ARTICLE, "clean.txt": CLEAN, "other.txt": "A g\u03bfod day.\n"})
    assert "<dt>documents checked</dt><dd>3</dd>" in page
    assert "<dt>documents with findings</dt><dd>2</dd>" in page
    rules = re.findall(r'data-code="([A-Z]\d{3})" data-family-of="(\d+)"', page)
    assert ("U001", "0") in rules
    assert re.search(r'<tr class="family">.*?unicode</td><td class="num">2</td>', page)
    assert re.search(r'<td class="code">U001</td><td>mixed-script-word</td>.*?<td class="num">2</td>', page)
    toc = re.findall(r'<li><a href="#(d\d+)">([^<]*)</a>', page)
    assert [(a, Path(n).name) for a, n in toc] == [("d0", "article.txt"), ("d1", "other.txt")]  # clean: not shown


def test_findings_are_highlighted_in_place_with_rule_message_and_fix(tmp_path: Path) -> None:
    page = report_for(tmp_path, {"article.txt": ARTICLE})
    marks = re.findall(r'<mark class="m fam-0 sev-(\w+)"[^>]*data-f="([^"]+)"[^>]*>(.*?)</mark>', page)
    assert marks and all(sev in {s.value for s in Severity} for sev, _, _ in marks)
    assert any("\u03bf" in strip_tags(inner) for _, _, inner in marks)
    row = re.search(r'<tr id="d0f0" class="fam-0" data-code="U001">(.*?)</tr>', page)
    assert row is not None
    cells = strip_tags(row.group(1))
    assert "1:" in cells and "U001" in cells and "mixed-script-word" in cells and "fix" in cells


def test_check_run_previews_the_safe_fixes_side_by_side(tmp_path: Path) -> None:
    page = report_for(tmp_path, {"article.txt": ARTICLE})
    assert "Preview of the safe fixes" in page and "What --fix changed" not in page
    diff = page[page.index('<table class="sbs">') :]
    assert '<tr class="chg">' in diff and "<del>" in diff and "<ins>" in diff
    assert "c<ins>o</ins>uncil" in diff or "<ins>council</ins>" in diff
    assert (tmp_path / "article.txt").read_text(encoding="utf-8") == ARTICLE  # a check writes nothing


def test_fix_run_shows_what_changed(tmp_path: Path) -> None:
    page = report_for(tmp_path, {"article.txt": ARTICLE}, "--fix")
    assert "What --fix changed" in page and "Preview of the safe fixes" not in page
    assert "Fixes applied: U001" in page
    assert "c<del>\u03bf</del>uncil" in page or "<del>c\u03bfuncil</del>" in page
    assert (tmp_path / "article.txt").read_text(encoding="utf-8") == ARTICLE.replace("\u03bf", "o")


def test_diff_run_shows_what_fix_would_change_and_writes_nothing(tmp_path: Path) -> None:
    page = report_for(tmp_path, {"article.txt": ARTICLE}, "--diff")
    assert "What --fix would change (--diff: nothing was written)" in page and "Fixes to apply: U001" in page
    assert (tmp_path / "article.txt").read_text(encoding="utf-8") == ARTICLE


def test_jsonl_records_are_documents_of_their_own(tmp_path: Path) -> None:
    records = [{"text": ARTICLE}, {"text": CLEAN}, {"text": HOSTILE}]
    dump = "".join(json.dumps(r) + "\n" for r in records)
    page = report_for(tmp_path, {"dump.jsonl": dump})
    toc = [html.unescape(n) for n in re.findall(r'<li><a href="#d\d+">([^<]*)</a>', page)]
    assert [Path(n).name for n in toc] == ["dump.jsonl:1", "dump.jsonl:3"]


def test_size_caps_keep_the_page_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_report, "MAX_DOCUMENTS", 2)
    monkeypatch.setattr(html_report, "MAX_DOCUMENT_CHARS", 200)
    monkeypatch.setattr(html_report, "MAX_LISTED", 1)
    long_text = ARTICLE + "More text follows here, line after line.\n" * 40 + "The end of the g\u03bfod story.\n"
    files = {f"doc{i}.txt": long_text for i in range(5)}
    page = report_for(tmp_path, files, "--select", "U001")
    assert page.count('<section class="doc"') == 2
    assert "Showing the first 200 characters." in page
    assert "end of the g" not in page  # beyond the cap
    assert '<section id="not-shown">' in page and "\u2026 and 2 more." in page


# -- the highlighter ----------------------------------------------------------------------------------------------


def _mark(i: int, start: int, end: int, family: str = "unicode") -> Mark:
    return Mark(f"d0f{i}", "U001", "rule", family, Severity.ERROR, start, end, 1, start + 1, f"message {i}", "")


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab <&>\"'\n\r\t\u03bf"), max_size=60),
    spans=st.lists(st.tuples(st.integers(0, 70), st.integers(0, 20)), max_size=8),
)
def test_highlighting_keeps_the_text_and_covers_exactly_the_spans(text: str, spans: list[tuple[int, int]]) -> None:
    marks = [_mark(i, min(s, len(text)), min(s + n, len(text))) for i, (s, n) in enumerate(spans)]
    out = highlight(text, marks, ["unicode"])
    # Browsers read CR and CRLF as LF inside <pre>: compare the text as a browser sees it.
    assert strip_tags(out) == text.replace("\r\n", "\n").replace("\r", "\n") or strip_tags(out) == text
    covered = set()
    for m in re.finditer(r'<mark [^>]*data-f="([^"]*)"[^>]*>(.*?)</mark>', out, re.S):
        covered |= {int(i[3:]) for i in m.group(1).split()}
    assert covered == {i for i, m in enumerate(marks)}


def test_overlapping_findings_share_pieces_without_nesting() -> None:
    text = "abcdefghij"
    out = highlight(text, [_mark(0, 1, 6), _mark(1, 4, 9, "boilerplate")], ["unicode", "boilerplate"])
    assert "<mark" not in "".join(re.findall(r"<mark[^>]*>(.*?)</mark>", out))  # no mark inside a mark
    assert re.search(r'data-f="d0f0 d0f1"[^>]*>ef</mark>', out)  # the overlap names both
    assert re.search(r'class="m fam-0 sev-error" [^>]*data-f="d0f0"[^>]*>bcd</mark>', out)
    assert re.search(r'class="m fam-1 sev-error" [^>]*data-f="d0f1"[^>]*>ghi</mark>', out)


def test_empty_findings_become_a_caret_mark() -> None:
    out = highlight("ab", [_mark(0, 1, 1)], ["unicode"])
    assert '<mark class="m fam-0 sev-error point"' in out and strip_tags(out) == "ab"


def test_side_by_side_marks_changed_characters_and_keeps_context() -> None:
    before = "".join(f"line {i}\n" for i in range(20)).replace("line 10", "the g\u03bfvernment")
    after = before.replace("\u03bf", "o")
    out = side_by_side(before, after)
    assert out.count('<tr class="chg">') == 1
    assert out.count('<tr class="same">') == 6  # three lines of context on each side
    assert "g<del>\u03bf</del>vernment" in out and "g<ins>o</ins>vernment" in out
    assert "line 0" not in out


@pytest.mark.parametrize(
    "paragraph",
    [
        "".join(f"On day {i} the council met and approved the budget after a long debate. " for i in range(40)),
        " ".join(f"word{i} and more text" for i in range(400)),  # no sentence ends at all
    ],
    ids=["sentences", "no-sentences"],
)
def test_long_lines_are_compared_in_pieces_that_an_edit_does_not_shift(paragraph: str) -> None:
    middle = len(paragraph) // 2
    edited = paragraph[:middle] + paragraph[middle:].replace("e", "\u0435", 1)  # one Cyrillic look-alike
    out = side_by_side(paragraph, edited)
    assert out.count('<tr class="chg">') == 1 and out.count("<ins>") == 1
    assert all(len(piece) <= 2 * PIECE_CHARS for piece in pieces(paragraph))
    assert "".join(pieces(paragraph)) == paragraph


def test_rendering_a_large_document_is_fast(tmp_path: Path) -> None:
    import time

    words = "g\u03bfvernment said that the budget would be reviewed "
    text = (words * 1200)[: html_report.MAX_DOCUMENT_CHARS]
    marks = [_mark(i, m.start(), m.end()) for i, m in enumerate(re.finditer("\u03bf", text))][:2000]
    started = time.perf_counter()
    out = highlight(text, marks, ["unicode"])
    diff = side_by_side(text, text.replace("\u03bf", "o"))
    assert time.perf_counter() - started < 3.0
    assert out.count("<mark") == len(marks) and "<del>" in diff


# -- in a real browser --------------------------------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def browser() -> str:
    found = os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if not found:
        pytest.skip(
            "no Chromium for the browser test: install it (Debian/Ubuntu: `apt-get install chromium`; .ci/run does "
            "this in CI) or point CHROMIUM at a Chrome or Chromium binary"
        )
    return found


def chromium(tmp_path: Path, url: str, *mode: str) -> str:
    cmd = [
        browser(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--window-size=1280,1600",
        *mode,
        url,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_browser_harness_would_notice_a_script_that_runs(tmp_path: Path) -> None:
    """The control: an unescaped script does change the title, so the checks below mean something."""
    page = tmp_path / "control.html"
    page.write_text('<html><head><title>t</title></head><body><script>document.title="pwned"</script>', "utf-8")
    assert "<title>pwned</title>" in chromium(tmp_path, page.as_uri(), "--dump-dom")


def test_in_a_browser_scraped_markup_is_text_and_findings_are_marked(tmp_path: Path) -> None:
    report_for(tmp_path, {HOSTILE_NAME: HOSTILE, "article.txt": ARTICLE})
    dom = chromium(tmp_path, (tmp_path / "report.html").as_uri(), "--dump-dom")
    assert 'data-ready="1"' in dom  # the page's own script ran ...
    assert "<title>scrapelint report</title>" in dom  # ... the document's did not
    html_tag = re.search(r"<html[^>]*>", dom)
    assert html_tag is not None and "data-pwned" not in html_tag.group(0)
    assert dom.count("<script") == 1 and "<img" not in dom
    shown = strip_tags(shown_text(dom, HOSTILE_NAME))  # the text as the browser holds it: the markup is text
    assert HOSTILE.splitlines()[:2] == shown.splitlines()[:2]
    assert len(re.findall(r'<mark class="m fam-\d+ sev-\w+', dom)) >= 2
    assert re.search(r'<aside id="pop" hidden=""', dom)  # no popup until asked


def test_in_a_browser_a_finding_link_opens_its_popup(tmp_path: Path) -> None:
    page = report_for(tmp_path, {HOSTILE_NAME: HOSTILE})
    ident = re.search(r'<tr id="(d0f\d+)" class="fam-\d+" data-code="U001">', page)
    assert ident is not None
    dom = chromium(tmp_path, (tmp_path / "report.html").as_uri() + "#" + ident.group(1), "--dump-dom")
    pop = re.search(r'<aside id="pop"([^>]*)>(.*?)</aside>', dom, re.S)
    assert pop is not None and "hidden" not in pop.group(1)
    card = strip_tags(pop.group(2))
    assert "U001" in card and "mixed-script-word" in card and "line 1, column" in card and "fix" in card
    assert re.search(rf'<tr id="{ident.group(1)}" class="fam-\d+ sel"', dom)  # its row is selected too
    assert re.search(rf'<mark class="[^"]* sel"[^>]*data-f="{ident.group(1)}"', dom)  # and its highlight


def test_in_a_browser_the_page_renders(tmp_path: Path) -> None:
    report_for(tmp_path, {HOSTILE_NAME: HOSTILE, "article.txt": ARTICLE})
    shot = tmp_path / "report.png"
    chromium(tmp_path, (tmp_path / "report.html").as_uri(), f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000  # a page with content, not a blank one
