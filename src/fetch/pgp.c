/*
 * pgp.c - `helm template --verify`: a chart archive checked against its
 * provenance file, as helm's pkg/provenance does it with ProtonMail's
 * go-crypto openpgp.
 *
 * A .prov file is an OpenPGP clear-signed message (RFC 4880 7) whose text
 * is the chart's Chart.yaml, a "..." line and a YAML map `files:` naming
 * the archive and its "sha256:HEX".  Verifying it takes, in helm's order:
 * the clear-signed block (else "signature block not found"), the keyring
 * (a binary OpenPGP keyring, ~/.gnupg/pubring.gpg by default), a
 * signature packet whose issuer is a signing key of the keyring (else
 * "openpgp: signature made by unknown entity"), the signature itself over
 * the canonical text, then go-crypto's checkSignatureDetails (an unknown
 * critical notation; a revoked key, subkey or primary user ID; an
 * expired or not yet valid key or subkey; an expired or future-dated
 * signature or self-signature), then the archive's sha256 against the
 * listed one.  Times are judged against the clock when the keyring is
 * read, as go-crypto judges them against time.Now().
 *
 * Only what helm accepts is implemented: v4 and RFC 9580's v6 keys and
 * signatures (in any mix: the reference accepts a v6 signature by a v4
 * key), RSA, DSA, ECDSA (NIST and Brainpool curves) and EdDSA (legacy
 * Ed25519, and RFC 9580's Ed25519 and Ed448), hashes SHA-1/224/256/384/512
 * (not SHA-1 in v6).  v5 (LibrePGP) packets are unsupported in go-crypto
 * v1.3.0 as built for helm, so its reader drops them like any packet of
 * an unknown version: a keyring holding only a v5 key reads as "first
 * packet was not a public/private key".  Like go-crypto's packet reader, this one
 * skips signature packets it does not support (other versions, hashes and
 * key algorithms): the reference shows a prov whose hash octet is changed
 * to 99 failing with "signature made by unknown entity", not a parse
 * error.  The signature's 16-bit hash tag is not checked: the reference
 * accepts a prov whose tag octets are zeroed.
 *
 * libcrypto (src/sprig/cryptolib.h) does the hashing and the public-key
 * arithmetic; all parsing here works on bounded buffers already in memory.
 */
#include "fetch_int.h"
#include "../util/base64.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "../sprig/cryptolib.h"
#include "../sprig/digest.h"
#include "../value/value.h"
#include "../yaml/yaml.h"
#include "../util/goerr.h"

#define PGP_MAX_KEYS 100000

/* go-crypto's error kinds, as their Error() methods print them */
#define E_STRUCT "openpgp: invalid data: "
#define E_UNSUP "openpgp: unsupported feature: "
#define E_SIG "openpgp: invalid signature: "
#define E_EOF "unexpected EOF"

enum { A_RSA = 1, A_RSA_E = 2, A_RSA_S = 3, A_ELG = 16, A_DSA = 17, A_ECDH = 18, A_ECDSA = 19,
       A_EDDSA = 22, A_X25519 = 25, A_X448 = 26, A_ED25519 = 27, A_ED448 = 28 };

typedef struct Bytes {
    const uint8_t *p;
    size_t n;
} Bytes;

/* ---- packets (RFC 4880 4.2) ------------------------------------------------------- */

typedef struct Pkt {
    int tag;
    Bytes body;
    bool truncated;   /* the header promised more bytes than there are */
} Pkt;

/* The next packet of *in: 1, 0 at the end, -1 with go-crypto's text. */
static int pkt_next(Bytes *in, Pkt *k, Buf *err)
{
    if (in->n == 0) return 0;
    const uint8_t *p = in->p, *end = in->p + in->n;
    uint8_t b = *p++;
    if (!(b & 0x80)) { buf_adds(err, E_STRUCT "tag byte does not have MSB set"); return -1; }
    size_t len;
    if (b & 0x40) {
        k->tag = b & 0x3f;
        if (p >= end) { buf_adds(err, E_EOF); return -1; }
        uint8_t o = *p++;
        if (o < 192) {
            len = o;
        } else if (o < 224) {
            if (p >= end) { buf_adds(err, E_EOF); return -1; }
            len = ((size_t)(o - 192) << 8) + *p++ + 192;
        } else if (o == 255) {
            if (end - p < 4) { buf_adds(err, E_EOF); return -1; }
            len = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
            p += 4;
        } else {
            /* partial lengths belong to data packets, which keyrings and
             * detached signatures never hold */
            buf_adds(err, E_STRUCT "partial body length on non-data packet");
            return -1;
        }
    } else {
        k->tag = (b & 0x3f) >> 2;
        switch (b & 3) {
        case 0: len = 1; break;
        case 1: len = 2; break;
        case 2: len = 4; break;
        default: len = 0; break;
        }
        if ((b & 3) == 3) {
            len = (size_t)(end - p);
        } else {
            if ((size_t)(end - p) < len) { buf_adds(err, E_EOF); return -1; }
            size_t l = 0;
            for (size_t i = 0; i < len; i++) l = l << 8 | p[i];
            p += len;
            len = l;
        }
    }
    k->truncated = (size_t)(end - p) < len;
    if (k->truncated) len = (size_t)(end - p);
    k->body = (Bytes){p, len};
    in->p = p + len;
    in->n = (size_t)(end - in->p);
    return 1;
}

static bool take(Bytes *b, size_t n, const uint8_t **out)
{
    if (b->n < n) return false;
    if (out) *out = b->p;
    b->p += n;
    b->n -= n;
    return true;
}

/* An MPI (RFC 4880 3.2): its bytes without the bit count. */
static bool take_mpi(Bytes *b, Bytes *out)
{
    const uint8_t *h;
    if (!take(b, 2, &h)) return false;
    size_t n = ((size_t)h[0] << 8 | h[1]);
    n = (n + 7) / 8;
    out->n = n;
    return take(b, n, &out->p);
}

/* A length-prefixed field (curve OIDs, KDF parameters). */
static bool take_short(Bytes *b, Bytes *out)
{
    const uint8_t *h;
    if (!take(b, 1, &h)) return false;
    out->n = h[0];
    return take(b, out->n, &out->p);
}

/* ---- keys (RFC 4880 5.5.2) -------------------------------------------------------- */

typedef struct Key {
    uint8_t id[8];
    uint8_t fpr[32];   /* v4: SHA-1 (20 bytes), v6: SHA-256 */
    size_t fpr_n;
    int version;
    Bytes pub;         /* the packet's public part: what fingerprints and
                          self-signatures hash */
    int algo;
    Bytes n, e;        /* RSA */
    Bytes dsa[4];      /* DSA: p, q, g, y */
    Bytes point;       /* EdDSA: 0x40 || 32 bytes; Ed25519: 32 bytes; ECDSA: SEC1 point */
    Bytes oid;         /* ECDSA, EdDSA: the curve */
    bool can_sign;
    int entity;
    uint32_t created;
    const char *bad;   /* parse_key's -2: go-crypto's reason to drop the entity */
    /* go-crypto's checkSignatureDetails, decided when the ring is read
     * (for the time it is read): the key's own findings, then with its
     * entity's folded in */
    bool revoked, expired, sig_expired;
    Bytes notation;    /* an unknown critical notation of a self-signature */
} Key;

typedef struct Ring {
    Key *keys;
    size_t n, cap;
} Ring;

/* What a signature over the key hashes first (RFC 9580 5.2.4): 0x99 and a
 * 2-byte length for v4, 0x9B and a 4-byte length for v6, then the public
 * part, whose v6 octet count go-crypto writes from the key material it
 * read rather than copying the packet's. */
static void key_prefix(Buf *d, const Key *k)
{
    size_t n = k->pub.n;
    if (k->version == 6) {
        size_t m = n - 10;
        uint8_t h[5] = {0x9b, (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
        uint8_t c[4] = {(uint8_t)(m >> 24), (uint8_t)(m >> 16), (uint8_t)(m >> 8), (uint8_t)m};
        buf_add(d, h, 5);
        buf_add(d, k->pub.p, 6);
        buf_add(d, c, 4);
        buf_add(d, k->pub.p + 10, m);
        return;
    }
    uint8_t h[3] = {0x99, (uint8_t)(n >> 8), (uint8_t)n};
    buf_add(d, h, 3);
    buf_add(d, k->pub.p, n);
}

/* The public part of a v4 or v6 key packet: 1 parsed, 0 unsupported
 * algorithm (go-crypto skips such an entity), 2 another version (the
 * packet reader drops the packet), -1 truncated, -2 a v6 key with a
 * deprecated algorithm (key->bad: go-crypto's reason, its entity is
 * dropped). */
static int parse_key(const Pkt *k, Key *key)
{
    Bytes b = k->body;
    const uint8_t *h;
    if (!take(&b, 1, &h)) return -1;
    if (h[0] != 4 && h[0] != 6) return 2;
    key->version = h[0];
    if (!take(&b, 5, &h)) return -1;
    key->created = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    key->algo = h[4];
    if (key->version == 6 && !take(&b, 4, NULL)) return -1;
    Bytes x;
    switch (key->algo) {
    case A_RSA: case A_RSA_E: case A_RSA_S:
        if (!take_mpi(&b, &key->n) || !take_mpi(&b, &key->e)) return -1;
        break;
    case A_DSA:
        for (int i = 0; i < 4; i++) if (!take_mpi(&b, &key->dsa[i])) return -1;
        break;
    case A_ELG:
        for (int i = 0; i < 3; i++) if (!take_mpi(&b, &x)) return -1;
        break;
    case A_ECDSA: case A_EDDSA:
        if (key->version == 6 && key->algo == A_EDDSA) {
            key->bad = E_STRUCT "cannot generate v6 key with deprecated algorithm: EdDSALegacy";
            return -2;
        }
        if (!take_short(&b, &key->oid) || !take_mpi(&b, &key->point)) return -1;
        break;
    case A_ECDH:
        if (!take_short(&b, &x)) return -1;
        if (key->version == 6 && x.n == 10 && memcmp(x.p, "\x2b\x06\x01\x04\x01\x97\x55\x01\x05\x01", 10) == 0) {
            key->bad = E_STRUCT "cannot read v6 key with deprecated OID: Curve25519Legacy";
            return -2;
        }
        if (!take_mpi(&b, &x) || !take_short(&b, &x)) return -1;
        break;
    case A_X25519: if (!take(&b, 32, NULL)) return -1; break;
    case A_X448: if (!take(&b, 56, NULL)) return -1; break;
    case A_ED25519:
        key->point.n = 32;
        if (!take(&b, 32, &key->point.p)) return -1;
        break;
    case A_ED448:
        key->point.n = 57;
        if (!take(&b, 57, &key->point.p)) return -1;
        break;
    default: return 0;
    }
    /* the fingerprint covers the public part only (secret keys go on);
     * a v6 key ID is the start of its fingerprint, a v4 one the end */
    key->pub = (Bytes){k->body.p, (size_t)(b.p - k->body.p)};
    Buf fp = BUF_INIT;
    key_prefix(&fp, key);
    if (key->version == 6) {
        digest_sha256(fp.data, fp.len, key->fpr);
        key->fpr_n = DIGEST_SHA256_LEN;
        memcpy(key->id, key->fpr, 8);
    } else {
        digest_sha1(fp.data, fp.len, key->fpr);
        key->fpr_n = DIGEST_SHA1_LEN;
        memcpy(key->id, key->fpr + DIGEST_SHA1_LEN - 8, 8);
    }
    buf_free(&fp);
    return 1;
}

/* ---- signatures (RFC 4880 5.2.3) -------------------------------------------------- */

typedef struct Sig {
    int version, type, algo, hash;
    Bytes hashed;          /* version .. end of the hashed subpackets */
    Bytes salt;            /* v6 */
    uint8_t tag[2];        /* the digest's first bytes (v6 checks them) */
    Bytes fpr;             /* issuer fingerprint (20 or 32 bytes), if any */
    uint8_t issuer[8];
    bool has_issuer, has_time, flags_valid;
    uint8_t flags;
    Bytes mpi[2];
    uint32_t ctime, life, key_life;   /* creation; signature and key lifetimes (0: none) */
    bool has_reason, primary_id;
    uint8_t reason;                   /* revocation reason code */
    Bytes notation;                   /* the first critical notation's name */
    Bytes embedded;                   /* a binding's embedded cross-signature */
} Sig;

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int parse_subpackets(Bytes b, bool hashed, Sig *s, Buf *err)
{
    while (b.n) {
        size_t len;
        uint8_t o = b.p[0];
        if (o < 192) {
            len = o;
            take(&b, 1, NULL);
        } else if (o < 255) {
            if (b.n < 2) goto truncated;
            len = ((size_t)(o - 192) << 8) + b.p[1] + 192;
            take(&b, 2, NULL);
        } else {
            if (b.n < 5) goto truncated;
            len = (size_t)b.p[1] << 24 | (size_t)b.p[2] << 16 | (size_t)b.p[3] << 8 | b.p[4];
            take(&b, 5, NULL);
        }
        if (len > b.n) goto truncated;
        if (len == 0) { buf_adds(err, E_STRUCT "zero length signature subpacket"); return -1; }
        const uint8_t *p = b.p;
        take(&b, len, NULL);
        int type = p[0] & 0x7f;
        p++;
        len--;
        switch (type) {
        case 2:
            if (!hashed) break;
            if (len != 4) { buf_adds(err, E_STRUCT "signature creation time not four bytes"); return -1; }
            s->has_time = true;
            s->ctime = be32(p);
            break;
        case 3: case 9:
            if (!hashed) break;
            if (len != 4) { buf_adds(err, E_STRUCT "expiration subpacket with bad length"); return -1; }
            *(type == 3 ? &s->life : &s->key_life) = be32(p);
            break;
        case 20:
            if (!hashed) break;
            if (len < 8) { buf_adds(err, E_STRUCT "notation data subpacket with bad length"); return -1; }
            if ((p[-1] & 0x80) && !s->notation.n) {
                size_t nl = (size_t)p[4] << 8 | p[5], vl = (size_t)p[6] << 8 | p[7];
                if (8 + nl + vl != len) { buf_adds(err, E_STRUCT "notation data subpacket with bad length"); return -1; }
                s->notation = (Bytes){p + 8, nl};
            }
            break;
        case 25:
            if (!hashed) break;
            if (len != 1) { buf_adds(err, E_STRUCT "primary user id subpacket with bad length"); return -1; }
            s->primary_id = p[0] != 0;
            break;
        case 29:
            if (!hashed) break;
            if (len == 0) { buf_adds(err, E_STRUCT "empty revocation reason subpacket"); return -1; }
            s->has_reason = true;
            s->reason = p[0];
            break;
        case 32:
            s->embedded = (Bytes){p, len};
            break;
        case 16:
            /* a v6 signature may carry one only where it is not hashed,
             * and it does not name the issuer there */
            if (s->version > 4 && hashed) { buf_adds(err, E_STRUCT "issuer subpacket found in v6 key"); return -1; }
            if (len != 8) { buf_adds(err, E_STRUCT "issuer subpacket with bad length"); return -1; }
            if (s->version > 4) break;
            memcpy(s->issuer, p, 8);
            s->has_issuer = true;
            break;
        case 27:
            if (!hashed) break;
            if (len == 0) { buf_adds(err, E_STRUCT "empty key flags subpacket"); return -1; }
            s->flags_valid = true;
            s->flags = p[0];
            break;
        case 33:
            if (len == 21 && p[0] == 4 && !s->has_issuer) {
                memcpy(s->issuer, p + 13, 8);
                s->has_issuer = true;
                s->fpr = (Bytes){p + 1, 20};
            } else if (len >= 1 && p[0] >= 5) {
                if (len != 33) { buf_adds(err, E_STRUCT "bad fingerprint length"); return -1; }
                memcpy(s->issuer, p + 1, 8);
                s->has_issuer = true;
                s->fpr = (Bytes){p + 1, 32};
            }
            break;
        default: break;
        }
    }
    return 0;
truncated:
    buf_adds(err, E_STRUCT "signature subpacket truncated");
    return -1;
}

static bool hash_known(int h)
{
    return h == 2 || h == 8 || h == 9 || h == 10 || h == 11;
}

/* 1 parsed, 0 a signature go-crypto cannot read (skipped), -1 error. */
static int parse_sig(const Pkt *k, Sig *s, Buf *err)
{
    memset(s, 0, sizeof *s);
    Bytes b = k->body;
    const uint8_t *h;
    if (!take(&b, 1, &h)) goto eof;
    if (h[0] != 4 && h[0] != 6) return 0;
    s->version = h[0];
    bool v6 = s->version == 6;
    if (!take(&b, 3, &h)) goto eof;
    s->type = h[0];
    s->algo = h[1];
    s->hash = h[2];
    switch (s->algo) {
    case A_RSA: case A_RSA_S: case A_RSA_E: case A_DSA: case A_ECDSA: case A_EDDSA: case A_ED25519: case A_ED448:
        break;
    default: return 0;
    }
    if (s->algo == A_RSA_E) return 0;
    if (!hash_known(s->hash) || (v6 && s->hash == 2)) return 0;
    const uint8_t *l;
    Bytes sub;
    /* v6 counts subpacket areas in four bytes */
    if (!take(&b, v6 ? 4 : 2, &l)) goto eof;
    sub.n = v6 ? be32(l) : (size_t)l[0] << 8 | l[1];
    if (!take(&b, sub.n, &sub.p)) goto eof;
    s->hashed = (Bytes){k->body.p, (size_t)(b.p - k->body.p)};
    if (parse_subpackets(sub, true, s, err)) return -1;
    if (!take(&b, v6 ? 4 : 2, &l)) goto eof;
    sub.n = v6 ? be32(l) : (size_t)l[0] << 8 | l[1];
    if (!take(&b, sub.n, &sub.p)) goto eof;
    if (parse_subpackets(sub, false, s, err)) return -1;
    if (!take(&b, 2, &l)) goto eof;
    memcpy(s->tag, l, 2);
    if (v6) {
        /* SaltLengthForHash */
        size_t want = s->hash == 9 ? 24 : s->hash == 10 ? 32 : 16;
        if (!take(&b, 1, &l)) goto eof;
        if (l[0] != want) {
            buf_adds(err, E_STRUCT "unexpected salt size for the given hash algorithm");
            return -1;
        }
        s->salt.n = want;
        if (!take(&b, want, &s->salt.p)) goto eof;
    }
    switch (s->algo) {
    case A_RSA: case A_RSA_S:
        if (!take_mpi(&b, &s->mpi[0])) goto eof;
        break;
    case A_ED25519:
        s->mpi[0].n = 64;
        if (!take(&b, 64, &s->mpi[0].p)) goto eof;
        break;
    case A_ED448:
        s->mpi[0].n = 114;
        if (!take(&b, 114, &s->mpi[0].p)) goto eof;
        break;
    default:
        if (!take_mpi(&b, &s->mpi[0]) || !take_mpi(&b, &s->mpi[1])) goto eof;
    }
    if (k->truncated) goto eof;
    if (!s->has_time) { buf_adds(err, E_STRUCT "no creation time in signature"); return -1; }
    return 1;
eof:
    buf_adds(err, E_EOF);
    return -1;
}

/* ---- the keyring (go-crypto's ReadKeyRing) ---------------------------------------- */

static void ring_add(Ring *r, const Key *k)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->keys = realloc(r->keys, r->cap * sizeof *r->keys);
        if (!r->keys) abort();
    }
    r->keys[r->n++] = *k;
}

static int verify_with(const CryptoLib *L, const Key *k, const Sig *s, Bytes data, Buf *err);

/* A self-signature by `signer` over the entity's primary key, then the
 * user ID (tag 0xB4, 4-byte length) or the subkey (tag 0x99, the key's
 * own prefix) if given: NULL, or go-crypto's reason to drop the entity. */
static const char *self_sig_error(const Key *first, const Key *signer, const Sig *s, const Key *subkey, Bytes uid,
                                  uint8_t tag, const char *what, Buf *tmp)
{
    const CryptoLib *L = cryptolib_get();
    if (!L) return NULL;
    Buf d = BUF_INIT;
    key_prefix(&d, first);
    if (tag == 0xb4) {
        uint8_t u[5] = {0xb4, (uint8_t)(uid.n >> 24), (uint8_t)(uid.n >> 16), (uint8_t)(uid.n >> 8), (uint8_t)uid.n};
        buf_add(&d, u, 5);
        buf_add(&d, uid.p, uid.n);
    } else if (tag == 0x99) {
        key_prefix(&d, subkey);
    }
    Buf ve = BUF_INIT;
    int rc = verify_with(L, signer, s, (Bytes){(const uint8_t *)(d.data ? d.data : ""), d.len}, &ve);
    buf_free(&d);
    const char *why = NULL;
    if (rc) {
        buf_clear(tmp);
        if (what) buf_printf(tmp, E_STRUCT "%s: %s", what, ve.data ? ve.data : "");
        else buf_adds(tmp, E_STRUCT "revocation signature signed by alternate key");
        why = tmp->data;
    }
    buf_free(&ve);
    return why;
}

/* go-crypto's Signature.SigExpired and PublicKey.KeyExpired: made in the
 * future, or past the lifetime */
static bool sig_expired(uint32_t ctime, uint32_t life, int64_t now)
{
    return ctime > now || (life && now > (int64_t)ctime + life);
}

static bool key_expired(uint32_t created, uint32_t life, int64_t now)
{
    return created > now || (life && now > (int64_t)created + life);
}

/* a revocation counts unless it expired; "key compromised" always */
static bool revokes(const Sig *s, int64_t now)
{
    return (s->has_reason && s->reason == 2) || !sig_expired(s->ctime, s->life, now);
}

/* The parts of a self-signature that checkSignatureDetails looks at. */
typedef struct Self {
    bool have, primary_id, flags_valid;
    uint8_t flags;
    uint32_t ctime, life, key_life;
    Bytes notation;
    int nrev;          /* certification revocations of the user ID */
    bool revoked;      /* one of them in force */
} Self;

static Self self_of(const Sig *s)
{
    return (Self){true, s->primary_id, s->flags_valid, s->flags, s->ctime, s->life, s->key_life, s->notation, 0, false};
}

/* go-crypto's shouldPreferIdentity: fewer revocations, then the primary
 * user ID flag, then the newer self-signature */
static bool prefer_identity(const Self *have, const Self *cand)
{
    if (!have->have) return true;
    if (have->nrev != cand->nrev) return have->nrev > cand->nrev;
    if (have->primary_id && !cand->primary_id) return false;
    if (!have->primary_id && cand->primary_id) return true;
    return cand->ctime > have->ctime;
}

/* The state of reading one entity (a primary key and what follows it). */
typedef struct Ent {
    int n;                 /* entities seen */
    bool have_primary;
    size_t primary_at;
    bool revoked;          /* a key revocation in force */
    Self best, uid;        /* the primary identity so far; the user ID being read */
    bool in_uid, in_sub;
    bool sub_pending;      /* a subkey waiting for its binding signature */
    Key sub;
    Self bind;             /* the subkey's newest binding */
    bool cross_expired;    /* its embedded cross-signature expired */
    Bytes cross_notation;
    Key pkey;              /* the primary key (self-signatures cover it) */
    Bytes uid_bytes;
    bool any_direct;       /* direct-key signatures (0x1F) after the primary */
    bool have_direct;      /* the newest of them by the primary key */
    Sig direct;
    bool is_uid;           /* the user ID section is a user ID (not an attribute) */
    Buf bad;               /* why the entity is dropped (a self-signature that does not verify) */
    Buf last_bad;          /* the last dropped entity's reason */
    int good;              /* entities kept */
} Ent;

static void end_uid(Ent *e)
{
    if (e->in_uid && e->uid.have && prefer_identity(&e->best, &e->uid)) e->best = e->uid;
    e->in_uid = false;
    e->uid = (Self){0};
}

static void end_sub(Ring *r, Ent *e, int64_t now)
{
    if (e->in_sub && e->sub_pending && !e->bind.have && !e->bad.len)
        buf_adds(&e->bad, E_STRUCT "subkey packet not followed by signature");
    if (e->in_sub && e->sub_pending && e->bind.have) {
        Key *k = &e->sub;
        k->can_sign = !e->bind.flags_valid || (e->bind.flags & 2) != 0;
        k->expired = key_expired(k->created, e->bind.key_life, now);
        k->sig_expired = sig_expired(e->bind.ctime, e->bind.life, now) || e->cross_expired;
        k->notation = e->bind.notation.n ? e->bind.notation : e->cross_notation;
        ring_add(r, k);
    }
    e->in_sub = e->sub_pending = false;
    e->bind = (Self){0};
    e->cross_expired = false;
    e->cross_notation = (Bytes){0};
}

/* The entity's findings folded into each of its keys, in the order
 * checkSignatureDetails reports them (notation, revoked, expired). */
static void end_entity(Ring *r, Ent *e, int64_t now)
{
    end_uid(e);
    end_sub(r, e, now);
    if (!e->have_primary) return;
    e->have_primary = false;
    bool v6 = e->pkey.version == 6;
    /* a user ID counts once it has a self-signature; a v6 key needs none
     * but a direct-key self-signature, whose flags and lifetimes then
     * stand for the key's */
    if (!e->bad.len && !v6 && !e->best.have) buf_adds(&e->bad, E_STRUCT "v4 entity without any identities");
    if (!e->bad.len && v6) {
        Buf tmp = BUF_INIT;
        if (!e->any_direct) buf_adds(&e->bad, E_STRUCT "v6 entity without a valid direct-key signature");
        else if (!e->have_direct) buf_adds(&e->bad, E_STRUCT "no valid direct-key self-signature for v6 primary key found");
        else if (self_sig_error(&e->pkey, &e->pkey, &e->direct, NULL, (Bytes){0}, 0, "x", &tmp))
            buf_adds(&e->bad, E_STRUCT "invalid direct-key self-signature for v6 primary key");
        buf_free(&tmp);
    }
    if (e->bad.len) {
        /* go-crypto's ReadKeyRing skips an entity it cannot read */
        r->n = e->primary_at;
        buf_clear(&e->last_bad);
        buf_add(&e->last_bad, e->bad.data, e->bad.len);
        buf_clear(&e->bad);
        return;
    }
    e->good++;
    Key *p = &r->keys[e->primary_at];
    Self direct = v6 ? self_of(&e->direct) : (Self){0};
    const Self *id = v6 ? &direct : &e->best;
    if (id->have && id->flags_valid) p->can_sign = (id->flags & 2) != 0;
    bool revoked = e->revoked || (id->have && id->revoked);
    bool expired = id->have && key_expired(p->created, id->key_life, now);
    bool self_expired = id->have && sig_expired(id->ctime, id->life, now);
    for (size_t i = e->primary_at; i < r->n; i++) {
        Key *k = &r->keys[i];
        bool sub = i != e->primary_at;
        if (id->have && id->notation.n) k->notation = id->notation;
        k->revoked = revoked || (sub && k->revoked);
        k->expired = expired || (sub && k->expired);
        k->sig_expired = self_expired || (sub && k->sig_expired);
    }
}

/* go-crypto's ReadKeyRing, keeping what verification needs: primary keys
 * take their signing permission and lifetime from the primary identity's
 * newest self-signature, subkeys from their newest binding signature (a
 * subkey with none is not used); revocations of the key, of the primary
 * user ID and of a subkey are noted.  An entity is skipped, as
 * ReadKeyRing skips it, when a self-signature, binding or revocation by
 * its primary key does not verify, a signing subkey's cross-signature is
 * missing or bad, a subkey has no binding, or no user ID is self-signed;
 * the reason is the keyring's error when no entity is left. */
/* go-crypto's VerifyKeySignature for a signing subkey: the binding must
 * embed the subkey's own signature (0x19) over the same keys, and it must
 * verify (gpg's "cross-certification"). */
static void cross_sig_error(Ent *e, const Sig *s)
{
    Sig x;
    Pkt ek = {2, s->embedded, false};
    Buf xe = BUF_INIT;
    if (!s->embedded.n || parse_sig(&ek, &x, &xe) != 1) {
        buf_adds(&e->bad, E_STRUCT "subkey signature invalid: " E_STRUCT "signing subkey is missing cross-signature");
    } else {
        Buf tmp = BUF_INIT;
        const char *why = self_sig_error(&e->pkey, &e->sub, &x, &e->sub, (Bytes){0}, 0x99, "x", &tmp);
        if (why)
            buf_printf(&e->bad, E_STRUCT "subkey signature invalid: " E_STRUCT "error while verifying cross-signature: %s",
                       why + strlen(E_STRUCT "x: "));
        buf_free(&tmp);
    }
    buf_free(&xe);
}

static int read_ring(Bytes in, Ring *r, Buf *err)
{
    Pkt k;
    int rc;
    int64_t now = (int64_t)time(NULL);
    Ent e = {0};
    Buf skip = BUF_INIT;
    while ((rc = pkt_next(&in, &k, err)) == 1) {
        if (r->n >= PGP_MAX_KEYS) break;
        if (k.tag == 6 || k.tag == 5 || k.tag == 14 || k.tag == 7) {
            bool top = k.tag == 6 || k.tag == 5;
            Key key = {0};
            int p = parse_key(&k, &key);
            if (p == 2 && !k.truncated) continue;
            if (p == -2) {
                /* the packet reader fails on it.  Inside a sound entity,
                 * ReadEntity fails: the entity is dropped with this reason
                 * (the reference drops a good v6 key followed by a legacy
                 * EdDSA one) and ReadKeyRing skips to the next primary key;
                 * met first in the stream, only its entity is skipped;
                 * met while skipping, ReadKeyRing fails with it. */
                if (e.have_primary && !e.bad.len) {
                    buf_adds(&e.bad, key.bad);
                    end_entity(r, &e, now);
                } else if (e.n == 0 && !e.have_primary) {
                    e.n++;
                    buf_clear(&e.last_bad);
                    buf_adds(&e.last_bad, key.bad);
                } else {
                    buf_free(&skip);
                    buf_free(&e.bad);
                    buf_free(&e.last_bad);
                    buf_adds(err, key.bad);
                    return -1;
                }
                continue;
            }
            if (p < 0 || k.truncated) {
                buf_free(&skip);
                buf_free(&e.bad);
                buf_free(&e.last_bad);
                buf_adds(err, E_EOF);
                return -1;
            }
            end_uid(&e);
            end_sub(r, &e, now);
            if (top) {
                end_entity(r, &e, now);
                e.n++;
                e.revoked = false;
                e.best = (Self){0};
                e.any_direct = e.have_direct = false;
                e.have_primary = p == 1;
                if (p == 1) {
                    key.can_sign = true;
                    key.entity = e.n;
                    ring_add(r, &key);
                    e.primary_at = r->n - 1;
                    e.pkey = key;
                }
                continue;
            }
            if (!e.have_primary || p != 1) continue;
            key.entity = e.n;
            e.sub = key;
            e.sub_pending = true;
            e.in_sub = true;
            continue;
        }
        if (!e.have_primary) {
            if (e.n == 0 && !skip.len) buf_adds(&skip, E_STRUCT "first packet was not a public/private key");
            continue;
        }
        const Key *primary = &r->keys[e.primary_at];
        if (k.tag == 13 || k.tag == 17) {
            end_uid(&e);
            end_sub(r, &e, now);
            e.in_uid = true;
            e.uid_bytes = k.tag == 13 ? k.body : (Bytes){0};
            e.is_uid = k.tag == 13;
            continue;
        }
        if (k.tag != 2) continue;
        Sig s;
        Buf se = BUF_INIT;
        int ps = parse_sig(&k, &s, &se);
        buf_free(&se);
        if (ps != 1) continue;
        if (!e.in_uid && !e.in_sub) {
            if (s.type == 0x1f) {
                /* CheckKeyIdOrFingerprint, then the newest */
                bool mine = s.fpr.n ? s.fpr.n == primary->fpr_n && memcmp(s.fpr.p, primary->fpr, s.fpr.n) == 0
                                    : s.has_issuer && memcmp(s.issuer, primary->id, 8) == 0;
                e.any_direct = true;
                if (mine && (!e.have_direct || s.ctime > e.direct.ctime)) {
                    e.direct = s;
                    e.have_direct = true;
                }
                continue;
            }
            if (s.type != 0x20) continue;
            e.revoked = e.revoked || revokes(&s, now);
            if (!e.bad.len) self_sig_error(primary, primary, &s, NULL, (Bytes){0}, 0, NULL, &e.bad);
            continue;
        }
        if (!s.has_issuer) continue;
        bool by_primary = memcmp(s.issuer, primary->id, 8) == 0;
        if (!e.bad.len && e.in_uid && e.is_uid && by_primary && ((s.type >= 0x10 && s.type <= 0x13) || s.type == 0x30))
            self_sig_error(primary, primary, &s, NULL, e.uid_bytes, 0xb4, "user ID self-signature invalid", &e.bad);
        if (!e.bad.len && e.in_sub && e.sub_pending && s.type != 0x18 && s.type != 0x28)
            buf_adds(&e.bad, E_STRUCT "subkey signature with wrong type");
        if (!e.bad.len && e.in_sub && (s.type == 0x18 || s.type == 0x28)
            && !self_sig_error(primary, primary, &s, &e.sub, (Bytes){0}, 0x99, "subkey signature invalid", &e.bad)
            && e.sub_pending && s.flags_valid && (s.flags & 2))
            cross_sig_error(&e, &s);
        if (e.in_uid && e.is_uid && by_primary && s.type >= 0x10 && s.type <= 0x13) {
            if (!e.uid.have || s.ctime > e.uid.ctime) {
                Self keep = e.uid;
                e.uid = self_of(&s);
                e.uid.nrev = keep.nrev;
                e.uid.revoked = keep.revoked;
            }
        } else if (e.in_uid && e.is_uid && by_primary && s.type == 0x30) {
            e.uid.nrev++;
            e.uid.revoked = e.uid.revoked || revokes(&s, now);
        } else if (e.in_sub && e.sub_pending && s.type == 0x18 && (!e.bind.have || s.ctime > e.bind.ctime)) {
            e.bind = self_of(&s);
            e.cross_expired = false;
            e.cross_notation = (Bytes){0};
            Pkt ek = {2, s.embedded, false};
            Sig x;
            Buf xe = BUF_INIT;
            if (s.embedded.n && parse_sig(&ek, &x, &xe) == 1) {
                e.cross_expired = sig_expired(x.ctime, x.life, now);
                e.cross_notation = x.notation;
            }
            buf_free(&xe);
        } else if (e.in_sub && e.sub_pending && s.type == 0x28) {
            e.sub.revoked = e.sub.revoked || revokes(&s, now);
        }
    }
    if (rc == 0) end_entity(r, &e, now);
    int out = 0;
    if (rc < 0) {
        out = -1;
    } else if (e.n == 0 && skip.len) {
        buf_add(err, skip.data, skip.len);
        out = -1;
    } else if (e.good == 0 && e.last_bad.len) {
        /* no entity left: ReadKeyRing's last error */
        buf_add(err, e.last_bad.data, e.last_bad.len);
        out = -1;
    }
    buf_free(&skip);
    buf_free(&e.bad);
    buf_free(&e.last_bad);
    return out;
}

/* ---- clear-signed messages (Go's clearsign.Decode) -------------------------------- */

typedef struct Clear {
    Buf bytes;        /* the signed text: lines joined by CRLF, trailing blanks cut */
    Buf plain;        /* the same lines, each ended by LF */
    Buf sig;          /* the armored signature's binary body */
} Clear;

static Bytes get_line(Bytes *d)
{
    const uint8_t *nl = memchr(d->p, '\n', d->n);
    Bytes line;
    if (!nl) {
        line = *d;
        d->p += d->n;
        d->n = 0;
        return line;
    }
    line = (Bytes){d->p, (size_t)(nl - d->p)};
    if (line.n && line.p[line.n - 1] == '\r') line.n--;
    d->n -= (size_t)(nl + 1 - d->p);
    d->p = nl + 1;
    return line;
}

static bool has_prefix(Bytes b, const char *s)
{
    size_t n = strlen(s);
    return b.n >= n && memcmp(b.p, s, n) == 0;
}

static bool is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static Bytes trim(Bytes b)
{
    while (b.n && is_space(b.p[0])) { b.p++; b.n--; }
    while (b.n && is_space(b.p[b.n - 1])) b.n--;
    return b;
}

/* go-crypto's armor.Decode of the signature block; a base64 error is
 * reported later, when the packets are read, as Go's reader would. */
static bool armor_decode(Bytes d, Buf *out, long *bad)
{
    Bytes line;
    for (;;) {
        if (!d.n) return false;
        line = trim(get_line(&d));
        if (line.n > 16 && has_prefix(line, "-----BEGIN ") && memcmp(line.p + line.n - 5, "-----", 5) == 0) break;
    }
    for (;;) {
        if (!d.n) return false;
        line = trim(get_line(&d));
        if (!line.n) break;
        if (!memmem(line.p, line.n, ": ", 2)) return armor_decode(d, out, bad);
    }
    Buf text = BUF_INIT;
    size_t starts[4096], nl = 0;
    while (d.n) {
        line = trim(get_line(&d));
        if (has_prefix(line, "-----END ") || (line.n && line.p[0] == '=')) break;
        if (nl < sizeof starts / sizeof *starts) starts[nl++] = text.len;
        buf_add(&text, line.p, line.n);
    }
    long e = b64_decode(out, text.data ? text.data : "", text.len);
    /* Go's decoder is fed one armor line per read, so its error offset
     * counts from the start of the line that holds the bad byte */
    *bad = -1;
    if (e >= 0) {
        size_t at = (size_t)e, from = 0;
        for (size_t i = 0; i < nl && starts[i] <= at; i++) from = starts[i];
        *bad = (long)(at - from);
    }
    buf_free(&text);
    return true;
}

static const char start_marker[] = "\n-----BEGIN PGP SIGNED MESSAGE-----";

static bool clear_decode(Bytes d, Clear *c, long *bad)
{
    Bytes rest = d;
    const uint8_t *at = NULL;
    if (has_prefix(d, start_marker + 1)) {
        at = d.p + sizeof start_marker - 2;
    } else {
        const uint8_t *f = memmem(d.p, d.n, start_marker, sizeof start_marker - 1);
        if (!f) return false;
        at = f + sizeof start_marker - 1;
    }
    rest = (Bytes){at, (size_t)(d.p + d.n - at)};
    if (get_line(&rest).n) return false;
    for (;;) {
        if (!rest.n) return false;
        Bytes line = get_line(&rest);
        if (!line.n) break;
        for (size_t i = 0; i < line.n; i++)
            if (line.p[i] < 0x20 || line.p[i] > 0x7e) return false;
        const uint8_t *colon = memchr(line.p, ':', line.n);
        if (!colon) return false;
        Bytes key = trim((Bytes){line.p, (size_t)(colon - line.p)});
        if (key.n != 4 || memcmp(key.p, "Hash", 4)) return false;
    }
    bool first = true;
    for (;;) {
        Bytes before = rest;
        Bytes line = get_line(&rest);
        if (!line.n && !rest.n) return false;
        if (line.n == 29 && memcmp(line.p, "-----BEGIN PGP SIGNATURE-----", 29) == 0) {
            rest = before;
            break;
        }
        if (!first) buf_add(&c->bytes, "\r\n", 2);
        first = false;
        if (has_prefix(line, "- ")) { line.p += 2; line.n -= 2; }
        while (line.n && (line.p[line.n - 1] == ' ' || line.p[line.n - 1] == '\t')) line.n--;
        buf_add(&c->bytes, line.p, line.n);
        buf_add(&c->plain, line.p, line.n);
        buf_addc(&c->plain, '\n');
    }
    static const char end[] = "\n-----END PGP SIGNATURE-----";
    const uint8_t *e = memmem(rest.p, rest.n, end, sizeof end - 1);
    if (!e) return false;
    size_t i = (size_t)(e - rest.p) + sizeof end - 1;
    while (i < rest.n && (rest.p[i] == '\r' || rest.p[i] == '\n')) i++;
    return armor_decode((Bytes){rest.p, i}, &c->sig, bad);
}

/* ---- verification ----------------------------------------------------------------- */

static const EVP_MD *md_of(const CryptoLib *L, int h, int *nid)
{
    switch (h) {
    case 2: *nid = NID_sha1; return L->EVP_sha1();
    case 8: *nid = NID_sha256; return L->EVP_sha256();
    case 9: *nid = NID_sha384; return L->EVP_sha384();
    case 10: *nid = NID_sha512; return L->EVP_sha512();
    default: *nid = NID_sha224; return L->EVP_sha224();
    }
}

/* The digest of a signature over `data` (RFC 4880 5.2.4): text
 * signatures hash the data with every lone LF made CRLF, as go-crypto's
 * canonicalTextHash does (after a CR the next byte is never rewritten). */
static bool sig_digest(const CryptoLib *L, const Sig *s, Bytes data, unsigned char *md, unsigned *mdn, int *nid)
{
    Buf h = BUF_INIT;
    buf_add(&h, s->salt.p, s->salt.n);
    if (s->type == 1) {
        int state = 0;
        for (size_t i = 0; i < data.n; i++) {
            uint8_t c = data.p[i];
            if (state == 1) state = 0;
            else if (c == '\r') state = 1;
            else if (c == '\n') { buf_addc(&h, '\r'); }
            buf_addc(&h, (char)c);
        }
    } else {
        buf_add(&h, data.p, data.n);
    }
    buf_add(&h, s->hashed.p, s->hashed.n);
    size_t n = s->hashed.n;
    uint8_t tr[6] = {(uint8_t)s->version, 0xff, (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
    buf_add(&h, tr, 6);
    const EVP_MD *m = md_of(L, s->hash, nid);
    bool ok = L->EVP_Digest(h.data, h.len, md, mdn, m, NULL) == 1;
    buf_free(&h);
    return ok;
}

static bool rsa_verify(const CryptoLib *L, const Key *k, const Sig *s, const unsigned char *md, unsigned mdn, int nid)
{
    size_t kn = k->n.n;
    while (kn && !k->n.p[k->n.n - kn]) kn--;
    if (!kn || s->mpi[0].n > kn) return false;
    RSA *r = L->RSA_new();
    if (!r) return false;
    BIGNUM *n = L->BN_bin2bn(k->n.p, (int)k->n.n, NULL), *e = L->BN_bin2bn(k->e.p, (int)k->e.n, NULL);
    if (!n || !e || L->RSA_set0_key(r, n, e, NULL) != 1) {
        L->BN_free(n);
        L->BN_free(e);
        L->RSA_free(r);
        return false;
    }
    /* Go pads the signature to the modulus' length before checking it */
    unsigned char *sig = calloc(1, kn);
    if (!sig) abort();
    memcpy(sig + kn - s->mpi[0].n, s->mpi[0].p, s->mpi[0].n);
    bool ok = L->RSA_verify(nid, md, mdn, sig, (unsigned)kn, r) == 1;
    free(sig);
    L->RSA_free(r);
    return ok;
}

/* EdDSA signs the digest itself; r and s are 32-byte big-endian halves. */
static bool ed_verify(const CryptoLib *L, const Key *k, const Sig *s, const unsigned char *md, unsigned mdn)
{
    unsigned char raw[64] = {0}, pub[32];
    if (k->algo == A_EDDSA) {
        if (k->point.n != 33 || k->point.p[0] != 0x40) return false;
        memcpy(pub, k->point.p + 1, 32);
        if (s->mpi[0].n > 32 || s->mpi[1].n > 32) return false;
        memcpy(raw + 32 - s->mpi[0].n, s->mpi[0].p, s->mpi[0].n);
        memcpy(raw + 64 - s->mpi[1].n, s->mpi[1].p, s->mpi[1].n);
    } else {
        if (k->point.n != 32 || s->mpi[0].n != 64) return false;
        memcpy(pub, k->point.p, 32);
        memcpy(raw, s->mpi[0].p, 64);
    }
    EVP_PKEY *pk = L->EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
    EVP_MD_CTX *c = pk ? L->EVP_MD_CTX_new() : NULL;
    bool ok = c && L->EVP_DigestVerifyInit(c, NULL, NULL, NULL, pk) == 1
              && L->EVP_DigestVerify(c, raw, 64, md, mdn) == 1;
    if (c) L->EVP_MD_CTX_free(c);
    if (pk) L->EVP_PKEY_free(pk);
    return ok;
}

/* RFC 9580's Ed448: the raw key, the 114-byte signature over the digest */
static bool ed448_verify(const CryptoLib *L, const Key *k, const Sig *s, const unsigned char *md, unsigned mdn)
{
    if (k->point.n != 57 || s->mpi[0].n != 114) return false;
    EVP_PKEY *pk = L->EVP_PKEY_new_raw_public_key(EVP_PKEY_ED448, NULL, k->point.p, 57);
    EVP_MD_CTX *c = pk ? L->EVP_MD_CTX_new() : NULL;
    bool ok = c && L->EVP_DigestVerifyInit(c, NULL, NULL, NULL, pk) == 1
              && L->EVP_DigestVerify(c, s->mpi[0].p, 114, md, mdn) == 1;
    if (c) L->EVP_MD_CTX_free(c);
    if (pk) L->EVP_PKEY_free(pk);
    return ok;
}

/* The OpenSSL curve of an ECDSA key's OID (RFC 6637, RFC 9580), 0 if
 * none go-crypto knows. */
static int curve_nid(Bytes oid)
{
    static const struct { const char *der; size_t n; int nid; } t[] = {
        {"\x2a\x86\x48\xce\x3d\x03\x01\x07", 8, NID_X9_62_prime256v1},
        {"\x2b\x81\x04\x00\x22", 5, NID_secp384r1},
        {"\x2b\x81\x04\x00\x23", 5, NID_secp521r1},
        {"\x2b\x24\x03\x03\x02\x08\x01\x01\x07", 9, NID_brainpoolP256r1},
        {"\x2b\x24\x03\x03\x02\x08\x01\x01\x0b", 9, NID_brainpoolP384r1},
        {"\x2b\x24\x03\x03\x02\x08\x01\x01\x0d", 9, NID_brainpoolP512r1},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (oid.n == t[i].n && memcmp(oid.p, t[i].der, oid.n) == 0) return t[i].nid;
    return 0;
}

static bool ecdsa_verify(const CryptoLib *L, const Key *k, const Sig *s, const unsigned char *md, unsigned mdn)
{
    int nid = curve_nid(k->oid);
    EC_KEY *ec = nid ? L->EC_KEY_new_by_curve_name(nid) : NULL;
    if (!ec) return false;
    bool ok = false;
    ECDSA_SIG *sig = NULL;
    if (L->EC_KEY_oct2key(ec, k->point.p, k->point.n, NULL) == 1 && (sig = L->ECDSA_SIG_new())) {
        BIGNUM *r = L->BN_bin2bn(s->mpi[0].p, (int)s->mpi[0].n, NULL);
        BIGNUM *ss = L->BN_bin2bn(s->mpi[1].p, (int)s->mpi[1].n, NULL);
        if (r && ss && L->ECDSA_SIG_set0(sig, r, ss) == 1) ok = L->ECDSA_do_verify(md, (int)mdn, sig, ec) == 1;
        else { L->BN_free(r); L->BN_free(ss); }
    }
    if (sig) L->ECDSA_SIG_free(sig);
    L->EC_KEY_free(ec);
    return ok;
}

/* Go's dsa.Verify after go-crypto cut the digest to q's length */
static bool dsa_verify(const CryptoLib *L, const Key *k, const Sig *s, const unsigned char *md, unsigned mdn)
{
    BIGNUM *bn[6];
    const Bytes *src[6] = {&k->dsa[0], &k->dsa[1], &k->dsa[2], &k->dsa[3], &s->mpi[0], &s->mpi[1]};
    bool ok = true;
    for (int i = 0; i < 6; i++) {
        bn[i] = L->BN_bin2bn(src[i]->p, (int)src[i]->n, NULL);
        ok = ok && bn[i];
    }
    DSA *d = ok ? L->DSA_new() : NULL;
    DSA_SIG *sig = d ? L->DSA_SIG_new() : NULL;
    if (!sig || L->DSA_set0_pqg(d, bn[0], bn[1], bn[2]) != 1) {
        for (int i = 0; i < 6; i++) L->BN_free(bn[i]);
        if (sig) L->DSA_SIG_free(sig);
        if (d) L->DSA_free(d);
        return false;
    }
    bool r = false;
    if (L->DSA_set0_key(d, bn[3], NULL) != 1) {
        L->BN_free(bn[3]);
        L->BN_free(bn[4]);
        L->BN_free(bn[5]);
    } else if (L->DSA_SIG_set0(sig, bn[4], bn[5]) != 1) {
        L->BN_free(bn[4]);
        L->BN_free(bn[5]);
    } else {
        unsigned q = (unsigned)k->dsa[1].n;
        r = L->DSA_do_verify(md, (int)(mdn > q ? q : mdn), sig, d) == 1;
    }
    L->DSA_SIG_free(sig);
    L->DSA_free(d);
    return r;
}

static int verify_with(const CryptoLib *L, const Key *k, const Sig *s, Bytes data, Buf *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdn = 0;
    int nid;
    bool ok = sig_digest(L, s, data, md, &mdn, &nid);
    /* go-crypto checks the hash tag of v6 signatures only, and first */
    if (s->version == 6 && ok && memcmp(md, s->tag, 2) != 0) {
        buf_adds(err, E_SIG "hash tag doesn't match");
        return -1;
    }
    if (k->algo != s->algo) {
        buf_adds(err, "openpgp: invalid argument: public key and signature use different algorithms");
        return -1;
    }
    switch (k->algo) {
    case A_RSA: case A_RSA_S:
        if (ok && rsa_verify(L, k, s, md, mdn, nid)) return 0;
        buf_adds(err, E_SIG "RSA verification failure");
        return -1;
    case A_EDDSA: case A_ED25519:
        if (ok && ed_verify(L, k, s, md, mdn)) return 0;
        buf_adds(err, k->algo == A_EDDSA ? E_SIG "EdDSA verification failure" : E_SIG "Ed25519 verification failure");
        return -1;
    case A_DSA:
        if (ok && dsa_verify(L, k, s, md, mdn)) return 0;
        buf_adds(err, E_SIG "DSA verification failure");
        return -1;
    case A_ECDSA:
        if (ok && ecdsa_verify(L, k, s, md, mdn)) return 0;
        buf_adds(err, E_SIG "ECDSA verification failure");
        return -1;
    default:
        if (ok && ed448_verify(L, k, s, md, mdn)) return 0;
        /* go-crypto's text, lower case unlike the others */
        buf_adds(err, E_SIG "ed448 verification failure");
        return -1;
    }
}

/* go-crypto's checkSignatureDetails after a good signature: unknown
 * critical notations, then revocation, expiry of the keys, expiry of the
 * signature and of the self-signatures (the reference says "signature
 * expired" for a signature made in the future, "key expired" for a key
 * created in the future). */
static int check_details(const Key *k, const Sig *s, Buf *err)
{
    Bytes n = s->notation.n ? s->notation : k->notation;
    if (n.n) {
        buf_printf(err, E_SIG "unknown critical notation: %.*s", (int)n.n, (const char *)n.p);
        return -1;
    }
    const char *why = k->revoked ? "openpgp: signature made by revoked key"
                      : k->expired ? "openpgp: key expired"
                      : sig_expired(s->ctime, s->life, (int64_t)time(NULL)) || k->sig_expired
                          ? "openpgp: signature expired" : NULL;
    if (!why) return 0;
    buf_adds(err, why);
    return -1;
}

/* go-crypto's CheckDetachedSignature of the clear-signed text. */
static int check_signature(const Ring *r, const Clear *c, long bad, Buf *err)
{
    Bytes in = {(const uint8_t *)(c->sig.data ? c->sig.data : ""), c->sig.len};
    Pkt k;
    int rc;
    while ((rc = pkt_next(&in, &k, err)) == 1) {
        if (k.tag != 2) continue;
        Sig s;
        int p = parse_sig(&k, &s, err);
        if (p < 0 && bad >= 0 && strcmp(err->data ? err->data : "", E_EOF) == 0) break;
        if (p < 0) return -1;
        if (p == 0) continue;
        if (!s.has_issuer) { buf_adds(err, E_STRUCT "signature doesn't have an issuer"); return -1; }
        const Key *found[16];
        size_t nf = 0;
        for (size_t i = 0; i < r->n && nf < 16; i++)
            if (memcmp(r->keys[i].id, s.issuer, 8) == 0 && r->keys[i].can_sign) found[nf++] = &r->keys[i];
        if (!nf) continue;
        if (s.type != 0 && s.type != 1) {
            buf_printf(err, E_UNSUP "unsupported signature type: %d", s.type);
            return -1;
        }
        const CryptoLib *L = cryptolib_get();
        if (!L) { buf_adds(err, "openpgp: libcrypto.so.3 is not available"); return -1; }
        Bytes data = {(const uint8_t *)(c->bytes.data ? c->bytes.data : ""), c->bytes.len};
        for (size_t i = 0; i < nf; i++) {
            buf_clear(err);
            if (verify_with(L, found[i], &s, data, err) == 0) return check_details(found[i], &s, err);
        }
        return -1;
    }
    if (rc < 0 && !(bad >= 0 && strcmp(err->data ? err->data : "", E_EOF) == 0)) return -1;
    if (bad >= 0) {
        buf_clear(err);
        buf_printf(err, "illegal base64 data at input byte %ld", bad);
        return -1;
    }
    buf_adds(err, "openpgp: signature made by unknown entity");
    return -1;
}

/* helm's parseMessageBlock: the `files:` map after the "\n...\n" line. */
static int check_sum(Arena *a, const Clear *c, const char *name, const unsigned char *sum, Buf *err)
{
    const char *t = c->plain.data ? c->plain.data : "";
    const char *sep = memmem(t, c->plain.len, "\n...\n", 5);
    if (!sep) { buf_adds(err, "message block must have at least two parts"); return -1; }
    const char *part = sep + 5;
    const char *next = memmem(part, (size_t)(t + c->plain.len - part), "\n...\n", 5);
    size_t pn = next ? (size_t)(next - part) : (size_t)(t + c->plain.len - part);
    Value doc;
    if (yaml_decode(a, part, pn, V_NIL, &doc, err)) return -1;
    char want[8 + 64 + 1];
    memcpy(want, "sha256:", 7);
    for (int i = 0; i < 32; i++) snprintf(want + 7 + 2 * i, 3, "%02x", sum[i]);
    Value *files = doc.kind == V_MAP ? map_gets(doc.u.m, "files") : NULL;
    Value *v = files && files->kind == V_MAP ? map_gets(files->u.m, name) : NULL;
    if (!v) {
        buf_printf(err, "provenance does not contain a SHA for a file named \"%s\"", name);
        return -1;
    }
    const char *have = v->kind == V_STR ? v->u.s->s : "";
    if (strcmp(have, want) != 0) {
        buf_printf(err, "sha256 sum does not match for %s: \"%s\" != \"%s\"", name, have, want);
        return -1;
    }
    return 0;
}

int fetch_pgp_verify(Arena *a, const char *ring, size_t rn, const char *prov, size_t pn, const char *archive,
                     size_t an, const char *name, Buf *err)
{
    Ring r = {0};
    Clear c = {BUF_INIT, BUF_INIT, BUF_INIT};
    long bad = -1;
    int rc = -1;
    Buf e = BUF_INIT;
    if (read_ring((Bytes){(const uint8_t *)ring, rn}, &r, &e)) {
        buf_printf(err, "failed to load keyring: %s", e.data ? e.data : "");
        goto out;
    }
    if (!clear_decode((Bytes){(const uint8_t *)prov, pn}, &c, &bad)) {
        buf_adds(err, "signature block not found");
        goto out;
    }
    if (check_signature(&r, &c, bad, err)) goto out;
    unsigned char sum[DIGEST_SHA256_LEN];
    digest_sha256(archive, an, sum);
    rc = check_sum(a, &c, name, sum, err);
out:
    buf_free(&e);
    buf_free(&c.bytes);
    buf_free(&c.plain);
    buf_free(&c.sig);
    free(r.keys);
    return rc;
}

/* ---- helm's VerifyChart ----------------------------------------------------------- */

static const char *default_keyring(Arena *a)
{
    const char *g = getenv("GNUPGHOME");
    if (g) return *g ? arena_printf(a, "%s/pubring.gpg", g) : "pubring.gpg";
    const char *h = getenv("HOME");
    return h && *h ? arena_printf(a, "%s/.gnupg/pubring.gpg", h) : ".gnupg/pubring.gpg";
}

int fetch_verify_chart(Arena *a, const char *shown, const char *path, const char *prov, const char *keyring, Buf *err)
{
    struct stat st;
    if (stat(path, &st) != 0) { buf_printf(err, "stat %s: %s", shown, go_errno_text(errno)); return -1; }
    if (S_ISDIR(st.st_mode)) { buf_adds(err, "unpacked charts cannot be verified"); return -1; }
    const char *base = strrchr(shown, '/');
    base = base ? base + 1 : shown;
    const char *dot = strrchr(base, '.');
    if (!dot || strcasecmp(dot, ".tgz") != 0) { buf_adds(err, "chart must be a tgz file"); return -1; }
    if (stat(prov, &st) != 0) {
        buf_printf(err, "could not load provenance file %s: stat %s: %s", prov, prov, go_errno_text(errno));
        return -1;
    }
    if (!keyring) keyring = default_keyring(a);
    Buf ring = BUF_INIT, pv = BUF_INIT, ar = BUF_INIT, e = BUF_INIT;
    int rc = -1;
    if (ffile_read(keyring, &ring, &e)) {
        buf_printf(err, "failed to load keyring: %s", e.data);
    } else if (ffile_read(prov, &pv, err) == 0 && ffile_read(path, &ar, err) == 0) {
        rc = fetch_pgp_verify(a, ring.data ? ring.data : "", ring.len, pv.data ? pv.data : "", pv.len,
                              ar.data ? ar.data : "", ar.len, base, err);
    }
    buf_free(&ring);
    buf_free(&pv);
    buf_free(&ar);
    buf_free(&e);
    return rc;
}
