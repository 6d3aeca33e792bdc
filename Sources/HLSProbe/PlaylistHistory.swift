import Foundation
import HLSPlaylist
import Synchronization

/// Remembers when each live playlist last changed, so a playlist that stopped advancing is
/// recognised as stale across attempts and across probes of the same stream.
///
/// Keyed by the playlist URL without its query: SRS hands every viewer session its own
/// `hls_ctx` query, and the probe would otherwise never see the same playlist twice.
final class PlaylistHistory: Sendable {
    private struct Entry {
        var signature: Signature
        var changedAt: Duration
        var seenAt: Duration
    }

    /// What identifies a playlist's content: its newest segment (and part) is enough,
    /// because a live playlist only ever grows at its end.
    struct Signature: Hashable {
        var newestSequence: Int
        var newestPath: String
        var partCount: Int
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Records an observation and returns for how long the content has been unchanged.
    func observe(_ playlist: MediaPlaylist, at url: URL, now: Duration) -> Duration {
        let key = Self.key(for: url)
        let signature = Self.signature(of: playlist)
        return entries.withLock { entries in
            if var entry = entries[key], entry.signature == signature {
                entry.seenAt = now
                entries[key] = entry
                return now - entry.changedAt
            }
            if entries.count >= capacity { Self.evictOldest(&entries) }
            entries[key] = Entry(signature: signature, changedAt: now, seenAt: now)
            return .zero
        }
    }

    private static func key(for url: URL) -> String {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: true) else {
            return url.absoluteString
        }
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? url.absoluteString
    }

    private static func signature(of playlist: MediaPlaylist) -> Signature {
        let newest = playlist.segments.last
        let path = newest.flatMap { $0.url?.path } ?? newest?.uri ?? ""
        return Signature(
            newestSequence: newest?.sequenceNumber ?? playlist.mediaSequence,
            newestPath: path,
            partCount: newest?.parts.count ?? 0
        )
    }

    /// Drops the half least recently seen; rare, so O(n log n) here is fine.
    private static func evictOldest(_ entries: inout [String: Entry]) {
        let drop = entries.sorted { $0.value.seenAt < $1.value.seenAt }.prefix(entries.count / 2)
        for (key, _) in drop { entries[key] = nil }
    }
}
