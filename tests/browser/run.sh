#!/bin/sh
# Runs the browser tour against a fresh demo cell: starts `fusioncell demo` on a loopback port
# with a new data directory and password, waits until it is ready, runs tour.mjs, stops the server.
#
#   tests/browser/run.sh                  # builds and runs the release binary with cargo
#   FUSIONCELL_BIN=target/debug/fusioncell tests/browser/run.sh
#
# Needs node and npm, and Debian's Chromium at /usr/bin/chromium (apt-get install chromium);
# set CHROMIUM to use another. No browser is ever downloaded.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${FUSIONCELL_PORT:-8470}
data=$(mktemp -d)
password="tour-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

if [ -n "${FUSIONCELL_BIN:-}" ]; then
  set -- "$FUSIONCELL_BIN"
else
  (cd "$root" && cargo build --release -p fusioncell)
  set -- "${CARGO_TARGET_DIR:-$root/target}/release/fusioncell"
fi

"$1" demo --listen "127.0.0.1:$port" --data "$data" --demo-password "$password" >"$data/server.log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT INT TERM

tries=0
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -gt 120 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "the demo server did not start:" >&2
    cat "$data/server.log" >&2
    exit 1
  fi
  sleep 0.5
done

FUSIONCELL_URL="http://127.0.0.1:$port" FUSIONCELL_DEMO_PASSWORD="$password" node "$here/tour.mjs"
