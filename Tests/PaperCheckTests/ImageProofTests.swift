import Foundation
@testable import PDFExtraction
import Testing

/// The byte scan's proof that a file draws no image, which lets extraction skip poppler's image
/// map on every page. A proof that holds where an image is drawn would lose every image box, so
/// the proof is checked against poppler itself on every fixture.
@Suite("image proof")
struct ImageProofTests {
    private func drawsNoImage(_ pdf: String) -> Bool {
        Array(pdf.utf8).withUnsafeBufferPointer { RawObjectScanner().scanWithImageProof($0).drawsNoImage }
    }

    private func drawsNoImage(fixture name: String) throws -> Bool {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: CLITests.fixture(name)))
        return bytes.withUnsafeBytes { RawObjectScanner().scanWithImageProof($0.bindMemory(to: UInt8.self)).drawsNoImage }
    }

    private static func pdf(_ objects: String) -> String {
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + objects + "\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    }

    private static let plainPage = """
        3 0 obj << /Length 27 >>
        stream
        BT /F1 10 Tf (Hello) Tj ET
        endstream
        endobj
        """

    @Test func aPageOfTextDrawsNoImage() {
        #expect(drawsNoImage(Self.pdf(Self.plainPage)))
    }

    @Test func anImageXObjectOrAnInlineImageIsDoubted() {
        #expect(!drawsNoImage(Self.pdf("4 0 obj << /Type /XObject /Subtype /Image /Width 1 /Height 1 /Length 1 >>\nstream\nx\nendstream\nendobj")))
        #expect(!drawsNoImage(Self.pdf("4 0 obj << /Length 40 >>\nstream\nq BI /W 1 /H 1 /BPC 1 /IM true ID x EI Q\nendstream\nendobj")))
        #expect(!drawsNoImage(Self.pdf("4 0 obj << /Length 20 >>\nstream\nq\nBI/W 1/H 1 ID x EI\nendstream\nendobj")))
    }

    @Test func whatCannotBeReadIsDoubted() {
        #expect(!drawsNoImage(Self.pdf(Self.plainPage + "\ntrailer << /Encrypt 9 0 R >>")))
        #expect(!drawsNoImage(Self.pdf("4 0 obj << /Length 4 /Filter /ASCIIHexDecode >>\nstream\n4249>\nendstream\nendobj")))
        #expect(!drawsNoImage(Self.pdf("4 0 obj << /Length 4 /Filter 5 0 R >>\nstream\nabcd\nendstream\nendobj")))
        #expect(!drawsNoImage(Self.pdf("4 0 obj << /Length 9 /Filter /FlateDecode >>\nstream\nnot zlib!\nendstream\nendobj")))
    }

    @Test func dataStreamsAreNotReadAsContent() {
        // A font program's bytes may spell `BI` anywhere; a font is not content.
        #expect(drawsNoImage(Self.pdf(Self.plainPage + "\n4 0 obj << /Length1 8 /Length 8 >>\nstream\nx BI /y \nendstream\nendobj")))
        #expect(drawsNoImage(Self.pdf(Self.plainPage + "\n4 0 obj << /Type /Metadata /Subtype /XML /Length 8 >>\nstream\nx BI /y \nendstream\nendobj")))
    }

    @Test func theInlineImageTokenStandsAlone() {
        func token(_ text: String) -> Bool { Array(text.utf8).withUnsafeBufferPointer(ImageProof.hasInlineImageToken) }
        #expect(token("BI /W 1") && token("q\nBI\n/W") && token("Q BI/W 1") && token("BI"))
        #expect(!token("/BIG 1") && !token("ABI ") && !token("BIX") && !token("(B) I") && !token(""))
    }

    /// Fixtures of every kind: where the proof holds, poppler maps no image on any page; where it
    /// must not hold (an image XObject, a soft mask, a scan), it does not.
    @Test func theProofAgreesWithPopplerOnEveryFixture() throws {
        let folder = CLITests.fixture("")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pdf") }.sorted()
        var proven: [String] = []
        for name in names {
            guard try drawsNoImage(fixture: name),
                  let document = try? PopplerDocumentHandle(path: CLITests.fixture(name), password: nil) else { continue }
            proven.append(name)
            for index in 0..<document.pageCount {
                let page = try #require(document.page(at: index))
                #expect(PageReader.imageBoxes(page).isEmpty, "\(name) page \(index + 1) draws an image")
            }
        }
        #expect(proven.contains("icml_submission.pdf") && proven.contains("margin_text.pdf"))
        for name in ["hidden_covered.pdf", "softmask_image.pdf", "scanned_page.pdf", "encrypted.pdf"] {
            #expect(try !drawsNoImage(fixture: name), "\(name)")
        }
    }
}
