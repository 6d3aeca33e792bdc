#ifndef CMALLOC_SHIMS_H
#define CMALLOC_SHIMS_H

// glibc's mallopt: Swift's Glibc module does not include <malloc.h>.
// Returns 1 if both thresholds were set, 0 otherwise (and always 0 off glibc).
int sc_malloc_set_thresholds(int trim_threshold, int mmap_threshold);

#endif
