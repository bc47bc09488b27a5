internal import CPoppler
import Foundation
import PaperFacts

/// Measures the ink drawn in chosen regions of a page on a fine render: the evidence that decides
/// whether something really lies outside the text block, where glyph and image boxes only suggest it.
///
/// The page is rendered in print mode with document content only, so link borders, notes and other
/// annotation appearances that a viewer draws (but the author did not) leave no ink; form fields,
/// which print, do. White and fully transparent pixels are no ink.
enum FineInkRenderer {
    /// 288 dpi: a pixel is a quarter point, fine enough to tell a 3 pt tolerance from 2.5 pt.
    static let pixelsPerPoint = 4.0
    /// Pixels one render may hold (16 MB of RGB24); larger extents are rendered at a coarser scale.
    static let maximumPixels = 4_000_000
    /// Channel value (0-255) below which a pixel is visible ink: about 10% darker than white, so
    /// antialiasing fringes and near-white backgrounds do not count, light grey rules do.
    static let inkThreshold: UInt8 = 230
    /// Marks returned per page at most; past it, ink is grouped on a coarser grid.
    static let maximumMarks = 2000

    /// The ink inside `regions` (points, top-left origin) of the page; nil when the page cannot be
    /// rendered (no size, or a surface cannot be made).
    static func sample(_ regions: [Box], of page: PopplerPageHandle, width: Double, height: Double) -> InkSample? {
        guard width > 0, height > 0, width.isFinite, height.isFinite else { return nil }
        let pageBox = Box(x0: 0, y0: 0, x1: width, y1: height)
        let clipped = regions.compactMap { $0.intersection(pageBox) }
        guard let extent = Box.enclosing(clipped) else {
            return InkSample(regions: [], marks: [], pixelsPerPoint: pixelsPerPoint)
        }
        var scale = pixelsPerPoint
        if extent.area * scale * scale > Double(maximumPixels) {
            scale = max(0.5, (Double(maximumPixels) / extent.area).squareRoot())
        }
        let columns = Int((extent.width * scale).rounded(.up)), rows = Int((extent.height * scale).rounded(.up))
        guard columns > 0, rows > 0, columns * rows <= maximumPixels * 2,
              let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows)) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else { return nil }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        cairo_translate(context, -extent.x0, -extent.y0)
        for region in clipped { cairo_rectangle(context, region.x0, region.y0, region.width, region.height) }
        cairo_clip(context)
        renderLock.lock()
        poppler_page_render_for_printing_with_options(page.pointer, context, POPPLER_PRINT_DOCUMENT)
        renderLock.unlock()
        cairo_destroy(context)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))

        // Ink pixels, looked at only inside the regions (the rest of the surface is clipped white).
        var ink = [Bool](repeating: false, count: columns * rows)
        for region in clipped {
            let left = max(0, Int(((region.x0 - extent.x0) * scale).rounded(.down)))
            let right = min(columns, Int(((region.x1 - extent.x0) * scale).rounded(.up)))
            let top = max(0, Int(((region.y0 - extent.y0) * scale).rounded(.down)))
            let bottom = min(rows, Int(((region.y1 - extent.y0) * scale).rounded(.up)))
            guard left < right, top < bottom else { continue }
            for row in top..<bottom {
                let line = data + row * stride
                for column in left..<right {
                    let pixel = line + column * 4
                    // RGB24 is stored as 32-bit xRGB, little-endian: B, G, R, x.
                    if pixel[0] < inkThreshold || pixel[1] < inkThreshold || pixel[2] < inkThreshold {
                        ink[row * columns + column] = true
                    }
                }
            }
        }
        let raster = InkGrid(ink: ink, columns: columns, rows: rows)
        var cell = max(1, Int(scale.rounded()))
        var groups = raster.groups(cell: cell)
        while groups.count > maximumMarks, cell < max(columns, rows) {
            cell *= 4
            groups = raster.groups(cell: cell)
        }
        let marks = groups.map { pixels in
            Box(x0: extent.x0 + Double(pixels.left) / scale, y0: extent.y0 + Double(pixels.top) / scale,
                x1: extent.x0 + Double(pixels.right + 1) / scale, y1: extent.y0 + Double(pixels.bottom + 1) / scale)
        }
        return InkSample(regions: clipped, marks: marks, pixelsPerPoint: scale)
    }
}

/// Ink pixels of a render, grouped into marks: pixels in neighbouring cells of a coarse grid belong
/// together (so the glyphs of a word are one mark), but each mark keeps the exact pixel extent.
struct InkGrid {
    struct PixelBounds { var left: Int; var top: Int; var right: Int; var bottom: Int }

    let ink: [Bool]
    let columns: Int
    let rows: Int

    /// Groups of ink, in scan order: cells of `cell` x `cell` pixels that hold ink, 8-connected.
    func groups(cell: Int) -> [PixelBounds] {
        let cellColumns = (columns + cell - 1) / cell, cellRows = (rows + cell - 1) / cell
        // Per cell, the exact bounds of its ink pixels (nil: no ink).
        var bounds = [PixelBounds?](repeating: nil, count: cellColumns * cellRows)
        for row in 0..<rows {
            let base = row * columns
            for column in 0..<columns where ink[base + column] {
                let index = (row / cell) * cellColumns + column / cell
                if var known = bounds[index] {
                    known.left = min(known.left, column); known.right = max(known.right, column)
                    known.top = min(known.top, row); known.bottom = max(known.bottom, row)
                    bounds[index] = known
                } else {
                    bounds[index] = PixelBounds(left: column, top: row, right: column, bottom: row)
                }
            }
        }
        var seen = [Bool](repeating: false, count: bounds.count)
        var found: [PixelBounds] = []
        var stack: [Int] = []
        for start in bounds.indices where bounds[start] != nil && !seen[start] {
            seen[start] = true
            stack.append(start)
            var group = bounds[start]!
            while let index = stack.popLast() {
                if let part = bounds[index] {
                    group.left = min(group.left, part.left); group.right = max(group.right, part.right)
                    group.top = min(group.top, part.top); group.bottom = max(group.bottom, part.bottom)
                }
                let cellRow = index / cellColumns, cellColumn = index % cellColumns
                for dy in -1...1 {
                    for dx in -1...1 {
                        let r = cellRow + dy, c = cellColumn + dx
                        guard r >= 0, r < cellRows, c >= 0, c < cellColumns else { continue }
                        let neighbour = r * cellColumns + c
                        if !seen[neighbour], bounds[neighbour] != nil { seen[neighbour] = true; stack.append(neighbour) }
                    }
                }
            }
            found.append(group)
        }
        return found
    }
}
