internal import CPoppler
import Foundation
import PaperFacts

/// What to extract beyond the always-extracted facts.
public struct ExtractionOptions: Sendable {
    /// When set, pages whose ink reaches outside this region are rendered there at low resolution
    /// to find vector graphics (neither text nor images) that cross it; typically the text block
    /// grown by the tolerance.
    public var vectorInkProbeRegion: Box?
    /// How far below the probe region's bottom edge, less the tolerance, text may hang (the margin
    /// rule's `lastLineDepth`): words that cannot reach deeper need no render.
    public var lastLineDepth: Double
    /// The password of an encrypted PDF; nil opens it without one.
    public var password: String?
    /// Map the images of every page, not only of pages whose margins need them.
    public var mapsEveryImage: Bool
    /// Threads that read pages at once, each with its own copy of the document; 1 reads in order.
    public var threads: Int
    /// When set, each page with text is rendered to find the words a reader cannot see
    /// (`PageFacts.hiddenText`); words in a smaller font than this are tiny.
    public var hiddenTextTinySize: Double?

    /// Options with no ink probe, no password and one thread by default.
    public init(vectorInkProbeRegion: Box? = nil, lastLineDepth: Double = 0, password: String? = nil,
                mapsEveryImage: Bool = false, threads: Int = 1, hiddenTextTinySize: Double? = nil) {
        self.vectorInkProbeRegion = vectorInkProbeRegion
        self.lastLineDepth = lastLineDepth
        self.password = password
        self.mapsEveryImage = mapsEveryImage
        self.threads = threads
        self.hiddenTextTinySize = hiddenTextTinySize
    }
}

/// Rendering through cairo loads fonts into one FreeType library that poppler shares between all
/// documents of the process, and FreeType does not allow two threads to load faces at once; so
/// every render (the ink probe, annotated pages) holds this lock. It also guards the documents on
/// copies, which all threads share (`CopyDocument`): whatever touches one of them holds it, and
/// may take it again inside (a render opening a page). Text, bounding-box and image passes on a
/// thread's own document use no FreeType and run without it.
let renderLock = NSRecursiveLock()

/// Opens a PDF with poppler-glib and extracts its facts. The only public entry to poppler.
public enum DocumentExtractor {
    /// Opens the file read-only and extracts every page, the fonts and the metadata; throws when it cannot be opened.
    ///
    /// With several threads, each opens its own poppler document on the same mapped file and takes
    /// the next unread page (the font scan is one more task), so a long page does not hold the others up.
    public static func extract(path: String, options: ExtractionOptions = ExtractionOptions())
        throws(PDFOpenError) -> DocumentFacts {
        let document = try PopplerDocumentHandle(path: path, password: options.password)
        let pageCount = document.pageCount
        guard pageCount > 0 else { throw .noPages(path: path) }

        // The lexical scan comes first: a page it proves to draw no image (every page, when the
        // file draws none) is given no image-mapping pass. Its page tree must agree with poppler's.
        let scan = document.scan
        var drawsNoImage = Array(repeating: scan.drawsNoImage, count: pageCount)
        if !scan.drawsNoImage, let pages = scan.pagesDrawingNoImage, pages.count == pageCount { drawsNoImage = pages }
        let results = ExtractionResults(pageCount: pageCount, drawsNoImage: drawsNoImage)
        let threads = max(1, min(options.threads, pageCount))
        if threads == 1 {
            results.work(on: document, options: options)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                // The first thread reuses the document already open; the others open their own. A
                // copy that fails to open takes no task, and the others take them all.
                guard let own = thread == 0 ? document : try? document.reopened() else { return }
                results.work(on: own, options: options)
            }
        }

        // Fonts of one name are merged into one entry, except Type 3 fonts: each of those is its own
        // program (a figure's glyphs), as the scanner reports it once per font object.
        var fonts: [FontFacts] = []
        var mergedByName: [String: Int] = [:]
        var type3ByName: [String: [Int]] = [:]
        for (index, scanned) in results.fontsFirstSeen.enumerated() {
            let number = index + 1
            for font in scanned {
                let name = FontFacts.baseName(font.fullName)
                if font.type != .type3 {
                    guard mergedByName[name] == nil else { continue }
                    mergedByName[name] = fonts.count
                } else {
                    type3ByName[name, default: []].append(fonts.count)
                }
                fonts.append(FontFacts(name: name, fullName: font.fullName, type: font.type, isEmbedded: font.isEmbedded,
                                       isSubset: font.isSubset, encoding: font.encoding, pages: [number]))
            }
        }
        var textFontPages: [String: Set<Int>] = [:]
        var pages: [PageFacts] = []
        pages.reserveCapacity(pageCount)
        for (index, extracted) in results.pages.enumerated() {
            let number = index + 1
            guard let (facts, names) = extracted else {
                pages.append(PageFacts(number: number, width: 0, height: 0))
                continue
            }
            for name in names { textFontPages[FontFacts.baseName(name), default: []].insert(number) }
            pages.append(facts)
        }
        for (textName, usedOn) in textFontPages {
            // Poppler names the text of a font without a name "Default".
            let name = textName == "Default" ? FontFacts.unnamed : textName
            if let merged = mergedByName[name] { fonts[merged].pages = Array(Set(fonts[merged].pages).union(usedOn)).sorted() }
            // Text in a Type 3 name belongs to the latest font of that name first seen on or before its page.
            guard let objects = type3ByName[name] else { continue }
            for page in usedOn {
                guard let owner = objects.last(where: { fonts[$0].pages[0] <= page }) else { continue }
                if !fonts[owner].pages.contains(page) { fonts[owner].pages = (fonts[owner].pages + [page]).sorted() }
            }
        }
        let metadata = DocumentMetadata(
            title: takeGString(poppler_document_get_title(document.pointer)),
            author: takeGString(poppler_document_get_author(document.pointer)),
            subject: takeGString(poppler_document_get_subject(document.pointer)),
            keywords: takeGString(poppler_document_get_keywords(document.pointer)),
            creator: takeGString(poppler_document_get_creator(document.pointer)),
            producer: takeGString(poppler_document_get_producer(document.pointer)),
            pdfVersion: takeGString(poppler_document_get_pdf_version_string(document.pointer))
                .map { $0.replacingOccurrences(of: "PDF-", with: "") },
            isEncrypted: document.looksEncrypted || options.password != nil,
            fileSize: document.fileSize)
        var objects = ObjectReader.read(document)
        objects.fileScan = scan.facts
        return DocumentFacts(path: path, metadata: metadata, pages: pages, fonts: fonts, objects: objects)
    }

    /// Renders the given regions of pages (by 1-based page number, in points with a top-left
    /// origin) at a fine resolution and returns the ink found there, page by page. Checks ask for
    /// this after a first reading, where boxes suggest something crosses the text block: the ink
    /// then decides. Pages that cannot be rendered are left out, and their checks keep to the boxes.
    public static func measureInk(path: String, password: String? = nil, regions: [Int: [Box]]) -> [Int: InkSample] {
        let wanted = regions.filter { !$0.value.isEmpty }
        guard !wanted.isEmpty, let document = try? PopplerDocumentHandle(path: path, password: password) else { return [:] }
        var samples: [Int: InkSample] = [:]
        for (number, boxes) in wanted.sorted(by: { $0.key < $1.key }) {
            guard number >= 1, number <= document.pageCount, let page = document.page(at: number - 1) else { continue }
            let (width, height) = PDFNumber.pageSize(page.pointer)
            let source = document.imageRenderPage(at: number - 1) ?? page
            samples[number] = FineInkRenderer.sample(boxes, of: source, width: width, height: height)
        }
        return samples
    }
}

/// The shared state of one extraction: the next task to take and the results so far. Task 0 is
/// page 1, task 1 the font scan (it visits the pages in order), task k > 1 page k. Page 1's text
/// decides how the margins of the other pages are read, so they wait for it.
private final class ExtractionResults: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextTask = 0
    private let pageCount: Int
    /// How pages after the first are read; nil until page 1's text is read.
    private var reading: MarginReading?
    /// Per page, the extracted facts and the font names showing text; nil until read (or unreadable).
    private(set) var pages: [(PageFacts, Set<String>)?]
    /// Per page, the fonts the scanner saw first on it.
    private(set) var fontsFirstSeen: [[FontScanner.ScannedFont]]

    /// Per page, whether it was proven to draw no image (`ImageProof`, `PageImageProof`).
    private let drawsNoImage: [Bool]

    init(pageCount: Int, drawsNoImage: [Bool]) {
        self.pageCount = pageCount
        self.drawsNoImage = drawsNoImage
        pages = Array(repeating: nil, count: pageCount)
        fontsFirstSeen = Array(repeating: [], count: pageCount)
    }

    private enum Task { case page(Int, MarginReading?), fontScan }

    private func takeTask() -> Task? {
        condition.lock()
        defer { condition.unlock() }
        guard nextTask <= pageCount else { return nil }
        let task = nextTask
        nextTask += 1
        switch task {
        case 0: return .page(1, nil)
        case 1: return .fontScan
        default:
            while reading == nil { condition.wait() }
            return .page(task, reading ?? .planned)
        }
    }

    private var readingIsUndecided: Bool {
        condition.lock()
        defer { condition.unlock() }
        return reading == nil
    }

    private func publish(_ decided: MarginReading) {
        condition.lock()
        reading = decided
        condition.broadcast()
        condition.unlock()
    }

    /// Takes tasks until none is left. Each page object is released before the next is read, so
    /// poppler's per-page state (text layout, rendering) does not pile up with the page count.
    func work(on document: PopplerDocumentHandle, options: ExtractionOptions) {
        while let task = takeTask() {
            switch task {
            case .fontScan:
                // Poppler's scanner builds every font; the object index tells the same for less.
                let scanned = document.scannedFonts()
                condition.lock()
                fontsFirstSeen = scanned
                condition.unlock()
            case let .page(number, reading):
                let extracted = document.page(at: number - 1).map { page in
                    var reader = PageReader(page: page, document: document, number: number, options: options,
                                            drawsNoImage: drawsNoImage[number - 1])
                    return reader.read(reading, decide: publish)
                }
                // An unreadable page 1 decides nothing; the others are then read by plan.
                if reading == nil && self.readingIsUndecided { publish(.planned) }
                condition.lock()
                if let extracted { pages[number - 1] = extracted }
                condition.unlock()
            }
        }
    }
}
