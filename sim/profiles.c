/* Modem profiles as one data table: identity, link-layer formats and the
 * USB layout, from which the /sys/kernel/debug/usb/devices listing and the
 * sysfs tree are both produced. Identities are test values of the right
 * shape (IMEI with a valid Luhn digit, ICCID 89..., IMSI of the MCC/MNC). */
#include <string.h>

#include "common/util.h"
#include "sim/sim.h"

#define BULK_IN(a) { 0x80 | (a), 2, 512, 0 }
#define BULK_OUT(a) { (a), 2, 512, 0 }
#define INT_IN(a, m) { 0x80 | (a), 3, (m), 32 }

/* Sierra MC7455: qcserial on DIAG/NMEA/modem, QMI on interface 8
 * (the layout of a real unit's listing, with qmi_wwan bound). */
static const struct sim_usb_if mc7455_ifs[] = {
	{ 0, 0xff, 0xff, 0xff, "qcserial", SIM_IF_SERIAL, "DIAG", 2, { BULK_IN(1), BULK_OUT(1) } },
	{ 2, 0xff, 0x00, 0x00, "qcserial", SIM_IF_SERIAL, "NMEA", 3,
	  { INT_IN(3, 10), BULK_IN(2), BULK_OUT(2) } },
	{ 3, 0xff, 0x00, 0x00, "qcserial", SIM_IF_SERIAL, "modem", 3,
	  { INT_IN(5, 10), BULK_IN(4), BULK_OUT(3) } },
	{ 8, 0xff, 0xff, 0xff, "qmi_wwan", SIM_IF_QMI, "QMI", 3, { INT_IN(7, 8), BULK_IN(6), BULK_OUT(4) } },
};

/* Quectel EC25: option on DIAG, NMEA, AT and modem, QMI on interface 4. */
static const struct sim_usb_if ec25_ifs[] = {
	{ 0, 0xff, 0xff, 0xff, "option", SIM_IF_SERIAL, "DIAG", 2, { BULK_IN(1), BULK_OUT(1) } },
	{ 1, 0xff, 0x00, 0x00, "option", SIM_IF_SERIAL, "NMEA", 3,
	  { INT_IN(3, 10), BULK_IN(2), BULK_OUT(2) } },
	{ 2, 0xff, 0x00, 0x00, "option", SIM_IF_SERIAL, "AT", 3,
	  { INT_IN(5, 10), BULK_IN(4), BULK_OUT(3) } },
	{ 3, 0xff, 0x00, 0x00, "option", SIM_IF_SERIAL, "modem", 3,
	  { INT_IN(7, 10), BULK_IN(6), BULK_OUT(4) } },
	{ 4, 0xff, 0xff, 0xff, "qmi_wwan", SIM_IF_QMI, "QMI", 3, { INT_IN(9, 8), BULK_IN(8), BULK_OUT(5) } },
};

/* The EC25 as the USB personality presents it. dummy_hcd offers four bulk
 * pairs and three interrupt IN endpoints (the MC7455's footprint exactly);
 * the whole EC25 needs five pairs and four interrupt endpoints, and the QMI
 * interface, declared last, would get none. So NMEA (interface 1) is left
 * out: it stays an endpoint-less placeholder so that DIAG, AT, modem and
 * QMI keep their real numbers (option reserves 4, qmi_wwan binds 4). */
static const struct sim_usb_if ec25_usb_ifs[] = {
	{ 0, 0xff, 0xff, 0xff, "option", SIM_IF_SERIAL, "DIAG", 2, { BULK_IN(1), BULK_OUT(1) } },
	{ 2, 0xff, 0x00, 0x00, "option", SIM_IF_SERIAL, "AT", 3,
	  { INT_IN(3, 10), BULK_IN(2), BULK_OUT(2) } },
	{ 3, 0xff, 0x00, 0x00, "option", SIM_IF_SERIAL, "modem", 3,
	  { INT_IN(5, 10), BULK_IN(4), BULK_OUT(3) } },
	{ 4, 0xff, 0xff, 0xff, "qmi_wwan", SIM_IF_QMI, "QMI", 3, { INT_IN(7, 8), BULK_IN(6), BULK_OUT(4) } },
};

/* Huawei ME909s: vendor-class functions told apart by protocol; QMI on a
 * Huawei "1/9" interface as qmi_wwan matches it. */
static const struct sim_usb_if me909s_ifs[] = {
	{ 0, 0xff, 0x02, 0x01, "option", SIM_IF_SERIAL, "modem", 3,
	  { INT_IN(2, 16), BULK_IN(1), BULK_OUT(1) } },
	{ 1, 0xff, 0x01, 0x09, "qmi_wwan", SIM_IF_QMI, "QMI", 3, { INT_IN(4, 16), BULK_IN(3), BULK_OUT(2) } },
	{ 2, 0xff, 0x02, 0x02, "option", SIM_IF_SERIAL, "AT", 2, { BULK_IN(5), BULK_OUT(3) } },
	{ 3, 0xff, 0x02, 0x03, "option", SIM_IF_SERIAL, "DIAG", 2, { BULK_IN(6), BULK_OUT(4) } },
	{ 4, 0xff, 0x02, 0x12, "option", SIM_IF_SERIAL, "AT", 2, { BULK_IN(7), BULK_OUT(5) } },
};

/* Sierra EM7455 (the Lenovo SKU, 1199:9079, which ships in MBIM mode)
 * and EM7565 (1199:9091) in their MBIM composition (AT!USBCOMP=1,3,100D):
 * qcserial on DIAG 0, NMEA 2 and modem/AT 3, cdc_mbim on 12 (control)
 * and 13 (data, the bulk pair in alternate 1); the EM7565's from a real
 * unit's listing (tests/data/usb/sierra_em7565_mbim.txt). */
static const struct sim_usb_if em7455_mbim_ifs[] = {
	{ 0, 0xff, 0xff, 0xff, "qcserial", SIM_IF_SERIAL, "DIAG", 2, { BULK_IN(1), BULK_OUT(1) } },
	{ 2, 0xff, 0x00, 0x00, "qcserial", SIM_IF_SERIAL, "NMEA", 3,
	  { INT_IN(3, 10), BULK_IN(2), BULK_OUT(2) } },
	{ 3, 0xff, 0x00, 0x00, "qcserial", SIM_IF_SERIAL, "modem", 3,
	  { INT_IN(5, 10), BULK_IN(4), BULK_OUT(3) } },
	{ 12, 0x02, 0x0e, 0x00, "cdc_mbim", SIM_IF_QMI, "MBIM", 1, { INT_IN(6, 64) } },
	{ 13, 0x0a, 0x00, 0x02, "cdc_mbim", SIM_IF_CDC, "MBIM data", 2, { BULK_IN(7), BULK_OUT(4) } },
};
static const struct sim_usb_if em7565_mbim_ifs[] = {
	{ 0, 0xff, 0xff, 0xff, "qcserial", SIM_IF_SERIAL, "DIAG", 2, { BULK_IN(1), BULK_OUT(1) } },
	{ 2, 0xff, 0x00, 0x00, "qcserial", SIM_IF_SERIAL, "NMEA", 3,
	  { INT_IN(3, 10), BULK_IN(2), BULK_OUT(2) } },
	{ 3, 0xff, 0x00, 0x00, "qcserial", SIM_IF_SERIAL, "AT", 3,
	  { INT_IN(5, 10), BULK_IN(4), BULK_OUT(3) } },
	{ 12, 0x02, 0x0e, 0x00, "cdc_mbim", SIM_IF_QMI, "MBIM", 1, { INT_IN(6, 64) } },
	{ 13, 0x0a, 0x00, 0x02, "cdc_mbim", SIM_IF_CDC, "MBIM data", 2, { BULK_IN(7), BULK_OUT(4) } },
};

#define LL_8023 (1u << 1)
#define LL_RAWIP (1u << 2)

static const struct sim_profile profiles[] = {
	{
		.name = "sierra-mc7455",
		.manufacturer = "Sierra Wireless, Incorporated", .model = "MC7455",
		.revision = "SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 23:50:10",
		.hw_revision = "10001",
		.imei = "359072060000003", .esn = "0", .imsi = "262010000012345",
		.iccid = "8949010000000012342", .msisdn = "+4915100000001",
		.vid = 0x1199, .pid = 0x9071, .usb_rev = " 0.06", .usb_ver = " 2.10",
		.usb_manufacturer = "Sierra Wireless, Incorporated",
		.usb_product = "Sierra Wireless MC7455 Qualcomm\xc2\xae Snapdragon\xe2\x84\xa2 X7 LTE-A",
		.usb_serial = "LQ00000000000000", .usb_cfg_attr = 0xa0, .usb_maxpower_ma = 500,
		.ifs = mc7455_ifs, .n_ifs = ARRAY_SIZE(mc7455_ifs),
		.link_layers = LL_RAWIP, .default_link_layer = 2, .mtu = 1500,
		.operator_name = "Telekom.de", .mcc = 262, .mnc = 1,
	},
	{
		.name = "quectel-ec25",
		.manufacturer = "Quectel", .model = "EC25", .revision = "EC25EFAR06A06M4G",
		.hw_revision = "10000",
		.imei = "861107030000005", .esn = "0", .imsi = "234150000012345",
		.iccid = "8944150000000012343", .msisdn = "+447700900001",
		.vid = 0x2c7c, .pid = 0x0125, .usb_rev = " 3.18", .usb_ver = " 2.00",
		.usb_manufacturer = "Quectel", .usb_product = "EC25", .usb_serial = NULL,
		.usb_cfg_attr = 0xa0, .usb_maxpower_ma = 500,
		.ifs = ec25_ifs, .n_ifs = ARRAY_SIZE(ec25_ifs),
		.usb_ifs = ec25_usb_ifs, .n_usb_ifs = ARRAY_SIZE(ec25_usb_ifs),
		.link_layers = LL_8023 | LL_RAWIP, .default_link_layer = 1, .mtu = 1500,
		.operator_name = "Vodafone UK", .mcc = 234, .mnc = 15,
	},
	{
		.name = "huawei-me909s",
		.manufacturer = "Huawei Technologies Co., Ltd.", .model = "ME909s-120",
		.revision = "11.617.04.00.00", .hw_revision = "Ver.A",
		.imei = "867223020000006", .esn = "0", .imsi = "208010000012345",
		.iccid = "8933010000000012346", .msisdn = "+33600000001",
		.vid = 0x12d1, .pid = 0x15c1, .usb_rev = " 1.02", .usb_ver = " 2.00",
		.usb_manufacturer = "Huawei Technologies Co., Ltd.", .usb_product = "HUAWEI Mobile",
		.usb_serial = "0123456789ABCDEF", .usb_cfg_attr = 0xe0, .usb_maxpower_ma = 2,
		.ifs = me909s_ifs, .n_ifs = ARRAY_SIZE(me909s_ifs),
		.link_layers = LL_8023 | LL_RAWIP, .default_link_layer = 1, .mtu = 1500,
		.operator_name = "Orange F", .mcc = 208, .mnc = 1,
		/* Huawei firmware reports the SIM as not initialised for a
		 * while after power-up */
		.quirk_sim_init_ms = 1500,
	},
	{
		.name = "sierra-em7455-mbim",
		.manufacturer = "Sierra Wireless, Incorporated", .model = "EM7455",
		.revision = "SWI9X30C_02.24.05.06 r7040 CARMD-EV-FRMWR2 2017/05/19 23:50:10",
		.hw_revision = "10001",
		.imei = "359072060000011", .esn = "0", .imsi = "262010000012345",
		.iccid = "8949010000000012342", .msisdn = "+4915100000002",
		.vid = 0x1199, .pid = 0x9079, .usb_rev = " 0.06", .usb_ver = " 2.10",
		.usb_manufacturer = "Sierra Wireless, Incorporated",
		.usb_product = "Sierra Wireless EM7455 Qualcomm\xc2\xae Snapdragon\xe2\x84\xa2 X7 LTE-A",
		.usb_serial = "LF00000000000000", .usb_cfg_attr = 0xa0, .usb_maxpower_ma = 500,
		.ifs = em7455_mbim_ifs, .n_ifs = ARRAY_SIZE(em7455_mbim_ifs),
		.mbim = true, .qmi_over_mbim = true,
		.link_layers = LL_RAWIP, .default_link_layer = 2, .mtu = 1500,
		.operator_name = "Telekom.de", .mcc = 262, .mnc = 1,
	},
	{
		.name = "sierra-em7565-mbim",
		.manufacturer = "Sierra Wireless, Incorporated", .model = "EM7565",
		.revision = "SWI9X50C_01.08.04.00 dbb5d0 jenkins 2018/08/21 21:40:11",
		.hw_revision = "10001",
		.imei = "353533100000004", .esn = "0", .imsi = "262010000012345",
		.iccid = "8949010000000012342", .msisdn = "+4915100000003",
		.vid = 0x1199, .pid = 0x9091, .usb_rev = " 0.06", .usb_ver = " 3.10",
		.usb_manufacturer = "Sierra Wireless, Incorporated", .usb_product = "EM7565-9",
		.usb_serial = "2a000000", .usb_cfg_attr = 0xa0, .usb_maxpower_ma = 896,
		.ifs = em7565_mbim_ifs, .n_ifs = ARRAY_SIZE(em7565_mbim_ifs),
		.mbim = true, .qmi_over_mbim = true,
		.link_layers = LL_RAWIP, .default_link_layer = 2, .mtu = 1500,
		.operator_name = "Telekom.de", .mcc = 262, .mnc = 1,
	},
};

const struct sim_profile *sim_profile_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(profiles); i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

const struct sim_profile *sim_profile_at(size_t i)
{
	return i < ARRAY_SIZE(profiles) ? &profiles[i] : NULL;
}

const struct sim_usb_if *sim_profile_qmi_if(const struct sim_profile *p)
{
	for (size_t i = 0; i < p->n_ifs; i++)
		if (p->ifs[i].role == SIM_IF_QMI)
			return &p->ifs[i];
	return NULL;
}

const struct sim_usb_if *sim_profile_usb_ifs(const struct sim_profile *p, size_t *n)
{
	*n = p->usb_ifs ? p->n_usb_ifs : p->n_ifs;
	return p->usb_ifs ? p->usb_ifs : p->ifs;
}

static const char *class_name(uint8_t cls)
{
	switch (cls) {
	case 0x00: return ">ifc ";
	case 0x02: return "comm.";
	case 0x0a: return "data ";
	case 0xef: return "misc ";
	default: return "vend.";
	}
}

void sim_profile_usb_devices(const struct sim_profile *p, struct strbuf *o)
{
	sb_printf(o, "T:  Bus=01 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  2 Spd=480  MxCh= 0\n");
	sb_printf(o, "D:  Ver=%s Cls=00(>ifc ) Sub=00 Prot=00 MxPS=64 #Cfgs=  1\n", p->usb_ver);
	sb_printf(o, "P:  Vendor=%04x ProdID=%04x Rev=%s\n", p->vid, p->pid, p->usb_rev);
	sb_printf(o, "S:  Manufacturer=%s\n", p->usb_manufacturer);
	sb_printf(o, "S:  Product=%s\n", p->usb_product);
	if (p->usb_serial)
		sb_printf(o, "S:  SerialNumber=%s\n", p->usb_serial);
	sb_printf(o, "C:* #Ifs=%2zu Cfg#= 1 Atr=%02x MxPwr=%3umA\n", p->n_ifs, p->usb_cfg_attr,
		  p->usb_maxpower_ma);
	for (size_t i = 0; i < p->n_ifs; i++) {
		const struct sim_usb_if *f = &p->ifs[i];
		if (f->role == SIM_IF_QMI && p->mbim && i + 1 < p->n_ifs)  /* the MBIM function's two */
			sb_printf(o, "A:  FirstIf#=%2u IfCount= 2 Cls=%02x(%s) Sub=%02x Prot=%02x\n", f->num, f->cls,
				  class_name(f->cls), f->sub, f->proto);
		if (f->role == SIM_IF_CDC)      /* alternate 0 has no endpoints; 1, active, has the pair */
			sb_printf(o, "I:  If#=%2u Alt= 0 #EPs= 0 Cls=%02x(%s) Sub=%02x Prot=%02x Driver=%s\n", f->num,
				  f->cls, class_name(f->cls), f->sub, f->proto, f->driver ? f->driver : "(none)");
		sb_printf(o, "I:* If#=%2u Alt= %u #EPs=%2u Cls=%02x(%s) Sub=%02x Prot=%02x Driver=%s\n",
			  f->num, f->role == SIM_IF_CDC ? 1u : 0u, f->n_ep, f->cls, class_name(f->cls), f->sub,
			  f->proto, f->driver ? f->driver : "(none)");
		for (unsigned e = 0; e < f->n_ep; e++) {
			const struct sim_usb_ep *ep = &f->ep[e];
			sb_printf(o, "E:  Ad=%02x(%c) Atr=%02x(%s) MxPS=%4u Ivl=%ums\n", ep->addr,
				  ep->addr & 0x80 ? 'I' : 'O', ep->attr, ep->attr == 3 ? "Int." : "Bulk",
				  ep->maxps, ep->ivl_ms);
		}
	}
}
