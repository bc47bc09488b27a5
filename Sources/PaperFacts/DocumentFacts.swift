/// Everything papercheck knows about one page, as plain values.
public struct PageFacts: Codable, Equatable, Sendable {
    /// 1-based page number.
    public var number: Int
    /// Size as displayed, rotation applied, in points.
    public var width: Double
    /// Height as displayed, rotation applied, in points.
    public var height: Double
    /// Whether the page is shown turned by a quarter (its /Rotate is 90 or 270), so that width and
    /// height are swapped relative to the page's media box.
    public var isQuarterTurned: Bool
    /// The text lines in reading order as poppler's layout grouped them, page furniture included.
    public var lines: [TextLine]
    /// Bounding boxes of the images drawn on the page, in points with a top-left origin. With an
    /// `inkProbeRegion` they are mapped only where the margins need them (ink reaching past the
    /// region that the words do not explain); without one, and for `inspect`, always.
    public var images: [Box]
    /// Bounding box of everything drawn on the page (text, images, vector graphics), if anything is.
    /// Not measured (nil) on pages whose margins were rendered first and that have at least
    /// `fewCharacters` characters: the render saw the margins, and nothing downstream needs it then.
    public var inkBox: Box?
    /// Vector ink (neither text nor an image) found by rendering margins of the page outside
    /// `inkProbeRegion`; empty when that region was not given, nothing crossed it, or the margin
    /// where it lies was not rendered because text or an image already crosses it further out.
    public var vectorInkOutside: [Box]
    /// The region the vector-ink probe looked outside of, if one was requested.
    public var inkProbeRegion: Box?
    /// Characters on the page, and how many of them did not decode to real text
    /// (U+FFFD, private-use code points, control characters).
    public var characterCount: Int
    /// How many of `characterCount` did not decode to real text.
    public var undecodableCharacterCount: Int
    /// What a fine render of the margins showed where boxes suggested that something crosses the
    /// text block; nil when no such render was made (nothing suggested it, or only boxes were read).
    public var ink: InkSample?
    /// Words that extraction reads but a reader cannot see (white on white, tiny, invisible, off
    /// the page, clipped, covered), in reading order; nil when the profile did not ask for them.
    public var hiddenText: [HiddenText]?

    /// Below this many characters a page has no text to speak of (a scan, a figure, a blank page).
    public static let fewCharacters = 10

    /// Makes a page's facts; `characterCount` defaults to the characters in `lines`.
    public init(number: Int, width: Double, height: Double, isQuarterTurned: Bool = false, lines: [TextLine] = [],
                images: [Box] = [], inkBox: Box? = nil, vectorInkOutside: [Box] = [],
                inkProbeRegion: Box? = nil, characterCount: Int? = nil, undecodableCharacterCount: Int = 0,
                ink: InkSample? = nil, hiddenText: [HiddenText]? = nil) {
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
        self.ink = ink
        self.hiddenText = hiddenText
    }

    /// Whether a box (an image) covers nearly all of a page of this size: 90% of its area or more.
    public static func coversPage(_ box: Box, width: Double, height: Double) -> Bool {
        let page = Box(x0: 0, y0: 0, x1: width, y1: height)
        return (box.intersection(page)?.area ?? 0) >= 0.9 * page.area && page.area > 0
    }

    /// Whether one image covers nearly the whole page: a scan, or a slide's background.
    public var isCoveredByAnImage: Bool {
        images.contains { Self.coversPage($0, width: width, height: height) }
    }

    /// All words of the page, line by line.
    public var words: [Word] { lines.flatMap(\.words) }
    /// The page's text, one line of text per `TextLine`.
    public var text: String { lines.map(\.text).joined(separator: "\n") }
}

/// Drawn ink in chosen regions of a page, measured on a fine render: what decides whether
/// something really lies outside the text block, where glyph and image boxes only suggest it.
public struct InkSample: Codable, Equatable, Sendable {
    /// The regions that were rendered, in points with a top-left origin.
    public var regions: [Box]
    /// Boxes around the groups of drawn pixels inside `regions` (ink less than about 1 pt apart
    /// is one group), clipped to the regions, in points. White or transparent paint leaves none.
    public var marks: [Box]
    /// The resolution of the render, in pixels per point.
    public var pixelsPerPoint: Double

    /// Makes a sample.
    public init(regions: [Box], marks: [Box], pixelsPerPoint: Double) {
        self.regions = regions
        self.marks = marks
        self.pixelsPerPoint = pixelsPerPoint
    }

    /// Marks that overlap `box` (grown by `slack` points).
    public func marks(overlapping box: Box, slack: Double = 0) -> [Box] {
        let grown = box.expanded(by: slack)
        return marks.filter { $0.intersects(grown) }
    }

    /// Whether a region of the render covers `box`, so that its ink (or the absence of it) is known.
    public func covers(_ box: Box) -> Bool {
        regions.contains { $0.expanded(by: 0.01).contains(box) }
    }
}

/// The kind of font program, as PDF names it.
public enum FontType: String, Codable, Equatable, Sendable, CaseIterable {
    /// Type 1 (PostScript) font.
    case type1 = "Type 1"
    /// Compact Font Format (CFF) Type 1 font.
    case type1C = "Type 1C"
    /// CFF Type 1 font in an OpenType wrapper.
    case type1COpenType = "Type 1C (OT)"
    /// Type 3 font: glyphs drawn by PDF content streams, usually bitmaps.
    case type3 = "Type 3"
    /// TrueType font.
    case trueType = "TrueType"
    /// TrueType font in an OpenType wrapper.
    case trueTypeOpenType = "TrueType (OT)"
    /// CID-keyed Type 0 (PostScript) font.
    case cidType0 = "CID Type 0"
    /// CID-keyed CFF font.
    case cidType0C = "CID Type 0C"
    /// CID-keyed CFF font in an OpenType wrapper.
    case cidType0COpenType = "CID Type 0C (OT)"
    /// CID-keyed TrueType font.
    case cidTrueType = "CID TrueType"
    /// CID-keyed TrueType font in an OpenType wrapper.
    case cidTrueTypeOpenType = "CID TrueType (OT)"
    /// A font type poppler does not report as one of the above.
    case unknown = "unknown"
}

/// A font the document uses, merged over all pages. Fonts of one name are one entry, except
/// Type 3 fonts, which are one entry per font program (each figure's own glyphs).
public struct FontFacts: Codable, Equatable, Sendable {
    /// Name without the subset tag (`ZALKUB+NimbusRomNo9L-Regu` becomes `NimbusRomNo9L-Regu`).
    public var name: String
    /// The name as written in the PDF, subset tag included.
    public var fullName: String
    /// The font program's kind.
    public var type: FontType
    /// Whether the font program is embedded in the PDF.
    public var isEmbedded: Bool
    /// Whether only a subset of the glyphs is embedded.
    public var isSubset: Bool
    /// The font's encoding as poppler names it (e.g. `Custom`, `Identity-H`), if any.
    public var encoding: String?
    /// Pages where the font is used, ascending.
    public var pages: [Int]

    /// Makes a font's facts.
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

    /// The name given to a font the PDF leaves unnamed (many Type 3 fonts of figures).
    public static let unnamed = "(unnamed)"

    /// Strips a six-capital-letter subset tag (`ABCDEF+`) from a font name.
    public static func baseName(_ name: String) -> String {
        let parts = name.split(separator: "+", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 6,
              parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }) else { return name }
        return String(parts[1])
    }
}

/// The document information dictionary, the PDF version and file-level facts.
public struct DocumentMetadata: Codable, Equatable, Sendable {
    /// The `/Title` entry, if present.
    public var title: String?
    /// The `/Author` entry, if present.
    public var author: String?
    /// The `/Subject` entry, if present.
    public var subject: String?
    /// The `/Keywords` entry, if present.
    public var keywords: String?
    /// The `/Creator` entry (the authoring application), if present.
    public var creator: String?
    /// The `/Producer` entry (the program that wrote the PDF), if present.
    public var producer: String?
    /// The PDF version without the `PDF-` prefix, e.g. `1.5`.
    public var pdfVersion: String?
    /// Whether the file is encrypted (or was opened with a password).
    public var isEncrypted: Bool
    /// File size in bytes.
    public var fileSize: Int

    /// Makes metadata; absent fields stay nil.
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

    /// The field names `value(of:)` accepts, in the order rules.json documents them.
    public static let fieldNames = ["title", "author", "subject", "keywords", "creator", "producer", "pdfVersion"]
}

/// The facts of one PDF, extracted once and then only read.
public struct DocumentFacts: Codable, Equatable, Sendable {
    /// The file's path as it was given to the extractor.
    public var path: String
    /// The document's metadata.
    public var metadata: DocumentMetadata
    /// The pages, first page first.
    public var pages: [PageFacts]
    /// The fonts used, in the order they were first seen.
    public var fonts: [FontFacts]
    /// Objects that can leak identity or run code (XMP, attachments, bookmarks, links, annotations,
    /// JavaScript); empty in facts written before they were extracted.
    public var objects: DocumentObjects

    /// Makes a document's facts.
    public init(path: String, metadata: DocumentMetadata, pages: [PageFacts], fonts: [FontFacts],
                objects: DocumentObjects = DocumentObjects()) {
        self.path = path
        self.metadata = metadata
        self.pages = pages
        self.fonts = fonts
        self.objects = objects
    }

    private enum CodingKeys: String, CodingKey { case path, metadata, pages, fonts, objects }

    /// Decodes facts; `objects` may be absent (older JSON).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        metadata = try container.decode(DocumentMetadata.self, forKey: .metadata)
        pages = try container.decode([PageFacts].self, forKey: .pages)
        fonts = try container.decode([FontFacts].self, forKey: .fonts)
        objects = try container.decodeIfPresent(DocumentObjects.self, forKey: .objects) ?? DocumentObjects()
    }

    /// The file's identity-bearing strings with where they are (see `DocumentObjects.identityStrings`).
    public var identityStrings: [IdentityString] { objects.identityStrings(metadata: metadata) }

    /// Number of pages.
    public var pageCount: Int { pages.count }
}
