# kernel: qemu
# needs: nothing (boots, runs the binaries)
# timeout: 60
set -e
"$CELLINK" --version || "$CELLINK" --help | head -n 3
uname -a
ls /dev/ppp /dev/net/tun
lsmod | head -n 30
