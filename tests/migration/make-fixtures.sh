#!/bin/sh
# make-fixtures.sh — the databases of earlier schema versions that
# migration.py opens with this build, each made by the mais of the main
# that wrote that version, built from this repository's history in a
# scratch directory:
#
#   schema 1, mais c7b2918:
#   schema-v1.gpkg.gz             organisations, users (admin, operator),
#                                 a hazard and a release: migrates
#   schema-v1-case-clash.gpkg.gz  users admin, Admin and ADMIN (allowed
#                                 then): the migration must refuse,
#                                 naming them, and merge nothing
#   schema 2, mais 0364d07:
#   schema-v2.gpkg.gz             as schema-v1, and an accident with
#                                 three victims of age bands age_0_9,
#                                 age_18_45 and unknown: migrates to the
#                                 age bands of schema 3 (child, adult)
#
# Usage: tests/migration/make-fixtures.sh [v1|v2|all]   (from the
# repository; default all; takes a few minutes a version: it builds the
# old mais, unless OLD_MAIS_V1 / OLD_MAIS_V2 name one built from that
# commit already).  The files are committed, gzipped.
set -eu
which=${1:-all}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d /tmp/mais-fixtures-XXXXXX)
trap 'rm -rf "$scratch"' EXIT

build_old() { # COMMIT: prints the path of its mais
	git -C "$repo" archive "$1" | (mkdir -p "$scratch/$1" &&
		tar -x -C "$scratch/$1")
	cmake -S "$scratch/$1" -B "$scratch/$1/build" \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$scratch/$1/build" -j"$(nproc)" --target mais-cli \
		>/dev/null
	echo "$scratch/$1/build/mais"
}

make_db() { # OLD DB PREFIX: init, organisations, a hazard, users
	"$1" init "$2" --prefix "$3" >/dev/null
	printf 'org_type,name\nauthority,National Agency\noperator_ngo,Operator A\n' \
		>"$scratch/orgs.csv"
	"$1" import "$2" "$scratch/orgs.csv" --as organisation \
		--map org_type=org_type --map name=name >/dev/null
	cat >"$scratch/hz.geojson" <<'JSON'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"Alpha"},"geometry":{"type":"Polygon","coordinates":[[[44,40],[44.01,40],[44.01,40.01],[44,40.01],[44,40]]]}}]}
JSON
	"$1" import "$2" "$scratch/hz.geojson" --as hazard --map name=n \
		--set hazard_class=sha --set hazard_status=active >/dev/null
	"$1" user add "$2" admin --role sys_admin >/dev/null
	"$1" user add "$2" operator --org "$3-ORG-000002" \
		--role data_entry >/dev/null
}

pack() { # NAME: the scratch database, vacuumed and gzipped here
	sqlite3 "$scratch/$1.gpkg" 'VACUUM'
	gzip -9 -n -c "$scratch/$1.gpkg" >"$here/$1.gpkg.gz"
	echo "made $here/$1.gpkg.gz"
}

if [ "$which" = v1 ] || [ "$which" = all ]; then
	old=${OLD_MAIS_V1:-$(build_old c7b2918)}
	make_db "$old" "$scratch/schema-v1.gpkg" V1
	make_db "$old" "$scratch/schema-v1-case-clash.gpkg" V1
	"$old" user add "$scratch/schema-v1-case-clash.gpkg" Admin \
		--org V1-ORG-000001 --role viewer >/dev/null
	"$old" user add "$scratch/schema-v1-case-clash.gpkg" ADMIN \
		--org V1-ORG-000001 --role viewer >/dev/null
	pack schema-v1
	pack schema-v1-case-clash
fi
if [ "$which" = v2 ] || [ "$which" = all ]; then
	old=${OLD_MAIS_V2:-$(build_old 0364d07)}
	make_db "$old" "$scratch/schema-v2.gpkg" V2
	printf 'place,lon,lat\nAlpha road,44.005,40.005\n' >"$scratch/acc.csv"
	"$old" import "$scratch/schema-v2.gpkg" "$scratch/acc.csv" \
		--as accident --map source=place \
		--set accident_date=2021-05-04 >/dev/null
	acc=$(sqlite3 "$scratch/schema-v2.gpkg" 'SELECT uuid FROM accident')
	printf 'band,outcome\nage_0_9,injured\nage_18_45,killed\nunknown,injured\n' \
		>"$scratch/vic.csv"
	"$old" import "$scratch/schema-v2.gpkg" "$scratch/vic.csv" \
		--as victim --map age_band=band --map outcome=outcome \
		--set accident_uuid="$acc" >/dev/null
	pack schema-v2
fi
