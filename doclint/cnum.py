"""Chinese numerals <-> int, for outline labels (第十二条, （三）), years and dates.

Two readings exist in official documents and must not be mixed up:

* positional-with-units (十二, 一百零五, 一千二百六十): ``to_int`` / ``int_to_cn``;
* digit by digit, used for years (二〇一九): ``digits_to_int``.

``to_int`` is strict: it accepts a string only if it is the canonical spelling of
its value (plus the common variant 一十X), so that typos such as 十十 or 二二 are
not silently read as numbers.  Arabic digits (half or full width) are accepted too.
"""

from __future__ import annotations

__all__ = ["CN_NUM_CHARS", "DIGIT_VALUES", "to_int", "int_to_cn", "digits_to_int"]

# Characters that may appear in a Chinese numeral (for building regexes).
CN_NUM_CHARS = "〇○零一二两三四五六七八九十百千"

DIGIT_VALUES = {
    "〇": 0, "○": 0, "零": 0,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_DIGITS = "零一二三四五六七八九"
MAX = 9999


def int_to_cn(n: int) -> str:
    """Canonical Chinese numeral for 0 <= n <= 9999: 10 → 十, 101 → 一百零一, 1260 → 一千二百六十."""
    if not isinstance(n, int) or n < 0 or n > MAX:
        raise ValueError(f"out of range for a Chinese numeral: {n!r}")
    if n == 0:
        return "零"
    parts = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if pending_zero:
                parts.append("零")
                pending_zero = False
            parts.append(_DIGITS[d] + unit)
        elif parts:
            pending_zero = True
        if not n:
            break
    s = "".join(parts)
    return s[1:] if s.startswith("一十") else s


def _value(s: str) -> int | None:
    """Loose evaluation of a positional numeral; validated by round trip in ``to_int``."""
    total = 0
    digit = None
    for ch in s:
        if ch == "零":  # a place-holder; where it may stand is checked by the round trip
            if digit is not None:
                return None
        elif ch in DIGIT_VALUES:
            if digit is not None:  # two digits in a row (二二) is not positional
                return None
            digit = DIGIT_VALUES[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if digit is None:
                if unit != 10 or total:  # bare 十 only at the start
                    return None
                digit = 1
            total += digit * unit
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return total


def to_int(s: str | None) -> int | None:
    """Value of a Chinese or Arabic numeral, or None if it is not a well-formed one.

    >>> to_int("十二"), to_int("一百零五"), to_int("一十一"), to_int("12"), to_int("十十")
    (12, 105, 11, 12, None)
    """
    if not s:
        return None
    s = s.strip()
    if not s:
        return None
    if s.isdigit():  # Arabic, half or full width
        try:
            return int(s)
        except ValueError:  # other Unicode digits int() rejects
            return None
    if s in ("〇", "○"):
        return 0
    norm = s.replace("〇", "零").replace("○", "零")
    # 两 is only idiomatic before 百/千 (两百, 两千); read it as 二 there.
    if "两" in norm:
        if any(norm[i] == "两" and (i + 1 >= len(norm) or norm[i + 1] not in "百千") for i in range(len(norm))):
            return None
        norm = norm.replace("两", "二")
    v = _value(norm)
    if v is None or v > MAX:
        return None
    canonical = int_to_cn(v)
    if norm == canonical:
        return v
    # accepted variants: 一十一 (for 十一); 一百一 style abbreviations are not.
    if canonical.startswith("十") and norm == "一" + canonical:
        return v
    return None


def digits_to_int(s: str | None) -> int | None:
    """Digit-by-digit reading used for years: 二〇一九 / 二零一九 / 二○一九 → 2019."""
    if not s:
        return None
    s = s.strip()
    if s.isdigit():
        try:
            return int(s)
        except ValueError:
            return None
    out = 0
    for ch in s:
        if ch not in DIGIT_VALUES or ch == "两":
            return None
        out = out * 10 + DIGIT_VALUES[ch]
    return out
