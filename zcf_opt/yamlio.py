"""The one strict reader of every YAML file zcf-opt takes in (scenarios, factory models, rulebooks).

What it refuses, each as an :class:`~zcf_opt.errors.InputError` naming the file (and the line
and column where there is one):

- a path that is missing, a folder, a pipe or device, unreadable, or larger than
  :data:`MAX_BYTES`;
- text that is not UTF-8 (the first bad byte's line and column), or UTF-16/32;
- malformed YAML, several documents in one file, an empty file, a top level that is not a
  mapping of fields;
- a key given twice in one mapping (every such key is reported, not only the first);
- anchors and aliases (``&a`` / ``*a``) that expand the document beyond
  :data:`MAX_EXPANDED_SIZE` characters, or nesting deeper than :data:`MAX_DEPTH`: an "alias
  bomb" of a few hundred bytes is answered at once, without building the expanded data.

The size of the expanded document is measured on the composed node graph, where an alias is
the very node of its anchor, so the count memoises each node once and costs the size of the
file, not the size of the expansion.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from zcf_opt.errors import InputError, raise_problems

#: largest YAML file read [bytes]; scenario, factory and rulebook files are a few kB
MAX_BYTES = 2_000_000

#: largest document after alias expansion [characters of scalars + 1 per node]
MAX_EXPANDED_SIZE = 5_000_000

#: deepest nesting of mappings and lists [levels]
MAX_DEPTH = 60

#: libyaml's parser where available (about ten times faster), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "unknown position"


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 text of ``data`` (a UTF-8 byte-order mark is dropped)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, None, "is UTF-16 or UTF-32 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            path,
            None,
            f"is not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, column {column}; "
            "save the file as UTF-8",
        ) from None


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a file, with a clear error for a missing, foreign, unreadable or huge one."""
    if not path.exists():
        raise InputError(path, None, "file not found")
    if path.is_dir():
        raise InputError(path, None, "is a folder; expected a YAML file")
    if not path.is_file():
        raise InputError(path, None, "is not a regular file (a pipe or a device?); expected a YAML file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, None, f"is {size:,} bytes; a YAML input holds at most {max_bytes:,} bytes")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(path, None, "cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(path, None, f"holds more than {max_bytes:,} bytes; not a YAML input")
    return data


def _key_text(node: yaml.Node) -> str | None:
    """A mapping key as text for a field path; None for merge keys and non-scalar keys."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:merge":
        return None
    return node.value


def _check_nodes(path: Path, root: yaml.Node) -> list[InputError]:
    """Check the composed document without building it; return its duplicate keys.

    Raises at once for a document that aliases blow up beyond :data:`MAX_EXPANDED_SIZE` or
    that nests deeper than :data:`MAX_DEPTH`. The walk uses a stack, not recursion, and
    counts each node once (an alias is its anchor's node).
    """
    sizes: dict[int, int] = {}
    duplicates: list[tuple[int, int, str, str]] = []
    stack: list[tuple[yaml.Node, int, str, bool]] = [(root, 1, "", False)]
    while stack:
        node, depth, where, expanded = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1 + len(node.value)
            continue
        if isinstance(node, yaml.MappingNode):
            children = [(c, f"{where}.{_key_text(k) or '<<'}".lstrip(".")) for k, c in node.value]
            children += [(k, where) for k, _ in node.value]
        else:
            children = [(c, f"{where}[{i}]") for i, c in enumerate(node.value)]
        if expanded:
            total = 1 + sum(sizes[id(child)] for child, _ in children)
            if total > MAX_EXPANDED_SIZE:
                raise InputError(
                    path,
                    where or None,
                    f"anchors and aliases at {_where(node.start_mark)} expand to more than "
                    f"{MAX_EXPANDED_SIZE:,} characters; write the values out instead",
                )
            sizes[id(node)] = total
            continue
        if id(node) in sizes:
            continue
        if depth > MAX_DEPTH:
            raise InputError(
                path, None, f"nested deeper than {MAX_DEPTH} levels at {_where(node.start_mark)}"
            )
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                key = _key_text(key_node)
                if key is None:
                    continue
                if (key_node.tag, key) in seen:
                    mark = key_node.start_mark
                    duplicates.append((mark.line, mark.column, f"{where}.{key}".lstrip("."), _where(mark)))
                seen.add((key_node.tag, key))
        sizes[id(node)] = 0  # in progress: an alias to an enclosing node adds nothing more
        stack.append((node, depth, where, True))
        stack.extend((child, depth + 1, at, False) for child, at in children if id(child) not in sizes)
    return [
        InputError(path, field, f"given twice in one mapping (again at {position})")
        for _, _, field, position in sorted(duplicates)
    ]


def parse_yaml(path: Path, text: str, problems: list[InputError] | None = None) -> Any:
    """Parse one YAML document strictly.

    Keys given twice are raised all at once, or appended to ``problems`` when a list is given
    (the data then holds the last value of each, so that its other problems can be found too).
    """
    loader = _LOADER(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "malformed"
            raise InputError(path, None, f"not valid YAML at {_where(mark)}: {problem}") from None
        except yaml.reader.ReaderError as exc:
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
            raise InputError(
                path, None, f"not valid YAML at line {line}, column {column}: {exc.reason} {exc.character!r}"
            ) from None
        except yaml.YAMLError as exc:
            raise InputError(path, None, f"not valid YAML: {str(exc).splitlines()[0]}") from None
        if root is None:
            raise InputError(path, None, "is empty; expected a mapping of fields")
        duplicates = _check_nodes(path, root)
        try:
            data = loader.construct_document(root)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise InputError(path, None, f"not valid YAML at {_where(mark)}: {exc.problem}") from None
        except (ValueError, OverflowError, RecursionError) as exc:
            raise InputError(path, None, f"not valid YAML: {str(exc)[:120]}") from None
    finally:
        loader.dispose()
    if problems is None:
        raise_problems(duplicates)
    else:
        problems.extend(duplicates)
    return data


def read_yaml(path: str | Path, problems: list[InputError] | None = None) -> dict[str, Any]:
    """Read a YAML file whose top level is a mapping of fields.

    Parameters
    ----------
    path
        The file; its text must be UTF-8 YAML of at most :data:`MAX_BYTES` bytes.
    problems
        Where to add keys given twice instead of raising them (see :func:`parse_yaml`).

    Raises
    ------
    zcf_opt.errors.InputError
        One line per problem, naming the file (and line and column where they are known).
    """
    path = Path(path)
    data = parse_yaml(path, _decode(path, read_bytes(path)), problems)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"the value {str(data)[:40]!r}"
        raise InputError(path, None, f"expected a mapping of fields at the top level, found {kind}")
    return data
