import SidecarCore
import Testing

@testable import SidecarMixer

@Suite("The mixer's ffmpeg command line")
struct FFmpegMixCommandTests {
    static func spec(host: Bool = true, guest: Bool = true, layout: MixLayout = .sideBySide) -> MixerSpec {
        MixerSpec(
            id: "c1", hostURL: "rtmp://127.0.0.1/live/host?key=K", guestURL: "rtmp://127.0.0.1/live/guest?key=K",
            outputURL: "rtmp://127.0.0.1/live/mix?key=K", hostLive: host, guestLive: guest, layout: layout, width: 640, height: 360)
    }

    static func value(after flag: String, in arguments: [String]) -> String? {
        arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    }

    @Test("both inputs live: two RTMP inputs with a read timeout, side by side, audio mixed, published as FLV")
    func sideBySide() {
        let arguments = FFmpegMixCommand.arguments(Self.spec())
        #expect(arguments.filter { $0 == "-i" }.count == 2)
        #expect(arguments.filter { $0 == "-rw_timeout" }.count == 2)
        let inputs = arguments.indices.filter { arguments[$0] == "-i" }.map { arguments[$0 + 1] }
        #expect(inputs == ["rtmp://127.0.0.1/live/host?key=K", "rtmp://127.0.0.1/live/guest?key=K"])
        let graph = Self.value(after: "-filter_complex", in: arguments) ?? ""
        #expect(graph.contains("[0:v:0]scale=w=320:h=360:force_original_aspect_ratio=decrease"))
        #expect(graph.contains("[1:v:0]scale=w=320:h=360"))
        #expect(graph.contains("[vh][vg]hstack=inputs=2[v]"))
        #expect(graph.contains("[ah][ag]amix=inputs=2"))
        #expect(Self.value(after: "-c:v", in: arguments) == "libx264")
        #expect(Self.value(after: "-preset", in: arguments) == "veryfast")
        #expect(Self.value(after: "-tune", in: arguments) == "zerolatency")
        #expect(Self.value(after: "-g", in: arguments) == "50", "a keyframe every 2 s at 25 fps")
        #expect(Self.value(after: "-c:a", in: arguments) == "aac")
        #expect(Self.value(after: "-progress", in: arguments) == "pipe:1")
        #expect(arguments.contains("-nostats"))
        #expect(Array(arguments.suffix(3)) == ["-f", "flv", "rtmp://127.0.0.1/live/mix?key=K"])
    }

    @Test("a side that is not live is a placeholder picture and silence, held to real time")
    func placeholder() {
        let arguments = FFmpegMixCommand.arguments(Self.spec(guest: false))
        let inputs = arguments.indices.filter { arguments[$0] == "-i" }.map { arguments[$0 + 1] }
        #expect(inputs.count == 3)
        #expect(inputs[0].hasPrefix("rtmp://"))
        #expect(inputs[1] == "color=c=0x202020:s=640x360:r=25")
        #expect(inputs[2] == "anullsrc=r=44100:cl=stereo")
        #expect(arguments.filter { $0 == "-re" }.count == 2)
        let graph = Self.value(after: "-filter_complex", in: arguments) ?? ""
        #expect(graph.contains("[1:v:0]") && graph.contains("[2:a:0]"), "the placeholder's video and audio are separate inputs")

        let neither = FFmpegMixCommand.arguments(Self.spec(host: false, guest: false))
        #expect(!neither.contains { $0.hasPrefix("rtmp://") && $0 != "rtmp://127.0.0.1/live/mix?key=K" })
        #expect((Self.value(after: "-filter_complex", in: neither) ?? "").contains("[3:a:0]"))
    }

    @Test("picture-in-picture: the host fills the frame, the guest a quarter-size inset")
    func pictureInPicture() {
        let graph = Self.value(after: "-filter_complex", in: FFmpegMixCommand.arguments(Self.spec(layout: .pictureInPicture))) ?? ""
        #expect(graph.contains("[0:v:0]scale=w=640:h=360"))
        #expect(graph.contains("[1:v:0]scale=w=160:h=90"))
        #expect(graph.contains("overlay=x=W-w-8:y=H-h-8"))
    }

    @Test("odd halves stay even: 1000 wide splits 500 + 500, 650 wide 324 + 326")
    func evenHalves() {
        var spec = Self.spec()
        spec.width = 650
        let graph = Self.value(after: "-filter_complex", in: FFmpegMixCommand.arguments(spec)) ?? ""
        #expect(graph.contains("scale=w=324:") && graph.contains("scale=w=326:"))
    }
}

@Suite("ffmpeg's -progress output and the restart backoff")
struct FFmpegProgressTests {
    @Test func reportsPerBlock() {
        var parser = FFmpegProgress.Parser()
        let lines = [
            "frame=120", "fps=25.02", "stream_0_0_q=23.0", "bitrate= 800.1kbits/s", "out_time_us=4800000",
            "out_time_ms=4800000", "out_time=00:00:04.800000", "speed=1.01x", "progress=continue",
            "frame=145", "fps=25.00", "out_time_us=5800000", "progress=end",
        ]
        let reports = lines.compactMap { parser.feed($0) }
        #expect(reports == [
            FFmpegProgress(frame: 120, fps: 25.02, outTimeMs: 4800, speed: "1.01x", ended: false),
            FFmpegProgress(frame: 145, fps: 25.0, outTimeMs: 5800, ended: true),
        ])
        #expect(parser.feed("garbage") == nil)
        #expect(parser.feed("fps=N/A") == nil)
        #expect(parser.feed("progress=continue")?.fps == nil)
    }

    @Test func backoffDoublesToTheMaximum() {
        let backoff = MixerBackoff(initial: .milliseconds(500), maximum: .seconds(10))
        #expect((0...7).map { backoff.delay(afterFailures: $0) } == [
            .zero, .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10),
        ])
        #expect(backoff.delay(afterFailures: 1000) == .seconds(10))
    }
}
