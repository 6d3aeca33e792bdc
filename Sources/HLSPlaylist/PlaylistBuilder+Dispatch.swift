/// Tag lines: name lookup, the master/media decision, and dispatch to the handlers in the
/// other `PlaylistBuilder+…` files.
extension PlaylistBuilder {
    mutating func handleTagLine(_ text: Bytes, line: Int) throws(PlaylistError) {
        let body = text.dropFirst()
        let colon = body.firstIndex(of: ASCII.colon)
        let nameBytes = body[..<(colon ?? body.endIndex)]
        let value = colon.map { body[($0 + 1)...] }
        // EXTINF is most lines of a large playlist; skip the generic name lookup for it.
        let known = nameBytes.equals("EXTINF")
            ? TagName.extinf : TagName(rawValue: String(decoding: nameBytes, as: UTF8.self))
        guard let tag = known else {
            // Lossy decoding: the RFC says unknown tags are ignored, so their bytes must not
            // be able to fail the parse.
            unknownTags.append(UnknownTag(
                name: String(decoding: nameBytes, as: UTF8.self),
                value: value.map { String(decoding: $0, as: UTF8.self) }, line: line))
            return
        }
        switch tag.scope {
        case .media: try claim(.media, tag, line: line)
        case .master: try claim(.master, tag, line: line)
        case .either: break
        }
        try handle(tag, value: value, line: line)
    }

    private mutating func handle(_ tag: TagName, value: Bytes?, line: Int) throws(PlaylistError) {
        if tag.mayAppearOnlyOnce, !seenOnceTags.insert(tag).inserted {
            throw PlaylistError(
                code: .duplicateTag, line: line, message: "\(tag.rawValue) appears more than once")
        }
        switch tag {
        case .extinf: try handleExtinf(try required(value, tag, line), line: line)
        case .programDateTime: try handleProgramDateTime(try required(value, tag, line), line: line)
        case .part: try handlePart(try attributes(value, tag, line))
        case .byteRange: try handleByteRange(try required(value, tag, line), line: line)
        case .discontinuity: segment.discontinuity = true
        case .key: try handleKey(try attributes(value, tag, line))
        case .map: try handleMap(try attributes(value, tag, line))
        case .dateRange: segment.dateRanges.append(try dateRange(try attributes(value, tag, line)))
        case .gap: segment.gap = true
        case .bitrate: bitrate = try integer(try required(value, tag, line), tag, line)
        case .extm3u: break  // A repeated header is harmless.
        case .version: version = try integer(try required(value, tag, line), tag, line)
        case .independentSegments: independentSegments = true
        case .start: try handleStart(try attributes(value, tag, line))
        case .define: try handleDefine(try attributes(value, tag, line))
        case .targetDuration:
            media.targetDuration = try integer(try required(value, tag, line), tag, line)
        case .mediaSequence, .discontinuitySequence:
            try handleSequence(tag, try required(value, tag, line), line: line)
        case .endList: media.hasEndList = true
        case .playlistType: try handlePlaylistType(try required(value, tag, line), line: line)
        case .iFramesOnly: media.iFramesOnly = true
        case .serverControl: try handleServerControl(try attributes(value, tag, line))
        case .partInf: try handlePartInf(try attributes(value, tag, line))
        case .preloadHint: try handlePreloadHint(try attributes(value, tag, line))
        case .renditionReport: try handleRenditionReport(try attributes(value, tag, line))
        case .skip: try handleSkip(try attributes(value, tag, line))
        case .media: try handleMedia(try attributes(value, tag, line))
        case .streamInf: try handleStreamInf(try attributes(value, tag, line))
        case .iFrameStreamInf: try handleIFrameStreamInf(try attributes(value, tag, line))
        case .sessionData: try handleSessionData(try attributes(value, tag, line))
        case .sessionKey: try handleSessionKey(try attributes(value, tag, line))
        case .contentSteering: try handleContentSteering(try attributes(value, tag, line))
        }
    }

    /// Records which kind of playlist this is, failing when tags of both kinds appear.
    private mutating func claim(_ claimed: Kind, _ tag: TagName, line: Int) throws(PlaylistError) {
        guard let kind else {
            kind = claimed
            kindLine = line
            return
        }
        guard kind == claimed else {
            let other = kind == .master ? "master" : "media"
            throw PlaylistError(
                code: .mixedPlaylist, line: line,
                message: "\(tag.rawValue) cannot appear in a \(other) playlist (\(other) playlist tag on line \(kindLine))")
        }
    }
}
