/* schema.h - values.schema.json validation (being written). */
#ifndef CHARTC_SCHEMA_H
#define CHARTC_SCHEMA_H

#include "../value/value.h"

#endif
