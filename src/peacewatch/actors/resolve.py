"""From mentions to actors: codes valid on the story's date and references inside a story."""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..model import ActorRef, Article, Sentence
from .dictionary import Entry
from .matcher import ActorDictionaries, Mention, find_mentions

NULL_CODES = {"---", "###", "+++"}
MODIFIER = {"country", "demonym", "seat", "org", "actor"}
PERSONAL = {"person", "surname"}
# a country or capital right after one of these words is a place, not an actor ("a bomb in Kiev")
LOCATIVE_RE = re.compile(
    r"(?:^|[\s(])(?:(?:in|at|near|inside|outside|across|throughout|through|into|within|around|over|along)\s+(?:the\s+)?"
    r"|(?:streets|outskirts|suburbs|centre|center|heart|edge|north|south|east|west)\s+of\s+)$",
    re.IGNORECASE,
)
THE_RE = re.compile(r"(?:^|(?<=\s)|(?<=[\"“(]))(the|The|THE)\s+$")
LOCATIVE_KINDS = ("seat",)  # capitals after "in", "at", ... are places; countries there are often targets (aid "in Yemen")
COREF_SENTENCES = 3  # how many sentences back a bare agent looks for its country
DETERMINER_RE = re.compile(
    r"(?:^|\W)(?:the|a|an|its|their|his|her|our|this|that|these|those|some|many|several|other|\d+|two|three|"
    r"four|five|dozens|hundreds|thousands|of)\s+$",
    re.IGNORECASE,
)
VERBISH = {
    "said", "says", "say", "will", "would", "have", "has", "had", "are", "is", "was", "were", "can",
    "could", "may", "might", "must", "should", "did", "do", "does", "also", "then", "later", "on",
    "in", "to", "and", "or", "who", "which", "that", "from", "at", "with", "for", "of",
    # prepositions of place and time, and words of allegiance: what stands before one is not a
    # modifier ("rebels near the border", "fighters loyal to ...")
    "near", "outside", "inside", "across", "along", "around", "behind", "throughout", "during", "after",
    "before", "since", "into", "onto", "against", "under", "over", "by", "among", "within", "beyond",
    "toward", "towards", "loyal", "allied", "linked", "opposed",
}


# gaps between the mentions of one group (compiled once: they are tried for every mention)
_PLAIN_GAP_RE = re.compile(r"[ \t]{0,3}")
_POSSESSIVE_GAP_RE = re.compile(r"['\u2019]s?[ \t]+")
_SPACE_GAP_RE = re.compile(r"[ \t]{1,3}")
_OF_GAP_RE = re.compile(r"\s+(?:of|from|in)\s+(?:the\s+)?")
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Za-z]+)")

# a capital followed by "'s" after "in"/"over"/"at" is a possessor ("concern over Pyongyang's tests"),
# not a place, unless what it possesses is itself a place ("in Seoul's streets")
PLACE_NOUNS = {
    "streets", "street", "district", "districts", "centre", "center", "outskirts", "suburbs", "suburb",
    "airport", "airports", "port", "ports", "downtown", "neighborhood", "neighbourhood", "square",
    "harbor", "harbour", "skies", "airspace", "waters", "coast", "territory", "soil", "border",
    "borders", "capital", "city", "outskirt", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "central",
}
_POSSESSED_RE = re.compile(r"['\u2019]s?((?:[ \t]+[a-z][a-z-]*){1,5})")

# --- the home country of a bare domestic institution ---
# words that may open a sentence before its subject ("Last week South Korea's cabinet ...", "On
# Sunday, the North ...": what follows the last comma of the opening must be only these)
SUBJECT_LEAD = {
    "on", "in", "last", "this", "next", "earlier", "later", "early", "late", "meanwhile", "but", "and",
    "also", "then", "however", "separately", "yesterday", "today", "tonight", "week", "month", "year",
    "weekend", "morning", "afternoon", "evening", "night", "the", "a", "ago", "days", "weeks", "months",
    "years", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# a country right after one of these is an object, not the subject the story is about
OBJECT_AFTER = {
    "from", "to", "with", "against", "of", "by", "toward", "towards", "at", "in", "on", "into", "over",
    "for", "about", "between", "across", "near", "off", "than", "like", "as", "onto", "upon", "among",
    "within", "without", "inside", "outside", "around", "through", "throughout", "via", "per", "under",
    "beyond", "behind", "after", "before", "since", "until", "despite", "including",
}
# lower-case words before a country that do not make it an object
NOT_OBJECT_BEFORE = {
    "and", "or", "but", "that", "while", "when", "because", "if", "although", "though", "whereas",
    "said", "says", "say", "added", "where", "both", "either", "neither", "nor", "also", "then",
}
# an actor right before a verb of saying is the speaker of its clause (", South Korea's military said")
_SPEAKS_RE = re.compile(r"\s+(?:said|says|told|reported|added|announced|stated|warned|confirmed)\b")
_OWNER_RE = re.compile(r"(?:^|\W)(?:its|their|his|her|our|a|an)\s+$", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")
_PREV_WORDS_RE = re.compile(r"([A-Za-z]+)[^A-Za-z]*$")


def _dateline_country(dateline: str | None, dicts: ActorDictionaries) -> tuple[str, str] | None:
    """The country of a dateline's place ("SEOUL, June 10" -> KOR; "GYEONGJU, South Korea, Oct.
    30" -> KOR): a country name or a seat of government among its comma-separated parts."""
    if not dateline:
        return None
    for part in dateline.split(","):
        part = part.strip()
        if not part or any(c.isdigit() for c in part):
            continue
        for e in dicts.lookup(part):
            if e.kind == "country" and not e.context and e.code and not e.code.startswith("---"):
                return e.code[:3], part
    return None


def home_country(article: Article, dicts: ActorDictionaries) -> tuple[str, str] | None:
    """The story's home country and why: its dateline's country ("SEOUL, June 10" -> KOR), else
    the country of the agency that filed it ("KCNA" -> PRK)."""
    got = _dateline_country(article.dateline, dicts)
    if got is not None:
        return got[0], f"the dateline's country ({article.dateline!r})"
    if article.source:
        for e in dicts.lookup(article.source):
            code = e.code or ""
            if e.kind in ("actor", "org", "country") and len(code) >= 3 and code[:3].isalpha() and not code.startswith(("IGO", "NGO", "---")):
                return code[:3], f"the country of the agency that filed it ({article.source})"
    return None


def _is_subject(text: str, sent_start: int, pos: int) -> bool:
    """Whether the mention at ``pos`` opens its sentence's main clause: before it there are only
    opening words ("Last week", "On Sunday,"), nothing a verb or preposition would govern."""
    lead = text[sent_start:pos]
    for sep in (",", ";", ":", "--", "\u2014"):
        i = lead.rfind(sep)
        if i >= 0:
            # a comma inside an opening phrase is fine; a comma after a clause with a verb is not
            head = lead[:i]
            if any(w.lower() not in SUBJECT_LEAD and not w.isdigit() and not w[:1].isupper()
                   for w in _WORD_RE.findall(head)):
                return False
            lead = lead[i + len(sep):]
    return all(w.lower() in SUBJECT_LEAD or w.isdigit() for w in _WORD_RE.findall(lead))


def _is_object(text: str, sent_start: int, start: int, end: int) -> bool:
    """Whether the mention is governed by a preposition or a verb ("from North Korea", "urged
    Pyongyang"); a possessor ("Pyongyang's tests") is not."""
    if text[end : end + 2] in ("'s", "\u2019s"):
        return False
    before = text[sent_start:start]
    before = re.sub(r"(?:\bthe|\bThe)\s*$", "", before)
    m = _PREV_WORDS_RE.search(before)
    if not m:
        return False
    w = m.group(1)
    if w.lower() in OBJECT_AFTER:
        return True
    if w[:1].islower() and w not in NOT_OBJECT_BEFORE and not before.rstrip().endswith((",", ";", ":")):
        return True
    return False


def _bare_agent_is_actor(text: str, start: int, end: int) -> bool:
    """A sector word alone is an actor when a determiner precedes it ("the military said") or what
    follows is not a noun it modifies ("military frictions", "government bonds" are not actors)."""
    if text[end : end + 1] in ("-", "\u2010", "\u2011") and text[end + 1 : end + 2].isalpha():
        return False  # a compound modifier: "military-technical cooperation", "government-backed"
    if DETERMINER_RE.search(text[max(0, start - 20) : start]):
        return True
    m = _NEXT_WORD_RE.match(text, end, end + 30)
    if not m:
        return True
    w = m.group(1)
    if not w[:1].islower():
        return True
    if w in VERBISH or w.endswith("ed"):
        return True
    # a plural is seldom a modifier: "guerrillas near Kirkuk", "gunmen kill", "rebels loyal to ..."
    return _plural_noun(text[start:end].split()[-1].lower())


# "foreign/overseas/international banks": not of the nearest country
_FOREIGN_RE = re.compile(r"\b(?:foreign|overseas|international|outside)\s+(?:[a-z-]+\s+)?$", re.IGNORECASE)

_NOT_PLURAL = frozenset({"affairs", "arms", "news", "press", "times", "americas", "congress", "headquarters"})


def _plural_noun(word: str) -> bool:
    """A sector word in the plural: guerrillas, gunmen, protesters (not press, affairs, Congress)."""
    if word in _NOT_PLURAL:
        return False
    return word.endswith("men") or (word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _day(published: str | None) -> _dt.date | None:
    if not published:
        return None
    try:
        return _dt.date.fromisoformat(published[:10])
    except ValueError:
        m = re.match(r"^(\d{4})-(\d{2})$", published.strip())
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), 15)
        m = re.match(r"^(\d{4})$", published.strip())
        if m:
            return _dt.date(int(m.group(1)), 7, 1)
        return None


def split_code(code: str) -> tuple[str | None, str | None]:
    """``KORGOV`` -> (KOR, GOV); ``IGOUNO`` -> (IGOUNO, None); ``---GOV`` -> (None, GOV)."""
    if code.startswith("---"):
        return None, code[3:] or None
    if code.startswith(("IGO", "NGO", "IMG", "MNC")):
        return code, None
    return code[:3], code[3:] or None


def _ref(code: str, name: str | None, text: str, start: int, end: int, how: str,
         members: list[ActorRef] | None = None) -> ActorRef:
    if "/" in code and not members:
        parts = [p for p in code.split("/") if p]
        members = [ActorRef(p, *split_code(p), None, text, start, end, "member of " + code) for p in parts]
    if members:
        return ActorRef(code, None, None, name, text, start, end, how, members)
    country, sector = split_code(code)
    return ActorRef(code, country, sector, name, text, start, end, how)


def _combine(base: str, agent: Entry) -> str:
    """Country code + agent sector (suffix, KOR+GOV) or sector + country (prefix, NGO+KOR)."""
    sector = agent.code or ""
    country = base[:3]
    if agent.position == "prefix":
        return sector + country
    if base.startswith(("IGO", "NGO")):
        return base
    return country + sector


@dataclass
class _Resolved:
    ref: ActorRef
    personal: Entry | None = None  # the person this actor is (for pronouns, titles, surnames)
    role_label: str = ""
    is_org: bool = False
    countryish: str | None = None  # a country code this actor carries (for bare agents)
    org_name: str | None = None
    institution: bool = False  # a named or described institution ("South Korea's military"), not a person or place
    guessed: bool = False  # a bare sector word given the nearest country: no evidence of the home country


def _base_code(m: Mention, day: _dt.date | None) -> tuple[str | None, str]:
    e = m.entry
    if m.kind == "seat":
        return (e.code or "") + "GOV", f"dictionary: {m.text!r} is the seat of government of {e.name}"
    if m.kind in ("country", "demonym"):
        code, _, why = e.code_on(day)
        return code, f"dictionary: {m.kind} of {e.name}"
    code, role, why = e.code_on(day)
    return code, f"dictionary: {e.kind} {e.name}, {why}"


def _group_mentions(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    def rank(m: Mention) -> int:
        if m.kind in MODIFIER:
            return 0
        if m.kind == "agent":
            return 1
        if m.kind in PERSONAL:
            return 2
        return -1

    groups: list[list[Mention]] = []
    for m in mentions:
        if groups and rank(m) >= 0:
            g = groups[-1]
            p = g[-1]
            rp, rm = rank(p), rank(m)
            gap = text[p.end : m.start]
            ok = False
            if rp >= 0 and rank(g[0]) >= 0:
                plain = bool(_PLAIN_GAP_RE.fullmatch(gap)) or bool(_POSSESSIVE_GAP_RE.fullmatch(gap))
                if plain and (rm > rp or (rm == 1 and rp == 1)):
                    ok = True
                elif rm == 0 and rp == 1 and m.kind == "actor" and _SPACE_GAP_RE.fullmatch(gap):
                    # a named actor after a title: "Bree Prime Minister Romendacil", "minister Calimehtar"
                    ok = True
                elif (
                    rm == 0
                    and rp == 1
                    and not any(x.kind in MODIFIER for x in g)
                    and _OF_GAP_RE.fullmatch(gap)
                ):
                    ok = True
                elif (
                    rm == 0
                    and rp == 0
                    and len(g) == 1
                    and p.kind in ("country", "demonym", "seat")
                    and m.kind == "actor"
                    and plain
                    and p.entry.code
                    and m.entry.countries() == {p.entry.code[:3]}
                ):
                    # a country's own institution: "South Korea's unification ministry" is the ministry
                    ok = True
            if ok:
                g.append(m)
                continue
        groups.append([m])
    return groups


def find_actors(article: Article, sentences: list[Sentence], dicts: ActorDictionaries) -> list[ActorRef]:
    """Every resolved actor mention in ``article.text``, sorted by start (see module docs)."""
    text = article.text
    day = _day(article.published)
    mentions = find_mentions(text, dicts)
    if not mentions:
        return []

    # --- which countries the story is about (for context-bound names such as "the North") ---
    story_countries: set[str] = set()
    for m in mentions:
        if m.kind in ("country", "demonym", "seat", "person", "org", "actor") and not m.entry.context:
            story_countries |= m.entry.countries()
    mentions = [m for m in mentions if not m.entry.context or story_countries & set(m.entry.context)]

    # --- surnames after a full name ("Lee" -> Lee Jae Myung) ---
    mentions = _add_surnames(text, mentions)

    sent_starts = [s.start for s in sentences] if sentences else [0]

    def sent_of(pos: int) -> int:
        return max(0, bisect.bisect_right(sent_starts, pos) - 1)

    out: list[ActorRef] = []
    history: list[_Resolved] = []
    dateline_home = _dateline_country(article.dateline, dicts)

    def home_of(pos: int, sector: str | None) -> tuple[str, str] | None:
        """The story's home country for a bare domestic institution at ``pos``, and why."""
        here = sent_of(pos)
        for h in reversed(history):  # "the military" after "South Korea's Joint Chiefs of Staff": that one
            if here - sent_of(h.ref.start) > 1:
                break
            if h.countryish is not None and h.institution and not h.guessed and sector and h.ref.sector == sector:
                return h.countryish, f"the same institution just before, {h.ref.text!r} ({h.ref.code})"
        if dateline_home is not None:
            return dateline_home[0], f"the dateline's country ({article.dateline!r})"
        in_reach = [h for h in reversed(history)
                    if h.countryish is not None and not h.guessed and here - sent_of(h.ref.start) < COREF_SENTENCES]
        for h in in_reach:  # the latest subject or speaker: of this sentence before it, else of the ones before
            if (_is_subject(text, sent_starts[sent_of(h.ref.start)], h.ref.start)
                    or _SPEAKS_RE.match(text, h.ref.end, h.ref.end + 30)):
                return h.countryish or "", f"the subject of the preceding text, {h.ref.text!r} ({h.countryish})"
        for h in in_reach:  # else the nearest country that no preposition or verb governs
            if not _is_object(text, sent_starts[sent_of(h.ref.start)], h.ref.start, h.ref.end):
                return h.countryish or "", f"the nearest country not an object, {h.ref.text!r} ({h.countryish})"
        for h in reversed(history):  # else the latest subject or speaker of the story so far
            if h.countryish is not None and not h.guessed and (
                _is_subject(text, sent_starts[sent_of(h.ref.start)], h.ref.start)
                or _SPEAKS_RE.match(text, h.ref.end, h.ref.end + 30)
            ):
                return h.countryish, f"the story's last subject, {h.ref.text!r} ({h.countryish})"
        return None

    for g in _group_mentions(text, mentions):
        first = g[0]
        if first.kind == "ignore":
            continue
        start, end = first.start, g[-1].end
        if first.kind in MODIFIER and len(g) == 1 and first.kind in LOCATIVE_KINDS:
            if LOCATIVE_RE.search(text[max(0, start - 30) : start]) and not _possessor(text, first):
                continue
        res = _resolve_group(text, g, day, history, sent_of, start, end, home_of)
        if res is None:
            continue
        res.ref.kind, res.ref.plural = _kind_of_group(g, res)
        if res.ref.code in NULL_CODES or res.ref.code.startswith(("###", "+++")) or res.ref.code == "---":
            continue
        out.append(res.ref)
        history.append(res)
    out.sort(key=lambda r: (r.start, -r.end))
    return out


def _kind_of_group(g: list[Mention], res: "_Resolved") -> tuple[str, bool]:
    """What a resolved group is (ActorRef.kind) and whether it is written in the plural."""
    first = g[0]
    agents = [m for m in g if m.kind == "agent"]
    plural = any(m.form in ("plural", "demonym-plural") for m in g[-1:])
    if first.kind == "compound":
        return "group", True
    if res.personal is not None or any(m.kind in PERSONAL for m in g):
        return "person", False
    if first.kind == "reference":
        ref = first.entry.refers or ""
        return ("person" if ref.startswith("person") and ref == "person" else "institution" if ref == "person-office" else
                "org" if ref == "organisation" else "state"), plural
    if res.is_org and not agents:
        return "org", plural
    if any(m.kind in MODIFIER for m in g):
        if agents:
            return ("title" if any(m.entry.title for m in agents) else "institution"), plural
        return ("org" if res.is_org else "state" if any(m.kind in ("country", "demonym", "seat") for m in g) else "actor"), plural
    if agents:
        return ("title" if any(m.entry.title for m in agents) else "agent"), plural
    return "actor", plural


def _possessor(text: str, m: Mention) -> bool:
    """``m`` is followed by "'s" and what it possesses is not a place ("Pyongyang's tests")."""
    if not m.possessive:
        return False
    nxt = _POSSESSED_RE.match(text, m.end, m.end + 50)
    if not nxt:
        return False
    head = nxt.group(1).split()[-1]  # the head noun of what it owns ("Kabul's diplomatic district")
    return head not in PLACE_NOUNS


def _add_surnames(text: str, mentions: list[Mention]) -> list[Mention]:
    firsts: dict[str, list[tuple[int, Entry]]] = {}
    for m in mentions:
        if m.kind == "person" and m.entry.surname:
            firsts.setdefault(m.entry.surname, []).append((m.end, m.entry))
    if not firsts:
        return mentions
    starts = [m.start for m in mentions]
    ends = [m.end for m in mentions]
    extra: list[Mention] = []
    for surname, holders in firsts.items():
        pat = re.compile(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])(?!\s+[A-Z][a-z])")
        for mm in pat.finditer(text, holders[0][0]):
            s, e = mm.start(), mm.end()
            i = bisect.bisect_right(starts, s) - 1
            if i >= 0 and ends[i] > s:
                continue
            if i + 1 < len(starts) and starts[i + 1] < e:
                continue
            before = [h for h in holders if h[0] <= s]
            if not before:
                continue
            person = before[-1][1]
            nxt = text[e : e + 2]
            extra.append(Mention(text[s:e], s, e, "surname", person, "surname",
                                 nxt in ("'s", "\u2019s")))
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.start)


def _nearest(history: list[_Resolved], pred: Callable[[_Resolved], bool]) -> _Resolved | None:
    for h in reversed(history):
        if pred(h):
            return h
    return None


def _resolve_group(text: str, g: list[Mention], day: _dt.date | None, history: list[_Resolved],
                   sent_of: Callable[[int], int], start: int, end: int, home_of: Any = None) -> _Resolved | None:
    person_m = next((m for m in g if m.kind in PERSONAL), None)
    modifier = next((m for m in g if m.kind in MODIFIER), None)
    agents = [m for m in g if m.kind == "agent"]
    if agents and g[-1].kind == "actor" and g[-1].start > agents[-1].start:
        modifier = g[-1]  # the named actor the title belongs to is the head: its code takes the agent
    elif not agents and len(g) > 1 and g[-1].kind == "actor" and person_m is None:
        modifier = g[-1]  # a country's own institution ("Seoul's unification ministry"): the institution
    first = g[0]
    code: str | None
    name: str | None

    if first.kind == "compound":
        e = first.entry
        members = [_ref(c, None, first.text, first.start, first.end, f"member of {e.name}") for c in e.members]
        code = "/".join(e.members)
        ref = _ref(code, e.name, first.text, first.start, first.end,
                   f"dictionary: compound {e.name} = {' + '.join(e.members)}", members)
        return _Resolved(ref)

    if first.kind == "reference":
        return _resolve_reference(first, history)

    # a group headed by an agent word ("the president", "The UN leader") takes a leading "the"
    if agents and (g[0].kind == "agent" or (modifier is not None and modifier.kind == "org")):
        mt = THE_RE.search(text[max(0, start - 6) : start])
        if mt:
            start = start - (len(text[max(0, start - 6) : start]) - mt.start(1))
    span = text[start:end]

    if person_m is not None:
        p = person_m.entry
        code, role, why = p.code_on(day)
        via = "surname of " + p.name if person_m.kind == "surname" else "person " + p.name
        if code is None:
            if modifier is not None:
                base, bwhy = _base_code(modifier, day)
                code = _combine(base, agents[-1].entry) if (agents and base) else base
                why += "; coded from " + modifier.text
            else:
                dated = [(r.start, r) for r in p.roles if r.start and day and r.start <= day]
                last = max(dated, key=lambda sr: sr[0])[1] if dated else (p.roles[0] if p.roles else None)
                code = last.code[:3] if last else None
                why += "; country of the latest earlier role"
        if code is None:
            return None
        how = f"{'coreference' if person_m.kind == 'surname' else 'dictionary'}: {via}, {why}"
        ref = _ref(code, p.name, span, start, end, how)
        return _Resolved(ref, personal=p, role_label=(role.label if role else ""),
                         is_org=code.startswith("IGO"), countryish=ref.country)

    if modifier is not None:
        base, why = _base_code(modifier, day)
        if base is None:
            return None
        code = base
        name = modifier.entry.name
        if agents:
            a = agents[-1].entry
            if modifier.kind == "seat":
                base = base[:3]
            if modifier.kind == "actor" and len(base) > 3 and not base.startswith("IGO"):
                code = base
            else:
                code = _combine(base, a)
            why += f" + agent {agents[-1].text!r} ({a.code})"
        is_org = modifier.kind == "org" or code.startswith(("IGO", "NGO"))
        personal = None
        label = ""
        if any(m.entry.title for m in agents):
            h = _nearest(history, lambda h: h.personal is not None and h.ref.code == code)
            if h is not None:
                personal, label, name = h.personal, h.role_label, h.ref.name
                why += f"; the title refers back to {h.ref.name}"
        ref = _ref(code, name, span, start, end, why)
        return _Resolved(ref, personal=personal, role_label=label, is_org=is_org,
                         countryish=None if is_org else ref.country,
                         org_name=modifier.entry.name if is_org else None,
                         institution=personal is None and (any(m.entry.home for m in agents) or modifier.kind == "actor"))

    if agents:
        a = agents[-1].entry
        here = sent_of(start)
        if not _bare_agent_is_actor(text, g[0].start, g[-1].end):
            return None
        if any(m.entry.title for m in agents):
            words = " ".join(m.text.lower() for m in agents)
            h = _nearest(
                history,
                lambda h: h.personal is not None
                and (words in h.role_label.lower() or agents[-1].entry.name.lower() in h.role_label.lower()),
            )
            if h is not None:
                ref = _ref(h.ref.code, h.ref.name, span, start, end,
                           f"coreference: title {span!r} refers back to {h.ref.name} ({h.ref.text!r})")
                return _Resolved(ref, personal=h.personal, role_label=h.role_label, is_org=h.is_org,
                                 countryish=h.countryish)
            if a.default:
                ref = _ref(a.default, None, span, start, end, f"dictionary: title {a.name!r} alone means {a.default}")
                return _Resolved(ref, is_org=a.default.startswith("IGO"), countryish=None)
        elif a.default:
            # an institution that alone means one country's ("Congress" is the US Congress)
            ref = _ref(a.default, None, span, start, end, f"dictionary: {a.name!r} alone means {a.default}")
            return _Resolved(ref, countryish=a.default[:3], institution=True)
        if (a.home and agents[-1].form != "plural" and home_of is not None
                and not _OWNER_RE.search(text[max(0, g[0].start - 8) : g[0].start])):
            # a domestic institution alone ("the defence ministry", "police") is the home country's;
            # "its military" belongs to whatever "its" stands for (the nearest country, as before)
            got = home_of(start, a.code)
            if got is not None:
                code = _combine(got[0], a)
                ref = _ref(code, None, span, start, end,
                           f"coreference: institution {span!r} ({a.code}) of the story's home country: {got[1]}")
                return _Resolved(ref, countryish=got[0], institution=True)
            code = "---" + (a.code or "") if a.position == "suffix" else (a.code or "") + "---"
            ref = _ref(code, None, span, start, end,
                       f"dictionary: institution {a.name!r} ({a.code}); no home country in reach")
            return _Resolved(ref)
        h = _nearest(history, lambda h: h.countryish is not None and here - sent_of(h.ref.start) < COREF_SENTENCES)
        if h is not None and h.countryish and not _FOREIGN_RE.search(text, max(0, g[0].start - 30), g[0].start):
            # ("foreign banks" are of no country named near them: the word says they are not)
            code = _combine(h.countryish, a)
            ref = _ref(code, None, span, start, end,
                       f"coreference: agent {span!r} ({a.code}) of the nearest country, {h.ref.text!r} ({h.countryish})")
            ref.borrowed = True
            return _Resolved(ref, countryish=h.countryish, guessed=True)
        code = "---" + (a.code or "") if a.position == "suffix" else (a.code or "") + "---"
        ref = _ref(code, None, span, start, end, f"dictionary: agent {a.name!r} ({a.code}); no country in reach")
        return _Resolved(ref)
    return None


def _resolve_reference(m: Mention, history: list[_Resolved]) -> _Resolved | None:
    e = m.entry
    if e.refers in ("person", "person-office"):
        h = _nearest(history, lambda h: h.personal is not None)
        if h is None:
            return None
        code = h.ref.code
        if e.refers == "person-office":
            country, _ = split_code(code)
            if country and len(country) == 3 and not code.startswith("---"):
                code = country + "GOV" if h.ref.sector in (None, "GOV", "ELI") else code
            name = h.ref.name
            how = f"coreference: {m.text!r} = the office of {h.ref.name} ({h.ref.text!r})"
        else:
            name = h.ref.name
            how = f"coreference: pronoun {m.text!r} -> {h.ref.name} ({h.ref.text!r})"
        ref = _ref(code, name, m.text, m.start, m.end, how)
        return _Resolved(ref, personal=h.personal, role_label=h.role_label, is_org=h.is_org, countryish=h.countryish)
    if e.refers == "organisation":
        h = _nearest(history, lambda h: h.is_org)
        if h is None:
            return None
        ref = _ref(h.ref.code, h.org_name or h.ref.name, m.text, m.start, m.end,
                   f"coreference: {m.text!r} -> the last organisation, {h.ref.text!r}")
        return _Resolved(ref, is_org=True, org_name=h.org_name)
    if e.refers == "country":
        h = _nearest(history, lambda h: h.countryish is not None)
        if h is None or h.countryish is None:
            return None
        ref = _ref(h.countryish, None, m.text, m.start, m.end,
                   f"coreference: {m.text!r} -> the last country, {h.ref.text!r}")
        return _Resolved(ref, countryish=h.countryish)
    return None


# --- actors show ---------------------------------------------------------------------------------


@dataclass
class Resolution:
    """What a name codes to on a date, and why."""

    name: str
    date: str | None
    code: str | None
    explanation: str
    actors: list[ActorRef] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "date": self.date,
            "code": self.code,
            "explanation": self.explanation,
            "actors": [a.to_dict() for a in self.actors],
            "entries": self.entries,
        }


def _entry_info(e: Entry, day: _dt.date | None) -> dict[str, Any]:
    code, role, why = e.code_on(day)
    return {
        "name": e.name,
        "kind": e.kind,
        "origin": e.origin,
        "source": e.source,
        "code_on_date": code,
        "why": why,
        "default_code": e.code,
        "names": list(e.names),
        "roles": [
            {
                "code": r.code,
                "from": r.start.isoformat() if r.start else None,
                "to": r.end.isoformat() if r.end else None,
                "label": r.label,
                "origin": r.origin,
                "in_force": (r.covers(day) if (day and r.dated) else None),
            }
            for r in e.roles
        ],
    }


def resolve_name(name: str, date: str | None, dicts: ActorDictionaries) -> Resolution:
    """What ``name`` codes to on ``date`` (ISO, or None) and why, with every role of the entries."""
    day = _day(date)
    art = Article(article_id="show", origin="actors show", kind="text", raw_text=name, text=name,
                  published=date)
    refs = find_actors(art, [Sentence(0, 0, len(name), name)], dicts)
    mentions = find_mentions(name, dicts)
    entries: list[Entry] = []
    for m in mentions:
        if m.entry not in entries:
            entries.append(m.entry)
    for e in dicts.lookup(name):
        if e not in entries:
            entries.append(e)
    if not entries:
        return Resolution(name, date, None, "no dictionary entry knows this name", [], [])
    best = max(refs, key=lambda r: r.end - r.start) if refs else None
    code: str | None
    if best is not None:
        code, expl = best.code, best.resolution
    else:
        code, _, expl = entries[0].code_on(day)
        expl = f"{entries[0].kind} {entries[0].name}: {expl}"
        if entries[0].kind == "agent":
            code = entries[0].code
            expl = f"agent word ({entries[0].position} sector {entries[0].code}); needs a country"
    return Resolution(name, date, code, expl, refs, [_entry_info(e, day) for e in entries])
