#!/usr/bin/env python3
"""report_formats.py MAIS — every report of the registry gives the same
figures from the command line and from HTTP, in every format.

A person checking a report opens it where they work: the table in a
terminal, the CSV or the XLSX workbook in a spreadsheet, the JSON in a
program, the web UI over HTTP.  This test makes one database (the seed of
the HTTP cases, tests/http_cases.py, plus EORE sessions, equipment, a
pledge and its exchange rate, a spot task), then for each report of
`mais help report` (the registry: a report with no case below fails) and
each of its cases:

  - `mais report ... --format json` is the reference;
  - GET /api/reports/NAME?...&format=json (the authority's IM
    administrator, who sees every organisation) is the same object;
  - the CSV of the command line and of HTTP are the same bytes, and each
    cell is the JSON's value (numbers to the decimal the CSV shows);
  - the tables are the same text, a line a row, in the JSON's order;
  - the XLSX workbooks of both, read back with GDAL's ogrinfo, hold the
    JSON's values cell by cell.

Prints one line per check and "report formats: N passed, M failed"; exits
1 when any failed.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_cases as hc  # noqa: E402

# The cases of each report: command line options after DB.  {hazard_a}
# is the seeded hazard Alpha.
CASES = {
    "land-release": [[], ["--by", "year"], ["--by", "organisation"]],
    "hazard": [["{hazard_a}"], ["HA-000001", "--include-submitted"]],
    "eo": [[]],
    "casualties": [[]],
    "bulletin": [["--from", "2000-01-01", "--to", "2030-12-31"],
                 ["--from", "2000-01-01", "--to", "2030-12-31", "--by",
                  "organisation"]],
    "eore": [[], ["--by", "method", "--from", "2024-01-01"]],
    "equipment": [[], ["--list"]],
    "donors": [["--currency", "AZN"],
               ["--currency", "EUR", "--rate-date", "on-or-before"]],
    "headline": [["--year", "2024", "--currency", "AZN"],
                 ["--year", "2021"],
                 ["--year", "2024", "--admin-area", "{admin_area}",
                  "--organisation", "ORG-000002"]],
}
# The filters, on the reports that take them: the seeded admin area holds
# every record; Operator A has Alpha, Charlie, Delta and their work.
FILTERED = [
    ("land-release", ["--admin-area", "{admin_area}"]),
    ("land-release", ["--organisation", "ORG-000002", "--by",
                      "organisation"]),
    ("eo", ["--organisation", "ORG-000003"]),
    ("casualties", ["--admin-area", "{admin_area}"]),
    ("bulletin", ["--from", "2024-01-01", "--to", "2024-12-31",
                  "--organisation", "{org_a}"]),
    ("eore", ["--admin-area", "{admin_area}", "--by", "method"]),
    ("equipment", ["--organisation", "ORG-000001"]),
]

passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what + ("\n  " + detail if detail else ""))


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def seed_more(db, work, values):
    """What the HTTP seed lacks for the operational and donor reports."""
    org_a, area = values["org_a"], values["admin_area"]
    eore = os.path.join(work, "eore.csv")
    write(eore, "lon,lat,method,d,girls,boys,women,men\n"
          "44.01,40.01,interpersonal,2024-03-02,4,5,6,7\n"
          "44.02,40.02,mass_media,2023-06-01,10,0,3,1\n")
    hc.mais("import", db, eore, "--as", "eore_session", "--map",
            "geom_lon=lon", "--map", "geom_lat=lat", "--map", "method=method",
            "--map", "session_date=d", "--map", "girls=girls", "--map",
            "boys=boys", "--map", "women=women", "--map", "men=men",
            "--set", "organisation_uuid=" + org_a, "--set",
            "admin_area_uuid=" + area)
    eq = os.path.join(work, "equipment.csv")
    write(eq, "t,name,serial,st\ndetector,D-1,S100,in_service\n"
          "detector,D-2,S101,in_repair\nmdd,Rex,,\n")
    hc.mais("import", db, eq, "--as", "equipment", "--map",
            "equipment_type=t", "--map", "name=name", "--map",
            "serial=serial", "--map", "equipment_status=st", "--set",
            "donor_uuid=" + values["org_b"], "--set",
            "organisation_uuid=" + org_a)
    rates = os.path.join(work, "rates.csv")
    write(rates, "f,t,r,d\nEUR,AZN,2.00818,2022-07-15\n"
          "USD,AZN,1.7,2022-07-15\n")
    hc.mais("import", db, rates, "--as", "exchange_rate", "--map",
            "from_currency=f", "--map", "to_currency=t", "--map", "rate=r",
            "--map", "rate_date=d", "--set", "source=Central Bank")
    pledge = os.path.join(work, "pledge.csv")
    # amounts in minor units: EUR 400,000.00 and USD 1,000.00
    write(pledge, "a,c,d\n40000000,EUR,2022-07-15\n100000,USD,2022-07-15\n")
    hc.mais("import", db, pledge, "--as", "pledge", "--map", "amount=a",
            "--map", "currency=c", "--map", "pledge_date=d", "--set",
            "donor_uuid=" + values["org_b"])
    act = os.path.join(work, "activity.csv")
    write(act, "t,d\neod_spot_task,2024-02-01\n")
    hc.mais("import", db, act, "--as", "activity", "--map",
            "activity_type=t", "--map", "start_date=d", "--set",
            "organisation_uuid=" + org_a, "--set", "admin_area_uuid=" + area)


def cli(db, name, args, fmt, output=None):
    cmd = [hc.MAIS, "report", name, db, *args, "--format", fmt]
    if output:
        cmd += ["--output", output]
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode not in (0, 3):
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), p.returncode,
                                                p.stderr.decode()))
    return p.stdout


def query_of(name, args, fmt):
    """The HTTP query of command line options: --rate-date X is
    rate_date=X, a flag is 1, the positional argument is hazard."""
    q, i = {}, 0
    while i < len(args):
        a = args[i]
        if not a.startswith("--"):
            q["hazard"] = a
            i += 1
        elif i + 1 < len(args) and not args[i + 1].startswith("--"):
            q[a[2:].replace("-", "_")] = args[i + 1]
            i += 2
        else:
            q[a[2:].replace("-", "_")] = "1"
            i += 1
    q["format"] = fmt
    return "/api/reports/%s?%s" % (name, urllib.parse.urlencode(q))


def http(port, session, name, args, fmt):
    st, _, data = hc.request(port, "GET", query_of(name, args, fmt),
                             session=session)
    if st != 200:
        raise RuntimeError("GET %s: %d %s" % (query_of(name, args, fmt), st,
                                              data[:300]))
    return data


def http_get(port, session, path):
    st, _, data = hc.request(port, "GET", path, session=session)
    if st != 200:
        raise RuntimeError("GET %s: %d %s" % (path, st, data[:300]))
    return data


def all_rows(doc):
    return doc["rows"] + [doc["total"]]


def same_cell(want, got):
    """A JSON value and a cell read back from text (CSV, XLSX)."""
    if want is None:
        return got in ("", None)
    if isinstance(want, bool):
        return str(got).lower() in ("1", "true")
    if isinstance(want, (int, float)) or re.fullmatch(r"-?\d+\.\d+", str(want)):
        try:
            return abs(float(want) - float(got)) <= 0.05 + 1e-9 * abs(
                float(want))
        except (TypeError, ValueError):
            return False
    return str(want) == str(got)


def check_csv(what, doc, text):
    rows = list(csv.reader(io.StringIO(text)))
    keys, body = rows[0], rows[1:]
    want = all_rows(doc)
    bad = [k for k in keys if k not in want[0]]
    check(what + ": CSV columns are the JSON keys", not bad, str(bad))
    errors = []
    for w, r in zip(want, body):
        for k, v in zip(keys, r):
            if k in w and not same_cell(w[k], v):
                errors.append("%s: json %r csv %r" % (k, w[k], v))
    check(what + ": CSV cells are the JSON values",
          len(body) == len(want) and not errors,
          "%d rows, want %d; %s" % (len(body), len(want), errors[:5]))


def check_table(what, doc, text):
    lines = [l for l in text.split("\n") if l]
    want = all_rows(doc)
    # header, the rows, a rule, the total
    ok = len(lines) == len(want) + 2 and set(lines[-2]) == {"-"}
    first = [l.split("  ")[0].strip() for l in lines[1:-2] + lines[-1:]]
    key = next(iter(want[0]))
    expect = [str(w[key]) if w[key] is not None else "-" for w in want]
    check(what + ": table has the JSON's rows in order",
          ok and (first == expect or key == "uuid" or
                  not isinstance(want[0][key], str)),
          "%s\nfirst column %s, want %s" % (text, first, expect))


def ogr_rows(path):
    """The worksheet's rows as GDAL reads them, every cell as text (no
    header row: the workbook opens with its title)."""
    env = dict(os.environ, OGR_XLSX_HEADERS="DISABLE",
               OGR_XLSX_FIELD_TYPES="STRING")
    out = subprocess.run(["ogrinfo", "-al", "-q", path], env=env,
                         capture_output=True, text=True).stdout
    rows, cur = [], None
    for line in out.split("\n"):
        if line.startswith("OGRFeature("):
            cur = {}
            rows.append(cur)
        m = re.match(r"\s+Field(\d+) \((\w+)\) = (.*)$", line)
        if m and cur is not None and m.group(3) != "(null)":
            cur[int(m.group(1)) - 1] = m.group(3)
    return [[r.get(i) for i in range(max(r, default=-1) + 1)] for r in rows]


# The words every report writes in its code and group cells, and the
# labels of the vocabularies (GET /api/schema): what a person reads in
# the XLSX instead of the codes.
WORDS = {"total": "Total", "unassigned": "Unassigned", "unknown": "Unknown",
         "remaining": "Remaining", "original": "Original area",
         "donor": "Donor", "operator": "Operator"}
VOCABS = {}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                  r"[0-9a-f]{12}")


def people_text(col, v):
    labels = VOCABS.get(col.get("vocabulary") or "", {})
    if isinstance(v, str) and v in labels:
        return labels[v]
    if isinstance(v, str) and (col.get("vocabulary") or col["key"] in (
            "group", "year", "kind", "name", "part")):
        return WORDS.get(v, v)
    return v


def check_xlsx(what, doc, path):
    """The workbook for people: the title, what the report counts, the
    headers a person reads, labels for codes, no UUID; then the JSON's
    values cell by cell."""
    rows = ogr_rows(path)
    cols = [c for c in doc["columns"] if c["label"]]
    heads = [c["label"] for c in cols]
    check(what + ": XLSX opens with the title",
          rows and rows[0][0] == doc["title"], str(rows[:1]))
    info = [[i["label"], i["value"]] for i in doc["info"]]
    check(what + ": XLSX states what the report counts",
          all(r in [x[:2] for x in rows] for r in info),
          "%s not in %s" % (info, rows[:8]))
    at = next((i for i, r in enumerate(rows) if r[:len(heads)] == heads),
              None)
    check(what + ": XLSX has the headers a person reads (no key, no UUID)",
          at is not None and not any("_" in h or "uuid" in h.lower()
                                     for h in heads),
          "%s not in %s" % (heads, rows[:10]))
    check(what + ": XLSX has no UUID",
          not any(UUID.search(c or "") for r in rows for c in r), "")
    body = rows[at + 1:] if at is not None else []
    want = all_rows(doc)
    errors = []
    for w, r in zip(want, body):
        for c, v in zip(cols, r + [None] * len(cols)):
            if not same_cell(people_text(c, w[c["key"]]), v):
                errors.append("%s: json %r xlsx %r" % (c["key"],
                                                      w[c["key"]], v))
    check(what + ": XLSX cells are the JSON values, codes as labels",
          len(body) == len(want) and not errors,
          "%d rows, want %d; %s" % (len(body), len(want), errors[:5]))


def run_case(db, port, admin, work, name, args):
    what = "report %s %s" % (name, " ".join(args))
    ref = json.loads(cli(db, name, args, "json"))
    check(what + ": JSON of the CLI and of HTTP are the same",
          json.loads(http(port, admin, name, args, "json")) == ref)
    c1 = cli(db, name, args, "csv")
    check(what + ": CSV of the CLI and of HTTP are the same",
          c1 == http(port, admin, name, args, "csv"))
    check_csv(what, ref, c1.decode())
    t1 = cli(db, name, args, "table")
    check(what + ": tables of the CLI and of HTTP are the same",
          t1 == http(port, admin, name, args, "table"))
    check_table(what, ref, t1.decode())
    x1 = os.path.join(work, "cli.xlsx")
    cli(db, name, args, "xlsx", x1)
    check_xlsx(what + " (CLI)", ref, x1)
    x2 = os.path.join(work, "http.xlsx")
    with open(x2, "wb") as f:
        f.write(http(port, admin, name, args, "xlsx"))
    check_xlsx(what + " (HTTP)", ref, x2)
    return ref


def registered():
    out = subprocess.run([hc.MAIS, "help", "report"], capture_output=True,
                         text=True).stdout
    return re.findall(r"^mais report (\S+) DB", out, re.M)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: report_formats.py MAIS")
    hc.MAIS = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as work:
        db, passwords, values = hc.seed(work)
        values["db"] = db
        seed_more(db, work, values)
        os.makedirs(os.path.join(work, "web"))
        server = hc.Server(db, work)
        try:
            admin = hc.login(server.port, "admin", passwords["admin"], True)
            schema = json.loads(http_get(server.port, admin, "/api/schema"))
            VOCABS.update({v["name"]: {c["code"]: c["label"]
                                       for c in v["codes"]}
                           for v in schema["vocabularies"]})
            names = registered()
            check("mais help report lists reports", len(names) >= 8,
                  str(names))
            refs = {}
            for name in names:
                check("report %s has cases here" % name, name in CASES)
                for args in CASES.get(name, []) + [
                        a for n, a in FILTERED if n == name]:
                    args = [hc.substitute(a, values) for a in args]
                    refs[(name, tuple(args))] = run_case(
                        db, server.port, admin, work, name, args)
            check_figures(refs, values)
        finally:
            check("server stops cleanly", server.stop() == 0)
    print("report formats: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def check_figures(refs, values):
    """A few figures by hand, so that equal outputs are also right."""
    hz = refs[("hazard", (values["hazard_a"],))]
    parts = {r["part"]: r["m2"] for r in hz["rows"]}
    check("hazard Alpha: cleared 237033.35 of 948099.21 m², the parts add "
          "up", abs(parts["cleared"] - 237033.35) < 0.005 and
          abs(hz["total"]["m2"] - 948099.21) < 0.005 and
          abs(sum(parts.values()) - hz["total"]["m2"]) < 0.005, str(hz))
    eo = refs[("eo", ())]
    check("eo: 3 AP mines destroyed in situ", eo["total"]["items"] == 3, str(eo))
    eore = refs[("eore", ())]
    check("eore: 2 sessions, 36 people", eore["total"]["sessions"] == 2 and
          eore["total"]["total"] == 36, str(eore["total"]))
    eq = refs[("equipment", ("--list",))]
    check("equipment: 3 items, the donor named", len(eq["rows"]) == 3 and
          eq["rows"][0]["donor"] == "Operator B", str(eq["rows"][:1]))
    don = refs[("donors", ("--currency", "AZN"))]
    check("donors: EUR 400,000 + USD 1,000 are AZN 803,272.00 + 1,700.00",
          don["rows"][0]["pledged_original"] == "400000.00 EUR; 1000.00 USD"
          and don["rows"][0]["pledged"] == "804972.00"
          and don["missing_rates"] == 0, str(don["rows"][:1]))
    check_headline(refs, values)
    check_filters(refs, values)
    eur = refs[("donors", ("--currency", "EUR", "--rate-date",
                           "on-or-before"))]
    check("donors in EUR: 400000.00 + USD without a rate",
          eur["missing_rates"] == 1 and
          eur["rows"][0]["problems"].startswith("no exchange rate USD→EUR"),
          str(eur["rows"][:1]))


def check_headline(refs, values):
    """Each headline figure is the figure of the report it names."""
    hl = refs[("headline", ("--year", "2024", "--currency", "AZN"))]
    t = hl["total"]
    lr = json.loads(cli(values["db"], "land-release", ["--by", "year"],
                        "json"))
    y = next((r for r in lr["rows"] if r["group"] == "2024"), {})
    released = y.get("released_m2", 0)
    check("land-release by year: released_m2 is the row's work within "
          "and outside hazards", all(abs(r["released_m2"] - sum(
              r[k] for k in ("cancelled_by_releases_m2",
                             "reduced_by_releases_m2",
                             "cleared_by_releases_m2",
                             "released_outside_hazards_m2"))) < 1e-6
              for r in lr["rows"] + [lr["total"]]), str(lr["total"]))
    bul = json.loads(cli(values["db"], "bulletin", [
        "--from", "2024-01-01", "--to", "2024-12-31"], "json"))["total"]
    cas = json.loads(cli(values["db"], "casualties", [], "json"))
    don = refs[("donors", ("--currency", "AZN"))]["total"]
    got = (t["area_remaining_m2"], t["released_m2"], t["eo_destroyed"],
           t["casualties"], t["pledged"], t["received"])
    want = (lr["total"]["remaining_m2"], released,
            sum(bul[k] for k in ("ap_destroyed", "at_destroyed",
                                 "uxo_destroyed", "other_destroyed")),
            sum(r["victims"] for r in cas["rows"] if r["year"] == "2024"),
            don["pledged"], don["received"])
    check("headline 2024: the figures of land-release, bulletin, "
          "casualties and donors", got == want and hl["year"] == 2024,
          "headline %s, reports %s" % (got, want))
    h21 = refs[("headline", ("--year", "2021"))]["total"]
    check("headline 2021: the accident's casualty; no currency, no funds",
          h21["casualties"] == 1 and h21["pledged"] is None,
          str(h21))


def check_filters(refs, values):
    """The filters count what they name and nothing else."""
    a = refs[("land-release", ("--admin-area", values["admin_area"]))]
    everything = refs[("land-release", ())]
    check("land-release in the admin area that holds every record: the "
          "whole total", a["total"]["hazards"] ==
          everything["total"]["hazards"], str(a["total"]))
    op = refs[("land-release", ("--organisation", "ORG-000002", "--by",
                                "organisation"))]
    check("land-release of Operator A: its 3 hazards, one row",
          op["total"]["hazards"] == 3 and
          [r["group"] for r in op["rows"]] == ["Operator A"], str(op))
    eo_b = refs[("eo", ("--organisation", "ORG-000003"))]
    check("eo of Operator B: nothing (the items are Operator A's)",
          eo_b["total"]["items"] == 0, str(eo_b["total"]))
    eq = refs[("equipment", ("--organisation", "ORG-000001"))]
    check("equipment of the authority: none (Operator A holds them)",
          eq["total"]["items"] == 0, str(eq["total"]))


if __name__ == "__main__":
    main()
