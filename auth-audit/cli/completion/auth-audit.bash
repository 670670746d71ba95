# bash completion for auth-audit(1)                      -*- shell-script -*-
# Installed as share/bash-completion/completions/auth-audit. The option
# lists follow each command's --help (tests/cli/0202-completion.t checks).

_auth_audit_ids()
{
	# Check IDs for --only/--skip, from the catalog of the installed binary;
	# the word may be a comma-separated list: complete its last element.
	local prefix="" last="$cur" ids
	case $cur in
	*,*) prefix=${cur%,*},; last=${cur##*,} ;;
	esac
	ids=$("${COMP_WORDS[0]}" checks 2>/dev/null | awk 'NR > 1 { print $1 }')
	COMPREPLY=($(compgen -P "$prefix" -W "$ids" -- "$last"))
}

_auth_audit()
{
	local cur prev words cword
	_init_completion -n = || return

	local cmd="" sub="" i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=${words[i]}
			elif [[ -z $sub ]]; then
				sub=${words[i]}
			fi
			;;
		esac
	done

	local formats="text json sarif md html tsv"
	local sevs="info low medium high critical"
	case $prev in
	--profile | --out | --cacert | --uri-file | --password-file | \
	--directory | --passkeys | --batch | --prices | --policy | --log | \
	--port-file)
		_filedir
		return
		;;
	--format)
		case $cmd in
		checks | profile) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		sms-sim) COMPREPLY=($(compgen -W "text json html" -- "$cur")) ;;
		factors) COMPREPLY=($(compgen -W "text json md" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$formats" -- "$cur")) ;;
		esac
		return
		;;
	--also)
		COMPREPLY=($(compgen -S = -W "$formats" -- "$cur"))
		compopt -o nospace
		return
		;;
	--fail-on)
		COMPREPLY=($(compgen -W "$sevs none" -- "$cur"))
		return
		;;
	--per)
		COMPREPLY=($(compgen -W "month year horizon" -- "$cur"))
		return
		;;
	--severity)
		COMPREPLY=($(compgen -W "$sevs" -- "$cur"))
		return
		;;
	--module)
		COMPREPLY=($(compgen -W "factors auth totp totp-backup fido sms" \
		    -- "$cur"))
		return
		;;
	--tag)
		COMPREPLY=($(compgen -W "factors auth totp totp-backup fido sms \
		    M4 M6 privacy softkey offline info passive main spend lock \
		    inventory" -- "$cur"))
		return
		;;
	--device)
		COMPREPLY=($(compgen -W "auto soft" -- "$cur"))
		_filedir
		return
		;;
	--only | --skip)
		_auth_audit_ids
		return
		;;
	--scheme)
		COMPREPLY=($(compgen -W "http https" -- "$cur"))
		return
		;;
	--password-env)
		COMPREPLY=($(compgen -v -- "$cur"))
		return
		;;
	--authorized-target | --proxy | --resolve | --timeout | --delay | \
	--concurrency | --port | --listen | --code-regex)
		return
		;;
	esac

	local opts=""
	case $cmd in
	"")
		COMPREPLY=($(compgen -W "audit checks factors fido profile \
		    sms-sim totp --help --version" -- "$cur"))
		return
		;;
	audit)
		opts="--profile --format --out --also --device --only --skip
		    --fail-on --authorized-target --proxy --cacert --sarif-passes
		    --verbose --quiet --help"
		;;
	checks)
		opts="--format --module --severity --tag --verbose --help"
		;;
	profile)
		case $sub in
		"") COMPREPLY=($(compgen -W "check" -- "$cur")); return ;;
		check) opts="--format --out --device --only --skip
		    --authorized-target --proxy --cacert --help" ;;
		esac
		;;
	factors)
		opts="--directory --passkeys --offline --no-probe --refresh
		    --resolve --timeout --format --out --fail-on --batch
		    --concurrency --delay --scheme --port --help"
		;;
	totp)
		case $sub in
		"") COMPREPLY=($(compgen -W "code check scan" -- "$cur")); return ;;
		code) opts="--uri-file --help" ;;
		check) opts="--format --out --fail-on --sarif-passes --help" ;;
		scan) opts="--password-file --password-env --format --out
		    --fail-on --no-qr --sarif-passes --quiet --help" ;;
		esac
		;;
	fido)
		case $sub in
		"") COMPREPLY=($(compgen -W "keys info" -- "$cur")); return ;;
		keys) opts="--soft --help" ;;
		info) opts="--device --json --help" ;;
		esac
		;;
	sms-sim)
		case $sub in
		"") COMPREPLY=($(compgen -W "serve estimate" -- "$cur")); return ;;
		serve) opts="--listen --prices --log --port-file --code-regex
		    --allow-remote --strict --help" ;;
		estimate) opts="--policy --prices --per --format --help" ;;
		esac
		;;
	esac
	if [[ $cur == -* || -z $opts ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		_filedir  # operands: URI-FILE, PATH..., DOMAIN
	fi
} &&
	complete -F _auth_audit auth-audit
