#!/bin/sh
# Removes the kiosk from a board: stops it, disables it, gives tty1 its login
# prompt back. Exhibits, statistics and settings stay unless --purge.
#   sudo deploy/uninstall.sh [--purge]
#     --purge   also remove /etc/kiosk and the journal settings
#               (/var/lib/kiosk and the data partition are never touched)
set -eu
[ "$(id -u)" -eq 0 ] || {
	echo "uninstall: run me as root: sudo $0 $*" >&2
	exit 1
}
if [ "${1:-}" = "--purge" ]; then
	apt-get purge -y memorial-kiosk
else
	apt-get remove -y memorial-kiosk
fi
echo "uninstall: done. /var/lib/kiosk (exhibits, statistics) is kept; lines marked"
echo "           'memorial-kiosk data' in /etc/fstab too, if you set up a data partition."
