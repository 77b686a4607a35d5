"""A click group whose sub-commands are imported only when one of them runs.

``zcf-opt --help`` lists every command with the first sentence of its docstring, read from
the module's source with :mod:`ast` (nothing is imported), so ``--help`` and ``--version``
answer at once and ``solve`` never loads the sweep or report code.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import click

#: folder of the ``zcf_opt`` package
PACKAGE_DIR = Path(__file__).resolve().parent


def source_docstring(target: str) -> str:
    """Docstring of the function ``"zcf_opt.module:function"``, read from its source file."""
    module, function = target.split(":")
    path = PACKAGE_DIR.joinpath(*module.split(".")[1:]).with_suffix(".py")
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return ast.get_docstring(node) or ""
    raise LookupError(f"no function {function} in {path}")


class LazyCommandGroup(click.Group):
    """A group with commands given as ``{"name": "zcf_opt.module:function"}``, imported on use.

    Parameters
    ----------
    lazy_commands
        Command name -> ``"module:attribute"`` of the click command.
    """

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module, attribute = self.lazy_commands[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, without importing the commands not loaded yet."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        rows = []
        for name in names:
            command = self.commands.get(name) or click.Command(
                name, help=source_docstring(self.lazy_commands[name])
            )
            if not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
