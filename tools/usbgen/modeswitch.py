#!/usr/bin/env python3
"""Generates src/usb/modeswitch_ids.c from Debian's usb-modeswitch-data.

Reads the per-device files of configPack.tar.gz (installed by the
usb-modeswitch-data package in /usr/share/usb_modeswitch/) and writes one
row per install-disk id: which switch message the device needs and which
id it comes back with. Only these facts are taken.

usage: modeswitch.py [--pack PATH] [--package-version V] [-o OUT]
"""
import argparse
import os
import re
import subprocess
import sys
import tarfile

# The switch methods of usb_modeswitch, each with its command-line flag
# (usb_modeswitch --help), in the order a file is checked for them.
METHODS = [
    ("HuaweiNewMode", "-J"), ("HuaweiAltModeGlobal", "-X"), ("HuaweiMode", "-H"), ("SierraMode", "-S"),
    ("SonyMode", "-O"), ("QisdaMode", "-B"), ("QuantaMode", "-E"), ("GCTMode", "-G"), ("KobilMode", "-T"),
    ("SequansMode", "-N"), ("MobileActionMode", "-A"), ("CiscoMode", "-L"), ("BlackberryMode", "-Z"),
    ("PantechMode", "-F"), ("OptionMode", "-U"), ("StandardEject", "-K"), ("MessageContent", "-M"),
    ("Configuration", "-u"),
]


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", default="/usr/share/usb_modeswitch/configPack.tar.gz")
    ap.add_argument("--package-version", default=None)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    if not os.path.exists(a.pack):
        print("modeswitch: %s is absent (apt-get install usb-modeswitch-data)" % a.pack, file=sys.stderr)
        sys.exit(77)
    ver = a.package_version
    if not ver:
        ver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "usb-modeswitch-data"], capture_output=True,
                             text=True).stdout.strip() or "unknown"
    rows = {}
    with tarfile.open(a.pack, "r:gz") as t:
        for m in sorted(t.getmembers(), key=lambda m: m.name):
            if not m.isfile():
                continue
            name = os.path.basename(m.name)
            mm = re.match(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?::(.*))?$", name)
            if not mm:
                continue
            text = t.extractfile(m).read().decode("utf-8", "replace")
            kv = {}
            title = ""
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("#") and not title:
                    title = line.lstrip("# ").strip()
                km = re.match(r"^(\w+)\s*=\s*(.*)$", line)
                if km:
                    kv[km.group(1)] = km.group(2).strip().strip('"')
            method, flag = next(((k, f) for k, f in METHODS if k in kv), ("", None))
            arg = ""
            if method == "MessageContent":
                arg = kv[method][:64]
            elif method in ("Configuration", "PantechMode"):
                arg = kv[method]
            target = ""
            if "TargetVendor" in kv:
                tv = kv["TargetVendor"].lower().replace("0x", "")
                tp = kv.get("TargetProduct", kv.get("TargetProductList", "")).lower().replace("0x", "")
                target = "%s:%s" % (tv, tp) if tp else tv
            elif "TargetClass" in kv:
                target = "class " + kv["TargetClass"].lower().replace("0x", "")
            key = (int(mm.group(1), 16), int(mm.group(2), 16))
            variant = mm.group(3) or ""
            rows.setdefault(key, []).append((variant, title, method, flag or "", arg, target, name))
    # Every text once, in one pool; rows hold 16-bit offsets into it
    # (a row is 18 bytes; with six pointers it was 64, plus a relocation
    # for each pointer in a position-independent binary).
    pool, offsets = [], {}

    def off(text):
        if text not in offsets:
            offsets[text] = sum(len(p.encode()) + 1 for p in pool)
            pool.append(text)
        return offsets[text]

    table, methods, files = [], [], []
    for row, ((vid, pid), vs) in enumerate(sorted(rows.items())):
        variant, title, method, flag, arg, target, name = vs[0]
        if (method, flag) not in methods:
            methods.append((method, flag))
        fields = [title[:60], arg, target[:40]]
        table.append("\t{ 0x%04x, 0x%04x, %s, %2d, %d }," % (vid, pid, ", ".join("%5d" % off(f) for f in fields),
                                                           methods.index((method, flag)), len(vs)))
        # most files are named after the id itself: only the others are kept
        if name != "%04x:%04x" % (vid, pid):
            files.append((row, off(name)))
    if sum(len(p.encode()) + 1 for p in pool) > 0xffff or len(methods) > 255 or len(table) > 0xffff:
        sys.exit("modeswitch: the text pool, the methods or the rows no longer fit struct usb_ms")
    if any(len(m) > 17 or len(f) > 2 for m, f in methods) or any(len(v) > 255 for v in rows.values()):
        sys.exit("modeswitch: a method name, flag or file count no longer fits struct usb_ms_method")
    out = ["/* GENERATED by tools/usbgen/modeswitch.py -- do not edit.",
           " *",
           " * Install-disk (storage or CD-ROM) ids and the message that switches each",
           " * to its modem mode, read from Debian's usb-modeswitch-data %s" % ver,
           " * (configPack.tar.gz). One row per id; when several files exist for one id",
           " * (told apart by manufacturer or product string) the first is kept and",
           " * the row counts them. Texts are offsets into usb_ms_text (usb_ms_str()). */",
           '#include "usb/modeswitch_ids.h"',
           "",
           "const char usb_ms_package[] = %s;" % cstr("usb-modeswitch-data " + ver),
           "",
           "const char usb_ms_text[] ="]
    for i, text in enumerate(pool):
        out.append("\t/* %5d */ %s%s" % (offsets[text], cstr(text + "\0").replace("\0", "\\0"),
                                        ";" if i == len(pool) - 1 else ""))
    out += ["",
            "/* usb_modeswitch's switching methods and the flag of each */",
            "const struct usb_ms_method usb_ms_methods[] = {"]
    out += ["\t{ %s, %s }," % (cstr(m), cstr(f)) for m, f in methods]
    out += ["};",
            "const unsigned usb_ms_method_count = sizeof(usb_ms_methods) / sizeof(usb_ms_methods[0]);",
            "",
            "/* vid, pid, then title, arg, target, the method, and the number of files */",
            "const struct usb_ms usb_ms_table[] = {"]
    out += table
    out.append("};")
    out.append("const unsigned usb_ms_count = sizeof(usb_ms_table) / sizeof(usb_ms_table[0]);")
    out += ["",
            "/* rows whose file is not named after the id: row, file */",
            "const struct usb_ms_file usb_ms_files[] = {"]
    out += ["\t{ %3d, %5d }," % f for f in files]
    out.append("};")
    out.append("const unsigned usb_ms_file_count = sizeof(usb_ms_files) / sizeof(usb_ms_files[0]);")
    text = "\n".join(out) + "\n"
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
