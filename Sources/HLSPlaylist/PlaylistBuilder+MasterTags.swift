/// Master playlist tags (RFC 8216 section 4.3.4, with RFC 8216bis additions).
extension PlaylistBuilder {
    mutating func handleMedia(_ attributes: AttributeList) throws(PlaylistError) {
        let type = try attributes.required("TYPE") { name throws(PlaylistError) in
            try attributes.enumeration(name, as: Rendition.MediaType.self)
        }
        let instreamID = try attributes.quotedString("INSTREAM-ID")
        if type == .closedCaptions, instreamID == nil {
            throw attributes.error(.missingAttribute, "INSTREAM-ID is required when TYPE is CLOSED-CAPTIONS")
        }
        let uri = try attributes.quotedString("URI")
        master.renditions.append(Rendition(
            type: type, groupID: try attributes.required("GROUP-ID", attributes.quotedString),
            name: try attributes.required("NAME", attributes.quotedString),
            language: try attributes.quotedString("LANGUAGE"),
            assocLanguage: try attributes.quotedString("ASSOC-LANGUAGE"),
            stableRenditionID: try attributes.quotedString("STABLE-RENDITION-ID"), uri: uri,
            resolvedURI: uri.flatMap(resolve), isDefault: try attributes.flag("DEFAULT") ?? false,
            autoselect: try attributes.flag("AUTOSELECT") ?? false,
            forced: try attributes.flag("FORCED") ?? false, instreamID: instreamID,
            characteristics: try attributes.quotedString("CHARACTERISTICS"),
            channels: try attributes.quotedString("CHANNELS"),
            bitDepth: try attributes.decimalInteger("BIT-DEPTH"),
            sampleRate: try attributes.decimalInteger("SAMPLE-RATE"), line: attributes.line))
    }

    mutating func handleStreamInf(_ attributes: AttributeList) throws(PlaylistError) {
        if let previous = pendingVariant {
            throw PlaylistError(
                code: .missingURI, line: previous.line, message: "EXT-X-STREAM-INF is not followed by a URI")
        }
        // The URI comes on the next URI line; handleURILine completes the variant.
        pendingVariant = try variant(attributes, uri: "")
    }

    mutating func handleIFrameStreamInf(_ attributes: AttributeList) throws(PlaylistError) {
        let uri = try attributes.required("URI", attributes.quotedString)
        master.iFrameVariants.append(try variant(attributes, uri: uri))
    }

    mutating func handleSessionData(_ attributes: AttributeList) throws(PlaylistError) {
        let value = try attributes.quotedString("VALUE")
        let uri = try attributes.quotedString("URI")
        guard (value == nil) != (uri == nil) else {
            throw attributes.error(.invalidAttribute, "exactly one of VALUE and URI is required")
        }
        master.sessionData.append(SessionData(
            dataID: try attributes.required("DATA-ID", attributes.quotedString), value: value,
            uri: uri, resolvedURI: uri.flatMap(resolve),
            format: try attributes.enumeratedString("FORMAT"),
            language: try attributes.quotedString("LANGUAGE"), line: attributes.line))
    }

    mutating func handleSessionKey(_ attributes: AttributeList) throws(PlaylistError) {
        master.sessionKeys.append(try encryptionKey(attributes))
    }

    mutating func handleContentSteering(_ attributes: AttributeList) throws(PlaylistError) {
        let uri = try attributes.required("SERVER-URI", attributes.quotedString)
        master.contentSteering = ContentSteering(
            serverURI: uri, resolvedServerURI: resolve(uri),
            pathwayID: try attributes.quotedString("PATHWAY-ID"), line: attributes.line)
    }

    /// EXT-X-STREAM-INF and EXT-X-I-FRAME-STREAM-INF share most attributes; the ones that
    /// make no sense for I-frame variants (FRAME-RATE, AUDIO, SUBTITLES, CLOSED-CAPTIONS) are
    /// simply never present there.
    private func variant(_ attributes: AttributeList, uri: String) throws(PlaylistError) -> VariantStream {
        var closedCaptions: String?
        var closedCaptionsNone = false
        switch attributes["CLOSED-CAPTIONS"] {
        case nil: break
        case .quoted(let bytes): closedCaptions = try attributes.decode(bytes, "CLOSED-CAPTIONS")
        case .unquoted(let bytes):
            guard bytes.equals("NONE") else {
                throw attributes.error(.invalidAttribute, "CLOSED-CAPTIONS must be a quoted-string or NONE")
            }
            closedCaptionsNone = true
        }
        return VariantStream(
            uri: uri, resolvedURI: uri.isEmpty ? nil : resolve(uri),
            bandwidth: try attributes.required("BANDWIDTH", attributes.decimalInteger),
            averageBandwidth: try attributes.decimalInteger("AVERAGE-BANDWIDTH"),
            score: try attributes.decimalFloat("SCORE"), codecs: try attributes.quotedString("CODECS"),
            supplementalCodecs: try attributes.quotedString("SUPPLEMENTAL-CODECS"),
            resolution: try attributes.resolution("RESOLUTION"),
            frameRate: try attributes.decimalFloat("FRAME-RATE"),
            hdcpLevel: try attributes.enumeratedString("HDCP-LEVEL"),
            allowedCPC: try attributes.quotedString("ALLOWED-CPC"),
            videoRange: try attributes.enumeratedString("VIDEO-RANGE"),
            requiredVideoLayout: try attributes.quotedString("REQ-VIDEO-LAYOUT"),
            stableVariantID: try attributes.quotedString("STABLE-VARIANT-ID"),
            pathwayID: try attributes.quotedString("PATHWAY-ID"), audio: try attributes.quotedString("AUDIO"),
            video: try attributes.quotedString("VIDEO"), subtitles: try attributes.quotedString("SUBTITLES"),
            closedCaptions: closedCaptions, closedCaptionsNone: closedCaptionsNone, line: attributes.line)
    }
}
