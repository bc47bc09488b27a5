internal import CPoppler
import PaperFacts

/// Finds the words that extraction reads but a reader cannot see, by their ink.
///
/// The page is rendered once at a low resolution as printed (document content only, like
/// `FineInkRenderer`, under `renderLock`, or the copy's `ViewedRender` that gave the text); from the imageless copy when one is given, and from the
/// page itself, with its images, only for words an image box reaches. A word whose box shows ink and lies off every image is
/// seen. The others are measured against a mask of the text's own glyphs: poppler's glyph
/// selection repaints the selected words with their fonts, black on white, where extraction says
/// they are. A word is seen when the printed pixels under its glyphs differ clearly from the other
/// pixels of its box. Tiny text is judged by its size and off-page text by the crop box, without a
/// render.
enum HiddenTextReader {
    /// 72 dpi: a 10 pt word is about 10 pixels tall, enough for a mean over its glyphs.
    static let pixelsPerPoint = 1.0
    /// Mean channel difference (0-255) between a word's glyph pixels and its other pixels below
    /// which the word is not seen. Black text on white differs by about 150 at this resolution,
    /// white labels on a dark fill by as much; hidden text by nothing.
    static let minimumContrast = 24.0
    /// Glyph pixels a word needs for its mean to say anything.
    static let minimumGlyphPixels = 3
    /// Below this difference between a word's colour and its background (0-1, per channel), the
    /// word is drawn in the background's colour.
    static let sameColourTolerance = 0.12

    /// A rectangle of pixels: columns `left..<right`, rows `top..<bottom`.
    typealias PixelRect = (left: Int, right: Int, top: Int, bottom: Int)

    /// The pixels that at least one of `rects` holds: a figure's images often overlap (a grid
    /// of panels, the same picture drawn twice), and the pixels they share are left out once.
    static func pixelCount(ofUnion rects: [PixelRect]) -> Int {
        guard rects.count > 1 else { return rects.first.map { ($0.right - $0.left) * ($0.bottom - $0.top) } ?? 0 }
        // Row by row, over the columns the rects cover: word boxes are a few hundred pixels.
        let top = rects.map(\.top).min()!, bottom = rects.map(\.bottom).max()!
        let left = rects.map(\.left).min()!, right = rects.map(\.right).max()!
        var count = 0
        var covered = [Bool](repeating: false, count: right - left)
        for row in top..<bottom {
            for index in covered.indices { covered[index] = false }
            for rect in rects where row >= rect.top && row < rect.bottom {
                for column in rect.left..<rect.right { covered[column - left] = true }
            }
            count += covered.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        return count
    }

    /// The hidden words of a page, in reading order. `tinySize`: words in a smaller font are tiny.
    /// `images`: the page's image boxes if the caller has mapped them already (else mapped here,
    /// when a word needs them). `imageless`: the page in the document's imageless copy
    /// (`ImagelessCopy`), nil when the document has no image XObject.
    /// `viewed`: the imageless copy already rendered (`ViewedRender`), whose text `lines` are; it
    /// stands in for the printed render. `withImages`: opens the page to render with its images (in
    /// the copy without colour profiles, `ColourProfileMarks`), nil for `page` itself.
    /// `faithfulPage`: the page poppler's passes that decode nothing read (the bounding box, the
    /// image map): the same drawing, read for less; nil for `page`.
    static func read(_ page: PopplerPageHandle, width: Double, height: Double, lines: [TextLine],
                     tinySize: Double, images mapped: [Box]? = nil, imageless: PopplerPageHandle? = nil,
                     viewed: ViewedRender? = nil, withImages: (() -> PopplerPageHandle)? = nil,
                     faithfulPage: (() -> PopplerPageHandle)? = nil) -> [HiddenText] {
        let words = lines.flatMap(\.words)
        guard !words.isEmpty, width > 0, height > 0, width.isFinite, height.isFinite else { return [] }
        let pageBox = Box(x0: 0, y0: 0, x1: width, y1: height)
        var found: [HiddenText] = []
        var toRender: [Int] = []
        for (index, word) in words.enumerated() {
            let inside = word.box.intersection(pageBox)?.area ?? 0
            if word.box.area > 0 && inside < 0.5 * word.box.area {
                found.append(HiddenText(text: word.text, box: word.box, reason: .offPage, fontSize: word.fontSize, wordIndex: index))
            } else if word.fontSize < tinySize {
                found.append(HiddenText(text: word.text, box: word.box, reason: .tiny, fontSize: word.fontSize, wordIndex: index))
            } else {
                toRender.append(index)
            }
        }
        guard !toRender.isEmpty else { return found.sorted { $0.wordIndex < $1.wordIndex } }
        var images = mapped
        func mappedImages() -> [Box] {
            if let images { return images }
            let boxes = PageReader.imageBoxes(faithfulPage?() ?? page)
            images = boxes
            return boxes
        }
        let rendered: Renders?
        if let viewed {
            rendered = Renders(page, viewed: viewed, images: mappedImages(), withImages: withImages ?? { page },
                               width: width, height: height)
        } else {
            // The imageless copy serves when the page has images; without any, the page itself renders as cheaply.
            let imagelessSource = imageless.flatMap { mappedImages().isEmpty ? nil : $0 }
            rendered = Renders(page, imageless: imagelessSource, images: imagelessSource == nil ? [] : mappedImages(),
                               withImages: withImages ?? { page }, width: width, height: height)
        }
        guard let renders = rendered else { return found.sorted { $0.wordIndex < $1.wordIndex } }
        // Every measure below is of one of these words' boxes.
        renders.planFullRender(for: toRender.map { words[$0].box })
        var suspects: [(index: Int, background: RGBColor)] = []
        var seenOffImages = false
        // First screen, on the printed page alone: a word whose box shows ink and lies off every
        // image is seen. One with no ink in its box is a suspect, and so is one over an image,
        // whose own glyphs must show against it (the image could cover them): those are measured
        // against the page-wide glyph mask, rendered only then.
        var overImages: [Int] = []
        for index in toRender {
            let word = words[index]
            // A glyph without advance (TeX's negation slash, an accent, a combining mark) has a
            // box narrower than its ink, which falls on its neighbours: its box cannot tell.
            guard word.box.width >= 0.25 * word.fontSize, let printed = renders.measure(word.box, mask: nil) else { continue }
            if printed.contrast < minimumContrast {
                suspects.append((index, printed.background))
            } else if mappedImages().contains(where: { $0.intersects(word.box) }) {
                overImages.append(index)
            } else {
                seenOffImages = true
            }
        }
        // Seen text over an image may be a scan's own letters under its OCR layer: only text seen
        // off the images shows that the page is not a scan, and only then can an image hide text.
        if seenOffImages {
            for index in overImages {
                guard let measure = renders.measure(words[index].box, mask: renders.pageMask()),
                      measure.contrast < minimumContrast else { continue }
                suspects.append((index, measure.background))
            }
        }
        for (index, _) in suspects {
            let word = words[index]
            // The page-wide mask is a first screen: a suspect is measured again against a mask of
            // its own glyphs alone, which also says whether poppler repainted them where they are.
            guard let measure = renders.verify(page, word.box), measure.contrast < minimumContrast else { continue }
            let background = measure.background
            let reason: HiddenTextReason
            let difference = max(abs(word.color.red - background.red), abs(word.color.green - background.green),
                                 abs(word.color.blue - background.blue))
            if difference < sameColourTolerance {
                reason = background.isNearWhite || min(background.red, background.green, background.blue) > 0.9 ? .white : .sameColour
            } else {
                // Not drawn, or drawn and hidden: only on a page that shows text a reader sees
                // (an OCR'd scan's invisible text layer over its image is meant to be there).
                guard seenOffImages else { continue }
                if mappedImages().contains(where: { ($0.intersection(word.box)?.area ?? 0) >= 0.5 * word.box.area }) {
                    reason = .covered
                } else if let drawn = renders.drawnExtent({ faithfulPage?() ?? page }), !drawn.intersects(word.box) {
                    reason = .clipped
                } else {
                    reason = .invisible
                }
            }
            found.append(HiddenText(text: word.text, box: word.box, reason: reason, fontSize: word.fontSize, wordIndex: index))
        }
        return found.sorted { $0.wordIndex < $1.wordIndex }
    }

    /// The imageless copy of a page rendered as a viewer shows it, at `pixelsPerPoint`, with every
    /// annotation hidden first: the pixels of the printed render (document content only), and
    /// poppler builds the page's text layout while it draws (a render for printing does not), so
    /// that the text read from `page` costs no pass of its own. The annotations are hidden in
    /// poppler's objects for this copy only, never in the file. Nil on a page with form fields,
    /// which print, and whose appearances the text pass leaves out.
    final class ViewedRender {
        let page: PopplerPageHandle
        fileprivate let surface: OpaquePointer

        init?(_ copy: PopplerPageHandle, width: Double, height: Double) {
            let (columns, rows) = Renders.size(width: width, height: height)
            guard columns > 0, rows > 0, columns * rows <= Renders.maximumPixels, copy.reading({ Self.hideAnnotations(of: copy) }),
                  // A viewer's render widens every line thinner than a device unit to one, and aligns it
                  // to the unit grid; a print does not. Device units of an eighth of a pixel leave the
                  // lines as the print draws them.
                  let surface = Renders.drawnSurface(columns: columns, rows: rows, unitsPerPixel: 8, draw: { context in
                      poppler_page_render(copy.pointer, context)
                  }) else { return nil }
            page = copy
            self.surface = surface
        }

        /// Hides every annotation of `page`; false, hiding none, when one is a form field.
        private static func hideAnnotations(of page: PopplerPageHandle) -> Bool {
            guard let list = poppler_page_get_annot_mapping(page.pointer) else { return true }
            defer { poppler_page_free_annot_mapping(list) }
            var annotations: [OpaquePointer] = []
            var hasFormField = false
            forEachGListItem(list) { raw in
                guard let annotation = raw.assumingMemoryBound(to: PopplerAnnotMapping.self).pointee.annot else { return }
                if poppler_annot_get_annot_type(annotation) == POPPLER_ANNOT_WIDGET { hasFormField = true }
                annotations.append(annotation)
            }
            guard !hasFormField else { return false }
            for annotation in annotations {
                let flags = poppler_annot_get_flags(annotation).rawValue | POPPLER_ANNOT_FLAG_HIDDEN.rawValue
                poppler_annot_set_flags(annotation, PopplerAnnotFlag(rawValue: flags))
            }
            return true
        }

        /// The box around every pixel the render inked (any that is not white), in points, each
        /// edge rounded outwards to whole pixels; nil for a blank render. The copy draws no image
        /// and no annotation, so this is the page's ink only in a file that draws no image.
        func inkExtent() -> Box? {
            guard let data = cairo_image_surface_get_data(surface) else { return nil }
            let columns = Int(cairo_image_surface_get_width(surface)), rows = Int(cairo_image_surface_get_height(surface))
            let stride = Int(cairo_image_surface_get_stride(surface))
            var left = columns, right = -1, top = -1, bottom = -1
            for row in 0..<rows {
                let line = UnsafeRawPointer(data + row * stride)
                guard let first = RGB24Row.firstInk(line, in: 0..<columns) else { continue }
                let last = RGB24Row.lastInk(line, in: first..<columns) ?? first
                if top < 0 { top = row }
                bottom = row
                left = min(left, first)
                right = max(right, last)
            }
            guard top >= 0 else { return nil }
            let scale = HiddenTextReader.pixelsPerPoint
            return Box(x0: Double(left) / scale, y0: Double(top) / scale, x1: Double(right + 1) / scale, y1: Double(bottom + 1) / scale)
        }

        deinit {
            cairo_surface_destroy(surface)
        }
    }

    /// The printed page and the glyph masks, at `pixelsPerPoint`.
    private final class Renders {
        let page: PopplerPageHandle
        /// The page whose text layout paints the glyph masks: the one the words were read from.
        private let textPage: PopplerPageHandle
        /// Opens the page to render with its images: `page`, or the same page without colour profiles.
        private let imagesPage: () -> PopplerPageHandle
        let printed: OpaquePointer
        private var mask: OpaquePointer?
        let columns: Int
        let rows: Int
        let stride: Int
        let printedData: UnsafeMutablePointer<UInt8>
        private var maskData: UnsafeMutablePointer<UInt8>?
        private var extent: Box??
        /// With an imageless first render: the image boxes, grown by a pixel (an image paints
        /// nothing outside its box but the partly covered pixels of its edge).
        private let imageReach: [Box]
        /// The page rendered with its images, on first need; nil until then or without an imageless render.
        private var full: OpaquePointer?
        private var fullData: UnsafeMutablePointer<UInt8>?

        /// Pixels a render may have (64 MB of RGB24).
        static let maximumPixels = 16_000_000

        /// The renders' columns and rows for a page of `width` by `height` points.
        static func size(width: Double, height: Double) -> (columns: Int, rows: Int) {
            let scale = HiddenTextReader.pixelsPerPoint
            return (Int((width * scale).rounded(.up)), Int((height * scale).rounded(.up)))
        }

        init?(_ page: PopplerPageHandle, imageless: PopplerPageHandle?, images: [Box], withImages: @escaping () -> PopplerPageHandle,
              width: Double, height: Double) {
            (columns, rows) = Self.size(width: width, height: height)
            self.page = page
            textPage = page
            imagesPage = withImages
            imageReach = imageless == nil ? [] : Self.reach(of: images)
            guard columns > 0, rows > 0, columns * rows <= Self.maximumPixels,
                  let printed = Self.printedSurface(of: imageless ?? withImages(), columns: columns, rows: rows) else { return nil }
            self.printed = printed
            guard let printedData = cairo_image_surface_get_data(printed) else {
                cairo_surface_destroy(printed)
                return nil
            }
            self.printedData = printedData
            stride = Int(cairo_image_surface_get_stride(printed))
        }

        /// Renders around the imageless copy's viewed render, which serves as the printed page.
        init?(_ page: PopplerPageHandle, viewed: ViewedRender, images: [Box], withImages: @escaping () -> PopplerPageHandle,
              width: Double, height: Double) {
            (columns, rows) = Self.size(width: width, height: height)
            guard let printedData = cairo_image_surface_get_data(viewed.surface),
                  Int(cairo_image_surface_get_width(viewed.surface)) == columns,
                  Int(cairo_image_surface_get_height(viewed.surface)) == rows else { return nil }
            self.page = page
            textPage = viewed.page
            imagesPage = withImages
            imageReach = Self.reach(of: images)
            printed = cairo_surface_reference(viewed.surface)
            self.printedData = printedData
            stride = Int(cairo_image_surface_get_stride(printed))
        }

        /// What `images` may paint: their boxes grown by a pixel.
        private static func reach(of images: [Box]) -> [Box] {
            images.map { $0.expanded(by: 1 / HiddenTextReader.pixelsPerPoint) }
        }

        /// A page printed (document content only) on a white surface of the renders' size.
        /// `clip`: the pixel rectangles to draw in (whole pixels, so that the pixels inside are those
        /// of the whole render); nil for the whole page.
        private static func printedSurface(of page: PopplerPageHandle, columns: Int, rows: Int, clip: [PixelRect]? = nil) -> OpaquePointer? {
            drawnSurface(columns: columns, rows: rows, unitsPerPixel: 1) { context in
                if let clip {
                    let scale = HiddenTextReader.pixelsPerPoint
                    for area in clip {
                        cairo_rectangle(context, Double(area.left) / scale, Double(area.top) / scale,
                                        Double(area.right - area.left) / scale, Double(area.bottom - area.top) / scale)
                    }
                    cairo_clip(context)
                }
                poppler_page_render_for_printing_with_options(page.pointer, context, POPPLER_PRINT_DOCUMENT)
            }
        }

        /// A white surface of `columns` by `rows` pixels on which `draw` has drawn, under `renderLock`,
        /// in points; its device units are `1 / unitsPerPixel` of a pixel (the surface's device scale
        /// takes them back to pixels). Nil when cairo cannot make it.
        static func drawnSurface(columns: Int, rows: Int, unitsPerPixel: Double, draw: (OpaquePointer) -> Void) -> OpaquePointer? {
            guard let surface = WhiteSurface.make(columns: columns, rows: rows) else { return nil }
            if unitsPerPixel != 1 { cairo_surface_set_device_scale(surface, 1 / unitsPerPixel, 1 / unitsPerPixel) }
            guard let context = cairo_create(surface) else {
                cairo_surface_destroy(surface)
                return nil
            }
            cairo_scale(context, unitsPerPixel * HiddenTextReader.pixelsPerPoint, unitsPerPixel * HiddenTextReader.pixelsPerPoint)
            renderLock.lock()
            draw(context)
            renderLock.unlock()
            cairo_destroy(context)
            cairo_surface_flush(surface)
            return surface
        }

        /// At most this share of a word's pixels may be left out, where images reach it, for the
        /// imageless render to judge it by the rest (a caption whose box touches its figure's).
        static let maximumLeftOut = 0.4

        /// The printed pixels that show the pixels `area` of a word, and the parts of it to leave
        /// out: the imageless render's, without the pixels images reach, when those are few (the
        /// other pixels are the same in both renders); the page with its images otherwise.
        private func printedPixels(for area: PixelRect) -> (UnsafeMutablePointer<UInt8>, [PixelRect])? {
            let leftOut = leftOutPixels(of: area)
            if !needsFullRender(area, leftOut: leftOut) { return (printedData, leftOut) }
            let planned = fullAreas?.contains { Self.rect($0, contains: area) } ?? true
            if let fullData, planned { return (fullData, []) }
            // A word outside the planned areas (none is) has the whole page rendered for it.
            let clip = planned ? fullAreas : nil
            if let full { cairo_surface_destroy(full) }
            guard let surface = Self.printedSurface(of: imagesPage(), columns: columns, rows: rows, clip: clip),
                  let data = cairo_image_surface_get_data(surface) else { return nil }
            full = surface
            fullData = data
            fullAreas = clip
            return (data, [])
        }

        /// The parts of a word's pixels that images reach, which the imageless render does not show.
        private func leftOutPixels(of area: PixelRect) -> [PixelRect] {
            imageReach.compactMap { reach in
                let reached = pixelArea(of: reach)
                let left = max(area.left, reached.left), right = min(area.right, reached.right)
                let top = max(area.top, reached.top), bottom = min(area.bottom, reached.bottom)
                return left < right && top < bottom ? (left, right, top, bottom) : nil
            }
        }

        /// Whether images reach too much of a word's pixels for the imageless render to judge it.
        private func needsFullRender(_ area: PixelRect, leftOut: [PixelRect]) -> Bool {
            let pixels = (area.right - area.left) * (area.bottom - area.top)
            return !leftOut.isEmpty && Double(HiddenTextReader.pixelCount(ofUnion: leftOut)) > Self.maximumLeftOut * Double(pixels)
        }

        /// The pixels a box covers on the renders (whole pixels, within the page).
        func pixelArea(of box: Box) -> PixelRect {
            let scale = HiddenTextReader.pixelsPerPoint
            return (max(0, Int((box.x0 * scale).rounded(.down))), min(columns, Int((box.x1 * scale).rounded(.up))),
                    max(0, Int((box.y0 * scale).rounded(.down))), min(rows, Int((box.y1 * scale).rounded(.up))))
        }

        /// The areas the page with its images is rendered in when some word needs it: the words'
        /// own, which are all that is read from it. Poppler still decodes every image of the page,
        /// but cairo draws nothing elsewhere (on a page of heavy vector figures, most of a render).
        /// Nil until planned: the whole page.
        private var fullAreas: [PixelRect]?

        /// Plans the render with images for the words whose boxes will be measured.
        func planFullRender(for boxes: [Box]) {
            fullAreas = boxes.map { pixelArea(of: $0) }.filter { area in
                area.left < area.right && area.top < area.bottom && needsFullRender(area, leftOut: leftOutPixels(of: area))
            }
        }

        private static func rect(_ outer: PixelRect, contains inner: PixelRect) -> Bool {
            outer.left <= inner.left && outer.right >= inner.right && outer.top <= inner.top && outer.bottom >= inner.bottom
        }

        /// The glyph mask of all the page's text (poppler's glyph selection of the whole page,
        /// black on white), rendered on first use.
        func pageMask() -> UnsafeMutablePointer<UInt8>? {
            if let maskData { return maskData }
            guard mask == nil, let surface = WhiteSurface.make(columns: columns, rows: rows) else { return nil }
            mask = surface
            paintGlyphs(on: surface, from: (0, 0), to: (Double(columns) / HiddenTextReader.pixelsPerPoint,
                                                     Double(rows) / HiddenTextReader.pixelsPerPoint))
            maskData = cairo_image_surface_get_data(surface)
            return maskData
        }

        /// Clears `surface` to white and paints on it, in black, the glyphs of the text poppler
        /// selects from one point to another (in points, reading order).
        private func paintGlyphs(on surface: OpaquePointer, from start: (Double, Double), to end: (Double, Double)) {
            WhiteSurface.clear(surface)
            guard let context = cairo_create(surface) else { return }
            cairo_scale(context, HiddenTextReader.pixelsPerPoint, HiddenTextReader.pixelsPerPoint)
            var selection = PopplerRectangle(x1: start.0, y1: start.1, x2: end.0, y2: end.1)
            var black = PopplerColor(red: 0, green: 0, blue: 0)
            var white = PopplerColor(red: 65535, green: 65535, blue: 65535)
            renderLock.lock()
            poppler_page_render_selection(textPage.pointer, context, &selection, nil, POPPLER_SELECTION_GLYPH, &black, &white)
            renderLock.unlock()
            cairo_destroy(context)
            cairo_surface_flush(surface)
        }

        deinit {
            cairo_surface_destroy(printed)
            if let full { cairo_surface_destroy(full) }
            if let mask { cairo_surface_destroy(mask) }
            if let wordMask { cairo_surface_destroy(wordMask) }
        }

        struct Measure {
            /// How clearly the glyphs stand out from the rest of the box (0-255).
            var contrast: Double
            /// The mean colour of the box's pixels outside the glyphs.
            var background: RGBColor
        }

        /// The contrast of a word's glyphs against the rest of its box; nil when the box has too few
        /// pixels to tell. When the mask has no glyphs there (poppler could not repaint the font),
        /// the spread of the printed pixels stands in: a box without any ink shows nothing.
        /// `measure` against another mask of the same size; without one, by the printed spread alone.
        func measure(_ box: Box, mask: UnsafeMutablePointer<UInt8>?) -> Measure? {
            let area = pixelArea(of: box)
            let (left, right, top, bottom) = area
            guard left < right, top < bottom, let (printedData, leftOut) = printedPixels(for: area) else { return nil }
            var tally = PixelTally()
            for row in top..<bottom {
                let printedLine = UnsafeRawPointer(printedData + row * stride).assumingMemoryBound(to: UInt32.self)
                let maskLine = mask.map { UnsafePointer($0 + row * stride) }
                var column = left
                while column < right {
                    // The run of this row up to the next left-out rectangle; one that covers the
                    // column is skipped whole.
                    var runEnd = right
                    var skipTo: Int?
                    for rect in leftOut where row >= rect.top && row < rect.bottom && rect.right > column {
                        if rect.left <= column { skipTo = max(skipTo ?? rect.right, rect.right) } else { runEnd = min(runEnd, rect.left) }
                    }
                    if let skipTo {
                        column = skipTo
                        continue
                    }
                    tally.add(printedLine, mask: maskLine, columns: column..<runEnd)
                    column = runEnd
                }
            }
            let (glyph, rest) = (PixelTally.rgb(tally.glyph), PixelTally.rgb(tally.rest))
            let (glyphCount, restCount) = (tally.glyphCount, tally.restCount)
            guard restCount > 0 else { return nil }
            let background = RGBColor(red: Double(rest.0) / Double(restCount) / 255, green: Double(rest.1) / Double(restCount) / 255,
                                      blue: Double(rest.2) / Double(restCount) / 255)
            guard glyphCount >= HiddenTextReader.minimumGlyphPixels else {
                guard glyphCount == 0, (right - left) * (bottom - top) >= 12 else { return nil }
                return Measure(contrast: Double(tally.spread), background: background)
            }
            let n = Double(glyphCount), m = Double(restCount)
            let contrast = max(abs(Double(glyph.0) / n - Double(rest.0) / m), abs(Double(glyph.1) / n - Double(rest.1) / m),
                               abs(Double(glyph.2) / n - Double(rest.2) / m))
            return Measure(contrast: contrast, background: background)
        }

        /// Pixels of one row of an RGB24 mask whose green is below half, outside `excluded` columns.
        private static func darkGreenCount(_ line: UnsafeMutablePointer<UInt8>, columns: Int, excluding excluded: Range<Int>) -> Int {
            guard !excluded.isEmpty else { return RGB24Row.darkGreenCount(line, in: 0..<columns) }
            return RGB24Row.darkGreenCount(line, in: 0..<min(excluded.lowerBound, columns))
                + RGB24Row.darkGreenCount(line, in: min(excluded.upperBound, columns)..<columns)
        }

        /// A mask of one word's glyphs alone, page-sized; made for the first suspect.
        private var wordMask: OpaquePointer?

        /// Measures a suspect word against a mask of its own glyphs. poppler's selection painter
        /// places glyphs by the text matrix alone, so text inside a scaled form (a figure's tick
        /// labels) is repainted at another size and place: when most of the repainted ink falls
        /// outside the word's box, or none is repainted, the mask says nothing and the printed box
        /// decides by itself (no ink in it at all: unseen; any: seen, as far as can be told).
        func verify(_ page: PopplerPageHandle, _ box: Box) -> Measure? {
            let scale = HiddenTextReader.pixelsPerPoint
            if wordMask == nil { wordMask = WhiteSurface.make(columns: columns, rows: rows) }
            guard let surface = wordMask else { return nil }
            // A selection runs from one point to another in reading order: across the word's middle.
            let middle = (box.y0 + box.y1) / 2
            paintGlyphs(on: surface, from: (box.x0 + 0.05 * box.width, middle), to: (box.x1 - 0.05 * box.width, middle))
            guard let data = cairo_image_surface_get_data(surface) else { return nil }
            // The word's pixels and one more on every side.
            let (left, right, top, bottom) = pixelArea(of: box.expanded(by: 1 / scale))
            // Repainted ink in the word's box first; then outside it, until there is too much.
            var inside = 0
            for row in top..<bottom { inside += RGB24Row.darkGreenCount(data + row * stride, in: left..<right) }
            var outside = 0
            if inside >= HiddenTextReader.minimumGlyphPixels {
                var row = 0
                while row < rows, outside * 4 <= inside {
                    outside += Self.darkGreenCount(data + row * stride, columns: columns,
                                                   excluding: row >= top && row < bottom ? left..<right : 0..<0)
                    row += 1
                }
            }
            let aligned = inside >= HiddenTextReader.minimumGlyphPixels && outside * 4 <= inside
            return measure(box, mask: aligned ? data : nil)
        }

        /// The page's drawn extent from poppler's clip-aware bounding-box pass (invisible text counts
        /// in it, clipped text does not), computed once, on the page `page` gives.
        func drawnExtent(_ page: () -> PopplerPageHandle) -> Box? {
            if let extent { return extent }
            let found = PageReader.boundingBox(page())
            extent = .some(found)
            return found
        }
    }
}

/// The sums a word's measure takes over its pixels: channel sums of its glyph pixels and of its
/// other pixels, and the lightest and darkest value of each channel. The lanes are those of an
/// xRGB word's bytes, little-endian: blue, green, red, unused. 32-bit sums hold any render
/// (`Renders.maximumPixels` of 255 each).
private struct PixelTally {
    var glyph = SIMD4<UInt32>(), rest = SIMD4<UInt32>()
    var glyphCount = 0, restCount = 0
    // Per channel: dark red type on a red bar differs in green and blue only, not in the darkest channel.
    var lightest = SIMD4<UInt8>(repeating: 0), darkest = SIMD4<UInt8>(repeating: 255)

    /// Adds the pixels `columns` of one row of xRGB words, sorted by the mask's coverage there
    /// (its green byte; no mask: every pixel is outside the glyphs).
    @inline(__always)
    mutating func add(_ line: UnsafePointer<UInt32>, mask: UnsafePointer<UInt8>?, columns: Range<Int>) {
        guard let mask else {
            for column in columns {
                let pixel = unsafeBitCast(line[column], to: SIMD4<UInt8>.self)
                lightest = pointwiseMax(lightest, pixel)
                darkest = pointwiseMin(darkest, pixel)
                rest &+= SIMD4<UInt32>(truncatingIfNeeded: pixel)
            }
            restCount += columns.count
            return
        }
        for column in columns {
            let pixel = unsafeBitCast(line[column], to: SIMD4<UInt8>.self)
            lightest = pointwiseMax(lightest, pixel)
            darkest = pointwiseMin(darkest, pixel)
            let coverage = mask[column * 4 + 1]
            if coverage < 128 {
                glyph &+= SIMD4<UInt32>(truncatingIfNeeded: pixel)
                glyphCount += 1
            } else if coverage > 250 {
                rest &+= SIMD4<UInt32>(truncatingIfNeeded: pixel)
                restCount += 1
            }
        }
    }

    /// A sum's red, green and blue.
    static func rgb(_ sum: SIMD4<UInt32>) -> (Int, Int, Int) { (Int(sum[2]), Int(sum[1]), Int(sum[0])) }

    /// The largest difference between the lightest and the darkest value of one channel.
    var spread: Int { (0..<3).map { Int(lightest[$0]) - Int(darkest[$0]) }.max() ?? 0 }
}
