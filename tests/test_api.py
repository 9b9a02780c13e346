"""The notebook API (``import peacewatch``) over a real store; code_text through the real Pipeline."""

from __future__ import annotations

import sys

import pytest

import peacewatch
from peacewatch.errors import PeacewatchError, StoreError
from test_series_corpus import build_store


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("api") / "pw.db")


def test_lists_of_dicts(db_path):
    with peacewatch.open_db(db_path) as db:
        assert db.summary()["events"] == 10
        evs = db.events(dyad="KOR-PRK", negated=False, hypothetical=False, historical=False)
        assert sorted(e["cameo"] for e in evs) == ["036", "057", "111", "138"]
        assert [q["text"] for q in db.quotes(direct=True)] == ["We will answer any provocation",
                                                               "A wise approach to peace"]
        assert [a["article_id"] for a in db.articles()] == ["a-jan", "a-jan2", "a-mar"]
        s = db.series(dyad="KOR-PRK", freq="month")
        assert [p["events"] for p in s] == [3, 0, 1] and s[0]["index"] == round(-5 / 13, 6)
        assert db.series(track="normalization")[0]["events"] == 1
        assert db.search("wise approach", kinds=("quotes",))[0]["kind"] == "quote"
        with pytest.raises(PeacewatchError):
            db.series()
        with pytest.raises(StoreError):
            db.store.add(None)  # read-only: refused before touching the record


def test_dataframes(db_path):
    pd = pytest.importorskip("pandas", reason="pandas is in the dev extra")
    with peacewatch.open_db(db_path) as db:
        df = db.events_df(dyad="KOR-PRK")
        assert len(df) == 7 and df["cameo"].dtype == object and "036" in set(df["cameo"])
        assert isinstance(df, pd.DataFrame) and df.loc[df["cameo"] == "036", "goldstein"].iloc[0] == 4.0
        sdf = db.series_df("KOR-PRK", freq="week")
        assert list(sdf["period"])[:2] == ["2025-W02", "2025-W03"] and sdf["events"].sum() == 4
        assert len(db.quotes_df()) == 3 and len(db.articles_df()) == 3


def test_dataframes_without_pandas(db_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with peacewatch.open_db(db_path) as db:
        with pytest.raises(PeacewatchError, match="pandas is not installed"):
            db.events_df()
        assert db.events(limit=1)  # the list methods still work


def test_open_missing(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        peacewatch.open_db(tmp_path / "missing.db")


def test_code_text_through_the_pipeline():
    import peacewatch.events as ev_mod

    if not hasattr(ev_mod, "load_coder"):
        pytest.skip("the event coder is not built yet")
    recs = peacewatch.code_text("Seoul proposed talks with Pyongyang on Monday.", date="2025-09-24")
    assert len(recs) == 1
    e = recs[0]
    assert (e["source"]["code"], e["target"]["code"], e["cameo"]) == ("KORGOV", "PRKGOV", "036")
    assert e["date"] == "2025-09-22"  # 'on Monday' before a Wednesday publication
    assert peacewatch.code_text("The weather was mild.") == []
    with pytest.raises(PeacewatchError):
        peacewatch.code_text("   ")
