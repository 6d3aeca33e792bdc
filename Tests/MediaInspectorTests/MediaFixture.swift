import MediaInspector
import Testing

/// What a media fixture holds, as Fixtures/README.md and ffprobe 5.1 describe it.
struct MediaFixture: Sendable, CustomTestStringConvertible {
    struct Video: Sendable {
        var index: Int
        var profile: String
        var level: Int
        var width: Int
        var height: Int
        var frameRate: Double
        var pixelFormat: String
        var packets: Int
        /// Keyframe presentation times in seconds (ffprobe `pts_time` of `K_` packets).
        var keyframeTimes: [Double]
        var startsOnKeyframe: Bool
    }

    struct Audio: Sendable {
        var index: Int
        var sampleRate: Int
        var channels: Int
        var packets: Int
    }

    var path: String
    var format: String
    /// Seconds; from ffprobe's format duration where that is computed from packets (MPEG-TS).
    var duration: Double
    var startTime: Double?
    var video: Video?
    var audio: Audio?

    var testDescription: String { path }

    static let mov = "mov,mp4,m4a,3gp,3g2,mj2"
}

extension MediaFixture {
    /// A 1 s segment from Fixtures/generate.sh: H.264 High 30 fps + AAC LC 48 kHz mono, video
    /// stream 0 starting (as a keyframe) at `keyframe` seconds.
    static func generated(
        _ path: String, keyframe: Double, audioPackets: Int, duration: Double, startTime: Double,
        width: Int = 320, height: Int = 180, level: Int = 13
    ) -> MediaFixture {
        MediaFixture(
            path: path, format: "mpegts", duration: duration, startTime: startTime,
            video: Video(
                index: 0, profile: "High", level: level, width: width, height: height, frameRate: 30,
                pixelFormat: "yuv420p", packets: 30, keyframeTimes: [keyframe], startsOnKeyframe: true),
            audio: Audio(index: 1, sampleRate: 48000, channels: 1, packets: audioPackets))
    }

    /// A real SRS segment: audio is stream 0, video (High 4:4:4 Predictive, yuv444p) stream 1.
    static func srs(
        _ path: String, keyframe: Double, audioPackets: Int, duration: Double, startTime: Double,
        width: Int = 320, height: Int = 180, level: Int = 12, frameRate: Double = 25, videoPackets: Int = 50
    ) -> MediaFixture {
        MediaFixture(
            path: path, format: "mpegts", duration: duration, startTime: startTime,
            video: Video(
                index: 1, profile: "High 4:4:4 Predictive", level: level, width: width, height: height,
                frameRate: frameRate, pixelFormat: "yuv444p", packets: videoPackets, keyframeTimes: [keyframe],
                startsOnKeyframe: true),
            audio: Audio(index: 0, sampleRate: 44100, channels: 1, packets: audioPackets))
    }

    static let liveSegments: [MediaFixture] = [
        generated("hls/live/seg-0.ts", keyframe: 1.466667, audioPackets: 45, duration: 1.021334, startTime: 1.445333),
        generated("hls/live/seg-1.ts", keyframe: 2.466667, audioPackets: 47, duration: 1.061334, startTime: 2.405333),
        generated("hls/live/seg-2.ts", keyframe: 3.466667, audioPackets: 47, duration: 1.058667, startTime: 3.408000),
        generated("hls/live/seg-3.ts", keyframe: 4.466667, audioPackets: 47, duration: 1.056000, startTime: 4.410667),
        generated("hls/live/seg-4.ts", keyframe: 5.466667, audioPackets: 47, duration: 1.053334, startTime: 5.413333),
        generated("hls/live/seg-5.ts", keyframe: 6.466667, audioPackets: 50, duration: 1.050667, startTime: 6.416000),
    ]

    static let vodAndVariantSegments: [MediaFixture] = [
        generated("hls/vod/seg-0.ts", keyframe: 1.466667, audioPackets: 45, duration: 1.021334, startTime: 1.445333),
        generated("hls/vod/seg-1.ts", keyframe: 2.466667, audioPackets: 47, duration: 1.061334, startTime: 2.405333),
        generated("hls/vod/seg-2.ts", keyframe: 3.466667, audioPackets: 50, duration: 1.058667, startTime: 3.408000),
        generated(
            "hls/master/v0/seg-0.ts", keyframe: 1.466667, audioPackets: 45, duration: 1.021334, startTime: 1.445333),
        generated(
            "hls/master/v0/seg-1.ts", keyframe: 2.466667, audioPackets: 47, duration: 1.061334, startTime: 2.405333),
        generated(
            "hls/master/v0/seg-2.ts", keyframe: 3.466667, audioPackets: 50, duration: 1.058667, startTime: 3.408000),
        generated(
            "hls/master/v1/seg-0.ts", keyframe: 1.466667, audioPackets: 45, duration: 1.021334, startTime: 1.445333,
            width: 160, height: 90, level: 11),
        generated(
            "hls/master/v1/seg-1.ts", keyframe: 2.466667, audioPackets: 47, duration: 1.061334, startTime: 2.405333,
            width: 160, height: 90, level: 11),
        generated(
            "hls/master/v1/seg-2.ts", keyframe: 3.466667, audioPackets: 50, duration: 1.058667, startTime: 3.408000,
            width: 160, height: 90, level: 11),
    ]

    /// AAC-only TS. ffprobe says 0.746667 s (it misses the durations of the frames after the
    /// first in each PES); the packets span 47 × 1024 / 48000 = 1.002667 s, the playlist's EXTINF.
    static let audioOnlySegments: [MediaFixture] = [1.4, 2.402667, 3.405333].enumerated().map {
        number, start in
        MediaFixture(
            path: "hls/audio-only/seg-\(number).ts", format: "mpegts", duration: 1.002667, startTime: start,
            video: nil, audio: Audio(index: 0, sampleRate: 48000, channels: 1, packets: 47))
    }

    /// Segments cut regardless of keyframes (SPS/PPS repeated in every packet).
    static let noKeyframeSegments: [MediaFixture] = [
        MediaFixture(
            path: "hls/no-keyframe/seg-1.ts", format: "mpegts", duration: 0.994667, startTime: 2.405333,
            video: Video(
                index: 0, profile: "High", level: 13, width: 320, height: 180, frameRate: 30,
                pixelFormat: "yuv420p", packets: 28, keyframeTimes: [2.966667], startsOnKeyframe: false),
            audio: Audio(index: 1, sampleRate: 48000, channels: 1, packets: 44)),
        MediaFixture(
            path: "hls/no-keyframe/seg-2.ts", format: "mpegts", duration: 1.122667, startTime: 3.344,
            video: Video(
                index: 0, profile: "High", level: 13, width: 320, height: 180, frameRate: 30,
                pixelFormat: "yuv420p", packets: 32, keyframeTimes: [], startsOnKeyframe: false),
            audio: Audio(index: 1, sampleRate: 48000, channels: 1, packets: 53)),
    ]

    /// Recordings: ffprobe's durations for FLV/MP4 come from the header; ours from the packets,
    /// which differ by up to 0.04 s (FLV 3.067 vs 3.029, MP4 3.000 vs 3.021 with AAC priming).
    static let recordings: [MediaFixture] = [
        MediaFixture(
            path: "recordings/sample.flv", format: "flv", duration: 3.067, startTime: 0.046,
            video: Video(
                index: 0, profile: "High", level: 13, width: 320, height: 180, frameRate: 30,
                pixelFormat: "yuv420p", packets: 90, keyframeTimes: [0.067, 1.067, 2.067], startsOnKeyframe: true),
            audio: Audio(index: 1, sampleRate: 48000, channels: 1, packets: 142)),
        MediaFixture(
            path: "recordings/sample.mp4", format: mov, duration: 3.0, startTime: nil,
            video: Video(
                index: 0, profile: "High", level: 13, width: 320, height: 180, frameRate: 30,
                pixelFormat: "yuv420p", packets: 90, keyframeTimes: [0, 1, 2], startsOnKeyframe: true),
            audio: Audio(index: 1, sampleRate: 48000, channels: 1, packets: 142)),
        MediaFixture(
            path: "recordings/fragmented.mp4", format: mov, duration: 3.066667, startTime: 0,
            video: Video(
                index: 0, profile: "High", level: 13, width: 320, height: 180, frameRate: 30,
                pixelFormat: "yuv420p", packets: 90, keyframeTimes: [0.066667, 1.066667, 2.066667],
                startsOnKeyframe: true),
            audio: Audio(index: 1, sampleRate: 48000, channels: 1, packets: 142)),
        // Real SRS DVR file: the FLV header announces audio, but there is only video.
        MediaFixture(
            path: "srs/dvr/room2.1795374877671.flv", format: "flv", duration: 4.08, startTime: 0,
            video: Video(
                index: 0, profile: "High 4:4:4 Predictive", level: 12, width: 320, height: 180, frameRate: 25,
                pixelFormat: "yuv444p", packets: 103, keyframeTimes: [0, 2, 4], startsOnKeyframe: true),
            audio: nil),
    ]

    static let srsSegments: [MediaFixture] = [
        srs("srs/sample-0.ts", keyframe: 0.023, audioPackets: 88, duration: 2.043211, startTime: 0),
        srs("srs/sample-1.ts", keyframe: 2.023, audioPackets: 86, duration: 2.017211, startTime: 2.023),
        srs("srs/sample-2.ts", keyframe: 4.023, audioPackets: 86, duration: 2.014211, startTime: 4.023),
        srs(
            "srs/srs6/room1-4.ts", keyframe: 8.067, audioPackets: 86, duration: 2.059333, startTime: 8.008,
            width: 640, height: 360, level: 30, frameRate: 30, videoPackets: 60),
        srs(
            "srs/srs6/room1-5.ts", keyframe: 10.067, audioPackets: 86, duration: 2.062333, startTime: 10.005,
            width: 640, height: 360, level: 30, frameRate: 30, videoPackets: 60),
    ]

    /// Every media file under Fixtures/ that opens on its own (fMP4 fragments, the truncated
    /// segment and the broken files have their own tests).
    static let all: [MediaFixture] =
        liveSegments + vodAndVariantSegments + audioOnlySegments + noKeyframeSegments + recordings + srsSegments
}
