#!/bin/sh
# auth-audit fido keys / info, the software key's state file, and the clear
# results the FIDO module gives when there is no key or the service sends
# malformed options. A hardened lab passes every FIDO check on both shapes.
. "${0%/*}/../lib.sh"
. "${0%/*}/fido.sh"

FIDO_IDS=FIDO-NOT-OFFERED,FIDO-REGISTER-UNAUTH,FIDO-ORIGIN,FIDO-RPID,FIDO-TYPE,FIDO-CHALLENGE,FIDO-REPLAY,FIDO-SIGNATURE,FIDO-UP,FIDO-UV,FIDO-COUNTER,FIDO-CRED-NOT-BOUND,FIDO-CRED-UNKNOWN,FIDO-CRED-SUBSTITUTION,FIDO-ATTESTATION,FIDO-ALG,FIDO-CHALLENGE-WEAK,FIDO-USER-HANDLE-PII,FIDO-ENUMERATION

# --- fido keys / info ---------------------------------------------------------
run_ok "fido keys" "$AUDIT" fido keys
if grep -q '^/' "$T/out"; then
	skip "a real security key is attached" 1
else
	like "$(cat "$T/out")" "no security key found*" "  ... says clearly that there is no key"
fi
run_ok "fido keys --soft" "$AUDIT" fido keys --soft
like "$(cat "$T/out")" "*soft*software key*" "  ... lists the software key"
run_ok "fido info --device soft" "$AUDIT" fido info --device soft
like "$(cat "$T/out")" "*versions*FIDO_2_1*" "  ... CTAP versions"
like "$(cat "$T/out")" "*algorithms*ES256*EdDSA*RS256*" "  ... algorithms"
like "$(cat "$T/out")" "*pin*not set*" "  ... PIN state"
run_ok "fido info --device soft-u2f" "$AUDIT" fido info --device soft-u2f
like "$(cat "$T/out")" "*versions*U2F_V2*" "  ... a CTAP1-only key"
run_ok "fido info --json" "$AUDIT" fido info --device soft --json
like "$(cat "$T/out")" '*"aaguid"*' "  ... JSON has the AAGUID"

run_ok "soft key with a state file" "$AUDIT" fido info --device "soft:$T/key.json"
g1=$(sed -n 's/^aaguid *//p' "$T/out")
is "$(stat -c %a "$T/key.json")" 600 "  ... state file is 0600"
"$AUDIT" fido info --device "soft:$T/key.json" >"$T/out2" 2>&1
is "$(sed -n 's/^aaguid *//p' "$T/out2")" "$g1" "  ... and the key is the same next time"
chmod 644 "$T/key.json"
"$AUDIT" fido info --device "soft:$T/key.json" >/dev/null 2>&1
is "$?" 3 "  ... a state file others can read is refused"

"$AUDIT" fido info --device /nonexistent/hidraw >/dev/null 2>"$T/err"
is "$?" 3 "missing device: exit 3"
like "$(cat "$T/err")" "*cannot open security key*" "  ... with a message"
"$AUDIT" fido info --device soft: >/dev/null 2>&1
is "$?" 2 "empty state file name is a usage error"
"$AUDIT" fido nope >/dev/null 2>&1
is "$?" 2 "unknown fido subcommand is a usage error"

# --- audits -------------------------------------------------------------------
for shape in a b; do
	lab_start "$shape" ""
	audit_tsv "$LAB_PROFILE" "$FIDO_IDS" --device soft >"$T/all.tsv"
	is "$(awk -F '\t' '$2 != "pass"' "$T/all.tsv")" "" \
		"hardened lab (shape $shape): every FIDO check passes" ||
		sed 's/^/#   /' "$T/all.tsv"
	is "$(wc -l <"$T/all.tsv" | tr -d ' ')" 19 "  ... one result per check"
done

if ! "$AUDIT" fido keys | grep -q '^/'; then
	lab_start a ""
	audit_tsv "$LAB_PROFILE" FIDO-ORIGIN,FIDO-CHALLENGE-WEAK --device auto >"$T/auto.tsv"
	is "$(result_status "$T/auto.tsv" FIDO-ORIGIN)" not_tested \
		"no key: key checks are not_tested"
	like "$(grep FIDO-ORIGIN "$T/auto.tsv")" "*no security key found*" \
		"  ... saying why"
	is "$(result_status "$T/auto.tsv" FIDO-CHALLENGE-WEAK)" pass \
		"  ... options checks still run"
else
	skip "a real security key is attached" 3
fi

# A service whose options are not WebAuthn options: clear not_tested.
lab_start a ""
cat >"$T/bad.json" <<EOT
{
  "name": "malformed options",
  "base_url": "$LAB_URL",
  "accounts": [
    {"username": "audit-a", "password": "lab-pass-a"},
    {"username": "audit-b", "password": "lab-pass-b"}
  ],
  "steps": {
    "login": {"method": "POST", "path": "/api/login",
      "json": {"username": "\${username}", "password": "\${password}"},
      "ok": {"status": [200]}},
    "webauthn_register_options": {"method": "POST", "path": "/api/login",
      "json": {"username": "\${username}", "password": "\${password}"},
      "extract": {"options": "json:/user"}, "ok": {"status": [200]}},
    "webauthn_register_result": {"method": "POST", "path": "/api/me"},
    "webauthn_login_options": {"method": "POST", "path": "/api/me"},
    "webauthn_login_result": {"method": "POST", "path": "/api/me"}
  }
}
EOT
audit_tsv "$T/bad.json" FIDO-ORIGIN,FIDO-NOT-OFFERED --device soft >"$T/bad.tsv"
is "$(result_status "$T/bad.tsv" FIDO-ORIGIN)" not_tested \
	"malformed options: checks are not_tested"
like "$(grep FIDO-ORIGIN "$T/bad.tsv")" "*malformed options*" "  ... naming the cause"
lab_stop
done_testing
