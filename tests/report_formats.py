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
}

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
          ok and (first == expect or key == "uuid"),
          "%s\nfirst column %s, want %s" % (text, first, expect))


def ogr_features(path):
    env = dict(os.environ, OGR_XLSX_HEADERS="FORCE")
    out = subprocess.run(["ogrinfo", "-al", "-q", path], env=env,
                         capture_output=True, text=True).stdout
    feats, cur = [], None
    for line in out.split("\n"):
        if line.startswith("OGRFeature("):
            cur = {}
            feats.append(cur)
        m = re.match(r"\s+(\S+) \((\w+)\) = (.*)$", line)
        if m and cur is not None:
            cur[m.group(1)] = None if m.group(3) == "(null)" else m.group(3)
    return feats


def check_xlsx(what, doc, path):
    feats = ogr_features(path)
    want = all_rows(doc)
    errors = []
    for w, f in zip(want, feats):
        for k, v in w.items():
            if not same_cell(v, f.get(k)):
                errors.append("%s: json %r xlsx %r" % (k, v, f.get(k)))
    check(what + ": XLSX (ogrinfo) cells are the JSON values",
          len(feats) == len(want) and not errors,
          "%d features, want %d; %s" % (len(feats), len(want), errors[:5]))


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
        seed_more(db, work, values)
        os.makedirs(os.path.join(work, "web"))
        server = hc.Server(db, work)
        try:
            admin = hc.login(server.port, "admin", passwords["admin"], True)
            names = registered()
            check("mais help report lists reports", len(names) >= 8,
                  str(names))
            refs = {}
            for name in names:
                check("report %s has cases here" % name, name in CASES)
                for args in CASES.get(name, []):
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
    eur = refs[("donors", ("--currency", "EUR", "--rate-date",
                           "on-or-before"))]
    check("donors in EUR: 400000.00 + USD without a rate",
          eur["missing_rates"] == 1 and
          eur["rows"][0]["problems"].startswith("no exchange rate USD→EUR"),
          str(eur["rows"][:1]))


if __name__ == "__main__":
    main()
