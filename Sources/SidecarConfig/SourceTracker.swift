import Configuration
import Synchronization

/// An access reporter that remembers, per key, which layer answered and whether its value
/// was unusable.
///
/// `ConfigReader`'s non-throwing getters fall back silently when a provider holds a value of
/// the wrong type (e.g. `SIDECAR_HTTP_PORT=abc`). A daemon should refuse such a value instead,
/// and say where it came from; the access events carry exactly that, so we listen to them.
final class SourceTracker: AccessReporter {
    /// The kinds of layer the loader stacks, keyed by provider name in ``init(layers:)``.
    enum Layer: Sendable {
        case flags
        case environment
        case file(path: String)
    }

    /// What the last read of one key found.
    struct Outcome: Sendable {
        /// The layer that held the value (or the unusable value).
        var source: SettingSource
        /// True when that layer's value could not be read as the requested type.
        var failed: Bool
    }

    private let layers: [String: Layer]
    private let outcomes = Mutex<[String: Outcome]>([:])

    /// - Parameter layers: each provider's `providerName` and the layer it stands for.
    init(layers: [String: Layer]) {
        self.layers = layers
    }

    func report(_ event: AccessEvent) {
        let name = event.metadata.key.description
        guard let key = SettingKey.named(name) else { return }
        var outcome: Outcome?
        // The reader asks providers in precedence order and stops at the first value or error,
        // so the last answering provider is the one that decided.
        for result in event.providerResults {
            guard let layer = layers[result.providerName] else { continue }
            switch result.result {
            case .success(let lookup) where lookup.value != nil:
                outcome = Outcome(source: Self.source(of: key, in: layer), failed: false)
            case .failure:
                outcome = Outcome(source: Self.source(of: key, in: layer), failed: true)
            case .success:
                continue
            }
        }
        if event.conversionError != nil {
            outcome?.failed = true
        }
        outcomes.withLock { $0[name] = outcome }
    }

    /// The outcome of the last read of `key`; nil when no layer set it (the default applies).
    func outcome(for key: SettingKey) -> Outcome? {
        outcomes.withLock { $0[key.name] }
    }

    private static func source(of key: SettingKey, in layer: Layer) -> SettingSource {
        switch layer {
        case .flags: .flag(key.flag ?? key.name)
        case .environment: .environment(key.environmentVariable)
        case .file(let path): .file(path)
        }
    }
}
