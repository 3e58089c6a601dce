#pragma once
/* Creates the first process, which runs the program in /eggos/exec. */
void start_init(void);
/* Sends sig to the first process, from the kernel (SI_KERNEL): what
 * the power button does. Not a real-time signal: interrupt handlers call it. */
void init_signal(int sig);
