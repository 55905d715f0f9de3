#!/usr/bin/env python3
"""migration.py MAIS FIXTURES_DIR — databases made by earlier mains
(schemas 1 and 2; tests/migration/make-fixtures.sh says how) opened with
this build, which migrates them forward (gpkg_schema.c, "Forward
migrations") to its schema, 3.

schema-v1.gpkg: opened read-write by `mais user add`, it becomes schema 3
with user names unique without regard to case; its records, versions,
audit entries and users are all kept; a name differing only by case is
then refused; a login limit key and `mais user list` see the old users.

schema-v2.gpkg (made by mais 0364d07): becomes schema 3 with the age
bands child and adult; its code table of age bands is then row for row
that of a database this build creates; its victims keep their bands; a
victim of band child can be imported and the casualty report shows it.
Both: their code_age_band equals a new database's.

schema-v1-case-clash.gpkg (users admin, Admin, ADMIN): the migration
refuses, naming the three, and changes nothing: still schema 1, three
users, never merged.

Prints one line per check and "migration: N passed, M failed"; exits 1
when any failed.
"""
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

results = []


def check(what, ok, detail=""):
    results.append(ok)
    print("%s %s%s" % ("ok  " if ok else "FAIL", what,
                       "" if ok else "\n  " + detail))


def unzip(src, dest):
    with gzip.open(src, "rb") as f, open(dest, "wb") as g:
        shutil.copyfileobj(f, g)


def counts(db):
    con = sqlite3.connect(db)
    try:
        v = con.execute("SELECT value FROM mais_meta WHERE key ="
                        " 'schema_version'").fetchone()[0]
        n = {t: con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
             for t in ("mais_user", "mais_version", "mais_audit", "hazard",
                       "organisation")}
        idx = con.execute("SELECT count(*) FROM sqlite_master WHERE name ="
                          " 'mais_user_username_nocase'").fetchone()[0]
        names = [r[0] for r in con.execute(
            "SELECT username FROM mais_user ORDER BY fid")]
        return v, n, idx, names
    finally:
        con.close()


def run(mais, *args):
    return subprocess.run([mais, *args], capture_output=True, text=True)


def open_rw(mais, db, prefix, before):
    """Opens db read-write with this build (`mais user add` of newbie),
    which migrates it; checks that every record, version, audit entry and
    user is kept, the new user and its audit entry added; the counts
    after."""
    p = run(mais, "user", "add", db, "newbie", "--org",
            prefix + "-ORG-000002", "--role", "viewer")
    check("%s opened read-write by this build: done" % prefix,
          p.returncode == 0, p.stderr)
    v, after, idx, names = counts(db)
    added = dict(before, mais_user=before["mais_user"] + 1,
                 mais_audit=before["mais_audit"] + 1)
    check("%s: every record, version, audit entry and user kept" % prefix,
          after == added, "%s -> %s" % (before, after))
    return v, after, idx, names


def migrates(mais, fixtures, work):
    db = os.path.join(work, "v1.gpkg")
    unzip(os.path.join(fixtures, "schema-v1.gpkg.gz"), db)
    v, before, idx, names = counts(db)
    check("the fixture is schema 1 with users admin, operator",
          v == "1" and idx == 0 and names == ["admin", "operator"],
          "%s %s %s" % (v, idx, names))
    v, after, idx, names = open_rw(mais, db, "V1", before)
    check("schema 3, with the case-blind unique index", v == "3" and
          idx == 1, "%s %s" % (v, idx))
    check("... and the users are admin, operator and the new one",
          names == ["admin", "operator", "newbie"], str(names))
    p = run(mais, "user", "add", db, "Operator", "--org", "V1-ORG-000002",
            "--role", "viewer")
    check("a name differing from 'operator' by case only: refused",
          p.returncode == 1 and "taken" in p.stderr, p.stderr)
    check("... and not added", counts(db)[1]["mais_user"] ==
          after["mais_user"], str(counts(db)[1]))
    p = run(mais, "check", db)
    check("mais check of the migrated database is clean",
          p.returncode == 0, p.stdout[-800:] + p.stderr)
    check("1 -> 3: the age bands are a new database's",
          age_bands(db) == age_bands(fresh(mais, work)),
          "%s\n  %s" % (age_bands(db), age_bands(fresh(mais, work))))


def age_bands(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT code, label, sort FROM code_age_band"
                           " ORDER BY sort").fetchall()
    finally:
        con.close()


def fresh(mais, work):
    """A database this build creates: the reference a migration must
    reach."""
    db = os.path.join(work, "fresh.gpkg")
    if not os.path.exists(db):
        run(mais, "init", db)
    return db


def migrates_v2(mais, fixtures, work):
    db = os.path.join(work, "v2.gpkg")
    unzip(os.path.join(fixtures, "schema-v2.gpkg.gz"), db)
    v, before, idx, names = counts(db)
    bands = [r[0] for r in age_bands(db)]
    check("the v2 fixture is schema 2 with 5 age bands, no child",
          v == "2" and idx == 1 and bands == ["age_0_9", "age_10_17",
                                              "age_18_45", "age_46_plus",
                                              "unknown"],
          "%s %s %s" % (v, idx, bands))
    v, after, idx, names = open_rw(mais, db, "V2", before)
    check("v2 -> schema 3", v == "3", v)
    want = age_bands(fresh(mais, work))
    check("2 -> 3: the age bands are a new database's, child and adult"
          " among them", age_bands(db) == want and
          {"child", "adult"} <= {r[0] for r in want},
          "%s\n  %s" % (age_bands(db), want))
    con = sqlite3.connect(db)
    kept = [r[0] for r in con.execute("SELECT age_band FROM victim"
                                      " ORDER BY fid")]
    acc = con.execute("SELECT uuid FROM accident").fetchone()[0]
    con.close()
    check("v2: the victims keep their bands", kept ==
          ["age_0_9", "age_18_45", "unknown"], str(kept))
    csv = os.path.join(work, "child.csv")
    with open(csv, "w") as f:
        f.write("band,outcome\nchild,injured\n")
    p = run(mais, "import", db, csv, "--as", "victim", "--map",
            "age_band=band", "--map", "outcome=outcome", "--set",
            "accident_uuid=" + acc)
    check("a victim of band child imported into the migrated database",
          p.returncode == 0, p.stdout + p.stderr)
    p = run(mais, "report", "casualties", db, "--format", "json")
    groups = sorted(r["age_group"] for r in json.loads(p.stdout)["rows"]) \
        if p.returncode == 0 else p.stderr
    check("the casualty report shows the child as such",
          groups == ["age_0_9", "age_18_45", "child", "unknown"],
          str(groups))
    p = run(mais, "check", db)
    check("mais check of the migrated v2 database is clean",
          p.returncode == 0, p.stdout[-800:] + p.stderr)


def refuses_clash(mais, fixtures, work):
    db = os.path.join(work, "clash.gpkg")
    unzip(os.path.join(fixtures, "schema-v1-case-clash.gpkg.gz"), db)
    with open(db, "rb") as f:
        raw = f.read()
    v, before, idx, names = counts(db)
    check("the clash fixture: admin, operator, Admin, ADMIN",
          names == ["admin", "operator", "Admin", "ADMIN"], str(names))
    p = run(mais, "user", "add", db, "newbie", "--org", "V1-ORG-000002",
            "--role", "viewer")
    check("the migration refuses (exit 1)", p.returncode == 1,
          "exit %d %s" % (p.returncode, p.stderr))
    check("naming the users that differ only by case",
          "admin, Admin, ADMIN" in p.stderr or
          "ADMIN, Admin, admin" in p.stderr, p.stderr)
    check("saying they are not merged", "not merged" in p.stderr, p.stderr)
    check("... in migrating to schema version 2",
          "migrating to schema version 2:" in p.stderr, p.stderr)
    v2, after, idx2, names2 = counts(db)
    check("nothing changed: schema 1, the same users and rows",
          v2 == "1" and after == before and names2 == names and idx2 == 0,
          "%s %s %s" % (v2, after, names2))
    with open(db, "rb") as f:
        check("... the file is byte for byte the same", f.read() == raw)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: migration.py MAIS FIXTURES_DIR")
    mais = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="mais-migration-") as work:
        migrates(mais, sys.argv[2], work)
        migrates_v2(mais, sys.argv[2], work)
        refuses_clash(mais, sys.argv[2], work)
    failed = results.count(False)
    print("migration: %d passed, %d failed" % (len(results) - failed,
                                               failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
