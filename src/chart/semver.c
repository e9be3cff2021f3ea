/*
 * semver.c - Masterminds/semver v3 versions and constraints, as helm uses
 * them to match dependencies to charts/ ("version: ~1.2") and to check
 * Chart.yaml kubeVersion.  Helm's binary has one copy of the module, shared
 * with Sprig's semverCompare: so has chartc (src/semver).
 */
#include "chart.h"
#include "../semver/semver.h"

#include <string.h>

bool chart_semver_valid(const char *s, size_t n)
{
    Arena a;
    arena_init(&a);
    SemVer v;
    char err[160];
    bool ok = semver_parse(&a, s, n, &v, err, sizeof err);
    arena_free(&a);
    return ok;
}

int chart_semver_compare(const char *x, size_t xn, const char *y, size_t yn)
{
    Arena a;
    arena_init(&a);
    SemVer v, w;
    char err[160];
    int r = semver_parse(&a, x, xn, &v, err, sizeof err) && semver_parse(&a, y, yn, &w, err, sizeof err)
                ? semver_cmp(&v, &w) : -2;
    arena_free(&a);
    return r;
}

int chart_semver_check(const char *constraint, const char *version)
{
    Arena a;
    arena_init(&a);
    SemVer v;
    char err[160];
    int r = semver_parse(&a, version, strlen(version), &v, err, sizeof err)
                ? semver_check(&a, constraint, strlen(constraint), &v, err, sizeof err) : -1;
    arena_free(&a);
    return r;
}
