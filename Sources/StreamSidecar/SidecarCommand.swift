import ArgumentParser

@main
struct SidecarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-sidecar",
        abstract: "The media-plane companion for SRS: hooks, HLS readiness, recordings, status.",
        subcommands: [ServeCommand.self, ProbeCommand.self, InspectCommand.self, PlaylistCommand.self, RecordingsCommand.self]
    )
}
