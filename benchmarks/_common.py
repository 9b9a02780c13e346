"""Shared helpers for the benchmarks: where the corpora are, memory readings, markdown tables."""

from __future__ import annotations

import os
import platform
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PEACEWATCH_SHARED", ROOT.parent / "shared"))
KCNA = SHARED / "corpora" / "kcna-2011" / "KCNA_2011.jsonl.gz"
REUTERS = SHARED / "corpora" / "reuters-21578" / "reuters21578-sgm.tar.gz"

sys.path.insert(0, str(ROOT / "src"))


def need(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"benchmark input {path} is absent (../shared is on the project's dev and CI machines)")
    return path


def rss_mib() -> float:
    """Current resident set size of this process (MiB), from /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def table(headers: list[str], rows: list[list[object]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)
