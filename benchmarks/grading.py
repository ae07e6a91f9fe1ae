"""Grading a large class: 1,000 students' highlight files (10,000 with --students 10000), report included.

    python benchmarks/grading.py [--students N] [--damaged 0.01]

Writes N synthetic submissions (a random share of the key's items, some marks
shorter or longer than the key's, some false alarms; every tenth file as W3C
JSON) into a scratch folder, damages a share of them in every way issue 11 lists
(truncated, nested 100,000 deep, a 5,000-digit integer, W3C of the wrong types,
a named pipe, a dangling link, a file over the size limit), then times grading,
the CSV and the HTML class report, and prints the figures with the peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from pathlib import Path

import medialit
from medialit.highlights import to_document, to_w3c


def make_class(folder: Path, students: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    article = medialit.load_article()
    key = medialit.answer_key(article)
    text = article.text
    for i in range(students):
        skill = rng.random()
        marks = []
        for item in key:
            if rng.random() < skill:
                start = max(0, item.start - rng.choice((0, 0, 3)))
                end = min(len(text), item.end + rng.choice((0, 0, 5)))
                marks.append({"start": start, "end": end, "label": item.label})
        for _ in range(rng.randint(0, 6)):
            start = rng.randrange(0, len(text) - 20)
            marks.append({"start": start, "end": start + rng.randint(3, 15), "label": rng.choice(medialit.LABELS)})
        doc = to_w3c(marks, article) if i % 10 == 0 else to_document(marks, article)
        path = folder / f"student{i:04d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
    (folder / "broken.json").write_text('{"schema": "medialit.highlights/1", "annot', encoding="utf-8")
    (folder / "empty.json").write_text("", encoding="utf-8")


DAMAGE = (
    lambda p: p.write_text(p.read_text(encoding="utf-8")[:50], encoding="utf-8"),  # cut off
    lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"),  # nested 100,000 deep
    lambda p: p.write_text('{"schema": "medialit.highlights/1", "x": ' + "9" * 5000 + "}", encoding="utf-8"),
    lambda p: p.write_text(json.dumps({"type": "AnnotationPage", "items": 5}), encoding="utf-8"),
    lambda p: p.write_text(json.dumps({"type": "AnnotationCollection", "first": {"items": 7}}), encoding="utf-8"),
    lambda p: p.write_text(json.dumps({"type": ["Annotation"]}), encoding="utf-8"),
    lambda p: (p.unlink(), os.mkfifo(p)),  # a named pipe
    lambda p: (p.unlink(), p.symlink_to(p.with_name("gone.json"))),  # a dangling link
    lambda p: p.open("r+b").truncate(20_000_000),  # over the size limit (sparse: nothing written)
)


def damage(folder: Path, share: float, seed: int = 11) -> int:
    """Damage ``share`` of the student files, each in one of the ways issue 11 lists; how many."""
    rng = random.Random(seed)
    files = sorted(folder.glob("student*.json"))
    chosen = rng.sample(files, int(len(files) * share))
    for n, path in enumerate(chosen):
        DAMAGE[n % len(DAMAGE)](path)
    return len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--damaged", type=float, default=0.01, help="share of files to damage")
    args = parser.parse_args()
    medialit.analyze(medialit.load_article())  # load the tagger before timing: a teacher's kernel has it already
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "submitted"
        folder.mkdir()
        make_class(folder, args.students)
        damaged = damage(folder, args.damaged)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        results = medialit.grade_class(folder)
        t1 = time.perf_counter()
        rss_graded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        results.to_csv(Path(tmp) / "class.csv")
        t2 = time.perf_counter()
        html = results.to_html()
        (Path(tmp) / "class.html").write_text(html, encoding="utf-8")
        t3 = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"load_average={os.getloadavg()[0]:.1f} (figures are slower on a busy machine)")
    print(f"students={len(results.graded)} problems={len(results.problems)} damaged_files={damaged}")
    print(
        f"grade_seconds={t1 - t0:.2f} csv_seconds={t2 - t1:.2f} report_seconds={t3 - t2:.2f} total_seconds={t3 - t0:.2f}"
    )
    print(f"report_kib={len(html.encode()) // 1024}")
    print(
        f"peak_rss_mib={peak / 1024:.0f} (before grading: {rss_before / 1024:.0f}, "
        f"after grading: {rss_graded / 1024:.0f}, after the CSV and the report: {peak / 1024:.0f})"
    )


if __name__ == "__main__":
    main()
