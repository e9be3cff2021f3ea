/*
 * cryptolib.c - see cryptolib.h.  The table is filled once and never
 * changes afterwards, so readers need no lock after pthread_once.
 */
#include "cryptolib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

static CryptoLib lib;
static bool lib_ok;
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void load(void)
{
    /* never dlclose'd: OpenSSL registers exit handlers of its own */
    void *h = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!h) return;
    bool ok = true;
#define CRYPTOLIB_LOAD(f) \
    if (!(*(void **)&lib.f = dlsym(h, #f))) ok = false;
    CRYPTOLIB_FUNCS(CRYPTOLIB_LOAD)
#undef CRYPTOLIB_LOAD
    lib_ok = ok;
}

const CryptoLib *cryptolib_get(void)
{
    pthread_once(&lib_once, load);
    return lib_ok ? &lib : NULL;
}
