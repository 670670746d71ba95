#!/bin/sh
# The bash and zsh completions: they parse, they offer each command's
# options as its --help lists them, and bash completes commands, options,
# values and check IDs.
. "${0%/*}/../lib.sh"

C="$AA_TESTS/../auth-audit/cli/completion"
BASH_C="$C/auth-audit.bash"
ZSH_C="$C/_auth-audit"

bash -n "$BASH_C"
ok $? "bash completion parses"
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$ZSH_C"
	ok $? "zsh completion parses"
else
	skip "zsh is not installed"
fi

# Every long option a command's --help names is in both files.
for cmd in audit checks factors "fido keys" "fido info" "totp code" \
    "totp check" "totp scan" "sms-sim serve" "sms-sim estimate" \
    "profile check"; do
	# shellcheck disable=SC2086
	opts=$("$AUDIT" $cmd --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
	for f in "$BASH_C" "$ZSH_C"; do
		missing=
		for o in $opts; do
			grep -q -- "$o" "$f" || missing="$missing $o"
		done
		is "$missing" "" "$(basename "$f"): every option of '$cmd --help'"
	done
done

# bash: run the completion function as bash would (needs bash-completion).
BC=/usr/share/bash-completion/bash_completion
if [ ! -r "$BC" ]; then
	skip "bash-completion is not installed" 9
	done_testing
fi
# complete WORDS...: the candidates for the last word, one per line
complete_words() {
	bash -c '
	. "$1"; . "$2"; shift 2
	PATH=$(dirname "$1"):$PATH
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
	_auth_audit auth-audit "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	printf "%s\n" "${COMPREPLY[@]}"' _ "$BC" "$BASH_C" "$@" 2>/dev/null
}
mkdir -p "$T/bin"
ln -s "$AUDIT" "$T/bin/auth-audit"
cd "$T" || exit 1
is "$(complete_words "$T/bin/auth-audit" "" | sort | tr '\n' ' ')" \
	"--help --version audit checks factors fido profile sms-sim totp " "commands"
is "$(complete_words "$T/bin/auth-audit" to | tr '\n' ' ')" "totp " "a command prefix"
is "$(complete_words "$T/bin/auth-audit" totp "" | sort | tr '\n' ' ')" \
	"check code scan " "totp subcommands"
is "$(complete_words "$T/bin/auth-audit" audit --pr | sort | tr '\n' ' ')" \
	"--profile --proxy " "audit options"
is "$(complete_words "$T/bin/auth-audit" profile check --ca | tr '\n' ' ')" \
	"--cacert " "profile check options"
is "$(complete_words "$T/bin/auth-audit" audit --fail-on h | tr '\n' ' ')" \
	"high " "--fail-on values"
is "$(complete_words "$T/bin/auth-audit" checks --format "" | sort | tr '\n' ' ')" \
	"json text " "checks --format values"
is "$(complete_words "$T/bin/auth-audit" audit --only TOTP-REP | tr '\n' ' ')" \
	"TOTP-REPLAY " "--only: check IDs from the catalog"
is "$(complete_words "$T/bin/auth-audit" audit --skip AUTH-LOGOUT,TOTP-REP | tr '\n' ' ')" \
	"AUTH-LOGOUT,TOTP-REPLAY " "--skip: the last ID of a list"
done_testing
