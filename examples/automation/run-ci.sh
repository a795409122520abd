#!/bin/sh
# Linux CI: start the simulator's automation server headless, run the automator tests, stop it.
#   examples/automation/run-ci.sh [extra `auto` flags, e.g. --network 4g --platform ios]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-$root/.venv/bin/python}
log=$(mktemp)
PYTHONPATH="$root" "$py" -m simulator auto --project "$root/examples/projects/native-chat" \
  --auto-port 0 --headless "$@" >"$log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
while ! grep -q '^automation: ' "$log"; do  # it prints the endpoint once it listens
  kill -0 $server 2>/dev/null || { echo "auto did not start" >&2; exit 1; }
  sleep 0.2
done
WX_AUTO_WS=$(sed -n 's/^automation: //p' "$log") node --test "$here/chat.test.js"
