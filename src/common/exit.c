#include "common/exit.h"

#include <stddef.h>

struct exit_def {
	int num;
	const char *name;
	const char *text;
};

static const struct exit_def exits[] = {
#define CONN_EXIT_DEF(sym, n, t) { n, #sym, t },
	CONN_EXITS(CONN_EXIT_DEF)
#undef CONN_EXIT_DEF
};

static const struct exit_def *find(int status)
{
	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++)
		if (exits[i].num == status)
			return &exits[i];
	return NULL;
}

const char *conn_exit_text(int status)
{
	const struct exit_def *e = find(status);
	return e ? e->text : "unknown exit status";
}

const char *conn_exit_name(int status)
{
	const struct exit_def *e = find(status);
	return e ? e->name : "UNKNOWN";
}

bool conn_exit_wants_ppp(int qmi_status)
{
	return qmi_status == CONN_EXIT_NO_DEVICE || qmi_status == CONN_EXIT_NO_RAW_IP;
}
