// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "accesspolicy",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "accesspolicy", targets: ["AccessPolicyCLI"]),
        .executable(name: "accesspolicy-bench", targets: ["AccessPolicyBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // NIOCore/NIOHTTP1 types (ByteBuffer, HTTPHeaders, TimeAmount) appear in AsyncHTTPClient's API but are
        // not re-exported; with MemberImportVisibility the ISCClient target must import them directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "YAMLTree", dependencies: ["CLibYAML"]),
        .target(
            name: "AccessPolicy",
            dependencies: ["YAMLTree", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "ISCClient",
            dependencies: [
                "AccessPolicy",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.embedInCode("Seed/catalog.json")]
        ),
        .executableTarget(
            name: "AccessPolicyCLI",
            dependencies: [
                "AccessPolicy", "ISCClient", "Sandbox", "YAMLTree",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "AccessPolicyBench",
            dependencies: [
                "Sandbox", "YAMLTree",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "AccessPolicyTestSupport",
            dependencies: ["AccessPolicy", "Sandbox", "YAMLTree", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "YAMLTreeTests", dependencies: ["YAMLTree"]),
        .testTarget(
            name: "AccessPolicyTests",
            dependencies: ["AccessPolicy", "AccessPolicyTestSupport", "Sandbox"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ISCClientTests",
            dependencies: [
                "ISCClient", "AccessPolicy", "AccessPolicyTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: [
                "Sandbox", "AccessPolicyTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "AccessPolicyCLITests",
            dependencies: [
                "AccessPolicyCLI", "AccessPolicy", "AccessPolicyTestSupport", "Sandbox", "YAMLTree",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "AccessPolicy", "ISCClient", "Sandbox", "AccessPolicyCLI", "AccessPolicyTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["PythonSDK"]
        ),
    ]
)

for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
