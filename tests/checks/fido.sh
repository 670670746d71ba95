# Helpers of the FIDO check tests (tests/checks/2*-fido-*.t); sourced
# after tests/lib.sh. Every audit runs with the built-in software key.

# fido_status ID: status of ID against the running lab.
fido_status() {
	audit_status "$1" "$LAB_PROFILE" --device soft
}

# fido_detects ID SHAPE [WEAK]: hardened lab -> pass, weak lab -> fail.
fido_detects() {
	_id=$1
	_shape=$2
	_weak=${3:-$1}
	if lab_start "$_shape" ""; then
		is "$(fido_status "$_id")" pass "$_id: hardened lab (shape $_shape) passes" ||
			sed 's/^/#   /' "$T/last.tsv" "$T/audit.err" | head -20
	else
		ok 1 "$_id: hardened lab (shape $_shape) starts"
	fi
	if lab_start "$_shape" "$_weak"; then
		is "$(fido_status "$_id")" fail "$_id: lab with $_weak (shape $_shape) fails" ||
			sed 's/^/#   /' "$T/last.tsv" "$T/audit.err" | head -20
	else
		ok 1 "$_id: lab with $_weak (shape $_shape) starts"
	fi
	lab_stop
}
