#!/bin/sh
# kiosk-setup: prepares the board once the kiosk's files are in place
# (installed as /usr/lib/kiosk/kiosk-setup; the package's postinst and
# deploy/install.sh run it). Safe to run again: it changes only what is not
# as it should be, and says what it changed.
#   kiosk-setup [--data DIR] [--no-systemctl] [--no-mount] [--start]
#     --data DIR       keep the kiosk's state and the journal on DIR, the
#                      mount point of a data partition that survives a
#                      read-only root (bind mounts in /etc/fstab); remembered
#     --no-systemctl   do not reload, enable or restart units
#     --no-mount       write the bind mounts to /etc/fstab but mount nothing
#                      (building a system image: they take effect at boot)
#     --start          start (or restart) the kiosk at the end
# With ROOT=/some/folder it works inside that folder instead of / and prints
# the commands that would change the system outside files (useradd, chown,
# systemctl, mount) instead of running them: that is how it is tested.
set -eu

ROOT=${ROOT:-}
DATA=""
SYSTEMCTL=1
MOUNT=1
START=0
while [ $# -gt 0 ]; do
	case "$1" in
	--data)
		[ $# -ge 2 ] || {
			echo "kiosk-setup: --data needs a folder" >&2
			exit 2
		}
		DATA=$2
		shift
		;;
	--no-systemctl) SYSTEMCTL=0 ;;
	--no-mount) MOUNT=0 ;;
	--start) START=1 ;;
	*)
		echo "kiosk-setup: unknown option $1 (see the top of this script)" >&2
		exit 2
		;;
	esac
	shift
done

JOURNAL_CHANGED=0
SHARE=$ROOT/usr/share/kiosk
STATE=/var/lib/kiosk
FSTAB=$ROOT/etc/fstab
MARK="# memorial-kiosk data"

say() {
	echo "kiosk-setup: $*"
}

# Runs a command that changes the system outside ROOT's files; with a ROOT
# it only prints it.
run() {
	if [ -n "$ROOT" ]; then
		echo "would run: $*"
	else
		"$@"
	fi
}

# Copies SRC to DEST (mode MODE) only when DEST differs; atomic (rename).
put() {
	if [ -f "$2" ] && cmp -s "$1" "$2"; then
		return 0
	fi
	mkdir -p "$(dirname "$2")"
	cp "$1" "$2.new"
	chmod "$3" "$2.new"
	mv -f "$2.new" "$2"
	say "wrote ${2#"$ROOT"}"
}

# Makes a folder with an owner and mode, if it is not there already.
folder() { # PATH OWNER MODE
	if [ ! -d "$ROOT$1" ]; then
		mkdir -p "$ROOT$1"
		say "made $1"
	fi
	chmod "$3" "$ROOT$1"
	if [ -n "$ROOT" ]; then
		echo "would run: chown $2 $1"
	else
		chown "$2" "$1"
	fi
}

user_exists() {
	if [ -n "$ROOT" ]; then
		grep -q "^kiosk:" "$ROOT/etc/passwd" 2>/dev/null
	else
		getent passwd kiosk >/dev/null
	fi
}

group_exists() {
	if [ -n "$ROOT" ]; then
		grep -q "^$1:" "$ROOT/etc/group" 2>/dev/null
	else
		getent group "$1" >/dev/null
	fi
}

# [1] The user: unprivileged, no login, no home of its own to write to.
setup_user() {
	if ! user_exists; then
		run useradd --system --user-group --home-dir "$STATE" --no-create-home \
			--shell /usr/sbin/nologin --comment "memorial exhibit kiosk" kiosk
	fi
	# video: the screen and HDMI-CEC; render: the GPU's render node.
	for g in video render; do
		if group_exists "$g"; then
			if [ -n "$ROOT" ] || ! id -nG kiosk | tr ' ' '\n' | grep -qx "$g"; then
				run usermod -a -G "$g" kiosk
			fi
		fi
	done
}

# [2] The data partition: state and journal live there, bind-mounted.
setup_data() {
	if [ -z "$DATA" ] && [ -f "$FSTAB" ]; then
		# Remembered from an earlier run (an upgrade runs this without --data).
		DATA=$(awk -v m="$MARK" 'index($0, m) { print $1; exit }' "$FSTAB")
		DATA=${DATA%/kiosk}
	fi
	[ -n "$DATA" ] || return 0
	case "$DATA" in
	/*) ;;
	*)
		echo "kiosk-setup: --data needs an absolute path, not $DATA" >&2
		exit 2
		;;
	esac
	if [ ! -d "$ROOT$DATA" ]; then
		echo "kiosk-setup: $DATA is not a folder; mount the data partition there first" >&2
		exit 1
	fi
	if [ -z "$ROOT" ] && [ "$MOUNT" = 1 ] && ! mountpoint -q "$DATA"; then
		say "warning: $DATA is not a mount point of its own; with a read-only root its"
		say "         contents are lost at each reboot (see README, Installing on a Raspberry Pi)"
	fi
	for d in kiosk journal; do
		[ -d "$ROOT$DATA/$d" ] || {
			mkdir -p "$ROOT$DATA/$d"
			say "made $DATA/$d"
		}
	done
	# The state made before the data partition moves over, once.
	if [ -d "$ROOT$STATE" ] && [ -z "$(ls -A "$ROOT$DATA/kiosk")" ] &&
		[ -n "$(ls -A "$ROOT$STATE" 2>/dev/null)" ]; then
		cp -a "$ROOT$STATE/." "$ROOT$DATA/kiosk/"
		say "copied $STATE to $DATA/kiosk"
	fi
	mkdir -p "$ROOT$STATE" "$ROOT/var/log/journal"
	[ -f "$FSTAB" ] || : >"$FSTAB"
	for pair in "kiosk $STATE" "journal /var/log/journal"; do
		src=$DATA/${pair%% *}
		dst=${pair#* }
		if ! grep -q "^$src $dst " "$FSTAB"; then
			printf '%s %s none bind,nofail 0 0 %s\n' "$src" "$dst" "$MARK" >>"$FSTAB"
			say "added the bind mount $src -> $dst to /etc/fstab"
		fi
		if [ "$MOUNT" = 0 ]; then
			: # an image being built: systemd mounts it at boot
		elif [ -n "$ROOT" ]; then
			echo "would run: mount $dst"
		elif ! mountpoint -q "$dst"; then
			mount "$dst"
		fi
	done
}

# [3] Folders, settings and the default exhibit.
setup_files() {
	folder "$STATE" kiosk:kiosk 0750
	folder "$STATE/exhibits" kiosk:kiosk 0750
	# Mesa's shader cache (kiosk.service: MESA_SHADER_CACHE_DIR).
	folder "$STATE/cache" kiosk:kiosk 0750
	folder /etc/kiosk root:root 0755
	folder /etc/kiosk/trusted-keys root:root 0755
	if [ ! -f "$ROOT/etc/kiosk/kiosk.toml" ]; then
		put "$SHARE/kiosk.toml" "$ROOT/etc/kiosk/kiosk.toml" 0644
	fi
	# The default exhibit, when no exhibit was ever installed; a newer default
	# replaces the old one only while the default is what is shown.
	current=$ROOT$STATE/current
	default=$ROOT$STATE/exhibits/default.kiosk
	if [ ! -e "$current" ] && [ ! -L "$current" ]; then
		put "$SHARE/default.kiosk" "$default" 0644
		ln -sfn exhibits/default.kiosk "$current.new"
		mv -f "$current.new" "$current"
		say "the default exhibit is shown"
	elif [ "$(readlink "$current" 2>/dev/null)" = exhibits/default.kiosk ]; then
		put "$SHARE/default.kiosk" "$default" 0644
	fi
	if [ -n "$ROOT" ]; then
		echo "would run: chown -R kiosk:kiosk $STATE/exhibits"
	else
		chown -h kiosk:kiosk "$current"
		chown -R kiosk:kiosk "$STATE/exhibits"
	fi
	# The journal: in RAM, or persistent on the data partition.
	journald=$ROOT/etc/systemd/journald.conf.d/kiosk.conf
	# Made outside the folder: an unchanged run must not touch it.
	wanted=$(mktemp)
	if [ -n "$DATA" ]; then
		sed 's/^Storage=volatile/Storage=persistent/' "$SHARE/journald-kiosk.conf" >"$wanted"
	else
		cp "$SHARE/journald-kiosk.conf" "$wanted"
	fi
	if ! cmp -s "$wanted" "$journald"; then
		put "$wanted" "$journald" 0644
		JOURNAL_CHANGED=1
	fi
	rm -f "$wanted"
}

# [4] Units: the kiosk on tty1 at boot, no login prompt under it.
setup_units() {
	if [ "$SYSTEMCTL" = 0 ] || { [ -z "$ROOT" ] && [ ! -d /run/systemd/system ]; }; then
		say "not touching systemd (--no-systemctl, or not booted with systemd); then run:"
		say "  systemctl daemon-reload && systemctl enable kiosk.service && systemctl disable getty@tty1.service"
		return 0
	fi
	run systemctl daemon-reload
	run systemctl enable kiosk.service
	# kiosk.service conflicts with it anyway; disabled, the two never race at boot.
	run systemctl disable getty@tty1.service
	run udevadm control --reload
	run udevadm trigger --subsystem-match=cec
	if [ "$JOURNAL_CHANGED" = 1 ]; then
		run systemctl restart systemd-journald.service
		run journalctl --flush
	fi
	if [ "$START" = 1 ]; then
		run systemctl restart kiosk.service
	else
		run systemctl try-restart kiosk.service
	fi
}

for f in kiosk.toml default.kiosk journald-kiosk.conf; do
	if [ ! -f "$SHARE/$f" ]; then
		echo "kiosk-setup: ${SHARE#"$ROOT"}/$f is missing; is the package installed?" >&2
		exit 1
	fi
done
setup_user
setup_data
setup_files
setup_units
say "done"
