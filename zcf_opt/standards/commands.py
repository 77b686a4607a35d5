"""``zcf-opt standards``: the shipped rulebooks, one in full, or a user's rulebook file."""

from __future__ import annotations

import click

from zcf_opt.cli_errors import HandledCommand
from zcf_opt.standards.library import find_rulebook, shipped_rulebooks
from zcf_opt.standards.rulebook import Level, Rulebook


def _flags(requirement: object) -> str:
    flags = []
    if requirement.provisional:
        flags.append("PROVISIONAL")
    if requirement.from_year is not None:
        flags.append(f"from {requirement.from_year}")
    if requirement.when:
        flags.append("when " + ", ".join(f"{k}={v}" for k, v in requirement.when.items()))
    return f" [{'; '.join(flags)}]" if flags else ""


def level_lines(rulebook: Rulebook, level: Level, full: bool) -> list[str]:
    """A level and its requirements, each with its source."""
    label = f" — {level.label_in('en')} ({level.label})" if level.label else ""
    lines = [f"  {level.name} (boundary {level.boundary}, rank {level.rank}){label}"]
    requirements = level.requirements if full else level.active()
    for requirement in requirements:
        lines.append(f"    - {requirement.id}: {requirement.describe()}{_flags(requirement)}")
        lines.append(f"      source: {requirement.source.text()}")
        if full and requirement.note:
            lines.append(f"      note: {requirement.note}")
    if full:
        lines += [f"    not modelled: {text}" for text in level.qualitative]
    return lines


def _title(rulebook: Rulebook) -> str:
    """``standard — title (English title)``."""
    english = f" ({rulebook.title_en})" if rulebook.title_en and rulebook.title_en != rulebook.title else ""
    return f"{rulebook.standard} — {rulebook.title}{english}"


def summary_lines(rulebook: Rulebook) -> list[str]:
    """A rulebook's levels and requirements (options at their default)."""
    lines = [f"{rulebook.id}: {_title(rulebook)}"]
    for level in rulebook.levels:
        lines += level_lines(rulebook, level, full=False)
    for name, option in rulebook.options.items():
        lines.append(
            f"  option {name}: {option.description} "
            f"(default {option.default}; choices {', '.join(option.choices)})"
        )
    return lines


def full_lines(rulebook: Rulebook) -> list[str]:
    """Everything a rulebook says."""
    lines = [
        _title(rulebook),
        f"id: {rulebook.id}; issued by {rulebook.issuer}, {rulebook.year}",
    ]
    if rulebook.url:
        lines.append(f"read at: {rulebook.url}")
    if rulebook.notes:
        lines.append(f"notes: {' '.join(rulebook.notes.split())}")
    if rulebook.options:
        lines.append("options (choose in a scenario's rulebook_options):")
        for name, option in rulebook.options.items():
            lines.append(f"  {name}: {option.description} (default: {option.default})")
            for choice, meaning in option.choices.items():
                lines.append(f"    {choice}: {meaning}")
                if option.choices_zh.get(choice):
                    lines.append(f"      {option.choices_zh[choice]}")
    lines.append("boundaries:")
    for name, boundary in rulebook.boundaries.items():
        scope3 = ", ".join(boundary.scope3) or "none"
        certificates = (
            ""
            if boundary.scope2 != "market"
            else (", certificates count" if boundary.certificates_reduce_scope2 else ", green power only")
        )
        lines.append(
            f"  {name}: {boundary.description} [scope 1: {'yes' if boundary.scope1 else 'no'}; scope 2: "
            f"{boundary.scope2}{certificates}; scope 3: {scope3}; gases: {boundary.gases}]"
        )
    lines.append("levels:")
    for level in rulebook.levels:
        lines += level_lines(rulebook, level, full=True)
    return lines


@click.command("standards", cls=HandledCommand)
@click.argument("name", required=False)
def standards_command(name: str | None) -> None:
    """List the shipped standards, or show NAME in full (an id, a reference or a rulebook file).

    The JSON Schema of the rulebook format: ``zcf-opt schema rulebook``.
    """
    if name is None:
        for rulebook in shipped_rulebooks():
            click.echo("\n".join(summary_lines(rulebook)))
            click.echo("")
        click.echo("zcf-opt standards NAME shows one in full; NAME may also be a rulebook file.")
        return
    click.echo("\n".join(full_lines(find_rulebook(name))))
