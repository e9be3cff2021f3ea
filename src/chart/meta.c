/*
 * meta.c - Chart.yaml into helm's Metadata struct, and its validation.
 *
 * helm decodes Chart.yaml with sigs.k8s.io/yaml into a typed struct, so:
 *  - scalars headed for a string field become text: ints in decimal,
 *    floats with strconv.FormatFloat(f, 'g', -1, 32) - 32 bits, so
 *    `appVersion: 1.23456789` is "1.2345679" and `1e10` is "1e+10"
 *    ($H template of a chart printing {{ .Chart.AppVersion }});
 *  - JSON field names match case-insensitively and the object is visited
 *    in sorted key order (it went through a map and json.Marshal), so the
 *    first type error in that order is the one reported, in Go's words:
 *    "json: cannot unmarshal array into Go struct field Metadata.name of
 *    type string".
 * The value tree loses whether a number was a YAML int or float (both are
 * float64 after the JSON step), but sigs.k8s.io/yaml converts a scalar
 * headed for a string field before that step, by its YAML type: ints
 * (anything strconv.ParseInt/ParseUint accept in base 0 once '_' is
 * removed: 0x1F, 017, 0b101, 1_000, up to 18446744073709551615) print
 * exactly, floats as above ("1e10" -> "1e+10", "100000000.0" -> "1e+08",
 * "18446744073709551616" -> "1.8446744e+19"; `helm template` of a chart
 * printing .Chart.AppVersion).  So Chart.yaml is also loaded with libyaml
 * and each string field looks at its own scalar's text.
 * Validate() first sanitizes the text fields (Unicode spaces -> ' ',
 * non-printables dropped; annotations and version are left alone) and then
 * checks in a fixed order; the first failure is the message.
 */
#include "chart.h"

#include <math.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "../value/fmt.h"
#include "../yaml/yaml.h"
#include "text.h"

typedef struct Dec {
    Arena *a;
    Buf *err;
    bool failed;
    yaml_document_t *doc;   /* the same text as libyaml nodes, or NULL */
} Dec;

/* The YAML node behind a decoded value, NULL when unknown. */
typedef yaml_node_t *Raw;

static Raw raw_node(const Dec *d, int id) { return d->doc ? yaml_document_get_node(d->doc, id) : NULL; }

static bool raw_scalar_is(const yaml_node_t *n, const char *s, size_t len)
{
    return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == len && memcmp(n->data.scalar.value, s, len) == 0;
}

/* m[key]: the last pair with that key (go-yaml v2 lets later pairs win),
 * else the mappings merged in with "<<". */
static Raw raw_get(const Dec *d, Raw m, const Str *key, int depth)
{
    if (!m || m->type != YAML_MAPPING_NODE || depth > 8) return NULL;
    Raw found = NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++)
        if (raw_scalar_is(raw_node(d, p->key), key->s, key->len)) found = raw_node(d, p->value);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; !found && p < m->data.mapping.pairs.top; p++) {
        Raw k = raw_node(d, p->key), v = raw_node(d, p->value);
        if (!raw_scalar_is(k, "<<", 2) || k->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || !v) continue;
        if (v->type == YAML_MAPPING_NODE) found = raw_get(d, v, key, depth + 1);
        else if (v->type == YAML_SEQUENCE_NODE)
            for (yaml_node_item_t *i = v->data.sequence.items.start; !found && i < v->data.sequence.items.top; i++)
                found = raw_get(d, raw_node(d, *i), key, depth + 1);
    }
    return found;
}

static Raw raw_item(const Dec *d, Raw l, uint32_t i)
{
    if (!l || l->type != YAML_SEQUENCE_NODE) return NULL;
    if (i >= (uint32_t)(l->data.sequence.items.top - l->data.sequence.items.start)) return NULL;
    return raw_node(d, l->data.sequence.items.start[i]);
}

static unsigned digit_val(char c)
{
    if (c >= '0' && c <= '9') return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f') return (unsigned)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (unsigned)(c - 'A' + 10);
    return 99;
}

/* go-yaml v2's integer resolution: '_' dropped, then strconv.ParseInt
 * (sign allowed, int64 range) or ParseUint (no sign, uint64 range), base
 * 0 (0x, 0o, 0b, leading 0 = octal). */
static bool yaml_int_text(const char *s, size_t n, bool *neg, uint64_t *mag)
{
    char t[128];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') continue;
        if (k + 1 >= sizeof t) return false;
        t[k++] = s[i];
    }
    t[k] = 0;
    const char *p = t;
    bool sign = *p == '+' || *p == '-';
    *neg = *p == '-';
    if (sign) p++;
    unsigned base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) base = 16, p += 2;
    else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) base = 8, p += 2;
    else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) base = 2, p += 2;
    else if (p[0] == '0' && p[1]) base = 8, p += 1;
    if (!*p) return false;
    uint64_t v = 0;
    for (; *p; p++) {
        unsigned dv = digit_val(*p);
        if (dv >= base || v > (UINT64_MAX - dv) / base) return false;
        v = v * base + dv;
    }
    uint64_t lim = !sign ? UINT64_MAX : *neg ? (uint64_t)1 << 63 : (uint64_t)INT64_MAX;
    if (v > lim) return false;
    if (v == 0) *neg = false;
    *mag = v;
    return true;
}

/* A number's text for a string field as its YAML node's type decides;
 * NULL to fall back on the value alone. */
static Str *raw_number_text(Arena *a, Value v, Raw r)
{
    if (v.kind != V_FLOAT || !r || r->type != YAML_SCALAR_NODE || r->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return NULL;
    bool neg = false;
    uint64_t mag = 0;
    bool is_int = !(r->tag && strcmp((const char *)r->tag, YAML_FLOAT_TAG) == 0) &&
                  yaml_int_text((const char *)r->data.scalar.value, r->data.scalar.length, &neg, &mag);
    if (is_int) return str_cstr(a, arena_printf(a, neg ? "-%llu" : "%llu", (unsigned long long)mag));
    Buf b = BUF_INIT;
    fmt_float(&b, v.u.f, 'g', -1, 32);
    Str *s = str_new(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

/* json.UnmarshalTypeError; only the first one is kept, as Go does. */
static void type_err(Dec *d, Value v, const char *strct, const char *field, const char *gotype)
{
    if (d->failed) return;
    d->failed = true;
    buf_printf(d->err, "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: "
               "json: cannot unmarshal %s into Go struct field %s.%s of type %s",
               chart_json_kind(v), strct, field, gotype);
}

/* A YAML scalar as sigs.k8s.io/yaml turns it into a string field.  The
 * YAML decoder hands us float64 for every number; integral values within
 * float precision print as integers (what YAML ints do), others as Go's
 * 32-bit 'g' format. */
Str *chart_yaml_scalar(Arena *a, Value v)
{
    Buf b = BUF_INIT;
    Str *s;
    switch (v.kind) {
    case V_STR: return v.u.s;
    case V_BOOL: return str_cstr(a, v.u.b ? "true" : "false");
    case V_INT:
        if (v.gtype == GT_UINT64 || v.gtype == GT_UINT) buf_printf(&b, "%llu", (unsigned long long)v.u.u);
        else buf_printf(&b, "%lld", (long long)v.u.i);
        break;
    case V_FLOAT:
        if (v.u.f == floor(v.u.f) && fabs(v.u.f) < 9007199254740992.0) buf_printf(&b, "%.0f", v.u.f);
        else fmt_float(&b, v.u.f, 'g', -1, 32);
        break;
    default:
        return str_empty();
    }
    s = str_new(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static Str *get_string(Dec *d, Value v, Raw r, const char *strct, const char *field)
{
    if (v.kind == V_LIST || v.kind == V_MAP) {
        type_err(d, v, strct, field, "string");
        return str_empty();
    }
    Str *s = raw_number_text(d->a, v, r);
    return s ? s : chart_yaml_scalar(d->a, v);
}

static bool get_bool(Dec *d, Value v, const char *strct, const char *field)
{
    if (v.kind == V_NIL) return false;
    if (v.kind != V_BOOL) { type_err(d, v, strct, field, "bool"); return false; }
    return v.u.b;
}

static Value get_strlist(Dec *d, Value v, Raw r, const char *strct, const char *field)
{
    List *l = list_new(d->a, 0);
    if (v.kind == V_NIL) return val_list(l);
    if (v.kind != V_LIST) { type_err(d, v, strct, field, "[]string"); return val_list(l); }
    for (uint32_t i = 0; i < v.u.l->len; i++)
        list_push(d->a, l, val_str(get_string(d, v.u.l->items[i], raw_item(d, r, i), strct, field)));
    return val_list(l);
}

static MapEntry **sorted(Dec *d, Value m) { return map_sorted(m.u.m, d->a); }

static bool key_is(const Str *k, const char *name) { return strcasecmp(k->s, name) == 0 && strlen(name) == k->len; }

static void dec_maintainer(Dec *d, Value v, Raw r, ChartMaintainer *m)
{
    memset(m, 0, sizeof *m);
    m->name = m->email = m->url = str_empty();
    MapEntry **e = sorted(d, v);
    for (uint32_t i = 0; i < map_len(v.u.m); i++) {
        Str *k = e[i]->key;
        Value x = e[i]->val;
        Raw rx = raw_get(d, r, k, 0);
        if (key_is(k, "name")) m->name = get_string(d, x, rx, "Maintainer", "maintainers.name");
        else if (key_is(k, "email")) m->email = get_string(d, x, rx, "Maintainer", "maintainers.email");
        else if (key_is(k, "url")) m->url = get_string(d, x, rx, "Maintainer", "maintainers.url");
    }
}

static void dec_dep(Dec *d, Value v, Raw r, ChartDep *dep)
{
    memset(dep, 0, sizeof *dep);
    dep->name = dep->version = dep->repository = dep->condition = dep->alias = str_empty();
    dep->tags = val_list(list_new(d->a, 0));
    MapEntry **e = sorted(d, v);
    for (uint32_t i = 0; i < map_len(v.u.m); i++) {
        Str *k = e[i]->key;
        Value x = e[i]->val;
        Raw rx = raw_get(d, r, k, 0);
        if (key_is(k, "name")) dep->name = get_string(d, x, rx, "Dependency", "dependencies.name");
        else if (key_is(k, "version")) dep->version = get_string(d, x, rx, "Dependency", "dependencies.version");
        else if (key_is(k, "repository")) dep->repository = get_string(d, x, rx, "Dependency", "dependencies.repository");
        else if (key_is(k, "condition")) dep->condition = get_string(d, x, rx, "Dependency", "dependencies.condition");
        else if (key_is(k, "alias")) dep->alias = get_string(d, x, rx, "Dependency", "dependencies.alias");
        else if (key_is(k, "tags")) dep->tags = get_strlist(d, x, rx, "Dependency", "dependencies.tags");
        else if (key_is(k, "enabled")) dep->enabled = get_bool(d, x, "Dependency", "dependencies.enabled");
        else if (key_is(k, "import-values")) {
            if (x.kind != V_NIL && x.kind != V_LIST)
                type_err(d, x, "Dependency", "dependencies.import-values", "[]interface {}");
            else dep->import_values = x;
        }
    }
}

/* Element i of maintainers/dependencies: nil marks a null node (helm
 * rejects it in Validate), anything but a map is a type error. */
static int dec_struct_list(Dec *d, Value v, Raw r, const char *field, const char *slice_t, const char *elem_t,
                           size_t elem_size, void **out, uint32_t *n, bool **nulls)
{
    *out = NULL;
    *n = 0;
    *nulls = NULL;
    if (v.kind == V_NIL) return 0;
    if (v.kind != V_LIST) { type_err(d, v, "Metadata", field, slice_t); return 0; }
    uint32_t len = v.u.l->len;
    char *arr = arena_zalloc(d->a, elem_size * (len ? len : 1));
    bool *nl = arena_zalloc(d->a, sizeof(bool) * (len ? len : 1));
    if (!arr || !nl) return -1;
    for (uint32_t i = 0; i < len; i++) {
        Value x = v.u.l->items[i];
        if (x.kind == V_NIL) { nl[i] = true; continue; }
        if (x.kind != V_MAP) { type_err(d, x, "Metadata", field, elem_t); continue; }
        Raw ri = raw_item(d, r, i);
        if (elem_size == sizeof(ChartMaintainer)) dec_maintainer(d, x, ri, (ChartMaintainer *)(arr + i * elem_size));
        else dec_dep(d, x, ri, (ChartDep *)(arr + i * elem_size));
    }
    *out = arr;
    *n = len;
    *nulls = nl;
    return 0;
}

/* Null nodes are remembered by a NULL name pointer so Validate can
 * report them. */
static void mark_nulls_m(ChartMaintainer *m, uint32_t n, const bool *nl)
{
    for (uint32_t i = 0; i < n; i++) if (nl[i]) m[i].name = NULL;
}
static void mark_nulls_d(ChartDep *m, uint32_t n, const bool *nl)
{
    for (uint32_t i = 0; i < n; i++) if (nl[i]) m[i].name = NULL;
}

static void meta_defaults(Arena *a, ChartMeta *m)
{
    memset(m, 0, sizeof *m);
    Str *e = str_empty();
    m->api_version = m->name = m->home = m->version = m->description = e;
    m->icon = m->app_version = m->kube_version = m->type = m->condition = m->tags = e;
    m->sources = val_list(list_new(a, 0));
    m->keywords = val_list(list_new(a, 0));
    Value an = val_map(map_new(a, 0));
    an.gtype = GT_MAP_STRING;
    if (an.u.m) an.u.m->flags |= MAP_NIL;   /* absent: Go's nil map */
    m->annotations = an;
}

/* Decode an already YAML-decoded Chart.yaml (or requirements.yaml, which
 * lands in the same struct) over *m. */
static int meta_from_value(Arena *a, Value v, yaml_document_t *doc, ChartMeta *m, Buf *err)
{
    Dec d = {a, err, false, doc};
    Raw root = doc ? yaml_document_get_root_node(doc) : NULL;
    if (v.kind == V_NIL) return 0;
    if (v.kind != V_MAP) {
        buf_printf(err, "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: "
                   "json: cannot unmarshal %s into Go value of type v2.Metadata", chart_json_kind(v));
        return -1;
    }
    MapEntry **e = sorted(&d, v);
    for (uint32_t i = 0; i < map_len(v.u.m); i++) {
        Str *k = e[i]->key;
        Value x = e[i]->val;
        Raw rx = raw_get(&d, root, k, 0);
        if (key_is(k, "name")) m->name = get_string(&d, x, rx, "Metadata", "name");
        else if (key_is(k, "home")) m->home = get_string(&d, x, rx, "Metadata", "home");
        else if (key_is(k, "version")) m->version = get_string(&d, x, rx, "Metadata", "version");
        else if (key_is(k, "description")) m->description = get_string(&d, x, rx, "Metadata", "description");
        else if (key_is(k, "icon")) m->icon = get_string(&d, x, rx, "Metadata", "icon");
        else if (key_is(k, "apiVersion")) m->api_version = get_string(&d, x, rx, "Metadata", "apiVersion");
        else if (key_is(k, "condition")) m->condition = get_string(&d, x, rx, "Metadata", "condition");
        else if (key_is(k, "tags")) m->tags = get_string(&d, x, rx, "Metadata", "tags");
        else if (key_is(k, "appVersion")) m->app_version = get_string(&d, x, rx, "Metadata", "appVersion");
        else if (key_is(k, "kubeVersion")) m->kube_version = get_string(&d, x, rx, "Metadata", "kubeVersion");
        else if (key_is(k, "type")) m->type = get_string(&d, x, rx, "Metadata", "type");
        else if (key_is(k, "deprecated")) m->deprecated = get_bool(&d, x, "Metadata", "deprecated");
        else if (key_is(k, "sources")) m->sources = get_strlist(&d, x, rx, "Metadata", "sources");
        else if (key_is(k, "keywords")) m->keywords = get_strlist(&d, x, rx, "Metadata", "keywords");
        else if (key_is(k, "annotations")) {
            if (x.kind == V_NIL) continue;
            if (x.kind != V_MAP) { type_err(&d, x, "Metadata", "annotations", "map[string]string"); continue; }
            Map *an = map_new(a, map_len(x.u.m));
            MapEntry **ae = map_sorted(x.u.m, a);
            for (uint32_t j = 0; j < map_len(x.u.m); j++)
                map_set(a, an, ae[j]->key, val_str(get_string(&d, ae[j]->val, raw_get(&d, rx, ae[j]->key, 0),
                                                              "Metadata", "annotations")));
            Value av = val_map(an);
            av.gtype = GT_MAP_STRING;
            m->annotations = av;
        } else if (key_is(k, "maintainers")) {
            void *arr;
            bool *nl;
            if (dec_struct_list(&d, x, rx, "maintainers", "[]*v2.Maintainer", "v2.Maintainer",
                                sizeof(ChartMaintainer), &arr, &m->nmaintainers, &nl)) goto oom;
            m->maintainers = arr;
            mark_nulls_m(m->maintainers, m->nmaintainers, nl);
        } else if (key_is(k, "dependencies")) {
            void *arr;
            bool *nl;
            if (dec_struct_list(&d, x, rx, "dependencies", "[]*v2.Dependency", "v2.Dependency",
                                sizeof(ChartDep), &arr, &m->ndeps, &nl)) goto oom;
            m->deps = arr;
            mark_nulls_d(m->deps, m->ndeps, nl);
            m->has_deps = x.kind == V_LIST;
        }
    }
    return d.failed ? -1 : 0;
oom:
    buf_adds(err, "out of memory");
    return -1;
}

/* Without the text a number can only be judged by its value: integral
 * ones print as integers, so `version: 1e10` gives "10000000000" where
 * helm says "1e+10"; chart_meta_from_yaml has the text. */
int chart_meta_from_value(Arena *a, Value v, ChartMeta *m, Buf *err)
{
    return meta_from_value(a, v, NULL, m, err);
}

/* Whether v holds a float anywhere: only those consult the YAML nodes. */
static bool has_float(Value v, int depth)
{
    if (v.kind == V_FLOAT || depth > 64) return true;
    if (v.kind == V_LIST) {
        for (uint32_t i = 0; i < v.u.l->len; i++)
            if (has_float(v.u.l->items[i], depth + 1)) return true;
    } else if (v.kind == V_MAP) {
        for (uint32_t i = 0; i < v.u.m->used; i++)
            if (v.u.m->entries[i].key && has_float(v.u.m->entries[i].val, depth + 1)) return true;
    }
    return false;
}

/* v decoded from text; the libyaml nodes of the same text give each
 * number headed for a string field its YAML type (raw_number_text), so
 * they are loaded only when v has a number that may need it. */
static int meta_from_text(Arena *a, const char *text, size_t n, Value v, ChartMeta *m, Buf *err)
{
    yaml_parser_t p;
    yaml_document_t doc;
    bool have_doc = false;
    if (has_float(v, 0) && yaml_parser_initialize(&p)) {
        yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
        have_doc = yaml_parser_load(&p, &doc) != 0;
        yaml_parser_delete(&p);
    }
    int rc = meta_from_value(a, v, have_doc ? &doc : NULL, m, err);
    if (have_doc) yaml_document_delete(&doc);
    return rc;
}

/* helm decodes requirements.yaml with sigs.k8s.io/yaml into the same
 * Metadata, so its numbers print as Chart.yaml's do: a v1 chart's
 * `version: 1e10` is "1e+10" and `alias: 100000000.0` is "1e+08", which
 * then fails the alias check (reference: .Chart.Dependencies of such a
 * chart). */
int chart_meta_from_yaml(Arena *a, const char *text, size_t n, Value v, ChartMeta *m, Buf *err)
{
    return meta_from_text(a, text, n, v, m, err);
}

int chart_decode_meta(Arena *a, const char *text, size_t n, ChartMeta *m, Buf *err)
{
    Value v;
    Buf e = BUF_INIT;
    meta_defaults(a, m);
    if (yaml_decode(a, text, n, V_NIL, &v, &e) != 0) {
        buf_printf(err, "cannot load Chart.yaml: %.*s", (int)e.len, e.data ? e.data : "");
        buf_free(&e);
        return -1;
    }
    buf_free(&e);
    if (meta_from_text(a, text, n, v, m, err)) return -1;
    if (!m->api_version->len) m->api_version = str_cstr(a, "v1");
    return 0;
}

void chart_meta_init(Arena *a, ChartMeta *m) { meta_defaults(a, m); }

/* ---- validation ------------------------------------------------------- */

/* unicode.IsPrint for what Chart.yaml text holds: controls, format
 * characters, private use and noncharacters are not printable. */
static bool uni_print(uint32_t r)
{
    if (r < 0x20 || (r >= 0x7F && r < 0xA0)) return false;
    if (r == 0xAD || (r >= 0x600 && r <= 0x605) || r == 0x61C || r == 0x6DD || r == 0x70F ||
        r == 0x180E || (r >= 0x200B && r <= 0x200F) || (r >= 0x202A && r <= 0x202E) ||
        (r >= 0x2060 && r <= 0x206F) || r == 0xFEFF || (r >= 0xFFF9 && r <= 0xFFFB) ||
        (r >= 0xE000 && r <= 0xF8FF) || r >= 0xF0000 || (r & 0xFFFE) == 0xFFFE)
        return false;
    return true;
}

static Str *sanitize(Arena *a, Str *s)
{
    if (!s || !s->len) return s;
    const unsigned char *c = (const unsigned char *)s->s;
    bool clean = true;
    for (uint32_t i = 0; i < s->len && clean; i++)
        if (c[i] < 0x21 || c[i] >= 0x7F) clean = false;
    if (clean) return s;
    Buf b = BUF_INIT;
    for (size_t i = 0; i < s->len;) {
        uint32_t r;
        size_t sz = chart_utf8((const char *)c + i, s->len - i, &r);
        if (chart_unicode_space(r)) buf_addc(&b, ' ');
        else if (uni_print(r)) {
            if (r == 0xFFFD && sz == 1) buf_add(&b, "\xEF\xBF\xBD", 3);
            else buf_add(&b, c + i, sz);
        }
        i += sz;
    }
    Str *out = str_new(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return out;
}

static void sanitize_list(Arena *a, Value l)
{
    if (l.kind != V_LIST) return;
    for (uint32_t i = 0; i < l.u.l->len; i++)
        if (l.u.l->items[i].kind == V_STR) l.u.l->items[i].u.s = sanitize(a, l.u.l->items[i].u.s);
}

static bool is_num(char c) { return c >= '0' && c <= '9'; }

static bool alias_ok(const Str *s)
{
    if (!s->len) return false;
    for (uint32_t i = 0; i < s->len; i++) {
        char c = s->s[i];
        if (!(is_num(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static int verr(Buf *err, const char *msg, const Str *q, const char *tail)
{
    buf_adds(err, "validation: ");
    buf_adds(err, msg);
    if (q) {
        fmt_quote(err, q->s, q->len);
        buf_adds(err, tail);
    }
    return -1;
}

int chart_validate_meta(ChartMeta *m, Arena *a, Buf *err)
{
    m->name = sanitize(a, m->name);
    m->description = sanitize(a, m->description);
    m->home = sanitize(a, m->home);
    m->icon = sanitize(a, m->icon);
    m->condition = sanitize(a, m->condition);
    m->tags = sanitize(a, m->tags);
    m->app_version = sanitize(a, m->app_version);
    m->kube_version = sanitize(a, m->kube_version);
    sanitize_list(a, m->sources);
    sanitize_list(a, m->keywords);

    if (!m->api_version->len) return verr(err, "chart.metadata.apiVersion is required", NULL, NULL);
    if (!m->name->len) return verr(err, "chart.metadata.name is required", NULL, NULL);
    if (strcmp(m->name->s, ".") == 0 || strcmp(m->name->s, "..") == 0)
        return verr(err, "chart.metadata.name ", m->name, " is not allowed");
    /* filepath.Base(name) != name: any '/' (or a trailing one) */
    if (memchr(m->name->s, '/', m->name->len))
        return verr(err, "chart.metadata.name ", m->name, " is invalid");
    if (!m->version->len) return verr(err, "chart.metadata.version is required", NULL, NULL);
    if (!chart_semver_valid(m->version->s, m->version->len))
        return verr(err, "chart.metadata.version ", m->version, " is invalid");
    if (m->type->len && strcmp(m->type->s, "application") != 0 && strcmp(m->type->s, "library") != 0)
        return verr(err, "chart.metadata.type must be application or library", NULL, NULL);
    for (uint32_t i = 0; i < m->nmaintainers; i++) {
        ChartMaintainer *mt = &m->maintainers[i];
        if (!mt->name) return verr(err, "maintainers must not contain empty or null nodes", NULL, NULL);
        mt->name = sanitize(a, mt->name);
        mt->email = sanitize(a, mt->email);
        mt->url = sanitize(a, mt->url);
    }
    for (uint32_t i = 0; i < m->ndeps; i++) {
        ChartDep *d = &m->deps[i];
        if (!d->name) return verr(err, "dependencies must not contain empty or null nodes", NULL, NULL);
        d->name = sanitize(a, d->name);
        d->version = sanitize(a, d->version);
        d->repository = sanitize(a, d->repository);
        d->condition = sanitize(a, d->condition);
        d->alias = sanitize(a, d->alias);
        sanitize_list(a, d->tags);
        if (d->alias->len && !alias_ok(d->alias))
            return verr(err, "dependency ", d->name, " has disallowed characters in the alias");
        const Str *key = d->alias->len ? d->alias : d->name;
        for (uint32_t j = 0; j < i; j++) {
            const Str *k2 = m->deps[j].alias->len ? m->deps[j].alias : m->deps[j].name;
            if (str_eq(key, k2))
                return verr(err, "more than one dependency with name or alias ", key, "");
        }
    }
    return 0;
}

/* ---- .Chart -------------------------------------------------------------- */

static Value strlist(Arena *a, Value l)
{
    List *o = list_new(a, l.kind == V_LIST ? l.u.l->len : 0);
    for (uint32_t i = 0; l.kind == V_LIST && i < l.u.l->len; i++) list_push(a, o, l.u.l->items[i]);
    return val_list(o);
}

/* helm v4 hands templates the metadata as a map with the Go field names;
 * every slice is a (possibly empty) []interface{}, never nil ($H: toJson
 * .Chart of a bare subchart prints "Dependencies":[],"Keywords":[]).  An
 * absent annotations map is nil in helm (toJson null, prints map[]): an
 * empty map flagged MAP_NIL. */
Value chart_meta_value(Arena *a, const Chart *c)
{
    const ChartMeta *m = &c->meta;
    Map *o = map_new(a, 20);
    map_sets(a, o, "APIVersion", val_str(m->api_version));
    map_sets(a, o, "Annotations", m->annotations);
    map_sets(a, o, "AppVersion", val_str(m->app_version));
    map_sets(a, o, "Condition", val_str(m->condition));
    List *deps = list_new(a, m->ndeps);
    for (uint32_t i = 0; i < m->ndeps; i++) {
        const ChartDep *d = &m->deps[i];
        if (!d->name) continue;
        Map *dm = map_new(a, 8);
        map_sets(a, dm, "Alias", val_str(d->alias));
        map_sets(a, dm, "Condition", val_str(d->condition));
        map_sets(a, dm, "Enabled", val_bool(d->enabled));
        map_sets(a, dm, "ImportValues", strlist(a, d->import_values));
        map_sets(a, dm, "Name", val_str(d->name));
        map_sets(a, dm, "Repository", val_str(d->repository));
        map_sets(a, dm, "Tags", strlist(a, d->tags));
        map_sets(a, dm, "Version", val_str(d->version));
        list_push(a, deps, val_map(dm));
    }
    map_sets(a, o, "Dependencies", val_list(deps));
    map_sets(a, o, "Deprecated", val_bool(m->deprecated));
    map_sets(a, o, "Description", val_str(m->description));
    map_sets(a, o, "Home", val_str(m->home));
    map_sets(a, o, "Icon", val_str(m->icon));
    map_sets(a, o, "IsRoot", val_bool(c->parent == NULL));
    map_sets(a, o, "Keywords", strlist(a, m->keywords));
    map_sets(a, o, "KubeVersion", val_str(m->kube_version));
    List *ms = list_new(a, m->nmaintainers);
    for (uint32_t i = 0; i < m->nmaintainers; i++) {
        const ChartMaintainer *mt = &m->maintainers[i];
        if (!mt->name) continue;
        Map *mm = map_new(a, 3);
        map_sets(a, mm, "Email", val_str(mt->email));
        map_sets(a, mm, "Name", val_str(mt->name));
        map_sets(a, mm, "URL", val_str(mt->url));
        list_push(a, ms, val_map(mm));
    }
    map_sets(a, o, "Maintainers", val_list(ms));
    map_sets(a, o, "Name", val_str(m->name));
    map_sets(a, o, "Sources", strlist(a, m->sources));
    map_sets(a, o, "Tags", val_str(m->tags));
    map_sets(a, o, "Type", val_str(m->type));
    map_sets(a, o, "Version", val_str(m->version));
    return val_map(o);
}
