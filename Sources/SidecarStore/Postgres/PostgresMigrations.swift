import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema and its versions, recorded in `schema_migrations`.
///
/// `run` is called inside one transaction holding a transaction-scoped advisory lock, so two
/// sidecars starting together apply each migration exactly once (the second waits, then sees
/// it applied). DDL is transactional in PostgreSQL: a failed migration leaves nothing behind.
/// Append new versions; never edit a shipped one.
enum PostgresMigrations {
    static let versions: [(version: Int, statements: [String])] = [(1, v1), (2, v2), (3, v3), (4, v4)]

    static func run(_ conn: PostgresConnection, schema: String?, logger: Logger) async throws {
        let lockName = "stream-sidecar/migrations/\(schema ?? "default")"
        try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\(lockName)))", logger: logger)
        if let schema {
            // Not bindable; `schema` passed `PostgresLocation.isValidSchema` and is quoted.
            try await conn.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: logger)
        }
        try await conn.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
            logger: logger)
        var applied = Set<Int>()
        for try await version in try await conn.query("SELECT version FROM schema_migrations", logger: logger)
            .decode(Int32.self)
        {
            applied.insert(Int(version))
        }
        let known = Set(versions.map(\.version))
        if let newer = applied.subtracting(known).max() {
            throw StoreError.migrationFailed("the database has schema version \(newer), newer than this sidecar knows (\(known.max() ?? 0)): upgrade the sidecar")
        }
        for (version, statements) in versions where !applied.contains(version) {
            for statement in statements {
                try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await conn.query(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (\(Int32(version)), \(now))", logger: logger)
            logger.info("applied PostgreSQL schema migration", metadata: ["version": "\(version)"])
        }
    }

    /// Same tables as SQLite's. Room ids use the "C" collation so that `ORDER BY id` (and
    /// `rooms(afterId:)` paging) is bytewise, as in SQLite, whatever the database's locale.
    /// No foreign keys to rooms, for the reason given in `SQLiteMigrations`.
    static let v1 = [
        """
        CREATE TABLE rooms (
            id TEXT COLLATE "C" PRIMARY KEY,
            owner TEXT NOT NULL UNIQUE,
            live_id TEXT NOT NULL UNIQUE,
            key_hash TEXT NOT NULL,
            key_version BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            status_since BIGINT NOT NULL,
            publisher_client_id TEXT,
            publisher_ip TEXT,
            publisher_since BIGINT,
            publisher_stream_id TEXT,
            publisher_server_id TEXT,
            publisher_service_id TEXT,
            publisher_session_id TEXT,
            playable BOOLEAN NOT NULL,
            playable_since BIGINT,
            is_private BOOLEAN NOT NULL,
            suspension_reason TEXT,
            suspension_since BIGINT
        )
        """,
        "CREATE INDEX rooms_status_id ON rooms (status, id)",
        """
        CREATE TABLE bans (
            owner TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            until BIGINT,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE readiness (
            room_id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL,
            checked_at BIGINT NOT NULL,
            ready BOOLEAN NOT NULL,
            reason TEXT,
            verdict TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE viewers (
            node TEXT NOT NULL,
            room_id TEXT NOT NULL,
            client_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            ip TEXT NOT NULL,
            since BIGINT NOT NULL,
            PRIMARY KEY (node, room_id, client_id)
        )
        """,
        "CREATE INDEX viewers_room_id ON viewers (room_id)",
        "CREATE TABLE room_sequences (room_id TEXT PRIMARY KEY, last_sequence BIGINT NOT NULL)",
        """
        CREATE TABLE events (
            id BIGSERIAL PRIMARY KEY,
            type TEXT NOT NULL,
            room_id TEXT,
            sequence BIGINT NOT NULL,
            time BIGINT NOT NULL,
            payload TEXT NOT NULL
        )
        """,
    ]

    /// Webhook delivery, as in `SQLiteMigrations.v2`.
    static let v2 = [
        """
        CREATE TABLE webhook_endpoints (
            url TEXT PRIMARY KEY,
            cursor BIGINT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE deliveries (
            id BIGSERIAL PRIMARY KEY,
            event_id BIGINT NOT NULL,
            endpoint TEXT NOT NULL,
            queue TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            created_at BIGINT NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            last_attempt_at BIGINT,
            last_status INTEGER,
            last_error TEXT,
            lease_owner TEXT,
            lease_until BIGINT,
            UNIQUE (endpoint, event_id)
        )
        """,
        "CREATE INDEX deliveries_open ON deliveries (endpoint, queue, event_id) WHERE state <> 'dead'",
        "CREATE INDEX deliveries_state ON deliveries (state, id)",
    ]

    /// The recordings index, as in `SQLiteMigrations.v3`. Ids and text keys use the "C"
    /// collation so that the (started_at, id) order and its cursor are bytewise, as in SQLite.
    static let v3 = [
        """
        CREATE TABLE recordings (
            id TEXT COLLATE "C" PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            root TEXT NOT NULL,
            app TEXT COLLATE "C" NOT NULL,
            live_id TEXT COLLATE "C" NOT NULL,
            room_id TEXT COLLATE "C",
            owner TEXT COLLATE "C",
            session_id TEXT,
            client_id TEXT,
            started_at BIGINT NOT NULL,
            ended_at BIGINT NOT NULL,
            size BIGINT NOT NULL,
            modified_at BIGINT NOT NULL,
            format TEXT,
            duration DOUBLE PRECISION,
            video_codec TEXT,
            audio_codec TEXT,
            width BIGINT,
            height BIGINT,
            frame_rate DOUBLE PRECISION,
            bit_rate BIGINT,
            status TEXT COLLATE "C" NOT NULL,
            reason TEXT,
            detail TEXT,
            origin TEXT NOT NULL,
            source_id TEXT,
            indexed_at BIGINT NOT NULL,
            checked_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX recordings_started ON recordings (started_at, id)",
        "CREATE INDEX recordings_room ON recordings (room_id, started_at, id)",
        "CREATE INDEX recordings_owner ON recordings (owner, started_at, id)",
        "CREATE INDEX recordings_live ON recordings (live_id, started_at, id)",
        "CREATE INDEX recordings_app ON recordings (app, started_at, id)",
        "CREATE INDEX recordings_status ON recordings (status, started_at, id)",
    ]

    /// Connections (co-hosting), as in `SQLiteMigrations.v4`.
    static let v4 = [
        """
        CREATE TABLE connections (
            id TEXT PRIMARY KEY,
            room_id TEXT COLLATE "C" NOT NULL,
            host_live_id TEXT NOT NULL,
            guest TEXT NOT NULL,
            guest_live_id TEXT NOT NULL UNIQUE,
            guest_key_hash TEXT NOT NULL,
            mix_live_id TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            state_since BIGINT NOT NULL,
            reason TEXT NOT NULL,
            host_live BOOLEAN NOT NULL,
            guest_live BOOLEAN NOT NULL,
            guest_client_id TEXT,
            mix_live BOOLEAN NOT NULL,
            mix_client_id TEXT,
            node TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            pending_until BIGINT NOT NULL,
            ended_at BIGINT
        )
        """,
        "CREATE UNIQUE INDEX connections_open_room ON connections (room_id) WHERE state <> 'ended'",
        "CREATE INDEX connections_room_created ON connections (room_id, created_at)",
        "CREATE INDEX connections_open ON connections (state) WHERE state <> 'ended'",
    ]
}
