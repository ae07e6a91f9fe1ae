"""Hedges (how sure is it?) and boosters (how sure does it pretend to be?).

A curated lexicon in classes (``data/lexicons/hedges.json``), checked against the
part-of-speech tags so that "May" the month, "might" the noun and "signs" the
verb are not taken for hedges.
"""

from __future__ import annotations

import functools
import re

from ..text import Annotation, Article
from .rules import lexicon, rule

MODAL = rule(
    id="hedge.modal",
    label="hedge",
    pattern="a modal verb of possibility: may, might, could, would, should, must (tagged as a modal verb)",
    message="modal verb: the writer says something is possible, not that it is so",
    explanation="'Troops may leave' is much weaker than 'troops leave'. Modal verbs turn a fact into a possibility.",
    source="Hyland (1998), Hedging in Scientific Research Articles",
    fires=["The talks may resume next month.", "Officials said the bridge could close."],
    quiet=["The summit opens in May.", "The country showed its military might.", "She closed the door."],
)
EVIDENTIAL = rule(
    id="hedge.evidential",
    label="hedge",
    pattern="an evidential adverb or verb: apparently, reportedly, allegedly, appear, seem, suggest, indicate, believe",
    message="evidential: the claim rests on signs or beliefs, not on something seen",
    explanation="Words like 'apparently' or 'appears to' tell you the writer is interpreting, not reporting a fact. Ask: what is the evidence?",
    source="Szarvas et al. (2012), Computational Linguistics 38(2): epistemic and doxastic cues",
    fires=[
        "The minister apparently left early.",
        "The data suggest a slowdown.",
        "The fire appears to have started in the kitchen.",
    ],
    quiet=["The minister left early.", "The band appeared on stage at nine."],
)
APPROXIMATOR = rule(
    id="hedge.approximator",
    label="hedge",
    pattern="an approximator right before a number: some, about, nearly, around, up to, more than",
    message="approximate figure: the number is an estimate",
    explanation="'Some 10,000 people' means nobody counted exactly. Ask who estimated the figure and how.",
    source="Prince, Frader & Bosk (1982), On hedging in physician-physician discourse",
    fires=["Some 2,000 people marched.", "The storm cut power to nearly 40,000 homes."],
    quiet=["Some people marched.", "The film is about 1960s Paris fashion icons."],
)
POSSIBILITY = rule(
    id="hedge.possibility",
    label="hedge",
    pattern="a word of possibility or expectation: possible, likely, perhaps, signs, hope, fears, doubts, expected",
    message="possibility or expectation: something might happen, or someone hopes or fears it will",
    explanation="Hopes, fears and signs are about what might happen. They are not facts, and someone has to be doing the hoping or fearing.",
    source="Szarvas et al. (2012); Hyland (1998)",
    fires=["A deal is likely this week.", "There are signs of recovery.", "Doctors fear a second wave."],
    quiet=["The deal was signed this week.", "He signs the contract today."],
)
CONDITIONAL = rule(
    id="hedge.conditional",
    label="hedge",
    pattern="a condition: if, unless, whether, depend on, as long as",
    message="conditional: the claim only holds if something else happens",
    explanation="'We will attend if it is safe' promises nothing on its own. Look for what the claim depends on.",
    source="Szarvas et al. (2012): condition and investigation cues",
    fires=["The match will go ahead if the rain stops.", "The result depends on the recount."],
    quiet=["The match went ahead despite the rain."],
)
BOOSTER = rule(
    id="booster",
    label="booster",
    pattern="a booster: very, clearly, certainly, never, always, every, of course",
    message="booster: the writer or speaker sounds extra sure",
    explanation="Boosters are the opposite of hedges: they make a claim sound certain. Sounding sure is not the same as having evidence.",
    source="Hyland (2005), Metadiscourse",
    fires=["The plan is clearly working.", "We will never give up."],
    quiet=["The plan is working."],
)

_CLASS_RULES = {
    "modal": MODAL,
    "evidential": EVIDENTIAL,
    "approximator": APPROXIMATOR,
    "possibility": POSSIBILITY,
    "conditional": CONDITIONAL,
    "booster": BOOSTER,
}
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions "
    "dozen dozens half".split()
)
_NUMBER = re.compile(r"^[$€£¥]?\d[\d,.]*%?$")
_DECADE = re.compile(r"^'?\d{2,4}s$")
_APPEAR_COMPLEMENTS = frozenset(
    {"to", "that", "as", "likely", "unlikely", "certain", "clear", "set", "poised", "ready"}
)
#: nouns that read as hedges only as nouns ("signs of recovery", not "he signs a deal")
_NOUN_ONLY = frozenset(
    {"sign", "signs", "concern", "concerns", "chance", "chances", "risk", "risks", "report", "reports"}
)
#: verbs of belief that are a hedge only when somebody believes something, not "considered the bill"
_NEEDS_COMPLEMENT = frozenset({"considered", "regarded", "supposed", "thought"})


@functools.cache
def _cue_table() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> [(all words of the cue, class)], longest cues first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for cls, entry in lexicon("hedges").items():
        if cls.startswith("_"):
            continue
        for cue in entry["cues"]:
            words = tuple(cue.split())
            table.setdefault(words[0], []).append((words, cls))
    for options in table.values():
        options.sort(key=lambda o: -len(o[0]))
    return table


def _is_number(word: str, tag: str) -> bool:
    return tag == "CD" or bool(_NUMBER.match(word)) or word.lower() in _NUMBER_WORDS


def _accept(cls: str, cue: tuple[str, ...], words: list[str], tags: list[str], i: int, n: int) -> bool:
    """Does cue class ``cls`` really apply at token ``i`` (the cue spans ``n`` tokens)?"""
    word, tag = cue[0], tags[i]
    after = i + n
    nxt = words[after] if after < len(words) else ""
    if cls == "modal":
        # only the modal verb, never "May" the month or "might" the noun ...
        # ... and a modal verb has a verb after it ("may resume", "could not", "might well be")
        return tag == "MD" and (
            nxt in {"not", "n't", "well", "also", "still", "never", "have", "be"}
            or tags[after].startswith(("VB", "RB"))
            if nxt
            else False
        )
    if cls == "approximator":
        # an approximator hedges only a figure: the next token must be a number, not a decade ("the 1960s")
        return bool(nxt) and _is_number(nxt, tags[after]) and not _DECADE.match(nxt)
    if word in _NOUN_ONLY and n == 1:
        # "signs", "concerns": a hedge as a noun, not as a verb ("he signs" is a verb whatever the tag)
        return tag.startswith("NN") and not (i > 0 and tags[i - 1] == "PRP")
    if word.startswith("appear") and n == 1:
        # "appears to", "it appeared that", "appears unlikely": not "appeared on stage"
        return nxt in _APPEAR_COMPLEMENTS or (bool(nxt) and tags[after] == "JJ") or (i > 0 and words[i - 1] == "it")
    if word in _NEEDS_COMPLEMENT and n == 1:
        # "is considered to be", "was thought that": passive belief, not "thought about lunch"
        return after < len(words) and words[after].lower() in {"to", "that", "a", "an", "as", "the", "likely"}
    if word == "every":
        # "every chance": a booster only before a noun, not "every other"
        return after < len(words) and tags[after].startswith("NN")
    if word == "certain":
        # "certain" boosts only as a predicate ("is certain"), not "certain people" (a vague quantity)
        return i > 0 and tags[i - 1].startswith("VB")
    return True


def find_hedges(article: Article) -> list[Annotation]:
    """Every hedge and booster cue in ``article``, each naming the cue class that fired."""
    table = _cue_table()
    found: list[Annotation] = []
    for toks, tags in zip(article.sentence_tokens, article.sentence_tags):
        words = [article.quote(t).lower().replace("’", "'") for t in toks]
        i = 0
        while i < len(words):
            step = 1
            for cue, cls in table.get(words[i], ()):
                n = len(cue)
                if tuple(words[i : i + n]) != cue or not _accept(cls, cue, words, tags, i, n):
                    continue
                r = _CLASS_RULES[cls]
                span_end = toks[i + n - 1].end
                found.append(
                    Annotation(
                        toks[i].start, span_end, r.label, note=r.message, rule=f"{r.id}:{' '.join(cue)}", category=cls
                    )
                )
                step = n
                break
            i += step
    return [a for a in found if not article.is_metadata(a)]
