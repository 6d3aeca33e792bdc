import Foundation

/// What checking the newest segment concluded.
struct SegmentOutcome {
    var reason: ReadinessReason?
    var message: String
    var segment: SegmentReport?
}

extension ReadinessProbe {
    /// Fetches the newest segment (with its EXT-X-MAP init section for fMP4) and inspects it
    /// in memory: it must have video (unless audio-only is allowed) and start with a keyframe
    /// that decodes, because that is where a player joining now begins.
    func checkNewestSegment(of media: MediaPlaylist, options: ProbeOptions, log: inout [FetchReport]) async -> SegmentOutcome {
        // A GAP segment has no media by definition; a player skips it, so does the probe.
        guard let segment = media.segments.last(where: { !$0.gap }) else {
            return SegmentOutcome(reason: .tooFewSegments, message: "every listed segment is a gap")
        }
        guard let url = segment.url else {
            return SegmentOutcome(reason: .playlistInvalid, message: "line \(segment.line): segment URI \"\(segment.uri)\" cannot be resolved")
        }
        if segment.keys.contains(where: { $0.method != .none }) {
            return SegmentOutcome(reason: .segmentEncrypted, message: "segment \(segment.sequenceNumber) is encrypted; its media was not inspected")
        }
        var initSection: [UInt8]?
        if let map = segment.map {
            guard let mapURL = map.url else {
                return SegmentOutcome(reason: .playlistInvalid, message: "EXT-X-MAP URI \"\(map.uri)\" cannot be resolved")
            }
            switch await fetch(mapURL, as: .initSection, maxBytes: options.maxSegmentBytes, range: map.byteRange.flatMap(\.closedRange), log: &log) {
            case .failure(let failure): return SegmentOutcome(reason: failure.reason, message: failure.message)
            case .success(let response): initSection = response.body
            }
        }
        let body: [UInt8]
        switch await fetch(url, as: .segment, maxBytes: options.maxSegmentBytes, range: segment.byteRange.flatMap(\.closedRange), log: &log) {
        case .failure(let failure): return SegmentOutcome(reason: failure.reason, message: failure.message)
        case .success(let response): body = response.body
        }
        let info: MediaInfo
        do {
            if let initSection {
                info = try await inspector.inspectAsync(initSection: initSection, fragment: body)
            } else {
                info = try await inspector.inspectAsync(bytes: body)
            }
        } catch {
            return SegmentOutcome(reason: .segmentUnreadable, message: "segment \(segment.sequenceNumber) (\(url.absoluteString)): \(error)")
        }
        let report = SegmentReport(segment: segment, url: url, bytes: body.count, info: info)
        return judge(report, options: options)
    }

    private func judge(_ report: SegmentReport, options: ProbeOptions) -> SegmentOutcome {
        let name = "segment \(report.sequenceNumber)"
        guard let video = report.video else {
            if options.allowAudioOnly && report.audio != nil {
                return SegmentOutcome(reason: nil, message: "ready: \(name) has audio only (allowed)", segment: report)
            }
            return SegmentOutcome(reason: .noVideo, message: "\(name) has no video stream", segment: report)
        }
        guard report.startsWithKeyframe else {
            return SegmentOutcome(reason: .keyframeMissing, message: "\(name) does not start with a keyframe: a player cannot start on it", segment: report)
        }
        if report.decodes == false {
            let detail = report.media.video?.decodeError.map { ": \($0)" } ?? ""
            return SegmentOutcome(reason: .keyframeUndecodable, message: "\(name)'s first keyframe does not decode\(detail)", segment: report)
        }
        let size = video.width.flatMap { w in video.height.map { "\(w)x\($0)" } } ?? "unknown size"
        let rate = video.frameRate.map { String(format: " %.3g fps", $0) } ?? ""
        return SegmentOutcome(
            reason: nil,
            message: String(format: "ready: %@ (%.3f s, %@ %@%@) starts with a decodable keyframe", name, report.duration, video.codec, size, rate),
            segment: report
        )
    }
}

extension SegmentReport {
    init(segment: MediaSegment, url: URL, bytes: Int, info: MediaInfo) {
        let video = info.streams.first { $0.type == .video }
        let audio = info.streams.first { $0.type == .audio }
        self.init(
            uri: segment.uri, url: url.absoluteString, sequenceNumber: segment.sequenceNumber,
            duration: segment.duration, bytes: bytes,
            startsWithKeyframe: info.video?.firstFrameIsKeyframe ?? false,
            decodes: info.video?.firstKeyframeDecodes,
            video: video.map {
                VideoSummary(
                    codec: $0.codec, profile: $0.profile, level: $0.level, width: $0.width, height: $0.height,
                    frameRate: $0.frameRate, pixelFormat: $0.pixelFormat)
            },
            audio: audio.map { AudioSummary(codec: $0.codec, sampleRate: $0.sampleRate, channels: $0.channels) },
            media: info
        )
    }
}

extension ByteRange {
    /// The HTTP range of a sub-range with a known offset. Without one (it continues the
    /// previous sub-range) the whole resource is fetched instead: still inspectable, just larger.
    var closedRange: ClosedRange<Int>? {
        guard let offset, length > 0 else { return nil }
        return offset...(offset + length - 1)
    }
}
