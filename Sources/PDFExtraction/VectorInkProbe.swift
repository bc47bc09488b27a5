internal import CPoppler
import PaperFacts

/// Finds drawn ink that is neither text nor an image in strips of the page (the margins that
/// `MarginProbePlan` picked), by rendering only those strips at low resolution. White paint leaves no trace, so a white
/// box is not ink; grey or coloured strokes are.
struct VectorInkProbe {
    /// 36 dpi: a pixel is 2 pt, fine enough for a 3 pt tolerance, cheap enough for every page.
    static let pixelsPerPoint = 0.5
    /// Points around text and image boxes that count as theirs (antialiasing, glyph overhang).
    static let explainedMargin = 1.5
    /// Channel value (0-255) below which a rendered pixel counts as ink.
    static let inkThreshold: UInt8 = 235

    /// Renders the strips of the page at low resolution; nil when there is nothing to look at (a
    /// page-sized image covers it, or the page is absurdly large).
    static func render(_ strips: [Box], of page: PopplerPageHandle, width: Double, height: Double,
                       explainedBy explained: [Box]) -> InkRaster? {
        // A box covering the whole page (a scanned page image) masks every pixel: nothing to find,
        // and rendering it would mean decoding the image for nothing.
        let pageBox = Box(x0: 0, y0: 0, x1: width, y1: height)
        guard !explained.contains(where: { $0.expanded(by: explainedMargin).contains(pageBox) }) else { return nil }
        let scale = pixelsPerPoint
        let columns = Int((width * scale).rounded(.up))
        let rows = Int((height * scale).rounded(.up))
        guard columns > 0, rows > 0, columns * rows <= 16_000_000 else { return nil }
        guard let surface = WhiteSurface.make(columns: columns, rows: rows) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard let context = cairo_create(surface) else { return nil }
        cairo_scale(context, scale, scale)
        // Clip to the strips (non-zero winding: overlapping corners stay inside).
        for strip in strips { cairo_rectangle(context, strip.x0, strip.y0, strip.width, strip.height) }
        cairo_clip(context)
        renderLock.lock()
        poppler_page_render(page.pointer, context)
        renderLock.unlock()
        cairo_destroy(context)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var ink = [Bool](repeating: false, count: columns * rows)
        for row in 0..<rows {
            let line = data + row * stride
            for column in 0..<columns {
                let pixel = line + column * 4
                // RGB24 is stored as 32-bit xRGB, little-endian: B, G, R, x.
                if pixel[0] < inkThreshold || pixel[1] < inkThreshold || pixel[2] < inkThreshold {
                    ink[row * columns + column] = true
                }
            }
        }
        return InkRaster(ink: ink, columns: columns, rows: rows)
    }

    /// The inked pixels of a rendered page.
    struct InkRaster {
        let ink: [Bool]
        let columns: Int
        let rows: Int

        /// Boxes around the groups of ink pixels that `explained` boxes (text, images) do not cover.
        func unexplainedInk(_ explained: [Box]) -> [Box] {
            let scale = VectorInkProbe.pixelsPerPoint
            var remaining = ink
            for box in explained {
                let covered = box.expanded(by: VectorInkProbe.explainedMargin)
                let left = max(0, Int((covered.x0 * scale).rounded(.down)))
                let right = min(columns - 1, Int((covered.x1 * scale).rounded(.up)))
                let top = max(0, Int((covered.y0 * scale).rounded(.down)))
                let bottom = min(rows - 1, Int((covered.y1 * scale).rounded(.up)))
                guard left <= right, top <= bottom else { continue }
                for row in top...bottom { for column in left...right { remaining[row * columns + column] = false } }
            }
            return VectorInkProbe.components(of: &remaining, columns: columns, rows: rows).map { pixels in
                Box(x0: Double(pixels.left) / scale, y0: Double(pixels.top) / scale,
                    x1: Double(pixels.right + 1) / scale, y1: Double(pixels.bottom + 1) / scale)
            }
        }
    }

    fileprivate struct PixelBox { var left: Int; var top: Int; var right: Int; var bottom: Int }

    /// Groups ink pixels into 8-connected components; at most 200 are returned, largest first.
    fileprivate static func components(of ink: inout [Bool], columns: Int, rows: Int) -> [PixelBox] {
        var found: [(PixelBox, Int)] = []
        var stack: [Int] = []
        for start in ink.indices where ink[start] {
            ink[start] = false
            stack.append(start)
            var bounds = PixelBox(left: start % columns, top: start / columns, right: start % columns, bottom: start / columns)
            var count = 0
            while let index = stack.popLast() {
                count += 1
                let row = index / columns, column = index % columns
                bounds.left = min(bounds.left, column); bounds.right = max(bounds.right, column)
                bounds.top = min(bounds.top, row); bounds.bottom = max(bounds.bottom, row)
                for dy in -1...1 {
                    for dx in -1...1 {
                        let r = row + dy, c = column + dx
                        guard r >= 0, r < rows, c >= 0, c < columns else { continue }
                        let neighbour = r * columns + c
                        if ink[neighbour] { ink[neighbour] = false; stack.append(neighbour) }
                    }
                }
            }
            found.append((bounds, count))
        }
        return found.sorted { $0.1 > $1.1 }.prefix(200).map(\.0)
    }
}
