#!/usr/bin/env python3
"""property.py LR_PROPERTY [CASES] [SEED] — the land release rule of mais
against an independent computation by PostGIS.

lr_property (lr_property.c) writes random cases into a new GeoPackage as a
user would enter them and prints every figure mais computes; this script
starts a throw-away PostgreSQL/PostGIS cluster (tests/support/pgtmp.sh),
has postgis_oracle.py compute the same figures with ST_Union,
ST_Difference, ST_Intersection and ST_Area(geography) from the stored
records, and compares:

  - every hazard's account (polygon, original, cancelled, reduced,
    cleared, remaining);
  - every row of the report by admin area, year, organisation and land
    use (the oracle's per-case groups summed by key), with what the row's
    own releases released (work_*);
  - within mais: original = cancelled + reduced + cleared + remaining for
    every hazard and row, and the rows sum to the total.

MAIS_LRPROP_KEEP=DIR keeps the database and the JSON files in DIR.

Tolerance: 0.01 m² + 1e-9 of the figure (issue 8).  Without PostgreSQL or
PostGIS the test fails; it never skips.  Prints `N passed, M failed`.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PGTMP = os.path.join(HERE, "..", "support", "pgtmp.sh")
FIELDS = ("original", "cancelled", "reduced", "cleared", "remaining")
OUTSIDE = ("outside_cancelled", "outside_reduced", "outside_cleared",
           "work_cancelled", "work_reduced", "work_cleared")

passed = failed = 0
worst = (0.0, "")


def close(a, b):
    return abs(a - b) <= 0.01 + 1e-9 * max(abs(a), abs(b))


def check(name, got, want):
    global passed, failed, worst
    gap = abs(got - want)
    if gap > worst[0]:
        worst = (gap, name)
    if close(got, want):
        passed += 1
    else:
        failed += 1
        if failed <= 30:
            print(f"FAILED {name}: mais {got:.6f}, PostGIS {want:.6f} "
                  f"(difference {got - want:+.6f})")


def identity(name, f):
    global passed, failed
    rel = f["cancelled"] + f["reduced"] + f["cleared"] + f["remaining"]
    if close(f["original"], rel):
        passed += 1
    else:
        failed += 1
        print(f"FAILED {name}: original {f['original']:.6f} != released "
              f"+ remaining {rel:.6f}")


def oracle_groups(expected, grouping):
    """The oracle's groups of every case, summed by key."""
    out = {}
    for case in expected["cases"].values():
        for key, g in case["groups"].get(grouping, {}).items():
            acc = out.setdefault(key, {k: 0.0 for k in FIELDS + OUTSIDE})
            for k in FIELDS + OUTSIDE:
                acc[k] += g.get(k, 0.0)
    return out


def compare(got, expected):
    n_hz = 0
    want_hz = {}
    for case in expected["cases"].values():
        want_hz.update(case["hazards"])
    for uuid, w in sorted(want_hz.items()):
        g = got["hazards"][uuid]
        n_hz += 1
        for k in ("polygon",) + FIELDS:
            check(f"hazard {uuid} {k}", g[k], w[k])
        identity(f"hazard {uuid}", g)
    check("every approved hazard has an account", len(got["hazards"]),
          len(want_hz))
    for grouping, rows in sorted(got["groups"].items()):
        want = oracle_groups(expected, grouping)
        total = {k: 0.0 for k in FIELDS + OUTSIDE}
        for key, row in sorted(rows.items()):
            if key == "total":
                continue
            w = want.get(key, {k: 0.0 for k in FIELDS + OUTSIDE})
            for k in FIELDS + OUTSIDE:
                check(f"{grouping} {key} {k}", row[k], w[k])
                total[k] += row[k]
            identity(f"{grouping} {key}", row)
        for key in sorted(set(want) - set(rows)):
            for k in FIELDS + OUTSIDE:
                check(f"{grouping} {key} {k} (no row in mais)", 0.0,
                      want[key][k])
        for k in FIELDS + OUTSIDE:
            check(f"{grouping}: rows sum to the total {k}",
                  rows["total"][k], total[k])
        identity(f"{grouping} total", rows["total"])
    return n_hz


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: property.py LR_PROPERTY [CASES] [SEED]")
    extra = sys.argv[2:4]
    with tempfile.TemporaryDirectory(prefix="mais-lrprop-") as tmp:
        db, got_path = os.path.join(tmp, "p.gpkg"), os.path.join(tmp, "m.json")
        subprocess.run([sys.argv[1], db, got_path, *extra], check=True)
        with open(got_path, encoding="utf-8") as fp:
            got = json.load(fp)
        cases_path = os.path.join(tmp, "cases.json")
        with open(cases_path, "w", encoding="utf-8") as fp:
            # the releases as mais stored them: clipped to their hazards
            json.dump({"cases": got["cases"], "clip_linked": False}, fp)
        pgdir = tempfile.mkdtemp(prefix="mais-lrpg-")
        start = subprocess.run(["bash", PGTMP, "start", pgdir],
                               capture_output=True, text=True)
        if start.returncode != 0:
            print(start.stderr)
            print("0 passed, 1 failed")
            sys.exit("PostgreSQL/PostGIS could not be started: "
                     "scripts/install-deps installs them")
        try:
            want_path = os.path.join(tmp, "want.json")
            subprocess.run([sys.executable,
                            os.path.join(HERE, "postgis_oracle.py"),
                            cases_path, want_path, start.stdout.strip()],
                           check=True)
        finally:
            subprocess.run(["bash", PGTMP, "stop", pgdir], check=False)
        with open(want_path, encoding="utf-8") as fp:
            expected = json.load(fp)
        n_hz = compare(got["mais"], expected)
        keep = os.environ.get("MAIS_LRPROP_KEEP")
        if keep:  # for a person looking into a failure
            import shutil
            for f in (db, got_path, cases_path, want_path):
                shutil.copy(f, keep)
    print(f"{len(got['cases'])} cases, {n_hz} hazards; largest difference "
          f"{worst[0]:.6f} m² ({worst[1]})")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
