import Foundation
import PaperCheck
@testable import PDFExtraction
import Testing

/// The hidden-text pass on the fixtures: each hidden case with its real reason, the negatives with none.
@Suite("hidden text extraction")
struct HiddenTextExtractionTests {
    static func hidden(_ fixture: String) throws -> [(page: Int, text: String, reason: HiddenTextReason)] {
        let facts = try DocumentExtractor.extract(path: CLITests.fixture(fixture),
                                                  options: ExtractionOptions(hiddenTextTinySize: 1.5))
        return facts.pages.flatMap { page in (page.hiddenText ?? []).map { (page.number, $0.text, $0.reason) } }
    }

    @Test("each hidden fixture's words carry their reason", arguments: [
        ("hidden_white.pdf", HiddenTextReason.white, "benchmark"),
        ("hidden_injection.pdf", .white, "Ignore"),
        ("hidden_tiny.pdf", .tiny, "Reviewers"),
        ("hidden_invisible.pdf", .invisible, "oracle"),
        ("hidden_covered.pdf", .covered, "workshop"),
    ])
    func reasons(fixture: String, reason: HiddenTextReason, word: String) throws {
        let hidden = try Self.hidden(fixture)
        #expect(hidden.contains { $0.text == word && $0.reason == reason }, "\(hidden)")
        // Only the planted text (and, under the image, the body line it covers) is hidden.
        #expect(hidden.allSatisfy { $0.reason == reason }, "\(hidden)")
    }

    @Test("visible white on dark, an OCR'd scan and the clean submission hide nothing", arguments: [
        "visible_white_on_dark.pdf", "ocr_scan.pdf", "icml_submission.pdf", "icml_camera_ready.pdf",
    ])
    func negatives(fixture: String) throws {
        #expect(try Self.hidden(fixture).isEmpty)
    }

    @Test("without the need, no page is looked at")
    func notAskedFor() throws {
        let facts = try DocumentExtractor.extract(path: CLITests.fixture("hidden_white.pdf"))
        #expect(facts.pages.allSatisfy { $0.hiddenText == nil })
    }
}
