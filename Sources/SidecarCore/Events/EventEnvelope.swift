import Foundation

/// An event as the platform receives it, in a webhook's body and in an event stream's `data`:
///
///     {"id":42,"type":"room.live","timestamp":"2026-11-23T10:00:00.123Z",
///      "roomId":"r1","sequence":7,"data":{...}}
///
/// `type`/`timestamp`/`data` follow the Standard Webhooks payload convention. `id` is the
/// outbox id (also the stream's `Last-Event-ID`); `sequence` increases by one per event of
/// the same room, so a receiver can tell a gap or an old event from a new one.
public enum EventEnvelope {
    /// Built by hand around the stored payload: it is already JSON (encoded by `EventDraft`),
    /// and re-encoding it per delivery would cost more than the delivery's own work.
    public static func json(_ event: StoredEvent) -> Data {
        var out = Data()
        out.reserveCapacity(event.payload.count + 160)
        out.append(contentsOf: #"{"id":\#(event.id),"type":"#.utf8)
        out.append(quoted(event.type))
        out.append(contentsOf: #","timestamp":""#.utf8)
        out.append(contentsOf: event.time.formatted(timestampStyle).utf8)
        out.append(contentsOf: #"","roomId":"#.utf8)
        if let roomId = event.roomId { out.append(quoted(roomId)) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","sequence":\#(event.sequence),"data":"#.utf8)
        out.append(event.payload.isEmpty ? Data("{}".utf8) : event.payload)
        out.append(contentsOf: "}".utf8)
        return out
    }

    /// UTC with milliseconds: `2026-11-23T10:00:00.123Z`.
    public static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Event types and room ids are plain identifiers (see `Identifiers`); anything else is
    /// escaped by JSONEncoder rather than trusted.
    private static func quoted(_ text: String) -> Data {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return Data("\"\(text)\"".utf8)
        }
        return (try? JSONEncoder().encode(text)) ?? Data(#""""#.utf8)
    }
}
