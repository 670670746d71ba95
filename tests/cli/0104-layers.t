#!/bin/sh
# The layers hold (make check-layers runs the same script): no include and
# no symbol of a folder reaches a layer to its left, and no module uses
# another (docs/ARCHITECTURE.md). The script itself must notice an
# upward include and a module-to-module one.
. "${0%/*}/../lib.sh"

tool="$AA_TESTS/tools/layers.pl"
plan 4
perl "$tool" "$AA_BUILD/obj" >"$T/out" 2>&1
ok $? "includes and symbols follow cli -> modules -> audit -> report -> engine -> profile -> catalog -> core" ||
	sed 's/^/# /' "$T/out"

# A tree that breaks both rules.
mkdir -p "$T/tree/auth-audit/core" "$T/tree/totp" "$T/tree/fido" \
	"$T/tree/sms-sim"
echo '#include "auth-audit/audit/audit.h"' >"$T/tree/auth-audit/core/x.c"
echo '#include "fido/webauthn.h"' >"$T/tree/totp/y.c"
perl "$tool" --root "$T/tree" >"$T/out" 2>/dev/null
is $? 1 "a tree against the order fails"
like "$(cat "$T/out")" "*core -> audit: auth-audit/core/x.c includes*" \
	"the upward include is named"
like "$(cat "$T/out")" "*totp -> fido: totp/y.c includes*" \
	"the module-to-module include is named"
done_testing
