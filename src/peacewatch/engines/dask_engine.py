"""The Dask engine: articles are coded on Dask workers, each of which loads the Pipeline once.

``EngineSpec(workers=N)`` starts a cluster of N single-threaded worker processes on this machine
(``distributed.LocalCluster``; the parser holds the GIL, so processes, not threads) and shuts it
down at the end; ``EngineSpec(scheduler="tcp://host:8786")`` uses a running cluster (``dask
scheduler`` and ``dask worker`` processes, each with this peacewatch installed).

Work is submitted in order and a window of tasks is kept in flight (two per worker thread), so the
workers code batch k+1.. while the client stores batch k; results are taken back in input order.
A task whose worker dies is run again elsewhere by the scheduler (and an exception in a task is
retried twice), so a lost worker costs time, not records; the writer stores each article once
whatever reaches it twice.
"""

from __future__ import annotations

import collections
import logging
import os
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from ..config import Options
from ..errors import EngineError, PeacewatchError
from ..model import Article, CodedArticle, InputFailure, RawDocument
from . import PARTITION_SIZE, EngineSpec, PartitionResult, chunks
from . import work
from ..pipeline import BATCH

T = TypeVar("T")
R = TypeVar("R")

RETRIES = 2
"""Times a task that raised is tried again (a task whose worker died is rescheduled regardless)."""
CONNECT_TIMEOUT = 30.0
"""Seconds to reach a scheduler given with --scheduler, and then for a first worker to join it."""
_INSTALL_HINT = "install the optional extra: pip install 'peacewatch[dask]'"


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as err:
        raise EngineError(f"the dask engine needs Dask, which is not installed ({err.name} is missing)",
                          hint=_INSTALL_HINT) from None
    return distributed


class DaskEngine:
    name = "dask"

    def __init__(self, options: Options, spec: EngineSpec):
        distributed = _import_distributed()
        self.options = options
        self.cluster: Any = None
        # a batch of articles is one task's argument; Dask's size warnings are not the user's business
        warnings.filterwarnings("ignore", message=".*[Ll]arge (object|graph).*", category=UserWarning)
        if spec.scheduler:
            try:
                self.client = distributed.Client(spec.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as err:
                raise EngineError(f"cannot reach the Dask scheduler at {spec.scheduler} ({err})",
                                  hint="start one with 'dask scheduler' and workers with 'dask worker ADDRESS' "
                                       "(README, 'Engines'), or use --workers N for a cluster on this machine") from None
            try:
                self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError:
                self.client.close()
                raise EngineError(f"no Dask worker joined the scheduler at {spec.scheduler} within "
                                  f"{CONNECT_TIMEOUT:g} s", hint=f"start one: dask worker {spec.scheduler}") from None
            self._check_workers(spec.scheduler)
        else:
            import dask

            # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536: glibc then hands memory
            # back after almost every free, and the coder (many small objects) spent 40-60% more CPU
            # on a worker than in this process (benchmarks/engine_bench.py). Workers keep glibc's default.
            dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
            n = spec.workers or os.cpu_count() or 1
            # no dashboard; the scheduler's HTTP server on a free loopback port (its default, 8787,
            # may be another cluster's: Dask then warns on stderr)
            self.cluster = distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                scheduler_kwargs={"dashboard": False}, silence_logs=logging.ERROR)
            self.client = distributed.Client(self.cluster)

    def _check_workers(self, address: str) -> None:
        from .. import __version__

        try:
            versions = self.client.run(work.worker_version)
        except Exception as err:  # noqa: BLE001 - whatever a worker without peacewatch says
            self.close()
            raise EngineError(f"the Dask workers at {address} cannot run peacewatch ({type(err).__name__}: {err})",
                              hint="install this peacewatch where each worker runs: pip install 'peacewatch[dask]'") from None
        other = {v for v in versions.values() if v != __version__}
        if other:
            self.close()
            raise EngineError(f"the Dask workers at {address} run peacewatch {', '.join(sorted(other))}, "
                              f"this is {__version__}", hint="install the same peacewatch on every worker")

    def _threads(self) -> int:
        try:
            return max(1, int(sum(self.client.nthreads().values())))
        except Exception:  # noqa: BLE001 - a guess is enough for the window
            return 1

    def _ordered(self, items: Iterable[tuple[T, Callable[..., R], tuple[Any, ...]]]) -> Iterator[tuple[T, R]]:
        """Submit ``fn(*args)`` for each item, keeping a window of tasks in flight; yield
        ``(tag, result)`` in the order given."""
        window: collections.deque[tuple[T, Any]] = collections.deque()
        ahead = 2 * self._threads()
        it = iter(items)
        done = False
        while True:
            while not done and len(window) < ahead:
                try:
                    tag, fn, args = next(it)
                except StopIteration:
                    done = True
                    break
                window.append((tag, self.client.submit(fn, *args, pure=False, retries=RETRIES)))
            if not window:
                return
            tag, future = window.popleft()
            try:
                result = future.result()
            except PeacewatchError:
                raise  # a bad dictionary and the like: the same line as the local engine
            except Exception as err:  # noqa: BLE001 - what Dask says about a task that could not finish
                raise EngineError(f"a Dask task failed: {type(err).__name__}: {' '.join(str(err).split())[:300]}",
                                  hint="rerun: what was stored is kept and nothing is stored twice") from None
            finally:
                future.release()
            yield tag, result

    def code_batches(
        self, batches: Iterable[tuple[T, list[Article]]], *, with_quotes: bool = True
    ) -> Iterator[tuple[T, list[CodedArticle | Exception]]]:
        opts = self.options
        yield from self._ordered((tag, work.code_articles_task, (articles, opts, with_quotes))
                                 for tag, articles in batches)

    def code_documents(
        self, docs: Iterable[RawDocument | InputFailure], *, with_quotes: bool
    ) -> Iterator[CodedArticle | InputFailure]:
        opts = self.options
        parts = ((None, work.code_documents_task, (part, opts, with_quotes))
                 for part in chunks(docs, BATCH))
        for _tag, results in self._ordered(parts):
            yield from results

    def write_partitions(
        self, docs: Iterable[RawDocument | InputFailure], out_dir: Path, *, with_quotes: bool,
        partition_size: int = PARTITION_SIZE,
    ) -> Iterator[PartitionResult]:
        opts = self.options
        target = str(Path(out_dir).resolve())
        parts = ((n, work.write_partition_task, (part, opts, with_quotes, target, n))
                 for n, part in enumerate(chunks(docs, partition_size)))
        for _n, result in self._ordered(parts):
            yield result

    def close(self) -> None:
        client, cluster = getattr(self, "client", None), self.cluster
        self.client, self.cluster = None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

