"""The ceiling of a PETRARCH validation file: which expected codings no coder can produce with
the file's own dictionaries (peacewatch.evaluation.ceiling)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import needs_shared
from peacewatch.evaluation.ceiling import compute, load_environment, producible_actor

VERBS = """\
--- MEET  [040] ---
MEET
- * WITH [042:043]
--- CRITICIZE [121?] ---
CRITICIZE
"""

ACTORS = """\
<!-- a comment with NORTHLAND [NOR] inside -->
ARNOR  [ARN]
+ARNORIAN
SAM_GAMGEE [HOB]
\t[ORC 20100109-20100112]
LORIEN  [ELR/GAL]
#GONDOR [GON]
"""

AGENTS = """\
SOLDIER  [~MILARM]
RIGHTS_ACTIVIST  [SGM~]
"""


def _env(tmp_path: Path) -> dict[str, str]:
    files = {"Verbfile": "v.txt", "Actorfile": "a.txt", "Agentfile": "g.txt"}
    for (_, name), text in zip(files.items(), (VERBS, ACTORS, AGENTS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return {k: str(tmp_path / v) for k, v in files.items()}


def test_dictionary_codes_read_generously(tmp_path):
    codes = load_environment(_env(tmp_path))
    assert {"040", "042", "043", "121?", "121"} <= codes.events
    assert "NOR" not in str(codes.actors)  # inside a block comment
    assert "GON" not in str(codes.actors)  # a commented-out line
    actors = dict((words, cs) for words, cs in codes.actors)
    assert actors[("arnor", "arnorian")] == {"ARN"}
    assert actors[("sam",)] == {"HOB", "ORC"}
    assert actors[("lorien",)] == {"ELR", "GAL"}
    assert codes.suffixes == [(("soldier",), "MILARM")]
    assert codes.prefixes == [(("rights",), "SGM")]


@pytest.mark.parametrize(
    "code, sentence, ok",
    [
        ("ARN", "Arnorian envoys met them.", True),  # a synonym
        ("ARNMILARM", "Arnor soldiers met them.", True),  # actor + suffix agent
        ("SGMARN", "Rights activists in Arnor met them.", True),  # prefix agent + actor
        ("ARNMIL", "Arnor soldiers met them.", False),  # the agent says MILARM, not MIL
        ("ORC", "Sam Gamgee met them.", True),  # a date-restricted code, any date
        ("ORC", "Arnor met them.", False),  # no entry that gives ORC is in the sentence
        ("GAL", "Lorien met them.", True),  # one member of a compound code
        ("GON", "Gondor met them.", False),  # commented out of the actor file
        ("---MILARM", "Soldiers met them.", True),  # an agent without a country
        ('"THE WHITE COUNCIL"', "The White Council met them.", True),  # an unknown actor's own words
        ('"THE GREY COUNCIL"', "The White Council met them.", False),
        ("", "Arnor met.", True),  # no target
        ("XYZGOV", "A senior official said so.", False),
    ],
)
def test_producible_actor(tmp_path, code, sentence, ok):
    assert producible_actor(code, sentence, load_environment(_env(tmp_path))) is ok


def test_place_attribute_is_an_actor(tmp_path):
    codes = load_environment(_env(tmp_path))
    assert producible_actor("XYZ", "A senior official said so.", codes, place="XYZ")


def test_compute_over_a_records_file(tmp_path):
    _env(tmp_path)
    (tmp_path / "records.txt").write_text(
        """<Environment>
<Verbfile name="v.txt">
<Actorfile name="a.txt">
<Agentfile name="g.txt">
</Environment>
<Sentence date="20100110" id="T-1" category="T">
<EventCoding sourcecode="ARN" targetcode="GAL" eventcode="042">
<EventCoding sourcecode="GAL" targetcode="ARN" eventcode="043">
<Text>
Arnor met with Lorien.
</Text>
</Sentence>
<Sentence date="20100110" id="T-2" category="T">
<EventCoding sourcecode="ARN" targetcode="ORC" eventcode="121">
<EventCoding sourcecode="ARN" targetcode="ELR" eventcode="901">
<Text>
Arnor criticized Lorien.
</Text>
</Sentence>
""",
        encoding="utf-8",
    )
    c = compute(tmp_path / "records.txt")
    assert (c.expected, c.producible) == (4, 2)
    assert c.ceiling == 0.5
    reasons = {u.coding: u.reasons for u in c.unproducible}
    assert reasons == {
        "ARN -> ORC 121": ["target ORC cannot be built from the entries present"],
        "ARN -> ELR 901": ["event code 901 is in no [...] of the verb file"],
    }


def test_petrarch1_validate_ceiling_is_below_the_issue_floor():
    """With its own dictionaries, no coder can find 85% of petrarch1-validate's codings."""
    c = compute(needs_shared("gold", "petrarch1-validate", "PETR.Validate.records.140226.txt"))
    assert (c.expected, c.producible) == (404, 335)
    assert len([u for u in c.unproducible if any("event code" in r for r in u.reasons)]) == 42
