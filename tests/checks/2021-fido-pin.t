#!/bin/sh
# A software key with a PIN (state file): the audit takes the PIN from the
# environment, never argv; a wrong PIN gives a clear not_tested and is tried
# only once (each try costs one of the key's retries); the right one works.
. "${0%/*}/../lib.sh"
. "${0%/*}/fido.sh"

command -v sha256sum >/dev/null 2>&1 || skip_all "sha256sum(1) not installed"
IDS=FIDO-ORIGIN,FIDO-SIGNATURE,FIDO-UV,FIDO-CRED-UNKNOWN
KEY="$T/pin-key.json"

run_ok "make a soft key state file" "$AUDIT" fido info --device "soft:$KEY"
# the state file keeps LEFT(SHA-256(PIN), 16) in hex (docs/FIDO.md)
hash=$(printf 1234 | sha256sum | cut -c1-32)
sed "s/^{\"version\":1,/{\"version\":1,\"pin_hash\":\"$hash\",/" "$KEY" >"$T/k2" &&
	cat "$T/k2" >"$KEY"
run_ok "fido info on the key with a PIN" "$AUDIT" fido info --device "soft:$KEY"
like "$(cat "$T/out")" "*pin*set*" "  ... PIN set"
like "$(cat "$T/out")" "*pin retries*8*" "  ... 8 retries"

lab_start a ""
AUTH_AUDIT_FIDO_PIN=9999 audit_tsv "$LAB_PROFILE" "$IDS" --device "soft:$KEY" >"$T/bad.tsv"
is "$(result_status "$T/bad.tsv" FIDO-ORIGIN)" not_tested "wrong PIN: not_tested"
like "$(grep FIDO-ORIGIN "$T/bad.tsv")" "*PIN*" "  ... naming the PIN"
"$AUDIT" fido info --device "soft:$KEY" >"$T/info" 2>&1
like "$(cat "$T/info")" "*pin retries*7*" "  ... and tried only once"
is "$(grep -c 9999 "$T/bad.tsv")" 0 "  ... the PIN is in no report"

lab_start a ""
audit_tsv "$LAB_PROFILE" "$IDS" --device "soft:$KEY" >"$T/none.tsv"
is "$(result_status "$T/none.tsv" FIDO-ORIGIN)" not_tested "no PIN given: not_tested"

lab_start a ""
AUTH_AUDIT_FIDO_PIN=1234 audit_tsv "$LAB_PROFILE" "$IDS" --device "soft:$KEY" >"$T/good.tsv"
is "$(awk -F '\t' '$2 != "pass"' "$T/good.tsv")" "" "right PIN: every check runs and passes" ||
	sed 's/^/#   /' "$T/good.tsv"
printf '1234\n' >"$T/pinfile"
lab_start b ""
AUTH_AUDIT_FIDO_PIN_FILE="$T/pinfile" audit_tsv "$LAB_PROFILE" "$IDS" --device "soft:$KEY" >"$T/file.tsv"
is "$(awk -F '\t' '$2 != "pass"' "$T/file.tsv")" "" "PIN from a file (shape b)" ||
	sed 's/^/#   /' "$T/file.tsv"
lab_stop
done_testing
