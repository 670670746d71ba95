#!/bin/sh
# The command table, --help, usage errors and their exit statuses.
. "${0%/*}/../lib.sh"

run_ok "auth-audit --help exits 0" "$AUDIT" --help
like "$(cat "$T/out")" "*audit*checks*" "--help lists the commands"
"$AUDIT" >/dev/null 2>&1
is $? 2 "no command: usage, exit 2"
"$AUDIT" frobnicate >/dev/null 2>"$T/err"
is $? 2 "unknown command: exit 2"
like "$(cat "$T/err")" "*unknown command 'frobnicate'*" "unknown command is named"
run_ok "--version" "$AUDIT" --version
like "$(cat "$T/out")" "auth-audit [0-9]*.[0-9]*.[0-9]*" "version string"

run_ok "audit --help exits 0" "$AUDIT" audit --help
like "$(cat "$T/out")" "usage: auth-audit audit --profile FILE*" "audit --help shows the synopsis"
"$AUDIT" audit >/dev/null 2>"$T/err"
is $? 2 "audit without --profile: exit 2"
like "$(cat "$T/err")" "*--profile is required*" "missing --profile is explained"
"$AUDIT" audit --profile /nonexistent --only NOPE-1 >/dev/null 2>"$T/err"
is $? 2 "unknown check ID in --only: exit 2"
like "$(cat "$T/err")" "*unknown check ID 'NOPE-1'*" "unknown ID is named"
"$AUDIT" audit --profile x --format pdf >/dev/null 2>&1
is $? 2 "unknown format: exit 2"
"$AUDIT" audit --profile x --fail-on severe >/dev/null 2>&1
is $? 2 "unknown --fail-on severity: exit 2"
"$AUDIT" audit --profile x --also json >/dev/null 2>&1
is $? 2 "--also without FORMAT=FILE: exit 2"

# Every command the table lists answers --help with exit 0.
for cmd in $("$AUDIT" --help | sed -n 's/^  \([a-z-]*\) .*/\1/p'); do
	run_ok "$cmd --help exits 0" "$AUDIT" "$cmd" --help
	like "$(head -1 "$T/out")" "*usage: auth-audit $cmd*" "$cmd --help starts with its usage"
done
done_testing
