#!/bin/sh
# docs/report.schema.json is a valid JSON Schema (2020-12) and every JSON
# report the tool writes validates against it: canned reports, a lab audit
# with a baseline, an unreachable target (grade null), `totp scan` and
# `totp check`. A document the schema must reject is rejected, so the
# check can fail. Validator: python3-jsonschema (Debian).
. "${0%/*}/../lib.sh"

top=$(cd "$AA_TESTS/.." && pwd)
schema="$top/docs/report.schema.json"
python3 -c 'import jsonschema' 2>/dev/null ||
    skip_all "python3 jsonschema missing (apt-get install python3-jsonschema)"

plan 10
cat >"$T/validate.py" <<'PY'
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    for e in list(Draft202012Validator(schema).iter_errors(doc))[:5]:
        print("%s: /%s: %s" % (path, "/".join(map(str, e.absolute_path)),
              e.message[:200]))
        bad = 1
sys.exit(bad)
PY
v() { python3 "$T/validate.py" "$schema" "$@" >"$T/v.out" 2>&1; }

v
ok $? "the schema is a valid 2020-12 schema" || sed 's/^/# /' "$T/v.out"
"$AA_BUILD/tests/unit/test_core_report" --write-samples "$T" >/dev/null 2>&1
v "$T/report.json" "$T/scan.json"
ok $? "canned audit and scan reports validate" || sed 's/^/# /' "$T/v.out"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["report_version"])' "$T/report.json")" 1 \
    "report_version 1"

if lab_start a "AUTH-COOKIE-FLAGS"; then
	"$AUDIT" audit --profile "$LAB_PROFILE" --only AUTH-2FA-SKIP,AUTH-COOKIE-FLAGS \
	    --format json --out "$T/lab.json" >/dev/null 2>&1
	lab_stop
fi
v "$T/lab.json"
ok $? "a lab audit (baseline, fails, passes) validates" || sed 's/^/# /' "$T/v.out"
grep -q '"baseline"' "$T/lab.json"
ok $? "  ... and it has a baseline"

sed "s|\"base_url\": *\"[^\"]*\"|\"base_url\": \"http://127.0.0.1:1\"|" \
    "$AA_TESTS/lab/profile-a.json" >"$T/down-profile.json"
"$AUDIT" audit --profile "$T/down-profile.json" --only AUTH-2FA-SKIP \
    --format json --out "$T/down.json" >/dev/null 2>&1
v "$T/down.json" && grep -q '"grade": null' "$T/down.json"
ok $? "an unreachable target: grade null, valid" || sed 's/^/# /' "$T/v.out"

mkdir -p "$T/scan"
printf 'x\notpauth://totp/A:b?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n' >"$T/scan/a.log"
"$AUDIT" totp scan "$T/scan" --format json --out "$T/tscan.json" >/dev/null 2>&1
printf 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=8\n' >"$T/uri"
"$AUDIT" totp check "$T/uri" --format json --out "$T/tcheck.json" >/dev/null 2>&1
v "$T/tscan.json" "$T/tcheck.json"
ok $? "totp scan and totp check reports validate" || sed 's/^/# /' "$T/v.out"

# The schema rejects what it must.
python3 - "$T/report.json" "$T" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = dict(d, grade="Excellent")
json.dump(bad, open(sys.argv[2] + "/bad-grade.json", "w"))
bad = dict(d); bad["results"] = [dict(d["results"][0], status="maybe")]
json.dump(bad, open(sys.argv[2] + "/bad-status.json", "w"))
bad = dict(d); del bad["report_version"]
json.dump(bad, open(sys.argv[2] + "/bad-version.json", "w"))
PY
for b in grade status version; do
	v "$T/bad-$b.json"
	[ $? -ne 0 ]
	ok $? "rejected: a bad $b"
done
done_testing
