import Foundation

/// Media segment tags and media playlist tags (RFC 8216 sections 4.3.2 and 4.3.3).
extension PlaylistBuilder {
    mutating func handleExtinf(_ value: Bytes, line: Int) throws(PlaylistError) {
        if let previous = segment.extinfLine {
            throw PlaylistError(code: .missingURI, line: previous, message: "EXTINF is not followed by a URI")
        }
        let comma = value.firstIndex(of: ASCII.comma) ?? value.endIndex
        let durationText = value[..<comma].trimmingSpace()
        do throws(NumberError) {
            segment.duration = try NumberParser.decimalFloat(durationText)
        } catch {
            throw PlaylistError(
                code: .invalidNumber, line: line,
                message: "EXTINF: duration must be a finite non-negative number, not \(Text.snippet(durationText))")
        }
        if comma < value.endIndex {
            // SRS writes `#EXTINF:2.023, no desc`; the space is separator, not title.
            let titleText = value[(comma + 1)...].trimmingLeadingSpace()
            if !titleText.isEmpty {
                guard let title = Text.decode(titleText) else {
                    throw PlaylistError(
                        code: .invalidEncoding, line: line,
                        message: "EXTINF: title is not UTF-8 text without control characters")
                }
                segment.title = title
            }
        }
        segment.extinfLine = line
    }

    mutating func appendSegment(uri: String, line: Int) throws(PlaylistError) {
        guard media.segments.count < limits.maxSegments else {
            throw PlaylistError(
                code: .tooManySegments, line: line,
                message: "more than the limit of \(limits.maxSegments) segments")
        }
        if segment.discontinuity { discontinuities += 1 }
        let (first, overflow1) = media.mediaSequence.addingReportingOverflow(media.skip?.skippedSegments ?? 0)
        let (sequence, overflow2) = first.addingReportingOverflow(media.segments.count)
        let (discontinuitySequence, overflow3) = media.discontinuitySequence.addingReportingOverflow(discontinuities)
        guard !overflow1, !overflow2, !overflow3 else {
            throw PlaylistError(code: .invalidNumber, line: line, message: "sequence number overflows")
        }
        media.segments.append(MediaSegment(
            uri: uri, resolvedURI: resolve(uri), duration: segment.duration, title: segment.title,
            sequenceNumber: sequence, discontinuitySequence: discontinuitySequence,
            discontinuity: segment.discontinuity, byteRange: segment.byteRange, keys: keys, map: map,
            programDateTime: segment.programDateTime, dateRanges: segment.dateRanges,
            gap: segment.gap, bitrate: bitrate, parts: segment.parts, line: segment.extinfLine ?? line))
        segment = PendingSegment()
    }

    mutating func handleByteRange(_ value: Bytes, line: Int) throws(PlaylistError) {
        do throws(NumberError) {
            segment.byteRange = try NumberParser.byteRange(value)
        } catch {
            throw PlaylistError(
                code: .invalidNumber, line: line,
                message: "EXT-X-BYTERANGE: expected <n>[@<o>], not \(Text.snippet(value))")
        }
    }

    mutating func handleProgramDateTime(_ value: Bytes, line: Int) throws(PlaylistError) {
        guard let date = DateParser.parse(value) else {
            throw PlaylistError(
                code: .invalidDate, line: line,
                message: "EXT-X-PROGRAM-DATE-TIME: not an ISO 8601 date-time: \(Text.snippet(value))")
        }
        segment.programDateTime = date
    }

    mutating func handleKey(_ attributes: AttributeList) throws(PlaylistError) {
        let key = try encryptionKey(attributes)
        // METHOD=NONE ends encryption whatever the key format.
        if key.method == .none {
            keys.removeAll()
            return
        }
        if let index = keys.firstIndex(where: { $0.keyFormat ?? "identity" == key.keyFormat ?? "identity" }) {
            keys[index] = key
        } else {
            guard keys.count < limits.maxConcurrentKeys else {
                throw attributes.error(.tooManyKeys, "more than \(limits.maxConcurrentKeys) key formats at once")
            }
            keys.append(key)
        }
    }

    /// EXT-X-KEY and EXT-X-SESSION-KEY share their attributes.
    func encryptionKey(_ attributes: AttributeList) throws(PlaylistError) -> EncryptionKey {
        let method = try attributes.required("METHOD") { name throws(PlaylistError) in
            try attributes.enumeration(name, as: EncryptionMethod.self)
        }
        let uri = try attributes.quotedString("URI")
        if method != .none, uri == nil {
            throw attributes.error(.missingAttribute, "URI is required unless METHOD is NONE")
        }
        return EncryptionKey(
            method: method, uri: uri, resolvedURI: uri.flatMap(resolve),
            iv: try attributes.hexSequence("IV"), keyFormat: try attributes.quotedString("KEYFORMAT"),
            keyFormatVersions: try attributes.quotedString("KEYFORMATVERSIONS"), line: attributes.line)
    }

    mutating func handleMap(_ attributes: AttributeList) throws(PlaylistError) {
        let uri = try attributes.required("URI", attributes.quotedString)
        map = InitializationSection(
            uri: uri, resolvedURI: resolve(uri), byteRange: try attributes.byteRange("BYTERANGE"),
            line: attributes.line)
    }

    func dateRange(_ attributes: AttributeList) throws(PlaylistError) -> DateRange {
        func date(_ name: String) throws(PlaylistError) -> Date? {
            guard let text = try attributes.quotedString(name) else { return nil }
            guard let date = DateParser.parse(Array(text.utf8)[...]) else {
                throw attributes.error(.invalidDate, "\(name) is not an ISO 8601 date-time: '\(text)'")
            }
            return date
        }
        var endOnNext = false
        if let value = try attributes.enumeratedString("END-ON-NEXT") {
            guard value == "YES" else { throw attributes.error(.invalidAttribute, "END-ON-NEXT must be YES") }
            endOnNext = true
        }
        return DateRange(
            id: try attributes.required("ID", attributes.quotedString),
            dateRangeClass: try attributes.quotedString("CLASS"), startDate: try date("START-DATE"),
            cue: try attributes.quotedString("CUE"), endDate: try date("END-DATE"),
            duration: try attributes.decimalFloat("DURATION"),
            plannedDuration: try attributes.decimalFloat("PLANNED-DURATION"), endOnNext: endOnNext,
            scte35Command: try attributes.hexSequence("SCTE35-CMD"),
            scte35Out: try attributes.hexSequence("SCTE35-OUT"),
            scte35In: try attributes.hexSequence("SCTE35-IN"),
            clientAttributes: try attributes.clientAttributes(), line: attributes.line)
    }

    /// EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE number the segments that
    /// follow, so they are rejected after the first segment rather than silently ignored.
    mutating func handleSequence(_ tag: TagName, _ value: Bytes, line: Int) throws(PlaylistError) {
        guard media.segments.isEmpty, segment.extinfLine == nil else {
            throw PlaylistError(
                code: .misplacedTag, line: line, message: "\(tag.rawValue) must appear before the first segment")
        }
        let number = try integer(value, tag, line)
        if tag == .mediaSequence {
            media.mediaSequence = number
        } else {
            media.discontinuitySequence = number
        }
    }

    mutating func handlePlaylistType(_ value: Bytes, line: Int) throws(PlaylistError) {
        if value.equals("EVENT") {
            media.playlistType = .event
        } else if value.equals("VOD") {
            media.playlistType = .vod
        } else {
            throw PlaylistError(
                code: .invalidTag, line: line,
                message: "EXT-X-PLAYLIST-TYPE must be EVENT or VOD, not \(Text.snippet(value))")
        }
    }
}
