# Stand-in for OpenWrt's /lib/functions.sh: the hook needs nothing from it here.
:
