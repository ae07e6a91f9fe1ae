"""The kit's selectors in a real W3C client: Apache Annotator (``@apache-annotator/dom`` from npm) in Chromium.

Both directions, on the bundled article and on one with emoji (code points, not UTF-16 units):
every TextQuoteSelector and TextPositionSelector the kit exports anchors on the same text with
Apache Annotator, and every range Apache Annotator describes imports with ``from_w3c`` to the
same span. Pages: a ``<pre>`` of the plain text (the reference), the HTML of ``render_html``,
the analysis page ``medialit analyze --html`` writes, and the Highlighter in real JupyterLab.
The kit's pages pass only when their DOM text equals ``article.text`` (paragraph separators as
text nodes).

Apache Annotator is bundled into one browser script by esbuild (both from ``tests/browser/js``,
installed by ``npm ci`` there, which ``.ci/run`` does); the bundle is rebuilt on every run.
"""

from __future__ import annotations

import difflib
import html
import json
import subprocess
from pathlib import Path

import medialit
import pytest
from clirun import run_cli  # tests/ is on the path (its conftest.py)
from harness import notebook, open_lab_notebook, serve
from medialit.keys import answer_key
from medialit.text import Article
from medialit.w3c import read_w3c, to_w3c

pytestmark = pytest.mark.browser

JS = Path(__file__).parent / "js"
BUNDLE = JS / "dist" / "annotator.js"
#: emoji put into the bundled article: a flag (2 code points) in the title, a family (5, joined) in the text
EMOJI = (("standoff", "🇺🇦 "), ("Moscow", "👩‍👩‍👧 "))


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not (JS / "node_modules" / "@apache-annotator" / "dom").is_dir():
        pytest.fail(f"Apache Annotator is not installed: run `npm ci` in {JS} (.ci/run does)")
    done = subprocess.run(["npm", "run", "--silent", "build"], cwd=JS, capture_output=True, text=True)
    assert done.returncode == 0, f"esbuild could not bundle Apache Annotator: {done.stderr}"
    return BUNDLE


def _with_emoji(article: Article, marks: list[dict]) -> tuple[Article, list[dict]]:
    """The article with EMOJI put before words (marks move with their text), plus a mark on each word after an emoji."""
    text = article.text
    inserts = sorted((text.index(word), emoji, word) for word, emoji in EMOJI)

    def moved(offset: int, is_end: bool = False) -> int:
        return offset + sum(len(e) for at, e, _ in inserts if at < offset or (at == offset and not is_end))

    pieces, last = [], 0
    for at, emoji, _ in inserts:
        pieces += [text[last:at], emoji]
        last = at
    new = "".join([*pieces, text[last:]])
    moved_marks = [{"start": moved(m["start"]), "end": moved(m["end"], True), "label": m["label"]} for m in marks]
    for old, m in zip(marks, moved_marks):
        quote = new[m["start"] : m["end"]]  # a quote may hold an emoji now
        assert quote.replace("🇺🇦 ", "").replace("👩‍👩‍👧 ", "") == text[old["start"] : old["end"]]
    after = [{"start": moved(at), "end": moved(at) + len(word), "label": "hedge"} for at, _, word in inserts]
    for (_, _, word), m in zip(inserts, after):
        assert new[m["start"] : m["end"]] == word
    return Article.from_text(new), moved_marks + [m for m in after if m not in moved_marks]


def _cases() -> dict[str, tuple[Article, list[dict]]]:
    article = medialit.load_article()
    marks = [{"start": k.start, "end": k.end, "label": k.label} for k in answer_key(article)]
    return {"bundled": (article, marks), "emoji": _with_emoji(article, marks)}


CASES = _cases()


def _notebook_files() -> dict[str, str | dict]:
    """A notebook per case that shows the case's article in a Highlighter holding the case's marks."""
    files: dict[str, str | dict] = {}
    for case, (article, marks) in CASES.items():
        files[f"{case}.txt"] = article.text
        files[f"{case}-marks.json"] = json.dumps(marks)
        files[f"{case}.ipynb"] = notebook(
            [
                "import json, medialit\n"
                f"article = medialit.Article.from_text(open({case + '.txt'!r}, encoding='utf-8').read())\n"
                "hl = medialit.Highlighter(article)\n"
                f"hl.annotations = json.load(open({case + '-marks.json'!r}, encoding='utf-8'))\n"
                "hl"
            ]
        )
    return files


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with serve("lab", tmp_path_factory.mktemp("lab-annotator"), _notebook_files()) as server:
        yield server


def _open(page, where: str, case: str, tmp_path: Path, bundle: Path, request) -> str:
    """Load the page; return the CSS selector of the element whose text the selectors count in."""
    article, marks = CASES[case]
    if where == "Highlighter":
        open_lab_notebook(page, request.getfixturevalue("lab"), f"{case}.ipynb")
        page.wait_for_selector('[data-medialit="text"] mark', timeout=90_000)
        scope = '[data-medialit="text"]'
    elif where == "pre":
        page.set_content(f'<!DOCTYPE html><meta charset="utf-8"><pre id="scope">{html.escape(article.text)}</pre>')
        scope = "#scope"
    elif where == "render_html":
        fragment = medialit.render_html(article, marks)
        page.set_content(f'<!DOCTYPE html><meta charset="utf-8"><body>{fragment._repr_html_()}</body>')
        scope = ".medialit-article"
    else:  # the analysis page the command writes
        source = tmp_path / "article.txt"
        source.write_text(article.text, encoding="utf-8")
        out = tmp_path / "analysis.html"
        done = run_cli("analyze", str(source), "--html", str(out))
        assert done.returncode == 0, done.stderr
        page.goto(out.as_uri())
        scope = ".medialit-article"
    page.add_script_tag(path=str(bundle))
    return scope


def _on_page(text: str, shown: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Offsets in the page's text ``shown`` of each ``text[start:end]`` (the same where the page's text is the article's)."""
    if shown == text:
        return spans
    blocks = difflib.SequenceMatcher(None, text, shown, autojunk=False).get_matching_blocks()

    def where(offset: int) -> int:
        return next(b + offset - a for a, b, size in blocks if a <= offset < a + size)

    return [(where(start), where(end - 1) + 1) for start, end in spans]


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("where", ["pre", "render_html", "analysis page", "Highlighter"])
def test_apache_annotator_anchors_every_exported_selector_and_describes_ranges_we_import(
    page, bundle: Path, tmp_path: Path, where: str, case: str, request
) -> None:
    article, marks = CASES[case]
    text = article.text
    scope = _open(page, where, case, tmp_path, bundle, request)
    assert page.evaluate("s => document.querySelector(s) !== null", scope)
    dom_text = page.evaluate("s => document.querySelector(s).textContent", scope)

    # kit -> Apache Annotator: each exported selector matches exactly once, on the same text
    doc = to_w3c(marks, article)
    items = doc["first"]["items"]
    found = page.evaluate(
        """async ([scope, items]) => {
            const root = document.querySelector(scope);
            const out = [];
            for (const sels of items) out.push(await Promise.all(sels.map(s => MedialitAnnotator.anchor(s, root))));
            return out;
        }""",
        [scope, [item["target"]["selector"] for item in items]],
    )
    quotes = sum(q == [item["target"]["selector"][0]["exact"]] for (q, _), item in zip(found, items))
    positions = sum(p == [item["target"]["selector"][0]["exact"]] for (_, p), item in zip(found, items))

    # Apache Annotator -> kit: the selectors it writes for each highlight's range (on the page's own text)
    # import to the same span, even where the page's text is not the article's (positions drift then)
    spans = _on_page(text, dom_text, [(m["start"], m["end"]) for m in marks])
    described = page.evaluate(
        """async ([scope, spans]) => {
            const root = document.querySelector(scope);
            const out = [];
            for (const [s, e] of spans) out.push(await MedialitAnnotator.describe(root, s, e));
            return out;
        }""",
        [scope, spans],
    )
    imported, failures = 0, []
    for m, d, span in zip(marks, described, spans):
        if d["quote"] is None:  # no range: the page's text is shorter than the article's
            continue
        annotation = {
            "type": "Annotation",
            "body": {"type": "TextualBody", "purpose": "tagging", "value": m["label"]},
            "target": {"source": "https://example.org/article", "selector": [d["quote"], d["position"]]},
        }
        back, lost = read_w3c(annotation, article)
        same = d["text"] == dom_text[slice(*span)]  # the range covers the highlight's text
        if (
            same
            and not lost
            and [(b["start"], b["end"], b["label"]) for b in back] == [(m["start"], m["end"], m["label"])]
        ):
            imported += 1
        else:
            failures.append(f"{m} from {d}: {back or [str(u) for u in lost]}")
    n = len(items)
    assert n == len(marks)
    print(
        f"\nApache Annotator, {where}, {case} article: quotes {quotes}/{n}, positions {positions}/{n}, "
        f"its ranges imported {imported}/{n}; DOM text equals article.text: {dom_text == text}"
    )
    assert n >= 10
    assert imported == n, (
        f"{n - imported} ranges Apache Annotator described did not import to their span: {failures[:3]}"
    )
    # the kit's pages: these need the DOM text to be article.text (paragraph separators as text nodes)
    assert dom_text == text, f"the {where} DOM text differs from article.text, so positions cannot anchor"
    assert (quotes, positions) == (n, n)
