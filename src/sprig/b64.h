/*
 * b64.h - Go's encoding/base64 StdEncoding, shared by b64enc/b64dec
 * (encoding.c) and encryptAES/decryptAES/buildCustomCert (crypto.c).
 */
#ifndef CHARTC_SPRIG_B64_H
#define CHARTC_SPRIG_B64_H

#include <stddef.h>

#include "../util/buf.h"

/* EncodeToString: appends the padded encoding of s[0..n). */
void sprig_b64_encode(Buf *b, const unsigned char *s, size_t n);

/* DecodeString: padding required, \r and \n skipped anywhere.  Appends
 * the bytes to out and returns -1, or returns the offset of the first bad
 * byte (Go's CorruptInputError) with out holding what came before it. */
long sprig_b64_decode(Buf *out, const unsigned char *s, size_t n);

#endif
