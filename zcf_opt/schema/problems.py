"""Schema validation errors as one plain line per problem.

Pydantic reports a bad value of a union field (a trajectory is a number *or* ``{year: value}``
points) once per member of the union; :func:`validation_problems` keeps the member that
explains the problem best, says what was expected in words, shows what was found (shortened,
never a huge value whole) and suggests the closest field name for an unknown key.
"""

from __future__ import annotations

import difflib
import reprlib
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from zcf_opt.errors import InputError

#: error types that say the value has the wrong kind (a union member that does not apply)
TYPE_ERRORS = {
    "float_type",
    "float_parsing",
    "int_type",
    "int_parsing",
    "int_from_float",
    "dict_type",
    "list_type",
    "model_type",
    "model_attributes_type",
    "literal_error",
    "string_type",
    "bool_type",
    "bool_parsing",
    "is_instance_of",
    "none_required",
}

#: how a union member tag of pydantic reads in a message
_MEMBER_WORDS = {
    "float": "a number",
    "constrained-float": "a number",
    "int": "a whole number",
    "str": "text",
    "TypicalDays": "{typical_days: N}",
}

_SHORT = reprlib.Repr()
_SHORT.maxstring = 60
_SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = _SHORT.maxset = 4
_SHORT.maxlevel = 2


def shown(value: Any) -> str:
    """A short representation of a found value (at most about 80 characters)."""
    text = _SHORT.repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _members(annotation: Any) -> list[Any]:
    """The plain types an annotation may take (unions, Optional and Annotated unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _discriminators(model: type[BaseModel]) -> tuple[Any, ...]:
    """The values of a model's ``type`` field when it is a literal (a tagged union member)."""
    field = model.model_fields.get("type")
    annotation = field.annotation if field is not None else None
    return typing.get_args(annotation) if typing.get_origin(annotation) is typing.Literal else ()


def _member_for_tag(members: list[Any], tag: str) -> list[Any]:
    """The union members a pydantic member tag (``"dict[int,float]"``, ``"TypicalDays"``) names."""
    containers = {"dict[": dict, "list[": list, "literal[": typing.Literal}
    for start, origin in containers.items():
        if tag.startswith(start):
            return [m for m in members if typing.get_origin(m) is origin]
    named = [m for m in members if _is_model(m) and (m.__name__ == tag or tag in _discriminators(m))]
    return named or [m for m in members if not _is_model(m) and typing.get_origin(m) is None]


def walk(model: type[BaseModel], loc: Iterable[Any]) -> tuple[list[tuple[Any, str]], list[Any]]:
    """Follow an error location through the schema.

    Returns
    -------
    parts
        ``(part, kind)`` for each part of ``loc``; ``kind`` is ``"field"``, ``"item"`` (a list
        index or mapping key) or ``"tag"`` (the union member pydantic tried: no part of the
        field path).
    members
        The types that may sit at the end of ``loc``.
    """
    current: list[Any] = [model]
    parts: list[tuple[Any, str]] = []
    for part in loc:
        choices = [m for m in current if m is not type(None)]
        if part == "[key]":
            parts.append((part, "tag"))
            continue
        if len(choices) > 1 and isinstance(part, str):
            parts.append((part, "tag"))
            current = _member_for_tag(choices, part)
            continue
        following: list[Any] = []
        kind = "item"
        for choice in choices:
            origin = typing.get_origin(choice)
            if _is_model(choice) and isinstance(part, str) and part in choice.model_fields:
                following += _members(choice.model_fields[part].annotation)
                kind = "field"
            elif origin is list and isinstance(part, int):
                following += _members(typing.get_args(choice)[0])
            elif origin is dict:
                following += _members(typing.get_args(choice)[1])
        if not following and isinstance(part, str):
            kind = "field"  # an unknown key, or a field of a model-level check
        parts.append((part, kind))
        current = following
    return parts, current


def field_path(parts: list[tuple[Any, str]]) -> str:
    """Dotted field path (``tariff.tou_hours.peak[2]``, ``pv_capex_cny_per_kwp[2026]``), no member tags."""
    text: list[str] = []
    for part, kind in parts:
        if kind == "tag":
            continue
        text.append(f"[{part}]" if kind == "item" else ("." if text else "") + str(part))
    return "".join(text)


def _unknown_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """Message for an unknown key: the closest known field, or the list of fields."""
    name = str(loc[-1])
    _, members = walk(model, loc[:-1])
    known = sorted({f for m in members if _is_model(m) for f in m.model_fields})
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown field; did you mean '{close[0]}'?"
    if known:
        listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        return f"unknown field; expected one of: {listed}"
    return "unknown field"


def _expected(error: dict[str, Any]) -> str:
    """What the schema expected, in words."""
    kind, ctx = error["type"], error.get("ctx") or {}
    words = {
        "missing": "required field is missing",
        "float_type": "expected a number",
        "float_parsing": "expected a number",
        "int_type": "expected a whole number",
        "int_parsing": "expected a whole number",
        "int_from_float": "expected a whole number",
        "finite_number": "expected a finite number (not NaN or infinity)",
        "bool_type": "expected true or false",
        "bool_parsing": "expected true or false",
        "string_type": "expected text",
        "dict_type": "expected a mapping",
        "list_type": "expected a list",
        "model_type": "expected a mapping of fields",
        "model_attributes_type": "expected a mapping of fields",
        "recursion_loop": "expected plain values, found an alias that refers to itself",
    }
    if kind in words:
        return words[kind]
    bounds = {
        "greater_than_equal": (">=", "ge"),
        "greater_than": (">", "gt"),
        "less_than_equal": ("<=", "le"),
        "less_than": ("<", "lt"),
    }
    if kind in bounds:
        sign, key = bounds[kind]
        bound = ctx.get(key)
        return (
            f"expected a value {sign} {bound:g}"
            if isinstance(bound, int | float)
            else f"expected {sign} {bound}"
        )
    if kind == "literal_error":
        return f"expected {ctx.get('expected', 'one of the listed values')}"
    if kind == "too_short" and ctx.get("min_length") == 1:
        return "expected at least one entry (for a trajectory: one {year: value} point)"
    return str(error["msg"]).removeprefix("Value error, ")


def _describe(error: dict[str, Any]) -> str:
    message = _expected(error)
    if (
        error["type"] not in ("missing", "extra_forbidden", "value_error", "assertion_error")
        and "input" in error
    ):
        message += f", got {shown(error['input'])}"
    return message


def _union_split(parts: list[tuple[Any, str]]) -> tuple[tuple[Any, ...], Any]:
    """(location before the first member tag, that tag); the tag is None outside unions."""
    for index, (part, kind) in enumerate(parts):
        if kind == "tag" and part != "[key]":
            return tuple(p for p, _ in parts[:index]), part
    return tuple(p for p, _ in parts), None


def _merge_union_members(model: type[BaseModel], errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep, for each union field, the errors of the member that explains the problem best.

    Best: a member whose errors are about the value (a bound, a missing point) rather than its
    kind, then the member whose errors reach deepest into the value. When every member only
    says "wrong kind", one error lists what each member would have taken.
    """
    groups: dict[tuple[Any, ...], dict[Any, list[dict[str, Any]]]] = {}
    kept: list[tuple[tuple[Any, ...], dict[str, Any] | None]] = []
    for error in errors:
        prefix, tag = _union_split(walk(model, error["loc"])[0])
        if tag is None:
            kept.append((prefix, error))
            continue
        if prefix not in groups:
            groups[prefix] = {}
            kept.append((prefix, None))  # the union's place among the errors
        groups[prefix].setdefault(tag, []).append(error)
    merged: list[dict[str, Any]] = []
    for prefix, error in kept:
        if error is not None:
            merged.append(error)
            continue
        members = groups[prefix]

        def score(tag: Any, members: dict[Any, list[dict[str, Any]]] = members) -> tuple[bool, int]:
            found = members[tag]
            return any(e["type"] not in TYPE_ERRORS for e in found), max(len(e["loc"]) for e in found)

        best = max(members, key=score)
        about_value, depth = score(best)
        if about_value or depth > len(prefix) + 1 or len(members) == 1:
            merged += members[best]
            continue
        words = dict.fromkeys(_MEMBER_WORDS.get(str(tag)) or _describe_member(str(tag)) for tag in members)
        first = members[best][0]
        merged.append(
            {
                "type": "union",
                "loc": prefix,
                "msg": "expected " + " or ".join(words),
                "input": first.get("input"),
            }
        )
    return merged


def _describe_member(tag: str) -> str:
    if tag.startswith("dict["):
        return "{year: value} points" if tag.startswith("dict[int,") else "a mapping"
    if tag.startswith("literal["):
        return tag.removeprefix("literal[").removesuffix("]").replace(",", " or")
    if tag.startswith("list["):
        return "a list"
    return tag


def validation_problems(
    path: str | Path, exc: ValidationError, model: type[BaseModel], prefix: str = ""
) -> list[InputError]:
    """One :class:`~zcf_opt.errors.InputError` per problem of a failed validation.

    Parameters
    ----------
    path
        The file the validated data came from.
    exc
        The pydantic error.
    model
        The schema class validated (for the field names and for the fields an unknown key
        could have meant).
    prefix
        Dotted path of the validated data inside the file (empty for the whole file).
    """
    problems: list[InputError] = []
    seen: set[tuple[str, str]] = set()
    for error in _merge_union_members(model, exc.errors(include_url=False)):
        loc = tuple(error["loc"])
        if error["type"] == "union":
            found = error.get("input")
            message = error["msg"] + (f", got {shown(found)}" if found is not None else "")
        elif error["type"] == "extra_forbidden":
            message = _unknown_field(model, loc)
        else:
            message = _describe(error)
        where = ".".join(p for p in (prefix, field_path(walk(model, loc)[0])) if p).replace(".[", "[")
        if (where, message) not in seen:
            seen.add((where, message))
            problems.append(InputError(path, where or None, message))
    return problems
