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

    /// The readers' wall-clock limits stretch only for an instruction count, and only so far.
    @Test("PAPERCHECK_DEADLINE_SCALE is a factor from 1 to 100, else 1", arguments: [
        (nil, 1.0), ("50", 50), ("0.5", 1), ("1000", 100), ("-3", 1), ("nan", 1), ("inf", 1), ("fifty", 1), ("", 1),
    ] as [(String?, Double)])
    func deadlineScale(text: String?, factor: Double) {
        #expect(ReadingDeadline.factor(text) == factor)
    }

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

    /// Each page proven to draw no image, in files with images on other pages, has an empty image
    /// map in poppler; returns the pages proven and the pages with images, for the caller to check.
    static func checkPageProofs(in folder: String) throws -> (proven: Int, withImages: Int, failures: [String]) {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.lowercased().hasSuffix(".pdf") }.sorted()
        var proven = 0, withImages = 0
        var failures: [String] = []
        for name in names {
            let path = folder + "/" + name
            guard let bytes = FileManager.default.contents(atPath: path),
                  let document = try? PopplerDocumentHandle(path: path, password: nil) else { continue }
            let scan = bytes.withUnsafeBytes { RawObjectScanner().scanWithImageProof($0.bindMemory(to: UInt8.self)) }
            guard let pages = scan.pagesDrawingNoImage else { continue }
            if pages.count != document.pageCount { failures.append("\(name): \(pages.count) pages, poppler \(document.pageCount)"); continue }
            for (index, noImage) in pages.enumerated() {
                guard let page = document.page(at: index) else { continue }
                let drawn = !PageReader.imageBoxes(page).isEmpty
                if drawn { withImages += 1 }
                guard noImage else { continue }
                proven += 1
                if drawn { failures.append("\(name) page \(index + 1) draws an image") }
            }
        }
        return (proven, withImages, failures)
    }

    @Test func pagesProvenToDrawNoImageHaveNoneInPoppler() throws {
        let (proven, withImages, failures) = try Self.checkPageProofs(in: CLITests.fixture(""))
        #expect(failures.isEmpty, "\(failures)")
        #expect(proven > 0 && withImages > 0)
    }

    @Test func aPageIsProvenByWhatItReaches() {
        // Two pages sharing a font; only the second page's resources hold an image.
        let objects = [
            "<</Type/Catalog/Pages 2 0 R>>",
            "<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2/Resources<</Font<</F1 5 0 R>>>>>>",
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]/Contents 6 0 R/Annots[8 0 R]>>",
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]/Resources<</XObject<</Im1 7 0 R>>/Font<</F1 5 0 R>>>>/Contents 6 0 R>>",
            "<</Type/Font/Subtype/Type1/BaseFont/Times-Roman>>",
            "<</Length 27>>\nstream\nBT /F1 10 Tf (Hello) Tj ET\nendstream",
            "<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Length 1>>\nstream\nx\nendstream",
            // A link on page 1 to page 2: the destination does not bring page 2's image in.
            "<</Type/Annot/Subtype/Link/Rect[0 0 10 10]/Dest[4 0 R/Fit]>>",
        ]
        let pdf = Array(CLITests.pdf(objects: objects).utf8)
        let pages = pdf.withUnsafeBufferPointer { RawObjectScanner().scanWithImageProof($0).pagesDrawingNoImage }
        #expect(pages == [true, false])
        // An image in the inherited resources counts for every page without its own.
        let inherited = objects.enumerated().map { index, object in
            index == 1 ? "<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2/Resources<</XObject<</Im1 7 0 R>>>>>>" : object
        }
        let both = Array(CLITests.pdf(objects: inherited).utf8).withUnsafeBufferPointer { RawObjectScanner().scanWithImageProof($0).pagesDrawingNoImage }
        #expect(both == [false, false])
        // A content stream with an inline image, or a missing object, leaves the page unproven.
        let inline = objects.enumerated().map { index, object in
            index == 5 ? "<</Length 36>>\nstream\nq BI /W 1 /H 1 /CS /G /BPC 8 ID x EI Q\nendstream" : object
        }
        let inlined = Array(CLITests.pdf(objects: inline).utf8).withUnsafeBufferPointer { RawObjectScanner().scanWithImageProof($0).pagesDrawingNoImage }
        #expect(inlined == [false, false])
        let missing = objects.enumerated().map { index, object in index == 4 ? "<</Type/Font/Subtype/Type1/FontDescriptor 99 0 R>>" : object }
        let unfound = Array(CLITests.pdf(objects: missing).utf8).withUnsafeBufferPointer { RawObjectScanner().scanWithImageProof($0).pagesDrawingNoImage }
        #expect(unfound == [false, false])
    }
}
