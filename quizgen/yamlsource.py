"""Safe YAML loading that remembers the line of every mapping key and list item.

Banks and templates come from other people, so loading is bounded: only regular files (a FIFO
or /dev/zero must not hang or fill memory), at most MAX_FILE_BYTES, nesting at most MAX_DEPTH
deep, and anchors/aliases only in a harmless form (an alias of a scalar or of a flat list or
mapping of scalars, at most MAX_ALIASES of them), which rules out "billion laughs" bombs.
Banks refuse aliases altogether (see `alias_lines`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from quizgen.controlchars import has_control, visible
from quizgen.errors import LoadError
from quizgen.blockload import load_block
from quizgen.fastload import FALLBACK, load_events
from quizgen.linedata import LineDict, LineList, bilingual_text  # noqa: F401 - re-exported


# The largest bundled file is 49 KB with 2,310 values nesting 7 deep; the 5,000-fact benchmark
# bank is 1 MB with 115,000 values. Each value costs about 400 bytes while loading, so the
# value cap keeps a hostile file under about 100 MB and 2 s.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_VALUES = 150_000
MAX_DEPTH = 24
MAX_ALIASES = 64


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (no arbitrary objects) that records lines and rejects duplicate keys."""

    control_lines: list[int]



def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return bilingual_text(result)


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as error:  # 2018-02-30, 2018-13-01
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value} is not a date: {error}", node.start_mark) from None


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        digits = sum(c.isdigit() for c in str(node.value))
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {digits:,} digits is too long", node.start_mark) from None


def _construct_str(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if has_control(text):  # "\e]0;title\a": shown as text, never sent to a terminal raw
        loader.control_lines.append(node.start_mark.line + 1)
        return visible(text)
    return text


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    Opened non-blocking and checked with fstat before reading, so a FIFO, a device such as
    /dev/zero or a socket is refused instead of hanging or filling memory.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise LoadError("no such file; check the path", path) from None
    except IsADirectoryError:
        raise LoadError("is a folder, expected a .yaml file", path) from None
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror}", path) from None
    with os.fdopen(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise LoadError("is a folder, expected a .yaml file", path)
        if not stat.S_ISREG(mode):
            raise LoadError("not a regular file (a device, pipe or socket); give a .yaml file", path)
        try:
            raw = stream.read(limit + 1)
        except OSError as error:
            raise LoadError(f"cannot read: {error.strerror}", path) from None
    if len(raw) > limit:
        raise LoadError(f"larger than {limit // (1024 * 1024)} MB; a bank or template file is far "
                        "smaller (split it into several files)", path)
    return raw


def _check_shape(text: str, path: Path) -> list[int]:
    """Stream the YAML events of `text` before building anything: a LoadError for too many
    values, too deep a nesting or an alias bomb; else the lines of the aliases it uses.

    An alias may stand for a scalar or a flat list/mapping of scalars (templates reuse a
    `claims:` list or an explanation that way). An alias of something that holds collections
    or aliases itself is how "billion laughs" bombs grow, so it is refused, as is an alias
    beyond the MAX_ALIASES-th.
    """
    flat: dict[str, bool] = {}
    open_collections: list[list] = []  # [anchor or None, holds a collection or alias]
    alias_lines: list[int] = []
    values = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.ScalarEvent):
            values += 1
            if event.anchor is not None:
                flat[event.anchor] = True
            if values <= MAX_VALUES:
                continue
        line = event.start_mark.line + 1
        if isinstance(event, yaml.NodeEvent):
            values += 1 if not isinstance(event, yaml.ScalarEvent) else 0
            if values > MAX_VALUES:
                raise LoadError(f"more than {MAX_VALUES:,} values in one file; split it into several files",
                                path, line)
        if isinstance(event, yaml.AliasEvent):
            alias_lines.append(line)
            for collection in open_collections:
                collection[1] = True
            if not flat.get(event.anchor, True):
                raise LoadError(f"the alias *{event.anchor} repeats a value that holds lists, mappings "
                                "or aliases itself (a YAML bomb?); write the values out", path, line)
            if len(alias_lines) > MAX_ALIASES:
                raise LoadError(f"more than {MAX_ALIASES} aliases (*name) in one file; write the values out",
                                path, line)
        elif isinstance(event, yaml.CollectionStartEvent):
            for collection in open_collections:
                collection[1] = True
            open_collections.append([event.anchor, False])
            if len(open_collections) > MAX_DEPTH:
                raise LoadError(f"nested more than {MAX_DEPTH} levels deep", path, line)
        elif isinstance(event, yaml.CollectionEndEvent) and open_collections:
            anchor, nested = open_collections.pop()
            if anchor is not None:
                flat[anchor] = not nested
    return alias_lines


def load_yaml(path: Path, fast: bool = True) -> Any:
    """Read and parse one YAML file; every failure is a LoadError naming the file and line.

    A file in plain block style takes the line loader (quizgen.blockload), most others the
    one-pass event loader (quizgen.fastload); a file using anything they leave out (aliases,
    tags, duplicate keys...) is shape-checked and loaded by PyYAML here, as every file is with
    fast=False (the reference the fast loaders are tested against)."""
    raw = read_regular_file(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError("not UTF-8 text; save the file as UTF-8", path, line) from None
    try:
        if fast:
            data = load_block(text, path, MAX_VALUES, MAX_DEPTH)
            if data is FALLBACK:
                data = load_events(text, path, MAX_VALUES, MAX_DEPTH)
            if data is not FALLBACK:
                return data
        alias_lines = _check_shape(text, path)
        loader = _LineLoader(text)
        loader.control_lines = []
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
        if isinstance(data, LineDict):
            data.alias_lines = tuple(alias_lines)
            data.control_lines = tuple(loader.control_lines)
        return data
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        if error.problem and error.context and error.context_mark and error.context_mark.line + 1 != line:
            problem += f" ({error.context} at line {error.context_mark.line + 1})"
        raise LoadError(f"invalid YAML: {problem}", path, line) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        character = f"#x{error.character:04x}" if isinstance(error.character, int) else repr(error.character)
        raise LoadError(f"invalid YAML: unacceptable character {character}: {error.reason}", path, line) from None
    except yaml.YAMLError as error:
        raise LoadError(f"invalid YAML: {' '.join(str(error).split())}", path) from None
    except (ValueError, OverflowError, RecursionError) as error:  # e.g. a 5,000-digit integer
        reason = str(error).split(";")[0] or type(error).__name__
        raise LoadError(f"invalid YAML value: {reason}", path) from None
