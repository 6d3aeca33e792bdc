/// A failure of the suite's own machinery, with everything needed to understand it.
struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
