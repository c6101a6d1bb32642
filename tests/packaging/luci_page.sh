#!/usr/bin/env bash
# Runs luci_page.js with node on the LuCI page and the netifd handler.
# usage: luci_page.sh SOURCE_DIR
src=$1
command -v node >/dev/null || { echo "SKIP: node is not installed (scripts/deps installs nodejs)"; exit 77; }
exec node "$src/tests/packaging/luci_page.js" \
	"$src/packaging/openwrt/luci-proto-cellink/htdocs/luci-static/resources/protocol/cellink.js" \
	"$src/packaging/openwrt/cellink/files/cellink.sh" \
	"$src/tests/netifd/netifd-proto.sh" \
	"$src/src/conn/conn_exit.h"
