import Testing

@testable import StreamSidecar

@Suite struct MallocTuningTests {
    @Test func thresholdsFromTheEnvironmentWin() {
        #expect(MallocTuning.environmentSetsThresholds(["MALLOC_TRIM_THRESHOLD_": "131072"]))
        #expect(MallocTuning.environmentSetsThresholds(["MALLOC_MMAP_THRESHOLD_": "131072"]))
        #expect(MallocTuning.environmentSetsThresholds(["GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=0"]))
        #expect(MallocTuning.environmentSetsThresholds(["GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=65536"]))
    }

    /// On glibc (unless AddressSanitizer's allocator replaced it) mallopt must take them.
    @Test func theDaemonSetsThemWhereGlibcAllocates() {
        #expect(MallocTuning.apply(environment: [:]) == MallocTuning.isSupported)
        #if canImport(Glibc)
        // Guards the shim against compiling its non-glibc fallback on glibc (it once tested
        // __GLIBC__ before any header defined it).
        #expect(MallocTuning.isGlibc)
        #endif
    }

    @Test func otherSettingsLeaveTheDaemonToSetThem() {
        #expect(!MallocTuning.environmentSetsThresholds([:]))
        #expect(!MallocTuning.environmentSetsThresholds(["GLIBC_TUNABLES": "glibc.malloc.arena_max=2", "PATH": "/usr/bin"]))
        #expect(MallocTuning.apply(environment: ["MALLOC_TRIM_THRESHOLD_": "131072"]) == false)
    }
}
