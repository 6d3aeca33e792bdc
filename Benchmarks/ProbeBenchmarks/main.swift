// Prints the HLSProbe figures of issue #2: in-process inspection against an ffprobe
// process, parsing a 10,000-segment playlist, and one full probe over loopback.
// Run it with `scripts/bench.sh` (release build); it is a benchmark, not a test.
import Foundation
import HLSProbe
import TestFixtures

let work = try Workspace()
defer { work.remove() }
let small = Fixtures.path("hls/live/seg-0.ts")
let hd = try work.make720pSegment()

print("HLSProbe benchmarks (release build, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
print("")
print("segment inspection: in-process vs `ffprobe -show_streams -show_format` process")
for (name, path) in [("small 320x180 1 s", small), ("720p30 2 s", hd)] {
    let inProcess = try InspectionBench.inProcess(path: path, runs: 300)
    let process = try InspectionBench.ffprobe(path: path, runs: 15)
    let ratio = process.median / inProcess.median
    print("  \(name.padding(toLength: 18, withPad: " ", startingAt: 0))  in-process \(inProcess.ms)   ffprobe \(process.ms)   ratio \(String(format: "%.0f", ratio))x")
}
print("")
let parse = try ParseBench.run(segments: 10_000, runs: 50)
print("parse a 10,000-segment media playlist: \(parse.ms)")
print("")
let probe = try await ProbeBench.run(runs: 300)
print("full loopback probe (m3u8 + newest segment + inspection, 1 attempt): \(probe.ms)")
