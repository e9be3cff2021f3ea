/* fake_yaml.c - test-only stand-in for yaml.h so the chart and sort code
 * can be tested independently of the YAML module.  It understands block
 * mappings by indentation ("key: value", "key:" + deeper lines), scalar
 * values as strings (true -> bool, ~/null/empty -> nil), a document whose
 * first line starts with "- " as a list, comment lines, and reports an
 * error for a line starting with '!' or '[' or ending with " [". */
#include "yaml/yaml.h"

#include <string.h>

typedef struct Lvl { int indent; Map *m; } Lvl;

static Value scalar(Arena *a, const char *v, size_t vl)
{
    if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') return val_strn(a, v + 1, vl - 2);
    if (!vl || (vl == 1 && v[0] == '~') || (vl == 4 && !memcmp(v, "null", 4))) return val_nil();
    if (vl == 4 && !memcmp(v, "true", 4)) return val_bool(true);
    return val_strn(a, v, vl);
}

static int parse(Arena *a, const char *t, size_t n, Value *out, Buf *err)
{
    Map *root = map_new(a, 0);
    Lvl st[16] = {{-1, root}};
    int sp = 0;
    Str *pending = NULL;   /* key whose value may be a nested map */
    Map *pend_in = NULL;
    int pend_indent = 0;
    bool any = false;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && t[j] != '\n') j++;
        const char *l = t + i;
        size_t ln = j - i;
        i = j + 1;
        int ind = 0;
        while ((size_t)ind < ln && l[ind] == ' ') ind++;
        if ((size_t)ind == ln || l[ind] == '#') continue;
        if (l[ind] == '!' || l[ind] == '[' || (ln >= 2 && !memcmp(l + ln - 2, " [", 2))) {
            buf_adds(err, "error converting YAML to JSON: yaml: line 1: did not find expected node content");
            return -1;
        }
        if (!any && l[ind] == '-' && ind + 1 < (int)ln && l[ind + 1] == ' ') {
            *out = val_list(list_new(a, 0));
            return 0;
        }
        any = true;
        if (pending) {
            if (ind > pend_indent && sp < 15) {
                Map *m = map_new(a, 0);
                map_set(a, pend_in, pending, val_map(m));
                st[++sp] = (Lvl){ind, m};
            } else {
                map_set(a, pend_in, pending, val_nil());
            }
            pending = NULL;
        }
        while (sp > 0 && ind < st[sp].indent) sp--;
        const char *c = memchr(l + ind, ':', ln - (size_t)ind);
        if (!c) continue;
        const char *v = c + 1;
        while (v < l + ln && *v == ' ') v++;
        size_t vl = (size_t)(l + ln - v);
        Str *k = str_new(a, l + ind, (size_t)(c - l - ind));
        if (!vl) { pending = k; pend_in = st[sp].m; pend_indent = ind; continue; }
        map_set(a, st[sp].m, k, scalar(a, v, vl));
    }
    if (pending) map_set(a, pend_in, pending, val_nil());
    *out = any ? val_map(root) : val_nil();
    return 0;
}

int yaml_load_values(Arena *a, const char *text, size_t n, Value *out, Buf *err)
{
    if (parse(a, text, n, out, err)) return -1;
    if (out->kind == V_LIST) {
        buf_adds(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go "
                      "value of type map[string]interface {}");
        return -1;
    }
    if (out->kind == V_NIL) *out = val_map(map_new(a, 0));
    return 0;
}

int yaml_decode(Arena *a, const char *text, size_t n, int want, Value *out, Buf *err)
{
    return parse(a, text, n, out, err);
}

int yaml_encode(Buf *out, Value v, Buf *err) { return -1; }
