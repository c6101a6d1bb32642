# kernel: qemu
# needs: dummy_hcd, libcomposite, usb_f_fs (FunctionFS), qmi_wwan + cdc-wdm, tun, network namespaces
# timeout: 240
# about: benchmark line: cellink connect's bring-up time on the real cdc-wdm0 beside the
#        pseudo-terminal figure, measured in the same guest (bench/connect/usb)
. "$RK_SRC/tests/realkernel/usb-lib.sh"
need_udc
[ -c /dev/net/tun ] || skip "no /dev/net/tun for the pty figure"
exec "$RK_SRC/bench/connect/usb" "$RK_BUILD" 3
