internal import CPoppler
import PaperFacts

/// Finds drawn ink that is neither text nor an image outside a region of the page, by rendering
/// only the area outside that region at low resolution. White paint leaves no trace, so a white
/// box is not ink; grey or coloured strokes are.
struct VectorInkProbe {
    /// 36 dpi: a pixel is 2 pt, fine enough for a 3 pt tolerance, cheap enough for every page.
    static let pixelsPerPoint = 0.5
    /// Points around text and image boxes that count as theirs (antialiasing, glyph overhang).
    static let explainedMargin = 1.5
    /// Channel value (0-255) below which a rendered pixel counts as ink.
    static let inkThreshold: UInt8 = 235

    static func inkOutside(_ region: Box, of page: PopplerPageHandle, width: Double, height: Double,
                           explainedBy explained: [Box]) -> [Box] {
        // A box covering the whole page (a scanned page image) masks every pixel: nothing to find,
        // and rendering it would mean decoding the image for nothing.
        let pageBox = Box(x0: 0, y0: 0, x1: width, y1: height)
        guard !explained.contains(where: { $0.expanded(by: explainedMargin).contains(pageBox) }) else { return [] }
        let scale = pixelsPerPoint
        let columns = Int((width * scale).rounded(.up))
        let rows = Int((height * scale).rounded(.up))
        guard columns > 0, rows > 0, columns * rows <= 16_000_000 else { return [] }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows)) else { return [] }
        defer { cairo_surface_destroy(surface) }
        guard let context = cairo_create(surface) else { return [] }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        // Clip to the page minus the region (even-odd: the region is a hole in the page).
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_EVEN_ODD)
        cairo_rectangle(context, 0, 0, width, height)
        cairo_rectangle(context, region.x0, region.y0, region.width, region.height)
        cairo_clip(context)
        poppler_page_render(page.pointer, context)
        cairo_destroy(context)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return [] }
        let stride = Int(cairo_image_surface_get_stride(surface))

        var mask = [Bool](repeating: false, count: columns * rows)
        // Pixels covered by text or images are accounted for by other facts.
        for box in explained {
            let covered = box.expanded(by: explainedMargin)
            let left = max(0, Int((covered.x0 * scale).rounded(.down)))
            let right = min(columns - 1, Int((covered.x1 * scale).rounded(.up)))
            let top = max(0, Int((covered.y0 * scale).rounded(.down)))
            let bottom = min(rows - 1, Int((covered.y1 * scale).rounded(.up)))
            guard left <= right, top <= bottom else { continue }
            for row in top...bottom { for column in left...right { mask[row * columns + column] = true } }
        }
        var ink = [Bool](repeating: false, count: columns * rows)
        for row in 0..<rows {
            let line = data + row * stride
            for column in 0..<columns where !mask[row * columns + column] {
                let pixel = line + column * 4
                // RGB24 is stored as 32-bit xRGB, little-endian: B, G, R, x.
                if pixel[0] < inkThreshold || pixel[1] < inkThreshold || pixel[2] < inkThreshold {
                    ink[row * columns + column] = true
                }
            }
        }
        return components(of: &ink, columns: columns, rows: rows).map { pixels in
            Box(x0: Double(pixels.left) / scale, y0: Double(pixels.top) / scale,
                x1: Double(pixels.right + 1) / scale, y1: Double(pixels.bottom + 1) / scale)
        }
    }

    private struct PixelBox { var left: Int; var top: Int; var right: Int; var bottom: Int }

    /// Groups ink pixels into 8-connected components; at most 200 are returned, largest first.
    private static func components(of ink: inout [Bool], columns: Int, rows: Int) -> [PixelBox] {
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
