#!/usr/bin/env python3
"""policy_cli.py MAIS — the attempts (a)-(f) of issue 8 through the CLI
acting as a non-administrator (`mais import --user NAME`, the one command
with such a mode: the CLI is otherwise the machine's administrator).

Each attempt must exit 1, for the policy's reason (its message is
checked), and leave the database as it was: the test reads
it back with SQLite (every version, audit entry, user, flag and import key
counted; operator B's hazard still active at version 1).  A control import
of the same user's own hazard must be stored, for its organisation.

  (a) map line organisation_uuid=<field naming operator B>; set line
      organisation_uuid=<operator B>
  (b) a release with set hazard_uuid=<operator B's hazard>
  (c) victims' names by a user without the victim-assistance right
  (d) admin areas through a profile, by a data entry user
  (e) an organisation of type authority by operator A's IM administrator
      (a user added to the authority: `mais user add` has no mode acting
      as a user; the use-case test and the HTTP case cover it)
  (f) `mais user add` of a name that differs from another only by case

Prints one line per attempt and "policy cli: N passed, M failed"; exits 1
when any failed.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

MAIS = None
PROFILES = None


def mais(*args):
    return subprocess.run([MAIS, *args], capture_output=True, text=True)


def must(*args):
    p = mais(*args)
    if p.returncode not in (0, 3):
        raise RuntimeError("mais %s: %d %s%s" % (" ".join(args),
                                                 p.returncode, p.stdout,
                                                 p.stderr))
    return p


def square(x, y, d=0.01):
    return {"type": "Polygon", "coordinates": [[
        [x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


def geojson(path, props, geom):
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": props, "geometry": geom}]}, f)
    return path


def fingerprint(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return tuple(con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                     for t in ("mais_version", "mais_audit", "mais_user",
                               "mais_flag", "mais_import_feature",
                               "hazard", "land_release", "victim",
                               "admin_area", "organisation")), \
            con.execute("SELECT hazard_status || ' ' || version FROM hazard"
                        " WHERE name = 'Bravo'").fetchone()[0]
    finally:
        con.close()


def seed(work):
    db = os.path.join(work, "p.gpkg")
    must("init", db)
    orgs = os.path.join(work, "orgs.csv")
    with open(orgs, "w") as f:
        f.write("org_type,name\nauthority,National Agency\n"
                "operator_ngo,Operator A\noperator_ngo,Operator B\n")
    must("import", db, orgs, "--as", "organisation", "--map",
         "org_type=org_type", "--map", "name=name")
    con = sqlite3.connect(db)
    org = {r: u for u, r in con.execute(
        "SELECT uuid, reference FROM organisation")}
    must("import", db, geojson(os.path.join(work, "b.geojson"),
                               {"name": "Bravo"}, square(44.2, 40.2)),
         "--as", "hazard", "--map", "name=name", "--set",
         "hazard_class=cha", "--set", "hazard_status=active", "--set",
         "organisation_uuid=" + org["ORG-000003"])
    must("import", db, geojson(os.path.join(work, "acc.geojson"),
                               {"d": "2021-05-04"},
                               {"type": "Point", "coordinates": [44, 40]}),
         "--as", "accident", "--map", "accident_date=d", "--set",
         "accident_type=civilian", "--set",
         "organisation_uuid=" + org["ORG-000002"])
    hz_b = con.execute("SELECT uuid FROM hazard").fetchone()[0]
    acc = con.execute("SELECT uuid FROM accident").fetchone()[0]
    con.close()
    for name, roles in (("opa", "data_entry"), ("opadmin", "im_admin")):
        must("user", "add", db, name, "--org", "ORG-000002", "--role",
             roles)
    return db, org, hz_b, acc


def attempts(work, db, org, hz_b, acc):
    a = geojson(os.path.join(work, "a.geojson"),
                {"n": "Planted", "org": org["ORG-000003"]},
                square(44.3, 40.3))
    rel = geojson(os.path.join(work, "rel.geojson"), {"m": "cleared"},
                  square(44.2, 40.2))
    vic = os.path.join(work, "victims.csv")
    with open(vic, "w") as f:
        f.write("given_name,outcome\nPlanted,injured\n")
    area = geojson(os.path.join(work, "area.geojson"),
                   {"name": "Planted", "code_hasc": "XX.PD"},
                   square(44.3, 40.3))
    org_file = os.path.join(work, "org.csv")
    with open(org_file, "w") as f:
        f.write("org_type,name,parent_uuid\nauthority,Shadow Agency,%s\n"
                % org["ORG-000002"])
    hazard = ["--as", "hazard", "--map", "name=n", "--set",
              "hazard_class=sha", "--set", "hazard_status=active"]
    return [
        ("a: map line organisation_uuid", "not by a map line", ["import", db, a, "--user", "opa",
                                           *hazard, "--map",
                                           "organisation_uuid=org"]),
        ("a: set line organisation_uuid", "may not import records for this", ["import", db, a, "--user", "opa",
                                           *hazard, "--set",
                                           "organisation_uuid=" +
                                           org["ORG-000003"]]),
        ("b: release of B's hazard", "hazard_uuid: no hazard", ["import", db, rel, "--user", "opa",
                                      "--as", "release", "--map", "method=m",
                                      "--set", "hazard_uuid=" + hz_b]),
        ("c: victims' names without the right", "given_name: needs the victim",
         ["import", db, vic, "--user", "opa", "--as", "victim", "--map",
          "given_name=given_name", "--map", "outcome=outcome", "--set",
          "accident_uuid=" + acc]),
        ("d: admin areas through a profile", "importing admin_area",
         ["import", db, area, "--user", "opa", "--profile",
          os.path.join(PROFILES, "azerbaijan-rayons.json")]),
        ("e: an organisation of type authority", "org_type: only a user of",
         ["import", db, org_file, "--user", "opadmin", "--as",
          "organisation", "--map", "org_type=org_type", "--map",
          "name=name", "--map", "parent_uuid=parent_uuid"]),
        ("f: a user name differing by case", "without regard to case",
         ["user", "add", db, "OPA", "--org", "ORG-000002", "--role",
          "viewer"]),
    ]


def main():
    global MAIS, PROFILES
    if len(sys.argv) != 3:
        sys.exit("usage: policy_cli.py MAIS PROFILES_DIR")
    MAIS = os.path.abspath(sys.argv[1])
    PROFILES = os.path.abspath(sys.argv[2])
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="mais-policy-") as work:
        db, org, hz_b, acc = seed(work)
        for name, why, args in attempts(work, db, org, hz_b, acc):
            before = fingerprint(db)
            p = mais(*args)
            after = fingerprint(db)
            errors = []
            if p.returncode != 1:
                errors.append("exit %d, expected 1" % p.returncode)
            if why not in p.stderr:
                errors.append("refused, but not saying %r" % why)
            if after != before:
                errors.append("the database changed: %s -> %s" % (before,
                                                                   after))
            if after[1] != "active 1":
                errors.append("B's hazard is %s" % after[1])
            if errors:
                failed += 1
                print("FAIL %s\n  %s\n  %s" % (name, "\n  ".join(errors),
                                               p.stderr.strip()))
            else:
                passed += 1
                print("ok   %s (%s)" % (name, p.stderr.strip()[:120]))
        own = geojson(os.path.join(work, "own.geojson"), {"n": "Own"},
                      square(44.3, 40.3))
        p = mais("import", db, own, "--user", "opa", "--as", "hazard",
                 "--map", "name=n", "--set", "hazard_class=sha", "--set",
                 "hazard_status=active")
        con = sqlite3.connect(db)
        row = con.execute("SELECT organisation_uuid, status FROM hazard"
                          " WHERE name = 'Own'").fetchone()
        con.close()
        if p.returncode == 0 and row == (org["ORG-000002"], "submitted"):
            passed += 1
            print("ok   control: the user's own hazard, operator A's, "
                  "submitted")
        else:
            failed += 1
            print("FAIL control: exit %d, row %r\n  %s" % (
                p.returncode, row, p.stderr.strip()))
    print("policy cli: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
