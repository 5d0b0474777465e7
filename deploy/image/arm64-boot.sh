#!/bin/sh
# The Raspberry Pi image's boot files, made once at the end of build.sh.
#
#   arm64-boot.sh defer ROOTFS            mmdebstrap essential hook: until the
#                                         end, update-initramfs does nothing
#   arm64-boot.sh finish ROOTFS CMDLINE   last customize hook: one small
#                                         initramfs, and raspi-firmware's hook
#                                         fills /boot/firmware
#
# Why: on a PC every package script of the arm64 image runs emulated
# (qemu-aarch64-static), and mkinitramfs with Debian's MODULES=most starts
# thousands of short processes: about 19 minutes each time, and the kernel's
# postinst and the triggers of initramfs-tools, udev and raspi-firmware made
# it at least twice. Deferred, it is made once; with MODULES=list (the board
# is known; MODULES=dep cannot look at it from a chroot) it holds only what a
# Pi 4 needs to find and mount its root.
set -eu

MODE=${1:-}
R=${2:-}
DIVERTED=/usr/sbin/update-initramfs.kiosk-deferred

die() {
	echo "arm64-boot: $*" >&2
	exit 1
}
{ [ -n "$R" ] && [ -d "$R" ]; } || die "usage: arm64-boot.sh defer|finish ROOTFS [CMDLINE]"

# What a Raspberry Pi 4 / 400 / CM4 needs to mount its root from the SD card
# (or the CM4's eMMC) or from a USB disk, checked against the kernel's modules
# below. Debian 12's arm64 kernel builds in mmc_block, pcie-brcmstb, the
# firmware mailbox and clocks, gpio-raspberrypi-exp and pinctrl-bcm2835.
MODULE_LIST='
# SD card and eMMC: the Pi 4 slot (emmc2) and the sdhost of older Pis; the SD
# slot waits for its supply regulators (regulator-gpio, regulator-fixed).
sdhci-iproc
bcm2835
gpio-regulator
fixed
# USB disks: the VL805 controller behind PCIe (its firmware is loaded through
# reset-raspberrypi), the CM4 USB 2 port (dwc2), USB mass storage and UAS.
xhci-pci
reset-raspberrypi
dwc2
usb-storage
uas
sd_mod
# The root file system and its checksums; the FAT firmware partition.
ext4
crc32c_generic
vfat
nls_cp437
nls_ascii
# Virtual disks, for a smoke boot under qemu-system-aarch64 -M virt.
virtio_pci
virtio_mmio
virtio_blk
'

case "$MODE" in
defer)
	# The package's update-initramfs goes to $DIVERTED when it is unpacked;
	# in its place a stub the packages' scripts and triggers call instead.
	chroot "$R" dpkg-divert --quiet --local --rename --divert "$DIVERTED" \
		--add /usr/sbin/update-initramfs
	mkdir -p "$R/usr/sbin"
	cat >"$R/usr/sbin/update-initramfs" <<'EOF'
#!/bin/sh
# deploy/image/arm64-boot.sh: the image's initramfs is made once, at the end.
echo "update-initramfs $*: deferred to the end of the image build" >&2
exit 0
EOF
	chmod 0755 "$R/usr/sbin/update-initramfs"
	;;
finish)
	CMDLINE=${3:-}
	rm -f "$R/usr/sbin/update-initramfs"
	chroot "$R" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs
	[ -x "$R/usr/sbin/update-initramfs" ] || die "update-initramfs is not installed (initramfs-tools)"

	set -- "$R"/lib/modules/*/modules.dep
	{ [ $# -eq 1 ] && [ -f "$1" ]; } || die "expected one kernel in $R/lib/modules, found: $*"
	VERSION=$(basename "$(dirname "$1")")
	MODDIR=$R/lib/modules/$VERSION

	# Every listed module must exist (as a module or built in): a name the
	# kernel does not have would make an initramfs that cannot find the root.
	missing=""
	for m in $(echo "$MODULE_LIST" | grep -v '^#'); do
		pattern=$(echo "$m" | sed 's/[-_]/[-_]/g')
		grep -q -E "(^|/)${pattern}\.ko(\.[a-z]+)?:" "$MODDIR/modules.dep" ||
			grep -q -E "/${pattern}\.ko(\.[a-z]+)?$" "$MODDIR/modules.builtin" ||
			missing="$missing $m"
	done
	[ -z "$missing" ] || die "kernel $VERSION has no module$missing (see MODULE_LIST)"

	cat >"$R/etc/initramfs-tools/conf.d/kiosk-raspi.conf" <<'EOF'
# deploy/image/arm64-boot.sh: only the modules in /etc/initramfs-tools/modules
# (a Raspberry Pi 4's SD card, eMMC and USB disks; ext4).
MODULES=list
# The root is found by label at boot; the build cannot look at it, so fsck.ext4
# goes in by name (the initramfs checks the root before mounting it).
FSTYPE=ext4
EOF
	{
		echo "# deploy/image/arm64-boot.sh: what a Raspberry Pi 4 needs to mount its root."
		echo "$MODULE_LIST" | grep -v '^$'
	} >"$R/etc/initramfs-tools/modules"

	# raspi-firmware's kernel hook reads these when it writes cmdline.txt and
	# config.txt (its own conffile is changed only now, after it is
	# installed: a file there before would stop dpkg at a conffile question).
	printf 'ROOTPART=LABEL=kiosk-root\nCONSOLES="tty1"\n' >"$R/etc/default/raspi-firmware"
	printf '%s\n' "$CMDLINE" >"$R/etc/default/raspi-extra-cmdline"

	# Without INITRAMFS_TOOLS_KERNEL_HOOK, update-initramfs runs the
	# post-update hooks: raspi-firmware's copies the kernel, the initrd and
	# the device trees to /boot/firmware and writes config.txt.
	t0=$(date +%s)
	chroot "$R" update-initramfs -c -k "$VERSION"
	echo "arm64-boot: initramfs for $VERSION made in $(($(date +%s) - t0)) s:" \
		"$(du -k "$R/boot/initrd.img-$VERSION" | cut -f1) KiB"
	for f in "vmlinuz-$VERSION" "initrd.img-$VERSION" config.txt cmdline.txt \
		start4.elf fixup4.dat bcm2711-rpi-4-b.dtb; do
		[ -s "$R/boot/firmware/$f" ] || die "raspi-firmware did not put $f into /boot/firmware"
	done
	;;
*) die "usage: arm64-boot.sh defer|finish ROOTFS [CMDLINE]" ;;
esac
