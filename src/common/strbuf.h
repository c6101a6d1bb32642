/* A growable byte/character buffer. The only allocation printers make. */
#ifndef CELLINK_COMMON_STRBUF_H
#define CELLINK_COMMON_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *buf;      /* always NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	int failed;     /* an allocation failed; contents are truncated */
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
/* Slow paths (growing the buffer); use the inline functions below. */
void sb_put_slow(struct strbuf *sb, const char *s, size_t n);
void sb_putc_slow(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_put_u64(struct strbuf *sb, uint64_t v);
void sb_put_i64(struct strbuf *sb, int64_t v);
/* Appends n bytes as lower-case hex, with sep between bytes when sep != 0. */
void sb_put_hex(struct strbuf *sb, const uint8_t *p, size_t n, char sep);
/* Appends s as a JSON string literal (quotes included). */
void sb_put_json_str(struct strbuf *sb, const char *s, size_t n);
/* Returns the buffer as a C string ("" when empty). */
const char *sb_str(const struct strbuf *sb);

static inline void sb_put(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n < sb->cap) {
		for (size_t i = 0; i < n; i++)
			sb->buf[sb->len + i] = s[i];
		sb->len += n;
		sb->buf[sb->len] = 0;
	} else {
		sb_put_slow(sb, s, n);
	}
}

static inline void sb_putc(struct strbuf *sb, char c)
{
	if (sb->len + 1 < sb->cap) {
		sb->buf[sb->len++] = c;
		sb->buf[sb->len] = 0;
	} else {
		sb_putc_slow(sb, c);
	}
}

/* Appends a NUL-terminated string. */
static inline void sb_puts(struct strbuf *sb, const char *s)
{
	while (*s) {
		if (sb->len + 1 >= sb->cap) {
			sb_put_slow(sb, s, __builtin_strlen(s));
			return;
		}
		sb->buf[sb->len++] = *s++;
	}
	if (sb->buf)
		sb->buf[sb->len] = 0;
}

#endif
