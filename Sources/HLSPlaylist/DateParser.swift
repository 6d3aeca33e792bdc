import Foundation

/// ISO 8601 date-times as HLS uses them (`2010-02-19T14:54:23.031+08:00`).
///
/// Hand-written because `ISO8601DateFormatter` is slow per call, is not `Sendable`, and
/// rejects variants found in the wild (no fraction, `+0800`, missing zone).
package enum DateParser {
    static func parse(_ bytes: Bytes) -> Date? {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.skip(ASCII.minus),
            let month = cursor.digits(2), cursor.skip(ASCII.minus),
            let day = cursor.digits(2)
        else { return nil }
        guard cursor.skip(UInt8(ascii: "T")) || cursor.skip(UInt8(ascii: "t"))
            || cursor.skip(ASCII.space)
        else { return nil }
        guard let hour = cursor.digits(2), cursor.skip(ASCII.colon),
            let minute = cursor.digits(2)
        else { return nil }
        var second = 0
        var fraction = 0.0
        if cursor.skip(ASCII.colon) {
            guard let value = cursor.digits(2) else { return nil }
            second = value
            if cursor.skip(ASCII.dot) || cursor.skip(ASCII.comma) {
                guard let value = cursor.fraction() else { return nil }
                fraction = value
            }
        }
        guard let offset = cursor.zoneOffset(), cursor.atEnd else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    /// Package-visible: HLSProbe's HTTP-date parser uses it too.
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Cursor {
        let bytes: Bytes
        var index: Int

        init(bytes: Bytes) {
            self.bytes = bytes
            self.index = bytes.startIndex
        }

        var atEnd: Bool { index == bytes.endIndex }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard bytes.endIndex - index >= count else { return nil }
            var value = 0
            for _ in 0..<count {
                let byte = bytes[index]
                guard ASCII.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte &- 0x30)
                index += 1
            }
            return value
        }

        /// Fractional seconds; digits past nanoseconds are read but do not count.
        mutating func fraction() -> Double? {
            var value = 0
            var scale = 1
            var count = 0
            while index < bytes.endIndex, ASCII.isDigit(bytes[index]) {
                if count < 9 {
                    value = value * 10 + Int(bytes[index] &- 0x30)
                    scale *= 10
                }
                count += 1
                index += 1
            }
            return count == 0 ? nil : Double(value) / Double(scale)
        }

        /// `Z`, `±hh`, `±hhmm` or `±hh:mm` as seconds east of UTC; no zone at all reads as UTC.
        mutating func zoneOffset() -> Int? {
            if atEnd { return 0 }
            if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) { return 0 }
            let sign: Int
            if skip(UInt8(ascii: "+")) {
                sign = 1
            } else if skip(ASCII.minus) {
                sign = -1
            } else {
                return nil
            }
            guard let hours = digits(2), hours < 24 else { return nil }
            var minutes = 0
            if !atEnd {
                _ = skip(ASCII.colon)
                guard let value = digits(2), value < 60 else { return nil }
                minutes = value
            }
            return sign * (hours * 3_600 + minutes * 60)
        }
    }
}
