#include "cli/hook.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "conn/conn_exit.h"

extern char **environ;

#define HOOK_MAX_VARS 24
#define HOOK_WAIT_MS 10000

struct env {
	char *vars[HOOK_MAX_VARS];
	int n;
};

static void env_set(struct env *e, const char *key, const char *value)
{
	if (e->n == HOOK_MAX_VARS || !value)
		return;
	size_t len = strlen(key) + strlen(value) + 2;
	char *v = malloc(len);
	if (!v)
		return;
	snprintf(v, len, "%s=%s", key, value);
	e->vars[e->n++] = v;
}

static void env_set_u(struct env *e, const char *key, unsigned long value)
{
	char num[24];
	snprintf(num, sizeof(num), "%lu", value);
	env_set(e, key, num);
}

static void env_free(struct env *e)
{
	for (int i = 0; i < e->n; i++)
		free(e->vars[i]);
	e->n = 0;
}

/* Runs program with one argument and our variables added to the
 * environment (ours replace inherited ones of the same name). */
static int run(const char *program, const char *event, struct env *e)
{
	size_t inherited = 0;
	for (char **p = environ; *p; p++)
		inherited++;
	char **envp = calloc(inherited + (size_t)e->n + 1, sizeof(*envp));
	if (!envp)
		return -ENOMEM;
	size_t k = 0;
	for (char **p = environ; *p; p++) {
		/* the password never reaches a hook; our variables replace theirs */
		bool drop = !strncmp(*p, "CELLINK_PASSWORD=", 17);
		for (int i = 0; i < e->n && !drop; i++) {
			size_t klen = (size_t)(strchr(e->vars[i], '=') - e->vars[i]) + 1;
			drop = !strncmp(*p, e->vars[i], klen);
		}
		if (!drop)
			envp[k++] = *p;
	}
	for (int i = 0; i < e->n; i++)
		envp[k++] = e->vars[i];
	envp[k] = NULL;
	pid_t pid = fork();
	if (pid < 0) {
		int err = -errno;
		free(envp);
		return err;
	}
	if (pid == 0) {
		char *argv[] = { (char *)program, (char *)event, NULL };
		execve(program, argv, envp);
		_exit(127);
	}
	free(envp);
	int status = 0;
	for (int waited = 0;; waited += 10) {
		pid_t r = waitpid(pid, &status, waited < HOOK_WAIT_MS ? WNOHANG : 0);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (waited >= HOOK_WAIT_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -ETIMEDOUT;
		}
		poll(NULL, 0, 10);      /* the hook is short: check again in 10 ms */
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

int cli_hook_link(const struct cli_hook *hk, const char *event, const char *ifname,
		  const struct conn_status *st)
{
	if (!hk->program)
		return 0;
	struct env e = { .n = 0 };
	struct strbuf dns;
	sb_init(&dns);
	env_set(&e, "CELLINK_NAME", hk->name ? hk->name : ifname);
	env_set(&e, "CELLINK_IFNAME", ifname);
	static const char *const fam[2] = { "IPV4", "IPV6" };
	uint32_t mtu = 0;
	for (int i = 0; i < 2 && st; i++) {
		const struct conn_ip *ip = &st->sess[i].ip;
		if (!st->sess[i].up || !ip->valid)
			continue;
		char key[32];
		snprintf(key, sizeof(key), "CELLINK_%s_ADDRESS", fam[i]);
		env_set(&e, key, ip->addr);
		snprintf(key, sizeof(key), "CELLINK_%s_PREFIX", fam[i]);
		env_set_u(&e, key, ip->prefix);
		if (ip->gateway[0]) {
			snprintf(key, sizeof(key), "CELLINK_%s_GATEWAY", fam[i]);
			env_set(&e, key, ip->gateway);
		}
		for (int d = 0; d < 2; d++)
			if (ip->dns[d][0]) {
				if (dns.len)
					sb_putc(&dns, ' ');
				sb_puts(&dns, ip->dns[d]);
			}
		if (ip->mtu && (!mtu || ip->mtu < mtu))
			mtu = ip->mtu;
	}
	env_set(&e, "CELLINK_DNS", sb_str(&dns));
	if (mtu)
		env_set_u(&e, "CELLINK_MTU", mtu);
	int r = run(hk->program, event, &e);
	env_free(&e);
	sb_free(&dns);
	return r;
}

int cli_hook_error(const struct cli_hook *hk, const char *ifname, int exit_status)
{
	if (!hk->program)
		return 0;
	struct env e = { .n = 0 };
	env_set(&e, "CELLINK_NAME", hk->name ? hk->name : ifname);
	env_set(&e, "CELLINK_IFNAME", ifname);
	env_set(&e, "CELLINK_ERROR", conn_exit_name(exit_status));
	env_set(&e, "CELLINK_ERROR_MESSAGE", conn_exit_text(exit_status));
	/* retrying cannot mend these: a locked SIM (and every retry would use
	 * a PIN attempt), a kernel without raw-ip, a bad configuration */
	bool retry = exit_status != CONN_EXIT_SIM_LOCKED && exit_status != CONN_EXIT_NO_RAW_IP &&
		     exit_status != CONN_EXIT_USAGE;
	env_set(&e, "CELLINK_RETRY", retry ? "1" : "0");
	int r = run(hk->program, "error", &e);
	env_free(&e);
	return r;
}
