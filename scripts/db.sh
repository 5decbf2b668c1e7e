#!/usr/bin/env bash
# Makes sure a PostgreSQL server with the pgvector extension is running for Ratewise.
#
#   scripts/db.sh          install what is missing, start the local cluster, print nothing else
#   scripts/db.sh stop     stop the local cluster
#   scripts/db.sh status   say whether the database answers
#
# Idempotent: a second run changes nothing. If DATABASE_URL points at a server that already
# has the vector extension, that server is used and nothing is installed or started.
#
# The local development database (used whenever DATABASE_URL is unset):
#   postgres://ratewise:ratewise@127.0.0.1:5488/ratewise?sslmode=disable
set -euo pipefail

PORT=5488
DEFAULT_DSN="postgres://ratewise:ratewise@127.0.0.1:${PORT}/ratewise?sslmode=disable"
DSN="${DATABASE_URL:-$DEFAULT_DSN}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER_NAME=ratewise

say() { printf 'db: %s\n' "$*" >&2; }
die() { printf 'db: error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
as_root() { "${SUDO[@]}" "$@"; }
# as_postgres runs a command as the postgres user from /, which it can always enter.
as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && sudo -u postgres -- "$@"); fi
}

# has_vector DSN: the server answers and can provide the vector extension.
has_vector() {
	command -v psql >/dev/null 2>&1 || return 1
	PGCONNECT_TIMEOUT=3 psql "$1" -XtAq -c "select 1 from pg_available_extensions where name = 'vector'" 2>/dev/null | grep -q 1
}

cmd="${1:-up}"

if [ "$cmd" = "status" ]; then
	if PGCONNECT_TIMEOUT=3 psql "$DSN" -XtAq -c 'select 1' >/dev/null 2>&1; then say "up ($DSN)"; exit 0; fi
	say "down ($DSN)"; exit 1
fi

if [ "$cmd" = "up" ] && has_vector "$DSN"; then
	exit 0
fi

if [ -n "${DATABASE_URL:-}" ] && [ "$DATABASE_URL" != "$DEFAULT_DSN" ]; then
	die "DATABASE_URL is set but no server with the vector extension answers there.
    Start that server (PostgreSQL >= 15 with pgvector >= 0.7), or unset DATABASE_URL to use the local one."
fi

if [ ! -r /etc/debian_version ] || ! command -v apt-get >/dev/null 2>&1; then
	die "this script installs PostgreSQL only on Debian.
    Install PostgreSQL >= 15 with pgvector >= 0.7 yourself (for example the pgvector/pgvector
    container image: docker run -e POSTGRES_PASSWORD=ratewise -p ${PORT}:5432 pgvector/pgvector:pg17),
    create a database and set DATABASE_URL to it."
fi

# ---- packages -----------------------------------------------------------------------------

pg_major() {
	local v
	v=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1 || true)
	printf '%s' "$v"
}

APT_UPDATED=0
apt_update_once() {
	if [ "$APT_UPDATED" -eq 0 ]; then
		say "apt-get update"
		as_root apt-get update -qq >/dev/null
		APT_UPDATED=1
	fi
}

PGV=$(pg_major)
if [ -z "$PGV" ] || [ ! -x "/usr/lib/postgresql/$PGV/bin/postgres" ]; then
	apt_update_once
	say "installing postgresql"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
	PGV=$(pg_major)
fi
[ -n "$PGV" ] || die "postgresql did not install"
BIN="/usr/lib/postgresql/$PGV/bin"

if [ ! -x "$BIN/pg_config" ] || [ ! -d "/usr/include/postgresql/$PGV/server" ]; then
	apt_update_once
	say "installing postgresql-server-dev-$PGV"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-$PGV" make gcc >/dev/null
fi

# pgvector is not packaged for this release: build it from Debian's source package of the next.
if [ ! -f "/usr/share/postgresql/$PGV/extension/vector.control" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	if [ -z "$uri" ]; then
		uri=$(awk '$1 == "deb" {print ($2 ~ /^\[/ ? $3 : $2); exit}' /etc/apt/sources.list 2>/dev/null || true)
	fi
	[ -n "$uri" ] || die "cannot find a Debian mirror in /etc/apt/sources.list.d/debian.sources"
	mkdir -p "$work/apt/lists/partial" "$work/src"
	cat >"$work/apt/pgvector.sources" <<EOF
Types: deb-src
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	chmod -R a+rwX "$work"
	opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/apt" -o "Dir::State::Lists=$work/apt/lists")
	say "fetching pgvector source"
	as_root apt-get "${opts[@]}" update -qq >/dev/null
	(cd "$work/src" && as_root apt-get "${opts[@]}" source --download-only pgvector >/dev/null 2>&1) ||
		(cd "$work/src" && apt-get "${opts[@]}" source --download-only pgvector >/dev/null)
	tarball=$(ls "$work"/src/pgvector_*.orig.tar.* | head -n 1)
	[ -n "$tarball" ] || die "pgvector source package not found"
	tar -xf "$tarball" -C "$work/src"
	dir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector*' | head -n 1)
	say "building pgvector ($(basename "$dir"))"
	make -s -C "$dir" PG_CONFIG="$BIN/pg_config" >/dev/null 2>&1
	as_root make -s -C "$dir" PG_CONFIG="$BIN/pg_config" install >/dev/null
fi

# ---- cluster ------------------------------------------------------------------------------

# Data lives in the project (.data/, git-ignored) when the postgres user can reach it;
# otherwise (a checkout under /root, say) in Debian's standard place via pg_createcluster.
in_project=0
mkdir -p "$ROOT/.data"
if as_postgres test -x "$ROOT/.data" 2>/dev/null; then in_project=1; fi

if [ "$in_project" -eq 1 ]; then
	DATA="$ROOT/.data/pg$PGV"
	SOCK="$ROOT/.data/run"
	LOG="$ROOT/.data/postgres.log"
	if [ "$cmd" = "stop" ]; then
		# The data folder is postgres's (mode 700): only postgres can look inside it.
		if as_postgres test -f "$DATA/postmaster.pid"; then as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
		say "stopped"; exit 0
	fi
	if ! as_postgres test -f "$DATA/PG_VERSION"; then
		say "creating cluster in .data/"
		# Owned by postgres from the start (as root, so this works for a sudo user too).
		as_root install -d -o postgres -g postgres -m 700 "$DATA"
		as_root install -d -o postgres -g postgres -m 755 "$SOCK"
		[ -e "$LOG" ] || as_root install -o postgres -g postgres -m 640 /dev/null "$LOG"
		as_postgres "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
			--auth-local=trust --auth-host=scram-sha-256 >/dev/null
	fi
	if ! as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
		say "starting PostgreSQL $PGV on port $PORT"
		as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
			-o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
	fi
	psql_admin() { as_postgres "$BIN/psql" -h "$SOCK" -p "$PORT" -U postgres -XtAq "$@"; }
else
	if [ "$cmd" = "stop" ]; then
		as_root pg_ctlcluster "$PGV" "$CLUSTER_NAME" stop 2>/dev/null || true
		say "stopped"; exit 0
	fi
	if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PGV $CLUSTER_NAME"; then
		say "creating cluster $PGV/$CLUSTER_NAME"
		as_root pg_createcluster "$PGV" "$CLUSTER_NAME" -p "$PORT" -e UTF8 --locale=C.UTF-8 \
			-- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
		as_root sh -c "echo \"listen_addresses = '127.0.0.1'\" >> /etc/postgresql/$PGV/$CLUSTER_NAME/conf.d/ratewise.conf"
		as_root sh -c "echo 'max_connections = 200' >> /etc/postgresql/$PGV/$CLUSTER_NAME/conf.d/ratewise.conf"
	fi
	if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PGV" -v n="$CLUSTER_NAME" '$1==v && $2==n {print $4}' | grep -q online; then
		say "starting PostgreSQL $PGV/$CLUSTER_NAME on port $PORT"
		as_root pg_ctlcluster "$PGV" "$CLUSTER_NAME" start
	fi
	psql_admin() { as_postgres "$BIN/psql" -p "$PORT" -U postgres -XtAq "$@"; }
fi

# Role and database. CREATEDB lets the test helper clone fresh databases from a template.
for _ in $(seq 1 30); do psql_admin -c 'select 1' >/dev/null 2>&1 && break; sleep 1; done
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = 'ratewise'")" != "1" ]; then
	psql_admin -c "create role ratewise login createdb password 'ratewise'"
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = 'ratewise'")" != "1" ]; then
	psql_admin -c "create database ratewise owner ratewise"
fi
# The extension is created once by the superuser so the app role never needs superuser rights;
# template1 gets it too, so every database the test helper creates has it.
psql_admin -d ratewise -c "set client_min_messages = warning; create extension if not exists vector" >/dev/null
psql_admin -d template1 -c "set client_min_messages = warning; create extension if not exists vector" >/dev/null

has_vector "$DSN" || die "PostgreSQL started but $DSN does not answer; see the server log"
