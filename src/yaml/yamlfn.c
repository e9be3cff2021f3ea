/*
 * yamlfn.c - template functions of group "yaml": helm's toYaml, mustToYaml,
 * toYamlPretty, fromYaml and fromYamlArray.
 *
 * Failure reporting is helm's choice per function, checked against the
 * reference: toYaml and toYamlPretty swallow errors and give "", mustToYaml
 * fails the template, fromYaml/fromYamlArray return the message inside the
 * result ({"Error": msg} / [msg]).  All three writers trim one final "\n".
 */
#include "../eval/func.h"
#include "../value/fmt.h"
#include "yaml.h"
#include "yamlint.h"

#include <math.h>
#include <string.h>
#include <yaml.h>

/* yamlemit.c: go-yaml v3's key order (its prototype belongs in yamlint.h) */
int yaml_sort_entries_v3(MapEntry **v, size_t n, Arena *a);

static void trim_newline(Buf *b)
{
    if (b->len && b->data[b->len - 1] == '\n') b->data[--b->len] = 0;
}

static int result_str(FnCall *c, Buf *b, Value *out)
{
    *out = val_strn(fn_arena(c), b->data ? b->data : "", b->len);
    buf_free(b);
    if (out->kind != V_STR) return fn_error(c, "out of memory");
    return 0;
}

static int fn_toYaml(FnCall *c, int argc, Value *argv, Value *out)
{
    BUF_LOCAL(b, 1024);
    Buf err = BUF_INIT;
    if (yaml_encode(&b, argv[0], &err) < 0) buf_clear(&b);
    buf_free(&err);
    trim_newline(&b);
    return result_str(c, &b, out);
}

static int fn_mustToYaml(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT, err = BUF_INIT;
    if (yaml_encode(&b, argv[0], &err) < 0) {
        fn_error(c, "%s", err.data ? err.data : "");
        buf_free(&b);
        buf_free(&err);
        return -1;
    }
    buf_free(&err);
    trim_newline(&b);
    return result_str(c, &b, out);
}

/* ---- toYamlPretty: go-yaml v3's Encoder with SetIndent(2) --------------
 * v3 writes the Go value directly (no JSON step: floats print as %v, NaN
 * and Inf as .nan/.inf), indents sequences under their key ("a:\n  - 1")
 * and never folds long lines.  libyaml's emitter cannot indent such
 * sequences, so collections are laid out here and each scalar is rendered
 * by libyaml as a one-entry mapping, whose text is then re-indented. */

typedef struct Pretty {
    Buf *out;
    Arena tmp;
    int depth;
} Pretty;

static int write_buf(void *data, unsigned char *b, size_t size)
{
    buf_add((Buf *)data, b, size);
    return 1;
}

/* Hand ev to the emitter unless an earlier step failed (then drop it). */
static bool put(yaml_emitter_t *em, yaml_event_t *ev, bool made, bool ok)
{
    if (!made) return false;
    if (!ok) { yaml_event_delete(ev); return false; }
    return yaml_emitter_emit(em, ev) != 0;
}

static bool put_scalar(yaml_emitter_t *em, const char *s, size_t n, yaml_scalar_style_t style, bool ok)
{
    yaml_event_t ev;
    bool made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style);
    return put(em, &ev, made, ok);
}

/* Render scalar text with libyaml: as key (want_key) or as a value; the
 * result has no trailing newline; continuation lines start at column 2. */
static int render_scalar(const char *s, size_t n, yaml_scalar_style_t style, bool want_key, Buf *res)
{
    yaml_emitter_t em;
    yaml_event_t ev;
    Buf text = BUF_INIT, clean = BUF_INIT;
    if (!yaml_utf8_valid(s, n)) {
        yaml_utf8_sanitize(&clean, s, n);
        s = clean.data;
        n = clean.len;
    }
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        /* go-yaml v3 has v2's is_bom slip (yaml_bom_quote); the text is
         * double-quoted on one line, a key over 128 bytes after "? " */
        if (want_key && n > 128) buf_adds(res, "? ");
        yaml_bom_quote(res, s, n);
        buf_free(&clean);
        return 0;
    }
    if (!yaml_emitter_initialize(&em)) { buf_free(&clean); return -1; }
    yaml_emitter_set_output(&em, write_buf, &text);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    bool ok = put(&em, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING), true);
    ok = put(&em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1), ok);
    ok = put(&em, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE), ok);
    if (want_key) {
        ok = put_scalar(&em, s ? s : "", n, style, ok);
        ok = put_scalar(&em, "x", 1, YAML_PLAIN_SCALAR_STYLE, ok);
    } else {
        ok = put_scalar(&em, "k", 1, YAML_PLAIN_SCALAR_STYLE, ok);
        ok = put_scalar(&em, s ? s : "", n, style, ok);
    }
    ok = put(&em, &ev, yaml_mapping_end_event_initialize(&ev), ok);
    ok = put(&em, &ev, yaml_document_end_event_initialize(&ev, 1), ok);
    ok = put(&em, &ev, yaml_stream_end_event_initialize(&ev), ok);
    yaml_emitter_delete(&em);
    buf_free(&clean);
    if (!ok || !text.len) { buf_free(&text); return -1; }
    /* libyaml closes an open-ended (|+) scalar with "..."; go-yaml does not */
    if (text.len >= 4 && memcmp(text.data + text.len - 4, "...\n", 4) == 0) text.len -= 4;
    trim_newline(&text);
    if (want_key) {
        if (text.len >= 3 && memcmp(text.data + text.len - 3, ": x", 3) == 0) text.len -= 3;
        buf_add(res, text.data, text.len);
    } else {
        size_t skip = text.len >= 2 && memcmp(text.data, "k:", 2) == 0 ? 2 : 0;
        if (skip < text.len && text.data[skip] == ' ') skip++;
        buf_add(res, text.data + skip, text.len - skip);
    }
    buf_free(&text);
    return 0;
}

static void indent(Buf *b, int n)
{
    for (int i = 0; i < n; i++) buf_addc(b, ' ');
}

/* Append rendered scalar text, shifting its continuation lines by ind. */
static void put_reindented(Buf *out, const Buf *r, int ind)
{
    for (size_t i = 0; i < r->len; i++) {
        buf_addc(out, r->data[i]);
        if (r->data[i] == '\n' && i + 1 < r->len && r->data[i + 1] != '\n') indent(out, ind);
    }
}

static yaml_scalar_style_t pretty_style(const char *s, size_t n)
{
    double f;
    if (memchr(s, '\n', n)) return YAML_LITERAL_SCALAR_STYLE;
    if (yaml_resolve_plain(s, n, &f) == YR_STR) {
        /* v3 also quotes base-60 look-alikes (isBase60Float) */
        size_t i = 0, colons = 0;
        bool num = n > 0;
        for (; i < n; i++) {
            if (s[i] == ':') colons++;
            else if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.' || (i == 0 && (s[i] == '+' || s[i] == '-')))) num = false;
        }
        if (!(num && colons && s[0] != ':')) return YAML_PLAIN_SCALAR_STYLE;
    }
    return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
}

static int pretty_scalar_text(Pretty *p, Value v, Buf *txt, yaml_scalar_style_t *style)
{
    switch (v.kind) {
    case V_NIL: buf_adds(txt, "null"); *style = YAML_PLAIN_SCALAR_STYLE; return 0;
    case V_BOOL: buf_adds(txt, v.u.b ? "true" : "false"); *style = YAML_PLAIN_SCALAR_STYLE; return 0;
    case V_INT:
        if (v.gtype >= GT_UINT && v.gtype <= GT_UINT64) buf_printf(txt, "%llu", (unsigned long long)v.u.u);
        else buf_printf(txt, "%lld", (long long)v.u.i);
        *style = YAML_PLAIN_SCALAR_STYLE;
        return 0;
    case V_FLOAT:
        if (isnan(v.u.f)) buf_adds(txt, ".nan");
        else if (isinf(v.u.f)) buf_adds(txt, v.u.f > 0 ? ".inf" : "-.inf");
        else fmt_float(txt, v.u.f, 'g', -1, v.gtype == GT_FLOAT32 ? 32 : 64);
        *style = YAML_PLAIN_SCALAR_STYLE;
        return 0;
    case V_STR:
        if (yaml_utf8_valid(v.u.s->s, v.u.s->len)) buf_add(txt, v.u.s->s, v.u.s->len);
        else yaml_utf8_sanitize(txt, v.u.s->s, v.u.s->len);
        *style = pretty_style(txt->data ? txt->data : "", txt->len);
        return 0;
    default:
        yaml_obj_text(txt, v);
        /* go-yaml v3 writes a time.Time as a plain !!timestamp */
        if (v.kind == V_OBJ && v.u.o && v.u.o->type && v.u.o->type->go_type &&
            strcmp(v.u.o->type->go_type, "time.Time") == 0) *style = YAML_PLAIN_SCALAR_STYLE;
        else *style = pretty_style(txt->data ? txt->data : "", txt->len);
        return 0;
    }
}

static int pretty_value(Pretty *p, Value v, int ind, int ctx);

enum { CTX_TOP, CTX_MAPVAL, CTX_SEQITEM };

static int pretty_scalar(Pretty *p, Value v, int ind)
{
    Buf txt = BUF_INIT, r = BUF_INIT;
    yaml_scalar_style_t st;
    pretty_scalar_text(p, v, &txt, &st);
    int rc = render_scalar(txt.data ? txt.data : "", txt.len, st, false, &r);
    if (rc == 0) put_reindented(p->out, &r, ind);
    buf_free(&txt);
    buf_free(&r);
    return rc;
}

/* go-yaml v3 on helm's objects: a struct writes its exported fields under
 * their lowercased Go names in declaration order (helm's structs have no
 * yaml tags: `toYamlPretty .Capabilities.KubeVersion` gives "version:
 * v1.35.0\nmajor: ..."), a named map or slice (engine.files,
 * common.VersionSet) the value underneath; anything else stays a scalar.
 * *ordered says the map's order is the fields'. */
static Value pretty_obj(Pretty *p, Value v, bool *ordered)
{
    const ObjType *t = v.u.o ? v.u.o->type : NULL;
    *ordered = false;
    if (!t) return v;
    if (t->fields || t->marshal) {
        Value f = t->fields ? t->fields(&p->tmp, v.u.o) : t->marshal(&p->tmp, v.u.o);
        if (f.kind != V_MAP || !(f.u.m->flags & MAP_STRUCT)) return f.kind == V_MAP || f.kind == V_LIST ? f : v;
        Map *m = map_new(&p->tmp, f.u.m->count);
        if (!m) return v;
        for (uint32_t i = 0; i < f.u.m->used; i++) {
            MapEntry *e = &f.u.m->entries[i];
            if (!e->key) continue;
            Str *k = str_new(&p->tmp, e->key->s, e->key->len);
            if (!k) return v;
            for (uint32_t j = 0; j < k->len; j++)
                if (k->s[j] >= 'A' && k->s[j] <= 'Z') k->s[j] = (char)(k->s[j] - 'A' + 'a');
            map_set(&p->tmp, m, k, e->val);
        }
        *ordered = true;
        return val_map(m);
    }
    if (t->underlying) return t->underlying(&p->tmp, v.u.o);
    return v;
}

static int pretty_map(Pretty *p, Map *m, int ind, int ctx, bool ordered)
{
    uint32_t n = map_len(m);
    MapEntry **es = NULL;
    if (ordered) {
        es = arena_alloc(&p->tmp, n * sizeof *es);
        if (!es) return -1;
        for (uint32_t i = 0, j = 0; i < m->used; i++) if (m->entries[i].key) es[j++] = &m->entries[i];
    } else {
        es = map_sorted(m, &p->tmp);
        /* go-yaml v3's natural key order (toYamlPretty encodes with v3) */
        if (!es || yaml_sort_entries_v3(es, n, &p->tmp)) return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (i || ctx == CTX_MAPVAL) {
            if (p->out->len) buf_addc(p->out, '\n');
            indent(p->out, ind);
        }
        Buf r = BUF_INIT;
        Str *k = es[i]->key;
        if (render_scalar(k->s, k->len, pretty_style(k->s, k->len), true, &r)) { buf_free(&r); return -1; }
        Value v = es[i]->val;
        if (r.len >= 2 && memcmp(r.data, "? ", 2) == 0) {
            /* a key longer than 128 bytes or on several lines is written
             * "? key" and its value after ": " on the next line, compact
             * as in a sequence item: helm prints "  ? kkk...\n  : x: 1" */
            trim_newline(&r);
            put_reindented(p->out, &r, ind);
            buf_free(&r);
            buf_addc(p->out, '\n');
            indent(p->out, ind);
            buf_adds(p->out, ": ");
            if (pretty_value(p, v, ind + 2, CTX_SEQITEM)) return -1;
            continue;
        }
        put_reindented(p->out, &r, ind);
        buf_free(&r);
        buf_addc(p->out, ':');
        bool struct_order;
        Value w = v.kind == V_OBJ ? pretty_obj(p, v, &struct_order) : v;
        bool coll = (w.kind == V_MAP && map_len(w.u.m)) || (w.kind == V_LIST && w.u.l->len);
        if (!coll) buf_addc(p->out, ' ');
        if (pretty_value(p, v, ind + 2, CTX_MAPVAL)) return -1;
    }
    return 0;
}

static int pretty_list(Pretty *p, List *l, int ind, int ctx)
{
    for (uint32_t i = 0; i < l->len; i++) {
        if (i || ctx == CTX_MAPVAL) {
            if (p->out->len) buf_addc(p->out, '\n');
            indent(p->out, ind);
        }
        buf_adds(p->out, "- ");
        if (pretty_value(p, l->items[i], ind + 2, CTX_SEQITEM)) return -1;
    }
    return 0;
}

static int pretty_value(Pretty *p, Value v, int ind, int ctx)
{
    if (++p->depth > 10000) return -1;
    int rc;
    bool ordered = false;
    if (v.kind == V_OBJ) v = pretty_obj(p, v, &ordered);
    if (v.kind == V_MAP && map_len(v.u.m)) rc = pretty_map(p, v.u.m, ind, ctx, ordered);
    else if (v.kind == V_LIST && v.u.l->len) rc = pretty_list(p, v.u.l, ind, ctx);
    else if (v.kind == V_MAP) { buf_adds(p->out, "{}"); rc = 0; }
    else if (v.kind == V_LIST) { buf_adds(p->out, "[]"); rc = 0; }
    else rc = pretty_scalar(p, v, ind - (ctx == CTX_TOP ? 0 : 2));
    p->depth--;
    return rc;
}

static int fn_toYamlPretty(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    Pretty p;
    memset(&p, 0, sizeof p);
    p.out = &b;
    arena_init(&p.tmp);
    if (pretty_value(&p, argv[0], 0, CTX_TOP) < 0) buf_clear(&b);
    arena_free(&p.tmp);
    return result_str(c, &b, out);
}

/* ---- readers ------------------------------------------------------------ */

static int fn_fromYaml(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    Buf err = BUF_INIT;
    Value v;
    Str *s = argv[0].u.s;
    int r = yaml_decode(a, s->s, s->len, V_MAP, &v, &err);
    /* a null document leaves Go a nil map, which prints like an empty one */
    Map *m = r == 0 && v.kind == V_MAP ? v.u.m : map_new(a, 1);
    bool ok = m != NULL;
    if (ok && r < 0) ok = map_sets(a, m, "Error", val_strn(a, err.data ? err.data : "", err.len));
    buf_free(&err);
    if (!ok) return fn_error(c, "out of memory");
    *out = val_map(m);
    return 0;
}

static int fn_fromYamlArray(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    Buf err = BUF_INIT;
    Value v;
    Str *s = argv[0].u.s;
    int r = yaml_decode(a, s->s, s->len, V_LIST, &v, &err);
    List *l = r == 0 && v.kind == V_LIST ? v.u.l : list_new(a, 1);
    bool ok = l != NULL;
    if (ok && r < 0) ok = list_push(a, l, val_strn(a, err.data ? err.data : "", err.len));
    buf_free(&err);
    if (!ok) return fn_error(c, "out of memory");
    *out = val_list(l);
    return 0;
}

const FnDef fn_yaml_table[] = {
    {"toYaml", fn_toYaml, "a", 0},
    {"mustToYaml", fn_mustToYaml, "a", 0},
    {"toYamlPretty", fn_toYamlPretty, "a", 0},
    {"fromYaml", fn_fromYaml, "s", 0},
    {"fromYamlArray", fn_fromYamlArray, "s", 0},
};
const size_t fn_yaml_count = sizeof fn_yaml_table / sizeof fn_yaml_table[0];
