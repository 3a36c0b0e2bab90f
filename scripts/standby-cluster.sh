#!/usr/bin/env bash
# standby-cluster.sh makes a second PostgreSQL cluster on this machine a hot
# standby of the primary (127.0.0.1:5432), streaming through a replication slot:
# the standby the tests in test/standby.test.ts read from (LATCHKEY_STANDBY_URLS).
# Idempotent: a standby already streaming from the primary is left as it is.
# The primary is only reloaded (pg_hba.conf), never restarted.
# Environment: PG_VERSION (default the only installed one), STANDBY_PORT (5433).
set -euo pipefail

version="${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -1)}"
port="${STANDBY_PORT:-5433}"
name=standby
slot=latchkey_standby
primary_hba="/etc/postgresql/$version/main/pg_hba.conf"
standby_conf="/etc/postgresql/$version/$name"
data="/var/lib/postgresql/$version/$name"
psql_primary() { psql -X -q -At -h 127.0.0.1 -p 5432 -U postgres -d postgres "$@"; }
psql_standby() { psql -X -q -At -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }

# 1. The primary lets replication connections in from the loopback (trust, like its other lines).
if ! grep -Eq '^\s*host\s+replication\s+all\s+127\.0\.0\.1/32\s+trust' "$primary_hba"; then
  printf 'host replication all 127.0.0.1/32 trust\n' >>"$primary_hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  sleep 1
fi

# configure_standby lets the standby be reached like the primary (its pg_hba.conf, trust on the
# loopback) and report what it replays to the primary (fewer queries cancelled by replay).
configure_standby() {
  cp "$primary_hba" "$standby_conf/pg_hba.conf"
  printf 'hot_standby_feedback = on\n' >"$standby_conf/conf.d/latchkey-standby.conf"
}

# 2. Already a streaming standby? Then only make sure it runs.
if [ -d "$data" ] && [ -f "$data/standby.signal" ] && [ -d "$standby_conf" ]; then
  configure_standby
  pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload >/dev/null 2>&1 || true
  pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do
    if [ "$(psql_standby -c "select pg_is_in_recovery() and exists (select 1 from pg_stat_wal_receiver where status = 'streaming')" 2>/dev/null)" = t ]; then
      echo "standby: 127.0.0.1:$port already a hot standby streaming from 127.0.0.1:5432"
      exit 0
    fi
    sleep 1
  done
  echo "standby: the existing standby does not come up; making it again" >&2
fi

# 3. A fresh cluster whose data directory is a base backup of the primary (-R writes
#    standby.signal and primary_conninfo), streaming through a slot so the primary
#    keeps the WAL the standby still needs.
if pg_lsclusters -h | awk -v v="$version" -v n="$name" '$1 == v && $2 == n { found = 1 } END { exit !found }'; then
  pg_dropcluster --stop "$version" "$name"
fi
pg_createcluster "$version" "$name" --port "$port" >/dev/null
configure_standby
if [ -z "$(psql_primary -c "select 1 from pg_replication_slots where slot_name = '$slot'")" ]; then
  psql_primary -c "select pg_create_physical_replication_slot('$slot')" >/dev/null
fi
# The copy is retried: on a shared machine another test may end every backend it sees (its walsender too).
for attempt in 1 2 3; do
  find "$data" -mindepth 1 -delete # the directory itself belongs to postgres; its parent may not
  if su postgres -c "pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D '$data' -R -X stream -S '$slot'"; then
    break
  fi
  [ "$attempt" -lt 3 ] || { echo "standby: pg_basebackup failed 3 times" >&2; exit 1; }
  echo "standby: pg_basebackup failed (attempt $attempt), trying again" >&2
  sleep 2
done
pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
for _ in $(seq 1 60); do
  if [ "$(psql_standby -c 'select pg_is_in_recovery()' 2>/dev/null)" = t ]; then
    echo "standby: 127.0.0.1:$port is a hot standby of 127.0.0.1:5432 (slot $slot)"
    exit 0
  fi
  sleep 1
done
echo "standby: 127.0.0.1:$port did not come up as a hot standby; see /var/log/postgresql/postgresql-$version-$name.log" >&2
exit 1
