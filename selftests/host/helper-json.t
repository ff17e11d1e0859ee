#!/bin/sh
# mtk-bootmedia --json on the host, under dash and busybox ash: every
# output of every command that reports (profile, status, check, install,
# doctor, boot-partition, version, help) and every error is one JSON object
# that validates against Documentation/mtk-bootmedia.schema.json (python3
# jsonschema, from dt-schema's dependencies: the guest has no python), and
# its "exit" is the helper's exit status. The module's nodes are a fake
# configfs tree (MTKBM_CONFIGFS) and the boot model a fake script, both
# carrying control characters, quotes and backslashes into the strings.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$root/selftests/lib/tap.sh"
H=$root/scripts/mtk-bootmedia
schema=$root/Documentation/mtk-bootmedia.schema.json
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

shells=dash
command -v busybox > /dev/null 2>&1 && shells="dash busybox_ash"
ncase=21
# shellcheck disable=SC2086
set -- $shells
tap_plan $(($# * ncase + 4))
jc=$root/selftests/lib/json-check
: > "$W/all"
if ! python3 -c 'import jsonschema' 2> /dev/null; then
	echo "not ok 1 - python3 jsonschema is missing (selftests/vm/host-deps installs it)"
	exit 1
fi
tap_ok "the schema is a valid JSON Schema (2020-12)" python3 -c "
import json, jsonschema, sys
jsonschema.Draft202012Validator.check_schema(json.load(open(sys.argv[1])))" "$schema"

# a control character of each kind, a quote and a backslash
nasty=$(printf 'a\001b\tc\\d"e\037f\rg')
# the fake module: one medium, a gpt-switched fip component with two slots
C=$W/cfs
mk() { # PATH CONTENT
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" > "$1"
}
fake_cfs() {
	rm -rf "$C"
	mk "$C/emmc/status" "bound: yes
note: $nasty"
	mk "$C/emmc/type" emmc
	mk "$C/emmc/boot_partition" boot0
	mk "$C/emmc/fip/switch" gpt
	mk "$C/emmc/fip/active" a
	mk "$C/emmc/fip/generation" 7
	mk "$C/emmc/fip/result" "ok: FIP for this board $nasty"
	: > "$C/emmc/fip/image"
	: > "$C/emmc/fip/image_file"
	: > "$C/emmc/fip/verify"
	: > "$C/emmc/fip/stage"
	mk "$C/emmc/fip/progress" "0 0"
	mk "$C/emmc/fip/a/location" "gpt:fip"
	mk "$C/emmc/fip/a/state" "valid"
	mk "$C/emmc/fip/b/location" "gpt:fip2 $nasty"
	mk "$C/emmc/fip/b/state" "invalid: $nasty"
}
# the fake boot model: says the board will not boot, with the nasty bytes
cat > "$W/bootmodel" <<EOS
#!/bin/sh
case \$1 in --help) echo 'usage: bootmodel --live --profile P --check-bl2 FILE'; exit 0 ;; esac
printf 'fip: %s\n' '$nasty'
printf 'verdict: will not boot: %s\n' '$nasty'
printf 'fix: %s\n' '$nasty'
exit 1
EOS
chmod +x "$W/bootmodel"
printf 'x%.0s' $(seq 64) > "$W/img.fip"
printf '\001\000\144\252' | dd of="$W/img.fip" conv=notrunc 2> /dev/null
printf 'bananapi,bpi-r3mini\000mediatek,mt7986a\000' > "$W/compat"
export MTKBM_CONFIGFS="$C" MTKBM_DT_COMPAT="$W/compat" MTKBM_BOOTMODEL="$W/bootmodel" \
	MTKBM_LOCK="$W/lock" TMPDIR="$W" MTKBM_UCI=/nonexistent MTKBM_CONF=/nonexistent

# shellcheck disable=SC2317 # jcheck and jhas are called through tap_ok
# jcheck NAME WANT-EXIT ARGS...: run the helper with --json, check that
# standard output is one schema-valid object and "exit" is the status
jcheck() {
	_n=$1 _want=$2
	shift 2
	# shellcheck disable=SC2086
	$sh "$H" --json "$@" > "$W/out" 2> "$W/err" < /dev/null
	_rc=$?
	[ "$_rc" = "$_want" ] || { echo "exit $_rc, want $_want"; cat "$W/out" "$W/err"; return 1; }
	python3 - "$schema" "$W/out" "$_rc" <<'EOP' || return 1
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
text = open(sys.argv[2], encoding="utf-8").read()
if text.count("\n") != 1 or not text.endswith("\n"):
    sys.exit("not one line: %r" % text)
obj = json.loads(text)
jsonschema.validate(obj, schema, cls=jsonschema.Draft202012Validator)
if "exit" in obj and obj["exit"] != int(sys.argv[3]):
    sys.exit("exit %s in the object, %s from the helper" % (obj["exit"], sys.argv[3]))
EOP
	# the guest's validator (no python there) agrees
	cat "$W/out" >> "$W/all"
	"$jc" "$schema" "$W/out" || { echo "json-check refuses what jsonschema accepts"; return 1; }
}
# shellcheck disable=SC2317
# jhas KEY VALUE: the last output has that string member (decoded)
jhas() {
	python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == sys.argv[2] and isinstance(v, str) and sys.argv[3] in v:
                return True
            if walk(v):
                return True
    if isinstance(x, list):
        return any(walk(v) for v in x)
    return False
sys.exit(0 if walk(o) else 1)' "$W/out" "$1" "$2"
}

# shellcheck disable=SC2317 # called through tap_ok
jcheck_nomodel() {
	MTKBM_BOOTMODEL=/nonexistent
	jcheck doctor 3 doctor
	_r=$?
	MTKBM_BOOTMODEL=$W/bootmodel
	return "$_r"
}

for s in $shells; do
	sh=$(echo "$s" | tr _ ' ')
	fake_cfs
	tap_ok "$s: --version" jcheck version 0 --version
	tap_ok "$s: help" jcheck help 0 help
	tap_ok "$s: profile" jcheck profile 0 profile
	tap_ok "$s: ... board bpi-r3mini" jhas board bpi-r3mini
	tap_ok "$s: profile --board nosuch: error object, exit 5" jcheck profile 5 --board nosuch profile
	tap_ok "$s: status (control characters, quotes, backslashes in the nodes)" jcheck status 0 status
	tap_ok "$s: ... the slot state comes back byte for byte" jhas state "invalid: $nasty"
	tap_ok "$s: ... so does the status line" jhas note "$nasty"
	tap_ok "$s: check of a FIP (the fake verify says ok)" jcheck check 0 check "$W/img.fip" --medium emmc
	tap_ok "$s: ... result with the nasty bytes" jhas result "$nasty"
	tap_ok "$s: install fip (fake stage and switch)" jcheck install 0 --yes install fip "$W/img.fip" --medium emmc
	tap_ok "$s: ... slot b written" jhas slot b
	tap_ok "$s: doctor (fake model: will not boot): exit 1" jcheck doctor 1 doctor
	tap_ok "$s: ... reason with the nasty bytes" jhas reason "$nasty"
	tap_ok "$s: boot-partition" jcheck boot-partition 0 boot-partition
	tap_ok "$s: an unknown option: error object, exit 2" jcheck '' 2 --frob status
	tap_ok "$s: --medium usb: error object, exit 2" jcheck check 2 check "$W/img.fip" --medium usb
	mv "$C" "$C.off"
	tap_ok "$s: status without the module: error object, exit 3" jcheck status 3 status
	tap_ok "$s: doctor, the model missing: error object, exit 3" jcheck_nomodel
	mv "$C.off" "$C"
	tap_ok "$s: backup - with --json: error object, exit 2" jcheck backup 2 backup -
	sed -i 's/^ok: .*/error: -EINVAL FIP for bananapi,bpi-r3, this board is '"$nasty"'/' "$C/emmc/fip/result"
	tap_ok "$s: check refused by the module: error object, exit 1" jcheck check 1 check "$W/img.fip" --medium emmc
done

# selftests/lib/json-check, which the VM tests use, against jsonschema:
# every output above with one key renamed, one value of the wrong type, or
# a raw control character is refused by both
# shellcheck disable=SC2317 # called through tap_ok
broken() { # SED-EXPRESSION MIN: each line it changes (at least MIN) must be refused by both
	_nb=0
	while IFS= read -r _l; do
		printf '%s\n' "$_l" > "$W/line"
		sed "$1" "$W/line" > "$W/bad"
		cmp -s "$W/bad" "$W/line" && continue
		_nb=$((_nb + 1))
		"$jc" "$schema" "$W/bad" 2> /dev/null && { echo "json-check accepts: $(cat "$W/bad")"; return 1; }
		python3 -c '
import json, sys, jsonschema
try:
    jsonschema.validate(json.loads(open(sys.argv[2]).read()), json.load(open(sys.argv[1])), cls=jsonschema.Draft202012Validator)
except Exception:
    sys.exit(0)
sys.exit(1)' "$schema" "$W/bad" || { echo "jsonschema accepts: $(cat "$W/bad")"; return 1; }
	done < "$W/all"
	[ "$_nb" -ge "$2" ] || { echo "only $_nb lines changed by $1"; return 1; }
}
tap_ok "json-check: every object with its first key renamed is refused (as by jsonschema)" broken 's/^{"\([a-z_]*\)"/{"\1x"/' 20
tap_ok "json-check: every object with its first string value a number is refused" broken 's/^\({"[a-z_]*":\)"[^"]*"/\11/' 20
tap_ok "json-check: a raw control character in a string is refused" broken "s/\\\\u0001/$(printf '\001')/" 6
tap_done
