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

    /// Options with no ink probe and no password by default.
    public init(vectorInkProbeRegion: Box? = nil, password: String? = nil) {
        self.vectorInkProbeRegion = vectorInkProbeRegion
        self.password = password
    }
}

/// Poppler keeps process-wide state (its global parameters, font caches) that is not safe to
/// touch from several threads at once; papercheck gets its parallelism from worker processes.
/// Every entry to poppler in this module (extraction, page rendering) holds it.
let popplerLock = NSLock()

/// Opens a PDF with poppler-glib and extracts its facts. The only public entry to poppler.
public enum DocumentExtractor {
    /// Opens the file read-only and extracts every page, the fonts and the metadata; throws when it cannot be opened.
    public static func extract(path: String, options: ExtractionOptions = ExtractionOptions())
        throws(PDFOpenError) -> DocumentFacts {
        popplerLock.lock()
        defer { popplerLock.unlock() }
        let document = try PopplerDocumentHandle(path: path, password: options.password)
        let pageCount = document.pageCount
        guard pageCount > 0 else { throw .noPages(path: path) }

        let scanner = FontScanner(document: document)
        defer { scanner.free() }
        var pages: [PageFacts] = []
        pages.reserveCapacity(pageCount)
        var fontsByName: [String: FontFacts] = [:]
        var fontOrder: [String] = []
        var textFontPages: [String: Set<Int>] = [:]

        for index in 0..<pageCount {
            let number = index + 1
            for scanned in scanner.scanNextPage(number: number) {
                let name = FontFacts.baseName(scanned.fullName)
                guard fontsByName[name] == nil else { continue }
                fontsByName[name] = FontFacts(
                    name: name, fullName: scanned.fullName, type: scanned.type,
                    isEmbedded: scanned.isEmbedded, isSubset: scanned.isSubset, encoding: scanned.encoding,
                    pages: [number])
                fontOrder.append(name)
            }
            // Each page object is released before the next is read, so poppler's per-page state
            // (text layout, rendering) does not pile up with the page count.
            guard let page = document.page(at: index) else {
                pages.append(PageFacts(number: number, width: 0, height: 0))
                continue
            }
            let (facts, names) = extractPage(page, number: number, options: options)
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

    private static func extractPage(_ page: PopplerPageHandle, number: Int,
                                    options: ExtractionOptions) -> (PageFacts, Set<String>) {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page.pointer, &width, &height)
        var crop = PopplerRectangle()
        poppler_page_get_crop_box(page.pointer, &crop)
        let cropWidth = abs(crop.x2 - crop.x1), cropHeight = abs(crop.y2 - crop.y1)
        let quarterTurned = abs(cropWidth - cropHeight) > 0.5 && abs(cropWidth - height) < 0.5 && abs(cropHeight - width) < 0.5

        let text = PageTextReader.read(page)
        let images = imageBoxes(page)
        let explained = text.lines.flatMap { $0.words.map(\.box) } + images
        // Text or an image already outside the probe region settles that the margins must be
        // rendered, so the bounding-box pass (a full pass over the page's content) is skipped,
        // unless the extractability analysis needs it (a page with almost no text and no image).
        let outsideKnown = options.vectorInkProbeRegion.map { region in explained.contains { !region.contains($0) } } ?? false
        let needsInkBox = !outsideKnown || (text.characterCount < PageFacts.fewCharacters && images.isEmpty)
        var bounds = PopplerRectangle()
        let inkBox: Box? = needsInkBox && poppler_page_get_bounding_box(page.pointer, &bounds) != 0
            ? Box(x0: bounds.x1, y0: bounds.y1, x1: bounds.x2, y1: bounds.y2) : nil

        var vectorInk: [Box] = []
        if let region = options.vectorInkProbeRegion, outsideKnown || inkBox.map({ !region.contains($0) }) == true {
            vectorInk = VectorInkProbe.inkOutside(region, of: page, width: width, height: height, explainedBy: explained)
        }
        let facts = PageFacts(number: number, width: width, height: height, isQuarterTurned: quarterTurned,
                              lines: text.lines, images: images, inkBox: inkBox, vectorInkOutside: vectorInk,
                              inkProbeRegion: options.vectorInkProbeRegion, characterCount: text.characterCount,
                              undecodableCharacterCount: text.undecodableCharacterCount)
        return (facts, text.fontNames)
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
