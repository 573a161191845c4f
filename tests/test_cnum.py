import pytest

from doclint import cnum


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "零"), (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
        (99, "九十九"), (100, "一百"), (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (111, "一百一十一"),
        (120, "一百二十"), (200, "二百"), (999, "九百九十九"), (1000, "一千"), (1001, "一千零一"),
        (1010, "一千零一十"), (1100, "一千一百"), (1260, "一千二百六十"), (9999, "九千九百九十九"),
    ],
)
def test_int_to_cn_and_back(n, text):
    assert cnum.int_to_cn(n) == text
    assert cnum.to_int(text) == n


def test_round_trip_whole_range():
    for n in range(0, 10000):
        assert cnum.to_int(cnum.int_to_cn(n)) == n


@pytest.mark.parametrize("text, n", [("一十一", 11), ("一十", 10), ("〇", 0), ("两百", 200), ("两千零五", 2005)])
def test_accepted_variants(text, n):
    assert cnum.to_int(text) == n


@pytest.mark.parametrize(
    "text", ["", None, "十十", "二二", "一百一", "一百十", "零一", "一百零", "百", "千", "两", "二两", "十百", "一万", "甲", "一二三"],
)
def test_malformed_numerals_are_rejected(text):
    assert cnum.to_int(text) is None


@pytest.mark.parametrize("text, n", [("12", 12), ("１２", 12), (" 7 ", 7), ("0", 0)])
def test_arabic_digits(text, n):
    assert cnum.to_int(text) == n


@pytest.mark.parametrize(
    "text, n", [("二〇一九", 2019), ("二零二四", 2024), ("二○一八", 2018), ("一九九三", 1993), ("2019", 2019)],
)
def test_digits_to_int(text, n):
    assert cnum.digits_to_int(text) == n


@pytest.mark.parametrize("text", ["", None, "二〇一十", "两〇一九", "二〇x九"])
def test_digits_to_int_rejects(text):
    assert cnum.digits_to_int(text) is None


@pytest.mark.parametrize("bad", [-1, 10000, 1.5, "3"])
def test_int_to_cn_out_of_range(bad):
    with pytest.raises(ValueError):
        cnum.int_to_cn(bad)
