#!/bin/sh
# Files named on the command line: a FIFO, /dev/zero or a directory is
# refused at once (exit 2), never read. Files written (reports, logs, port
# files) are 0600 whatever the umask, complete or absent, and a symlink at
# the name is replaced, its target left alone.
. "${0%/*}/../lib.sh"

mkfifo "$T/fifo"
cat >"$T/p.prof" <<'EOP'
{
  "name": "files-test",
  "base_url": "http://127.0.0.1:1",
  "limits": {"max_requests": 10, "timeout_ms": 1000},
  "accounts": [{"username": "u1", "password": "files-pass-1"}],
  "steps": {"login": {"method": "POST", "path": "/login",
                      "json": {"u": "${username}", "p": "${password}"}}}
}
EOP

# ---- reading: nothing but regular files
for f in "$T/fifo" /dev/zero "$T"; do
	timeout 20 "$AUDIT" audit --profile "$f" >/dev/null 2>"$T/err"
	is $? 2 "--profile $(basename "$f"): exit 2 at once"
	like "$(cat "$T/err")" "*not a regular file*" \
		"--profile $(basename "$f"): says why"
done
printf 'example.com\n' >"$T/targets"
timeout 20 "$AUDIT" factors --batch "$T/fifo" --offline >/dev/null 2>"$T/err"
is $? 2 "factors --batch FIFO: exit 2 at once"
timeout 20 "$AUDIT" factors example.com --offline --directory "$T/fifo" \
	>/dev/null 2>"$T/err"
is $? 2 "factors --directory FIFO: exit 2 at once"
timeout 20 "$AUDIT" sms-sim estimate --policy "$T/fifo" >/dev/null 2>"$T/err"
isnt $? 124 "sms-sim --policy FIFO: no hang"

# ---- reports: 0600, atomic, never through a symlink
echo "keep me" >"$T/victim"
ln -s "$T/victim" "$T/link.json"
(umask 000 && "$AUDIT" audit --profile "$T/p.prof" --format json \
	--out "$T/link.json" --also "text=$T/r.txt" >/dev/null 2>"$T/err")
is $? 3 "unreachable target: exit 3, reports written"
is "$(cat "$T/victim")" "keep me" "--out over a symlink: its target untouched"
[ -f "$T/link.json" ] && [ ! -L "$T/link.json" ]
ok $? "--out over a symlink: the link is replaced by the report"
grep -q '"not_tested"' "$T/link.json"
ok $? "--out over a symlink: the report is complete"
is "$(stat -c %a "$T/link.json")" 600 "report created 0600 under umask 000"
is "$(stat -c %a "$T/r.txt")" 600 "--also report 0600 under umask 000"
ls "$T" | grep -q '\.json\.\|\.txt\.'
isnt $? 0 "no temporary file left behind"

timeout 20 "$AUDIT" audit --profile "$T/p.prof" --out "$T/fifo" \
	>/dev/null 2>"$T/err"
is $? 2 "--out FIFO: exit 2 before the run"
like "$(cat "$T/err")" "*not a regular file (use '-'*" "--out FIFO: says use '-'"
timeout 20 "$AUDIT" audit --profile "$T/p.prof" --also "json=/dev/zero" \
	>/dev/null 2>"$T/err"
is $? 2 "--also json=/dev/zero: exit 2 before the run"
timeout 20 "$AUDIT" totp scan "$T/targets" --out "$T/fifo" >/dev/null 2>"$T/err"
is $? 2 "totp scan --out FIFO: exit 2"

ln -s "$T/victim" "$T/link2"
echo '{}' >"$T/dir.json"
"$AUDIT" factors example.com --offline --directory "$T/dir.json" \
	--passkeys "$T/dir.json" --out "$T/link2" >/dev/null 2>"$T/err"
is $? 0 "factors --out over a symlink: runs"
is "$(cat "$T/victim")" "keep me" "factors --out over a symlink: target untouched"
grep -q 'example.com' "$T/link2"
ok $? "factors --out over a symlink: output in place of the link"

# ---- logs and port files of the servers
ln -s "$T/victim" "$T/sms.log"
timeout 20 "$AUDIT" sms-sim serve --listen 127.0.0.1:0 --log "$T/sms.log" \
	>/dev/null 2>"$T/err" </dev/null
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
ok $? "sms-sim --log over a symlink: refused"
is "$(cat "$T/victim")" "keep me" "sms-sim --log: the symlink's target untouched"

(umask 000 && exec "$AUDIT" sms-sim serve --listen 127.0.0.1:0 \
	--log "$T/new.log" --port-file "$T/sms.port" >/dev/null 2>&1 </dev/null) &
pid=$!
i=0
while [ ! -s "$T/sms.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(stat -c %a "$T/sms.port" 2>/dev/null)" 600 "sms-sim port file 0600"
is "$(stat -c %a "$T/new.log" 2>/dev/null)" 600 "sms-sim log 0600"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

(umask 000 && exec "$LAB" --listen 127.0.0.1:0 --port-file "$T/lab.port" \
	>/dev/null 2>&1 </dev/null) &
pid=$!
i=0
while [ ! -s "$T/lab.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(stat -c %a "$T/lab.port" 2>/dev/null)" 600 "auth-lab port file 0600"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
! grep -q 'files-pass-1' "$T"/link.json "$T"/*.txt "$T/err" 2>/dev/null
ok $? "no password in any file written"
done_testing
