import Foundation
import MediaInspector
import TestFixtures
import Testing

/// MediaRemuxer on the recordings fixtures: FLV to MP4 (fast start) and back, a truncated
/// FLV (SRS's `.flv.tmp` after a SIGTERM), and the MP4 without an index that cannot be read.
@Suite struct RemuxTests {
    let remuxer = MediaRemuxer(timeout: .seconds(30))
    let inspector = MediaInspector(options: InspectOptions(maxPackets: 1_000_000, timeout: .seconds(10)))

    func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remux-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    /// The top-level box types of an MP4 file.
    static func boxes(_ path: String) throws -> [String] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var types: [String] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let size = Int(bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            types.append(String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self))
            guard size >= 8 else { break }
            offset += size
        }
        return types
    }

    @Test(arguments: ["recordings/sample.flv", "srs/dvr/room2.1795374877671.flv"])
    func flvBecomesAFastStartMP4WithTheSameMedia(_ fixture: String) throws {
        try withFolder { folder in
            let output = folder + "/out.mp4"
            let source = try inspector.inspect(path: Fixtures.path(fixture))
            let result = try remuxer.remux(input: Fixtures.path(fixture), output: output, fastStart: true)
            #expect(result.packets == source.packetCount)
            #expect(result.droppedPackets == 0)
            #expect(result.inputError == nil)
            #expect(try Self.boxes(output).prefix(2) == ["ftyp", "moov"], "fast start: the index comes first")
            let copy = try inspector.inspect(path: output)
            #expect(copy.format.hasPrefix("mov,"))
            #expect(copy.scanComplete)
            #expect(copy.packetCount == source.packetCount)
            #expect(copy.streams.map(\.codec) .sorted() == source.streams.map(\.codec).sorted())
            #expect(copy.firstVideoStream?.width == source.firstVideoStream?.width)
            #expect(copy.video?.firstKeyframeDecodes == true)
            let duration = try #require(copy.duration)
            #expect(abs(duration - (source.duration ?? 0)) < 0.1)
        }
    }

    @Test func mp4WithoutFastStartKeepsItsIndexAtTheEnd() throws {
        try withFolder { folder in
            let output = folder + "/out.mp4"
            _ = try remuxer.remux(input: Fixtures.path("recordings/sample.flv"), output: output, fastStart: false)
            let boxes = try Self.boxes(output)
            #expect(boxes.last == "moov" || boxes.firstIndex(of: "mdat")! < boxes.firstIndex(of: "moov")!)
        }
    }

    @Test func mp4BecomesFLV() throws {
        try withFolder { folder in
            let output = folder + "/out.flv"
            let result = try remuxer.remux(input: Fixtures.path("recordings/sample.mp4"), output: output)
            #expect(result.streams == 2)
            let copy = try inspector.inspect(path: output)
            #expect(copy.format == "flv")
            #expect(copy.packetCount == result.packets)
            #expect(copy.scanComplete)
        }
    }

    /// SRS killed with SIGTERM leaves `<name>.flv.tmp` cut anywhere: the readable part is kept.
    @Test(arguments: [0.35, 0.6, 0.9])
    func truncatedFLVKeepsWhatIsReadable(_ fraction: Double) throws {
        try withFolder { folder in
            let bytes = Fixtures.bytes("recordings/sample.flv")
            let input = folder + "/room1.1795374821255.flv.tmp"
            try Data(bytes.prefix(Int(Double(bytes.count) * fraction))).write(to: URL(fileURLWithPath: input))
            let output = folder + "/room1.1795374821255.flv"
            let result = try remuxer.remux(input: input, output: output)
            #expect(result.packets > 0)
            let copy = try inspector.inspect(path: output)
            #expect(copy.scanComplete, "the copy ends cleanly where the input was cut")
            #expect(copy.packetCount == result.packets)
            #expect((copy.duration ?? 0) < 3.1)
            #expect((copy.duration ?? 0) > 3.0 * fraction - 0.6)
        }
    }

    @Test func mp4WithoutItsIndexCannotBeRemuxed() throws {
        try withFolder { folder in
            let output = folder + "/out.mp4"
            #expect(throws: InspectError.self) {
                try remuxer.remux(input: Fixtures.path("recordings/cut-noindex.mp4"), output: output)
            }
            #expect(!FileManager.default.fileExists(atPath: output), "nothing was created")
        }
    }

    @Test func badInputsAndOutputs() throws {
        try withFolder { folder in
            #expect(throws: InspectError.self) { try remuxer.remux(input: folder + "/missing.flv", output: folder + "/a.mp4") }
            #expect(throws: InspectError.self) { try remuxer.remux(input: Fixtures.path("segments/garbage.ts"), output: folder + "/b.mp4") }
            #expect(throws: InspectError.self) { try remuxer.remux(input: Fixtures.path("segments/empty.ts"), output: folder + "/c.mp4") }
            do {
                _ = try remuxer.remux(input: Fixtures.path("recordings/sample.flv"), output: folder + "/d.avi")
                Issue.record("an unknown output container was accepted")
            } catch let error as InspectError {
                #expect(error.code == .unsupported)
            }
            #expect(throws: InspectError.self) {
                try remuxer.remux(input: Fixtures.path("recordings/sample.flv"), output: folder + "/no/such/dir/e.mp4")
            }
        }
    }

    @Test func tsBecomesMP4() throws {
        try withFolder { folder in
            let output = folder + "/seg.mp4"
            let result = try remuxer.remux(input: Fixtures.path("hls/live/seg-1.ts"), output: output)
            #expect(result.packets > 0)
            let copy = try inspector.inspect(path: output)
            #expect(copy.hasAudio && copy.hasVideo)
            #expect(copy.video?.firstKeyframeDecodes == true)
        }
    }

    @Test func asyncVariant() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remux-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await remuxer.remuxAsync(input: Fixtures.path("recordings/sample.flv"), output: folder + "/a.mp4")
        #expect(result.packets > 200)
    }
}
