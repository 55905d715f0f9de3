#!/usr/bin/env python3
"""http_cases.py MAIS CASESDIR [NAME...] — runs the data-driven HTTP
cases of CASESDIR (tests/cases/http/NNNN-short-name.json), one file a
case, as curl runs tests/data/testNNNN, against one `mais serve`.

Setup (once): a fresh database made with the CLI only — `mais init`,
organisations, an admin area and records imported from small GeoJSON and
CSV files, users added with `mais user add` (their one-time passwords
read from its output).  `mais serve DB --listen 127.0.0.1:0` is started
and its URL read from its first line.  Every user but "fresh" logs in
and changes the one-time password; "fresh" logs in only, and so must
change it.  Then the cases run in file-name order (a case may save a
value of its answer for the later ones), then the OpenAPI coverage check,
then the server is stopped with SIGTERM (it must exit 0) and
`mais check` runs on the database (it must be clean).

Users ("as"):
  admin      im_admin of the authority (sees every organisation)
  operator   data_entry of operator A
  operator_b data_entry of operator B
  viewer     viewer of operator A
  verifier   verifier of the authority
  approver   approver of the authority
  va         viewer with the victim_assistance right, of the authority
  va_admin   im_admin with the victim_assistance right, of the authority
  va_admin_b im_admin with the victim_assistance right, of operator B
  op_admin   im_admin of operator A (an operator's IM administrator)
  fresh      viewer of the authority who has not changed the one-time
             password
  bearer     admin's bearer token (Authorization: Bearer, no CSRF)
  none       no session
A cookie user sends X-CSRF-Token on writes unless the case says
"csrf": false.

A case is one JSON object:
  "about"   what it tests and why the answer is what it is
  "as"      the user (default "none")
  "method", "path"    the request; {name} in the path, body and headers
                      is replaced by a saved or seeded value
  "query"   {name: value} added to the path, URL-encoded
  "body"    a JSON value sent as application/json
  "body_raw"   a string sent as it is (application/json)
  "body_big"   N: a JSON object of about N bytes
  "body_nested" N: N nested arrays
  "multipart" {"fields": {name: text}, "file": {"name": F, "json": V} or
              {"name": F, "size": N}}
  "headers" {name: value}
  "repeat"  N: send N times, check the last answer
  "status"  the status expected
  "json_contains"    a JSON value the answer must contain (objects:
                     subset; lists: each expected item is in the list)
  "json_path_equals" [[path, value], ...]: path "a.b.0.c"
  "body_contains"    a string (or list) the raw body must contain
  "body_not_contains" a string (or list) it must not contain
  "header_contains"  {name: substring}
  "save"    {name: path} values of the answer for later cases
  "db_not_contains"  a string (or list) that no byte of the database
                     file, its -wal or its -shm may hold after the
                     answer (UTF-8): what an erasure must leave no
                     trace of
  "sql"     [[query, value], ...]: read back from the database file
            itself after the request (SQLite, read-only), each query's
            first column of its first row (null when no row); {name} is
            replaced as in the path.  What a person would check: the
            rows a refused request did not write, a hazard's status.

The rate-limit case (0999-login-rate-limited) locks 127.0.0.1 out of
logging in for 60 s: it stays the last; new cases take numbers below it.

Prints one line per case and "http cases: N passed, M failed"; exits 1
when any failed.  Needs only the Python standard library.
"""
import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

MAIS = None
USERS = {
    "admin": ("ORG-000001", "im_admin"),
    "operator": ("ORG-000002", "data_entry"),
    "operator_b": ("ORG-000003", "data_entry"),
    "viewer": ("ORG-000002", "viewer"),
    "verifier": ("ORG-000001", "verifier"),
    "approver": ("ORG-000001", "approver"),
    "va": ("ORG-000001", "viewer,victim_assistance"),
    "va_admin": ("ORG-000001", "im_admin,victim_assistance"),
    "va_admin_b": ("ORG-000003", "im_admin,victim_assistance"),
    "op_admin": ("ORG-000002", "im_admin"),
    "fresh": ("ORG-000001", "viewer"),
}
NEW_PASSWORD = "correct horse battery staple"


def mais(*args, check=True):
    p = subprocess.run([MAIS, *args], capture_output=True, text=True)
    if check and p.returncode not in (0, 3):
        raise RuntimeError("mais %s: exit %d\n%s%s" % (
            " ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def square(x, y, d=0.01):
    return {"type": "Polygon", "coordinates": [[
        [x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


def feature(props, geom):
    return {"type": "Feature", "properties": props, "geometry": geom}


def write_json(path, features):
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)


def seed(work):
    db = os.path.join(work, "http.gpkg")
    mais("init", db)
    orgs = os.path.join(work, "orgs.csv")
    with open(orgs, "w") as f:
        f.write("org_type,name\nauthority,National Agency\n"
                "operator_ngo,Operator A\noperator_ngo,Operator B\n")
    mais("import", db, orgs, "--as", "organisation", "--map",
         "org_type=org_type", "--map", "name=name")
    con = sqlite3.connect(db)
    org = {r: u for u, r in con.execute(
        "SELECT uuid, reference FROM organisation")}
    area = os.path.join(work, "area.geojson")
    write_json(area, [feature({"name": "Test Rayon", "level": 1},
                              square(43.9, 39.9, 0.6))])
    mais("import", db, area, "--as", "admin-area", "--map", "name=name",
         "--map", "level=level")
    for name, ref, feats in (
        ("hz_a.geojson", "ORG-000002", [
            feature({"name": "Alpha", "cls": "sha"}, square(44.0, 40.0)),
            feature({"name": "Charlie", "cls": "cha"}, square(44.1, 40.0)),
            feature({"name": "Delta", "cls": "indication"},
                    {"type": "Point", "coordinates": [44.3, 40.05]})]),
        ("hz_b.geojson", "ORG-000003", [
            feature({"name": "Bravo", "cls": "cha"}, square(44.2, 40.2))]),
    ):
        path = os.path.join(work, name)
        write_json(path, feats)
        mais("import", db, path, "--as", "hazard", "--map", "name=name",
             "--map", "hazard_class=cls", "--set", "hazard_status=active",
             "--set", "organisation_uuid=" + org[ref])
    # a hazard of no organisation: the authority's (what the CLI imports)
    nomad = os.path.join(work, "hz_none.geojson")
    write_json(nomad, [feature({"name": "Nomad", "cls": "sha"},
                               square(44.4, 40.0))])
    mais("import", db, nomad, "--as", "hazard", "--map", "name=name",
         "--map", "hazard_class=cls", "--set", "hazard_status=active")
    hz = {n: u for u, n in con.execute("SELECT uuid, name FROM hazard")}
    rel = os.path.join(work, "release.geojson")
    write_json(rel, [feature({"m": "cleared"}, square(44.0, 40.0, 0.005))])
    mais("import", db, rel, "--as", "release", "--map", "method=m", "--set",
         "hazard_uuid=" + hz["Alpha"], "--set",
         "organisation_uuid=" + org["ORG-000002"])
    eo = os.path.join(work, "eo.geojson")
    write_json(eo, [feature({"q": 3}, {"type": "Point",
                                       "coordinates": [44.002, 40.002]})])
    mais("import", db, eo, "--as", "eo", "--map", "quantity=q", "--set",
         "eo_category=ap_mine", "--set", "fate=destroyed_in_situ",
         "--set", "organisation_uuid=" + org["ORG-000002"])
    acc = os.path.join(work, "accident.geojson")
    write_json(acc, [feature({"d": "2021-05-04"}, {
        "type": "Point", "coordinates": [44.05, 40.05]})])
    mais("import", db, acc, "--as", "accident", "--map", "accident_date=d",
         "--set", "accident_type=civilian", "--set",
         "organisation_uuid=" + org["ORG-000001"])
    acc_uuid = con.execute("SELECT uuid FROM accident").fetchone()[0]
    vic = os.path.join(work, "victims.csv")
    with open(vic, "w") as f:
        f.write("given_name,outcome,sex,age\nAmina,injured,female,12\n")
    mais("import", db, vic, "--as", "victim", "--map", "given_name=given_name",
         "--map", "outcome=outcome", "--map", "sex=sex", "--map", "age=age",
         "--set", "accident_uuid=" + acc_uuid, "--set",
         "organisation_uuid=" + org["ORG-000001"])
    vic_uuid = con.execute("SELECT uuid FROM victim").fetchone()[0]
    area_uuid = con.execute("SELECT uuid FROM admin_area").fetchone()[0]
    con.close()
    passwords = {}
    for user, (ref, roles) in USERS.items():
        out = mais("user", "add", db, user, "--org", ref, "--role",
                   roles).stdout
        passwords[user] = re.search(r"one-time password for \S+: (\S+)",
                                    out).group(1)
    values = {"org_auth": org["ORG-000001"], "org_a": org["ORG-000002"],
              "org_b": org["ORG-000003"], "hazard_a": hz["Alpha"],
              "hazard_a2": hz["Charlie"], "hazard_b": hz["Bravo"],
              "hazard_none": hz["Nomad"],
              "accident": acc_uuid, "victim": vic_uuid,
              "admin_area": area_uuid}
    return db, passwords, values


class Server:
    def __init__(self, db, work):
        self.err = open(os.path.join(work, "serve.err"), "w")
        self.proc = subprocess.Popen(
            [MAIS, "serve", db, "--listen", "127.0.0.1:0", "--web",
             os.path.join(work, "web")],
            stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            raise RuntimeError("mais serve did not start: %r" % line)
        self.port = int(m.group(1))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=30)
        self.err.close()
        return rc


class Session:
    def __init__(self, cookie=None, csrf=None, bearer=None):
        self.cookie, self.csrf, self.bearer = cookie, csrf, bearer


def request(port, method, path, body=None, headers=None, session=None,
            csrf=True):
    h = dict(headers or {})
    if session and session.cookie:
        h["Cookie"] = "mais_session=" + session.cookie
        if csrf and session.csrf and method not in ("GET", "HEAD"):
            h.setdefault("X-CSRF-Token", session.csrf)
    if session and session.bearer:
        h["Authorization"] = "Bearer " + session.bearer
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        con.request(method, path, body=body, headers=h)
        r = con.getresponse()
        data = r.read()
        return r.status, dict(r.getheaders()), data
    finally:
        con.close()


def login(port, user, password, change):
    st, hd, data = request(port, "POST", "/api/login", json.dumps(
        {"username": user, "password": password}),
        {"Content-Type": "application/json"})
    if st != 200:
        raise RuntimeError("login %s: %d %s" % (user, st, data))
    cookie = re.search(r"mais_session=([0-9a-f]{64})",
                       hd.get("Set-Cookie", "")).group(1)
    s = Session(cookie, json.loads(data)["csrf_token"])
    if change:
        st, _, data = request(port, "POST", "/api/password", json.dumps(
            {"old_password": password, "new_password": NEW_PASSWORD}),
            {"Content-Type": "application/json"}, s)
        if st != 204:
            raise RuntimeError("password %s: %d %s" % (user, st, data))
    return s


def substitute(value, values):
    whole = re.fullmatch(r"\{([a-z_0-9]+)\}", value) \
        if isinstance(value, str) else None
    if whole and isinstance(values.get(whole.group(1)), int):
        return values[whole.group(1)]  # a saved version stays a number
    if isinstance(value, str):
        return re.sub(r"\{([a-z_0-9]+)\}",
                      lambda m: str(values.get(m.group(1), m.group(0))),
                      value)
    if isinstance(value, list):
        return [substitute(v, values) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, values) for k, v in value.items()}
    return value


def multipart(spec):
    boundary = "maisboundary7d3f"
    parts = []
    for k, v in spec.get("fields", {}).items():
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                      "\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
    f = spec.get("file")
    if f:
        data = (json.dumps(f["json"]).encode() if "json" in f
                else b"x" * f["size"])
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\";"
                      " filename=\"%s\"\r\nContent-Type: "
                      "application/octet-stream\r\n\r\n" %
                      (boundary, f["name"])).encode() + data + b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode())
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


def build_body(case, values):
    if "body" in case:
        return json.dumps(substitute(case["body"], values)).encode(), \
            "application/json"
    if "body_raw" in case:
        return substitute(case["body_raw"], values).encode(), \
            "application/json"
    if "body_big" in case:
        return (b'{"x": "' + b"a" * case["body_big"] + b'"}',
                "application/json")
    if "body_nested" in case:
        n = case["body_nested"]
        return (b'{"fields": ' + b"[" * n + b"]" * n + b"}",
                "application/json")
    if "multipart" in case:
        return multipart(substitute(case["multipart"], values))
    return None, None


def get_path(doc, path):
    for part in path.split(".") if path else []:
        if isinstance(doc, list):
            doc = doc[int(part)]
        elif isinstance(doc, dict) and part in doc:
            doc = doc[part]
        else:
            raise KeyError(path)
    return doc


def contains(have, want):
    if isinstance(want, dict):
        return isinstance(have, dict) and all(
            k in have and contains(have[k], v) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(have, list) and all(
            any(contains(h, w) for h in have) for w in want)
    return have == want


def as_list(x):
    return x if isinstance(x, list) else [x]


def check(case, status, headers, data, values):
    errors = []
    text = data.decode("utf-8", "replace")
    if "status" in case and status != case["status"]:
        errors.append("status %d, expected %d" % (status, case["status"]))
    doc = None
    if any(k in case for k in ("json_contains", "json_path_equals", "save")):
        try:
            doc = json.loads(text)
        except ValueError:
            errors.append("answer is not JSON")
            return errors
    want = substitute(case.get("json_contains"), values)
    if want is not None and not contains(doc, want):
        errors.append("JSON does not contain %s" % json.dumps(want))
    for path, value in substitute(case.get("json_path_equals", []), values):
        try:
            got = get_path(doc, path)
        except (KeyError, IndexError, ValueError):
            errors.append("no %s" % path)
            continue
        if got != value:
            errors.append("%s = %r, expected %r" % (path, got, value))
    for s in as_list(substitute(case.get("body_contains", []), values)):
        if s not in text:
            errors.append("body lacks %r" % s)
    for s in as_list(substitute(case.get("body_not_contains", []), values)):
        if s in text:
            errors.append("body has %r" % s)
    lower = {k.lower(): v for k, v in headers.items()}
    for k, v in case.get("header_contains", {}).items():
        if v not in lower.get(k.lower(), ""):
            errors.append("header %s lacks %r" % (k, v))
    for name, path in case.get("save", {}).items():
        try:
            values[name] = get_path(doc, path)
        except (KeyError, IndexError, ValueError, TypeError):
            errors.append("cannot save %s from %s" % (name, path))
    if errors:
        errors.append("answer: %d %s" % (status, text[:400]))
    return errors


def check_sql(case, db, values):
    errors = []
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        for query, want in substitute(case.get("sql", []), values):
            row = con.execute(query).fetchone()
            got = row[0] if row else None
            if got != want:
                errors.append("sql %s = %r, expected %r" % (query, got,
                                                            want))
    finally:
        con.close()
    return errors


def run_case(case, port, sessions, values, db):
    path = substitute(case["path"], values)
    if "query" in case:
        path += "?" + urllib.parse.urlencode(substitute(case["query"],
                                                        values))
    body, ctype = build_body(case, values)
    headers = substitute(case.get("headers", {}), values)
    if ctype and "Content-Type" not in headers:
        headers["Content-Type"] = ctype
    session = sessions.get(case.get("as", "none"))
    for _ in range(case.get("repeat", 1)):
        status, hd, data = request(port, case.get("method", "GET"), path,
                                   body, headers, session,
                                   case.get("csrf", True))
    return (check(case, status, hd, data, values) +
            check_sql(case, db, values) + db_traces(case, db, values))


def db_traces(case, db, values):
    """The strings of "db_not_contains" found in the database's files."""
    errors = []
    for suffix in ("", "-wal", "-shm"):
        if not os.path.exists(db + suffix):
            continue
        with open(db + suffix, "rb") as f:
            data = f.read()
        for s in as_list(substitute(case.get("db_not_contains", []),
                                    values)):
            if s.encode() in data:
                errors.append("%s%s holds %r" % (
                    os.path.basename(db), suffix, s))
    return errors


def openapi_coverage(port, sessions):
    """Every documented path answers something other than 404 no_route
    (with made-up parameters); undocumented paths answer 404 no_route."""
    errors = []
    st, _, data = request(port, "GET", "/api/openapi.json")
    doc = json.loads(data)
    if doc.get("openapi") != "3.0.3" or len(doc["paths"]) < 10:
        errors.append("not an OpenAPI 3.0.3 document of the routes")
    admin = sessions["admin"]
    for path, item in doc["paths"].items():
        concrete = re.sub(r"\{entity\}", "hazard", path)
        concrete = re.sub(r"\{uuid\}", "00000000-0000-4000-8000-000000000000",
                          concrete)
        for method in item:
            st, _, data = request(port, method.upper(), concrete, b"{}",
                                  {"Content-Type": "application/json"},
                                  admin)
            if st == 404 and b'"no_route"' in data:
                errors.append("%s %s: no route" % (method, path))
            if st >= 500:
                errors.append("%s %s: %d" % (method, path, st))
    for path in ("/api/nothing", "/api/records", "/api/records/hazard/x/y/z",
                 "/api/reports/unknown", "/api/", "/api/openapi.yaml"):
        st, _, data = request(port, "GET", path, session=admin)
        if st != 404 or b'"no_route"' not in data:
            errors.append("GET %s: %d, expected 404 no_route" % (path, st))
    return errors


def main():
    global MAIS
    if len(sys.argv) < 3:
        sys.exit("usage: http_cases.py MAIS CASESDIR [NAME...]")
    MAIS = os.path.abspath(sys.argv[1])
    cases_dir = sys.argv[2]
    only = sys.argv[3:]
    names = sorted(n for n in os.listdir(cases_dir) if n.endswith(".json"))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    passed = failed = 0
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="mais-http-") as work:
        os.mkdir(os.path.join(work, "web"))
        with open(os.path.join(work, "web", "index.html"), "w") as f:
            f.write("<!doctype html><title>mais</title>MAIS-INDEX\n")
        with open(os.path.join(work, "web", "app.js"), "w") as f:
            f.write("console.log('mais');\n")
        with open(os.path.join(work, "secret.txt"), "w") as f:
            f.write("OUTSIDE-THE-WEB-DIR\n")
        os.symlink(os.path.join(work, "secret.txt"),
                   os.path.join(work, "web", "link.txt"))
        db, passwords, values = seed(work)
        server = Server(db, work)
        try:
            sessions = {"none": None}
            for user, pw in passwords.items():
                sessions[user] = login(server.port, user, pw,
                                       user != "fresh")
            st, _, data = request(server.port, "POST", "/api/tokens", b"",
                                  None, sessions["admin"])
            sessions["bearer"] = Session(bearer=json.loads(data)["token"])
            for name in names:
                with open(os.path.join(cases_dir, name)) as f:
                    case = json.load(f)
                try:
                    errors = run_case(case, server.port, sessions, values, db)
                except Exception as e:  # a crash of the server, a timeout
                    errors = ["%s: %s" % (type(e).__name__, e)]
                if errors:
                    failed += 1
                    print("FAIL %s\n  %s" % (name, "\n  ".join(errors)))
                else:
                    passed += 1
                    print("ok   %s" % name)
            if not only:
                errors = openapi_coverage(server.port, sessions)
                if errors:
                    failed += 1
                    print("FAIL openapi-coverage\n  " + "\n  ".join(errors))
                else:
                    passed += 1
                    print("ok   openapi-coverage")
        finally:
            rc = server.stop()
        if rc != 0:
            failed += 1
            print("FAIL server exit %d" % rc)
        with open(os.path.join(work, "serve.err")) as f:
            log = f.read()
        if "ERROR" in log or "runtime error" in log or "Sanitizer" in log:
            failed += 1
            print("FAIL server log:\n" + log[-3000:])
        chk = mais("check", db, check=False)
        if chk.returncode != 0:
            failed += 1
            print("FAIL mais check: exit %d\n%s%s" % (
                chk.returncode, chk.stdout[-2000:], chk.stderr[-2000:]))
    print("http cases: %d passed, %d failed (%.1f s)" % (
        passed, failed, time.time() - started))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
