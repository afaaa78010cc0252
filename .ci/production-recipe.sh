#!/usr/bin/env bash
# The production recipe of docs/production.md, from a fresh clone of this repository's HEAD:
#   npm ci, npm run build, npm prune --omit=dev, npm start
# then /health and one GraphQL query against the started server, SIGTERM, and a clean exit.
# It proves that the build runs on plain node with the dev dependencies (tsx, TypeScript, the
# Prisma CLI) gone. Uses the node and npm on PATH; leaves nothing behind.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/p3pd-recipe.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; wait "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

git clone --quiet "$repo" "$work/p3pd"
cd "$work/p3pd"
echo "=== production recipe in $work/p3pd (Node $(node --version)) ==="
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
npm prune --omit=dev --no-audit --no-fund --loglevel=error
if [ -e node_modules/tsx ]; then echo "npm prune left the dev dependency tsx installed" >&2; exit 1; fi
# npm keeps TypeScript and the Prisma CLI (dev dependencies that @prisma/client names as optional
# peers, so "devOptional"); remove them too, so the start below proves it needs neither.
rm -rf node_modules/typescript node_modules/prisma

# PORT=0: a free port, which the server names in its "ready" line.
log="$work/serve.log"
PORT=0 P3PD_DATA_DIR="$work/data" npm start --silent > "$log" 2>&1 &
server_pid=$!
url=
for _ in $(seq 1 240); do
  url=$(grep -o 'ready: http://[^ "]*/graphql' "$log" | head -1 | sed 's/^ready: //') || true
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "npm start exited before it was ready:" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.5
done
[ -n "$url" ] || { echo "npm start was not ready after 120 s:" >&2; cat "$log" >&2; exit 1; }
base=${url%/graphql}

health=$(curl -sf "$base/health")
[ "$health" = '{"status":"ok"}' ] || { echo "/health answered: $health" >&2; exit 1; }
answer=$(curl -sf "$url" -H 'content-type: application/json' -d '{"query":"{ province(code: \"73\") { name } }"}')
case "$answer" in '{"data":{"province":{"name":"Sulawesi Selatan"}}'*) ;; *) false ;; esac || { echo "GraphQL answered: $answer" >&2; exit 1; }

# SIGTERM goes to the server's own process (its pid is in its log lines), as a supervisor running
# `node packages/server/bin/p3pd.js serve` would send it; npm then exits with the server's code.
node_pid=$(grep -o '"pid":[0-9]*' "$log" | head -1 | cut -d: -f2)
kill -TERM "$node_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[ "$status" -eq 0 ] && grep -q '"msg":"Stopped"' "$log" || { echo "npm start exited with $status after SIGTERM:" >&2; cat "$log" >&2; exit 1; }
echo "production recipe: ok ($base, /health and a GraphQL query answered, clean exit on SIGTERM)"
