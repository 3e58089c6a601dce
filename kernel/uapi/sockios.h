/* Linux's <linux/sockios.h>: the socket ioctls every protocol answers
 * (the interface ones are net/ifioctl.c's). */
#pragma once
#include "uapi/ioctls.h"

#define SIOCINQ    FIONREAD
#define SIOCOUTQ   TIOCOUTQ
#define SIOCATMARK 0x8905
