/* lwIP includes <string.h>: the kernel's string functions stand in. */
#pragma once
#include "lib/string.h"
