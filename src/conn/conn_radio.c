/* The radio options of struct conn_config (OpenWrt's "plmn" and "modes")
 * as text; see conn.h. */
#include "conn/conn.h"
#include "common/util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int conn_plmn_parse(const char *plmn, uint16_t *mcc, uint16_t *mnc, bool *mnc3)
{
	size_t n = plmn ? strlen(plmn) : 0;
	if (n != 5 && n != 6)
		return -EINVAL;
	unsigned v[2] = { 0, 0 };
	for (size_t i = 0; i < n; i++) {
		if (plmn[i] < '0' || plmn[i] > '9')
			return -EINVAL;
		v[i >= 3] = v[i >= 3] * 10 + (unsigned)(plmn[i] - '0');
	}
	*mcc = (uint16_t)v[0];
	*mnc = (uint16_t)v[1];
	*mnc3 = n == 6;
	return 0;
}

static const struct { unsigned bit; const char *name; } mode_names[] = {
	{ CONN_MODES_LTE, "lte" }, { CONN_MODES_UMTS, "umts" }, { CONN_MODES_GSM, "gsm" },
	{ CONN_MODES_CDMA, "cdma" }, { CONN_MODES_TDSCDMA, "td-scdma" },
};

int conn_modes_parse(const char *text, unsigned *modes)
{
	unsigned acc = 0;
	const char *p = text ? text : "";
	if (!*p)
		return -EINVAL;
	while (*p) {
		size_t n = strcspn(p, ", ");
		size_t i;
		if (n == 3 && !strncmp(p, "all", 3)) {
			acc |= CONN_MODES_ALL;
		} else if (n) {
			for (i = 0; i < ARRAY_SIZE(mode_names); i++)
				if (strlen(mode_names[i].name) == n && !strncmp(p, mode_names[i].name, n))
					break;
			if (i == ARRAY_SIZE(mode_names))
				return -EINVAL;
			acc |= mode_names[i].bit;
		}
		p += n;
		p += strspn(p, ", ");
	}
	*modes = acc;
	return 0;
}

void conn_modes_text(unsigned modes, char *out, size_t cap)
{
	size_t len = 0;
	if (!cap)
		return;
	out[0] = 0;
	if (modes == CONN_MODES_ALL) {
		snprintf(out, cap, "all");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(mode_names); i++) {
		if (!(modes & mode_names[i].bit) || len >= cap)
			continue;
		int w = snprintf(out + len, cap - len, "%s%s", len ? "," : "", mode_names[i].name);
		len += w > 0 ? (size_t)w : 0;
	}
}
