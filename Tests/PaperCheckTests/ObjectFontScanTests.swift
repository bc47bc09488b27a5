import Foundation
@testable import PDFExtraction
import Testing

/// The font list read from the scan's object index (`ObjectFontScanner`) stands in for poppler's
/// font scanner, so wherever it answers it must answer exactly as poppler does: checked against
/// poppler on every fixture, on the shared papers when they are beside the repository, and on
/// hand-built files for each way a font's type and encoding are told.
@Suite("fonts from the object index")
struct ObjectFontScanTests {
    /// Both lists of the file at `path`: from the objects (nil when the scan gives up) and poppler's.
    private func bothLists(_ path: String) throws -> (objects: [[FontScanner.ScannedFont]]?, poppler: [[FontScanner.ScannedFont]]) {
        let document = try PopplerDocumentHandle(path: path, password: nil)
        let poppler = FontScanner.scanAll(document)
        // What a check takes (poppler's scanner on the faithful copy where the index cannot tell) is poppler's.
        #expect(document.scannedFonts() == poppler, "\(path)")
        return (document.fontsFromObjects(), poppler)
    }

    /// Checks every PDF in `folder` that poppler opens; returns the names the object scan answered for.
    private func checkFolder(_ folder: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pdf") }.sorted()
        var answered: [String] = []
        for name in names {
            guard let (objects, poppler) = try? bothLists(folder + "/" + name), let objects else { continue }
            answered.append(name)
            #expect(objects == poppler, "\(name): the object index lists other fonts than poppler")
        }
        return answered
    }

    @Test func agreesWithPopplerOnEveryFixture() throws {
        let answered = try checkFolder(CLITests.fixture("").dropLastSlash)
        #expect(answered.contains("icml_submission.pdf") && answered.contains("standard14_nonembedded.pdf"), "\(answered)")
        #expect(answered.count >= 10, "\(answered)")
    }

    /// The real papers beside the repository (`../shared`), when they are there.
    @Test func agreesWithPopplerOnTheSharedPapers() throws {
        let shared = CLITests.root.deletingLastPathComponent().appendingPathComponent("shared")
        for set in ["corpus/pdfs", "proceedings/pdfs"] {
            let folder = shared.appendingPathComponent(set).path
            guard FileManager.default.fileExists(atPath: folder) else { continue }
            let answered = try checkFolder(folder)
            #expect(!answered.isEmpty, "\(set)")
        }
    }

    // MARK: hand-built fonts

    /// A one-page file with a link, whose page's fonts are the objects given (from object 5 on)
    /// that `fontObjects` names (by index into `objects`; all of them by default).
    /// `faithful`: the file must have a faithful copy (it restates a program).
    private func fonts(_ objects: [[UInt8]], fontObjects: [Int]? = nil,
                       annotation: String = "<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] >>", faithful: Bool = false)
        throws -> (objects: [[FontScanner.ScannedFont]]?, poppler: [[FontScanner.ScannedFont]]) {
        let used = fontObjects ?? Array(objects.indices)
        let names = used.map { "/F\($0) \($0 + 5) 0 R" }.joined(separator: " ")
        let content = "BT " + used.map { "/F\($0) 10 Tf (a) Tj" }.joined(separator: " ") + " ET"
        let page: [[UInt8]] = [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << \(names) >> >> >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Annots [\(annotation)] >>".utf8),
            Array("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream".utf8),
        ]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-fonts-\(UUID().uuidString).pdf")
        try Data(CLITests.pdf(objectBytes: page + objects)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        if faithful { #expect(try PopplerDocumentHandle(path: url.path, password: nil).faithfulCopyPage(at: 0) != nil) }
        return try bothLists(url.path)
    }

    private static func font(_ dictionary: String) -> [UInt8] { Array(dictionary.utf8) }

    /// A font program stream, uncompressed.
    private static func program(_ bytes: [UInt8], subtype: String? = nil) -> [UInt8] {
        let sub = subtype.map { " /Subtype /\($0)" } ?? ""
        return Array("<< /Length \(bytes.count)\(sub) >>\nstream\n".utf8) + bytes + Array("\nendstream".utf8)
    }

    @Test func typesAndEncodingsAreToldAsPopplerTellsThem() throws {
        let pfa = Array("%!PS-AdobeFont-1.0: CMR10\n/Encoding StandardEncoding def\n".utf8)
        let trueType: [UInt8] = [0x00, 0x01, 0x00, 0x00] + [UInt8](repeating: 0, count: 60)
        // A bare CFF program whose top dict opens with ROS: CID-keyed.
        let cffCID: [UInt8] = [0x01, 0x00, 0x04, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x41, 0x00, 0x01, 0x01, 0x01, 0x0A,
                               0x8B, 0x8B, 0x8B, 0x0C, 0x1E, 0x8B, 0x8B, 0x8B, 0x0C, 0x1E]
        let (objects, poppler) = try fonts([
            // Object 5 (index 0): embedded Type 1 without an encoding: the program's own.
            Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+CMR10 /FontDescriptor 6 0 R >>"),
            Self.font("<< /Type /FontDescriptor /FontName /ABCDEF+CMR10 /FontFile 7 0 R >>"),
            Self.program(pfa),
            // 8 (3): a Type 1 subtype whose program is TrueType, with differences.
            Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /Odd /FontDescriptor 9 0 R /Encoding << /Differences [65 /A] >> >>"),
            Self.font("<< /Type /FontDescriptor /FontName /Odd /FontFile2 10 0 R >>"),
            Self.program(trueType),
            // 11 to 14 (6 to 9): not embedded: Symbol, Arial as TrueType (a base-14 alias), an unknown TrueType, WinAnsi.
            Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>"),
            Self.font("<< /Type /Font /Subtype /TrueType /BaseFont /Arial >>"),
            Self.font("<< /Type /Font /Subtype /TrueType /BaseFont /SomeSans >>"),
            Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
            // 15 (10): a Type 0 font over a CID-keyed CFF program, Identity-H.
            Self.font("<< /Type /Font /Subtype /Type0 /BaseFont /KozMin /Encoding /Identity-H /DescendantFonts [16 0 R] >>"),
            Self.font("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMin /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 17 0 R >>"),
            Self.font("<< /Type /FontDescriptor /FontName /KozMin /FontFile3 18 0 R >>"),
            Self.program(cffCID, subtype: "CIDFontType0C"),
            // 19 and 20 (14, 15): a Type 3 font, and a font whose program reference leads nowhere.
            Self.font("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] /CharProcs << >> /Encoding << /Differences [0 /a] >> >>"),
            Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /Gone /FontDescriptor << /FontFile 99 0 R >> >>"),
        ], fontObjects: [0, 3, 6, 7, 8, 9, 10, 14, 15])
        let listed = try #require(objects, "the object scan gave up")
        #expect(listed == poppler)
        let byName = Dictionary(listed.flatMap { $0 }.map { ($0.fullName, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["ABCDEF+CMR10"]?.encoding == "Builtin" && byName["ABCDEF+CMR10"]?.isSubset == true)
        #expect(byName["Odd"]?.type == .trueType && byName["Odd"]?.encoding == "Custom")
        #expect(byName["Symbol"]?.encoding == "Symbol" && byName["Arial"]?.encoding == "Standard")
        #expect(byName["SomeSans"]?.encoding == "WinAnsi" && byName["Helvetica"]?.encoding == "WinAnsi")
        #expect(byName["KozMin"]?.type == .cidType0C && byName["KozMin"]?.encoding == "Identity-H")
        #expect(byName["Gone"]?.isEmbedded == false)
    }

    @Test func whatOnlyPopplerCanTellIsLeftToIt() throws {
        let plain = Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>")
        // An annotation with an appearance of its own, whose fonts poppler's scanner reads.
        let widget = "<< /Type /Annot /Subtype /Widget /Rect [0 0 1 1] /AP << /N 9 0 R >> >>"
        #expect(try fonts([plain], annotation: widget).objects == nil)
        // A CFF program whose encoding only poppler's CFF parser can tell.
        let cff = try fonts([
            Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /C /FontDescriptor 6 0 R >>"),
            Self.font("<< /Type /FontDescriptor /FontName /C /FontFile3 7 0 R >>"),
            Self.program([0x01, 0x00, 0x04, 0x01], subtype: "Type1C"),
        ], fontObjects: [0])
        #expect(cff.objects == nil)
        // The same in FlateDecode: poppler's scanner then reads the faithful copy, which restates it.
        let data = CLITests.zlibStored([0x01, 0x00, 0x04, 0x01])
        let flate = try fonts([
            Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /C /FontDescriptor 6 0 R >>"),
            Self.font("<< /Type /FontDescriptor /FontName /C /FontFile3 7 0 R >>"),
            Array("<< /Length \(data.count) /Subtype /Type1C /Filter /FlateDecode >>\nstream\n".utf8) + data + Array("\nendstream".utf8),
        ], fontObjects: [0], faithful: true)
        #expect(flate.objects == nil && flate.poppler.flatMap { $0 }.map(\.type) == [.type1C])
        // A program in a filter the scan does not decode.
        let hex = try fonts([
            Self.font("<< /Type /Font /Subtype /Type1 /BaseFont /H /FontDescriptor 6 0 R >>"),
            Self.font("<< /Type /FontDescriptor /FontName /H /FontFile 7 0 R >>"),
            Array("<< /Length 11 /Filter /ASCIIHexDecode >>\nstream\n2521505320>\nendstream".utf8),
        ], fontObjects: [0])
        #expect(hex.objects == nil)
        // The same page without any of these is answered.
        #expect(try fonts([plain]).objects != nil)
    }

    @Test func fontProgramsAreIdentifiedByTheirFirstBytes() throws {
        #expect(try FontProgramKind.identify(Array("%!FontType1-1.0".utf8), complete: true) == .type1)
        #expect(try FontProgramKind.identify([0x80, 0x01, 0x20, 0, 0, 0] + Array("%!PS-AdobeFont-1.0".utf8), complete: true) == .type1)
        #expect(try FontProgramKind.identify(Array("true".utf8) + [0, 0], complete: true) == .trueType)
        #expect(try FontProgramKind.identify([0x01, 0x00, 0x04, 0x01, 0x00, 0x00], complete: true) == .unknown)
        #expect(try FontProgramKind.identify([0x42], complete: true) == .unknown)
        // The first bytes of a longer program that were not all decoded cannot be told from.
        #expect(throws: PDFReadDoubt.self) { try FontProgramKind.identify([0x01, 0x00], complete: false) }
    }
}

private extension String {
    var dropLastSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
