#!/bin/sh
# The SARIF renderer's output passes the official SARIF Multitool validator
# (npm @microsoft/sarif-multitool-linux, installed into build-tools/ by
# `npm install --prefix build-tools @microsoft/sarif-multitool-linux`) with
# zero errors; warnings are shown as diagnostics. The validator does not
# check enum values, so when python3 has jsonschema the logs are also
# checked against the schema file shipped inside the validator's package.
. "${0%/*}/../lib.sh"

top=$(cd "$AA_TESTS/.." && pwd)
pkg="${AA_SARIF_PKG:-$top/build-tools/node_modules/@microsoft/sarif-multitool-linux}"
tool="$pkg/Sarif.Multitool"
writer="$AA_BUILD/tests/unit/test_core_report"

plan 8
run_ok "sample reports written" "$writer" --write-samples "$T"
# A real audit too: a weak lab gives fails, passes and not-tested checks.
if lab_start a "AUTH-2FA-SKIP,AUTH-COOKIE-FLAGS,FIDO-ENUMERATION"; then
	"$AUDIT" audit --profile "$LAB_PROFILE" --device soft --format sarif \
	    --out "$T/live.sarif" >/dev/null 2>"$T/audit.err"
	[ -s "$T/live.sarif" ]
	ok $? "lab audit wrote a SARIF log" || sed 's/^/# /' "$T/audit.err"
	lab_stop
else
	ok 1 "lab audit wrote a SARIF log"
fi

validate() { # file
	"$tool" validate "$1" >"$T/mt.out" 2>&1
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
	skip "SARIF Multitool not installed at $pkg (npm install --prefix build-tools @microsoft/sarif-multitool-linux; chmod u+x Sarif.Multitool)" 3
else
	for f in report scan live; do
		validate "$T/$f.sarif"
		ok $? "$f.sarif: multitool finds no errors"
	done
fi

if [ -f "$pkg/sarif-2.1.0.json" ] &&
    python3 -c 'import jsonschema' >/dev/null 2>&1; then
	for f in report scan live; do
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
	skip "schema check needs the validator package and python3 jsonschema" 3
fi
done_testing
