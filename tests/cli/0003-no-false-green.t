#!/bin/sh
# No false green: a misspelled step or member is a profile error (exit 2)
# naming it with the nearest known name; an unreachable target gets no
# grade; a profile that lets fewer than half of the checks run is graded
# Incomplete (exit 4), never Passing.
. "${0%/*}/../lib.sh"

plan 11

mkprofile() {
	cat >"$T/p.json" <<EOP
{
  "name": "green-test",
  "base_url": "$1",
  "limits": {"max_requests": 200, "timeout_ms": 1500},
  "accounts": [{"username": "audit-a", "password": "lab-pass-a"}],
  "steps": {
    "login": {"method": "POST", "path": "/api/login",
      "json": {"username": "\${username}", "password": "\${password}"},
      "ok": {"status": [200], "json": {"/ok": true}}},
    "protected": {"method": "GET", "path": "/api/me",
      "ok": {"status": [200], "json": {"/ok": true}}}
  }
}
EOP
}

mkprofile "http://127.0.0.1:1"
sed 's/"protected"/"protectd"/' "$T/p.json" >"$T/typo.json"
"$AUDIT" audit --profile "$T/typo.json" >/dev/null 2>"$T/err"
is $? 2 "misspelled step: exit 2"
like "$(cat "$T/err")" '*/steps/protectd*did you mean "protected"*' \
	"  ... names the step and the nearest one"
sed 's/"limits"/"limts"/' "$T/p.json" >"$T/typo2.json"
"$AUDIT" audit --profile "$T/typo2.json" >/dev/null 2>"$T/err"
is $? 2 "misspelled top-level member: exit 2"
like "$(cat "$T/err")" '*"limts"*did you mean "limits"*' "  ... names it"
sed 's/"timeout_ms"/"timeout"/' "$T/p.json" >"$T/typo3.json"
"$AUDIT" audit --profile "$T/typo3.json" >/dev/null 2>"$T/err"
is $? 2 "misspelled limit: exit 2"

# unreachable: exit 3, a report with no grade at all
"$AUDIT" audit --profile "$T/p.json" --format json --out "$T/r.json" \
	>/dev/null 2>"$T/err"
is $? 3 "unreachable target: exit 3"
grep -q '"grade": null' "$T/r.json"
ok $? "  ... the report has no grade"

# a profile with only login and protected: most checks cannot run
lab_start a "" || { skip "lab did not start" 4; done_testing; }
mkprofile "$LAB_URL"
"$AUDIT" audit --profile "$T/p.json" --format json --out "$T/r.json" \
	--fail-on none >/dev/null 2>"$T/err"
is $? 4 "under half of the checks ran: exit 4"
grep -q '"grade": "Incomplete"' "$T/r.json"
ok $? "  ... graded Incomplete" || grep grade "$T/r.json" | head -2 | sed 's/^/# /'
"$AUDIT" audit --profile "$T/p.json" --format text --out "$T/r.txt" \
	--fail-on none >/dev/null 2>&1
like "$(cat "$T/r.txt")" "*Grade: Incomplete*" "  ... in the text report too"
"$AUDIT" audit --profile "$T/p.json" --format sarif --out "$T/r.sarif" \
	--fail-on none >/dev/null 2>&1
grep -q 'Incomplete' "$T/r.sarif"
ok $? "  ... and in SARIF"
done_testing
