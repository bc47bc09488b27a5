/// Everything papercheck knows about one page, as plain values.
public struct PageFacts: Codable, Equatable, Sendable {
    /// 1-based page number.
    public var number: Int
    /// Size as displayed, rotation applied, in points.
    public var width: Double
    public var height: Double
    /// Whether the page is shown turned by a quarter (its /Rotate is 90 or 270), so that width and
    /// height are swapped relative to the page's media box.
    public var isQuarterTurned: Bool
    public var lines: [TextLine]
    public var images: [Box]
    /// Bounding box of everything drawn on the page (text, images, vector graphics), if anything is.
    public var inkBox: Box?
    /// Vector ink (neither text nor an image) found by rendering the parts of the page outside
    /// `inkProbeRegion`; empty when that region was not given or nothing crossed it.
    public var vectorInkOutside: [Box]
    /// The region the vector-ink probe looked outside of, if one was requested.
    public var inkProbeRegion: Box?
    /// Characters on the page, and how many of them did not decode to real text
    /// (U+FFFD, private-use code points, control characters).
    public var characterCount: Int
    public var undecodableCharacterCount: Int

    public init(number: Int, width: Double, height: Double, isQuarterTurned: Bool = false, lines: [TextLine] = [],
                images: [Box] = [], inkBox: Box? = nil, vectorInkOutside: [Box] = [],
                inkProbeRegion: Box? = nil, characterCount: Int? = nil, undecodableCharacterCount: Int = 0) {
        self.number = number
        self.width = width
        self.height = height
        self.isQuarterTurned = isQuarterTurned
        self.lines = lines
        self.images = images
        self.inkBox = inkBox
        self.vectorInkOutside = vectorInkOutside
        self.inkProbeRegion = inkProbeRegion
        self.characterCount = characterCount ?? lines.reduce(0) { $0 + $1.characterCount }
        self.undecodableCharacterCount = undecodableCharacterCount
    }

    public var words: [Word] { lines.flatMap(\.words) }
    public var text: String { lines.map(\.text).joined(separator: "\n") }
}

/// The kind of font program, as PDF names it.
public enum FontType: String, Codable, Equatable, Sendable, CaseIterable {
    case type1 = "Type 1"
    case type1C = "Type 1C"
    case type1COpenType = "Type 1C (OT)"
    case type3 = "Type 3"
    case trueType = "TrueType"
    case trueTypeOpenType = "TrueType (OT)"
    case cidType0 = "CID Type 0"
    case cidType0C = "CID Type 0C"
    case cidType0COpenType = "CID Type 0C (OT)"
    case cidTrueType = "CID TrueType"
    case cidTrueTypeOpenType = "CID TrueType (OT)"
    case unknown = "unknown"
}

public struct FontFacts: Codable, Equatable, Sendable {
    /// Name without the subset tag (`ZALKUB+NimbusRomNo9L-Regu` becomes `NimbusRomNo9L-Regu`).
    public var name: String
    /// The name as written in the PDF, subset tag included.
    public var fullName: String
    public var type: FontType
    public var isEmbedded: Bool
    public var isSubset: Bool
    public var encoding: String?
    /// Pages where the font is used, ascending.
    public var pages: [Int]

    public init(name: String, fullName: String, type: FontType, isEmbedded: Bool, isSubset: Bool,
                encoding: String? = nil, pages: [Int]) {
        self.name = name
        self.fullName = fullName
        self.type = type
        self.isEmbedded = isEmbedded
        self.isSubset = isSubset
        self.encoding = encoding
        self.pages = pages
    }

    /// Strips a six-capital-letter subset tag (`ABCDEF+`) from a font name.
    public static func baseName(_ name: String) -> String {
        let parts = name.split(separator: "+", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 6,
              parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }) else { return name }
        return String(parts[1])
    }
}

public struct DocumentMetadata: Codable, Equatable, Sendable {
    public var title: String?
    public var author: String?
    public var subject: String?
    public var keywords: String?
    public var creator: String?
    public var producer: String?
    public var pdfVersion: String?
    public var isEncrypted: Bool
    public var fileSize: Int

    public init(title: String? = nil, author: String? = nil, subject: String? = nil, keywords: String? = nil,
                creator: String? = nil, producer: String? = nil, pdfVersion: String? = nil,
                isEncrypted: Bool = false, fileSize: Int = 0) {
        self.title = title
        self.author = author
        self.subject = subject
        self.keywords = keywords
        self.creator = creator
        self.producer = producer
        self.pdfVersion = pdfVersion
        self.isEncrypted = isEncrypted
        self.fileSize = fileSize
    }

    /// The value of a metadata field by its rules.json name.
    public func value(of field: String) -> String? {
        switch field {
        case "title": title
        case "author": author
        case "subject": subject
        case "keywords": keywords
        case "creator": creator
        case "producer": producer
        case "pdfVersion": pdfVersion
        default: nil
        }
    }

    public static let fieldNames = ["title", "author", "subject", "keywords", "creator", "producer", "pdfVersion"]
}

/// The facts of one PDF, extracted once and then only read.
public struct DocumentFacts: Codable, Equatable, Sendable {
    public var path: String
    public var metadata: DocumentMetadata
    public var pages: [PageFacts]
    public var fonts: [FontFacts]

    public init(path: String, metadata: DocumentMetadata, pages: [PageFacts], fonts: [FontFacts]) {
        self.path = path
        self.metadata = metadata
        self.pages = pages
        self.fonts = fonts
    }

    public var pageCount: Int { pages.count }
}
