#include "common/err.h"

#include <string.h>

static const char *const cl_err_text[] = {
#define CL_ERR_TEXT(name, text) text,
	CL_ERRORS(CL_ERR_TEXT)
#undef CL_ERR_TEXT
};

const char *cl_strerror(int err)
{
	if (err >= 0)
		return "success";
	if (err > CL_E_FIRST_ && err < CL_E_LAST_)
		return cl_err_text[err - CL_E_FIRST_ - 1];
	return strerror(-err);
}
