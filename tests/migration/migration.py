#!/usr/bin/env python3
"""migration.py MAIS FIXTURES_DIR — databases made by earlier mains
(schema 1 and 2; tests/migration/make-fixtures.sh says how) opened with
this build, which migrates them forward (gpkg_schema.c, "Forward
migrations").

schema-v1.gpkg: opened read-write by `mais user add`, it becomes the
current schema with user names unique without regard to case; its
records, versions, audit entries and users are all kept; a name differing
only by case is then refused; a login limit key and `mais user list` see
the old users.

schema-v2.gpkg (made by main 1a1859a): it becomes schema 3, its users
with a number format column left unset (the default format, en), the
table the same as a new database's; records and users kept.

schema-v1-case-clash.gpkg (users admin, Admin, ADMIN): the migration
refuses, naming the three, and changes nothing: still schema 1, three
users, never merged.

Prints one line per check and "migration: N passed, M failed"; exits 1
when any failed.
"""
import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

results = []
CURRENT = "3"


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


def migrates(mais, fixtures, work):
    db = os.path.join(work, "v1.gpkg")
    unzip(os.path.join(fixtures, "schema-v1.gpkg.gz"), db)
    v, before, idx, names = counts(db)
    check("the fixture is schema 1 with users admin, operator",
          v == "1" and idx == 0 and names == ["admin", "operator"],
          "%s %s %s" % (v, idx, names))
    p = run(mais, "user", "add", db, "newbie", "--org", "V1-ORG-000002",
            "--role", "viewer")
    check("opened read-write by this build: done", p.returncode == 0,
          p.stderr)
    v, after, idx, names = counts(db)
    check("schema %s, with the case-blind unique index" % CURRENT,
          v == CURRENT and idx == 1, "%s %s" % (v, idx))
    added = dict(before, mais_user=before["mais_user"] + 1,
                 mais_audit=before["mais_audit"] + 1)
    check("every record, version, audit entry and user kept",
          after == added and names == ["admin", "operator", "newbie"],
          "%s -> %s %s" % (before, after, names))
    p = run(mais, "user", "add", db, "Operator", "--org", "V1-ORG-000002",
            "--role", "viewer")
    check("a name differing from 'operator' by case only: refused",
          p.returncode == 1 and "taken" in p.stderr, p.stderr)
    check("... and not added", counts(db)[1]["mais_user"] ==
          after["mais_user"], str(counts(db)[1]))
    p = run(mais, "check", db)
    check("mais check of the migrated database is clean",
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


def user_columns(db):
    con = sqlite3.connect(db)
    try:
        return [(r[1], r[2], r[3], r[4]) for r in
                con.execute("PRAGMA table_info(mais_user)")]
    finally:
        con.close()


def migrates_v2(mais, fixtures, work):
    db = os.path.join(work, "v2.gpkg")
    unzip(os.path.join(fixtures, "schema-v2.gpkg.gz"), db)
    v, before, idx, names = counts(db)
    check("the v2 fixture is schema 2 with users admin, operator and no "
          "number format", v == "2" and idx == 1 and
          names == ["admin", "operator"] and
          "number_format" not in [c[0] for c in user_columns(db)],
          "%s %s %s %s" % (v, idx, names, user_columns(db)))
    p = run(mais, "user", "add", db, "newbie", "--org", "V1-ORG-000002",
            "--role", "viewer")
    check("schema 2 opened read-write by this build: done",
          p.returncode == 0, p.stderr)
    v, after, idx, names = counts(db)
    check("schema 2 -> %s" % CURRENT, v == CURRENT, v)
    added = dict(before, mais_user=before["mais_user"] + 1,
                 mais_audit=before["mais_audit"] + 1)
    check("every record, version, audit entry and user of schema 2 kept",
          after == added and names == ["admin", "operator", "newbie"],
          "%s -> %s %s" % (before, after, names))
    con = sqlite3.connect(db)
    fmts = [r[0] for r in con.execute(
        "SELECT number_format FROM mais_user ORDER BY fid")]
    con.close()
    check("the users' number format is unset (the default, en)",
          fmts == [None, None, None], str(fmts))
    fresh = os.path.join(work, "fresh.gpkg")
    run(mais, "init", fresh)
    check("mais_user as in a new database", user_columns(db) ==
          user_columns(fresh), "%s\n  %s" % (user_columns(db),
                                             user_columns(fresh)))
    p = run(mais, "user", "list", db)
    check("mais user list reads the migrated users",
          p.returncode == 0 and "operator" in p.stdout, p.stdout + p.stderr)
    p = run(mais, "check", db)
    check("mais check of the database migrated from schema 2 is clean",
          p.returncode == 0, p.stdout[-800:] + p.stderr)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: migration.py MAIS FIXTURES_DIR")
    mais = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="mais-migration-") as work:
        migrates(mais, sys.argv[2], work)
        refuses_clash(mais, sys.argv[2], work)
        migrates_v2(mais, sys.argv[2], work)
    failed = results.count(False)
    print("migration: %d passed, %d failed" % (len(results) - failed,
                                               failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
