#!/bin/sh
# selftests/bench/guest.sh DIR   (in the VM, started by selftests/bench/run)
#
# Measures mtk-bootmedia against the raw tools on the simulated media of
# bpi-r3mini, in one boot: eMMC (dd oflag=direct into the fip GPT partition
# vs image + verify + stage + active, engine gpt when the module takes it,
# else extcsd on the boot areas), UBI (ubiupdatevol + ubirename vs the
# helper's install fip), raw SPI-NAND (flash_erase + nandwrite vs stage of
# a single slot). Each raw write is also timed with a read-back compare
# after it (head -c SIZE DEVICE | cmp), what a careful person does by hand:
# a verified install is compared with both. DIR holds benchtool and the
# FIPs fip-{1m,4m}-{emmc,snand}.fip.
# Prints "ROW|..." lines (table rows) and "NOTE ..." lines for the host.
# Nothing here is a test: numbers are printed, never checked.
# shellcheck disable=SC2016 # sh -c scripts take their arguments as $1...

D=${1:?usage: guest.sh DIR}
RUNS=${BENCH_RUNS:-5}
BT=$D/benchtool
CFS=/sys/kernel/config/mtk-bootmedia
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
# shellcheck source=../tests/core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
export PATH="$D:$PATH"

# the simulated NAND chip's name, from the board profile
nand_name() {
	awk '$1 == "nand.name" { sub(/^[^ \t]+[ \t]+/, ""); print }' \
		"/mnt/src/selftests/boards/$MTKBM_BOARD.board"
}
row() { echo "ROW|$MTKBM_TARGET|$*"; }
# part NAME: whether BENCH_PARTS (default all) names the section NAME
# (emmc, identity, ubi, bspconf, snand)
part() {
	case " ${BENCH_PARTS:-all} " in
	*" all "* | *" $1 "*) return 0 ;;
	esac
	return 1
}
note() { echo "NOTE $*"; }

# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "" }'
}
# ms NS: nanoseconds as milliseconds with 2 decimals
ms() { awk -v n="$1" 'BEGIN { if (n == "") print "n/a"; else printf "%.2f", n / 1e6 }'; }
# ratio RAW OURS
ratio() { awk -v r="$1" -v o="$2" 'BEGIN { if (r == "" || o == "" || o == 0) print "n/a"; else printf "%.2f", r / o }'; }
sz() { wc -c < "$1" | tr -d ' '; }
mem() { # KEY: /proc/meminfo value in kB
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}
settle() { sync; echo 3 > /proc/sys/vm/drop_caches; sleep 0.2; }
nandctr() { # KEY: counter of the NAND power-cut layer, empty without it
	[ -r /sys/kernel/debug/mtkbm_nandcut/counters ] || return 0
	awk -v k="$1" '$1 == k { print $2 }' /sys/kernel/debug/mtkbm_nandcut/counters
}
# med "LIST": median of a space-separated list of numbers
med() { echo "$1" | tr ' ' '\n' | grep . | median; }
# readback DEVICE IMG: ns to read the first size-of-IMG bytes of DEVICE and
# compare them with IMG (fails when they differ)
readback() {
	"$BT" time sh -c 'head -c "$(wc -c < "$2")" "$1" | cmp -s - "$2"' sh "$1" "$2"
}
# ours_steps C SLOT IMG SWITCH: image (its path to image_file, as the helper
# does since issue 17: the module reads the file into one buffer), verify,
# stage SLOT [, active SLOT]; sets t_img t_ver t_stage t_sw (ns) and fails
# as a step fails
ours_steps() {
	t_img=$("$BT" write "$1/image_file" "$3") || { echo "image_file: $(cat "$1/result")" >&2; return 1; }
	grep -q '^ok' "$1/result" || { echo "image: $(cat "$1/result")" >&2; return 1; }
	t_ver=$("$BT" write "$1/verify" 1) || { echo "verify: $(cat "$1/result")" >&2; return 1; }
	t_stage=$("$BT" write "$1/stage" "$2") || { echo "stage: $(cat "$1/result")" >&2; return 1; }
	t_sw=0
	if [ "$4" = 1 ]; then
		t_sw=$("$BT" write "$1/active" "$2") || { echo "active: $(cat "$1/result")" >&2; return 1; }
	fi
	return 0
}

# uploads C IMG: the same image through the binary attribute `image` in one
# write(2) (dd bs=16M), in 4 KiB and 128 KiB write(2)s (dd) and with
# busybox cat; appends the times (ns) to ones, k4s, k128s, cats
uploads() {
	t=$("$BT" time dd if="$2" of="$1/image" bs=16M 2>/dev/null) && ones="$ones $t"
	t=$("$BT" time dd if="$2" of="$1/image" bs=4k 2>/dev/null) && k4s="$k4s $t"
	t=$("$BT" time dd if="$2" of="$1/image" bs=128k 2>/dev/null) && k128s="$k128s $t"
	t=$("$BT" time sh -c 'cat "$1" > "$2/image"' sh "$2" "$1") && cats="$cats $t"
}

note "clock: benchtool CLOCK_MONOTONIC; busybox 'date +%s%N' prints '$(date +%s%N)'"
board=$MTKBM_BOARD_OVERRIDE
# BENCH_KO: another build of the module to measure (default: the one loaded)
ko=${BENCH_KO:-/lib/modules/$(uname -r)/extra/mtk_bootmedia.ko}

# --- module load time and memory at rest (before any configfs object) ---
lt=''
for _ in $(seq "$RUNS"); do
	rmmod mtk_bootmedia || { note "rmmod failed"; break; }
	settle
	if [ -n "$board" ]; then
		t=$("$BT" time insmod "$ko" board="$board")
	else
		t=$("$BT" time insmod "$ko")
	fi
	lt="$lt $t"
done
row "module|insmod (median of $RUNS)|$(ms "$(echo "$lt" | tr ' ' '\n' | grep . | median)") ms"
rmmod mtk_bootmedia
settle
s0=$(mem Slab) v0=$(mem VmallocUsed)
if [ -n "$board" ]; then insmod "$ko" board="$board"; else insmod "$ko"; fi
settle
row "module|loaded, nothing configured: Slab / VmallocUsed delta|$(($(mem Slab) - s0)) / $(($(mem VmallocUsed) - v0)) kB"

# ================= eMMC =================
E=$CFS/emmc
C=$E/fip
if part emmc; then
	d=$(mmcsim_wait_disk 2) || d=''
	mkdir -p "$C/a" "$C/b"
	put "$C/kind" fip
	fip=$(mmcsim_part_by_name "$d" fip)
	fip2=$(mmcsim_part_by_name "$d" fip2) || fip2=''
	if [ -n "$fip2" ] && put "$C/switch" gpt; then
		engine=gpt
		put "$C/a/location" gpt:fip
		put "$C/b/location" gpt:fip2
	else
		engine=extcsd
		put "$C/switch" extcsd
		put "$C/a/location" emmc:boot0
		put "$C/b/location" emmc:boot1
		note "eMMC: engine gpt not available (fip2 partition: ${fip2:-none}; switch gpt refused or not tried): extcsd on boot0/boot1 instead"
	fi
	put "$E/device" "mmc:$d"
	put "$E/force_ro_secs" 0
	# the extcsd fallback measures writes: the simulated board states boot1
	put "$E/boot1_honoured" 1
	if [ "$engine" = gpt ]; then
		# the gpt engine may be configurable before it is implemented: try it
		put "$E/enable" 1
		cat "$D/fip-1m-emmc.fip" > "$C/image"
		case $(cat "$C/active") in a) sl=b ;; *) sl=a ;; esac
		if ! put "$C/stage" "$sl"; then
			note "eMMC: switch gpt refused the stage ($(cat "$C/result")): extcsd on boot0/boot1 instead"
			engine=extcsd
			put "$E/enable" 0
			put "$C/switch" extcsd
			put "$C/a/location" emmc:boot0
			put "$C/b/location" emmc:boot1
		fi
		put "$E/enable" 0
	fi
	settle
	s0=$(mem Slab) v0=$(mem VmallocUsed)
	bt=''
	for _ in $(seq "$RUNS"); do
		t=$("$BT" write "$E/enable" 1) || { note "eMMC bind failed: $(result emmc)"; break; }
		bt="$bt $t"
		put "$E/enable" 0
	done
	put "$E/enable" 1
	settle
	row "eMMC|bind (echo 1 > enable, median of $RUNS)|$(ms "$(echo "$bt" | tr ' ' '\n' | grep . | median)") ms"
	row "eMMC|bound, 1 component 2 slots: Slab / VmallocUsed delta|$(($(mem Slab) - s0)) / $(($(mem VmallocUsed) - v0)) kB"

	for size in 1m 4m; do
		img=$D/fip-$size-emmc.fip
		n=$(sz "$img")
		raw='' rawc='' ours='' sws='' stg='' imgs='' vers='' cats='' ones='' k4s='' k128s=''
		fulls='' fr=0
		for _ in $(seq "$RUNS"); do
			settle
			w0=$(mmcsim_counter sectors_written)
			t=$("$BT" time dd if="$img" of="/dev/$fip" bs=1M oflag=direct conv=fsync 2>/dev/null) ||
				{ note "dd into /dev/$fip failed"; break; }
			raw="$raw $t"
			rawsec=$(($(mmcsim_counter sectors_written) - w0))
			tc=$(readback "/dev/$fip" "$img") || note "eMMC: /dev/$fip does not read back as the image written"
			rawc="$rawc $((t + tc))"
			act=$(cat "$C/active")
			case $act in a) sl=b ;; *) sl=a ;; esac
			settle
			ours_steps "$C" "$sl" "$img" 1 || { note "eMMC install $size failed"; break; }
			ours="$ours $((t_img + t_ver + t_stage + t_sw))"
			sws="$sws $t_sw" stg="$stg $t_stage" imgs="$imgs $t_img" vers="$vers $t_ver"
			# the binary attribute: configfs grows its buffer on every write(2)
			uploads "$C" "$img"
			# the same switch with the stage's proof defeated (issue 17,
			# gpt: slots): LBA 0 of the card written back unchanged
			# between stage and active moves the block layer's count of
			# the card's writes, so the switch reads and checks the slot
			# as every switch did before
			[ "$engine" = gpt ] || continue
			case $(cat "$C/active") in a) sl=b ;; *) sl=a ;; esac
			settle
			ours_steps "$C" "$sl" "$img" 0 || { note "eMMC install $size (full check) failed"; break; }
			dd if="/dev/$d" of="/dev/$d" bs=512 count=1 iflag=direct oflag=direct conv=notrunc 2>/dev/null ||
				{ note "eMMC: LBA 0 of /dev/$d could not be written back"; break; }
			r0=$(mmcsim_counter sectors_read)
			t=$("$BT" write "$C/active" "$sl") || { note "active (full check): $(cat "$C/result")"; break; }
			fr=$(($(mmcsim_counter sectors_read) - r0))
			fulls="$fulls $t"
		done
		eval "swfull_$size=\$(med \"\$fulls\")"
		[ "$engine" != gpt ] ||
			row "eMMC $engine|switch (active) alone $size, the card written since the stage (full check), interleaved|$(ms "$(med "$fulls")") ms; reads $fr sectors"
		eval "sw_$size=\$(med \"\$sws\") cat_$size=\$(med \"\$cats\") file_$size=\$(med \"\$imgs\")"
		eval "one_$size=\$(med \"\$ones\") k4_$size=\$(med \"\$k4s\") k128_$size=\$(med \"\$k128s\")"
		# one more install for the write counts of the stage and the switch alone
		act=$(cat "$C/active")
		case $act in a) sl=b ;; *) sl=a ;; esac
		put "$C/image_file" "$img"
		put "$C/verify" 1
		w0=$(mmcsim_counter sectors_written) c0=$(mmcsim_counter cmd6_writes)
		p0=$(mmcsim_counter part_switches)
		put "$C/stage" "$sl"
		w1=$(mmcsim_counter sectors_written) c1=$(mmcsim_counter cmd6_writes)
		p1=$(mmcsim_counter part_switches) r1=$(mmcsim_counter sectors_read)
		put "$C/active" "$sl"
		w2=$(mmcsim_counter sectors_written) c2=$(mmcsim_counter cmd6_writes)
		p2=$(mmcsim_counter part_switches) r2=$(mmcsim_counter sectors_read)
		mr=$(med "$raw") mc=$(med "$rawc") mo=$(med "$ours")
		row "eMMC $engine|install $size ($n B): raw dd oflag=direct / raw + read-back cmp / ours image+verify+stage+active|$(ms "$mr") / $(ms "$mc") / $(ms "$mo") ms; ratio vs raw $(ratio "$mr" "$mo"), vs raw+cmp $(ratio "$mc" "$mo")"
		row "eMMC $engine|steps $size: image_file (the module reads the file) / verify|$(ms "$(med "$imgs")") / $(ms "$(med "$vers")") ms"
		row "eMMC $engine|upload $size through the binary attribute image: dd bs=16M (one write) / dd bs=128k / dd bs=4k / busybox cat|$(ms "$(med "$ones")") / $(ms "$(med "$k128s")") / $(ms "$(med "$k4s")") / $(ms "$(med "$cats")") ms"
		row "eMMC $engine|stage alone $size|$(ms "$(med "$stg")") ms"
		row "eMMC $engine|switch (active) alone $size|$(ms "$(med "$sws")") ms; writes: $((c2 - c1)) CMD6 ($((p2 - p1)) of them partition-access switches), $((w2 - w1)) sectors; reads $((r2 - r1)) sectors"
		row "eMMC $engine|programmed per install $size|stage $((w1 - w0)) sectors ($(((w1 - w0) * 512)) B) + switch $((w2 - w1)) sectors, image $n B = $(((n + 511) / 512)) sectors; raw dd $rawsec sectors; stage CMD6 $((c1 - c0)) ($((p1 - p0)) partition-access switches)"
	done

	# shellcheck disable=SC2154 # sw_1m ... set by eval above
	row "eMMC $engine|switch flatness: active 4m / active 1m|$(ms "$sw_4m") / $(ms "$sw_1m") ms = $(ratio "$sw_4m" "$sw_1m") (target <= 1.1)"
	# shellcheck disable=SC2154
	[ "$engine" != gpt ] ||
		row "eMMC $engine|switch flatness with the full check: active 4m / active 1m|$(ms "$swfull_4m") / $(ms "$swfull_1m") ms = $(ratio "$swfull_4m" "$swfull_1m")"
	# shellcheck disable=SC2154
	row "eMMC $engine|upload linearity: 4m / 1m time (linear = 4)|image_file $(ratio "$file_4m" "$file_1m"); image: one write $(ratio "$one_4m" "$one_1m"), 128 KiB writes $(ratio "$k128_4m" "$k128_1m"), 4 KiB writes $(ratio "$k4_4m" "$k4_1m"), cat $(ratio "$cat_4m" "$cat_1m")"

	# memory during an install of the 4 MiB FIP and at rest afterwards
	img=$D/fip-4m-emmc.fip
	act=$(cat "$C/active")
	case $act in a) sl=b ;; *) sl=a ;; esac
	put "$C/image" x
	settle
	s0=$(mem Slab) v0=$(mem VmallocUsed)
	pk=$("$BT" peak sh -c 'echo "$1" > "$2/image_file" && echo 1 > "$2/verify" && echo "$3" > "$2/stage" && echo "$3" > "$2/active"' sh "$img" "$C" "$sl") ||
		note "eMMC: install under the memory sampler failed: $(cat "$C/result")"
	settle
	row "eMMC $engine|peak extra kernel memory during a 4m install, image_file (Slab / VmallocUsed)|$(echo "$pk" | awk '{ print $1 " / " $2 }') kB"
	case $sl in a) sl=b ;; *) sl=a ;; esac
	settle
	pk=$("$BT" peak sh -c 'dd if="$1" of="$2/image" bs=16M 2>/dev/null && echo 1 > "$2/verify" && echo "$3" > "$2/stage" && echo "$3" > "$2/active"' sh "$img" "$C" "$sl") ||
		note "eMMC: install under the memory sampler failed: $(cat "$C/result")"
	settle
	row "eMMC $engine|peak extra kernel memory during a 4m install, image in one write (Slab / VmallocUsed)|$(echo "$pk" | awk '{ print $1 " / " $2 }') kB"
	row "eMMC $engine|at rest after the install (a stage drops the staged image) (Slab / VmallocUsed)|$(($(mem Slab) - s0)) / $(($(mem VmallocUsed) - v0)) kB"
	put "$E/enable" 0
	settle
	row "eMMC $engine|after unbind (image dropped; Slab / VmallocUsed vs before the install)|$(($(mem Slab) - s0)) / $(($(mem VmallocUsed) - v0)) kB"
	rmdir "$C/a" "$C/b" "$C" "$E"
fi

# ================= board identity: the crafted 8 MiB BL33 =================
if part identity; then
	# verify of a FIP whose BL33 (selftests/bench/crafted-bl33) holds an FDT
	# header every 4 KiB over a 4 MiB run of FDT_NOPs; a slot of 32 MiB (GPT
	# recovery) so the size check lets it through to the board check
	if [ -f "$D/crafted-8m.fip" ]; then
		mkdir -p "$C/a"
		put "$C/kind" fip
		put "$C/a/location" gpt:recovery
		put "$E/device" "mmc:$(mmcsim_disk)"
		put "$E/enable" 1
		dd if="$D/crafted-8m.fip" of="$C/image" bs=16M 2> /dev/null
		vt=''
		for _ in $(seq "$RUNS"); do
			t=$("$BT" time sh -c 'echo 1 > "$1/verify"; true' sh "$C")
			vt="$vt $t"
		done
		t0=$("$BT" time sh -c 'true')
		row "board identity|verify of a FIP with the crafted 8 MiB BL33 ($(sz "$D/crafted-8m.fip") B; sh start-up of $(ms "$t0") ms included)|$(ms "$(echo "$vt" | tr ' ' '\n' | grep . | median)") ms: $(cut -c1-60 "$C/result")"
		put "$E/enable" 0
		rmdir "$C/a" "$C" "$E"
	fi
fi

# ================= NAND counters =================
if modprobe mtkbm_nandcut chip="$(nand_name)" 2>/dev/null ||
	modprobe mtkbm_nandcut 2>/dev/null; then
	nandc=1
else
	nandc=''
	note "SPI-NAND: no NAND counter layer (mtkbm_nandcut.ko): pages and erases not measured"
fi
nandpe() { # print "P pages, E erases" since the values $1 $2
	if [ -n "$nandc" ]; then
		echo "$(($(nandctr pages_programmed) - $1)) pages, $(($(nandctr blocks_erased) - $2)) erases"
	else
		echo "not measured"
	fi
}
nand_p() { if [ -n "$nandc" ]; then nandctr pages_programmed; else echo 0; fi; }
nand_e() { if [ -n "$nandc" ]; then nandctr blocks_erased; else echo 0; fi; }
nand_r() { if [ -n "$nandc" ]; then nandctr pages_read; else echo 0; fi; }

# ================= UBI =================
ubimtd=$(mtd_dev ubi)
if part ubi; then
	ubidev=/dev/ubi0
	volid() { # NAME: volume id of the UBI volume NAME on ubi0
		for v in /sys/class/ubi/ubi0_*; do
			[ "$(cat "$v/name")" = "$1" ] && { echo "${v##*ubi0_}"; return 0; }
		done
		return 1
	}
	# fip and fip2: static volumes large enough for the 4 MiB FIP
	ubirmvol "$ubidev" -N fip > /dev/null 2>&1
	ubirmvol "$ubidev" -N fip2 > /dev/null 2>&1
	if ! ubimkvol "$ubidev" -N fip -n 0 -t static -s 5MiB > /dev/null ||
		! ubimkvol "$ubidev" -N fip2 -n 5 -t static -s 5MiB > /dev/null; then
		note "UBI: cannot make the fip/fip2 volumes"
	fi
	ubiupdatevol "$ubidev"_0 "$D/fip-1m-snand.fip"
	ubiupdatevol "$ubidev"_5 "$D/fip-1m-snand.fip"
	# the helper runs from the guest's own file system (tmpfs), as the
	# raw tools do and as a board has it (rootfs): not from the 9p share,
	# where every open and stat of its 16 files is a round trip to the
	# host (issue 17: that was 60-70% of the helper's start); its start
	# from the share is timed apart below
	sharehelper=$D/cur/scripts/mtk-bootmedia
	[ -f "$sharehelper" ] || sharehelper=/mnt/src/scripts/mtk-bootmedia
	rm -rf /tmp/bench-cur /tmp/bench-base
	mkdir /tmp/bench-cur
	cp -R "${sharehelper%/mtk-bootmedia}" /tmp/bench-cur/
	helper=/tmp/bench-cur/scripts/mtk-bootmedia
	# BENCH_BASE (selftests/bench/run): the helper of another revision,
	# timed interleaved with this one on the same volumes ("before")
	base=''
	if [ -f "$D/base/scripts/mtk-bootmedia" ]; then
		mkdir /tmp/bench-base
		cp -R "$D/base/scripts" /tmp/bench-base/
		base=/tmp/bench-base/scripts/mtk-bootmedia
	fi
	hok=''
	if sh "$helper" --yes setup > /tmp/setup.log 2>&1; then
		hok=1
	else
		note "UBI: helper setup failed: $(tail -n 1 /tmp/setup.log)"
	fi
	for size in 1m 4m; do
		img=$D/fip-$size-snand.fip
		n=$(sz "$img")
		raw='' rawc='' ours='' rawpe='' ourpe='' olds=''
		for _ in $(seq "$RUNS"); do
			settle
			id=$(volid fip2)
			a=$(nand_p) b=$(nand_e) r0=$(nand_r)
			t=$("$BT" time ubiupdatevol "${ubidev}_$id" "$img") || { note "UBI: raw update failed"; break; }
			tc=$(readback "${ubidev}_$id" "$img") || note "UBI: volume fip2 does not read back as the image written"
			tr=$("$BT" time ubirename "$ubidev" fip fip2 fip2 fip) || { note "UBI: raw rename failed"; break; }
			# UBI's own reads and the module's re-checks after its notifications included
			[ -z "$nandc" ] || rawrd=$(($(nand_r) - r0))
			raw="$raw $((t + tr))" rawc="$rawc $((t + tc + tr))"
			rawpe=$(nandpe "$a" "$b")
			if [ -n "$hok" ]; then
				settle
				a=$(nand_p) b=$(nand_e) r0=$(nand_r)
				if t=$("$BT" time sh "$helper" --yes install fip "$img" --medium nand 2> /tmp/inst.log); then
					ours="$ours $t"
					ourpe=$(nandpe "$a" "$b")
					[ -z "$nandc" ] || ourrd=$(($(nand_r) - r0))
				else
					note "UBI: helper install fip failed: $(tail -n 1 /tmp/inst.log)"
					hok=''
				fi
			fi
			if [ -n "$hok" ] && [ -n "$base" ]; then
				settle
				if t=$("$BT" time sh "$base" --yes install fip "$img" --medium nand 2> /tmp/inst.log); then
					olds="$olds $t"
				else
					note "UBI: the base helper's install fip failed: $(tail -n 1 /tmp/inst.log)"
					base=''
				fi
			fi
		done
		# BENCH_TRACE=1: one more install under sh -x, each trace line
		# stamped (ms since the start, ms since the line before: the
		# time of the command the line before names)
		if [ -n "$hok" ] && [ -n "${BENCH_TRACE:-}" ]; then
			settle
			sh -x "$helper" --yes install fip "$img" --medium nand 2>&1 |
				"$BT" stamp | sed "s/^/TRACE $size /"
		fi
		if [ -n "$olds" ]; then
			row "UBI|install $size: the helper before (BENCH_BASE $(cat "$D/base/REV" 2>/dev/null)) / after, interleaved|$(ms "$(med "$olds")") / $(ms "$(med "$ours")") ms: $(ratio "$(med "$olds")" "$(med "$ours")")x faster; raw / raw + cmp $(ms "$(med "$raw")") / $(ms "$(med "$rawc")") ms, ratios before $(ratio "$(med "$raw")" "$(med "$olds")") / $(ratio "$(med "$rawc")" "$(med "$olds")")"
		fi
		mr=$(med "$raw") mc=$(med "$rawc")
		if [ -n "$ours" ]; then
			mo=$(med "$ours")
			row "UBI|install $size ($n B): raw ubiupdatevol+ubirename / raw + read-back cmp / ours mtk-bootmedia install fip|$(ms "$mr") / $(ms "$mc") / $(ms "$mo") ms; ratio vs raw $(ratio "$mr" "$mo"), vs raw+cmp $(ratio "$mc" "$mo")"
			row "UBI|programmed per install $size|ours $ourpe; raw $rawpe; image $n B = $(((n + 2047) / 2048)) pages"
			row "UBI|NAND pages read per install $size (all readers: tools, UBI, the module's re-checks on UBI's notifications)|ours ${ourrd:-not measured}; raw + read-back cmp ${rawrd:-not measured}; the image is $(((n + 2047) / 2048)) pages"
		else
			row "UBI|install $size ($n B): raw ubiupdatevol+ubirename / raw + read-back cmp / ours|$(ms "$mr") / $(ms "$mc") ms / pending (the helper's install fip did not complete: see the notes)"
			row "UBI|programmed per install $size|raw $rawpe; image $n B = $(((n + 2047) / 2048)) pages"
		fi
	done
	# the helper's fixed costs: its start (the shell reading its parts),
	# the start of an install (the parts it sources, the settings, the
	# lock: install of a missing file, which stops there with exit 2), a
	# shell's own start, one read of a slot's info (its read back)
	if [ -n "$hok" ]; then
		st='' si='' sib='' sh0='' it='' itf='' si9=''
		for _ in $(seq "$RUNS"); do
			t=$("$BT" time sh -c 'sh "$1" --version > /dev/null' sh "$helper") && st="$st $t"
			t=$("$BT" time sh -c 'sh "$1" --yes install fip /nonexistent 2> /dev/null; [ $? = 2 ]' sh "$helper") && si="$si $t"
			t=$("$BT" time sh -c 'sh "$1" --yes install fip /nonexistent 2> /dev/null; [ $? = 2 ]' sh "$sharehelper") && si9="$si9 $t"
			if [ -n "$base" ]; then
				t=$("$BT" time sh -c 'sh "$1" --yes install fip /nonexistent 2> /dev/null; [ $? = 2 ]' sh "$base") && sib="$sib $t"
			fi
			t=$("$BT" time sh -c true) && sh0="$sh0 $t"
			settle
			t=$("$BT" time sh -c 'cat "$1" > /dev/null' sh "$CFS/nand/fip/b/info") && it="$it $t"
			# the same read with the FIP staged again and not verified:
			# info runs every check (no verify's findings to reuse)
			put "$CFS/nand/fip/image_file" "$D/fip-4m-snand.fip"
			settle
			t=$("$BT" time sh -c 'cat "$1" > /dev/null' sh "$CFS/nand/fip/b/info") && itf="$itf $t"
			put "$CFS/nand/fip/verify" 1
		done
		row "UBI|the helper's fixed costs: start (sh -c 'sh mtk-bootmedia --version': the measuring shell and the helper's) / start of an install (install fip of a missing file: parts, settings, lock; the same two shells)${sib:+, before / after} / sh -c true / cat of a slot's info (4m FIP)|$(ms "$(med "$st")") / ${sib:+$(ms "$(med "$sib")") / }$(ms "$(med "$si")") / $(ms "$(med "$sh0")") / $(ms "$(med "$it")") ms"
		row "UBI|start of an install as above, the helper read from the 9p share (as make bench ran it before 2026-12-05 22:00 UTC)|$(ms "$(med "$si9")") ms"
		row "UBI|cat of a slot's info (4m FIP) holding the FIP staged and verified (the install's read back) / the same FIP staged again without verify (every check)|$(ms "$(med "$it")") / $(ms "$(med "$itf")") ms"
	fi
	# leave the helper's configfs objects and UBI
	for g in "$CFS"/*/; do
		[ -d "$g" ] || continue
		put "${g}enable" 0
		for c in "$g"*/; do
			[ -d "$c" ] || continue
			for s in "$c"*/; do [ -d "$s" ] && rmdir "$s"; done
			rmdir "$c"
		done
		rmdir "$g"
	done
fi
# ================= bspconf on UBI (MediaTek dual FIP) =================
# the switch alone (echo SLOT > active: the record composed for the helper)
# right after the install's steps (ubiupdatevol of the inactive volume, then
# the slot's state, which the helper reads too), and the same with another
# volume of the device updated in between (the switch checks the slot
# again); NAND pages read during the switch (mtkbm_nandcut). The record is
# written (ubiupdatevol) after each switch, as the helper does.
if part bspconf; then
	B=$CFS/bsp
	c=$B/fip
	ubidev=/dev/ubi0
	for v in fip fip2 bspconf1 bspconf2 benchjunk; do
		ubirmvol "$ubidev" -N "$v" > /dev/null 2>&1
	done
	head -c 88 /dev/zero > /tmp/z88
	head -c 2048 /dev/urandom > /tmp/junk
	if ubimkvol "$ubidev" -N fip -n 0 -t static -s 5MiB > /dev/null &&
		ubimkvol "$ubidev" -N fip2 -n 5 -t static -s 5MiB > /dev/null &&
		ubimkvol "$ubidev" -N bspconf1 -n 6 -t static -s 88 > /dev/null &&
		ubimkvol "$ubidev" -N bspconf2 -n 7 -t static -s 88 > /dev/null &&
		ubimkvol "$ubidev" -N benchjunk -n 8 -t static -s 4KiB > /dev/null &&
		ubiupdatevol "$(vol_dev fip)" "$D/fip-1m-dual.fip" &&
		ubiupdatevol "$(vol_dev bspconf1)" "$D/fip-1m-dual.fip.rec" &&
		ubiupdatevol "$(vol_dev bspconf2)" /tmp/z88; then
		dualfip_config "$B" "$(nand_name)"
		if ! put "$B/enable" 1 || ! put "$c/switch" bspconf; then
			note "bspconf: bind or switch bspconf failed: $(cat "$c/result" 2> /dev/null)"
		fi
	else
		note "bspconf: cannot make the volumes fip, fip2, bspconf1, bspconf2"
	fi
	# bsp_switch IMG FULL: install IMG into the inactive volume, its state,
	# (FULL 1: another volume updated), then active timed: sets t_sw, pr
	bsp_switch() {
		case $(cat "$c/active") in a) sl=b v=fip2 ;; b) sl=a v=fip ;; *) return 1 ;; esac
		settle
		ubiupdatevol "$(vol_dev "$v")" "$1" || return 1
		[ "$(cat "$c/$sl/state")" = valid ] || { echo "state $sl: $(cat "$c/$sl/state")" >&2; return 1; }
		[ "$2" = 0 ] || ubiupdatevol "$(vol_dev benchjunk)" /tmp/junk || return 1
		# the re-checks queued by UBI's notifications done
		sleep 0.5
		r0=$(nand_r)
		t_sw=$("$BT" write "$c/active" "$sl") || { echo "active: $(cat "$c/result")" >&2; return 1; }
		pr=$(($(nand_r) - r0))
		rv=$(cat "$c/record_volume")
		cat "$c/record" > /tmp/rec
		ubiupdatevol "$(vol_dev "${rv##*:}")" /tmp/rec || return 1
		wait_for 10 test "$(cat "$c/active")" = "$sl" || { echo "record: $(cat "$c/result")" >&2; return 1; }
	}
	for size in 1m 4m; do
		img=$D/fip-$size-dual.fip
		sws='' fulls='' spr='' fpr=''
		for _ in $(seq "$RUNS"); do
			bsp_switch "$img" 0 2> /tmp/bsp.err || { note "bspconf $size: $(cat /tmp/bsp.err)"; break; }
			sws="$sws $t_sw" spr=$pr
			bsp_switch "$img" 1 2> /tmp/bsp.err || { note "bspconf $size (full): $(cat /tmp/bsp.err)"; break; }
			fulls="$fulls $t_sw" fpr=$pr
		done
		n=$(sz "$img")
		row "bspconf UBI|switch (active) alone $size, right after ubiupdatevol + state|$(ms "$(med "$sws")") ms; reads ${spr:-?} NAND pages (the FIP is $(((n + 2047) / 2048)) pages)"
		row "bspconf UBI|switch (active) alone $size, another volume updated since the state (full check), interleaved|$(ms "$(med "$fulls")") ms; reads ${fpr:-?} NAND pages"
		eval "bsw_$size=\$(med \"\$sws\") bfull_$size=\$(med \"\$fulls\") bpr_$size=\$spr bfpr_$size=\$fpr"
	done
	# shellcheck disable=SC2154 # set by eval above
	row "bspconf UBI|switch flatness: active 4m / active 1m|$(ms "$bsw_4m") / $(ms "$bsw_1m") ms = $(ratio "$bsw_4m" "$bsw_1m") (target <= 1.1); pages read $bpr_4m / $bpr_1m"
	# shellcheck disable=SC2154
	row "bspconf UBI|switch flatness with the full check: active 4m / active 1m|$(ms "$bfull_4m") / $(ms "$bfull_1m") ms = $(ratio "$bfull_4m" "$bfull_1m"); pages read $bfpr_4m / $bfpr_1m"
	put "$B/enable" 0
	rmdir "$B/fip/a" "$B/fip/b" "$B/bspconf/a" "$B/bspconf/b" "$B/fip" "$B/bspconf" "$B"
fi
# the raw SPI-NAND writes go where UBI is: detached for them only
! part snand || ubidetach -p "$ubimtd" > /dev/null 2>&1 || note "UBI: ubidetach failed"

# ================= raw SPI-NAND =================
if part snand; then
	N=$CFS/nand
	C=$N/fip
	mkdir -p "$C/x"
	put "$C/kind" fip
	put "$C/switch" single
	put "$C/x/location" mtd:ubi@0+0x480000
	put "$N/device" "mtd:$(nand_name)"
	put "$N/force_ro_secs" 0
	settle
	bt=''
	for _ in $(seq "$RUNS"); do
		t=$("$BT" write "$N/enable" 1) || { note "SPI-NAND bind failed: $(result nand)"; break; }
		bt="$bt $t"
		put "$N/enable" 0
	done
	put "$N/enable" 1
	row "SPI-NAND|bind (echo 1 > enable, median of $RUNS)|$(ms "$(echo "$bt" | tr ' ' '\n' | grep . | median)") ms"
	es=$(cat "/sys/class/mtd/${ubimtd#/dev/}/erasesize")
	for size in 1m 4m; do
		img=$D/fip-$size-snand.fip
		n=$(sz "$img")
		nb=$(((n + es - 1) / es))
		raw='' rawc='' ours='' rawpe='' ourpe='' imgs='' vers='' stg='' cats='' ones='' k4s='' k128s=''
		for _ in $(seq "$RUNS"); do
			settle
			put "$N/force_ro" 0
			a=$(nand_p) b=$(nand_e)
			t=$("$BT" time sh -c 'flash_erase -q "$1" 0 "$2" && nandwrite -q -p -s 0 "$1" "$3"' \
				sh "$ubimtd" "$nb" "$img") || { note "SPI-NAND: raw write failed"; put "$N/force_ro" 1; break; }
			rawpe=$(nandpe "$a" "$b")
			put "$N/force_ro" 1
			tc=$(readback "$ubimtd" "$img") || note "SPI-NAND: $ubimtd does not read back as the image written"
			raw="$raw $t" rawc="$rawc $((t + tc))"
			settle
			a=$(nand_p) b=$(nand_e)
			ours_steps "$C" x "$img" 0 || { note "SPI-NAND install $size failed"; break; }
			ourpe=$(nandpe "$a" "$b")
			ours="$ours $((t_img + t_ver + t_stage))"
			imgs="$imgs $t_img" vers="$vers $t_ver" stg="$stg $t_stage"
			uploads "$C" "$img"
		done
		mr=$(med "$raw") mc=$(med "$rawc") mo=$(med "$ours")
		row "SPI-NAND single|install $size ($n B): raw flash_erase+nandwrite / raw + read-back cmp / ours image+verify+stage|$(ms "$mr") / $(ms "$mc") / $(ms "$mo") ms; ratio vs raw $(ratio "$mr" "$mo"), vs raw+cmp $(ratio "$mc" "$mo")"
		row "SPI-NAND single|steps $size: image_file / verify / stage|$(ms "$(med "$imgs")") / $(ms "$(med "$vers")") / $(ms "$(med "$stg")") ms"
		row "SPI-NAND single|upload $size through image: dd bs=16M / dd bs=128k / dd bs=4k / busybox cat|$(ms "$(med "$ones")") / $(ms "$(med "$k128s")") / $(ms "$(med "$k4s")") / $(ms "$(med "$cats")") ms"
		row "SPI-NAND single|programmed per install $size|ours $ourpe; raw $rawpe; image $n B = $(((n + 2047) / 2048)) pages in $nb blocks"
	done
	put "$C/image" x
	settle
	s0=$(mem Slab) v0=$(mem VmallocUsed)
	for size in 1m 4m; do
		img=$D/fip-$size-snand.fip
		pk=$("$BT" peak sh -c 'echo "$1" > "$2/image_file" && echo 1 > "$2/verify" && echo x > "$2/stage"' sh "$img" "$C") ||
			note "SPI-NAND: install under the memory sampler failed: $(cat "$C/result")"
		settle
		row "SPI-NAND single|peak extra kernel memory during a $size install, image_file (Slab / VmallocUsed)|$(echo "$pk" | awk '{ print $1 " / " $2 }') kB"
	done
	pk=$("$BT" peak sh -c 'dd if="$1" of="$2/image" bs=16M 2>/dev/null && echo 1 > "$2/verify" && echo x > "$2/stage"' sh "$img" "$C") ||
		note "SPI-NAND: install under the memory sampler failed: $(cat "$C/result")"
	settle
	row "SPI-NAND single|peak extra kernel memory during a 4m install, image in one write (Slab / VmallocUsed)|$(echo "$pk" | awk '{ print $1 " / " $2 }') kB"
	row "SPI-NAND single|at rest after the install (a stage drops the staged image) (Slab / VmallocUsed)|$(($(mem Slab) - s0)) / $(($(mem VmallocUsed) - v0)) kB"
	put "$N/enable" 0
	settle
	row "SPI-NAND single|after unbind (Slab / VmallocUsed vs before the install)|$(($(mem Slab) - s0)) / $(($(mem VmallocUsed) - v0)) kB"
fi
echo "BENCH DONE"
