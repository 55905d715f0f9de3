#!/bin/sh
# cli_victim_erase.sh MAIS — `mais victim erase` (issue 8 item 7) through
# the CLI, as a user of the database: each refusal exits 1 (2 for a usage
# error) and leaves the database as it was (its whole SQL dump compared),
# and the erasure leaves no byte of the erased values in the file.
set -u
mais=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/v.gpkg
pass=0 fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAILED: $*"; }

run() { # run CODE DESCRIPTION -- COMMAND...
	want=$1 what=$2
	shift 3
	"$@" >"$dir/out" 2>"$dir/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		ko "$what: exit $got, want $want"
		cat "$dir/err"
	fi
}

dump() { sqlite3 "$db" .dump | md5sum; }

# a refusal: its exit code, and the database exactly as before
refused() { # refused CODE DESCRIPTION -- COMMAND...
	before=$(dump)
	run "$@"
	[ "$(dump)" = "$before" ] && ok || ko "$2: the database changed"
}

"$mais" init "$db" >/dev/null
printf 'org_type,name\nauthority,National Agency\noperator_ngo,Operator B\n' >"$dir/o.csv"
"$mais" import "$db" "$dir/o.csv" --as organisation --map org_type=org_type --map name=name >/dev/null
printf 'accident_date,accident_type\n2021-05-04,civilian\n' >"$dir/a.csv"
"$mais" import "$db" "$dir/a.csv" --as accident --map accident_date=accident_date --map accident_type=accident_type >/dev/null
acc=$(sqlite3 "$db" "SELECT uuid FROM accident")
org=$(sqlite3 "$db" "SELECT uuid FROM organisation WHERE reference = 'ORG-000001'")
printf 'given_name,family_name,contact,sex,age\nZülfüqar-ERASEME-7731,Məmmədova-ERASEME-4412,+994 50 555 73 31 ERASEME,female,38\n' >"$dir/v.csv"
"$mais" import "$db" "$dir/v.csv" --as victim --map given_name=given_name \
	--map family_name=family_name --map contact=contact --map sex=sex \
	--map age=age --set "accident_uuid=$acc" --set "organisation_uuid=$org" >/dev/null
"$mais" user add "$db" admin --role sys_admin >/dev/null
"$mais" user add "$db" hq --org ORG-000001 --role im_admin,victim_assistance >/dev/null
"$mais" user add "$db" va --org ORG-000001 --role viewer,victim_assistance >/dev/null
"$mais" user add "$db" im --org ORG-000001 --role im_admin >/dev/null
"$mais" user add "$db" opb --org ORG-000002 --role im_admin,victim_assistance >/dev/null
grep -q "ERASEME" "$db" && ok || ko "the values are in the file before"

refused 2 "no --reason" -- "$mais" victim erase "$db" VI-000001 --user hq
refused 2 "no --user" -- "$mais" victim erase "$db" VI-000001 --reason "consent withdrawn"
refused 2 "no victim" -- "$mais" victim erase "$db" --reason "consent withdrawn" --user hq
refused 2 "unknown subcommand" -- "$mais" victim forget "$db" VI-000001
refused 1 "unknown user" -- "$mais" victim erase "$db" VI-000001 --reason "consent withdrawn" --user nobody
refused 1 "without im_admin" -- "$mais" victim erase "$db" VI-000001 --reason "consent withdrawn" --user va
grep -q "lacks im_admin" "$dir/err" && ok || ko "message: lacks im_admin"
refused 1 "without victim_assistance" -- "$mais" victim erase "$db" VI-000001 --reason "consent withdrawn" --user im
refused 1 "the system administrator alone" -- "$mais" victim erase "$db" VI-000001 --reason "consent withdrawn" --user admin
refused 1 "blank reason" -- "$mais" victim erase "$db" VI-000001 --reason " " --user hq
grep -q "erasure.reason" "$dir/err" && ok || ko "message: erasure.reason"
refused 1 "a reason quoting a value" -- "$mais" victim erase "$db" VI-000001 --reason "for Zülfüqar-ERASEME-7731" --user hq
refused 1 "another organisation's victim" -- "$mais" victim erase "$db" VI-000001 --reason "consent withdrawn" --user opb
refused 1 "no such victim" -- "$mais" victim erase "$db" VI-000099 --reason "consent withdrawn" --user hq

run 0 "erase" -- "$mais" victim erase "$db" vi-000001 --reason "consent withdrawn, letter 17/2026" --user hq
grep -q "given_name, family_name, contact" "$dir/out" && ok || ko "output: the columns"
for f in "$db" "$db-wal" "$db-shm"; do
	[ -e "$f" ] || continue
	grep -q "ERASEME" "$f" && ko "$f still holds an erased value" || ok
done
[ "$(sqlite3 "$db" "SELECT count(*) FROM mais_version WHERE record_uuid = (SELECT uuid FROM victim)")" = 1 ] && ok || ko "a version was added"
[ "$(sqlite3 "$db" "SELECT sex || ' ' || age || ' ' || version FROM victim")" = "female 38 1" ] && ok || ko "other columns changed"
sqlite3 "$db" "SELECT actor, address, detail FROM mais_audit WHERE action = 'erase_personal_data'" >"$dir/audit"
grep -q '^hq|cli:.*|{"columns":\["given_name","family_name","contact"\],"versions":1,"reason":"consent withdrawn, letter 17/2026"}$' "$dir/audit" && ok || { ko "audit entry"; cat "$dir/audit"; }
run 0 "check after the erasure" -- "$mais" check "$db"
echo "cli victim erase: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
