#!/bin/sh
# `totp scan` progress: a line naming the file being read on a terminal,
# nothing off a terminal (a line per file would flood a log), nothing with
# --quiet; the report and per-file errors are unchanged.
. "${0%/*}/../lib.sh"

mkdir -p "$T/scan/sub"
printf 'otpauth://totp/x:y?secret=B7WUTHEQWSPD44GZFEQ3MRPMAZ2WUALL&issuer=x\n' \
	>"$T/scan/uris.txt"
printf 'nothing to see here\n' >"$T/scan/sub/notes.txt"

"$AUDIT" totp scan "$T/scan" --format tsv --out "$T/r.tsv" </dev/null 2>"$T/err"
is $? 1 "scan with a plaintext backup: exit 1"
is "$(result_status "$T/r.tsv" TOTP-BACKUP-PLAINTEXT)" fail "the backup is found"
is "$(wc -c <"$T/err" | tr -d ' ')" 0 "off a terminal: nothing on stderr"

if ! command -v script >/dev/null 2>&1; then
	skip "script(1) is not installed" 4
	done_testing
fi
# (an empty password: no prompt on the terminal)
echo >"$T/pw"
TERM=xterm script -qec "'$AUDIT' totp scan '$T/scan/uris.txt' --password-file '$T/pw' --format tsv --out '$T/r.tsv'" \
	/dev/null >"$T/tty" 2>&1 </dev/null
cr=$(printf '\r')
el=$(printf '\033[K')
grep -qF "${cr}file 1: $T/scan/uris.txt${el}" "$T/tty"
ok $? "terminal: the file being read is shown"
tail -c 4 "$T/tty" | od -c | grep -q '\\r 033   \[   K'
ok $? "terminal: the line is erased at the end"
is "$(result_status "$T/r.tsv" TOTP-BACKUP-PLAINTEXT)" fail "terminal: same report"
TERM=xterm script -qec "'$AUDIT' totp scan '$T/scan' --password-file '$T/pw' --format tsv --out '$T/r.tsv' -q" \
	/dev/null >"$T/tty" 2>&1 </dev/null
is "$(wc -c <"$T/tty" | tr -d ' ')" 0 "terminal with --quiet: nothing"
done_testing
