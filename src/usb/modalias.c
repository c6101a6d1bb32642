/* The running kernel's module files: which module a modalias loads
 * (modules.alias, matched with shell globs as modprobe does), which
 * modules exist (modules.dep, modules.builtin) and which modprobe.d
 * blacklists. Paths are parameters so tests use a fake tree. */
#include "usb/usb.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct usb_alias {
	char *pattern;
	char *module;
};

struct usb_blacklist {
	char *module;
	char *file;
};

struct usb_modinfo {
	char dir[256];
	struct usb_alias *alias;
	size_t n_alias;
	char **mods;            /* installed or built-in module names, '-' as '_' */
	size_t n_mods;
	struct usb_blacklist *bl;
	size_t n_bl;
};

static void norm(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

static bool push(void **v, size_t *n, size_t size)
{
	if (*n == 0 || (*n >= 16 && (*n & (*n - 1)) == 0)) {
		size_t cap = *n ? *n * 2 : 16;
		void *nv = realloc(*v, cap * size);
		if (!nv)
			return false;
		*v = nv;
	}
	return true;
}

static void add_mod(struct usb_modinfo *m, const char *name, size_t len)
{
	if (!push((void **)&m->mods, &m->n_mods, sizeof(char *)))
		return;
	char *s = strndup(name, len);
	if (!s)
		return;
	norm(s);
	m->mods[m->n_mods++] = s;
}

/* ".../kernel/drivers/usb/serial/qcserial.ko.xz:" -> "qcserial" */
static void add_path_mod(struct usb_modinfo *m, const char *line)
{
	const char *end = strstr(line, ".ko");
	if (!end)
		return;
	const char *start = end;
	while (start > line && start[-1] != '/')
		start--;
	add_mod(m, start, (size_t)(end - start));
}

static void read_lines(const char *path, void (*fn)(struct usb_modinfo *, char *), struct usb_modinfo *m, int *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (err)
			*err = -errno;
		return;
	}
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		fn(m, line);
	}
	fclose(f);
}

static void alias_line(struct usb_modinfo *m, char *line)
{
	char pat[512], mod[128];
	if (sscanf(line, "alias %511s %127s", pat, mod) != 2 || strncmp(pat, "usb:", 4))
		return;
	if (!push((void **)&m->alias, &m->n_alias, sizeof(*m->alias)))
		return;
	norm(mod);
	m->alias[m->n_alias].pattern = strdup(pat);
	m->alias[m->n_alias].module = strdup(mod);
	if (m->alias[m->n_alias].pattern && m->alias[m->n_alias].module)
		m->n_alias++;
}

static void dep_line(struct usb_modinfo *m, char *line)
{
	char *colon = strchr(line, ':');
	if (colon)
		*colon = 0;
	add_path_mod(m, line);
}

static void builtin_line(struct usb_modinfo *m, char *line)
{
	add_path_mod(m, line);
}

static const char *cur_file;
static void conf_line(struct usb_modinfo *m, char *line)
{
	char mod[128];
	if (sscanf(line, " blacklist %127s", mod) != 1)
		return;
	if (!push((void **)&m->bl, &m->n_bl, sizeof(*m->bl)))
		return;
	norm(mod);
	m->bl[m->n_bl].module = strdup(mod);
	m->bl[m->n_bl].file = strdup(cur_file);
	if (m->bl[m->n_bl].module && m->bl[m->n_bl].file)
		m->n_bl++;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct usb_modinfo *usb_modinfo_load(const char *moddir, const char *root, int *err)
{
	struct usb_modinfo *m = calloc(1, sizeof(*m));
	if (!m) {
		*err = -ENOMEM;
		return NULL;
	}
	snprintf(m->dir, sizeof(m->dir), "%s", moddir);
	char p[600];
	snprintf(p, sizeof(p), "%s/modules.alias", moddir);
	int e = 0;
	read_lines(p, alias_line, m, &e);
	if (e) {
		*err = e;
		usb_modinfo_free(m);
		return NULL;
	}
	snprintf(p, sizeof(p), "%s/modules.dep", moddir);
	read_lines(p, dep_line, m, NULL);
	snprintf(p, sizeof(p), "%s/modules.builtin", moddir);
	read_lines(p, builtin_line, m, NULL);
	static const char *const dirs[] = { "/etc/modprobe.d", "/run/modprobe.d", "/lib/modprobe.d" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char d[600];
		snprintf(d, sizeof(d), "%s%s", root ? root : "", dirs[i]);
		struct dirent **names;
		int n = scandir(d, &names, NULL, alphasort);
		for (int j = 0; j < n; j++) {
			size_t len = strlen(names[j]->d_name);
			if (len > 5 && !strcmp(names[j]->d_name + len - 5, ".conf")) {
				snprintf(p, sizeof(p), "%s/%s", dirs[i], names[j]->d_name);
				cur_file = p;
				char full[1200];
				snprintf(full, sizeof(full), "%s%s", root ? root : "", p);
				read_lines(full, conf_line, m, NULL);
				cur_file = NULL;
			}
			free(names[j]);
		}
		if (n >= 0)
			free(names);
	}
	if (m->n_mods)
		qsort(m->mods, m->n_mods, sizeof(*m->mods), cmp_name);
	return m;
}

void usb_modinfo_free(struct usb_modinfo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_alias; i++) {
		free(m->alias[i].pattern);
		free(m->alias[i].module);
	}
	for (size_t i = 0; i < m->n_mods; i++)
		free(m->mods[i]);
	for (size_t i = 0; i < m->n_bl; i++) {
		free(m->bl[i].module);
		free(m->bl[i].file);
	}
	free(m->alias);
	free(m->mods);
	free(m->bl);
	free(m);
}

int usb_modinfo_match(const struct usb_modinfo *m, const char *modalias, const char **out, int cap)
{
	int n = 0;
	for (size_t i = 0; m && i < m->n_alias && n < cap; i++) {
		if (fnmatch(m->alias[i].pattern, modalias, 0))
			continue;
		bool dup = false;
		for (int j = 0; j < n; j++)
			dup |= !strcmp(out[j], m->alias[i].module);
		if (!dup)
			out[n++] = m->alias[i].module;
	}
	return n;
}

const char *usb_modinfo_blacklisted(const struct usb_modinfo *m, const char *name)
{
	char n[128];
	snprintf(n, sizeof(n), "%s", name);
	norm(n);
	for (size_t i = 0; m && i < m->n_bl; i++)
		if (!strcmp(m->bl[i].module, n))
			return m->bl[i].file;
	return NULL;
}

bool usb_modinfo_installed(const struct usb_modinfo *m, const char *name)
{
	char n[128];
	snprintf(n, sizeof(n), "%s", name);
	norm(n);
	const char *key = n;
	return m && m->n_mods && bsearch(&key, m->mods, m->n_mods, sizeof(*m->mods), cmp_name);
}

const char *usb_modinfo_dir(const struct usb_modinfo *m)
{
	return m ? m->dir : "";
}
