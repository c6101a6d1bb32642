/* What is known about particular modems, one line per USB id.
 *
 * Columns: vendor, product, name, driver of the serial functions,
 * interface layout, flags, mainline qmi_wwan version listing the id (when
 * known), source. The layout names the function of each vendor-specific
 * interface by number ("8:qmi"); "@quectel" and "@huawei" mean the vendor
 * numbers interfaces dynamically and the class triplet tells the function
 * (see classify.c); "@class" means standard classes and generic rules.
 * Functions with no driver of their own (adb, trace, gnss) carry none.
 *
 * Sources, summarised in our own words: the device tables of the Linux
 * drivers qmi_wwan, qcserial, option, cdc_mbim and huawei_cdc_ncm (id,
 * QMI interface number, reserved interfaces), the commit messages that
 * added them (which often carry the interface listing), and vendor port
 * maps (Sierra's AT!USBCOMP bitmask names, Quectel's and Telit's USB
 * driver guides). "qmi N" means qmi_wwan binds interface N.
 */
#include "usb/usb.h"

#include <stddef.h>
#include <stdint.h>

#define RAW USB_K_RAWIP_ONLY
#define SWITCH USB_K_MODESWITCH
#define DTR USB_K_DTR

/* The interface layouts, each once: L(NAME, layout). A layout names the
 * function of each vendor-specific interface by number ("8:qmi"), or is
 * "@quectel", "@huawei" or "@class" (see the head of this file). */
#define LAYOUTS(L) \
	L(SWI_MC7700, "0:diag 2:nmea 3:modem 8:qmi 19:qmi") \
	L(SWI_9X15, "0:diag 2:nmea 3:modem 8:qmi 10:qmi") \
	L(SWI_9X30, "0:diag 2:nmea 3:modem 8:qmi 10:qmi 12:mbim 13:mbim") \
	L(GOBI_2K, "0:qmi 1:diag 2:modem 3:nmea") \
	L(SWI_8, "0:diag 2:nmea 3:modem 8:qmi") \
	L(DW5821E, "0:qmi 1:hid 2:at 3:at 4:nmea 5:diag") \
	L(T77W968, "0:qmi 2:at 3:at 4:at 5:diag") \
	L(QMI1, "1:qmi") \
	L(HUAWEI, "@huawei") \
	L(CLASS, "@class") \
	L(EC20_QC, "0:diag 1:nmea 2:at 3:modem 4:qmi") \
	L(QUECTEL, "@quectel") \
	L(QMI4, "4:qmi") \
	L(QMI5, "5:qmi") \
	L(QMI3, "3:qmi") \
	L(QMI2, "2:qmi") \
	L(QMI0, "0:qmi") \
	L(LE910CX_1230, "0:at 1:adb 2:qmi") \
	L(LN940, "0:diag 1:qmi 2:at 3:at 4:at") \
	L(FN912_AT, "0:qmi 1:at 2:at 3:diag") \
	L(FN912_DPL, "0:qmi 1:at 2:diag 3:trace 4:adb") \
	L(CLM920, "0:diag 1:adb 2:at 3:modem 4:qmi") \
	/* end */

/* K(vendor, product, name, serial driver, layout (of LAYOUTS), flags, since or "", source) */
#define KNOWN(K) \
	/* Sierra Wireless: qcserial owns 0 DIAG, 2 NMEA, 3 modem; QMI on 8 (and 10). */ \
	K(0x1199, 0x68a2, "Sierra Wireless MC7700/MC7710", qcserial, SWI_MC7700, 0, "", "qmi 8 and 19; qcserial Sierra layout") \
	K(0x1199, 0x68c0, "Sierra Wireless MC7304/MC7354", qcserial, SWI_9X15, 0, "", "qmi 8 and 10; 9x15, 802.3 or raw-ip") \
	K(0x1199, 0x901c, "Sierra Wireless EM7700", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x1199, 0x901f, "Sierra Wireless EM7355", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x1199, 0x9041, "Sierra Wireless MC7305/MC7355", qcserial, SWI_9X15, 0, "", "qmi 8 and 10") \
	K(0x1199, 0x9051, "Netgear AirCard 340U", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x1199, 0x9055, "Netgear AirCard 341U", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x1199, 0x9063, "Sierra Wireless EM7305", qcserial, SWI_9X15, 0, "", "qmi 8 and 10") \
	K(0x1199, 0x9071, "Sierra Wireless MC7455/MC7430", qcserial, SWI_9X30, RAW, "", "qmi 8 and 10; 9x30 modems only do raw-ip (LEDE bug reports, Sierra forum)") \
	K(0x1199, 0x9079, "Sierra Wireless EM7455 (Lenovo)", qcserial, SWI_9X30, RAW, "", "qmi 8 and 10; 9x30, raw-ip only") \
	K(0x1199, 0x907b, "Sierra Wireless EM7455", qcserial, SWI_9X30, RAW, "", "qmi 8 and 10; 9x30, raw-ip only") \
	K(0x1199, 0x9091, "Sierra Wireless EM7565", qcserial, SWI_9X30, RAW, "", "qmi 8; 9x50, raw-ip only; MBIM on 12/13 in USBCOMP 100D") \
	K(0x1199, 0x9011, "Sierra Wireless MC8305 (Gobi 2000)", qcserial, GOBI_2K, 0, "", "Gobi 2000 layout: QMI on 0") \
	K(0x1199, 0x9013, "Sierra Wireless MC8355 (Gobi 3000)", qcserial, GOBI_2K, 0, "", "Gobi 3000 layout: QMI on 0") \
	K(0x0f3d, 0x68a2, "Sierra Wireless MC7700 (AirPrime id)", qcserial, SWI_8, 0, "", "qmi 8") \
	K(0x114f, 0x68a2, "Sierra Wireless MC7750", qcserial, SWI_8, 0, "", "qmi 8") \
	/* Dell, Lenovo and HP rebrands (mostly Sierra, Foxconn, Huawei, Novatel inside). */ \
	K(0x413c, 0x81a2, "Dell Wireless 5806 (Sierra)", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x413c, 0x81a3, "Dell Wireless 5570 HSPA+ (Sierra)", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x413c, 0x81a4, "Dell Wireless 5570e HSPA+ (Sierra)", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x413c, 0x81a8, "Dell Wireless 5808 (Sierra MC7355)", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x413c, 0x81a9, "Dell Wireless 5808e (Sierra MC7305)", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x413c, 0x81b1, "Dell Wireless 5809e (Sierra EM7305)", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x413c, 0x81b3, "Dell Wireless 5809e rev3 (Sierra EM7305)", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x413c, 0x81b6, "Dell Wireless 5811e (Sierra EM7455)", qcserial, SWI_9X30, RAW, "", "qmi 8 and 10; EM7455 inside, raw-ip only") \
	K(0x413c, 0x81d7, "Dell Wireless 5821e (Foxconn T77W968)", option, DW5821E, 0, "", "qmi 0 (1 on pre-production samples); option on 2-5, HID on 1; 4 is raw NMEA (ModemManager)") \
	K(0x413c, 0x81e0, "Dell Wireless 5821e eSIM (Foxconn T77W968)", option, T77W968, 0, "", "qmi 0") \
	K(0x0489, 0xe0b4, "Foxconn T77W968", option, T77W968, 0, "", "same module as the DW5821e; qmi 0") \
	K(0x0489, 0xe0b5, "Foxconn T77W968 eSIM", option, T77W968, 0, "", "qmi 0") \
	K(0x03f0, 0x4e1d, "HP lt4111 (Sierra)", qcserial, SWI_9X15, 0, "", "qmi 8") \
	K(0x03f0, 0x9d1d, "HP lt4120 Snapdragon X5 LTE", qcserial, QMI1, 0, "", "qmi 1") \
	K(0x03f0, 0x581d, "HP lt4112 (Huawei ME906E)", option, HUAWEI, 0, "", "qmi_wwan on Huawei ff/01/07") \
	K(0x03f0, 0x421d, "HP lt2523 (Novatel E371)", option, CLASS, 0, "", "qmi_wwan on its CDC-ECM-like control interface") \
	/* Quectel: dynamic numbering; option takes ff/ff/ff with two endpoints (DIAG) and ff/00/00, qmi_wwan ff/ff/ff with three. */ \
	K(0x05c6, 0x9215, "Quectel EC20 (Qualcomm id)", option, EC20_QC, 0, "", "qmi 4; older EC20 firmware used Qualcomm's vendor id") \
	K(0x2c7c, 0x0121, "Quectel EC21", option, QUECTEL, DTR, "", "qmi 4; Quectel driver guide: 0 DM, 1 NMEA, 2 AT, 3 PPP/AT") \
	K(0x2c7c, 0x0125, "Quectel EC25/EC20 R2.0/EG25-G", option, QUECTEL, DTR, "", "qmi ff/ff/ff with 3 endpoints (was fixed 4); option: 0 DM, 1 NMEA, 2 AT, 3 PPP") \
	K(0x2c7c, 0x0191, "Quectel EG91", option, QUECTEL, DTR, "", "qmi 4") \
	K(0x2c7c, 0x0195, "Quectel EG95", option, QUECTEL, DTR, "", "qmi 4") \
	K(0x2c7c, 0x0296, "Quectel BG96", option, QUECTEL, 0, "", "qmi 4") \
	K(0x2c7c, 0x0700, "Quectel BG95", option, QUECTEL, 0, "", "option serial ports; Quectel interface conventions") \
	K(0x2c7c, 0x0306, "Quectel EP06/EG06/EM06", option, QUECTEL, DTR, "", "qmi ff/ff/ff, DIAG skipped by its two endpoints") \
	K(0x2c7c, 0x030b, "Quectel EM060K", option, QUECTEL, 0, "", "qmi ff/ff/ff (id added after 5.15, OpenWrt issue 16165)") \
	K(0x2c7c, 0x030e, "Quectel EM05-G V2", option, QUECTEL, DTR, "", "qmi 4") \
	K(0x2c7c, 0x0512, "Quectel EG12/EM12/EG18", option, QUECTEL, 0, "", "qmi ff/ff/ff") \
	K(0x2c7c, 0x0620, "Quectel EM160R-GL", option, QUECTEL, 0, "5.11", "DIAG ff/ff/30, AT and NMEA ff/00/00, QMI ff/ff/ff") \
	K(0x2c7c, 0x0800, "Quectel RM500Q-GL", option, QUECTEL, 0, "", "DIAG ff/ff/30, NMEA ff/00/40, AT ff/00/00, QMI ff/ff/ff") \
	K(0x2c7c, 0x0801, "Quectel RM520N-GL", option, QUECTEL, 0, "6.0", "DIAG + NMEA + AT + MODEM + RMNET (SDX62)") \
	K(0x2c7c, 0x6005, "Quectel EC200A", option, CLASS, 0, "", "ASR chipset: CDC ECM network plus vendor serial ports, no QMI") \
	K(0x2c7c, 0x6002, "Quectel EC200T/EC200S", option, CLASS, 0, "", "ECM network plus serial ports, no QMI") \
	K(0x2c7c, 0x0900, "Quectel RM500U-CNV", option, CLASS, 0, "", "Unisoc chipset: RNDIS/ECM or MBIM network plus serial ports, no QMI") \
	/* Huawei: functions by class triplet (ff/01/02 PCUI, ff/01/09 QMI control, ff/02/16 NCM ...). */ \
	K(0x12d1, 0x1506, "Huawei modem (E398/E3276/E3372 and others, stick mode)", option, HUAWEI, 0, "", "qmi_wwan on ff/01/09 (+ ff/01/08 data); huawei_cdc_ncm on ff/02/16") \
	K(0x12d1, 0x15b6, "Huawei E3372s/E3331 (stick firmware)", option, HUAWEI, 0, "", "AT^SETPORT names: 12 4G PCUI, 10 4G modem, 13 4G DIAG, 14 4G GPS, 16 NCM") \
	K(0x12d1, 0x1573, "Huawei ME909u-521", option, HUAWEI, 0, "", "configuration-dependent; functions by class triplet") \
	K(0x12d1, 0x15c1, "Huawei ME909s/ME906s", option, HUAWEI, 0, "", "three configurations (serial+NCM/ECM/MBIM); by class triplet") \
	K(0x12d1, 0x15bb, "Huawei ME936", option, HUAWEI, 0, "", "MBIM in one configuration") \
	K(0x12d1, 0x140c, "Huawei E173", option, QMI1, 0, "", "qmi 1; the other ports by Huawei class triplets") \
	K(0x12d1, 0x14ac, "Huawei E1820", option, QMI1, 0, "", "qmi 1; the other ports by Huawei class triplets") \
	K(0x12d1, 0x14dc, "Huawei E3372/E8372 HiLink", option, CLASS, 0, "", "router firmware: CDC ECM (cdc_ether), no AT or QMI port") \
	K(0x12d1, 0x14db, "Huawei E3131/E353 HiLink", option, CLASS, 0, "", "router firmware: CDC ECM (cdc_ether)") \
	K(0x12d1, 0x1f01, "Huawei E3372/E3131 (install disk)", option, CLASS, SWITCH, "", "usb_modeswitch turns it into 14dc (HiLink) or 1506 (stick)") \
	K(0x12d1, 0x1446, "Huawei E1552/E1800/E173 (install disk)", option, CLASS, SWITCH, "", "usb_modeswitch turns it into a modem id") \
	/* ZTE: QMI interface numbers from qmi_wwan; the other vendor interfaces are option serial ports. */ \
	K(0x19d2, 0x0031, "ZTE MF626/MF636", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x0063, "ZTE (Vodafone) K3565-Z", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x0104, "ZTE (Vodafone) K4505-Z", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x0157, "ZTE MF683", option, QMI5, 0, "", "qmi 5") \
	K(0x19d2, 0x0167, "ZTE MF820D", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x0199, "ZTE MF820S", option, QMI1, 0, "", "qmi 1") \
	K(0x19d2, 0x0257, "ZTE MF821", option, QMI3, 0, "", "qmi 3") \
	K(0x19d2, 0x0284, "ZTE MF880", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x0326, "ZTE MF821D", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x0325, "ZTE MF821D (install disk)", option, CLASS, SWITCH, "", "ejecting the disk switches it to 0326") \
	K(0x19d2, 0x1008, "ZTE (Vodafone) K3570-Z", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x1010, "ZTE (Vodafone) K3571-Z", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x1270, "ZTE MF667", option, QMI5, 0, "", "qmi 5") \
	K(0x19d2, 0x1402, "ZTE MF60", option, QMI2, 0, "", "qmi 2") \
	K(0x19d2, 0x1426, "ZTE MF91", option, QMI2, 0, "", "qmi 2") \
	K(0x19d2, 0x2002, "ZTE (Vodafone) K3765-Z", option, QMI4, 0, "", "qmi 4") \
	K(0x19d2, 0x1405, "ZTE MF823/MF831/MF833 (router mode)", option, CLASS, 0, "", "CDC ECM (cdc_ether) plus a storage function; no AT port in this mode") \
	K(0x19d2, 0x1225, "ZTE MF823/MF831 (install disk)", option, CLASS, SWITCH, "", "usb_modeswitch turns it into 1405") \
	/* Telit: qmi_wwan with the DTR quirk; option serial ports. */ \
	K(0x1bc7, 0x1031, "Telit LE910C1-EUX", option, QMI3, DTR, "", "qmi 3") \
	K(0x1bc7, 0x103a, "Telit LE910C4-WWX", option, QMI0, DTR, "", "qmi 0") \
	K(0x1bc7, 0x1040, "Telit LE922A", option, QMI2, DTR, "", "qmi 2") \
	K(0x1bc7, 0x1050, "Telit FN980", option, QMI2, DTR, "", "qmi 2") \
	K(0x1bc7, 0x1057, "Telit FN980 (second composition)", option, QMI2, DTR, "", "qmi 2") \
	K(0x1bc7, 0x1060, "Telit LN920", option, QMI2, DTR, "", "qmi 2") \
	K(0x1bc7, 0x1070, "Telit FN990", option, QMI2, DTR, "", "qmi 2") \
	K(0x1bc7, 0x1100, "Telit ME910", option, QMI3, 0, "", "qmi 3") \
	K(0x1bc7, 0x1101, "Telit ME910 dual modem", option, QMI3, 0, "", "qmi 3") \
	K(0x1bc7, 0x1200, "Telit LE920", option, QMI5, 0, "", "qmi 5") \
	K(0x1bc7, 0x1201, "Telit LE910/LE920A4", option, QMI2, DTR, "", "qmi 2") \
	K(0x1bc7, 0x1230, "Telit LE910Cx (0x1230)", option, LE910CX_1230, DTR, "", "tty, adb, rmnet, audio, tty ...") \
	K(0x1bc7, 0x1250, "Telit LE910Cx (0x1250)", option, QMI0, DTR, "", "qmi 0") \
	K(0x1bc7, 0x1260, "Telit LE910Cx (0x1260)", option, QMI2, DTR, "", "qmi 2") \
	K(0x1bc7, 0x1261, "Telit LE910Cx (0x1261)", option, QMI2, DTR, "", "qmi 2") \
	K(0x1bc7, 0x1900, "Telit LN940 (Foxconn T77W676)", option, LN940, DTR, "4.20", "qmi 1, MDM9x40") \
	K(0x1bc7, 0x3000, "Telit FN912 (rmnet + AT/NMEA + AT + diag)", option, FN912_AT, DTR, "6.10", "qmi 0") \
	K(0x1bc7, 0x3001, "Telit FN912 (rmnet + AT + diag + DPL + adb)", option, FN912_DPL, DTR, "6.10", "qmi 0") \
	/* Fibocom. */ \
	K(0x2cb7, 0x0104, "Fibocom NL678 series", option, QMI4, DTR, "", "qmi 4; option reserves 4") \
	K(0x1508, 0x1001, "Fibocom NL668 series", option, QMI4, 0, "", "qmi 4") \
	K(0x2cb7, 0x0112, "Fibocom FG132 (SDX35)", option, QMI0, DTR, "", "qmi 0; option takes DIAG ff/ff/30 and AT ff/ff/40") \
	K(0x2cb7, 0x010b, "Fibocom FG150", option, QUECTEL, 0, "", "DIAG ff/ff/30, AT ff/00/00") \
	K(0x2cb7, 0x01a0, "Fibocom NL668-AM/NL652-EU (laptop MBIM)", option, CLASS, 0, "", "MBIM plus option serial ports") \
	K(0x2cb7, 0x0007, "Fibocom L850-GL (Intel XMM7360, Lenovo)", option, CLASS, 0, "", "MBIM (cdc_mbim) plus CDC ACM ports") \
	/* Others seen in routers. */ \
	K(0x1e2d, 0x0053, "Cinterion PHxx/PXxx", option, QMI4, 0, "", "qmi 4") \
	K(0x1e2d, 0x0060, "Cinterion PLxx", option, QMI4, 0, "", "qmi 4") \
	K(0x1e2d, 0x00b3, "Cinterion MV31-W (Foxconn T99W175 family, MBIM)", option, CLASS, 0, "", "MBIM composition: cdc_mbim 0/1, option AT, diag") \
	K(0x05c6, 0x9625, "YUGA CLM920-NC5", option, CLM920, DTR, "", "qmi 4") \
	K(0x2692, 0x9025, "Cellient MPL200 (Qualcomm 05c6:9025 rebrand)", option, QMI4, 0, "", "qmi 4") \
	K(0x05c6, 0x90b2, "u-blox SARA-R410M", option, QMI3, 0, "", "qmi 3; option reserves 1 and 3") \
	K(0x1e0e, 0x9001, "SIMCom SIM7230E", option, QMI5, 0, "", "qmi 5") \
	/* end */

/* The rows are small integers: the texts are offsets into one pool, a
 * struct with a member per layout and per text of each row (named after
 * its id, so two rows of one id, or a layout named twice, fail the build). */
#define POOL_LAYOUT(n, layout) char l_##n[sizeof(layout)];
#define POOL_LAYOUT_TEXT(n, layout) .l_##n = layout,
#define POOL_MEMBERS(v, p, name, serial, layout, flags, since, source) \
	char n_##v##_##p[sizeof(name)]; char v_##v##_##p[sizeof(since)]; char s_##v##_##p[sizeof(source)];
#define POOL_TEXTS(v, p, name, serial, layout, flags, since, source) \
	.n_##v##_##p = name, .v_##v##_##p = since, .s_##v##_##p = source,
static const struct known_pool {
	LAYOUTS(POOL_LAYOUT)
	KNOWN(POOL_MEMBERS)
} known_texts = { LAYOUTS(POOL_LAYOUT_TEXT) KNOWN(POOL_TEXTS) };
_Static_assert(sizeof(struct known_pool) <= UINT16_MAX, "texts beyond 16-bit offsets");

#define AT(member) ((uint16_t)offsetof(struct known_pool, member))
#define ROW(v, p, name, serial, layout, flags, since, source) \
	{ v, p, AT(n_##v##_##p), AT(l_##layout), AT(v_##v##_##p), AT(s_##v##_##p), USB_KS_##serial, (flags) },
static const struct usb_known known[] = { KNOWN(ROW) };

static const char *const serial_drivers[] = { [USB_KS_qcserial] = "qcserial", [USB_KS_option] = "option" };

const char *usb_known_text(uint16_t offset)
{
	return (const char *)&known_texts + offset;
}

const char *usb_known_serial(const struct usb_known *k)
{
	return serial_drivers[k->serial];
}

const char *usb_known_since(const struct usb_known *k)
{
	const char *s = usb_known_text(k->since);
	return *s ? s : NULL;
}

const struct usb_known *usb_known_find(uint16_t vid, uint16_t pid)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i].vid == vid && known[i].pid == pid)
			return &known[i];
	return NULL;
}

size_t usb_known_count(void)
{
	return sizeof(known) / sizeof(known[0]);
}

const struct usb_known *usb_known_at(size_t i)
{
	return i < usb_known_count() ? &known[i] : NULL;
}
