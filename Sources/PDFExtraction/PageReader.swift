internal import CPoppler
import PaperFacts

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

/// Reads one page: its size, text and, when a probe region is given, what lies in its margins.
struct PageReader {
    let page: PopplerPageHandle
    let document: PopplerDocumentHandle
    let number: Int
    let options: ExtractionOptions
    private let width: Double
    private let height: Double
    /// The image boxes the page's facts hold: mapped where the margin reading needs them.
    private var images: [Box] = []
    private var imagesMapped = false
    /// poppler's image map of the page once made, for the facts or not: the ink extent and the
    /// hidden-text check read it without putting images in the facts that the margin reading did
    /// not ask for (each one outside the text block would send the check to measure its ink).
    private var imageMap: [Box]?
    /// Points by which the ink extent may pass the ink: a pixel once it is read from the pixels.
    private var inkOvershoot = 0.0
    /// This page in the document's imageless copy (`ImagelessCopy`), opened on first need.
    private var imagelessPage: PopplerPageHandle??
    /// The imageless copy rendered for the hidden-text check before the text is read, so that the
    /// text comes from the layout that render collected (`HiddenTextReader.ViewedRender`).
    private var viewed: HiddenTextReader.ViewedRender?

    /// `drawsNoImage`: the page is proven to draw no image (`ImageProof`, `PageImageProof`), so its
    /// image map is known to be empty without a pass.
    init(page: PopplerPageHandle, document: PopplerDocumentHandle, number: Int, options: ExtractionOptions,
         drawsNoImage: Bool = false) {
        self.page = page
        self.document = document
        self.number = number
        self.options = options
        imagesMapped = drawsNoImage
        imageMap = drawsNoImage ? [] : nil
        (width, height) = PDFNumber.pageSize(page.pointer)
    }

    /// The page's facts and the font names showing text on it. With `chosen` nil (page 1), the
    /// page's text is read first and decides the reading, which `decide` receives before the rest
    /// of the page is read, so that other threads can start on the other pages.
    mutating func read(_ chosen: MarginReading?, decide: (MarginReading) -> Void) -> (facts: PageFacts, fontNames: Set<String>) {
        var text: PageTextReader.Result?
        var reading = chosen ?? .planned
        if chosen == nil {
            if let region = options.vectorInkProbeRegion {
                let first = readText()
                text = first
                reading = MarginProbePlan.suggestsRenderingFirst(words: first.lines.flatMap(\.words), region: region)
                    ? .renderFirst : .planned
            }
            decide(reading)
        }
        if options.mapsEveryImage { mapImages() }
        let imageless = options.hiddenTextTinySize == nil ? nil : imagelessCopy()

        let read: PageTextReader.Result
        var inkBox: Box?
        var vectorInk: [Box] = []
        var fineInk: InkSample?
        switch (options.vectorInkProbeRegion, reading) {
        case (nil, _):
            read = text ?? readText()
            inkBox = inkExtent()
            if inkBox != nil { mapImages() }
        case let (region?, .renderFirst):
            (read, vectorInk) = readRenderingFirst(outside: region, text: text)
            // The extractability analysis tells blank pages from scans by their ink.
            if read.characterCount < PageFacts.fewCharacters { inkBox = inkExtent() }
        case let (region?, .planned):
            read = text ?? readText()
            // A page under one picture (a scan, OCR'd or not) is judged by its boxes: rendering
            // its margins would decode the whole scan.
            if MarginProbePlan.wantsFineInk(lines: read.lines, region: region, pageWidth: width, depth: options.lastLineDepth),
               !isCoveredByAnImage {
                // Text crosses the region: the check will judge by the ink, so render the margins
                // finely now, in place of the bounding-box pass and the coarse probe.
                fineInk = readFineInk(outside: region, words: read.lines.flatMap(\.words))
                if fineInk == nil || read.characterCount < PageFacts.fewCharacters { inkBox = inkExtent() }
            } else {
                // The bounding-box pass reads the content without decoding images: cheap enough for every page.
                inkBox = inkExtent()
            }
            if fineInk == nil, let ink = inkBox {
                vectorInk = readByPlan(outside: region, ink: ink, words: read.lines.flatMap(\.words))
            }
        }
        // A page with a few lines of text may be a scan with a stamp on it: its image tells.
        if read.lines.count <= 3 && read.characterCount < 300 { mapImages() }
        let facts = PageFacts(number: number, width: width, height: height, isQuarterTurned: isQuarterTurned,
                              lines: read.lines, images: images, inkBox: inkBox, vectorInkOutside: vectorInk,
                              inkProbeRegion: options.vectorInkProbeRegion, characterCount: read.characterCount,
                              undecodableCharacterCount: read.undecodableCharacterCount, ink: fineInk,
                              hiddenText: options.hiddenTextTinySize.map { tiny in
                                  HiddenTextReader.read(page, width: width, height: height, lines: read.lines, tinySize: tiny,
                                                        images: imageMap, imageless: imageless,
                                                        viewed: viewed, withImages: withImages,
                                                        faithfulPage: { [self] in faithfulPage() })
                              })
        return (facts, read.fontNames)
    }

    /// The page's text. When the hidden-text check will render the page anyway, its render of the
    /// imageless copy is made first, and the text is read from the copy (the same content streams
    /// but for the images' subtype) through the layout that render collected: one interpretation
    /// of the page fewer.
    private mutating func readText() -> PageTextReader.Result {
        if options.hiddenTextTinySize != nil, let copy = imagelessCopy(),
           let render = HiddenTextReader.ViewedRender(copy, width: width, height: height) {
            viewed = render
            return PageTextReader.read(copy)
        }
        return PageTextReader.read(page)
    }

    /// Renders the four margins, then takes the text layout the render collected (or `text`, read before).
    private mutating func readRenderingFirst(outside region: Box, text: PageTextReader.Result?)
        -> (PageTextReader.Result, [Box]) {
        let raster = VectorInkProbe.render(strips(MarginSide.allCases, outside: region), of: page,
                                           width: width, height: height, explainedBy: [])
        // The render collected the text of annotations too (a reader's notes, form fields), which
        // the text pass leaves out; such pages are read again from a fresh page object.
        let read = text ?? PageTextReader.read(Self.hasAnnotationsBesidesLinks(page)
            ? document.page(at: number - 1) ?? page : page)
        let words = read.lines.flatMap { $0.words.map(\.box) }
        return (read, raster.map { unexplainedInk(in: $0, words: words) } ?? [])
    }

    /// Whether one image covers nearly the whole page (mapping the images to find out).
    private var isCoveredByAnImage: Bool {
        mutating get {
            mapImages()
            return images.contains { PageFacts.coversPage($0, width: width, height: height) }
        }
    }

    /// The ink of the four margins on a fine render; images are mapped when some of it is not
    /// text, so that the check can tell an image from a drawing.
    private mutating func readFineInk(outside region: Box, words: [Word]) -> InkSample? {
        let margins = MarginProbePlan.margins(outside: region, pageWidth: width, pageHeight: height)
        // Images are mapped by now (a page under one is not rendered): when none reaches a margin,
        // the imageless copy shows the same ink there without decoding any.
        mapImages()
        let reached = images.contains { image in margins.contains { $0.intersects(image.expanded(by: 1)) } }
        let source = reached ? withImages() : imagelessCopy() ?? page
        guard let sample = FineInkRenderer.sample(margins, of: source, width: width, height: height) else { return nil }
        let wordBoxes = words.map { $0.box.expanded(by: 0.5) }
        if sample.marks.contains(where: { mark in !wordBoxes.contains { $0.intersects(mark) } }) { mapImages() }
        return sample
    }

    /// Maps images and renders margins only where `MarginProbePlan` says they are needed.
    private mutating func readByPlan(outside region: Box, ink: Box, words: [Word]) -> [Box] {
        let plan = MarginProbePlan(region: region, ink: ink, words: words, inkOvershoot: inkOvershoot)
        // Images are mapped first where the words leave the ink's extent unexplained (an image may
        // explain it, and rendering would decode it); elsewhere only once rendering finds ink.
        if !plan.unexplainedSides(images: []).isEmpty { mapImages() }
        let sides = plan.sidesToRender(images: images)
        guard !sides.isEmpty else { return [] }
        let wordBoxes = words.map(\.box)
        let regions = strips(sides, outside: region)
        // With an imageless copy (mapped for the hidden-text pass anyway), strips that no image box
        // reaches are rendered without decoding any image: they show the same ink. The copy for
        // image renders is opened only when they are reached (the first page to open it chooses
        // the images it restates).
        var imageless: PopplerPageHandle?
        if options.hiddenTextTinySize != nil, let copy = imagelessCopy() {
            mapImages()
            let reach = 2 / VectorInkProbe.pixelsPerPoint
            if !images.contains(where: { image in regions.contains { $0.intersects(image.expanded(by: reach)) } }) { imageless = copy }
        }
        guard let raster = VectorInkProbe.render(regions, of: imageless ?? withImages(), width: width, height: height,
                                                 explainedBy: wordBoxes + images) else { return [] }
        return unexplainedInk(in: raster, words: wordBoxes)
    }

    /// Ink the words (and, once mapped, the images) do not explain. Images are mapped only when
    /// some ink could be one: a rule (a running head's, a footnote's) is a line no image is.
    private mutating func unexplainedInk(in raster: VectorInkProbe.InkRaster, words: [Box]) -> [Box] {
        let found = raster.unexplainedInk(words + images)
        let lineWidth = 2 / VectorInkProbe.pixelsPerPoint
        guard !imagesMapped, found.contains(where: { $0.width > lineWidth && $0.height > lineWidth }) else { return found }
        mapImages()
        return raster.unexplainedInk(words + images)
    }

    private func strips(_ sides: [MarginSide], outside region: Box) -> [Box] {
        sides.map { MarginProbePlan.strip($0, outside: region, pageWidth: width, pageHeight: height) }
    }

    /// Whether the page is shown turned by a quarter: its crop box is the page size swapped.
    private var isQuarterTurned: Bool {
        var crop = PopplerRectangle()
        poppler_page_get_crop_box(page.pointer, &crop)
        let cropWidth = PDFNumber.size(abs(crop.x2 - crop.x1)), cropHeight = PDFNumber.size(abs(crop.y2 - crop.y1))
        return abs(cropWidth - cropHeight) > 0.5 && abs(cropWidth - height) < 0.5 && abs(cropHeight - width) < 0.5
    }

    /// The page in the imageless copy; nil when the document has no image XObject.
    private mutating func imagelessCopy() -> PopplerPageHandle? {
        if let imagelessPage { return imagelessPage }
        let opened = document.imagelessPage(at: number - 1)
        imagelessPage = .some(opened)
        return opened
    }

    /// The page to render with its images: in the copy without colour profiles when the file has
    /// any, else the page itself. Opened where a render needs it.
    private func withImages() -> PopplerPageHandle {
        document.imageRenderPage(at: number - 1) ?? page
    }

    private mutating func mapImages() {
        guard !imagesMapped else { return }
        imagesMapped = true
        images = imageBoxes()
    }

    private mutating func imageBoxes() -> [Box] {
        if let imageMap { return imageMap }
        let boxes = Self.imageBoxes(faithfulPage())
        imageMap = boxes
        return boxes
    }

    /// The boxes of the images drawn on a page (a content pass that decodes no image).
    static func imageBoxes(_ page: PopplerPageHandle) -> [Box] {
        page.reading {
            guard let list = poppler_page_get_image_mapping(page.pointer) else { return [] }
            defer { poppler_page_free_image_mapping(list) }
            var boxes: [Box] = []
            forEachGListItem(list) { raw in
                let area = raw.assumingMemoryBound(to: PopplerImageMapping.self).pointee.area
                boxes.append(PDFNumber.box(x1: area.x1, y1: area.y1, x2: area.x2, y2: area.y2))
            }
            return boxes
        }
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

    /// The extent of the page's ink. Where the page's copy was rendered for the text (`viewed`),
    /// its pixels tell what is drawn, at a point's precision, for no pass of their own; on a page
    /// that draws images, with their boxes, when every one lies inside the probe region. Elsewhere
    /// poppler's bounding-box pass, which takes the boxes of glyphs, paths and images, drawn or
    /// not, but clipped: a mapped image box is not, so a cropped figure would reach into the
    /// margins and every margin holding it would be rendered (mandt16 went 2295 -> 3924 M
    /// instructions when the pixels were joined with every image box). Neither counts annotations.
    private mutating func inkExtent() -> Box? {
        guard let viewed else { return Self.boundingBox(faithfulPage()) }
        // The hidden-text check maps the page's images anyway (a file proven to draw none has an
        // empty map from the start): mapping them now costs no pass more.
        let drawn = imageBoxes()
        let region = options.vectorInkProbeRegion
        guard drawn.allSatisfy({ region?.contains($0) == true }) else { return Self.boundingBox(faithfulPage()) }
        inkOvershoot = 1 / HiddenTextReader.pixelsPerPoint
        return Box.enclosing(drawn + [viewed.inkExtent()].compactMap { $0 })
    }

    static func boundingBox(_ page: PopplerPageHandle) -> Box? {
        var bounds = PopplerRectangle()
        guard page.reading({ poppler_page_get_bounding_box(page.pointer, &bounds) }) != 0 else { return nil }
        return PDFNumber.box(x1: bounds.x1, y1: bounds.y1, x2: bounds.x2, y2: bounds.y2)
    }

    /// The page for poppler's passes that decode nothing (the bounding box, the image map): the
    /// file's own objects with fonts and content restated (the same drawing, read for less), else
    /// the page itself.
    private func faithfulPage() -> PopplerPageHandle {
        document.faithfulCopyPage(at: number - 1) ?? page
    }
}
