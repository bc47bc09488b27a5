internal import CPoppler
import PaperFacts

/// Lists the document's fonts page by page with poppler's font scanner, which reports each font
/// once, on the first page whose resources use it.
struct FontScanner {
    struct ScannedFont: Equatable {
        var fullName: String
        var type: FontType
        var isEmbedded: Bool
        var isSubset: Bool
        var encoding: String?
        var firstPage: Int
    }

    private let info: OpaquePointer

    /// Per page in order, the fonts poppler's scanner sees first there.
    static func scanAll(_ document: PopplerDocumentHandle) -> [[ScannedFont]] {
        scanAll(document.pointer, pageCount: document.pageCount)
    }

    /// The same, on the first `pageCount` pages of a poppler document.
    static func scanAll(_ document: OpaquePointer, pageCount: Int) -> [[ScannedFont]] {
        let scanner = FontScanner(info: poppler_font_info_new(document))
        defer { scanner.free() }
        return (0..<pageCount).map { scanner.scanNextPage(number: $0 + 1) }
    }

    private init(info: OpaquePointer) {
        self.info = info
    }

    func free() {
        poppler_font_info_free(info)
    }

    /// Scans the next page (pages are scanned in order) and returns the fonts first seen there.
    func scanNextPage(number: Int) -> [ScannedFont] {
        var iterator: OpaquePointer?
        guard poppler_font_info_scan(info, 1, &iterator) != 0, let iterator else { return [] }
        defer { poppler_fonts_iter_free(iterator) }
        var fonts: [ScannedFont] = []
        repeat {
            let name = borrowCString(poppler_fonts_iter_get_full_name(iterator))
                ?? borrowCString(poppler_fonts_iter_get_name(iterator)) ?? FontFacts.unnamed
            fonts.append(ScannedFont(fullName: name,
                                     type: Self.fontType(poppler_fonts_iter_get_font_type(iterator)),
                                     isEmbedded: poppler_fonts_iter_is_embedded(iterator) != 0,
                                     isSubset: poppler_fonts_iter_is_subset(iterator) != 0,
                                     encoding: borrowCString(poppler_fonts_iter_get_encoding(iterator)),
                                     firstPage: number))
        } while poppler_fonts_iter_next(iterator) != 0
        return fonts
    }

    static func fontType(_ type: PopplerFontType) -> FontType {
        switch type {
        case POPPLER_FONT_TYPE_TYPE1: .type1
        case POPPLER_FONT_TYPE_TYPE1C: .type1C
        case POPPLER_FONT_TYPE_TYPE1COT: .type1COpenType
        case POPPLER_FONT_TYPE_TYPE3: .type3
        case POPPLER_FONT_TYPE_TRUETYPE: .trueType
        case POPPLER_FONT_TYPE_TRUETYPEOT: .trueTypeOpenType
        case POPPLER_FONT_TYPE_CID_TYPE0: .cidType0
        case POPPLER_FONT_TYPE_CID_TYPE0C: .cidType0C
        case POPPLER_FONT_TYPE_CID_TYPE0COT: .cidType0COpenType
        case POPPLER_FONT_TYPE_CID_TYPE2: .cidTrueType
        case POPPLER_FONT_TYPE_CID_TYPE2OT: .cidTrueTypeOpenType
        default: .unknown
        }
    }
}
