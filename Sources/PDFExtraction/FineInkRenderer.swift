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
    /// Channel value (0-255) below which a pixel is ink: about 10% darker than white, so
    /// antialiasing fringes and near-white backgrounds do not count, light grey rules do.
    static let inkThreshold: UInt8 = 230
    /// A group of ink with no pixel darker than this (a quarter darker than white) is visible only
    /// when it is large: faint specks are JPEG ringing around a scan's text, not content.
    static let faintThreshold: UInt8 = 192
    /// Pixels (at 288 dpi: 4 pt²) a faint group needs to count, like a light grey fill does.
    static let faintMinimumPixels = 64
    /// Marks returned per page at most; past it, ink is grouped on a coarser grid.
    static let maximumMarks = 2000

    /// The ink inside `regions` (points, top-left origin) of the page; nil when the page cannot be
    /// rendered (no size, or a surface cannot be made).
    static func sample(_ regions: [Box], of page: PopplerPageHandle, width: Double, height: Double) -> InkSample? {
        guard width > 0, height > 0, width.isFinite, height.isFinite else { return nil }
        let pageBox = Box(x0: 0, y0: 0, x1: width, y1: height)
        let clipped = distinct(regions.compactMap { $0.intersection(pageBox) })
        guard let extent = Box.enclosing(clipped) else {
            return InkSample(regions: [], marks: [], pixelsPerPoint: pixelsPerPoint)
        }
        var scale = pixelsPerPoint
        if extent.area * scale * scale > Double(maximumPixels) {
            scale = max(0.5, (Double(maximumPixels) / extent.area).squareRoot())
        }
        let columns = Int((extent.width * scale).rounded(.up)), rows = Int((extent.height * scale).rounded(.up))
        guard columns > 0, rows > 0, columns * rows <= maximumPixels * 2,
              let surface = WhiteSurface.make(columns: columns, rows: rows) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard let context = cairo_create(surface) else { return nil }
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

        // Each region's pixels are read and grouped on their own: regions are margin strips, and
        // the surface around them (clipped white) is never looked at.
        var marks: [Box] = [], atEdges: [Box] = []
        let cell = max(1, Int(scale.rounded()))
        for region in clipped {
            let left = max(0, Int(((region.x0 - extent.x0) * scale).rounded(.down)))
            let right = min(columns, Int(((region.x1 - extent.x0) * scale).rounded(.up)))
            let top = max(0, Int(((region.y0 - extent.y0) * scale).rounded(.down)))
            let bottom = min(rows, Int(((region.y1 - extent.y0) * scale).rounded(.up)))
            guard left < right, top < bottom else { continue }
            var grid = InkGrid(columns: right - left, rows: bottom - top, cell: cell)
            for row in top..<bottom {
                let line = data + row * stride
                var column = left
                // White runs are passed over sixteen pixels at a time.
                while let found = RGB24Row.firstInk(UnsafeRawPointer(line), in: column..<right) {
                    column = found
                    // RGB24 is stored as 32-bit xRGB, little-endian: B, G, R, x; x is undefined.
                    let pixel = line + column * 4
                    let darkest = min(pixel[0], pixel[1], pixel[2])
                    if darkest < inkThreshold { grid.add(column: column - left, row: row - top, darkest: darkest) }
                    column += 1
                }
            }
            var groups = grid.groups()
            while groups.count > maximumMarks, grid.cell < max(grid.columns, grid.rows) {
                grid = grid.coarsened(by: 4)
                groups = grid.groups()
            }
            for group in groups where group.darkest < faintThreshold || group.pixels >= faintMinimumPixels {
                let edges = group.edges
                let mark = Box(x0: extent.x0 + (Double(left) + edges.left) / scale,
                               y0: extent.y0 + (Double(top) + edges.top) / scale,
                               x1: extent.x0 + (Double(left) + edges.right) / scale,
                               y1: extent.y0 + (Double(top) + edges.bottom) / scale)
                // Only ink at a region's edge can continue in another region.
                let touchesEdge = group.left == 0 || group.top == 0 || group.right == grid.columns - 1
                    || group.bottom == grid.rows - 1
                if touchesEdge { atEdges.append(mark) } else { marks.append(mark) }
            }
        }
        return InkSample(regions: clipped, marks: marks + joined(atEdges, within: 1 / scale), pixelsPerPoint: scale)
    }

    /// The regions without those that another one contains (a word's piece inside a margin strip).
    static func distinct(_ regions: [Box]) -> [Box] {
        var kept: [Box] = []
        for region in regions.sorted(by: { $0.area > $1.area }) where !kept.contains(where: { $0.contains(region) }) {
            kept.append(region)
        }
        return kept
    }

    /// Marks that touch (one pixel apart) joined into one: a drawing that crosses from one region
    /// into the next, or lies in the overlap of two, is one mark.
    static func joined(_ marks: [Box], within slack: Double) -> [Box] {
        var result: [Box] = []
        for mark in marks {
            var merged = mark
            var index = 0
            while index < result.count {
                if result[index].expanded(by: slack).intersects(merged) {
                    merged = merged.union(result.remove(at: index))
                    index = 0
                } else {
                    index += 1
                }
            }
            result.append(merged)
        }
        return result
    }
}

/// Ink pixels of a render, grouped into marks: pixels in neighbouring cells of a coarse grid belong
/// together (so the glyphs of a word are one mark), but each mark keeps the exact pixel extent.
/// Only the cells are kept, each with the bounds, count and darkest value of its ink pixels.
struct InkGrid {
    /// A group's extent in pixels, its ink pixel count and its darkest channel value.
    struct PixelBounds {
        var left: Int, top: Int, right: Int, bottom: Int
        var pixels = 1
        var darkest: UInt8
        /// The extent of the pixels at least a third covered (darker than `solidThreshold`), where
        /// the glyph's edge really is; nil when the group is all fringe.
        var solid: (left: Int, top: Int, right: Int, bottom: Int)?

        init(left: Int, top: Int, right: Int, bottom: Int, darkest: UInt8) {
            self.left = left; self.top = top; self.right = right; self.bottom = bottom
            self.darkest = darkest
            solid = darkest < InkGrid.solidThreshold ? (left, top, right, bottom) : nil
        }

        mutating func absorb(_ other: PixelBounds) {
            left = min(left, other.left); right = max(right, other.right)
            top = min(top, other.top); bottom = max(bottom, other.bottom)
            darkest = min(darkest, other.darkest)
            pixels += other.pixels
            if let theirs = other.solid {
                solid = solid.map { (min($0.left, theirs.left), min($0.top, theirs.top), max($0.right, theirs.right),
                                     max($0.bottom, theirs.bottom)) } ?? theirs
            }
        }

        /// The edges of the group in pixels, at the centres of its outermost solid pixels (or of
        /// any of its pixels, for a faint group): antialiased fringes make a glyph look a pixel wider.
        var edges: (left: Double, top: Double, right: Double, bottom: Double) {
            let bounds = solid ?? (left, top, right, bottom)
            return (Double(bounds.left) + 0.5, Double(bounds.top) + 0.5, Double(bounds.right) + 0.5, Double(bounds.bottom) + 0.5)
        }
    }

    /// Channel value below which a pixel is at least a third covered by ink.
    static let solidThreshold: UInt8 = 170

    let columns: Int
    let rows: Int
    /// Pixels per cell side.
    let cell: Int
    private let cellColumns: Int
    private let cellRows: Int
    private var cells: [PixelBounds?]

    init(columns: Int, rows: Int, cell: Int) {
        self.columns = columns
        self.rows = rows
        self.cell = cell
        cellColumns = (columns + cell - 1) / cell
        cellRows = (rows + cell - 1) / cell
        cells = [PixelBounds?](repeating: nil, count: cellColumns * cellRows)
    }

    /// Records an ink pixel.
    mutating func add(column: Int, row: Int, darkest: UInt8) {
        let index = (row / cell) * cellColumns + column / cell
        let pixel = PixelBounds(left: column, top: row, right: column, bottom: row, darkest: darkest)
        if cells[index] == nil { cells[index] = pixel } else { cells[index]!.absorb(pixel) }
    }

    /// The same ink on cells `factor` times larger.
    func coarsened(by factor: Int) -> InkGrid {
        var coarse = InkGrid(columns: columns, rows: rows, cell: cell * factor)
        for index in cells.indices {
            guard let part = cells[index] else { continue }
            let target = ((index / cellColumns) / factor) * coarse.cellColumns + (index % cellColumns) / factor
            if coarse.cells[target] == nil { coarse.cells[target] = part } else { coarse.cells[target]!.absorb(part) }
        }
        return coarse
    }

    /// Groups of ink, in scan order: the cells that hold ink, 8-connected.
    func groups() -> [PixelBounds] {
        var seen = [Bool](repeating: false, count: cells.count)
        var found: [PixelBounds] = []
        var stack: [Int] = []
        for start in cells.indices where cells[start] != nil && !seen[start] {
            seen[start] = true
            stack.append(start)
            var group: PixelBounds?
            while let index = stack.popLast() {
                if let part = cells[index] {
                    if group == nil { group = part } else { group!.absorb(part) }
                }
                let cellRow = index / cellColumns, cellColumn = index % cellColumns
                for dy in -1...1 {
                    for dx in -1...1 {
                        let r = cellRow + dy, c = cellColumn + dx
                        guard r >= 0, r < cellRows, c >= 0, c < cellColumns else { continue }
                        let neighbour = r * cellColumns + c
                        if !seen[neighbour], cells[neighbour] != nil { seen[neighbour] = true; stack.append(neighbour) }
                    }
                }
            }
            if let group { found.append(group) }
        }
        return found
    }
}
