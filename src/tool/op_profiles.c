/* cellink profiles: the modem's 3GPP connection profiles (WDS
 * get-profile-list, get-profile-settings, create-profile, modify-profile,
 * delete-profile):
 *
 *   profiles [list]
 *   profiles create --apn APN [SETTINGS]
 *   profiles modify INDEX SETTINGS
 *   profiles delete INDEX
 *
 * SETTINGS: --apn APN, --name NAME, --pdp-type ipv4|ipv6|ipv4v6,
 * --auth none|pap|chap|both, --username USER, --password SECRET (the
 * runner makes it from --password-file: never from the command line).
 * A password is never printed: a profile says only whether it has one. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/ops.h"
#include "tool/tool.h"

#define PROFILE_3GPP 0
#define PROFILES_MAX 64

enum verb { P_LIST, P_CREATE, P_MODIFY, P_DELETE };

struct settings {
	const char *apn, *name, *user, *pass;
	int pdp;                        /* QMI pdp-type, -1 unset */
	int auth;                       /* bits: 1 pap, 2 chap; -1 unset */
};

struct profiles_args {
	enum verb verb;
	unsigned index;
	struct settings s;
};

struct profiles {
	struct profiles_args a;
	uint8_t cid;
	uint8_t idx[PROFILES_MAX];
	unsigned n, next;
	struct strbuf out;              /* the profiles read so far */
	char *pass;                     /* a copy of the password, wiped */
};

static const struct {
	const char *name;
	int qmi;
} pdp_types[] = { { "ipv4", 0 }, { "ipv6", 2 }, { "ipv4v6", 3 }, { "ppp", 1 } };

static const char *const auth_names[] = { "none", "pap", "chap", "both" };

static bool apn_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 100)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '.'))
			return false;
	return true;
}

static bool text_ok(const char *s, size_t max)
{
	if (strlen(s) > max)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Parses argv (pure; unit-tested through tool_start). */
static int parse(int argc, char **argv, struct profiles_args *a, char *why, size_t why_len)
{
	memset(a, 0, sizeof(*a));
	a->s.pdp = a->s.auth = -1;
	int i = 0;
	if (argc == 0 || !strcmp(argv[0], "list")) {
		a->verb = P_LIST;
		i = argc ? 1 : 0;
	} else if (!strcmp(argv[0], "create")) {
		a->verb = P_CREATE;
		i = 1;
	} else if (!strcmp(argv[0], "modify") || !strcmp(argv[0], "delete")) {
		a->verb = argv[0][0] == 'm' ? P_MODIFY : P_DELETE;
		unsigned long v;
		if (argc < 2 || tool_parse_uint(argv[1], 1, 255, &v) < 0) {
			snprintf(why, why_len, "profiles %s: give the profile's index (1-255)%s%s%s", argv[0],
				 argc >= 2 ? ", not '" : "", argc >= 2 ? argv[1] : "", argc >= 2 ? "'" : "");
			return TOOL_E_USAGE;
		}
		a->index = (unsigned)v;
		i = 2;
	} else {
		snprintf(why, why_len, "profiles: '%s' is not list, create, modify or delete", argv[0]);
		return TOOL_E_USAGE;
	}
	int settings = 0;
	for (; i < argc; i++) {
		const char *o = argv[i];
		const char *eq = strchr(o, '=');
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)(eq ? (size_t)(eq - o) : strlen(o)), o);
		const char *v = eq ? eq + 1 : i + 1 < argc ? argv[i + 1] : NULL;
		bool known = !strcmp(name, "--apn") || !strcmp(name, "--name") || !strcmp(name, "--pdp-type") ||
			     !strcmp(name, "--auth") || !strcmp(name, "--username") || !strcmp(name, "--password");
		if (!known || a->verb == P_LIST || a->verb == P_DELETE) {
			snprintf(why, why_len, "profiles%s%s: unknown argument '%s'",
				 a->verb == P_LIST ? " list" : a->verb == P_DELETE ? " delete" : "",
				 a->verb == P_LIST || a->verb == P_DELETE ? " takes no settings" : "", o);
			return TOOL_E_USAGE;
		}
		if (!v) {
			snprintf(why, why_len, "profiles: %s needs a value", name);
			return TOOL_E_USAGE;
		}
		if (!eq)
			i++;
		settings++;
		if (!strcmp(name, "--apn")) {
			if (!apn_ok(v)) {
				snprintf(why, why_len, "profiles: '%s' is not an APN (1-100 letters, digits, '-' and '.')", v);
				return TOOL_E_USAGE;
			}
			a->s.apn = v;
		} else if (!strcmp(name, "--name")) {
			if (!text_ok(v, 31)) {
				snprintf(why, why_len, "profiles: a profile name is at most 31 printable characters");
				return TOOL_E_USAGE;
			}
			a->s.name = v;
		} else if (!strcmp(name, "--username")) {
			if (!text_ok(v, 127)) {
				snprintf(why, why_len, "profiles: a user name is at most 127 printable characters");
				return TOOL_E_USAGE;
			}
			a->s.user = v;
		} else if (!strcmp(name, "--password")) {
			if (!text_ok(v, 127)) {
				snprintf(why, why_len, "profiles: a password is at most 127 printable characters");
				return TOOL_E_USAGE;
			}
			a->s.pass = v;
		} else if (!strcmp(name, "--pdp-type")) {
			for (size_t k = 0; k < sizeof pdp_types / sizeof pdp_types[0] - 1; k++)
				if (!strcmp(v, pdp_types[k].name))
					a->s.pdp = pdp_types[k].qmi;
			if (a->s.pdp < 0) {
				snprintf(why, why_len, "profiles: '%s' is not a PDP type (ipv4, ipv6 or ipv4v6)", v);
				return TOOL_E_USAGE;
			}
		} else {
			for (int k = 0; k < 4; k++)
				if (!strcmp(v, auth_names[k]))
					a->s.auth = k;
			if (a->s.auth < 0) {
				snprintf(why, why_len, "profiles: '%s' is not an authentication (none, pap, chap or both)", v);
				return TOOL_E_USAGE;
			}
		}
	}
	if (a->verb == P_CREATE && !a->s.apn) {
		snprintf(why, why_len, "profiles create: --apn is needed");
		return TOOL_E_USAGE;
	}
	if (a->verb == P_MODIFY && !settings) {
		snprintf(why, why_len, "profiles modify: give what to change (--apn, --name, --pdp-type, --auth, "
			 "--username, --password-file)");
		return TOOL_E_USAGE;
	}
	return 0;
}

bool tool_profiles_changes(int argc, char **argv)
{
	struct profiles_args a;
	char why[256];
	return parse(argc, argv, &a, why, sizeof why) < 0 || a.verb != P_LIST;
}

static void cleanup(struct tool_run *r, void *state)
{
	(void)r;
	struct profiles *p = state;
	sb_free(&p->out);
	if (p->pass) {
		explicit_bzero(p->pass, strlen(p->pass));
		free(p->pass);
		p->pass = NULL;
	}
}

/* ---- reading ---- */

static void settings_json(struct strbuf *sb, unsigned index, const struct qmi_msg *resp)
{
	char s[160];
	uint64_t v;
	sb_printf(sb, "{\"index\":%u", index);
	if (qmi_fget_str(resp, QMIF_WDS_GET_PROFILE_SETTINGS_RS_PROFILE_NAME, s, sizeof s) >= 0)
		tool_json_str(sb, "name", s);
	if (qmi_fget_str(resp, QMIF_WDS_GET_PROFILE_SETTINGS_RS_APN_NAME, s, sizeof s) >= 0)
		tool_json_str(sb, "apn", s);
	if (!qmi_fget_uint(resp, QMIF_WDS_GET_PROFILE_SETTINGS_RS_PDP_TYPE, &v)) {
		const char *n = NULL;
		for (size_t k = 0; k < sizeof pdp_types / sizeof pdp_types[0]; k++)
			if ((uint64_t)pdp_types[k].qmi == v)
				n = pdp_types[k].name;
		if (n)
			tool_json_str(sb, "pdp_type", n);
		else
			tool_json_uint(sb, "pdp_type_code", v);
	}
	if (!qmi_fget_uint(resp, QMIF_WDS_GET_PROFILE_SETTINGS_RS_AUTHENTICATION, &v) && v < 4)
		tool_json_str(sb, "auth", auth_names[v]);
	if (qmi_fget_str(resp, QMIF_WDS_GET_PROFILE_SETTINGS_RS_USERNAME, s, sizeof s) > 0)
		tool_json_str(sb, "username", s);
	int n = qmi_fget_str(resp, QMIF_WDS_GET_PROFILE_SETTINGS_RS_PASSWORD, s, sizeof s);
	tool_json_bool(sb, "password_set", n > 0);
	explicit_bzero(s, sizeof s);
	sb_putc(sb, '}');
}

static void read_next(struct tool_run *r);

static void finish_read(struct tool_run *r)
{
	struct profiles *p = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	if (p->a.verb == P_LIST) {
		sb_puts(&sb, ",\"profiles\":[");
		sb_puts(&sb, sb_str(&p->out));
		sb_putc(&sb, ']');
	} else {
		tool_json_str(&sb, "action", p->a.verb == P_CREATE ? "created" : "modified");
		sb_puts(&sb, ",\"profile\":");
		sb_puts(&sb, sb_str(&p->out));
	}
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void on_settings(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct profiles *p = tool_state(r);
	unsigned index = p->idx[p->next - 1];
	char what[64];
	snprintf(what, sizeof what, "get-profile-settings %u", index);
	if (!tool_resp_ok(r, err, resp, what))
		return;
	if (p->out.len)
		sb_putc(&p->out, ',');
	settings_json(&p->out, index, resp);
	read_next(r);
}

static void read_next(struct tool_run *r)
{
	struct profiles *p = tool_state(r);
	if (p->next == p->n) {
		finish_read(r);
		return;
	}
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WDS, p->cid, QMI_WDS_GET_PROFILE_SETTINGS);
	if (qmi_fset_uint(m, QMIF_WDS_GET_PROFILE_SETTINGS_RQ_PROFILE_ID_PROFILE_TYPE, PROFILE_3GPP) < 0 ||
	    qmi_fset_uint(m, QMIF_WDS_GET_PROFILE_SETTINGS_RQ_PROFILE_ID_PROFILE_INDEX, p->idx[p->next]) < 0)
		tool_msg_bad(r);
	p->next++;
	int e = tool_send(r, 5000, on_settings);
	if (e < 0)
		tool_fail(r, "get-profile-settings: %s", tool_err_text(e, NULL));
}

static void on_list(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct profiles *p = tool_state(r);
	if (!tool_resp_ok(r, err, resp, "get-profile-list"))
		return;
	const struct qmi_val *list = qmi_fget(resp, QMIF_WDS_GET_PROFILE_LIST_RS_PROFILE_LIST);
	unsigned n = list ? list->n : 0;
	for (unsigned i = 0; i < n && p->n < PROFILES_MAX; i++) {
		uint64_t type = 0, idx = 0;
		const struct qmi_val *el = &list->kids[i];
		if (qmi_eget_uint(el, QMIF_WDS_GET_PROFILE_LIST_RS_PROFILE_LIST_PROFILE_TYPE, &type) < 0 ||
		    qmi_eget_uint(el, QMIF_WDS_GET_PROFILE_LIST_RS_PROFILE_LIST_PROFILE_INDEX, &idx) < 0 ||
		    type != PROFILE_3GPP)
			continue;
		p->idx[p->n++] = (uint8_t)idx;
	}
	read_next(r);
}

static void read_one(struct tool_run *r, unsigned index)
{
	struct profiles *p = tool_state(r);
	p->idx[0] = (uint8_t)index;
	p->n = 1;
	p->next = 0;
	read_next(r);
}

/* ---- changing ---- */

/* The settings' handles of create-profile and of modify-profile. */
struct settings_fh {
	struct qmi_fh name, pdp, apn, user, pass, auth;
};

static void put_settings(struct tool_run *r, struct qmi_msg *m, const struct settings *s, const struct settings_fh *f,
			 const char *pass)
{
	int e = 0;
	if (s->name)
		e |= qmi_fset_str(m, f->name, s->name);
	if (s->apn)
		e |= qmi_fset_str(m, f->apn, s->apn);
	if (s->pdp >= 0)
		e |= qmi_fset_uint(m, f->pdp, (uint64_t)s->pdp);
	if (s->auth >= 0)
		e |= qmi_fset_uint(m, f->auth, (uint64_t)s->auth);
	if (s->user)
		e |= qmi_fset_str(m, f->user, s->user);
	if (pass)
		e |= qmi_fset_str(m, f->pass, pass);
	if (e)
		tool_msg_bad(r);
}

static void on_created(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	if (!tool_resp_ok(r, err, resp, "create-profile"))
		return;
	uint64_t idx;
	if (qmi_fget_uint(resp, QMIF_WDS_CREATE_PROFILE_RS_PROFILE_IDENTIFIER_PROFILE_INDEX, &idx) < 0) {
		tool_fail(r, "create-profile: the modem did not say which index it gave the profile");
		return;
	}
	read_one(r, (unsigned)idx);
}

static void on_modified(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct profiles *p = tool_state(r);
	char what[64];
	snprintf(what, sizeof what, "modify-profile %u", p->a.index);
	if (!tool_resp_ok(r, err, resp, what))
		return;
	read_one(r, p->a.index);
}

static void on_deleted(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct profiles *p = tool_state(r);
	char what[64];
	snprintf(what, sizeof what, "delete-profile %u", p->a.index);
	if (!tool_resp_ok(r, err, resp, what))
		return;
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	tool_json_str(&sb, "action", "deleted");
	tool_json_uint(&sb, "index", p->a.index);
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void with_wds(struct tool_run *r, int err, uint8_t cid)
{
	struct profiles *p = tool_state(r);
	if (err) {
		tool_fail(r, "no WDS client: %s", tool_err_text(err, NULL));
		return;
	}
	p->cid = cid;
	struct qmi_msg *m;
	tool_resp_cb cb;
	switch (p->a.verb) {
	case P_LIST:
		m = tool_msg(r, QMI_SVC_WDS, cid, QMI_WDS_GET_PROFILE_LIST);
		if (qmi_fset_uint(m, QMIF_WDS_GET_PROFILE_LIST_RQ_PROFILE_TYPE, PROFILE_3GPP) < 0)
			tool_msg_bad(r);
		cb = on_list;
		break;
	case P_CREATE: {
		static const struct settings_fh f = {
			QMIF_WDS_CREATE_PROFILE_RQ_PROFILE_NAME, QMIF_WDS_CREATE_PROFILE_RQ_PDP_TYPE,
			QMIF_WDS_CREATE_PROFILE_RQ_APN_NAME, QMIF_WDS_CREATE_PROFILE_RQ_USERNAME,
			QMIF_WDS_CREATE_PROFILE_RQ_PASSWORD, QMIF_WDS_CREATE_PROFILE_RQ_AUTHENTICATION,
		};
		m = tool_msg(r, QMI_SVC_WDS, cid, QMI_WDS_CREATE_PROFILE);
		if (qmi_fset_uint(m, QMIF_WDS_CREATE_PROFILE_RQ_PROFILE_TYPE, PROFILE_3GPP) < 0)
			tool_msg_bad(r);
		put_settings(r, m, &p->a.s, &f, p->pass);
		cb = on_created;
		break;
	}
	case P_MODIFY: {
		static const struct settings_fh f = {
			QMIF_WDS_MODIFY_PROFILE_RQ_PROFILE_NAME, QMIF_WDS_MODIFY_PROFILE_RQ_PDP_TYPE,
			QMIF_WDS_MODIFY_PROFILE_RQ_APN_NAME, QMIF_WDS_MODIFY_PROFILE_RQ_USERNAME,
			QMIF_WDS_MODIFY_PROFILE_RQ_PASSWORD, QMIF_WDS_MODIFY_PROFILE_RQ_AUTHENTICATION,
		};
		m = tool_msg(r, QMI_SVC_WDS, cid, QMI_WDS_MODIFY_PROFILE);
		if (qmi_fset_uint(m, QMIF_WDS_MODIFY_PROFILE_RQ_PROFILE_IDENTIFIER_PROFILE_TYPE, PROFILE_3GPP) < 0 ||
		    qmi_fset_uint(m, QMIF_WDS_MODIFY_PROFILE_RQ_PROFILE_IDENTIFIER_PROFILE_INDEX, p->a.index) < 0)
			tool_msg_bad(r);
		put_settings(r, m, &p->a.s, &f, p->pass);
		cb = on_modified;
		break;
	}
	default:
		m = tool_msg(r, QMI_SVC_WDS, cid, QMI_WDS_DELETE_PROFILE);
		if (qmi_fset_uint(m, QMIF_WDS_DELETE_PROFILE_RQ_PROFILE_IDENTIFIER_PROFILE_TYPE, PROFILE_3GPP) < 0 ||
		    qmi_fset_uint(m, QMIF_WDS_DELETE_PROFILE_RQ_PROFILE_IDENTIFIER_PROFILE_INDEX, p->a.index) < 0)
			tool_msg_bad(r);
		cb = on_deleted;
		break;
	}
	int e = tool_send(r, 10000, cb);
	/* the request holds the password no longer than it takes to send it */
	explicit_bzero(m, sizeof(*m));
	if (p->pass) {
		explicit_bzero(p->pass, strlen(p->pass));
		free(p->pass);
		p->pass = NULL;
	}
	if (e < 0)
		tool_fail(r, "%s: %s", p->a.verb == P_LIST ? "get-profile-list" : "the profile request",
			  tool_err_text(e, NULL));
}

int tool_profiles_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	struct profiles *p = tool_state_new(r, sizeof(*p), cleanup);
	if (!p)
		return -ENOMEM;
	sb_init(&p->out);
	int e = parse(argc, argv, &p->a, why, why_len);
	if (e < 0)
		return e;
	if (p->a.s.pass) {
		/* argv is the owner's: keep our own copy for the request */
		p->pass = strdup(p->a.s.pass);
		p->a.s.pass = NULL;
		if (!p->pass)
			return -ENOMEM;
	}
	return tool_with_cid(r, QMI_SVC_WDS, with_wds);
}
