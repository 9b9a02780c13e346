"""The README's examples are real output: each ``$ peacewatch ...`` line of README.md is run (in a
fresh folder beside ../shared, after ``peacewatch ingest examples/``) and must print what the README
shows (tests/readme.py; ``…`` cuts). After a change that moves them, ``.venv/bin/python
tests/readme.py --update`` rewrites the outputs for a person to check and commit."""

from __future__ import annotations

import pytest

from conftest import SHARED
from readme import README, examples, matches


def test_the_matching_rule():
    assert matches(["a … c"], ["a b b c"]) and not matches(["a … c"], ["a b b"])
    assert matches(["x", "…", "z"], ["x", "1", "2", "z"]) and matches(["x", "…"], ["x"])
    assert matches(["cut here …"], ["cut here"]) and not matches(["one"], ["one", "two"])


def test_readme_has_examples_of_every_view():
    commands = [e.command for e in examples(README.read_text(encoding="utf-8"))]
    for verb in ("ingest", "extract", "code", "search", "series", "events", "report", "watch", "serve"):
        assert any(c.startswith(f"peacewatch {verb}") for c in commands), verb


def test_readme_examples_print_what_the_readme_shows():
    if not (SHARED / "seed").exists():
        pytest.skip(f"{SHARED} is absent (../shared is only in the project's CI and dev machines)")
    from readme import check

    problems = check()
    assert not problems, "\n".join(problems)
