/* cellink encode: build a QMI message from a name and field=value pairs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "qmi/qmi.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cellink encode [--client N] [--txn N] [--kind request|response|indication]\n"
		"                      SERVICE MESSAGE [FIELD=VALUE...]\n"
		"Prints the QMUX frame as hex. Fields are named as 'cellink decode' prints\n"
		"them (a unique prefix will do; MEMBER or TLV.MEMBER for parts of a TLV).\n"
		"Values: numbers, enum names, flag names joined by '|', addresses, text.\n"
		"  cellink encode wds start-network apn=internet auth=chap ip-family=ipv4\n"
		"  cellink encode --list [SERVICE]   lists services or a service's messages\n"
		"\n");
	cli_print_options(f, CB_ENCODE);
	fprintf(f, "\nexit status:\n");
	cli_print_exits(f, CB_ENCODE);
}

static int list(const char *svc_name)
{
	for (size_t i = 0; qmi_service_at(i); i++) {
		const struct qmi_service_def *s = qmi_service_at(i);
		if (svc_name && strcmp(svc_name, s->name))
			continue;
		printf("%s\n", s->name);
		for (size_t k = 0; svc_name && k < s->n_msgs; k++) {
			const struct qmi_msg_def *d = &s->msgs[k];
			printf("  %-36s 0x%04x %s%s\n", qmi_msg_name(d), d->id,
			       qmi_msg_tlvs(d, QMI_INDICATION) ? "(indication) " : "", qmi_msg_help(d));
		}
	}
	return 0;
}

static int parse_kind(const char *s)
{
	for (int k = 0; k < QMI_KINDS; k++)
		if (!strcmp(s, qmi_kind_name((enum qmi_kind)k)))
			return k;
	return -1;
}

int cmd_encode(int argc, char **argv)
{
	int client = -1;
	unsigned txn = 1;
	int kind = QMI_REQUEST, c;
	bool do_list = false;
	struct cli_parser p;
	cli_parser_init(&p, CB_ENCODE, true);
	while ((c = cli_next(&p, argc, argv)) != -1) {
		switch (c) {
		case OPT_CLIENT: client = (int)strtoul(optarg, NULL, 0); break;
		case OPT_TXN: txn = (unsigned)strtoul(optarg, NULL, 0); break;
		case OPT_KIND:
			if ((kind = parse_kind(optarg)) < 0) {
				fprintf(stderr, "cellink encode: unknown kind '%s'\n", optarg);
				return 2;
			}
			break;
		case OPT_LIST: do_list = true; break;
		case OPT_HELP: usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (do_list)
		return list(optind < argc ? argv[optind] : NULL);
	if (argc - optind < 2) {
		usage(stderr);
		return 2;
	}
	const struct qmi_service_def *svc = qmi_service_by_name(argv[optind]);
	if (!svc) {
		fprintf(stderr, "cellink encode: unknown service '%s' (try --list)\n", argv[optind]);
		return 2;
	}
	const struct qmi_msg_def *def = NULL;
	for (size_t i = 0; i < svc->n_msgs; i++)
		if (!strcmp(qmi_msg_name(&svc->msgs[i]), argv[optind + 1]) && qmi_msg_tlvs(&svc->msgs[i], kind))
			def = &svc->msgs[i];
	if (!def) {
		fprintf(stderr, "cellink encode: no %s message '%s' in %s (try --list %s)\n",
			qmi_kind_name((enum qmi_kind)kind), argv[optind + 1], svc->name, svc->name);
		return 2;
	}
	struct qmi_msg *m = malloc(sizeof(*m));
	if (!m)
		return 2;
	int rc = 0;
	uint8_t *frame = NULL;
	if (client < 0)
		client = svc->id == QMI_SVC_CTL ? 0 : 1;
	qmi_msg_init(m, svc->id, (uint8_t)client, (enum qmi_kind)kind, (uint16_t)txn, def->id);
	for (int i = optind + 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq) {
			fprintf(stderr, "cellink encode: '%s' is not FIELD=VALUE\n", argv[i]);
			rc = 2;
			goto out;
		}
		*eq = 0;
		int r = qmi_set_text(m, argv[i], eq + 1);
		if (r < 0) {
			fprintf(stderr, "cellink encode: %s\n", m->errtext[0] ? m->errtext : cl_strerror(r));
			rc = 2;
			goto out;
		}
	}
	/* measured, then encoded into a buffer of that size (not 64 KB of stack) */
	int n = qmi_encode(m, NULL, 0);
	frame = n >= 0 ? malloc((size_t)n) : NULL;
	if (n >= 0)
		n = frame ? qmi_encode(m, frame, (size_t)n) : -ENOMEM;
	if (n < 0) {
		fprintf(stderr, "cellink encode: %s\n", cl_strerror(n));
		rc = 1;
		goto out;
	}
	struct strbuf sb;
	sb_init(&sb);
	sb_put_hex(&sb, frame, (size_t)n, ':');
	printf("%s\n", sb_str(&sb));
	sb_free(&sb);
out:
	free(frame);
	free(m);
	return rc;
}
