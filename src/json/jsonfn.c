/*
 * jsonfn.c - template functions of group "json": helm's toJson, mustToJson,
 * fromJson, fromJsonArray and Sprig's toPrettyJson, toRawJson, their must
 * forms and mustFromJson.
 *
 * How each reports failure is its Go source's choice, checked against the
 * reference: helm's toJson and Sprig's toPrettyJson swallow the error and
 * give "", Sprig's toRawJson panics (text/template turns that into the
 * same "error calling toRawJson: ..." a must form gives), fromJson and
 * fromJsonArray return the message inside the result.
 */
#include "../eval/func.h"
#include "json.h"

enum { SWALLOW, FAIL };

static int encode(FnCall *c, Value v, int flags, int on_error, Value *out)
{
    BUF_LOCAL(b, 1024);
    Buf err = BUF_INIT;
    int r = json_encode(&b, v, flags, &err);
    if (r < 0 && on_error == FAIL) {
        fn_error(c, "%s", err.data ? err.data : "");
        buf_free(&b);
        buf_free(&err);
        return -1;
    }
    *out = r < 0 ? val_str(str_empty()) : val_strn(fn_arena(c), b.data ? b.data : "", b.len);
    buf_free(&b);
    buf_free(&err);
    if (out->kind != V_STR) return fn_error(c, "out of memory");
    return 0;
}

static int fn_toJson(FnCall *c, int argc, Value *argv, Value *out)
{
    return encode(c, argv[0], JSON_ESCAPE_HTML, SWALLOW, out);
}

static int fn_mustToJson(FnCall *c, int argc, Value *argv, Value *out)
{
    return encode(c, argv[0], JSON_ESCAPE_HTML, FAIL, out);
}

static int fn_toPrettyJson(FnCall *c, int argc, Value *argv, Value *out)
{
    return encode(c, argv[0], JSON_ESCAPE_HTML | JSON_INDENT, SWALLOW, out);
}

static int fn_mustToPrettyJson(FnCall *c, int argc, Value *argv, Value *out)
{
    return encode(c, argv[0], JSON_ESCAPE_HTML | JSON_INDENT, FAIL, out);
}

/* An Encoder with SetEscapeHTML(false); Sprig trims the newline Encode
 * appends, so the text is json_encode's. */
static int fn_toRawJson(FnCall *c, int argc, Value *argv, Value *out)
{
    return encode(c, argv[0], 0, FAIL, out);
}

/* Helm's fromJson / fromJsonArray: the decoded map or list, or on error
 * the message under "Error" (in what Unmarshal left of the map; JSON null
 * leaves Go a nil map or slice, which an empty one prints and ranges like
 * but the encoders write as null) or as the list's only element. */
static int from_json(FnCall *c, Value text, int into, Value *out)
{
    Arena *a = fn_arena(c);
    Buf err = BUF_INIT;
    Value v;
    int r = json_unmarshal(a, text.u.s->s, text.u.s->len, into, &v, &err);
    Value msg = r < 0 ? val_strn(a, err.data ? err.data : "", err.len) : val_nil();
    buf_free(&err);
    bool ok = r == 0 || msg.kind == V_STR;
    if (into == JSON_INTO_MAP) {
        Map *m = v.kind == V_MAP ? v.u.m : map_new(a, 1);
        if (m && r == 0 && v.kind != V_MAP) m->flags |= MAP_NIL;   /* JSON null */
        ok = ok && m && (r == 0 || map_sets(a, m, "Error", msg));
        *out = val_map(m);
    } else {
        List *l = v.kind == V_LIST && r == 0 ? v.u.l : list_new(a, 1);
        if (l && r == 0 && v.kind != V_LIST) l->flags |= LIST_NIL;   /* JSON null */
        ok = ok && l && (r == 0 || list_push(a, l, msg));
        *out = val_list(l);
    }
    return ok ? 0 : fn_error(c, "out of memory");
}

static int fn_fromJson(FnCall *c, int argc, Value *argv, Value *out)
{
    return from_json(c, argv[0], JSON_INTO_MAP, out);
}

static int fn_fromJsonArray(FnCall *c, int argc, Value *argv, Value *out)
{
    return from_json(c, argv[0], JSON_INTO_LIST, out);
}

static int fn_mustFromJson(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf err = BUF_INIT;
    Str *s = argv[0].u.s;
    int r = json_decode(fn_arena(c), s->s, s->len, out, &err);
    if (r < 0) {
        fn_error(c, "%s", err.data ? err.data : "");
        buf_free(&err);
        return -1;
    }
    buf_free(&err);
    return 0;
}

const FnDef fn_json_table[] = {
    {"toJson", fn_toJson, "a", 0},
    {"mustToJson", fn_mustToJson, "a", 0},
    {"toPrettyJson", fn_toPrettyJson, "a", 0},
    {"mustToPrettyJson", fn_mustToPrettyJson, "a", 0},
    {"toRawJson", fn_toRawJson, "a", 0},
    {"mustToRawJson", fn_toRawJson, "a", 0},
    {"fromJson", fn_fromJson, "s", 0},
    {"fromJsonArray", fn_fromJsonArray, "s", 0},
    {"mustFromJson", fn_mustFromJson, "s", 0},
    {NULL, NULL, NULL, 0},
};
const size_t fn_json_count = sizeof fn_json_table / sizeof fn_json_table[0] - 1;
