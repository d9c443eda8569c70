"""The Jinja2 sandbox with budgets: a shared template cannot freeze the machine.

Jinja2's SandboxedEnvironment stops attribute escapes but not resource exhaustion. Every
render here runs under a `Budget`: a cap on the size of any value it builds and on the text it
outputs, on loop iterations and calls (its "steps"), on call depth (recursive macros), and a
wall-clock backstop. The checks sit where Jinja2 lets code in:

- intercepted binary operators (`*`, `**`, `+`, `%`, `//`): sizes checked *before* the work;
- filters and `str` methods (`center`, `indent`, `replace`, `join`, `format`, ...): their
  width arguments and the size they would produce checked first, the result after;
- a code generator that routes `~` concatenation and every `for` loop's iterable through the
  budget (neither reaches a sandbox hook otherwise);
- `range` capped, `lipsum` and the nondeterministic `random` filter removed;
- the output of a render is collected piece by piece with a running length cap.

Real templates stay far below every cap: the largest bundled render is a few hundred
characters and uses no loop at all.
"""

from __future__ import annotations

import functools
import re
import string
import time
from contextvars import ContextVar
from typing import Any, Callable

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.utils import Namespace
from jinja2.sandbox import SandboxedEnvironment

# The budgets (per render of one template text). Bundled texts render to < 400 characters
# with no loops; these leave two orders of magnitude of room for hand-written templates.
MAX_TEXT = 20_000  # characters (or items) in any value a render builds, and in its output
MAX_PRODUCED = 100_000  # characters output in all, including what blocks and macros capture
MAX_WIDTH = 500  # a width, padding or count given to a filter or string method
MAX_RANGE = 1_000  # items from one range()
MAX_STEPS = 100_000  # loop iterations + calls + container items inspected by the checks
MAX_CALL_DEPTH = 20  # nested macro calls (a macro calling itself)
MAX_INT_BITS = 1_024  # integers built by * and ** (a 300-digit number)
MAX_SECONDS = 0.5  # wall-clock backstop, checked every few steps

_NESTING_LIMIT = 50  # containers nested deeper than this are refused, not measured


class BudgetExceeded(Exception):
    """A render asked for more than its budget allows."""


class Budget:
    """What one render has spent so far."""

    __slots__ = ("steps", "depth", "deadline", "produced")

    def __init__(self) -> None:
        self.steps = 0
        self.produced = 0
        self.depth = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def spend(self, steps: int = 1) -> None:
        before = self.steps
        self.steps += steps
        if self.steps > MAX_STEPS:
            raise BudgetExceeded(f"more than {MAX_STEPS:,} loop iterations and calls")
        if before >> 6 != self.steps >> 6 and time.monotonic() > self.deadline:
            raise BudgetExceeded(f"took longer than {MAX_SECONDS} s")


_current: ContextVar[Budget | None] = ContextVar("quizgen_render_budget", default=None)


def current_budget() -> Budget:
    # Outside a render (Jinja2 folds constant expressions at compile time) a fresh budget.
    return _current.get() or Budget()


def start_budget() -> object:
    return _current.set(Budget())


def end_budget(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


# ---------------------------------------------------------------- measuring values


def size_of(value: Any, budget: Budget | None = None) -> int:
    """Characters (or items) `value` would take as text: strings count their length,
    containers the sizes of everything in them, shared parts once per appearance.

    The walk stops as soon as the size passes MAX_TEXT, so it costs at most that many steps.
    """
    kind = type(value)
    if kind is str:
        return len(value)
    if isinstance(value, (str, bytes, bytearray)):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 1
    total = 0
    visits = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        visits += 1
        if isinstance(item, Namespace):  # prints as its attributes
            item = item._Namespace__attrs  # type: ignore[attr-defined]
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item)
        elif isinstance(item, _CONTAINERS):
            if depth >= _NESTING_LIMIT:
                raise BudgetExceeded(f"values nested more than {_NESTING_LIMIT} deep")
            total += len(item) + 1
            children = item.items() if isinstance(item, dict) else item
            if total <= MAX_TEXT:
                for child in children:
                    if isinstance(item, dict):
                        stack.append((child[0], depth + 1))
                        stack.append((child[1], depth + 1))
                    else:
                        stack.append((child, depth + 1))
        else:
            total += 1
        if total > MAX_TEXT:
            break
    (budget or current_budget()).spend(visits)
    return total


# Values whose text shows everything they hold (a dict view prints its items, a namespace its
# attributes); iterating them consumes nothing.
_CONTAINERS = (list, tuple, set, frozenset, dict, type({}.keys()), type({}.values()), type({}.items()),
               Namespace)


def check_size(value: Any, what: str) -> Any:
    if size_of(value) > MAX_TEXT:
        raise BudgetExceeded(f"{what} would be longer than {MAX_TEXT:,} characters")
    return value


def _check_width(value: Any, what: str) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int) and abs(value) > MAX_WIDTH:
        raise BudgetExceeded(f"{what} {value:,} is more than {MAX_WIDTH}")
    if isinstance(value, str) and len(value) > MAX_WIDTH:
        raise BudgetExceeded(f"{what} of {len(value):,} characters is more than {MAX_WIDTH}")


def _check_int(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise BudgetExceeded(f"a number larger than 2**{MAX_INT_BITS}")
    return value


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(text: str) -> None:
    """Widths in a printf-style format ('%999999999s') are allocated before any check."""
    for match in _PERCENT_SPEC.finditer(text):
        for group in match.groups():
            if group == "*":
                raise BudgetExceeded("a '*' width in a format string")
            if group and int(group) > MAX_WIDTH:
                raise BudgetExceeded(f"format width {int(group):,} is more than {MAX_WIDTH}")


def _check_brace_format(text: str) -> None:
    """Widths in a str.format spec ('{:>999999999}'), including nested '{:{}}' specs."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format raises the same error itself
    for _, _, spec, _ in parsed:
        if not spec:
            continue
        if "{" in spec:
            raise BudgetExceeded("a width taken from an argument in a format string")
        for digits in re.findall(r"\d+", spec):
            if int(digits) > MAX_WIDTH:
                raise BudgetExceeded(f"format width {int(digits):,} is more than {MAX_WIDTH}")


# ---------------------------------------------------------------- operators


def _repeat_size(sequence: Any, times: Any) -> None:
    if isinstance(times, int) and isinstance(sequence, (str, bytes, bytearray, list, tuple)):
        if times > 0 and size_of(sequence) * times > MAX_TEXT:
            raise BudgetExceeded(f"repeating a value {times:,} times would pass {MAX_TEXT:,} characters")


def _multiply(left: Any, right: Any) -> Any:
    _repeat_size(left, right)
    _repeat_size(right, left)
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
            raise BudgetExceeded(f"a product larger than 2**{MAX_INT_BITS}")
    return left * right


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
        if (left.bit_length() - 1) * right > MAX_INT_BITS:
            raise BudgetExceeded(f"a power larger than 2**{MAX_INT_BITS}")
    return left**right


def _add(left: Any, right: Any) -> Any:
    if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
        if size_of(left) + size_of(right) > MAX_TEXT:
            raise BudgetExceeded(f"joining values longer than {MAX_TEXT:,} characters")
    return _check_int(left + right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_percent_format(left)
        check_size(right, "a format argument")
        return check_size(left % right, "a formatted text")
    return left % right


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": _multiply, "**": _power, "+": _add, "%": _modulo, "//": lambda a, b: a // b,
}


# ---------------------------------------------------------------- filters and methods


def _estimate_replace(text: Any, old: Any, new: Any, count: Any = None) -> None:
    kinds = (str, bytes, bytearray)
    if not (isinstance(text, kinds) and isinstance(old, kinds) and isinstance(new, kinds)):
        return
    hits = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    if len(text) + hits * (len(new) - len(old)) > MAX_TEXT:
        raise BudgetExceeded(f"replace would make a text longer than {MAX_TEXT:,} characters")


def _estimate_join(separator: Any, items: Any) -> None:
    if isinstance(separator, (str, bytes, bytearray)) and isinstance(items, (list, tuple, set, frozenset, dict, str)):
        if len(separator) * len(items) + size_of(items) > MAX_TEXT:
            raise BudgetExceeded(f"join would make a text longer than {MAX_TEXT:,} characters")


def _estimate_lines(text: Any, width: Any) -> None:
    """indent/wordwrap add up to `width` characters per line."""
    if isinstance(text, str):
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        if (text.count("\n") + 1) * pad + len(text) > MAX_TEXT:
            raise BudgetExceeded(f"the result would be longer than {MAX_TEXT:,} characters")


# Filters whose numeric (or padding text) arguments set a width, a count or a repeat.
_WIDTH_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice", "tojson",
                  "urlize", "filesizeformat", "round", "int", "wordcount"}
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _value_args(args: tuple, filter_function: Callable) -> tuple:
    """Drop the context/eval-context/environment a pass_* filter gets first."""
    if getattr(filter_function, "jinja_pass_arg", None) is not None:
        return args[1:]
    return args


def _budgeted_filter(name: str, function: Callable) -> Callable:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = _value_args(args, function)
        for value in (*values, *kwargs.values()):
            check_size(value, f"the value given to '{name}'")
        if name in _WIDTH_FILTERS:
            for value in (*values[1:], *kwargs.values()):
                _check_width(value, f"'{name}' width")
        if values:
            if name == "replace":
                _estimate_replace(*values[:4])
            elif name == "join":
                separator = values[1] if len(values) > 1 else kwargs.get("d", "")
                _estimate_join(separator, values[0])
            elif name in ("indent", "wordwrap"):
                width = values[1] if len(values) > 1 else kwargs.get("width", 4)
                _estimate_lines(values[0], width)
            elif name == "format" and isinstance(values[0], str):
                _check_percent_format(values[0])
            elif name == "sum":
                start = values[2] if len(values) > 2 else kwargs.get("start", 0)
                if not isinstance(start, (int, float)):  # adding lists copies them each time
                    raise BudgetExceeded("sum adds numbers only")
        return check_size(function(*args, **kwargs), f"the result of '{name}'")

    return wrapper


def _check_method_call(method: Any, args: tuple, kwargs: dict) -> None:
    """Check a call of a str (or list/dict) method before it runs."""
    owner = getattr(method, "__self__", None)
    wrapped = getattr(method, "__wrapped__", None)  # the sandbox wraps str.format
    if wrapped is not None and isinstance(getattr(wrapped, "__self__", None), str):
        _check_brace_format(wrapped.__self__)
        return
    if not isinstance(owner, (str, bytes, bytearray)):
        return
    name = getattr(method, "__name__", "")
    if name in _WIDTH_METHODS:
        for value in (*args, *kwargs.values()):
            _check_width(value, f"'{name}' width")
        if name == "expandtabs" and owner.count("\t") * (args[0] if args and isinstance(args[0], int) else 8) > MAX_TEXT:
            raise BudgetExceeded(f"expandtabs would make a text longer than {MAX_TEXT:,} characters")
    elif name == "replace" and len(args) >= 2:
        _estimate_replace(owner, *args[:3])
    elif name == "join" and args:
        _estimate_join(owner, args[0])


def _budgeted_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise BudgetExceeded(f"range of {len(numbers):,} numbers is more than {MAX_RANGE:,}")
    return numbers


# ---------------------------------------------------------------- the environment


def _is_budgeted(node: nodes.Node) -> bool:
    return (isinstance(node, nodes.Call) and isinstance(node.node, nodes.EnvironmentAttribute)
            and node.node.name == "budget_iter")


class _BudgetCodeGenerator(CodeGenerator):
    """Routes the two constructs no sandbox hook sees through the budget."""

    def visit_For(self, node: nodes.For, frame: Any) -> None:  # noqa: N802 - Jinja2's name
        if node.recursive:
            # A recursive loop's inner levels iterate outside any hook; facts are flat anyway.
            self.fail("recursive for loops are not allowed in quizgen templates", node.lineno)
        # `for x in <iter>` becomes `for x in environment.budget_iter(<iter>)` (Jinja2
        # allows no custom node types, so the wrapper is a call of an environment attribute).
        if not _is_budgeted(node.iter):
            node.iter = nodes.Call(nodes.EnvironmentAttribute("budget_iter"), [node.iter], [], None, None,
                                   lineno=node.iter.lineno)
        super().visit_For(node, frame)

    # Every piece of output, including what `{% set %}...{% endset %}` blocks, macros and
    # `{% filter %}` capture into buffers that never reach the render's output stream, is
    # counted against the budget as it is produced.
    def _output_const_repr(self, group: Any) -> str:
        return f"environment.budget_output({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Any, finalize: Any) -> None:
        self.write("environment.budget_output(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Any, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:  # noqa: N802
        self.write("environment.budget_concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class BudgetedEnvironment(SandboxedEnvironment):
    code_generator_class = _BudgetCodeGenerator
    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        self.globals["range"] = _budgeted_range
        self.filters.pop("random", None)  # output must not depend on chance

    def budgeted_filters(self) -> None:
        """Wrap every filter (call after adding the project's own)."""
        for name, function in list(self.filters.items()):
            self.filters[name] = _budgeted_filter(name, function)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        current_budget().spend()
        return _check_int(_BINOPS[operator](left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = current_budget()
        budget.spend()
        for value in (*args, *kwargs.values()):
            check_size(value, "an argument")
        _check_method_call(__obj, args, kwargs)
        if budget.depth >= MAX_CALL_DEPTH:
            raise BudgetExceeded(f"calls nested more than {MAX_CALL_DEPTH} deep (a macro calling itself?)")
        budget.depth += 1
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, (list, dict, set)):  # append/extend/update grow their owner
            check_size(owner, "a list or mapping")
        return check_size(result, "a value")

    def budget_iter(self, iterable: Any) -> Any:
        budget = current_budget()
        for item in iterable:
            budget.spend()
            yield item

    def budget_output(self, text: str) -> str:
        budget = current_budget()
        budget.produced += len(text)
        if budget.produced > MAX_PRODUCED:
            raise BudgetExceeded(f"more than {MAX_PRODUCED:,} characters of output, counting "
                                 "what blocks and macros capture")
        return text

    def budget_concat(self, parts: tuple) -> str:
        total = 0
        for part in parts:
            total += size_of(part)
            if total > MAX_TEXT:
                raise BudgetExceeded(f"'~' would make a text longer than {MAX_TEXT:,} characters")
        return "".join(map(str, parts))


def finalize_within_budget(display: Callable[[Any], str]) -> Callable[[Any], str]:
    """Wrap the `finalize` that prints a `{{ value }}`: measure the value before printing it."""

    def finalize(value: Any) -> str:
        if type(value) is not str:
            check_size(value, "a printed value")
        return display(value)

    return finalize


def render_within_budget(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render piece by piece, stopping as soon as the output passes MAX_TEXT."""
    token = start_budget()
    try:
        pieces = []
        length = 0
        for piece in template.generate(context):
            length += len(piece)
            if length > MAX_TEXT:
                raise BudgetExceeded(f"output longer than {MAX_TEXT:,} characters")
            pieces.append(piece)
        return "".join(pieces)
    finally:
        end_budget(token)
