"""The event coder: patterns -> triggers -> source/target from the clause -> modality -> Events.

One pass per sentence:

1. tokens (``patterns.TOKEN_RE``) with their offsets; the actors of the sentence mapped to tokens;
2. clauses: the sentence is cut at ``;``, ``but``, ``while``, ``whereas``, ``although``, a comma
   before a relative pronoun or an ``-ing`` participle, ``and``/``or`` before another trigger, and
   after a fronted adverbial ("During a meeting with X, ...");
3. triggers: every verb entry whose forms start at a token; its patterns are tried (items in order,
   a space allowing up to ``max_gap`` words, ``_`` none); the most specific match wins;
4. one event per clause: the first trigger that is not a bare statement verb (statement verbs
   code only when nothing else in the sentence does);
5. source and target (see :meth:`_roles`), modality and condition (:meth:`_modality`);
6. article level: one event per member of a compound actor, the antecedent of "the proposal",
   and merging of repeated mentions (:func:`merge_events`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable

from ..model import ActorRef, Article, Event, Modality, Plover, Sentence, Span
from .patterns import TOKEN_RE, Element, Pattern, PatternSet, Seq, VerbEntry, norm_token

# --- word lists ----------------------------------------------------------------------------------

PREPOSITIONS = frozenset(
    """of in at with by to for from against on between among amongst near into toward towards about over
    under across through after before during within outside inside around including like than via upon
    versus despite amid amidst behind beside besides beyond along alongside per""".split()
)
BE_FORMS = frozenset("was were been being is are be am 're get got gets getting".split())
ADVERBS = frozenset(
    """also not n't never already reportedly allegedly then later again just still now further once recently
    previously formally officially publicly repeatedly strongly sharply firmly jointly quickly finally
    swiftly separately directly immediately reluctantly unanimously widely largely partly fully""".split()
)
NEGATORS = frozenset("not n't never no neither nor without".split())
NEG_VERBS = frozenset(
    """refused refuses refuse refusing failed fails fail failing declined declines decline declining
    unable unwilling rejected""".split()
)
FUTURE_WORDS = frozenset("will 'll shall".split())
INTENT_WORDS = frozenset(
    """plans plan planned planning intends intend intended intending expected expects vowed vows vow pledged
    pledges promised promises aims aim aimed seeks seek sought set going about scheduled due poised
    prepared preparing ready willing wants want wanted hopes hope hoped""".split()
)
HYPO_WORDS = frozenset("would could might may should if unless whether".split())
CONDITION_MARKERS = ("only if", "if", "unless", "once", "provided that", "provided", "on condition that",
                     "as long as", "only when", "only after", "until")
RELATIVE = frozenset("which who whom whose".split())
# modal auxiliaries: never the verb of an imported PETRARCH/TABARI entry (PETRARCH codes only words a
# tagger calls verbs, VB*; a modal is MD), so "Gondor should apply ..." does not code SHOULD's patterns
MODALS = frozenset("should would could might may must can shall will ought".split())
FRONTING = frozenset(
    """during after before at in on following despite amid amidst upon ahead since with while""".split()
)
PROPOSAL_NOUNS = frozenset(
    """proposal proposals plan plans initiative initiatives offer offers idea ideas move decision call calls
    request requests efforts effort remarks statement statements suggestion suggestion overture overtures
    invitation vision approach proposition""".split()
)
SKIP_BEFORE_ACTOR = (("sidelines", "of"), ("sideline", "of"), ("margins", "of"), ("margin", "of"),
                     ("behalf", "of"), ("according", "to"), ("presence", "of"))
CURRENT_TIME = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|this (week|month|morning|afternoon|evening|year)|last (week|night)|"
    r"on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)|currently|now|recently|earlier this)\b",
    re.I,
)
PAST_DECADE = re.compile(r"\b(?:in|since|during|until|from|of|by)\s+the\s+(?:early\s+|mid-?\s*|late\s+)?(1[0-9]|20)\d0s\b", re.I)
PAST_YEAR = re.compile(r"\b(?i:in|since|during|until|from|by|of)\s+(?:[A-Z][a-z]+\s+(?:\d{1,2},?\s+)?)?(1[5-9]\d\d|20\d\d)\b")
# a time before the story's own period: "last year", "three years ago", "during his first term"
_NUMBER_WORDS = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|some|a few|\d+)"
PAST_PHRASE = re.compile(
    r"\b((?i:decades ago|years ago|centuries ago|a decade ago|a century ago|in the past century|historically)|"
    r"(?i:last year|the year before|the previous year|" + _NUMBER_WORDS + r" (?:years?|months?) ago|"
    r"(?:in|during) (?:his|her|their|its|the) (?:first|previous|earlier|last|former|second) (?:term|presidency|tenure|administration))|"
    r"(?i:since|during|after|before|in|of) the (?:[A-Z][a-z]+ )+War\b|(?i:in ancient times|long ago))",
)
RELATIVE_DAY = re.compile(
    r"\b(on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|last week|"
    r"last night|this week)\b",
    re.I,
)

# words that open a noun phrase: a trigger right after one is a noun or an adjective ("the deepening
# ties", "The shells landed", "his country's launch"), not a verb of its own
DETERMINERS = frozenset("the a an its their his her our my your this these those 's no any every each such".split())
# after these, a new clause (or a phrase of time) starts: the trigger's object does not reach past them
SUBORDINATORS = frozenset("as after before when whenever because since until till while whereas although though unless "
                          "if once".split())
# nouns of an interaction whose "with X" / "between X and Y" names the other party: "talks with the United
# States would only be possible once ...": the event the clause is about, with X as its target
INTERACTION_NOUNS = frozenset("""talks dialogue negotiations negotiation meeting meetings summit contacts contact
    consultations exchanges engagement cooperation relations ties normalization reconciliation""".split())
# a document speaks for its authors: "issued a report that calls on X" is the issuer's appeal
DOCUMENT_NOUNS = frozenset("""report reports resolution resolutions statement statements declaration letter document
    communique communiqué motion bill law decree decrees treaty agreement deal accord pact text plan proposal message
    petition order ruling verdict""".split())
_ARTICLES = frozenset("the a an its their his her our any every".split())
# the sectors that are the state itself: "North Korea" and "North Korea's army" are one party
_STATE_SECTORS = frozenset("GOV MIL SPY COP LEG JUD PTY".split())
# statement verbs whose object is the one addressed ("told the Council"); "said" needs "to"
_TELL = frozenset("tell tells told telling inform informs informed brief briefs briefed briefing assure assured assures".split())
REPORTING = frozenset("said says say told tells added adds reported reports announced stated noted according".split())
# words between a relative pronoun and its verb ("that would destroy", "which has also condemned")
_REL_GAP = frozenset("has have had is are was were be been will would could might may should shall can must also not "
                     "n't never already then still now".split())

# roots whose events a compound actor without a target has among its own members ("X and Y met")
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06", "19"})


# --- small records -------------------------------------------------------------------------------


@dataclass
class Clause:
    lo: int
    hi: int  # token range [lo, hi)
    kind: str = "main"  # main | coord | relative | participle | fronted


@dataclass
class Hit:
    entry: VerbEntry
    pattern: Pattern | None
    code: str
    vstart: int
    vend: int
    lo: int  # tokens the pattern covered
    hi: int
    source: int | None = None  # actor index from a $ marker
    target: int | None = None
    both: int | None = None
    consumed: frozenset[int] = frozenset()

    @property
    def score(self) -> tuple[int, int, int, int]:
        """Longer trigger, then more words matched, then more pattern items, then the finer code."""
        code = self.code.split(":")[0]
        return (
            self.vend - self.vstart,
            len(self.consumed),
            1 if len(code) > 3 or (len(code) == 3 and not code.endswith("0")) else 0,
            len(code),
            (self.pattern.specificity + 1) if self.pattern else 0,
        )


@dataclass
class _Draft:
    """An event before the code table and article-level steps."""

    sentence: Sentence
    hit: Hit
    code: str
    source: ActorRef | None
    target: ActorRef | None
    modality: Modality
    condition: str | None
    trigger: Span
    confidence: float
    wants_antecedent: bool = False
    reciprocal_of: "_Draft | None" = None
    notes: list[str] = field(default_factory=list)


# --- the sentence view ---------------------------------------------------------------------------


class SentenceView:
    def __init__(self, sentence: Sentence, actors: list[ActorRef]) -> None:
        self.sentence = sentence
        base = sentence.start
        text = sentence.text
        low = norm_token(text)  # normalise once; slices equal per-token norm_token when lengths agree
        spans = [m.span() for m in TOKEN_RE.finditer(text)]
        if len(low) == len(text):
            self.words = [low[s:e] for s, e in spans]
        else:
            self.words = [norm_token(text[s:e]) for s, e in spans]
        # article offsets of each token
        self.starts = starts = [base + s for s, _ in spans]
        self.ends = ends = [base + e for _, e in spans]
        self._caps: list[bool] | None = None
        self._headline = False
        n = len(self.words)
        self.actors: list[ActorRef] = []
        self.span: list[tuple[int, int]] = []
        self.actor_at: dict[int, int] = {}  # first token -> actor index
        self.tok_actor = [-1] * n
        for a in sorted(actors, key=lambda a: (a.start, -(a.end - a.start))):
            if a.start < sentence.start or a.end > sentence.end:
                continue
            # the tokens inside the actor's span (tokens are sorted and do not overlap)
            s = bisect.bisect_left(starts, a.start)
            e = bisect.bisect_right(ends, a.end)
            if e <= s:
                continue
            if any(self.tok_actor[i] >= 0 for i in range(s, e)):
                continue  # overlaps an earlier (longer) actor
            k = len(self.actors)
            self.actors.append(a)
            self.span.append((s, e))
            self.actor_at[s] = k
            for i in range(s, e):
                self.tok_actor[i] = k

    def in_name(self, i: int) -> bool:
        """Is token ``i`` a capitalised word inside a capitalised multi-word name that the actor stage
        did not resolve ("the Multilateral Sanctions Monitoring Team", "the Joint Investigation Team")?
        Not in a title-cased or upper-case sentence (a headline), where every word is capitalised."""
        if self._caps is None:
            text, base = self.sentence.text, self.sentence.start
            self._caps = [text[s - base : s - base + 1].isupper() for s in self.starts]
            alpha = [k for k, w in enumerate(self.words) if w.isalpha() and len(w) > 3]
            lower = sum(1 for k in alpha if not self._caps[k])
            self._headline = not alpha or lower < max(2, 0.3 * len(alpha))
        caps = self._caps
        if self._headline or not caps[i]:
            return False
        # a capitalised neighbour that is not capitalised only for opening the sentence
        prev = i - 1 >= 1 and caps[i - 1] and self.words[i - 1].isalpha()
        nxt = i + 1 < len(caps) and caps[i + 1] and self.words[i + 1].isalpha() and self.tok_actor[i + 1] < 0
        return prev or nxt

    def text_of(self, lo: int, hi: int) -> str:
        if lo >= hi:
            return ""
        return self.sentence.text[self.starts[lo] - self.sentence.start : self.ends[hi - 1] - self.sentence.start]


# --- the coder -----------------------------------------------------------------------------------


# Prepositions after which an -ing verb names an activity ("cooperation in fighting crime", "talks on
# ending the war") rather than reporting an event of its own. Not "of": "after five days of fighting"
# reports combat that took place.
_GERUND_PREPS = frozenset("in on for about toward towards regarding concerning".split())


def _prepositional_gerund(words: list[str], i: int) -> bool:
    """An -ing word right after such a preposition, or coordinated with the noun after one
    ("in trade and fighting")."""
    w = words[i]
    if not (w.endswith("ing") and len(w) > 5) or i == 0:
        return False
    if words[i - 1] in _GERUND_PREPS:
        return True
    return i >= 3 and words[i - 1] in ("and", "or") and words[i - 3] in _GERUND_PREPS


_NOT_A_NOUN = frozenset("and or but nor that which who whom whose than as if to not n't".split())


def _premodifier(words: list[str], i: int) -> bool:
    """An -ing/-ed word between a determiner and a noun ("the deepening military ties", "a growing
    threat", "the detained American vessels") modifies that noun; it is not a verb. The word after it
    must look like a noun: a word that is not a preposition, an auxiliary, a conjunction or another
    -ed verb ("the meeting ended" and "the killing of civilians" keep their trigger)."""
    w = words[i]
    if i == 0 or i + 1 >= len(words) or words[i - 1] not in DETERMINERS:
        return False
    if not ((w.endswith("ing") and len(w) > 5) or (w.endswith("ed") and len(w) > 4)):
        return False
    nxt = words[i + 1]
    return (nxt.isalpha() and nxt not in PREPOSITIONS and nxt not in BE_FORMS and nxt not in _NOT_A_NOUN and nxt not in DETERMINERS
            and nxt not in MODALS and nxt not in ("has", "have", "had", "did", "does", "do")
            and not nxt.endswith("ed"))


# "no" before these is a comparison or an adverb, not a quantifier of the object: "sent no fewer than
# 300 troops", "no longer", "no doubt"
_NO_NOT_QUANTIFIER = frozenset("longer later less more fewer sooner doubt matter one's".split())


def _negated_object(view: "SentenceView", ve: int, hi: int) -> bool:
    """Is the object of the trigger ending at ``ve`` quantified by "no" / "none of" / "not a single" /
    "not any" / "nothing"? Then the event did not take place, as in "did not make concessions": "made
    no concessions", "provided no evidence", "offered no apology", "gave Kyiv no assurances". Adverbs
    and an indirect-object actor may stand between the verb and its object."""
    words = view.words
    k = ve
    while k < hi and (words[k] in ADVERBS or (words[k].endswith("ly") and len(words[k]) > 4 and view.tok_actor[k] < 0)):
        k += 1
    if k < hi and view.tok_actor[k] >= 0:
        k = view.span[view.tok_actor[k]][1]  # "gave Kyiv no assurances"
    if k >= hi:
        return False
    w = words[k]
    nxt = words[k + 1] if k + 1 < hi else ""
    if w == "no":
        return nxt not in _NO_NOT_QUANTIFIER and nxt.isalpha()
    if w == "none":
        return nxt == "of"
    if w == "nothing":
        return nxt not in ("but", "less", "more", "short", "new", "else")
    if w == "not" and nxt in ("a", "one", "any", "even"):
        third = words[k + 2] if k + 2 < hi else ""
        return nxt in ("one", "any") or third in ("single", "word", "one")
    return False


def _no_comparative(window: list[str], k: int) -> bool:
    """Is the "no" at ``window[k]`` a comparison or an adverb ("no fewer than 300 troops", "no doubt"),
    not a quantifier (the same words as for an object, :func:`_negated_object`)? Any other word is
    not such a "no"."""
    return window[k] == "no" and k + 1 < len(window) and window[k + 1] in _NO_NOT_QUANTIFIER and window[k + 1] != "longer"


# subjects that say that nobody or nothing took part: the event did not happen ("Nobody was hurt", "None
# of the soldiers were injured", "Nothing was damaged"); "no"/"not a single" are negators of the window
_NEG_SUBJECT_WORDS = frozenset("nobody none nothing noone".split())


def _negated_subject(view: "SentenceView", vs: int, lo: int) -> bool:
    """Is the subject of the trigger at ``vs`` nobody/none (of ...)/nothing: the first word of the clause
    part before the trigger's auxiliaries, with at most an "of" phrase between?"""
    words = view.words
    j = vs - 1
    while j >= lo and (words[j] in ADVERBS or words[j] in BE_FORMS or words[j] in MODALS
                       or words[j] in ("has", "have", "had", "did", "does", "do")):
        j -= 1
    for k in range(j, max(lo, j - 6) - 1, -1):
        w = words[k]
        if w in _NEG_SUBJECT_WORDS and view.tok_actor[k] < 0:
            return w != "nothing" or words[k + 1] not in ("but", "less", "more", "short", "else")
        if not (w.isalpha() or view.tok_actor[k] >= 0 or w in ("'s", "’s", "-")) or w in SUBORDINATORS or w in RELATIVE \
                or (w in PREPOSITIONS and w != "of") or w == "that":
            return False
    return False


# prepositions whose object names what something is about or after: "an investigation into the shooting",
# "talks about the attack", "anger over the launch", "days after the strike", "footage of the raid"
_TOPIC_PREPS = frozenset("into about over after following regarding concerning of".split())
_REF_DETERMINERS = frozenset("the a an its their his her our this that these those 's ’s".split())


def _topic_reference(view: "SentenceView", i: int) -> bool:
    """Is the trigger at ``i`` a noun in a noun phrase (after a determiner, with at most two modifiers
    or a possessor between) that is the object of a topic preposition? Such a phrase refers to an event
    as what another event or statement is about ("an investigation into the shooting by Israeli
    soldiers"), not to a current event of its own."""
    words = view.words
    w0 = words[i]
    if w0.endswith("ed") or w0 in _IRREGULAR_PARTICIPLES:
        return False  # "one of the steps promised", "the leaders of the countries met": a verb, not a noun
    j = i - 1
    mods = 0
    while j >= 0 and words[j] not in _REF_DETERMINERS and mods < 2:
        w = words[j]
        if view.tok_actor[j] >= 0:
            s, e = view.span[view.tok_actor[j]]
            if e - s > 1:
                return False  # "of the State Affairs Commission ratifying": a subject noun phrase, then its verb
            j = s - 1  # "the Israeli shooting", "the US strike": a one-word actor as a modifier
        elif w.isalpha() and w not in PREPOSITIONS and w not in _NOT_A_NOUN and w not in BE_FORMS and w not in MODALS:
            j -= 1
        else:
            return False
        mods += 1
    if j < 1 or words[j] not in _REF_DETERMINERS:
        return False
    if words[j] in ("'s", "’s"):
        # "into Israel's attack": the possessor stands before the preposition's determiner
        k = j - 1
        if k >= 0 and view.tok_actor[k] >= 0:
            k = view.span[view.tok_actor[k]][0] - 1
        else:
            return False
        while k >= 0 and words[k] in _ARTICLES:
            k -= 1
        return k >= 0 and words[k] in _TOPIC_PREPS
    return words[j - 1] in _TOPIC_PREPS


# prepositions of place beside something: the actor after one names where an event happened ("near Oman",
# "off Taiwan", "off the coast of Oman", "outside Kyiv"), not whom it was done to. Not "in": what happens
# in a country happens to it ("attacked the cities in Saudi Arabia", "troops arrived in Nepal", "aid for
# those affected in Yemen" name their targets).
_LOCATIVE = frozenset("near nearby off outside beside along alongside around".split())


def _located_place(view: "SentenceView", a: int, lo: int) -> bool:
    """Is actor ``a`` a place named by a locative phrase: a country or city (no sector, or a one-word
    name such as a capital) after a preposition of place, directly or as the last noun of that phrase
    ("off the coast of Oman", "near the border with Oman")? An institution there ("outside the US
    embassy") is not a place: a protest there is aimed at it."""
    act = view.actors[a]
    s, e = view.span[a]
    if act.members or (act.sector and e - s > 1):
        return False
    words = view.words
    p = s - 1
    while p > lo and words[p] in _ARTICLES:
        p -= 1
    if p < lo:
        return False
    if words[p] in _LOCATIVE:
        return True
    if words[p] not in ("of", "with"):
        return False
    for q in range(p - 1, max(lo, p - 5) - 1, -1):
        w = words[q]
        if w in _LOCATIVE:
            return True
        if (w in PREPOSITIONS or not w.isalpha() or view.tok_actor[q] >= 0 or w in INTERACTION_NOUNS
                or w in SUBORDINATORS or w in RELATIVE or w in BE_FORMS):
            return False
    return False


# verbs whose "X from <verb>ing" is an event kept from happening: "blocked the EU from sending", "was barred
# from entering", "refrained from attacking"
_PREVENT_FORMS = frozenset(
    f"{stem}{end}" for stems, ends in (
        (("block", "prevent", "restrain", "deter", "hinder", "preclude", "dissuade", "discourage", "prohibit", "refrain",
          "abstain", "desist", "thwart", "obstruct", "stymie", "forbid", "keep"), ("", "s", "ed", "ing")),
        (("stop", "bar", "ban"), ("", "s")),
    ) for stem in stems for end in ends
) | frozenset("stopped stopping barred barring banned banning deterred deterring kept forbade forbidden forbidding "
              "precluded precluding discouraged discouraging".split())


def _prevented(view: "SentenceView", vs: int, lo: int) -> bool:
    """Is the trigger at ``vs`` the "<verb>ing" after "from" of a verb of preventing, with at most its
    object between ("blocked the EU from sending weapons", "were barred from entering the country")?
    Such an event did not take place."""
    words = view.words
    j = vs - 1
    while j >= lo and words[j] in ADVERBS:
        j -= 1
    if j <= lo or words[j] != "from":
        return False
    for k in range(j - 1, max(lo, j - 9) - 1, -1):
        w = words[k]
        if w in _PREVENT_FORMS and view.tok_actor[k] < 0:
            return True
        if not (w.isalpha() or view.tok_actor[k] >= 0 or w in ("'s", "’s", "-")) or w in SUBORDINATORS or w in RELATIVE:
            return False
    return False


# words that open a condition clause; what the clause says is what another event depends on, not something
# that happened ("talks are possible only if Baku withdraws its troops", "Unless Tehran releases them, ...")
_CONDITION_OPENERS = frozenset("if unless once provided providing".split())
# where a condition clause has ended at the latest (scanning back from a trigger)
_CONDITION_STOPS = frozenset(", ; : but while whereas although though because so".split())


def _simple_past(view: "SentenceView", vs: int) -> bool:
    """Is the verb group of the trigger at ``vs`` a simple past or past passive ("withdrew", "was released",
    "had left"): after "once" a time that has passed, not a condition?"""
    from .inflect import IRREGULAR

    words = view.words
    j = vs - 1
    while j >= 0 and (words[j] in ADVERBS or (words[j].endswith("ly") and len(words[j]) > 4)):
        j -= 1
    aux = words[j] if j >= 0 else ""
    if aux in ("was", "were", "had"):
        return True
    if aux in BE_FORMS or aux in MODALS or aux in ("has", "have", "been", "be"):
        return False
    w = words[vs]
    pasts = {f for past, _ in IRREGULAR.values() for f in past.split("/")}
    return w.endswith("ed") or w in pasts


def _condition_marker(view: "SentenceView", vs: int) -> int | None:
    """The token opening the condition clause the trigger at ``vs`` stands in: "if", "unless", "once" (not
    "once again/more", nor before a simple past: "once the troops withdrew" is a time), "provided (that)",
    "as long as", "on condition (that)", with no comma, semicolon or other clause boundary between.
    "as if" compares, it sets no condition. None when the trigger is in no condition clause."""
    words = view.words
    for k in range(vs - 1, max(-1, vs - 26), -1):
        w = words[k]
        if w in _CONDITION_STOPS and view.tok_actor[k] < 0:
            return None
        if view.tok_actor[k] >= 0:
            continue
        if w == "if" and not (k > 0 and words[k - 1] == "as"):
            return k
        if w == "unless":
            return k
        if w in ("provided", "providing") and k + 1 < vs and words[k + 1] == "that":
            return k
        if w == "condition" and k > 0 and words[k - 1] == "on":
            return k - 1
        if w == "long" and k > 0 and words[k - 1] == "as" and k + 1 < vs and words[k + 1] == "as":
            return k - 1
        if w == "once" and not (k + 1 < len(words) and words[k + 1] in ("again", "more", "and", "a", "an", "or")):
            return None if _simple_past(view, vs) else k
    return None


# things that "hit", "strike" or "batter" without anyone using force: economic measures, prices, weather
# ("Sanctions by the EU hit Russian banks", "Rising prices hit farmers", "A typhoon struck Okinawa")
_INANIMATE_CAUSES = frozenset("""sanction sanctions measure measures tariff tariffs embargo embargoes price prices cost costs
    inflation recession downturn slump crisis crises shortage shortages cuts restrictions curbs duties levies taxes tax
    storm storms typhoon typhoons hurricane hurricanes cyclone cyclones earthquake earthquakes quake quakes flood floods
    flooding drought droughts heatwave heatwaves wildfire wildfires fire fires blaze snowstorm blizzard tornado tornadoes
    tsunami landslide landslides mudslides rains rain snow winds weather pandemic epidemic virus outbreak outbreaks
    disease blackout blackouts outage outages""".split())


def _inanimate_subject(view: "SentenceView", vs: int, lo: int) -> bool:
    """Is the subject of the trigger at ``vs`` an economic measure, a price, a storm or a disease (its head
    noun right before the verb, or before a "by/of/from/on/against/in X" phrase that follows it)?"""
    words = view.words
    j = vs - 1
    while j >= lo and (words[j] in ADVERBS or words[j] in MODALS or words[j] in ("has", "have", "had", "also")):
        j -= 1
    if j < lo:
        return False
    if words[j] in _INANIMATE_CAUSES and view.tok_actor[j] < 0:
        return True
    # "Sanctions by the EU hit ...", "Tariffs on Chinese steel hit ...": back over the phrase to its noun
    for k in range(j, max(lo, j - 8) - 1, -1):
        w = words[k]
        if view.tok_actor[k] >= 0 or w in _ARTICLES:
            continue
        if w in ("by", "of", "from", "on", "against", "in", "imposed", "announced"):
            return k - 1 >= lo and words[k - 1] in _INANIMATE_CAUSES and view.tok_actor[k - 1] < 0
        if not w.isalpha() or w in BE_FORMS or w in RELATIVE or w == "that":
            return False
    return False


def _relative_pronoun(view: "SentenceView", vs: int) -> int | None:
    """The token of "that/which/who" when the trigger at ``vs`` is the verb of a restrictive relative
    clause on the word before it ("a force that (would) destroy", "the Council which condemned"): no
    subject stands between the pronoun and the verb. None otherwise (", which" clauses are cut as
    clauses of their own; "said that X ..." has its own subject)."""
    words = view.words
    j = vs - 1
    while j >= 0 and words[j] in _REL_GAP:
        j -= 1
    if j < 1 or words[j] not in ("that", "which", "who") or view.tok_actor[j] >= 0:
        return None
    prev = words[j - 1]
    if view.tok_actor[j - 1] >= 0:
        return j
    if not prev.isalpha() or prev in REPORTING or prev in ("so", "now", "such", "given", "provided", "except", "than", "and", "or", "but"):
        return None
    return j


class Coder:
    """Codes sentences into Events with the patterns of a :class:`PatternSet`."""

    def __init__(self, patterns: PatternSet, *, code_table=None, code_headlines: bool = True) -> None:
        self.patterns = patterns
        self.code_headlines = code_headlines
        if code_table is None:
            from .codes import load_code_table

            code_table = load_code_table()
        self.table = code_table
        self._exact: dict[str, list[tuple[VerbEntry, Seq]]] = {}
        self._stems: dict[str, list[tuple[VerbEntry, Seq]]] = {}
        for entry in patterns.entries:
            for form in entry.forms:
                w = form[0]
                if w.stem:
                    self._stems.setdefault(w.text[:2], []).append((entry, form))
                else:
                    self._exact.setdefault(w.text, []).append((entry, form))
        self._cand_memo: dict[str, tuple[tuple[VerbEntry, Seq], ...]] = {}
        self._resolve_relative = _relative_resolver()
        self._discards: dict[str, list] = {}
        for d in patterns.discards:
            self._discards.setdefault(d.words[0], []).append(d)

    def _discarded(self, words: list[str], story: bool) -> bool:
        """Does a discard phrase of that level occur in ``words`` (its last word may take -s/-es)?"""
        if not self._discards:
            return False
        n = len(words)
        for i in range(n):
            cands = self._discards.get(words[i])
            if cands is None:
                # a one-word phrase in the plural ("typhoons")
                w = words[i]
                cands = self._discards.get(w[:-1]) if w.endswith("s") else None
                if cands is None and w.endswith("es"):
                    cands = self._discards.get(w[:-2])
            if not cands:
                continue
            for d in cands:
                if d.story != story:
                    continue
                L = len(d.words)
                if i + L > n:
                    continue
                ok = all(words[i + k] == d.words[k] for k in range(L - 1))
                last = words[i + L - 1]
                if ok and (last == d.words[-1] or last in (d.words[-1] + "s", d.words[-1] + "es")):
                    return True
        return False

    # --- public ----------------------------------------------------------------------------------

    def code_article(self, article: Article, sentences: list[Sentence], actors: list[ActorRef]) -> list[Event]:
        if self._discards and any(d.story for ds in self._discards.values() for d in ds):
            if self._discarded([norm_token(m.group()) for m in TOKEN_RE.finditer(article.text)], story=True):
                return []  # a story-level discard phrase: the whole story codes nothing
        drafts: list[_Draft] = []
        by_sentence: dict[int, list[ActorRef]] = {}
        actors = sorted(actors, key=lambda a: a.start)
        for s in sentences:
            if not self.code_headlines and s.end <= article.body_start and article.body_start > 0:
                continue
            acts = [a for a in actors if a.start >= s.start and a.end <= s.end]
            by_sentence[s.index] = acts
            drafts.extend(self._code_sentence(article, s, acts))
        _fill_antecedents(drafts)
        events = [ev for d in drafts for ev in self._to_events(article, d)]
        return merge_events(events, article.body_start)

    def code_sentence(self, article: Article, sentence: Sentence, actors: list[ActorRef]) -> list[Event]:
        """The events of one sentence, without article-level merging."""
        drafts = self._code_sentence(article, sentence, [a for a in actors if a.start >= sentence.start and a.end <= sentence.end])
        _fill_antecedents(drafts)
        return [ev for d in drafts for ev in self._to_events(article, d)]

    # --- matching --------------------------------------------------------------------------------

    def _candidates(self, view: SentenceView, i: int) -> Iterable[tuple[VerbEntry, Seq]]:
        return self._candidates_of(view.words[i])

    def _candidates_of(self, w: str) -> tuple[tuple[VerbEntry, Seq], ...]:
        """The (entry, form) pairs whose first word matches token ``w``, in dictionary order: the exact
        forms, then the stems it starts with. Memoised per word (the patterns do not change)."""
        got = self._cand_memo.get(w)
        if got is None:
            got = tuple(self._exact.get(w, ())) + tuple(
                (entry, form) for entry, form in self._stems.get(w[:2], ()) if w.startswith(form[0].text))
            if len(self._cand_memo) < 200_000:
                self._cand_memo[w] = got
        return got

    def _hits(self, view: SentenceView, clauses: list[Clause], clause_of: list[int]) -> list[Hit]:
        words = view.words
        n = len(words)
        hits: list[Hit] = []
        tok_actor = view.tok_actor
        candidates_of = self._candidates_of
        for i in range(n):
            cands = candidates_of(words[i])
            if not cands:
                continue  # no dictionary form starts with this word
            if tok_actor[i] >= 0:
                continue  # no trigger inside an actor's name ("United States", "Human Rights Watch")
            if view.in_name(i):
                continue  # nor inside another name ("the Multilateral Sanctions Monitoring Team")
            best: Hit | None = None
            modal = words[i] in MODALS
            # "cooperation in trade and fighting online scams": an activity named, no event (built-in
            # patterns only; imported PETRARCH dictionaries keep their own rules)
            gerund = _prepositional_gerund(words, i)
            for entry, form in cands:
                L = len(form)
                if i + L > n or not all(form[k].matches(words[i + k]) for k in range(L)):
                    continue
                if gerund and entry.flavor != "petrarch":
                    continue
                if entry.flavor != "petrarch" and not entry.noun and _premodifier(words, i):
                    continue  # "the deepening military ties", "the detained vessels": an adjective
                if entry.flavor == "petrarch":
                    if modal:
                        continue
                    lo, hi = 0, n
                else:
                    c = clauses[clause_of[i]]
                    lo, hi = c.lo, c.hi
                hit = self._best_pattern(view, entry, i, i + L, lo, hi)
                if hit is None:
                    continue
                if best is None or hit.score > best.score:
                    best = hit
            if best is not None:
                hits.append(best)
        return hits

    def _best_pattern(self, view: SentenceView, entry: VerbEntry, vs: int, ve: int, lo: int, hi: int) -> Hit | None:
        best: Hit | None = None
        for pat in entry.patterns:
            m = _match(view, pat, vs, ve, lo, hi, entry.max_gap)
            if m is None:
                continue
            plo, phi, roles, used = m
            hit = Hit(entry, pat, pat.code, vs, ve, plo, phi, roles.get("source"), roles.get("target"), roles.get("both"), used)
            if best is None or hit.score > best.score:
                best = hit
        if best is None and entry.code and entry.code not in ("---", "+++"):
            best = Hit(entry, None, entry.code, vs, ve, vs, ve)
        if best is not None and best.code in ("---", "+++", ""):
            # matched, codes nothing; the words it matched are its own, like any other match's
            return Hit(entry, best.pattern, "---", vs, ve, best.lo, best.hi, consumed=best.consumed)
        return best

    # --- a sentence ------------------------------------------------------------------------------

    def _code_sentence(self, article: Article, sentence: Sentence, actors: list[ActorRef]) -> list[_Draft]:
        view = SentenceView(sentence, actors)
        if not view.words:
            return []
        if self._discards and self._discarded(view.words, story=False):
            return []  # a sentence-level discard phrase
        if len(view.actors) > 1:
            spread = _distribute_agents(view)
            if spread is not None:
                actors = spread
                view = SentenceView(sentence, actors)
        if view.actors:
            extra = self._pronoun_refs(view)
            if extra:
                view = SentenceView(sentence, actors + extra)
        clauses, clause_of = self._clauses(view)
        hits = self._hits(view, clauses, clause_of)
        if not hits:
            return []
        if any(h.code == "###" for h in hits):
            return []  # a discard phrase (sports results and the like)
        # an event named only as the topic of another ("an investigation into the shooting by X", "following
        # his visit, Erdogan will meet ..."): no second event when another trigger of the sentence codes
        topical = {id(h) for h in hits if h.entry.flavor != "petrarch" and h.code != "---" and _topic_reference(view, h.vstart)}
        if topical and any(id(h) not in topical and h.code != "---" and not h.entry.weak for h in hits):
            hits = [h for h in hits if id(h) not in topical]
        # "Sanctions by the EU hit Russian banks", "a typhoon struck Okinawa": no use of force (the noun
        # "sanctions" may still code its own event)
        hits = [h for h in hits if not (h.entry.flavor != "petrarch" and not h.entry.noun and h.code[:2] in ("18", "19")
                                        and h.source is None and h.both is None
                                        and _inanimate_subject(view, h.vstart, clauses[clause_of[h.vstart]].lo))]
        # one trigger a clause: the first that codes something and is not a bare statement verb
        chosen: list[Hit] = []
        taken: set[int] = set()
        petrarch_clause: set[int] = set()
        verb_clauses = {clause_of[h.vstart] for h in hits if not h.entry.noun and not h.entry.weak and h.code != "---"}
        # PETRARCH/TABARI verbs: a verb that another verb's matched pattern used as one of its words is part
        # of that phrase, not a verb of its own ("said it would act now" codes ACT's "SAID WOULD * NOW")
        absorbed = {k for h in hits if h.entry.flavor == "petrarch" and h.pattern is not None and h.code != "---"
                    for k in h.consumed}
        # a blocking pattern ('---') owns the words it matched: a trigger among them is part of the blocked
        # phrase ("skedaddle" in a blocked "skedaddle zorble"), not an event of its own
        blocked = {k for h in hits if h.code == "---" and h.pattern is not None for k in h.consumed}
        for h in hits:
            if h.entry.noun and clause_of[h.vstart] in verb_clauses:
                continue
            if self._reduced_relative(view, h):
                continue  # "forces backed by Russian warplanes attacked ...": a modifier, not the event
            if h.entry.flavor != "petrarch" and h.source is None and h.both is None:
                rel = _relative_pronoun(view, h.vstart)
                if rel is not None and view.tok_actor[rel - 1] < 0 and view.words[rel - 1] not in DOCUMENT_NOUNS:
                    continue  # "grow into a force that destroys all threats": the subject is that noun, no actor
            c = clause_of[h.vstart]
            if h.code == "---":
                continue
            if h.vstart in blocked:
                continue
            if h.entry.weak:
                continue
            if h.entry.flavor == "petrarch":
                if c in petrarch_clause:
                    continue
                if h.vstart in absorbed:
                    continue
                if self._advised(view, h):
                    continue  # "Gondor should demand ...": advice, not an event
                petrarch_clause.add(c)
            elif c in taken:
                continue
            taken.add(c)
            chosen.append(h)
        if not chosen:
            weak = [h for h in hits if h.entry.weak and h.code != "---"]
            chosen = weak[:1]
        drafts: list[_Draft] = []
        for h in chosen:
            drafts.extend(self._draft(article, view, clauses, clause_of, h))
        return drafts

    def _advised(self, view: SentenceView, h: Hit) -> bool:
        """Is the trigger governed by "should" ("X should (not) demand ...") that its own pattern did
        not match? Such a verb states what someone ought to do, not an event (PETRARCH's validation
        records code nothing there; a pattern that names SHOULD, "INDICATED SHOULD *", still codes)."""
        j = h.vstart - 1
        words = view.words
        while j >= 0 and j not in h.consumed and (words[j] in ADVERBS or words[j] in ("have", "be", "ever", "even")
                                                  or (words[j].endswith("ly") and len(words[j]) > 4)):
            j -= 1
        return j >= 0 and words[j] == "should" and j not in h.consumed

    def _pronoun_refs(self, view: SentenceView) -> list[ActorRef]:
        """Pronouns the actor stage left unresolved, as actors: the subject of the sentence's first
        clause. "Calenardhon urged Bree ... and then it requested that ..." -> it = Calenardhon;
        "Elrond urged Bree ... and Gondor asked him" -> him = Elrond; "X and Y urged ... and then they
        requested" -> they = X and Y. Only inside the sentence, and only when that subject is the
        first actor, not after a preposition, with no verb trigger before it."""
        words = view.words
        if not any(w in _PRONOUNS for w in words):
            return []
        first = None
        if view.span:
            s = view.span[0][0]
            # the sentence opens with its subject: nothing but determiners/adjectives before it
            if any(w in PREPOSITIONS or w in (",", ";", ":") for w in words[:s]) or any(self._starts_trigger(view, k) for k in range(s)):
                return []
            first = 0
        if first is None:
            return []
        group = [first] + [k for k in self._coordinated(view, first) if k > first]
        members = [m for k in group for m in _flat(view.actors[k])] if len(group) > 1 else list(view.actors[first].members)
        out: list[ActorRef] = []
        after = view.span[group[-1]][1]
        for i in range(after, len(words)):
            w = words[i]
            if w not in _PRONOUNS or view.tok_actor[i] >= 0:
                continue
            if i > 0 and words[i - 1] in PREPOSITIONS:
                continue  # "with them", "for it": not a participant the coder should take
            start, end = view.starts[i], view.ends[i]
            text = view.text_of(i, i + 1)
            if w in ("they", "them"):
                if len(members) < 2:
                    continue
                code = "/".join(m.code for m in members)
                refs = [ActorRef(m.code, m.country, m.sector, m.name, text, start, end, f"member of {code}") for m in members]
                out.append(ActorRef(code, None, None, None, text, start, end,
                                    f"coreference: pronoun {text!r} -> the subject of the first clause ({code})", refs))
            else:
                if len(group) > 1 or view.actors[first].members:
                    continue
                a = view.actors[first]
                out.append(ActorRef(a.code, a.country, a.sector, a.name, text, start, end,
                                    f"coreference: pronoun {text!r} -> the subject of the first clause, {a.text!r}"))
        return out

    def _reduced_relative(self, view: SentenceView, h: Hit) -> bool:
        if h.entry.flavor == "petrarch" or h.entry.noun or h.vend >= len(view.words) or h.vstart == 0:
            return False
        w = view.words[h.vstart]
        if not (w.endswith("ed") or w in _IRREGULAR_PARTICIPLES) or view.words[h.vend] != "by":
            return False
        prev = view.words[h.vstart - 1]
        return prev not in BE_FORMS and prev not in ADVERBS and not prev.endswith("ly") and prev not in ("has", "have", "had")

    def _clauses(self, view: SentenceView) -> tuple[list[Clause], list[int]]:
        words = view.words
        n = len(words)
        cuts: list[tuple[int, str]] = []  # (start token of a new clause, kind)
        in_relative = False
        # a fronted adverbial: "During a meeting with X, Lee ..." -> its own clause
        if n and words[0] in FRONTING:
            for k in range(1, min(n, 30)):
                if words[k] == ",":
                    cuts.append((k + 1, "main"))
                    break
        for k in range(1, n):
            w = words[k]
            prev = words[k - 1]
            if w in (";",):
                cuts.append((k + 1, "main"))
                in_relative = False
            elif w in ("but", "whereas", "although", "though") or (w == "while" and prev == ","):
                cuts.append((k, "coord"))
                in_relative = False
            elif w == "that" and k + 1 < n and view.tok_actor[k + 1] >= 0 and view.tok_actor[k - 1] < 0:
                # "it requested that Elrond assist": an embedded clause with its own subject and verb
                j = view.span[view.tok_actor[k + 1]][1]
                while j < n and words[j] in ADVERBS | MODALS | {"has", "have", "had", "be"}:
                    j += 1
                if j < n and view.tok_actor[j] < 0 and self._starts_trigger(view, j, flavor="petrarch"):
                    cuts.append((k + 1, "coord"))
            elif prev == "," and w in RELATIVE:
                cuts.append((k, "relative"))
                in_relative = True
            elif prev == "," and w.endswith("ing") and len(w) > 5 and view.tok_actor[k] < 0:
                cuts.append((k, "participle"))
            elif w == "," and in_relative and view.tok_actor[k - 1] < 0:
                # the relative clause ends at the next comma; the main clause goes on
                cuts.append((k + 1, "resume"))
                in_relative = False
            elif w in ("and", "or") and view.tok_actor[k - 1] < 0 or (w in ("and", "or") and prev == ","):
                # "and" before another verb phrase starts a coordinated clause
                j = k + 1
                while j < n and words[j] in ADVERBS | BE_FORMS | {"has", "have", "had", "will", "would", "then", "to"}:
                    j += 1
                if j < n and view.tok_actor[j] >= 0 and view.tok_actor[k - 1] < 0:
                    # "... and then it requested", "... and Gondor asked him": a subject starts a new clause
                    j = view.span[view.tok_actor[j]][1]
                    while j < n and words[j] in ADVERBS | BE_FORMS | {"has", "have", "had", "will", "would", "then"}:
                        j += 1
                if j < n and view.tok_actor[j] < 0 and self._starts_trigger(view, j):
                    cuts.append((k, "coord"))
        cuts = sorted(set(cuts))
        clauses: list[Clause] = []
        start, kind = 0, "main"
        for pos, ckind in cuts:
            if pos <= start or pos >= n:
                continue
            clauses.append(Clause(start, pos, kind))
            start, kind = pos, ckind
        clauses.append(Clause(start, n, kind))
        if n and words[0] in FRONTING and len(clauses) > 1:
            clauses[0].kind = "fronted"
        clause_of = [0] * n
        for ci, c in enumerate(clauses):
            for k in range(c.lo, c.hi):
                clause_of[k] = ci
        return clauses, clause_of

    def _starts_trigger(self, view: SentenceView, i: int, flavor: str | None = None) -> bool:
        words = view.words
        for entry, form in self._candidates(view, i):
            if flavor is not None and entry.flavor != flavor:
                continue
            L = len(form)
            if i + L <= len(words) and all(form[k].matches(words[i + k]) for k in range(L)) and not entry.weak and not entry.noun:
                return True
        return False

    # --- roles -----------------------------------------------------------------------------------

    def _subject(self, view: SentenceView, clauses: list[Clause], ci: int, before: int, exclude: set[int]) -> int | None:
        """The actor that is the subject for a trigger at token ``before`` in clause ``ci``."""
        c = clauses[ci]
        cand = self._nearest_left(view, c.lo, before, exclude)
        if cand is not None:
            return cand
        # look back over earlier clauses (coordination, participles), skipping relative clauses
        k = ci - 1
        while k >= 0:
            pc = clauses[k]
            if pc.kind == "relative" and clauses[ci].kind != "relative":
                k -= 1
                continue
            if pc.kind == "fronted":
                break
            cand = self._nearest_left(view, pc.lo, pc.hi, exclude, prefer_first=True)
            if cand is not None:
                return cand
            k -= 1
        return None

    def _nearest_left(self, view: SentenceView, lo: int, hi: int, exclude: set[int], prefer_first: bool = False) -> int | None:
        found = []
        for a, (s, e) in enumerate(view.span):
            if s < lo or e > hi or a in exclude:
                continue
            p = s - 1
            while p > lo and view.words[p] in _ARTICLES:
                p -= 1  # "talks with the United States": the preposition before the article
            prev = view.words[p] if p >= 0 else ""
            if prev in PREPOSITIONS and not (prev in ("of",) and s >= 2 and p >= 1 and view.words[p - 1] in ("some", "many", "all", "both", "each", "most", "none")):
                continue
            if s >= 2 and (view.words[s - 2], prev) in SKIP_BEFORE_ACTOR:
                continue
            found.append(a)
        if not found:
            return None
        return found[0] if prefer_first else found[-1]

    def _first_right(self, view: SentenceView, lo: int, hi: int, exclude_codes: set[str], exclude: set[int],
                     home: ActorRef | None = None, places: bool = False) -> int | None:
        for a, (s, e) in enumerate(view.span):
            if s < lo or s >= hi or a in exclude:
                continue
            if places and _located_place(view, a, lo):
                continue  # "seized a tanker near Oman": where it happened, not to whom
            if view.actors[a].code in exclude_codes:
                continue
            if home is not None and _same_side(home, view.actors[a]):
                continue
            if s >= 2 and (view.words[s - 2], view.words[s - 1]) in SKIP_BEFORE_ACTOR:
                continue
            if s >= 3 and (view.words[s - 3], view.words[s - 2]) in SKIP_BEFORE_ACTOR and view.words[s - 1] == "the":
                continue
            return a
        return None

    def _object_limit(self, view: SentenceView, start: int, hi: int) -> int:
        """Where the object of a trigger ending at ``start`` ends: at a subordinate clause or a phrase of
        time ("... as Blinken held talks in Seoul", "days after X met", "before Trump's arrival"), at a
        relative clause on the object ("an ICBM that fell between Korea and Japan"), or at ", X said"."""
        words = view.words
        np_seen = False  # a noun phrase has opened since the trigger ("a missile ... that")
        for k in range(start, hi):
            w = words[k]
            if w in _ARTICLES or view.tok_actor[k] >= 0:
                np_seen = True
            if view.tok_actor[k] >= 0:
                continue
            if w in SUBORDINATORS and (k > start or w in ("if", "once", "unless", "because", "whereas", "although", "though")):
                if w == "once" and k + 1 < hi and words[k + 1] in ("again", "more", "and", "a", "an"):
                    continue  # "once again", "once more": an adverb
                if w == "as" and (words[k - 1] in ("such", "well", "so") or (k + 1 < hi and words[k + 1] in ("well", "part", "a", "an"))):
                    continue  # "such as", "as well as", "as part of", "act as a mediator"
                return k
            if w in ("that", "which", "who") and np_seen and k > start:
                return k
            if w == "," and self._reporter_after(view, k, hi):
                return k
            if (w == "," and k + 2 < hi and words[k + 2] == "by"
                    and (words[k + 1].endswith("ed") or words[k + 1] in _IRREGULAR_PARTICIPLES)):
                return k  # ", convened by South Korea": the agent of a participle phrase, not the object
        return hi

    def _reporter_after(self, view: SentenceView, k: int, hi: int) -> bool:
        """Does the comma at ``k`` open a trailing attribution: ", the South Korean military said",
        ", officials in Seoul told reporters", ", according to X"? The reporter is no participant."""
        words = view.words
        if k + 1 >= hi:
            return False
        if words[k + 1] == "according" and k + 2 < hi and words[k + 2] == "to":
            return True
        for j in range(k + 1, min(hi, k + 10)):
            w = words[j]
            if w in REPORTING and w != "according":
                return j > k + 1
            if not (w.isalpha() or view.tok_actor[j] >= 0 or w in ("'s", "’s", "-")):
                return False  # punctuation: the attribution would have ended
            if w in SUBORDINATORS or w in RELATIVE or w == "that":
                return False
        return False

    def _addressee(self, view: SentenceView, start: int, hi: int, exclude: set[int]) -> int | None:
        """A bare statement verb's target is only the one it is addressed to ("told the Council",
        "said to Japan"), never an actor the statement is about."""
        k = start
        if k < hi and view.words[k] == "to":
            k += 1
        elif view.words[start - 1] not in _TELL:
            return None  # "Kishida said Japan ...": the subject of what was said, not an addressee
        while k < hi and view.words[k] in ("the", "a", "an") and view.tok_actor[k] < 0:
            k += 1
        if k < hi and view.tok_actor[k] >= 0 and view.tok_actor[k] not in exclude and view.span[view.tok_actor[k]][0] >= start:
            return view.tok_actor[k]
        return None

    def _passive(self, view: SentenceView, h: Hit) -> bool:
        if h.entry.noun or h.entry.flavor == "petrarch" and h.pattern is not None and h.pattern.markers:
            return False
        w = view.words[h.vstart]
        if not (w.endswith("ed") or w in _IRREGULAR_PARTICIPLES):
            return False  # "was open", "is keen": adjectives, not participles
        j = h.vstart - 1
        while j >= 0 and (view.words[j] in ADVERBS or (view.words[j].endswith("ly") and len(view.words[j]) > 4)):
            j -= 1
        return j >= 0 and view.words[j] in BE_FORMS

    def _noun_agent(self, view: SentenceView, h: Hit, hi: int) -> int | None:
        """The token of "by" naming the agent of a trigger used as a noun ("the shelling of the town by
        Russian forces", "after torture by the guards", "the heavy bombardment of Kharkiv by X"): the
        trigger after a determiner or a preposition (up to two modifiers between), and "by" + an actor
        within the noun's object, with no verb between. None when the trigger is not such a noun."""
        words = view.words
        j = h.vstart - 1
        mods = 0
        while j >= 0 and mods < 2 and view.tok_actor[j] < 0 and words[j].isalpha() and words[j] not in DETERMINERS \
                and words[j] not in PREPOSITIONS and words[j] not in BE_FORMS and words[j] not in MODALS \
                and words[j] not in _NOT_A_NOUN and words[j] not in ("has", "have", "had", "did", "does", "do") \
                and not words[j].endswith("ed") and not self._starts_trigger(view, j):
            j -= 1
            mods += 1
        if not h.entry.noun and (j < 0 or (words[j] not in DETERMINERS and words[j] not in PREPOSITIONS)):
            return None
        if not h.entry.noun and words[j] in ("to", "by"):
            return None  # "to shell the town", "by shelling the town": a verb
        limit = self._object_limit(view, h.vend, hi)
        for k in range(h.vend, min(limit, h.vend + 10)):
            w = words[k]
            if view.tok_actor[k] >= 0:
                continue
            if w == "by":
                q = k + 1
                while q < limit and words[q] in ("the", "a", "an"):
                    q += 1
                return k if q < limit and view.tok_actor[q] >= 0 else None
            if w in (",", ";", ":") or w in BE_FORMS or w in MODALS or w in RELATIVE or w == "that" or self._starts_trigger(view, k):
                return None
        return None

    def _by_agent(self, view: SentenceView, start: int, hi: int) -> int | None:
        for j in range(start, min(hi, start + 8)):
            if view.words[j] == "by":
                k = j + 1
                while k < hi and view.words[k] in ("the", "a", "an"):
                    k += 1
                if k < hi and view.tok_actor[k] >= 0:
                    return view.tok_actor[k]
                return None
        return None

    def _draft(self, article: Article, view: SentenceView, clauses: list[Clause], clause_of: list[int], h: Hit) -> list[_Draft]:
        drafts = self._draft_all(article, view, clauses, clause_of, h)
        if h.entry.flavor != "petrarch":
            for d in drafts:
                if d.code == "140" and _official(d.source):
                    # a state that "protests" complains officially (114); 14x is dissent in the street
                    d.code = "114"
                    d.notes.append("a protest by a state or its officials: an official complaint")
        if h.entry.needs_source:
            # PETRARCH/TABARI semantics: an event needs both a source and a target
            drafts = [d for d in drafts if d.source is not None and d.target is not None]
        return drafts

    def _draft_all(self, article: Article, view: SentenceView, clauses: list[Clause], clause_of: list[int], h: Hit) -> list[_Draft]:
        ci = clause_of[h.vstart]
        clause = clauses[ci]
        notes: list[str] = []
        src = h.source
        tgt = h.target
        used = set(a for a in (h.source, h.target) if a is not None)
        if h.both is not None:
            used.update(h.both if isinstance(h.both, tuple) else (h.both,))
        passive = False
        if h.both is not None:
            src = tgt = None
        else:
            if src is None and tgt is None and h.entry.flavor != "petrarch" and (by := self._noun_agent(view, h, clause.hi)) is not None:
                # "after the shelling of the town by Russian forces": the noun's own agent is its source and
                # its own object its target; the subject of the clause it stands in ("Residents fled") is neither
                passive = True
                src = view.tok_actor[by + 1 + next(i for i, w in enumerate(view.words[by + 1:]) if w not in ("the", "a", "an"))]
                tgt = self._first_right(view, h.vend, by, {view.actors[src].code}, used | {src},
                                        home=view.actors[src], places=True)
                if tgt is None:
                    # "a visit by a US submarine to South Korea": the object after the agent
                    tgt = self._first_right(view, view.span[src][1], self._object_limit(view, h.vend, clause.hi),
                                            {view.actors[src].code}, used | {src}, home=view.actors[src], places=True)
                notes.append("agent of an event noun")
            if src is None and self._passive(view, h) and tgt is None:
                passive = True
                agent = self._by_agent(view, h.vend, clause.hi)
                subj = self._subject(view, clauses, ci, h.vstart, used)
                src, tgt = agent, subj
                notes.append("passive")
            if src is None and not passive:
                if clause.kind == "fronted" or (h.entry.noun and clauses[ci].kind == "fronted"):
                    # "During a meeting with X, Lee ...": the subject of the main clause
                    nxt = ci + 1
                    if nxt < len(clauses):
                        src = self._nearest_left(view, clauses[nxt].lo, clauses[nxt].hi, used, prefer_first=True)
                        notes.append("subject of the main clause")
                elif h.entry.flavor != "petrarch" and (rel := _relative_pronoun(view, h.vstart)) is not None \
                        and view.tok_actor[rel - 1] >= 0 and view.tok_actor[rel - 1] != tgt:
                    src = view.tok_actor[rel - 1]  # "the Council that condemned X": the Council
                else:
                    src = self._subject(view, clauses, ci, h.vstart, used | ({tgt} if tgt is not None else set()))
                    if src is not None and view.span[src][0] < clause.lo:
                        notes.append("subject carried over from an earlier clause")
                if src is None:
                    # a trailing ", X said" inside the clause speaks for a party only to an interaction
                    # ("Negotiations with Iran are possible only if ..., Israel said"); a reporter of
                    # shelling or of a question is no participant
                    own = h.vend if h.entry.noun and view.words[h.vstart] in INTERACTION_NOUNS else None
                    src = self._attribution(view, clauses, ci, own)
                    if src is not None:
                        notes.append("speaker of the reported statement")
            if tgt is None and not passive:
                exclude_codes = {view.actors[src].code} if src is not None else set()
                excl = used | ({src} if src is not None else set())
                if h.entry.flavor == "petrarch":
                    tgt = self._first_right(view, h.vend, clause.hi, exclude_codes, excl)
                elif h.entry.weak:
                    tgt = self._addressee(view, h.vend, clause.hi, excl)
                else:
                    # the trigger's own object: not past a subordinate clause, a relative clause on the
                    # object or an attribution ("..., South Korea's military said"), nor the source's
                    # own country ("North Korea sent troops to Russia" -> RUS, not the troops)
                    limit = self._object_limit(view, h.vend, clause.hi)
                    tgt = self._first_right(view, h.vend, limit, exclude_codes, excl,
                                            home=view.actors[src] if src is not None else None, places=True)
                if tgt is None and not h.entry.weak and h.entry.flavor != "petrarch":
                    tgt = self._interaction_partner(view, clause.lo, h.vstart, excl, view.actors[src] if src is not None else None)
                if tgt is None and ci + 1 < len(clauses) and clauses[ci + 1].kind == "participle" and view.words[clauses[ci + 1].lo] not in ("saying", "adding", "noting", "describing", "calling"):
                    pass
                elif tgt is None and ci + 1 < len(clauses) and view.words[clauses[ci + 1].lo] == "while":
                    tgt = self._first_right(view, clauses[ci + 1].lo, clauses[ci + 1].hi, exclude_codes, excl)
        if h.entry.needs_source and h.both is None and src is not None and h.source is None and h.target is None:
            upper = self._requester(view, src)
            if upper is not None and (tgt is None or view.actors[tgt].code == view.actors[upper].code):
                # "it requested that Elrond assist (them)": the requester acts towards the embedded subject
                src, tgt = upper, src
                notes.append("embedded clause: the requester is the source, its subject the target")
        source = view.actors[src] if src is not None else None
        target = view.actors[tgt] if tgt is not None else None
        if h.entry.needs_source and source is None and h.both is None:
            return []
        modality, condition = self._modality(article, view, clauses, ci, h)
        trig = Span(view.text_of(h.vstart, h.vend), view.starts[h.vstart], view.ends[h.vend - 1])
        conf = self._confidence(h, source, target, notes)
        wants = False
        if target is None and h.entry.flavor != "petrarch" and not h.entry.weak:
            after = view.words[h.vend : min(clause.hi, h.vend + 6)]
            if any(w in PROPOSAL_NOUNS for w in after) and any(w in ("the", "this", "that", "his", "her", "its", "their", "such") for w in after):
                wants = True
        drafts: list[_Draft] = []
        if h.both is not None:
            group = h.both if isinstance(h.both, tuple) else (h.both,)
            members = [m for g in group for m in (view.actors[g].members or [view.actors[g]])]
            for x in members:
                for y in members:
                    if x is not y:
                        drafts.append(_Draft(view.sentence, h, h.code, x, y, modality, condition, trig, conf, notes=notes))
            return drafts
        sources = list(source.members) if source is not None and source.members else [source]
        targets = list(target.members) if target is not None and target.members else [target]
        # coordination: "X and Y condemned ..." / "... with X and Y"; a member of the list that is itself
        # a compound ("Mordor, the Shire and Bree", the Shire being three actors) stands for each of its
        # members
        coord = self._coordinated(view, src) if src is not None else []
        if (coord or (source is not None and source.members)) and target is None and h.code[:2] in RECIPROCAL_ROOTS:
            # "the two Koreas met", "X and Y met": each member towards each other one
            group = [m for k in sorted([src] + coord, key=lambda k: view.span[k][0]) for m in _flat(view.actors[k])]
            for x in group:
                for y in group:
                    if x is not y:
                        drafts.append(_Draft(view.sentence, h, h.code, x, y, modality, condition, trig, conf,
                                             notes=notes + ["coordinated actors, reciprocal" if coord else "compound actor, reciprocal"]))
            return drafts
        for x in sources:
            for y in targets:
                if x is not None and y is not None and (x.code == y.code or (h.entry.flavor != "petrarch" and _same_side(x, y))):
                    continue  # "Seoul proposed that the two Koreas ...": not towards itself
                drafts.append(_Draft(view.sentence, h, h.code, x, y, modality, condition, trig, conf, wants, notes=notes + (["compound actor"] if len(sources) * len(targets) > 1 else [])))
        if not drafts and h.entry.flavor != "petrarch" and source is not None and target is not None and not source.members:
            # "Putin defended Russia's involvement": the event stands, without a target of its own side
            drafts.append(_Draft(view.sentence, h, h.code, source, None, modality, condition, trig, conf, False, notes=notes + ["target of the source's own side dropped"]))
        for other in coord:
            for x in _flat(view.actors[other]):
                for y in targets:
                    if y is not None and (x.code == y.code or _same_side(x, y)):
                        continue
                    drafts.append(_Draft(view.sentence, h, h.code, x, y, modality, condition, trig, conf, wants, notes=notes + ["coordinated source"]))
        if tgt is not None:
            extra = []
            for other in self._coordinated(view, tgt):
                for y in _flat(view.actors[other]):
                    for d in list(drafts):
                        if d.source is None or d.source.code != y.code:
                            extra.append(_Draft(view.sentence, h, h.code, d.source, y, modality, condition, trig, conf, notes=notes + ["coordinated target"]))
            drafts.extend(extra)
        return drafts

    def _interaction_partner(self, view: SentenceView, lo: int, vs: int, exclude: set[int], home: ActorRef | None) -> int | None:
        """The subject of the trigger is an interaction noun with its partner ("talks with the United States
        would only be possible", "dialogue with Seoul is ready to resume"): that partner is the target.
        The noun must stand right before the trigger's verb group (only its "with X" phrase between)."""
        words = view.words
        j = vs - 1
        while j >= lo and (words[j] in ADVERBS or words[j] in MODALS or words[j] in BE_FORMS or words[j] in ("has", "have", "had", "only", "even", "ever")
                           or (words[j].endswith("ly") and len(words[j]) > 4)):
            j -= 1
        # j: the last word of the subject noun phrase; it must end an actor after "with"
        if j < lo or view.tok_actor[j] < 0:
            return None
        a = view.tok_actor[j]
        s = view.span[a][0]
        p = s - 1
        while p >= lo and words[p] in _ARTICLES:
            p -= 1
        if p - 1 < lo or words[p] != "with" or words[p - 1] not in INTERACTION_NOUNS:
            return None
        if a in exclude or (home is not None and _same_side(home, view.actors[a])):
            return None
        return a

    def _requester(self, view: SentenceView, a: int) -> int | None:
        """For actor ``a`` opening an embedded "that" clause right after a verb that codes nothing
        ("it requested that Elrond assist"), the subject of that verb (it), else None."""
        words = view.words
        s = view.span[a][0]
        if s < 3 or words[s - 1] != "that":
            return None
        v = s - 2
        if view.tok_actor[v] >= 0 or words[v] in PREPOSITIONS or not words[v].isalpha() or self._starts_trigger(view, v):
            return None
        j = v - 1
        while j >= 0 and (words[j] in ADVERBS or words[j] in ("has", "have", "had", "then")):
            j -= 1
        if j < 0 or view.tok_actor[j] < 0:
            return None
        return view.tok_actor[j]

    def _coordinated(self, view: SentenceView, a: int) -> list[int]:
        """Actors joined to actor ``a`` by 'and', 'or', 'nor' (and the commas of a list):
        'Gondor and Osgiliath', 'Arnor, Osgiliath and Gondor'. Commas alone join nothing."""
        chain = self._chain(view, a)
        if not chain:
            return []
        words_between = []
        members = sorted(chain + [a], key=lambda k: view.span[k][0])
        for x, y in zip(members, members[1:]):
            words_between.extend(view.words[view.span[x][1] : view.span[y][0]])
        if not any(w in ("and", "or", "nor") for w in words_between):
            return []
        return chain

    def _chain(self, view: SentenceView, a: int) -> list[int]:
        out: list[int] = []
        # leftwards
        k = a
        while k > 0:
            s = view.span[k][0]
            prev = view.span[k - 1]
            between = view.words[prev[1] : s]
            if between and len(between) <= 4 and any(w in ("and", "or", "nor", ",") for w in between) \
                    and all(w in (",", "and", "or", "nor", "the", "both", "neither", "either") or (w.isalpha() and len(between) <= 4) for w in between) \
                    and not any(w in PREPOSITIONS or w in RELATIVE or w in ADVERBS or self._is_trigger_word(view, w) for w in between):
                out.append(k - 1)
                k -= 1
            else:
                break
        k = a
        closed = False  # a list is closed by its "and": "A, B and C, the D ..." stops before D
        while k + 1 < len(view.span):
            e = view.span[k][1]
            nxt = view.span[k + 1]
            between = view.words[e : nxt[0]]
            conj = any(w in ("and", "or", "nor") for w in between)
            if closed and not conj:
                break
            if between and len(between) <= 3 and any(w in ("and", "or", "nor", ",") for w in between) \
                    and all(w in (",", "and", "or", "nor", "the", "both", "either") for w in between):
                out.append(k + 1)
                k += 1
                closed = closed or conj
            else:
                break
        return out

    def _is_trigger_word(self, view: SentenceView, w: str) -> bool:
        return w in self._exact and not all(e.weak or e.noun for e, _ in self._exact[w])

    def _attribution(self, view: SentenceView, clauses: list[Clause], ci: int, after: int | None = None) -> int | None:
        """The speaker of a reported statement: '..., his office said' / 'according to X'."""
        words = view.words
        n = len(words)
        for k in range(n - 1):
            if words[k] == "according" and words[k + 1] == "to" and k + 2 < n and view.tok_actor[min(n - 1, k + 2)] >= 0:
                return view.tok_actor[k + 2]
        for k in range(n):
            if words[k] in ("said", "says", "stated", "announced", "added", "told", "reported", "noted") and k > 0:
                # ', X said' after the clause
                j = k - 1
                while j >= 0 and words[j] in ADVERBS:
                    j -= 1
                if j >= 0 and view.tok_actor[j] >= 0 and clauses and view.span[view.tok_actor[j]][0] >= clauses[ci].hi - 1:
                    return view.tok_actor[j]
                if j >= 0 and view.tok_actor[j] >= 0 and after is not None:
                    # "..., Israel said." closing the trigger's own clause: a comma after the trigger that
                    # opens the attribution
                    a = view.tok_actor[j]
                    comma = view.span[a][0] - 1
                    while comma > after and words[comma] in _ARTICLES:
                        comma -= 1
                    if comma >= after and words[comma] == "," and self._reporter_after(view, comma, n):
                        return a
        return None

    # --- modality --------------------------------------------------------------------------------

    def _modality(self, article: Article, view: SentenceView, clauses: list[Clause], ci: int, h: Hit) -> tuple[Modality, str | None]:
        words = view.words
        c = clauses[ci]
        lo = max(c.lo, h.vstart - 5)
        window = [words[k] for k in range(lo, h.vstart) if k not in h.consumed and view.tok_actor[k] < 0]
        m = Modality()
        # "did not", "has not", "failed to" right before; "no" as a quantifier of the subject or of the
        # trigger itself ("No damage was reported", "no attack took place"), as of the object
        # (:func:`_negated_object`): what "no" quantifies did not happen
        if any(w in NEGATORS and not _no_comparative(window, k) for k, w in enumerate(window)) \
                or any(w in NEG_VERBS for w in window[-3:]):
            m.negated = True
        if not m.negated and _negated_subject(view, h.vstart, c.lo):
            m.negated = True  # "Nobody was hurt", "None of the soldiers were injured"
        if not m.negated and _prevented(view, h.vstart, c.lo):
            m.negated = True  # "blocked the EU from sending weapons": the sending did not take place
        if not m.negated and not h.entry.weak and _negated_object(view, h.vend, c.hi):
            m.negated = True  # "made no concessions", "provided none of the evidence"
        if any(w in FUTURE_WORDS for w in window):
            m.future = True
        for k in range(len(window) - 1):
            if window[k] in INTENT_WORDS and window[k + 1] == "to":
                m.future = True
            if window[k] == "to" and window[k + 1] == "be" and k > 0 and window[k - 1] in BE_FORMS:
                m.future = True
        if "is" in window and "to" in window[-2:]:
            m.future = True
        if any(w in HYPO_WORDS for w in window):
            m.hypothetical = True
        if not m.hypothetical and _condition_marker(view, h.vstart) is not None:
            m.hypothetical = True  # "... only if the government in Baku at last withdraws its troops"
        rel = _relative_pronoun(view, h.vstart) if h.entry.flavor != "petrarch" else None
        if rel is not None:
            # "X should build a force that deters Y": what the relative clause describes is as
            # hypothetical (or future) as the clause its noun stands in
            outer = [words[k] for k in range(c.lo, rel) if view.tok_actor[k] < 0]
            if any(w in HYPO_WORDS for w in outer):
                m.hypothetical = True
            if any(w in FUTURE_WORDS for w in outer) or any(a in INTENT_WORDS and b == "to" for a, b in zip(outer, outer[1:])):
                m.future = True
        condition = None
        # a condition after the trigger in the same clause: "... would only be possible once X"
        for k in range(h.vend, c.hi):
            w = words[k]
            two = w + " " + words[k + 1] if k + 1 < c.hi else ""
            marker = None
            if two in ("provided that", "as long", "only if", "only when", "only after", "on condition"):
                marker = 2 if two not in ("as long", "on condition") else 3
            elif w in ("if", "unless", "once", "until"):
                marker = 1
            if marker:
                end = c.hi
                # the condition ends where a trailing attribution begins (", Israel said")
                for q in range(k + marker, c.hi):
                    if words[q] == "," and self._reporter_after(view, q, c.hi):
                        end = q
                        break
                while end > k + marker and words[end - 1] in (".", ",", ";", "!", "?", '"', "'", "”", "’"):
                    end -= 1
                text = view.text_of(k + marker, end).strip()
                if text:
                    condition = text
                    m.hypothetical = True
                break
        # "only ... possible" before a condition marker is itself conditional
        if condition is None:
            for k in range(c.lo, h.vstart):
                if words[k] in ("if", "unless") and (k == c.lo or words[k - 1] in (",", "and", "but")):
                    m.hypothetical = True
                    end = h.vstart
                    cstart = k + 1
                    comma = next((j for j in range(cstart, h.vstart) if words[j] == ","), None)
                    if comma is not None:
                        condition = view.text_of(cstart, comma).strip() or None
                    break
        m.historical = self._historical(article, view, clauses, ci)
        return m, condition

    def _historical(self, article: Article, view: SentenceView, clauses: list[Clause], ci: int) -> bool:
        year = None
        if article.published and article.published[:4].isdigit():
            year = int(article.published[:4])

        def past(text: str) -> bool:
            if PAST_DECADE.search(text) or PAST_PHRASE.search(text):
                return True
            for mm in PAST_YEAR.finditer(text):
                y = int(mm.group(1))
                if year is not None and y < year:
                    return True
            return False

        k = ci
        while k >= 0:
            c = clauses[k]
            text = view.text_of(c.lo, c.hi)
            if CURRENT_TIME.search(text):
                return False
            if past(text):
                return True
            if c.kind == "resume" and k > 0:
                # the main clause after ", which/who ... ,": its time is that of the clause before the
                # relative clause, not the relative clause's own ("Kim, who met Putin last year, warned")
                k -= 1
                while k > 0 and clauses[k].kind == "relative":
                    k -= 1
                continue
            if c.kind in ("relative", "participle", "coord") and k > 0:
                k -= 1  # a continuation: inherits the time of the clause it continues
                continue
            if k > 0 and clauses[k - 1].kind == "fronted":
                k -= 1  # "In 1953, China signed ..."
                continue
            break
        return False

    def _confidence(self, h: Hit, source: ActorRef | None, target: ActorRef | None, notes: list[str]) -> float:
        if h.entry.flavor == "petrarch":
            conf = 0.75 if h.pattern is not None and h.pattern.specificity else 0.6
        else:
            conf = 0.85 if (h.pattern and any(e.kind == "words" for e in h.pattern.before + h.pattern.after)) else 0.8
        if h.entry.weak:
            conf = 0.45
        if source is None:
            conf -= 0.3
        if target is None:
            conf -= 0.05
        if notes:
            conf -= 0.05
        return round(max(0.05, min(0.99, conf)), 2)

    # --- events ----------------------------------------------------------------------------------

    def _to_events(self, article: Article, d: _Draft) -> list[Event]:
        code = d.code
        second = None
        if ":" in code:
            code, second = code.split(":", 1)
        out = [self._event(article, d, code, d.source, d.target)]
        if second and d.target is not None and d.source is not None:
            out.append(self._event(article, d, second, d.target, d.source))
        return out

    def _event(self, article: Article, d: _Draft, code: str, source: ActorRef | None, target: ActorRef | None) -> Event:
        info = None
        try:
            info = self.table.resolve(code)
        except Exception:  # an odd PETRARCH tag the table cannot parse
            info = None
        if info is not None:
            root = info.root
            goldstein = float(info.goldstein)
            quad = int(info.quad_class)
            plover = Plover(info.plover_event, info.plover_mode, list(info.plover_context)) if info.plover_event else None
        else:
            root = code[:2] if code[:2].isdigit() else ""
            goldstein = 0.0
            quad = 0
            plover = None
        date, basis = self._date(article, d.sentence)
        h = d.hit
        rule = h.pattern.id if h.pattern is not None else f"{h.entry.id}:verb"
        return Event(
            article_id=article.article_id,
            sentence_index=d.sentence.index,
            sentence=d.sentence.text,
            date=date,
            date_basis=basis,
            source=source,
            target=target,
            cameo=code,
            cameo_root=root,
            quad_class=quad,
            goldstein=goldstein,
            plover=plover,
            modality=Modality(**vars(d.modality)),
            condition=d.condition,
            trigger=d.trigger,
            rule=rule,
            confidence=d.confidence,
            code_table_version=getattr(self.table, "version", ""),
        )

    def _date(self, article: Article, sentence: Sentence) -> tuple[str | None, str]:
        date = article.published
        basis = "article published" + (f" ({article.date_basis})" if article.date_basis else "")
        if date is None:
            return None, "no date: the article is undated"
        m = RELATIVE_DAY.search(sentence.text)
        if m and self._resolve_relative is not None:
            try:
                import datetime as _dt

                anchor = _dt.date.fromisoformat(date[:10])
                got = self._resolve_relative(m.group(1), anchor)
            except Exception:
                got = None
            if got is not None:
                return got.isoformat(), f"'{m.group(1)}' in the sentence, relative to the article date {date}"
        return date, basis


_PRONOUNS = frozenset("he she it they him them".split())

_IRREGULAR_PARTICIPLES = frozenset(
    "met held said sought sent given taken made broken led fought shot struck told spoken sold brought won lost left kept "
    "withdrawn thrown begun forgiven seen put set cut hit let spread shut cast beaten caught found hung stuck dug "
    "overthrown overrun slain paid laid built taken given broken spoken written chosen driven forgotten frozen hidden "
    "stolen shaken beaten bitten eaten fallen forbidden ridden risen shown sworn torn worn woken proven known grown "
    "drawn flown overtaken undertaken forsaken retaken rewritten".split()
)


def _relative_resolver():
    try:
        from ..clean.dates import resolve_relative  # type: ignore[attr-defined]

        return resolve_relative
    except Exception:
        try:
            from ..clean import resolve_relative  # type: ignore[attr-defined]

            return resolve_relative
        except Exception:
            return None


# --- matching a pattern ------------------------------------------------------------------------------


def _elem_at(view: SentenceView, el: Element, k: int, hi: int) -> tuple[int, int | None] | None:
    """Does element ``el`` match starting at token k? -> (end, actor index or None)."""
    if el.kind == "words":
        words = view.words
        w0 = words[k]
        for alt in el.alts:
            first = alt[0]
            if not (w0 == first.text or (first.stem and w0.startswith(first.text))):
                continue
            L = len(alt)
            if k + L <= hi and (L == 1 or all(alt[j].matches(words[k + j]) for j in range(1, L))):
                return k + L, None
        return None
    a = view.actor_at.get(k)
    if a is None:
        return None
    if el.kind == "both":
        group = _group_right(view, a)
        return view.span[group[-1]][1], tuple(group)
    return view.span[a][1], a


_LINK = frozenset({",", "and", "or", "nor", "the", "both"})


def _linked(view: SentenceView, x: int, y: int) -> bool:
    between = view.words[view.span[x][1] : view.span[y][0]]
    return bool(between) and len(between) <= 3 and all(w in _LINK for w in between) and any(w in ("and", "or", "nor", ",") for w in between)


def _group_right(view: SentenceView, a: int) -> list[int]:
    group = [a]
    while group[-1] + 1 < len(view.span) and _linked(view, group[-1], group[-1] + 1):
        group.append(group[-1] + 1)
    return group


def _group_left(view: SentenceView, a: int) -> list[int]:
    group = [a]
    while group[0] > 0 and _linked(view, group[0] - 1, group[0]):
        group.insert(0, group[0] - 1)
    return group


def _elem_ending_at(view: SentenceView, el: Element, end: int, lo: int) -> tuple[int, int | None] | None:
    """Does element ``el`` match ending at token ``end`` (exclusive)? -> (start, actor)."""
    if el.kind == "words":
        for alt in el.alts:
            L = len(alt)
            s = end - L
            if s >= lo and all(alt[j].matches(view.words[s + j]) for j in range(L)):
                return s, None
        return None
    if end - 1 < lo or end - 1 >= len(view.tok_actor):
        return None
    a = view.tok_actor[end - 1]
    if a < 0 or view.span[a][1] != end or view.span[a][0] < lo:
        return None
    if el.kind == "both":
        group = [g for g in _group_left(view, a) if view.span[g][0] >= lo]
        return view.span[group[0]][0], tuple(group)
    return view.span[a][0], a


def _match(view: SentenceView, pat: Pattern, vs: int, ve: int, lo: int, hi: int, max_gap: int):
    roles: dict[str, int] = {}
    used: set[int] = set()
    pos = ve
    last = ve
    words = view.words
    actor_at = view.actor_at
    for el in pat.after:
        limit = pos if el.adjacent else min(hi - 1, pos + max_gap)
        got = None
        if el.kind == "words":
            exact, stems = el.first_words
            for k in range(pos, min(limit + 1, hi)):
                w0 = words[k]
                if w0 in exact or (stems and w0.startswith(stems)):
                    r = _elem_at(view, el, k, hi)
                    if r is not None:
                        got = (k, r)
                        break
        else:
            for k in range(pos, min(limit + 1, hi)):
                if k in actor_at:
                    r = _elem_at(view, el, k, hi)
                    if r is not None:
                        got = (k, r)
                        break
        if got is None:
            return None
        k, (end, actor) = got
        if actor is not None and el.kind in ("source", "target", "both"):
            if el.kind in roles:
                return None
            roles[el.kind] = actor
        used.update(range(k, end))
        pos = last = end
    first = vs
    pos = vs
    for el in reversed(pat.before):
        limit = pos if el.adjacent else max(lo, pos - max_gap)
        got = None
        for end in range(pos, limit - 1, -1):
            if end <= lo:
                break
            r = _elem_ending_at(view, el, end, lo)
            if r is not None:
                got = (end, r)
                break
        if got is None:
            return None
        end, (start, actor) = got
        if actor is not None and el.kind in ("source", "target", "both"):
            if el.kind in roles:
                return None
            roles[el.kind] = actor
        used.update(range(start, end))
        pos = first = start
    return first, last, roles, frozenset(used)


# --- article level -----------------------------------------------------------------------------------


def _fill_antecedents(drafts: list[_Draft]) -> None:
    """'X welcomed the proposal' -> the target is whoever last acted before (the proposer)."""
    for k, d in enumerate(drafts):
        if not d.wants_antecedent or d.target is not None:
            continue
        for prev in reversed(drafts[:k]):
            if prev.source is not None and (d.source is None or actor_key(prev.source) != actor_key(d.source)):
                d.target = prev.source
                d.notes.append("target: the author of the proposal referred to")
                break


_AGENT_PP = re.compile(r"\s(?:in|of|from)\s+(?:the\s+)?\S")
_LIST_WORDS = frozenset({",", "and", "or", "the", "both"})


def _bare_country(a: ActorRef) -> bool:
    return (not a.members and not a.sector and bool(a.country) and a.code == a.country and len(a.code) == 3
            and a.code.isalpha() and a.code.isupper())


def _agent_in(a: ActorRef, country: str) -> str | None:
    """The code of ``a``'s agent in ``country`` (FORLEG in GON -> GONLEG, ---LEG in GON -> GONLEG)."""
    if a.members or not a.sector:
        return None
    if a.code.startswith("---"):
        return country + a.code[3:]
    if a.country and len(a.country) == 3 and a.country in a.code:
        return a.code.replace(a.country, country, 1)
    return None


def _distribute_agents(view: SentenceView) -> list[ActorRef] | None:
    """An agent with "in/of/from <country>" followed by a coordination of countries holds in each of
    them: "Lawmakers in Fornost and Gondor" are FORLEG and GONLEG, "the ambassadors of Arnor, Osgiliath
    and Gondor" ARNGOV, OSGGOV and GONGOV; bare agents coordinated before it share its countries
    ("Lawmakers and officials in Fornost and Gondor": LEG and GOV in both). The new actor list, or None
    when no such phrase stands in the sentence."""
    acts = list(view.actors)
    changed = False
    words = view.words

    def between(x: int, y: int) -> list[str]:
        return words[view.span[x][1] : view.span[y][0]]

    for a, head in enumerate(view.actors):
        if not head.sector or head.members or not head.country or not _AGENT_PP.search(head.text) or head.code.startswith("---"):
            continue
        # the countries coordinated after it, closed by "and"/"or"
        right: list[int] = []
        k = a
        closed = False
        while k + 1 < len(view.actors) and not closed:
            gap = between(k, k + 1)
            if not gap or len(gap) > 3 or not all(w in _LIST_WORDS for w in gap) or not _bare_country(view.actors[k + 1]):
                break
            closed = any(w in ("and", "or") for w in gap)
            right.append(k + 1)
            k += 1
        if not right or not closed:
            continue
        countries = [head.country] + [view.actors[r].country for r in right]
        for r in right:
            b = view.actors[r]
            code = _agent_in(head, b.country)
            if code is None:
                continue
            acts[r] = ActorRef(code, b.country, head.sector, b.name, b.text, b.start, b.end,
                               f"{b.resolution}; the agent of {head.text!r} holds in each coordinated country".lstrip("; "))
            changed = True
        # bare agents coordinated right before it: "Lawmakers and officials in ..."
        k = a
        while k > 0:
            gap = between(k - 1, k)
            prev = view.actors[k - 1]
            if not gap or len(gap) > 2 or not all(w in (",", "and", "or") for w in gap) or not prev.code.startswith("---") or prev.members:
                break
            codes = [_agent_in(prev, c) for c in countries]
            if any(c is None for c in codes):
                break
            members = [ActorRef(c, country, prev.sector, prev.name, prev.text, prev.start, prev.end, f"member of {prev.text!r}")
                       for c, country in zip(codes, countries)]
            acts[k - 1] = ActorRef("/".join(codes), None, None, prev.name, prev.text, prev.start, prev.end,
                                   f"{prev.resolution}; the agent shares the countries of {head.text!r}".lstrip("; "), members)
            changed = True
            k -= 1
    return acts if changed else None


# sectors that speak for a state or an international organisation: their "protest" is an official
# complaint (CAMEO 114), not a demonstration (14x is for civilians, opposition, protesters)
_OFFICIAL_SECTORS = frozenset("GOV MIL SPY COP LEG JUD ELI".split())


def _official(a: ActorRef | None) -> bool:
    """Is ``a`` a state, its government/officials, or an intergovernmental organisation?"""
    if a is None or a.members or not a.code:
        return False
    if a.code.startswith("IGO"):
        return True
    if not a.sector:
        # a country, but not its people named by a plural demonym ("Palestinians", "Israelis", "Koreans")
        last = (a.text or "").split()[-1:] or [""]
        people = last[0][:1].isupper() and len(last[0]) > 4 and last[0].lower().endswith(("ians", "eans", "ans", "is"))
        return bool(a.country) and not a.code.startswith("---") and not people
    return a.sector[:3] in _OFFICIAL_SECTORS


def _flat(a: ActorRef) -> list[ActorRef]:
    """The actors ``a`` stands for: its members when it is a compound ("the two Koreas"), else itself."""
    return list(a.members) if a.members else [a]


def _same_side(a: ActorRef, b: ActorRef) -> bool:
    """Is ``b`` the same party as ``a`` for a target: the same actor code, or the same country where one
    of the two names no sector and the other is the state ("North Korea" and "North Korean troops",
    "South Korea's president" and "South Korea"). Two sectors of one country (government and
    opposition, military and civilians) stay two parties."""
    if a.members or b.members or not a.code or not b.code:
        return False
    if actor_key(a) != actor_key(b):
        return False
    if a.code == b.code:
        return True
    return (not a.sector and (b.sector or "")[:3] in _STATE_SECTORS) or (not b.sector and (a.sector or "")[:3] in _STATE_SECTORS)


def actor_key(a: ActorRef | None) -> str:
    """Country/organisation level of an actor ("KORGOV" -> "KOR", "IGOUNO" -> "IGOUNO")."""
    if a is None:
        return ""
    code = a.code or ""
    if code[:3] in ("IGO", "NGO", "IMG", "MNC", "NGM", "~"):
        return code[:6]
    return a.country or code[:3]


def merge_events(events: list[Event], body_start: int = 0) -> list[Event]:
    """One event per (source, target, CAMEO root, negation, historical): the repeated mentions of an
    event in the headline, the lead and a quote are counted in ``mentions``; the evidence kept is the
    best one (a body sentence over the headline, then confidence, then the more specific actors)."""
    groups: dict[tuple, list[Event]] = {}
    order: list[tuple] = []
    for ev in events:
        key = (actor_key(ev.source), actor_key(ev.target), ev.cameo_root or ev.cameo, ev.modality.negated, ev.modality.historical)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(ev)
    out: list[Event] = []
    for key in order:
        group = groups[key]

        def rank(ev: Event):
            in_body = 1 if ev.trigger.start >= body_start else 0
            spec = len(ev.source.code if ev.source else "") + len(ev.target.code if ev.target else "")
            return (in_body, ev.confidence, spec, -ev.trigger.start)

        best = max(group, key=rank)
        best.mentions = sum(e.mentions for e in group)
        if best.condition is None:
            best.condition = next((e.condition for e in group if e.condition), None)
        out.append(best)
    out.sort(key=lambda e: (e.sentence_index, e.trigger.start))
    return out
