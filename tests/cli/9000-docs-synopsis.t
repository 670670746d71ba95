#!/bin/sh
# Every man page's SYNOPSIS and the command's --help name the same options,
# and every command in the top-level table has a man page.
top=$(cd "$(dirname "$0")/../.." && pwd)
aa="$AA_BUILD/auth-audit"
n=0 fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

# Options in the SYNOPSIS section of an mdoc page: ".Fl -name" / ".Op Fl -name".
man_opts() {
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$1" |
	    grep -o 'Fl -[a-z][a-z0-9-]*' | sed 's/^Fl -/--/' | sort -u
}
help_opts() {
	"$@" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' |
	    grep -v -- '^--help$' | sort -u
}

check_page() { # page command...
	page=$1; shift
	if [ ! -f "$page" ]; then
		ok 1 "$(basename "$page") exists"
		return
	fi
	m=$(man_opts "$page")
	h=$(help_opts "$@")
	if [ "$m" = "$h" ]; then
		ok 0 "$(basename "$page") SYNOPSIS matches '$*' --help"
	else
		ok 1 "$(basename "$page") SYNOPSIS matches '$*' --help"
		echo "# man:  $(echo $m)"
		echo "# help: $(echo $h)"
	fi
}

check_page "$top/docs/auth-audit.1" "$aa" audit
for cmd in $("$aa" --help | sed -n 's/^  \([a-z-]*\) .*/\1/p'); do
	[ "$cmd" = audit ] && continue
	check_page "$top/docs/auth-audit-$cmd.1" "$aa" "$cmd"
done
check_page "$top/docs/auth-lab.1" "$AA_BUILD/auth-lab"

if command -v mandoc >/dev/null 2>&1; then
	for page in "$top"/docs/*.1; do
		mandoc -T lint -W warning "$page" >/dev/null 2>&1
		ok $? "mandoc lint $(basename "$page")"
	done
fi
echo "1..$n"
exit $fail
