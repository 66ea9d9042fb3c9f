# ctriage.bash: bash completion for ctriage(1).
#
# Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/ctriage; to try it from a
# checkout: `. scripts/ctriage.bash`.  Completes commands, each command's
# options, option values (formats, severities, --color) and, for
# `--only`, `--skip` and `rules show`, the rule IDs and categories that
# `ctriage rules list` prints.  tests/cli/report.sh checks that every
# option of every command's --help is here.

_ctriage_rules() {
	ctriage rules list 2>/dev/null | awk 'NR > 1 { print $1; print $3 }' |
	    sort -u
}

_ctriage() {
	local cur prev cmd i
	local limits="--max-member-size --max-total-size --max-members
	    --max-depth --max-ratio"
	local severities="info low medium high critical"

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=""
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "analyze inventory get trace rules
		    help version --help --version" -- "$cur"))
		return 0
	fi

	case $prev in
	-f | --format)
		case $cmd in
		analyze)
			COMPREPLY=($(compgen -W "text json markdown md html
			    sarif junit" -- "$cur")) ;;
		*)
			COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		esac
		return 0 ;;
	-o | --output)
		if [ "$cmd" = get ]; then
			COMPREPLY=($(compgen -W "table wide json yaml" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return 0 ;;
	--min-severity | --fail-on)
		COMPREPLY=($(compgen -W "$severities" -- "$cur"))
		return 0 ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return 0 ;;
	--only | --skip)
		COMPREPLY=($(compgen -W "$(_ctriage_rules)" -- "$cur"))
		return 0 ;;
	--rules | --suppress | --baseline | --redact-map)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--redact-seed | --max-member-size | --max-total-size | --max-members | \
	    --max-depth | --max-ratio | -n | --namespace | -l | --selector)
		return 0 ;;
	--from | --to)
		COMPREPLY=($(compgen -W "world host remote-node kube-apiserver
		    health" -- "$cur"))
		return 0 ;;
	--port)
		return 0 ;;
	show)
		if [ "$cmd" = rules ]; then
			COMPREPLY=($(compgen -W "$(ctriage rules list 2>/dev/null |
			    awk 'NR > 1 { print $1 }')" -- "$cur"))
			return 0
		fi ;;
	esac

	case $cmd in
	analyze)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--format --output --rules --only
			    --skip --min-severity --fail-on --suppress --baseline
			    --redact --redact-map --redact-seed --color --quiet
			    --help $limits" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	inventory)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--format --output --quiet --help
			    $limits" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	get)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--namespace --all-namespaces
			    --selector --output --quiet --help $limits" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -W "nodes namespaces pods services
			    endpoints identities policies flows events" -- "$cur"))
		fi ;;
	trace)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--from --to --port --format
			    --quiet --help $limits" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	rules)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--format --rules --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "list show" -- "$cur"))
		fi ;;
	help)
		COMPREPLY=($(compgen -W "analyze inventory get trace rules
		    help version" -- "$cur")) ;;
	esac
	return 0
}

complete -F _ctriage ctriage
