// swift-tools-version: 6.1
import PackageDescription

// Layering, bottom up (each module imports only what is listed for it):
//   CCurl, CFFmpeg          system libraries (module map + pkg-config)
//   CCurlShims, CAVShims    tiny C functions for what Swift cannot import (variadic setopt, macros)
//   HLSPlaylist             RFC 8216 parsing and rules; pure Swift, no C
//   CurlHTTP                async HTTP over libcurl's multi interface
//   MediaInspector          in-process media inspection with libavformat/libavcodec
//   HLSProbe                the readiness probe, built from the three above
//   SidecarCore             rooms, keys, hooks, readiness, viewers: domain logic, no HTTP, no SQL
//   SidecarAdapters         SidecarCore's ports on SRS's HTTP API and HLSProbe
//   SidecarHTTP             Hummingbird routes: hooks, platform API, health, metrics
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

        .target(name: "HLSPlaylist"),
        .target(
            name: "CurlHTTP",
            dependencies: ["CCurl", "CCurlShims", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "MediaInspector",
            dependencies: ["CFFmpeg", "CAVShims", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "HLSProbe",
            dependencies: [
                "HLSPlaylist", "CurlHTTP", "MediaInspector",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "StreamSidecar",
            dependencies: [
                "HLSProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "ProbeBenchmarks",
            dependencies: ["HLSProbe", "TestFixtures", "HTTPTestSupport"],
            path: "Benchmarks/ProbeBenchmarks"
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
        .testTarget(name: "HLSPlaylistTests", dependencies: ["HLSPlaylist", "TestFixtures"]),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "HTTPTestSupport"]),
        .testTarget(name: "MediaInspectorTests", dependencies: ["MediaInspector", "TestFixtures"]),
        .testTarget(
            name: "HLSProbeTests",
            dependencies: ["HLSProbe", "TestFixtures", "HTTPTestSupport"]
        ),
        .testTarget(
            name: "StreamSidecarTests",
            dependencies: ["StreamSidecar", "TestFixtures", "HTTPTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
