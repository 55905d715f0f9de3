#!/usr/bin/env python3
"""selftest.py — checks tests/support/pgtmp.sh and postgis_oracle.py.

Starts a throw-away PostGIS cluster (pgtmp.sh start), runs the oracle on
three hand-made cases and compares every figure with a hand calculation:
the expected pieces of land are drawn here as rectangles, and their areas
come from GeographicLib's Planimeter (geodesic polygon areas on WGS 84),
not from PostGIS.  Then it checks the identity original = cancelled +
reduced + cleared + remaining for every hazard, group and total (1e-6 m2),
that every grouping adds up to the total, that the oracle refuses
overlapping admin polygons, and that pgtmp.sh fails loudly without
PostgreSQL and runs two clusters side by side.  Stops the cluster.

Needs PostgreSQL 15 + PostGIS (scripts/install-deps) and Planimeter
(geographiclib-tools); never skips.  Prints "N passed, M failed" last and
exits non-zero on any failure.

    python3 tests/landrelease/selftest.py

Tolerance for figure vs hand calculation: 0.1 m2 + 1e-9 relative.  A
rectangle's geodesic area changes slightly when a vertex is inserted on an
edge along a parallel (the edge is a geodesic, the vertex sits on the
lon/lat line, off it by about L^2 tan(lat) / 8R): the overlay inserts such
vertices where other polygons' edges end or cross, the hand rectangles have
only their corners.  For the edges used here (<= 1.7 km within 2 degrees of
the equator, <= 260 m at 40 S) that stays below 0.05 m2; any error in the
rule is 10 m2 or more (the smallest number and piece used).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PGTMP = os.path.join(ROOT, "tests", "support", "pgtmp.sh")
ORACLE = os.path.join(HERE, "postgis_oracle.py")

TOL_ABS = 0.1
TOL_REL = 1e-9

passed = 0
failed = 0
worst = [0.0, ""]


def check(ok, label, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (label, detail))


def near(got, want, label):
    ok = got is not None and abs(got - want) <= TOL_ABS + TOL_REL * abs(want)
    if got is not None and abs(got - want) > worst[0]:
        worst[:] = [abs(got - want), label]
    check(ok, label, "got %r want %r (diff %r)"
          % (got, want, None if got is None else got - want))


# --- hand calculations: GeographicLib's Planimeter -------------------------

_area_cache = {}


def planimeter(ring):
    """Geodesic area (m2, WGS 84) of a ring given as [(lon, lat), ...]."""
    k = tuple(ring)
    if k not in _area_cache:
        text = "".join("%.12f %.12f\n" % (lat, lon) for lon, lat in ring)
        out = subprocess.run(["Planimeter", "-p", "16"], input=text,
                             stdout=subprocess.PIPE, check=True,
                             encoding="ascii").stdout.split()
        _area_cache[k] = abs(float(out[2]))
    return _area_cache[k]


def box(x0, y0, x1, y1):
    return planimeter([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def wkt_box(x0, y0, x1, y1):
    return "POLYGON((%r %r,%r %r,%r %r,%r %r,%r %r))" % (
        x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)


def g(admin=None, year=None, org=None, lu=None):
    return {"admin": admin, "year": year, "organisation": org,
            "land_use": lu}


def hz(id, order, wkt, est=None, groups=None):
    return {"id": id, "order": order, "wkt": wkt, "estimated_m2": est,
            "groups": groups or g()}


def rl(id, order, method, wkt=None, area=None, hazard=None, groups=None):
    return {"id": id, "order": order, "method": method, "wkt": wkt,
            "area_m2": area, "hazard": hazard, "groups": groups or g()}


# --- case A: two overlapping squares near the equator, admin split ---------
# H1 [0,.01]^2 (order 1), H2 [.005,.015]^2 (order 2, listed first): the
# overlap is H1's.  Admin a1: lon < .0075, a2: .0075 < lon < .012, east of
# .012 unassigned.
case_a = {
    "id": "A",
    "hazards": [
        hz("H2", 2, wkt_box(.005, .005, .015, .015),
           groups=g("a2", "2020", "o2", None)),
        hz("H1", 1, wkt_box(0, 0, .01, .01),
           groups=g("a1", "2019", "o1", "agriculture")),
    ],
    "releases": [
        # linked to H2, drawn over H1 too: clipped to H2; the part in the
        # overlap is H1's land
        rl("R1", 1, "cleared", wkt_box(0, .006, .015, .008), hazard="H2"),
        # linked to H1: clipped to H1, less R1 (first release wins)
        rl("R2", 2, "reduced", wkt_box(.002, .004, .012, .007), hazard="H1"),
        # no hazard: part in H2, the rest outside recorded hazards
        rl("R3", 3, "cancelled", wkt_box(.011, .012, .02, .02),
           groups=g(None, "2021", "o3", None)),
        # numbers
        rl("R4", 4, "cleared", area=500.0, hazard="H1"),
        rl("R5", 5, "cleared", area=250.0, groups=g("a1", "2022", "o3")),
        # linked to H2, covering H1: what is left of it lies on H1's land
        rl("R6", 6, "cancelled", wkt_box(0, 0, .01, .01), hazard="H2"),
    ],
    "admin": [
        {"id": "a1", "wkt": wkt_box(-.001, -.001, .0075, .02)},
        {"id": "a2", "wkt": wkt_box(.0075, -.001, .012, .02)},
    ],
}


def expect_a():
    H1 = {"polygon": box(0, 0, .01, .01), "original": box(0, 0, .01, .01),
          "cleared": box(.005, .006, .01, .008) + 500,
          "reduced": box(.002, .004, .005, .007) + box(.005, .004, .01, .006),
          "cancelled": box(.005, .008, .01, .01)}
    H2 = {"polygon": box(.005, .005, .015, .015),
          "original": box(.01, .005, .015, .015) + box(.005, .01, .01, .015),
          "cleared": box(.01, .006, .015, .008),
          "reduced": 0.0,
          "cancelled": box(.011, .012, .015, .015)}
    out_cancelled = box(.011, .015, .02, .02) + box(.015, .012, .02, .015)
    admin = {
        "a1": {"original": box(0, 0, .0075, .01) + box(.005, .01, .0075, .015),
               "cleared": box(.005, .006, .0075, .008) + 500,
               "reduced": box(.002, .004, .005, .007)
               + box(.005, .004, .0075, .006),
               "cancelled": box(.005, .008, .0075, .01),
               "outside_cleared": 250.0, "outside_cancelled": 0.0},
        "a2": {"original": box(.0075, 0, .01, .01)
               + box(.01, .005, .012, .015) + box(.0075, .01, .01, .015),
               "cleared": box(.0075, .006, .01, .008)
               + box(.01, .006, .012, .008),
               "reduced": box(.0075, .004, .01, .006),
               "cancelled": box(.0075, .008, .01, .01)
               + box(.011, .012, .012, .015),
               "outside_cancelled": box(.011, .015, .012, .02),
               "outside_cleared": 0.0},
        "unassigned": {"original": box(.012, .005, .015, .015),
                       "cleared": box(.012, .006, .015, .008),
                       "reduced": 0.0,
                       "cancelled": box(.012, .012, .015, .015),
                       "outside_cancelled": box(.012, .015, .02, .02)
                       + box(.015, .012, .02, .015),
                       "outside_cleared": 0.0},
    }
    hs = {"original", "cancelled", "reduced", "cleared"}
    only = lambda h: {k: v for k, v in h.items() if k in hs}  # noqa: E731
    zero_out = {"outside_cancelled": 0.0, "outside_reduced": 0.0,
                "outside_cleared": 0.0}
    groups = {
        "admin": admin,
        "year": {"2019": {**only(H1), **zero_out},
                 "2020": {**only(H2), **zero_out},
                 "2021": {"original": 0.0, "outside_cancelled": out_cancelled},
                 "2022": {"original": 0.0, "outside_cleared": 250.0}},
        "organisation": {"o1": only(H1), "o2": only(H2),
                         "o3": {"original": 0.0,
                                "outside_cancelled": out_cancelled,
                                "outside_cleared": 250.0}},
        "land_use": {"agriculture": only(H1),
                     "unassigned": {**{k: H2[k] for k in hs},
                                    "outside_cancelled": out_cancelled,
                                    "outside_cleared": 250.0}},
    }
    total = {k: H1[k] + H2[k] for k in hs}
    total.update(outside_cancelled=out_cancelled, outside_reduced=0.0,
                 outside_cleared=250.0)
    return {"hazards": {"H1": H1, "H2": H2}, "groups": groups,
            "total": total}


# --- case B: a hazard without polygon, releases linked to it ---------------
# H1: no polygon, estimated 10000 m2; its releases count with their own
# union (R1, R2) and numbers (R3), and take no part in the spatial union, so
# R4 (no hazard, same land as R1) is credited in full to H2.  H3: a point
# with no estimate.  No admin polygons: land is "unassigned" by admin.
case_b = {
    "id": "B",
    "hazards": [
        hz("H1", 1, None, 10000.0, g("a9", "2018", "o1", "forest")),
        hz("H2", 2, wkt_box(1, 1, 1.002, 1.002),
           groups=g(None, "2019", "o1", "forest")),
        hz("H3", 3, "POINT(1.5 1.5)"),
    ],
    "releases": [
        rl("R1", 1, "cancelled", wkt_box(1, 1, 1.001, 1.001), hazard="H1"),
        rl("R2", 2, "reduced", wkt_box(1.0005, 1, 1.0015, 1.001),
           hazard="H1"),
        rl("R3", 3, "reduced", area=1000.0, hazard="H1"),
        rl("R4", 4, "cleared", wkt_box(1, 1, 1.001, 1.001),
           groups=g(None, "2022")),
        rl("R5", 5, "cleared", area=40.0, hazard="H3"),
        # a polygon and a number: the polygon counts, the number is ignored
        rl("R6", 6, "reduced", wkt_box(1.0015, 1, 1.0025, 1.001),
           area=99999.0, groups=g(None, "2023", "o7")),
    ],
    "admin": [],
}


def expect_b():
    H1 = {"polygon": 10000.0, "original": 10000.0,
          "cancelled": box(1, 1, 1.001, 1.001),
          "reduced": box(1.001, 1, 1.0015, 1.001) + 1000, "cleared": 0.0}
    H2 = {"polygon": box(1, 1, 1.002, 1.002),
          "original": box(1, 1, 1.002, 1.002),
          "cancelled": 0.0, "cleared": box(1, 1, 1.001, 1.001),
          "reduced": box(1.0015, 1, 1.002, 1.001)}
    H3 = {"polygon": 0.0, "original": 0.0, "cancelled": 0.0, "reduced": 0.0,
          "cleared": 40.0}
    out_reduced = box(1.002, 1, 1.0025, 1.001)
    hs = ("original", "cancelled", "reduced", "cleared")
    add = lambda *hh: {k: sum(h[k] for h in hh) for k in hs}  # noqa: E731
    groups = {
        "admin": {"a9": add(H1),
                  "unassigned": {**add(H2, H3), "outside_reduced": out_reduced}},
        "year": {"2018": add(H1), "2019": add(H2), "unassigned": add(H3),
                 "2023": {"original": 0.0, "outside_reduced": out_reduced}},
        "organisation": {"o1": add(H1, H2), "unassigned": add(H3),
                         "o7": {"outside_reduced": out_reduced}},
        "land_use": {"forest": add(H1, H2),
                     "unassigned": {**add(H3),
                                    "outside_reduced": out_reduced}},
    }
    total = add(H1, H2, H3)
    total.update(outside_cancelled=0.0, outside_reduced=out_reduced,
                 outside_cleared=0.0)
    return {"hazards": {"H1": H1, "H2": H2, "H3": H3}, "groups": groups,
            "total": total}


# --- case C: 40 degrees south, a multipolygon, hazards out of list order ---
# Units of 0.0001 degree from (20 E, 40 S).  H2 (order 1) lies across the
# gap of the two-part H1 (order 2); H3 (order 3) lies inside H2 and owns no
# land.  R2 (order 1, linked to H1) is clipped to H1's parts; R1 (order 2,
# no hazard) covers the south half; R3 (linked to H3) is all released
# before; R4 is a number on H3, whose remaining goes below zero.
U = 0.0001


def P(x, y):
    return (20 + x * U, -40 + y * U)


def cbox(x0, y0, x1, y1):
    (a, b), (c, d) = P(x0, y0), P(x1, y1)
    return box(a, b, c, d)


def cwkt(x0, y0, x1, y1):
    (a, b), (c, d) = P(x0, y0), P(x1, y1)
    return wkt_box(a, b, c, d)


def cmulti(*boxes):
    parts = []
    for x0, y0, x1, y1 in boxes:
        parts.append(cwkt(x0, y0, x1, y1)[len("POLYGON"):])
    return "MULTIPOLYGON(" + ",".join(parts) + ")"


case_c = {
    "id": "C",
    "hazards": [
        hz("H1", 2, cmulti((0, 0, 10, 10), (20, 0, 30, 10)),
           groups=g("b1", "2015", "o1", "road")),
        hz("H2", 1, cwkt(5, 0, 25, 10), groups=g(None, "2016", "o2", "road")),
        hz("H3", 3, cwkt(6, 2, 8, 5), groups=g(None, "2016", "o2", None)),
    ],
    "releases": [
        rl("R4", 4, "reduced", area=10.0, hazard="H3"),
        rl("R3", 3, "reduced", cwkt(6, 2, 8, 5), hazard="H3"),
        rl("R1", 2, "cleared", cwkt(0, 0, 30, 5)),
        rl("R2", 1, "cancelled", cwkt(0, 5, 30, 10), hazard="H1"),
    ],
    "admin": [{"id": "b1", "wkt": cwkt(0, -5, 15, 15)}],
}


def expect_c():
    H1 = {"polygon": cbox(0, 0, 10, 10) + cbox(20, 0, 30, 10),
          "original": cbox(0, 0, 5, 10) + cbox(25, 0, 30, 10),
          "cancelled": cbox(0, 5, 5, 10) + cbox(25, 5, 30, 10),
          "cleared": cbox(0, 0, 5, 5) + cbox(25, 0, 30, 5), "reduced": 0.0}
    H2 = {"polygon": cbox(5, 0, 25, 10), "original": cbox(5, 0, 25, 10),
          "cancelled": cbox(5, 5, 10, 10) + cbox(20, 5, 25, 10),
          "cleared": cbox(5, 0, 25, 5), "reduced": 0.0}
    H3 = {"polygon": cbox(6, 2, 8, 5), "original": 0.0, "cancelled": 0.0,
          "cleared": 0.0, "reduced": 10.0}
    hs = ("original", "cancelled", "reduced", "cleared")
    add = lambda *hh: {k: sum(h[k] for h in hh) for k in hs}  # noqa: E731
    groups = {
        "admin": {
            "b1": {"original": cbox(0, 0, 5, 10) + cbox(5, 0, 15, 10),
                   "cleared": cbox(0, 0, 5, 5) + cbox(5, 0, 15, 5),
                   "cancelled": cbox(0, 5, 5, 10) + cbox(5, 5, 10, 10),
                   "reduced": 0.0},
            "unassigned": {"original": cbox(15, 0, 25, 10)
                           + cbox(25, 0, 30, 10),
                           "cleared": cbox(15, 0, 25, 5) + cbox(25, 0, 30, 5),
                           "cancelled": cbox(20, 5, 25, 10)
                           + cbox(25, 5, 30, 10),
                           "reduced": 10.0}},
        "year": {"2015": add(H1), "2016": add(H2, H3)},
        "organisation": {"o1": add(H1), "o2": add(H2, H3)},
        "land_use": {"road": add(H1, H2), "unassigned": add(H3)},
    }
    total = add(H1, H2, H3)
    total.update(outside_cancelled=0.0, outside_reduced=0.0,
                 outside_cleared=0.0)
    return {"hazards": {"H1": H1, "H2": H2, "H3": H3}, "groups": groups,
            "total": total}


FIGS = ("original", "cancelled", "reduced", "cleared", "remaining")
OUT = ("outside_cancelled", "outside_reduced", "outside_cleared")


def compare(cid, got, want):
    for hid, w in want["hazards"].items():
        h = got["hazards"].get(hid)
        check(h is not None, "%s hazard %s present" % (cid, hid))
        if h is None:
            continue
        for k, v in w.items():
            near(h.get(k), v, "%s hazard %s %s" % (cid, hid, k))
        near(h.get("remaining"), w["original"] - w["cancelled"]
             - w["reduced"] - w["cleared"], "%s hazard %s remaining (hand)"
             % (cid, hid))
    for gname, groups in want["groups"].items():
        gg = got["groups"][gname]
        # groups with land of their own (work_* alone: a group whose
        # releases released land of another group's hazards)
        own = {k for k, v in gg.items()
               if any(x for f, x in v.items() if not f.startswith("work_"))}
        check(own == set(groups), "%s %s group keys" % (cid, gname),
              "got %s want %s" % (sorted(own), sorted(groups)))
        # the work of the groups' releases is all the land released
        # within hazards, whatever the grouping
        for m in ("cancelled", "reduced", "cleared"):
            near(sum(v.get("work_" + m, 0.0) for v in gg.values()),
                 sum(v.get(m, 0.0) for v in gg.values()),
                 "%s %s: work_%s sums to %s" % (cid, gname, m, m))
        for key, w in groups.items():
            row = gg.get(key, {})
            for k, v in w.items():
                near(row.get(k, 0.0), v, "%s %s %s %s" % (cid, gname, key, k))
    for k, v in want["total"].items():
        near(got["total"][k], v, "%s total %s" % (cid, k))


def identities(cid, got):
    rows = [("hazard " + h, v) for h, v in got["hazards"].items()]
    rows += [("%s %s" % (gn, k), v) for gn, gr in got["groups"].items()
             for k, v in gr.items()]
    rows.append(("total", got["total"]))
    for label, v in rows:
        d = v["original"] - (v["cancelled"] + v["reduced"] + v["cleared"]
                             + v["remaining"])
        check(abs(d) <= 1e-6, "%s %s identity" % (cid, label),
              "original - (c+r+cl+remaining) = %r" % d)
    for gn, gr in got["groups"].items():
        for k in FIGS + OUT:
            s = sum(v[k] for v in gr.values())
            t = got["total"][k]
            # the admin rows differ from the total by the geodesic-edge
            # residual of the admin split (see postgis_oracle.py): vertices
            # inserted on edges along parallels, 0.005 m2 in A, 0.04 in C
            tol = 1e-6 + (0.1 if gn == "admin" else 0)
            check(abs(s - t) <= tol, "%s grouping %s sums %s to the total"
                  % (cid, gn, k), "%r vs %r" % (s, t))


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          encoding="utf-8", **kw)


def main():
    for tool in ("Planimeter", "psql"):
        if subprocess.run(["sh", "-c", "command -v " + tool],
                          stdout=subprocess.DEVNULL).returncode != 0:
            print("selftest: %s not found (scripts/install-deps)" % tool)
            print("0 passed, 1 failed")
            return 1

    work = tempfile.mkdtemp(prefix="lr-selftest.")
    pgdir = tempfile.mkdtemp(prefix="lr-pg.")   # empty: pgtmp.sh takes it
    pgdir2 = tempfile.mkdtemp(prefix="lr-pg2.")
    started = []
    try:
        # pgtmp.sh fails loudly when PostgreSQL is missing
        p = run([PGTMP, "start", os.path.join(work, "nopg")],
                env=dict(os.environ, PG_BINDIR="/nonexistent/bin"))
        check(p.returncode != 0 and "not installed" in p.stderr
              and p.stdout == "", "pgtmp.sh without PostgreSQL fails loudly",
              "rc %d stderr %r" % (p.returncode, p.stderr))
        if os.path.isdir(os.path.join(work, "nopg")):
            run([PGTMP, "stop", os.path.join(work, "nopg")])
        p = run([PGTMP, "stop", work])
        check(p.returncode != 0 and os.path.isdir(work),
              "pgtmp.sh stop refuses a directory it did not make")

        t0 = time.time()
        p = run([PGTMP, "start", pgdir])
        check(p.returncode == 0, "pgtmp.sh start", p.stderr)
        if p.returncode != 0:
            return 1
        started.append(pgdir)
        conn = p.stdout.strip()
        check(conn.startswith("host=") and "\n" not in conn,
              "pgtmp.sh prints one connection line", repr(p.stdout))
        print("cluster: %s (%.1f s)" % (conn, time.time() - t0))

        p = run([PGTMP, "start", pgdir2])
        check(p.returncode == 0, "a second pgtmp.sh cluster beside the first",
              p.stderr)
        if p.returncode == 0:
            started.append(pgdir2)
            conn2 = p.stdout.strip()
            check(conn2 != conn, "the two clusters differ")
            q = run(["psql", "-X", "-At", "-d", conn2, "-c",
                     "CREATE EXTENSION postgis; SELECT PostGIS_Lib_Version()"])
            check(q.returncode == 0 and q.stdout.strip() != "",
                  "CREATE EXTENSION postgis in the printed database", q.stderr)
            p = run([PGTMP, "stop", pgdir2])
            started.remove(pgdir2)
            check(p.returncode == 0 and not os.path.exists(pgdir2),
                  "pgtmp.sh stop removes its directory", p.stderr)

        cases = {"cases": [case_a, case_b, case_c]}
        inp = os.path.join(work, "cases.json")
        out = os.path.join(work, "out.json")
        with open(inp, "w") as f:
            json.dump(cases, f)
        t0 = time.time()
        p = run([sys.executable, ORACLE, inp, out, conn])
        check(p.returncode == 0, "oracle runs", p.stderr)
        if p.returncode != 0:
            return 1
        print("oracle: %.2f s" % (time.time() - t0))
        with open(out) as f:
            res = json.load(f)
        for cid, want in (("A", expect_a()), ("B", expect_b()),
                          ("C", expect_c())):
            got = res["cases"].get(cid)
            check(got is not None, "case %s in the output" % cid)
            if got is None:
                continue
            compare(cid, got, want)
            identities(cid, got)
        print("checks: %s" % json.dumps(res.get("checks")))
        print("largest difference from the hand calculation: %.3g m2 (%s)"
              % tuple(worst))

        # the connection string from MAIS_PG works as well as argv[3]
        p = run([sys.executable, ORACLE, inp, out + "2"],
                env=dict(os.environ, MAIS_PG=conn))
        check(p.returncode == 0 and json.load(open(out + "2"))["cases"]
              == res["cases"], "oracle with MAIS_PG gives the same figures",
              p.stderr)

        # overlapping admin polygons are refused
        bad = json.loads(json.dumps(case_a))
        bad["admin"][1]["wkt"] = wkt_box(.007, -.001, .012, .02)
        with open(inp, "w") as f:
            json.dump({"cases": [bad]}, f)
        p = run([sys.executable, ORACLE, inp, out, conn])
        check(p.returncode != 0 and "overlapping admin" in p.stderr,
              "oracle refuses overlapping admin polygons",
              "rc %d %s" % (p.returncode, p.stderr))

        # a release linked to an unknown hazard is refused
        bad = json.loads(json.dumps(case_b))
        bad["releases"][0]["hazard"] = "nope"
        with open(inp, "w") as f:
            json.dump({"cases": [bad]}, f)
        p = run([sys.executable, ORACLE, inp, out, conn])
        check(p.returncode != 0 and "nope" in p.stderr,
              "oracle refuses a link to an unknown hazard", p.stderr)
    finally:
        for d in started:
            p = run([PGTMP, "stop", d])
            check(p.returncode == 0 and not os.path.exists(d),
                  "pgtmp.sh stop %s" % d, p.stderr)
        for d in (work, pgdir, pgdir2):
            subprocess.run(["rm", "-rf", "--", d])
        print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
