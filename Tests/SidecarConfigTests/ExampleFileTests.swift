import ArgumentParser
import Foundation
import Testing

@testable import SidecarConfig

@Suite("The example file and the docs describe every key")
struct ExampleFileTests {
    static let examplePath = repositoryRoot.appendingPathComponent("sidecar.example.yaml").path
    static let docsPath = repositoryRoot.appendingPathComponent("docs/configuration.md").path

    @Test func exampleFileYieldsExactlyTheDefaults() async throws {
        let settings = try await load(["--config", Self.examplePath])
        #expect(settings == SidecarSettings())
    }

    @Test func exampleFileListsEveryKey() async throws {
        let file = try await ConfigFile.load(path: Self.examplePath, origin: .defaultValue)
        #expect(Set(file.leaves.keys) == Set(SettingKey.all.map(\.name)))
    }

    @Test(arguments: SettingKey.all)
    func docsTableHasTheKey(_ key: SettingKey) throws {
        let docs = try String(contentsOfFile: Self.docsPath, encoding: .utf8)
        let row = docs.split(separator: "\n").first { $0.hasPrefix("| `\(key.name)` |") }
        let line = try #require(row, "no table row for \(key.name)")
        #expect(line.contains("`\(key.environmentVariable)`"))
        if let flag = key.flag {
            #expect(line.contains("`\(flag)"))
        }
    }

    /// The catalogue's flag names are the ones ArgumentParser actually declares.
    @Test func flagNamesMatchTheCatalogue() {
        let help = ServeFlags.helpMessage(columns: 500)
        for flag in SettingKey.all.compactMap(\.flag) {
            #expect(help.contains(flag + " "), "\(flag) missing from ServeFlags")
        }
        #expect(help.contains("--config "))
    }
}
