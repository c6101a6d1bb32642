/* Runs a program (user-mode-linux) with ptrace's XSTATE register set
 * refused, so that it saves floating-point state the classic way.
 *
 * linux.uml of Linux 6.1 exchanges its processes' floating-point registers
 * with PTRACE_GETREGSET/SETREGSET(NT_X86_XSTATE) through a buffer of a fixed
 * size. On a host CPU whose XSAVE area is larger (AMX tile data, ~11 KB),
 * the host kernel refuses SETREGSET with EFAULT and the guest's init dies at
 * once ("ptrace set fp regs failed, errno = 14"). When GETREGSET(XSTATE)
 * fails at start-up, UML falls back to PTRACE_GETFPREGS/SETFPREGS. This
 * wrapper makes that call fail (EIO) with a seccomp filter, then execs.
 *
 * usage: uml-noxstate PROGRAM [ARGS...] */
#include <errno.h>
#include <linux/audit.h>
#include <linux/elf.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n))

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: uml-noxstate PROGRAM [ARGS...]\n");
		return 2;
	}
#if defined(__x86_64__)
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ptrace, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* request: GETREGSET or SETREGSET */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PTRACE_GETREGSET, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PTRACE_SETREGSET, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* addr (the regset): NT_X86_XSTATE */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NT_X86_XSTATE, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EIO),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		fprintf(stderr, "uml-noxstate: cannot install the seccomp filter: %s\n", strerror(errno));
		return 1;
	}
#endif
	execvp(argv[1], argv + 1);
	fprintf(stderr, "uml-noxstate: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
