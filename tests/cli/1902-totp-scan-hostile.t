#!/bin/sh
# `totp scan` on hostile input: a vault with 100k password slots ends,
# bounded, with a report; paths that are not files are refused at once
# (exit 2) instead of hanging or being skipped in silence; a tree deeper
# than 64 levels says what it did not scan; the backup password never
# shows.
. "${0%/*}/../lib.sh"

PW='p"a&s s+/%w\303\251rd'
printf '%s\n' "$PW" >"$T/pw"

# An Aegis vault whose 100,000 password slots (scrypt N=2^15 each, about
# 0.1 s) all fail: hours of KDF work without the slot and work caps.
awk 'BEGIN {
	printf "{\"version\": 1, \"header\": {\"slots\": ["
	for (i = 0; i < 100000; i++) {
		printf "%s{\"type\": 1, \"uuid\": \"u%d\", \"key\": \"%064d\", ", \
		    i ? "," : "", i, i
		printf "\"key_params\": {\"nonce\": \"%024d\", \"tag\": \"%032d\"}, ", \
		    i, i
		printf "\"n\": 32768, \"r\": 8, \"p\": 1, \"salt\": \"%064d\"}", i
	}
	printf "], \"params\": {\"nonce\": \"%024d\", \"tag\": \"%032d\"}}, ", 0, 0
	printf "\"db\": \"AAAA\"}\n"
}' >"$T/vault.json"
timeout 120 "$AUDIT" totp scan "$T/vault.json" --password-file "$T/pw" \
	--format json --out "$T/slots.json" >/dev/null 2>"$T/slots.err"
rc=$?
[ "$rc" -ne 124 ]
ok $? "100k-slot vault: the scan ends (not killed by timeout)"
is "$rc" 3 "100k-slot vault: exit 3 (the file could not be opened)"
like "$(cat "$T/slots.err")" "*more than 8 password slots*" \
	"100k-slot vault: the slot cap is named"
n=$(grep -c '"id": "TOTP-' "$T/slots.json" 2>/dev/null)
is "$n" 5 "100k-slot vault: the report has all five results"
grep -q '"TOTP-BACKUP-WEAK-KDF"' "$T/slots.json" &&
	grep -q 'scrypt' "$T/slots.json"
ok $? "100k-slot vault: its KDF is still judged"

# ---- paths that are not regular files: exit 2 at once, no hang
mkfifo "$T/fifo"
timeout 20 "$AUDIT" totp scan "$T/fifo" >/dev/null 2>"$T/err"
is $? 2 "FIFO named on the command line: exit 2"
like "$(cat "$T/err")" "*fifo: not a regular file or directory*" \
	"FIFO: clear message"
timeout 20 "$AUDIT" totp scan /dev/zero >/dev/null 2>"$T/err"
is $? 2 "/dev/zero named on the command line: exit 2"
timeout 20 "$AUDIT" totp scan "$T/vault.json" --password-file "$T/fifo" \
	>/dev/null 2>"$T/err"
is $? 2 "--password-file FIFO: exit 2 at once"
like "$(cat "$T/err")" "*not a regular file*" "--password-file FIFO: message"
timeout 20 "$AUDIT" totp scan "$T/vault.json" --password-file /dev/null \
	>/dev/null 2>"$T/err"
is $? 2 "--password-file /dev/null (a device): exit 2"
timeout 20 "$AUDIT" totp check "$T/fifo" >/dev/null 2>"$T/err"
is $? 2 "totp check URI-FILE that is a FIFO: exit 2"

# ---- deeper than 64 levels: said, not silently dropped
d="$T/deep"
i=0
while [ $i -lt 66 ]; do d="$d/d"; i=$((i + 1)); done
mkdir -p "$d"
printf 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n' >"$d/seed.txt"
"$AUDIT" totp scan "$T/deep" --format tsv >"$T/deep.tsv" 2>"$T/deep.err"
is $? 3 "tree deeper than 64: exit 3 (not everything scanned)"
like "$(cat "$T/deep.err")" "*deeper than 64 levels: not scanned*" \
	"tree deeper than 64: the cut is named"

# ---- the password, in any encoding, never shows
enc=$(printf '%s' "$PW" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
! grep -q -F -e 'p"a&s s+' -e "$enc" -e 'a%26s' -e 'a&amp;s' \
	"$T/slots.json" "$T/slots.err" "$T/err" "$T/deep.err"
ok $? "backup password in no report or message"
done_testing
