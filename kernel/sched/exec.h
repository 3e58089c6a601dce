#pragma once
#include "sched/proc.h"

/* Replaces proc's address space with the program at path, started with
 * argv and envp (kernel strings, NULL-terminated arrays); fills t's
 * trapframe to enter it. 0 or -errno (-ENOENT, -ENOEXEC, -ENOMEM, ...). */
int exec_load(struct thread *t, const char *path, char *const argv[], char *const envp[]);
