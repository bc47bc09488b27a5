import Foundation
import Testing
@testable import PDFExtraction

/// The imageless copy renames only the `/Image` value of a `/Subtype` key, in place.
@Suite("Imageless copy")
struct ImagelessCopyTests {
    private func offsets(_ text: String) -> [Int] {
        Array(text.utf8).withUnsafeBytes { ImagelessCopy.imageSubtypeOffsets($0) }
    }

    @Test func findsTheImageSubtypeWrittenEveryWay() {
        #expect(offsets("<</Type/XObject/Subtype/Image/Width 4>>") == [28])
        #expect(offsets("<< /Subtype /Image >>") == [17])
        #expect(offsets("<</Subtype\n\t/Image>>").count == 1)
        #expect(offsets("/Subtype /Image").count == 1)
    }

    @Test func leavesOtherNamesAlone() {
        #expect(offsets("<</ProcSet [/PDF /ImageB /ImageC] /ImageMask true>>").isEmpty)
        #expect(offsets("<</Subtype /ImageMask>>").isEmpty)
        #expect(offsets("<</Subtype /Form /Image 1>>").isEmpty)
        #expect(offsets("<</S /Image>>").isEmpty)
    }

    @Test func aPaperWithAnImageGetsAnImagelessCopyAndTheFileStaysAsItWas() throws {
        let path = CLITests.fixture("hidden_covered.pdf")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let document = try PopplerDocumentHandle(path: path, password: nil)
        let page = try #require(document.imagelessPage(at: 1))
        #expect(PageReader.imageBoxes(page).isEmpty)
        let real = try #require(document.page(at: 1))
        #expect(!PageReader.imageBoxes(real).isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let plain = try PopplerDocumentHandle(path: CLITests.fixture("icml_submission.pdf"), password: nil)
        #expect(plain.imagelessPage(at: 0) == nil)
    }
}
