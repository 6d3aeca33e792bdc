import Foundation
import MediaInspector
import TestFixtures
import Testing

/// Every media fixture, inspected and compared with what ffprobe and Fixtures/README.md say.
@Suite struct FixtureInspectionTests {
    let inspector = MediaInspector()

    @Test(arguments: MediaFixture.all)
    func matchesTheFixtureFacts(_ fixture: MediaFixture) throws {
        let info = try inspector.inspect(path: Fixtures.path(fixture.path))
        expectFacts(info, fixture)
    }

    @Test(arguments: MediaFixture.all)
    func memoryAndPathGiveTheSameInfo(_ fixture: MediaFixture) throws {
        let fromPath = try inspector.inspect(path: Fixtures.path(fixture.path))
        let fromMemory = try inspector.inspect(bytes: Fixtures.bytes(fixture.path))
        #expect(fromMemory == fromPath)
    }

    @Test func keyframeAnalysisOfASegmentThatStartsMidGOP() throws {
        let info = try inspector.inspect(path: Fixtures.path("hls/no-keyframe/seg-1.ts"))
        let video = try #require(info.video)
        #expect(!video.firstFrameIsKeyframe)
        #expect(video.keyframeCount == 1)
        // The mid-segment IDR is the one decoded.
        #expect(video.firstKeyframeDecodes == true)
        #expect(video.decodeError == nil)
    }

    @Test func aSegmentWithoutKeyframesStillReportsItsPictureSize() throws {
        let info = try inspector.inspect(path: Fixtures.path("hls/no-keyframe/seg-2.ts"))
        let video = try #require(info.video)
        #expect(!video.firstFrameIsKeyframe)
        #expect(video.keyframeCount == 0)
        #expect(video.keyframeTimes.isEmpty)
        #expect(video.firstKeyframeDecodes == nil)
        #expect(video.decodeError == "no keyframe in the input")
        // Read from the SPS in the first (non-key) packet.
        #expect(info.firstVideoStream?.width == 320)
        #expect(info.firstVideoStream?.height == 180)
    }

    @Test func realSRSSegmentsPutAudioFirst() throws {
        let info = try inspector.inspect(path: Fixtures.path("srs/sample-0.ts"))
        #expect(info.streams.map(\.type) == [.audio, .video])
        #expect(info.video?.streamIndex == 1)
        // ffprobe: format bit_rate=323146 (file bytes × 8 / duration).
        #expect(abs((info.bitRate ?? 0) - 323_146) < 300)
    }

    @Test func theDVRRecordingHasNoAudioStream() throws {
        let info = try inspector.inspect(path: Fixtures.path("srs/dvr/room2.1795374877671.flv"))
        #expect(info.streams.count == 1)
        #expect(!info.hasAudio)
        #expect(info.hasVideo)
    }

    @Test func audioOnlySegmentsHaveNoVideoAnalysis() throws {
        let info = try inspector.inspect(path: Fixtures.path("hls/audio-only/seg-0.ts"))
        #expect(info.video == nil)
        #expect(!info.hasVideo)
        #expect(info.firstAudioStream?.profile == "LC")
    }

    @Test func theResultRoundTripsThroughJSON() throws {
        let info = try inspector.inspect(path: Fixtures.path("hls/live/seg-1.ts"))
        let decoded = try JSONDecoder().decode(MediaInfo.self, from: JSONEncoder().encode(info))
        #expect(decoded == info)
    }
}

/// Checks `info` against the fixture's facts; durations within 50 ms of ffprobe's.
func expectFacts(
    _ info: MediaInfo, _ fixture: MediaFixture, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(info.format == fixture.format, sourceLocation: sourceLocation)
    #expect(info.scanComplete, sourceLocation: sourceLocation)
    #expect(info.scanEnd == .endOfInput, sourceLocation: sourceLocation)
    #expect(!info.nonMonotonicTimestamps, sourceLocation: sourceLocation)
    #expect(info.corruptPacketCount == 0, sourceLocation: sourceLocation)
    #expect(
        abs((info.duration ?? -1) - fixture.duration) < 0.05, "duration \(info.duration as Any)",
        sourceLocation: sourceLocation)
    if let start = fixture.startTime {
        #expect(
            abs((info.startTime ?? -1) - start) < 0.001, "start \(info.startTime as Any)",
            sourceLocation: sourceLocation)
    }
    if let duration = info.duration, duration > 0 {
        let expected = Double(info.size) * 8 / duration
        #expect(abs(Double(info.bitRate ?? 0) - expected) <= 1, sourceLocation: sourceLocation)
    }
    let streamCount = (fixture.video == nil ? 0 : 1) + (fixture.audio == nil ? 0 : 1)
    #expect(info.streams.count == streamCount, sourceLocation: sourceLocation)
    let packetCount = (fixture.video?.packets ?? 0) + (fixture.audio?.packets ?? 0)
    #expect(info.packetCount == packetCount, sourceLocation: sourceLocation)

    if let expected = fixture.video {
        guard let stream = info.streams.first(where: { $0.index == expected.index }), let video = info.video else {
            Issue.record("no video stream \(expected.index)", sourceLocation: sourceLocation)
            return
        }
        #expect(stream.type == .video, sourceLocation: sourceLocation)
        #expect(stream.codec == "h264", sourceLocation: sourceLocation)
        #expect(stream.profile == expected.profile, sourceLocation: sourceLocation)
        #expect(stream.level == expected.level, sourceLocation: sourceLocation)
        #expect(stream.width == expected.width, sourceLocation: sourceLocation)
        #expect(stream.height == expected.height, sourceLocation: sourceLocation)
        #expect(stream.pixelFormat == expected.pixelFormat, sourceLocation: sourceLocation)
        #expect(
            abs((stream.frameRate ?? 0) - expected.frameRate) < 0.001, "fps \(stream.frameRate as Any)",
            sourceLocation: sourceLocation)
        #expect(stream.packetCount == expected.packets, sourceLocation: sourceLocation)
        #expect(stream.sampleRate == nil && stream.channels == nil, sourceLocation: sourceLocation)
        #expect((stream.bitRate ?? 0) > 0, sourceLocation: sourceLocation)
        #expect(video.streamIndex == expected.index, sourceLocation: sourceLocation)
        #expect(video.firstFrameIsKeyframe == expected.startsOnKeyframe, sourceLocation: sourceLocation)
        #expect(video.keyframeCount == expected.keyframeTimes.count, sourceLocation: sourceLocation)
        #expect(video.keyframeTimes.count == expected.keyframeTimes.count, sourceLocation: sourceLocation)
        for (found, wanted) in zip(video.keyframeTimes, expected.keyframeTimes) {
            #expect(abs(found - wanted) < 0.000_5, "keyframe \(found), wanted \(wanted)", sourceLocation: sourceLocation)
        }
        if expected.keyframeTimes.isEmpty {
            #expect(video.firstKeyframeDecodes == nil, sourceLocation: sourceLocation)
        } else {
            #expect(
                video.firstKeyframeDecodes == true, "\(video.decodeError ?? "")", sourceLocation: sourceLocation)
            #expect(video.decodeError == nil, sourceLocation: sourceLocation)
        }
    } else {
        #expect(info.video == nil, sourceLocation: sourceLocation)
    }

    if let expected = fixture.audio {
        guard let stream = info.streams.first(where: { $0.index == expected.index }) else {
            Issue.record("no audio stream \(expected.index)", sourceLocation: sourceLocation)
            return
        }
        #expect(stream.type == .audio, sourceLocation: sourceLocation)
        #expect(stream.codec == "aac", sourceLocation: sourceLocation)
        #expect(stream.profile == "LC", sourceLocation: sourceLocation)
        #expect(stream.sampleRate == expected.sampleRate, sourceLocation: sourceLocation)
        #expect(stream.channels == expected.channels, sourceLocation: sourceLocation)
        #expect(stream.packetCount == expected.packets, sourceLocation: sourceLocation)
        // AAC frames are 1024 samples: the stream lasts packets × 1024 / rate, give or take the
        // encoder's priming and flush frames (MP4 without an edit list counts them).
        let frames = Double(expected.packets) * 1024 / Double(expected.sampleRate)
        #expect(
            abs((stream.duration ?? 0) - frames) < 0.05, "audio \(stream.duration as Any)",
            sourceLocation: sourceLocation)
        #expect(stream.width == nil && stream.frameRate == nil, sourceLocation: sourceLocation)
    }
}
