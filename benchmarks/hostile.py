"""Reading hostile input: the worst cases from issue 11, each at about 1 MB (or the size the issue gave).

    python benchmarks/hostile.py [--quick]

Every input is written to a file and read with ``medialit.load_article`` (or the key and
highlights readers), as the command and the notebooks do; the seconds each read takes are
printed, with the target (under 2 s for 1 MB or less) beside them. ``--quick`` reads each
case once instead of taking the best of three. Analysis time (the detectors) is printed for
the text cases as well, for information: the 2-second target is for reading.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import medialit
from medialit import AnswerKeyError, ArticleError, HighlightsError

MB = 1_000_000


def _cases() -> list[tuple[str, str, Callable[[], bytes]]]:
    """(name, file name, bytes) for each hostile input."""
    return [
        ("Markdown `_a _a _a …` (180 KB, issue: 5 min 44 s)", "italics.md", lambda: b"_a " * 60_000),
        ("Markdown `_a _a _a …` (1 MB)", "italics1.md", lambda: b"_a " * (MB // 3)),
        ("Markdown `[[[…](` (150 KB, issue: 31 s)", "links.md", lambda: b"[[[](" * 30_000),
        ("Markdown `[` × 500k then `](` (1 MB)", "brackets.md", lambda: b"[" * (MB // 2) + b"](" * (MB // 4)),
        ("Markdown `**a ` (1 MB)", "bold.md", lambda: b"**a " * (MB // 4)),
        ("Markdown backticks (1 MB)", "ticks.md", lambda: b"`a``" * (MB // 4)),
        ("Markdown `>` nesting (1 MB)", "quotes.md", lambda: b">" * MB),
        ("Markdown raw `<!--` (1 MB)", "comments.md", lambda: b"<!--" * (MB // 4)),
        ("HTML `</` (1 MB, issue: 2 min 31 s)", "close.html", lambda: b"</" * (MB // 2)),
        ("HTML `<p>x ` (1 MB, 200,000 paragraphs)", "paras.html", lambda: b"<p>x " * (MB // 5)),
        ("HTML `<div>` nesting (1 MB)", "divs.html", lambda: b"<div>" * (MB // 5)),
        ("HTML unterminated `<!--` (1 MB)", "comment.html", lambda: b"<p>x</p><!--" + b"a" * MB),
        ("HTML one tag, 250,000 attributes (1 MB)", "attrs.html", lambda: b"<p " + b"a=b " * (MB // 4) + b">x"),
        ("HTML `&amp` without `;` (1 MB)", "amp.html", lambda: b"<p>" + b"&amp" * (MB // 4)),
        ("text: 500,000 one-character lines (1 MB)", "lines.txt", lambda: b"a\n" * (MB // 2)),
        ("text: 1,000,000 one-character lines (2 MB, issue: 3 min 51 s)", "lines2.txt", lambda: b"a\n" * MB),
        ("text: bundled article repeated to 1 MB", "news.txt", lambda: (_bundled() * (MB // len(_bundled()))).encode()),
    ]


def _bundled() -> str:
    return medialit.load_article().text + "\n\n"


def _json_cases(sha: str) -> list[tuple[str, Callable[[], bytes]]]:
    return [
        ("JSON nested 100,000 deep", lambda: b"[" * 100_000 + b"]" * 100_000),
        ("JSON integer with 5,000 digits", lambda: b'{"items": [{"start": ' + b"9" * 5000 + b"}]}"),
        ("JSON 1 MB of one string", lambda: json.dumps({"items": ["x" * MB]}).encode()),
        (
            "highlights with 20,000 marks (1 MB)",
            lambda: json.dumps(
                {
                    "schema": "medialit.highlights/1",
                    "article_sha256": sha,
                    "annotations": [{"start": i % 4000, "end": i % 4000 + 5, "label": "hedge"} for i in range(20_000)],
                }
            ).encode(),
        ),
    ]


def _timed(read: Callable[[], object], repeat: int) -> tuple[float, float, str]:
    """Best wall-clock seconds, best CPU seconds of this process (what a machine to itself would take), outcome."""
    best, best_cpu, outcome = float("inf"), float("inf"), ""
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            result = read()
            outcome = f"read ({len(result.text):,} characters)" if hasattr(result, "text") else "read"
        except (ArticleError, AnswerKeyError, HighlightsError) as exc:
            outcome = f"refused: {str(exc)[:70]}"
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best, best_cpu, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="read each case once")
    parser.add_argument("--analyze", action="store_true", help="also time the detectors on the text cases")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    article = medialit.load_article()
    medialit.analyze(article)  # load the tagger first
    print(f"load average at start: {os.getloadavg()[0]:.1f} (figures are slower on a busy machine)")
    print(f"{'case':<64} {'MB':>5} {'seconds':>8} {'cpu s':>6}  target  outcome")
    worst = worst_cpu = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, filename, make in _cases():
            path = Path(tmp) / filename
            data = make()
            path.write_bytes(data)
            seconds, cpu, outcome = _timed(lambda p=path: medialit.load_article(p), repeat)
            size = len(data) / MB
            ok = "ok" if seconds < 2 or size > 1.01 else "SLOW"
            if size <= 1.01:
                worst, worst_cpu = max(worst, seconds), max(worst_cpu, cpu)
            print(f"{name:<64} {size:>5.2f} {seconds:>8.2f} {cpu:>6.2f}  {ok:<6}  {outcome}")
            if args.analyze and filename.endswith(".txt"):
                loaded = medialit.load_article(path)
                t0 = time.perf_counter()
                try:
                    medialit.analyze(loaded)
                    done = "analysed"
                except ArticleError as exc:
                    done = f"refused: {exc}"
                print(f"{'  … and the detectors on it':<64} {'':>5} {time.perf_counter() - t0:>8.2f}  (info)  {done}")
        from medialit import highlights, keys

        for name, make in _json_cases(article.sha256):
            data = make()
            path = Path(tmp) / "x.json"
            path.write_bytes(data)
            for reader, label in (
                (lambda p=path: keys.load_key(p, article), "key"),
                (lambda p=path: highlights.load(p, article), "highlights"),
            ):
                seconds, cpu, outcome = _timed(reader, repeat)
                worst, worst_cpu = max(worst, seconds), max(worst_cpu, cpu)
                print(
                    f"{name + ' as ' + label:<64} {len(data) / MB:>5.2f} {seconds:>8.2f} {cpu:>6.2f}  {'ok' if seconds < 2 else 'SLOW':<6}  {outcome}"
                )
    print(f"worst_read_seconds_1mb={worst:.2f} worst_read_cpu_seconds_1mb={worst_cpu:.2f}")


if __name__ == "__main__":
    main()
