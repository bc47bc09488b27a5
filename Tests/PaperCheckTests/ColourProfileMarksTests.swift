import CPoppler
import Foundation
@testable import PDFExtraction
import Testing

/// Renders that decode images use a copy of the file whose ICC profiles are turned off: poppler then
/// paints those images in the profile's alternate colour space without a LittleCMS transform per
/// pixel. The scan must find every profile it can turn off and nothing else, and the copy must
/// still draw the image.
@Suite("colour profile marks")
struct ColourProfileMarksTests {
    private func marks(_ bytes: [UInt8]) -> [Int] {
        bytes.withUnsafeBufferPointer { RawObjectScanner().scanWithImageProof($0).colourProfileMarks }
    }

    private func marks(_ text: String) -> [Int] { marks(Array(text.utf8)) }

    /// A gray ICC profile (version 2.1, a monitor's) with the D50 white point and a tone curve of
    /// gamma 3: gray 128 comes out darker through it (about 100 in sRGB) than as device gray.
    static let grayProfile: [UInt8] = {
        func word(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        func tag(_ name: String) -> [UInt8] { Array(name.utf8) }
        let whitePoint = word(0x0000_F6D6) + word(0x0001_0000) + word(0x0000_D32D)
        var header = word(192) + word(0) + word(0x0210_0000) + tag("mntr") + tag("GRAY") + tag("XYZ ")
        header += [UInt8](repeating: 0, count: 12) + tag("acsp") + [UInt8](repeating: 0, count: 28) + whitePoint
        header += [UInt8](repeating: 0, count: 128 - header.count)
        let table = word(2) + tag("wtpt") + word(156) + word(20) + tag("kTRC") + word(176) + word(14)
        let white = tag("XYZ ") + word(0) + whitePoint
        let curve = tag("curv") + word(0) + word(1) + [0x03, 0x00]
        return header + table + white + curve + [0, 0]
    }()

    @Test func anUncompressedProfileIsMarkedAtItsSignature() {
        let profile = Self.grayProfile
        let head = Array("4 0 obj\n<< /N 1 /Length \(profile.count) >>\nstream\n".utf8)
        let found = marks(head + profile + Array("\nendstream\nendobj\n".utf8))
        #expect(found == [head.count + 36])
    }

    @Test func aCompressedProfileIsMarkedAtItsFiltersName() throws {
        let text = "4 0 obj\n<< /Length 3 /N 3 /Alternate /DeviceRGB /Filter /FlateDecode >>\nstream\nxyz\nendstream\nendobj\n"
        let name = try #require(text.range(of: "/FlateDecode"))
        #expect(marks(text) == [text.utf8.distance(from: text.startIndex, to: name.upperBound) - 1])
        #expect(marks("<< /N 4 /Filter [/FlateDecode] /Length 3 >>\nstream\nxyz\nendstream").count == 1)
        // Any standard filter, the first of a chain: the renamed one reads as no data.
        let chain = "<< /N 1 /Filter [/ASCII85Decode /FlateDecode] /Length 3 >>\nstream\nxyz\nendstream"
        let first = try #require(chain.range(of: "/ASCII85Decode"))
        #expect(marks(chain) == [chain.utf8.distance(from: chain.startIndex, to: first.upperBound) - 1])
        #expect(marks("<< /N 3 /Length 3 /Filter /AHx >>\nstream\nxyz\nendstream").count == 1)
    }

    @Test func otherStreamsAreLeftAlone() {
        // An object stream also has /N; a stream with a key no profile has is not one.
        #expect(marks("<< /Type /ObjStm /N 3 /First 10 /Length 3 /Filter /FlateDecode >>\nstream\nxyz\nendstream").isEmpty)
        #expect(marks("<< /N 3 /Subtype /Form /Length 3 /Filter /FlateDecode >>\nstream\nxyz\nendstream").isEmpty)
        #expect(marks("<< /N 2 /Length 3 /Filter /FlateDecode >>\nstream\nxyz\nendstream").isEmpty)
        // Filters with parameters, given by reference, unknown, or written with a `#` escape.
        #expect(marks("<< /N 3 /Length 3 /Filter /DCTDecode >>\nstream\nxyz\nendstream").isEmpty)
        #expect(marks("<< /N 3 /Length 3 /Filter /Flate#44ecode >>\nstream\nxyz\nendstream").isEmpty)
        #expect(marks("<< /N 3 /Length 3 /Filter /FlateDecode /DecodeParms << /Predictor 12 >> >>\nstream\nxyz\nendstream").isEmpty)
        #expect(marks("<< /N 3 /Length 3 /Filter 7 0 R >>\nstream\nxyz\nendstream").isEmpty)
        // An uncompressed stream without the ICC signature where a header has it.
        let data = [UInt8](repeating: 0x41, count: 200)
        #expect(marks(Array("<< /N 1 /Length 200 >>\nstream\n".utf8) + data + Array("\nendstream".utf8)).isEmpty)
    }

    /// One gray pixel of 128 drawn over a 10-point page in an ICC-based colour space.
    private func writeGrayImagePDF(in folder: URL) throws -> String {
        let content = "q 10 0 0 10 0 0 cm /Im1 Do Q"
        let objects: [[UInt8]] = [
            Array("<</Type/Catalog/Pages 2 0 R>>".utf8),
            Array("<</Type/Pages/Kids[3 0 R]/Count 1>>".utf8),
            Array("<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Resources<</XObject<</Im1 5 0 R>>>>/Contents 6 0 R>>".utf8),
            Array("<</N 1/Length \(Self.grayProfile.count)>>\nstream\n".utf8) + Self.grayProfile + Array("\nendstream".utf8),
            Array("<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace[/ICCBased 4 0 R]/BitsPerComponent 8/Length 1>>\nstream\n".utf8)
                + [128] + Array("\nendstream".utf8),
            Array("<</Length \(content.utf8.count)>>\nstream\n\(content)\nendstream".utf8),
        ]
        let path = folder.appendingPathComponent("gray-icc.pdf").path
        try Data(CLITests.pdf(objectBytes: objects)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The green value of the middle pixel of a page printed at 1 pixel per point.
    private func middleGreen(_ page: PopplerPageHandle) throws -> UInt8 {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10))
        defer { cairo_surface_destroy(surface) }
        let context = try #require(cairo_create(surface))
        poppler_page_render_for_printing_with_options(page.pointer, context, POPPLER_PRINT_DOCUMENT)
        cairo_destroy(context)
        cairo_surface_flush(surface)
        let data = try #require(cairo_image_surface_get_data(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        return data[5 * stride + 5 * 4 + 1]
    }

    /// The faithful copy (the bounding box, the image map, the font scan) has the profiles off
    /// too: poppler builds no colour transform there, and the image is drawn in the same place.
    @Test func theFaithfulCopyTurnsTheProfilesOffAndBoundsTheSameImage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-icc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try PopplerDocumentHandle(path: try writeGrayImagePDF(in: folder), password: nil)
        let real = try #require(document.page(at: 0))
        let faithful = try #require(document.faithfulCopyPage(at: 0))
        #expect(try middleGreen(faithful) == 128)
        #expect(PageReader.imageBoxes(real).count == 1)
        #expect(PageReader.imageBoxes(faithful) == PageReader.imageBoxes(real))
        #expect(PageReader.boundingBox(faithful) == PageReader.boundingBox(real))
    }

    @Test func theCopyDrawsTheImageInItsAlternateSpaceAndTheFileStaysAsItWas() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-icc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try writeGrayImagePDF(in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let document = try PopplerDocumentHandle(path: path, password: nil)
        let real = try #require(document.page(at: 0))
        let copy = try #require(document.imageRenderPage(at: 0))
        // Through the profile's curve the pixel is darker than 128; in the copy it is device gray.
        let managed = try middleGreen(real)
        #expect(managed < 120)
        #expect(try middleGreen(copy) == 128)
        #expect(PageReader.imageBoxes(copy) == PageReader.imageBoxes(real))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // A file without a profile gets no copy: its pages render as cheaply.
        let plain = try PopplerDocumentHandle(path: CLITests.fixture("hidden_covered.pdf"), password: nil)
        #expect(plain.imageRenderPage(at: 0) == nil)
    }
}
