#!/bin/sh
# A full AUTH + TOTP audit of a foreign target (django-otp, its library's
# 30-second TOTP step): wall time against the sum of the requests' round
# trips and the waits the plan announced (fresh TOTP steps, back-off,
# pacing). What is left is the auditor's own time; target: wall / (round
# trips + waits) <= 1.2. Prints the announced waits by reason.
# Needs the target's dependencies (make target-deps).
. "$(dirname "$0")/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

TARGET=1.2
if ! target_start django-otp ""; then
	echo "bench_target: django-otp did not start (make target-deps)"
	exit 1
fi
"$AUDIT" audit --profile "$TARGET_PROFILE" --only 'AUTH-*,TOTP-*' \
	--format json --out "$T/r.json" --fail-on none 2>"$T/err" || {
	echo "bench_target: the audit failed"; tail -n 5 "$T/err"; exit 1; }
python3 - "$T/r.json" "$TARGET" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["timing"]
wall = r["duration_ms"]
busy = t["round_trips_ms"] + t["waits_ms"]
ratio = wall / busy if busy else float("inf")
print("bench_target: django-otp, %d requests: wall %.1f s, round trips "
      "%.1f s, announced waits %.1f s, auditor %.1f s" % (r["requests"],
      wall / 1e3, t["round_trips_ms"] / 1e3, t["waits_ms"] / 1e3,
      (wall - busy) / 1e3))
for w in t["waits"]:
    print("  waited %6.1f s  %3d x  %s" % (w["ms"] / 1e3, w["count"],
          w["why"]))
ok = ratio <= float(sys.argv[2])
print("bench_target: wall / (round trips + waits) = %.3f (target <= %s) %s"
      % (ratio, sys.argv[2], "met" if ok else "MISSED"))
sys.exit(0 if ok else 1)
PY
