#!/bin/sh
# make install / make uninstall with DESTDIR and PREFIX: the program (not
# auth-lab), its man pages, bash and zsh completions and the documentation;
# uninstall removes exactly that.
. "${0%/*}/../lib.sh"

top=$(cd "$AA_TESTS/.." && pwd)
D="$T/root"
# The program is already built in AA_BUILD: nothing is compiled here. The
# outer make's jobserver is not ours to use.
san=0
case $AA_BUILD in *-san) san=1 ;; esac
mkc() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top" \
		BUILD="$AA_BUILD" SANITIZE=$san "$@"
}
mk() { mkc DESTDIR="$D" PREFIX=/usr "$@"; }

mk install >"$T/out" 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr" || sed 's/^/#   /' "$T/out"
[ -x "$D/usr/bin/auth-audit" ]
ok $? "the program in /usr/bin"
[ ! -e "$D/usr/bin/auth-lab" ]
ok $? "auth-lab (a test tool) is not installed"
like "$("$D/usr/bin/auth-audit" --version)" "auth-audit [0-9]*" "the installed program runs"
is "$("$D/usr/bin/auth-audit" checks | sed 1d | wc -l | tr -d ' ')" 61 \
	"the installed program lists the catalog"
for p in "$top"/docs/auth-audit*.1; do
	cmp -s "$p" "$D/usr/share/man/man1/$(basename "$p")"
	ok $? "man page $(basename "$p")"
done
[ ! -e "$D/usr/share/man/man1/auth-lab.1" ]
ok $? "no man page for auth-lab"
[ -f "$D/usr/share/bash-completion/completions/auth-audit" ]
ok $? "bash completion"
[ -f "$D/usr/share/zsh/site-functions/_auth-audit" ]
ok $? "zsh completion"
[ -f "$D/usr/share/doc/auth-audit/README.md" ] && [ -f "$D/usr/share/doc/auth-audit/PROFILE.md" ]
ok $? "documentation in share/doc/auth-audit"
[ -f "$D/usr/share/doc/auth-audit/examples/sms-policy-hardened.json" ]
ok $? "examples in share/doc/auth-audit/examples"
find "$D" -type f ! -perm -0444 >"$T/unreadable"
is "$(wc -l <"$T/unreadable" | tr -d ' ')" 0 "every installed file is readable by all"
if command -v mandoc >/dev/null 2>&1; then
	for p in "$D"/usr/share/man/man1/*.1; do
		mandoc -T lint -W warning "$p" >/dev/null 2>&1
		ok $? "mandoc lint of the installed $(basename "$p")"
	done
fi

# zsh site directory is configurable (Debian's zsh reads vendor-completions)
mkc DESTDIR="$T/root2" PREFIX=/opt/aa \
	ZSHCOMPDIR=/usr/share/zsh/vendor-completions install >/dev/null 2>&1
[ -f "$T/root2/usr/share/zsh/vendor-completions/_auth-audit" ] &&
	[ -x "$T/root2/opt/aa/bin/auth-audit" ]
ok $? "PREFIX and ZSHCOMPDIR are honoured"

# a file of the user's next to ours survives uninstall
echo mine >"$D/usr/share/doc/auth-audit/NOTES"
mk uninstall >"$T/out" 2>&1
ok $? "make uninstall" || sed 's/^/#   /' "$T/out"
is "$(find "$D" -type f | sed "s|^$D||")" "/usr/share/doc/auth-audit/NOTES" \
	"uninstall removed every installed file and nothing else"
rm "$D/usr/share/doc/auth-audit/NOTES"
mk install >/dev/null 2>&1 && mk uninstall >/dev/null 2>&1
[ ! -d "$D/usr/share/doc/auth-audit" ]
ok $? "uninstall removes the emptied doc directory"
done_testing
