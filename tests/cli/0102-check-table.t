#!/bin/sh
# The check table is the one place a check is defined: no check ID string
# literal in product code, every live check has a test under
# tests/checks/, every check its line in its module's document, and the
# list in auth-audit-checks(1) is generated from the table
# (tests/tools/checktable.pl names what is wrong).
. "${0%/*}/../lib.sh"

tool="$AA_TESTS/tools/checktable.pl"
plan 4
for what in literals tests docs man; do
	perl "$tool" "$what" >"$T/out" 2>&1
	ok $? "check table: $what" || sed 's/^/# /' "$T/out"
done
done_testing
