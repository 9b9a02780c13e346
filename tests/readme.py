"""Run the README's examples and compare what they print with what the README shows.

    .venv/bin/python tests/readme.py            # check, print the differences
    .venv/bin/python tests/readme.py --update   # rewrite the README's outputs from a fresh run

An example is a line ``$ COMMAND`` in an indented code block of README.md; the lines after it, up to
the next ``$`` line or the end of the block, are what it prints (stdout, then stderr). In an expected
line ``…`` stands for any text (so long JSON lines and timings can be cut); a line that is only
``…`` stands for any number of lines. ``peacewatch serve`` (it does not return) is not run.

The commands run with bash, one after the other, in a fresh folder laid out as a clone beside
../shared: ``repo/examples`` (the project's sample corpus) and ``shared`` (../shared), with the
installed ``peacewatch`` first on PATH, so ``peacewatch ingest examples/`` writes
``repo/peacewatch.db`` that the later examples read. tests/test_readme.py runs this.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHARED = Path(os.environ.get("PEACEWATCH_SHARED", ROOT.parent / "shared"))
NOT_RUN = re.compile(r"^peacewatch serve\b")
WILD = "…"


@dataclass
class Example:
    line: int  # 0-based index of the "$" line in the README
    command: str
    expected: list[str] = field(default_factory=list)


def examples(text: str) -> list[Example]:
    out: list[Example] = []
    current: Example | None = None
    lines = text.split("\n")
    for i, raw in enumerate(lines):
        in_block = raw.startswith("    ") or (raw == "" and current is not None and i + 1 < len(lines)
                                                  and lines[i + 1].startswith("    "))
        if not in_block:
            current = None
            continue
        body = raw[4:]
        if body.startswith("$ "):
            current = Example(i, body[2:].strip())
            out.append(current)
        elif current is not None:
            current.expected.append(body)
    for ex in out:
        while ex.expected and not ex.expected[-1].strip():
            ex.expected.pop()
    return out


def _line_re(expected: str) -> re.Pattern:
    def literal(part: str) -> str:  # spaces before a cut may be gone from the end of a line
        body = part.rstrip()
        return re.escape(body) + (r"\s*" if body != part else "")

    return re.compile("".join(".*?" if part == WILD else literal(part)
                              for part in re.split(f"({WILD})", expected.rstrip())) + r"\s*", re.S)


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the actual lines fit the expected ones (``…`` in a line: any text; a ``…`` line:
    any number of lines)."""
    def go(i: int, j: int) -> bool:
        if i == len(expected):
            return j == len(actual)
        if expected[i].strip() == WILD:
            return any(go(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and _line_re(expected[i]).fullmatch(actual[j].rstrip()) is not None and go(i + 1, j + 1)

    return go(0, 0)


def workspace() -> Path:
    d = Path(tempfile.mkdtemp(prefix="pw-readme-"))
    (d / "repo").mkdir()
    (d / "repo" / "examples").symlink_to(ROOT / "examples")
    (d / "shared").symlink_to(SHARED.resolve())
    return d / "repo"


def run(command: str, cwd: Path) -> tuple[int, list[str]]:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               COLUMNS="120", NO_COLOR="1", TERM="dumb")
    p = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    out = (p.stdout + p.stderr).rstrip("\n")
    return p.returncode, (out.split("\n") if out else [])


def check(update: bool = False) -> list[str]:
    """Run every example; return the differences (and rewrite the README's outputs with ``update``)."""
    text = README.read_text(encoding="utf-8")
    lines = text.split("\n")
    cwd = workspace()
    problems: list[str] = []
    replacements: list[tuple[Example, list[str]]] = []
    for ex in examples(text):
        if NOT_RUN.match(ex.command):
            continue
        status, actual = run(ex.command, cwd)
        ok = status == 0 and matches(ex.expected, actual)
        if not ok:
            problems.append(f"README.md:{ex.line + 1}: $ {ex.command}\n  exit status {status}\n"
                            + "  expected:\n" + "".join(f"    {x}\n" for x in ex.expected)
                            + "  printed:\n" + "".join(f"    {x}\n" for x in actual))
            replacements.append((ex, actual))
    if update and replacements:
        for ex, actual in sorted(replacements, key=lambda r: -r[0].line):
            start = ex.line + 1
            lines[start:start + len(ex.expected)] = ["    " + x if x else "" for x in actual]
        README.write_text("\n".join(lines), encoding="utf-8")
    return problems


if __name__ == "__main__":
    found = check(update="--update" in sys.argv)
    print("\n".join(found) if found else "every README example prints what the README shows")
    sys.exit(1 if found and "--update" not in sys.argv else 0)
