/// Low-Latency HLS tags (RFC 8216bis section 4.4).
extension PlaylistBuilder {
    mutating func handleServerControl(_ attributes: AttributeList) throws(PlaylistError) {
        media.serverControl = ServerControl(
            canSkipUntil: try attributes.decimalFloat("CAN-SKIP-UNTIL"),
            canSkipDateRanges: try yesOnly(attributes, "CAN-SKIP-DATERANGES"),
            holdBack: try attributes.decimalFloat("HOLD-BACK"),
            partHoldBack: try attributes.decimalFloat("PART-HOLD-BACK"),
            canBlockReload: try yesOnly(attributes, "CAN-BLOCK-RELOAD"), line: attributes.line)
    }

    mutating func handlePartInf(_ attributes: AttributeList) throws(PlaylistError) {
        media.partInf = PartInformation(
            partTarget: try attributes.required("PART-TARGET", attributes.decimalFloat),
            line: attributes.line)
    }

    mutating func handlePart(_ attributes: AttributeList) throws(PlaylistError) {
        let uri = try attributes.required("URI", attributes.quotedString)
        segment.parts.append(PartialSegment(
            uri: uri, resolvedURI: resolve(uri),
            duration: try attributes.required("DURATION", attributes.decimalFloat),
            independent: try yesOnly(attributes, "INDEPENDENT"),
            byteRange: try attributes.byteRange("BYTERANGE"), gap: try yesOnly(attributes, "GAP"),
            line: attributes.line))
    }

    mutating func handlePreloadHint(_ attributes: AttributeList) throws(PlaylistError) {
        let type = try attributes.required("TYPE") { name throws(PlaylistError) in
            try attributes.enumeration(name, as: PreloadHint.HintType.self)
        }
        let uri = try attributes.required("URI", attributes.quotedString)
        media.preloadHints.append(PreloadHint(
            type: type, uri: uri, resolvedURI: resolve(uri),
            byteRangeStart: try attributes.decimalInteger("BYTERANGE-START"),
            byteRangeLength: try attributes.decimalInteger("BYTERANGE-LENGTH"), line: attributes.line))
    }

    mutating func handleRenditionReport(_ attributes: AttributeList) throws(PlaylistError) {
        let uri = try attributes.required("URI", attributes.quotedString)
        media.renditionReports.append(RenditionReport(
            uri: uri, resolvedURI: resolve(uri), lastMediaSequence: try attributes.decimalInteger("LAST-MSN"),
            lastPart: try attributes.decimalInteger("LAST-PART"), line: attributes.line))
    }

    /// EXT-X-SKIP stands in for the first segments, so it must come before any of them.
    mutating func handleSkip(_ attributes: AttributeList) throws(PlaylistError) {
        guard media.segments.isEmpty, segment.extinfLine == nil else {
            throw attributes.error(.misplacedTag, "must appear before the first segment")
        }
        let removed = try attributes.quotedString("RECENTLY-REMOVED-DATERANGES")
        media.skip = SkipInformation(
            skippedSegments: try attributes.required("SKIPPED-SEGMENTS", attributes.decimalInteger),
            recentlyRemovedDateRanges: removed.map { $0.split(separator: "\t").map(String.init) } ?? [],
            line: attributes.line)
    }

    /// Attributes whose only valid value is YES; absence means NO.
    private func yesOnly(_ attributes: AttributeList, _ name: String) throws(PlaylistError) -> Bool {
        guard let value = try attributes.flag(name) else { return false }
        return value
    }
}
