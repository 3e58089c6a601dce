/* What sys/process.c offers the other syscall areas. */
#pragma once

/* The answer to a call that would start a second program (fork, vfork,
 * clone of a process, execve of path, NULL when not known yet): -ENOSYS,
 * and once per boot a line on the kernel log saying why. */
long no_second_program(const char *path);
