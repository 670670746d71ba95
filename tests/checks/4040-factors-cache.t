#!/bin/sh
# The directory cache of `auth-audit factors`: download (from file:// URLs
# the test points at its own fixtures: never the internet), dated reuse,
# --offline, stale and corrupt caches, a corrupt download.
. "${0%/*}/../lib.sh"

export XDG_CACHE_HOME="$T/cache"
C="$XDG_CACHE_HOME/auth-audit"
printf '{"cached.example": {"methods": ["sms", "totp"]}}' >"$T/all.json"
printf '{"cached.example": {"mfa": "allowed"}}' >"$T/pk.json"
export AA_FACTORS_TFA_URL="file://$T/all.json"
export AA_FACTORS_PASSKEYS_URL="file://$T/pk.json"
export AA_FACTORS_KEYRING="$T/no-keyring.gpg"

f() { "$AUDIT" factors cached.example --fail-on none "$@" >"$T/out" 2>"$T/err"; }

f --offline
like "$(cat "$T/out")" "*2fa.directory: no data; no cached copy*" "--offline, empty cache: explained"
like "$(grep '^SMS' "$T/out")" "*unknown*" "  ... and nothing is claimed"

f --no-probe
like "$(cat "$T/out")" "*2fa.directory: file://$T/all.json, downloaded *" "first run downloads"
like "$(cat "$T/out")" "*signature: not verified: no keyring*" "  ... says the signature was not verified, and why"
ok "$([ -f "$C/2fa-all.json" ] && [ -f "$C/2fa-all.json.meta" ]; echo $?)" "  ... cached with metadata"
like "$(grep '^SMS' "$T/out")" "*yes*2fa.directory cached.example*" "  ... and used"
like "$(grep '^passkey' "$T/out")" "*yes*passkeys directory*" "  ... passkeys directory too"

printf '{"cached.example": {"methods": ["email"]}}' >"$T/all.json"
f --offline
like "$(grep '^SMS' "$T/out")" "*yes*" "--offline uses the cached copy, not the source"

# stale: recorded ten days ago
old=$(( $(date +%s) - 10 * 86400 ))
sed "s/\"fetched_at\": [0-9]*/\"fetched_at\": $old/" "$C/2fa-all.json.meta" >"$T/m" &&
	cp "$T/m" "$C/2fa-all.json.meta"
f --offline
like "$(cat "$T/out")" "*stale*run without --offline to refresh*" "stale cache with --offline: warned"
like "$(grep '^SMS' "$T/out")" "*yes*" "  ... still used"
f --no-probe
like "$(grep '^e-mail' "$T/out")" "*yes*" "stale cache refreshed when online"
case $(cat "$T/out") in *stale*) r=1 ;; *) r=0 ;; esac
ok $r "  ... and no longer stale"

# corrupt cache: data no longer matches the recorded SHA-256
printf ' ' >>"$C/2fa-all.json"
f --offline
like "$(cat "$T/out")" "*cache refused*SHA-256*" "edited cache refused, explained"
like "$(grep '^e-mail' "$T/out")" "*unknown*" "  ... not used"
f --no-probe
like "$(grep '^e-mail' "$T/out")" "*yes*" "online run replaces the corrupt cache"

# corrupt source: the download is refused and the old copy kept
printf '{"cached.example": ' >"$T/all.json"
f --no-probe --refresh
like "$(cat "$T/out")" "*download failed*using the older cached copy*" "corrupt download refused, old copy kept"
like "$(grep '^e-mail' "$T/out")" "*yes*" "  ... and used"
done_testing
