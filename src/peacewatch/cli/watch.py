"""`peacewatch watch SOURCE... [--db FILE] [--every 15m] [--alerts FILE] [--once]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._common import db_option, dictionaries_option, exit_status, fail, no_builtin_option, options_from, report_error


@click.command("watch")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--every", default="15m", show_default=True, metavar="DURATION",
              help="Time between polls: 30s, 15m, 1h (GDELT updates every 15 minutes).")
@click.option("--alerts", "alerts_file", type=click.Path(dir_okay=False), default=None,
              help="Append every alert to FILE, one JSON object a line.")
@click.option("--webhook", metavar="URL", default=None,
              help="POST every alert as JSON to URL (retried at the next poll until it answers 2xx).")
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False), default=None,
              help="A TOML file with an [alert] table: window_days, k, min_events, min_baseline_days, dyads, "
                   "max_dyads (default: 90 days, 2 sd, 3 events, 5 days with events, every dyad).")
@click.option("--once", is_flag=True, help="Poll once and exit (for cron and tests); the exit status is the "
                                           "number of sources that failed.")
@click.option("--timeout", "url_timeout", type=float, default=None, help="Seconds for fetching a URL.")
@click.option("--retry-wait", type=click.FloatRange(0, 600), default=2.0, show_default=True,
              help="Seconds before the first retry of a URL that failed (then twice that before the second).")
@dictionaries_option
@no_builtin_option
def watch(sources: tuple[str, ...], db: Path, every: str, alerts_file: str | None, webhook: str | None,
          rules_file: str | None, once: bool, url_timeout: float | None, retry_wait: float,
          dictionaries: tuple[Path, ...], no_builtin: bool) -> None:
    """Poll feeds (RSS/Atom), pages and folders; ingest what is new (deduplicated, as ingest
    does); raise an alert when a dyad's daily cooperation-conflict index leaves its recent band
    (the trailing 90 days' mean ± 2 sd, with at least 3 events on the day, by default).

    Alerts go to stdout (one line each), to --alerts FILE (JSONL) and to --webhook URL (a JSON
    POST); the dashboard's Alerts page shows them with the events behind each. A source that
    fails is retried, named in one line on stderr, and tried again later with a growing wait;
    the watch goes on. Killed and started again, it goes on where it was. Example rule file:

    \b
        [alert]
        window_days = 90
        k = 2.0
        min_events = 3
        dyads = ["KOR-PRK", "USA>PRK"]
    """
    from ..errors import PeacewatchError
    from ..watch import AlertRule, Watcher, load_rule, parse_every

    try:
        seconds = parse_every(every)
        rule = load_rule(rules_file) if rules_file else AlertRule()
        opts = options_from(db=db, dictionaries=dictionaries, no_builtin=no_builtin, url_timeout=url_timeout)
        if webhook and not webhook.lower().startswith(("http://", "https://")):
            fail(f"--webhook {webhook!r} is not an http(s) URL; give e.g. https://hooks.example.org/peacewatch", 2)
        watcher = Watcher(list(sources), opts.with_(progress=False), rule=rule, alerts_file=alerts_file,
                          webhook=webhook, every=seconds, retry_delays=(retry_wait, 2 * retry_wait))
        result = watcher.run(once=once)
    except KeyboardInterrupt:
        report_error("watch stopped; what was ingested is kept — run the same command to go on")
        sys.exit(130)
    except PeacewatchError as err:
        fail(err)
    sys.exit(exit_status(len(result.failed)))
