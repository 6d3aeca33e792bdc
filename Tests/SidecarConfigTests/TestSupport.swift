import ArgumentParser
import Foundation
import Testing

@testable import SidecarConfig

/// Loads settings from command-line words and an explicit environment (never the process's).
func load(_ arguments: [String] = [], env: [String: String] = [:]) async throws -> SidecarSettings {
    try await SettingsLoader.load(flags: ServeFlags.parse(arguments), environment: env)
}

/// Expects loading to fail with a ``SettingsError``, and returns it for closer checks.
func loadError(
    _ arguments: [String] = [], env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
) async throws -> SettingsError {
    do {
        let settings = try await load(arguments, env: env)
        Issue.record("expected a SettingsError, got \(settings.redactedDescription)", sourceLocation: sourceLocation)
        throw CancellationError()
    } catch let error as SettingsError {
        return error
    }
}

/// A YAML file in a fresh temporary directory; removed by the caller with `removeTemporary`.
func temporaryYAML(_ text: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("sidecar-config-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("sidecar.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
}

func removeTemporary(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

/// The package root: this file is `<root>/Tests/SidecarConfigTests/TestSupport.swift`.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
