/// Tags allowed in both master and media playlists.
extension PlaylistBuilder {
    mutating func handleStart(_ attributes: AttributeList) throws(PlaylistError) {
        start = StartPoint(
            timeOffset: try attributes.required("TIME-OFFSET", attributes.signedDecimalFloat),
            precise: try attributes.flag("PRECISE") ?? false, line: attributes.line)
    }

    /// EXT-X-DEFINE has three forms: NAME with VALUE, IMPORT, or QUERYPARAM.
    mutating func handleDefine(_ attributes: AttributeList) throws(PlaylistError) {
        let name = try attributes.quotedString("NAME")
        let imported = try attributes.quotedString("IMPORT")
        let queryParameter = try attributes.quotedString("QUERYPARAM")
        let definition: VariableDefinition
        switch (name, imported, queryParameter) {
        case (let name?, nil, nil):
            let value = try attributes.required("VALUE", attributes.quotedString)
            definition = VariableDefinition(kind: .value, name: name, value: value, line: attributes.line)
        case (nil, let name?, nil):
            definition = VariableDefinition(kind: .import, name: name, value: nil, line: attributes.line)
        case (nil, nil, let name?):
            definition = VariableDefinition(kind: .queryParameter, name: name, value: nil, line: attributes.line)
        default:
            throw attributes.error(.invalidAttribute, "exactly one of NAME, IMPORT and QUERYPARAM is required")
        }
        defines.append(definition)
    }
}
