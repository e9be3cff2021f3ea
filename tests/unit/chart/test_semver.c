/*
 * Unit tests for Masterminds/semver as chartc reproduces it.  Each row was
 * observed with the reference helm through Chart.yaml kubeVersion (the
 * same IsCompatibleRange helm uses for dependencies):
 *   kubeVersion: "<constraint>"  +  $H template r ./kv --kube-version <v>
 * 1 = renders, 0 = "chart requires kubeVersion: ... which is incompatible"
 * (an unparsable constraint is also 0).  Version validity rows come from
 * Chart.yaml `version:` ($H: "chart.metadata.version \"...\" is invalid").
 */
#include "../check.h"
#include "chart/chart.h"

static const struct { const char *c, *v; int want; } rows[] = {
    {"~1.2", "1.2.9", 1},
    {"~1.2", "1.3.0", 0},
    {"^1.2", "1.9.0", 1},
    {"^0.2.3", "0.2.9", 1},
    {"^0.2.3", "0.3.0", 0},
    {"^0.0.3", "0.0.4", 0},
    {"1.2.x", "1.2.7", 1},
    {"1.x", "1.9.1", 1},
    {">1.2", "1.2.5", 0},
    {">1.2", "1.3.0", 1},
    {"<=1.2", "1.2.9", 1},
    {"<=1.2", "1.3.0", 0},
    {">=1.2.0 <1.3.0", "1.2.5", 1},
    {">=1.2.0, <1.3.0", "1.3.0", 0},
    {"1.0 - 1.5", "1.5.0", 1},
    {"1.0 - 1.5", "1.5.1", 1},
    {"!=1.2.3", "1.2.3", 0},
    {"!=1.2.x", "1.2.4", 0},
    {"*", "1.0.0", 1},
    {"=1.2.3", "1.2.3", 1},
    {">1", "1.5.0", 0},
    {">1", "2.0.0", 1},
    {"~>1.2.3", "1.2.9", 1},
    {"1.2", "1.2.0", 1},
    {">= 1.2", "1.2.0", 1},
    {"==1.2", "1.2.0", 0},
    {"abc", "1.0.0", 0},
    {">=1.2.0-0", "1.2.0", 1},
    {"<1.0 || >2.0", "2.0.1", 0},
    {"<1.0 || >2.0", "1.5.0", 0},
    {"^1.2.3-beta.2", "1.2.3-beta.10", 1},
    {"~1.2.3-beta", "1.2.3", 1},
};

static const struct { const char *v; bool ok; } versions[] = {
    {"1", true}, {"1.0", true}, {"v1.2.3", true}, {"01.2.3", true}, {"1.02.3", true},
    {"1.2.3-01", false}, {"1.2.3-a.01", false}, {"1.2.3-0", true}, {"1.2.3+01", true},
    {"1.2.3.4", false}, {"V1.2.3", false}, {"1.2.3-", false},
    {"99999999999999999999.0.0", false}, {"18446744073709551615.0.0", true},
    {"1.2.3-a_b", false}, {"1.2.3-a..b", false}, {"1.2.3+a..b", false}, {"1.2.3 ", false},
    {"1.2.3-rc.1+b.2", true}, {"1.2", true}, {"0", true}, {"1.2.3-00a", true},
};

int main(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        int got = chart_semver_check(rows[i].c, rows[i].v);
        if (got < 0) got = 0;
        if (got != rows[i].want) printf("constraint %s version %s\n", rows[i].c, rows[i].v);
        CHECK_INT(got, rows[i].want);
    }
    for (size_t i = 0; i < sizeof versions / sizeof *versions; i++) {
        bool got = chart_semver_valid(versions[i].v, strlen(versions[i].v));
        if (got != versions[i].ok) printf("version %s\n", versions[i].v);
        CHECK(got == versions[i].ok);
    }
    /* $H template r ./kv --kube-version 1.30.2-gke.1 with kubeVersion ">=1.31" /
     * ">=1.30.0" (fails / passes: the check uses v1.30.2) */
    Arena a;
    arena_init(&a);
    Chart c;
    memset(&c, 0, sizeof c);
    chart_meta_init(&a, &c.meta);
    c.meta.kube_version = str_cstr(&a, ">=1.31");
    Buf err = BUF_INIT;
    CHECK_INT(chart_check_kube_version(&c, "v1.30.2", "v1.30.2-gke.1", &err), -1);
    CHECK_STR(err.data ? err.data : "", "chart requires kubeVersion: >=1.31 which is incompatible with Kubernetes v1.30.2-gke.1");
    c.meta.kube_version = str_cstr(&a, ">=1.30.0");
    CHECK_INT(chart_check_kube_version(&c, "v1.30.2", "v1.30.2-gke.1", &err), 0);
    buf_free(&err);
    arena_free(&a);
    CHECK_INT(chart_semver_compare("1.2.3-beta.10", 13, "1.2.3-beta.2", 12), 1);
    CHECK_INT(chart_semver_compare("1.2.3", 5, "1.2.3-rc", 8), 1);
    CHECK_INT(chart_semver_compare("v1.2", 4, "1.2.0", 5), 0);
    return CHECK_DONE();
}
