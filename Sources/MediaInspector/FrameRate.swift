/// Cleans up a frame rate measured from timestamps. Millisecond time bases (FLV) make 30 fps
/// come out as 29.9966; such values snap to the nominal rate they are within 0.05% of.
enum FrameRate {
    private static let tolerance = 0.0005
    private static let ntscRates = [24000.0 / 1001, 30000.0 / 1001, 60000.0 / 1001, 120000.0 / 1001]

    static func nominal(_ measured: Double) -> Double {
        guard measured.isFinite, measured > 0 else { return measured }
        let whole = measured.rounded()
        if whole > 0, abs(measured - whole) <= whole * tolerance { return whole }
        if let ntsc = ntscRates.first(where: { abs(measured - $0) <= $0 * tolerance }) { return ntsc }
        return (measured * 1000).rounded() / 1000
    }
}
