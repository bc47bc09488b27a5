import Foundation
import PaperCheck
@testable import PDFExtraction
import Testing

/// Page images with evidence drawn on them, and their file names.
@Suite("annotated pages")
struct AnnotatedPageTests {
    static let marginText = FixtureTests.fixtures.appendingPathComponent("pdfs/margin_text.pdf").path
    /// The ICML text block (Fixtures/README.md).
    static let textBlock = Box(x0: 55.44, y0: 67.06, x1: 541.44, y1: 715.06)

    /// Width and height from the PNG's IHDR chunk.
    static func pngSize(_ png: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](png.prefix(24))
        guard bytes.count == 24 else { return nil }
        func bigEndian(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 << 8 | Int($1) } }
        return (bigEndian(16..<20), bigEndian(20..<24))
    }

    static func isRed(_ pixel: (red: UInt8, green: UInt8, blue: UInt8)?) -> Bool {
        guard let pixel else { return false }
        return pixel.red > 180 && pixel.green < 90 && pixel.blue < 90
    }

    @Test func drawsTheFindingsBoxOnTheRenderedPage() throws {
        let report = PaperCheck.check(URL(fileURLWithPath: Self.marginText), ruleSet: try RuleSet.builtIn())
        let finding = try #require(report.findings.first { $0.ruleId == "margins" })
        let box = try #require(finding.box)
        let page = try #require(finding.page)
        #expect(page == 1)
        let images = try AnnotatedPageRenderer.render(
            path: Self.marginText, password: nil,
            pages: [page: [PageMark(box: box, label: finding.ruleId, severity: .error)]], textBlocks: [Self.textBlock])
        let png = try #require(images[page])
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let size = try #require(Self.pngSize(png))
        #expect(abs(size.width - 850) <= 1 && abs(size.height - 1100) <= 1)

        let scale = 100.0 / 72
        // The outline (2 px inside the box's edges) is red at the left and right edges, halfway down.
        let middle = Int(box.midY * scale)
        #expect(Self.isRed(AnnotatedPageRenderer.pixel(ofPNG: png, x: Int(box.x0 * scale + 1), y: middle)))
        #expect(Self.isRed(AnnotatedPageRenderer.pixel(ofPNG: png, x: Int(box.x1 * scale - 1), y: middle)))
        // The corner of the page stays white paper.
        let corner = try #require(AnnotatedPageRenderer.pixel(ofPNG: png, x: 3, y: 3))
        #expect(corner.red > 250 && corner.green > 250 && corner.blue > 250)
        // The text block's dashed frame is blue somewhere along its top edge.
        let image = try #require(CairoImageSurface(png: png))
        let top = Int(Self.textBlock.y0 * scale)
        let frame = (100..<400).compactMap { image.pixel(x: $0, y: top) }
        #expect(frame.contains { Int($0.blue) > Int($0.red) + 60 })
        // Body text was rendered: some dark pixels inside the block.
        let rows = Int(300 * scale)..<Int(320 * scale)
        #expect(rows.contains { y in (80..<400).contains { x in (image.pixel(x: x, y: y)?.red ?? 255) < 100 } })
    }

    @Test func boxesOutsideThePageAndTinyBoxesStayVisible() throws {
        let marks = [
            PageMark(box: Box(x0: 600, y0: 100, x1: 700, y1: 120), label: "half-out", severity: .error),
            PageMark(box: Box(x0: 650, y0: 300, x1: 660, y1: 310), label: "beyond", severity: .error),
            PageMark(box: Box(x0: 100, y0: 800, x1: 120, y1: 900), label: "below", severity: .warning),
            PageMark(box: Box(x0: 300, y0: 400, x1: 300.1, y1: 400.1), label: "tiny", severity: .error),
            PageMark(box: Box(x0: .nan, y0: 0, x1: 1, y1: 1), label: "nan", severity: .error),
        ]
        let images = try AnnotatedPageRenderer.render(path: Self.marginText, password: nil, pages: [2: marks], textBlocks: [])
        let png = try #require(images[2])
        let size = try #require(Self.pngSize(png))
        let scale = 100.0 / 72
        // Clipped at the right edge of the page: the outline runs along the last columns.
        #expect(Self.isRed(AnnotatedPageRenderer.pixel(ofPNG: png, x: size.width - 1, y: Int(110 * scale))))
        #expect(Self.isRed(AnnotatedPageRenderer.pixel(ofPNG: png, x: size.width - 1, y: Int(305 * scale))))
        // Below the page: an orange outline along the bottom rows.
        let bottom = try #require(AnnotatedPageRenderer.pixel(ofPNG: png, x: Int(110 * scale), y: size.height - 1))
        #expect(bottom.red > 200 && bottom.green > 90 && bottom.green < 180 && bottom.blue < 60)
        // A box of 0.1 pt gets an outline of a few pixels around its centre.
        #expect(Self.isRed(AnnotatedPageRenderer.pixel(ofPNG: png, x: Int(300 * scale) - 3, y: Int(400 * scale))))
    }

    @Test func largePagesAreDrawnSmallerAndMissingPagesSkipped() throws {
        let images = try AnnotatedPageRenderer.render(path: Self.marginText, password: nil, pages: [1: [], 0: [], 99: []],
                                                      textBlocks: [], dpi: 4000, maximumPixels: 500_000)
        #expect(images.keys.sorted() == [1])
        let png = try #require(images[1])
        let size = try #require(Self.pngSize(png))
        #expect(size.width * size.height <= 500_000)
        // The page keeps its proportions: 612 x 792 pt.
        #expect(size.width > 600 && abs(Double(size.height) / Double(size.width) - 792.0 / 612) < 0.01)
    }

    @Test func unreadableFilesThrowTheOpenError() {
        #expect(throws: PDFOpenError.notAPDF(path: FixtureTests.fixtures.appendingPathComponent("pdfs/not_a_pdf.pdf").path)) {
            try AnnotatedPageRenderer.render(path: FixtureTests.fixtures.appendingPathComponent("pdfs/not_a_pdf.pdf").path,
                                             password: nil, pages: [1: []], textBlocks: [])
        }
    }

    @Test func facadeDrawsThePagesWithLocatedEvidence() throws {
        let rules = try RuleSet.builtIn()
        let profile = try #require(rules.profile("vdl2016"))
        let report = PaperCheck.check(path: Self.marginText, profile: profile)
        let pages = PaperCheck.annotatedPages(for: report, profile: profile)
        #expect(pages.keys.sorted() == [1])
        #expect(PaperCheck.annotatedPages(for: report, profile: profile, maxPages: 0).isEmpty)
        let unreadable = PaperCheck.check(path: "/nonexistent.pdf", profile: profile)
        #expect(PaperCheck.annotatedPages(for: unreadable, profile: profile).isEmpty)
    }

    @Test func fileNamesAreSanitisedAndDoNotCollide() {
        #expect(AnnotatedPageRenderer.fileName(for: "papers/paper.pdf", page: 3, among: ["papers/paper.pdf", "x/other.pdf"])
            == "paper_p3.png")
        #expect(AnnotatedPageRenderer.fileName(for: "dir/My Paper (v2) é.PDF", page: 1, among: [])
            == "My_Paper__v2____p1.png")
        #expect(AnnotatedPageRenderer.fileName(for: "../../etc/.hidden.pdf", page: 2, among: []) == "_hidden_p2.png")
        #expect(AnnotatedPageRenderer.fileName(for: "dir/.pdf", page: 2, among: []) == "file_p2.png")
        #expect(AnnotatedPageRenderer.fileName(for: "a<b>\"c'.pdf", page: 1, among: []) == "a_b__c__p1.png")

        // Namesakes in other folders, names that only differ in case or in replaced characters.
        for group in [["a/paper.pdf", "b/paper.pdf", "paper.pdf"], ["A/Paper.pdf", "b/paper.pdf"], ["x/a b.pdf", "x/a_b.pdf"]] {
            let names = group.map { AnnotatedPageRenderer.fileName(for: $0, page: 3, among: group) }
            #expect(Set(names.map { $0.lowercased() }).count == group.count, "\(names)")
            for name in names {
                #expect(name.range(of: #"^[A-Za-z0-9._-]+-[0-9a-f]{6}_p3\.png$"#, options: .regularExpression) != nil, "\(name)")
            }
            // Stable: the same name on every call, whatever the order of the list.
            #expect(names == group.map { AnnotatedPageRenderer.fileName(for: $0, page: 3, among: group.reversed()) })
        }
        #expect(AnnotatedPageRenderer.fileName(for: "a/paper.pdf", page: 3, among: ["a/paper.pdf", "b/paper.pdf"])
            == "paper-\(AnnotatedPageRenderer.hexHash("a/paper.pdf").prefix(6))_p3.png")
        // Very long names are cut so that the file name stays well under 255 bytes.
        let long = String(repeating: "x", count: 400) + ".pdf"
        #expect(AnnotatedPageRenderer.fileName(for: long, page: 1, among: []).utf8.count < 120)
    }
}
