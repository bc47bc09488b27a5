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
