#include "CAVShims.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/log.h>

int sc_averror(int posix_errno) { return AVERROR(posix_errno); }
int sc_averror_eof(void) { return AVERROR_EOF; }
int sc_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
int sc_averror_exit(void) { return AVERROR_EXIT; }
int64_t sc_av_nopts_value(void) { return AV_NOPTS_VALUE; }

int sc_av_strerror(int errnum, char *buf, size_t size) {
    if (buf == NULL || size == 0) return AVERROR(EINVAL);
    return av_strerror(errnum, buf, size);
}

// Atomic because av_log may run on any thread while Swift installs the handler.
static _Atomic(sc_av_log_handler) log_handler = NULL;

// The first error message of the current operation on this thread (see the header).
static _Thread_local char first_error[256];
static _Thread_local int first_error_set;

void sc_av_clear_first_error(void) {
    first_error[0] = '\0';
    first_error_set = 0;
}

size_t sc_av_first_error(char *buf, size_t size) {
    if (buf == NULL || size == 0) return 0;
    size_t length = first_error_set ? strnlen(first_error, sizeof first_error) : 0;
    if (length >= size) length = size - 1;
    memcpy(buf, first_error, length);
    buf[length] = '\0';
    return length;
}

static void strip_newlines(char *line) {
    size_t length = strlen(line);
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = '\0';
}

static void capture_error(const char *fmt, va_list vl) {
    if (first_error_set) return;
    va_list copy;
    va_copy(copy, vl);
    vsnprintf(first_error, sizeof first_error, fmt, copy);
    va_end(copy);
    strip_newlines(first_error);
    first_error_set = first_error[0] != '\0';
}

// av_log_set_callback wants a va_list callback, which Swift cannot write; this one formats the
// line (with FFmpeg's "[h264 @ 0x...]" prefix) and hands Swift a plain C string.
static void sc_log_trampoline(void *avcl, int level, const char *fmt, va_list vl) {
    // The low byte is the level; FFmpeg may put colour hints above it.
    if ((level & 0xff) <= AV_LOG_ERROR) capture_error(fmt, vl);
    if ((level & 0xff) > av_log_get_level()) return;
    sc_av_log_handler handler = atomic_load_explicit(&log_handler, memory_order_acquire);
    if (handler == NULL) return;

    char line[1024];
    // Per call rather than FFmpeg's shared static: every fragment gets its prefix, and there is
    // no data race between threads logging at once.
    int print_prefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, (int)sizeof line, &print_prefix);
    strip_newlines(line);
    if (line[0] == '\0') return;
    handler(level & 0xff, line);
}

void sc_av_set_log_handler(sc_av_log_handler handler) {
    atomic_store_explicit(&log_handler, handler, memory_order_release);
    av_log_set_callback(handler != NULL ? sc_log_trampoline : av_log_default_callback);
}
