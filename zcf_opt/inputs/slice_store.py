"""Time slices kept on disk between runs, keyed by everything they depend on.

Computing the slices of a factory loads pvlib, tsam, scikit-learn and much of SciPy and
clusters the year: one to three seconds, the same for every run of that factory at one time
resolution. The slices are therefore kept as one ``slices-<key>.npz`` file per key in a cache
folder:

- ``$ZCF_OPT_CACHE_DIR`` when set (an empty value switches the store off), else
  ``$XDG_CACHE_HOME/zcf-opt``, else ``~/.cache/zcf-opt``.
- The key is :func:`zcf_opt.inputs.slices.slices_key` (the factory's fields, the bytes of its
  data files, the resolution) combined with the zcf-opt version, a digest of the source of
  :mod:`zcf_opt.inputs` and the installed copies of pvlib, tsam and scikit-learn (path, size
  and time stamp of their ``__init__.py``, read without importing them): a change to any of
  these computes the slices again.
- Files are written to a temporary name and renamed, so a reader never sees half a file; a
  file that cannot be read is ignored and written again. At most :data:`MAX_FILES` are kept,
  the least recently used are removed first, and nothing else in the folder is touched.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import uuid
from functools import cache
from pathlib import Path

import numpy as np

from zcf_opt import __version__
from zcf_opt.inputs.typical_days import TimeSlices
from zcf_opt.notices import Notice

#: environment variable naming the cache folder (empty: no cache)
CACHE_ENV = "ZCF_OPT_CACHE_DIR"

#: slice files kept in the cache folder
MAX_FILES = 64

#: libraries whose results the slices hold
LIBRARIES = ("pvlib", "tsam", "sklearn")

_PREFIX, _SUFFIX = "slices-", ".npz"


def cache_dir() -> Path | None:
    """The cache folder, or None when the store is switched off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zcf-opt"


@cache
def code_digest() -> str:
    """Digest of the code that computes slices: zcf-opt's input modules and the libraries [hex]."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else "missing"
        stat = os.stat(origin) if spec is not None and spec.origin else None
        digest.update(
            f"|{name}|{origin}|{stat.st_size if stat else 0}|{stat.st_mtime_ns if stat else 0}".encode()
        )
    return digest.hexdigest()


def _path(folder: Path, key: str) -> Path:
    name = hashlib.sha256(f"{key}|{code_digest()}".encode()).hexdigest()[:32]
    return folder / f"{_PREFIX}{name}{_SUFFIX}"


def read_slices(key: str) -> TimeSlices | None:
    """The stored slices of ``key``, or None (none stored, store off, or file unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = _path(folder, key)
    try:
        with np.load(path, allow_pickle=False) as data:
            values = {name[len("values/") :]: data[name] for name in data.files if name.startswith("values/")}
            slices = TimeSlices(
                values=values,
                weight_days=data["weight_days"],
                day_to_period=data["day_to_period"],
                method=str(data["method"]),
                notes=tuple(Notice.from_dict(note) for note in json.loads(str(data["notes"]))),
                descriptions=tuple(str(text) for text in data["descriptions"]),
            )
        os.utime(path)  # recently used: pruned last
    except (OSError, ValueError, KeyError):
        return None
    return slices


def store_slices(key: str, slices: TimeSlices) -> None:
    """Keep ``slices`` under ``key``; a folder that cannot be written leaves the run unaffected."""
    folder = cache_dir()
    if folder is None:
        return
    path = _path(folder, key)
    partial = path.with_name(f".{path.stem}-{uuid.uuid4().hex}.partial")
    arrays = {f"values/{name}": np.asarray(v) for name, v in slices.values.items()}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as handle:
            np.savez(
                handle,
                weight_days=np.asarray(slices.weight_days),
                day_to_period=np.asarray(slices.day_to_period),
                method=np.asarray(slices.method),
                notes=np.asarray(
                    json.dumps(
                        [{"code": n.code, "params": n.params, "severity": n.severity} for n in slices.notes]
                    )
                ),
                descriptions=np.asarray(slices.descriptions, dtype=str),
                **arrays,
            )
        os.replace(partial, path)
        _prune(folder)
    except OSError:
        partial.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    """Remove the least recently used slice files beyond :data:`MAX_FILES`."""
    files = sorted(folder.glob(f"{_PREFIX}*{_SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in files[MAX_FILES:]:
        stale.unlink(missing_ok=True)
