"""The tile-grid map of China: the 34 provincial-level divisions as equal squares.

Each division is one tile placed by its rough position (column from west to east, row from
north to south), so the map needs no boundary data at all: nothing can be drawn off China's
official boundaries, and every division — Taiwan, Hong Kong and Macao included, the South
China Sea islands with Hainan (Sansha is one of its cities) — has a tile of its own of the
same size, however small its area. ``docs/dashboards.md`` says why this was chosen over the
classic ECharts ``china.js`` boundary file.

``TILES`` maps the GB/T 2260 code to ``(column, row, short name in Chinese, in English)``.
"""

from __future__ import annotations

TILES: dict[str, tuple[int, int, str, str]] = {
    "230000": (8, 0, "黑龙江", "Heilongjiang"),
    "150000": (6, 1, "内蒙古", "Inner Mongolia"),
    "220000": (8, 1, "吉林", "Jilin"),
    "650000": (1, 2, "新疆", "Xinjiang"),
    "620000": (3, 2, "甘肃", "Gansu"),
    "640000": (4, 2, "宁夏", "Ningxia"),
    "140000": (5, 2, "山西", "Shanxi"),
    "130000": (6, 2, "河北", "Hebei"),
    "110000": (7, 2, "北京", "Beijing"),
    "210000": (8, 2, "辽宁", "Liaoning"),
    "540000": (1, 3, "西藏", "Tibet"),
    "630000": (2, 3, "青海", "Qinghai"),
    "610000": (4, 3, "陕西", "Shaanxi"),
    "410000": (5, 3, "河南", "Henan"),
    "370000": (6, 3, "山东", "Shandong"),
    "120000": (7, 3, "天津", "Tianjin"),
    "510000": (3, 4, "四川", "Sichuan"),
    "500000": (4, 4, "重庆", "Chongqing"),
    "420000": (5, 4, "湖北", "Hubei"),
    "340000": (6, 4, "安徽", "Anhui"),
    "320000": (7, 4, "江苏", "Jiangsu"),
    "310000": (8, 4, "上海", "Shanghai"),
    "530000": (3, 5, "云南", "Yunnan"),
    "520000": (4, 5, "贵州", "Guizhou"),
    "430000": (5, 5, "湖南", "Hunan"),
    "360000": (6, 5, "江西", "Jiangxi"),
    "330000": (7, 5, "浙江", "Zhejiang"),
    "450000": (4, 6, "广西", "Guangxi"),
    "440000": (5, 6, "广东", "Guangdong"),
    "350000": (6, 6, "福建", "Fujian"),
    "710000": (7, 6, "台湾", "Taiwan"),
    "460000": (4, 7, "海南", "Hainan"),
    "820000": (5, 7, "澳门", "Macao"),
    "810000": (6, 7, "香港", "Hong Kong"),
}
COLUMNS = 9
ROWS = 8
