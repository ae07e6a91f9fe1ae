"""How fast is the kit? ``analyze`` against the bare NLTK pipeline, imports, and the notebook suite.

    python benchmarks/speed.py [--mb 1.0] [--data DIR] [--skip-notebooks]

Builds a corpus of about 1 MB of news text (the PolNeAR articles from ``../shared/eval`` repeated,
or the bundled article repeated when that folder is missing) and, in the same run, times:

- the bare NLTK pipeline over the same articles: Punkt sentence splitting, Treebank word
  tokenisation and averaged-perceptron POS tagging (tagger and splitter loaded once, before timing);
- ``medialit.analyze`` over the same articles (every detector; the kit's tagger loaded once, before timing);
- the same two on a corpus twice the size, to show that the cost grows linearly;
- ``import medialit`` against ``import nltk``, each in a fresh interpreter, and whether importing
  ``medialit`` pulls in matplotlib or the widget stack (it must not);
- executing the notebook suite (every notebook under ``notebooks/`` and ``solutions/``) with nbval.

Prints words per second for both pipelines and ``analyze_vs_nltk=`` (the kit's time over NLTK's;
the target is 1.5 or less). Every time is the best of ``--repeat`` runs (``time.perf_counter``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval"


def corpus(megabytes: float, data: Path) -> tuple[list[str], str]:
    """Article texts adding up to about ``megabytes`` MB (characters), and where they come from."""
    texts: list[str] = []
    source = "PolNeAR articles (polnear*.jsonl)"
    for path in sorted(data.glob("polnear*.jsonl")) if data.is_dir() else []:
        with path.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    if not texts:
        import medialit

        texts, source = [medialit.load_article().text], "the bundled article"
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        for t in texts:
            out.append(t)
            size += len(t)
            if size >= target:
                break
    return out, source


_NLTK: dict[str, object] = {}


def load_nltk() -> None:
    """Load NLTK's Punkt splitter and perceptron tagger once, as any long-running NLTK program would."""
    import nltk
    from nltk.tag.perceptron import PerceptronTagger

    nltk.sent_tokenize("Warm up. Punkt is cached by NLTK.")
    _NLTK["tagger"] = PerceptronTagger()


def nltk_pipeline(texts: list[str]) -> int:
    """Sentence split, word tokenisation and POS tagging with plain NLTK; returns the number of tags."""
    import nltk

    tagger = _NLTK["tagger"]
    n = 0
    for text in texts:
        sents = [nltk.word_tokenize(s, preserve_line=True) for s in nltk.sent_tokenize(text)]
        for tagged in tagger.tag_sents(sents):  # what nltk.pos_tag_sents does, without reloading the model
            n += len(tagged)
    return n


def kit_pipeline(texts: list[str]) -> int:
    """``medialit.analyze`` on each article; returns the number of findings."""
    import medialit

    n = 0
    for text in texts:
        n += len(medialit.analyze(medialit.Article.from_text(text)).annotations)
    return n


def best_of(fn, arg, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t0)
    return min(times)


def import_time(module: str) -> tuple[float, set[str]]:
    """Seconds to import ``module`` in a fresh interpreter, and which heavy packages it pulled in."""
    code = (
        f"import sys, time; t = time.perf_counter(); import {module}; d = time.perf_counter() - t; "
        "heavy = [p for p in ('matplotlib', 'ipywidgets', 'anywidget', 'IPython', 'jupyterlab', 'nbgrader') "
        "if p in sys.modules]; print(d, ','.join(heavy))"
    )
    times, heavy = [], set()
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        seconds, _, loaded = out.stdout.strip().partition(" ")
        times.append(float(seconds))
        heavy |= {p for p in loaded.split(",") if p}
    return min(times), heavy


def notebooks() -> tuple[int, float | None, str]:
    """Execute every notebook under notebooks/ and solutions/ with nbval; (count, seconds, outcome)."""
    folders = [ROOT / name for name in ("notebooks", "solutions") if (ROOT / name).is_dir()]
    books = [p for f in folders for p in f.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    if not books:
        return 0, None, "none"
    t0 = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env"]
        + [str(f) for f in folders],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ},
    )
    seconds = time.perf_counter() - t0
    last = (run.stdout.strip().splitlines() or ["?"])[-1]
    return len(books), seconds, ("passed" if run.returncode == 0 else f"failed ({last})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB of text (default 1)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with polnear*.jsonl")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best counts")
    parser.add_argument("--skip-notebooks", action="store_true", help="do not execute the notebook suite")
    args = parser.parse_args(argv)

    import_medialit, heavy = import_time("medialit")
    import_nltk, _ = import_time("nltk")
    print(
        f"import_medialit_s={import_medialit:.3f} import_nltk_s={import_nltk:.3f} "
        f"medialit_imports_heavy={','.join(sorted(heavy)) or 'none'}"
    )

    load_nltk()  # both pipelines start with their models in memory
    kit_pipeline(corpus(0.02, args.data)[0])  # loads the kit's models, lexicons and compiled patterns

    results = {}
    for mb in (args.mb, 2 * args.mb):
        texts, source = corpus(mb, args.data)
        chars = sum(len(t) for t in texts)
        words = sum(len(t.split()) for t in texts)
        t_nltk = best_of(nltk_pipeline, texts, args.repeat)
        t_kit = best_of(kit_pipeline, texts, args.repeat)
        results[mb] = (t_nltk, t_kit)
        print(
            f"corpus={mb:g}MB source={source!r} articles={len(texts)} chars={chars} words={words} "
            f"nltk_s={t_nltk:.2f} analyze_s={t_kit:.2f} nltk_words_per_s={words / t_nltk:,.0f} "
            f"analyze_words_per_s={words / t_kit:,.0f} analyze_vs_nltk={t_kit / t_nltk:.2f}",
            flush=True,
        )
    (n1, k1), (n2, k2) = results[args.mb], results[2 * args.mb]
    print(f"scaling nltk_2x_vs_1x={n2 / n1:.2f} analyze_2x_vs_1x={k2 / k1:.2f} (2.00 is linear)")
    print(f"analyze_vs_nltk={k1 / n1:.2f} (target: at most 1.5)")

    if args.skip_notebooks:
        print("notebooks=skipped")
    else:
        count, seconds, outcome = notebooks()
        if count == 0:
            print("notebooks=0 (no notebooks under notebooks/ or solutions/ yet)")
        else:
            print(f"notebooks={count} notebook_suite_s={seconds:.1f} outcome={outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
