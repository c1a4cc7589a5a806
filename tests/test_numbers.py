"""Numbers and units as the seeds write them."""
from kg.extract.numbers import quantities, unit_of


def test_units_with_multipliers_and_base_units():
    (q,) = quantities("地区生产总值完成181.5亿元")
    assert (q.value, q.unit.name, q.unit.base, q.in_base_unit) == ("181.5", "亿元", "元", 18150000000)
    (q,) = quantities("粮食总产量 1.64 亿公斤")
    assert (q.value, q.unit.name, q.in_base_unit, q.unit.dimension) == ("1.64", "亿公斤", 164000000, "mass")
    assert unit_of("万亩").dimension == "area" and unit_of("天").multiplier == 1


def test_longest_unit_and_thousands_separator():
    (q,) = quantities("达到1,102.3亿元")
    assert q.value == "1102.3" and q.unit.name == "亿元"
    assert [x.unit.name for x in quantities("新增市场主体11027户、城镇新增就业5697人")] == ["户", "人"]


def test_no_unit_no_quantity_and_broken_print():
    assert quantities("增长8.5%") == []
    assert quantities("规上工业增加值首次跨越百亿元") == []
    assert quantities("总产量1 7亿公斤左右") == []  # the decimal point was lost in print: not guessed


def test_approximate_numbers_keep_the_number_written():
    # 林芝 2023 (corpus): "新增市场主体5000余户、总量突破3.4万户"
    assert [(q.value, q.unit.name) for q in quantities("新增市场主体5000余户、总量突破3.4万户")] == [("5000", "户"), ("3.4", "万户")]
    (q,) = quantities("到位资金100多亿元")
    assert (q.value, q.unit.name) == ("100", "亿元")
