"""One pass over the lines of plain block-style YAML, the shape large banks are written in.

Even the event loader (quizgen.fastload) spends most of its time having PyYAML's C parser make a
Python event and two marks for every value: 1.4 million of them for a 50,000-fact archive. A bank
written one `key: value` or `- item` per line (as people write them, and as `yaml.safe_dump`,
`quizgen extract` and `quizgen import` do) needs none of that: the nesting follows from the
indentation, and each line is split with a few string methods. The values and lines are those
SafeLoader gives (tests/test_blockload.py compares them over every repository file and over
generated YAML).

Only the plainest YAML is taken: block mappings and sequences, keys that are simple words, plain
and 'single-quoted' scalars (also over several lines, folded as YAML folds them), "double-quoted"
ones on one line (escaping only a backslash, a quote or a slash), flow lists and mappings on one
line, comments. Anything else (block scalars, other escapes, anchors, tags, tabs, a flow
collection over several lines, several documents, an invalid file, a file over the budgets...)
returns FALLBACK and the caller loads the file with the event loader, which words every error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quizgen.fastload import CLAIMED_FIRST, FALLBACK, LONGEST_WORD, WORD_FIRST, Fallback, plain_resolver

# Anything but printable characters and newlines: tabs, carriage returns, YAML 1.1's other line
# breaks (NEL, LS, PS), a byte-order mark, control and non-printable characters.
_UNUSUAL = re.compile("[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,127}")  # a simple key (libyaml allows 1,024 characters)
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'(?: *| +#.*)")  # (a comment may follow)
_SINGLE_QUOTE_OPEN = re.compile(r"'(?:[^']|'')*")  # no closing quote yet
# Double-quoted: the escapes \\ \" and \/ only (others may stand for control characters,
# which the thorough loader shows as text and warns about).
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\[\\"/])*)"(?: *| +#.*)')
_ESCAPE = re.compile(r"\\(.)")
_COMMENT = re.compile(" +#.*")
# In a one-line flow collection: a key, a quoted or a plain scalar (no ':' or '#' in it, to be
# clear of the corners where PyYAML's and libyaml's flow scanners differ), what ends an entry.
_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]{0,127}): +")
_FLOW_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_FLOW_DOUBLE = re.compile(r'"((?:[^"\\]|\\[\\"/])*)"')
_FLOW_PLAIN = re.compile(r"(?:[^-?:,\[\]{}#&*!|>'\"%@` ]|-[^ ,\[\]{}#:])[^,\[\]{}#:]*")
_FLOW_SPACES = re.compile(" *")
# What a plain scalar may not start with (unless followed by a non-space for - ? :).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A value starting with one of these needs a closer look than "it is a str".
_SPECIAL_FIRST = _INDICATORS | CLAIMED_FIRST


def load_block(text: str, path: Path, max_values: int, max_depth: int) -> Any:
    """The document in `text` as LineDict/LineList/scalars, or FALLBACK. (`path` is unused: past
    the budgets, the event loader takes over and words them.)"""
    from quizgen.yamlsource import LineDict, LineList, bilingual_text  # the types callers test for

    # Every line holds a value or is blank: past twice the value budget in lines, leave the file
    # to the event loader, which stops at the budget.
    if text.count("\n") > 2 * max_values or _UNUSUAL.search(text):
        return FALLBACK
    plain = plain_resolver()
    special = _SPECIAL_FIRST
    word_first = WORD_FIRST
    keys: dict[str, Any] = {}  # each key's text -> the key (one str object for all its uses)

    def flow(rest: str, start: int, line: int, depth: int) -> tuple[Any, int]:
        """The flow list or mapping (`[a, b]`, `{en: x, hi: y}`) at `rest[start]`, all on one
        line, and where it ends."""
        nonlocal values
        values += 1
        if depth > max_depth:
            raise Fallback
        is_mapping = rest[start] == "{"
        closer = "}" if is_mapping else "]"
        result: Any = LineDict() if is_mapping else LineList()
        if is_mapping:
            result.key_lines = {}
        else:
            result.item_lines = []
        result.line = line
        at = _FLOW_SPACES.match(rest, start + 1).end()
        if rest[at:at + 1] == closer:
            return result, at + 1
        while True:
            if is_mapping:
                found = _FLOW_KEY.match(rest, at)
                if found is None:
                    raise Fallback  # a quoted, complex or missing key
                key = found[1]
                if key not in keys:
                    keys[key] = plain(key) if key[0] in special else key
                key = keys[key]
                if key in result:
                    raise Fallback
                at = found.end()
                values += 1
            first = rest[at:at + 1]
            if first in ("[", "{"):
                value, at = flow(rest, at, line, depth + 1)
            else:
                values += 1
                if first == "'":
                    found = _FLOW_SINGLE.match(rest, at)
                    value = found[1].replace("''", "'") if found else None
                elif first == '"':
                    found = _FLOW_DOUBLE.match(rest, at)
                    value = found[1] if found else None
                    if found and "\\" in value:
                        value = _ESCAPE.sub(r"\1", value)
                else:
                    found = _FLOW_PLAIN.match(rest, at)
                    value = found[0].rstrip(" ") if found else ""
                    value = plain(value) if value[:1] in CLAIMED_FIRST else value
                if found is None:
                    raise Fallback
                at = found.end()
            if is_mapping:
                result[key] = value
                result.key_lines[key] = line
            else:
                result.append(value)
                result.item_lines.append(line)
            at = _FLOW_SPACES.match(rest, at).end()
            ender = rest[at:at + 1]
            if ender == closer:
                if is_mapping and len(result) == 2:
                    result = bilingual_text(result)
                return result, at + 1
            if ender != ",":
                raise Fallback
            at = _FLOW_SPACES.match(rest, at + 1).end()
            if rest[at:at + 1] in (closer, ""):
                raise Fallback  # a trailing comma, or the list goes on over the next line

    def scalar(rest: str) -> tuple[Any, str | None]:
        """The value of the scalar (or one-line flow collection) starting a line's `rest`, and
        how it may go on over the next lines: its plain text, "'" for a quoted text whose closing
        quote is still to come, None."""
        first = rest[0]
        if first in "[{":
            value, end = flow(rest, 0, number, len(stack) + 1)
            if end != len(rest) and not _COMMENT.fullmatch(rest, end):
                raise Fallback  # something after it
            return value, None
        if first == "'":
            found = _SINGLE_QUOTED.fullmatch(rest)
            if found is not None:
                return found[1].replace("''", "'"), None
            if _SINGLE_QUOTE_OPEN.fullmatch(rest):
                return None, "'"
            raise Fallback  # something after it
        if first == '"':
            found = _DOUBLE_QUOTED.fullmatch(rest)
            if found is None:
                raise Fallback  # other escapes, several lines, or something after it
            return (_ESCAPE.sub(r"\1", found[1]) if "\\" in found[1] else found[1]), None
        if first in _INDICATORS and (first not in "-?:" or len(rest) < 2 or rest[1] == " "):
            raise Fallback
        comment = rest.find(" #")
        if comment >= 0:  # the value ends there (and cannot go on over the next lines)
            rest = rest[:comment].rstrip(" ")
        if ": " in rest or rest[-1] == ":":
            raise Fallback  # a mapping where a value stands
        return (plain(rest) if first in CLAIMED_FIRST else rest), rest if comment < 0 else None

    def attach(frame: list, value: Any) -> None:
        """Put a finished collection where it belongs in its parent (the frame below it)."""
        if frame[2] and len(value) == 2:
            value = bilingual_text(value)
        parent = stack[-1]
        if parent[2]:
            parent[1][frame[3]] = value
            parent[1].key_lines[frame[3]] = frame[4]
        else:
            parent[1].append(value)
            parent[1].item_lines.append(frame[4])

    def folded(quoted: bool, segments: list[str]) -> Any:
        """The value of a scalar written over several lines (each line break folds into a space)."""
        joined = " ".join(segments)
        if quoted:
            found = _SINGLE_QUOTED.fullmatch(joined)
            if found is None:
                raise Fallback  # never closed, or something after the closing quote
            return found[1].replace("''", "'")
        return plain(joined) if joined[0] in CLAIMED_FIRST else joined

    # Open collections, innermost last: [indentation, container, is a mapping, key in the parent
    # (None in a list), line of that key or item].
    stack: list[list] = []
    root: Any = None
    pending: tuple | None = None  # (mapping frame, key, line): the key's value is on the lines below
    # The last scalar, which may go on over the next lines more indented than `scalar_indent`:
    # where it is (its container is None when none may), its first line, whether it is
    # 'quoted' (its closing quote still to come), its lines so far (None: only the first).
    scalar_container: Any = None
    scalar_slot: Any = None
    scalar_text = ""
    scalar_quoted = False
    scalar_lines: list[str] | None = None
    scalar_indent = 0
    blank_in_scalar = False
    values = 0
    number = 0  # the line
    try:
        for number, line in enumerate(text.split("\n"), 1):
            body = line.lstrip(" ")
            if not body:
                if scalar_container is not None:
                    blank_in_scalar = True  # a line break kept in the value: the event loader's job
                continue
            indent = len(line) - len(body)
            if scalar_container is not None:
                if indent > scalar_indent and (scalar_quoted or body[0] != "#"):
                    segment = body.rstrip(" ")
                    if blank_in_scalar or not scalar_quoted and (
                            ": " in segment or " #" in segment or segment[-1] == ":"):
                        raise Fallback
                    if scalar_lines is None:
                        scalar_lines = [scalar_text]
                    scalar_lines.append(segment)
                    continue
                if scalar_lines is not None:
                    scalar_container[scalar_slot] = folded(scalar_quoted, scalar_lines)
                scalar_container = scalar_lines = None
                blank_in_scalar = False
            if body[0] == "#" or (line == "---" and root is None):  # (the document's explicit start)
                continue
            if body[0] == "-" and (len(body) == 1 or body[1] == " "):
                body = body[1:].lstrip(" ")
                if not body:
                    raise Fallback  # an empty item, or an item's value on the lines below
                column = len(line) - len(body)
                dash = True
            else:
                column = indent
                dash = False
            colon = body.find(": ") if body[0] not in "'\"[{" else -1  # (quoted keys are left alone)
            if colon > 0:
                key: Any = body[:colon]
                rest = body[colon + 2:]
                if rest and rest[0] == " ":
                    rest = rest.lstrip(" ")
            elif body[-1] == ":":
                key, rest = body[:-1], ""
            else:
                key, rest = None, body
            if key is not None:
                if key in keys:
                    key_value = keys[key]
                elif _KEY.fullmatch(key):
                    key_value = keys[key] = plain(key) if key[0] in special else key
                else:
                    raise Fallback  # a complex key, a value with ": " in it

            if pending is not None:  # the line starts the value of the key above it
                parent, parent_key, parent_line = pending
                pending = None
                if indent > parent[0] or (indent == parent[0] and dash):  # a list may sit at its key's indentation
                    values += 1
                    if len(stack) >= max_depth:
                        raise Fallback
                    if dash:
                        container: Any = LineList()
                        container.item_lines = []
                    elif key is not None:
                        container = LineDict()
                        container.key_lines = {}
                    else:
                        raise Fallback  # a scalar on the line after its key
                    container.line = number
                    stack.append([indent, container, not dash, parent_key, parent_line])
                else:
                    parent[1][parent_key] = None
                    parent[1].key_lines[parent_key] = parent_line
                    values += 1
            # Close the collections this line is not part of.
            while stack:
                top = stack[-1]
                if top[0] < indent:
                    raise Fallback  # more indented than its place: a continued value, an error...
                if top[0] == indent:
                    if top[2]:
                        if dash or key is None:
                            raise Fallback  # an item or a lone value among keys
                        break
                    if dash:
                        break
                if len(stack) == 1:
                    raise Fallback  # something after the root collection
                stack.pop()
                attach(top, top[1])
            if not stack:
                if root is not None or not (dash or key is not None):
                    raise Fallback
                values += 1
                root = LineList() if dash else LineDict()
                if dash:
                    root.item_lines = []
                else:
                    root.key_lines = {}
                root.line = number
                stack.append([indent, root, not dash, None, None])
            top = stack[-1]
            if dash:
                if key is None:  # a scalar item
                    items = top[1]
                    if rest[-1] == " ":
                        rest = rest.rstrip(" ")
                    first = rest[0]
                    if first in special and (first not in word_first or len(rest) <= LONGEST_WORD) or " #" in rest:
                        value, text_so_far = scalar(rest)
                    else:
                        value = text_so_far = rest
                    if text_so_far is not None:
                        scalar_container, scalar_slot, scalar_indent = items, len(items), indent
                        scalar_quoted = text_so_far == "'"
                        if scalar_quoted:
                            scalar_lines = [rest]
                        else:
                            scalar_text = rest
                    items.append(value)
                    items.item_lines.append(number)
                    values += 1
                    continue
                values += 1  # a mapping starting on the item's line
                if len(stack) >= max_depth:
                    raise Fallback
                mapping = LineDict()
                mapping.key_lines = {}
                mapping.line = number
                top = [column, mapping, True, None, number]
                stack.append(top)
            # A key of the innermost mapping, and its value if on the same line.
            mapping = top[1]
            key = key_value
            if key in mapping:
                raise Fallback  # a duplicate key: worded by the thorough loader
            mapping.key_lines[key] = number
            values += 2
            if not rest or rest[0] == "#":  # (a comment after the key)
                pending = (top, key, number)
                values -= 1
                continue
            if rest[-1] == " ":
                rest = rest.rstrip(" ")
            first = rest[0]
            if (first in special and (first not in word_first or len(rest) <= LONGEST_WORD)
                    or ": " in rest or " #" in rest or rest[-1] == ":"):
                value, text_so_far = scalar(rest)
            else:
                value = text_so_far = rest
            mapping[key] = value
            if text_so_far is not None:
                scalar_container, scalar_slot, scalar_indent = mapping, key, column
                scalar_quoted = text_so_far == "'"
                if scalar_quoted:
                    scalar_lines = [rest]
                else:
                    scalar_text = rest
        if scalar_lines is not None:
            scalar_container[scalar_slot] = folded(scalar_quoted, scalar_lines)
        if pending is not None:
            parent, parent_key, parent_line = pending
            parent[1][parent_key] = None
            values += 1
        while len(stack) > 1:
            top = stack.pop()
            attach(top, top[1])
    except Fallback:
        return FALLBACK
    if root is None or values > max_values:
        return FALLBACK
    if isinstance(root, LineDict) and len(root) == 2:
        return bilingual_text(root)
    return root
