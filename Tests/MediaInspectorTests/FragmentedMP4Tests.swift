import MediaInspector
import TestFixtures
import Testing

/// HLS fMP4: an `EXT-X-MAP` init section plus a media fragment, inspected together.
@Suite struct FragmentedMP4Tests {
    let inspector = MediaInspector()
    let initSection = Fixtures.bytes("hls/fmp4/init.mp4")

    @Test(arguments: 0..<3)
    func initSectionPlusFragment(_ number: Int) throws {
        let fragment = Fixtures.bytes("hls/fmp4/seg-\(number).m4s")
        let info = try inspector.inspect(initSection: initSection, fragment: fragment)
        #expect(info.format == "mov,mp4,m4a,3gp,3g2,mj2")
        #expect(info.size == initSection.count + fragment.count)
        #expect(info.scanComplete)
        #expect(abs((info.duration ?? 0) - 1.04) < 0.05)

        let video = try #require(info.firstVideoStream)
        #expect(video.codec == "h264")
        #expect(video.profile == "High")
        #expect(video.level == 13)
        #expect(video.width == 320 && video.height == 180)
        #expect(video.frameRate == 30)
        #expect(video.packetCount == 30)
        #expect(abs((video.duration ?? 0) - 1) < 0.001)

        let analysis = try #require(info.video)
        #expect(analysis.firstFrameIsKeyframe)
        #expect(analysis.keyframeCount == 1)
        #expect(abs((analysis.keyframeTimes.first ?? 0) - (0.066016 + Double(number))) < 0.000_5)
        #expect(analysis.firstKeyframeDecodes == true)

        let audio = try #require(info.firstAudioStream)
        #expect(audio.codec == "aac" && audio.profile == "LC")
        #expect(audio.sampleRate == 48000 && audio.channels == 1)
    }

    @Test func aFragmentAloneIsCorruptAndSaysWhy() {
        let error = #expect(throws: InspectError.self) {
            try inspector.inspect(bytes: Fixtures.bytes("hls/fmp4/seg-0.m4s"))
        }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("init section") == true)
        #expect(error?.message.contains("trun track id unknown") == true)
    }

    @Test func anInitSectionAloneHasNoPackets() {
        let error = #expect(throws: InspectError.self) {
            try inspector.inspect(path: Fixtures.path("hls/fmp4/init.mp4"))
        }
        #expect(error?.code == .noStreams)
    }

    @Test func anEmptyInitSectionIsRefused() {
        let error = #expect(throws: InspectError.self) {
            try inspector.inspect(initSection: [], fragment: Fixtures.bytes("hls/fmp4/seg-0.m4s"))
        }
        #expect(error?.code == .unreadable)
    }
}
