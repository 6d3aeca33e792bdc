import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=disable&schema=name` URL, parsed.
///
/// Query parameters: `sslmode` (only `disable`, the default: TLS is not supported yet, so
/// keep the database on loopback or a private network) and `schema` (a schema of its own for
/// the tables, created by `migrate()`; tests use one per test). Anything else is rejected so
/// that a typo does not go unnoticed.
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var schema: String?

    public init(url: String) throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw StoreError.invalidLocation("not a postgres:// URL (\(Self.redacted(url)))")
        }
        guard let host = parts.host.map(Self.unbracketed), !host.isEmpty else {
            throw StoreError.invalidLocation("the PostgreSQL URL names no host (\(Self.redacted(url)))")
        }
        guard let user = parts.user, !user.isEmpty else {
            throw StoreError.invalidLocation("the PostgreSQL URL names no user (\(Self.redacted(url)))")
        }
        self.host = host
        self.port = parts.port ?? 5432
        self.username = user
        self.password = parts.password
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        self.database = path.isEmpty ? user : path  // libpq's default: the user's name
        for item in parts.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"):
                continue
            case ("sslmode", let mode):
                throw StoreError.invalidLocation("sslmode=\(mode) is not supported yet: TLS to PostgreSQL is not implemented; use sslmode=disable on a trusted network")
            case ("schema", let schema):
                guard Self.isValidSchema(schema) else {
                    throw StoreError.invalidLocation("schema must be 1-63 lowercase letters, digits or _, not starting with a digit")
                }
                self.schema = schema
            case (let name, _):
                throw StoreError.invalidLocation("unknown PostgreSQL URL parameter '\(name)' (supported: sslmode, schema)")
            }
        }
    }

    /// For logs and errors: everything but the password.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }

    var clientConfiguration: PostgresClient.Configuration {
        var config = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        if let schema {
            // A startup parameter, so every pooled connection resolves tables in the schema.
            config.options.additionalStartupParameters = [("search_path", schema)]
        }
        return config
    }

    /// Schema names end up in `CREATE SCHEMA`, where no parameter can be bound: only a
    /// conservative identifier shape is accepted, and it is quoted besides.
    static func isValidSchema(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), !(bytes[0] >= 0x30 && bytes[0] <= 0x39) else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The URL with any password replaced, for error messages.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "unparsable URL" }
        if parts.password != nil { parts.password = "***" }
        return parts.string ?? "unparsable URL"
    }
}
