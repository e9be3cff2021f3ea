/*
 * goerr.h - texts Go prints for system and HTTP conditions, which helm's
 * messages quote.
 */
#ifndef CHARTC_GOERR_H
#define CHARTC_GOERR_H

/* syscall.Errno's text for what opening, reading and writing files can
 * hit ("no such file or directory"); others: strerror's */
const char *go_errno_text(int e);
/* net/http.StatusText ("" for a code it does not name) */
const char *http_status_text(int code);

#endif
