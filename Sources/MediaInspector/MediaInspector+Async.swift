import Dispatch

extension MediaInspector {
    /// Inspections block a thread for a few milliseconds (longer for big files), so the async
    /// variants run them here rather than on Swift's cooperative pool, which must not block.
    /// Concurrent: GCD runs as many at once as there are cores.
    private static let queue = DispatchQueue(
        label: "stream-sidecar.media-inspector", attributes: .concurrent)

    /// ``inspect(bytes:formatHint:)`` on a dedicated queue.
    public func inspectAsync(bytes: [UInt8], formatHint: String? = nil) async throws(InspectError) -> MediaInfo {
        try await Self.offload { () throws(InspectError) in try self.inspect(bytes: bytes, formatHint: formatHint) }
    }

    /// ``inspect(path:)`` on a dedicated queue.
    public func inspectAsync(path: String) async throws(InspectError) -> MediaInfo {
        try await Self.offload { () throws(InspectError) in try self.inspect(path: path) }
    }

    /// ``inspect(initSection:fragment:)`` on a dedicated queue.
    public func inspectAsync(initSection: [UInt8], fragment: [UInt8]) async throws(InspectError) -> MediaInfo {
        try await Self.offload { () throws(InspectError) in
            try self.inspect(initSection: initSection, fragment: fragment)
        }
    }

    /// Runs `work` on ``queue`` and resumes with its result. Not cancellable mid-way: the work is
    /// bounded by ``InspectOptions/timeout`` instead.
    private static func offload(
        _ work: @escaping @Sendable () throws(InspectError) -> MediaInfo
    ) async throws(InspectError) -> MediaInfo {
        let result: Result<MediaInfo, InspectError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result(catching: work)) }
        }
        return try result.get()
    }
}

extension MediaRemuxer {
    private static let queue = DispatchQueue(label: "stream-sidecar.media-remuxer", attributes: .concurrent)

    /// ``remux(input:output:fastStart:)`` on a dedicated queue, off Swift's cooperative pool.
    public func remuxAsync(input: String, output: String, fastStart: Bool = true) async throws(InspectError) -> RemuxResult {
        let result: Result<RemuxResult, InspectError> = await withCheckedContinuation { continuation in
            Self.queue.async {
                continuation.resume(returning: Result { () throws(InspectError) in
                    try self.remux(input: input, output: output, fastStart: fastStart)
                })
            }
        }
        return try result.get()
    }
}
