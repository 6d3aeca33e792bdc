import MediaInspector
import TestFixtures
import Testing

@Suite struct OptionsTests {
    @Test func thePacketLimitStopsTheScan() throws {
        let inspector = MediaInspector(options: InspectOptions(maxPackets: 10))
        let info = try inspector.inspect(path: Fixtures.path("recordings/sample.flv"))
        #expect(info.packetCount == 10)
        #expect(!info.scanComplete)
        #expect(info.scanEnd == .packetLimit)
        // A partial scan reports the container's declared duration (onMetaData).
        #expect(abs((info.duration ?? 0) - 3.067) < 0.001)
    }

    @Test func theMediaDurationLimitStopsTheScan() throws {
        let inspector = MediaInspector(options: InspectOptions(maxScanDuration: .milliseconds(500)))
        let info = try inspector.inspect(path: Fixtures.path("recordings/sample.mp4"))
        #expect(info.scanEnd == .durationLimit)
        #expect(!info.scanComplete)
        #expect(info.packetCount < 232)
        #expect(info.video?.keyframeCount == 1)
        #expect(abs((info.duration ?? 0) - 3.0) < 0.001)
    }

    @Test func keyframeTimesAreCappedButCounted() throws {
        let inspector = MediaInspector(options: InspectOptions(maxKeyframeTimes: 2))
        let info = try inspector.inspect(path: Fixtures.path("recordings/sample.mp4"))
        #expect(info.video?.keyframeCount == 3)
        #expect(info.video?.keyframeTimes == [0, 1])
    }

    @Test func decodingCanBeSwitchedOff() throws {
        let inspector = MediaInspector(options: InspectOptions(decodeFirstKeyframe: false))
        let segment = try inspector.inspect(path: Fixtures.path("hls/live/seg-0.ts"))
        #expect(segment.video?.firstKeyframeDecodes == nil)
        #expect(segment.video?.firstFrameIsKeyframe == true)
        // MPEG-TS has the picture size only in the SPS, which is not read then.
        #expect(segment.firstVideoStream?.width == nil)
        #expect(segment.firstAudioStream?.sampleRate == 48000)
        // MP4 declares it in the sample description.
        let recording = try inspector.inspect(path: Fixtures.path("recordings/sample.mp4"))
        #expect(recording.firstVideoStream?.width == 320)
        #expect(recording.video?.firstKeyframeDecodes == nil)
    }

    @Test func defaults() {
        let options = InspectOptions()
        #expect(options.decodeFirstKeyframe)
        #expect(options.maxInputBytes == 64 << 20)
        #expect(options.maxPackets == 200_000)
        #expect(options.maxScanDuration == nil)
        #expect(options.timeout == .seconds(2))
        #expect(options.maxKeyframeTimes == 1000)
    }
}
