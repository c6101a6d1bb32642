/* CTL: versions, client ids, sync, the link's data format. */
#include "qmi/ids.h"
#include "sim/sim.h"

/* The services this modem lists, with the versions a 9x30 reports. */
static const struct { uint8_t svc; uint16_t major, minor; } versions[] = {
	{ QMI_SVC_CTL, 1, 5 }, { QMI_SVC_WDS, 1, 67 }, { QMI_SVC_DMS, 1, 14 },
	{ QMI_SVC_NAS, 1, 25 }, { QMI_SVC_WDA, 1, 16 }, { QMI_SVC_UIM, 1, 46 },
};

static int get_version_info(struct sim_call *c)
{
	size_t n = sizeof(versions) / sizeof(versions[0]);
	struct qmi_val *v = sim_put_array(c->s, c->rsp, QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST, (unsigned)n);
	if (!v)
		return QMI_ERR_INTERNAL;
	for (size_t i = 0; i < n; i++) {
		sim_eput_uint(c->s, c->rsp, &v[i], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_SERVICE, versions[i].svc);
		sim_eput_uint(c->s, c->rsp, &v[i], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_MAJOR_VERSION,
			      versions[i].major);
		sim_eput_uint(c->s, c->rsp, &v[i], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_MINOR_VERSION,
			      versions[i].minor);
	}
	return 0;
}

static int allocate_cid(struct sim_call *c)
{
	uint64_t svc;
	if (!rq_uint(c, QMIF_CTL_ALLOCATE_CID_RQ_SERVICE, &svc))
		return QMI_ERR_MISSING_ARGUMENT;
	int cid = sim_client_alloc(&c->s->clients, (uint8_t)svc);
	if (cid < 0) {
		sim_log(c->s, "ctl: allocate-cid for service %u refused (%d)", (unsigned)svc, -cid);
		return -cid;
	}
	/* serving-system indications are on by default on Qualcomm NAS */
	if (svc == QMI_SVC_NAS)
		sim_client_get(&c->s->clients, QMI_SVC_NAS, (uint8_t)cid)->ind = SIM_IND_SERVING_SYSTEM;
	rs_uint(c, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_SERVICE, svc);
	rs_uint(c, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_CID, (uint64_t)cid);
	return 0;
}

static int release_cid(struct sim_call *c)
{
	uint64_t svc, cid;
	if (!rq_uint(c, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_SERVICE, &svc) ||
	    !rq_uint(c, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_CID, &cid))
		return QMI_ERR_MISSING_ARGUMENT;
	/* releasing a WDS client ends the session it started */
	if (svc == QMI_SVC_WDS && sim_session_of(&c->s->m, (uint8_t)cid))
		sim_session_end(c->s, (uint8_t)cid, "client-end");
	int r = sim_client_release(&c->s->clients, (uint8_t)svc, (uint8_t)cid);
	if (r < 0)
		return -r;
	rs_uint(c, QMIF_CTL_RELEASE_CID_RS_RELEASE_INFO_SERVICE, svc);
	rs_uint(c, QMIF_CTL_RELEASE_CID_RS_RELEASE_INFO_CID, cid);
	return 0;
}

static int sync_all(struct sim_call *c)
{
	for (size_t i = 0; i < SIM_MAX_SESSIONS; i++) {
		if (c->s->m.sess[i].active)
			sim_counters_session_end(c->s, &c->s->m.sess[i]);
		c->s->m.sess[i].active = false;
	}
	sim_forwarding_refresh(c->s);
	sim_clients_release_all(&c->s->clients);
	sim_log(c->s, "ctl: sync, every client id released");
	return 0;
}

static int set_data_format(struct sim_call *c)
{
	uint64_t proto = 1;
	rq_uint(c, QMIF_CTL_SET_DATA_FORMAT_RQ_PROTOCOL, &proto);
	if (proto >= 32 || !(c->s->prof->link_layers & (1u << proto)))
		proto = c->s->prof->default_link_layer;
	c->s->m.link_layer = (unsigned)proto;
	rs_uint(c, QMIF_CTL_SET_DATA_FORMAT_RS_PROTOCOL, proto);
	return 0;
}

static int set_instance_id(struct sim_call *c)
{
	uint64_t id = 0;
	rq_uint(c, QMIF_CTL_SET_INSTANCE_ID_RQ_ID, &id);
	rs_uint(c, QMIF_CTL_SET_INSTANCE_ID_RS_LINK_ID, 0xff00 | id);
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_CTL_SET_INSTANCE_ID, set_instance_id },
	{ QMI_CTL_GET_VERSION_INFO, get_version_info },
	{ QMI_CTL_ALLOCATE_CID, allocate_cid },
	{ QMI_CTL_RELEASE_CID, release_cid },
	{ QMI_CTL_SET_DATA_FORMAT, set_data_format },
	{ QMI_CTL_SYNC, sync_all },
};

const struct sim_handler_table sim_handlers_ctl = { QMI_SVC_CTL, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };
