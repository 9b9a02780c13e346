"""Quote speakers through the whole pipeline (the built-in dictionaries and the parse), on stories
written for these tests in the manner of KCNA's reports of a leader's inspection."""

from __future__ import annotations

from peacewatch.model import RawDocument
from peacewatch.pipeline import Pipeline

STORY = ("Kim Jong Il Enjoys Art Performance\n\n"
         "Pyongyang, December 6 (KCNA) -- Kim Jong Il, general secretary of the Workers' Party of Korea, "
         "enjoyed an art performance given by servicepersons of the Korean People's Army. "
         "They put on the stage numbers of diverse genres. "
         "The performance demonstrated the determination of the servicepersons of the People's Army. "
         "The numbers were well received by the audience. "
         "He expressed great satisfaction over the performance. "
         "He noted that the servicepersons of the People's Army have grown to be stalwart soldiers, "
         "adding that the socialist country is invulnerable.")


def _speakers():
    pipe = Pipeline()
    doc = RawDocument(origin="test", kind="text", raw_text=STORY, meta={"published": "2011-12-06"})
    coded = pipe.code_document(doc)
    return {q.text: (q.speaker.code if q.speaker else None) for q in coded.quotes}


def test_he_is_the_person_named_before_not_an_institution_nearer():
    got = _speakers()
    noted = next(v for k, v in got.items() if k.startswith("the servicepersons of the People's Army have grown"))
    assert noted == "PRKGOV", got


def test_adding_continues_the_speech_of_who_noted_it():
    got = _speakers()
    added = next(v for k, v in got.items() if k.startswith("the socialist country is invulnerable"))
    assert added == "PRKGOV", got
