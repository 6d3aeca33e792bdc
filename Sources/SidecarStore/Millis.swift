import Foundation

/// Dates are stored as Unix milliseconds (64-bit integers) in both backends: no time zone or
/// text format to get wrong, and the same value compares the same in SQL and in Swift.
/// Anything finer than a millisecond is rounded away.
extension Date {
    var unixMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(unixMillis: Int64) {
        self.init(timeIntervalSince1970: Double(unixMillis) / 1000)
    }
}
