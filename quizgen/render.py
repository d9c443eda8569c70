"""Jinja2 in a sandbox with StrictUndefined: banks and templates are shared between people."""

from __future__ import annotations

import datetime as dt
import marshal
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from quizgen.errors import TemplateError
from quizgen.lang import (
    Text, hindi, hindi_date, hindi_month_year, hindi_stop, is_bilingual, needs_hindi, rendering, rendering_hindi, shown,
)
from quizgen.model import Location

if TYPE_CHECKING:
    from quizgen.sandbox import BudgetedEnvironment

# Jinja2 and the sandbox are imported when a text first needs them: nearly every text is plain
# `{{ field }}` substitution (_simple_parts), and a warm run over cached banks may need none
# (importing Jinja2 costs about 50 ms of a command that should start at once).

# The longest bundled text (an explanation) is 283 characters; compiling a 2 MB one would
# take Jinja2 a minute and gigabytes.
MAX_SOURCE = 4_000


def longdate(value: Any) -> str:
    if isinstance(value, dt.date):
        if rendering_hindi():
            return hindi_date(value)
        return f"{value.day} {value:%B %Y}"
    return shown(value)


def monthyear(value: Any) -> str:
    if isinstance(value, dt.date):
        if rendering_hindi():
            return hindi_month_year(value)
        return f"{value:%B %Y}"
    return shown(value)


def join_and(values: Any) -> str:
    items = [shown(v) for v in values]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" और " if rendering_hindi() else " and ") + items[-1]


def display(value: Any) -> str:
    """How a field value reads in prose when a template prints it bare."""
    if type(value) is str:  # the common case, first
        return value
    if isinstance(value, dt.date):
        return longdate(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return join_and(value)
    return shown(value)


@lru_cache(maxsize=1)
def environment() -> "BudgetedEnvironment":
    import jinja2

    from quizgen.sandbox import BudgetedEnvironment, finalize_within_budget

    env = BudgetedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        finalize=finalize_within_budget(display),
    )
    env.filters.update(longdate=longdate, monthyear=monthyear, join_and=join_and)
    env.budgeted_filters()
    return env


_JINJA_PARTS = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
# `{{ x }}`, `{{ x | filter }}`, and the idiom that starts a sentence with a value,
# `{{ x[:1] | upper }}{{ x[1:] }}` (a third of the bundled texts).
_SIMPLE_EXPRESSION = re.compile(
    r"{{\s*(?P<capital>[A-Za-z_]\w*)\[:1\]\s*\|\s*upper\s*}}{{\s*(?P=capital)\[1:\]\s*}}"
    r"|{{\s*(?P<name>[A-Za-z_]\w*)\s*(?:\|\s*(?P<filter>longdate|monthyear|join_and)\s*)?}}")
_FILTERS = {"longdate": longdate, "monthyear": monthyear, "join_and": join_and}


class _NotSimple(Exception):
    """A value the plain substitution does not render as Jinja2 would: Jinja2 renders it."""


def _capital(value: Any) -> str:
    if type(value) is not str:  # Jinja2 slices (or refuses to slice) anything else its own way
        raise _NotSimple
    return value[:1].upper() + value[1:]
# A value ending in "." (Washington, D.C.) before the template's own full stop.
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def tidy(text: str) -> str:
    text = " ".join(text.split())
    return _DOUBLE_STOP.sub(".", text) if ".." in text else text


def _simple_parts(source: str) -> list | None:
    """Split a template made only of text and `{{ name }}` / `{{ name | filter }}` into parts.

    Such templates (nearly all stems) are rendered without building a Jinja2 context each
    time; they reach nothing but the named fields, so the sandbox has nothing to guard.
    Anything else (blocks, attribute access, expressions) returns None and goes to Jinja2.
    """
    parts: list = []
    position = 0
    for match in _SIMPLE_EXPRESSION.finditer(source):
        parts.append(source[position:match.start()])
        if match["capital"]:
            parts.append((match["capital"], _capital))
        else:
            parts.append((match["name"], _FILTERS.get(match["filter"]) if match["filter"] else None))
        position = match.end()
    parts.append(source[position:])
    literal = "".join(p for p in parts if isinstance(p, str))
    if "{{" in literal or "{%" in literal or "{#" in literal or "}}" in literal:
        return None
    return parts


def _hindi_context(context: dict[str, Any]) -> dict[str, Any]:
    """The values as the Hindi text sees them: each bilingual text is its Hindi (so filters and
    string methods in a template work on the Hindi), lists element by element."""
    def value(v: Any) -> Any:
        if isinstance(v, Text):
            return hindi(v)
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, tuple):
            return tuple(value(x) for x in v)
        return v

    return {k: value(v) for k, v in context.items()}


class CompiledText:
    """One Jinja2 text of a template, with where it was written for error messages."""

    __slots__ = ("source", "template_id", "key", "location", "_compiled", "_code", "_parts", "hi")

    def __init__(self, source: str, template_id: str, key: str, location: Location):
        self.source = source
        self.template_id = template_id
        self.key = key
        self.location = location
        if len(source) > MAX_SOURCE:
            raise TemplateError(
                f"template {template_id!r}, {key}: longer than {MAX_SOURCE:,} characters; "
                "a question text is far shorter", location.path, location.line)
        import jinja2

        try:
            env = environment()
            self._code = env.compile(source)
            self._compiled = env.template_class.from_code(env, self._code, env.make_globals(None))
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(
                f"template {template_id!r}, {key}: Jinja2 syntax error: {error.message}",
                location.path, location.line,
            ) from None
        except (RecursionError, MemoryError):
            raise TemplateError(
                f"template {template_id!r}, {key}: nested too deeply to compile; simplify it",
                location.path, location.line,
            ) from None
        self._parts = _simple_parts(source)
        self.hi = self._hindi(lambda hi: CompiledText(hi, template_id, f"{key} (hi)", location))

    def _hindi(self, compile_hindi) -> "CompiledText | None":
        """The Hindi of a bilingual text `{en: ..., hi: ...}`, compiled the same way. A text
        with no words of its own ("{{ name }}", "{{ actor }} {{ outcome }}.") is its own Hindi."""
        if isinstance(self.source, Text) and self.source.hi is not None:
            return compile_hindi(str(self.source.hi))
        return self if not needs_hindi(_JINJA_PARTS.sub(" ", self.source)) else None

    # The library cache (quizgen/cache.py) stores the text and the code Jinja2 compiled it to
    # (marshalled; the cache is signed and keyed on the Python version): a text read back from
    # it is made a template again only when first rendered, without compiling it again.
    def __getstate__(self) -> tuple:
        code = getattr(self, "_code", None)
        return (self.source, self.template_id, self.key, self.location,
                marshal.dumps(code) if code is not None else None)

    def __setstate__(self, state: tuple) -> None:
        self.source, self.template_id, self.key, self.location = state[:4]
        self._code = state[4] if len(state) > 4 else None  # marshalled until first rendered
        self._parts = _simple_parts(self.source)
        self._compiled = None

        def stored_hindi(hi: str) -> "CompiledText":  # compiled when first rendered, too
            text = CompiledText.__new__(CompiledText)
            text.__setstate__((hi, self.template_id, f"{self.key} (hi)", self.location))
            return text

        self.hi = self._hindi(stored_hindi)

    def render(self, context: dict[str, Any]) -> str:
        text = self._render(context)
        if not is_bilingual():
            return text
        # Inside bilingual(): the Hindi too, from the Hindi source with the values' Hindi;
        # a text without Hindi stays English in the Hindi paper (check --lang hi lists it).
        if self.hi is None:
            return Text(text, None)
        with rendering("hi"):
            return Text(text, hindi_stop(self.hi._render(_hindi_context(context))))

    def _render(self, context: dict[str, Any]) -> str:
        if self._parts is not None:
            try:
                return self._render_simple(context)
            except _NotSimple:
                pass
        import jinja2
        from jinja2.sandbox import SecurityError

        from quizgen.sandbox import BudgetExceeded, render_within_budget

        if self._compiled is None:
            env = environment()
            if isinstance(self._code, bytes):
                self._code = marshal.loads(self._code)  # noqa: S302 - from our signed cache
            if self._code is None:
                self._code = env.compile(self.source)
            self._compiled = env.template_class.from_code(env, self._code, env.make_globals(None))
        try:
            text = render_within_budget(self._compiled, context)
        except BudgetExceeded as error:
            raise TemplateError(
                f"template {self.template_id!r}, {self.key}: over the render budget: {error}",
                self.location.path, self.location.line,
            ) from None
        except (RecursionError, MemoryError):
            raise TemplateError(
                f"template {self.template_id!r}, {self.key}: over the render budget: nested too deeply",
                self.location.path, self.location.line,
            ) from None
        except SecurityError as error:
            raise TemplateError(
                f"template {self.template_id!r}, {self.key}: not allowed in the sandbox: {error}",
                self.location.path, self.location.line,
            ) from None
        except jinja2.UndefinedError as error:
            raise TemplateError(
                f"template {self.template_id!r}, {self.key}: {error.message}"
                " (a field the fact does not have; add it to `needs` or fix the name)",
                self.location.path, self.location.line,
            ) from None
        except jinja2.TemplateError as error:
            raise TemplateError(
                f"template {self.template_id!r}, {self.key}: {error}",
                self.location.path, self.location.line,
            ) from None
        except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as error:
            raise TemplateError(
                f"template {self.template_id!r}, {self.key}: {type(error).__name__}: {error}",
                self.location.path, self.location.line,
            ) from None
        return tidy(text)

    def _render_simple(self, context: dict[str, Any]) -> str:
        out = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            name, apply = part
            try:
                value = context[name]
            except KeyError:
                raise TemplateError(
                    f"template {self.template_id!r}, {self.key}: {name!r} is undefined"
                    " (a field the fact does not have; add it to `needs` or fix the name)",
                    self.location.path, self.location.line,
                ) from None
            out.append(display(apply(value) if apply else value))
        return tidy("".join(out))
