#ifndef CMALLOC_SHIMS_H
#define CMALLOC_SHIMS_H

// glibc's mallopt: Swift's Glibc module does not include <malloc.h>.

/// 1 where glibc's allocator serves malloc; -1 on glibc under AddressSanitizer (whose
/// allocator replaces it and ignores mallopt); 0 on other C libraries.
int sc_malloc_thresholds_supported(void);

/// Returns 1 if both thresholds were set, 0 otherwise (always 0 where unsupported).
int sc_malloc_set_thresholds(int trim_threshold, int mmap_threshold);

#endif
