"""Synthetic corpora in the style of the seeds, for build benchmarks and interruption tests.

Real place names (every province, city, county, town and village of jionlp's administrative
division table), invented companies, people and programs, and sentences built on the trigger
words of the ontology (吸纳…就业, 投资…万元, 实施, 签订协议, 结对帮扶…). Deterministic: the same
``--seed`` and ``--articles`` give byte-identical output.

Example::

    python benchmarks/gen_corpus.py --articles 1000 --out /tmp/corpus-1k          # .txt files
    python benchmarks/gen_corpus.py --articles 100000 --jsonl /tmp/corpus-100k.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
            "万钱严覃武戴莫孔向汤")
GIVEN = ("亨菊永珍志珍勇文玉章春小琼国华建军秀英桂兰海燕明强丽娟德胜红梅春花家宝玉兰振华金凤学军兴旺"
         "光荣晓东雪梅志刚建平淑芬立新爱民树林福生长江冬梅俊杰玉梅正清")
BRANDS = ("福益美", "龙泓", "绿源", "惠农", "金穗", "山珍", "云岭", "康乐", "鑫达", "宏图", "丰收", "硒都",
          "青山", "瑞丰", "华美", "天禾", "兴农", "百味", "蜀香", "黔丰", "聚福", "永康", "新源", "润田")
INDUSTRIES = ("农业开发", "食品", "服饰", "玩具", "电子", "生态农业", "旅游开发", "中药材", "茶业", "农产品加工",
              "纺织", "建材", "电子商务", "畜牧", "果业")
ENT_SUFFIXES = ("有限公司", "有限公司", "有限责任公司", "股份有限公司", "专业合作社", "厂", "集团")
BUREAUS = ("人力资源和社会保障局", "民政局", "卫生健康委员会", "乡村振兴局", "农业农村委员会", "教育委员会",
           "发展和改革委员会", "医疗保障局", "财政局", "商务委员会")
INSTITUTIONS = ("人民医院", "中医院", "第一中学", "职业教育中心", "敬老院", "中心卫生院", "实验小学", "技工学校")
FOUNDATIONS = ("中国初级卫生保健基金会", "中国扶贫基金会", "中华慈善总会", "中国乡村发展基金会", "友成企业家扶贫基金会")
GROUPS = ("脱贫户", "留守妇女", "农村劳动力", "高校毕业生", "贫困患者", "搬迁群众", "脱贫群众", "残疾人", "留守儿童",
          "低收入人口", "困难群众", "易地扶贫搬迁群众", "留守老人")
PROGRAM_NAMES = ("春风行动", "雨露计划", "暖心工程", "惠老阳光工程", "消费帮扶行动", "一村一品工程", "订单式培训计划",
                 "健康扶贫工程", "农村人居环境整治行动", "稳岗就业专项行动", "技能提升行动", "光伏扶贫工程")
PROGRAM_HEADS = ("就业帮扶车间", "老年幸福食堂", "劳务协作", "双师课堂", "返乡创业园", "扶贫车间", "医疗扶贫模式")
TITLES = ("负责人", "总经理", "董事长", "党支部书记", "主任", "村主任", "院长", "校长")
PRODUCTS = ("辣椒酱", "防晒服", "玩具", "茶叶", "腊肉", "中药材", "电子元件", "竹编", "豆豉", "蜂蜜", "苹果", "土豆")


@dataclass
class County:
    province: str
    city: str
    name: str
    towns: list[tuple[str, list[str]]] = field(default_factory=list)  # (town, villages)


def load_divisions(max_counties: int | None = None) -> list[County]:
    """Every county with its province, city, towns and villages, from jionlp's bundled table."""
    import importlib.util

    spec = importlib.util.find_spec("jionlp")
    if spec is None or spec.origin is None:
        raise SystemExit("error: the jionlp package is needed for place names (pip install jionlp)")
    path = Path(spec.origin).parent / "dictionary" / "china_location.zip"
    with zipfile.ZipFile(path) as z:
        text = z.read(z.namelist()[0]).decode("utf-8")
    counties: list[County] = []
    prov = city = ""
    cur: County | None = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        depth = len(line) - len(line.lstrip("\t"))
        name = line.strip().split("\t")[0]
        if depth == 0:
            prov = name
        elif depth == 1:
            city = name
        elif depth == 2:
            cur = County(prov, city, name)
            counties.append(cur)
        elif depth == 3 and cur is not None:
            cur.towns.append((name, []))
        elif depth == 4 and cur is not None and cur.towns:
            cur.towns[-1][1].append(name)
    for c in counties:
        c.towns = [t for t in c.towns if t[0].endswith(("镇", "乡", "街道")) and "直属" not in t[0]]
    counties = [c for c in counties if c.towns and c.name.endswith(("县", "区", "市", "旗"))
                and not any(w in c.name for w in ("开发区", "新区", "园区", "管理区", "示范区", "试验区"))]
    return counties[:max_counties] if max_counties else counties


class Writer:
    """Builds one article: a random county, its actors, and paragraphs of trigger sentences."""

    def __init__(self, rng: random.Random, county: County) -> None:
        self.r = rng
        self.c = county
        town, villages = rng.choice(county.towns)
        self.town = town
        self.village = rng.choice(villages) if villages else town
        short = county.name[:-1] if len(county.name) > 2 and county.name[-1] in "县区旗" else county.name
        self.short = short
        self.companies = [self.company() for _ in range(rng.randint(2, 4))]
        self.people = [self.person() for _ in range(rng.randint(2, 5))]
        self.bureaus = [county.name + b for b in rng.sample(BUREAUS, 3)]
        self.inst = county.name + rng.choice(INSTITUTIONS)
        self.programs = [f"“{rng.choice(PROGRAM_NAMES)}”", self.short + rng.choice(PROGRAM_HEADS),
                         f"“{rng.choice(PROGRAM_NAMES)}”"]
        self.partner = "".join(rng.choice((("山东省", "济南市"), ("浙江省", "杭州市"), ("江苏省", "苏州市"),
                                           ("广东省", "深圳市"), ("福建省", "厦门市"), ("山东省", "青岛市")))) + "人民政府"

    def company(self) -> str:
        r = self.r
        return self.c.name + r.choice(BRANDS) + r.choice(INDUSTRIES) + r.choice(ENT_SUFFIXES)

    def person(self) -> str:
        r = self.r
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))

    def num(self, lo: int, hi: int) -> str:
        n = self.r.randint(lo, hi)
        return f"{n}{self.r.choice(('', '', '余', '多'))}"

    def sentence(self) -> str:
        r, c = self.r, self.c
        co, co2 = r.sample(self.companies, 2)
        p = r.choice(self.people)
        g = r.choice(GROUPS)
        b = r.choice(self.bureaus)
        prog = r.choice(self.programs)
        templates = (
            lambda: f"{co}就业帮扶车间吸纳了{self.village}的{g}{self.num(10, 300)}人就业，人均月增收{r.randint(15, 50)}00元。",
            lambda: f"{co}在{self.town}投资{r.randint(50, 5000)}万元建设{r.choice(PRODUCTS)}生产线，带动{self.num(20, 900)}名{g}就业。",
            lambda: f"{b}实施{prog}，为{g}提供技能培训和就业岗位{self.num(100, 3000)}个。",
            lambda: f"{c.name}人民政府与{self.partner}签订劳务协作协议，共同开展{prog}。",
            lambda: f"“我在车间上班{r.randint(1, 6)}年多了，月工资{r.randint(20, 50)}00元。”{g}{p}说。",
            lambda: f"{p}在{co}务工，每月能挣{r.randint(20, 45)}00元，家里也照顾了。",
            lambda: f"公司{r.choice(TITLES)}{p}介绍，公司目前在岗职工{self.num(50, 800)}人，其中{g}{self.num(10, 200)}人。",
            lambda: f"{co}与{co2}签订合作协议，共建{r.choice(PRODUCTS)}产业基地。",
            lambda: f"{b}拨付奖补资金{r.randint(10, 900)}万元，支持{co}扩大生产。",
            lambda: f"{self.inst}对口帮扶{self.town}卫生院，惠及{g}{self.num(100, 5000)}人次。",
            lambda: f"{r.choice(FOUNDATIONS)}向{self.inst}捐赠医疗设备，价值{r.randint(10, 500)}万元。",
            lambda: f"{p}于{r.randint(2012, 2023)}年创办了{co}，现任公司{r.choice(TITLES)}。",
            lambda: f"{self.town}{self.village}位于{c.name}东部，全村共有{g}{self.num(30, 600)}户。",
            lambda: f"去年以来，{c.city}{r.choice(('出台', '启动', '落实', '推行'))}{prog}，覆盖{c.name}{r.randint(5, 40)}个乡镇。",
            lambda: f"{b}{r.choice(('党组书记', '局长', '主任'))}{p}表示，将持续做好{g}的就业帮扶工作。",
            lambda: f"{co}被认定为{c.province}{r.choice(('就业帮扶车间', '扶贫龙头企业', '消费帮扶示范企业'))}。",
            lambda: f"{c.name}累计发放{r.choice(('创业担保贷款', '就业补贴', '交通补贴'))}{r.randint(1, 9)}.{r.randint(1, 9)}亿元，"
                    f"惠及{g}{r.randint(1, 9)}万余人。",
            lambda: f"一场春雪过后，{self.town}的山川梁间虽寒风瑟瑟，但在各个车间里却暖意融融。",
            lambda: f"{c.city}{self.short}{r.choice(('产业园', '工业园区'))}已入驻企业{r.randint(3, 40)}家，直接吸纳就业{self.num(200, 5000)}人。",
        )
        return r.choice(templates)()

    def article(self) -> tuple[str, str]:
        r = self.r
        title = f"{self.short}：{r.choice(('帮扶车间成为助力群众增收致富“金钥匙”', '就业帮扶让群众端稳“饭碗”', '产业振兴托起幸福生活', '小车间撬动大民生', '劳务协作架起增收“连心桥”'))}"
        byline = f"本报记者 {self.person()} {self.person()}"
        paras = []
        for _ in range(r.randint(4, 9)):
            paras.append("".join(self.sentence() for _ in range(r.randint(2, 5))))
        return title, "\n".join([title, "", byline] + paras) + "\n"


def articles(n: int, seed: int = 0, counties: list[County] | None = None) -> Iterator[tuple[str, str, str]]:
    """``n`` articles as (id, title, text), deterministic for a given seed."""
    rng = random.Random(seed)
    counties = counties or load_divisions()
    for i in range(n):
        title, text = Writer(rng, rng.choice(counties)).article()
        yield f"syn{seed:03d}_{i:07d}", title, text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", "-n", type=int, default=1000, help="how many articles (1000, 10000, 100000 …)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (same seed, same corpus)")
    dest = ap.add_mutually_exclusive_group(required=True)
    dest.add_argument("--out", type=Path, help="folder for .txt files (1000 per subfolder)")
    dest.add_argument("--jsonl", type=Path, help="one .jsonl file, one article a line (id, title, text)")
    args = ap.parse_args(argv)
    chars = 0
    if args.jsonl:
        args.jsonl.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.jsonl.with_name(f".{args.jsonl.name}.tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for ident, title, text in articles(args.articles, args.seed):
                fh.write(json.dumps({"id": ident, "title": title, "text": text}, ensure_ascii=False) + "\n")
                chars += len(text)
        os.replace(tmp, args.jsonl)
        where = args.jsonl
    else:
        for i, (ident, _title, text) in enumerate(articles(args.articles, args.seed)):
            sub = args.out / f"{i // 1000:04d}"
            if i % 1000 == 0:
                sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{ident}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
        where = args.out
    print(f"wrote {args.articles} articles, {chars} characters → {where}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
