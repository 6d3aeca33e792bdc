import SidecarCore

/// The ffmpeg command line of one mixer: two inputs (the host's and the guest's RTMP
/// streams, or a placeholder picture and silence for one that is not live), composed side
/// by side or picture-in-picture at the spec's size, the audio mixed, H.264 + AAC published
/// over RTMP, and machine-readable progress on stdout.
///
/// Pure: the arguments are a value the tests compare. The URLs carry the mixer's credential,
/// so the arguments are never logged.
public enum FFmpegMixCommand {
    /// Frames per second of the mix; a keyframe every two seconds.
    public static let fps = 25
    /// A placeholder's picture: dark grey.
    static let placeholderColor = "0x202020"
    /// How long a read from an RTMP input may block before ffmpeg gives up (µs).
    static let readTimeoutMicroseconds = 5_000_000

    public static func arguments(_ spec: MixerSpec) -> [String] {
        var arguments = ["-nostdin", "-hide_banner", "-loglevel", "warning", "-nostats", "-progress", "pipe:1"]
        // Input indexes of each side's video and audio.
        var next = 0
        func input(live: Bool, url: String) -> (video: String, audio: String) {
            if live {
                arguments += [
                    "-rw_timeout", "\(readTimeoutMicroseconds)", "-fflags", "nobuffer", "-analyzeduration", "2000000",
                    "-i", url,
                ]
                defer { next += 1 }
                return ("\(next):v:0", "\(next):a:0")
            }
            // A generated source runs as fast as it is read unless held to real time (-re).
            arguments += [
                "-re", "-f", "lavfi", "-i", "color=c=\(placeholderColor):s=\(spec.width)x\(spec.height):r=\(fps)",
                "-re", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo",
            ]
            defer { next += 2 }
            return ("\(next):v:0", "\(next + 1):a:0")
        }
        let host = input(live: spec.hostLive, url: spec.hostURL)
        let guest = input(live: spec.guestLive, url: spec.guestURL)
        arguments += ["-filter_complex", filterGraph(spec, host: host, guest: guest)]
        let kbps = max(300, spec.width * spec.height * 3 / 1000)
        arguments += [
            "-map", "[v]", "-map", "[a]",
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-r", "\(fps)", "-g", "\(fps * 2)", "-keyint_min", "\(fps * 2)", "-sc_threshold", "0",
            "-b:v", "\(kbps)k", "-maxrate", "\(kbps)k", "-bufsize", "\(kbps * 2)k",
            "-c:a", "aac", "-b:a", "128k", "-ar", "44100", "-ac", "2",
            "-f", "flv", spec.outputURL,
        ]
        return arguments
    }

    /// `[<host video>]...[v]` and `[<host audio>][<guest audio>]amix...[a]`.
    static func filterGraph(_ spec: MixerSpec, host: (video: String, audio: String), guest: (video: String, audio: String)) -> String {
        let (width, height) = (spec.width, spec.height)
        var chains: [String]
        switch spec.layout {
        case .sideBySide:
            // Two even halves, so the frame stays even for yuv420p whatever the width.
            let left = (width / 2) & ~1
            let right = width - left
            chains = [
                "[\(host.video)]\(fit(left, height))[vh]",
                "[\(guest.video)]\(fit(right, height))[vg]",
                "[vh][vg]hstack=inputs=2[v]",
            ]
        case .pictureInPicture:
            let insetWidth = (width / 4) & ~1
            let insetHeight = (height / 4) & ~1
            let margin = max(2, (width / 80) & ~1)
            chains = [
                "[\(host.video)]\(fit(width, height))[vh]",
                "[\(guest.video)]\(fit(insetWidth, insetHeight))[vg]",
                "[vh][vg]overlay=x=W-w-\(margin):y=H-h-\(margin):eof_action=repeat[v]",
            ]
        }
        let audio = "aresample=44100,aformat=sample_fmts=fltp:channel_layouts=stereo"
        chains += [
            "[\(host.audio)]\(audio)[ah]",
            "[\(guest.audio)]\(audio)[ag]",
            "[ah][ag]amix=inputs=2:duration=longest:dropout_transition=0[a]",
        ]
        return chains.joined(separator: ";")
    }

    /// Scales into `width`×`height` keeping the aspect ratio, pads the rest, at the mix's rate.
    static func fit(_ width: Int, _ height: Int) -> String {
        "scale=w=\(width):h=\(height):force_original_aspect_ratio=decrease:force_divisible_by=2,"
            + "pad=\(width):\(height):(ow-iw)/2:(oh-ih)/2:color=\(placeholderColor),setsar=1,fps=\(fps),format=yuv420p"
    }
}
