#!/bin/sh
# Optional interop: `totp scan` on real exports written by authenticator
# apps (../shared/data/authenticator-exports, or $AA_SHARED/data/...).
# Skips when that data is absent; the project's own tests generate theirs.
. "${0%/*}/../lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
shared=${AA_SHARED:-$top/../shared}
X=$shared/data/authenticator-exports
[ -d "$X/aegis-vectors" ] || skip_all "no $X (optional interop data)"

printf 'test\n' >"$T/pw"
V=$X/aegis-vectors
# scan_one FILE -> tsv of that file alone in $T/one.tsv
scan_one() {
	"$AUDIT" totp scan "$1" --password-file "$T/pw" --format tsv \
		--fail-on none >"$T/one.tsv" 2>"$T/one.err"
}
st() { result_status "$T/one.tsv" "$1"; }

for f in aegis_plain.json andotp_plain.json freeotp_plus.json bitwarden.json \
	bitwarden.csv plain.txt ente_auth.txt 2fas_authenticator_plain.2fas \
	2fas_authenticator_plain_v3.2fas 2fas_authenticator_plain_v4.2fas; do
	scan_one "$V/$f"
	is "$(st TOTP-BACKUP-PLAINTEXT)" fail "$f: plaintext backup recognised"
done
for f in 2fas_authenticator_encrypted.2fas 2fas_authenticator_encrypted_v3.2fas \
	2fas_authenticator_encrypted_v4.2fas andotp_encrypted.bin \
	andotp_encrypted_old.bin; do
	scan_one "$V/$f"
	is "$(st TOTP-BACKUP-WEAK-KDF)" fail "$f: opened, weak KDF reported"
	is "$(st TOTP-BACKUP-SEED-WEAK)" pass "$f: entries audited (password test)"
done
scan_one "$V/aegis_encrypted.json"
is "$(st TOTP-BACKUP-WEAK-KDF)" pass "aegis_encrypted.json: scrypt N=2^15 meets the bar"
is "$(st TOTP-BACKUP-SEED-WEAK)" pass "aegis_encrypted.json: opened with the password"

"$AUDIT" totp scan "$V" --password-file "$T/pw" --format json --out "$T/all.json" \
	2>"$T/all.err"
is "$?" 1 "whole directory: findings exit 1"
! grep -q '4SJHB4GSD43FZBAI7C2HLRJGPQ\|5OM4WOOGPLQEF6UGN3CPEOOLWU\|7ELGJSGXNCCTV3O6LKJWYFV2RA' \
	"$T/all.json" "$T/all.err"
ok $? "no vector seed in the report or on stderr"

M=$X/extract-otp-secrets-vectors/example_export.txt
if [ -f "$M" ]; then
	scan_one "$M"
	is "$(st TOTP-BACKUP-PLAINTEXT)" fail "Google Authenticator transfer export decoded"
fi
done_testing
