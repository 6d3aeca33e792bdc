import CMallocShims
import Foundation

/// Keeps glibc's allocator from handing memory back to the kernel after nearly every write.
///
/// SQLite's savepoint journal and GRDB's statements free a few tens of KB per write, on
/// whichever of glibc's per-thread heaps the writing thread uses. With the default trim
/// threshold (128 KB) that heap's free top crossed the threshold again and again: glibc
/// returned ~20 KB with `madvise(MADV_DONTNEED)` (a TLB flush on every core) and took it
/// back with page faults on the next write. Under the hook benchmark's publish/unpublish
/// pairs that was ~5,000 `madvise` calls and ~28,000 page faults a second; without them the
/// daemon did 9,600-11,000 hooks/s instead of 7,150-8,600, at about 15 % less CPU per hook.
///
/// The daemon now sets the thresholds glibc adapts to on its own once a block of 8 MiB has
/// been freed (mmap 8 MiB, trim 16 MiB), which is where they end up anyway after the first
/// segment inspection (`FFmpegAllocator` frees such a block on purpose); but the store's
/// writes must not wait for a probe to find a segment. Set by hand, they no longer adapt.
/// A heap keeps at most 16 MiB free; each is capped at 64 MiB anyway.
/// A threshold set in the environment (`MALLOC_TRIM_THRESHOLD_`, `MALLOC_MMAP_THRESHOLD_`,
/// `GLIBC_TUNABLES`) wins.
enum MallocTuning {
    static let trimThreshold = Int32(SC_MALLOC_TRIM_THRESHOLD)
    static let mmapThreshold = Int32(SC_MALLOC_MMAP_THRESHOLD)

    /// Whether glibc's allocator is the one in use (not off glibc, not under AddressSanitizer).
    static var isSupported: Bool { sc_malloc_thresholds_supported() == 1 }
    /// Whether this is glibc, with or without AddressSanitizer.
    static var isGlibc: Bool { sc_malloc_thresholds_supported() != 0 }

    /// Applies the thresholds unless the environment set its own; returns whether it did
    /// (never where unsupported).
    @discardableResult
    static func apply(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard !environmentSetsThresholds(environment) else { return false }
        return sc_malloc_set_thresholds(trimThreshold, mmapThreshold) == 1
    }

    static func environmentSetsThresholds(_ environment: [String: String]) -> Bool {
        if environment["MALLOC_TRIM_THRESHOLD_"] != nil || environment["MALLOC_MMAP_THRESHOLD_"] != nil { return true }
        let tunables = environment["GLIBC_TUNABLES"] ?? ""
        return tunables.contains("glibc.malloc.trim_threshold") || tunables.contains("glibc.malloc.mmap_threshold")
    }
}
