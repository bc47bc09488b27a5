// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "papercheck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "papercheck", targets: ["papercheck"]),
        .library(name: "PaperCheck", targets: ["PaperCheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Inflating and CRC-32 of zip members (it links zlib: Debian zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `papercheck serve`: the HTTP server, its form uploads, its /metrics.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Ed25519 pass codes and SHA-256.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // poppler-glib and cairo, found through pkg-config (Debian: libpoppler-glib-dev).
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev", "libglib2.0-dev"])]
        ),
        // Plain value types shared by every other module.
        .target(name: "PaperFacts"),
        // Zip archives as inputs, read in place: member paths (`a.zip!/101/paper.pdf`), the bounded
        // reading of the central directory, the limits, and a member's bytes read into memory.
        .target(name: "PaperArchives", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The only module that talks to poppler; opens files and archive members (PaperArchives).
        .target(name: "PDFExtraction", dependencies: ["CPoppler", "PaperFacts", "PaperArchives",
                                                     .product(name: "Crypto", package: "swift-crypto")]),
        // Pure functions over facts: body style, columns, headings, line numbers, language.
        .target(name: "CLanguageProfiles"),
        .target(name: "PaperAnalysis", dependencies: ["PaperFacts", "CLanguageProfiles"]),
        // rules.json, check kinds, evaluation into a report.
        .target(name: "PaperRules", dependencies: ["PaperFacts", "PaperAnalysis"]),
        // One renderer per output format.
        .target(name: "PaperReports", dependencies: ["PaperRules"]),
        // The facade for programs that embed papercheck.
        .target(name: "PaperCheck", dependencies: ["PDFExtraction", "PaperRules", "PaperReports"]),
        // The few process controls Swift's Glibc module does not offer (prctl).
        .target(name: "CProcessShims"),
        // Worker processes (`papercheck worker`), the lines they read and answer, the results of
        // those that die; a batch's coordinator and the server's check pool both run them.
        .target(name: "PaperWorkers", dependencies: ["PaperCheck", "CProcessShims"]),
        // Pass codes: Ed25519-signed statements of a PDF's verdict (issued by the server, checked
        // offline by `papercheck verify` or any Ed25519 library), and their PEM key files.
        .target(name: "PaperPassCodes", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // `papercheck serve` on Hummingbird: the upload page, the JSON API, limits, metrics,
        // pass codes. Nothing below it knows about HTTP.
        .target(
            name: "PaperServer",
            dependencies: [
                "PaperCheck",
                "PaperWorkers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "papercheck",
            dependencies: [
                "PaperCheck",
                "PaperArchives",
                "PaperWorkers",
                "PaperServer",
                "PaperPassCodes",
                "CProcessShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The library facade as an embedding program uses it; compiled with the package.
        .executableTarget(name: "embed-example", dependencies: ["PaperCheck"], path: "Examples/EmbedPaperCheck"),
        .testTarget(name: "PaperAnalysisTests", dependencies: ["PaperAnalysis", "PaperFacts"]),
        .testTarget(name: "PaperRulesTests", dependencies: ["PaperRules", "PaperFacts", "PaperAnalysis"]),
        .testTarget(name: "PaperReportsTests", dependencies: ["PaperReports", "PaperRules"], exclude: ["Goldens"]),
        .testTarget(name: "PaperPassCodesTests", dependencies: ["PaperPassCodes", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "PaperServerTests", dependencies: ["PaperServer"]),
        .testTarget(name: "PaperCheckTests", dependencies: ["PaperCheck", "PDFExtraction", "PaperArchives"]),
    ]
)
