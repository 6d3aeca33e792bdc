import Foundation
import HLSProbe

/// Reads what a command was pointed at: a local file or an http(s) URL, always capped.
enum SourceLoader {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The URL when `source` is an http(s) URL; nil means "treat it as a path".
    static func httpURL(_ source: String) -> URL? {
        guard let url = URL(string: source), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else { return nil }
        return url
    }

    static func fetch(_ url: URL, maxBytes: Int) async throws -> [UInt8] {
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let response = try await http.get(url, headers: [], maxBodyBytes: maxBytes)
        guard (200..<300).contains(response.status) else {
            throw LoadError(description: "HTTP \(response.status)")
        }
        return response.body
    }

    static func read(path: String, maxBytes: Int) throws -> [UInt8] {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw LoadError(description: "cannot read the file (no such file or no permission)")
        }
        if let size = attributes[.size] as? Int, size > maxBytes {
            throw LoadError(description: "the file is \(size) bytes, more than the \(maxBytes)-byte limit")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "cannot read the file")
        }
        return [UInt8](data)
    }

    /// Prints one clear line to standard error and exits 1, as the CLI promises for
    /// unreadable input.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(1)
    }
}
