#!/usr/bin/env python3
"""cli_agree.py MAIS — the case of issue 8 through the command line: one
hazard of 3,792,397 m² with a non-technical survey cancelling its west
quarter and a technical survey reducing a strip that overlaps it.
`mais report hazard` and `mais report land-release` must give the same
figures, and the right ones: the overlap counts once (first release wins),
so cancelled + reduced + cleared + remaining = the hazard, never more.

Expected values are GeographicLib's (Planimeter -p 10), computed by hand:
  H  20.00-20.04 E, 40.00-40.01 N   '40.00 20.00\\n40.00 20.04\\n40.01 20.04\\n
                                      40.01 20.00\\n'  ->  3792396.81337
  A  20.00-20.01 E (cancelled)      ->  948099.21191
  B  20.005-20.02 E (reduced); its new part, 20.01-20.02 E  ->  948099.21191
  remaining = H - A - B_new = 1896198.39 (the pieces' edges bow: 0.03 m²
  less than the 20.02-20.04 E strip's 1896198.42040)
Prints `N passed, M failed`.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

H_M2, A_M2, B_NEW_M2 = 3792396.81337, 948099.21191, 948099.21191
REMAINING_M2 = H_M2 - A_M2 - B_NEW_M2
passed = failed = 0


def check(name, got, want, tol=0.01):
    global passed, failed
    if abs(got - want) <= tol:
        passed += 1
    else:
        failed += 1
        print(f"FAILED {name}: got {got!r}, want {want!r}")


def square(path, x0, x1):
    with open(path, "w", encoding="utf-8") as fp:
        json.dump({"type": "FeatureCollection", "features": [{
            "type": "Feature", "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[
                [x0, 40], [x1, 40], [x1, 40.01], [x0, 40.01], [x0, 40]]]}}]},
            fp)


def main():
    mais = sys.argv[1]

    def run(*args):
        return subprocess.run([mais, *args], check=True, capture_output=True,
                              text=True).stdout

    with tempfile.TemporaryDirectory(prefix="mais-agree-") as tmp:
        db = os.path.join(tmp, "a.gpkg")
        run("init", db)
        for name, x0, x1 in (("h", 20, 20.04), ("a", 20, 20.01),
                             ("b", 20.005, 20.02)):
            square(os.path.join(tmp, name + ".geojson"), x0, x1)
        run("import", db, os.path.join(tmp, "h.geojson"), "--as", "hazard",
            "--set", "hazard_class=sha", "--set", "hazard_status=active",
            "--set", "recorded_date=2020-01-01")
        con = sqlite3.connect(db)
        uuid, ref = con.execute("SELECT uuid, reference FROM hazard").fetchone()
        con.close()
        for name, method, date in (("a", "cancelled", "2021-01-10"),
                                   ("b", "reduced", "2021-02-10")):
            run("import", db, os.path.join(tmp, name + ".geojson"), "--as",
                "land_release", "--set", f"hazard_uuid={uuid}", "--set",
                f"method={method}", "--set", f"release_date={date}")
        acc = json.loads(run("report", "hazard", db, ref, "--format", "json"))
        lr = json.loads(run("report", "land-release", db, "--by", "year",
                            "--format", "json"))
    # the hazard's account: one row a part, the original as its total,
    # in m² to the cm² (so within 0.005 of the figure)
    row = {r["part"] + "_m2": r["m2"] for r in acc["rows"]}
    row["original_m2"] = acc["total"]["m2"]
    total = lr["total"]
    for key, want in (("original_m2", H_M2), ("cancelled_m2", A_M2),
                      ("reduced_m2", B_NEW_M2), ("cleared_m2", 0.0),
                      ("remaining_m2", REMAINING_M2)):
        check(f"report hazard {key}", row[key], want)
    for key, want in (("hazard_area_m2", H_M2), ("cancelled_m2", A_M2),
                      ("reduced_m2", B_NEW_M2), ("cleared_m2", 0.0),
                      ("remaining_m2", REMAINING_M2)):
        check(f"report land-release total {key}", total[key], want)
    for key in ("cancelled_m2", "reduced_m2", "cleared_m2", "remaining_m2"):
        check(f"the two reports agree: {key}", total[key], row[key], 0.006)
    check("released + remaining = the hazard, not more",
          total["cancelled_m2"] + total["reduced_m2"] + total["cleared_m2"]
          + total["remaining_m2"], total["hazard_area_m2"], 1e-6)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
