import Foundation
import Logging

/// The daemon's data folder: the SQLite database by default, and the secrets that must not
/// live in the database (the stream-key derivation secret, the generated API token).
struct DataFolder {
    let url: URL

    init(path: String) throws {
        url = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// The secret stream keys are derived from; made on first start. Losing it changes every
    /// room's key, so it is kept beside the database and backed up with it.
    func keySecret() throws -> [UInt8] {
        let text = try secret(named: "key-secret") { Self.randomHex(32) }
        return Array(text.utf8)
    }

    /// The configured API token, or the one generated on first start (printed once).
    func apiToken(configured: String?, logger: Logger) throws -> String {
        if let configured { return configured }
        var created = false
        let token = try secret(named: "api-token") {
            created = true
            return "sst_" + Self.randomHex(24)
        }
        if created {
            // Printed once, on the console only: the token is never logged.
            let message = "Generated the platform API token (stored in \(url.appendingPathComponent("api-token").path)):\n  \(token)\n"
            FileHandle.standardOutput.write(Data(message.utf8))
        }
        return token
    }

    /// The configured webhook signing secret, or the one generated on first start with
    /// webhooks (printed once, for the platform's verifier).
    func webhookSecret(configured: String?, generate: () -> String) throws -> String {
        if let configured { return configured }
        var created = false
        let secret = try secret(named: "webhook-secret") {
            created = true
            return generate()
        }
        if created {
            let message = "Generated the webhook signing secret (stored in \(url.appendingPathComponent("webhook-secret").path)):\n  \(secret)\n"
            FileHandle.standardOutput.write(Data(message.utf8))
        }
        return secret
    }

    private func secret(named name: String, make: () -> String) throws -> String {
        let file = url.appendingPathComponent(name)
        if let data = FileManager.default.contents(atPath: file.path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { return text }
        }
        let value = make()
        guard FileManager.default.createFile(atPath: file.path, contents: Data((value + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DaemonError(description: "cannot write \(file.path)")
        }
        return value
    }

    private static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

struct DaemonError: Error, CustomStringConvertible {
    let description: String
}
