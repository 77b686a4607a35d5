"""The command line's one error handler: no command ever prints a Python traceback.

- Bad input (:class:`~zcf_opt.errors.InputError`): one ``error:`` line per problem, exit 2.
- An output folder that may not or cannot be written (:class:`~zcf_opt.errors.OutputError`):
  one line, exit 2.
- Ctrl-C: one line, exit 130.
- Anything else is an internal error: one line and exit 1; the traceback goes to
  ``error.log`` in the run folder the command writes (when that folder is zcf-opt's), else to
  a file in the temporary folder, and is printed instead with ``zcf-opt --debug``.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from zcf_opt.errors import InputError, OutputError

EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 1, 2, 130

#: key of ``ctx.meta`` that holds the ``--debug`` flag
DEBUG_KEY = "zcf_opt.debug"

#: name of the traceback file in a run folder
LOG_NAME = "error.log"

#: the folder (and its kind) where the running command keeps its results, for the log
_LOG_FOLDER: dict[str, Any] = {}


def log_into(folder: Path, kind: str) -> None:
    """Tell the handler where the running command writes (``kind``: ``"run"``, ``"sweep"`` ...)."""
    _LOG_FOLDER.update(folder=Path(folder), kind=kind)


def _save_log(text: str) -> Path:
    """Write the traceback to the command's folder if it is zcf-opt's, else to the temporary folder."""
    from zcf_opt.files import add_file

    folder = _LOG_FOLDER.get("folder")
    if folder is not None:
        written = add_file(folder, _LOG_FOLDER["kind"], LOG_NAME, text)
        if written is not None:
            return written
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(tempfile.gettempdir()) / f"zcf-opt-error-{stamp}-{os.getpid()}.log"
    path.write_text(text, encoding="utf-8")
    return path


def report_internal_error(exc: BaseException, debug: bool) -> None:
    """One line about an unexpected error; the traceback to a log file (or stderr with ``debug``)."""
    from zcf_opt import __version__

    text = (
        f"zcf-opt {__version__}, {datetime.datetime.now().isoformat(timespec='seconds')}\n"
        f"command: {' '.join(sys.argv)}\n\n" + "".join(traceback.format_exception(exc))
    )
    summary = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}".rstrip(": ")
    if debug:
        click.echo(text, err=True)
        click.echo(f"internal error: {summary}", err=True)
        return
    try:
        where = f"; the details are in {_save_log(text)}"
    except OSError:
        where = "; run again with --debug to see the details"
    click.echo(f"internal error: {summary}{where}", err=True)


def handled(ctx: click.Context, invoke: Callable[[click.Context], Any]) -> Any:
    """Run a command's ``invoke``; turn every exception into one line and an exit code."""
    _LOG_FOLDER.clear()
    try:
        return invoke(ctx)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem.line()}", err=True)
        ctx.exit(EXIT_BAD_INPUT)
    except OutputError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(EXIT_BAD_INPUT)
    except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:  # e.g. `zcf-opt schema | head`: the reader has gone
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        ctx.exit(EXIT_INTERNAL)
    except Exception as exc:
        report_internal_error(exc, bool(ctx.meta.get(DEBUG_KEY)))
        ctx.exit(EXIT_INTERNAL)


class HandledCommand(click.Command):
    """A command that ends with one clear line, never a traceback (also when invoked alone)."""

    def invoke(self, ctx: click.Context) -> Any:
        return handled(ctx, super().invoke)


class HandledGroup(click.Group):
    """The ``zcf-opt`` group: its commands are :class:`HandledCommand` (``@main.command``; commands
    of other packages declare ``cls=HandledCommand``)."""

    command_class = HandledCommand

    def invoke(self, ctx: click.Context) -> Any:
        return handled(ctx, super().invoke)
