/// What a PDF action does when it runs, as PDF names its `/S` type.
public enum ActionKind: String, Codable, Equatable, Sendable, CaseIterable {
    /// A jump inside the document (`/GoTo`, a destination).
    case goTo
    /// A jump into another file (`/GoToR`), which a viewer may fetch.
    case goToRemote
    /// A jump into an embedded file (`/GoToE`).
    case goToEmbedded
    /// Opens a URI (`/URI`), `mailto:` included.
    case uri
    /// Starts a program or opens a file (`/Launch`).
    case launch
    /// Runs JavaScript (`/JavaScript`).
    case javaScript
    /// A named viewer command (`/Named`: next page, print).
    case named
    /// Sends form data somewhere (`/SubmitForm`).
    case submitForm
    /// Resets form fields (`/ResetForm`).
    case resetForm
    /// Reads form data from a file (`/ImportData`).
    case importData
    /// Anything else (movies, renditions, layers, unknown types).
    case other
}

/// One action: its kind and, bounded, what it targets (a URI, a file name, a script's start).
public struct ActionFacts: Codable, Equatable, Sendable {
    /// What the action does.
    public var kind: ActionKind
    /// The URI, file name, named command or script text, cut to `DocumentObjects.maxStringLength`.
    public var target: String?

    /// Makes an action.
    public init(kind: ActionKind, target: String? = nil) {
        self.kind = kind
        self.target = target
    }
}

/// One property of the XMP metadata packet (`dc:creator`, `pdf:Producer`), one value per entry
/// (an `rdf:Seq` of three authors is three entries).
public struct XMPEntry: Codable, Equatable, Sendable {
    /// The qualified property name as the packet writes it (`dc:creator`).
    public var property: String
    /// The value, entities decoded, cut to `DocumentObjects.maxStringLength`.
    public var value: String

    /// Makes an entry.
    public init(property: String, value: String) {
        self.property = property
        self.value = value
    }

    /// Properties that name people: the authors, contributors, rights owners.
    public static let authorProperties: Set<String> = [
        "dc:creator", "dc:contributor", "dc:publisher", "pdf:Author", "xmpRights:Owner", "photoshop:AuthorsPosition",
        "photoshop:CaptionWriter", "xmpDM:artist", "prism:byline",
    ]
}

/// A file embedded in the PDF (the document's attachments, or a file attachment annotation).
public struct AttachmentFacts: Codable, Equatable, Sendable {
    /// The file name the PDF gives it, bounded.
    public var name: String
    /// Its description, bounded, if any.
    public var description: String?
    /// Its size in bytes as the PDF states it.
    public var size: Int
    /// Why it looks like a program (`.exe name`, `MZ header`), or nil when nothing suggests it.
    public var executableEvidence: String?
    /// The page of its annotation, or nil for a document-level attachment.
    public var page: Int?

    /// Makes an attachment's facts.
    public init(name: String, description: String? = nil, size: Int, executableEvidence: String? = nil, page: Int? = nil) {
        self.name = name
        self.description = description
        self.size = size
        self.executableEvidence = executableEvidence
        self.page = page
    }
}

/// One bookmark of the document outline.
public struct OutlineEntry: Codable, Equatable, Sendable {
    /// The title a viewer shows, bounded.
    public var title: String
    /// Nesting depth, 0 for top-level bookmarks.
    public var depth: Int
    /// What clicking it does, if poppler names it.
    public var action: ActionFacts?

    /// Makes a bookmark.
    public init(title: String, depth: Int = 0, action: ActionFacts? = nil) {
        self.title = title
        self.depth = depth
        self.action = action
    }
}

/// A link area on a page and its action.
public struct LinkFacts: Codable, Equatable, Sendable {
    /// 1-based page number.
    public var page: Int
    /// The clickable area, in points with a top-left origin.
    public var box: Box
    /// What the link does.
    public var action: ActionFacts

    /// Makes a link.
    public init(page: Int, box: Box, action: ActionFacts) {
        self.page = page
        self.box = box
        self.action = action
    }
}

/// A page annotation other than a link: a note, a highlight, a form widget.
public struct AnnotationFacts: Codable, Equatable, Sendable {
    /// 1-based page number.
    public var page: Int
    /// Where it sits, in points with a top-left origin.
    public var box: Box
    /// Its subtype as poppler names it (`text`, `highlight`, `widget`, `fileAttachment`).
    public var type: String
    /// The author label (`/T`) of a markup annotation, bounded, if any.
    public var author: String?
    /// Its text (`/Contents`), bounded, if any.
    public var contents: String?

    /// Makes an annotation.
    public init(page: Int, box: Box, type: String, author: String? = nil, contents: String? = nil) {
        self.page = page
        self.box = box
        self.type = type
        self.author = author
        self.contents = contents
    }
}

/// What a lexical scan of the file's bytes found that poppler-glib does not expose: PDF names
/// counted in the objects (strings and content streams skipped, object streams inflated under a
/// budget) and what the document's open action does.
public struct FileScanFacts: Codable, Equatable, Sendable {
    /// How often each name of interest occurs as a name token (`JavaScript`, `Launch`, `SubmitForm`,
    /// `ImportData`, `XFA`, `AA`, `OpenAction`, `GoToR`, `GoToE`, `URI`, `EmbeddedFile`), without the slash.
    public var nameCounts: [String: Int]
    /// The kinds of the actions that the catalog's `/OpenAction` (and its `/Next` chain, as far as it
    /// is resolved) runs when the file opens; empty when it has none or only jumps to a page.
    public var openActions: [ActionFacts]
    /// Bytes of the file read.
    public var bytesScanned: Int
    /// Bytes produced by inflating object streams.
    public var bytesInflated: Int
    /// Object streams inflated, and those left (over budget, another filter, damaged, encrypted).
    public var objectStreamsInflated: Int
    /// Object streams that were not (fully) read.
    public var objectStreamsSkipped: Int
    /// Whether a budget (bytes or time) cut the scan short, so that counts may be incomplete.
    public var isCut: Bool

    /// Makes scan facts; nothing found by default.
    public init(nameCounts: [String: Int] = [:], openActions: [ActionFacts] = [], bytesScanned: Int = 0,
                bytesInflated: Int = 0, objectStreamsInflated: Int = 0, objectStreamsSkipped: Int = 0, isCut: Bool = false) {
        self.nameCounts = nameCounts
        self.openActions = openActions
        self.bytesScanned = bytesScanned
        self.bytesInflated = bytesInflated
        self.objectStreamsInflated = objectStreamsInflated
        self.objectStreamsSkipped = objectStreamsSkipped
        self.isCut = isCut
    }

    /// How often `name` (without the slash) occurs.
    public func count(_ name: String) -> Int { nameCounts[name] ?? 0 }

    /// The names the scan counts.
    public static let names: [String] = ["JavaScript", "JS", "Launch", "SubmitForm", "ImportData", "XFA", "AA",
                                         "OpenAction", "GoToR", "GoToE", "URI", "EmbeddedFile", "RichMedia"]
}

/// One string of the file that can name its authors, and where it is (for an author matcher).
public struct IdentityString: Codable, Equatable, Sendable {
    /// Where it is, in words: `XMP dc:creator`, `Info /Title`, `attachment name`, `bookmark`,
    /// `link on page 2`, `annotation author on page 1`.
    public var location: String
    /// The value, bounded.
    public var value: String
    /// The page, for links and annotations.
    public var page: Int?

    /// Makes one.
    public init(location: String, value: String, page: Int? = nil) {
        self.location = location
        self.value = value
        self.page = page
    }
}

/// The document's objects that can identify its authors or run code: XMP metadata, attachments,
/// bookmarks, links, annotations, form fields, JavaScript, and what a scan of the bytes found.
/// Every list and string is bounded (`maxItems`, `maxStringLength`).
public struct DocumentObjects: Codable, Equatable, Sendable {
    /// The XMP packet's properties of interest (authors, tools, title).
    public var xmp: [XMPEntry]
    /// Embedded files.
    public var attachments: [AttachmentFacts]
    /// Bookmarks, in outline order.
    public var outline: [OutlineEntry]
    /// Links, page by page.
    public var links: [LinkFacts]
    /// Annotations other than links, page by page.
    public var annotations: [AnnotationFacts]
    /// Whether poppler finds JavaScript in the document (name tree or actions).
    public var hasJavaScript: Bool
    /// Interactive form fields (widgets).
    public var formFieldCount: Int
    /// The lexical scan of the bytes, if it ran.
    public var fileScan: FileScanFacts?
    /// Whether a list was cut at `maxItems`.
    public var isTruncated: Bool

    /// At most this many entries per list are kept.
    public static let maxItems = 500
    /// Strings are cut to this many characters.
    public static let maxStringLength = 200

    /// Makes the objects' facts; empty by default.
    public init(xmp: [XMPEntry] = [], attachments: [AttachmentFacts] = [], outline: [OutlineEntry] = [],
                links: [LinkFacts] = [], annotations: [AnnotationFacts] = [], hasJavaScript: Bool = false,
                formFieldCount: Int = 0, fileScan: FileScanFacts? = nil, isTruncated: Bool = false) {
        self.xmp = xmp
        self.attachments = attachments
        self.outline = outline
        self.links = links
        self.annotations = annotations
        self.hasJavaScript = hasJavaScript
        self.formFieldCount = formFieldCount
        self.fileScan = fileScan
        self.isTruncated = isTruncated
    }

    /// Cuts a string to `maxStringLength` characters, marking the cut with an ellipsis.
    public static func bounded(_ text: String) -> String {
        text.count <= maxStringLength ? text : String(text.prefix(maxStringLength - 1)) + "…"
    }

    /// The file's strings that can carry an author's identity, with where they are: XMP properties,
    /// the Info dictionary's entries (`metadata`), attachment names and descriptions, bookmark
    /// titles, `mailto:` link targets and annotation authors. For a matcher of known author names.
    public func identityStrings(metadata: DocumentMetadata) -> [IdentityString] {
        var strings: [IdentityString] = []
        for (field, value) in [("Title", metadata.title), ("Author", metadata.author), ("Subject", metadata.subject),
                               ("Keywords", metadata.keywords), ("Creator", metadata.creator), ("Producer", metadata.producer)] {
            if let value, !value.isEmpty { strings.append(IdentityString(location: "Info /\(field)", value: Self.bounded(value))) }
        }
        strings += xmp.map { IdentityString(location: "XMP \($0.property)", value: $0.value) }
        for attachment in attachments {
            strings.append(IdentityString(location: "attachment name", value: attachment.name, page: attachment.page))
            if let description = attachment.description, !description.isEmpty {
                strings.append(IdentityString(location: "attachment description", value: description, page: attachment.page))
            }
        }
        strings += outline.map { IdentityString(location: "bookmark", value: $0.title) }
        for link in links where link.action.kind == .uri {
            guard let target = link.action.target, target.lowercased().hasPrefix("mailto:") else { continue }
            strings.append(IdentityString(location: "mailto link on page \(link.page)", value: target, page: link.page))
        }
        for annotation in annotations {
            if let author = annotation.author, !author.isEmpty {
                strings.append(IdentityString(location: "annotation author on page \(annotation.page)", value: author, page: annotation.page))
            }
        }
        return strings
    }
}
