/*
 * dates.c - Sprig's date functions and Go's time.Time as a template object.
 *
 * A time.Time is Unix seconds + nanoseconds + a location.  Locations come
 * from the system tzdata (TZif files under /usr/share/zoneinfo, read per
 * call into the render's arena: no global cache), "UTC", "Local" (the TZ
 * variable or /etc/localtime, as Go's initLocal reads them) or a fixed
 * zone that time.Parse invents for an offset it cannot match ("+0530").
 * Format and Parse follow Go's layout language (reference time
 * "Mon Jan 2 15:04:05 MST 2006") chunk by chunk, with Go's ParseError
 * texts.  A time printed with %v is Go's Time.String(), including the
 * monotonic-clock suffix " m=+0.000123456" that only time.Now() values
 * carry (so `{{ now }}` matches helm's shape, not its digits).
 */
#include "../eval/func.h"
#include "../value/fmt.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- zones ------------------------------------------------------------ */

typedef struct ZType {
    int32_t off;
    bool dst;
    const char *abbr;
} ZType;

/* A POSIX TZ rule (TZif footer) for times after the last transition. */
typedef struct ZRule {
    bool valid, has_dst;
    char std[16], dstn[16];
    int32_t std_off, dst_off;              /* seconds east of UTC */
    int sm, sw, sd, ss, em, ew, ed, es;     /* Mm.w.d/secs of DST start/end */
} ZRule;

typedef struct Zone {
    const char *name;       /* "UTC", "Local", IANA name, or "" (fixed) */
    int64_t *tx;            /* transition times */
    uint8_t *txi;           /* type index of each transition */
    uint32_t ntx, ntype;
    ZType *types;
    ZRule rule;
} Zone;

static const Zone zone_utc = {"UTC", NULL, NULL, 0, 1, (ZType *)&(const ZType){0, false, "UTC"}, {0}};

static int64_t be64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | p[i];
    return (int64_t)v;
}

static int32_t be32(const unsigned char *p)
{
    return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
}

/* POSIX TZ: name offset [name [offset] [,Mm.w.d[/t],Mm.w.d[/t]]] */
static const char *rule_name(const char *p, char *out, size_t n)
{
    size_t k = 0;
    if (*p == '<') {
        p++;
        while (*p && *p != '>') { if (k + 1 < n) out[k++] = *p; p++; }
        if (*p == '>') p++;
    } else {
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) { if (k + 1 < n) out[k++] = *p; p++; }
    }
    out[k] = 0;
    return k ? p : NULL;
}

static const char *rule_offset(const char *p, int32_t *secs)
{
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    int32_t parts[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (*p < '0' || *p > '9') { if (i == 0) return NULL; break; }
        while (*p >= '0' && *p <= '9') parts[i] = parts[i] * 10 + (*p++ - '0');
        if (*p != ':' || i == 2) break;
        p++;
    }
    *secs = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    return p;
}

static const char *rule_date(const char *p, int *m, int *w, int *d, int *s)
{
    if (*p != 'M') return NULL;
    char *e;
    *m = (int)strtol(p + 1, &e, 10);
    if (*e != '.') return NULL;
    *w = (int)strtol(e + 1, &e, 10);
    if (*e != '.') return NULL;
    *d = (int)strtol(e + 1, &e, 10);
    *s = 7200;
    p = e;
    if (*p == '/') {
        int32_t t;
        p = rule_offset(p + 1, &t);
        if (!p) return NULL;
        *s = t;
    }
    return p;
}

static void parse_rule(const char *p, ZRule *r)
{
    memset(r, 0, sizeof *r);
    int32_t o;
    if (!(p = rule_name(p, r->std, sizeof r->std)) || !(p = rule_offset(p, &o))) return;
    r->std_off = -o;
    if (!*p) { r->valid = true; return; }
    if (!(p = rule_name(p, r->dstn, sizeof r->dstn))) return;
    r->dst_off = r->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = rule_offset(p, &o))) return;
        r->dst_off = -o;
    }
    if (*p != ',') return;
    if (!(p = rule_date(p + 1, &r->sm, &r->sw, &r->sd, &r->ss)) || *p != ',') return;
    if (!(p = rule_date(p + 1, &r->em, &r->ew, &r->ed, &r->es))) return;
    r->has_dst = r->valid = true;
}

static bool zone_from_tzif(Arena *a, const unsigned char *d, size_t n, Zone *z)
{
    if (n < 44 || memcmp(d, "TZif", 4) != 0) return false;
    size_t off = 0;
    int tsize = 4;
    if (d[4] >= '2') {
        /* skip the 32-bit block */
        uint32_t c[6];
        for (int i = 0; i < 6; i++) c[i] = (uint32_t)be32(d + 20 + 4 * i);
        off = 44 + (size_t)c[3] * 5 + (size_t)c[4] * 6 + c[5] + (size_t)c[2] * 8 + c[1] + c[0];
        if (off + 44 > n || memcmp(d + off, "TZif", 4) != 0) return false;
        tsize = 8;
    }
    uint32_t isut = (uint32_t)be32(d + off + 20), isstd = (uint32_t)be32(d + off + 24),
             leap = (uint32_t)be32(d + off + 28), ntx = (uint32_t)be32(d + off + 32),
             ntype = (uint32_t)be32(d + off + 36), nchar = (uint32_t)be32(d + off + 40);
    size_t p = off + 44;
    size_t need = (size_t)ntx * (tsize + 1) + (size_t)ntype * 6 + nchar + (size_t)leap * (tsize + 4) + isstd + isut;
    if (ntype == 0 || p + need > n) return false;
    z->ntx = ntx;
    z->ntype = ntype;
    z->tx = arena_alloc(a, (ntx + 1) * sizeof *z->tx);
    z->txi = arena_alloc(a, ntx + 1);
    z->types = arena_alloc(a, ntype * sizeof *z->types);
    char *chars = arena_alloc(a, nchar + 1);
    if (!z->tx || !z->txi || !z->types || !chars) return false;
    for (uint32_t i = 0; i < ntx; i++) z->tx[i] = tsize == 8 ? be64(d + p + 8 * i) : be32(d + p + 4 * i);
    p += (size_t)ntx * tsize;
    for (uint32_t i = 0; i < ntx; i++) {
        z->txi[i] = d[p + i];
        if (z->txi[i] >= ntype) return false;
    }
    p += ntx;
    const unsigned char *tp = d + p;
    p += (size_t)ntype * 6;
    memcpy(chars, d + p, nchar);
    chars[nchar] = 0;
    for (uint32_t i = 0; i < ntype; i++) {
        z->types[i].off = be32(tp + 6 * i);
        z->types[i].dst = tp[6 * i + 4] != 0;
        uint8_t ai = tp[6 * i + 5];
        z->types[i].abbr = ai < nchar ? chars + ai : "";
    }
    p += nchar + (size_t)leap * (tsize + 4) + isstd + isut;
    if (tsize == 8 && p < n && d[p] == '\n') {
        const char *f = (const char *)d + p + 1;
        const char *e = memchr(f, '\n', n - p - 1);
        if (e) {
            char *rs = arena_strndup(a, f, (size_t)(e - f));
            if (rs) parse_rule(rs, &z->rule);
        }
    }
    return true;
}

static const Zone *zone_file(Arena *a, const char *path, const char *name)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= (1u << 20)) break;            /* no real zone is this big */
            unsigned char *nb = realloc(buf, cap = cap ? cap * 2 : 4096);
            if (!nb) break;
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0) break;
        n += r;
    }
    fclose(f);
    Zone *z = ARENA_NEW(a, Zone);
    bool ok = z && buf && zone_from_tzif(a, buf, n, z);
    free(buf);
    if (!ok) return NULL;
    z->name = arena_strdup(a, name);
    return z;
}

/* time.LoadLocation; NULL = "unknown time zone" (Sprig then uses UTC). */
static const Zone *zone_load(Arena *a, const char *name)
{
    if (!*name || strcmp(name, "UTC") == 0) return &zone_utc;
    if (strcmp(name, "Local") == 0) {
        const char *tz = getenv("TZ");
        const Zone *z = NULL;
        if (!tz) z = zone_file(a, "/etc/localtime", "Local");
        else if (*tz == ':') tz++;
        if (tz && *tz && strcmp(tz, "UTC") != 0) {
            if (*tz == '/') z = zone_file(a, tz, "Local");
            else z = zone_load(a, tz);
        }
        if (!z) return &zone_utc;
        Zone *l = ARENA_NEW(a, Zone);
        if (!l) return &zone_utc;
        *l = *z;
        l->name = "Local";
        return l;
    }
    if (name[0] == '/' || name[0] == '\\' || strstr(name, "..")) return NULL;
    const char *dirs[] = {"/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/",
                          "/etc/zoneinfo/"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char path[1024];
        if ((size_t)snprintf(path, sizeof path, "%s%s", dirs[i], name) >= sizeof path) return NULL;
        const Zone *z = zone_file(a, path, name);
        if (z) return z;
    }
    return NULL;
}

static const Zone *zone_fixed(Arena *a, const char *name, int32_t off)
{
    Zone *z = ARENA_NEW(a, Zone);
    ZType *t = ARENA_NEW(a, ZType);
    if (!z || !t) return &zone_utc;
    t->off = off;
    t->abbr = arena_strdup(a, name);
    z->name = t->abbr;
    z->ntype = 1;
    z->types = t;
    return z;
}

/* ---- civil calendar --------------------------------------------------- */

static int64_t floordiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

/* days since 1970-01-01 of a proleptic Gregorian date */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floordiv(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

typedef struct Civil {
    int64_t year;
    int month, day, hour, min, sec, yday, wday;
} Civil;

static void civil_from_unix(int64_t t, Civil *c)
{
    int64_t days = floordiv(t, 86400), rem = t - days * 86400;
    c->hour = (int)(rem / 3600);
    c->min = (int)(rem / 60 % 60);
    c->sec = (int)(rem % 60);
    c->wday = (int)((days % 7 + 11) % 7);   /* 1970-01-01 was a Thursday */
    int64_t z = days + 719468, era = floordiv(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    c->year = yoe + era * 400 + (c->month <= 2);
    c->yday = (int)(t / 86400 - days_from_civil(c->year, 1, 1)) + 1;
    c->yday = (int)(days - days_from_civil(c->year, 1, 1)) + 1;
}

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in(int m, int64_t y)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Unix time of Mm.w.d at `secs` local standard time in year y. */
static int64_t rule_time(int64_t y, int m, int w, int d, int secs, int32_t off)
{
    int64_t first = days_from_civil(y, m, 1);
    int wd1 = (int)((first % 7 + 11) % 7);
    int day = 1 + (d - wd1 + 7) % 7 + (w - 1) * 7;
    while (day > days_in(m, y)) day -= 7;
    return (first + day - 1) * 86400 + secs - off;
}

typedef struct ZInfo {
    const char *abbr;
    int32_t off;
    bool dst;
    int64_t start, end;
} ZInfo;

/* Location.lookup: the zone in effect at Unix time t and its period. */
static void zone_lookup(const Zone *z, int64_t t, ZInfo *zi)
{
    zi->start = INT64_MIN;
    zi->end = INT64_MAX;
    zi->dst = false;
    if (z->ntx == 0 || t < z->tx[0]) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < z->ntype; i++)
            if (!z->types[i].dst) { k = i; break; }
        zi->abbr = z->types[k].abbr;
        zi->off = z->types[k].off;
        if (z->ntx) zi->end = z->tx[0];
        if (z->ntx || !z->rule.valid) return;
    }
    if (z->ntx && t < z->tx[z->ntx - 1]) {
        uint32_t lo = 0, hi = z->ntx - 1;
        while (hi - lo > 1) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (t < z->tx[mid]) hi = mid;
            else lo = mid;
        }
        const ZType *ty = &z->types[z->txi[lo]];
        zi->abbr = ty->abbr;
        zi->off = ty->off;
        zi->dst = ty->dst;
        zi->start = z->tx[lo];
        zi->end = z->tx[hi];
        return;
    }
    if (z->ntx) {
        const ZType *ty = &z->types[z->txi[z->ntx - 1]];
        zi->abbr = ty->abbr;
        zi->off = ty->off;
        zi->dst = ty->dst;
        zi->start = z->tx[z->ntx - 1];
    }
    if (!z->rule.valid) return;
    const ZRule *r = &z->rule;
    if (!r->has_dst) {
        zi->abbr = r->std;
        zi->off = r->std_off;
        return;
    }
    Civil c;
    civil_from_unix(t + r->std_off, &c);
    int64_t ds = rule_time(c.year, r->sm, r->sw, r->sd, r->ss, r->std_off);
    int64_t de = rule_time(c.year, r->em, r->ew, r->ed, r->es, r->dst_off);
    bool in_dst = ds < de ? (t >= ds && t < de) : !(t >= de && t < ds);
    zi->abbr = in_dst ? r->dstn : r->std;
    zi->off = in_dst ? r->dst_off : r->std_off;
    zi->dst = in_dst;
    zi->start = in_dst ? ds : de;
    zi->end = in_dst ? de : ds;
    if (zi->start > t) zi->start = INT64_MIN;
    if (zi->end <= t) zi->end = INT64_MAX;
}

/* ---- time.Time objects ------------------------------------------------ */

typedef struct GoTime {
    int64_t sec;           /* Unix seconds */
    int32_t nsec;
    bool mono;             /* carries a monotonic reading (time.Now) */
    int64_t mono_ns;
    const Zone *zone;
} GoTime;

static int time_get(Arena *a, const Obj *o, const Str *name, Value *out);
static void time_print(const Obj *o, Buf *b);
static Value time_go_fields(Arena *a, const Obj *o);
static const ObjType time_type = {"time.Time", "struct", time_get, time_print, .go_fields = time_go_fields};

/* An object of type t holding a copy of size bytes at data; nil when
 * memory runs out. */
static Value new_obj(Arena *a, const ObjType *t, const void *data, size_t size)
{
    void *c = arena_alloc(a, size);
    Obj *o = ARENA_NEW(a, Obj);
    if (!c || !o) return val_nil();
    memcpy(c, data, size);
    o->type = t;
    o->data = c;
    return val_obj(o);
}

static Value time_value(Arena *a, const GoTime *t)
{
    return new_obj(a, &time_type, t, sizeof *t);
}

static const GoTime *as_time(Value v)
{
    return v.kind == V_OBJ && v.u.o->type == &time_type ? v.u.o->data : NULL;
}

static GoTime time_now(Arena *a)
{
    struct timespec ts, m;
    clock_gettime(CLOCK_REALTIME, &ts);
    clock_gettime(CLOCK_MONOTONIC, &m);
    GoTime t = {ts.tv_sec, (int32_t)ts.tv_nsec, true, (int64_t)m.tv_nsec % 1000000000, zone_load(a, "Local")};
    return t;
}

/* ---- Go layouts ------------------------------------------------------- */

enum {
    STD_NONE, STD_LONG_MONTH, STD_MONTH, STD_NUM_MONTH, STD_ZERO_MONTH, STD_LONG_WDAY, STD_WDAY,
    STD_DAY, STD_UNDER_DAY, STD_ZERO_DAY, STD_UNDER_YDAY, STD_ZERO_YDAY, STD_HOUR, STD_HOUR12,
    STD_ZERO_HOUR12, STD_MINUTE, STD_ZERO_MINUTE, STD_SECOND, STD_ZERO_SECOND, STD_LONG_YEAR,
    STD_YEAR, STD_PM, STD_pm, STD_TZ, STD_ISO_TZ, STD_ISO_SEC_TZ, STD_ISO_SHORT_TZ, STD_ISO_COLON_TZ,
    STD_ISO_COLON_SEC_TZ, STD_NUM_TZ, STD_NUM_SEC_TZ, STD_NUM_SHORT_TZ, STD_NUM_COLON_TZ,
    STD_NUM_COLON_SEC_TZ, STD_FRAC0, STD_FRAC9,
};

typedef struct Chunk {
    size_t prefix;     /* literal bytes before the element */
    int std;
    size_t len;        /* element length in the layout */
    int digits;        /* fractional seconds */
    char sep;          /* '.' or ',' */
} Chunk;

static bool lower_at(const char *s, size_t n, size_t i) { return i < n && s[i] >= 'a' && s[i] <= 'z'; }
static bool digit_at(const char *s, size_t n, size_t i) { return i < n && s[i] >= '0' && s[i] <= '9'; }

static bool has(const char *s, size_t n, size_t i, const char *w)
{
    size_t l = strlen(w);
    return i + l <= n && memcmp(s + i, w, l) == 0;
}

/* Go's nextStdChunk. */
static Chunk next_chunk(const char *s, size_t n)
{
    Chunk c = {n, STD_NONE, 0, 0, 0};
    static const struct { const char *w; int std; } tz[] = {
        {"-070000", STD_NUM_SEC_TZ}, {"-07:00:00", STD_NUM_COLON_SEC_TZ}, {"-0700", STD_NUM_TZ},
        {"-07:00", STD_NUM_COLON_TZ}, {"-07", STD_NUM_SHORT_TZ},
        {"Z070000", STD_ISO_SEC_TZ}, {"Z07:00:00", STD_ISO_COLON_SEC_TZ}, {"Z0700", STD_ISO_TZ},
        {"Z07:00", STD_ISO_COLON_TZ}, {"Z07", STD_ISO_SHORT_TZ},
    };
#define RET(st, l) do { c.prefix = i; c.std = (st); c.len = (l); return c; } while (0)
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case 'J':
            if (has(s, n, i, "Jan")) {
                if (has(s, n, i, "January")) RET(STD_LONG_MONTH, 7);
                if (!lower_at(s, n, i + 3)) RET(STD_MONTH, 3);
            }
            break;
        case 'M':
            if (has(s, n, i, "Mon")) {
                if (has(s, n, i, "Monday")) RET(STD_LONG_WDAY, 6);
                if (!lower_at(s, n, i + 3)) RET(STD_WDAY, 3);
            }
            if (has(s, n, i, "MST")) RET(STD_TZ, 3);
            break;
        case '0':
            if (i + 1 < n && s[i + 1] >= '1' && s[i + 1] <= '6') {
                static const int z[] = {STD_ZERO_MONTH, STD_ZERO_DAY, STD_ZERO_HOUR12,
                                        STD_ZERO_MINUTE, STD_ZERO_SECOND, STD_YEAR};
                RET(z[s[i + 1] - '1'], 2);
            }
            if (has(s, n, i, "002")) RET(STD_ZERO_YDAY, 3);
            break;
        case '1':
            if (i + 1 < n && s[i + 1] == '5') RET(STD_HOUR, 2);
            RET(STD_NUM_MONTH, 1);
        case '2':
            if (has(s, n, i, "2006")) RET(STD_LONG_YEAR, 4);
            RET(STD_DAY, 1);
        case '_':
            if (i + 1 < n && s[i + 1] == '2') {
                if (has(s, n, i + 1, "2006")) { c.prefix = i + 1; c.std = STD_LONG_YEAR; c.len = 4; return c; }
                RET(STD_UNDER_DAY, 2);
            }
            if (has(s, n, i, "__2")) RET(STD_UNDER_YDAY, 3);
            break;
        case '3': RET(STD_HOUR12, 1);
        case '4': RET(STD_MINUTE, 1);
        case '5': RET(STD_SECOND, 1);
        case 'P':
            if (i + 1 < n && s[i + 1] == 'M') RET(STD_PM, 2);
            break;
        case 'p':
            if (i + 1 < n && s[i + 1] == 'm') RET(STD_pm, 2);
            break;
        case '-':
        case 'Z':
            for (size_t k = 0; k < sizeof tz / sizeof *tz; k++)
                if (tz[k].w[0] == s[i] && has(s, n, i, tz[k].w)) RET(tz[k].std, strlen(tz[k].w));
            break;
        case '.':
        case ',':
            if (i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '9')) {
                char ch = s[i + 1];
                size_t j = i + 1;
                while (j < n && s[j] == ch) j++;
                if (!digit_at(s, n, j)) {
                    c.digits = (int)(j - i - 1);
                    c.sep = s[i];
                    RET(ch == '0' ? STD_FRAC0 : STD_FRAC9, j - i);
                }
            }
            break;
        default:
            break;
        }
    }
#undef RET
    return c;
}

static const char *const month_names[] = {"January", "February", "March", "April", "May", "June",
                                          "July", "August", "September", "October", "November",
                                          "December"};
static const char *const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
                                        "Friday", "Saturday"};

static void add_int(Buf *b, int64_t v, int width)
{
    if (v < 0) { buf_addc(b, '-'); v = -v; }
    buf_printf(b, "%0*lld", width, (long long)v);
}

static void add_tz(Buf *b, int std, int32_t off)
{
    bool iso = std >= STD_ISO_TZ && std <= STD_ISO_COLON_SEC_TZ;
    if (iso && off == 0) { buf_addc(b, 'Z'); return; }
    int32_t zone = off / 60, abs = off;
    if (zone < 0) { buf_addc(b, '-'); zone = -zone; abs = -abs; }
    else buf_addc(b, '+');
    add_int(b, zone / 60, 2);
    bool colon = std == STD_ISO_COLON_TZ || std == STD_NUM_COLON_TZ || std == STD_ISO_COLON_SEC_TZ ||
                 std == STD_NUM_COLON_SEC_TZ;
    if (colon) buf_addc(b, ':');
    if (std != STD_NUM_SHORT_TZ && std != STD_ISO_SHORT_TZ) add_int(b, zone % 60, 2);
    if (std == STD_ISO_SEC_TZ || std == STD_NUM_SEC_TZ || std == STD_NUM_COLON_SEC_TZ ||
        std == STD_ISO_COLON_SEC_TZ) {
        if (colon) buf_addc(b, ':');
        add_int(b, abs % 60, 2);
    }
}

/* Time.Format */
static void time_format(const GoTime *t, const char *l, size_t n, Buf *b)
{
    ZInfo zi;
    zone_lookup(t->zone, t->sec, &zi);
    Civil c;
    civil_from_unix(t->sec + zi.off, &c);
    while (n > 0) {
        Chunk k = next_chunk(l, n);
        buf_add(b, l, k.prefix);
        if (k.std == STD_NONE) break;
        switch (k.std) {
        case STD_YEAR: add_int(b, (c.year < 0 ? -c.year : c.year) % 100, 2); break;   /* Go drops the sign */
        case STD_LONG_YEAR: add_int(b, c.year, 4); break;
        case STD_MONTH: buf_add(b, month_names[c.month - 1], 3); break;
        case STD_LONG_MONTH: buf_adds(b, month_names[c.month - 1]); break;
        case STD_NUM_MONTH: add_int(b, c.month, 0); break;
        case STD_ZERO_MONTH: add_int(b, c.month, 2); break;
        case STD_WDAY: buf_add(b, day_names[c.wday], 3); break;
        case STD_LONG_WDAY: buf_adds(b, day_names[c.wday]); break;
        case STD_DAY: add_int(b, c.day, 0); break;
        case STD_UNDER_DAY: if (c.day < 10) buf_addc(b, ' '); add_int(b, c.day, 0); break;
        case STD_ZERO_DAY: add_int(b, c.day, 2); break;
        case STD_UNDER_YDAY:
            if (c.yday < 100) { buf_addc(b, ' '); if (c.yday < 10) buf_addc(b, ' '); }
            add_int(b, c.yday, 0);
            break;
        case STD_ZERO_YDAY: add_int(b, c.yday, 3); break;
        case STD_HOUR: add_int(b, c.hour, 2); break;
        case STD_HOUR12: add_int(b, c.hour % 12 ? c.hour % 12 : 12, 0); break;
        case STD_ZERO_HOUR12: add_int(b, c.hour % 12 ? c.hour % 12 : 12, 2); break;
        case STD_MINUTE: add_int(b, c.min, 0); break;
        case STD_ZERO_MINUTE: add_int(b, c.min, 2); break;
        case STD_SECOND: add_int(b, c.sec, 0); break;
        case STD_ZERO_SECOND: add_int(b, c.sec, 2); break;
        case STD_PM: buf_adds(b, c.hour >= 12 ? "PM" : "AM"); break;
        case STD_pm: buf_adds(b, c.hour >= 12 ? "pm" : "am"); break;
        case STD_TZ:
            if (zi.abbr && *zi.abbr) buf_adds(b, zi.abbr);
            else add_tz(b, STD_NUM_TZ, zi.off);
            break;
        case STD_FRAC0:
        case STD_FRAC9: {
            char d[10];
            snprintf(d, sizeof d, "%09d", (int)t->nsec);
            int nd = k.digits > 9 ? 9 : k.digits;
            if (k.std == STD_FRAC9) {
                while (nd > 0 && d[nd - 1] == '0') nd--;
                if (nd == 0) break;
            }
            buf_addc(b, k.sep);
            buf_add(b, d, (size_t)nd);
            break;
        }
        default: add_tz(b, k.std, zi.off); break;
        }
        l += k.prefix + k.len;
        n -= k.prefix + k.len;
    }
}

static void time_print(const Obj *o, Buf *b)
{
    const GoTime *t = o->data;
    static const char layout[] = "2006-01-02 15:04:05.999999999 -0700 MST";
    time_format(t, layout, sizeof layout - 1, b);
    if (t->mono) {
        int64_t m = t->mono_ns;
        buf_printf(b, " m=%c%lld.%09lld", m < 0 ? '-' : '+', (long long)(llabs(m) / 1000000000),
                   (long long)(llabs(m) % 1000000000));
    }
}

/* time's quote(): bytes outside printable ASCII as \xNN. */
static void time_quote(Buf *b, const char *s, size_t n)
{
    buf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80 || ch < ' ') buf_printf(b, "\\x%02x", ch);
        else {
            if (ch == '"' || ch == '\\') buf_addc(b, '\\');
            buf_addc(b, (char)ch);
        }
    }
    buf_addc(b, '"');
}

/* ---- parsing ---------------------------------------------------------- */

static bool getnum(const char **v, size_t *n, bool fixed, int *out)
{
    const char *s = *v;
    if (!digit_at(s, *n, 0)) return false;
    if (!digit_at(s, *n, 1)) {
        if (fixed) return false;
        *out = s[0] - '0';
        (*v)++, (*n)--;
        return true;
    }
    *out = (s[0] - '0') * 10 + s[1] - '0';
    *v += 2, *n -= 2;
    return true;
}

/* parseNanoseconds: v[0] is the separator, v[1..n) digits; digits past
 * the ninth are dropped. */
static int32_t parse_nanos(const char *v, size_t n)
{
    int64_t ns = 0;
    for (size_t i = 1; i <= 9; i++) ns = ns * 10 + (i < n ? v[i] - '0' : 0);
    return (int32_t)ns;
}

static bool skip_lit(const char **v, size_t *vn, const char *p, size_t pn)
{
    while (pn > 0) {
        if (*p == ' ') {
            if (*vn > 0 && **v != ' ') return false;
            while (pn > 0 && *p == ' ') p++, pn--;
            while (*vn > 0 && **v == ' ') (*v)++, (*vn)--;
            continue;
        }
        if (*vn == 0 || **v != *p) return false;
        p++, pn--, (*v)++, (*vn)--;
    }
    return true;
}

static int lookup_name(const char *const *names, int count, size_t len, const char **v, size_t *vn)
{
    for (int i = 0; i < count; i++) {
        size_t l = len ? len : strlen(names[i]);
        if (*vn >= l && strncasecmp(*v, names[i], l) == 0) {
            *v += l, *vn -= l;
            return i;
        }
    }
    return -1;
}

/* Go's parseTimeZone: length of a zone abbreviation at v, 0 if none. */
static size_t tz_name_len(const char *v, size_t n)
{
    if (n < 3) return 0;
    if (n >= 4 && (memcmp(v, "ChST", 4) == 0 || memcmp(v, "MeST", 4) == 0)) return 4;
    if (memcmp(v, "GMT", 3) == 0) {
        size_t i = 3;
        if (i < n && (v[i] == '+' || v[i] == '-')) {
            size_t j = i + 1;
            int x = 0;
            while (j < n && v[j] >= '0' && v[j] <= '9' && x < 100) x = x * 10 + v[j++] - '0';
            if (j == i + 1 || x > 23) return 3;
            if (v[i] == '-' && x == 0) return 3;
            return j;
        }
        return 3;
    }
    if (v[0] == '+' || v[0] == '-') {
        size_t j = 1;
        while (j < n && v[j] >= '0' && v[j] <= '9') j++;
        return (j == 3 || j == 5) ? j : 0;
    }
    size_t k = 0;
    while (k < n && v[k] >= 'A' && v[k] <= 'Z') k++;
    if (k == 3 || k == 4 || k == 5) {
        if (k == 4 && v[3] != 'T') return 0;
        if (k == 5 && v[4] != 'T') return 0;
        return k;
    }
    return 0;
}

static int64_t date_to_unix(int64_t y, int mo, int d, int h, int mi, int s)
{
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* time.Date(..., loc) */
static int64_t local_to_unix(const Zone *z, int64_t wall)
{
    ZInfo zi;
    zone_lookup(z, wall, &zi);
    if (zi.off != 0) {
        int64_t utc = wall - zi.off;
        if (utc < zi.start || utc >= zi.end) zone_lookup(z, utc, &zi);
        wall -= zi.off;
    }
    return wall;
}

static int parse_err(Buf *e, const char *l, size_t ln, const char *v, size_t vn, const char *le,
                     size_t len, const char *ve, size_t ven, const char *msg)
{
    buf_adds(e, "parsing time ");
    time_quote(e, v, vn);
    if (msg) {
        buf_adds(e, msg);
        return -1;
    }
    buf_adds(e, " as ");
    time_quote(e, l, ln);
    buf_adds(e, ": cannot parse ");
    time_quote(e, ve, ven);
    buf_adds(e, " as ");
    time_quote(e, le, len);
    return -1;
}

/* time.ParseInLocation(layout, value, loc); -1 with Go's error in e. */
static int time_parse(Arena *a, const char *l0, size_t ln0, const char *v0, size_t vn0,
                      const Zone *loc, GoTime *out, Buf *e)
{
    const char *l = l0, *v = v0;
    size_t ln = ln0, vn = vn0;
    int64_t year = 0;   /* Go's Parse defaults the year to 0, not 1 */
    int month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0;
    int32_t nsec = 0;
    bool pm = false, am = false, have_off = false;
    int32_t zoff = 0;
    const char *zname = NULL;
    size_t znl = 0;
    bool utc = false;
    while (true) {
        Chunk k = next_chunk(l, ln);
        const char *hold = v;
        size_t holdn = vn;
        if (!skip_lit(&v, &vn, l, k.prefix))
            return parse_err(e, l0, ln0, v0, vn0, l, k.prefix, v, vn, NULL);
        if (k.std == STD_NONE) {
            if (vn > 0) {
                Buf m = BUF_INIT;
                buf_adds(&m, ": extra text: ");
                time_quote(&m, v, vn);
                parse_err(e, l0, ln0, v0, vn0, NULL, 0, NULL, 0, m.data);
                buf_free(&m);
                return -1;
            }
            break;
        }
        const char *stdstr = l + k.prefix;
        l += k.prefix + k.len;
        ln -= k.prefix + k.len;
        hold = v;
        holdn = vn;
        bool ok = true;
        const char *range = NULL;
        int x = 0;
        switch (k.std) {
        case STD_YEAR:
            if (vn < 2 || !digit_at(v, vn, 0) || !digit_at(v, vn, 1)) { ok = false; break; }
            year = (v[0] - '0') * 10 + v[1] - '0';
            year += year >= 69 ? 1900 : 2000;
            v += 2, vn -= 2;
            break;
        case STD_LONG_YEAR:
            if (vn < 4 || !digit_at(v, vn, 0)) { ok = false; break; }
            year = 0;
            for (int i = 0; i < 4; i++) {
                if (!digit_at(v, vn, (size_t)i)) { ok = false; break; }
                year = year * 10 + v[i] - '0';
            }
            if (ok) v += 4, vn -= 4;
            break;
        case STD_MONTH:
            month = lookup_name(month_names, 12, 3, &v, &vn) + 1;
            ok = month > 0;
            break;
        case STD_LONG_MONTH:
            month = lookup_name(month_names, 12, 0, &v, &vn) + 1;
            ok = month > 0;
            break;
        case STD_NUM_MONTH:
        case STD_ZERO_MONTH:
            ok = getnum(&v, &vn, k.std == STD_ZERO_MONTH, &month);
            if (ok && (month <= 0 || month > 12)) range = "month";
            break;
        case STD_WDAY:
            ok = lookup_name(day_names, 7, 3, &v, &vn) >= 0;
            break;
        case STD_LONG_WDAY:
            ok = lookup_name(day_names, 7, 0, &v, &vn) >= 0;
            break;
        case STD_DAY:
        case STD_UNDER_DAY:
        case STD_ZERO_DAY:
            if (k.std == STD_UNDER_DAY && vn > 0 && *v == ' ') v++, vn--;
            ok = getnum(&v, &vn, k.std == STD_ZERO_DAY, &day);
            break;
        case STD_UNDER_YDAY:
        case STD_ZERO_YDAY: {
            size_t i = 0;
            if (k.std == STD_UNDER_YDAY) while (i < 2 && i < vn && v[i] == ' ') i++;
            int got = 0;
            yday = 0;
            while (i < vn && got < 3 && digit_at(v, vn, i)) yday = yday * 10 + v[i++] - '0', got++;
            if (got == 0 || (k.std == STD_ZERO_YDAY && got < 3)) { ok = false; break; }
            v += i, vn -= i;
            if (yday < 1 || yday > 366) range = "day-of-year";
            break;
        }
        case STD_HOUR:
            ok = getnum(&v, &vn, false, &hour);
            if (ok && (hour < 0 || hour >= 24)) range = "hour";
            break;
        case STD_HOUR12:
        case STD_ZERO_HOUR12:
            ok = getnum(&v, &vn, k.std == STD_ZERO_HOUR12, &hour);
            if (ok && (hour < 0 || hour > 12)) range = "hour";
            break;
        case STD_MINUTE:
        case STD_ZERO_MINUTE:
            ok = getnum(&v, &vn, k.std == STD_ZERO_MINUTE, &min);
            if (ok && (min < 0 || min >= 60)) range = "minute";
            break;
        case STD_SECOND:
        case STD_ZERO_SECOND:
            ok = getnum(&v, &vn, k.std == STD_ZERO_SECOND, &sec);
            if (ok && (sec < 0 || sec >= 60)) { range = "second"; break; }
            /* a fraction after seconds is accepted even if the layout has none */
            if (ok && vn >= 2 && (v[0] == '.' || v[0] == ',') && digit_at(v, vn, 1)) {
                Chunk nk = next_chunk(l, ln);
                if (nk.std == STD_FRAC0 || nk.std == STD_FRAC9) break;
                size_t j = 2;
                while (digit_at(v, vn, j)) j++;
                nsec = parse_nanos(v, j);
                v += j, vn -= j;
            }
            break;
        case STD_PM:
        case STD_pm:
            if (vn < 2) { ok = false; break; }
            if (memcmp(v, k.std == STD_PM ? "PM" : "pm", 2) == 0) pm = true;
            else if (memcmp(v, k.std == STD_PM ? "AM" : "am", 2) == 0) am = true;
            else { ok = false; break; }
            v += 2, vn -= 2;
            break;
        case STD_TZ:
            if (vn >= 3 && memcmp(v, "UTC", 3) == 0) { utc = true; v += 3, vn -= 3; break; }
            x = (int)tz_name_len(v, vn);
            if (!x) { ok = false; break; }
            zname = v;
            znl = (size_t)x;
            v += x, vn -= (size_t)x;
            break;
        case STD_FRAC0: {
            size_t nd = (size_t)k.digits + 1;
            if (vn < nd || (v[0] != '.' && v[0] != ',')) { ok = false; break; }
            for (size_t i = 1; i < nd; i++) ok = ok && digit_at(v, vn, i);
            if (!ok) break;
            nsec = parse_nanos(v, nd);
            v += nd, vn -= nd;
            break;
        }
        case STD_FRAC9: {
            if (vn < 2 || (v[0] != '.' && v[0] != ',') || !digit_at(v, vn, 1)) break;
            size_t j = 1;
            while (digit_at(v, vn, j)) j++;
            nsec = parse_nanos(v, j);
            v += j, vn -= j;
            break;
        }
        default: {   /* numeric / ISO offsets */
            bool iso = k.std >= STD_ISO_TZ && k.std <= STD_ISO_COLON_SEC_TZ;
            if (iso && vn >= 1 && *v == 'Z') { v++, vn--; utc = true; break; }
            int s = 0, hh = 0, mm = 0, ss = 0;
            int kind = k.std;
            if (iso) kind = kind - STD_ISO_TZ + STD_NUM_TZ;
            /* STD_ISO_* and STD_NUM_* are laid out in the same order */
            const char *p = v;
            size_t need;
            switch (kind) {
            case STD_NUM_COLON_TZ: need = 6; break;
            case STD_NUM_SHORT_TZ: need = 3; break;
            case STD_NUM_COLON_SEC_TZ: need = 9; break;
            case STD_NUM_SEC_TZ: need = 7; break;
            default: need = 5; break;
            }
            if (vn < need || (p[0] != '+' && p[0] != '-')) { ok = false; break; }
            s = p[0] == '-' ? -1 : 1;
            bool colon = kind == STD_NUM_COLON_TZ || kind == STD_NUM_COLON_SEC_TZ;
            if (colon && (p[3] != ':' || (kind == STD_NUM_COLON_SEC_TZ && p[6] != ':'))) { ok = false; break; }
            for (size_t i = 1; i < need; i++)
                if (!(colon && (i == 3 || i == 6)) && !digit_at(p, vn, i)) { ok = false; break; }
            if (!ok) break;
            hh = (p[1] - '0') * 10 + p[2] - '0';
            if (kind != STD_NUM_SHORT_TZ) {
                size_t mi0 = colon ? 4 : 3;
                mm = (p[mi0] - '0') * 10 + p[mi0 + 1] - '0';
                if (kind == STD_NUM_SEC_TZ || kind == STD_NUM_COLON_SEC_TZ) {
                    size_t si0 = colon ? 7 : 5;
                    ss = (p[si0] - '0') * 10 + p[si0 + 1] - '0';
                }
            }
            /* Go tests > rather than >= (offsets of 24h exist in the wild) */
            if (hh > 24) range = "time zone offset hour";
            if (mm > 60) range = "time zone offset minute";
            if (ss > 60) range = "time zone offset second";
            if (range) break;
            zoff = s * (hh * 3600 + mm * 60 + ss);
            have_off = true;
            v += need, vn -= need;
            break;
        }
        }
        if (range) {
            Buf m = BUF_INIT;
            buf_printf(&m, ": %s out of range", range);
            parse_err(e, l0, ln0, v0, vn0, NULL, 0, NULL, 0, m.data);
            buf_free(&m);
            return -1;
        }
        if (!ok) return parse_err(e, l0, ln0, v0, vn0, stdstr, k.len, hold, holdn, NULL);
    }
    if (pm && hour < 12) hour += 12;
    else if (am && hour == 12) hour = 0;
    if (yday >= 0) {
        int m = 0, d = yday;
        if (is_leap(year) ? yday > 366 : yday > 365)
            return parse_err(e, l0, ln0, v0, vn0, NULL, 0, NULL, 0, ": day-of-year out of range");
        if (month < 0) {
            for (m = 1; m <= 12 && d > days_in(m, year); m++) d -= days_in(m, year);
            if (day >= 0 && day != d)
                return parse_err(e, l0, ln0, v0, vn0, NULL, 0, NULL, 0, ": day-of-year does not match day");
            month = m;
            day = d;
        }
    }
    if (month < 0) month = 1;
    if (day < 0) day = 1;
    if (day < 1 || day > days_in(month, year))
        return parse_err(e, l0, ln0, v0, vn0, NULL, 0, NULL, 0, ": day out of range");
    int64_t wall = date_to_unix(year, month, day, hour, min, sec);
    out->nsec = nsec;
    out->mono = false;
    out->mono_ns = 0;
    if (utc) {
        out->sec = wall;
        out->zone = &zone_utc;
        return 0;
    }
    if (have_off) {
        out->sec = wall - zoff;
        ZInfo zi;
        zone_lookup(loc, out->sec, &zi);
        if (zi.off == zoff && (!zname || (zi.abbr && strlen(zi.abbr) == znl && memcmp(zi.abbr, zname, znl) == 0))) {
            out->zone = loc;
            return 0;
        }
        char *zn = arena_strndup(a, zname ? zname : "", zname ? znl : 0);
        out->zone = zone_fixed(a, zn ? zn : "", zoff);
        return 0;
    }
    if (zname) {
        /* the location's offset for that abbreviation, if it has one */
        ZInfo zi;
        int64_t t = wall;
        zone_lookup(loc, t - 0, &zi);
        bool found = false;
        int32_t off = 0;
        if (zi.abbr && strlen(zi.abbr) == znl && memcmp(zi.abbr, zname, znl) == 0) {
            found = true, off = zi.off;
        } else {
            for (uint32_t i = 0; i < loc->ntype; i++)
                if (strlen(loc->types[i].abbr) == znl && memcmp(loc->types[i].abbr, zname, znl) == 0) {
                    found = true, off = loc->types[i].off;
                    break;
                }
        }
        if (found) {
            out->sec = wall - off;
            out->zone = loc;
            return 0;
        }
        if (znl > 3 && memcmp(zname, "GMT", 3) == 0) off = atoi(zname + 3) * 3600;
        out->sec = wall - off;
        char *zn = arena_strndup(a, zname, znl);
        out->zone = zone_fixed(a, zn ? zn : "", off);
        return 0;
    }
    out->sec = local_to_unix(loc, wall);
    out->zone = loc;
    return 0;
}

/* ---- durations -------------------------------------------------------- */

/* Go's fmtFrac: the last prec digits of *u as a fraction without
 * trailing zeros (nothing at all if they are all zero), written leftwards
 * ending at buf[w]; *u keeps the integer part. */
static int fmt_frac(char *buf, int w, uint64_t *u, int prec)
{
    bool print = false;
    for (int i = 0; i < prec; i++) {
        int digit = (int)(*u % 10);
        print = print || digit != 0;
        if (print) buf[--w] = (char)('0' + digit);
        *u /= 10;
    }
    if (print) buf[--w] = '.';
    return w;
}

static int fmt_uint(char *buf, int w, uint64_t u)
{
    if (u == 0) buf[--w] = '0';
    while (u > 0) { buf[--w] = (char)('0' + u % 10); u /= 10; }
    return w;
}

/* Duration.String */
static void duration_string(Buf *b, int64_t d)
{
    char buf[40];
    int w = sizeof buf;
    uint64_t u = (uint64_t)d;
    bool neg = d < 0;
    if (neg) u = -u;
    if (u < 1000000000ull) {
        int prec;
        buf[--w] = 's';
        w--;
        if (u == 0) {
            buf_adds(b, "0s");
            return;
        } else if (u < 1000ull) {
            prec = 0;
            buf[w] = 'n';
        } else if (u < 1000000ull) {
            prec = 3;
            w--;
            memcpy(buf + w, "\xC2\xB5", 2);
        } else {
            prec = 6;
            buf[w] = 'm';
        }
        w = fmt_frac(buf, w, &u, prec);
        w = fmt_uint(buf, w, u);
    } else {
        buf[--w] = 's';
        w = fmt_frac(buf, w, &u, 9);
        w = fmt_uint(buf, w, u % 60);
        u /= 60;
        if (u > 0) {
            buf[--w] = 'm';
            w = fmt_uint(buf, w, u % 60);
            u /= 60;
            if (u > 0) {
                buf[--w] = 'h';
                w = fmt_uint(buf, w, u);
            }
        }
    }
    if (neg) buf[--w] = '-';
    buf_add(b, buf + w, sizeof buf - (size_t)w);
}

/* time.ParseDuration; false with Go's error text in e. */
static bool parse_duration(const char *s0, size_t n0, int64_t *out, Buf *e)
{
    const char *s = s0;
    size_t n = n0;
    uint64_t d = 0;
    bool neg = false;
    static const struct { const char *u; uint64_t v; } units[] = {
        {"ns", 1}, {"us", 1000}, {"\xC2\xB5s", 1000}, {"\xCE\xBCs", 1000}, {"ms", 1000000},
        {"s", 1000000000ull}, {"m", 60000000000ull}, {"h", 3600000000000ull},
    };
    const uint64_t lim = 1ull << 63;
#define BAD() do { buf_adds(e, "time: invalid duration "); time_quote(e, s0, n0); return false; } while (0)
    if (n && (*s == '-' || *s == '+')) { neg = *s == '-'; s++, n--; }
    if (n == 1 && *s == '0') { *out = 0; return true; }
    if (n == 0) BAD();
    while (n > 0) {
        uint64_t v = 0, f = 0;
        double scale = 1;
        if (!(*s == '.' || (*s >= '0' && *s <= '9'))) BAD();
        size_t i = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            if (v > lim / 10) BAD();
            v = v * 10 + (uint64_t)(s[i] - '0');
            if (v > lim) BAD();
        }
        bool pre = i > 0;
        s += i, n -= i;
        bool post = false;
        if (n && *s == '.') {
            s++, n--;
            bool overflow = false;
            for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
                if (overflow) continue;
                if (f > (lim - 1) / 10) { overflow = true; continue; }
                uint64_t y = f * 10 + (uint64_t)(s[i] - '0');
                if (y > lim) { overflow = true; continue; }
                f = y;
                scale *= 10;
            }
            post = i > 0;
            s += i, n -= i;
        }
        if (!pre && !post) BAD();
        for (i = 0; i < n && s[i] != '.' && !(s[i] >= '0' && s[i] <= '9'); i++) {}
        if (i == 0) {
            buf_adds(e, "time: missing unit in duration ");
            time_quote(e, s0, n0);
            return false;
        }
        uint64_t unit = 0;
        for (size_t k = 0; k < sizeof units / sizeof *units; k++)
            if (strlen(units[k].u) == i && memcmp(units[k].u, s, i) == 0) unit = units[k].v;
        if (!unit) {
            buf_adds(e, "time: unknown unit ");
            time_quote(e, s, i);
            buf_adds(e, " in duration ");
            time_quote(e, s0, n0);
            return false;
        }
        s += i, n -= i;
        if (v > lim / unit) BAD();
        v *= unit;
        if (f > 0) {
            v += (uint64_t)((double)f * ((double)unit / scale));
            if (v > lim) BAD();
        }
        d += v;
        if (d > lim) BAD();
    }
    if (neg) { *out = (int64_t)(0 - d); return true; }
    if (d > lim - 1) BAD();
#undef BAD
    *out = (int64_t)d;
    return true;
}

/* Time.Sub with Go's saturation */
static int64_t time_sub(const GoTime *a, const GoTime *b)
{
    __int128 d = ((__int128)a->sec - b->sec) * 1000000000 + (a->nsec - b->nsec);
    if (d > INT64_MAX) return INT64_MAX;
    if (d < INT64_MIN) return INT64_MIN;
    return (int64_t)d;
}

static int64_t duration_round(int64_t d, int64_t m)
{
    int64_t r = d % m;
    if (d < 0) {
        r = -r;
        if ((uint64_t)r + (uint64_t)r < (uint64_t)m) return d + r;
        int64_t d1;
        if (!__builtin_sub_overflow(d, m - r, &d1) && d1 < d) return d1;
        return INT64_MIN;
    }
    if ((uint64_t)r + (uint64_t)r < (uint64_t)m) return d - r;
    int64_t d1;
    if (!__builtin_add_overflow(d, m - r, &d1) && d1 > d) return d1;
    return INT64_MAX;
}

static GoTime time_add(GoTime t, int64_t d)
{
    int64_t ds = d / 1000000000, dn = d % 1000000000;
    int64_t ns = t.nsec + dn;
    if (ns >= 1000000000) ds++, ns -= 1000000000;
    else if (ns < 0) ds--, ns += 1000000000;
    t.sec += ds;
    t.nsec = (int32_t)ns;
    if (t.mono) t.mono_ns += d;
    return t;
}

/* ---- template functions ----------------------------------------------- */

static Value str_of(FnCall *c, Buf *b)
{
    Value v = val_strn(fn_arena(c), b->data ? b->data : "", b->len);
    buf_free(b);
    return v;
}

/* Sprig's switch on the date argument: time.Time, int64, int, int32 are
 * used, anything else (floats from YAML, strings, nil) means now. */
static GoTime date_arg(Arena *a, Value v)
{
    const GoTime *t = as_time(v);
    if (t) return *t;
    if (v.kind == V_INT && (v.gtype == GT_INT64 || v.gtype == GT_INT || v.gtype == GT_INT32)) {
        GoTime u = {v.u.i, 0, false, 0, zone_load(a, "Local")};
        return u;
    }
    return time_now(a);
}

static int date_in_zone(FnCall *c, const Str *fmt, Value date, const char *zone, Value *out)
{
    Arena *a = fn_arena(c);
    GoTime t = date_arg(a, date);
    const Zone *z = zone_load(a, zone);
    t.zone = z ? z : &zone_utc;
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    time_format(&t, fmt->s, fmt->len, &b);
    *out = str_of(c, &b);
    return 0;
}

static int fn_date(FnCall *c, int argc, Value *argv, Value *out)
{
    return date_in_zone(c, argv[0].u.s, argv[1], "Local", out);
}

static int fn_dateInZone(FnCall *c, int argc, Value *argv, Value *out)
{
    return date_in_zone(c, argv[0].u.s, argv[1], argv[2].u.s->s, out);
}

static int fn_htmlDate(FnCall *c, int argc, Value *argv, Value *out)
{
    Str *f = str_cstr(fn_arena(c), "2006-01-02");
    return f ? date_in_zone(c, f, argv[0], "Local", out) : fn_error(c, "out of memory");
}

static int fn_htmlDateInZone(FnCall *c, int argc, Value *argv, Value *out)
{
    Str *f = str_cstr(fn_arena(c), "2006-01-02");
    return f ? date_in_zone(c, f, argv[0], argv[1].u.s->s, out) : fn_error(c, "out of memory");
}

static int fn_now(FnCall *c, int argc, Value *argv, Value *out)
{
    GoTime t = time_now(fn_arena(c));
    *out = time_value(fn_arena(c), &t);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

/* sig letter 'T' (time.Time) is checked by the VM; checked again here
 * for direct calls, with text/template's wording. */
static int want_time(FnCall *c, int argc, Value *argv, int n, int ti)
{
    if (argc != n)
        return fn_error(c, "wrong number of args for %s: want %d got %d", fn_name(c), n, argc);
    for (int i = 0; i < n; i++) {
        if (i == ti) {
            if (!as_time(argv[i]))
                return fn_error(c, "wrong type for value; expected time.Time; got %s", val_typename(argv[i]));
        } else if (argv[i].kind != V_STR || argv[i].gtype == GT_BYTES) {
            return fn_error(c, "wrong type for value; expected string; got %s", val_typename(argv[i]));
        }
    }
    return 0;
}

static int date_modify(FnCall *c, int argc, Value *argv, Value *out, bool must)
{
    if (want_time(c, argc, argv, 2, 1)) return -1;
    const Str *f = argv[0].u.s;
    GoTime t = *as_time(argv[1]);
    int64_t d;
    Buf e = BUF_INIT;
    if (!parse_duration(f->s, f->len, &d, &e)) {
        if (must) {
            fn_error(c, "%s", e.data);
            buf_free(&e);
            return -1;
        }
        buf_free(&e);
        *out = argv[1];
        return 0;
    }
    t = time_add(t, d);
    *out = time_value(fn_arena(c), &t);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

static int fn_dateModify(FnCall *c, int argc, Value *argv, Value *out)
{
    return date_modify(c, argc, argv, out, false);
}

static int fn_mustDateModify(FnCall *c, int argc, Value *argv, Value *out)
{
    return date_modify(c, argc, argv, out, true);
}

static int to_date(FnCall *c, Value *argv, Value *out, bool must)
{
    Arena *a = fn_arena(c);
    const Str *f = argv[0].u.s, *s = argv[1].u.s;
    GoTime t = {0};
    Buf e = BUF_INIT;
    if (time_parse(a, f->s, f->len, s->s, s->len, zone_load(a, "Local"), &t, &e) < 0) {
        if (must) {
            fn_error(c, "%s", e.data);
            buf_free(&e);
            return -1;
        }
        /* the zero Time: January 1, year 1, 00:00:00 UTC */
        GoTime z = {-62135596800LL, 0, false, 0, &zone_utc};
        t = z;
    }
    buf_free(&e);
    *out = time_value(a, &t);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

static int fn_toDate(FnCall *c, int argc, Value *argv, Value *out) { return to_date(c, argv, out, false); }
static int fn_mustToDate(FnCall *c, int argc, Value *argv, Value *out) { return to_date(c, argv, out, true); }

static int fn_unixEpoch(FnCall *c, int argc, Value *argv, Value *out)
{
    if (want_time(c, argc, argv, 1, 0)) return -1;
    char t[32];
    int n = snprintf(t, sizeof t, "%lld", (long long)as_time(argv[0])->sec);
    *out = val_strn(fn_arena(c), t, (size_t)n);
    return 0;
}

static int fn_duration(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t n = 0;
    Value v = argv[0];
    if (v.kind == V_STR && v.gtype == GT_STRING) {
        /* strconv.ParseInt(value, 10, 64); failures give 0 */
        char *end;
        errno = 0;
        long long x = v.u.s->len ? strtoll(v.u.s->s, &end, 10) : 0;
        /* out of range: ParseInt returns the clamped value, as strtoll */
        if (v.u.s->len && (!errno || errno == ERANGE) && *end == 0 && (size_t)(end - v.u.s->s) == v.u.s->len &&
            !(v.u.s->s[0] == ' ' || v.u.s->s[0] == '\t' || v.u.s->s[0] == '\n'))
            n = x;
    } else if (v.kind == V_INT && v.gtype == GT_INT64) {
        n = v.u.i;
    }
    Buf b = BUF_INIT;
    duration_string(&b, (int64_t)((uint64_t)n * 1000000000ull));
    *out = str_of(c, &b);
    return 0;
}

static int fn_durationRound(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    int64_t d = 0;
    const GoTime *t = as_time(v);
    if (v.kind == V_STR && v.gtype == GT_STRING) {
        Buf e = BUF_INIT;
        if (!parse_duration(v.u.s->s, v.u.s->len, &d, &e)) d = 0;
        buf_free(&e);
    } else if (v.kind == V_INT && v.gtype == GT_INT64) {
        d = v.u.i;
    } else if (t) {
        GoTime now = time_now(fn_arena(c));
        d = time_sub(&now, t);
    }
    uint64_t u = (uint64_t)d;
    if (d < 0) u = -u;
    const uint64_t second = 1000000000ull, minute = 60 * second, hour = 60 * minute, day = 24 * hour,
                   month = 30 * day, year = 365 * day;
    char s[32];
    if (u > year) snprintf(s, sizeof s, "%lluy", (unsigned long long)(u / year));
    else if (u > month) snprintf(s, sizeof s, "%llumo", (unsigned long long)(u / month));
    else if (u > day) snprintf(s, sizeof s, "%llud", (unsigned long long)(u / day));
    else if (u > hour) snprintf(s, sizeof s, "%lluh", (unsigned long long)(u / hour));
    else if (u > minute) snprintf(s, sizeof s, "%llum", (unsigned long long)(u / minute));
    else if (u > second) snprintf(s, sizeof s, "%llus", (unsigned long long)(u / second));
    else snprintf(s, sizeof s, "0s");
    *out = val_cstr(fn_arena(c), s);
    return 0;
}

static int fn_ago(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    Arena *a = fn_arena(c);
    GoTime now = time_now(a), t = now;
    const GoTime *tp = as_time(v);
    if (tp) t = *tp;
    else if (v.kind == V_INT && (v.gtype == GT_INT64 || v.gtype == GT_INT)) {
        GoTime u = {v.u.i, 0, false, 0, &zone_utc};
        t = u;
    }
    int64_t d = tp || v.kind == V_INT ? time_sub(&now, &t) : 0;
    Buf b = BUF_INIT;
    duration_string(&b, duration_round(d, 1000000000));
    *out = str_of(c, &b);
    return 0;
}

/* ---- time.Duration ---------------------------------------------------- */

/* Time.Sub gives a time.Duration: an int64 with methods, String() for %v
 * (24h0m0s), the number for %d and encoding/json (86400000000000), kind
 * int64.  It is an object whose data is the int64 (fmt.h's rule for
 * objects of an integer kind). */
static int dur_get(Arena *a, const Obj *o, const Str *name, Value *out);

static void dur_print(const Obj *o, Buf *b)
{
    duration_string(b, *(const int64_t *)o->data);
}

static Value dur_marshal(Arena *a, const Obj *o)
{
    return val_int64(*(const int64_t *)o->data);
}

static const ObjType dur_type = {"time.Duration", "int64", dur_get, dur_print, NULL, dur_marshal};

static Value dur_value(Arena *a, int64_t d)
{
    return new_obj(a, &dur_type, &d, sizeof d);
}

/* A time.Duration parameter (sig letter 'D'): a Duration, or an integer
 * constant as Go converts it (`(now).Add 5` adds 5ns in the reference).
 * A VM that knows 'D' converts constants (flagging them VF_CONST) and
 * refuses the rest with Go's texts; one that does not passes arguments
 * as they are, and then an int (what constants are) is taken too. */
static int dur_arg(FnCall *c, Value v, int64_t *d)
{
    if (v.kind == V_OBJ && v.u.o->type == &dur_type) { *d = *(const int64_t *)v.u.o->data; return 0; }
    if (v.kind == V_INT && (v.gtype == GT_INT || (v.flags & VF_CONST))) { *d = v.u.i; return 0; }
    if (v.kind == V_FLOAT && v.gtype == GT_FLOAT64 && v.u.f >= -9.2e18 && v.u.f <= 9.2e18 &&
        v.u.f == (double)(int64_t)v.u.f) {
        *d = (int64_t)v.u.f;
        return 0;
    }
    if (v.kind == V_NIL) return fn_error(c, "cannot assign nil to time.Duration");
    return fn_error(c, "wrong type for value; expected time.Duration; got %s", val_typename(v));
}

static int64_t recv_dur(FnCall *c)
{
    Value r = fn_receiver(c);
    return r.kind == V_OBJ && r.u.o->type == &dur_type ? *(const int64_t *)r.u.o->data : 0;
}

static int out_dur(FnCall *c, int64_t d, Value *out)
{
    *out = dur_value(fn_arena(c), d);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

/* Hours, Minutes, Seconds: whole units plus the fraction, as Go computes
 * them (not d / 3.6e12, which rounds differently). */
static int dm_float(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t d = recv_dur(c);
    const char *n = fn_name(c);
    int64_t unit = !strcmp(n, "Hours") ? 3600000000000LL : !strcmp(n, "Minutes") ? 60000000000LL : 1000000000LL;
    *out = val_float((double)(d / unit) + (double)(d % unit) / (double)unit);
    return 0;
}

static int dm_int(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t d = recv_dur(c);
    const char *n = fn_name(c);
    *out = val_int64(!strcmp(n, "Milliseconds") ? d / 1000000 : !strcmp(n, "Microseconds") ? d / 1000 : d);
    return 0;
}

static int dm_string(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    duration_string(&b, recv_dur(c));
    *out = str_of(c, &b);
    return 0;
}

static int dm_abs(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t d = recv_dur(c);
    return out_dur(c, d >= 0 ? d : d == INT64_MIN ? INT64_MAX : -d, out);
}

/* Duration.Round and Truncate: m <= 0 leaves d unchanged. */
static int dm_round(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t d = recv_dur(c), m;
    if (dur_arg(c, argv[0], &m)) return -1;
    if (m > 0) d = !strcmp(fn_name(c), "Round") ? duration_round(d, m) : d - d % m;
    return out_dur(c, d, out);
}

static const FnDef dur_methods[] = {
    {"Abs", dm_abs, "", 0},           {"Hours", dm_float, "", 0},
    {"Microseconds", dm_int, "", 0},  {"Milliseconds", dm_int, "", 0},
    {"Minutes", dm_float, "", 0},     {"Nanoseconds", dm_int, "", 0},
    {"Round", dm_round, "D", 0},      {"Seconds", dm_float, "", 0},
    {"String", dm_string, "", 0},     {"Truncate", dm_round, "D", 0},
};

static int dur_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    return fn_bind_method(a, o, dur_methods, sizeof dur_methods / sizeof *dur_methods, name, out);
}

/* ---- time.Time methods ------------------------------------------------ */

static const GoTime *recv_time(FnCall *c) { return as_time(fn_receiver(c)); }

/* The receiver and its wall clock in its own location. */
static const GoTime *recv_civil(FnCall *c, Civil *cv)
{
    const GoTime *t = recv_time(c);
    if (!t) return NULL;
    ZInfo zi;
    zone_lookup(t->zone, t->sec, &zi);
    civil_from_unix(t->sec + zi.off, cv);
    return t;
}

static int m_int(FnCall *c, int argc, Value *argv, Value *out)
{
    Civil cv;
    const GoTime *t = recv_civil(c, &cv);
    if (!t) return fn_error(c, "invalid receiver");
    const char *n = fn_name(c);
    int64_t r;
    if (!strcmp(n, "Year")) r = cv.year;
    else if (!strcmp(n, "Day")) r = cv.day;
    else if (!strcmp(n, "Hour")) r = cv.hour;
    else if (!strcmp(n, "Minute")) r = cv.min;
    else if (!strcmp(n, "Second")) r = cv.sec;
    else if (!strcmp(n, "Nanosecond")) r = t->nsec;
    else if (!strcmp(n, "YearDay")) r = cv.yday;
    else {
        if (!strcmp(n, "Unix")) r = t->sec;
        else if (!strcmp(n, "UnixMilli")) r = t->sec * 1000 + t->nsec / 1000000;
        else if (!strcmp(n, "UnixMicro")) r = t->sec * 1000000 + t->nsec / 1000;
        else r = (int64_t)((uint64_t)t->sec * 1000000000ull + (uint64_t)t->nsec);
        *out = val_int64(r);
        return 0;
    }
    *out = val_int(r);
    return 0;
}

static int m_name(FnCall *c, int argc, Value *argv, Value *out)
{
    Civil cv;
    const GoTime *t = recv_civil(c, &cv);
    if (!t) return fn_error(c, "invalid receiver");
    const char *n = fn_name(c);
    if (!strcmp(n, "Month")) *out = val_cstr(fn_arena(c), month_names[cv.month - 1]);
    else if (!strcmp(n, "Weekday")) *out = val_cstr(fn_arena(c), day_names[cv.wday]);
    else if (!strcmp(n, "IsZero")) *out = val_bool(t->sec == -62135596800LL && t->nsec == 0);
    else {
        Buf b = BUF_INIT;
        Obj o = {&time_type, (void *)t};
        time_print(&o, &b);
        *out = str_of(c, &b);
    }
    return 0;
}

static int m_format(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    if (!t) return fn_error(c, "invalid receiver");
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    time_format(t, argv[0].u.s->s, argv[0].u.s->len, &b);
    *out = str_of(c, &b);
    return 0;
}

static int m_zone(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    if (!t) return fn_error(c, "invalid receiver");
    GoTime u = *t;
    u.mono = false;
    u.zone = strcmp(fn_name(c), "UTC") == 0 ? &zone_utc : zone_load(fn_arena(c), "Local");
    *out = time_value(fn_arena(c), &u);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

/* Time.AddDate: time.Date(y+dy, m+dm, d+dd, ...) in t's location, which
 * normalizes overflowing months and days (Jan 31 + 1 month is Mar 2 in a
 * leap year) and drops the monotonic reading. */
static int m_adddate(FnCall *c, int argc, Value *argv, Value *out)
{
    Civil cv;
    const GoTime *t = recv_civil(c, &cv);
    if (!t) return fn_error(c, "invalid receiver");
    int64_t m0 = (int64_t)cv.month - 1 + argv[1].u.i;
    int64_t y = cv.year + argv[0].u.i + floordiv(m0, 12);
    int m = (int)(m0 - floordiv(m0, 12) * 12) + 1;
    int64_t days = days_from_civil(y, m, 1) + cv.day - 1 + argv[2].u.i;
    GoTime u = *t;
    u.mono = false;
    u.sec = local_to_unix(t->zone, days * 86400 + cv.hour * 3600 + cv.min * 60 + cv.sec);
    *out = time_value(fn_arena(c), &u);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

static int m_add(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    int64_t d;
    if (!t) return fn_error(c, "invalid receiver");
    if (dur_arg(c, argv[0], &d)) return -1;
    GoTime u = time_add(*t, d);
    *out = time_value(fn_arena(c), &u);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

static int m_sub(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c), *u = as_time(argv[0]);
    if (!t || !u) return fn_error(c, "invalid receiver");
    return out_dur(c, time_sub(t, u), out);
}

/* Time.Truncate and Round work on the time since January 1 of year 1 UTC
 * (Go's div), whatever the location, and drop the monotonic reading. */
static int m_round(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    int64_t d;
    if (!t) return fn_error(c, "invalid receiver");
    if (dur_arg(c, argv[0], &d)) return -1;
    GoTime u = *t;
    u.mono = false;
    if (d > 0) {
        __int128 abs = ((__int128)t->sec + 62135596800LL) * 1000000000 + t->nsec;
        __int128 r = abs % d;
        if (r < 0) r += d;
        int64_t r64 = (int64_t)r;
        if (!strcmp(fn_name(c), "Truncate") || (uint64_t)r64 + (uint64_t)r64 < (uint64_t)d) u = time_add(u, -r64);
        else u = time_add(u, d - r64);
    }
    *out = time_value(fn_arena(c), &u);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

static int m_isdst(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    if (!t) return fn_error(c, "invalid receiver");
    ZInfo zi;
    zone_lookup(t->zone, t->sec, &zi);
    *out = val_bool(zi.dst);
    return 0;
}

/* time.Date(2020, time.January, 2, 13, 47, 0, 0, time.Local) */
static void time_gostring(const GoTime *t, Buf *b)
{
    Civil cv;
    ZInfo zi;
    zone_lookup(t->zone, t->sec, &zi);
    civil_from_unix(t->sec + zi.off, &cv);
    buf_printf(b, "time.Date(%lld, time.%s, %d, %d, %d, %d, %d, ", (long long)cv.year, month_names[cv.month - 1],
               cv.day, cv.hour, cv.min, cv.sec, (int)t->nsec);
    const char *name = t->zone ? t->zone->name : "UTC";
    if (!t->zone || t->zone == &zone_utc) buf_adds(b, "time.UTC");
    else if (!strcmp(name, "Local")) buf_adds(b, "time.Local");
    else {
        buf_adds(b, "time.Location(");
        fmt_quote(b, name, strlen(name));
        buf_addc(b, ')');
    }
    buf_addc(b, ')');
}

static int m_gostring(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    if (!t) return fn_error(c, "invalid receiver");
    Buf b = BUF_INIT;
    time_gostring(t, &b);
    *out = str_of(c, &b);
    return 0;
}

/* MarshalJSON and MarshalText: RFC 3339 with nanoseconds, as []byte;
 * years outside 0..9999 are refused. */
static int m_marshal(FnCall *c, int argc, Value *argv, Value *out)
{
    Civil cv;
    const GoTime *t = recv_civil(c, &cv);
    if (!t) return fn_error(c, "invalid receiver");
    bool json = !strcmp(fn_name(c), "MarshalJSON");
    if (cv.year < 0 || cv.year > 9999)
        return fn_error(c, "Time.%s: year outside of range [0,9999]", json ? "MarshalJSON" : "MarshalText");
    static const char rfc3339nano[] = "2006-01-02T15:04:05.999999999Z07:00";
    Buf b = BUF_INIT;
    if (json) buf_addc(&b, '"');
    time_format(t, rfc3339nano, sizeof rfc3339nano - 1, &b);
    if (json) buf_addc(&b, '"');
    *out = str_of(c, &b);
    out->gtype = GT_BYTES;
    return 0;
}

static int m_appendformat(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    if (!t) return fn_error(c, "invalid receiver");
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    if (argv[0].kind == V_STR) buf_add(&b, argv[0].u.s->s, argv[0].u.s->len);
    time_format(t, argv[1].u.s->s, argv[1].u.s->len, &b);
    *out = str_of(c, &b);
    out->gtype = GT_BYTES;
    return 0;
}

/* *time.Location, from Time.Location: prints its name ("Local", "UTC"),
 * marshals as {} (no exported fields), and is what Time.In takes. */
static int loc_get(Arena *a, const Obj *o, const Str *name, Value *out);

static void loc_print(const Obj *o, Buf *b)
{
    const Zone *z = o->data;
    buf_adds(b, z && z->name ? z->name : "UTC");
}

static Value loc_marshal(Arena *a, const Obj *o)
{
    Map *m = map_new(a, 0);
    if (!m) return val_nil();
    m->flags |= MAP_STRUCT;
    return val_map(m);
}

static const ObjType loc_type = {"*time.Location", "ptr", loc_get, loc_print, NULL, loc_marshal};

/* go_fields of time.Time: [GoString(), fields] (fmt.c, print_struct).
 * time.Time has GoString(), so %#v prints time.Date(...), also inside
 * containers; the verbs String() does not serve print the unexported
 * fields {wall ext loc}: {0 63713433600 0} for %d of a UTC time, whose
 * loc is a nil pointer (setLoc stores nil for UTC). */
static Value time_go_fields(Arena *a, const Obj *o)
{
    const GoTime *t = o->data;
    Buf b = BUF_INIT;
    time_gostring(t, &b);
    Value gs = val_strn(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    List *l = list_new(a, 2);
    Map *m = map_new(a, 3);
    Obj *lo = ARENA_NEW(a, Obj);
    if (!l || !m || !lo) return val_nil();
    m->flags |= MAP_STRUCT;
    /* wall and ext as Go encodes them: without a monotonic reading wall
     * holds the nanoseconds and ext the seconds since January 1, year 1;
     * with one, wall holds seconds since 1885 and ext the reading */
    uint64_t wall = (uint64_t)t->nsec;
    int64_t ext = t->sec + 62135596800LL;
    if (t->mono) {
        wall |= (uint64_t)1 << 63 | (uint64_t)(t->sec + 2682288000LL) << 30;
        ext = t->mono_ns;
    }
    Value w = val_int((int64_t)wall);
    w.gtype = GT_UINT64;
    w.u.u = wall;
    lo->type = &loc_type;
    lo->data = t->zone && t->zone != &zone_utc ? (void *)t->zone : NULL;
    if (!map_sets(a, m, "wall", w) || !map_sets(a, m, "ext", val_int64(ext)) || !map_sets(a, m, "loc", val_obj(lo)))
        return val_nil();
    if (!list_push(a, l, gs) || !list_push(a, l, val_map(m))) return val_nil();
    return val_list(l);
}

static int lm_string(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    loc_print(fn_receiver(c).u.o, &b);
    *out = str_of(c, &b);
    return 0;
}

static const FnDef loc_methods[] = {{"String", lm_string, "", 0}};

static int loc_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    return fn_bind_method(a, o, loc_methods, sizeof loc_methods / sizeof *loc_methods, name, out);
}

static int m_location(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    if (!t) return fn_error(c, "invalid receiver");
    Obj *o = ARENA_NEW(fn_arena(c), Obj);
    if (!o) return fn_error(c, "out of memory");
    o->type = &loc_type;
    o->data = (void *)(t->zone ? t->zone : &zone_utc);
    *out = val_obj(o);
    return 0;
}

/* Time.In(*time.Location): the same instant in loc, without the
 * monotonic reading (setLoc strips it); a nil location is Go's panic. */
static int m_in(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c);
    if (!t) return fn_error(c, "invalid receiver");
    Value l = argv[0];
    if (l.kind == V_NIL) return fn_error(c, "time: missing Location in call to Time.In");
    if (l.kind != V_OBJ || l.u.o->type != &loc_type)
        return fn_error(c, "wrong type for value; expected *time.Location; got %s", val_typename(l));
    GoTime u = *t;
    u.zone = l.u.o->data;
    u.mono = false;
    *out = time_value(fn_arena(c), &u);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

/* After, Before, Equal, Compare: the instants, whatever their locations */
static int m_cmp(FnCall *c, int argc, Value *argv, Value *out)
{
    const GoTime *t = recv_time(c), *u = as_time(argv[0]);
    if (!t || !u) return fn_error(c, "invalid receiver");
    int d = t->sec != u->sec ? (t->sec < u->sec ? -1 : 1) : (t->nsec != u->nsec ? (t->nsec < u->nsec ? -1 : 1) : 0);
    const char *n = fn_name(c);
    if (!strcmp(n, "After")) *out = val_bool(d > 0);
    else if (!strcmp(n, "Before")) *out = val_bool(d < 0);
    else if (!strcmp(n, "Equal")) *out = val_bool(d == 0);
    else *out = val_int(d);
    return 0;
}

static const FnDef time_methods[] = {
    {"Add", m_add, "D", 0},           {"Round", m_round, "D", 0},
    {"Sub", m_sub, "T", 0},           {"Truncate", m_round, "D", 0},
    {"IsDST", m_isdst, "", 0},        {"GoString", m_gostring, "", 0},
    {"MarshalJSON", m_marshal, "", 0}, {"MarshalText", m_marshal, "", 0},
    {"AppendFormat", m_appendformat, "Bs", 0},
    {"Location", m_location, "", 0},  {"In", m_in, "a", 0},
    {"AddDate", m_adddate, "iii", 0}, {"After", m_cmp, "T", 0},
    {"Before", m_cmp, "T", 0},        {"Compare", m_cmp, "T", 0},
    {"Equal", m_cmp, "T", 0},         {"UnixMicro", m_int, "", 0},
    {"Day", m_int, "", 0},          {"Format", m_format, "s", 0},
    {"Hour", m_int, "", 0},         {"IsZero", m_name, "", 0},
    {"Local", m_zone, "", 0},       {"Minute", m_int, "", 0},
    {"Month", m_name, "", 0},       {"Nanosecond", m_int, "", 0},
    {"Second", m_int, "", 0},       {"String", m_name, "", 0},
    {"UTC", m_zone, "", 0},         {"Unix", m_int, "", 0},
    {"UnixMilli", m_int, "", 0},    {"UnixNano", m_int, "", 0},
    {"Weekday", m_name, "", 0},     {"Year", m_int, "", 0},
    {"YearDay", m_int, "", 0},
};

static int time_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    return fn_bind_method(a, o, time_methods, sizeof time_methods / sizeof *time_methods, name, out);
}

/* all FN_IMPURE: any of them may read the clock (date_arg: a non-time
 * argument means now) */
const FnDef fn_dates_table[] = {
    {"ago", fn_ago, "a", FN_IMPURE},
    {"date", fn_date, "sa", FN_IMPURE},
    {"date_in_zone", fn_dateInZone, "sas", FN_IMPURE},
    {"date_modify", fn_dateModify, "sT", FN_IMPURE},
    {"dateInZone", fn_dateInZone, "sas", FN_IMPURE},
    {"dateModify", fn_dateModify, "sT", FN_IMPURE},
    {"duration", fn_duration, "a", FN_IMPURE},
    {"durationRound", fn_durationRound, "a", FN_IMPURE},
    {"htmlDate", fn_htmlDate, "a", FN_IMPURE},
    {"htmlDateInZone", fn_htmlDateInZone, "as", FN_IMPURE},
    {"must_date_modify", fn_mustDateModify, "sT", FN_IMPURE},
    {"mustDateModify", fn_mustDateModify, "sT", FN_IMPURE},
    {"mustToDate", fn_mustToDate, "ss", FN_IMPURE},
    {"now", fn_now, "", FN_IMPURE},
    {"toDate", fn_toDate, "ss", FN_IMPURE},
    {"unixEpoch", fn_unixEpoch, "T", FN_IMPURE},
};
const size_t fn_dates_count = sizeof fn_dates_table / sizeof fn_dates_table[0];
