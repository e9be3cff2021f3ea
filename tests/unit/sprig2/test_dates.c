/* Unit tests of dates.c: the helm-generated cases of
 * testdata/functions/dates.cases that the shim can evaluate, plus Go's
 * Duration formatting and time zones the cases do not reach. */
#include "shim.h"

extern const FnDef fn_dates_table[];
extern const size_t fn_dates_count;

static Arena A;

static const char *render(const char *t)
{
    const FnDef *tabs[] = {fn_dates_table};
    size_t counts[] = {fn_dates_count};
    ShimEval e = {&A, tabs, counts, 1, NULL, {0}, 0};
    Buf b = BUF_INIT;
    int r = shim_render(&e, t, &b);
    const char *s = r > 0 ? arena_strndup(&A, b.data ? b.data : "", b.len)
                  : r < 0 ? arena_printf(&A, "ERR: %s", e.err) : "(unsupported)";
    buf_free(&b);
    return s;
}


static void test_misc(void)
{
    CHECK_STR(render("{{ duration \"1\" }}|{{ duration \"0\" }}"), "1s|0s");
    CHECK_STR(render("{{ dateModify \"1.5us\" (toDate \"2006\" \"2024\") }}"), "2024-01-01 00:00:00.0000015 +0000 UTC");
    CHECK_STR(render("{{ dateModify \"-1ns\" (toDate \"2006\" \"2024\") }}"), "2023-12-31 23:59:59.999999999 +0000 UTC");
    CHECK_STR(render("{{ mustDateModify \"1\\xc2\\xb5s\" (toDate \"2006\" \"2024\") | date \"05.000000\" }}"), "00.000001");
    CHECK_STR(render("{{ dateInZone \"2006-01-02 15:04 MST\" 1711846800 \"Europe/Berlin\" }}"), "2024-03-31 03:00 CEST");
    CHECK_STR(render("{{ dateInZone \"2006-01-02 15:04 MST\" 1711846799 \"Europe/Berlin\" }}"), "2024-03-31 01:59 CET");
    CHECK_STR(render("{{ dateInZone \"Z07:00:00 -07:00:00 -070000\" 0 \"Asia/Kolkata\" }}"), "+05:30:00 +05:30:00 +053000");
    CHECK_STR(render("{{ toDate \"2006-01-02 15:04\" \"2024-07-01 12:00\" | unixEpoch }}"), "1719835200");
    CHECK_STR(render("{{ date \"3:04:05 PM\" 43200 }}|{{ date \"3 pm\" 0 }}"), "12:00:00 PM|12 am");
}

int main(void)
{
    arena_init(&A);
    shim_helm_suite(&A, "dates", fn_dates_table, fn_dates_count, 50);
    test_misc();
    arena_free(&A);
    return CHECK_DONE();
}
