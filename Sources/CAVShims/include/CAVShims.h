#ifndef CAVSHIMS_H
#define CAVSHIMS_H

// What Swift cannot import from FFmpeg: function-like macros (AVERROR, AVERROR_EOF,
// AV_NOPTS_VALUE) and a variadic log callback. The header uses plain C types only, so importing
// it does not re-export FFmpeg's headers a second time; the definitions live in CAVShims.c.

#include <stddef.h>
#include <stdint.h>

/// AVERROR(e): FFmpeg's error code for a POSIX errno value (negative on every platform).
int sc_averror(int posix_errno);

/// AVERROR_EOF: end of input.
int sc_averror_eof(void);

/// AVERROR_INVALIDDATA: the bytes are not what the demuxer or decoder expected.
int sc_averror_invaliddata(void);

/// AVERROR_EXIT: returned after an interrupt callback (or our read callback) asked to stop.
int sc_averror_exit(void);

/// AV_NOPTS_VALUE: "no timestamp".
int64_t sc_av_nopts_value(void);

/// Like av_err2str: writes FFmpeg's text for `errnum` into `buf` (always NUL-terminated).
/// Returns 0 when FFmpeg knows the code, a negative value when it made up a generic text.
int sc_av_strerror(int errnum, char *buf, size_t size);

/// Receives one formatted FFmpeg log line (no trailing newline) and its AV_LOG_* level.
typedef void (*sc_av_log_handler)(int level, const char *line);

/// Routes FFmpeg's log output to `handler` (NULL restores FFmpeg's default stderr logger).
/// Lines above av_log_get_level() are dropped in C, before any formatting, so a quiet level
/// costs nothing. The handler may be called from any thread.
void sc_av_set_log_handler(sc_av_log_handler handler);

/// Forgets this thread's captured FFmpeg error (call before an operation).
void sc_av_clear_first_error(void);

/// Copies the first FFmpeg error message (level AV_LOG_ERROR or worse, without the "[demuxer @
/// 0x...]" prefix) logged on this thread since sc_av_clear_first_error; returns its length, 0 if
/// none. Captured whatever the log level, so error texts stay precise when logging is off.
/// Works because an inspection runs FFmpeg on one thread only (single-threaded decoding).
size_t sc_av_first_error(char *buf, size_t size);

#endif
