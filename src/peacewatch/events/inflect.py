"""Verb and noun inflections generated from a lemma: regular rules plus an irregular-verb table.

``verb_forms("meet")`` -> ``{"meet", "meets", "met", "meeting"}``; ``verb_forms("fire")`` ->
``{"fire", "fires", "fired", "firing"}``. Generating a form that English never uses ("visitted")
is harmless (it never matches), so for two-syllable verbs ending consonant-vowel-consonant both the
doubled and the plain forms are produced.
"""

from __future__ import annotations

from functools import lru_cache

# lemma -> (past, past participle); a form may hold alternatives separated by "/"
IRREGULAR: dict[str, tuple[str, str]] = {
    "arise": ("arose", "arisen"), "be": ("was/were", "been"), "bear": ("bore", "borne/born"),
    "beat": ("beat", "beaten"), "become": ("became", "become"), "begin": ("began", "begun"),
    "bid": ("bid", "bid"), "bind": ("bound", "bound"), "bite": ("bit", "bitten"),
    "blow": ("blew", "blown"), "break": ("broke", "broken"), "bring": ("brought", "brought"),
    "broadcast": ("broadcast", "broadcast"), "build": ("built", "built"), "burn": ("burned/burnt", "burned/burnt"),
    "buy": ("bought", "bought"), "cast": ("cast", "cast"), "catch": ("caught", "caught"),
    "choose": ("chose", "chosen"), "come": ("came", "come"), "cut": ("cut", "cut"),
    "deal": ("dealt", "dealt"), "dig": ("dug", "dug"), "do": ("did", "done"),
    "draw": ("drew", "drawn"), "drive": ("drove", "driven"), "eat": ("ate", "eaten"),
    "fall": ("fell", "fallen"), "feed": ("fed", "fed"), "feel": ("felt", "felt"),
    "fight": ("fought", "fought"), "find": ("found", "found"), "flee": ("fled", "fled"),
    "fly": ("flew", "flown"), "forbid": ("forbade", "forbidden"), "forecast": ("forecast", "forecast"),
    "foresee": ("foresaw", "foreseen"), "forgive": ("forgave", "forgiven"), "freeze": ("froze", "frozen"),
    "get": ("got", "got/gotten"), "give": ("gave", "given"), "go": ("went", "gone"),
    "grind": ("ground", "ground"), "hang": ("hung/hanged", "hung/hanged"), "have": ("had", "had"),
    "hear": ("heard", "heard"), "hide": ("hid", "hidden"), "hit": ("hit", "hit"),
    "hold": ("held", "held"), "hurt": ("hurt", "hurt"), "keep": ("kept", "kept"),
    "know": ("knew", "known"), "lay": ("laid", "laid"), "lead": ("led", "led"),
    "leave": ("left", "left"), "lend": ("lent", "lent"), "let": ("let", "let"),
    "lose": ("lost", "lost"), "make": ("made", "made"), "mean": ("meant", "meant"),
    "meet": ("met", "met"), "mislead": ("misled", "misled"), "offset": ("offset", "offset"),
    "oversee": ("oversaw", "overseen"), "overrun": ("overran", "overrun"), "overthrow": ("overthrew", "overthrown"),
    "pay": ("paid", "paid"), "put": ("put", "put"), "quit": ("quit", "quit"),
    "read": ("read", "read"), "rebuild": ("rebuilt", "rebuilt"), "redo": ("redid", "redone"),
    "ride": ("rode", "ridden"), "rise": ("rose", "risen"), "run": ("ran", "run"),
    "say": ("said", "said"), "see": ("saw", "seen"), "seek": ("sought", "sought"),
    "sell": ("sold", "sold"), "send": ("sent", "sent"), "set": ("set", "set"),
    "shake": ("shook", "shaken"), "shoot": ("shot", "shot"), "shut": ("shut", "shut"),
    "sink": ("sank", "sunk"), "sit": ("sat", "sat"), "slay": ("slew", "slain"),
    "speak": ("spoke", "spoken"), "spend": ("spent", "spent"), "spread": ("spread", "spread"),
    "stand": ("stood", "stood"), "steal": ("stole", "stolen"), "stick": ("stuck", "stuck"),
    "strike": ("struck", "struck/stricken"), "swear": ("swore", "sworn"), "take": ("took", "taken"),
    "teach": ("taught", "taught"), "tear": ("tore", "torn"), "tell": ("told", "told"),
    "think": ("thought", "thought"), "throw": ("threw", "thrown"), "undergo": ("underwent", "undergone"),
    "understand": ("understood", "understood"), "undertake": ("undertook", "undertaken"),
    "uphold": ("upheld", "upheld"), "upset": ("upset", "upset"), "wage": ("waged", "waged"),
    "wake": ("woke", "woken"), "win": ("won", "won"), "withdraw": ("withdrew", "withdrawn"),
    "withhold": ("withheld", "withheld"), "write": ("wrote", "written"), "shed": ("shed", "shed"),
    "forgo": ("forwent", "forgone"), "outlaw": ("outlawed", "outlawed"), "test-fire": ("test-fired", "test-fired"),
}

# verbs of more than one syllable that double their last consonant (admit -> admitted)
DOUBLING = {
    "admit", "commit", "submit", "permit", "omit", "emit", "transmit", "regret", "refer", "prefer",
    "confer", "transfer", "deter", "occur", "control", "patrol", "compel", "expel", "repel", "propel",
    "rebel", "equip", "acquit", "abet", "embed", "outstrip", "kidnap", "worship", "handicap",
    "dispel", "remit", "recommit", "infer", "incur", "recur", "allot",
}

_VOWELS = set("aeiou")


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        return lemma + "es"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _cvc(lemma: str) -> bool:
    """Ends consonant-vowel-consonant (not w, x, y): candidates for doubling."""
    if len(lemma) < 3:
        return False
    a, b, c = lemma[-3], lemma[-2], lemma[-1]
    return a not in _VOWELS and b in _VOWELS and c not in _VOWELS and c not in "wxy"


def _syllables(lemma: str) -> int:
    groups, prev = 0, False
    for ch in lemma:
        v = ch in _VOWELS or ch == "y"
        if v and not prev:
            groups += 1
        prev = v
    return groups


def _stems_for_suffix(lemma: str) -> list[str]:
    """The stems to which -ed / -ing attach (one, or two when doubling is uncertain)."""
    if lemma in DOUBLING or (_cvc(lemma) and _syllables(lemma) == 1):
        return [lemma + lemma[-1]]
    if _cvc(lemma) and lemma[-1] in "lp" and _syllables(lemma) > 1:
        return [lemma, lemma + lemma[-1]]  # British travelled / American traveled
    return [lemma]


def _past(lemma: str) -> set[str]:
    if lemma.endswith("e"):
        return {lemma + "d"}
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return {lemma[:-1] + "ied"}
    if lemma.endswith("c"):
        return {lemma + "ked"}
    return {s + "ed" for s in _stems_for_suffix(lemma)}


def _gerund(lemma: str) -> set[str]:
    if lemma.endswith("ie"):
        return {lemma[:-2] + "ying"}
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return {lemma[:-1] + "ing"}
    if lemma.endswith("c"):
        return {lemma + "king"}
    return {s + "ing" for s in _stems_for_suffix(lemma)}


@lru_cache(maxsize=4096)
def verb_forms(lemma: str) -> frozenset[str]:
    """Every inflected form of a (lower-case, one-word) verb lemma."""
    lemma = lemma.lower()
    forms = {lemma, _third_person(lemma)}
    forms |= _gerund(lemma)
    if lemma in IRREGULAR:
        past, part = IRREGULAR[lemma]
        forms |= set(past.split("/")) | set(part.split("/"))
    else:
        forms |= _past(lemma)
    return frozenset(forms)


@lru_cache(maxsize=4096)
def noun_forms(lemma: str) -> frozenset[str]:
    """Singular and plural of a noun lemma."""
    lemma = lemma.lower()
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        plural = lemma + "es"
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        plural = lemma[:-1] + "ies"
    else:
        plural = lemma + "s"
    return frozenset({lemma, plural})


def regular_verb_forms(lemma: str) -> frozenset[str]:
    """The forms PETRARCH 2 generates for a verb it has no explicit forms for."""
    return verb_forms(lemma)
