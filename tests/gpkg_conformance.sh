#!/bin/sh
# gpkg_conformance.sh MAIS FILL_DB — a database that mais writes, read by
# peer tools: `ogrinfo` must list every table with no warning or error and
# report EPSG:4326 for each feature table, and GDAL's validate_gpkg.py
# must pass on a database holding one record of every entity.
set -eu
mais=$1
fill_db=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. an empty database, as `mais init` makes it
"$mais" init "$dir/empty.gpkg" >/dev/null
ogrinfo -q "$dir/empty.gpkg" >"$dir/list.txt" 2>"$dir/err.txt"
[ ! -s "$dir/err.txt" ] || fail "ogrinfo wrote to stderr: $(cat "$dir/err.txt")"
n_tables=$(sqlite3 "$dir/empty.gpkg" "SELECT count(*) FROM gpkg_contents")
n_listed=$(grep -c '^[0-9]*: ' "$dir/list.txt")
[ "$n_tables" -eq "$n_listed" ] ||
	fail "ogrinfo lists $n_listed layers, gpkg_contents has $n_tables"
echo "ogrinfo lists all $n_listed tables, no warning"

# 2. every feature table is EPSG:4326 to GDAL
for t in $(sqlite3 "$dir/empty.gpkg" \
	"SELECT table_name FROM gpkg_geometry_columns ORDER BY 1"); do
	ogrinfo -so "$dir/empty.gpkg" "$t" 2>"$dir/err.txt" |
		grep -q 'ID\["EPSG",4326\]' || fail "$t: not EPSG:4326 to ogrinfo"
	[ ! -s "$dir/err.txt" ] || fail "$t: $(cat "$dir/err.txt")"
done
echo "every feature table is EPSG:4326"

# 3. a database with one record of every entity
"$fill_db" "$dir/full.gpkg"
ogrinfo -al -so "$dir/full.gpkg" >/dev/null 2>"$dir/err.txt"
[ ! -s "$dir/err.txt" ] || fail "ogrinfo -al: $(cat "$dir/err.txt")"
empty=$(for t in $(sqlite3 "$dir/full.gpkg" \
	"SELECT table_name FROM gpkg_contents WHERE table_name NOT LIKE 'code_%'
	 AND table_name NOT IN ('mais_user', 'mais_user_role', 'mais_session', 'mais_flag',
	 'mais_import_feature')"); do
	[ "$(sqlite3 "$dir/full.gpkg" "SELECT count(*) FROM \"$t\"")" -gt 0 ] ||
		echo "$t"
done)
[ -z "$empty" ] || fail "tables left empty by fill_db: $empty"
validator=/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py
/usr/bin/python3 "$validator" "$dir/full.gpkg" >"$dir/val.txt" 2>&1 ||
	fail "validate_gpkg.py: $(cat "$dir/val.txt")"
! grep -qi 'warning\|error' "$dir/val.txt" ||
	fail "validate_gpkg.py: $(cat "$dir/val.txt")"
echo "validate_gpkg.py passes on a database with every entity"

# 4. mais check agrees
"$mais" check "$dir/full.gpkg" >"$dir/check.txt" ||
	fail "mais check: $(cat "$dir/check.txt")"
echo "mais check: $(tail -n 1 "$dir/check.txt")"
