/* WDS connection profiles (3GPP): a small store that create-profile,
 * modify-profile and delete-profile change and get-profile-list and
 * get-profile-settings read. Profile 1 ("default") is made from the first
 * APN on first use; the store outlives a reset, as a modem's non-volatile
 * memory does. start-network without an APN uses its profile's APN
 * (handlers_wds.c). */
#include <stdio.h>
#include <string.h>

#include "qmi/errors.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "sim/sim.h"

#define PROFILE_3GPP 0

static void ready(struct sim *s)
{
	if (s->profiles_ready)
		return;
	s->profiles_ready = true;
	memset(s->profiles, 0, sizeof(s->profiles));
	struct sim_pdp_profile *p = &s->profiles[0];
	p->used = true;
	p->index = 1;
	snprintf(p->name, sizeof(p->name), "default");
	p->pdp_type = 3;
	for (size_t i = 0; i < SIM_MAX_APNS; i++)
		if (s->m.apns[i].used) {
			const struct sim_apn *a = &s->m.apns[i];
			snprintf(p->apn, sizeof(p->apn), "%s", a->name);
			snprintf(p->user, sizeof(p->user), "%s", a->user);
			snprintf(p->pass, sizeof(p->pass), "%s", a->pass);
			p->auth = (uint8_t)a->auth;
			break;
		}
}

static struct sim_pdp_profile *find(struct sim *s, unsigned index)
{
	ready(s);
	for (size_t i = 0; i < SIM_MAX_PROFILES; i++)
		if (s->profiles[i].used && s->profiles[i].index == index)
			return &s->profiles[i];
	return NULL;
}

const struct sim_pdp_profile *sim_pdp_profile_find(struct sim *s, unsigned index)
{
	return find(s, index);
}

int sim_wds_get_profile_list(struct sim_call *c)
{
	struct sim *s = c->s;
	ready(s);
	uint64_t type = PROFILE_3GPP;
	rq_uint(c, QMIF_WDS_GET_PROFILE_LIST_RQ_PROFILE_TYPE, &type);
	unsigned n = 0;
	for (size_t i = 0; i < SIM_MAX_PROFILES; i++)
		n += s->profiles[i].used && type == PROFILE_3GPP;
	struct qmi_val *v = sim_put_array(s, c->rsp, QMIF_WDS_GET_PROFILE_LIST_RS_PROFILE_LIST, n);
	if (!v)
		return QMI_ERR_INTERNAL;
	unsigned k = 0;
	for (size_t i = 0; i < SIM_MAX_PROFILES && k < n; i++) {
		const struct sim_pdp_profile *p = &s->profiles[i];
		if (!p->used)
			continue;
		sim_eput_uint(s, c->rsp, &v[k], QMIF_WDS_GET_PROFILE_LIST_RS_PROFILE_LIST_PROFILE_TYPE, PROFILE_3GPP);
		sim_eput_uint(s, c->rsp, &v[k], QMIF_WDS_GET_PROFILE_LIST_RS_PROFILE_LIST_PROFILE_INDEX, p->index);
		sim_eput_str(s, c->rsp, &v[k], QMIF_WDS_GET_PROFILE_LIST_RS_PROFILE_LIST_PROFILE_NAME, p->name);
		k++;
	}
	return 0;
}

/* The answer's field f of get-profile-settings, or of get-default-settings. */
#define PS(f) (dflt ? QMIF_WDS_GET_DEFAULT_SETTINGS_RS_##f : QMIF_WDS_GET_PROFILE_SETTINGS_RS_##f)

static void answer(struct sim_call *c, const struct sim_pdp_profile *p)
{
	bool dflt = c->rsp->id == QMI_WDS_GET_DEFAULT_SETTINGS;
	rs_str(c, PS(PROFILE_NAME), p->name);
	rs_uint(c, PS(PDP_TYPE), p->pdp_type);
	rs_str(c, PS(APN_NAME), p->apn);
	if (p->user[0])
		rs_str(c, PS(USERNAME), p->user);
	if (p->pass[0])
		rs_str(c, PS(PASSWORD), p->pass);       /* as many modems do: cellink never shows it */
	rs_uint(c, PS(AUTHENTICATION), p->auth);
}

int sim_wds_get_profile_settings(struct sim_call *c)
{
	uint64_t type = PROFILE_3GPP, idx = 0;
	if (!rq_uint(c, QMIF_WDS_GET_PROFILE_SETTINGS_RQ_PROFILE_ID_PROFILE_INDEX, &idx))
		return QMI_ERR_MISSING_ARGUMENT;
	rq_uint(c, QMIF_WDS_GET_PROFILE_SETTINGS_RQ_PROFILE_ID_PROFILE_TYPE, &type);
	if (type != PROFILE_3GPP)
		return QMI_ERR_INVALID_PROFILE_TYPE;
	const struct sim_pdp_profile *p = find(c->s, (unsigned)idx);
	if (!p)
		return QMI_ERR_INVALID_PROFILE;
	answer(c, p);
	return 0;
}

int sim_wds_get_default_settings(struct sim_call *c)
{
	const struct sim_pdp_profile *p = find(c->s, 1);
	if (!p)
		return QMI_ERR_INVALID_PROFILE;
	answer(c, p);
	return 0;
}

/* The settings a create or modify request carries, onto p. The two
 * messages share the settings' TLVs: the handles of each are given. */
struct settings_fh {
	struct qmi_fh name, pdp, apn, user, pass, auth;
};

static int apply(struct sim_call *c, struct sim_pdp_profile *p, const struct settings_fh *f)
{
	uint64_t v;
	rq_str(c, f->name, p->name, sizeof(p->name));
	rq_str(c, f->apn, p->apn, sizeof(p->apn));
	rq_str(c, f->user, p->user, sizeof(p->user));
	rq_str(c, f->pass, p->pass, sizeof(p->pass));
	if (rq_uint(c, f->pdp, &v)) {
		if (v != 0 && v != 2 && v != 3)
			return QMI_ERR_INVALID_ARGUMENT;
		p->pdp_type = (uint8_t)v;
	}
	if (rq_uint(c, f->auth, &v)) {
		if (v > 3)
			return QMI_ERR_INVALID_ARGUMENT;
		p->auth = (uint8_t)v;
	}
	return 0;
}

int sim_wds_create_profile(struct sim_call *c)
{
	struct sim *s = c->s;
	ready(s);
	uint64_t type = PROFILE_3GPP;
	if (!rq_uint(c, QMIF_WDS_CREATE_PROFILE_RQ_PROFILE_TYPE, &type))
		return QMI_ERR_MISSING_ARGUMENT;
	if (type != PROFILE_3GPP)
		return QMI_ERR_INVALID_PROFILE_TYPE;
	struct sim_pdp_profile *slot = NULL;
	unsigned index = 0;
	for (unsigned i = 1; i <= SIM_MAX_PROFILES && !index; i++)
		if (!find(s, i))
			index = i;
	for (size_t i = 0; i < SIM_MAX_PROFILES && !slot; i++)
		if (!s->profiles[i].used)
			slot = &s->profiles[i];
	if (!slot || !index)
		return QMI_ERR_NO_FREE_PROFILE;
	struct sim_pdp_profile p = { .used = true, .index = (uint8_t)index, .pdp_type = 0 };
	static const struct settings_fh f = {
		QMIF_WDS_CREATE_PROFILE_RQ_PROFILE_NAME, QMIF_WDS_CREATE_PROFILE_RQ_PDP_TYPE,
		QMIF_WDS_CREATE_PROFILE_RQ_APN_NAME, QMIF_WDS_CREATE_PROFILE_RQ_USERNAME,
		QMIF_WDS_CREATE_PROFILE_RQ_PASSWORD, QMIF_WDS_CREATE_PROFILE_RQ_AUTHENTICATION,
	};
	int e = apply(c, &p, &f);
	if (e)
		return e;
	*slot = p;
	rs_uint(c, QMIF_WDS_CREATE_PROFILE_RS_PROFILE_IDENTIFIER_PROFILE_TYPE, PROFILE_3GPP);
	rs_uint(c, QMIF_WDS_CREATE_PROFILE_RS_PROFILE_IDENTIFIER_PROFILE_INDEX, index);
	sim_log(s, "wds: profile %u created: apn \"%s\"", index, p.apn);
	return 0;
}

int sim_wds_modify_profile(struct sim_call *c)
{
	uint64_t type = PROFILE_3GPP, idx = 0;
	if (!rq_uint(c, QMIF_WDS_MODIFY_PROFILE_RQ_PROFILE_IDENTIFIER_PROFILE_INDEX, &idx))
		return QMI_ERR_MISSING_ARGUMENT;
	rq_uint(c, QMIF_WDS_MODIFY_PROFILE_RQ_PROFILE_IDENTIFIER_PROFILE_TYPE, &type);
	if (type != PROFILE_3GPP)
		return QMI_ERR_INVALID_PROFILE_TYPE;
	struct sim_pdp_profile *p = find(c->s, (unsigned)idx);
	if (!p)
		return QMI_ERR_INVALID_PROFILE;
	struct sim_pdp_profile copy = *p;
	static const struct settings_fh f = {
		QMIF_WDS_MODIFY_PROFILE_RQ_PROFILE_NAME, QMIF_WDS_MODIFY_PROFILE_RQ_PDP_TYPE,
		QMIF_WDS_MODIFY_PROFILE_RQ_APN_NAME, QMIF_WDS_MODIFY_PROFILE_RQ_USERNAME,
		QMIF_WDS_MODIFY_PROFILE_RQ_PASSWORD, QMIF_WDS_MODIFY_PROFILE_RQ_AUTHENTICATION,
	};
	int e = apply(c, &copy, &f);
	if (e)
		return e;
	*p = copy;
	sim_log(c->s, "wds: profile %u modified: apn \"%s\"", p->index, p->apn);
	return 0;
}

int sim_wds_delete_profile(struct sim_call *c)
{
	uint64_t idx = 0;
	if (!rq_uint(c, QMIF_WDS_DELETE_PROFILE_RQ_PROFILE_IDENTIFIER_PROFILE_INDEX, &idx))
		return QMI_ERR_MISSING_ARGUMENT;
	struct sim_pdp_profile *p = find(c->s, (unsigned)idx);
	if (!p)
		return QMI_ERR_INVALID_PROFILE;
	memset(p, 0, sizeof(*p));
	return 0;
}
