extension Int {
    /// `value` rounded, or nil when it is not finite or does not fit: `Int(_: Double)` traps
    /// there, and rates computed from hostile timestamps can be anything.
    init?(roundingIfRepresentable value: Double) {
        let rounded = value.rounded()
        guard rounded.isFinite, rounded > -9.2e18, rounded < 9.2e18 else { return nil }
        self.init(rounded)
    }
}
