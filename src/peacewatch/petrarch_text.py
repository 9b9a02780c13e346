"""Comment handling shared by the PETRARCH/TABARI dictionary importers (actors, agents, verbs,
discards): ``<!-- -->`` blocks that may span lines (the real files also write ``<! -- ... -->``),
and ``#`` / ``;`` line comments, which do not start inside a code block such as ``[### <890101]``."""

from __future__ import annotations

from typing import Iterator


def without_block_comments(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(lineno, line)`` for every line of ``text`` with ``<! ... -->`` comments removed."""
    in_block = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_block:
            end = line.find("-->")
            if end < 0:
                continue
            line = line[end + 3 :]
            in_block = False
        while True:
            start = line.find("<!")
            if start < 0:
                break
            end = line.find("-->", start)
            if end < 0:
                line = line[:start]
                in_block = True
                break
            line = line[:start] + line[end + 3 :]
        yield lineno, line


def cut_line_comment(line: str) -> str:
    """``line`` without its ``#`` or ``;`` comment (none inside ``[...]``), right-stripped."""
    depth = 0
    for i, c in enumerate(line):
        if c == "[":
            depth += 1
        elif c == "]":
            depth = max(0, depth - 1)
        elif c in "#;" and depth == 0:
            return line[:i].rstrip()
    return line.rstrip()
