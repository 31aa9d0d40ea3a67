"""The unified social credit code of GB 32100-2015 (统一社会信用代码).

18 characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V):
registration authority (1), organisation category (1), region code of GB/T 2260 (6),
organisation code (9), and a check character computed from the first 17.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {character: index for index, character in enumerate(ALPHABET)}
# Weight of position i is 3**i mod 31.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_character(first17: str) -> str:
    """The check character that completes the 17 given characters."""
    total = sum(
        _VALUE[character] * weight for character, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code, or None when it is.

    The reasons are English identifiers for the caller to translate: ``length``,
    ``character``, ``check``.
    """
    if len(code) != 18:
        return "length"
    if any(character not in _VALUE for character in code):
        return "character"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def normalize_credit_code(raw: str) -> str:
    """Upper-case and strip spaces, as people type codes in lower case or with gaps."""
    return "".join(raw.split()).upper()
