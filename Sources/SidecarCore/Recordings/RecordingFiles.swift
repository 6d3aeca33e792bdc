import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system facts the recordings module works with, by `lstat`: a symlink is never
/// followed here (containment is `RecordingPath`'s job, on real paths).
public struct FileFacts: Sendable, Equatable {
    public var size: Int64
    public var modifiedAt: Date
    public var isRegularFile: Bool
    public var isSymlink: Bool
    public var isDirectory: Bool
}

enum RecordingFiles {
    static func facts(_ path: String) -> FileFacts? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        let modified = Date(timeIntervalSince1970: Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
        return FileFacts(
            size: Int64(info.st_size), modifiedAt: Date(unixMillisOf: modified), isRegularFile: type == S_IFREG,
            isSymlink: type == S_IFLNK, isDirectory: type == S_IFDIR)
    }

    static func exists(_ path: String) -> Bool { facts(path) != nil }

    /// Removes a file; a file already gone is not an error.
    static func remove(_ path: String) throws(SidecarError) {
        if unlink(path) == 0 || errno == ENOENT { return }
        let code = errno
        throw SidecarError(.unavailable, "cannot delete \(path): \(String(cString: strerror(code)))")
    }

    /// Removes `path` (a canonical path already proved to be inside the roots) without
    /// following a link swapped in since: its folder is opened without following links,
    /// checked to still be the folder the path names, and the file unlinked relative to it.
    static func removeContained(_ path: String) throws(SidecarError) {
        let folder = RecordingPath.parent(of: path)
        let name = RecordingPath.name(of: path)
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            let code = errno
            throw SidecarError(.unavailable, "cannot open \(folder): \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        if let real = realPath(ofDescriptor: descriptor), real != folder {
            throw SidecarError(.conflict, "\(folder) changed into a link to \(real) since it was checked; nothing deleted")
        }
        if unlinkat(descriptor, name, 0) == 0 || errno == ENOENT { return }
        let code = errno
        throw SidecarError(.unavailable, "cannot delete \(path): \(String(cString: strerror(code)))")
    }

    /// What an open descriptor really is, on Linux (`/proc/self/fd`); nil elsewhere.
    static func realPath(ofDescriptor descriptor: Int32) -> String? {
        #if os(Linux)
        return RecordingPath.systemRealpath("/proc/self/fd/\(descriptor)")
        #else
        return nil
        #endif
    }

    /// Every regular file below `root` (symlinks and dot-files skipped, never followed),
    /// depth-first, at most `limit` entries deep, as absolute paths.
    static func walk(_ root: String, maxDepth: Int = 16, _ visit: (String, FileFacts) -> Void) {
        guard maxDepth > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = root == "/" ? "/" + name : root + "/" + name
            guard let facts = facts(path), !facts.isSymlink else { continue }
            if facts.isDirectory {
                walk(path, maxDepth: maxDepth - 1, visit)
            } else if facts.isRegularFile {
                visit(path, facts)
            }
        }
    }
}

extension Date {
    /// Rounded to the millisecond, as the stores keep dates: compares equal after a round trip.
    init(unixMillisOf date: Date) {
        self.init(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    var unixMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
