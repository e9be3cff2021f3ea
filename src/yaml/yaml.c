/*
 * yaml.c - reading YAML exactly as helm does.
 *
 * helm reads YAML through sigs.k8s.io/yaml: go-yaml v2 decodes the text into
 * interface{} (YAML 1.1 resolution), the result is made JSON-able (map keys
 * stringified), marshalled to JSON and decoded again.  We fuse those steps:
 * libyaml (of which go-yaml v2 is a port) parses the text into a node tree,
 * and one walk resolves scalars as go-yaml v2 does and applies the JSON
 * round trip's effects directly (every number becomes float64, keys become
 * strings, +Inf/NaN fail, invalid UTF-8 from !!binary becomes U+FFFD).
 *
 * Values files are first cut into documents by apimachinery's YAMLReader
 * (lines starting with "---"), each decoded alone and deep-merged, which is
 * why error line numbers count from the start of the failing document.
 *
 * Hostile input stays bounded: the tree lives in a scratch arena, nesting
 * beyond go-yaml's 10000 levels fails with its message, and alias expansion
 * is limited by go-yaml's own "excessive aliasing" ratio rule.
 */
#include "yaml.h"
#include "yamlint.h"
#include "ynode.h"
#include "../value/fmt.h"
#include "../util/base64.h"

#include <errno.h>
#include <math.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 10000     /* go-yaml v2 max_flow_level / max_indents */
#define MAX_BLOCK (MAX_DEPTH + 1)  /* the indent stack also holds the -1 base */
#define DECODE_DEPTH 20000  /* our C recursion bound (aliases can stack) */


typedef struct Anchor {
    const char *name;
    YNode *node;
    struct Anchor *next;
} Anchor;

#define ANCHOR_BUCKETS 256

typedef struct Decoder {
    Arena *out;             /* values */
    Arena tmp;              /* tree */
    Buf *err;
    int failed;
    Anchor *anchors[ANCHOR_BUCKETS];
    long decode_count, alias_count;
    int alias_depth;
    int depth;
    /* sigs.k8s.io/yaml converts after go-yaml decoded everything, so its
     * errors lose to go-yaml's: keep the first and report it at the end. */
    char *late_key, *late_json;
    int in_key;
    /* late_key came from this map's nil key (late_u == 0) or uint64 key
     * late_u: a later duplicate replaces the value go-yaml reports */
    const Map *late_map;
    uint64_t late_u;
    /* stand-ins for ':' and U+FEFF that libyaml must read as plain
     * characters (see parse_tree); nsub of them in use */
    struct { char ph[3]; char orig[3]; uint8_t origlen; } sub[2];
    int nsub, colon;        /* colon: sub[] index of ':' + 1, 0 = none */
    bool probe;             /* parsing a prefix for qmark_before */
    bool nofast;            /* libyaml even for the plain subset (tests) */
    bool ascii;             /* the fast path read the text: every scalar is ASCII */
    /* Decoding a manifest head (YAML_WANT_HEAD): head_next is the place in
     * helm's SimpleHead of the value decoded next (HC_*), str_target set
     * while a scalar bound for one of its string fields is decoded. */
    uint8_t head_next;
    bool str_target;
} Decoder;

/* Places in SimpleHead {apiVersion, kind string; metadata *{name string;
 * annotations map[string]string}} as sigs.k8s.io/yaml walks it. */
enum { HC_NONE, HC_TOP, HC_META, HC_ANN, HC_STR };

static const char TAG_PREFIX[] = "tag:yaml.org,2002:";

/* ---- errors ---------------------------------------------------------- */

static int fail(Decoder *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(Decoder *d, const char *fmt, ...)
{
    if (d->failed) return -1;
    d->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(d->err, fmt, ap);
    va_end(ap);
    return -1;
}

static void late(Decoder *d, char **slot, const char *msg)
{
    if (!*slot) *slot = arena_strdup(&d->tmp, msg);
}

/* go-yaml v2 parser.fail(): parser errors report the 0-based problem line
 * (so one less than the real line), scanner errors the 1-based one, and a
 * problem on the first line reports no line at all. */
static void libyaml_error(Decoder *d, yaml_parser_t *p)
{
    size_t line = 0;
    if (p->problem_mark.line != 0) {
        line = p->problem_mark.line;
        if (p->error == YAML_SCANNER_ERROR) line++;
    } else if (p->context_mark.line != 0) {
        line = p->context_mark.line;
    }
    const char *msg = p->problem ? p->problem : "unknown problem parsing YAML content";
    if (p->error == YAML_MEMORY_ERROR) msg = "out of memory";
    if (line) fail(d, "yaml: line %zu: %s", line, msg);
    else fail(d, "yaml: %s", msg);
}

/* ---- building the tree ------------------------------------------------ */

static uint32_t anchor_hash(const char *s)
{
    return str_hash_bytes(s, strlen(s)) % ANCHOR_BUCKETS;
}

static void anchor_set(Decoder *d, const char *name, YNode *n)
{
    Anchor *a = ARENA_NEW(&d->tmp, Anchor);
    if (!a) return;
    a->name = name;
    a->node = n;
    uint32_t h = anchor_hash(name);
    a->next = d->anchors[h];
    d->anchors[h] = a;
}

static YNode *anchor_get(Decoder *d, const char *name)
{
    for (Anchor *a = d->anchors[anchor_hash(name)]; a; a = a->next)
        if (strcmp(a->name, name) == 0) return a->node;
    return NULL;
}

/* Children waiting for their collection's end event. */
typedef struct Pending {
    YNode **v;
    size_t len, cap;
} Pending;

static int pending_push(Pending *p, YNode *n)
{
    if (p->len == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        YNode **v = realloc(p->v, cap * sizeof *v);
        if (!v) return -1;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->len++] = n;
    return 0;
}

static const char *tmp_str(Decoder *d, const yaml_char_t *s)
{
    return s ? arena_strdup(&d->tmp, (const char *)s) : NULL;
}

/* libyaml 0.2.5 accepts the YAML 1.2 escape "\/" in double-quoted
 * scalars; go-yaml v2 (ported from an older libyaml) rejects it with
 * "found unknown escape character".  Find the first such escape: scan the
 * tokens, and walk each double-quoted scalar's source from its start mark. */
static bool find_slash_escape(const char *text, size_t n, yaml_mark_t *at)
{
    yaml_parser_t p;
    yaml_token_t tok;
    bool found = false, done = false;
    if (!yaml_parser_initialize(&p)) return false;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
    while (!found && !done && yaml_parser_scan(&p, &tok)) {
        done = tok.type == YAML_STREAM_END_TOKEN || tok.type == YAML_NO_TOKEN;
        if (tok.type == YAML_SCALAR_TOKEN && tok.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
            /* marks count characters: find the byte of (line, column) */
            size_t i = 0, line = 0, col = 0;
            uint32_t cp;
            while (i < n && line < tok.start_mark.line) {
                if (text[i] == '\n') line++;
                i++;
            }
            while (i < n && col < tok.start_mark.column) {
                size_t l = yaml_utf8_len(text + i, n - i, &cp);
                i += l ? l : 1;
                col++;
            }
            size_t eline = line;
            for (i++; i < n && text[i] != '"'; i++) {
                if (text[i] == '\n') eline++;
                if (text[i] != '\\' || i + 1 >= n) continue;
                if (text[i + 1] == '/') {
                    found = true;
                    at->line = eline;
                    at->column = 0;
                    break;
                }
                i++;
            }
        }
        yaml_token_delete(&tok);
    }
    yaml_parser_delete(&p);
    return found;
}

/* ---- go-yaml v2's flow plain scalars ----------------------------------
 *
 * go-yaml v2's scanner differs from libyaml 0.2.5 inside flow collections:
 * a plain scalar ends at '?' (which then scans as a key indicator, so the
 * parser fails at it: helm reads [a?b] as "did not find expected ',' or
 * ']'"), and ':' followed by one of ",?[]{}" belongs to the scalar (helm
 * reads [x:] as ["x:"] where libyaml stops with "found unexpected ':'").
 * We let libyaml find each such spot, rewrite the text so libyaml sees
 * what go-yaml does, and parse again: the ':' becomes a private-use
 * character that decoding turns back into ':', the '?' a closing bracket
 * of the other kind, which fails in the parser state and at the position
 * where go-yaml's key token does.  Both stand-ins are one character, so
 * every line and column stays go-yaml's. */

enum { FIX_NONE, FIX_COLON, FIX_QMARK };

typedef struct Fix {
    int kind;
    size_t at;          /* byte offset in the text */
    char closer;        /* FIX_QMARK: the bracket that replaces '?' */
} Fix;

/* libyaml marks count characters after a leading BOM; this turns them
 * into byte offsets, walking forward from the previous answer. */
typedef struct Cursor {
    const char *text;
    size_t n, ci, bi;
} Cursor;

static size_t cursor_byte(Cursor *c, size_t ci)
{
    if (ci < c->ci) {
        c->ci = 0;
        c->bi = c->n >= 3 && memcmp(c->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    }
    uint32_t cp;
    while (c->ci < ci && c->bi < c->n) {
        size_t l = yaml_utf8_len(c->text + c->bi, c->n - c->bi, &cp);
        c->bi += l ? l : 1;
        c->ci++;
    }
    return c->bi;
}

static int parse_once(Decoder *d, const char *text, size_t n, YNode **root, Fix *fx);

/* libyaml failed at byte `end` after scanning tokens it had not yet turned
 * into events; go-yaml would already have failed at a '?' among them. */
static void qmark_before(const char *text, size_t end, Fix *fx)
{
    if (!memchr(text, '?', end)) return;
    Decoder pd;
    memset(&pd, 0, sizeof pd);
    Buf perr = BUF_INIT;
    pd.err = &perr;
    pd.probe = true;
    arena_init(&pd.tmp);
    YNode *root;
    Fix pf;
    parse_once(&pd, text, end, &root, &pf);
    if (pf.kind == FIX_QMARK) *fx = pf;
    arena_free(&pd.tmp);
    buf_free(&perr);
}

static void unplaceholder(Decoder *d, YNode *node)
{
    char *s = (char *)node->s;
    size_t j = 0;
    for (size_t i = 0; i < node->n;) {
        int k = 0;
        while (k < d->nsub && !(i + 3 <= node->n && memcmp(s + i, d->sub[k].ph, 3) == 0)) k++;
        if (k < d->nsub) {
            memcpy(s + j, d->sub[k].orig, d->sub[k].origlen);
            j += d->sub[k].origlen;
            i += 3;
        } else {
            s[j++] = s[i++];
        }
    }
    s[j] = 0;
    node->n = j;
}

/* Parse the first document of text into a tree; *root = NULL for an empty
 * stream.  Returns 0 or -1 with the error set, or -1 with fx->kind set
 * (and no error) when go-yaml would read the text differently. */
static int parse_once(Decoder *d, const char *text, size_t n, YNode **root, Fix *fx)
{
    yaml_parser_t p;
    yaml_event_t ev;
    Pending pend = {0};
    /* starts[k] = index in pend where the k-th open collection's kids begin */
    size_t *starts = NULL, nstarts = 0, capstarts = 0;
    YNode **open = NULL;
    int rc = -1, done = 0;
    size_t flow = 0, block = 0;
    bool *is_flow = NULL;
    char *closer = NULL;    /* per open collection: what replaces a '?' in it */
    Cursor cur = {text, n, (size_t)-1, 0};

    *root = NULL;
    fx->kind = FIX_NONE;
    memset(d->anchors, 0, sizeof d->anchors);
    yaml_mark_t esc = {0, 0, 0};
    bool has_esc = mem_find_fixed(text, n, "\\/", 2) && find_slash_escape(text, n, &esc);
    if (!yaml_parser_initialize(&p)) return fail(d, "yaml: out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            if (has_esc && esc.line <= p.problem_mark.line) break;
            if (p.error == YAML_SCANNER_ERROR && p.problem && strcmp(p.problem, "found unexpected ':'") == 0) {
                fx->kind = FIX_COLON;
                fx->at = cursor_byte(&cur, p.problem_mark.index);
            } else if (p.error == YAML_SCANNER_ERROR && !d->probe) {
                /* tokens scanned ahead of the failure never became events */
                qmark_before(text, cursor_byte(&cur, p.problem_mark.index), fx);
            }
            if (fx->kind == FIX_NONE) libyaml_error(d, &p);
            goto out;
        }
        YNode *node = NULL;
        const yaml_char_t *anchor = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
        case YAML_DOCUMENT_END_EVENT:
            done = 1;
            break;
        case YAML_ALIAS_EVENT:
            node = ARENA_NEW(&d->tmp, YNode);
            if (!node) break;
            node->kind = N_ALIAS;
            node->name = tmp_str(d, ev.data.alias.anchor);
            node->target = anchor_get(d, node->name);
            if (!node->target) {
                fail(d, "yaml: unknown anchor '%s' referenced", node->name);
                yaml_event_delete(&ev);
                goto out;
            }
            break;
        case YAML_SCALAR_EVENT:
            node = ARENA_NEW(&d->tmp, YNode);
            if (!node) break;
            node->kind = N_SCALAR;
            node->tag = tmp_str(d, ev.data.scalar.tag);
            node->implicit = ev.data.scalar.plain_implicit;
            node->n = ev.data.scalar.length;
            node->s = arena_strndup(&d->tmp, (const char *)ev.data.scalar.value, node->n);
            anchor = ev.data.scalar.anchor;
            if (flow && ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && node->s && memchr(node->s, '?', node->n)) {
                if (has_esc && esc.line <= ev.start_mark.line) {
                    yaml_event_delete(&ev);
                    goto escape;
                }
                size_t b = cursor_byte(&cur, ev.start_mark.index), e = cursor_byte(&cur, ev.end_mark.index);
                const char *q = memchr(text + b, '?', e - b);
                if (q) {
                    fx->kind = FIX_QMARK;
                    fx->at = (size_t)(q - text);
                    fx->closer = closer[nstarts - 1];
                    yaml_event_delete(&ev);
                    goto out;
                }
            }
            if (node->s && d->nsub) unplaceholder(d, node);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            node = ARENA_NEW(&d->tmp, YNode);
            if (!node) break;
            if (ev.type == YAML_SEQUENCE_START_EVENT) {
                node->kind = N_SEQ;
                node->tag = tmp_str(d, ev.data.sequence_start.tag);
                anchor = ev.data.sequence_start.anchor;
                node->implicit = ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
            } else {
                node->kind = N_MAP;
                node->tag = tmp_str(d, ev.data.mapping_start.tag);
                anchor = ev.data.mapping_start.anchor;
                node->implicit = ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
            }
            break;
        default:
            break;
        }
        if ((ev.type == YAML_ALIAS_EVENT || ev.type == YAML_SCALAR_EVENT ||
             ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) && !node) {
            yaml_event_delete(&ev);
            fail(d, "yaml: out of memory");
            goto out;
        }
        if (node) {
            if (anchor) anchor_set(d, tmp_str(d, anchor), node);
            if (nstarts) {
                if (pending_push(&pend, node)) { yaml_event_delete(&ev); fail(d, "yaml: out of memory"); goto out; }
            } else if (!*root) {
                *root = node;
            }
            if (node->kind == N_SEQ || node->kind == N_MAP) {
                /* go-yaml v2's scanner allows 10000 flow levels and 10001
                 * block ones (its indent stack counts from -1); the error
                 * has no line when it is on the first line. */
                bool fl = node->implicit;
                if (fl ? flow >= MAX_DEPTH : block >= MAX_BLOCK) {
                    size_t line = ev.start_mark.line;
                    yaml_event_delete(&ev);
                    if (line) fail(d, "yaml: line %zu: exceeded max depth of %d", line + 1, MAX_DEPTH);
                    else fail(d, "yaml: exceeded max depth of %d", MAX_DEPTH);
                    goto out;
                }
                if (nstarts == capstarts) {
                    size_t cap = capstarts ? capstarts * 2 : 32;
                    size_t *s2 = realloc(starts, cap * sizeof *s2);
                    YNode **o2 = s2 ? realloc(open, cap * sizeof *o2) : NULL;
                    bool *f2 = o2 ? realloc(is_flow, cap * sizeof *f2) : NULL;
                    char *c2 = f2 ? realloc(closer, cap * sizeof *c2) : NULL;
                    if (s2) starts = s2;
                    if (o2) open = o2;
                    if (f2) is_flow = f2;
                    if (c2) closer = c2;
                    if (!s2 || !o2 || !f2 || !c2) { yaml_event_delete(&ev); fail(d, "yaml: out of memory"); goto out; }
                    capstarts = cap;
                }
                if (fl) flow++;
                else block++;
                /* a flow sequence fails on '}', a flow mapping on ']'; the
                 * single-pair mapping of [a: b] is its sequence's */
                if (!fl) closer[nstarts] = 0;
                else if (node->kind == N_SEQ) closer[nstarts] = '}';
                else if (cursor_byte(&cur, ev.start_mark.index) < n && text[cur.bi] == '{') closer[nstarts] = ']';
                else closer[nstarts] = nstarts ? closer[nstarts - 1] : ']';
                is_flow[nstarts] = fl;
                starts[nstarts] = pend.len;
                open[nstarts++] = node;
            }
        }
        if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            YNode *c = open[--nstarts];
            if (is_flow[nstarts]) flow--;
            else block--;
            size_t k = pend.len - starts[nstarts];
            c->nkids = (uint32_t)k;
            c->kids = k ? ARENA_NEWN(&d->tmp, YNode *, k) : NULL;
            if (k && !c->kids) { yaml_event_delete(&ev); fail(d, "yaml: out of memory"); goto out; }
            if (k) memcpy(c->kids, pend.v + starts[nstarts], k * sizeof *c->kids);
            pend.len = starts[nstarts];
        }
        yaml_event_delete(&ev);
    }
escape:
    if (has_esc) {
        if (esc.line) fail(d, "yaml: line %zu: found unknown escape character", esc.line + 1);
        else fail(d, "yaml: found unknown escape character");
        goto out;
    }
    rc = 0;
out:
    free(pend.v);
    free(starts);
    free(open);
    free(is_flow);
    free(closer);
    yaml_parser_delete(&p);
    return rc;
}

/* Rewrites cost a parse each: past this many bytes parsed in all, the
 * text is reported as libyaml reads it. */
#define FIX_BUDGET ((size_t)64 << 20)

/* A private-use character absent from text stands for orig; returns its
 * sub[] index + 1, or 0 when none is free. */
static int add_sub(Decoder *d, const char *text, size_t n, const char *orig, size_t origlen)
{
    if (d->nsub == 2) return 0;
    for (uint32_t cp = 0xE000; cp < 0xF900; cp++) {
        char u[3] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F))};
        if (memmem(text, n, u, 3) || (d->nsub && memcmp(d->sub[0].ph, u, 3) == 0)) continue;
        memcpy(d->sub[d->nsub].ph, u, 3);
        memcpy(d->sub[d->nsub].orig, orig, origlen);
        d->sub[d->nsub].origlen = (uint8_t)origlen;
        return ++d->nsub;
    }
    return 0;
}

/* Does a libyaml line break (\n, \r, NEL, LS, PS) end just before text[at]? */
static bool after_break(const char *text, size_t at)
{
    unsigned char b1 = at > 0 ? (unsigned char)text[at - 1] : 0;
    return b1 == '\n' || b1 == '\r' ||
           (at >= 2 && b1 == 0x85 && (unsigned char)text[at - 2] == 0xC2) ||
           (at >= 3 && (b1 == 0xA8 || b1 == 0xA9) && memcmp(text + at - 3, "\xE2\x80", 2) == 0);
}

/* ---- go-yaml v2's BOM at the start of its buffer -------------------------
 * go-yaml's scanner means to skip a BOM at the start of a line, but its
 * is_bom(b, i) reads b[0..3), the start of its decoded buffer, not b[i].
 * While that buffer starts with a BOM, every time scan_to_next_token
 * stands at column 0 it skips the character there, whatever it is (the
 * reference reads BOM BOM "a: 1\nXb: 2" as {a: 1, b: 2}, and BOM BOM
 * "a: 1\nb: 2" fails with "did not find expected key").  It stands at
 * column 0 on every line it reaches itself (blank and comment lines too)
 * and on a line a plain or block scalar stopped at before any indentation;
 * lines inside scalars are the scalars'.
 *
 * The buffer starts with a BOM when the stream starts with two (the reader
 * consumes the first), and again whenever the reader moves the unread
 * characters to the front and the scanner stands on a BOM: it does so when
 * a cache() call finds too few characters decoded, and it decodes 512 raw
 * bytes at a time (a BOM in bytes 509-511 of a plain scalar turns the
 * quirk on for the next lines in the reference).
 *
 * Emulated with libyaml, whose reader and scanner are the same algorithm:
 * its reader is fed 512 of go-yaml's bytes per read, so it moves its buffer
 * where go-yaml does, and each read records where the scanner stood and
 * whether that character is a BOM.  Line by line, the scanner then tells
 * whether go-yaml stands at column 0 there, and each character go-yaml
 * skips is replaced by a BOM: it ends a scalar as that character did, and
 * libyaml's own (correct) check skips it at column 0.  Characters are
 * replaced one for one, so lines, columns and libyaml's character indexes
 * stay go-yaml's.  Not followed: moves near the end of the stream (the
 * reader has nothing more to read there), lines past the first 64 KiB or
 * the first QUIRK_LINES lines after the quirk first holds, and
 * a top-level plain scalar stopped by a comment or "---" at column 0 (a
 * BOM there would not stop it). */

#define GOYAML_RAW_CHUNK 512
#define QUIRK_REGION ((size_t)64 << 10)
#define QUIRK_LINES 2048   /* lines decided at most (each scans from the start) */

static const char bom_bytes[] = "\xEF\xBB\xBF";

/* Byte offset of libyaml's character index ci in t (counted after a
 * leading BOM) */
static size_t char_byte(const char *t, size_t n, size_t ci)
{
    size_t b = n >= 3 && memcmp(t, bom_bytes, 3) == 0 ? 3 : 0;
    uint32_t cp;
    for (; ci > 0 && b < n; ci--) {
        size_t l = yaml_utf8_len(t + b, n - b, &cp);
        b += l ? l : 1;
    }
    return b;
}

typedef struct Move {
    size_t index;          /* where the scanner stood */
    bool bom;              /* on a BOM: the buffer starts with one */
    bool emptied;          /* nothing was left unread (a cache(1) call) */
} Move;

/* go-yaml's characters skipped so far, by their offset in the original */
typedef struct Skips {
    size_t *orig, *at;     /* original offset; offset in the rewritten text */
    uint8_t *width;        /* the original character's bytes */
    size_t n, cap;
} Skips;

typedef struct Feed {
    yaml_parser_t *p;
    const char *t;
    const char *standin;   /* stands for a BOM libyaml must not skip */
    size_t n, served, reads;
    size_t ci, bi;         /* a character index and its byte offset: the
                              scanner only moves forward */
    const Skips *sk;
    Move *mv;
    size_t nmv, cap;
    bool oom;
} Feed;

/* The offset in the rewritten text of original offset o */
static size_t feed_map(const Skips *sk, size_t o)
{
    size_t m = o;
    for (size_t i = 0; i < sk->n && sk->orig[i] < o; i++) m += 3 - sk->width[i];
    return m;
}

static int feed_read(void *data, unsigned char *buf, size_t size, size_t *got)
{
    Feed *f = data;
    if (f->reads) {
        size_t ci = f->p->mark.index;
        uint32_t cp;
        if (ci < f->ci) f->ci = 0, f->bi = char_byte(f->t, f->n, 0);
        for (; f->ci < ci && f->bi < f->n; f->ci++) {
            size_t l = yaml_utf8_len(f->t + f->bi, f->n - f->bi, &cp);
            f->bi += l ? l : 1;
        }
        size_t b = f->bi;
        if (f->nmv == f->cap) {
            size_t nc = f->cap ? f->cap * 2 : 8;
            Move *m = realloc(f->mv, nc * sizeof *m);
            if (!m) { f->oom = true; *got = 0; return 0; }
            f->mv = m;
            f->cap = nc;
        }
        bool bom = b + 3 <= f->n && (memcmp(f->t + b, bom_bytes, 3) == 0 || memcmp(f->t + b, f->standin, 3) == 0);
        f->mv[f->nmv++] = (Move){ci, bom, f->p->unread == 0};
    }
    f->reads++;
    size_t limit = feed_map(f->sk, f->reads * GOYAML_RAW_CHUNK);
    if (limit > f->n) limit = f->n;
    size_t k = limit > f->served ? limit - f->served : 0;
    if (k > size) k = size;
    memcpy(buf, f->t + f->served, k);
    f->served += k;
    *got = k;
    return 1;
}

typedef struct LineScan {
    size_t si, ei;         /* the last token that consumed input before the line */
    bool plain, any;
    bool active;           /* go-yaml's buffer starts with a BOM there */
} LineScan;

/* Scan t (go-yaml's buffer starting with a BOM at first when `init`) up to
 * character `line`, or to the end when line is (size_t)-1; false when the
 * scanner fails first.  The moves are left in f. */
static bool scan_line(Feed *f, const char *t, size_t n, const Skips *sk, size_t line, bool init, LineScan *ls)
{
    yaml_parser_t p;
    yaml_token_t tok;
    memset(ls, 0, sizeof *ls);
    *f = (Feed){&p, t, f->standin, n, 0, 0, 0, char_byte(t, n, 0), sk, f->mv, 0, f->cap, false};
    if (!yaml_parser_initialize(&p)) return false;
    yaml_parser_set_input(&p, feed_read, f);
    bool ok = true;
    for (;;) {
        if (!yaml_parser_scan(&p, &tok)) { ok = false; break; }
        yaml_token_type_t type = tok.type;
        size_t s0 = tok.start_mark.index, e0 = tok.end_mark.index;
        bool pl = type == YAML_SCALAR_TOKEN && tok.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        yaml_token_delete(&tok);
        if (type == YAML_STREAM_END_TOKEN) break;
        if (e0 == s0) continue;
        if (s0 >= line) break;
        ls->si = s0;
        ls->ei = e0;
        ls->plain = pl;
        ls->any = true;
    }
    yaml_parser_delete(&p);
    ls->active = init;
    for (size_t i = 0; i < f->nmv; i++)
        if (f->mv[i].index < line || (f->mv[i].index == line && f->mv[i].emptied)) ls->active = f->mv[i].bom;
    return ok && !f->oom;
}

static size_t yaml_break_len(const char *t, size_t n, size_t i)
{
    unsigned char c = (unsigned char)t[i];
    if (c == '\r') return i + 1 < n && t[i + 1] == '\n' ? 2 : 1;
    if (c == '\n') return 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] == 0x85) return 2;
    if (c == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x80 &&
        ((unsigned char)t[i + 2] == 0xA8 || (unsigned char)t[i + 2] == 0xA9)) return 3;
    return 0;
}

/* Does go-yaml skip the character at line start ls (byte; character lc)?
 * -1: the scanner failed before it.  0 with *inside set: the line lies in
 * a token that ends at character *inside (so do the lines up to it). */
static int skips_line_start(Feed *f, const char *t, size_t n, const Skips *sk, size_t ls, size_t lc, bool init,
                            size_t *inside)
{
    LineScan sc;
    *inside = 0;
    if (!scan_line(f, t, n, sk, lc, init, &sc)) return -1;
    if (sc.any && sc.ei > lc) {
        *inside = sc.ei;
        return 0;
    }
    if (!sc.active) return 0;
    if (!sc.any || !sc.plain) return 1;
    /* a plain scalar goes on over blanks and breaks and stops at the first
     * other character (or a comment) */
    size_t i = char_byte(t, n, sc.ei);
    while (i < n) {
        size_t step = t[i] == ' ' || t[i] == '\t' ? 1 : yaml_break_len(t, n, i);
        if (!step) break;
        i += step;
    }
    return i <= ls;
}

static bool skips_add(Skips *sk, size_t orig, size_t at, size_t w)
{
    if (sk->n == sk->cap) {
        size_t nc = sk->cap ? sk->cap * 2 : 16;
        size_t *o = realloc(sk->orig, nc * sizeof *o), *a2 = o ? realloc(sk->at, nc * sizeof *a2) : NULL;
        if (o) sk->orig = o;
        if (a2) sk->at = a2;
        uint8_t *wd = a2 ? realloc(sk->width, nc) : NULL;
        if (!wd) return false;
        sk->width = wd;
        sk->cap = nc;
    }
    sk->orig[sk->n] = orig;
    sk->at[sk->n] = at;
    sk->width[sk->n++] = (uint8_t)w;
    return true;
}

/* Might go-yaml's buffer ever start with a BOM?  Two at the stream's start,
 * or one where a move can leave the scanner (the last characters the
 * reader has decoded before a 512-byte boundary). */
static bool bom_quirk_suspect(const char *text, size_t n, bool *init)
{
    *init = n >= 6 && memcmp(text, bom_bytes, 3) == 0 && memcmp(text + 3, bom_bytes, 3) == 0;
    if (*init) return true;
    for (const char *p = text + 1; p < text + n && (p = memmem(p, n - (size_t)(p - text), bom_bytes, 3)); p++) {
        size_t off = (size_t)(p - text), next = (off / GOYAML_RAW_CHUNK + 1) * GOYAML_RAW_CHUNK;
        size_t prev = off / GOYAML_RAW_CHUNK * GOYAML_RAW_CHUNK;
        if (((next - off <= 16 && next < n) || (prev && off - prev < 4)) && off < QUIRK_REGION) return true;
    }
    return false;
}

/* A 3-byte character the text does not hold, to stand for the BOMs at line
 * starts while scanning: go-yaml reads them as content (unless its buffer
 * starts with a BOM), libyaml would skip them; false if none is free. */
static bool pick_standin(const char *text, size_t n, char out[3])
{
    for (uint32_t cp = 0xE000; cp < 0xE100; cp++) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        if (!memmem(text, n, out, 3)) return true;
    }
    return false;
}

/* The text go-yaml's quirk makes of text, in *out, with the offsets of the
 * BOMs written for skipped characters in *keep (line_boms must leave them
 * to libyaml); false when go-yaml's buffer never starts with a BOM. */
static bool bom_quirk(const char *text, size_t n, Buf *out, Skips *keep)
{
    bool init;
    char standin[3];
    if (!bom_quirk_suspect(text, n, &init) || !pick_standin(text, n, standin)) return false;
    size_t start = n >= 3 && memcmp(text, bom_bytes, 3) == 0 ? 3 : 0;
    buf_add(out, text, n);
    for (char *p = out->data + start; (p = memmem(p, out->len - (size_t)(p - out->data), bom_bytes, 3)); p += 3)
        if (p > out->data + start && after_break(out->data, (size_t)(p - out->data))) memcpy(p, standin, 3);
    Feed f = {0};
    f.standin = standin;
    LineScan sc;
    scan_line(&f, out->data, out->len, keep, (size_t)-1, init, &sc);
    size_t first = (size_t)-1, last = 0;
    if (init) first = 0;
    for (size_t i = 0; i < f.nmv; i++)
        if (f.mv[i].bom) {
            if (first == (size_t)-1) first = f.mv[i].index;
            last = f.mv[i].index;
        }
    if (first == (size_t)-1) {
        free(f.mv);
        buf_free(out);
        return false;
    }
    /* the lines to decide: from where the quirk first holds to a chunk
     * past where it last comes on */
    size_t stop = last + 2 * GOYAML_RAW_CHUNK;
    if (stop > QUIRK_REGION) stop = QUIRK_REGION;
    size_t i = n >= 3 && memcmp(text, bom_bytes, 3) == 0 ? 3 : 0, lc = 0, shift = 0;
    bool at_line = false;
    uint32_t cp;
    int decided = 0;
    while (i < out->len && lc < stop) {
        if (!at_line) {
            size_t bl = yaml_break_len(out->data, out->len, i);
            if (!bl) {
                size_t l = yaml_utf8_len(out->data + i, out->len - i, &cp);
                i += l ? l : 1;
                lc++;
                continue;
            }
            i += bl;
            lc += bl == 2 && out->data[i - 2] == '\r' ? 2 : 1;
        }
        at_line = false;
        if (i >= out->len || lc < first) continue;
        if (++decided > QUIRK_LINES) break;
        size_t inside;
        int skip = skips_line_start(&f, out->data, out->len, keep, i, lc, init, &inside);
        if (skip < 0) break;
        if (inside) {
            /* a long scalar is scanned once, not once per line; where it
             * ends may start a line */
            i = char_byte(out->data, out->len, inside);
            lc = inside;
            at_line = after_break(out->data, i);
            continue;
        }
        if (!skip) continue;
        size_t w = yaml_utf8_len(out->data + i, out->len - i, &cp);
        if (!w) w = 1;
        if (!skips_add(keep, i - shift, i, w)) break;
        if (w != 3) {
            /* one character for another: the bytes move */
            Buf next = BUF_INIT;
            buf_add(&next, out->data, i);
            buf_add(&next, bom_bytes, 3);
            buf_add(&next, out->data + i + w, out->len - i - w);
            buf_free(out);
            *out = next;
            shift += 3 - w;
        } else {
            memcpy(out->data + i, bom_bytes, 3);
        }
        i += 3;
        lc++;
    }
    free(f.mv);
    /* the stand-ins left are BOMs go-yaml reads as content: line_boms
     * gives them their own stand-in for the parse */
    for (char *p = out->data; (p = memmem(p, out->len - (size_t)(p - out->data), standin, 3)); p += 3)
        memcpy(p, bom_bytes, 3);
    return true;
}

/* go-yaml skips a BOM at the start of a line only where its buffer starts
 * with one (bom_quirk); libyaml skips every BOM scan_to_next_token meets
 * at column 0 (reference: "a: 1\n" BOM "b: 2" reads key "\ufeffb").  So
 * line-start BOMs become stand-ins for content, except those bom_quirk
 * wrote for characters go-yaml skips (keep, ascending offsets). */
static bool line_boms(Decoder *d, const char *text, size_t n, const Skips *keep, Buf *work)
{
    size_t start = n >= 3 && memcmp(text, bom_bytes, 3) == 0 ? 3 : 0;
    size_t k = 0;
    bool any = false;
    for (const char *p = text + start; (p = memmem(p, n - (size_t)(p - text), bom_bytes, 3)); p += 3) {
        size_t at = (size_t)(p - text);
        while (keep && k < keep->n && keep->at[k] < at) k++;
        if (at > start && after_break(text, at) && !(keep && k < keep->n && keep->at[k] == at)) { any = true; break; }
    }
    if (!any) return false;
    int sub = add_sub(d, text, n, bom_bytes, 3);
    if (!sub) return false;
    k = 0;
    for (size_t i = 0; i < n; i++) {
        while (keep && k < keep->n && keep->at[k] < i) k++;
        bool kept = keep && k < keep->n && keep->at[k] == i;
        if (i > start && i + 3 <= n && memcmp(text + i, bom_bytes, 3) == 0 && after_break(text, i) && !kept) {
            buf_add(work, d->sub[sub - 1].ph, 3);
            i += 2;
        } else {
            buf_addc(work, text[i]);
        }
    }
    return true;
}

/* ---- ',', '[' and ']' in tags ----------------------------------------------
 * go-yaml v2's scan_tag_uri takes ',', '[' and ']' as URI characters in
 * every tag; libyaml 0.2.5 only inside a verbatim !<...>, and otherwise
 * ends the tag there (a tag followed by ',' in a flow collection, else
 * "did not find expected whitespace or line break").  The reference reads
 * "a: [!x, y]" as {a: [y]} (the tag is "!x,") and "a: !x,[] 1" as {a: 1}.
 * Such characters are written as the %-escapes both decode in tags, one
 * tag at a time, each found by scanning the text again (at most
 * TAG_ROUNDS tags: beyond that the text stays as libyaml reads it). */

#define TAG_ROUNDS 64

static bool goyaml_uri_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-' ||
           (c && strchr(";/?:@&=+$,.!~*'()[]%", c));
}

/* Escape the flow indicators of the go-yaml tag at byte s of *t; the
 * offsets in keep move with the bytes after them */
static void escape_tag(Buf *t, size_t s, Skips *keep)
{
    Buf next = BUF_INIT;
    size_t i = s + 1;
    while (i < t->len && goyaml_uri_char(t->data[i])) i++;
    buf_add(&next, t->data, s);
    for (size_t k = s; k < i; k++) {
        char c = t->data[k];
        if (k > s && (c == ',' || c == '[' || c == ']')) {
            buf_printf(&next, "%%%02X", (unsigned char)c);
            for (size_t j = 0; j < keep->n; j++)
                if (keep->at[j] > k) keep->at[j] += 2;
        } else {
            buf_addc(&next, c);
        }
    }
    buf_add(&next, t->data + i, t->len - i);
    buf_free(t);
    *t = next;
}

/* Byte offset of the first tag libyaml ends early, or (size_t)-1 */
static size_t tag_cut_short(const char *t, size_t n)
{
    yaml_parser_t p;
    yaml_token_t tok;
    size_t at = (size_t)-1;
    if (!yaml_parser_initialize(&p)) return at;
    yaml_parser_set_input_string(&p, (const unsigned char *)t, n);
    for (;;) {
        if (!yaml_parser_scan(&p, &tok)) {
            if (p.context && strcmp(p.context, "while scanning a tag") == 0) {
                size_t e = char_byte(t, n, p.problem_mark.index), s = char_byte(t, n, p.context_mark.index);
                if (e < n && (t[e] == ',' || t[e] == '[' || t[e] == ']') && s < n && t[s] == '!') at = s;
            }
            break;
        }
        yaml_token_type_t type = tok.type;
        size_t s = tok.start_mark.index, e = tok.end_mark.index;
        yaml_token_delete(&tok);
        if (type == YAML_STREAM_END_TOKEN) break;
        if (type != YAML_TAG_TOKEN) continue;
        size_t sb = char_byte(t, n, s), eb = char_byte(t, n, e);
        if (eb < n && (t[eb] == ',' || t[eb] == '[' || t[eb] == ']') && sb + 1 < n && t[sb + 1] != '<') {
            at = sb;
            break;
        }
    }
    yaml_parser_delete(&p);
    return at;
}

/* Might a '!' run on into ',', '[' or ']'? */
static bool tag_flow_suspect(const char *t, size_t n)
{
    for (const char *p = memchr(t, '!', n); p; p = memchr(p + 1, '!', n - (size_t)(p + 1 - t))) {
        const char *q = p + 1;
        while (q < t + n && goyaml_uri_char(*q) && *q != ',' && *q != '[' && *q != ']') q++;
        if (q < t + n && (*q == ',' || *q == '[' || *q == ']')) return true;
    }
    return false;
}

/* text with go-yaml's tags escaped for libyaml, in *out; false: no change.
 * The offsets in keep move as the bytes before them grow. */
static bool tag_flow_chars(const char *text, size_t n, Buf *out, Skips *keep)
{
    if (!tag_flow_suspect(text, n)) return false;
    Buf t = BUF_INIT;
    buf_add(&t, text, n);
    bool changed = false;
    for (int round = 0; round < TAG_ROUNDS; round++) {
        size_t at = tag_cut_short(t.data, t.len);
        if (at == (size_t)-1) break;
        escape_tag(&t, at, keep);
        changed = true;
    }
    if (!changed) {
        buf_free(&t);
        return false;
    }
    buf_free(out);
    *out = t;
    return true;
}

static int parse_tree(Decoder *d, const char *text, size_t n, YNode **root)
{
    Fix fx;
    Buf work = BUF_INIT;
    d->nsub = d->colon = 0;
    if (!d->probe && !d->nofast && yaml_fast_tree(&d->tmp, text, n, root)) {
        d->ascii = true;
        return 0;
    }
    Buf dbl = BUF_INIT;
    Skips keep = {0};
    bool quirk = bom_quirk(text, n, &dbl, &keep);
    if (quirk) {
        text = dbl.data;
        n = dbl.len;
    }
    if (tag_flow_chars(text, n, &dbl, &keep)) {
        text = dbl.data;
        n = dbl.len;
    }
    bool boms = line_boms(d, text, n, quirk ? &keep : NULL, &work);
    free(keep.orig);
    free(keep.at);
    free(keep.width);
    int rc = boms ? parse_once(d, work.data, work.len, root, &fx) : parse_once(d, text, n, root, &fx);
    if (fx.kind == FIX_NONE) {
        buf_free(&work);
        buf_free(&dbl);
        return rc;
    }
    if (!boms) buf_add(&work, text, n);
    for (size_t spent = n; fx.kind != FIX_NONE; spent += work.len) {
        bool ok = spent <= FIX_BUDGET && work.data;
        if (ok && fx.kind == FIX_QMARK) {
            work.data[fx.at] = fx.closer;
        } else if (ok && (d->colon || (d->colon = add_sub(d, text, n, ":", 1)))) {
            Buf next = BUF_INIT;
            buf_add(&next, work.data, fx.at);
            buf_add(&next, d->sub[d->colon - 1].ph, 3);
            buf_add(&next, work.data + fx.at + 1, work.len - fx.at - 1);
            buf_free(&work);
            work = next;
        } else {
            /* out of budget: report what libyaml says of the text */
            d->nsub = d->colon = 0;
            arena_free(&d->tmp);
            arena_init(&d->tmp);
            rc = parse_once(d, text, n, root, &fx);
            if (fx.kind != FIX_NONE) rc = fail(d, "yaml: flow collection too complex");
            break;
        }
        /* the failed round's tree is garbage: only the tree is in tmp yet */
        arena_free(&d->tmp);
        arena_init(&d->tmp);
        rc = parse_once(d, work.data ? work.data : "", work.len, root, &fx);
    }
    buf_free(&work);
    buf_free(&dbl);
    return rc;
}

/* ---- scalar resolution (go-yaml v2 resolve.go) ------------------------ */

static bool tag_is(const char *tag, const char *short_name)
{
    size_t k = sizeof TAG_PREFIX - 1;
    return tag && strncmp(tag, TAG_PREFIX, k) == 0 && strcmp(tag + k, short_name) == 0;
}

/* strconv.ParseUint(s, 0, 64) after the sign; underscores already gone. */
static bool parse_uint_base0(const char *s, size_t n, uint64_t *out)
{
    int base = 10;
    if (n == 0) return false;
    if (s[0] == '0') {
        char c = n >= 3 ? (char)(s[1] | 0x20) : 0;
        if (c == 'b') { base = 2; s += 2; n -= 2; }
        else if (c == 'o') { base = 8; s += 2; n -= 2; }
        else if (c == 'x') { base = 16; s += 2; n -= 2; }
        else { base = 8; s += 1; n -= 1; }
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i], dv;
        if (c >= '0' && c <= '9') dv = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') dv = (c | 0x20) - 'a' + 10;
        else return false;
        if (dv >= base) return false;
        if (v > (UINT64_MAX - (uint64_t)dv) / (uint64_t)base) return false;
        v = v * (uint64_t)base + (uint64_t)dv;
    }
    *out = v;
    return true;
}

/* strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64) of go-yaml's int step. */
static bool parse_go_int(const char *s, size_t n, double *out)
{
    uint64_t u;
    if (n && (s[0] == '+' || s[0] == '-')) {
        if (!parse_uint_base0(s + 1, n - 1, &u)) return false;
        if (s[0] == '-') {
            if (u > (uint64_t)INT64_MAX + 1) return false;
            *out = u == (uint64_t)INT64_MAX + 1 ? (double)INT64_MIN : (double)-(int64_t)u;
        } else {
            if (u > (uint64_t)INT64_MAX) return false;
            *out = (double)(int64_t)u;
        }
        return true;
    }
    if (!parse_uint_base0(s, n, &u)) return false;
    *out = (double)u;
    return true;
}

/* strconv.ParseFloat(s, 64) for decimal text (the only forms go-yaml can
 * reach): [+-] digits [. digits] [e [+-] digits], '_' between digits.
 * Overflow is an error (go-yaml then keeps the string); underflow is not. */
static bool parse_go_float(const char *s, size_t n, double *out)
{
    char buf[128], *tmp = buf;
    size_t i = 0, digits = 0;
    bool us = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++) { if (s[i] == '_') us = true; else digits++; }
    if (i < n && s[i] == '.')
        for (i++; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++) { if (s[i] == '_') us = true; else digits++; }
    if (!digits) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++) { if (s[i] == '_') us = true; else e++; }
        if (!e) return false;
    }
    if (i != n) return false;
    if (us && !fmt_underscore_ok(s, n)) return false;
    if (n >= sizeof buf && !(tmp = malloc(n + 1))) return false;
    size_t k = 0;
    for (i = 0; i < n; i++) if (s[i] != '_') tmp[k++] = s[i];
    tmp[k] = 0;
    errno = 0;
    double f = strtod(tmp, NULL);
    bool ok = !(errno == ERANGE && isinf(f));
    if (tmp != buf) free(tmp);
    if (ok) *out = f;
    return ok;
}

/* yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    if (i < n && s[i] == '.') {
        size_t k = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == k) return false;
    } else {
        size_t k = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == k) return false;
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t k = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == k) return false;
    }
    return i == n;
}

static int getnum(const char *s, size_t n, size_t *i, bool fixed)
{
    if (*i >= n || s[*i] < '0' || s[*i] > '9') return -1;
    int v = s[(*i)++] - '0';
    if (*i >= n || s[*i] < '0' || s[*i] > '9') return fixed ? -1 : v;
    return v * 10 + (s[(*i)++] - '0');
}

static int days_in(int m, int y)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) return 29;
    return d[m - 1];
}

/* go-yaml v2 parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00"
 * (also lower-case t), "2006-1-2 15:4:5.999999999" and "2006-1-2". */
bool yaml_is_timestamp(const char *s, size_t n)
{
    size_t i = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {}
    if (i != 4 || i == n || s[i] != '-') return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    i++;
    int mo = getnum(s, n, &i, false);
    if (mo < 1 || mo > 12 || i >= n || s[i] != '-') return false;
    i++;
    int dd = getnum(s, n, &i, false);
    if (dd < 0) return false;
    if (i == n) return dd >= 1 && dd <= days_in(mo, y);
    char sep = s[i++];
    if (sep != 'T' && sep != 't' && sep != ' ') return false;
    int hh = getnum(s, n, &i, false);
    if (hh < 0 || i >= n || s[i++] != ':') return false;
    int mi = getnum(s, n, &i, false);
    if (mi < 0 || i >= n || s[i++] != ':') return false;
    int ss = getnum(s, n, &i, false);
    if (ss < 0) return false;
    if (i + 1 < n && (s[i] == '.' || s[i] == ',') && s[i + 1] >= '0' && s[i + 1] <= '9')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {}
    if (sep != ' ') {
        if (i < n && s[i] == 'Z') i++;
        else {
            if (n - i < 6 || s[i + 3] != ':' || (s[i] != '+' && s[i] != '-')) return false;
            size_t j = i + 1;
            int zh = getnum(s, n, &j, true);
            j = i + 4;
            int zm = getnum(s, n, &j, true);
            if (zh < 0 || zm < 0 || zh > 24 || zm > 60) return false;
            i += 6;
        }
    }
    if (i != n) return false;
    return hh < 24 && mi < 60 && ss < 60 && dd >= 1 && dd <= days_in(mo, y);
}

/* The YAML 1.1 words go-yaml v2 resolves (resolve.go's map), grouped by
 * first byte so a lookup reads only its group ("<<" is in go-yaml's map
 * but '<' has no hint, so plain resolution never reaches it). */
static const struct { const char *s; uint8_t n; uint8_t kind; double f; } resolve_words[] = {
    /* 0 */ {"", 0, YR_NULL, 0},
    /* 1 y */ {"y", 1, YR_BOOL, 1}, {"yes", 3, YR_BOOL, 1},
    /* 3 Y */ {"Y", 1, YR_BOOL, 1}, {"Yes", 3, YR_BOOL, 1}, {"YES", 3, YR_BOOL, 1},
    /* 6 n */ {"n", 1, YR_BOOL, 0}, {"no", 2, YR_BOOL, 0}, {"null", 4, YR_NULL, 0},
    /* 9 N */ {"N", 1, YR_BOOL, 0}, {"No", 2, YR_BOOL, 0}, {"NO", 2, YR_BOOL, 0},
              {"Null", 4, YR_NULL, 0}, {"NULL", 4, YR_NULL, 0},
    /* 14 o */ {"on", 2, YR_BOOL, 1}, {"off", 3, YR_BOOL, 0},
    /* 16 O */ {"On", 2, YR_BOOL, 1}, {"ON", 2, YR_BOOL, 1}, {"Off", 3, YR_BOOL, 0}, {"OFF", 3, YR_BOOL, 0},
    /* 20 t */ {"true", 4, YR_BOOL, 1},
    /* 21 T */ {"True", 4, YR_BOOL, 1}, {"TRUE", 4, YR_BOOL, 1},
    /* 23 f */ {"false", 5, YR_BOOL, 0},
    /* 24 F */ {"False", 5, YR_BOOL, 0}, {"FALSE", 5, YR_BOOL, 0},
    /* 26 ~ */ {"~", 1, YR_NULL, 0},
    /* 27 . */ {".nan", 4, YR_FLOAT, NAN}, {".NaN", 4, YR_FLOAT, NAN}, {".NAN", 4, YR_FLOAT, NAN},
               {".inf", 4, YR_FLOAT, INFINITY}, {".Inf", 4, YR_FLOAT, INFINITY}, {".INF", 4, YR_FLOAT, INFINITY},
    /* 33 + */ {"+.inf", 5, YR_FLOAT, INFINITY}, {"+.Inf", 5, YR_FLOAT, INFINITY}, {"+.INF", 5, YR_FLOAT, INFINITY},
    /* 36 - */ {"-.inf", 5, YR_FLOAT, -INFINITY}, {"-.Inf", 5, YR_FLOAT, -INFINITY}, {"-.INF", 5, YR_FLOAT, -INFINITY},
    /* 39 */
};

/* The group of resolve_words for first byte c: [*lo, *hi). */
static void word_group(int c, int *lo, int *hi)
{
    static const char firsts[] = "yYnNoOtTfF~.+-";
    static const uint8_t starts[] = {1, 3, 6, 9, 14, 16, 20, 21, 23, 24, 26, 27, 33, 36, 39};
    const char *p = strchr(firsts, c);
    if (!c || !p) { *lo = *hi = 0; return; }
    *lo = starts[p - firsts];
    *hi = starts[p - firsts + 1];
}

int yaml_resolve_plain(const char *s, size_t n, double *num)
{
    if (n == 0) { *num = 0; return YR_NULL; }
    /* go-yaml's hint table: only these first bytes can start a non-string
     * (1: digits and signs, 2: words and '.'); a table, as every key and
     * plain scalar of every document comes here */
    static const uint8_t hint[256] = {
        ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
        ['9'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 2, ['y'] = 2, ['Y'] = 2, ['n'] = 2, ['N'] = 2, ['t'] = 2,
        ['T'] = 2, ['f'] = 2, ['F'] = 2, ['o'] = 2, ['O'] = 2, ['~'] = 2,
    };
    char c = s[0];
    uint8_t h = hint[(unsigned char)c];
    if (!h) return YR_STR;
    bool digit = h == 1;
    if (n <= 5) {
        int lo, hi;
        word_group((unsigned char)c, &lo, &hi);
        for (int k = lo; k < hi; k++) {
            if (resolve_words[k].n == n && memcmp(resolve_words[k].s, s, n) == 0) {
                *num = resolve_words[k].f;
                return resolve_words[k].kind;
            }
        }
    }
    if (c == '.') return parse_go_float(s, n, num) ? YR_FLOAT : YR_STR;
    if (!digit) return YR_STR;
    if (yaml_is_timestamp(s, n)) return YR_TIMESTAMP;
    char buf[128], *plain = buf;
    if (n >= sizeof buf && !(plain = malloc(n + 1))) return YR_STR;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) if (s[i] != '_') plain[k++] = s[i];
    plain[k] = 0;
    int r = YR_STR;
    if (parse_go_int(plain, k, num)) r = YR_INT;
    else if (yaml_style_float(plain, k) && parse_go_float(plain, k, num)) r = YR_FLOAT;
    if (plain != buf) free(plain);
    return r;
}

/* ---- decoding the tree ------------------------------------------------- */

static Value decode_in(Decoder *d, YNode *n, Map *into);
static Value decode(Decoder *d, YNode *n) { return decode_in(d, n, NULL); }

static const char *short_tag(Arena *a, const char *tag)
{
    size_t k = sizeof TAG_PREFIX - 1;
    if (tag && strncmp(tag, TAG_PREFIX, k) == 0) return arena_printf(a, "!!%s", tag + k);
    return tag ? tag : "";
}

static const char *kind_tag(int r)
{
    switch (r) {
    case YR_NULL: return "!!null";
    case YR_BOOL: return "!!bool";
    case YR_INT: return "!!int";
    case YR_FLOAT: return "!!float";
    case YR_TIMESTAMP: return "!!timestamp";
    case YR_MERGE: return "!!merge";
    default: return "!!str";
    }
}

/* base64.StdEncoding.DecodeString (!!binary) into the arena */
static bool b64_decode_arena(Arena *a, const char *s, size_t n, char **out, size_t *outn)
{
    Buf b = BUF_INIT;
    bool ok = b64_decode(&b, s, n) < 0;
    *outn = b.len;
    *out = ok ? arena_strndup(a, b.data ? b.data : "", b.len) : NULL;
    buf_free(&b);
    return ok && *out;
}

/* encoding/json replaces each invalid UTF-8 byte with U+FFFD. */
static Value json_string(Decoder *d, const char *s, size_t n)
{
    Value v;
    if (d->ascii || yaml_utf8_valid(s, n)) {
        v = val_strn(d->out, s, n);
    } else {
        Buf b = BUF_INIT;
        yaml_utf8_sanitize(&b, s, n);
        v = val_strn(d->out, b.data ? b.data : "", b.len);
        buf_free(&b);
    }
    if (v.kind != V_STR) fail(d, "yaml: out of memory");
    return v;
}

static Value number(Decoder *d, double f)
{
    if ((isinf(f) || isnan(f)) && !d->in_key && !d->str_target)
        late(d, &d->late_json, isnan(f) ? "json: unsupported value: NaN" : f > 0 ? "json: unsupported value: +Inf"
                                                                   : "json: unsupported value: -Inf");
    return val_float(f);
}

static Value scalar(Decoder *d, YNode *n)
{
    const char *tag = n->tag;
    /* quoted (or block) scalars without a tag are strings */
    if (!tag && !n->implicit) return json_string(d, n->s, n->n);
    if (tag_is(tag, "binary")) {
        char *o;
        size_t on;
        if (!b64_decode_arena(&d->tmp, n->s, n->n, &o, &on)) {
            fail(d, "yaml: !!binary value contains invalid base64 data");
            return val_nil();
        }
        return json_string(d, o, on);
    }
    bool resolvable = !tag || tag_is(tag, "str") || tag_is(tag, "bool") || tag_is(tag, "int") ||
                      tag_is(tag, "float") || tag_is(tag, "null") || tag_is(tag, "timestamp");
    if (!resolvable || tag_is(tag, "str")) return json_string(d, n->s, n->n);
    double f = 0;
    int r = yaml_resolve_plain(n->s, n->n, &f);
    /* an explicit tag must agree with the resolution (!!float takes ints);
     * a timestamp is only tried untagged or for !!timestamp */
    if (r == YR_TIMESTAMP && tag && !tag_is(tag, "timestamp")) {
        char *plain = arena_alloc(&d->tmp, n->n + 1);
        size_t k = 0;
        if (plain) for (size_t i = 0; i < n->n; i++) if (n->s[i] != '_') plain[k++] = n->s[i];
        r = YR_STR;
        if (plain && parse_go_int(plain, k, &f)) r = YR_INT;
        else if (plain && yaml_style_float(plain, k) && parse_go_float(plain, k, &f)) r = YR_FLOAT;
    }
    if (tag && !(tag_is(tag, "float") && r == YR_INT) && strcmp(short_tag(&d->tmp, tag), kind_tag(r)) != 0) {
        fail(d, "yaml: cannot decode %s `%.*s` as a %s", kind_tag(r), (int)n->n, n->s, short_tag(&d->tmp, tag));
        return val_nil();
    }
    switch (r) {
    case YR_NULL: return val_nil();
    case YR_BOOL: return val_bool(f != 0);
    case YR_INT:
    case YR_FLOAT: return number(d, f);
    default: return json_string(d, n->s, n->n);
    }
}

static bool is_merge(YNode *k)
{
    return k->kind == N_SCALAR && k->n == 2 && memcmp(k->s, "<<", 2) == 0 &&
           ((k->implicit && !k->tag) || tag_is(k->tag, "merge"));
}

typedef struct GoKey {
    Buf text;
    uint32_t idx;
} GoKey;

static int gokey_cmp(const void *a, const void *b)
{
    const GoKey *x = a, *y = b;
    int c = strcmp(x->text.data, y->text.data);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Go's %#v of what go-yaml decoded from node n (for the key errors of
 * go-yaml and sigs.k8s.io/yaml): []interface {}{1, "a"},
 * map[interface {}]interface {}{"a":1}, <nil> at the top level. */
static void gosyntax(Decoder *d, Buf *b, YNode *n, int depth, bool top)
{
    while (n && n->kind == N_ALIAS) n = n->target;
    if (!n || depth > 100) { buf_adds(b, "..."); return; }
    if (n->kind == N_SEQ) {
        buf_adds(b, "[]interface {}{");
        for (uint32_t i = 0; i < n->nkids; i++) {
            if (i) buf_adds(b, ", ");
            gosyntax(d, b, n->kids[i], depth + 1, false);
        }
        buf_addc(b, '}');
        return;
    }
    if (n->kind == N_MAP) {
        /* fmt prints map keys sorted; same-type keys are the usual case */
        uint32_t np = n->nkids / 2;
        GoKey *ks = calloc(np ? np : 1, sizeof *ks);
        if (!ks) return;
        for (uint32_t i = 0; i < np; i++) {
            gosyntax(d, &ks[i].text, n->kids[2 * i], depth + 1, false);
            if (!ks[i].text.data) buf_adds(&ks[i].text, "");
            ks[i].idx = i;
        }
        qsort(ks, np, sizeof *ks, gokey_cmp);
        buf_adds(b, "map[interface {}]interface {}{");
        for (uint32_t i = 0; i < np; i++) {
            if (i) buf_adds(b, ", ");
            buf_add(b, ks[i].text.data, ks[i].text.len);
            buf_addc(b, ':');
            gosyntax(d, b, n->kids[2 * ks[i].idx + 1], depth + 1, false);
        }
        buf_addc(b, '}');
        for (uint32_t i = 0; i < np; i++) buf_free(&ks[i].text);
        free(ks);
        return;
    }
    double f = 0;
    int r = YR_STR;
    if (n->tag || n->implicit) r = yaml_resolve_plain(n->s, n->n, &f);
    if (tag_is(n->tag, "str") || tag_is(n->tag, "binary") || (n->tag && !tag_is(n->tag, "int") &&
        !tag_is(n->tag, "float") && !tag_is(n->tag, "bool") && !tag_is(n->tag, "null")))
        r = YR_STR;
    switch (r) {
    case YR_NULL: buf_adds(b, top ? "<nil>" : "interface {}(nil)"); break;
    case YR_BOOL: buf_adds(b, f != 0 ? "true" : "false"); break;
    case YR_INT:
        if (f >= 9.2e18) buf_printf(b, "0x%llx", (unsigned long long)f);
        else buf_printf(b, "%lld", (long long)f);
        break;
    case YR_FLOAT:
        if (isinf(f)) buf_adds(b, f > 0 ? "+Inf" : "-Inf");
        else if (isnan(f)) buf_adds(b, "NaN");
        else fmt_float(b, f, 'g', -1, 64);
        break;
    default: fmt_quote(b, n->s, n->n); break;
    }
}

/* The exact unsigned value of an integer scalar without a sign. */
static bool scalar_uint64(YNode *n, uint64_t *u)
{
    char buf[128];
    size_t k = 0;
    for (size_t i = 0; i < n->n && k < sizeof buf - 1; i++) if (n->s[i] != '_') buf[k++] = n->s[i];
    if (k && (buf[0] == '+' || buf[0] == '-')) return false;
    return parse_uint_base0(buf, k, u);
}

/* sigs.k8s.io/yaml's key conversion: floats print with 32-bit precision. */
/* The message of a key sigs.k8s.io/yaml cannot convert: the first such
 * key wins, but go-yaml's map keeps the last value of a duplicate. */
static void late_key(Decoder *d, const Map *m, uint64_t u, Buf *b, YNode *vn)
{
    bool dup = d->late_key && d->late_map == m && d->late_u == u;
    if (d->late_key && !dup) return;
    gosyntax(d, b, vn, 0, true);
    d->late_key = NULL;
    late(d, &d->late_key, b->data);
    d->late_map = m;
    d->late_u = u;
}

static Str *key_string(Decoder *d, const Map *m, YNode *kn, Value k, YNode *vn)
{
    Buf b = BUF_INIT;
    Str *s = NULL;
    switch (k.kind) {
    case V_STR: return k.u.s;
    case V_BOOL: return str_cstr(d->out, k.u.b ? "true" : "false");
    case V_FLOAT: {
        double ip;
        uint64_t u;
        while (kn->kind == N_ALIAS) kn = kn->target;
        bool is_int = kn->kind == N_SCALAR && yaml_resolve_plain(kn->s, kn->n, &ip) == YR_INT;
        if (is_int && scalar_uint64(kn, &u) && u > (uint64_t)INT64_MAX) {
            /* go-yaml gives uint64 here, which sigs.k8s.io/yaml cannot key */
            buf_printf(&b, "unsupported map key of type: uint64, key: 0x%llx, value: ", (unsigned long long)u);
            late_key(d, m, u, &b, vn);
            s = str_cstr(d->out, "");
        } else if (is_int && modf(k.u.f, &ip) == 0)
            fmt_float(&b, k.u.f, 'f', 0, 64);
        else if (isinf(k.u.f))
            buf_adds(&b, k.u.f > 0 ? ".inf" : "-.inf");
        else if (isnan(k.u.f))
            buf_adds(&b, ".nan");
        else {
            /* a float64 beyond float32's range prints as +Inf at 32 bits */
            fmt_float(&b, k.u.f, 'g', -1, 32);
            if (b.len == 4 && (memcmp(b.data, "+Inf", 4) == 0 || memcmp(b.data, "-Inf", 4) == 0)) {
                bool neg = b.data[0] == '-';
                buf_clear(&b);
                buf_adds(&b, neg ? "-.inf" : ".inf");
            }
        }
        if (!s) s = str_new(d->out, b.data ? b.data : "", b.len);
        break;
    }
    case V_NIL:
        buf_adds(&b, "unsupported map key of type: %!s(<nil>), key: <nil>, value: ");
        late_key(d, m, 0, &b, vn);
        s = str_cstr(d->out, "");
        break;
    default:
        break;
    }
    buf_free(&b);
    return s;
}

/* strconv.FormatInt/FormatUint of an integer go-yaml resolved (decimal,
 * 0x, 0o, 0b, YAML 1.1 leading-0 octal, underscores): exact, where the
 * decoder's float64 would round 9007199254740993. */
static bool exact_int_text(const char *s, size_t n, Buf *b)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    unsigned base = 10;
    if (i + 1 < n && s[i] == '0') {
        char c = (char)(s[i + 1] | 0x20);
        if (c == 'x') base = 16, i += 2;
        else if (c == 'o') base = 8, i += 2;
        else if (c == 'b') base = 2, i += 2;
        else base = 8, i++;
    }
    unsigned __int128 v = 0;
    bool any = false;
    for (; i < n; i++) {
        if (s[i] == '_') continue;
        char c = (char)(s[i] | 0x20);
        unsigned dgt = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 99;
        if (dgt >= base) return false;
        v = v * base + dgt;
        if (v > (unsigned __int128)UINT64_MAX + 1) return false;
        any = true;
    }
    if (!any && base != 8) return false;
    if (neg && v > (unsigned __int128)INT64_MAX + 1) return false;
    if (!neg && v > UINT64_MAX) return false;
    buf_printf(b, "%s%llu", neg && v ? "-" : "", (unsigned long long)v);
    return true;
}

/* A scalar bound for a string field of SimpleHead: sigs.k8s.io/yaml turns
 * go-yaml's number or bool into text before encoding/json sees it
 * (FormatInt, FormatUint, FormatFloat(f, 'g', -1, 32), "true"), so
 * `kind: 1e10` is "1e+10", `name: 017` "15" and `.inf` "+Inf" without
 * the "unsupported value" error. */
static Value head_scalar(Decoder *d, YNode *n)
{
    d->str_target = true;
    Value v = scalar(d, n);
    d->str_target = false;
    if (d->failed) return v;
    Buf b = BUF_INIT;
    if (v.kind == V_BOOL) {
        buf_adds(&b, v.u.b ? "true" : "false");
    } else if (v.kind == V_FLOAT) {
        double f = 0;
        bool as_float = n->tag && tag_is(n->tag, "float");
        if (as_float || yaml_resolve_plain(n->s, n->n, &f) != YR_INT || !exact_int_text(n->s, n->n, &b)) {
            b.len = 0;
            fmt_float(&b, v.u.f, 'g', -1, 32);
        }
    } else {
        return v;
    }
    Value s = val_strn(d->out, b.data ? b.data : "", b.len);
    buf_free(&b);
    if (s.kind != V_STR) fail(d, "yaml: out of memory");
    return s;
}

/* What the value under key k of a map at place ctx is bound for. */
static uint8_t head_child(uint8_t ctx, Value k)
{
    if (ctx == HC_ANN) return HC_STR;
    if (k.kind != V_STR || (ctx != HC_TOP && ctx != HC_META)) return HC_NONE;
    const char *s = k.u.s->s;
    size_t n = k.u.s->len;
#define HK(name) (n == sizeof name - 1 && strncasecmp(s, name, n) == 0)
    if (ctx == HC_TOP) return HK("apiVersion") || HK("kind") ? HC_STR : HK("metadata") ? HC_META : HC_NONE;
    return HK("name") ? HC_STR : HK("annotations") ? HC_ANN : HC_NONE;
#undef HK
}

static void decode_map_into(Decoder *d, YNode *n, Map *m)
{
    uint8_t ctx = d->head_next;
    d->head_next = HC_NONE;
    for (uint32_t i = 0; i + 1 < n->nkids && !d->failed; i += 2) {
        YNode *kn = n->kids[i], *vn = n->kids[i + 1];
        if (is_merge(kn)) {
            YNode *t = vn->kind == N_ALIAS ? vn->target : vn;
            if (vn->kind == N_MAP || (vn->kind == N_ALIAS && t->kind == N_MAP)) {
                d->head_next = ctx;
                decode_in(d, vn, m);
            } else if (vn->kind == N_SEQ) {
                for (uint32_t j = vn->nkids; j-- > 0 && !d->failed;) {
                    YNode *c = vn->kids[j];
                    YNode *ct = c->kind == N_ALIAS ? c->target : c;
                    if (ct->kind != N_MAP) { fail(d, "yaml: map merge requires map or sequence of maps as the value"); return; }
                    d->head_next = ctx;
                    decode_in(d, c, m);
                }
            } else {
                fail(d, "yaml: map merge requires map or sequence of maps as the value");
                return;
            }
            continue;
        }
        d->in_key++;
        Value k = decode(d, kn);
        d->in_key--;
        if (d->failed) return;
        if (k.kind == V_MAP || k.kind == V_LIST) {
            Buf b = BUF_INIT;
            gosyntax(d, &b, kn, 0, true);
            fail(d, "yaml: invalid map key: %s", b.data);
            buf_free(&b);
            return;
        }
        if (ctx) d->head_next = head_child(ctx, k);
        Value v = decode(d, vn);
        if (d->failed) return;
        Str *ks = key_string(d, m, kn, k, vn);
        if (!ks || !map_set(d->out, m, ks, v)) { fail(d, "yaml: out of memory"); return; }
    }
}

/* go-yaml v2 decoder.unmarshal's alias accounting: after 1000 decodes and
 * 100 alias-driven ones, the alias share may not exceed 99%, shrinking to
 * 10% between 400k and 4M decodes ("document contains excessive aliasing"). */
static bool excessive_aliasing(Decoder *d)
{
    if (d->alias_count <= 100 || d->decode_count <= 1000) return false;
    double allowed;
    if (d->decode_count <= 400000) allowed = 0.99;
    else if (d->decode_count >= 4000000) allowed = 0.10;
    else allowed = 0.99 - 0.89 * ((double)(d->decode_count - 400000) / 3600000.0);
    return (double)d->alias_count / (double)d->decode_count > allowed;
}

static Value decode_in(Decoder *d, YNode *n, Map *into)
{
    if (d->failed) return val_nil();
    d->decode_count++;
    if (d->alias_depth > 0) d->alias_count++;
    if (excessive_aliasing(d)) { fail(d, "yaml: document contains excessive aliasing"); return val_nil(); }
    if (++d->depth > DECODE_DEPTH) { fail(d, "yaml: exceeded max depth of %d", MAX_DEPTH); return val_nil(); }
    Value out = val_nil();
    uint8_t ctx = d->head_next;
    if (n->kind != N_MAP && n->kind != N_ALIAS) d->head_next = HC_NONE;
    switch (n->kind) {
    case N_SCALAR:
        out = ctx == HC_STR ? head_scalar(d, n) : scalar(d, n);
        break;
    case N_ALIAS:
        if (n->target->busy) { fail(d, "yaml: anchor '%s' value contains itself", n->name); break; }
        n->target->busy = 1;
        d->alias_depth++;
        out = decode_in(d, n->target, into);
        d->alias_depth--;
        n->target->busy = 0;
        break;
    case N_SEQ: {
        List *l = list_new(d->out, n->nkids);
        if (!l) { fail(d, "yaml: out of memory"); break; }
        for (uint32_t i = 0; i < n->nkids && !d->failed; i++) {
            Value v = decode(d, n->kids[i]);
            if (!list_push(d->out, l, v)) { fail(d, "yaml: out of memory"); break; }
        }
        out = val_list(l);
        break;
    }
    case N_MAP: {
        Map *m = into ? into : map_new(d->out, n->nkids / 2);
        if (!m) { fail(d, "yaml: out of memory"); break; }
        decode_map_into(d, n, m);
        out = val_map(m);
        break;
    }
    }
    d->depth--;
    return out;
}

/* ---- UTF-8 (encoding/json's view) ------------------------------------ */

/* Length of the valid UTF-8 sequence at s (Go's utf8.DecodeRune), or 0. */
size_t yaml_utf8_len(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!n) return 0;
    if (p[0] < 0x80) { *cp = p[0]; return 1; }
    size_t len;
    uint32_t c, min;
    if ((p[0] & 0xE0) == 0xC0) { len = 2; c = p[0] & 0x1F; min = 0x80; }
    else if ((p[0] & 0xF0) == 0xE0) { len = 3; c = p[0] & 0x0F; min = 0x800; }
    else if ((p[0] & 0xF8) == 0xF0) { len = 4; c = p[0] & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        c = c << 6 | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return len;
}

/* Bytes from s that are ASCII, eight at a time: most text is. */
static size_t ascii_prefix(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) break;
    }
    while (i < n && (unsigned char)s[i] < 0x80) i++;
    return i;
}

bool yaml_utf8_valid(const char *s, size_t n)
{
    uint32_t c;
    for (size_t i = ascii_prefix(s, n); i < n;) {
        if ((unsigned char)s[i] < 0x80) { i += ascii_prefix(s + i, n - i); continue; }
        size_t k = yaml_utf8_len(s + i, n - i, &c);
        if (!k) return false;
        i += k;
    }
    return true;
}

void yaml_utf8_sanitize(Buf *b, const char *s, size_t n)
{
    uint32_t c;
    for (size_t i = 0; i < n;) {
        size_t k = yaml_utf8_len(s + i, n - i, &c);
        if (!k) { buf_add(b, "\xEF\xBF\xBD", 3); i++; continue; }
        buf_add(b, s + i, k);
        i += k;
    }
}

/* ---- entry points ------------------------------------------------------ */

static const char *json_kind(Value v)
{
    switch (v.kind) {
    case V_LIST: return "array";
    case V_MAP: return "object";
    case V_STR: return "string";
    case V_BOOL: return "bool";
    default: return "number";
    }
}

/* encoding/json's decoder refuses nesting deeper than 10000 levels
 * ("invalid character '[' exceeded max depth"); go-yaml's own limit lets
 * exactly one more level through under a values file's top-level map. */
#define JSON_MAX_DEPTH 10000

static int max_depth(Value v, int depth)
{
    int best = depth;
    if (v.kind == V_LIST) {
        for (uint32_t i = 0; i < v.u.l->len; i++) {
            int k = max_depth(v.u.l->items[i], depth + 1);
            if (k > best) best = k;
        }
    } else if (v.kind == V_MAP) {
        for (uint32_t i = 0; i < v.u.m->used; i++) {
            if (!v.u.m->entries[i].key) continue;
            int k = max_depth(v.u.m->entries[i].val, depth + 1);
            if (k > best) best = k;
        }
    }
    return best;
}

/* The opening bracket of the first too-deep container in JSON text order
 * (keys sorted). */
static char too_deep(Arena *a, Value v, int depth)
{
    if (v.kind != V_LIST && v.kind != V_MAP) return 0;
    if (depth > JSON_MAX_DEPTH) return v.kind == V_LIST ? '[' : '{';
    if (max_depth(v, depth) <= JSON_MAX_DEPTH) return 0;
    if (v.kind == V_LIST) {
        for (uint32_t i = 0; i < v.u.l->len; i++) {
            char c = too_deep(a, v.u.l->items[i], depth + 1);
            if (c) return c;
        }
        return 0;
    }
    MapEntry **e = map_sorted(v.u.m, a);
    for (uint32_t i = 0; e && i < map_len(v.u.m); i++) {
        char c = too_deep(a, e[i]->val, depth + 1);
        if (c) return c;
    }
    return 0;
}

/* encoding/json fails on the first NaN or infinity it meets, and it meets
 * map entries in sorted key order ("x: .inf\ny: -.inf" reports -Inf: y is
 * the bool key "true"), not in the document's order. */
static const char *first_bad_float(Arena *a, Value v, int depth, long *budget)
{
    if (--*budget < 0 || depth > DECODE_DEPTH) return NULL;
    if (v.kind == V_FLOAT && (isnan(v.u.f) || isinf(v.u.f)))
        return isnan(v.u.f) ? "json: unsupported value: NaN" : v.u.f > 0 ? "json: unsupported value: +Inf"
                                                                         : "json: unsupported value: -Inf";
    if (v.kind == V_LIST) {
        for (uint32_t i = 0; i < v.u.l->len; i++) {
            const char *m = first_bad_float(a, v.u.l->items[i], depth + 1, budget);
            if (m) return m;
        }
    } else if (v.kind == V_MAP && v.u.m->count) {
        MapEntry **es = map_sorted(v.u.m, a);
        for (uint32_t i = 0; es && i < v.u.m->count; i++) {
            const char *m = first_bad_float(a, es[i]->val, depth + 1, budget);
            if (m) return m;
        }
    }
    return NULL;
}

/* sigs.k8s.io/yaml.Unmarshal of one YAML text into want (V_MAP, V_LIST,
 * V_NIL = interface{}): errors carry its prefixes.  With keep, a map may
 * hold only the kept top-level keys (*reduced set when it does). */
static int unmarshal_keep(Arena *a, const char *text, size_t n, int want, Value *out, Buf *err, bool nofast,
                          YamlKeep keep, bool *reduced, bool head)
{
    Decoder d;
    memset(&d, 0, sizeof d);
    d.nofast = nofast;
    d.out = a;
    d.err = err;
    arena_init(&d.tmp);
    YNode *root = NULL;
    Buf msg = BUF_INIT;
    d.err = &msg;
    int rc = -1;
    *out = val_nil();
    int parsed;
    if (reduced) *reduced = false;
    if (keep && !nofast && yaml_fast_tree_keep(&d.tmp, text, n, keep, &root)) {
        /* the skipped values hold nothing the decoder or the JSON step
         * would reject, so the kept part decides alone */
        d.ascii = true;
        parsed = 0;
        if (reduced) *reduced = root && root->kind == N_MAP;
    } else {
        parsed = parse_tree(&d, text, n, &root);
    }
    if (parsed == 0) {
        if (head) d.head_next = HC_TOP;
        Value v = root ? decode(&d, root) : val_nil();
        if (!d.failed && d.late_key) fail(&d, "%s", d.late_key);
        if (!d.failed && d.late_json) {
            long budget = 1L << 22;
            const char *m = first_bad_float(&d.tmp, v, 0, &budget);
            fail(&d, "%s", m ? m : d.late_json);
        }
        char deep = d.failed ? 0 : too_deep(&d.tmp, v, 1);
        if (deep) {
            buf_printf(err, "error unmarshaling JSON: while decoding JSON: invalid character '%c' exceeded max depth", deep);
        } else if (!d.failed) {
            if (want == V_MAP && v.kind != V_MAP && v.kind != V_NIL) {
                buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type map[string]interface {}", json_kind(v));
            } else if (want == V_LIST && v.kind != V_LIST && v.kind != V_NIL) {
                buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type []interface {}", json_kind(v));
            } else {
                *out = v;
                rc = 0;
            }
        }
    }
    if (d.failed) buf_printf(err, "error converting YAML to JSON: %s", msg.data ? msg.data : "");
    buf_free(&msg);
    arena_free(&d.tmp);
    return rc;
}

static int unmarshal(Arena *a, const char *text, size_t n, int want, Value *out, Buf *err, bool nofast)
{
    return unmarshal_keep(a, text, n, want, out, err, nofast, NULL, NULL, false);
}

static bool simple_head_key(const char *k, size_t n)
{
    static const char *const names[] = {"apiVersion", "kind", "metadata"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (n == strlen(names[i]) && strncasecmp(k, names[i], n) == 0) return true;
    return false;
}

int yaml_decode(Arena *a, const char *text, size_t n, int want, Value *out, Buf *err)
{
    if (want == YAML_WANT_HEAD) return unmarshal_keep(a, text, n, V_NIL, out, err, false, simple_head_key, NULL, true);
    return unmarshal(a, text, n, want, out, err, false);
}

int yaml_decode_keep(Arena *a, const char *text, size_t n, YamlKeep keep, Value *out, Buf *err, bool *reduced)
{
    return unmarshal_keep(a, text, n, V_NIL, out, err, false, keep, reduced, false);
}

int yaml_decode_libyaml(Arena *a, const char *text, size_t n, int want, Value *out, Buf *err)
{
    if (want == YAML_WANT_HEAD) return unmarshal_keep(a, text, n, V_NIL, out, err, true, NULL, NULL, true);
    return unmarshal(a, text, n, want, out, err, true);
}

/* chartutil.MergeMaps: maps recurse, anything else replaces. */
static Map *merge_maps(Arena *a, Map *dst, Map *src)
{
    for (uint32_t i = 0; i < src->used; i++) {
        MapEntry *e = &src->entries[i];
        if (!e->key) continue;
        Value *old = map_get(dst, e->key);
        if (old && old->kind == V_MAP && e->val.kind == V_MAP) {
            merge_maps(a, old->u.m, e->val.u.m);
            continue;
        }
        map_set(a, dst, e->key, e->val);
    }
    return dst;
}

/* k8s.io/apimachinery YAMLReader: a line starting with "---" ends a
 * non-empty document; only spaces or a comment may follow it.  Lines are re-joined
 * with "\n" (bufio.ReadLine drops a "\r" before "\n"). */
int yaml_load_values(Arena *a, const char *text, size_t n, Value *out, Buf *err)
{
    Map *vals = map_new(a, 0);
    Buf doc = BUF_INIT;
    size_t i = 0;
    int rc = 0;
    if (!vals) { buf_adds(err, "out of memory"); return -1; }
    for (;;) {
        bool eof = i >= n;
        size_t ls = i, le;
        if (!eof) {
            const char *nl = memchr(text + i, '\n', n - i);
            le = nl ? (size_t)(nl - text) : n;
            i = nl ? le + 1 : n;
            if (nl && le > ls && text[le - 1] == '\r') le--;
        } else {
            le = ls;
        }
        bool sep = !eof && le - ls >= 3 && memcmp(text + ls, "---", 3) == 0;
        if (sep) {
            size_t t = ls + 3;
            while (t < le && strchr(" \t\r\n\v\f", text[t])) t++;
            size_t te = le;
            while (te > t && strchr(" \t\r\n\v\f", text[te - 1])) te--;
            if (t < te && text[t] != '#') {
                buf_printf(err, "error reading yaml document: invalid Yaml document separator: %.*s",
                           (int)(te - t), text + t);
                rc = -1;
                break;
            }
        }
        bool had = doc.len != 0;
        if ((sep || eof) && doc.len) {
            Value v;
            Buf e = BUF_INIT;
            if (unmarshal(a, doc.data, doc.len, V_MAP, &v, &e, false) != 0) {
                buf_printf(err, "cannot unmarshal yaml document: %s", e.data ? e.data : "");
                buf_free(&e);
                rc = -1;
                break;
            }
            if (v.kind == V_MAP) merge_maps(a, vals, v.u.m);
            buf_clear(&doc);
        }
        if (eof) break;
        /* a separator that ends nothing stays in the next document (and
         * counts in its error line numbers), as YAMLReader writes it */
        if (!sep || !had) {
            buf_add(&doc, text + ls, le - ls);
            buf_addc(&doc, '\n');
        }
    }
    buf_free(&doc);
    *out = val_map(vals);
    return rc;
}
