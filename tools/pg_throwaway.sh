#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests (issue 19): loopback only, unix socket in its own temp dir,
# fsync off, trust auth, gone when stopped. Never for real data.
#
#   tools/pg_throwaway.sh start DIR    initdb + start in DIR (created if absent); prints the connection URL
#   tools/pg_throwaway.sh stop DIR     stop the server and delete DIR
#   tools/pg_throwaway.sh run -- CMD…  start in a temp dir, run CMD with MDT_TEST_PG_URL set, always stop;
#                                      exits with CMD's status (non-zero, never a skip, if the server cannot start)
#
# PostgreSQL refuses to run as root: as root the server runs as $PG_THROWAWAY_USER (default: the Debian
# package's `postgres` user if present, else an unprivileged `mdt-pg` system user created here), via runuser.
# Binaries: $PG_BIN, else initdb on PATH, else /usr/lib/postgresql/*/bin (newest), else (root, Debian)
# `apt-get install postgresql-15` once.
set -euo pipefail
shopt -s inherit_errexit

die() {
	echo "pg_throwaway: $*" >&2
	exit 1
}

find_bin() {
	if [[ -n "${PG_BIN:-}" ]]; then
		[[ -x "$PG_BIN/initdb" ]] || die "PG_BIN=$PG_BIN holds no initdb"
		echo "$PG_BIN"
		return
	fi
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(readlink -f "$(command -v initdb)")"
		return
	fi
	local d
	d="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
	if [[ -z "$d" && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
		echo "pg_throwaway: no PostgreSQL server found; installing postgresql-15" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >&2 ||
			{ apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >&2; }
		d="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
	fi
	[[ -n "$d" && -x "$d/initdb" ]] || die "no PostgreSQL server binaries (initdb, pg_ctl) found"
	echo "$d"
}

server_user() {
	if [[ -n "${PG_THROWAWAY_USER:-}" ]]; then
		id -u "$PG_THROWAWAY_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_THROWAWAY_USER"
		echo "$PG_THROWAWAY_USER"
	elif id -u postgres >/dev/null 2>&1; then
		echo postgres
	else
		id -u mdt-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mdt-pg
		echo mdt-pg
	fi
}

# Run a server binary as the unprivileged user (or as ourselves when not root), from a directory it can read.
as_server() {
	if [[ "$(id -u)" == 0 ]]; then
		(cd / && runuser -u "$RUN_AS" -- "$@")
	else
		(cd / && "$@")
	fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
	local dir="$1" bin port
	bin="$(find_bin)"
	RUN_AS="$(id -un)"
	[[ "$(id -u)" == 0 ]] && RUN_AS="$(server_user)"
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
	[[ -e "$dir/data" ]] && die "$dir already holds a server; stop it first"
	mkdir -p "$dir/data" "$dir/sock"
	chmod 700 "$dir" "$dir/data" "$dir/sock"
	[[ "$(id -u)" == 0 ]] && chown -R "$RUN_AS" "$dir"
	as_server "$bin/initdb" -D "$dir/data" -U mdt --auth=trust --encoding=UTF8 --locale=C --no-sync \
		--no-instructions >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		die "initdb failed"
	}
	port="$(free_port)"
	cat >>"$dir/data/postgresql.conf" <<-EOF
		listen_addresses = '127.0.0.1'
		port = $port
		unix_socket_directories = '$dir/sock'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 60
		shared_buffers = 32MB
		log_min_messages = warning
	EOF
	as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null || {
		cat "$dir/server.log" >&2
		die "server did not start"
	}
	as_server "$bin/createdb" -h "$dir/sock" -p "$port" -U mdt mdt || die "createdb failed"
	echo "$bin" >"$dir/bin"
	echo "postgresql://mdt@127.0.0.1:$port/mdt" | tee "$dir/url"
}

stop() {
	local dir="$1" bin
	[[ -d "$dir/data" ]] || die "no server in $dir"
	bin="$(cat "$dir/bin" 2>/dev/null || find_bin)"
	RUN_AS="$(stat -c %U "$dir/data")"
	as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null || true
	rm -rf "$dir"
}

case "${1:-}" in
start)
	start "${2:?usage: pg_throwaway.sh start DIR}"
	;;
stop)
	stop "${2:?usage: pg_throwaway.sh stop DIR}"
	;;
run)
	shift
	[[ "${1:-}" == "--" ]] && shift
	(($#)) || die "usage: pg_throwaway.sh run -- CMD…"
	tmp="$(mktemp -d -t mdt-pg.XXXXXX)"
	cleanup() {
		if [[ -d "$tmp/data" ]]; then (stop "$tmp") || true; fi
		rm -rf "$tmp"
	}
	trap cleanup EXIT
	MDT_TEST_PG_URL="$(start "$tmp")"
	export MDT_TEST_PG_URL
	status=0
	"$@" || status=$?
	exit "$status"
	;;
*)
	echo "usage: pg_throwaway.sh start DIR | stop DIR | run -- CMD…" >&2
	exit 2
	;;
esac
