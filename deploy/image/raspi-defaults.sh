#!/bin/sh
# mmdebstrap setup hook of build.sh: for arm64, the settings Debian's
# raspi-firmware reads when its hooks write cmdline.txt and config.txt into
# /boot/firmware (the root by label; the kiosk's kernel command line).
#   raspi-defaults.sh ROOTFS ARCH CMDLINE
set -eu
[ "$2" = arm64 ] || exit 0
mkdir -p "$1/etc/default"
printf 'ROOTPART=LABEL=kiosk-root\nCONSOLES="tty1"\n' >"$1/etc/default/raspi-firmware"
printf '%s\n' "$3" >"$1/etc/default/raspi-extra-cmdline"
