/*
 * netip.h - Go's net/netip address parsing (ParseAddr), for the error
 * texts helm shows from url.Parse's host checks (urlParse, the schema
 * formats).  Each returns false after appending Go's error to err.
 */
#ifndef CHARTC_NETIP_H
#define CHARTC_NETIP_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"

/* ParseAddr("in"): msg (at "rest"); always false */
bool netip_err(Buf *err, const char *in, size_t n, const char *msg, const char *at, size_t atn);
/* parseIPv4Fields over s, a tail of in (errors name in) */
bool netip_v4(Buf *err, const char *in, size_t n, const char *s, size_t sn);
/* parseIPv6, a zone after '%' included */
bool netip_v6(Buf *err, const char *in, size_t n);
/* ParseAddr; *is4 for a plain IPv4 address */
bool netip_parse(Buf *err, const char *s, size_t n, bool *is4);

#endif
