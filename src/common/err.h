/* One error convention for all of cellink.
 *
 * Functions return 0 (or a non-negative count) on success and a negative
 * value on failure: either -errno (system errors) or one of the CL_E_*
 * codes below, which sit under CL_E_BASE so they never collide with errno.
 * cl_strerror() names both kinds.
 */
#ifndef CELLINK_COMMON_ERR_H
#define CELLINK_COMMON_ERR_H

#define CL_E_BASE 4096

#define CL_ERRORS(X)                                                        \
	X(TRUNCATED,   "input ends before the length it declares")          \
	X(OVERLONG,    "length field exceeds the data that follows")        \
	X(BAD_MARKER,  "not a QMUX frame (first byte is not 0x01)")         \
	X(BAD_LENGTH,  "length field is inconsistent")                      \
	X(TRAILING,    "bytes left over after the last field")              \
	X(BAD_HEX,     "not valid hex")                                     \
	X(NO_SPACE,    "output buffer too small")                           \
	X(TOO_MANY,    "too many elements")                                 \
	X(UNKNOWN_SERVICE, "unknown QMI service")                           \
	X(UNKNOWN_MESSAGE, "unknown QMI message")                           \
	X(UNKNOWN_FIELD,   "unknown field")                                 \
	X(AMBIGUOUS_FIELD, "field name is ambiguous")                       \
	X(BAD_VALUE,   "value does not fit the field")                      \
	X(BAD_KIND,    "message kind not valid here")                       \
	X(TIMEOUT,     "timed out")                                         \
	X(CANCELLED,   "cancelled")                                         \
	X(GONE,        "device went away")                                  \
	X(QMI,         "modem answered with a QMI error")                   \
	X(PROTOCOL,    "protocol violation")                                \
	X(PARSE,       "could not parse input")

enum cl_err {
	CL_E_FIRST_ = -CL_E_BASE,
#define CL_ERR_ENUM(name, text) CL_E_##name,
	CL_ERRORS(CL_ERR_ENUM)
#undef CL_ERR_ENUM
	CL_E_LAST_
};

/* Names an error returned by any cellink function (negative value). */
const char *cl_strerror(int err);

#endif
