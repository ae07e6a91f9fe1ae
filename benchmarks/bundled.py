"""The detectors on the bundled article against its answer key: what they find, what overlaps.

    python benchmarks/bundled.py

Prints, per label: key items, detector findings, findings that overlap a key
item of the same label (precision-like), key items touched by a finding
(recall-like), and the time the analysis takes.
"""

from __future__ import annotations

import time

import medialit


def main() -> None:
    t0 = time.perf_counter()
    article = medialit.load_article()
    analysis = medialit.analyze(article)
    elapsed = time.perf_counter() - t0
    key = medialit.answer_key(article)
    print(f"bundled article: {len(article.text)} characters, {len(article.sentences)} sentences, {len(key)} key items")
    for label in (*medialit.LABELS, "booster"):
        items = key.by_label("hedge" if label == "booster" else label)
        found = analysis.by_label(label)
        overlapping = sum(1 for a in found if any(a.overlaps(k) for k in items))
        touched = sum(1 for k in items if any(a.overlaps(k) for a in found))
        print(
            f"label={label} key_items={len(key.by_label(label))} found={len(found)} "
            f"found_overlapping_key={overlapping} key_items_touched={touched}"
        )
    print("sources " + " ".join(f"{k}={n}" for k, n in analysis.source_counts().items()))
    print(f"analyze_seconds={elapsed:.3f} (first call: loads the tagger)")


if __name__ == "__main__":
    main()
