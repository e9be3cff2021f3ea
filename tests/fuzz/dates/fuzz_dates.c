/*
 * fuzz_dates.c - libFuzzer target for Go's time layouts as Sprig uses
 * them (sprig/dates.c): time.Parse through toDate/mustToDate, Format
 * through date/dateInZone/htmlDateInZone and the Time methods, durations
 * through dateModify/duration/durationRound, and zone names (TZif files
 * of the system tzdata).  Parts (NUL-separated): parse layout, value,
 * format layout, zone name, duration.  Failures must carry a message.
 */
#include "value/fmt.h"
#include "../common/fuzz_common.h"

extern const FnDef fn_dates_table[];
extern const size_t fn_dates_count;

static const char *const niladic[] = {
    "Day", "Hour", "IsZero", "Local", "Minute", "Month", "Nanosecond", "Second", "String",
    "UTC", "Unix", "UnixMilli", "UnixNano", "Weekday", "Year", "YearDay",
};

static void use(Value v, Buf *b)
{
    if (v.kind == V_OBJ && v.u.o->type->print) v.u.o->type->print(v.u.o, b);
    else fmt_value(b, v);
}

static void format_all(Arena *a, Value t, Value lay2, Value zone, Value dur, Buf *b)
{
    Value r, args[3];
#define CALL(name, n, ...)                                                          \
    do {                                                                            \
        Value tmp[] = {__VA_ARGS__};                                                \
        memcpy(args, tmp, sizeof tmp);                                              \
        if (fz_call(a, fn_dates_table, fn_dates_count, name, n, args, &r) == 0) use(r, b); \
    } while (0)
    CALL("date", 2, lay2, t);
    CALL("dateInZone", 3, lay2, t, zone);
    CALL("htmlDate", 1, t);
    CALL("htmlDateInZone", 2, t, zone);
    CALL("unixEpoch", 1, t);
    CALL("dateModify", 2, dur, t);
    CALL("mustDateModify", 2, dur, t);
    CALL("durationRound", 1, t);
#undef CALL
    for (size_t i = 0; i < sizeof niladic / sizeof *niladic; i++)
        if (fz_method(a, t, niladic[i], 0, NULL, &r) == 0) use(r, b);
    if (fz_method(a, t, "Format", 1, &lay2, &r) == 0) use(r, b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a);
    a.limit = 64u << 20;
    FzPart p[5] = {{"", 0}, {"", 0}, {"", 0}, {"", 0}, {"", 0}};
    fz_split(&a, data, size, p, 5);
    Value lay = val_strn(&a, p[0].s, p[0].n), val = val_strn(&a, p[1].s, p[1].n);
    Value lay2 = val_strn(&a, p[2].s, p[2].n), zone = val_strn(&a, p[3].s, p[3].n);
    Value dur = val_strn(&a, p[4].s, p[4].n);
    Buf b = BUF_INIT;
    Value args[2] = {lay, val}, t, r;
    if (fz_call(&a, fn_dates_table, fn_dates_count, "toDate", 2, args, &t) == 0)
        format_all(&a, t, lay2, zone, dur, &b);
    if (fz_call(&a, fn_dates_table, fn_dates_count, "mustToDate", 2, args, &t) == 0)
        format_all(&a, t, lay2, zone, dur, &b);
    uint64_t h = 0;
    for (size_t i = 0; i < p[1].n; i++) h = h * 131 + (unsigned char)p[1].s[i];
    Value secs = val_int64((int64_t)h);
    Value a2[2] = {lay2, secs};
    if (fz_call(&a, fn_dates_table, fn_dates_count, "date", 2, a2, &r) == 0) use(r, &b);
    if (fz_call(&a, fn_dates_table, fn_dates_count, "duration", 1, &dur, &r) == 0) use(r, &b);
    if (fz_call(&a, fn_dates_table, fn_dates_count, "duration", 1, &secs, &r) == 0) use(r, &b);
    if (fz_call(&a, fn_dates_table, fn_dates_count, "durationRound", 1, &dur, &r) == 0) use(r, &b);
    if (fz_call(&a, fn_dates_table, fn_dates_count, "durationRound", 1, &secs, &r) == 0) use(r, &b);
    if (fz_call(&a, fn_dates_table, fn_dates_count, "ago", 1, &secs, &r) == 0) use(r, &b);
    buf_free(&b);
    arena_free(&a);
    return 0;
}
