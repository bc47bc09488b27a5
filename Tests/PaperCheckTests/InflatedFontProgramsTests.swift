import CPoppler
import Foundation
@testable import PDFExtraction
import Testing

/// The copies renders read carry an update that restates the font programs uncompressed, so that
/// poppler does not inflate them for every page it draws. A copy with the update must be the same
/// document to poppler: the same pages, the same fonts, the same pixels.
@Suite("font programs and images restated uncompressed")
struct InflatedFontProgramsTests {
    /// The file's bytes with only the update appended, as a poppler document; nil without an update.
    private func restated(_ path: String) throws -> (original: PopplerDocumentHandle, copy: OpaquePointer, update: String)? {
        let input = try InputBytes.open(path)
        var update = SharedScan(input).fontProgramUpdate
        guard update.count > 0 else { return nil }
        let restated = String(decoding: update.parts.flatMap { $0 }, as: UTF8.self)
        let bytes = try #require(MarkedCopy.bytes(of: input, underscoreAt: [], appending: &update))
        defer { g_bytes_unref(bytes) }
        let copy = try #require(poppler_document_new_from_bytes(bytes, nil, nil))
        return (try PopplerDocumentHandle(path: path, password: nil), copy, restated)
    }

    /// The page printed at 1 pixel per point, as bytes.
    private func pixels(_ page: OpaquePointer) throws -> [UInt8] {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        let columns = Int32(width.rounded(.up)), rows = Int32(height.rounded(.up))
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_RGB24, columns, rows))
        defer { cairo_surface_destroy(surface) }
        let context = try #require(cairo_create(surface))
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        poppler_page_render_for_printing_with_options(page, context, POPPLER_PRINT_DOCUMENT)
        cairo_destroy(context)
        cairo_surface_flush(surface)
        let data = try #require(cairo_image_surface_get_data(surface))
        return Array(UnsafeBufferPointer(start: data, count: Int(cairo_image_surface_get_stride(surface)) * Int(rows)))
    }

    /// The copy has the original's pages, and each prints to the same pixels.
    private func expectSamePages(_ copy: OpaquePointer, as original: PopplerDocumentHandle, _ name: String) throws {
        #expect(Int(poppler_document_get_n_pages(copy)) == original.pageCount)
        for index in 0..<original.pageCount {
            let page = try #require(original.page(at: index))
            let copyPage = try #require(poppler_document_get_page(copy, Int32(index)))
            defer { g_object_unref(UnsafeMutableRawPointer(copyPage)) }
            #expect(try pixels(copyPage) == pixels(page.pointer), "\(name) page \(index + 1)")
        }
    }

    @Test(arguments: ["icml_submission.pdf", "type3_matplotlib.pdf", "hidden_covered.pdf", "german_paper.pdf"])
    func theCopyIsTheSameDocumentToPoppler(_ name: String) throws {
        let (original, copy, update) = try #require(try restated(CLITests.fixture(name)), "\(name) has no update")
        defer { g_object_unref(UnsafeMutableRawPointer(copy)) }
        // Font programs (with their lengths), content streams (a length alone) and object streams.
        #expect(update.contains("/Length1 ") || update.contains("/Subtype /"), "\(name): no font program restated")
        #expect(update.contains(try Regex(#" obj\n<< /Length [0-9]+ >>\nstream\n"#)), "\(name): no content stream restated")
        #expect(update.contains("/Type /ObjStm /N "), "\(name): no object stream restated")
        try expectSamePages(copy, as: original, name)
        // The copy's fonts, by poppler's own scanner, are the file's: names, types, embedding,
        // subsets, encodings and pages (a file the object index cannot tell is scanned on a copy).
        let expected = FontScanner.scanAll(original)
        #expect(FontScanner.scanAll(copy, pageCount: original.pageCount) == expected)
        #expect(original.scannedFonts() == expected)
    }

    /// Poppler's bounding-box pass and its image map read the file's objects with the same update
    /// as the imageless copy, in a document of their own (the imageless copy's bytes when it renamed
    /// no image): the same boxes and images as the file's pages, annotations included, even after
    /// the viewed render hid the annotations of the imageless copy's own document.
    @Test(arguments: ["icml_submission.pdf", "file_mailto_note.pdf", "active_javascript_launch.pdf",
                      "softmask_image.pdf", "scan_with_stamp.pdf"])
    func theFaithfulCopyBoundsWhatThePageDraws(_ name: String) throws {
        let document = try PopplerDocumentHandle(path: CLITests.fixture(name), password: nil)
        var images = 0
        for index in 0..<document.pageCount {
            let page = try #require(document.page(at: index))
            let (width, height) = PDFNumber.pageSize(page.pointer)
            let imageless = try #require(document.imagelessPage(at: index))
            _ = HiddenTextReader.ViewedRender(imageless, width: width, height: height)
            let copy = try #require(document.faithfulCopyPage(at: index), "\(name): no faithful copy")
            #expect(PageReader.boundingBox(copy) == PageReader.boundingBox(page), "\(name) page \(index + 1)")
            #expect(PageReader.imageBoxes(copy) == PageReader.imageBoxes(page), "\(name) page \(index + 1)")
            images += PageReader.imageBoxes(page).count
        }
        // The files with images must show them: the imageless copy would map none.
        #expect((images > 0) == ["softmask_image.pdf", "scan_with_stamp.pdf"].contains(name), "\(name): \(images) images")
    }

    /// The copy for image renders restates the FlateDecode images too (`RestatedImage`): poppler
    /// must read the same samples and draw the same pixels.
    @Test func imagesRestatedDrawTheSamePixels() throws {
        let path = CLITests.fixture("softmask_image.pdf")
        let input = try InputBytes.open(path)
        var update = try #require(SharedScan(input).imageRenderUpdate(firstPage: 0), "softmask_image.pdf restated no image")
        let text = String(decoding: update.parts.flatMap { $0 }, as: UTF8.self)
        #expect(text.contains("/Subtype /Image") && text.contains("/SMask"), "the image and its soft mask")
        #expect(!text.contains("/Filter") && !text.contains("/DecodeParms"))
        let bytes = try #require(MarkedCopy.bytes(of: input, underscoreAt: [], appending: &update))
        defer { g_bytes_unref(bytes) }
        let copy = try #require(poppler_document_new_from_bytes(bytes, nil, nil))
        defer { g_object_unref(UnsafeMutableRawPointer(copy)) }
        let original = try PopplerDocumentHandle(path: path, password: nil)
        try expectSamePages(copy, as: original, "softmask_image.pdf")
    }

    /// A PDF of these objects, opened as a check opens a file (the file itself is removed at once:
    /// the bytes are mapped).
    private static func opened(_ objects: [[UInt8]]) throws -> InputBytes {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-restated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("built.pdf").path
        try Data(CLITests.pdf(objectBytes: objects)).write(to: URL(fileURLWithPath: path))
        return try InputBytes.open(path)
    }


    /// Each page's images are found through its forms and its images' soft masks, and the copy for
    /// image renders restates those of the page it is made for before the others.
    @Test func imagesOfThePageThatNeedsThemAreRestatedFirst() throws {
        func image(_ keys: String, _ samples: [UInt8]) -> [UInt8] {
            let data = CLITests.zlibStored(samples)
            return Array("<</Type/XObject/Subtype/Image/Width 2/Height 2/BitsPerComponent 8\(keys)/Filter/FlateDecode/Length \(data.count)>>\nstream\n".utf8)
                + data + Array("\nendstream".utf8)
        }
        func stream(_ dictionary: String, _ content: String) -> [UInt8] {
            Array("<<\(dictionary)/Length \(content.utf8.count)>>\nstream\n\(content)\nendstream".utf8)
        }
        let objects: [[UInt8]] = [
            Array("<</Type/Catalog/Pages 2 0 R>>".utf8),
            Array("<</Type/Pages/Kids[3 0 R 4 0 R 5 0 R]/Count 3>>".utf8),
            Array("<</Type/Page/Parent 2 0 R/MediaBox[0 0 20 20]/Resources<</XObject<</Fm 6 0 R>>>>/Contents 10 0 R>>".utf8),
            Array("<</Type/Page/Parent 2 0 R/MediaBox[0 0 20 20]/Contents 11 0 R>>".utf8),
            Array("<</Type/Page/Parent 2 0 R/MediaBox[0 0 20 20]/Resources<</XObject<</Im 8 0 R>>>>/Contents 12 0 R>>".utf8),
            stream("/Type/XObject/Subtype/Form/BBox[0 0 20 20]/Resources<</XObject<</Im 7 0 R>>>>", "q 10 0 0 10 0 0 cm /Im Do Q"),
            image("/ColorSpace/DeviceGray", [0, 80, 160, 240]),
            image("/ColorSpace/DeviceRGB/SMask 9 0 R", Array(0..<12)),
            image("/ColorSpace/DeviceGray", [255, 128, 64, 0]),
            stream("", "/Fm Do"),
            stream("", ""),
            stream("", "q 10 0 0 10 0 0 cm /Im Do Q"),
        ]
        let input = try Self.opened(objects)
        let scan = SharedScan(input)
        #expect(scan.result.imagesOfPages == [[7], [], [8, 9]])
        #expect(scan.result.pagesDrawingNoImage == [false, true, false])
        func restatedOrder(firstPage: Int) throws -> [Int] {
            let update = try #require(scan.imageRenderUpdate(firstPage: firstPage))
            let text = String(decoding: update.parts.flatMap { $0 }, as: UTF8.self)
            return text.split(separator: "\n").compactMap { line in
                line.hasSuffix(" 0 obj") ? Int(line.split(separator: " ")[0]) : nil
            }
        }
        #expect(try restatedOrder(firstPage: 2) == [8, 9, 7])
        #expect(try restatedOrder(firstPage: 0) == [7, 8, 9])
        #expect(try restatedOrder(firstPage: 1) == [8, 9, 7])
    }

    /// Besides the pages' contents, the streams their resources have poppler read at every use are
    /// restated: a font's ToUnicode map and a Type 3 font's glyph procedures, in a form's resources
    /// too. A plain stream no page's resources name (an editor's private data) is not.
    @Test func glyphProceduresAndToUnicodeMapsAreRestated() throws {
        func flate(_ dictionary: String, _ content: String) -> [UInt8] {
            let data = CLITests.zlibStored(Array(content.utf8))
            return Array("<<\(dictionary)/Filter/FlateDecode/Length \(data.count)>>\nstream\n".utf8) + data + Array("\nendstream".utf8)
        }
        let glyph = "500 0 0 0 500 700 d1 0 0 500 700 re f"
        let objects: [[UInt8]] = [
            Array("<</Type/Catalog/Pages 2 0 R>>".utf8),
            Array("<</Type/Pages/Kids[3 0 R]/Count 1>>".utf8),
            Array("<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Resources<</Font<</F1 5 0 R>>/XObject<</Fm 8 0 R>>>>/Contents 4 0 R>>".utf8),
            flate("", "BT /F1 12 Tf 10 10 Td (a) Tj ET /Fm Do"),
            Array("<</Type/Font/Subtype/Type1/BaseFont/Helvetica/ToUnicode 6 0 R>>".utf8),
            flate("", "/CIDInit /ProcSet findresource begin 12 dict begin begincmap endcmap end end"),
            flate("", "private data no page draws"),
            Array("<</Type/XObject/Subtype/Form/BBox[0 0 200 200]/Resources<</Font<</T3 9 0 R>>>>/Length 30>>\nstream\nBT /T3 1 Tf 50 50 Td (a) Tj ET\nendstream".utf8),
            Array("<</Type/Font/Subtype/Type3/FontBBox[0 0 500 700]/FontMatrix[0.001 0 0 0.001 0 0]/CharProcs<</a 10 0 R>>/Encoding<</Differences[97/a]>>/FirstChar 97/LastChar 97/Widths[500]>>".utf8),
            flate("", glyph),
        ]
        let input = try Self.opened(objects)
        let index = try #require(SharedScan(input).result.objects)
        let restated = input.withBuffer { InflatedFontPrograms.plainStreams(of: $0.bindMemory(to: UInt8.self), index: index) }
        #expect(restated.map(\.number) == [4, 6, 10])
        #expect(restated.last.map { String(decoding: $0.data, as: UTF8.self) } == glyph)
    }

    /// Rows filtered as PNG does (the five filter types and an unknown one, which poppler copies),
    /// undone to the samples; data that is not whole rows is refused.
    @Test func pngPredictorsAreUndone() throws {
        let pixelBytes = 3, rowBytes = 12
        let samples: [[UInt8]] = (0..<7).map { row in (0..<rowBytes).map { UInt8(truncatingIfNeeded: row * 37 + $0 * $0 * 11 + 5) } }
        func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
            let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        }
        let predictor = PNGPredictor(rowBytes: rowBytes, pixelBytes: pixelBytes)
        var filtered: [UInt8] = []
        // Every type on the first row (no row above) too: the rows' types start at each of them.
        for firstType in 0..<6 {
            filtered = []
            for (row, line) in samples.enumerated() {
                let type = (row + firstType) % 6 == 5 ? 9 : (row + firstType) % 6
                filtered.append(UInt8(type))
                for column in 0..<rowBytes {
                    let left = column >= pixelBytes ? Int(line[column - pixelBytes]) : 0
                    let up = row > 0 ? Int(samples[row - 1][column]) : 0
                    let upLeft = row > 0 && column >= pixelBytes ? Int(samples[row - 1][column - pixelBytes]) : 0
                    let predicted = [0, left, up, (left + up) / 2, paeth(left, up, upLeft)][type < 5 ? type : 0]
                    filtered.append(UInt8(truncatingIfNeeded: Int(line[column]) - predicted))
                }
            }
            #expect(try predictor.undone(filtered) == samples.flatMap { $0 }, "rows starting with type \(firstType)")
        }
        #expect(throws: PDFReadDoubt.self) { try predictor.undone(Array(filtered.dropLast())) }
    }

    @Test func aFileWhoseEndCannotBeTrustedGetsNoUpdate() {
        func crossReference(_ text: String) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { InflatedFontPrograms.lastCrossReference(in: $0) }
        }
        let body = "%PDF-1.4\n1 0 obj << >> endobj\n"
        #expect(crossReference(body + "xref\n0 1\n0000000000 65535 f \ntrailer << >>\nstartxref\n\(body.utf8.count)\n%%EOF\n") == body.utf8.count)
        #expect(crossReference(body + "startxref\n9\n%%EOF\n") == 9)  // `1 0 obj`: a cross-reference stream's place
        #expect(crossReference(body + "startxref\n3\n%%EOF\n") == nil)  // not at a section
        #expect(crossReference(body + "startxref\n999999\n%%EOF\n") == nil)
        #expect(crossReference(body) == nil)
    }
}
