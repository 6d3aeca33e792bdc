#ifndef CMALLOC_SHIMS_H
#define CMALLOC_SHIMS_H

#include <stddef.h>

// glibc's malloc thresholds: Swift's Glibc module does not include <malloc.h>.

/// The thresholds glibc adapts to once a block of 8 MiB has been freed (mmap 8 MiB, trim
/// twice that), which the daemon also sets outright at start (MallocTuning.swift).
#define SC_MALLOC_MMAP_THRESHOLD 8388608
#define SC_MALLOC_TRIM_THRESHOLD 16777216

/// 1 where glibc's allocator serves malloc; -1 on glibc under AddressSanitizer (whose
/// allocator replaces it and ignores mallopt); 0 on other C libraries.
int sc_malloc_thresholds_supported(void);

/// Returns 1 if both thresholds were set, 0 otherwise (always 0 where unsupported).
int sc_malloc_set_thresholds(int trim_threshold, int mmap_threshold);

/// glibc only (a no-op elsewhere): allocates, touches and frees one block of `bytes`, which
/// raises glibc's adaptive mmap threshold to that size and its trim threshold to twice it, just
/// as any program freeing such a block would (thresholds set with mallopt no longer adapt).
/// Called once per process; see FFmpegAllocator.swift.
void sc_malloc_raise_thresholds(size_t bytes);

#endif
