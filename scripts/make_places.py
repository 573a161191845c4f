#!/usr/bin/env python3
"""Generate rulesets/concepts/places.yaml from a list of Chinese administrative divisions.

Data: the ``adcodes.csv`` shipped by the PyPI package ``cpca`` (MIT licence,
https://github.com/DQinYuan/chinese_province_city_area_mapper), which lists the
province-, prefecture- and county-level divisions with their 12-digit codes of the
国家统计局 统计用区划代码.  ``cpca`` is a dev-only dependency of this script; doclint
itself never imports it (the YAML it writes is committed).

    pip download --no-deps -d /tmp/pkg cpca     # or: pip install cpca
    python scripts/make_places.py [path/to/cpca-*.whl | path/to/adcodes.csv]

Lexicons written:
  place_name     full names of every division (朔州市, 山阴县, 平鲁区, 鄂尔多斯市, 广西壮族自治区 …)
                 and the short forms of provinces and prefecture-level divisions (朔州, 广西),
                 at least two characters, minus short forms that are ordinary words.
  place_relative the document's own area said relatively (本市, 我县, 辖区内, 当地 …)
  place_outside  another area (外地, 外省, 市外, 非本地, 域外 …)
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from regex import compile as regex_compile
from re import escape as regex_escape
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rulesets" / "concepts" / "places.yaml"

# Short forms that are also ordinary words or common names in documents: kept only
# with their suffix (中山市, 朝阳区, 来宾市 …).
SHORT_STOP = {
    "中山", "朝阳", "来宾", "白银", "大庆", "大同", "河源", "阿里", "开封", "普洱", "安康", "长治",
    "白山", "山南", "黄山", "海东", "海南", "海西", "海北", "吉安", "三明", "定西", "金昌", "固原",
    "通化", "临沧", "保山", "丽江", "玉溪", "南平", "宁德", "龙岩", "三亚", "三沙", "林芝", "那曲",
    "昌都", "商洛", "玉树", "果洛", "黄南", "吴忠", "中卫", "铜川", "日照", "德州", "黄石", "荆门",
    "红河", "文山", "大理", "德宏", "怒江", "迪庆", "楚雄", "西双版纳", "阿拉善", "兴安", "锡林郭勒",
    "乌兰察布", "巴彦淖尔", "鄂尔多斯", "呼伦贝尔", "通辽", "赤峰", "包头", "乌海", "承德", "辽阳",
    "抚州", "宜春", "新余", "萍乡", "鹰潭", "上饶", "池州", "宣城", "六安", "滁州", "淮北", "宿州",
    "安顺", "遵义", "毕节", "铜仁", "黔南", "黔东南", "黔西南", "北海", "百色", "河池", "崇左",
    "钦州", "贵港", "玉林", "梧州", "贺州", "防城港", "云浮", "清远", "揭阳", "汕尾", "潮州", "梅州",
    "江门", "阳江", "茂名", "湛江", "肇庆", "惠州", "韶关", "佛山", "珠海", "汕头", "东莞",
}
# keep the short forms of these even though listed above: distinctive and common as places
SHORT_KEEP = {
    "承德", "辽阳", "抚州", "宜春", "新余", "萍乡", "鹰潭", "上饶", "池州", "宣城", "六安", "滁州",
    "淮北", "宿州", "安顺", "遵义", "毕节", "铜仁", "百色", "河池", "崇左", "钦州", "贵港", "玉林",
    "梧州", "贺州", "防城港", "云浮", "清远", "揭阳", "汕尾", "潮州", "梅州", "江门", "阳江", "茂名",
    "湛江", "肇庆", "惠州", "韶关", "佛山", "珠海", "汕头", "东莞", "包头", "赤峰", "通辽", "鄂尔多斯",
    "呼伦贝尔", "巴彦淖尔", "乌兰察布", "锡林郭勒", "阿拉善", "乌海", "大理", "楚雄", "西双版纳",
    "德州", "日照", "黄石", "荆门", "铜川", "商洛", "吴忠", "中卫", "固原", "金昌", "定西", "三明",
    "南平", "宁德", "龙岩", "三亚", "玉溪", "丽江", "保山", "临沧", "通化", "林芝", "昌都", "普洱",
}
# Names in the data that are not divisions a text names (placeholders of the code table).
SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "城区", "郊区", "矿区", "新区", "市区"}
# Ethnic-autonomy and other suffixes stripped to get a short form, longest first.
_SUFFIX = re.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市|盟|地区|"
    r"(?:[\u4e00-\u9fff]{1,8}?族)+自治州|自治州|州)$"
)


def _rows(src: Path) -> list[dict]:
    if src.suffix == ".whl":
        with zipfile.ZipFile(src) as z:
            name = next(n for n in z.namelist() if n.endswith("resources/adcodes.csv"))
            text = z.read(name).decode("utf-8")
    else:
        text = src.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _find_source(argv: list[str]) -> tuple[Path, str]:
    if argv:
        p = Path(argv[0])
        m = re.search(r"cpca-([0-9][0-9.]*)-", p.name)
        return p, (m.group(1) if m else "?")
    try:
        import cpca  # noqa: F401

        return Path(cpca.__file__).parent / "resources" / "adcodes.csv", metadata.version("cpca")
    except ImportError:
        whl = sorted(Path("/tmp/pkg").glob("cpca-*.whl"))
        if whl:
            return _find_source([str(whl[-1])])
    sys.exit("cpca not found: pip download --no-deps -d /tmp/pkg cpca, or pass the wheel/CSV path")


def level(code: str) -> str:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "prefecture"
    return "county"


# County-level suffixes stripped to get a county short form (垫江县 → 垫江, 平鲁区 → 平鲁).
_COUNTY_SUFFIX = re.compile(r"(?:(?:[\u4e00-\u9fff]{1,8}?族)+自治县|自治县|自治旗|林区|特区|县|区|市|旗)$")


def _word_freq() -> dict[str, tuple[int, str]]:
    """jieba's dictionary (a runtime dependency of doclint): word -> (frequency, part of speech)."""
    import jieba  # noqa: PLC0415

    path = Path(jieba.__file__).parent / "dict.txt"
    out: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            out[parts[0]] = (int(parts[1]), parts[2])
    return out


def county_short(rows: list[dict], exclude: set[str]) -> list[str]:
    """Short forms of county-level names (垫江, 山阴, 平鲁) that are not ordinary words.

    A short form is dropped when jieba's dictionary knows it as a word other than a place
    name (part of speech not ``ns``) with frequency >= 20: 和平, 合作, 资源, 前进, 城中 …
    """
    freq = _word_freq()
    out: set[str] = set()
    for r in rows:
        name = r["name"].strip()
        if level(r["adcode"]) != "county" or name in SKIP or not re.fullmatch(r"[\u4e00-\u9fff]{2,}", name):
            continue
        s = _COUNTY_SUFFIX.sub("", name)
        if s == name or len(s) < 2:
            continue
        known = freq.get(s)
        if known and known[1] != "ns" and known[0] >= 20:
            continue
        out.add(s)
    return sorted(out - exclude, key=lambda w: (-len(w), w))


def build(rows: list[dict]) -> tuple[list[str], list[str]]:
    full: set[str] = set()
    short: set[str] = set()
    for r in rows:
        name = r["name"].strip()
        if not name or name in SKIP or name.endswith(("区划", "行政区域")) or "的" in name:
            continue
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", name):
            continue
        full.add(name)
        lv = level(r["adcode"])
        if lv in ("province", "prefecture"):
            s = _SUFFIX.sub("", name)
            if s == name and lv == "prefecture":
                continue
            if len(s) >= 2 and (s not in SHORT_STOP or s in SHORT_KEEP):
                short.add(s)
    short -= full
    key = lambda w: (-len(w), w)  # noqa: E731
    return sorted(full, key=key), sorted(short, key=key)


RELATIVE = [
    "本市", "我市", "本县", "我县", "本区", "我区", "本省", "我省",
    "本自治区", "本自治州", "本州", "我州", "本盟", "本旗", "我旗", "本镇", "我镇", "本乡", "本街道",
    "本地", "当地", "本地区", "本辖区", "辖区内", "本行政区域", "本行政区", "属地", "本埠",
    "县域内", "市域内", "省域内",
    "本区域", "园区内", "本园区", "本开发区",
]
OUTSIDE = [
    "外地", "外埠", "外省", "外市", "外县", "外区", "外来", "异地", "域外",
    "市外", "县外", "区外", "省外", "州外", "旗外", "园区外",
    "非本地", "非本市", "非本县", "非本区", "非本省", "非本辖区", "非本行政区域", "非属地",
    "其他地区", "其他省份", "其他城市", "其他市县", "外省市", "外省区",
]


# The shape of a full division name.  Words with a division suffix that are not divisions
# (小区, 社区, 城市, 超市 …) are excluded by a look-behind.
NOT_DIVISION = (
    "小区|社区|园区|景区|片区|校区|厂区|库区|街区|灾区|疫区|辖区|保护区|开发区|示范区|功能区|商业区|住宅区|"
    "居住区|工业区|集聚区|试验区|实验区|服务区|风景区|旅游区|生活区|办公区|战区|学区|警区|禁区|责任区|限行区|"
    "贫困山区|偏远山区|中心城区|主城区|大城市|小城市|中心城市|节点城市|一线城市|二线城市|智慧城市|文明城市|"
    "卫生城市|园林城市|试点城市|重点城市|各城市|超市|都市|直辖市|地级市|县级市|各地市|夜市|早市|集市|股市|"
    "楼市|车市|上市|门市|互市|外省|兄弟省|红旗|国旗|党旗|彩旗|锦旗|"
    "本县|全县|该县|各县|郡县|外县|本市|全市|该市|各市|外市|本区|全区|该区|各区|外区|本州|全州|该州|各州|"
    "本省|全省|该省|各省|神州|九州|地区|城市|保税区|综合保税区|自贸区|片区|高新区|经开区|新城区建设|贫困县|重点县|示范县|"
    "试点县|产粮大县|强县|百强县|示范市|试点市|文明市|卫生县|园林县|试点区|先行区|核心区|引领区|承载区|先导区|"
    "集中区|密集区|聚集区|发展区|拓展区|建成区|规划区|控制区|管控区|缓冲区|水源区|安置区|工作区|作业区|施工区"
)
SHAPE = (
    "(?:[\\u4e00-\\u9fff]{1,14}?(?:自治区|自治州|自治县|自治旗|特别行政区|联合旗|[左右]翼[前中后]旗|[左右前中后]旗|群岛)"
    "|[\\u4e00-\\u9fff]{1,5}?(?:省|市|县|区|旗|州|盟)(?!场|民|政府|委|级|直|属|长|容|政))"
    "(?<!" + NOT_DIVISION + ")"
)


def trie_regex(words: list[str]) -> str:
    """One regex for many words: a character trie, so matching never tries the words one by one."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        """Regex for the words below node (node itself ends a word when it has the "" key)."""
        branches = [(ch, sub) for ch, sub in sorted(node.items()) if ch]
        leaves = [ch for ch, sub in branches if list(sub) == [""]]
        alts = [regex_escape(ch) + emit(sub) for ch, sub in branches if list(sub) != [""]]
        if len(leaves) == 1:
            alts.append(regex_escape(leaves[0]))
        elif leaves:
            alts.append("[" + "".join(map(regex_escape, leaves)) + "]")
        if not alts:
            return ""
        if "" in node:
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


def render(full: list[str], short: list[str], version: str, county: list[str]) -> str:
    def block(words: list[str], per_line: int = 14) -> str:
        lines = []
        for i in range(0, len(words), per_line):
            lines.append("      - " + "\n      - ".join(words[i:i + per_line]))
        return "\n".join(lines)

    names_block = "\n".join("      " + "、".join(short[i:i + 20]) for i in range(0, len(short), 20))
    shape = regex_compile(SHAPE)
    missed = [w for w in full if not shape.fullmatch(w)]
    covered = len(full) - len(missed)
    return f"""# 行政区划名称（生成文件，勿手改）：由 scripts/make_places.py 从 PyPI 包 cpca {version}
# （MIT 许可，https://github.com/DQinYuan/chinese_province_city_area_mapper）所附 adcodes.csv 生成；
# 该表为国家统计局统计用区划代码中的省级、地级、县级行政区划名称。重新生成：python scripts/make_places.py
description: 地名：行政区划名称（省、地、县三级）、本地的相对说法、外地的说法

lexicons:
  place_name:
    description: 行政区划名称：全称按形状识别（名称加 省/市/县/区/旗/州/盟/自治区/自治州/自治县/自治旗，排除小区、社区、城市、保税区、试点县等非区划词），形状以外的全称（如××地区）按列表，简称（{len(short)} 个省级、地级简称）按列表
    source: PyPI cpca {version} resources/adcodes.csv（国家统计局统计用区划代码，省、地、县三级）；形状由 scripts/make_places.py 对表中 {len(full)} 个全称逐一验证（覆盖 {covered} 个）
    note: |
      列表：省级、地级简称（去掉与常用词同形者）。全称不逐一列举：{len(full)} 个名称的列举会使每条规则的正则编译慢数十倍，
      形状已对整张表验证；未被形状覆盖的 {len(missed)} 个全称与简称一起列入下面第二个模式：{'、'.join(missed) or '无'}
      简称：
{names_block}
    patterns:
      - '{SHAPE}'
      - '{trie_regex(short + missed)}'
  place_placeholder:
    description: 案例与草稿中隐去或泛指的地名（某市、××县、项目所在地、甲方所在地）
    source: 起草与审查实务（公开案例常以“某县”“××市”隐去地名）
    patterns:
      - '(?:某某|某|××|XX|xx|ＸＸ|＊＊|\\*\\*)(?:省|市|县|区|旗|州|镇|乡|地)'
      - '(?:项目|工程|甲方|采购人|招标人|业主|发包人|建设单位|企业注册|服务)所在(?:地|县|市|区|省)'
  place_relative:
    description: 文件自身辖区的相对说法（本市、我县、辖区内、当地……；单独的“区内”“市内”不接在保税区、园区等词后）
    source: 《公平竞争审查条例》第九条（“本地”“外地”）；起草实务中的辖区称谓
    words:
{block(RELATIVE)}
    patterns:
      - '(?:市|县|区|省|州|旗|镇)(?<!(?:保税|开发|示范|园|景|小|社|片|城|校|厂|矿|港|库|试验|功能|商业|住宅|工业|服务|旅游|产业|自贸|高新|经开|新)区)内'

  place_outside:
    description: 辖区以外的说法（外地、外省、市外、非本地、域外……）
    source: 《公平竞争审查条例》第九条（“外地或者进口商品、要素”“外地经营者”）；起草实务
    words:
{block(OUTSIDE)}
  place_local:
    description: 任一具体或相对的本地地名（行政区划名称、隐去的地名、本市/我县等）
    source: 由 place_name、place_placeholder、place_relative 组成
    patterns:
      - '{{{{place_relative}}}}'
      - '{{{{place_placeholder}}}}'
      - '{{{{place_name}}}}'
  place_local_listed:
    description: 本地地名中不靠形状识别的部分（相对说法、隐去的地名、列表中的简称与全称）：用于地名位于匹配开头、左侧没有“在”“于”等锚点的模式
    source: 由 place_relative、place_placeholder 和 place_name 的列表部分组成
    patterns:
      - '{{{{place_relative}}}}'
      - '{{{{place_placeholder}}}}'
      - '{trie_regex(short + missed)}'
  place_county_short:
    description: 县级行政区划的简称（去掉县、区、市、旗、自治县：{len(county)} 个），去掉 jieba 词典中作为非地名常用词的（和平、合作、资源、前进、城中……）。简称多与常用词同形，只用于紧接在“在”“注册地在”等锚点之后的位置
    source: PyPI cpca {version} resources/adcodes.csv 的县级名称；常用词过滤用 jieba 词典（词频 >= 20 且词性不是 ns 的去掉）
    patterns:
      - '{trie_regex(county)}(?![\u4e00-\u9fff]{{0,1}}(?:县|区|市|旗))'
  place_anchored:
    description: 紧接在“在、于、注册地在”等锚点之后可认的本地地名：place_local 加县级简称
    source: 由 place_local、place_county_short 组成
    patterns:
      - '{{{{place_local}}}}'
      - '{{{{place_county_short}}}}'
"""


def main(argv: list[str]) -> None:
    src, version = _find_source(argv)
    rows = _rows(src)
    full, short = build(rows)
    county = county_short(rows, set(full) | set(short))
    OUT.write_text(render(full, short, version, county), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(full)} full names, {len(short)} short forms (cpca {version})")


if __name__ == "__main__":
    main(sys.argv[1:])
