#!/bin/sh
# Prints the OpenWrt package Makefile with a release's source filled in:
#   packaging/openwrt/release.sh URL_DIRECTORY TARBALL > feed/net/cellink/Makefile
# TARBALL is cellink-VERSION.tar.gz as published in URL_DIRECTORY; its
# version must be the Makefile's PKG_VERSION.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 URL_DIRECTORY TARBALL" >&2; exit 2; }
url=$1 tarball=$2
here=$(cd "$(dirname "$0")" && pwd)
mk=$here/cellink/Makefile
version=$(sed -n 's/^PKG_VERSION:=//p' "$mk")
[ "$(basename "$tarball")" = "cellink-$version.tar.gz" ] ||
	{ echo "$0: $tarball is not cellink-$version.tar.gz (PKG_VERSION)" >&2; exit 1; }
case "$url" in
https://*) ;;
*) echo "$0: the URL must be https://..., not $url" >&2; exit 1 ;;
esac
hash=$(sha256sum "$tarball" | cut -d' ' -f1)
sed -e "s|@CELLINK_RELEASE_URL@|${url%/}/|" -e "s|@CELLINK_RELEASE_SHA256@|$hash|" "$mk"
