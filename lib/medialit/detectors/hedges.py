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
    pattern=(
        "a modal verb of possibility: may, might, could, would; must and should only when they judge a fact "
        "('must be', 'should have been'), not when they give an order; not 'could not' (past inability), "
        "not 'would' for a reported 'will' ('said it would', 'promised it would', 'asked whether it would'), "
        "a habit ('would often') or a wish ('would like')"
    ),
    message="modal verb: the writer says something is possible, not that it is so",
    explanation="'Troops may leave' is much weaker than 'troops leave'. Modal verbs turn a fact into a possibility.",
    source=(
        "Hyland (1998), Hedging in Scientific Research Articles; Coates (1983), The Semantics of the Modal "
        "Auxiliaries; Quirk et al. (1985), A Comprehensive Grammar of the English Language, 4.49-4.60 and 14.31"
    ),
    fires=[
        "The talks may resume next month.",
        "Officials said the bridge could close.",
        "The keys must be somewhere in the car.",
        "If the rain stops, the final would go ahead.",
        "Analysts believed the merger would fail.",
        "The council says the new road would cut traffic.",
    ],
    quiet=[
        "The summit opens in May.",
        "The country showed its military might.",
        "She closed the door.",
        "Visitors must show a ticket at the gate.",
        "The mayor said she would open the new library in June.",
        "The coach promised that the team would win the cup.",
        "The union warned that the strike would last a week.",
        "Reporters asked whether the minister would resign.",
        "The pilot was asked if the plane would land on time.",
        "As a boy he would often swim in the lake.",
        "The rescuers could not reach the village.",
        "The spokesman would not comment on the report.",
    ],
)
EVIDENTIAL = rule(
    id="hedge.evidential",
    label="hedge",
    pattern=(
        "an evidential adverb or verb: apparently, reportedly, allegedly, appear, seem, suggest, indicate, believe; "
        "a belief in the passive: is considered, was thought, is seen as"
    ),
    message="evidential: the claim rests on signs or beliefs, not on something seen",
    explanation="Words like 'apparently' or 'appears to' tell you the writer is interpreting, not reporting a fact. Ask: what is the evidence?",
    source="Szarvas et al. (2012), Computational Linguistics 38(2): epistemic and doxastic cues",
    fires=[
        "The minister apparently left early.",
        "The data suggest a slowdown.",
        "The fire appears to have started in the kitchen.",
        "The bridge is widely considered unsafe.",
        "The treaty was seen as a defeat for the hardliners.",
        "Some voters see the new tax as a trick.",
    ],
    quiet=[
        "The minister left early.",
        "The band appeared on stage at nine.",
        "The thief was seen on a camera at the station.",
        "Police questioned two suspects on Friday.",
        "Many villagers believe in ghosts.",
        "We saw the final on Sunday.",
        "The new manager will assume the role in May.",
        "The minister indicated she would stand again.",
    ],
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
    pattern=(
        "a word of possibility or expectation: possible, likely, perhaps, signs, doubts, expected, chance "
        "(not 'as soon as possible', 'made it possible', 'as expected'; not a chance that is an opportunity: "
        "'a chance to speak', 'gave them a chance')"
    ),
    message="possibility or expectation: something might happen, or someone expects it to",
    explanation="'Likely', 'possible' and 'expected' are about what might happen. They are not facts: ask who thinks so, and why.",
    source=(
        "Szarvas et al. (2012); Hyland (1998); Palmer (2001), Mood and Modality: epistemic and dynamic possibility; "
        "Cambridge Dictionary, 'chance': possibility ('a chance of', 'a chance that') and opportunity ('a chance to')"
    ),
    fires=[
        "A deal is likely this week.",
        "There are signs of recovery.",
        "It is possible that the vote will be delayed.",
        "There is little chance of rain tomorrow.",
        "The team has a 30 percent chance to win the title.",
    ],
    quiet=[
        "The deal was signed this week.",
        "He signs the contract today.",
        "The new bridge made it possible to cross in winter.",
        "As expected, the champion won the first round.",
        "Pupils will get a chance to ask questions.",
        "The coach gave the young striker a chance.",
    ],
)
REPORTED_FEELING = rule(  # a reported feeling: what the key and lesson 4 call it
    id="hedge.reported-feeling",
    label="hedge",
    pattern="a feeling about what might happen: hope, fear, worry, concern",
    message="hope or fear: someone feels something might happen",
    explanation="Hopes, fears and worries are about what might happen. They are not facts, and someone has to be doing the hoping or fearing.",
    source="Hyland (2005), Metadiscourse: attitude markers; Martin & White (2005), The Language of Evaluation: affect",
    fires=["Doctors fear a second wave.", "Farmers hope for rain before the harvest."],
    quiet=["The farmers harvested the wheat in August."],
)
CONDITIONAL = rule(
    id="hedge.conditional",
    label="hedge",
    pattern="a condition: if, unless, whether, depend on, as long as; until + an event still to come ('until prices rise')",
    message="conditional: the claim only holds if something else happens",
    explanation="'We will attend if it is safe' promises nothing on its own. Look for what the claim depends on.",
    source="Szarvas et al. (2012): condition and investigation cues",
    fires=[
        "The match will go ahead if the rain stops.",
        "The result depends on the recount.",
        "The plant will stay closed until the repairs are finished.",
    ],
    quiet=[
        "The match went ahead despite the rain.",
        "He shouted as if the house were on fire.",
        "The shop stayed open until 1990.",
        "She worked there until she retired.",
        "The talks were useful, if not decisive.",
    ],
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
    "reported feeling": REPORTED_FEELING,
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
#: verbs that hedge only as verbs: the nouns name a person ("two suspects") or a figure ("analysts' estimates")
_VERB_ONLY = frozenset({"suspect", "suspects", "estimate", "estimates"})
#: verbs of belief that are a hedge only when somebody believes something, not "considered the bill"
_NEEDS_COMPLEMENT = frozenset({"considered", "regarded", "supposed", "thought", "deemed", "presumed", "reputed"})
#: verbs of perception that report a belief only with "as" or "to": "seen as a defeat", not "seen on camera"
_SEEN_AS = frozenset({"see", "sees", "saw", "seen", "view", "views", "viewed", "regard", "regards"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re", "am"})
#: after "would": a habit or a later event told in the past ("would often", "would later"), not a possibility
_NARRATIVE = frozenset(
    "often usually typically sometimes frequently regularly always later eventually soon subsequently".split()
)
#: after "would": a wish or preference ("would like", "would rather"), not a possibility
_VOLITION = frozenset({"like", "rather", "prefer", "love"})
#: verbs of telling that "would not" refuses ("would not comment"): a refusal, not a possibility
_REFUSED = frozenset({"identify", "elaborate", "specify", "discuss", "name", "provide", "give"})
#: verbs of belief, guess or feeling: the "would" after them may be the believer's own guess ("thought it would be
#: wiser"), and a zero-"that" clause leaves the verb itself unflagged ("thought it would rain"), so the "would" stays
#: a hedge. A promise, warning or prediction is not here: it reports what someone said, "will" moved into the past
#: ("We will win" -> "promised they would win"; Quirk et al. 1985, 14.31), and who said it is the attribution's job.
_BELIEF = frozenset(
    "estimated estimating suggested suggesting believed believing thought thinking "
    "expected expecting feared fearing worried worrying".split()
)
#: verbs of asking: "asked whether it would" reports the question "Will it ...?" (an indirect question backshifts too)
_ASKING = frozenset("asked asking wondered wondering inquired inquiring enquired enquiring".split())
#: what may stand between a verb of asking and "whether"/"if": the person asked ("asked him if", "asked the mayor if")
_ASKED_PERSON = frozenset({"PRP", "DT", "NN", "NNS", "NNP", "NNPS", "JJ"})
#: words that open a new clause: a reporting verb further back does not govern a "would" after them
_CLAUSE_OPENERS = frozenset("if unless because when while although though which who whom whose where ;".split())
#: "possible" of circumstance or ability, not of knowledge: "as soon as possible", "all possible means"
_DYNAMIC_BEFORE_POSSIBLE = frozenset({"as", "all", "every", "best", "worst", "where", "wherever", "whenever"})
_MAKE = frozenset({"make", "makes", "made", "making"})
#: verbs whose object "chance" is an opportunity, not a possibility: "gave them a chance", "seize the chance"
_OPPORTUNITY_VERBS = frozenset(
    "give gives gave given giving get gets got gotten getting take takes took taken taking seize seizes seized "
    "seizing offer offers offered offering miss misses missed missing deserve deserves deserved deserving grab "
    "grabs grabbed grabbing waste wastes wasted wasting".split()
)
#: what may stand between such a verb and "chance": the person given it, a determiner, adjectives, quotation marks
_OPPORTUNITY_GAP = frozenset({"DT", "PDT", "PRP", "PRP$", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "``", "''"})


@functools.cache
def _reporting_verbs() -> frozenset[str]:
    """Verbs of saying (the attribution lexicon): a "would" they govern is a reported "will"."""
    return frozenset(lexicon("attribution")["cue_verbs"])


@functools.cache
def _person_titles() -> frozenset[str]:
    """Titles and roles of people ("minister", "spokesman"), from the attribution lexicon."""
    return frozenset(lexicon("attribution")["person_titles"])


def _after_be(words: list[str], tags: list[str], i: int) -> bool:
    """Is token ``i`` a participle after a form of "be", perhaps with adverbs between ("is widely")?"""
    j = i - 1
    while j >= 0 and tags[j] == "RB" and j > i - 3:
        j -= 1
    return j >= 0 and words[j] in _BE


def _governed(
    words: list[str], tags: list[str], j: int, verbs: frozenset[str], gap: frozenset[str], reach: int
) -> bool:
    """Is there one of ``verbs`` at most ``reach`` words before ``j``, with only words tagged ``gap`` between?"""
    for k in range(j - 1, max(-1, j - reach - 1), -1):
        if words[k] in verbs:
            return True
        if tags[k] not in gap:
            return False
    return False


def _asked(words: list[str], tags: list[str], j: int) -> bool:
    """Is the "whether" or "if" at ``j`` the start of an indirect question ("asked whether", "asked him if")?"""
    return _governed(words, tags, j, _ASKING, _ASKED_PERSON, 4)


def _reported_will(words: list[str], tags: list[str], i: int) -> bool:
    """Is the "would" at ``i`` in a clause reported by a verb of saying ("said it would", "announced that he would")?"""
    for j in range(i - 1, max(-1, i - 11), -1):
        if words[j] in {"whether", "if"} and _asked(words, tags, j):
            return True  # "asked whether Russia would attack": the question "Will Russia attack?", reported
        if words[j] in _CLAUSE_OPENERS:
            return False
        if tags[j].startswith(("VB", "MD")):
            # only a past verb of saying shifts "will" back to "would": "says it would" stays a hypothesis;
            # after a verb of belief the "would" may be the believer's guess ("thought it would"): a hedge
            return tags[j] in {"VBD", "VBG"} and words[j] in _reporting_verbs() and words[j] not in _BELIEF
    return False


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


def _opportunity(words: list[str], tags: list[str], i: int, after: int) -> bool:
    """Is the "chance" at ``i`` an opportunity ("a chance to speak", "gave them a chance"), not a possibility?

    "Chance of" and "chance that" weigh how likely something is, a figure ("a 30 percent chance") too;
    "chance to" + a verb, or a chance that someone gives, gets, takes or misses, is an occasion to act.
    """
    nxt = words[after] if after < len(words) else ""
    if nxt in {"of", "that"} or any(_is_number(words[k], tags[k]) for k in range(max(0, i - 3), i)):
        return False
    if nxt == "to" and after + 1 < len(words) and tags[after + 1] == "VB":
        return True
    return _governed(words, tags, i, _OPPORTUNITY_VERBS, _OPPORTUNITY_GAP, 5)


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
        if not (
            tag == "MD"
            and nxt
            and (
                nxt in {"not", "n't", "well", "also", "still", "never", "have", "be"}
                or tags[after].startswith(("VB", "RB"))
            )
        ):
            return False
        k = after + 1 if nxt in {"not", "n't", "also", "still"} else after
        then = words[k] if k < len(words) else ""
        if word in {"must", "should"}:
            # must/should judge a fact only before "be" (not a passive order) or "have" + participle (Coates 1983):
            # "must be somewhere", "should have arrived"; "must show a ticket" is an order, not a hedge
            nxt2 = tags[k + 1] if k + 1 < len(words) else ""
            return (then == "be" and nxt2 != "VBN") or (then == "have" and nxt2 == "VBN")
        if word == "could" and nxt in {"not", "n't"}:
            return False  # "could not reach": a past inability, not a possibility (Palmer 2001)
        if word == "would":
            if nxt in _NARRATIVE or nxt in _VOLITION:
                return False  # a habit or a later event in a story ("would often"), or a wish ("would like")
            if nxt in {"not", "n't"} and (then in _REFUSED or then in _reporting_verbs()):
                return False  # "would not comment": a refusal (Quirk et al. 1985, 4.57)
            if _reported_will(words, tags, i):
                return False  # "said it would": a reported "will" (backshift, Quirk et al. 1985, 14.31)
        return True
    if cls == "approximator":
        # an approximator hedges only a figure: the next token must be a number, not a decade ("the 1960s")
        return bool(nxt) and _is_number(nxt, tags[after]) and not _DECADE.match(nxt)
    if word in {"chance", "chances"} and n == 1 and _opportunity(words, tags, i, after):
        return False  # "a chance to speak", "gave them a chance": an opportunity, not a possibility
    if word in _NOUN_ONLY and n == 1:
        # "signs", "concerns": a hedge as a noun, not as a verb ("he signs" is a verb whatever the tag)
        return tag.startswith("NN") and not (i > 0 and tags[i - 1] == "PRP")
    if word in _VERB_ONLY and n == 1:
        # "police suspect arson", "they estimate": a verb; "two suspects", "analysts' estimates": a person, a figure
        return tag.startswith("VB")
    nxt_tag = tags[after] if after < len(tags) else ""
    if (
        word in {"assume", "assumes", "assumed"}
        and nxt_tag in {"DT", "CD", "$", "PRP$"}
        and not _after_be(words, tags, i)
    ):
        return False  # "assume the role", "assumed its debt": take on, not suppose (a belief takes a clause)
    if word.startswith("indicat") and n == 1:
        # "the data indicate": evidence points somewhere (a hedge); "Bush has indicated", "she indicated":
        # a named speaker tells something indirectly, a verb of saying (PARC 3.0), left to the attribution reader
        j = i - 1
        while j >= 0 and words[j] in {"has", "have", "had", "'s", "also", "already", ","}:
            j -= 1
        speaker = j >= 0 and (
            tags[j] in {"NNP", "NNPS"}
            or words[j] in {"he", "she", "they", "we", "i", "you"}
            or words[j] in _person_titles()
        )
        return not speaker
    if word in {"believe", "believes", "believed"} and nxt == "in":
        return False  # "believe in ghosts": faith or trust, not a belief that something is so
    if word in _SEEN_AS and n == 1:
        # "seen as a defeat", "some see him as", "is seen to be", "remains to be seen" (an open question) ...
        # ... but not "seen on camera", "saw the match", "see to it"
        if words[max(0, i - 3) : i] in (["remains", "to", "be"], ["remain", "to", "be"]):
            return True
        if nxt == "to":
            return word in {"seen", "viewed"}
        for k in range(after, min(after + 4, len(words))):
            if words[k] == "as":
                return tag.startswith("VB")
            if tags[k].startswith(("VB", "MD")) or not words[k][:1].isalnum():
                break
        return False
    if word in {"possible", "impossible"}:
        prev = words[i - 1] if i else ""
        # "as soon as possible", "all possible means", "made it possible", "possible to cross": circumstance
        # or ability (dynamic possibility), not a judgement about what is true (Palmer 2001)
        return not (
            prev in _DYNAMIC_BEFORE_POSSIBLE
            or prev in _MAKE
            or (i > 1 and words[i - 2] in _MAKE)
            or nxt in {"to", "for"}
        )
    if word == "expected" and i > 0 and words[i - 1] in {"as", "than"}:
        return False  # "as expected", "than expected": the event has happened; it is compared, not doubted
    if word == "until":
        # "until" + a present-tense clause is an event that has not happened yet: a condition ("will not resume
        # until prices rise" = unless they rise; Quirk et al. 1985, 15.25), not a date ("until 1994", "until he died")
        for k in range(after, min(after + 8, len(words))):
            if tags[k] in {"VBZ", "VBP"}:
                return True
            if tags[k] in {"VBD", "MD"} or words[k] in {",", ".", ";", ":"}:
                return False
        return False
    if word == "if":
        prev = words[i - 1] if i else ""
        # "as if" (a comparison), "if not", "if only", "if any", "if ever": idioms, not a condition on the claim
        return prev != "as" and nxt not in {"not", "only", "any", "ever"} and words[i + 1 : i + 3] != ["and", "only"]
    if word.startswith("appear") and n == 1:
        # "appears to", "it appeared that", "appears unlikely": not "appeared on stage"
        return nxt in _APPEAR_COMPLEMENTS or (bool(nxt) and tags[after] == "JJ") or (i > 0 and words[i - 1] == "it")
    if word in _NEEDS_COMPLEMENT and n == 1:
        # "is considered unsafe", "was thought to": a belief in the passive (someone believes it) ...
        # ... or a belief with its content ("thought that", "considered as"); not "considered the bill", "thought about"
        return _after_be(words, tags, i) or nxt in {"to", "that", "as", "likely"}
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
