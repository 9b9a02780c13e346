"""Non-state armed groups (src/peacewatch/data/actors/armed-groups.txt): the file loads, its names
collide with no other built-in file, dated groups change code on the right day, sentences written
for these tests give the group as the event's source, and the acronyms that mean something else in
economic news or Japan's Self-Defense Forces never become rebels."""

from __future__ import annotations

import pytest

from peacewatch.actors import ActorDictionaries, load_dictionaries, resolve_name
from peacewatch.actors.dictionary import parse_native
from peacewatch.actors.matcher import BUILTIN_DIR, _is_acronym, _key
from peacewatch.config import Options
from peacewatch.model import RawDocument
from peacewatch.pipeline import Pipeline

FILE = BUILTIN_DIR / "armed-groups.txt"


@pytest.fixture(scope="module")
def dicts() -> ActorDictionaries:
    return ActorDictionaries.from_paths([])


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(Options())


def coded(pipe: Pipeline, text: str, date: str):
    doc = RawDocument(origin="test", kind="text", raw_text=text, meta={"published": date})
    return pipe.code_document(doc, with_quotes=False)


def actor_codes(pipe: Pipeline, text: str, date: str) -> dict[str, str]:
    return {a.text: a.code for a in coded(pipe, text, date).actors}


# --- the file ------------------------------------------------------------------------------------


def test_dictionaries_load_with_the_file():
    d = load_dictionaries(Options())
    assert str(FILE) in d.files
    assert d.lookup("Boko Haram")[0].origin.startswith(str(FILE))


def test_every_entry_has_a_source_and_a_code():
    entries = parse_native(FILE)
    assert len(entries) >= 150
    for e in entries:
        assert e.kind == "actor", e.origin
        assert e.source.startswith("general public record"), f"{e.origin}: {e.name}"
        assert e.code or e.roles, f"{e.origin}: {e.name}"


def test_no_name_is_shared_with_another_file():
    others = [e for f in sorted(BUILTIN_DIR.glob("*.txt")) if f != FILE for e in parse_native(f)]
    automaton = ActorDictionaries(entries=others).automaton
    clashes = [(e.origin, n) for e in parse_native(FILE) for n in e.names if automaton.get(_key(n), None)]
    assert clashes == []


def test_no_name_belongs_to_two_entries_of_the_file():
    owner: dict[str, str] = {}
    for e in parse_native(FILE):
        for n in e.names:
            k = _key(n)
            assert owner.setdefault(k, e.name) == e.name, (n, owner[k], e.name)


RISKY = {"IRA", "ETA", "ADF", "LRA", "NPA", "ELN", "RSF", "KLA", "MNLF", "MILF", "HTS", "FSA", "PMF", "MEK",
         "GIA", "MEND", "AUC", "OPM", "GAM", "BRN", "KNU", "KIO", "RPF", "RUF", "JEM", "SLA", "TTP", "UDA"}


def test_risky_acronyms_are_bound_to_their_countries_or_absent():
    for e in parse_native(FILE):
        for n in e.names:
            if n in RISKY:
                assert e.context, f"{e.origin}: {n} has no context"
    names = {n for e in parse_native(FILE) for n in e.names}
    assert not {"IRA", "ETA", "SDF", "KIA", "PDF", "RAF", "ICU", "AQI", "DPR", "LPR", "LeT", "JeM"} & names


def test_short_acronyms_match_only_in_capitals():
    acronyms = [n for e in parse_native(FILE) for n in e.names if _is_acronym(n)]
    assert {"LTTE", "PKK", "ISWAP", "AQAP", "FARC"} <= set(acronyms)


# --- codes on a date -----------------------------------------------------------------------------

DATED = [
    ("Revolutionary Armed Forces of Colombia", "2010-06-01", "COLREB"),
    ("FARC", "2017-08-31", "COLREB"),
    ("FARC", "2017-09-01", "COLPTY"),
    ("FARC dissidents", "2023-03-01", "COLREB"),
    ("Hayat Tahrir al-Sham", "2019-05-01", "SYRREB"),
    ("Hayat Tahrir al-Sham", "2024-12-07", "SYRREB"),
    ("Hayat Tahrir al-Sham", "2024-12-08", "SYRGOV"),
    ("Rapid Support Forces", "2019-06-03", "SDNMIL"),
    ("Rapid Support Forces", "2023-04-15", "SDNREB"),
    ("SPLA", "1998-01-01", "SDNREB"),
    ("SPLA", "2008-01-01", "SDNMIL"),
    ("SPLA", "2014-01-01", "SSDMIL"),
    ("SPLM", "2012-01-01", "SSDGOV"),
    ("UNITA", "1987-04-01", "AGOREB"),
    ("UNITA", "2008-09-05", "AGOOPP"),
    ("RENAMO", "1987-04-01", "MOZREB"),
    ("RENAMO", "1999-12-01", "MOZOPP"),
    ("TPLF", "1989-01-01", "ETHREB"),
    ("TPLF", "2005-05-15", "ETHGOV"),
    ("TPLF", "2021-06-28", "ETHREB"),
    ("Seleka", "2012-12-20", "CAFREB"),
    ("Seleka", "2013-06-01", "CAFGOV"),
    ("Wagner Group", "2022-08-01", "RUSMIL"),
    ("Wagner Group", "2023-06-24", "RUSREB"),
    ("Peshmerga", "1988-03-16", "IRQREB"),
    ("Peshmerga", "2015-11-13", "IRQMIL"),
    ("Khmer Rouge", "1987-04-01", "KHMREB"),
    ("SWAPO", "1987-04-01", "NAMREB"),
    ("SWAPO", "1995-01-01", "NAMGOV"),
    ("Islamic Jihad", "1987-04-01", "LBNREB"),
    ("Islamic Jihad", "2014-07-20", "PSEREB"),
    ("Haqqani network", "2011-09-13", "AFGREBTAL"),
    ("Haqqani network", "2022-01-01", "AFGGOV"),
    ("Izz ad-Din al-Qassam Brigades", "2014-07-20", "PSEREBHMS"),
    ("al-Qaeda in the Arabian Peninsula", "2010-10-29", "YEMREB"),
    ("Islamic State West Africa Province", "2019-01-01", "NGAREB"),
    ("Fatah", "1987-04-01", "PSEGOV"),
]


@pytest.mark.parametrize("name,date,expected", DATED)
def test_code_on_date(name, date, expected, dicts):
    assert resolve_name(name, date, dicts).code == expected


# --- sentences: the group is an actor, and the source of the event --------------------------------

SOURCES = [
    # sentence, publication date, actor span, its code, expected (source, target, CAMEO) or None
    ("Tamil Tiger rebels attacked an army camp in Jaffna on Monday.", "2008-03-05",
     "Tamil Tiger rebels", "LKAREB", ("LKAREB", "LKAMIL", "190")),
    ("Members of the LTTE detonated a truck bomb outside the naval base.", "2006-10-18",
     "LTTE", "LKAREB", None),
    ("Boko Haram fighters attacked a village near Maiduguri.", "2015-01-08",
     "Boko Haram fighters", "NGAREB", ("NGAREB", None, "190")),
    ("Pakistani Taliban militants stormed a school in Peshawar.", "2014-12-17",
     "Pakistani Taliban militants", "PAKREB", None),
    ("Houthi forces fired a missile at a tanker in the Red Sea.", "2024-01-20",
     "Houthi forces", "YEMREB", None),
    ("PKK militants attacked a Turkish army outpost near the border.", "2012-08-20",
     "PKK militants", "TURREB", ("TURREB", "TURMIL", "190")),
    ("FARC rebels kidnapped two soldiers in southern Colombia.", "2010-03-01",
     "FARC rebels", "COLREB", ("COLREB", "COLMIL", "181")),
    ("Kenyan troops fought al-Shabaab near the Somali border.", "2012-09-28",
     "al-Shabaab", "SOMREB", None),
    ("Lashkar-e-Taiba militants attacked Indian troops in Kashmir.", "2014-05-01",
     "Lashkar-e-Taiba militants", "INDREB", ("INDREB", "INDMIL", "190")),
    ("Hamas's Qassam Brigades fired rockets at Israel.", "2019-05-04",
     "Qassam Brigades", "PSEREBHMS", None),
    ("Afghan mujahideen shot down a Soviet transport plane.", "1987-04-01",
     "Afghan mujahideen", "AFGREB", ("AFGREB", "USR", "195")),
    ("Khmer Rouge guerrillas attacked Vietnamese troops in Cambodia.", "1987-06-01",
     "Khmer Rouge guerrillas", "KHMREB", ("KHMREB", "VNMMIL", "190")),
    ("The Rapid Support Forces shelled army positions in Khartoum.", "2023-05-10",
     "Rapid Support Forces", "SDNREB", None),
    ("The NPA ambushed an army patrol in the Philippines.", "2015-05-01",
     "NPA", "PHLREB", None),
    ("The ELN kidnapped a Canadian geologist in Colombia.", "2013-01-20",
     "ELN", "COLREB", None),
    ("The KLA attacked Serbian police in Kosovo.", "1998-10-01",
     "KLA", "KSVREB", ("KSVREB", "SRBCOP", "190")),
    ("The LRA killed villagers in northern Uganda.", "2004-02-22",
     "LRA", "UGAREB", None),
    ("Wagner mercenaries attacked villages in central Mali.", "2022-04-01",
     "Wagner mercenaries", "RUSMIL", None),
]


@pytest.mark.parametrize("text,date,span,code,event", SOURCES)
def test_group_in_a_sentence(text, date, span, code, event, pipe):
    got = coded(pipe, text, date)
    actors = {a.text: a.code for a in got.actors}
    assert actors.get(span) == code, actors
    if event is not None:
        triples = [(e.source.code if e.source else None, e.target.code if e.target else None, e.cameo)
                   for e in got.events]
        assert event in triples, triples


def test_the_same_group_changes_code_with_the_date(pipe):
    text = "The FARC criticized the Colombian government."
    assert actor_codes(pipe, text, "2012-01-10")["FARC"] == "COLREB"
    assert actor_codes(pipe, text, "2019-01-10")["FARC"] == "COLPTY"
    text = "Hayat Tahrir al-Sham named a new governor in Aleppo."
    assert actor_codes(pipe, text, "2020-02-01")["Hayat Tahrir al-Sham"] == "SYRREB"
    assert actor_codes(pipe, text, "2025-02-01")["Hayat Tahrir al-Sham"] == "SYRGOV"


# --- acronyms and names that are not armed groups ------------------------------------------------

NOT_REBELS = [
    ("The IRA contribution limit rose to $2,000, the Treasury said.", "1987-04-01"),
    ("The ship's ETA in Rotterdam is Friday.", "1987-04-01"),
    ("Japan's SDF joined the drill.", "2015-04-01"),
    ("RSF said the reporter was jailed in France.", "2023-05-01"),
    ("KLA Corp raised its sales forecast for the year.", "2020-05-01"),
    ("ELN notes rose on the exchange.", "2012-05-01"),
    ("The bank's NPA ratio rose, India's central bank said.", "2015-05-01"),
    ("The ADF sent two frigates to the Pacific, Australia said.", "2015-05-01"),
    ("Richard Wagner wrote the opera, a Russian critic said.", "1987-05-01"),
    ("HTS codes for imported steel were revised by the United States.", "1989-01-10"),
]


@pytest.mark.parametrize("text,date", NOT_REBELS)
def test_no_rebel_actor(text, date, pipe):
    got = coded(pipe, text, date)
    assert [a.code for a in got.actors if "REB" in a.code] == []
    for e in got.events:
        for side in (e.source, e.target):
            assert side is None or "REB" not in side.code, e


def test_japan_sdf_stays_japanese_forces(pipe):
    assert actor_codes(pipe, "Japan's SDF joined the drill.", "2015-04-01") == {"Japan's SDF": "JPNMIL"}
