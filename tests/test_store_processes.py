"""The store across real processes: a WAL writer with a concurrent reader, and a writer killed with
SIGKILL half-way (the database stays whole; a rerun adds the rest and duplicates nothing)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from peacewatch.store import Store

N = 40

WRITER = textwrap.dedent(
    """
    import random, sys
    from peacewatch.dedup import content_hash
    from peacewatch.model import Article, CodedArticle, Event, Modality, Sentence, Span, ActorRef
    from peacewatch.store import Store

    VOCAB = ("ministry talks border envoy harbour grain treaty rail bridge summit delegation army "
             "navy exercise sanction aid family reunion office survey river village mountain vote "
             "council budget school festival market energy pipeline factory harvest storm coast "
             "satellite launch missile dialogue pledge visit letter statement protest court").split()

    def story(i):
        rnd = random.Random(i)
        body = " ".join(rnd.choice(VOCAB) for _ in range(60)) + f" item {i}."
        title = f"Story {i}"
        text = title + "\\n\\n" + body
        a = Article(article_id=f"s{i}", origin=f"input/{i}.txt", kind="text", raw_text=text, text=text,
                    body_start=len(title) + 2, title=title, published="2025-01-%02d" % (1 + i % 28))
        src = ActorRef("KORGOV", "KOR", "GOV", "Seoul", "Seoul", a.body_start, a.body_start + 5)
        ev = Event(article_id=a.article_id, sentence_index=1, sentence=body, date=a.published, date_basis="t",
                   source=src, target=None, cameo="010", cameo_root="01", quad_class=1, goldstein=0.0,
                   plover=None, modality=Modality(), condition=None,
                   trigger=Span("x", a.body_start, a.body_start + 1), rule="t", confidence=1.0)
        sents = [Sentence(0, 0, len(title), title), Sentence(1, a.body_start, len(text), body)]
        return CodedArticle(article=a, sentences=sents, actors=[src], events=[ev])

    db, n, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    import time
    with Store.open(db) as store:
        for i in range(n):
            c = story(i)
            if store.has_origin(c.article.origin, content_hash(c.article.body)):
                print("skip", i, flush=True)
                continue
            with store.transaction():
                r = store.add(c)
            print(r.status, i, flush=True)
            time.sleep(pause)
    """
)


@pytest.fixture
def writer(tmp_path):
    path = tmp_path / "writer.py"
    path.write_text(WRITER, encoding="utf-8")
    return path


def _run(writer, db, n=N, pause=0.0):
    return subprocess.Popen([sys.executable, str(writer), str(db), str(n), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigkill_mid_run_then_rerun(tmp_path, writer):
    db = tmp_path / "crash.db"
    Store.open(db).close()
    proc = _run(writer, db, pause=0.02)
    committed = []
    for line in proc.stdout:
        status, i = line.split()
        committed.append(int(i))
        if len(committed) >= 8:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with Store.open(db) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {a["article_id"] for a in s.articles()}
        assert {f"s{i}" for i in committed} <= stored
        assert len(stored) < N
        for aid in stored:  # every committed article is whole
            assert len(s.sentences(aid)) == 2
            assert s.count_events(article_id=aid) == 1
            assert s.conn.execute("SELECT count(*) FROM lsh_buckets b JOIN articles a ON a.rid = b.rid "
                                  "WHERE a.article_id = ?", (aid,)).fetchone()[0] == 16
        s.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    rerun = _run(writer, db)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    lines = [ln.split() for ln in out.splitlines()]
    assert sum(1 for st, _ in lines if st == "skip") == len(stored)
    assert sum(1 for st, _ in lines if st == "new") == N - len(stored)
    with Store.open(db) as s:
        summ = s.summary()
        assert (summ["articles"], summ["copies"], summ["duplicates"], summ["events"], summ["sentences"]) == (
            N, N, 0, N, 2 * N)
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_writer_and_reader_concurrently(tmp_path, writer):
    db = tmp_path / "wal.db"
    Store.open(db).close()
    proc = _run(writer, db, pause=0.01)
    seen = []
    with Store.open(db, readonly=True) as ro:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            ro.conn.execute("BEGIN")  # one read snapshot for both counts
            n = ro.summary()["articles"]
            assert ro.count_events() == n  # a reader never sees half an article
            ro.conn.execute("COMMIT")
            seen.append(n)
            time.sleep(0.005)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert ro.summary()["articles"] == N
    assert seen == sorted(seen)
    assert len(set(seen)) > 1  # the reader saw the writer's progress while it ran
