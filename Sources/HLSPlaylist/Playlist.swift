/// A parsed playlist, master or media.
///
/// Encoded as JSON like `{"kind": "media", "playlist": {...}}`.
public enum Playlist: Sendable, Equatable, Codable {
    case master(MasterPlaylist)
    case media(MediaPlaylist)

    public var version: Int? {
        switch self {
        case .master(let playlist): playlist.version
        case .media(let playlist): playlist.version
        }
    }

    public var unknownTags: [UnknownTag] {
        switch self {
        case .master(let playlist): playlist.unknownTags
        case .media(let playlist): playlist.unknownTags
        }
    }

    public var isMaster: Bool {
        if case .master = self { return true }
        return false
    }

    public var master: MasterPlaylist? {
        if case .master(let playlist) = self { return playlist }
        return nil
    }

    public var media: MediaPlaylist? {
        if case .media(let playlist) = self { return playlist }
        return nil
    }

    private enum CodingKeys: String, CodingKey { case kind, playlist }
    private enum Kind: String, Codable { case master, media }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .master: self = .master(try container.decode(MasterPlaylist.self, forKey: .playlist))
        case .media: self = .media(try container.decode(MediaPlaylist.self, forKey: .playlist))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .master(let playlist):
            try container.encode(Kind.master, forKey: .kind)
            try container.encode(playlist, forKey: .playlist)
        case .media(let playlist):
            try container.encode(Kind.media, forKey: .kind)
            try container.encode(playlist, forKey: .playlist)
        }
    }
}
