"""Output folders that zcf-opt owns: written whole or not at all, and never a user's file lost.

Every folder zcf-opt writes (a run, a report, a sweep, a MACC) holds a manifest,
:data:`MANIFEST`, naming its kind and every entry zcf-opt wrote there with its sha256. The rules:

- A folder that does not exist, or is empty, may be written.
- A folder with a manifest of the same kind is written again by replacing *only the entries
  its manifest lists*; everything else in it (``sweep/``, ``report/``, a user's notes) stays.
- A folder without a manifest whose entries an earlier zcf-opt wrote (the writer's
  ``legacy`` rule, e.g. only the known file names of a run) is treated as owned.
- Any other folder is refused before anything is written (:class:`~zcf_opt.errors.OutputError`),
  unless the caller allows writing *beside* foreign entries (``beside_foreign``); even then an
  entry that zcf-opt did not write is never replaced or removed.

Writing goes to a hidden staging folder first; only when every file is complete are the
entries moved into place, under a lock on the parent folder (so two processes writing the same
folder end with one complete run), old entries moved aside first and put back if a move fails.
A read-only folder or a full disk therefore leaves an older run as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from zcf_opt.errors import OutputError

#: the manifest of an owned folder: {"kind", "files": {entry: sha256 or "folder"}, "zcf_opt_version"}
MANIFEST = "zcf-opt-manifest.json"

#: prefix of hidden staging and set-aside folders (followed by the writing process's id)
_STAGING = ".zcf-opt-new."
_ASIDE = ".zcf-opt-old."

#: says of an entry of a folder without a manifest: ``"own"`` (an earlier zcf-opt wrote it; it
#: may be replaced), ``"keep"`` (zcf-opt's, but not this writer's: it stays), or None (foreign)
Legacy = Callable[[Path], str | None]


def _version() -> str:
    from zcf_opt import __version__

    return __version__


def sha256_of(path: Path) -> str:
    """sha256 of a file's bytes [hex]."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of ``folder``, or None when it has none (or an unreadable one)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict) or "kind" not in data:
        return None
    return data


def intact(folder: Path, kind: str) -> bool:
    """True when ``folder`` is a ``kind`` folder whose every listed file has its recorded sha256."""
    manifest = read_manifest(folder)
    if manifest is None or manifest["kind"] != kind:
        return False
    for name, digest in manifest["files"].items():
        path = folder / name
        try:
            if digest == "folder" and not path.is_dir():
                return False
            if digest != "folder" and sha256_of(path) != digest:
                return False
        except OSError:
            return False
    return True


def _is_ours_in_progress(name: str) -> bool:
    return name.startswith((_STAGING, _ASIDE))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(folder: Path) -> None:
    """Remove staging and set-aside folders left in ``folder`` by processes that no longer run."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if not _is_ours_in_progress(path.name):
            continue
        try:
            pid = int(path.name.split(".")[2])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(path, ignore_errors=True)


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not _is_ours_in_progress(p.name))


def owned_entries(target: Path, kind: str, legacy: Legacy | None = None) -> set[str] | None:
    """Names of the entries of ``target`` zcf-opt may replace; None when ``target`` is foreign.

    An absent or empty folder owns nothing (an empty set); a folder whose manifest is of
    another kind, or that holds entries zcf-opt did not write, is foreign (None).
    """
    if not target.exists():
        return set()
    if not target.is_dir():
        return None
    manifest = read_manifest(target)
    if manifest is not None:
        return set(manifest["files"]) if manifest["kind"] == kind else None
    entries = [p for p in _entries(target) if p.name != MANIFEST]
    if not entries:
        return set()
    verdicts = {p.name: legacy(p) for p in entries} if legacy is not None else {}
    if verdicts and all(verdicts.values()):
        return {name for name, verdict in verdicts.items() if verdict == "own"}
    return None


def check_destination(
    target: Path, kind: str, legacy: Legacy | None = None, beside_foreign: bool = False
) -> None:
    """Raise :class:`OutputError` unless zcf-opt may and can write a ``kind`` folder at ``target``."""
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder; choose a folder for the results")
    if owned_entries(target, kind, legacy) is not None:
        _check_writable(target)
        return
    manifest = read_manifest(target)
    if manifest is not None:
        raise OutputError(
            f"{target}: is a zcf-opt {manifest['kind']} folder, not a {kind} folder; choose another folder"
        )
    if not beside_foreign:
        foreign = [p.name + ("/" if p.is_dir() else "") for p in _entries(target)]
        shown = ", ".join(foreign[:4]) + (f" and {len(foreign) - 4} more" if len(foreign) > 4 else "")
        raise OutputError(
            f"{target}: holds files zcf-opt did not write ({shown}); choose a new or empty folder "
            "(or allow writing beside them: nothing of theirs is changed)"
        )
    _check_writable(target)


def _check_writable(target: Path) -> None:
    """Raise :class:`OutputError` when ``target`` (or the folder it would be made in) is read-only."""
    existing = next((p for p in [target, *target.absolute().parents] if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: cannot be written (no write permission or a read-only file system)")


def protect_inputs(target: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that is the current folder, one above it, or an input's folder.

    Parameters
    ----------
    target
        The chosen output folder.
    inputs
        Files the run reads (scenario, factory model, ...): their folders are refused.
    """
    resolved = target.expanduser().resolve()
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"{target}: exists and is not a folder; choose a folder for the results")
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents:
        raise OutputError(f"{target}: is the current folder or one above it; choose a folder of its own")
    for path in inputs:
        if resolved == Path(path).expanduser().resolve().parent:
            raise OutputError(f"{target}: holds the input file {Path(path).name}; choose a folder of its own")


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` (flock on its descriptor; no lock where flock is missing)."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _manifest(kind: str, folder: Path, names: list[str], previous: dict[str, str] | None = None) -> str:
    files = dict(previous or {})
    for name in names:
        path = folder / name
        files[name] = "folder" if path.is_dir() else sha256_of(path)
    data = {"kind": kind, "files": dict(sorted(files.items())), "zcf_opt_version": _version()}
    return json.dumps(data, indent=2, ensure_ascii=False)


def _write_text_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f"{_STAGING}{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _commit(staging: Path, target: Path, kind: str, legacy: Legacy | None, beside_foreign: bool) -> None:
    """Move the staged entries into ``target``, replacing only what zcf-opt owns there."""
    check_destination(target, kind, legacy, beside_foreign)
    names = sorted(p.name for p in staging.iterdir() if p.name != MANIFEST)
    if not target.exists():
        (staging / MANIFEST).write_text(_manifest(kind, staging, names), encoding="utf-8")
        staging.rename(target)
        return
    owned = owned_entries(target, kind, legacy) or set()
    clashes = [n for n in names if (target / n).exists() and n not in owned]
    if clashes:
        raise OutputError(
            f"{target}: already holds {', '.join(clashes[:4])}, which zcf-opt did not write; "
            "nothing was changed"
        )
    manifest_text = _manifest(kind, staging, names)
    aside = target / f"{_ASIDE}{os.getpid()}.{uuid.uuid4().hex[:8]}"
    aside.mkdir()
    moved_aside: list[str] = []
    moved_in: list[str] = []
    try:
        for name in [MANIFEST, *sorted(owned)]:
            if (target / name).exists() or (target / name).is_symlink():
                (target / name).rename(aside / name)
                moved_aside.append(name)
        for name in names:
            (staging / name).rename(target / name)
            moved_in.append(name)
        _write_text_atomic(target / MANIFEST, manifest_text)
    except BaseException:
        for name in reversed(moved_in):
            with contextlib.suppress(OSError):
                (target / name).rename(staging / name)
        for name in reversed(moved_aside):
            with contextlib.suppress(OSError):
                (aside / name).rename(target / name)
        with contextlib.suppress(OSError):
            aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def staged_folder(
    target: Path, kind: str, legacy: Legacy | None = None, beside_foreign: bool = False
) -> Iterator[Path]:
    """Yield an empty staging folder; when the block ends, its entries become ``target``'s.

    Parameters
    ----------
    target
        The folder to write.
    kind
        What the folder is (``"run"``, ``"report"``, ``"sweep"``, ``"macc"``); a folder of
        another kind is refused.
    legacy
        Says of each entry of a folder without a manifest whether an earlier zcf-opt wrote it
        (see :data:`Legacy`).
    beside_foreign
        Write into a folder that holds entries zcf-opt did not write (they stay untouched).

    Raises
    ------
    zcf_opt.errors.OutputError
        Before anything is written when ``target`` may not be written; after a failed write
        (disk full, read-only folder), with ``target`` as it was.
    """
    target = Path(target)
    check_destination(target, kind, legacy, beside_foreign)
    tag = f"{os.getpid()}.{uuid.uuid4().hex[:8]}"
    try:
        if target.is_dir():
            remove_stale_staging(target)
            staging = target / f"{_STAGING}{tag}"
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(target.parent)
            staging = target.parent / f"{_STAGING}{tag}.{target.name}"
        staging.mkdir()
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    try:
        yield staging
        with _locked(target.parent):
            _commit(staging, target, kind, legacy, beside_foreign)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            where = f" ({Path(exc.filename).name})" if exc.filename else ""
            raise OutputError(
                f"{target}: cannot be written{where}: {exc.strerror or exc}; nothing was changed"
            ) from None
        raise


def claim_folder(target: Path, kind: str, legacy: Legacy | None = None) -> None:
    """Make ``target`` an owned ``kind`` folder (created with an empty manifest if needed).

    For folders filled over time (a sweep's runs appear one by one): later writes into it go
    through :func:`staged_folder` and replace only what they wrote.
    """
    target = Path(target)
    check_destination(target, kind, legacy)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(target.parent):
            check_destination(target, kind, legacy)
            target.mkdir(exist_ok=True)
            if read_manifest(target) is None:
                owned = sorted(owned_entries(target, kind, legacy) or set())
                _write_text_atomic(target / MANIFEST, _manifest(kind, target, owned))
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None


def add_file(target: Path, kind: str, name: str, text: str) -> Path | None:
    """Write one file into an owned (or new) ``kind`` folder and list it in the manifest.

    Returns the file's path, or None when ``target`` is not zcf-opt's to write or cannot be
    written (the caller then writes elsewhere).
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(target.parent):
            owned = owned_entries(target, kind)
            if owned is None or ((target / name).exists() and name not in owned):
                return None
            target.mkdir(exist_ok=True)
            _write_text_atomic(target / name, text)
            previous = (read_manifest(target) or {}).get("files", {})
            _write_text_atomic(target / MANIFEST, _manifest(kind, target, [name], previous))
    except OSError:
        return None
    return target / name
