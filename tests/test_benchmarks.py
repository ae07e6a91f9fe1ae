"""The benchmarks run on any file of the gold format: tiny hand-written files here, never the gold data."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _span(text: str, part: str, **extra) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), **extra}


def _write(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.fixture(scope="module")
def gold_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("gold")
    hedged, plain = "The ferry may leave late tonight.", "The ferry left at noon."
    _write(
        folder / "szeged_factbank.test.jsonl",
        [
            {
                "id": "h1",
                "text": hedged,
                "spans": [_span(hedged, "may", label="EPISTEMIC")],
                "sentence_label": "uncertain",
            },
            {"id": "h2", "text": plain, "spans": [], "sentence_label": "certain"},
        ],
    )
    story = "Harbour reopens\n\nThe harbour master said the ferry would run again on Monday."
    _write(
        folder / "polnear_mini.jsonl",
        [
            {
                "id": "a1",
                "text": story,
                "spans": [],
                "relations": [
                    {
                        "has_source": True,
                        "source": [_span(story, "The harbour master")],
                        "cue": [_span(story, "said")],
                        "content": [_span(story, "the ferry would run again on Monday")],
                    }
                ],
            }
        ],
    )
    seg1, seg2 = "The ferry company said said the boats are ready.", "Tickets go on sale next week."
    _write(
        folder / "mqm_mini.jsonl",
        [
            {
                "id": "t1",
                "text": seg1,
                "spans": [_span(seg1, "said said", category="Fluency/Grammar", severity="Major")],
                "meta": {"system": "sysA", "doc": "d1", "seg": "1"},
            },
            {
                "id": "t2",
                "text": seg2,
                "spans": [_span(seg2, "go", category="Style/Unnatural or awkward", severity="Minor")],
                "meta": {"system": "sysA", "doc": "d1", "seg": "2"},
            },
        ],
    )
    (folder / "notes.jsonl").write_text("", encoding="utf-8")  # an unknown prefix is reported, not fatal
    return folder


def test_task_is_read_from_the_first_word_of_the_file_name() -> None:
    quality = _module("quality")
    assert quality.task_of("szeged_factbank.test.jsonl") == "hedges"
    assert quality.task_of("szeged_wiki.dev.jsonl") == "hedges"
    assert quality.task_of("polnear.dev.jsonl") == "attribution"
    assert quality.task_of("mqm_news_deen.test.jsonl") == "translation"
    assert quality.task_of("other.jsonl") is None


def test_quality_prints_every_required_figure(gold_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    run = subprocess.run(
        [sys.executable, str(BENCHMARKS / "quality.py"), "--data", str(gold_dir), "--json", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = {line.split()[0]: line for line in run.stdout.splitlines() if line.split()[0].endswith(".jsonl")}
    required = {
        "szeged_factbank.test.jsonl": ["sentence_p", "sentence_r", "sentence_f1", "cue_f1", "peer_sentence_f1"],
        "polnear_mini.jsonl": ["cue_f1", "source_f1", "relation_f1", "nosource_recall"],
        "mqm_mini.jsonl": ["any_precision", "any_chance", "major_precision", "major_chance", "major_recall"],
    }
    figures = json.loads(out.read_text(encoding="utf-8"))
    for name, keys in required.items():
        assert name in lines, run.stdout
        for key in keys:
            assert f" {key}=" in lines[name], (name, key, lines[name])
            assert key in figures[name]
    assert "task=unknown" in lines["notes.jsonl"]
    hedges = figures["szeged_factbank.test.jsonl"]
    assert hedges["sentence_f1"] == 1.0 and hedges["cue_f1"] == 1.0  # "may" found, the plain sentence left alone
    assert figures["polnear_mini.jsonl"]["source_f1"] == 1.0
    mqm = figures["mqm_mini.jsonl"]
    assert mqm["flags"] >= 1 and mqm["major_precision"] == 1.0 and 0 < mqm["major_chance"] < 1


def test_chance_is_the_share_of_places_that_overlap_an_error() -> None:
    quality = _module("quality")
    from medialit import Span

    # a 2-character span in a 10-character segment has 9 places; an error at 4-6 is touched from 3, 4 and 5
    assert quality._chance(2, 10, [Span(4, 6)]) == pytest.approx(3 / 9)
    assert quality._chance(10, 10, [Span(0, 1)]) == 1.0
    assert quality._chance(3, 10, []) == 0.0


def test_the_peer_is_a_plain_word_list() -> None:
    quality = _module("quality")
    assert quality.peer_uncertain("It will probably rain.")
    assert quality.peer_uncertain("It is sort of late.")
    assert not quality.peer_uncertain("It rained.")


def test_speed_pipelines_run_on_a_small_corpus() -> None:
    speed = _module("speed")
    texts, source = speed.corpus(0.01, Path("/nonexistent"))
    assert source == "the bundled article" and sum(map(len, texts)) >= 10_000
    speed.load_nltk()
    assert speed.nltk_pipeline(texts[:1]) > 100
    assert speed.kit_pipeline(texts[:1]) > 10


def test_importing_medialit_loads_no_plotting_or_widget_stack() -> None:
    speed = _module("speed")
    seconds, heavy = speed.import_time("medialit")
    assert heavy == set(), heavy
    assert seconds < 5
