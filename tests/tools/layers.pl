#!/usr/bin/perl
# The layers of docs/ARCHITECTURE.md, checked on includes and on symbols:
#
#   cli -> modules (auth, factors, totp, fido, sms-sim) -> audit -> report
#       -> engine -> profile -> catalog -> core
#
# A folder may use any layer to its right; modules never use each other.
# A strict order has no cycles, so no link cycle between folders either.
#
#   layers.pl [--root DIR] [OBJDIR]
#
# Reads every #include "..." of the sources under DIR (default: the tree
# this script is in) and, with OBJDIR (a build's obj/ directory), which
# object defines each symbol another one uses (nm). Prints one line per
# edge against the order and exits 1 when there is any.
use strict;
use warnings;

my $root = $0 =~ m{^(.*)/tests/tools/[^/]+$} ? $1 : '.';
if (@ARGV >= 2 && $ARGV[0] eq '--root') {
	shift @ARGV;
	$root = shift @ARGV;
}
my $objdir = shift @ARGV;

# Layer of a path, and its rank: a layer may use lower ranks only.
my @layers = (
	[ 'auth-audit/cli/'     => 'cli',     9 ],
	[ 'auth-audit/auth/'    => 'auth',    8 ],
	[ 'auth-audit/factors/' => 'factors', 8 ],
	[ 'totp/'               => 'totp',    8 ],
	[ 'fido/'               => 'fido',    8 ],
	[ 'sms-sim/'            => 'sms-sim', 8 ],
	[ 'auth-audit/audit/'   => 'audit',   6 ],
	[ 'auth-audit/report/'  => 'report',  5 ],
	[ 'auth-audit/engine/'  => 'engine',  4 ],
	[ 'auth-audit/profile/' => 'profile', 3 ],
	[ 'auth-audit/catalog/' => 'catalog', 2 ],
	[ 'auth-audit/core/'    => 'core',    1 ],
);
# Edges allowed against the order, with the reason (none today; keep
# this list empty unless there is no other way, and say why here and in
# docs/ARCHITECTURE.md).
my %exceptions = (
	# 'from -> to' => 'why',
);

sub layer_of {
	my ($path) = @_;
	for my $l (@layers) {
		return ($l->[1], $l->[2]) if index($path, $l->[0]) == 0;
	}
	return;
}

my (@bad, %seen);

sub edge {
	my ($from, $to, $what) = @_;
	my ($fl, $fr) = layer_of($from);
	my ($tl, $tr) = layer_of($to);
	return if !defined $fl || !defined $tl || $fl eq $tl;
	return if $tr < $fr && !($fr == 8 && $tr == 8);
	return if $exceptions{"$fl -> $tl"};
	my $line = "$fl -> $tl: $from $what $to";
	push @bad, $line unless $seen{$line}++;
}

# Includes.
open(my $find, '-|', 'find', map({ "$root/$_" } qw(auth-audit totp fido
    sms-sim)), '-name', '*.[ch]', '-o', '-name', '*.def') or die "find: $!\n";
my @src = sort map { chomp; $_ } <$find>;
close($find);
for my $f (@src) {
	(my $rel = $f) =~ s{^\Q$root\E/}{};
	open(my $fh, '<', $f) or die "$f: $!\n";
	while (<$fh>) {
		edge($rel, $1, 'includes') if /^\s*#\s*include\s+"([^"]+)"/;
	}
	close($fh);
}

# Symbols: who defines what, who uses it.
if (defined $objdir) {
	open(my $nm, '-|', "find '$objdir' -name '*.o' | sort | xargs nm -A")
	    or die "nm: $!\n";
	my (%def, @use);
	while (<$nm>) {
		next unless m{^\Q$objdir\E/(.*)\.o:\s*(?:[0-9a-f]+)?\s+([A-Za-z])\s+(\S+)$};
		my ($obj, $type, $sym) = ($1, $2, $3);
		next unless -f "$root/$obj.c";  # stale object of a moved file
		if ($type eq 'U') {
			push @use, [ $obj, $sym ];
		} elsif ($type =~ /^[TDBRCVW]$/) {
			$def{$sym} = $obj;
		}
	}
	close($nm);
	die "no objects under $objdir (build first)\n" unless %def;
	for my $u (@use) {
		my ($obj, $sym) = @$u;
		edge("$obj.c", "$def{$sym}.c", "uses $sym of") if $def{$sym};
	}
}

print "$_\n" for @bad;
print STDERR "layers: ", scalar(@bad), " edge(s) against the order\n" if @bad;
exit(@bad ? 1 : 0);
