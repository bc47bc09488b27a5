// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "papercheck",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "papercheck", targets: ["papercheck"]),
        .library(name: "PaperCheck", targets: ["PaperCheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Inflating and CRC-32 of zip members (it links zlib: Debian zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
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
        .target(name: "PDFExtraction", dependencies: ["CPoppler", "PaperFacts", "PaperArchives"]),
        // Pure functions over facts: body style, columns, headings, line numbers, language.
        .target(name: "PaperAnalysis", dependencies: ["PaperFacts"]),
        // rules.json, check kinds, evaluation into a report.
        .target(name: "PaperRules", dependencies: ["PaperFacts", "PaperAnalysis"]),
        // One renderer per output format.
        .target(name: "PaperReports", dependencies: ["PaperRules"]),
        // The facade for programs that embed papercheck.
        .target(name: "PaperCheck", dependencies: ["PDFExtraction", "PaperRules", "PaperReports"]),
        // The few process controls Swift's Glibc module does not offer (prctl).
        .target(name: "CProcessShims"),
        .executableTarget(
            name: "papercheck",
            dependencies: [
                "PaperCheck",
                "PaperArchives",
                "CProcessShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The library facade as an embedding program uses it; compiled with the package.
        .executableTarget(name: "embed-example", dependencies: ["PaperCheck"], path: "Examples/EmbedPaperCheck"),
        .testTarget(name: "PaperAnalysisTests", dependencies: ["PaperAnalysis", "PaperFacts"]),
        .testTarget(name: "PaperRulesTests", dependencies: ["PaperRules", "PaperFacts", "PaperAnalysis"]),
        .testTarget(name: "PaperReportsTests", dependencies: ["PaperReports", "PaperRules"], exclude: ["Goldens"]),
        .testTarget(name: "PaperCheckTests", dependencies: ["PaperCheck", "PDFExtraction", "PaperArchives"]),
    ]
)
