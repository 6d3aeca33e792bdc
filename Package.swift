// swift-tools-version: 6.1
import PackageDescription

// Layering, bottom up (each module imports only what is listed for it):
//   CCurl, CFFmpeg          system libraries (module map + pkg-config)
//   CCurlShims, CAVShims    tiny C functions for what Swift cannot import (variadic setopt, macros)
//   CMallocShims            glibc's malloc thresholds (mallopt is not in Swift's Glibc module)
//   HLSPlaylist             RFC 8216 parsing and rules; pure Swift, no C
//   CurlHTTP                async HTTP over libcurl's multi interface
//   MediaInspector          in-process media inspection with libavformat/libavcodec
//   HLSProbe                the readiness probe, built from the three above
//   SidecarCore             rooms, keys, hooks, readiness, viewers: domain logic, no HTTP, no SQL
//   SidecarStore            SidecarCore's RoomStore on SQLite (GRDB) and PostgreSQL (postgres-nio)
//   SidecarAdapters         SidecarCore's ports on SRS's HTTP API and HLSProbe
//   SidecarMixer            SidecarCore's MixerControl port: supervised ffmpeg processes (swift-subprocess)
//   SidecarHTTP             Hummingbird routes: hooks, platform API, health, metrics
//   SidecarConfig           settings from file < environment < flags (swift-configuration)
//   StreamSidecar           the `stream-sidecar` executable: CLI commands and daemon wiring
let package = Package(
    name: "StreamSidecar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stream-sidecar", targets: ["StreamSidecar"]),
        .library(name: "HLSProbe", targets: ["HLSProbe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-algorithms.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.0.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            path: "Sources/CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CAVShims", dependencies: ["CFFmpeg"]),
        .target(name: "CCurlShims", dependencies: ["CCurl"]),
        .target(name: "CMallocShims"),

        .target(name: "HLSPlaylist"),
        .target(
            name: "CurlHTTP",
            dependencies: ["CCurl", "CCurlShims", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "MediaInspector",
            dependencies: ["CFFmpeg", "CAVShims", "CMallocShims", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "HLSProbe",
            dependencies: [
                "HLSPlaylist", "CurlHTTP", "MediaInspector",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .target(
            name: "SidecarCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Algorithms", package: "swift-algorithms"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SidecarStore",
            dependencies: [
                "SidecarCore",
                .product(name: "Algorithms", package: "swift-algorithms"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "SidecarAdapters", dependencies: ["SidecarCore", "HLSProbe", "CurlHTTP", "MediaInspector"]),
        .target(
            name: "SidecarMixer",
            dependencies: [
                "SidecarCore",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SidecarWebhooks",
            dependencies: [
                "SidecarCore", "CurlHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SidecarHTTP",
            dependencies: [
                "SidecarCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        .target(
            name: "SidecarConfig",
            dependencies: [
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "StreamSidecar",
            dependencies: [
                "HLSProbe", "SidecarCore", "SidecarStore", "SidecarAdapters", "SidecarHTTP", "SidecarConfig", "SidecarWebhooks",
                "SidecarMixer", "CMallocShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        .executableTarget(
            name: "ProbeBenchmarks",
            dependencies: ["HLSProbe", "TestFixtures", "HTTPTestSupport"],
            path: "Benchmarks/ProbeBenchmarks"
        ),
        .executableTarget(
            name: "HookBenchmarks",
            dependencies: [
                "SidecarCore", "SidecarStore", "CMallocShims",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/HookBenchmarks"
        ),

        .executableTarget(
            name: "RecordingBenchmarks",
            dependencies: [
                "SidecarCore", "SidecarStore", "SidecarAdapters",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/RecordingBenchmarks"
        ),

        .target(name: "TestFixtures", path: "Tests/TestFixtures"),
        .target(
            name: "HTTPTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/HTTPTestSupport"
        ),
        .target(
            name: "SidecarTestSupport",
            dependencies: ["SidecarCore", "SidecarStore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/SidecarTestSupport"
        ),
        .testTarget(name: "HLSPlaylistTests", dependencies: ["HLSPlaylist", "TestFixtures"]),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "HTTPTestSupport"]),
        .testTarget(name: "MediaInspectorTests", dependencies: ["MediaInspector", "TestFixtures"]),
        .testTarget(
            name: "HLSProbeTests",
            dependencies: ["HLSProbe", "TestFixtures", "HTTPTestSupport"]
        ),
        .testTarget(name: "SidecarCoreTests", dependencies: ["SidecarCore", "SidecarTestSupport"]),
        .testTarget(
            name: "SidecarWebhooksTests",
            dependencies: ["SidecarWebhooks", "SidecarTestSupport", "HTTPTestSupport", "CurlHTTP"]
        ),
        .testTarget(
            name: "SidecarStoreTests",
            dependencies: [
                "SidecarStore", "SidecarCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SidecarConfigTests",
            dependencies: [
                "SidecarConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .testTarget(
            name: "SidecarHTTPTests",
            dependencies: [
                "SidecarHTTP", "SidecarCore", "SidecarTestSupport", "TestFixtures",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "StreamSidecarTests",
            dependencies: ["StreamSidecar", "TestFixtures", "HTTPTestSupport"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["StreamSidecar", "HTTPTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "RecordingsTests",
            dependencies: [
                "SidecarCore", "SidecarStore", "SidecarAdapters", "TestFixtures",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SidecarMixerTests",
            dependencies: ["SidecarMixer", "SidecarCore", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "SidecarAdaptersTests",
            dependencies: ["SidecarAdapters", "SidecarCore", "HLSProbe", "HTTPTestSupport", "TestFixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
