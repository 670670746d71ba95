#!/bin/sh
# What an audit says on stderr: plain progress lines off a terminal, one
# redrawn line on a terminal, each request with --verbose (secrets
# redacted), nothing but errors with --quiet.
. "${0%/*}/../lib.sh"

lab_start a "" || skip_all "auth-lab did not start"
ID=AUTH-2FA-SKIP

# ---- off a terminal: plain lines
"$AUDIT" audit --profile "$LAB_PROFILE" --only $ID --format tsv --out "$T/r.tsv" 2>"$T/err"
is $? 0 "plain run: exit 0"
grep -q "^auth-audit: \[1/1\] $ID\$" "$T/err"
ok $? "progress as a plain line: [1/1] $ID"
! grep -q "$(printf '\r')" "$T/err"
ok $? "no carriage returns off a terminal"
! grep -q -- ' -> ' "$T/err"
ok $? "no request trace without --verbose"

# ---- --verbose: one line per request, method URL -> status (time)
"$AUDIT" audit --profile "$LAB_PROFILE" --only $ID --format tsv --out "$T/r.tsv" --verbose 2>"$T/err"
is $? 0 "--verbose: exit 0"
grep -q "^auth-audit: POST $LAB_URL/api/login -> 200 ([0-9.]* ms)\$" "$T/err"
ok $? "--verbose: the login request with status and time"
grep -q "^auth-audit: GET $LAB_URL/api/me -> 401 " "$T/err"
ok $? "--verbose: a refused request shows its status"
n=$(grep -c -- ' -> ' "$T/err")
[ "$n" -ge 5 ]
ok $? "--verbose: every request traced ($n lines)"
grep -q "^auth-audit: \[1/1\] $ID\$" "$T/err"
ok $? "--verbose keeps the progress lines"
"$AUDIT" audit --profile "$LAB_PROFILE" --only $ID --format tsv --out "$T/r.tsv" -v 2>"$T/err2"
is "$(grep -c -- ' -> ' "$T/err2")" "$n" "-v is --verbose"

# A step whose URL carries the password: the trace redacts it.
sed 's|"method": "POST", "path": "/api/login",|"method": "GET", "path": "/api/login?user=${username}\&pass=${password}",|' \
	"$LAB_PROFILE" >"$T/get-login.json"
"$AUDIT" audit --profile "$T/get-login.json" --only $ID --format tsv --out "$T/r.tsv" --verbose 2>"$T/err"
grep -q "GET $LAB_URL/api/login?user=audit-a&pass=" "$T/err"
ok $? "--verbose: the request with the password in its URL is traced"
! grep -q 'lab-pass-a' "$T/err"
ok $? "--verbose: the password in a URL is redacted"

# ---- --quiet: nothing on stderr for a clean run, errors still
"$AUDIT" audit --profile "$LAB_PROFILE" --only $ID --format tsv --out "$T/r.tsv" --quiet --verbose 2>"$T/err"
is $? 0 "--quiet: exit 0"
is "$(wc -c <"$T/err" | tr -d ' ')" 0 "--quiet (even with --verbose): nothing on stderr"
"$AUDIT" audit --profile "$LAB_PROFILE" --only $ID --format tsv --out "$T/r.tsv" -q 2>"$T/err"
is "$(wc -c <"$T/err" | tr -d ' ')" 0 "-q is --quiet"
"$AUDIT" audit --profile "$T/none.json" -q 2>"$T/err"
is $? 2 "--quiet: a missing profile still exits 2"
like "$(cat "$T/err")" "*none.json: No such file or directory*" "--quiet: errors are still printed"

# ---- on a terminal (script(1) gives the audit a pty): one redrawn line
if command -v script >/dev/null 2>&1; then
	TERM=xterm script -qec "'$AUDIT' audit --profile '$LAB_PROFILE' --only $ID --format tsv --out '$T/r.tsv'" \
		/dev/null >"$T/tty" 2>&1 </dev/null
	cr=$(printf '\r')
	el=$(printf '\033[K')
	grep -q "${cr}\[1/1\] $ID" "$T/tty"
	ok $? "terminal: the check is drawn at the start of the line"
	grep -qF "$el" "$T/tty"
	ok $? "terminal: the line is cleared to its end when redrawn"
	! grep -q "auth-audit: \[1/1\]" "$T/tty"
	ok $? "terminal: no plain progress lines"
	# the last thing on the terminal is the erased status line
	tail -c 4 "$T/tty" | od -c | grep -q '\\r 033   \[   K'
	ok $? "terminal: the status line is erased at the end"
	TERM=xterm script -qec "'$AUDIT' audit --profile '$LAB_PROFILE' --only $ID --format tsv --out '$T/r.tsv' --quiet" \
		/dev/null >"$T/tty" 2>&1 </dev/null
	is "$(wc -c <"$T/tty" | tr -d ' ')" 0 "terminal with --quiet: nothing"
	TERM=xterm script -qec "'$AUDIT' audit --profile '$LAB_PROFILE' --only $ID --format tsv --out '$T/r.tsv' -v" \
		/dev/null >"$T/tty" 2>&1 </dev/null
	grep -qF "${cr}${el}auth-audit: POST $LAB_URL/api/login -> 200" "$T/tty"
	ok $? "terminal with --verbose: trace lines start on a clean line"
else
	skip "script(1) is not installed" 6
fi
lab_stop
done_testing
