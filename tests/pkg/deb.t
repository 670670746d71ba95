#!/bin/sh
# The Debian package built by `make deb` (run by `make deb-test` and CI):
# its metadata, its contents, and the program unpacked with dpkg -x (the
# machine's own dpkg database is never touched) runs.
. "${0%/*}/../lib.sh"

: "${AA_DEB_DIR:?AA_DEB_DIR must name the directory of the .deb (make deb-test)}"
top=$(cd "$AA_TESTS/.." && pwd)
version=$(sed -n 's/^#define AA_VERSION "\(.*\)"$/\1/p' "$top/auth-audit/core/version.h")
DEB="$AA_DEB_DIR/auth-audit_${version}_$(dpkg --print-architecture).deb"

[ -f "$DEB" ]
ok $? "the package $(basename "$DEB") was built" || done_testing
is "$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)" "$version" \
	"debian/changelog has the program's version"
dpkg-deb -f "$DEB" Package Version Depends >"$T/ctl"
like "$(cat "$T/ctl")" "*Package: auth-audit*" "control: the package name"
like "$(cat "$T/ctl")" "*Version: $version*" "control: the version"
like "$(cat "$T/ctl")" "*libcurl4*" "control: shared library dependencies computed"

dpkg-deb -c "$DEB" | awk '{ print $NF }' | sed 's|^\./|/|' >"$T/files"
for f in /usr/bin/auth-audit \
    /usr/share/bash-completion/completions/auth-audit \
    /usr/share/zsh/vendor-completions/_auth-audit \
    /usr/share/doc/auth-audit/copyright \
    /usr/share/doc/auth-audit/examples/sms-policy-hardened.json; do
	grep -qx "$f" "$T/files"
	ok $? "contains $f"
done
for p in "$top"/docs/auth-audit*.1; do
	grep -qx "/usr/share/man/man1/$(basename "$p").gz" "$T/files"
	ok $? "contains the man page $(basename "$p")"
done
grep -q '^/usr/share/doc/auth-audit/PROFILE.md' "$T/files"
ok $? "contains the documentation"
! grep -q 'auth-lab' "$T/files"
ok $? "no auth-lab (a test tool)"

X="$T/x"
dpkg -x "$DEB" "$X"
ok $? "dpkg -x unpacks it"
is "$("$X/usr/bin/auth-audit" --version)" "auth-audit $version" "the packaged program runs"
is "$("$X/usr/bin/auth-audit" checks | sed 1d | wc -l | tr -d ' ')" 61 \
	"the packaged program lists the catalog"
"$X/usr/bin/auth-audit" audit --help >/dev/null
ok $? "the packaged program's audit --help"
if command -v mandoc >/dev/null 2>&1; then
	mandoc -T lint -W warning "$X/usr/share/man/man1/auth-audit.1.gz" >/dev/null 2>&1
	ok $? "the packaged man page reads (mandoc)"
fi
done_testing
