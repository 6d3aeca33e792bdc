import Foundation
import HLSProbe

enum ParseBench {
    /// A long live playlist in SRS's style (URIs with a query), parsed from bytes.
    static func run(segments: Int, runs: Int) throws -> Stats {
        var text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:1000\n#EXT-X-TARGETDURATION:2\n"
        for i in 0..<segments {
            text += "#EXTINF:2.000, no desc\nroom1-\(1000 + i).ts?hls_ctx=59f0y929\n"
        }
        let bytes = Array(text.utf8)
        let base = URL(string: "http://127.0.0.1:8080/live/room1.m3u8?hls_ctx=59f0y929")
        let parser = PlaylistParser()
        return try Stats.measure(runs: runs) {
            guard case .media(let media) = try parser.parse(bytes, baseURL: base), media.segments.count == segments else {
                throw Workspace.Failure(description: "the benchmark playlist did not parse as expected")
            }
        }
    }
}
