import MediaInspector
import TestFixtures
import Testing

/// Broken, hostile and silly inputs: always an `InspectError` or a partial result, never a crash.
@Suite struct BadInputTests {
    let inspector = MediaInspector()

    @Test(arguments: ["segments/garbage.ts", "segments/text.ts", "segments/empty.ts"])
    func unrecognisableSegmentsAreUnreadable(_ path: String) {
        let fromPath = #expect(throws: InspectError.self) { try inspector.inspect(path: Fixtures.path(path)) }
        #expect(fromPath?.code == .unreadable, "\(fromPath as Any)")
        let fromMemory = #expect(throws: InspectError.self) { try inspector.inspect(bytes: Fixtures.bytes(path)) }
        #expect(fromMemory?.code == .unreadable, "\(fromMemory as Any)")
    }

    @Test func garbageReportsFFmpegsError() {
        let error = #expect(throws: InspectError.self) {
            try inspector.inspect(bytes: Fixtures.bytes("segments/garbage.ts"))
        }
        #expect(error?.averror == -1_094_995_529)  // AVERROR_INVALIDDATA
        #expect(error?.message.contains("Invalid data found when processing input") == true)
    }

    @Test func anMP4WithoutItsIndexIsCorrupt() {
        let error = #expect(throws: InspectError.self) {
            try inspector.inspect(path: Fixtures.path("recordings/cut-noindex.mp4"))
        }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("moov atom not found") == true)
        #expect(error?.averror == -1_094_995_529)
    }

    /// The first 40 % of a segment: libavformat still reads it, so the result is partial info
    /// whose short duration and corrupt last PES give the truncation away.
    @Test func aTruncatedSegmentGivesPartialInfo() throws {
        let info = try inspector.inspect(path: Fixtures.path("segments/truncated.ts"))
        #expect(info.format == "mpegts")
        #expect(info.size == 10001)
        #expect(info.corruptPacketCount > 0)
        #expect(abs((info.duration ?? 0) - 0.494667) < 0.01)
        let video = try #require(info.firstVideoStream)
        #expect(video.packetCount == 12)
        #expect(video.width == 320 && video.height == 180)
        #expect(abs((video.duration ?? 0) - 0.433) < 0.01)
        #expect(video.frameRate == 30)  // frames missing from the B-frame order do not skew it
        #expect(info.firstAudioStream?.packetCount == 5)
        #expect(info.video?.firstFrameIsKeyframe == true)
        #expect(info.video?.firstKeyframeDecodes == true)
    }

    @Test(arguments: [0, 1, 7, 187, 188, 189, 376, 1000])
    func everyPrefixOfASegmentIsHandled(_ length: Int) {
        let bytes = Array(Fixtures.bytes("hls/live/seg-0.ts").prefix(length))
        do {
            let info = try inspector.inspect(bytes: bytes)
            #expect(info.packetCount > 0)
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test func oneByteIsUnreadable() {
        let error = #expect(throws: InspectError.self) { try inspector.inspect(bytes: [0x47]) }
        #expect(error?.code == .unreadable)
    }

    @Test(arguments: 1...12)
    func randomBytesAreRefused(_ seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let count = [1, 2, 16, 188, 1000, 4096, 65536, 300_000][Int(seed) % 8]
        let bytes = generator.bytes(count)
        #expect(throws: InspectError.self) { try inspector.inspect(bytes: bytes) }
    }

    /// Random payloads behind valid-looking TS sync bytes get past the sniffer.
    @Test(arguments: 1...6)
    func randomTransportStreamPacketsAreHandled(_ seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var bytes = generator.bytes(188 * 200)
        for offset in stride(from: 0, to: bytes.count, by: 188) { bytes[offset] = 0x47 }
        do {
            _ = try inspector.inspect(bytes: bytes)
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test func aDamagedKeyframeDoesNotDecode() throws {
        var bytes = Fixtures.bytes("hls/live/seg-0.ts")
        // Scramble the slice data in TS packets 4–8 of the video PID (0x100): the first video
        // PES is the IDR, and its SPS/PPS sit in the first packet, which stays intact.
        var videoPackets = 0
        for offset in stride(from: 0, to: bytes.count, by: 188) {
            let pid = (Int(bytes[offset + 1]) & 0x1F) << 8 | Int(bytes[offset + 2])
            guard pid == 0x100 else { continue }
            videoPackets += 1
            if (4...8).contains(videoPackets) {
                for index in stride(from: offset + 40, to: offset + 188, by: 7) { bytes[index] ^= 0x5A }
            }
        }
        let info = try inspector.inspect(bytes: bytes)
        let video = try #require(info.video)
        #expect(video.firstFrameIsKeyframe)
        #expect(video.firstKeyframeDecodes == false)
        #expect(video.decodeError?.isEmpty == false)
    }

    @Test func aMissingFileIsUnreadable() {
        let error = #expect(throws: InspectError.self) {
            try inspector.inspect(path: "/nonexistent/dir/segment.ts")
        }
        #expect(error?.code == .unreadable)
        #expect(error?.averror == -2)  // AVERROR(ENOENT)
        #expect(error?.message.contains("/nonexistent/dir/segment.ts") == true)
        #expect(error?.message.contains("No such file or directory") == true)
    }

    @Test func aDirectoryIsNotAFile() {
        let error = #expect(throws: InspectError.self) { try inspector.inspect(path: Fixtures.path("hls")) }
        #expect(error?.code == .unreadable)
    }

    @Test func aPathIsNeverTakenForAURL() {
        // With FFmpeg's own file protocol "concat:a|b" or "http:..." would mean something.
        let error = #expect(throws: InspectError.self) { try inspector.inspect(path: "concat:a.ts|b.ts") }
        #expect(error?.code == .unreadable)
        #expect(error?.averror == -2)
    }

    @Test func inputsOverTheLimitAreTooLarge() {
        let small = MediaInspector(options: InspectOptions(maxInputBytes: 1000))
        let segment = Fixtures.bytes("hls/live/seg-0.ts")
        let error = #expect(throws: InspectError.self) { try small.inspect(bytes: segment) }
        #expect(error?.code == .tooLarge)
        let fmp4 = #expect(throws: InspectError.self) {
            try small.inspect(
                initSection: Fixtures.bytes("hls/fmp4/init.mp4"), fragment: Fixtures.bytes("hls/fmp4/seg-0.m4s"))
        }
        #expect(fmp4?.code == .tooLarge)
    }

    @Test(arguments: ["no-such-format", "hls", "concat", "image2"])
    func formatHintsOutsideTheAllowListAreUnsupported(_ hint: String) {
        let error = #expect(throws: InspectError.self) {
            try inspector.inspect(bytes: Fixtures.bytes("hls/live/seg-0.ts"), formatHint: hint)
        }
        #expect(error?.code == .unsupported)
    }

    @Test func aPlaylistIsNotOpenedAsMedia() {
        // FFmpeg would happily open an m3u8 and fetch the segments it names.
        let error = #expect(throws: InspectError.self) {
            try inspector.inspect(path: Fixtures.path("hls/live/index.m3u8"))
        }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("'hls'") == true)
    }

    @Test func aWrongFormatHintFailsCleanly() {
        #expect(throws: InspectError.self) {
            try inspector.inspect(bytes: Fixtures.bytes("hls/live/seg-0.ts"), formatHint: "flv")
        }
    }

    @Test func aRightFormatHintGivesTheSameResult() throws {
        let bytes = Fixtures.bytes("recordings/sample.mp4")
        #expect(try inspector.inspect(bytes: bytes, formatHint: "mp4") == inspector.inspect(bytes: bytes))
    }

    @Test func anExpiredDeadlineTimesOut() {
        let hurried = MediaInspector(options: InspectOptions(timeout: .zero))
        let error = #expect(throws: InspectError.self) {
            try hurried.inspect(bytes: Fixtures.bytes("hls/live/seg-0.ts"))
        }
        #expect(error?.code == .timedOut)
    }

    @Test func errorsDescribeThemselves() {
        let error = InspectError(.corrupt, "moov atom not found", averror: -1_094_995_529)
        #expect(error.description == "corrupt: moov atom not found (AVERROR -1094995529)")
        #expect(InspectError(.noStreams, "empty").description == "noStreams: empty")
    }
}
