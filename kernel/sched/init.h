#pragma once
/* Creates the first process, which runs the program in /eggos/exec. */
void start_init(void);
