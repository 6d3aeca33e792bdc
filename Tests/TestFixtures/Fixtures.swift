import Foundation

/// Locates files under the repository's `Fixtures/` folder.
///
/// Fixtures live outside every target folder (they are shared by tests, benchmarks and the
/// regeneration script), so the path is derived from this source file's location rather
/// than from a bundle, the way SwiftPM's own test support does it.
public enum Fixtures {
    /// The absolute path of `Fixtures/` in this checkout.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestFixtures
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// The URL of a fixture given its path relative to `Fixtures/`.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The path of a fixture given its path relative to `Fixtures/`.
    public static func path(_ relativePath: String) -> String {
        url(relativePath).path
    }

    /// The bytes of a fixture; traps with the missing path, since a test without its fixture
    /// cannot say anything useful.
    public static func bytes(_ relativePath: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(relativePath)) else {
            preconditionFailure("missing fixture \(relativePath) (run Fixtures/generate.sh)")
        }
        return [UInt8](data)
    }

    /// The text of a fixture, decoded as UTF-8.
    public static func text(_ relativePath: String) -> String {
        String(decoding: bytes(relativePath), as: UTF8.self)
    }
}
