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
    private func restated(_ path: String) throws -> (original: PopplerDocumentHandle, copy: OpaquePointer, restated: Int)? {
        let input = try InputBytes.open(path)
        let update = SharedScan(input).fontProgramUpdate
        guard !update.isEmpty else { return nil }
        let bytes = try #require(MarkedCopy.bytes(of: input, underscoreAt: [], appending: update))
        defer { g_bytes_unref(bytes) }
        let copy = try #require(poppler_document_new_from_bytes(bytes, nil, nil))
        let restated = String(decoding: update, as: UTF8.self).components(separatedBy: " obj\n<< /Length ").count - 1
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
        let (original, copy, restated) = try #require(try restated(CLITests.fixture(name)), "\(name) has no update")
        defer { g_object_unref(UnsafeMutableRawPointer(copy)) }
        #expect(restated > 0)
        try expectSamePages(copy, as: original, name)
        // The copy's fonts, by poppler's own scanner, are the file's.
        let copyScanner = poppler_font_info_new(copy)
        defer { poppler_font_info_free(copyScanner) }
        var names: [String] = []
        var iterator: OpaquePointer?
        while poppler_font_info_scan(copyScanner, 1, &iterator) != 0, let found = iterator {
            repeat {
                let name = poppler_fonts_iter_get_full_name(found).map { String(cString: $0) } ?? "(unnamed)"
                names.append(name + (poppler_fonts_iter_is_embedded(found) != 0 ? "+e" : ""))
            } while poppler_fonts_iter_next(found) != 0
            poppler_fonts_iter_free(found)
        }
        let expected = FontScanner.scanAll(original).flatMap { $0 }.map { $0.fullName + ($0.isEmbedded ? "+e" : "") }
        #expect(names == expected)
    }

    /// The copy for image renders restates the FlateDecode images too (`RestatedImage`): poppler
    /// must read the same samples and draw the same pixels.
    @Test func imagesRestatedDrawTheSamePixels() throws {
        let path = CLITests.fixture("softmask_image.pdf")
        let input = try InputBytes.open(path)
        var update = try #require(SharedScan(input).imageRenderUpdate, "softmask_image.pdf restated no image")
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

    /// Rows filtered as PNG does (the five filter types and an unknown one, which poppler copies),
    /// undone to the samples; data that is not whole rows is refused.
    @Test func pngPredictorsAreUndone() throws {
        let pixelBytes = 3, rowBytes = 12
        let samples: [[UInt8]] = (0..<7).map { row in (0..<rowBytes).map { UInt8(truncatingIfNeeded: row * 37 + $0 * $0 * 11 + 5) } }
        func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
            let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        }
        var filtered: [UInt8] = []
        for (row, line) in samples.enumerated() {
            let type = row % 6 == 5 ? 9 : row % 6
            filtered.append(UInt8(type))
            for column in 0..<rowBytes {
                let left = column >= pixelBytes ? Int(line[column - pixelBytes]) : 0
                let up = row > 0 ? Int(samples[row - 1][column]) : 0
                let upLeft = row > 0 && column >= pixelBytes ? Int(samples[row - 1][column - pixelBytes]) : 0
                let predicted = [0, left, up, (left + up) / 2, paeth(left, up, upLeft)][type < 5 ? type : 0]
                filtered.append(UInt8(truncatingIfNeeded: Int(line[column]) - predicted))
            }
        }
        let predictor = PNGPredictor(rowBytes: rowBytes, pixelBytes: pixelBytes)
        #expect(try predictor.undone(filtered) == samples.flatMap { $0 })
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
