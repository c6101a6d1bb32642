#!/usr/bin/env python3
"""Generates src/usb/kernel_ids.c from the Linux sources.

Reads the USB id tables of the drivers that bind modem interfaces
(qmi_wwan, option, qcserial, sierra, sierra_net, cdc_mbim, cdc_ether,
cdc_ncm, huawei_cdc_ncm, rndis_host, cdc_acm) and usb-storage's
unusual_devs.h out of one or more linux-source tarballs (Debian's
linux-source-6.1 and linux-source-6.12 put them in /usr/src), and writes
one C table with every entry of every version, in the order each kernel
matches them. Each row records the first and the last of those versions
that have it: an entry added later, removed, or changed (its old form
ends, its new form begins) stays what it is in each kernel.

usage: kernel_ids.py [--tarball PATH]... [--src-dir DIR=PACKAGE]... [-o OUT]
       (default: every /usr/src/linux-source-*.tar.xz)

Only the files named in WANTED are taken out of a tarball (xz | tar).
Only the facts are taken (ids, match fields, reserved-interface masks,
layout and quirk names); no kernel code is copied.
"""
import argparse
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

DRIVERS = [
    # (driver name as the kernel registers it, file, usb-serial name or None, kind)
    ("qmi_wwan", "drivers/net/usb/qmi_wwan.c", None, "net"),
    ("sierra_net", "drivers/net/usb/sierra_net.c", None, "net"),
    ("cdc_mbim", "drivers/net/usb/cdc_mbim.c", None, "net"),
    ("huawei_cdc_ncm", "drivers/net/usb/huawei_cdc_ncm.c", None, "net"),
    ("cdc_ncm", "drivers/net/usb/cdc_ncm.c", None, "net"),
    ("cdc_ether", "drivers/net/usb/cdc_ether.c", None, "net"),
    ("rndis_host", "drivers/net/usb/rndis_host.c", None, "net"),
    ("qcserial", "drivers/usb/serial/qcserial.c", "qcserial", "serial"),
    ("sierra", "drivers/usb/serial/sierra.c", "sierra", "serial"),
    ("option", "drivers/usb/serial/option.c", "option1", "serial"),
    ("cdc_acm", "drivers/usb/class/cdc-acm.c", None, "serial"),
]
STORAGE = "drivers/usb/storage/unusual_devs.h"
HEADERS = ["include/uapi/linux/usb/ch9.h", "include/uapi/linux/usb/cdc.h"]
WANTED = [f for _, f, _, _ in DRIVERS] + [STORAGE, "Makefile"] + HEADERS

# usb_device_id match flags, as in include/linux/mod_devicetable.h
M_VENDOR, M_PRODUCT, M_DEV_LO, M_DEV_HI = 0x1, 0x2, 0x4, 0x8
M_DEV_CLASS, M_DEV_SUB, M_DEV_PROTO = 0x10, 0x20, 0x40
M_INT_CLASS, M_INT_SUB, M_INT_PROTO, M_INT_NUMBER = 0x80, 0x100, 0x200, 0x400


def start_extract(tarball, dest):
    """Starts taking the WANTED files out of a tarball into dest (xz | tar,
    which stops once it has them all); returns what finish_extract waits on."""
    top = os.path.basename(tarball).split(".tar")[0]
    names = ["%s/%s" % (top, w) for w in WANTED]
    xz = subprocess.Popen(["xz", "-dc", tarball], stdout=subprocess.PIPE)
    tar = subprocess.Popen(["tar", "-x", "-C", dest, "--occurrence=1", "-f", "-"] + names, stdin=xz.stdout,
                           stderr=subprocess.PIPE)
    xz.stdout.close()
    return (tarball, top, dest, xz, tar)


def finish_extract(job):
    """{relative path: text} of an extraction started by start_extract."""
    tarball, top, dest, xz, tar = job
    err = tar.communicate()[1].decode("utf-8", "replace")
    xz.wait()   # tar leaves early: xz may end on a broken pipe
    root = os.path.join(dest, top)
    missing = [w for w in WANTED if not os.path.isfile(os.path.join(root, w))]
    if missing:
        sys.exit("kernel_ids: missing from %s: %s %s" % (tarball, ", ".join(missing), err.strip()))
    return read_tree(root)


def read_tree(root):
    return {w: open(os.path.join(root, w), encoding="utf-8", errors="replace").read() for w in WANTED}


def strip_comments(s):
    s = re.sub(r"/\*.*?\*/", lambda m: " " * 0 + "\n" * m.group(0).count("\n"), s, flags=re.S)
    return re.sub(r"//[^\n]*", "", s)


def defines(text):
    """Object-like and function-like #defines of a file: name -> (params or None, body)."""
    d = {}
    text = strip_comments(text).replace("\\\n", " ")
    for m in re.finditer(r"^\s*#\s*define\s+(\w+)(\(([^)]*)\))?[ \t]*(.*)$", text, re.M):
        params = [p.strip() for p in m.group(3).split(",")] if m.group(2) else None
        d[m.group(1)] = (params, m.group(4).strip())
    return d


def split_args(s):
    args, depth, cur = [], 0, ""
    for ch in s:
        if ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        cur += ch
    if cur.strip():
        args.append(cur.strip())
    return args


def find_call(text, start):
    """Index just past the parenthesis matching the one at text[start]."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


STANDARD = {"USB_DEVICE", "USB_DEVICE_VER", "USB_DEVICE_INTERFACE_CLASS", "USB_DEVICE_INTERFACE_PROTOCOL",
            "USB_DEVICE_INTERFACE_NUMBER", "USB_DEVICE_INFO", "USB_INTERFACE_INFO",
            "USB_DEVICE_AND_INTERFACE_INFO", "USB_VENDOR_AND_INTERFACE_INFO"}


def expand(text, macros, depth=0):
    """Expands the file's own function-like macros (not the standard USB ones)."""
    if depth > 8:
        return text
    out, i = "", 0
    pat = re.compile(r"\b(\w+)\s*\(")
    while True:
        m = pat.search(text, i)
        if not m:
            out += text[i:]
            break
        name = m.group(1)
        if name in STANDARD or name not in macros or macros[name][0] is None:
            out += text[i:m.end()]
            i = m.end()
            continue
        end = find_call(text, m.end() - 1)
        args = split_args(text[m.end():end - 1])
        params, body = macros[name]
        for p, a in zip(params, args):
            body = re.sub(r"\b%s\b" % re.escape(p), a, body)
        out += text[i:m.start()] + expand(body, macros, depth + 1)
        i = end
    return out


class Ev:
    def __init__(self, consts):
        self.consts = consts

    def num(self, expr):
        e = expand(expr.strip(), {k: v for k, v in self.consts.items() if v[0] is not None})
        e = re.sub(r"\((kernel_ulong_t|unsigned long|__u8|__u16|u8|u16)\)", "", e)
        for _ in range(6):
            e = re.sub(r"\bBIT\(", "(1<<", e)
            e2 = re.sub(r"\b([A-Za-z_]\w*)\b", lambda m: "(%s)" % self.consts[m.group(1)][1]
                        if m.group(1) in self.consts and self.consts[m.group(1)][0] is None else m.group(1), e)
            if e2 == e:
                break
            e = e2
        e = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", e)
        if re.search(r"[A-Za-z_]\w*", re.sub(r"0[xX][0-9a-fA-F]+", "", e)):
            raise ValueError("not a number: %s -> %s" % (expr, e))
        return int(eval(e, {"__builtins__": {}}))


def parse_entry(entry, ev, line):
    """One initializer of a struct usb_device_id -> dict."""
    r = {"flags": 0, "vid": 0, "pid": 0, "bcd_lo": 0, "bcd_hi": 0, "cls": 0, "sub": 0, "proto": 0,
         "ifnum": 0, "info": "", "line": line}
    body = entry.strip()
    m = re.match(r"(\w+)\s*\(", body)
    if m and m.group(1) in STANDARD:
        end = find_call(body, m.end() - 1)
        a = [ev.num(x) for x in split_args(body[m.end():end - 1])]
        n = m.group(1)
        if n in ("USB_DEVICE", "USB_DEVICE_VER", "USB_DEVICE_INTERFACE_CLASS", "USB_DEVICE_INTERFACE_PROTOCOL",
                 "USB_DEVICE_INTERFACE_NUMBER", "USB_DEVICE_AND_INTERFACE_INFO"):
            r["flags"] |= M_VENDOR | M_PRODUCT
            r["vid"], r["pid"] = a[0], a[1]
        if n == "USB_DEVICE_VER":
            r["flags"] |= M_DEV_LO | M_DEV_HI
            r["bcd_lo"], r["bcd_hi"] = a[2], a[3]
        elif n == "USB_DEVICE_INTERFACE_CLASS":
            r["flags"] |= M_INT_CLASS
            r["cls"] = a[2]
        elif n == "USB_DEVICE_INTERFACE_PROTOCOL":
            r["flags"] |= M_INT_PROTO
            r["proto"] = a[2]
        elif n == "USB_DEVICE_INTERFACE_NUMBER":
            r["flags"] |= M_INT_NUMBER
            r["ifnum"] = a[2]
        elif n == "USB_DEVICE_INFO":
            r["flags"] |= M_DEV_CLASS | M_DEV_SUB | M_DEV_PROTO
            r["cls"], r["sub"], r["proto"] = a
        elif n == "USB_INTERFACE_INFO":
            r["flags"] |= M_INT_CLASS | M_INT_SUB | M_INT_PROTO
            r["cls"], r["sub"], r["proto"] = a
        elif n == "USB_DEVICE_AND_INTERFACE_INFO":
            r["flags"] |= M_INT_CLASS | M_INT_SUB | M_INT_PROTO
            r["cls"], r["sub"], r["proto"] = a[2], a[3], a[4]
        elif n == "USB_VENDOR_AND_INTERFACE_INFO":
            r["flags"] |= M_VENDOR | M_INT_CLASS | M_INT_SUB | M_INT_PROTO
            r["vid"], r["cls"], r["sub"], r["proto"] = a
        body = body[end:]
    for fm in re.finditer(r"\.(\w+)\s*=\s*([^,]+(?:\([^)]*\)[^,]*)?)", body):
        field, val = fm.group(1), fm.group(2).strip().rstrip("}").strip()
        if field == "driver_info":
            r["info"] = val
        elif field == "match_flags":
            r["flags"] |= sum(FLAGNAMES[x.strip()] for x in val.split("|"))
        elif field in ("idVendor", "idProduct", "bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol",
                       "bInterfaceNumber", "bDeviceClass"):
            key = {"idVendor": "vid", "idProduct": "pid", "bInterfaceClass": "cls", "bInterfaceSubClass": "sub",
                   "bInterfaceProtocol": "proto", "bInterfaceNumber": "ifnum", "bDeviceClass": "cls"}[field]
            r[key] = ev.num(val)
    return r


FLAGNAMES = {
    "USB_DEVICE_ID_MATCH_VENDOR": M_VENDOR, "USB_DEVICE_ID_MATCH_PRODUCT": M_PRODUCT,
    "USB_DEVICE_ID_MATCH_DEVICE": M_VENDOR | M_PRODUCT,
    "USB_DEVICE_ID_MATCH_INT_CLASS": M_INT_CLASS, "USB_DEVICE_ID_MATCH_INT_SUBCLASS": M_INT_SUB,
    "USB_DEVICE_ID_MATCH_INT_PROTOCOL": M_INT_PROTO, "USB_DEVICE_ID_MATCH_INT_NUMBER": M_INT_NUMBER,
    "USB_DEVICE_ID_MATCH_INT_INFO": M_INT_CLASS | M_INT_SUB | M_INT_PROTO,
    "USB_DEVICE_ID_MATCH_DEV_INFO": M_DEV_CLASS | M_DEV_SUB | M_DEV_PROTO,
}


def id_table(text, consts):
    """Entries of the file's MODULE_DEVICE_TABLE(usb, ...) array, in order."""
    clean = strip_comments(text)
    m = re.search(r"MODULE_DEVICE_TABLE\s*\(\s*usb\s*,\s*(\w+)\s*\)", clean)
    name = m.group(1)
    m = re.search(r"struct\s+usb_device_id\s+%s\s*\[\s*\]\s*=\s*\{" % name, clean)
    start = m.end()
    depth, i = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(clean[i], 0)
        i += 1
    macros = {k: v for k, v in consts.items() if v[0] is not None}
    ev = Ev(consts)
    entries = []
    # Expand line by line so every entry keeps the source line it came from.
    base_line = clean.count("\n", 0, start) + 1
    body = clean[start:i - 1]
    pos, depth, cur, cur_line = 0, 0, "", None
    text2 = body
    j = 0
    while j < len(text2):
        ch = text2[j]
        if depth == 0:
            mm = re.match(r"\s*(\w+)\s*\(", text2[j:])
            if mm and mm.group(1) in macros:
                # a macro that expands to whole entries (DIRECT_IP_DEVICE)
                k0 = j + mm.end() - 1
                k1 = find_call(text2, k0)
                exp = expand(text2[j:k1], macros)
                line = base_line + text2.count("\n", 0, j + len(mm.group(0)) - len(mm.group(0).lstrip()))
                for e in top_level(exp):
                    entries.append(parse_entry(expand(e, macros), ev, line))
                j = k1
                continue
        if ch == "{":
            if depth == 0:
                cur, cur_line = "", base_line + text2.count("\n", 0, j)
            else:
                cur += ch
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                if cur.strip():
                    entries.append(parse_entry(expand(cur, macros), ev, cur_line))
            else:
                cur += ch
        elif depth:
            cur += ch
        j += 1
    return entries


def top_level(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "{":
            if depth:
                cur += ch
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                out.append(cur)
                cur = ""
            else:
                cur += ch
        elif depth:
            cur += ch
    return out


def info_of(drv, info, file_defs):
    """(kind, arg) of an entry's driver_info in our own terms."""
    s = re.sub(r"\((kernel_ulong_t|unsigned long)\)\s*", "", info).strip()
    s = s[1:].strip() if s.startswith("&") else s
    if drv == "option":
        if not s or s == "0":
            return "NONE", 0
        ev = Ev(file_defs)
        return "OPTION", ev.num(s)
    if drv == "qcserial":
        return {"": "QCS_G2K", "0": "QCS_G2K", "QCSERIAL_G2K": "QCS_G2K", "QCSERIAL_G1K": "QCS_G1K",
                "QCSERIAL_SWI": "QCS_SWI", "QCSERIAL_HWI": "QCS_HWI"}[s], 0
    if drv == "sierra":
        return ("SIERRA_IGNORE_DIRECT_IP", 0) if s == "direct_ip_interface_ignore" else ("NONE", 0)
    if drv == "qmi_wwan":
        return {"qmi_wwan_info": ("QMI", 0), "qmi_wwan_info_quirk_dtr": ("QMI_DTR", 0),
                "qmi_wwan_info_quirk_quectel_dyncfg": ("QMI_DTR", 0)}.get(s, ("QMI", 0))
    if drv == "cdc_acm":
        if "IGNORE_DEVICE" in s:
            return "EXCLUDE", 0
        if "NOT_A_MODEM" in s:
            return "NOT_A_MODEM", 0
        return "NONE", 0
    # usbnet drivers: no driver_info (or 0) means "never bind this one".
    if drv in ("cdc_ether", "cdc_ncm", "rndis_host", "cdc_mbim", "sierra_net", "huawei_cdc_ncm"):
        if not s or s == "0":
            return "EXCLUDE", 0
        if s == "sierra_net_info_direct_ip":
            return "DIRECT_IP", 0
        if s in ("wwan_info", "wwan_noarp_info", "cdc_mbim_info_ndp_to_end", "cdc_mbim_info_avoid_altsetting_toggle",
                 "cdc_mbim_info_zlp"):
            return "WWAN", 0
        return "NONE", 0
    return "NONE", 0


def storage_entries(text, consts):
    ev = Ev(consts)
    out = []
    clean = strip_comments(text)
    for m in re.finditer(r"\b(UNUSUAL_DEV|USUAL_DEV|COMPLIANT_DEV)\s*\(", clean):
        if m.group(1) == "USUAL_DEV":
            continue
        end = find_call(clean, m.end() - 1)
        a = split_args(clean[m.end():end - 1])
        if len(a) < 10:
            continue
        line = clean.count("\n", 0, m.start()) + 1
        flags = a[9]
        init = a[8]
        kind = "STORAGE"
        if "US_FL_IGNORE_DEVICE" in flags:
            kind = "STORAGE_IGNORE"
        elif init not in ("NULL", "0"):
            kind = "STORAGE_INIT"
        out.append({"flags": M_VENDOR | M_PRODUCT | M_DEV_LO | M_DEV_HI, "vid": ev.num(a[0]), "pid": ev.num(a[1]),
                    "bcd_lo": ev.num(a[2]), "bcd_hi": ev.num(a[3]), "cls": 0, "sub": 0, "proto": 0, "ifnum": 0,
                    "kind": kind, "arg": 0, "line": line, "init": init if init not in ("NULL", "0") else "",
                    "name": (a[4].strip('"') + " " + a[5].strip('"')).strip()})
    return out


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def version_key(v):
    return tuple(int(x) for x in v.split("."))


def parse_version(src):
    """(kernel version, rows by driver) of one source tree."""
    mk = src["Makefile"]
    kv = ".".join(re.search(r"^%s\s*=\s*(\d+)" % k, mk, re.M).group(1) for k in ("VERSION", "PATCHLEVEL", "SUBLEVEL"))
    hdr = {}
    for h in HEADERS:
        hdr.update(defines(src[h]))
    by_drv = {}
    for drv, path, serial_name, _ in DRIVERS:
        consts = dict(hdr)
        consts.update(defines(src[path]))
        rows = []
        for e in id_table(src[path], consts):
            kind, arg = info_of(drv, e["info"], consts)
            e.update(kind=kind, arg=arg, drv=drv, file=path)
            rows.append(e)
        by_drv[drv] = rows
    rows = []
    for e in storage_entries(src[STORAGE], dict(hdr)):
        e.update(drv="usb-storage", file=STORAGE)
        rows.append(e)
    by_drv["usb-storage"] = rows
    return kv, by_drv


def row_key(r):
    """What makes two entries the same entry in two versions (not the line)."""
    return (r["vid"], r["pid"], r["flags"], r["bcd_lo"], r["bcd_hi"], r["cls"], r["sub"], r["proto"], r["ifnum"],
            r["kind"], r["arg"], r.get("init", ""), r.get("name", ""))


def merge(merged, new, ver):
    """Merges version ver's entries of one driver into the rows of the
    earlier versions: an entry the previous version has too keeps its row
    (and its line there) and lives on; the others are new rows, placed so
    that the rows of every version stay in that version's order."""
    prev = [k for k, r in enumerate(merged) if r["until"] == ver - 1]
    sm = difflib.SequenceMatcher(None, [row_key(merged[k]) for k in prev], [row_key(r) for r in new],
                                 autojunk=False)
    out, at = [], 0

    def take_through(k):
        nonlocal at
        while at <= k:
            out.append(merged[at])
            at += 1
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for a in range(i1, i2):
                take_through(prev[a])
                merged[prev[a]]["until"] = ver
            continue
        if op in ("delete", "replace") and i2 > i1:
            take_through(prev[i2 - 1])
        if op in ("insert", "replace"):
            for r in new[j1:j2]:
                out.append(dict(r, since=ver, until=ver))
    out.extend(merged[at:])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tarball", action="append", default=[], help="a linux-source tarball (repeat for each version)")
    ap.add_argument("--src-dir", action="append", default=[],
                    help="DIR=PACKAGE: an unpacked tree instead of a tarball, and the package it came from")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    tbs = args.tarball
    if not tbs and not args.src_dir:
        tbs = glob.glob("/usr/src/linux-source-*.tar.xz")
        if not tbs:
            sys.exit("kernel_ids: no linux-source tarball (apt-get install linux-source-6.1 linux-source-6.12)")
    sources = []   # (package and version, files)
    tmp = tempfile.mkdtemp(prefix="kernel_ids.")
    try:
        jobs = []
        for tb in tbs:
            if not os.path.exists(tb):
                sys.exit("kernel_ids: %s is absent" % tb)
            dest = os.path.join(tmp, str(len(jobs)))
            os.mkdir(dest)
            jobs.append(start_extract(tb, dest))
        for tb, job in zip(tbs, jobs):
            pkg = os.path.basename(tb).split(".tar")[0]
            try:
                ver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                                     text=True).stdout.strip()
            except OSError:
                ver = ""
            sources.append((pkg + (" " + ver if ver else ""), finish_extract(job)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for spec in args.src_dir:
        d, _, pkgver = spec.partition("=")
        sources.append((pkgver or os.path.basename(d.rstrip("/")), read_tree(d)))
    versions = []
    for pkgver, src in sources:
        kv, by_drv = parse_version(src)
        versions.append((kv, pkgver, by_drv))
    versions.sort(key=lambda v: version_key(v[0]))
    if len(versions) > 4:
        sys.exit("kernel_ids: %d versions no longer fit the 2 bits of a row's since and until" % len(versions))
    drvs = [d for d, _, _, _ in DRIVERS] + ["usb-storage"]
    rows = []
    for d in drvs:
        merged = [dict(r, since=0, until=0) for r in versions[0][2][d]]
        for v in range(1, len(versions)):
            merged = merge(merged, versions[v][2][d], v)
        rows.extend(merged)
    kvs = [v[0] for v in versions]
    pkgs = [v[1] for v in versions]

    o = []
    o.append("/* GENERATED by tools/usbgen/kernel_ids.py -- do not edit.")
    o.append(" *")
    o.append(" * USB id tables of Linux %s, read from Debian's %s." % (" and ".join(kvs), " and ".join(pkgs)))
    o.append(" * One row per entry of each driver's id table, in the kernel's order")
    o.append(" * (the first matching row of a driver is the one its probe sees); each")
    o.append(" * row names the first and the last of those versions that have it, and")
    o.append(" * its line is in the source of the first.")
    o.append(" * Facts only: ids, match fields, reserved-interface masks, layouts. */")
    o.append('#include "usb/kernel_ids.h"')
    o.append("")
    o.append("/* the versions, oldest first: a row's since and until index them */")
    o.append("const struct usb_kid_version usb_kid_versions[] = {")
    for kv, pkgver in zip(kvs, pkgs):
        o.append("\t{ %s, %s }," % (cstr(kv), cstr(pkgver)))
    o.append("};")
    o.append("const unsigned usb_kid_version_count = sizeof(usb_kid_versions) / sizeof(usb_kid_versions[0]);")
    o.append("")
    # A row is its product, its line and a shape: the fields that many rows
    # share (class, subclass, protocol, interface number, match flags,
    # driver, kind) are kept once in usb_kid_shapes. The shape's index is
    # 12 bits: its low 8 in usb_kid_row_shape, its high 4 above the 12 bits
    # of the line in usb_kid_row_line. usb_kid_rows() puts a row together.
    bcd = []
    args_ = []
    runs = []
    shapes, shape_ix, row_shape = [], {}, []
    for i, r in enumerate(rows):
        # the match flags fit 11 bits, the line 12; a row's argument lives in
        # usb_kid_args (most rows have none), its vendor in usb_kid_vids
        # (kernel_ids.h asserts that the drivers and kinds fit)
        if r["line"] >= 1 << 12 or r["flags"] >= 1 << 11 or r["arg"] >= 1 << 32 or i >= 1 << 16:
            sys.exit("kernel_ids: %s line %d: the flags, argument or line number no longer fit struct usb_kid"
                     % (r["drv"], r["line"]))
        if r["flags"] & 0xc or r["bcd_lo"] or r["bcd_hi"]:
            bcd.append((i, r["bcd_lo"], r["bcd_hi"]))
        if r["arg"]:
            args_.append((i, r["arg"]))
        if not runs or runs[-1][1] != r["vid"]:
            runs.append((i, r["vid"]))
        key = (r["cls"], r["sub"], r["proto"], r["ifnum"], r["flags"], r["since"], r["until"],
               r["drv"].upper().replace("-", "_"), r["kind"])
        if key not in shape_ix:
            shape_ix[key] = len(shapes)
            shapes.append(key)
        row_shape.append(shape_ix[key])
    if len(rows) > 3072:
        sys.exit("kernel_ids: %d rows: raise USB_KID_MAX in kernel_ids.h" % len(rows))
    if len(shapes) >= 1 << 12:
        sys.exit("kernel_ids: %d shapes no longer fit 12 bits" % len(shapes))
    o.append("/* shapes: class, subclass, protocol, interface number, match flags, first")
    o.append(" * and last version (usb_kid_versions), driver, what driver_info means; the")
    o.append(" * rows that share them point here */")
    o.append("const struct usb_kid_shape usb_kid_shapes[] = {")
    for k, (cls, sub, proto, ifnum, flags, since, until, drv, kind) in enumerate(shapes):
        o.append("\t/* %3d */ { 0x%02x, 0x%02x, 0x%02x, %3d, 0x%03x, %d, %d, USB_KD_%s, USB_KI_%s },"
                 % (k, cls, sub, proto, ifnum, flags, since, until, drv, kind))
    o.append("};")
    o.append("")
    o.append("/* the rows, in the kernel's order: product; line in the driver's source with")
    o.append(" * the shape's high bits above it; the shape's low byte. The vendor of each")
    o.append(" * row is in usb_kid_vids, by runs of rows. */")
    o.append("const uint16_t usb_kid_row_pid[] = {")
    for k in range(0, len(rows), 8):
        o.append("\t" + " ".join("0x%04x," % r["pid"] for r in rows[k:k + 8]))
    o.append("};")
    o.append("const uint16_t usb_kid_row_line[] = {")
    for k in range(0, len(rows), 8):
        o.append("\t" + " ".join("0x%04x," % (rows[j]["line"] | (row_shape[j] >> 8) << 12)
                                 for j in range(k, min(k + 8, len(rows)))))
    o.append("};")
    o.append("const uint8_t usb_kid_row_shape[] = {")
    for k in range(0, len(rows), 12):
        o.append("\t" + " ".join("0x%02x," % (row_shape[j] & 0xff) for j in range(k, min(k + 12, len(rows)))))
    o.append("};")
    o.append("const unsigned usb_kid_count = sizeof(usb_kid_row_pid) / sizeof(usb_kid_row_pid[0]);")
    o.append("_Static_assert(sizeof(usb_kid_row_pid) / sizeof(usb_kid_row_pid[0]) <= USB_KID_MAX,")
    o.append("\t       \"usb_kid_rows() puts together USB_KID_MAX rows at most\");")
    o.append("")
    o.append("/* vendors: first row of a run of rows with one vendor, and the vendor */")
    o.append("const struct usb_kid_vid usb_kid_vids[] = {")
    for k in range(0, len(runs), 5):
        o.append("\t" + " ".join("{ %4d, 0x%04x }," % x for x in runs[k:k + 5]))
    o.append("};")
    o.append("const unsigned usb_kid_vid_count = sizeof(usb_kid_vids) / sizeof(usb_kid_vids[0]);")
    o.append("")
    o.append("/* driver_info arguments (option's flags): rows of usb_kid_table, ascending, and")
    o.append(" * the argument of each */")
    o.append("const uint16_t usb_kid_arg_rows[] = {")
    for k in range(0, len(args_), 10):
        o.append("\t" + " ".join("%4d," % i for i, _ in args_[k:k + 10]))
    o.append("};")
    o.append("const uint32_t usb_kid_args[] = {")
    for k in range(0, len(args_), 6):
        o.append("\t" + " ".join("0x%06x," % a for _, a in args_[k:k + 6]))
    o.append("};")
    o.append("const unsigned usb_kid_arg_count = sizeof(usb_kid_args) / sizeof(usb_kid_args[0]);")
    o.append("")
    o.append("/* bcdDevice ranges: row of usb_kid_table, lowest, highest */")
    o.append("const struct usb_kid_bcd usb_kid_bcd[] = {")
    for i, lo, hi in bcd:
        o.append("\t{ %4d, 0x%04x, 0x%04x }," % (i, lo, hi))
    o.append("};")
    o.append("const unsigned usb_kid_bcd_count = sizeof(usb_kid_bcd) / sizeof(usb_kid_bcd[0]);")
    o.append("")
    o.append("/* usb-storage rows: the device's own names and its init hook (option_ms_init,")
    o.append(" * sierra_ms_init ... switch a modem out of its install-disk mode), as offsets")
    o.append(" * into usb_kid_storage_text (usb_kid_str()). */")
    pool, offs = [], {}

    def intern(t):
        if t not in offs:
            offs[t] = sum(len(x.encode("utf-8")) + 1 for x in pool)
            pool.append(t)
        return offs[t]
    st = [(r["vid"], r["pid"], intern(r["name"][:60]), intern(r["init"])) for r in rows if r["drv"] == "usb-storage"]
    if sum(len(x.encode("utf-8")) + 1 for x in pool) >= 1 << 16:
        sys.exit("kernel_ids: usb-storage names no longer fit 16-bit offsets")
    o.append("const char usb_kid_storage_text[] =")
    for t in pool:
        o.append("\t/* %5d */ %s" % (offs[t], cstr(t)[:-1] + '\\0"'))
    o.append("\t;")
    o.append("const struct usb_kid_storage usb_kid_storage[] = {")
    for v, p, n, i in st:
        o.append("\t{ 0x%04x, 0x%04x, %5d, %5d }," % (v, p, n, i))
    o.append("};")
    o.append("const unsigned usb_kid_storage_count = sizeof(usb_kid_storage) / sizeof(usb_kid_storage[0]);")
    o.append("")
    o.append("/* Rows per driver, in all (in each version; new in a version, gone after it):")
    for d in drvs:
        mine = [r for r in rows if r["drv"] == d]
        per = []
        for v, kv in enumerate(kvs):
            n = sum(1 for r in mine if r["since"] <= v <= r["until"])
            new = sum(1 for r in mine if r["since"] == v) if v else 0
            gone = sum(1 for r in mine if r["until"] == v) if v + 1 < len(kvs) else 0
            per.append("%s %d%s%s" % (kv, n, " (%d new)" % new if new else "", " (%d gone after)" % gone if gone else ""))
        o.append(" *   %-15s %4d: %s" % (d, len(mine), "; ".join(per)))
    o.append(" */")
    text = "\n".join(o) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
