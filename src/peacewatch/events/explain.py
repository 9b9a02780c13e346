"""Why the coder coded what it coded: the parse, the triggers, which were selected and the roles.

    python -m peacewatch.events.explain "North Korea fired two missiles into the sea on Monday."
    python -m peacewatch.events.explain --file story.txt
    python -m peacewatch.events.explain [--no-builtin] --dictionaries DIR "..."   (your dictionaries, beside the built-in ones unless --no-builtin)

Prints, per sentence, every token with its tag, relation and head, the actor it belongs to, the
triggers found (pattern id, code, covered words), which were selected, and each event's roles.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..config import Options
from ..model import RawDocument


def explain(text: str, options: Options | None = None, *, published: str | None = None, tokens: bool = True) -> str:
    from ..pipeline import Pipeline
    from ..text.reference import ActorFinder
    from .coder import select
    from .modality import modality
    from .roles import RoleFinder

    options = options or Options()
    pipe = Pipeline(options)
    meta = {"published": published} if published else {}
    article = pipe.prepare(RawDocument(origin="explain", kind="text", raw_text=text, meta=meta))
    coded = pipe.code_article(article, with_quotes=False)
    parsed = coded.parsed
    finder = ActorFinder(parsed)
    rf = RoleFinder(finder)
    lines: list[str] = []
    year = int(article.published[:4]) if article.published else None
    for ps in parsed.sentences:
        lines.append(f"== sentence {ps.index} [{ps.start}:{ps.end}] parsed={ps.parsed}: {ps.text}")
        for k, a in enumerate(ps.actors):
            lines.append(f"   actor {k}: {a.code:<10} {a.text!r} kind={a.kind} ({a.resolution})")
        if tokens and ps.parsed:
            for t in ps.doc:
                k = ps.tok_actor[t.i]
                lines.append(f"   {t.i:>3} {t.text:<16} {t.lemma_:<14} {t.tag_:<5} {t.dep_:<10} -> {t.head.i:<3} {'A' + str(k) if k >= 0 else ''} {t.ent_type_}")
        trigs = pipe.coder.index.find(ps)
        chosen = select(trigs)
        for tr in trigs:
            mark = "*" if tr in chosen else " "
            words = " ".join(ps.doc[i].text for i in sorted(tr.covered))
            lines.append(f"   {mark} trigger {tr.token.text!r} {tr.code} {tr.rule} covers [{words}] slots={tr.slots}")
            if tr in chosen:
                r = rf.roles(tr)
                m, cond = modality(tr, year, article.published)
                lines.append(f"       source {[a.code for a in r.sources]} ({r.source_how}); target {[a.code for a in r.targets]} ({r.target_how});"
                             f" reporter {r.reporter.code if r.reporter else None}; notes {r.notes}")
                lines.append(f"       modality {m}; condition {cond!r}")
    lines.append("== events")
    for e in coded.events:
        lines.append(f"   {e.cameo} {e.source.code if e.source else None} -> {e.target.code if e.target else None} "
                     f"'{e.trigger.text}' {e.rule} {e.modality} mentions={e.mentions}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    tokens = "--no-tokens" not in args
    args = [a for a in args if a != "--no-tokens"]
    options = Options()
    if "--no-builtin" in args:  # as in the CLI: only the dictionaries given
        options = options.with_(builtin_dictionaries=False)
        args = [a for a in args if a != "--no-builtin"]
    while args[:1] == ["--dictionaries"]:
        options = options.with_(dictionaries=options.dictionaries + (Path(args[1]),))
        args = args[2:]
    if args[:1] == ["--file"]:
        text = Path(args[1]).read_text(encoding="utf-8")
    else:
        text = " ".join(args)
    print(explain(text, options, tokens=tokens))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
