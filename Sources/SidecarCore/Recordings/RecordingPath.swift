import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a media server says a recording is, proved to lie inside a configured recordings
/// root before anything is read, indexed, served or deleted.
///
/// The rules, in order (a path must pass all of them):
/// 1. a non-empty path without NUL bytes, at most 4,096 bytes;
/// 2. relative paths are joined to the media server's working directory (`cwd` in SRS's
///    `on_dvr`), which must then be absolute; an absolute path stands alone;
/// 3. no `..` component anywhere, even one that would come back inside a root;
/// 4. lexically inside a root, either as configured or as its real path (an absolute path
///    elsewhere is refused here, before the file system is asked anything);
/// 5. its real path (every symlink resolved) inside a root's real path: a symlink that
///    points out of the roots is refused.
///
/// Pure apart from `realpath`, which callers inject (tests use a table of fake links).
public enum RecordingPath {
    public static let maxLength = 4096

    /// SRS's `cwd` joined with `file` (as SRS itself would open it), normalised: `.` and
    /// empty components dropped. Throws on `..`, NUL bytes, emptiness, or a relative path
    /// without an absolute `cwd`.
    public static func absolute(file: String, cwd: String?) throws(RecordingPathError) -> String {
        guard !file.isEmpty else { throw RecordingPathError(.empty, "the recording path is empty") }
        guard file.utf8.count <= maxLength else {
            throw RecordingPathError(.invalid, "the recording path is longer than \(maxLength) bytes")
        }
        guard !file.utf8.contains(0) else { throw RecordingPathError(.invalid, "the recording path contains a NUL byte") }
        if file.hasPrefix("/") { return try normalize(file) }
        guard let cwd, cwd.hasPrefix("/") else {
            throw RecordingPathError(
                .relativeWithoutBase, "'\(file)' is relative and no absolute working directory (cwd) was given")
        }
        guard !cwd.utf8.contains(0), cwd.utf8.count <= maxLength else {
            throw RecordingPathError(.invalid, "the working directory (cwd) is not a usable path")
        }
        return try normalize(cwd + "/" + file)
    }

    /// Collapses `//` and `/./`; refuses any `..`. `path` must be absolute.
    public static func normalize(_ path: String) throws(RecordingPathError) -> String {
        guard path.hasPrefix("/") else { throw RecordingPathError(.relativeWithoutBase, "'\(path)' is not absolute") }
        var kept: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                throw RecordingPathError(.parentReference, "'\(path)' contains '..'")
            }
            kept.append(component)
        }
        return "/" + kept.joined(separator: "/")
    }

    /// Whether `path` is `root` itself or below it; both absolute and normalised.
    public static func isInside(_ path: String, root: String) -> Bool {
        if root == "/" { return path.hasPrefix("/") }
        return path == root || path.hasPrefix(root + "/")
    }

    /// Resolves a recording reported by the media server. `mustExist: false` accepts a file
    /// that is not there (yet, or any more): its folder is resolved instead.
    public static func resolve(
        file: String, cwd: String?, roots: [String], mustExist: Bool = true,
        realpath: (String) -> String? = RecordingPath.systemRealpath
    ) throws(RecordingPathError) -> RecordingLocation {
        let path = try absolute(file: file, cwd: cwd)
        return try contain(path, roots: roots, mustExist: mustExist, realpath: realpath)
    }

    /// Checks an absolute, already normalised path (from the index, or a scan) against the roots.
    public static func contain(
        _ path: String, roots: [String], mustExist: Bool = true,
        realpath: (String) -> String? = RecordingPath.systemRealpath
    ) throws(RecordingPathError) -> RecordingLocation {
        let path = try normalize(path)
        let configured = roots.compactMap { try? normalize($0) }
        let canonicalRoots = configured.compactMap { realpath($0) }
        guard !canonicalRoots.isEmpty else {
            throw RecordingPathError(
                .noRoots,
                configured.isEmpty
                    ? "no recordings root is configured (--recordings-root)"
                    : "no configured recordings root exists (\(configured.joined(separator: ", ")))")
        }
        guard configured.contains(where: { isInside(path, root: $0) }) || canonicalRoots.contains(where: { isInside(path, root: $0) })
        else {
            throw RecordingPathError(.outsideRoots, "'\(path)' is outside the recordings roots (\(configured.joined(separator: ", ")))")
        }
        let real: String
        if let resolved = realpath(path) {
            real = resolved
        } else if !mustExist, let folder = realpath(parent(of: path)) {
            real = folder == "/" ? "/" + name(of: path) : folder + "/" + name(of: path)
        } else {
            throw RecordingPathError(.notFound, "'\(path)' does not exist")
        }
        guard let root = canonicalRoots.filter({ isInside(real, root: $0) }).max(by: { $0.count < $1.count }) else {
            throw RecordingPathError(.symlinkEscape, "'\(path)' leads through a symbolic link to '\(real)', outside the recordings roots")
        }
        guard real != root else { throw RecordingPathError(.invalid, "'\(path)' is a recordings root itself, not a file in it") }
        return RecordingLocation(path: real, root: root)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The C library's `realpath`: every symlink resolved; nil when the path does not exist.
    @Sendable public static func systemRealpath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A recording's canonical place: its real path and the (real) root it is in.
public struct RecordingLocation: Sendable, Equatable {
    public var path: String
    public var root: String

    public init(path: String, root: String) {
        self.path = path
        self.root = root
    }

    /// The path below the root, e.g. `live/room1.1795374821255.flv`.
    public var relativePath: String {
        root == "/" ? String(path.dropFirst()) : String(path.dropFirst(root.count + 1))
    }
}

/// Why a recording path was refused. Nothing was read or changed when this is thrown.
public struct RecordingPathError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String { case empty, invalid, relativeWithoutBase, parentReference, noRoots, outsideRoots, symlinkEscape, notFound }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public static let empty = Code(.empty)
        public static let invalid = Code(.invalid)
        public static let relativeWithoutBase = Code(.relativeWithoutBase)
        public static let parentReference = Code(.parentReference)
        public static let noRoots = Code(.noRoots)
        public static let outsideRoots = Code(.outsideRoots)
        public static let symlinkEscape = Code(.symlinkEscape)
        public static let notFound = Code(.notFound)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
