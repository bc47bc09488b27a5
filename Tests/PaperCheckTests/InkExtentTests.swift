import Foundation
import PaperFacts
@testable import PDFExtraction
import Testing

/// The page's ink extent read from the pixels of the viewed render (what is drawn), against
/// poppler's bounding-box pass (the boxes of what is painted, seen or not).
@Suite("ink extent")
struct InkExtentTests {
    private func extents(_ name: String, page index: Int = 0) throws -> (pixels: Box?, boxes: Box?) {
        try extents(path: CLITests.fixture(name), page: index)
    }

    private func extents(path: String, page index: Int = 0) throws -> (pixels: Box?, boxes: Box?) {
        let document = try PopplerDocumentHandle(path: path, password: nil)
        let copy = try #require(document.imagelessPage(at: index))
        let page = try #require(document.page(at: index))
        let (width, height) = PDFNumber.pageSize(page.pointer)
        let viewed = try #require(HiddenTextReader.ViewedRender(copy, width: width, height: height))
        return (viewed.inkExtent(), PageReader.boundingBox(page))
    }

    @Test(arguments: ["icml_submission.pdf", "margin_text.pdf", "margin_vector.pdf", "type3_matplotlib.pdf", "page_numbers.pdf"])
    func thePixelsAgreeWithTheBoxesOnDrawnPages(_ name: String) throws {
        let (pixels, boxes) = try extents(name)
        let ink = try #require(pixels), painted = try #require(boxes)
        // The ink lies in the boxes, to a pixel; glyphs, rules and figures fill them to within a
        // few points (a digit's box holds a descent it does not ink).
        #expect(painted.expanded(by: 1).contains(ink), "\(name): ink \(ink), boxes \(painted)")
        #expect(ink.expanded(by: 3).contains(painted), "\(name): ink \(ink), boxes \(painted)")
    }

    /// White rectangles in the bottom margin (y 720-745) and the right one (x 580-603) of page 2
    /// are painted, and the boxes count them; they are not ink.
    @Test func aWhiteBoxIsNoInk() throws {
        let (pixels, boxes) = try extents("margin_white_box.pdf", page: 1)
        let ink = try #require(pixels), painted = try #require(boxes)
        #expect(painted.x1 >= 600 && painted.y1 >= 740)
        #expect(ink.x1 < 580 && ink.y1 < 720)
    }

    /// Three pages, each with a white box in the right margin (x 580-600) beside a line of text:
    /// page 1 draws an image inside the text block, page 2 none, page 3 one that reaches into the
    /// right margin (x 480-580).
    private static func imagePagesPDF() -> String {
        let text = "BT /F1 10 Tf 72 700 Td (Hello world) Tj ET 1 1 1 rg 580 100 20 20 re f"
        let contents = ["q 100 0 0 100 72 500 cm /Im1 Do Q " + text, text, "q 100 0 0 100 480 500 cm /Im1 Do Q " + text]
        var objects = [
            "<</Type/Catalog/Pages 2 0 R>>",
            "<</Type/Pages/Kids[5 0 R 7 0 R 9 0 R]/Count 3>>",
            "<</Type/Font/Subtype/Type1/BaseFont/Times-Roman/Encoding/WinAnsiEncoding>>",
            "<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Length 1>>\nstream\n\u{0}\nendstream",
        ]
        for content in contents {
            // The page is object `objects.count + 1`, its content the next one.
            objects.append("<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 3 0 R>>/XObject<</Im1 4 0 R>>>>/Contents \(objects.count + 2) 0 R>>")
            objects.append("<</Length \(content.utf8.count)>>\nstream\n\(content)\nendstream")
        }
        return CLITests.pdf(objects: objects)
    }

    /// In a file that draws images, a page takes its ink from the pixels (with its image boxes)
    /// when every image lies inside the probe region, and the white box is no ink; a page whose
    /// image reaches out keeps the bounding-box pass, which clips the image and counts the box.
    @Test func pagesWhoseImagesStayInsideTakeTheirInkFromThePixels() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ink-extent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("image-pages.pdf")
        try Self.imagePagesPDF().write(to: file, atomically: true, encoding: .isoLatin1)
        let options = ExtractionOptions(vectorInkProbeRegion: Box(x0: 52, y0: 64, x1: 544, y1: 718), hiddenTextTinySize: 4)
        let facts = try DocumentExtractor.extract(path: file.path, options: options)
        try #require(facts.pages.count == 3)
        let inside = try #require(facts.pages[0].inkBox), none = try #require(facts.pages[1].inkBox)
        let reaching = try #require(facts.pages[2].inkBox)
        #expect(inside.x0 >= 70 && inside.x1 >= 172 && inside.x1 < 580 && inside.y0 <= 192, "the text and the image: \(inside)")
        #expect(none.x0 >= 70 && none.x1 < 580, "the text alone: \(none)")
        #expect(reaching.x1 >= 600, "the boxes count the white box: \(reaching)")
    }

    @Test func overlappingImagesLeaveTheirSharedPixelsOutOnce() {
        #expect(HiddenTextReader.pixelCount(ofUnion: []) == 0)
        #expect(HiddenTextReader.pixelCount(ofUnion: [(left: 0, right: 4, top: 0, bottom: 10)]) == 40)
        // Three copies of one strip, as a figure drawing the same picture three times: 40, not 120.
        let strip = (left: 0, right: 4, top: 0, bottom: 10)
        #expect(HiddenTextReader.pixelCount(ofUnion: [strip, strip, strip]) == 40)
        // Two boxes that share a 2 by 2 corner.
        #expect(HiddenTextReader.pixelCount(ofUnion: [(left: 0, right: 4, top: 0, bottom: 4), (left: 2, right: 6, top: 2, bottom: 6)]) == 28)
    }

    @Test func aBlankPageHasNoInk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ink-extent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let blank = folder.appendingPathComponent("blank.pdf")
        try CLITests.onePagePDF(content: "1 1 1 rg 72 72 200 200 re f").write(to: blank, atomically: true, encoding: .isoLatin1)
        let (pixels, boxes) = try extents(path: blank.path)
        #expect(pixels == nil && boxes != nil, "a white fill is painted, and no ink")
    }
}
