"""PETRARCH/TABARI validation records: a tolerant hand-written scanner (the files are not
well-formed XML: comments holding ``--``, unclosed ``<EventCoding>`` and ``<Skip>`` tags, records
whose text and parse tree stand bare without <Text>/<Parse>, records cut by the next <Sentence>).

UniversalPetrarch's validation records (``PETR_Validate_records_2_02.xml``) are the same scanner's
second dialect, recognised by ``evaluate="..."`` on ``<Sentence>`` or a ``<PICOfile>`` in the
environment (the earlier UniversalPetrarch unit-test files write ``sentence="true|false"`` instead): ``<Validation>`` holds ``<Environment>`` (``Verbfile``, ``Actorfile`` and ``Agentfile``
— comma-separated lists allowed —, ``Discardfile``, ``PICOfile``, ``Errorfile``, ``Include`` /
``Exclude`` categories) and ``<Sentences>`` of ``<Sentence category date id evaluate>`` records with
self-closing ``<EventCoding eventcode sourcecode targetcode/>`` (or ``noevents="True"``), ``<PLEvent
{json}>`` lines (PLOVER equivalents, not XML; ignored), ``<Text>`` and a CoNLL-U ``<Parse>``. A
record with ``evaluate="false"`` (or ``sentence="false"``), or whose category the ``<Include>`` list leaves out, is skipped
(``meta["skip"]``, with the reason); ``<Stop>`` ends the file. Actor codes follow UniversalPetrarch's
validation: ``~`` reads as ``---`` (an agent with no actor), and an empty or ``---`` code means no
identified actor.)"""

from __future__ import annotations

import os
import re
from typing import Any, Iterator

from ..errors import EmptyInput, MalformedInput
from ..model import InputFailure, RawDocument

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SENTENCE = re.compile(r"<Sentence\s([^>]*)>", re.I)
_END = re.compile(r"</Sentence\s*>|</Sentences\s*>", re.I)
_ATTR_RE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(s: str) -> list[tuple[str, str]]:
    return [(k, dq if dq or not sq else sq) for k, dq, sq in _ATTR_RE.findall(s)]
_CODING = re.compile(r"<EventCoding\b([^>]*)>", re.I)
_ENV = re.compile(r"<Environment\s*>(.*?)(?:</Environment\s*>|\Z)", re.I | re.S)
_ENV_FILES = ("Verbfile", "Actorfile", "Agentfile", "Discardfile", "PICOfile", "Issuefile")
_STOP = re.compile(r"<Stop\b", re.I)
_UP_HINT = re.compile(r"<Sentence\s[^>]*\bevaluate\s*=|<PICOfile\b", re.I)
_NOISE_LINE = re.compile(r"CharacterOffsetBegin=|^\s*\[Text=")


def _blank_comments(text: str) -> str:
    """Remove comments, keeping their newlines so line numbers stay those of the file."""
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def _environment(text: str, path: str | None) -> dict[str, str]:
    env: dict[str, str] = {}
    m = _ENV.search(text)
    if not m:
        return env
    block = m.group(1)
    base = os.path.dirname(os.path.abspath(path)) if path else None
    for name in _ENV_FILES:
        t = re.search(rf"<{name}\b([^>]*)>([^<]*)", block, re.I)
        if not t:
            continue
        attrs = dict(_attrs(t.group(1)))
        value = (attrs.get("name") or t.group(2)).strip()
        # UniversalPetrarch allows a comma-separated list (Actorfile, Agentfile): the first file under
        # the tag's name, the others under name2, name3, ...
        for k, one in enumerate(v.strip() for v in value.split(",") if v.strip()):
            key = name if k == 0 else f"{name}{k + 1}"
            env[key] = os.path.normpath(os.path.join(base, one)) if base else one
    return env


def _categories(text: str, tag: str) -> list[str] | None:
    m = _ENV.search(text)
    if not m:
        return None
    t = re.search(rf"<{tag}\b[^>]*>([^<]*)", m.group(1), re.I)
    return t.group(1).split() if t else None


def _iso(date: str) -> str | None:
    d = date.strip()
    if re.fullmatch(r"\d{8}", d):
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"
    return None


def _collapse(s: str) -> str:
    return " ".join(s.split())


def read_petrarch(origin: str, text: str, path: str | None) -> Iterator[RawDocument | InputFailure]:
    clean = _blank_comments(text)
    env = _environment(clean, path)
    up = bool(_UP_HINT.search(clean))
    dialect: dict[str, Any] = {}
    if up:
        stop = _STOP.search(clean)
        if stop:
            clean = clean[: stop.start()]
        include = [c for c in (_categories(clean, "Include") or []) if c.lower() != "valid"]
        exclude = _categories(clean, "Exclude") or []
        dialect = {"include": set(include), "exclude": set(exclude)}
    starts = list(_SENTENCE.finditer(clean))
    if not starts:
        raise EmptyInput("holds no <Sentence> records", hint="give a PETRARCH records file", source=origin)
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(clean)
        region = clean[m.end() : end]
        stop = _END.search(region)
        if stop:
            region = region[: stop.start()]
        line = clean.count("\n", 0, m.start()) + 1
        where = f"{origin}:{line}"
        attrs = dict(_attrs(m.group(1)))
        doc = _record(attrs, region, where, env, dialect if up else None)
        yield doc


def _bare(region: str) -> str:
    """A record without <Text>/<Parse>: drop CoreNLP dump lines, then the tags."""
    kept = "\n".join(ln for ln in region.split("\n") if not _NOISE_LINE.search(ln))
    return re.sub(r"<[^>]*>", "\n", kept)


def _up_actor(code: str) -> str:
    """UniversalPetrarch's validation reads '~' (an agent alone) as '---'; '---' or nothing is no actor."""
    c = code.strip().replace("~", "---")
    return "" if c in ("", "---") else c


def _record(attrs: dict[str, str], region: str, where: str, env: dict[str, str],
            up: dict[str, Any] | None = None) -> RawDocument | InputFailure:
    gold: list[dict[str, str]] = []
    noevents = False
    errors: list[str] = []
    for c in _CODING.finditer(region):
        a = {k.lower(): v for k, v in _attrs(c.group(1))}
        if a.get("noevents", "").strip().lower() == "true":
            noevents = True
            continue
        if "error" in a:
            errors.append(a["error"])
            continue
        if any(k in a for k in ("sourcecode", "targetcode", "eventcode")):
            src, tgt = a.get("sourcecode", ""), a.get("targetcode", "")
            if up is not None:
                src, tgt = _up_actor(src), _up_actor(tgt)
            gold.append({"source": src, "target": tgt, "cameo": a.get("eventcode", "").strip()})

    tm = re.search(r"<Text\s*>(.*?)(?:</Text\s*>|(?=<Parse)|\Z)", region, re.S | re.I)
    pm = re.search(r"<Parse\s*>(.*?)(?:</Parse\s*>|\Z)", region, re.S | re.I)
    if tm:
        raw = tm.group(1)
    else:
        # bare record: text lines, then the parse tree from the first line starting "(ROOT"
        body = _bare(region)
        root = re.search(r"^\s*\(\s*ROOT\b", body, re.M)
        raw = body[: root.start()] if root else body
    parse = pm.group(1) if pm else None
    if parse is None and not tm:
        body = _bare(region)
        root = re.search(r"^\s*\(\s*ROOT\b", body, re.M)
        parse = body[root.start() :] if root else None
    text = _collapse(raw)
    rid = attrs.get("id", "")
    if not text:
        err = MalformedInput(
            f"record {rid or '(no id)'} has no sentence text",
            hint="give the sentence inside <Text>...</Text>",
            source=where,
        )
        return InputFailure(where, str(err))
    meta: dict[str, Any] = {"id": rid} if rid else {}
    published = _iso(attrs.get("date", ""))
    if published:
        meta["published"] = published
    elif attrs.get("date"):
        meta["date_raw"] = attrs["date"]
    meta["category"] = attrs.get("category", "")
    meta["valid"] = attrs.get("valid", "").strip().lower() == "true"
    for k, v in attrs.items():
        if k not in ("id", "date", "category", "valid"):
            meta[k] = v
    meta["gold"] = gold
    if noevents:
        meta["noevents"] = True
    if errors:
        meta["expected_error"] = errors[0] if len(errors) == 1 else errors
    if re.search(r"<Skip\b", region, re.I):
        meta["skip"] = True
    if up is not None:
        meta["dialect"] = "universal-petrarch"
        # the 2_02 suite writes evaluate="..."; the earlier UniversalPetrarch unit-test files sentence="..."
        flag = next((k for k in ("evaluate", "sentence", "valid") if k in attrs), None)
        evaluate = attrs[flag].strip().lower() if flag else "true"
        meta["valid"] = evaluate == "true"
        category = attrs.get("category", "")
        if evaluate != "true" and flag is not None:
            meta["skip"], meta["skip_reason"] = True, f'{flag}="{attrs[flag].strip()}"'
        elif (up["include"] and category not in up["include"]) or category in up["exclude"]:
            meta["skip"], meta["skip_reason"] = True, f"category {category or '(none)'} not included"
        elif not gold and not noevents:
            meta["skip"], meta["skip_reason"] = True, "no expected coding"
    if parse is not None and parse.strip():
        meta["parse"] = parse.strip()
    if env:
        meta["environment"] = dict(env)
    return RawDocument(origin=where, kind="petrarch", raw_text=text, meta=meta)
