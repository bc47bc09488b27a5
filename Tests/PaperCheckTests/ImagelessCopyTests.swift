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
        // Without an image XObject the copy is the document as it is, with the same text.
        let plain = try PopplerDocumentHandle(path: CLITests.fixture("icml_submission.pdf"), password: nil)
        let plainCopy = try #require(plain.imagelessPage(at: 0))
        let plainPage = try #require(plain.page(at: 0))
        let copyWords = PageTextReader.read(plainCopy).lines.flatMap(\.words)
        #expect(!copyWords.isEmpty)
        #expect(copyWords == PageTextReader.read(plainPage).lines.flatMap(\.words))
        #expect(plain.imagelessPage(at: 99) == nil)
    }

    /// The text read through a viewed render of the copy (annotations hidden) is the text pass's
    /// on the real page, word for word with boxes and typography, Type 3 fonts and images included.
    @Test(arguments: ["file_mailto_note.pdf", "hidden_covered.pdf", "type3_matplotlib.pdf", "margin_text.pdf"])
    func theViewedRenderReadsTheTextPassWords(_ name: String) throws {
        let document = try PopplerDocumentHandle(path: CLITests.fixture(name), password: nil)
        for index in 0..<document.pageCount {
            let copy = try #require(document.imagelessPage(at: index))
            let page = try #require(document.page(at: index))
            let (width, height) = PDFNumber.pageSize(page.pointer)
            let viewed = try #require(HiddenTextReader.ViewedRender(copy, width: width, height: height))
            let viewedWords = PageTextReader.read(viewed.page).lines.flatMap(\.words)
            #expect(!viewedWords.isEmpty)
            #expect(viewedWords == PageTextReader.read(page).lines.flatMap(\.words), "\(name) page \(index + 1)")
        }
    }
}
