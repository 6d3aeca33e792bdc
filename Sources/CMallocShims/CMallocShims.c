#include "CMallocShims.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SC_ASAN 1
#endif
#endif

#if defined(__GLIBC__) && !defined(SC_ASAN)
#include <malloc.h>

int sc_malloc_thresholds_supported(void) { return 1; }

int sc_malloc_set_thresholds(int trim_threshold, int mmap_threshold) {
    return mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1 && mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1;
}
#else
#if defined(__GLIBC__)
int sc_malloc_thresholds_supported(void) { return -1; }
#else
int sc_malloc_thresholds_supported(void) { return 0; }
#endif

int sc_malloc_set_thresholds(int trim_threshold, int mmap_threshold) {
    (void)trim_threshold;
    (void)mmap_threshold;
    return 0;
}
#endif

void sc_malloc_raise_thresholds(size_t bytes) {
#ifdef __GLIBC__
    // The volatile store keeps the compiler from eliding the malloc/free pair.
    volatile char *block = malloc(bytes);
    if (block == NULL) return;
    block[0] = 1;
    free((void *)block);
#else
    (void)bytes;
#endif
}
