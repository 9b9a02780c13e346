"""The ``peacewatch`` command. Thin: each verb parses flags and calls the library.

Each verb lives in its own module under ``peacewatch.cli`` and is registered here. :func:`main`
is the one place where an error becomes an exit status: every error reaches the terminal as one
line on stderr that says what was wrong and what to do (``--debug`` adds the traceback). The exit
statuses (README "Exit status"):

    0    done
    1    an error stopped the verb (no database, a bad query or date, a bad dictionary, ...)
    1-125  ingest, extract, code: how many inputs or records failed (the rest were done)
    2    the command line is wrong (unknown option, missing argument)
    70   an internal error (a bug in peacewatch: rerun with --debug and report it)
    130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from .. import __version__
from ..errors import PeacewatchError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

# (module, attribute) of each verb, in the order --help lists them.
VERBS = [
    ("ingest", "ingest"),
    ("extract", "extract"),
    ("code", "code"),
    ("events", "events"),
    ("quotes", "quotes"),
    ("search", "search"),
    ("series", "series"),
    ("report", "report"),
    ("serve", "serve"),
    ("load", "load"),
    ("watch", "watch"),
    ("evaluate", "evaluate"),
    ("actors", "actors"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peacewatch")
@click.option("--debug", is_flag=True, help="Show the traceback of an error (also PEACEWATCH_DEBUG=1; "
              "--debug may stand anywhere on the line).")
def cli(debug: bool = False) -> None:
    """peacewatch: news in; events, quotes, tracks and cooperation/conflict series out.

    Exit status: 0 done; 1 an error (one line on stderr says what and what to do); for ingest,
    extract and code, the number of inputs that failed (capped at 125); 2 a wrong command line;
    70 an internal error; 130 interrupted.
    """


for _mod, _attr in VERBS:
    _m = importlib.import_module(f".{_mod}", __name__)
    cli.add_command(getattr(_m, _attr))


def _error(line: str) -> None:
    click.echo(f"peacewatch: error: {' '.join(line.split())}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Run the command line and exit with its status; no error leaves as a traceback unless
    ``--debug`` (anywhere in ``argv``) or ``PEACEWATCH_DEBUG=1`` asks for it."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = os.environ.get("PEACEWATCH_DEBUG", "") not in ("", "0")
    if "--debug" in args:
        debug = True
        args = [a for a in args if a != "--debug"]
    from . import _common

    _common.DEBUG = debug
    try:
        cli.main(args=args, prog_name="peacewatch", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:  # usage errors: click's own message and hint
        e.show()
        sys.exit(e.exit_code)
    except (click.Abort, KeyboardInterrupt):
        _error("interrupted; what was committed is kept — run the same command again to finish")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so that the exit flush does not fail again
        except OSError:
            pass
        sys.exit(0)
    except PeacewatchError as e:
        if debug:
            traceback.print_exc()
        _error(e.one_line())
        sys.exit(EXIT_ERROR)
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - the last guard: a bug becomes one line too
        if debug:
            traceback.print_exc()
        where = "" if debug else "; rerun with --debug to see where"
        _error(f"internal error {type(e).__name__}: {str(e)[:300]}{where}, and report it to the peacewatch "
               "issue tracker")
        sys.exit(EXIT_INTERNAL)
    sys.exit(0)
