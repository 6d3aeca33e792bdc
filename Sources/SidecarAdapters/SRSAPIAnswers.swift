import Foundation

/// The parts of SRS's `/api/v1/streams/` and `/api/v1/clients/` answers reconciliation reads,
/// shaped as in `Fixtures/srs-api/srs-7.0.18/streams.json` and `clients.json`. Fields not
/// listed are ignored; the short error answers (`{"code":2049}`) have only `code`.
enum SRSAPI {
    /// Every answer: `code` 0 is success; `server` survives restarts, `service` does not.
    struct Streams: Decodable {
        var code: Int
        var server: String?
        var service: String?
        var streams: [Stream]?
    }

    struct Clients: Decodable {
        var code: Int
        var server: String?
        var service: String?
        var clients: [Client]?
    }

    struct Stream: Decodable {
        /// SRS's stream id (`vid-3xw6vb9`), what a client's `stream` refers to.
        var id: String
        var name: String
        var app: String
        var publish: Publish?

        struct Publish: Decodable {
            var active: Bool
            /// The publisher's client id; stays after unpublish, so only `active` counts.
            var cid: String?
        }
    }

    struct Client: Decodable {
        var id: String
        /// The id of the stream it is attached to.
        var stream: String?
        /// `/app/stream`, without a player's `.flv` / `.m3u8` (that is in `name`).
        var url: String?
        /// `fmle-publish`, `rtmp-play`, `flv-play`, `hls-play`, ...
        var type: String?
        var publish: Bool?
    }
}
