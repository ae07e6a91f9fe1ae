"""The detectors against public gold data, and a word-list peer beside them.

    python benchmarks/quality.py [--data DIR] [--json OUT]

Reads every ``*.jsonl`` file in DIR (default: ``../shared/eval`` beside the checkout; its
README.md names the sources, licences and format) and picks the task from the file name's
first word: ``szeged_*`` hedges, ``polnear*`` attribution, ``mqm_*`` translation errors.
Prints one line per file: the file name, the task, and its figures as ``name=value`` pairs.
``--json OUT`` writes the same figures.

Only the library's public detectors run here; nothing is tuned inside this script. The gold
data is read, never copied. What each figure means:

hedges (Szeged Uncertainty Corpus, one sentence a record)
    A sentence is *uncertain* when ``medialit.find_hedges`` finds a finding labelled "hedge"
    whose category is one of UNCERTAINTY_CATEGORIES (modal, evidential, possibility,
    conditional). Two kinds of hedge finding are not counted: approximators of numbers
    ("some 2,000") are vagueness, not uncertainty in Szeged's sense, and reported feelings (attitude markers:
    "hope", "fear", "worry"; Hyland 2005) express a feeling about an event, not doubt about
    a proposition. Both stay hedges for students. Boosters never count. The same mapping is
    used for every file. ``sentence_p/r/f1`` compare this with
    ``sentence_label``; ``cue_p/r/f1`` compare the counted cues with the gold cue spans (a
    found cue matches a gold cue it overlaps); ``ed_cue_*`` do the same for EPISTEMIC and
    DOXASTIC gold cues alone (found cues that overlap a CONDITION or INVESTIGATION cue are
    left out of that precision). ``peer_*``: the plain word-list approach of writing linters
    (retext-intensify style): a sentence is uncertain when it holds any word of PEER_HEDGES.

attribution (PolNeAR, whole articles)
    ``medialit.find_attributions`` on each article. ``cue_*``: found cues against gold cue
    spans (overlap). ``source_*``: a found source is right when it overlaps the gold source of
    a relation whose cue the found cue overlaps. ``relation_*``: a found attribution matches a
    gold relation when the cues overlap, the sources overlap (or both are absent) and the
    contents overlap. ``nosource_recall``: gold relations with ``has_source: false`` whose cue
    or content a kit finding of category "no source" overlaps. ``pronoun_recall``: gold
    relations whose source is a lone pronoun that the kit finds as a pronoun source;
    ``unnamed_recall``: gold sources with no capitalised word ("sources", "a senior official")
    that the kit calls vague.

translation (WMT23 zh-en MQM; the segments of one system and document form one article)
    ``medialit.find_translation_errors`` on each article. ``any_precision``: the share of
    flagged spans that overlap any rater's error span in the segment; ``major_precision``:
    a Major error span. ``*_chance``: what a span of the same length put at a uniformly random
    place in the same segment reaches (computed exactly, not sampled). ``major_recall``: Major
    spans touched by a flag. ``prec_<family>``: precision against one MQM category family. ``by_rule``: for
    each rule, ``name:flags:major_precision/major_chance``. ``chance10_*``: the chance figures for 10-character
    spans in every segment, for comparison with the README's (about 0.44 and 0.16).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import medialit
from medialit import Article, Span

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval"

#: hedge-finding categories that count as uncertainty cues in Szeged's sense (the same for every file)
UNCERTAINTY_CATEGORIES = frozenset({"modal", "evidential", "possibility", "conditional"})

#: the peer: a generic hedge word list of the kind writing linters use (retext-intensify, write-good),
#: written for this benchmark from their public description ("words that make a claim sound less sure")
PEER_HEDGES = (
    "about almost apparently appear appears appeared approximately arguably around basically believe believes "
    "believed could doubt estimate estimated fairly generally guess hopefully largely likely mainly may maybe "
    "might mostly nearly often perhaps possibly presumably probably quite rather reportedly roughly seem seems "
    "seemed seemingly somewhat suggest suggests suggested supposedly tend tends think thinks typically unlikely "
    "usually would"
).split()
PEER_PHRASES = ("kind of", "sort of", "more or less", "i think", "i feel")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


# --- helpers -------------------------------------------------------------------------


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _any_overlap(span: Span, others: Iterable[Span]) -> bool:
    return any(span.overlaps(o) for o in others)


def _spans(fragments: Iterable[dict]) -> list[Span]:
    return [Span(f["start"], f["end"]) for f in fragments if f["end"] > f["start"]]


def _article(text: str, name: str) -> Article | None:
    try:
        return Article.from_text(text, name=name)
    except medialit.ArticleError:
        return None  # an empty record: nothing to analyse


# --- hedges --------------------------------------------------------------------------


def peer_uncertain(text: str) -> bool:
    """The word-list peer: any generic hedge word in the sentence."""
    lower = text.lower().replace("’", "'")
    words = set(_WORD.findall(lower))
    return bool(words.intersection(PEER_HEDGES)) or any(re.search(rf"\b{p}\b", lower) for p in PEER_PHRASES)


def uncertainty_cues(text: str, name: str = "sentence") -> list[Span]:
    """The kit's uncertainty cues in one sentence (hedge findings of the counted categories)."""
    article = _article(text, name)
    if article is None:
        return []
    return [
        Span(a.start, a.end)
        for a in medialit.find_hedges(article)
        if a.label == "hedge" and a.category in UNCERTAINTY_CATEGORIES
    ]


def eval_hedges(records: list[dict]) -> dict[str, float | int | str]:
    tp = fp = fn = 0
    ptp = pfp = pfn = 0
    found_n = found_hit = gold_n = gold_hit = 0
    ed_found_n = ed_found_hit = ed_gold_n = ed_gold_hit = 0
    for rec in records:
        gold_unc = rec["sentence_label"] == "uncertain"
        cues = uncertainty_cues(rec["text"], rec.get("id", "sentence"))
        kit_unc = bool(cues)
        tp += kit_unc and gold_unc
        fp += kit_unc and not gold_unc
        fn += gold_unc and not kit_unc
        peer = peer_uncertain(rec["text"])
        ptp += peer and gold_unc
        pfp += peer and not gold_unc
        pfn += gold_unc and not peer
        gold = [(Span(s["start"], s["end"]), s.get("label", "")) for s in rec.get("spans", [])]
        all_gold = [g for g, _ in gold]
        ed_gold = [g for g, lab in gold if lab in {"EPISTEMIC", "DOXASTIC"}]
        other_gold = [g for g, lab in gold if lab not in {"EPISTEMIC", "DOXASTIC"}]
        found_n += len(cues)
        found_hit += sum(_any_overlap(c, all_gold) for c in cues)
        gold_n += len(all_gold)
        gold_hit += sum(_any_overlap(g, cues) for g in all_gold)
        ed_cues = [c for c in cues if not _any_overlap(c, other_gold)]
        ed_found_n += len(ed_cues)
        ed_found_hit += sum(_any_overlap(c, ed_gold) for c in ed_cues)
        ed_gold_n += len(ed_gold)
        ed_gold_hit += sum(_any_overlap(g, cues) for g in ed_gold)
    sp, sr, sf = _prf(tp, tp + fp, tp, tp + fn)
    pp, pr, pf = _prf(ptp, ptp + pfp, ptp, ptp + pfn)
    cp, cr, cf = _prf(found_hit, found_n, gold_hit, gold_n)
    ep, er, ef = _prf(ed_found_hit, ed_found_n, ed_gold_hit, ed_gold_n)
    return {
        "sentences": len(records),
        "uncertain": tp + fn,
        "sentence_p": sp,
        "sentence_r": sr,
        "sentence_f1": sf,
        "cue_p": cp,
        "cue_r": cr,
        "cue_f1": cf,
        "ed_cue_p": ep,
        "ed_cue_r": er,
        "ed_cue_f1": ef,
        "peer_sentence_p": pp,
        "peer_sentence_r": pr,
        "peer_sentence_f1": pf,
        "kit_minus_peer_f1": sf - pf,
        "counted_categories": "+".join(sorted(UNCERTAINTY_CATEGORIES)),
    }


# --- attribution ---------------------------------------------------------------------

_LONE_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_DETERMINERS = frozenset({"the", "a", "an", "some", "many", "several", "other", "two", "three", "one", "most"})


def _unnamed(source_text: str) -> bool:
    """A gold source with no capitalised word (beyond an opening determiner) and not a lone pronoun."""
    words = source_text.split()
    if not words or (len(words) == 1 and words[0].lower() in _LONE_PRONOUNS):
        return False
    if words[0].lower() in _DETERMINERS:
        words = words[1:]
    return bool(words) and not any(w[:1].isupper() for w in words)


def eval_attribution(records: list[dict]) -> dict[str, float | int]:
    c = Counter()
    for rec in records:
        article = _article(rec["text"], rec.get("id", "article"))
        if article is None:
            continue
        found = medialit.find_attributions(article)
        gaps = [g for g in medialit.find_attribution_gaps(article, found) if g.category == "no source"]
        gold = [
            {
                "cue": _spans(r.get("cue", [])),
                "source": _spans(r.get("source", [])),
                "content": _spans(r.get("content", [])),
                "has_source": r.get("has_source", True),
            }
            for r in rec.get("relations", [])
        ]
        gold_cues = [s for g in gold for s in g["cue"]]
        c["found"] += len(found)
        c["gold"] += len(gold)
        for f in found:
            c["found_cue_hit"] += _any_overlap(f.cue, gold_cues)
            if f.source is not None:
                c["found_src"] += 1
                c["found_src_hit"] += any(
                    _any_overlap(f.cue, g["cue"]) and _any_overlap(f.source, g["source"]) for g in gold
                )
            c["found_rel_hit"] += any(_relation_match(f, g) for g in gold)
        for g in gold:
            same_cue = [f for f in found if g["cue"] and _any_overlap(f.cue, g["cue"])]
            c["gold_cue"] += bool(g["cue"])
            c["gold_cue_hit"] += bool(same_cue)
            c["gold_rel_hit"] += any(_relation_match(f, g) for f in found)
            if g["source"]:
                c["gold_src"] += 1
                c["gold_src_hit"] += any(f.source is not None and _any_overlap(f.source, g["source"]) for f in same_cue)
                src_text = " ".join(rec["text"][s.start : s.end] for s in g["source"]).strip()
                kinds = {f.kind for f in same_cue if f.source is not None and _any_overlap(f.source, g["source"])}
                if src_text.lower() in _LONE_PRONOUNS:
                    c["gold_pronoun"] += 1
                    c["gold_pronoun_hit"] += "pronoun" in kinds
                elif _unnamed(src_text):
                    c["gold_unnamed"] += 1
                    c["gold_unnamed_hit"] += "vague" in kinds
            if not g["has_source"]:
                c["gold_nosource"] += 1
                c["gold_nosource_hit"] += any(_any_overlap(x, g["cue"] + g["content"]) for x in gaps)
    cp, cr, cf = _prf(c["found_cue_hit"], c["found"], c["gold_cue_hit"], c["gold_cue"])
    sp, sr, sf = _prf(c["found_src_hit"], c["found_src"], c["gold_src_hit"], c["gold_src"])
    rp, rr, rf = _prf(c["found_rel_hit"], c["found"], c["gold_rel_hit"], c["gold"])
    return {
        "articles": len(records),
        "relations": c["gold"],
        "found": c["found"],
        "cue_p": cp,
        "cue_r": cr,
        "cue_f1": cf,
        "source_p": sp,
        "source_r": sr,
        "source_f1": sf,
        "relation_p": rp,
        "relation_r": rr,
        "relation_f1": rf,
        "nosource_relations": c["gold_nosource"],
        "nosource_recall": c["gold_nosource_hit"] / c["gold_nosource"] if c["gold_nosource"] else 0.0,
        "pronoun_sources": c["gold_pronoun"],
        "pronoun_recall": c["gold_pronoun_hit"] / c["gold_pronoun"] if c["gold_pronoun"] else 0.0,
        "unnamed_sources": c["gold_unnamed"],
        "unnamed_recall": c["gold_unnamed_hit"] / c["gold_unnamed"] if c["gold_unnamed"] else 0.0,
    }


def _relation_match(f: medialit.Attribution, g: dict) -> bool:
    """Cue, source and content all overlap (a relation with no source matches a finding with none)."""
    if not g["cue"] or not _any_overlap(f.cue, g["cue"]):
        return False
    if g["source"]:
        if f.source is None or not _any_overlap(f.source, g["source"]):
            return False
    elif f.source is not None:
        return False
    if g["content"]:
        return f.content is not None and _any_overlap(f.content, g["content"])
    return True


# --- translation ---------------------------------------------------------------------


def _chance(length: int, seg_len: int, errors: list[Span]) -> float:
    """Share of the places a span of ``length`` can take in the segment where it overlaps an error."""
    length = max(1, min(length, seg_len))
    places = seg_len - length + 1
    if places <= 0 or not errors:
        return 0.0
    hit = 0
    for s in range(places):
        end = s + length
        hit += any(e.start < end and s < e.end for e in errors)
    return hit / places


def _family(category: str) -> str:
    return category.split("/")[0].strip() or "Other"


def _mqm_articles(records: list[dict]) -> list[list[dict]]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for rec in records:
        meta = rec.get("meta", {})
        groups[(meta.get("system", ""), meta.get("doc", rec.get("id", "")))].append(rec)

    def seg(rec: dict) -> tuple[int, str]:
        s = str(rec.get("meta", {}).get("seg", "0"))
        return (int(s) if s.isdigit() else 0, s)

    return [sorted(g, key=seg) for _, g in sorted(groups.items())]


def eval_translation(records: list[dict], max_articles: int | None = None) -> dict[str, float | int | str]:
    articles = _mqm_articles(records)
    note = ""
    if max_articles is not None and len(articles) > max_articles:
        step = len(articles) / max_articles
        articles = [articles[int(i * step)] for i in range(max_articles)]  # every k-th: deterministic
        note = f"subsample={max_articles}_of_{len(_mqm_articles(records))}_articles"
    c: Counter[str] = Counter()
    chance_any = chance_major = 0.0
    ten_any = ten_major = 0.0
    ten_n = 0
    family_hit: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    rule_major: Counter[str] = Counter()
    rule_chance: dict[str, float] = defaultdict(float)
    for segs in articles:
        parts, offsets, pos = [], [], 0
        for rec in segs:
            offsets.append(pos)
            parts.append(rec["text"])
            pos += len(rec["text"]) + 2
        text = "\n\n".join(parts)
        article = _article(text, "mqm article")
        flags = medialit.find_translation_errors(article) if article is not None else []
        for rec, off in zip(segs, offsets):
            seg_len = len(rec["text"])
            errors = [
                (Span(s["start"], s["end"]), s.get("severity", ""), s.get("category", ""))
                for s in rec.get("spans", [])
                if s["end"] > s["start"]
            ]
            any_err = [e for e, _, _ in errors]
            major = [e for e, sev, _ in errors if sev == "Major"]
            c["segments"] += 1
            c["major_spans"] += len(major)
            if seg_len >= 10:
                ten_n += 1
                ten_any += _chance(10, seg_len, any_err)
                ten_major += _chance(10, seg_len, major)
            mine = []
            for f in flags:
                a, b = max(f.start, off), min(f.end, off + seg_len)
                if b > a:
                    mine.append((Span(a - off, b - off), f.rule))
            c["major_hit"] += sum(_any_overlap(m, [s for s, _ in mine]) for m in major)
            for span, rule in mine:
                c["flags"] += 1
                rules[rule] += 1
                c["any_hit"] += _any_overlap(span, any_err)
                c["major_flag_hit"] += _any_overlap(span, major)
                rule_major[rule] += _any_overlap(span, major)
                chance_any += _chance(len(span), seg_len, any_err)
                chance_major += (ch := _chance(len(span), seg_len, major))
                rule_chance[rule] += ch
                for fam in {_family(cat) for e, _, cat in errors if span.overlaps(e)}:
                    family_hit[fam] += 1
    n = c["flags"]
    out: dict[str, float | int | str] = {
        "articles": len(articles),
        "segments": c["segments"],
        "flags": n,
        "any_precision": c["any_hit"] / n if n else 0.0,
        "any_chance": chance_any / n if n else 0.0,
        "major_precision": c["major_flag_hit"] / n if n else 0.0,
        "major_chance": chance_major / n if n else 0.0,
        "major_recall": c["major_hit"] / c["major_spans"] if c["major_spans"] else 0.0,
        "chance10_any": ten_any / ten_n if ten_n else 0.0,
        "chance10_major": ten_major / ten_n if ten_n else 0.0,
    }
    for fam in ("Accuracy", "Fluency", "Style", "Terminology", "Locale convention", "Other"):
        out[f"prec_{fam.replace(' ', '_')}"] = family_hit[fam] / n if n else 0.0
    # per rule: flags, then precision against Major spans / its chance
    out["by_rule"] = ",".join(
        f"{r.split('.')[-1]}:{k}:{rule_major[r] / k:.2f}/{rule_chance[r] / k:.2f}" for r, k in rules.most_common()
    )
    if note:
        out["note"] = note
    return out


# --- main ----------------------------------------------------------------------------

TASKS = {"szeged": "hedges", "polnear": "attribution", "mqm": "translation"}


def task_of(name: str) -> str | None:
    """The task a file name announces with its first word (``szeged_*``, ``polnear*``, ``mqm_*``)."""
    for prefix, task in TASKS.items():
        if name.startswith(prefix):
            return task
    return None


def _fmt(value: float | int | str) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of *.jsonl gold files")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument("--max-mqm-articles", type=int, default=None, help="subsample MQM articles (every k-th)")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.jsonl"))
    if not files:
        print(f"no *.jsonl files in {args.data}", file=sys.stderr)
        return 2
    results: dict[str, dict] = {}
    kinds = {r.id.split(".", 1)[1] for r in medialit.RULES.values() if r.label == "hedge" and r.id.startswith("hedge.")}
    print(
        f"hedge cues counted as uncertainty: {', '.join(sorted(UNCERTAINTY_CATEGORIES))}; "
        f"not counted: {', '.join(sorted(kinds - UNCERTAINTY_CATEGORIES))} and boosters (same for every file)"
    )
    for path in files:
        task = task_of(path.name)
        if task is None:
            print(f"{path.name} task=unknown (skipped: name it szeged_*, polnear* or mqm_*)")
            continue
        t0 = time.perf_counter()
        records = _read(path)
        if task == "hedges":
            figures = eval_hedges(records)
        elif task == "attribution":
            figures = eval_attribution(records)
        else:
            figures = eval_translation(records, args.max_mqm_articles)
        figures["seconds"] = round(time.perf_counter() - t0, 1)
        results[path.name] = {"task": task, **figures}
        print(f"{path.name} task={task} " + " ".join(f"{k}={_fmt(v)}" for k, v in figures.items()), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
