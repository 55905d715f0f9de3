#!/bin/sh
# cli_exit_codes.sh MAIS — the documented exit codes and messages of the
# `mais` command: 0 done, 1 failure, 2 usage, 3 data problems found.
set -u
mais=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0

expect() { # expect CODE DESCRIPTION -- COMMAND...
	want=$1 what=$2
	shift 3
	"$@" >"$dir/out" 2>"$dir/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAILED: $what: exit $got, want $want"
		cat "$dir/err"
	fi
}

expect 0 "--help" -- "$mais" --help
expect 0 "--version" -- "$mais" --version
grep -q "schema" "$dir/out" || { fail=$((fail + 1)); echo "FAILED: --version"; }
expect 2 "no command" -- "$mais"
expect 2 "unknown command" -- "$mais" frobnicate
expect 0 "help init" -- "$mais" help init
expect 2 "help of an unknown command" -- "$mais" help frobnicate
expect 0 "init" -- "$mais" init "$dir/a.gpkg"
expect 1 "init over an existing file" -- "$mais" init "$dir/a.gpkg"
grep -q "never overwrites" "$dir/err" || { fail=$((fail + 1)); echo "FAILED: message"; }
expect 2 "init with a bad prefix" -- "$mais" init "$dir/b.gpkg" --prefix "bad prefix"
expect 0 "init with a gpkg: URI" -- "$mais" init "gpkg:$dir/c.gpkg"
expect 0 "check a new database" -- "$mais" check "$dir/a.gpkg"
expect 0 "check --format json" -- "$mais" check "$dir/a.gpkg" --format json
grep -q '"ok": true' "$dir/out" || { fail=$((fail + 1)); echo "FAILED: json"; }
expect 2 "check --format xml" -- "$mais" check "$dir/a.gpkg" --format xml
expect 1 "check a missing database" -- "$mais" check "$dir/none.gpkg"
expect 1 "check a non-database" -- sh -c "echo hello > '$dir/t.gpkg'; '$mais' check '$dir/t.gpkg'"
expect 0 "backup" -- "$mais" backup "$dir/a.gpkg" "$dir/copy.gpkg"
expect 1 "backup over an existing file" -- "$mais" backup "$dir/a.gpkg" "$dir/copy.gpkg"
expect 0 "check the backup" -- "$mais" check "$dir/copy.gpkg"
expect 2 "backup with one argument" -- "$mais" backup "$dir/a.gpkg"
# reports: every one in every format; usage errors name the option
expect 0 "help report" -- "$mais" help report
expect 0 "report eo --format json" -- "$mais" report eo "$dir/a.gpkg" --format json
expect 2 "report of no such kind" -- "$mais" report planets "$dir/a.gpkg"
expect 2 "report hazard without its hazard" -- "$mais" report hazard "$dir/a.gpkg" --format json
expect 2 "report eo with an option it does not take" -- "$mais" report eo "$dir/a.gpkg" --list
grep -q "list: not an option of the eo report" "$dir/err" || { fail=$((fail + 1)); echo "FAILED: report message"; }
expect 1 "report hazard of no such hazard" -- "$mais" report hazard "$dir/a.gpkg" HA-999999 --format json
# a geometry broken behind mais's back is an error of check: exit 3
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[45,40]}}]}' >"$dir/p.geojson"
expect 0 "import a point" -- "$mais" import "$dir/a.gpkg" "$dir/p.geojson" --as settlement --set name=Aghdam
sqlite3 "$dir/a.gpkg" "DROP TRIGGER rtree_settlement_geom_update1; DROP TRIGGER rtree_settlement_geom_update2; DROP TRIGGER rtree_settlement_geom_update3; DROP TRIGGER rtree_settlement_geom_update4; UPDATE settlement SET geom = X'47500003e6100000'"
expect 3 "check finds the broken geometry" -- "$mais" check "$dir/a.gpkg"
grep -q "unreadable geometry" "$dir/out" || { fail=$((fail + 1)); echo "FAILED: check message"; cat "$dir/out"; }
# the programme's time zone
expect 0 "init --time-zone" -- "$mais" init "$dir/z.gpkg" --time-zone Asia/Baku
[ "$(sqlite3 "$dir/z.gpkg" "SELECT value FROM mais_meta WHERE key = 'time_zone'")" = Asia/Baku ] ||
	{ fail=$((fail + 1)); echo "FAILED: time_zone not stored"; }
expect 2 "init --time-zone of no zone" -- "$mais" init "$dir/y.gpkg" --time-zone Mars/Olympus
[ ! -e "$dir/y.gpkg" ] || { fail=$((fail + 1)); echo "FAILED: y.gpkg made"; }
# hazard reopen: usage, no such hazard, an active one, a closed one
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[45,40],[45.01,40],[45.01,40.01],[45,40.01],[45,40]]]}}]}' >"$dir/h.geojson"
expect 0 "import a hazard" -- "$mais" import "$dir/z.gpkg" "$dir/h.geojson" --as hazard --set hazard_class=sha --set hazard_status=closed
expect 2 "hazard reopen without a reason" -- "$mais" hazard reopen "$dir/z.gpkg" HA-000001
expect 1 "hazard reopen of no hazard" -- "$mais" hazard reopen "$dir/z.gpkg" HA-000009 --reason found
expect 0 "hazard reopen" -- "$mais" hazard reopen "$dir/z.gpkg" ha-000001 --reason "UXO found"
[ "$(sqlite3 "$dir/z.gpkg" "SELECT hazard_status || ' ' || version || ' ' || status_reason FROM hazard")" = "active 2 reopened: UXO found" ] ||
	{ fail=$((fail + 1)); echo "FAILED: hazard not reopened"; }
expect 1 "hazard reopen of an active hazard" -- "$mais" hazard reopen "$dir/z.gpkg" HA-000001 --reason again
# import --user: no such user
expect 1 "import --user of no user" -- "$mais" import "$dir/z.gpkg" "$dir/h.geojson" --as hazard --user nobody
# serve on an address in use: exit 1, naming the address (not "port 0")
python3 -c 'import socket,sys,time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True); time.sleep(30)' >"$dir/port" &
holder=$!
while [ ! -s "$dir/port" ]; do sleep 0.1; done
port=$(cat "$dir/port")
expect 1 "serve on an address in use" -- "$mais" serve "$dir/a.gpkg" --listen "127.0.0.1:$port"
grep -q "cannot listen on 127.0.0.1:$port: Address already in use" "$dir/err" &&
	! grep -q "port 0" "$dir/err" ||
	{ fail=$((fail + 1)); echo "FAILED: address in use message:"; cat "$dir/err"; }
kill "$holder"
echo "cli exit codes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
