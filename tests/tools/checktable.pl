#!/usr/bin/perl
# The check table against the rest of the tree. Reads the catalog from
# `auth-audit checks --format json` (the table as compiled) and prints one
# line per problem; exit 1 when there is any.
#
#   checktable.pl literals      no check ID in a C string literal outside
#                               auth-audit/catalog/checks.def
#   checktable.pl tests         every live check ID in some tests/checks/*.t
#   checktable.pl docs          every check has its line in its module's
#                               document; every ID-shaped word in docs/ is
#                               a check (or a known other word)
#   checktable.pl man [--write] the generated list in
#                               docs/auth-audit-checks.1 is the table's
#
# Needs AA_BUILD (the build directory) for the catalog.
use strict;
use warnings;
use JSON::PP;

my $top = $0 =~ m{^(.*)/tests/tools/[^/]+$} ? $1 : '.';
my $mode = shift @ARGV // '';
my @problems;

# The module's document: where its checks are described, one line each.
my %doc_of = (
	'factors'     => 'docs/FACTORS.md',
	'auth'        => 'docs/CHECKS-AUTH.md',
	'totp'        => 'docs/TOTP.md',
	'totp-backup' => 'docs/TOTP.md',
	'fido'        => 'docs/FIDO.md',
	'sms'         => 'docs/SMS-SIM.md',
);
# Words shaped like check IDs that are not checks.
my %not_ids = map { $_ => 1 } qw(AUTH-AUDIT AUTH-LAB SMS-SIM SMS-LOSS-MODEL);
my $prefix = qr/(?:AUTH|TOTP|FIDO|SMS|FACTOR|DISCOVERY)/;

sub slurp {
	my ($path) = @_;
	open(my $fh, '<', $path) or die "$path: $!\n";
	local $/;
	my $s = <$fh>;
	close($fh);
	return $s;
}

sub catalog {
	my $build = $ENV{AA_BUILD} or die "AA_BUILD is not set\n";
	my $json = `"$build/auth-audit" checks --format json`;
	die "auth-audit checks failed\n" if $? != 0;
	return @{ decode_json($json) };
}

sub files_under {
	my ($re, @dirs) = @_;
	my @out;
	for my $d (@dirs) {
		open(my $fh, '-|', 'find', "$top/$d", '-type', 'f') or die;
		push @out, grep { $_ =~ $re } map { chomp; $_ } <$fh>;
		close($fh);
	}
	return sort @out;
}

# C text without comments; string literals kept, each on its own.
sub c_literals {
	my ($src) = @_;
	my @lit;
	while ($src =~ m{ ( /\*.*?\*/ | //[^\n]* | '(?:\\.|[^'\\])*'
	    | "((?:\\.|[^"\\\n])*)" ) }gsx) {
		push @lit, $2 if defined $2;
	}
	return @lit;
}

sub check_literals {
	my %id = map { $_->{id} => 1 } @_;
	for my $f (files_under(qr/\.(?:c|h|def)$/, qw(auth-audit totp fido sms-sim))) {
		next if $f =~ m{/auth-audit/catalog/checks\.def$};
		(my $rel = $f) =~ s{^\Q$top\E/}{};
		for my $l (c_literals(slurp($f))) {
			while ($l =~ /(?<![A-Za-z0-9_-])($prefix-[A-Z0-9][A-Z0-9-]*)/g) {
				my $w = $1;
				next if $not_ids{$w};
				push @problems, "$rel: check ID in a string literal: "
				    . "\"$l\" (use AA_CK_* and aa_check_name())"
				    if $id{$w} || $w =~ /[A-Z0-9]$/;
			}
		}
	}
}

sub check_tests {
	my $all = join("\n", map { slurp($_) }
	    files_under(qr/\.(?:t|sh)$/, 'tests/checks'));
	for my $c (@_) {
		next if grep { $_ eq 'offline' } @{ $c->{flags} };
		push @problems, "$c->{id}: live check named in no tests/checks/*.t "
		    . "(add its detection and clean test)"
		    unless $all =~ /(?<![A-Z0-9-])\Q$c->{id}\E(?![A-Z0-9-])/;
	}
}

sub check_docs {
	my %id = map { $_->{id} => 1 } @_;
	my %text;
	for my $c (@_) {
		my $doc = $doc_of{ $c->{module} };
		unless (defined $doc) {
			push @problems, "$c->{id}: module $c->{module} has no "
			    . "document in tests/tools/checktable.pl";
			next;
		}
		$text{$doc} //= slurp("$top/$doc");
		# A table row "| ID ..." or a list item "- **ID**".
		push @problems, "$doc: no line for $c->{id} (a table row "
		    . "'| $c->{id} |' or an item '- **$c->{id}**')"
		    unless $text{$doc} =~ /^(?:\|\s*|[-*]\s+\*\*)\Q$c->{id}\E(?![A-Z0-9-])/m;
	}
	for my $f (files_under(qr/\.(?:md|\d)$/, 'docs', 'tests/lab'),
	    "$top/README.md") {
		(my $rel = $f) =~ s{^\Q$top\E/}{};
		my $n = 0;
		for my $line (split /\n/, slurp($f)) {
			$n++;
			while ($line =~ /(?<![A-Za-z0-9_-])($prefix-[A-Z0-9][A-Z0-9-]*)(\*?)/g) {
				my ($w, $star) = ($1, $2);
				next if $id{$w} || $not_ids{$w} || $w =~ /^AUTH-AUDIT/;
				next if $star && grep { /^\Q$w\E/ } keys %id;
				# Short names ("FACTOR-IDOR" for AUTH-FACTOR-IDOR).
				next if grep { /-\Q$w\E$/ } keys %id;
				push @problems, "$rel:$n: $w is not a check ID";
			}
		}
	}
}

# The generated list of docs/auth-audit-checks.1, between its markers.
sub man_list {
	my @c = @_;
	my $s = ".\\\" Generated from auth-audit/catalog/checks.def by\n"
	    . ".\\\" tests/tools/checktable.pl man --write; do not edit.\n"
	    . ".Bl -tag -width Ds\n";
	for my $c (@c) {
		(my $title = $c->{title}) =~ s/\\/\\e/g;
		$s .= ".It Li $c->{id}\n$title\n.Pq Cm $c->{module} , "
		    . "$c->{severity}\n";
	}
	return $s . ".El\n";
}

sub check_man {
	my ($write, @c) = @_;
	my $path = "$top/docs/auth-audit-checks.1";
	my $page = slurp($path);
	my $begin = ".\\\" BEGIN CHECKS\n";
	my $end = ".\\\" END CHECKS\n";
	my ($pre, $old, $post) = $page =~ /^(.*?\Q$begin\E)(.*?)(\Q$end\E.*)$/s
	    or do {
		push @problems, "docs/auth-audit-checks.1: no BEGIN/END CHECKS "
		    . "markers";
		return;
	};
	my $new = man_list(@c);
	return if $old eq $new;
	if ($write) {
		open(my $fh, '>', $path) or die "$path: $!\n";
		print $fh $pre, $new, $post;
		close($fh) or die "$path: $!\n";
		return;
	}
	push @problems, "docs/auth-audit-checks.1: the check list is not the "
	    . "table's (run tests/tools/checktable.pl man --write)";
}

my @catalog = catalog();
if ($mode eq 'literals') {
	check_literals(@catalog);
} elsif ($mode eq 'tests') {
	check_tests(@catalog);
} elsif ($mode eq 'docs') {
	check_docs(@catalog);
} elsif ($mode eq 'man') {
	check_man((@ARGV && $ARGV[0] eq '--write'), @catalog);
} else {
	die "usage: checktable.pl literals|tests|docs|man [--write]\n";
}
print "$_\n" for @problems;
exit(@problems ? 1 : 0);
