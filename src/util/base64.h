/*
 * base64.h - Go's encoding/base64 StdEncoding, the one implementation for
 * every module: Sprig's b64enc/b64dec and AES helpers, []byte in JSON and
 * YAML, .Files.AsSecrets, !!binary, HTTP basic auth, registry auths and
 * OpenPGP armor.
 */
#ifndef CHARTC_BASE64_H
#define CHARTC_BASE64_H

#include <stddef.h>

#include "buf.h"

/* EncodeToString: appends the padded encoding of src[0..n). */
void b64_encode(Buf *b, const void *src, size_t n);

/* DecodeString: padding required, \r and \n skipped anywhere.  Appends
 * the bytes to out and returns -1, or returns the offset of the first bad
 * byte (Go's CorruptInputError) with out holding what came before it. */
long b64_decode(Buf *out, const void *src, size_t n);

#endif
