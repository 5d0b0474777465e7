#!/bin/sh
# The system image's own settings, run by build.sh as an mmdebstrap
# customize hook (outside the chroot) once the kiosk's package is installed.
#   customize.sh ROOTFS ARCH TEST(0|1)
set -eu
R=$1
ARCH=$2
TEST=$3
HERE=$(cd "$(dirname "$0")" && pwd)

# The board's set-up with a data partition at /data: the state and the
# journal are bind-mounted from it (kiosk-setup --data writes the fstab lines).
mkdir -p "$R/data"
chroot "$R" /usr/lib/kiosk/kiosk-setup --data /data --no-systemctl --no-mount

# The curator keys live on the data partition (the root is read-only);
# kiosk-firstboot fills them from the FAT partition's kiosk-keys/.
mkdir -p "$R/data/trusted-keys"
chmod 0755 "$R/data/trusted-keys"
cp -a "$R/etc/kiosk/trusted-keys/." "$R/data/trusted-keys/"
rm -rf "$R/etc/kiosk/trusted-keys"
ln -s /data/trusted-keys "$R/etc/kiosk/trusted-keys"
install -m 0755 "$HERE/files/kiosk-firstboot.sh" "$R/usr/lib/kiosk/kiosk-firstboot"
install -m 0644 "$HERE/files/kiosk-firstboot.service" "$R/etc/systemd/system/kiosk-firstboot.service"
ln -sf /etc/systemd/system/kiosk-firstboot.service "$R/etc/systemd/system/multi-user.target.wants/kiosk-firstboot.service"

# Partitions: the root read-only, the data partition checked and repaired at
# boot, the FAT partition read-only; what must be writable is in RAM.
cat >"$R/etc/fstab.new" <<FSTAB
# The kiosk's system image (deploy/image/build.sh).
LABEL=kiosk-root / ext4 ro,noatime 0 1
LABEL=kiosk-data /data ext4 defaults,noatime,commit=5 0 2
LABEL=KIOSKBOOT /boot/firmware vfat ro,nofail,umask=0022 0 0
tmpfs /tmp tmpfs mode=1777,nosuid,nodev,size=64M 0 0
tmpfs /var/tmp tmpfs mode=1777,nosuid,nodev,size=16M 0 0
tmpfs /var/log tmpfs mode=0755,nosuid,nodev,size=16M 0 0
tmpfs /var/lib/systemd tmpfs mode=0755,nosuid,nodev,size=4M 0 0
FSTAB
grep "memorial-kiosk data" "$R/etc/fstab" >>"$R/etc/fstab.new"
mv "$R/etc/fstab.new" "$R/etc/fstab"
mkdir -p "$R/boot/firmware"

echo kiosk >"$R/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 kiosk\n' >"$R/etc/hosts"

# No login prompt on any console; no key does anything to the power.
mkdir -p "$R/etc/systemd/logind.conf.d"
install -m 0644 "$HERE/files/logind-kiosk.conf" "$R/etc/systemd/logind.conf.d/kiosk.conf"
chroot "$R" systemctl mask getty@tty1.service serial-getty@ttyS0.service \
	ctrl-alt-del.target debug-shell.service >/dev/null 2>&1 || true
# Written by nothing here, so not wanted on a read-only root.
chroot "$R" systemctl mask apt-daily.timer apt-daily-upgrade.timer \
	e2scrub_all.timer e2scrub_reap.service >/dev/null 2>&1 || true

if [ "$TEST" = 1 ]; then
	install -m 0644 "$HERE/test-agent/kiosk-test-agent.service" \
		"$R/etc/systemd/system/kiosk-test-agent.service"
	ln -sf /etc/systemd/system/kiosk-test-agent.service \
		"$R/etc/systemd/system/sysinit.target.wants/kiosk-test-agent.service"
	# The test build's kernel console on ttyS1 would get a login prompt from
	# systemd-getty-generator; the museum's image has no serial console.
	ln -sf /dev/null "$R/etc/systemd/system/serial-getty@ttyS1.service"
	mkdir -p "$R/etc/systemd/system/kiosk.service.d"
	install -m 0644 "$HERE/test-agent/kiosk-slow-start.conf" "$R/etc/systemd/system/kiosk.service.d/test-slow-start.conf"
	# Emulated on a loaded machine the home screen's pictures took 87-108 s
	# to decode, longer than a visit's 90 s idle timeout: "Still there?"
	# came before the touch and lockdown tests' next step. The test build
	# waits 30 minutes; the museum's image keeps 90 s.
	sed -i 's/^idle_timeout_s = 90 /idle_timeout_s = 1800 /' "$R/etc/kiosk/kiosk.toml"
	grep -q '^idle_timeout_s = 1800 ' "$R/etc/kiosk/kiosk.toml" || {
		echo "customize: /etc/kiosk/kiosk.toml has no 'idle_timeout_s = 90' to lengthen" >&2
		exit 1
	}
fi

# Nothing that is not needed on the card.
find "$R/usr/share/doc" -mindepth 1 -maxdepth 1 ! -name memorial-kiosk -exec rm -rf {} +
rm -rf "$R"/usr/share/man/* "$R"/usr/share/info/* \
	"$R"/var/cache/apt/*.bin "$R"/var/lib/apt/lists/*_Packages
# The state moved to the data partition; the copy in the root stays as the
# fallback the kiosk shows if the data partition cannot be mounted.
echo "customize: done ($ARCH)"
