"""What every CLI verb shares: options from flags, one-line errors, exit status."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, NoReturn, TypeVar

import click

from ..config import DEFAULT_DB, Options
from ..engines import ENGINES, EngineSpec
from ..errors import PeacewatchError
from ..model import Article

db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database file.",
)

dictionaries_option = click.option(
    "--dictionaries",
    "dictionaries",
    type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path),
    multiple=True,
    help="A directory (or file) of dictionaries: peacewatch's own format or PETRARCH/TABARI "
    "actor, agent and verb files. Repeatable.",
)

no_builtin_option = click.option(
    "--no-builtin",
    is_flag=True,
    help="Use only the dictionaries given with --dictionaries, not the built-in ones.",
)


timeout_option = click.option(
    "--timeout", "url_timeout", type=click.FloatRange(min=0.1), default=None,
    help="Total seconds for one URL: connecting, redirects, headers and body (default 30); a slower URL "
    "fails, named, and the batch goes on.")

max_bytes_option = click.option(
    "--max-bytes", type=click.IntRange(min=1), default=None,
    help="Cap on one single-article file (bytes; default 20 MB).")


F = TypeVar("F", bound=Callable[..., Any])


def engine_options(f: F) -> F:
    """--engine, --workers and --scheduler (ingest, code)."""
    f = click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="With --engine dask: the address of a running Dask scheduler (tcp://host:8786) whose "
                     "workers have this peacewatch installed; see README, 'Engines'.")(f)
    f = click.option("--workers", type=click.IntRange(1, 512), default=None,
                     help="With --engine dask: start this many worker processes on this machine "
                     "(default: one per core).")(f)
    f = click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                     help="Where articles are coded: this process, or Dask workers (the optional extra "
                     "peacewatch[dask]); records come back to this process in input order.")(f)
    return f


def engine_spec(engine: str, workers: int | None, scheduler: str | None) -> EngineSpec:
    if engine != "dask" and (workers or scheduler):
        raise click.UsageError(f"{'--workers' if workers else '--scheduler'} needs --engine dask")
    if workers and scheduler:
        raise click.UsageError("give --workers (a cluster on this machine) or --scheduler (a running cluster), "
                               "not both")
    return EngineSpec(engine, workers, scheduler)


def report_error(err: BaseException | str) -> None:
    """Print one line to stderr (the contract: what was wrong and what to do)."""
    if isinstance(err, PeacewatchError):
        line = err.one_line()
    else:
        line = str(err).replace("\n", " ")
    click.echo(f"peacewatch: error: {line}", err=True)


def report_warning(origin: str, message: str) -> None:
    """One line on stderr for an input that was read but altered on the way (bytes that were not
    in its charset, references to no character): it is kept, and the user knows."""
    click.echo(f"peacewatch: warning: {origin}: {' '.join(message.split())}; read as it is "
               "(check the file's encoding)", err=True)


def warn_if_altered(article: Article) -> None:
    warning = (article.meta or {}).get("decode_warning")
    if warning:
        report_warning(article.origin, str(warning))


DEBUG = False
"""Set by ``peacewatch --debug`` (or PEACEWATCH_DEBUG=1): errors also print their traceback."""


def fail(err: BaseException | str, code: int = 1) -> NoReturn:
    if DEBUG and isinstance(err, BaseException):
        import traceback

        traceback.print_exception(err)
    report_error(err)
    sys.exit(code)


@contextmanager
def writing_to(out: object) -> Iterator[None]:
    """Run an export that writes to ``out`` (``None``: standard output). A PeacewatchError or a
    failed write ends the verb with one line; a reader that went away (``| head``) raises
    BrokenPipeError, which is left to click, which stops quietly."""
    try:
        yield
    except PeacewatchError as err:
        fail(err)
    except BrokenPipeError:
        raise
    except OSError as err:
        fail(f"cannot write {out}: {err.strerror}; check the path and its permissions")


def options_from(**kw: Any) -> Options:
    opts = Options()
    changes: dict[str, Any] = {}
    if kw.get("db") is not None:
        changes["db"] = Path(kw["db"])
    if kw.get("dictionaries"):
        changes["dictionaries"] = tuple(Path(p) for p in kw["dictionaries"])
    if kw.get("no_builtin"):
        changes["builtin_dictionaries"] = False
    for name in ("with_quotes", "progress", "max_bytes", "url_timeout"):
        if kw.get(name) is not None:
            changes[name] = kw[name]
    return opts.with_(**changes)


def exit_status(failed: int) -> int:
    """Exit status of a batch: 0 when all inputs succeeded, else the number failed (capped)."""
    return min(failed, 125)
