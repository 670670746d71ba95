#!/bin/sh
# Passwords and seeds with spaces, quotes, &, +, /, % and non-ASCII: none
# of them, in any encoding a client or a report uses (raw, percent and
# form encoding, a URL path, JSON and HTML escapes, base64 of Basic auth's
# "user:password"), shows in any report format, log or stderr. The lab
# takes the passwords through forms (shape b) and JSON (shape a); the
# profile also sends them in a query string and a header.
. "${0%/*}/../lib.sh"

formats="text json sarif md html tsv"
PW_A='correct horse "battery" & staple+/%20 caf\303\251'
PW_B="it's 50%2F50 <b>&amp;</b> +\342\202\254/\\end"
printf 'audit-a:%s\naudit-b:%s\n' "$PW_A" "$PW_B" >"$T/passwords"
AA_PW_A=$(printf '%s' "$PW_A")
AA_PW_B=$(printf '%s' "$PW_B")
export AA_PW_A AA_PW_B

# Every spelling of every secret in $T/secrets (one per line) into
# $T/patterns, one per line, for grep -F -f.
spell() {
	perl -MMIME::Base64 -MEncode -ne '
		chomp; my ($user, $s) = split /:/, $_, 2;
		my @f = ($s);
		(my $p = $s) =~ s/([^A-Za-z0-9\-._~])/sprintf("%%%02X", ord $1)/ge;
		push @f, $p, lc $p;
		($p = $s) =~ s/([^A-Za-z0-9\-._~ ])/sprintf("%%%02X", ord $1)/ge;
		$p =~ s/ /+/g; push @f, $p;
		($p = $s) =~ s/([^A-Za-z0-9\-._~!\$&\x27()*+,;=:\@\/])/sprintf("%%%02X", ord $1)/ge;
		push @f, $p;
		my $u = decode("UTF-8", $s);
		($p = $u) =~ s/(["\\\/])/\\$1/g;
		$p =~ s/([^\x20-\x7e])/sprintf("\\u%04x", ord $1)/ge;
		push @f, $p;
		($p = $s) =~ s/(["\\])/\\$1/g; push @f, $p;
		($p = $s) =~ s/&/&amp;/g; $p =~ s/</&lt;/g; $p =~ s/>/&gt;/g;
		$p =~ s/"/&quot;/g; $p =~ s/\x27/&#39;/g; push @f, $p;
		push @f, encode_base64("$user:$s", "");
		print "$_\n" for @f;
	' "$T/secrets" | sort -u >"$T/patterns"
}

# leaks FILE...: prints the files that hold any spelling
leaks() {
	grep -l -F -f "$T/patterns" "$@" 2>/dev/null
}

cp "$T/passwords" "$T/secrets"
spell
n=$(wc -l <"$T/patterns")
[ "$n" -ge 14 ]
ok $? "$n spellings of the two passwords to look for"

# full_audit NAME: the running lab in every format, stderr kept.
full_audit() {
	_also=
	for f in $formats; do
		[ "$f" = json ] || _also="$_also --also $f=$T/$1.$f"
	done
	# shellcheck disable=SC2086
	"$AUDIT" audit --profile "$LAB_PROFILE" --device soft --format json \
		--out "$T/$1.json" $_also --verbose 2>"$T/$1.err"
}

for shape in a b; do
	if ! smssim_start --log "$T/sms-$shape.log" ||
	    ! lab_start "$shape" "" --sms-api "$SMS_URL" --passwords \
	    "$T/passwords"; then
		ok 1 "shape $shape: sms-sim and the lab start"
		continue
	fi
	# Passwords from the environment, in a query string and a header
	# too; no TOTP steps (their fresh-step waits would take minutes).
	SMS_URL=$SMS_URL perl -MJSON::PP -e '
		local $/; my $p = decode_json(<STDIN>);
		$p->{sms}{inbox} = $ENV{SMS_URL};
		my $i = 0;
		for my $a (@{$p->{accounts}}) {
			delete $a->{password};
			$a->{password_env} = $i++ ? "AA_PW_B" : "AA_PW_A";
		}
		delete $p->{steps}{$_} for grep { /^totp_/ } keys %{$p->{steps}};
		$p->{steps}{protected}{path} .= "?note=\${password}";
		$p->{headers}{"X-Note"} = "\${password}";
		print JSON::PP->new->canonical->encode($p);
	' <"$LAB_PROFILE" >"$T/p.json" && mv "$T/p.json" "$LAB_PROFILE"
	grep -q 'password_env' "$LAB_PROFILE" && grep -q 'X-Note' "$LAB_PROFILE"
	ok $? "shape $shape: profile takes the passwords from the environment"
	full_audit "$shape"
	is $? 0 "shape $shape: the hardened lab passes with these passwords"
	grep -q '"grade": *"Passing"' "$T/$shape.json"
	ok $? "shape $shape: grades Passing (the passwords worked)"
	grep -q 'redacted' "$T/$shape.json"
	ok $? "shape $shape: evidence was redacted"
	lab_stop
	smssim_stop
	found=$(leaks "$T/$shape".* "$T/sms-$shape.log" "$T/lab.out" \
		"$T/lab.err" "$T/sms.out" "$T/sms.err")
	is "$found" "" "shape $shape: no spelling of a password in any report, log or stderr"
done

# ---- seeds: an otpauth URI and a backup holding odd secrets
SEED='jbsw y3dp "ehpk" 3pxp&+/%c3%a9 \303\251'
printf 'otpauth://totp/Ex:a%%40x?secret=%s&issuer=Ex\n' \
	"$(printf '%s' "$SEED" | perl -pe 's/([^A-Za-z0-9])/sprintf("%%%02X", ord $1)/ge')" \
	>"$T/uri"
cat >"$T/plain.json" <<EOJ
{"version": 1, "header": {"slots": null, "params": null},
 "db": {"version": 2, "entries": [
  {"type": "totp", "name": "a", "issuer": "Ex",
   "info": {"secret": "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp", "algo": "SHA1",
            "digits": 6, "period": 30}},
  {"type": "totp", "name": "b", "issuer": "Ex",
   "info": {"secret": "$(printf '%s' "$SEED" | sed 's/"/\\"/g')", "algo": "SHA1",
            "digits": 6, "period": 30}}]}}
EOJ
printf 'seed:%s\nseed:jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp\nseed:JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n' \
	"$SEED" >"$T/secrets"
spell
for f in $formats; do
	"$AUDIT" totp check "$T/uri" --format "$f" --out "$T/check.$f" \
		2>>"$T/seed.err"
	"$AUDIT" totp scan "$T/plain.json" --format "$f" --out "$T/scan.$f" \
		2>>"$T/seed.err"
done
# A URI given as an argument by mistake is not repeated in the message.
"$AUDIT" totp check "$(cat "$T/uri")" 2>>"$T/seed.err"
is $? 2 "seeds: a URI as argument is refused (exit 2)"
"$AUDIT" totp code --uri-file "$(cat "$T/uri")" 2>>"$T/seed.err"
is $? 2 "seeds: a URI as --uri-file is refused (exit 2)"
[ -s "$T/scan.json" ] && [ -s "$T/scan.tsv" ]
ok $? "seeds: scan reports written"
is "$(leaks "$T"/check.* "$T"/scan.* "$T/seed.err")" "" \
	"seeds: no spelling of a seed in any report or on stderr"
done_testing
