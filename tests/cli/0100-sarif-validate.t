#!/bin/sh
# The SARIF renderer's output passes the official SARIF Multitool validator
# (npm @microsoft/sarif-multitool-linux, installed into build-tools/ by
# `make test-tools`) with zero errors, its GitHub code scanning rules
# included; warnings are shown as diagnostics. The validator does not
# check enum values, so when python3 has jsonschema the logs are also
# checked against the schema file shipped inside the validator's package.
# What code scanning needs beyond the validator is checked directly: every
# result on a file (a live finding on the profile line of its step, a
# `totp scan` finding on the line where the seed was found), fingerprints,
# automationDetails, passes only with --sarif-passes.
. "${0%/*}/../lib.sh"

top=$(cd "$AA_TESTS/.." && pwd)
pkg="${AA_SARIF_PKG:-$top/build-tools/node_modules/@microsoft/sarif-multitool-linux}"
tool="$pkg/Sarif.Multitool"
writer="$AA_BUILD/tests/unit/test_core_report"

plan 17
run_ok "sample reports written" "$writer" --write-samples "$T"
# A real audit too: a weak lab gives fails, passes and not-tested checks.
if lab_start a "AUTH-2FA-SKIP,AUTH-COOKIE-FLAGS,FIDO-ENUMERATION"; then
	"$AUDIT" audit --profile "$LAB_PROFILE" --device soft --format sarif \
	    --out "$T/live.sarif" --only 'AUTH-*,FIDO-ENUMERATION,FIDO-ORIGIN' \
	    --also json="$T/live.json" >/dev/null 2>"$T/audit.err"
	[ -s "$T/live.sarif" ]
	ok $? "lab audit wrote a SARIF log" || sed 's/^/# /' "$T/audit.err"
	"$AUDIT" audit --profile "$LAB_PROFILE" --device soft --format sarif \
	    --out "$T/passes.sarif" --only AUTH-2FA-SKIP,AUTH-LOGOUT \
	    --sarif-passes >/dev/null 2>"$T/audit.err"
	lab_stop
else
	ok 1 "lab audit wrote a SARIF log"
fi
# An offline scan: a seed on line 3 of a log, another on line 5.
mkdir -p "$T/repo/logs"
printf 'boot\nenrol bob\notpauth://totp/Acme:bob?secret=%s&issuer=Acme\n\nseed=%s\n' \
    JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ \
    >"$T/repo/logs/app.log"
(cd "$T/repo" && "$AUDIT" totp scan logs --format sarif --out ../scan-live.sarif \
    >/dev/null 2>"$T/scan.err")
[ -s "$T/scan-live.sarif" ]
ok $? "totp scan wrote a SARIF log" || sed 's/^/# /' "$T/scan.err"

validate() { # file
	"$tool" validate --rule-kind "Gh;Sarif" "$1" >"$T/mt.out" 2>&1
	_rc=$?
	grep -E ': (warning|note) ' "$T/mt.out" | sed 's/^/# /'
	_errs=$(grep -cE ': error |Unhandled exception' "$T/mt.out")
	if [ "$_rc" -ne 0 ] || [ "$_errs" -ne 0 ]; then
		grep -E ': error |xception' "$T/mt.out" | sed 's/^/# /' | head -20
		return 1
	fi
	grep -q 'Analysis completed successfully' "$T/mt.out"
}

if [ ! -x "$tool" ]; then
	skip "SARIF Multitool not installed at $pkg (make test-tools)" 4
else
	for f in report scan live scan-live; do
		validate "$T/$f.sarif"
		ok $? "$f.sarif: multitool (SARIF and GitHub rules) finds no errors"
	done
fi

# check.py LOG [PROFILE]: what code scanning needs of every result.
cat >"$T/check.py" <<'PY'
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
run = log["runs"][0]
prof = open(sys.argv[2]).read().split("\n") if len(sys.argv) > 2 else None
bad = []
if not run.get("automationDetails", {}).get("id"):
    bad.append("no automationDetails.id")
for i, r in enumerate(run["results"]):
    loc = (r.get("locations") or [{}])[0].get("physicalLocation")
    uri = (loc or {}).get("artifactLocation", {}).get("uri")
    if not uri:
        bad.append("result %d (%s) has no physical location" % (i, r["ruleId"]))
        continue
    if not r.get("partialFingerprints"):
        bad.append("result %d has no partialFingerprints" % i)
    if r["kind"] != "fail" and "--passes" not in sys.argv:
        bad.append("result %d is a %s" % (i, r["kind"]))
    step = r.get("properties", {}).get("step")
    line = loc.get("region", {}).get("startLine", 0)
    if prof is not None and step and '"%s"' % step not in prof[line - 1]:
        bad.append("%s: line %d is not step %s" % (r["ruleId"], line, step))
    print("%s %s:%d %s" % (r["ruleId"], uri, line, step or ""))
fps = [json.dumps(r.get("partialFingerprints")) for r in run["results"]]
if len(fps) != len(set(fps)):
    bad.append("two results share a fingerprint")
for b in bad:
    print("BAD", b)
sys.exit(1 if bad or not run["results"] else 0)
PY
python3 "$T/check.py" "$T/live.sarif" "$LAB_PROFILE" >"$T/chk.out" 2>&1
ok $? "live: every finding on the profile line of its step" || sed 's/^/# /' "$T/chk.out"
[ "$(grep -c '^AUTH-2FA-SKIP .*:[0-9]* protected$' "$T/chk.out")" = 1 ]
ok $? "AUTH-2FA-SKIP sits on the protected step" || sed 's/^/# /' "$T/chk.out"
nfail=$(python3 -c 'import json,sys; print(sum(r["status"]=="fail" for r in json.load(open(sys.argv[1]))["results"]))' "$T/live.json")
[ "$(grep -c . "$T/chk.out")" = "$nfail" ]
ok $? "live: one result per failed check, no passes ($nfail)" || sed 's/^/# /' "$T/chk.out"
python3 "$T/check.py" "$T/scan-live.sarif" >"$T/chk.out" 2>&1
ok $? "scan: every finding on a file" || sed 's/^/# /' "$T/chk.out"
[ "$(sort "$T/chk.out" | tr '\n' ' ')" = "TOTP-SEED-EXPOSED logs/app.log:3  TOTP-SEED-EXPOSED logs/app.log:5  " ]
ok $? "scan: one result per seed, at its line" || sed 's/^/# /' "$T/chk.out"
python3 "$T/check.py" "$T/passes.sarif" "$LAB_PROFILE" --passes >"$T/chk.out" 2>&1 &&
    python3 -c 'import json,sys; sys.exit(0 if any(r["kind"]=="pass" for r in json.load(open(sys.argv[1]))["runs"][0]["results"]) else 1)' "$T/passes.sarif"
ok $? "--sarif-passes: passes listed, each on a file" || sed 's/^/# /' "$T/chk.out"

if [ -f "$pkg/sarif-2.1.0.json" ] &&
    python3 -c 'import jsonschema' >/dev/null 2>&1; then
	for f in report scan live scan-live; do
		python3 - "$pkg/sarif-2.1.0.json" "$T/$f.sarif" <<'PY' >"$T/js.out" 2>&1
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1], encoding="utf-8-sig"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
errs = list(Draft202012Validator(schema).iter_errors(doc))
for e in errs[:20]:
    print("/".join(map(str, e.absolute_path)), e.message[:200])
sys.exit(1 if errs else 0)
PY
		ok $? "$f.sarif: valid against the SARIF 2.1.0 schema" ||
		    sed 's/^/# /' "$T/js.out"
	done
else
	skip "schema check needs the validator package and python3 jsonschema" 4
fi
done_testing
