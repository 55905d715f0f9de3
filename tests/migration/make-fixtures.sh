#!/bin/sh
# make-fixtures.sh — the databases of schema version 1 that
# migration.py opens with this build, made by the mais of the previous
# main (commit c7b2918, schema 1) built from this repository's history
# in a scratch directory:
#
#   schema-v1.gpkg.gz             organisations, users (admin, operator),
#                                 a hazard and a release: migrates
#   schema-v1-case-clash.gpkg.gz  users admin, Admin and ADMIN (allowed
#                                 then): the migration must refuse,
#                                 naming them, and merge nothing
#
# Usage: tests/migration/make-fixtures.sh   (from the repository; takes a
# few minutes: it builds the old mais, unless OLD_MAIS names one built
# from that commit already).  The files are committed, gzipped.
set -eu
COMMIT=c7b2918
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d /tmp/mais-v1-XXXXXX)
trap 'rm -rf "$scratch"' EXIT

if [ -n "${OLD_MAIS:-}" ]; then
	old=$OLD_MAIS
else
	git -C "$repo" archive "$COMMIT" | tar -x -C "$scratch"
	cmake -S "$scratch" -B "$scratch/build" \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$scratch/build" -j"$(nproc)" --target mais-cli \
		>/dev/null
	old="$scratch/build/mais"
fi

make_db() { # DB: init, organisations, a hazard and its release
	"$old" init "$1" --prefix V1 >/dev/null
	printf 'org_type,name\nauthority,National Agency\noperator_ngo,Operator A\n' \
		>"$scratch/orgs.csv"
	"$old" import "$1" "$scratch/orgs.csv" --as organisation \
		--map org_type=org_type --map name=name >/dev/null
	cat >"$scratch/hz.geojson" <<'JSON'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"Alpha"},"geometry":{"type":"Polygon","coordinates":[[[44,40],[44.01,40],[44.01,40.01],[44,40.01],[44,40]]]}}]}
JSON
	"$old" import "$1" "$scratch/hz.geojson" --as hazard --map name=n \
		--set hazard_class=sha --set hazard_status=active >/dev/null
	"$old" user add "$1" admin --role sys_admin >/dev/null
	"$old" user add "$1" operator --org V1-ORG-000002 \
		--role data_entry >/dev/null
}

make_db "$scratch/schema-v1.gpkg"
make_db "$scratch/schema-v1-case-clash.gpkg"
"$old" user add "$scratch/schema-v1-case-clash.gpkg" Admin \
	--org V1-ORG-000001 --role viewer >/dev/null
"$old" user add "$scratch/schema-v1-case-clash.gpkg" ADMIN \
	--org V1-ORG-000001 --role viewer >/dev/null
for f in schema-v1 schema-v1-case-clash; do
	sqlite3 "$scratch/$f.gpkg" 'VACUUM'
	gzip -9 -n -c "$scratch/$f.gpkg" >"$here/$f.gpkg.gz"
done
echo "made $here/schema-v1.gpkg.gz and schema-v1-case-clash.gpkg.gz" \
	"with mais $COMMIT"
