/// The master playlist rules listed on ``PlaylistValidator``.
struct MasterRules {
    let playlist: MasterPlaylist
    private(set) var violations: [RuleViolation] = []
    private var versions: VersionCheck

    init(playlist: MasterPlaylist) {
        self.playlist = playlist
        versions = VersionCheck(declared: playlist.version)
    }

    mutating func run() {
        if playlist.variants.isEmpty, playlist.iFrameVariants.isEmpty {
            add("empty_master_playlist", nil, "the master playlist has no variant streams")
        }
        checkRenditions()
        checkGroupReferences()
        for key in playlist.sessionKeys where key.method == .none {
            add("session_key_method_none", key.line, "EXT-X-SESSION-KEY must not have METHOD=NONE")
        }
        for define in playlist.defines {
            versions.require(8, for: "EXT-X-DEFINE", line: define.line)
            if define.kind == .import {
                add("define_import_in_master", define.line, "EXT-X-DEFINE IMPORT is only for media playlists")
            }
        }
        violations += versions.violations
    }

    private mutating func add(_ rule: String, _ line: Int?, _ message: String) {
        violations.append(RuleViolation(rule: rule, line: line, message: message))
    }

    private struct GroupKey: Hashable {
        let type: Rendition.MediaType
        let groupID: String
    }

    private mutating func checkRenditions() {
        var names: [GroupKey: Set<String>] = [:]
        var defaults: Set<GroupKey> = []
        for rendition in playlist.renditions {
            let key = GroupKey(type: rendition.type, groupID: rendition.groupID)
            if !names[key, default: []].insert(rendition.name).inserted {
                add("duplicate_rendition_name", rendition.line,
                    "NAME \"\(rendition.name)\" appears twice in group \"\(rendition.groupID)\"")
            }
            if rendition.isDefault, !defaults.insert(key).inserted {
                add("multiple_default_renditions", rendition.line,
                    "group \"\(rendition.groupID)\" has more than one DEFAULT=YES member")
            }
            if rendition.type == .closedCaptions, rendition.uri != nil {
                add("closed_captions_with_uri", rendition.line, "CLOSED-CAPTIONS renditions must not have a URI")
            }
            if rendition.type == .subtitles, rendition.uri == nil {
                add("subtitles_without_uri", rendition.line, "SUBTITLES renditions must have a URI")
            }
            if let instream = rendition.instreamID, instream.hasPrefix("SERVICE") {
                versions.require(7, for: "INSTREAM-ID \(instream)", line: rendition.line)
            }
        }
    }

    private mutating func checkGroupReferences() {
        let defined = Set(playlist.renditions.map { GroupKey(type: $0.type, groupID: $0.groupID) })
        for variant in playlist.variants + playlist.iFrameVariants {
            let references: [(Rendition.MediaType, String?)] = [
                (.audio, variant.audio), (.video, variant.video), (.subtitles, variant.subtitles),
                (.closedCaptions, variant.closedCaptions),
            ]
            for case let (type, groupID?) in references
            where !defined.contains(GroupKey(type: type, groupID: groupID)) {
                add("undefined_rendition_group", variant.line,
                    "\(type.rawValue)=\"\(groupID)\" names no EXT-X-MEDIA group of TYPE=\(type.rawValue)")
            }
        }
    }
}
