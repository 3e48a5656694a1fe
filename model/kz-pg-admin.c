/* placeholder until the admin operations land */
#include "kz-pg-store-private.h"
