"""Material cooperation, aid, yielding and investigation (CAMEO roots 06-09): the built-in patterns of
cameo-06-09.txt on sentences written for these tests, with the actors given directly. Each case names
the exact code, source, target and trigger; further cases must code nothing, or code another root
(a promise, a demand, a threat, a refusal), or carry the right modality."""

from __future__ import annotations

import pytest

from coding_helpers import code_sentence, triple
from peacewatch.config import Options
from peacewatch.events import Coder, load_coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return load_coder(Options(), None)


def code(coder: Coder, text: str, actors: list[tuple[str, str]]):
    return code_sentence(coder, text, actors, "2025-03-12", "m1")


# (sentence, actors, (source, target, code), trigger)
CASES = [
    # 06 material cooperation
    # (future cooperation is an intent: 061 -> 0311)
    ("Vietnam and Laos will expand bilateral trade under the new plan.", [("Vietnam", "VNM"), ("Laos", "LAO")], ("VNM", "LAO", "0311"), "expand"),
    ("Hungary bought natural gas from Russia through the pipeline.", [("Hungary", "HUN"), ("Russia", "RUS")], ("HUN", "RUS", "061"), "bought"),
    ("Singapore invested $4 billion in Indonesian ports last year.", [("Singapore", "SGP"), ("Indonesian", "IDN")], ("SGP", "IDN", "061"), "invested"),
    ("British instructors trained Nigerian soldiers in bomb disposal.", [("British instructors", "GBRMIL"), ("Nigerian soldiers", "NGAMIL")], ("GBRMIL", "NGAMIL", "062"), "trained"),
    ("Oman granted the United States access to its bases.", [("Oman", "OMN"), ("the United States", "USA")], ("OMN", "USA", "062"), "granted"),
    ("Spain handed over two fugitives to Italy on Thursday.", [("Spain", "ESP"), ("Italy", "ITA")], ("ESP", "ITA", "063"), "handed over"),
    ("Norway passed intelligence to Denmark about the sabotage plot.", [("Norway", "NOR"), ("Denmark", "DNK")], ("NOR", "DNK", "064"), "passed"),
    ("The United States provided Israel with intelligence on the tunnels.", [("The United States", "USA"), ("Israel", "ISR")], ("USA", "ISR", "064"), "provided"),
    # 07 aid
    ("Australia gave 40 buses and two generators to Fiji.", [("Australia", "AUS"), ("Fiji", "FJI")], ("AUS", "FJI", "070"), "gave"),
    ("Australia gave 4 patrol boats to the navy of Fiji.", [("Australia", "AUS"), ("Fiji", "FJI")], ("AUS", "FJI", "072"), "gave"),
    ("Canada supplied Jordan with border surveillance equipment.", [("Canada", "CAN"), ("Jordan", "JOR")], ("CAN", "JOR", "070"), "supplied"),
    ("Italy assisted Tunisia after the floods.", [("Italy", "ITA"), ("Tunisia", "TUN")], ("ITA", "TUN", "070"), "assisted"),
    ("The Asian Development Bank disbursed a $300 million tranche to Sri Lanka.", [("The Asian Development Bank", "IGOADB"), ("Sri Lanka", "LKA")], ("IGOADB", "LKA", "071"), "disbursed"),
    ("Kuwait deposited $2 billion in the central bank of Egypt.", [("Kuwait", "KWT"), ("Egypt", "EGY")], ("KWT", "EGY", "071"), "deposited"),
    ("France wrote off the debt of Chad.", [("France", "FRA"), ("Chad", "TCD")], ("FRA", "TCD", "071"), "wrote off"),
    ("Poland delivered 60 tanks to Ukraine in April.", [("Poland", "POL"), ("Ukraine", "UKR")], ("POL", "UKR", "072"), "delivered"),
    ("The Netherlands handed over rifles and body armour to the Ukrainian army.", [("The Netherlands", "NLD"), ("Ukrainian army", "UKRMIL")], ("NLD", "UKRMIL", "072"), "handed over"),
    ("Turkey provided drone training to Azerbaijani pilots.", [("Turkey", "TUR"), ("Azerbaijani pilots", "AZEMIL")], ("TUR", "AZEMIL", "072"), "provided"),
    ("Iran armed Houthi rebels for years.", [("Iran", "IRN"), ("Houthi rebels", "YEMREB")], ("IRN", "YEMREB", "072"), "armed"),
    ("Japan donated 30 ambulances to Nepal.", [("Japan", "JPN"), ("Nepal", "NPL")], ("JPN", "NPL", "073"), "donated"),
    ("South Korea shipped 10,000 tonnes of rice to Myanmar.", [("South Korea", "KOR"), ("Myanmar", "MMR")], ("KOR", "MMR", "073"), "shipped"),
    ("Greece dispatched firefighters to North Macedonia.", [("Greece", "GRC"), ("North Macedonia", "MKD")], ("GRC", "MKD", "073"), "dispatched"),
    ("Ghana contributed 800 troops to the mission in Lebanon.", [("Ghana", "GHA"), ("Lebanon", "LBN")], ("GHA", "LBN", "074"), "contributed"),
    ("Indian warships escorted merchant vessels through the Gulf of Aden.", [("Indian warships", "INDMIL")], ("INDMIL", None, "074"), "escorted"),
    ("Ecuador granted political asylum to the former minister.", [("Ecuador", "ECU"), ("former minister", "PERGOV")], ("ECU", "PERGOV", "075"), "granted"),
    # 08 yield
    ("The opposition agreed to the demands of the electoral commission.", [("The opposition", "VENOPP"), ("electoral commission", "VENGOV")], ("VENOPP", "VENGOV", "083"), "agreed"),
    ("The king handed power to an interim council.", [("The king", "NPLGOV")], ("NPLGOV", None, "0831"), "handed"),
    ("Parliament repealed the blasphemy law.", [("Parliament", "PAKLEG")], ("PAKLEG", None, "0832"), "repealed"),
    ("The authorities restored internet access in the region.", [("The authorities", "ETHGOV")], ("ETHGOV", None, "0811"), "restored"),
    ("Tehran freed two French citizens on Friday.", [("Tehran", "IRNGOV"), ("French citizens", "FRA")], ("IRNGOV", "FRA", "0841"), "freed"),
    ("Moscow repatriated the crew of the seized trawler.", [("Moscow", "RUSGOV")], ("RUSGOV", None, "0841"), "repatriated"),
    ("Britain returned the looted bronzes to Nigeria.", [("Britain", "GBR"), ("Nigeria", "NGA")], None, None),
    ("Washington eased sanctions on Cuban remittances.", [("Washington", "USAGOV"), ("Cuban", "CUB")], ("USAGOV", "CUB", "085"), "eased"),
    ("The watchdog removed Panama from its grey list.", [("The watchdog", "IGOFATF"), ("Panama", "PAN")], ("IGOFATF", "PAN", "081"), "removed"),
    ("Khartoum granted humanitarian access to the besieged city.", [("Khartoum", "SDNGOV")], ("SDNGOV", None, "0863"), "granted"),
    ("Tehran gave IAEA inspectors access to the enrichment plant.", [("Tehran", "IRNGOV"), ("IAEA inspectors", "IGOUNOIAE")], ("IRNGOV", "IGOUNOIAE", "0862"), "gave"),
    ("The navy lifted the blockade of the port.", [("The navy", "YEMMIL")], ("YEMMIL", None, "0872"), "lifted"),
    ("The militia handed over their weapons to the army.", [("The militia", "LBYREB"), ("the army", "LBYMIL")], ("LBYREB", "LBYMIL", "0873"), "handed over"),
    ("Rebel fighters withdrew from the town after the talks.", [("Rebel fighters", "SYRREB")], ("SYRREB", None, "0874"), "withdrew from"),
    ("The army abandoned its positions near the river.", [("The army", "SDNMIL")], ("SDNMIL", None, "0874"), "abandoned"),
    ("Israel halted air strikes on Gaza for six hours.", [("Israel", "ISR"), ("Gaza", "PSE")], ("ISR", "PSE", "0871"), "halted"),
    # 09 investigate
    ("The attorney general is looking into allegations against the mayor.", [("The attorney general", "ZAFJUD"), ("the mayor", "ZAFGOV")], ("ZAFJUD", "ZAFGOV", "090"), "looking"),
    ("The UN sent a fact-finding mission to Tigray.", [("The UN", "IGOUNO")], ("IGOUNO", None, "090"), "sent"),
    ("Anti-graft investigators probed bribery at the ports authority.", [("Anti-graft investigators", "KENJUD")], ("KENJUD", None, "091"), "probed"),
    ("Prosecutors opened a criminal case against the former governor.", [("Prosecutors", "UKRJUD"), ("former governor", "UKRGOV")], ("UKRJUD", "UKRGOV", "091"), "opened"),
    ("Investigators will probe the downing of the airliner.", [("Investigators", "IGOICAO")], ("IGOICAO", None, "093"), "probe"),
]


@pytest.mark.parametrize("text,actors,expected,trigger", [c for c in CASES if c[2]], ids=[c[0][:45] for c in CASES if c[2]])
def test_material_family(coder, text, actors, expected, trigger):
    events = code(coder, text, actors)
    assert events, f"no event from {text!r}"
    ev = events[0]
    assert triple(ev) == expected
    assert ev.trigger.text == trigger
    assert text[ev.trigger.start : ev.trigger.end] == trigger
    assert not ev.modality.negated and not ev.modality.hypothetical


def test_returning_property_is_0842(coder):
    text = "Britain returned the looted bronzes to Nigeria."
    ev = code(coder, text, [("Britain", "GBR"), ("Nigeria", "NGA")])
    # "bronzes" names no listed property word: nothing, rather than a person released
    assert all(e.cameo != "0841" for e in ev)
    text = "Britain returned the looted artefacts to Nigeria."
    ev = code(coder, text, [("Britain", "GBR"), ("Nigeria", "NGA")])
    assert [triple(e) for e in ev] == [("GBR", "NGA", "0842")]


def test_prisoner_swap_codes_each_member(coder):
    text = "Armenia and Azerbaijan swapped prisoners at the border."
    ev = code(coder, text, [("Armenia", "ARM"), ("Azerbaijan", "AZE")])
    assert sorted(triple(e) for e in ev) == [("ARM", None, "0841"), ("AZE", None, "0841")]
    assert all(e.trigger.text == "swapped" for e in ev)


def test_compound_subject_of_joint_drills_codes_each_way(coder):
    text = "Egypt and Sudan held joint air drills near Merowe."
    ev = code(coder, text, [("Egypt", "EGY"), ("Sudan", "SDN")])
    assert sorted(triple(e) for e in ev) == [("EGY", "SDN", "062"), ("SDN", "EGY", "062")]


# --- nothing to code: nouns, names, information released, negated objects --------------------------

@pytest.mark.parametrize("text,actors", [
    ("The ministry released a statement on the floods.", [("The ministry", "PAKGOV")]),
    ("The agency released figures showing a fall in exports.", [("The agency", "PAKGOV")]),
    ("The fund expects growth to slow in Kenya.", [("Kenya", "KEN")]),
    ("Armed men were seen near the border with Mali.", [("Mali", "MLI")]),
    ("The supply of fuel to the north has stopped.", []),
    ("With the aid of drones, the army mapped the valley.", [("the army", "COLMIL")]),
    ("The Committee for Providing Aid to Orphans held its annual dinner.", []),
    ("The minister inspected a guard of honour in Accra.", [("The minister", "GHAGOV")]),
])
def test_codes_nothing(coder, text, actors):
    assert code(coder, text, actors) == []


def test_negated_object_is_a_negated_event(coder):
    # "provided no evidence" is coded like "did not provide evidence": the event, negated
    ev = code(coder, "Rwanda has provided no evidence to the tribunal.", [("Rwanda", "RWA")])
    assert [(triple(e), e.modality.negated) for e in ev] == [(("RWA", None, "064"), True)]


def test_lend_support_is_not_a_loan(coder):
    ev = code(coder, "Qatar lent its support to the proposal.", [("Qatar", "QAT")])
    assert all(e.cameo_root != "07" for e in ev)


# --- other roots win: the material act is demanded, threatened, promised or refused ------------------

@pytest.mark.parametrize("text,actors,root", [
    ("Lithuania demanded that Belarus hand over the suspects.", [("Lithuania", "LTU"), ("Belarus", "BLR")], "10"),
    ("Moscow threatened to cut gas supplies to Moldova.", [("Moscow", "RUSGOV"), ("Moldova", "MDA")], "13"),
    ("Kenya refused to provide troops to the mission.", [("Kenya", "KEN")], "12"),
    ("Japan pledged food aid to Haiti.", [("Japan", "JPN"), ("Haiti", "HTI")], "03"),
    ("The United States accused Iran of supplying drones to Russia.", [("The United States", "USA"), ("Iran", "IRN"), ("Russia", "RUS")], "11"),
])
def test_other_root_wins(coder, text, actors, root):
    ev = code(coder, text, actors)
    assert ev and ev[0].cameo_root == root


# --- modality ------------------------------------------------------------------------------------

def test_negated_release(coder):
    ev = code(coder, "Iran did not release the British sailors.", [("Iran", "IRN"), ("British sailors", "GBRMIL")])
    assert [triple(e) for e in ev] == [("IRN", "GBRMIL", "0841")]
    assert ev[0].modality.negated


def test_future_release_of_people(coder):
    ev = code(coder, "Pyongyang will release the two Canadians next week.", [("Pyongyang", "PRKGOV"), ("Canadians", "CAN")])
    assert [triple(e) for e in ev] == [("PRKGOV", "CAN", "0353")]  # intent to release people
    assert ev[0].modality.future and not ev[0].modality.negated


def test_never_give_up_arms_is_negated_disarmament(coder):
    ev = code(coder, "The leader said his country would never give up its nuclear arms.", [("The leader", "PRKGOV")])
    assert [e.cameo for e in ev] == ["0873"]
    assert ev[0].modality.negated and ev[0].modality.hypothetical


def test_negated_loan(coder):
    ev = code(coder, "Malaysia will not extend the loan to Laos.", [("Malaysia", "MYS"), ("Laos", "LAO")])
    assert [triple(e) for e in ev] == [("MYS", "LAO", "0331")]  # a (negated) intent to give economic aid
    assert ev[0].modality.negated and ev[0].modality.future
