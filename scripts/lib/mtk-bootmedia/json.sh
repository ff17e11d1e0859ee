# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part json: JSON output. Sourced by
# scripts/mtk-bootmedia (installed: /usr/lib/mtk-bootmedia/json.sh); defines
# functions only, runs nothing by itself.

json_str() { # escape for a JSON string
	printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr '\t\n' '  ')"
}
