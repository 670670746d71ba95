# Helpers of the FIDO check tests (tests/checks/2*-fido-*.t); sourced
# after tests/lib.sh. Every audit runs with the built-in software key.

# fido_status ID: status of ID against the running lab.
fido_status() {
	audit_status "$1" "$LAB_PROFILE" --device soft
}

# fido_detects ID SHAPE [WEAK]: hardened lab -> pass, weak lab -> fail.
fido_detects() {
	detects_with lab_start "$1" "${3:-$1}" "$2" --device soft
}
