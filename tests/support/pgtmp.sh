#!/usr/bin/env bash
# pgtmp.sh: a throw-away PostgreSQL + PostGIS cluster for tests.
#
#   pgtmp.sh start DIR   creates DIR (or uses it if it exists and is empty),
#                        starts a cluster in it and prints one line on stdout,
#                        the libpq connection string of its database:
#                          host=DIR/sock port=N dbname=postgres user=postgres
#                        (CREATE EXTENSION postgis succeeds in that database).
#   pgtmp.sh stop DIR    stops that cluster and removes DIR.
#
# The cluster listens on no TCP address, only on a unix socket in its own
# directory (DIR/sock, or a short directory under /tmp when DIR's path is too
# long for a socket name), so it cannot collide with another instance; the
# port only names the socket file.  Authentication is "trust", the superuser
# is "postgres".  Durability is off (fsync, full_page_writes): test data only.
#
# As root (CI), the server runs as the "postgres" user (initdb refuses root),
# so DIR is chowned to postgres; DIR's parent directories must let postgres
# pass (not a 0700 root directory).  As another user it runs as that user.
#
# Never skips: exits non-zero with a message on stderr when PostgreSQL or
# PostGIS is missing (scripts/install-deps installs them) or anything fails.
# PG_BINDIR overrides the server's bin directory (default: PostgreSQL 15's,
# else the newest under /usr/lib/postgresql).
set -euo pipefail

die() {
	echo "pgtmp.sh: $*" >&2
	exit 1
}

usage() {
	echo "usage: pgtmp.sh start DIR | pgtmp.sh stop DIR" >&2
	exit 2
}

(($# == 2)) || usage
cmd=$1
dir=$2
[[ -n "$dir" ]] || usage
case "$dir" in
/*) ;;
*) dir="$PWD/$dir" ;;
esac
dir=${dir%/}

find_bindir() {
	if [[ -n "${PG_BINDIR:-}" ]]; then
		echo "$PG_BINDIR"
		return
	fi
	if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
		echo /usr/lib/postgresql/15/bin
		return
	fi
	local d best=
	for d in /usr/lib/postgresql/*/bin; do
		[[ -x "$d/initdb" ]] && best=$d
	done
	[[ -n "$best" ]] || die "PostgreSQL server not installed (no /usr/lib/postgresql/*/bin/initdb); run scripts/install-deps (packages postgresql-15 postgresql-15-postgis-3)"
	echo "$best"
}

# run a command as the cluster's owner, in DIR (the caller's working
# directory may be one postgres cannot enter)
as_owner() {
	if ((EUID == 0)); then
		(cd "$dir" && runuser -u postgres -- "$@")
	else
		(cd "$dir" && "$@")
	fi
}

start() {
	local bindir sharedir port sock conn n
	bindir=$(find_bindir)
	for t in initdb pg_ctl postgres; do
		[[ -x "$bindir/$t" ]] || die "$bindir/$t not found: PostgreSQL server not installed; run scripts/install-deps"
	done
	command -v psql >/dev/null || die "psql not found: install postgresql-client (scripts/install-deps)"
	sharedir=$("$bindir/pg_config" --sharedir 2>/dev/null ||
		echo "/usr/share/postgresql/$(basename "$(dirname "$bindir")")")
	[[ -f "$sharedir/extension/postgis.control" ]] ||
		die "PostGIS not installed for $bindir ($sharedir/extension/postgis.control missing); run scripts/install-deps (package postgresql-15-postgis-3)"

	if ((EUID == 0)); then
		id postgres >/dev/null 2>&1 ||
			die "running as root but there is no 'postgres' user to run the server (is postgresql-15 installed?)"
		command -v runuser >/dev/null || die "runuser not found"
	fi

	if [[ -e "$dir" ]]; then
		[[ -d "$dir" ]] || die "$dir exists and is not a directory"
		[[ -z "$(ls -A "$dir")" ]] || die "$dir exists and is not empty"
	else
		mkdir -p "$dir" || die "cannot create $dir"
	fi
	: >"$dir/.pgtmp" # marks DIR as ours, so that stop may remove it
	mkdir -p "$dir/sock" "$dir/log"
	if ((EUID == 0)); then
		chown -R postgres: "$dir"
		runuser -u postgres -- test -w "$dir" ||
			die "the postgres user cannot enter $dir: a parent directory is closed to it (e.g. a 0700 mktemp -d directory); use a DIR under /tmp or chmod its parents"
	fi

	# a free port number: only names the socket file, as no TCP is listened on
	port=$((20000 + (RANDOM * 32768 + RANDOM + $$) % 40000))
	sock="$dir/sock"
	# sun_path holds 107 bytes: "$sock/.s.PGSQL.$port" must fit
	if ((${#sock} + 18 > 100)); then
		sock=$(mktemp -d /tmp/pgtmp.XXXXXX)
		((EUID == 0)) && chown postgres: "$sock"
		echo "$sock" >"$dir/sockdir"
	fi

	as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$dir/log/initdb.log" 2>&1 || {
		cat "$dir/log/initdb.log" >&2
		die "initdb failed in $dir/data (log above)"
	}
	if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log/postgres.log" -w -t 60 \
		-o "-c listen_addresses='' -k $sock -p $port -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=20" \
		start >"$dir/log/pg_ctl.log" 2>&1; then
		cat "$dir/log/pg_ctl.log" "$dir/log/postgres.log" >&2 2>/dev/null || true
		die "the server did not start (logs above, in $dir/log)"
	fi

	conn="host=$sock port=$port dbname=postgres user=postgres"
	# PostGIS must really load, not just be listed
	if ! n=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$conn" 2>&1 <<-'EOF'
		BEGIN;
		CREATE EXTENSION postgis;
		SELECT ST_Area(ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 1,0 0))', 4326)::geography) > 1e10;
		ROLLBACK;
	EOF
	); then
		echo "$n" >&2
		stop
		die "CREATE EXTENSION postgis failed (PostGIS not installed? scripts/install-deps)"
	fi
	[[ "$n" == t ]] || { stop; die "PostGIS check gave '$n'"; }
	echo "$conn"
}

stop() {
	local bindir sock
	[[ -d "$dir" ]] || die "$dir: no such directory"
	[[ -e "$dir/.pgtmp" ]] || die "$dir was not made by pgtmp.sh start (no $dir/.pgtmp); not removing it"
	if [[ -f "$dir/data/postmaster.pid" ]]; then
		bindir=$(find_bindir)
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
			die "could not stop the server of $dir/data (see $dir/log/postgres.log)"
	fi
	if [[ -f "$dir/sockdir" ]]; then
		sock=$(cat "$dir/sockdir")
		[[ "$sock" == /tmp/pgtmp.* ]] && rm -rf -- "$sock"
	fi
	rm -rf -- "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
*) usage ;;
esac
