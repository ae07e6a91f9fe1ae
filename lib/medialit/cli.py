"""The ``medialit`` command: analyse an article, print the key, fetch NLTK data.

Bad input ends with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from .text import shorten
from .untrusted import for_terminal

EXIT_BAD_INPUT = 2

NEXT_STEP = "Next: open the lessons with `./kit lab` (JupyterLab, opened at notebooks/01-Start-Here.ipynb)."


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


def _write(path: str, content: str, inputs: Sequence[str | None] = ()) -> Path:
    """Write an output file; never over a special file or over one of the ``inputs`` being read."""
    from .files import UnsafeFileError, atomic_write

    try:
        return atomic_write(path, content, protect=[p for p in inputs if p])
    except UnsafeFileError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_outputs(outputs: Sequence[str | None], inputs: Sequence[str | None]) -> None:
    """Refuse bad output paths before any work is done (a special file, the input itself)."""
    from .files import UnsafeFileError, check_target

    for out in outputs:
        if out:
            try:
                check_target(out, [p for p in inputs if p])
            except UnsafeFileError as exc:
                raise UsageError(str(exc)) from None


def _key_overlap(analysis) -> dict[str, tuple[int, int]] | None:
    """Per label: (findings, findings overlapping a key item of that label), if a key exists."""
    from .keys import AnswerKeyError, answer_key

    try:
        key = answer_key(analysis.article)
    except AnswerKeyError:
        return None
    out = {}
    for label, n in analysis.counts().items():
        items = key.by_label("hedge" if label == "booster" else label)
        found = analysis.by_label(label)
        out[label] = (n, sum(1 for a in found if any(a.overlaps(k) for k in items)))
    return out


def cmd_analyze(args: argparse.Namespace) -> int:
    from .detectors import analyze
    from .render import render_page
    from .text import load_article

    _check_outputs([args.html, args.json], [args.path])
    article = load_article(args.path)
    analysis = analyze(article)
    width = max(60, shutil.get_terminal_size((100, 20)).columns)
    text = article.text
    out = []
    out.append(f"medialit analysis: {for_terminal(article.title or article.name)}")
    out.append(
        f"{for_terminal(article.name)} · {len(text):,} characters · {len(article.paragraphs)} paragraphs · {len(article.sentences)} sentences"
    )
    meta = [f"{k} “{text[s.start : s.end]}”" for k, s in article.metadata.items()]
    missing = [
        k
        for k in ("byline", "date")
        if k not in article.metadata and not (k == "date" and "dateline" in article.metadata)
    ]
    out.append("Metadata: " + ("; ".join(meta) or "none") + ("; missing: " + ", ".join(missing) if missing else ""))
    out.append("")
    overlap = _key_overlap(analysis)
    out.append("Findings per label" + ("   (how many overlap the answer key)" if overlap else ""))
    for label, n in analysis.counts().items():
        extra = f"   {overlap[label][1]} of {n} overlap the key" if overlap else ""
        out.append(f"  {label:<18} {n:>4}{extra}")
    out.append("")
    counts = analysis.source_counts()
    unclear = sum(1 for a in analysis.attributions if a.kind == "pronoun" and not a.resolved_to)
    out.append(
        "Sources (who says so?): "
        + " · ".join(f"{k} {n}" + (f" ({unclear} unclear)" if k == "pronoun" else "") for k, n in counts.items())
    )
    out.append(f"  {'S#':>3}  {'kind':<13} {'source':<34} {'cue':<14} content")
    for a in analysis.attributions:
        src = a.source.text_of(text) if a.source else "(nobody)"
        kind = a.kind + ("→" + a.resolved_to.split()[-1] if a.resolved_to else "")
        content = a.content.text_of(text) if a.content else ""
        out.append(
            f"  {article.sentence_index(a.cue.start) + 1:>3}  {shorten(kind, 13):<13} {shorten(src, 34):<34} "
            f"{shorten(a.cue.text_of(text), 14):<14} {shorten(content, max(10, width - 72))}"
        )
    out.append("")
    out.append("Every finding, by sentence")
    for a in analysis.annotations:
        quote = shorten(a.text_of(text), max(20, width - 62))
        out.append(f"  S{article.sentence_index(a.start) + 1:<3} {a.label:<18} {shorten(a.rule, 34):<34} “{quote}”")
    out.append("")
    if args.html:
        path = _write(args.html, render_page(analysis), [args.path])
        out.append(f"HTML report written to {for_terminal(path)} (open it in a web browser).")
    if args.json:
        path = _write(args.json, json.dumps(analysis.to_dict(), ensure_ascii=False, indent=1) + "\n", [args.path])
        out.append(f"JSON written to {for_terminal(path)}.")
    out.append(NEXT_STEP)
    print(for_terminal("\n".join(out), keep_newlines=True))  # the article's text cannot drive the terminal
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    from .keys import answer_key

    key = answer_key()
    if args.json:
        print(json.dumps(key.to_dict(), ensure_ascii=False, indent=1))
        return 0
    text = key.article.text
    two = sum(1 for a in key if a.also)
    print(
        f"{key.title}: {len(key)} items ({', '.join(f'{n} {lb}' for lb, n in key.counts().items())}), "
        f"{len(key.core())} core" + (f"; {two} count under two labels" if two else "")
    )
    for label in key.counts():
        print(f"\n{label}")
        for a in key.by_label(label):
            where = f"S{key.article.sentence_index(a.start) + 1}"
            if a.label != label:  # one problem under two labels: told in full under its first label
                print(f"  {a.id:<4} {where:<4} see {a.label}: “{a.text_of(text)}”")
                continue
            kind = " ".join(x for x in (a.priority, a.origin) if x)  # core/extra, and wire/copy: where it came from
            print(f"  {a.id:<4} {where:<4} {kind:<10} [{a.category}] “{a.text_of(text)}”")
            print(f"        {a.note}")
            if a.correction:
                print(f"        intended: {a.correction}")
            if a.original:
                print(f"        the wire said: “{a.original.get('quote', '')}” ({a.original.get('url', '')})")
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    from . import resources

    still = resources.missing() if args.check else resources.fetch(args.download_dir)
    if still:
        raise UsageError(
            f"NLTK data missing: {', '.join(still)}; connect to the internet and run `medialit setup`, "
            "or set NLTK_DATA to a folder that holds it"
        )
    print("NLTK data ready: " + ", ".join(resources.NLTK_RESOURCES.values()))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from .grading import grade_class
    from .keys import answer_key, load_key
    from .text import load_article

    inputs = [args.article, args.key, args.submissions]
    _check_outputs([args.csv, args.html], inputs)
    article = load_article(args.article)
    key = load_key(args.key, article) if args.key else answer_key(article)
    labels = [lb.strip() for lb in args.labels.split(",")] if args.labels else None
    tags = {}
    for pair in args.tag or []:
        tag, sep, label = pair.rpartition("=")
        if not sep or not tag.strip() or not label.strip():
            raise UsageError(f"--tag wants TAG=LABEL, for example --tag 'vague=hedge' (got {pair!r})")
        tags[tag.strip()] = label.strip()
    results = grade_class(args.submissions, key, assignment=args.assignment, labels=labels, tags=tags or None)
    graded, problems = results.graded, results.problems
    out = [f"Graded {len(graded)} students against {len(results.key)} key items; {len(problems)} files with problems."]
    if graded:
        out.append(f"  {'label':<18} {'precision':>9} {'recall':>7} {'F1':>5}   (class averages)")
        for label in results.labels:
            scores = [s.report.labels[label] for s in graded]
            n = len(scores)
            out.append(
                f"  {label:<18} {sum(x.precision for x in scores) / n:>9.0%} {sum(x.recall for x in scores) / n:>7.0%} "
                f"{sum(x.f1 for x in scores) / n:>5.2f}"
            )
    for s in problems:
        out.append(f"  not graded: {for_terminal(s.file)}: {for_terminal(s.problem)}")
    if results.skipped:
        out.append(f"Skipped {len(results.skipped)} files that are not highlight files:")
        shown = results.skipped if len(results.skipped) <= 20 else results.skipped[:10]
        out.extend(f"  skipped: {for_terminal(f)}: {why}" for f, why in shown)
        if len(shown) < len(results.skipped):
            counts: dict[str, int] = {}
            for _, why in results.skipped[len(shown) :]:
                counts[why] = counts.get(why, 0) + 1
            out.append("  and " + "; ".join(f"{n:,} more: {why}" for why, n in counts.items()))
    for s in graded:
        out += [f"  not placed, not graded: {for_terminal(s.file)}: {for_terminal(u)}" for u in s.unanchored]
    if args.csv:
        _write(args.csv, results.to_csv(), inputs)
        out.append(f"CSV written to {for_terminal(args.csv)}.")
    if args.html:
        _write(args.html, results.to_html(), inputs)
        out.append(f"Class report written to {for_terminal(args.html)} (open it in a web browser).")
    print(for_terminal("\n".join(out), keep_newlines=True))
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from .detectors import REGISTRY

    for r in REGISTRY.values():
        print(f"{r.id:<38} {r.label:<18} {r.pattern}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medialit", description="Spot attribution gaps, hedged claims and translation errors in a news article."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyze", help="analyse an article (default: the bundled one)")
    p.add_argument("path", nargs="?", help="a .txt, .md or .html file; none for the bundled article")
    p.add_argument("--html", metavar="OUT", help="write a self-contained HTML page with highlights")
    p.add_argument("--json", metavar="OUT", help="write the findings as JSON")
    p.set_defaults(func=cmd_analyze)
    p = sub.add_parser("key", help="print the bundled article's answer key")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(func=cmd_key)
    p = sub.add_parser("setup", help="download the NLTK data the kit needs")
    p.add_argument("--check", action="store_true", help="only check, download nothing")
    p.add_argument("--download-dir", metavar="DIR", help="where to put the data (default: NLTK's own)")
    p.set_defaults(func=cmd_setup)
    p = sub.add_parser("grade", help="grade a class's highlight files against a key")
    p.add_argument("submissions", help="a folder of students' highlight files, or nbgrader's submitted/ folder")
    p.add_argument("--key", metavar="KEY", help="a teacher's answer key (JSON); default: the bundled article's key")
    p.add_argument("--article", metavar="PATH", help="the article the key belongs to (default: the bundled one)")
    p.add_argument("--assignment", metavar="NAME", help="in nbgrader's submitted/ tree: the assignment to grade")
    p.add_argument("--labels", metavar="L1,L2", help="grade these labels only (the kit's assignments choose their own)")
    p.add_argument(
        "--tag", metavar="TAG=LABEL", action="append", help="Hypothes.is: a class's own tag for a label (repeatable)"
    )
    p.add_argument("--csv", metavar="OUT", help="write one row per student")
    p.add_argument("--html", metavar="OUT", help="write the class report")
    p.set_defaults(func=cmd_grade)
    p = sub.add_parser("rules", help="list every detector rule")
    p.set_defaults(func=cmd_rules)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .grading import GradingError
    from .highlights import HighlightsError
    from .keys import AnswerKeyError
    from .resources import MissingResourceError
    from .text import ArticleError

    try:
        return args.func(args)
    except (UsageError, ArticleError, AnswerKeyError, MissingResourceError, GradingError, HighlightsError) as exc:
        print(f"medialit: error: {for_terminal(exc)}", file=sys.stderr)  # one line, nothing for the terminal to run
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("medialit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
