/* A signal handler that logs what it was given, for the programs about
 * queued signals: " N:qV" for sigqueue's value V of SIGRTMIN+N, " N:tkill",
 * " N:user" or " N:other" otherwise (N relative to SIGRTMIN for real-time
 * signals, the number for standard ones). Main prints sig_log and clears it. */
#ifndef SIG_LOG_H
#define SIG_LOG_H
#include "conf.h"

static char sig_log[1024];

static void sig_log_handler(int sig, siginfo_t *si, void *uc)
{
    char b[32];
    if (si->si_code == SI_QUEUE)
        snprintf(b, sizeof b, " %d:q%d", sig - SIGRTMIN, si->si_value.sival_int);
    else
        snprintf(b, sizeof b, " %d:%s", sig >= SIGRTMIN ? sig - SIGRTMIN : sig,
                 si->si_code == SI_TKILL ? "tkill" : si->si_code == SI_USER ? "user" : "other");
    strncat(sig_log, b, sizeof sig_log - strlen(sig_log) - 1);
    (void)uc;
}
#endif
