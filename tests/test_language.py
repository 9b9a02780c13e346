"""Language detection at ingest (py3langid, offline): only English is coded, other languages are
stored and counted per language in the summary. Texts written for these tests."""

from __future__ import annotations

import json

import pytest

from peacewatch.config import Options
from peacewatch.model import Article
from peacewatch.runner import ingest
from peacewatch.text.language import language_of

ENGLISH = ("South Korea's president asked the United Nations on Tuesday to back a plan for talks with the "
           "North, saying exchanges and normalisation would open the way to denuclearisation.")
SPANISH = ("El presidente de Corea del Sur pidió el martes a las Naciones Unidas que respalde un plan de "
           "diálogo con el Norte, afirmando que los intercambios abrirían el camino a la desnuclearización.")
FRENCH = ("Le président sud-coréen a demandé mardi aux Nations unies de soutenir un plan de dialogue avec le "
          "Nord, affirmant que les échanges ouvriraient la voie à la dénucléarisation.")


def article(text: str, meta: dict | None = None) -> Article:
    return Article(article_id="a", origin="t", kind="text", raw_text=text, text=text, body_start=0, meta=meta or {})


@pytest.mark.parametrize("text, code", [(ENGLISH, "en"), (SPANISH, "es"), (FRENCH, "fr")])
def test_detects_the_language_of_a_story(text, code):
    got, basis = language_of(article(text))
    assert got == code and basis.startswith("detected")


def test_the_inputs_own_language_field_wins():
    assert language_of(article(ENGLISH, {"language": "Spanish"}))[0] == "es"
    assert language_of(article(SPANISH, {"lang": "en-US"}))[0] == "en"


def test_too_short_to_tell_is_english_and_says_so():
    code, basis = language_of(article("Talks resume."))
    assert code == "en" and "too short" in basis


@pytest.mark.parametrize("text", [
    "Congo government rejects demands from rebel group on Monday.",
    "The minister summoned the ambassador on Monday to complain about the border closure.",
])
def test_short_english_news_is_not_taken_for_pidgin(text):
    code, basis = language_of(article(text))
    assert code == "en", basis


def test_ingest_codes_english_only_and_counts_the_rest(tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_text("\n".join(json.dumps({"id": k, "title": t, "text": b, "date": "2025-09-24"}) for k, t, b in [
        ("1", "Seoul asks UN to back talks", ENGLISH),
        ("2", "Seúl pide a la ONU respaldar el diálogo", SPANISH),
        ("3", "Séoul demande à l'ONU de soutenir le dialogue", FRENCH),
    ]) + "\n", encoding="utf-8")
    summary = ingest([str(src)], Options(db=tmp_path / "t.db", progress=False))
    assert summary.new == 3
    assert summary.not_coded == {"es": 1, "fr": 1}
    assert "stored but not coded (not English): es 1, fr 1" in summary.line()
    assert summary.events >= 1  # the English story is coded
