# ruff: noqa: E501  -- Chinese prose data: long lines read better than split sentences.
"""The two national communities of the demo: who is in them, their councils and their texts.

Facts taken from public reports (see DESIGN.md): the rail-transit community was founded on
2023-07-25 in Changzhou by the Ministry of Education and CRRC, with 49 enterprises (CRRC
and its manufacturing subsidiaries), 9 universities and 34 vocational colleges, a standing
council and a secretariat; the industrial-internet community has 119 members (46
enterprises, 5 universities, 2 vocational-undergraduate universities, 56 higher-vocational
colleges, and 10 institutes and associations) and a council of a chair, executive
vice-chairs, 6 vice-chairs, 21 standing directors and 29 directors. The named member lists,
council assignments and the industrial-internet founding date and seat are illustrative,
not a record of the real bodies; credit codes are synthetic.
"""

from __future__ import annotations

import datetime

# ---------------------------------------------------------------- rail-transit equipment

RAIL_NAME = "国家轨道交通装备行业产教融合共同体"
RAIL_NAME_EN = "National Industry-Education Integration Community for Rail-Transit Equipment"
RAIL_FOUNDED = datetime.date(2023, 7, 25)
RAIL_CITY = "320400"  # 常州市

# (name, English name, city code). CRRC first: it leads, with the lead college below.
RAIL_ENTERPRISES = [
    ("中国中车集团有限公司", "CRRC Group Co., Ltd.", "110100"),
    ("中车长春轨道客车股份有限公司", "CRRC Changchun Railway Vehicles Co., Ltd.", "220100"),
    ("中车青岛四方机车车辆股份有限公司", "CRRC Qingdao Sifang Co., Ltd.", "370200"),
    ("中车唐山机车车辆有限公司", "CRRC Tangshan Co., Ltd.", "130200"),
    ("中车株洲电力机车有限公司", "CRRC Zhuzhou Locomotive Co., Ltd.", "430200"),
    ("中车大连机车车辆有限公司", "CRRC Dalian Co., Ltd.", "210200"),
    ("中车戚墅堰机车有限公司", "CRRC Qishuyan Co., Ltd.", "320400"),
    ("中车戚墅堰机车车辆工艺研究所有限公司", "CRRC Qishuyan Institute Co., Ltd.", "320400"),
    ("中车南京浦镇车辆有限公司", "CRRC Nanjing Puzhen Co., Ltd.", "320100"),
    ("中车四方车辆有限公司", "CRRC Sifang Rolling Stock Co., Ltd.", "370200"),
    ("中车齐齐哈尔车辆有限公司", "CRRC Qiqihar Rolling Stock Co., Ltd.", "230200"),
    ("中车长江车辆有限公司", "CRRC Yangtze Co., Ltd.", "420100"),
    ("中车眉山车辆有限公司", "CRRC Meishan Co., Ltd.", "511400"),
    ("中车西安车辆有限公司", "CRRC Xi'an Co., Ltd.", "610100"),
    ("中车太原机车车辆有限公司", "CRRC Taiyuan Co., Ltd.", "140100"),
    ("中车株洲电力机车研究所有限公司", "CRRC Zhuzhou Institute Co., Ltd.", "430200"),
    ("中车株洲电机有限公司", "CRRC Zhuzhou Electric Co., Ltd.", "430200"),
    ("中车永济电机有限公司", "CRRC Yongji Electric Co., Ltd.", "140800"),
    ("中车大同电力机车有限公司", "CRRC Datong Co., Ltd.", "140200"),
    ("中车资阳机车有限公司", "CRRC Ziyang Co., Ltd.", "512000"),
    ("中车成都机车车辆有限公司", "CRRC Chengdu Co., Ltd.", "510100"),
    ("中车北京二七机车有限公司", "CRRC Beijing Erqi Locomotive Co., Ltd.", "110100"),
    ("中车山东机车车辆有限公司", "CRRC Shandong Co., Ltd.", "370100"),
    ("中车沈阳机车车辆有限公司", "CRRC Shenyang Co., Ltd.", "210100"),
    ("中车大连电力牵引研发中心有限公司", "CRRC Dalian R&D Co., Ltd.", "210200"),
    ("中车青岛四方车辆研究所有限公司", "CRRC Qingdao Sifang Institute Co., Ltd.", "370200"),
    ("中车洛阳机车有限公司", "CRRC Luoyang Locomotive Co., Ltd.", "410300"),
    ("中车石家庄车辆有限公司", "CRRC Shijiazhuang Co., Ltd.", "130100"),
    ("中车广东轨道交通车辆有限公司", "CRRC Guangdong Co., Ltd.", "440700"),
    ("中车时代电动汽车股份有限公司", "CRRC Times Electric Vehicle Co., Ltd.", "430200"),
    ("中车贵阳车辆有限公司", "CRRC Guiyang Co., Ltd.", "520100"),
    ("中车兰州机车有限公司", "CRRC Lanzhou Co., Ltd.", "620100"),
    ("中车哈尔滨车辆有限公司", "CRRC Harbin Co., Ltd.", "230100"),
    ("中车北京南口机械有限公司", "CRRC Beijing Nankou Co., Ltd.", "110100"),
    ("中车株洲车辆有限公司", "CRRC Zhuzhou Rolling Stock Co., Ltd.", "430200"),
    ("中车南京浦镇海泰制动设备有限公司", "CRRC Puzhen Haitai Brake Co., Ltd.", "320100"),
    ("中车大连机车研究所有限公司", "CRRC Dalian Institute Co., Ltd.", "210200"),
    ("中车长江运输设备集团有限公司", "CRRC Yangtze Group Co., Ltd.", "420100"),
    ("中车天津轨道交通装备有限公司", "CRRC Tianjin Rail Equipment Co., Ltd.", "120100"),
    ("中车重庆长客轨道车辆有限公司", "CRRC Chongqing Changke Co., Ltd.", "500100"),
    ("中车信息技术有限公司", "CRRC Information Technology Co., Ltd.", "110100"),
    ("中车工业研究院有限公司", "CRRC Industrial Research Institute Co., Ltd.", "110100"),
    ("中车环境科技有限公司", "CRRC Environmental Science Co., Ltd.", "110100"),
    ("中车长春轨道客车装备有限公司", "CRRC Changchun Equipment Co., Ltd.", "220100"),
    ("中车青岛四方车辆装备有限公司", "CRRC Sifang Equipment Co., Ltd.", "370200"),
    ("中车株洲电力机车装备有限公司", "CRRC Zhuzhou Equipment Co., Ltd.", "430200"),
    ("中车唐山轨道装备有限公司", "CRRC Tangshan Rail Equipment Co., Ltd.", "130200"),
    ("中车戚墅堰轨道装备有限公司", "CRRC Qishuyan Rail Equipment Co., Ltd.", "320400"),
    ("中车浦镇城轨车辆有限责任公司", "CRRC Puzhen Urban Rail Co., Ltd.", "320100"),
]

RAIL_UNIVERSITIES = [
    ("西南交通大学", "Southwest Jiaotong University", "510100"),
    ("北京交通大学", "Beijing Jiaotong University", "110100"),
    ("中南大学", "Central South University", "430100"),
    ("大连交通大学", "Dalian Jiaotong University", "210200"),
    ("兰州交通大学", "Lanzhou Jiaotong University", "620100"),
    ("华东交通大学", "East China Jiaotong University", "360100"),
    ("石家庄铁道大学", "Shijiazhuang Tiedao University", "130100"),
    ("吉林大学", "Jilin University", "220100"),
    ("常州大学", "Changzhou University", "320400"),
]

# The lead college first: it hosts the secretariat.
RAIL_COLLEGES = [
    ("常州铁道高等职业技术学校", "Changzhou Railway Higher Vocational School", "320400"),
    ("常州工程职业技术学院", "Changzhou Vocational Institute of Engineering", "320400"),
    ("常州机电职业技术学院", "Changzhou Vocational Institute of Mechatronic Technology", "320400"),
    ("常州信息职业技术学院", "Changzhou College of Information Technology", "320400"),
    ("南京铁道职业技术学院", "Nanjing Institute of Railway Technology", "320100"),
    ("湖南铁道职业技术学院", "Hunan Railway Professional Technology College", "430200"),
    ("湖南铁路科技职业技术学院", "Hunan Vocational College of Railway Technology", "430200"),
    ("哈尔滨铁道职业技术学院", "Harbin Railway Vocational and Technical College", "230100"),
    ("山东职业学院", "Shandong Polytechnic", "370100"),
    ("郑州铁路职业技术学院", "Zhengzhou Railway Vocational and Technical College", "410100"),
    ("武汉铁路职业技术学院", "Wuhan Railway Vocational College of Technology", "420100"),
    ("天津铁道职业技术学院", "Tianjin Railway Technical and Vocational College", "120100"),
    ("西安铁路职业技术学院", "Xi'an Railway Vocational and Technical Institute", "610100"),
    ("吉林铁道职业技术学院", "Jilin Railway Technology College", "220200"),
    ("辽宁铁道职业技术学院", "Liaoning Railway Vocational and Technical College", "210700"),
    ("包头铁道职业技术学院", "Baotou Railway Vocational and Technical College", "150200"),
    ("柳州铁道职业技术学院", "Liuzhou Railway Vocational Technical College", "450200"),
    ("陕西铁路工程职业技术学院", "Shaanxi Railway Institute", "610500"),
    ("四川铁道职业学院", "Sichuan Railway College", "510100"),
    ("石家庄铁路职业技术学院", "Shijiazhuang Institute of Railway Technology", "130100"),
    ("广州铁路职业技术学院", "Guangzhou Railway Polytechnic", "440100"),
    ("长春职业技术学院", "Changchun Vocational Institute of Technology", "220100"),
    ("青岛职业技术学院", "Qingdao Technical College", "370200"),
    ("大连职业技术学院", "Dalian Vocational and Technical College", "210200"),
    ("唐山工业职业技术学院", "Tangshan Polytechnic College", "130200"),
    ("湖南工业职业技术学院", "Hunan Industry Polytechnic", "430100"),
    ("黑龙江交通职业技术学院", "Heilongjiang Communications Polytechnic", "230200"),
    ("安徽交通职业技术学院", "Anhui Communications Vocational and Technical College", "340100"),
    ("重庆公共运输职业学院", "Chongqing Vocational College of Public Transportation", "500100"),
    ("北京交通运输职业学院", "Beijing Vocational College of Transport", "110100"),
    ("济南铁道职业技术学院", "Jinan Railway Polytechnic", "370100"),
    ("南京交通职业技术学院", "Nanjing Vocational Institute of Transport Technology", "320100"),
    ("成都工业职业技术学院", "Chengdu Industrial Vocational Technical College", "510100"),
    ("贵州交通职业技术学院", "Guizhou Communications Polytechnic", "520100"),
]

# Education departments of the five industrial clusters: supporting units, as observers.
RAIL_SUPPORTERS = [
    ("大连市教育局", "Dalian Education Bureau", "210200"),
    ("长春市教育局", "Changchun Education Bureau", "220100"),
    ("常州市教育局", "Changzhou Education Bureau", "320400"),
    ("青岛市教育局", "Qingdao Education Bureau", "370200"),
    ("株洲市教育局", "Zhuzhou Education Bureau", "430200"),
]

RAIL_SUMMARY = (
    "教育部与中国中车共同推动成立的首个国家重大行业产教融合共同体，服务轨道交通装备产业链。"
)

RAIL_OUTCOME_AREAS = [
    ("教材与课程", "共建行业核心课程与新形态教材，对接轨道交通装备新技术、新工艺、新规范。"),
    ("共享基地与师资培训", "共建共享高水平实训基地，开展“双师型”教师培训和企业实践。"),
    ("海外项目", "随中国中车海外项目同步开展海外人才培养，建设境外培训中心。"),
    ("能力建设", "提升成员院校专业建设、社会培训和技术服务能力。"),
    ("联合研发", "围绕关键共性技术开展校企联合攻关和成果转化。"),
    ("战略人才", "培养大国工匠、能工巧匠和高技能领军人才。"),
    ("交流合作", "举办年会、技能大赛和专题研讨，促进成员间交流。"),
    ("组织自身建设", "完善章程、理事会和秘书处运行机制，建立成员进出和考核制度。"),
]

RAIL_CHARTER = """第一条　本共同体名称为国家轨道交通装备行业产教融合共同体，由中国中车集团有限公司牵头，联合相关普通高校、职业院校、企业和地方教育行政部门共同组建，是非营利性、开放式的产教融合合作组织。
第二条　共同体以服务轨道交通装备产业高质量发展为宗旨，推进职普融通、产教融合、科教融汇，培养高素质技术技能人才。
第三条　共同体设理事会和常务理事会。理事会由全体理事单位组成，常务理事会在理事会闭会期间行使职权。理事长由牵头企业代表担任。
第四条　共同体设秘书处，负责日常工作，秘书处设在常州铁道高等职业技术学校。
第五条　成员单位享有参与共同体活动、共享资源、获得信息服务的权利，履行执行决议、提供资源、报送数据的义务。
第六条　成员单位自愿加入、自愿退出；对连续两年未履行义务的成员，经常务理事会决定可予以调整。
第七条　本章程经全体理事会审议通过后生效，由理事会负责解释。"""

RAIL_PLAN = """2023—2025年：完成组织建设，建立理事会、常务理事会和秘书处工作机制；发布核心产品、技术需求和人才需求“三张清单”。
2026—2028年：建成一批共享实训基地和行业课程资源库，推动专业、课程、教材、教师、实习实训五个关键要素改革。
2029—2030年：形成可复制推广的行业产教融合模式，成为服务国家战略和“一带一路”的人才培养高地。"""

# ---------------------------------------------------------------- industrial internet

INTERNET_NAME = "国家工业互联网行业产教融合共同体"
INTERNET_NAME_EN = "National Industry-Education Integration Community for the Industrial Internet"
INTERNET_FOUNDED = datetime.date(2023, 12, 15)
INTERNET_CITY = "110100"  # 北京市

INTERNET_COMPOSITION = {
    "enterprise": 46,
    "university": 5,
    "vocational_undergraduate": 2,
    "higher_vocational": 56,
    "research_institute": 6,
    "association": 4,
}

# Named leaders; the other members are generated. (type, name, English name, city code)
INTERNET_LEADERS = [
    ("research_institute", "中国信息通信研究院", "China Academy of Information and Communications Technology", "110100"),
    ("enterprise", "卡奥斯物联科技股份有限公司", "COSMOPlat IoT Technology Co., Ltd.", "370200"),
    ("higher_vocational", "北京电子科技职业学院", "Beijing Polytechnic", "110100"),
]  # fmt: skip

INTERNET_COUNCIL = {
    "chair": 1,
    "executive_vice_chair": 2,
    "vice_chair": 6,
    "secretary_general": 1,
    "standing_director": 21,
    "director": 29,
}

INTERNET_SUMMARY = (
    "面向工业互联网产业链，汇聚平台企业、普通高校、职业本科和高职院校的全国性行业产教融合共同体。"
)

INTERNET_GOALS = """一、共建工业互联网专业群和课程标准，开发工业互联网实施与运维等新形态教材。
二、共建工业互联网实训基地和标识解析、边缘计算等共享实训平台。
三、开展“双师型”教师培训和企业工程师进校园活动。
四、联合开展中小企业数字化转型技术服务与应用研发。
五、发布核心产品、技术需求和人才需求“三张清单”，开展订单培养和联合招聘。"""

INTERNET_CHARTER = """第一条　本共同体名称为国家工业互联网行业产教融合共同体，是由工业互联网领域企业、科研院所、行业组织和院校自愿组成的开放式合作组织。
第二条　共同体设理事会，理事会设理事长一名、常务副理事长、副理事长若干名，设常务理事和理事；秘书处负责日常工作。
第三条　成员单位应履行章程规定的义务，按期报送共同体建设数据；成员可自愿退出。
第四条　本章程自理事会审议通过之日起施行。"""

INTERNET_PLAN = """第一阶段（2024年）：完善组织架构，建立理事会议事规则和成员进出机制。
第二阶段（2025—2026年）：建成共享实训平台，形成课程与教材资源库，开展规模化师资培训。
第三阶段（2027年起）：形成稳定的产教协同育人和技术服务机制，开展年度绩效评价。"""
