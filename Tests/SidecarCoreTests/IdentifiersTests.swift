import Testing

@testable import SidecarCore

@Suite("Identifiers")
struct IdentifiersTests {
    private static let alphabet = Set("abcdefghijklmnopqrstuvwxyz234567")

    @Test("a random id is 20 base-32 characters, and ids do not repeat")
    func randomIdShape() {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = Identifiers.random()
            #expect(id.count == 20)
            #expect(id.allSatisfy(Self.alphabet.contains))
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }

    @Test("every position of an id takes every character, the last ones of each draw included")
    func everyPositionIsUniform() {
        // 2 draws of 64 bits give 12 characters each; a bit-slicing mistake would leave some
        // position (the 12th, the 13th, the 20th) with fewer than 32 values.
        var values = [Set<Character>](repeating: [], count: 24)
        for _ in 0..<4_000 {
            for (index, character) in Identifiers.random(length: 24).enumerated() { values[index].insert(character) }
        }
        #expect(values.allSatisfy { $0.count == 32 })
    }
}
