/* Prints qmi/tables_gen.c: the message tables of svc_*.c in the compact
 * form the library links (qmi.h): every name once in one pool, every field
 * row in one pool of 8-byte rows whose names and members are 16-bit
 * offsets, and a run of rows (a struct's members, an array's element, a TLV
 * list) stored once however many messages share it (a layout a macro
 * expands in two messages, such as the serving system's, was two copies).
 * Enum values likewise, as runs of (value, name) shared when equal. Names
 * go into the pool longest first, so one that ends another (the "rate" of
 * "channel-rate") takes no bytes of its own. A message is a row too: its
 * id, name, help and three TLV lists as 16-bit numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qmi/gen/gen.h"

#define MAX_ROWS 16384
#define MAX_VALS 8192
#define MAX_ENUMS 1024
#define POOL_BYTES 131072

static char pool[POOL_BYTES];
static size_t pool_len = 1;             /* offset 0: the empty name of QF_END rows */
static struct qmi_field rows[MAX_ROWS];
static size_t n_rows = 1;               /* row 0: the shared empty TLV list */
static uint32_t vals[MAX_VALS];
static uint16_t val_names[MAX_VALS];
static size_t n_vals;
static struct qmi_enum enums[MAX_ENUMS];
static size_t n_enums;
static struct {
	const struct qmi_src_enum *src;
	unsigned index;                 /* 1 + index in enums[] */
} seen[MAX_ENUMS];
static size_t n_seen;
static int failed;

static void fail(const char *what, const char *name)
{
	fprintf(stderr, "tables_gen: %s: %s\n", what, name ? name : "");
	failed = 1;
}

/* The offset of s in the pool, added when absent (a name that ends another
 * shares its bytes). Names of fields and values must sit below 64 KiB. */
static size_t name_off(const char *s, int wide)
{
	size_t n = strlen(s) + 1;
	for (size_t i = 0; i + n <= pool_len; i++)
		if (!memcmp(pool + i, s, n))
			return i;
	if (pool_len + n > POOL_BYTES) {
		fail("names pool full", s);
		return 0;
	}
	memcpy(pool + pool_len, s, n);
	pool_len += n;
	if (!wide && pool_len - n > UINT16_MAX)
		fail("a name's offset does not fit in 16 bits", s);
	return pool_len - n;
}

/* Index of a run of rows equal to r[0 .. n - 1], appended when absent. */
static size_t row_run(const struct qmi_field *r, size_t n)
{
	for (size_t i = 0; i + n <= n_rows; i++)
		if (!memcmp(&rows[i], r, n * sizeof(*r)))
			return i;
	if (n_rows + n > MAX_ROWS || n_rows + n > UINT16_MAX) {
		fail("too many rows", NULL);
		return 0;
	}
	memcpy(&rows[n_rows], r, n * sizeof(*r));
	n_rows += n;
	return n_rows - n;
}

/* 1 + the index of the enum in enums[], 0 for none. */
static unsigned enum_index(const struct qmi_src_enum *e)
{
	if (!e)
		return 0;
	for (size_t i = 0; i < n_seen; i++)
		if (seen[i].src == e)
			return seen[i].index;
	uint32_t v[MAX_VALS];
	uint16_t nm[MAX_VALS];
	size_t n = 0;
	for (const struct qmi_src_enum_val *x = e->vals; x->name && n < MAX_VALS; x++, n++) {
		v[n] = x->value;
		nm[n] = (uint16_t)name_off(x->name, 0);
	}
	size_t first = n_vals;
	for (size_t i = 0; i + n <= n_vals; i++)
		if (!memcmp(&vals[i], v, n * sizeof(v[0])) && !memcmp(&val_names[i], nm, n * sizeof(nm[0]))) {
			first = i;
			break;
		}
	if (first == n_vals) {
		if (n_vals + n > MAX_VALS) {
			fail("too many named values", NULL);
			return 0;
		}
		memcpy(&vals[n_vals], v, n * sizeof(v[0]));
		memcpy(&val_names[n_vals], nm, n * sizeof(nm[0]));
		n_vals += n;
	}
	if (n_enums == MAX_ENUMS || n_seen == MAX_ENUMS || first > UINT16_MAX || n > UINT16_MAX) {
		fail("too many enums", NULL);
		return 0;
	}
	struct qmi_enum c = { (uint16_t)first, (uint16_t)n, e->is_flags };
	size_t i = 0;
	while (i < n_enums && !(enums[i].first == c.first && enums[i].n == c.n && enums[i].is_flags == c.is_flags))
		i++;
	if (i == n_enums)
		enums[n_enums++] = c;   /* else the same values written twice */
	seen[n_seen].src = e;
	seen[n_seen++].index = (unsigned)i + 1;
	return (unsigned)i + 1;
}

static size_t list(const struct qmi_src_field *f, size_t n, int end);

static struct qmi_field row(const struct qmi_src_field *f)
{
	struct qmi_field r;
	memset(&r, 0, sizeof(r));      /* rows are compared as bytes */
	r.name = (uint16_t)name_off(f->name, 0);
	/* the row's bit-fields: a value that does not fit fails here, not
	 * silently in the table */
	if (f->fmt > 15 || f->prefix > 7 || f->flags > 7 || f->n_sub > 63 || f->fixed > 127 || f->namer > 1)
		fail("a field's format, prefix, flags, member count (63), fixed size (127) or namer "
		     "does not fit its row (qmi.h)", f->name);
	r.fmt = f->fmt & 15;
	r.id = f->id;
	r.prefix = f->prefix & 7;
	r.flags = f->flags & 7;
	r.fixed = f->fixed & 127;
	r.namer = f->namer & 1;
	r.n_sub = f->n_sub & 63;
	if (f->fmt == QF_STRUCT)
		r.sub = (uint16_t)list(f->sub, f->n_sub, 0);
	else if (f->fmt == QF_ARRAY)
		r.sub = (uint16_t)list(f->sub, 1, 0);
	else
		r.sub = (uint16_t)enum_index(qmi_src_field_enum(f));
	return r;
}

/* The run of n fields (and a QF_END row with end set). */
static size_t list(const struct qmi_src_field *f, size_t n, int end)
{
	struct qmi_field *r = calloc(n + 1, sizeof(*r));
	if (!r) {
		fail("out of memory", NULL);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		r[i] = row(&f[i]);
	size_t at = row_run(r, n + (end ? 1 : 0));
	free(r);
	return at;
}

static size_t tlv_list(const struct qmi_src_field *t)
{
	size_t n = 0;
	while (t[n].fmt != QF_END)
		n++;
	return n ? list(t, n, 1) : 0;
}

static const char *const fmt_names[] = {
	"QF_END", "QF_U8", "QF_U16", "QF_U32", "QF_U64", "QF_I8", "QF_I16", "QF_I32", "QF_I64",
	"QF_BOOL", "QF_STRING", "QF_BYTES", "QF_IPV4", "QF_IPV6", "QF_STRUCT", "QF_ARRAY",
};

static void put_c_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			printf("\\%03o", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* Every name of the tables, gathered before the pool is filled. */
static const char **all;
static size_t n_all, cap_all;

static void gather(const char *name)
{
	if (n_all == cap_all) {
		cap_all = cap_all ? 2 * cap_all : 1024;
		const char **a = realloc(all, cap_all * sizeof(*a));
		if (!a) {
			fail("out of memory", NULL);
			return;
		}
		all = a;
	}
	all[n_all++] = name;
}

static void gather_fields(const struct qmi_src_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		gather(f[i].name);
		if (f[i].fmt == QF_STRUCT)
			gather_fields(f[i].sub, f[i].n_sub);
		else if (f[i].fmt == QF_ARRAY)
			gather_fields(f[i].sub, 1);
		else if (qmi_src_field_enum(&f[i]))
			for (const struct qmi_src_enum_val *x = qmi_src_field_enum(&f[i])->vals; x->name; x++)
				gather(x->name);
	}
}

/* Longest first; equal lengths in the order the tables give them. */
static int by_length(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	size_t lx = strlen(*x), ly = strlen(*y);
	if (lx != ly)
		return lx < ly ? 1 : -1;
	return x < y ? -1 : x > y;
}

static void fill_pool(void)
{
	const struct qmi_src_service *svc;
	for (size_t s = 0; (svc = qmi_src_services[s]); s++) {
		gather(svc->name);
		for (size_t i = 0; i < svc->n_msgs; i++) {
			gather(svc->msgs[i].name);
			gather(svc->msgs[i].help ? svc->msgs[i].help : "");
			for (unsigned k = 0; k < QMI_KINDS; k++) {
				const struct qmi_src_field *t = svc->msgs[i].tlvs[k];
				size_t n = 0;
				while (t && t[n].fmt != QF_END)
					n++;
				gather_fields(t, n);
			}
		}
	}
	qsort(all, n_all, sizeof(*all), by_length);
	for (size_t i = 0; i < n_all; i++)
		name_off(all[i], 0);
	free(all);
}

static size_t *tl[16], *mo[16], *ho[16], so[16];
static int built;

int tables_build(void)
{
	if (built)
		return failed ? -1 : 0;
	built = 1;
	const struct qmi_src_service *svc;
	fill_pool();
	/* the rows (and with them the names of fields and values) first */
	for (size_t s = 0; (svc = qmi_src_services[s]); s++) {
		if (!(tl[s] = calloc(svc->n_msgs * QMI_KINDS, sizeof(size_t))))
			return failed = -1;
		for (size_t i = 0; i < svc->n_msgs; i++)
			for (unsigned k = 0; k < QMI_KINDS; k++)
				if (svc->msgs[i].tlvs[k])
					tl[s][i * QMI_KINDS + k] = tlv_list(svc->msgs[i].tlvs[k]);
	}
	/* then the offsets of the names of services and messages and of the
	 * help texts */
	for (size_t s = 0; (svc = qmi_src_services[s]); s++) {
		so[s] = name_off(svc->name, 1);	/* reached by pointer */
		mo[s] = calloc(svc->n_msgs, sizeof(size_t));
		ho[s] = calloc(svc->n_msgs, sizeof(size_t));
		if (!mo[s] || !ho[s])
			return failed = -1;
		for (size_t i = 0; i < svc->n_msgs; i++) {
			mo[s][i] = name_off(svc->msgs[i].name, 0);
			ho[s][i] = name_off(svc->msgs[i].help ? svc->msgs[i].help : "", 0);
		}
	}
	return failed ? -1 : 0;
}

long tables_name(const char *name)
{
	size_t n = strlen(name) + 1;
	for (size_t i = 0; i + n <= pool_len && i <= UINT16_MAX; i++)
		if (!memcmp(pool + i, name, n))
			return (long)i;
	return -1;
}

int print_tables(void)
{
	const struct qmi_src_service *svc;
	if (tables_build())
		return -1;

	printf("/* Generated by src/qmi/gen/tables_gen.c from the message tables (svc_*.c).\n"
	       " * Do not edit: the build regenerates it and fails when this copy is stale\n"
	       " * (update it with: cmake --build build --target qmi_fields_update).\n"
	       " * %zu rows, %zu named values in %zu enums, %zu bytes of names. */\n"
	       "#include \"qmi/qmi.h\"\n#include \"qmi/tables.h\"\n\n", n_rows, n_vals, n_enums, pool_len);

	printf("const char qmi_names[%zu] =", pool_len);
	for (size_t o = 0; o < pool_len;) {
		printf("\n\t/* %5zu */ ", o);
		put_c_string(pool + o);
		if (o + strlen(pool + o) + 1 < pool_len)
			printf(" \"\\0\"");
		o += strlen(pool + o) + 1;
	}
	printf(";\n\n");

	printf("const struct qmi_field qmi_fields[%zu] = {\n", n_rows);
	for (size_t i = 0; i < n_rows; i++) {
		const struct qmi_field *r = &rows[i];
		printf("\t/* %4zu */ { %u, %u, %s, %u, %u, %u, 0x%02x, %u, %u },", i, r->name, r->sub,
		       fmt_names[r->fmt], r->prefix, r->flags, r->n_sub, r->id, r->fixed, r->namer);
		if (r->fmt != QF_END)
			printf(" /* %s */", pool + r->name);
		printf("\n");
	}
	printf("};\n\n");

	printf("const struct qmi_enum qmi_enums[%zu] = {\n", n_enums);
	for (size_t i = 0; i < n_enums; i++)
		printf("\t{ %u, %u, %s },\n", enums[i].first, enums[i].n, enums[i].is_flags ? "true" : "false");
	/* values in 16 bits; the few at or above QMI_ENUM_WIDE in a table of
	 * their own, the 16-bit value naming their place in it */
	uint32_t wide[16];
	size_t n_wide = 0;
	printf("};\n\nconst uint16_t qmi_enum_values[%zu] = {", n_vals);
	for (size_t i = 0; i < n_vals; i++) {
		uint32_t v = vals[i];
		if (v >= QMI_ENUM_WIDE) {
			size_t w = 0;
			while (w < n_wide && wide[w] != v)
				w++;
			if (w == n_wide) {
				if (n_wide == 0x10000 - QMI_ENUM_WIDE || n_wide == sizeof(wide) / sizeof(wide[0])) {
					fprintf(stderr, "tables_gen: too many named values above 0x%x\n", QMI_ENUM_WIDE);
					return -1;
				}
				wide[n_wide++] = v;
			}
			v = QMI_ENUM_WIDE + (uint32_t)w;
		}
		printf("%s0x%x,", i % 8 ? " " : "\n\t", v);
	}
	printf("\n};\n\nconst uint32_t qmi_enum_wide[%zu] = {", n_wide ? n_wide : 1);
	for (size_t i = 0; i < n_wide; i++)
		printf(" 0x%x,", wide[i]);
	printf("%s};\n\nconst uint16_t qmi_enum_names[%zu] = {", n_wide ? " " : " 0 ", n_vals);
	for (size_t i = 0; i < n_vals; i++)
		printf("%s%u,", i % 10 ? " " : "\n\t", val_names[i]);
	printf("\n};\n");

	for (size_t s = 0; (svc = qmi_src_services[s]); s++) {
		printf("\nstatic const struct qmi_msg_def %s_msgs[%zu] = {\n", svc->name, svc->n_msgs);
		for (size_t i = 0; i < svc->n_msgs; i++) {
			const struct qmi_src_msg *d = &svc->msgs[i];
			printf("\t{ 0x%04x, %zu, %zu, {", d->id, mo[s][i], ho[s][i]);
			for (unsigned k = 0; k < QMI_KINDS; k++) {
				if (d->tlvs[k])
					printf(" %zu", tl[s][i * QMI_KINDS + k]);
				else
					printf(" QMI_NO_TLVS");
				printf(k + 1 < QMI_KINDS ? "," : " ");
			}
			printf("} }, /* %s */\n", d->name);
		}
		printf("};\n\nconst struct qmi_service_def qmi_svc_%s = {\n\t0x%02x, qmi_names + %zu, NULL, %s_msgs, %zu\n};\n",
		       svc->name, svc->id, so[s], svc->name, svc->n_msgs);
	}
	return 0;
}
