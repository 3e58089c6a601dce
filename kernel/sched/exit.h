#pragma once
/* The whole process ends with the shell-style status (code, or 128 +
 * signal). The first process's end is the machine's. */
__attribute__((noreturn)) void process_exit_group(int status);
/* The calling thread ends; the process with it if it was the last. */
__attribute__((noreturn)) void thread_exit(int status);
