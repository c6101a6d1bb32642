#!/usr/bin/env python3
"""doctor_cli_healthy: a healthy modem's listing (a Quectel EP06-E, every
interface bound to the driver it should have) gets a clean bill: exit status
0, no problem anywhere, each interface's verdict "ok" with the expected
driver, only informational findings, and QMI suggested for the QMI port.
Usage: doctor_healthy.py CELLINK LISTING"""
import json
import subprocess
import sys

cellink, listing = sys.argv[1], sys.argv[2]
# --kernel: the verdicts must not depend on the kernel of the machine running the test
p = subprocess.run([cellink, "doctor", "--json", "--kernel", "6.1", listing],
                   capture_output=True, text=True, timeout=60)
errors = []
if p.returncode != 0:
    errors.append(f"exit status {p.returncode}, expected 0; stderr: {p.stderr.strip()}")
try:
    d = json.loads(p.stdout)
except ValueError as e:
    sys.exit(f"FAIL: doctor --json printed no JSON ({e}): {p.stdout[:200]!r}")
if d.get("problems"):
    errors.append(f"problems reported: {d['problems']}")
devs = d.get("devices") or []
if len(devs) != 1:
    errors.append(f"{len(devs)} devices, expected the one in the listing")
for dev in devs:
    if (dev["vendor_id"], dev["product_id"]) != ("2c7c", "0306") or not dev["known"]:
        errors.append(f"device {dev['vendor_id']}:{dev['product_id']} not recognised as the EP06")
    functions = []
    for i in dev["interfaces"]:
        functions.append(i["function"])
        if i["verdict"] != "ok" or i["problem"] or i["driver"] != i["expected_driver"]:
            errors.append(f"interface {i['number']}: verdict {i['verdict']}, problem {i['problem']}, "
                          f"driver {i['driver']} (expected {i['expected_driver']}): {i['reason']}")
    if functions != ["diag", "nmea", "at", "modem", "qmi"]:
        errors.append(f"functions {functions}, expected diag nmea at modem qmi")
    for f in dev["findings"]:
        if f["severity"] != "info":
            errors.append(f"finding {f['code']} is a {f['severity']}: {f['text']}")
    cfg = dev.get("suggested_config") or {}
    if cfg.get("proto") != "qmi" or cfg.get("when") != "now":
        errors.append(f"suggested configuration {cfg.get('proto')} ({cfg.get('when')}), expected qmi now")
for e in errors:
    print("FAIL:", e)
if errors:
    sys.exit(1)
print("doctor: the healthy EP06-E passes every check")
