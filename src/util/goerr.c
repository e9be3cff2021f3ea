/*
 * goerr.c - see goerr.h.
 */
#include "goerr.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

const char *go_errno_text(int e)
{
    switch (e) {
    case ENOENT: return "no such file or directory";
    case EACCES: return "permission denied";
    case ENOTDIR: return "not a directory";
    case EISDIR: return "is a directory";
    case EEXIST: return "file exists";
    case ELOOP: return "too many levels of symbolic links";
    case ENAMETOOLONG: return "file name too long";
    case EROFS: return "read-only file system";
    case ENOSPC: return "no space left on device";
    case EIO: return "input/output error";
    default: return strerror(e);
    }
}

const char *http_status_text(int code)
{
    static const struct { int c; const char *t; } tab[] = {
        {100, "Continue"}, {101, "Switching Protocols"}, {102, "Processing"}, {103, "Early Hints"},
        {200, "OK"}, {201, "Created"}, {202, "Accepted"}, {203, "Non-Authoritative Information"},
        {204, "No Content"}, {205, "Reset Content"}, {206, "Partial Content"}, {207, "Multi-Status"},
        {208, "Already Reported"}, {226, "IM Used"},
        {300, "Multiple Choices"}, {301, "Moved Permanently"}, {302, "Found"}, {303, "See Other"},
        {304, "Not Modified"}, {305, "Use Proxy"}, {307, "Temporary Redirect"}, {308, "Permanent Redirect"},
        {400, "Bad Request"}, {401, "Unauthorized"}, {402, "Payment Required"}, {403, "Forbidden"},
        {404, "Not Found"}, {405, "Method Not Allowed"}, {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"}, {408, "Request Timeout"}, {409, "Conflict"}, {410, "Gone"},
        {411, "Length Required"}, {412, "Precondition Failed"}, {413, "Request Entity Too Large"},
        {414, "Request URI Too Long"}, {415, "Unsupported Media Type"},
        {416, "Requested Range Not Satisfiable"}, {417, "Expectation Failed"}, {418, "I'm a teapot"},
        {421, "Misdirected Request"}, {422, "Unprocessable Entity"}, {423, "Locked"},
        {424, "Failed Dependency"}, {425, "Too Early"}, {426, "Upgrade Required"},
        {428, "Precondition Required"}, {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"}, {451, "Unavailable For Legal Reasons"},
        {500, "Internal Server Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
        {503, "Service Unavailable"}, {504, "Gateway Timeout"}, {505, "HTTP Version Not Supported"},
        {506, "Variant Also Negotiates"}, {507, "Insufficient Storage"}, {508, "Loop Detected"},
        {510, "Not Extended"}, {511, "Network Authentication Required"},
    };
    for (size_t i = 0; i < sizeof tab / sizeof *tab; i++)
        if (tab[i].c == code) return tab[i].t;
    return "";
}
