#!/bin/sh
# report_bih.sh — times `mais report land-release DB --by admin --format
# json` on a database with the BiH cantons, suspected areas and cleared
# areas, side by side with the same per-canton computation in PostGIS
# (bench/report_bih.sql on the same three files loaded by ogr2ogr), and
# compares the per-canton dissolved hazard and cleared areas of the two.
# Run by hand (never by CI); see bench/README.md.
#
#   bench/report_bih.sh [RUNS]
#
# Environment: MAIS (default build/mais), MAIS_REAL_DATA (default
# ../shared/real-data), OUT (default a new directory in /tmp, kept), PG (a
# libpq connection string to a PostGIS database the script may fill with
# the tables cantons, suspect and cleared; default: a throwaway
# PostgreSQL cluster in $OUT, started on a private port and socket and
# stopped at the end — as root through runuser -u postgres), PGPORT_BENCH
# (its port, default 54329), NO_HYPERFINE (time with a loop instead).
#
# Writes $OUT/compare.txt (per-canton relative differences) and
# $OUT/bih_cantons_postgis.json (the PostGIS values in the format of
# tests/real/bih_cantons_postgis.json).  Exits 1 if a canton differs by
# more than 0.5%.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-10}
MAIS=$(realpath "${MAIS:-$ROOT/build/mais}")
DATA=$(realpath "${MAIS_REAL_DATA:-$ROOT/../shared/real-data}")
OUT=$(realpath -m "${OUT:-$(mktemp -d /tmp/mais-bench-report.XXXXXX)}")
mkdir -p "$OUT"
BIH=$DATA/bih
SQL=$ROOT/bench/report_bih.sql
for f in "$MAIS" "$BIH/suspect_areas_simplyfied.geojson" \
	"$BIH/cleared_areas_simplyfied.geojson" \
	"$BIH/geoBoundaries-BIH-ADM2.geojson"; do
	[ -e "$f" ] || { echo "report_bih.sh: missing $f" >&2; exit 2; }
done

# --- PostgreSQL: given, or a throwaway cluster ---------------------------
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "${PG:-}" ]; then
	as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
	PGDIR=$OUT/pg
	PORT=${PGPORT_BENCH:-54329}
	rm -rf "$PGDIR"
	mkdir -p "$PGDIR/sock"
	[ "$(id -u)" = 0 ] && chown -R postgres "$PGDIR"
	as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres >"$OUT/initdb.log"
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
		-o "-p $PORT -k $PGDIR/sock -c listen_addresses=127.0.0.1" start >/dev/null
	trap 'as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null' EXIT
	psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
		-c "CREATE DATABASE bih"
	PG="host=127.0.0.1 port=$PORT user=postgres dbname=bih"
fi
psql -X -q -d "$PG" -c "CREATE EXTENSION IF NOT EXISTS postgis"
PGVERSION=$(psql -X -q -At -d "$PG" -c "SELECT postgis_full_version()")
echo "PostGIS: $PGVERSION"

# --- The same three files, in mais and in PostGIS -------------------------
DB=$OUT/bih.gpkg
rm -f "$DB"
"$MAIS" init "$DB" >/dev/null
imp() { "$MAIS" import "$DB" "$1" --profile "$ROOT/profiles/$2" >/dev/null || [ $? -eq 3 ]; }
imp "$BIH/geoBoundaries-BIH-ADM2.geojson" bih-cantons.json
imp "$BIH/suspect_areas_simplyfied.geojson" bih-suspect-areas.json
imp "$BIH/cleared_areas_simplyfied.geojson" bih-cleared-areas.json
for f in geoBoundaries-BIH-ADM2:cantons suspect_areas_simplyfied:suspect \
	cleared_areas_simplyfied:cleared; do
	ogr2ogr -f PostgreSQL PG:"$PG" "$BIH/${f%%:*}.geojson" -nln "${f##*:}" \
		-lco GEOMETRY_NAME=geom -nlt PROMOTE_TO_MULTI -overwrite
done
psql -X -q -d "$PG" -c "ANALYZE"

# --- Times ----------------------------------------------------------------
MAIS_CMD="'$MAIS' report land-release '$DB' --by admin --format json >/dev/null"
PG_CMD="psql -X -q --csv -d '$PG' -f '$SQL' >/dev/null 2>&1"
if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
	hyperfine --style basic --warmup 1 --runs "$RUNS" \
		--export-json "$OUT/hyperfine.json" \
		-n "mais report" "$MAIS_CMD" -n "PostGIS" "$PG_CMD"
	python3 - "$OUT/hyperfine.json" <<'EOF' | tee "$OUT/summary.txt"
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
m, p = r["mais report"], r["PostGIS"]
for name, x in (("mais report", m), ("PostGIS", p)):
    print(f"{name:12} median {x['median']:.3f} s  (min {x['min']:.3f}, "
          f"max {x['max']:.3f}, {len(x['times'])} runs)")
print(f"ratio mais/PostGIS (medians): {m['median'] / p['median']:.2f}")
EOF
else
	: >"$OUT/times.txt"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		for tool in mais pg; do
			[ $tool = mais ] && cmd=$MAIS_CMD || cmd=$PG_CMD
			t0=$(date +%s.%N); sh -c "$cmd"; t1=$(date +%s.%N)
			echo "$tool $t0 $t1" >>"$OUT/times.txt"
		done
		i=$((i + 1))
	done
	python3 - "$OUT/times.txt" <<'EOF' | tee "$OUT/summary.txt"
import statistics, sys
t = {"mais": [], "pg": []}
for line in open(sys.argv[1]):
    k, a, b = line.split()
    t[k].append(float(b) - float(a))
m, p = statistics.median(t["mais"]), statistics.median(t["pg"])
print(f"mais report  median {m:.3f} s ({len(t['mais'])} runs)")
print(f"PostGIS      median {p:.3f} s ({len(t['pg'])} runs)")
print(f"ratio mais/PostGIS (medians): {m / p:.2f}")
EOF
fi

# --- Values ---------------------------------------------------------------
"$MAIS" report land-release "$DB" --by admin --format json >"$OUT/mais.json"
psql -X -q --csv -d "$PG" -f "$SQL" 2>/dev/null >"$OUT/postgis.csv"
python3 - "$OUT" "$PGVERSION" "$SQL" <<'EOF'
import csv, json, os, sys
out, version, sql_path = sys.argv[1], sys.argv[2], sys.argv[3]
sql = "\n".join(l for l in open(sql_path, encoding="utf-8").read().splitlines()
                if not l.startswith("--"))
pg = {r["canton"]: r for r in csv.DictReader(open(f"{out}/postgis.csv",
                                                   encoding="utf-8"))}
rows = {r["group"]: r for r in json.load(open(f"{out}/mais.json",
                                              encoding="utf-8"))["rows"]}
lines, worst = [], 0.0
lines.append(f"{'canton':34}{'mais hazard m2':>17}{'PostGIS':>17}{'rel diff':>11}"
             f"{'mais cleared m2':>17}{'PostGIS':>15}{'rel diff':>11}")
for name in sorted(pg):
    m = dict(rows[name])
    # all cleared land: within recorded hazards and outside them
    # (docs/land-release.md); PostGIS's figure is the union of all of it
    m["cleared_m2"] = m["cleared_m2"] + m["outside_cleared_m2"]
    cells = []
    for col in ("hazard_area_m2", "cleared_m2"):
        a, b = m[col], float(pg[name][col])
        d = (a - b) / b if b else (0.0 if a == 0 else float("inf"))
        worst = max(worst, abs(d))
        cells.append((a, b, d))
    lines.append(f"{name:34}" + "".join(
        f"{a:17,.1f}{b:{17 if i == 0 else 15},.1f}{d:+11.2e}"
        for i, (a, b, d) in enumerate(cells)))
lines.append(f"largest relative difference: {worst:.2e} "
             f"({'within' if worst <= 0.005 else 'NOT within'} 0.5%)")
open(f"{out}/compare.txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
json.dump({
    "command": "ogr2ogr -f PostgreSQL PG:dbname=bih "
               "bih/{geoBoundaries-BIH-ADM2,suspect_areas_simplyfied,"
               "cleared_areas_simplyfied}.geojson -nln {cantons,suspect,"
               "cleared} -lco GEOMETRY_NAME=geom -nlt PROMOTE_TO_MULTI; "
               "psql --csv -d bih -f bench/report_bih.sql "
               "(run by bench/report_bih.sh)",
    "sql": " ".join(sql.split()),
    "postgis_version": version,
    "cantons": {n: {"hazard_area_m2": float(r["hazard_area_m2"]),
                    "cleared_m2": float(r["cleared_m2"])}
                for n, r in sorted(pg.items())},
}, open(f"{out}/bih_cantons_postgis.json", "w", encoding="utf-8"),
    indent=2, ensure_ascii=False)
sys.exit(0 if worst <= 0.005 else 1)
EOF
echo "results in $OUT"
