#!/bin/sh
# The HTML report a person reads: one self-contained file (no scripts, no
# external resources) with an executive summary, inline SVG charts, the
# baseline before the findings, and evidence as HTTP transcripts with curl
# commands, secrets redacted; graded Failing, Incomplete and no grade alike.
# Headless Chromium (Debian's chromium) loads each page: its DOM must hold
# the charts, and a screenshot of each is written to
# $AA_BUILD/screenshots/ for a person to look at.
. "${0%/*}/../lib.sh"

plan 22
SHOTS="$AA_BUILD/screenshots"
mkdir -p "$SHOTS"

# The weak lab: fails with request evidence, a baseline, passes.
if lab_start a "AUTH-OTP-EMPTY,AUTH-COOKIE-FLAGS,AUTH-PHONE-DISCLOSED"; then
	"$AUDIT" audit --profile "$LAB_PROFILE" --device soft \
	    --only AUTH-OTP-EMPTY,AUTH-COOKIE-FLAGS,AUTH-PHONE-DISCLOSED \
	    --only AUTH-2FA-SKIP,FIDO-ENUMERATION \
	    --format html --out "$T/weak.html" \
	    --also json="$T/weak.json" --also md="$T/weak.md" \
	    >/dev/null 2>"$T/audit.err"
	[ -s "$T/weak.html" ]
	ok $? "weak lab: HTML report written" || sed 's/^/# /' "$T/audit.err"
	WEAK_URL=$LAB_URL
	# Hardened lab, mostly checks it cannot run here: Incomplete.
	lab_start a ""
	"$AUDIT" audit --profile "$LAB_PROFILE" --device "$T/no-such-key" \
	    --only 'AUTH-2FA-SKIP,FIDO-ORIGIN,FIDO-RPID,FIDO-TYPE' --format html \
	    --out "$T/incomplete.html" --also json="$T/incomplete.json" \
	    >/dev/null 2>"$T/audit.err"
	lab_stop
else
	ok 1 "weak lab: HTML report written"
fi
# A target that never answers: no grade.
sed "s|\"base_url\": *\"[^\"]*\"|\"base_url\": \"http://127.0.0.1:1\"|" \
    "$AA_TESTS/lab/profile-a.json" >"$T/down.json"
"$AUDIT" audit --profile "$T/down.json" --format html --out "$T/down.html" \
    --also json="$T/down.json.out" --also md="$T/down.md" >/dev/null 2>&1

h="$T/weak.html"
grep -qi '<script' "$h" || grep -qi '<script' "$T/down.html"
[ $? -ne 0 ]
ok $? "no scripts"
# Only the CWE references link out; no src= or url( loads anything.
n=$(grep -oE '(src|href)="[^"]*"|url\(' "$h" | grep -vc 'href="https://cwe.mitre.org/')
is "$n" 0 "no external resources"
grep -q '<section class="summary"' "$h" && grep -q 'The grade is capped at Failing by AUTH-OTP-EMPTY' "$h"
ok $? "executive summary: grade and the caps in one sentence"
grep -qE '<li><span class="dot"[^>]*></span>[0-9]+ critical</li>' "$h"
ok $? "summary counts findings by severity"
grep -q '<title>Findings by module and severity</title>' "$h" &&
    grep -q '<title>Coverage: ' "$h"
ok $? "inline SVG: findings chart and coverage bar"
b=$(grep -n 'id="baseline"' "$h" | cut -d: -f1)
f=$(grep -n '<h2>Failed checks' "$h" | cut -d: -f1)
[ -n "$b" ] && [ -n "$f" ] && [ "$b" -lt "$f" ] && grep -q '<td>audit-a</td>' "$h"
ok $? "baseline per account before the findings"
grep -q 'POST /api/2fa/totp HTTP/1.1$' "$h" && grep -q '^HTTP/1.1 200$' "$h"
ok $? "evidence as an HTTP transcript"
grep -q "curl -i -b cookies.txt -c cookies.txt -X &#39;POST&#39; &#39;$WEAK_URL/api/login&#39;" "$h"
ok $? "a curl command per exchange, shell-quoted and escaped"
grep -q 'lab-pass-a' "$T"/weak.* || grep -q 'lab-pass-a' "$T/down.html"
[ $? -ne 0 ]
ok $? "no password in html, md or json"
grep -q 'password&quot;:&quot;«redacted' "$h"
ok $? "the curl body carries the redaction mark instead"
b=$(grep -n '^## Baseline' "$T/weak.md" | cut -d: -f1)
f=$(grep -n '^## Failed checks' "$T/weak.md" | cut -d: -f1)
[ -n "$b" ] && [ -n "$f" ] && [ "$b" -lt "$f" ] && grep -q '^## Summary' "$T/weak.md"
ok $? "md: summary, baseline before the findings"
grep -q '<span class="grade g-Incomplete">Incomplete</span>' "$T/incomplete.html"
ok $? "grade Incomplete rendered" || grep -o '"grade": [^,]*' "$T/incomplete.json" | sed 's/^/# /'
grep -q '<span class="grade g-none">No grade</span>' "$T/down.html" &&
    grep -q 'the target never answered' "$T/down.html"
ok $? "no grade rendered, with why"
grep -q '"grade": null' "$T/down.json.out" && grep -q '^\*\*Grade: No grade\*\*' "$T/down.md"
ok $? "no grade: null in JSON, said in md"

# Headless Chromium loads each page; screenshots for people.
chrome=
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null && { chrome=$c; break; }
done
if [ -z "$chrome" ]; then
	skip "no chromium (apt-get install chromium)" 7
else
	browse() { # html png
		"$chrome" --headless --no-sandbox --disable-gpu \
		    --disable-background-networking --no-first-run \
		    --user-data-dir="$T/chrome" --hide-scrollbars \
		    --window-size=1100,1800 "$@"
	}
	for p in weak incomplete down; do
		rm -f "$SHOTS/report-$p.png"
		browse --screenshot="$SHOTS/report-$p.png" "file://$T/$p.html" \
		    >"$T/chrome.out" 2>&1
		# A PNG starts with \211PNG.
		[ "$(head -c 4 "$SHOTS/report-$p.png" 2>/dev/null | tail -c 3)" = PNG ]
		ok $? "chromium screenshot of the $p report" ||
		    tail -5 "$T/chrome.out" | sed 's/^/# /'
	done
	browse --dump-dom "file://$T/weak.html" >"$T/dom" 2>"$T/chrome.out"
	[ "$(grep -o '<svg' "$T/dom" | wc -l)" -eq 2 ]
	ok $? "chromium's DOM holds both charts" || tail -5 "$T/chrome.out" | sed 's/^/# /'
	grep -q '<rect[^>]*fill="#8e0000"><title>auth: 1 critical</title>' "$T/dom"
	ok $? "the chart's critical bar of the auth module, as parsed"
	grep -q '<pre class="curl">curl -i' "$T/dom"
	ok $? "curl commands survive parsing as preformatted text"
	browse --dump-dom "file://$T/down.html" >"$T/dom" 2>/dev/null
	grep -q 'No grade' "$T/dom"
	ok $? "the unreachable target's page parses"
fi
diag "screenshots in $SHOTS"
done_testing
