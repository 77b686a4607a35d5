"""Files: folders that appear complete or not at all, and YAML text parsed fast."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield a hidden staging folder beside ``target`` to write into.

    When the block ends without error, the staging folder replaces ``target`` (an older
    ``target`` is moved aside first and then removed, so ``target`` is never half-written);
    on error it is removed and ``target`` is left as it was. Leftovers of an interrupted
    process are hidden folders named ``.<target name>.<tag>.new`` / ``.old``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:8]
    staging = target.parent / f".{target.name}.{tag}.new"
    staging.mkdir()
    try:
        yield staging
        if target.exists():
            old = target.parent / f".{target.name}.{tag}.old"
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def parse_yaml(text: str) -> Any:
    """YAML text as Python data (safe loading), parsed by libyaml where it is installed.

    libyaml's parser reads the defaults catalogue, a rulebook or a scenario about five times
    faster than PyYAML's own; both build the same data.
    """
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
