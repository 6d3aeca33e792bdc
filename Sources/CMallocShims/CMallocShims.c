#include "CMallocShims.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>

int sc_malloc_set_thresholds(int trim_threshold, int mmap_threshold) {
    return mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1 && mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1;
}
#else
int sc_malloc_set_thresholds(int trim_threshold, int mmap_threshold) {
    (void)trim_threshold;
    (void)mmap_threshold;
    return 0;
}
#endif
