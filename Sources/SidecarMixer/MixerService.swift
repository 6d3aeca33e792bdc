import Logging
import ServiceLifecycle

/// The mixers' place in the daemon's `ServiceGroup`: idle until shutdown, then stops every
/// mixer (SIGTERM, SIGKILL after the timeout) before the services listed before it stop.
public struct MixerService: Service {
    let mixer: FFmpegMixer

    public init(mixer: FFmpegMixer) {
        self.mixer = mixer
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await mixer.stopAll()
    }
}
