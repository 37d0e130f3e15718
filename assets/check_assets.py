#!/usr/bin/env python3
"""Consistency check for the data files under assets/ (templates and demo).

Usage:  python3 assets/check_assets.py        (exit status 0 = clean, 1 = problems)

Needs only the Python standard library (3.11+ for tomllib). It checks the things a
parser cannot tell from one file alone: headers and column counts, booleans/dates/
numbers, the counts stated in the seeds (17 steps, 31 procedures, 20 業務), and that
every name the demo files refer to exists in org.csv / people.csv / the templates.
"""
import csv
import datetime
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent
TPL = ROOT / "templates"
DEMO = ROOT / "demo"
problems = []


def bad(where, msg):
    problems.append(f"{where}: {msg}")


def read_csv(path, header):
    """Rows as dicts; checks the header and the column count of every row."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != header:
        bad(path.name, f"header {rows[0]} != {header}")
    out = []
    for n, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            bad(path.name, f"line {n}: {len(r)} columns, expected {len(header)}")
            continue
        out.append(dict(zip(header, r), _line=n))
    return out


def is_bool(v):
    return v in ("true", "false")


def is_date(v):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return False
    try:
        datetime.date.fromisoformat(v)
        return True
    except ValueError:
        return False


def is_int(v, lo=None, hi=None):
    if not re.fullmatch(r"\d+", v):
        return False
    return (lo is None or int(v) >= lo) and (hi is None or int(v) <= hi)


def unique(path, rows, col):
    seen = set()
    for r in rows:
        if r[col] in seen:
            bad(path, f"line {r['_line']}: duplicate {col} {r[col]!r}")
        seen.add(r[col])


# ------------------------------------------------------------------ templates
def check_initiatives():
    where = "initiatives.toml"
    data = tomllib.loads((TPL / where).read_text(encoding="utf-8"))
    order = {"bpr": 0, "targeted": 1, "other": 2}
    last = 0
    names = set()
    for i in data["initiative"]:
        n = i.get("name", "")
        for key, typ in (("code", str), ("name", str), ("group", str), ("priority", bool),
                         ("reference", bool), ("target_label", str)):
            if not isinstance(i.get(key), typ):
                bad(where, f"{n}: {key} missing or not {typ.__name__}")
        if n in names:
            bad(where, f"duplicate name {n}")
        names.add(n)
        g = order.get(i.get("group"))
        if g is None:
            bad(where, f"{n}: bad group {i.get('group')}")
        elif g < last:
            bad(where, f"{n}: group order must be bpr, targeted, other")
        else:
            last = g
        if i.get("reference") != n.startswith("【参考】"):
            bad(where, f"{n}: reference flag and 【参考】 prefix disagree")
        if "target_date" in i and not is_date(i["target_date"]):
            bad(where, f"{n}: bad target_date")
        if bool(i.get("target_label")) != ("target_date" in i):
            bad(where, f"{n}: target_label and target_date must come together")
        for t in i.get("task", []):
            if not (is_date(t.get("start", "")) and is_date(t.get("end", ""))):
                bad(where, f"{n} / {t.get('name')}: bad start/end")
            elif t["start"] > t["end"]:
                bad(where, f"{n} / {t['name']}: start after end")
            if not isinstance(t.get("milestone"), bool):
                bad(where, f"{n} / {t.get('name')}: milestone must be a boolean")
            if t.get("milestone") and t.get("start") != t.get("end"):
                bad(where, f"{n} / {t['name']}: a milestone starts and ends on one day")
    codes = sorted(i["code"] for i in data["initiative"] if i["code"])
    if codes != sorted("①②③④⑤⑥"):
        bad(where, f"codes ①–⑥ expected once each, got {codes}")
    if sum(i["priority"] for i in data["initiative"]) != 6:
        bad(where, "six 重点取組事項 (priority = true) expected")


def check_templates():
    check_initiatives()

    systems = read_csv(TPL / "systems.csv", ["業務", "グループ", "追加業務", "所管課例", "標準仕様書"])
    unique("systems.csv", systems, "業務")
    groups = [r["グループ"] for r in systems]
    if (groups.count("別枠"), groups.count("第1グループ"), groups.count("第2グループ"), groups.count("追加")) != (1, 7, 9, 3):
        bad("systems.csv", "expected 1 別枠, 7 第1グループ, 9 第2グループ, 3 追加")
    for r in systems:
        if not is_bool(r["追加業務"]) or (r["追加業務"] == "true") != (r["グループ"] == "追加"):
            bad("systems.csv", f"line {r['_line']}: 追加業務 must be true exactly for グループ 追加")

    steps = read_csv(TPL / "steps_v1.csv", ["番号", "記号", "フェーズ", "作業項目", "細目", "Aパターンのみ", "標準期間月"])
    if [r["番号"] for r in steps] != [str(n) for n in range(1, 18)]:
        bad("steps_v1.csv", "番号 must be 1..17")
    if "".join(r["記号"] for r in steps) != "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰":
        bad("steps_v1.csv", "記号 must be ①..⑰")
    phases = [r["フェーズ"] for r in steps]
    if phases != ["計画立案フェーズ"] * 4 + ["システム選定フェーズ"] * 8 + ["移行フェーズ"] * 5:
        bad("steps_v1.csv", "phases must be 4 計画立案 / 8 システム選定 / 5 移行")
    for r in steps:
        if r["Aパターンのみ"] != ("true" if r["番号"] in ("9", "10") else "false"):
            bad("steps_v1.csv", f"line {r['_line']}: Aパターンのみ is true for ⑨⑩ only")
        if r["標準期間月"] and not is_int(r["標準期間月"], 1):
            bad("steps_v1.csv", f"line {r['_line']}: 標準期間月 must be a number or empty")

    procs = read_csv(TPL / "procedures.csv", ["番号", "分類", "手続名", "市区町村必須", "所管課例"])
    if [r["番号"] for r in procs] != [str(n) for n in range(1, 32)]:
        bad("procedures.csv", "番号 must be 1..31")
    unique("procedures.csv", procs, "手続名")
    kinds = [r["分類"] for r in procs]
    if [kinds.count(k) for k in ("子育て", "介護", "被災者支援", "自動車保有")] != [15, 11, 1, 4]:
        bad("procedures.csv", "expected 子育て 15, 介護 11, 被災者支援 1, 自動車保有 4")
    for r in procs:
        if not is_bool(r["市区町村必須"]) or (r["市区町村必須"] == "true") != (r["分類"] in ("子育て", "介護")):
            bad("procedures.csv", f"line {r['_line']}: 市区町村必須 is true for the 26 子育て・介護 procedures only")

    skills = read_csv(TPL / "skills.csv", ["スキル領域", "説明"])
    unique("skills.csv", skills, "スキル領域")
    skill_names = {r["スキル領域"] for r in skills}
    if not 6 <= len(skill_names) <= 10:
        bad("skills.csv", "6–10 skill areas expected")

    targets = read_csv(TPL / "skill_targets.csv", ["職位", "スキル領域", "目標レベル"])
    seen = set()
    for r in targets:
        if r["スキル領域"] not in skill_names:
            bad("skill_targets.csv", f"line {r['_line']}: unknown スキル領域 {r['スキル領域']}")
        if not is_int(r["目標レベル"], 1, 4):
            bad("skill_targets.csv", f"line {r['_line']}: 目標レベル must be 1–4")
        if (r["職位"], r["スキル領域"]) in seen:
            bad("skill_targets.csv", f"line {r['_line']}: duplicate pair")
        seen.add((r["職位"], r["スキル領域"]))
    posts = {"部長", "課長", "課長補佐", "係長", "主任", "主事", "情報政策担当"}
    if {r["職位"] for r in targets} != posts:
        bad("skill_targets.csv", f"職位 must be {sorted(posts)}")
    if len(seen) != len(posts) * len(skill_names):
        bad("skill_targets.csv", "every 職位 needs a target for every スキル領域")

    courses = read_csv(TPL / "courses.csv", ["実施主体", "研修名", "形式", "期間", "日数", "実施月", "対象", "定員", "受講料円", "スキル"])
    unique("courses.csv", courses, "研修名")
    for r in courses:
        w = f"line {r['_line']}"
        if r["形式"] not in ("OJT", "OFF-JT", "eラーニング", "資格"):
            bad("courses.csv", f"{w}: bad 形式 {r['形式']}")
        for col, lo, hi in (("日数", 1, None), ("実施月", 1, 12), ("定員", 1, None), ("受講料円", 0, None)):
            if r[col] and not is_int(r[col], lo, hi):
                bad("courses.csv", f"{w}: {col} must be a number in range or empty")
        for part in filter(None, r["スキル"].split(";")):
            name, _, level = part.partition(":")
            if name not in skill_names or not is_int(level, 1, 4):
                bad("courses.csv", f"{w}: bad スキル entry {part!r}")
    return systems, procs


# ------------------------------------------------------------------ demo
def check_demo(tpl_systems, tpl_procs):
    city = tomllib.loads((DEMO / "city.toml").read_text(encoding="utf-8"))
    code = city.get("code", "")
    if not re.fullmatch(r"\d{6}", code):
        bad("city.toml", "code must be 6 digits")
    else:
        s = sum(int(c) * w for c, w in zip(code[:5], (6, 5, 4, 3, 2)))
        if (11 - s % 11) % 10 != int(code[5]):
            bad("city.toml", f"check digit of {code} is wrong")

    org = read_csv(DEMO / "org.csv", ["名称", "種別", "上位", "表示順"])
    unique("org.csv", org, "名称")
    units = {r["名称"]: r for r in org}
    for r in org:
        w = f"line {r['_line']}"
        if r["種別"] not in ("部", "課", "係", "室", "本部", "部会", "分科会", "会議体", "事務局"):
            bad("org.csv", f"{w}: bad 種別 {r['種別']}")
        if r["上位"] and r["上位"] not in units:
            bad("org.csv", f"{w}: 上位 {r['上位']} not found")
        if not is_int(r["表示順"]):
            bad("org.csv", f"{w}: 表示順 must be a number")
        seen, u = set(), r
        while u["上位"] and u["上位"] in units:  # no cycles
            if u["名称"] in seen:
                bad("org.csv", f"{w}: cycle through {u['名称']}")
                break
            seen.add(u["名称"])
            u = units[u["上位"]]

    people = read_csv(DEMO / "people.csv", ["職員番号", "氏名", "かな", "職位", "所属", "任用形態"])
    unique("people.csv", people, "氏名")
    unique("people.csv", [p for p in people if p["職員番号"]], "職員番号")
    # where each 職位 may sit (種別 of its 所属)
    seat = {"市長": {""}, "副市長": {""}, "部長": {"部", "室"}, "課長": {"課", "事務局"},
            "課長補佐": {"課", "事務局"}, "係長": {"課", "係", "事務局"}, "主任": {"課", "係", "事務局"},
            "主事": {"課", "係", "事務局"}, "情報政策担当": {"課", "係"}, "": {"課", "係", "室", "部"}}
    for p in people:
        w = f"line {p['_line']}"
        external = p["任用形態"] in ("特別職非常勤", "業務委託")
        if p["任用形態"] not in ("職員", "特別職非常勤", "業務委託"):
            bad("people.csv", f"{w}: bad 任用形態")
        if external != (p["職員番号"] == ""):
            bad("people.csv", f"{w}: 職員番号 is empty exactly for external people")
        if p["職員番号"] and not re.fullmatch(r"[1-9]\d{5}", p["職員番号"]):
            bad("people.csv", f"{w}: 職員番号 must be 6 digits")
        if p["職位"] not in seat or (p["職位"] == "") != external:
            bad("people.csv", f"{w}: bad 職位 {p['職位']!r}")
            continue
        kind = units[p["所属"]]["種別"] if p["所属"] in units else ("" if p["所属"] == "" else None)
        if kind is None:
            bad("people.csv", f"{w}: 所属 {p['所属']} not in org.csv")
        elif kind not in seat[p["職位"]]:
            bad("people.csv", f"{w}: {p['職位']} cannot sit in a {kind or 'blank 所属'}")
    if len([p for p in people if p["任用形態"] == "特別職非常勤"]) != 1 or len([p for p in people if p["任用形態"] == "業務委託"]) != 1:
        bad("people.csv", "one 特別職非常勤 and one 業務委託 person expected")

    who = {p["職員番号"] for p in people if p["職員番号"]} | {p["氏名"] for p in people if not p["職員番号"]}
    roles = read_csv(DEMO / "roles.csv", ["職員番号または氏名", "組織", "役割", "役職名"])
    for r in roles:
        w = f"line {r['_line']}"
        if r["職員番号または氏名"] not in who:
            bad("roles.csv", f"{w}: person {r['職員番号または氏名']} not in people.csv")
        if r["組織"] and r["組織"] not in units:
            bad("roles.csv", f"{w}: 組織 {r['組織']} not in org.csv")
        if r["役割"] not in ("首長", "CIO", "CIO補佐官", "長", "副", "構成員", "事務局"):
            bad("roles.csv", f"{w}: bad 役割 {r['役割']}")
        if (r["組織"] == "") != (r["役割"] in ("首長", "CIO", "CIO補佐官")):
            bad("roles.csv", f"{w}: 首長/CIO/CIO補佐官 have an empty 組織, other roles a unit")
    for unit in {r["組織"] for r in roles if r["組織"]}:
        if [r["役割"] for r in roles if r["組織"] == unit].count("長") != 1:
            bad("roles.csv", f"{unit}: exactly one 長 expected")

    tpl_names = [r["業務"] for r in tpl_systems]
    systems = read_csv(DEMO / "systems.csv", ["業務", "所管課", "現行ベンダ", "パターン", "目標日", "特定移行支援", "特定移行支援理由", "特定移行期限", "特定移行支援区分"])
    if [r["業務"] for r in systems] != tpl_names:
        bad("systems.csv", "業務 must be the 20 業務 of templates/systems.csv, in order")
    for r in systems:
        w = f"line {r['_line']}"
        for ka in r["所管課"].split("・"):
            if ka not in units:
                bad("systems.csv", f"{w}: 所管課 {ka} not in org.csv")
        if r["パターン"] not in ("A", "B"):
            bad("systems.csv", f"{w}: パターン must be A or B")
        if not is_date(r["目標日"]) or not is_bool(r["特定移行支援"]):
            bad("systems.csv", f"{w}: bad 目標日 or 特定移行支援")
        special = r["特定移行支援"] == "true"
        if special != bool(r["特定移行支援理由"]) or special != bool(r["特定移行期限"]):
            bad("systems.csv", f"{w}: 理由 and 期限 are given exactly for 特定移行支援 systems")
        if special and (not is_date(r["特定移行期限"]) or r["目標日"] > r["特定移行期限"]):
            bad("systems.csv", f"{w}: 特定移行期限 must be a date on or after 目標日")
        if special and r["特定移行期限"] > "2031-03-31":
            bad("systems.csv", f"{w}: 特定移行期限 is 令和12年度末 (2031-03-31) at the latest")
        causes = ("メインフレーム", "個別開発", "標準準拠システム未提供", "ベンダのリソース不足", "その他")
        if (r["特定移行支援区分"] in causes) != special or (not special and r["特定移行支援区分"]):
            bad("systems.csv", f"{w}: 特定移行支援区分 is one of {causes} exactly for 特定移行支援 systems")
    if [r["特定移行支援"] for r in systems].count("true") != 1:
        bad("systems.csv", "exactly one 特定移行支援 system expected")

    required = [r["番号"] for r in tpl_procs if r["市区町村必須"] == "true"]
    procs = read_csv(DEMO / "procedures.csv", ["番号", "所管課", "連携方式", "状態", "対象外理由"])
    if [r["番号"] for r in procs] != required:
        bad("procedures.csv", f"番号 must be the {len(required)} required procedures of the template, in order")
    for r in procs:
        w = f"line {r['_line']}"
        if r["所管課"] not in units:
            bad("procedures.csv", f"{w}: 所管課 {r['所管課']} not in org.csv")
        if r["状態"] not in ("未着手", "作業中", "完了", "遅延", "中止", "対象外"):
            bad("procedures.csv", f"{w}: bad 状態")
        out = r["状態"] == "対象外"
        if out != bool(r["対象外理由"]):
            bad("procedures.csv", f"{w}: 対象外理由 is given exactly for 対象外")
        if not out and not is_int(r["連携方式"], 1, 4):
            bad("procedures.csv", f"{w}: 連携方式 must be 1–4")
        if out and r["連携方式"]:
            bad("procedures.csv", f"{w}: a 対象外 procedure has no 連携方式")
    return len(org), len(people), len(roles), len(systems), len(procs)


def main():
    tpl_systems, tpl_procs = check_templates()
    counts = check_demo(tpl_systems, tpl_procs)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("assets OK (demo: org %d, people %d, roles %d, systems %d, procedures %d)" % counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
