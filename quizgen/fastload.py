"""One pass over the C parser's events: LineDict/LineList with lines, and the YAML budgets.

PyYAML's `yaml.load` composes a node tree and then constructs Python values from it, both in
Python: for a 1 MB bank that is four fifths of the load time. The C parser's event stream is
cheap, so this builds the values straight from the events, counting values and depth as
`yamlsource._check_shape` does (same limits, same line) in the same pass.

It covers what banks are made of: plain and quoted scalars resolved exactly as SafeLoader
resolves them, block and flow collections, one document. Anything rarer (anchors and aliases,
explicit tags, merge keys, complex or duplicate keys, several documents) returns FALLBACK and
the caller loads the file the thorough way, which also words every error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from quizgen.controlchars import has_control
from quizgen.errors import LoadError
from quizgen.gcpause import FREEZE_ABOVE, paused_gc  # noqa: F401 - kept importable from here

FALLBACK = object()  # "load this file the thorough way"

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
# The implicit tags a plain scalar may resolve to whose values this module builds itself.
_SIMPLE_TAGS = {_TAG + name for name in ("bool", "int", "float", "null", "timestamp")}
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_RESOLVERS = Resolver.yaml_implicit_resolvers
_WILDCARD = _RESOLVERS.get(None, [])
# The first characters of a plain scalar that some implicit resolver (bool, int, date...) may
# claim; any other plain scalar is a str, whatever follows.
CLAIMED_FIRST = frozenset(first for first in _RESOLVERS if first is not None)
# The letters among them that only the bool and null resolvers claim: YAML 1.1's words for those
# (yes, Off, false, NULL...) have at most five letters, so a longer text is a str.
WORD_FIRST = frozenset(first for first, claims in _RESOLVERS.items() if first and first.isalpha()
                       and all(tag in (_TAG + "bool", _TAG + "null") for tag, _ in claims))
LONGEST_WORD = 5


class Fallback(Exception):
    """Raised inside a fast loader: "load this file the thorough way"."""


def plain_resolver() -> Callable[[str], Any]:
    """A function turning the text of an untagged plain scalar into its value exactly as
    SafeLoader resolves it (YAML 1.1: yes/no/on/off, 0o17, 1_000, dates...), remembering each
    text it has seen; it raises Fallback for what only the thorough loader words or decides."""
    constructor = SafeConstructor()
    constructors = SafeConstructor.yaml_constructors
    resolved: dict[str, Any] = {}  # plain scalar text -> value, for texts a resolver may claim

    def plain(value: str) -> Any:
        if value in resolved:
            return resolved[value]
        candidates = _RESOLVERS.get(value[0] if value else "", ())
        tag = _STR
        for candidate, pattern in [*candidates, *_WILDCARD]:
            if pattern.match(value):
                tag = candidate
                break
        if tag == _STR:
            result = value
        elif tag in _SIMPLE_TAGS:
            node = yaml.ScalarNode(tag, value, None, None)
            try:
                result = constructors[tag](constructor, node)
            except (ValueError, OverflowError):  # 2018-02-30, a 5,000-digit number: worded with
                raise Fallback from None        # its line by the thorough loader
        else:  # `<<` (merge) or `=` (value): the thorough loader decides what they mean
            raise Fallback
        resolved[value] = result
        return result

    return plain




def load_events(text: str, path: Path, max_values: int, max_depth: int) -> Any:
    """The document in `text` as LineDict/LineList/scalars, or FALLBACK; a LoadError for a
    file over the budgets; yaml.YAMLError (from the parser) for invalid YAML."""
    from quizgen.yamlsource import LineDict, LineList, bilingual_text  # the types callers test for

    plain = plain_resolver()
    claimed, wildcard = CLAIMED_FIRST, _WILDCARD
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    ignorable = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)

    loader = _PARSER(text)
    # stack entries: [container, is_mapping, pending key, its line, has a pending key]
    stack: list[list] = []
    values = 0
    documents = 0
    root: Any = None
    try:
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is scalar_event:
                values += 1
                if values > max_values:
                    raise _too_many(path, event, max_values)
                if event.anchor is not None or event.tag is not None:
                    raise Fallback
                value = event.value
                if has_control(value):  # the thorough loader shows control characters as text
                    raise Fallback
                # Most texts start with a character no implicit resolver claims: plainly str.
                if event.implicit[0] and (not value or value[0] in claimed or wildcard):
                    value = plain(value)
                line = event.start_mark.line + 1
            elif kind is mapping_start or kind is sequence_start:
                values += 1
                if values > max_values:
                    raise _too_many(path, event, max_values)
                if len(stack) + 1 > max_depth:
                    raise LoadError(f"nested more than {max_depth} levels deep", path, event.start_mark.line + 1)
                if event.anchor is not None or event.tag is not None:
                    raise Fallback
                if kind is mapping_start:
                    container: Any = LineDict()
                    container.key_lines = {}
                else:
                    container = LineList()
                    container.item_lines = []
                container.line = event.start_mark.line + 1
                stack.append([container, kind is mapping_start, None, 0, False])
                continue
            elif kind in collection_end:
                value, line = stack.pop()[0], None
                line = value.line
                if kind is yaml.MappingEndEvent and len(value) == 2:
                    value = bilingual_text(value)  # {en: ..., hi: ...} is one text
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise Fallback  # "expected a single document", worded by the thorough loader
                continue
            elif kind in ignorable:
                continue
            else:  # an alias
                raise Fallback
            if not stack:
                root = value
                continue
            parent = stack[-1]
            container = parent[0]
            if not parent[1]:
                container.append(value)
                container.item_lines.append(line)
            elif not parent[4]:
                if isinstance(value, (dict, list)) or value in container:
                    raise Fallback  # a complex or duplicate key
                parent[2], parent[3], parent[4] = value, line, True
            else:
                key = parent[2]
                container[key] = value
                container.key_lines[key] = parent[3]
                parent[4] = False
    except Fallback:
        return FALLBACK
    except TypeError:  # an unhashable key such as a list: the thorough loader words it
        return FALLBACK
    finally:
        loader.dispose()
    return root


def _too_many(path: Path, event: yaml.Event, max_values: int) -> LoadError:
    return LoadError(f"more than {max_values:,} values in one file; split it into several files",
                     path, event.start_mark.line + 1)
