"""Grading a large class: 1,000 students' highlight files, report included.

    python benchmarks/grading.py [--students N]

Writes N synthetic submissions (a random share of the key's items, some marks
shorter or longer than the key's, some false alarms; every tenth file as W3C
JSON, a few damaged) into a scratch folder, then times grading, the CSV and the
HTML class report, and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import random
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    medialit.analyze(medialit.load_article())  # load the tagger before timing: a teacher's kernel has it already
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "submitted"
        folder.mkdir()
        make_class(folder, args.students)
        t0 = time.perf_counter()
        results = medialit.grade_class(folder)
        t1 = time.perf_counter()
        results.to_csv(Path(tmp) / "class.csv")
        t2 = time.perf_counter()
        html = results.to_html()
        (Path(tmp) / "class.html").write_text(html, encoding="utf-8")
        t3 = time.perf_counter()
    print(f"students={len(results.graded)} problems={len(results.problems)}")
    print(
        f"grade_seconds={t1 - t0:.2f} csv_seconds={t2 - t1:.2f} report_seconds={t3 - t2:.2f} total_seconds={t3 - t0:.2f}"
    )
    print(f"report_kib={len(html.encode()) // 1024}")


if __name__ == "__main__":
    main()
