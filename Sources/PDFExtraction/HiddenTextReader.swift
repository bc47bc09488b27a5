internal import CPoppler
import PaperFacts

/// Finds the words that extraction reads but a reader cannot see, by their ink.
///
/// The page is rendered twice at a low resolution, under `renderLock`: once as printed (document
/// content only, like `FineInkRenderer`), once as a glyph selection (poppler repaints the selected
/// words' own glyphs, with their fonts, in black on white), which is a mask of where the extracted
/// text should leave ink. A word is seen when the printed pixels under its mask differ clearly from
/// the other pixels of its box. Tiny text is judged by its size and off-page text by the crop box,
/// without a render.
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

    /// The hidden words of a page, in reading order. `tinySize`: words in a smaller font are tiny.
    static func read(_ page: PopplerPageHandle, width: Double, height: Double, lines: [TextLine],
                     tinySize: Double) -> [HiddenText] {
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
        guard !toRender.isEmpty, let renders = Renders(page, width: width, height: height) else {
            return found.sorted { $0.wordIndex < $1.wordIndex }
        }
        var suspects: [(index: Int, background: RGBColor)] = []
        var seenOffImages = false
        var images: [Box]?
        func mappedImages() -> [Box] {
            if let images { return images }
            let mapped = Self.images(page)
            images = mapped
            return mapped
        }
        for index in toRender {
            let word = words[index]
            guard let measure = renders.measure(word.box) else { continue }
            if measure.contrast >= minimumContrast {
                // Seen text over an image may be a scan's own letters under its OCR layer: only
                // text seen elsewhere shows that the page is not a scan.
                if !seenOffImages, !mappedImages().contains(where: { $0.intersects(word.box) }) { seenOffImages = true }
            } else {
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
                } else if let drawn = renders.drawnExtent(page), !drawn.intersects(word.box) {
                    reason = .clipped
                } else {
                    reason = .invisible
                }
            }
            found.append(HiddenText(text: word.text, box: word.box, reason: reason, fontSize: word.fontSize, wordIndex: index))
        }
        return found.sorted { $0.wordIndex < $1.wordIndex }
    }

    private static func images(_ page: PopplerPageHandle) -> [Box] {
        guard let list = poppler_page_get_image_mapping(page.pointer) else { return [] }
        defer { poppler_page_free_image_mapping(list) }
        var boxes: [Box] = []
        forEachGListItem(list) { raw in
            let area = raw.assumingMemoryBound(to: PopplerImageMapping.self).pointee.area
            boxes.append(PDFNumber.box(x1: area.x1, y1: area.y1, x2: area.x2, y2: area.y2))
        }
        return boxes
    }

    /// The printed page and the glyph mask, as two surfaces of the same size.
    private final class Renders {
        let printed: OpaquePointer
        let mask: OpaquePointer
        let columns: Int
        let rows: Int
        let stride: Int
        let printedData: UnsafeMutablePointer<UInt8>
        let maskData: UnsafeMutablePointer<UInt8>
        private var extent: Box??

        init?(_ page: PopplerPageHandle, width: Double, height: Double) {
            let scale = HiddenTextReader.pixelsPerPoint
            columns = Int((width * scale).rounded(.up))
            rows = Int((height * scale).rounded(.up))
            guard columns > 0, rows > 0, columns * rows <= 16_000_000,
                  let printed = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows)) else { return nil }
            guard let mask = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows)) else {
                cairo_surface_destroy(printed)
                return nil
            }
            self.printed = printed
            self.mask = mask
            guard cairo_surface_status(printed) == CAIRO_STATUS_SUCCESS, cairo_surface_status(mask) == CAIRO_STATUS_SUCCESS,
                  let printedContext = cairo_create(printed), let maskContext = cairo_create(mask) else {
                cairo_surface_destroy(printed)
                cairo_surface_destroy(mask)
                return nil
            }
            for context in [printedContext, maskContext] {
                cairo_set_source_rgb(context, 1, 1, 1)
                cairo_paint(context)
                cairo_scale(context, scale, scale)
            }
            var selection = PopplerRectangle(x1: 0, y1: 0, x2: width, y2: height)
            var black = PopplerColor(red: 0, green: 0, blue: 0)
            var white = PopplerColor(red: 65535, green: 65535, blue: 65535)
            renderLock.lock()
            poppler_page_render_for_printing_with_options(page.pointer, printedContext, POPPLER_PRINT_DOCUMENT)
            poppler_page_render_selection(page.pointer, maskContext, &selection, nil, POPPLER_SELECTION_GLYPH, &black, &white)
            renderLock.unlock()
            cairo_destroy(printedContext)
            cairo_destroy(maskContext)
            cairo_surface_flush(printed)
            cairo_surface_flush(mask)
            guard let printedData = cairo_image_surface_get_data(printed), let maskData = cairo_image_surface_get_data(mask) else {
                cairo_surface_destroy(printed)
                cairo_surface_destroy(mask)
                return nil
            }
            self.printedData = printedData
            self.maskData = maskData
            stride = Int(cairo_image_surface_get_stride(printed))
        }

        deinit {
            cairo_surface_destroy(printed)
            cairo_surface_destroy(mask)
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
        func measure(_ box: Box) -> Measure? { measure(box, mask: maskData) }

        /// `measure` against another mask of the same size; without one, by the printed spread alone.
        func measure(_ box: Box, mask: UnsafeMutablePointer<UInt8>?) -> Measure? {
            let scale = HiddenTextReader.pixelsPerPoint
            let left = max(0, Int((box.x0 * scale).rounded(.down))), right = min(columns, Int((box.x1 * scale).rounded(.up)))
            let top = max(0, Int((box.y0 * scale).rounded(.down))), bottom = min(rows, Int((box.y1 * scale).rounded(.up)))
            guard left < right, top < bottom else { return nil }
            var glyph = (0.0, 0.0, 0.0), rest = (0.0, 0.0, 0.0)
            var glyphCount = 0, restCount = 0
            var lightest = 0, darkest = 255
            for row in top..<bottom {
                let printedLine = printedData + row * stride, maskLine = mask.map { $0 + row * stride }
                for column in left..<right {
                    let pixel = printedLine + column * 4
                    // xRGB little-endian: B, G, R.
                    let blue = Double(pixel[0]), green = Double(pixel[1]), red = Double(pixel[2])
                    let value = Int(min(pixel[0], pixel[1], pixel[2]))
                    lightest = max(lightest, value)
                    darkest = min(darkest, value)
                    let coverage = maskLine?[column * 4 + 1] ?? 255
                    if coverage < 128 {
                        glyph.0 += red; glyph.1 += green; glyph.2 += blue; glyphCount += 1
                    } else if coverage > 250 {
                        rest.0 += red; rest.1 += green; rest.2 += blue; restCount += 1
                    }
                }
            }
            guard restCount > 0 else { return nil }
            let background = RGBColor(red: rest.0 / Double(restCount) / 255, green: rest.1 / Double(restCount) / 255,
                                      blue: rest.2 / Double(restCount) / 255)
            guard glyphCount >= HiddenTextReader.minimumGlyphPixels else {
                guard glyphCount == 0, (right - left) * (bottom - top) >= 12 else { return nil }
                return Measure(contrast: Double(lightest - darkest), background: background)
            }
            let n = Double(glyphCount), m = Double(restCount)
            let contrast = max(abs(glyph.0 / n - rest.0 / m), abs(glyph.1 / n - rest.1 / m), abs(glyph.2 / n - rest.2 / m))
            return Measure(contrast: contrast, background: background)
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
            if wordMask == nil {
                guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows)),
                      cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
                wordMask = surface
            }
            guard let surface = wordMask, let context = cairo_create(surface) else { return nil }
            cairo_set_source_rgb(context, 1, 1, 1)
            cairo_paint(context)
            cairo_scale(context, scale, scale)
            // A selection runs from one point to another in reading order: across the word's middle.
            let middle = (box.y0 + box.y1) / 2
            var selection = PopplerRectangle(x1: box.x0 + 0.05 * box.width, y1: middle, x2: box.x1 - 0.05 * box.width, y2: middle)
            var black = PopplerColor(red: 0, green: 0, blue: 0)
            var white = PopplerColor(red: 65535, green: 65535, blue: 65535)
            renderLock.lock()
            poppler_page_render_selection(page.pointer, context, &selection, nil, POPPLER_SELECTION_GLYPH, &black, &white)
            renderLock.unlock()
            cairo_destroy(context)
            cairo_surface_flush(surface)
            guard let data = cairo_image_surface_get_data(surface) else { return nil }
            let left = max(0, Int((box.x0 * scale).rounded(.down)) - 1), right = min(columns, Int((box.x1 * scale).rounded(.up)) + 1)
            let top = max(0, Int((box.y0 * scale).rounded(.down)) - 1), bottom = min(rows, Int((box.y1 * scale).rounded(.up)) + 1)
            var inside = 0, outside = 0
            for row in 0..<rows {
                let line = data + row * stride
                for column in 0..<columns where line[column * 4 + 1] < 128 {
                    if row >= top && row < bottom && column >= left && column < right { inside += 1 } else { outside += 1 }
                }
            }
            let aligned = inside >= HiddenTextReader.minimumGlyphPixels && outside * 4 <= inside
            return measure(box, mask: aligned ? data : nil)
        }

        /// The page's drawn extent from poppler's clip-aware bounding-box pass (invisible text counts
        /// in it, clipped text does not), computed once.
        func drawnExtent(_ page: PopplerPageHandle) -> Box? {
            if let extent { return extent }
            var bounds = PopplerRectangle()
            let found = poppler_page_get_bounding_box(page.pointer, &bounds) != 0
                ? PDFNumber.box(x1: bounds.x1, y1: bounds.y1, x2: bounds.x2, y2: bounds.y2) : nil
            extent = .some(found)
            return found
        }
    }
}
