import MediaInspector
import TestFixtures
import Testing

/// Seeded fuzzing of real files: flipped bytes, overwritten runs and cuts. Whatever comes out
/// must be a value or an InspectError; a crash, hang or sanitizer report fails the run.
@Suite struct MutationTests {
    init() {
        // Hundreds of broken inputs would log hundreds of FFmpeg errors.
        MediaInspector.setFFmpegLogLevel(.critical)
    }

    @Test(arguments: [
        ("hls/live/seg-1.ts", 400), ("srs/sample-0.ts", 200), ("recordings/sample.mp4", 200),
        ("recordings/sample.flv", 200), ("recordings/fragmented.mp4", 150), ("hls/audio-only/seg-0.ts", 100),
        ("srs/dvr/room2.1795374877671.flv", 100),
    ])
    func mutatedFilesNeverCrash(_ path: String, _ rounds: Int) {
        let original = Fixtures.bytes(path)
        var generator = SeededGenerator(seed: UInt64(truncatingIfNeeded: path.hashValueStable))
        let inspector = MediaInspector()
        var values = 0
        var errors = 0
        for _ in 0..<rounds {
            let mutated = mutate(original, using: &generator)
            do {
                let info = try inspector.inspect(bytes: mutated)
                #expect(info.packetCount > 0)
                values += 1
            } catch {
                #expect(!error.message.isEmpty)
                errors += 1
            }
        }
        #expect(values + errors == rounds)
    }

    @Test func mutatedFragmentsNeverCrash() {
        let initSection = Fixtures.bytes("hls/fmp4/init.mp4")
        let fragment = Fixtures.bytes("hls/fmp4/seg-1.m4s")
        var generator = SeededGenerator(seed: 42)
        let inspector = MediaInspector()
        for round in 0..<200 {
            // Alternate between damaging the init section and the fragment.
            let damagedInit = round.isMultiple(of: 2) ? mutate(initSection, using: &generator) : initSection
            let damagedFragment = round.isMultiple(of: 2) ? fragment : mutate(fragment, using: &generator)
            _ = try? inspector.inspect(initSection: damagedInit, fragment: damagedFragment)
        }
    }

    private func mutate(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var result = bytes
        switch Int.random(in: 0..<4, using: &generator) {
        case 0:  // flip a few bits anywhere
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let index = Int.random(in: 0..<result.count, using: &generator)
                result[index] ^= 1 << UInt8.random(in: 0...7, using: &generator)
            }
        case 1:  // overwrite a run with random bytes
            let start = Int.random(in: 0..<result.count, using: &generator)
            for index in start..<min(result.count, start + Int.random(in: 1...64, using: &generator)) {
                result[index] = UInt8.random(in: 0...255, using: &generator)
            }
        case 2:  // set bytes to values parsers treat specially (sizes, counts, lengths)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<result.count, using: &generator)
                result[index] = [0x00, 0xFF, 0x7F, 0x80, 0x47].randomElement(using: &generator) ?? 0
            }
        default:  // cut, then damage the tail
            result.removeLast(Int.random(in: 1..<result.count, using: &generator))
            if let last = result.indices.last { result[last] ^= 0xFF }
        }
        return result
    }
}

extension String {
    /// A hash that is the same on every run (String.hashValue is seeded per process).
    fileprivate var hashValueStable: UInt64 {
        utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
