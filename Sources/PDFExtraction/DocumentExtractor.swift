internal import CPoppler
import Foundation
import PaperFacts

/// What to extract beyond the always-extracted facts.
public struct ExtractionOptions: Sendable {
    /// When set, pages whose ink reaches outside this region are rendered there at low resolution
    /// to find vector graphics (neither text nor images) that cross it; typically the text block
    /// grown by the tolerance.
    public var vectorInkProbeRegion: Box?
    /// The password of an encrypted PDF; nil opens it without one.
    public var password: String?
    /// Map the images of every page, not only of pages whose margins need them.
    public var mapsEveryImage: Bool
    /// Threads that read pages at once, each with its own copy of the document; 1 reads in order.
    public var threads: Int

    /// Options with no ink probe, no password and one thread by default.
    public init(vectorInkProbeRegion: Box? = nil, password: String? = nil, mapsEveryImage: Bool = false,
                threads: Int = 1) {
        self.vectorInkProbeRegion = vectorInkProbeRegion
        self.password = password
        self.mapsEveryImage = mapsEveryImage
        self.threads = threads
    }
}

/// Rendering through cairo loads fonts into one FreeType library that poppler shares between all
/// documents of the process, and FreeType does not allow two threads to load faces at once; so
/// every render (the ink probe, annotated pages) holds this lock. Text, bounding-box and image
/// passes use no FreeType and run on separate documents without it.
let renderLock = NSLock()

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

        let results = ExtractionResults(pageCount: pageCount)
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

        var fontsByName: [String: FontFacts] = [:]
        var fontOrder: [String] = []
        for (index, scanned) in results.fontsFirstSeen.enumerated() {
            let number = index + 1
            for font in scanned {
                let name = FontFacts.baseName(font.fullName)
                guard fontsByName[name] == nil else { continue }
                fontsByName[name] = FontFacts(
                    name: name, fullName: font.fullName, type: font.type,
                    isEmbedded: font.isEmbedded, isSubset: font.isSubset, encoding: font.encoding,
                    pages: [number])
                fontOrder.append(name)
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
        for (name, usedOn) in textFontPages {
            guard var font = fontsByName[name] else { continue }
            font.pages = Array(Set(font.pages).union(usedOn)).sorted()
            fontsByName[name] = font
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
        return DocumentFacts(path: path, metadata: metadata, pages: pages,
                             fonts: fontOrder.compactMap { fontsByName[$0] })
    }

    /// How a page's margins are examined.
    enum MarginReading: Sendable {
        /// Text and bounding box first; images and a render of chosen margins only where
        /// `MarginProbePlan` finds them needed. For documents whose margins are mostly empty.
        case planned
        /// Render all four margins first: the render collects the text layout on the way, so the
        /// text pass costs nothing more, and the bounding-box pass is not needed. For documents
        /// whose margins need a render anyway: page 1 has line or page numbers in them.
        case renderFirst
    }

    /// One page's facts and the font names showing text on it. With `reading` nil (page 1), the
    /// page's text is read first and decides the reading, which `decide` receives before the rest
    /// of the page is read, so that other threads can start on the other pages.
    fileprivate static func extractPage(_ page: PopplerPageHandle, of document: PopplerDocumentHandle, number: Int,
                                        options: ExtractionOptions, reading chosen: MarginReading?,
                                        decide: (MarginReading) -> Void) -> (facts: PageFacts, fontNames: Set<String>) {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page.pointer, &width, &height)
        var crop = PopplerRectangle()
        poppler_page_get_crop_box(page.pointer, &crop)
        let cropWidth = abs(crop.x2 - crop.x1), cropHeight = abs(crop.y2 - crop.y1)
        let quarterTurned = abs(cropWidth - cropHeight) > 0.5 && abs(cropWidth - height) < 0.5 && abs(cropHeight - width) < 0.5

        var text: PageTextReader.Result?
        var inkBox: Box?
        var images: [Box] = []
        var vectorInk: [Box] = []
        var reading = chosen ?? .planned
        if chosen == nil {
            if let region = options.vectorInkProbeRegion {
                let first = PageTextReader.read(page)
                text = first
                reading = MarginProbePlan.suggestsRenderingFirst(words: first.lines.flatMap(\.words), region: region)
                    ? .renderFirst : .planned
            }
            decide(reading)
        }
        func strips(_ sides: [MarginSide], outside region: Box) -> [Box] {
            sides.map { MarginProbePlan.strip($0, outside: region, pageWidth: width, pageHeight: height) }
        }
        /// Ink the words (and, once mapped, the images) do not explain. Images are mapped only when
        /// some ink could be one: a rule (a running head's, a footnote's) is a line no image is.
        func unexplainedInk(in raster: VectorInkProbe.InkRaster, words: [Box], imagesMapped: Bool) -> [Box] {
            let found = raster.unexplainedInk(words + images)
            let lineWidth = 2 / VectorInkProbe.pixelsPerPoint
            guard !imagesMapped, found.contains(where: { $0.width > lineWidth && $0.height > lineWidth }) else { return found }
            images = imageBoxes(page)
            return raster.unexplainedInk(words + images)
        }

        switch (options.vectorInkProbeRegion, reading) {
        case (nil, _):
            text = PageTextReader.read(page)
            inkBox = boundingBox(page)
            if inkBox != nil { images = imageBoxes(page) }
        case let (region?, .renderFirst):
            let raster = VectorInkProbe.render(strips(MarginSide.allCases, outside: region), of: page,
                                               width: width, height: height, explainedBy: [])
            if text == nil {
                // The render collected the text of annotations too (a reader's notes, form fields),
                // which the text pass leaves out; such pages are read again from a fresh page object.
                let reread = hasAnnotationsBesidesLinks(page) ? document.page(at: number - 1) : nil
                text = PageTextReader.read(reread ?? page)
            }
            let read = text ?? PageTextReader.read(page)
            if options.mapsEveryImage { images = imageBoxes(page) }
            let words = read.lines.flatMap { $0.words.map(\.box) }
            if let raster { vectorInk = unexplainedInk(in: raster, words: words, imagesMapped: options.mapsEveryImage) }
            // The extractability analysis tells blank pages from scans by their ink.
            if read.characterCount < PageFacts.fewCharacters { inkBox = boundingBox(page) }
        case let (region?, .planned):
            let read = text ?? PageTextReader.read(page)
            text = read
            // The bounding-box pass reads the content without decoding images: cheap enough for every page.
            inkBox = boundingBox(page)
            guard let ink = inkBox else { break }
            let words = read.lines.flatMap(\.words)
            let plan = MarginProbePlan(region: region, ink: ink, words: words)
            // Images are mapped first where the words leave the ink's extent unexplained (an image may
            // explain it, and rendering would decode it); elsewhere only once rendering finds ink.
            let imagesMapped = options.mapsEveryImage || !plan.unexplainedSides(images: []).isEmpty
            if imagesMapped { images = imageBoxes(page) }
            let sides = plan.sidesToRender(images: images)
            let wordBoxes = words.map(\.box)
            if !sides.isEmpty, let raster = VectorInkProbe.render(strips(sides, outside: region), of: page, width: width,
                                                                  height: height, explainedBy: wordBoxes + images) {
                vectorInk = unexplainedInk(in: raster, words: wordBoxes, imagesMapped: imagesMapped)
            }
        }
        let read = text ?? PageTextReader.read(page)
        let facts = PageFacts(number: number, width: width, height: height, isQuarterTurned: quarterTurned,
                              lines: read.lines, images: images, inkBox: inkBox, vectorInkOutside: vectorInk,
                              inkProbeRegion: options.vectorInkProbeRegion, characterCount: read.characterCount,
                              undecodableCharacterCount: read.undecodableCharacterCount)
        return (facts, read.fontNames)
    }

    private static func hasAnnotationsBesidesLinks(_ page: PopplerPageHandle) -> Bool {
        guard let list = poppler_page_get_annot_mapping(page.pointer) else { return false }
        defer { poppler_page_free_annot_mapping(list) }
        var found = false
        forEachGListItem(list) { raw in
            let mapping = raw.assumingMemoryBound(to: PopplerAnnotMapping.self).pointee
            if let annot = mapping.annot, poppler_annot_get_annot_type(annot) != POPPLER_ANNOT_LINK { found = true }
        }
        return found
    }

    private static func boundingBox(_ page: PopplerPageHandle) -> Box? {
        var bounds = PopplerRectangle()
        guard poppler_page_get_bounding_box(page.pointer, &bounds) != 0 else { return nil }
        return Box(x0: bounds.x1, y0: bounds.y1, x1: bounds.x2, y1: bounds.y2)
    }

    private static func imageBoxes(_ page: PopplerPageHandle) -> [Box] {
        guard let list = poppler_page_get_image_mapping(page.pointer) else { return [] }
        defer { poppler_page_free_image_mapping(list) }
        var boxes: [Box] = []
        forEachGListItem(list) { raw in
            let area = raw.assumingMemoryBound(to: PopplerImageMapping.self).pointee.area
            boxes.append(Box(x0: area.x1, y0: area.y1, x1: area.x2, y1: area.y2))
        }
        return boxes
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
    private var reading: DocumentExtractor.MarginReading?
    /// Per page, the extracted facts and the font names showing text; nil until read (or unreadable).
    private(set) var pages: [(PageFacts, Set<String>)?]
    /// Per page, the fonts the scanner saw first on it.
    private(set) var fontsFirstSeen: [[FontScanner.ScannedFont]]

    init(pageCount: Int) {
        self.pageCount = pageCount
        pages = Array(repeating: nil, count: pageCount)
        fontsFirstSeen = Array(repeating: [], count: pageCount)
    }

    private enum Task { case page(Int, DocumentExtractor.MarginReading?), fontScan }

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

    private func publish(_ decided: DocumentExtractor.MarginReading) {
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
                let scanner = FontScanner(document: document)
                let scanned = (0..<pageCount).map { scanner.scanNextPage(number: $0 + 1) }
                scanner.free()
                condition.lock()
                fontsFirstSeen = scanned
                condition.unlock()
            case let .page(number, reading):
                let extracted = document.page(at: number - 1).map {
                    DocumentExtractor.extractPage($0, of: document, number: number, options: options, reading: reading,
                                                  decide: publish)
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
