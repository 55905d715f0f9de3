#!/bin/sh
# import_bih.sh — times `mais import` of the 11,068 BiH suspected-area
# features into a database that already holds the 12 cantons, side by side
# with `ogr2ogr -f GPKG` of the same file, and prints the medians and their
# ratio.  Run by hand (never by CI); see bench/README.md.
#
#   bench/import_bih.sh [RUNS]
#
# Environment: MAIS (default build/mais), MAIS_REAL_DATA (default
# ../shared/real-data), OUT (default a new directory in /tmp, kept: it holds
# hyperfine's JSON and the summary).  Uses hyperfine when installed (and
# NO_HYPERFINE is not set), else a loop timed with date +%s.%N.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-10}
MAIS=$(realpath "${MAIS:-$ROOT/build/mais}")
DATA=$(realpath "${MAIS_REAL_DATA:-$ROOT/../shared/real-data}")
OUT=${OUT:-$(mktemp -d /tmp/mais-bench-import.XXXXXX)}
mkdir -p "$OUT"
BIH=$DATA/bih
SUS=$BIH/suspect_areas_simplyfied.geojson
CANTONS=$BIH/geoBoundaries-BIH-ADM2.geojson
for f in "$MAIS" "$SUS" "$CANTONS"; do
	[ -e "$f" ] || { echo "import_bih.sh: missing $f" >&2; exit 2; }
done

# The database with the cantons, copied before every timed run.
BASE=$OUT/cantons.gpkg
RUN_DB=$OUT/run.gpkg
OGR_DB=$OUT/ogr.gpkg
rm -f "$BASE"
"$MAIS" init "$BASE" >/dev/null
"$MAIS" import "$BASE" "$CANTONS" --profile "$ROOT/profiles/bih-cantons.json" \
	>/dev/null

# Exit 3 is "finished, with rejected features" (3,097 null or empty
# geometries): the normal outcome for this file.
MAIS_CMD="'$MAIS' import '$RUN_DB' '$SUS' --profile '$ROOT/profiles/bih-suspect-areas.json' --format json >/dev/null || [ \$? -eq 3 ]"
MAIS_PREP="cp '$BASE' '$RUN_DB'"
OGR_CMD="ogr2ogr -f GPKG '$OGR_DB' '$SUS'"
OGR_PREP="rm -f '$OGR_DB'"

# One run outside the timing, checked: every feature read, 7,971 stored.
sh -c "$MAIS_PREP"
"$MAIS" import "$RUN_DB" "$SUS" --profile "$ROOT/profiles/bih-suspect-areas.json" \
	--format json >"$OUT/import.json" || [ $? -eq 3 ]
python3 - "$OUT/import.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert (s["read"], s["stored"]) == (11068, 7971), s
EOF

if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
	hyperfine --style basic --warmup 1 --runs "$RUNS" \
		--export-json "$OUT/hyperfine.json" \
		--prepare "$MAIS_PREP" -n "mais import" "$MAIS_CMD" \
		--prepare "$OGR_PREP" -n "ogr2ogr -f GPKG" "$OGR_CMD"
	python3 - "$OUT/hyperfine.json" <<'EOF' | tee "$OUT/summary.txt"
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
m, o = r["mais import"], r["ogr2ogr -f GPKG"]
for name, x in (("mais import", m), ("ogr2ogr -f GPKG", o)):
    print(f"{name:16} median {x['median']:.3f} s  (min {x['min']:.3f}, "
          f"max {x['max']:.3f}, {len(x['times'])} runs)")
print(f"ratio mais/ogr2ogr (medians): {m['median'] / o['median']:.2f}")
EOF
else
	: >"$OUT/times.txt"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		for tool in mais ogr; do
			if [ $tool = mais ]; then
				sh -c "$MAIS_PREP"; cmd=$MAIS_CMD
			else
				sh -c "$OGR_PREP"; cmd=$OGR_CMD
			fi
			t0=$(date +%s.%N)
			sh -c "$cmd"
			t1=$(date +%s.%N)
			echo "$tool $t0 $t1" >>"$OUT/times.txt"
		done
		i=$((i + 1))
	done
	python3 - "$OUT/times.txt" <<'EOF' | tee "$OUT/summary.txt"
import statistics, sys
t = {"mais": [], "ogr": []}
for line in open(sys.argv[1]):
    k, a, b = line.split()
    t[k].append(float(b) - float(a))
m, o = statistics.median(t["mais"]), statistics.median(t["ogr"])
print(f"mais import      median {m:.3f} s ({len(t['mais'])} runs)")
print(f"ogr2ogr -f GPKG  median {o:.3f} s ({len(t['ogr'])} runs)")
print(f"ratio mais/ogr2ogr (medians): {m / o:.2f}")
EOF
fi
echo "results in $OUT"
