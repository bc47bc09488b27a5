internal import CPoppler
import Foundation
import PaperFacts

/// A bounded lexical scan of a PDF's bytes for what poppler-glib does not expose: the names of
/// actions and forms that can run code or fetch something (`/JavaScript`, `/Launch`, `/SubmitForm`,
/// `/ImportData`, `/XFA`, `/AA`, `/GoToR`) and what the catalog's `/OpenAction` does.
///
/// It tokenizes objects as PDF does (names with `#xx` escapes decoded, strings and comments skipped,
/// so a title that mentions "/JavaScript" does not count), skips every stream except object streams,
/// and inflates those (FlateDecode, through GLib's zlib decompressor) under a byte and time budget: a
/// stream that inflates past the budget is cut, never expanded in full. The file is only read.
struct RawObjectScanner {
    /// Inflated bytes allowed over the whole file.
    var inflateBudget = 64 << 20
    /// Inflated bytes allowed for one object stream.
    var streamBudget = 16 << 20
    /// Wall-clock time allowed for the whole scan.
    var timeBudget: TimeInterval = 3

    /// Scans the input at `path` (a file or an archive member, as `InputBytes` reads it); nil when
    /// it cannot be read.
    func scan(path: String) -> FileScanFacts? {
        guard let input = try? InputBytes.open(path) else { return nil }
        return input.withBuffer { scan($0.bindMemory(to: UInt8.self)) }
    }

    /// Scans a PDF's bytes.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> FileScanFacts {
        scanWithImageProof(bytes).facts
    }

    /// Scans a PDF's bytes, and says whether they can draw no image at all (`ImageProof`), which
    /// pages draw none (`PageImageProof`: in page order, nil when it cannot tell) and where a byte
    /// turns each colour profile off (`ColourProfileMarks`).
    func scanWithImageProof(_ bytes: UnsafeBufferPointer<UInt8>) -> FileScan {
        var state = ScanState(deadline: ReadingDeadline.after(timeBudget), inflateBudget: inflateBudget, streamBudget: streamBudget)
        state.facts.bytesScanned = bytes.count
        state.scanTopLevel(bytes)
        state.resolveOpenActions(file: bytes)
        let complete = !state.facts.isCut && state.facts.objectStreamsSkipped == 0
        var pages: [PageImageProof.PageReach]?
        // With the whole file proven, each page is too; the walk is for files with images somewhere.
        if complete, !state.images.drawsNoImage, !state.images.encrypted, !state.unplacedImageStream, let root = state.rootObject {
            var proof = PageImageProof(file: bytes, objects: state.objects, inflated: state.inflated, imageObjects: state.imageObjects,
                                       pendingStreams: state.pendingStreams,
                                       contentBudget: ImageProof.contentBudget - state.images.inflatedContent)
            pages = proof.pages(root: root)
        }
        // Objects are read from the index only where nothing may hide from the scan.
        let index = complete && !state.images.encrypted ? state.rootObject.map {
            ObjectIndex(objects: state.objects, inflated: state.inflated, root: $0, fontPrograms: state.fontPrograms.numbers,
                        imageStreams: state.imageStreams, plainFlateStreams: state.plainFlateStreams,
                        objectStreams: state.objectStreams)
        } : nil
        return (state.facts, state.images.drawsNoImage && complete, pages?.map(\.drawsNoImage), pages?.map(\.images),
                state.colourProfileMarks, index)
    }
}

/// What the lexical scan of a file says (`RawObjectScanner.scanWithImageProof`), with its object
/// index when the file was read completely and is not encrypted.
typealias FileScan = (facts: FileScanFacts, drawsNoImage: Bool, pagesDrawingNoImage: [Bool]?, imagesOfPages: [[Int]]?,
                      colourProfileMarks: [Int], objects: ObjectIndex?)

/// One input's lexical scan, made on first use under a lock: the extraction reads it before its
/// threads start, and the copy for image renders takes its marks from it.
final class SharedScan: @unchecked Sendable {
    private let lock = NSLock()
    private let input: InputBytes
    private var made: FileScan?
    private var programs: [RestatedObject]?

    init(_ input: InputBytes) {
        self.input = input
    }

    /// The file's font programs and plain streams restated uncompressed (`InflatedFontPrograms`),
    /// made once for both copies that renders read.
    private var restatedPrograms: [RestatedObject] {
        let index = result.objects
        lock.lock()
        defer { lock.unlock() }
        if let programs { return programs }
        let restated: [RestatedObject] = index.map { index in
            input.withBuffer { raw -> [RestatedObject] in
                let file = raw.bindMemory(to: UInt8.self)
                return InflatedFontPrograms.programs(of: file, index: index) + InflatedFontPrograms.plainStreams(of: file, index: index)
                    + InflatedFontPrograms.objectStreams(of: index)
            }
        } ?? []
        programs = restated
        return restated
    }

    /// The update for the imageless copy: the font programs restated; empty when there is none.
    var fontProgramUpdate: UpdateParts {
        let programs = restatedPrograms
        guard let index = result.objects else { return UpdateParts() }
        return input.withBuffer {
            InflatedFontPrograms.update(of: $0.bindMemory(to: UInt8.self), index: index, restating: programs)
        } ?? UpdateParts()
    }

    /// The update for the copy that image renders read: the font programs and images restated
    /// uncompressed (`RestatedImage`), the images of page `firstPage` (counted from 0, the first
    /// to need the copy) first, then those of the pages after it, then of the pages before it,
    /// nearest first: pages are read in order, so those before it are mostly done. Nil when no
    /// image is restated. Made once, by that copy, and not kept: it holds the images' samples.
    func imageRenderUpdate(firstPage: Int) -> UpdateParts? {
        let programs = restatedPrograms
        guard let index = result.objects, !index.imageStreams.isEmpty else { return nil }
        guard let pages = result.imagesOfPages, pages.indices.contains(firstPage) else { return nil }
        return input.withBuffer { raw in
            let file = raw.bindMemory(to: UInt8.self)
            let pageOrder = Array(pages.indices[firstPage...]) + pages.indices[..<firstPage].reversed()
            var seen = Set<Int>()
            let order = pageOrder.flatMap { pages[$0] }.filter { seen.insert($0).inserted }
            let images = RestatedImage.images(of: file, index: index, order: order)
            guard !images.isEmpty else { return nil }
            return InflatedFontPrograms.update(of: file, index: index, restating: programs + images)
        }
    }

    var result: FileScan {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let scan = input.withBuffer { RawObjectScanner().scanWithImageProof($0.bindMemory(to: UInt8.self)) }
        made = scan
        return scan
    }

    /// The fonts of each page as poppler's scanner would list them, read from the object index
    /// (`ObjectFontScanner`); nil when the file has no index or the scan cannot tell.
    func fonts(pageCount: Int) -> [[FontScanner.ScannedFont]]? {
        guard let index = result.objects else { return nil }
        return input.withBuffer { buffer in
            var scanner = ObjectFontScanner(file: buffer.bindMemory(to: UInt8.self), index: index)
            return try? scanner.scan(pageCount: pageCount)
        }
    }
}

/// What the scan learns of the images a document can draw, so that a document that draws none
/// needs no image-mapping pass over its pages (a whole content interpretation per page).
///
/// An image is an image XObject (a stream, so its dictionary is in the file's plain bytes or, for
/// a `/Subtype` given by reference, in an object stream, both of which the scan reads as names) or
/// an inline image (`BI` in a content stream: a page's, a form's, a pattern's, a Type 3 glyph's).
/// Every stream that may hold content is read for `BI`: plain, or inflated (FlateDecode alone,
/// under its own budget). The proof fails, and the pages are mapped as before, on any doubt: a
/// name `Image` anywhere, a `BI` token anywhere (even one in a string), a stream in another filter
/// or over the budget, an indirect filter, an encrypted file.
struct ImageProof {
    /// Inflated content bytes allowed over the whole file.
    static let contentBudget = 64 << 20
    private(set) var inflatedContent = 0
    private(set) var doubt = false
    /// The file is encrypted: its streams cannot be read for inline images.
    private(set) var encrypted = false

    var drawsNoImage: Bool { !doubt }

    /// A name token of the file or of an object stream.
    mutating func saw(name: String) {
        if name == "Image" { doubt = true }
        if name == "Encrypt" { doubt = true; encrypted = true }
    }

    /// A content stream's data: whether it may draw an image (an inline image, or content the
    /// scan cannot read), which puts the file in doubt.
    fileprivate mutating func examine(_ data: UnsafeBufferPointer<UInt8>, stream: PendingStream, deadline: Date) -> Bool {
        let (mayDraw, inflated) = Self.contentMayDrawImage(data, stream: stream, budget: Self.contentBudget - inflatedContent,
                                                           deadline: deadline)
        inflatedContent += inflated
        if mayDraw { doubt = true }
        return mayDraw
    }

    /// Whether a content stream's data holds a `BI` token, or cannot be read (another filter, a
    /// filter by reference, parameters, over `budget` inflated bytes); and the bytes inflated.
    static func contentMayDrawImage(_ data: UnsafeBufferPointer<UInt8>, stream: PendingStream, budget: Int,
                                    deadline: Date) -> (mayDraw: Bool, inflated: Int) {
        guard stream.readable else { return (true, 0) }
        switch stream.filters {
        case []:
            return (hasInlineImageToken(data), 0)
        case ["FlateDecode"]:
            let (output, complete) = Inflater.inflate(data, limit: budget, deadline: deadline)
            return (!complete || output.withUnsafeBufferPointer(hasInlineImageToken), output.count)
        default:
            return (true, 0)
        }
    }

    /// Whether `BI` stands as a token: after a delimiter or white space (or at the start), before
    /// white space or a name.
    static func hasInlineImageToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 2, let base = bytes.baseAddress else { return false }
        var start = 0
        // memchr finds the candidate `B`s quickly; content streams are most of a paper's bytes.
        while start < bytes.count - 1, let hit = memchr(base + start, 0x42, bytes.count - 1 - start) {
            let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            start = index + 1
            guard bytes[index + 1] == 0x49 else { continue }
            let before = index == 0 || ScanLexer.isWhiteSpace(bytes[index - 1]) || ScanLexer.isDelimiter(bytes[index - 1])
            let after = index + 2 == bytes.count || ScanLexer.isWhiteSpace(bytes[index + 2]) || bytes[index + 2] == 0x2F
            if before && after { return true }
        }
        return false
    }
}

/// Where a stream that may hold content lies, and how to read it. The scan reads it while the file
/// is not in doubt; after that it is left for a page's proof, which reads it when the page reaches
/// it (`PageImageProof`), so that pages that reach an image first never inflate it.
struct PendingStream {
    /// The data's bytes in the file.
    var data: Range<Int>
    var filters: [String]
    /// No filter given by reference and no decode parameters.
    var readable: Bool

    fileprivate init(_ dictionary: StreamDictionary, data: Range<Int>) {
        self.data = data
        filters = dictionary.filters
        readable = !dictionary.hasIndirectFilter && !dictionary.hasDecodeParms
    }
}

/// Where an object's body starts: in the file, or in an inflated object stream.
struct ObjectLocation {
    var buffer: Int  // -1 for the file, else an index into `inflated`
    var offset: Int
    /// The generation of an object in the file; objects in object streams have 0.
    var generation = 0
}

/// The objects named as font programs (`/FontFile`, `/FontFile2`, `/FontFile3` followed by a
/// reference), noted as the scan meets them.
struct FontProgramReferences {
    private var afterKey = false
    private(set) var numbers: Set<Int> = []

    /// Takes the next token; `ints` are the integers read just before it.
    mutating func see(_ token: ScanToken, ints: [Int]) {
        switch token {
        case let .name(name): afterKey = name == "FontFile" || name == "FontFile2" || name == "FontFile3"
        case .integer: break
        case .keyword("R"):
            if afterKey, ints.count >= 2 { numbers.insert(ints[ints.count - 2]) }
            afterKey = false
        default: afterKey = false
        }
    }
}

/// A top-level dictionary's keys that decide what to do with the stream that follows it.
private struct StreamDictionary {
    var type: String?
    var subtype: String?
    var filters: [String] = []
    var hasDecodeParms = false
    /// `/Filter` or `/DecodeParms` given by reference.
    var hasIndirectFilter = false
    /// A key only streams that are not content have: a font program's lengths, a function's or a
    /// mesh shading's type, an ICC profile's alternate.
    var hasDataKey = false
    var length: Int?
    var count: Int?
    var first: Int?
    /// A key an ICC profile's dictionary does not have.
    var hasKeyBesidesProfile = false
    /// A key besides `/Length` and `/Filter`.
    var hasKeyBesidesLengthAndFilter = false
    /// A key an object stream's dictionary does not need (`/Extends`, `/DecodeParms`, ...).
    var hasKeyBesidesObjectStream = false
    /// Where the name of the first filter ends.
    var firstFilterNameEnd: Int?

    mutating func appendFilter(_ name: String, endingAt end: Int) {
        if filters.isEmpty { firstFilterNameEnd = end }
        filters.append(name)
    }

    static let profileKeys: Set<String> = ["Length", "N", "Alternate", "Filter", "Range", "Metadata"]

    static let dataKeys: Set<String> = ["Length1", "Length2", "Length3", "FunctionType", "ShadingType", "Alternate"]
    static let dataTypes: Set<String> = ["ObjStm", "XRef", "Metadata", "EmbeddedFile", "CMap"]
    static let dataSubtypes: Set<String> = ["Type1C", "CIDFontType0C", "OpenType", "XML"]

    /// Whether the stream may be content (a page's, a form's, a pattern's, a glyph's): what is not
    /// known to be data.
    var mayHoldContent: Bool {
        !hasDataKey && !Self.dataTypes.contains(type ?? "") && !Self.dataSubtypes.contains(subtype ?? "")
    }

    /// Whether the stream is an ICC profile: `/N` 1, 3 or 4 and no key a profile does not have.
    var isColourProfile: Bool {
        !hasKeyBesidesProfile && [1, 3, 4].contains(count ?? 0)
    }
}

/// The bytes that turn a file's ICC colour profiles off, one per profile, for renders that decode
/// images (`ImageRenderCopy`).
///
/// Poppler converts every pixel of an image in an ICC-based colour space through LittleCMS, even
/// from sRGB to sRGB: half the instructions of a page render whose figures are such images. A
/// profile that poppler cannot read leaves the colour space to its alternate (DeviceRGB for three
/// components), the colours a viewer without colour management shows. An encoded profile is
/// turned off by its first filter's name (`/FlateDecod_`, `/ASCII85Decod_`: a filter poppler does
/// not know, which reads as no data), an uncompressed one by its signature (`acsp` at byte 36
/// becomes `_csp`); profiles whose filter is given by reference or has parameters are left as
/// they are.
enum ColourProfileMarks {
    /// The filters of the PDF standard, by their names and abbreviations: renamed, each is one
    /// poppler does not know. (`/Crypt` and the image filters do not compress profiles.)
    private static let standardFilters: Set<String> = ["FlateDecode", "Fl", "LZWDecode", "LZW", "ASCII85Decode", "A85",
                                                       "ASCIIHexDecode", "AHx", "RunLengthDecode", "RL"]

    /// The offset of the byte to overwrite with `_` in a profile stream whose data spans `data`,
    /// or nil when the stream is left alone.
    fileprivate static func mark(_ bytes: UnsafeBufferPointer<UInt8>, dictionary: StreamDictionary, data: Range<Int>) -> Int? {
        guard dictionary.isColourProfile, !dictionary.hasDecodeParms, !dictionary.hasIndirectFilter else { return nil }
        guard let first = dictionary.filters.first else {
            // An ICC header is 128 bytes; its signature sits at bytes 36 to 39.
            guard data.count >= 128, ScanLexer.startsWithKeyword(bytes, at: data.lowerBound + 36, "acsp") else { return nil }
            return data.lowerBound + 36
        }
        // The first filter's name, written out as such (no `#` escape), loses its last letter.
        let name = "/" + first
        guard standardFilters.contains(first), let end = dictionary.firstFilterNameEnd, end >= name.utf8.count,
              ScanLexer.startsWithKeyword(bytes, at: end - name.utf8.count, name) else { return nil }
        return end - 1
    }
}

private struct ScanState {
    var facts = FileScanFacts()
    var images = ImageProof()
    var colourProfileMarks: [Int] = []
    /// The objects that are an image or whose stream may draw one (`ImageProof.examine`).
    var imageObjects = Set<Int>()
    /// The objects that are image streams.
    var imageStreams = Set<Int>()
    /// The FlateDecode streams whose dictionary holds nothing else (`ObjectIndex.plainFlateStreams`).
    var plainFlateStreams = Set<Int>()
    /// The object streams inflated whole (`ObjectIndex.objectStreams`).
    var objectStreams: [Int: (buffer: Int, count: Int, first: Int)] = [:]
    /// Content streams left for the page proof, by object.
    var pendingStreams: [Int: PendingStream] = [:]
    /// A stream that may draw an image was met outside any `n g obj`.
    var unplacedImageStream = false
    /// The object the top-level scan is in, from its `n g obj`.
    var currentObject: Int?
    /// The catalog, from the newest trailer (or cross-reference stream) the scan met.
    var rootObject: Int?
    let deadline: Date
    var inflateBudget: Int
    let streamBudget: Int
    var objects: [Int: ObjectLocation] = [:]
    var inflated: [[UInt8]] = []
    /// `/OpenAction` values: an inline dictionary's action, or a reference to resolve at the end.
    var openActionRefs: [Int] = []
    var fontPrograms = FontProgramReferences()
    var steps = 0

    mutating func outOfTime() -> Bool {
        steps += 1
        guard steps & 0x3FF == 0 else { return false }
        if Date() > deadline { facts.isCut = true; return true }
        return false
    }

    // MARK: the file

    mutating func scanTopLevel(_ bytes: UnsafeBufferPointer<UInt8>) {
        var lexer = ScanLexer(bytes: bytes, position: 0)
        var ints: [Int] = []  // the integers just seen, for `n g obj` and `n g R`
        var depth = 0
        var arrayDepth = 0  // arrays open inside the top-level dictionary
        var dictionary = StreamDictionary()
        var key: String?  // the top-level dictionary's key whose value comes next
        var intKey: String?  // the key the last integer was the value of
        var expectingOpenAction = false
        while let token = lexer.next() {
            if outOfTime() { return }
            if case .integer = token {} else if case .keyword("R") = token {} else if case .keyword("obj") = token {} else {
                ints.removeAll(keepingCapacity: true)
            }
            fontPrograms.see(token, ints: ints)
            switch token {
            case .dictOpen:
                if expectingOpenAction, let action = ScanLexer.action(in: bytes, at: lexer.position, budget: 8192) {
                    facts.openActions.append(action)
                }
                expectingOpenAction = false
                depth += 1
                if depth == 1 { dictionary = StreamDictionary(); key = nil; arrayDepth = 0 }
            case .dictClose:
                depth = max(0, depth - 1)
                if depth == 1 { key = nil }
            case let .name(name):
                count(name)
                expectingOpenAction = name == "OpenAction"
                guard depth == 1 else { continue }
                if arrayDepth > 0 {
                    if key == "Filter" { dictionary.appendFilter(name, endingAt: lexer.position) }
                } else if let current = key {
                    if current == "Type" { dictionary.type = name }
                    if current == "Subtype" { dictionary.subtype = name }
                    if current == "Filter" { dictionary.appendFilter(name, endingAt: lexer.position) }
                    key = nil
                } else {
                    key = name
                    if name == "DecodeParms" || name == "DP" { dictionary.hasDecodeParms = true }
                    if StreamDictionary.dataKeys.contains(name) { dictionary.hasDataKey = true }
                    if !StreamDictionary.profileKeys.contains(name) { dictionary.hasKeyBesidesProfile = true }
                    if name != "Length" && name != "Filter" { dictionary.hasKeyBesidesLengthAndFilter = true }
                    if !["Length", "Filter", "Type", "N", "First"].contains(name) { dictionary.hasKeyBesidesObjectStream = true }
                }
            case let .integer(value):
                ints.append(value)
                if ints.count > 2 { ints.removeFirst() }
                if depth == 1, arrayDepth > 0, key == "Filter" { dictionary.hasIndirectFilter = true }
                guard depth == 1, arrayDepth == 0, let current = key else { continue }
                switch current {
                case "Filter", "DecodeParms": dictionary.hasIndirectFilter = true
                case "Length": dictionary.length = value
                case "N": dictionary.count = value
                case "First": dictionary.first = value
                default: break
                }
                intKey = current
                key = nil
            case .keyword("obj"):
                if ints.count == 2 { objects[ints[0]] = ObjectLocation(buffer: -1, offset: lexer.position, generation: ints[1]) }
                currentObject = ints.count == 2 ? ints[0] : nil
                ints.removeAll(keepingCapacity: true)
                depth = 0
                expectingOpenAction = false
            case .keyword("R"):
                if expectingOpenAction, ints.count == 2 { openActionRefs.append(ints[0]) }
                expectingOpenAction = false
                // `/Length 12 0 R` is not a direct length.
                if depth == 1, arrayDepth == 0, intKey == "Length" { dictionary.length = nil }
                if depth == 1, arrayDepth == 0, intKey == "Root", ints.count == 2 { rootObject = ints[0] }
                ints.removeAll(keepingCapacity: true)
            case .keyword("stream"):
                handleStream(bytes, lexer: &lexer, dictionary: dictionary)
                dictionary = StreamDictionary()
                depth = 0
                expectingOpenAction = false
            case .keyword("endobj"):
                depth = 0
                expectingOpenAction = false
                currentObject = nil
            case .arrayOpen:
                expectingOpenAction = false  // a destination: a jump, nothing runs
                if depth == 1 { arrayDepth += 1 }
            case .arrayClose:
                if depth == 1, arrayDepth > 0 {
                    arrayDepth -= 1
                    if arrayDepth == 0 { key = nil }
                }
            case .keyword, .other, .string:
                expectingOpenAction = false
                if depth == 1, arrayDepth == 0 { key = nil }
            }
        }
    }

    mutating func count(_ name: String) {
        images.saw(name: name)
        guard RawObjectScannerNames.interesting.contains(name) else { return }
        facts.nameCounts[name, default: 0] += 1
    }

    /// The object being scanned is an image or may draw one.
    private mutating func noteImage() {
        if let currentObject { imageObjects.insert(currentObject) } else { unplacedImageStream = true }
    }

    /// Skips a stream's data; an object stream's is inflated and scanned.
    mutating func handleStream(_ bytes: UnsafeBufferPointer<UInt8>, lexer: inout ScanLexer, dictionary: StreamDictionary) {
        let data = ScanLexer.streamData(in: bytes, after: lexer.position, length: dictionary.length)
        lexer.position = min(bytes.count, data.upperBound + 9)
        if let mark = ColourProfileMarks.mark(bytes, dictionary: dictionary, data: data) {
            colourProfileMarks.append(mark)
        }
        if !dictionary.hasKeyBesidesLengthAndFilter, dictionary.filters == ["FlateDecode"], !dictionary.hasIndirectFilter,
           let currentObject {
            plainFlateStreams.insert(currentObject)
        }
        guard dictionary.type == "ObjStm" else {
            // An image's name has put the file in doubt already. Once it is in doubt, content is
            // read only for the pages that reach it (`PageImageProof`).
            if dictionary.subtype == "Image" {
                noteImage()
                if let currentObject { imageStreams.insert(currentObject) }
            } else if dictionary.mayHoldContent {
                let content = PendingStream(dictionary, data: data)
                if !images.drawsNoImage {
                    if let currentObject { pendingStreams[currentObject] = content } else { unplacedImageStream = true }
                } else if images.examine(UnsafeBufferPointer(rebasing: bytes[data]), stream: content, deadline: deadline) {
                    noteImage()
                }
            }
            return
        }
        guard dictionary.filters == ["FlateDecode"], !dictionary.hasDecodeParms,
              let count = dictionary.count, let first = dictionary.first, count >= 0, first >= 0 else {
            facts.objectStreamsSkipped += 1
            return
        }
        let (output, complete) = Inflater.inflate(UnsafeBufferPointer(rebasing: bytes[data]),
                                                  limit: min(streamBudget, inflateBudget), deadline: deadline)
        inflateBudget -= output.count
        facts.bytesInflated += output.count
        if complete { facts.objectStreamsInflated += 1 } else { facts.objectStreamsSkipped += 1; facts.isCut = true }
        guard !output.isEmpty else { return }
        let index = inflated.count
        inflated.append(output)
        if complete, !dictionary.hasKeyBesidesObjectStream, !dictionary.hasIndirectFilter, let currentObject {
            objectStreams[currentObject] = (index, count, first)
        }
        output.withUnsafeBufferPointer { scanObjectStream($0, index: index, objectCount: count, first: first) }
    }

    /// An object stream: `objectCount` pairs of object number and offset, then the objects from `first`.
    mutating func scanObjectStream(_ bytes: UnsafeBufferPointer<UInt8>, index: Int, objectCount: Int, first: Int) {
        var header = ScanLexer(bytes: UnsafeBufferPointer(rebasing: bytes[0..<min(first, bytes.count)]), position: 0)
        var numbers: [Int] = []
        while numbers.count < 2 * min(objectCount, 100_000), let token = header.next() {
            guard case let .integer(value) = token else { break }
            numbers.append(value)
        }
        for pair in stride(from: 0, to: numbers.count - 1, by: 2) where first + numbers[pair + 1] < bytes.count {
            objects[numbers[pair]] = ObjectLocation(buffer: index, offset: first + numbers[pair + 1])
        }
        var lexer = ScanLexer(bytes: bytes, position: min(first, bytes.count))
        var expectingOpenAction = false
        var ints: [Int] = []
        while let token = lexer.next() {
            if outOfTime() { return }
            fontPrograms.see(token, ints: ints)
            switch token {
            case let .name(name):
                count(name)
                expectingOpenAction = name == "OpenAction"
                ints.removeAll(keepingCapacity: true)
            case .dictOpen:
                if expectingOpenAction, let action = ScanLexer.action(in: bytes, at: lexer.position, budget: 8192) {
                    facts.openActions.append(action)
                }
                expectingOpenAction = false
            case let .integer(value):
                ints.append(value)
            case .keyword("R"):
                if expectingOpenAction, ints.count >= 2 { openActionRefs.append(ints[ints.count - 2]) }
                expectingOpenAction = false
                ints.removeAll(keepingCapacity: true)
            default:
                expectingOpenAction = false
                ints.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Follows each `/OpenAction n 0 R` (and `/Next` chains, a few steps) to the action it names.
    mutating func resolveOpenActions(file: UnsafeBufferPointer<UInt8>) {
        var queue = openActionRefs
        var visited = Set<Int>()
        while let number = queue.first, visited.count < 16 {
            queue.removeFirst()
            guard visited.insert(number).inserted, let location = objects[number] else { continue }
            let found: (ActionFacts, [Int])? = location.buffer < 0
                ? ScanLexer.actionAndNext(in: file, at: location.offset, budget: 8192)
                : inflated[location.buffer].withUnsafeBufferPointer { ScanLexer.actionAndNext(in: $0, at: location.offset, budget: 8192) }
            guard let (action, next) = found else { continue }
            if action.kind != .goTo { facts.openActions.append(action) }
            queue += next
        }
    }
}

private enum RawObjectScannerNames {
    static let interesting = Set(FileScanFacts.names)
}

/// PDF tokens, as far as the scan needs them.
enum ScanToken: Equatable {
    case dictOpen, dictClose, arrayOpen, arrayClose
    case name(String)
    case integer(Int)
    case keyword(String)
    /// A literal string's first bytes, when the lexer keeps strings.
    case string([UInt8])
    /// A string, a real number, a brace.
    case other
}

struct ScanLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Whether literal strings come back as `.string` (their first 400 bytes) rather than `.other`.
    var keepsStrings = false
    /// Where the token `next()` returned last begins: tells a string's `.other` from a number's.
    var tokenStart = 0

    static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: true
        default: false
        }
    }

    static func skippingWhiteSpace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, isWhiteSpace(bytes[index]) { index += 1 }
        return index
    }

    static func startsWithKeyword(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ word: String) -> Bool {
        let pattern = Array(word.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        for (offset, byte) in pattern.enumerated() where bytes[index + offset] != byte { return false }
        return true
    }

    /// The data of the stream whose `stream` keyword ends at `position`: `length` bytes after the
    /// end of line when `endstream` follows them, else up to the next `endstream` (or the end).
    static func streamData(in bytes: UnsafeBufferPointer<UInt8>, after position: Int, length: Int?) -> Range<Int> {
        var start = position
        if start < bytes.count, bytes[start] == 0x0D { start += 1 }
        if start < bytes.count, bytes[start] == 0x0A { start += 1 }
        var end: Int?
        if let length, length >= 0, start + length <= bytes.count,
           startsWithKeyword(bytes, at: skippingWhiteSpace(bytes, from: start + length), "endstream") {
            end = start + length
        }
        if end == nil { end = find(bytes, "endstream", from: start) }
        let dataEnd = end ?? bytes.count
        return min(start, dataEnd)..<dataEnd
    }

    /// The index of the first `needle` at or after `start`.
    static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, start >= 0, start + pattern.count <= bytes.count else { return nil }
        var index = start
        let last = bytes.count - pattern.count
        while index <= last {
            if bytes[index] == first {
                var offset = 1
                while offset < pattern.count, bytes[index + offset] == pattern[offset] { offset += 1 }
                if offset == pattern.count { return index }
            }
            index += 1
        }
        return nil
    }

    mutating func next() -> ScanToken? {
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isWhiteSpace(byte) { position += 1; continue }
            tokenStart = position
            switch byte {
            case 0x25:  // % comment
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
                continue
            case 0x28:  // ( literal string )
                if keepsStrings { return .string(readLiteralString(keep: 400)) }
                skipLiteralString()
                return .other
            case 0x3C:  // < or <<
                if position + 1 < bytes.count, bytes[position + 1] == 0x3C { position += 2; return .dictOpen }
                while position < bytes.count, bytes[position] != 0x3E { position += 1 }
                position += 1
                return .other
            case 0x3E:
                if position + 1 < bytes.count, bytes[position + 1] == 0x3E { position += 2; return .dictClose }
                position += 1
                return .other
            case 0x5B: position += 1; return .arrayOpen
            case 0x5D: position += 1; return .arrayClose
            case 0x2F:
                position += 1
                return .name(readName())
            case 0x7B, 0x7D, 0x29:
                position += 1
                return .other
            default:
                let start = position
                while position < bytes.count, !Self.isWhiteSpace(bytes[position]), !Self.isDelimiter(bytes[position]) {
                    position += 1
                }
                let word = UnsafeBufferPointer(rebasing: bytes[start..<position])
                // At most 18 digits cannot overflow; read in place (a paper's widths arrays hold thousands).
                if !word.isEmpty, word.count <= 18, word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                    return .integer(word.reduce(0) { $0 * 10 + Int($1 - 0x30) })
                }
                if word.count <= 12, word.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) }) {
                    return .keyword(String(decoding: word, as: UTF8.self))
                }
                return .other
            }
        }
        return nil
    }

    /// A name's characters up to a delimiter, `#xx` escapes decoded (`/J#61vaScript` is `/JavaScript`).
    private mutating func readName() -> String {
        let start = position
        while position < bytes.count, !Self.isWhiteSpace(bytes[position]), !Self.isDelimiter(bytes[position]),
              bytes[position] != 0x23, position - start < 128 {
            position += 1
        }
        // Most names have no `#` escape: their bytes are the name.
        if position == bytes.count || bytes[position] != 0x23 || position - start >= 128 {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }
        position = start
        var decoded: [UInt8] = []
        while position < bytes.count, !Self.isWhiteSpace(bytes[position]), !Self.isDelimiter(bytes[position]) {
            let byte = bytes[position]
            if byte == 0x23, position + 2 < bytes.count,
               let high = Self.hexValue(bytes[position + 1]), let low = Self.hexValue(bytes[position + 2]) {
                decoded.append(high << 4 | low)
                position += 3
            } else {
                decoded.append(byte)
                position += 1
            }
            if decoded.count > 127 { break }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Skips a balanced `( ... )`, backslash escapes included.
    private mutating func skipLiteralString() {
        _ = readLiteralString(keep: 0)
    }

    /// Reads a `( ... )` string from the opening parenthesis, keeping its first `keep` bytes.
    mutating func readLiteralString(keep: Int) -> [UInt8] {
        var depth = 0
        var kept: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case 0x5C:  // backslash: the next byte is literal
                if position < bytes.count, kept.count < keep {
                    let escaped = bytes[position]
                    kept.append(escaped == 0x6E ? 0x0A : escaped == 0x72 ? 0x0D : escaped == 0x74 ? 0x09 : escaped)
                }
                position += 1
                continue
            case 0x28:
                depth += 1
                if depth == 1 { continue }
            case 0x29:
                depth -= 1
                if depth == 0 { return kept }
            default: break
            }
            if kept.count < keep { kept.append(byte) }
        }
        return kept
    }

    /// The action of the dictionary whose content starts at `start` (after `<<`), if it has an `/S`.
    static func action(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: Int) -> ActionFacts? {
        parseAction(in: bytes, at: start, budget: budget, inside: true)?.0
    }

    /// The action of the object whose body starts at `start`, and the objects its `/Next` names.
    static func actionAndNext(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: Int) -> (ActionFacts, [Int])? {
        parseAction(in: bytes, at: start, budget: budget, inside: false)
    }

    private static func parseAction(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: Int,
                                    inside: Bool) -> (ActionFacts, [Int])? {
        let end = min(bytes.count, start + budget)
        var lexer = ScanLexer(bytes: UnsafeBufferPointer(rebasing: bytes[0..<end]), position: start, keepsStrings: true)
        if !inside {
            guard case .dictOpen = lexer.next() else { return nil }
        }
        var depth = 1
        var arrayDepth = 0
        var kind: ActionKind?
        var target: String?
        var next: [Int] = []
        var key: String?
        var ints: [Int] = []
        func result() -> (ActionFacts, [Int])? { kind.map { (ActionFacts(kind: $0, target: target), next) } }
        while let token = lexer.next() {
            if case .integer = token {} else if case .keyword("R") = token {} else { ints.removeAll() }
            switch token {
            case .dictOpen: depth += 1
            case .dictClose:
                depth -= 1
                if depth <= 0 { return result() }
                if depth == 1 { key = nil }
            case .arrayOpen: if depth == 1 { arrayDepth += 1 }
            case .arrayClose:
                if depth == 1, arrayDepth > 0 { arrayDepth -= 1; if arrayDepth == 0 { key = nil } }
            case let .name(name):
                guard depth == 1, arrayDepth == 0 else { continue }
                if let current = key {
                    if current == "S" { kind = actionKind(name) }
                    key = nil
                } else {
                    key = name
                }
            case let .integer(value):
                ints.append(value)
                if ints.count > 2 { ints.removeFirst() }
            case .keyword("R"):
                if depth == 1, key == "Next", ints.count == 2 { next.append(ints[0]) }
                if depth == 1, arrayDepth == 0 { key = nil }
                ints.removeAll()
            case let .string(text):
                if depth == 1, arrayDepth == 0, let current = key {
                    if ["URI", "F", "JS"].contains(current), target == nil {
                        target = ObjectReader.clean(String(decoding: text, as: UTF8.self))
                    }
                    key = nil
                }
            case .keyword("endobj"), .keyword("stream"):
                return result()
            case .keyword, .other:
                if depth == 1, arrayDepth == 0 { key = nil }
            }
        }
        return result()
    }

    static func actionKind(_ name: String) -> ActionKind {
        switch name {
        case "GoTo": .goTo
        case "GoToR": .goToRemote
        case "GoToE": .goToEmbedded
        case "URI": .uri
        case "Launch": .launch
        case "JavaScript": .javaScript
        case "Named": .named
        case "SubmitForm": .submitForm
        case "ResetForm": .resetForm
        case "ImportData": .importData
        default: .other
        }
    }
}

/// Inflates zlib data with GLib's decompressor, stopping at `limit` output bytes or the deadline.
enum Inflater {
    /// The output (at most `limit` bytes) and whether the stream ended within the limits.
    ///
    /// A stream with a valid zlib header is inflated raw, past its two header bytes: like poppler's
    /// own inflater, which never reads the Adler-32 checksum after the data, and without the cost of
    /// computing it (about a seventh of inflating).
    static func inflate(_ input: UnsafeBufferPointer<UInt8>, limit: Int, deadline: Date) -> ([UInt8], Bool) {
        let headerIsValid = input.count >= 2 && input[0] & 0x0F == 8 && input[0] >> 4 <= 7
            && (UInt16(input[0]) << 8 | UInt16(input[1])) % 31 == 0 && input[1] & 0x20 == 0
        let format = headerIsValid ? G_ZLIB_COMPRESSOR_FORMAT_RAW : G_ZLIB_COMPRESSOR_FORMAT_ZLIB
        let data = headerIsValid ? UnsafeBufferPointer(rebasing: input[2...]) : input
        guard let base = data.baseAddress, limit > 0, let decompressor = g_zlib_decompressor_new(format) else {
            return ([], false)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(decompressor)) }
        let converter = decompressor
        var output: [UInt8] = []
        // Not zeroed first: zeroing 64 KB per stream cost as much as inflating a small one.
        var chunk = [UInt8](unsafeUninitializedCapacity: min(1 << 16, limit)) { _, count in count = min(1 << 16, limit) }
        var consumed = 0
        var rounds = 0
        while output.count < limit {
            var read: gsize = 0, written: gsize = 0
            var error: UnsafeMutablePointer<GError>?
            let room = min(chunk.count, limit - output.count)
            let result = chunk.withUnsafeMutableBytes { out in
                g_converter_convert(converter, base + consumed, gsize(data.count - consumed), out.baseAddress, gsize(room),
                                    G_CONVERTER_INPUT_AT_END, &read, &written, &error)
            }
            consumed += Int(read)
            output += chunk[0..<Int(written)]
            if let error {
                g_error_free(error)
                return (output, false)
            }
            if result == G_CONVERTER_FINISHED { return (output, true) }
            if result == G_CONVERTER_ERROR || (read == 0 && written == 0) { return (output, false) }
            rounds += 1
            if rounds & 0x3F == 0, Date() > deadline { return (output, false) }
        }
        return (output, false)
    }
}
