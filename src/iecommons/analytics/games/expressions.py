"""Payoff expressions: a small safe language, its derivatives and its vectorised evaluation.

A payoff difference is written like ``z*R_e - C_e + x*(S_e + F_e)``. The grammar is
deliberately tiny, so that a model typed in by a researcher can never run code::

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | power
    power      := atom ("**" unary)?              # right-associative
    atom       := NUMBER | NAME | "(" expression ")"
                | ("min" | "max") "(" expression ("," expression)+ ")"

A recursive-descent parser turns the text into a tree of frozen nodes; nothing is
handed to :func:`eval` or :func:`compile`. Refusals name the offending token and its
position: an unknown name, a call of anything but ``min``/``max``, attribute access
(``a.b``), indexing, strings, or any other character.

Derivatives are symbolic (exact): :func:`derivative` walks the tree with the usual
rules, so the Jacobian of the replicator system needs no finite differences. The
derivative of ``min``/``max`` is that of the active argument (the first one on a tie),
and ``a ** b`` with ``b`` depending on the variable uses ``log(a)``, a node the parser
never produces.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

Value = float | npt.NDArray[np.float64]
Environment = Mapping[str, Value]

_FUNCTIONS = frozenset({"min", "max"})
_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/(),])"
    r"|(?P<other>\S))"
)


class ExpressionError(ValueError):
    """A payoff expression that cannot be parsed or evaluated; the message says where."""


class UndefinedError(ExpressionError):
    """Evaluation hit a division by zero or produced NaN/infinity."""


@dataclasses.dataclass(frozen=True)
class Number:
    """A numeric literal."""

    value: float


@dataclasses.dataclass(frozen=True)
class Name:
    """A parameter or a share (``x``, ``y``, ``z``)."""

    name: str


@dataclasses.dataclass(frozen=True)
class Negate:
    """Unary minus."""

    operand: Node


@dataclasses.dataclass(frozen=True)
class Binary:
    """One of ``+ - * / **``."""

    op: str
    left: Node
    right: Node


@dataclasses.dataclass(frozen=True)
class Call:
    """``min(...)`` or ``max(...)``."""

    function: str
    arguments: tuple[Node, ...]


@dataclasses.dataclass(frozen=True)
class Log:
    """Natural logarithm; only produced by :func:`derivative`, never parsed."""

    operand: Node


@dataclasses.dataclass(frozen=True)
class Select:
    """``when_true`` where ``left <= right`` (or ``>=`` for max), else ``when_false``."""

    op: str
    left: Node
    right: Node
    when_true: Node
    when_false: Node


Node = Number | Name | Negate | Binary | Call | Log | Select

ZERO = Number(0.0)
ONE = Number(1.0)


class _Parser:
    def __init__(self, text: str, names: frozenset[str], what: str) -> None:
        self.text = text
        self.what = what
        self.names = names
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:  # only trailing whitespace is left
                break
            kind = match.lastgroup or "other"
            value = match.group(kind)
            start = match.start(kind)
            position = match.end()
            self.tokens.append((kind, value, start))
        self.index = 0

    @staticmethod
    def _explain_character(char: str) -> str:
        if char == ".":
            return "attribute access is not allowed"
        if char in "[]":
            return "indexing is not allowed"
        if char in "'\"":
            return "strings are not allowed"
        if char == "^":
            return "write powers as **"
        return "expected a number, a name, + - * / ** or parentheses"

    def fail(self, token: str, position: int, why: str) -> None:
        raise ExpressionError(
            f"{self.what}: {why}: {token!r} at position {position} of {self.text!r}"
        )

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            self.fail("end of text", len(self.text), "the expression ends too early")
            raise AssertionError  # unreachable: fail() raises
        if token[0] == "other":
            self.fail(token[1], token[2], self._explain_character(token[1]))
        self.index += 1
        return token

    def expect(self, value: str) -> None:
        _kind, text, position = self.take()
        if text != value:
            self.fail(text, position, f"expected {value!r}")

    def parse(self) -> Node:
        if not self.tokens:
            raise ExpressionError(f"{self.what}: the expression is empty")
        node = self.expression()
        extra = self.peek()
        if extra is not None:
            why = "unexpected token after a complete expression"
            if extra[0] == "other":
                why = self._explain_character(extra[1])
            self.fail(extra[1], extra[2], why)
        return node

    def expression(self) -> Node:
        node = self.term()
        while (token := self.peek()) is not None and token[1] in {"+", "-"}:
            self.index += 1
            node = Binary(token[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token[1] in {"*", "/"}:
            self.index += 1
            node = Binary(token[1], node, self.unary())
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token[1] in {"-", "+"}:
            self.index += 1
            operand = self.unary()
            return Negate(operand) if token[1] == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        token = self.peek()
        if token is not None and token[1] == "**":
            self.index += 1
            return Binary("**", base, self.unary())
        return base

    def atom(self) -> Node:
        kind, text, position = self.take()
        if kind == "number":
            return Number(float(text))
        if kind == "name":
            following = self.peek()
            if following is not None and following[1] == "(":
                if text not in _FUNCTIONS:
                    self.fail(text, position, "calls are not allowed (only min and max)")
                self.index += 1
                arguments = [self.expression()]
                while (token := self.take())[1] == ",":
                    arguments.append(self.expression())
                if token[1] != ")":
                    self.fail(token[1], token[2], "expected ',' or ')'")
                if len(arguments) < 2:
                    self.fail(text, position, f"{text} needs at least two arguments")
                return Call(text, tuple(arguments))
            if text in _FUNCTIONS:
                self.fail(text, position, f"{text} must be called with arguments")
            if text not in self.names:
                known = ", ".join(sorted(self.names))
                self.fail(text, position, f"unknown name (known: {known})")
            return Name(text)
        if text == "(":
            node = self.expression()
            self.expect(")")
            return node
        self.fail(text, position, "expected a number, a name or '('")
        raise AssertionError  # unreachable: fail() raises


def parse(text: str, names: frozenset[str] | set[str], *, what: str = "expression") -> Node:
    """Parse ``text`` into a tree, allowing only the given ``names``.

    Parameters
    ----------
    text : str
        The expression.
    names : set of str
        Names the expression may use (parameters and shares).
    what : str
        How to call the expression in error messages.

    Examples
    --------
    >>> parse("x*(S + F) - C", {"x", "S", "F", "C"})
    Binary(op='-', left=Binary(op='*', left=Name(name='x'), right=Binary(op='+', \
left=Name(name='S'), right=Name(name='F'))), right=Name(name='C'))
    >>> parse("__import__('os')", {"x"})
    Traceback (most recent call last):
    ...
    iecommons.analytics.games.expressions.ExpressionError: expression: calls are not \
allowed (only min and max): '__import__' at position 0 of "__import__('os')"
    """
    if not isinstance(text, str):
        raise ExpressionError(f"{what}: expected a text expression, got {type(text).__name__}")
    return _Parser(text, frozenset(names), what).parse()


def names_in(node: Node) -> frozenset[str]:
    """Every name the tree refers to."""
    if isinstance(node, Name):
        return frozenset({node.name})
    if isinstance(node, Number):
        return frozenset()
    if isinstance(node, Negate | Log):
        return names_in(node.operand)
    if isinstance(node, Binary):
        return names_in(node.left) | names_in(node.right)
    if isinstance(node, Call):
        return frozenset().union(*(names_in(a) for a in node.arguments))
    return frozenset().union(
        *(names_in(n) for n in (node.left, node.right, node.when_true, node.when_false))
    )


def render(node: Node) -> str:
    """The tree as text (fully parenthesised where needed), for messages and display."""
    if isinstance(node, Number):
        return f"{node.value:g}"
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Negate):
        return f"-({render(node.operand)})"
    if isinstance(node, Log):
        return f"log({render(node.operand)})"
    if isinstance(node, Binary):
        return f"({render(node.left)} {node.op} {render(node.right)})"
    if isinstance(node, Call):
        return f"{node.function}({', '.join(render(a) for a in node.arguments)})"
    return f"select({render(node.left)} {node.op} {render(node.right)})"


def _add(a: Node, b: Node) -> Node:
    if a == ZERO:
        return b
    if b == ZERO:
        return a
    return Binary("+", a, b)


def _sub(a: Node, b: Node) -> Node:
    if b == ZERO:
        return a
    if a == ZERO:
        return Negate(b)
    return Binary("-", a, b)


def _mul(a: Node, b: Node) -> Node:
    if ZERO in (a, b):
        return ZERO
    if a == ONE:
        return b
    if b == ONE:
        return a
    return Binary("*", a, b)


def _div(a: Node, b: Node) -> Node:
    if a == ZERO:
        return ZERO
    return Binary("/", a, b)


def derivative(node: Node, variable: str) -> Node:
    """The exact derivative of ``node`` with respect to ``variable``, simplified a little.

    Examples
    --------
    >>> tree = parse("x*y*R - C + x**2", {"x", "y", "R", "C"})
    >>> render(derivative(tree, "x"))
    '((y * R) + (2 * (x ** 1)))'
    """
    if isinstance(node, Number):
        return ZERO
    if isinstance(node, Name):
        return ONE if node.name == variable else ZERO
    if variable not in names_in(node):
        return ZERO
    if isinstance(node, Negate):
        inner = derivative(node.operand, variable)
        return ZERO if inner == ZERO else Negate(inner)
    if isinstance(node, Log):
        return _div(derivative(node.operand, variable), node.operand)
    if isinstance(node, Call):
        # min(a, b, c) = min(min(a, b), c): the derivative of the active argument.
        first, *rest = node.arguments
        result_node, result_derivative = first, derivative(first, variable)
        select_op = "<=" if node.function == "min" else ">="
        for argument in rest:
            result_derivative = Select(
                select_op, result_node, argument, result_derivative, derivative(argument, variable)
            )
            result_node = Call(node.function, (result_node, argument))
        return result_derivative
    if isinstance(node, Select):
        return Select(
            node.op,
            node.left,
            node.right,
            derivative(node.when_true, variable),
            derivative(node.when_false, variable),
        )
    left, right = node.left, node.right
    d_left, d_right = derivative(left, variable), derivative(right, variable)
    if node.op == "+":
        return _add(d_left, d_right)
    if node.op == "-":
        return _sub(d_left, d_right)
    if node.op == "*":
        return _add(_mul(d_left, right), _mul(left, d_right))
    if node.op == "/":
        return _div(_sub(_mul(d_left, right), _mul(left, d_right)), Binary("**", right, Number(2)))
    # a ** b
    if d_right == ZERO:
        exponent = right.value - 1 if isinstance(right, Number) else _sub(right, ONE)
        lowered = Number(exponent) if isinstance(exponent, float) else exponent
        return _mul(_mul(right, Binary("**", left, lowered)), d_left)
    return _mul(node, _add(_mul(d_right, Log(left)), _div(_mul(right, d_left), left)))


Evaluator = Callable[[Environment], Value]


def _name_list(node: Node, environment: Environment, where: Any = None) -> str:
    """``name=value`` for the names in ``node``; for arrays, at the first cell of ``where``."""
    index = None
    if isinstance(where, np.ndarray) and where.ndim and where.any():
        index = int(np.flatnonzero(where)[0])
    names = sorted(names_in(node))
    shown = [f"{n}={_show(environment[n], index)}" for n in names if n in environment]
    return ", ".join(shown) if shown else "constants only"


def _show(value: Value, index: int | None) -> str:
    if isinstance(value, np.ndarray):
        flat = value.reshape(-1)
        if flat.size == 1:
            return f"{float(flat[0]):g}"
        return f"{float(flat[index or 0]):g}"
    return f"{value:g}"


def compile_node(node: Node, *, what: str, checked: bool = True) -> Evaluator:
    """Turn a tree into a function of an environment (name -> float or array).

    Every operation is a numpy ufunc, so the function evaluates whole arrays of states
    and parameters at once. With ``checked`` a division by zero, a zero or negative
    base under a logarithm, or a non-finite result raises :class:`UndefinedError`
    naming the sub-expression and the values of the names in it; unchecked evaluation
    is for the inner loop of a sweep that was checked beforehand.

    Examples
    --------
    >>> f = compile_node(parse("a / (b - 1)", {"a", "b"}), what="demo")
    >>> f({"a": 2.0, "b": 3.0})
    1.0
    >>> f({"a": 2.0, "b": 1.0})
    Traceback (most recent call last):
    ...
    iecommons.analytics.games.expressions.UndefinedError: demo: division by zero in \
'(a / (b - 1))': the denominator '(b - 1)' is 0 with b=1
    """
    if isinstance(node, Number):
        value = node.value
        return lambda environment: value
    if isinstance(node, Name):
        name = node.name
        return lambda environment: environment[name]
    if isinstance(node, Negate):
        operand = compile_node(node.operand, what=what, checked=checked)
        return lambda environment: -operand(environment)
    if isinstance(node, Log):
        inner = compile_node(node.operand, what=what, checked=checked)

        def logarithm(environment: Environment) -> Value:
            value = inner(environment)
            if checked and np.any(np.asarray(value) <= 0):
                raise UndefinedError(
                    f"{what}: the base of a power with a variable exponent, "
                    f"{render(node.operand)!r}, must be positive "
                    f"({_name_list(node.operand, environment, np.asarray(value) <= 0)})"
                )
            return np.log(value)

        return logarithm
    if isinstance(node, Call):
        arguments = [compile_node(a, what=what, checked=checked) for a in node.arguments]
        ufunc = np.minimum if node.function == "min" else np.maximum

        def extreme(environment: Environment) -> Value:
            result = arguments[0](environment)
            for argument in arguments[1:]:
                result = ufunc(result, argument(environment))
            return result

        return extreme
    if isinstance(node, Select):
        left = compile_node(node.left, what=what, checked=checked)
        right = compile_node(node.right, what=what, checked=checked)
        when_true = compile_node(node.when_true, what=what, checked=checked)
        when_false = compile_node(node.when_false, what=what, checked=checked)
        compare = np.less_equal if node.op == "<=" else np.greater_equal
        return lambda environment: np.where(
            compare(left(environment), right(environment)),
            when_true(environment),
            when_false(environment),
        )
    return _compile_binary(node, what=what, checked=checked)


def _compile_binary(node: Binary, *, what: str, checked: bool) -> Evaluator:
    left = compile_node(node.left, what=what, checked=checked)
    right = compile_node(node.right, what=what, checked=checked)
    if node.op == "+":
        return lambda environment: left(environment) + right(environment)
    if node.op == "-":
        return lambda environment: left(environment) - right(environment)
    if node.op == "*":
        return lambda environment: left(environment) * right(environment)
    if node.op == "/":
        if not checked:
            return lambda environment: left(environment) / right(environment)

        def divide(environment: Environment) -> Value:
            denominator = right(environment)
            zero = np.asarray(denominator) == 0
            if np.any(zero):
                raise UndefinedError(
                    f"{what}: division by zero in {render(node)!r}: the denominator "
                    f"{render(node.right)!r} is 0 with "
                    f"{_name_list(node.right, environment, zero)}"
                )
            return left(environment) / denominator

        return divide

    def power(environment: Environment) -> Value:
        with np.errstate(all="ignore"):
            result = np.power(left(environment), right(environment))
        if checked and not np.all(np.isfinite(result)):
            raise UndefinedError(
                f"{what}: {render(node)!r} is not a finite number ({_name_list(node, environment)})"
            )
        return result

    return power


def fold_constants(node: Node, constants: Mapping[str, float]) -> Node:
    """Replace the names in ``constants`` by their values and fold what becomes constant.

    Used before a sweep: everything that depends on fixed parameters only is computed
    once instead of at every step.
    """
    if isinstance(node, Number):
        return node
    if isinstance(node, Name):
        return Number(float(constants[node.name])) if node.name in constants else node
    if isinstance(node, Negate):
        operand = fold_constants(node.operand, constants)
        return Number(-operand.value) if isinstance(operand, Number) else Negate(operand)
    if isinstance(node, Binary):
        left = fold_constants(node.left, constants)
        right = fold_constants(node.right, constants)
        if isinstance(left, Number) and isinstance(right, Number):
            folded = _fold_binary(node.op, left.value, right.value)
            if folded is not None:
                return Number(folded)
        return Binary(node.op, left, right)
    if isinstance(node, Call):
        return Call(node.function, tuple(fold_constants(a, constants) for a in node.arguments))
    if isinstance(node, Log):
        return Log(fold_constants(node.operand, constants))
    return Select(
        node.op,
        fold_constants(node.left, constants),
        fold_constants(node.right, constants),
        fold_constants(node.when_true, constants),
        fold_constants(node.when_false, constants),
    )


def _fold_binary(op: str, a: float, b: float) -> float | None:
    # Leave anything undefined in the tree, so the checked evaluation names it.
    try:
        value = {
            "+": lambda: a + b,
            "-": lambda: a - b,
            "*": lambda: a * b,
            "/": lambda: a / b,
            "**": lambda: a**b,
        }[op]()
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    if isinstance(value, complex) or not math.isfinite(value):
        return None
    return float(value)


Monomial = tuple[int, int, int]
Polynomial = dict[Monomial, Node]

#: Integer powers of a share up to this exponent are expanded into a polynomial.
_MAX_EXPANDED_POWER = 8


def polynomial(node: Node, shares: tuple[str, str, str]) -> Polynomial | None:
    """``node`` as a polynomial in the three shares with share-free coefficients, if it is one.

    Returns a mapping from exponents ``(a, b, c)`` of ``x**a * y**b * z**c`` to the
    coefficient's tree, or ``None`` when the expression is not polynomial in the
    shares (a share in a denominator, under ``min``/``max`` or in an exponent). Used to
    evaluate the coefficients once per sweep, so that each step only multiplies and adds.

    Examples
    --------
    >>> tree = parse("x*(S + F) - C + y*z*W", {"x", "y", "z", "S", "F", "C", "W"})
    >>> {k: render(v) for k, v in polynomial(tree, ("x", "y", "z")).items()}
    {(1, 0, 0): '(S + F)', (0, 0, 0): '-(C)', (0, 1, 1): 'W'}
    """
    if not names_in(node) & set(shares):
        return {(0, 0, 0): node}
    if isinstance(node, Name):
        exponent = [0, 0, 0]
        exponent[shares.index(node.name)] = 1
        return {(exponent[0], exponent[1], exponent[2]): ONE}
    if isinstance(node, Negate):
        inner = polynomial(node.operand, shares)
        return None if inner is None else {k: _negate(v) for k, v in inner.items()}
    if not isinstance(node, Binary):
        return None
    left = polynomial(node.left, shares)
    if node.op == "**":
        right = node.right
        if left is None or not isinstance(right, Number):
            return None
        if right.value != int(right.value) or not 0 <= right.value <= _MAX_EXPANDED_POWER:
            return None
        result: Polynomial = {(0, 0, 0): ONE}
        for _ in range(int(right.value)):
            result = _poly_multiply(result, left)
        return result
    right_poly = polynomial(node.right, shares)
    if left is None or right_poly is None:
        return None
    if node.op == "/":
        if set(right_poly) != {(0, 0, 0)}:
            return None
        return {k: _div(v, node.right) for k, v in left.items()}
    if node.op == "*":
        return _poly_multiply(left, right_poly)
    result = dict(left)
    for key, value in right_poly.items():
        if node.op == "+":
            result[key] = _add(result[key], value) if key in result else value
        else:
            result[key] = _sub(result[key], value) if key in result else _negate(value)
    return result


def _negate(node: Node) -> Node:
    if isinstance(node, Number):
        return Number(-node.value)
    return Negate(node)


def _poly_multiply(a: Polynomial, b: Polynomial) -> Polynomial:
    result: Polynomial = {}
    for ka, va in a.items():
        for kb, vb in b.items():
            key = (ka[0] + kb[0], ka[1] + kb[1], ka[2] + kb[2])
            product = _mul(va, vb)
            result[key] = _add(result[key], product) if key in result else product
    return result
