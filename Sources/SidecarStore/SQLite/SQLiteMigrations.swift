import GRDB

/// The SQLite schema, as GRDB migrations. Each migration runs once, in its own transaction,
/// and is recorded in GRDB's `grdb_migrations` table, so `migrate()` on every start is cheap.
/// Append new migrations; never edit a shipped one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            for statement in v1 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v2-webhooks") { db in
            for statement in v2 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v3-recordings") { db in
            for statement in v3 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v4-connections") { db in
            for statement in v4 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v5-fewer-pages") { db in
            for statement in v5 { try db.execute(sql: statement) }
        }
        return migrator
    }

    /// Dates are Unix milliseconds; Booleans 0/1. No foreign keys from readiness/viewers to
    /// rooms: those rows arrive write-behind and must not fail because a room just went away;
    /// deleting a room deletes them explicitly instead.
    static let v1 = [
        """
        CREATE TABLE rooms (
            id TEXT PRIMARY KEY NOT NULL,
            owner TEXT NOT NULL UNIQUE,
            live_id TEXT NOT NULL UNIQUE,
            key_hash TEXT NOT NULL,
            key_version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            status_since INTEGER NOT NULL,
            publisher_client_id TEXT,
            publisher_ip TEXT,
            publisher_since INTEGER,
            publisher_stream_id TEXT,
            publisher_server_id TEXT,
            publisher_service_id TEXT,
            publisher_session_id TEXT,
            playable INTEGER NOT NULL,
            playable_since INTEGER,
            is_private INTEGER NOT NULL,
            suspension_reason TEXT,
            suspension_since INTEGER
        )
        """,
        "CREATE INDEX rooms_status_id ON rooms (status, id)",
        """
        CREATE TABLE bans (
            owner TEXT PRIMARY KEY NOT NULL,
            reason TEXT NOT NULL,
            until INTEGER,
            created_at INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE readiness (
            room_id TEXT PRIMARY KEY NOT NULL,
            session_id TEXT NOT NULL,
            checked_at INTEGER NOT NULL,
            ready INTEGER NOT NULL,
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
            since INTEGER NOT NULL,
            PRIMARY KEY (node, room_id, client_id)
        )
        """,
        "CREATE INDEX viewers_room_id ON viewers (room_id)",
        // Outlives the room, so a re-created room id continues its sequence.
        """
        CREATE TABLE room_sequences (
            room_id TEXT PRIMARY KEY NOT NULL,
            last_sequence INTEGER NOT NULL
        )
        """,
        // AUTOINCREMENT: ids are never reused, even after the newest events are deleted.
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            room_id TEXT,
            sequence INTEGER NOT NULL,
            time INTEGER NOT NULL,
            payload TEXT NOT NULL
        )
        """,
    ]

    /// Webhook delivery: a cursor per endpoint into `events`, and a row per open (or dead)
    /// delivery; a delivered row is deleted, so the table holds only what still matters.
    /// `queue` is the event's room id ('' for events of no room): one queue, one order.
    static let v2 = [
        """
        CREATE TABLE webhook_endpoints (
            url TEXT PRIMARY KEY NOT NULL,
            cursor INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id INTEGER NOT NULL,
            endpoint TEXT NOT NULL,
            queue TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            last_attempt_at INTEGER,
            last_status INTEGER,
            last_error TEXT,
            lease_owner TEXT,
            lease_until INTEGER,
            UNIQUE (endpoint, event_id)
        )
        """,
        "CREATE INDEX deliveries_open ON deliveries (endpoint, queue, event_id) WHERE state <> 'dead'",
        "CREATE INDEX deliveries_state ON deliveries (state, id)",
    ]

    /// The recordings index. One (column, started_at, id) index per list filter, so that a
    /// filtered page, newest first, is a single index range scan from the cursor; `path` is
    /// unique (a duplicate hook finds the row). No foreign key to rooms: a recording outlives
    /// its room.
    static let v3 = [
        """
        CREATE TABLE recordings (
            id TEXT PRIMARY KEY NOT NULL,
            path TEXT NOT NULL UNIQUE,
            root TEXT NOT NULL,
            app TEXT NOT NULL,
            live_id TEXT NOT NULL,
            room_id TEXT,
            owner TEXT,
            session_id TEXT,
            client_id TEXT,
            started_at INTEGER NOT NULL,
            ended_at INTEGER NOT NULL,
            size INTEGER NOT NULL,
            modified_at INTEGER NOT NULL,
            format TEXT,
            duration REAL,
            video_codec TEXT,
            audio_codec TEXT,
            width INTEGER,
            height INTEGER,
            frame_rate REAL,
            bit_rate INTEGER,
            status TEXT NOT NULL,
            reason TEXT,
            detail TEXT,
            origin TEXT NOT NULL,
            source_id TEXT,
            indexed_at INTEGER NOT NULL,
            checked_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX recordings_started ON recordings (started_at, id)",
        "CREATE INDEX recordings_room ON recordings (room_id, started_at, id)",
        "CREATE INDEX recordings_owner ON recordings (owner, started_at, id)",
        "CREATE INDEX recordings_live ON recordings (live_id, started_at, id)",
        "CREATE INDEX recordings_app ON recordings (app, started_at, id)",
        "CREATE INDEX recordings_status ON recordings (status, started_at, id)",
    ]

    /// Connections (co-hosting). At most one open connection per room: a partial unique
    /// index. Rows outlive their room (history); guest and mix stream names are unique.
    static let v4 = [
        """
        CREATE TABLE connections (
            id TEXT PRIMARY KEY NOT NULL,
            room_id TEXT NOT NULL,
            host_live_id TEXT NOT NULL,
            guest TEXT NOT NULL,
            guest_live_id TEXT NOT NULL UNIQUE,
            guest_key_hash TEXT NOT NULL,
            mix_live_id TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            state_since INTEGER NOT NULL,
            reason TEXT NOT NULL,
            host_live INTEGER NOT NULL,
            guest_live INTEGER NOT NULL,
            guest_client_id TEXT,
            mix_live INTEGER NOT NULL,
            mix_client_id TEXT,
            node TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            pending_until INTEGER NOT NULL,
            ended_at INTEGER
        )
        """,
        "CREATE UNIQUE INDEX connections_open_room ON connections (room_id) WHERE state <> 'ended'",
        "CREATE INDEX connections_room_created ON connections (room_id, created_at)",
        "CREATE INDEX connections_open ON connections (state) WHERE state <> 'ended'",
    ]

    /// Fewer pages written per publish and unpublish, each a random page of a large table or
    /// index (4 KiB of WAL, and of checkpoint, apiece):
    /// - A room's event sequence lives in its own row, which the transaction writes anyway;
    ///   `room_sequences` keeps only the last sequence of rooms that were deleted, so that a
    ///   re-created room id continues it (`SQLiteRows.insertRoom` picks it up).
    /// - The status index holds live rooms only: a room going live or idle touched an entry
    ///   among all the idle rooms. Idle rooms are listed in id order through the primary key.
    static let v5 = [
        "ALTER TABLE rooms ADD COLUMN last_sequence INTEGER NOT NULL DEFAULT 0",
        """
        UPDATE rooms SET last_sequence = (SELECT last_sequence FROM room_sequences WHERE room_id = rooms.id)
        WHERE id IN (SELECT room_id FROM room_sequences)
        """,
        "DELETE FROM room_sequences WHERE room_id IN (SELECT id FROM rooms)",
        "DROP INDEX rooms_status_id",
        "CREATE INDEX rooms_live ON rooms (id) WHERE status = 'live'",
    ]
}
