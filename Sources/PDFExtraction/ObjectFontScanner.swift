internal import CPoppler
import Foundation
import PaperFacts

/// Lists a document's fonts page by page from the lexical scan's object index, with what poppler's
/// font scanner would report for each: its name, type, whether it is embedded and a subset, its
/// encoding, the page that first uses it.
///
/// Poppler's scanner builds every font it meets (`GfxFont::makeFont`), and for an embedded Type 1
/// font that means inflating and parsing the whole program for its built-in encoding: about 15% of
/// a paper's instructions, for facts a few dictionary entries and the program's first bytes give.
/// This reads those entries and bytes the way poppler 22.12 does (the same walk over resources,
/// forms and patterns, the same ways to tell a font's type and encoding), and gives up with
/// `PDFReadDoubt` wherever poppler's answer depends on more: a CFF program it would have to parse, a
/// CMap or collection that poppler-data decides, an annotation with an appearance, a filter other
/// than FlateDecode, anything it cannot read. The caller then asks poppler.
struct ObjectFontScanner {
    private var reader: PDFObjectReader
    /// Font objects already reported, by number, as poppler keeps them.
    private var fontsSeen = Set<Int>()
    /// Forms, patterns and resource dictionaries already walked, by number.
    private var visited = Set<Int>()
    private let deadline: Date

    /// Decoded bytes of a font program read to tell its type.
    static let programPrefix = 64 << 10

    init(file: UnsafeBufferPointer<UInt8>, index: ObjectIndex, timeBudget: TimeInterval = 2) {
        reader = PDFObjectReader(file: file, index: index)
        deadline = ReadingDeadline.after(timeBudget)
    }

    /// Per page in order, the fonts first used there; throws when poppler's answer cannot be told
    /// this way, or the page tree does not have `pageCount` pages.
    mutating func scan(pageCount: Int) throws -> [[FontScanner.ScannedFont]] {
        let pages = try reader.pageTree()
        guard pages.count == pageCount else { throw PDFReadDoubt() }
        var result: [[FontScanner.ScannedFont]] = []
        for (index, page) in pages.enumerated() {
            guard Date() < deadline else { throw PDFReadDoubt() }
            try checkPage(page.dictionary)
            var found: [FontScanner.ScannedFont] = []
            if let resources = page.resources { try scanFonts(in: resources, page: index + 1, into: &found, depth: 0) }
            result.append(found)
        }
        return result
    }

    // MARK: pages

    /// What would make poppler refuse the page, or read fonts from an annotation's appearance:
    /// contents or annotations of the wrong type, any annotation but a link without appearance.
    private mutating func checkPage(_ page: PDFDictionary) throws {
        switch page["Contents"] {
        case nil, .null?, .reference?, .array?: break
        default: throw PDFReadDoubt()
        }
        switch try reader.lookup(page, "Annots") {
        case .null: return
        case let .array(annotations):
            guard annotations.count <= 10_000 else { throw PDFReadDoubt() }
            for item in annotations {
                guard let annotation = try reader.resolve(item).dictionary else { continue }
                guard try reader.lookup(annotation, "Subtype").name == "Link", annotation["AP"] == nil else { throw PDFReadDoubt() }
            }
        default:
            throw PDFReadDoubt()
        }
    }

    // MARK: resources

    /// The fonts of a resource dictionary, then those of its forms and tiling patterns, depth first.
    private mutating func scanFonts(in resources: PDFDictionary, page: Int, into found: inout [FontScanner.ScannedFont],
                                    depth: Int) throws {
        guard depth < 64 else { throw PDFReadDoubt() }
        var fonts: PDFDictionary?
        var fontsAreAnObject = false
        switch resources["Font"] {
        case let .reference(number)?:
            fonts = try reader.object(number).dictionary
            fontsAreAnObject = true
        case let .dictionary(direct)?:
            fonts = direct
        default:
            break
        }
        for (position, entry) in (fonts?.entries ?? []).enumerated() {
            guard let font = try reader.resolve(entry.value).dictionary else { continue }
            // Poppler's number for the font: its object's, else its place in a font dictionary that
            // is an object; a font in a dictionary that is neither, poppler names by a hash.
            let number: Int
            if case let .reference(object) = entry.value {
                number = object
            } else if fontsAreAnObject {
                number = position
            } else {
                throw PDFReadDoubt()
            }
            guard !fontsSeen.contains(number) else { continue }
            if let scanned = try describe(font, page: page) {
                fontsSeen.insert(number)
                found.append(scanned)
            }
        }
        for kind in ["XObject", "Pattern"] {
            guard let objects = try reader.lookup(resources, kind).dictionary else { continue }
            for entry in objects.entries {
                if case let .reference(number) = entry.value, !visited.insert(number).inserted { continue }
                guard case let .stream(dictionary, _) = try reader.resolve(entry.value) else { continue }
                if case let .reference(number)? = dictionary["Resources"], !visited.insert(number).inserted { continue }
                if let inner = try reader.lookup(dictionary, "Resources").dictionary {
                    try scanFonts(in: inner, page: page, into: &found, depth: depth + 1)
                }
            }
        }
    }

    // MARK: one font

    /// Poppler's font types, in the order of its `GfxFontType` (and of `PopplerFontType`).
    private enum Kind: UInt32 {
        case unknown, type1, type1C, type1COpenType, type3, trueType, trueTypeOpenType
        case cidType0, cidType0C, cidType0COpenType, cidType2, cidType2OpenType

        var isCID: Bool { rawValue >= Kind.cidType0.rawValue }
    }

    /// The font as poppler's scanner reports it; nil when poppler would not build it.
    private mutating func describe(_ font: PDFDictionary, page: Int) throws -> FontScanner.ScannedFont? {
        let name = try reader.lookup(font, "BaseFont").name
        let (kind, program, descendant) = try kind(of: font)
        var isEmbedded = program != nil
        let encoding: String
        if kind.isCID {
            guard let descendant, let cidEncoding = try cidEncoding(of: font, descendant: descendant) else { return nil }
            encoding = cidEncoding
        } else {
            // Poppler reads a Type 1 program when it builds the font, and forgets one that is no stream.
            if kind == .type1 || kind == .type1C, let program, !(try reader.object(program).isStream) { isEmbedded = false }
            encoding = try simpleEncoding(of: font, name: name, kind: kind, isEmbedded: isEmbedded)
        }
        return FontScanner.ScannedFont(fullName: name ?? FontFacts.unnamed, type: FontScanner.fontType(PopplerFontType(rawValue: kind.rawValue)),
                                       isEmbedded: kind == .type3 || isEmbedded, isSubset: Self.isSubset(name),
                                       encoding: encoding, firstPage: page)
    }

    /// The type poppler gives the font, from its subtypes and, when it has one, its program's
    /// first bytes; the program's object; and the first descendant font, when it is a dictionary.
    private mutating func kind(of font: PDFDictionary) throws -> (Kind, program: Int?, descendant: PDFDictionary?) {
        var expected = Kind.unknown
        var isType0 = false
        switch try reader.lookup(font, "Subtype").name {
        case "Type1", "MMType1": expected = .type1
        case "Type1C": expected = .type1C
        case "Type3": expected = .type3
        case "TrueType": expected = .trueType
        case "Type0": isType0 = true
        default: break
        }
        var descendant: PDFDictionary?
        if case let .array(descendants) = try reader.lookup(font, "DescendantFonts"), let first = descendants.first {
            descendant = try reader.resolve(first).dictionary
        }
        let described = descendant ?? font
        if let descendant {
            switch try reader.lookup(descendant, "Subtype").name {
            case "CIDFontType0": if isType0 { expected = .cidType0 }
            case "CIDFontType2": if isType0 { expected = .cidType2 }
            default: break
            }
        }
        var program: Int?
        if let descriptor = try reader.lookup(described, "FontDescriptor").dictionary {
            if case let .reference(number)? = descriptor["FontFile"] { program = number }
            if program == nil, case let .reference(number)? = descriptor["FontFile2"] {
                program = number
                if isType0 { expected = .cidType2 }
            }
            if program == nil, case let .reference(number)? = descriptor["FontFile3"] {
                program = number
                if case let .stream(dictionary, _) = try reader.object(number) {
                    expected = Self.expected(expected, fontFile3: try reader.lookup(dictionary, "Subtype").name, isType0: isType0)
                }
            }
        }
        var actual = Kind.unknown
        if let program, case let .stream(dictionary, data) = try reader.object(program) {
            switch try identify(dictionary, data: data) {
            case .type1: actual = .type1
            case .cff8Bit: actual = isType0 ? .cidType0C : .type1C
            case .cffCID: actual = .cidType0C
            case .trueType: actual = isType0 ? .cidType2 : .trueType
            case .openTypeCFF8Bit: actual = isType0 ? .cidType0COpenType : .type1COpenType
            case .openTypeCFFCID: actual = .cidType0COpenType
            case .unknown: break
            }
        }
        return (actual == .unknown ? expected : actual, program, descendant)
    }

    /// The kind of a font program by its first bytes: a few kilobytes tell most programs apart,
    /// and an OpenType program's CFF table may need more.
    private mutating func identify(_ dictionary: PDFDictionary, data: Range<Int>) throws -> FontProgramKind {
        let (bytes, complete) = try reader.decodedData(of: dictionary, data: data, limit: 4096, deadline: deadline)
        if let kind = try? FontProgramKind.identify(bytes, complete: complete) { return kind }
        let (more, whole) = try reader.decodedData(of: dictionary, data: data, limit: Self.programPrefix, deadline: deadline)
        return try FontProgramKind.identify(more, complete: whole)
    }

    /// The expected type once a `FontFile3` stream's subtype is known.
    private static func expected(_ expected: Kind, fontFile3 subtype: String?, isType0: Bool) -> Kind {
        switch subtype {
        case "Type1": expected == .type1 ? expected : isType0 ? .cidType0 : .type1
        case "Type1C": expected == .type1 || expected == .type1C ? .type1C : isType0 ? .cidType0C : .type1C
        case "TrueType": expected == .trueType ? expected : isType0 ? .cidType2 : .trueType
        case "CIDFontType0C": expected == .cidType0 ? .cidType0C : isType0 ? .cidType0C : .type1C
        case "OpenType":
            switch expected {
            case .trueType: .trueTypeOpenType
            case .type1: .type1COpenType
            case .cidType0: .cidType0COpenType
            case .cidType2: .cidType2OpenType
            default: expected
            }
        default: expected
        }
    }

    /// An 8-bit font's encoding name: a base encoding from `/Encoding`, the program's own
    /// (`Builtin`), a base-14 font's, or the default; `Custom` with differences.
    private mutating func simpleEncoding(of font: PDFDictionary, name: String?, kind: Kind, isEmbedded: Bool) throws -> String {
        let encoding = try reader.lookup(font, "Encoding")
        var base: String?
        switch encoding {
        case let .dictionary(dictionary):
            base = Self.baseEncodingName(try reader.lookup(dictionary, "BaseEncoding").name)
            if case .array = try reader.lookup(dictionary, "Differences") { return "Custom" }
        case let .name(encodingName):
            base = Self.baseEncodingName(encodingName)
        default:
            break
        }
        if let base { return base }
        if isEmbedded, kind == .type1 { return "Builtin" }
        // A CFF program's encoding is its own only when poppler's CFF parser accepts the program.
        if isEmbedded, kind == .type1C { throw PDFReadDoubt() }
        if !isEmbedded, let name, let standard = Self.base14Encoding[name.filter { $0 != " " }] { return standard }
        return kind == .trueType ? "WinAnsi" : "Standard"
    }

    private static func baseEncodingName(_ name: String?) -> String? {
        switch name {
        case "MacRomanEncoding": "MacRoman"
        case "MacExpertEncoding": "MacExpert"
        case "WinAnsiEncoding": "WinAnsi"
        default: nil
        }
    }

    /// A Type 0 font's encoding (its CMap's name); nil when poppler would not build the font.
    private mutating func cidEncoding(of font: PDFDictionary, descendant: PDFDictionary) throws -> String? {
        guard let system = try reader.lookup(descendant, "CIDSystemInfo").dictionary,
              case let .string(registry) = try reader.lookup(system, "Registry"),
              case let .string(ordering) = try reader.lookup(system, "Ordering") else { return nil }
        // Without a usable ToUnicode map, poppler-data decides whether these collections build.
        guard let registry, let ordering else { throw PDFReadDoubt() }
        let collection = String(decoding: registry + Array("-".utf8) + ordering, as: UTF8.self)
        guard !Self.languagePackCollections.contains(collection) else { throw PDFReadDoubt() }
        switch try reader.lookup(font, "Encoding") {
        case .null: return nil
        case let .name(cmap):
            // Other CMaps come from poppler-data.
            guard ["Identity", "Identity-H", "Identity-V"].contains(cmap) else { throw PDFReadDoubt() }
            return cmap
        case .stream: throw PDFReadDoubt()
        default: return nil
        }
    }

    /// Collections poppler builds only with a ToUnicode map it can parse or its language pack.
    private static let languagePackCollections: Set<String> = ["Adobe-CNS1", "Adobe-GB1", "Adobe-Japan1", "Adobe-Japan2", "Adobe-Korea1"]

    /// A tag of six capitals and a plus, then the name.
    static func isSubset(_ name: String?) -> Bool {
        guard let name else { return false }
        let bytes = Array(name.utf8)
        return bytes.count > 7 && bytes[6] == 0x2B && bytes[0..<6].allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// The names poppler takes for the 14 standard fonts (spaces removed), with the encoding a
    /// font of that name gets when it is not embedded and names none.
    private static let base14Encoding: [String: String] = {
        let symbol = ["Symbol", "Symbol,Bold", "Symbol,BoldItalic", "Symbol,Italic",
                      "SymbolMT", "SymbolMT,Bold", "SymbolMT,BoldItalic", "SymbolMT,Italic"]
        let standard = [
            "Arial", "Arial,Bold", "Arial,BoldItalic", "Arial,Italic", "Arial-Bold", "Arial-BoldItalic", "Arial-BoldItalicMT",
            "Arial-BoldMT", "Arial-Italic", "Arial-ItalicMT", "ArialMT",
            "Courier", "Courier,Bold", "Courier,BoldItalic", "Courier,Italic", "Courier-Bold", "Courier-BoldOblique",
            "Courier-Oblique", "CourierNew", "CourierNew,Bold", "CourierNew,BoldItalic", "CourierNew,Italic", "CourierNew-Bold",
            "CourierNew-BoldItalic", "CourierNew-Italic", "CourierNewPS-BoldItalicMT", "CourierNewPS-BoldMT",
            "CourierNewPS-ItalicMT", "CourierNewPSMT",
            "Helvetica", "Helvetica,Bold", "Helvetica,BoldItalic", "Helvetica,Italic", "Helvetica-Bold", "Helvetica-BoldItalic",
            "Helvetica-BoldOblique", "Helvetica-Italic", "Helvetica-Oblique",
            "Times-Bold", "Times-BoldItalic", "Times-Italic", "Times-Roman", "TimesNewRoman", "TimesNewRoman,Bold",
            "TimesNewRoman,BoldItalic", "TimesNewRoman,Italic", "TimesNewRoman-Bold", "TimesNewRoman-BoldItalic",
            "TimesNewRoman-Italic", "TimesNewRomanPS", "TimesNewRomanPS-Bold", "TimesNewRomanPS-BoldItalic",
            "TimesNewRomanPS-BoldItalicMT", "TimesNewRomanPS-BoldMT", "TimesNewRomanPS-Italic", "TimesNewRomanPS-ItalicMT",
            "TimesNewRomanPSMT", "TimesNewRomanPSMT,Bold", "TimesNewRomanPSMT,BoldItalic", "TimesNewRomanPSMT,Italic",
        ]
        var table: [String: String] = ["ZapfDingbats": "ZapfDingbats"]
        for name in symbol { table[name] = "Symbol" }
        for name in standard { table[name] = "Standard" }
        return table
    }()
}
