"""The W3C export against the W3C Web Annotation test suite's own JSON Schemas, and the import of W3C JSON.

The suite (w3c/web-annotation-tests, W3C test-suite licence) is read in place from the shared
folder beside the checkout (``../shared/w3c-web-annotation-tests``; ``MEDIALIT_SHARED`` names
another shared folder). Each ``.test`` file lists assertion schemas (draft-04) marked MUST,
SHOULD or MAY; they refer to each other by ``id``/``$ref``, resolved here with a registry.
Every MUST passes for an annotation, a page on its own, a collection and its embedded page;
every SHOULD passes except those listed in NOT_APPLICABLE, each with the reason.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import medialit
import pytest
from jsonschema import Draft4Validator, FormatChecker
from medialit.highlights import HighlightsError
from medialit.text import Article
from medialit.w3c import UnanchoredError, from_w3c, read_w3c, to_w3c, to_w3c_page
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MEDIALIT_SHARED") or ROOT.parent / "shared")
SUITE = SHARED / "w3c-web-annotation-tests"

#: SHOULDs of the suite that do not apply to a student's tags on a plain text, and why
NOT_APPLICABLE = {
    "3.3.2-annotationCreatorAgentIdImplemented.json": "a student has no IRI; a teacher may pass an Agent with an id",
    "3.3.2-annotationCreatorAgentNicknameImplemented.json": "a student's name is all we have",
    "3.3.2-annotationGeneratorAgentNicknameImplemented.json": "the kit has no nickname",
    "3.2.1-targSingleFormat.json": "the target is a SpecificResource; format belongs to its source",
    "3.2.1-targSingleLanguage.json": "the target is a SpecificResource; language belongs to its source",
    "3.3.1-bodySingleCreator.json": "the annotation's creator made the body too",
    "3.3.1-bodyCreated.json": "the body was made with the annotation (its created applies)",
    "3.3.1-targSingleCreator.json": "the article's author is not known",
    "3.3.1-targCreated.json": "the article's date is not known",
    "4.2.1-conformsTo.json": "only for FragmentSelectors, which the kit does not write",
    "3.3.2-bodyCreatorAgentIdImplemented.json": "bodies have no creator of their own",
    "3.3.2-bodyCreatorAgentTypeImplemented.json": "bodies have no creator of their own",
    "3.3.2-bodyCreatorAgentNicknameImplemented.json": "bodies have no creator of their own",
    "3.3.2-bodyCreatorAgentSingleNameImplemented.json": "bodies have no creator of their own",
    "3.3.2-targCreatorAgentIdImplemented.json": "the article's author is not known",
    "3.3.2-targCreatorAgentTypeImplemented.json": "the article's author is not known",
    "3.3.2-targCreatorAgentNicknameImplemented.json": "the article's author is not known",
    "3.3.2-targCreatorAgentSingleNameImplemented.json": "the article's author is not known",
    "5.2-pagePartOfImplemented.json": "a page on its own is part of no collection (the embedded page has partOf)",
}


def _suite() -> Path:
    if not (SUITE / "definitions" / "id.json").is_file():
        pytest.fail(
            f"the W3C Web Annotation test suite is missing at {SUITE}: CI keeps a copy of shared/ beside the "
            "checkout (set MEDIALIT_SHARED to the folder that holds w3c-web-annotation-tests/)"
        )
    return SUITE


@pytest.fixture(scope="module")
def suite() -> tuple[Path, Registry]:
    root = _suite()
    resources = []
    for path in sorted((root / "definitions").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    return root, Registry().with_resources(resources)


def _checks() -> FormatChecker:
    checker = FormatChecker()
    missing = {"uri", "date-time"} - set(checker.checkers)
    assert not missing, f"jsonschema cannot check the formats {missing}: install jsonschema[format-nongpl]"
    return checker


_VALIDATORS: dict[Path, tuple[Draft4Validator, str, bool]] = {}


def run(suite: tuple[Path, Registry], test: str, doc: dict) -> list[tuple[str, str, bool]]:
    """(assertion, MUST/SHOULD/MAY, passed) for every assertion the suite's ``test`` file lists."""
    root, registry = suite
    listed = json.loads((root / test).read_text(encoding="utf-8"))["assertions"]
    out = []
    for name in listed:
        path = root / name
        if path not in _VALIDATORS:
            assert path.is_file(), f"{test} lists {name}, which is not in the suite's copy"
            schema = json.loads(path.read_text(encoding="utf-8"))
            validator = Draft4Validator(schema, registry=registry, format_checker=_checks())
            _VALIDATORS[path] = (
                validator,
                schema.get("assertionType", "must"),
                schema.get("expectedResult") != "invalid",
            )
        validator, kind, expected = _VALIDATORS[path]
        out.append((path.name, kind, validator.is_valid(doc) == expected))
    return out


@pytest.fixture(scope="module")
def exported(article: Article) -> dict[str, dict]:
    key = medialit.answer_key(article)
    marks = [{"start": k.start, "end": k.end, "label": k.label} for k in key]
    collection = json.loads(json.dumps(to_w3c(marks, article, creator="Ana Costa")))
    return {
        "collection": collection,
        "annotation": collection["first"]["items"][0],
        "page": json.loads(json.dumps(to_w3c_page(marks, article, creator="Ana Costa"))),
    }


MUSTS = [
    ("annotation", "annotations/annotationMusts.test"),
    ("collection", "collections/collectionMusts.test"),
    ("collection", "collections/pages/pageMusts.test"),  # the embedded page
    ("page", "collections/pages/pageMusts.test"),
]
OPTIONALS = [
    ("annotation", "annotations/annotationOptionals.test"),
    ("annotation", "annotations/annotationsAgentOptionals.test"),
    ("collection", "collections/collectionOptionals.test"),
    ("page", "collections/pages/pageOptionals.test"),
]


@pytest.mark.parametrize(("what", "test"), MUSTS)
def test_every_must_of_the_w3c_suite(suite, exported, what: str, test: str) -> None:
    results = run(suite, test, exported[what])
    failed = [name for name, _, ok in results if not ok]
    print(f"\nW3C {test} on the {what}: {len(results) - len(failed)}/{len(results)} MUST assertions pass")
    assert len(results) >= 10 and not failed, f"{what} fails {failed}"


@pytest.mark.parametrize(("what", "test"), OPTIONALS)
def test_every_should_that_applies(suite, exported, what: str, test: str) -> None:
    results = run(suite, test, exported[what])
    shoulds = [(name, ok) for name, kind, ok in results if kind == "should"]
    failed = [name for name, ok in shoulds if not ok and name not in NOT_APPLICABLE]
    passed = sum(ok for _, ok in shoulds)
    print(f"\nW3C {test} on the {what}: {passed}/{len(shoulds)} SHOULDs pass, the rest do not apply")
    assert not failed, f"{what} fails the SHOULDs {failed}"


def test_annotations_of_every_label_pass_the_musts(suite, exported) -> None:
    items = exported["collection"]["first"]["items"]
    one_per_label = {item["body"][0]["value"]: item for item in items}
    for item in [items[0], *one_per_label.values(), items[-1]]:
        assert all(ok for _, _, ok in run(suite, "annotations/annotationMusts.test", item))


def test_the_suite_catches_what_the_issue_found(suite, article: Article) -> None:
    """The old export's faults fail the suite's checks here: a collection without id, a bare-string creator."""
    doc = to_w3c([{"start": 0, "end": 6, "label": "hedge"}], article)
    del doc["id"]
    assert not all(ok for _, _, ok in run(suite, "collections/collectionMusts.test", doc))
    item = json.loads(json.dumps(doc["first"]["items"][0]))
    item["creator"] = "Your name"
    assert not dict((n, ok) for n, _, ok in run(suite, "annotations/annotationsAgentOptionals.test", item))[
        "3.3.2-annotationCreatorAgentTypeImplemented.json"
    ]


def test_export_shape(article: Article) -> None:
    doc = to_w3c([{"start": 0, "end": 6, "label": "hedge"}], article, creator="Ana", source="https://example.org/a")
    item = doc["first"]["items"][0]
    assert doc["first"]["id"] == doc["last"] and doc["first"]["partOf"] == doc["id"] and doc["total"] == 1
    assert item["creator"] == {"type": "Person", "name": "Ana"} and doc["creator"] == item["creator"]
    assert item["generator"]["type"] == "Software" and item["generator"]["name"].startswith("medialit ")
    assert item["target"]["type"] == "SpecificResource" and item["target"]["source"] == "https://example.org/a"
    assert to_w3c([], article)["total"] == 0
    with pytest.raises(HighlightsError, match="creator"):
        to_w3c([], article, creator="  ")


def test_the_second_headline_is_never_put_on_the_first(article: Article) -> None:
    """The issue's bug: with its context not matching, the second "Russia says" was imported at 0-11."""
    text = article.text
    second = text.index("Russia says", 1)
    marks = [{"start": 0, "end": 11, "label": "hedge"}, {"start": second, "end": second + 11, "label": "hedge"}]
    doc = to_w3c(marks, article)
    assert [(m["start"], m["end"]) for m in from_w3c(doc, article)] == [(0, 11), (second, second + 11)]
    first, other = (item["target"]["selector"] for item in doc["first"]["items"])
    # positions lost (another page counts differently) and a typo in the prefix: the context still decides
    other.pop()
    other[0]["prefix"] = other[0]["prefix"].replace("standoff", "standof")
    marks, lost = read_w3c({"type": "Annotation", **doc["first"]["items"][1]}, article)
    assert [(m["start"], m["end"]) for m in marks] == [(second, second + 11)] and not lost
    # the first headline's quote with no position: its (empty) prefix and its suffix fit both headlines
    first.pop()
    marks, lost = read_w3c(doc["first"]["items"][0], article)
    assert not marks and "ambiguous" in lost[0].reason
    # a context from another text altogether: reported, not put on the first occurrence
    other[0].update(prefix="In other news, ", suffix=" nothing at all.")
    marks, lost = read_w3c(doc["first"]["items"][1], article)
    assert not marks and lost[0].reason


def test_import_reports_what_it_cannot_place(article: Article) -> None:
    doc = to_w3c([{"start": 0, "end": 11, "label": "hedge"}, {"start": 12, "end": 16, "label": "hedge"}], article)
    bad = doc["first"]["items"][1]["target"]["selector"]
    bad[0].update(exact="zebra crossing", prefix="", suffix="")
    marks, lost = read_w3c(doc, article)
    assert [(m["start"], m["end"]) for m in marks] == [(0, 11)]
    assert len(lost) == 1 and lost[0].number == 2 and "not in this article" in lost[0].reason
    with pytest.raises(UnanchoredError) as caught:
        from_w3c(doc, article)
    assert caught.value.marks == marks and "1 of 2 highlights could not be placed" in str(caught.value)
    assert isinstance(caught.value, HighlightsError)


def test_old_names_still_work(article: Article) -> None:
    from medialit import highlights

    assert highlights.to_w3c is to_w3c and highlights.from_w3c is from_w3c
    hl = medialit.Highlighter(article)
    hl.add(0, 6, "hedge")
    assert medialit.Highlighter.from_w3c(hl.to_w3c(creator="Ana"), article).annotations == hl.annotations


def test_the_highlighter_says_what_it_could_not_place(article: Article, tmp_path: Path) -> None:
    doc = to_w3c([{"start": 0, "end": 11, "label": "hedge"}, {"start": 12, "end": 16, "label": "hedge"}], article)
    doc["first"]["items"][1]["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "zebra crossing at noon"}]
    hl = medialit.Highlighter.from_w3c(doc, article)
    assert [(m["start"], m["end"]) for m in hl.annotations] == [(0, 11)]
    assert "1 could not be placed" in hl.status and "zebra crossing" in hl.status
    assert len(hl.unanchored) == 1 and "not in this article" in hl.unanchored[0].reason
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "could not be placed" in medialit.Highlighter.load(path, article).status
    assert medialit.Highlighter(article).unanchored == ()
