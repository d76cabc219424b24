#!/usr/bin/env bash
# Runs integration test files once at every hour of a day, with the clock moved by libfaketime, and lists what
# fails: the check for tests that only pass at some hours (a lesson at "now + N h" crossing local midnight).
# Needs Debian's faketime (`apt-get install -y faketime`); not part of `npm test`.
#   bash scripts/test-at-every-hour.sh                      # the time-sensitive files below
#   bash scripts/test-at-every-hour.sh tests/integration/x.test.ts …
set -euo pipefail
cd "$(dirname "$0")/.."
LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
[ -f "$LIB" ] || { echo "faketime is not installed: apt-get install -y faketime" >&2; exit 2; }
if [ "$#" -gt 0 ]; then files=("$@"); else
  files=(tests/integration/bookings-request.test.ts tests/integration/reschedule-proposals.test.ts
    tests/integration/tutor-availability.test.ts tests/integration/cancellations.test.ts
    tests/integration/cancellations-routes.test.ts tests/integration/routes-bookings.test.ts
    tests/integration/tutor-calendar-week.test.ts tests/integration/notifications-change-of-plans.test.ts
    tests/integration/calendar-feeds.test.ts tests/integration/reschedule-meetings.test.ts)
fi
day=$(date -u -d tomorrow +%F)
status=0
for hour in $(seq -w 0 23); do
  offset=$(( $(date -u -d "$day $hour:40:00" +%s) - $(date -u +%s) ))
  if out=$(LD_PRELOAD="$LIB" FAKETIME="+${offset}s" FAKETIME_DONT_FAKE_MONOTONIC=1 npx vitest run --project integration "${files[@]}" 2>&1); then
    echo "$hour:40 UTC ok"
  else
    status=1
    echo "$hour:40 UTC FAILED"
    echo "$out" | grep -E " FAIL " || true
  fi
done
exit $status
