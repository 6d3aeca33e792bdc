import Configuration
import Synchronization
import Testing

@testable import SidecarConfig

@Suite("Secrets stay out of logs")
struct RedactionTests {
    static let secretFlags = [
        "--api-token", "api-hunter2", "--token-secret", "tok-hunter2",
        "--hook-secret", "hook-hunter2", "--webhook-secret", "whsec_web-hunter2",
        "--database", "postgres://sidecar:db-hunter2@db.internal:5432/sidecar",
    ]

    @Test func redactedDescriptionHidesSecrets() async throws {
        let settings = try await load(Self.secretFlags)
        let line = settings.redactedDescription
        #expect(!line.contains("hunter2"))
        #expect(line.contains("api.token=*** "))
        #expect(line.contains("tokens.secret=*** "))
        #expect(line.contains("hooks.secret=*** "))
        #expect(line.contains("webhooks.secret=*** "))
        #expect(line.contains("storage.database=postgres://sidecar:***@db.internal:5432/sidecar "))
        #expect(line.contains("http.port=8085 "))
    }

    @Test func redactedDescriptionOfDefaults() {
        let line = SidecarSettings().redactedDescription
        #expect(line.hasPrefix("http.host=127.0.0.1 http.port=8085 http.executor=swift storage.data-dir=./data"))
        #expect(line.contains("api.token=(unset)"))
        #expect(line.contains("hooks.allow=[127.0.0.1/32,::1/128]"))
        #expect(line.contains("viewers.flush-interval=1"))
    }

    @Test(arguments: [
        ("postgres://u:p@h/db", "postgres://u:***@h/db"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("postgres://u:p@h/db?opt=a@b", "postgres://u:***@h/db?opt=a@b"),
        ("./data/sidecar.sqlite", "./data/sidecar.sqlite"),
    ])
    func passwordMasking(_ url: String, _ masked: String) {
        #expect(SidecarSettings.maskingPassword(in: url) == masked)
    }

    /// Every layer marks secret keys secret itself, so swift-configuration's access loggers and
    /// provider descriptions redact them whoever reads them.
    @Test func everyLayerMarksSecrets() async throws {
        let path = try temporaryYAML(
            "api: {token: a}\ntokens: {secret: b}\nhooks: {secret: c}\nwebhooks: {secret: d}\nstorage: {database: e}\n")
        defer { removeTemporary(path) }
        let secrets = SettingKey.all.filter(\.isSecret)
        #expect(Set(secrets.map(\.name))
            == ["api.token", "tokens.secret", "hooks.secret", "webhooks.secret", "storage.database"])
        let environment = Dictionary(uniqueKeysWithValues: secrets.map { ($0.environmentVariable, "env-hunter2") })
        let layers = try await SettingsLayers.make(
            flags: try ServeFlags.parse(["--config", path] + Self.secretFlags), environment: environment)
        #expect(layers.providers.count == 3)
        for provider in layers.providers {
            for key in secrets {
                let value = try provider.value(forKey: AbsoluteConfigKey(ConfigKey(key.name)), type: .string).value
                #expect(value?.isSecret == true, "\(key.name) not secret in \(provider.providerName)")
            }
            #expect(!String(reflecting: provider).contains("hunter2"), "\(String(reflecting: provider))")
        }
    }

    /// The access events the loader emits (what an AccessLogger prints) carry secrets as secret.
    @Test func accessEventsMarkSecrets() async throws {
        let observer = EventCollector()
        _ = try await SettingsLoader.load(
            flags: try ServeFlags.parse(Self.secretFlags + ["--port", "9000"]), environment: [:], observer: observer)
        let events = observer.events.withLock { $0 }
        for key in SettingKey.all where key.isSecret || key == .httpPort {
            let event = try #require(events.first { $0.metadata.key.description == key.name })
            let value = try #require(try event.result.get(), "\(key.name) was not read from the flags")
            #expect(value.isSecret == key.isSecret, "\(key.name)")
        }
    }
}

final class EventCollector: AccessReporter {
    let events = Mutex<[AccessEvent]>([])
    func report(_ event: AccessEvent) { events.withLock { $0.append(event) } }
}
