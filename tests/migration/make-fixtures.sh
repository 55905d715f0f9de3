#!/bin/sh
# make-fixtures.sh — the databases of older schema versions that
# migration.py opens with this build, each made by the mais of the main
# of its time built from this repository's history in a scratch
# directory:
#
#   schema-v1.gpkg.gz             (commit c7b2918, schema 1)
#                                 organisations, users (admin, operator),
#                                 a hazard and a release: migrates
#   schema-v1-case-clash.gpkg.gz  users admin, Admin and ADMIN (allowed
#                                 then): the migration must refuse,
#                                 naming them, and merge nothing
#   schema-v2.gpkg.gz             (commit 1a1859a, schema 2) the same
#                                 records and users as schema-v1: its
#                                 users get a number format (schema 3)
#
# Usage: tests/migration/make-fixtures.sh [v1|v2|all]   (from the
# repository; takes a few minutes: it builds the old mais of each, unless
# OLD_MAIS and OLD_MAIS_V2 name ones built from those commits already).
# The files are committed, gzipped; remaking one changes its bytes (new
# UUIDs and times), so make only the one that is new.
set -eu
COMMIT=c7b2918
COMMIT_V2=1a1859a
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d /tmp/mais-v1-XXXXXX)
trap 'rm -rf "$scratch"' EXIT

build_old() { # COMMIT: prints the path of the mais built from it
	mkdir -p "$scratch/$1"
	git -C "$repo" archive "$1" | tar -x -C "$scratch/$1"
	cmake -S "$scratch/$1" -B "$scratch/$1/build" \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$scratch/$1/build" -j"$(nproc)" --target mais-cli \
		>/dev/null
	echo "$scratch/$1/build/mais"
}

make_db() { # MAIS DB: init, organisations, a hazard and its release
	m=$1
	"$m" init "$2" --prefix V1 >/dev/null
	printf 'org_type,name\nauthority,National Agency\noperator_ngo,Operator A\n' \
		>"$scratch/orgs.csv"
	"$m" import "$2" "$scratch/orgs.csv" --as organisation \
		--map org_type=org_type --map name=name >/dev/null
	cat >"$scratch/hz.geojson" <<'JSON'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"Alpha"},"geometry":{"type":"Polygon","coordinates":[[[44,40],[44.01,40],[44.01,40.01],[44,40.01],[44,40]]]}}]}
JSON
	"$m" import "$2" "$scratch/hz.geojson" --as hazard --map name=n \
		--set hazard_class=sha --set hazard_status=active >/dev/null
	"$m" user add "$2" admin --role sys_admin >/dev/null
	"$m" user add "$2" operator --org V1-ORG-000002 \
		--role data_entry >/dev/null
}

pack() { # NAME...: the databases gzipped next to this script
	for f in "$@"; do
		sqlite3 "$scratch/$f.gpkg" 'VACUUM'
		gzip -9 -n -c "$scratch/$f.gpkg" >"$here/$f.gpkg.gz"
		echo "made $here/$f.gpkg.gz"
	done
}

case ${1:-all} in v1 | all)
	old=${OLD_MAIS:-$(build_old "$COMMIT")}
	make_db "$old" "$scratch/schema-v1.gpkg"
	make_db "$old" "$scratch/schema-v1-case-clash.gpkg"
	"$old" user add "$scratch/schema-v1-case-clash.gpkg" Admin \
		--org V1-ORG-000001 --role viewer >/dev/null
	"$old" user add "$scratch/schema-v1-case-clash.gpkg" ADMIN \
		--org V1-ORG-000001 --role viewer >/dev/null
	pack schema-v1 schema-v1-case-clash
	;;
esac
case ${1:-all} in v2 | all)
	old_v2=${OLD_MAIS_V2:-$(build_old "$COMMIT_V2")}
	make_db "$old_v2" "$scratch/schema-v2.gpkg"
	pack schema-v2
	;;
esac
