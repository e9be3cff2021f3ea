/*
 * schema.c - the JSON Schema validator behind values.schema.json.
 *
 * It follows santhosh-tekuri/jsonschema v6, the library helm v4 calls, in
 * what shows in helm's output: the order keywords are checked in, which
 * keywords each draft knows, how errors nest (one error per schema
 * location is returned alone, several are grouped under "validation
 * failed", a $ref with one cause is invisible), and the message texts
 * (kind/kind.go).  Go iterates maps in random order, so where helm's
 * order varies (several failing properties, additional properties) we
 * use sorted key order.
 *
 * A "compiled" schema is the parsed document plus an index: every
 * subschema object is mapped to its resource (base URI, draft, anchors),
 * so $ref, $dynamicRef and $recursiveRef resolve as the library resolves
 * them.  Validation walks the document directly.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_int.h"
#include "../value/fmt.h"
#include "../util/goerr.h"

#define HELM_URL "file:///values.schema.json"
#define MAX_EVAL_DEPTH 1000   /* schema + instance nesting; Go has none, a C stack does */

/* ---- resources ---------------------------------------------------------- */

typedef struct Res {
    Str *url;            /* absolute, without fragment */
    Value node;
    int draft;
    Map *anchors;        /* name -> node */
    Map *danchors;       /* $dynamicAnchor name -> node */
    bool recursive_anchor;
} Res;

typedef struct Slot { const Map *key; Res *res; Str *loc; } Slot;

typedef struct Rx { Str *pat; pcre2_code *code; struct Rx *next; } Rx;

struct Schema {
    Arena *a;
    Value root;
    Res *rootres;
    Res **res;
    size_t nres, capres;
    Slot *slots;
    size_t nslots, used;
    Rx *rx;
    Str *url;
    bool bad;            /* compile found a problem: message in err */
    Schema *metas;       /* holds the metaschemas checked against (NULL:
                            this one): helm's charts share one */
    const SchemaLoader *load;   /* on the shared metas: remote loaders */
    Buf warned;          /* on the shared metas: URNs already warned of */
};

static bool meta_check(Schema *s, Value doc, Buf *err);
static bool meta_check_doc(Schema *s, Value doc, int draft, const char *loc, Buf *err);
static bool ref_check(Schema *s, Buf *err);
static Str *load_error(Arena *a, const Str *url);
static Res *load_remote(Schema *S, const Str *url, Str **err);
static void schema_release(Schema *s);

static size_t ptr_hash(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x ^ (x >> 29));
}

static bool slot_put(Schema *s, const Map *m, Res *r, Str *loc)
{
    if ((s->used + 1) * 2 > s->nslots) {
        size_t nn = s->nslots ? s->nslots * 2 : 64;
        Slot *ns = arena_zalloc(s->a, nn * sizeof *ns);
        if (!ns) return false;
        for (size_t i = 0; i < s->nslots; i++) {
            if (!s->slots[i].key) continue;
            size_t h = ptr_hash(s->slots[i].key) & (nn - 1);
            while (ns[h].key) h = (h + 1) & (nn - 1);
            ns[h] = s->slots[i];
        }
        s->slots = ns;
        s->nslots = nn;
    }
    size_t h = ptr_hash(m) & (s->nslots - 1);
    while (s->slots[h].key && s->slots[h].key != m) h = (h + 1) & (s->nslots - 1);
    if (!s->slots[h].key) s->used++;
    s->slots[h].key = m;
    s->slots[h].res = r;
    s->slots[h].loc = loc;
    return true;
}

static const Slot *slot_find(const Schema *s, const Map *m)
{
    if (!s->nslots) return NULL;
    size_t h = ptr_hash(m) & (s->nslots - 1);
    while (s->slots[h].key) {
        if (s->slots[h].key == m) return &s->slots[h];
        h = (h + 1) & (s->nslots - 1);
    }
    return NULL;
}

static Res *slot_get(const Schema *s, const Map *m)
{
    const Slot *sl = slot_find(s, m);
    return sl ? sl->res : NULL;
}

static Str *slot_loc(const Schema *s, const Map *m)
{
    const Slot *sl = slot_find(s, m);
    return sl ? sl->loc : NULL;
}

static Res *res_by_url(const Schema *s, const char *url, size_t n)
{
    for (size_t i = 0; i < s->nres; i++)
        if (s->res[i]->url->len == n && memcmp(s->res[i]->url->s, url, n) == 0) return s->res[i];
    return NULL;
}

static Res *res_new(Schema *s, const char *url, size_t n, Value node, int draft)
{
    Res *r = ARENA_NEW(s->a, Res);
    if (!r) return NULL;
    r->url = str_new(s->a, url, n);
    r->node = node;
    r->draft = draft;
    r->anchors = map_new(s->a, 2);
    r->danchors = map_new(s->a, 2);
    if (s->nres == s->capres) {
        size_t nc = s->capres ? s->capres * 2 : 8;
        Res **nr = arena_realloc(s->a, s->res, s->capres * sizeof *nr, nc * sizeof *nr);
        if (!nr) return NULL;
        s->res = nr;
        s->capres = nc;
    }
    s->res[s->nres++] = r;
    return r;
}

/* ---- URIs (RFC 3986 reference resolution, as net/url does it) --------- */

typedef struct Uri {
    const char *scheme; size_t nscheme;
    const char *auth; size_t nauth; bool has_auth;
    const char *path; size_t npath;
    const char *query; size_t nquery; bool has_query;
} Uri;

static void uri_split(const char *s, size_t n, Uri *u)
{
    memset(u, 0, sizeof *u);
    size_t i = 0;
    while (i < n && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#') i++;
    if (i < n && s[i] == ':' && i > 0) { u->scheme = s; u->nscheme = i; s += i + 1; n -= i + 1; }
    if (n >= 2 && s[0] == '/' && s[1] == '/') {
        size_t j = 2;
        while (j < n && s[j] != '/' && s[j] != '?' && s[j] != '#') j++;
        u->has_auth = true; u->auth = s + 2; u->nauth = j - 2;
        s += j; n -= j;
    }
    size_t j = 0;
    while (j < n && s[j] != '?' && s[j] != '#') j++;
    u->path = s; u->npath = j;
    if (j < n && s[j] == '?') {
        size_t k = j + 1;
        while (k < n && s[k] != '#') k++;
        u->has_query = true; u->query = s + j + 1; u->nquery = k - j - 1;
    }
}

static void remove_dots(Buf *out, const char *p, size_t n)
{
    /* output segments stack in out */
    size_t i = 0;
    while (i < n) {
        if (n - i >= 3 && memcmp(p + i, "../", 3) == 0) { i += 3; continue; }
        if (n - i >= 2 && memcmp(p + i, "./", 2) == 0) { i += 2; continue; }
        if (n - i >= 3 && memcmp(p + i, "/./", 3) == 0) { i += 2; continue; }
        if (n - i == 2 && memcmp(p + i, "/.", 2) == 0) { buf_addc(out, '/'); break; }
        if ((n - i >= 4 && memcmp(p + i, "/../", 4) == 0) || (n - i == 3 && memcmp(p + i, "/..", 3) == 0)) {
            bool last = n - i == 3;
            i += 3;
            while (out->len > 0 && out->data[out->len - 1] != '/') out->len--;
            if (out->len > 0) out->len--;
            if (last) { buf_addc(out, '/'); break; }
            continue;
        }
        if ((n - i == 1 && p[i] == '.') || (n - i == 2 && memcmp(p + i, "..", 2) == 0)) break;
        size_t j = i;
        if (p[j] == '/') j++;
        while (j < n && p[j] != '/') j++;
        buf_add(out, p + i, j - i);
        i = j;
    }
    if (out->data) out->data[out->len] = 0;
}

/* Resolve ref (without fragment) against base (absolute, no fragment). */
static Str *uri_resolve(Arena *a, const Str *base, const char *ref, size_t n)
{
    Uri b, r;
    uri_split(base->s, base->len, &b);
    uri_split(ref, n, &r);
    Buf o = BUF_INIT, path = BUF_INIT;
    if (r.scheme) {
        /* URL.ResolveReference then String: the scheme in lower case, an
         * authority's path without dot segments, an opaque part as it is */
        for (size_t i = 0; i < r.nscheme; i++) {
            char c = r.scheme[i];
            buf_addc(&o, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
        }
        buf_addc(&o, ':');
        if (r.has_auth) {
            remove_dots(&path, r.path, r.npath);
            /* String writes no "//" for an empty host and path */
            if (r.nauth || path.len) buf_adds(&o, "//");
            buf_add(&o, r.auth, r.nauth);
            buf_add(&o, path.data, path.len);
            if (r.has_query) { buf_addc(&o, '?'); buf_add(&o, r.query, r.nquery); }
        } else {
            buf_add(&o, r.scheme + r.nscheme + 1, n - r.nscheme - 1);
        }
    } else if (!b.has_auth && b.scheme && (b.npath == 0 || b.path[0] != '/')) {
        /* opaque base such as urn:...: only a fragment or absolute ref can
         * change it; net/url keeps the opaque part */
        buf_add(&o, base->s, base->len);
    } else {
        buf_add(&o, b.scheme, b.nscheme);
        buf_addc(&o, ':');
        if (r.has_auth) {
            buf_adds(&o, "//"); buf_add(&o, r.auth, r.nauth);
            remove_dots(&path, r.path, r.npath);
            buf_add(&o, path.data, path.len);
            if (r.has_query) { buf_addc(&o, '?'); buf_add(&o, r.query, r.nquery); }
        } else {
            if (b.has_auth) { buf_adds(&o, "//"); buf_add(&o, b.auth, b.nauth); }
            if (r.npath == 0) {
                buf_add(&o, b.path, b.npath);
                if (r.has_query) { buf_addc(&o, '?'); buf_add(&o, r.query, r.nquery); }
                else if (b.has_query) { buf_addc(&o, '?'); buf_add(&o, b.query, b.nquery); }
            } else {
                Buf merged = BUF_INIT;
                if (r.path[0] == '/') {
                    buf_add(&merged, r.path, r.npath);
                } else {
                    size_t k = b.npath;
                    while (k > 0 && b.path[k - 1] != '/') k--;
                    if (b.has_auth && b.npath == 0) buf_addc(&merged, '/');
                    buf_add(&merged, b.path, k);
                    buf_add(&merged, r.path, r.npath);
                }
                remove_dots(&path, merged.data ? merged.data : "", merged.len);
                buf_free(&merged);
                buf_add(&o, path.data, path.len);
                if (r.has_query) { buf_addc(&o, '?'); buf_add(&o, r.query, r.nquery); }
            }
        }
    }
    Str *s = str_new(a, o.data ? o.data : "", o.len);
    buf_free(&o);
    buf_free(&path);
    return s;
}

static void split_frag(const char *s, size_t n, size_t *nurl, const char **frag, size_t *nfrag)
{
    const char *h = memchr(s, '#', n);
    if (!h) { *nurl = n; *frag = s + n; *nfrag = 0; return; }
    *nurl = (size_t)(h - s);
    *frag = h + 1;
    *nfrag = n - *nurl - 1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 32);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* url.PathUnescape (a malformed escape is kept as it is) */
static Str *pct_decode(Arena *a, const char *s, size_t n)
{
    Buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n) {
            int h1 = hexval(s[i + 1]), h2 = hexval(s[i + 2]);
            if (h1 >= 0 && h2 >= 0) { buf_addc(&b, (char)(h1 * 16 + h2)); i += 2; continue; }
        }
        buf_addc(&b, s[i]);
    }
    Str *r = str_new(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return r;
}

/* ---- compile: index resources ------------------------------------------ */

static int draft_of(const Value *sv)
{
    if (!sv || sv->kind != V_STR) return 0;
    const char *s = sv->u.s->s;
    if (strstr(s, "json-schema.org/draft-04/schema")) return 4;
    if (strstr(s, "json-schema.org/draft-06/schema")) return 6;
    if (strstr(s, "json-schema.org/draft-07/schema")) return 7;
    if (strstr(s, "json-schema.org/draft/2019-09/schema")) return 2019;
    if (strstr(s, "json-schema.org/draft/2020-12/schema")) return 2020;
    if (strstr(s, "json-schema.org/schema")) return 2020;
    return 0;
}

static const char *const single_kw[] = {
    "additionalItems", "additionalProperties", "contains", "not", "if", "then", "else",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema", "items", NULL
};
static const char *const array_kw[] = { "allOf", "anyOf", "oneOf", "prefixItems", "items", NULL };
static const char *const map_kw[] = {
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies", NULL
};

static bool is_schema(Value v) { return v.kind == V_MAP || v.kind == V_BOOL; }

static bool index_node(Schema *s, Value node, Res *cur, int depth, Str *loc, Buf *err);

/* whether Go's url.Parse accepts s, for the failures an $id can show:
 * bad % escapes, control characters, a leading ':' */
static bool url_parses(const char *s, size_t n)
{
    if (n > 0 && s[0] == ':') return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) return false;
        if (c == '%' && !(i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0)) return false;
    }
    return true;
}

/* A schema's Location as the library forms it: document URL, '#', the
 * JSON pointer from the document root with each token path-escaped.  It
 * shows in reference-cycle messages. */
static void loc_token(Buf *b, const char *t, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_addc(b, '/');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '~') { buf_adds(b, "~0"); continue; }
        if (c == '/') { buf_adds(b, "%2F"); continue; }
        if (((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || (c && strchr("-_.~$&+=:@", c))) {
            buf_addc(b, (char)c);
        } else {
            buf_addc(b, '%'); buf_addc(b, hex[c >> 4]); buf_addc(b, hex[c & 15]);
        }
    }
}

static Str *loc_child(Arena *a, const Str *loc, const char *kw, const char *key, size_t nkey)
{
    Buf b = BUF_INIT;
    buf_add(&b, loc->s, loc->len);
    loc_token(&b, kw, strlen(kw));
    if (key) loc_token(&b, key, nkey);
    Str *r = str_new(a, b.data, b.len);
    buf_free(&b);
    return r;
}

static bool index_children(Schema *s, Map *m, Res *cur, int depth, Str *loc, Buf *err)
{
    for (int i = 0; single_kw[i]; i++) {
        Value *v = map_gets(m, single_kw[i]);
        if (v && is_schema(*v) && !index_node(s, *v, cur, depth + 1, loc_child(s->a, loc, single_kw[i], NULL, 0), err))
            return false;
    }
    for (int i = 0; array_kw[i]; i++) {
        Value *v = map_gets(m, array_kw[i]);
        if (!v || v->kind != V_LIST) continue;
        for (uint32_t j = 0; j < v->u.l->len; j++) {
            char t[16];
            int tn = snprintf(t, sizeof t, "%u", j);
            if (is_schema(v->u.l->items[j]) &&
                !index_node(s, v->u.l->items[j], cur, depth + 1, loc_child(s->a, loc, array_kw[i], t, (size_t)tn), err))
                return false;
        }
    }
    for (int i = 0; map_kw[i]; i++) {
        Value *v = map_gets(m, map_kw[i]);
        if (!v || v->kind != V_MAP) continue;
        for (uint32_t j = 0; j < v->u.m->used; j++) {
            MapEntry *e = &v->u.m->entries[j];
            if (e->key && is_schema(e->val) &&
                !index_node(s, e->val, cur, depth + 1, loc_child(s->a, loc, map_kw[i], e->key->s, e->key->len), err))
                return false;
        }
    }
    return true;
}

static bool index_node(Schema *s, Value node, Res *cur, int depth, Str *loc, Buf *err)
{
    if (node.kind != V_MAP) return true;
    if (depth > MAX_EVAL_DEPTH) { buf_adds(err, "schema nested too deeply"); return false; }
    Map *m = node.u.m;
    if (slot_get(s, m)) return true;
    int draft = cur->draft;
    int d2 = draft_of(map_gets(m, "$schema"));
    Value *idv = map_gets(m, draft == 4 ? "id" : "$id");
    bool has_ref = map_gets(m, "$ref") != NULL;
    if (idv && idv->kind == V_STR && !(draft < 2019 && has_ref)) {
        const char *id = idv->u.s->s;
        if (!url_parses(id, idv->u.s->len)) {
            buf_printf(err, "error in parsing id at \"%s\"", loc->s);
            return false;
        }
        size_t nurl, nfrag;
        const char *frag;
        split_frag(id, idv->u.s->len, &nurl, &frag, &nfrag);
        if (nurl > 0) {
            Str *u = uri_resolve(s->a, cur->url, id, nurl);
            Res *r = res_by_url(s, u->s, u->len);
            if (!r) r = res_new(s, u->s, u->len, node, d2 ? d2 : draft);
            else if (r->node.kind == V_NIL) r->node = node;
            if (!r) return false;
            cur = r;
            draft = cur->draft;
        }
        if (nfrag > 0 && draft < 2019 && frag[0] != '/')
            map_set(s->a, cur->anchors, pct_decode(s->a, frag, nfrag), node);
    } else if (d2 && cur->node.kind == V_MAP && cur->node.u.m == m) {
        cur->draft = d2;
        draft = d2;
    }
    if (draft >= 2019) {
        Value *an = map_gets(m, "$anchor");
        if (an && an->kind == V_STR) map_set(s->a, cur->anchors, an->u.s, node);
        Value *dan = map_gets(m, "$dynamicAnchor");
        if (dan && dan->kind == V_STR && draft >= 2020) {
            map_set(s->a, cur->anchors, dan->u.s, node);
            map_set(s->a, cur->danchors, dan->u.s, node);
        }
        Value *ra = map_gets(m, "$recursiveAnchor");
        if (ra && ra->kind == V_BOOL && ra->u.b && cur->node.kind == V_MAP && cur->node.u.m == m)
            cur->recursive_anchor = true;
    }
    if (!slot_put(s, m, cur, loc)) return false;
    return index_children(s, m, cur, depth, loc, err);
}

static Res *add_doc(Schema *s, Value doc, const char *url, int draft, Buf *err)
{
    if (doc.kind == V_MAP) {
        int d = draft_of(map_gets(doc.u.m, "$schema"));
        if (d) draft = d;
    }
    size_t nurl, nfrag;
    const char *frag;
    split_frag(url, strlen(url), &nurl, &frag, &nfrag);
    Res *r = res_by_url(s, url, nurl);
    if (!r) r = res_new(s, url, nurl, doc, draft);
    if (!r) return NULL;
    r->node = doc;
    r->draft = draft;
    Str *loc = str_cstr(s->a, arena_printf(s->a, "%.*s#", (int)nurl, url));
    if (!index_node(s, doc, r, 0, loc, err)) return NULL;
    return r;
}

Schema *schema_compile(Arena *a, Value doc, const char *url,
                       const Value *extra, const char *const *extra_urls, size_t nextra,
                       Buf *err)
{
    return schema_compile_draft(a, doc, url, 2020, extra, extra_urls, nextra, err);
}

static Schema *compile(Arena *a, Value doc, const char *url, int draft, const Value *extra,
                       const char *const *extra_urls, size_t nextra, Schema *metas, Buf *err);

Schema *schema_compile_draft(Arena *a, Value doc, const char *url, int draft,
                             const Value *extra, const char *const *extra_urls, size_t nextra,
                             Buf *err)
{
    return compile(a, doc, url, draft, extra, extra_urls, nextra, NULL, err);
}

static Schema *compile(Arena *a, Value doc, const char *url, int draft, const Value *extra,
                       const char *const *extra_urls, size_t nextra, Schema *metas, Buf *err)
{
    Schema *s = ARENA_NEW(a, Schema);
    if (!s) return NULL;
    s->a = a;
    s->metas = metas;
    s->root = doc;
    s->url = str_cstr(a, url);
    bool permissive = false;
    if (!is_schema(doc)) {
        /* what the metaschema check reports for a document that is no schema */
        static const char *const tn[] = { "null", "boolean", "number", "string", "array", "object" };
        int t = doc.kind == V_NIL ? 0 : doc.kind == V_STR ? 3 : doc.kind == V_LIST ? 4 : 2;
        buf_printf(err, "\"%s#\" is not valid against metaschema: jsonschema validation failed with "
                   "'https://json-schema.org/draft/2020-12/schema#'\n- at '': got %s, want boolean or object",
                   url, tn[t]);
        return NULL;
    }
    if (doc.kind == V_MAP) {
        Value *sv = map_gets(doc.u.m, "$schema");
        if (sv && sv->kind == V_STR && !draft_of(sv)) {
            size_t nurl, nfrag;
            const char *frag;
            split_frag(sv->u.s->s, sv->u.s->len, &nurl, &frag, &nfrag);
            Str *mu = str_new(a, sv->u.s->s, nurl);
            Str *le = NULL;
            /* an unknown metaschema is loaded like any document: urn: gives
             * the permissive one (the default dialect, nothing to check
             * against), other schemes fail as loading does */
            if (nurl >= 4 && memcmp(mu->s, "urn:", 4) == 0) {
                if (!load_remote(s, mu, &le)) { buf_add(err, le->s, le->len); return NULL; }
                permissive = true;
            } else {
                le = (nurl >= 7 && memcmp(mu->s, "file://", 7) == 0) ? load_error(a, mu) : NULL;
                if (!le) load_remote(s, mu, &le);
                if (!le) le = load_error(a, mu);
                buf_add(err, le->s, le->len);
                return NULL;
            }
        }
    }
    s->rootres = add_doc(s, doc, url, draft, err);
    if (!s->rootres) return NULL;
    for (size_t i = 0; i < nextra; i++)
        if (!add_doc(s, extra[i], extra_urls[i], draft, err)) return NULL;
    if ((!permissive && !meta_check(s, doc, err)) || !ref_check(s, err)) {
        schema_release(s);
        return NULL;
    }
    return s;
}

static void schema_release(Schema *s)
{
    for (Rx *r = s->rx; r; r = r->next) if (r->code) pcre2_code_free(r->code);
    s->rx = NULL;
}

/* ---- regex ---------------------------------------------------------------- */

/* Go's regexp (RE2) is what the library uses by default; PCRE2 with UTF
 * and $ at the very end only is the closest engine at hand. */
static pcre2_code *rx_get(Schema *s, Str *pat)
{
    for (Rx *r = s->rx; r; r = r->next)
        if (str_eq(r->pat, pat)) return r->code;
    Rx *r = ARENA_NEW(s->a, Rx);
    if (!r) return NULL;
    int ec;
    PCRE2_SIZE eo;
    r->pat = pat;
    r->code = pcre2_compile((PCRE2_SPTR)pat->s, pat->len, PCRE2_UTF | PCRE2_DOLLAR_ENDONLY,
                            &ec, &eo, NULL);
    r->next = s->rx;
    s->rx = r;
    return r->code;
}

static bool rx_match(Schema *s, Str *pat, const char *str, size_t n)
{
    pcre2_code *c = rx_get(s, pat);
    if (!c) return true;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
    if (!md) return true;
    int rc = pcre2_match(c, (PCRE2_SPTR)str, n, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

/* ---- errors -------------------------------------------------------------- */

enum { EK_LEAF, EK_GROUP, EK_REF, EK_SCHEMA };

typedef struct Path { const char *tok; size_t n; const struct Path *up; } Path;

typedef struct Err {
    int kind;
    Str *loc;            /* instance location as a JSON pointer */
    const char *msg;
    struct Err **causes;
    int ncauses;
} Err;

typedef struct ErrList { Err **v; int n, cap; } ErrList;

static void path_write(Buf *b, const Path *p)
{
    if (!p) return;
    path_write(b, p->up);
    buf_addc(b, '/');
    for (size_t i = 0; i < p->n; i++) {
        if (p->tok[i] == '~') buf_adds(b, "~0");
        else if (p->tok[i] == '/') buf_adds(b, "~1");
        else buf_addc(b, p->tok[i]);
    }
}

/* ---- uneval ------------------------------------------------------------ */

typedef struct Uneval {
    uint8_t *props;      /* per Map entry index: still unevaluated */
    uint32_t np;
    uint8_t *items;
    uint32_t ni;
} Uneval;

static bool ue_empty(const Uneval *u)
{
    for (uint32_t i = 0; i < u->np; i++) if (u->props[i]) return false;
    for (uint32_t i = 0; i < u->ni; i++) if (u->items[i]) return false;
    return true;
}

static void ue_merge(Uneval *u, const Uneval *o)
{
    for (uint32_t i = 0; i < u->np; i++) if (u->props[i] && !(i < o->np && o->props[i])) u->props[i] = 0;
    for (uint32_t i = 0; i < u->ni; i++) if (u->items[i] && !(i < o->ni && o->items[i])) u->items[i] = 0;
}

/* ---- validator ------------------------------------------------------------ */

typedef struct Scope {
    const Map *sch;      /* NULL for a boolean schema */
    Res *res;
    Str *loc;            /* the schema's Location */
    const char *refkw;   /* the keyword that jumped here ($ref ...), or NULL */
    int vid;
    const struct Scope *up;
} Scope;

typedef struct V {
    Schema *S;
    Arena *a;
    Value v;
    const Path *path;
    Value sch;
    Res *res;
    const Scope *scp;
    Uneval ue;
    ErrList errs;
    bool boolres;
    bool meta;           /* checking a schema against its metaschema */
    int depth;
    int *vidc;
} V;

static Err *validate(V *vd, Uneval *ret);

static Err *mkerr(V *vd, int kind, const char *msg)
{
    Err *e = ARENA_NEW(vd->a, Err);
    if (!e) return NULL;
    e->kind = kind;
    e->msg = msg;
    if (!vd->boolres) {
        Buf b = BUF_INIT;
        path_write(&b, vd->path);
        e->loc = str_new(vd->a, b.data ? b.data : "", b.len);
        buf_free(&b);
    }
    return e;
}

static void push(Arena *a, ErrList *l, Err *e)
{
    if (!e) return;
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 4;
        Err **nv = arena_realloc(a, l->v, (size_t)l->cap * sizeof *nv, (size_t)nc * sizeof *nv);
        if (!nv) return;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = e;
}

static void add_err(V *vd, Err *e) { push(vd->a, &vd->errs, e); }

static char *amsg(V *vd, Buf *b)
{
    char *s = arena_strndup(vd->a, b->data ? b->data : "", b->len);
    buf_free(b);
    return s;
}

static void add_leaf(V *vd, Buf *b) { add_err(vd, mkerr(vd, EK_LEAF, amsg(vd, b))); }

static void add_errors(V *vd, ErrList *l, const char *msg)
{
    Err *e = mkerr(vd, EK_LEAF, msg);
    if (!e) return;
    e->causes = l->v;
    e->ncauses = l->n;
    add_err(vd, e);
}

/* JSON type of an instance value */
enum { T_INVALID, T_NULL, T_BOOL, T_NUMBER, T_INTEGER, T_STRING, T_ARRAY, T_OBJECT };
static const char *const type_names[] = { "invalid", "null", "boolean", "number", "integer", "string", "array", "object" };

static int type_of(Value v)
{
    switch (v.kind) {
    case V_NIL: return T_NULL;
    case V_BOOL: return T_BOOL;
    case V_INT: case V_FLOAT: return T_NUMBER;
    case V_STR: return T_STRING;
    case V_LIST: return T_ARRAY;
    case V_MAP: return T_OBJECT;
    case V_OBJ: return schema_number_literal(v) ? T_NUMBER : T_INVALID;
    default: return T_INVALID;
    }
}

static bool is_integer(Arena *a, Value v)
{
    Dec d;
    return sdec_of(a, v, &d) && sdec_is_int(&d);
}

static bool equals(Arena *a, Value x, Value y, int depth)
{
    int tx = type_of(x), ty = type_of(y);
    if (tx != ty || depth > MAX_EVAL_DEPTH) return false;
    switch (tx) {
    case T_NULL: return true;
    case T_BOOL: return x.u.b == y.u.b;
    case T_STRING: return str_eq(x.u.s, y.u.s);
    case T_NUMBER: {
        Dec dx, dy;
        return sdec_of(a, x, &dx) && sdec_of(a, y, &dy) && sdec_cmp(&dx, &dy) == 0;
    }
    case T_ARRAY:
        if (x.u.l->len != y.u.l->len) return false;
        for (uint32_t i = 0; i < x.u.l->len; i++)
            if (!equals(a, x.u.l->items[i], y.u.l->items[i], depth + 1)) return false;
        return true;
    case T_OBJECT:
        if (map_len(x.u.m) != map_len(y.u.m)) return false;
        for (uint32_t i = 0; i < x.u.m->used; i++) {
            MapEntry *e = &x.u.m->entries[i];
            if (!e->key) continue;
            Value *o = map_get(y.u.m, e->key);
            if (!o || !equals(a, e->val, *o, depth + 1)) return false;
        }
        return true;
    }
    return false;
}

/* kind.display: strings quoted, lists and maps "value", else %v */
static void display(Buf *b, Value v)
{
    if (v.kind == V_STR) sfmt_quote(b, v.u.s->s, v.u.s->len);
    else if (v.kind == V_LIST || v.kind == V_MAP) buf_adds(b, "value");
    else fmt_value(b, v);
}

static Value *kw(const V *vd, const char *name)
{
    return vd->sch.kind == V_MAP ? map_gets(vd->sch.u.m, name) : NULL;
}

static bool kw_num(V *vd, const char *name, Dec *d)
{
    Value *v = kw(vd, name);
    return v && sdec_of(vd->a, *v, d);
}

static bool kw_int(V *vd, const char *name, long long *out)
{
    Dec d;
    return kw_num(vd, name, &d) && sdec_int(&d, out);
}

static bool kw_true(V *vd, const char *name)
{
    Value *v = kw(vd, name);
    return v && v->kind == V_BOOL && v->u.b;
}

static int draft(const V *vd) { return vd->res ? vd->res->draft : 2020; }

/* what the compiled schema knows about evaluated properties and items */
static bool all_props_evaluated(Value sch)
{
    return sch.kind == V_MAP && map_gets(sch.u.m, "additionalProperties");
}

static void items_evaluated(Value sch, int dr, bool *all, uint32_t *num)
{
    *all = false;
    *num = 0;
    if (sch.kind != V_MAP) return;
    Value *it = map_gets(sch.u.m, "items");
    if (dr >= 2020) {
        if (it) *all = true;
        Value *pi = map_gets(sch.u.m, "prefixItems");
        if (pi && pi->kind == V_LIST) *num = pi->u.l->len;
    } else if (it) {
        if (it->kind == V_LIST) {
            *num = it->u.l->len;
            if (map_gets(sch.u.m, "additionalItems")) *all = true;
        } else {
            *all = true;
        }
    }
}

static Res *res_of(const Schema *S, Value sch, Res *fallback)
{
    if (sch.kind != V_MAP) return fallback;
    Res *r = slot_get(S, sch.u.m);
    return r ? r : fallback;
}

static void ue_from(V *sub, bool caller_needs)
{
    Value v = sub->v, sch = sub->sch;
    memset(&sub->ue, 0, sizeof sub->ue);
    if (v.kind == V_MAP) {
        bool has_uneval = sch.kind == V_MAP && map_gets(sch.u.m, "unevaluatedProperties") && draft(sub) >= 2019;
        if (!all_props_evaluated(sch) && (caller_needs || has_uneval)) {
            sub->ue.np = v.u.m->used;
            sub->ue.props = arena_zalloc(sub->a, sub->ue.np + 1);
            for (uint32_t i = 0; i < sub->ue.np; i++) sub->ue.props[i] = v.u.m->entries[i].key != NULL;
        }
    } else if (v.kind == V_LIST) {
        bool all;
        uint32_t num;
        items_evaluated(sch, draft(sub), &all, &num);
        bool has_uneval = sch.kind == V_MAP && map_gets(sch.u.m, "unevaluatedItems") && draft(sub) >= 2019;
        if (!all && (caller_needs || has_uneval) && num < v.u.l->len) {
            sub->ue.ni = v.u.l->len;
            sub->ue.items = arena_zalloc(sub->a, sub->ue.ni + 1);
            for (uint32_t i = num; i < sub->ue.ni; i++) sub->ue.items[i] = 1;
        }
    }
}

static void sub_init(V *sub, const V *vd, Value sch, const char *refkw, bool newval)
{
    memset(sub, 0, sizeof *sub);
    sub->S = vd->S;
    sub->a = vd->a;
    sub->v = vd->v;
    sub->path = vd->path;
    sub->sch = sch;
    sub->res = res_of(vd->S, sch, vd->res);
    sub->boolres = vd->boolres;
    sub->meta = vd->meta;
    sub->depth = vd->depth + 1;
    sub->vidc = vd->vidc;
    Scope *sc = ARENA_NEW(vd->a, Scope);
    if (sc) {
        sc->sch = sch.kind == V_MAP ? sch.u.m : NULL;
        sc->res = sub->res;
        sc->loc = sc->sch ? slot_loc(vd->S, sc->sch) : NULL;
        sc->refkw = refkw;
        sc->vid = newval ? ++*vd->vidc : vd->scp->vid;
        sc->up = vd->scp;
    }
    sub->scp = sc;
}

static Err *validate_self(V *vd, Value sch, const char *refkw, bool boolres)
{
    V sub;
    sub_init(&sub, vd, sch, refkw, false);
    sub.boolres = vd->boolres || boolres;
    ue_from(&sub, !ue_empty(&vd->ue));
    Uneval got;
    Err *e = validate(&sub, &got);
    if (!e) ue_merge(&vd->ue, &got);
    return e;
}

static Err *validate_val(V *vd, Value sch, Value v, const char *tok, size_t n)
{
    V sub;
    Path p = { tok, n, vd->path };
    sub_init(&sub, vd, sch, NULL, true);
    sub.v = v;
    sub.path = &p;
    ue_from(&sub, false);
    return validate(&sub, NULL);
}

static Err *validate_idx(V *vd, Value sch, Value v, uint32_t i)
{
    char t[16];
    int n = snprintf(t, sizeof t, "%u", i);
    char *tok = arena_strndup(vd->a, t, (size_t)n);
    return validate_val(vd, sch, v, tok, (size_t)n);
}

/* ---- $ref resolution ---------------------------------------------------- */

static bool ptr_lookup(Arena *a, Value root, const char *p, size_t n, Value *out)
{
    Value cur = root;
    size_t i = 0;
    while (i < n) {
        if (p[i] != '/') return false;
        size_t j = i + 1;
        while (j < n && p[j] != '/') j++;
        Buf t = BUF_INIT;
        for (size_t k = i + 1; k < j; k++) {
            if (p[k] == '~' && k + 1 < j && p[k + 1] == '0') { buf_addc(&t, '~'); k++; }
            else if (p[k] == '~' && k + 1 < j && p[k + 1] == '1') { buf_addc(&t, '/'); k++; }
            else buf_addc(&t, p[k]);
        }
        bool ok = false;
        if (cur.kind == V_MAP) {
            Value *v = map_getn(cur.u.m, t.data ? t.data : "", t.len);
            if (v) { cur = *v; ok = true; }
        } else if (cur.kind == V_LIST && t.len > 0 && t.len < 10) {
            char *end;
            long idx = strtol(t.data, &end, 10);
            if (*end == 0 && idx >= 0 && (uint32_t)idx < cur.u.l->len && !(t.len > 1 && t.data[0] == '0')) {
                cur = cur.u.l->items[idx];
                ok = true;
            }
        }
        buf_free(&t);
        if (!ok) return false;
        i = j;
    }
    *out = cur;
    return true;
}

/* The library serves json-schema.org's metaschemas from its own copies,
 * over http or https alike. */
static Res *load_meta(Schema *S, const Str *url)
{
    const char *u = url->s;
    size_t n = url->len;
    if (n >= 7 && memcmp(u, "http://", 7) == 0) { u += 7; n -= 7; }
    else if (n >= 8 && memcmp(u, "https://", 8) == 0) { u += 8; n -= 8; }
    else return NULL;
    for (const SchemaMeta *m = schema_metaschemas; m->url; m++) {
        const char *mu = strstr(m->url, "://") + 3;
        if (strlen(mu) != n || memcmp(mu, u, n) != 0) continue;
        Value doc;
        Buf e = BUF_INIT;
        Res *r = NULL;
        if (schema_json_parse(S->a, m->json, strlen(m->json), &doc, &e) == 0) {
            r = add_doc(S, doc, m->url, 2020, &e);
            if (r && !str_eq(r->url, url)) {
                Res *alias = res_new(S, url->s, url->len, doc, r->draft);
                if (alias) { alias->anchors = r->anchors; alias->danchors = r->danchors; }
            }
        }
        buf_free(&e);
        return r;
    }
    return NULL;
}

/* What the library says when loading a document it does not have: it
 * would read file: URLs from disk; http(s) ones come through the
 * caller's fetch (load_remote), without one they are unreachable. */
static Str *load_error(Arena *a, const Str *url)
{
    if (url->len >= 8 && memcmp(url->s, "file:///", 8) == 0)
        return str_cstr(a, arena_printf(a, "failing loading \"%s\": open %s: no such file or directory",
                                        url->s, url->s + 7));
    return str_cstr(a, arena_printf(a, "failing loading \"%s\": remote references are not fetched by chartc",
                                    url->s));
}

#define SCHEMA_FILE_MAX ((size_t)64 << 20)

/* jsonschema.FileLoader: the URL's path read from disk, as os.Open and
 * UnmarshalJSON report it */
/* A loaded document: parsed as the library's UnmarshalJSON, added, and
 * checked against its metaschema.  NULL with *err when any step fails. */
static Res *load_text(Schema *S, const Str *url, const Buf *text, Str **err)
{
    Arena *a = S->a;
    Value doc;
    Buf e = BUF_INIT;
    Res *res = NULL;
    if (schema_json_parse(a, text->data ? text->data : "", text->len, &doc, &e) < 0) {
        *err = str_cstr(a, arena_printf(a, "failing loading \"%s\": %.*s", url->s, (int)e.len, e.data ? e.data : ""));
    } else {
        buf_clear(&e);
        res = add_doc(S, doc, url->s, 2020, &e);
        if (res && !meta_check_doc(S, doc, res->draft, arena_printf(a, "%s#", url->s), &e)) res = NULL;
        if (!res) *err = str_cstr(a, arena_printf(a, "%.*s", (int)e.len, e.data ? e.data : ""));
    }
    buf_free(&e);
    return res;
}

static Res *load_file(Schema *S, const Str *url, Str **err)
{
    Arena *a = S->a;
    /* url.Parse's Path: after the authority of file://host/..., the rest of
     * file:/..., nothing for an opaque file:x */
    const char *p = url->s + 5;
    size_t n = url->len - 5;
    if (n >= 2 && p[0] == '/' && p[1] == '/') {
        const char *slash = memchr(p + 2, '/', n - 2);
        n = slash ? n - (size_t)(slash - p) : 0;
        p = slash ? slash : p + n;
    } else if (!n || p[0] != '/') {
        n = 0;
    }
    Str *path = pct_decode(a, p, n);
    FILE *f = fopen(path->s, "rb");
    if (!f) {
        *err = str_cstr(a, arena_printf(a, "failing loading \"%s\": open %s: %s", url->s, path->s, go_errno_text(errno)));
        return NULL;
    }
    /* encoding/json's Decoder stops at the first bad byte, so helm answers
     * at once for file:///dev/zero; reading is bounded here and a longer
     * document is judged by its beginning */
    Buf b = BUF_INIT;
    char tmp[65536];
    size_t r;
    while (b.len < SCHEMA_FILE_MAX && (r = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, r);
    int rerr = ferror(f) ? errno : 0;
    fclose(f);
    Res *res = NULL;
    if (rerr) *err = str_cstr(a, arena_printf(a, "failing loading \"%s\": read %s: %s", url->s, path->s, go_errno_text(rerr)));
    else res = load_text(S, url, &b, err);
    buf_free(&b);
    return res;
}

/* helm's loaders for what the schema does not hold: urn: becomes the
 * permissive schema `true` (with its warning, once per URN); http(s)
 * documents are fetched as HTTPURLLoader does and parsed as the library's
 * UnmarshalJSON.  NULL with *err (the LoadURLError text) when that fails,
 * or when the URL is of neither kind. */
static Res *load_remote(Schema *S, const Str *url, Str **err)
{
    Arena *a = S->a;
    Schema *sh = S->metas ? S->metas : S;
    const SchemaLoader *ld = sh->load;
    if (url->len >= 5 && memcmp(url->s, "file:", 5) == 0) return load_file(S, url, err);
    if (url->len >= 4 && memcmp(url->s, "urn:", 4) == 0) {
        if (ld && ld->warn) {
            const char *w = sh->warned.data;
            size_t wl = sh->warned.len;
            bool seen = false;
            for (size_t i = 0; i < wl;) {
                const char *nl = memchr(w + i, '\n', wl - i);
                size_t l = (size_t)(nl - (w + i));
                if (l == url->len && memcmp(w + i, url->s, l) == 0) { seen = true; break; }
                i += l + 1;
            }
            if (!seen) {
                buf_add(&sh->warned, url->s, url->len);
                buf_addc(&sh->warned, '\n');
                buf_adds(ld->warn, "level=WARN msg=\"unresolved URN reference ignored; using permissive schema\" urn=");
                bool plain = url->len > 0;
                for (size_t i = 0; i < url->len; i++) {
                    unsigned char c = (unsigned char)url->s[i];
                    if (c <= ' ' || c == '=' || c == '"' || c >= 0x7f) plain = false;
                }
                if (plain) buf_add(ld->warn, url->s, url->len);
                else sfmt_quote(ld->warn, url->s, url->len);
                buf_addc(ld->warn, '\n');
            }
        }
        Buf e = BUF_INIT;
        Res *r = add_doc(S, val_bool(true), url->s, 2020, &e);
        buf_free(&e);
        if (!r) *err = load_error(a, url);
        return r;
    }
    bool http = (url->len >= 7 && memcmp(url->s, "http://", 7) == 0) ||
                (url->len >= 8 && memcmp(url->s, "https://", 8) == 0);
    if (!http) {
        /* SchemeURLLoader has file, http, https and urn only */
        *err = str_cstr(a, arena_printf(a, "failing loading \"%s\": no URLLoader registered for \"%s\"",
                                        url->s, url->s));
        return NULL;
    }
    if (!ld || !ld->fetch) {
        *err = load_error(a, url);
        return NULL;
    }
    Buf body = BUF_INIT, e = BUF_INIT;
    int status = 0;
    Res *r = NULL;
    if (ld->fetch(ld->ud, url->s, &status, &body, &e) < 0) {
        *err = str_cstr(a, arena_printf(a, "failing loading \"%s\": HTTP request failed for %s: %.*s",
                                        url->s, url->s, (int)e.len, e.data ? e.data : ""));
    } else if (status != 200) {
        *err = str_cstr(a, arena_printf(a, "failing loading \"%s\": HTTP request to %s returned status %d (%s)",
                                        url->s, url->s, status, http_status_text(status)));
    } else {
        r = load_text(S, url, &body, err);
    }
    buf_free(&body);
    buf_free(&e);
    return r;
}

/* Resolve ref against the base of resource `r`.  *anchor gets the anchor
 * name when the fragment is one; on failure *err is the library's
 * message (JSONPointerNotFoundError, AnchorNotFoundError, LoadURLError). */
static bool resolve_ref(Schema *S, Res *r, Str *ref, Value *out, Str **anchor, Str **err)
{
    Arena *a = S->a;
    size_t nurl, nfrag;
    const char *frag;
    split_frag(ref->s, ref->len, &nurl, &frag, &nfrag);
    Res *target = r;
    Str *url = r->url;
    if (nurl > 0) {
        url = uri_resolve(a, r->url, ref->s, nurl);
        target = res_by_url(S, url->s, url->len);
    }
    *anchor = NULL;
    if (!target) target = load_meta(S, url);
    if (!target) target = load_remote(S, url, err);
    if (!target) return false;
    Str *f = pct_decode(a, frag, nfrag);
    if (f->len == 0 || f->s[0] == '/') {
        if (!ptr_lookup(a, target->node, f->s, f->len, out)) {
            *err = str_cstr(a, arena_printf(a, "json-pointer in \"%s#%.*s\" not found", url->s, (int)nfrag, frag));
            return false;
        }
        /* a pointer may land outside the subschemas indexed at compile
         * time (a plain object of definitions): the library checks what
         * it finds there against the metaschema, then compiles it in the
         * resource it was found in */
        if (out->kind != V_MAP || !slot_get(S, out->u.m)) {
            Buf me = BUF_INIT;
            if (!meta_check_doc(S, *out, target->draft, arena_printf(a, "%s#%s", url->s, f->s), &me)) {
                *err = str_new(a, me.data ? me.data : "", me.len);
                buf_free(&me);
                return false;
            }
            buf_free(&me);
        }
        if (out->kind == V_MAP && !slot_get(S, out->u.m)) {
            Buf e = BUF_INIT;
            Str *base = target->node.kind == V_MAP ? slot_loc(S, target->node.u.m) : NULL;
            Str *loc = str_cstr(a, arena_printf(a, "%s%s", base ? base->s : arena_printf(a, "%s#", url->s), f->s));
            index_node(S, *out, target, 0, loc, &e);
            buf_free(&e);
        }
        return true;
    }
    Value *n = map_get(target->anchors, f);
    if (!n) {
        *err = str_cstr(a, arena_printf(a, "anchor in \"%s#%.*s\" not found in schema \"%s\"",
                                        url->s, (int)nfrag, frag, url->s));
        return false;
    }
    *anchor = f;
    *out = *n;
    return true;
}

static Err *validate_ref(V *vd, Value target, const char *kwname)
{
    Err *e = validate_self(vd, target, kwname, false);
    if (!e) return NULL;
    Err *r = mkerr(vd, EK_REF, "validation failed");
    if (!r) return e;
    if (e->kind == EK_GROUP) { r->causes = e->causes; r->ncauses = e->ncauses; }
    else {
        r->causes = ARENA_NEWN(vd->a, Err *, 1);
        if (r->causes) { r->causes[0] = e; r->ncauses = 1; }
    }
    return r;
}

/* helm would fetch a remote $ref; chartc renders offline and says so */
static Err *ref_error(V *vd, Str *what)
{
    return mkerr(vd, EK_LEAF, what->s);
}

static Err *do_ref(V *vd)
{
    Value *rv = kw(vd, "$ref");
    if (!rv || rv->kind != V_STR) return NULL;
    Value target;
    Str *anchor, *what = NULL;
    if (!resolve_ref(vd->S, vd->res, rv->u.s, &target, &anchor, &what)) return ref_error(vd, what);
    return validate_ref(vd, target, "$ref");
}

static void do_dynamic_refs(V *vd)
{
    Value *rr = kw(vd, "$recursiveRef");
    if (rr && rr->kind == V_STR && draft(vd) == 2019) {
        Value target;
        Str *anchor, *what = NULL;
        if (!resolve_ref(vd->S, vd->res, rr->u.s, &target, &anchor, &what)) {
            add_err(vd, ref_error(vd, what));
        } else {
            Res *tr = res_of(vd->S, target, vd->res);
            if (tr && tr->recursive_anchor && target.kind == V_MAP && tr->node.kind == V_MAP && tr->node.u.m == target.u.m) {
                for (const Scope *s = vd->scp; s; s = s->up)
                    if (s->res && s->res->recursive_anchor) target = s->res->node;
            }
            add_err(vd, validate_ref(vd, target, "$recursiveRef"));
        }
    }
    Value *dr = kw(vd, "$dynamicRef");
    if (dr && dr->kind == V_STR && draft(vd) >= 2020) {
        Value target;
        Str *anchor, *what = NULL;
        if (!resolve_ref(vd->S, vd->res, dr->u.s, &target, &anchor, &what)) {
            add_err(vd, ref_error(vd, what));
            return;
        }
        if (anchor && target.kind == V_MAP) {
            Value *da = map_gets(target.u.m, "$dynamicAnchor");
            if (da && da->kind == V_STR && str_eq(da->u.s, anchor)) {
                for (const Scope *s = vd->scp; s; s = s->up) {
                    if (!s->res) continue;
                    Value *n = map_get(s->res->danchors, anchor);
                    if (n) target = *n;
                }
            }
        }
        add_err(vd, validate_ref(vd, target, "$dynamicRef"));
    }
}

/* ---- keyword groups --------------------------------------------------------- */

static void missing_list(V *vd, Map *obj, Value req, Buf *b, int *count)
{
    *count = 0;
    if (req.kind != V_LIST) return;
    for (uint32_t i = 0; i < req.u.l->len; i++) {
        Value r = req.u.l->items[i];
        if (r.kind != V_STR || map_get(obj, r.u.s)) continue;
        if (*count) buf_adds(b, ", ");
        sfmt_quote(b, r.u.s->s, r.u.s->len);
        (*count)++;
    }
}

/* dependencies (array form, drafts <= 7) and dependentRequired: the names
 * in `req` must be present because `key` is. */
static void dependent_required(V *vd, Map *obj, Value req, const Str *key)
{
    Buf b = BUF_INIT;
    int cnt;
    missing_list(vd, obj, req, &b, &cnt);
    if (cnt) {
        Buf m = BUF_INIT;
        buf_adds(&m, "properties ");
        buf_add(&m, b.data, b.len);
        buf_adds(&m, " required, if ");
        sfmt_quote(&m, key->s, key->len);
        buf_adds(&m, " exists");
        add_leaf(vd, &m);
    }
    buf_free(&b);
}

static void obj_validate(V *vd, Map *obj)
{
    int dr = draft(vd);
    long long n;
    if (kw_int(vd, "minProperties", &n) && (long long)map_len(obj) < n) {
        Buf b = BUF_INIT;
        buf_adds(&b, "minProperties: got "); sfmt_int(&b, map_len(obj));
        buf_adds(&b, ", want "); sfmt_int(&b, n);
        add_leaf(vd, &b);
    }
    if (kw_int(vd, "maxProperties", &n) && (long long)map_len(obj) > n) {
        Buf b = BUF_INIT;
        buf_adds(&b, "maxProperties: got "); sfmt_int(&b, map_len(obj));
        buf_adds(&b, ", want "); sfmt_int(&b, n);
        add_leaf(vd, &b);
    }
    Value *req = kw(vd, "required");
    if (req && req->kind == V_LIST) {
        Buf b = BUF_INIT;
        int cnt;
        missing_list(vd, obj, *req, &b, &cnt);
        if (cnt) {
            Buf m = BUF_INIT;
            buf_adds(&m, cnt == 1 ? "missing property " : "missing properties ");
            buf_add(&m, b.data, b.len);
            add_leaf(vd, &m);
        }
        buf_free(&b);
    }
    if (vd->boolres && vd->errs.n) return;

    MapEntry **sorted = map_sorted(obj, vd->a);
    Value *deps = kw(vd, "dependencies");
    if (deps && deps->kind == V_MAP) {
        MapEntry **ds = map_sorted(deps->u.m, vd->a);
        for (uint32_t i = 0; ds && i < map_len(deps->u.m); i++) {
            if (!map_get(obj, ds[i]->key)) continue;
            Value d = ds[i]->val;
            if (d.kind == V_LIST) {
                dependent_required(vd, obj, d, ds[i]->key);
            } else if (is_schema(d)) {
                add_err(vd, validate_self(vd, d, NULL, false));
            }
        }
    }

    Value *props = kw(vd, "properties");
    Value *pprops = kw(vd, "patternProperties");
    Value *addl = kw(vd, "additionalProperties");
    MapEntry **pp = pprops && pprops->kind == V_MAP ? map_sorted(pprops->u.m, vd->a) : NULL;
    Buf extra = BUF_INIT;
    int nextra = 0;
    for (uint32_t i = 0; sorted && i < map_len(obj); i++) {
        if (vd->boolres && vd->errs.n) { buf_free(&extra); return; }
        MapEntry *e = sorted[i];
        bool evaluated = false;
        if (props && props->kind == V_MAP) {
            Value *ps = map_get(props->u.m, e->key);
            if (ps && is_schema(*ps)) {
                evaluated = true;
                add_err(vd, validate_val(vd, *ps, e->val, e->key->s, e->key->len));
            }
        }
        if (pp) {
            for (uint32_t j = 0; j < map_len(pprops->u.m); j++) {
                if (!is_schema(pp[j]->val)) continue;
                if (rx_match(vd->S, pp[j]->key, e->key->s, e->key->len)) {
                    evaluated = true;
                    add_err(vd, validate_val(vd, pp[j]->val, e->val, e->key->s, e->key->len));
                }
            }
        }
        if (!evaluated && addl) {
            if (addl->kind == V_BOOL) {
                evaluated = true;
                if (!addl->u.b) {
                    if (nextra++) buf_adds(&extra, ", ");
                    sfmt_quote(&extra, e->key->s, e->key->len);
                }
            } else if (addl->kind == V_MAP) {
                evaluated = true;
                add_err(vd, validate_val(vd, *addl, e->val, e->key->s, e->key->len));
            }
        }
        if (evaluated && vd->ue.props) vd->ue.props[e - obj->entries] = 0;
    }
    if (nextra) {
        Buf m = BUF_INIT;
        buf_adds(&m, "additional properties ");
        buf_add(&m, extra.data, extra.len);
        buf_adds(&m, " not allowed");
        add_leaf(vd, &m);
    }
    buf_free(&extra);
    if (dr == 4) return;

    Value *pn = kw(vd, "propertyNames");
    if (pn && is_schema(*pn)) {
        for (uint32_t i = 0; sorted && i < map_len(obj); i++) {
            V sub;
            sub_init(&sub, vd, *pn, NULL, true);
            sub.v = val_str(sorted[i]->key);
            sub.path = NULL;
            ue_from(&sub, false);
            Err *e = validate(&sub, NULL);
            if (!e) continue;
            /* the reference reports these at '' whatever the object's
             * location (env.bad-key gives "at '': invalid propertyName") */
            const Path *save = vd->path;
            vd->path = NULL;
            Err *w = mkerr(vd, EK_LEAF, NULL);
            vd->path = save;
            if (!w) continue;
            Buf b = BUF_INIT;
            buf_adds(&b, "invalid propertyName ");
            sfmt_quote(&b, sorted[i]->key->s, sorted[i]->key->len);
            w->msg = amsg(vd, &b);
            /* Schema.validate wraps the result as the library's top level
             * does: a group's causes, else the error itself */
            if (e->kind == EK_GROUP) { w->causes = e->causes; w->ncauses = e->ncauses; }
            else { w->causes = ARENA_NEWN(vd->a, Err *, 1); if (w->causes) { w->causes[0] = e; w->ncauses = 1; } }
            add_err(vd, w);
        }
    }
    if (dr == 6) return;

    if (dr >= 2019) {
        Value *dsch = kw(vd, "dependentSchemas");
        if (dsch && dsch->kind == V_MAP) {
            MapEntry **ds = map_sorted(dsch->u.m, vd->a);
            for (uint32_t i = 0; ds && i < map_len(dsch->u.m); i++)
                if (map_get(obj, ds[i]->key) && is_schema(ds[i]->val))
                    add_err(vd, validate_self(vd, ds[i]->val, NULL, false));
        }
        Value *dreq = kw(vd, "dependentRequired");
        if (dreq && dreq->kind == V_MAP) {
            MapEntry **ds = map_sorted(dreq->u.m, vd->a);
            for (uint32_t i = 0; ds && i < map_len(dreq->u.m); i++) {
                if (!map_get(obj, ds[i]->key) || ds[i]->val.kind != V_LIST) continue;
                dependent_required(vd, obj, ds[i]->val, ds[i]->key);
            }
        }
    }
}

/* A hash consistent with equals(): numbers by their exact decimal, maps
 * independent of key order. */
static uint64_t value_hash(Arena *a, Value v, int depth)
{
    uint64_t h = 1469598103934665603ull;
    int t = type_of(v);
    h = (h ^ (uint64_t)t) * 1099511628211ull;
    if (depth > MAX_EVAL_DEPTH) return h;
    switch (t) {
    case T_BOOL: return h ^ (v.u.b ? 7 : 3);
    case T_STRING: return (h ^ str_hash(v.u.s)) * 1099511628211ull;
    case T_NUMBER: {
        Dec d;
        if (!sdec_of(a, v, &d)) return h;
        h = (h ^ (uint64_t)d.neg) * 1099511628211ull;
        h = (h ^ (uint64_t)d.exp) * 1099511628211ull;
        for (int k = 0; k < d.nd; k++) h = (h ^ (unsigned char)d.dig[k]) * 1099511628211ull;
        return h;
    }
    case T_ARRAY:
        for (uint32_t k = 0; k < v.u.l->len; k++) h = (h ^ value_hash(a, v.u.l->items[k], depth + 1)) * 1099511628211ull;
        return h;
    case T_OBJECT: {
        uint64_t sum = 0;
        for (uint32_t k = 0; k < v.u.m->used; k++) {
            MapEntry *e = &v.u.m->entries[k];
            if (e->key) sum += (str_hash(e->key) * 31ull) ^ value_hash(a, e->val, depth + 1);
        }
        return h ^ sum;
    }
    default: return h;
    }
}

typedef struct HI { uint64_t h; uint32_t i; } HI;

static int hi_cmp(const void *x, const void *y)
{
    const HI *a = x, *b = y;
    if (a->h != b->h) return a->h < b->h ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The pair the library reports for uniqueItems: the first item i equal
 * to an earlier one, and the earliest such j.  Hashing keeps long lists
 * from costing n² comparisons, as the library's own hashing does. */
static bool first_duplicate(Arena *a, const List *arr, uint32_t *pj, uint32_t *pi)
{
    uint32_t n = arr->len;
    if (n <= 20) {
        for (uint32_t i = 1; i < n; i++)
            for (uint32_t j = 0; j < i; j++)
                if (equals(a, arr->items[i], arr->items[j], 0)) { *pj = j; *pi = i; return true; }
        return false;
    }
    HI *v = ARENA_NEWN(a, HI, n);
    if (!v) return false;
    for (uint32_t k = 0; k < n; k++) { v[k].h = value_hash(a, arr->items[k], 0); v[k].i = k; }
    qsort(v, n, sizeof *v, hi_cmp);
    bool found = false;
    for (uint32_t g = 0; g < n;) {
        uint32_t e = g + 1;
        while (e < n && v[e].h == v[g].h) e++;
        for (uint32_t x = g + 1; x < e; x++) {
            if (found && v[x].i > *pi) break;
            for (uint32_t y = g; y < x; y++)
                if (equals(a, arr->items[v[x].i], arr->items[v[y].i], 0)) {
                    if (!found || v[x].i < *pi || (v[x].i == *pi && v[y].i < *pj)) {
                        *pi = v[x].i;
                        *pj = v[y].i;
                        found = true;
                    }
                    break;
                }
        }
        g = e;
    }
    return found;
}

static void int_list(Buf *b, const uint32_t *v, int n)
{
    for (int i = 0; i < n; i++) {
        if (i) buf_addc(b, ' ');
        buf_printf(b, "%u", v[i]);
    }
}

static void arr_validate(V *vd, List *arr)
{
    int dr = draft(vd);
    long long n;
    if (kw_int(vd, "minItems", &n) && (long long)arr->len < n) {
        Buf b = BUF_INIT;
        buf_adds(&b, "minItems: got "); sfmt_int(&b, arr->len);
        buf_adds(&b, ", want "); sfmt_int(&b, n);
        add_leaf(vd, &b);
    }
    if (kw_int(vd, "maxItems", &n) && (long long)arr->len > n) {
        Buf b = BUF_INIT;
        buf_adds(&b, "maxItems: got "); sfmt_int(&b, arr->len);
        buf_adds(&b, ", want "); sfmt_int(&b, n);
        add_leaf(vd, &b);
    }
    if (kw_true(vd, "uniqueItems") && arr->len > 1) {
        uint32_t i = 0, j = 0;
        if (first_duplicate(vd->a, arr, &j, &i)) {
            Buf b = BUF_INIT;
            buf_adds(&b, "items at "); sfmt_int(&b, j);
            buf_adds(&b, " and "); sfmt_int(&b, i);
            buf_adds(&b, " are equal");
            add_leaf(vd, &b);
        }
    }
    Value *items = kw(vd, "items");
    if (dr < 2020) {
        uint32_t evaluated = 0;
        if (items && is_schema(*items)) {
            for (uint32_t i = 0; i < arr->len; i++) add_err(vd, validate_idx(vd, *items, arr->items[i], i));
            evaluated = arr->len;
        } else if (items && items->kind == V_LIST) {
            uint32_t m = arr->len < items->u.l->len ? arr->len : items->u.l->len;
            for (uint32_t i = 0; i < m; i++)
                if (is_schema(items->u.l->items[i]))
                    add_err(vd, validate_idx(vd, items->u.l->items[i], arr->items[i], i));
            evaluated = m;
            Value *ai = kw(vd, "additionalItems");
            if (ai && ai->kind == V_BOOL) {
                if (!ai->u.b && evaluated != arr->len) {
                    Buf b = BUF_INIT;
                    buf_adds(&b, "last "); sfmt_int(&b, arr->len - evaluated);
                    buf_adds(&b, " additionalItem(s) not allowed");
                    add_leaf(vd, &b);
                }
            } else if (ai && ai->kind == V_MAP) {
                /* same relative naming as items after prefixItems: the
                 * reference reports l[1] of a one-schema items as /l/0 */
                for (uint32_t i = evaluated; i < arr->len; i++)
                    add_err(vd, validate_idx(vd, *ai, arr->items[i], i - evaluated));
            }
        }
    } else {
        Value *pi = kw(vd, "prefixItems");
        uint32_t evaluated = 0;
        if (pi && pi->kind == V_LIST) {
            evaluated = arr->len < pi->u.l->len ? arr->len : pi->u.l->len;
            for (uint32_t i = 0; i < evaluated; i++)
                if (is_schema(pi->u.l->items[i]))
                    add_err(vd, validate_idx(vd, pi->u.l->items[i], arr->items[i], i));
        }
        /* v6 names these items by their index after the prefix: the
         * reference reports hosts[1] of a one-schema prefixItems as /0 */
        if (items && is_schema(*items))
            for (uint32_t i = evaluated; i < arr->len; i++)
                add_err(vd, validate_idx(vd, *items, arr->items[i], i - evaluated));
    }
    Value *contains = kw(vd, "contains");
    if (contains && is_schema(*contains) && dr >= 6) {
        ErrList errs = { 0 };
        uint32_t *matched = ARENA_NEWN(vd->a, uint32_t, arr->len + 1);
        int nm = 0;
        for (uint32_t i = 0; i < arr->len; i++) {
            Err *e = validate_idx(vd, *contains, arr->items[i], i);
            if (e) push(vd->a, &errs, e);
            else {
                if (matched) matched[nm] = i;
                nm++;
                if (dr >= 2020 && vd->ue.items && i < vd->ue.ni) vd->ue.items[i] = 0;
            }
        }
        long long mn, mx;
        bool has_min = dr >= 2019 && kw_int(vd, "minContains", &mn);
        bool has_max = dr >= 2019 && kw_int(vd, "maxContains", &mx);
        if (has_min) {
            if (nm < mn) {
                Buf b = BUF_INIT;
                if (nm == 0) {
                    buf_adds(&b, "min "); sfmt_int(&b, mn);
                    buf_adds(&b, " items required to match contains schema, but none matched");
                } else {
                    buf_adds(&b, "min "); sfmt_int(&b, mn);
                    buf_adds(&b, " items required to match contains schema, but matched ");
                    sfmt_int(&b, nm); buf_adds(&b, " items at ");
                    int_list(&b, matched, nm);
                }
                add_errors(vd, &errs, amsg(vd, &b));
            }
        } else if (nm == 0) {
            add_errors(vd, &errs, "no items match contains schema");
        }
        if (has_max && nm > mx) {
            Buf b = BUF_INIT;
            buf_adds(&b, "max "); sfmt_int(&b, mx);
            buf_adds(&b, " items required to match contains schema, but matched ");
            sfmt_int(&b, nm); buf_adds(&b, " items at ");
            int_list(&b, matched, nm);
            add_leaf(vd, &b);
        }
    }
}

static size_t utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n;) {
        size_t len = 1;
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0xC2 && ch < 0xE0) len = 2;
        else if (ch >= 0xE0 && ch < 0xF0) len = 3;
        else if (ch >= 0xF0 && ch < 0xF5) len = 4;
        bool ok = i + len <= n;
        for (size_t k = 1; ok && k < len; k++) ok = ((unsigned char)s[i + k] & 0xC0) == 0x80;
        i += ok ? len : 1;
        c++;
    }
    return c;
}

static void str_validate(V *vd, Str *s)
{
    long long n;
    bool hmin = kw_int(vd, "minLength", &n);
    long long mx;
    bool hmax = kw_int(vd, "maxLength", &mx);
    long long len = (hmin || hmax) ? (long long)utf8_count(s->s, s->len) : 0;
    if (hmin && len < n) {
        Buf b = BUF_INIT;
        buf_adds(&b, "minLength: got "); sfmt_int(&b, len);
        buf_adds(&b, ", want "); sfmt_int(&b, n);
        add_leaf(vd, &b);
    }
    if (hmax && len > mx) {
        Buf b = BUF_INIT;
        buf_adds(&b, "maxLength: got "); sfmt_int(&b, len);
        buf_adds(&b, ", want "); sfmt_int(&b, mx);
        add_leaf(vd, &b);
    }
    Value *pat = kw(vd, "pattern");
    if (pat && pat->kind == V_STR && !rx_match(vd->S, pat->u.s, s->s, s->len)) {
        Buf b = BUF_INIT;
        sfmt_quote(&b, s->s, s->len);
        buf_adds(&b, " does not match pattern ");
        sfmt_quote(&b, pat->u.s->s, pat->u.s->len);
        add_leaf(vd, &b);
    }
}

static void num_check(V *vd, const char *name, const Dec *x, const Dec *lim, int bad_when)
{
    int c = sdec_cmp(x, lim);
    bool bad = bad_when == -1 ? c < 0 : bad_when == 1 ? c > 0 : bad_when == -2 ? c <= 0 : c >= 0;
    if (!bad) return;
    Buf b = BUF_INIT;
    buf_adds(&b, name);
    buf_adds(&b, ": got ");
    sfmt_float(&b, sdec_float(x));
    buf_adds(&b, ", want ");
    sfmt_float(&b, sdec_float(lim));
    add_leaf(vd, &b);
}

static void num_validate(V *vd)
{
    Dec x, lim;
    if (!sdec_of(vd->a, vd->v, &x)) return;
    int dr = draft(vd);
    bool exmin_bool = dr == 4 && kw_true(vd, "exclusiveMinimum");
    bool exmax_bool = dr == 4 && kw_true(vd, "exclusiveMaximum");
    if (kw_num(vd, "minimum", &lim)) num_check(vd, exmin_bool ? "exclusiveMinimum" : "minimum", &x, &lim, exmin_bool ? -2 : -1);
    if (kw_num(vd, "maximum", &lim)) num_check(vd, exmax_bool ? "exclusiveMaximum" : "maximum", &x, &lim, exmax_bool ? 2 : 1);
    if (dr != 4) {
        if (kw_num(vd, "exclusiveMinimum", &lim)) num_check(vd, "exclusiveMinimum", &x, &lim, -2);
        if (kw_num(vd, "exclusiveMaximum", &lim)) num_check(vd, "exclusiveMaximum", &x, &lim, 2);
    }
    if (kw_num(vd, "multipleOf", &lim) && lim.nd && !sdec_multiple(&x, &lim)) {
        Buf b = BUF_INIT;
        buf_adds(&b, "multipleOf: got ");
        sfmt_float(&b, sdec_float(&x));
        buf_adds(&b, ", want ");
        sfmt_float(&b, sdec_float(&lim));
        add_leaf(vd, &b);
    }
}

static void cond_validate(V *vd)
{
    int dr = draft(vd);
    Value *not_ = kw(vd, "not");
    if (not_ && is_schema(*not_) && !validate_self(vd, *not_, NULL, true))
        add_err(vd, mkerr(vd, EK_LEAF, "'not' failed"));
    Value *all = kw(vd, "allOf");
    if (all && all->kind == V_LIST && all->u.l->len) {
        ErrList errs = { 0 };
        for (uint32_t i = 0; i < all->u.l->len; i++) {
            Err *e = validate_self(vd, all->u.l->items[i], NULL, false);
            if (e) { push(vd->a, &errs, e); if (vd->boolres) break; }
        }
        if (errs.n) add_errors(vd, &errs, "'allOf' failed");
    }
    Value *any = kw(vd, "anyOf");
    if (any && any->kind == V_LIST && any->u.l->len) {
        ErrList errs = { 0 };
        bool matched = false;
        for (uint32_t i = 0; i < any->u.l->len; i++) {
            Err *e = validate_self(vd, any->u.l->items[i], NULL, false);
            if (e) push(vd->a, &errs, e);
            else {
                matched = true;
                if (ue_empty(&vd->ue)) break;
            }
        }
        if (!matched) add_errors(vd, &errs, "'anyOf' failed");
    }
    Value *one = kw(vd, "oneOf");
    if (one && one->kind == V_LIST && one->u.l->len) {
        ErrList errs = { 0 };
        long matched = -1;
        for (uint32_t i = 0; i < one->u.l->len; i++) {
            Err *e = validate_self(vd, one->u.l->items[i], NULL, matched != -1);
            if (e) { if (matched == -1) push(vd->a, &errs, e); }
            else if (matched == -1) matched = i;
            else {
                Buf b = BUF_INIT;
                buf_adds(&b, "'oneOf' failed, subschemas "); sfmt_int(&b, matched);
                buf_adds(&b, ", "); sfmt_int(&b, i); buf_adds(&b, " matched");
                add_leaf(vd, &b);
                break;
            }
        }
        if (matched == -1) add_errors(vd, &errs, "'oneOf' failed, none matched");
    }
    Value *if_ = dr >= 7 ? kw(vd, "if") : NULL;
    if (if_ && is_schema(*if_)) {
        Value *then = kw(vd, "then"), *else_ = kw(vd, "else");
        if (!validate_self(vd, *if_, NULL, true)) {
            if (then && is_schema(*then)) add_err(vd, validate_self(vd, *then, NULL, false));
        } else if (else_ && is_schema(*else_)) {
            add_err(vd, validate_self(vd, *else_, NULL, false));
        }
    }
}

static void uneval_validate(V *vd)
{
    Value *up = kw(vd, "unevaluatedProperties");
    if (vd->v.kind == V_MAP && up && is_schema(*up)) {
        Map *m = vd->v.u.m;
        MapEntry **sorted = map_sorted(m, vd->a);
        for (uint32_t i = 0; sorted && i < map_len(m); i++) {
            uint32_t idx = (uint32_t)(sorted[i] - m->entries);
            if (vd->ue.props && idx < vd->ue.np && vd->ue.props[idx])
                add_err(vd, validate_val(vd, *up, sorted[i]->val, sorted[i]->key->s, sorted[i]->key->len));
        }
        vd->ue.props = NULL;
        vd->ue.np = 0;
    }
    Value *ui = kw(vd, "unevaluatedItems");
    if (vd->v.kind == V_LIST && ui && is_schema(*ui)) {
        for (uint32_t i = 0; i < vd->ue.ni; i++)
            if (vd->ue.items[i]) add_err(vd, validate_idx(vd, *ui, vd->v.u.l->items[i], i));
        vd->ue.items = NULL;
        vd->ue.ni = 0;
    }
}

static bool type_matches(Value tv, int t, Arena *a, Value v)
{
    if (tv.kind != V_STR) return false;
    const char *n = tv.u.s->s;
    if (strcmp(n, type_names[t]) == 0) return true;
    return strcmp(n, "integer") == 0 && t == T_NUMBER && is_integer(a, v);
}

static void want_types(Buf *b, Value tv)
{
    static const int order[] = { T_NULL, T_BOOL, T_NUMBER, T_INTEGER, T_STRING, T_ARRAY, T_OBJECT };
    bool first = true;
    for (int i = 0; i < 7; i++) {
        bool has = false;
        if (tv.kind == V_STR) has = strcmp(tv.u.s->s, type_names[order[i]]) == 0;
        else if (tv.kind == V_LIST)
            for (uint32_t j = 0; j < tv.u.l->len && !has; j++)
                has = tv.u.l->items[j].kind == V_STR && strcmp(tv.u.l->items[j].u.s->s, type_names[order[i]]) == 0;
        if (!has) continue;
        if (!first) buf_adds(b, " or ");
        buf_adds(b, type_names[order[i]]);
        first = false;
    }
}

static Err *finish(V *vd, Uneval *ret)
{
    if (ret) *ret = vd->ue;
    if (vd->errs.n == 0) return NULL;
    if (vd->errs.n == 1) return vd->errs.v[0];
    Err *g = mkerr(vd, EK_GROUP, "validation failed");
    if (!g) return vd->errs.v[0];
    g->causes = vd->errs.v;
    g->ncauses = vd->errs.n;
    return g;
}

static Err *fail(V *vd, const char *msg, Uneval *ret)
{
    if (ret) memset(ret, 0, sizeof *ret);
    return mkerr(vd, EK_LEAF, msg);
}

/* scope.kwLoc: the keyword path from the root to this scope, $ref-style
 * jumps as "/$ref", plain descents as the schema location's suffix */
static void kw_loc(Buf *b, const Scope *sc)
{
    if (!sc || !sc->up) return;
    kw_loc(b, sc->up);
    if (sc->refkw) {
        buf_addc(b, '/');
        buf_adds(b, sc->refkw);
    } else if (sc->loc && sc->up->loc && sc->loc->len >= sc->up->loc->len) {
        buf_add(b, sc->loc->s + sc->up->loc->len, sc->loc->len - sc->up->loc->len);
    }
}

static Err *validate(V *vd, Uneval *ret)
{
    if (ret) memset(ret, 0, sizeof *ret);
    Value s = vd->sch;
    if (s.kind == V_BOOL) {
        if (s.u.b) { if (ret) *ret = vd->ue; return NULL; }
        return fail(vd, "false schema", ret);
    }
    if (s.kind != V_MAP) { if (ret) *ret = vd->ue; return NULL; }
    if (vd->depth > MAX_EVAL_DEPTH) return fail(vd, "schema evaluation nested too deeply", ret);
    for (const Scope *p = vd->scp ? vd->scp->up : NULL; p && p->vid == vd->scp->vid; p = p->up) {
        if (p->sch != s.u.m) continue;
        Buf b = BUF_INIT;
        buf_adds(&b, "both ");
        kw_loc(&b, vd->scp);
        buf_adds(&b, " and ");
        kw_loc(&b, p);
        buf_adds(&b, " resolve to ");
        Str *l = vd->scp->loc;
        fmt_quote(&b, l ? l->s : "", l ? l->len : 0);
        buf_adds(&b, " causing reference cycle");
        return fail(vd, amsg(vd, &b), ret);
    }

    Value v = vd->v;
    int t = type_of(v);
    if (t == T_INVALID) {
        Buf b = BUF_INIT;
        buf_printf(&b, "invalid jsonType %s", val_typename(v));
        return fail(vd, amsg(vd, &b), ret);
    }
    int dr = draft(vd);
    /* before 2019-09 a $ref makes the library ignore every sibling
     * keyword, "type" included */
    if (dr < 2019 && kw(vd, "$ref")) {
        Err *e = do_ref(vd);
        if (ret) *ret = vd->ue;
        return e;
    }
    Value *tv = kw(vd, "type");
    if (tv && (tv->kind == V_STR || (tv->kind == V_LIST && tv->u.l->len))) {
        bool ok = false;
        if (tv->kind == V_STR) ok = type_matches(*tv, t, vd->a, v);
        else for (uint32_t i = 0; i < tv->u.l->len && !ok; i++) ok = type_matches(tv->u.l->items[i], t, vd->a, v);
        if (!ok) {
            Buf b = BUF_INIT;
            buf_printf(&b, "got %s, want ", type_names[t]);
            want_types(&b, *tv);
            return fail(vd, amsg(vd, &b), ret);
        }
    }
    Value *cv = dr >= 6 ? kw(vd, "const") : NULL;
    if (cv && !equals(vd->a, v, *cv, 0)) {
        Buf b = BUF_INIT;
        if (cv->kind == V_LIST || cv->kind == V_MAP) buf_adds(&b, "'const' failed");
        else { buf_adds(&b, "value must be "); display(&b, *cv); }
        return fail(vd, amsg(vd, &b), ret);
    }
    Value *ev = kw(vd, "enum");
    if (ev && ev->kind == V_LIST) {
        bool matched = false;
        for (uint32_t i = 0; i < ev->u.l->len && !matched; i++) matched = equals(vd->a, v, ev->u.l->items[i], 0);
        if (!matched) {
            Buf b = BUF_INIT;
            bool prim = true;
            for (uint32_t i = 0; i < ev->u.l->len; i++)
                if (ev->u.l->items[i].kind == V_LIST || ev->u.l->items[i].kind == V_MAP) prim = false;
            if (!prim) buf_adds(&b, "'enum' failed");
            else if (ev->u.l->len == 1) { buf_adds(&b, "value must be "); display(&b, ev->u.l->items[0]); }
            else {
                buf_adds(&b, "value must be one of ");
                for (uint32_t i = 0; i < ev->u.l->len; i++) {
                    if (i) buf_adds(&b, ", ");
                    display(&b, ev->u.l->items[i]);
                }
            }
            return fail(vd, amsg(vd, &b), ret);
        }
    }
    /* the reference asserts formats while checking a schema against its
     * metaschema whatever the draft: a 2020-12 "pattern": "(" is "'(' is
     * not valid regex: ..." */
    Value *fv = dr < 2019 || vd->meta ? kw(vd, "format") : NULL;
    if (fv && fv->kind == V_STR) {
        Schema *sh = vd->S->metas ? vd->S->metas : vd->S;
        const SchemaLoader *ld = sh->load;
        const char *ferr = sformat_check_rx(vd->a, fv->u.s->s, v, ld ? ld->regex_check : NULL, ld ? ld->ud : NULL);
        if (ferr) {
            Buf b = BUF_INIT;
            display(&b, v);
            buf_printf(&b, " is not valid %s: %s", fv->u.s->s, ferr);
            return fail(vd, amsg(vd, &b), ret);
        }
    }
    if (kw(vd, "$ref")) {
        Err *e = do_ref(vd);
        if (dr < 2019) {
            if (ret) *ret = vd->ue;
            return e;
        }
        add_err(vd, e);
    }
    switch (t) {
    case T_OBJECT: obj_validate(vd, v.u.m); break;
    case T_ARRAY: arr_validate(vd, v.u.l); break;
    case T_STRING: str_validate(vd, v.u.s); break;
    case T_NUMBER: num_validate(vd); break;
    default: break;
    }
    if (vd->errs.n == 0 || !vd->boolres) {
        if (dr >= 2019) do_dynamic_refs(vd);
        cond_validate(vd);
        if (dr >= 2019) uneval_validate(vd);
    }
    return finish(vd, ret);
}

/* ---- output ---------------------------------------------------------------- */

static void display_err(Buf *b, const Err *e, int indent)
{
    bool skip = e->kind == EK_REF && e->ncauses == 1;
    if (!skip) {
        if (indent > 0) {
            buf_addc(b, '\n');
            for (int i = 0; i < indent - 1; i++) buf_adds(b, "  ");
            buf_adds(b, "- ");
        }
        indent++;
        if (e->kind == EK_SCHEMA) {
            buf_adds(b, e->msg);
        } else {
            buf_adds(b, "at ");
            sfmt_quote(b, e->loc ? e->loc->s : "", e->loc ? e->loc->len : 0);
            buf_adds(b, ": ");
            buf_adds(b, e->msg ? e->msg : "");
        }
    }
    for (int i = 0; i < e->ncauses; i++) display_err(b, e->causes[i], indent);
}

static int run_check(Arena *a, Schema *s, Value sch, Res *res, Value instance, bool meta, Buf *out)
{
    int vidc = 0;
    V vd;
    memset(&vd, 0, sizeof vd);
    vd.S = s;
    vd.a = a;
    vd.v = instance;
    vd.sch = sch;
    vd.res = res;
    vd.vidc = &vidc;
    vd.meta = meta;
    Scope *sc = ARENA_NEW(a, Scope);
    if (!sc) return -1;
    sc->sch = sch.kind == V_MAP ? sch.u.m : NULL;
    sc->res = res;
    sc->loc = sc->sch ? slot_loc(s, sc->sch) : NULL;
    vd.scp = sc;
    ue_from(&vd, false);
    Err *e = validate(&vd, NULL);
    if (!e) return 0;
    Err top = { EK_SCHEMA, NULL, NULL, NULL, 0 };
    if (e->kind == EK_GROUP) { top.causes = e->causes; top.ncauses = e->ncauses; }
    else { top.causes = &e; top.ncauses = 1; }
    top.msg = arena_printf(a, "jsonschema validation failed with '%s#'", res->url->s);
    display_err(out, &top, 0);
    return 1;
}

int schema_check(Arena *a, Schema *s, Value instance, Buf *out)
{
    return run_check(a, s, s->root, s->rootres, instance, false, out);
}

/* The library validates every schema document against its dialect's
 * metaschema before compiling it: a "type": "strin" is the reference's
 * "... is not valid against metaschema: ..." error, not a silent pass. */
static bool meta_check_doc(Schema *s, Value doc, int draft, const char *loc, Buf *err);

static bool meta_check(Schema *s, Value doc, Buf *err)
{
    return meta_check_doc(s, doc, s->rootres->draft, arena_printf(s->a, "%s#", s->url->s), err);
}

/* doc (of the given draft, at location loc: "URL#" or "URL#/pointer")
 * against its metaschema */
static bool meta_check_doc(Schema *s, Value doc, int draft, const char *loc, Buf *err)
{
    static const struct { int draft; const char *url; } metas[] = {
        { 4, "http://json-schema.org/draft-04/schema" },
        { 6, "http://json-schema.org/draft-06/schema" },
        { 7, "http://json-schema.org/draft-07/schema" },
        { 2019, "https://json-schema.org/draft/2019-09/schema" },
        { 2020, "https://json-schema.org/draft/2020-12/schema" },
    };
    const char *mu = NULL;
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++)
        if (metas[i].draft == draft) mu = metas[i].url;
    if (!mu) return true;
    /* checking a document against a metaschema needs nothing of the
     * document's own resources, so charts can share the parsed ones */
    Schema *ms = s->metas ? s->metas : s;
    Str *u = str_cstr(s->a, mu);
    Res *m = res_by_url(ms, u->s, u->len);
    if (!m) m = load_meta(ms, u);
    if (!m) return true;
    Buf out = BUF_INIT;
    int r = run_check(s->a, ms, m->node, m, doc, true, &out);
    if (r == 1) {
        buf_printf(err, "\"%s\" is not valid against metaschema: ", loc);
        buf_add(err, out.data, out.len);
    }
    buf_free(&out);
    return r != 1;
}

/* Every reference must resolve when the schema is compiled (the library
 * fails Compile, helm prints the message instead of validation errors). */
static bool ref_check(Schema *s, Buf *err)
{
    size_t before;
    do {
        before = s->used;
        size_t n = s->nslots;
        Slot *copy = arena_alloc(s->a, n * sizeof *copy + 1);
        if (!copy) return true;
        if (n) memcpy(copy, s->slots, n * sizeof *copy);
        for (size_t i = 0; i < n; i++) {
            if (!copy[i].key) continue;
            static const char *const kws[] = { "$ref", "$dynamicRef", "$recursiveRef" };
            for (int k = 0; k < 3; k++) {
                Value *r = map_gets(copy[i].key, kws[k]);
                if (!r || r->kind != V_STR) continue;
                if (k == 1 && copy[i].res->draft < 2020) continue;
                if (k == 2 && copy[i].res->draft != 2019) continue;
                Value out;
                Str *anchor, *msg = NULL;
                if (!resolve_ref(s, copy[i].res, r->u.s, &out, &anchor, &msg)) {
                    buf_add(err, msg->s, msg->len);
                    return false;
                }
            }
        }
    } while (s->used != before);
    return true;
}

/* ---- helm ------------------------------------------------------------------ */

static int validate_doc(Arena *a, Value doc, Value values, Schema *metas, Buf *out);

int schema_validate(Arena *a, const char *schema_json, size_t n, Value values, Buf *out)
{
    Value doc;
    if (schema_json_parse(a, schema_json, n, &doc, out) < 0) return -1;
    return validate_doc(a, doc, values, NULL, out);
}

int schema_validate_doc(Arena *a, Value doc, Value values, Buf *out)
{
    return validate_doc(a, doc, values, NULL, out);
}

static int validate_doc(Arena *a, Value doc, Value values, Schema *metas, Buf *out)
{
    Buf err = BUF_INIT;
    Schema *s = compile(a, doc, HELM_URL, 2020, NULL, NULL, 0, metas, &err);
    if (!s) {
        buf_add(out, err.data ? err.data : "", err.len);
        buf_free(&err);
        return -1;
    }
    buf_free(&err);
    Buf b = BUF_INIT;
    int r = schema_check(a, s, values, &b);
    schema_release(s);
    if (r == 1) {
        static const char prefix[] = "jsonschema validation failed with '" HELM_URL "#'\n";
        size_t pl = sizeof prefix - 1;
        const char *t = b.data;
        size_t tl = b.len;
        if (tl >= pl && memcmp(t, prefix, pl) == 0) { t += pl; tl -= pl; }
        buf_add(out, t, tl);
        buf_addc(out, '\n');
    }
    buf_free(&b);
    return r;
}

static void walk_charts(Arena *a, const SchemaChart *c, Value values, Schema *metas, Buf *sb)
{
    if (c->schema) {
        Buf e = BUF_INIT;
        Value doc;
        int r = schema_json_parse(a, c->schema, c->schema_len, &doc, &e) < 0 ? -1
                : validate_doc(a, doc, values, metas, &e);
        if (r != 0) {
            buf_printf(sb, "%s:\n", c->name);
            buf_add(sb, e.data ? e.data : "", e.len);
        }
        buf_free(&e);
    }
    for (size_t i = 0; i < c->ndeps; i++) {
        const SchemaChart *d = &c->deps[i];
        Value *raw = values.kind == V_MAP ? map_gets(values.u.m, d->name) : NULL;
        if (!raw || raw->kind == V_NIL) continue;
        if (raw->kind != V_MAP) {
            buf_printf(sb, "%s:\ninvalid type for values: expected object (map), got %s\n",
                       d->name, val_typename(*raw));
            continue;
        }
        walk_charts(a, d, *raw, metas, sb);
    }
}

int schema_validate_charts(Arena *a, const SchemaChart *root, Value values, Buf *msg)
{
    return schema_validate_charts_ld(a, root, values, NULL, msg);
}

int schema_validate_charts_ld(Arena *a, const SchemaChart *root, Value values, const SchemaLoader *ld,
                              Buf *msg)
{
    Buf sb = BUF_INIT;
    Schema metas = {0};
    metas.a = a;
    metas.load = ld;
    walk_charts(a, root, values, &metas, &sb);
    schema_release(&metas);
    buf_free(&metas.warned);
    if (sb.len == 0) { buf_free(&sb); return 0; }
    buf_adds(msg, "values don't meet the specifications of the schema(s) in the following chart(s):\n");
    buf_add(msg, sb.data, sb.len);
    buf_free(&sb);
    return 1;
}

void schema_free(Schema *s)
{
    if (s) schema_release(s);
}
