"""World actors 1980-2026: people-world.txt, media.txt and the historical organisations.

Samples of heads of state and government, ministers, heads of international organisations and
news agencies resolve on dates inside and outside their roles; names sharing a surname resolve by
date; and no name or surname of the added files collides with a country, capital or demonym.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest

from peacewatch.actors import ActorDictionaries, find_actors, resolve_name
from peacewatch.actors.dictionary import parse_native
from peacewatch.actors.matcher import BUILTIN_DIR, _demonym_plural, _key
from peacewatch.model import Article, Sentence

ADDED_FILES = ("people-world.txt", "media.txt")


@pytest.fixture(scope="module")
def dicts() -> ActorDictionaries:
    return ActorDictionaries.from_paths([])


def code(name: str, date: str | None, dicts) -> str | None:
    return resolve_name(name, date, dicts).code


def actors_of(text: str, dicts, published: str):
    art = Article(article_id="t", origin="test", kind="text", raw_text=text, text=text, published=published)
    sents = [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(re.finditer(r"[^.!?]+[.!?]*", text))]
    return find_actors(art, sents, dicts)


def by_text(refs, text):
    got = [r for r in refs if r.text == text]
    assert got, f"no actor {text!r} in {[(r.text, r.code) for r in refs]}"
    return got[0]


# --- the files load ------------------------------------------------------------------------------


def test_added_files_load_with_sources():
    for fn in ADDED_FILES:
        entries = parse_native(BUILTIN_DIR / fn)
        assert entries, fn
        for e in entries:
            assert e.source, f"{e.origin}: {e.name} has no source line"
            if e.kind == "person":
                assert e.roles, f"{e.origin}: {e.name} has no role"
    people = [e for e in parse_native(BUILTIN_DIR / "people-world.txt") if e.kind == "person"]
    assert len(people) >= 500


def test_summary_counts_grew(dicts):
    s = dicts.summary()
    assert s["people_with_roles"] >= 750
    assert s["organisations"] >= 50
    assert s["countries"] >= 251


# --- people on dates inside and outside their roles ----------------------------------------------

CASES = [
    # name, date, expected code
    ("Ronald Reagan", "1987-04-01", "USAGOV"),
    ("Reagan", "1987-04-01", "USAGOV"),
    ("Ronald Reagan", "1995-06-01", "USAELI"),
    ("Ronald Reagan", "1979-06-01", "USA"),  # Governor of California ended 1975: the country
    ("George Shultz", "1987-04-01", "USAGOV"),
    ("George Shultz", "1995-06-01", "USA"),  # no role: the country of the latest earlier role
    ("Caspar Weinberger", "1987-04-01", "USAGOV"),
    ("James Baker", "1986-03-01", "USAGOV"),
    ("James Baker", "1988-10-01", "USA"),  # between the Treasury and the State Department
    ("Madeleine Albright", "1998-01-01", "USAGOV"),
    ("Mikhail Gorbachev", "1987-04-01", "USRGOV"),
    ("Mikhail Gorbachev", "1991-12-25", "USRGOV"),
    ("Mikhail Gorbachev", "1991-12-26", "RUSELI"),
    ("Eduard Shevardnadze", "1987-04-01", "USRGOV"),
    ("Eduard Shevardnadze", "1995-06-01", "GEOGOV"),
    ("Andrei Gromyko", "1984-01-01", "USRGOV"),
    ("Boris Yeltsin", "1993-10-04", "RUSGOV"),
    ("Yevgeny Primakov", "1999-01-01", "RUSGOV"),
    ("Margaret Thatcher", "1987-04-01", "GBRGOV"),
    ("Thatcher", "1978-01-01", "GBROPP"),
    ("John Major", "1995-01-01", "GBRGOV"),
    ("Liz Truss", "2022-10-01", "GBRGOV"),
    ("Helmut Kohl", "1987-04-01", "DEUGOV"),
    ("Helmut Kohl", "1980-01-01", "DEUOPP"),
    ("Hans-Dietrich Genscher", "1987-04-01", "DEUGOV"),
    ("Francois Mitterrand", "1987-04-01", "FRAGOV"),
    ("Jacques Chirac", "1987-04-01", "FRAGOV"),  # Prime Minister 1986-1988
    ("Jacques Chirac", "1990-01-01", "FRA"),  # Mayor of Paris: a local office
    ("Yasuhiro Nakasone", "1987-04-01", "JPNGOV"),
    ("Yasuhiro Nakasone", "1990-01-01", "JPNELI"),
    ("Tadashi Kuranari", "1987-04-01", "JPNGOV"),
    ("Makiko Tanaka", "2001-06-01", "JPNGOV"),
    ("Deng Xiaoping", "1987-04-01", "CHNGOV"),
    ("Deng Xiaoping", "1993-01-01", "CHNELI"),
    ("Wu Xueqian", "1987-04-01", "CHNGOV"),
    ("Qian Qichen", "1995-01-01", "CHNGOV"),
    ("Chun Doo-hwan", "1987-04-01", "KORGOV"),
    ("Chun Doo-hwan", "1990-01-01", "KORELI"),
    ("Corazon Aquino", "1987-04-01", "PHLGOV"),
    ("Corazon Aquino", "1985-12-01", "PHLOPP"),
    ("Zia-ul-Haq", "1987-04-01", "PAKGOV"),
    ("Benazir Bhutto", "1987-04-01", "PAKOPP"),
    ("Benazir Bhutto", "1989-04-01", "PAKGOV"),
    ("Rajiv Gandhi", "1987-04-01", "INDGOV"),
    ("Ruhollah Khomeini", "1987-04-01", "IRNGOV"),
    ("Akbar Hashemi Rafsanjani", "1987-04-01", "IRNLEG"),
    ("Akbar Hashemi Rafsanjani", "1990-04-01", "IRNGOV"),
    ("Ali Khamenei", "1987-04-01", "IRNGOV"),  # President, an earlier role added to people.txt
    ("Saddam Hussein", "1987-04-01", "IRQGOV"),
    ("Saddam Hussein", "2004-04-01", "IRQELI"),
    ("Tariq Aziz", "1987-04-01", "IRQGOV"),
    ("Yitzhak Shamir", "1987-04-01", "ISRGOV"),
    ("Shimon Peres", "1991-01-01", "ISROPP"),
    ("Shimon Peres", "2010-01-01", "ISRGOV"),
    ("Yasser Arafat", "1987-04-01", "PSEGOV"),
    ("Hosni Mubarak", "1980-01-01", "EGYGOV"),  # Vice President, an earlier role added to people.txt
    ("King Fahd", "1987-04-01", "SAUGOV"),
    ("Hisham Nazer", "1987-04-01", "SAUGOV"),
    ("Turgut Ozal", "1987-04-01", "TURGOV"),
    ("Kenan Evren", "1981-01-01", "TURMIL"),
    ("Mohammad Najibullah", "1987-04-01", "AFGGOV"),
    ("Leonid Kravchuk", "1992-01-01", "UKRGOV"),
    ("Alexander Lukashenko", "2020-08-10", "BLRGOV"),
    ("Suharto", "1987-04-01", "IDNGOV"),
    ("Subroto", "1987-04-01", "IDNGOV"),
    ("Subroto", "1990-01-01", "IGOOPC"),
    ("Nguyen Van Linh", "1987-04-01", "VNMGOV"),
    ("P. W. Botha", "1987-04-01", "ZAFGOV"),
    ("Nelson Mandela", "1987-04-01", "ZAFOPP"),
    ("Nelson Mandela", "1995-01-01", "ZAFGOV"),
    ("Ibrahim Babangida", "1987-04-01", "NGAGOV"),
    ("Rilwanu Lukman", "1987-04-01", "NGAGOV"),
    ("Daniel Ortega", "1987-04-01", "NICGOV"),
    ("Daniel Ortega", "1995-01-01", "NICOPP"),
    ("Fidel Castro", "1987-04-01", "CUBGOV"),
    ("Hugo Chavez", "2011-04-01", "VENGOV"),
    ("Jaime Lusinchi", "1987-04-01", "VENGOV"),
    ("Miguel de la Madrid", "1987-04-01", "MEXGOV"),
    ("Jose Sarney", "1987-04-01", "BRAGOV"),
    ("Raul Alfonsin", "1987-04-01", "ARGGOV"),
    ("Bettino Craxi", "1987-04-01", "ITAGOV"),
    ("Felipe Gonzalez", "1987-04-01", "ESPGOV"),
    ("Brian Mulroney", "1987-04-01", "CANGOV"),
    ("Bob Hawke", "1987-04-01", "AUSGOV"),
    ("Javier Perez de Cuellar", "1987-04-01", "IGOUNO"),
    ("Javier Perez de Cuellar", "2001-01-01", "PERGOV"),
    ("Boutros Boutros-Ghali", "1994-01-01", "IGOUNO"),
    ("Hans Blix", "1987-04-01", "IGOUNOIAE"),
    ("Hans Blix", "2002-12-01", "IGOUNO"),
    ("Lord Carrington", "1987-04-01", "IGOWSTNAT"),
    ("Jacques Delors", "1987-04-01", "IGOEUREEC"),
    ("Jacques Delors", "1983-01-01", "FRAGOV"),
    ("Frans Andriessen", "1987-04-01", "IGOEUREEC"),
    ("Arthur Dunkel", "1987-04-01", "IGOWTO"),
    ("Jens Stoltenberg", "2020-01-01", "IGOWSTNAT"),
    ("Mark Rutte", "2025-06-01", "IGOWSTNAT"),
    ("Ursula von der Leyen", "2024-01-01", "IGOEUREEC"),
    ("Paul Volcker", "1987-04-01", "USAGOV"),
    ("Mohammad Barkindo", "2020-01-01", "IGOOPC"),
]


@pytest.mark.parametrize("name,date,expected", CASES)
def test_role_on_date(name, date, expected, dicts):
    assert code(name, date, dicts) == expected


# --- names shared by two people of the file resolve by date ---------------------------------------


@pytest.mark.parametrize(
    "name,date,expected,who",
    [
        ("George Bush", "1987-04-01", "USAGOV", "George H. W. Bush, Vice President"),
        ("George Bush", "1991-01-16", "USAGOV", "George H. W. Bush, President"),
        ("George Bush", "2003-03-20", "USAGOV", "George W. Bush, President"),
        ("Bush", "1996-01-01", "USAELI", "George H. W. Bush"),
        ("Assad", "1987-04-01", "SYRGOV", "Hafez al-Assad"),
        ("Assad", "2011-04-01", "SYRGOV", "Bashar al-Assad"),
        ("Assad", "2025-01-15", "SYRELI", "Bashar al-Assad"),
        ("Nakasone", "1987-04-01", "JPNGOV", "Yasuhiro Nakasone"),
        ("Nakasone", "2009-01-15", "JPNGOV", "Hirofumi Nakasone"),
        ("Aquino", "1987-04-01", "PHLGOV", "Corazon Aquino"),
        ("Aquino", "2012-04-01", "PHLGOV", "Benigno Aquino III"),
        ("Gandhi", "1983-04-01", "INDGOV", "Indira Gandhi"),
        ("Gandhi", "1987-04-01", "INDGOV", "Rajiv Gandhi"),
        ("Castro", "1987-04-01", "CUBGOV", "Fidel Castro"),
        ("Castro", "2012-04-01", "CUBGOV", "Raúl Castro"),
        ("Trudeau", "1982-04-01", "CANGOV", "Pierre Trudeau"),
        ("Trudeau", "2020-04-01", "CANGOV", "Justin Trudeau"),
        ("Stoltenberg", "1987-04-01", "DEUGOV", "Gerhard Stoltenberg"),
        ("Stoltenberg", "2016-04-01", "IGOWSTNAT", "Jens Stoltenberg"),
        ("Marcos", "1985-04-01", "PHLGOV", "Ferdinand Marcos"),
        ("Kirchner", "2010-04-01", "ARGGOV", "Cristina"),
    ],
)
def test_shared_surname_resolves_by_date(name, date, expected, who, dicts):
    r = resolve_name(name, date, dicts)
    assert r.code == expected
    assert who in r.explanation


def test_full_names_of_the_shared_surnames_stay_apart(dicts):
    assert code("George W. Bush", "1987-04-01", dicts) == "USA"  # not yet in office: the country only
    assert code("George H. W. Bush", "2003-03-20", dicts) == "USAELI"
    assert code("Bashar al-Assad", "1987-04-01", dicts) == "SYR"
    assert code("Hafez al-Assad", "1987-04-01", dicts) == "SYRGOV"
    assert code("Hirofumi Nakasone", "1987-04-01", dicts) == "JPN"


def test_soviet_roles_end_with_the_soviet_union():
    last = dt.date(1991, 12, 25)
    for fn in ("people-world.txt", "people.txt", "korea.txt", "media.txt"):
        for e in parse_native(BUILTIN_DIR / fn):
            for r in e.roles:
                if r.code.startswith("USR"):
                    assert r.end is not None and r.end <= last, f"{r.origin}: {e.name} {r.code} after 1991-12-25"
                if r.code.startswith("RUS") and r.start is not None and r.start <= last:
                    # only the Russian republic's own officials before 1991-12-26
                    assert e.name in {"Boris Yeltsin", "Andrei Kozyrev", "Yegor Gaidar"}, f"{r.origin}: {e.name} RUS before 1991-12-26"


# --- in a story ---------------------------------------------------------------------------------


def test_a_1987_story(dicts):
    text = ("Soviet leader Mikhail Gorbachev met Secretary of State George Shultz in Moscow. "
            "Gorbachev said the talks were useful. Shultz later briefed Reagan.")
    refs = actors_of(text, dicts, "1987-04-14")
    assert by_text(refs, "Soviet leader Mikhail Gorbachev").code == "USRGOV"
    assert by_text(refs, "Gorbachev").code == "USRGOV"
    assert by_text(refs, "Shultz").code == "USAGOV"
    assert by_text(refs, "Reagan").code == "USAGOV"


def test_organisations_of_1987(dicts):
    assert code("GATT", "1987-04-01", dicts) == "IGOWTO"
    assert code("GATT", "1996-01-01", dicts) is None  # the agreement, not an actor, after 1994
    assert code("European Community", "1987-04-01", dicts) == "IGOEUREEC"
    assert code("EEC", "1980-01-01", dicts) == "IGOEUREEC"
    assert code("Warsaw Pact", "1987-04-01", dicts) == "IGOEEUWPT"
    assert code("Warsaw Pact", "1995-01-01", dicts) is None
    assert code("TASS", "1987-04-01", dicts) == "USRMED"
    assert code("TASS", "2011-04-01", dicts) == "RUSMED"
    assert code("Pravda", "1987-04-01", dicts) == "USRMED"
    assert code("PLO", "1987-04-01", dicts) == "PSEGOV"
    assert code("Contras", "1987-04-01", dicts) == "NICREB"
    assert code("Sandinistas", "1987-04-01", dicts) == "NICGOV"
    assert code("Sandinistas", "1995-01-01", dicts) == "NICOPP"
    assert code("Taliban", "2010-01-01", dicts) == "AFGREBTAL"
    assert code("Taliban", "2023-01-01", dicts) == "AFGGOV"
    assert code("Non-Aligned Movement", "2011-04-01", dicts) == "IGONAM"
    assert code("ECOWAS", "2011-04-01", dicts) == "IGOWAFWAS"
    assert code("SADC", "2011-04-01", dicts) == "IGOSAFSAD"
    assert code("Irish Republican Army", "1987-04-01", dicts) == "GBRREB"
    assert code("African National Congress", "1987-04-01", dicts) == "ZAFREB"
    assert code("African National Congress", "2011-04-01", dicts) == "ZAFGOV"
    assert code("West Germany", "1987-04-01", dicts) == "DEU"
    assert code("East Germany", "1987-04-01", dicts) == "DDR"


def test_media_code_as_their_country(dicts):
    assert code("Reuters", "1987-04-01", dicts) == "GBRMED"
    assert code("Associated Press", "2011-04-01", dicts) == "USAMED"
    assert code("Agence France-Presse", "2011-04-01", dicts) == "FRAMED"
    assert code("IRNA", "1987-04-01", dicts) == "IRNMED"
    assert code("Tehran Radio", "1987-04-01", dicts) == "IRNMED"
    assert code("Anadolu Agency", "2011-04-01", dicts) == "TURMED"
    assert code("Radio Pakistan", "2011-04-01", dicts) == "PAKMED"
    assert code("Middle East News Agency", "2011-04-01", dicts) == "EGYMED"


def test_context_bound_names(dicts):
    # "the Community" is the EC only where an international organisation is named
    refs = actors_of("EC farm ministers met. The Community will cut prices.", dicts, "1987-04-01")
    assert by_text(refs, "The Community").code == "IGOEUREEC"
    refs = actors_of("The Community of Sant'Egidio hosted talks.", dicts, "1987-04-01")
    assert all(r.code != "IGOEUREEC" for r in refs)
    # acronyms bound to their country: IRA (retirement account), MENA (the region)
    refs = actors_of("Investors moved money into an IRA account.", dicts, "1987-04-01")
    assert all(r.code != "GBRREB" for r in refs)
    refs = actors_of("British troops searched for IRA gunmen.", dicts, "1987-04-01")
    assert by_text(refs, "IRA gunmen").code == "GBRREB"
    refs = actors_of("Growth in the MENA region slowed.", dicts, "2020-04-01")
    assert all(r.code != "EGYMED" for r in refs)
    # the Iran-Contra affair is neither Iran nor the Contras acting
    refs = actors_of("The Iran-Contra affair dominated Washington.", dicts, "1987-04-01")
    assert all(r.code not in ("IRN", "NICREB") for r in refs)


# --- no collisions -----------------------------------------------------------------------------------

# Names or surnames that may equal a country, capital or demonym on purpose (none so far).
ALLOWED_GEO = set()


def _geo_keys() -> dict[str, str]:
    geo: dict[str, str] = {}
    for e in parse_native(BUILTIN_DIR / "countries.txt"):
        for n in e.names:
            geo[_key(n)] = f"country {e.name}"
        for d in e.demonyms:
            geo[_key(d)] = f"demonym of {e.name}"
            p = _demonym_plural(d)
            if p:
                geo[_key(p)] = f"demonym of {e.name}"
        for s in e.seats:
            geo[_key(s)] = f"seat of {e.name}"
    return geo


@pytest.mark.parametrize("fn", ADDED_FILES + ("people.txt", "organisations.txt"))
def test_no_name_or_surname_is_a_country_capital_or_demonym(fn):
    geo = _geo_keys()
    bad = []
    for e in parse_native(BUILTIN_DIR / fn):
        for n in [*e.names, *([e.surname] if e.surname else [])]:
            k = _key(n)
            if k in geo and k not in ALLOWED_GEO:
                bad.append(f"{e.origin}: {e.name}: {n!r} is the {geo[k]}")
    assert not bad, "\n".join(bad)


def test_no_name_belongs_to_two_entries():
    # the matcher gives a name to one entry only: two people (or a person and an organisation) with
    # the same name would hide one of them. Names shared by two people are entries of their own
    # ("George Bush", "Assad") whose roles say who is meant on a date.
    owners: dict[str, list[str]] = defaultdict(list)
    for f in sorted(BUILTIN_DIR.glob("*.txt")):
        for e in parse_native(f):
            if e.kind in ("agent", "reference", "ignore"):
                continue
            for k in {_key(n) for n in e.names}:
                owners[k].append(f"{f.name}: {e.name}")
    dup = {k: v for k, v in owners.items() if len(v) > 1}
    assert not dup, dup


def test_bare_surnames_are_not_agent_words():
    agents = set()
    for e in parse_native(BUILTIN_DIR / "agents.txt"):
        agents |= {_key(n) for n in e.names}
    for fn in ADDED_FILES:
        for e in parse_native(BUILTIN_DIR / fn):
            for n in e.names:
                assert _key(n) not in agents, f"{e.origin}: {n!r} is an agent word"
