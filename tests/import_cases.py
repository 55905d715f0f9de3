#!/usr/bin/env python3
"""import_cases.py MAIS CASESDIR [NAME...] — runs the data-driven import
cases of CASESDIR (tests/cases/import/NNNN-short-name.json), one file a
case, as curl runs tests/data/testNNNN: each case is run in a fresh
temporary directory with a fresh database, and what `mais import` said
(exit code, JSON summary, stderr) and stored (SQL on the GeoPackage) is
compared with what the case expects.  Expected values are computed by
hand; each case's "about" says how.

A case is one JSON object:

  "about"   what it tests and why the expected values are what they are
  "files"   {name: content} written in order into the case's directory:
              "text"                       the text, as UTF-8
              ["line", "line"]             lines, each ended by "\\n"
              {"text": T, "encoding": E}   the text in encoding E
              {"base64": B}                bytes
              {"json": V}                  V written as JSON (profiles)
              {"ogr2ogr": [ARGS]}          ogr2ogr ARGS, where {out} is
                                           this file and {case} the
                                           case's directory
              {"zip": [NAMES]}             a zip of files written before
              {"copy": NAME}               the bytes of a file written
                                           before (a renamed copy)
  "setup"   [[ARGS], ...]  `mais import DB ARGS` run first (exit 0 or 3);
            DB is _case.gpkg, made by `mais init` in the case's directory
  "args"    ARGS of `mais import DB ARGS` (file names are relative to the
            case's directory; "--format json" is added unless given)
  "exit"    the exit code expected (0 all stored, 3 some rejected,
            1 failure, 2 usage)
  "summary" a subset of the JSON summary, compared exactly (objects such
            as rejected_by_rule compared whole)
  "listed"  [{key: value}] each must match an entry of the summary's
            "listed" (a "message" matches as a substring)
  "sql"     [[SQL, expected] or [SQL, expected, tolerance]] on the database
  "stderr_contains"  a string, or a list of strings, stderr must contain
  "stdout_contains"  the same for stdout (with "--format", "table" in
                     args: what a person reads)
  "known_failure"    the reason the engine does not yet do what the case
                     expects: a failure is reported as known, a pass as
                     a failure (so that the marker is removed)

Prints one line per case and a last line "import cases: N passed, M
failed, K known"; exits 1 when any case failed.  Needs only the Python
standard library, ogr2ogr (gdal-bin) and the mais binary.
"""
import base64
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

DB = "_case.gpkg"  # the case's database, in the case's directory


def write_file(case_dir, name, spec):
    path = os.path.join(case_dir, name)
    if isinstance(spec, str):
        data = spec.encode("utf-8")
    elif isinstance(spec, list):
        data = "".join(line + "\n" for line in spec).encode("utf-8")
    elif "text" in spec:
        data = spec["text"].encode(spec.get("encoding", "utf-8"))
    elif "base64" in spec:
        data = base64.b64decode(spec["base64"])
    elif "json" in spec:
        data = json.dumps(spec["json"], indent=1,
                          ensure_ascii=False).encode("utf-8")
    elif "ogr2ogr" in spec:
        args = [a.replace("{out}", path).replace("{case}", case_dir)
                for a in spec["ogr2ogr"]]
        r = subprocess.run(["ogr2ogr", *args], capture_output=True,
                           text=True)
        if r.returncode != 0 or not os.path.exists(path):
            raise RuntimeError(f"ogr2ogr {' '.join(args)}: {r.stderr}")
        return
    elif "copy" in spec:
        with open(os.path.join(case_dir, spec["copy"]), "rb") as fp:
            data = fp.read()
    elif "zip" in spec:
        with zipfile.ZipFile(path, "w") as z:
            for member in spec["zip"]:
                z.write(os.path.join(case_dir, member), member)
        return
    else:
        raise RuntimeError(f"file {name}: unknown content {spec!r}")
    with open(path, "wb") as fp:
        fp.write(data)


def mais_import(mais, case_dir, args):
    if "--format" not in args:
        args = [*args, "--format", "json"]
    return subprocess.run([mais, "import", DB, *args], cwd=case_dir,
                          capture_output=True, text=True, timeout=60)


def matches(want, got):
    """Every key of want has the same value in got (message: substring)."""
    for k, v in want.items():
        if k == "message":
            if v not in str(got.get(k, "")):
                return False
        elif got.get(k) != v:
            return False
    return True


def run_case(mais, path, case_dir):
    """The list of differences between what the case expects and got."""
    with open(path, encoding="utf-8") as fp:
        case = json.load(fp)
    bad = []
    for name, spec in case.get("files", {}).items():
        if name == DB:
            raise RuntimeError(f"{DB} is the runner's database: rename it")
        write_file(case_dir, name, spec)
    r = subprocess.run([mais, "init", DB], cwd=case_dir,
                       capture_output=True, text=True)
    if r.returncode != 0:
        return [f"mais init exited {r.returncode}: {r.stderr.strip()}"]
    for args in case.get("setup", []):
        r = mais_import(mais, case_dir, args)
        if r.returncode not in (0, 3):
            return [f"setup {args} exited {r.returncode}: "
                    f"{r.stderr.strip()}"]
    r = mais_import(mais, case_dir, case["args"])
    if r.returncode != case.get("exit", 0):
        bad.append(f"exit {r.returncode}, want {case.get('exit', 0)} "
                   f"(stderr: {r.stderr.strip()[:300]})")
    for stream, got in (("stderr", r.stderr), ("stdout", r.stdout)):
        want = case.get(f"{stream}_contains", [])
        for s in [want] if isinstance(want, str) else want:
            if s not in got:
                bad.append(f"{stream} lacks {s!r}: {got.strip()[:600]!r}")
    if "summary" in case or "listed" in case:
        try:
            summary = json.loads(r.stdout)
        except ValueError:
            return bad + [f"no JSON summary: {r.stdout[:200]!r}"]
        for k, v in case.get("summary", {}).items():
            if summary.get(k) != v:
                bad.append(f"summary {k} = {summary.get(k)!r}, want {v!r}")
        if summary.get("read") != (summary.get("stored", 0)
                                   + summary.get("rejected", 0)):
            bad.append("read != stored + rejected")
        for want in case.get("listed", []):
            if not any(matches(want, got) for got in summary["listed"]):
                bad.append(f"no listed entry like {want!r} in "
                           f"{summary['listed'][:5]!r}")
    if case.get("sql"):
        db = sqlite3.connect(os.path.join(case_dir, DB))
        for check in case["sql"]:
            sql, want = check[0], check[1]
            try:
                got = db.execute(sql).fetchone()
                got = got[0] if got else None
            except sqlite3.Error as e:
                got = f"SQL error: {e}"
            if len(check) > 2 and isinstance(got, (int, float)) \
                    and want is not None:
                ok = abs(got - want) <= check[2]
            else:
                ok = got == want
            if not ok:
                bad.append(f"{sql} -> {got!r}, want {want!r}")
        db.close()
    return bad


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: import_cases.py MAIS CASESDIR [NAME...]")
    mais, cases_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    only = sys.argv[3:]
    names = sorted(n for n in os.listdir(cases_dir) if n.endswith(".json"))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    passed = failed = known = 0
    for name in names:
        case_name = name[:-5]
        with open(os.path.join(cases_dir, name), encoding="utf-8") as fp:
            known_reason = json.load(fp).get("known_failure")
        with tempfile.TemporaryDirectory(prefix="mais-case-") as d:
            try:
                bad = run_case(mais, os.path.join(cases_dir, name), d)
            except (RuntimeError, ValueError, KeyError, OSError,
                    subprocess.TimeoutExpired) as e:
                bad = [f"case could not run: {e}"]
        if known_reason and bad:
            known += 1
            print(f"known   {case_name}: {known_reason}")
            for b in bad:
                print(f"          {b}")
        elif known_reason:
            failed += 1
            print(f"FAILED  {case_name}: passes now; remove its "
                  f"known_failure ({known_reason})")
        elif bad:
            failed += 1
            print(f"FAILED  {case_name}")
            for b in bad:
                print(f"          {b}")
        else:
            passed += 1
            print(f"ok      {case_name}")
    print(f"import cases: {passed} passed, {failed} failed, {known} known")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
