/// A `Range` request header against a file of `size` bytes (RFC 9110 §14).
///
/// One range is served (`bytes=a-b`, `bytes=a-`, `bytes=-n`); a header this server does not
/// use (another unit, several ranges, bad syntax) is ignored and the whole file is sent, as
/// RFC 9110 allows. A well-formed range that starts past the end, or a zero-length suffix,
/// is unsatisfiable (416).
enum ByteRange: Equatable {
    case full
    case partial(ClosedRange<Int64>)
    case unsatisfiable

    static func parse(_ header: String?, size: Int64) -> ByteRange {
        guard let header else { return .full }
        let text = header.trimmingCharacters(in: [" ", "\t"])
        guard text.count <= 200, text.lowercased().hasPrefix("bytes=") else { return .full }
        let spec = text.dropFirst(6).trimmingCharacters(in: [" ", "\t"])
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .full }
        let first = spec[..<dash].trimmingCharacters(in: [" ", "\t"])
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: [" ", "\t"])
        guard first.allSatisfy(\.isASCIIDigit), last.allSatisfy(\.isASCIIDigit), !(first.isEmpty && last.isEmpty) else {
            return .full
        }
        if first.isEmpty {
            // Suffix: the last n bytes.
            guard let count = Int64(last) else { return size > 0 ? .partial(0...(size - 1)) : .unsatisfiable }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - count)...(size - 1))
        }
        guard let start = Int64(first) else { return .unsatisfiable }
        var end = size - 1
        if !last.isEmpty {
            // A last position past the end means "to the end"; one before the first is invalid.
            if let parsed = Int64(last) {
                guard parsed >= start else { return .full }
                end = min(parsed, size - 1)
            }
        }
        guard start < size else { return .unsatisfiable }
        return .partial(start...end)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
