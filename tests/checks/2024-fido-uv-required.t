#!/bin/sh
# A service that requires user verification in every ceremony (auth-lab
# --fido-uv-required): the software key sets up a PIN of its own, the
# baseline and every probe verify with it, so no check is lost to a UV
# refusal; FIDO-UV's own probe goes without. The same key (state file)
# has the same PIN next time.
. "${0%/*}/../lib.sh"
. "${0%/*}/fido.sh"

FIDO_IDS=FIDO-NOT-OFFERED,FIDO-REGISTER-UNAUTH,FIDO-ORIGIN,FIDO-RPID,FIDO-TYPE,FIDO-CHALLENGE,FIDO-REPLAY,FIDO-SIGNATURE,FIDO-UP,FIDO-UV,FIDO-COUNTER,FIDO-CRED-NOT-BOUND,FIDO-CRED-UNKNOWN,FIDO-CRED-SUBSTITUTION,FIDO-ATTESTATION,FIDO-ALG,FIDO-CHALLENGE-WEAK,FIDO-USER-HANDLE-PII,FIDO-ENUMERATION

plan 7
for shape in a b; do
	lab_start "$shape" "" --fido-uv-required
	audit_tsv "$LAB_PROFILE" "$FIDO_IDS" --device "soft:$T/key-$shape.json" \
		>"$T/all.tsv"
	is "$(awk -F '\t' '$2 != "pass"' "$T/all.tsv")" "" \
		"UV required (shape $shape): every FIDO check passes" ||
		sed 's/^/#   /' "$T/all.tsv" "$T/audit.err" >&2
	like "$(cat "$T/audit.err")" "*verifies with a PIN of its own*" \
		"  ... the software key set up its PIN (said on stderr)"
done
"$AUDIT" fido info --device "soft:$T/key-a.json" >"$T/info" 2>&1
like "$(cat "$T/info")" "*clientPin=yes*" \
	"the key keeps its PIN in its state file"
lab_start a FIDO-UV --fido-uv-required
expect_status FIDO-UV fail \
	"FIDO-UV weak: detected with a key that already has its PIN" \
	--device "soft:$T/key-a.json"
lab_start a "" --fido-uv-required
expect_status FIDO-UV pass "FIDO-UV hardened: passes with that key" \
	--device "soft:$T/key-a.json"
lab_stop
done_testing
