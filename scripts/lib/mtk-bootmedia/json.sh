# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part json: JSON output. Sourced by
# scripts/mtk-bootmedia (installed: /usr/lib/mtk-bootmedia/json.sh); defines
# functions only, runs nothing by itself. The keys are documented in
# Documentation/mtk-bootmedia.8 (JSON OUTPUT) and checked against
# Documentation/mtk-bootmedia.schema.json.

# a JSON string: backslash, quote and every control character escaped
# (\n, \t, \r, \b, \f, else \u00XX); printf, never echo (dash's echo
# interprets backslashes)
json_str() { # TEXT
	printf '"'
	printf '%s\n' "$1" | awk '
	BEGIN {
		for (i = 1; i < 32; i++)
			e[sprintf("%c", i)] = sprintf("\\u%04x", i)
		e["\t"] = "\\t"; e["\r"] = "\\r"; e["\b"] = "\\b"; e["\f"] = "\\f"
		e["\\"] = "\\\\"; e["\""] = "\\\""
	}
	{
		o = ""
		n = length($0)
		for (i = 1; i <= n; i++) {
			c = substr($0, i, 1)
			if (c in e)
				c = e[c]
			o = o c
		}
		printf "%s%s", (NR > 1 ? "\\n" : ""), o
	}'
	printf '"'
}

# --json: what a command prints to standard output is collected in
# $T/json.out; at the end it is printed as it is when it is a JSON object
# (status, profile), else wrapped in the result object with the keys the
# command set with json_put. An error (die, usage_error) prints only the
# error object: {"command","exit","error"}. Keys: Documentation/
# mtk-bootmedia.8 (JSON OUTPUT), Documentation/mtk-bootmedia.schema.json.
JSON_MODE='' JSON_CMD=''
json_begin() {
	tmpdir
	: > "$T/json.kv"
	exec 8>&1 1> "$T/json.out"
	JSON_MODE=1
}

# KEY VALUE: a string member of the result object
json_put() {
	[ -n "$JSON_MODE" ] || return 0
	printf ',%s:%s' "$(json_str "$1")" "$(json_str "$2")" >> "$T/json.kv"
}

# KEY JSON: a member whose value is already JSON (number, true, false)
json_put_raw() {
	[ -n "$JSON_MODE" ] || return 0
	printf ',%s:%s' "$(json_str "$1")" "$2" >> "$T/json.kv"
}

# only the main shell prints: a die in a command substitution or a
# pipeline ends only that subshell (its pid is not $$)
json_main_shell() {
	read -r _jp _jr < /proc/self/stat 2>/dev/null || return 0
	[ "$_jp" = "$$" ]
}

json_end() { # EXIT
	[ -n "$JSON_MODE" ] || return 0
	exec 1>&8 8>&-
	JSON_MODE=''
	_jl=''
	IFS= read -r _jl < "$T/json.out"
	case $_jl in
	'{'*) cat "$T/json.out"; return 0 ;;
	esac
	printf '{"command":%s,"exit":%s%s,"output":%s}\n' "$(json_str "$JSON_CMD")" "$1" \
		"$(cat "$T/json.kv")" "$(json_str "$(cat "$T/json.out")")"
}

json_fail() { # EXIT MESSAGE
	[ -n "$JSON_MODE" ] || return 0
	json_main_shell || return 0
	exec 1>&8 8>&-
	JSON_MODE=''
	printf '{"command":%s,"exit":%s,"error":%s}\n' "$(json_str "$JSON_CMD")" "$1" "$(json_str "$2")"
}
