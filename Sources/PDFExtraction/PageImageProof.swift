import Foundation

/// Which pages of a file can be proven to draw no image, so that they need no image-mapping pass
/// (a whole content interpretation, fonts loaded again) even when other pages have figures; and
/// which image XObjects each page reaches, which the copy for image renders restates first for
/// the page it is made for (`SharedScan.imageRenderUpdate(firstPage:)`).
///
/// From the objects the lexical scan located (`RawObjectScanner`), the page tree is walked from the
/// catalog in page order, and for each page every object it reaches is visited: its resources
/// (inherited ones too), contents, annotations and whatever they refer to, at any depth, but not
/// `/Parent` and not into another page. The page draws no image when none of them is an image
/// XObject, a stream that may draw an inline image (read for `BI` as `ImageProof` reads it, only
/// when a page reaches it), or an object naming
/// `Image` anywhere. Any doubt keeps the page mapped: an object that cannot be found or read, a
/// page tree with anything but `/Page` and `/Pages` nodes, too many objects.
struct PageImageProof {
    let file: UnsafeBufferPointer<UInt8>
    let objects: [Int: ObjectLocation]
    let inflated: [[UInt8]]
    let imageObjects: Set<Int>
    /// Content streams the scan left unread, read here when a page reaches them.
    let pendingStreams: [Int: PendingStream]
    /// Bodies read so far; nil for an object that cannot be read.
    private var bodies: [Int: Body?] = [:]
    /// Whether each pending stream read so far may draw an image.
    private var verdicts: [Int: Bool] = [:]
    /// Inflated content bytes still allowed, and the time allowed for the reading.
    private var contentBudget: Int
    private let deadline = ReadingDeadline.after(3)

    init(file: UnsafeBufferPointer<UInt8>, objects: [Int: ObjectLocation], inflated: [[UInt8]], imageObjects: Set<Int>,
         pendingStreams: [Int: PendingStream] = [:], contentBudget: Int = ImageProof.contentBudget) {
        self.file = file
        self.objects = objects
        self.inflated = inflated
        self.imageObjects = imageObjects
        self.pendingStreams = pendingStreams
        self.contentBudget = contentBudget
    }

    /// Objects one page may reach before the proof gives up on it.
    static let reachLimit = 20_000
    /// Bytes one object's body may span.
    static let bodyLimit = 1 << 20

    /// What the proof needs of one object.
    struct Body {
        /// The value of `/Type` in a dictionary.
        var type: String?
        /// Each reference, with the top-level key it stands under (nil in an array object).
        var references: [(key: String?, object: Int)] = []
        var namesImage = false
    }

    /// What the walk learns of one page.
    struct PageReach {
        /// Proven: nothing the page reaches is or may draw an image.
        var drawsNoImage: Bool
        /// The image XObjects it reaches, in the order met (a soft mask after its image); all of
        /// them unless the walk stopped at its bounds.
        var images: [Int]
    }

    /// Per page in order, what it reaches; nil when the page tree cannot be walked.
    mutating func pages(root: Int) -> [PageReach]? {
        guard let catalog = body(root), let tree = catalog.references.first(where: { $0.key == "Pages" })?.object,
              let pages = pageList(from: tree) else { return nil }
        return pages.map { reach(page: $0.page, inherited: $0.inherited) }
    }

    /// The pages under `tree` in order, each with the resources its ancestors hold.
    private mutating func pageList(from tree: Int) -> [(page: Int, inherited: [Int])]? {
        var pages: [(page: Int, inherited: [Int])] = []
        var visited = Set<Int>()
        func walk(_ node: Int, inherited: [Int], depth: Int) -> Bool {
            guard depth < 64, pages.count < 100_000, visited.insert(node).inserted, let body = body(node) else { return false }
            switch body.type {
            case "Pages":
                let resources = inherited + body.references.filter { $0.key == "Resources" }.map(\.object)
                for kid in body.references where kid.key == "Kids" {
                    guard walk(kid.object, inherited: resources, depth: depth + 1) else { return false }
                }
                return true
            case "Page":
                pages.append((node, inherited))
                return true
            default:
                return false
            }
        }
        return walk(tree, inherited: [], depth: 0) ? pages : nil
    }

    /// Whether nothing the page reaches is or may draw an image, and the images it reaches. The
    /// walk goes on past an image, to find the others; an object it cannot read is passed over,
    /// and the page is then not proven. Content the scan left unread is read last, and only
    /// while nothing cheaper has shown an image.
    private mutating func reach(page: Int, inherited: [Int]) -> PageReach {
        var visited: Set<Int> = []
        var queue = inherited + [page]
        var content: [Int] = []
        var proven = true
        var images: [Int] = []
        while let next = queue.popLast() {
            guard visited.insert(next).inserted else { continue }
            guard visited.count <= Self.reachLimit else { return PageReach(drawsNoImage: false, images: images) }
            if imageObjects.contains(next) {
                proven = false
                images.append(next)
            }
            guard let body = body(next) else {
                proven = false
                continue
            }
            if body.namesImage { proven = false }
            if pendingStreams[next] != nil { content.append(next) }
            // Another page's content is not drawn here (a link's destination names it).
            if next != page, body.type == "Page" || body.type == "Pages" { continue }
            // Pushed in reverse, so that they are visited in the order the object names them.
            queue += body.references.reversed().filter { $0.key != "Parent" }.map(\.object)
        }
        return PageReach(drawsNoImage: proven && !content.contains { contentMayDrawImage($0) }, images: images)
    }

    /// Whether the object's stream, if the scan left it unread, may draw an image; read once.
    private mutating func contentMayDrawImage(_ number: Int) -> Bool {
        guard let stream = pendingStreams[number] else { return false }
        if let known = verdicts[number] { return known }
        guard stream.data.upperBound <= file.count else { return true }
        let (mayDraw, inflated) = ImageProof.contentMayDrawImage(UnsafeBufferPointer(rebasing: file[stream.data]), stream: stream,
                                                                 budget: contentBudget, deadline: deadline)
        contentBudget -= inflated
        verdicts[number] = mayDraw
        return mayDraw
    }

    private mutating func body(_ number: Int) -> Body? {
        if let known = bodies[number] { return known }
        var read: Body?
        if let location = objects[number] {
            if location.buffer < 0 {
                read = Self.readBody(file, at: location.offset)
            } else if location.buffer < inflated.count {
                read = inflated[location.buffer].withUnsafeBufferPointer { Self.readBody($0, at: location.offset) }
            }
        }
        bodies[number] = .some(read)
        return read
    }

    /// Reads the value that starts at `start` (after `n g obj`, or at an object's place in an
    /// object stream): a dictionary or array to its end, a stream's dictionary to `stream`.
    static func readBody(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Body? {
        let end = min(bytes.count, start + bodyLimit)
        guard start >= 0, start < end else { return nil }
        var lexer = ScanLexer(bytes: UnsafeBufferPointer(rebasing: bytes[0..<end]), position: start)
        var body = Body()
        var depth = 0  // dictionaries and arrays open
        var outerIsDictionary = false
        var topKey: String?
        var expectingKey = false
        var ints: [Int] = []
        var tokens = 0
        while let token = lexer.next() {
            tokens += 1
            if case .integer = token {} else if case .keyword("R") = token {} else { ints.removeAll(keepingCapacity: true) }
            let atTop = depth == 1 && outerIsDictionary
            switch token {
            case .dictOpen, .arrayOpen:
                if depth == 0 {
                    guard tokens == 1 else { return body }
                    outerIsDictionary = token == .dictOpen
                    expectingKey = outerIsDictionary
                }
                depth += 1
            case .dictClose, .arrayClose:
                depth -= 1
                if depth <= 0 { return body }
                if depth == 1 { expectingKey = true }
            case let .name(name):
                if name == "Image" { body.namesImage = true }
                if atTop {
                    if expectingKey {
                        topKey = name
                    } else if topKey == "Type" {
                        body.type = name
                    }
                    expectingKey.toggle()
                }
            case let .integer(value):
                ints.append(value)
                if ints.count > 2 { ints.removeFirst() }
                if atTop { expectingKey = true }
            case .keyword("R"):
                if ints.count == 2 { body.references.append((depth >= 1 && outerIsDictionary ? topKey : nil, ints[0])) }
                ints.removeAll(keepingCapacity: true)
                if depth == 0 { return body }
            case .keyword("endobj"), .keyword("stream"), .keyword("obj"):
                return depth == 0 || outerIsDictionary ? body : nil
            default:
                if atTop { expectingKey = true }
            }
            // A value that is no dictionary or array ends after its third token (`n g R` at most).
            if depth == 0, tokens >= 3 { return body }
        }
        // The bytes ended inside the value: it cannot be told what else it holds.
        return depth == 0 ? body : nil
    }
}
