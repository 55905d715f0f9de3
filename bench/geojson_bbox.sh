#!/bin/sh
# geojson_bbox.sh — load test of the map layer GET /api/geojson/hazard?bbox=
# of `mais serve` (wrk, bench/geojson_bbox.lua) on a database with the BiH
# cantons, suspected areas and cleared areas, side by side with the same
# FeatureCollection built by PostGIS from the same hazards (pgbench,
# bench/geojson_bbox.sql), at 1, 8 and 64 connections; both draw their
# bounding boxes from one fixed list of 50 boxes of 0.1 x 0.1 degree
# spread over BiH's extent.  Checks first that both give the same number of
# features for every box.  Run by hand (never by CI); see bench/README.md.
#
#   bench/geojson_bbox.sh
#
# Environment: MAIS (default build/mais), MAIS_REAL_DATA (default
# ../shared/real-data), OUT (default a new directory in /tmp, kept),
# DURATION (seconds per run, default 15), CONNS (default "1 8 64"),
# PGPORT_BENCH (port of the throwaway PostgreSQL cluster, default 54331),
# SEED (of the list of boxes, default 20261129).  Everything listens on
# 127.0.0.1 only; the server and the cluster are stopped on exit.  Needs
# wrk (apt-get install wrk), pgbench and psql, PostgreSQL with PostGIS 3,
# ogr2ogr and Python 3 (standard library: it logs in and checks counts).
#
# Writes $OUT/summary.txt (the table), $OUT/summary.json, $OUT/counts.txt
# (features per box, mais and PostGIS), wrk's and pgbench's outputs and
# pgbench's per-transaction logs.  Exits 1 if a box's feature counts
# differ.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MAIS=$(realpath "${MAIS:-$ROOT/build/mais}")
DATA=$(realpath "${MAIS_REAL_DATA:-$ROOT/../shared/real-data}")
OUT=$(realpath -m "${OUT:-$(mktemp -d /tmp/mais-bench-geojson.XXXXXX)}")
DURATION=${DURATION:-15}
CONNS=${CONNS:-1 8 64}
PORT=${PGPORT_BENCH:-54331}
SEED=${SEED:-20261129}
NBOXES=50
mkdir -p "$OUT"
BIH=$DATA/bih
LUA=$ROOT/bench/geojson_bbox.lua
SQL=$ROOT/bench/geojson_bbox.sql
for f in "$MAIS" "$BIH/suspect_areas_simplyfied.geojson" \
	"$BIH/cleared_areas_simplyfied.geojson" \
	"$BIH/geoBoundaries-BIH-ADM2.geojson"; do
	[ -e "$f" ] || { echo "geojson_bbox.sh: missing $f" >&2; exit 2; }
done
for t in wrk pgbench psql ogr2ogr python3; do
	command -v $t >/dev/null 2>&1 ||
		{ echo "geojson_bbox.sh: $t not found" >&2; exit 2; }
done

# --- Stop what we start, whatever happens ----------------------------------
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PGDIR=$OUT/pg
SERVE_PID=
PG_STARTED=
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
	if [ -n "$SERVE_PID" ]; then
		kill "$SERVE_PID" 2>/dev/null || :
		wait "$SERVE_PID" 2>/dev/null || :
	fi
	if [ -n "$PG_STARTED" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null || :
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The fixed list of boxes ------------------------------------------------
# 50 boxes of 0.1 x 0.1 degree, lower-left corner uniform in BiH's extent
# (15.7-19.7 E, 42.5-45.3 N), Python's random.Random(SEED), 4 decimals.
BOXES=$OUT/boxes.csv
python3 - "$SEED" "$NBOXES" >"$BOXES" <<'EOF'
import random, sys
r = random.Random(int(sys.argv[1]))
for i in range(1, int(sys.argv[2]) + 1):
    x, y = r.uniform(15.7, 19.6), r.uniform(42.5, 45.2)
    print(f"{i},{x:.4f},{y:.4f},{x + 0.1:.4f},{y + 0.1:.4f}")
EOF

# --- mais: the database, a user, the server, a bearer token ----------------
DB=$OUT/bih.gpkg
rm -f "$DB" "$DB"-*
"$MAIS" init "$DB" >/dev/null
imp() { "$MAIS" import "$DB" "$1" --profile "$ROOT/profiles/$2" --format json \
	>"$OUT/import-$2" || [ $? -eq 3 ]; }
imp "$BIH/geoBoundaries-BIH-ADM2.geojson" bih-cantons.json
imp "$BIH/suspect_areas_simplyfied.geojson" bih-suspect-areas.json
imp "$BIH/cleared_areas_simplyfied.geojson" bih-cleared-areas.json
python3 - "$OUT/import-bih-suspect-areas.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert (s["read"], s["stored"]) == (11068, 7971), s
EOF
OTP=$("$MAIS" user add "$DB" admin --role sys_admin |
	sed -n 's/^one-time password for admin: //p')
[ -n "$OTP" ] || { echo "geojson_bbox.sh: no one-time password" >&2; exit 1; }

"$MAIS" serve "$DB" --listen 127.0.0.1:0 >"$OUT/serve.log" 2>&1 &
SERVE_PID=$!
URL=
i=0
while [ -z "$URL" ] && [ $i -lt 100 ]; do
	kill -0 "$SERVE_PID" 2>/dev/null ||
		{ echo "geojson_bbox.sh: mais serve exited" >&2; cat "$OUT/serve.log" >&2; exit 1; }
	URL=$(sed -n 's|^mais serve: \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$OUT/serve.log")
	[ -n "$URL" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$URL" ] || { echo "geojson_bbox.sh: no URL from mais serve" >&2; exit 1; }
echo "mais serve: $URL (pid $SERVE_PID)"

# Log in with the one-time password, change it, ask for a bearer token.
TOKEN=$(python3 - "$URL" "$OTP" <<'EOF'
import http.cookiejar, json, sys, urllib.request
url, otp = sys.argv[1], sys.argv[2]
op = urllib.request.build_opener(
    urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
def post(path, body, csrf=None):
    h = {"Content-Type": "application/json"}
    if csrf:
        h["X-CSRF-Token"] = csrf
    req = urllib.request.Request(url + path, json.dumps(body).encode(), h,
                                 method="POST")
    with op.open(req) as r:
        data = r.read()
        return r.status, (json.loads(data) if data else None)
st, me = post("/api/login", {"username": "admin", "password": otp})
assert st == 200 and me["must_change_password"], (st, me)
new = "bench-geojson-bbox-1"
st, _ = post("/api/password", {"old_password": otp, "new_password": new},
             me["csrf_token"])
assert st == 204, st
st, me = post("/api/login", {"username": "admin", "password": new})
assert st == 200 and not me["user"]["must_change_password"], (st, me)
st, tok = post("/api/tokens", {}, me["csrf_token"])
assert st == 201, st
print(tok["token"])
EOF
)

# --- PostGIS: a throwaway cluster with the same hazards --------------------
rm -rf "$PGDIR"
mkdir -p "$PGDIR/sock"
[ "$(id -u)" = 0 ] && chown -R postgres "$PGDIR"
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres >"$OUT/initdb.log"
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
	-o "-p $PORT -k $PGDIR/sock -c listen_addresses=127.0.0.1" start >/dev/null
PG_STARTED=1
psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE bih"
PG="host=127.0.0.1 port=$PORT user=postgres dbname=bih"
psql -X -q -d "$PG" -c "CREATE EXTENSION postgis"
PGVERSION=$(psql -X -q -At -d "$PG" -c "SELECT postgis_full_version()")
echo "PostGIS: $PGVERSION"
ogr2ogr -f PostgreSQL PG:"$PG" "$BIH/suspect_areas_simplyfied.geojson" \
	-nln suspect -lco GEOMETRY_NAME=geom -lco FID=fid -nlt PROMOTE_TO_MULTI
# The rows mais stores: null and empty geometries left out, invalid ones
# repaired (ST_MakeValid, linework, as GEOS MakeValid in mais), polygonal
# part kept.
psql -X -q -v ON_ERROR_STOP=1 -d "$PG" <<EOF
CREATE TABLE hazard AS
  SELECT fid, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))::geometry(MultiPolygon, 4326) AS geom
  FROM suspect WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom);
DELETE FROM hazard WHERE ST_IsEmpty(geom);
ALTER TABLE hazard ADD PRIMARY KEY (fid);
CREATE INDEX hazard_geom ON hazard USING gist (geom);
CREATE TABLE bbox_list (i int PRIMARY KEY, minx float8, miny float8,
                        maxx float8, maxy float8);
\copy bbox_list FROM '$BOXES' WITH (FORMAT csv)
VACUUM ANALYZE hazard;
ANALYZE bbox_list;
EOF
N=$(psql -X -q -At -d "$PG" -c "SELECT count(*) FROM hazard")
[ "$N" = 7971 ] || { echo "geojson_bbox.sh: $N hazards in PostGIS, not 7971" >&2; exit 1; }
psql -X -q -d "$PG" -c "EXPLAIN (ANALYZE, BUFFERS) $(sed -e '/^--/d' \
	-e '/^\\/d' -e 's/:i/7/' "$SQL")" >"$OUT/explain.txt"

# --- Same features for every box --------------------------------------------
psql -X -q -At -F , -d "$PG" >"$OUT/postgis_counts.csv" <<'EOF'
SELECT b.i, count(h.fid),
       length(COALESCE((SELECT json_build_object('type', 'FeatureCollection', 'features',
                 COALESCE(json_agg(ST_AsGeoJSON(t.*)::json), '[]'::json))
               FROM (SELECT fid, geom FROM hazard
                     WHERE geom && ST_MakeEnvelope(b.minx, b.miny, b.maxx, b.maxy, 4326)
                     LIMIT 5000) t)::text, ''))
FROM bbox_list b
LEFT JOIN hazard h ON h.geom && ST_MakeEnvelope(b.minx, b.miny, b.maxx, b.maxy, 4326)
GROUP BY b.i, b.minx, b.miny, b.maxx, b.maxy ORDER BY b.i;
EOF
COUNTS_OK=0
python3 - "$URL" "$TOKEN" "$BOXES" "$OUT/postgis_counts.csv" \
	"$OUT/counts.json" >"$OUT/counts.txt" <<'EOF' || COUNTS_OK=1
import json, statistics, sys, urllib.request
url, token, boxes, pgfile, out = sys.argv[1:]
pg = {}
for line in open(pgfile):
    i, n, size = line.strip().split(",")
    pg[int(i)] = (int(n), int(size))
rows, bad = [], 0
print(f"{'box':>4} {'bbox':<34}{'mais':>6}{'PostGIS':>9}"
      f"{'mais bytes':>12}{'PostGIS bytes':>15}")
for line in open(boxes):
    i, *b = line.strip().split(",")
    i = int(i)
    req = urllib.request.Request(
        f"{url}/api/geojson/hazard?bbox={','.join(b)}",
        headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as r:
        body = r.read()
    d = json.loads(body)
    n, (pn, psize) = len(d["features"]), pg[i]
    bad += n != pn or d["total"] != n
    rows.append({"box": i, "bbox": b, "mais": n, "postgis": pn,
                 "mais_bytes": len(body), "postgis_bytes": psize})
    print(f"{i:4} {','.join(b):<34}{n:6}{pn:9}{len(body):12}{psize:15}"
          + ("" if n == pn else "  DIFFERENT"))
m = [r["mais"] for r in rows]
print(f"features per box: total {sum(m)}, median {statistics.median(m)}, "
      f"max {max(m)}, empty boxes {sum(1 for x in m if x == 0)} of {len(m)}")
print(f"mean response: mais {statistics.mean(r['mais_bytes'] for r in rows):.0f} "
      f"bytes, PostGIS {statistics.mean(r['postgis_bytes'] for r in rows):.0f} bytes")
print("feature counts: " + ("all equal" if not bad else f"{bad} boxes DIFFER"))
json.dump(rows, open(out, "w"), indent=1)
sys.exit(1 if bad else 0)
EOF
cat "$OUT/counts.txt"

# --- Load --------------------------------------------------------------------
# One warm-up run of each, not counted; then, per number of connections,
# wrk against mais and pgbench against PostGIS, one after the other.
# wrk needs at least one connection per thread: -t 1 at 1 connection.
run_wrk() { # N SECONDS LOG
	BOXES=$BOXES TOKEN=$TOKEN wrk -t "$(($1 < 2 ? $1 : 2))" -c "$1" \
		-d "$2s" --latency -s "$LUA" "$URL/api/geojson/hazard" >"$3"
}
run_pgbench() { # N SECONDS LOG [LOG-PREFIX]
	pgbench -n -M prepared -f "$SQL" -D NBOXES=$NBOXES -c "$1" \
		-j "$(($1 < 2 ? $1 : 2))" -T "$2" -r \
		${4:+--log --log-prefix="$4"} -h 127.0.0.1 -p "$PORT" \
		-U postgres bih >"$3" 2>&1
}
run_wrk 8 3 "$OUT/warmup_wrk.txt"
run_pgbench 8 3 "$OUT/warmup_pgbench.txt"
for c in $CONNS; do
	echo "connections $c: mais (wrk, ${DURATION}s)"
	run_wrk "$c" "$DURATION" "$OUT/wrk_c$c.txt"
	grep '^WRK ' "$OUT/wrk_c$c.txt"
	echo "connections $c: PostGIS (pgbench, ${DURATION}s)"
	rm -f "$OUT/pgbench_c$c".*
	run_pgbench "$c" "$DURATION" "$OUT/pgbench_c$c.txt" "$OUT/pgbench_c$c"
	grep -E '^(tps|latency average|number of (failed|transactions))' \
		"$OUT/pgbench_c$c.txt" || :
done

python3 - "$OUT" "$CONNS" "$PGVERSION" <<'EOF' | tee "$OUT/summary.txt"
import glob, json, re, sys
out, conns, pgversion = sys.argv[1], sys.argv[2].split(), sys.argv[3]
def pct(xs, p):  # nearest rank
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, -(-p * len(xs) // 100) - 1))]
res = {}
for c in conns:
    w = None
    for line in open(f"{out}/wrk_c{c}.txt"):
        if line.startswith("WRK "):
            w = json.loads(line[4:])
    text = open(f"{out}/pgbench_c{c}.txt").read()
    tps = float(re.search(r"tps = ([0-9.]+) \(without initial", text).group(1))
    lat = []
    for f in glob.glob(f"{out}/pgbench_c{c}.*"):
        if f.endswith(".txt"):
            continue
        for line in open(f):
            lat.append(int(line.split()[2]))
    nerr = sum(w["errors"].values())
    res[c] = {"mais": {"rps": w["rps"], "p50_ms": w["p50_us"] / 1e3,
                       "p99_ms": w["p99_us"] / 1e3, "requests": w["requests"],
                       "errors": w["errors"],
                       "bytes_per_response": w["bytes"] / max(1, w["requests"])},
              "postgis": {"tps": tps, "p50_ms": pct(lat, 50) / 1e3,
                          "p99_ms": pct(lat, 99) / 1e3,
                          "transactions": len(lat)}}
print(f"{'conns':>5} | {'mais req/s':>10} {'p50 ms':>8} {'p99 ms':>8} | "
      f"{'PostGIS tps':>11} {'p50 ms':>8} {'p99 ms':>8} | {'rps mais/PG':>11}")
for c in conns:
    m, p = res[c]["mais"], res[c]["postgis"]
    err = sum(m["errors"].values())
    print(f"{c:>5} | {m['rps']:10.0f} {m['p50_ms']:8.2f} {m['p99_ms']:8.2f} | "
          f"{p['tps']:11.0f} {p['p50_ms']:8.2f} {p['p99_ms']:8.2f} | "
          f"{m['rps'] / p['tps']:11.2f}" + (f"  ({err} wrk errors)" if err else ""))
json.dump({"postgis_version": pgversion, "results": res},
          open(f"{out}/summary.json", "w"), indent=1)
EOF
echo "results in $OUT"
exit $COUNTS_OK
