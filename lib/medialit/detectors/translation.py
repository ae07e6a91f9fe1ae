"""What did machine translation break? Surface signals of a machine-translated text.

These rules see only the English: they find the marks a translation leaves
(repeats, stray full stops, another language's elisions and spellings), not
mistranslated meaning. A swapped actor or a flipped "from"/"to" reads as fluent
English: only a reader who knows the facts, or the original, catches those.
"""

from __future__ import annotations

import functools
import re

from ..text import Annotation, Article
from .attribution import person_names
from .rules import dedupe, lexicon, rule

REPEATED_PHRASE = rule(
    id="translation.repeated-phrase",
    label="translation-error",
    pattern=(
        "the same words twice in a row, maybe with a comma or 'and'/'or' between: 'next year, next year'; "
        "with 'and'/'or' or nothing between, the copy is marked, not the first use; a run between commas is marked whole"
    ),
    message="repeated phrase: the translation probably merged two different words into one",
    explanation="When two different words translate to the same English word, the sentence repeats itself. The original said two different things.",
    source="Vilar et al. (2006), Error analysis of statistical machine translation output",
    fires=[
        "The shop opens on Monday, on Monday or Tuesday.",
        "He thanked the the team.",
        "The doctors worked with kindness and kindness.",
    ],
    quiet=[
        "The shop opens on Monday or Tuesday.",
        "She said that that was enough.",
        "Prices rose more and more.",
        "They waited for years and years.",
        "The divers went deeper and deeper.",
    ],
)
REPEATED_PARAGRAPH = rule(
    id="translation.repeated-paragraph",
    label="translation-error",
    pattern="a paragraph that repeats the one before it word for word",
    message="repeated paragraph: the headline or text was copied twice",
    explanation="Copying and translating a web page often duplicates headlines. It shows nobody edited the text after the machine.",
    source="Common artefact of scraped and machine-translated pages",
    fires=["Floods hit town\n\nFloods hit town\n\nThe river rose overnight."],
    quiet=["Floods hit town\n\nThe river rose overnight."],
)
DANGLING = rule(
    id="translation.dangling-punctuation",
    label="translation-error",
    pattern="a line that ends in a dash or comma with nothing after it, or a colon at the very end of the text",
    message="dangling punctuation: something that followed was cut off",
    explanation="A dash at the end of a headline usually stood before the name of the website. The copy lost it, so you cannot see where it came from.",
    source="Common artefact of scraped pages",
    fires=["Floods hit town –\n\nThe river rose overnight."],
    quiet=["Floods hit town\n\nThe river rose overnight.", "The plan has two goals:\n\nNew schools and new roads."],
)
BROKEN_STOP = rule(
    id="translation.stop-inside-clause",
    label="translation-error",
    pattern="a full stop followed by a 'sentence' that starts in lower case, or by one word closing a quotation",
    message="misplaced full stop: a sentence was cut in the middle",
    explanation="English sentences start with a capital letter. A lower-case start, or one stray word after a full stop, means the translation broke a sentence apart.",
    source="Popović (2018), Error classification and analysis for machine translation quality assessment",
    fires=["The plan was agreed two years. ago by everyone.", "“Trains rarely run late. Sundays”, he said."],
    quiet=["The plan was agreed two years ago. Everyone signed it."],
)
FRAGMENT = rule(
    id="translation.fragment",
    label="translation-error",
    pattern=(
        "a sentence of three or more words, closed with a full stop, with no verb at all, after another sentence "
        "of its paragraph (not a headline or caption on its own line, a question, a 'Source: ...' line or a "
        "dateline such as 'Reuters, Paris, March 3.')"
    ),
    message="fragment: this 'sentence' has no verb",
    explanation="A sentence without a verb often means the translation dropped or moved a word. Ask what the full sentence should say.",
    source="Popović (2018): omission errors; Mårdh (1980), Headlinese: headlines leave out verbs on purpose",
    fires=["The mayor spoke. A city of bridges and old red houses by the river."],
    quiet=[
        "The mayor spoke. The city has many bridges.",
        "The mayor spoke. Bridges or tunnels?",
        "Reuters, Lisbon, March 3. The mayor spoke.",
        "A quiet town by the river.",
        "The chart shows the prices. Source: the annual survey of farms.",
        "The fair opened. The fair consists of four halls.",
    ],
)
MISSING_SUBJECT = rule(
    id="translation.missing-subject",
    label="translation-error",
    pattern=(
        "a sentence of a story that starts with a bare verb, with no subject: 'Approve the budget.' "
        "(after another sentence of its paragraph: a line of its own is a heading or a list item)"
    ),
    message="missing subject: who does this? The translation left out the subject",
    explanation=(
        "Chinese, Japanese, Spanish or Italian can leave out the subject when it is clear from context. "
        "A machine translation then starts an English sentence with a bare verb, which reads like an order. "
        "Ask who is doing it."
    ),
    source="Li & Thompson (1981), Mandarin Chinese: zero pronouns; Popović (2018): omission errors",
    fires=["The council met on Monday. Approve the new budget for the schools."],
    quiet=[
        "Please keep the door closed.",
        "“Stay calm,” the mayor said.",
        "The council met. It approved the budget.",
        "Build a new school for the town.",
    ],
)
ELISION = rule(
    id="translation.elision",
    label="translation-error",
    pattern="another language's elided article before a name (l', d', dell') or its leftover quote mark: 'the ‘Paris'",
    message="leftover of another language: an elided article such as French l' or d'",
    explanation="French writes l'Ukraine, Italian dell'Europa. A stray l' or a lonely quote mark before a name shows the text passed through another language.",
    source="Interference errors in translation: Toury (1995), Descriptive Translation Studies",
    fires=["Troops entered l'Ukraine.", "They flew to the ‘Italy on Monday."],
    quiet=["They flew to Italy on Monday.", "She quoted the ‘Sunday Times’ article."],
)
QUOTES = rule(
    id="translation.unbalanced-quotes",
    label="translation-error",
    pattern=(
        "an opening quotation mark with no closing one in the paragraph, or the reverse "
        "(a quotation may go on in the next paragraph, which opens with a new “)"
    ),
    message="unbalanced quotation marks: where does the quote start or end?",
    explanation="If quotation marks do not pair up, you cannot tell which words the speaker really said.",
    source="Popović (2018): punctuation errors",
    fires=["“We are ready, the coach said."],
    quiet=["“We are ready,” the coach said.", "“We are ready.\n\n“We will win on Sunday,” the coach said."],
)
NAMES = rule(
    id="translation.transliteration",
    label="translation-error",
    pattern="a well-known name spelled the way another language writes it (Poutine, Moscou, Zelenski, Kadhafi)",
    message="odd spelling of a name: English-language media write it differently",
    explanation="Names from Russian, Ukrainian or Arabic are spelled differently in each language. A French or German spelling in an English text shows it was translated.",
    source="AP Stylebook and major English-language newsrooms' spellings",
    fires=["Poutine met the press in Moscou."],
    quiet=["Putin met the press in Moscow."],
)
CALQUE = rule(
    id="translation.calque",
    label="translation-error",
    pattern="a word-for-word translation of a French, German or Spanish phrase: 'since years', 'at the level of'",
    message="calque: a phrase translated word for word",
    explanation="Each language has its own fixed phrases. Translated word by word they sound odd in English, and sometimes mean something else.",
    source="Vinay & Darbelnet (1958), Comparative Stylistics of French and English",
    fires=["The talks have stalled since years.", "Problems at the level of the schools remain."],
    quiet=["The talks have stalled for years."],
)
PRONOUN = rule(
    id="translation.pronoun-for-institution",
    label="translation-error",
    pattern="a sentence starting 'He' or 'She' right after a sentence that names an institution but no person",
    message="wrong pronoun: 'he' or 'she' for an institution",
    explanation="In French or Russian a ministry or a company can be 'he' or 'she'. Translated literally, an institution turns into a mysterious person.",
    source="Grammatical gender interference: Popović (2018); Stanovsky et al. (2019), Evaluating Gender Bias in MT",
    fires=["The ministry published a report. He said the army was ready."],
    quiet=[
        "Minister Ana Ruiz published a report. She said the army was ready.",
        "The ministry published a report. He Wei said the army was ready.",
    ],
)

#: a dateline: agency or place, place, date ("Xinhua, Beijing, February 10th." / "PARIS, March 3.")
_DATELINE = re.compile(
    r"[A-Z][\w .&'’-]{0,40},(?:\s*[A-Z][\w .'’-]{0,30},)?\s*(?:\w+\s+)?"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*\.?\s*$"
)
#: words that open a real instruction, not a sentence that lost its subject
_IMPERATIVE_OPENERS = frozenset({"please", "let", "see", "read", "click", "watch", "note", "imagine", "consider"})
#: what stands between two copies: not part of the copy a student is shown
_JOINERS = frozenset({",", ";", "and", "or"})
_ALLOWED_DOUBLES = frozenset({"had", "that", "very", "really", "so", "no", "ha", "bye", "is", "do"})
_ELISION = re.compile(r"\b(?:l|d|qu|dell|dall|nell|all|sull)['’](?=[A-ZÀ-Ý])")
_STRAY_MARK = re.compile(r"\b(?:the|a|an|of|to|in|from)\s+[‘'](?=[A-ZÀ-Ý])")


@functools.cache
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    names = lexicon("translation")["names"]
    alternation = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), names


@functools.cache
def _calques() -> tuple[re.Pattern[str], dict[str, str]]:
    calques = lexicon("translation")["calques"]
    alternation = "|".join(sorted(map(re.escape, calques), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.I), calques


def _finding(r, start: int, end: int, note: str | None = None, correction: str | None = None) -> Annotation:
    return Annotation(start, end, "translation-error", note=note or r.message, rule=r.id, correction=correction)


def _repeats(article: Article) -> list[Annotation]:
    out = []
    for toks, tags in zip(article.sentence_tokens, article.sentence_tags):
        words = [article.quote(t).lower() for t in toks]
        i = 0
        while i < len(words):
            hit = False
            for n in (4, 3, 2, 1):
                a, b = words[i : i + n], words[i + n : i + 2 * n]
                gap = 0
                if a != b and i + n < len(words) and words[i + n] in {",", "and", "or"}:
                    b, gap = words[i + n + 1 : i + 2 * n + 1], 1  # "next week, next week"
                # a real repeat: same words, at least one of them a word, not an allowed double;
                # one word twice across "and"/"or" only for a singular noun or plain adjective ("kindness and
                # kindness": two synonyms became one word), not "more and more", "years and years", "talked and talked"
                if (
                    len(a) == n
                    and a == b
                    and any(w.isalpha() for w in a)
                    and not (n == 1 and (a[0] in _ALLOWED_DOUBLES or (gap and not _merged_synonym(words, tags, i))))
                ):
                    end = i + 2 * n + gap
                    # a run of copies ("Bern, Bern, Bern, ...") is one finding, not one per pair
                    while True:
                        if words[end : end + n] == a:
                            end += n
                        elif (
                            gap
                            and end < len(words)
                            and words[end] in {",", "and", "or"}
                            and words[end + 1 : end + 1 + n] == a
                        ):
                            end += n + 1
                        else:
                            break
                    if n > 1 and a[-1] in {",", "and", "or"} and words[end : end + n - 1] == a[:-1]:
                        end += n - 1  # the last copy of "the museum, the museum, the museum" has no comma
                    # in "kindness and kindness" or "the the" the first word stands and the copy is where another
                    # word went missing: only the copy is marked; a run of copies between commas ("Paris, Paris,
                    # Paris") reads as a list with one item repeated, so the whole run is marked
                    comma_run = words[i + n] == "," or a[-1] == ","
                    first, last = (i if comma_run else i + n + gap), end - 1
                    while first < last and words[first] in _JOINERS:
                        first += 1  # ", in the end, in the end": the copy starts at "in", not at the comma
                    while last > first and words[last] in _JOINERS:
                        last -= 1  # "kindness and kindness and": the copy ends before the "and"
                    out.append(_finding(REPEATED_PHRASE, toks[first].start, toks[last].end))
                    i = end
                    hit = True
                    break
            if not hit:
                i += 1
    return out


def _merged_synonym(words: list[str], tags: list[str], i: int) -> bool:
    """Is "X and X" at ``i`` one noun or adjective twice across "and"/"or" (not "," and not a reduplication)?"""
    comparative = tags[i] == "JJ" and words[i].endswith("er")  # "deeper and deeper": English says it so
    return words[i + 1] in {"and", "or"} and tags[i] in {"NN", "NNP", "JJ"} and words[i].isalpha() and not comparative


def _paragraph_signals(article: Article) -> list[Annotation]:
    text, out = article.text, []
    paras = article.paragraphs
    open_before = False  # the paragraph before left a quotation open
    for k, (prev, para) in enumerate(zip([None, *paras], paras)):
        body = article.quote(para)
        if prev is not None and article.quote(prev).strip() == body.strip():
            out.append(_finding(REPEATED_PARAGRAPH, para.start, para.end))
        # a line ending in a dash, comma or colon: whatever followed was cut off
        # (a colon before another paragraph introduces it, a list or a quotation: only the last line's is cut off)
        last = body.rstrip()[-1:]
        cut_off = last in {"–", "—", "-", ","} or (last == ":" and para == paras[-1])
        if cut_off and not article.is_metadata(para):
            end = para.start + len(body.rstrip())
            out.append(_finding(DANGLING, end - 1, end))
        opens, closes = body.count("“"), body.count("”")
        # a quotation may run over a paragraph break: English leaves its paragraphs open and reopens the next
        # one with “ (Chicago Manual of Style 13.30), so the marks still pair up across the break
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        runs_on = opens > closes and nxt is not None and article.quote(nxt).lstrip().startswith("“")
        ran_over = closes > opens and open_before
        open_before = opens > closes
        if opens != closes and not runs_on and not ran_over:
            ch = "“" if opens > closes else "”"
            pos = para.start + (body.rfind(ch) if ch == "“" else body.find(ch))
            out.append(_finding(QUOTES, pos, pos + 1))
        for pattern in (_ELISION, _STRAY_MARK):
            for m in pattern.finditer(text, para.start, para.end):
                mark = m.end() - 1
                closed = re.search(r"[’'](?![A-Za-z])", text[m.end() : para.end])
                # a quote mark glued to a name is a leftover unless a closing mark pairs with it
                if pattern is _ELISION or not closed:
                    word = re.match(r"[\w-]+", text[m.end() : para.end])
                    end = m.end() + (word.end() if word else 0)
                    out.append(_finding(ELISION, m.start(), max(end, mark + 1)))
    return out


def _sentence_signals(article: Article) -> list[Annotation]:
    text, out = article.text, []
    sents = article.sentences
    for i, (sent, toks, tags) in enumerate(zip(sents, article.sentence_tokens, article.sentence_tags)):
        if sent == article.title_span or article.is_metadata(sent):
            continue
        words = [article.quote(t) for t in toks]
        alpha = [w for w in words if any(ch.isalpha() for ch in w)]
        prev = sents[i - 1] if i else None
        same_para = prev is not None and not text[prev.end : sent.start].count("\n")
        # a lower-case start, or one word closing a quotation, right after a full stop
        lower_start = bool(alpha) and alpha[0][0].islower() and words[0] == alpha[0]
        one_word_quote = len(words) > 1 and words[0] == alpha[0] and words[1] in {"”", "’"} if alpha else False
        if same_para and (lower_start or one_word_quote) and text[prev.end - 1] == ".":
            last_word = re.search(r"[\w’'-]+\.$", text[prev.start : prev.end])
            start = prev.start + last_word.start() if last_word else prev.end - 1
            end = toks[0].end if one_word_quote else sent.start + len(text[sent.start : sent.end].rstrip('.”’" '))
            out.append(_finding(BROKEN_STOP, start, max(end, sent.start + 1)))
            continue
        # "late. Sundays" inside one sentence: a full stop between two words of the same clause
        for k in range(1, len(words) - 1):
            if words[k] == "." and words[k - 1][:1].isalpha() and words[k + 1][:1].isalpha():
                out.append(_finding(BROKEN_STOP, toks[k - 1].start, toks[k + 1].end))
        # no verb, no modal, no pronoun subject: a fragment (short answers excluded by length) ...
        # ... only in a sentence closed by a full stop: a headline, a caption or a question ("Bridges or tunnels?")
        # leaves the verb out on purpose, and so does a dateline ("Reuters, Lisbon, March 3.")
        # ... and only after another sentence of its paragraph: a paragraph of its own is a heading, a caption
        # or a list item, verbless by convention even with a full stop; a labelled line ("Source: ...") or a
        # credit ("- Reporter Ana Ruiz.") is too. A verbless piece after a full stop is a sentence broken apart
        if (
            same_para
            and len(alpha) >= 3
            and not any(t.startswith(("VB", "MD", "PRP")) for t in tags)
            and not _verb_read_as_noun(words, tags)
            and words[-1] == "."
            and ":" not in words[1:4]
            and words[0] not in {"-", "–", "—"}
            and not _DATELINE.match(text, sent.start, sent.end)
        ):
            out.append(_finding(FRAGMENT, sent.start, sent.end))
        # a bare verb opening a story's sentence (not a quotation, not "Please ..."): the subject was dropped
        # ... after another sentence of its paragraph: a bare verb opening a paragraph is a list item or a
        # heading of a plan ("Build a new school."), where English leaves the subject out too
        if (
            same_para
            and words[-1] == "."
            and words[0][:1].isupper()
            and tags[0] == "VB"
            and words[0].lower() not in _IMPERATIVE_OPENERS
            and len(alpha) >= 3
        ):
            out.append(_finding(MISSING_SUBJECT, toks[0].start, toks[0].end))
        # "He said..." right after a sentence that names an institution but no person
        # ("He Wei said": a pronoun is never followed by a capitalised name; He is a Chinese surname)
        if (
            words
            and words[0] in {"He", "She"}
            and not (len(words) > 1 and words[1][:1].isupper())
            and prev is not None
            and _institution_only(article, i - 1)
        ):
            out.append(_finding(PRONOUN, toks[0].start, toks[0].end, correction="It"))
    return out


def _verb_read_as_noun(words: list[str], tags: list[str]) -> bool:
    """Is there a verb in -s the tagger took for a plural noun ("The fair consists of four halls")?

    A plural noun right after a singular noun ("the plan comprises"), or right after "the" and one word
    opening the sentence ("The fair consists"), and right before a preposition or a determiner is where the
    subject ends and its verb stands (tagger errors: Manning 2011, Part-of-speech tagging from 97% to 100%).
    """
    return any(
        tags[k] == "NNS"
        and words[k].endswith("s")
        and (tags[k - 1] == "NN" or (k == 2 and tags[0] == "DT" and tags[1] == "JJ"))
        and tags[k + 1] in {"IN", "DT", "TO"}
        for k in range(1, len(words) - 1)
    )


def _institution_only(article: Article, si: int) -> bool:
    """Does sentence ``si`` mention an institution and no person?"""
    words = lexicon("attribution")
    titles, orgs = set(words["person_titles"]), set(words["organisation_words"])
    raw = [article.quote(t) for t in article.sentence_tokens[si]]
    lower = {w.lower() for w in raw}
    # a person is in play: a pronoun, a title, or a name the article gives a person
    if lower & {"he", "she", "him", "her", "his"} or lower & titles or set(raw) & person_names(article):
        return False
    return bool(lower & orgs)


def _lookups(article: Article) -> list[Annotation]:
    text, out = article.text, []
    pattern, names = _names()
    for m in pattern.finditer(text):
        out.append(
            _finding(
                NAMES,
                m.start(),
                m.end(),
                note=f"{NAMES.message} (usually: {names[m.group()]})",
                correction=names[m.group()],
            )
        )
    pattern, calques = _calques()
    for m in pattern.finditer(text):
        out.append(_finding(CALQUE, m.start(), m.end(), note=f"{CALQUE.message}: {calques[m.group().lower()]}"))
    return out


def find_translation_errors(article: Article) -> list[Annotation]:
    """Likely machine-translation errors, each naming the signal that fired."""
    return dedupe([*_repeats(article), *_paragraph_signals(article), *_sentence_signals(article), *_lookups(article)])
