"""PETRARCH/TABARI validation records: a tolerant hand-written scanner (the files are not
well-formed XML: comments holding ``--``, unclosed ``<EventCoding>`` and ``<Skip>`` tags, records
whose text and parse tree stand bare without <Text>/<Parse>, records cut by the next <Sentence>)."""

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
_ENV_FILES = ("Verbfile", "Actorfile", "Agentfile", "Discardfile")
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
        if value:
            env[name] = os.path.normpath(os.path.join(base, value)) if base else value
    return env


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
        doc = _record(attrs, region, where, env)
        yield doc


def _bare(region: str) -> str:
    """A record without <Text>/<Parse>: drop CoreNLP dump lines, then the tags."""
    kept = "\n".join(ln for ln in region.split("\n") if not _NOISE_LINE.search(ln))
    return re.sub(r"<[^>]*>", "\n", kept)


def _record(attrs: dict[str, str], region: str, where: str, env: dict[str, str]) -> RawDocument | InputFailure:
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
            gold.append({"source": a.get("sourcecode", ""), "target": a.get("targetcode", ""), "cameo": a.get("eventcode", "")})

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
    if parse is not None and parse.strip():
        meta["parse"] = parse.strip()
    if env:
        meta["environment"] = dict(env)
    return RawDocument(origin=where, kind="petrarch", raw_text=text, meta=meta)
