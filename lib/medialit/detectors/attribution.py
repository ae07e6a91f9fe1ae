"""Who says so? Attributions (source, cue, content) and the gaps where nobody does.

A rule-based reader in the spirit of textacy's ``direct_quotations``: it finds
a reporting cue (said, told, according to...), the source on its left (or right,
after a quotation) and the content it reports. It reads one sentence at a time,
so a source named two sentences earlier is only found for pronouns ("he said").
For anything subtler, read the article: the method cannot tell a reporter's
paraphrase from a speaker's words when no quotation marks are used.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..text import Annotation, Article, Span
from .rules import dedupe, lexicon, rule

#: how a source is named, from most to least checkable
SOURCE_KINDS = ("person", "organisation", "vague", "pronoun", "none")

CUE = rule(
    id="attribution.cue",
    label="attribution-gap",
    pattern=(
        "a reporting verb with its source: said, told, added, stressed, reiterated, joked, cited, indicate; "
        "verbs of judging (criticised, praised), proposing (called for, urged), agreeing and of evidence "
        "('the poll shows that', 'a study found', 'surveys show a tight vote'); of belief and fear ('experts expect', "
        "'farmers fear'); a passive with 'by' ('was reported by the Post'); a noun of saying with its owner "
        "('the mayor's claim that'); 'as X put it'; a headline's verb ('..., Mayor Ana Ruiz Says')"
    ),
    message="attribution: someone is named as saying this",
    explanation="An attribution tells you who is responsible for a claim, so you can judge whether to believe them.",
    source="Pareti (2016), PARC 3.0 attribution relations; Newell, Margolin & Ruths (2018), PolNeAR; Levin (1993), English Verb Classes",
    fires=[
        "The mayor said the bridge would reopen.",
        "“We are ready,” the coach told reporters.",
        "Rep. Ann Lee (D-Ohio) said the count was wrong.",
        "A new poll shows that most voters back the plan.",
        "The story was first reported by the Daily Planet.",
        "Ana Ruiz met the press and said the road would reopen.",
        "A new survey shows a tight vote in the north.",
        "Farmers fear that the drought will last another year.",
        "The mayor's claim that the bridge was safe did not hold.",
        "The old bridge is finished, as the mayor put it.",
        "Bridge Will Reopen in May, Mayor Ana Ruiz Says.",
    ],
    quiet=[
        "The bridge reopened on Monday.",
        "The police found the stolen car.",
        "The club called off the match.",
        "The soldier pointed the gun at the door.",
        "The committee agreed to meet again in June.",
        "“I think the plan is good.”",
        "The museum put out a photo showing the old harbour at dawn.",
        "The claim that the bridge was safe did not hold.",
        "The old bridge was finished, as the photos show.",
        "The United States Opens a New Embassy in Town.",
    ],
)
ACCORDING = rule(
    id="attribution.according-to",
    label="attribution-gap",
    pattern="'according to' followed by a source",
    message="attribution: the claim is credited with 'according to'",
    explanation="'According to X' puts the claim on X. Check who X is and how they know.",
    source="Pareti (2016), PARC 3.0",
    fires=["According to the police, three people were hurt."],
    quiet=["Three people were hurt."],
)
SPEAKER_LABEL = rule(
    id="attribution.speaker-label",
    label="attribution-gap",
    pattern=(
        "a speaker's name and a colon before their words ('SMITH: ...'; in a headline one name will do: 'Ruiz: ...'), "
        "or a dash and a name after a quotation"
    ),
    message="attribution: the speaker is named by a label, not by a verb",
    explanation="Interview transcripts write 'NAME: words', and collected quotes end with '— Name'. The label does the work of 'said'.",
    source="Pareti (2016), PARC 3.0: punctuation as an attribution cue; Newell, Margolin & Ruths (2018), PolNeAR",
    fires=[
        "HOST: Welcome back to the show.",
        "“The river has never been this high.” — Maria Lopez",
        "Ruiz: the bridge will reopen in May.\n\nThe mayor spoke to the press on Monday.",
    ],
    quiet=[
        "Note: the bridge is closed on Sundays.",
        "The river rose fast — faster than ever.",
        "Update: the bridge will reopen in May.\n\nThe mayor spoke to the press on Monday.",
    ],
)
VAGUE = rule(
    id="gap.vague-source",
    label="attribution-gap",
    pattern="a source that is a vague or anonymous group: officials, analysts, sources, experts, the West",
    message="vague source: which officials? which analysts?",
    explanation="'Officials said' sounds official, but you cannot check who they are or what they know.",
    source="SPJ Code of Ethics: identify sources clearly; AP Stylebook on anonymous sources",
    fires=["Officials said the plant was safe.", "Analysts warned that prices would rise."],
    quiet=["Health Minister Ana Ruiz said the plant was safe."],
)
PRONOUN = rule(
    id="gap.unclear-pronoun",
    label="attribution-gap",
    pattern="a pronoun source (he, she, they, it) with no single named speaker just before it",
    message="unclear speaker: who is 'he' or 'they' here?",
    explanation="If you cannot tell who 'he' is, you cannot tell whose claim this is.",
    source="Newell, Margolin & Ruths (2018), PolNeAR: pronoun sources",
    fires=["The company closed its factory. He said the move was needed."],
    quiet=["Mayor Tom Lee opened the park. He said it was overdue."],
)
PASSIVE = rule(
    id="gap.agentless-passive",
    label="attribution-gap",
    pattern="a passive reporting verb with nobody doing it: it was reported, is believed, was said to, is expected, has been criticised",
    message="agentless passive: reported by whom?",
    explanation="'It is believed' hides who believes it. The sentence sounds like a fact but has no source.",
    source="Fairclough (2003), Analysing Discourse: agent deletion in passives",
    fires=[
        "It was reported that the talks had failed.",
        "The ship is believed to have sunk.",
        "The minister has been criticized for the delay.",
        "The plan has been sharply criticized.",
    ],
    quiet=["The talks were reported by the BBC."],
)
SECOND_HAND = rule(
    id="gap.second-hand",
    label="attribution-gap",
    pattern="a source that passes on what someone else said: cited, citing, quoted, quoting",
    message="second-hand: the source is repeating someone else",
    explanation="When a newspaper cites unnamed people, you are two steps away from whoever really knows. Trace the claim to its origin.",
    source="Caulfield (2019), SIFT: trace claims to the original",
    fires=["The newspaper, citing officials, said the deal was close."],
    quiet=["The minister said the deal was close."],
)
FIGURE = rule(
    id="gap.unsourced-figure",
    label="attribution-gap",
    pattern="a figure (a number of people, troops, money) in a sentence with no source",
    message="unsourced figure: who counted this?",
    explanation="Numbers sound precise, but somebody counted or estimated them. A figure without a source cannot be checked.",
    source="Stanford History Education Group, Civic Online Reasoning: what is the evidence?",
    fires=["About 3,000 soldiers crossed the border."],
    quiet=["About 3,000 soldiers crossed the border, the ministry said.", "The border is quiet."],
)
CLAIM = rule(
    id="gap.unsourced-claim",
    label="attribution-gap",
    pattern="a claim about evidence, intentions or goals with no source: there are no signs, X wants, the main goal is, tried to",
    message="unsourced claim: who says so?",
    explanation="Claims about what people want or what the evidence shows need a source. Here the writer gives none.",
    source="Stanford History Education Group, Civic Online Reasoning: who is behind the information?",
    fires=["There is no evidence of fraud.", "The rebels want the capital.", "The main goal is to win the vote."],
    quiet=["The judge said there is no evidence of fraud.", "The rebels took the capital."],
)
INTERPRETATION = rule(
    id="gap.interpretation",
    label="attribution-gap",
    pattern="the writer's own reading of events: aimed at, signalling that, in a show of, in a bid to, the worst ... since",
    message="interpretation: this is the writer's reading, not a reported fact",
    explanation="Phrases like 'in a bid to' or 'signalling that' tell you why the writer thinks something happened. That is an opinion unless someone is quoted.",
    source="Civic Online Reasoning: separate reporting from interpretation",
    fires=["The army withdrew, in a move aimed at calming tensions.", "In a bid to win voters, the party cut taxes."],
    quiet=["The army withdrew on Tuesday."],
)
NO_BYLINE = rule(
    id="gap.no-byline",
    label="attribution-gap",
    pattern="an article with no 'By ...' line naming the reporter",
    message="no byline: who wrote this?",
    explanation="A byline tells you who is accountable for the report. Without one you cannot check the writer's record.",
    source="SIFT: investigate the source",
    fires=["Storm hits coast\n\nThe storm hit the coast on Monday."],
    quiet=["Storm hits coast\n\nBy Ana Ruiz\n\nThe storm hit the coast on Monday."],
)
NO_DATE = rule(
    id="gap.no-date",
    label="attribution-gap",
    pattern="an article with no date, so 'on Wednesday' or 'this week' cannot be placed",
    message="no date: which Wednesday? which week?",
    explanation="Without a date you cannot tell if the news is current, or check it against other reports from the same day.",
    source="SIFT: find better coverage",
    fires=["Storm hits coast\n\nThe storm hit the coast on Monday."],
    quiet=["Storm hits coast\n\nPublished: 3 March 2021\n\nThe storm hit the coast on Monday."],
)
NO_ORIGIN = rule(
    id="gap.no-original-source",
    label="attribution-gap",
    pattern="no wire service or original publisher credited: only a republisher's 'Source:' line, or nothing",
    message="no original source: who reported this first?",
    explanation="Many stories are copied from news agencies such as AP or Reuters. If the original is not named, you cannot go back to it to check the wording.",
    source="SIFT: trace claims, quotes and media to the original context",
    fires=["Storm hits coast\n\nThe storm hit the coast on Monday.\n\nSource: Daily Planet"],
    quiet=["Storm hits coast\n\nBy Ana Ruiz, Reuters\n\nThe storm hit the coast on Monday."],
)


@dataclass(frozen=True)
class Attribution:
    """One attribution: who (``source``) says (``cue``) what (``content``)."""

    cue: Span
    source: Span | None
    content: Span | None
    kind: str
    direct: bool
    rule: str
    resolved_to: str | None = None

    def to_dict(self, text: str) -> dict:
        def part(span: Span | None) -> dict | None:
            return None if span is None else {"start": span.start, "end": span.end, "text": span.text_of(text)}

        return {
            "source": part(self.source),
            "cue": part(self.cue),
            "content": part(self.content),
            "kind": self.kind,
            "direct": self.direct,
            "rule": self.rule,
            "resolved_to": self.resolved_to,
        }


# --- word lists ------------------------------------------------------------------


@functools.cache
def _words(name: str) -> frozenset[str]:
    return frozenset(lexicon("attribution")[name])


_NP_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "JJ", "DT", "PRP", "PRP$", "POS", "CD"})
_SKIP_BEFORE_CUE = frozenset(
    "also again later earlier then has have had will would did does do repeatedly previously once has've "
    "not n't 't don didn doesn isn aren wasn weren".split()
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
#: after "call": phrasal verbs that are not speech ("call off", "call up")
_PARTICLES = frozenset({"off", "up", "back", "in", "out"})
#: verbs of evidence and discovery: they report only when a clause follows ("the poll shows that")
_EVIDENCE_VERBS = frozenset(
    "show shows showed showing find finds found finding conclude concludes concluded concluding "
    "learn learns learned learning".split()
)
#: verbs of belief: "I think", "we believe" hedge the speaker's own claim; they name no new source
_BELIEF_VERBS = frozenset("think thinks thought believe believes believed guess suppose".split())
#: headline rubrics: a label before a colon that names the kind of story, not a speaker
_RUBRICS = frozenset(
    "analysis opinion update updated exclusive watch live breaking video photos editorial review explainer "
    "factbox timeline note correction interview comment".split()
)
_QUOTES_OPEN = frozenset({"“", '"', "``", "‘", "«"})
_QUOTES_CLOSE = frozenset({"”", '"', "''", "’", "»"})
_BE = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s"})
_SECOND_HAND_CUES = frozenset({"cite", "cites", "cited", "citing", "quote", "quotes", "quoted", "quoting"})
_PASSIVE = re.compile(
    r"\b(?:(?:it|this)\s+)?(?:is|was|are|were|has been|have been|had been|is being|are being|was being|were being)\s+"
    r"(?:(?:widely|now|also|often|long|sometimes|repeatedly|already|\w+ly)\s+)?(?:said|reported|claimed|believed|thought|alleged|understood|rumou?red|"
    r"feared|estimated|suggested|suspected|known|expected|predicted|projected|"
    r"critici[sz]ed|accused|blamed|condemned|praised|questioned|described as|label+ed as)\b(?!\s+by\b)",
    re.I,
)
_CLAIM_PATTERNS = [
    # evidence stated as fact: "there are no signs of", "there is evidence that"
    re.compile(
        r"\bthere (?:is|are|was|were|has been|have been) (?:no |little |some |clear |growing )?(?:signs?|evidence|indications?|proof)\b",
        re.I,
    ),
    # mind-reading: "Russia wants", "the rebels want", "leaders have tried to" (not "I want": the speaker's own)
    re.compile(
        r"\b(?!(?:I|we|We|you|You)\b)\w[\w’'-]* (?:wants?|intends? to|aims? to|plans? to|is planning|are planning|(?:has|have)(?: \w+ly)? tried to|is trying to|are trying to)\b"
    ),
    # motives: "the main goal is", "the real reason was"
    re.compile(
        r"\b[Tt]he (?:main|real|ultimate|key|true|chief|underlying) (?:goal|aim|objective|reason|purpose|motive) (?:is|was)\b"
    ),
]
_INTERPRETATION = re.compile(
    r"\b(?:aimed at|in (?:a|an|another) (?:move|bid|attempt|effort|show|sign|gesture) (?:aimed at|to|of)|"
    r"signall?ing (?:that|a)|in an? (?:apparent )?(?:bid|attempt|effort) to|"
    r"the (?:worst|biggest|largest|most \w+) [\w -]+? since)\b",
    re.I,
)
_FIGURE = re.compile(
    r"\b(?:(?:some|about|around|nearly|almost|over|more than|up to|at least) )?[$€£]?\d+(?:[,.]\d+)*(?!\w)(?: (?:million|billion|thousand|per ?cent|%))?(?: [a-z]+)?"
)
_RELATIVE_DAY = re.compile(
    r"\b(?:[Oo]n (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|[Tt]his week|[Yy]esterday|[Tt]oday|[Ll]ast week)\b"
)


def _is_cue(words: list[str], tags: list[str], i: int, raw: list[str]) -> bool:
    """Is token ``i`` a reporting verb used as a verb?"""
    if words[i] not in _words("cue_verbs"):
        return False
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if not tags[i].startswith("VB") and _headline_verb(words, tags, raw, i):
        return True
    if not tags[i].startswith("VB"):
        # a verb form of a reporting verb ("says" the verb, not "the United States") ...
        # ... though the tagger takes "reports", "asks" for plural nouns after a name: "The Post reports that";
        # a noun would not stand between a name and "that", a colon or the end (a capital: "the United States");
        # after a common noun only before "that": "a new poll shows that"
        return (
            raw[i].islower()
            and words[i].endswith("s")
            and i > 0
            and (
                (
                    (tags[i - 1].startswith("NNP") or tags[i - 1] == "PRP")
                    and nxt in {"that", ":", ".", ",", "?", "!", ""}
                )
                or (tags[i - 1] == "NN" and nxt == "that")
                # "the survey shows the mayor ahead": a record and then an evidence verb, whatever follows
                or (words[i] in _EVIDENCE_VERBS and words[i - 1] in _words("evidence_nouns"))
            )
        )
    if tags[i] == "VBN" and i > 0 and tags[i - 1] in {"NN", "NNS"} and raw[i - 1].islower():
        return False  # a bare participle after a noun names or describes ("a group called Hope", "the body found")
    if words[i].startswith("call") and nxt in _PARTICLES:
        return False  # "called off the talks", "called up reservists": phrasal verbs that report nothing
    if words[i].startswith("point"):
        return nxt in {"out", "to"}  # "pointed out that", "pointed to the polls": not "pointed the gun"
    if words[i].startswith("continu"):
        return nxt in {
            ":",
            ",",
            ".",
            "“",
            '"',
            "``",
        }  # "he continued: ...", "..., she continued.": not "continued to rise"
    if words[i].startswith("agree") and nxt == "to":
        return False  # "agreed to talks": a commitment to act; "agreed that ..." reports a view
    if words[i] in _EVIDENCE_VERBS:
        # "the poll shows that...", "a study found voters...": evidence reports a clause, not "found the keys";
        # at the end of the sentence the content came first ("..., The Post has learned.");
        # a record as the subject of a finite verb reports whatever follows ("surveys show a tight vote"); not
        # a participle: "a video showing a train" describes the video, it does not report its claim
        return (
            nxt in {"that", ".", "", ":"}
            or _clause_follows(words, tags, i + 1)
            or (tags[i] in {"VBZ", "VBD", "VBP"} and _evidence_subject(words, tags, i))
        )
    return True


def _headline_verb(words: list[str], tags: list[str], raw: list[str], i: int) -> bool:
    """ "Senator Vows To Fight", "..., Mayor Ana Ruiz Says.": a capitalised verb in -s in a Title Case headline.

    Headlines put past events in the present tense and capitalise every word (Mårdh 1980, Headlinese), so
    the tagger reads "Says" as part of a name; after a capitalised word it is the headline's verb.
    """
    long = [w for w in raw if w[:1].isalpha() and len(w) > 3]
    title_case = len(long) >= 3 and sum(w[:1].isupper() for w in long) >= 0.8 * len(long)
    return (
        title_case
        and i > 0
        and tags[i] in {"NNP", "NNS"}
        and raw[i][:1].isupper()
        and words[i].endswith("s")
        and raw[i - 1][:1].isupper()
        and words[i - 1] != "united"  # "the United States"
    )


def _evidence_subject(words: list[str], tags: list[str], i: int) -> bool:
    """Is the subject before the verb at ``i`` a record: a poll, a study, a video ("a poll of voters shows")?

    Evidence verbs with a source of information as subject are evidential attributions (PARC 3.0:
    Pareti 2016, sources need not be people; Aikhenvald 2004, Evidentiality)."""
    j = i - 1
    while j >= 0 and (tags[j] in _NP_TAGS or tags[j] in {"IN", "RB", "MD", "VBN"} or words[j] in _SKIP_BEFORE_CUE):
        if words[j] in _words("evidence_nouns") and tags[j].startswith("NN"):
            return True
        j -= 1
    return False


def _clause_follows(words: list[str], tags: list[str], k: int) -> bool:
    """Does a finite verb come within a few tokens of ``k``, before any punctuation (a clause, not an object)?"""
    for j in range(k, min(k + 8, len(words))):
        if tags[j] in {"VBD", "VBZ", "VBP", "MD"}:
            return True
        if not words[j][:1].isalnum():
            return False
    return False


def _quoted_ranges(text: str, sent: Span) -> list[Span]:
    """Stretches between opening and closing double quotes in the sentence."""
    out, start = [], None
    for m in re.finditer(r"[“”\"«»]", text[sent.start : sent.end]):
        ch, pos = m.group(), sent.start + m.start()
        if ch in "“«" or (ch == '"' and start is None):
            start = pos
        elif start is not None:
            out.append(Span(start, pos + 1))
            start = None
    if start is not None:  # a quotation still open at the sentence end runs to it
        out.append(Span(start, sent.end))
    return out


def _left_np(words: list[str], tags: list[str], c: int) -> tuple[int, int] | None:
    """Token range of the noun phrase ending just before the cue at ``c``."""
    j = c - 1
    progressive = tags[c] == "VBG"
    while j >= 0 and (
        words[j] in _SKIP_BEFORE_CUE or tags[j] in {"RB", "MD"} or (progressive and words[j] in _BE | {"'re", "am"})
    ):
        j -= 1  # "Scholz also said", "Russia has denied", "Trump is again questioning"
    if j >= 0 and (words[j] == "who" or (words[j] in {"that", "which"} and tags[j] == "WDT")):
        # "an architect who said", "the police department which reported": the relative pronoun speaks
        # for the noun phrase before it
        np = _left_np(words, tags, j)
        return (np[0] if np else j, j + 1)
    end = j + 1
    while j >= 0:
        if words[j] == ")" and "(" in words[max(0, j - 8) : j]:
            # "Rep. Ann Lee (D-Ohio) said": a party label or affiliation in brackets belongs to the name
            j = max(k for k in range(max(0, j - 8), j) if words[k] == "(") - 1
        elif tags[j] in _NP_TAGS and words[j] not in {"that", "which", "who"} and words[j][:1].isalnum():
            j -= 1  # a quotation mark is never part of the name: '"I think' speaks as "I"
        elif (
            words[j] in {"of", "to", "for", "and", "&"}
            and j > 0
            and tags[j - 1].startswith("NNP")
            and j + 1 < end
            and tags[j + 1] in {"NNP", "NNPS", "DT"}
        ):
            j -= 1  # "Ambassador to the European Union", "Secretary of State"
        elif (
            words[j] in {"and", "&"}
            and j > 0
            and tags[j - 1] in {"NNP", "NNPS", "NN", "NNS"}
            and j + 1 < end
            and tags[j + 1] in {"DT", "PRP$"}
        ):
            j -= 1  # two sources together: "The United States and its allies", "the mayor and the police"
        else:
            break
    start = j + 1
    return (start, end) if end > start else None


def _subject_before(words: list[str], tags: list[str], c: int) -> tuple[int, int] | None:
    """The noun phrase before an interrupting clause: "Putin, signalling ..., stressed"."""
    if tags[c] == "VBG":
        # "Putin, signalling that": a name that opens the sentence or a clause joined by "and" speaks ...
        np = _left_np(words, tags, c - 1)
        if np and tags[np[1] - 1].startswith("NNP") and (np[0] == 0 or words[np[0] - 1] in {"and", "but", ","}):
            return np
        # ... otherwise ("Russia denied it, saying that") the subject of the sentence's first verb speaks
        first_verb = next((k for k in range(c) if tags[k].startswith(("VB", "MD"))), None)
        return _left_np(words, tags, first_verb) if first_verb else None
    commas = [k for k in range(c - 1) if words[k] == ","]
    # the appositive opens at the comma before the one in front of the cue
    return _left_np(words, tags, commas[-1]) if commas else None


def _source_before_break(article: Article, si: int) -> Span | None:
    """The noun phrase ending the previous sentence of the same paragraph, if it ends at an abbreviation."""
    prev, sent = article.sentences[si - 1], article.sentences[si]
    if "\n" in article.text[prev.end : sent.start] or not article.text[prev.start : prev.end].rstrip(")").endswith("."):
        return None
    toks, tags = article.sentence_tokens[si - 1], article.sentence_tags[si - 1]
    words = [article.quote(t).lower() for t in toks]
    n = len(words) - 1 if words and words[-1] == "." else len(words)
    np = _left_np([*words, "said"], [*tags, "VBD"], n) if n > 0 else None
    return Span(toks[np[0]].start, toks[np[1] - 1].end) if np else None


def _np_words(article: Article, span: Span) -> tuple[list[str], list[str], list[str]]:
    """Lowercased words, tags and raw words of the tokens inside ``span``."""
    si = article.sentence_index(span.start)
    pairs = [(t, g) for t, g in zip(article.sentence_tokens[si], article.sentence_tags[si]) if span.contains(t)]
    raw = [article.quote(t) for t, _ in pairs]
    return [w.lower() for w in raw], [g for _, g in pairs], raw


def _after_comma(words: list[str], tags: list[str], c: int) -> bool:
    """Does the cue follow a comma, perhaps with adverbs between ("..., even suggesting")?"""
    j = c - 1
    while j > 0 and tags[j] == "RB":
        j -= 1
    return j >= 0 and words[j] == ","


def _conjoined_subject(words: list[str], tags: list[str], c: int) -> tuple[int, int] | None:
    """The subject of the sentence's first verb, for a cue joined to it by "and" or "but" ("X came and said")."""
    j = c - 1
    while j >= 0 and (words[j] in _SKIP_BEFORE_CUE or tags[j] in {"RB", "MD"}):
        j -= 1
    if j <= 0 or words[j] not in {"and", "but"}:
        return None
    first_verb = next((k for k in range(j) if tags[k].startswith(("VB", "MD"))), None)
    return _left_np(words, tags, first_verb) if first_verb else None


def _possessor(words: list[str], tags: list[str], c: int) -> tuple[int, int] | None:
    """Who owns the noun at ``c``: "his" in "his claim", "the mayor" in "the mayor's earlier claim".

    A noun of saying with a possessor and a "that" clause is an attribution: the possessor is the source
    (PARC 3.0: nominal cues, Pareti 2016; the "that" clause is the noun's content, not a relative clause,
    when the noun is a nominalised reporting verb such as claim, warning, admission).
    """
    j = c - 1
    while j >= 0 and tags[j] in {"JJ", "RB", "VBN"}:
        j -= 1  # "his repeated claim", "her widely reported admission"
    if j >= 0 and tags[j] == "PRP$" and words[j] not in {"our", "your", "my"}:
        return (j, j + 1)
    if j > 0 and words[j] in {"'s", "'"} and tags[j] == "POS":
        return _left_np(words, tags, j)
    return None


def _appositive(words: list[str], tags: list[str], c: int) -> tuple[int, int] | None:
    """ "The mayor, Ana Costa, said": a noun phrase and the name set off by commas after it."""
    commas = [k for k in range(c - 1) if words[k] == ","]
    if not commas:
        return None
    k = commas[-1]
    name = range(k + 1, c - 1)
    # only a name between the commas (one to four capitalised words): otherwise it is a clause
    if not 1 <= len(name) <= 4 or not all(tags[i].startswith("NNP") for i in name):
        return None
    head = _left_np(words, tags, k)
    return (head[0], c - 1) if head else None


def _ends_clause(words: list[str], np: tuple[int, int] | None) -> bool:
    """Does the noun phrase close its clause (end, or punctuation next)?"""
    return np is not None and (np[1] >= len(words) or words[np[1]] in {".", ",", ":", ";", "!", "?", "''", "”", '"'})


def _right_np(words: list[str], tags: list[str], c: int) -> tuple[int, int] | None:
    """Token range of the noun phrase right after the cue (inverted "said Biden")."""
    j = c + 1
    while j < len(words) and (
        tags[j] in _NP_TAGS
        or (words[j] in {"of", "to", "for"} and j + 1 < len(words) and tags[j + 1].startswith("NNP"))
    ):
        if tags[j] == "PRP" and j > c + 1:
            break
        j += 1
    return (c + 1, j) if j > c + 1 else None


def _classify(words: list[str], tags: list[str], raw: list[str], persons: set[str]) -> str:
    """The kind of a source noun phrase: person, organisation, vague or pronoun."""
    lower = " ".join(words)
    if len(words) == 1 and words[0] in _PRONOUNS:
        return "pronoun"
    # "the West", "the international community": a collective nobody can ask
    if lower in _words("vague_collectives") or lower.removeprefix("the ") in {
        c.removeprefix("the ") for c in _words("vague_collectives")
    }:
        return "vague"
    proper = [w for w, t in zip(raw, tags) if t.startswith("NNP") and w[:1].isupper()]
    has_org = any(w in _words("organisation_words") for w in words)
    # an unnamed group as the head: "US officials", "our analysts", "sources"
    if words[-1] in _words("vague_heads") and not (
        len(proper) >= 2 and not has_org and words[-1] not in _words("vague_heads")
    ):
        named_after_title = any(w in _words("person_titles") for w in words[:-1]) and len(proper) >= 2
        return "person" if named_after_title else "vague"
    # a person: a title plus a name, two or more name words, or a surname seen in a full name
    if not has_org and (len(proper) >= 2 or any(p in persons for p in proper)):
        return "person"
    if any(w in _words("person_titles") for w in words) and proper:
        return "person"
    if proper or has_org:
        return "organisation"
    return "vague"


@functools.lru_cache(maxsize=8)
def person_names(article: Article) -> frozenset[str]:
    """Surnames of the people the article names after a title ("President Joe Biden" -> "Biden")."""
    names: set[str] = set()
    titles, orgs = _words("person_titles"), _words("organisation_words")
    for toks, tags in zip(article.sentence_tokens, article.sentence_tags):
        raw = [article.quote(t) for t in toks]
        i = 0
        while i < len(raw):
            if not (raw[i][:1].isupper() and tags[i].startswith("NNP")):
                i += 1
                continue
            j = i
            while (j < len(raw) and raw[j][:1].isupper() and tags[j].startswith("NNP")) or (
                j < len(raw) and raw[j] in {"to", "of", "the"} and j + 1 < len(raw) and raw[j + 1][:1].isupper()
            ):
                j += 1
            run = raw[i:j]
            # the name is what follows the last title word: "Foreign Minister Vladimir Makei"
            last_title = max((k for k, w in enumerate(run) if w.lower() in titles), default=None)
            if last_title is None and i > 0 and raw[i - 1].lower() in titles:
                last_title = -1
            if last_title is not None:
                name = run[last_title + 1 :]
                # one to three name words, none of them an organisation word
                if 1 <= len(name) <= 3 and not any(w.lower() in orgs for w in name):
                    names.add(name[-1])
            i = j
    return frozenset(names)


def find_attributions(article: Article) -> list[Attribution]:
    """Every attribution in the article, with its source's kind, sentence by sentence."""
    text = article.text
    persons = person_names(article)
    found: list[Attribution] = []
    speakers: list[tuple[int, str, str]] = []  # (sentence, kind, name) of earlier sources
    mentions: dict[int, list[str]] = {}  # sentence -> people named in it
    for si, (sent, toks, tags) in enumerate(zip(article.sentences, article.sentence_tokens, article.sentence_tags)):
        if article.is_metadata(sent) or sent == article.title_span:
            continue
        raw = [article.quote(t) for t in toks]
        words = [w.lower().replace("’", "'") for w in raw]
        mentions[si] = [w for w in raw if w in persons]
        quotes = _quoted_ranges(text, sent)
        last_source: tuple[Span | None, str, str | None] | None = None
        for c in range(len(toks)):
            cue_span: Span | None = None
            rule_id = CUE.id
            if words[c] == "according" and c + 1 < len(words) and words[c + 1] == "to":
                cue_span, src_range, rule_id = (
                    Span(toks[c].start, toks[c + 1].end),
                    _right_np(words, tags, c + 1),
                    ACCORDING.id,
                )
            elif (
                words[c] in _words("cue_nouns")
                and tags[c].startswith("NN")
                and c + 1 < len(words)
                and words[c + 1] == "that"
                and (src_range := _possessor(words, tags, c)) is not None
            ):
                cue_span = toks[c]  # "the mayor's claim that ...", "his warning that ...": a noun of saying
            elif (
                words[c] == "put"
                and c + 1 < len(words)
                and words[c + 1] == "it"
                and (src_range := _left_np(words, tags, c)) is not None
                and src_range[0] > 0
                and words[src_range[0] - 1] == "as"
            ):
                # "as the mayor put it": the words before or after are hers (PARC 3.0: "as" attributions)
                cue_span = Span(toks[c].start, toks[c + 1].end)
            elif _is_cue(words, tags, c, raw):
                if c == 0 and raw[c].islower() and si > 0 and (prev := _source_before_break(article, si)):
                    # "Sen. Ann Lee (D-Ohio.) said": the splitter broke the sentence at an abbreviation's full stop
                    cue_span, source = toks[c], prev
                    kind = _classify(*_np_words(article, prev), persons)
                    content = _content(article, sent, toks, words, c, CUE.id, quotes, cue_span, source)
                    found.append(Attribution(cue_span, source, content, kind, False, CUE.id))
                    last_source = (source, kind, None)
                    continue
                # "Asked whether...": a participle opening the sentence is not a cue
                if c == 0 and tags[c] in {"VBN", "VBG"}:
                    continue
                b = c - 1
                while b > 0 and tags[b] == "RB":
                    b -= 1
                if c > 0 and words[b] in _BE and tags[c] == "VBN":
                    # "was first reported by the Post": a passive names its source after "by" ...
                    if c + 1 < len(words) and words[c + 1] == "by" and (agent := _right_np(words, tags, c + 1)):
                        src_range = agent
                        cue_span = Span(toks[c].start, toks[c + 1].end)
                    else:
                        continue  # ... "was said", "is believed": an agentless passive, handled by the rule below
                else:
                    cue_span = toks[c]
                    src_range = _left_np(words, tags, c)
                if src_range is None and c > 0 and raw[c - 1] == ",":
                    src_range = _appositive(words, tags, c)  # "The mayor, Ana Costa, said"
                if (
                    src_range is None
                    and c > 0
                    and raw[c - 1] in {",", *_QUOTES_CLOSE}
                    and (tags[c] != "VBG" or words[c] in _SECOND_HAND_CUES)
                    and _ends_clause(words, _right_np(words, tags, c))
                ):
                    # "..., said the minister", "..., citing officials" (whom it cites);
                    # not "..., urging citizens to": a participle opens a clause, its object is no speaker;
                    # not "..., said the park would reopen": an inverted source ends its clause
                    src_range = _right_np(words, tags, c)
                if src_range is None and c == 0 and words[c] in {"said", "says"}:
                    src_range = _right_np(words, tags, c)  # "Said the minister: ..." (inverted)
            else:
                continue
            source: Span | None = None
            kind, resolved = "none", None
            if src_range is not None:
                a, b = src_range
                source = Span(toks[a].start, toks[b - 1].end)
                kind = _classify(words[a:b], tags[a:b], raw[a:b], persons)
            elif last_source is not None and c > 0 and words[c - 1] in {"and", "but", "then"}:
                source, kind, resolved = last_source  # "... and said", "but promised": same speaker
            elif (subject := _conjoined_subject(words, tags, c)) is not None:
                a, b = subject  # "Cruz praised the crowd and said": the sentence's subject speaks again
                source = Span(toks[a].start, toks[b - 1].end)
                kind = _classify(words[a:b], tags[a:b], raw[a:b], persons)
            elif _after_comma(words, tags, c) and (subject := _subject_before(words, tags, c)) is not None:
                a, b = subject  # "Putin, signalling that..., stressed" / "Putin has not..., saying"
                source = Span(toks[a].start, toks[b - 1].end)
                kind = _classify(words[a:b], tags[a:b], raw[a:b], persons)
            elif (
                tags[c] == "VBG"
                and c > 0
                and words[c - 1] in {"by", "after", "before", "for", "from", "while", "when", "without"}
                and (subject := _subject_before(words, tags, c)) is not None
            ):
                a, b = subject  # "Dean began by saying", "criticised for saying": the sentence's subject speaks
                source = Span(toks[a].start, toks[b - 1].end)
                kind = _classify(words[a:b], tags[a:b], raw[a:b], persons)
            elif tags[c] == "VBG":
                continue  # a participle with no speaker in sight is not an attribution
            if source is None and rule_id == CUE.id:
                continue  # a reporting verb with no source at all is left to the gap rules
            if (
                cue_span is not None
                and source is not None
                and text[source.start : source.end].lower() in {"i", "we", "you"}
                and (words[c] in _BELIEF_VERBS or any(q.contains(cue_span) for q in quotes))
            ):
                # "I think", "do you believe": a speaker hedging their own words (a hedge, not a new source);
                # "I say", "I'll tell you" inside a quotation: the quoted speaker is already the source
                continue
            if kind == "pronoun" and cue_span is not None and any(q.contains(cue_span) for q in quotes):
                # "“... and he would say, ‘not now’”": inside a quotation the quoted speaker tells a story, and the
                # article's source for those words is the quoted speaker (an unnamed group stays: "“Our analysts
                # say ...”" still leaves the reader asking which analysts)
                continue
            if (
                words[c] in _BELIEF_VERBS
                and kind == "pronoun"
                and any(
                    f.content is not None and f.content.contains(cue_span) for f in found if f.cue.start >= sent.start
                )
            ):
                # "the mayor said she thinks ...": the speaker of "said" hedges her own claim, as "I think" does;
                # one attribution, not two (PARC 3.0 counts the belief as part of the reported content)
                continue
            if kind == "pronoun" and resolved is None and source is not None:
                resolved = _resolve(text[source.start : source.end].lower(), si, speakers, mentions)
            content = _content(article, sent, toks, words, c, rule_id, quotes, cue_span, source)
            # direct: the content is a quotation (it opens with a quotation mark or lies inside one)
            direct = content is not None and (text[content.start] in '“"‘«' or any(q.contains(content) for q in quotes))
            found.append(Attribution(cue_span, source, content, kind, direct, rule_id, resolved))
            name = text[source.start : source.end] if source else ""
            if kind in {"person", "organisation"}:
                speakers.append((si, kind, name))
            elif kind == "pronoun" and resolved:
                speakers.append((si, "person" if name.lower() in {"he", "she"} else "organisation", resolved))
            last_source = (source, kind, resolved)
        if (label := _speaker_label(article, si, toks, tags, raw, persons)) is not None:
            found.append(label)
        for m in _PASSIVE.finditer(text, sent.start, sent.end):
            if not any(q.contains(Span(m.start(), m.end())) for q in quotes):
                found.append(Attribution(Span(m.start(), m.end()), None, None, "none", False, PASSIVE.id))
    found.extend(_quote_credits(article, persons))
    return sorted(found, key=lambda a: a.cue.start)


#: "— Maria Lopez" after a closing quotation mark: the credit line of a collected quote
_CREDIT = re.compile(r"[”\"]\s*([―—–])\s*([A-Z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|de|van|von|al)){0,3})")


def _speaker_label(
    article: Article, si: int, toks: list[Span], tags: list[str], raw: list[str], persons: frozenset[str]
) -> Attribution | None:
    """ "WALLACE: Let's start", "Pat Caddell: ...": a name and a colon open the sentence (a transcript label)."""
    k = 1 if raw and raw[0] in _QUOTES_OPEN else 0
    colon = next((j for j in range(k, min(k + 5, len(raw))) if raw[j] == ":"), None)
    if colon is None or colon == k or colon + 1 >= len(raw):
        return None
    name = raw[k:colon]
    # the headline, a paragraph of its own opening the article, writes "Ruiz: ..." for "Ruiz says ..."
    # (Mårdh 1980, Headlinese; a source may be a record: "Survey: ..."), though not a rubric such as "Analysis:"
    first = article.paragraphs[0] if article.paragraphs else None
    headline = (
        si == 0 and first is not None and article.quote(first).strip() == article.quote(article.sentences[0]).strip()
    )
    # a name, not a label word: all capitals (a transcript), two or more capitalised words, or a known person
    if not all(
        (w[:1].isupper() and (tags[k + n].startswith("NNP") or headline)) or w.isupper() for n, w in enumerate(name)
    ):
        return None
    if not (
        all(w.isupper() and len(w) > 1 for w in name)
        or len(name) >= 2
        or name[0] in persons
        or (headline and name[0].lower() not in _RUBRICS)
    ):
        return None
    words = [w.lower() for w in name]
    source = Span(toks[k].start, toks[colon - 1].end)
    content = Span(toks[colon + 1].start, article.sentences[si].end)
    kind = _classify(words, tags[k:colon], name, persons)
    return Attribution(toks[colon], source, content, kind, True, SPEAKER_LABEL.id)


def _quote_credits(article: Article, persons: frozenset[str]) -> list[Attribution]:
    """ "“...” — Maria Lopez": a dash and a name right after a closing quotation mark credit the quote."""
    text, out = article.text, []
    for m in _CREDIT.finditer(text):
        opening = text.rfind("“", max(0, m.start() - 3000), m.start())
        content = Span(opening, m.start() + 1) if opening >= 0 else None
        name = m.group(2).split()
        kind = _classify([w.lower() for w in name], ["NNP"] * len(name), name, persons)
        source = Span(m.start(2), m.end(2))
        out.append(Attribution(Span(m.start(1), m.end(1)), source, content, kind, True, SPEAKER_LABEL.id))
    return out


def _resolve(pronoun: str, si: int, speakers: list[tuple[int, str, str]], mentions: dict[int, list[str]]) -> str | None:
    """The named speaker a pronoun most safely refers to, or None when unclear."""
    want = "person" if pronoun in {"he", "she"} else "organisation"
    for back in (si, si - 1, si - 2):  # look two sentences back at most
        said = [s for s in speakers if s[0] == back]
        if said:
            # the latest speaker goes on speaking, if of the right kind ("he" for a person)
            return said[-1][2] if said[-1][1] == want else None
        named = set(mentions.get(back, ()))
        if named:
            # no speaker, but people are named: safe only if exactly one person is
            return named.pop() if want == "person" and len(named) == 1 else None
    return None  # nobody spoke or was named just before: unclear


def _content(
    article: Article,
    sent: Span,
    toks: list[Span],
    words: list[str],
    c: int,
    rule_id: str,
    quotes: list[Span],
    cue: Span,
    source: Span | None,
) -> Span | None:
    """What the source is reported to say."""
    text = article.text
    before = [
        q for q in quotes if q.end <= cue.start and (source is None or q.end <= source.start or q.start >= source.end)
    ]
    end = sent.end
    inside = next((q for q in quotes if q.contains(cue)), None)
    if inside is not None:
        end = inside.end - 1  # a cue inside a quotation reports only up to its end
    while end > cue.end and text[end - 1] in ".!?,; ":
        end -= 1
    if (before and before[-1].start == sent.start) or (
        before and source is not None and source.start > before[-1].end - 1 and c > 0
    ):
        q = before[-1]  # quotation first: "“...,” he said"
        return Span(q.start, q.end)
    if words[c] == "put" and source is not None:
        # "As Ana put it, the plan is dead" / "the plan is dead, as Ana put it": the rest of the sentence
        rest = text[cue.end : end].lstrip(" ,")
        if rest:
            return Span(end - len(rest), end)
        head = re.sub(r"[\s,]*\b[Aa]s$", "", text[sent.start : source.start].rstrip())
        return Span(sent.start, sent.start + len(head)) if head else None
    # the clause after the cue, skipping "that" and a time or place ("on Tuesday that")
    j = c + (2 if rule_id == ACCORDING.id else 1)
    if rule_id == ACCORDING.id and source is not None:
        after_src = source.end
        rest = text[after_src:end].lstrip(" ,")
        if rest:
            return Span(end - len(rest), end)
        head = text[sent.start : cue.start].rstrip(" ,")
        return Span(sent.start, sent.start + len(head)) if head else None
    start = toks[j].start if j < len(toks) else end
    m = re.search(r"\bthat\b|:\s*", text[start:end])
    if m and m.start() < 40:
        start += m.end()
    start = start + len(text[start:end]) - len(text[start:end].lstrip(" ,"))
    return Span(start, end) if end > start else None


def _gap(r, span: Span, note: str | None = None, category: str = "") -> Annotation:
    return Annotation(span.start, span.end, "attribution-gap", note=note or r.message, rule=r.id, category=category)


def find_attribution_gaps(article: Article, attributions: list[Attribution] | None = None) -> list[Annotation]:
    """Claims with no source, vague and pronoun sources, agentless passives, article-level gaps."""
    text = article.text
    attributions = find_attributions(article) if attributions is None else attributions
    gaps: list[Annotation] = []
    attributed = set()
    for a in attributions:
        attributed.add(article.sentence_index(a.cue.start))
        if a.kind == "vague" and a.source is not None:
            gaps.append(_gap(VAGUE, a.source, category="vague source"))
        elif a.kind == "pronoun" and a.resolved_to is None and a.source is not None:
            gaps.append(_gap(PRONOUN, a.source, category="unclear pronoun"))
        elif a.rule == PASSIVE.id:
            gaps.append(_gap(PASSIVE, a.cue, category="no source"))
        if a.cue is not None and text[a.cue.start : a.cue.end].lower() in _SECOND_HAND_CUES:
            start = a.source.start if a.source else a.cue.start
            end = _clause(text, a.cue.start, article.sentence_of(a.cue)).end
            gaps.append(_gap(SECOND_HAND, Span(start, end), category="second-hand"))
    for si, sent in enumerate(article.sentences):
        if article.is_metadata(sent) or sent == article.title_span:
            continue
        quotes = _quoted_ranges(text, sent)
        if quotes and quotes[0].start == sent.start:
            continue  # a quotation: its source is the speaker
        for m in _INTERPRETATION.finditer(text, sent.start, sent.end):
            gaps.append(_gap(INTERPRETATION, _clause(text, m.start(), sent), category="unattributed interpretation"))
        if si in attributed:
            continue
        for pattern in _CLAIM_PATTERNS:
            for m in pattern.finditer(text, sent.start, sent.end):
                gaps.append(_gap(CLAIM, _clause(text, m.start(), sent), category="no source"))
        for m in _FIGURE.finditer(text, sent.start, sent.end):
            span = Span(m.start(), m.end())
            if not any(q.contains(span) for q in quotes) and not re.fullmatch(r"\d{4}", m.group().split()[0]):
                gaps.append(_gap(FIGURE, span, category="no source"))
    gaps.extend(_article_gaps(article))
    return dedupe(gaps)


def _clause(text: str, start: int, sent: Span) -> Span:
    """From ``start`` to the end of its clause (a comma, semicolon or the sentence end)."""
    m = re.compile(r"[,;:]\s|[.!?]+[”\"’]?\s*$").search(text, start, sent.end)
    end = m.start() if m else sent.end
    return Span(start, max(end, start + 1))


def _article_gaps(article: Article) -> list[Annotation]:
    """Gaps of the whole article: no byline, no date, no original source."""
    text = article.text
    if len(article.paragraphs) < 2:
        return []  # a single paragraph is a snippet, not an article: it needs no byline
    anchor = article.title_span or (article.paragraphs[0] if article.paragraphs else Span(0, len(text)))
    gaps = []
    if "byline" not in article.metadata:
        gaps.append(_gap(NO_BYLINE, anchor, category="missing byline"))
    if "date" not in article.metadata and "dateline" not in article.metadata:
        m = _RELATIVE_DAY.search(text)
        gaps.append(_gap(NO_DATE, Span(m.start(), m.end()) if m else anchor, category="missing date"))
    credits = " ".join(
        text[s.start : s.end] for k, s in article.metadata.items() if k in {"source", "byline", "dateline"}
    )
    wires = _words("wire_services")
    has_wire = any(re.search(rf"\b{re.escape(w)}\b", credits, re.I) for w in wires)
    if not has_wire:
        src = article.metadata.get("source")
        note = (
            "no original source: this 'Source' line names who republished the story, not a news agency that reported it"
            if src
            else NO_ORIGIN.message
        )
        if src is not None or "byline" not in article.metadata:
            gaps.append(_gap(NO_ORIGIN, src or anchor, note=note, category="missing original source"))
    return gaps
