#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The daemon's claim to be the only process writing an SQLite file, so that its store may
/// keep copies of rooms and bans (`RoomSnapshots`): a second `serve` on the same file would
/// change rooms behind the first one's copies, so it is refused at start instead.
///
/// An exclusive `flock` on `<database>.serve-lock` (never on the database itself: closing any
/// descriptor of the database would drop SQLite's own POSIX locks). The kernel releases it
/// when the process ends, however it ends, so a crash leaves no stale claim. Tools that only
/// touch recordings (`stream-sidecar recordings ...`) do not take it.
public final class SQLiteOwnerLock: Sendable {
    public let path: String
    private let descriptor: Int32

    public init(databasePath: String) throws {
        path = databasePath + ".serve-lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError.unavailable("cannot create the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(fd)
            close(fd)
            throw StoreError.unavailable(
                "another stream-sidecar\(holder.map { " (pid \($0))" } ?? "") is serving the SQLite database \(databasePath); "
                    + "stop it, or share state between sidecars through PostgreSQL")
        }
        descriptor = fd
        // The holder's pid, for the message a second start prints.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        close(descriptor)  // releases the flock
    }

    private static func holder(_ fd: Int32) -> Int? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int(String(decoding: bytes[..<count].filter { (48...57).contains($0) }, as: UTF8.self))
    }
}
