import ArgumentParser

/// `--json`, shared by every command that reports something.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON object instead of the short report.")
    var json = false
}
