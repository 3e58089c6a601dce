#pragma once
struct thread;
struct trapframe;
/* Before t returns to user mode: refreshes its rseq CPU number and
 * restarts an interrupted critical section at its abort handler. */
void rseq_return_user(struct thread *t, struct trapframe *tf);
