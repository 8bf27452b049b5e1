// swift-tools-version:6.0
import PackageDescription

// The pure core is compiled with optimisation in debug builds too: the test suite drives it
// through 100,000-input storms and fuzzing, which unoptimised code makes ten times slower.
let optimizedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "tl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tl", targets: ["tl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Reading and writing TimelineJS spreadsheets saved as CSV.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The store `tl index` builds for timelines too large to hold (SQLite, with FTS5).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // libxml2's HTML parser, for the HTML in TimelineJS files.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Pure Swift: the data model, loading and validation, queries, and the one
        // sanitize/displayWidth pair every output path uses. Never imports ncurses. Its Formats
        // folder reads TimelineJS files and spreadsheets (CSV.swift, libxml2) and writes exports.
        .target(name: "TimelineModel", dependencies: ["CLibXML2", .product(name: "CSV", package: "CSV.swift")],
                swiftSettings: optimizedEvenInDebug),
        // Pure Swift: UI state, actions, reducer, layout and widgets rendering into an
        // in-memory screen buffer. Never imports ncurses, so it is tested without a terminal.
        .target(name: "TimelineUI", dependencies: ["TimelineModel"], swiftSettings: optimizedEvenInDebug),
        // The SQLite store of a timeline (`tl index`): written from a loaded timeline, and read
        // one screen at a time as a `TimelineStorage`.
        .target(name: "TimelineStore", dependencies: ["TimelineModel", .product(name: "GRDB", package: "GRDB.swift"),
                                                    .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        // The configuration file: key bindings, theme and defaults read from TOML and checked whole.
        .target(name: "Configuration", dependencies: ["TimelineModel", "TimelineUI", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The executable: argument parsing, plain and JSON printers, and the ncurses driver
        // (the only importer of CNcurses).
        .executableTarget(
            name: "tl",
            dependencies: [
                "TimelineModel",
                "TimelineUI",
                "Configuration",
                "TimelineStore",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Sample and hostile timelines and a seeded generator, shared by the test targets.
        .target(name: "TestSupport", dependencies: ["TimelineModel"], path: "Tests/TestSupport"),
        // Writes synthetic timelines of any size for the scale benchmark (scripts/benchmark --scale).
        .executableTarget(
            name: "tl-generate",
            dependencies: ["TimelineModel", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: optimizedEvenInDebug
        ),
        .testTarget(name: "TimelineModelTests", dependencies: ["TimelineModel", "TestSupport"]),
        .testTarget(name: "TimelineUITests", dependencies: ["TimelineUI", "TimelineModel", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "tlTests", dependencies: ["tl", "tl-generate", "TimelineModel", "TimelineUI", "Configuration", "TimelineStore", "TestSupport"]),
    ]
)
