"""What the YAML loaders build: mappings and lists that know the line of each key and item.

Kept apart from the loaders (quizgen/yamlsource.py), which need PyYAML: a library read back
from the compiled bank cache holds these, and loading it should not import a YAML parser.
"""

from __future__ import annotations

from typing import Any

from quizgen.lang import Text


class LineDict(dict):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict
    alias_lines: tuple = ()  # on the top-level mapping: where the file uses aliases
    control_lines: tuple = ()  # on the top-level mapping: values with control characters

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def bilingual_text(mapping: LineDict) -> Any:
    """`{en: ..., hi: ...}` (both texts) is one bilingual text, anywhere a text may stand."""
    if mapping.keys() == {"en", "hi"} and all(isinstance(v, str) and not isinstance(v, Text)
                                             for v in mapping.values()):
        return Text(mapping["en"], mapping["hi"], mapping.line)
    return mapping
