# bash completion for redact(1). Installed as
# share/bash-completion/completions/redact. The option lists follow
# `redact --help` (tests/cli/packaging_test.cpp compares them).

_redact() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=""
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  local rule_opts="--prefix --field --preset --min-length --allow --secret-env
    --secret-env-defaults --regex --label --no-jwt --no-url --no-encoded --no-pairs
    --no-private-keys --no-key-table --no-secret-forms --rules"
  local common_opts="--fingerprint-key-env --line-buffered --buffer-size --stats -h --help
    --version"
  local file_opts="--check -q --quiet --format -r --recursive --pipe-size --git --staged
    --removed --repo --baseline --write-baseline --ignore-file --include --exclude --exit-code
    --no-summary --credential-key-env --credential-key-file"
  local exec_opts="--pty --no-pty"
  local rsyslog_opts="--input --marker --fingerprint-key-env -h --help --version"

  # In `redact exec`, the first word that is not an option (or the one after
  # `--`) starts COMMAND: from there on, complete as for that command.
  local sub="" command_at=0 i
  if [[ ${COMP_WORDS[1]-} == rsyslog ]] && ((COMP_CWORD > 1)); then
    sub=rsyslog
  fi
  if [[ ${COMP_WORDS[1]-} == exec ]] && ((COMP_CWORD > 1)); then
    sub=exec
    for ((i = 2; i < COMP_CWORD; i++)); do
      case ${COMP_WORDS[i]} in
        --) command_at=$((i + 1)); break ;;
        --prefix | --field | --preset | --min-length | --allow | --secret-env | --regex | \
          --label | --rules | --fingerprint-key-env | --buffer-size) ((i++)) ;;
        -*) ;;
        *) command_at=$i; break ;;
      esac
    done
    if ((command_at == COMP_CWORD)); then
      COMPREPLY=($(compgen -c -- "$cur"))
      return
    elif ((command_at > 0)); then
      if declare -F _command_offset >/dev/null; then
        _command_offset "$command_at"
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      return
    fi
  fi

  case $prev in
    --preset) COMPREPLY=($(compgen -W "minimal default extended" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "text json sarif" -- "$cur")); return ;;
    --input) COMPREPLY=($(compgen -W "msg fulljson" -- "$cur")); return ;;
    --rules | --baseline | --write-baseline | --ignore-file | --credential-key-file)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --repo) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --secret-env | --fingerprint-key-env | --credential-key-env)
      COMPREPLY=($(compgen -v -- "$cur")); return ;;
    --prefix | --field | --min-length | --allow | --regex | --label | --buffer-size | \
      --pipe-size | --marker | --include | --exclude | --exit-code) return ;;
  esac

  if [[ $sub == rsyslog ]]; then
    # Options only: rsyslog's requests come on stdin.
    COMPREPLY=($(compgen -W "$rule_opts $rsyslog_opts" -- "$cur"))
    return
  fi
  if [[ $cur == -* ]]; then
    if [[ $sub == exec ]]; then
      COMPREPLY=($(compgen -W "$rule_opts $common_opts $exec_opts --" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$rule_opts $common_opts $file_opts --" -- "$cur"))
    fi
    return
  fi
  if [[ $sub == exec ]]; then
    COMPREPLY=($(compgen -c -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
  ((COMP_CWORD == 1)) && COMPREPLY+=($(compgen -W "exec rsyslog" -- "$cur"))
}

complete -o filenames -o bashdefault -F _redact redact
